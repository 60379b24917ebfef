"""extract_stream: the pool gives what the serial loop gives, errors keep their place, bugs propagate."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import partial
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

import pytest

import qawl.parallel as parallel
import qawl.pool as pool
from qawl.errors import InputError, QawlError
from qawl.model import Article, Quote, Span, Speaker
from qawl.parallel import ArticleFailure, extract_map, extract_map_raw, extract_stream
from qawl.pipeline import extract_article
from qawl.records import article_record

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="patching the extractor reaches the workers only when they are forked",
)

# written for these tests: short news-like sentences with and without quotation marks
_SENTENCES = (
    'قال وزير الخارجية إن "الحوار هو الطريق الوحيد" لحل الأزمة.',
    "أكد المتحدث باسم الحكومة أن الاجتماع سيعقد الأسبوع المقبل.",
    "وأضاف: «لن نقبل بأي تأخير في تنفيذ الاتفاق».",
    "ارتفعت أسعار النفط بنسبة ٣٪ في تعاملات اليوم.",
    "ونقلت الوكالة عن مصدر مسؤول قوله إن المفاوضات مستمرة.",
)


def _articles(n: int) -> list[Article]:
    out = []
    for i in range(n):
        body = "\n".join(_SENTENCES[(i + k) % len(_SENTENCES)] for k in range(1 + i % 4))
        out.append(Article(text=f"عنوان رقم {i}\n\n{body}", id=f"a{i}", source="test"))
    return out


def _fake_extract(article: Article) -> Article:
    """A deterministic stand-in for the pipeline: one quote per article, its length from the id."""
    k = int(article.id[1:]) % 7 + 1
    return replace(article, quotes=(Quote(span=Span(0, k), kind="direct"),), chrome=(Span(k, k + 1),))


def _records(items: list[Article | QawlError]) -> list[object]:
    return [article_record(x) | {"chrome": x.chrome} if isinstance(x, Article) else str(x) for x in items]


def test_ordered_pool_equals_serial_output() -> None:
    arts = _articles(300)
    serial = list(extract_stream(arts, workers=1))
    pooled = list(extract_stream(arts, workers=2, chunk_size=16))
    assert [a.id if isinstance(a, Article) else a for a in pooled] == [a.id for a in arts]
    assert _records(pooled) == _records(serial)


@needs_fork
def test_ordered_pool_keeps_results_on_their_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "extract_article", _fake_extract)
    arts = _articles(250)
    pooled = list(extract_stream(arts, workers=2, chunk_size=7))
    assert _records(pooled) == _records([_fake_extract(a) for a in arts])


@needs_fork
def test_unordered_pool_yields_the_same_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "extract_article", _fake_extract)
    arts = _articles(200)
    pooled = list(extract_stream(arts, workers=2, ordered=False, chunk_size=9))
    expected = _records([_fake_extract(a) for a in arts])
    got = _records(pooled)
    assert len(got) == len(expected)
    assert sorted(map(repr, got)) == sorted(map(repr, expected))


def _with_errors() -> list[Article | QawlError]:
    arts: list[Article | QawlError] = list(_articles(40))
    arts.insert(0, InputError("malformed JSON", where="in.jsonl:1"))
    arts.insert(17, InputError("binary record", where="in.jsonl:18"))
    # a run of errors longer than a chunk: a chunk with no article at all
    for k in range(6):
        arts.insert(30, InputError(f"bad {k}", where=f"in.jsonl:{31 + k}"))
    arts.append(InputError("truncated", where="in.jsonl:end"))
    return arts


@pytest.mark.parametrize("workers", [1, 2])
def test_input_errors_pass_through_in_place(workers: int) -> None:
    items = _with_errors()
    out = list(extract_stream(items, workers=workers, chunk_size=4))
    assert len(out) == len(items)
    for got, given in zip(out, items, strict=True):
        if isinstance(given, QawlError):
            assert got is given
        else:
            assert isinstance(got, Article)
            assert got.id == given.id


def test_unordered_pool_passes_errors_through() -> None:
    items = _with_errors()
    out = list(extract_stream(items, workers=2, ordered=False, chunk_size=4))
    assert {id(x) for x in out if isinstance(x, QawlError)} == {
        id(x) for x in items if isinstance(x, QawlError)
    }
    assert sorted(x.id for x in out if isinstance(x, Article)) == sorted(
        x.id for x in items if isinstance(x, Article)
    )


def test_one_worker_runs_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("workers=1 must not start a pool")

    monkeypatch.setattr(pool, "_ForkPool", no_pool)
    monkeypatch.setattr(pool, "_executor_pooled", no_pool)
    out = list(extract_stream(_articles(5), workers=1))
    assert [a.id for a in out if isinstance(a, Article)] == [f"a{i}" for i in range(5)]


def test_one_process_run_loads_no_pool_machinery(tmp_path: Path) -> None:
    # multiprocessing and concurrent.futures cost start-up time: `qawl extract --workers 1` must not load them
    src = tmp_path / "a.jsonl"
    record = {"id": "a", "text": "قال الوزير إن المحادثات مستمرة."}
    src.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    argv = ["extract", str(src), "--workers", "1", "--quiet", "-o", str(tmp_path / "o.jsonl")]
    pool_modules = ("multiprocessing", "concurrent.futures", "qawl.pool")
    code = (
        "import sys\n"
        "from qawl.cli import main\n"
        f"status = main({argv!r})\n"
        f"print(status, [m for m in {pool_modules!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "[]"]


def test_pool_does_not_send_norm_and_omap_back() -> None:
    out = list(extract_stream(_articles(3), workers=2))
    assert all(isinstance(a, Article) and a.norm is None and a.omap is None for a in out)


def _line(article: Article) -> str:
    """An output line built in the worker (module level, so that it pickles)."""
    return json.dumps(article_record(article), ensure_ascii=False)


@pytest.mark.parametrize("workers", [1, 2])
def test_map_returns_the_function_value_in_place(workers: int) -> None:
    items = _with_errors()
    out = list(extract_map(items, _line, workers=workers, chunk_size=4))
    assert len(out) == len(items)
    for got, given in zip(out, items, strict=True):
        if isinstance(given, QawlError):
            assert got is given
        else:
            assert isinstance(got, str)
            assert json.loads(got) == article_record(extract_article(given))


def _fails_on_a3(article: Article) -> str:
    if article.id == "a3":
        raise ValueError("cannot encode")
    return article.id


@pytest.mark.parametrize("workers", [1, 2])
def test_map_function_bug_propagates_with_article_id(workers: int) -> None:
    with pytest.raises(ArticleFailure, match=r"'a3'.*ValueError.*cannot encode"):
        list(extract_map(_articles(20), _fails_on_a3, workers=workers, chunk_size=4))


def _boom(article: Article) -> Article:
    if article.id == "a57":
        raise KeyError("lexicon entry missing")
    return article


@needs_fork
def test_bug_in_worker_propagates_with_article_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "extract_article", _boom)
    with pytest.raises(ArticleFailure, match=r"'a57'.*KeyError.*lexicon entry missing") as info:
        list(extract_stream(_articles(100), workers=2, chunk_size=8))
    assert info.value.article_id == "a57"
    # the worker's traceback travels as the cause
    assert "_boom" in str(info.value.__cause__)


def test_bug_in_process_propagates_with_article_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "extract_article", _boom)
    with pytest.raises(ArticleFailure, match="'a57'") as info:
        list(extract_stream(_articles(100), workers=1))
    assert isinstance(info.value.__cause__, KeyError)


def test_pool_reads_input_lazily() -> None:
    pulled = 0

    def source() -> Iterator[Article]:
        nonlocal pulled
        for a in _articles(1000):
            pulled += 1
            yield a

    stream = extract_stream(source(), workers=2, chunk_size=10)
    first = next(stream)
    assert isinstance(first, Article) and first.id == "a0"
    # at most (2 workers × 4) chunks in flight before the first result is handed out
    assert pulled <= 8 * 10
    stream.close()  # stopping early shuts the pool down without waiting for the rest of the input
    assert pulled <= 8 * 10


def test_chunk_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        extract_stream(_articles(1), chunk_size=0)


def _tagged(article: Article, tag: str) -> str:
    return f"{tag}:{article.id}"


def test_map_takes_a_partial_function() -> None:
    out = list(extract_map(_articles(10), partial(_tagged, tag="x"), workers=2, chunk_size=3))
    assert out == [f"x:a{i}" for i in range(10)]


def test_model_objects_cross_processes_unchanged() -> None:
    speaker = Speaker(name="وزير الخارجية", mention=Span(0, 13), role="وزير", type="person", confidence=0.8)
    quote = Quote(span=Span(20, 40), kind="indirect", cue=Span(14, 17), speaker=speaker, said_on="2018-02-18")
    art = Article(text="نص", id="x", meta={"category": "economy"}, quotes=(quote,), chrome=(Span(0, 1),))
    message = pool._message(art)
    assert pool._HEADER.unpack(message[:8]) == (len(message) - 8,)
    back = pickle.loads(message[8:])
    assert back == art
    assert back.meta == {"category": "economy"} and back.quotes[0].speaker == speaker
    pool._register_reducers()  # the same reducers where concurrent.futures runs the pool
    assert pickle.loads(ForkingPickler.dumps(art)) == art


def test_chunks_end_early_on_long_texts() -> None:
    items: list[Article | QawlError] = [Article(text="ب" * 400, id=f"l{i}") for i in range(6)]
    items.insert(2, InputError("bad", where="x:3"))
    sizes = [len(c) for c in pool._chunks(items, 64, max_chars=1000)]
    # 400 + 400 + (error) + 400 reach 1,000 characters: the chunk ends there
    assert sizes == [4, 3]
    assert [len(c) for c in pool._chunks(items, 2, max_chars=10**6)] == [2, 2, 2, 1]


def _parse_one(line: str) -> Article | QawlError:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(f"not JSON ({exc.msg})", where=line[:10])
    if rec.get("boom"):
        raise ZeroDivisionError("parser bug")
    return Article(text=rec["text"], id=rec["id"])


@dataclass(frozen=True)
class _Block:
    """Several raw lines in one item, as ``qawl.readers.RawLines`` holds them."""

    lines: tuple[str, ...]

    @property
    def weight(self) -> tuple[int, int]:
        return len(self.lines), sum(map(len, self.lines))


def _parse_line(raw: str | _Block) -> list[Article | QawlError]:
    """A raw JSONL line, or a block of them → their articles, or the InputError that takes the place of a
    bad one (module level: it is pickled)."""
    return [_parse_one(line) for line in (raw.lines if isinstance(raw, _Block) else [raw])]


def _raw_lines() -> list[str | QawlError]:
    lines: list[str | QawlError] = [json.dumps({"id": a.id, "text": a.text}) for a in _articles(30)]
    lines.insert(5, "{not json")
    lines.insert(12, InputError("unreadable bytes", where="in.jsonl:13"))
    return lines


@pytest.mark.parametrize("workers", [1, 2])
def test_map_raw_parses_in_place(workers: int) -> None:
    raws = _raw_lines()
    out = list(extract_map_raw(raws, _parse_line, _line, workers=workers, chunk_size=4))
    assert len(out) == len(raws)
    assert isinstance(out[5], InputError) and "not JSON" in str(out[5])
    assert out[12] is raws[12]
    ids = [json.loads(x)["id"] for x in out if isinstance(x, str)]
    assert ids == [f"a{i}" for i in range(30)]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("ordered", [True, False])
def test_map_raw_blocks_of_records_come_out_one_by_one(workers: int, ordered: bool) -> None:
    """An item holding several records (a block of lines) gives each record's result in its place, among
    the input errors the stream carries; unordered, each block still keeps its own order."""
    raws = _raw_lines()
    lines = [x for x in raws if isinstance(x, str)]
    items: list[str | _Block | QawlError] = [_Block(tuple(lines[i : i + 3])) for i in range(0, len(lines), 3)]
    items.insert(4, raws[12])
    out = list(extract_map_raw(items, _parse_line, _line, workers=workers, ordered=ordered, chunk_size=4))
    assert len(out) == len(lines) + 1
    assert sum(isinstance(x, InputError) and "not JSON" in str(x) for x in out) == 1
    ids = [json.loads(x)["id"] for x in out if isinstance(x, str)]
    if ordered:
        assert out[12] is raws[12]  # after four blocks of three
        assert ids == [f"a{i}" for i in range(30)]
    else:
        assert sorted(ids) == sorted(f"a{i}" for i in range(30))


def test_blocks_weigh_their_records_in_chunks() -> None:
    """A chunk holds ``chunk_size`` records, however they are grouped into items."""
    blocks = [_Block(("x" * 10,) * 3) for _ in range(5)]
    assert [len(c) for c in pool._chunks(blocks, 6)] == [2, 2, 1]
    assert [len(c) for c in pool._chunks(blocks, 6, max_chars=25)] == [1, 1, 1, 1, 1]
    assert parallel.weight(blocks[0]) == (3, 30)
    assert parallel.weight(Article(text="نص", id="a")) == (1, 2) and parallel.weight(object()) == (1, 0)


@pytest.mark.parametrize("workers", [1, 2])
def test_map_raw_parser_bug_propagates(workers: int) -> None:
    raws: list[str | QawlError] = [*_raw_lines(), json.dumps({"boom": True})]
    with pytest.raises(ArticleFailure, match=r"ZeroDivisionError.*parser bug"):
        list(extract_map_raw(raws, _parse_line, _line, workers=workers, chunk_size=4))


def _text_back(article: Article) -> str:
    return article.text


def _same_article(article: Article) -> Article:
    return article


@needs_fork
@pytest.mark.parametrize("ordered", [True, False])
def test_messages_larger_than_a_pipe_cross_whole(monkeypatch: pytest.MonkeyPatch, ordered: bool) -> None:
    """Tasks and results of megabytes (a pipe holds one) are written and read in as many pieces as the
    pipes take, with the parent reading results while it still has tasks to write."""
    monkeypatch.setattr(parallel, "extract_article", _same_article)
    arts = [Article(text=f"{i} " + "قال الوزير " * (30_000 + 997 * i), id=f"big{i}") for i in range(12)]
    out = list(extract_map(arts, _text_back, workers=2, ordered=ordered, chunk_size=3))
    assert sorted(out) == sorted(a.text for a in arts)
    if ordered:
        assert out == [a.text for a in arts]


def _pid(article: Article) -> int:
    return os.getpid()


def _dies_on_a5(article: Article) -> str:
    if article.id == "a5":
        os.kill(os.getpid(), signal.SIGKILL)
    return article.id


@needs_fork
def test_a_worker_killed_is_an_error_not_a_hang() -> None:
    with pytest.raises(pool.WorkerDied, match="killed by signal 9"):
        list(extract_map(_articles(40), _dies_on_a5, workers=2, chunk_size=2))


@needs_fork
def test_stopping_early_ends_the_workers() -> None:
    stream = extract_map(_articles(400), _pid, workers=2, chunk_size=4)
    pids = {next(stream) for _ in range(3)}
    stream.close()
    for pid in pids:
        assert isinstance(pid, int) and pid != os.getpid()
        with pytest.raises(ProcessLookupError):  # ended and reaped
            os.kill(pid, 0)


@pytest.mark.parametrize("ordered", [True, False])
def test_without_fork_a_process_pool_does_the_same(monkeypatch: pytest.MonkeyPatch, ordered: bool) -> None:
    """Where ``os.fork`` does not exist (Windows), concurrent.futures runs the workers, errors in place."""
    monkeypatch.setattr(pool, "_FORK", False)
    items = _with_errors()
    out = list(extract_map(items, _line, workers=2, ordered=ordered, chunk_size=4))
    expected = list(extract_map(items, _line, workers=1))
    if ordered:
        assert out == expected
    else:
        assert sorted(map(str, out)) == sorted(map(str, expected))


class _Unpicklable(Exception):
    """An error that pickles but cannot be rebuilt from its pickle (two required arguments)."""

    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a}/{b}")


def _odd_job(items: list[int]) -> list[int]:
    if 5 in items:
        raise _Unpicklable("first", "second")
    return items


@needs_fork
def test_an_error_that_cannot_cross_comes_as_a_runtime_error() -> None:
    """A job's error travels back whole when it can; one that pickles but cannot be rebuilt comes as a
    RuntimeError naming it, with the worker's traceback as its cause."""
    with pytest.raises(RuntimeError, match="_Unpicklable: first/second") as info:
        list(pool.pooled(range(10), _odd_job, workers=2, ordered=True, chunk_size=2))
    assert "_odd_job" in str(info.value.__cause__)
