"""The command line: a thin typer layer over the library; errors become one line and an exit code.

``app`` (the application and what commands share) · ``compare`` · ``archive`` (init, snapshot,
import, list, log, show, diff, remote, sync, reextract) · ``watch`` (check, demo).
"""

from __future__ import annotations

import atexit
import gc

# The CLI's imports (typer, click, every command's module) make ~24,000 objects the cyclic
# collector tracks and no garbage, yet it ran ~25 times over them while they loaded, full
# collections included (~4-6 ms of every command's start, before it does anything). So it is off while they load; what they made
# is then frozen (``gc.freeze``: never walked again, still freed when no longer referenced), and
# the collector is on again as it was. For the objects of a process that imports the CLI as a
# library (a test), freezing only means their cycles, if any become garbage, are never collected.
_COLLECTING = gc.isenabled()
gc.disable()

import typer  # noqa: E402

from policydiff.cli import archive, compare, facts, site, watch  # noqa: E402, F401 - importing registers the commands
from policydiff.cli import commands as cmds  # noqa: E402
from policydiff.cli.app import app  # noqa: E402


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=cmds.version_callback, is_eager=True, help="print the version and exit"),
) -> None:
    """Track versions of Chinese privacy policies and flag material changes (重大变更)."""


app.add_typer(cmds.sources_app, name="sources")
app.add_typer(cmds.alerts_app, name="alerts")
app.command()(cmds.notify)

gc.freeze()
if _COLLECTING:
    gc.enable()


def main(argv: list[str] | None = None) -> None:
    """Entry point; errors are one line on stderr: usage 64, a failed source or input 2, a lock 3."""
    # At exit the interpreter runs full garbage collections over every object left (~10 ms of a
    # 0.15 s check); frozen, they are skipped and the system frees the memory. Files and pipes
    # are closed by the commands themselves, and atexit's other callbacks still run before this.
    atexit.register(gc.freeze)
    cmds.run_app(app, argv)
