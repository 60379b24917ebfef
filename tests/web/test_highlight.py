"""Article HTML built by slicing at offsets and escaping every piece."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from qawl.web.highlight import Highlight, highlight_article, mark_terms, query_terms, usable_highlights


class _Text(HTMLParser):
    """Text content of an HTML fragment, the tags seen, and each mark's text by id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.open_marks: list[tuple[str, int]] = []
        self.marks: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "mark":
            self.open_marks.append((dict(attrs).get("id") or "", len("".join(self.parts))))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            mid, start = self.open_marks.pop()
            self.marks[mid] = "".join(self.parts)[start:]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def parse(html: str) -> _Text:
    p = _Text()
    p.feed(html)
    p.close()
    return p


def test_marks_sit_at_the_offsets_and_text_is_unchanged() -> None:
    text = "قال المتحدث: «لا تقدم» ثم أضاف أن الحوار ممكن."
    s1 = text.index("لا تقدم")
    s2 = text.index("الحوار ممكن")
    html = highlight_article(text, [Highlight(7, s2, s2 + 11, "indirect"), Highlight(3, s1, s1 + 7)])
    p = parse(str(html))
    assert p.text == text
    assert p.marks == {"q-3": "لا تقدم", "q-7": "الحوار ممكن"}
    assert 'href="/statements/3"' in html and 'class="quote quote-indirect"' in html


def test_html_in_text_is_escaped() -> None:
    text = 'x <script>alert(1)</script> "><img src=x onerror=alert(2)> & y'
    start = text.index('"><img')
    html = str(highlight_article(text, [Highlight(1, start, len(text))]))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    p = parse(html)
    assert p.text == text
    assert set(p.tags) == {"mark", "a"}


def test_nested_marks_have_no_nested_links() -> None:
    text = "أ ب ج د هـ و"
    html = str(highlight_article(text, [Highlight(1, 0, len(text)), Highlight(2, 2, 5), Highlight(3, 2, 5)]))
    p = parse(html)
    assert p.text == text
    assert p.marks == {"q-1": text, "q-2": text[2:5], "q-3": text[2:5]}
    assert html.count("<a ") == 1


def test_crossing_and_out_of_range_spans_are_dropped() -> None:
    text = "abcdefghij"
    kept = usable_highlights(
        text, [Highlight(1, 0, 5), Highlight(2, 3, 8), Highlight(3, 8, 20), Highlight(4, 6, 6)]
    )
    assert [(h.quote_id, nested) for h, nested in kept] == [(1, False)]
    assert parse(str(highlight_article(text, [Highlight(2, 3, 8), Highlight(1, 0, 5)]))).marks == {
        "q-1": "abcde"
    }


def test_touching_spans_stay_separate() -> None:
    text = "abcdef"
    p = parse(str(highlight_article(text, [Highlight(1, 0, 3), Highlight(2, 3, 6)])))
    assert p.marks == {"q-1": "abc", "q-2": "def"} and p.text == text


@given(
    st.text(alphabet=st.sampled_from(list("اب ت<>&\"'\nًٌ«»")), max_size=40),
    st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=6),
)
def test_any_text_and_spans_round_trip(text: str, pairs: list[tuple[int, int]]) -> None:
    hls = [Highlight(i + 1, min(a, b), max(a, b)) for i, (a, b) in enumerate(pairs)]
    html = str(highlight_article(text, hls))
    p = parse(html)
    assert p.text == text
    assert set(p.tags) <= {"mark", "a"}
    for h, _ in usable_highlights(text, hls):
        assert p.marks[f"q-{h.quote_id}"] == text[h.start : h.end]


def test_search_terms_are_marked_through_diacritics_and_hamza() -> None:
    text = "قال بِيسْكوف إنّ الأمر <b>انتهى</b>"
    html = str(mark_terms(text, "بيسكوف ان"))
    assert '<mark class="hit">بِيسْكوف</mark>' in html
    assert '<mark class="hit">إنّ</mark>' in html
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert parse(html).text == text


def test_terms_are_marked_at_word_starts_only() -> None:
    html = str(mark_terms("كان وبيسكوف للكرملين", "ان بيسكوف كرملين"))
    assert html == 'كان و<mark class="hit">بيسكوف</mark> لل<mark class="hit">كرملين</mark>'


def test_query_terms_fold_and_dedupe() -> None:
    assert query_terms("بِيسْكوف، بيسكوف أي") == ["بيسكوف", "اي"]
    assert str(mark_terms("<i>", "")) == "&lt;i&gt;"
