"""Read and validate ``sources.toml`` into ``watch.config``'s dataclasses.

Errors name the line (syntax errors, from tomllib) or the key and source (semantic errors)
so a mistake is found without reading code.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from policydiff import regex_cache
from policydiff.archive.layout import slug_problem
from policydiff.errors import ConfigError
from policydiff.fsutil import real_under
from policydiff.watch import config_extras
from policydiff.watch.config import (
    DIGEST_MODES,
    MAX_RETRIES,
    ROUTE_RE,
    SOURCES_FILE,
    Config,
    Defaults,
    Route,
    Source,
    check_secret_free,
    check_timeout,
    parse_interval,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


# -- locating keys in the file for messages ---------------------------------------------------


_KEY_LINE = regex_cache.compile(r"""^(?:["']([^"']*)["']|([^\s="']+))\s*=""")  # a key (bare or quoted) and its "="


class _Lines:
    """Finds the line of a table header or a key, so semantic errors can name it."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._tables: dict[int, dict[str, int]] = {}  # a table's first line -> its keys' lines

    def headers(self, pattern: str) -> list[int]:
        rx = regex_cache.compile(pattern)
        return [i + 1 for i, line in enumerate(self.lines) if rx.match(line.strip())]

    def line_of(self, needle: str, start: int) -> int:
        """The first line from ``start`` on that holds ``needle`` (a URL in a multi-line array), else ``start``."""
        for i in range(max(start - 1, 0), len(self.lines)):
            if needle in self.lines[i]:
                return i + 1
        return start

    def key_after(self, start: int, key: str) -> int:
        """The line of ``key = …`` in the table starting at line ``start`` (or ``start`` itself).

        Each table's keys are found in one pass, the first time one of them is asked for (every
        source asks for several, error or not).

        >>> _Lines('[[source]]\\nslug = "a"\\n"path" = "a.txt"\\n[[source]]\\nslug = "b"').key_after(1, "path")
        3
        >>> _Lines('[[source]]\\nslug = "a"\\n[[source]]\\npath = "b"').key_after(1, "path")
        1
        """
        keys = self._tables.get(start)
        if keys is None:
            keys = self._tables[start] = {}
            for i in range(start, len(self.lines)):
                stripped = self.lines[i].strip()
                if stripped.startswith("["):
                    break
                found = _KEY_LINE.match(stripped)
                if found is not None:
                    keys.setdefault(found.group(1) or found.group(2), i + 1)
        return keys.get(key, start)


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
        raise ConfigError(
            f"{p}: no such file; create it with `policydiff init`, then `policydiff sources add SLUG URL` (or pass --sources)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read: {exc}") from None
    return loads(text, path=p)


def loads(text: str, path: Path | None = None) -> Config:
    """Validate sources-file text (``path`` anchors relative source paths and messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_where(path, 0)}: TOML syntax error: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{_where(path, 0)}: TOML nested too deeply to be a sources file") from None
    lines = _Lines(text)
    base = Path(os.path.abspath(path.parent if path is not None else Path.cwd()))  # a later chdir changes nothing

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
        d.timeout = check_timeout(float(_typed(raw["timeout"], (int, float), "defaults", "timeout", ln("timeout"), path)),
                                  f"{_where(path, ln('timeout'))}: defaults.timeout")
    if "retries" in raw:
        d.retries = _typed(raw["retries"], int, "defaults", "retries", ln("retries"), path)
        if not 0 <= d.retries <= MAX_RETRIES:
            raise ConfigError(f"{_where(path, ln('retries'))}: defaults.retries must be 0–{MAX_RETRIES}, not {d.retries}")
    if "path_root" in raw:
        d.path_root = _typed(raw["path_root"], str, "defaults", "path_root", ln("path_root"), path)
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
    if "lang" in raw:
        d.lang = _typed(raw["lang"], str, "defaults", "lang", ln("lang"), path)
        if d.lang not in ("zh", "en"):
            raise ConfigError(f"{_where(path, ln('lang'))}: defaults.lang must be \"zh\" or \"en\"")
    if "report_base_url" in raw:
        d.report_base_url = config_extras.check_report_base_url(raw["report_base_url"], _where(path, ln("report_base_url")))
    if "allow_private" in raw:
        d.allow_private = _typed(raw["allow_private"], bool, "defaults", "allow_private", ln("allow_private"), path)
    if "feed_entries" in raw:
        d.feed_entries = _typed(raw["feed_entries"], int, "defaults", "feed_entries", ln("feed_entries"), path)
        if d.feed_entries < 1:
            raise ConfigError(f"{_where(path, ln('feed_entries'))}: defaults.feed_entries must be at least 1")
    return d


_SOURCE_KEYS = {"slug", "name", "url", "path", "selector", "tags", "interval", "alerts", "timeout",
                *config_extras.SOURCE_EXTRA_KEYS}
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
    problem = slug_problem(slug_raw)
    if problem is not None:
        raise ConfigError(f"{_where(path, ln('slug'))}: {what}: bad slug {slug_raw!r}; {problem}")
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
        timeout = check_timeout(float(_typed(raw["timeout"], (int, float), what, "timeout", ln("timeout"), path)),
                                f"{_where(path, ln('timeout'))}: {what}")
    alerts = _str_list(raw["alerts"], what, "alerts", ln("alerts"), path) if "alerts" in raw else list(defaults.alerts)
    for name_ in alerts:
        if name_ not in routes:
            known = ", ".join(sorted(routes)) or "none defined"
            raise ConfigError(f"{_where(path, ln('alerts'))}: {what}: unknown alert route {name_!r} (known: {known}); define [alerts.{name_}]")
    root = _root(resolved, defaults, base, f"{_where(path, ln('path'))}: {what}") if resolved is not None else None
    src = Source(
        slug=slug_raw, name=name, url=url, path=resolved, selector=selector, tags=tags,
        interval=interval, alerts=alerts, timeout=timeout, line=line, root=root, allow_private=defaults.allow_private,
    )
    return config_extras.apply_source_extras(src, raw, what, lambda key: _where(path, ln(key)))


def _root(resolved: Path, defaults: Defaults, base: Path, where: str) -> Path:
    """The folder a path source must be under; a path outside it is refused now, not on every check."""
    root = base  # (a relative base is relative to the working folder already: not base / base)
    if defaults.path_root:
        root = Path(defaults.path_root).expanduser()
        root = root if root.is_absolute() else base / root
    outside = real_under(resolved, root)[1]
    if outside is not None:
        raise ConfigError(f"{where}: {resolved} is outside the sources' root {outside} "
                          "(path sources must be under it; set [defaults] path_root to allow another folder)")
    return root


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
            url_line = lines.line_of(url, ln("urls"))
            check_secret_free(url, f"{_where(path, url_line)}: {where}.urls")
            config_extras.check_apprise_url(url, f"{_where(path, url_line)}: {where}.urls")
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


