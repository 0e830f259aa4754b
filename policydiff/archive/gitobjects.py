"""Git objects without a process per object: trees parsed and edited here, written through
GitPython's object database (gitdb's loose-object writer) or, inside a batch, into one pack
(``archive.gitpack``); read through one long-lived ``git cat-file --batch`` (``archive.gitcatfile``; or GitPython's odb
with ``POLICYDIFF_GIT_READER=gitpython``), trees and commits cached by id.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from policydiff.archive.gitbytes import commit_bytes, tree_bytes
from policydiff.archive.gitcatfile import GIT_MISSING, CatFile, require_git
from policydiff.archive.gitpack import PackBatch, fsync_path, write_loose
from policydiff.archive.gitrefs import HEX40, IDENTITY
from policydiff.errors import ArchiveError, GitNotFoundError

Entry = tuple[str, str, str]  # (mode, name, hexsha): mode as git prints it, "40000" for a folder


def _why(exc: BaseException) -> str:
    """The one line that says why git or the OS refused a write (not GitPython's whole report)."""
    stderr = getattr(exc, "stderr", None)
    lines = [ln.strip(" '\"") for ln in str(stderr or "").splitlines() if ln.strip(" '\"")]
    for line in lines:
        if line.lower().startswith(("error:", "fatal:")) or "stderr:" in line:
            line = line.split("stderr:", 1)[-1].strip(" '\"")
            return line.split(":", 1)[1].strip()[:200] if line.lower().startswith(("error:", "fatal:")) else line[:200]
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}"
    status = getattr(exc, "status", None)
    return f"git exited with status {status}" if status is not None else str(exc).splitlines()[0][:200]


def parse_tree(data: bytes) -> list[Entry]:
    """(mode, name, hexsha) of each entry of a raw git tree object."""
    out = []
    i = 0
    n = len(data)
    while i < n:
        sp = data.index(b" ", i)
        nul = data.index(b"\0", sp)
        out.append((data[i:sp].decode(), data[sp + 1 : nul].decode("utf-8", "surrogateescape"), data[nul + 1 : nul + 21].hex()))
        i = nul + 21
    return out


def order_key(name: bytes, is_dir: bool) -> bytes:
    return name + b"/" if is_dir else name


def hash_object(kind: bytes, data: bytes) -> str:
    return hashlib.sha1(b"%s %d\0" % (kind, len(data)) + data).hexdigest()


def import_gitpython() -> Any:
    """GitPython, imported only once git is known to be there (it runs ``git version`` when
    imported and raises ImportError without git)."""
    require_git()
    import os

    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    try:
        import git
    except ImportError as exc:  # a git that does not run
        raise GitNotFoundError(f"{GIT_MISSING} ({exc})") from None
    return git


class ObjectDB:
    """The objects of the bare repository ``git_dir``: read by id, written in-process."""

    def __init__(self, git_dir: Path, reader: str) -> None:
        self.git_dir = git_dir
        self.reader = reader
        self._cat: CatFile | None = None
        self._repo: Any = None
        self._batch: PackBatch | None = None
        self._unsynced: list[str] = []  # loose objects written but not yet fsynced
        self._cache: dict[str, tuple[bytes, bytes]] = {}  # trees and commits by id (immutable)
        self._trees: dict[str, dict[bytes, tuple[bool, bytes]]] = {}  # parsed trees by id

    @property
    def repo(self) -> Any:
        """The GitPython ``Repo`` (imported on first use: a read-only process never pays for it)."""
        if self._repo is None:
            git = import_gitpython()
            self._repo = git.Repo(str(self.git_dir))
        return self._repo

    def _obj(self, sha: str) -> tuple[bytes, bytes] | None:
        """(type, data) of an object by full hex id; None when it does not exist."""
        if not HEX40.fullmatch(sha):
            return None
        cached = self._cache.get(sha)
        if cached is not None:
            return cached
        found = self._read_object(sha)
        if found is not None and found[0] != b"blob":  # trees and commits are re-read often (the tip's)
            if len(self._cache) >= 256:
                self._cache.clear()
            self._cache[sha] = found
        return found

    def _read_object(self, sha: str) -> tuple[bytes, bytes] | None:
        if self._batch is not None:
            hit = self._batch.get(sha)
            if hit is not None:
                return hit
        if self.reader == "gitpython":
            from gitdb.exc import BadName, BadObject

            try:
                stream = self.repo.odb.stream(bytes.fromhex(sha))
            except (BadObject, BadName, ValueError):
                return None
            return stream.type, stream.read()
        if self._cat is None:
            self._cat = CatFile(self.git_dir)
        found = self._cat.get(sha)
        return (found[1], found[2]) if found is not None else None

    def tree_of(self, treeish: str) -> str | None:
        """The tree id of a commit or tree id."""
        obj = self._obj(treeish)
        if obj is None:
            return None
        kind, data = obj
        if kind == b"tree":
            return treeish
        if kind == b"commit" and data.startswith(b"tree "):
            return data[5:45].decode("ascii")
        return None

    def entry(self, treeish: str, path: str) -> tuple[str, str] | None:
        """(mode, hexsha) of ``path`` inside a commit or tree; None when absent."""
        tree = self.tree_of(treeish)
        if tree is None:
            return None
        parts = [p for p in path.split("/") if p]
        if not parts:
            return ("40000", tree)
        current: tuple[str, str] = ("40000", tree)
        for part in parts:
            if not current[0].startswith("4"):
                return None
            index = self._tree_index(current[1])
            raw = index.get(part.encode("utf-8", "surrogateescape")) if index is not None else None
            if raw is None:
                return None
            current = (raw[1][: raw[1].index(b" ")].decode(), raw[1][-20:].hex())
        return current

    def _tree_index(self, sha: str) -> dict[bytes, tuple[bool, bytes]] | None:
        """A tree's entries by name: (is a folder, the raw entry), in git's order; cached by id."""
        index = self._trees.get(sha)
        if index is not None:
            return index
        obj = self._obj(sha)
        if obj is None or obj[0] != b"tree":
            return None
        data = obj[1]
        index = {}
        i, n, find = 0, len(data), data.index
        while i < n:
            sp = find(b" ", i)
            nul = find(b"\0", sp)
            index[data[sp + 1 : nul]] = (data[i:sp] == b"40000", data[i : nul + 21])
            i = nul + 21
        self._remember_tree(sha, index)
        return index

    def _remember_tree(self, sha: str, index: dict[bytes, tuple[bool, bytes]]) -> None:
        if len(self._trees) >= 64:
            self._trees.clear()
        self._trees[sha] = index

    def path_blob(self, treeish: str, path: str) -> bytes | None:
        """The bytes of the file ``path`` in a commit or tree; None when absent."""
        hit = self.entry(treeish, path)
        if hit is None or hit[0].startswith("4"):
            return None
        obj = self._obj(hit[1])
        return obj[1] if obj is not None and obj[0] == b"blob" else None

    def path_entries(self, treeish: str, path: str = "") -> list[Entry]:
        """(mode, name, hexsha) of the folder ``path`` in a commit or tree ([] when absent)."""
        hit = self.entry(treeish, path)
        if hit is None or not hit[0].startswith("4"):
            return []
        obj = self._obj(hit[1])
        return parse_tree(obj[1]) if obj is not None and obj[0] == b"tree" else []

    def commit_info(self, sha: str) -> tuple[str, list[str], str, bytes] | None:
        """(tree, parents, committer line, message) of a commit."""
        obj = self._obj(sha)
        if obj is None or obj[0] != b"commit":
            return None
        head, _, message = obj[1].partition(b"\n\n")
        tree, parents, committer = "", [], ""
        for line in head.split(b"\n"):
            key, _, value = line.partition(b" ")
            if key == b"tree":
                tree = value.decode()
            elif key == b"parent":
                parents.append(value.decode())
            elif key == b"committer":
                committer = value.decode("utf-8", "replace")
        return tree, parents, committer, message

    # -- writing objects ----------------------------------------------------------------------

    def _write(self, kind: bytes, data: bytes) -> str:
        """Write one object in-process: into the batch's pack, else as a loose object
        (``gitpack.write_loose``: temporary file, fsync, rename; no git process)."""
        sha = hash_object(kind, data)
        if self._batch is not None:
            self._batch.add(kind, data, sha)
            return sha
        try:
            written = write_loose(self.git_dir / "objects", kind, data, sha)
        except OSError as exc:  # disk full, read-only, no permission
            raise ArchiveError(f"could not write to {self.git_dir}: {_why(exc)}; nothing was recorded "
                               "(disk full or read-only?)") from None
        if written:
            self._unsynced.append(sha)
        return sha

    def write_blob(self, data: bytes) -> str:
        return self._write(b"blob", data)

    def write_tree(self, entries: Sequence[Entry]) -> str:
        """A tree from (mode, name, hexsha) entries (any order; git's order is applied)."""
        return self._write(b"tree", tree_bytes(entries))

    def edit_tree(self, tree: str, changes: dict[str, tuple[str, str]]) -> str:
        """``tree`` with the entries in ``changes`` (name -> (mode, hexsha)) put in or replaced:
        the other entries are copied as raw bytes (a root tree of 1,000 folders is not re-made
        entry by entry for each version)."""
        old = self._tree_index(tree)
        if old is None:
            raise ArchiveError(f"{tree[:10]} is not a tree in {self.git_dir}")
        items = dict(old)
        for name, (mode, sha) in changes.items():
            raw = name.encode("utf-8", "surrogateescape")
            if not raw or b"/" in raw or b"\0" in raw or raw in (b".", b"..", b".git"):
                raise ArchiveError(f"bad tree entry name {name!r}")
            value = (mode.lstrip("0") == "40000", mode.lstrip("0").encode() + b" " + raw + b"\0" + bytes.fromhex(sha))
            if raw in items:
                items[raw] = value
                continue
            # a new name goes where git's order puts it (a folder sorts as if its name ended in "/")
            listed = list(items.items())
            at = bisect.bisect(listed, order_key(raw, value[0]), key=lambda kv: order_key(kv[0], kv[1][0]))
            listed.insert(at, (raw, value))
            items = dict(listed)
        new = self._write(b"tree", b"".join(entry for _d, entry in items.values()))
        self._remember_tree(new, items)
        return new

    def write_commit(self, tree: str, parents: Sequence[str], message: str, when: datetime,
                     author: tuple[str, str] = IDENTITY) -> str:
        """A commit (author = committer, both dated ``when``), serialized here (``commit_bytes``)."""
        return self._write(b"commit", commit_bytes(tree, parents, message, when, author))

    def sync_objects(self) -> None:
        """Make every object written so far durable (fsync loose objects and their folders; a
        batch's pack is landed by ``end_batch``). Called before any ref may name them."""
        if not self._unsynced:
            return
        objects = self.git_dir / "objects"
        for folder in {sha[:2] for sha in self._unsynced}:  # each object was fsynced as it was written
            fsync_path(objects / folder, directory=True)
        self._unsynced.clear()

    # -- batches ------------------------------------------------------------------------------

    def begin_batch(self) -> None:
        """From now on objects go to one pack (readable at once), landed by ``end_batch``."""
        if self._batch is None:
            self._batch = PackBatch(self.git_dir / "objects" / "pack")

    def end_batch(self, keep: bool = True) -> None:
        """Land the batch's pack (fsynced) — or, with ``keep=False``, throw it away."""
        batch, self._batch = self._batch, None
        if batch is None:
            return
        if keep:
            batch.finish()
            if self._cat is not None:  # a reader started before the pack existed must rescan
                self._cat.close()
                self._cat = None
        else:
            batch.discard()
            self._cache.clear()  # it may hold trees and commits that now do not exist
            self._trees.clear()

    @contextmanager
    def batch(self) -> Iterator[None]:
        self.begin_batch()
        try:
            yield
        except BaseException:
            self.end_batch(keep=False)
            raise
        self.end_batch()
