"""Claimants: one key per source within a document and across documents, and a source type.

Within one document, "the regional health ministry", "health ministry officials" and
"the ministry" are one source: names are compared without the words that do not change
who speaks (``reconcile.toml``, ``source_modifiers``), and a shorter name joins the
unique longer one with the same head word that contains all its words. Across
documents, sources with the same reduced name are one source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from tollbook.extract.where import _demonyms, country_name, fold
from tollbook.reconcile.vocab import vocabulary

_WORD = re.compile(r"[\w'’-]+")


def reduced(key: str) -> str:
    """A claimant key without modifiers ("regional health ministry officials" -> "health ministry")."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(key)]
    kept = [w for w in words if w not in vocabulary().source_modifiers]
    return " ".join(kept or words)


def document_sources(keys: Iterable[str]) -> dict[str, str]:
    """Map each claimant key of one document to the source key it stands for."""
    cores = {key: reduced(key) or key for key in keys}  # a name of no words ("<...>") stays itself
    names = sorted(set(cores.values()), key=lambda c: (-len(c.split()), c))
    target: dict[str, str] = {}
    for name in names:
        words = set(name.split())
        if not words:
            target[name] = name
            continue
        head = name.split()[-1]
        wider = [other for other in names
                 if other != name and other.split() and other.split()[-1] == head and words < set(other.split())]
        # Join the longer name only when it is the one candidate: "the ministry" in a text that
        # quotes both a health and a defence ministry stays apart.
        roots = {target.get(w, w) for w in wider}
        target[name] = roots.pop() if len(roots) == 1 else name
    return {key: target[core] for key, core in cores.items()}


# a claimant that names no outlet: "according to local media", "media reports said"
_GENERIC_MEDIA = frozenset(["media", "media reports", "news reports", "press reports", "reports", "state media",
                            "press", "news media"])


def generic_media(stated: Mapping[str, set[tuple]]) -> dict[str, str]:
    """Within one document, a claimant that names no outlet ("local media", "media reports") and
    whose every figure one named news outlet of the same document states too is that outlet:
    the headline's "according to local media" is the body's "Antara news agency". ``stated``:
    source key -> its (outcome, group, low, high) figures; returns generic key -> outlet key.
    Equal figures only, so no disagreement is ever joined away."""
    generic = [key for key in stated if reduced(key) in _GENERIC_MEDIA]
    if not generic:
        return {}
    outlets = [key for key in stated if key not in generic and source_type(key) == "media"]
    joined = {}
    for key in generic:
        holders = [outlet for outlet in outlets if stated[key] <= stated[outlet]]
        if len(holders) == 1:
            joined[key] = holders[0]
    return joined


def source_type(name: str | None) -> str:
    """government, armed, un_ngo, medical, media, witness or unknown, from the claimant's words."""
    if not name:
        return "unknown"
    vocab = vocabulary()
    strong: list[tuple[int, int, str]] = []
    weak: list[tuple[int, int, str]] = []
    for match in vocab.source_pattern.finditer(name):
        phrase = " ".join(match.group().lower().split())
        for kind, phrases in vocab.source_types.items():
            if phrase in phrases:
                strong.append((len(phrase), match.start(), kind))
        for kind, phrases in vocab.weak_types.items():
            if phrase in phrases:
                weak.append((len(phrase), match.start(), kind))
    found = strong or weak
    return max(found)[2] if found else "unknown"


# words of a body's name, never of a person's: "the National Disaster Mitigation Agency" is no spokesman
_BODY_WORDS = frozenset("agency ministry cross crescent authority office department council committee service society "
                        "police army force forces government commission organization organisation news mitigation "
                        "management disaster agency's institute foundation bureau centre center".split())
_ROLES = frozenset("spokesman spokeswoman spokesperson spokespeople head chief director official officials "
                   "said chairman chairwoman commissioner".split())
ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&-]{1,9})\)")  # "National Disaster Mitigation Agency (BNPB)"
_PERSON_TAIL = re.compile(r"^(.*\b[a-z][\w'’-]*)\s+(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+$")


@cache
def _demonym_countries() -> dict[str, str]:
    """'kenyan' -> 'kenya': a demonym in a claimant's name stands for its country's name."""
    table = {}
    for word, code in _demonyms().items():
        name = country_name(code)
        if name and " " not in word:
            table[word] = fold(name)
    return table


@cache
def source_core(key: str, written: str | None = None) -> str:
    """A claimant's name as one organisation across reports: no possessive, a demonym as its
    country ("Kenyan Red Cross" -> "kenya red cross"), no spokesperson after the body ("BNPB
    spokesman Sutopo Purwo Nugroho", "the disaster agency's Sutopo Purwo Nugroho" -> the body),
    no modifiers (``reduced``)."""
    if written:
        tail = _PERSON_TAIL.match(" ".join(ACRONYM.sub(" ", written).split()))
        body = [w for w in tail.group(1).split() if w.lower() not in ("the", "a", "an")] if tail else []
        person = tail is not None and not any(w.lower() in _BODY_WORDS for w in written[tail.end(1):].split())
        if person and body and any(w.lower() in vocabulary().source_modifiers or w.lower() in _ROLES
                                   or w[:1].islower() for w in body):
            key = tail.group(1).lower()
    words = [w.lower().replace("’", "'").removesuffix("'s") for w in _WORD.findall(key)]
    if any(w in _ROLES for w in words[1:]):
        words = words[:next(k for k, w in enumerate(words) if k and w in _ROLES)]
    words = [_demonym_countries().get(w, w) for w in words]
    return reduced(" ".join(words)) if words else key


def event_sources(names: dict[str, str | None], aliases: dict[str, str]) -> dict[str, str]:
    """Map each claimant key of one event to the source it stands for, across its reports.

    ``names``: key -> the name as written; ``aliases``: an acronym a name gave in brackets ->
    that name's key ("BNPB" -> "national disaster mitigation agency"). A name joins the one
    widest name of the event that holds all its words ("the disaster agency", "the national
    disaster agency", "BNPB" -> "national disaster mitigation agency"); with two such names
    it stays itself.
    """
    cores = {key: source_core(key, written) for key, written in names.items()}
    alias_cores = {acronym.lower(): cores.get(target) or source_core(target) for acronym, target in aliases.items()}
    cores = {key: alias_cores.get(core, core) for key, core in cores.items()}
    same_words: dict[frozenset[str], str] = {}  # "government-run antara news agency" = "... news agency antara"
    cores = {key: same_words.setdefault(frozenset(core.split()), core) for key, core in sorted(cores.items())}
    distinct = set(cores.values())
    widest: dict[str, str] = {}
    for core in distinct:
        words = set(core.split())
        wider = [other for other in distinct if other != core and words < set(other.split())]
        maximal = [w for w in wider if not any(set(w.split()) < set(o.split()) for o in wider)]
        widest[core] = maximal[0] if len(maximal) == 1 and words else core
    return {key: widest[core] for key, core in cores.items()}
