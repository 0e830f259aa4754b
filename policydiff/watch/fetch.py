"""Fetch a policy over HTTP(S) and refuse what is not a policy.

``fetch`` is careful by construction: timeouts on every phase, a few retries with
backoff on connection errors and 5xx only, a cap on redirects (loops end with a clear
FetchError), a cap on the body size enforced while streaming (``text.limits``), and an
honest User-Agent. What comes back is judged by ``archive.refuse`` before it is recorded.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from policydiff.errors import ConfigError, FetchError, InputError
from policydiff.text.limits import MAX_INPUT_BYTES
from policydiff.text.read import read_file_bytes
from policydiff.version import __version__
from policydiff.watch.config import Source, expand_env

USER_AGENT = f"policydiff/{__version__} (+privacy-policy archive)"
MAX_BYTES = MAX_INPUT_BYTES
MAX_REDIRECTS = 10
RETRY_STATUSES = frozenset({500, 502, 503, 504})
BACKOFF = 0.5  # seconds before the first retry; doubled each time

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
    headers: Mapping[str, str] | None = None,
) -> FetchResult:
    """GET ``url``; retries connection errors and 5xx ``retries`` times with backoff.

    Raises FetchError for HTTP errors, redirect loops, timeouts, oversized bodies.
    """
    import httpx  # heavy (~60 ms): only when something is fetched

    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{url}: not an http(s) URL")
    headers = {"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8",
               "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5", **(headers or {})}
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


# -- a source's bytes (the check's worker threads) ---------------------------------------------


@dataclass
class Fetched:
    """Raw bytes of one source and how they came."""

    data: bytes
    sha256: str
    fetched_at: datetime
    http_status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    final_url: str | None = None


def fetch_source(source: Source, *, retries: int = 2, user_agent: str | None = None) -> Fetched:
    """Read a source's bytes from its URL or path; FetchError says why not."""
    now = datetime.now(timezone.utc)
    if source.path is not None:
        try:
            data = read_file_bytes(source.path)
        except InputError as exc:
            raise FetchError(str(exc)) from None
        fetched = Fetched(data, "", now)
    elif source.render == "browser":
        # only for browser sources: a run without one never loads it
        from policydiff.watch.browser import render

        assert source.url is not None
        headers, cookies = request_extras(source)
        page = render(source.url, timeout=source.timeout, wait_for=source.wait_for, headers=headers, cookies=cookies,
                      user_agent=user_agent or USER_AGENT)
        fetched = Fetched(page.data, "", page.fetched_at, http_status=page.status, content_type=page.content_type,
                          charset=page.charset, final_url=page.final_url)
    else:
        headers, cookies = request_extras(source)
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        kwargs: dict[str, Any] = {"timeout": source.timeout, "retries": retries, "headers": headers}
        if user_agent:
            kwargs["user_agent"] = user_agent
        assert source.url is not None
        r = fetch(source.url, **kwargs)
        fetched = Fetched(
            r.data, "", getattr(r, "fetched_at", None) or now, http_status=r.status,
            content_type=r.content_type, charset=r.charset, final_url=r.final_url,
        )
    if not fetched.data.strip():
        raise FetchError(f"{source.location}: empty response")
    fetched.sha256 = hashlib.sha256(fetched.data).hexdigest()
    return fetched


def request_extras(source: Source) -> tuple[dict[str, str], dict[str, str]]:
    """A source's headers and cookies with ``${VAR}`` expanded (a missing variable is a FetchError)."""
    try:
        headers = {k: expand_env(v, f"{source.slug}: headers.{k}") for k, v in source.headers.items()}
        cookies = {k: expand_env(v, f"{source.slug}: cookies.{k}") for k, v in source.cookies.items()}
    except ConfigError as exc:
        raise FetchError(str(exc)) from None
    return headers, cookies
