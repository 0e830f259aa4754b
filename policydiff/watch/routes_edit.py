"""Edit the alert routes of ``sources.toml`` from the command line (``policydiff alerts add|remove``).

Like ``watch.sources_edit``, edits are line-based so every comment stays, and each edited text
is validated by ``watch.config_parse`` before it replaces the file atomically. A route added
``--default`` is also named in ``[defaults] alerts``, so every source without its own list
sends to it; removing a route takes its name out of every one-line ``alerts = [...]`` list too
(a list naming an unknown route is an error the next check would stop on).

>>> text = '[defaults]\\nalerts = []   # routes every source uses\\n'
>>> print(with_default_route(text, "ops"), end="")
[defaults]
alerts = ["ops"]   # routes every source uses
>>> print(without_route_name('alerts = ["ops", "mail"]\\n', "ops"), end="")
alerts = ["mail"]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from policydiff import regex_cache
from policydiff.errors import ConfigError, UsageError
from policydiff.watch import config_parse
from policydiff.watch.config import ROUTE_RE, Route, check_secret_free
from policydiff.watch.sources_edit import _read, _replace, _toml, write_example

_HEADER = regex_cache.compile(r"^\s*\[")
_ALERTS_LINE = regex_cache.compile(r"^(\s*alerts\s*=\s*)(\[[^\]\n]*\])(.*)$", re.M)
_DEFAULTS = regex_cache.compile(r"^\s*\[\s*defaults\s*\]\s*(#.*)?$", re.M)


def _names(array: str) -> list[str]:
    """The strings of a one-line TOML array (``["a", 'b']``)."""
    return [a or b for a, b in re.findall(r"\"([^\"]*)\"|'([^']*)'", array)]


def with_default_route(text: str, name: str) -> str:
    """``text`` with ``name`` added to ``[defaults] alerts`` (the table and the key made when missing)."""
    m = _DEFAULTS.search(text)
    if m is None:
        return f'[defaults]\nalerts = ["{name}"]\n\n' + text
    end = next((m.end() + k.start() for k in re.finditer(r"^\s*\[", text[m.end():], re.M)), len(text))
    body = text[m.end():end]
    line = _ALERTS_LINE.search(body)
    if line is None:
        return text[: m.end()] + f'\nalerts = ["{name}"]' + text[m.end():]
    names = _names(line.group(2))
    if name in names:
        return text
    new = line.group(1) + _toml([*names, name]) + line.group(3)
    return text[: m.end()] + body[: line.start()] + new + body[line.end():] + text[end:]


def without_route_name(text: str, name: str) -> str:
    """``text`` with ``name`` taken out of every one-line ``alerts = [...]`` list."""

    def drop(m: re.Match[str]) -> str:
        names = _names(m.group(2))
        if name not in names:
            return m.group(0)
        return m.group(1) + _toml([n for n in names if n != name]) + m.group(3)

    return _ALERTS_LINE.sub(drop, text)


def add(path: Path, name: str, urls: Sequence[str], *, only_material: bool = False, tags: Sequence[str] = (),
        failures: bool = True, default: bool = False) -> Route:
    """Append an ``[alerts.NAME]`` table (and name it in ``[defaults] alerts`` when ``default``)."""
    if not ROUTE_RE.match(name):
        raise UsageError(f"alert route name {name!r}: letters, digits, - and _ only (at most 64)")
    if not urls:
        raise UsageError(f"alerts add {name}: give at least one Apprise URL (mailtos://…, json://…, dingtalk://…)")
    for i, url in enumerate(urls):
        try:
            check_secret_free(url, f"URL {i + 1}")
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
    write_example(path)
    text = _read(path)
    cfg = config_parse.loads(text, path=path)
    if name in cfg.routes:
        raise UsageError(f"{path}: an alert route {name!r} exists already; `policydiff alerts remove {name}` first")
    block = f"[alerts.{name}]\nurls = {_toml(list(urls))}\n"
    if only_material:
        block += "only_material = true\n"
    if tags:
        block += f"tags = {_toml(list(tags))}\n"
    if not failures:
        block += "failures = false\n"
    sep = "" if not text else ("\n" if text.endswith("\n\n") else "\n\n" if text.endswith("\n") else "\n\n\n")
    new = text + sep + block
    if default:
        new = with_default_route(new, name)
    try:
        new_cfg = _replace(path, new)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    return new_cfg.routes[name]


def remove(path: Path, name: str) -> None:
    """Delete ``[alerts.NAME]`` (and the comment right above it) and the name from every alerts list."""
    text = _read(path)
    cfg = config_parse.loads(text, path=path)
    if name not in cfg.routes:
        raise UsageError(f"{path}: no alert route {name!r} (see `policydiff alerts list`)")
    lines = text.splitlines(keepends=True)
    head = regex_cache.compile(rf"^\s*\[\s*alerts\s*\.\s*(\"?){re.escape(name)}\1\s*\]")
    start = next(i for i, line in enumerate(lines) if head.match(line))
    end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    while start > 0 and lines[start - 1].lstrip().startswith("#"):
        start -= 1
    out = re.sub(r"\n{3,}", "\n\n", without_route_name("".join(lines[:start] + lines[end:]), name))
    if text.endswith("\n"):
        out = out.rstrip("\n") + "\n"
    try:
        _replace(path, out)
    except ConfigError as exc:  # e.g. a multi-line alerts list still names it
        raise UsageError(f"{exc} (remove {name!r} from that list by hand)") from None
