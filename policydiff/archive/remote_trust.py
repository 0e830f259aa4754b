"""What a fetch brought, checked before anything trusts it (``archive.remote`` fetches into
quarantine refs and calls these): the remote's main holds README.md and slug-named policy folders;
its state tree only ``checks.json`` and the outbox's one-item files, plain files with safe names
and bounded sizes; and neither ref was rewritten behind this runner's back (it still contains what
this runner last synced, under ``refs/policydiff-synced/``).
"""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING

from policydiff import regex_cache
from policydiff.archive.layout import BRANCH, slug_problem
from policydiff.archive.store import parse_tree
from policydiff.errors import ArchiveError

if TYPE_CHECKING:
    from policydiff.archive.versions import Archive

STATE_REF = "refs/policydiff/state"
SYNCED_REFS = "refs/policydiff-synced/"  # <remote>/main and /state: what this runner last pushed there


def check_branch(archive: Archive, name: str, tip: str) -> None:
    """The remote's main: a commit whose root holds README.md and policy folders named by the slug
    rule (a tree `show`, `log` and the replay can trust)."""
    info = archive.store.commit_info(tip)
    if info is None:
        raise ArchiveError(f"remote {name}: its main ({tip[:10]}) is not a commit; nothing was changed")
    for mode, entry, _sha in archive.store.tree_entries(tip):
        bad = (slug_problem(entry) if mode.startswith("40") else
               None if entry in ("README.md", ".gitattributes") and mode == "100644" else "not README.md or a policy folder")
        if bad is not None:
            shown = entry.encode("unicode_escape").decode("ascii")[:80]
            raise ArchiveError(f"remote {name}: its main ({tip[:10]}) holds {shown!r} ({bad}); nothing was changed "
                               "(a damaged or hostile remote: ask its owner)")


def check_not_rewritten(archive: Archive, name: str, remote_tip: str | None, remote_state: str | None) -> None:
    """The remote's main and state must contain what this runner last synced: a force-push, reset
    or amended tip is an error with how to recover, never grafted over."""
    for ref, now in (("main", remote_tip), ("state", remote_state)):
        synced = archive.store.read_ref(f"{SYNCED_REFS}{name}/{ref}")
        if synced is None or now == synced:
            continue
        if now is not None and is_ancestor(archive, synced, now):
            continue
        what = BRANCH if ref == "main" else STATE_REF
        git = f"git --git-dir {archive.store.git_dir}"
        raise ArchiveError(
            f"remote {name}: its {what} {'is gone' if now is None else f'({now[:10]}) no longer contains {synced[:10]}'}, "
            f"which this runner synced last: the remote was rewritten (force-push, reset or amend); nothing was changed "
            f"or pushed. Recover: if the rewrite was a mistake, put it back with `{git} push --force {name} "
            f"{synced}:{what}`; if it was meant, start this runner from a fresh archive (`policydiff init`, "
            f"`policydiff remote add`, `policydiff sync`) and keep this one as the record of what it had")


def is_ancestor(archive: Archive, old: str, new: str) -> bool:
    proc = subprocess.run(["git", "--git-dir", str(archive.store.git_dir), "merge-base", "--is-ancestor", old, new],
                          capture_output=True, check=False)
    return proc.returncode == 0


# What a state tree may hold: checks.json and the outbox's one-item files, each named after a
# policy by the slug rule (``archive.layout``); nothing else is ever written from a remote.
_OUTBOX_FILE = regex_cache.compile(r"\A(intent|change|failure)-([a-z0-9][a-z0-9._-]{0,79})-[0-9a-f]{16}\.json\Z")
MAX_STATE_FILES = 200_000
MAX_STATE_BLOB = 64 * 1024 * 1024  # one state file (checks.json of 100,000 sources is about 30 MB)


def state_path_problem(rel: str) -> str | None:
    """Why ``rel`` (a path in the remote's state tree) may not be written under ``state/``, or None.

    >>> state_path_problem("checks.json") is None
    True
    >>> state_path_problem("outbox/change-a.b-0123456789abcdef.json") is None
    True
    >>> state_path_problem("../../.bashrc")
    'not a state file (checks.json or outbox/<kind>-<slug>-<hash>.json)'
    >>> state_path_problem("outbox/change-a..b-0123456789abcdef.json")
    'the policy slug in it breaks the slug rule'
    """
    if rel == "checks.json":
        return None
    folder, sep, name = rel.partition("/")
    match = _OUTBOX_FILE.match(name) if sep and folder == "outbox" else None
    if match is None:
        return "not a state file (checks.json or outbox/<kind>-<slug>-<hash>.json)"
    if slug_problem(match.group(2)) is not None:
        return "the policy slug in it breaks the slug rule"
    return None


def remote_state_files(archive: Archive, commit: str | None, name: str = "the remote") -> dict[str, bytes]:
    """The files of the remote's state tree, every path and mode checked before anything is used:
    a hostile remote's ``..``, ``.git``, symlink, gitlink or over-long name is an ArchiveError
    (nothing written), never a file outside ``state/``."""
    out: dict[str, bytes] = {}
    if commit is None:
        return out
    def refuse(path: str, why: str) -> ArchiveError:
        shown = path.encode("unicode_escape").decode("ascii")[:120]
        return ArchiveError(f"remote {name}: its {STATE_REF} holds {shown!r}: {why}; nothing was written or pushed "
                            f"(a damaged or hostile remote: ask its owner, or point this runner at another with `policydiff remote add`)")
    commit_obj = archive.store.object(commit)
    if commit_obj is None or commit_obj[1] != "commit":
        raise refuse(commit, "not a commit")
    stack = [("", f"{commit}^{{tree}}", 0)]
    while stack:
        prefix, tree, depth = stack.pop()
        obj = archive.store.object(tree)
        if obj is None or obj[1] != "tree":
            raise refuse(prefix or "/", "a missing or damaged tree")
        for mode, entry, sha in parse_tree(obj[2]):
            path = prefix + entry
            if not entry or "/" in entry or "\0" in entry or len(path.encode("utf-8", "surrogateescape")) > 200:
                raise refuse(path, "a bad name")
            if mode in ("40000", "040000"):
                if depth >= 1 or path != "outbox":
                    raise refuse(path, "not a state folder (only outbox/)")
                stack.append((path + "/", sha, depth + 1))
                continue
            if mode != "100644":
                raise refuse(path, f"mode {mode} (a symlink, gitlink or executable: only plain files)")
            problem = state_path_problem(path)
            if problem is not None:
                raise refuse(path, problem)
            blob = archive.store.object(sha)
            if blob is None or blob[1] != "blob":
                raise refuse(path, "a missing blob")
            if len(blob[2]) > MAX_STATE_BLOB:
                raise refuse(path, f"{len(blob[2])} bytes (a state file is at most {MAX_STATE_BLOB})")
            if path.startswith("outbox/"):  # one name per policy: the entry's own slug is its file's
                try:
                    body = json.loads(blob[2].decode("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    body = None
                named = _OUTBOX_FILE.match(path.split("/", 1)[1])
                if not isinstance(body, dict) or (named and body.get("slug") != named.group(2)):
                    raise refuse(path, "not an outbox entry of the policy its name says")
            out[path] = blob[2]
            if len(out) > MAX_STATE_FILES:
                raise refuse(path, f"more than {MAX_STATE_FILES} state files")
    return out
