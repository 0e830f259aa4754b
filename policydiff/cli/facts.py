"""`policydiff facts`: what one policy says it does (data, recipients, purposes, rights …)."""

from __future__ import annotations

from pathlib import Path

import typer

from policydiff.cli.app import _LANG_OPT, Lang, _write_output, app
from policydiff.errors import PolicyDiffError


@app.command()
def facts(
    path: str = typer.Argument(..., help="a policy file, or - for stdin"),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json, md or html (one self-contained page)"),
    output: Path | None = typer.Option(None, "--output", "-o", help="write the report to this file"),
    lang: Lang = _LANG_OPT,
) -> None:
    """What a policy says it does: data collected, recipients, purposes, rights, contacts, retention."""
    if format not in ("terminal", "json", "md", "html"):
        raise PolicyDiffError(f"unknown format {format!r}; choose one of terminal, json, md, html")
    # imported here, as in `compare`: every other command loads this module at start-up too
    from policydiff.compare.facts import extract
    from policydiff.compare.parse import read_tree
    from policydiff.report.facts import policy_name, render, summarize
    from policydiff.text.read import read_path
    from policydiff.text.safety import terminal_safe

    raw = read_path(path)
    tree = read_tree(raw)
    summary = summarize(extract(tree))
    text = render(summary, format, source=raw.source, title=policy_name(tree), lang=lang.value)
    _write_output(terminal_safe(text) if output is None and format != "json" else text, output)
