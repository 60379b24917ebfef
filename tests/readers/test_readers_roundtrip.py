"""Property tests: readers hand over the text exactly as written (the offsets depend on it)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qawl.model import Article
from qawl.readers import read_inputs

# printable text: letters (Arabic among them), marks, digits, punctuation, spaces and line breaks
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(categories=["L", "M", "N", "P", "S", "Zs"]),
        st.sampled_from(" \n«»“”\"'"),
    ),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip() != "" and not s.startswith("\ufeff"))


@settings(max_examples=60, deadline=None)
@given(text=TEXT, bom=st.booleans())
def test_txt_text_is_kept_exactly(text: str, bom: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.txt"
        path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
        (art,) = read_inputs([str(path)])
        assert isinstance(art, Article)
        assert art.text == text


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(TEXT, min_size=1, max_size=5))
def test_jsonl_text_is_kept_exactly(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.jsonl"
        path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        got = list(read_inputs([str(path)]))
        assert [a.text for a in got if isinstance(a, Article)] == texts
        assert [a.id for a in got if isinstance(a, Article)] == [f"x-{n}" for n in range(1, len(texts) + 1)]
