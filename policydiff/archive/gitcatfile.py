"""One long-lived ``git cat-file --batch`` (``CatFile``), the reader of git objects
``archive.gitobjects`` uses by default: a read costs a pipe round trip, not a process; a damaged
object stops it with an error that says how to find the object, never a shorter text.

A forked child (``check``'s compare workers) lets go of its copies of the pipes at once: a
child holding the write end would keep git waiting for more, and the parent's ``close`` with it.
"""

from __future__ import annotations

import os
import subprocess
import weakref
from pathlib import Path

from policydiff.errors import ArchiveError, GitNotFoundError

TYPES = {b"commit", b"tree", b"blob", b"tag"}

GIT_MISSING = ("git is not installed or not on PATH; policydiff keeps its archive in a git repository "
               "(the archive is untouched): install git (e.g. `apt-get install git`) and run again")


def require_git() -> None:
    """Raise GitNotFoundError (one line, how to fix) unless a ``git`` program is on PATH."""
    import shutil

    if shutil.which("git") is None:
        raise GitNotFoundError(GIT_MISSING)


class CatFile:
    """One long-lived ``git cat-file --batch``: a read costs a pipe round trip, not a process."""

    def __init__(self, git_dir: Path) -> None:
        require_git()
        try:
            self.proc = subprocess.Popen(
                ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise GitNotFoundError(GIT_MISSING) from None
        self.git_dir = git_dir
        _LIVE.add(self)

    def _stopped(self, why: object) -> ArchiveError:
        """cat-file dies on a damaged object: say so, and how to find it (nothing was written)."""
        return ArchiveError(f"git cat-file stopped ({why}): a damaged object in {self.git_dir}? "
                            f"`git --git-dir {self.git_dir} fsck` names it; nothing was written")

    def _body(self, header: list[bytes]) -> bytes:
        """The object's data after its header; a body cut short (git died streaming a damaged
        object) is an error, never a shorter text."""
        assert self.proc.stdout is not None
        size = int(header[2])
        data = self.proc.stdout.read(size + 1)
        if len(data) != size + 1:
            raise self._stopped(f"object {header[0].decode('ascii', 'replace')[:10]} cut short")
        return data[:size]

    def get(self, rev: str) -> tuple[str, bytes, bytes] | None:
        """(hexsha, type, data) of any name cat-file understands; None when it names nothing."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if "\n" in rev:
            return None
        try:
            self.proc.stdin.write(rev.encode("utf-8", "surrogateescape") + b"\n")
            self.proc.stdin.flush()
            header = self.proc.stdout.readline()
        except (BrokenPipeError, OSError) as exc:
            raise self._stopped(exc) from None
        parts = header.split()
        if len(parts) != 3 or parts[1] not in TYPES:
            if not header:
                raise self._stopped("unexpectedly")
            return None
        return parts[0].decode("ascii"), parts[1], self._body(parts)

    def get_many(self, revs: list[str], chunk: int = 256) -> list[tuple[str, bytes, bytes] | None]:
        """Like ``get`` for many names, pipelined: a chunk of requests (well under a pipe buffer)
        is written at once, then its answers read, so a thousand reads cost no thousand round trips."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        out: list[tuple[str, bytes, bytes] | None] = []
        for start in range(0, len(revs), chunk):
            part = revs[start : start + chunk]
            asked = [r for r in part if "\n" not in r]
            try:
                self.proc.stdin.write(b"".join(r.encode("utf-8", "surrogateescape") + b"\n" for r in asked))
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError) as exc:
                raise self._stopped(exc) from None
            for rev in part:
                if "\n" in rev:
                    out.append(None)
                    continue
                header = self.proc.stdout.readline()
                if not header:
                    raise self._stopped("unexpectedly")
                fields = header.split()
                if len(fields) != 3 or fields[1] not in TYPES:
                    out.append(None)
                    continue
                out.append((fields[0].decode("ascii"), fields[1], self._body(fields)))
        return out

    def close(self) -> None:
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()

    def __del__(self) -> None:
        if getattr(self, "proc", None) is not None and self.proc.poll() is None:
            self.close()


_LIVE: weakref.WeakSet[CatFile] = weakref.WeakSet()  # this process's readers


def _release_in_child() -> None:
    """After a fork, in the child: point its copies of every reader's pipes at /dev/null (not a
    bare close: the pipe objects still own those descriptor numbers, and close them some day)."""
    readers = list(_LIVE)
    _LIVE.clear()
    if not readers:
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for cat in readers:
            for stream in (cat.proc.stdin, cat.proc.stdout):
                try:
                    if stream is not None:
                        os.dup2(null, stream.fileno(), inheritable=False)
                except (OSError, ValueError):  # already closed
                    pass
    finally:
        os.close(null)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_release_in_child)

