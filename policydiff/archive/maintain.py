"""Keeping the archive current: re-extract stored sources with today's extractor; import a folder
of dated versions (idempotent: a text equal to its neighbour is not recorded again).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from policydiff.archive.batch import remap_versions
from policydiff.archive.layout import SnapshotResult, aware, dump, iso, sha256, stated, validate_slug
from policydiff.archive.snapshot import CAS_ATTEMPTS
from policydiff.errors import ArchiveError, InputError
from policydiff.text.extract import EXTRACTOR_VERSION
from policydiff.text.read import read_bytes
from policydiff.text.sniff import MEDIA_OF_EXTENSION

if TYPE_CHECKING:
    from policydiff.archive.versions import Archive


def reextract(archive: Archive) -> int:
    """Rebuild every policy's current policy.txt from its stored raw source with today's extractor,
    in one new commit (history untouched); return how many texts changed."""
    for _attempt in range(CAS_ATTEMPTS):
        tip = archive.tip()
        folders: dict[str, str] = {}
        for mode, slug, tree_sha in archive.store.tree_entries(tip):
            if not mode.startswith("40"):
                continue
            entries = {name: (m, sha) for m, name, sha in archive.store.tree_entries(tree_sha)}
            meta_blob = archive.store.blob(f"{tip}:{slug}/meta.json")
            if meta_blob is None:
                continue
            meta = json.loads(meta_blob.decode("utf-8"))
            raw_name = meta.get("raw_file")
            if raw_name not in entries:
                continue
            data = archive.store.blob(entries[raw_name][1]) or b""
            try:
                raw = read_bytes(data, meta.get("source") or raw_name, meta.get("media_type"),
                                        charset=None if meta.get("media_type") == "text/plain" else meta.get("encoding"),
                                        selector=meta.get("selector"), remove=meta.get("remove") or ())
            except InputError:
                continue  # keep the old text rather than lose one
            old = archive.store.blob(entries["policy.txt"][1]) if "policy.txt" in entries else None
            new = raw.text.encode("utf-8")
            if old == new:
                continue
            meta.update(text_sha256=sha256(new), text_chars=len(raw.text), encoding=raw.encoding,
                        extractor=f"policydiff.extract {EXTRACTOR_VERSION}",
                        reextracted_at=iso(aware(None)), stated_dates=stated(raw.text))
            text_sha, meta_sha = archive.store.hash_blobs([new, dump(meta)])
            entries["policy.txt"] = ("100644", text_sha)
            entries["meta.json"] = ("100644", meta_sha)
            folders[slug] = archive.store.write_tree([(m, name, sha) for name, (m, sha) in entries.items()])
        if not folders:
            return 0
        when = aware(None)
        message = (f"Re-extract {len(folders)} policy text(s) with policydiff.extract {EXTRACTOR_VERSION}\n\n"
                   "Raw sources unchanged; earlier versions keep the text extracted when they were recorded.\n\n"
                   f"Policies: {', '.join(sorted(folders))}\n")
        commit = archive.store.commit_trees(tip, folders, message, when)
        if archive.cas(tip, commit, None):
            return len(folders)
    raise ArchiveError(f"reextract: main kept moving ({CAS_ATTEMPTS} attempts)")

def import_folder(archive: Archive, path: str | Path, slug: str | None = None) -> list[SnapshotResult]:
    """Import a folder of dated versions (``YYYY-MM-DD*.ext`` or ``vN.ext``), oldest first,
    each committed at the date its name gives (``vN`` files: the date the text states, else now)."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    slug = validate_slug(slug if slug is not None else folder.name.lower())
    items: list[tuple[datetime, int, Path]] = []
    undated: list[tuple[int, Path]] = []
    for p in sorted(folder.iterdir()):
        if not p.is_file() or p.suffix.lower().lstrip(".") not in MEDIA_OF_EXTENSION:
            continue
        m = re.match(r"^(\d{4}-\d{2}-\d{2})", p.name)
        v = re.match(r"^v(\d+)\.", p.name, re.IGNORECASE)
        if m:
            try:
                day = datetime.fromisoformat(m.group(1)).replace(tzinfo=timezone.utc)
            except ValueError:
                continue
            items.append((day, 0, p))
        elif v:
            undated.append((int(v.group(1)), p))
    if not items and not undated:
        raise InputError(f"{folder}: no dated versions (YYYY-MM-DD*.txt|html|pdf|docx or vN.txt)")
    items.sort(key=lambda t: (t[0], t[2].name))
    last = items[-1][0] if items else None
    for n, p in sorted(undated):
        said = stated(read_bytes(p.read_bytes(), str(p)).text)
        guess = said.get("effective") or said.get("updated")
        when = datetime.fromisoformat(guess).replace(tzinfo=timezone.utc) if guess else aware(None)
        if last is not None and when <= last:
            when = last + timedelta(seconds=1)  # keep vN order when the stated dates do not
        items.append((when, n, p))
        last = when
    items.sort(key=lambda t: (t[0], t[1], t[2].name))
    results = []
    with archive.batch() as pending:  # one commit per version, one ref update for the import
        for when, _n, p in items:
            media = MEDIA_OF_EXTENSION[p.suffix.lower().lstrip(".")]
            results.append(archive.snapshot(slug, p.read_bytes(), source=str(p), media_type=media,
                                            fetched_at=when, max_shrink=None))
    remap_versions(pending, [v for r in results for v in (r.version, r.previous)])
    return results
