"""Fetch a policy over HTTP(S) and refuse what is not a policy.

``fetch`` is careful by construction: one total deadline for the whole fetch (connect,
headers, body, retries and ``Retry-After`` waits: ``watch.deadline``), a few retries (at most
``MAX_RETRIES``) with backoff on connection errors, 429 and 5xx only, a cap on redirects (loops
end with a clear FetchError), a cap on the body size enforced while streaming
(``text.limits``), and an honest User-Agent. ``path`` sources are regular files under the
configured root, size-capped the same way. What comes back is judged by ``archive.refuse``.
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from policydiff.errors import ConfigError, FetchError
from policydiff.text.limits import MAX_INPUT_BYTES
from policydiff.version import __version__
from policydiff.watch.config import Source, expand_env
from policydiff.watch.deadline import Deadline, run_within

USER_AGENT = f"policydiff/{__version__} (+privacy-policy archive)"
MAX_BYTES = MAX_INPUT_BYTES
MAX_REDIRECTS = 10
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
BACKOFF = 0.5  # seconds before the first retry; doubled each time
MAX_RETRIES = 10  # the sources file refuses more

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
    """GET ``url`` within ``timeout`` seconds in all (every attempt, wait and byte of the body).

    Retries connection errors, 429 and 5xx up to ``retries`` times (at most MAX_RETRIES) with
    backoff, or after the server's ``Retry-After`` when that fits in the deadline. Raises
    FetchError for HTTP errors, redirect loops, the deadline, oversized bodies.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{url}: not an http(s) URL")
    deadline = Deadline(timeout)
    # the grace lets the fetch's own, more precise message win when it is in time
    return run_within(lambda: _fetch(url, deadline, max_bytes, min(max(retries, 0), MAX_RETRIES), user_agent,
                                     max_redirects, headers), timeout + 0.5, url)


def _fetch(url: str, deadline: Deadline, max_bytes: int, retries: int, user_agent: str, max_redirects: int,
           headers: Mapping[str, str] | None = None) -> FetchResult:
    import httpx  # heavy (~60 ms): only when something is fetched

    timeout = deadline.seconds
    headers = {"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8",
               "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5", **(headers or {})}
    attempt = 0
    with httpx.Client(
        timeout=httpx.Timeout(timeout), follow_redirects=True, max_redirects=max_redirects, headers=headers
    ) as client:
        while True:
            wait = BACKOFF * (2**attempt)
            try:
                return _get(client, url, max_bytes, deadline)
            except _Retryable as exc:
                if attempt >= retries:
                    raise FetchError(f"{url}: {exc} (after {attempt + 1} attempts)") from None
                if exc.retry_after is not None:
                    if exc.retry_after > deadline.left():
                        raise FetchError(f"{url}: {exc}; the server asks to retry after {exc.retry_after:g} s, "
                                         f"past the {timeout:g} s deadline") from None
                    wait = exc.retry_after
            except httpx.TooManyRedirects:
                raise FetchError(f"{url}: too many redirects (more than {max_redirects}; a redirect loop?)") from None
            except httpx.TimeoutException:
                if attempt >= retries or deadline.expired():
                    raise FetchError(f"{url}: timed out after {timeout:g} s (after {attempt + 1} attempts)") from None
            except httpx.TransportError as exc:
                if attempt >= retries or deadline.expired():
                    raise FetchError(f"{url}: connection failed: {exc or type(exc).__name__} (after {attempt + 1} attempts)") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {exc or type(exc).__name__}") from None
            if wait >= deadline.left():
                raise FetchError(f"{url}: gave up after {attempt + 1} attempts: the {timeout:g} s deadline would pass before the next")
            time.sleep(wait)
            attempt += 1


class _Retryable(Exception):
    """A 429 or 5xx answer: worth another try (after ``retry_after`` seconds when the server says)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) as seconds from now; None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _get(client: object, url: str, max_bytes: int, deadline: Deadline) -> FetchResult:
    import httpx

    assert isinstance(client, httpx.Client)
    fetched_at = datetime.now(timezone.utc)
    left = max(deadline.left(), 0.001)
    with client.stream("GET", url, timeout=httpx.Timeout(left)) as response:
        status = response.status_code
        if status in RETRY_STATUSES:
            raise _Retryable(f"HTTP {status} {response.reason_phrase}", retry_after_seconds(response.headers.get("retry-after")))
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
            if deadline.expired():
                raise FetchError(f"{url}: timed out after {deadline.seconds:g} s: the body was still arriving ({size} bytes so far)")
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
        fetched = Fetched(read_source_file(source.path, source.root), "", now)
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


def read_source_file(path: Path, root: Path | None, max_bytes: int = MAX_BYTES) -> bytes:
    """A ``path`` source's bytes: a regular file (no device, FIFO or socket) whose real path is
    under ``root``, at most ``max_bytes``; FetchError in one line says why not."""
    real = Path(os.path.realpath(path))
    if root is not None:
        real_root = Path(os.path.realpath(root))
        if real != real_root and real_root not in real.parents:
            raise FetchError(f"{path}: outside the sources' root {real_root} (path sources must be under it; "
                             f"set [defaults] path_root to allow another folder)")
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise FetchError(f"{path}: no such file") from None
    except OSError as exc:
        raise FetchError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file (a device, FIFO or socket)"
            raise FetchError(f"{path}: {kind}; a path source must be a regular file")
        if st.st_size > max_bytes:
            raise FetchError(f"{path}: too large ({st.st_size} bytes; the limit is {max_bytes})")
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{path}: too large (over {max_bytes} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise FetchError(f"{path}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)


def request_extras(source: Source) -> tuple[dict[str, str], dict[str, str]]:
    """A source's headers and cookies with ``${VAR}`` expanded (a missing variable is a FetchError)."""
    try:
        headers = {k: expand_env(v, f"{source.slug}: headers.{k}") for k, v in source.headers.items()}
        cookies = {k: expand_env(v, f"{source.slug}: cookies.{k}") for k, v in source.cookies.items()}
    except ConfigError as exc:
        raise FetchError(str(exc)) from None
    return headers, cookies
