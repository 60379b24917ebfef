"""Properties of the whole pipeline: for any input, no crash, and every span indexes the text as given."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import qawl
from qawl.model import round3
from qawl.records import article_record, span_record, speaker_record

# Arabic words that make the pipeline work (cues, complementisers, marks, names) mixed with anything
_PIECES = st.sampled_from(
    [
        "قال",
        "وقالت",
        "إن",
        "أن",
        "مؤكدا",
        "بحسب",
        "وأضاف",
        "«",
        "»",
        "“",
        "”",
        '"',
        ":",
        "،",
        ".",
        "\n",
        "\n\n",
        " ",
        "الوزير",
        "بيسكوف",
        "ديمتري",
        "ـ",
        "ً",
        "ﻻ",
        "[in the US]",
        "يوم السبت",
        "لوكالة تاس",
        "وفقا ل",
        "نقلا عن",
        "٢٠٢٤",
        "\u00a0",
        "\u200f",
    ]
)
_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=60).map(" ".join),
    st.lists(_PIECES, max_size=80).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_every_span_indexes_the_input_as_given(text: str) -> None:
    a = qawl.extract(text, id="p", date="2024-03-09")
    assert a.text == text
    for q in a.quotes:
        for span in (q.span, q.cue, q.addressee, q.speaker.mention if q.speaker else None):
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
        rec = article_record(a)
        for r in rec["quotes"]:
            assert text[r["start"] : r["end"]] == r["text"]
            if r["cue"]:
                assert text[r["cue"]["start"] : r["cue"]["end"]] == r["cue"]["text"]
            if r["addressee"]:
                assert text[r["addressee"]["start"] : r["addressee"]["end"]] == r["addressee"]["text"]
        # the quote records write spans and speakers out: the same shape as the helpers give
        for q, r in zip(a.quotes, rec["quotes"], strict=True):
            assert r["cue"] == span_record(a, q.cue) and r["addressee"] == span_record(a, q.addressee)
            assert r["speaker"] == speaker_record(a, q.speaker)


@given(st.one_of(st.floats(), st.sampled_from([0.0, -0.0, 1.0, 0.8751, 0.8749])))
def test_confidences_are_rounded_as_round_does(x: float) -> None:
    # records keep rounded values by value: -0.0 or NaN must still come out as round() gives them (floats
    # only, as the model types them: compiled code turns an int into a float on the way in)
    for _ in range(2):  # the second time from what was kept
        got = round3(x)
        want = round(x, 3)
        assert type(got) is type(want) and repr(got) == repr(want)


def test_a_long_text_pauses_the_cyclic_collector_only_while_it_is_extracted() -> None:
    import gc

    from qawl.pipeline import _GC_PAUSE_CHARS, extract

    text = "".join(
        f"وقال وزير المالية سامر الخطيب إن الميزانية رقم {k} متوازنة.\n\n"
        for k in range(_GC_PAUSE_CHARS // 50 + 2)
    )
    collections: list[str] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(phase)

    assert gc.isenabled()
    gc.callbacks.append(count)
    try:
        art = extract(text)
    finally:
        gc.callbacks.remove(count)
    assert len(art.quotes) > 100
    assert not collections  # thousands of allocations, no collection while the long text was extracted
    assert gc.isenabled()
    gc.disable()
    try:
        extract(text)
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()
