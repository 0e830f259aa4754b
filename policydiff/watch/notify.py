"""Notifications tested before they matter, and report paths turned into links.

``policydiff notify --test [ROUTE]`` sends one short message through every URL of each route
(or of the one named) and reports each result, so a wrong SMTP password or a revoked bot key
shows the day it is configured, not the day the first material change arrives.
"""

from __future__ import annotations

from collections.abc import Mapping

from policydiff.errors import UsageError
from policydiff.lexicon.labels import word
from policydiff.version import __version__
from policydiff.watch.alerts import now_iso
from policydiff.watch.config import Config
from policydiff.watch.sinks.apprise import Delivery, Message, deliver_route

TEST_TITLE = word("test_title", "en")


def test_message(route: str, lang: str = "zh") -> Message:
    """The short test message in the alerts' language (``[defaults] lang``)."""
    return Message(word("test_title", lang), word("test_body", lang, __version__, route, now_iso()), material=False)


def test_routes(config: Config, route: str | None = None, *, environ: Mapping[str, str] | None = None) -> list[Delivery]:
    """Send the test message through every URL of each route (or only ``route``); one Delivery per
    URL, each tried even when another one's ``${VAR}`` is not set."""
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
        out.extend(deliver_route(r, [test_message(name, config.defaults.lang)], environ))
    return out
