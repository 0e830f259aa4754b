"""The compare of a run's changed sources, on every core: compare, reports and the alert of each.

What is left per changed source once its version is recorded is pure CPU work on two texts, so
it runs in a process pool while the run goes on recording the others (``Compares``: submitted
as each version is recorded, collected in that order once the batch has landed). The pool is
forked when the run starts, before the run's fetch threads exist (forking a process with
threads can leave a child stuck on a lock another thread held); its workers load the compare
stage (jieba, the lexicon) with their first job, so a run where nothing changed pays two
idle forks and no import. Fewer than ``MIN_PARALLEL`` due sources, or one core: the jobs run
here, one after another, when the results are asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from policydiff.fsutil import atomic_write_text
from policydiff.model import RawText
from policydiff.watch.alerts import ChangeAlert, VersionRef, change_alert

MIN_PARALLEL = 3  # due sources below which forking workers costs more than it saves


@dataclass
class CompareJob:
    """One changed source: both texts, the versions' names and where its reports go."""

    slug: str
    name: str
    location: str
    old_text: str
    new_text: str
    old: VersionRef
    new: VersionRef
    md: str
    html: str
    tags: list[str] = field(default_factory=list)
    lang: str = "zh"  # the reports' and the alert's language
    report_url: str | None = None  # the report's link under report_base_url


def run_one(job: CompareJob) -> ChangeAlert | None:
    """Compare, write both reports; the alert, or None for a layout-only change (no alert)."""
    from policydiff.compare.pipeline import compare  # the compare stage: loaded by the first job only
    from policydiff.report import render

    result = compare(RawText(job.old_text, f"{job.slug} #{job.old.index}"),
                     RawText(job.new_text, f"{job.slug} #{job.new.index}"))
    atomic_write_text(Path(job.md), render(result, "md", lang=job.lang))
    atomic_write_text(Path(job.html), render(result, "html", lang=job.lang))
    alert = change_alert(slug=job.slug, name=job.name, location=job.location, tags=job.tags, result=result,
                         old=job.old, new=job.new, report_md=job.md, report_html=job.html, lang=job.lang,
                         report_url=job.report_url)
    if not result.changes and all(p.status == "unchanged" for p in result.pairs):
        return None
    return alert


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


Result = ChangeAlert | None | Exception  # a job's alert, None (no alert), or what it raised


class Compares:
    """The compares of one run: ``submit`` each job as its version is recorded, ``results`` at the end.

    Used as a context manager: leaving it stops the workers (the jobs still queued are
    dropped when the run failed). ``expected`` is how many jobs the run may submit at most
    (its due sources): a pool is forked now when that many can pay for it.
    """

    def __init__(self, expected: int) -> None:
        self.jobs: list[CompareJob] = []
        self._futures: list[Future[ChangeAlert | None] | None] = []  # None: run here, in results()
        self._pool: ProcessPoolExecutor | None = None
        cores = _cores()
        if cores > 1 and expected >= MIN_PARALLEL:
            import multiprocessing

            # fork: cheap, and nothing to re-import; now, before the run's threads exist
            self._pool = ProcessPoolExecutor(max_workers=min(cores, expected), initializer=_worker_start,
                                             mp_context=multiprocessing.get_context("fork"))
            self._pool.submit(_ready)  # with fork, the first submit starts every worker

    def submit(self, job: CompareJob) -> None:
        """Start comparing ``job`` on a free worker (or, without a pool, keep it for ``results``)."""
        self.jobs.append(job)
        future = None
        if self._pool is not None:
            try:
                future = self._pool.submit(run_one, job)
            except RuntimeError:  # a broken pool (a worker was killed): this job runs here
                future = None
        self._futures.append(future)

    def each(self) -> Iterator[tuple[CompareJob, Result]]:
        """Each submitted job with its alert (or None, or the exception it raised), in submission
        order, each as soon as it is ready: what the caller does with one overlaps the others."""
        for job, future in zip(self.jobs, self._futures, strict=True):
            try:
                result: Result = future.result() if future is not None else run_one(job)
            except Exception as exc:  # noqa: BLE001 - one broken comparison must not stop the others
                result = exc
            yield job, result

    def results(self) -> list[Result]:
        """Each submitted job's alert (or None, or the exception it raised), in submission order."""
        return [result for _job, result in self.each()]

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers once their jobs are done (``cancel``: drop the jobs not started)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None

    def __enter__(self) -> Compares:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close(cancel=kind is not None)


def run_all(jobs: list[CompareJob]) -> list[Result]:
    """Each job's alert (or None, or the exception it raised), in the order given."""
    with Compares(len(jobs)) as compares:
        for job in jobs:
            compares.submit(job)
        return compares.results()


def _ready() -> None:
    """A job that does nothing: submitting it starts the workers."""


def _worker_start() -> None:
    """A forked worker lets go of the run's lock and dies with the run: a check killed while its
    compares run must not leave orphans that hold ``check.lock`` against the next run."""
    from policydiff.watch.lock import release_inherited

    release_inherited()
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass  # elsewhere: the lock is still released above
