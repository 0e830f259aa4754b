"""An Atom feed per policy and per tag, beside the global ``feed.atom``.

``ARCHIVE/feeds/<slug>.atom`` carries one policy's alerts; ``ARCHIVE/feeds/tag-<tag>.atom`` every
source with that tag. Each is written like the global feed (``sinks.feed.write_feed``: newest
first, bounded, atomic), so a reader can follow one app or one business line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from policydiff.watch.alerts import Alert
from policydiff.watch.sinks.feed import feed_alerts, feed_records, write_feed

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

FEEDS_DIR = "feeds"
_UNSAFE = re.compile(r"[^\w.-]+")


def tag_file(tag: str) -> str:
    """The file name of a tag's feed (a tag is free text; its file name is not)."""
    return "tag-" + (_UNSAFE.sub("_", tag).strip("._") or "_") + ".atom"


def write_feeds(archive_dir: Path, alerts: Sequence[Alert], *, max_entries: int = 200,
                rendered: dict[int, ET.Element] | None = None) -> list[Path]:
    """Add each alert to its policy's feed and to the feed of each of its tags; the files written
    (``rendered``: as in ``write_feed``)."""
    folder = archive_dir / FEEDS_DIR
    groups: dict[Path, tuple[str, list[Alert]]] = {}
    for a in alerts:
        groups.setdefault(folder / f"{a.slug}.atom", (f"policydiff: {a.name} ({a.slug})", []))[1].append(a)
        for tag in a.tags:
            groups.setdefault(folder / tag_file(tag), (f"policydiff: tag {tag}", []))[1].append(a)
    archive_name = archive_dir.resolve().name
    for path, (title, group) in groups.items():
        feed_id = f"urn:policydiff:feed:{archive_name}:{path.stem}"
        write_feed(path, group, max_entries=max_entries, title=title, feed_id=feed_id, rendered=rendered)
    return list(groups)


def write_all(archive_dir: Path, *, max_entries: int = 200) -> None:
    """Rebuild ``feed.atom`` and every per-policy and per-tag feed from the alert log, read once
    (the per-policy and per-tag feeds from its last ``10 × max_entries`` alerts); an alert in
    several feeds is made from its record and rendered once."""
    records = feed_records(archive_dir / "alerts.jsonl")
    made: dict[int, Alert] = {}
    rendered: dict[int, ET.Element] = {}
    write_feed(archive_dir / "feed.atom", feed_alerts(records, max_entries=max_entries, made=made),
               max_entries=max_entries, rendered=rendered)
    write_feeds(archive_dir, feed_alerts(records, max_entries=10 * max_entries, made=made), max_entries=max_entries,
                rendered=rendered)

