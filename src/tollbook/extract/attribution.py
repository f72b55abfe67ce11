"""Who claims it: "according to X", "X said", "said X", "per X", "citing X", "X put the
toll at", headline tails ("...: police"), quotes and their speakers, pronouns.

A sentence that names no claimant gives None: a claimant is never invented. It carries
over to a later sentence only while a quotation continues (annotation conventions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from tollbook.extract.lexicon import lexicon
from tollbook.extract.tokens import Token, as_index, match

OPEN_QUOTES = ('"', "“")
CLOSE_QUOTES = ('"', "”")
BOUNDARY = frozenset([",", ";", ":", '"', "“", "”", "—", "–", "(", "that", "while", "but", "whereas", "as", "."])
TELL_OBJECTS = frozenset(["reporters", "journalists", "afp", "reuters", "ap", "a", "the", "briefing", "media", "press", "news", "agency"])
AUXILIARIES = frozenset(["has", "have", "had", "also", "later", "reportedly", "earlier", "separately", "previously"])
PERSONAL = frozenset(["he", "she"])
IMPERSONAL = frozenset(["it", "they", "which", "who"])
ORG_WORDS = frozenset(
    ["ministry", "agency", "office", "service", "authority", "council", "committee", "red", "cross", "crescent", "centre", "center", "monitor", "observatory", "organization", "organisation", "programme", "program", "forces", "army", "police", "group", "company", "government", "department", "directorate", "unit", "commission", "un", "unhcr", "who", "unicef", "ngo", "hospital", "network", "institute", "association", "union", "court", "embassy", "coast", "guard", "military"]
)
LEADING = re.compile(
    r"^(?:(?:a|the)\s+)?(?:statement|report|figures|data|tally|count|estimates?)\s+(?:from|by|of)\s+",
    re.IGNORECASE,
)
TRAILING_AUX = re.compile(r"(?:\s+(?:has|have|had|also|later|reportedly|on\s+\w+))+$", re.IGNORECASE)
HEADLINE_TAIL = re.compile(r"(?:[:;]|\s[-–—])\s*([\w][\w .'’-]{1,40}?)\s*$")


@dataclass(slots=True)
class Cue:
    pos: int  # token index of the cue word
    source: str | None
    direction: str  # "left": covers figures before it; "right": after it
    person: bool = False


@dataclass(slots=True)
class Context:
    """What attribution remembers across the sentences of one document."""

    sources: list[tuple[str, bool]] = field(default_factory=list)  # (claimant, is a person)
    persons: list[str] = field(default_factory=list)  # people named, most recent last
    quote_speaker: str | None = None  # speaker of a quotation that may continue
    subject_name: str | None = None  # a name in subject position of the last sentence


@cache
def _cue_index() -> tuple[dict, dict]:
    lex = lexicon()
    return as_index({v: v for v in lex.speech_verbs}), as_index(lex.before_source)


def is_person(name: str) -> bool:
    """A claimant that is a named person: "coast guard commander Luis Ferrer", "Dvoran"."""
    lex = lexicon()
    words = name.split()
    run: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper():
            break
        run.append(word)
    if not run or name.isupper() or any(w.lower().strip("'’s,") in ORG_WORDS for w in run):
        return False
    if len(run) == 1:
        word = run[0].lower()
        if run[0].isupper() or word in lex.groups or word in lex.not_victims:
            return False
    return True


def clean(source: str) -> str:
    """Strip statement words and auxiliaries: "a police statement" -> "police"."""
    lex = lexicon()
    text = " ".join(source.strip(" ,.;:\"'“”‘’").split())
    text = TRAILING_AUX.sub("", text)
    text = LEADING.sub("", text)
    words = text.split()
    if len(words) > 1 and words[-1].lower() in lex.statement_nouns:
        rest = words[:-1]
        if [w for w in rest if w.lower() not in ("a", "an", "the")] and (
            rest[0].lower() in ("a", "an") or any(w[:1].isupper() for w in rest) or rest[-1].lower() in ORG_WORDS
        ):
            words = rest[1:] if rest[0].lower() in ("a", "an") and len(rest) > 1 else rest
    return " ".join(words)


def source_key(source: str | None) -> str | None:
    """A normalised key: lower case, no leading article, no parentheses."""
    if not source:
        return None
    text = re.sub(r"\([^)]*\)", " ", source.lower())
    text = re.sub(r"^(?:the|a|an)\s+", "", " ".join(text.split()))
    return text or None


def _span(text: str, tokens: list[Token], a: int, b: int) -> str | None:
    """Text of tokens a..b-1 (None when empty)."""
    if a >= b:
        return None
    return text[tokens[a].start:tokens[b - 1].end]


def _name_run_before(tokens: list[Token], comma: int, first: int) -> tuple[int, int] | None:
    """A capitalised name ending right before ``comma`` that starts at a boundary."""
    k = comma - 1
    while k >= first and tokens[k].is_capitalised:
        k -= 1
    if comma - 1 - k >= 2 and (k < first or tokens[k].low in BOUNDARY):
        return k + 1, comma
    return None


def _subject(text: str, tokens: list[Token], verb: int, first: int) -> tuple[int, int]:
    """Token range of the claimant before a speech verb."""
    end = verb
    while end - 1 >= first and tokens[end - 1].low in AUXILIARIES:
        end -= 1
    k = end - 1
    while k >= first:
        tok = tokens[k]
        if tok.low == ")":  # "the National Disaster Management Authority (NDMA) said"
            while k > first and tokens[k].low != "(":
                k -= 1
            k -= 1
            continue
        if tok.fig >= 0 or tok.low in BOUNDARY or (tok.low == "and" and k == end - 1):
            break
        k -= 1
    start = k + 1
    while start < end and tokens[start].low in ("and", "but", "so"):
        start += 1
    if start == end and k > first and tokens[k].low == ",":
        # "the mayor, Viktor Halas, said" / "Hamidullah Rezai, the provincial governor, told"
        a, b = _subject(text, tokens, k, first)
        if a < b and all(t.is_capitalised for t in tokens[a:b]):
            return a, b
    if start < end and k >= first and tokens[k].low == "," and tokens[start].low in ("the", "a", "an"):
        run = _name_run_before(tokens, k, first)
        if run:
            return run
    return start, end


def _inverted(tokens: list[Token], verb: int) -> tuple[int, int]:
    """Token range of the claimant after an inverted verb: ', said the official, who ...'."""
    k = verb + 1
    while k < len(tokens) and tokens[k].low not in BOUNDARY and tokens[k].low not in ("who", "which", "on", "in") \
            and tokens[k].fig < 0:
        k += 1
    return verb + 1, k


def _noun_phrase_after(tokens: list[Token], start: int) -> int:
    k = start
    stops = BOUNDARY | {"issued", "released", "published", "on", "in", "which", "who", "and", "said", "says"}
    while k < len(tokens) and tokens[k].low not in stops and tokens[k].fig < 0:
        k += 1
    if k < len(tokens) and tokens[k].low == "," and k + 2 < len(tokens) and tokens[k + 1].is_capitalised:
        # "a statement from the operator, Vestline" -> take the name
        j = k + 1
        while j < len(tokens) and tokens[j].is_capitalised:
            j += 1
        if j >= len(tokens) or tokens[j].low in (".", ","):
            return -j  # signal: the name alone
    return k


def _direction(tokens: list[Token], verb: int) -> str:
    k = verb + 1
    while k < len(tokens) and tokens[k].low not in (",", ";", ".", '"', "”"):
        if tokens[k].fig >= 0 or tokens[k].low == "that":
            return "right"
        k += 1
    return "left"


def _resolve(name: str, ctx: Context) -> tuple[str | None, bool]:
    low = name.lower()
    if low in PERSONAL:
        return (ctx.persons[-1] if ctx.persons else None), True
    if low in IMPERSONAL:
        for source, person in reversed(ctx.sources):
            if not person:
                return source, False
        return (ctx.sources[-1][0], ctx.sources[-1][1]) if ctx.sources else (None, False)
    return name, is_person(name)


def find_cues(text: str, tokens: list[Token], first: int, ctx: Context, headline: bool) -> list[Cue]:
    """Attribution cues of one sentence, with their claimants resolved."""
    speech, before = _cue_index()
    cues: list[Cue] = []
    i = first
    while i < len(tokens):
        hit = match(tokens, i, before)
        if hit and tokens[i].low != "from" or (hit and i > 0 and tokens[i - 1].low in ("statement", "figures", "data")):
            end = _noun_phrase_after(tokens, i + hit[0])
            name_only = end < 0
            end = abs(end)
            start = i + hit[0]
            if name_only:
                start = next(k for k in range(end - 1, i, -1) if not tokens[k - 1].is_capitalised)
            raw = _span(text, tokens, start, end)
            if raw and tokens[i].low not in ("from",):
                src = clean(raw)
                lead = i == first or (i > first and tokens[i - 1].low in OPEN_QUOTES)
                direction = "right" if lead else "left"
                if tokens[i].low in ("released", "issued", "given", "provided", "published", "compiled", "confirmed"):
                    direction = "left"
                cues.append(Cue(i, src, direction, is_person(src)))
                i = end
                continue
        hit = match(tokens, i, speech)
        passive = i > 0 and tokens[i - 1].low in ("was", "were", "been", "be", "is", "are", "being")
        if (hit and not passive and tokens[i].low not in ("report", "claim", "estimate", "documents", "figures")) or (
            hit and tokens[i].low in ("documents",) and i > first and tokens[i - 1].low == "report"
        ):
            a, b = _subject(text, tokens, i, first)
            raw = _span(text, tokens, a, b)
            inverted_ok = i > first and tokens[i - 1].low in (",", '"', "”")
            if raw is None and inverted_ok and i + 1 < len(tokens) and tokens[i + 1].is_word \
                    and tokens[i + 1].low not in ("that", "on", "in", "at", "it", "he", "she", "they") \
                    and tokens[i].low not in ("told", "tells", "tell"):
                a, b = _inverted(tokens, i)
                raw = _span(text, tokens, a, b)
            if raw is None and cues:
                raw = cues[-1].source
            if raw and raw.lower() in ("which", "who") and cues:
                raw = cues[-1].source
            if raw:
                src, person = _resolve(clean(raw), ctx)
                if src:
                    cues.append(Cue(i, src, _direction(tokens, i + hit[0] - 1), person))
            i += hit[0]
            continue
        if tokens[i].low in ("saying", "adding") and i + 1 < len(tokens):
            src = cues[-1].source if cues else None
            if src:
                cues.append(Cue(i, src, "right", cues[-1].person))
        i += 1
    # a citing cue next to a speech verb names the real claimant:
    # "Local TV, citing X, said ..." and "the agency LNA reported, citing X"
    for n, cue in enumerate(cues):
        if tokens[cue.pos].low not in ("citing", "quoting"):
            continue
        if n + 1 < len(cues) and cues[n + 1].direction == "right":
            cues[n + 1].source = cue.source
        if n > 0 and cue.pos - cues[n - 1].pos <= 3 and cues[n - 1].direction == "left":
            cues[n - 1].source = cue.source
    if headline and not cues:
        sentence = text[tokens[first].start:tokens[-1].end] if tokens else ""
        tail = HEADLINE_TAIL.search(sentence)
        if tail and not re.search(r"\d", tail.group(1)) and len(tail.group(1).split()) <= 4:
            cues.append(Cue(len(tokens), tail.group(1), "left", is_person(tail.group(1))))
    return cues


def choose(cues: list[Cue], token: int) -> Cue | None:
    """The cue that covers the figure at ``token``."""
    after = [c for c in cues if c.pos > token]
    if after and after[0].direction == "left":
        return after[0]
    before = [c for c in cues if c.pos < token and c.direction == "right"]
    if before:
        return before[-1]
    earlier = [c for c in cues if c.pos < token]
    return earlier[-1] if earlier else None


def _names(tokens: list[Token], first: int) -> list[str]:
    """Runs of two or more capitalised words that look like people's names."""
    names: list[str] = []
    k = first
    while k < len(tokens):
        j = k
        while j < len(tokens) and tokens[j].is_capitalised and tokens[j].low not in ORG_WORDS:
            j += 1
        if j - k >= 2 and k > first and is_person(" ".join(t.text for t in tokens[k:j])):
            names.append(" ".join(t.text for t in tokens[k:j]))
        k = max(j, k + 1)
    return names


def remember(ctx: Context, text: str, tokens: list[Token], first: int, cues: list[Cue]) -> None:
    """Update the document context after a sentence."""
    for cue in cues:
        if cue.source:
            ctx.sources.append((cue.source, cue.person))
            if cue.person:
                ctx.persons.append(cue.source)
    if not any(c.person for c in cues):
        ctx.persons.extend(_names(tokens, first))
    k = first
    while k < len(tokens) and tokens[k].is_capitalised:
        k += 1
    run = [t.text for t in tokens[first:k]]
    titles = {"Interior", "Minister", "President", "Chief", "Superintendent", "Major", "Captain",
              "General", "Commander", "Director", "Spokesman", "Spokeswoman", "Governor", "Mayor"}
    name = [w for w in run if w not in titles]
    ctx.subject_name = " ".join(run) if len(name) >= 2 else None
    quoted = any(t.low in OPEN_QUOTES for t in tokens)
    ctx.quote_speaker = cues[-1].source if quoted and cues else None
