"""The compare of a run's changed sources, on every core: compare, reports and the alert of each.

What is left per changed source once its version is recorded is pure CPU work on two texts, so
it runs in other processes while the run goes on recording the others (``Compares``: submitted
as each version is recorded, collected in that order once the batch has landed). The run forks
the compare host (``watch.compare_host``), which loads the compare stage (jieba, the lexicon)
once, on another core, and forks the workers from itself: no worker loads it again, and the run,
which every other version waits on, never loads it at all.

A fork happens only when the run has no other thread, since a child forked beside a thread can
inherit a lock that thread held. So the host is forked:

- before the run's first fetch (``start_early``) when a run of URLs will probably compare: it
  has several cores and at least ``MIN_PARALLEL`` due sources with a recorded version. The host
  loads the compare stage while the URLs are fetched, and the compares start while the other
  URLs are still being fetched, not once the slowest has answered. A host that got nothing to do
  (every source was unchanged) is killed at the end, unused: it has written nothing;
- else at the first changed source once every fetch is done (``start``): at once in a run of
  files, which starts no thread;
- never in a first run (nothing to compare), a dry run, on one core, or for fewer than
  ``MIN_PARALLEL`` jobs without an early host: those jobs run here.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from policydiff import regex_cache
from policydiff.fsutil import atomic_write_text
from policydiff.model import RawText
from policydiff.text.memo import one_comparison
from policydiff.watch.alerts import ChangeAlert, VersionRef, change_alert
from policydiff.watch.compare_host import Host, HostStopped, die_with_parent

if TYPE_CHECKING:
    from concurrent.futures import Future

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


def run_one(job: CompareJob, *, sync: bool = True) -> ChangeAlert | None:
    """Compare, write both reports (atomically; ``sync``: durable before it returns); the alert,
    or None for a layout-only change (no alert).

    In a compare worker the reports are written unsynced and the compare host syncs them before
    it passes the answer on (``reports_of``): not the run, whose process every other version
    waits on (it records them), and not the worker, which goes on to its next compare meanwhile.
    """
    from policydiff.compare.pipeline import compare  # the compare stage: loaded by the first job only
    from policydiff.report import render

    with one_comparison():  # the reports and the alert read the summary of the result once
        result = compare(RawText(job.old_text, f"{job.slug} #{job.old.index}"),
                         RawText(job.new_text, f"{job.slug} #{job.new.index}"))
        atomic_write_text(Path(job.md), render(result, "md", lang=job.lang), sync=sync)
        atomic_write_text(Path(job.html), render(result, "html", lang=job.lang), sync=sync)
        alert = change_alert(slug=job.slug, name=job.name, location=job.location, tags=job.tags, result=result,
                             old=job.old, new=job.new, report_md=job.md, report_html=job.html, lang=job.lang,
                             report_url=job.report_url)
    if not result.changes and all(p.status == "unchanged" for p in result.pairs):
        return None
    return alert


def reports_of(args: tuple[Any, ...]) -> list[str]:
    """The reports a job sent to the host with these arguments writes (unsynced: ``run_in_worker``)."""
    return [args[0].md, args[0].html] if len(args) == 1 and isinstance(args[0], CompareJob) else []


def run_in_worker(job: CompareJob) -> ChangeAlert | None:
    """``run_one`` in a compare worker, its cycle collector paused until the job is done.

    A compare builds trees of objects that point at each other; the collector would walk them
    some 4 times a job while they are all still in use (~3 % of a job's time). Paused, it walks
    what is left once, at the end: the job's cycles, freed then. The price is the cycles a job
    drops on its way, held until its end (+5 % peak memory on two 1 MB policies).
    """
    import gc

    gc.disable()
    try:
        return run_one(job, sync=False)  # the host syncs its reports (``reports_of``) while this worker goes on
    finally:
        gc.enable()
        gc.collect(1)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


Result = ChangeAlert | None | Exception  # a job's alert, None (no alert), or what it raised


class Compares:
    """The compares of one run: ``submit`` each job as its version is recorded, ``each`` at the end.

    Jobs wait here until ``start`` (the caller's word that no other thread runs): the compare
    host is forked then and takes the jobs as they come. Used as a context manager: leaving it
    ends the host and its workers (the jobs still queued are dropped when the run failed).
    ``expected`` is how many jobs the run may submit at most (its due sources).
    """

    def __init__(self, expected: int) -> None:
        self.jobs: list[CompareJob] = []
        self._parallel = _cores() > 1 and expected >= MIN_PARALLEL
        self._host: Host | None = None
        self._waiting: list[int] = []  # submitted, not started (no host yet)
        self._sent: set[int] = set()  # handed to the host
        self._calls = 0  # tasks handed to the host (``call``)
        self._fetches_left = 0  # see ``after``
        self._lock = threading.Lock()

    def start_early(self, likely: int) -> None:
        """Fork the host now, before the run's first fetch, when the run will probably compare:
        ``likely`` (its due sources that have a recorded version) reaches ``MIN_PARALLEL`` on
        several cores. Only when this process runs no other thread; else ``start`` forks it later."""
        if self._parallel and self._host is None and likely >= MIN_PARALLEL and threading.active_count() == 1:
            self._host = Host(_cores(), run_in_worker, _host_start, _worker_start, reports_of)

    def submit(self, job: CompareJob) -> None:
        """Hand ``job`` to the host, or keep it until ``start``."""
        self.jobs.append(job)
        if self._host is not None:
            self._to_host(len(self.jobs) - 1)
        else:
            self._waiting.append(len(self.jobs) - 1)

    @property
    def waiting(self) -> bool:
        """Whether jobs wait for ``start`` to fork the host."""
        return self._parallel and self._host is None and bool(self._waiting)

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
        """Fork the compare host (it loads the compare stage and forks the workers) and hand it
        the waiting jobs. Call it when the run's own threads have ended: it forks only when this
        process runs no other thread (a fetch that timed out and still runs, or a library caller's
        own thread, may hold a lock the child would inherit held), else the jobs run here, in
        ``each``. ``last``: no job will follow, so fewer than ``MIN_PARALLEL`` left run here
        instead of in a host of their own."""
        if not self.waiting or (last and len(self._waiting) < MIN_PARALLEL) or threading.active_count() > 1:
            return
        self._host = Host(_cores(), run_in_worker, _host_start, _worker_start, reports_of)
        for i in self._waiting:
            self._to_host(i)
        self._waiting = []

    def _to_host(self, i: int) -> None:
        assert self._host is not None
        if self._host.send(i, self.jobs[i]):  # else the host is gone: this job runs here, in each()
            self._sent.add(i)

    def pump(self) -> None:
        """Hand the host the jobs it was given while it loaded, once it is ready (see ``Host.pump``)."""
        if self._host is not None:
            self._host.pump()

    def each(self) -> Iterator[tuple[CompareJob, Result]]:
        """Each submitted job with its alert (or None, or the exception it raised), in submission
        order, each as soon as it is ready: what the caller does with one overlaps the others.
        Call it once the run has no other thread (it may ``start`` the host)."""
        self.start(last=True)
        for i, job in enumerate(self.jobs):
            result: Result
            kind, value = self._host.result(i) if self._host is not None and i in self._sent else ("here", None)
            if kind == "here":
                result = _guarded(job)
            elif kind == "error":
                result = value if isinstance(value, Exception) else RuntimeError(repr(value))
            else:
                result = value
            yield job, result

    def call(self, task: Callable[[], object], *, last: bool = False) -> Callable[[], None]:
        """Run ``task()`` (a module-level function or a ``partial`` of one) in one of the host's
        workers when a host runs, while this process goes on; else here, now. Returns what waits
        for it to end and raises what it raised (a host that stopped: it runs here then).
        ``last``: nothing follows it, so the host is told to end once it is done (its workers
        exit while this process goes on, not when it closes the host)."""
        host = self._host
        if host is not None and (self._sent or self._calls):  # an unused early host may be loading still
            self._calls += 1
            index = -self._calls  # the jobs' indices are 0, 1, …
            if host.call(index, task, ()):
                if last:
                    host.finish()
                def wait() -> None:
                    kind, value = host.result(index)
                    if kind == "error" and not isinstance(value, HostStopped):
                        raise value
                    if kind != "ok":
                        task()
                return wait
        task()
        return lambda: None

    def results(self) -> list[Result]:
        """Each submitted job's alert (or None, or the exception it raised), in submission order."""
        return [result for _job, result in self.each()]

    def close(self, *, cancel: bool = False) -> None:
        """End the host once its jobs are done (``cancel``: drop the jobs not started); one that
        was given nothing (forked early, every source unchanged) is killed at once."""
        if self._host is not None:
            if self._sent or self._calls:
                self._host.close(cancel=cancel)
            else:
                self._host.kill()
            self._host = None

    def __enter__(self) -> Compares:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close(cancel=kind is not None)


def _warm() -> None:
    """Load what every compare needs (the compare stage, the report renderers, jieba's dictionary)
    once, in the compare host the workers are forked from."""
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
    """A forked worker (or the host) lets go of the run's lock and dies with the process it was
    forked from: a check killed while its compares run must not leave orphans that hold
    ``check.lock`` against the next run."""
    from policydiff.watch.lock import release_inherited

    release_inherited()
    die_with_parent()


def _host_start() -> None:
    """The compare host: as a worker, then load the compare stage its workers inherit."""
    _worker_start()
    _warm()
    regex_cache.save()  # what loading compiled, for the next run (a forked process ends without atexit)
