"""The archive's layout: folder names, the per-policy index and meta.json, commit messages, slugs.

One folder per policy on branch ``main``: ``<slug>/{source.<ext>, policy.txt, meta.json,
versions.json}``. ``versions.json`` is the per-policy index (so ``log``/``show`` never walk
history) and ``refs/policies/<slug>`` names the commit of the newest recorded version.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from policydiff import regex_cache
from policydiff.errors import ArchiveError
from policydiff.lexicon.labels import DATE_NAMES
from policydiff.text.dates import stated_dates

ARCHIVE_ENV = "POLICYDIFF_ARCHIVE"
REPO_DIR = "versions.git"
BRANCH = "refs/heads/main"
POLICY_REFS = "refs/policies/"
ZERO = "0" * 40
# The one slug rule (sources.toml and the archive both use it): a safe folder and ref name.
SLUG_RE = regex_cache.compile(r"\A[a-z0-9][a-z0-9._-]{0,79}\Z")
SLUG_RULE = "lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, at most 80, no '..'"
SOURCE_EXT_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_OF_EXT = {"html": "text/html", "htm": "text/html", "pdf": "application/pdf", "txt": "text/plain",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
IDENTITY = {"GIT_AUTHOR_NAME": "policydiff", "GIT_AUTHOR_EMAIL": "policydiff@localhost",
            "GIT_COMMITTER_NAME": "policydiff", "GIT_COMMITTER_EMAIL": "policydiff@localhost"}
CAS_ATTEMPTS = 200  # lost races before giving up (each costs a few ms)
STALE_LOCK_SECONDS = 10.0  # a ref lock older than this was left by a killed git process
ROOT_README = """# policydiff archive

One folder per tracked policy; every commit on `main` records ONE new version of ONE policy.

    <slug>/source.<ext>   the raw source as received (html, pdf, docx or txt)
    <slug>/policy.txt     the text extracted from it
    <slug>/meta.json      where and when it was fetched, encodings, sha256 sums, stated dates
    <slug>/versions.json  every version of the policy so far (the index `policydiff log` reads)

    git log -- <slug>/                  the versions of one policy
    git show <commit>:<slug>/policy.txt  one version's text
"""


def default_archive_path() -> Path:
    """The archive folder: ``$POLICYDIFF_ARCHIVE`` or ``./archive``."""
    return Path(os.environ.get(ARCHIVE_ENV) or "archive")


def slug_problem(slug: object) -> str | None:
    """Why ``slug`` is not a valid policy slug, or None when it is.

    >>> slug_problem("kuaishou-shop") is None
    True
    >>> slug_problem("a/../b")
    "use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, at most 80, no '..'"
    """
    if not isinstance(slug, str) or not SLUG_RE.match(slug) or ".." in slug or slug.endswith((".lock", ".")):
        return f"use {SLUG_RULE}"
    return None


def validate_slug(slug: str) -> str:
    """Return ``slug`` when it is a safe folder and ref name; ArchiveError otherwise."""
    problem = slug_problem(slug)
    if problem is not None:
        raise ArchiveError(f"bad policy slug {slug!r}: {problem}")
    return slug


@dataclass
class Version:
    """One recorded version of a policy.

    ``index`` is its name: the per-policy sequence number it was first recorded (and reported)
    under, which a backfill never shifts; ``position`` is its 1-based place in date order.
    ``commit`` is always the commit that recorded it.
    """

    slug: str
    index: int
    commit: str
    date: datetime
    meta: dict[str, Any] = field(repr=False)
    size: int  # bytes of the raw source
    position: int = 0

    @property
    def short(self) -> str:
        return self.commit[:10]


@dataclass
class SnapshotResult:
    """What a snapshot did: recorded a new version, or not and why."""

    recorded: bool
    version: Version | None
    reason: str
    previous: Version | None = None
    # a recorded version's text and its previous version's, as the archive now returns them (None:
    # not at hand, ask the archive): what a compare of the two needs without reading them back
    text: str | None = None
    previous_text: str | None = None


@dataclass
class PolicySummary:
    """One line of ``policydiff list``."""

    slug: str
    versions: int
    last_change: datetime | None
    last_check: datetime | None
    last_result: str | None = None


def iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def versions_from(slug: str, entries: list[dict[str, Any]], head: str | None) -> list[Version]:
    """The versions a policy's index lists (``entries``, oldest first); an entry without its
    commit (the newest, whose commit could not name itself) gets ``head``, the commit that wrote it."""
    out = []
    for i, entry in enumerate(entries, 1):
        commit = entry.get("commit") or head or ""
        # archives written before sequence numbers: the name is the place in date order
        seq = int(entry.get("seq") or i)
        out.append(Version(slug=slug, index=seq, commit=commit, date=parse_dt(entry["date"]),
                           meta=entry, size=int(entry.get("raw_size", 0)), position=i))
    return out


def parse_dt(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def aware(dt: datetime | None) -> datetime:
    if dt is None:
        return datetime.now(timezone.utc).replace(microsecond=0)
    return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).replace(microsecond=0)



# The compatibility characters Chinese policies use (Unicode blocks: full-width forms, the
# ideographic space, the ellipsis, circled and Roman numerals, small form variants, Kangxi
# radicals), each mapped once to its compatibility decomposition (NFKD).
_COMPAT_RANGES = ((0xFF01, 0xFF5E), (0x3000, 0x3000), (0x2026, 0x2026), (0x2460, 0x2473), (0x2160, 0x217F),
                  (0xFE50, 0xFE6B), (0x2F00, 0x2FD5))
_COMPAT_CHARS = "".join(chr(c) for lo, hi in _COMPAT_RANGES for c in range(lo, hi + 1))
_COMPAT = regex_cache.compile("[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _COMPAT_RANGES) + "]")
_COMPAT_TABLE = {c: unicodedata.normalize("NFKD", c) for c in _COMPAT_CHARS}


def archive_key(text: str) -> str:
    """What "unchanged" means for the archive: the text up to width and whitespace (NFKC, no
    spaces or line breaks). Stricter than the compare core's key on purpose: a changed web
    address alone is still a new version to keep, even though compare does not report it.

    Exactly ``"".join(unicodedata.normalize("NFKC", text).split())``, about five times faster
    on a policy: the common compatibility characters are first replaced by their decomposition
    (which leaves the text's NFKC as it was), and what is then already NFKC (the quick check,
    most policies) is not normalized again.

    >>> archive_key("第一条　个人信息（含手机号）…\\n① 保存")
    '第一条个人信息(含手机号)...1保存'
    """
    mapped = text
    # each distinct one replaced at once (a policy holds a few kinds, hundreds of times: a
    # callback per occurrence cost twice as much); no decomposition holds another one, so order is free
    for char in set(_COMPAT.findall(text)):
        mapped = mapped.replace(char, _COMPAT_TABLE[char])
    if not unicodedata.is_normalized("NFKC", mapped):
        mapped = unicodedata.normalize("NFKC", mapped)
    return "".join(mapped.split())


def stated(text: str) -> dict[str, str | None]:
    """The dates a text states, as meta.json records them."""
    return stated_dates(text).as_dict()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dump(obj: object) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def dump_index(slug: str, entries: list[dict[str, Any]]) -> bytes:
    """versions.json with one version per line: small, and a new version is a one-line diff."""
    lines = ",\n".join("  " + json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entries)
    return f'{{"policy": {json.dumps(slug)}, "versions": [\n{lines}\n]}}\n'.encode()


def message(slug: str, index: int, count: int, when: datetime, stated: dict[str, str | None] | None,
             source: str, raw_sha: str, technical: str | None = None) -> str:
    """Commit message: the policy, its version number and the dates; trailers carry the source."""
    dates = []
    if stated:
        for key in ("updated", "effective", "published"):
            if stated.get(key):
                dates.append(f"{DATE_NAMES[key]} {stated[key]}")
    subject = f"{slug}: version {index} of {count}, fetched {when.date().isoformat()}"
    body = ("Stated in the text: " + ", ".join(dates)) if dates else "No 更新日期/生效日期 stated in the text."
    source_line = source.replace("\n", " ")
    if technical:  # the same source bytes, a new text: how the text is taken changed, not the policy
        subject += " (technical re-recording)"
        body += (f"\n\nTechnical re-recording: the source is byte-identical to the previous version; the text "
                 f"changed because the {technical} changed. Not a policy change; no alert.")
    trailer = f"Technical: {technical}\n" if technical else ""
    return f"{subject}\n\n{body}\n\nPolicy: {slug}\nSource: {source_line}\nSha256: {raw_sha}\n{trailer}"

