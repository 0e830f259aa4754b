"""What the website is built from, and what it remembers between builds.

The site never reads the archive itself (``report`` and ``archive`` are sibling layers): the
caller (``cli.site``) hands it one ``SitePolicy`` per policy, the versions' index only, with a
function that reads a version's text when the policy must be rebuilt. What a build learnt about a
policy (its title, each change and its verdict, what to search) is a ``Digest``, kept in the
site's manifest so an incremental build rebuilds only the policies whose versions changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class SiteVersion:
    """One recorded version, as the archive's per-policy index describes it."""

    index: int  # the number it was recorded under (``show SLUG 2``)
    commit: str
    fetched: str  # ISO date-time of the fetch (or of --date when backfilled)
    updated: str | None = None  # stated 更新日期, ISO date
    effective: str | None = None  # stated 生效日期, ISO date
    source: str = ""
    technical: bool = False  # recorded because text extraction changed, not the policy
    reextracted: str | None = None  # ISO time `policydiff reextract` rebuilt this (newest) version's text


@dataclass
class SitePolicy:
    """One policy of the archive with what the sources file and the run state say about it."""

    slug: str
    versions: list[SiteVersion] | None  # None: read by ``read_versions`` when the pages are rebuilt
    read_text: Callable[[SiteVersion], str]
    key: str = ""  # the archive's own fingerprint of the policy's files (when given, versions need not be read)
    read_versions: Callable[[], list[SiteVersion]] | None = None
    name: str = ""  # the sources file's name, when the text names no title
    tags: list[str] = field(default_factory=list)
    last_check: str | None = None  # ISO date-time
    last_result: str = ""  # "recorded", "unchanged", "refused: …", "failed: …"
    failing: bool = False
    feed: str | None = None  # path of the policy's Atom feed in the archive, when there is one

    def fingerprint(self, options: str) -> str:
        """What decides the policy's pages: its files (``key``) or versions, name and tags, and the build options."""
        versions = self.key or [asdict(v) for v in self.versions or []]
        data = json.dumps([versions, self.name, sorted(self.tags), bool(self.feed), options],
                          ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


    def loaded(self) -> list[SiteVersion]:
        """The versions, read now when they were left for later."""
        if self.versions is None:
            self.versions = self.read_versions() if self.read_versions is not None else []
        return self.versions


@dataclass
class ChangeDigest:
    """One change between consecutive versions: its verdict and where its report is."""

    old: int
    new: int
    verdict: str  # "material", "changed", "silent", "technical", "none"
    silent: bool
    summary: list[str]
    disclosure: str
    report: str  # file name inside the policy's folder
    date: str  # the newer version's stated (else fetch) date


@dataclass
class Digest:
    """What a build learnt about one policy (kept in the manifest between builds)."""

    slug: str
    title: str
    versions: int
    changes: list[ChangeDigest]
    search: str  # the words the search page matches (title, facts of the current version, summaries)
    last_change: str | None = None  # date of the newest change that is not a technical re-recording
    last_verdict: str = "single"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Digest:
        changes = [ChangeDigest(**c) for c in data.get("changes", [])]
        return cls(**{**data, "changes": changes})
