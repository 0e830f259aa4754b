"""The archive commands: init, snapshot, import, list, log, show, diff, remote, sync, reextract.

They import the archive stage when they run (see ``cli.app``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from policydiff.cli import commands as cmds
from policydiff.cli.app import (
    _ARCHIVE_OPT,
    _BRIEF_OPT,
    _LANG_OPT,
    FailOn,
    Format,
    Lang,
    Render,
    _day,
    _open,
    _shown,
    _use_color,
    _write_output,
    app,
)
from policydiff.cli.commands import table as _table
from policydiff.cli.compare import fail_on_status, note_date_order
from policydiff.errors import PolicyDiffError, UsageError
from policydiff.text.read import read_file_bytes, read_stdin_bytes
from policydiff.text.safety import redact_url, terminal_safe

if TYPE_CHECKING:
    pass


# -- archive commands (policydiff.archive) are registered below ------------------------------


@app.command()
def init(archive: Path | None = _ARCHIVE_OPT) -> None:
    """Create the archive (a bare git repository ARCHIVE/versions.git) and a commented sources.toml; harmless when they exist."""
    from policydiff.archive.layout import REPO_DIR, default_archive_path
    from policydiff.archive.versions import Archive
    from policydiff.watch.config import SOURCES_FILE
    from policydiff.watch.sources_edit import write_example

    base = archive or default_archive_path()
    if archive is None and (Path.cwd() / REPO_DIR / "HEAD").exists() and not (base / REPO_DIR / "HEAD").exists():
        raise UsageError("this folder is an archive already; run from its parent folder, or pass `--archive .`")
    existed = (base / REPO_DIR / "HEAD").exists()
    Archive.init(base)
    typer.echo(f"archive {'already exists' if existed else 'created'} at {base / REPO_DIR}")
    wrote = write_example(base / SOURCES_FILE)  # commented; `policydiff sources add` fills it in
    typer.echo(f"sources file {'written' if wrote else 'kept'} at {base / SOURCES_FILE}")


@app.command()
def snapshot(
    slug: str = typer.Argument(..., help="the policy's short name, e.g. kuaishou-xiaodian"),
    source: str = typer.Argument(..., help="a file, an http(s) URL, or - for stdin"),
    date: str | None = typer.Option(None, "--date", help="record as of this day (YYYY-MM-DD), to backfill history"),
    selector: str | None = typer.Option(None, "--selector", help="CSS selector of the policy's part of an HTML page"),
    allow_shrink: bool = typer.Option(False, "--allow-shrink", help="record even if the text shrank by more than half"),
    timeout: float = typer.Option(20.0, "--timeout", help="URL: seconds to wait for the server"),
    render: Render = typer.Option(Render.http, "--render", help="URL: browser = headless Chromium, for pages a script fills in"),
    wait_for: str | None = typer.Option(None, "--wait-for", help="--render browser: take the page once this CSS selector matches"),
    remove: list[str] | None = typer.Option(None, "--remove", help="CSS selector of elements dropped before extraction (repeat)"),
    allow_private: bool = typer.Option(False, "--allow-private", help="URL: its own host may be a loopback/private address"),
    archive: Path | None = _ARCHIVE_OPT,
) -> None:
    """Record a new version of a policy unless its text is unchanged (or is again an earlier version's)."""
    from policydiff.archive.layout import validate_slug
    from policydiff.archive.refuse import DEFAULT_MAX_SHRINK
    from policydiff.archive.versions import Archive
    from policydiff.watch.config import scheme_problem

    if wait_for and render is not Render.browser:
        raise UsageError("--wait-for needs --render browser")
    validate_slug(slug)
    if (problem := scheme_problem(source)) is not None:  # `htp://…` is a typo, not a file name
        raise UsageError(problem)
    when = _day(date, "--date")
    store = Archive.open(archive)
    try:
        data, source, kwargs = _read_source(source, render, timeout, wait_for, allow_private)
        kwargs["fetched_at"] = when or kwargs.get("fetched_at")
        result = store.snapshot(slug, data, source=source, selector=selector, remove=cmds.split_args(remove),
                                max_shrink=None if allow_shrink else DEFAULT_MAX_SHRINK, **kwargs)
    except PolicyDiffError as exc:
        if (store.path / "versions.git").exists():
            store.note_check(slug, f"refused: {exc}")
        raise
    if result.recorded and result.version is not None:
        v = result.version
        typer.echo(f"recorded {slug} version {v.index} ({v.date.date()}, commit {v.commit[:10]})")
        final = kwargs.get("final_url")
        if final and final != source:
            typer.echo(f"  final URL (after redirects): {redact_url(final)}")
        return
    prev = result.previous
    where = f" version {prev.index} ({prev.date.date()}, commit {prev.commit[:10]})" if prev else ""
    if result.reason == "returned":
        typer.echo(f"returned to #{prev.index if prev else '?'}: {slug} reads again as{where}; nothing recorded")
    else:
        typer.echo(f"unchanged: {slug} still reads as{where}; nothing recorded")


def _read_source(source: str, render: Render, timeout: float, wait_for: str | None,
                 allow_private: bool = False) -> tuple[bytes, str, dict[str, Any]]:
    """(bytes, source as recorded, the snapshot's fetch details) of a browser page, a URL, stdin or a file;
    a URL under the address and redirect policy (its own host may be private with ``allow_private``)."""
    from policydiff.watch.fetch import USER_AGENT
    from policydiff.watch.fetch import fetch as fetch_url
    from policydiff.watch.netpolicy import NetPolicy

    is_url = source.lower().startswith(("http://", "https://"))
    if render is Render.browser:
        if not is_url:
            raise UsageError("--render browser takes an http(s) URL")
        from policydiff.watch.browser import render as render_page  # only for browser snapshots

        page = render_page(source, timeout=timeout, wait_for=wait_for, user_agent=USER_AGENT,
                           policy=NetPolicy(source, allow_private=allow_private))
        return page.data, source, dict(media_type=page.content_type, http_status=page.status, content_type=page.content_type,
                                       charset=page.charset, final_url=page.final_url, fetched_at=page.fetched_at)
    if is_url:
        got = fetch_url(source, timeout=timeout, policy=NetPolicy(source, allow_private=allow_private))
        return got.data, source, dict(media_type=got.media_type, http_status=got.status, content_type=got.content_type,
                                      charset=got.charset, final_url=got.final_url, fetched_at=got.fetched_at)
    if source == "-":
        return read_stdin_bytes(), "<stdin>", {}
    return read_file_bytes(source), str(Path(source).resolve()), {}


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
            typer.echo(f"skipped: the same text as version {r.previous.index if r.previous else '?'}")
    if results and not recorded:
        typer.echo(f"nothing recorded: all {len(results)} file(s) are already in the archive")
    else:
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


def _stated_order(v: Any) -> tuple[str, int]:
    stated = v.meta.get("stated_dates") or {}
    return (stated.get("effective") or stated.get("updated") or v.date.date().isoformat(), v.position)


@app.command()
def log(slug: str = typer.Argument(...), archive: Path | None = _ARCHIVE_OPT) -> None:
    """The versions of one policy, in the order of the dates they state (更新日期/生效日期, else the
    fetch date): number, dates, size, commit; a technical re-recording (same source, new extraction) noted."""
    store = _open(archive)
    versions = store.versions(slug)
    if not versions:
        raise PolicyDiffError(f"no versions of {slug!r} in the archive")
    rows = []
    for v in sorted(versions, key=_stated_order):
        stated = v.meta.get("stated_dates") or {}
        note = f"technical re-recording ({v.meta['technical']} changed)" if v.meta.get("technical") else ""
        rows.append([str(v.index), v.date.date().isoformat(), stated.get("updated") or "-", stated.get("effective") or "-",
                     str(v.size), v.commit[:10], redact_url(str(v.meta.get("source") or "")), note])
    _table(slug, ["#", "date", "更新日期", "生效日期", "bytes", "commit", "source", "note"], rows)


@app.command(context_settings={"ignore_unknown_options": True})  # `show SLUG -1`: -1 is a version, not an option
def show(
    slug: str = typer.Argument(...),
    ref: str | None = typer.Argument(None, help="a date YYYY-MM-DD (fetched, or the 更新日期/生效日期 it states), an index (1, 2, -1) or a commit prefix; default the newest"),
    at: str | None = typer.Option(None, "--at", help="the version in force on this day YYYY-MM-DD (by its stated 生效日期, else its fetch date)"),
    raw: bool = typer.Option(False, "--raw", help="print the source as received instead of the text"),
    meta: bool = typer.Option(False, "--meta", help="print the version's meta.json"),
    archive: Path | None = _ARCHIVE_OPT,
) -> None:
    """Print one version of a policy."""
    if ref is not None and ref.startswith("-") and not ref[1:].isdigit():
        raise UsageError(f"no such option: {ref}")
    if at is not None and ref is not None:
        raise UsageError("give a version or --at DATE, not both")
    store = _open(archive)
    if at is not None:
        day = _day(at, "--at")
        assert day is not None
        version, how = store.in_force(slug, day.date())
        stated = version.meta.get("stated_dates") or {}
        basis = (f"its stated 生效日期 {stated.get('effective')}" if how == "effective"
                 else f"its fetch date {version.date.date()} (it states no 生效日期)")
        typer.echo(f"{slug}: version {version.index} was in force on {at}, by {basis}", err=True)
    else:
        version = store.resolve(slug, ref)
    if meta:
        shown = {k: redact_url(v) if k in ("source", "final_url") and isinstance(v, str) else v
                 for k, v in store.meta(version).items()}  # an archive recorded before redaction
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
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
    lang: Lang = _LANG_OPT,
    brief: bool = _BRIEF_OPT,
    fail_on: FailOn = typer.Option(FailOn.never, "--fail-on", help="exit 1 when the comparison finds this (for CI)"),
) -> None:
    """Compare two archived versions of a policy (default: the last two). Exit status: 0, or 1 when --fail-on matched; 2 a runtime error; 64 a usage error."""
    store = _open(archive)
    versions = store.versions(slug)
    if len(versions) < 2 and (a is None or b is None):
        raise PolicyDiffError(f"{slug} has {len(versions)} version(s); a diff needs two")
    new = store.resolve(slug, b) if b is not None else versions[-1]
    if a is not None:
        old = store.resolve(slug, a)
    else:
        earlier = [v for v in versions if v.position < new.position]
        if not earlier:
            raise PolicyDiffError(f"{slug}: no version before version {new.index} to compare with")
        old = earlier[-1]
    # imported here: `log`, `show` and `snapshot` need none of the compare stage (~0.2 s of imports)
    from policydiff.compare.pipeline import compare as compare_versions
    from policydiff.report import render

    result = compare_versions(_shown(store.raw_text(old), output), _shown(store.raw_text(new), output))
    note_date_order(result)
    _write_output(render(result, format.value, color=_use_color(output), lang=lang.value, brief=brief), output)
    raise typer.Exit(fail_on_status(result, fail_on))


remote_app = typer.Typer(help="The git remote that several runners share (see `policydiff sync`).", no_args_is_help=True)
app.add_typer(remote_app, name="remote")


@remote_app.command("list")
def remote_list(archive: Path | None = _ARCHIVE_OPT) -> None:
    """Every remote: name, URL, and which one `sync` uses."""
    from policydiff.archive import remote

    _table("Remotes", ["name", "url", "sync"], [[n, u, "default" if d else ""] for n, u, d in remote.list_remotes(_open(archive))])


@remote_app.command("remove")
def remote_remove(name: str = typer.Argument(..., help="the remote's name"), archive: Path | None = _ARCHIVE_OPT) -> None:
    """Forget a remote (what it holds stays there; this archive's versions stay here)."""
    from policydiff.archive import remote

    remote.remove_remote(_open(archive), name)
    typer.echo(f"removed remote {name}")


@remote_app.command("add")
def remote_add(
    name: str = typer.Argument(..., help="a name for the remote, e.g. origin"),
    url: str = typer.Argument(..., help="any git URL: a path, file://, ssh://, https://"),
    archive: Path | None = _ARCHIVE_OPT,
) -> None:
    """Name the shared remote (and make it the one `sync` uses)."""
    from policydiff.archive import remote

    remote.add_remote(_open(archive), name, url)
    typer.echo(f"remote {name} → {redact_url(url)}")


@app.command()
def sync(
    remote_name: str | None = typer.Option(None, "--remote", help="the remote (default: the one `remote add` named)"),
    archive: Path | None = _ARCHIVE_OPT,
) -> None:
    """Fetch the shared remote, replay this runner's new versions onto it, merge the run state, push."""
    from policydiff.archive import remote

    typer.echo(remote.sync(_open(archive), remote_name).summary())


@app.command()
def reextract(archive: Path | None = _ARCHIVE_OPT) -> None:
    """Rebuild every policy's current text from its stored raw source, in one new commit."""
    store = _open(archive)
    changed = store.reextract()
    typer.echo(f"re-extracted {changed} policy text(s)" if changed else "every text is current; nothing recorded")


