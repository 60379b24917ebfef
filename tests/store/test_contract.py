"""The store contract: every backend (SQLite, PostgreSQL) must pass every test here."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qawl.errors import ConfigError, StoreError
from qawl.model import Article
from qawl.store import MAX_PAGE_SIZE, MAX_QUERY_LENGTH, ArticleWrite, SpeakerDef, Store, open_store

Build = Callable[..., Article]

PESKOV = SpeakerDef(id="sp-peskov", name="دميتري بيسكوف", key="دميتري بيسكوف", type="person", gender="m")
LAVROV = SpeakerDef(id="sp-lavrov", name="سيرغي لافروف", key="سيرغي لافروف", type="person", gender="m")
IDS = {"دميتري بيسكوف": "sp-peskov", "بيسكوف": "sp-peskov", "سيرغي لافروف": "sp-lavrov"}
TEXT1 = 'قال دميتري بيسكوف إنّ "المفاوضاتَ مستمرة مع الشركاء" وأضاف "لا جديد في الملف".'
TEXT2 = 'وصرّح سيرغي لافروف بأن "الأمم المتحدة مدعوّة إلى التحرك" في بيان رسمي.'
TEXT3 = 'وأكد بيسكوف أن "الرئيس سيلتقي وزيرَ الخارجية الأمريكى" خلال القمة.'


def write(
    store: Store, *articles: Article, h: str = "h1", speakers: tuple[SpeakerDef, ...] = (PESKOV, LAVROV)
):
    return store.write_batch(
        [
            ArticleWrite(a, h, a.source, tuple(q.speaker.name if q.speaker else None for q in a.quotes))
            for a in articles
        ],
        speakers,
    )


@pytest.fixture
def three(store: Store, build: Build) -> Store:
    write(
        store,
        build(
            "a1",
            TEXT1,
            [('"المفاوضاتَ مستمرة مع الشركاء"', "دميتري بيسكوف"), ('"لا جديد في الملف"', "دميتري بيسكوف")],
            speaker_ids=IDS,
            role="المتحدث باسم الكرملين",
            source="rt",
            date="2021-03-04",
            title="عنوان أول",
        ),
        build(
            "a2",
            TEXT2,
            [('"الأمم المتحدة مدعوّة إلى التحرك"', "سيرغي لافروف")],
            speaker_ids=IDS,
            kind="indirect",
            source="bbc",
            date="Sun, 18 Feb 2018 18:10:45 +0400",
        ),
        build(
            "a3",
            TEXT3,
            [('"الرئيس سيلتقي وزيرَ الخارجية الأمريكى"', "بيسكوف")],
            speaker_ids=IDS,
            source="rt",
            date="2022-07-01",
        ),
    )
    return store


def test_fresh_archive_is_migrated_and_empty(store: Store) -> None:
    assert store.schema_version() >= 1
    assert store.stats() == {"articles": 0, "quotes": 0, "speakers": 0, "outlets": 0}
    assert store.search("").total == 0


def test_roundtrip_keeps_spans_and_text_verbatim(three: Store) -> None:
    art = three.get_article("a1")
    assert art is not None and art.text == TEXT1 and art.outlet == "rt" and art.quote_count == 2
    qs = three.article_quotes("a1")
    assert [q.ordinal for q in qs] == [0, 1]
    for q in qs:
        assert TEXT1[q.start : q.end] == q.text
        assert q.mention_text == "دميتري بيسكوف" and q.speaker_id == "sp-peskov"
        assert q.role == "المتحدث باسم الكرملين" and q.kind == "direct"
    again = three.get_quote(qs[0].id)
    assert again is not None and again.text == qs[0].text and again.outlet == "rt"
    assert three.get_article("missing") is None and three.get_quote(10**9) is None
    assert three.stats() == {"articles": 3, "quotes": 4, "speakers": 2, "outlets": 2}


def test_same_hash_is_a_no_op(three: Store, build: Build) -> None:
    before = [q.id for q in three.article_quotes("a1")]
    res = write(three, build("a1", TEXT1 + " تغيير لا يُرى", [], source="rt"))
    assert res.unchanged == 1 and res.inserted == 0 and res.updated == 0
    assert [q.id for q in three.article_quotes("a1")] == before
    assert three.get_article("a1").text == TEXT1  # type: ignore[union-attr]


def test_new_hash_replaces_article_and_quotes(three: Store, build: Build) -> None:
    new = 'قال دميتري بيسكوف "الموقف تغيّر تماما".'
    res = write(three, build("a1", new, [('"الموقف تغيّر تماما"', "دميتري بيسكوف")], speaker_ids=IDS), h="h2")
    assert res.updated == 1 and res.quotes == 1
    assert [q.text for q in three.article_quotes("a1")] == ['"الموقف تغيّر تماما"']
    assert three.search("المفاوضات").total == 0
    assert three.search("الموقف").total == 1
    assert three.get_speaker("sp-peskov").quote_count == 2  # type: ignore[union-attr]
    assert three.article_hashes(["a1", "a2", "zz"]) == {"a1": "h2", "a2": "h1"}


@pytest.mark.parametrize(
    "query",
    [
        "المفاوضات",  # text has a fatha on the taa marbuta's neighbour
        "المفاوضَات",  # diacritics in the query
        "المفـاوضات",  # tatweel in the query
        "الامم المتحده",  # hamza on alef and taa marbuta folded in the query
        "الأمم المتحدة",
        "مدعوه",  # ة/ه and shadda dropped
        "الامريكي",  # ى/ي
        "الأمريكى",
        "إلى",  # hamza below
        "الي",
    ],
)
def test_search_folds_arabic_variants(three: Store, query: str) -> None:
    page = three.search(query)
    assert page.total >= 1, query
    assert all("[" in r.snippet and "]" in r.snippet for r in page.items)


def test_search_matches_speaker_names_and_prefixes(three: Store) -> None:
    assert {r.quote.article_id for r in three.search("بيسكوف").items} == {"a1", "a3"}
    assert three.search("المفاوض").total == 1  # a prefix
    assert three.search("لافروف التحرك").total == 1  # terms are ANDed across text and speaker
    assert three.search("لافروف المفاوضات").total == 0


def test_short_queries_and_glued_clitics_match_as_substrings(three: Store, build: Build) -> None:
    write(
        three,
        build(
            "a4",
            'ونقلت الوكالة عن مصدر "رسالة لبيسكوف من الوزير" اليوم.',
            [('"رسالة لبيسكوف من الوزير"', None)],
        ),
    )
    assert three.search("ملف").total >= 1
    assert three.search("لا").total >= 1  # two letters: substring
    hits = three.search("بيسكوف")
    assert hits.total == 4  # the glued form (لبيسكوف) is one of the term's clitic spellings
    assert three.search("سكوف").total >= 1  # inside a word: substring fallback


def test_search_filters(three: Store) -> None:
    assert {r.quote.article_id for r in three.search("", outlet="rt").items} == {"a1", "a3"}
    assert three.search("", speaker_id="sp-lavrov").total == 1
    assert three.search("", kind="indirect").total == 1
    assert three.search("", since="2021-01-01").total == 3
    assert three.search("", until="2018-02-18").total == 1  # a bare date as upper bound covers the day
    assert three.search("", since="2021-03-04", until="2021-03-04").total == 2
    with pytest.raises(ConfigError):
        three.search("", since="not a date")


def test_paging_and_limits(three: Store) -> None:
    p1 = three.search("", limit=3)
    p2 = three.search("", limit=3, offset=3)
    assert p1.total == p2.total == 4 and len(p1.items) == 3 and p1.has_more and not p2.has_more
    assert {r.quote.id for r in p1.items}.isdisjoint({r.quote.id for r in p2.items})
    assert three.search("", limit=10**6).limit == MAX_PAGE_SIZE
    assert three.search("", limit=0).limit == 1
    with pytest.raises(ConfigError):
        three.search("ا" * (MAX_QUERY_LENGTH + 1))


HOSTILE = [
    "'; DROP TABLE quotes; --",
    '" OR 1=1 --',
    "NEAR(a b) * ^ : ( AND OR NOT",
    "<script>alert('x')</script> &amp; <b>",
    "100% _under_ \\back\\slash",
    "قال: 'اقتباس' \"مزدوج\"",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_is_stored_and_returned_verbatim(store: Store, build: Build, payload: str) -> None:
    text = f"مقدمة {payload} خاتمة"
    art = build(
        payload, text, [(payload, payload)], speaker_ids={payload: "sp-x"}, title=payload, url=payload
    )
    write(store, art, speakers=(SpeakerDef(id="sp-x", name=payload, key=payload),))
    got = store.get_article(payload)
    assert got is not None and got.text == text and got.title == payload and got.url == payload
    (q,) = store.article_quotes(payload)
    assert q.text == payload and q.speaker_name == payload and q.mention_text == payload
    store.search(payload)  # must not raise, whatever the query holds
    assert store.stats()["quotes"] == 1
    assert store.get_speaker("sp-x").name == payload  # type: ignore[union-attr]


def test_percent_and_underscore_are_literal_in_substring_search(store: Store, build: Build) -> None:
    write(store, build("p", "نص 5% هنا وآخر 5x هناك", [("5% هنا", None), ("5x هناك", None)]))
    assert store.search("5%").total == 1 or store.search("5%").total == 2  # '%' is punctuation: term '5'
    assert store.search("_").total in (0, 2)  # a lone underscore is a word char; never a wildcard
    assert {r.quote.text for r in store.search("5x").items} == {"5x هناك"}


def test_speakers_listing_names_and_roles(three: Store) -> None:
    page = three.list_speakers()
    assert [s.id for s in page.items] == ["sp-peskov", "sp-lavrov"]
    peskov = three.get_speaker("sp-peskov")
    assert peskov is not None and peskov.quote_count == 3 and peskov.article_count == 2
    assert dict(peskov.names) == {"دميتري بيسكوف": 2, "بيسكوف": 1}
    assert peskov.roles == (("المتحدث باسم الكرملين", 2),)
    assert [s.id for s in three.list_speakers(query="لافروف").items] == ["sp-lavrov"]
    assert [s.id for s in three.list_speakers(query="بِيسكوف").items] == ["sp-peskov"]
    assert three.list_speakers(type="organisation").total == 0
    assert three.speaker_quotes("sp-peskov").total == 3
    keys = {e.id: set(e.keys) for e in three.speaker_index()}
    assert keys["sp-peskov"] >= {"دميتري بيسكوف", "بيسكوف"}


def test_merge_moves_quotes_and_is_remembered(three: Store) -> None:
    row = three.merge_speakers("sp-peskov", "sp-lavrov")
    assert row.id == "sp-peskov" and row.quote_count == 4
    assert three.get_speaker("sp-lavrov").id == "sp-peskov"  # type: ignore[union-attr]
    assert three.speaker_quotes("sp-lavrov").total == 4
    assert three.search("", speaker_id="sp-lavrov").total == 4
    assert ("merge", "سيرغي لافروف", "دميتري بيسكوف") in {
        (o.action, o.src_key, o.dst_key) for o in three.overrides()
    }
    assert [e.id for e in three.speaker_index()] == ["sp-peskov"]
    with pytest.raises(StoreError):
        three.merge_speakers("sp-peskov", "sp-lavrov")  # already one
    with pytest.raises(StoreError):
        three.merge_speakers("sp-peskov", "sp-nobody")


def test_split_moves_forms_to_a_new_speaker(three: Store) -> None:
    row = three.split_speaker("sp-peskov", ["بيسكوف"], "sp-new", "بيسكوف")
    assert row.id == "sp-new" and row.quote_count == 1 and row.type == "person"
    assert three.get_speaker("sp-peskov").quote_count == 2  # type: ignore[union-attr]
    assert [q.article_id for q in three.speaker_quotes("sp-new").items] == ["a3"]
    assert ("split", "بيسكوف", "دميتري بيسكوف") in {
        (o.action, o.src_key, o.dst_key) for o in three.overrides()
    }
    with pytest.raises(StoreError):
        three.split_speaker("sp-peskov", ["لا أحد"], "sp-other", "لا أحد")


def test_outlets_articles_and_streams(three: Store) -> None:
    assert [(o.name, o.article_count, o.quote_count) for o in three.list_outlets()] == [
        ("rt", 2, 3),
        ("bbc", 1, 1),
    ]
    page = three.list_articles(outlet="rt")
    assert page.total == 2 and all(a.text is None for a in page.items)
    assert three.list_articles(since="2022-01-01").total == 1
    assert [a.id for a in three.iter_articles()] == ["a1", "a2", "a3"]
    assert next(three.iter_articles(with_text=True)).text == TEXT1
    assert [(q.article_id, q.ordinal) for q in three.iter_quotes()] == [
        ("a1", 0),
        ("a1", 1),
        ("a2", 0),
        ("a3", 0),
    ]


def test_a_failing_batch_keeps_nothing(store: Store, build: Build) -> None:
    good = build("ok", TEXT1, [('"لا جديد في الملف"', "دميتري بيسكوف")], speaker_ids=IDS)
    bad = build("", TEXT2)  # no id: the store refuses it
    with pytest.raises(StoreError):
        write(store, good, bad)
    assert store.stats() == {"articles": 0, "quotes": 0, "speakers": 0, "outlets": 0}
    assert store.speaker_index() == []


def test_read_only_refuses_writes(three: Store, db_url: str, build: Build) -> None:
    with open_store(db_url, read_only=True) as ro:
        assert ro.search("بيسكوف").total == 3
        with pytest.raises(StoreError):
            write(ro, build("z", TEXT2))
        with pytest.raises(StoreError):
            ro.merge_speakers("sp-peskov", "sp-lavrov")


def test_reopen_keeps_data(three: Store, db_url: str) -> None:
    three.close()
    with open_store(db_url) as again:
        assert again.stats()["quotes"] == 4
        assert again.schema_version() >= 1


def test_words_match_with_glued_proclitics(store: Store, build: Build) -> None:
    text = 'وقال مصدر "رسالة للرئيس والحكومة وبالاتفاق مع شركاء" بعد الاجتماع.'
    write(store, build("c", text, [('"رسالة للرئيس والحكومة وبالاتفاق مع شركاء"', None)]))
    for query in ("رئيس", "الرئيس", "حكومة", "الحكومة", "اتفاق", "الاتفاق", "الشركاء", "الحكومه رئيس"):
        page = store.search(query)
        assert page.total == 1, query
    assert store.search("الرئيس الحكومة").items[0].snippet.count("[") == 1
    assert store.search("رؤساء").total == 0
