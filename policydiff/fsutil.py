"""Small file-system helpers: atomic writes so nothing is ever half-written."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future, ThreadPoolExecutor


def real_under(path: str | Path, root: str | Path) -> tuple[str, str | None]:
    """``path``'s real path (symlinks resolved), and the real path of ``root`` when the real path
    is *not* under it (None when it is): the one rule of what a path source may read.

    The root's real path is remembered while the folder it names is the same one (same device
    and inode), so a run of many path sources resolves it once, not once a source.

    >>> real_under("/", "/")
    ('/', None)
    >>> real_under("/", "/tmp")[1] == real_under("/tmp", "/")[0]
    True
    """
    real = real_path(path)
    real_root = _real_folder(str(root))
    inside = real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)
    return real, None if inside else real_root


def real_path(path: str | Path) -> str:
    """``os.path.realpath(path)`` with its folder's real path remembered (``_real_folder``): a
    file that is not itself a link is its folder's real path and its name, one ``lstat`` and
    one ``stat`` instead of one per component of the path.

    >>> real_path("/") == os.path.realpath("/") and real_path("/tmp/") == os.path.realpath("/tmp/")
    True
    """
    text = os.fspath(path)
    folder, name = os.path.split(text)
    if name in ("", ".", ".."):
        return os.path.realpath(text)
    try:
        if stat.S_ISLNK(os.lstat(text).st_mode):
            return os.path.realpath(text)
    except OSError:  # missing, or not reachable: realpath says what it can
        return os.path.realpath(text)
    return os.path.join(_real_folder(folder or os.curdir), name)


_REAL_FOLDERS: dict[str, tuple[int, int, str]] = {}


def _real_folder(folder: str) -> str:
    """``os.path.realpath(folder)``, from memory while ``folder`` still names the same folder."""
    try:
        st = os.stat(folder)
    except OSError:
        return os.path.realpath(folder)
    known = _REAL_FOLDERS.get(folder)
    if known is not None and known[:2] == (st.st_dev, st.st_ino):
        return known[2]
    real = os.path.realpath(folder)
    if len(_REAL_FOLDERS) >= 64:
        _REAL_FOLDERS.clear()
    _REAL_FOLDERS[folder] = (st.st_dev, st.st_ino, real)
    return real


def atomic_write_bytes(path: str | Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    ``sync=False`` skips the fsync: the file is still never half-written for any reader (the
    rename is atomic, and a killed process loses nothing the kernel holds), but it is durable
    across a power loss only after a later ``sync_paths`` (a batch of files synced at once).

    A run writes a few hundred files (reports, outbox entries, feeds): each is plain system
    calls on the file descriptor, and its folder is made only when the first try finds it
    missing (~40 µs of ~130 µs a file, against a buffered file object and a ``mkdir`` each time).
    """
    target = os.fspath(path)
    folder, name = os.path.split(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or os.curdir)
    except FileNotFoundError:
        if not folder:
            raise
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        try:
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@lru_cache(maxsize=1)
def _umask() -> int:
    """The umask files are made under, read at the first write: ``os.umask`` can only be read by
    setting it, for an instant (once, not twice a file). A program that changes its umask later
    calls ``_umask.cache_clear()``."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: str | Path, text: str, *, sync: bool = True) -> None:
    """Write UTF-8 text atomically (``sync``: as in ``atomic_write_bytes``)."""
    atomic_write_bytes(path, text.encode("utf-8"), sync=sync)


#: How many fsyncs ``sync_paths`` runs side by side.
SYNC_THREADS = 16


def sync_paths(paths: Iterable[str | Path], *, folders: bool = True, pool: Executor | None = None) -> None:
    """Make files written with ``sync=False`` durable: fsync each (a missing one is skipped),
    then (``folders``) each of their folders once, so the renames that put them there are
    durable too; a path that is a folder is synced as one.

    The fsyncs of a batch run side by side, in threads that have ended when this returns. One
    after another, each new file waits for a journal commit of its own (~4 ms each on a virtual
    disk: 50 alerts' entries took 0.2 s); side by side, the file system commits them together
    (50 took 11–31 ms). A caller that syncs many small batches passes a ``pool`` of its own,
    kept from one batch to the next: a pool made for each batch cost more CPU than its fsyncs
    (the compare host, syncing each answer's two reports: 34 ms of threads for 15 ms of fsyncs).
    """
    synced = _fsync_each(list(dict.fromkeys(Path(p) for p in paths)), missing_ok=True, pool=pool)
    if folders:
        _fsync_each(list(dict.fromkeys(p.parent for p in synced)), missing_ok=False, pool=pool)


class BackgroundSyncs:
    """Files synced in threads as they are written (``add``), side by side with the next ones
    while the caller goes on; ``wait`` waits for them all, their threads ended, and raises what a
    sync raised. A file missing by then is skipped, as in ``sync_paths``."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._syncs: list[Future[bool]] = []

    def add(self, path: str | Path) -> None:
        """Start syncing ``path`` (the first call starts a thread: call it once no fork follows)."""
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=SYNC_THREADS, thread_name_prefix="fsync")
        self._syncs.append(self._pool.submit(_fsync, Path(path), True))

    def wait(self) -> bool:
        """Wait for every sync started; whether any was."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        syncs, self._syncs = self._syncs, []
        for sync in syncs:
            sync.result()
        return bool(syncs)


def _fsync_each(paths: list[Path], *, missing_ok: bool, pool: Executor | None = None) -> list[Path]:
    """fsync each of ``paths``, side by side when there are several (in ``pool``, else in
    threads made for them); those that exist."""
    if len(paths) < 2:
        return [p for p in paths if _fsync(p, missing_ok)]
    from functools import partial

    sync = partial(_fsync, missing_ok=missing_ok)
    if pool is not None:
        found = list(pool.map(sync, paths))
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(SYNC_THREADS, len(paths)), thread_name_prefix="fsync") as threads:
            found = list(threads.map(sync, paths))
    return [p for p, ok in zip(paths, found, strict=True) if ok]


def _fsync(path: Path, missing_ok: bool) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        if missing_ok:
            return False
        raise
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


def cache_dir() -> Path:
    """Where policydiff keeps caches: ``$POLICYDIFF_CACHE_DIR``, else ``$XDG_CACHE_HOME/policydiff``,
    else ``~/.cache/policydiff``."""
    explicit = os.environ.get("POLICYDIFF_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policydiff"


def read_cache_file(path: Path, *, max_bytes: int = 64 << 20) -> bytes | None:
    """A cache file's bytes, or None when it is missing, larger than ``max_bytes``, or could have
    been written by someone else: owned by another user, or writable by anyone (a cache folder
    set to a shared place such as /tmp). A cache is only ever read back this way: what it holds
    steers the program, so only the user's own file is trusted. (Group-writable is allowed: a
    umask of 002 makes the user's own files so, in a group of their own.)"""
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if info.st_size > max_bytes or info.st_mode & 0o002:
                return None
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return None
            return fh.read(max_bytes + 1)
    except OSError:
        return None
