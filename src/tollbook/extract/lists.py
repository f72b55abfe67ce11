"""Figures in a list under a heading: "The statement gave the following deaths by district:"
then "- Port Salvo: 18", "- Kelmar: 11", ... and a closing "according to the statement".

The items name no outcome of their own, so the sentence pre-pass never selects them: the
heading gives the outcome ("deaths" -> killed), each item's label is its place, and the
claimant is the one the line after the list names ("according to the statement"), else
the heading's. Items are additive parts, not parts of a marked total (no ``part_of``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tollbook.extract.lexicon import lexicon
from tollbook.extract.numbers import find_figures
from tollbook.extract.tokens import trie_pattern
from tollbook.model import Figure

_ITEM = re.compile(r"[ \t]*(?:[-•*·–]|\d{1,2}[.)])[ \t]+(?P<label>[^:\n]{1,60}?)[ \t]*[:–][ \t]*(?P<figure>[^\n]{1,40}?)[ \t]*$",
                   re.MULTILINE)
_HEADING = re.compile(r"[^\n]{0,300}:[ \t]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Item:
    """One list item: its figure, the outcome its heading gives, its place and where it is."""

    figure: Figure
    outcome: str
    place: str
    line_start: int
    line_end: int
    claimant_text: tuple[int, int]  # the span of the line that names the claimant


@cache
def _outcome_pattern() -> re.Pattern:
    lex = lexicon()
    words = set(lex.nouns) | set(lex.after) | set(lex.adjectives)
    words = {w for w in words if " " not in w and len(w) > 3}
    return re.compile(rf"\b(?P<word>{trie_pattern(words)})\b", re.IGNORECASE)


def _outcome(heading: str) -> str | None:
    lex = lexicon()
    for m in _outcome_pattern().finditer(heading):
        word = m.group("word").lower()
        for table in (lex.nouns, lex.after, lex.adjectives):
            if word in table:
                return table[word]
    return None


def find(text: str) -> list[Item]:
    """The items of every list under a heading that names an outcome, in document order."""
    if ":\n" not in text and ": \n" not in text:
        return []  # no line ends with a colon: no heading (the only test most documents see)
    items: list[Item] = []
    for heading in _HEADING.finditer(text):
        outcome = _outcome(heading.group())
        if outcome is None:
            continue
        pos = heading.end()
        found: list[tuple[re.Match, Figure]] = []
        while True:
            while pos < len(text) and text[pos] in "\n \t":
                pos += 1
            m = _ITEM.match(text, pos)
            if not m:
                break
            figures = find_figures(text, m.start("figure"), m.end("figure"))
            if len(figures) != 1 or figures[0].start != m.start("figure"):
                break
            found.append((m, figures[0]))
            pos = m.end()
        if not found:
            continue
        closing = re.match(r"[^\n]{0,300}", text[pos:]) if pos < len(text) else None
        claimant = (heading.start(), heading.end())  # the heading's claimant, unless a line closes the list
        if closing and re.match(r"\s*(?:according to|said|, said|— )", closing.group(), re.IGNORECASE):
            claimant = (pos, pos + closing.end())
        items.extend(Item(figure, outcome, m.group("label").strip(), m.start(), m.end(), claimant)
                     for m, figure in found)
    return items
