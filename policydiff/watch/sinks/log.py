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


def append_log(path: Path, records: Iterable[dict[str, Any]]) -> None:
    """Append JSON lines (one record a line, flushed and synced) to the alert log."""
    lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    if not lines:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(lines)
        fh.flush()
        os.fsync(fh.fileno())


def read_log(path: Path) -> list[dict[str, Any]]:
    """The alert log's records (a torn last line from a crash is skipped)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def alert_records(alerts: Sequence[Alert], *, run: str, dry_run: bool = False) -> list[dict[str, Any]]:
    """JSON-lines records for alerts (event "change" or "failing"/"recovered")."""
    out = []
    for a in ordered(alerts):
        d = a.to_dict()
        d["event"] = "change" if isinstance(a, ChangeAlert) else a.state
        d["run"] = run
        if dry_run:
            d["dry_run"] = True
        out.append(d)
    return out


def delivery_records(deliveries: Sequence[Delivery], *, run: str) -> list[dict[str, Any]]:
    return [dict(asdict(d), event="delivery", run=run, time=now_iso()) for d in deliveries]
