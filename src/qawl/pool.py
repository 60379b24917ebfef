"""The pool of worker processes behind ``qawl.parallel``: chunks of articles in flight, results in order.

Where ``os.fork`` exists (Linux, macOS), the workers are forked children of this process, each fed through
a pipe of its own, and the parent drives every pipe from one thread with ``selectors``: no feeder or
manager thread to hand the interpreter lock back and forth, no queue locks, and the job is inherited at the
fork instead of being pickled with every task. The parent is the serial part of a pooled run (it reads the
input and writes the output), so its cost per chunk is what bounds how far the run scales. Elsewhere a
``concurrent.futures.ProcessPoolExecutor`` does the same work.

Imported only when a run uses more than one process, so a run in one process starts none of this.

Each message on a pipe is an 8-byte little-endian length and a pickle: to a worker ``(seq, items)``, back
``(seq, True, results)`` or ``(seq, False, (error, traceback text))``. A worker handles its tasks in the
order it gets them, ends on end of file, and ignores SIGINT (the parent handles ^C and ends the workers).
"""

from __future__ import annotations

import copyreg
import io
import os
import pickle
import selectors
import signal
import struct
import sys
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeAlias, TypeVar

from qawl.errors import QawlError
from qawl.model import Article, Quote, Span, Speaker
from qawl.parallel import weight
from qawl.pipeline import extract_article

T = TypeVar("T")

#: chunks in flight per worker: one being processed and three queued, so that no worker waits while the
#: parent waits for an earlier chunk (results leave in input order)
_IN_FLIGHT_PER_WORKER = 4
#: a chunk also ends at this many characters of text, so that long articles do not pile up in flight
_CHUNK_CHARS = 1_000_000
#: bytes a pipe to or from a worker holds (Linux's default is 64 KiB, a quarter of a chunk of news)
_PIPE_BYTES = 1 << 20

_HEADER = struct.Struct("<Q")
#: forked workers where the platform can fork (not Windows)
_FORK = hasattr(os, "fork")

#: what runs in a worker: one chunk's items (input errors left out) → their results, in order
Job: TypeAlias = Callable[[list[Any]], list[T]]


class WorkerDied(RuntimeError):
    """A worker process ended with tasks unfinished: killed, out of memory, or a crash in native code."""


class RemoteTraceback(Exception):
    """The formatted traceback of an error raised in a worker process, set as that error's ``__cause__``."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return self.text


def _reducer(cls: type[Any]) -> Callable[[Any], tuple[type[Any], tuple[Any, ...]]]:
    get = attrgetter(*(f.name for f in fields(cls)))
    return lambda obj: (cls, get(obj))


#: the model's frozen dataclasses go between processes as their constructor's arguments: the default
#: (dataclasses' ``__getstate__``/``__setstate__``, Python code per object) cost the parent 33 µs an
#: article to unpickle its quotes, constructor arguments 13 (Article has a ``__reduce__`` of its own)
_DISPATCH: dict[type, Callable[[Any], Any]] = {
    **copyreg.dispatch_table,
    **{cls: _reducer(cls) for cls in (Quote, Span, Speaker)},
}


class _Pickler(pickle.Pickler):
    dispatch_table = _DISPATCH


def _message(obj: object) -> memoryview:
    """``obj`` pickled, behind its length: one buffer, written in one go (or as the pipe takes it)."""
    buf = io.BytesIO()
    buf.write(bytes(_HEADER.size))
    _Pickler(buf, pickle.HIGHEST_PROTOCOL).dump(obj)
    view = buf.getbuffer()
    _HEADER.pack_into(view, 0, len(view) - _HEADER.size)
    return view


def _warm_up() -> None:
    """Load the lazily-built lexicons and regexes once in the parent, so forked workers inherit them."""
    extract_article(Article(text='قال الوزير: "نعم".\n', id="warm-up"))


def _chunks(items: Iterable[Any], size: int, max_chars: int = _CHUNK_CHARS) -> Iterator[list[Any]]:
    """Runs of items holding ``size`` records, cut early once their texts reach ``max_chars``."""
    chunk: list[Any] = []
    count = chars = 0
    for item in items:
        chunk.append(item)
        n, c = weight(item)
        count += n
        chars += c
        if count >= size or chars >= max_chars:
            yield chunk
            chunk, count, chars = [], 0, 0
    if chunk:
        yield chunk


def _todo(chunk: list[Any]) -> list[Any]:
    """What a worker gets of a chunk: its items but the input errors, which keep their place without it."""
    return [a for a in chunk if not isinstance(a, QawlError)]


def pooled(
    items: Iterable[Any], job: Job[T], workers: int, ordered: bool, chunk_size: int
) -> Generator[tuple[list[Any], list[T]], None, None]:
    """Each input chunk with the results of its items (input errors left out), from ``workers`` processes.

    At most ``4 × workers`` chunks are read ahead of the one handed out; chunks of input errors only take
    their place in the order without going to a worker. Closing the generator (or an error) ends the
    workers at once.
    """
    chunks = _chunks(items, chunk_size)
    limit = workers * _IN_FLIGHT_PER_WORKER
    if not _FORK:
        yield from _executor_pooled(chunks, job, workers, ordered, limit)
        return
    _warm_up()
    pool = _ForkPool(job, workers)
    try:
        yield from pool.run(chunks, ordered, limit)
    finally:
        # reached on exhaustion, on an error and when the consumer stops early (generator closed)
        pool.close()


# --- forked workers --------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Worker:
    """The parent's side of one worker: its pipes, what it still has to do, the message coming back."""

    pid: int
    task_fd: int  # the parent writes tasks here (non-blocking)
    result_fd: int  # and reads results here (non-blocking)
    outbox: deque[memoryview] = field(default_factory=deque)  # messages not (wholly) written yet
    in_flight: deque[int] = field(default_factory=deque)  # seqs sent, in the order it handles them
    header: bytearray = field(default_factory=lambda: bytearray(_HEADER.size))
    body: bytearray | None = None  # the message being read, once its length is known
    got: int = 0  # bytes of the header or body read so far
    watched: bool = False  # whether the selector watches the task pipe for room to write


class _ForkPool:
    def __init__(self, job: Job[Any], workers: int) -> None:
        self.job = job
        self.workers: list[_Worker] = []
        self.selector = selectors.DefaultSelector()
        self.done: dict[int, list[Any]] = {}  # seq → results, until handed out (in order, when ordered)
        self.failed = False
        try:
            for _ in range(workers):
                self.workers.append(self._start())
        except BaseException:
            self.failed = True
            self.close()
            raise

    def _start(self) -> _Worker:
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        for fd in (task_w, result_w):
            _grow_pipe(fd)
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory
            for fd in (task_r, task_w, result_r, result_w):
                os.close(fd)
            raise
        if pid == 0:  # the worker: never returns
            status = 1
            try:
                os.close(task_w)
                os.close(result_r)
                self.selector.close()  # its copy only: the parent's stays as it is
                for w in self.workers:  # the parent's ends of the other workers' pipes
                    os.close(w.task_fd)
                    os.close(w.result_fd)
                status = _serve(self.job, task_r, result_w)
            except BaseException:  # a bug in the worker loop itself: say what it was before ending
                traceback.print_exc()
                sys.stderr.flush()
            finally:
                os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
        os.close(task_r)
        os.close(result_w)
        os.set_blocking(task_w, False)
        os.set_blocking(result_r, False)
        worker = _Worker(pid, task_w, result_r)
        self.selector.register(result_r, selectors.EVENT_READ, worker)
        return worker

    def run(
        self, chunks: Iterator[list[Any]], ordered: bool, limit: int
    ) -> Iterator[tuple[list[Any], list[Any]]]:
        taken: dict[int, list[Any]] = {}  # seq → chunk, until it is handed out
        seq = turn = 0
        exhausted = False
        while True:
            while not exhausted and len(taken) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                taken[seq] = chunk
                todo = _todo(chunk)
                if todo:
                    self._send(min(self.workers, key=_load), seq, todo)
                else:  # input errors only: nothing to send, but it keeps its place in the order
                    self.done[seq] = []
                seq += 1
            if ordered:
                while turn in self.done:
                    yield taken.pop(turn), self.done.pop(turn)
                    turn += 1
            else:
                for s in list(self.done):
                    yield taken.pop(s), self.done.pop(s)
            if not taken and exhausted:
                return
            if len(taken) == limit or exhausted:  # else: handing results out made room for more chunks
                self._pump()

    def _send(self, worker: _Worker, seq: int, todo: list[Any]) -> None:
        worker.in_flight.append(seq)
        worker.outbox.append(_message((seq, todo)))
        if len(worker.outbox) == 1:
            self._write(worker)

    def _pump(self) -> None:
        """Wait until some pipe can be read or written, and do it."""
        for key, mask in self.selector.select():
            worker: _Worker = key.data
            if mask & selectors.EVENT_WRITE:
                self._write(worker)
            else:
                self._read(worker)

    def _write(self, worker: _Worker) -> None:
        box = worker.outbox
        while box:
            try:
                n = os.write(worker.task_fd, box[0])
            except BlockingIOError:
                break
            except BrokenPipeError:
                raise self._died(worker) from None
            if n == len(box[0]):
                box.popleft()
            else:
                box[0] = box[0][n:]
        # the task pipe is watched only while a message waits for room in it
        if box and not worker.watched:
            self.selector.register(worker.task_fd, selectors.EVENT_WRITE, worker)
            worker.watched = True
        elif not box and worker.watched:
            self.selector.unregister(worker.task_fd)
            worker.watched = False

    def _read(self, worker: _Worker) -> None:
        while True:
            target = worker.header if worker.body is None else worker.body
            try:
                n = os.readv(worker.result_fd, [memoryview(target)[worker.got :]])
            except BlockingIOError:
                return
            if n == 0:
                raise self._died(worker)
            worker.got += n
            if worker.got < len(target):
                continue
            worker.got = 0
            if worker.body is None:
                worker.body = bytearray(_HEADER.unpack(worker.header)[0])
                continue
            seq, ok, value = pickle.loads(worker.body)
            worker.body = None
            worker.in_flight.popleft()
            if not ok:
                self.failed = True
                error, text = value
                raise error from RemoteTraceback(text)
            self.done[seq] = value

    def _died(self, worker: _Worker) -> WorkerDied:
        self.failed = True
        _, status = os.waitpid(worker.pid, 0)
        worker.pid = 0
        code = os.waitstatus_to_exitcode(status)
        how = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
        return WorkerDied(f"a worker process ended ({how}) with {len(worker.in_flight)} tasks unfinished")

    def close(self) -> None:
        """End the workers: at end of input they see their pipe close and exit; after an error, or when
        the consumer stopped early, they are terminated at once."""
        self.selector.close()
        for w in self.workers:
            for fd in (w.task_fd, w.result_fd):
                with suppress(OSError):
                    os.close(fd)
            if w.pid and (self.failed or w.in_flight):
                with suppress(ProcessLookupError):
                    os.kill(w.pid, signal.SIGTERM)
        for w in self.workers:
            if w.pid:
                os.waitpid(w.pid, 0)
                w.pid = 0


def _load(worker: _Worker) -> int:
    return len(worker.in_flight)


def _grow_pipe(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or above /proc/sys/fs/pipe-max-size: the default size works, in more calls


def _serve(job: Job[Any], task_fd: int, result_fd: int) -> int:
    """A worker's life: read a task, run ``job`` on it, write the results; 0 at end of input."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with open(task_fd, "rb", buffering=_PIPE_BYTES) as tasks:
        while True:
            header = tasks.read(_HEADER.size)
            if len(header) < _HEADER.size:
                return 0
            seq, items = pickle.loads(tasks.read(_HEADER.unpack(header)[0]))
            try:
                reply = _message((seq, True, job(items)))
            except BaseException as exc:  # sent to the parent, which raises it
                reply = _failure(seq, exc)
            try:
                _write_all(result_fd, reply)
            except BrokenPipeError:  # the parent has gone
                return 0


def _failure(seq: int, exc: BaseException) -> memoryview:
    """The message that takes the error to the parent, with its traceback as text."""
    text = "".join(traceback.format_exception(exc))
    try:
        message = _message((seq, False, (exc, text)))
        pickle.loads(message[_HEADER.size :])  # an error class may pickle and not unpickle
    except Exception:  # then its type and message go, as a RuntimeError
        message = _message((seq, False, (RuntimeError(f"{type(exc).__name__}: {exc}"), text)))
    return message


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        data = data[os.write(fd, data) :]


# --- elsewhere: concurrent.futures ---------------------------------------------------------------------


def _executor_pooled(
    chunks: Iterator[list[Any]], job: Job[T], workers: int, ordered: bool, limit: int
) -> Iterator[tuple[list[Any], list[T]]]:
    """The same pool from ``concurrent.futures`` (spawned workers), where ``os.fork`` does not exist."""
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    _register_reducers()
    executor = ProcessPoolExecutor(max_workers=workers, initializer=_register_reducers)

    def submit(chunk: list[Any]) -> Future[list[T]]:
        todo = _todo(chunk)
        if todo:
            return executor.submit(job, todo)
        done: Future[list[T]] = Future()  # input errors only: no task, but a place in the order
        done.set_result([])
        return done

    try:
        if ordered:
            pending: deque[tuple[list[Any], Future[list[T]]]] = deque()
            for chunk in chunks:
                pending.append((chunk, submit(chunk)))
                if len(pending) >= limit:
                    head, fut = pending.popleft()
                    yield head, fut.result()
            while pending:
                head, fut = pending.popleft()
                yield head, fut.result()
        else:
            running: dict[Future[list[T]], list[Any]] = {}
            exhausted = False
            while True:
                while not exhausted and len(running) < limit:
                    more: list[Any] | None = next(chunks, None)
                    if more is None:
                        exhausted = True
                    else:
                        running[submit(more)] = more
                if not running:
                    return
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    yield running.pop(fut), fut.result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _register_reducers() -> None:
    """The model's reducers (``_DISPATCH``) for multiprocessing's pickler, in the parent and each worker."""
    from multiprocessing.reduction import ForkingPickler

    for cls in (Quote, Span, Speaker):
        ForkingPickler.register(cls, _DISPATCH[cls])
