"""Figures a source gives only in parts: the sum of parts stated together, the count of individual victims.

Per source and report, the figure for an outcome is the largest of its stated total, the
sum of the disjoint parts it states together and the number of distinct individual
victims it describes (README, "Derived figures"). This module finds the two derived kinds
in a source's claims, document by document; ``ranges`` weighs them against the stated
figures.

**Parts stated together** are the claims of one sentence with one outcome from one
source, none marked ``part_of`` a total and none negated ("two rebels and one soldier
were killed": 2 + 1). A victim group's row adds up that group's figures ("40 civilians
died in the north, 12 in the south"); the all-victims row adds up every group's. Two
figures of one group are not parts when the sentence speaks of an update or a total
("rose to 40 from 12", "another 9, taking the total to 75": ``reconcile.toml``
``[updates]`` and ``[sums]``): the larger stands for the group. In the all-victims row, a
figure with no group is the total of the groups' figures, and the sentence gives no sum,
when it comes before them ("12 people were killed: 10 civilians and 2 soldiers") or, in a
sentence that speaks of a total, when it is at least their sum ("ten civilians and five
soldiers, 15 in all"); after them it is one more part ("two soldiers and 12 others").
Words between two figures that make them alternatives or different claimants' figures
("40 people (the relief agency said it counted 52)", "two or three", "12, police said, while
witnesses counted 40": ``[sums]`` ``apart``) leave the sentence without a sum. Vague or
open parts add their lower bounds; the sum is open when one part is.

**Individual victims** ("a policeman was shot dead") are counted per document, each
person once: see ``people`` for when two mentions are one person.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tollbook.model import Claim
from tollbook.reconcile.model import Mention
from tollbook.reconcile.vocab import Individuals, vocabulary

SHOWN_PEOPLE = 3  # a count of individuals is written with this many of their phrases, then "+ N more"
_WORD = re.compile(r"[^\W_]+")
_BRACKET = re.compile(r"[()\[\]]")  # "40 people (the relief agency said it counted 52)": an aside, not a part


def point(claim: Claim) -> int | None:
    """The figure as one number: the number as stated, None for vague words."""
    if claim.qualifier == "vague":
        return None
    if claim.high is None or claim.qualifier in ("exact", "at_least", "more_than"):
        return claim.low
    if claim.qualifier in ("nearly", "fewer_than", "up_to"):
        return claim.high
    return (claim.low + claim.high + 1) // 2  # about, between: the middle


def upper(figure: object) -> float:
    """A figure's upper bound (a claim, a derived or a source's figure); infinite when open."""
    high = figure.high  # type: ignore[attr-defined]
    return float("inf") if high is None else high


@dataclass(frozen=True, slots=True)
class Derived:
    """A figure one source gives only in parts, with the claims it adds up (in text order)."""

    how: str  # "sum" (parts stated together) or "individuals" (distinct individual victims)
    figure: str  # the parts as written: "two + one", "a policeman + the driver"
    qualifier: str
    low: int
    high: int | None
    point: int | None
    parts: tuple[Mention, ...]


def derived_figures(mentions: Iterable[Mention], group: str | None) -> list[Derived]:
    """The derived figures of one source's claims of one outcome, for the row of ``group``
    (None: all victims): each sentence's sum of parts, and each document's count of people."""
    kept = [m for m in mentions if not m.claim.negated and (group is None or m.claim.group == group)]
    if not kept or (len(kept) == 1 and not kept[0].claim.individual):
        return []  # the common case: one figure, nothing to add up
    by_document: dict[int, list[Mention]] = defaultdict(list)
    for mention in kept:
        by_document[mention.document_id].append(mention)
    found: list[Derived] = []
    for items in by_document.values():
        if len(items) > 1:
            items.sort(key=lambda m: m.claim.start)
            found.extend(_sums(items, group))
        victims = [m for m in items if m.claim.individual]
        if victims:
            persons = people(victims)
            shown = [p[0].claim.figure for p in persons[:SHOWN_PEOPLE]]
            if len(persons) > SHOWN_PEOPLE:
                shown.append(f"{len(persons) - SHOWN_PEOPLE} more")
            n = len(persons)
            found.append(Derived("individuals", " + ".join(shown), "exact", n, n, n, tuple(p[0] for p in persons)))
    return found


def _sums(items: list[Mention], group: str | None) -> list[Derived]:
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for mention in items:
        if not mention.claim.part_of:  # a part of a stated total is never added to anything
            by_sentence[mention.claim.sentence_start].append(mention)
    found = []
    for parts in by_sentence.values():
        if len(parts) > 1 and (summed := _sentence_sum(parts, group)) is not None:
            found.append(summed)
    return found


def _rank(claim: Claim) -> tuple:
    return (claim.low, upper(claim), -claim.start)


def _apart(parts: list[Mention], sentence: str, pattern: re.Pattern[str]) -> bool:
    """Whether the words between two of the figures make them alternatives or different claimants' figures."""
    for a, b in zip(parts, parts[1:], strict=False):
        gap = sentence[a.claim.end - a.claim.sentence_start: b.claim.start - b.claim.sentence_start]
        if _BRACKET.search(gap) or pattern.search(gap):
            return True
    return False


def _sentence_sum(parts: list[Mention], group: str | None) -> Derived | None:
    """The sum of one sentence's parts (in text order), or None when they are not parts."""
    if all(m.claim.individual for m in parts):
        return None  # individuals only: the document's count of people covers them
    vocab = vocabulary()
    sentence = parts[0].sentence
    if _apart(parts, sentence, vocab.apart_pattern):
        return None
    closed = bool(vocab.update_pattern.search(sentence) or vocab.total_pattern.search(sentence))
    if group is None:
        grouped = [m for m in parts if m.claim.group is not None]
        totals = [m for m in parts if m.claim.group is None and not m.claim.individual]
        if grouped and totals:
            if totals[0].claim.start < grouped[0].claim.start:
                return None
            if closed and any(t.claim.low >= sum(g.claim.low for g in grouped) for t in totals):
                return None
    kept: list[Mention] = []
    largest: dict[str | None, Mention] = {}
    for mention in parts:
        claim = mention.claim
        if claim.individual or not closed:
            kept.append(mention)
        elif claim.group not in largest or _rank(claim) > _rank(largest[claim.group].claim):
            largest[claim.group] = mention
    victims = [m for m in kept if m.claim.individual]
    if len(victims) > 1:  # one person named twice in the sentence is one part
        first = {id(person[0]) for person in people(victims)}
        kept = [m for m in kept if not m.claim.individual or id(m) in first]
    kept = sorted([*kept, *largest.values()], key=lambda m: m.claim.start)
    if len(kept) < 2:
        return None
    return _summed(kept, group)


def _summed(parts: list[Mention], group: str | None) -> Derived:
    claims = [m.claim for m in parts]
    points = [point(c) for c in claims]
    high = None if any(c.high is None for c in claims) else sum(c.high for c in claims)  # type: ignore[misc]
    if all(c.qualifier == "exact" for c in claims):
        qualifier = "exact"
    elif any(c.qualifier == "vague" for c in claims):
        qualifier = "vague"
    else:
        qualifier = "at_least" if high is None else "between"
    figure = " + ".join(c.figure + (f" ({c.group})" if group is None and c.group and not c.individual else "")
                        for c in claims)
    return Derived("sum", figure, qualifier, sum(c.low for c in claims), high,
                   None if None in points else sum(points), tuple(parts))  # type: ignore[arg-type]


# -- individual victims -----------------------------------------------------------------


@dataclass(slots=True)
class _Person:
    mentions: list[Mention]
    words: set[str]  # the telling words of all its mentions
    phrases: set[tuple[str, ...]]  # each mention's words, as written
    contents: list[frozenset[str]]
    sentence: int  # where it is first mentioned
    last: int  # the order of its latest mention
    groups: set[str]  # the victim groups of its mentions


def _read(figure: str, rules: Individuals) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(kind, words, telling words) of one mention: new, pronoun, indefinite, possessive, definite or name."""
    words = tuple(_WORD.findall(figure.lower()))
    kind, rest = "name", words
    for phrase in rules.new:
        if words[: len(phrase)] == phrase:
            kind, rest = "new", words[len(phrase):]
            break
    else:
        if len(words) == 1 and words[0] in rules.pronouns:
            kind, rest = "pronoun", ()
        elif words and words[0] in rules.indefinite:
            kind, rest = "indefinite", words[1:]
        elif words and words[0] in rules.possessive:
            kind, rest = "possessive", words[1:]
        elif words and words[0] in rules.definite:
            kind, rest = "definite", words[1:]
    return kind, words, tuple(w for w in rest if w not in rules.honorifics)


def people(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Individual-victim mentions of one document and source, in text order, grouped by person.

    A mention is someone new when it says so ("another man", "a second soldier"). A
    possessive one ("his brother") is someone new unless the same words came before. An
    indefinite one ("a policeman") is someone new unless the same words came before (a
    repeated lead) or someone of its victim group was mentioned in an earlier sentence
    ("a policeman was shot dead ... a police officer died in hospital"). A definite one ("the
    policeman", "the journalist") is the latest person whose words hold its head noun;
    with none, a head noun that can refer to anyone ("the man", "the victim") is the
    person mentioned last in an earlier sentence. A name ("Idris", "Mr al-Wardi",
    "journalist Idris Kamal al-Wardi") is the latest person whose words hold all of its
    words, or one of whose mentions it contains. A pronoun is the person mentioned last.
    Otherwise it is someone new: when in doubt, two mentions are one person, so the count
    errs low.
    """
    rules = vocabulary().individuals
    persons: list[_Person] = []
    for order, mention in enumerate(mentions):
        kind, words, content = _read(mention.claim.figure, rules)
        claim = mention.claim
        person = _match(kind, words, content, claim.sentence_start, claim.group, persons, rules)
        if person is None:
            persons.append(_Person([mention], set(content), {words}, [frozenset(content)] if content else [],
                                   claim.sentence_start, order, {claim.group} if claim.group else set()))
            continue
        if claim.group:
            person.groups.add(claim.group)
        person.mentions.append(mention)
        person.words.update(content)
        person.phrases.add(words)
        if content:
            person.contents.append(frozenset(content))
        person.last = order
    return [p.mentions for p in persons]


def _match(kind: str, words: tuple[str, ...], content: tuple[str, ...], sentence: int, group: str | None,
           persons: list[_Person], rules: Individuals) -> _Person | None:
    if kind == "new" or not persons:
        return None
    latest = sorted(persons, key=lambda p: p.last, reverse=True)
    if kind == "possessive":
        return next((p for p in latest if words in p.phrases), None)
    if kind == "indefinite":
        found = next((p for p in latest if words in p.phrases), None)
        if found is None and group:  # "a policeman ... a police officer": one person, unless told otherwise
            found = next((p for p in latest if group in p.groups and p.sentence < sentence), None)
        return found
    if kind == "pronoun" or not content:
        return latest[0]
    if kind == "definite":
        head = content[-1]
        found = next((p for p in latest if head in p.words), None)
        if found is None and head in rules.referring:
            found = next((p for p in latest if p.sentence < sentence), None)
        return found
    telling = set(content)
    return next((p for p in latest if telling <= p.words or any(c <= telling for c in p.contents)), None)
