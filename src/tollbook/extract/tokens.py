"""Word tokens of one sentence, with figures folded into single FIG tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tollbook.model import Figure

_TOKEN = re.compile(
    r"\d+(?:[.,:]\d+)+"  # "7.1", "3,120", "10:05" stay one token
    r"|(?:Dr|Mr|Mrs|Ms|Prof|Gen|Col|Lt|Sgt|Capt|Maj|Gov|Sen|Rep|Rev|St|Brig|Cmdr|Adm)\.(?=\s[A-Z])"
    r"|(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’\-][^\W_]+)*|[^\w\s]"
)
FIG = "FIG"


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written
    low: str  # lower case ("FIG" for a figure)
    start: int
    end: int
    fig: int = -1  # index into the sentence's figures, or -1

    @property
    def is_word(self) -> bool:
        return self.fig < 0 and self.low[:1].isalnum()

    @property
    def is_capitalised(self) -> bool:
        return self.fig < 0 and self.text[:1].isupper()


def tokenize(text: str, start: int, end: int, figures: list[Figure]) -> list[Token]:
    """Tokens of ``text[start:end]``; each figure becomes one token."""
    tokens: list[Token] = []
    pos = start
    for index, figure in enumerate(figures):
        for m in _TOKEN.finditer(text, pos, figure.start):
            tokens.append(Token(m.group(), m.group().lower(), m.start(), m.end()))
        tokens.append(Token(figure.text, FIG, figure.start, figure.end, index))
        pos = figure.end
    for m in _TOKEN.finditer(text, pos, end):
        tokens.append(Token(m.group(), m.group().lower(), m.start(), m.end()))
    return tokens


@cache
def phrase_index(table: tuple[tuple[str, object], ...]) -> dict[str, list[tuple[tuple[str, ...], object]]]:
    """First word -> [(words, value)], longest first, for matching phrases over tokens."""
    index: dict[str, list[tuple[tuple[str, ...], object]]] = {}
    for phrase, value in table:
        words = tuple(t.lower() for t in _TOKEN.findall(phrase))
        if words:
            index.setdefault(words[0], []).append((words, value))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


def match(tokens: list[Token], i: int, index: dict) -> tuple[int, object] | None:
    """The longest phrase of ``index`` starting at token i: (length in tokens, value)."""
    if i >= len(tokens) or i < 0:
        return None
    for words, value in index.get(tokens[i].low, ()):
        n = len(words)
        if i + n <= len(tokens) and all(tokens[i + k].low == words[k] for k in range(1, n)):
            return n, value
    return None


def as_index(table: dict) -> dict:
    """phrase_index for a plain dict (cached by its items)."""
    return phrase_index(tuple(sorted(table.items(), key=lambda kv: kv[0])))


def trie_pattern(words: set[str] | list[str]) -> str:
    """A regex alternation shaped as a trie: ~10x faster than a flat one in ``re``."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        optional = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if optional else body

    return build(root)
