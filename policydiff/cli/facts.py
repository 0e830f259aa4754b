"""`policydiff facts`: what one policy says it does (data, recipients, purposes, rights …)."""

from __future__ import annotations

from pathlib import Path

import typer

from policydiff.cli.app import _write_output, app
from policydiff.errors import PolicyDiffError


@app.command()
def facts(
    path: str = typer.Argument(..., help="a policy file, or - for stdin"),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json or md"),
    output: Path | None = typer.Option(None, "--output", "-o", help="write the report to this file"),
) -> None:
    """What a policy says it does: data collected, recipients, purposes, rights, contacts, retention."""
    if format not in ("terminal", "json", "md"):
        raise PolicyDiffError(f"unknown format {format!r}; choose one of terminal, json, md")
    # imported here, as in `compare`: every other command loads this module at start-up too
    from policydiff.compare.facts import extract
    from policydiff.compare.parse import read_tree
    from policydiff.report.facts import render, summarize
    from policydiff.text.read import read_path

    raw = read_path(path)
    summary = summarize(extract(read_tree(raw)))
    _write_output(render(summary, format, source=raw.source), output)
