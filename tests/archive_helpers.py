"""Inputs for the archive, extract and fetch tests: real seed texts rendered as HTML, PDF and DOCX,
and a real HTTP server on 127.0.0.1 (a thread, a random port) serving them."""

from __future__ import annotations

import html
import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SEEDS = Path(__file__).parent / "data" / "seeds"


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def policy_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def as_html(text: str, charset: str = "utf-8", meta: bool = True) -> bytes:
    """A policy page with chrome around it: a nav, a script, a style, a footer and a table."""
    lines = policy_lines(text)
    body = [f"<h1>{html.escape(lines[0])}</h1>"] + [f"<p>{html.escape(line)}</p>" for line in lines[1:]]
    head = f'<meta charset="{charset}">' if meta else ""
    page = (
        f"<!DOCTYPE html><html><head>{head}<title>隐私政策</title><style>p {{ color: red }}</style>"
        "<script>var tracking = '不应出现的脚本文字';</script></head><body>"
        "<nav><a href='/'>首页</a> <a href='/app'>下载应用导航</a></nav>"
        "<header>页眉横幅广告</header>"
        "<div id='policy' class='policy-body'>" + "\n".join(body) + "<ul><li>列表项一</li><li>列表项二</li></ul>"
        "<table><tr><th>信息类型</th><th>用途</th></tr><tr><td>手机号码</td><td>注册登录</td></tr></table></div>"
        "<aside>相关推荐侧栏</aside><footer>版权所有 页脚</footer><noscript>请开启JavaScript</noscript></body></html>"
    )
    return page.encode(charset)


def as_pdf(text: str, max_lines: int = 120) -> bytes:
    """A real PDF with a CJK text layer (reportlab's built-in CID font STSong-Light)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    y = 800
    c.setFont("STSong-Light", 10)
    for line in policy_lines(text)[:max_lines]:
        for i in range(0, len(line), 40):
            if y < 50:
                c.showPage()
                c.setFont("STSong-Light", 10)
                y = 800
            c.drawString(40, y, line[i : i + 40])
            y -= 14
    c.showPage()
    c.save()
    return buf.getvalue()


def as_docx(text: str, max_lines: int = 200) -> bytes:
    """A real Word document: a heading, the paragraphs, and a table."""
    import docx

    d = docx.Document()
    lines = policy_lines(text)[:max_lines]
    d.add_heading(lines[0], level=1)
    for line in lines[1:]:
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate((("信息类型", "用途"), ("手机号码", "注册登录"))):
        for col, value in enumerate(row):
            table.cell(r, col).text = value
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


class Server:
    """A real HTTP server in a thread; ``routes`` maps a path to (status, headers, body) or a callable."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.hits: dict[str, int] = {}
        routes, hits = self.routes, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                path = self.path.split("?", 1)[0]
                hits[path] = hits.get(path, 0) + 1
                route = routes.get(path)
                if callable(route):
                    route = route(self)
                    if route is None:
                        return
                if route is None:
                    route = (404, {"Content-Type": "text/html"}, b"<html><body><h1>404 Not Found</h1></body></html>")
                status, headers, body = route  # type: ignore[misc]
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def slow(seconds: float, body: bytes):  # type: ignore[no-untyped-def]
    """A route that waits before answering (for timeouts)."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        try:
            request.send_response(200)
            request.send_header("Content-Type", "text/html; charset=utf-8")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except OSError:
            pass

    return handler
