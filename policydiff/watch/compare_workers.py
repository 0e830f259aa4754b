"""The compare host's workers: each forked by the host (``watch.compare_host``) with a pipe of its
own, runs one job at a time and sends its answer back, until its pipe ends.

A worker dies with the host (``PR_SET_PDEATHSIG``) and closes every pipe end that is not its own
as it starts: a copy held elsewhere would keep a closed pipe from reading as its end.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess


class Worker:
    """A worker as the host sees it: its process, its pipe, the index of the job it holds."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process, self.conn = process, conn
        self.sentinel = process.sentinel
        self.job: int | None = None
        self.writes: list[str] = []  # the files its job writes unsynced (``written_by``)


def fork_crew(workers: int, worker_start: Callable[[], None], run_ends: tuple[Connection, ...]) -> list[Worker]:
    """Fork the workers, each with a pipe of its own; each closes what is not its own (the run's
    pipes, the other workers' host ends: a copy held elsewhere would keep a closed pipe from
    reading as its end)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    crew: list[Worker] = []
    for _ in range(workers):
        host_end, worker_end = ctx.Pipe(duplex=True)
        others = (*run_ends, *(w.conn for w in crew), host_end)
        process = ctx.Process(target=work, name="policydiff-compare-worker",
                              args=(worker_end, worker_start, others, os.getpid()), daemon=True)
        process.start()
        worker_end.close()
        crew.append(Worker(process, host_end))
    return crew


def work(conn: Connection, worker_start: Callable[[], None], not_mine: tuple[Connection, ...], host: int) -> None:
    """A worker: dies with the host, then runs each job it is sent and sends its answer
    ``(index, kind, value)``, until its pipe ends. What does not pickle goes as an error that says so."""
    import pickle

    die_with_parent(host)
    for end in not_mine:
        end.close()
    worker_start()
    while True:
        try:
            index, function, args = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            answer: tuple[int, str, Any] = (index, "ok", function(*args))
        except Exception as exc:  # noqa: BLE001 - the job's error is its answer
            answer = (index, "error", exc)
        try:
            data = pickle.dumps(answer)
            if answer[1] == "error":
                pickle.loads(data)  # an exception that pickles may still not unpickle in the run
        except Exception as exc:  # noqa: BLE001
            data = pickle.dumps((index, "error", RuntimeError(f"result not sent: {type(exc).__name__}: {exc}")))
        try:
            conn.send_bytes(data)
        except OSError:
            return  # the host is gone


def die_with_parent(parent: int | None = None) -> None:
    """This process gets SIGKILL when the one that forked it ends (Linux ``PR_SET_PDEATHSIG``);
    ``parent``: its pid, checked after, in case it ended before the call."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # elsewhere: the run's lock is still let go (release_inherited)
    if parent is not None and os.getppid() != parent:
        os._exit(1)
