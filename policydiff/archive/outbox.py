"""The outbox: alerts owed to people, kept beside the run state (``<archive>/state/outbox/``).

Two kinds of file, each written atomically (``fsutil.atomic_write_text``), one per item:

- an **intent** is written *before* fetched bytes land in the archive: "these bytes may become
  a version of this policy". A run that is killed after the version's commit lands finds the
  intent on its next start, sees the version in the archive and owes its alert; an intent
  whose version never landed is simply removed. ``check`` lands a run's versions at once (one
  batch), so it writes their intents at once too, in one file (``intent-run-<hash>.json``, one
  fsync), just before the batch lands (older runs wrote ``intent-<slug>-<sha>.json``, one each).
- an **entry** (``<kind>-<slug>-<hash>.json``) is one alert with its delivery targets: pending
  until every target took it, retried with backoff on later runs, then kept as ``done`` for
  ``KEEP_DONE_SECONDS`` so a recovered run never enqueues (and sends) the same alert twice.

Entries hold plain dicts; ``watch.outbox`` turns them into alerts and delivers them.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policydiff import regex_cache
from policydiff.errors import ArchiveError
from policydiff.fsutil import atomic_write_text

OUTBOX_DIR = Path("state") / "outbox"
KEEP_DONE_SECONDS = 30 * 86400.0
BACKOFF_FIRST = 300.0  # seconds before the first retry of a failed delivery; doubled each time
BACKOFF_MAX = 6 * 3600.0


def outbox_dir(archive_dir: Path) -> Path:
    return archive_dir / OUTBOX_DIR


RUNNER_FILE = Path("state") / ".runner"  # a dot-file: never synced, so each archive folder is one runner
TAKEOVER_SECONDS = BACKOFF_MAX * 2  # an alert its runner has owed this long is delivered by any runner


RUNNER_ENV = "POLICYDIFF_RUNNER"  # a stable name for a runner whose folder is fresh each time (a CI shard)
_RUNNER_NAME = regex_cache.compile(r"\A[A-Za-z0-9._-]{1,64}\Z")


def runner_id(archive_dir: Path) -> str:
    """This runner's id: ``$POLICYDIFF_RUNNER`` (e.g. ``shard-2`` in CI, where every job starts
    from an empty folder), else the archive folder's own (made on first use). An alert is
    delivered by the runner that recorded its version, even after the shared state carried it
    to the others."""
    named = os.environ.get(RUNNER_ENV, "")
    if named:
        if not _RUNNER_NAME.match(named):
            raise ArchiveError(f"{RUNNER_ENV}={named[:80]!r}: use 1 to 64 letters, digits, '.', '_' or '-'")
        return named
    path = archive_dir / RUNNER_FILE
    try:
        value = path.read_text(encoding="ascii").strip()
        if len(value) == 32 and all(c in "0123456789abcdef" for c in value):
            return value
    except (OSError, UnicodeDecodeError):
        pass
    value = os.urandom(16).hex()
    atomic_write_text(path, value + "\n")
    return value


def owner(entry: dict[str, Any], me: str, now: float) -> str:
    """Who delivers ``entry``: "mine" (this runner recorded it, or an entry from before runner
    ids), "theirs" (another runner owes it), "taken over" (its runner has not delivered it in
    TAKEOVER_SECONDS: this one does, flagged as a possible repeat)."""
    runner = entry.get("runner")
    if not runner or runner == me:
        return "mine"
    return "taken over" if now - float(entry.get("created") or now) > TAKEOVER_SECONDS else "theirs"


def _name(prefix: str, slug: str, key: str) -> str:
    return f"{prefix}-{slug}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.json"


def backoff(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failed delivery (1, 2, …)."""
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


# -- intents ------------------------------------------------------------------------------------


def write_intents(archive_dir: Path, run: str, items: list[dict[str, Any]]) -> Path | None:
    """Record, durably and in one write, the intents of a run's batch (each a dict: the ``slug``,
    the fetched bytes' ``raw_sha256``, their ``fetched_at``, and what names the source); None
    when there are none."""
    if not items:
        return None
    path = outbox_dir(archive_dir) / _name("intent", "run", run)
    body = {"intents": items, "created": time.time()}
    atomic_write_text(path, json.dumps(body, ensure_ascii=False, sort_keys=True) + "\n")
    return path


def intents(archive_dir: Path) -> list[tuple[Path, list[dict[str, Any]]]]:
    """Every intent file left behind with the intents it holds (an unreadable one holds none, so
    it can be removed)."""
    out = []
    for path, data in _files(archive_dir, "intent-"):
        held = data.get("intents") if "intents" in data else [data] if data else []
        out.append((path, [d for d in held if isinstance(d, dict)] if isinstance(held, list) else []))
    return out


def mark_recorded_elsewhere(archive_dir: Path, slug: str, ident: str, now: float) -> None:
    """The version behind change alert ``ident`` was recorded by another runner first (a sync found
    the same text there): the alert is a repeat of that runner's. Not sent when still pending;
    flagged ``repeat`` either way."""
    path = entry_path(archive_dir, "change", slug, ident)
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(entry, dict):
        return
    entry["repeat"] = True
    if entry.get("status") == "pending":
        entry.update(status="done", done_at=now, note="another runner recorded this version first: not sent")
    else:
        entry["note"] = "a repeat: another runner recorded and alerted this version too"
    save(archive_dir, dict(entry, file=path.name))


def remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


# -- entries ------------------------------------------------------------------------------------


def entry_path(archive_dir: Path, kind: str, slug: str, ident: str) -> Path:
    return outbox_dir(archive_dir) / _name(kind, slug, ident)


def enqueue(archive_dir: Path, ident: str, kind: str, slug: str, alert: dict[str, Any], now: float, *,
            logged: bool = False, done_note: str | None = None, runner: str | None = None,
            sync: bool = True) -> dict[str, Any] | None:
    """Add one alert (idempotent: an alert already in the outbox, pending or done, is not added again).

    Returns the new entry, or None when it was already there. ``logged``: the caller puts it in
    the alert log itself (``watch.outbox.AlertBatch``, covered by the run's intents until then);
    ``done_note``: it is owed to no one (no route), so it is stored done, with that note;
    ``sync=False``: the caller makes the file durable later (``fsutil.sync_paths``).
    """
    path = entry_path(archive_dir, kind, slug, ident)
    if path.exists() and read_entry(path) is not None:  # one torn by a crash is written again
        return None
    entry = {"id": ident, "kind": kind, "slug": slug, "alert": alert, "created": now, "status": "pending",
             "targets": {}, "logged": logged, "file": path.name, "runner": runner or runner_id(archive_dir)}
    if done_note is not None:
        entry.update(status="done", done_at=now, note=done_note)
    save(archive_dir, entry, sync=sync)
    return entry


def save(archive_dir: Path, entry: dict[str, Any], *, sync: bool = True) -> None:
    path = outbox_dir(archive_dir) / entry["file"]
    atomic_write_text(path, json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n", sync=sync)


def read_entry(path: Path) -> dict[str, Any] | None:
    """The entry stored at ``path``, or None when it is missing or unreadable (torn by a crash)."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) and isinstance(entry.get("alert"), dict) and "id" in entry else None


def entries(archive_dir: Path, *, status: str | None = "pending") -> list[dict[str, Any]]:
    """Entries, oldest first (``status`` None: all); unreadable files are set aside, never silently lost."""
    out = []
    # an entry's top-level "status" is written by ``save`` (sort_keys, ": "): a file that does not
    # hold the wanted one anywhere is not parsed (each run reads the outbox, done entries included)
    needle = json.dumps({"status": status})[1:-1].encode() if status is not None else None
    for path, d in _files(archive_dir, ("change-", "failure-"), needle):
        if not d or not isinstance(d.get("alert"), dict) or "id" not in d:
            try:
                path.replace(path.with_suffix(".corrupt"))
            except OSError:
                pass
            continue
        d["file"] = path.name
        if status is None or d.get("status") == status:
            out.append(d)
    out.sort(key=lambda d: (d.get("created", 0.0), d["id"]))
    return out


def pending_by_slug(archive_dir: Path) -> dict[str, int]:
    """How many alerts each policy still owes (for ``policydiff list``)."""
    counts: dict[str, int] = {}
    for e in entries(archive_dir):
        counts[e["slug"]] = counts.get(e["slug"], 0) + 1
    return counts


def prune(archive_dir: Path, now: float) -> None:
    """Forget delivered entries older than KEEP_DONE_SECONDS."""
    for e in entries(archive_dir, status="done"):
        if now - float(e.get("done_at") or e.get("created") or now) > KEEP_DONE_SECONDS:
            remove(outbox_dir(archive_dir) / e["file"])


_STATUS_MARKS = tuple(json.dumps({"status": s})[1:-1].encode() for s in ("pending", "done"))


def _files(archive_dir: Path, prefix: str | tuple[str, ...],
           needle: bytes | None = None) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Each file of the outbox whose name starts with ``prefix`` (and whose bytes hold ``needle``,
    when given; one that cannot be read or parsed comes as ``{}``)."""
    folder = outbox_dir(archive_dir)
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return
    for name in names:
        if not name.startswith(prefix) or not name.endswith(".json"):
            continue
        path = folder / name
        try:
            raw = path.read_bytes()
            if needle is not None and needle not in raw and any(m in raw for m in _STATUS_MARKS if m != needle):
                continue  # it has another status (if it cannot be read, the pass for that one sets it aside)
            data = json.loads(raw.decode("utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, ValueError):
            data = {}
        yield path, data if isinstance(data, dict) else {}
