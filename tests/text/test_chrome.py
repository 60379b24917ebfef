"""Page chrome: share/comment/source lines, repeated titles and captions are marked; body lines are not."""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path

import pytest

from qawl import datafiles
from qawl.doc import Doc
from qawl.errors import LexiconError
from qawl.model import Article
from qawl.text import clean
from qawl.text.clean import is_chrome_line, load_table, mark_chrome
from qawl.text.normalize import fold, normalize

HERE = Path(__file__).resolve().parent
CASES = [json.loads(x) for x in (HERE / "chrome_cases.jsonl").read_text(encoding="utf-8").splitlines() if x]


def _doc(text: str, title: str | None = None) -> Doc:
    norm, omap = normalize(text)
    doc = Doc(article=Article(text=text, title=title), norm=norm, omap=omap)
    mark_chrome(doc)
    return doc


def _chrome_lines(doc: Doc) -> list[str]:
    """The original text of every chrome span."""
    text, omap = doc.article.text, doc.omap
    return [text[omap.to_orig(s) : omap.to_orig(e)] for s, e in doc.chrome]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["why"])
def test_lexicon_line(case: dict[str, object]) -> None:
    line = str(case["line"])
    assert is_chrome_line(normalize(line)[0]) is case["chrome"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["why"])
def test_line_inside_an_article(case: dict[str, object]) -> None:
    line = str(case["line"])
    text = f"عنوان الخبر هنا\n\nقال الوزير إن الوضع مستقر.\n\n{line}\n\nوأضاف أن الحكومة ستعمل بجد."
    doc = _doc(text)
    expected = [line] if case["chrome"] else []
    assert _chrome_lines(doc) == expected


def test_repeated_title_is_chrome_but_the_first_line_is_the_title() -> None:
    text = "الوزير يزور المدينة\n\nالوزير يزور المدينة\n\nزار الوزير المدينة أمس وقال إنها جميلة."
    doc = _doc(text)
    assert doc.extra["title_span"] == (0, len("الوزير يزور المدينة"))
    assert doc.chrome == [(text.index("\n\n") + 2, text.index("\n\n") + 2 + len("الوزير يزور المدينة"))]


def test_a_line_equal_to_the_given_title_is_chrome() -> None:
    text = "قال الوزير إن الزيارة ناجحة.\nوزير يزور المدينة\nوأضاف أنها مفيدة."
    doc = _doc(text, title="وزير يزور المدينة")
    assert _chrome_lines(doc) == ["وزير يزور المدينة"]


def test_title_span_needs_a_blank_line_or_the_title() -> None:
    assert "title_span" not in _doc("قال الوزير إن الوضع مستقر.\nوأضاف أنه متفائل.").extra
    assert _doc("خبر عاجل\n\nقال الوزير").extra["title_span"] == (0, 8)
    assert _doc("خبر عاجل\nقال الوزير", title="خبر عاجل").extra["title_span"] == (0, 8)


def test_duplicated_caption_marks_both_copies() -> None:
    caption = "المتحدث باسم الحكومة سامي يوسف"
    text = f"عنوان\n\nقال سامي يوسف إن الحكومة ستجتمع.\n\n{caption}\n{caption}\n\nوأضاف أنها ستقرر."
    doc = _doc(text)
    assert _chrome_lines(doc) == [caption, caption]


def test_duplicated_sentence_keeps_its_first_copy() -> None:
    line = "وقال الوزير إن الاتفاق سيوقع غدا."
    text = f"عنوان\n\n{line}\n{line}\n\nانتهى الاجتماع مساء."
    doc = _doc(text)
    assert _chrome_lines(doc) == [line]
    assert doc.chrome[0][0] == text.index(line, text.index(line) + 1)


def test_chrome_spans_exclude_outer_white_space() -> None:
    text = "عنوان\n\n  تعليقات (3)  \n\nقال الوزير"
    doc = _doc(text)
    assert _chrome_lines(doc) == ["تعليقات (3)"]


def test_mark_chrome_records_english_leftovers() -> None:
    doc = _doc("عنوان\n\nلا نرى ذلك [in the US] وأكد المتحدث.")
    assert [doc.norm[s:e] for s, e in doc.extra["foreign"]] == ["[in the US]"]


def test_load_table_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafiles.resources, "files", lambda _pkg: tmp_path)
    (tmp_path / "bad.tsv").write_text(
        "# header comment\nmaxlen\tpattern\twhat\n40\tonly two\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match=r"bad\.tsv:3"):
        load_table("bad.tsv", ("maxlen", "pattern", "what"))
    (tmp_path / "nohead.tsv").write_text("40\tx\ty\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"nohead\.tsv:1"):
        load_table("nohead.tsv", ("maxlen", "pattern", "what"))
    with pytest.raises(LexiconError, match="missing"):
        load_table("missing.tsv", ("a",))


def test_bad_chrome_pattern_is_a_lexicon_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafiles.resources, "files", lambda _pkg: tmp_path)
    clean._chrome_rules.cache_clear()
    try:
        (tmp_path / "chrome.tsv").write_text(
            "scope\tmaxlen\tpattern\twhat\nline\t40\t(unclosed\tbad\n", encoding="utf-8"
        )
        with pytest.raises(LexiconError, match=r"chrome\.tsv:2"):
            clean._chrome_rules()
        clean._chrome_rules.cache_clear()
        (tmp_path / "chrome.tsv").write_text(
            "scope\tmaxlen\tpattern\twhat\nline\t40\t(a)\tgroup\n", encoding="utf-8"
        )
        with pytest.raises(LexiconError, match="capturing"):
            clean._chrome_rules()
    finally:
        clean._chrome_rules.cache_clear()


def test_shipped_lexicons_load() -> None:
    rules = clean._chrome_rules()
    assert rules.limits == sorted(rules.limits) and len(rules.buckets) == len(rules.limits)
    assert rules.tails


def _line_rules() -> list[tuple[int, re.Pattern[str]]]:
    rows = load_table("chrome.tsv", ("scope", "maxlen", "pattern", "what"))
    return [(int(m), re.compile(fold(p))) for _, (scope, m, p, _what) in rows if scope == "line"]


#: lines of short tokens after a rule's literal start: what makes a nested repetition backtrack
_PADS = (" 12", "0", " ا", "/", ":", ", ", " - ", "..", "ب", " Getty", "a", " (1)")


def test_no_rule_backtracks_for_ever() -> None:
    """Every rule, on lines up to its maxlen made of a chrome start and a run of short tokens (some ending in
    white space: the marker strips lines, but a rule must not depend on it), answers at once; a pattern that
    backtracks exponentially would take longer than the universe at 80 characters. The alarm is a hang
    detector with a wide margin, not a speed figure."""
    if not hasattr(signal, "setitimer"):
        pytest.skip("needs signal.setitimer")

    def hang(*_: object) -> None:
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, hang)
    rows = load_table("chrome.tsv", ("scope", "maxlen", "pattern", "what"))
    # the start of every chrome case (its first two words), so that rules starting with a group start too
    starts = {" ".join(normalize(str(c["line"]))[0].split()[:2]) for c in CASES if c["chrome"]}
    try:
        for lineno, (scope, maxlen, pattern, _what) in rows:
            regex, limit = re.compile(fold(pattern)), int(maxlen)
            for head in {clean._literal_prefix(fold(pattern)).strip(), "", *starts}:
                for pad in _PADS:
                    line = head
                    while len(line) < limit:
                        line += pad
                    signal.setitimer(signal.ITIMER_REAL, 5)
                    try:
                        (regex.fullmatch if scope == "line" else regex.search)(line[:limit])
                    except TimeoutError:
                        pytest.fail(f"chrome.tsv:{lineno} backtracks on {line[:limit]!r}")
                    finally:
                        signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, old)


def test_the_length_buckets_give_what_each_rule_would() -> None:
    """The definition: a line is chrome when a line rule whose maxlen is at least the line's length matches
    all of it. Lines built from every rule's literal start, padded across every maxlen, and the lexicon
    cases, padded the same way, get that verdict from the buckets (one alternation per maxlen)."""
    rules = _line_rules()
    maxlens = sorted({m for m, _ in rules})
    seeds = [normalize(str(c["line"]))[0].strip() for c in CASES]
    seeds += [clean._literal_prefix(r.pattern).strip() for _, r in rules]
    lines = set()
    for seed in filter(None, seeds):
        for limit in maxlens:
            for extra in (-1, 0, 1):
                for pad in (" 12", " وكالات", "0"):
                    line = seed
                    while len(line) < limit + extra:
                        line += pad
                    lines.add(line[: max(len(seed), limit + extra)])
        lines.add(seed)
    hits = 0
    for line in sorted(lines):
        expected = any(m >= len(line) and r.fullmatch(line) for m, r in rules)
        assert clean._chrome_match(line) is expected, line
        hits += expected
    assert len(lines) > 1000 and hits > 100  # both verdicts well represented


def test_chrome_tail_after_the_last_sentence() -> None:
    tail = "رابط الخبر بصحيفة المساء: افتتاح المعرض"
    text = f"عنوان\n\nقال المدير إن المعرض ناجح. {tail}\n\nوأضاف أنه سعيد."
    doc = _doc(text)
    assert _chrome_lines(doc) == [tail]


def test_chrome_tail_needs_a_sentence_end_before_it() -> None:
    text = "عنوان\n\nقال إن رابط الخبر بصحيفة المساء لا يعمل"
    assert _doc(text).chrome == []


def test_a_chrome_first_line_is_not_a_title() -> None:
    doc = _doc("رابط المصدر\n\nقال الوزير إن الوضع مستقر.")
    assert "title_span" not in doc.extra
    assert _chrome_lines(doc) == ["رابط المصدر"]


def test_a_title_repeated_on_the_next_line_keeps_the_first() -> None:
    text = "الوزير يزور المدينة\nالوزير يزور المدينة\n\nزار الوزير المدينة أمس."
    doc = _doc(text, title="الوزير يزور المدينة")
    assert doc.extra["title_span"] == (0, 19)
    assert doc.chrome == [(20, 39)]


@pytest.mark.parametrize(
    ("pattern", "prefix"),
    [
        ("رابط الخبر (?:ب|في )?(?:صحيفة|موقع)", "رابط الخبر "),
        ("ab?c", "a"),  # a quantified last character is optional
        ("ab+c", "ab"),
        ("ab|cd", ""),  # an alternation outside a group: no common start
        ("a[|]b|c", ""),
        ("a\\|b", "a"),
        ("(?:a|b)c", ""),
        ("\\dab", ""),
    ],
)
def test_tail_rules_are_looked_for_by_their_literal_start(pattern: str, prefix: str) -> None:
    assert clean._literal_prefix(pattern) == prefix
