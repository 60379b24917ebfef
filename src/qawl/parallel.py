"""Extraction over a stream of articles, in this process or in a pool of worker processes.

The input is consumed lazily and at most ``2 × workers`` chunks (``chunk_size`` articles, or fewer once their
texts reach a million characters) are in flight, so memory stays flat however long the stream is. Errors in
the input (``QawlError`` values from a reader) pass through in their place; a bug while extracting an article
propagates as ``ArticleFailure`` naming the article.

    for item in extract_stream(read_jsonl(path), workers=2):
        ...  # an Article with its quotes, or the reader's QawlError for a bad record

``extract_map`` also runs a function of the extracted article in the worker (building and encoding the output
record, say), which leaves the parent only reading and writing: the parent is the serial part of the run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import fields, replace
from functools import partial
from multiprocessing.reduction import ForkingPickler
from operator import attrgetter
from typing import Any, TypeAlias, TypeVar

from qawl import pipeline
from qawl.errors import QawlError
from qawl.model import Article, Quote, Span, Speaker
from qawl.pipeline import extract_article

Item: TypeAlias = Article | QawlError
_Derived: TypeAlias = tuple[tuple[Span, ...], tuple[Quote, ...]]
T = TypeVar("T")
R = TypeVar("R")

#: chunks in flight per worker: one being processed, one queued, so that no worker waits for the parent
_IN_FLIGHT_PER_WORKER = 2
#: a chunk also ends at this many characters of text, so that long articles do not pile up in flight
_CHUNK_CHARS = 1_000_000


class ArticleFailure(RuntimeError):
    """A bug (not a bad input) hit while extracting one article; ``__cause__`` holds the original error.

    From a worker process the cause is the worker's formatted traceback, the message names the error type.
    """

    def __init__(self, message: str, article_id: str = "") -> None:
        super().__init__(message)
        self.article_id = article_id


def extract_stream(
    items: Iterable[Item], workers: int = 0, ordered: bool = True, chunk_size: int = 64
) -> Generator[Item, None, None]:
    """Extract quotes from every article of ``items``; ``QawlError`` items are passed through unchanged.

    ``workers`` 0 means one per CPU, 1 runs in this process. ``ordered=False`` yields chunks as they
    complete (order kept within a chunk). Yielded articles carry ``chrome`` and ``quotes``; from a pool
    ``norm`` and ``omap`` are not sent back (None: the output records need neither).
    """
    n = _workers(workers, chunk_size)
    if n == 1:
        return _serial(items, _same)
    return _merged(_pooled(items, partial(_work, _derived), n, ordered, chunk_size))


def extract_map(
    items: Iterable[Item],
    fn: Callable[[Article], T],
    workers: int = 0,
    ordered: bool = True,
    chunk_size: int = 64,
) -> Generator[T | QawlError, None, None]:
    """Like ``extract_stream``, but each extracted article goes through ``fn`` in the worker, and ``fn``'s
    value comes back in its place: the parent is then left with little to do but write.

    ``fn`` must be picklable (a module-level function) when ``workers`` > 1. For example, a JSON line:

        for line in extract_map(items, to_json_line, workers=2): out.write(line)
    """
    n = _workers(workers, chunk_size)
    if n == 1:
        return _serial(items, fn)
    return _flat(_pooled(items, partial(_work, fn), n, ordered, chunk_size))


def extract_map_raw(
    items: Iterable[R | QawlError],
    parse: Callable[[R], Article | QawlError],
    fn: Callable[[Article], T],
    workers: int = 0,
    ordered: bool = True,
    chunk_size: int = 64,
) -> Generator[T | QawlError, None, None]:
    """Like ``extract_map``, but the items are raw records (a JSONL line, say) that ``parse`` turns into an
    article, or into the ``QawlError`` that takes its place, in the worker: decoding leaves the parent too.

    ``parse`` and ``fn`` must be picklable (module-level functions or partials of them) when ``workers`` > 1.
    """
    n = _workers(workers, chunk_size)
    job = partial(_work_raw, parse, fn)
    if n == 1:
        return (x if isinstance(x, QawlError) else job([x])[0] for x in items)
    return _flat(_pooled(items, job, n, ordered, chunk_size))


def _workers(workers: int, chunk_size: int) -> int:
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    return workers if workers > 0 else (os.cpu_count() or 1)


def _same(article: Article) -> Article:
    return article


def _derived(article: Article) -> _Derived:
    """What a worker sends back for ``extract_stream``: only the derived parts, not the text again."""
    return article.chrome, article.quotes


def _extract_one(article: Article, fn: Callable[[Article], T]) -> T:
    try:
        return fn(extract_article(article))
    except Exception as exc:
        raise ArticleFailure(f"article {article.id!r}: {type(exc).__name__}: {exc}", article.id) from exc


def _serial(items: Iterable[Item], fn: Callable[[Article], T]) -> Generator[T | QawlError, None, None]:
    for item in items:
        yield item if isinstance(item, QawlError) else _extract_one(item, fn)


def _work(fn: Callable[[Article], T], articles: Sequence[Article]) -> list[T]:
    """Run in a worker process: one chunk, results in input order."""
    return [_extract_one(a, fn) for a in articles]


def _work_raw(
    parse: Callable[[R], Article | QawlError], fn: Callable[[Article], T], raws: Sequence[R]
) -> list[T | QawlError]:
    """Run in a worker process: parse, extract and ``fn`` each raw item of a chunk."""
    out: list[T | QawlError] = []
    for raw in raws:
        try:
            article = parse(raw)
        except Exception as exc:
            raise ArticleFailure(f"parsing {str(raw)[:80]!r}: {type(exc).__name__}: {exc}") from exc
        out.append(article if isinstance(article, QawlError) else _extract_one(article, fn))
    return out


def _merged(done: Iterator[tuple[list[Any], list[_Derived]]]) -> Generator[Item, None, None]:
    """Put each result back on its article and each input error in its place."""
    for chunk, results in done:
        it = iter(results)
        for item in chunk:
            if isinstance(item, QawlError):
                yield item
            else:
                chrome, quotes = next(it)
                yield replace(item, chrome=chrome, quotes=quotes)


def _flat(done: Iterator[tuple[list[Any], list[Any]]]) -> Generator[Any, None, None]:
    for chunk, results in done:
        it = iter(results)
        for item in chunk:
            yield item if isinstance(item, QawlError) else next(it)


def _reducer(cls: type[Any]) -> Callable[[Any], tuple[type[Any], tuple[Any, ...]]]:
    get = attrgetter(*(f.name for f in fields(cls)))
    return lambda obj: (cls, get(obj))


def _register_reducers() -> None:
    """Send the model's frozen dataclasses between processes as their constructor's arguments.

    The default (dataclasses' ``__getstate__``/``__setstate__``, Python code per object) costs the parent
    33 µs an article to unpickle its quotes; constructor arguments cost 13. Registered with multiprocessing's
    pickler only, so ``pickle`` elsewhere is unchanged. Runs in the parent and in every worker.
    """
    for cls in (Quote, Span, Speaker):  # Article has a __reduce__ of its own, to the same effect
        ForkingPickler.register(cls, _reducer(cls))


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the imported modules and loaded lexicons with the workers at no cost
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _warm_up() -> None:
    """Load the lazily-built lexicons and regexes once in the parent, so forked workers inherit them."""
    pipeline.extract_article(Article(text='قال الوزير: "نعم".\n', id="warm-up"))


def _size(item: object) -> int:
    if isinstance(item, Article):
        return len(item.text)
    return len(item) if isinstance(item, str | bytes) else 0


def _chunks(items: Iterable[Any], size: int, max_chars: int = _CHUNK_CHARS) -> Iterator[list[Any]]:
    """Runs of ``size`` items, cut early once their texts reach ``max_chars``."""
    chunk: list[Any] = []
    chars = 0
    for item in items:
        chunk.append(item)
        chars += _size(item)
        if len(chunk) >= size or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


#: what runs in a worker: one chunk's items (input errors left out) → their results, in order
Job: TypeAlias = Callable[[list[Any]], list[T]]


def _pooled(
    items: Iterable[Any], job: Job[T], workers: int, ordered: bool, chunk_size: int
) -> Generator[tuple[list[Any], list[T]], None, None]:
    """Each input chunk with the results of its items, from a pool of ``workers`` processes."""
    ctx = _context()
    if ctx.get_start_method() == "fork":
        _warm_up()
    limit = workers * _IN_FLIGHT_PER_WORKER
    chunks = _chunks(items, chunk_size)
    _register_reducers()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_register_reducers)
    try:
        if ordered:
            yield from _run_ordered(pool, job, chunks, limit)
        else:
            yield from _run_unordered(pool, job, chunks, limit)
    finally:
        # reached on exhaustion, on an error and when the consumer stops early (generator closed)
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, job: Job[T], chunk: list[Any]) -> Future[list[T]]:
    todo = [a for a in chunk if not isinstance(a, QawlError)]
    if not todo:
        # a chunk of input errors only: nothing to send, but it keeps its place in the order
        done: Future[list[T]] = Future()
        done.set_result([])
        return done
    return pool.submit(job, todo)


def _run_ordered(
    pool: ProcessPoolExecutor, job: Job[T], chunks: Iterator[list[Any]], limit: int
) -> Iterator[tuple[list[Any], list[T]]]:
    pending: deque[tuple[list[Any], Future[list[T]]]] = deque()
    for chunk in chunks:
        pending.append((chunk, _submit(pool, job, chunk)))
        if len(pending) >= limit:
            head, fut = pending.popleft()
            yield head, fut.result()
    while pending:
        head, fut = pending.popleft()
        yield head, fut.result()


def _run_unordered(
    pool: ProcessPoolExecutor, job: Job[T], chunks: Iterator[list[Any]], limit: int
) -> Iterator[tuple[list[Any], list[T]]]:
    pending: dict[Future[list[T]], list[Any]] = {}
    exhausted = False
    while True:
        while not exhausted and len(pending) < limit:
            chunk = next(chunks, None)
            if chunk is None:
                exhausted = True
            else:
                pending[_submit(pool, job, chunk)] = chunk
        if not pending:
            return
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for fut in done:
            yield pending.pop(fut), fut.result()
