"""An Atom feed per policy and per tag, beside the global ``feed.atom``.

``ARCHIVE/feeds/<slug>.atom`` carries one policy's alerts; ``ARCHIVE/feeds/tag-<tag>.atom`` every
source with that tag. Each is written like the global feed (``sinks.feed.write_feed``: newest
first, bounded, atomic), so a reader can follow one app or one business line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from policydiff import regex_cache
from policydiff.fsutil import atomic_write_text
from policydiff.version import __version__
from policydiff.watch.alerts import Alert
from policydiff.watch.sinks.feed import feed_alerts, feed_records, write_feed

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

FEEDS_DIR = "feeds"
_UNSAFE = regex_cache.compile(r"[^\w.-]+")


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
    several feeds is made from its record and rendered once.

    Nothing is rebuilt when nothing it is made from changed since the last time (``STAMP``: the
    log's size and time, ``max_entries``, this version of policydiff) and every feed written then
    is still the file it wrote (same size, time and inode: one deleted, damaged or replaced is
    rebuilt): a run that alerted nothing does not render every alert of the log again.
    """
    log = archive_dir / "alerts.jsonl"
    stamp = archive_dir / STAMP
    source = _source(log, max_entries)
    if source is None or _still_written(archive_dir, stamp, source):
        return
    records = feed_records(log)
    made: dict[int, Alert] = {}
    rendered: dict[int, ET.Element] = {}
    global_feed = archive_dir / "feed.atom"
    write_feed(global_feed, feed_alerts(records, max_entries=max_entries, made=made), max_entries=max_entries,
               rendered=rendered)
    paths = write_feeds(archive_dir, feed_alerts(records, max_entries=10 * max_entries, made=made),
                        max_entries=max_entries, rendered=rendered)
    files = {}
    for path in [global_feed, *paths]:
        try:
            files[str(path.relative_to(archive_dir))] = _identity(path)
        except OSError:
            continue
    if _source(log, max_entries) == source:  # the log did not move while the feeds were made from it
        # not synced: losing it costs one rebuild
        atomic_write_text(stamp, json.dumps({"source": source, "files": files}, sort_keys=True) + "\n", sync=False)


STAMP = Path("state") / ".feeds-written"  # what the feeds were last made from, and the files then written: a
# dot-file of state/, never synced (each archive folder stamps its own feeds) and not among the feeds people read


def _source(log: Path, max_entries: int) -> list[object] | None:
    """What the feeds are made from: the log's size and time, the bound, this policydiff."""
    try:
        st = log.stat()
    except FileNotFoundError:
        return [0, 0, max_entries, __version__]
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, max_entries, __version__]


def _identity(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _still_written(archive_dir: Path, stamp: Path, source: list[object]) -> bool:
    """Whether the stamp says the feeds were made from ``source`` and each is still that file."""
    try:
        held = json.loads(stamp.read_text(encoding="utf-8"))
        if held.get("source") != source or not isinstance(held.get("files"), dict):
            return False
        return all(_identity(archive_dir / name) == ident for name, ident in held["files"].items())
    except (OSError, ValueError, AttributeError):
        return False

