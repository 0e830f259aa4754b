"""The watcher's commands: check (the scheduled job) and demo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from policydiff.cli import commands as cmds
from policydiff.cli.app import FailOn, app
from policydiff.errors import PolicyDiffError
from policydiff.loading import loading

if TYPE_CHECKING:
    from policydiff.watch.config import Config
    from policydiff.watch.outcome import Options, RunResult


# -- scheduled check (policydiff.watch) ------------------------------------------------------


def _sync(archive_dir: Path, quiet: bool, *, first: bool) -> None:
    """Sync with the shared remote: before the run (what the other runners recorded and owe, so
    nothing is recorded or alerted twice) and after it (what this run recorded)."""
    from policydiff.archive import remote
    from policydiff.archive.versions import Archive

    synced = remote.sync(Archive.init(archive_dir) if first else Archive.open(archive_dir))
    if not quiet:
        typer.echo(synced.summary())


def _run(archive_dir: Path, cfg: Config, options: Options, quiet: bool) -> RunResult:
    """The run, with a progress bar on an interactive terminal only (rich is heavy)."""
    from policydiff.watch import run as check_mod

    if not sys.stderr.isatty() or quiet:
        return check_mod.run(archive_dir, cfg, options)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True) as bar:
        task = bar.add_task("check", total=None)
        return check_mod.run(archive_dir, cfg, options, on_progress=lambda done, total: bar.update(task, completed=done, total=total))


def _print(result: RunResult, dry_run: bool, quiet: bool) -> None:
    """Errors and warnings on stderr; the alerts of a dry run, else the summary, on stdout."""
    from policydiff.watch.run import print_outcome_errors
    from policydiff.watch.sinks.digest import digest_text

    print_outcome_errors(result)
    if dry_run and result.alerts:
        sys.stdout.write(digest_text(result.alerts, summary=result.summary(), notes=result.notes))  # warnings: on stderr
    elif not quiet:
        typer.echo(result.summary())
        for note in result.notes:
            typer.echo(f"  {note}")


@app.command()
def check(
    only: list[str] | None = typer.Option(None, "--only", help="check only these slugs (repeat or comma-separate); checked even if not due",
                                          autocompletion=cmds.complete_slug),
    tags: list[str] | None = typer.Option(None, "--tags", help="check only sources with one of these tags"),
    shard: str | None = typer.Option(None, "--shard", help="K/N: check shard K (1..N) of N, split by a stable hash of the slug"),
    dry_run: bool = typer.Option(False, "--dry-run", help="fetch and compare, record nothing, send nothing; print the alerts"),
    wait: bool = typer.Option(False, "--wait", help="wait for a running check on this archive instead of exiting with status 3"),
    force: bool = typer.Option(False, "--force", help="check every selected source now, due or not"),
    fail_on: FailOn = typer.Option(FailOn.never, "--fail-on", help="exit 1 when a run finds this"),
    archive: Path | None = cmds._ARCHIVE,
    sources: Path | None = cmds._SOURCES,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print nothing but errors and warnings (for cron)"),
    sync_remote: bool = typer.Option(False, "--sync", help="sync with the shared remote before and after the run"),
    site_dir: Path | None = typer.Option(None, "--site", help="then bring the archive's website in this folder up to date (`policydiff site`)"),
    strict: bool = typer.Option(False, "--strict", help="exit 2 on a warning too: a source with no alert route, a route no source uses, a change alerted to no one"),
) -> None:
    """Fetch the due sources, record new versions, compare, write reports and send alerts.

    Exit status: 0 ran fine; 1 --fail-on matched; 2 a source or an alert delivery failed (or, with --sync, the push; with --strict, a warning); 3 another check holds this archive's lock; 64 a usage error (nothing was done).

    Warnings (a source with no alert route, a route no source uses, a change alerted to no one) go to stderr.
    """
    with loading():  # the run's modules and the sources file: no garbage, no collection
        from policydiff.watch import config as config_mod
        from policydiff.watch import run as _run_module  # noqa: F401 - loaded here, used by _run
        from policydiff.watch.config_parse import load as load_config
        from policydiff.watch.outcome import Options
        from policydiff.watch.select import parse_shard, select

        archive_dir = cmds.archive_dir(archive)
        shard_kn = parse_shard(shard) if shard else None  # options first: a usage error does no work
        cfg = load_config(sources or archive_dir / config_mod.SOURCES_FILE)
    select(cfg.sources, only=cmds.split_args(only), tags=cmds.split_args(tags), shard=shard_kn)  # unknown slug or tag: before any work
    if sync_remote and not dry_run:
        # a remote that is down (or refused) stops no monitoring: the run checks and records locally
        try:
            _sync(archive_dir, quiet, first=True)
        except PolicyDiffError as exc:
            typer.echo(f"policydiff: warning: {exc} — checking and recording locally; a later sync pushes the "
                       "versions", err=True)
    options = Options(only=cmds.split_args(only), tags=cmds.split_args(tags), shard=shard_kn, dry_run=dry_run, wait=wait,
                      force=force, fail_on=fail_on.value, strict=strict)
    result = _run(archive_dir, cfg, options, quiet)
    _print(result, dry_run, quiet)
    code = result.exit_code
    if sync_remote and not dry_run:
        try:
            _sync(archive_dir, quiet, first=False)
        except PolicyDiffError as exc:  # the versions are recorded locally; the next sync pushes them
            typer.echo(f"policydiff: error: {exc}", err=True)
            code = max(code, 2)
    if site_dir is not None and not dry_run and not _build_site(archive_dir, site_dir, cfg.defaults.lang, quiet):
        code = max(code, 2)
    raise typer.Exit(code)


def _build_site(archive_dir: Path, site_dir: Path, lang: str, quiet: bool) -> bool:
    """Bring the archive's website up to date after a run; False (said on stderr) when it failed.
    The run is recorded and alerted whatever happens to the site."""
    from policydiff.archive.versions import Archive
    from policydiff.watch.site_input import build as build_site

    try:
        built = build_site(Archive.open(archive_dir), site_dir, lang=lang)
    except (PolicyDiffError, OSError) as exc:
        typer.echo(f"policydiff: error: site: {exc}", err=True)
        return False
    if not quiet:
        typer.echo(built.summary())
    return True


@app.command()
def demo(
    keep: Path | None = typer.Option(None, "--keep", help="build the demo archive in this folder and keep it"),
) -> None:
    """Run the scheduled check on a bundled policy that changes, and print the alert (no network)."""
    from policydiff import demo as demo_mod

    sys.stdout.write(demo_mod.run_demo(keep))


