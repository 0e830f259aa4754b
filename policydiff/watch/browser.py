"""Fetch a page with headless Chromium, for policies that a script fills in after load.

``render = "browser"`` on a source (and ``policydiff snapshot --render browser``) comes here
instead of ``watch.fetch``. The browser is driven through the DevTools protocol over a pipe
(``--remote-debugging-pipe``: JSON messages ending in NUL on file descriptors 3 and 4), with
the standard library only: no driver process, no Playwright, nothing imported by a run that
has no browser source. The page's HTML is taken once the network is idle (Chromium's own
``networkIdle`` lifecycle event: no request for 500 ms) or once the ``wait_for`` CSS selector
matches, and the whole fetch — start, navigation, wait, read — is bounded by one deadline.

What comes back is read like a plain fetch's bytes, so the page's HTML goes through
the same ``archive.snapshot`` path: extraction, bot-wall and shrink guards alike.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from policydiff.errors import FetchError
from policydiff.text.limits import MAX_INPUT_BYTES

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CHROMIUM_ENV = "POLICYDIFF_CHROMIUM"  # an explicit executable wins over the search of PATH
POLL = 0.1  # seconds between checks of a wait_for selector
MAX_BROWSERS = 2  # browsers running at once in one process (each costs ~150 MB)
_SLOTS = threading.BoundedSemaphore(MAX_BROWSERS)

_ARGS = (
    "--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
    "--disable-background-networking", "--disable-sync", "--disable-component-update", "--disable-default-apps",
    "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe", "--disable-dev-shm-usage",
    "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication",
    # a policy is text: images are not fetched, so a page full of them is idle sooner
    "--blink-settings=imagesEnabled=false",
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


@dataclass
class _Main:
    """What the main frame's navigation has told so far."""

    frame: str = ""
    loader: str = ""
    status: int | None = None
    url: str = ""
    mime: str = ""
    idle: bool = False
    failed: str = ""


class _Pipe:
    """One Chromium process and its DevTools pipe: send a command, wait for its answer or an event."""

    def __init__(self, executable: str, deadline: float, url: str) -> None:
        self.deadline = deadline
        self.url = url
        self.next_id = 0
        self.buffer = b""
        self.events: list[dict[str, Any]] = []
        self.profile = tempfile.TemporaryDirectory(prefix="policydiff-chromium-", ignore_cleanup_errors=True)
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        args = [executable, *_ARGS, f"--user-data-dir={self.profile.name}", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        devnull = os.open(os.devnull, os.O_RDWR)
        try:
            # posix_spawn, not fork + dup2: the check fetches from worker threads; its own process
            # group, so that close() ends the renderers and helpers with it
            self.pid = os.posix_spawn(executable, args, os.environ, setpgroup=0, file_actions=[
                (os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2),
                (os.POSIX_SPAWN_DUP2, to_child_r, 3), (os.POSIX_SPAWN_DUP2, from_child_w, 4),
            ])
        except OSError as exc:
            for fd in (to_child_r, from_child_w, self.to_child, self.from_child):
                os.close(fd)
            self.profile.cleanup()
            raise FetchError(f"{url}: cannot start Chromium {executable}: {exc.strerror or exc}") from None
        finally:
            os.close(devnull)
        os.close(to_child_r)
        os.close(from_child_w)

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
        while b"\0" not in self.buffer:
            end = self.deadline if until is None else min(until, self.deadline)
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.from_child], [], [], left)[0]:
                if end >= self.deadline:
                    raise TimeoutError
                return None
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                raise FetchError(f"{self.url}: Chromium exited unexpectedly")
            self.buffer += chunk
            if len(self.buffer) > 4 * MAX_INPUT_BYTES:
                raise FetchError(f"{self.url}: page too large (over {MAX_INPUT_BYTES} bytes)")
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return dict(json.loads(raw))

    def close(self) -> None:
        """End Chromium and every process it started (its own process group), at once.

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
        # removing the profile (~0.2 s of small files) does not hold up the fetch; the folder's own
        # finalizer removes whatever is left at exit
        threading.Thread(target=self.profile.cleanup, name="policydiff-profile-cleanup", daemon=True).start()


def _observe(main: _Main, msg: dict[str, Any]) -> None:
    """Follow the main frame: its document response (after redirects), lifecycle, failure."""
    method, params = msg.get("method"), msg.get("params") or {}
    if method == "Network.responseReceived" and params.get("type") == "Document" and params.get("frameId") == main.frame:
        response = params.get("response") or {}
        main.status = int(response.get("status") or 0)
        main.url = str(response.get("url") or main.url)
        main.mime = str(response.get("mimeType") or "")
    elif method == "Page.lifecycleEvent" and params.get("frameId") == main.frame:
        if params.get("name") == "init":
            main.loader, main.idle = str(params.get("loaderId") or ""), False
        elif params.get("name") == "networkIdle" and params.get("loaderId") == main.loader:
            main.idle = True
    elif method == "Network.loadingFailed" and params.get("type") == "Document" and not main.status:
        main.failed = str(params.get("errorText") or "load failed")


def render(
    url: str,
    *,
    timeout: float = 20.0,
    wait_for: str | None = None,
    headers: Mapping[str, str] | None = None,
    cookies: Mapping[str, str] | None = None,
    user_agent: str = "policydiff",
    executable: str | None = None,
) -> Rendered:
    """Load ``url`` in headless Chromium and return the rendered page's HTML.

    Waits for ``wait_for`` (a CSS selector) when given, else for the network to be idle; all of
    it within ``timeout`` seconds (FetchError past it, and the browser is ended).
    """
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{url}: not an http(s) URL")
    exe = executable or find_chromium()
    if exe is None:
        raise FetchError(
            f"{url}: render = \"browser\" needs Chromium: install it (apt-get install chromium) "
            f"or set {CHROMIUM_ENV} to its executable"
        )
    with _SLOTS:
        deadline = time.monotonic() + timeout
        fetched_at = datetime.now(timezone.utc)
        pipe = _Pipe(exe, deadline, url)
        try:
            return _load(pipe, url, timeout, wait_for, headers or {}, cookies or {}, user_agent, fetched_at)
        except TimeoutError:
            what = f"the selector {wait_for!r} did not appear" if wait_for else "the page did not finish loading"
            raise FetchError(f"{url}: {what} within {timeout:g} s (browser)") from None
        finally:
            pipe.close()


def _load(pipe: _Pipe, url: str, timeout: float, wait_for: str | None, headers: Mapping[str, str],
          cookies: Mapping[str, str], user_agent: str, fetched_at: datetime) -> Rendered:
    """Attach to the browser's tab, set the request's identity, load the page, read its HTML."""
    pages = [t for t in pipe.call("Target.getTargets").get("targetInfos", []) if t.get("type") == "page"]
    # the tab Chromium opened at start has its renderer running already: ~0.3 s cheaper than a new one
    target = pages[0]["targetId"] if pages else pipe.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for method, params in (
        ("Page.enable", {}),
        ("Network.enable", {}),
        ("Page.setLifecycleEventsEnabled", {"enabled": True}),
        ("Network.setUserAgentOverride", {"userAgent": user_agent, "acceptLanguage": "zh-CN,zh;q=0.9,en;q=0.5"}),
    ):
        pipe.call(method, params, session)
    if headers:
        pipe.call("Network.setExtraHTTPHeaders", {"headers": dict(headers)}, session)
    if cookies:
        pipe.call("Network.setCookies", {"cookies": [{"name": k, "value": v, "url": url} for k, v in cookies.items()]}, session)
    pipe.events.clear()  # about:blank's own lifecycle is not the page's
    main = _navigate(pipe, session, url, wait_for)
    html = pipe.call("Runtime.evaluate", {
        "expression": "document.documentElement ? document.documentElement.outerHTML : ''", "returnByValue": True,
    }, session)
    text = str((html.get("result") or {}).get("value") or "")
    data = text.encode("utf-8")
    if len(data) > MAX_INPUT_BYTES:
        raise FetchError(f"{url}: response too large (over {MAX_INPUT_BYTES} bytes)")
    mime = main.mime or "text/html"
    if mime not in ("text/html", "application/xhtml+xml"):
        raise FetchError(f"{url}: render = \"browser\" reads HTML pages; this one is {mime} (drop render)")
    return Rendered(url=url, final_url=main.url or url, status=main.status or 200, data=data, fetched_at=fetched_at)


def _navigate(pipe: _Pipe, session: str, url: str, wait_for: str | None) -> _Main:
    """Load ``url`` in the tab; return once the network is idle or ``wait_for`` matches."""
    nav = pipe.call("Page.navigate", {"url": url}, session)
    if nav.get("errorText"):
        raise FetchError(f"{url}: {nav['errorText']} (browser)")
    main = _Main(frame=str(nav.get("frameId") or ""), loader=str(nav.get("loaderId") or ""), url=url)
    queued, pipe.events = pipe.events, []
    for msg in queued:
        _observe(main, msg)
    next_poll = 0.0
    while True:
        for msg in pipe.events:
            _observe(main, msg)
        pipe.events = []
        if main.failed:
            raise FetchError(f"{url}: {main.failed} (browser)")
        if main.status is not None and main.status >= 400:
            raise FetchError(f"{url}: HTTP {main.status} (browser)")
        if wait_for is None and main.idle:
            break
        polling = wait_for is not None and main.status is not None
        if polling and time.monotonic() >= next_poll:
            found = pipe.call("Runtime.evaluate", {
                "expression": f"!!document.querySelector({json.dumps(wait_for)})", "returnByValue": True,
            }, session)
            if "exceptionDetails" in found:
                raise FetchError(f"{url}: bad wait_for selector {wait_for!r}")
            if (found.get("result") or {}).get("value") is True:
                break
            next_poll = time.monotonic() + POLL
            continue
        got = pipe.read(until=next_poll if polling else None)
        if got is not None:
            _observe(main, got)
    return main
