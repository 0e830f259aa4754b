"""The git-backed archive: every published version of every tracked policy, nothing rewritten.

Storage (see archive/README.md): a bare repository ``<archive>/versions.git`` whose branch
``main`` holds one folder per policy, ``<slug>/{source.<ext>, policy.txt, meta.json,
versions.json}``. Each new version is ONE commit touching only its folder, written with git
plumbing (hash-object, mktree, commit-tree: no working tree, no index) and landed by an
atomic compare-and-swap of ``refs/heads/main``; a lost race is retried on the new tip.
``<slug>/versions.json`` is the per-policy index (so ``log``/``show`` never walk history)
and ``refs/policies/<slug>`` names the commit of the newest recorded version; that ref is
a cache checked against ``main`` on every use and rebuilt from history if a crash left it behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date as date_type
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from policydiff.errors import ArchiveError, InputError
from policydiff.models import RawText

ARCHIVE_ENV = "POLICYDIFF_ARCHIVE"
REPO_DIR = "versions.git"
BRANCH = "refs/heads/main"
POLICY_REFS = "refs/policies/"
ZERO = "0" * 40
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
SOURCE_EXT = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "txt",
}
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


def validate_slug(slug: str) -> str:
    """Return ``slug`` when it is a safe folder and ref name; ArchiveError otherwise."""
    if not isinstance(slug, str) or not SLUG_RE.match(slug) or ".." in slug or slug.endswith((".lock", ".")):
        raise ArchiveError(
            f"bad policy slug {slug!r}: use lowercase letters, digits, '.', '_' or '-' "
            "(starting with a letter or digit, at most 80, no '..', no '/')"
        )
    return slug


@dataclass
class Version:
    """One recorded version of a policy (``index`` is 1-based, oldest first by date)."""

    slug: str
    index: int
    commit: str
    date: datetime
    meta: dict[str, Any] = field(repr=False)
    size: int  # bytes of the raw source

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


@dataclass
class PolicySummary:
    """One line of ``policydiff list``."""

    slug: str
    versions: int
    last_change: datetime | None
    last_check: datetime | None
    last_result: str | None = None


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def _parse_dt(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _aware(dt: datetime | None) -> datetime:
    if dt is None:
        return datetime.now(timezone.utc).replace(microsecond=0)
    return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).replace(microsecond=0)


def _git_date(dt: datetime) -> str:
    offset = dt.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{int(dt.timestamp())} {sign}{minutes // 60:02d}{minutes % 60:02d}"


def _comparison_key(text: str) -> str:
    """What "unchanged" means for the archive: the text up to width and whitespace (NFKC, no
    spaces or line breaks). Stricter than the compare core's key on purpose: a changed web
    address alone is still a new version to keep, even though compare does not report it."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split())


def _stated(text: str) -> dict[str, str | None] | None:
    try:
        from policydiff.dates import stated_dates
    except ImportError:  # pragma: no cover
        return None
    d = stated_dates(text)
    return {"updated": d.updated, "effective": d.effective, "published": d.published, "version": d.version}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parse_tree(data: bytes) -> list[tuple[str, str, str]]:
    """(mode, name, hexsha) of each entry of a raw git tree object."""
    out = []
    i = 0
    while i < len(data):
        sp = data.index(b" ", i)
        nul = data.index(b"\0", sp)
        out.append((data[i:sp].decode(), data[sp + 1 : nul].decode("utf-8", "surrogateescape"), data[nul + 1 : nul + 21].hex()))
        i = nul + 21
    return out


class _CatFile:
    """One long-lived ``git cat-file --batch``: reads cost a pipe round trip, not a process.

    (GitPython keeps the same kind of process; using it directly saves its ~65 ms import,
    a third of the CLI's budget for an unchanged snapshot.)
    """

    def __init__(self, git_dir: Path) -> None:
        self.proc = subprocess.Popen(
            ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )

    def get(self, rev: str) -> tuple[str, str, bytes] | None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if "\n" in rev:
            return None
        try:
            self.proc.stdin.write(rev.encode("utf-8") + b"\n")
            self.proc.stdin.flush()
            header = self.proc.stdout.readline()
        except (BrokenPipeError, OSError) as exc:
            raise ArchiveError(f"git cat-file stopped: {exc}") from None
        parts = header.split()
        if len(parts) != 3 or parts[1] in (b"missing", b"ambiguous"):
            if not header:
                raise ArchiveError("git cat-file stopped unexpectedly")
            return None
        size = int(parts[2])
        data = self.proc.stdout.read(size + 1)[:size]
        return parts[0].decode(), parts[1].decode(), data

    def close(self) -> None:
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()

    def __del__(self) -> None:
        if self.proc.poll() is None:
            self.close()


class Archive:
    """A policy archive folder holding the bare repository ``versions.git``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.git_dir = self.path / REPO_DIR
        if not (self.git_dir / "HEAD").is_file() or not (self.git_dir / "objects").is_dir():
            raise ArchiveError(f"no archive at {self.path}; run `policydiff init`")
        self._cat: _CatFile | None = None

    @property
    def repo(self) -> Any:
        """A GitPython ``Repo`` of the version store, for callers who want one (imported on demand)."""
        import git

        return git.Repo(self.git_dir)

    def close(self) -> None:
        """Stop the reader process (also done at exit)."""
        if self._cat is not None:
            self._cat.close()
            self._cat = None

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def init(cls, path: str | Path | None = None) -> Archive:
        """Create the archive (idempotent): a bare repository with a first commit holding README.md."""
        base = Path(path) if path is not None else default_archive_path()
        git_dir = base / REPO_DIR
        if not (git_dir / "HEAD").exists():
            base.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".versions.", dir=base))
            try:
                _run(["git", "init", "-q", "--bare", "--initial-branch=main", str(tmp)])
                for key, value in (("core.logAllRefUpdates", "always"), ("core.fsync", "committed"),
                                   ("gc.auto", "0"), ("receive.denyNonFastForwards", "true")):
                    _run(["git", "--git-dir", str(tmp), "config", key, value])
                blob = _run(["git", "--git-dir", str(tmp), "hash-object", "-w", "--stdin"], ROOT_README.encode()).strip()
                tree = _run(["git", "--git-dir", str(tmp), "mktree"], f"100644 blob {blob}\tREADME.md\n".encode()).strip()
                env = dict(IDENTITY, GIT_AUTHOR_DATE=_git_date(_aware(None)), GIT_COMMITTER_DATE=_git_date(_aware(None)))
                commit = _run(["git", "--git-dir", str(tmp), "commit-tree", tree, "-m", "Archive created by policydiff"], env=env).strip()
                _run(["git", "--git-dir", str(tmp), "update-ref", BRANCH, commit, ZERO])
                try:
                    os.rename(tmp, git_dir)  # atomic: a half-made repository never sits at versions.git
                except OSError:
                    if not (git_dir / "HEAD").exists():
                        raise
            finally:
                if tmp.exists():
                    import shutil

                    shutil.rmtree(tmp, ignore_errors=True)
        return cls(base)

    @classmethod
    def open(cls, path: str | Path | None = None) -> Archive:
        """Open an existing archive; ArchiveError when there is none."""
        base = Path(path) if path is not None else default_archive_path()
        if not (base / REPO_DIR / "HEAD").exists():
            raise ArchiveError(f"no archive at {base}; run `policydiff init`")
        return cls(base)

    # -- low-level git ----------------------------------------------------------------------

    def _git(self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
        return _run(["git", "--git-dir", str(self.git_dir), *args], input, env=env)

    def _read_ref(self, name: str) -> str | None:
        """A ref's commit, read from the loose file (written atomically by git) or packed-refs."""
        loose = self.git_dir / name
        try:
            value = loose.read_text().strip()
            if re.fullmatch(r"[0-9a-f]{40}", value):
                return value
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            pass
        try:
            for line in (self.git_dir / "packed-refs").read_text().splitlines():
                if line.endswith(" " + name) and not line.startswith(("#", "^")):
                    return line.split(" ", 1)[0]
        except FileNotFoundError:
            pass
        return None

    def _tip(self) -> str:
        tip = self._read_ref(BRANCH)
        if tip is None:
            raise ArchiveError(f"{self.git_dir}: the branch main is missing; is this a policydiff archive?")
        return tip

    def _object(self, rev: str) -> tuple[str, str, bytes] | None:
        """(hexsha, type, data) of ``rev`` (any `git cat-file` name), None when it does not exist."""
        if self._cat is None:
            self._cat = _CatFile(self.git_dir)
        return self._cat.get(rev)

    def _blob(self, rev: str) -> bytes | None:
        obj = self._object(rev)
        return obj[2] if obj is not None else None

    def _tree_entries(self, rev: str) -> list[tuple[str, str, str]]:
        obj = self._object(f"{rev}^{{tree}}" if ":" not in rev else rev)
        if obj is None or obj[1] != "tree":
            return []
        return _parse_tree(obj[2])

    # -- the per-policy index ---------------------------------------------------------------

    def _entries(self, slug: str, tip: str) -> list[dict[str, Any]]:
        data = self._blob(f"{tip}:{slug}/versions.json")
        if data is None:
            return []
        return list(json.loads(data.decode("utf-8"))["versions"])

    def _head_commit(self, slug: str, tip: str) -> str | None:
        """The commit that recorded the newest entry of ``<slug>/versions.json`` at ``tip``.

        ``refs/policies/<slug>`` answers in one read; it is trusted only when its versions.json
        is the tip's, else (a crash between the two ref updates) history answers and the ref is fixed.
        """
        tip_index = self._object(f"{tip}:{slug}/versions.json")
        if tip_index is None:
            return None
        cached = self._read_ref(POLICY_REFS + slug)
        if cached is not None:
            at_cached = self._object(f"{cached}:{slug}/versions.json")
            if at_cached is not None and at_cached[0] == tip_index[0]:
                return cached
        found = self._git("log", "-1", "--format=%H", tip, "--", f"{slug}/versions.json").strip()
        if not found:
            return None
        try:
            self._git("update-ref", POLICY_REFS + slug, found, cached or ZERO)
        except ArchiveError:
            pass  # someone else fixed or moved it: the answer stands
        return found

    def _versions_at(self, slug: str, tip: str) -> list[Version]:
        entries = self._entries(slug, tip)
        head = self._head_commit(slug, tip) if any(e.get("commit") is None for e in entries) else None
        out = []
        for i, entry in enumerate(entries, 1):
            commit = entry.get("commit") or head or ""
            out.append(Version(slug=slug, index=i, commit=commit, date=_parse_dt(entry["date"]),
                               meta=entry, size=int(entry.get("raw_size", 0))))
        return out

    # -- reading ----------------------------------------------------------------------------

    def versions(self, slug: str) -> list[Version]:
        """Every recorded version of a policy, oldest first (by recorded date)."""
        validate_slug(slug)
        return self._versions_at(slug, self._tip())

    def policies(self) -> list[PolicySummary]:
        """Every policy in the archive with its version count, last change and last check."""
        tip = self._tip()
        out = []
        for mode, name, _sha in self._tree_entries(tip):
            if not mode.startswith("40"):
                continue
            entries = self._entries(name, tip)
            state = self._state(name)
            out.append(PolicySummary(
                slug=name,
                versions=len(entries),
                last_change=max((_parse_dt(e["date"]) for e in entries), default=None),
                last_check=_parse_dt(state["last_check"]) if state.get("last_check") else None,
                last_result=state.get("result"),
            ))
        return out

    def resolve(self, slug: str, ref: str | int | None = None) -> Version:
        """A version by index (1, 2, -1), date (YYYY-MM-DD: that day's, else the latest before it),
        or commit prefix; None means the newest."""
        versions = self.versions(slug)
        if not versions:
            raise ArchiveError(f"no versions of {slug!r} in the archive at {self.path}")
        if ref is None or ref == "":
            return versions[-1]
        text = str(ref).strip()
        if re.fullmatch(r"-?\d{1,4}", text) and 1 <= abs(int(text)) <= len(versions):
            n = int(text)
            return versions[n - 1] if n > 0 else versions[n]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                day = date_type.fromisoformat(text)
            except ValueError:
                raise ArchiveError(f"{text!r} is not a valid date") from None
            same = [v for v in versions if v.date.date() == day]
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
            f"{slug}: no version {text!r} (give an index 1..{len(versions)} or -1, a date YYYY-MM-DD, or a commit prefix)"
        )

    def text(self, version: Version) -> str:
        """A version's extracted text; the newest version reads the tip, so a re-extraction shows."""
        tip = self._tip()
        data = None
        if version.meta.get("commit") is None:
            data = self._blob(f"{tip}:{version.slug}/policy.txt")
        if data is None:
            data = self._blob(f"{version.commit}:{version.slug}/policy.txt")
        if data is None:
            raise ArchiveError(f"{version.slug}: version {version.index} has no policy.txt in {version.commit[:10]}")
        return data.decode("utf-8")

    def raw(self, version: Version) -> bytes:
        """A version's source exactly as received."""
        name = version.meta.get("raw_file") or "source.txt"
        data = self._blob(f"{version.commit}:{version.slug}/{name}")
        if data is None:
            raise ArchiveError(f"{version.slug}: version {version.index} has no {name} in {version.commit[:10]}")
        return data

    def meta(self, version: Version) -> dict[str, Any]:
        """The full meta.json recorded with a version."""
        data = self._blob(f"{version.commit}:{version.slug}/meta.json")
        if data is None:
            raise ArchiveError(f"{version.slug}: version {version.index} has no meta.json in {version.commit[:10]}")
        return dict(json.loads(data.decode("utf-8")))

    def raw_text(self, version: Version) -> RawText:
        """A version's text as a RawText for the compare core."""
        return RawText(text=self.text(version), source=f"{version.slug}@{version.date.date()}#{version.index}",
                       encoding="utf-8", media_type="text/plain")

    # -- state (last check; outside git, one small file per policy) ------------------------

    def _state_path(self, slug: str) -> Path:
        return self.path / "state" / "last-check" / f"{slug}.json"

    def _state(self, slug: str) -> dict[str, Any]:
        try:
            return dict(json.loads(self._state_path(slug).read_text("utf-8")))
        except (FileNotFoundError, ValueError):
            return {}

    def note_check(self, slug: str, result: str, when: datetime | None = None) -> None:
        """Remember when a policy was last checked and what came of it (for `policydiff list`)."""
        from policydiff.fsutil import atomic_write_text

        validate_slug(slug)
        state = {"last_check": _iso(_aware(when or datetime.now(timezone.utc))), "result": result}
        try:
            atomic_write_text(self._state_path(slug), json.dumps(state, ensure_ascii=False) + "\n")
        except OSError:
            pass  # a state note is a convenience; never fail a snapshot over it

    # -- writing ----------------------------------------------------------------------------

    def snapshot(
        self,
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
    ) -> SnapshotResult:
        """Record ``data`` as a new version of ``slug`` unless its text is unchanged.

        Refuses (FetchError/InputError, nothing written) what does not extract or is not a
        plausible policy, or shrank by more than ``max_shrink`` against the version before it.
        """
        from policydiff import ingest
        from policydiff.extract import EXTRACTOR_VERSION, normalize_media_type
        from policydiff.fetch import check_plausible_policy

        validate_slug(slug)
        when = _aware(fetched_at)
        # Magic bytes win for binary formats (servers label PDFs text/html or octet-stream);
        # otherwise the declared type, otherwise a sniff.
        sniffed = ingest.sniff_media_type(data, source)
        declared = normalize_media_type(media_type)
        if sniffed in ("application/pdf", SOURCE_EXT_DOCX) or declared not in SOURCE_EXT:
            media = sniffed
        else:
            media = declared
        raw = ingest.read_bytes(data, source, media, charset=charset, selector=selector)
        text = raw.text
        new_key = _comparison_key(text)
        ext = SOURCE_EXT.get(raw.media_type, SOURCE_EXT.get(media, "bin"))
        try:
            from policydiff import __version__
        except ImportError:  # pragma: no cover
            __version__ = "?"
        stated = _stated(text)
        base_meta: dict[str, Any] = {
            "policy": slug,
            "source": source,
            "final_url": final_url if final_url and final_url != source else None,
            "fetched_at": _iso(when),
            "http_status": http_status,
            "content_type": content_type,
            "media_type": raw.media_type,
            "encoding": raw.encoding,
            "selector": selector,
            "raw_file": f"source.{ext}",
            "raw_size": len(data),
            "raw_sha256": _sha256(data),
            "text_sha256": _sha256(text.encode("utf-8")),
            "text_chars": len(text),
            "stated_dates": stated,
            "extractor": f"policydiff.extract {EXTRACTOR_VERSION}",
            "policydiff": __version__,
        }
        for _attempt in range(CAS_ATTEMPTS):
            tip = self._tip()
            versions = self._versions_at(slug, tip)
            # The version just before this one in date order is what "unchanged" and "shrank" compare with.
            pos = sum(1 for v in versions if v.date <= when)
            previous = versions[pos - 1] if pos else None
            prev_text = None
            if previous is not None:
                prev_text = self._text_at(previous, tip, latest=previous.meta.get("commit") is None)
                if _comparison_key(prev_text) == new_key:
                    self.note_check(slug, "unchanged")
                    return SnapshotResult(False, None, "unchanged", previous)
            check_plausible_policy(text, prev_text, max_shrink, source=source)
            entries = [dict(v.meta, commit=v.commit) for v in versions]
            entry = {k: base_meta[k] for k in ("source", "fetched_at", "raw_file", "raw_size", "raw_sha256",
                                                "text_sha256", "text_chars")}
            entry = {"date": _iso(when), **entry, "stated_dates": stated, "commit": None}
            entries.insert(pos, entry)
            meta = dict(base_meta, version=pos + 1)
            files = {
                f"source.{ext}": data,
                "policy.txt": text.encode("utf-8"),
                "meta.json": _dump(meta),
                "versions.json": _dump_index(slug, entries),
            }
            message = _message(slug, pos + 1, len(entries), when, stated, source, base_meta["raw_sha256"])
            commit = self._commit_folder(tip, slug, files, message, when)
            if self._cas(tip, commit, slug):
                self.note_check(slug, "recorded")
                new_versions = self._versions_at(slug, commit)
                # the previous version as the new tip records it (its own commit, not "the newest")
                return SnapshotResult(True, new_versions[pos], "recorded", new_versions[pos - 1] if pos else None)
            time.sleep(0.002 + 0.01 * (_attempt % 5) * os.urandom(1)[0] / 255)
        raise ArchiveError(f"{slug}: could not record the version: main kept moving ({CAS_ATTEMPTS} attempts)")

    def _text_at(self, version: Version, tip: str, latest: bool) -> str:
        data = self._blob(f"{tip}:{version.slug}/policy.txt") if latest else None
        if data is None:
            data = self._blob(f"{version.commit}:{version.slug}/policy.txt")
        return data.decode("utf-8") if data is not None else ""

    def _commit_folder(self, tip: str, slug: str, files: dict[str, bytes], message: str, when: datetime) -> str:
        """Write blobs, the folder's tree, the root tree and a commit on ``tip``; return the commit."""
        blobs = self._hash_blobs(list(files.values()))
        folder = "".join(f"100644 blob {sha}\t{name}\n" for name, sha in sorted(zip(files, blobs, strict=True)))
        folder_tree = self._git("mktree", input=folder.encode()).strip()
        return self._commit_trees(tip, {slug: folder_tree}, message, when)

    def _commit_trees(self, tip: str, folders: dict[str, str], message: str, when: datetime) -> str:
        root = {name: (mode, sha) for mode, name, sha in self._tree_entries(tip)}
        for slug, tree in folders.items():
            root[slug] = ("40000", tree)
        listing = "".join(
            f"{'040000 tree' if mode.startswith('40') else mode + ' blob'} {sha}\t{name}\n"
            for name, (mode, sha) in sorted(root.items())
        )
        root_tree = self._git("mktree", input=listing.encode()).strip()
        env = dict(IDENTITY, GIT_AUTHOR_DATE=_git_date(when), GIT_COMMITTER_DATE=_git_date(when))
        return self._git("commit-tree", root_tree, "-p", tip, "-F", "-", input=message.encode("utf-8"), env=env).strip()

    def _hash_blobs(self, contents: list[bytes]) -> list[str]:
        with tempfile.TemporaryDirectory(prefix="policydiff-") as tmp:
            paths = []
            for i, content in enumerate(contents):
                p = Path(tmp) / f"{i}"
                p.write_bytes(content)
                paths.append(str(p))
            out = self._git("hash-object", "-w", "--no-filters", "--", *paths).split()
        if len(out) != len(contents):
            raise ArchiveError("git hash-object returned an unexpected answer")
        return out

    def _cas(self, old: str, new: str, slug: str | None) -> bool:
        """Move main from ``old`` to ``new`` (and the policy's ref) in one ref transaction.

        False when main moved meanwhile (the caller rebuilds on the new tip); stale locks left
        by a killed git are cleared.
        """
        lines = f"update {BRANCH} {new} {old}\n"
        if slug is not None:
            lines += f"update {POLICY_REFS}{slug} {new} {self._read_ref(POLICY_REFS + slug) or ZERO}\n"
        try:
            self._git("update-ref", "-m", f"policydiff {slug or 'archive'}", "--stdin", input=lines.encode())
            return True
        except ArchiveError as exc:
            if self._tip() != old:
                return False
            message = str(exc)
            m = re.search(r"Unable to create '([^']+\.lock)'", message)
            if m:
                lock = Path(m.group(1))
                try:
                    if time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS:
                        lock.unlink()
                except FileNotFoundError:
                    pass
                return False
            if slug is not None and f"{POLICY_REFS}{slug}" in message:
                return False  # the policy ref moved under us (a concurrent snapshot of the same policy)
            raise

    def reextract(self) -> int:
        """Rebuild every policy's current policy.txt from its stored raw source with today's extractor,
        in one new commit (history untouched); return how many texts changed."""
        from policydiff import ingest
        from policydiff.extract import EXTRACTOR_VERSION

        for _attempt in range(CAS_ATTEMPTS):
            tip = self._tip()
            folders: dict[str, str] = {}
            for mode, slug, tree_sha in self._tree_entries(tip):
                if not mode.startswith("40"):
                    continue
                entries = {name: (m, sha) for m, name, sha in _parse_tree(self._object(tree_sha)[2])}  # type: ignore[index]
                meta_blob = self._blob(f"{tip}:{slug}/meta.json")
                if meta_blob is None:
                    continue
                meta = json.loads(meta_blob.decode("utf-8"))
                raw_name = meta.get("raw_file")
                if raw_name not in entries:
                    continue
                data = self._blob(entries[raw_name][1]) or b""
                try:
                    raw = ingest.read_bytes(data, meta.get("source") or raw_name, meta.get("media_type"),
                                            charset=None if meta.get("media_type") == "text/plain" else meta.get("encoding"),
                                            selector=meta.get("selector"))
                except InputError:
                    continue  # keep the old text rather than lose one
                old = self._blob(entries["policy.txt"][1]) if "policy.txt" in entries else None
                new = raw.text.encode("utf-8")
                if old == new:
                    continue
                meta.update(text_sha256=_sha256(new), text_chars=len(raw.text), encoding=raw.encoding,
                            extractor=f"policydiff.extract {EXTRACTOR_VERSION}",
                            reextracted_at=_iso(_aware(None)), stated_dates=_stated(raw.text))
                text_sha, meta_sha = self._hash_blobs([new, _dump(meta)])
                entries["policy.txt"] = ("100644", text_sha)
                entries["meta.json"] = ("100644", meta_sha)
                listing = "".join(f"{m} blob {sha}\t{name}\n" for name, (m, sha) in sorted(entries.items()))
                folders[slug] = self._git("mktree", input=listing.encode()).strip()
            if not folders:
                return 0
            when = _aware(None)
            message = (f"Re-extract {len(folders)} policy text(s) with policydiff.extract {EXTRACTOR_VERSION}\n\n"
                       "Raw sources unchanged; earlier versions keep the text extracted when they were recorded.\n\n"
                       f"Policies: {', '.join(sorted(folders))}\n")
            commit = self._commit_trees(tip, folders, message, when)
            if self._cas(tip, commit, None):
                return len(folders)
        raise ArchiveError(f"reextract: main kept moving ({CAS_ATTEMPTS} attempts)")

    def import_folder(self, path: str | Path, slug: str | None = None) -> list[SnapshotResult]:
        """Import a folder of dated versions (``YYYY-MM-DD*.ext`` or ``vN.ext``), oldest first,
        each committed at the date its name gives (``vN`` files: the date the text states, else now)."""
        folder = Path(path)
        if not folder.is_dir():
            raise InputError(f"{folder}: not a folder")
        slug = validate_slug(slug if slug is not None else folder.name.lower())
        items: list[tuple[datetime, int, Path]] = []
        undated: list[tuple[int, Path]] = []
        for p in sorted(folder.iterdir()):
            if not p.is_file() or p.suffix.lower().lstrip(".") not in MEDIA_OF_EXT:
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
            stated = _stated(ingest_text(p.read_bytes(), str(p)))
            guess = (stated or {}).get("effective") or (stated or {}).get("updated")
            when = datetime.fromisoformat(guess).replace(tzinfo=timezone.utc) if guess else _aware(None)
            if last is not None and when <= last:
                when = last + timedelta(seconds=1)  # keep vN order when the stated dates do not
            items.append((when, n, p))
            last = when
        items.sort(key=lambda t: (t[0], t[1], t[2].name))
        results = []
        for when, _n, p in items:
            media = MEDIA_OF_EXT[p.suffix.lower().lstrip(".")]
            results.append(self.snapshot(slug, p.read_bytes(), source=str(p), media_type=media,
                                         fetched_at=when, max_shrink=None))
        return results

    def fsck(self) -> str:
        """`git fsck --strict` output (raises ArchiveError when git finds damage)."""
        return self._git("fsck", "--strict", "--no-dangling")


def ingest_text(data: bytes, source: str) -> str:
    from policydiff import ingest

    return ingest.read_bytes(data, source).text


def _dump(obj: object) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def _dump_index(slug: str, entries: list[dict[str, Any]]) -> bytes:
    """versions.json with one version per line: small, and a new version is a one-line diff."""
    lines = ",\n".join("  " + json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entries)
    return f'{{"policy": {json.dumps(slug)}, "versions": [\n{lines}\n]}}\n'.encode()


def _message(slug: str, index: int, count: int, when: datetime, stated: dict[str, str | None] | None,
             source: str, raw_sha: str) -> str:
    """Commit message: the policy, its version number and the dates; trailers carry the source."""
    dates = []
    if stated:
        for key, label in (("updated", "更新日期"), ("effective", "生效日期"), ("published", "发布日期")):
            if stated.get(key):
                dates.append(f"{label} {stated[key]}")
    subject = f"{slug}: version {index} of {count}, fetched {when.date().isoformat()}"
    body = ("Stated in the text: " + ", ".join(dates)) if dates else "No 更新日期/生效日期 stated in the text."
    source_line = source.replace("\n", " ")
    return f"{subject}\n\n{body}\n\nPolicy: {slug}\nSource: {source_line}\nSha256: {raw_sha}\n"


def _run(args: list[str], input: bytes | None = None, env: dict[str, str] | None = None) -> str:
    full_env = dict(os.environ, **(env or {}))
    full_env.setdefault("LC_ALL", "C")
    try:
        proc = subprocess.run(args, input=input, capture_output=True, env=full_env, check=False)
    except FileNotFoundError:
        raise ArchiveError("git is not installed (the archive is a git repository)") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        cmd = args[3] if args[1] == "--git-dir" and len(args) > 3 else args[1]
        raise ArchiveError(f"git {cmd} failed: {' / '.join(detail)[:300]}")
    return proc.stdout.decode("utf-8", "replace")
