"""Runs the extraction stages in order; the only module that knows the order.

1. pre-pass: one compiled pattern over the outcome vocabulary picks the sentences
   worth reading (most sentences of real news carry no casualty figure);
2. numbers: figure phrases with their bounds;
3. claims: outcome, group and part_of for each figure;
4. attribution: the claimant of each claim.
"""

from __future__ import annotations

import bisect
import logging
import re
import time
from functools import cache

from tollbook.errors import ExtractError
from tollbook.extract import (
    attribution,
    claimants,
    claims,
    individuals,
    lists,
    scope,
    totals,
    when,
    where,
)
from tollbook.extract.lexicon import lexicon, persons
from tollbook.extract.numbers import find_figures
from tollbook.extract.sentences import Sentence, is_prose, split_sentences
from tollbook.extract.tokens import tokenize, trie_pattern
from tollbook.model import Claim, Figure
from tollbook.settings import settings

log = logging.getLogger(__name__)

_COMMON = frozenset(
    "to in into on at of for from by with the a an their his her its both one have has had are were was is "
    "be being been made make take taking took taken did still need needed received required went remain "
    "remains remained declared confirmed believed left lost hold holds held holding reported number total "
    "figure claims gone feared presumed suffered sustained sought forced driven abandoned among out "
    "round slightly seriously critically fatally badly people those up down aid life sea houses assistance "
    "relief condition humanitarian safely good fair stable seen late police placed ill taking took body "
    "over".split()
)
_EXTRA_TRIGGERS = ("no one", "nobody", "none", "figure", "toll", "total", "the number", "hostage",
                   # a breakdown may stand in a sentence of its own: "Among them were six children."
                   "among", "including", "included", "include", "includes", "whom", "of these", "of those",
                   "of them")


def _telling(phrase: str) -> str:
    """The phrase's most telling word: "lost their lives" -> "lives"."""
    candidates = [w for w in phrase.split() if w not in _COMMON] or phrase.split()
    return max(candidates, key=len)


@cache
def _trigger() -> re.Pattern:
    """One pattern over every outcome word: the only code that sees every byte."""
    lex = lexicon()
    words: set[str] = set(_EXTRA_TRIGGERS)
    for table in (lex.active, lex.after, lex.nouns, lex.of_nouns, lex.adjectives, lex.toll):
        words.update(_telling(phrase) for phrase in table)
    # an individual victim's phrases whole: "hit by", "in heavy condition" (their words alone are common)
    words |= _person_phrases() - {w for w in _person_phrases() if " " not in w and w in _COMMON}
    return re.compile(rf"\b{trie_pattern({w.lower() for w in words})}\b", re.IGNORECASE)


@cache
def _trigger_lower() -> re.Pattern:
    """_trigger for lower-cased text."""
    return re.compile(_trigger().pattern)


@cache
def _person_phrases() -> frozenset[str]:
    people = persons()
    words = {phrase for table in (people.after, people.verbs, people.adjectives) for phrase in table}
    for noun in people.of_nouns:  # "body of", "X's body" ("body" alone is common), "murder"
        words |= {f"{noun} of", f"'s {noun}", f"’s {noun}"} if noun in _COMMON else {noun}
    words |= {"injury", "injuries", "wound", "wounds", "hospital", "cut", "condition"}  # individuals._harm: "a stab wound"
    return frozenset(words | {"victims included", "victims include", "victims includes", "victims were", "victim was"})


@cache
def _person_pattern() -> re.Pattern:
    """The words that can start a rule of individuals.py: a sentence with no count needs one."""
    words = _person_phrases()  # whole phrases: a sentence with "found" alone does not need reading
    return re.compile(rf"\b{trie_pattern(words)}\b", re.IGNORECASE)


def _windows(sentence: Sentence, limit: int) -> list[Sentence]:
    """Cut an overlong sentence into windows so that work stays linear."""
    if sentence.end - sentence.start <= limit:
        return [sentence]
    return [
        Sentence(s, min(s + limit, sentence.end), sentence.paragraph, s)
        for s in range(sentence.start, sentence.end, limit)
    ]


def _selected(text: str) -> tuple[list[Sentence], set[int]]:
    lowered = text.lower()
    if len(lowered) == len(text):  # a case-sensitive scan of the lowered text is ~4x faster
        hits = [m.start() for m in _trigger_lower().finditer(lowered)]
    else:  # lowering changed the length ("İ"): offsets would move
        hits = [m.start() for m in _trigger().finditer(text)]
    if not hits:
        return [], set()
    sentences = split_sentences(text)
    limit = settings().max_sentence_chars
    sentences = [w for s in sentences for w in _windows(s, limit)]
    chosen: set[int] = set()
    h = 0
    for n, s in enumerate(sentences):
        while h < len(hits) and hits[h] < s.start:
            h += 1
        if h < len(hits) and hits[h] < s.end:
            chosen.add(n)
    return sentences, chosen


def extract(text: str, published: str | None = None, seconds: float | None = None) -> list[Claim]:
    """Return the casualty claims of ``text`` in document order.

    Args:
        text: the document text.
        published: the publication date (``YYYY-MM-DD``) that anchors relative dates.
        seconds: the time budget (default: ``max_seconds_per_document`` in settings).

    Raises:
        ExtractError: the budget ran out (never a hang on a hostile document).
    """
    if not isinstance(text, str) or not text:
        return []
    text = text[: settings().max_document_chars]
    budget = settings().max_seconds_per_document if seconds is None else seconds
    try:
        return _extract(text, published, time.monotonic() + budget)
    except RecursionError:  # pragma: no cover - defensive: never raise on text
        log.warning("discarding claims: recursion limit on a %d-character text", len(text))
        return []
    except _OutOfTime as stop:
        raise ExtractError(
            f"extraction stopped after {budget:g} s at character {stop.args[0]:,} of {len(text):,}; no claims "
            "kept for this document (raise the limit with TOLLBOOK_MAX_SECONDS_PER_DOCUMENT)") from None


class _OutOfTime(Exception):
    """The time budget ran out at the character offset it carries."""


def _extract(text: str, published: str | None, deadline: float) -> list[Claim]:
    sentences, chosen = _selected(text)
    history: list[list[totals.Draft]] = []
    ctx = attribution.Context(text)
    doc = scope.Document(text)
    out: list[tuple[totals.Draft, Sentence, int]] = []
    pending_quote: list[totals.Draft] = []
    previous_paragraph = -1
    for n, sentence in enumerate(sentences):
        if n % 32 == 0 and time.monotonic() > deadline:
            raise _OutOfTime(sentence.start)
        if n not in chosen:
            if history and history[-1]:
                history.append([])
            if not any(t in text[sentence.start:sentence.end] for t in ('"', "“")):
                pending_quote = []
            ctx.skip(sentence.dateline_end, sentence.end)
            continue
        figures = find_figures(text, sentence.start, sentence.end)
        counts: list[totals.Draft] = []
        people: list[totals.Draft] = []
        # a sentence with no count is read only for an individual victim's outcome phrase
        if figures or _person_pattern().search(text, sentence.start, sentence.end):
            tokens = tokenize(text, sentence.start, sentence.end, figures)
            first = next((k for k, t in enumerate(tokens) if t.start >= sentence.dateline_end), len(tokens))
            bindings = claims.bind(tokens, figures) if figures else {}
            counts = totals.resolve(tokens, figures, bindings, history, first) if bindings else []
            headline = sentence.paragraph != previous_paragraph and not is_prose(text, sentence)
            counts = [d for d in counts if scope.keep(d.outcome, d.group, d.figure.low, d.extra, tokens, doc)]
            people = [d for d in _individuals(text, tokens, first, counts, headline)
                      if scope.keep(d.outcome, d.group, 1, d.extra, tokens, doc)]
        if not counts and not people:  # a trigger word but no claim: only keep the pronoun context
            if not any(t in text[sentence.start:sentence.end] for t in ('"', "“")):
                pending_quote = []
            ctx.skip(sentence.dateline_end, sentence.end)
            history.append([])
            previous_paragraph = sentence.paragraph
            continue
        counts = _one_named(counts, people)
        _carry_group(tokens, counts, people)
        drafts = sorted(counts + people, key=lambda d: d.token)
        cues = attribution.find_cues(text, tokens, first, ctx, headline)
        starts_quote = first < len(tokens) and tokens[first].low in attribution.OPEN_QUOTES
        inside = not starts_quote and _inside_quote(text, sentence.start)
        for d in drafts:
            cue = attribution.choose(cues, d.token)
            d.source = claimants.speaker(cue.source) if cue else None
            if d.source is None and starts_quote:
                d.source = claimants.speaker(ctx.quote_speaker())  # the quotation goes on
            elif d.source is None and inside:  # 'X said: "... . To date, 53 deaths ...': still X's words
                d.source = claimants.speaker(ctx.quote_speaker(back=4))
        for d in drafts:
            if d.source is None:  # "Casualties by district (NDMA, 20 June):" over "- Belgora: 23 dead"
                d.source = _heading_source(text, d.figure.start)
        if pending_quote and cues:
            for d in pending_quote:
                d.source = d.source or claimants.speaker(cues[-1].source)
        pending_quote = [d for d in drafts if d.source is None] if starts_quote and not cues else []
        attribution.remember(ctx, tokens, first, cues)
        history.append(counts)
        out.extend((d, sentence, n) for d in drafts)
        previous_paragraph = sentence.paragraph
    out = _list_items(text, sentences, ctx, out)
    if not out:
        return []
    if all(d.extra.get("soft") for d, _, _ in out) and not doc.incident:
        # only "X died" or "X was hospitalised", no count and no incident: an obituary or an
        # illness, which the annotation conventions do not count
        return []
    out = _lone_pronouns(_died_elsewhere(_victims(out)))
    if not out:
        return []
    if time.monotonic() > deadline:
        raise _OutOfTime(len(text))
    dater = when.Dater(text, sentences, published, {n for _, _, n in out})
    return _claims(out, dater, where.Placer(text, sentences), deadline)


_BULLET = re.compile(r"[ \t]*[-•*–▪][ \t]")
_HEADING_SOURCE = re.compile(r"\((?:source:\s*)?([A-Z][\w&.'’ -]{1,60}?)(?:,[^()\n]*)?\)\s*:?\s*$|"
                             r"\b(?:according to|source:)\s+([A-Z][\w&.'’ -]{1,60}?)\)?\s*:?\s*$", re.IGNORECASE)


def _heading_source(text: str, start: int) -> str | None:
    """The claimant a list's heading names, for an item of the list: "Casualties by district
    (NDMA, 20 June):" then "- Belgora: 23 dead" -> "NDMA". Looks back over the list's items and
    sub-headings only (a bounded walk: a few lines)."""
    line_start = text.rfind("\n", max(0, start - 300), start) + 1
    if (line_start == 0 and start > 300) or not _BULLET.match(text, line_start):
        return None  # a bullet's line is short: a bounded look keeps long lines linear
    pos = line_start
    for _ in range(40):
        if pos <= 0:
            return None
        prev_start = text.rfind("\n", max(0, pos - 301), pos - 1) + 1
        if prev_start == 0 and pos > 301:
            return None
        line = text[prev_start:pos - 1].strip()
        pos = prev_start
        if not line or _BULLET.match(line):
            continue
        if len(line.split()) > 12 or line.endswith((".", "!", "?")):
            return None  # prose: the list has no heading of its own
        found = _HEADING_SOURCE.search(line)
        if found:
            return claimants.speaker(found.group(1) or found.group(2))
    return None


def _inside_quote(text: str, start: int) -> bool:
    """A quotation opened earlier on the line is still open at ``start`` (a bounded look back)."""
    line = text[text.rfind("\n", max(0, start - 2000), start) + 1:start]
    if "“" in line:
        return line.count("“") > line.count("”")
    return line.count('"') % 2 == 1


def _one_named(counts: list[totals.Draft], people: list[totals.Draft]) -> list[totals.Draft]:
    """ "One of the dead gunmen was identified as X": the one is X, an individual victim who
    takes the count's group; the count "One" goes."""
    ones = {id(p.parent): p.parent for p in people if p.parent is not None and p.parent.figure.text.lower() == "one"}
    for p in people:
        if p.parent is not None and id(p.parent) in ones:
            p.group, p.parent = p.group or p.parent.group, None
    return [d for d in counts if id(d) not in ones] if ones else counts


def _carry_group(tokens: list, counts: list[totals.Draft], people: list[totals.Draft]) -> None:
    """A coordination carries the group from a person to a count: "A policeman was killed and
    70 were injured" (annotation conventions, "Group")."""
    for d in counts:
        if d.group is not None or d.extra.get("head") != "none" or d.extra.get("rule") != "after":
            continue
        before = [p for p in people if p.token < d.token and p.group is not None and p.parent is None]
        if not before:
            continue
        p = before[-1]
        between = tokens[p.token + 1:d.token]
        if any(t.low == "and" for t in between) and not any(t.fig >= 0 or t.low in (";", ":") for t in between):
            d.group = p.group


def _list_items(text: str, sentences: list[Sentence], ctx: attribution.Context,
                out: list[tuple[totals.Draft, Sentence, int]]) -> list[tuple[totals.Draft, Sentence, int]]:
    """Figures of a list under a heading that names the outcome (lists.py), in document order."""
    items = lists.find(text)
    if not items:
        return out
    taken = {d.figure.start for d, _, _ in out}
    starts = [s.start for s in sentences]
    added = []
    for item in items:
        if item.figure.start in taken:
            continue
        n = max(0, bisect.bisect_right(starts, item.figure.start) - 1)
        a, b = item.claimant_text
        cues = attribution.find_cues(text, tokenize(text, a, b, []), 0, ctx, False)
        source = claimants.speaker(cues[0].source) if cues else None
        draft = totals.Draft(figure=item.figure, token=0, outcome=item.outcome, group=None, source=source,
                             extra={"list_place": item.place})
        added.append((draft, sentences[n], n))
    return sorted(out + added, key=lambda entry: entry[0].figure.start)


def _victims(out: list[tuple[totals.Draft, Sentence, int]]) -> list[tuple[totals.Draft, Sentence, int]]:
    """ "Three of the victims were police officers": the victims are the document's, with the
    outcome of its first claim (the lead names what befell them); none before, no claim."""
    kept = []
    lead: str | None = None
    for d, s, n in out:
        if d.extra.get("rule") == "victims":
            if lead is None:
                continue
            d.outcome = lead
        elif lead is None and not d.figure.negated:
            lead = d.outcome
        kept.append((d, s, n))
    return kept


def _lone_pronouns(out: list[tuple[totals.Draft, Sentence, int]]) -> list[tuple[totals.Draft, Sentence, int]]:
    """ "He was killed" is a claim only when it is the one statement of that person's outcome
    in the document (annotation conventions): kept when no other individual claim tells of it."""
    named = any(d.extra.get("individual") and not d.extra.get("pronoun") for d, _, _ in out)
    seen: set[str] = set()
    kept = []
    for d, s, n in out:
        if d.extra.get("pronoun"):
            if named or d.outcome in seen:
                continue  # the person is named elsewhere (or already counted): that claim counts
            seen.add(d.outcome)
        kept.append((d, s, n))
    return kept


def _surname(figure: str) -> str:
    words = figure.replace("’", "'").split()
    return words[-1].removesuffix("'s").lower() if words else ""


def _died_elsewhere(out: list[tuple[totals.Draft, Sentence, int]]) -> list[tuple[totals.Draft, Sentence, int]]:
    """A named person "shot" or "stabbed" (injured) whom the document says died: that mention
    is no claim of its own (annotation conventions)."""
    dead = {_surname(d.figure.text) for d, _, _ in out
            if d.extra.get("individual") and d.outcome == "killed" and d.figure.text[:1].isupper()}
    if not dead:
        return out
    return [(d, s, n) for d, s, n in out
            if not (d.extra.get("individual") and d.outcome == "injured" and _surname(d.figure.text) in dead
                    and d.figure.text[:1].isupper())]


def _individuals(text: str, tokens: list, first: int, counts: list[totals.Draft], headline: bool) -> list[totals.Draft]:
    """Drafts for the individual victims of one sentence (individuals.py)."""
    words = [t for t in tokens[first:] if t.is_word and t.fig < 0]
    title_case = headline and len(words) >= 3 and sum(t.is_capitalised for t in words) >= 0.7 * len(words)
    by_token = {d.token: d for d in counts}
    drafts = []
    for found in individuals.find(tokens, first, {d.token: d.outcome for d in counts}, title_case, headline):
        if found.rule == "pronoun-soft":
            continue  # "She died two years ago": no cause, no incident, and no name
        person = found.person
        start, end = tokens[person.start].start, tokens[person.end - 1].end
        figure = Figure(text=text[start:end], start=start, end=end, low=1, high=1, qualifier="exact")
        drafts.append(totals.Draft(figure=figure, token=person.head, outcome=found.outcome, group=person.group,
                                   parent=by_token.get(found.parent),
                                   extra={"individual": True, "soft": found.rule in ("soft", "pronoun-soft", "adjective-soft"),
                                          "pronoun": found.rule.startswith("pronoun")}))
    return drafts


def _claims(out: list[tuple[totals.Draft, Sentence, int]], dater: when.Dater, placer: where.Placer,
            deadline: float) -> list[Claim]:
    ids = {id(d): f"c{k + 1}" for k, (d, _, _) in enumerate(out)}
    result = []
    earlier: list[str] = []
    for k, (d, sentence, n) in enumerate(out):
        fig = d.figure
        if k % 32 == 0 and time.monotonic() > deadline:
            raise _OutOfTime(fig.start)
        if d.source:
            d.source = claimants.resolve(d.source, placer.text, sentence.start, earlier[-50:])  # bounded: linear
            earlier.append(d.source)
        anchor = dater.date_of(n, fig.start, fig.end)
        place = placer.named(d.extra["list_place"], fig.start) if d.extra.get("list_place") \
            else placer.place_of(n, past=anchor.past, fig_end=fig.end)
        result.append(
            Claim(
                id=ids[id(d)],
                figure=fig.text,
                start=fig.start,
                end=fig.end,
                low=fig.low,
                high=fig.high,
                qualifier=fig.qualifier,
                outcome=d.outcome,
                group=d.group,
                negated=fig.negated,
                vague=fig.vague,
                source=d.source,
                source_key=attribution.source_key(d.source),
                part_of=ids.get(id(d.parent)) if d.parent is not None else None,
                sentence_start=sentence.start,
                sentence_end=sentence.end,
                date=anchor.value,
                date_precision=anchor.precision,
                date_text=" ".join(anchor.text.split()) if anchor.text else None,
                place=place.name if place else None,
                place_id=place.place_id if place else None,
                place_name=place.resolved if place else None,
                country=place.country if place else None,
                admin1=place.admin1 if place else None,
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
                place_alternatives=place.alternatives if place else (),
                individual=bool(d.extra.get("individual")),
            )
        )
    return result
