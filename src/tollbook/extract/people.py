"""Reading the words that name or describe one person (used by individuals.py).

"a 34-year-old nurse", "journalist Nabil Hasan al-Quaety", "the factory's owner", "Theo
Vance, the owner of the bakery": a noun phrase read backwards from its last word
(``person_before``) or forwards from its first (``person_after``), with its victim group
from the person's noun (lexicon/persons.toml) and, for names, checks that the capitalised
words are no organisation, month or place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tollbook.extract.lexicon import lexicon, persons
from tollbook.extract.tokens import Token, as_index, match

# what may stand between a person and the phrase that follows it
BETWEEN = frozenset(
    "was is has had been being be also later reportedly allegedly subsequently then initially eventually soon "
    "still found discovered pronounced declared confirmed reported believed presumed feared got get gets who "
    "himself herself apparently immediately instantly tragically allegedly and since".split()
)
DETERMINERS = frozenset("a an the another his her their its our my your this that".split())
POSSESSIVE_DETS = frozenset("his her their its our my your".split())
ORDINALS = frozenset("second third fourth fifth sixth seventh eighth ninth tenth".split())
_NAME_PREFIX = re.compile(r"^(?:al|el|bin|ibn|abu|van|von|de|da|di|du|la|le|ben|bint|d|o|mc|mac)[-'’]", re.IGNORECASE)
STOP = frozenset([",", ";", ":", ".", "(", ")", '"', "“", "”", "—", "–", "?", "!"])
CLAUSE = frozenset("and or but while when after before as because since until if that which who whom whose "
                    "where though although whereas with without by in on at for from to of into during".split())
_NAMED = (("named",), ("called",), ("identified", "as"), ("known", "as"))

AGE = re.compile(r"^\d+-year-old$|^[a-z]+-year-old$")

_RANK_WORDS = frozenset("first second chief senior junior staff lance vice deputy".split())  # "First Officer X"
_PLACE_BEFORE = frozenset("of from in near at to outside inside across on about against".split())


@dataclass(frozen=True, slots=True)
class Person:
    """One person named or described in a sentence: token range and group."""

    start: int  # first token of the figure
    end: int  # token after the figure
    head: int  # the token attribution looks at
    group: str | None
    named: bool = False


@cache
def indexes() -> dict[str, dict]:
    p = persons()
    nouns: dict[str, tuple[str, str | None]] = {noun: ("group", group) for noun, group in p.nouns.items()}
    for noun in p.own:
        nouns[noun] = ("own", plural(noun))
    return {
        "nouns": as_index(nouns),
        "after": as_index(p.after),
        "verbs": as_index(p.verbs),
        "adjectives": as_index(p.adjectives),
        "of_nouns": as_index(p.of_nouns),
    }


@cache
def _endings() -> dict[str, list[tuple[tuple[str, ...], tuple[str, str | None]]]]:
    """Person nouns by their last word, for reading a noun phrase backwards."""
    table: dict[str, list] = {}
    for entries in indexes()["nouns"].values():
        for words, value in entries:
            table.setdefault(words[-1], []).append((words, value))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


@cache
def demonyms() -> frozenset[str]:
    from tollbook.extract.where import _demonyms as load

    return frozenset(word for word in load() if not word.endswith("s") or word.endswith("ese"))


def plural(noun: str) -> str:
    """'chef' -> 'chefs', 'businessman' -> 'businessmen', 'city' -> 'cities'."""
    head, sep, last = noun.rpartition(" ")
    if last.endswith("woman"):
        word = last[:-5] + "women"
    elif last.endswith("man") and not last.endswith(("human", "shaman")):
        word = last[:-3] + "men"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        word = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x", "z")):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head}{sep}{word}"


def is_plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def noun_group(tokens: list[Token], end: int) -> tuple[int, str | None] | None:
    """The person noun that ends at token ``end`` (inclusive): (its first token, group)."""
    low = tokens[end].low
    for words, (_kind, group) in _endings().get(low, ()):
        start = end - len(words) + 1
        if start >= 0 and all(tokens[start + k].low == words[k] for k in range(len(words))):
            return start, group
    if "-" in low and not tokens[end].is_capitalised:
        last = low.rsplit("-", 1)[1]  # "co-driver", "ex-soldier"
        p = persons()
        if last in p.nouns:
            return end, p.nouns[last]
        if last in p.own:
            return end, plural(last)
    if tokens[end].is_word and not tokens[end].is_capitalised and len(low) > 4 and not is_plural(low) \
            and (low.endswith(("ist", "ian", "er", "or", "ee", "eer")) or low.endswith("man") and low not in persons().not_person_nouns) \
            and low not in persons().not_person_nouns and not any(low.endswith(w) for w in persons().thing_endings) \
            and low not in lexicon().things and "-" not in low and not low.endswith(("ier", "ever")):
        return end, plural(low)
    return None


def name_part(tok: Token) -> bool:
    if tok.fig >= 0 or not tok.is_word:
        return False
    if tok.is_capitalised:
        return tok.low not in persons().not_names
    return tok.low in persons().particles or bool(_NAME_PREFIX.match(tok.text))


def is_name(tokens: list[Token], start: int, end: int) -> bool:
    """tokens[start:end] can be a person's name: capitalised, no organisation or place words."""
    from tollbook.extract.attribution import ORG_WORDS

    words = tokens[start:end]
    if not words or end - start > 4:
        return False
    if not words[0].is_capitalised and not _NAME_PREFIX.match(words[0].text) and words[0].low not in persons().particles:
        return False
    if not any(t.is_capitalised for t in words):
        return False
    lex = lexicon()
    p = persons()
    outcome_words = _outcome_words()
    for t in words:
        low = re.sub(r"['’]s$", "", t.low)
        if low in ORG_WORDS or low in lex.months or low in persons().not_names or low in lex.things or low in lex.groups \
                or low in outcome_words or len(low) == 1:
            return False  # "Kills At Least 48, Injures More", "gate C"
        if t.text.isupper() and len(t.text) > 1 or any(ch.isdigit() for ch in t.text):
            return False  # "BNPB", "UN": an acronym names a body
    if end - start == 1:
        low = re.sub(r"['’]s$", "", words[0].low)
        if low in lex.not_victims or low in demonyms() or low in p.nouns or low in p.own or low in p.titles:
            return False
    return _not_a_place(" ".join(re.sub(r"['’]s$", "", t.text) for t in words))


@cache
def _outcome_words() -> frozenset[str]:
    """Words of the outcome vocabularies: a Title Case headline capitalises them, no name does."""
    lex, p = lexicon(), persons()
    tables = (lex.active, lex.after, lex.nouns, lex.adjectives, p.after, p.verbs, p.adjectives)
    return frozenset(w for table in tables for phrase in table for w in phrase.split() if len(w) > 2) \
        | {"aboard", "off", "near", "after", "amid", "over", "into"}


@cache
def _not_a_place(name: str) -> bool:
    """No country, and no sizeable place by that very name ("Paris", not "Li")."""
    from tollbook.extract.where import fold, gazetteer, lookup

    key = fold(name)
    if key in gazetteer()[2]:
        return False
    return not any(fold(row["name"]) == key and int(row["population"] or 0) >= 20000 for row in lookup(name))


def _titles(tokens: list[Token], start: int, end: int) -> tuple[int, str | None]:
    """Leading words of a capitalised run that are titles, person nouns or demonyms:
    (where the name starts, the group of the last person noun among them)."""
    p = persons()
    group = None
    k = start
    while k < end - 1:
        low = tokens[k].low
        if low in p.titles or low.rstrip(".") in p.titles or low in demonyms() or low in persons().title_adjectives \
                or low in _RANK_WORDS:
            k += 1
            continue
        hit = noun_group(tokens, k)
        if hit and start <= hit[0] <= k and (low in p.nouns or low in p.own or hit[0] < k):
            group = hit[1]  # "Journalist", "First Officer" (a noun of two words)
            k += 1
            continue
        break
    return k, group


def _name_before(tokens: list[Token], k: int, lo: int, title_case: bool) -> Person | None:
    """A name ending at token k: "Nabil Hasan al-Quaety", "journalist Li Wenliang"."""
    j = k
    while j - 1 >= lo and name_part(tokens[j - 1]):
        j -= 1
    start, group = _titles(tokens, j, k + 1)
    if not is_name(tokens, start, k + 1) or start - 1 >= lo and (tokens[start - 1].low in _PLACE_BEFORE
                                                                 or tokens[start - 1].low in persons().place_nouns):
        return None  # "hundreds of Taliban killed", "engineers from Marvast abducted": no person
    if start == j and j - 1 >= lo and tokens[j - 1].low == "the":
        return None  # "the Louvre is dead": a place or a body, never a person's name
    if start == j and j - 1 >= lo and tokens[j - 1].is_word and not tokens[j - 1].is_capitalised:
        hit = noun_group(tokens, j - 1)  # "motorcyclist Harry Dunn", "the suspect Stefan W"
        if hit:
            group = hit[1]
    return Person(start, k + 1, k, group, named=True)


def name_ending(tokens: list[Token], k: int, lo: int) -> Person | None:
    """A name ending at token k whatever stands before it ("that of Daniel Oka, a schoolboy"):
    for names an appositive has already shown to be a person's."""
    j = k
    while j - 1 >= lo and name_part(tokens[j - 1]):
        j -= 1
    if k >= lo and name_part(tokens[k]) and is_name(tokens, j, k + 1):
        return Person(j, k + 1, k, None, named=True)
    return None


def person_before(tokens: list[Token], k: int, lo: int, title_case: bool = False) -> Person | None:
    """The person whose words end at token ``k`` (inclusive), reading back no further than ``lo``."""
    if k < lo or k < 0:
        return None
    tok = tokens[k]
    if tok.fig >= 0 or not tok.is_word:
        return None
    p = persons()
    noun = tok.low in p.nouns or tok.low in p.own
    if name_part(tok) and not (noun and (k == lo or title_case or not tokens[k - 1].is_capitalised)):
        return _name_before(tokens, k, lo, title_case)
    if tok.low in ORDINALS or tok.low == "another":  # "a fourth", "Another later died"
        if tok.low == "another" and (k == lo or tokens[k - 1].low in STOP):
            return Person(k, k + 1, k, None)
        if tok.low in ORDINALS and k - 1 >= lo and tokens[k - 1].low in ("a", "an", "the"):
            return Person(k - 1, k + 1, k, None)
        return None
    hit = noun_group(tokens, k)
    if hit is None:
        return None
    j, group = hit
    # modifiers and a determiner: "the infected 60-year-old western man", "the factory's owner"
    m = j
    while m - 1 >= lo and j - m < 6:
        prev = tokens[m - 1]
        if prev.fig >= 0:
            return None  # "one soldier": a count (numbers.py)
        if prev.low in DETERMINERS or prev.is_word and prev.low.endswith(("'s", "’s")):
            m -= 1
            if prev.low.endswith(("'s", "’s")) and m - 1 >= lo and tokens[m - 1].low in DETERMINERS:
                m -= 1  # "the factory's owner"
            return Person(m, k + 1, k, group)
        if not prev.is_word or prev.low in CLAUSE or prev.low in BETWEEN or prev.low in STOP:
            break
        if is_plural(prev.low) and prev.low in lexicon().groups:
            return None  # "police officers" is plural; "three girls and a boy" reads "a boy" alone
        m -= 1
    if m == lo or title_case or m - 1 >= 0 and tokens[m - 1].low in (";", ":", "—", "–"):
        return Person(m, k + 1, k, group)  # "Engineer killed while working", "...; man arrested"
    return None


def named(tokens: list[Token], n: int, hi: int) -> tuple[int, int] | None:
    """A name after a person noun: "journalist Li Wenliang", "a woman named Heather Heyer"."""
    for words in _NAMED:
        if all(n + q < hi and tokens[n + q].low == w for q, w in enumerate(words)):
            n += len(words)
            break
    e = n
    while e < hi and name_part(tokens[e]) and e - n < 4:
        e += 1
    if e > n and is_name(tokens, n, e):
        return n, e
    return None


def person_after(tokens: list[Token], j: int, hi: int, headline: bool = False) -> Person | None:
    """The person whose words start at token ``j``, reading no further than ``hi``; in a
    headline a noun needs no determiner ("Gunmen kidnap foreign aid worker")."""
    if j >= hi:
        return None
    k = j
    det = tokens[k].low in DETERMINERS
    if headline and not det:
        for m in range(j, min(hi, j + 4)):
            if tokens[m].fig >= 0 or not tokens[m].is_word or tokens[m].low in CLAUSE \
                    or m > j and (match(tokens, m, indexes()["after"]) or match(tokens, m, indexes()["verbs"])):
                break  # "Man shoots dead wife": the noun phrase ends at the verb
            hit = noun_group(tokens, m)
            if hit and (m + 1 >= hi or not tokens[m + 1].is_word or tokens[m + 1].low in CLAUSE
                        or tokens[m + 1].low.endswith("ed") or match(tokens, m + 1, indexes()["after"])
                        or match(tokens, m + 1, indexes()["verbs"])):
                return Person(j, m + 1, m, hit[1])
    if det:
        k += 1
    if k < hi and tokens[k].low in ORDINALS and (k + 1 >= hi or not tokens[k + 1].is_word
                                                  or tokens[k + 1].low in CLAUSE):
        return Person(j, k + 1, k, None)  # "a fourth from Germany"
    if not det:
        q = k
        while q < hi and AGE.match(tokens[q].low):
            q += 1  # "57-year-old Aldo Ferrin"
        noun_end = next((e for e in (q + 2, q + 1, q) if e < hi and (hit := noun_group(tokens, e)) and hit[0] == q
                         and not tokens[e].is_capitalised), None)
        if noun_end is not None:  # "police officer Feyza Inal"
            name = named(tokens, noun_end + 1, hi)
            if name:
                return Person(name[0], name[1], name[1] - 1, noun_group(tokens, noun_end)[1], named=True)
        if q > k:
            name = named(tokens, q, hi)
            if name:
                return Person(name[0], name[1], name[1] - 1, None, named=True)
    m = k
    while m < hi and m - k < 7:
        tok = tokens[m]
        if tok.low == "-" and m + 1 < hi and tokens[m + 1].low in ("and", "or") and m > k:
            m += 2  # "a photo- and videojournalist"
            continue
        if tok.fig >= 0 or not tok.is_word or tok.low in CLAUSE or tok.low in BETWEEN:
            return None
        hit = noun_group(tokens, m)
        if hit is not None and hit[0] >= k and not (tok.is_capitalised and m > k and not det):
            nxt = m + 1
            if nxt < hi and noun_group(tokens, nxt) and tokens[nxt].is_word and not tokens[nxt].is_capitalised:
                m += 1  # a longer noun follows: "police" + "officer"
                continue
            if nxt < hi and tokens[nxt].is_word and not tokens[nxt].is_capitalised and tokens[nxt].low not in CLAUSE \
                    and tokens[nxt].low not in BETWEEN and tokens[nxt].low not in FOLLOWERS \
                    and not tokens[nxt].low.endswith(("ed", "ing", "ly")) \
                    and not match(tokens, nxt, indexes()["after"]):
                if nxt + 1 < hi and tokens[nxt + 1].is_word and noun_group(tokens, nxt + 1):
                    m += 1  # "a civilian truck driver": the person noun comes later
                    continue
                return None  # "a pregnant female elephant": the noun is a modifier
            name = named(tokens, nxt, hi)
            if name:
                return Person(name[0], name[1], name[1] - 1, hit[1], named=True)
            if not det and m > k and tokens[k].is_capitalised:
                return Person(k, m + 1, m, hit[1])  # "Abu Dhabi TV photojournalist"
            return Person(j, m + 1, m, hit[1])
        if tok.is_capitalised and not det and m == k:
            e = m
            while e < hi and (name_part(tokens[e]) or tokens[e].is_word and noun_group(tokens, e)
                              or tokens[e].is_capitalised and tokens[e].low in _RANK_WORDS) and e - m < 7:
                if not tokens[e].is_capitalised and noun_group(tokens, e):
                    # "Abu Dhabi TV photojournalist Ziad al-Sharabi": the noun gives the group;
                    # "Iranian general, Qasem Soleimani"
                    name = named(tokens, e + 1, hi) or (
                        named(tokens, e + 2, hi) if e + 1 < hi and tokens[e + 1].low == "," else None)
                    if name:
                        return Person(name[0], name[1], name[1] - 1, noun_group(tokens, e)[1], named=True)
                    return None
                e += 1
            start, group = _titles(tokens, m, e)
            nxt = tokens[e].low if e < hi and tokens[e].is_word and not tokens[e].is_capitalised else ""
            if nxt in lexicon().groups or is_plural(nxt) and nxt.endswith(("ers", "ors", "ists", "ians", "ees", "ants", "ents")):
                return None  # "Canadian farmers", "Christian employees": a modifier, no name
            if is_name(tokens, start, e):
                return Person(start, e, e - 1, group, named=True)
            return None
        if tok.is_capitalised and det and tok.low in demonyms() and (m + 1 >= hi or not tokens[m + 1].is_word
                                                                      or tokens[m + 1].low in CLAUSE):
            return Person(j, m + 1, m, None)  # "another Malay", "a Chinese"
        if not det:
            return None  # no determiner: only a bare person noun ("kills photojournalist") or a name
        m += 1
    return None


FOLLOWERS = frozenset("named called identified known who whose was is has had and or of from in on at to by "
                       "with for as while overnight yesterday today tonight late early last earlier later inside "
                       "outside nearby there here too again near during after before outright instantly between aged".split())



def possessor(tokens: list[Token], k: int, lo: int) -> Person | None:
    """'Nabil's' murder: the name before the possessive ending."""
    if not re.search(r"['’]s$", tokens[k].text):
        return None
    j = k
    while j - 1 >= lo and name_part(tokens[j - 1]):
        j -= 1
    if not is_name(tokens, j, k + 1):
        return None
    return Person(j, k + 1, k, None, named=True)


def renamed(tokens: list[Token], person: Person) -> Person:
    """The name is the figure: "The deceased seaman was identified as Jaypee Galicha", "the
    pilot, who died at the scene, was identified on Monday as Ronan Keast", "a 38-year-old
    miner, Stanislav Bory, was found"."""
    if person.named:
        return person
    n = len(tokens)
    k = person.end
    family = k + 2 < n and tokens[k].low == "of" and tokens[k + 1].fig >= 0
    if family:
        k += 2  # "a mother of three, Salma Ortak": the size of a family (no count)
    if k + 1 < n and tokens[k].low == ",":
        q = k + 1
        while q < n and AGE.match(tokens[q].low):
            q += 1
        name = named(tokens, q, n)
        if name and (name[1] >= n or tokens[name[1]].low in (",", ".", ";", ")") or tokens[name[1]].low in CLAUSE):
            return Person(name[0] if family else person.start, name[1], name[1] - 1, person.group, named=True)
    for q in range(k, min(n, k + 14)):
        low = tokens[q].low
        if low in (".", ";", ":") or tokens[q].fig >= 0:
            break
        as_ = next((m for m in range(q + 1, min(n, q + 4)) if tokens[m].low == "as"), None) \
            if low in ("identified", "named") else None
        if as_ is not None:  # "identified as", "identified only as", "identified on Monday as"
            name = named(tokens, as_ + 1, n)
            if name:
                # "the man, later identified as X": the figure keeps the description and the
                # name (either may be cited); "the seaman was identified as X": the name
                p = q - 1
                while p > k and tokens[p].low in ("later", "subsequently", "since", "now", "officially"):
                    p -= 1
                begin = person.start if tokens[p].low == "," and p == k else name[0]
                return Person(begin, name[1], name[1] - 1, person.group, named=True)
            break
    return person
