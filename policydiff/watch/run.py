"""The scheduled job: fetch the due sources, record new versions, compare, report and alert.

One run at a time per archive (``check.lock``). URLs are fetched in a bounded thread pool and
files read in the calling thread, where everything that writes to the archive runs; a changed
source's compare starts on another core as soon as its version is recorded. An
unchanged source costs one fetch and one sha256: its raw bytes are compared with the last
recorded ones before any extraction. Exit statuses: 0 fine, 1 ``--fail-on`` matched,
2 some source or delivery failed, 3 another run holds the lock.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager, nullcontext
from datetime import datetime, timezone
from functools import partial
from itertools import chain
from pathlib import Path
from typing import IO, Any

from policydiff.archive import outbox as box
from policydiff.archive import snapshot as snapshot_mod
from policydiff.archive.batch import Batch
from policydiff.archive.layout import aware, iso
from policydiff.archive.refuse import check_plausible_policy
from policydiff.archive.state import SourceState, load_state, notes_deferred, save_state
from policydiff.archive.versions import Archive, Version
from policydiff.errors import PolicyDiffError
from policydiff.fsutil import atomic_write_text
from policydiff.model import RawText
from policydiff.watch import compare_jobs
from policydiff.watch import outbox as outbox_mod
from policydiff.watch.alerts import (
    Alert,
    ChangeAlert,
    FailureAlert,
    VersionRef,
    change_alert,
    ordered,
)
from policydiff.watch.config import Config, Source
from policydiff.watch.coverage import config_warnings, unalerted
from policydiff.watch.fetch import Fetched, fetch_source
from policydiff.watch.lock import run_lock
from policydiff.watch.outcome import (
    FAIL_ON,
    Options,
    Outcome,
    RunResult,
    Status,
    exit_status,
    failure_transition,
    fast_key,
)
from policydiff.watch.owed import alert_for_version as alert_for_version  # re-exported: its old home
from policydiff.watch.owed import job, recover, version_ref
from policydiff.watch.select import is_due, select
from policydiff.watch.sinks import digest as digest_sink
from policydiff.watch.sinks import feeds as feeds_sink

STATE_EVERY = 10.0  # seconds between saves of checks.json during a long run
_RESULTS = {"changed": "recorded", "first": "recorded", "unchanged": "unchanged", "same_text": "unchanged",
            "returned": "returned"}


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
    with run_lock(archive_dir, wait=options.wait), notes_deferred(archive_dir), _gc_frozen():
        return _run_locked(archive_dir, config, options, now=time.time() if now is None else now, on_progress=on_progress)


@contextmanager
def _gc_frozen() -> Iterator[None]:
    """The objects loaded before the run (modules, the sources file) stay out of the cyclic
    collector's sight while it runs: its collections walk only what the run makes, and the
    compare workers forked from it do not touch (and copy) those pages either."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


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
    recovered: list[Alert] = []
    deliveries = []
    if not options.dry_run:
        # first what an earlier run owes: versions it recorded but never alerted, alerts not yet sent
        recovered = recover(archive, archive_dir, config, now, run_id)
        deliveries = outbox_mod.deliver_pending(archive_dir, config, now=now, run=run_id, environ=options.environ,
                                                prune=False)  # pruned once, at the end
    chosen = select(config.sources, only=options.only, tags=options.tags, shard=options.shard)
    due = [s for s in chosen if options.force or options.only or is_due(s, state.get(s.slug), now)]
    d = config.defaults

    outcomes: dict[str, Outcome] = {}
    failure_alerts: list[FailureAlert] = []
    change_alerts: list[ChangeAlert] = []
    owed: list[dict[str, Any]] = []  # the intents of the versions this run's batch lands (box.write_intents)
    done = 0
    saved_at = time.monotonic()

    def finish(source: Source, outcome: Outcome) -> None:
        nonlocal done, saved_at
        outcomes[source.slug] = outcome
        st = state.setdefault(source.slug, SourceState())
        st.last_check = now
        st.last_result = _RESULTS.get(outcome.status, "") or f"failed: {outcome.error}"[:300]
        ok = outcome.status != "failed"
        if ok:
            st.last_ok = now
        fa = failure_transition(source, st, ok, outcome.error, d.failure_threshold, when_iso, d.lang)
        if fa is not None:
            failure_alerts.append(fa)
        if outcome.alert is not None:
            change_alerts.append(outcome.alert)
        done += 1
        if not options.dry_run and time.monotonic() - saved_at > STATE_EVERY:
            save_state(archive_dir, state)  # a long run keeps what it learnt as it goes
            saved_at = time.monotonic()
        if on_progress is not None:
            on_progress(done, len(due))

    # One batch for the run: each new version is its own commit, chained, and main moves once at the end.
    compares = compare_jobs.Compares(0 if options.dry_run else len(due))
    # a run of URLs that will probably compare forks the compare host now, before its fetch threads: the
    # host loads the compare stage while the URLs are fetched and takes each job as it is recorded (a
    # run of files starts no thread: it forks at its first change, as it would here)
    comparable = [s for s in due if (st := state.get(s.slug)) is not None and st.version]
    if any(s.path is None for s in comparable):
        compares.start_early(len(comparable))
    batching = archive.batch() if not options.dry_run else nullcontext(None)
    with compares:
        # URLs are fetched in a thread pool (started first); files are read here, in this thread: a
        # run of files only starts no thread, so the compares' workers fork at its first change
        remote, local = [s for s in due if s.path is None], [s for s in due if s.path is not None]
        threads = ThreadPoolExecutor(max_workers=max(1, min(d.concurrency, len(remote)))) if remote else None
        with batching as batch, threads or nullcontext():
            futures: dict[Future[Fetched], Source] = {
                threads.submit(fetch_source, s, retries=d.retries, user_agent=d.user_agent): s for s in remote
            } if threads is not None else {}
            compares.after(futures)  # its pool is forked once they are all done (no thread left)
            fetches: Iterable[tuple[Source, Callable[[], Fetched]]] = chain(
                ((s, partial(fetch_source, s, retries=d.retries, user_agent=d.user_agent)) for s in local),
                ((futures[fut], fut.result) for fut in _as_completed(futures, compares.pump)))
            for source, fetch in fetches:
                t0 = time.perf_counter()
                try:
                    fetched = fetch()
                    outcome = _process(archive, archive_dir, config, source, fetched, state.get(source.slug), options,
                                       compares, owed)
                except PolicyDiffError as exc:
                    outcome = Outcome(source.slug, "failed", error=str(exc))
                except Exception as exc:  # noqa: BLE001 - one broken source must not stop the others
                    outcome = Outcome(source.slug, "failed", error=f"{type(exc).__name__}: {exc}")
                else:
                    st = state.setdefault(source.slug, SourceState())
                    if outcome.status in ("changed", "first", "same_text", "returned") or (outcome.status == "unchanged" and st.sha256 is None):
                        st.sha256 = fast_key(source, fetched)
                        st.version = outcome.version or st.version
                outcome.seconds = time.perf_counter() - t0
                finish(source, outcome)
                if compares.ready:
                    if threads is not None:
                        threads.shutdown(wait=True)  # every fetch is done: their threads end, and forking is safe
                    compares.start()
            intent_file = box.write_intents(archive_dir, run_id, owed) if batch is not None else None  # then it lands
        # landed: each alert goes to the outbox as its compare ends, synced at once (AlertBatch.land), then
        # the intents go (killed before: _recover)
        landing = outbox_mod.AlertBatch(archive_dir, config, now, run=run_id)
        for job, alert in compares.each():
            if isinstance(alert, Exception):  # recorded, not compared: said, exit 2, the next run compares it again
                outcomes[job.slug].status, outcomes[job.slug].error = "failed", f"compare: {type(alert).__name__}: {alert}"
                intent_file = None
                continue
            if alert is not None:
                if batch is not None and batch.remap:
                    _apply_remap(batch, (), (), [alert])
                outcomes[job.slug].alert = alert
                change_alerts.append(alert)
                landing.add(alert)
        landing.land()
        if intent_file is not None:
            box.remove(intent_file)
        if batch is not None and batch.remap:  # another process landed first: our commits were replayed onto it
            _apply_remap(batch, outcomes.values(), state.values(), [])
        if not options.dry_run:
            try:
                archive.gc_auto()
            except PolicyDiffError as exc:
                print(f"policydiff check: git gc --auto failed (the archive is intact): {exc}", file=sys.stderr)
        ordered_outcomes = [outcomes[s.slug] for s in due]
        all_alerts: list[Alert] = ordered([*recovered, *change_alerts, *failure_alerts])
        result = RunResult(run_id, ordered_outcomes, all_alerts, deliveries, skipped=len(chosen) - len(due), dry_run=options.dry_run,
                           warnings=config_warnings(config) + ([] if options.dry_run else unalerted(config, all_alerts)))

        if not options.dry_run:
            # failure alerts go to the outbox before the state that says they were sent
            for fa in ordered(failure_alerts):
                outbox_mod.enqueue(archive_dir, fa, now, run=run_id)
            # feed.atom, per policy and per tag, from the alert log, complete now: in a compare worker (idle
            # now) while this process saves the state, delivers and writes the digest; a run that forked none
            # writes them here. (A failed delivery's record, appended meanwhile, is in no feed; the log moved
            # under the feeds, so they are not stamped as current, and the next run makes them again.)
            feeds_written = compares.call(partial(feeds_sink.write_all, archive_dir, max_entries=d.feed_entries), last=True)
            save_state(archive_dir, state)
            result.deliveries += outbox_mod.deliver_pending(archive_dir, config, now=now, run=run_id, environ=options.environ)
            result.pending = outbox_mod.pending(archive_dir)
        result.seconds = time.perf_counter() - started
        if not options.dry_run:
            result.digest_path = archive_dir / "digest.md"
            atomic_write_text(result.digest_path, digest_sink.digest_markdown(
                all_alerts, when=when_iso, summary=result.summary(), pending=[p.line() for p in result.pending],
                warnings=result.warnings, notes=result.notes))
            feeds_written()
        result.exit_code = exit_status(result, options.fail_on, options.strict)
    return result


def _as_completed(futures: Iterable[Future[Fetched]], meanwhile: Callable[[], None],
                  every: float = 0.05) -> Iterator[Future[Fetched]]:
    """``as_completed``, calling ``meanwhile()`` every ``every`` seconds while it waits: the
    compares kept while their host loaded go to it while a slow server still holds its answer."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=every, return_when=FIRST_COMPLETED)
        yield from done
        meanwhile()


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
    options: Options, compares: compare_jobs.Compares, owed: list[dict[str, Any]],
) -> Outcome:
    """Record (or, in a dry run, just compare) one fetched source; a changed one's compare starts in ``compares``.

    A version that follows another (the snapshot's ``before_write``) owes an intent, added to
    ``owed``: the run writes them before its batch lands, removes them once their alerts are out.
    """
    if st is not None and st.sha256 == fast_key(source, fetched) and st.version is not None:
        return Outcome(source.slug, "unchanged", version=None)  # the fast path: same bytes as last time
    if options.dry_run:
        return _dry_compare(archive, source, fetched, config.defaults.max_shrink, config.defaults.lang)
    mine: list[dict[str, Any]] = []

    def owe_alert(previous: Version | None) -> None:
        if previous is not None and not mine:
            mine.append({"slug": source.slug, "raw_sha256": fetched.sha256, "fetched_at": iso(aware(fetched.fetched_at)),
                         "name": source.name, "location": source.location, "tags": list(source.tags)})
            owed.extend(mine)

    outcome = _record(archive, archive_dir, config, source, fetched, compares, owe_alert)
    if (outcome.status == "same_text" and st is not None and st.version and outcome.version != st.version
            and st.version in {v.commit for v in archive.versions(source.slug)}):
        outcome.status = "returned"  # the page served another stored version's text last time: a flip back
    if outcome.status == "returned" and not outcome.note:
        outcome.note = f"returned to {outcome.version[:10] if outcome.version else '?'}"
    return outcome


def _record(archive: Archive, archive_dir: Path, config: Config, source: Source, fetched: Fetched,
            compares: compare_jobs.Compares, before_write: Callable[[Version | None], None]) -> Outcome:
    snap = archive.snapshot(
        source.slug,
        fetched.data,
        source=source.location,
        final_url=fetched.final_url,
        selector=source.selector,
        remove=source.remove,
        media_type=fetched.content_type,
        fetched_at=fetched.fetched_at,
        http_status=fetched.http_status,
        content_type=fetched.content_type,
        charset=fetched.charset,
        max_shrink=config.defaults.max_shrink,
        before_write=before_write,
    )
    if not snap.recorded:
        head = snap.previous
        status: Status = "returned" if snap.reason == "returned" else "same_text"
        return Outcome(source.slug, status, version=head.commit if head is not None else None,
                       note=_return_note(head) if head is not None else "")
    version = snap.version
    assert version is not None
    if snap.previous is None:
        return Outcome(source.slug, "first", version=version.commit)
    if version.meta.get("technical"):  # same source bytes, a new extraction: recorded, never alerted
        return Outcome(source.slug, "changed", version=version.commit)
    previous = snap.previous
    compares.submit(job(archive_dir, config, source, previous, version,
                         snap.previous_text if snap.previous_text is not None else archive.text(previous),
                         snap.text if snap.text is not None else archive.text(version)))
    return Outcome(source.slug, "changed", version=version.commit)  # its alert, if any, once compared


def _return_note(version: Version) -> str:
    """What a source that reads again as an earlier version says, in one line."""
    return f"the text is again that of #{version.index} (recorded {version.date.date()}); no new version"


def _dry_compare(archive: Archive, source: Source, fetched: Fetched, max_shrink: float, lang: str = "zh") -> Outcome:
    """Dry run: the snapshot's own path (prepare, unchanged, refuse), then compare; record nothing."""
    prepared = snapshot_mod.prepare(fetched.data, source.location, fetched.content_type,
                                    charset=fetched.charset, selector=source.selector, remove=source.remove)
    versions = archive.versions(source.slug)
    prev = versions[-1] if versions else None
    old_text = archive.text(prev) if prev is not None else None
    if prev is None or old_text is None:
        check_plausible_policy(prepared.raw.text, None, max_shrink, source=source.location)
        return Outcome(source.slug, "first")
    if snapshot_mod.unchanged(old_text, prepared):
        return Outcome(source.slug, "same_text")
    check_plausible_policy(prepared.raw.text, old_text, max_shrink, source=source.location)
    from policydiff.compare.pipeline import compare  # the compare stage: only when something changed

    result = compare(RawText(old_text, f"{source.slug} #{prev.index}"), RawText(prepared.raw.text, f"{source.slug} (fetched)"))
    alert = change_alert(
        slug=source.slug, name=source.name, location=source.location, tags=source.tags, result=result,
        old=version_ref(prev), new=VersionRef(None, None, fetched.fetched_at.isoformat()), lang=lang,
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
    for w in result.warnings:
        out.write(f"policydiff check: warning: {w}\n")
