"""The text layer stays linear on pathological input (issue 4: a 10 MB article must not hang)."""

from __future__ import annotations

import time

import pytest

from qawl.doc import Doc
from qawl.model import Article
from qawl.text.clean import mark_chrome
from qawl.text.glue import split_glued
from qawl.text.normalize import normalize
from qawl.text.segment import segment


def _run(text: str) -> float:
    t0 = time.perf_counter()
    norm, omap = normalize(text)
    glued, gmap = split_glued(norm, text, omap)
    doc = Doc(article=Article(text=text), norm=glued, omap=omap.compose(gmap))
    mark_chrome(doc)
    segment(doc)
    return time.perf_counter() - t0


@pytest.mark.parametrize(
    "unit",
    [
        ".",  # one endless run of full stops
        '"',  # thousands of unbalanced quotation marks
        "«»“",
        "[a]",
        "فيال",  # glue candidates without end
        "معموسكو",  # one endless glued token
        "ةا",
        "د. ",
        'قال "نعم. [in the US]وأكد فيالبيت،ثم X(ت ',
        "قال. رابط الخبر بصحيفة س\nتعليقات (0)\n",  # chrome tails and chrome lines
        "“أ. ب [in the US] ج.\n",  # unclosed quotes bridged by leftovers, paragraph after paragraph
    ],
)
def test_ten_times_the_text_costs_about_ten_times_the_time(unit: str) -> None:
    small = unit * (20_000 // len(unit))
    big = unit * (200_000 // len(unit))
    t_small = min(_run(small) for _ in range(2))
    t_big = _run(big)
    # quadratic behaviour would cost 100x; allow generous noise on a loaded machine
    assert t_big < max(1.0, 40 * t_small)


def test_many_distinct_glued_tokens_stay_linear() -> None:
    def text(n: int) -> str:
        return " ".join(f"فيالبيت{i}" for i in range(n))

    t_small = min(_run(text(2_000)) for _ in range(2))
    t_big = _run(text(20_000))
    assert t_big < max(1.0, 40 * t_small)
