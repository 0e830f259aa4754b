"""Fetch a page with headless Chromium, for policies that a script fills in after load.

``render = "browser"`` on a source (and ``policydiff snapshot --render browser``) comes here
instead of ``watch.fetch``. The browser is driven through the DevTools protocol over a pipe
(``--remote-debugging-pipe``: JSON messages ending in NUL on file descriptors 3 and 4), with
the standard library only: no driver process, no Playwright, nothing imported by a run that
has no browser source. The page's HTML is taken once the network is idle (Chromium's own
``networkIdle`` lifecycle event: no request for 500 ms) or once the ``wait_for`` CSS selector
matches, and the whole fetch — start, navigation, wait, read — is bounded by one deadline.

What comes back is read like a plain fetch's bytes, so the page's HTML goes through
the same ``archive.snapshot`` path: extraction, bot-wall and shrink guards alike. The browser
is a sandbox for someone else's page (``watch.sandbox``: the request guard, the memory cap, the
lock, the profile folder): what a page can and cannot do is said there.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from policydiff.errors import FetchError
from policydiff.text.limits import MAX_INPUT_BYTES
from policydiff.text.safety import redact_url
from policydiff.watch.netpolicy import NetPolicy
from policydiff.watch.pageload import IDLE_S, MainFrame, observe
from policydiff.watch.sandbox import (
    LAUNCHER,
    MEMORY_ENV,
    PROFILE_PREFIX,
    BrowserSlot,
    PageGuard,
    cgroup_cap,
    cgroup_remove,
    memory_cap_mb,
    split_credentials,
    sweep_profiles,
    tree_memory_mb,
)

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CHROMIUM_ENV = "POLICYDIFF_CHROMIUM"  # an explicit executable wins over the search of PATH
POLL = 0.1  # seconds between checks of a wait_for selector
WATCH = 0.25  # seconds between checks of the browser's memory

_ARGS = (
    "--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
    "--disable-background-networking", "--disable-sync", "--disable-component-update", "--disable-default-apps",
    "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe", "--disable-dev-shm-usage",
    "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication",
    # a policy is text: images are not fetched, so a page full of them is idle sooner
    "--blink-settings=imagesEnabled=false",
    "--disable-breakpad", "--disable-crash-reporter", "--no-service-autorun", "--password-store=basic",
    "--use-mock-keychain", "--renderer-process-limit=2", "--disable-notifications",
    # every frame in the tab's own process: a cross-site frame's requests are then the tab's,
    # paused and checked like the page's own (an out-of-process frame would be another target)
    "--disable-site-isolation-trials",
    # WebRTC may not reach the network except through a proxy (there is none): no UDP to local addresses
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp", "--webrtc-ip-handling-policy=disable_non_proxied_udp",
)


def find_chromium() -> str | None:
    """The Chromium executable: $POLICYDIFF_CHROMIUM, else the first of CHROMIUM_NAMES on PATH."""
    explicit = os.environ.get(CHROMIUM_ENV)
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    return next((p for p in (shutil.which(n) for n in CHROMIUM_NAMES) if p), None)


@dataclass
class Rendered:
    """The rendered page: its HTML (UTF-8) and how its document was served."""

    url: str
    final_url: str
    status: int
    data: bytes
    fetched_at: datetime
    content_type: str = "text/html; charset=utf-8"
    charset: str = "utf-8"


class _Pipe:
    """One Chromium process and its DevTools pipe: send a command, wait for its answer or an event.

    ``handlers`` answer events that would otherwise stall the page (a paused request, a dialog,
    an authentication challenge) as soon as they are read, whatever the caller is waiting for.
    """

    def __init__(self, executable: str, deadline: float, url: str, rules: str = "") -> None:
        self.deadline = deadline
        self.url = url
        self.next_id = 0
        self.buffer = b""
        self.events: list[dict[str, Any]] = []
        self.handlers: dict[str, Any] = {}
        self.memory_mb = memory_cap_mb()
        self.peak_mb = 0.0
        self.next_watch = 0.0
        sweep_profiles()
        self.profile = tempfile.mkdtemp(prefix=f"{PROFILE_PREFIX}{os.getpid()}-")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        heap = max(128, self.memory_mb // 2)
        args = [executable, *_ARGS, f"--user-data-dir={self.profile}", f"--js-flags=--max-old-space-size={heap}",
                *([f"--host-resolver-rules={rules}"] if rules else []), "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        launcher = [sys.executable, "-S", "-c", LAUNCHER, str(self.memory_mb << 20), *args]
        # the profile is Chromium's home too: whatever it writes (a download folder, caches) goes with it
        env = dict(os.environ, HOME=self.profile, XDG_CONFIG_HOME=self.profile, XDG_CACHE_HOME=self.profile,
                   XDG_DOWNLOAD_DIR=os.path.join(self.profile, "downloads"))
        devnull = os.open(os.devnull, os.O_RDWR)
        try:
            # posix_spawn, not fork + dup2: the check fetches from worker threads; its own process
            # group, so that close() ends the renderers and helpers with it
            self.pid = os.posix_spawn(sys.executable, launcher, env, setpgroup=0, file_actions=[
                (os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2),
                (os.POSIX_SPAWN_DUP2, to_child_r, 3), (os.POSIX_SPAWN_DUP2, from_child_w, 4),
            ])
        except OSError as exc:
            for fd in (to_child_r, from_child_w, self.to_child, self.from_child):
                os.close(fd)
            shutil.rmtree(self.profile, ignore_errors=True)
            raise FetchError(f"{url}: cannot start Chromium {executable}: {exc.strerror or exc}") from None
        finally:
            os.close(devnull)
        os.close(to_child_r)
        os.close(from_child_w)
        self.cgroup = cgroup_cap(self.pid, self.memory_mb << 20)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        self.next_id += 1
        msg: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self.to_child, data):]
        except OSError:
            raise FetchError(f"{self.url}: Chromium closed its DevTools pipe") from None
        return self.next_id

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send a command and wait (within the deadline) for its result; events are queued."""
        want = self.send(method, params, session)
        while True:
            msg = self.read()
            assert msg is not None
            if msg.get("id") == want:
                if "error" in msg:
                    raise FetchError(f"{self.url}: Chromium: {method}: {msg['error'].get('message', msg['error'])}")
                return dict(msg.get("result") or {})
            if "method" in msg:
                self.events.append(msg)

    def read(self, until: float | None = None) -> dict[str, Any] | None:
        """The next message; None when ``until`` (before the deadline) passes first; TimeoutError at the deadline."""
        while True:
            while b"\0" not in self.buffer:
                end = self.deadline if until is None else min(until, self.deadline)
                left = end - time.monotonic()
                self.watch_memory()
                ready = left > 0 and select.select([self.from_child], [], [], min(left, WATCH))[0]
                if not ready:
                    if time.monotonic() < end:
                        continue
                    if end >= self.deadline:
                        raise TimeoutError
                    return None
                chunk = os.read(self.from_child, 1 << 20)
                if not chunk:
                    self.watch_memory(final=True)
                    raise FetchError(f"{self.url}: Chromium exited unexpectedly")
                self.buffer += chunk
                if len(self.buffer) > 4 * MAX_INPUT_BYTES:
                    raise FetchError(f"{self.url}: page too large (over {MAX_INPUT_BYTES} bytes)")
            raw, self.buffer = self.buffer.split(b"\0", 1)
            msg = dict(json.loads(raw))
            handler = self.handlers.get(str(msg.get("method")))
            if handler is None:
                return msg
            handler(msg)

    def watch_memory(self, final: bool = False) -> None:
        """End the browser when its process tree is over the memory cap (at most every WATCH s)."""
        now = time.monotonic()
        if now < self.next_watch and not final:
            return
        self.next_watch = now + WATCH
        used = tree_memory_mb(self.pid)
        self.peak_mb = max(self.peak_mb, used)
        if used > self.memory_mb:
            raise FetchError(f"{self.url}: the page made the browser use over {self.memory_mb} MB "
                             f"({used:.0f} MB; the cap is {MEMORY_ENV}); the browser was ended")

    def close(self) -> None:
        """End Chromium and every process it started (its own process group), at once, and
        remove its profile folder.

        A graceful ``Browser.close`` costs ~0.5 s of the 3 s budget and saves nothing: the
        profile is a temporary folder thrown away here, so the group is killed outright.
        """
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        for fd in (self.to_child, self.from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        # the group's other processes may still be writing (and be in the cgroup) for a moment after the kill
        for _ in range(20):
            shutil.rmtree(self.profile, ignore_errors=True)
            cgroup_remove(self.cgroup)
            if not os.path.exists(self.profile) and not (self.cgroup and os.path.exists(self.cgroup)):
                break
            time.sleep(0.01)


def render(
    url: str,
    *,
    timeout: float = 20.0,
    wait_for: str | None = None,
    headers: Mapping[str, str] | None = None,
    cookies: Mapping[str, str] | None = None,
    user_agent: str = "policydiff",
    executable: str | None = None,
    policy: NetPolicy | None = None,
) -> Rendered:
    """Load ``url`` in headless Chromium and return the rendered page's HTML.

    Waits for ``wait_for`` (a CSS selector) when given, else for the network to be idle; all of
    it within ``timeout`` seconds (FetchError past it, and the browser is ended). Every request
    the page makes must pass ``policy`` (default: ``NetPolicy(url)``: same site, no private
    address); a refused navigation of the page is a FetchError.
    """
    shown = redact_url(url)
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{shown}: not an http(s) URL")
    exe = executable or find_chromium()
    if exe is None:
        raise FetchError(
            f"{shown}: render = \"browser\" needs Chromium: install it (apt-get install chromium) "
            f"or set {CHROMIUM_ENV} to its executable"
        )
    address, credentials = split_credentials(url)
    deadline = time.monotonic() + timeout
    slot = BrowserSlot(deadline, shown)
    try:
        fetched_at = datetime.now(timezone.utc)
        policy = policy or NetPolicy(url)
        pipe = _Pipe(exe, deadline, shown, policy.resolver_rules())
        try:
            page = PageGuard(pipe, address, policy, credentials)
            return _load(pipe, page, timeout, wait_for, headers or {}, cookies or {}, user_agent, fetched_at)
        except TimeoutError:
            what = f"the selector {wait_for!r} did not appear" if wait_for else "the page did not finish loading"
            raise FetchError(f"{shown}: {what} within {timeout:g} s (browser)") from None
        finally:
            pipe.close()
    finally:
        slot.release()


def _load(pipe: _Pipe, page: PageGuard, timeout: float, wait_for: str | None, headers: Mapping[str, str],
          cookies: Mapping[str, str], user_agent: str, fetched_at: datetime) -> Rendered:
    """Attach to the browser's tab, set the request's identity and guard, load the page, read its HTML."""
    url = page.address
    pipe.call("Browser.setDownloadBehavior", {"behavior": "deny"})
    pages = [t for t in pipe.call("Target.getTargets").get("targetInfos", []) if t.get("type") == "page"]
    # the tab Chromium opened at start has its renderer running already: ~0.3 s cheaper than a new one
    target = pages[0]["targetId"] if pages else pipe.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    page.main_frame = str(target)  # a tab's main frame has the tab's id
    session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    page.session = session
    for method, params in (
        ("Page.enable", {}),
        ("Network.enable", {}),
        ("Page.setLifecycleEventsEnabled", {"enabled": True}),
        ("Network.setUserAgentOverride", {"userAgent": user_agent, "acceptLanguage": "zh-CN,zh;q=0.9,en;q=0.5"}),
        ("Fetch.enable", {"patterns": [{"urlPattern": "*", "requestStage": "Request"}], "handleAuthRequests": True}),
    ):
        pipe.call(method, params, session)
    page.headers = dict(headers)  # added to the source's own origin's requests as they are paused
    if cookies:
        pipe.call("Network.setCookies", {"cookies": [{"name": k, "value": v, "url": url} for k, v in cookies.items()]}, session)
    pipe.events.clear()  # about:blank's own lifecycle is not the page's
    main = _navigate(pipe, page, session, url, wait_for)
    html = pipe.call("Runtime.evaluate", {
        "expression": "document.documentElement ? document.documentElement.outerHTML : ''", "returnByValue": True,
    }, session)
    if page.refused:  # the page navigated (a script) somewhere it may not go
        raise FetchError(f"{pipe.url}: {page.refused} (browser)")
    text = str((html.get("result") or {}).get("value") or "")
    data = text.encode("utf-8")
    if len(data) > MAX_INPUT_BYTES:
        raise FetchError(f"{pipe.url}: response too large (over {MAX_INPUT_BYTES} bytes)")
    mime = main.mime or "text/html"
    if mime not in ("text/html", "application/xhtml+xml"):
        raise FetchError(f"{pipe.url}: render = \"browser\" reads HTML pages; this one is {mime} (drop render)")
    return Rendered(url=url, final_url=main.url or url, status=main.status or 200, data=data, fetched_at=fetched_at)


def _navigate(pipe: _Pipe, page: PageGuard, session: str, url: str, wait_for: str | None) -> MainFrame:
    """Load ``url`` in the tab; return once the network is idle or ``wait_for`` matches."""
    nav = pipe.call("Page.navigate", {"url": url}, session)
    if page.refused:
        raise FetchError(f"{pipe.url}: {page.refused} (browser)")
    if nav.get("errorText"):
        raise FetchError(f"{pipe.url}: {nav['errorText']} (browser)")
    main = MainFrame(frame=str(nav.get("frameId") or ""), loader=str(nav.get("loaderId") or ""), url=url)
    queued, pipe.events = pipe.events, []
    for msg in queued:
        observe(main, msg)
    next_poll = 0.0
    while True:
        for msg in pipe.events:
            observe(main, msg)
        pipe.events = []
        if page.refused:
            raise FetchError(f"{pipe.url}: {page.refused} (browser)")
        if main.failed:
            raise FetchError(f"{pipe.url}: {main.failed} (browser)")
        if main.status is not None and main.status >= 400:
            raise FetchError(f"{pipe.url}: HTTP {main.status} (browser)")
        if wait_for is None and main.settled():
            break
        polling = wait_for is not None and main.status is not None
        if polling and time.monotonic() >= next_poll:
            found = pipe.call("Runtime.evaluate", {
                "expression": f"!!document.querySelector({json.dumps(wait_for)})", "returnByValue": True,
            }, session)
            if "exceptionDetails" in found:
                raise FetchError(f"{pipe.url}: bad wait_for selector {wait_for!r}")
            if (found.get("result") or {}).get("value") is True:
                break
            next_poll = time.monotonic() + POLL
            continue
        settle = main.almost_idle + IDLE_S if main.download and main.almost_idle else None
        got = pipe.read(until=next_poll if polling else settle)
        if got is not None:
            observe(main, got)
    return main
