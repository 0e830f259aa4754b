"""What the website is built from: the archive's policies with their sources-file names and tags,
last check and failures, and feeds (``report.site`` reads none of these itself).

``site_policies(store)`` reads each policy's index (never its texts: the site reads a text only
when the policy's pages must be rebuilt) and ``build(store, out, …)`` builds the site, so
``policydiff site`` and ``policydiff check --site`` share one path.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from policydiff.archive import state
from policydiff.archive.layout import Version
from policydiff.archive.versions import Archive
from policydiff.errors import ArchiveError, ConfigError
from policydiff.report.site import BuildResult, SitePolicy, SiteVersion, build_site
from policydiff.watch.config import SOURCES_FILE
from policydiff.watch.sinks.feeds import FEEDS_DIR, tag_file

_OPENED: dict[tuple[int, str], Archive] = {}
_READ: dict[tuple[int, str, str], list[Version]] = {}


def _opened(path: str) -> Archive:
    """This process's reader of the archive at ``path`` (a forked worker opens its own: a git
    reader process cannot be shared)."""
    key = (os.getpid(), path)
    if key not in _OPENED:
        _OPENED[key] = Archive.open(path)
    return _OPENED[key]


@dataclass
class PolicyReader:
    """Reads one policy's versions and texts in whichever process builds its pages (it pickles
    as the archive's path and the slug)."""

    archive: str
    slug: str

    def _read(self) -> list[Version]:
        key = (os.getpid(), self.archive, self.slug)
        if key not in _READ:
            _READ.clear()  # one policy at a time: the texts of the one being built
            _READ[key] = _opened(self.archive).versions(self.slug)
        return _READ[key]

    def versions(self) -> list[SiteVersion]:
        """The versions; the newest says when `reextract` rebuilt its text (the tip's meta.json)."""
        out = [_site_version(v) for v in self._read()]
        store = _opened(self.archive)
        tip_meta = store.store.blob(f"{store.tip()}:{self.slug}/meta.json")
        if out and tip_meta is not None:
            when = json.loads(tip_meta.decode("utf-8")).get("reextracted_at")
            out[-1].reextracted = str(when) if when else None
        return out

    def text(self, sv: SiteVersion) -> str:
        store = _opened(self.archive)
        for v in self._read():
            if v.index == sv.index and v.commit == sv.commit:
                return store.text(v)
        raise ArchiveError(f"{self.slug}: version {sv.index} ({sv.commit[:10]}) is no longer in the archive")


def _site_version(v: Version) -> SiteVersion:
    stated = v.meta.get("stated_dates") or {}
    return SiteVersion(index=v.index, commit=v.commit, fetched=v.date.isoformat(), updated=stated.get("updated"),
                       effective=stated.get("effective"), source=str(v.meta.get("source") or ""),
                       technical=bool(v.meta.get("technical")))


def _sources(store: Archive) -> dict[str, tuple[str, list[str]]]:
    """slug → (name, tags) from the archive's sources file; {} when there is none or it is invalid
    (the site still shows every policy; `policydiff check` is where a bad sources file is reported)."""
    path = store.path / SOURCES_FILE
    if not path.is_file():
        return {}
    from policydiff.watch.config_parse import load

    try:
        config = load(path)
    except ConfigError:
        return {}
    return {s.slug: (s.name, list(s.tags)) for s in config.sources}


def site_policies(store: Archive) -> tuple[list[SitePolicy], dict[str, str]]:
    """Every policy of the archive as the site reads it (its versions read only if its pages are
    rebuilt: ``key`` says whether they must be), and the tag feeds (tag → file)."""
    sources = _sources(store)
    states = state.load_state(store.path)
    feeds = store.path / FEEDS_DIR
    out = []
    for slug, key in sorted(store.policy_keys().items()):
        name, tags = sources.get(slug, ("", []))
        st = states.get(slug)
        last = state.last_check(st)
        feed = feeds / f"{slug}.atom"
        reader = PolicyReader(str(store.path), slug)
        out.append(SitePolicy(
            slug=slug, versions=None, read_versions=reader.versions, read_text=reader.text, key=key, name=name, tags=tags,
            last_check=last.get("last_check"), last_result=str(last.get("result") or ""),
            failing=bool(st is not None and st.failures > 0), feed=str(feed) if feed.is_file() else None,
        ))
    tag_feeds = {t: str(feeds / tag_file(t)) for p in out for t in p.tags if (feeds / tag_file(t)).is_file()}
    return out, tag_feeds


def build(store: Archive, out: str | Path, *, lang: str = "zh", base_url: str | None = None, all_pairs: bool = False,
          force: bool = False) -> BuildResult:
    """Build or bring up to date the website of ``store`` in ``out``."""
    policies, tag_feeds = site_policies(store)
    return build_site(policies, out, lang=lang, base_url=base_url, all_pairs=all_pairs, tag_feeds=tag_feeds, force=force)
