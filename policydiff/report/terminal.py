"""The terminal report: the summary first, then warnings, the verdict and (unless brief) the redline.

Width from the terminal, continuation lines indented under their bullet, colours only on a TTY
(the caller decides; ``NO_COLOR`` always wins), plain ``[+inserted+]`` / ``[-deleted-]`` otherwise.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING, Any

from policydiff.lexicon.labels import NO_LINE_END, NO_LINE_START, word
from policydiff.model import Change, Comparison
from policydiff.report.phrases import short_heading
from policydiff.report.rows import (
    clip_run,
    dates_line,
    disclosure_line,
    finding_text,
    judged_line,
    notice_quote,
    policy_title,
    renumber_list,
    report_rows,
    status_words,
    summary_line,
    trim_context,
    verdict_head,
    verdict_line,
    warnings,
)
from policydiff.report.summary import summary_text
from policydiff.text.normalize import display_width

if TYPE_CHECKING:
    from rich.text import Text


def terminal_width() -> int:
    """``$COLUMNS`` when it is set (a pipe or CI asks for its width), else the terminal's width when
    printing to one (rich measures it), else 100 columns."""
    import os

    asked = os.environ.get("COLUMNS", "")
    if asked.isdigit() and int(asked) > 0:
        return max(int(asked), 40)
    if sys.stdout.isatty():
        from rich.console import Console

        return max(Console().width, 40)
    return 100


def render_terminal(
    result: Comparison,
    *,
    color: bool = False,
    all_sections: bool = False,
    width: int | None = None,
    lang: str = "zh",
    brief: bool = False,
) -> str:
    """Readable terminal report, summary first; ``brief``: summary and verdict only."""
    from rich.text import Text

    if os.environ.get("NO_COLOR"):
        color = False
    v = result.verdict
    console = _Screen(width or terminal_width(), color)
    say = console.print

    def hang(bullet: str, text: Text | str, indent: int = 2, style: str = "") -> None:
        body = text if not isinstance(text, str) or not color else Text(text, style=style)
        _hang(console, bullet, body, indent)

    say(Text(f"{policy_title(result)} — {verdict_head(result, lang)}", style="bold red" if v.material else "bold"))
    say(Text(dates_line(result, lang), style="dim"))
    say(Text(f"{result.old.document.source} → {result.new.document.source}", style="dim"))

    styles = {"head": "bold", "cat": "bold yellow" if v.material else "bold", "fact": ""}
    for style, bullet, text in summary_text(result, lang, brief_limit=BRIEF_LIMIT if brief else None):
        if style == "head":
            say()
            say(Text(text, style="bold underline"))
        elif style == "cat":
            hang("", text, 0, styles["cat"])
        else:
            hang(bullet, text, 2)
    notes = warnings(result, lang)
    if notes:
        say()
        say(Text(word("warnings", lang), style="bold underline"))
        for note in notes:
            hang("⚠ ", note, 2, "yellow")
    say()
    say(Text(word("verdict", lang), style="bold underline"))
    hang("", verdict_line(result, lang), 2, "bold red" if v.material else "bold")
    hang("", judged_line(result, lang), 2, "dim")
    disclosure = disclosure_line(result, lang)
    if disclosure:
        hang(word("disclosure", lang) + word("colon", lang), disclosure, 2, "yellow" if v.material else "")
        quote = notice_quote(result)
        if quote:
            hang("", word("notice_says", lang) + f"「{quote}」", 2, "dim")
    if not brief:
        _detail(console, hang, result, lang, color, all_sections)
    say()
    say(Text(summary_line(result, lang), style="bold red" if v.material else "bold"))
    return console.export()


BRIEF_LIMIT = 4  # facts named per summary line in --brief (the rest counted), so a real pair fits 40 lines


class _Screen:
    """The report's lines, wrapped by ``_hang`` to ``width`` cells; rich renders them once at the end."""

    def __init__(self, width: int, color: bool) -> None:
        self.width = width
        self.color = color
        self.lines: list[Text | str] = []  # str when not in colour

    def export(self) -> str:
        """The lines as text: plain, or with the terminal's colour codes."""
        if not self.color:
            return "\n".join(x.rstrip() if isinstance(x, str) else x.plain.rstrip() for x in self.lines) + "\n"
        from rich.console import Console  # heavy (~40 ms): only when a coloured report is rendered
        from rich.text import Text

        out = Console(record=True, force_terminal=True, width=self.width + 8, file=io.StringIO(), highlight=False, emoji=False)
        out.print(Text("\n").join(Text(x) if isinstance(x, str) else x for x in self.lines), soft_wrap=True)
        return out.export_text(styles=True)

    def print(self, text: Text | None = None, soft_wrap: bool = True) -> None:
        from rich.text import Text

        if text is None:
            self.lines.append("" if not self.color else Text(""))
        elif not self.color and not ("\n" in text.plain or len(text.plain) * 2 > self.width):
            self.lines.append(text.plain)
        elif "\n" in text.plain or len(text.plain) * 2 > self.width:
            _hang(self, "", text, 2)
        else:
            self.lines.append(text)


def _detail(console: _Screen, hang: Any, result: Comparison, lang: str, color: bool, all_sections: bool) -> None:
    """The per-section redline below the summary: material sections first."""
    from rich.text import Text

    say = console.print
    rows, renumbered, unchanged = report_rows(result)
    if rows:
        say()
        say(Text(word("changed_sections_n", lang, len(rows), sum(1 for r in rows if r.material)), style="bold underline"))
    for row in rows:
        say()
        flag, status, title = "⚠ " if row.material else "", f"[{status_words(row.pair, lang)}] ", row.title or word("preamble", lang)
        if color:
            head = Text(flag, style="bold red")
            head.append(status, style="cyan")
            head.append(title, style="bold")
            hang("", head, 2)
        else:
            hang("", flag + status + title, 2)
        for f in row.findings:
            hang("  • ", finding_text(f, lang), 6, "yellow")
        if row.change is not None and row.change.edits:
            hang("  ", _terminal_redline(row.change, color), 2)
    if renumbered:
        say()
        hang("", f"{word('renumbered_list', lang, len(renumbered))}{word('colon', lang)}{renumber_list(renumbered)}", 2, "dim")
    if all_sections and unchanged:
        say()
        for p in unchanged:
            heading = short_heading(p.new) or word("preamble", lang)
            say(Text(f"[{status_words(p, lang)}] {heading}", style="dim"))


_NO_LINE_START = NO_LINE_START  # Chinese line-breaking rules (禁则): these stay on the line before
_NO_LINE_END = NO_LINE_END


def _cells(text: str) -> int:
    return display_width(text)


def _fit(plain: str, start: int, room: int) -> int:
    """The end of the longest run from ``start`` that fits ``room`` cells (and stops at a newline)."""
    stop = plain.find("\n", start)
    stop = len(plain) if stop == -1 else stop
    end = min(stop, start + room // 2)  # every character two cells wide: surely fits
    used = _cells(plain[start:end])
    while end < stop:
        step = max((room - used) // 2, 1)
        chunk = plain[end : min(stop, end + step)]
        w = _cells(chunk)
        if used + w > room:
            if step == 1:
                break
            continue_at = end
            for ch in chunk:  # the last few characters, one by one
                cw = display_width(ch)
                if used + cw > room:
                    return continue_at
                used += cw
                continue_at += 1
            return continue_at
        used += w
        end += len(chunk)
    return end


def _breaks(plain: str, width: int, indent: int) -> list[int]:
    """Where ``plain`` is cut into lines of ``width`` cells (the first) and ``width - indent`` (the rest):
    CJK may break anywhere, a Latin word or number is not cut (unless longer than 24 characters),
    closing punctuation does not start a line nor opening punctuation end one (禁则)."""
    cuts: list[int] = []
    start, room, n = 0, width, len(plain)
    while start < n:
        end = _fit(plain, start, room)
        room = max(width - indent, 10)
        if end >= n:
            break
        if plain[end] == "\n":
            cuts.append(end)
            start = end + 1
            continue
        cut = end
        k = cut
        while k > start and _latin(plain[k]) and _latin(plain[k - 1]):
            k -= 1  # inside a Latin word or a number: break before it
        if k > start and cut - k < 24:
            cut = k
        while start + 1 < cut and plain[cut] in _NO_LINE_START:
            cut -= 1
        while start + 1 < cut and plain[cut - 1] in _NO_LINE_END:
            cut -= 1
        cuts.append(cut)
        start = cut
        while start < n and plain[start] == " ":
            start += 1
    return cuts


def _latin(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def _hang(screen: _Screen, bullet: str, body: Text | str, indent: int) -> None:
    """``bullet`` then ``body`` wrapped to the screen's width, continuation lines indented by ``indent``."""
    from rich.text import Text

    if not screen.color:  # plain text: strings only, no styles to carry
        plain = bullet + (body if isinstance(body, str) else body.plain)
        cuts = _breaks(plain, screen.width, indent)
        for n, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(plain)], strict=True)):
            part = plain[a:b].lstrip(" \n") if n else plain[a:b]
            screen.lines.append((" " * indent if n else "") + part.rstrip())
        return
    text = Text(bullet) + body if bullet else body
    assert isinstance(text, Text)
    pad = Text(" " * indent)
    for n, piece in enumerate(text.divide(_breaks(text.plain, screen.width, indent))):
        if n:
            skip = len(piece.plain) - len(piece.plain.lstrip(" \n"))  # the break's own space or newline
            piece = piece[skip:] if skip else piece
        piece.rstrip()
        screen.lines.append(piece if n == 0 else pad + piece)


def _terminal_redline(change: Change, color: bool, context: int = 30, limit: int = 600) -> Text | str:
    """The section's edits on one line: coloured on a TTY, [+inserted+] / [-deleted-] in plain text."""
    if not color:
        return "".join(_plain_runs(change, context, limit))
    from rich.text import Text

    line = Text("")
    n = len(change.edits)
    for i, e in enumerate(change.edits):
        text = " ".join(e.text.split())
        if e.op == "equal":
            head, mid, tail = trim_context(text, i == 0, i == n - 1, context)
            line.append(head if not mid else (head + " … " if head else "… ") + tail)
        elif e.op == "insert":
            text = clip_run(text, limit)
            line.append(text if color else f"[+{text}+]", style="green underline")
        else:
            text = clip_run(text, limit)
            line.append(text if color else f"[-{text}-]", style="red strike")
    return line


def _plain_runs(change: Change, context: int, limit: int) -> list[str]:
    out = []
    n = len(change.edits)
    for i, e in enumerate(change.edits):
        text = " ".join(e.text.split())
        if e.op == "equal":
            head, mid, tail = trim_context(text, i == 0, i == n - 1, context)
            out.append(head if not mid else (head + " … " if head else "… ") + tail)
        else:
            mark = "+" if e.op == "insert" else "-"
            out.append(f"[{mark}{clip_run(text, limit)}{mark}]")
    return out
