"""The command line: a thin typer layer over the library; errors become one line and an exit code.

``app`` (the application and what commands share) · ``compare`` · ``archive`` (init, snapshot,
import, list, log, show, diff, remote, sync, reextract) · ``watch`` (check, demo).
"""

from __future__ import annotations

import atexit
import gc

from policydiff.loading import loading

with loading():  # the CLI's modules (typer, click, every command's): loaded without the collector walking them
    import typer

    from policydiff.cli import archive, compare, facts, site, watch  # noqa: F401 - importing registers the commands
    from policydiff.cli import commands as cmds
    from policydiff.cli.app import app


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=cmds.version_callback, is_eager=True, help="print the version and exit"),
) -> None:
    """Track versions of Chinese privacy policies and flag material changes (重大变更)."""


app.add_typer(cmds.sources_app, name="sources")
app.add_typer(cmds.alerts_app, name="alerts")
app.command()(cmds.notify)


def main(argv: list[str] | None = None) -> None:
    """Entry point; errors are one line on stderr: usage 64, a failed source or input 2, a lock 3."""
    # At exit the interpreter runs full garbage collections over every object left (~10 ms of a
    # 0.15 s check); frozen, they are skipped and the system frees the memory. Files and pipes
    # are closed by the commands themselves, and atexit's other callbacks still run before this.
    atexit.register(gc.freeze)
    cmds.run_app(app, argv)
