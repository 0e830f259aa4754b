"""Alerts as plain text: the terminal, plain-text e-mail, chat and JSON webhooks.

Nothing is escaped for a markup language (a reader sees ``#1``, not ``\\#1``); control
characters and line breaks inside a value are removed (``text.safety.plain_line``), so a
policy's text cannot forge a line of the alert.

>>> from policydiff.report.alert_view import AlertView, Line
>>> view = AlertView("[policydiff] 重大变更：示例隐私政策", "🔴 重大变更 — 示例隐私政策（demo）",
...                  [Line("field", "#1 抓取于 2024-01-02", "旧版本"), Line("group", "「共享」"),
...                   Line("item", "新增接收方：某公司"), Line("link", "", "完整报告", "archive/r.html")], True)
>>> print(alert_text(view))
🔴 重大变更 — 示例隐私政策（demo）
<BLANKLINE>
旧版本：#1 抓取于 2024-01-02
<BLANKLINE>
「共享」
  • 新增接收方：某公司
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Sequence

from policydiff.lexicon.labels import word
from policydiff.report.alert_view import AlertView, Line, is_absolute_link
from policydiff.text.safety import plain_line


def _line(line: Line, lang: str) -> str | None:
    colon = word("colon", lang)
    text = plain_line(line.text)
    if line.kind == "field":
        return f"{plain_line(line.label)}{colon}{text}"
    if line.kind == "note":
        return f"⚠ {text}"
    if line.kind == "group":
        return text
    if line.kind == "item":
        return f"  • {text}"
    if line.kind == "link":
        return f"{plain_line(line.label)}{colon}{line.url}" if is_absolute_link(line.url) else None
    if line.kind == "id":
        return f"Alert id: {text}"
    return text


def alert_text(view: AlertView) -> str:
    """One alert as plain text: its heading, then its lines; a blank line around each group."""
    out = [plain_line(view.heading), ""]
    previous = ""
    for line in view.lines:
        shown = _line(line, view.lang)
        if shown is None:
            continue
        if line.kind == "group" or (previous in ("group", "item") and line.kind not in ("item",)):
            if out[-1] != "":
                out.append("")
        out.append(shown)
        previous = line.kind
    return "\n".join(out).rstrip() + "\n"


def digest_text(head: Sequence[str], views: Sequence[AlertView], tail: Sequence[str] = ()) -> str:
    """A run's digest as plain text: its head lines, each alert after a rule, then ``tail``."""
    out = [plain_line(h) if h else "" for h in head]
    for view in views:
        out += ["", "—" * 20, "", alert_text(view).rstrip()]
    if tail:
        out += ["", *tail]
    return "\n".join(out).rstrip() + "\n"
