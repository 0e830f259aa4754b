"""The command line: a thin typer layer over the library; errors become one line and an exit code."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from policydiff.compare.pipeline import compare as compare_versions
from policydiff.errors import PolicyDiffError
from policydiff.fsutil import atomic_write_text
from policydiff.model import Comparison
from policydiff.report import render
from policydiff.text.read import read_file_bytes, read_path, read_stdin_bytes
from policydiff.text.safety import shown, terminal_safe

if TYPE_CHECKING:
    from policydiff.archive.versions import Archive

# The archive and watch commands import their stages when they run: together those cost ~70 ms
# of start-up, and `policydiff compare` must start in well under 0.4 s.

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Track versions of Chinese privacy policies and flag material changes (重大变更).",
)



class Format(str, Enum):
    """Report formats."""

    terminal = "terminal"
    json = "json"
    md = "md"
    html = "html"


class FailOn(str, Enum):
    """When a command exits 1 for CI."""

    never = "never"
    change = "change"
    material = "material"


def _write_output(text: str, output: Path | None) -> None:
    """Write a report to a file (atomically) or to stdout."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    atomic_write_text(output, text)


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
    result = compare_versions(shown(read_path(old), output is None), shown(read_path(new), output is None))
    color = output is None and sys.stdout.isatty()
    _write_output(render(result, format.value, color=color, all_sections=all_sections), output)
    raise typer.Exit(_exit_status(result, fail_on))


def _exit_status(result: Comparison, fail_on: FailOn) -> int:
    if fail_on is FailOn.material and result.verdict.material:
        return 1
    if fail_on is FailOn.change and result.changes:
        return 1
    return 0


# -- archive commands (policydiff.archive) are registered below ------------------------------


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


def _table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    """A rich table on a terminal, tab-separated plain text otherwise (for scripts and pipes)."""
    if sys.stdout.isatty():
        from rich.console import Console  # heavy (~40 ms): only for a table on a terminal
        from rich.table import Table

        table = Table(title=title, title_justify="left")
        for col in columns:
            table.add_column(col)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
    else:
        sys.stdout.write("\t".join(columns) + "\n")
        for row in rows:
            sys.stdout.write("\t".join(row) + "\n")


@app.command()
def init(archive: Path | None = _ARCHIVE_OPT) -> None:
    """Create the archive (a bare git repository ARCHIVE/versions.git); harmless when it exists."""
    from policydiff.archive.layout import REPO_DIR, default_archive_path
    from policydiff.archive.versions import Archive

    base = archive or default_archive_path()
    existed = (base / REPO_DIR / "HEAD").exists()
    Archive.init(base)
    typer.echo(f"archive {'already exists' if existed else 'created'} at {base / REPO_DIR}")


@app.command()
def snapshot(
    slug: str = typer.Argument(..., help="the policy's short name, e.g. kuaishou-xiaodian"),
    source: str = typer.Argument(..., help="a file, an http(s) URL, or - for stdin"),
    date: str | None = typer.Option(None, "--date", help="record as of this day (YYYY-MM-DD), to backfill history"),
    selector: str | None = typer.Option(None, "--selector", help="CSS selector of the policy's part of an HTML page"),
    allow_shrink: bool = typer.Option(False, "--allow-shrink", help="record even if the text shrank by more than half"),
    timeout: float = typer.Option(20.0, "--timeout", help="URL: seconds to wait for the server"),
    archive: Path | None = _ARCHIVE_OPT,
) -> None:
    """Record a new version of a policy unless its text is unchanged."""
    from policydiff.archive.layout import validate_slug
    from policydiff.archive.refuse import DEFAULT_MAX_SHRINK
    from policydiff.archive.versions import Archive
    from policydiff.watch.fetch import fetch as fetch_url

    validate_slug(slug)
    store = Archive.open(archive)
    when = _day(date, "--date")
    kwargs: dict[str, Any] = {}
    try:
        if source.lower().startswith(("http://", "https://")):
            got = fetch_url(source, timeout=timeout)
            data = got.data
            kwargs = dict(media_type=got.media_type, http_status=got.status, content_type=got.content_type,
                          charset=got.charset, final_url=got.final_url, fetched_at=when or got.fetched_at)
        elif source == "-":
            data = read_stdin_bytes()
            source = "<stdin>"
        else:
            data = read_file_bytes(source)
            source = str(Path(source).resolve())
        kwargs.setdefault("fetched_at", when)
        result = store.snapshot(slug, data, source=source, selector=selector,
                                max_shrink=None if allow_shrink else DEFAULT_MAX_SHRINK, **kwargs)
    except PolicyDiffError as exc:
        if (store.path / "versions.git").exists():
            store.note_check(slug, f"refused: {exc}")
        raise
    if result.recorded and result.version is not None:
        v = result.version
        typer.echo(f"recorded {slug} version {v.index} ({v.date.date()}, commit {v.commit[:10]})")
    else:
        prev = result.previous
        where = f" version {prev.index} ({prev.date.date()}, commit {prev.commit[:10]})" if prev else ""
        typer.echo(f"unchanged: {slug} still reads as{where}; nothing recorded")


@app.command("import")
def import_(
    folder: Path = typer.Argument(..., help="a folder of dated versions: YYYY-MM-DD*.txt|html|pdf|docx or vN.txt"),
    slug: str | None = typer.Option(None, "--slug", help="the policy's slug (default: the folder's name)"),
    archive: Path | None = _ARCHIVE_OPT,
) -> None:
    """Import a folder of dated versions of one policy, oldest first."""
    store = _open(archive)
    results = store.import_folder(folder, slug)
    recorded = [r for r in results if r.recorded]
    for r in results:
        if r.recorded and r.version is not None:
            typer.echo(f"recorded version {r.version.index} ({r.version.date.date()}, commit {r.version.commit[:10]})")
        else:
            typer.echo(f"skipped: unchanged from version {r.previous.index if r.previous else '?'}")
    typer.echo(f"{len(recorded)} of {len(results)} file(s) recorded")


@app.command("list")
def list_(archive: Path | None = _ARCHIVE_OPT) -> None:
    """Every policy in the archive: versions, last change, last check, alerts not yet delivered."""
    from policydiff.archive.outbox import pending_by_slug

    store = _open(archive)
    pending = pending_by_slug(store.path)
    rows = [
        [p.slug, str(p.versions), p.last_change.date().isoformat() if p.last_change else "-",
         (p.last_check.strftime("%Y-%m-%d %H:%M") + (f" ({p.last_result.split(':')[0]})" if p.last_result else ""))
         if p.last_check else "-", str(pending.get(p.slug, 0))]
        for p in store.policies()
    ]
    _table("Policies", ["slug", "versions", "last change", "last check", "pending alerts"], rows)


@app.command()
def log(slug: str = typer.Argument(...), archive: Path | None = _ARCHIVE_OPT) -> None:
    """The versions of one policy: date, 更新日期/生效日期 stated in the text, size, commit."""
    store = _open(archive)
    versions = store.versions(slug)
    if not versions:
        raise PolicyDiffError(f"no versions of {slug!r} in the archive")
    rows = []
    for v in versions:
        stated = v.meta.get("stated_dates") or {}
        rows.append([str(v.index), v.date.date().isoformat(), stated.get("updated") or "-", stated.get("effective") or "-",
                     str(v.size), v.commit[:10], str(v.meta.get("source") or "")])
    _table(slug, ["#", "date", "更新日期", "生效日期", "bytes", "commit", "source"], rows)


@app.command()
def show(
    slug: str = typer.Argument(...),
    ref: str | None = typer.Argument(None, help="a date YYYY-MM-DD, an index (1, 2, -1) or a commit prefix; default the newest"),
    raw: bool = typer.Option(False, "--raw", help="print the source as received instead of the text"),
    meta: bool = typer.Option(False, "--meta", help="print the version's meta.json"),
    archive: Path | None = _ARCHIVE_OPT,
) -> None:
    """Print one version of a policy."""
    store = _open(archive)
    version = store.resolve(slug, ref)
    if meta:
        sys.stdout.write(json.dumps(store.meta(version), ensure_ascii=False, indent=2) + "\n")
    elif raw:
        sys.stdout.buffer.write(store.raw(version))
    else:
        text = terminal_safe(store.text(version))
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command("diff")
def diff_(
    slug: str = typer.Argument(...),
    a: str | None = typer.Argument(None, help="the earlier version (default: the one before B)"),
    b: str | None = typer.Argument(None, help="the later version (default: the newest)"),
    format: Format = typer.Option(Format.terminal, "--format", "-f", help="report format"),
    output: Path | None = typer.Option(None, "--output", "-o", help="write the report to this file"),
    archive: Path | None = _ARCHIVE_OPT,
) -> None:
    """Compare two archived versions of a policy (default: the last two)."""
    store = _open(archive)
    versions = store.versions(slug)
    if len(versions) < 2 and (a is None or b is None):
        raise PolicyDiffError(f"{slug} has {len(versions)} version(s); a diff needs two")
    new = store.resolve(slug, b) if b is not None else versions[-1]
    if a is not None:
        old = store.resolve(slug, a)
    else:
        earlier = [v for v in versions if v.index < new.index]
        if not earlier:
            raise PolicyDiffError(f"{slug}: no version before version {new.index} to compare with")
        old = earlier[-1]
    result = compare_versions(shown(store.raw_text(old), output is None), shown(store.raw_text(new), output is None))
    color = output is None and sys.stdout.isatty()
    _write_output(render(result, format.value, color=color, all_sections=False), output)


@app.command()
def reextract(archive: Path | None = _ARCHIVE_OPT) -> None:
    """Rebuild every policy's current text from its stored raw source, in one new commit."""
    store = _open(archive)
    changed = store.reextract()
    typer.echo(f"re-extracted {changed} policy text(s)" if changed else "every text is current; nothing recorded")


# -- scheduled check (policydiff.watch) ------------------------------------------------------


def _archive_dir(archive: Path | None) -> Path:
    """The archive folder: --archive, else the archive module's default."""
    from policydiff.archive.layout import default_archive_path

    return archive if archive is not None else default_archive_path()


def _split_args(values: list[str] | None) -> list[str]:
    """Repeated options and comma-separated lists alike: --only a --only b,c -> [a, b, c]."""
    return [v for item in values or [] for v in item.split(",") if v]


@app.command()
def check(
    only: list[str] | None = typer.Option(None, "--only", help="check only these slugs (repeat or comma-separate); checked even if not due"),
    tags: list[str] | None = typer.Option(None, "--tags", help="check only sources with one of these tags"),
    shard: str | None = typer.Option(None, "--shard", help="K/N: check shard K (1..N) of N, split by a stable hash of the slug"),
    dry_run: bool = typer.Option(False, "--dry-run", help="fetch and compare, record nothing, send nothing; print the alerts"),
    wait: bool = typer.Option(False, "--wait", help="wait for a running check on this archive instead of exiting with status 3"),
    force: bool = typer.Option(False, "--force", help="check every selected source now, due or not"),
    fail_on: FailOn = typer.Option(FailOn.never, "--fail-on", help="exit 1 when a run finds this"),
    archive: Path | None = typer.Option(None, "--archive", "-a", help="archive folder (default: the project's archive/)"),
    sources: Path | None = typer.Option(None, "--sources", help="sources file (default: ARCHIVE/sources.toml)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print nothing but errors (for cron)"),
) -> None:
    """Fetch the due sources, record new versions, compare, write reports and send alerts.

    Exit status: 0 ran fine; 1 --fail-on matched; 2 a source or an alert delivery failed;
    3 another check holds this archive's lock.
    """
    from policydiff.watch import config as config_mod
    from policydiff.watch import run as check_mod
    from policydiff.watch.config_parse import load as load_config
    from policydiff.watch.outcome import Options
    from policydiff.watch.select import parse_shard
    from policydiff.watch.sinks.digest import digest_markdown

    archive_dir = _archive_dir(archive)
    cfg = load_config(sources or archive_dir / config_mod.SOURCES_FILE)
    options = Options(
        only=_split_args(only),
        tags=_split_args(tags),
        shard=parse_shard(shard) if shard else None,
        dry_run=dry_run,
        wait=wait,
        force=force,
        fail_on=fail_on.value,
    )
    interactive = sys.stderr.isatty() and not quiet
    if interactive:
        # heavy: only on an interactive terminal
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True) as bar:
            task = bar.add_task("check", total=None)
            result = check_mod.run(archive_dir, cfg, options, on_progress=lambda done, total: bar.update(task, completed=done, total=total))
    else:
        result = check_mod.run(archive_dir, cfg, options)
    check_mod.print_outcome_errors(result)
    if dry_run and result.alerts:
        sys.stdout.write(digest_markdown(result.alerts, summary=result.summary()))
    elif not quiet:
        typer.echo(result.summary())
    raise typer.Exit(result.exit_code)


@app.command()
def demo(
    keep: Path | None = typer.Option(None, "--keep", help="build the demo archive in this folder and keep it"),
) -> None:
    """Run the scheduled check on a bundled policy that changes, and print the alert (no network)."""
    from policydiff import demo as demo_mod

    sys.stdout.write(demo_mod.run_demo(keep))


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
    except OSError as exc:  # a read-only archive, a full disk: one line, not a traceback
        where = f": {exc.filename}" if exc.filename else ""
        typer.echo(f"policydiff: error: {exc.strerror or exc}{where}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
