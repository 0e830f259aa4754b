"""Alerts as HTML: HTML e-mail and the feed's entries (Atom ``<summary type="html">``).

Real lists (a category's findings are ``<ul><li>``), real links (only absolute http(s)
addresses: a relative path opens nowhere in a mail reader), every value HTML-escaped.

>>> from policydiff.report.alert_view import AlertView, Line
>>> view = AlertView("s", "🔴 重大变更 — A<b>", [Line("group", "「共享」"), Line("item", "新增：X"),
...                  Line("link", "", "完整报告", "https://e.example/r.html")], True)
>>> print(alert_html(view))
<div class="policydiff-alert material">
<h3>🔴 重大变更 — A&lt;b&gt;</h3>
<p><strong>「共享」</strong></p>
<ul>
<li>新增：X</li>
</ul>
<p>完整报告：<a href="https://e.example/r.html">https://e.example/r.html</a></p>
</div>
"""

from __future__ import annotations

from collections.abc import Sequence

from policydiff.lexicon.labels import word
from policydiff.report.alert_view import AlertView, Line, is_absolute_link
from policydiff.text.safety import html_escape, plain_line


def _e(text: str) -> str:
    return html_escape(plain_line(text))


def _block(line: Line, lang: str) -> str | None:
    colon = word("colon", lang)
    if line.kind == "field":
        return f"<li>{_e(line.label)}{colon}{_e(line.text)}</li>"
    if line.kind == "note":
        return f'<p class="note"><strong>⚠ {_e(line.text)}</strong></p>'
    if line.kind == "group":
        return f"<p><strong>{_e(line.text)}</strong></p>"
    if line.kind == "item":
        return f"<li>{_e(line.text)}</li>"
    if line.kind == "link":
        if not is_absolute_link(line.url):
            return None
        href = html_escape(str(line.url))
        return f'<p>{_e(line.label)}{colon}<a href="{href}">{href}</a></p>'
    if line.kind == "id":
        return f'<p class="id">Alert id: <code>{_e(line.text)}</code></p>'
    return f"<p>{_e(line.text)}</p>"


def alert_html(view: AlertView) -> str:
    """One alert as an HTML fragment: fields and a group's items as lists, notes in bold."""
    out = [f'<div class="policydiff-alert{" material" if view.material else ""}">', f"<h3>{_e(view.heading)}</h3>"]
    open_list = ""  # the kind of the list that is open: "field" or "item" (a group's findings)
    for line in view.lines:
        block = _block(line, view.lang)
        if block is None:
            continue
        kind = line.kind if line.kind in ("field", "item") else ""
        if open_list and kind != open_list:
            out.append("</ul>")
        if kind and kind != open_list:
            out.append("<ul>")
        open_list = kind
        out.append(block)
    if open_list:
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out)


STYLE = ("body{font-family:-apple-system,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
         "line-height:1.55;max-width:46em;margin:1em auto;padding:0 1em;color:#222}"
         ".policydiff-alert{border-left:4px solid #999;padding:0 1em;margin:1.5em 0}"
         ".policydiff-alert.material{border-color:#c62828}.note{color:#b71c1c}ul{padding-left:1.4em}"
         "code{font-size:.9em}")


def mail_html(title: str, views: Sequence[AlertView], intro: Sequence[str] = (), tail: Sequence[str] = ()) -> str:
    """A whole HTML e-mail: the title, ``intro`` sentences, each alert, then ``tail`` sentences."""
    parts = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8">', f"<title>{_e(title)}</title>",
             f"<style>{STYLE}</style></head><body>"]
    parts += [f"<p>{_e(p)}</p>" for p in intro]
    parts += [alert_html(v) for v in views]
    parts += [f"<p>{_e(p)}</p>" for p in tail]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
