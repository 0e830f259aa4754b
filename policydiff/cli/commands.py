"""Commands for setting up a watcher — ``sources add|list|remove|test``, ``notify --test`` — and
what every command shares: the error-to-exit-status runner, tables, the date-order note.

``policydiff.cli`` registers these on its app; they import their stages when they run, like the
archive and watch commands there, so `policydiff compare` starts no slower.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from policydiff.cli.app import only_command
from policydiff.errors import PolicyDiffError, UsageError
from policydiff.text.safety import redact_urls

if TYPE_CHECKING:
    from policydiff.model import Comparison

EX_USAGE = UsageError.exit_code  # 64, sysexits.h: the command was called wrong (2 is "a source failed")

sources_app = typer.Typer(no_args_is_help=True, help="Add, list, remove and try out the sources `check` watches.")

_ARCHIVE = typer.Option(None, "--archive", "-a", envvar="POLICYDIFF_ARCHIVE",
                        help="archive folder (default: $POLICYDIFF_ARCHIVE or ./archive)")
_SOURCES = typer.Option(None, "--sources", help="sources file (default: ARCHIVE/sources.toml)")


def split_args(values: list[str] | None) -> list[str]:
    """Repeated options and comma-separated lists alike: --only a --only b,c -> [a, b, c]."""
    return [v for item in values or [] for v in item.split(",") if v]


def archive_dir(archive: Path | None) -> Path:
    """The archive folder: --archive, else the archive module's default."""
    from policydiff.archive.layout import default_archive_path

    return archive if archive is not None else default_archive_path()


def sources_path(archive: Path | None, sources: Path | None) -> Path:
    from policydiff.watch.config import SOURCES_FILE

    return sources if sources is not None else archive_dir(archive) / SOURCES_FILE


def complete_slug(incomplete: str) -> list[str]:
    """Shell completion of a source's slug from ./archive/sources.toml ($POLICYDIFF_ARCHIVE's); never fails."""
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(sources_path(None, None).read_text(encoding="utf-8"))
        slugs = [s.get("slug") for s in data.get("source", []) if isinstance(s, dict)]
    except Exception:  # noqa: BLE001 - a completion that cannot read the file offers nothing
        return []
    return [s for s in slugs if isinstance(s, str) and s.startswith(incomplete)]


_SLUG = typer.Argument(..., help="a source's slug", autocompletion=complete_slug)


def table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    """A rich table on a terminal, tab-separated plain text otherwise (for scripts and pipes)."""
    if sys.stdout.isatty():
        from rich.console import Console  # heavy (~40 ms): only for a table on a terminal
        from rich.table import Table

        t = Table(title=title, title_justify="left")
        for col in columns:
            t.add_column(col)
        for row in rows:
            t.add_row(*row)
        Console().print(t)
    else:
        sys.stdout.write("\t".join(columns) + "\n")
        for row in rows:
            sys.stdout.write("\t".join(row) + "\n")


def date_order_note(result: Comparison) -> str | None:
    """One line when the "new" version states an earlier date than the "old" (arguments reversed?)."""
    from policydiff.lexicon.labels import DATE_NAMES

    old, new = result.verdict.old_dates, result.verdict.new_dates
    for key in ("effective", "updated", "published"):
        a, b, label = getattr(old, key), getattr(new, key), DATE_NAMES[key]
        if a and b and b < a:
            return (f"policydiff: note: the new version states {label} {b}, earlier than the old one's {a}; "
                    "are OLD and NEW the wrong way round?")
    return None


# -- sources -------------------------------------------------------------------------------------


@sources_app.command("add")
def sources_add(
    slug: str = typer.Argument(..., help="the policy's short name, e.g. kuaishou-shop"),
    url: str = typer.Argument(..., help="the policy's http(s) URL (or a file path)"),
    name: str | None = typer.Option(None, "--name", help="the policy's name in alerts (default: the slug)"),
    tags: list[str] | None = typer.Option(None, "--tags", help="tags (repeat or comma-separate)"),
    render: str | None = typer.Option(None, "--render", help="browser: fetch with headless Chromium"),
    selector: str | None = typer.Option(None, "--selector", help="CSS selector of the policy's part of the page"),
    wait_for: str | None = typer.Option(None, "--wait-for", help="--render browser: wait for this CSS selector"),
    allow_private: bool = typer.Option(False, "--allow-private", help="the URL's own host may be a loopback/private address"),
    alerts: list[str] | None = typer.Option(None, "--alerts", help="alert routes its changes go to (repeat or comma-separate; default: [defaults] alerts)"),
    archive: Path | None = _ARCHIVE,
    sources: Path | None = _SOURCES,
) -> None:
    """Add a source to the sources file (comments and layout are kept)."""
    from policydiff.watch import sources_edit

    if render not in (None, "http", "browser"):
        raise UsageError(f"--render takes http or browser, not {render!r}")
    path = sources_path(archive, sources)
    src = sources_edit.add(path, slug, url, name=name, tags=split_args(tags), render=render,
                           selector=selector, wait_for=wait_for, allow_private=allow_private,
                           alerts=split_args(alerts) if alerts is not None else None)
    typer.echo(f"added {src.slug} ({src.location}) at line {src.line} of {path}; try it: policydiff sources test {src.slug}")
    from policydiff.text.safety import url_credentials

    if url_credentials(url):
        typer.echo(f"note: the URL holds a credential, written in {path} only (shown as ***, never recorded); "
                   f"better, write it as ${{VAR}} and set the variable where the check runs (README: Security)")
    _warn_unheard(path)


@sources_app.command("list")
def sources_list(archive: Path | None = _ARCHIVE, sources: Path | None = _SOURCES) -> None:
    """Every source: slug, URL or path, tags, interval, render, alert routes."""
    from policydiff.watch.config_parse import load
    from policydiff.watch.coverage import config_warnings

    cfg = load(sources_path(archive, sources))
    rows = [[s.slug, s.location, ",".join(s.tags) or "-", f"{s.interval / 3600:g}h", s.render,
             ",".join(r.name for r in cfg.routes_for(s)) or "-"]
            for s in cfg.sources]
    table("Sources", ["slug", "url", "tags", "interval", "render", "alerts"], rows)
    for w in config_warnings(cfg):
        typer.echo(f"policydiff: warning: {w}", err=True)


@sources_app.command("remove")
def sources_remove(slug: str = _SLUG, archive: Path | None = _ARCHIVE, sources: Path | None = _SOURCES) -> None:
    """Remove a source from the sources file (its archived versions stay)."""
    from policydiff.watch import sources_edit

    path = sources_path(archive, sources)
    sources_edit.remove(path, slug)
    typer.echo(f"removed {slug} from {path} (its versions stay in the archive)")


@sources_app.command("test")
def sources_test(
    slug: str = _SLUG,
    full: bool = typer.Option(False, "--full", help="print the whole text (default: the first 40 lines)"),
    archive: Path | None = _ARCHIVE,
    sources: Path | None = _SOURCES,
) -> None:
    """Fetch and extract a source as `check` would and show what it would record; records nothing."""
    from policydiff.lexicon.labels import MATERIAL_LIST
    from policydiff.watch import sources_edit
    from policydiff.watch.config_parse import load

    pv = sources_edit.preview(load(sources_path(archive, sources)), slug)
    out = [f"source:  {pv.source.slug} — {pv.source.location}" + (f" (render = {pv.source.render})" if pv.source.render != "http" else "")]
    if pv.http_status is not None:
        out.append(f"fetched: HTTP {pv.http_status}" + (f", final URL {pv.final_url}" if pv.final_url and pv.final_url != pv.source.url else ""))
    out.append(f"title:   {pv.title or '-'}")
    dates = ", ".join(f"{k} {v}" for k, v in pv.stated_dates.items() if v) or "none stated"
    out.append(f"dates:   {dates}")
    where = "the policy's own list" if pv.category_source == "policy" else "none found; the GB/T 35273 standard six apply"
    out.append(f"{MATERIAL_LIST} list ({where}):")
    out.extend(f"  - {key}: {wording}" for key, wording in pv.categories)
    lines = pv.text.splitlines()
    shown = lines if full else lines[:40]
    out.append(f"text:    {len(pv.text)} characters, {len(lines)} lines" + ("" if full or len(lines) <= 40 else " (first 40; --full for all)"))
    out.extend("  | " + line for line in shown)
    if pv.problems:
        out.extend(f"REFUSED: a check would not record this: {p}" for p in pv.problems)
    else:
        out.append("ok: a check would record this text (nothing was recorded now)")
    typer.echo("\n".join(out))
    raise typer.Exit(2 if pv.problems else 0)


def _warn_unheard(path: Path) -> None:
    """The sources file's warnings (an alert that reaches no one), on stderr."""
    from policydiff.watch.config_parse import load
    from policydiff.watch.coverage import config_warnings

    for w in config_warnings(load(path)):
        typer.echo(f"policydiff: warning: {w}", err=True)


# -- alert routes --------------------------------------------------------------------------------

alerts_app = typer.Typer(no_args_is_help=True, help="Add, list and remove the alert routes (where `check` sends its alerts).")


@alerts_app.command("add")
def alerts_add(
    name: str = typer.Argument(..., help="the route's name, e.g. compliance"),
    urls: list[str] = typer.Argument(..., help="Apprise URLs; secrets as ${VAR} (mailtos://${SMTP_USER}:${SMTP_PASSWORD}@…)"),
    default: bool = typer.Option(False, "--default", help="also name it in [defaults] alerts: every source without its own list uses it"),
    only_material: bool = typer.Option(False, "--only-material", help="send it material changes only (and failures)"),
    tags: list[str] | None = typer.Option(None, "--tags", help="also send it every source with one of these tags"),
    no_failures: bool = typer.Option(False, "--no-failures", help="do not send it source failing/recovered alerts"),
    archive: Path | None = _ARCHIVE,
    sources: Path | None = _SOURCES,
) -> None:
    """Add an alert route to the sources file (comments and layout are kept); test it with `notify --test NAME`."""
    from policydiff.watch import routes_edit

    path = sources_path(archive, sources)
    route = routes_edit.add(path, name, urls, only_material=only_material, tags=split_args(tags),
                            failures=not no_failures, default=default)
    typer.echo(f"added alert route {route.name} ({len(route.urls)} URL(s)) to {path}; try it: policydiff notify --test {route.name}")
    _warn_unheard(path)


@alerts_app.command("list")
def alerts_list(archive: Path | None = _ARCHIVE, sources: Path | None = _SOURCES) -> None:
    """Every alert route: its URLs (secrets hidden), what it receives, and the sources that send to it."""
    from policydiff.watch.config import redact
    from policydiff.watch.config_parse import load
    from policydiff.watch.coverage import config_warnings, route_users

    cfg = load(sources_path(archive, sources))
    rows = []
    for name, r in sorted(cfg.routes.items()):
        users = [s.slug for s in route_users(cfg, r)]
        rows.append([name, " ".join(redact(u) for u in r.urls) or "-", "material" if r.only_material else "all",
                     ",".join(r.tags) or "-", "yes" if r.failures else "no", ",".join(users) or "-"])
    table("Alert routes", ["route", "urls", "changes", "tags", "failures", "sources"], rows)
    for w in config_warnings(cfg):
        typer.echo(f"policydiff: warning: {w}", err=True)


@alerts_app.command("remove")
def alerts_remove(
    name: str = typer.Argument(..., help="the route's name"),
    archive: Path | None = _ARCHIVE,
    sources: Path | None = _SOURCES,
) -> None:
    """Remove an alert route, and its name from every alerts list (alerts already sent stay in the log)."""
    from policydiff.watch import routes_edit

    path = sources_path(archive, sources)
    routes_edit.remove(path, name)
    typer.echo(f"removed alert route {name} from {path}")
    _warn_unheard(path)


# -- notify ------------------------------------------------------------------------------------


def notify(
    route: str | None = typer.Argument(None, help="only this alert route (default: every route)"),
    test: bool = typer.Option(False, "--test", help="send a short test message through each route's URLs"),
    archive: Path | None = _ARCHIVE,
    sources: Path | None = _SOURCES,
) -> None:
    """Test the alert routes: `policydiff notify --test [ROUTE]` sends one message per URL and reports each."""
    if not test:
        raise UsageError("notify needs --test (policydiff notify --test [ROUTE])")
    from policydiff.watch.config_parse import load
    from policydiff.watch.coverage import config_warnings
    from policydiff.watch.notify import test_routes

    cfg = load(sources_path(archive, sources))
    results = test_routes(cfg, route)
    for d in results:
        typer.echo(f"{d.route}\t{d.url}\t" + ("ok" if d.ok else f"FAILED: {d.error}"))
    failed = sum(1 for d in results if not d.ok)
    typer.echo(f"{len(results) - failed} of {len(results)} notification URL(s) delivered", err=bool(failed))
    for w in config_warnings(cfg):  # delivered, but will an alert ever be sent there?
        typer.echo(f"policydiff: warning: {w}", err=True)
    raise typer.Exit(2 if failed else 0)


# -- running the app -----------------------------------------------------------------------------


def version_callback(value: bool) -> None:
    if value:
        from policydiff.version import __version__

        typer.echo(f"policydiff {__version__}")
        raise typer.Exit(0)


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def completion(argv: list[str]) -> str | None:
    """The completion script ``--show-completion [SHELL]`` asks for, or None for any other command.

    The shell named is the one served (typer's own option ignores it and asks the parent
    process, which in CI or cron is no shell at all); without a name, ``$SHELL``'s, else bash.
    """
    if not argv or not argv[0].startswith("--show-completion"):
        return None
    import os

    from typer._completion_shared import get_completion_script

    named = argv[0].split("=", 1)[1] if "=" in argv[0] else (argv[1] if len(argv) > 1 else "")
    shell = named or os.path.basename(os.environ.get("SHELL", "")) or "bash"
    if shell not in SHELLS:
        raise UsageError(f"--show-completion takes one of {', '.join(SHELLS)}, not {shell!r}")
    return get_completion_script(prog_name="policydiff", complete_var="_POLICYDIFF_COMPLETE", shell=shell)


def run_app(app: typer.Typer, argv: list[str] | None = None) -> None:
    """Run the app: PolicyDiffError is one line and its status; usage errors one line and 64."""
    args = sys.argv[1:] if argv is None else argv
    try:
        script = completion(args)
    except UsageError as exc:
        typer.echo(f"policydiff: usage: {exc}", err=True)
        sys.exit(EX_USAGE)
    if script is not None:
        sys.stdout.write(script if script.endswith("\n") else script + "\n")
        sys.exit(0)
    try:  # typer ≥ 0.24 carries its own copy of click; before, click itself (both already loaded)
        from typer._click import exceptions as click
    except ImportError:
        from click import exceptions as click  # type: ignore[no-redef]

    try:
        status = typer.main.get_command(only_command(app, args)).main(args=argv, prog_name="policydiff", standalone_mode=False)
        sys.exit(status if isinstance(status, int) else 0)
    except click.NoArgsIsHelpError as exc:  # `policydiff` alone: the help
        typer.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        sys.exit(0)
    except click.UsageError as exc:
        hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
        typer.echo(f"policydiff: usage: {redact_urls(exc.format_message())}{hint}", err=True)
        sys.exit(EX_USAGE)
    except click.ClickException as exc:
        typer.echo(f"policydiff: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except PolicyDiffError as exc:
        # the one place every error is shown: no URL in it shows a credential (a git remote's too)
        typer.echo(f"policydiff: {'usage' if isinstance(exc, UsageError) else 'error'}: {redact_urls(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("policydiff: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:  # a read-only archive, a full disk: one line, not a traceback
        where = f": {exc.filename}" if exc.filename else ""
        typer.echo(f"policydiff: error: {exc.strerror or exc}{where}", err=True)
        sys.exit(2)
