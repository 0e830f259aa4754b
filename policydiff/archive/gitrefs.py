"""Refs moved by compare-and-swap under git's own lock-file protocol (the one ``git update-ref``
uses), so plain git and policydiff can write the same repository at once: ``<ref>.lock`` is
created with O_CREAT|O_EXCL, the old value is re-read and checked under the lock, the new
value is written (and fsynced), a reflog line is appended, and the lock is renamed over the
ref. A lock older than ``STALE_LOCK_SECONDS`` was left by a killed process and is cleared.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Collection, Sequence
from pathlib import Path

from policydiff import regex_cache
from policydiff.errors import ArchiveError

ZERO = "0" * 40
ANY = "any"  # compare_and_swap's ``old`` meaning "whatever it is now"
STALE_LOCK_SECONDS = 10.0  # a ref lock older than this was left by a killed process
IDENTITY = ("policydiff", "policydiff@localhost")
HEX40 = regex_cache.compile(r"[0-9a-f]{40}")


def clear_stale_lock(path: Path) -> bool:
    """Remove the lock file ``path`` when it is older than STALE_LOCK_SECONDS (a killed process's
    leftover: a live writer holds a ref lock for milliseconds). True when it was removed or is gone;
    FileNotFoundError passes through when it vanished while looked at."""
    st = os.stat(path)
    if time.time() - st.st_mtime <= STALE_LOCK_SECONDS:
        return False
    again = os.stat(path)  # the same file still: a killed process's leftover
    if (again.st_ino, again.st_mtime) == (st.st_ino, st.st_mtime):
        os.unlink(path)
    return True


class Refs:
    """The refs of the bare repository ``git_dir``."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self._packed_cache: tuple[tuple[int, int, int], dict[str, str]] | None = None

    def read_ref(self, name: str, *, cached: bool = False) -> str | None:
        """A ref's commit: the loose file (always replaced whole, by rename) or packed-refs.
        ``cached``: packed-refs as last parsed while the file looks the same (same inode, time
        and size) — for a caller that checks the answer (a compare-and-swap never does)."""
        try:
            value = (self.git_dir / name).read_text().strip()
            if HEX40.fullmatch(value):
                return value
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            pass
        return self._packed(cached).get(name)

    def _packed(self, cached: bool) -> dict[str, str]:
        """packed-refs as a dict; ``cached``: not parsed again while the file looks the same (git
        and ``update_packed_refs`` replace it whole, by rename), so a run that reads the refs of
        200 policies parses it once, not 200 times. Only "looks": a coarse file clock and a
        reused inode can hide a rewrite, hence only for answers the caller checks."""
        path = self.git_dir / "packed-refs"
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return {}
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        if cached and self._packed_cache is not None and self._packed_cache[0] == key:
            return self._packed_cache[1]
        refs: dict[str, str] = {}
        try:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if not line.startswith(("#", "^")):
                        sha, _, ref = line.rstrip("\n").partition(" ")
                        refs.setdefault(ref, sha)  # the first line naming a ref is what git reads
        except FileNotFoundError:
            return {}
        # keyed by the stat taken before the read: a file replaced in between is read again next time
        self._packed_cache = (key, refs)
        return refs

    def _check_ref_name(self, name: str) -> None:
        if not name.startswith("refs/") or ".." in name or name.endswith((".lock", "/")) or "//" in name:
            raise ArchiveError(f"bad ref name {name!r}")

    def _lock(self, name: str, timeout: float) -> int | None:
        """Create ``<ref>.lock`` (O_CREAT|O_EXCL); wait up to ``timeout`` for another holder; clear
        a lock older than STALE_LOCK_SECONDS. The fd, or None when it stayed held."""
        path = self.git_dir / (name + ".lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        delay = 0.0005
        while True:
            try:
                return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                pass
            try:
                if clear_stale_lock(path):
                    continue
            except FileNotFoundError:
                continue
            if time.monotonic() >= deadline:
                return None
            time.sleep(delay)
            delay = min(delay * 2, 0.02)

    def compare_and_swap(self, ref: str, old: str | None, new: str, message: str, *,
                         timeout: float = STALE_LOCK_SECONDS + 2) -> bool:
        """Move ``ref`` from ``old`` (None: must not exist; ANY: whatever it is) to ``new``."""
        return self.update_refs([(ref, old, new)], message, timeout=timeout)

    def update_refs(self, updates: Sequence[tuple[str, str | None, str]], message: str, *,
                    timeout: float = STALE_LOCK_SECONDS + 2, durable: Collection[str] | None = None,
                    logged: Collection[str] | None = None) -> bool:
        """Several compare-and-swaps: every lock taken and every old value verified before any ref
        moves; then each is renamed into place in the order given (put the authoritative ref
        first). False (nothing moved) when a value differs or a lock stays held. ``durable``
        names the refs whose new value is fsynced and ``logged`` those that get a reflog line
        (default: all; a ref that is only a cache needs neither)."""
        for ref, _old, new in updates:
            self._check_ref_name(ref)
            if not HEX40.fullmatch(new):
                raise ArchiveError(f"{ref}: {new!r} is not an object id")
        taken: list[tuple[str, int]] = []
        try:
            for ref, old, _new in sorted(updates):  # one global order: two writers cannot deadlock
                fd = self._lock(ref, timeout)
                if fd is None:
                    return False
                taken.append((ref, fd))
                current = self.read_ref(ref)
                if old != ANY and current != old:
                    return False
            fds = dict(taken)
            olds = {}
            for ref, _old, new in updates:
                olds[ref] = self.read_ref(ref) or ZERO
                os.write(fds[ref], new.encode("ascii") + b"\n")
                if durable is None or ref in durable:
                    os.fsync(fds[ref])
            for ref, _old, new in updates:
                if logged is None or ref in logged:
                    self._reflog(ref, olds[ref], new, message)
                os.close(fds.pop(ref))
                os.replace(self.git_dir / (ref + ".lock"), self.git_dir / ref)
            taken = []
            return True
        finally:
            for ref, fd in taken:
                try:
                    os.close(fd)
                except OSError:
                    pass
                try:
                    os.unlink(self.git_dir / (ref + ".lock"))
                except FileNotFoundError:
                    pass

    def update_packed_refs(self, values: dict[str, str], *, timeout: float = 1.0) -> bool:
        """Set refs in ``packed-refs`` in one locked rewrite (git's protocol: ``packed-refs.lock``,
        O_EXCL, rename): many refs for the price of one file. Only for refs without a loose file
        (a loose ref shadows its packed value) whose exact value is not critical (no
        compare-and-swap, no reflog, no fsync): caches. False when the lock stayed held."""
        for ref, new in values.items():
            self._check_ref_name(ref)
            if not HEX40.fullmatch(new):
                raise ArchiveError(f"{ref}: {new!r} is not an object id")
        fd = self._lock("packed-refs", timeout)
        if fd is None:
            return False
        lock = self.git_dir / "packed-refs.lock"
        try:
            header = "# pack-refs with: peeled fully-peeled sorted \n"
            records: dict[str, list[str]] = {}
            last = None
            try:
                with open(self.git_dir / "packed-refs", encoding="utf-8") as fh:
                    for line in fh:
                        if line.startswith("#"):
                            header = line if "sorted" in line else line.rstrip("\n").rstrip() + " sorted \n"
                        elif line.startswith("^") and last is not None:
                            records[last].append(line)  # the peeled value of an annotated tag stays with it
                        elif line.strip():
                            last = line.rstrip("\n").split(" ", 1)[1]
                            records[last] = [line]
            except FileNotFoundError:
                pass
            for ref, new in values.items():
                records[ref] = [f"{new} {ref}\n"]
            body = header + "".join("".join(records[name]) for name in sorted(records))
            os.write(fd, body.encode("utf-8"))
            os.close(fd)
            fd = -1
            os.replace(lock, self.git_dir / "packed-refs")
            return True
        finally:
            if fd >= 0:
                os.close(fd)
                lock.unlink(missing_ok=True)

    def _reflog(self, ref: str, old: str, new: str, message: str) -> None:
        """Append git's reflog line (written under the ref's lock, as git does)."""
        path = self.git_dir / "logs" / ref
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            line = f"{old} {new} {IDENTITY[0]} <{IDENTITY[1]}> {int(time.time())} +0000\t{message.splitlines()[0] if message else ''}\n"
            with open(path, "ab") as fh:
                fh.write(line.encode("utf-8"))
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
