"""Load and validate ``sources.toml``: the tracked policies, run defaults and alert routes.

Errors name the line (syntax errors, from tomllib) or the key and source (semantic
errors) so a mistake is found without reading code. Secrets never live in the file:
alert URLs take ``${ENV_VAR}`` placeholders, expanded from the environment at send time.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from policydiff.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SOURCES_FILE = "sources.toml"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
ROUTE_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_INTERVAL_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_ENV_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
DIGEST_MODES = ("run", "change")


@dataclass
class Route:
    """A named alert destination: Apprise URLs plus what it wants to receive."""

    name: str
    urls: list[str]  # as written, with ${VAR} placeholders unexpanded
    only_material: bool = False  # send only material changes (failures still go unless failures=false)
    tags: list[str] = field(default_factory=list)  # also receive alerts of every source with one of these tags
    failures: bool = True  # receive "source failing" / "source recovered" alerts
    digest: str | None = None  # "run" or "change"; None = the defaults' mode

    def resolved_urls(self, environ: Mapping[str, str] | None = None) -> list[str]:
        """The URLs with ``${VAR}`` expanded; a missing variable is a ConfigError naming it."""
        env = os.environ if environ is None else environ
        out = []
        for i, url in enumerate(self.urls):

            def sub(m: re.Match[str], i: int = i) -> str:
                name = m.group(1)
                if name not in env:
                    raise ConfigError(f"alerts.{self.name}.urls[{i}]: environment variable {name} is not set")
                return env[name]

            out.append(_ENV_RE.sub(sub, url))
        return out


@dataclass
class Defaults:
    """Settings every source inherits unless it sets its own."""

    interval: float = 86400.0  # seconds between checks of one source
    timeout: float = 20.0  # seconds per HTTP request
    retries: int = 2
    concurrency: int = 8  # fetches in flight at once
    failure_threshold: int = 2  # consecutive failures before the "failing" alert
    max_shrink: float = 0.5  # a new text shorter than this share of the last one is refused
    digest: str = "run"  # "run": one digest per route per run; "change": one alert per change
    alerts: list[str] = field(default_factory=list)  # routes every source uses unless it names its own
    user_agent: str | None = None
    feed_entries: int = 200  # Atom feed length bound


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
    timeout: float = 20.0
    line: int = 0  # line of its [[source]] header, for messages

    @property
    def location(self) -> str:
        """The URL or the path, whichever it is fetched from."""
        return self.url if self.url is not None else str(self.path)


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
        raise ConfigError(f"no source with slug {slug!r} in {self.path}")

    def routes_for(self, source: Source) -> list[Route]:
        """Routes a source's alerts go to: its own list plus every route whose tags it carries."""
        names = list(source.alerts)
        for route in self.routes.values():
            if route.tags and set(route.tags) & set(source.tags) and route.name not in names:
                names.append(route.name)
        return [self.routes[n] for n in names]


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
    if seconds <= 0:
        raise ConfigError(f"{where}: interval must be positive, not {value!r}")
    return seconds


# -- locating keys in the file for messages ---------------------------------------------------


class _Lines:
    """Finds the line of a table header or a key, so semantic errors can name it."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def headers(self, pattern: str) -> list[int]:
        rx = re.compile(pattern)
        return [i + 1 for i, line in enumerate(self.lines) if rx.match(line.strip())]

    def key_after(self, start: int, key: str) -> int:
        """The line of ``key = …`` in the table starting at line ``start`` (or ``start`` itself)."""
        rx = re.compile(rf"^[\"']?{re.escape(key)}[\"']?\s*=")
        for i in range(start, len(self.lines)):
            stripped = self.lines[i].strip()
            if stripped.startswith("["):
                break
            if rx.match(stripped):
                return i + 1
        return start


def _where(path: Path | None, line: int) -> str:
    name = str(path) if path is not None else SOURCES_FILE
    return f"{name}, line {line}" if line else name


# -- loading ------------------------------------------------------------------------------------


def load(path: str | Path) -> Config:
    """Read and validate a sources file; ConfigError names the line and key of any mistake."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: no such file; create it (see archive/README.md) or pass --sources") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read: {exc}") from None
    return loads(text, path=p)


def loads(text: str, path: Path | None = None) -> Config:
    """Validate sources-file text (``path`` anchors relative source paths and messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_where(path, 0)}: TOML syntax error: {exc}") from None
    lines = _Lines(text)
    base = path.parent if path is not None else Path.cwd()

    unknown = set(data) - {"defaults", "source", "alerts"}
    if unknown:
        key = sorted(unknown)[0]
        line = (lines.headers(rf"^\[+\s*{re.escape(key)}\b") or [0])[0] or lines.key_after(0, key)
        raise ConfigError(f"{_where(path, line)}: unknown top-level key {key!r} (expected [defaults], [[source]], [alerts.NAME])")

    defaults = _defaults(data.get("defaults", {}), lines, path)
    routes = _routes(data.get("alerts", {}), lines, path)
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list):
        raise ConfigError(f"{_where(path, 0)}: 'source' must be an array of tables: write [[source]]")
    source_lines = lines.headers(r"^\[\[\s*source\s*\]\]")
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_sources):
        line = source_lines[i] if i < len(source_lines) else 0
        src = _source(raw, i, line, defaults, routes, lines, path, base)
        if src.slug in seen:
            raise ConfigError(f"{_where(path, lines.key_after(line, 'slug'))}: duplicate slug {src.slug!r} (first at line {seen[src.slug]})")
        seen[src.slug] = line
        sources.append(src)
    for name in defaults.alerts:
        if name not in routes:
            raise ConfigError(f"{_where(path, _key_line(lines, 'defaults', 'alerts'))}: defaults.alerts names unknown route {name!r}; define [alerts.{name}]")
    return Config(path=path, defaults=defaults, sources=sources, routes=routes)


def _key_line(lines: _Lines, table: str, key: str) -> int:
    heads = lines.headers(rf"^\[\s*{re.escape(table)}\s*\]")
    return lines.key_after(heads[0], key) if heads else 0


def _check_keys(raw: dict[str, Any], allowed: set[str], what: str, line: int, lines: _Lines, path: Path | None) -> None:
    for key in raw:
        if key not in allowed:
            raise ConfigError(
                f"{_where(path, lines.key_after(line, key) if line else 0)}: unknown key {key!r} in {what}; "
                f"allowed: {', '.join(sorted(allowed))}"
            )


def _typed(value: object, kind: type | tuple[type, ...], where: str, key: str, line: int, path: Path | None) -> Any:
    ok = isinstance(value, kind) and not (isinstance(value, bool) and kind in (int, float, (int, float)))
    if not ok:
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ConfigError(f"{_where(path, line)}: {where}.{key} must be {names}, not {value!r}")
    return value


def _str_list(value: object, where: str, key: str, line: int, path: Path | None) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{_where(path, line)}: {where}.{key} must be a list of strings, not {value!r}")
    return list(value)


def _defaults(raw: object, lines: _Lines, path: Path | None) -> Defaults:
    if not isinstance(raw, dict):
        raise ConfigError(f"{_where(path, 0)}: [defaults] must be a table")
    head = (lines.headers(r"^\[\s*defaults\s*\]") or [0])[0]
    d = Defaults()
    _check_keys(raw, set(d.__dataclass_fields__) - {"line"}, "[defaults]", head, lines, path)

    def ln(key: str) -> int:
        return lines.key_after(head, key) if head else 0

    if "interval" in raw:
        d.interval = parse_interval(raw["interval"], f"{_where(path, ln('interval'))}: defaults.interval")
    if "timeout" in raw:
        d.timeout = float(_typed(raw["timeout"], (int, float), "defaults", "timeout", ln("timeout"), path))
    if "retries" in raw:
        d.retries = _typed(raw["retries"], int, "defaults", "retries", ln("retries"), path)
    if "concurrency" in raw:
        d.concurrency = _typed(raw["concurrency"], int, "defaults", "concurrency", ln("concurrency"), path)
        if not 1 <= d.concurrency <= 256:
            raise ConfigError(f"{_where(path, ln('concurrency'))}: defaults.concurrency must be 1–256")
    if "failure_threshold" in raw:
        d.failure_threshold = _typed(raw["failure_threshold"], int, "defaults", "failure_threshold", ln("failure_threshold"), path)
        if d.failure_threshold < 1:
            raise ConfigError(f"{_where(path, ln('failure_threshold'))}: defaults.failure_threshold must be at least 1")
    if "max_shrink" in raw:
        d.max_shrink = float(_typed(raw["max_shrink"], (int, float), "defaults", "max_shrink", ln("max_shrink"), path))
        if not 0 <= d.max_shrink < 1:
            raise ConfigError(f"{_where(path, ln('max_shrink'))}: defaults.max_shrink must be in [0, 1)")
    if "digest" in raw:
        d.digest = _typed(raw["digest"], str, "defaults", "digest", ln("digest"), path)
        if d.digest not in DIGEST_MODES:
            raise ConfigError(f"{_where(path, ln('digest'))}: defaults.digest must be \"run\" (one digest per run) or \"change\" (one alert per change)")
    if "alerts" in raw:
        d.alerts = _str_list(raw["alerts"], "defaults", "alerts", ln("alerts"), path)
    if "user_agent" in raw:
        d.user_agent = _typed(raw["user_agent"], str, "defaults", "user_agent", ln("user_agent"), path)
    if "feed_entries" in raw:
        d.feed_entries = _typed(raw["feed_entries"], int, "defaults", "feed_entries", ln("feed_entries"), path)
        if d.feed_entries < 1:
            raise ConfigError(f"{_where(path, ln('feed_entries'))}: defaults.feed_entries must be at least 1")
    return d


_SOURCE_KEYS = {"slug", "name", "url", "path", "selector", "tags", "interval", "alerts", "timeout"}
_ROUTE_KEYS = {"urls", "only_material", "tags", "failures", "digest"}


def _source(
    raw: object, i: int, line: int, defaults: Defaults, routes: dict[str, Route], lines: _Lines, path: Path | None, base: Path
) -> Source:
    if not isinstance(raw, dict):
        raise ConfigError(f"{_where(path, line)}: source #{i + 1} must be a table")
    slug_raw = raw.get("slug")
    what = f"source {slug_raw!r}" if isinstance(slug_raw, str) else f"source #{i + 1}"
    _check_keys(raw, _SOURCE_KEYS, f"[[source]] ({what})", line, lines, path)

    def ln(key: str) -> int:
        return lines.key_after(line, key) if line else 0

    if not isinstance(slug_raw, str):
        raise ConfigError(f"{_where(path, line)}: {what} has no slug (a short name such as \"kuaishou-shop\")")
    if not SLUG_RE.match(slug_raw):
        raise ConfigError(
            f"{_where(path, ln('slug'))}: {what}: bad slug {slug_raw!r}; use lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (at most 80)"
        )
    name = _typed(raw.get("name", slug_raw), str, what, "name", ln("name"), path)
    url = raw.get("url")
    spath = raw.get("path")
    if url is not None and spath is not None:
        raise ConfigError(f"{_where(path, ln('path'))}: {what} has both url and path; give one")
    if url is None and spath is None:
        raise ConfigError(f"{_where(path, line)}: {what} needs a url or a path")
    resolved: Path | None = None
    if url is not None:
        _typed(url, str, what, "url", ln("url"), path)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"{_where(path, ln('url'))}: {what}: url must be an http(s) URL, not {url!r}")
    else:
        resolved = Path(_typed(spath, str, what, "path", ln("path"), path)).expanduser()
        if not resolved.is_absolute():
            resolved = base / resolved
    selector = raw.get("selector")
    if selector is not None:
        _typed(selector, str, what, "selector", ln("selector"), path)
    tags = _str_list(raw.get("tags", []), what, "tags", ln("tags"), path)
    interval = defaults.interval
    if "interval" in raw:
        interval = parse_interval(raw["interval"], f"{_where(path, ln('interval'))}: {what}: interval")
    timeout = defaults.timeout
    if "timeout" in raw:
        timeout = float(_typed(raw["timeout"], (int, float), what, "timeout", ln("timeout"), path))
    alerts = _str_list(raw["alerts"], what, "alerts", ln("alerts"), path) if "alerts" in raw else list(defaults.alerts)
    for name_ in alerts:
        if name_ not in routes:
            known = ", ".join(sorted(routes)) or "none defined"
            raise ConfigError(f"{_where(path, ln('alerts'))}: {what}: unknown alert route {name_!r} (known: {known}); define [alerts.{name_}]")
    return Source(
        slug=slug_raw, name=name, url=url, path=resolved, selector=selector, tags=tags,
        interval=interval, alerts=alerts, timeout=timeout, line=line,
    )


def _routes(raw: object, lines: _Lines, path: Path | None) -> dict[str, Route]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{_where(path, 0)}: 'alerts' must hold tables: write [alerts.NAME]")
    routes: dict[str, Route] = {}
    for name, body in raw.items():
        head = (lines.headers(rf"^\[\s*alerts\.[\"']?{re.escape(name)}[\"']?\s*\]") or [0])[0]
        where = f"alerts.{name}"

        def ln(key: str, head: int = head) -> int:
            return lines.key_after(head, key) if head else 0

        if not ROUTE_RE.match(name):
            raise ConfigError(f"{_where(path, head)}: bad route name {name!r}; use letters, digits, '_' or '-'")
        if not isinstance(body, dict):
            raise ConfigError(f"{_where(path, head)}: {where} must be a table")
        _check_keys(body, _ROUTE_KEYS, f"[{where}]", head, lines, path)
        urls = _str_list(body.get("urls", []), where, "urls", ln("urls"), path)
        for url in urls:
            _check_secret_free(url, f"{_where(path, ln('urls'))}: {where}.urls")
        digest = body.get("digest")
        if digest is not None and digest not in DIGEST_MODES:
            raise ConfigError(f"{_where(path, ln('digest'))}: {where}.digest must be \"run\" or \"change\"")
        routes[name] = Route(
            name=name,
            urls=urls,
            only_material=bool(_typed(body.get("only_material", False), bool, where, "only_material", ln("only_material"), path)),
            tags=_str_list(body.get("tags", []), where, "tags", ln("tags"), path),
            failures=bool(_typed(body.get("failures", True), bool, where, "failures", ln("failures"), path)),
            digest=digest,
        )
    return routes


def _check_secret_free(url: str, where: str) -> None:
    """Refuse an inline password: secrets belong in the environment (``${SMTP_PASSWORD}``)."""
    if "://" not in url:
        raise ConfigError(f"{where}: {url!r} is not an Apprise URL (scheme://…)")
    netloc = url.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0]
    if "@" in netloc:
        userinfo = netloc.rsplit("@", 1)[0]
        if ":" in userinfo and not _ENV_RE.search(userinfo.split(":", 1)[1]):
            raise ConfigError(f"{where}: a password is written in the file; use ${{VAR}} and set it in the environment")
    for secret_key in ("pass", "password", "token", "secret", "key"):
        m = re.search(rf"[?&]{secret_key}=([^&]*)", url)
        if m and m.group(1) and not _ENV_RE.fullmatch(m.group(1)):
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
timeout = 20             # seconds per request
failure_threshold = 2    # consecutive failures before a "source failing" alert (and one on recovery)
concurrency = 8          # fetches in flight at once
max_shrink = 0.5         # refuse a text that shrank below half of the last version (captcha, login wall)
digest = "run"           # "run": one digest per route per run; "change": one alert per change
alerts = []              # routes every source uses unless it names its own

# [[source]]
# slug = "example-app"
# name = "示例App隐私政策"
# url = "https://www.example.com/privacy"
# selector = "div.policy-content"   # optional: the policy's part of the page
# tags = ["ecommerce"]
# interval = "6h"
# alerts = ["compliance"]

# [alerts.compliance]
# urls = ["mailtos://${SMTP_USER}:${SMTP_PASSWORD}@smtp.example.com?to=privacy@example.com"]
# only_material = false
# tags = ["ecommerce"]     # also gets every source with one of these tags
"""
