"""Bind each figure to its outcome and victim group within a sentence (totals: totals.py).

Rules, in the order they are tried for each figure (see README, "How figures are bound"):

1. the figure's own noun phrase names the outcome ("210 deaths", "19 bodies", "43 dead",
   "the nine injured workers", "11 of the trapped miners", "200 hostages");
2. an outcome verb stands right before it ("killing 18 people", "arrested 150 or more");
3. a toll frame ("the death toll rose to 112", "put the number of injured at 23");
4. an outcome phrase follows its noun phrase ("27 people were killed", "45 remain missing");
5. an update inherits the claim it updates ("up from 87", "an earlier figure of 12");
6. a subset inherits its total ("including 11 children", "three of them", "Among the dead
   were nine children", "Of the 1,024 people injured, 310 were children");
7. a list inherits from its coordinated neighbour ("35 fighters and six soldiers died").

A figure that counts things, measures or non-victims, or that no rule binds, is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from tollbook.extract.attribution import OPEN_QUOTES
from tollbook.extract.lexicon import lexicon, persons
from tollbook.extract.tokens import Token, as_index, match
from tollbook.model import Figure

AUX = frozenset(
    ["were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "also", "still", "reportedly", "later", "all", "now", "then", "already", "subsequently", "who", "that", "which", "more", "else", "both", "later", "initially", "originally", "mostly", "feared", "believed", "thought", "reported", "said", "to", "remain", "remained", "remains", "confirmed", "presumed", "being", "were", "all", "they", "allegedly", "apparently", "seriously", "critically", "slightly", "badly", "further", "may", "might", "could", "would", "will", "can",
     "since", "now", "only", "probably", "likely", "possibly", "all", "presumably", "have", "each"]
)
SKIP_BEFORE = frozenset(["another", "further", "additional", "an", "also", "just", "all", "the", "its", "their", "his", "her", "our", "only",
                         "reportedly", "allegedly", "apparently"])
UPDATE_WORDS = (("up", "from"), ("down", "from"), ("raising", "an", "earlier", "figure", "of"),
                ("an", "earlier", "figure", "of"), ("earlier", "figure", "of"), ("figure", "of"),
                ("previous", "figure", "of"), ("revised", "from"), ("from", "an", "earlier"),
                ("an", "earlier"), ("a", "previous"), ("previously",), ("from",))
RISE_VERBS = frozenset("rose rise rises risen climbed climb climbs jumped jumps increased reached "
                       "fell fall falls dropped".split())
HEDGE_VERBS = frozenset("exceeded exceeds exceeding surpassed surpassing topped topping past passed".split())
COUNT_WORDS = frozenset("number toll tally total count figure estimates estimate figures counts tolls list".split())
PUT_VERBS = frozenset("put puts putting placed places placing".split())
TOLL_LINKS = frozenset(["ranged", "range", "ranges", "ranging", "varied", "vary", "varies", "to", "at", "of", "reached", "stood", "stands", "stand", "is", "was", "now", "reaches",
                        "reach", "hits", "hit", "tops", "topped", "passes", "passed", "exceeds", "exceeded",
                        "nears", "neared", "surpasses", "surpassed", "climbs", "rises", "jumps", "nearing"])
INCLUDE = (("including",), ("among", "them"), ("among", "whom"), ("among", "those"), ("of", "whom"), ("of", "them"),
           ("such", "as"), ("among", "the", "victims"))
FRAME_STARTS = (("among", "the"), ("among", "those"), ("of", "the"), ("of", "those"), ("the",))
STOP = frozenset(["and", "or", "but", "while", "whereas", "although", "though", "when", "after", "as", "before", "because", "since", "until", "where", "if", ";", ":", "—", "–"])
LIVES_VERBS = frozenset("took taken take takes taking claimed claim claims claiming cost costs costing "
                        "lost losing".split())
WEAK_VERBS = frozenset("hold holds held holding lose loses lost losing affect affects affected affecting "
                       "bury buries buried burying".split())
PREPOSITIONS = frozenset(["of", "in", "at", "on", "from", "for", "with", "by", "to", "into", "among"])
NP_PREPOSITIONS = PREPOSITIONS | frozenset(
    "during near across inside outside after since over under than as within between around along "
    "throughout following amid despite via toward towards across before".split()
)
NP_BREAK = frozenset(["due", "a", "an", "the", "this", "that", "these", "those", "earlier", "later", "yesterday", "today",
                      "tonight", "overnight", "ago", "each", "every", "per", "late", "early", "whose", "so", "far"])
PERSON_SUFFIXES = ("ers", "ors", "ists", "ians", "ans", "ees", "men", "women", "eers", "ites")
NOT_PERSON_PLURALS = frozenset("plans loans scans bans spans vans pans cans orders borders waters powers "
                               "numbers papers letters matters layers centers filters markers "
                               "committees fees guarantees".split())


@dataclass(slots=True)
class Binding:
    """What the rules found for one figure (mutable while the sentence is analysed)."""

    token: int
    outcome: str | None = None
    group: str | None = None
    head: str = "none"  # none, group, generic, outcome, thing, unknown, not_victim
    np_end: int = 0  # token index after the figure's noun phrase
    rule: str = ""
    parent: int | None = None  # token index of the total this figure is part of
    negative: bool = False  # counted people who suffered no outcome ("rescued 61")
    update: bool = False  # "up from 87": an earlier value, never a total
    implied: str | None = None  # outcome carried by the noun ("refugees")
    frame_group: str | None = None
    explicit_group: bool = False
    extra: dict = field(default_factory=dict)


@cache
def person_plurals() -> frozenset[str]:
    """Plural nouns of people the group vocabulary lacks ("stewards", "monks"): persons.toml."""
    from tollbook.extract.people import plural as _plural

    p = persons()
    return frozenset(_plural(noun) for noun in (*p.nouns, *p.own))


@cache
def indexes() -> dict[str, dict]:
    lex = lexicon()
    groups = {k: ("group", v) for k, v in lex.groups.items()}
    for noun in lex.things:
        groups.setdefault(noun, ("thing", None))
    for noun in lex.not_victims:
        groups.setdefault(noun, ("not_victim", None))
    not_after = {p: True for p in lex.not_after}
    not_later = {p: True for p in lex.not_later}
    where = {p: True for p in lex.where}
    not_active = {p: True for p in lex.not_active}
    return {
        "groups": as_index(groups),
        "nouns": as_index(lex.nouns),
        "of_nouns": as_index(lex.of_nouns),
        "adjectives": as_index(lex.adjectives),
        "after": as_index(lex.after),
        "active": as_index(lex.active),
        "toll": as_index(lex.toll),
        "not_after": as_index(not_after),
        "not_later": as_index(not_later),
        "where": as_index(where),
        "not_active": as_index(not_active),
        "modifiers": as_index(lex.modifiers),
    }


def is_phrase(tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
    n = len(words)
    if i < 0 or i + n > len(tokens):
        return False
    for k in range(n):  # noqa: SIM110 - a plain loop is faster on this hot path
        if tokens[i + k].low != words[k]:
            return False
    return True


@cache
def _by_last_word(options: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    table: dict[str, list[tuple[str, ...]]] = {}
    for words in options:
        table.setdefault(words[-1], []).append(words)
    return table


def phrase_before(tokens: list[Token], i: int, options) -> tuple[str, ...] | None:
    """The option that ends right before token i, if any."""
    if i <= 0 or i > len(tokens):
        return None
    for words in _by_last_word(options).get(tokens[i - 1].low, ()):
        if is_phrase(tokens, i - len(words), words):
            return words
    return None


_ASIDE_OPENERS = frozenset(["according", "reportedly", "officially", "allegedly", "apparently", "reports", "officials",
                            "police"])


def include_before(tokens: list[Token], i: int) -> tuple[str, ...] | None:
    """An including phrase before token i, over an aside: "including, according to X, 54 children"."""
    found = phrase_before(tokens, i, INCLUDE)
    if found or i < 3 or tokens[i - 1].low != ",":
        return found
    for m in range(i - 2, max(0, i - 10), -1):
        if tokens[m].low == "," and tokens[m + 1].low in _ASIDE_OPENERS:
            return phrase_before(tokens, m, INCLUDE)
        if tokens[m].fig >= 0 or tokens[m].low in (".", ";", ":", ","):
            return None
    return None


SUFFERED = frozenset("suffered suffer suffers sustained sustain sustains took take takes".split())
INVERTED = frozenset("died perished drowned killed injured wounded".split())
COMMON_VERBS = frozenset("took take takes went go goes came come fell lay lie rose got ran saw sought "
                         "remain remains stay stayed spent spend face faces".split())
NP_END = frozenset("were was are is have has had remain remained died who whose which that said say says "
                   "told alone each".split())


def _compound(tokens: list[Token], j: int, limit: int) -> bool:
    """A noun follows: the word before it was a modifier ("refugee camps")."""
    if j >= limit or j >= len(tokens) or not tokens[j].is_word:
        return False
    idx = indexes()
    low = tokens[j].low
    if low in AUX or low in STOP or low in NP_PREPOSITIONS or low in NP_END or low in NP_BREAK:
        return False
    if match(tokens, j, idx["after"]) or match(tokens, j, idx["active"]) or match(tokens, j, idx["nouns"]):
        return False
    if match(tokens, j, idx["groups"]):
        return True  # "refugee camps", "police officers"
    if j >= 1 and tokens[j - 1].low in ("people", "persons", "men", "women", "children", "others", "residents"):
        return False  # "97 people continues": a plural noun modifies nothing
    # only a plural noun can follow a modifier here: "two police stations", not "men underground"
    return low.endswith("s") and len(low) > 3 and not low.endswith(("ss", "ous", "ly", "us", "is"))


# words between a figure and "bodies" that keep them corpses ("12 more charred bodies")
CORPSE_WORDS = frozenset(["more", "other", "additional", "further", "charred", "decomposed", "mutilated", "burned",
                          "burnt", "unidentified", "dead", "decomposing", "headless", "bullet-riddled", "of", "the",
                          "their", "new", "recovered", "partial", "human"])
PERSON_WORDS = frozenset(["persons", "others", "individuals", "adults", "humans", "souls"])


def _noun_phrase(tokens: list[Token], i: int, b: Binding) -> None:
    """Read the noun phrase after the figure at token i: head kind, group, outcome noun."""
    idx = indexes()
    lex = lexicon()
    j = i + 1
    if j < len(tokens) and tokens[j].low in ('"', "”", "’"):
        j += 1  # '"no more than ten" of its fighters'
    limit = min(len(tokens), j + 5)
    if j < len(tokens) and tokens[j].low in ("of",) and j + 1 < len(tokens):
        nxt = tokens[j + 1].low
        if nxt in ("those", "these") and j + 2 < len(tokens) and tokens[j + 2].fig >= 0:
            b.extra["of_figure"] = j + 2  # "Three of those four were taken to hospital"
            b.head, b.np_end = "of_figure", j + 3
            return
        if nxt in ("them", "whom", "which", "us", "those", "these"):
            b.head, b.np_end = "pronoun", j + 2
            b.extra["of_pronoun"] = nxt
            ghit = match(tokens, j + 2, idx["groups"])
            if ghit and ghit[1][0] == "group" and ghit[1][1] is not None:  # "eight of them children"
                b.group, b.explicit_group, b.np_end = ghit[1][1], True, j + 2 + ghit[0]
            return
        j += 1
        if tokens[j].low in ("the", "our", "their", "its", "his", "her", "these", "those", "my", "your") \
                or tokens[j].low.endswith(("'s", "’s")) and j + 1 < len(tokens) and tokens[j + 1].fig >= 0:
            b.extra["of_possessive"] = tokens[j].low not in ("the", "these", "those")
            j += 1
        if tokens[j - 1].low in ("the", "those", "these") and tokens[j].low.endswith(("'s", "’s")) \
                and j + 1 < len(tokens) and tokens[j + 1].fig >= 0:
            j += 1  # "about 9,000 of the town's 22,000 residents"
        if tokens[j - 1].low in ("the", "those", "these"):
            b.extra["of_the"] = j  # "Two of the injured": a subset
        limit = min(len(tokens), j + 5)
        if j < len(tokens) and tokens[j].fig >= 0:  # "Nine of the 14 dead"
            b.extra["of_figure"] = j
            b.head, b.np_end = "of_figure", j + 1
            return
    if j + 1 < len(tokens) and tokens[j].low in ("each", "from") and tokens[j + 1].low in ("from", "of", "the"):
        groups = _groups_after(tokens, j + 1)  # "two each from the coast guard and the police"
        if groups:
            b.head, b.np_end = "group", groups[-1][1]
            b.group, b.explicit_group = groups[0][0], True
            if tokens[j].low == "each" and len(groups) > 1:
                b.extra["each"] = [g for g, _ in groups]
            return
    while j < limit:
        tok = tokens[j]
        if not tok.is_word:
            break
        hit = match(tokens, j, idx["groups"])
        if hit and _compound(tokens, j + hit[0], limit):
            j += hit[0]  # "two refugee camps", "three police stations": a modifier
            continue
        if hit and not (tok.low in lex.nouns and match(tokens, j + 1, idx["groups"])):
            n, (kind, group) = hit
            if tok.low in ("member", "members", "personnel") and j + n < len(tokens) and tokens[j + n].low == "of":
                of = _groups_after(tokens, j + n)  # "one member of the coast guard"
                if of:
                    b.head, b.np_end = "group", of[0][1]
                    b.group, b.explicit_group = of[0][0], True
                    return
            b.head, b.np_end = ("generic" if kind == "group" and group is None else kind), j + n
            if kind == "group" and group is not None and not (b.extra.get("of_possessive") and group == "men"):
                b.group, b.explicit_group = group, True  # "nine of its own soldiers"; "eleven of our men": null
                b.implied = lex.implies.get(group)
            nxt = j + n
            if b.explicit_group and nxt + 1 < len(tokens) and tokens[nxt].low in ("and", "or"):
                other = match(tokens, nxt + 1, idx["groups"])
                if other and other[1][0] == "group" and other[1][1] not in (None, group):
                    b.group, b.explicit_group = None, False  # "70 men and boys": no one group
            # a noun can be followed by an outcome noun: "civilian deaths" is caught below
            nhit = match(tokens, j + n, idx["nouns"])
            if nhit and kind == "group" and tokens[j + n].low not in ("dead", "injured", "wounded", "killed", "missing"):
                b.outcome, b.rule = nhit[1], "noun"
                b.np_end = j + n + nhit[0]
            return
        nhit = match(tokens, j, idx["nouns"])
        loss = i >= 2 and tokens[i - 1].low == "of" and tokens[i - 2].low in ("loss", "losses")  # "the loss of 400 lives"
        if nhit and tok.low == "lives" and (i == 0 or tokens[i - 1].low not in LIVES_VERBS) and not loss:
            nhit = None  # "the 17-million population lives below the poverty line"
        if nhit and j + 1 < len(tokens) and tokens[j + 1].low.endswith("ing") and tokens[j + 1].is_word:
            nhit = None  # "the two bodies generating income": a noun with a participle is no toll
        if nhit and tok.low in ("bodies", "body") and any(
                tokens[m].low not in CORPSE_WORDS and not match(tokens, m, idx["modifiers"]) for m in range(i + 1, j)):
            nhit = None  # "five leading research bodies": organisations
            b.head, b.np_end = "thing", j + 1
            return
        if nhit:
            ahit = match(tokens, j, idx["adjectives"])
            if ahit and (match(tokens, j + ahit[0], idx["groups"]) or match(tokens, j + ahit[0], idx["modifiers"])):
                b.extra["adjective"] = ahit[1]
                j += ahit[0]
                continue
            after = j + ahit[0] if ahit else j
            if ahit and after < len(tokens) and tokens[after].is_word and not tokens[after].is_capitalised \
                    and tokens[after].low.endswith("s") and tokens[after].low not in AUX | STOP | NP_PREPOSITIONS | NP_END \
                    and not match(tokens, after, idx["nouns"]) and not match(tokens, after, idx["after"]) \
                    and not match(tokens, after, idx["active"]) and tokens[after].low not in PERSON_WORDS:
                b.head, b.np_end = "unknown", after + 1  # "the two missing pieces": no people
                return
            b.head, b.np_end, b.outcome, b.rule = "outcome", j + nhit[0], nhit[1], "noun"
            k = b.np_end
            if k + 1 < len(tokens) and tokens[k].low == "among":  # "37 deaths among children"
                ghit = match(tokens, k + 1, idx["groups"])
                if ghit and ghit[1][0] == "group" and ghit[1][1] is not None:
                    b.group, b.explicit_group = ghit[1][1], True
            return
        ahit = match(tokens, j, idx["adjectives"])
        if ahit:
            b.extra["adjective"] = ahit[1]
            j += ahit[0]
            continue
        mhit = match(tokens, j, idx["modifiers"])
        if mhit:
            b.group = b.group or mhit[1]
            j += mhit[0]
            continue
        if tok.low in NP_BREAK:
            break
        if tok.low in ("more", "other", "additional", "further", "else", "others"):
            if tok.low == "more":
                b.extra["more"] = True
            if tok.low == "others":
                b.head, b.np_end = "generic", j + 1
                return
            j += 1
            continue
        if tok.low in ("confirmed", "reported", "presumed", "suspected") and j + 1 < limit \
                and any(match(tokens, m, idx["nouns"]) for m in (j + 1, j + 2)):
            j += 1  # "212 confirmed heat deaths"
            continue
        if tok.low in AUX or tok.low in STOP or match(tokens, j, idx["after"]) or match(tokens, j, idx["active"]):
            break
        if tok.low in NP_PREPOSITIONS:
            break
        # an unknown word right after the count may be its verb: "95,000 took refuge in ..."
        coordinated = j + 2 < len(tokens) and tokens[j + 1].low in ("and", "or") and tokens[j + 2].low.endswith("ed")
        if j == i + 1 and (tok.low.endswith("ed") or tok.low in COMMON_VERBS) and not tok.is_capitalised \
                and "-" not in tok.low and not coordinated \
                and not any(match(tokens, m, idx["groups"]) or match(tokens, m, idx["nouns"]) for m in (j + 1, j + 2)):
            break  # (but "13,000 flattened and damaged houses" is a noun phrase)
        if coordinated and j + 3 < len(tokens) and tokens[j + 3].is_word and tokens[j + 3].low.endswith("s") \
                and not match(tokens, j + 3, idx["groups"]) and not match(tokens, j + 3, idx["nouns"]):
            b.head, b.np_end = "unknown", j + 4  # "13,000 flattened and damaged houses": things
            return
        # an unknown word: an adjective if a noun follows, else the head
        if j + 1 < limit and tokens[j + 1].is_word and tokens[j + 1].low not in AUX | STOP | NP_PREPOSITIONS | NP_END:
            nxt_group = match(tokens, j + 1, idx["groups"]) or match(tokens, j + 1, idx["nouns"])
            nxt_low = tokens[j + 1].low
            verbish = nxt_low.endswith(("ing", "ly")) or nxt_low.endswith("ed") and len(nxt_low) > 4 \
                and not nxt_low.endswith("eed") and nxt_low not in ("related", "linked", "induced")
            # "speed boats", "red tape": no verbs; "53 measles related deaths": a compound
            if nxt_group or not verbish:
                j += 1
                continue
        low = tok.low
        person = tok.is_capitalised or low.endswith(PERSON_SUFFIXES) and low not in NOT_PERSON_PLURALS  # "12 skiers"
        b.head, b.np_end = ("generic" if person else "unknown"), j + 1
        if (not tok.is_capitalised or low.endswith(("ers", "ors", "ists", "ees"))) and low.endswith("s") \
                and len(low) > 3 and not b.extra.get("of_possessive"):
            b.extra["noun"] = low  # a group the vocabulary lacks keeps its own name: "five skiers"
            mixed = j + 2 < len(tokens) and tokens[j + 1].low in ("and", "or") \
                and match(tokens, j + 2, idx["groups"]) is not None  # "passengers and crew": no one group
            if person and not mixed:
                b.group, b.explicit_group = low, True
        return
    b.np_end = max(j, i + 1) if b.head != "none" else i + 1


def _groups_after(tokens: list[Token], j: int) -> list[tuple[str, int]]:
    """Groups named from token j: "from the Armed Forces", "of the coast guard and the national
    police" -> [(group, token after it), ...]."""
    idx = indexes()
    out: list[tuple[str, int]] = []
    if j < len(tokens) and tokens[j].low in ("from", "of"):
        j += 1
    while j < len(tokens):
        if tokens[j].low in ("the", "its", "their"):
            j += 1
        hit = match(tokens, j, idx["groups"])
        if not hit or hit[1][0] != "group" or hit[1][1] is None:
            break
        out.append((hit[1][1], j + hit[0]))
        j += hit[0]
        if j + 1 < len(tokens) and tokens[j].low in ("and", ","):
            j += 1
            continue
        break
    return out


def _sufferer(tokens: list[Token], i: int, b: Binding) -> None:
    """ "Iraqi troops had suffered 3,000 casualties": the group is the subject's."""
    j = i - 1
    while j >= 0 and tokens[j].low in SKIP_BEFORE:
        j -= 1
    if j < 0 or tokens[j].low not in SUFFERED:
        return
    k = j - 1
    while k >= 0 and tokens[k].low in AUX:
        k -= 1
    for start in range(max(0, k - 2), k + 1):
        ghit = match(tokens, start, indexes()["groups"])
        if ghit and start + ghit[0] == k + 1 and ghit[1][0] == "group" and ghit[1][1] is not None:
            b.group, b.explicit_group = ghit[1][1], True
            return


# an outcome verb after these is a threat, a plan or a forecast, not a count of victims
INTENT = frozenset(["threaten", "threatened", "threatens", "threatening", "vow", "vowed", "vows", "vowing", "plan",
                    "planned", "plans", "planning", "plot", "plotted", "plotting", "try", "tried", "tries", "trying",
                    "attempt", "attempted", "attempting", "want", "wanted", "wants", "seek", "sought", "seeking",
                    "intend", "intended", "intends", "aim", "aimed", "aiming", "promise", "promised", "pledged",
                    "able", "enough", "capable"])
MODALS = frozenset(["could", "would", "might", "may", "will", "can", "should", "must", "shall"])
_NEGATED_MODALS = frozenset(["n't", "not", "cannot", "can't", "won't", "couldn't", "wouldn't", "can’t", "won’t",
                             "couldn’t", "wouldn’t", "to"])


def _unrealised(tokens: list[Token], verb: int) -> bool:
    """True when the outcome verb at `verb` is only threatened, planned or foreseen."""
    k = verb - 1
    while k >= 0 and tokens[k].low in ('"', "“", "'", "‘"):
        k -= 1
    if k < 0:
        return False
    if tokens[k].low == "to":
        return k >= 1 and tokens[k - 1].low in INTENT
    if tokens[k].low == "have" and k >= 1 and tokens[k - 1].low in ("could", "would"):
        return True  # "the bomb would have killed hundreds"; "may have killed 30" stays an estimate
    if tokens[k].low in ("potentially", "possibly", "eventually"):
        k -= 1
    return k >= 0 and tokens[k].low in MODALS


def _left(tokens: list[Token], i: int, b: Binding) -> None:
    """Outcome verbs before the figure: "killing 18", "rescued 61", "the bodies of 7"."""
    idx = indexes()
    j = i - 1
    while j >= 0 and (tokens[j].low in ('"', "“", "'", "‘") or tokens[j].low in SKIP_BEFORE):
        j -= 1
    if is_phrase(tokens, j - 2, ("a", "total", "of")):
        j -= 3
    if j < 0:
        return
    if tokens[j].low in ("are", "were", "is", "was", "included", "include"):
        # "Among the 21 dead in Lenz province are two volunteers": the frame gives the outcome
        for k in range(j - 1, max(-1, j - 12), -1):
            if tokens[k].low in (".", ";", ":", ","):
                break
            if tokens[k].low == "among" and k + 1 < j and tokens[k + 1].low in ("the", "those"):
                for m in range(k + 2, j):
                    hit = match(tokens, m, idx["nouns"]) or match(tokens, m, idx["after"])
                    if hit:
                        b.outcome, b.rule = hit[1], "among"
                        return
                break
    if tokens[j].low == ":" and j >= 1 and (j == 1 or not tokens[j - 2].is_word):
        label = match(tokens, j - 1, idx["nouns"]) or match(tokens, j - 1, idx["after"])
        if label and label[0] == 1:  # "- Deaths: 21 - Injured: 260": a label and its figure
            b.outcome, b.rule = label[1], "label"
            return
    # "the bodies of seven others", "the killings of more than 4,000"
    if tokens[j].low == "of":
        k = j - 1
        for start in range(max(0, k - 2), k + 1):
            hit = match(tokens, start, idx["of_nouns"])
            if hit and start + hit[0] == j:
                b.outcome, b.rule = hit[1], "of_noun"
                if tokens[start].low in ("bodies", "body") and any(
                        tokens[m].low in ("trapped", "unaccounted") for m in range(b.np_end, min(len(tokens), b.np_end + 6))):
                    b.outcome = "missing"  # "the search for the bodies of 169 migrants believed to be trapped"
                return
    for start in range(max(0, j - 4), j + 1):
        neg = match(tokens, start, idx["not_active"])
        if neg and start + neg[0] == j + 1:
            b.negative, b.rule = True, "not_active"
            return
        hit = match(tokens, start, idx["active"])
        if hit and start + hit[0] == j + 1:
            if tokens[start].low in WEAK_VERBS and b.head not in ("group", "generic"):
                return  # "lost one", "held two debates": people must be named
            if _unrealised(tokens, start):
                b.negative, b.rule = True, "unrealised"  # "threatened to kill dozens", "could displace thousands"
                return
            if tokens[start].low in ("jailed", "jail", "jails", "imprisoned", "sentenced") and any(
                    tokens[m].low in ("years", "year", "months", "life") for m in range(b.np_end, min(len(tokens), b.np_end + 5))):
                b.negative, b.rule = True, "sentence"  # "jailed three smugglers for 18 years": convicts
                return
            b.outcome, b.rule = hit[1], "active"
            b.extra["verb"] = tokens[start].low
            return
    if tokens[j].low in ("were", "was", "are") and j >= 1 and tokens[j - 1].low in INVERTED and b.head in ("group", "generic"):
        b.outcome, b.rule = lexicon().after[tokens[j - 1].low], "inverted"  # "Wounded were 45 persons"
        return
    if tokens[j].low in INVERTED and b.head in ("group", "generic") and (j == 0 or tokens[j - 1].low not in AUX):
        # translated word order: "In the attack died 30 people", "were injured 12 civilians"
        hit = match(tokens, j, indexes()["after"])
        if hit and j + hit[0] == i:
            b.outcome, b.rule = hit[1], "inverted"
            return
    ends = b.np_end >= len(tokens) or tokens[b.np_end].low in (".", ",", ";", ":", ")") \
        or tokens[b.np_end].low in NP_PREPOSITIONS
    listed = ends or b.np_end < len(tokens) and tokens[b.np_end].low in ("and", "or")  # "three girls and a boy"
    if (tokens[j].low == "," and listed or tokens[j].low == "and" and ends) and b.head in ("generic", "group"):
        # "bomb kills photojournalist, at least five others": the last item of an object list
        for k in range(j - 1, max(-1, j - 8), -1):
            tok = tokens[k]
            if tok.fig >= 0 or not tok.is_word and tok.low != ",":
                break
            if tok.low in STOP and tok.low != "and":
                break
            hit = match(tokens, k, indexes()["active"])
            if hit and k >= 1 and tokens[k - 1].low in ("been", "being", "was", "were"):
                break  # "three were killed so far, a few others ...": a passive verb takes no object list
            if hit and k + hit[0] < j and (tokens[k].low not in WEAK_VERBS or b.head in ("group", "generic")):
                b.outcome, b.rule = hit[1], "active"
                b.extra["verb"] = tokens[k].low
                return
    if tokens[j].low in ("left", "leaving", "leaves", "leave"):  # "left 5 missing"
        k = b.np_end
        hit = match(tokens, k, idx["after"])
        if hit:
            b.outcome, b.rule = hit[1], "left"
    if tokens[j].low in ("bringing", "brings", "brought", "bring") or is_phrase(tokens, j - 1, ("brings", "to")) \
            or is_phrase(tokens, j - 1, ("bringing", "to")) or is_phrase(tokens, j - 1, ("brought", "to")):
        b.update, b.rule = False, "brings"
        b.extra["brings"] = True


def _rate_after(tokens: list[Token], j: int) -> bool:
    """ "a year", "per month", "each day", "annually" within a few words of token j."""
    for k in range(j, min(len(tokens) - 1, j + 4)):
        if tokens[k].low in ("a", "per", "each", "every") and tokens[k + 1].low in ("year", "month", "week", "day"):
            return True
        if tokens[k].low in ("annually", "yearly", "monthly", "daily"):
            return True
    return False


def _forecast(tokens: list[Token], i: int) -> bool:
    """ "could rise to 20", "is expected to climb to 50", "may exceed 100": a figure foreseen."""
    k = i - 1
    if k >= 0 and tokens[k].low == "to" and k >= 1 and tokens[k - 1].low in ("rise", "climb", "increase", "grow", "go"):
        k -= 1
    elif not (k >= 0 and tokens[k].low in ("reach", "exceed", "top", "surpass", "hit")):
        return False
    k -= 1
    if k >= 0 and tokens[k].low in ("further", "still", "even"):
        k -= 1
    if k >= 0 and tokens[k].low in MODALS:
        return True
    return k >= 1 and tokens[k].low == "to" and tokens[k - 1].low in ("expected", "likely", "set", "projected", "forecast")


def _toll(tokens: list[Token], i: int, b: Binding) -> None:
    """"the death toll rose to 112", "put the number of injured at 23"."""
    idx = indexes()
    lex = lexicon()
    j = i - 1
    if _forecast(tokens, i):
        b.negative, b.rule = True, "forecast"  # "the toll could rise to 20"
        return
    while j >= 0 and tokens[j].low in OPEN_QUOTES:
        j -= 1  # the toll could be in the "thousands"
    if j >= 1 and tokens[j].low == "the" and tokens[j - 1].low == "in" and tokens[i].text.endswith("s"):
        j -= 2  # "the toll is in the thousands"
    if j >= 1 and tokens[j].low == "be" and (tokens[j - 1].low in MODALS or j >= 2 and tokens[j - 1].low == "well"
                                             and tokens[j - 2].low in MODALS):
        j -= 1  # "the final toll could be in the thousands": a source's estimate of who has died, a claim
        estimate = True
    else:
        estimate = False
    # "death tolls exceeded 100": the hedge is the link
    verb_hedge = i < len(tokens) and tokens[i].text.split()[0].lower() in HEDGE_VERBS
    # "from fourteen to 31": the earlier figure of an update has the toll's outcome too
    update_from = j >= 0 and tokens[j].low == "from" and any(
        tokens[m].low == "to" and m + 1 < len(tokens) and tokens[m + 1].fig >= 0 for m in range(i + 1, min(len(tokens), i + 4)))
    if j < 0 or tokens[j].low not in TOLL_LINKS and tokens[j].low not in ("rose", "climbed", "reached") \
            and not verb_hedge and not update_from and not estimate:
        return
    for k in range(j - (0 if verb_hedge and tokens[j].low not in TOLL_LINKS else 1), max(-1, j - 22), -1):
        if tokens[k].fig >= 0 and k >= 1 and tokens[k - 1].low == "from":
            continue  # "the toll rose from fourteen to 31": look past the earlier figure
        if tokens[k].fig >= 0 or tokens[k].low in (";", ".", "—", ":"):
            return
        if tokens[k].low in ("figure", "tally", "count", "total") and k >= 2 \
                and tokens[k - 1].low in ("the", "its", "their", "his", "her") and tokens[j].low == "at" \
                and tokens[k - 2].low in ("put", "puts", "putting", "set", "sets", "placed", "places"):
            b.extra["context_toll"] = True  # "put the figure at 381": the toll the sentence before gave
            return
        hit = match(tokens, k, idx["toll"])
        if hit:
            b.outcome, b.rule = hit[1], "toll"
            b.extra["toll"] = " ".join(t.low for t in tokens[k:k + hit[0]])
            ghit = match(tokens, k + hit[0], idx["groups"])
            if ghit and ghit[1][0] == "group" and ghit[1][1] is not None:  # "number of injured officers"
                b.group, b.explicit_group = ghit[1][1], True
            for m in range(max(0, k - 2), k):
                mod = match(tokens, m, idx["modifiers"])
                if mod:
                    b.group, b.explicit_group = mod[1], True
            if tokens[k].low == "toll" and k > 0 and tokens[k - 1].low in lex.modifiers:
                b.group, b.explicit_group = lex.modifiers[tokens[k - 1].low], True
            return
        if tokens[k].low in COUNT_WORDS and any(tokens[m].low.startswith("bring") or tokens[m].low == "brought"
                                                 for m in range(max(0, k - 3), k)):
            b.extra["brings"] = True  # "bringing the total since January to 52,000"
            return
        # "the number of confirmed deaths ... has climbed to 1,021", "Heatwave Deaths Rise To 63"
        noun = match(tokens, k, idx["nouns"]) or match(tokens, k, idx["after"])
        if noun and (any(tokens[m].low in COUNT_WORDS | PUT_VERBS for m in range(max(0, k - 6), k))
                     or any(tokens[m].low in RISE_VERBS for m in range(k + noun[0], min(len(tokens), k + noun[0] + 3)))):
            b.outcome, b.rule = noun[1], "toll"
            return
        if tokens[k].low in ("it", "figure", "tally", "total") and k + 1 < len(tokens) \
                and any(tokens[m].low in RISE_VERBS for m in range(k + 1, min(j + 1, k + 5))):
            b.extra["brings"] = True  # "By Monday it had climbed to 26", "a figure that rose to 187"
            return


def _predicate_group(tokens: list[Token], m: int):
    """The group a predicate names at token m: "were male police officers" -> police, not men."""
    ghit = match(tokens, m, indexes()["groups"])
    if ghit and tokens[m].low in ("male", "female"):
        noun = match(tokens, m + 1, indexes()["groups"])
        if noun and noun[1][0] == "group" and noun[1][1] is not None:
            return (noun[0] + 1, noun[1])
    return ghit


def _predicate(tokens: list[Token], b: Binding, j: int, end: int) -> None:
    """After an outcome: "... were students", or "... had been released" (no claim)."""
    idx = indexes()
    for k in range(j, min(end, j + 8)):
        tok = tokens[k]
        if tok.fig >= 0 or tok.low in (",", ";", ".", "but"):
            return
        if b.outcome in ("captured", "detained", "missing") and match(tokens, k, idx["not_later"]):
            b.negative, b.rule = True, "not_after"
            return
        if tok.low in ("were", "are", "was", "is") and not b.explicit_group:
            # "were students", "were reportedly contract employees", "were of children"
            for m in range(k + 1, min(end, k + 7)):
                if tokens[m].low == "from" and m + 1 < end and tokens[m + 1].low in ("overseas", "abroad"):
                    b.group, b.explicit_group = "foreigners", True  # "Four of the dead were from overseas"
                    return
                ghit = _predicate_group(tokens, m)
                if ghit and ghit[1][0] == "group" and ghit[1][1] is not None:
                    b.group, b.explicit_group = ghit[1][1], True
                    return
                low = tokens[m].low
                if not tokens[m].is_word and low not in ("&", "-", "'s", "’s") or low in STOP or low in AUX and m > k + 1 \
                        or low in NP_PREPOSITIONS and low != "of" or low.endswith(("ed", "ing")):
                    break


_VICTIMS_VERBS = frozenset(["were", "are", "included", "include", "came", "hailed"])


def _victims_subject(tokens: list[Token], i: int, b: Binding) -> bool:
    """The figure counts victims and is its clause's subject: "Three of the victims were ..."."""
    end = b.np_end
    return b.head == "generic" and tokens[end - 1].low == "victims" and end < len(tokens) \
        and tokens[end].low in _VICTIMS_VERBS and not (i > 0 and tokens[i - 1].low in PREPOSITIONS)


def _after(tokens: list[Token], b: Binding, end: int, skip: dict[int, int]) -> None:
    """Outcome phrases after the noun phrase: "were killed", "remain missing", "fled"."""
    idx = indexes()
    lex = lexicon()
    j = b.np_end
    unknown = 0
    if j + 1 < end and tokens[j].low in ("might", "may", "could") and tokens[j + 1].low == "be" \
            and j + 2 < end and match(tokens, j + 2, idx["after"]) is not None and b.head in ("none", "pronoun"):
        b.negative, b.rule = True, "speculative"  # "one or more might be trapped": a guess, no count
        return
    while j < end:
        tok = tokens[j]
        if tok.fig >= 0 and j in skip:  # "residents of three neighbouring blocks had been moved"
            place = match(tokens, j + 1, idx["after"])
            if place and tokens[j - 1].low in ("in", "into", "to", "at"):  # "staying in 64 evacuation centres"
                b.outcome, b.rule = place[1], "after"
                return
            j = skip[j]
            continue
        if tok.low == "aged":  # "two children aged 4 and 7 were orphaned"
            j += 1
            while j < end and (tokens[j].text.isdigit() or tokens[j].low in ("and", "to", "between", "from", "-", "or")):
                j += 1
            continue
        if tok.low == "(":  # "Seven people (five adults and two children) died"
            close = next((m for m in range(j + 1, min(end, j + 16)) if tokens[m].low == ")"), None)
            if close is None:
                return
            j = close + 1
            continue
        if tok.low == ")":
            j += 1
            continue
        if tok.fig >= 0 or tok.low in (";", ":", "—", "–"):
            return
        if tok.low in lex.speech_verbs and j >= b.np_end and tokens[j - 1].low != "," and tokens[j - 1].low not in AUX \
                and tok.low != "reported" and not (j + 1 < end and (tokens[j + 1].low == "to"
                                                                    or match(tokens, j + 1, idx["after"]))):
            return  # "One tea broker said the move had affected ...": the clause after is another's
        if tok.low == ",":
            # skip an appositive: ", both members of the crew,", ", including six children,",
            # ", 12 of them children," (its own figures are bound on their own)
            subset = j + 1 < end and (
                phrase_before(tokens, j + 2, INCLUDE) or phrase_before(tokens, j + 3, INCLUDE)
                or (tokens[j + 1].fig >= 0 and j + 3 < end and tokens[j + 2].low == "of"
                    and tokens[j + 3].low in ("them", "whom"))
                or (j + 2 < end and tokens[j + 1].low == "of" and tokens[j + 2].low in ("them", "whom"))
            )
            members = None
            if not subset:  # "Four people, two soldiers and two civilians, were killed": the members
                m = next((q for q in range(j + 1, min(end, j + 16)) if tokens[q].low in (",", ";", ".", ":")), None)
                if m is not None and tokens[m].low == "," and m + 1 < end \
                        and any(tokens[q].low == "and" for q in range(j + 1, m)) \
                        and any(tokens[q].fig >= 0 for q in range(j + 1, m)) \
                        and (tokens[m + 1].low in AUX or match(tokens, m + 1, idx["after"])):
                    members = (j + 1, m)
            k = j + 1
            while k < end and k - j < 12 and tokens[k].low != "," and (tokens[k].fig < 0 or subset or members):
                k += 1
            if members:
                b.extra["members"] = members
            if subset:  # "114 people, including A, B and C, have been arrested": the list's closing comma
                m = k
                while m < end and m - j < 30:
                    if tokens[m].low == "," and m + 1 < end and (tokens[m + 1].low in AUX
                                                                 or match(tokens, m + 1, idx["after"])):
                        k = m
                        break
                    if tokens[m].low in (";", ".", ":"):
                        break
                    m += 1
            if k < end and tokens[k].low == "," and (k - j < 12 or subset) and j + 1 < end and tokens[j + 1].low not in ("and", "but", "while"):
                j = k + 1
                continue
            return
        where = match(tokens, j, idx["where"])
        if where:  # "No one aboard the train was hurt"
            j += where[0]
            continue
        neg = match(tokens, j, idx["not_after"])
        if neg and j > 0 and tokens[j - 1].low in ("who", "that"):
            nxt = next((m for m in range(j + neg[0], min(end, j + 10)) if tokens[m].low in ("were", "was", "are", "is")
                        and m + 1 < end and (match(tokens, m + 1, idx["after"]) or tokens[m + 1].low in AUX)), None)
            if nxt is not None:  # "Seven of the miners who escaped were taken to hospital": the clause is over
                j = nxt
                continue
        if neg:
            b.negative, b.rule = True, "not_after"
            return
        if is_phrase(tokens, j, ("among", "the")) or is_phrase(tokens, j, ("among", "those")):
            k = j + 2
            hit = None
            if k < end and tokens[k].fig >= 0:  # "were among the 30 tourists injured"
                b.extra["among_figure"] = k
                for m in range(k + 1, min(end, k + 4)):
                    hit = match(tokens, m, idx["after"]) or match(tokens, m, idx["nouns"])
                    if hit:
                        k = m
                        break
            hit = hit or match(tokens, k, idx["after"]) or match(tokens, k, idx["nouns"]) or match(tokens, k, idx["adjectives"])
            if hit:
                b.outcome, b.rule = hit[1], "among"
                b.extra["among"] = True
                _predicate(tokens, b, k + hit[0], end)
            return
        hit = match(tokens, j, idx["after"])
        if hit and j > 0 and tokens[j - 1].low in ("the", "a", "an", "his", "her", "their", "its") and hit[0] == 1 \
                and j + 1 < end and tokens[j + 1].is_word and tokens[j + 1].low not in STOP | AUX | NP_PREPOSITIONS:
            hit = None  # "saw the twelve with the dead jackal"
        if hit and hit[1] == "affected" and tokens[j].low in ("in", "need"):
            return  # "140,000 people are in need of assistance": an appeal's planning figure ("left ... in need" is read in _left)
        if hit and j > 0 and (tokens[j - 1].low in MODALS or tokens[j - 1].low in _NEGATED_MODALS) \
                and match(tokens, j, idx["active"]) and not tokens[j].low.endswith("ed"):
            return  # "recruit 25,000 people who can't arrest anyone": they would be the agents
        if hit:
            active = match(tokens, j, idx["active"])
            nxt = j + hit[0]
            if active and nxt < end and (tokens[nxt].fig >= 0 or tokens[nxt].low == "at" and nxt + 1 < end
                                         and tokens[nxt + 1].low in ("least", "most")):
                b.extra["agent"] = True  # "gunmen killed 5": the figure is the attacker
                return
            b.outcome, b.rule = hit[1], "after"
            _predicate(tokens, b, nxt, end)
            return
        if tok.low == "since" and j + 1 < end and match(tokens, j + 1, idx["after"]):
            j += 1  # "300 families have since fled"
            continue
        if match(tokens, j, idx["active"]) or (tok.low in STOP and tok.low not in ("as",)):
            if tok.low == "and" and j + 1 < end and (match(tokens, j + 1, idx["after"])):
                j += 1
                continue
            if tok.low == "and" and j + 2 < end and tokens[j + 1].fig >= 0:
                # "one person in the Philippines and one in Hong Kong have died": both died
                k = j + 2
                while k < end and k - j < 9 and tokens[k].fig < 0 and tokens[k].low not in AUX | STOP \
                        and not match(tokens, k, idx["after"]) and not match(tokens, k, idx["active"]):
                    k += 1
                if k > j + 2 and k < end and tokens[k].low in ("were", "have", "are", "had"):
                    j = k  # (an elliptical noun phrase stands between: "22 were women" has none)
                    continue
            det = 1 if tok.low == "and" and j + 2 < end and tokens[j + 1].low in ("a", "an", "the", "one") else 0
            ghit = match(tokens, j + 1 + det, idx["groups"]) if tok.low == "and" and j + 1 < end else None
            if ghit and ghit[1][0] in ("group", "generic") and (j + 1 + det + ghit[0] >= end
                                                                or tokens[j + 1 + det + ghit[0]].fig < 0):
                j += 1 + det + ghit[0]  # "32 of the 543 passengers and crew", "two soldiers and a civilian were killed"
                continue
            return
        if tok.low in ("were", "are", "was", "is") and j + 1 < end:
            k = j + 1
            if k + 2 < end and tokens[k].low in ("believed", "thought", "said", "feared") and tokens[k + 1].low == "to" \
                    and tokens[k + 2].low == "be":
                k += 3  # "of whom 6 were believed to be children"
            ghit = _predicate_group(tokens, k)
            if ghit and ghit[1][0] == "group" and ghit[1][1] is not None:  # "310 were children"
                b.group, b.explicit_group = ghit[1][1], True
                b.extra["predicate_group"] = True
                j = k + ghit[0]
                continue
        if tok.low in AUX or tok.low in ("not", "in", "on", "the", "a", "to", "from", "by", "of"):
            j += 1
            continue
        unknown += 1
        if unknown > 5 or tok.low in lex.speech_verbs:
            return
        j += 1


_FOUND_WORDS = frozenset("recovered found retrieved pulled located discovered".split())


def bind(tokens: list[Token], figures: list[Figure]) -> dict[int, Binding]:
    """Bindings for every figure token of one sentence (token index -> Binding)."""
    bindings: dict[int, Binding] = {}
    for i, tok in enumerate(tokens):
        if tok.fig >= 0:
            b = Binding(token=i)
            _noun_phrase(tokens, i, b)
            bindings[i] = b
    for i, b in bindings.items():
        if b.head == "none" and i >= 1 and (i - 1 == 0 or tokens[i - 2].low in (",", ":", ";", "and", "—", "–", "are", "were", "include", "included")):
            ghit = match(tokens, i - 1, indexes()["groups"])  # translated lists: "children 6, women 4"
            if ghit and ghit[0] == 1 and ghit[1][0] == "group" and ghit[1][1] is not None \
                    and tokens[i - 1].low.endswith(("s", "men", "children", "police")):
                b.head, b.group, b.explicit_group = "group", ghit[1][1], True
                b.extra["pre_noun"] = i - 1
    skip = {i: b.np_end for i, b in bindings.items() if b.head in ("thing", "unknown")}
    previous: Binding | None = None
    idx_not_after = indexes()["not_after"]
    idx_groups = indexes()["groups"]
    for i, b in bindings.items():
        fig = figures[tokens[i].fig]
        if b.head == "not_victim" and tokens[b.np_end - 1].low == "survivors":
            _after(tokens, b, len(tokens), skip)  # "149 of the survivors have been hospitalised"
            if b.outcome == "injured":
                b.head, b.group = "generic", None
                previous = b
                continue
            b.outcome = None
        if b.head in ("thing", "not_victim"):
            b.negative, b.rule = True, "not_people"
            continue
        if b.head == "unknown" and fig.negated:
            b.negative, b.rule = True, "not_people"  # "no contact with the team"
            previous = b
            continue
        if b.head == "unknown":  # "30 cows": people only if an outcome verb says so
            _after(tokens, b, len(tokens), skip)
            if not b.outcome:
                _left(tokens, i, b)
            if b.outcome and b.rule in ("after", "among", "active") and b.extra.get("noun") \
                    and b.extra["noun"] in person_plurals():
                b.head = "generic"  # "detained 4 stadium stewards": a plural noun that suffered
                b.group, b.explicit_group = b.extra["noun"], True
            elif b.outcome and b.rule in ("after", "among") and not b.extra.get("noun"):
                b.head = "generic"
            else:
                b.outcome, b.rule = None, "not_people"
            previous = b
            continue
        if fig.low == fig.high == 1 and i > 0 and tokens[i - 1].low in PREPOSITIONS:
            b.negative, b.rule = True, "determiner"  # "members of one family"
            continue
        if b.extra.get("more") and not b.explicit_group and previous is not None and previous.explicit_group \
                and not phrase_before(tokens, previous.token, INCLUDE):
            b.group, b.explicit_group = previous.group, True  # "27 insurgents ... scores more"
        if not b.outcome and b.extra.get("adjective"):
            b.outcome, b.rule = b.extra["adjective"], "adjective"
            if b.outcome == "injured":  # "two injured women later died": what became of them
                later = Binding(token=i, np_end=b.np_end)
                _after(tokens, later, len(tokens), skip)
                if later.outcome == "killed" and not later.negative:
                    b.outcome, b.rule = "killed", "after"
        if b.head == "outcome" and not b.explicit_group:
            _sufferer(tokens, i, b)
        if fig.negated and b.head == "outcome" and tokens[b.np_end - 1].low in ("bodies", "body", "remains") \
                and any(tokens[m].low in _FOUND_WORDS for m in range(b.np_end, min(len(tokens), b.np_end + 10))):
            b.outcome, b.negative, b.rule = None, True, "no_bodies"  # "no bodies were found": no toll of 0
            previous = b
            continue
        if b.head == "outcome" and not b.explicit_group and tokens[b.np_end - 1].low in ("bodies", "body", "remains") \
                and b.np_end < len(tokens) and tokens[b.np_end].low == "of":
            k = b.np_end + 1  # "no bodies of any terrorist suspects", "the bodies of three gunmen"
            while k < len(tokens) and tokens[k].low in ("the", "any", "their", "some", "all", "its"):
                k += 1
            ghit = match(tokens, k, idx_groups) if k < len(tokens) else None
            if ghit is None and k + 1 < len(tokens):
                ghit = match(tokens, k + 1, idx_groups)  # "terrorist suspects": the noun after a modifier
            if ghit and ghit[1][0] == "group" and ghit[1][1] is not None:
                b.group, b.explicit_group = ghit[1][1], True
        if b.rule == "noun" and any(match(tokens, m, idx_not_after) for m in range(b.np_end, min(len(tokens), b.np_end + 5))
                                    if tokens[m].low not in (",", ";")):
            b.negative, b.rule = True, "not_after"  # "several bodies had been counted twice"
        inner = i >= 3 and (tokens[i - 1].low in ("the", "its", "their", "his", "her", "those", "these")
                            or tokens[i - 1].low.endswith(("'s", "’s"))) \
            and tokens[i - 2].low == "of" and tokens[i - 3].fig >= 0 \
            or i >= 4 and tokens[i - 1].low.endswith(("'s", "’s")) and tokens[i - 2].low == "the" \
            and tokens[i - 3].low == "of" and tokens[i - 4].fig >= 0  # "9,000 of the town's 22,000"
        if inner:  # "one of its eight crew members was killed": eight is the crew, not a toll
            previous = b
            continue
        if not b.outcome:
            _left(tokens, i, b)
        if not b.outcome and not b.negative:
            _toll(tokens, i, b)
        if not b.outcome and not b.negative:
            _after(tokens, b, len(tokens), skip)
        if phrase_before(tokens, i, UPDATE_WORDS) and b.rule not in ("noun",):
            b.update = True
        if not b.outcome and b.implied and not b.negative and not b.update:
            b.outcome, b.rule = b.implied, "implied"
        if b.rule == "noun" and "of_the" in b.extra and b.head == "outcome":
            later = Binding(token=i, np_end=b.np_end)  # "One of the injured died": the later outcome
            _after(tokens, later, len(tokens), skip)
            if later.outcome and later.outcome != b.outcome and not later.negative:
                b.extra["subset_of"] = b.outcome
                b.outcome, b.rule = later.outcome, "after"
        if not b.outcome and not b.negative and _victims_subject(tokens, i, b):
            # "Three of the victims were police officers", "four victims were from one family": the
            # document's victims (pipeline._victims reads their outcome from the claims before)
            b.outcome, b.rule = "killed", "victims"
        inner = is_phrase(tokens, i - 2, ("of", "the"))  # "Nine of the 14 dead were students"
        if b.outcome and b.rule in ("noun", "adjective", "victims") and not b.explicit_group and not inner:
            _predicate(tokens, b, b.np_end, len(tokens))  # "Seven of the dead were fishermen"
        previous = b
    for b in bindings.values():  # "treats more than 400,000 patients a year": a clinic's workload
        if b.outcome == "injured" and b.group == "patients" and _rate_after(tokens, b.np_end):
            b.outcome, b.negative, b.rule = None, True, "rate"
    for b in list(bindings.values()):  # the members of "Four people, two soldiers and two civilians, died"
        if b.outcome and "members" in b.extra:
            a, z = b.extra["members"]
            for t in range(a, z):
                m = bindings.get(t)
                if m is not None and not m.outcome and not m.negative and m.head in ("group", "generic"):
                    m.outcome, m.rule = b.outcome, "after"
    return bindings
