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

The checks of what a fetch brought are ``archive.remote_trust``; the replay and the invariant,
``archive.remote_replay``; the run state's merge, ``archive.remote_state``.

Network operations go through the ``git`` command in their own process group, killed after the
deadline (``POLICYDIFF_SYNC_TIMEOUT``); a failed push leaves the local archive intact and
complete, and the next ``sync`` finishes the job.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from policydiff import regex_cache
from policydiff.archive import moving_refs
from policydiff.archive.gitrefs import STALE_LOCK_SECONDS, clear_stale_lock
from policydiff.archive.layout import BRANCH, POLICY_REFS
from policydiff.archive.remote_replay import REPLAYED_REFS, check_readable, finish_replays, replay
from policydiff.archive.remote_state import merge_state
from policydiff.archive.remote_trust import (
    STATE_REF,
    SYNCED_REFS,
    check_branch,
    check_not_rewritten,
    remote_state_files,
)
from policydiff.archive.store import ANY
from policydiff.errors import ArchiveError, UsageError

if TYPE_CHECKING:
    from policydiff.archive.versions import Archive

DEFAULT_REMOTE_KEY = "policydiff.remote"
PUSH_ATTEMPTS = 12
QUARANTINE_REFS = "refs/policydiff-incoming/"  # what a fetch brought, before it is checked
TIMEOUT_ENV = "POLICYDIFF_SYNC_TIMEOUT"
NETWORK_TIMEOUT = 120.0  # seconds one git fetch or push may take
_NAME = regex_cache.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")


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
    archive.settle_moved_refs()  # what a sync killed halfway left
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        result.attempts = attempt
        remote_tip, remote_state = _fetch(archive, name, seconds)
        check_not_rewritten(archive, name, remote_tip, remote_state)
        local_tip = archive.store.tip()
        new_tip, pushed, conflicts, moved = replay(archive, local_tip, remote_tip)
        if new_tip != local_tip:
            if conflicts:  # the commits to record again stay reachable until they are (a kill between is finished later)
                archive.store.update_refs([(f"{REPLAYED_REFS}{commit}", ANY, commit) for commit in dict.fromkeys(c for _s, c in conflicts)],
                                          "policydiff replayed")
            # main and the grafted policies' refs move together: a ref never names a commit the remote lacks
            updates = [(BRANCH, local_tip, new_tip)] + [(POLICY_REFS + slug, ANY, c) for slug, c in sorted(moved.items())]
            # journaled (moving_refs): killed between the renames, no reader trusts a policy ref left behind
            with moving_refs.moving(archive.store.git_dir, moved):
                landed = archive.store.update_refs(updates, "policydiff sync", durable={ref for ref, _o, _n in updates},
                                                   logged={BRANCH})
            if not landed:
                continue  # a snapshot landed locally meanwhile: start again
            result.pulled = result.pulled or remote_tip is not None and new_tip != local_tip
        result.re_recorded += finish_replays(archive, result.repeats)
        tip = archive.store.tip()
        check_readable(archive, tip, since=remote_tip)
        state_commit = merge_state(archive, name, remote_state)
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
        check_branch(archive, name, tip)
    remote_state_files(archive, state_commit, name)  # raises on anything that may not be written
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
