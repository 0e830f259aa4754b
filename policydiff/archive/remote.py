"""One git remote that many runners share: fetch, replay this runner's versions onto it, push.

Each version commit touches only its own policy's folder, and runners split the policies by
shard, so replaying a runner's commits onto the remote's branch grafts folders and never
conflicts; when the remote changed the same policy too, the version is recorded again on top
of it (``archive.snapshot``, which drops a text the remote already has). A push that another
runner beat is retried from a fresh fetch with backoff. The run state (``state/``: last checks,
failure counts, the outbox of owed alerts) travels on its own ref, ``refs/policydiff/state``,
merged per policy, so a fresh runner resumes where the last one stopped.

Network operations go through the ``git`` command (fetch and push speak git's transport, which
is what GitPython would run too); a failed push leaves the local archive intact and complete,
and the next ``sync`` finishes the job.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from policydiff.archive import state
from policydiff.archive.layout import BRANCH
from policydiff.archive.store import parse_tree
from policydiff.errors import ArchiveError, UsageError
from policydiff.fsutil import atomic_write_bytes

if TYPE_CHECKING:
    from policydiff.archive.versions import Archive

STATE_REF = "refs/policydiff/state"
DEFAULT_REMOTE_KEY = "policydiff.remote"
PUSH_ATTEMPTS = 12
_NAME = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")


@dataclass
class SyncResult:
    """What a sync did."""

    remote: str
    pushed: int = 0  # version commits this runner added to the remote
    pulled: bool = False  # the remote had versions this runner did not
    re_recorded: list[str] = field(default_factory=list)  # policies changed on both sides
    attempts: int = 1

    def summary(self) -> str:
        parts = [f"{self.pushed} version commit(s) pushed"]
        if self.pulled:
            parts.append("the remote's versions fetched")
        if self.re_recorded:
            parts.append("recorded again on the remote's: " + ", ".join(sorted(set(self.re_recorded))))
        if self.attempts > 1:
            parts.append(f"{self.attempts} attempts")
        return f"synced with {self.remote}: " + ", ".join(parts)


def add_remote(archive: Archive, name: str, url: str) -> None:
    """Name a remote (any git URL: a path, file://, ssh, https) and make it the default one."""
    if not _NAME.match(name):
        raise ArchiveError(f"bad remote name {name!r}: use letters, digits, '.', '_' or '-'")
    existing = archive.store.git("remote").split()
    if name in existing:
        archive.store.git("remote", "set-url", name, url)
    else:
        archive.store.git("remote", "add", name, url)
    archive.store.git("config", DEFAULT_REMOTE_KEY, name)


def default_remote(archive: Archive) -> str:
    try:
        name = archive.store.git("config", "--get", DEFAULT_REMOTE_KEY).strip()
    except ArchiveError:
        name = ""
    if not name:
        raise ArchiveError("no remote: run `policydiff remote add NAME URL` first")
    return name


def sync(archive: Archive, remote: str | None = None) -> SyncResult:
    """Fetch the remote, replay this runner's new versions onto its branch, merge the run
    state, push both; retried with backoff when another runner pushed first."""
    name = remote or default_remote(archive)
    result = SyncResult(name)
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        result.attempts = attempt
        _fetch(archive, name)
        remote_tip = archive.store.read_ref(f"refs/remotes/{name}/main")
        local_tip = archive.store.tip()
        new_tip, pushed, conflicts = _replay(archive, local_tip, remote_tip)
        if new_tip != local_tip:
            if not archive.store.cas(local_tip, new_tip, None):
                continue  # a snapshot landed locally meanwhile: start again
            result.pulled = result.pulled or remote_tip is not None and new_tip != local_tip
        for slug, commit in conflicts:
            _record_again(archive, slug, commit)
            result.re_recorded.append(slug)
        state_commit = _merge_state(archive, name)
        if _push(archive, name, archive.store.tip(), state_commit):
            result.pushed += pushed + len(conflicts)
            return result
        time.sleep(min(0.05 * 2**attempt, 2.0) * (0.5 + random.random()))
    raise ArchiveError(f"sync with {name}: the remote kept moving ({PUSH_ATTEMPTS} attempts); run `policydiff sync` again")


def _fetch(archive: Archive, name: str) -> None:
    # globs, so a remote without a state ref (or without any branch yet) is not an error
    archive.store.git("fetch", "--quiet", "--no-tags", name,
                      "+refs/heads/*:refs/remotes/" + name + "/*",
                      "+refs/policydiff/*:refs/remotes/" + name + "/policydiff/*")


def _touched(archive: Archive, commit: str) -> list[str]:
    """The policy folders a commit changed (none for the archive's first commit)."""
    out = archive.store.git("diff-tree", "--no-commit-id", "--name-only", "-r", "--root", commit)
    return sorted({line.split("/", 1)[0] for line in out.splitlines() if "/" in line})


def _folder(archive: Archive, commit: str | None, slug: str) -> str | None:
    if commit is None:
        return None
    for mode, name, sha in archive.store.tree_entries(commit):
        if name == slug and mode.startswith("40"):
            return sha
    return None


def _replay(archive: Archive, local_tip: str, remote_tip: str | None) -> tuple[str, int, list[tuple[str, str]]]:
    """Local commits the remote lacks, grafted folder by folder onto the remote's tip.

    Returns (the new local tip, commits grafted, (slug, commit) pairs changed on both sides).
    """
    if remote_tip is None:
        return local_tip, _count(archive, local_tip, None), []
    mine = archive.store.git("rev-list", "--reverse", "--topo-order", local_tip, "--not", remote_tip).split()
    base, grafted, conflicts = remote_tip, 0, []
    for commit in mine:
        parent = _parent(archive, commit)
        folders: dict[str, str] = {}
        for slug in _touched(archive, commit):
            ours = _folder(archive, commit, slug)
            if ours is None:
                continue
            if _folder(archive, base, slug) == _folder(archive, parent, slug):
                folders[slug] = ours
            else:
                conflicts.append((slug, commit))
        if folders:
            message = archive.store.git("log", "-1", "--format=%B", commit)
            when = datetime.fromtimestamp(int(archive.store.git("log", "-1", "--format=%ct", commit).strip()), timezone.utc)
            base = archive.store.commit_trees(base, folders, message, when)
            grafted += 1
    return base, grafted, conflicts


def _parent(archive: Archive, commit: str) -> str | None:
    parents = archive.store.git("log", "-1", "--format=%P", commit).split()
    return parents[0] if parents else None


def _count(archive: Archive, tip: str, since: str | None) -> int:
    args = ["rev-list", "--count", tip] + (["--not", since] if since else [])
    return int(archive.store.git(*args).strip() or 0)


def _record_again(archive: Archive, slug: str, commit: str) -> None:
    """A version of a policy the remote changed too: record it again on top of the remote's."""
    raw_meta = archive.store.blob(f"{commit}:{slug}/meta.json")
    if raw_meta is None:
        return
    meta = json.loads(raw_meta.decode("utf-8"))
    data = archive.store.blob(f"{commit}:{slug}/{meta.get('raw_file') or 'source.txt'}")
    if data is None:
        return
    when = datetime.fromisoformat(meta["fetched_at"]) if meta.get("fetched_at") else None
    archive.snapshot(slug, data, source=meta.get("source") or "", media_type=meta.get("media_type"),
                     fetched_at=when, http_status=meta.get("http_status"), content_type=meta.get("content_type"),
                     selector=meta.get("selector"), final_url=meta.get("final_url"), max_shrink=None)


# -- the run state on its own ref -----------------------------------------------------------------


def _state_files(archive_dir: Path) -> dict[str, bytes]:
    """Every file under ``state/`` (relative names), except locks and set-aside corrupt files."""
    root = archive_dir / "state"
    out: dict[str, bytes] = {}
    if root.is_dir():
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.name.startswith(".") and ".corrupt" not in p.name:
                out[p.relative_to(root).as_posix()] = p.read_bytes()
    return out


def _remote_state_files(archive: Archive, commit: str | None) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if commit is None:
        return out
    stack = [("", f"{commit}^{{tree}}")]
    while stack:
        prefix, tree = stack.pop()
        obj = archive.store.object(tree)
        if obj is None:
            continue
        for mode, name, sha in parse_tree(obj[2]):
            if mode.startswith("40"):
                stack.append((prefix + name + "/", sha))
            else:
                blob = archive.store.blob(sha)
                if blob is not None:
                    out[prefix + name] = blob
    return out


def _merged_checks(local: bytes | None, remote: bytes | None) -> bytes | None:
    """checks.json of both sides, per policy the entry checked last."""
    def sources(data: bytes | None) -> dict[str, dict[str, object]]:
        try:
            parsed = json.loads(data.decode("utf-8")) if data else {}
            found = parsed.get("sources", {}) if isinstance(parsed, dict) else {}
            return found if isinstance(found, dict) else {}
        except (ValueError, UnicodeDecodeError):
            return {}

    mine, theirs = sources(local), sources(remote)
    if not mine and not theirs:
        return local or remote
    merged = dict(theirs)
    for slug, entry in mine.items():
        other = merged.get(slug)
        if not isinstance(other, dict) or _when(entry) >= _when(other):
            merged[slug] = entry
    body = {"version": 1, "sources": dict(sorted(merged.items()))}
    return (json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _when(entry: object) -> float:
    """An entry's last check in epoch seconds (0 for a malformed one)."""
    value = entry.get("last_check") if isinstance(entry, dict) else None
    return float(value) if isinstance(value, (int, float)) else 0.0


def _merge_state(archive: Archive, name: str) -> str:
    """Merge the remote's state into ``state/`` and commit the result on top of the remote's state ref."""
    remote_commit = archive.store.read_ref(f"refs/remotes/{name}/policydiff/state")
    local = _state_files(archive.path)
    theirs = _remote_state_files(archive, remote_commit)
    merged = dict(theirs)
    merged.update(local)  # this runner is the authority on what it wrote itself
    checks = _merged_checks(local.get("checks.json"), theirs.get("checks.json"))
    if checks is not None:
        merged["checks.json"] = checks
    with state.locked(archive.path):
        for rel, data in merged.items():
            if local.get(rel) != data:
                atomic_write_bytes(archive.path / "state" / rel, data)
    return _commit_files(archive, merged, remote_commit)


def _commit_files(archive: Archive, files: dict[str, bytes], parent: str | None) -> str:
    """A commit whose tree holds ``files`` (nested folders), on ``parent``."""
    names = sorted(files)
    shas = archive.store.hash_blobs([files[n] for n in names]) if names else []
    tree: dict[str, object] = {}
    for rel, sha in zip(names, shas, strict=True):
        node = tree
        *dirs, leaf = rel.split("/")
        for d in dirs:
            node = node.setdefault(d, {})  # type: ignore[assignment]
        node[leaf] = sha
    root = _write_tree(archive, tree)
    env = {"GIT_AUTHOR_NAME": "policydiff", "GIT_AUTHOR_EMAIL": "policydiff@localhost",
           "GIT_COMMITTER_NAME": "policydiff", "GIT_COMMITTER_EMAIL": "policydiff@localhost"}
    args = ["commit-tree", root, "-m", f"policydiff run state from {os.uname().nodename}"]
    if parent:
        args += ["-p", parent]
    return archive.store.git(*args, env=env).strip()


def _write_tree(archive: Archive, node: dict[str, object]) -> str:
    lines = []
    for name in sorted(node):
        value = node[name]
        if isinstance(value, dict):
            lines.append(f"040000 tree {_write_tree(archive, value)}\t{name}\n")
        else:
            lines.append(f"100644 blob {value}\t{name}\n")
    return archive.store.git("mktree", input="".join(lines).encode()).strip()


def _push(archive: Archive, name: str, tip: str, state_commit: str) -> bool:
    """Push the branch (a fast-forward of the remote's) and the state in one atomic push."""
    try:
        archive.store.git("push", "--quiet", "--atomic", name, f"{tip}:{BRANCH}", f"{state_commit}:{STATE_REF}")
        return True
    except ArchiveError as exc:
        if "rejected" in str(exc) or "fetch first" in str(exc) or "non-fast-forward" in str(exc) or "failed to push" in str(exc):
            return False
        raise


def list_remotes(archive: Archive) -> list[tuple[str, str, bool]]:
    """(name, URL, is the default) of every remote of the archive, by name."""
    names = archive.store.git("remote").split()
    try:
        default = archive.store.git("config", "--get", DEFAULT_REMOTE_KEY).strip()
    except ArchiveError:
        default = ""
    return [(n, archive.store.git("remote", "get-url", n).strip(), n == default) for n in sorted(names)]


def remove_remote(archive: Archive, name: str) -> None:
    """Forget a remote (the versions it holds stay there); the default is unset when it was this one."""
    if name not in archive.store.git("remote").split():
        raise UsageError(f"no remote {name!r} (see `policydiff remote list`)")
    archive.store.git("remote", "remove", name)
    try:
        if archive.store.git("config", "--get", DEFAULT_REMOTE_KEY).strip() == name:
            archive.store.git("config", "--unset", DEFAULT_REMOTE_KEY)
    except ArchiveError:
        pass  # no default was set
