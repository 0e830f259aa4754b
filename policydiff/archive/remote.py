"""One git remote that many runners share: fetch, check, replay this runner's versions onto it, push.

Nothing fetched is trusted: ``git fetch`` writes only quarantine refs
(``refs/policydiff-incoming/<remote>/``) with git's object checks on, and the remote's main and
state are checked (slug-named folders; a state tree of ``checks.json`` and outbox files only,
plain files, no ``..``, ``.git``, symlink, gitlink or over-long name) before anything is written.
A remote whose branch no longer contains what this runner last pushed (``refs/policydiff-synced/``)
was rewritten: refused, never grafted over.

Each version commit touches only its own policy's folder, and runners split the policies by
shard, so replaying a runner's commits onto the remote's branch grafts folders (versions.json
renamed to the grafted ids) and never conflicts; when the remote changed the same policy too,
the version is recorded again on top of it (``archive.snapshot``, which drops a text the remote
already has: that runner's alert is then a repeat). Before each push every version of every
changed policy must be readable from the remote alone. A push that another runner beat is
retried from a fresh fetch with backoff. The run state (``state/``: last checks, failure counts,
the outbox of owed alerts) travels on its own ref, ``refs/policydiff/state``, merged per policy,
so a fresh runner resumes where the last one stopped; an alert is still delivered only by the
runner that recorded its version (``archive.outbox.runner_id``).

Network operations go through the ``git`` command in their own process group, killed after the
deadline (``POLICYDIFF_SYNC_TIMEOUT``); a failed push leaves the local archive intact and
complete, and the next ``sync`` finishes the job.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from policydiff.archive import batch as batch_mod
from policydiff.archive import outbox, state
from policydiff.archive.gitrefs import STALE_LOCK_SECONDS, clear_stale_lock
from policydiff.archive.layout import BRANCH, POLICY_REFS, slug_problem
from policydiff.archive.store import ANY, parse_tree
from policydiff.errors import ArchiveError, InputError, UsageError
from policydiff.fsutil import atomic_write_bytes

if TYPE_CHECKING:
    from policydiff.archive.versions import Archive

STATE_REF = "refs/policydiff/state"
DEFAULT_REMOTE_KEY = "policydiff.remote"
PUSH_ATTEMPTS = 12
QUARANTINE_REFS = "refs/policydiff-incoming/"  # what a fetch brought, before it is checked
SYNCED_REFS = "refs/policydiff-synced/"  # <remote>/main and /state: what this runner last pushed there
REPLAYED_REFS = "refs/policydiff-replayed/"  # a local tip whose commits were recorded again on the remote's
TIMEOUT_ENV = "POLICYDIFF_SYNC_TIMEOUT"
NETWORK_TIMEOUT = 120.0  # seconds one git fetch or push may take
_NAME = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")


@dataclass
class SyncResult:
    """What a sync did."""

    remote: str
    pushed: int = 0  # version commits this runner added to the remote
    pulled: bool = False  # the remote had versions this runner did not
    re_recorded: list[str] = field(default_factory=list)  # policies changed on both sides
    repeats: list[str] = field(default_factory=list)  # versions another runner had recorded first
    attempts: int = 1

    def summary(self) -> str:
        parts = [f"{self.pushed} version commit(s) pushed"]
        if self.pulled:
            parts.append("the remote's versions fetched")
        if self.re_recorded:
            parts.append("recorded again on the remote's: " + ", ".join(sorted(set(self.re_recorded))))
        if self.repeats:
            parts.append("recorded by another runner first (this runner's alerts for them marked repeats): "
                         + ", ".join(sorted(set(self.repeats))))
        if self.attempts > 1:
            parts.append(f"{self.attempts} attempts")
        return f"synced with {self.remote}: " + ", ".join(parts)


def add_remote(archive: Archive, name: str, url: str) -> None:
    """Name a remote (any git URL: a path, file://, ssh, https) and make it the default one."""
    if not _NAME.match(name):
        raise ArchiveError(f"bad remote name {name!r}: use letters, digits, '.', '_' or '-'")
    existing = archive.store.git("remote").split()
    if name in existing:
        if archive.store.git("remote", "get-url", name).strip() != url:  # another remote: no history to compare with
            for ref in archive.store.git("for-each-ref", "--format=%(refname)", f"{SYNCED_REFS}{name}/").split():
                archive.store.git("update-ref", "-d", ref)
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


def sync(archive: Archive, remote: str | None = None, *, timeout: float | None = None) -> SyncResult:
    """Fetch the remote (into a quarantine ref, checked before use), replay this runner's new
    versions onto its branch, merge the run state, check the invariant, push both; retried with
    backoff when another runner pushed first. Every git fetch/push is killed after ``timeout``
    seconds (default ``$POLICYDIFF_SYNC_TIMEOUT`` or NETWORK_TIMEOUT)."""
    name = remote or default_remote(archive)
    seconds = network_timeout() if timeout is None else timeout
    result = SyncResult(name)
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        result.attempts = attempt
        remote_tip, remote_state = _fetch(archive, name, seconds)
        _check_not_rewritten(archive, name, remote_tip, remote_state)
        local_tip = archive.store.tip()
        new_tip, pushed, conflicts, moved = _replay(archive, local_tip, remote_tip)
        if new_tip != local_tip:
            if conflicts:  # the commits to record again stay reachable until they are (a kill between is finished later)
                archive.store.update_refs([(f"{REPLAYED_REFS}{commit}", ANY, commit) for commit in dict.fromkeys(c for _s, c in conflicts)],
                                          "policydiff replayed")
            # main and the grafted policies' refs move together: a ref never names a commit the remote lacks
            updates = [(BRANCH, local_tip, new_tip)] + [(POLICY_REFS + slug, ANY, c) for slug, c in sorted(moved.items())]
            if not archive.store.update_refs(updates, "policydiff sync", durable={BRANCH}, logged={BRANCH}):
                continue  # a snapshot landed locally meanwhile: start again
            result.pulled = result.pulled or remote_tip is not None and new_tip != local_tip
        result.re_recorded += _finish_replays(archive, result.repeats)
        tip = archive.store.tip()
        check_readable(archive, tip, since=remote_tip)
        state_commit = _merge_state(archive, name, remote_state)
        if _push(archive, name, tip, state_commit, seconds):
            archive.store.update_refs([(f"{SYNCED_REFS}{name}/main", ANY, tip),
                                       (f"{SYNCED_REFS}{name}/state", ANY, state_commit)], "policydiff sync")
            result.pushed += pushed + len(result.re_recorded)
            return result
        time.sleep(min(0.05 * 2**attempt, 2.0) * (0.5 + random.random()))
    raise ArchiveError(f"sync with {name}: the remote kept moving ({PUSH_ATTEMPTS} attempts); run `policydiff sync` again")


def network_timeout() -> float:
    """Seconds one git fetch or push may take: ``$POLICYDIFF_SYNC_TIMEOUT`` or NETWORK_TIMEOUT."""
    raw = os.environ.get(TIMEOUT_ENV, "")
    try:
        value = float(raw) if raw else NETWORK_TIMEOUT
    except ValueError:
        raise ArchiveError(f"{TIMEOUT_ENV}={raw!r}: give a number of seconds") from None
    if not 0 < value <= 86400:
        raise ArchiveError(f"{TIMEOUT_ENV}={raw!r}: give a number of seconds above 0 (at most 86400)")
    return value


def _network_git(archive: Archive, name: str, args: list[str], seconds: float) -> subprocess.CompletedProcess[bytes]:
    """``git fetch``/``push`` in its own process group, killed whole (with its transport helpers)
    after ``seconds``: a remote that accepts connections and never answers costs a deadline, not a hang."""
    env = dict(os.environ, LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_SSH_COMMAND=os.environ.get(
        "GIT_SSH_COMMAND", f"ssh -o BatchMode=yes -o ConnectTimeout={max(int(seconds), 1)}"))
    cmd = ["git", "--git-dir", str(archive.store.git_dir), "-c", "http.lowSpeedLimit=1",
           "-c", f"http.lowSpeedTime={max(int(seconds), 1)}", *args]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, start_new_session=True)
    except FileNotFoundError:
        raise ArchiveError("git is not installed (the archive is a git repository)") from None
    try:
        out, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ArchiveError(f"git {args[0]} {name}: no answer within {seconds:g} s (set {TIMEOUT_ENV} for a slow remote); "
                           "nothing was changed there, the local archive is complete") from None
    except BaseException:
        _kill_group(proc)
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode or 0, out, err)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def _fetch(archive: Archive, name: str, seconds: float) -> tuple[str | None, str | None]:
    """Fetch the remote's branches and state into quarantine refs and check them before anything
    uses them. Returns (the remote's main, its state commit)."""
    quarantine = f"{QUARANTINE_REFS}{name}/"
    _clear_local_locks(archive, quarantine)
    # git checks every fetched object (fetch.fsckObjects): a tree naming '..', '.git' or a path with
    # '/' is refused before any ref names it; what git allows, _remote_state_files checks again.
    # Globs, so a remote without a state ref (or without any branch yet) is not an error.
    # --refmap= : only the quarantine refs are written (not the remote's configured tracking refs)
    proc = _network_git(archive, name, ["-c", "fetch.fsckObjects=true", "fetch", "--quiet", "--no-tags",
                                        "--no-write-fetch-head", "--prune", "--refmap=", name,
                                        f"+refs/heads/*:{quarantine}heads/*",
                                        f"+refs/policydiff/*:{quarantine}policydiff/*"], seconds)
    if proc.returncode != 0:
        detail = " / ".join(proc.stderr.decode("utf-8", "replace").strip().splitlines())[:300]
        raise ArchiveError(f"git fetch {name} failed: {detail}; nothing was changed, the local archive is complete")
    return _accept(archive, name)


def _accept(archive: Archive, name: str) -> tuple[str | None, str | None]:
    """Check what the quarantine refs name; the checked values."""
    quarantine = f"{QUARANTINE_REFS}{name}/"
    tip = archive.store.read_ref(quarantine + "heads/main")
    state_commit = archive.store.read_ref(quarantine + "policydiff/state")
    if tip is not None:
        _check_branch(archive, name, tip)
    _remote_state_files(archive, state_commit, name)  # raises on anything that may not be written
    return tip, state_commit


def _clear_local_locks(archive: Archive, quarantine: str) -> None:
    """Ref locks a killed fetch left in the quarantine (and packed-refs.lock), cleared by the rule
    of ``gitrefs.clear_stale_lock``; a fresh one is waited out (a live git holds one for
    milliseconds), so a sync right after a crash does not fail on its leftovers."""
    git_dir = archive.store.git_dir
    folder = git_dir / quarantine
    locks = [git_dir / "packed-refs.lock"] + (list(folder.rglob("*.lock")) if folder.is_dir() else [])
    for lock in locks:
        deadline = time.monotonic() + STALE_LOCK_SECONDS + 2
        while True:
            try:
                if clear_stale_lock(lock) or time.monotonic() > deadline:
                    break
            except (FileNotFoundError, NotADirectoryError):
                break
            time.sleep(0.2)


def _check_branch(archive: Archive, name: str, tip: str) -> None:
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


def _check_not_rewritten(archive: Archive, name: str, remote_tip: str | None, remote_state: str | None) -> None:
    """The remote's main and state must contain what this runner last synced: a force-push, reset
    or amended tip is an error with how to recover, never grafted over."""
    for ref, now in (("main", remote_tip), ("state", remote_state)):
        synced = archive.store.read_ref(f"{SYNCED_REFS}{name}/{ref}")
        if synced is None or now == synced:
            continue
        if now is not None and _is_ancestor(archive, synced, now):
            continue
        what = BRANCH if ref == "main" else STATE_REF
        git = f"git --git-dir {archive.store.git_dir}"
        raise ArchiveError(
            f"remote {name}: its {what} {'is gone' if now is None else f'({now[:10]}) no longer contains {synced[:10]}'}, "
            f"which this runner synced last: the remote was rewritten (force-push, reset or amend); nothing was changed "
            f"or pushed. Recover: if the rewrite was a mistake, put it back with `{git} push --force {name} "
            f"{synced}:{what}`; if it was meant, start this runner from a fresh archive (`policydiff init`, "
            f"`policydiff remote add`, `policydiff sync`) and keep this one as the record of what it had")


def _is_ancestor(archive: Archive, old: str, new: str) -> bool:
    proc = subprocess.run(["git", "--git-dir", str(archive.store.git_dir), "merge-base", "--is-ancestor", old, new],
                          capture_output=True, check=False)
    return proc.returncode == 0


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


def _replay(archive: Archive, local_tip: str, remote_tip: str | None
            ) -> tuple[str, int, list[tuple[str, str]], dict[str, str]]:
    """Local commits the remote lacks, grafted folder by folder onto the remote's tip; each grafted
    folder's versions.json names the grafted ids of earlier versions (so every version stays
    readable from the remote alone).

    Returns (the new local tip, commits grafted, (slug, commit) pairs changed on both sides,
    slug -> the grafted commit that now records its newest version).
    """
    if remote_tip is None:
        return local_tip, _count(archive, local_tip, None), [], {}
    if _is_ancestor(archive, remote_tip, local_tip):  # a fast-forward: nothing to graft
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


def _finish_replays(archive: Archive, repeats: list[str]) -> list[str]:
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


# What a state tree may hold: checks.json and the outbox's one-item files, each named after a
# policy by the slug rule (``archive.layout``); nothing else is ever written from a remote.
_OUTBOX_FILE = re.compile(r"\A(intent|change|failure)-([a-z0-9][a-z0-9._-]{0,79})-[0-9a-f]{16}\.json\Z")
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


def _remote_state_files(archive: Archive, commit: str | None, name: str = "the remote") -> dict[str, bytes]:
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


def _merge_state(archive: Archive, name: str, remote_commit: str | None) -> str:
    """Merge the remote's state (checked: ``_remote_state_files``) into ``state/`` and commit the
    result on top of the remote's state commit."""
    # intents are one runner's crash recovery: never shared (another runner would alert them again)
    local = {rel: data for rel, data in _state_files(archive.path).items() if not _is_intent(rel)}
    theirs = {rel: data for rel, data in _remote_state_files(archive, remote_commit, name).items() if not _is_intent(rel)}
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


def _push(archive: Archive, name: str, tip: str, state_commit: str, seconds: float) -> bool:
    """Push the branch (a fast-forward of the remote's) and the state in one atomic push, under
    the network deadline; False when another runner pushed first."""
    _clear_remote_locks(archive, name)
    proc = _network_git(archive, name, ["push", "--quiet", "--atomic", "--porcelain", name,
                                        f"{tip}:{BRANCH}", f"{state_commit}:{STATE_REF}"], seconds)
    if proc.returncode == 0:
        return True
    detail = " / ".join((proc.stdout + proc.stderr).decode("utf-8", "replace").strip().splitlines())[:400]
    if any(word in detail for word in ("rejected", "fetch first", "non-fast-forward", "stale info")):
        return False
    raise ArchiveError(f"git push {name} failed: {detail}; the local archive is complete, the next sync pushes it")


def remote_path(archive: Archive, name: str) -> Path | None:
    """The git directory of a remote on this machine (a path or file:// URL), else None."""
    try:
        url = archive.store.git("remote", "get-url", name).strip()
    except ArchiveError:
        return None
    if url.startswith("file://"):
        url = url[len("file://"):]
    elif "://" in url or re.match(r"\A[^/]+:", url):
        return None  # ssh, https, git: the server clears its own locks
    path = Path(url) if os.path.isabs(url) else archive.store.git_dir / url
    return path / ".git" if (path / ".git").is_dir() else path


def _clear_remote_locks(archive: Archive, name: str) -> None:
    """A path remote's ref locks left by a killed push are cleared by the rule local ones are
    (``gitrefs.clear_stale_lock``: older than STALE_LOCK_SECONDS)."""
    git_dir = remote_path(archive, name)
    if git_dir is None:
        return
    for ref in (BRANCH, STATE_REF, "packed-refs"):
        try:
            clear_stale_lock(git_dir / (ref + ".lock"))
        except (FileNotFoundError, NotADirectoryError):
            pass
        except PermissionError as exc:
            raise ArchiveError(f"remote {name}: a stale lock {exc.filename} could not be removed ({exc.strerror})") from None


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
