"""The JSON-lines log of alerts and failed deliveries (``archive/alerts.jsonl``)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from policydiff.watch.alerts import Alert, ChangeAlert, now_iso, ordered
from policydiff.watch.sinks.apprise import Delivery


def append_log(path: Path, records: Iterable[dict[str, Any]], *, sync: bool = True) -> None:
    """Append whole JSON lines (one record a line, one write, synced) to the alert log.

    A torn last line (a short write, a killed run) is cut off first, so the new records never
    land on it; every record is one line (``json.dumps`` escapes newlines in strings).
    ``sync=False``: the caller syncs the log later (with a batch of files: ``fsutil.sync_paths``).
    """
    data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records).encode("utf-8")
    if not data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
    try:
        _repair_tail(fd)
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def _repair_tail(fd: int) -> None:
    """Cut a last line that has no newline (it can only be the remains of a torn write)."""
    size = os.fstat(fd).st_size
    if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
        return
    pos, step = size, 65536
    while pos > 0:
        start = max(0, pos - step)
        chunk = os.pread(fd, pos - start, start)
        nl = chunk.rfind(b"\n")
        if nl >= 0:
            os.ftruncate(fd, start + nl + 1)
            return
        pos = start
    os.ftruncate(fd, 0)


def read_tail(path: Path, max_bytes: int = 8 * 1024 * 1024) -> list[dict[str, Any]]:
    """The log's last records (at most ``max_bytes`` of it), oldest first; torn lines skipped."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - max_bytes))
            data = fh.read()
    except FileNotFoundError:
        return []
    lines = data.split(b"\n")
    if size > max_bytes:
        lines = lines[1:]  # the first may be cut
    out = []
    for line in lines:
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict):
            out.append(rec)
    return out


def logged_ids(path: Path) -> set[str]:
    """The ids of the alerts the log holds."""
    return {str(r["id"]) for r in read_log(path) if "id" in r}


def read_log(path: Path) -> list[dict[str, Any]]:
    """The alert log's records (a torn last line from a crash is skipped)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict):
            out.append(rec)
    return out


def alert_records(alerts: Sequence[Alert], *, run: str, dry_run: bool = False) -> list[dict[str, Any]]:
    """JSON-lines records for alerts (event "change" or "failing"/"recovered")."""
    return [alert_record(a.to_dict(), a, run=run, dry_run=dry_run) for a in ordered(alerts)]


def alert_record(body: dict[str, Any], alert: Alert, *, run: str, dry_run: bool = False) -> dict[str, Any]:
    """The log record of ``alert`` from its ``to_dict()`` ``body`` (copied, not changed)."""
    d = dict(body, event="change" if isinstance(alert, ChangeAlert) else alert.state, id=alert.ident, run=run)
    if dry_run:
        d["dry_run"] = True
    return d


def delivery_records(deliveries: Sequence[Delivery], *, run: str) -> list[dict[str, Any]]:
    return [dict(asdict(d), event="delivery", run=run, time=now_iso()) for d in deliveries]
