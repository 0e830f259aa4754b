"""What a recorded version owes: the compare job that judges it, and its alert.

``check`` submits a changed source's job as its version is recorded (``watch.compare_jobs``);
a run killed before its alerts were in the outbox left its intents (``archive.outbox``), and the
next run's ``recover`` turns each intent whose version landed into the alert it owed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from policydiff.archive import outbox as box
from policydiff.archive.versions import Archive, Version
from policydiff.errors import PolicyDiffError
from policydiff.watch import compare_jobs
from policydiff.watch import outbox as outbox_mod
from policydiff.watch.alerts import Alert, ChangeAlert, VersionRef, report_link
from policydiff.watch.config import Config, Source


def report_paths(archive_dir: Path, slug: str, index: int | None, when: datetime) -> tuple[Path, Path]:
    stem = when.strftime("%Y-%m-%d") + (f"_v{index}" if index is not None else "")
    base = archive_dir / "reports" / slug / stem
    return base.with_suffix(".md"), base.with_suffix(".html")


def version_ref(version: Version) -> VersionRef:
    return VersionRef(version.index, version.commit, version.date.isoformat())


def recover(archive: Archive, archive_dir: Path, config: Config, now: float, run_id: str) -> list[Alert]:
    """Turn the intents a killed (or failed) run left into the alerts it owed.

    An intent whose bytes became a version (same raw sha256 and fetch time) gets that
    version's alert, enqueued under the version's commit (so never twice); one whose version
    never landed is dropped: nothing was recorded, and the next fetch sees the bytes again.
    """
    out: list[Alert] = []
    for path, held in box.intents(archive_dir):
        landing = outbox_mod.AlertBatch(archive_dir, config, now, run=run_id, recovering=True)
        for intent in held:
            alert = owed_alert(archive, archive_dir, config, intent, landing)
            if alert is not None and landing.add(alert):
                out.append(alert)
        landing.land()  # and each landed alert's log record, unless the log holds it
        box.remove(path)
    return out


def owed_alert(archive: Archive, archive_dir: Path, config: Config, intent: dict[str, Any],
               landing: outbox_mod.AlertBatch) -> ChangeAlert | None:
    """An intent's alert: its version's, when its bytes became one that follows another, not yet in the outbox
    (one that is has its log record checked by ``landing``)."""
    slug = intent.get("slug")
    try:
        versions = archive.versions(slug) if isinstance(slug, str) else []
    except (PolicyDiffError, ValueError, KeyError):
        versions = []
    pos = next((k for k, v in enumerate(versions)
                if v.meta.get("raw_sha256") == intent.get("raw_sha256") and v.meta.get("date") == intent.get("fetched_at")), None)
    if pos is None or pos == 0 or not isinstance(slug, str):
        return None
    entry = box.read_entry(box.entry_path(archive_dir, "change", slug, f"{slug}@{versions[pos].commit}"))
    if entry is not None:
        landing.relog(entry)
        return None  # enqueued before the kill: not compared again
    try:
        source = config.source(slug)
    except PolicyDiffError:
        source = Source(slug=slug, name=str(intent.get("name") or slug), url=None,
                        path=Path(str(intent.get("location") or slug)), tags=list(intent.get("tags") or []))
    return alert_for_version(archive, archive_dir, config, source, versions[pos - 1], versions[pos])


def job(archive_dir: Path, config: Config, source: Source, previous: Version, version: Version, old_text: str,
        new_text: str) -> compare_jobs.CompareJob:
    """The compare of a recorded version with the one before it, and where its reports go."""
    md, html = report_paths(archive_dir, source.slug, version.index, version.date)
    return compare_jobs.CompareJob(
        source.slug, source.name, source.location, old_text, new_text, version_ref(previous), version_ref(version),
        str(md), str(html), list(source.tags), config.defaults.lang,
        report_link(config.defaults.report_base_url, str(html), str(archive_dir / "reports")))


def alert_for_version(archive: Archive, archive_dir: Path, config: Config, source: Source, previous: Version,
                      version: Version) -> ChangeAlert | None:
    """Compare a recorded version with the one before it, write both reports, build the alert
    (None when only the layout changed, or for a technical re-recording)."""
    if version.meta.get("technical"):
        return None
    return compare_jobs.run_one(job(archive_dir, config, source, previous, version, archive.text(previous),
                                    archive.text(version)))
