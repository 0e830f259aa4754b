"""fetch() against a real HTTP server on 127.0.0.1, and the not-a-policy refusals."""

from __future__ import annotations

import time

import pytest

from policydiff.archive import refuse
from policydiff.errors import FetchError
from policydiff.watch import fetch
from policydiff.watch.netpolicy import NetPolicy
from tests.archive_helpers import Server, as_html, as_pdf, seed_text, slow


def get(url: str, **kwargs: object) -> fetch.FetchResult:
    """fetch() of the local test server (on 127.0.0.1: allowed explicitly, as a source does)."""
    return fetch.fetch(url, policy=NetPolicy(url, allow_private=True), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    with Server() as s:
        yield s


def test_utf8_and_gbk_pages_with_their_charsets(server: Server) -> None:
    server.routes["/u"] = (200, {"Content-Type": "text/html; charset=utf-8"}, as_html(seed_text("001")))
    server.routes["/g"] = (200, {"Content-Type": "text/html; charset=GBK"}, as_html(seed_text("001"), "gbk"))
    u = get(server.base + "/u")
    g = get(server.base + "/g")
    assert (u.status, u.charset, u.media_type) == (200, "utf-8", "text/html")
    assert g.charset == "GBK" and g.data.decode("gbk") == u.data.decode("utf-8").replace('charset="utf-8"', 'charset="gbk"')
    assert u.fetched_at.tzinfo is not None


def test_user_agent_and_redirects(server: Server) -> None:
    seen: list[str] = []

    def echo(request):  # type: ignore[no-untyped-def]
        seen.append(request.headers.get("User-Agent"))
        return (200, {"Content-Type": "application/pdf"}, as_pdf(seed_text("002"), 10))

    server.routes["/old"] = (301, {"Location": "/new"}, b"")
    server.routes["/new"] = echo
    got = get(server.base + "/old")
    assert got.final_url == server.base + "/new" and got.url == server.base + "/old"
    assert got.data.startswith(b"%PDF-") and got.media_type == "application/pdf"
    assert seen == [fetch.USER_AGENT] and seen[0].startswith("policydiff/")


def test_404_is_a_fetch_error_without_retries(server: Server) -> None:
    with pytest.raises(FetchError, match="HTTP 404") as err:
        get(server.base + "/missing")
    assert server.hits["/missing"] == 1 and "\n" not in str(err.value)


def test_5xx_is_retried_then_reported(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "BACKOFF", 0.01)
    server.routes["/down"] = (503, {}, b"busy")
    with pytest.raises(FetchError, match="HTTP 503.*3 attempts"):
        get(server.base + "/down", retries=2)
    assert server.hits["/down"] == 3
    calls = iter([(502, {}, b""), (200, {"Content-Type": "text/plain; charset=utf-8"}, b"ok")])
    server.routes["/flaky"] = lambda request: next(calls)
    assert get(server.base + "/flaky").data == b"ok"


def test_slow_response_times_out(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "BACKOFF", 0.01)
    server.routes["/slow"] = slow(2.0, b"<html>late</html>")
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        get(server.base + "/slow", timeout=0.3, retries=1)
    assert time.monotonic() - start < 1.9


def test_redirect_loop(server: Server) -> None:
    server.routes["/a"] = (302, {"Location": "/b"}, b"")
    server.routes["/b"] = (302, {"Location": "/a"}, b"")
    with pytest.raises(FetchError, match="redirect"):
        get(server.base + "/a")


def test_size_cap_while_streaming(server: Server) -> None:
    server.routes["/big"] = (200, {"Content-Type": "text/html"}, b"x" * 5000)
    with pytest.raises(FetchError, match="too large"):
        get(server.base + "/big", max_bytes=1000)


def test_not_http() -> None:
    with pytest.raises(FetchError, match="not an http"):
        fetch.fetch("file:///etc/passwd")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("请完成安全验证\n拖动下方滑块完成拼图\n" * 3, "captcha"),
        ("Access Denied\nYou don't have permission to access this server. Reference #18.1234", "captcha"),
        ("为了您的账号安全，请开启JavaScript后刷新页面。", "captcha"),
        ("请登录后查看完整内容\n账号登录\n手机号\n密码\n忘记密码\n立即注册" * 2, "login"),
        ("隐私政策\n本政策即将更新。", "too short"),
    ],
)
def test_walls_logins_and_stubs_are_refused(text: str, what: str) -> None:
    with pytest.raises(FetchError, match=what):
        refuse.check_plausible_policy(text)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_real_policies_pass_even_when_they_mention_verification_codes(prefix: str) -> None:
    text = seed_text(prefix)
    refuse.check_plausible_policy(text, previous_text=text)


def test_shrink_limit() -> None:
    text = seed_text("001")
    half = text[: len(text) // 3]
    with pytest.raises(FetchError, match="shrank by"):
        refuse.check_plausible_policy(half, previous_text=text, max_shrink=0.5)
    refuse.check_plausible_policy(half, previous_text=text, max_shrink=None)
    refuse.check_plausible_policy(text[: len(text) * 3 // 4], previous_text=text, max_shrink=0.5)
