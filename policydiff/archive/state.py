"""Run state kept beside the version store (``<archive>/state/``): when each policy was last
checked and what came of it, and what the scheduled check learnt about each source.

One store: ``state/checks.json`` holds every source's state; ``policydiff list`` and
``policydiff check`` both read it. Writes are atomic (``fsutil.atomic_write_text``).
"""

from __future__ import annotations

import fcntl
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from policydiff.fsutil import atomic_write_text
from policydiff.text.safety import redact_urls

STATE_FILE = Path("state") / "checks.json"


@dataclass
class SourceState:
    """What the last runs learnt about one source."""

    last_check: float = 0.0  # epoch seconds of the last attempt
    last_ok: float | None = None
    sha256: str | None = None  # of the raw bytes behind the latest recorded version
    version: str | None = None  # that version's commit
    failures: int = 0  # consecutive failed checks
    failing_since: str | None = None
    failing_alerted: bool = False  # the "failing" alert went out for this streak
    last_error: str = ""
    last_result: str = ""  # "recorded", "unchanged", "refused: …" (for `policydiff list`)


def state_path(archive_dir: Path) -> Path:
    return archive_dir / STATE_FILE


def load_state(archive_dir: Path) -> dict[str, SourceState]:
    """Every source's state, or an empty state when there is none (a corrupt file is set aside)."""
    path = state_path(archive_dir)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        sources = raw.get("sources", {}) if isinstance(raw, dict) else None
        if not isinstance(sources, dict):
            raise ValueError("not a state file")
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        try:
            path.replace(path.with_suffix(".corrupt.json"))
        except OSError:
            pass
        return {}
    out: dict[str, SourceState] = {}
    for slug, d in sources.items():
        if isinstance(d, dict):
            st = _typed_state(d)
            if st is not None:
                out[slug] = st
    return out


# The type each field must have (a number may be an int in JSON); a source whose state has the
# wrong shape is forgotten (checked again as if new), never a traceback in every later run.
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "last_check": (int, float), "last_ok": (int, float, type(None)), "sha256": (str, type(None)),
    "version": (str, type(None)), "failures": (int,), "failing_since": (str, type(None)),
    "failing_alerted": (bool,), "last_error": (str,), "last_result": (str,),
}


def _typed_state(d: dict[str, Any]) -> SourceState | None:
    values = {k: v for k, v in d.items() if k in _FIELD_TYPES}
    for k, v in values.items():
        kinds = _FIELD_TYPES[k]
        if not isinstance(v, kinds) or (isinstance(v, bool) and bool not in kinds):
            return None
        if isinstance(v, float) and not math.isfinite(v):
            return None
    return SourceState(**values)


def save_state(archive_dir: Path, state: dict[str, SourceState]) -> None:
    """Write every source's state (atomically, one writer at a time)."""
    with locked(archive_dir):
        _write(archive_dir, state)


def _write(archive_dir: Path, state: dict[str, SourceState]) -> None:
    # a message may quote a URL: what is written never holds the credentials it carried
    # vars(): every field (a flat dataclass of scalars), without asdict's deep copy of each value
    data = {"version": 1, "sources": {slug: {k: redact_urls(v) if isinstance(v, str) else v for k, v in vars(s).items()}
                                      for slug, s in sorted(state.items())}}
    atomic_write_text(state_path(archive_dir), json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


@contextmanager
def locked(archive_dir: Path) -> Iterator[None]:
    """Hold ``state/.lock``: one writer of checks.json at a time."""
    lock_path = archive_dir / "state" / ".lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        yield


_DEFERRED: set[Path] = set()  # archives whose scheduled check writes every source's state itself


@contextmanager
def notes_deferred(archive_dir: Path) -> Iterator[None]:
    """While a check run (which saves the whole state itself) holds the archive, a snapshot's note
    is not written one by one: rewriting checks.json per source made a first run quadratic."""
    key = archive_dir.resolve()
    _DEFERRED.add(key)
    try:
        yield
    finally:
        _DEFERRED.discard(key)


def note_check(archive_dir: Path, slug: str, result: str, when: datetime | None = None) -> None:
    """Remember when a policy was last checked and what came of it; never fails the caller
    (a state note is a convenience)."""
    if _DEFERRED and archive_dir.resolve() in _DEFERRED:
        return
    moment = (when or datetime.now(timezone.utc)).timestamp()
    try:
        _update(archive_dir, slug, moment, result)
    except OSError:
        pass


def note_checks(archive_dir: Path, notes: dict[str, tuple[str, datetime | None]]) -> None:
    """Many policies' notes (a batch's) in one read and one write of checks.json; never fails.
    Under ``notes_deferred`` (a check run, which saves every source's state itself) nothing is written."""
    if _DEFERRED and archive_dir.resolve() in _DEFERRED:
        return
    try:
        _update_many(archive_dir, {slug: ((when or datetime.now(timezone.utc)).timestamp(), result)
                                   for slug, (result, when) in notes.items()})
    except OSError:
        pass


def _update(archive_dir: Path, slug: str, moment: float, result: str) -> None:
    _update_many(archive_dir, {slug: (moment, result)})


def _update_many(archive_dir: Path, notes: dict[str, tuple[float, str]]) -> None:
    with locked(archive_dir):
        state = load_state(archive_dir)
        for slug, (moment, result) in notes.items():
            st = state.setdefault(slug, SourceState())
            st.last_check, st.last_result = moment, result
        _write(archive_dir, state)


def last_check(st: SourceState | None) -> dict[str, Any]:
    """{"last_check": ISO time, "result": …} of a source's state, {} when never checked."""
    if st is None or not st.last_check:
        return {}
    when = datetime.fromtimestamp(st.last_check, timezone.utc).replace(microsecond=0).isoformat()
    return {"last_check": when, "result": st.last_result or None}
