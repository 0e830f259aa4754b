"""Delivery through Apprise (e-mail, JSON webhooks, 企业微信, 钉钉, 飞书, …), per route.

A message longer than a service takes is split into numbered parts (and, past a bound, points
to the report) — never cut silently. Every URL's outcome is a ``Delivery``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from policydiff.errors import ConfigError
from policydiff.report.alert_html import mail_html
from policydiff.watch.alerts import Alert, ChangeAlert, FailureAlert, ordered
from policydiff.watch.config import Config, Route, redact
from policydiff.watch.sinks.digest import digest_html, digest_markdown, digest_text, digest_title

MAX_PARTS = 10  # a message needing more parts than this sends MAX_PARTS and points to the report

# Body limits in UTF-8 bytes, from the services' documentation; None = no practical limit.
SERVICE_LIMITS: dict[str, int | None] = {
    "mailto": None,
    "mailtos": None,
    "wecombot": 4096,  # WeCom group bot markdown content: 4096 bytes
    "dingtalk": 20000,  # DingTalk custom robot: 20000 bytes
    "feishu": 30000,  # Feishu custom bot: request body ~30 KB
    "lark": 30000,
}


# -- splitting long messages --------------------------------------------------------------------


def _chunks_of_line(line: str, budget: int) -> list[str]:
    """Cut one over-long line at character boundaries into pieces of at most ``budget`` bytes."""
    out: list[str] = []
    cur: list[str] = []
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > budget and cur:
            out.append("".join(cur))
            cur, size = [], 0
        cur.append(ch)
        size += n
    if cur:
        out.append("".join(cur))
    return out


def split_message(body: str, limit: int | None, *, report: str | None = None, max_parts: int = MAX_PARTS) -> list[str]:
    """Split ``body`` at line boundaries into numbered parts of at most ``limit`` UTF-8 bytes.

    Past ``max_parts`` the last part says how much was left out and where the full text is.
    """
    if limit is None or len(body.encode("utf-8")) <= limit:
        return [body]
    header_room = 32  # "(part 10/10)\n\n" and the like
    budget = max(limit - header_room, 64)
    pieces: list[str] = []
    cur = ""
    for line in body.split("\n"):
        candidate = f"{cur}\n{line}" if cur else line
        if len(candidate.encode("utf-8")) <= budget:
            cur = candidate
            continue
        if cur:
            pieces.append(cur)
        if len(line.encode("utf-8")) > budget:
            cut = _chunks_of_line(line, budget)
            pieces.extend(cut[:-1])
            cur = cut[-1]
        else:
            cur = line
    if cur:
        pieces.append(cur)
    if len(pieces) > max_parts:
        left = len(pieces) - (max_parts - 1)
        where = f" Full text: {report}" if report else " Full text: archive/digest.md"
        note = f"… {left} more part(s) not sent to this service.{where}"
        pieces = pieces[: max_parts - 1] + [note]
    n = len(pieces)
    return [f"(part {i}/{n})\n\n{p}" for i, p in enumerate(pieces, 1)]


def service_limit(url: str) -> int | None:
    """Body limit in bytes for an Apprise URL: the documented one, or Apprise's own bound."""
    scheme = url.split("://", 1)[0].lower()
    if scheme in SERVICE_LIMITS and SERVICE_LIMITS[scheme] is None:
        return None
    limits = [v for v in (SERVICE_LIMITS.get(scheme),) if v]
    try:
        import apprise  # heavy (~150 ms): only when an alert is sent

        plugin = apprise.Apprise.instantiate(url)
        maxlen = getattr(plugin, "body_maxlen", 0) if plugin else 0
        if maxlen:
            limits.append(int(maxlen))
    except Exception:  # noqa: BLE001 - the limit is a best effort; delivery reports real errors
        pass
    return min(limits) if limits else None


# -- Apprise delivery ---------------------------------------------------------------------------


@dataclass
class Message:
    """One notification to send: its title and its body in each format (the channel picks one,
    ``channel_format``), and the report it refers to."""

    title: str
    body: str  # plain text: terminal-like channels, JSON webhooks, plain e-mail
    material: bool
    report: str | None = None
    html: str | None = None  # a whole HTML document: HTML e-mail
    markdown: str | None = None  # for channels that render Markdown

    def add_note(self, note: str) -> None:
        """Append one sentence to every format of the body."""
        self.body = self.body.rstrip("\n") + "\n\n" + note + "\n"
        if self.markdown is not None:
            self.markdown = self.markdown.rstrip("\n") + "\n\n" + note + "\n"
        if self.html is not None:
            from policydiff.text.safety import html_escape

            self.html = self.html.replace("</body>", f"<p>{html_escape(note)}</p>\n</body>", 1)

    def for_channel(self, fmt: str) -> tuple[str, str]:
        """(body, format) for a channel that shows ``fmt`` ("html", "markdown" or "text")."""
        if fmt == "html" and self.html is not None:
            return self.html, "html"
        if fmt == "markdown" and self.markdown is not None:
            return self.markdown, "markdown"
        return self.body, "text"


MAIL_SCHEMES = {"mailto", "mailtos", "email", "o365", "sendgrid", "ses", "mailgun", "sparkpost", "resend", "smtp2go"}
MARKDOWN_SCHEMES = {"dingtalk", "wecombot", "discord", "matrix", "matrixs", "tgram", "mmost", "mmosts", "rocket",
                    "rockets", "zulip", "feishu", "lark", "slack"}


def channel_format(url: str) -> str:
    """What a channel shows: "html" for e-mail, "markdown" where Markdown is rendered (chat bots),
    "text" for everything else (JSON/XML/form webhooks…); an explicit ``format=`` in the URL wins.

    >>> channel_format("mailtos://u:p@smtp.example.com?to=a@example.com"), channel_format("json://127.0.0.1/hook")
    ('html', 'text')
    >>> channel_format("mailto://smtp.example.com?format=text"), channel_format("dingtalk://token/")
    ('text', 'markdown')
    """
    import re

    asked = re.search(r"[?&]format=(text|markdown|html)\b", url, re.IGNORECASE)
    if asked:
        return asked.group(1).lower()
    scheme = url.split("://", 1)[0].lower()
    if scheme in MAIL_SCHEMES:
        return "html"
    return "markdown" if scheme in MARKDOWN_SCHEMES else "text"


def alert_message(alert: Alert) -> Message:
    """One alert as a message in every format."""
    report = alert.report_html or alert.report_md if isinstance(alert, ChangeAlert) else None
    return Message(alert.title, alert.text(), alert.material, report,
                   html=mail_html(alert.title, [alert.view()]), markdown=alert.markdown())


@dataclass
class Delivery:
    """What happened to one route's messages at one URL."""

    route: str
    url: str  # redacted
    ok: bool
    parts: int
    error: str = ""


def messages_for(route: Route, alerts: Sequence[Alert], mode: str) -> list[Message]:
    """A route's messages: one digest of all its alerts, or one per alert (material first)."""
    picked = [
        a for a in ordered(alerts)
        if (isinstance(a, ChangeAlert) and (a.material or not route.only_material))
        or (isinstance(a, FailureAlert) and route.failures)
    ]
    if not picked:
        return []
    if (route.digest or mode) == "run" and len(picked) > 1:
        title = digest_title(picked)
        return [Message(title, digest_text(picked), any(a.material for a in picked),
                        html=digest_html(picked), markdown=digest_markdown(picked))]
    return [alert_message(a) for a in picked]


def send(url: str, messages: Sequence[Message], *, timeout: float = 30.0) -> tuple[int, str]:
    """Send messages to one Apprise URL; returns (parts sent, error text or "")."""
    from logging import WARNING  # here, with apprise: a run that sends nothing loads neither

    import apprise

    ap = apprise.Apprise()
    if not ap.add(url):
        return 0, f"not a valid Apprise URL: {redact(url)}"
    limit = service_limit(url)
    fmt = channel_format(url)
    formats = {"html": apprise.NotifyFormat.HTML, "markdown": apprise.NotifyFormat.MARKDOWN, "text": apprise.NotifyFormat.TEXT}
    sent = 0
    errors: list[str] = []
    for msg in messages:
        title_bytes = len(msg.title.encode("utf-8"))
        body, shown = msg.for_channel(fmt)
        parts = split_message(body, None if limit is None or shown == "html" else max(limit - title_bytes - 16, 256),
                              report=msg.report)
        for i, part in enumerate(parts, 1):
            title = msg.title if len(parts) == 1 else f"{msg.title} ({i}/{len(parts)})"
            with apprise.LogCapture(level=WARNING) as log:
                ok = ap.notify(
                    body=part,
                    title=title,
                    body_format=formats[shown],
                    notify_type=apprise.NotifyType.WARNING if msg.material else apprise.NotifyType.INFO,
                )
                captured = log.getvalue() if hasattr(log, "getvalue") else ""
            if ok:
                sent += 1
            else:
                detail = " ".join(line.split(" - ", 2)[-1] for line in captured.strip().splitlines()[-2:])
                errors.append(detail or "the service refused the message")
    return sent, "; ".join(dict.fromkeys(errors))


def deliver(
    config: Config,
    alerts: Sequence[Alert],
    *,
    environ: Mapping[str, str] | None = None,
) -> list[Delivery]:
    """Send each route its alerts (routing per source and per tag); report every URL's outcome."""
    by_route: dict[str, list[Alert]] = {}
    slugs = {s.slug: s for s in config.sources}
    for a in alerts:
        src = slugs.get(a.slug)
        if src is None:
            continue
        for route in config.routes_for(src):
            by_route.setdefault(route.name, []).append(a)
    out: list[Delivery] = []
    for name, routed in by_route.items():
        route = config.routes[name]
        messages = messages_for(route, routed, config.defaults.digest)
        if not messages:
            continue
        out.extend(deliver_route(route, messages, environ))
    return out


def deliver_route(route: Route, messages: Sequence[Message], environ: Mapping[str, str] | None = None) -> list[Delivery]:
    """Send ``messages`` to every URL of one route; one Delivery per URL (a URL whose ``${VAR}``
    is not set fails alone: the others are still tried). ``notify --test`` and ``deliver`` use it."""
    out: list[Delivery] = []
    for i in range(len(route.urls)):
        try:
            url = route.resolved_url(i, environ)
        except ConfigError as exc:
            out.append(Delivery(route.name, redact(route.urls[i]), False, 0, str(exc)))
            continue
        try:
            parts, error = send(url, messages)
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not lose the other routes
            parts, error = 0, f"{type(exc).__name__}: {exc}"
        error = route.redact_secrets(error, environ)
        out.append(Delivery(route.name, redact(url), not error, parts, error))
    return out
