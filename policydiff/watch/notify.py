"""Notifications tested before they matter, and report paths turned into links.

``policydiff notify --test [ROUTE]`` sends one short message through every URL of each route
(or of the one named) and reports each result, so a wrong SMTP password or a revoked bot key
shows the day it is configured, not the day the first material change arrives.
"""

from __future__ import annotations

from collections.abc import Mapping

from policydiff.errors import UsageError
from policydiff.version import __version__
from policydiff.watch.alerts import now_iso
from policydiff.watch.config import Config
from policydiff.watch.sinks.apprise import Delivery, Message, deliver_route

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
        out.extend(deliver_route(r, [test_message(name)], environ))
    return out
