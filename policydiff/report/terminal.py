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

if TYPE_CHECKING:
    from rich.text import Text


def terminal_width() -> int:
    """The terminal's width when printing to one (rich measures it), else 100 columns."""
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
    from rich.console import Console  # heavy (~40 ms): only when a terminal report is rendered
    from rich.text import Text

    if os.environ.get("NO_COLOR"):
        color = False
    v = result.verdict
    console = Console(record=True, force_terminal=color, no_color=not color, width=width or terminal_width(),
                      file=io.StringIO(), highlight=False, emoji=False)
    say = console.print

    def hang(bullet: str, text: Text | str, indent: int = 2, style: str = "") -> None:
        body = text if not isinstance(text, str) else Text(text, style=style)
        _hang(console, bullet, body, indent)

    say(Text(f"{policy_title(result)} — {verdict_head(result, lang)}", style="bold red" if v.material else "bold"))
    say(Text(dates_line(result, lang), style="dim"))
    say(Text(f"{result.old.document.source} → {result.new.document.source}", style="dim"))

    styles = {"head": "bold", "cat": "bold yellow" if v.material else "bold", "fact": ""}
    for style, bullet, text in summary_text(result, lang):
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
    return console.export_text(styles=color)


def _detail(console: Any, hang: Any, result: Comparison, lang: str, color: bool, all_sections: bool) -> None:
    """The per-section redline below the summary: material sections first."""
    from rich.text import Text

    say = console.print
    rows, renumbered, unchanged = report_rows(result)
    if rows:
        say()
        say(Text(word("changed_sections_n", lang, len(rows), sum(1 for r in rows if r.material)), style="bold underline"))
    for row in rows:
        say()
        head = Text("⚠ " if row.material else "", style="bold red")
        head.append(f"[{status_words(row.pair, lang)}] ", style="cyan")
        head.append(row.title or word("preamble", lang), style="bold")
        hang("", head, 2)
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
            heading = (p.new.heading if p.new else "") or word("preamble", lang)
            say(Text(f"[{status_words(p, lang)}] {heading}", style="dim"))


_NO_LINE_START = NO_LINE_START  # Chinese line-breaking rules (禁则): these stay on the line before
_NO_LINE_END = NO_LINE_END


def _break_at(plain: str, room: int) -> int:
    """How many characters of ``plain`` fit in ``room`` terminal cells: CJK may break anywhere,
    a Latin word or number is not cut (unless longer than the line), closing punctuation is not orphaned."""
    from rich.cells import cell_len

    used = 0
    cut = len(plain)
    for i, ch in enumerate(plain):
        if ch == "\n":
            return i
        w = cell_len(ch)
        if used + w > room:
            cut = i
            break
        used += w
    if cut >= len(plain):
        return cut
    k = cut
    def latin(ch: str) -> bool:
        return ch.isascii() and not ch.isspace()

    while k > 0 and latin(plain[k]) and latin(plain[k - 1]):
        k -= 1  # inside a Latin word or a number: break before it
    if k > 0 and cut - k < 24:
        cut = k
    while 1 < cut < len(plain) and plain[cut] in _NO_LINE_START:
        cut -= 1
    while 1 < cut < len(plain) and plain[cut - 1] in _NO_LINE_END:
        cut -= 1
    return max(cut, 1)


def _hang(console: Any, bullet: str, body: Text, indent: int) -> None:
    """``bullet`` then ``body`` wrapped to the console's width, continuation lines indented by ``indent``."""
    from rich.text import Text

    text = Text(bullet) + body if bullet else body
    width = console.width
    pad = " " * indent
    first = True
    while text.plain:
        cut = _break_at(text.plain, width if first else max(width - indent, 10))
        head = text[:cut]
        head.rstrip()
        console.print(head if first else Text(pad) + head, soft_wrap=True)
        rest = text.plain
        while cut < len(rest) and rest[cut] in " \n":  # the break's own spaces and newline
            cut += 1
        text = text[cut:]
        first = False


def _terminal_redline(change: Change, color: bool, context: int = 30, limit: int = 600) -> Text:
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
