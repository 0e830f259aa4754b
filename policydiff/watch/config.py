"""The sources file's model: tracked policies, run defaults and alert routes (``sources.toml``).

``watch.config_parse`` reads and validates the file into these dataclasses. Secrets never
live in the file: alert URLs take ``${ENV_VAR}`` placeholders, expanded at send time.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from policydiff import regex_cache
from policydiff.archive.refuse import DEFAULT_MAX_SHRINK
from policydiff.errors import ConfigError, UsageError
from policydiff.text.safety import redact_url
from policydiff.watch.netpolicy import NetPolicy

SOURCES_FILE = "sources.toml"
ROUTE_RE = regex_cache.compile(r"^[A-Za-z0-9_-]{1,64}$")
_INTERVAL_RE = regex_cache.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
ENV_RE = regex_cache.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
DIGEST_MODES = ("run", "change")
MAX_TIMEOUT = 3600.0  # seconds; one fetch's whole deadline
MIN_TIMEOUT = 1.0  # below a second no real server answers: every check would fail
MAX_INTERVAL = 366 * 86400.0
MAX_RETRIES = 10


@dataclass
class Route:
    """A named alert destination: Apprise URLs plus what it wants to receive."""

    name: str
    urls: list[str]  # as written, with ${VAR} placeholders unexpanded
    only_material: bool = False  # send only material changes (failures still go unless failures=false)
    tags: list[str] = field(default_factory=list)  # also receive alerts of every source with one of these tags
    failures: bool = True  # receive "source failing" / "source recovered" alerts
    digest: str | None = None  # "run" or "change"; None = the defaults' mode

    def resolved_url(self, i: int, environ: Mapping[str, str] | None = None) -> str:
        """URL ``i`` with ``${VAR}`` expanded, each value percent-encoded (a password holding
        ``/?@#:`` stays one password); a missing variable is a ConfigError naming it."""
        env = os.environ if environ is None else environ

        def sub(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in env:
                raise ConfigError(f"alerts.{self.name}.urls[{i}]: environment variable {name} is not set")
            return quote(env[name], safe="")

        return ENV_RE.sub(sub, self.urls[i])

    def resolved_urls(self, environ: Mapping[str, str] | None = None) -> list[str]:
        """Every URL resolved (``resolved_url``); the first missing variable is a ConfigError."""
        return [self.resolved_url(i, environ) for i in range(len(self.urls))]

    def secrets(self, environ: Mapping[str, str] | None = None) -> list[str]:
        """The values the URLs' ``${VAR}`` placeholders stand for, raw and percent-encoded."""
        env = os.environ if environ is None else environ
        out: set[str] = set()
        for url in self.urls:
            for name in ENV_RE.findall(url):
                value = env.get(name) or ""
                if len(value) >= 3:
                    out.update({value, quote(value, safe=""), quote(value)})
        return sorted(out, key=len, reverse=True)

    def redact_secrets(self, text: str, environ: Mapping[str, str] | None = None) -> str:
        """``text`` with every secret of this route replaced by ``***`` (for messages and logs)."""
        for secret in self.secrets(environ):
            text = text.replace(secret, "***")
        return text


@dataclass
class Defaults:
    """Settings every source inherits unless it sets its own."""

    interval: float = 86400.0  # seconds between checks of one source
    timeout: float = 20.0  # seconds per HTTP request
    retries: int = 2
    concurrency: int = 8  # fetches in flight at once
    failure_threshold: int = 2  # consecutive failures before the "failing" alert
    max_shrink: float = DEFAULT_MAX_SHRINK  # a new text that lost more than this share of the last one is refused
    digest: str = "run"  # "run": one digest per route per run; "change": one alert per change
    alerts: list[str] = field(default_factory=list)  # routes every source uses unless it names its own
    user_agent: str | None = None
    feed_entries: int = 200  # Atom feed length bound
    path_root: str | None = None  # folder every `path` source must be under (default: the sources file's)
    lang: str = "zh"  # the alerts' language: "zh" or "en"
    report_base_url: str | None = None  # where archive/reports/ is served: alerts link to the report there
    allow_private: bool = False  # sources may be on a loopback/private address (watch.netpolicy)


@dataclass
class Source:
    """One tracked policy."""

    slug: str
    name: str
    url: str | None = None
    path: Path | None = None  # resolved against the sources file's folder
    selector: str | None = None  # CSS selector for the policy's part of an HTML page
    tags: list[str] = field(default_factory=list)
    interval: float = 86400.0
    alerts: list[str] = field(default_factory=list)
    timeout: float = 20.0  # seconds for the whole fetch (every attempt, wait and byte)
    line: int = 0  # line of its [[source]] header, for messages
    root: Path | None = None  # a path source must resolve under this folder
    render: str = "http"  # "browser": headless Chromium (watch.browser), for pages a script fills in
    wait_for: str | None = None  # browser: take the page once this CSS selector matches (else at network idle)
    remove: list[str] = field(default_factory=list)  # CSS selectors dropped before the text is extracted
    headers: dict[str, str] = field(default_factory=dict)  # request headers; values may use ${VAR}
    cookies: dict[str, str] = field(default_factory=dict)  # cookies sent with the request; values may use ${VAR}
    allow_private: bool = False  # its own host may be a loopback/private address (watch.netpolicy)
    redirects: str = "same-site"  # "any": follow a redirect to another site

    @property
    def location(self) -> str:
        """The URL (credentials redacted: it is shown, logged and recorded) or the path."""
        return redact_url(self.url) if self.url is not None else str(self.path)

    def net_policy_for(self, url: str) -> NetPolicy:
        """Where this source's fetch of ``url`` (its URL, expanded) may go (``watch.netpolicy``)."""
        return NetPolicy(url, allow_private=self.allow_private, redirects=self.redirects)


@dataclass
class Config:
    """A validated sources file."""

    path: Path | None
    defaults: Defaults
    sources: list[Source]
    routes: dict[str, Route]

    def source(self, slug: str) -> Source:
        for s in self.sources:
            if s.slug == slug:
                return s
        raise UsageError(f"no source with slug {slug!r} in {self.path} (see `policydiff sources list`)")

    def routes_for(self, source: Source) -> list[Route]:
        """Routes a source's alerts go to: its own list plus every route whose tags it carries."""
        names = list(source.alerts)
        for route in self.routes.values():
            if route.tags and set(route.tags) & set(source.tags) and route.name not in names:
                names.append(route.name)
        return [self.routes[n] for n in names]


def expand_env(value: str, where: str, environ: Mapping[str, str] | None = None) -> str:
    """``${VAR}`` in ``value`` replaced from the environment; a missing variable is a ConfigError."""
    env = os.environ if environ is None else environ

    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in env:
            raise ConfigError(f"{where}: environment variable {m.group(1)} is not set")
        return env[m.group(1)]

    return ENV_RE.sub(sub, value)


def expand_url(url: str, where: str, environ: Mapping[str, str] | None = None) -> str:
    """A source URL with ``${VAR}`` expanded, each value percent-encoded (a password holding
    ``/?@#:`` stays one password); a missing variable is a ConfigError naming it.

    >>> expand_url("https://${U}:${P}@example.com/p", "s", {"U": "alice", "P": "a/b?c"})
    'https://alice:a%2Fb%3Fc@example.com/p'
    """
    env = os.environ if environ is None else environ

    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in env:
            raise ConfigError(f"{where}: environment variable {m.group(1)} is not set")
        return quote(env[m.group(1)], safe="")

    return ENV_RE.sub(sub, url)


def parse_interval(value: object, where: str) -> float:
    """"6h", "1d", "1h30m", "90s" or a number of seconds -> seconds."""
    if isinstance(value, bool):
        raise ConfigError(f"{where}: interval must be like \"6h\" or \"1d\", not {value!r}")
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        if not text or _INTERVAL_RE.sub("", text):
            raise ConfigError(f"{where}: interval must be like \"30m\", \"6h\" or \"1d\", not {value!r}")
        seconds = sum(float(n) * _UNITS[u] for n, u in _INTERVAL_RE.findall(text))
    else:
        raise ConfigError(f"{where}: interval must be like \"6h\" or \"1d\", not {value!r}")
    if not math.isfinite(seconds) or seconds <= 0 or seconds > MAX_INTERVAL:
        raise ConfigError(f"{where}: interval must be positive and at most a year, not {value!r}")
    return seconds


def check_timeout(value: float, where: str) -> float:
    """A fetch deadline in seconds: finite, at least MIN_TIMEOUT, at most MAX_TIMEOUT."""
    if not math.isfinite(value) or value < MIN_TIMEOUT or value > MAX_TIMEOUT:
        raise ConfigError(f"{where}: timeout must be a number of seconds from {MIN_TIMEOUT:g} to {MAX_TIMEOUT:g}, not {value!r}")
    return value


def scheme_problem(location: str) -> str | None:
    """Why a location that is not http(s) is no source, or None (a local path, ``-``).

    >>> scheme_problem("htp://example.com/privacy")
    "'htp://example.com/privacy': only http:// and https:// URLs can be watched (or a local file's path)"
    >>> scheme_problem("javascript:alert(1)") is not None, scheme_problem("policies/a.txt")
    (True, None)
    """
    if location.lower().startswith(("http://", "https://")):
        return None
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", location)
    if m and (location[m.end():].startswith("//") or m.group(1).lower() in ("javascript", "data", "mailto", "file", "about")):
        return f"{location!r}: only http:// and https:// URLs can be watched (or a local file's path)"
    return None


def check_secret_free(url: str, where: str) -> None:
    """Refuse an inline password: secrets belong in the environment (``${SMTP_PASSWORD}``)."""
    if "://" not in url:
        raise ConfigError(f"{where}: {url!r} is not an Apprise URL (scheme://…)")
    netloc = url.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0]
    if "@" in netloc:
        userinfo = netloc.rsplit("@", 1)[0]
        if ":" in userinfo and not ENV_RE.search(userinfo.split(":", 1)[1]):
            raise ConfigError(f"{where}: a password is written in the file; use ${{VAR}} and set it in the environment")
    for secret_key in ("pass", "password", "token", "secret", "key"):
        m = re.search(rf"[?&]{secret_key}=([^&]*)", url)
        if m and m.group(1) and not ENV_RE.fullmatch(m.group(1)):
            raise ConfigError(f"{where}: {secret_key}= is written in the file; use ${{VAR}} and set it in the environment")


def redact(url: str) -> str:
    """An Apprise URL safe to log: scheme and host only, credentials and paths hidden."""
    if "://" not in url:
        return "<url>"
    scheme, rest = url.split("://", 1)
    host = rest.split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1]
    if scheme in ("wecombot", "dingtalk", "feishu", "lark"):
        host = "***"
    return f"{scheme}://{host}/…"


EXAMPLE = """\
# policydiff sources: what `policydiff check` watches and where its alerts go.
# Secrets (SMTP passwords, bot keys) come from the environment as ${VAR}, never from this file.

[defaults]
interval = "1d"          # how often each source is checked ("30m", "6h", "1d", "1w")
timeout = 20             # seconds for a whole fetch (connect, body, retries)
failure_threshold = 2    # consecutive failures before a "source failing" alert (and one on recovery)
concurrency = 8          # fetches in flight at once
max_shrink = 0.5         # refuse a text that shrank below half of the last version (captcha, login wall)
digest = "run"           # "run": one digest per route per run; "change": one alert per change
alerts = []              # routes every source uses unless it names its own
lang = "zh"              # the alerts' language: "zh" or "en"
# report_base_url = "https://policies.example.com/reports/"   # where ARCHIVE/reports/ is served: links in alerts and feeds

# Add sources with `policydiff sources add SLUG URL [--tags a,b] [--render browser]`;
# try one with `policydiff sources test SLUG` (records nothing). Every key of a source:
# [[source]]
# slug = "example-app"
# name = "示例App隐私政策"
# url = "https://www.example.com/privacy"
# selector = "div.policy-content"   # optional: the policy's part of the page
# remove = [".download-banner", "#related"]   # optional: elements dropped before the text is taken
# render = "browser"                # optional: headless Chromium, for a page a script fills in
# wait_for = "div.policy-content p" # optional, with render = "browser": wait for this instead of network idle
# headers = { User-Agent = "Mozilla/5.0 (Linux; Android 14) Mobile", X-Token = "${POLICY_TOKEN}" }
# cookies = { region = "${REGION_COOKIE}" }   # values may come from the environment
# url = "https://${POLICY_USER}:${POLICY_PASSWORD}@intranet.example.com/privacy"   # credentials from the environment
# redirects = "any"                 # optional: follow a redirect to another site (default: same site only)
# allow_private = true              # optional: the URL's own host may be a loopback/private address
# tags = ["ecommerce"]
# interval = "6h"
# timeout = 20
# alerts = ["compliance"]

# [alerts.compliance]
# urls = ["mailtos://${SMTP_USER}:${SMTP_PASSWORD}@smtp.example.com?to=privacy@example.com"]
# only_material = false
# tags = ["ecommerce"]     # also gets every source with one of these tags
"""
