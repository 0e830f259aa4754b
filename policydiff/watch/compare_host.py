"""The compare host: one process, forked from the run, that loads the compare stage once and
forks the compare workers from itself.

Each worker needs the compare stage (jieba, the lexicon: ~0.1 s of imports). Loading it in the
run before forking the workers kept them idle for that time and spent it on the core the run's
recording needs; loading it in each worker spent it once per core. The host loads it once, on
another core, while the run goes on recording, then forks the workers (``ProcessPoolExecutor``,
fork) from itself, so they start warm and share its pages.

The run talks to the host over two pipes (``multiprocessing.connection``: whole pickled
messages): ``(index, function, args)`` one way (a compare job, or another task such as the
feeds: ``call``), ``(index, kind, value)`` the other, kind "ok" (what it returned: the job's
alert or None), "error" (the exception it raised, or why the host could not run it) or "here"
(the host's pool is broken: the run does that one itself), and once "ready" (its workers run).
The run starts no thread for it: its side is plain writes and reads. Until the host is ready
the run keeps the jobs it is given and sends none: a job is two whole texts, the pipe holds a
few dozen, and a run that wrote on would wait there for the host to load instead of recording
the next version. The host forks the workers before it starts a thread of its own (a child
forked beside a thread can inherit a lock that thread held); its sends go through a thread of
their own, so a run that reads results late never stalls the pool.

Lifetime: the host dies with the run (``PR_SET_PDEATHSIG``), and the workers with the host; each
lets go of the run's ``check.lock`` at once (``watch.lock.release_inherited``), so a killed run
leaves no process that holds the lock against the next one. ``close`` ends it: after every job
(its word ``None``), or at once, the jobs not started dropped (its pipe closed); ``kill`` ends one
that was given nothing, without waiting for it to finish loading.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess
    from queue import SimpleQueue

PIPE_BYTES = 1 << 20  # each pipe's buffer (Linux): a run that sends jobs faster than the host takes them rarely waits


class HostStopped(RuntimeError):
    """The host (or the run's side of its pipes) is gone: a job sent to it has no result."""


class Host:
    """The run's side of the compare host: ``send`` jobs, ``result`` by index, ``close``."""

    def __init__(self, workers: int, run: Callable[[Any], Any], host_start: Callable[[], None],
                 worker_start: Callable[[], None]) -> None:
        """Fork the host now (the caller's word: this process runs no other thread). ``run`` is
        what a worker does with a job; ``host_start`` what the host does first (load the compare
        stage), ``worker_start`` what each worker does first."""
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        jobs_in, jobs_out = ctx.Pipe(duplex=False)
        results_in, results_out = ctx.Pipe(duplex=False)
        for end in (jobs_out, results_out):
            _widen(end)
        self._run = run
        self._proc: BaseProcess = ctx.Process(target=_serve, name="policydiff-compare-host",
                                              args=(jobs_in, results_out, workers, host_start, worker_start, os.getpid(),
                                                    (jobs_out, results_in)))
        self._proc.start()
        jobs_in.close()
        results_out.close()
        self._jobs, self._results = jobs_out, results_in
        self._got: dict[int, tuple[str, Any]] = {}
        self._held: deque[tuple[int, Callable[..., Any], tuple[Any, ...]]] = deque()  # given, not sent yet
        self._unsent: set[int] = set()  # their indices
        self._ready = False  # the host said its workers run
        self._finished = False  # the host was told no job follows (``finish``)
        self.broken = False

    @property
    def pid(self) -> int | None:
        return self._proc.pid

    def send(self, index: int, job: Any) -> bool:
        """Hand ``job`` to the host; False when it is gone (the caller runs the job itself)."""
        return self.call(index, self._run, (job,))

    def call(self, index: int, function: Callable[..., Any], args: tuple[Any, ...]) -> bool:
        """Have a worker run ``function(*args)`` (a module-level function: it is pickled by
        name); False when the host is gone (the caller runs it itself). Sent at once when the
        host is ready, else kept until it is (or until the run asks for a result); False too
        once the host was told no job follows (``finish``)."""
        if self.broken or self._finished:
            return False
        self._held.append((index, function, args))
        self._unsent.add(index)
        if not self._ready:
            self._listen()
        if self._ready:
            self._send_held()
        return True

    def pump(self) -> None:
        """Send the jobs kept while the host loaded, if it is ready now (never waits for it): the
        run calls this while it waits for something else (a slow fetch), so that jobs given
        before the host was ready do not wait for the run's next one."""
        if self._held and not self.broken:
            if not self._ready:
                self._listen()
            if self._ready:
                self._send_held()

    def _listen(self) -> None:
        """Take what the host has said so far, without waiting (its "ready", early answers)."""
        try:
            while not self._ready and self._results.poll(0):
                self._take(self._results.recv())
        except (EOFError, OSError):
            self.broken = True

    def _take(self, message: tuple[int | None, str, Any]) -> None:
        index, kind, value = message
        if kind == "ready":
            self._ready = True
        elif index is not None:
            self._got[index] = (kind, value)

    def _send_held(self) -> None:
        """Send the jobs kept so far, in order (waits while the pipe is full)."""
        try:
            while self._held and not self.broken:
                message = self._held[0]
                self._jobs.send(message)
                self._held.popleft()
                self._unsent.discard(message[0])
        except OSError:
            self.broken = True

    def result(self, index: int) -> tuple[str, Any]:
        """The host's answer for the job sent as ``index`` (waits for it): ("ok", value),
        ("error", exception) or ("here", None) — see the module docstring. The jobs still kept
        are sent first (the run waits anyway); one the host never got is "here"."""
        self._send_held()
        while index not in self._got:
            if index in self._unsent:
                return "here", None
            try:
                self._take(self._results.recv())
            except (EOFError, OSError):
                self.broken = True
                return "error", HostStopped("the compare host stopped before this comparison ended")
        return self._got.pop(index)

    def finish(self) -> None:
        """Tell the host no job follows: it ends once those it has are done (their answers can
        still be read). Every job kept is sent first."""
        if self._finished or self.broken:
            return
        try:
            self._send_held()
            self._jobs.send(None)
            self._finished = True
        except OSError:
            self.broken = True

    def close(self, *, cancel: bool = False) -> None:
        """End the host: once its jobs are done, or (``cancel``) dropping those not started."""
        try:
            if not cancel and not self._finished:
                self._send_held()
            self._results.close()  # an answer nobody reads fails the host's send, never blocks it
            if not cancel and not self._finished:
                self._jobs.send(None)
        except OSError:
            pass
        finally:
            self._jobs.close()
        self._proc.join()

    def kill(self) -> None:
        """End a host that was given nothing (no job, no task) at once: it may still be loading
        the compare stage and has written nothing; its workers die with it (``die_with_parent``)."""
        for end in (self._jobs, self._results):
            end.close()
        self._proc.kill()
        self._proc.join()


def _widen(end: Connection) -> None:
    """Let a pipe hold PIPE_BYTES (Linux ``F_SETPIPE_SZ``) so a sender rarely waits; elsewhere,
    or above the system's limit, it keeps its size."""
    try:
        import fcntl

        fcntl.fcntl(end.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except (OSError, ImportError):
        pass


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


def _serve(jobs: Connection, results: Connection, workers: int, host_start: Callable[[], None],
           worker_start: Callable[[], None], parent: int, theirs: tuple[Connection, ...]) -> None:
    """The host: load (``host_start``), fork the workers, then relay jobs and answers until told
    to end. ``theirs``: the run's ends of the pipes, closed here at once (a copy held here would
    keep the run's closing from reading as the end of the jobs)."""
    import gc
    import multiprocessing
    import queue
    import threading
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    for end in theirs:
        end.close()
    die_with_parent(parent)
    host_start()
    gc.freeze()  # what is loaded now stays out of the collector's sight: the workers' pages stay shared
    pool = ProcessPoolExecutor(max_workers=workers, initializer=partial(_worker_init, worker_start, (jobs, results), os.getpid()),
                               mp_context=multiprocessing.get_context("fork"))
    pool.submit(int)  # with fork, the first submit starts every worker, now, before any thread here
    answers: SimpleQueue[tuple[int | None, str, Any] | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(answers, results), name="answers", daemon=True)
    sender.start()
    answers.put((None, "ready", None))  # the run sends its jobs now
    cancel = True
    while True:
        try:
            message = jobs.recv()
        except (EOFError, OSError):
            break  # the run closed its end: cancel
        if message is None:
            cancel = False
            break
        index, function, args = message
        try:
            future = pool.submit(function, *args)
        except RuntimeError:  # a broken pool (a worker was killed): the run compares this one itself
            answers.put((index, "here", None))
            continue
        future.add_done_callback(partial(_answer, answers, index))
    pool.shutdown(wait=True, cancel_futures=cancel)
    answers.put(None)
    sender.join()


def _worker_init(worker_start: Callable[[], None], host_ends: tuple[Connection, ...], host: int) -> None:
    """A worker dies with the host (even one killed while forking it) and closes its copies of
    the host's pipe ends: the run reads the end of the answers (the host stopped) as soon as the
    host is gone, not once its workers are too."""
    die_with_parent(host)
    for end in host_ends:
        end.close()
    worker_start()


def _answer(answers: SimpleQueue[tuple[int | None, str, Any] | None], index: int, future: Any) -> None:
    """A finished job's answer, queued for the sender (in the pool's own thread: never blocks)."""
    if future.cancelled():
        return
    exc = future.exception()
    answers.put((index, "error", exc) if exc is not None else (index, "ok", future.result()))


def _send_all(answers: SimpleQueue[tuple[int | None, str, Any] | None], results: Connection) -> None:
    """Send each answer to the run; one that does not pickle goes as an error that says so."""
    import pickle

    while (item := answers.get()) is not None:
        try:
            try:
                results.send(item)
            except (pickle.PicklingError, TypeError, AttributeError) as exc:
                results.send((item[0], "error", RuntimeError(f"result not sent: {type(exc).__name__}: {exc}")))
        except OSError:
            return  # the run is gone or closed its end: nobody reads
