"""Validate the sources file's newer keys: how a source is fetched and extracted, where reports
are served, and whether each Apprise URL is one Apprise understands.

``watch.config_parse`` calls these with a ``where(key)`` function that names the file and line,
so every message points at the key to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

from policydiff.errors import ConfigError
from policydiff.watch.config import ENV_RE, Source, redact
from policydiff.watch.netpolicy import REDIRECT_MODES

RENDER_MODES = ("http", "browser")
SOURCE_EXTRA_KEYS = {"render", "wait_for", "remove", "headers", "cookies", "allow_private", "redirects"}
Where = Callable[[str], str]


def _str_table(value: object, key: str, what: str, where: Where) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ConfigError(f"{where(key)}: {what}.{key} must be a table of strings, e.g. {key} = {{ Name = \"value\" }}")
    return dict(value)


def _css(value: str, key: str, what: str, where: Where) -> None:
    try:
        from cssselect import GenericTranslator, SelectorError  # light; lxml's own CSS support uses it
    except ImportError:  # pragma: no cover - cssselect is a dependency
        return
    try:
        GenericTranslator().css_to_xpath(value)
    except SelectorError as exc:
        raise ConfigError(f"{where(key)}: {what}.{key}: bad CSS selector {value!r} ({exc})") from None


def apply_source_extras(src: Source, raw: dict[str, Any], what: str, where: Where) -> Source:
    """Read ``render``, ``wait_for``, ``remove``, ``headers`` and ``cookies`` into ``src``."""
    render = raw.get("render", "http")
    if render not in RENDER_MODES:
        raise ConfigError(f"{where('render')}: {what}.render must be \"http\" or \"browser\", not {render!r}")
    if render == "browser" and src.url is None:
        raise ConfigError(f"{where('render')}: {what}: render = \"browser\" needs a url, not a path")
    src.render = render
    wait_for = raw.get("wait_for")
    if wait_for is not None:
        if not isinstance(wait_for, str) or not wait_for.strip():
            raise ConfigError(f"{where('wait_for')}: {what}.wait_for must be a CSS selector string")
        if render != "browser":
            raise ConfigError(f"{where('wait_for')}: {what}.wait_for applies to render = \"browser\" only")
        _css(wait_for, "wait_for", what, where)
        src.wait_for = wait_for
    remove = raw.get("remove", [])
    if isinstance(remove, str):
        remove = [remove]
    if not isinstance(remove, list) or not all(isinstance(r, str) and r.strip() for r in remove):
        raise ConfigError(f"{where('remove')}: {what}.remove must be a list of CSS selectors")
    for css in remove:
        _css(css, "remove", what, where)
    src.remove = list(remove)
    if src.selector:
        _css(src.selector, "selector", what, where)
    if "headers" in raw:
        src.headers = _str_table(raw["headers"], "headers", what, where)
        for name in src.headers:
            if not name or any(c in name for c in " :\r\n"):
                raise ConfigError(f"{where('headers')}: {what}.headers: {name!r} is not a header name")
    if "cookies" in raw:
        src.cookies = _str_table(raw["cookies"], "cookies", what, where)
    if "allow_private" in raw:
        if not isinstance(raw["allow_private"], bool):
            raise ConfigError(f"{where('allow_private')}: {what}.allow_private must be true or false")
        src.allow_private = raw["allow_private"]
    if "redirects" in raw:
        if raw["redirects"] not in REDIRECT_MODES:
            raise ConfigError(f"{where('redirects')}: {what}.redirects must be \"same-site\" or \"any\", not {raw['redirects']!r}")
        src.redirects = raw["redirects"]
    if (src.headers or src.cookies) and src.url is None:
        raise ConfigError(f"{where('headers' if src.headers else 'cookies')}: {what}: headers and cookies need a url")
    return src


def check_report_base_url(value: object, where: str) -> str:
    """``report_base_url``: an http(s) URL the reports folder is served at (a trailing / is added)."""
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc:
        raise ConfigError(f"{where}: defaults.report_base_url must be an http(s) URL such as "
                          f"\"https://policies.example.com/reports/\", not {value!r}")
    return value if value.endswith("/") else value + "/"


def check_apprise_url(url: str, where: str) -> None:
    """Parse one alert URL with Apprise itself, so a typo fails at load and not at the first change.

    ``${VAR}`` placeholders take the variable's value when it is set, else a stand-in: the URL's
    shape is checked here, the secret when it is sent (``notify --test`` sends one for real).
    """
    import logging
    import os

    import apprise  # heavy (~150 ms): only when the sources file has alert URLs

    raw_values = [v for v in (os.environ.get(m.group(1)) for m in ENV_RE.finditer(url)) if v]
    secrets = raw_values + [quote(v, safe="") for v in raw_values]
    # the value as it is sent: percent-encoded (``Route.resolved_urls``), so a password holding
    # ``/ ? #`` is checked as the one password it is
    probe = ENV_RE.sub(lambda m: quote(os.environ.get(m.group(1)) or "placeholder0", safe=""), url)
    with apprise.LogCapture(level=logging.WARNING) as log:
        plugin = apprise.Apprise.instantiate(probe, suppress_exceptions=True)
        captured = log.getvalue() if hasattr(log, "getvalue") else ""
    if plugin is None:
        scheme = url.split("://", 1)[0]
        if scheme.lower() not in {s.lower() for s in _schemes(apprise)}:
            why = f"Apprise has no service {scheme!r}://"
        else:
            said = [line.split(" - ", 2)[-1].strip() for line in captured.strip().splitlines() if line.strip()]
            said = [line for line in said if "placeholder0" not in line and not line.startswith("Could not load")
                    and not any(secret in line for secret in secrets)]  # never print a secret
            why = "Apprise cannot parse it" + (f" ({said[0]})" if said else " (a missing host, key or recipient?)")
        raise ConfigError(f"{where}: {redact(url)} is not a valid Apprise URL: {why}")


def _schemes(apprise: Any) -> set[str]:
    out: set[str] = set()
    try:
        for entry in apprise.Apprise().details().get("schemas", []):
            for key in ("protocols", "secure_protocols"):
                out.update(entry.get(key) or ())
    except Exception:  # noqa: BLE001 - only to word the message
        pass
    return out
