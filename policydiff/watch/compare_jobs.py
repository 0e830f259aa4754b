"""The compare of a run's changed sources, on every core: compare, reports and the alert of each.

The versions are recorded first (in the run's archive batch, one thread); what is left per
changed source is pure CPU work on two texts, so it runs in a process pool. The first job runs
in this process, which loads jieba and the lexicon once; the pool is then forked from it, so
each worker starts warm instead of paying that import again. Fewer than ``MIN_PARALLEL`` jobs,
or one core, run here one after another.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from policydiff.fsutil import atomic_write_text
from policydiff.model import RawText
from policydiff.watch.alerts import ChangeAlert, VersionRef, change_alert

MIN_PARALLEL = 3  # below this, forking workers costs more than it saves


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


def run_all(jobs: list[CompareJob]) -> list[ChangeAlert | None | Exception]:
    """Each job's alert (or None, or the exception it raised), in the order given."""
    out: list[ChangeAlert | None | Exception] = []
    cores = _cores()
    for i, job in enumerate(jobs):
        if i >= 1 and cores > 1 and len(jobs) - i >= MIN_PARALLEL - 1:
            out.extend(_in_pool(jobs[i:], cores))
            break
        try:
            out.append(run_one(job))
        except Exception as exc:  # noqa: BLE001 - one broken comparison must not stop the others
            out.append(exc)
    return out


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


def _in_pool(jobs: list[CompareJob], cores: int) -> list[ChangeAlert | None | Exception]:
    import multiprocessing

    # fork: the workers inherit this process's loaded jieba dictionary and lexicon (spawn would re-import)
    with ProcessPoolExecutor(max_workers=min(cores, len(jobs)), mp_context=multiprocessing.get_context("fork"),
                             initializer=_worker_start) as pool:
        futures = [pool.submit(run_one, job) for job in jobs]
        out: list[ChangeAlert | None | Exception] = []
        for fut in futures:
            try:
                out.append(fut.result())
            except Exception as exc:  # noqa: BLE001 - as in run_all
                out.append(exc)
    return out
