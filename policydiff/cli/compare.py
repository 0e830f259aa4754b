"""`policydiff compare`: two versions of a policy, section by section, word by word."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from policydiff.cli.app import FailOn, Format, _write_output, app
from policydiff.errors import PolicyDiffError

if TYPE_CHECKING:
    from policydiff.model import Comparison


@app.command()
def compare(
    old: str = typer.Argument(..., help="the earlier version: a file, or - for stdin"),
    new: str = typer.Argument(..., help="the later version: a file, or - for stdin"),
    format: Format = typer.Option(Format.terminal, "--format", "-f", help="report format"),
    output: Path | None = typer.Option(None, "--output", "-o", help="write the report to this file"),
    all_sections: bool = typer.Option(False, "--all", help="terminal/md: list unchanged sections too"),
    fail_on: FailOn = typer.Option(FailOn.never, "--fail-on", help="exit 1 when the comparison finds this"),
) -> None:
    """Compare two versions of a policy, section by section, word by word."""
    if old == "-" and new == "-":
        raise PolicyDiffError("only one of OLD and NEW can be read from stdin")
    # imported here: every other command (`log`, `show`, `check`…) loads this module too
    from policydiff.compare.pipeline import compare as compare_versions
    from policydiff.report import render
    from policydiff.text.read import read_path

    result = compare_versions(read_path(old), read_path(new))
    color = output is None and sys.stdout.isatty()
    _write_output(render(result, format.value, color=color, all_sections=all_sections), output)
    raise typer.Exit(_exit_status(result, fail_on))


def _exit_status(result: Comparison, fail_on: FailOn) -> int:
    if fail_on is FailOn.material and result.verdict.material:
        return 1
    if fail_on is FailOn.change and result.changes:
        return 1
    return 0


