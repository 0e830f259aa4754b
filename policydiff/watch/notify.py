"""Notifications tested before they matter, and report paths turned into links.

``policydiff notify --test [ROUTE]`` sends one short message through every URL of each route
(or of the one named) and reports each result, so a wrong SMTP password or a revoked bot key
shows the day it is configured, not the day the first material change arrives.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from policydiff.errors import ConfigError, UsageError
from policydiff.version import __version__
from policydiff.watch.alerts import now_iso
from policydiff.watch.config import Config, redact
from policydiff.watch.sinks.apprise import Delivery, Message, send

TEST_TITLE = "[policydiff] test notification"


def test_message(route: str) -> Message:
    body = (f"This is a test from policydiff {__version__} for alert route `{route}`, sent {now_iso()}.\n\n"
            "If you read this, alerts of material changes will reach you here.\n")
    return Message(TEST_TITLE, body, material=False)


def test_routes(config: Config, route: str | None = None, *, environ: Mapping[str, str] | None = None) -> list[Delivery]:
    """Send the test message through every URL of each route (or only ``route``); one Delivery per URL."""
    if route is not None and route not in config.routes:
        known = ", ".join(sorted(config.routes)) or "none defined"
        raise UsageError(f"notify --test: no alert route {route!r} (known: {known})")
    names = [route] if route is not None else sorted(config.routes)
    if not names:
        raise UsageError(f"notify --test: {config.path} defines no alert route; add [alerts.NAME] with urls = [...]")
    out: list[Delivery] = []
    for name in names:
        r = config.routes[name]
        if not r.urls:
            out.append(Delivery(name, "<route>", False, 0, "the route has no urls"))
            continue
        try:
            urls = r.resolved_urls(environ)
        except ConfigError as exc:
            out.append(Delivery(name, "<route>", False, 0, str(exc)))
            continue
        for url in urls:
            try:
                parts, error = send(url, [test_message(name)])
            except Exception as exc:  # noqa: BLE001 - one broken plugin must not hide the other routes
                parts, error = 0, f"{type(exc).__name__}: {exc}"
            out.append(Delivery(name, redact(url), not error, parts, error))
    return out


def report_link(archive_dir: Path, report: Path, base_url: str | None) -> str:
    """A report as alerts and feeds show it: ``report_base_url`` + its path under ARCHIVE/reports/,
    else the local path."""
    if not base_url:
        return str(report)
    try:
        rel = report.resolve().relative_to((archive_dir / "reports").resolve())
    except ValueError:
        return str(report)
    return base_url + "/".join(quote(part) for part in rel.parts)
