"""A word list as one regex alternation shaped as a trie: one pass matches any of thousands of words."""

from __future__ import annotations

import re
from array import array
from typing import Any


def trie_regex(words: list[str]) -> str:
    """A regex alternation shaped as a trie (fast to match): [قال, قالت, قام] → ``قا(?:لت?|م)``."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return walk(trie)


def trie_tables(words: list[str]) -> tuple[array[int], array[int], array[int], array[int], array[int]]:
    """The trie of ``words`` as five flat int32 tables for ``qawl._speedups.Trie``: per node its first edge,
    its number of edges and the index in ``words`` of the word ending there (-1: none); per edge its code
    point and the node it leads to. Node 0 is the root; a node's edges are sorted by code point.

    The words are taken in code-point order (stable: a repeated word keeps its first index), so a word
    shares its path with the word before it up to their common prefix and adds its own nodes after it, and
    a node's children are made in the order of their letters: no dictionary a node, no sort an edge
    (that cost ≈ 70 M instructions at start-up for the trigger lexicon; this, a fifth of it)."""
    into: list[int] = [0]  # per node: the code point of the edge into it (the root has none)
    term: list[int] = [-1]
    kids: list[list[int]] = [[]]
    path: list[int] = [0]  # the nodes of the previous word, from the root
    prev = ""
    for index in sorted(range(len(words)), key=words.__getitem__):
        word = words[index]
        depth = 0
        common = min(len(word), len(prev))
        while depth < common and ord(word[depth]) == ord(prev[depth]):
            depth += 1
        del path[depth + 1 :]
        node = path[depth]
        for k in range(depth, len(word)):
            child = len(into)
            into.append(ord(word[k]))
            term.append(-1)
            kids.append([])
            kids[node].append(child)
            path.append(child)
            node = child
        if term[node] < 0:
            term[node] = index  # a repeated word keeps its first index
        prev = word
    first: list[int] = []
    count: list[int] = []
    label: list[int] = []
    target: list[int] = []
    for children in kids:
        first.append(len(target))
        count.append(len(children))
        for child in children:
            label.append(into[child])
            target.append(child)
    # lists first, then one array each: compiled code appends to a list directly, to an array through a
    # Python method call
    return array("i", first), array("i", count), array("i", term), array("i", label), array("i", target)
