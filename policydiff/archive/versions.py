"""The archive: every published version of every tracked policy, nothing rewritten.

``Archive`` opens the bare repository ``<archive>/versions.git`` (``archive.store``) and reads
its policies and versions (``archive.layout`` describes the folders). Recording goes through
``archive.snapshot`` (the one path from bytes to a version), re-extraction and imports through
``archive.maintain``; ``archive/README.md`` documents the layout for people and plain git.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date as date_type
from datetime import datetime
from pathlib import Path
from typing import Any

from policydiff.archive import batch as batch_mod
from policydiff.archive import maintain, moving_refs, snapshot, state
from policydiff.archive.layout import (
    BRANCH,
    POLICY_REFS,
    REPO_DIR,
    ROOT_README,
    PolicySummary,
    SnapshotResult,
    Version,
    aware,
    default_archive_path,
    parse_dt,
    validate_slug,
    versions_from,
)
from policydiff.archive.store import GitStore
from policydiff.errors import ArchiveError
from policydiff.model import RawText


def _stated(v: Version) -> dict[str, str]:
    """The dates a version states (updated, effective …), ISO days."""
    stated = v.meta.get("stated_dates") or {}
    return {k: str(val) for k, val in stated.items() if val}


def _damaged(git_dir: Path, path: str, commit: str) -> str:
    git = f"git --git-dir {git_dir}"
    return (f"{path} at commit {commit[:10]} is missing or damaged, so nothing is recorded on top of it; "
            f"`{git} fsck` names the damaged objects: restore them from a clone of the shared remote or a backup "
            f"(`{git} fetch <clone>`), or move main back to a sound commit (`{git} reflog main`)")


def no_archive(base: Path) -> str:
    """Why there is no archive at ``base``, and what to do: inside an archive folder (the
    default ``./archive`` looked for below it), point at the one here, never `init` a nested one."""
    here = base.resolve().parent if not base.is_absolute() else None
    if here is not None and (here / REPO_DIR / "HEAD").exists() and base.resolve() == here / base.name:
        return (f"no archive at {base}, but this folder is one: run from its parent folder, "
                "or pass `--archive .` (or set POLICYDIFF_ARCHIVE)")
    return f"no archive at {base}; run `policydiff init` (or pass --archive, or set POLICYDIFF_ARCHIVE)"


class Archive:
    """A policy archive folder holding the bare repository ``versions.git``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.git_dir = self.path / REPO_DIR
        if not (self.git_dir / "HEAD").is_file() or not (self.git_dir / "objects").is_dir():
            raise ArchiveError(no_archive(self.path))
        self.store = GitStore(self.git_dir)
        self._pending: batch_mod.Batch | None = None  # the batch in progress (``batch()``)

    def close(self) -> None:
        """Stop the reader process (also done at exit)."""
        self.store.close()

    @classmethod
    def init(cls, path: str | Path | None = None) -> Archive:
        """Create the archive (idempotent): a bare repository with a first commit holding README.md."""
        base = Path(path) if path is not None else default_archive_path()
        if not (base / REPO_DIR / "HEAD").exists():
            GitStore.create(base / REPO_DIR, ROOT_README, aware(None))
        return cls(base)

    @classmethod
    def open(cls, path: str | Path | None = None) -> Archive:
        """Open an existing archive; ArchiveError when there is none."""
        base = Path(path) if path is not None else default_archive_path()
        if not (base / REPO_DIR / "HEAD").exists():
            raise ArchiveError(no_archive(base))
        return cls(base)

    # -- refs, through the batch's own view while one is open ------------------------------

    def read_ref(self, name: str, *, cached: bool = False) -> str | None:
        """A ref's commit (inside a batch: the batch's own view of main and the policy refs;
        ``cached``: see ``gitrefs.Refs.read_ref``)."""
        if self._pending is not None and name in self._pending.refs:
            return self._pending.refs[name]
        return self.store.read_ref(name, cached=cached)

    def tip(self) -> str:
        """The commit main names (inside a batch: the batch's newest commit)."""
        return self._pending.refs[BRANCH] if self._pending is not None else self.store.tip()

    def cas(self, old: str, new: str, slug: str | None) -> bool:
        """Move main from ``old`` to ``new`` (and the policy's ref); False when it moved meanwhile.
        Inside a batch only the batch's view moves; leaving ``batch()`` lands them all at once."""
        if self._pending is None:
            return self.store.cas(old, new, slug)
        if self.tip() != old:
            return False
        self._pending.refs[BRANCH] = new
        if slug is not None:
            self._pending.refs[POLICY_REFS + slug] = new
        return True

    @contextmanager
    def batch(self) -> Iterator[batch_mod.Batch]:
        """Record many versions with one ref update (``archive.batch``): each snapshot inside
        still makes its own commit, chained in one pack; on leaving, main moves once (replayed
        onto a tip another process moved: ``Batch.remap`` then maps the commit ids handed out to
        the landed ones). An exception inside throws the whole batch away."""
        if self._pending is not None:
            yield self._pending
            return
        base = self.store.tip()
        pending = batch_mod.Batch(base=base, refs={BRANCH: base})
        self._pending = pending
        self.store.begin_batch()
        try:
            yield pending
        except BaseException:
            self._pending = None
            self.store.end_batch(keep=False)
            raise
        self._pending = None
        try:
            batch_mod.land(self.store, pending)
        except BaseException:
            self.store.end_batch(keep=False)  # nothing landed: the pack goes too
            raise
        if pending.notes:
            state.note_checks(self.path, pending.notes)

    def gc_auto(self) -> None:
        """Let git pack loose objects and small packs when it judges there are enough (`git gc --auto`)."""
        if self._pending is None:
            self.store.gc_auto()

    # -- the per-policy index ---------------------------------------------------------------

    def entries(self, slug: str, tip: str, data: bytes | None = None) -> list[dict[str, Any]]:
        """The per-policy index at ``tip`` (``data``: its versions.json, when already read)."""
        if data is None:
            data = self.store.blob(f"{tip}:{slug}/versions.json")
            if data is None and self.store.entry(tip, f"{slug}/versions.json") is not None:
                raise ArchiveError(_damaged(self.store.git_dir, f"{slug}/versions.json", tip))
        if data is None:
            return []
        return self._checked_index(slug, tip, data)[0]

    @staticmethod
    def _checked_index(slug: str, tip: str, data: bytes) -> tuple[list[dict[str, Any]], list[datetime]]:
        """versions.json's entries and their dates, or ArchiveError saying it is damaged."""
        try:
            entries = json.loads(data.decode("utf-8"))["versions"]
            if not isinstance(entries, list):
                raise ValueError("'versions' is not a list")
            dates = [parse_dt(e["date"]) for e in entries]
        except (ValueError, KeyError, TypeError) as exc:
            raise ArchiveError(f"{slug}/versions.json at commit {tip[:10]} is damaged ({type(exc).__name__}: "
                               f"{str(exc)[:80]}); restore it from an earlier commit (git log -- {slug}/versions.json)") from None
        return entries, dates

    def _head_commit(self, slug: str, tip: str) -> str | None:
        """The commit that recorded the newest entry of ``<slug>/versions.json`` at ``tip``.

        ``refs/policies/<slug>`` answers in one read; it is trusted only when its versions.json
        is the tip's, else (a crash between the two ref updates) history answers and the ref is fixed.
        """
        # the index's object ids only (from the trees, which are cached): its text is never read here
        tip_index = self.store.resolve(f"{tip}:{slug}/versions.json")
        if tip_index is None:
            return None
        name = POLICY_REFS + slug
        cached = self.read_ref(name, cached=True)  # checked on the next lines
        if cached is not None and not moving_refs.distrusted(self.store.git_dir, slug):  # a sync left it behind
            # a commit of this batch is read here; one on disk by git, which walks its trees
            # itself (each policy's ref names another commit, whose root tree of every policy
            # this process would otherwise read and index once per policy)
            in_batch = self._pending is not None and name in self._pending.refs
            where = f"{cached}:{slug}/versions.json"
            if (self.store.resolve(where) if in_batch else self.store.git_resolve(where)) == tip_index:
                return cached
        # (inside a batch the tip is not on disk for git yet; an untouched policy's answer is the base's)
        found = self.store.last_commit_touching(tip if self._pending is None else self._pending.base,
                                                f"{slug}/versions.json")
        if not found:
            return None
        if self._pending is None:
            # someone else fixing or moving it meanwhile is fine: the answer stands
            self.store.update_refs([(POLICY_REFS + slug, cached, found)], f"policydiff repair {slug}", timeout=0.5)
        return found

    def settle_moved_refs(self) -> None:
        """Fix the policy refs a sync killed halfway left behind main (``moving_refs``), then forget
        its journal; kept while a ref could not be fixed (a stale lock: the next sync tries again)."""
        names = moving_refs.named(self.store.git_dir)
        if not names:
            return
        tip = self.store.tip()
        every = [n for mode, n, _sha in self.store.tree_entries(tip) if mode.startswith("40")]
        slugs = every if moving_refs.ALL in names else sorted(names & set(every))
        heads = {s: self._head_commit(s, tip) for s in slugs}  # distrusted: history answers, the ref is fixed
        if all(head is None or self.store.read_ref(POLICY_REFS + s) == head for s, head in heads.items()):
            moving_refs.clear(self.store.git_dir)

    def versions_at(self, slug: str, tip: str) -> list[Version]:
        entries = self.entries(slug, tip)
        head = self._head_commit(slug, tip) if any(e.get("commit") is None for e in entries) else None
        return versions_from(slug, entries, head)

    # -- reading ----------------------------------------------------------------------------

    def versions(self, slug: str) -> list[Version]:
        """Every recorded version of a policy, oldest first (by recorded date)."""
        validate_slug(slug)
        return self.versions_at(slug, self.tip())

    def policies(self) -> list[PolicySummary]:
        """Every policy in the archive with its version count, last change and last check."""
        tip = self.tip()
        states = state.load_state(self.path)
        out = []
        folders = [(name, sha) for mode, name, sha in self.store.tree_entries(tip) if mode.startswith("40")]
        # one pipelined pass, each path looked up in its own small folder tree (not the root's)
        indexes = self.store.blobs([f"{sha}:versions.json" for _name, sha in folders])
        for (name, _sha), data in zip(folders, indexes, strict=True):
            entries, dates = self._checked_index(name, tip, data) if data is not None else ([], [])
            last = state.last_check(states.get(name))
            out.append(PolicySummary(
                slug=name,
                versions=len(entries),
                last_change=max(dates, default=None),
                last_check=parse_dt(last["last_check"]) if last.get("last_check") else None,
                last_result=last.get("result"),
            ))
        return out

    def policy_keys(self) -> dict[str, str]:
        """Each policy's slug and the id of its folder at the tip: the id changes whenever any of
        the policy's files does (a new version, a re-extraction), so a cache can key on it."""
        return {name: sha for mode, name, sha in self.store.tree_entries(self.tip()) if mode.startswith("40")}

    def resolve(self, slug: str, ref: str | int | None = None) -> Version:
        """A version by its number (``#2``: the name it was recorded under), -1 for the newest and
        -2 the one before (date order), a date (YYYY-MM-DD: that day's — several are an error
        that lists them —, else the latest before it), or a commit prefix; None means the newest."""
        versions = self.versions(slug)
        if not versions:
            raise ArchiveError(f"no versions of {slug!r} in the archive at {self.path}")
        if ref is None or ref == "":
            return versions[-1]
        text = str(ref).strip().lstrip("#")
        if re.fullmatch(r"-\d{1,4}", text) and 1 <= -int(text) <= len(versions):
            return versions[int(text)]
        if re.fullmatch(r"\d{1,4}", text):
            named = [v for v in versions if v.index == int(text)]
            if named:
                return named[0]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                day = date_type.fromisoformat(text)
            except ValueError:
                raise ArchiveError(f"{text!r} is not a valid date") from None
            same = [v for v in versions if v.date.date() == day]
            if not same:  # the date the policy states (更新日期/生效日期), as `log` prints it
                same = [v for v in versions if text in _stated(v).values()]
            if len(same) > 1:
                listed = "; ".join(f"#{v.index} {v.commit[:10]} {v.date.isoformat()}" for v in same)
                raise ArchiveError(f"{slug}: {len(same)} versions on {text}, name one: {listed}")
            if same:
                return same[-1]
            before = [v for v in versions if v.date.date() < day]
            if before:
                return before[-1]
            raise ArchiveError(f"{slug}: no version on or before {text} (the first is {versions[0].date.date()})")
        if re.fullmatch(r"[0-9a-fA-F]{4,40}", text):
            hits = [v for v in versions if v.commit.startswith(text.lower())]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                raise ArchiveError(f"{slug}: commit prefix {text!r} is ambiguous; give more digits")
        raise ArchiveError(
            f"{slug}: no version {text!r} (give a number {', '.join(str(v.index) for v in versions[:8])}"
            f"{'…' if len(versions) > 8 else ''} or -1, a date YYYY-MM-DD, or a commit prefix)"
        )

    def in_force(self, slug: str, day: date_type) -> tuple[Version, str]:
        """The version in force on ``day`` and how that is known: the newest version whose stated
        生效日期 is on or before it ("effective"), a version stating none counting from its fetch
        date ("fetched"). ArchiveError when no version had begun by then."""
        versions = self.versions(slug)
        if not versions:
            raise ArchiveError(f"no versions of {slug!r} in the archive at {self.path}")
        best: tuple[str, int, Version, str] | None = None
        for v in versions:
            effective = _stated(v).get("effective")
            basis, how = (effective, "effective") if effective else (v.date.date().isoformat(), "fetched")
            if basis <= day.isoformat() and (best is None or (basis, v.position) >= best[:2]):
                best = (basis, v.position, v, how)
        if best is None:
            first = min(_stated(v).get("effective") or v.date.date().isoformat() for v in versions)
            raise ArchiveError(f"{slug}: no version was in force on {day.isoformat()} (the first takes effect {first})")
        return best[2], best[3]

    def text(self, version: Version) -> str:
        """A version's extracted text: the text its own commit recorded, or, while it is still the
        newest version, the tip's (so a re-extraction shows)."""
        tip = self.tip()
        data = None
        if version.meta.get("commit") is None and self._head_commit(version.slug, tip) == version.commit:
            data = self.store.blob(f"{tip}:{version.slug}/policy.txt")
        if data is None:
            data = self.store.blob(f"{version.commit}:{version.slug}/policy.txt")
        if data is None:
            raise ArchiveError(f"{version.slug}: version {version.index} has no policy.txt in {version.commit[:10]}")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ArchiveError(f"{version.slug}: version {version.index}'s policy.txt in {version.commit[:10]} is not UTF-8 "
                               f"(byte {exc.start}); `policydiff reextract` rebuilds it from the stored source") from None

    def raw(self, version: Version) -> bytes:
        """A version's source exactly as received."""
        name = version.meta.get("raw_file") or "source.txt"
        data = self.store.blob(f"{version.commit}:{version.slug}/{name}")
        if data is None:
            raise ArchiveError(f"{version.slug}: version {version.index} has no {name} in {version.commit[:10]}")
        return data

    def meta(self, version: Version) -> dict[str, Any]:
        """The full meta.json recorded with a version."""
        data = self.store.blob(f"{version.commit}:{version.slug}/meta.json")
        if data is None:
            raise ArchiveError(f"{version.slug}: version {version.index} has no meta.json in {version.commit[:10]}")
        return dict(json.loads(data.decode("utf-8")))

    def raw_text(self, version: Version) -> RawText:
        """A version's text as a RawText for the compare core."""
        return RawText(text=self.text(version), source=f"{version.slug}@{version.date.date()}#{version.index}",
                       encoding="utf-8", media_type="text/plain")

    # -- state (last check) ------------------------------------------------------------------

    def note_check(self, slug: str, result: str, when: datetime | None = None) -> None:
        """Remember when a policy was last checked and what came of it (for `policydiff list`)."""
        validate_slug(slug)
        if self._pending is not None:
            self._pending.notes[slug] = (result, when)  # written once, when the batch lands
            return
        state.note_check(self.path, slug, result, when)


    # -- writing (archive.snapshot, archive.maintain) -----------------------------------------

    def snapshot(self, slug: str, data: bytes, **kwargs: Any) -> SnapshotResult:
        """Record ``data`` as a new version of ``slug`` unless its text is unchanged (see
        ``archive.snapshot.record`` for the arguments)."""
        return snapshot.record(self, slug, data, **kwargs)

    def text_at(self, version: Version, tip: str, latest: bool) -> str:
        """A version's text, read at ``tip`` when it is the newest (a re-extraction shows)."""
        data = self.store.blob(f"{tip}:{version.slug}/policy.txt") if latest else None
        if data is None:
            data = self.store.blob(f"{version.commit}:{version.slug}/policy.txt")
        if data is None:  # a missing or truncated blob: never built upon
            raise ArchiveError(_damaged(self.store.git_dir, f"{version.slug}/policy.txt", version.commit))
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ArchiveError(f"{version.slug}: version {version.index}'s policy.txt in {version.commit[:10]} is not UTF-8 "
                               f"(byte {exc.start}), so nothing is recorded on top of it; `policydiff reextract` "
                               "rebuilds it from the stored source") from None

    def reextract(self) -> int:
        """Rebuild every policy's current text from its stored raw source (see ``archive.maintain``)."""
        return maintain.reextract(self)

    def import_folder(self, path: str | Path, slug: str | None = None) -> list[SnapshotResult]:
        """Import a folder of dated versions of one policy (see ``archive.maintain``)."""
        return maintain.import_folder(self, path, slug)

    def fsck(self) -> str:
        """`git fsck --strict` output (raises ArchiveError when git finds damage)."""
        return self.store.fsck()
