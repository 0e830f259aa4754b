"""Fetch a policy over HTTP(S) and refuse what is not a policy.

``fetch`` is careful by construction: one total deadline for the whole fetch (connect,
headers, body, retries and ``Retry-After`` waits: ``watch.deadline``), a few retries (at most
``MAX_RETRIES``) with backoff on connection errors, 429 and 5xx only, redirects followed one
by one under the source's ``watch.netpolicy`` (same site, no private address unless allowed)
and capped (loops end with a clear FetchError), a cap on the body size enforced while streaming
(``text.limits``), and an honest User-Agent. ``path`` sources are regular files under the
configured root, size-capped the same way. What comes back is judged by ``archive.refuse``.

Credentials never reach a message: every URL in one is shown by ``text.safety.redact_url``,
and a source's ``${VAR}`` values are scrubbed from what ``fetch_source`` raises or returns.
"""

from __future__ import annotations

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
from policydiff.fsutil import real_under
from policydiff.text.limits import MAX_INPUT_BYTES
from policydiff.text.safety import REDACTED, redact_url, redact_urls, url_credentials
from policydiff.version import __version__
from policydiff.watch.config import ENV_RE, Source, expand_env, expand_url
from policydiff.watch.deadline import Deadline, run_within
from policydiff.watch.netpolicy import NetPolicy

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
    policy: NetPolicy | None = None,
) -> FetchResult:
    """GET ``url`` within ``timeout`` seconds in all (every attempt, wait and byte of the body).

    Retries connection errors, 429 and 5xx up to ``retries`` times (at most MAX_RETRIES) with
    backoff, or after the server's ``Retry-After`` when that fits in the deadline. Every hop
    (the URL itself and each redirect) must pass ``policy`` (default: ``NetPolicy(url)``, same
    site and no private address). Raises FetchError for HTTP errors, refused hops, redirect
    loops, the deadline, oversized bodies; its message shows the URL without credentials.
    """
    shown = redact_url(url)
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{shown}: not an http(s) URL")
    policy = policy or NetPolicy(url)
    deadline = Deadline(timeout)
    # the grace lets the fetch's own, more precise message win when it is in time
    return run_within(lambda: _fetch(url, deadline, max_bytes, min(max(retries, 0), MAX_RETRIES), user_agent,
                                     max_redirects, headers, policy), timeout + 0.5, shown)


def _fetch(url: str, deadline: Deadline, max_bytes: int, retries: int, user_agent: str, max_redirects: int,
           headers: Mapping[str, str] | None, policy: NetPolicy) -> FetchResult:
    import httpx  # heavy (~60 ms): only when something is fetched

    timeout = deadline.seconds
    shown = redact_url(url)
    headers = {"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8",
               "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5", **(headers or {})}
    attempt = 0
    with httpx.Client(
        timeout=httpx.Timeout(timeout), follow_redirects=False, headers=headers
    ) as client:
        while True:
            wait = BACKOFF * (2**attempt)
            try:
                return _get(client, url, max_bytes, deadline, policy, max_redirects, headers)
            except _Retryable as exc:
                if attempt >= retries:
                    raise FetchError(f"{shown}: {exc} (after {attempt + 1} attempts)") from None
                if exc.retry_after is not None:
                    if exc.retry_after > deadline.left():
                        raise FetchError(f"{shown}: {exc}; the server asks to retry after {exc.retry_after:g} s, "
                                         f"past the {timeout:g} s deadline") from None
                    wait = exc.retry_after
            except httpx.TimeoutException:
                if attempt >= retries or deadline.expired():
                    raise FetchError(f"{shown}: timed out after {timeout:g} s (after {attempt + 1} attempts)") from None
            except httpx.TransportError as exc:
                if attempt >= retries or deadline.expired():
                    raise FetchError(f"{shown}: connection failed: {redact_urls(str(exc)) or type(exc).__name__} "
                                     f"(after {attempt + 1} attempts)") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{shown}: {redact_urls(str(exc)) or type(exc).__name__}") from None
            if wait >= deadline.left():
                raise FetchError(f"{shown}: gave up after {attempt + 1} attempts: the {timeout:g} s deadline would pass before the next")
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
    import email.utils  # here: only a URL's Retry-After needs it, and it is ~4 ms of imports every run paid

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


_PLAIN_HEADERS = frozenset({"user-agent", "accept", "accept-language"})  # no secret in these


def _get(client: object, url: str, max_bytes: int, deadline: Deadline, policy: NetPolicy,
         max_redirects: int = MAX_REDIRECTS, extra: Mapping[str, str] | None = None) -> FetchResult:
    """One attempt: the request and each redirect it is sent on, every hop checked by ``policy``.

    The caller's ``extra`` headers (a source's ``headers`` and ``cookies``: tokens, sessions) go to
    the URL's own origin only: a hop to another origin is sent without them (httpx drops the
    user-info's Authorization there itself), a hop back to it with them.
    """
    import httpx

    assert isinstance(client, httpx.Client)
    fetched_at = datetime.now(timezone.utc)
    request = client.build_request("GET", url, timeout=httpx.Timeout(max(deadline.left(), 0.001)))
    shown = redact_url(url)
    for _hop in range(max_redirects + 1):
        refusal = policy.refusal(str(request.url))
        if refusal:
            hop = redact_url(str(request.url))
            raise FetchError(f"{shown}: refused {hop}: {refusal}" if hop != shown else f"{shown}: refused: {refusal}")
        request.extensions["timeout"] = httpx.Timeout(max(deadline.left(), 0.001)).as_dict()
        response = client.send(request, stream=True)
        if response.next_request is None:
            break
        response.close()
        request = response.next_request
        _origin_headers(request, url, extra or {})
    else:
        raise FetchError(f"{shown}: too many redirects (more than {max_redirects}; a redirect loop?)")
    try:
        status = response.status_code
        if status in RETRY_STATUSES:
            raise _Retryable(f"HTTP {status} {response.reason_phrase}", retry_after_seconds(response.headers.get("retry-after")))
        if status >= 400:
            raise FetchError(f"{shown}: HTTP {status} {response.reason_phrase}")
        if status >= 300:
            raise FetchError(f"{shown}: HTTP {status} without a usable Location header")
        length = response.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise FetchError(f"{shown}: response too large ({int(length)} bytes; the limit is {max_bytes})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{shown}: response too large (over {max_bytes} bytes)")
            if deadline.expired():
                raise FetchError(f"{shown}: timed out after {deadline.seconds:g} s: the body was still arriving ({size} bytes so far)")
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
    finally:
        response.close()


def _origin_headers(request: Any, url: str, extra: Mapping[str, str]) -> None:
    """Give ``request`` (a redirect hop) the caller's headers when it goes to ``url``'s origin,
    and take them away when it does not."""
    import httpx

    here, there = httpx.URL(url), request.url
    upgrade = (here.scheme, there.scheme) == ("http", "https") and here.host == there.host  # httpx's own exception
    same = upgrade or (there.scheme, there.host, there.port) == (here.scheme, here.host, here.port)
    for name, value in extra.items():
        if name.lower() in _PLAIN_HEADERS:
            continue
        if same:
            request.headers[name] = value
        else:
            request.headers.pop(name, None)
    if not same:
        request.headers.pop("Authorization", None)


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
    """Read a source's bytes from its URL or path; FetchError says why not.

    A URL's ``${VAR}`` placeholders are expanded here, at the last moment, and their values
    (with any credentials the URL carries) never leave: they are scrubbed from the error's
    message and the final URL.
    """
    now = datetime.now(timezone.utc)
    if source.path is not None:
        fetched = Fetched(read_source_file(source.path, source.root), "", now)
        return _finish(source, fetched)
    assert source.url is not None
    try:
        url = expand_url(source.url, f"{source.slug}: url")
    except ConfigError as exc:
        raise FetchError(str(exc)) from None
    secrets = _secrets(source, url)
    try:
        fetched = _fetch_url(source, url, retries, user_agent)
    except FetchError as exc:
        raise FetchError(scrub(str(exc), secrets)) from None
    if fetched.final_url:
        fetched.final_url = scrub(fetched.final_url, secrets)
    return _finish(source, fetched)


def _fetch_url(source: Source, url: str, retries: int, user_agent: str | None) -> Fetched:
    headers, cookies = request_extras(source)
    if source.render == "browser":
        # only for browser sources: a run without one never loads it
        from policydiff.watch.browser import render

        page = render(url, timeout=source.timeout, wait_for=source.wait_for, headers=headers, cookies=cookies,
                      user_agent=user_agent or USER_AGENT, policy=source.net_policy_for(url))
        return Fetched(page.data, "", page.fetched_at, http_status=page.status, content_type=page.content_type,
                       charset=page.charset, final_url=page.final_url)
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    kwargs: dict[str, Any] = {"timeout": source.timeout, "retries": retries, "headers": headers,
                              "policy": source.net_policy_for(url)}
    if user_agent:
        kwargs["user_agent"] = user_agent
    r = fetch(url, **kwargs)
    return Fetched(r.data, "", getattr(r, "fetched_at", None) or datetime.now(timezone.utc), http_status=r.status,
                   content_type=r.content_type, charset=r.charset, final_url=r.final_url)


def _finish(source: Source, fetched: Fetched) -> Fetched:
    if not fetched.data.strip():
        raise FetchError(f"{source.location}: empty response")
    fetched.sha256 = hashlib.sha256(fetched.data).hexdigest()
    return fetched


def _secrets(source: Source, url: str) -> list[str]:
    """What must never be shown of a source: its ``${VAR}`` values (raw and encoded) and the
    credentials its URL carries."""
    import os
    from urllib.parse import quote

    values = [os.environ.get(name, "") for name in ENV_RE.findall(source.url or "")]
    out = {v for v in values if len(v) >= 3} | {quote(v, safe="") for v in values if len(v) >= 3}
    out |= set(url_credentials(url)) | set(url_credentials(source.url or ""))
    return sorted(out, key=len, reverse=True)


def scrub(text: str, secrets: list[str]) -> str:
    """``text`` with each secret replaced by ***, then every URL in it redacted.

    >>> scrub("https://example.com/feed/s3cr3t/p: HTTP 404", ["s3cr3t"])
    'https://example.com/feed/***/p: HTTP 404'
    """
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return redact_urls(text)


def read_source_file(path: Path, root: Path | None, max_bytes: int = MAX_BYTES) -> bytes:
    """A ``path`` source's bytes: a regular file (no device, FIFO or socket) whose real path is
    under ``root``, at most ``max_bytes``; FetchError in one line says why not."""
    real, outside = real_under(path, root) if root is not None else (os.path.realpath(path), None)
    if outside is not None:
        raise FetchError(f"{path}: outside the sources' root {outside} (path sources must be under it; "
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
