"""The feeds are rebuilt from the alert log only when it changed or a feed is not the file last
written (``sinks.feeds.write_all``'s stamp): a run that alerted nothing renders nothing again."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from policydiff.watch.alerts import FailureAlert
from policydiff.watch.sinks import feeds
from policydiff.watch.sinks.log import alert_records, append_log

ATOM = "{http://www.w3.org/2005/Atom}"


def _log(archive: Path, slug: str, since: str) -> None:
    alert = FailureAlert(slug, slug.upper(), f"https://example.com/{slug}", ["video"], "failing", "HTTP 503", 3, since)
    append_log(archive / "alerts.jsonl", alert_records([alert], run=since.replace(":", "")))


def _entries(path: Path) -> int:
    return len(ET.parse(path).getroot().findall(f"{ATOM}entry"))


def test_nothing_new_writes_nothing_and_a_new_record_or_a_touched_feed_rebuilds(tmp_path: Path) -> None:
    _log(tmp_path, "a", "2024-01-01T00:00:00+00:00")
    feeds.write_all(tmp_path)
    files = [tmp_path / "feed.atom", tmp_path / "feeds" / "a.atom", tmp_path / "feeds" / "tag-video.atom"]
    assert all(_entries(f) == 1 for f in files)
    before = {f: os.stat(f) for f in files}
    feeds.write_all(tmp_path)  # the log did not change: not even rendered
    assert {f: os.stat(f) for f in files} == before

    _log(tmp_path, "b", "2024-01-02T00:00:00+00:00")  # a new record: rebuilt
    feeds.write_all(tmp_path)
    assert _entries(tmp_path / "feed.atom") == 2 and _entries(tmp_path / "feeds" / "b.atom") == 1

    (tmp_path / "feeds" / "a.atom").unlink()  # deleted: rebuilt though the log is the same
    feeds.write_all(tmp_path)
    assert _entries(tmp_path / "feeds" / "a.atom") == 1

    good = (tmp_path / "feeds" / "b.atom").read_bytes()
    (tmp_path / "feeds" / "b.atom").write_bytes(b"x" * len(good))  # damaged, same size: rebuilt
    feeds.write_all(tmp_path)
    assert (tmp_path / "feeds" / "b.atom").read_bytes() == good

    feeds.write_all(tmp_path, max_entries=1)  # another bound: rebuilt
    assert _entries(tmp_path / "feed.atom") == 1
