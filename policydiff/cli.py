"""The command line: a thin typer layer over the library; errors become one line and an exit code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from policydiff.errors import PolicyDiffError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Track versions of Chinese privacy policies and flag material changes (重大变更).",
)

FORMATS = ("terminal", "json", "md", "html")


def _write_output(text: str, output: Optional[Path]) -> None:
    """Write a report to a file (atomically) or to stdout."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from policydiff.fsutil import atomic_write_text

    atomic_write_text(output, text)


@app.command()
def compare(
    old: str = typer.Argument(..., help="the earlier version: a file, or - for stdin"),
    new: str = typer.Argument(..., help="the later version: a file, or - for stdin"),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json, md or html"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write the report to this file"),
    all_sections: bool = typer.Option(False, "--all", help="terminal/md: list unchanged sections too"),
    fail_on: str = typer.Option("never", "--fail-on", help="exit 1 when: never, change, material"),
) -> None:
    """Compare two versions of a policy, section by section, word by word."""
    from policydiff import compare as compare_mod
    from policydiff import ingest, report

    if format not in FORMATS:
        raise PolicyDiffError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if old == "-" and new == "-":
        raise PolicyDiffError("only one of OLD and NEW can be read from stdin")
    result = compare_mod.compare(ingest.read_path(old), ingest.read_path(new))
    color = output is None and sys.stdout.isatty()
    _write_output(report.render(result, format, color=color, all_sections=all_sections), output)
    raise typer.Exit(_exit_status(result, fail_on))


def _exit_status(result: object, fail_on: str) -> int:
    from policydiff.models import Comparison

    assert isinstance(result, Comparison)
    if fail_on == "material" and result.verdict.material:
        return 1
    if fail_on == "change" and result.changes:
        return 1
    if fail_on not in ("never", "material", "change"):
        raise PolicyDiffError(f"--fail-on takes never, change or material, not {fail_on!r}")
    return 0


# -- archive commands (policydiff.archive) are registered below ------------------------------


@app.callback()
def _root() -> None:
    """Track versions of Chinese privacy policies and flag material changes (重大变更)."""


def main() -> None:
    """Entry point: run the app, turning PolicyDiffError into a one-line message and exit code."""
    try:
        app(prog_name="policydiff")
    except PolicyDiffError as exc:
        typer.echo(f"policydiff: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("policydiff: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
