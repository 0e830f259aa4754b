"""A run's changed sources compared on every core: the pool gives what one process gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policydiff.watch import compare_host, compare_jobs
from policydiff.watch.alerts import VersionRef
from tests.archive_helpers import seed_text


def _jobs(tmp_path: Path, n: int) -> list[compare_jobs.CompareJob]:
    base = seed_text("001")
    out = []
    for i in range(n):
        new = base + "\n我们会与广告服务商共享您的设备信息。\n" if i % 2 == 0 else base.replace("。", "。 ", 1)
        out.append(compare_jobs.CompareJob(
            f"p{i}", f"P{i}", f"p{i}.txt", base, new, VersionRef(1, "a" * 40, "2024-01-01T00:00:00+00:00"),
            VersionRef(2, "b" * 40, "2024-02-01T00:00:00+00:00"), str(tmp_path / f"p{i}.md"), str(tmp_path / f"p{i}.html")))
    return out


def test_the_pool_gives_what_one_process_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = _jobs(tmp_path, 5)
    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    pooled = compare_jobs.run_all(jobs)
    serial = [compare_jobs.run_one(j) for j in jobs]
    assert not any(isinstance(a, Exception) for a in pooled)
    assert [a is None for a in pooled] == [a is None for a in serial] == [False, True, False, True, False]
    assert [(a.slug, a.material, [h.key for h in a.categories]) for a in pooled if a is not None] == \
           [(a.slug, a.material, [h.key for h in a.categories]) for a in serial if a is not None]
    assert all((tmp_path / f"p{i}.html").is_file() and (tmp_path / f"p{i}.md").is_file() for i in range(5))


def test_a_failing_job_is_its_own_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = _jobs(tmp_path, 4)
    jobs[2].md = str(tmp_path / "missing-dir-is-a-file")
    (tmp_path / "missing-dir-is-a-file").mkdir()  # a report path that is a folder: that job fails
    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    out = compare_jobs.run_all(jobs)
    assert isinstance(out[2], Exception) and out[0] is not None and out[1] is None and out[3] is None


def _children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid`` (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_the_host_is_forked_only_when_the_run_says_so_and_its_workers_take_every_job(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    jobs = _jobs(tmp_path, 4)
    before = {p.pid for p in multiprocessing.active_children()}

    def forked() -> list[multiprocessing.Process]:
        return [p for p in multiprocessing.active_children() if p.pid not in before]

    with compare_jobs.Compares(expected=10) as compares:
        compares.submit(jobs[0])
        assert compares.waiting and forked() == []  # nothing forked while the run may have threads
        compares.start()  # the run's word: no other thread now
        hosts = forked()
        assert len(hosts) == 1 and not compares.waiting and hosts[0].pid is not None
        for job in jobs[1:]:
            compares.submit(job)
        pooled = compares.results()
        workers = _children(hosts[0].pid)  # forked by the host, from itself, once it had loaded the compare stage
        assert len(workers) == 2 and _children(os.getpid()) .count(hosts[0].pid) == 1
    assert [a is None for a in pooled] == [False, True, False, True]
    assert not any(_alive(pid) for pid in [hosts[0].pid, *workers])  # leaving the run ends them all


def test_a_failing_run_ends_the_host_at_once_dropping_the_jobs_not_started(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    before = {p.pid for p in multiprocessing.active_children()}
    with pytest.raises(KeyError), compare_jobs.Compares(expected=10) as compares:
        for job in _jobs(tmp_path, 6):
            compares.submit(job)
        compares.start()
        raise KeyError("the run failed")  # no result read: leaving must not wait for them
    assert [p for p in multiprocessing.active_children() if p.pid not in before] == []


def test_no_host_is_forked_beside_another_thread_and_the_jobs_run_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fetch that timed out and runs on, or a library caller's own thread, may hold a lock a
    forked child would inherit held: the compares then run in this process, with the same results."""
    import multiprocessing
    import threading

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    jobs = _jobs(tmp_path, 4)
    before = {p.pid for p in multiprocessing.active_children()}
    release = threading.Event()
    other = threading.Thread(target=release.wait, args=(60,), daemon=True)
    other.start()
    try:
        with compare_jobs.Compares(expected=10) as compares:
            compares.start_early(likely=10)
            for job in jobs:
                compares.submit(job)
            compares.start()
            assert compares._host is None and compares.waiting
            out = compares.results()
            assert [p for p in multiprocessing.active_children() if p.pid not in before] == []
    finally:
        release.set()
        other.join()
    assert [a is None for a in out] == [False, True, False, True]
    assert all((tmp_path / f"p{i}.md").is_file() for i in range(4))


def _until_ready(host: compare_host.Host) -> None:
    """Wait (at most 60 s) for the host to say its workers run."""
    import time

    deadline = time.monotonic() + 60
    while not host._ready:
        assert time.monotonic() < deadline, "the compare host never got ready"
        host._listen()
        time.sleep(0.01)


def _started(compares: compare_jobs.Compares, first: compare_jobs.CompareJob | None) -> compare_host.Host:
    """Give ``first`` and fork the host (none: fork it early, given nothing), then wait until its
    workers run: the host, with its pid."""
    if first is None:
        compares.start_early(likely=10)
    else:
        compares.submit(first)
        compares.start()
    host = compares._host
    assert host is not None and host.pid is not None
    _until_ready(host)
    return host


def test_a_killed_host_fails_its_jobs_and_the_rest_run_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    jobs = _jobs(tmp_path, 5)
    with compare_jobs.Compares(expected=10) as compares:
        host = _started(compares, jobs[0])
        for job in jobs[1:3]:
            compares.submit(job)
        assert not host._unsent  # the host is ready: each job went at once
        os.kill(host.pid, signal.SIGKILL)
        host._proc.join()
        for job in jobs[3:]:
            compares.submit(job)
        out = compares.results()
    # the three the host had: an error each unless answered (recorded, compared again by the next
    # run); the two after: compared here
    assert all(isinstance(a, Exception) or a is None or hasattr(a, "slug") for a in out[:3]), out
    assert isinstance(out[2], Exception), out  # sent just before the kill: no worker finished it
    assert out[3] is None and out[4] is not None and not isinstance(out[4], Exception)


def test_jobs_kept_while_the_host_loads_run_here_when_it_dies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A job the run still kept (the host had not said it was ready) never reached the host: when
    the host dies it is compared here, not failed."""
    import signal

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    jobs = _jobs(tmp_path, 3)
    with compare_jobs.Compares(expected=10) as compares:
        for job in jobs:
            compares.submit(job)
        compares.start()
        host = compares._host
        assert host is not None and host.pid is not None
        os.kill(host.pid, signal.SIGKILL)  # at once: it is still loading the compare stage
        host._proc.join()
        assert not host._ready and len(host._unsent) == 3
        out = compares.results()
    assert [a is None for a in out] == [False, True, False] and not any(isinstance(a, Exception) for a in out), out


def test_a_run_where_nothing_changed_forks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    before = len(multiprocessing.active_children())
    with compare_jobs.Compares(expected=200) as compares:
        compares.start()
        assert compares.results() == [] and len(multiprocessing.active_children()) == before


@pytest.fixture(autouse=True)
def _no_stray_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test process may still hold the threads of an earlier test's servers; a run's own
    process, at its start, holds none. They are not counted here (a thread a test starts is:
    ``Compares`` refuses to fork beside one)."""
    import threading

    strays = {t for t in threading.enumerate() if t is not threading.current_thread()}
    monkeypatch.setattr(compare_jobs.threading, "active_count",
                        lambda: sum(1 for t in threading.enumerate() if t not in strays))


def test_an_early_host_is_forked_before_any_job_and_takes_each_one_as_it_comes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    jobs = _jobs(tmp_path, 4)
    before = {p.pid for p in multiprocessing.active_children()}
    with compare_jobs.Compares(expected=10) as compares:
        compares.start_early(likely=10)  # the run's word, before its first fetch: no thread yet
        hosts = [p for p in multiprocessing.active_children() if p.pid not in before]
        assert len(hosts) == 1 and hosts[0].pid is not None
        compares.submit(jobs[0])
        assert not compares.waiting and not compares.ready  # handed over at once: nothing waits for start()
        for job in jobs[1:]:
            compares.submit(job)
        pooled = compares.results()
    assert [a is None for a in pooled] == [False, True, False, True]
    assert all((tmp_path / f"p{i}.html").is_file() for i in range(4)) and not _alive(hosts[0].pid)


def test_an_early_host_given_nothing_is_killed_unused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from functools import partial

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    with compare_jobs.Compares(expected=200) as compares:
        compares.start_early(likely=200)
        host = compares._host
        assert host is not None and host.pid is not None and _alive(host.pid)
        assert compares.results() == []  # every source unchanged
        compares.call(partial(_write_pid, tmp_path / "task"))()  # a host that compared nothing may be loading: here
        assert (tmp_path / "task").read_text(encoding="utf-8") == str(os.getpid())
    assert not _alive(host.pid) and _children(os.getpid()).count(host.pid) == 0


def test_no_early_host_for_few_comparable_sources_one_core_or_beside_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    with compare_jobs.Compares(expected=10) as compares:
        compares.start_early(likely=compare_jobs.MIN_PARALLEL - 1)  # a first run: nothing to compare
        assert compares._host is None
    gate = threading.Event()
    thread = threading.Thread(target=gate.wait, args=(30,))
    thread.start()
    try:
        with compare_jobs.Compares(expected=10) as compares:
            compares.start_early(likely=10)  # a thread runs: no fork now (start() forks later)
            assert compares._host is None
    finally:
        gate.set()
        thread.join()
    monkeypatch.setattr(compare_jobs, "_cores", lambda: 1)
    with compare_jobs.Compares(expected=10) as compares:
        compares.start_early(likely=10)
        assert compares._host is None


def test_few_due_sources_are_compared_here_without_a_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    before = len(multiprocessing.active_children())
    with compare_jobs.Compares(expected=compare_jobs.MIN_PARALLEL - 1) as compares:
        for job in _jobs(tmp_path, 2):
            compares.submit(job)
        assert len(multiprocessing.active_children()) == before
        out = compares.results()
    assert [a is None for a in out] == [False, True] and all((tmp_path / f"p{i}.md").is_file() for i in range(2))


def test_the_pool_is_ready_to_fork_only_once_every_fetch_is_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    gate = threading.Event()
    with ThreadPoolExecutor(2) as fetches, compare_jobs.Compares(expected=10) as compares:
        futures = [fetches.submit(gate.wait, 30), fetches.submit(lambda: None)]
        compares.after(futures)
        assert not compares.ready  # no job waits yet
        compares.submit(_jobs(tmp_path, 1)[0])
        futures[1].result()
        assert compares.waiting and not compares.ready  # one fetch still runs
        gate.set()
        futures[0].result()
        end = time.monotonic() + 10  # the done-callback runs in the fetch thread just after result() returns
        while not compares.ready and time.monotonic() < end:
            time.sleep(0.005)
        assert compares.ready
        fetches.shutdown(wait=True)
        compares.start()
        assert not compares.waiting and [a is not None for a in compares.results()] == [True]


def _write_pid(path: Path) -> None:
    path.write_text(str(os.getpid()), encoding="utf-8")


def _fail() -> None:
    raise OSError("disk full")


def test_a_task_runs_in_a_worker_while_the_host_runs_else_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from functools import partial

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    with compare_jobs.Compares(expected=10) as compares:
        compares.call(partial(_write_pid, tmp_path / "no-host"))()  # no host yet: here, at once
        assert (tmp_path / "no-host").read_text(encoding="utf-8") == str(os.getpid())
        for job in _jobs(tmp_path, 3):
            compares.submit(job)
        compares.start()
        out = compares.results()
        wait = compares.call(partial(_write_pid, tmp_path / "worker"))
        wait()
        assert (tmp_path / "worker").read_text(encoding="utf-8") not in ("", str(os.getpid()))
        with pytest.raises(OSError, match="disk full"):  # what it raised, raised here
            compares.call(_fail)()
    assert [a is None for a in out] == [False, True, False]


def test_jobs_given_while_the_host_loads_go_to_it_once_it_is_ready_without_a_next_job(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that gave the host its jobs while it loaded, then waits for a slow fetch, hands them
    over by ``pump`` (called while it waits): their reports are written before the run asks for
    any result."""
    import time

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    jobs = _jobs(tmp_path, 3)
    with compare_jobs.Compares(expected=10) as compares:
        compares.start_early(likely=10)
        for job in jobs:
            compares.submit(job)
        assert compares._host is not None and len(compares._host._held) == 3  # the host is still loading
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all((tmp_path / f"p{i}.html").is_file() for i in range(3)):
            compares.pump()  # the run, waiting on a fetch
            time.sleep(0.02)
        assert all((tmp_path / f"p{i}.html").is_file() for i in range(3))
        assert [a is None for a in compares.results()] == [False, True, False]


def test_a_last_task_ends_the_host_while_the_run_goes_on_and_its_answer_still_comes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``call(..., last=True)`` tells the host no job follows: its workers end once the task is
    done, before the run closes the host; the task's answer is still read, and a task given
    after it runs here."""
    import time
    from functools import partial

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    with compare_jobs.Compares(expected=10) as compares:
        for job in _jobs(tmp_path, 3):
            compares.submit(job)
        compares.start()
        out = compares.results()
        host = compares._host
        assert host is not None and host.pid is not None
        wait = compares.call(partial(_write_pid, tmp_path / "last"), last=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _alive(host.pid):
            time.sleep(0.01)
        assert not _alive(host.pid)  # ended by itself: the run has not closed it
        wait()  # its answer was sent before it ended
        assert (tmp_path / "last").read_text(encoding="utf-8") not in ("", str(os.getpid()))
        compares.call(partial(_write_pid, tmp_path / "after"))()
        assert (tmp_path / "after").read_text(encoding="utf-8") == str(os.getpid())  # no host takes it: here
    assert [a is None for a in out] == [False, True, False]


def test_a_worker_job_pauses_the_collector_only_while_it_runs(tmp_path: Path) -> None:
    import gc

    job = _jobs(tmp_path, 1)[0]
    assert compare_jobs.run_in_worker(job) is not None and gc.isenabled()
    job.md = str(tmp_path / "p0.html" / "no")  # a file, not a folder: the job fails
    with pytest.raises(OSError):
        compare_jobs.run_in_worker(job)
    assert gc.isenabled()


def test_a_killed_worker_fails_only_the_job_it_held_and_the_other_takes_the_rest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The host's workers are its own (no pool that breaks as a whole): one killed mid-run costs
    the job it held (an error: recorded, compared again by the next run); the other worker
    compares every other job."""
    import signal

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    jobs = _jobs(tmp_path, 6)
    with compare_jobs.Compares(expected=10) as compares:
        host = _started(compares, jobs[0])
        for job in jobs[1:4]:
            compares.submit(job)
        os.kill(min(_children(host.pid)), signal.SIGKILL)
        for job in jobs[4:]:
            compares.submit(job)
        out = compares.results()
    assert sum(isinstance(a, Exception) for a in out) <= 1, out  # at most the one it held
    assert all(isinstance(a, compare_host.HostStopped) for a in out if isinstance(a, Exception)), out
    assert [a is None for a in out if not isinstance(a, Exception)] == \
           [i % 2 == 1 for i, a in enumerate(out) if not isinstance(a, Exception)]


def test_with_no_worker_left_the_run_compares_each_job_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal
    import time

    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    with compare_jobs.Compares(expected=10) as compares:
        host = _started(compares, None)
        workers = _children(host.pid)
        assert len(workers) == 2
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while _children(host.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        for job in _jobs(tmp_path, 3):
            compares.submit(job)
        out = compares.results()
    assert [a is None for a in out] == [False, True, False]  # none failed: "here", compared by the run
    assert all((tmp_path / f"p{i}.html").is_file() for i in range(3))


def test_a_job_whose_reports_the_disk_cannot_sync_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The host syncs the reports of the answers that wait together in one batch; when the disk
    fails one job's file (here /dev/null, which refuses fsync), that job's answer is the error
    and the others of its batch still come, their reports synced."""
    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    real = compare_jobs.reports_of
    monkeypatch.setattr(compare_jobs, "reports_of",
                        lambda args: [*real(args), *(["/dev/null"] if real(args) and args[0].slug == "p2" else [])])
    jobs = _jobs(tmp_path, 6)
    with compare_jobs.Compares(expected=10) as compares:
        _started(compares, jobs[0])
        for job in jobs[1:]:
            compares.submit(job)
        out = compares.results()
    assert isinstance(out[2], OSError) and "report not synced" in str(out[2]), out
    assert [a is None for i, a in enumerate(out) if i != 2] == [False, True, True, False, True]
