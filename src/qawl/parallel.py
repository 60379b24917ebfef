"""Extraction over a stream of articles, in this process or in a pool of worker processes.

The input is consumed lazily and at most ``2 × workers`` chunks are in flight, so memory stays flat however
long the stream is. Errors in the input (``QawlError`` values from a reader) pass through in their place;
a bug while extracting an article propagates as ``ArticleFailure`` naming the article.

    for item in extract_stream(read_jsonl(path), workers=2):
        ...  # an Article with its quotes, or the reader's QawlError for a bad record
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import replace
from itertools import islice
from typing import TypeAlias

from qawl import pipeline
from qawl.errors import QawlError
from qawl.model import Article, Quote, Span
from qawl.pipeline import extract_article

Item: TypeAlias = Article | QawlError
#: what a worker sends back per article: only the derived parts, so that the text does not travel twice
_Result: TypeAlias = tuple[tuple[Span, ...], tuple[Quote, ...]]

#: chunks in flight per worker: one being processed, one queued, so that no worker waits for the parent
_IN_FLIGHT_PER_WORKER = 2


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
    complete (order kept within a chunk). Yielded articles carry ``chrome`` and ``quotes``; ``norm`` and
    ``omap`` are dropped (the output records need neither; ``pipeline.extract_article`` keeps them).
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    n = workers if workers > 0 else (os.cpu_count() or 1)
    if n == 1:
        return _serial(items)
    return _pooled(items, n, ordered, chunk_size)


def _serial(items: Iterable[Item]) -> Generator[Item, None, None]:
    for item in items:
        if isinstance(item, QawlError):
            yield item
        else:
            chrome, quotes = _extract_one(item)
            yield replace(item, chrome=chrome, quotes=quotes)


def _extract_one(article: Article) -> _Result:
    try:
        done = extract_article(article)
    except Exception as exc:
        raise ArticleFailure(f"article {article.id!r}: {type(exc).__name__}: {exc}", article.id) from exc
    return done.chrome, done.quotes


def _work(articles: Sequence[Article]) -> list[_Result]:
    """Run in a worker process: one chunk, results in input order."""
    return [_extract_one(a) for a in articles]


def _merge(chunk: Sequence[Item], results: Sequence[_Result]) -> list[Item]:
    """Put each result back on its article and each input error in its place."""
    out: list[Item] = []
    it = iter(results)
    for item in chunk:
        if isinstance(item, QawlError):
            out.append(item)
        else:
            chrome, quotes = next(it)
            out.append(replace(item, chrome=chrome, quotes=quotes))
    return out


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the imported modules and loaded lexicons with the workers at no cost
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _warm_up() -> None:
    """Load the lazily-built lexicons and regexes once in the parent, so forked workers inherit them."""
    pipeline.extract_article(Article(text='قال الوزير: "نعم".\n', id="warm-up"))


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _pooled(
    items: Iterable[Item], workers: int, ordered: bool, chunk_size: int
) -> Generator[Item, None, None]:
    ctx = _context()
    if ctx.get_start_method() == "fork":
        _warm_up()
    limit = workers * _IN_FLIGHT_PER_WORKER
    chunks = _chunks(items, chunk_size)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    try:
        if ordered:
            yield from _run_ordered(pool, chunks, limit)
        else:
            yield from _run_unordered(pool, chunks, limit)
    finally:
        # reached on exhaustion, on an error and when the consumer stops early (generator closed)
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, chunk: list[Item]) -> Future[list[_Result]]:
    articles = [a for a in chunk if not isinstance(a, QawlError)]
    if not articles:
        # a chunk of input errors only: nothing to send, but it keeps its place in the order
        done: Future[list[_Result]] = Future()
        done.set_result([])
        return done
    return pool.submit(_work, articles)


def _run_ordered(pool: ProcessPoolExecutor, chunks: Iterator[list[Item]], limit: int) -> Iterator[Item]:
    pending: deque[tuple[list[Item], Future[list[_Result]]]] = deque()
    for chunk in chunks:
        pending.append((chunk, _submit(pool, chunk)))
        if len(pending) >= limit:
            head, fut = pending.popleft()
            yield from _merge(head, fut.result())
    while pending:
        head, fut = pending.popleft()
        yield from _merge(head, fut.result())


def _run_unordered(pool: ProcessPoolExecutor, chunks: Iterator[list[Item]], limit: int) -> Iterator[Item]:
    pending: dict[Future[list[_Result]], list[Item]] = {}
    exhausted = False
    while True:
        while not exhausted and len(pending) < limit:
            chunk = next(chunks, None)
            if chunk is None:
                exhausted = True
            else:
                pending[_submit(pool, chunk)] = chunk
        if not pending:
            return
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for fut in done:
            yield from _merge(pending.pop(fut), fut.result())
