"""Alerts as Markdown, only for channels that render it (DingTalk, WeCom, Discord, Matrix…).

Every value from a policy or a sources file is escaped (``esc``): it
renders back to its text and never becomes a link, an image, emphasis or HTML.

>>> from policydiff.report.alert_view import AlertView, Line
>>> print(alert_markdown(AlertView("s", "🔴 重大变更 — A", [Line("field", "#1", "旧版本"), Line("group", "「共享」"),
...                                 Line("item", "新增：*X*")], True)))
### 🔴 重大变更 — A
<BLANKLINE>
- 旧版本：#1
<BLANKLINE>
**「共享」**
- 新增：\\*X\\*
<BLANKLINE>
"""

from __future__ import annotations

import html

from policydiff import regex_cache
from policydiff.lexicon.labels import word
from policydiff.report.alert_view import AlertView, Line, is_absolute_link
from policydiff.text.safety import markdown_code, plain_line

# What would become markup inside one of our lines (each starts with "- ", "**" or "### ", so a
# "#" inside it is no heading and stays as it is: "#1", not "\#1").
_SPECIAL = regex_cache.compile(r"([\\`*_{}\[\]|~])")


def esc(text: str) -> str:
    """A value as inert inline Markdown: one line, ``<``, ``>`` and ``&`` as entities (no tag
    survives a renderer), emphasis, code, link and table syntax backslash-escaped; quotes stay.

    >>> esc("old version's list #1 <b>*x*</b>")
    "old version's list #1 &lt;b&gt;\\\\*x\\\\*&lt;/b&gt;"
    """
    return _SPECIAL.sub(r"\\\1", html.escape(plain_line(text), quote=False))


def _line(line: Line, lang: str) -> str | None:
    colon = word("colon", lang)
    if line.kind == "field":
        return f"- {esc(line.label)}{colon}{esc(line.text)}"
    if line.kind == "note":
        return f"- ⚠ **{esc(line.text)}**"
    if line.kind == "group":
        return f"**{esc(line.text)}**"
    if line.kind == "item":
        return f"- {esc(line.text)}"
    if line.kind == "link":
        return f"- {esc(line.label)}{colon}<{line.url}>" if is_absolute_link(line.url) else None
    if line.kind == "id":
        return f"- Alert id: {markdown_code(line.text)}"
    return esc(line.text)


def alert_markdown(view: AlertView) -> str:
    """One alert as Markdown: a level-3 heading, fields as a list, each group bold over its items."""
    out = [f"### {esc(view.heading)}", ""]
    previous = ""
    for line in view.lines:
        shown = _line(line, view.lang)
        if shown is None:
            continue
        if (line.kind == "group" or (previous == "item" and line.kind != "item")) and out[-1] != "":
            out.append("")
        out.append(shown)
        previous = line.kind
    return "\n".join(out).rstrip() + "\n"
