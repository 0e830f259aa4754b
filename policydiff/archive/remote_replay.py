"""This runner's new versions replayed onto the remote's branch (``archive.remote.sync`` calls
these between its fetch and its push).

Each version commit touches only its own policy's folder, so a local commit the remote lacks is
grafted folder by folder onto the remote's tip (versions.json renamed to the grafted ids); when
the remote changed the same policy too, the version is recorded again on top of it
(``archive.snapshot``, which drops a text the remote already has: that runner's alert is then a
repeat). ``check_readable`` is the invariant checked before each push.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from policydiff.archive import batch as batch_mod
from policydiff.archive import outbox
from policydiff.archive.remote_trust import is_ancestor
from policydiff.errors import ArchiveError, InputError

if TYPE_CHECKING:
    from policydiff.archive.versions import Archive

REPLAYED_REFS = "refs/policydiff-replayed/"  # a local tip whose commits were recorded again on the remote's


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


def replay(archive: Archive, local_tip: str, remote_tip: str | None
            ) -> tuple[str, int, list[tuple[str, str]], dict[str, str]]:
    """Local commits the remote lacks, grafted folder by folder onto the remote's tip; each grafted
    folder's versions.json names the grafted ids of earlier versions (so every version stays
    readable from the remote alone).

    Returns (the new local tip, commits grafted, (slug, commit) pairs changed on both sides,
    slug -> the grafted commit that now records its newest version).
    """
    if remote_tip is None:
        return local_tip, _count(archive, local_tip, None), [], {}
    if is_ancestor(archive, remote_tip, local_tip):  # a fast-forward: nothing to graft
        return local_tip, _count(archive, local_tip, remote_tip), [], {}
    mine = archive.store.git("rev-list", "--reverse", "--topo-order", local_tip, "--not", remote_tip).split()
    base, grafted, conflicts = remote_tip, 0, []
    step: dict[str, str] = {}  # a local commit -> the commit it was grafted as
    moved: dict[str, str] = {}
    for commit in mine:
        parent = _parent(archive, commit)
        folders: dict[str, str] = {}
        for slug in _touched(archive, commit):
            ours = _folder(archive, commit, slug)
            if ours is None:
                continue
            if _folder(archive, base, slug) == _renamed(archive, _folder(archive, parent, slug), step):
                folders[slug] = batch_mod._renamed_commits(archive.store, ours, step)
            else:
                conflicts.append((slug, commit))
        if folders:
            message = archive.store.git("log", "-1", "--format=%B", commit)
            when = datetime.fromtimestamp(int(archive.store.git("log", "-1", "--format=%ct", commit).strip()), timezone.utc)
            base = archive.store.commit_trees(base, folders, message, when)
            step[commit] = base
            for slug in folders:
                moved[slug] = base
            grafted += 1
    return base, grafted, conflicts, moved


def _renamed(archive: Archive, folder: str | None, step: dict[str, str]) -> str | None:
    return batch_mod._renamed_commits(archive.store, folder, step) if folder is not None else None


def finish_replays(archive: Archive, repeats: list[str]) -> list[str]:
    """Record again, on top of main, every version a replay could not graft (its policy changed
    on the remote too; each kept under ``refs/policydiff-replayed/<commit>`` until then), oldest
    first. A text main already holds was recorded by another runner first: this runner's alert
    for it is marked a repeat. Run on every sync, so a sync killed between the replay and these
    records finishes them next time."""
    out = archive.store.git("for-each-ref", "--sort=committerdate", "--format=%(refname)", REPLAYED_REFS)
    done: list[str] = []
    for ref in out.split():
        commit = archive.store.read_ref(ref)
        if commit is not None:
            for slug in _touched(archive, commit):
                raw_meta = archive.store.blob(f"{commit}:{slug}/meta.json")
                sha = json.loads(raw_meta.decode("utf-8")).get("raw_sha256") if raw_meta else None
                if not sha:
                    continue
                held = {v.meta.get("raw_sha256") for v in archive.versions_at(slug, archive.store.tip())}
                try:
                    again = sha not in held and _record_again(archive, slug, commit)
                except InputError:  # refused now (a rule changed): kept under the ref, tried again next sync
                    commit = None
                    break
                if again:
                    done.append(slug)
                else:  # another runner recorded this text first: its alert is the one, ours a repeat
                    repeats.append(slug)
                    outbox.mark_recorded_elsewhere(archive.path, slug, f"{slug}@{commit}", time.time())
        if commit is not None or archive.store.read_ref(ref) is None:
            archive.store.git("update-ref", "-d", ref)
    return done


def check_readable(archive: Archive, tip: str, since: str | None = None) -> None:
    """The sync invariant: every version of every policy changed since ``since`` is readable from
    ``tip``'s history alone (its commit is an ancestor of ``tip`` and holds its policy.txt).
    ArchiveError, before anything is pushed, when not."""
    changed = [name for mode, name, sha in archive.store.tree_entries(tip)
               if mode.startswith("40") and (since is None or _folder(archive, since, name) != sha)]
    if not changed:
        return
    reachable = set(archive.store.git("rev-list", tip).split())
    for slug in changed:
        for version in archive.versions_at(slug, tip):
            if version.commit not in reachable or archive.store.entry(version.commit, f"{slug}/policy.txt") is None:
                raise ArchiveError(f"{slug}: version {version.index} ({version.commit[:10]}) would not be readable from "
                                   f"the remote; nothing was pushed (a bug: keep this archive and report it)")


def _parent(archive: Archive, commit: str) -> str | None:
    parents = archive.store.git("log", "-1", "--format=%P", commit).split()
    return parents[0] if parents else None


def _count(archive: Archive, tip: str, since: str | None) -> int:
    args = ["rev-list", "--count", tip] + (["--not", since] if since else [])
    return int(archive.store.git(*args).strip() or 0)


def _record_again(archive: Archive, slug: str, commit: str) -> bool:
    """A version of a policy the remote changed too: record it again on top of the remote's."""
    raw_meta = archive.store.blob(f"{commit}:{slug}/meta.json")
    if raw_meta is None:
        return False
    meta = json.loads(raw_meta.decode("utf-8"))
    data = archive.store.blob(f"{commit}:{slug}/{meta.get('raw_file') or 'source.txt'}")
    if data is None:
        return False
    when = datetime.fromisoformat(meta["fetched_at"]) if meta.get("fetched_at") else None
    return archive.snapshot(slug, data, source=meta.get("source") or "", media_type=meta.get("media_type"),
                     fetched_at=when, http_status=meta.get("http_status"), content_type=meta.get("content_type"),
                     selector=meta.get("selector"), final_url=meta.get("final_url"), max_shrink=None).recorded
