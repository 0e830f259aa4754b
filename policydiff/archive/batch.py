"""Batches: many new versions, one commit each, chained in one pack; ``main`` moves once.

Inside ``Archive.batch()`` every snapshot still makes its own commit (touching only its
policy's folder) on the batch's own view of ``main``; the objects go to one pack
(``archive.gitpack``). Leaving the batch lands the pack (fsynced) and then moves ``main`` and
the policies' refs in one compare-and-swap. If ``main`` moved meanwhile (another process
landed a version), the batch's commits are replayed onto it: each touches only its own
policy's folder, so a replay is a tree edit, and ``Batch.remap`` maps each commit id handed
out to the id it landed as. An exception inside, or a policy that another process changed
during the batch, throws the whole batch away: nothing is recorded, nothing half-recorded.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from policydiff.archive.layout import BRANCH, CAS_ATTEMPTS
from policydiff.archive.store import ANY
from policydiff.errors import ArchiveError

if TYPE_CHECKING:
    from policydiff.archive.store import GitStore


@dataclass
class Batch:
    """A batch in progress: the tip it started from and its own view of the refs it moves."""

    base: str
    refs: dict[str, str]
    remap: dict[str, str] = field(default_factory=dict)  # commit id handed out -> id it landed as
    remap_inverse: dict[str, str] = field(default_factory=dict)
    notes: dict[str, tuple[str, datetime | None]] = field(default_factory=dict)  # last-check notes, written on landing

    def landed(self, commit: str) -> str:
        """The id a commit handed out during the batch finally landed as."""
        return self.remap.get(commit, commit)


def land(store: GitStore, pending: Batch) -> None:
    """Land the pack, then move main (replaying onto a moved tip) and the policy refs."""
    new_tip = pending.refs[BRANCH]
    if new_tip == pending.base:
        store.end_batch(keep=False)
        return
    policy_refs = sorted(r for r in pending.refs if r != BRANCH)
    for attempt in range(CAS_ATTEMPTS):
        current = store.read_ref(BRANCH)
        if current is None:
            raise ArchiveError(f"{store.git_dir}: the branch main is missing")
        if current != pending.base:
            new_tip = replay(store, pending, current)
        store.end_batch()  # the pack lands (fsynced) before any ref names its objects
        final = {ref: pending.landed(pending.refs[ref]) for ref in policy_refs}
        loose = [ref for ref in policy_refs if (store.git_dir / ref).is_file()]
        updates: list[tuple[str, str | None, str]] = [(BRANCH, current, new_tip)]
        updates += [(ref, ANY, final[ref]) for ref in loose]
        # refs/policies/* are a cache checked against main on every use: no fsync, no reflog line
        # each, and the new ones go to packed-refs in one write (a first run makes 1,000)
        if store.update_refs(updates, f"policydiff batch of {len(policy_refs)} version(s)",
                             durable={BRANCH}, logged={BRANCH}):
            packed = {ref: final[ref] for ref in policy_refs if ref not in set(loose)}
            if packed:
                store.update_packed_refs(packed)  # if its lock stays busy, the cache is rebuilt on use
            return
        store.begin_batch()  # a replay's commits go to a new pack
        time.sleep(0.002 + 0.01 * (attempt % 5) * os.urandom(1)[0] / 255)
    raise ArchiveError(f"batch of {len(policy_refs)} version(s): main kept moving ({CAS_ATTEMPTS} attempts)")


def replay(store: GitStore, pending: Batch, onto: str) -> str:
    """Rebuild the batch's commits (oldest first) on ``onto``: each puts its policy folder into
    the new tip's tree. A policy another process changed meanwhile cannot be replayed safely."""
    chain: list[tuple[str, tuple[str, list[str], str, bytes]]] = []
    commit = pending.refs[BRANCH]
    while commit != pending.base:
        info = store.commit_info(commit)
        if info is None or len(info[1]) != 1:
            raise ArchiveError(f"batch: commit {commit[:10]} is not a replayable chain")
        chain.append((commit, info))
        commit = info[1][0]
    tip = onto
    step: dict[str, str] = {}  # this replay's old id -> new id
    for original, (tree, parents, committer, message) in reversed(chain):
        changed = {name: sha for mode, name, sha in store.path_entries(tree)
                   if mode.startswith("4") and store.entry(parents[0], name) != (mode, sha)}
        for name in changed:
            if store.entry(onto, name) != store.entry(pending.base, name):
                raise ArchiveError(f"{name}: another process recorded a version of this policy during the batch; "
                                   "run again to record it on top")
        for name in changed:  # versions.json names earlier versions' commits: name their new ids
            changed[name] = _renamed_commits(store, changed[name], step)
        stamp, _sep, tz = committer.rsplit(">", 1)[1].strip().partition(" ")
        when = datetime.fromtimestamp(int(stamp), timezone(timedelta(hours=int(tz[:3]), minutes=int(tz[0] + tz[3:]))))
        new = store.commit_trees(tip, changed, message.decode("utf-8"), when)
        step[original] = new
        first = pending.remap_inverse.get(original, original)
        pending.remap[first] = new
        pending.remap_inverse[new] = first
        tip = new
    pending.base = onto
    pending.refs[BRANCH] = tip
    return tip


def _renamed_commits(store: GitStore, folder: str, remap: dict[str, str]) -> str:
    """``folder`` with the commit ids in its versions.json replaced per ``remap``."""
    entries = store.path_entries(folder)
    index = next((sha for _m, name, sha in entries if name == "versions.json"), None)
    data = store.blob(index) if index else None
    if data is None or not remap:
        return folder
    text = data.decode("utf-8")
    fixed = re.sub(r'"commit":"([0-9a-f]{40})"', lambda m: f'"commit":"{remap.get(m.group(1), m.group(1))}"', text)
    if fixed == text:
        return folder
    blob = store.write_blob(fixed.encode("utf-8"))
    return store.write_tree([(m, n, blob if n == "versions.json" else sha) for m, n, sha in entries])


def remap_versions(pending: Batch, items: Any) -> None:
    """Point the commits of Version objects handed out during the batch at their landed ids."""
    if not pending.remap:
        return
    for version in items:
        if version is not None:
            version.commit = pending.landed(version.commit)
