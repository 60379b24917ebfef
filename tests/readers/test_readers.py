"""Readers: every format and encoding, and bad inputs reported as values naming the file and line."""

from __future__ import annotations

import gzip
import io
import json
import random
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from qawl.errors import ConfigError, InputError
from qawl.model import Article
from qawl.readers import Ids, has_arabic, parse_field_options, parse_items, read_inputs, read_inputs_raw
from qawl.readers.encoding import decode

TEXT = "قال المتحدث باسم البلدية إن أعمال الصيانة ستنتهي قبل نهاية الشهر، مضيفا أن الطرق ستفتح تدريجيا."

PAGE = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>رئيس البلدية: الطرق تفتح قريبا</title>
<meta property="og:site_name" content="جريدة الساحل">
<meta name="author" content="ليلى منصور">
<meta property="article:published_time" content="2024-05-02T08:30:00Z">
<link rel="canonical" href="https://sahel.example/news/42"></head>
<body><nav><a href="/">الرئيسية</a> | <a href="/local">محليات</a></nav>
<article><h1>رئيس البلدية: الطرق تفتح قريبا</h1>
<p>قال رئيس البلدية سمير الحداد إن أعمال الصيانة في الشوارع الرئيسية ستنتهي قبل نهاية الشهر الجاري، مضيفا أن
الطرق المغلقة ستفتح تدريجيا أمام حركة السير بعد فحص الجسور.</p>
<p>وأوضح الحداد في مؤتمر صحفي أن البلدية خصصت فرقا إضافية للعمل ليلا، مشيرا إلى أن السكان سيتلقون رسائل قصيرة
تحدد مواعيد الإغلاق في كل حي.</p></article>
<div class="share">شارك على فيسبوك</div><footer>جميع الحقوق محفوظة لجريدة الساحل</footer></body></html>"""


def items(*paths: Path | str, **kw: Any) -> list[Article | InputError]:
    return list(read_inputs([str(p) for p in paths], **kw))


def articles(got: list[Article | InputError]) -> list[Article]:
    return [a for a in got if isinstance(a, Article)]


def errors(got: list[Article | InputError]) -> list[InputError]:
    return [e for e in got if isinstance(e, InputError)]


# --- text files and encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: s.encode("utf-8-sig"),
        lambda s: s.encode("utf-16"),  # with BOM, native order
        lambda s: b"\xfe\xff" + s.encode("utf-16-be"),
        lambda s: s.encode("cp1256"),
        lambda s: s.encode("iso8859_6"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be", "cp1256", "iso-8859-6"],
)
def test_txt_encodings_decode_to_the_same_text(encode: Any, tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_bytes(encode(TEXT))
    (art,) = items(path)
    assert isinstance(art, Article)
    assert art.text == TEXT  # a BOM is stripped: offsets index the text without it
    assert art.id == "news"
    assert art.path == str(path)


def test_binary_file_is_an_error_and_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "c.txt").write_text(TEXT, encoding="utf-8")
    got = items(tmp_path)
    assert [a.id for a in articles(got)] == ["a", "c"]
    (err,) = errors(got)
    assert err.where == str(tmp_path / "b.txt")
    assert err.message == "binary file"


@pytest.mark.parametrize(
    "data",
    [
        "café crème brûlée à la française, déjà vu".encode("latin-1")
        * 5,  # Latin-1: no Arabic in any reading
        bytes(random.Random(3).randrange(0x80, 0x100) for _ in range(2000)),
    ],
    ids=["latin1", "random-high-bytes"],
)
def test_undecodable_bytes_are_named(data: bytes) -> None:
    with pytest.raises(InputError, match="cannot decode as UTF-8 or a legacy Arabic encoding") as info:
        decode(data, "x.txt")
    assert info.value.where == "x.txt"


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (err,) = items(tmp_path / "empty.txt")
    assert isinstance(err, InputError)
    assert str(err) == f"{tmp_path / 'empty.txt'}: empty file"


@pytest.mark.parametrize("data", [b" \n\t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n"])
def test_white_space_only_file_is_empty(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "blank.txt").write_bytes(data)
    (err,) = items(tmp_path / "blank.txt")
    assert isinstance(err, InputError) and err.message.startswith("empty file")


def test_missing_path(tmp_path: Path) -> None:
    (err,) = items(tmp_path / "nope.txt")
    assert isinstance(err, InputError) and "no such file" in str(err)


def test_has_arabic() -> None:
    assert has_arabic("وقال")
    assert not has_arabic("The minister said «nothing» 123 ١٢٣")


# --- directories and ids ---------------------------------------------------------------------------------


def test_directory_is_walked_recursively_in_sorted_order_with_unique_ids(tmp_path: Path) -> None:
    for rel in ("b/x.txt", "a/x.txt", "a/z.htm.bak", "c.txt", ".hidden.txt", "notes.md"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(TEXT, encoding="utf-8")
    got = articles(items(tmp_path))
    assert [Path(a.path or "").relative_to(tmp_path).as_posix() for a in got] == [
        "a/x.txt",
        "b/x.txt",
        "c.txt",
    ]
    assert [a.id for a in got] == ["x", "x-2", "c"]


def test_explicit_file_with_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(TEXT, encoding="utf-8")
    (art,) = items(tmp_path / "notes.md")
    assert isinstance(art, Article) and art.text == TEXT


def test_ids_are_unique() -> None:
    ids = Ids()
    assert [ids.take("a"), ids.take("a"), ids.take("b"), ids.take("a")] == ["a", "a-2", "b", "a-3"]


# --- HTML ------------------------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a reader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    (art,) = items(path)
    assert isinstance(art, Article)
    assert art.title == "رئيس البلدية: الطرق تفتح قريبا"
    assert art.text.startswith(art.title) and art.text.count(art.title) == 1
    assert "سمير الحداد" in art.text and "مشيرا إلى أن" in art.text
    assert "شارك على فيسبوك" not in art.text and "محليات" not in art.text
    assert (art.date, art.source, art.author) == ("2024-05-02", "جريدة الساحل", "ليلى منصور")
    assert art.url == "https://sahel.example/news/42"
    assert art.id == "page"
    assert items(path) == [art]  # deterministic


@pytest.mark.usefixtures("no_network")
def test_html_title_is_prepended_when_the_body_lacks_it(tmp_path: Path) -> None:
    path = tmp_path / "p.htm"
    path.write_text(PAGE.replace("<h1>رئيس البلدية: الطرق تفتح قريبا</h1>", ""), encoding="utf-8")
    (art,) = items(path)
    assert isinstance(art, Article)
    assert art.text.startswith("رئيس البلدية: الطرق تفتح قريبا\n\nقال رئيس البلدية")


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title></title></head><body> <script>var a=1;</script></body></html>")
    (err,) = items(path)
    assert isinstance(err, InputError) and err.where == str(path)


# --- JSON Lines ------------------------------------------------------------------------------------------


def _jsonl(records: list[Any]) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


RECORDS = [
    {
        "id": "r1",
        "text": TEXT,
        "title": "عنوان",
        "date": "2024-01-02",
        "url": "https://x.example/1",
        "extra": 5,
    },
    "{not json",
    {"id": "r3", "title": "بلا نص"},
    {"id": 4, "text": TEXT, "source": "وكالة"},
    "",
    "[1, 2]",
    {"text": TEXT},
]


def _check_records(got: list[Article | InputError], name: str) -> None:
    arts = articles(got)
    assert [a.id for a in arts] == ["r1", "4", f"{Path(name).name.split('.')[0]}-7"]
    assert (arts[0].title, arts[0].date, arts[0].url, arts[0].path) == (
        "عنوان",
        "2024-01-02",
        "https://x.example/1",
        f"{name}:1",
    )
    assert arts[1].source == "وكالة"
    errs = errors(got)
    assert [e.where for e in errs] == [f"{name}:2", f"{name}:3", f"{name}:6"]
    assert errs[0].message.startswith("not JSON (")
    assert "no text" in errs[1].message


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(_jsonl(RECORDS), encoding="utf-8")
    _check_records(items(path), str(path))


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(_jsonl(RECORDS).encode("utf-8")))
    _check_records(items(path), str(path))


def test_truncated_gz_reports_where_it_stopped(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(_jsonl([{"id": f"a{i}", "text": TEXT * 20} for i in range(50)]).encode("utf-8"))
    path.write_bytes(data[: len(data) // 2])
    got = items(path)
    assert len(articles(got)) > 0
    (err,) = errors(got)
    assert err.where is not None and err.where.startswith(f"{path}:") and "corrupt gzip" in err.message


def test_field_mapping(tmp_path: Path) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text(
        _jsonl([{"uuid": "u-1", "body": TEXT, "text": "ignored", "headline": "ع"}]), encoding="utf-8"
    )
    fields = parse_field_options(["text=body", "id=uuid", "title=headline"])
    (art,) = items(path, fields=fields)
    assert isinstance(art, Article)
    assert (art.id, art.text, art.title) == ("u-1", TEXT, "ع")


@pytest.mark.parametrize("bad", ["text", "text=", "=body", "colour=red"])
def test_bad_field_option(bad: str) -> None:
    with pytest.raises(ConfigError):
        parse_field_options([bad])


def test_jsonl_line_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "\xe1\xe3"}\n' + _jsonl([{"id": "b", "text": TEXT}]).encode())
    got = items(path)
    assert [a.id for a in articles(got)] == ["b"]
    assert [e.where for e in errors(got)] == [f"{path}:1"]


# --- stdin -----------------------------------------------------------------------------------------------


def test_stdin_jsonl_and_text() -> None:
    got = items("-", stdin=io.BytesIO(_jsonl([{"id": "s1", "text": TEXT}, "oops"]).encode()))
    assert [a.id for a in articles(got)] == ["s1"]
    assert [e.where for e in errors(got)] == ["<stdin>:2"]
    (art,) = items("-", stdin=io.BytesIO(TEXT.encode("cp1256")))
    assert isinstance(art, Article) and art.text == TEXT and art.id == "stdin"


# --- WARC ------------------------------------------------------------------------------------------------


def _warc(path: Path, gz: bool) -> None:
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gz)
        for uri, ctype, body in (
            ("https://sahel.example/news/42", "text/html; charset=utf-8", PAGE.encode()),
            ("https://sahel.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
            ("https://sahel.example/empty", "text/html", b"<html><body></body></html>"),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)
            record.raw_stream.close()  # warcio buffers the payload in a temporary file it never closes


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
@pytest.mark.usefixtures("no_network")
def test_warc_html_responses(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    _warc(path, gz=name.endswith(".gz"))
    got = items(path)
    (art,) = articles(got)
    assert art.url == "https://sahel.example/news/42"
    assert "سمير الحداد" in art.text and art.path == str(path)
    (err,) = errors(got)  # the empty page: reported, not fatal
    assert err.where is not None and err.where.startswith(f"{path}:#")


@pytest.mark.usefixtures("no_network")
def test_raw_pages_parse_where_the_caller_likes(tmp_path: Path) -> None:
    """With ``raw``, HTML files and WARC responses come unparsed (``RawPage``); ``parse_items`` gives what
    the reader gives, the empty page's error included. ``qawl extract`` parses them in its workers."""
    html, warc = tmp_path / "page.html", tmp_path / "crawl.warc.gz"
    html.write_text(PAGE, encoding="utf-8")
    _warc(warc, gz=True)
    raw = list(read_inputs_raw([str(html), str(warc)]))
    assert [type(x).__name__ for x in raw] == ["RawPage", "RawPage", "RawPage"]  # the PNG is skipped
    parsed = [y for x in raw for y in parse_items(x, {})]
    assert [str(x) if isinstance(x, InputError) else x for x in parsed] == [
        str(x) if isinstance(x, InputError) else x for x in items(html, warc)
    ]
    assert raw[0].weight == (1, len(PAGE.encode()))


def test_reading_pages_raw_loads_no_html_parser(tmp_path: Path) -> None:
    """trafilatura (≈ 0.3 s to import, and the costly part of reading a page) stays out of the parent."""
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    _warc(tmp_path / "crawl.warc", gz=False)
    code = (
        "import sys\n"
        "from qawl.readers import read_inputs_raw\n"
        f"n = len(list(read_inputs_raw([{str(tmp_path)!r}])))\n"
        "print(n, 'trafilatura' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["3", "False"]


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc"
    path.write_text("this is not an archive\n" * 3, encoding="utf-8")
    got = items(path)
    assert len(got) == 1 and isinstance(got[0], InputError) and got[0].where == str(path)


@pytest.mark.parametrize("meta", [True, False], ids=["declared", "undeclared"])
@pytest.mark.usefixtures("no_network")
def test_html_in_windows_1256(tmp_path: Path, meta: bool) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1256"' if meta else "")
    path = tmp_path / "old.html"
    path.write_bytes(page.encode("cp1256"))
    (art,) = items(path)
    assert isinstance(art, Article)
    assert art.title == "رئيس البلدية: الطرق تفتح قريبا" and "سمير الحداد" in art.text
