"""The scheduled job: fetch the due sources, record new versions, compare, report and alert.

One run at a time per archive (``check.lock``). Fetching runs in a bounded thread pool;
everything that writes to the archive runs in the calling thread, in one archive batch (one
commit per new version, chained in one pack; ``main`` moves once, at the end of the run). An
unchanged source costs one fetch and one sha256: its raw bytes are compared with the last
recorded ones before any extraction. Exit statuses: 0 fine, 1 ``--fail-on`` matched,
2 some source or delivery failed, 3 another run holds the lock.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from policydiff.archive import snapshot as snapshot_mod
from policydiff.archive.batch import Batch
from policydiff.archive.refuse import check_plausible_policy
from policydiff.archive.state import SourceState, load_state, save_state
from policydiff.archive.versions import Archive, Version
from policydiff.compare.pipeline import compare
from policydiff.errors import LockedError, PolicyDiffError
from policydiff.fsutil import atomic_write_text
from policydiff.model import Comparison, RawText
from policydiff.report import render
from policydiff.watch import compare_jobs
from policydiff.watch.alerts import (
    Alert,
    ChangeAlert,
    FailureAlert,
    VersionRef,
    change_alert,
    now_iso,
    ordered,
)
from policydiff.watch.config import Config, Source
from policydiff.watch.fetch import Fetched, fetch_source
from policydiff.watch.outcome import FAIL_ON, Options, Outcome, RunResult, exit_status
from policydiff.watch.select import is_due, select
from policydiff.watch.sinks import apprise as apprise_sink
from policydiff.watch.sinks import digest as digest_sink
from policydiff.watch.sinks import feed as feed_sink
from policydiff.watch.sinks import log as log_sink


@contextmanager
def run_lock(archive_dir: Path, *, wait: bool) -> Iterator[None]:
    """Hold ``check.lock`` for the run: exit at once (LockedError) or wait for the other run."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    path = archive_dir / "check.lock"
    fh: IO[str] = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise LockedError(
                f"another policydiff check is running on {archive_dir} ({holder}); it exits at once — use --wait to queue"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {now_iso()}\n")
        fh.flush()
        yield
    finally:
        fh.close()  # closing releases the lock


def _report_paths(archive_dir: Path, slug: str, index: int | None, when: datetime) -> tuple[Path, Path]:
    stem = when.strftime("%Y-%m-%d") + (f"_v{index}" if index is not None else "")
    base = archive_dir / "reports" / slug / stem
    return base.with_suffix(".md"), base.with_suffix(".html")


def write_reports(result: Comparison, md: Path, html: Path) -> None:
    """The Markdown and HTML reports of one comparison."""
    atomic_write_text(md, render(result, "md"))
    atomic_write_text(html, render(result, "html"))


def _version_ref(version: Version) -> VersionRef:
    return VersionRef(version.index, version.commit, version.date.isoformat())


def _failure_transition(
    source: Source, st: SourceState, ok: bool, error: str, threshold: int, when: str
) -> FailureAlert | None:
    """Update the failure streak; an alert only when it crosses the threshold or recovers."""
    if ok:
        alert = None
        if st.failing_alerted:
            alert = FailureAlert(source.slug, source.name, source.location, list(source.tags), "recovered",
                                 st.last_error, st.failures, st.failing_since or when)
        st.failures, st.failing_since, st.failing_alerted, st.last_error = 0, None, False, ""
        return alert
    st.failures += 1
    st.failing_since = st.failing_since or when
    st.last_error = error
    if st.failures >= threshold and not st.failing_alerted:
        st.failing_alerted = True
        return FailureAlert(source.slug, source.name, source.location, list(source.tags), "failing",
                            error, st.failures, st.failing_since)
    return None


def run(
    archive_dir: Path,
    config: Config,
    options: Options,
    *,
    now: float | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """One check run under the archive lock; see the module docstring for the steps."""
    if options.fail_on not in FAIL_ON:
        raise PolicyDiffError(f"--fail-on takes never, change or material, not {options.fail_on!r}")
    with run_lock(archive_dir, wait=options.wait):
        return _run_locked(archive_dir, config, options, now=time.time() if now is None else now, on_progress=on_progress)


def _open_archive(archive_dir: Path, create: bool) -> Archive:
    try:
        return Archive.open(archive_dir)
    except PolicyDiffError:
        if not create:
            raise
        return Archive.init(archive_dir)


def _run_locked(
    archive_dir: Path, config: Config, options: Options, *, now: float, on_progress: Callable[[int, int], None] | None
) -> RunResult:
    """Select, fetch in the pool, record in this thread, then write state, log, feed, alerts, digest.

    Long on purpose: the steps share the run's state dict and alert lists, and their order is
    the crash-safety argument (versions first, then state, then what is sent).
    """
    started = time.perf_counter()
    run_id = datetime.fromtimestamp(now, timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    when_iso = datetime.fromtimestamp(now, timezone.utc).replace(microsecond=0).isoformat()
    archive = _open_archive(archive_dir, create=not options.dry_run)
    state = load_state(archive_dir)
    chosen = select(config.sources, only=options.only, tags=options.tags, shard=options.shard)
    due = [s for s in chosen if options.force or options.only or is_due(s, state.get(s.slug), now)]
    d = config.defaults

    outcomes: dict[str, Outcome] = {}
    failure_alerts: list[FailureAlert] = []
    change_alerts: list[ChangeAlert] = []
    jobs: list[compare_jobs.CompareJob] = []  # changed sources, compared on every core once all are recorded
    done = 0

    def finish(source: Source, outcome: Outcome) -> None:
        nonlocal done
        outcomes[source.slug] = outcome
        st = state.setdefault(source.slug, SourceState())
        st.last_check = now
        ok = outcome.status != "failed"
        if ok:
            st.last_ok = now
        fa = _failure_transition(source, st, ok, outcome.error, d.failure_threshold, when_iso)
        if fa is not None:
            failure_alerts.append(fa)
        if outcome.alert is not None:
            change_alerts.append(outcome.alert)
        done += 1
        if on_progress is not None:
            on_progress(done, len(due))

    # One batch for the run: each new version is its own commit, chained, and main moves once at the end.
    batching = archive.batch() if not options.dry_run else nullcontext(None)
    with batching as batch, ThreadPoolExecutor(max_workers=max(1, min(d.concurrency, len(due) or 1))) as pool:
        futures: dict[Future[Fetched], Source] = {
            pool.submit(fetch_source, s, retries=d.retries, user_agent=d.user_agent): s for s in due
        }
        for fut in as_completed(futures):
            source = futures[fut]
            t0 = time.perf_counter()
            try:
                fetched = fut.result()
                outcome = _process(archive, archive_dir, config, source, fetched, state.get(source.slug), options, jobs)
            except PolicyDiffError as exc:
                outcome = Outcome(source.slug, "failed", error=str(exc))
            except Exception as exc:  # noqa: BLE001 - one broken source must not stop the others
                outcome = Outcome(source.slug, "failed", error=f"{type(exc).__name__}: {exc}")
            else:
                st = state.setdefault(source.slug, SourceState())
                if outcome.status in ("changed", "first", "same_text") or (outcome.status == "unchanged" and st.sha256 is None):
                    st.sha256 = fetched.sha256
                    st.version = outcome.version or st.version
            outcome.seconds = time.perf_counter() - t0
            finish(source, outcome)

    for job, alert in zip(jobs, compare_jobs.run_all(jobs), strict=True):
        if isinstance(alert, Exception):  # recorded, but not compared: said, and the run exits 2
            outcomes[job.slug].status, outcomes[job.slug].error = "failed", f"compare: {type(alert).__name__}: {alert}"
        elif alert is not None:
            outcomes[job.slug].alert = alert
            change_alerts.append(alert)
    if batch is not None and batch.remap:  # another process landed first: our commits were replayed onto it
        _apply_remap(batch, outcomes.values(), state.values(), change_alerts)
    if not options.dry_run:
        try:
            archive.gc_auto()
        except PolicyDiffError as exc:
            print(f"policydiff check: git gc --auto failed (the archive is intact): {exc}", file=sys.stderr)
    ordered_outcomes = [outcomes[s.slug] for s in due]
    all_alerts: list[Alert] = ordered([*change_alerts, *failure_alerts])
    result = RunResult(run_id, ordered_outcomes, all_alerts, [], skipped=len(chosen) - len(due), dry_run=options.dry_run)

    if not options.dry_run:
        save_state(archive_dir, state)  # versions are recorded: remember their hashes before anything can fail
        log = archive_dir / "alerts.jsonl"
        log_sink.append_log(log, log_sink.alert_records(all_alerts, run=run_id))
        feed_sink.write_feed(archive_dir / "feed.atom", all_alerts, max_entries=d.feed_entries)
        result.deliveries = apprise_sink.deliver(config, all_alerts, environ=options.environ)
        log_sink.append_log(log, log_sink.delivery_records(result.failed_deliveries, run=run_id))
    result.seconds = time.perf_counter() - started
    if not options.dry_run:
        result.digest_path = archive_dir / "digest.md"
        atomic_write_text(result.digest_path, digest_sink.digest_markdown(all_alerts, when=when_iso, summary=result.summary()))
    result.exit_code = exit_status(result, options.fail_on)
    return result


def _apply_remap(batch: Batch, outcomes: Iterable[Outcome], states: Iterable[SourceState],
                 alerts: list[ChangeAlert]) -> None:
    """Replace commit ids handed out during the batch by the ids they finally landed as."""
    for o in outcomes:
        o.version = batch.landed(o.version) if o.version else o.version
    for st in states:
        st.version = batch.landed(st.version) if st.version else st.version
    for a in alerts:
        for ref in (a.old, a.new):
            if ref.commit:
                ref.commit = batch.landed(ref.commit)


def _process(
    archive: Archive, archive_dir: Path, config: Config, source: Source, fetched: Fetched, st: SourceState | None,
    options: Options, jobs: list[compare_jobs.CompareJob],
) -> Outcome:
    """Record (or, in a dry run, just compare) one fetched source; a changed one's compare goes to ``jobs``."""
    if st is not None and st.sha256 == fetched.sha256 and st.version is not None:
        return Outcome(source.slug, "unchanged", version=None)  # the fast path: same bytes as last time
    if options.dry_run:
        return _dry_compare(archive, source, fetched, config.defaults.max_shrink)
    snap = archive.snapshot(
        source.slug,
        fetched.data,
        source=source.location,
        final_url=fetched.final_url,
        selector=source.selector,
        media_type=fetched.content_type,
        fetched_at=fetched.fetched_at,
        http_status=fetched.http_status,
        content_type=fetched.content_type,
        charset=fetched.charset,
        max_shrink=config.defaults.max_shrink,
    )
    if not snap.recorded:
        head = snap.previous
        return Outcome(source.slug, "same_text", version=head.commit if head is not None else None)
    version = snap.version
    assert version is not None
    if snap.previous is None:
        return Outcome(source.slug, "first", version=version.commit)
    previous = snap.previous
    md, html = _report_paths(archive_dir, source.slug, version.index, version.date)
    jobs.append(compare_jobs.CompareJob(source.slug, source.name, source.location, archive.text(previous),
                                        archive.text(version), _version_ref(previous), _version_ref(version),
                                        str(md), str(html), list(source.tags)))
    return Outcome(source.slug, "changed", version=version.commit)  # its alert, if any, once compared


def _dry_compare(archive: Archive, source: Source, fetched: Fetched, max_shrink: float) -> Outcome:
    """Dry run: the snapshot's own path (prepare, unchanged, refuse), then compare; record nothing."""
    prepared = snapshot_mod.prepare(fetched.data, source.location, fetched.content_type,
                                    charset=fetched.charset, selector=source.selector)
    versions = archive.versions(source.slug)
    prev = versions[-1] if versions else None
    old_text = archive.text(prev) if prev is not None else None
    if prev is None or old_text is None:
        check_plausible_policy(prepared.raw.text, None, max_shrink, source=source.location)
        return Outcome(source.slug, "first")
    if snapshot_mod.unchanged(old_text, prepared):
        return Outcome(source.slug, "same_text")
    check_plausible_policy(prepared.raw.text, old_text, max_shrink, source=source.location)
    result = compare(RawText(old_text, f"{source.slug} #{prev.index}"), RawText(prepared.raw.text, f"{source.slug} (fetched)"))
    alert = change_alert(
        slug=source.slug, name=source.name, location=source.location, tags=source.tags, result=result,
        old=_version_ref(prev), new=VersionRef(None, None, fetched.fetched_at.isoformat()),
    )
    if not result.changes and all(p.status == "unchanged" for p in result.pairs):
        return Outcome(source.slug, "changed")  # recorded by a real run, but no alert
    return Outcome(source.slug, "changed", alert=alert)


def print_outcome_errors(result: RunResult, stream: IO[str] | None = None) -> None:
    """One stderr line per failed source and per failed delivery."""
    out = stream or sys.stderr
    for o in result.errors:
        out.write(f"policydiff check: {o.slug}: {o.error}\n")
    for dlv in result.failed_deliveries:
        out.write(f"policydiff check: alert route {dlv.route} → {dlv.url} failed: {dlv.error}\n")
