"""The terminal report: rich colours on a TTY, plain text otherwise; a summary line at the end."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from policydiff.model import Change, Comparison
from policydiff.report.rows import (
    SILENT_REVISION,
    clip_run,
    dates_line,
    disclosure_line,
    renumber_list,
    report_rows,
    status_words,
    summary_line,
    trim_context,
    verdict_line,
)

if TYPE_CHECKING:
    from rich.text import Text


def render_terminal(result: Comparison, *, color: bool = False, all_sections: bool = False, width: int = 100) -> str:
    """Readable terminal report: rich colours on a TTY, plain text otherwise; a summary line at the end."""
    from rich.console import Console  # heavy (~40 ms): only when a terminal report is rendered
    from rich.text import Text

    v = result.verdict
    console = Console(record=True, force_terminal=color, no_color=not color, width=width, file=io.StringIO())
    console.print(Text(verdict_line(result), style="bold red" if v.material else "bold"))
    console.print(Text(f"{result.old.document.source} → {result.new.document.source}", style="dim"))
    console.print(Text(dates_line(result), style="dim"))
    if v.silent_revision:
        console.print(Text("⚠ " + SILENT_REVISION, style="bold yellow"))
    if v.clause_changed:
        console.print(Text(f"⚠ the 重大变更 clause itself was edited ({v.clause_heading or ''})", style="yellow"))
    disclosure = disclosure_line(result)
    if disclosure:
        console.print(Text(f"disclosure: {disclosure}", style="yellow" if "undisclosed" in disclosure else ""))
    rows, renumbered, unchanged = report_rows(result)
    for row in rows:
        pair, change, findings = row.pair, row.change, row.findings
        console.print()
        head = Text("⚠ " if row.material else "", style="bold red")
        head.append(f"[{status_words(pair)}] ", style="cyan")
        head.append(row.title or "(preamble)", style="bold")
        if findings:
            head.append("  " + " ".join(f"‹{k}›" for k in sorted({f.category for f in findings})), style="bold red")
        console.print(head)
        for f in findings:
            line = Text(f"  • {f.category}", style="bold yellow")
            if f.trigger and f.trigger not in f.explanation:
                line.append(f" 「{f.trigger}」", style="bold")
            line.append(f": {f.explanation}", style="yellow")
            console.print(line)
        if change is not None and change.edits:
            console.print(_terminal_redline(change, color))
    if renumbered:
        console.print()
        console.print(Text(f"renumbered only, text unchanged ({len(renumbered)}): {renumber_list(renumbered)}", style="dim"))
    if all_sections and unchanged:
        console.print()
        for p in unchanged:
            console.print(Text(f"[unchanged] {(p.new.heading if p.new else '') or '(preamble)'}", style="dim"))
    console.print()
    console.print(Text(summary_line(result), style="bold red" if v.material else "bold"))
    return console.export_text(styles=color)


def _terminal_redline(change: Change, color: bool, context: int = 30, limit: int = 600) -> Text:
    from rich.text import Text

    line = Text("  ")
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
