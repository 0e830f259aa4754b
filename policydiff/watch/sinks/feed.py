"""The Atom 1.0 feed of alerts (``archive/feed.atom``), newest first, bounded.

The feed is written from the alert log (``alerts.jsonl``), never parsed back: a damaged or
deleted feed is simply rebuilt, and no history lives only in it; one that would come out the
same is left as it is (no write: a run rebuilds every feed), and one written is not synced (it
is rebuilt from the log). Text is made XML-safe.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from policydiff.fsutil import atomic_write_text, real_path
from policydiff.text.safety import xml_safe
from policydiff.watch.alerts import Alert, ChangeAlert, alert_from_dict
from policydiff.watch.sinks.log import read_tail

FEED_EVENTS = ("change", "failing", "recovered")

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
    if isinstance(alert, ChangeAlert) and (alert.report_url or alert.report_html or alert.report_md):
        report = alert.report_url or alert.report_html or alert.report_md or ""
        href = report if report.startswith(("http://", "https://")) else Path(real_path(report)).as_uri()  # report_base_url; real_path: a folder resolved once, not once a feed
        ET.SubElement(e, _q("link"), rel="alternate", href=href)
    elif alert.location.startswith(("http://", "https://")):
        ET.SubElement(e, _q("link"), rel="related", href=alert.location)
    ET.SubElement(e, _q("summary"), type="html").text = alert.html()  # escaped HTML, as Atom's type="html" wants
    return e


def feed_records(log: Path) -> list[dict[str, Any]]:
    """The log's records a feed shows (changes, failing, recovered; no dry run), oldest first."""
    return [r for r in read_tail(log) if r.get("event") in FEED_EVENTS and not r.get("dry_run")]


def feed_alerts(records: Sequence[dict[str, Any]], *, max_entries: int = 200,
                made: dict[int, Alert] | None = None) -> list[Alert]:
    """The last ``max_entries`` alerts of ``feed_records`` (newest run first; within a run, the
    log's order: material changes first) — what every feed is written from, never a feed parsed back.
    ``made``: the alerts already made from these records (by the record's id), shared between calls."""
    chosen = sorted(records[-max_entries:], key=lambda r: str(r.get("run", "")), reverse=True)  # stable
    made = {} if made is None else made
    alerts: list[Alert] = []
    for r in chosen:
        alert = made.get(id(r))
        if alert is None:
            try:
                alert = made[id(r)] = alert_from_dict(r)
            except (TypeError, KeyError, ValueError):
                continue  # a record of an older shape: still in the log, not in the feed
        alerts.append(alert)
    return alerts


def write_feed(path: Path, alerts: Sequence[Alert], *, max_entries: int = 200, title: str = "policydiff alerts",
               feed_id: str | None = None, rendered: dict[int, ET.Element] | None = None) -> None:
    """Write the Atom 1.0 feed of ``alerts`` (already newest first, at most ``max_entries``), atomically.
    ``rendered``: each alert's entry (by the alert's id) rendered for another feed, reused here (an
    element may sit in several trees: each feed is indented and written before the next)."""
    if not alerts:
        return
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(_q("feed"))
    ET.SubElement(feed, _q("title")).text = title
    real = Path(real_path(path))  # path.resolve(): one lstat per component, for each feed of a run
    ET.SubElement(feed, _q("id")).text = xml_safe(feed_id or f"urn:policydiff:feed:{real.parent.name}")
    ET.SubElement(feed, _q("updated")).text = max(a.time for a in alerts)
    ET.SubElement(feed, _q("link"), rel="self", href=real.as_uri())
    ET.SubElement(feed, _q("generator")).text = "policydiff"
    for a in list(alerts)[:max_entries]:
        entry = rendered.get(id(a)) if rendered is not None else None
        if entry is None:
            entry = _entry(a)
            if rendered is not None:
                rendered[id(a)] = entry
        feed.append(entry)
    for el in feed.iter():
        if el.text:
            el.text = xml_safe(el.text)
        for k, v in el.attrib.items():
            el.set(k, xml_safe(v))
    ET.indent(feed)
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode", xml_declaration=False) + "\n"
    if _holds(path, text):
        return  # every run rebuilds each feed; one whose alerts did not change is not written again
    # not synced: a feed is derived from the (synced) alert log, and the next run rewrites one a
    # power loss left stale or empty (_holds); atomic all the same, so a reader never sees half
    atomic_write_text(path, text, sync=False)


def _holds(path: Path, text: str) -> bool:
    """Whether the file at ``path`` is exactly ``text`` (a missing or damaged one is not)."""
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False
