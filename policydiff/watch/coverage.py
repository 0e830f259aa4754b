"""Who hears about a change: the warnings that keep an alert from being dropped without a word.

A sources file can record every change and tell no one: a source with no alert route, a route
that no source uses (defined, tested ok by ``notify --test``, and never sent anything), or a
route without a URL. ``config_warnings`` says each in one line; ``check`` prints them in its
summary and its digest, ``sources list`` and ``notify --test`` print them too, and
``check --strict`` fails on them. ``unalerted`` names the changes of a run that went to nobody.

>>> from policydiff.watch.config import Config, Defaults, Route, Source
>>> cfg = Config(None, Defaults(), [Source("a", "A", url="https://a.example/p")],
...              {"ops": Route("ops", ["json://127.0.0.1/"])})
>>> for w in config_warnings(cfg):
...     print(w)
alert route 'ops' is used by no source: name it in `alerts = ["ops"]` of [defaults] or of a [[source]] (or `policydiff sources add … --alerts ops`)
1 source has no alert route, its changes reach no one: a
"""

from __future__ import annotations

from collections.abc import Iterable

from policydiff.watch.alerts import Alert, ChangeAlert
from policydiff.watch.config import Config, Route, Source


def route_users(config: Config, route: Route) -> list[Source]:
    """The sources whose alerts go to ``route`` (by name or by one of its tags)."""
    return [s for s in config.sources if route in config.routes_for(s)]


def unrouted(config: Config) -> list[Source]:
    """The sources whose alerts go to no route with a URL."""
    return [s for s in config.sources if not any(r.urls for r in config.routes_for(s))]


def config_warnings(config: Config) -> list[str]:
    """One line per way the sources file lets an alert reach no one (empty when every source is heard)."""
    out: list[str] = []
    for name, route in sorted(config.routes.items()):
        if not route.urls:
            out.append(f"alert route {name!r} has no urls: nothing sent to it reaches anyone")
        elif config.sources and not route_users(config, route):
            out.append(f"alert route {name!r} is used by no source: name it in `alerts = [\"{name}\"]` of [defaults] "
                       f"or of a [[source]] (or `policydiff sources add … --alerts {name}`)")
    silent = unrouted(config)
    if silent:
        slugs = ", ".join(s.slug for s in silent[:10]) + (f" and {len(silent) - 10} more" if len(silent) > 10 else "")
        noun = "source has no alert route, its" if len(silent) == 1 else "sources have no alert route, their"
        out.append(f"{len(silent)} {noun} changes reach no one: {slugs}")
    return out


def unalerted(config: Config, alerts: Iterable[Alert]) -> list[str]:
    """One line per change alert of a run that goes to no route with a URL (a route that asked
    for material changes only and skips a minor one is the user's choice, not a warning)."""
    by_slug = {s.slug: s for s in config.sources}
    out = []
    for a in alerts:
        src = by_slug.get(a.slug)
        if isinstance(a, ChangeAlert) and (src is None or not any(r.urls for r in config.routes_for(src))):
            what = "material change" if a.material else "change"
            which = f" (#{a.new.index})" if a.new.index is not None else ""
            out.append(f"{a.slug}: a {what}{which} was recorded but alerted to no one (no alert route wants it)")
    return out
