"""The data model: spans, the offset map and its composition."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qawl.model import Article, OffsetMap, Quote, Span, Speaker
from qawl.text.foreign import latin_or_bracket
from qawl.text.normalize import fold, normalize, normalize_latin


def test_span_rejects_reversed_bounds() -> None:
    with pytest.raises(ValueError):
        Span(5, 3)


_MODEL_CHECK = """
import dataclasses
from qawl.model import Article, Quote, Span, Speaker
sp = Speaker("بيسكوف", Span(0, 6), type="person")
q = Quote(Span(7, 9), "direct", speaker=sp)
a = Article("نص", id="1", quotes=(q,))
for obj, field in ((q.span, "start"), (sp, "name"), (q, "kind"), (a, "text")):
    try:
        setattr(obj, field, None)
    except dataclasses.FrozenInstanceError:
        continue
    raise SystemExit(f"{type(obj).__name__} is not frozen")
assert a.meta == {} and Article("x", meta=None).meta == {}
assert dataclasses.replace(q, kind="mixed").speaker == sp and hash(q.span) == hash(Span(7, 9))
print(repr(a))
"""


@pytest.mark.parametrize("pure", ["", "1"])
def test_model_classes_are_frozen_dataclasses_compiled_or_not(pure: str) -> None:
    """The written-out __init__s store fields directly when compiled and through object.__setattr__ when
    interpreted: either way the instances are equal, hashable and frozen."""
    env = {**os.environ, "QAWL_PURE": pure}
    out = subprocess.run(
        [sys.executable, "-c", _MODEL_CHECK], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "Article(text='نص', id='1'" in out
    assert Article("x").quotes == () and Quote(Span(0, 1), "direct").speaker is None
    assert dataclasses.asdict(Speaker("x"))["type"] == "unknown"


def test_identity_map_costs_one_breakpoint() -> None:
    m = OffsetMap.identity(10)
    assert m.is_identity and m.to_orig(4) == 4 and m.to_norm(4) == 4


def test_deletions_shift_positions() -> None:
    m = OffsetMap.from_deletions([3, 4], 8)  # "abcXYdef" -> "abcdef"
    assert [m.to_orig(i) for i in range(7)] == [0, 1, 2, 5, 6, 7, 8]
    assert m.to_norm(3) == 3 and m.to_norm(4) == 3 and m.to_norm(5) == 3


def test_normalize_folds_letters_digits_and_marks() -> None:
    norm, omap = normalize("قالَ إنّ «السلام» ممكنٌ ٢٠٢٤")
    assert norm == 'قال ان "السلام" ممكن 2024'
    assert omap.span_to_orig(0, 3) == Span(0, 4)  # the fatha stays with its letter


def test_normalize_expands_presentation_forms_with_offsets() -> None:
    text = "ﻻ شيء"
    norm, omap = normalize(text)
    assert norm == "لا شيء"
    assert omap.to_orig(0) == 0 and omap.to_orig(1) == 0 and omap.to_orig(2) == 1


def test_fold_matches_normalize_on_plain_words() -> None:
    assert fold("أكّد") == normalize("أكّد")[0] == "اكد"


@given(st.text(alphabet=st.sampled_from("قال إنَّ«»“”ـًٌٍَُِّْﻻ ٠١abc\n.،"), max_size=60))
def test_offset_map_is_monotone_and_in_range(text: str) -> None:
    norm, omap = normalize(text)
    prev = 0
    for i in range(len(norm) + 1):
        o = omap.to_orig(i)
        assert 0 <= o <= len(text) and o >= prev
        prev = o
    for o in range(len(text) + 1):
        n = omap.to_norm(o)
        assert 0 <= n <= len(norm)


@given(st.text(alphabet=st.sampled_from("قال إنَّأإآىةؤئ«»“”‘’‹›ـًٌٍَُِّْ٠١٢abc\u00a0\u200f\u2009\n.،"), max_size=80))
def test_fast_fold_equals_the_translate_definition(text: str) -> None:
    # normalize and fold fold with str.replace for speed; the definition is one translate over _FOLD
    from qawl.text.normalize import _FOLD

    expected = text.translate(_FOLD)
    assert normalize(text)[0] == expected
    assert fold(text) == expected
    assert fold(text * 3) == expected * 3  # the long-text path too


@given(st.text(alphabet=st.sampled_from("قال إنَّأىةـًٌٍَُِّْ\u200f\u00ad abc\n."), max_size=120))
def test_deleted_characters_are_mapped_as_one_regex_scan_finds_them(text: str) -> None:
    # few deletions are located with str.find, many with the regex: both must equal the definition
    from qawl.text.normalize import _DELETE

    expected = OffsetMap.from_deletions([m.start() for m in _DELETE.finditer(text)], len(text))
    norm, omap = normalize(text)
    positions = range(len(norm) + 1)
    assert [omap.to_orig(i) for i in positions] == [expected.to_orig(i) for i in positions]


def _reference_normalize(text: str) -> tuple[str, list[int]]:
    """NFKC on each compatibility character, then one translate; the original position of every
    normalised character (an expansion's characters all map to their source)."""
    import unicodedata

    from qawl.text.normalize import _COMPAT_CHARS, _FOLD

    chars: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        rep = unicodedata.normalize("NFKC", c) if c in _COMPAT_CHARS else c
        chars.extend((r, i) for r in rep)
    out = [(f, i) for r, i in chars for f in r.translate(_FOLD)]
    return "".join(f for f, _ in out), [i for _, i in out]


@given(st.text(alphabet=st.sampled_from("قال إنَّأىةـًٌٍَُِّْ\u200f abc[ﬁﻻﻹ﴾Ａ\n."), min_size=0, max_size=400))
def test_normalize_with_compatibility_characters_equals_the_definition(text: str) -> None:
    # long texts nearly always hold a presentation form: their path must give what the definition gives
    want, origin = _reference_normalize(text)
    for norm, omap in (normalize(text), normalize_latin(text)[:2]):
        assert norm == want
        assert [omap.to_orig(i) for i in range(len(norm))] == origin


def test_a_compatibility_character_that_nfkc_keeps_stays() -> None:
    # the ornate parentheses of Quranic citations are presentation forms whose NFKC is themselves
    norm, omap = normalize("قالَ ﴿الحمد﴾ ﻻ")
    assert norm == "قال ﴿الحمد﴾ لا"
    assert omap.to_orig(4) == 5
    assert fold("﴾" + "أ" * 60) == "﴾" + "ا" * 60


@given(st.text(alphabet=st.sampled_from("قال إنَّأىـً abcXYZ[]()ＡＢ［ﬁﻻ﴾\u00a0\n."), max_size=60))
def test_normalize_latin_tells_latin_letters_and_brackets_of_the_normalised_text(text: str) -> None:
    norm, omap, latin = normalize_latin(text)
    assert (norm, latin) == (normalize(text)[0], latin_or_bracket(norm))
    assert [omap.to_orig(i) for i in range(len(norm) + 1)] == [
        normalize(text)[1].to_orig(i) for i in range(len(norm) + 1)
    ]
