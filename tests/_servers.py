"""Real local servers for the check/alert tests: a policy web server, a webhook receiver, an SMTP server.

All bind 127.0.0.1 on a free port and stop at the end of the test.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from policydiff.watch.netpolicy import NetPolicy

# Every server here is on 127.0.0.1: a fetch of one must say so (watch.netpolicy refuses loopback
# addresses by default), as a source does with allow_private = true.
LOCAL = NetPolicy("http://127.0.0.1/", allow_private=True)


def free_port() -> int:
    """A port nothing listens on right now (bound then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Page:
    """What the policy server answers for one path."""

    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    then: Page | None = None  # served (and kept) from the next request on
    auth: str | None = None  # "user:password": HTTP Basic authentication required (else 401 and a challenge)
    gate: threading.Event | None = None  # the answer waits for this (at most a minute): a fetch held open


class _Server:
    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        # serve_forever accepts after a select says a connection waits; a blocking accept that finds
        # it taken (another accepter of this socket) would wait for the next one and never see
        # shutdown. Non-blocking, it fails (socketserver passes the OSError by) and the loop goes on.
        self.httpd.socket.setblocking(False)
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.thread.join(timeout=10)
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class _PolicyHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        owner: PolicyServer = self.server.owner  # type: ignore[attr-defined]
        page = owner.pages.get(self.path.split("?")[0])
        with owner.lock:  # hits[i] and headers[i] are the same request
            owner.hits.append(self.path)
            owner.headers.append(dict(self.headers.items()))
        if page is None:
            page = Page(b"<html><body>Not Found</body></html>", status=404)
        elif page.then is not None:
            owner.pages[self.path.split("?")[0]] = page.then
        if page.delay:
            time.sleep(page.delay)
        if page.gate is not None:
            page.gate.wait(60)
        if page.auth is not None:
            import base64

            expected = "Basic " + base64.b64encode(page.auth.encode()).decode()
            if self.headers.get("Authorization") != expected:
                page = Page(b"<html><body>401</body></html>", status=401,
                            headers={"WWW-Authenticate": 'Basic realm="policies"'})
        try:
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            for key, value in page.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(page.body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class PolicyServer(_Server):
    """Serves policy pages from ``pages`` (path -> Page); change them between runs."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.hits: list[str] = []
        self.headers: list[dict[str, str]] = []  # each request's headers, in order
        self.lock = threading.Lock()
        super().__init__(_PolicyHandler)

    def __enter__(self) -> PolicyServer:
        super().__enter__()
        return self


class _HookHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        owner: WebhookReceiver = self.server.owner  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if len(body) < length:  # the sender died mid-request (a SIGKILLed check): nothing was delivered
            return
        owner.posts.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


class WebhookReceiver(_Server):
    """Captures every POST (path, body)."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, bytes]] = []
        super().__init__(_HookHandler)

    def __enter__(self) -> WebhookReceiver:
        super().__enter__()
        return self

    def json_bodies(self) -> list[dict[str, Any]]:
        return [json.loads(b) for _, b in self.posts]


@dataclass
class SMTPSink:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it receives."""

    port: int = field(default_factory=free_port)
    messages: list[EmailMessage] = field(default_factory=list)

    def __post_init__(self) -> None:
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802
                msg = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
                sink.messages.append(msg)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SMTPSink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    def url(self, to: str = "privacy@example.com") -> str:
        return f"mailto://127.0.0.1:{self.port}?from=policydiff@example.com&to={to}"

    def texts(self) -> list[str]:
        """Subject and every text part of each message, decoded."""
        out = []
        for m in self.messages:
            parts = [str(m["subject"])]
            for part in m.walk():
                if part.get_content_maintype() == "text":
                    parts.append(part.get_content())
            out.append("\n".join(parts))
        return out


class DripServer:
    """A raw TCP server on 127.0.0.1 that answers every connection one byte every ``interval``
    seconds: the headers (``drip_headers``) or only the body — a per-read timeout never fires."""

    def __init__(self, *, drip_headers: bool = False, interval: float = 1.0, body: bytes = b"x" * 4096) -> None:
        self.drip_headers, self.interval, self.body = drip_headers, interval, body
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = int(self.sock.getsockname()[1])
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> DripServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.sock.close()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: " + str(len(self.body)).encode() + b"\r\n\r\n")
        try:
            conn.recv(65536)
            if not self.drip_headers:
                conn.sendall(head)
                head = b""
            for i in range(len(head + self.body)):
                if self.stopped.is_set():
                    break
                conn.sendall((head + self.body)[i : i + 1])
                time.sleep(self.interval)
        except OSError:
            pass
        finally:
            conn.close()
