"""The Atom 1.0 feed of alerts (``archive/feed.atom``), newest first, bounded."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from policydiff.fsutil import atomic_write_text
from policydiff.watch.alerts import Alert, ChangeAlert, ordered

ATOM_NS = "http://www.w3.org/2005/Atom"


def _q(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


def _entry(alert: Alert) -> ET.Element:
    e = ET.Element(_q("entry"))
    if isinstance(alert, ChangeAlert):
        ident = f"urn:policydiff:{alert.slug}:version:{alert.new.commit or alert.new.date}"
        term = "material" if alert.material else "change"
    else:
        ident = f"urn:policydiff:{alert.slug}:{alert.state}:{alert.time}"
        term = alert.state
    ET.SubElement(e, _q("id")).text = ident
    ET.SubElement(e, _q("title")).text = alert.title
    ET.SubElement(e, _q("updated")).text = alert.time
    author = ET.SubElement(e, _q("author"))
    ET.SubElement(author, _q("name")).text = "policydiff"
    ET.SubElement(e, _q("category"), term=term)
    for tag in alert.tags:
        ET.SubElement(e, _q("category"), term=f"tag:{tag}")
    if isinstance(alert, ChangeAlert) and (alert.report_html or alert.report_md):
        report = alert.report_html or alert.report_md or ""
        href = report if report.startswith(("http://", "https://")) else Path(report).resolve().as_uri()  # report_base_url
        ET.SubElement(e, _q("link"), rel="alternate", href=href)
    elif alert.location.startswith(("http://", "https://")):
        ET.SubElement(e, _q("link"), rel="related", href=alert.location)
    ET.SubElement(e, _q("summary")).text = alert.markdown()
    return e


def write_feed(path: Path, alerts: Sequence[Alert], *, max_entries: int = 200, title: str = "policydiff alerts",
               feed_id: str | None = None) -> None:
    """Add alerts to the Atom 1.0 feed (newest first, at most ``max_entries``), written atomically."""
    if not alerts:
        return
    ET.register_namespace("", ATOM_NS)
    old_entries: list[ET.Element] = []
    if path.exists():
        try:
            old_entries = ET.parse(path).getroot().findall(_q("entry"))
        except ET.ParseError:
            old_entries = []  # a broken feed is replaced, not trusted
    feed = ET.Element(_q("feed"))
    ET.SubElement(feed, _q("title")).text = title
    ET.SubElement(feed, _q("id")).text = feed_id or f"urn:policydiff:feed:{path.resolve().parent.name}"
    ET.SubElement(feed, _q("updated")).text = max(a.time for a in alerts)
    ET.SubElement(feed, _q("link"), rel="self", href=path.resolve().as_uri())
    ET.SubElement(feed, _q("generator")).text = "policydiff"
    new_entries = [_entry(a) for a in reversed(ordered(alerts))]  # material last inserted = first shown
    new_entries.reverse()
    for e in (new_entries + old_entries)[:max_entries]:
        feed.append(e)
    ET.indent(feed)
    text = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    atomic_write_text(path, '<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n")
