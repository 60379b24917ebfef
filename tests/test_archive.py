"""The archive's Python API and CLI: ingest, search, speakers, merge/split kept on re-ingestion, export."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from qawl import archive
from qawl.cli import main
from qawl.errors import ConfigError
from qawl.model import Article, Quote, Span, Speaker


def art(id: str, text: str, pairs: list[tuple[str, str]], role: str | None = None, **meta: str) -> Article:
    """An article whose quotes are (quoted substring, speaker name) pairs (mention: the name's first use)."""
    quotes = []
    for sub, who in pairs:
        s, m = text.index(sub), text.index(who)
        sp = Speaker(name=who, mention=Span(m, m + len(who)), role=role, type="person", confidence=0.9)
        quotes.append(Quote(Span(s, s + len(sub)), "direct", speaker=sp, confidence=0.8))
    return Article(text=text, id=id, quotes=tuple(quotes), **meta)


A1 = art(
    "k1",
    'قال دميتري بيسكوف المتحدث باسم الكرملين "لا تغيير في الموقف" للصحفيين.',
    [('"لا تغيير في الموقف"', "دميتري بيسكوف")],
    role="المتحدث باسم الكرملين",
    source="rt",
    date="2023-05-01",
)
A2 = art(
    "k2",
    'وأضاف ديمتري بيسكوف "الاتصالات مستمرة" بحسب الوكالة.',
    [('"الاتصالات مستمرة"', "ديمتري بيسكوف")],
    source="tass",
    date="2023-05-02",
)
A3 = art(
    "k3",
    'أما دميتري ميدفيديف فقال "الردّ سيكون حازماً" أمس.',
    [('"الردّ سيكون حازماً"', "دميتري ميدفيديف")],
    source="rt",
    date="2023-06-10",
)
A4 = art("k4", 'وقال بيسكوف "سنرى" في ختام حديثه.', [('"سنرى"', "بيسكوف")], source="rt", date="2023-07-01")


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    report = archive.ingest([A1, A2, A3, A4], url, progress=False)
    assert report.ok and report.inserted == 4 and report.quotes == 4
    return url


def _ids(db: str, query: str) -> set[str]:
    return {r.quote.article_id for r in archive.search(query, db_url=db).items}


def test_spelling_variants_and_surnames_become_one_speaker(db: str) -> None:
    page = archive.speakers(db_url=db)
    assert page.total == 2
    peskov = page.items[0]
    assert peskov.quote_count == 3 and peskov.name == "دميتري بيسكوف"
    assert dict(peskov.names) == {"دميتري بيسكوف": 1, "ديمتري بيسكوف": 1, "بيسكوف": 1}
    assert peskov.roles == (("المتحدث باسم الكرملين", 1),)
    assert peskov.latin_name and peskov.latin_name.isascii()
    assert page.items[1].name == "دميتري ميدفيديف"


def test_search_by_speaker_name_outlet_and_dates(db: str) -> None:
    assert _ids(db, "بيسكوف") == {"k1", "k2", "k4"}
    hits = archive.search("", db_url=db, speaker="بيسكوف")  # a name resolves to the one speaker
    assert {r.quote.article_id for r in hits.items} == {"k1", "k2", "k4"}
    assert archive.search("", db_url=db, outlet="rt", since="2023-06-01").total == 2
    assert archive.search("الموقف", db_url=db, until="2023-05-01").total == 1
    with pytest.raises(ConfigError):
        archive.search("", db_url=db, speaker="لا أحد بهذا الاسم")


def test_merge_is_kept_when_articles_come_again(db: str) -> None:
    peskov = archive.get_speaker("دميتري بيسكوف", db_url=db)
    medvedev = archive.get_speaker("دميتري ميدفيديف", db_url=db)
    assert peskov and medvedev and peskov.id != medvedev.id
    row = archive.merge_speakers(peskov.id, medvedev.id, db_url=db)
    assert row.quote_count == 4
    # an updated article (new hash) and a new article under the merged-away name both go to the kept speaker
    changed = art("k3", A3.text + " ", [('"الردّ سيكون حازماً"', "دميتري ميدفيديف")], source="rt")
    new = art("k5", 'قال دميتري ميدفيديف "كلام جديد".', [('"كلام جديد"', "دميتري ميدفيديف")])
    report = archive.ingest([changed, new], db, progress=False)
    assert report.updated == 1 and report.inserted == 1
    assert archive.speakers(db_url=db).total == 1
    assert archive.get_speaker(medvedev.id, db_url=db).quote_count == 5  # type: ignore[union-attr]


def test_split_is_kept_when_articles_come_again(db: str) -> None:
    peskov = archive.get_speaker("دميتري بيسكوف", db_url=db)
    assert peskov is not None
    new = archive.split_speaker(peskov.id, ["بيسكوف"], db_url=db)
    assert new.quote_count == 1 and new.id != peskov.id
    archive.ingest([art("k6", 'وقال بيسكوف "مرة أخرى".', [('"مرة أخرى"', "بيسكوف")])], db, progress=False)
    assert archive.get_speaker(new.id, db_url=db).quote_count == 2  # type: ignore[union-attr]
    assert archive.get_speaker(peskov.id, db_url=db).quote_count == 2  # type: ignore[union-attr]
    with pytest.raises(ConfigError):
        archive.split_speaker(peskov.id, [" "], db_url=db)


def test_overrides_survive_a_fresh_reingestion(db: str, tmp_path: Path) -> None:
    peskov = archive.get_speaker("دميتري بيسكوف", db_url=db)
    medvedev = archive.get_speaker("دميتري ميدفيديف", db_url=db)
    assert peskov and medvedev
    archive.merge_speakers(peskov.id, medvedev.id, db_url=db)
    # forced re-extraction of everything: the stored merge decision is applied to the new quotes
    report = archive.ingest([A1, A2, A3, A4], db, force=True, progress=False)
    assert report.updated == 4
    assert archive.speakers(db_url=db).total == 1


def test_export_jsonl_csv_parquet(db: str, tmp_path: Path) -> None:
    buf = io.StringIO()
    assert archive.export("jsonl", buf, db_url=db) == 4
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert {r["text"] for r in rows} >= {'"لا تغيير في الموقف"', '"سنرى"'}
    assert all(r["speaker_id"] for r in rows)
    out = tmp_path / "q.csv"
    assert archive.export("csv", out, db_url=db) == 4
    with out.open(encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == 4
    pq = pytest.importorskip("pyarrow.parquet")
    pout = tmp_path / "q.parquet"
    assert archive.export("parquet", pout, db_url=db) == 4
    table = pq.read_table(pout)
    assert table.num_rows == 4 and "speaker_canonical" in table.column_names
    with pytest.raises(ConfigError):
        archive.export("parquet", io.StringIO(), db_url=db)


def test_parquet_without_pyarrow_is_a_clear_error(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ConfigError, match="pyarrow"):
        archive.export("parquet", tmp_path / "x.parquet", db_url=db)


def test_reading_a_missing_archive_is_a_store_error(tmp_path: Path) -> None:
    from qawl.errors import StoreError

    with pytest.raises(StoreError):
        archive.search("x", db_url=str(tmp_path / "none.db"))


# -- the CLI -------------------------------------------------------------------------------------------


def _jsonl(path: Path) -> Path:
    recs = [
        {"id": "c1", "text": 'قال الوزير أحمد الخطيب إن "الاقتصاد يتعافى ببطء" خلال المؤتمر.', "source": "x"},
        {"id": "c2", "text": 'وأكدت الوزارة في بيان أن "الخطة ستنفذ العام المقبل".', "source": "y"},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs) + "{bad json\n", "utf-8")
    return path


def test_cli_ingest_search_speakers_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _jsonl(tmp_path / "in.jsonl")
    db = str(tmp_path / "cli.db")
    assert main(["ingest", str(src), "--db", db, "-q"]) == 1  # the bad line is reported; the rest is stored
    assert "in.jsonl:3" in capsys.readouterr().err
    assert main(["ingest", str(src), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "2 unchanged" in err
    assert main(["search", "", "--db", db, "--json"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["article_id"] for r in out} <= {"c1", "c2"}
    assert main(["speakers", "--db", db, "--json"]) == 0
    capsys.readouterr()
    assert main(["export", "--db", db, "--format", "csv", "-o", str(tmp_path / "o.csv")]) == 0
    assert (tmp_path / "o.csv").read_text("utf-8").startswith("id,article_id")
    assert main(["search", "x" * 500, "--db", db]) == 2  # over the query length limit
    assert main(["speaker", "merge", "sp-none", "sp-other", "--db", db]) == 2


def test_cli_merge_and_split_by_id(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    peskov = archive.get_speaker("دميتري بيسكوف", db_url=db)
    assert peskov is not None
    assert main(["speaker", "split", peskov.id, "بيسكوف", "--db", db]) == 0
    new_id = capsys.readouterr().out.strip()
    assert archive.get_speaker(new_id, db_url=db).quote_count == 1  # type: ignore[union-attr]
    assert main(["speaker", "merge", peskov.id, new_id, "--db", db]) == 0
    assert archive.get_speaker(new_id, db_url=db).id == peskov.id  # type: ignore[union-attr]
    assert main(["speaker", "show", peskov.id, "--db", db]) == 0
    assert json.loads(capsys.readouterr().out)["quote_count"] == 3


def test_romanize_speakers_updates_latin_names(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    from qawl.store import SpeakerDef, open_store

    with open_store(db) as store:  # overwrite the names ingestion gave
        rows = store.list_speakers().items
        store.write_batch([], [SpeakerDef(id=s.id, name=s.name, key=s.name, latin_name="x") for s in rows])
    assert archive.romanize_speakers(db_url=db, mode="rules", min_quotes=2) == 1  # only Peskov has 2+
    assert main(["speaker", "romanize", "--db", db]) == 0
    assert "Latin names updated" in capsys.readouterr().err
    assert all(s.latin_name not in (None, "x") for s in archive.speakers(db_url=db).items)
