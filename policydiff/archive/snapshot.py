"""The one path from bytes to a recorded version: sniff → extract → refuse → store.

``policydiff snapshot``, ``policydiff check`` and its dry run all come through ``prepare`` (what the
bytes are and say) and ``unchanged`` (the one meaning of "nothing new"); ``record`` then lands
the version with a compare-and-swap of ``main``, retried on a lost race.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from policydiff.archive.layout import (
    SnapshotResult,
    Version,
    archive_key,
    aware,
    dump,
    dump_index,
    iso,
    message,
    sha256,
    stated,
    validate_slug,
    versions_from,
)
from policydiff.archive.refuse import check_plausible_policy
from policydiff.errors import ArchiveError
from policydiff.model import RawText
from policydiff.text.extract import EXTRACTOR_VERSION
from policydiff.text.read import read_bytes
from policydiff.text.safety import redact_url
from policydiff.text.sniff import EXTENSION
from policydiff.version import __version__

if TYPE_CHECKING:
    from policydiff.archive.layout import Version
    from policydiff.archive.versions import Archive

CAS_ATTEMPTS = 200  # lost races before giving up (each costs a few ms)


@dataclass
class Prepared:
    """What a source's bytes are and say: the extracted text, its media type, its archive key
    (computed when first asked for: a first version has nothing to compare with)."""

    raw: RawText
    extension: str

    @cached_property
    def key(self) -> str:
        return archive_key(self.raw.text)

    @cached_property
    def key_sha256(self) -> str:
        """The comparison key's digest, kept in the version index: a later text is matched
        against every stored version without reading their texts."""
        return sha256(self.key.encode("utf-8"))


def prepare(data: bytes, source: str, declared: str | None = None, *, charset: str | None = None,
            selector: str | None = None, remove: Sequence[str] = ()) -> Prepared:
    """Sniff and extract ``data`` (the one media-type rule of ``text.sniff``)."""
    raw = read_bytes(data, source, declared, charset=charset, selector=selector, remove=remove)
    return Prepared(raw, EXTENSION.get(raw.media_type, "bin"))


def unchanged(previous_text: str | None, prepared: Prepared) -> bool:
    """The one meaning of "nothing new": equal to the previous text up to width and whitespace."""
    return previous_text is not None and archive_key(previous_text) == prepared.key


def unchanged_from(version: Version, text: str, prepared: Prepared) -> bool:
    """``unchanged(text, prepared)`` for a stored version's ``text``, without normalizing it again
    when its index entry holds the key digest of exactly that text (the entry's ``text_sha256``:
    a re-extraction since then changed the text, not the entry, so then the text is normalized)."""
    known = version.meta.get("key_sha256")
    if isinstance(known, str) and version.meta.get("text_sha256") == sha256(text.encode("utf-8")):
        return known == prepared.key_sha256
    return unchanged(text, prepared)


def key_digest(archive: Archive, version: Version, tip: str) -> str:
    """A stored version's comparison-key digest: from its index entry, else from its text."""
    known = version.meta.get("key_sha256")
    if isinstance(known, str):
        return known
    text = archive.text_at(version, tip, latest=False)
    return sha256(archive_key(text).encode("utf-8"))


def same_text_as(archive: Archive, versions: Sequence[Version], prepared: Prepared, tip: str) -> Version | None:
    """The newest stored version whose text equals ``prepared``'s (up to width and whitespace), or None."""
    for version in reversed(versions):
        if key_digest(archive, version, tip) == prepared.key_sha256:
            return version
    return None


def record(
    archive: Archive,
    slug: str,
    data: bytes,
    *,
    source: str,
    media_type: str | None = None,
    fetched_at: datetime | None = None,
    http_status: int | None = None,
    content_type: str | None = None,
    charset: str | None = None,
    max_shrink: float | None = 0.5,
    selector: str | None = None,
    final_url: str | None = None,
    remove: Sequence[str] = (),
    before_write: Callable[[Version | None], None] | None = None,
) -> SnapshotResult:
    """Record ``data`` as a new version of ``slug`` unless its text is unchanged.

    One version per distinct text: a text equal to the version it would follow (or precede) is
    ``unchanged``; equal to any other stored version it is ``returned`` (the result's
    ``previous`` is that version: a page flipping between two texts, a rollback, a re-import
    whatever its dates), and nothing is written. Refuses (FetchError/InputError, nothing written) what does not extract or is not a
    plausible policy, or shrank by more than ``max_shrink`` against the version before it.
    ``before_write`` is called with the version the new one will follow (None: a first version)
    once it is known to be new and plausible, before any of it is written (again on each lost
    race): ``check`` puts its outbox intent there, so a text that records nothing costs none.
    Long on purpose: the compare-and-swap loop rebuilds the version on each new tip.
    """
    validate_slug(slug)
    # what is recorded (meta.json, versions.json, the commit message) never holds a credential
    source = redact_url(source)
    final_url = redact_url(final_url) if final_url else final_url
    when = aware(fetched_at)
    prepared = prepare(data, source, media_type, charset=charset, selector=selector, remove=remove)
    raw, text, ext = prepared.raw, prepared.raw.text, prepared.extension
    base_meta = _meta(slug, source, final_url, when, http_status, content_type, raw, selector, ext, data)
    if remove:
        base_meta["remove"] = list(remove)  # so `reextract` drops the same elements
    for _attempt in range(CAS_ATTEMPTS):
        tip = archive.tip()
        versions = archive.versions_at(slug, tip)
        # The version just before this one in date order is what "unchanged" and "shrank" compare with.
        pos = sum(1 for v in versions if v.date <= when)
        previous = versions[pos - 1] if pos else None
        following = versions[pos] if pos < len(versions) else None
        prev_text = None
        # equal to the version it would follow, or (a backfill) to the one it would precede: nothing new
        for neighbour in (previous, following):
            if neighbour is None:
                continue
            neighbour_text = archive.text_at(neighbour, tip, latest=neighbour.meta.get("commit") is None)
            if neighbour is previous:
                prev_text = neighbour_text
            if unchanged_from(neighbour, neighbour_text, prepared):
                archive.note_check(slug, "unchanged")
                return SnapshotResult(False, None, "unchanged", neighbour)
        earlier = same_text_as(archive, [v for v in versions if v is not previous and v is not following], prepared, tip)
        if earlier is not None:
            archive.note_check(slug, f"returned to #{earlier.index}")
            return SnapshotResult(False, None, "returned", earlier)
        check_plausible_policy(text, prev_text, max_shrink, source=source)
        technical = technical_reason(archive, previous, base_meta) if previous is not None else None
        if before_write is not None:
            before_write(previous)
        entries = [dict(v.meta, commit=v.commit, seq=v.index) for v in versions]
        seq = max((v.index for v in versions), default=0) + 1  # its name: never reused, never shifted
        entry = {k: base_meta[k] for k in ("source", "fetched_at", "raw_file", "raw_size", "raw_sha256",
                                            "text_sha256", "text_chars")}
        entry = {"date": iso(when), "seq": seq, **entry, "key_sha256": prepared.key_sha256,
                 "stated_dates": base_meta["stated_dates"], "commit": None}
        if technical:
            entry["technical"] = technical
        entries.insert(pos, entry)
        meta = dict(base_meta, version=seq, **({"technical": technical} if technical else {}))
        files = {
            f"source.{ext}": data,
            "policy.txt": text.encode("utf-8"),
            "meta.json": dump(meta),
            "versions.json": dump_index(slug, entries),
        }
        msg = message(slug, seq, len(entries), when, base_meta["stated_dates"], source, base_meta["raw_sha256"], technical)
        commit = archive.store.commit_folder(tip, slug, files, msg, when)
        if archive.cas(tip, commit, slug):
            archive.note_check(slug, "recorded")
            # the index just written, as versions_at(slug, commit) would read it back (its new entry's commit: this one)
            new_versions = versions_from(slug, json.loads(files["versions.json"])["versions"], commit)
            # the previous version as the new tip records it (its own commit, not "the newest"), and
            # its text as read above when that is the text of its own commit (not re-extracted since)
            before = new_versions[pos - 1] if pos else None
            own = prev_text if before is not None and prev_text is not None and \
                before.meta.get("text_sha256") == sha256(prev_text.encode("utf-8")) else None
            return SnapshotResult(True, new_versions[pos], "recorded", before, text=text, previous_text=own)
        time.sleep(0.002 + 0.01 * (_attempt % 5) * os.urandom(1)[0] / 255)
    raise ArchiveError(f"{slug}: could not record the version: main kept moving ({CAS_ATTEMPTS} attempts)")


def technical_reason(archive: Archive, previous: Version, meta: dict[str, Any]) -> str | None:
    """Why a new text of byte-identical source bytes is a technical re-recording, not a policy
    change: "extractor", "selector" or "remove" (what differs from the previous version's
    meta.json), "extraction" when none is recorded; None when the source bytes differ.

    The bytes the site sent are the same, so the policy is: only how its text is taken changed.
    """
    if not previous.meta.get("raw_sha256") or previous.meta.get("raw_sha256") != meta["raw_sha256"]:
        return None
    try:
        before = archive.meta(previous)
    except ArchiveError:
        return "extraction"
    for key in ("extractor", "selector", "remove"):
        if (before.get(key) or None) != (meta.get(key) or None):
            return key
    return "extraction"


def _meta(slug: str, source: str, final_url: str | None, when: datetime, http_status: int | None,
          content_type: str | None, raw: RawText, selector: str | None, ext: str, data: bytes) -> dict[str, Any]:
    """meta.json of a version (its ``version`` number is set once its place is known)."""
    text = raw.text
    return {
        "policy": slug,
        "source": source,
        "final_url": final_url if final_url and final_url != source else None,
        "fetched_at": iso(when),
        "http_status": http_status,
        "content_type": content_type,
        "media_type": raw.media_type,
        "encoding": raw.encoding,
        "selector": selector,
        "raw_file": f"source.{ext}",
        "raw_size": len(data),
        "raw_sha256": sha256(data),
        "text_sha256": sha256(text.encode("utf-8")),
        "text_chars": len(text),
        "stated_dates": stated(text),
        "extractor": f"policydiff.extract {EXTRACTOR_VERSION}",
        "policydiff": __version__,
    }
