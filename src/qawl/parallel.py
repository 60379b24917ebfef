"""Extraction over a stream of articles, in this process or in a pool of worker processes.

The input is consumed lazily and at most ``4 × workers`` chunks (``chunk_size`` articles, or fewer once their
texts reach a million characters) are in flight, so memory stays flat however long the stream is. Errors in
the input (``QawlError`` values from a reader) pass through in their place; a bug while extracting an article
propagates as ``ArticleFailure`` naming the article, and a worker process that dies (killed, out of memory)
as ``qawl.pool.WorkerDied``.

    for item in extract_stream(read_jsonl(path), workers=2):
        ...  # an Article with its quotes, or the reader's QawlError for a bad record

``extract_map`` also runs a function of the extracted article in the worker (building and encoding the output
record, say), which leaves the parent only reading and writing: the parent is the serial part of the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from typing import Any, TypeAlias, TypeVar

from qawl.errors import QawlError
from qawl.model import Article, Quote, Span
from qawl.pipeline import extract_article

Item: TypeAlias = Article | QawlError
_Derived: TypeAlias = tuple[tuple[Span, ...], tuple[Quote, ...]]
T = TypeVar("T")
R = TypeVar("R")


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
    return _merged(_pooled()(items, partial(_work, _derived), n, ordered, chunk_size))


def extract_map(
    items: Iterable[Item],
    fn: Callable[[Article], T],
    workers: int = 0,
    ordered: bool = True,
    chunk_size: int = 64,
) -> Generator[T | QawlError, None, None]:
    """Like ``extract_stream``, but each extracted article goes through ``fn`` in the worker, and ``fn``'s
    value comes back in its place: the parent is then left with little to do but write.

    Where the platform cannot fork (Windows), ``fn`` must be picklable (a module-level function) when
    ``workers`` > 1. For example, a JSON line:

        for line in extract_map(items, to_json_line, workers=2): out.write(line)
    """
    n = _workers(workers, chunk_size)
    if n == 1:
        return _serial(items, fn)
    return _flat(_pooled()(items, partial(_work, fn), n, ordered, chunk_size))


def extract_map_raw(
    items: Iterable[R | QawlError],
    parse: Callable[[R], Sequence[Article | QawlError]],
    fn: Callable[[Article], T],
    workers: int = 0,
    ordered: bool = True,
    chunk_size: int = 64,
) -> Generator[T | QawlError, None, None]:
    """Like ``extract_map``, but the items are raw records that ``parse`` turns into articles (and the
    ``QawlError`` values in place of bad ones), in the worker: decoding leaves the parent too. One raw item
    may hold several records (a block of JSON Lines, say: ``qawl.readers.RawLines``); an item with a
    ``weight`` of (records, characters) counts as that many records towards ``chunk_size``.

    Where the platform cannot fork, ``parse`` and ``fn`` must be picklable (module-level functions or
    partials of them) when ``workers`` > 1.
    """
    n = _workers(workers, chunk_size)
    job = partial(_work_raw, parse, fn)
    if n == 1:
        return _serial_raw(items, job)
    return _flat_many(_pooled()(items, job, n, ordered, chunk_size))


def weight(item: object) -> tuple[int, int]:
    """(records, characters) in an item of the stream: a block of records (``qawl.readers.RawLines``) has
    a ``weight`` of its own; anything else is one record, whose characters count when it is text."""
    if isinstance(item, Article):
        return 1, len(item.text)
    if isinstance(item, str | bytes):
        return 1, len(item)
    w = getattr(item, "weight", None)
    return w if isinstance(w, tuple) else (1, 0)


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
    parse: Callable[[R], Sequence[Article | QawlError]], fn: Callable[[Article], T], raws: Sequence[R]
) -> list[list[T | QawlError]]:
    """Run in a worker process: parse, extract and ``fn`` the records of each raw item of a chunk."""
    out: list[list[T | QawlError]] = []
    for raw in raws:
        try:
            articles = parse(raw)
        except Exception as exc:
            raise ArticleFailure(f"parsing {str(raw)[:80]!r}: {type(exc).__name__}: {exc}") from exc
        out.append([a if isinstance(a, QawlError) else _extract_one(a, fn) for a in articles])
    return out


def _serial_raw(
    items: Iterable[R | QawlError], job: Callable[[list[R]], list[list[T | QawlError]]]
) -> Generator[T | QawlError, None, None]:
    for item in items:
        if isinstance(item, QawlError):
            yield item
        else:
            yield from job([item])[0]


def _placed(done: Iterator[tuple[list[Any], list[Any]]]) -> Generator[tuple[Any, Any], None, None]:
    """Each item of the chunks in order with its result; an input error (sent to no worker) is its own."""
    for chunk, results in done:
        it = iter(results)
        for item in chunk:
            yield (item, item) if isinstance(item, QawlError) else (item, next(it))


def _merged(done: Iterator[tuple[list[Any], list[_Derived]]]) -> Generator[Item, None, None]:
    """Put each result back on its article and each input error in its place."""
    for item, result in _placed(done):
        yield item if isinstance(item, QawlError) else replace(item, chrome=result[0], quotes=result[1])


def _flat(done: Iterator[tuple[list[Any], list[Any]]]) -> Generator[Any, None, None]:
    for _, result in _placed(done):
        yield result


def _flat_many(done: Iterator[tuple[list[Any], list[list[Any]]]]) -> Generator[Any, None, None]:
    for item, results in _placed(done):
        if isinstance(item, QawlError):
            yield item
        else:
            yield from results


def _pooled() -> Callable[..., Iterator[tuple[list[Any], list[Any]]]]:
    """``qawl.pool.pooled``, imported on first use: a run in this process never loads the pool."""
    from qawl.pool import pooled

    return pooled
