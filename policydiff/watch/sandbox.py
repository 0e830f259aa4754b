"""The browser as a sandbox for someone else's page: what ``watch.browser`` runs Chromium inside.

What a page can and cannot do in it:

- every request it makes is paused (DevTools ``Fetch`` domain) and checked by the source's
  ``watch.netpolicy``: a navigation of the page (an HTTP redirect, ``location.href``) stays on
  the source's site, and no request reaches a private or loopback address unless the source
  allows it for its own host; a refused navigation is the fetch's error (frames stay in the
  tab's process, so their requests are the tab's; a dedicated worker's are too; popups are
  blocked by Chromium, no user having clicked); Chromium's own resolver is told that private
  address literals and ``localhost`` do not exist (``NetPolicy.resolver_rules``), which stops a
  WebSocket too (Fetch does not pause those); WebRTC sends no UDP but through a proxy (none);
- downloads are denied (``Browser.setDownloadBehavior``), and Chromium's HOME is the throwaway
  profile, so a page that clicks ``<a download>`` writes nothing anywhere;
- ``alert``/``confirm``/``prompt``/``beforeunload`` dialogs are dismissed as they open;
- memory is capped (``MEMORY_MB``): the process tree's cgroup v2 ``memory.max`` where this
  process may make one (``cgroup_cap``), each process's data segment (``RLIMIT_DATA``, set by a small
  launcher before Chromium starts; ``RLIMIT_AS`` cannot be used, V8 reserves tens of GB of
  address space), V8's heap (``--max-old-space-size``), and the whole process tree's
  proportional set size, watched while the page loads: past the cap the browser is ended and
  the fetch fails saying so;
- one browser at a time by default (``POLICYDIFF_BROWSERS``), across processes too (a lock file);
- credentials in the URL are answered to the source's own origin's authentication challenge,
  never put in the address the page sees, and never shown; the source's ``headers`` go with
  its own origin's requests only, not with what the page loads from elsewhere;
- the profile folder is removed when the browser ends, timeout and errors included, and a
  folder left by a killed run is removed by the next one.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit, urlunsplit

from policydiff.errors import FetchError
from policydiff.text.safety import redact_url
from policydiff.watch.netpolicy import NetPolicy

BROWSERS_ENV = "POLICYDIFF_BROWSERS"  # browsers running at once on this machine (default 1)
MEMORY_ENV = "POLICYDIFF_BROWSER_MEMORY_MB"  # the memory cap of one browser's process tree
MEMORY_MB = 1024
PROFILE_PREFIX = "policydiff-chromium-"


def memory_cap_mb() -> int:
    """The memory cap of one browser in MB: $POLICYDIFF_BROWSER_MEMORY_MB, else MEMORY_MB."""
    try:
        return max(256, int(os.environ.get(MEMORY_ENV, MEMORY_MB)))
    except ValueError:
        return MEMORY_MB


def browsers_at_once() -> int:
    """How many browsers may run at once on this machine: $POLICYDIFF_BROWSERS, else 1."""
    try:
        return max(1, int(os.environ.get(BROWSERS_ENV, "1")))
    except ValueError:
        return 1


# Run by the launcher process: cap the data segment of Chromium's processes (inherited by every
# process it starts), then become Chromium. posix_spawn cannot set a limit, and a preexec_fn is
# unsafe in a process that fetches from threads.
LAUNCHER = (
    "import os, resource, sys\n"
    "cap = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)


def sweep_profiles(folder: str | None = None) -> int:
    """Remove the profile folders of browsers whose run ended without removing them (a killed
    run): each is named after the process that made it. How many were removed."""
    base = folder or tempfile.gettempdir()
    removed = 0
    try:
        names = os.listdir(base)
    except OSError:
        return 0
    for name in names:
        if not name.startswith(PROFILE_PREFIX):
            continue
        owner = name[len(PROFILE_PREFIX):].split("-", 1)[0]
        if owner.isdigit() and int(owner) != os.getpid() and not _alive(int(owner)):
            shutil.rmtree(os.path.join(base, name), ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def tree_memory_mb(pgid: int) -> float:
    """The memory of every process in process group ``pgid``: the sum of their proportional set
    sizes (shared pages counted once overall), resident sizes where that is not readable."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) != pgid:  # after the name: state, ppid, pgrp
                continue
            try:
                with open(f"/proc/{entry}/smaps_rollup", "rb") as f:
                    pss = next(line for line in f if line.startswith(b"Pss:"))
                total += int(pss.split()[1]) * 1024
            except (OSError, StopIteration):
                total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # rss, in pages
        except (OSError, ValueError, IndexError):
            continue  # it ended meanwhile
    return total / (1 << 20)


CGROUP_ROOT = "/sys/fs/cgroup"


def cgroup_cap(pid: int, limit_bytes: int) -> str | None:
    """Put process ``pid`` (the launcher, before Chromium has started anything) in a cgroup v2 of
    its own whose ``memory.max`` is ``limit_bytes``: the kernel then caps the whole tree. None
    where that cannot be done — no cgroup v2, this process's cgroup not writable, or no memory
    controller delegated to it (the usual case in a container): the watch and ``RLIMIT_DATA`` hold.
    """
    try:
        with open("/proc/self/cgroup", encoding="utf-8") as f:
            own = next((line[3:].strip() for line in f if line.startswith("0::")), None)
        if own is None or not os.path.exists(os.path.join(CGROUP_ROOT, "cgroup.controllers")):
            return None
        path = os.path.join(CGROUP_ROOT, own.lstrip("/"), f"policydiff-browser-{pid}")
        os.mkdir(path, 0o700)
    except OSError:
        return None
    try:
        for name, value in (("memory.max", str(limit_bytes)), ("memory.swap.max", "0"), ("cgroup.procs", str(pid))):
            try:
                with open(os.path.join(path, name), "w", encoding="ascii") as f:
                    f.write(value)
            except FileNotFoundError:
                if name != "memory.swap.max":  # no swap accounting: memory.max alone will do
                    raise
        return path
    except OSError:
        cgroup_remove(path)
        return None


def cgroup_remove(path: str | None) -> None:
    """Remove a browser's cgroup once its processes are gone (nothing when there is none)."""
    if path:
        try:
            os.rmdir(path)
        except OSError:
            pass


class BrowserSlot:
    """One of the machine's browser slots (``browsers_at_once``): a lock file per slot, taken
    within the deadline, so that two runs (or two threads) never start two browsers at once."""

    def __init__(self, deadline: float, url: str) -> None:
        self.fd: int | None = None
        # flock belongs to an open file description: two threads of one process, each opening
        # the file, exclude each other as two processes do
        folder = os.path.join(tempfile.gettempdir(), f"policydiff-browser-{os.getuid()}")
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            st = os.lstat(folder)
            if st.st_uid != os.getuid() or not os.path.isdir(folder) or os.path.islink(folder):
                raise FetchError(f"{url}: {folder} is not this user's folder; remove it (it holds the browser lock)")
            while self.fd is None:
                for slot in range(browsers_at_once()):
                    fd = os.open(os.path.join(folder, f"slot-{slot}.lock"), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        os.close(fd)
                        continue
                    self.fd = fd
                    break
                if self.fd is None:
                    if time.monotonic() >= deadline:
                        raise FetchError(f"{url}: another run's browser kept running past the deadline "
                                         f"(one at a time: set {BROWSERS_ENV} to allow more)")
                    time.sleep(0.05)
        except OSError as exc:
            raise FetchError(f"{url}: cannot take the browser lock in {folder}: {exc.strerror or exc}") from None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # the lock goes with it
            self.fd = None


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """``url`` without its user-info, and the (user, password) it held, decoded.

    >>> split_credentials("http://alice:Pa%2Fss@example.com:8080/p?q=1")
    ('http://example.com:8080/p?q=1', ('alice', 'Pa/ss'))
    >>> split_credentials("https://example.com/p")
    ('https://example.com/p', None)
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=host)), (unquote(parts.username or ""), unquote(parts.password or ""))


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = None
    return parts.scheme, (parts.hostname or "").lower(), port


class PageGuard:
    """The page's guard: answers every paused request, dialog and authentication challenge."""

    def __init__(self, pipe: Channel, address: str, policy: NetPolicy, credentials: tuple[str, str] | None) -> None:
        self.pipe, self.address, self.policy, self.credentials = pipe, address, policy, credentials
        self.headers: dict[str, str] = {}  # the source's headers: for its own origin's requests only
        self.session = ""
        self.main_frame = ""
        self.refused = ""  # why a navigation of the page was refused
        self.dialogs = 0
        self.auth_tries = 0
        pipe.handlers.update({
            "Fetch.requestPaused": self.on_request, "Fetch.authRequired": self.on_auth,
            "Page.javascriptDialogOpening": self.on_dialog, "Inspector.targetCrashed": self.on_crash,
            "Target.targetCrashed": self.on_crash,
        })

    def on_request(self, msg: dict[str, Any]) -> None:
        params = msg.get("params") or {}
        request_url = str((params.get("request") or {}).get("url") or "")
        navigation = params.get("resourceType") == "Document" and params.get("frameId") == self.main_frame
        refusal = self.policy.refusal(request_url, navigation=navigation)
        if refusal is None:
            answer: dict[str, Any] = {"requestId": params.get("requestId")}
            if self.headers and _origin(request_url) == _origin(self.address):
                sent = {k: v for k, v in dict((params.get("request") or {}).get("headers") or {}).items()
                        if k.lower() not in {h.lower() for h in self.headers}}
                answer["headers"] = [{"name": k, "value": str(v)} for k, v in {**sent, **self.headers}.items()]
            self.pipe.send("Fetch.continueRequest", answer, msg.get("sessionId"))
            return
        if navigation and not self.refused:
            hop = "" if request_url == self.address else " " + redact_url(request_url)
            self.refused = f"refused{hop}: {refusal}"
        self.pipe.send("Fetch.failRequest", {"requestId": params.get("requestId"), "errorReason": "BlockedByClient"},
                       msg.get("sessionId"))

    def on_auth(self, msg: dict[str, Any]) -> None:
        params = msg.get("params") or {}
        challenge = params.get("authChallenge") or {}
        request_url = str((params.get("request") or {}).get("url") or "")
        answer: dict[str, Any] = {"response": "CancelAuth"}
        if (self.credentials and challenge.get("source", "Server") == "Server" and self.auth_tries < 2
                and _origin(request_url) == _origin(self.address)):
            self.auth_tries += 1  # wrong credentials are asked again: answered twice, then refused
            answer = {"response": "ProvideCredentials", "username": self.credentials[0], "password": self.credentials[1]}
        self.pipe.send("Fetch.continueWithAuth", {"requestId": params.get("requestId"), "authChallengeResponse": answer},
                       msg.get("sessionId"))

    def on_dialog(self, msg: dict[str, Any]) -> None:
        self.dialogs += 1
        self.pipe.send("Page.handleJavaScriptDialog", {"accept": False}, msg.get("sessionId"))

    def on_crash(self, msg: dict[str, Any]) -> None:
        raise FetchError(f"{self.pipe.url}: the page crashed the browser's renderer (out of memory? the cap is "
                         f"{self.pipe.memory_mb} MB, {MEMORY_ENV})")


class Channel(Protocol):
    """What the guard needs of the DevTools pipe: send without waiting, and where to hook events."""

    url: str
    memory_mb: int
    handlers: dict[str, Any]

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int: ...
