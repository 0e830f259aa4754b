"""The scheduled job: fetch the due sources, record new versions, compare, report and alert.

One run at a time per archive (``check.lock``). Fetching runs in a bounded thread pool;
everything that writes to the archive runs in the calling thread, in slug order. An
unchanged source costs one fetch and one sha256: its raw bytes are compared with the last
recorded ones before any extraction. Exit statuses: 0 fine, 1 ``--fail-on`` matched,
2 some source or delivery failed, 3 another run holds the lock.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Literal

from policydiff import alerts as alerts_mod
from policydiff.alerts import Alert, ChangeAlert, Delivery, FailureAlert, VersionRef
from policydiff.config import Config, Source
from policydiff.errors import ConfigError, FetchError, LockedError, PolicyDiffError
from policydiff.fsutil import atomic_write_text

EXIT_OK, EXIT_FAIL_ON, EXIT_ERRORS, EXIT_LOCKED = 0, 1, 2, 3
FAIL_ON = ("never", "change", "material")

Status = Literal["unchanged", "changed", "first", "failed", "same_text"]


# -- per-source state kept between runs -------------------------------------------------------------


@dataclass
class SourceState:
    """What the last runs learnt about one source (archive/state/checks.json)."""

    last_check: float = 0.0  # epoch seconds of the last attempt
    last_ok: float | None = None
    sha256: str | None = None  # of the raw bytes behind the latest recorded version
    version: str | None = None  # that version's commit
    failures: int = 0  # consecutive failed checks
    failing_since: str | None = None
    failing_alerted: bool = False  # the "failing" alert went out for this streak
    last_error: str = ""


def load_state(path: Path) -> dict[str, SourceState]:
    """The state file, or an empty state when there is none (a corrupt one is set aside)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, json.JSONDecodeError):
        path.replace(path.with_suffix(".corrupt.json"))
        return {}
    fields = set(SourceState.__dataclass_fields__)
    return {slug: SourceState(**{k: v for k, v in d.items() if k in fields}) for slug, d in raw.get("sources", {}).items()}


def save_state(path: Path, state: dict[str, SourceState]) -> None:
    data = {"version": 1, "sources": {slug: asdict(s) for slug, s in sorted(state.items())}}
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


# -- selection --------------------------------------------------------------------------------------


def parse_shard(text: str) -> tuple[int, int]:
    """"2/4" -> (2, 4); K counts from 1."""
    try:
        k_s, n_s = text.split("/")
        k, n = int(k_s), int(n_s)
    except ValueError:
        raise ConfigError(f"--shard takes K/N such as 1/4, not {text!r}") from None
    if not (n >= 1 and 1 <= k <= n):
        raise ConfigError(f"--shard {text}: need 1 <= K <= N")
    return k, n


def shard_of(slug: str, n: int) -> int:
    """The shard (1..n) a slug belongs to: a stable hash, the same on every machine and run."""
    return int(hashlib.sha1(slug.encode("utf-8")).hexdigest(), 16) % n + 1


def select(
    sources: Sequence[Source],
    *,
    only: Sequence[str] = (),
    tags: Sequence[str] = (),
    shard: tuple[int, int] | None = None,
) -> list[Source]:
    """Sources named by --only, carrying one of --tags, in shard K of N."""
    known = {s.slug for s in sources}
    missing = [s for s in only if s not in known]
    if missing:
        raise ConfigError(f"--only: no source with slug {', '.join(map(repr, missing))}")
    out = []
    for s in sources:
        if only and s.slug not in only:
            continue
        if tags and not set(tags) & set(s.tags):
            continue
        if shard and shard_of(s.slug, shard[1]) != shard[0]:
            continue
        out.append(s)
    return out


def is_due(source: Source, state: SourceState | None, now: float) -> bool:
    """Due when never checked, or its interval has passed (a failing source is retried as often)."""
    return state is None or now - state.last_check >= source.interval - 1.0


# -- fetching (worker threads) -----------------------------------------------------------------------


@dataclass
class Fetched:
    """Raw bytes of one source and how they came."""

    data: bytes
    sha256: str
    fetched_at: datetime
    http_status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    final_url: str | None = None


def fetch_source(source: Source, *, retries: int = 2, user_agent: str | None = None) -> Fetched:
    """Read a source's bytes from its URL or path; FetchError says why not."""
    now = datetime.now(timezone.utc)
    if source.path is not None:
        try:
            data = source.path.read_bytes()
        except OSError as exc:
            raise FetchError(f"{source.path}: {exc.strerror or exc}") from None
        fetched = Fetched(data, "", now)
    else:
        from policydiff import fetch

        kwargs: dict[str, Any] = {"timeout": source.timeout, "retries": retries}
        if user_agent:
            kwargs["user_agent"] = user_agent
        assert source.url is not None
        r = fetch.fetch(source.url, **kwargs)
        fetched = Fetched(
            r.data, "", getattr(r, "fetched_at", None) or now, http_status=r.status,
            content_type=r.content_type, charset=r.charset, final_url=r.final_url,
        )
    if not fetched.data.strip():
        raise FetchError(f"{source.location}: empty response")
    fetched.sha256 = hashlib.sha256(fetched.data).hexdigest()
    return fetched


# -- one run ----------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What happened to one source in this run."""

    slug: str
    status: Status
    error: str = ""
    alert: ChangeAlert | None = None
    version: str | None = None  # commit recorded in this run
    seconds: float = 0.0


@dataclass
class RunResult:
    """A whole run: outcomes, alerts, deliveries, the summary line and the exit status."""

    run_id: str
    outcomes: list[Outcome]
    alerts: list[Alert]
    deliveries: list[Delivery]
    skipped: int  # selected but not due
    dry_run: bool
    exit_code: int = EXIT_OK
    digest_path: Path | None = None
    seconds: float = 0.0

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def failed_deliveries(self) -> list[Delivery]:
        return [d for d in self.deliveries if not d.ok]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def summary(self) -> str:
        """The run in one line, for cron mail and logs."""
        changed = [o for o in self.outcomes if o.alert is not None]
        material = sum(1 for o in changed if o.alert and o.alert.material)
        parts = [
            f"checked {len(self.outcomes)}",
            f"new versions {self.count('changed') + self.count('first')}",
            f"changed {len(changed)} (material {material})",
            f"unchanged {self.count('unchanged') + self.count('same_text')}",
            f"failed {len(self.errors)}",
        ]
        if self.skipped:
            parts.append(f"not due {self.skipped}")
        if self.deliveries:
            parts.append(f"alerts delivered {sum(1 for d in self.deliveries if d.ok)}/{len(self.deliveries)}")
        head = "policydiff check (dry run)" if self.dry_run else "policydiff check"
        return f"{head}: " + ", ".join(parts) + f" in {self.seconds:.1f}s"


@dataclass
class Options:
    """What the command line asked for."""

    only: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    shard: tuple[int, int] | None = None
    dry_run: bool = False
    wait: bool = False
    force: bool = False  # check every selected source now, due or not
    fail_on: str = "never"
    progress: bool = False
    environ: dict[str, str] | None = None  # for ${VAR} expansion (tests); None = os.environ


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
        fh.write(f"pid {os.getpid()} since {alerts_mod.now_iso()}\n")
        fh.flush()
        yield
    finally:
        fh.close()  # closing releases the lock


def state_path(archive_dir: Path) -> Path:
    return archive_dir / "state" / "checks.json"


def _report_paths(archive_dir: Path, slug: str, index: int | None, when: datetime) -> tuple[Path, Path]:
    stem = when.strftime("%Y-%m-%d") + (f"_v{index}" if index is not None else "")
    base = archive_dir / "reports" / slug / stem
    return base.with_suffix(".md"), base.with_suffix(".html")


def write_reports(result: Any, md: Path, html: Path) -> None:
    """The Markdown and HTML reports of one comparison (HTML falls back to the Markdown, escaped)."""
    from policydiff import report

    atomic_write_text(md, report.render(result, "md"))
    try:
        html_text = report.render(result, "html")
    except ImportError:
        import html as html_mod

        html_text = (
            "<!doctype html><meta charset=\"utf-8\"><title>policydiff report</title><pre>"
            + html_mod.escape(report.render(result, "md"))
            + "</pre>"
        )
    atomic_write_text(html, html_text)


def _version_ref(archive: Any, version: Any) -> VersionRef:
    date = getattr(version, "date", None)
    date_s = date.isoformat() if isinstance(date, datetime) else str(date or "")
    return VersionRef(getattr(version, "index", None), getattr(version, "commit", None), date_s)


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


def _open_archive(archive_dir: Path, create: bool) -> Any:
    from policydiff import archive as archive_mod

    try:
        return archive_mod.Archive.open(archive_dir)
    except PolicyDiffError:
        if not create:
            raise
        return archive_mod.Archive.init(archive_dir)


def _run_locked(
    archive_dir: Path, config: Config, options: Options, *, now: float, on_progress: Callable[[int, int], None] | None
) -> RunResult:
    started = time.perf_counter()
    run_id = datetime.fromtimestamp(now, timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    when_iso = datetime.fromtimestamp(now, timezone.utc).replace(microsecond=0).isoformat()
    archive = _open_archive(archive_dir, create=not options.dry_run)
    spath = state_path(archive_dir)
    state = load_state(spath)
    chosen = select(config.sources, only=options.only, tags=options.tags, shard=options.shard)
    due = [s for s in chosen if options.force or options.only or is_due(s, state.get(s.slug), now)]
    d = config.defaults

    outcomes: dict[str, Outcome] = {}
    failure_alerts: list[FailureAlert] = []
    change_alerts: list[ChangeAlert] = []
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

    with ThreadPoolExecutor(max_workers=max(1, min(d.concurrency, len(due) or 1))) as pool:
        futures: dict[Future[Fetched], Source] = {
            pool.submit(fetch_source, s, retries=d.retries, user_agent=d.user_agent): s for s in due
        }
        for fut in as_completed(futures):
            source = futures[fut]
            t0 = time.perf_counter()
            try:
                fetched = fut.result()
                outcome = _process(archive, archive_dir, config, source, fetched, state.get(source.slug), options)
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

    ordered_outcomes = [outcomes[s.slug] for s in due]
    all_alerts: list[Alert] = alerts_mod.ordered([*change_alerts, *failure_alerts])
    result = RunResult(run_id, ordered_outcomes, all_alerts, [], skipped=len(chosen) - len(due), dry_run=options.dry_run)

    if not options.dry_run:
        save_state(spath, state)  # versions are recorded: remember their hashes before anything can fail
        log = archive_dir / "alerts.jsonl"
        alerts_mod.append_log(log, alerts_mod.alert_records(all_alerts, run=run_id))
        alerts_mod.write_feed(archive_dir / "feed.atom", all_alerts, max_entries=d.feed_entries)
        result.deliveries = alerts_mod.deliver(config, all_alerts, environ=options.environ)
        alerts_mod.append_log(log, alerts_mod.delivery_records(result.failed_deliveries, run=run_id))
    result.seconds = time.perf_counter() - started
    if not options.dry_run:
        result.digest_path = archive_dir / "digest.md"
        atomic_write_text(result.digest_path, alerts_mod.digest_markdown(all_alerts, when=when_iso, summary=result.summary()))
    result.exit_code = exit_status(result, options.fail_on)
    return result


def exit_status(result: RunResult, fail_on: str) -> int:
    """2 when a source or a delivery failed; else 1 when --fail-on matched; else 0."""
    if result.errors or result.failed_deliveries:
        return EXIT_ERRORS
    changes = [a for a in result.alerts if isinstance(a, ChangeAlert)]
    if fail_on == "material" and any(a.material for a in changes):
        return EXIT_FAIL_ON
    if fail_on == "change" and changes:
        return EXIT_FAIL_ON
    return EXIT_OK


def _process(
    archive: Any, archive_dir: Path, config: Config, source: Source, fetched: Fetched, st: SourceState | None, options: Options
) -> Outcome:
    """Record (or, in a dry run, just compare) one fetched source; the alert when it changed."""
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
        return Outcome(source.slug, "same_text", version=getattr(head, "commit", None))
    version = snap.version
    if snap.previous is None:
        return Outcome(source.slug, "first", version=version.commit)
    from policydiff.compare import compare
    from policydiff.models import RawText

    # Re-read the versions: snap.previous still describes the tip as it was before this
    # snapshot, and Archive.text() would read the tip (the new text) for it.
    fresh = {v.commit: v for v in archive.versions(source.slug)}
    previous = fresh.get(snap.previous.commit, snap.previous)
    version = fresh.get(version.commit, version)
    old_text, new_text = archive.text(previous), archive.text(version)
    result = compare(RawText(old_text, f"{source.slug} #{previous.index}"), RawText(new_text, f"{source.slug} #{version.index}"))
    fetched_date = version.date if isinstance(getattr(version, "date", None), datetime) else fetched.fetched_at
    md, html = _report_paths(archive_dir, source.slug, getattr(version, "index", None), fetched_date)
    write_reports(result, md, html)
    alert = alerts_mod.change_alert(
        slug=source.slug, name=source.name, location=source.location, tags=source.tags, result=result,
        old=_version_ref(archive, previous), new=_version_ref(archive, version),
        report_md=str(md), report_html=str(html),
    )
    if not result.changes and all(p.status == "unchanged" for p in result.pairs):
        return Outcome(source.slug, "changed", version=version.commit)  # layout-only: recorded, no alert
    return Outcome(source.slug, "changed", alert=alert, version=version.commit)


def _dry_compare(archive: Any, source: Source, fetched: Fetched, max_shrink: float) -> Outcome:
    """Dry run: extract and compare with the latest version; record nothing."""
    from policydiff import ingest
    from policydiff.compare import compare
    from policydiff.extract import normalize_media_type
    from policydiff.fetch import check_plausible_policy
    from policydiff.models import RawText

    declared = normalize_media_type(fetched.content_type)
    sniffed = ingest.sniff_media_type(fetched.data, source.location)
    media = declared if declared in ("text/html", "application/xhtml+xml", "text/plain") and sniffed != "application/pdf" else sniffed
    new_raw = ingest.read_bytes(fetched.data, source.location, media, charset=fetched.charset, selector=source.selector)
    versions = archive.versions(source.slug)
    prev = versions[-1] if versions else None
    old_text = archive.text(prev) if prev is not None else None
    check_plausible_policy(new_raw.text, old_text, max_shrink, source=source.location)
    if prev is None or old_text is None:
        return Outcome(source.slug, "first")
    if old_text == new_raw.text:
        return Outcome(source.slug, "same_text")
    result = compare(RawText(old_text, f"{source.slug} #{prev.index}"), RawText(new_raw.text, f"{source.slug} (fetched)"))
    if not result.changes and all(p.status == "unchanged" for p in result.pairs):
        return Outcome(source.slug, "same_text")
    alert = alerts_mod.change_alert(
        slug=source.slug, name=source.name, location=source.location, tags=source.tags, result=result,
        old=_version_ref(archive, prev), new=VersionRef(None, None, fetched.fetched_at.isoformat()),
    )
    return Outcome(source.slug, "changed", alert=alert)


def print_outcome_errors(result: RunResult, stream: IO[str] | None = None) -> None:
    """One stderr line per failed source and per failed delivery."""
    out = stream or sys.stderr
    for o in result.errors:
        out.write(f"policydiff check: {o.slug}: {o.error}\n")
    for dlv in result.failed_deliveries:
        out.write(f"policydiff check: alert route {dlv.route} → {dlv.url} failed: {dlv.error}\n")
