"""trie_tables builds the trie that a dictionary per node builds (the plain construction, kept here)."""

from __future__ import annotations

from array import array

from hypothesis import given
from hypothesis import strategies as st

from qawl.text.trie import trie_tables

_WORDS = st.lists(st.text(alphabet="قالتو ح", max_size=5), max_size=12)


def _plain(words: list[str]) -> tuple[array[int], ...]:
    """The trie with a dict of children per node, nodes numbered as they are made, edges sorted."""
    nodes: list[dict[str, int]] = [{}]
    term = [-1]
    for index, word in enumerate(words):
        node = 0
        for ch in word:
            if ch not in nodes[node]:
                nodes[node][ch] = len(nodes)
                nodes.append({})
                term.append(-1)
            node = nodes[node][ch]
        if term[node] < 0:
            term[node] = index
    first, count, label, target = array("i"), array("i"), array("i"), array("i")
    for edges in nodes:
        first.append(len(label))
        count.append(len(edges))
        for ch in sorted(edges):
            label.append(ord(ch))
            target.append(edges[ch])
    return first, count, array("i", term), label, target


def _lookup(tables: tuple[array[int], ...], word: str) -> int | None:
    first, count, term, label, target = tables
    node = 0
    for ch in word:
        edges = range(first[node], first[node] + count[node])
        node = next((target[k] for k in edges if label[k] == ord(ch)), -1)
        if node < 0:
            return None
    return term[node]


@given(_WORDS)
def test_trie_tables_of_sorted_words_equal_the_plain_construction(words: list[str]) -> None:
    """['قال', 'قالت', 'قال'] → the same five tables, the repeated word with its first index."""
    words.sort()
    assert trie_tables(words) == _plain(words)


@given(_WORDS, st.lists(st.text(alphabet="قالتو ح", max_size=6), max_size=6))
def test_trie_tables_of_any_words_hold_the_same_words(words: list[str], probes: list[str]) -> None:
    """In any order the trie holds each word with its first index, a node's edges sorted by code point."""
    tables, plain = trie_tables(words), _plain(words)
    for word in [*words, *probes]:
        assert _lookup(tables, word) == _lookup(plain, word)
    first, count, _, label, _ = tables
    for node in range(len(first)):
        edges = list(label[first[node] : first[node] + count[node]])
        assert edges == sorted(edges)
