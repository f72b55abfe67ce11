"""Is a claimant a speaker? Trim and check the words attribution.py found, and resolve short
names against the document ("Mr. Agarwal" -> "Magistrate Anshul Agarwal", "the agency" ->
"the National Disaster Management Agency").

A claimant is a person, an organisation, a document or a group of people (README,
"Claimants"). Words that are none of these never are one: function words ("This",
"Some"), times ("On Saturday morning"), fragments ("local media to have visited the
hospital", "Mijares further") and the counts themselves ("the total"). Vocabulary:
lexicon/claimants.toml, [speakers].
"""

from __future__ import annotations

import re
from functools import cache

from tollbook.extract.lexicon import _read, _strings, lexicon

_WORD = re.compile(r"[\w'’.-]+")
_DOCUMENTS = frozenset("report reports statement statements figures data tally count estimate estimates "
                       "bulletin update release post survey study".split())
_PAST = frozenset("struck hit left took made said told gave brought put kept found lost held shot came went began "
                  "saw rose fell".split())
_WINDOW = 5_000  # characters before a claim where its claimant's full name is looked for
_TITLE_PREFIX = re.compile(r"^(?:mr|mrs|ms|dr|prof|gen|col|capt|maj|sgt|lt|gov|sen|rep)\.?\s+", re.IGNORECASE)


@cache
def _vocabulary() -> dict[str, frozenset[str]]:
    name = "claimants.toml"
    data = _read(name).get("speakers", {})
    return {key: frozenset(_strings(name, f"speakers.{key}", data.get(key))) for key in
            ("nouns", "not_heads", "cut_before", "leading", "trailing")}


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


_DOCUMENT_PARTICIPLES = frozenset("prepared compiled released published issued submitted sent drawn written".split())


def speaker(raw: str | None) -> str | None:
    """The claimant in ``raw`` trimmed to its noun phrase, or None when it names no speaker."""
    if not raw:
        return None
    vocab = _vocabulary()
    text = " ".join(raw.split()).strip(" ,;:\"'“”‘’[]")
    if text.count("(") != text.count(")"):  # a bracket of the sentence, not of the name
        text = text.strip("()")
    text = text.strip(" ,;:")
    words = text.split()
    if words and words[0].lower() == "according":
        words = words[2:] if len(words) > 2 and words[1].lower() == "to" else []  # "According to X": X
    # leading conjunctions, adverbs and prepositional openers: "And police", "By reports"
    while words and words[0].lower().strip(",") in vocab["leading"]:
        if words[0].lower() in ("by", "from") and len(words) > 1:
            words = words[1:]
            break
        words = words[1:]
    if words and words[0].lower() in ("in", "on", "at", "after", "during", "with", "for", "since", "when", "while",
                                      "before", "despite", "following", "amid", "as", "if"):
        words = words[1:]  # "with officials"; "On Saturday morning" is left a time, no speaker
        while len(words) > 1 and words[0].lower().strip(",") in vocab["leading"] and words[0].lower() not in ("by", "from"):
            words = words[1:]  # "On Thursday officials"
    # cut at the first word that starts a clause or a later phrase, or a verb of speech
    for k, word in enumerate(words):
        if k > 0 and not (word.isupper() and len(word) > 1) and (word.lower() in vocab["cut_before"]
                      or word.lower() in lexicon().speech_verbs and word.lower() not in _DOCUMENTS
                      and not (word[:1].isupper() and words[k - 1][:1].isupper())):  # "the United States"
            words = words[:k]
            break
    if words and words[0][:1].islower() and (words[0] in _PAST or words[0].endswith("ed") and len(words) > 1
                                             and words[1].lower() in ("the", "a", "an", "southern", "northern",
                                                                      "eastern", "western", "central")):
        return None  # "struck southern Philippines": a verb phrase, no speaker
    # "Another report from the Mexican government": the body that gave the document
    for k in range(1, min(len(words) - 1, 4)):
        if words[k].lower() in ("from", "by", "of") and words[k - 1].lower().strip(",") in _DOCUMENTS:
            words = words[k + 1:]
            break
    for k in range(len(words) - 1):  # "the report prepared for its global network": the report
        if words[k].lower() in _DOCUMENTS and words[k + 1].lower() in _DOCUMENT_PARTICIPLES:
            words = words[:k + 1]
            break
    while words and (words[-1].lower().strip(",") in vocab["trailing"] or words[-1] in (",", "-")):
        words = words[:-1]  # "Mijares further", "police later"
    if not words:
        return None
    head = words[-1].lower().strip(",.'’")
    lex = lexicon()
    text = " ".join(words).strip(" ,")
    lows = [w.lower().strip(",.'’").removesuffix("'s").removesuffix("’s") for w in words]
    named = any(w[:1].isupper() and w.lower() not in vocab["not_heads"] for w in words[1:]) \
        or (words[0][:1].isupper() and lows[0] not in vocab["not_heads"] and lows[0] not in lex.groups)
    noun = any(w in vocab["nouns"] or w.rstrip("s") in vocab["nouns"] or w in lex.groups for w in lows)
    person = any(w.endswith(("man", "woman", "person", "er", "or", "ist", "ian")) and len(w) > 4
                 and w not in vocab["not_heads"] for w in lows)  # "a spokesman", "the coroner"
    if head in lex.months or head.isdigit() or head in vocab["not_heads"] and not (named or noun):
        return None
    return text if named or noun or person else None


def resolve(source: str, text: str, before: int, earlier: list[str]) -> str:
    """A short claimant made whole from the document: "Mr. Agarwal" -> "Magistrate Anshul
    Agarwal" (a longer name ending in the same word, before ``before``), "the agency" -> the
    one organisation named earlier whose name holds the word."""
    words = source.split()
    bare = _TITLE_PREFIX.sub("", source)
    if len(bare.split()) == 1 and bare[:1].isupper():
        surname = bare.strip(".,'’")
        for name in reversed(earlier):
            parts = name.split()
            if len(parts) > 1 and parts[-1].strip(".,'’") == surname:
                return name
        window = text[max(0, before - _WINDOW):before]  # a bounded look back keeps long documents linear
        found = [f.strip() for f in re.findall(rf"((?:[A-Z][\w.'’-]*\s+){{1,3}}){re.escape(surname)}\b", window)
                 if _TITLE_PREFIX.sub("", f.strip() + " ").strip()]
        if found:
            return f"{found[-1]} {surname}"
        return source
    if len(words) == 2 and words[0].lower() == "the" and words[1].lower() in ("report", "statement", "study", "survey"):
        # "the report" is the one whose author the text named: "A Kenya Red Cross report says ..."
        authors = re.findall(rf"((?:[A-Z][\w&'’-]*[ ]+){{1,5}}){words[1].lower()}\b", text[max(0, before - _WINDOW):before])
        authors = {re.sub(r"^(?:The|A|An|In|On|According\s+to)(?:\s+|$)", "", a.strip()) for a in authors}
        authors = {a for a in authors if a and a[:1].isupper()}
        widest = max(authors, key=len, default=None)
        if widest and all(a in widest for a in authors):  # "Red Cross report", "A Kenya Red Cross report"
            return widest
    if len(words) == 2 and words[0].lower() == "the" and words[1].lower() in _vocabulary()["nouns"]:
        head = words[1].lower()
        matches = [name for name in earlier if head in name.lower().split() and len(name.split()) > 2]
        if len({m.lower() for m in matches}) == 1:
            return matches[-1]
        if not matches:  # an organisation named earlier in the text: "the National Flood Agency (NFA)"
            named = {m.strip() for m in re.findall(rf"((?:[A-Z][\w&'’.-]*\s+(?:of\s+|for\s+|and\s+)?){{1,6}}{words[1].capitalize()})\b",
                                                   text[max(0, before - _WINDOW):before])}
            named = {re.sub(r"^(?:The|A|An)\s+", "", n) for n in named}
            named = {n for n in named if len(n.split()) > 1}
            if len(named) == 1:
                return f"the {named.pop()}"
    return source
