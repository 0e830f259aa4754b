"""What an alert says, before any channel's format: a subject, a heading and typed lines.

``watch.alerts`` builds an ``AlertView`` from a change or a failure; one renderer per channel
turns it into what that channel shows: ``report.alert_text`` (terminal, plain e-mail, chat and
webhooks that show text as it is), ``report.alert_html`` (HTML e-mail, the feed's entries) and
``report.alert_markdown`` (only where Markdown is rendered). The values here are plain text,
never escaped: each renderer escapes for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["field", "note", "group", "item", "link", "id", "text"]


@dataclass
class Line:
    """One line of an alert.

    ``field``: "label: text" · ``note``: a warning (静默修订…) · ``group``: a category's name,
    its ``item`` lines below it · ``link``: the report (``url`` absolute, else no link at all) ·
    ``id``: the alert's id (tools grep for it) · ``text``: a sentence.
    """

    kind: Kind
    text: str
    label: str = ""
    url: str | None = None


@dataclass
class AlertView:
    """An alert, ready for any renderer."""

    subject: str  # the one-line title: mail subject, chat title, feed entry title
    heading: str  # the first line of the body
    lines: list[Line] = field(default_factory=list)
    material: bool = False
    lang: str = "zh"


def is_absolute_link(url: str | None) -> bool:
    """An address a mail reader or a chat client can open: http(s) only.

    >>> is_absolute_link("https://policies.example.com/r/a.html"), is_absolute_link("archive/reports/a.html")
    (True, False)
    """
    return bool(url) and str(url).startswith(("http://", "https://")) and not any(c in str(url) for c in "<>\"' \n")
