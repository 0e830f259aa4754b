"""Edit ``sources.toml`` from the command line without losing a comment, and preview a source.

``policydiff init`` writes the commented example (``watch.config.EXAMPLE``); ``sources add``
appends a ``[[source]]`` table; ``sources remove`` deletes one table and the comment block
written right above it; everything else in the file stays byte for byte as it was. Edits are
line-based rather than a round trip through a TOML library (tomlkit attaches the comment above
a table to the table before it, so removing one source would eat the next one's comment), and
each edited text is validated by ``watch.config_parse`` before it replaces the file atomically,
so an edit can never leave a file that ``policydiff check`` refuses.

``preview`` is ``sources test``: fetch, extract and judge a source exactly as a check would,
and say what would be recorded — nothing is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policydiff import regex_cache
from policydiff.archive import snapshot as snapshot_mod
from policydiff.archive.layout import stated, validate_slug
from policydiff.archive.refuse import check_plausible_policy
from policydiff.compare.categories import policy_categories
from policydiff.compare.pipeline import read_tree
from policydiff.errors import ConfigError, PolicyDiffError, UsageError
from policydiff.fsutil import atomic_write_text
from policydiff.model import RawText
from policydiff.text.safety import redact_url, redact_urls
from policydiff.watch import config_parse
from policydiff.watch.config import EXAMPLE, Config, Source, scheme_problem
from policydiff.watch.fetch import fetch_source

_HEADER = regex_cache.compile(r"^\s*\[")
_SOURCE_HEADER = regex_cache.compile(r"^\s*\[\[\s*source\s*\]\]")


def write_example(path: Path) -> bool:
    """Write the commented example sources file unless one exists; True when written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, EXAMPLE)
    return True


def _toml(value: object) -> str:
    """A TOML value: strings as basic strings (JSON's escapes are TOML's), lists of them as arrays."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _replace(path: Path, text: str) -> Config:
    """Validate ``text`` as a sources file, then write it in place of ``path``."""
    cfg = config_parse.loads(text, path=path)
    atomic_write_text(path, text)
    return cfg


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file; create it with `policydiff init`") from None


def add(path: Path, slug: str, url: str, *, name: str | None = None, tags: Sequence[str] = (),
        render: str | None = None, selector: str | None = None, wait_for: str | None = None,
        allow_private: bool = False, alerts: Sequence[str] | None = None) -> Source:
    """Append a ``[[source]]`` (writing the example file first when there is none).

    Every message shows the URL without its credentials (``text.safety.redact_url``).
    """
    validate_slug(slug)
    for what, value in (("--name", name), ("the URL", url), ("--selector", selector), ("--wait-for", wait_for),
                        *(("--tags", t) for t in tags)):
        if value and not _encodable(value):
            raise UsageError(f"{what} holds a character that is not valid text (a lone surrogate); retype it")
    write_example(path)
    text = _read(path)
    cfg = config_parse.loads(text, path=path)
    if any(s.slug == slug for s in cfg.sources):
        raise UsageError(f"{path}: a source {slug!r} exists already (line {cfg.source(slug).line}); "
                         f"`policydiff sources remove {slug}` first")
    is_url = url.lower().startswith(("http://", "https://"))
    if not is_url:
        _check_path_argument(url)
    fields: list[tuple[str, object]] = [("slug", slug)]
    if name:
        fields.append(("name", name))
    fields.append(("url", url) if is_url else ("path", str(Path(url).expanduser().resolve())))  # as the user meant it: from here
    for key, value in (("selector", selector), ("render", render), ("wait_for", wait_for)):
        if value:
            fields.append((key, value))
    if allow_private:
        fields.append(("allow_private", True))
    if tags:
        fields.append(("tags", list(tags)))
    if alerts is not None:
        fields.append(("alerts", list(alerts)))
    block = "[[source]]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in fields)
    sep = "" if not text else ("\n" if text.endswith("\n\n") else "\n\n" if text.endswith("\n") else "\n\n\n")
    try:
        new_cfg = _replace(path, text + sep + block)
    except ConfigError as exc:  # what the command line asked for does not make a valid source
        raise UsageError(redact_urls(str(exc)).replace(url, redact_url(url))) from None
    return new_cfg.source(slug)


def _encodable(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (a lone surrogate from a mis-decoded argument cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_path_argument(location: str) -> None:
    """A location that is not http(s): a URL of another scheme (or a typo such as ``htp://``) is
    refused, and so is a file that does not exist; both in one line, before anything is written."""
    problem = scheme_problem(location)
    if problem is not None:
        raise UsageError(problem)
    target = Path(location).expanduser()
    if not target.is_file():
        raise UsageError(f"{location}: no such file (give an http(s) URL or an existing file's path)")


def remove(path: Path, slug: str) -> None:
    """Delete the ``[[source]]`` of ``slug`` and the comment lines written right above it."""
    text = _read(path)
    cfg = config_parse.loads(text, path=path)
    if not any(s.slug == slug for s in cfg.sources):
        raise UsageError(f"{path}: no source {slug!r} (see `policydiff sources list`)")
    lines = text.splitlines(keepends=True)
    index = [s.slug for s in cfg.sources].index(slug)
    heads = [i for i, line in enumerate(lines) if _SOURCE_HEADER.match(line)]
    start = heads[index]
    end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1  # the next table's own comment, and the blank line before it, stay
    while start > 0 and lines[start - 1].lstrip().startswith("#"):
        start -= 1  # this table's comment goes with it
    out = re.sub(r"\n{3,}", "\n\n", "".join(lines[:start] + lines[end:]))
    if text.endswith("\n"):
        out = out.rstrip("\n") + "\n"  # the blank line `add` put before the table goes with it
    _replace(path, out)


@dataclass
class Preview:
    """What a check would record for a source now."""

    source: Source
    title: str
    text: str
    stated_dates: dict[str, str | None]
    categories: list[tuple[str, str]]  # (key, the policy's wording)
    category_source: str  # "policy" or "default"
    http_status: int | None = None
    final_url: str | None = None
    problems: list[str] = field(default_factory=list)  # why a check would refuse it


def _title(data: bytes, text: str) -> str:
    """The HTML page's <title>, else the text's first line."""
    if b"<title" in data[:65536].lower():
        import lxml.html  # already loaded by the HTML extraction

        try:
            found = (lxml.html.document_fromstring(data).findtext(".//title") or "").strip()
        except Exception:  # noqa: BLE001 - the title is a courtesy
            found = ""
        if found:
            return found
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def preview(cfg: Config, slug: str) -> Preview:
    """Fetch and extract ``slug`` as ``check`` would; judge it; record nothing."""
    source = cfg.source(slug)
    d = cfg.defaults
    fetched = fetch_source(source, retries=d.retries, user_agent=d.user_agent)
    prepared = snapshot_mod.prepare(fetched.data, source.location, fetched.content_type, charset=fetched.charset,
                                    selector=source.selector, remove=source.remove)
    text = prepared.raw.text
    problems = []
    try:
        check_plausible_policy(text, None, d.max_shrink, source=source.location)
    except PolicyDiffError as exc:  # a refusal is what the preview reports
        problems.append(str(exc))
    cats = policy_categories(read_tree(RawText(text, source.slug)))  # as `check` compares the recorded text
    return Preview(
        source=source, title=_title(fetched.data, text), text=text, stated_dates=stated(text),
        categories=[(c.key, c.wording) for c in cats.categories], category_source=cats.source,
        http_status=fetched.http_status, final_url=fetched.final_url, problems=problems,
    )
