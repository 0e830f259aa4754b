"""Small file-system helpers: atomic writes so nothing is ever half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def atomic_write_bytes(path: str | Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    ``sync=False`` skips the fsync: the file is still never half-written for any reader (the
    rename is atomic, and a killed process loses nothing the kernel holds), but it is durable
    across a power loss only after a later ``sync_paths`` (a batch of files synced at once).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: str | Path, text: str, *, sync: bool = True) -> None:
    """Write UTF-8 text atomically (``sync``: as in ``atomic_write_bytes``)."""
    atomic_write_bytes(path, text.encode("utf-8"), sync=sync)


def sync_paths(paths: Iterable[str | Path], *, folders: bool = True) -> None:
    """Make files written with ``sync=False`` durable: fsync each (a missing one is skipped),
    then (``folders``) each of their folders once, so the renames that put them there are
    durable too; a path that is a folder is synced as one."""
    seen: dict[Path, None] = {}
    for path in paths:
        target = Path(path)
        try:
            fd = os.open(target, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if folders:
            seen[target.parent] = None
    for folder in seen:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
