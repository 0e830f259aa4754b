"""The compare of a run's changed sources, on every core: compare, reports and the alert of each.

What is left per changed source once its version is recorded is pure CPU work on two texts, so
it runs in a process pool while the run goes on recording the others (``Compares``: submitted
as each version is recorded, collected in that order once the batch has landed). The pool is
forked at the first changed source, as it is, and each worker loads the compare stage (jieba,
the lexicon) as it starts, on its own core, while this process goes on reading and recording:
loading it here first (so the workers would inherit it) kept every worker idle for ~100 ms of
serial work and spent it on the core the run's recording needs. A run where nothing changed
forks and loads nothing. A fork happens only when the run has no other thread (its fetches are
done: ``start``), since a child forked beside a thread can inherit a lock that thread held.
Fewer than ``MIN_PARALLEL`` jobs, or one core: every job runs here.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from policydiff.fsutil import atomic_write_text
from policydiff.model import RawText
from policydiff.text.memo import one_comparison
from policydiff.watch.alerts import ChangeAlert, VersionRef, change_alert

if TYPE_CHECKING:  # the pool's modules (multiprocessing) are loaded only when a run forks one
    from concurrent.futures import Future, ProcessPoolExecutor

MIN_PARALLEL = 3  # jobs below which forking workers costs more than it saves


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
    """Compare, write both reports (atomically and synced); the alert, or None for a layout-only
    change (no alert).

    The reports are synced here, in the worker that wrote them, not by the run with the alert's
    outbox entry: the run's process is the one every other version waits on (it records them),
    and a worker blocked on its disk leaves its core to the others.
    """
    from policydiff.compare.pipeline import compare  # the compare stage: loaded by the first job only
    from policydiff.report import render

    with one_comparison():  # the reports and the alert read the summary of the result once
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
    """The compares of one run: ``submit`` each job as its version is recorded, ``each`` at the end.

    Jobs wait here until ``start`` (the caller's word that no other thread runs): the compare
    stage is loaded here, then the pool is forked and takes the jobs as they come. Used as a context
    manager: leaving it stops the workers (the jobs still queued are dropped when the run
    failed). ``expected`` is how many jobs the run may submit at most (its due sources).
    """

    def __init__(self, expected: int) -> None:
        self.jobs: list[CompareJob] = []
        self._parallel = _cores() > 1 and expected >= MIN_PARALLEL
        self._pool: ProcessPoolExecutor | None = None
        self._waiting: list[int] = []  # submitted, not started (no pool yet)
        self._futures: dict[int, Future[ChangeAlert | None]] = {}
        self._fetches_left = 0  # see ``after``
        self._lock = threading.Lock()

    def submit(self, job: CompareJob) -> None:
        """Hand ``job`` to a free worker, or keep it until ``start``."""
        self.jobs.append(job)
        if self._pool is not None:
            self._to_pool(len(self.jobs) - 1)
        else:
            self._waiting.append(len(self.jobs) - 1)

    @property
    def waiting(self) -> bool:
        """Whether jobs wait for ``start`` to fork the pool."""
        return self._parallel and self._pool is None and bool(self._waiting)

    def after(self, futures: Iterable[Future[Any]]) -> None:
        """The run's fetches: ``ready`` waits for every one of them to be done."""
        for future in futures:
            with self._lock:
                self._fetches_left += 1
            future.add_done_callback(self._fetched)

    def _fetched(self, _future: object) -> None:  # in the fetch thread, or here when already done
        with self._lock:
            self._fetches_left -= 1

    @property
    def ready(self) -> bool:
        """Whether jobs wait and every fetch is done: time for ``start`` once their threads end."""
        return self.waiting and self._fetches_left == 0

    def start(self, *, last: bool = False) -> None:
        """Fork the pool (each worker loads the compare stage as it starts, ``_worker_start``) and
        hand it the waiting jobs. Call it only when this process runs no other thread. ``last``: no
        job will follow, so fewer than ``MIN_PARALLEL`` left run here instead of in a pool of their own."""
        if not self.waiting or (last and len(self._waiting) < MIN_PARALLEL):
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: a worker starts from this process's loaded modules at once (spawn would start a
        # new interpreter and import the CLI again)
        self._pool = ProcessPoolExecutor(max_workers=_cores(), initializer=_worker_start,
                                         mp_context=multiprocessing.get_context("fork"))
        for i in self._waiting:
            self._to_pool(i)
        self._waiting = []

    def _to_pool(self, i: int) -> None:
        assert self._pool is not None
        try:
            self._futures[i] = self._pool.submit(run_one, self.jobs[i])
        except RuntimeError:  # a broken pool (a worker was killed): this job runs here, in each()
            pass

    def each(self) -> Iterator[tuple[CompareJob, Result]]:
        """Each submitted job with its alert (or None, or the exception it raised), in submission
        order, each as soon as it is ready: what the caller does with one overlaps the others.
        Call it once the run has no other thread (it may ``start`` the pool)."""
        self.start(last=True)
        for i, job in enumerate(self.jobs):
            result: Result
            if i in self._futures:
                try:
                    result = self._futures.pop(i).result()
                except Exception as exc:  # noqa: BLE001 - one broken comparison must not stop the others
                    result = exc
            else:
                result = _guarded(job)
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


def _warm() -> None:
    """Load what every compare needs (the compare stage, the report renderers, jieba's dictionary)
    once per worker, before its first job."""
    from policydiff.compare import pipeline  # noqa: F401
    from policydiff.report import html, markdown  # noqa: F401
    from policydiff.text.tokens import tokenizer

    tokenizer()


def _guarded(job: CompareJob) -> Result:
    """``run_one`` here: its alert, or the exception it raised (one broken job stops no other)."""
    try:
        return run_one(job)
    except Exception as exc:  # noqa: BLE001 - as in Compares.each
        return exc


def run_all(jobs: list[CompareJob]) -> list[Result]:
    """Each job's alert (or None, or the exception it raised), in the order given."""
    with Compares(len(jobs)) as compares:
        for job in jobs:
            compares.submit(job)
        return compares.results()


def _worker_start() -> None:
    """A forked worker lets go of the run's lock and dies with the run (a check killed while its
    compares run must not leave orphans that hold ``check.lock`` against the next run), then
    loads the compare stage (``_warm``)."""
    from policydiff.watch.lock import release_inherited

    release_inherited()
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass  # elsewhere: the lock is still released above
    _warm()
