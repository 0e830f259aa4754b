"""The run state (``state/``: last checks, failure counts, the outbox of owed alerts) on its own
ref, ``refs/policydiff/state``, merged per policy with the remote's (checked first:
``remote_trust.remote_state_files``) so a fresh runner resumes where the last one stopped. Intents
are one runner's crash recovery and never travel; an outbox entry both sides hold keeps the
delivered copy, else the copy of the runner that owes it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from policydiff.archive import outbox, state
from policydiff.archive.layout import slug_problem
from policydiff.archive.remote_trust import remote_state_files
from policydiff.fsutil import atomic_write_bytes

if TYPE_CHECKING:
    from policydiff.archive.versions import Archive


def _state_files(archive_dir: Path) -> dict[str, bytes]:
    """Every file under ``state/`` (relative names), except locks and set-aside corrupt files."""
    root = archive_dir / "state"
    out: dict[str, bytes] = {}
    if root.is_dir():
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.name.startswith(".") and ".corrupt" not in p.name:
                out[p.relative_to(root).as_posix()] = p.read_bytes()
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

    mine = sources(local)
    theirs = {slug: entry for slug, entry in sources(remote).items() if slug_problem(slug) is None}
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


def merge_state(archive: Archive, name: str, remote_commit: str | None) -> str:
    """Merge the remote's state (checked: ``remote_trust.remote_state_files``) into ``state/`` and commit the
    result on top of the remote's state commit."""
    # intents are one runner's crash recovery: never shared (another runner would alert them again)
    local = {rel: data for rel, data in _state_files(archive.path).items() if not _is_intent(rel)}
    theirs = {rel: data for rel, data in remote_state_files(archive, remote_commit, name).items() if not _is_intent(rel)}
    merged = dict(theirs)
    me = outbox.runner_id(archive.path)
    for rel, data in local.items():
        merged[rel] = _merged_entry(data, theirs[rel], me) if rel in theirs and rel.startswith("outbox/") else data
    checks = _merged_checks(local.get("checks.json"), theirs.get("checks.json"))
    if checks is not None:
        merged["checks.json"] = checks
    with state.locked(archive.path):
        for rel, data in merged.items():
            if local.get(rel) != data:
                atomic_write_bytes(archive.path / "state" / rel, data)
    return _commit_files(archive, merged, remote_commit)


def _is_intent(rel: str) -> bool:
    return rel.startswith("outbox/intent-")


def _merged_entry(mine: bytes, theirs: bytes, me: str) -> bytes:
    """One outbox entry both sides hold: a delivered copy wins, else the copy of the runner that
    owes it (this runner is the authority only on the alerts it recorded)."""
    def parsed(data: bytes) -> dict[str, object]:
        try:
            value = json.loads(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return {}
        return value if isinstance(value, dict) else {}

    a, b = parsed(mine), parsed(theirs)
    if not b:
        return mine
    if not a:
        return theirs
    if (a.get("status") == "done") != (b.get("status") == "done"):
        return mine if a.get("status") == "done" else theirs
    return mine if a.get("runner") in (None, "", me) else theirs


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
