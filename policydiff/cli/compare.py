"""`policydiff compare`: two versions of a policy, section by section, word by word."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from policydiff.cli import commands as cmds
from policydiff.cli.app import (
    _BRIEF_OPT,
    _LANG_OPT,
    FailOn,
    Format,
    Lang,
    _shown,
    _use_color,
    _write_output,
    app,
)
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
    lang: Lang = _LANG_OPT,
    brief: bool = _BRIEF_OPT,
) -> None:
    """Compare two versions of a policy: what changed materially first, then section by section, word by word."""
    if old == "-" and new == "-":
        raise PolicyDiffError("only one of OLD and NEW can be read from stdin")
    # imported here: every other command (`log`, `show`, `check`…) loads this module too
    from policydiff.compare.pipeline import compare as compare_versions
    from policydiff.report import render
    from policydiff.text.read import read_path

    result = compare_versions(_shown(read_path(old), output), _shown(read_path(new), output))
    note_date_order(result)
    _write_output(render(result, format.value, color=_use_color(output), all_sections=all_sections, lang=lang.value, brief=brief), output)
    raise typer.Exit(fail_on_status(result, fail_on))


def note_date_order(result: Comparison) -> None:
    """One line on stderr when the "new" version states an earlier date than the "old"."""
    note = cmds.date_order_note(result)
    if note:
        typer.echo(note, err=True)


def fail_on_status(result: Comparison, fail_on: FailOn) -> int:
    """1 when ``--fail-on`` matched (a material change, or any change), else 0 (`compare` and `diff`)."""
    if fail_on is FailOn.material and result.verdict.material:
        return 1
    if fail_on is FailOn.change and result.changes:
        return 1
    return 0


