"""The command-line application object and what its commands share (options, output, tables)."""

from __future__ import annotations

import copy
import os
import sys
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from policydiff.errors import PolicyDiffError
from policydiff.fsutil import atomic_write_text
from policydiff.model import RawText
from policydiff.text.safety import shown

if TYPE_CHECKING:
    from policydiff.archive.versions import Archive

# The archive and watch commands import their stages when they run: together those cost ~70 ms
# of start-up, and `policydiff compare` must start in well under 0.4 s.

app = typer.Typer(
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    no_args_is_help=True,
    help="Track versions of Chinese privacy policies and flag material changes (重大变更).",
)


def only_command(whole: typer.Typer, args: list[str]) -> typer.Typer:
    """The app with only the command that ``args`` name (their first word), or ``whole``.

    Typer makes a click command of every function of the app at each start, reading each one's
    signature and evaluating its annotations: ~13 ms for this CLI's 59, where a run needs only its
    own (under 1 ms). So when the first word names one command or group, the app built holds only
    that one (with the root's options). The whole app is built for what reads the others: no
    command word (``--help``, ``--version``, nothing), a word that names none (its error lists
    them), shell completion (it offers them).
    """
    if not args or args[0].startswith("-") or whole.registered_callback is None or "_POLICYDIFF_COMPLETE" in os.environ:
        return whole
    word = args[0]
    commands = [c for c in whole.registered_commands
                if (c.name or typer.main.get_command_name(getattr(c.callback, "__name__", ""))) == word]
    groups = [g for g in whole.registered_groups if typer.main.solve_typer_info_defaults(g).name == word]
    if len(commands) + len(groups) != 1:
        return whole
    narrow = copy.copy(whole)
    narrow.registered_commands, narrow.registered_groups = commands, groups
    return narrow


class Format(str, Enum):
    """Report formats."""

    terminal = "terminal"
    json = "json"
    md = "md"
    html = "html"


Lang = Enum("Lang", {"zh": "zh", "en": "en"}, type=str)  # report languages
_LANG_OPT = typer.Option("zh", "--lang", help="report language: zh (default) or en")
_BRIEF_OPT = typer.Option(False, "--brief", help="the summary and the verdict only, no per-section redline")


def _use_color(output: Path | None) -> bool:
    """Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


class Render(str, Enum):
    """How a URL is fetched."""

    http = "http"
    browser = "browser"


class FailOn(str, Enum):
    """When a command exits 1 for CI."""

    never = "never"
    change = "change"
    material = "material"


def _shown(raw: RawText, output: Path | None) -> RawText:
    """Policy text bound for the terminal (``output`` None) without control characters and bidi
    overrides (``text.safety.shown``); a report written to a file keeps the text as it is."""
    return shown(raw, output is None)


def _write_output(text: str, output: Path | None) -> None:
    """Write a report to a file (atomically) or to stdout."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    atomic_write_text(output, text)




_ARCHIVE_OPT = typer.Option(None, "--archive", "-a", envvar="POLICYDIFF_ARCHIVE",
                            help="archive folder (default: $POLICYDIFF_ARCHIVE or ./archive)")


def _open(archive: Path | None) -> Archive:
    from policydiff.archive.versions import Archive

    return Archive.open(archive)


def _day(value: str | None, option: str) -> datetime | None:
    """--date YYYY-MM-DD as midnight UTC of that day."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        raise PolicyDiffError(f"{option} takes a date YYYY-MM-DD, not {value!r}") from None


