"""One check at a time per archive: ``check.lock``, held with flock for the whole run."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from policydiff.errors import LockedError
from policydiff.watch.alerts import now_iso

# Descriptors of the locks this process holds: a forked worker closes its copies
# (``release_inherited``), so only this process keeps the lock held.
_HELD: set[int] = set()


def release_inherited() -> None:
    """In a forked child: close the inherited lock descriptors (the parent keeps its lock)."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


@contextmanager
def run_lock(archive_dir: Path, *, wait: bool) -> Iterator[None]:
    """Hold ``check.lock`` for the run: exit at once (LockedError) or wait for the other run."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    path = archive_dir / "check.lock"
    fh: IO[str] = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise LockedError(
                f"another policydiff check is running on {archive_dir} ({holder}); it exits at once — use --wait to queue"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {now_iso()}\n")
        fh.flush()
        _HELD.add(fh.fileno())
        yield
    finally:
        _HELD.discard(fh.fileno())
        fh.close()  # closing releases the lock
