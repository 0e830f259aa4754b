"""The compare host: one process, forked from the run, that loads the compare stage once and
forks the compare workers from itself.

Each worker needs the compare stage (jieba, the lexicon: ~0.1 s of imports). Loading it in the
run before forking the workers kept them idle for that time and spent it on the core the run's
recording needs; loading it in each worker spent it once per core. The host loads it once, on
another core, while the run goes on recording, then forks the workers from itself, so they start
warm and share its pages. It hands them the jobs itself, one at a time each, over a pipe per worker
(a pool of its own: ``ProcessPoolExecutor`` pickled each job and answer twice more and woke three
threads for each, ~1 ms of a 15 ms job, and one killed worker broke the whole pool).

The run talks to the host over two pipes (``multiprocessing.connection``: whole pickled
messages): ``(index, function, args)`` one way (a compare job, or another task such as the
feeds: ``call``), ``(index, kind, value)`` the other, kind "ok" (what it returned: the job's
alert or None), "error" (the exception it raised, or why the host could not run it: its worker
was killed) or "here" (no worker is left: the run does that one itself), and once "ready" (its
workers run).
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

from policydiff.loading import loading
from policydiff.watch.compare_workers import die_with_parent, fork_crew

if TYPE_CHECKING:
    from concurrent.futures import Executor
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess
    from queue import SimpleQueue

    from policydiff.watch.compare_workers import Worker

PIPE_BYTES = 1 << 20  # each pipe's buffer (Linux): a run that sends jobs faster than the host takes them rarely waits


class HostStopped(RuntimeError):
    """The host (or the run's side of its pipes) is gone: a job sent to it has no result."""


class Host:
    """The run's side of the compare host: ``send`` jobs, ``result`` by index, ``close``."""

    def __init__(self, workers: int, run: Callable[[Any], Any], host_start: Callable[[], None],
                 worker_start: Callable[[], None], written_by: Callable[[tuple[Any, ...]], list[str]] | None = None) -> None:
        """Fork the host now (the caller's word: this process runs no other thread). ``run`` is
        what a worker does with a job; ``host_start`` what the host does first (load the compare
        stage), ``worker_start`` what each worker does first; ``written_by(args)``: the files a
        job (or task) with these arguments writes unsynced, which the host syncs before it passes
        the answer on — the worker goes on to its next job meanwhile, not waiting on the disk."""
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        jobs_in, jobs_out = ctx.Pipe(duplex=False)
        results_in, results_out = ctx.Pipe(duplex=False)
        for end in (jobs_out, results_out):
            _widen(end)
        self._run = run
        self._proc: BaseProcess = ctx.Process(target=_serve, name="policydiff-compare-host",
                                              args=(jobs_in, results_out, workers, host_start, worker_start, os.getpid(),
                                                    (jobs_out, results_in), written_by))
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


def _serve(jobs: Connection, results: Connection, workers: int, host_start: Callable[[], None],
           worker_start: Callable[[], None], parent: int, theirs: tuple[Connection, ...],
           written_by: Callable[[tuple[Any, ...]], list[str]] | None) -> None:
    """The host: load (``host_start``), fork the workers, then hand out jobs and pass answers on
    until told to end (``_Dispatch``). ``theirs``: the run's ends of the pipes, closed here at
    once (a copy held here would keep the run's closing from reading as the end of the jobs)."""
    import pickle
    import queue
    import threading

    for end in theirs:
        end.close()
    die_with_parent(parent)
    with loading():  # and frozen after: out of the collector's sight, the workers' pages stay shared
        host_start()
    crew = fork_crew(workers, worker_start, (jobs, results))  # before any thread here
    answers: SimpleQueue[tuple[bytes, list[str]] | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(answers, results), name="answers", daemon=True)
    sender.start()
    answers.put((pickle.dumps((None, "ready", None)), []))  # the run sends its jobs now
    _Dispatch(jobs, crew, answers, written_by).run()
    answers.put(None)
    sender.join()


class _Dispatch:
    """The host's one loop, no pool: each worker has a pipe of its own and one job at a time.

    A job goes on as the bytes the run sent, an answer as the bytes the worker sent (nothing is
    unpickled and pickled again here but a job's index). A worker that dies fails the one job it
    held, and the others go on; with none left, each job is "here" (the run compares it itself).
    Told to end (``None``), the host gives out what it holds first; cut off (the run closed its
    pipe), it drops the jobs not started and waits only for those running.
    """

    def __init__(self, jobs: Connection, crew: list[Worker], answers: SimpleQueue[tuple[bytes, list[str]] | None],
                 written_by: Callable[[tuple[Any, ...]], list[str]] | None) -> None:
        self.jobs, self.crew, self.answers, self.written_by = jobs, crew, answers, written_by
        self.waiting: deque[tuple[int, bytes, list[str]]] = deque()  # given by the run, not yet to a worker
        self.reading = True  # the run may send more

    def run(self) -> None:
        from multiprocessing.connection import wait

        while True:
            self._hand_out()
            if not (self.reading or self.waiting or any(w.job is not None for w in self.crew)):
                break
            ready = wait(([self.jobs] if self.reading else []) + [w.conn for w in self.crew]
                         + [w.sentinel for w in self.crew])
            self._take_answers(ready)
            self._bury(ready)
            if self.jobs in ready:
                self._take_job()
        for w in self.crew:
            w.conn.close()  # its end of the jobs: it exits
        for w in self.crew:
            w.process.join()

    def _hand_out(self) -> None:
        """A waiting job to each idle worker; with no worker left, each back to the run."""
        for w in self.crew:
            if w.job is None and self.waiting:
                w.job, data, w.writes = self.waiting.popleft()
                try:
                    w.conn.send_bytes(data)
                except OSError:  # it died: its sentinel says so next
                    pass
        if not self.crew:
            while self.waiting:
                self._answer(self.waiting.popleft()[0], "here", None)

    def _take_answers(self, ready: list[Any]) -> None:
        for w in self.crew:
            if w.conn in ready:
                try:
                    self.answers.put((w.conn.recv_bytes(), w.writes))
                    w.job, w.writes = None, []
                except (EOFError, OSError):
                    pass  # it died mid-answer: its sentinel says so

    def _bury(self, ready: list[Any]) -> None:
        """Workers that ended (killed: none ends otherwise while its pipe is open) fail their job."""
        for w in [w for w in self.crew if w.sentinel in ready]:
            self.crew.remove(w)
            w.conn.close()
            if w.job is not None:
                self._answer(w.job, "error", HostStopped("the compare worker stopped before this comparison ended"))

    def _take_job(self) -> None:
        import pickle

        try:
            data = self.jobs.recv_bytes()
        except (EOFError, OSError):  # the run closed its end: cancel
            self.reading = False
            self.waiting.clear()
            return
        message = pickle.loads(data)
        if message is None:
            self.reading = False
        else:
            index, _function, args = message
            self.waiting.append((index, data, self.written_by(args) if self.written_by is not None else []))

    def _answer(self, index: int, kind: str, value: Any) -> None:
        import pickle

        self.answers.put((pickle.dumps((index, kind, value)), []))


def _send_all(answers: SimpleQueue[tuple[bytes, list[str]] | None], results: Connection) -> None:
    """Send each answer to the run, as the worker pickled it, once the files its job wrote are
    synced (a job's answer says they are durable: the run puts its alert in the outbox). The
    answers that wait together are synced together: ``sync_paths`` runs their fsyncs side by
    side, where one after another each file waited for a journal commit of its own, in threads
    kept for the host's whole life (one batch is often one answer's two reports)."""
    import queue
    from concurrent.futures import ThreadPoolExecutor

    from policydiff.fsutil import SYNC_THREADS

    with ThreadPoolExecutor(max_workers=SYNC_THREADS, thread_name_prefix="fsync") as pool:
        while True:
            item = answers.get()
            if item is None:
                return
            batch, ending = [item], False
            while True:
                try:
                    item = answers.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    ending = True
                    break
                batch.append(item)
            if not _send_synced(batch, results, pool) or ending:
                return


def _send_synced(batch: list[tuple[bytes, list[str]]], results: Connection, pool: Executor | None = None) -> bool:
    """Sync the files of a batch of answers, then send each; False when nobody reads any more.
    When the disk fails the batch, each answer's files are synced again on their own, and the
    answer of a job whose files fail is that error."""
    import pickle

    from policydiff.fsutil import sync_paths

    try:
        sync_paths([path for _data, writes in batch for path in writes], folders=False, pool=pool)
        failed = False
    except OSError:
        failed = True
    for data, writes in batch:
        if failed and writes:
            try:
                sync_paths(writes, folders=False, pool=pool)
            except OSError as exc:  # the disk failed them: the job's answer is that error
                index = pickle.loads(data)[0]
                data = pickle.dumps((index, "error", OSError(exc.errno, f"report not synced: {exc.strerror}", exc.filename)))
        try:
            results.send_bytes(data)
        except OSError:
            return False  # the run is gone or closed its end: nobody reads
    return True
