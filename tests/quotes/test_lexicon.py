"""The cue lexicon: conjugations derived from one row per verb, validation, the trigger automaton."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qawl import datafiles
from qawl.quotes import lexicon
from qawl.quotes.lexicon import cue_forms, trigger_automaton
from qawl.text.trie import trie_regex


@pytest.mark.parametrize(
    ("form", "lemma", "tense", "gender", "number"),
    [
        ("قالت", "قال", "past", "f", "sg"),
        ("قالوا", "قال", "past", "m", "pl"),
        ("اضافا", "أضاف", "past", "m", "du"),
        ("تقول", "قال", "pres", "f", "sg"),
        ("يقولون", "قال", "pres", "m", "pl"),
        ("مؤكده", "أكد", "part", "f", "sg"),
        ("مضيفا", "أضاف", "part", "m", "sg"),
        ("رات", "رأى", "past", "f", "sg"),
        ("يرون", "رأى", "pres", "m", "pl"),
        ("نفوا", "نفى", "past", "m", "pl"),
    ],
)
def test_conjugations_are_derived(form: str, lemma: str, tense: str, gender: str, number: str) -> None:
    from qawl.text.normalize import fold

    cf = cue_forms()[fold(form)]
    assert (cf.lemma, cf.tense, cf.gender, cf.number) == (lemma, tense, gender, number)


def test_bare_participles_are_not_cues() -> None:
    # مصر (Egypt), مضيف (host) and مشير (marshal) are nouns far more often than cues
    forms = cue_forms()
    assert "مصر" not in forms and "مضيف" not in forms and "مشير" not in forms


def test_trie_regex_matches_exactly_its_words() -> None:
    import re

    rx = re.compile("(?:" + trie_regex(["قال", "قالت", "قائلا"]) + ")$")
    assert rx.match("قال") and rx.match("قالت") and rx.match("قائلا")
    assert not rx.match("قا") and not rx.match("قالوا")


def test_trigger_automaton_reads_one_pattern_several_ways() -> None:
    _, readings = trigger_automaton()
    kinds = {k for r in readings for k, _, _ in r}
    assert kinds == {"cue", "acc", "note", "noun"}
    both = [r for r in readings if {k for k, _, _ in r} >= {"cue", "note"}]
    assert both  # يذكر is both the verb ذكر and the writer's note


def test_malformed_lexicon_row_names_file_and_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from qawl.errors import LexiconError

    bad = "# header\nlemma\tpresent\tparticiple\tstrength\tflags\textra\nقال\tيقول\tقائلا\tloud\t-\t-\n"

    class Files:
        def joinpath(self, name: str) -> Path:
            p = tmp_path / name
            p.write_text(bad, encoding="utf-8")
            return p

    monkeypatch.setattr(datafiles.resources, "files", lambda _pkg: Files())
    lexicon.cue_forms.cache_clear()
    try:
        with pytest.raises(LexiconError, match=r"cues\.tsv:3"):
            lexicon.cue_forms()
    finally:
        monkeypatch.undo()
        lexicon.cue_forms.cache_clear()


_FORMS = sorted(cue_forms())
_OPENINGS = st.tuples(
    st.sampled_from(["", "و", "ف", "ل", "ول", "فل", "كما ", "وكما  ", "مثلما\t", "كما", "وو", " "]),
    st.sampled_from([*_FORMS[::7], "قال", "قالت", "اكد", "الوزير", ""]),
    st.sampled_from(["", " الوزير", "ها", "،", ".", "_", "1", "\n"]),
).map("".join)


@given(_OPENINGS)
def test_opens_with_cue_equals_the_cue_regex(text: str) -> None:
    """'وقال الوزير' and 'كما قال' open with a cue; 'قالها' and 'الوزير' do not."""
    assert lexicon.opens_with_cue(text) == (lexicon.cue_regex().match(text) is not None)
