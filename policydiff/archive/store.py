"""The version store: a bare git repository read and written in-process.

Objects are written here as loose objects (``archive.gitpack.write_loose``: zlib, a temporary
file, fsync, rename; no ``git hash-object``) and their folders fsynced before any ref can name
them; inside a batch they are appended to ONE pack instead (``archive.gitobjects.PackBatch``),
landed when the batch does. Trees and commits are serialized here (``gitobjects.tree_bytes``,
``commit_bytes``); a root tree of 1,000 folders is edited as raw bytes, not re-made entry by
entry. A snapshot starts at most two git processes (the reader below, and ``git log`` only to
repair a cache after a crash); ``bench/bench_git_processes.py`` counts them. Refs move only
by compare-and-swap under git's lock-file protocol (``archive.gitrefs``).

Reads: objects through one long-lived ``git cat-file --batch`` (the same reader GitPython keeps,
without its ~70 ms import, a third of an unchanged snapshot's CLI budget), or through
GitPython's odb with ``POLICYDIFF_GIT_READER=gitpython``; tree paths are walked here, and
parsed trees and commits are cached by id (they never change).

The git subprocesses that remain, each for a reason:
  * ``git init`` (once per archive: the skeleton, templates and config as git makes them);
  * ``git gc --auto`` (repacking and pruning: git's own heuristics, asked only near their thresholds;
    nothing in-process deltifies);
  * ``git fsck --strict`` (the point is git's own verdict);
  * ``git log -1 -- PATH`` (a path-limited history walk; only to repair a cache after a crash);
  * ``git cat-file --batch`` (one per process, the reader described above: ``archive.gitcatfile``);
  * ``git fetch``/``push`` in ``archive.remote``, ``rev-list``/``diff-tree`` in ``archive.remote_replay`` (git's transport and walks).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Collection, Sequence
from datetime import datetime
from pathlib import Path

from policydiff.archive.gitcatfile import GIT_MISSING, CatFile
from policydiff.archive.gitobjects import Entry, ObjectDB, parse_tree
from policydiff.archive.gitrefs import ANY, HEX40, STALE_LOCK_SECONDS, ZERO, Refs
from policydiff.archive.layout import BRANCH, POLICY_REFS
from policydiff.errors import ArchiveError, GitNotFoundError

__all__ = ["ANY", "STALE_LOCK_SECONDS", "ZERO", "GitStore", "parse_tree"]
GC_AUTO, GC_PACK_LIMIT = 6700, 20  # `git gc --auto`'s thresholds here: loose objects, packs
HEXDIGITS = frozenset("0123456789abcdef")
REPO_CONFIG = {"core.logAllRefUpdates": "always", "core.fsync": "committed",
               "gc.auto": "0",  # git never packs behind our back; gc_auto() asks for it after a run
               "receive.denyNonFastForwards": "true"}


class GitStore(ObjectDB):
    """Objects and refs of the bare repository ``git_dir``."""

    def __init__(self, git_dir: str | Path, *, reader: str | None = None) -> None:
        super().__init__(Path(git_dir), reader or os.environ.get("POLICYDIFF_GIT_READER") or "catfile")
        self.refs = Refs(self.git_dir)
        self._verified: set[str] = set()

    @classmethod
    def init_bare(cls, path: str | Path, config: dict[str, str] | None = None) -> GitStore:
        """Create a bare repository with branch ``main`` (GitPython runs ``git init``: once per archive)."""
        from policydiff.archive.gitobjects import import_gitpython

        git = import_gitpython()
        repo = git.Repo.init(str(path), bare=True, mkdir=True, initial_branch="main")
        if config:
            with repo.config_writer() as cw:
                for key, value in config.items():
                    section, option = key.rsplit(".", 1)
                    cw.set_value(section, option, value)
        repo.close()
        return cls(path)

    @staticmethod
    def create(git_dir: Path, readme: str, when: datetime) -> None:
        """Create the bare repository atomically (a half-made one never sits at ``git_dir``), with a
        first commit holding README.md."""
        import shutil

        base = git_dir.parent
        base.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".versions.", dir=base))
        try:
            store = GitStore.init_bare(tmp, REPO_CONFIG)
            tree = store.write_tree([("100644", "README.md", store.write_blob(readme.encode()))])
            commit = store.write_commit(tree, [], "Archive created by policydiff\n", when)
            if not store.update_refs([(BRANCH, None, commit)], "policydiff init"):
                raise ArchiveError(f"{tmp}: could not create the branch main")
            store.close()
            try:
                os.rename(tmp, git_dir)
            except OSError:
                if not (git_dir / "HEAD").exists():
                    raise
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)

    def close(self) -> None:
        """Stop the reader process, drop an unfinished batch (also done at exit)."""
        if self._batch is not None:
            self._batch.discard()
            self._batch = None
        if self._cat is not None:
            self._cat.close()
            self._cat = None
        if self._repo is not None:
            self._repo.close()
            self._repo = None

    # -- the interface the archive's modules use ------------------------------------------------

    def read_ref(self, name: str, *, cached: bool = False) -> str | None:
        return self.refs.read_ref(name, cached=cached)

    def tip(self) -> str:
        """The commit ``main`` names, verified readable (once per commit): an archive whose tip is
        missing or damaged is refused for reading and writing, with how to recover."""
        tip = self.read_ref(BRANCH)
        if tip is None:
            raise ArchiveError(f"{self.git_dir}: the branch main is missing; is this a policydiff archive?")
        if tip not in self._verified:
            try:
                obj = self.object(tip)
                tree = self.object(f"{tip}^{{tree}}") if obj is not None and obj[1] == "commit" else None
            except GitNotFoundError:
                raise
            except ArchiveError:  # git cat-file dies on a corrupt loose object
                self.close()
                tree = None
            if tree is None or tree[1] != "tree":
                git = f"git --git-dir {self.git_dir}"
                raise ArchiveError(
                    f"main points at {tip[:10]}, which is missing or damaged, so nothing is written on top of it; "
                    f"recover: `{git} reflog main` lists earlier tips, `{git} update-ref {BRANCH} <good commit> {tip}` "
                    f"moves main back to one `{git} fsck` accepts (or restore versions.git from a backup or clone)")
            self._verified.add(tip)
        return tip

    def resolve(self, rev: str) -> str | None:
        """The object id ``rev`` names: an id, ``X^{tree}``, ``X:path`` (X an id), else git's answer."""
        if HEX40.fullmatch(rev):
            return rev
        if rev.endswith("^{tree}") and HEX40.fullmatch(rev[:-7]):
            return self.tree_of(rev[:-7])
        commit, sep, path = rev.partition(":")
        if sep and HEX40.fullmatch(commit):
            hit = self.entry(commit, path)
            return hit[1] if hit is not None else None
        if self._cat is None:
            self._cat = CatFile(self.git_dir)
        found = self._cat.get(rev)  # a short id or a ref name: cat-file resolves it
        return found[0] if found is not None else None

    def git_resolve(self, rev: str) -> str | None:
        """The object id ``rev`` names, as git finds it (one round trip: for ``X:path`` git walks
        the trees; only for objects on disk, not in an open batch's pack)."""
        if self._cat is None:
            self._cat = CatFile(self.git_dir)
        found = self._cat.get(rev)
        return found[0] if found is not None else None

    def blobs(self, revs: list[str]) -> list[bytes | None]:
        """The data of many objects in one pipelined pass (None for each that does not exist)."""
        if self.reader != "catfile":
            return [self.blob(r) for r in revs]
        if self._cat is None:
            self._cat = CatFile(self.git_dir)
        return [obj[2] if obj is not None else None for obj in self._cat.get_many(revs)]

    def object(self, rev: str) -> tuple[str, str, bytes] | None:
        """(hexsha, type, data) of ``rev`` (see ``resolve``), None when it does not exist."""
        sha = self.resolve(rev)
        found = self._obj(sha) if sha is not None else None
        return (sha, found[0].decode(), found[1]) if sha is not None and found is not None else None

    def blob(self, rev: str) -> bytes | None:
        obj = self.object(rev)
        return obj[2] if obj is not None and obj[1] == "blob" else None

    def tree_entries(self, rev: str) -> list[Entry]:
        """(mode, name, hexsha) of a tree, of a commit's tree, or of ``X:folder``."""
        sha = self.resolve(rev)
        tree = self.tree_of(sha) if sha is not None else None
        obj = self._obj(tree) if tree is not None else None
        return parse_tree(obj[1]) if obj is not None and obj[0] == b"tree" else []

    def commit_folder(self, tip: str, slug: str, files: dict[str, bytes], message: str, when: datetime) -> str:
        """Write blobs, the folder's tree, the root tree and a commit on ``tip``; return the commit."""
        folder_tree = self.write_tree([("100644", name, self.write_blob(data)) for name, data in files.items()])
        return self.commit_trees(tip, {slug: folder_tree}, message, when)

    def commit_trees(self, tip: str, folders: dict[str, str], message: str, when: datetime) -> str:
        """A commit on ``tip`` whose root tree has ``folders`` (name -> tree id) put in or replaced."""
        tip_tree = self.tree_of(tip)
        if tip_tree is None:
            raise ArchiveError(f"{tip[:10]} is not a commit in {self.git_dir}")
        root = self.edit_tree(tip_tree, {slug: ("40000", tree) for slug, tree in folders.items()})
        return self.write_commit(root, [tip], message, when)

    def hash_blobs(self, contents: list[bytes]) -> list[str]:
        return [self.write_blob(c) for c in contents]

    def cas(self, old: str, new: str, slug: str | None) -> bool:
        """Move main from ``old`` to ``new`` (and the policy's ref) under git's ref locks; False
        when main (or the policy's ref) moved meanwhile: the caller rebuilds on the new tip."""
        updates: list[tuple[str, str | None, str]] = [(BRANCH, old, new)]
        if slug is not None:
            updates.append((POLICY_REFS + slug, self.read_ref(POLICY_REFS + slug), new))
        return self.update_refs(updates, f"policydiff {slug or 'archive'}", durable={BRANCH})

    def compare_and_swap(self, ref: str, old: str | None, new: str, message: str, *,
                         timeout: float = STALE_LOCK_SECONDS + 2) -> bool:
        """Move ``ref`` from ``old`` (None: must not exist; ANY: whatever it is) to ``new``."""
        return self.update_refs([(ref, old, new)], message, timeout=timeout)

    def update_refs(self, updates: Sequence[tuple[str, str | None, str]], message: str, *,
                    timeout: float = STALE_LOCK_SECONDS + 2, durable: Collection[str] | None = None,
                    logged: Collection[str] | None = None) -> bool:
        """Several compare-and-swaps at once (``gitrefs.Refs.update_refs``), after every object
        written so far is durable."""
        self.sync_objects()
        return self.refs.update_refs(updates, message, timeout=timeout, durable=durable, logged=logged)

    def update_packed_refs(self, values: dict[str, str], *, timeout: float = 1.0) -> bool:
        return self.refs.update_packed_refs(values, timeout=timeout)


    # -- the subprocesses that remain -----------------------------------------------------------

    def git(self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
        full_env = dict(os.environ, **(env or {}))
        full_env.setdefault("LC_ALL", "C")
        try:
            proc = subprocess.run(["git", "--git-dir", str(self.git_dir), *args], input=input, capture_output=True,
                                  env=full_env, check=False)
        except FileNotFoundError:
            raise GitNotFoundError(GIT_MISSING) from None
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ArchiveError(f"git {args[0] if args else ''} failed: {' / '.join(detail)[:300]}")
        return proc.stdout.decode("utf-8", "replace")

    def last_commit_touching(self, tip: str, path: str) -> str | None:
        """The newest commit from ``tip`` that changed ``path`` (a path-limited history walk:
        ``git log``, only needed to repair a cache after a crash)."""
        found = self.git("log", "-1", "--format=%H", tip, "--", path).strip()
        return found or None

    def gc_auto(self) -> str:
        """``git gc --auto`` (git decides; packs loose objects and many small packs, in the foreground).

        Git is asked only when it may say yes: its own heuristics count the loose objects in
        ``objects/17`` (a 256th of them) against ``gc.auto`` and the packs against
        ``gc.autoPackLimit``; with both under half their limit no git process is started (every
        check run asks, and most are far from either)."""
        if not self._gc_may_be_due():
            return ""
        return self.git("-c", f"gc.auto={GC_AUTO}", "-c", f"gc.autoPackLimit={GC_PACK_LIMIT}", "-c", "gc.autoDetach=false",
                        "gc", "--auto", "--quiet")

    def _gc_may_be_due(self) -> bool:
        objects = self.git_dir / "objects"
        try:
            loose = sum(1 for n in os.listdir(objects / "17") if len(n) == 38 and all(c in HEXDIGITS for c in n))
        except FileNotFoundError:
            loose = 0
        try:
            packs = sum(1 for n in os.listdir(objects / "pack") if n.endswith(".pack"))
        except FileNotFoundError:
            packs = 0
        return loose * 2 > (GC_AUTO + 255) // 256 or packs * 2 > GC_PACK_LIMIT

    def fsck(self) -> str:
        """`git fsck --strict` output (ArchiveError when git finds damage)."""
        return self.git("fsck", "--strict", "--no-dangling")
