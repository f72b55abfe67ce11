"""Sentence and paragraph boundaries, with character offsets into the document."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A boundary: terminal punctuation (and closing quotes) before white space and a
# capital, digit or opening quote; or a blank line (headlines, paragraphs).
_BOUNDARY = re.compile(
    r"(?P<punct>[.!?…]+[\"'”’)\]]*)(?P<space>\s+)(?=[\"'“‘(\[]?[A-Z0-9À-Ý])"
    r"|(?P<blank>\n[ \t\r\f\v]*\n\s*)"
)
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cpt", "maj", "cmdr", "adm", "gov", "sen", "rep", "rev", "st", "mt", "ft", "fr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "approx", "est", "dept", "govt", "pres", "insp", "supt", "det", "cpl", "pvt", "brig"]
)
_DATELINE = re.compile(
    r"\s*\d{1,2}[:.]\d{2}\s*(?:[—–-]{1,2}\s*)?(?=\S)"  # a live-blog time stamp: "14:05 - "
    r"|\s*(?:[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][\w .'’-]{1,40}?)?"
    r"|[A-Z][\w .'’-]{1,30}(?:,\s*[A-Z][\w .'’-]{1,30}?)?,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})"
    r"\s*(?:\([\w .]{1,20}\))?\s*[—–-]{1,2}\s+"
)


# A document's first line with no closing punctuation, then one line break and a capital and
# a longer line: its headline (a blank line after it is a plain boundary).
_HEADLINE = re.compile(r"[ \t]*(?P<line>[^\n]{8,140}?)[ \t\r]*\n(?=[ \t]*[\"'“‘(]?[A-Z0-9])")
# words no headline ends in: "... exploded in\nKabul" is a wrapped sentence
_NOT_LAST = frozenset("the a an of in on at to and or for with by from as that which who is are was were has have had "
                      "its their his her said says told after before near into than".split())


def _headline(text: str, end: int) -> int:
    """End of the document's headline line when it has one, else 0."""
    found = _HEADLINE.match(text, 0, end)
    if not found:
        return 0
    line = found.group("line")
    words = line.split()
    if line[-1] in ".!?…:;,-–—" or len(words) > 20 or words[-1].lower() in _NOT_LAST:
        return 0
    following = text.find("\n", found.end(), end)
    if (end if following < 0 else following) - found.end() < max(100, 2 * len(line)):
        return 0  # lines of one width: a hard-wrapped text, whose line breaks are no boundaries
    return found.end("line")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    dateline_end: int  # offset where the sentence proper begins (after "CITY (AP) —")


def _is_abbreviation(text: str, dot: int) -> bool:
    match = re.search(r"(?:^|[\s(\"'“])([\w.]+)$", text[max(0, dot - 12):dot])
    if not match:
        return False
    word = match.group(1).lower()
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha() and text[dot - 1].isupper()  # an initial: "J. Smith"


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of ``text[start:end]`` in order; offsets refer to ``text``."""
    end = len(text) if end is None else end
    sentences: list[Sentence] = []
    paragraph = 0
    cursor = start

    def add(s: int, e: int, para: int) -> None:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            body = _DATELINE.match(text, s, e)
            if body and not body.group().lstrip()[:1].isdigit() and sentences and sentences[-1].paragraph == para:
                body = None  # a dateline opens a paragraph; a time stamp may open any sentence
            sentences.append(Sentence(s, e, para, body.end() if body else s))

    headline = _headline(text, end) if start == 0 else 0
    if headline:  # "Quake toll nearly triples to 347\nThe death toll from ...": the headline's own line
        add(0, headline, 0)
        paragraph, cursor = 1, headline
    for match in _BOUNDARY.finditer(text, cursor, end):
        if match.group("blank"):
            add(cursor, match.start(), paragraph)
            paragraph += 1
            cursor = match.end()
            continue
        punct_start = match.start("punct")
        blank = "\n\n" in match.group("space").replace("\r", "").replace(" ", "")
        if text[punct_start] == "." and not blank and _is_abbreviation(text, punct_start):
            continue
        add(cursor, match.end("punct"), paragraph)
        if "\n\n" in match.group("space").replace("\r", "").replace(" ", ""):
            paragraph += 1
        cursor = match.end()
    add(cursor, end, paragraph)
    return sentences


_PROSE_END = re.compile(r"[.!?\"”]\s*$")


def is_prose(text: str, sentence: Sentence) -> bool:
    """Does the sentence end like prose (not a headline or a list item)?"""
    return _PROSE_END.search(text, sentence.start, sentence.end) is not None


def lead_paragraph(text: str, sentences: list[Sentence]) -> int:
    """The first paragraph that reads as prose: the lead, after any headline."""
    return next((s.paragraph for s in sentences if is_prose(text, s)), 0)


class Lookback:
    """The nearest earlier sentence of the same paragraph for which ``has(k)`` holds, each
    sentence tested at most once: a claim's place or date from the sentences before it stays
    linear in a paragraph of thousands of sentences."""

    def __init__(self, sentences: list[Sentence], has) -> None:
        self.sentences = sentences
        self.has = has
        self._upto: dict[int, int | None] = {}  # k -> nearest j <= k of k's paragraph with has(j)

    def before(self, n: int) -> int | None:
        if n <= 0 or self.sentences[n - 1].paragraph != self.sentences[n].paragraph:
            return None
        walked: list[int] = []
        k, found = n - 1, None
        while True:
            if k in self._upto:
                found = self._upto[k]
                break
            if self.has(k):
                found = k
                break
            walked.append(k)
            if k == 0 or self.sentences[k - 1].paragraph != self.sentences[k].paragraph:
                break
            k -= 1
        for j in walked:
            self._upto[j] = found
        self._upto.setdefault(k, found)
        return found
