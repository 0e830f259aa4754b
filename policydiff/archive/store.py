"""The git object store behind the archive: objects and refs of a bare repository, one small interface.

Writes go through git plumbing (hash-object, mktree, commit-tree: no working tree, no index);
reads through one long-lived ``git cat-file --batch``; a branch moves only by an atomic
compare-and-swap (``update-ref --stdin``), so a killed process never leaves half a version.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from datetime import datetime
from pathlib import Path

from policydiff.archive.layout import BRANCH, POLICY_REFS, ZERO
from policydiff.errors import ArchiveError

IDENTITY = {"GIT_AUTHOR_NAME": "policydiff", "GIT_AUTHOR_EMAIL": "policydiff@localhost",
            "GIT_COMMITTER_NAME": "policydiff", "GIT_COMMITTER_EMAIL": "policydiff@localhost"}
STALE_LOCK_SECONDS = 10.0  # a ref lock older than this was left by a killed git process


def _git_date(dt: datetime) -> str:
    offset = dt.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{int(dt.timestamp())} {sign}{minutes // 60:02d}{minutes % 60:02d}"



def parse_tree(data: bytes) -> list[tuple[str, str, str]]:
    """(mode, name, hexsha) of each entry of a raw git tree object."""
    out = []
    i = 0
    while i < len(data):
        sp = data.index(b" ", i)
        nul = data.index(b"\0", sp)
        out.append((data[i:sp].decode(), data[sp + 1 : nul].decode("utf-8", "surrogateescape"), data[nul + 1 : nul + 21].hex()))
        i = nul + 21
    return out


class _CatFile:
    """One long-lived ``git cat-file --batch``: reads cost a pipe round trip, not a process.

    (GitPython keeps the same kind of process; using it directly saves its ~65 ms import,
    a third of the CLI's budget for an unchanged snapshot.)
    """

    def __init__(self, git_dir: Path) -> None:
        self.proc = subprocess.Popen(
            ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )

    def get(self, rev: str) -> tuple[str, str, bytes] | None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if "\n" in rev:
            return None
        try:
            self.proc.stdin.write(rev.encode("utf-8") + b"\n")
            self.proc.stdin.flush()
            header = self.proc.stdout.readline()
        except (BrokenPipeError, OSError) as exc:
            raise ArchiveError(f"git cat-file stopped: {exc}") from None
        parts = header.split()
        if len(parts) != 3 or parts[1] in (b"missing", b"ambiguous"):
            if not header:
                raise ArchiveError("git cat-file stopped unexpectedly")
            return None
        size = int(parts[2])
        data = self.proc.stdout.read(size + 1)[:size]
        return parts[0].decode(), parts[1].decode(), data

    def get_many(self, revs: list[str], chunk: int = 256) -> list[tuple[str, str, bytes] | None]:
        """Like ``get`` for many names, pipelined: a chunk of requests (well under a pipe buffer)
        is written at once, then its answers read, so a thousand reads cost no thousand round trips."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        out: list[tuple[str, str, bytes] | None] = []
        for start in range(0, len(revs), chunk):
            part = revs[start : start + chunk]
            asked = [r for r in part if "\n" not in r]
            try:
                self.proc.stdin.write(b"".join(r.encode("utf-8") + b"\n" for r in asked))
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError) as exc:
                raise ArchiveError(f"git cat-file stopped: {exc}") from None
            answers: dict[int, tuple[str, str, bytes] | None] = {}
            for k, rev in enumerate(part):
                if "\n" in rev:
                    answers[k] = None
                    continue
                header = self.proc.stdout.readline()
                if not header:
                    raise ArchiveError("git cat-file stopped unexpectedly")
                fields = header.split()
                if len(fields) != 3 or fields[1] in (b"missing", b"ambiguous"):
                    answers[k] = None
                    continue
                size = int(fields[2])
                answers[k] = (fields[0].decode(), fields[1].decode(), self.proc.stdout.read(size + 1)[:size])
            out.extend(answers[k] for k in range(len(part)))
        return out

    def close(self) -> None:
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()

    def __del__(self) -> None:
        if self.proc.poll() is None:
            self.close()


class GitStore:
    """Objects and refs of the bare repository ``git_dir``."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self._cat: _CatFile | None = None
        self._verified: set[str] = set()

    def close(self) -> None:
        """Stop the reader process (also done at exit)."""
        if self._cat is not None:
            self._cat.close()
            self._cat = None

    @staticmethod
    def create(git_dir: Path, readme: str, when: datetime) -> None:
        """Create the bare repository atomically (a half-made one never sits at ``git_dir``), with a
        first commit holding README.md."""
        base = git_dir.parent
        base.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".versions.", dir=base))
        try:
            _run(["git", "init", "-q", "--bare", "--initial-branch=main", str(tmp)])
            for key, value in (("core.logAllRefUpdates", "always"), ("core.fsync", "committed"),
                               ("gc.auto", "0"), ("receive.denyNonFastForwards", "true")):
                _run(["git", "--git-dir", str(tmp), "config", key, value])
            blob = _run(["git", "--git-dir", str(tmp), "hash-object", "-w", "--stdin"], readme.encode()).strip()
            tree = _run(["git", "--git-dir", str(tmp), "mktree"], f"100644 blob {blob}\tREADME.md\n".encode()).strip()
            env = dict(IDENTITY, GIT_AUTHOR_DATE=_git_date(when), GIT_COMMITTER_DATE=_git_date(when))
            commit = _run(["git", "--git-dir", str(tmp), "commit-tree", tree, "-m", "Archive created by policydiff"], env=env).strip()
            _run(["git", "--git-dir", str(tmp), "update-ref", BRANCH, commit, ZERO])
            try:
                os.rename(tmp, git_dir)
            except OSError:
                if not (git_dir / "HEAD").exists():
                    raise
        finally:
            if tmp.exists():
                import shutil

                shutil.rmtree(tmp, ignore_errors=True)

    def git(self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
        return _run(["git", "--git-dir", str(self.git_dir), *args], input, env=env)

    def read_ref(self, name: str) -> str | None:
        """A ref's commit, read from the loose file (written atomically by git) or packed-refs."""
        loose = self.git_dir / name
        try:
            value = loose.read_text().strip()
            if re.fullmatch(r"[0-9a-f]{40}", value):
                return value
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            pass
        try:
            for line in (self.git_dir / "packed-refs").read_text().splitlines():
                if line.endswith(" " + name) and not line.startswith(("#", "^")):
                    return line.split(" ", 1)[0]
        except FileNotFoundError:
            pass
        return None

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

    def object(self, rev: str) -> tuple[str, str, bytes] | None:
        """(hexsha, type, data) of ``rev`` (any `git cat-file` name), None when it does not exist."""
        if self._cat is None:
            self._cat = _CatFile(self.git_dir)
        return self._cat.get(rev)

    def blobs(self, revs: list[str]) -> list[bytes | None]:
        """The data of many objects in one pipelined pass (None for each that does not exist)."""
        if self._cat is None:
            self._cat = _CatFile(self.git_dir)
        return [obj[2] if obj is not None else None for obj in self._cat.get_many(revs)]

    def blob(self, rev: str) -> bytes | None:
        obj = self.object(rev)
        return obj[2] if obj is not None else None

    def tree_entries(self, rev: str) -> list[tuple[str, str, str]]:
        obj = self.object(f"{rev}^{{tree}}" if ":" not in rev else rev)
        if obj is None or obj[1] != "tree":
            return []
        return parse_tree(obj[2])

    # -- the per-policy index ---------------------------------------------------------------

    def commit_folder(self, tip: str, slug: str, files: dict[str, bytes], message: str, when: datetime) -> str:
        """Write blobs, the folder's tree, the root tree and a commit on ``tip``; return the commit."""
        blobs = self.hash_blobs(list(files.values()))
        folder = "".join(f"100644 blob {sha}\t{name}\n" for name, sha in sorted(zip(files, blobs, strict=True)))
        folder_tree = self.git("mktree", input=folder.encode()).strip()
        return self.commit_trees(tip, {slug: folder_tree}, message, when)

    def commit_trees(self, tip: str, folders: dict[str, str], message: str, when: datetime) -> str:
        root = {name: (mode, sha) for mode, name, sha in self.tree_entries(tip)}
        for slug, tree in folders.items():
            root[slug] = ("40000", tree)
        listing = "".join(
            f"{'040000 tree' if mode.startswith('40') else mode + ' blob'} {sha}\t{name}\n"
            for name, (mode, sha) in sorted(root.items())
        )
        root_tree = self.git("mktree", input=listing.encode()).strip()
        env = dict(IDENTITY, GIT_AUTHOR_DATE=_git_date(when), GIT_COMMITTER_DATE=_git_date(when))
        return self.git("commit-tree", root_tree, "-p", tip, "-F", "-", input=message.encode("utf-8"), env=env).strip()

    def hash_blobs(self, contents: list[bytes]) -> list[str]:
        with tempfile.TemporaryDirectory(prefix="policydiff-") as tmp:
            paths = []
            for i, content in enumerate(contents):
                p = Path(tmp) / f"{i}"
                p.write_bytes(content)
                paths.append(str(p))
            out = self.git("hash-object", "-w", "--no-filters", "--", *paths).split()
        if len(out) != len(contents):
            raise ArchiveError("git hash-object returned an unexpected answer")
        return out

    def cas(self, old: str, new: str, slug: str | None) -> bool:
        """Move main from ``old`` to ``new`` (and the policy's ref) in one ref transaction.

        False when main moved meanwhile (the caller rebuilds on the new tip); stale locks left
        by a killed git are cleared.
        """
        lines = f"update {BRANCH} {new} {old}\n"
        if slug is not None:
            lines += f"update {POLICY_REFS}{slug} {new} {self.read_ref(POLICY_REFS + slug) or ZERO}\n"
        try:
            self.git("update-ref", "-m", f"policydiff {slug or 'archive'}", "--stdin", input=lines.encode())
            return True
        except ArchiveError as exc:
            if self.tip() != old:
                return False
            message = str(exc)
            m = re.search(r"Unable to create '([^']+\.lock)'", message)
            if m:
                lock = Path(m.group(1))
                try:
                    if time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS:
                        lock.unlink()
                except FileNotFoundError:
                    pass
                return False
            if slug is not None and f"{POLICY_REFS}{slug}" in message:
                return False  # the policy ref moved under us (a concurrent snapshot of the same policy)
            raise

    def fsck(self) -> str:
        """`git fsck --strict` output (raises ArchiveError when git finds damage)."""
        return self.git("fsck", "--strict", "--no-dangling")



def _run(args: list[str], input: bytes | None = None, env: dict[str, str] | None = None) -> str:
    full_env = dict(os.environ, **(env or {}))
    full_env.setdefault("LC_ALL", "C")
    try:
        proc = subprocess.run(args, input=input, capture_output=True, env=full_env, check=False)
    except FileNotFoundError:
        raise ArchiveError("git is not installed (the archive is a git repository)") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        cmd = args[3] if args[1] == "--git-dir" and len(args) > 3 else args[1]
        raise ArchiveError(f"git {cmd} failed: {' / '.join(detail)[:300]}")
    return proc.stdout.decode("utf-8", "replace")
