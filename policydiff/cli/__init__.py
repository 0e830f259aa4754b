"""The command line: a thin typer layer over the library; errors become one line and an exit code.

``app`` (the application and what commands share) · ``compare`` · ``archive`` (init, snapshot,
import, list, log, show, diff, remote, sync, reextract) · ``watch`` (check, demo).
"""

from __future__ import annotations

import sys

import typer

from policydiff.cli import archive, compare, facts, watch  # noqa: F401 - importing registers the commands
from policydiff.cli.app import app
from policydiff.errors import PolicyDiffError


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

