"""What the browser's tab has told of its page so far: the main frame's document and lifecycle.

``watch.browser`` feeds every DevTools event to ``observe``; ``MainFrame.settled`` says when the
page may be read (the network idle, Chromium's own ``networkIdle``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

IDLE_S = 0.5  # seconds of quiet that make the network idle (Chromium's own networkIdle rule)


@dataclass
class MainFrame:
    """What the main frame's navigation has told so far."""

    frame: str = ""
    loader: str = ""
    status: int | None = None
    url: str = ""
    mime: str = ""
    idle: bool = False
    failed: str = ""
    almost_idle: float = 0.0  # when ≤ 2 requests were left in flight (networkAlmostIdle), else 0
    download: bool = False  # a download began (denied): Chromium may then never report networkIdle

    def settled(self) -> bool:
        """Idle; or, once a denied download began (it stays "in flight" for Chromium), almost idle for IDLE_S."""
        return self.idle or (self.download and 0 < self.almost_idle <= time.monotonic() - IDLE_S)


def observe(main: MainFrame, msg: dict[str, Any]) -> None:
    """Follow the main frame: its document response (after redirects), lifecycle, failure."""
    method, params = msg.get("method"), msg.get("params") or {}
    if method == "Network.responseReceived" and params.get("type") == "Document" and params.get("frameId") == main.frame:
        response = params.get("response") or {}
        disposition = {k.lower(): str(v) for k, v in (response.get("headers") or {}).items()}.get("content-disposition", "")
        if disposition.lower().startswith("attachment"):
            return  # a download (denied): the page stays what it was
        main.status = int(response.get("status") or 0)
        main.url = str(response.get("url") or main.url)
        main.mime = str(response.get("mimeType") or "")
    elif method == "Page.lifecycleEvent" and params.get("frameId") == main.frame:
        if params.get("name") == "init":
            main.loader, main.idle, main.almost_idle = str(params.get("loaderId") or ""), False, 0.0
        elif params.get("name") == "networkIdle" and params.get("loaderId") == main.loader:
            main.idle = True
        elif params.get("name") == "networkAlmostIdle" and params.get("loaderId") == main.loader:
            main.almost_idle = time.monotonic()
    elif method == "Page.downloadWillBegin":
        main.download = True
    elif method == "Network.loadingFailed" and params.get("type") == "Document" and not main.status:
        main.failed = str(params.get("errorText") or "load failed")
