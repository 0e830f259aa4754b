"""Fetch a policy over HTTP(S) and refuse what is not a policy.

``fetch`` is careful by construction: timeouts on every phase, a few retries with
backoff on connection errors and 5xx only, a cap on redirects (loops end with a clear
FetchError), a cap on the body size enforced while streaming, and an honest User-Agent.
``check_plausible_policy`` refuses captcha/bot walls, login pages, texts too short to be
a policy and texts that shrank suspiciously, so none of them is ever archived.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

from policydiff import __version__
from policydiff.errors import FetchError

USER_AGENT = f"policydiff/{__version__} (+privacy-policy archive)"
MAX_BYTES = 20 * 1024 * 1024  # a policy page is well under 2 MB; 20 MB leaves room for PDFs
MAX_REDIRECTS = 10
RETRY_STATUSES = frozenset({500, 502, 503, 504})
BACKOFF = 0.5  # seconds before the first retry; doubled each time

# Bot walls and captchas, as served by Chinese CDNs and WAFs (Aliyun/Tencent Cloud/Baidu
# slider captchas, 安全验证 interstitials) and by international ones (Cloudflare, Akamai):
# phrases collected from such pages; matched case-insensitively on the extracted text.
WALL_MARKERS: tuple[str, ...] = (
    "滑动验证", "拖动滑块", "向右滑动", "请完成安全验证", "安全验证", "人机验证", "请输入验证码",
    "验证码", "访问过于频繁", "请求过于频繁", "异常访问", "请开启javascript", "请启用javascript",
    "需要启用javascript", "您的浏览器禁用了javascript",
    "captcha", "access denied", "are you a robot", "verify you are human", "checking your browser",
    "enable javascript", "just a moment...", "attention required", "request blocked", "403 forbidden",
)
# Pages asking to log in before showing anything (common on app-store and account pages).
LOGIN_MARKERS: tuple[str, ...] = (
    "请登录", "请先登录", "登录后查看", "登录后可查看", "登录后继续", "扫码登录", "账号登录", "用户登录",
    "sign in to continue", "log in to continue", "please log in", "please sign in",
)
# Words every privacy policy uses many times (个人信息保护法 vocabulary, and English).
POLICY_MARKERS: tuple[str, ...] = ("个人信息", "隐私", "privacy", "personal information", "personal data")

MIN_POLICY_CHARS = 200  # shorter than any real policy (the shortest seed has ~10,000 characters)
WALL_PAGE_CHARS = 3000  # a wall marker in a text shorter than this is a wall, not a policy


@dataclass
class FetchResult:
    """What a fetch brought back: the bytes as received and how they were served."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    data: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def media_type(self) -> str:
        """The content type without parameters ("text/html")."""
        return self.content_type.split(";", 1)[0].strip().lower()


def fetch(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = MAX_BYTES,
    retries: int = 2,
    user_agent: str = USER_AGENT,
    max_redirects: int = MAX_REDIRECTS,
) -> FetchResult:
    """GET ``url``; retries connection errors and 5xx ``retries`` times with backoff.

    Raises FetchError for HTTP errors, redirect loops, timeouts, oversized bodies.
    """
    import httpx

    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{url}: not an http(s) URL")
    headers = {"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8",
               "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
    attempt = 0
    with httpx.Client(
        timeout=httpx.Timeout(timeout), follow_redirects=True, max_redirects=max_redirects, headers=headers
    ) as client:
        while True:
            try:
                return _get(client, url, max_bytes)
            except _Retryable as exc:
                if attempt >= retries:
                    raise FetchError(f"{url}: {exc} (after {attempt + 1} attempts)") from None
            except httpx.TooManyRedirects:
                raise FetchError(f"{url}: too many redirects (more than {max_redirects}; a redirect loop?)") from None
            except httpx.TimeoutException:
                if attempt >= retries:
                    raise FetchError(f"{url}: timed out after {timeout:g} s (after {attempt + 1} attempts)") from None
            except httpx.TransportError as exc:
                if attempt >= retries:
                    raise FetchError(f"{url}: connection failed: {exc or type(exc).__name__} (after {attempt + 1} attempts)") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {exc or type(exc).__name__}") from None
            time.sleep(BACKOFF * (2**attempt))
            attempt += 1


class _Retryable(Exception):
    """A 5xx answer: worth another try."""


def _get(client: object, url: str, max_bytes: int) -> FetchResult:
    import httpx

    assert isinstance(client, httpx.Client)
    fetched_at = datetime.now(timezone.utc)
    with client.stream("GET", url) as response:
        status = response.status_code
        if status in RETRY_STATUSES:
            raise _Retryable(f"HTTP {status} {response.reason_phrase}")
        if status >= 400:
            raise FetchError(f"{url}: HTTP {status} {response.reason_phrase}")
        if status >= 300:
            raise FetchError(f"{url}: HTTP {status} without a usable Location header")
        length = response.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise FetchError(f"{url}: response too large ({int(length)} bytes; the limit is {max_bytes})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url}: response too large (over {max_bytes} bytes)")
            chunks.append(chunk)
        content_type = response.headers.get("content-type", "")
        return FetchResult(
            url=url,
            final_url=str(response.url),
            status=status,
            content_type=content_type,
            charset=_charset_of(content_type),
            data=b"".join(chunks),
            fetched_at=fetched_at,
        )


def _charset_of(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _count(text: str, markers: tuple[str, ...]) -> list[str]:
    low = text.lower()
    return [m for m in markers if m in low]


def check_plausible_policy(
    text: str, previous_text: str | None = None, max_shrink: float | None = 0.5, *, source: str = ""
) -> None:
    """Raise FetchError when ``text`` is not plausibly a privacy policy.

    Refused: bot walls and captchas, login pages, texts shorter than MIN_POLICY_CHARS, and a
    text that lost more than ``max_shrink`` of ``previous_text`` (None disables that test).
    Wall and login words also occur in real policies ("短信验证码"), so they only count in a
    short page or one without the vocabulary of a policy.
    """
    where = f"{source}: " if source else ""
    size = _size(text)
    low = text.lower()
    policy_hits = sum(low.count(m) for m in POLICY_MARKERS)
    looks_like_policy = policy_hits >= 3 and size >= WALL_PAGE_CHARS
    if not looks_like_policy:
        wall = _count(text, WALL_MARKERS)
        if wall:
            raise FetchError(f"{where}refused: a captcha or bot-wall page, not a policy (it says {wall[0]!r})")
        login = _count(text, LOGIN_MARKERS)
        if login:
            raise FetchError(f"{where}refused: a login page, not a policy (it says {login[0]!r})")
    if size < MIN_POLICY_CHARS:
        raise FetchError(f"{where}refused: only {size} characters, too short to be a privacy policy")
    if previous_text is not None and max_shrink is not None:
        before = _size(previous_text)
        if before and size < before * (1 - max_shrink):
            lost = 1 - size / before
            raise FetchError(
                f"{where}refused: the text shrank by {lost:.0%} ({before} -> {size} characters, limit {max_shrink:.0%}); "
                "if the policy really got shorter, snapshot it with --allow-shrink"
            )


def _size(text: str) -> int:
    """Characters that count: everything but whitespace."""
    return sum(1 for ch in text if not ch.isspace())
