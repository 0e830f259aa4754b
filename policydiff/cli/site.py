"""`policydiff site`: the archive as a static website (see ``report.site``)."""

from __future__ import annotations

from pathlib import Path

import typer

from policydiff.cli.app import _ARCHIVE_OPT, _LANG_OPT, Lang, _open, app


@app.command()
def site(
    output: Path = typer.Option(Path("site"), "--output", "-o", help="the site's folder (default ./site)"),
    archive: Path | None = _ARCHIVE_OPT,
    lang: Lang = _LANG_OPT,
    base_url: str | None = typer.Option(None, "--base-url", help="where the site is published (canonical links), e.g. https://policies.example.com/"),
    all_pairs: bool = typer.Option(False, "--all-pairs", help="also render the report of every pair of versions (small archives)"),
    force: bool = typer.Option(False, "--force", help="rebuild every policy's pages, not only those whose versions changed"),
) -> None:
    """Build a static website of the whole archive (index, timelines, reports, facts, search) that
    works from file:// and any static host; a rebuild touches only the policies that changed."""
    from policydiff.watch.site_input import build

    result = build(_open(archive), output, lang=lang.value, base_url=base_url, all_pairs=all_pairs, force=force)
    typer.echo(result.summary())
    typer.echo(f"open {(output / 'index.html').resolve().as_uri()}")
