"""Individual victims: one person whose outcome a sentence states.

"A policeman was shot dead", "journalist Nabil Hasan was killed", "the driver was
injured", "killing a bystander", "the murder of Theo Vance", "including a 9-year-old
girl". Each gives a claim with ``individual`` set, low = high = 1, the words that name or
describe the person as its figure and the group of the person's noun (README,
"Individual victims"; the words live in lexicon/persons.toml).

The rules, tried on every sentence the pre-pass selected:

1. a phrase that follows its person ("was killed", "died", "was taken to hospital"):
   the person is the subject before it, over auxiliaries, adverbs, an appositive
   (", the head chef of X,") and coordinated persons ("the boy and his mother were");
2. a verb before its person ("killing a policeman", "arrested a 45-year-old man"):
   the person is the object, with coordinated objects ("killed X and injured Y and Z");
3. a noun of the outcome with "of" ("the murder of X") or a possessive ("X's murder");
4. an adjective before the person ("the slain journalist", "the injured man");
5. a list after "including", "among the dead were", "victims included": the outcome
   of the total or of the frame.

No claim when the person is a count ("one soldier"; numbers.py reads those), when the
outcome is denied, hoped, feared or undone ("was not hurt", "tried to kill", "was
released"), for natural deaths ("died of cancer", "died peacefully at 87"), and for
injuries in sport. A pronoun ("he was killed") gives no claim: who it is lies outside
the sentence. One claim per person and sentence; the gravest outcome wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tollbook.extract.lexicon import lexicon, persons
from tollbook.extract.people import (
    BETWEEN,
    CLAUSE,
    DETERMINERS,
    FOLLOWERS,
    ORDINALS,
    POSSESSIVE_DETS,
    STOP,
    Person,
    indexes,
    name_ending,
    named,
    noun_group,
    person_after,
    person_before,
    possessor,
    renamed,
)
from tollbook.extract.scope import sport as is_sport
from tollbook.extract.tokens import Token, as_index, match

_PLURAL_AUX = frozenset(["were", "are", "have"])
# words that end a list after a frame unless a relative clause holds them
_LIST_ENDS = frozenset("were was are is have has had will would remain remained".split())
_BE = frozenset(["was", "is", "were", "are", "been", "being", "be", "got", "get", "gets"])
_FOUND = frozenset(["found", "discovered", "pronounced", "declared", "confirmed", "reported", "believed",
                    "presumed", "feared", "left", "lay", "lies", "lying"])
# single-word predicates that need "was", "found" or the like before them ("was dead", "found dead")
_STATES = frozenset(["dead", "missing", "lifeless", "trapped", "in custody", "under arrest"])
_IMMEDIATE = frozenset("in on at by while when after during near outside inside following as for from "
                       "with within last early late yesterday today earlier overnight this that and , . ; : "
                       "— – ( ) \" ” since amid among before until".split())
_INCLUDE = (("including",), ("among", "them"), ("among", "whom"), ("such", "as"), ("among", "those"))
_FRAME_NOUNS = {"dead": "killed", "killed": "killed", "victims": "killed", "fatalities": "killed", "deceased": "killed",
                "injured": "injured", "wounded": "injured", "missing": "missing", "arrested": "detained",
                "detained": "detained", "abducted": "captured", "kidnapped": "captured", "hostages": "captured"}
_RANK = {"killed": 0, "injured": 1, "missing": 2, "captured": 3, "detained": 4}


@dataclass(slots=True)
class Found:
    """An individual victim found in one sentence."""

    person: Person
    outcome: str
    rule: str
    parent: int | None = None  # token of the count this person is part of ("including")


def _negated(tokens: list[Token], start: int, end: int) -> bool:
    """A word between ``start`` and ``end`` denies, hopes or fears the outcome ("to" only right
    before it: "tried to kill", not "reported to have killed")."""
    words = persons().not_before
    return any(tokens[k].low in words and (tokens[k].low != "to" or k == end - 1) for k in range(max(0, start), end))


def _undone(tokens: list[Token], j: int, outcome: str = "") -> bool:
    """What follows the outcome undoes it or makes it no claim ("escaped unhurt", "released");
    "captured alive" stays captured."""
    undo = _not_after_index()
    treated = any(tokens[k].low in ("injuries", "treatment", "hospital", "wounds", "hospitalised", "hospitalized")
                  for k in range(j, min(len(tokens), j + 20)))
    for k in range(j, min(len(tokens), j + 10)):
        low = tokens[k].low
        if low in (".", ";"):
            return False
        hit = match(tokens, k, undo)
        if hit and treated and outcome == "injured" and low in ("alive", "rescued", "safe", "safely"):
            continue  # "was rescued alive and flown to the capital for treatment of injuries"
        if hit and outcome in ("captured", "detained") and (
                " ".join(t.low for t in tokens[k:k + hit[0]]) in _UNHARMED
                or outcome == "detained" and low in ("released", "bailed", "on", "freed")):
            continue  # "was arrested and was unhurt", "arrested ... and released on bail": arrested
        if hit:
            return True  # "unhurt", "with the disease", "for questioning and released"
    for k in range(j, min(len(tokens), j + 24)):  # "kidnapped on the road but freed a day later"
        if tokens[k].low in (".", ";"):
            break
        if tokens[k].low == "but" and outcome == "captured":
            return any(match(tokens, q, undo) for q in range(k + 1, min(len(tokens), k + 5)))
    return False


_UNHARMED = frozenset(["unhurt", "unharmed", "uninjured", "unscathed", "alive", "safe", "safely"])


@cache
def _not_after_index() -> dict:
    return as_index({phrase: True for phrase in persons().not_after})


def _natural(tokens: list[Token], j: int, ages_only: bool = False) -> bool:
    """After "died": a natural death or an illness outside an epidemic. ``ages_only``: after
    "found dead", where only an age tells ("found dead at home" may be a killing)."""
    p = persons()
    rest = " ".join(t.low for t in tokens[j:j + 8])
    natural = ("at the age of", "aged", "at age") if ages_only else p.natural
    if any(rest.startswith(w) or f" {w} " in f" {rest[:40]} " for w in natural):
        return True
    clause = " ".join(t.low for t in tokens[j:j + 25] if t.low not in (".", ";"))
    if " at the age of " in f" {clause} " and "after" not in clause.split():
        return True  # "died today at 10:00 a.m. local time (...) at the age of 78"
    for q in range(j, min(len(tokens) - 1, j + 6)):
        if tokens[q].low in (".", ";", ","):
            break
        age = tokens[q + 1]
        if tokens[q].low == "at" and (age.fig >= 0 or age.text.isdigit() and int(age.text) <= 120) \
                and (q + 2 >= len(tokens) or not tokens[q + 2].is_word or tokens[q + 2].low in ("in", "after", "on")):
            return True  # "died at 94", "has died in Germany at 50"
    if ages_only:
        return False
    while j < len(tokens) and tokens[j].low in ("suddenly", "unexpectedly", "peacefully", "recently", "overnight"):
        j += 1
    if j < len(tokens) and tokens[j].low in ("of", "from", "after"):
        cause = " ".join(t.low for t in tokens[j + 1:j + 5])
        cause = re.sub(r"^(?:a|an|the|his|her|complications\s+(?:of|from))\s+", "", cause)
        if any(cause.startswith(w) for w in p.epidemic | p.harm):
            return False
        if tokens[j].low == "after":
            return any(cause.startswith(w) for w in ("illness", "long", "short", "battle", "a long", "suffering"))
        return True
    return False


def _subjects(tokens: list[Token], k: int, lo: int, title_case: bool) -> list[tuple[Person, Person | None]]:
    """Persons ending at token ``k``: the person, an appositive, and coordinated persons."""
    appositive: Person | None = None
    person: Person | None = None
    if k >= lo and tokens[k].low in (",", ")"):
        # "Andrea Vance, the head chef of X, was found dead", "Chen, chief of Y (CAO), was
        # arrested", "Reda, who was also killed": the person before the appositive
        commas = [p for p in range(k - 1, max(lo - 1, k - 30), -1) if tokens[p].low == ","]
        for p in commas[:3]:
            if any(tokens[q].low in (".", ";", ":") or tokens[q].fig >= 0 for q in range(p + 1, k)):
                break
            person = person_before(tokens, p - 1, lo, title_case) or _with_phrase(tokens, p - 1, lo, title_case)
            if person is not None and person.start - 1 >= lo and tokens[person.start - 1].low in _ASIDE:
                person = None  # "Herman Cain, who, like Trump, ran ..., died": an aside
                continue
            if person is not None:
                a = p + 3 if p + 3 < k and tokens[p + 1].text.isdigit() and tokens[p + 2].low == "," else p + 1
                appositive = person_after(tokens, a, k)  # over an age: "Mira Hale, 44, a teacher, ..."
                break
            named_one = person_after(tokens, p + 1, k)  # "The mayor of the city, Pieter Aalst, died"
            if named_one is not None and named_one.named and named_one.end == k:
                person = named_one
                break
        if person is None:
            return []
    else:
        person = person_before(tokens, k, lo, title_case) or _with_phrase(tokens, k, lo, title_case)
        if person is None:
            # "the building's developer and two engineers had been arrested": the count is read
            # by numbers.py, the person before it here
            fig = next((q for q in range(k, max(lo, k - 4) - 1, -1) if tokens[q].fig >= 0), None)
            if fig is not None and fig - 1 > lo and tokens[fig - 1].low in POSSESSIVE_DETS:
                fig -= 1  # "a woman and her two children were killed"
            if fig is not None and fig - 1 > lo and tokens[fig - 1].low == "and":
                person = person_before(tokens, fig - 2, lo, title_case)
                if person is not None and person.named:
                    person = None  # "... state of Rio Grande do Sul and three people died"
    if person is None:
        return []
    if person.named and person.group is None and person.start - 2 >= lo and tokens[person.start - 1].low == ",":
        before = person_before(tokens, person.start - 2, lo, title_case)  # "A second keeper, Luis Pare,"
        if before is not None and not before.named and before.group is not None:
            person = Person(person.start, person.end, person.head, before.group, True)
    if appositive is not None and appositive.named and not person.named:
        # "A shopkeeper, Ilan Veres, was killed": the name is the figure, the noun the group
        person, appositive = Person(appositive.start, appositive.end, appositive.head,
                                    person.group if person.group is not None else appositive.group, True), None
    found = [(person, appositive)]
    # "the deceased child and his mother were among the victims", "A, B and C died"; a
    # comma alone is an appositive ("Harry Dunn, a 19-year-old motorcyclist was struck")
    seen_and = False
    while person.start - 1 > lo and tokens[person.start - 1].low in ("and", ","):
        seen_and = seen_and or tokens[person.start - 1].low == "and"
        if not seen_and:
            # "Harry Dunn, a 19-year-old motorcyclist was struck": one person, named
            other = person_before(tokens, person.start - 2, lo, title_case)
            if other is not None and other.named and not person.named:
                found[-1] = (Person(other.start, other.end, other.head, other.group or person.group, True), appositive)
            break
        other = person_before(tokens, person.start - 2, lo, title_case)
        if other is None:
            break
        found.append((other, None))
        person = other
    return found


_PHRASE_PREPOSITIONS = frozenset("of on at in from for with near inside outside aboard".split())


def _with_phrase(tokens: list[Token], k: int, lo: int, title_case: bool) -> Person | None:
    """A person described with a phrase after the noun, ending at token k: "a woman on the
    ground", "a driver for the health ministry", "the mayor of Hollen"."""
    if k < lo or not tokens[k].is_word or tokens[k].low in CLAUSE or tokens[k].low in BETWEEN:
        return None
    for q in range(k - 1, max(lo, k - 7) - 1, -1):
        if tokens[q].fig >= 0 or not tokens[q].is_word and tokens[q].low not in ("'", "’"):
            return None
        if tokens[q].low in _PHRASE_PREPOSITIONS:
            person = person_before(tokens, q - 1, lo, title_case)
            if person is not None and not person.named:
                return Person(person.start, k + 1, person.head, person.group)
        if tokens[q].low in BETWEEN or tokens[q].low in CLAUSE and tokens[q].low not in _PHRASE_PREPOSITIONS \
                or match(tokens, q, indexes()["after"]) or tokens[q].low.endswith("ed") and not tokens[q].is_capitalised:
            return None  # "Mayor of Hollen dies two days after": no noun phrase
    return None


def _list_items(tokens: list[Token], j: int, hi: int, headline: bool = False) -> list[Person]:
    """The persons of a list after a frame ("Among the dead were ...", "including ..."): items
    that are no person ("messengers", "two soldiers on patrol") are passed over, and so are
    what follows an item up to the next one: an age (", 52,"), an appositive (", a former
    pilot,") or a relative clause ("who had used a fake ID"). The list ends at a speaker
    ("..., army spokesman X told reporters") or the end of the clause."""
    out: list[Person] = []
    speech = lexicon().speech_verbs
    last = False  # after "and" only "and" goes on: "A, B, and C, who ..., Chief X said"; "A and B and C"
    while j < hi:
        joined = False
        while j < hi and tokens[j].low in (",", "and", "both"):
            joined = joined or tokens[j].low == "and"
            j += 1
        if last and out and not joined:
            break
        last = last or joined
        if j >= hi or tokens[j].low in (".", ";", ":", ")") or tokens[j].low in speech:
            break
        person = person_after(tokens, j, hi, headline)
        if person is not None and person.end < hi and (tokens[person.end].low in speech or tokens[person.end].is_word
                                                       and tokens[person.end].low not in CLAUSE | FOLLOWERS
                                                       and (tokens[person.end].low.endswith(("ed", "s"))
                                                            or person.named and person.end - person.start == 1)):
            break  # "..., governor Farid Aslan told reporters", "..., the mayor precised": the speaker
        if person is not None and tokens[person.head].low in _PARENTS and person.end + 1 < hi \
                and tokens[person.end].low == "of" and (tokens[person.end + 1].fig >= 0
                                                        or tokens[person.end + 1].text.isdigit()):
            person = None  # "X, a chef and a father of two": the size of a family, no other person
        if person is not None:
            person = renamed(tokens, person)  # "a trader, Amara Oduya"
            out.append(person)
            j = person.end
        named_item = person is not None and person.named
        # on to the next item
        start = j
        relative = False
        while j < hi and tokens[j].low not in (".", ";", ":"):
            low = tokens[j].low
            if low in speech and not tokens[j].is_capitalised:  # "the United States" states nothing
                return out
            relative = relative or low in ("who", "whose", "which", "that", "whom")
            if not relative and low in _LIST_ENDS:
                return out  # "..., including a police officer, were killed during ...": the list is over
            if low == ",":
                relative = False
            if named_item and person.group is None and low == "," and j + 1 < hi and tokens[j + 1].low in ("a", "an"):
                app = person_after(tokens, j + 1, hi)  # "Mira Olensk, a 34-year-old waitress"
                if app is not None and not app.named:
                    person = Person(person.start, person.end, person.head, app.group, True)
                    out[-1] = person
            if tokens[j].low in (",", "and") and (j > start or person is not None):
                k = j + 1
                while k < hi and tokens[k].low in (",", "and", "both"):
                    k += 1
                # "Captain Jon Verk, 54, a former pilot": the same person; "the driver, Selim Arkan, 49,
                # a student": a described person is followed by another
                appositive = named_item and tokens[j].low == "," and k < hi and tokens[k].low in ("a", "an", "the") \
                    and not any(tokens[q].low == "and" for q in range(j, k)) \
                    and tokens[person.start].low not in DETERMINERS
                age = k < hi and tokens[k].is_word and tokens[k].text.isdigit()
                if k < hi and not appositive and not age and (tokens[k].fig >= 0 or person_after(tokens, k, hi, headline)):
                    break
            j += 1
        if j <= start and (j >= hi or tokens[j].low not in (",", "and")):
            j = start + 1
    return out


def _objects(tokens: list[Token], j: int, hi: int, listed: bool = False, headline: bool = False) -> list[Person]:
    """Persons starting at token ``j``: "a man and his son", "X, Y and Z".

    ``listed``: a list after a frame (``_list_items``).
    """
    if listed:
        return _list_items(tokens, j, hi, headline)
    out: list[Person] = []
    while j < hi:
        person = person_after(tokens, j, hi, headline)
        if person is None and tokens[j].fig >= 0:
            # "killing six soldiers and a truck driver": the count is read by numbers.py
            k = j + 1
            while k < hi and k - j < 5 and tokens[k].is_word and tokens[k].low not in CLAUSE:
                k += 1
            if k < hi and tokens[k].low == "and":  # "six soldiers and a driver", not "52 passengers, a spokesman"
                j = k + 1
                continue
            break
        if person is None:
            if not listed:
                break
            k = j
            speech = lexicon().speech_verbs
            while k < hi and k - j < 6 and tokens[k].low not in (",", "and") and tokens[k].low not in STOP \
                    and tokens[k].low not in speech and tokens[k].low not in BETWEEN:
                k += 1
            if k >= hi or tokens[k].low not in (",", "and") or k == j:
                break
            j = k
        else:
            if person.end < hi and tokens[person.end].low in lexicon().speech_verbs:
                break  # "..., governor Farid Aslan told reporters": the speaker
            if listed and person.end < hi and tokens[person.end].low not in STOP \
                    and tokens[person.end].low not in CLAUSE and tokens[person.end].low not in FOLLOWERS:
                break  # "..., Ranpur police chief Anwar Kabir told": no item of the list
            if not person.named and person.end + 1 < hi and tokens[person.end].low == ",":
                name = named(tokens, person.end + 1, hi)  # "Iranian general, Qasem Soleimani"
                if name and (name[1] >= hi or tokens[name[1]].low in STOP or tokens[name[1]].low in CLAUSE):
                    person = Person(person.start, name[1], name[1] - 1, person.group, named=True)
            out.append(person)
            j = person.end
            # an appositive: "Mohammed Reda, an airport protocol officer,"
            if j + 1 < hi and tokens[j].low == "," and tokens[j + 1].low in DETERMINERS and person.named:
                app = person_after(tokens, j + 1, hi)
                if app is not None:
                    if person.group is None:
                        out[-1] = Person(person.start, person.end, person.head, app.group, True)
                    j = app.end
        if listed and person is not None and j < hi and tokens[j].low in CLAUSE and tokens[j].low != "and":
            # "a man from the United States who tested positive, and another man from Japan"
            m = j
            while m < hi and m - j < 20 and tokens[m].low not in (",", "and", "—", "–", ";", ".", ":", "(") \
                    and tokens[m].fig < 0:
                m += 1
            if m < hi and tokens[m].low in (",", "and"):
                j = m
        if j < hi and tokens[j].low in ("and", ","):
            j += 1
            while j < hi and tokens[j].low in ("and", "both", ","):
                j += 1
            continue
        break
    return out


_REPORTED = frozenset("announced reported said believed thought confirmed understood known feared presumed "
                      "alleged claimed".split())
_MODALS = frozenset("would could will might may should must can".split())
def find(tokens: list[Token], first: int, counts: dict[int, str], title_case: bool = False,
         headline: bool = False) -> list[Found]:
    """Individual victims of one sentence, in token order.

    Args:
        tokens: the sentence's tokens (figures folded into FIG tokens).
        first: the first token after a dateline.
        counts: figure token -> outcome of the count claims found in the sentence.
        title_case: the sentence is a Title Case headline.
        headline: the sentence is a headline (nouns need no determiner there).
    """
    idx = indexes()
    found: list[Found] = []
    n = len(tokens)
    sport: list[bool] = []

    def add(person: Person, outcome: str, rule: str, parent: int | None = None) -> None:
        if outcome == "injured":
            if not sport:
                sport.append(is_sport(tokens))
            if sport[0]:
                return
        if any(tokens[t].fig >= 0 for t in range(person.start, person.end)):
            return
        if outcome == "missing" and (person.group == "attackers" or tokens[person.head].low in persons().suspected):
            return  # "the attacker had fled": no missing victim
        if tokens[person.start].low == "the" and person.start + 1 < n and tokens[person.start + 1].low in ORDINALS:
            return  # "the third journalist killed this year": a place in a series
        if outcome == "detained" and any(tokens[t].low in persons().suspected for t in range(max(first, person.start - 2), person.end)):
            person = Person(person.start, person.end, person.head, None, person.named)  # a suspect: no group
        found.append(Found(renamed(tokens, person), outcome, rule, parent))

    def weak_name(person: Person, j: int) -> bool:
        """ "Air Jamaica has been hit by costs", "Dortmund was beaten 5-0": a bare name with a
        predicate that also fits a company or a team names no victim."""
        return person.named and person.group is None and tokens[j].low in persons().weak

    first_words = starts()
    j = first
    while j < n:
        tok = tokens[j]
        if tok.low not in first_words:  # the only test most tokens see
            j += 1
            continue
        if tok.is_capitalised and j > first and not (title_case or headline) \
                and tokens[j - 1].low not in ('"', "“", "‘", "'", ":", "—", "–", "(") and tok.low not in _CAPITALISED_OK:
            j += 1  # "Kill Bill director X", "Grateful Dead guitarist X": a title's words
            continue
        # "A child was among the dead, as was her mother"
        if tok.low == "as" and j + 2 < n and tokens[j + 1].low in ("was", "were", "did"):
            before = [(f.person.end, f.outcome) for f in found] + [(t + 1, o) for t, o in counts.items() if t < j]
            before = [(end, outcome) for end, outcome in before if end <= j
                      and not any(tokens[q].low in (".", ";") for q in range(end, j))]
            people = _objects(tokens, j + 2, n) if before else []
            for person in people:
                add(person, max(before)[1], "as")
            if people:
                j = people[-1].end
                continue
        # 7. "One of them, a 70-year-old man, died", "One inmate, identified as X, was shot dead"
        if tok.text.lower() == "one" and (tok.fig >= 0 or j == first or tokens[j - 1].low in (",", "and")):
            one = _one_described(tokens, j, n)
            if one is not None:
                person, outcome, nxt = one
                add(person, outcome, "one", j)
                j = nxt
                continue
        # 6. a place in a series: "Quintero is the third journalist killed this year"
        if tok.low in _SERIES:
            series = _series(tokens, j, first, title_case)
            if series is not None:
                people, outcome, j = series
                for person in people:
                    add(person, outcome, "series")
                continue
        # 5. lists: "including a 92-year-old woman", "Among the dead were the pilot and co-pilot"
        frame = _frame(tokens, j, counts)
        if frame is not None:
            start, outcome, parent = frame
            people = _objects(tokens, start, n, listed=True)
            for person in people:
                add(person, outcome, "list", parent)
            j = people[-1].end if people else start
            continue
        before_word = tokens[j - 1].low if j > first else ""
        passive = before_word in _BE or before_word in _FOUND or before_word in ("has", "have", "had") \
            and j - 2 >= first and tokens[j - 2].low == "been"
        # 2. a verb before its person: "killing a policeman", "arrested a man"
        verb = match(tokens, j, idx["verbs"])
        noun_use = j > first and (tokens[j - 1].low in DETERMINERS or tokens[j - 1].low.endswith(("'s", "’s")))
        active_other = False
        if verb and j == first and not (headline or title_case) and not tok.low.endswith("ing"):
            verb = None  # prose opens with no bare verb: "Kill Bill director X" is a title
        if verb and not passive and not noun_use:
            length, outcome = verb
            o = j + length
            while o < n and tokens[o].low in ("dead", "also", "then", "reportedly", "allegedly"):
                o += 1
            objects = _objects(tokens, o, n, headline=headline)
            if tokens[j].low == "lost":  # "lost his brother"; "lost their mother" tells of orphans
                objects = [q for q in objects if tokens[q.start].low in POSSESSIVE_DETS
                           and tokens[q.head].low not in ("mother", "father", "parent", "parents")]
            if tokens[j].low in persons().need_noun:
                objects = [q for q in objects if not q.named or q.group is not None]
            if objects and objects[-1].end < n and tokens[objects[-1].end].low in _MODALS:
                objects = []  # "executing X would not bring ...": hoped, not done
            if objects and tokens[j].low in ("beat", "beats", "beating") and (
                    objects[-1].end >= n or tokens[objects[-1].end].low not in _BEATEN):
                objects = []  # "beating designer X to the award": a contest; "beat him unconscious"
            if objects and objects[-1].end < n and (tokens[objects[-1].end].low == "dead" or objects[-1].end + 1 < n
                                                    and tokens[objects[-1].end].low == "to" and tokens[objects[-1].end + 1].low == "death"):
                outcome = "killed"  # "shot the attacker dead", "beat a driver to death"
            if objects:
                if not _negated(tokens, j - 3, j) and not _undone(tokens, objects[-1].end, outcome):
                    for person in objects:
                        add(person, outcome, "verb")
                j = objects[-1].end
                continue
            if o < n and tokens[o].low in ("him", "her") and not _negated(tokens, j - 3, j):
                # "opened a case against the driver and detained him": the person before
                person = _antecedent_in_sentence(tokens, o, first, tokens[o].low == "her")
                if person is not None and not _undone(tokens, o + 1, outcome):
                    if o + 1 < n and tokens[o + 1].low == "dead":
                        outcome = "killed"
                    add(person, outcome, "verb")
                    j = o + 1
                    continue
            if o + 1 < n and tokens[o].low in ("himself", "herself") and tokens[o + 1].low == "dead":
                outcome = "killed"  # "before shooting himself dead"
            if o < n and tokens[o].low in ("himself", "herself") and outcome == "killed" \
                    and not _negated(tokens, j - 3, j):
                people = [] if tokens[j - 1].low in CLAUSE or tokens[j - 1].low == "then" else \
                    _subjects(tokens, j - 1, first, title_case)
                people = people or _clause_subject(tokens, j, first, title_case)
                if not people and first < n:  # "A man shot dead his wife ... before shooting himself"
                    head = person_after(tokens, first, j, headline)
                    people = [(head, None)] if head is not None else []
                for person, _app in people:
                    if found or counts:  # he killed others first: a perpetrator (annotation conventions)
                        person = Person(person.start, person.end, person.head, "attackers", person.named)
                    add(person, outcome, "self")
                j = o + 1
                continue
            # "shot shoppers", "stabbed several people": the subject did it
            active_other = o < n and (tokens[o].fig >= 0 or tokens[o].is_word and tokens[o].low not in _IMMEDIATE)
        # 1. a phrase after its person: "was shot dead", "died", "was taken to hospital"
        after = match(tokens, j, idx["after"]) or _harm(tokens, j)
        if after and not active_other and not noun_use:
            length, outcome = after
            phrase = " ".join(t.low for t in tokens[j:j + length])
            subjects = _subject_of(tokens, j, first, title_case or headline)
            nxt = j + length
            reduced = not passive and not any(tokens[q].low in _BE for q in range(max(first, j - 3), j))
            reflexive = any(w in ("himself", "herself", "in") for w in phrase.split()[1:])
            if reduced and (verb or length == 1) and phrase not in _INTRANSITIVE and not reflexive and nxt < n \
                    and tokens[nxt].low not in _IMMEDIATE and not tokens[nxt].low.endswith("ly"):
                subjects = []  # "killed his wife": an active verb, the subject did it
            if phrase in _STATES and not passive:
                subjects = []  # "dead", "missing" need "was" or "found" before them
            if tokens[j].low == "shot" and _filmed(tokens, j + 1):
                subjects = []  # "Hotel Rwanda was shot mostly in South Africa": a film
            if not subjects and all(tokens[q].low in _OPENERS or tokens[q].low in _BE for q in range(first, j)):
                # translated word order: '"Died a woman of 1968 year of birth, a man and a boy"',
                # "Today was detained the director of the company"
                people = [q for q in _objects(tokens, nxt, n, listed=True) if not q.named or q.group is not None
                          or tokens[q.start].is_capitalised] if nxt < n and tokens[nxt].low in DETERMINERS else []
                for person in people:
                    add(person, outcome, "inverted")
                if people:
                    j = people[-1].end
                    continue
            if subjects and not _undone(tokens, nxt, outcome) \
                    and not (phrase in ("died", "dies", "dying", "die") and _natural(tokens, nxt)) \
                    and not ((phrase == "found dead" or phrase == "dead" and tokens[j - 1].low == "found")
                             and _natural(tokens, nxt, ages_only=True)):
                for person, appositive in subjects:
                    if person.group is None and appositive is not None:
                        person = Person(person.start, person.end, person.head, appositive.group, person.named)
                    if weak_name(person, j):
                        continue
                    rule = "soft" if phrase in persons().soft and not _caused(tokens, nxt) else "after"
                    if tokens[person.start].low in ("he", "she"):
                        rule = "pronoun-soft" if rule == "soft" else "pronoun"
                    add(person, outcome, rule)
                q = nxt
                while q < n and q - nxt < 6 and tokens[q].low not in (",", ";", ".") and not (
                        tokens[q].low in ("with", "alongside") and q > 0 and tokens[q - 1].low in ("together", "along", "with")):
                    q += 1
                if q < n and tokens[q].low in ("with", "alongside"):  # "... together with driver X and Y"
                    for person in _objects(tokens, q + 1, n, headline=headline):
                        add(person, outcome, rule)
                j = nxt
                continue
        # 3. "the murder of X", "X's murder"
        of = match(tokens, j, idx["of_nouns"])
        if of:
            length, outcome = of
            o = j + length
            det = j > first and (tokens[j - 1].low in DETERMINERS or tokens[j - 1].low.endswith(("'s", "’s"))
                                 or j - 2 >= first and tokens[j - 2].low in DETERMINERS and tokens[j - 1].is_word
                                 and tokens[j].low != "body")  # "the governing body of X" is no corpse
            ordinal = j - 1 >= first and (tokens[j - 1].low in ORDINALS or tokens[j - 1].low in ("latest", "another",
                                                                                             "recent", "previous"))
            if o < n and tokens[o].low == "of" and (det or headline) and not ordinal:
                person = person_after(tokens, o + 1, n, headline)
                if person is not None and tokens[j].low == "death" and _natural(tokens, person.end):
                    person = None  # "the death of his partner X from Aids": an illness
                if person is not None and (person.named or headline or tokens[person.start].low in DETERMINERS):
                    add(person, outcome, "soft" if tokens[j].low == "death" else "of")
                    j = person.end
                    continue
            if j > first and tokens[j - 1].low.endswith(("'s", "’s")) and tokens[j - 1].is_capitalised:
                person = possessor(tokens, j - 1, first)
                if person is not None:
                    add(person, outcome, "soft" if tokens[j].low == "death" else "of")
        # 4. "the slain journalist", "murdered film-maker Theo Vance"
        adj = match(tokens, j, idx["adjectives"])
        if adj:
            length, outcome = adj
            det = j > 0 and tokens[j - 1].low in DETERMINERS
            person = person_after(tokens, j + length, n)
            if person is not None and (det and not tokens[person.start].is_capitalised or person.named and not det
                                       or person.named and person.group is not None):
                if det and person.start == j + length:
                    person = Person(j - 1, person.end, person.head, person.group)
                add(person, outcome, "adjective-soft" if tokens[j].low in ("deceased", "late") else "adjective")
                j = person.end
                continue
        j += 1
    return _one_per_person(found)


_INTRANSITIVE = frozenset(["died", "dies", "dying", "die", "drowned", "perished", "succumbed", "dead", "missing",
                           "disappeared", "went missing", "gone missing"])


_FEMALE = frozenset("woman women girl girls mother wife daughter sister grandmother aunt niece lady widow "
                    "policewoman businesswoman congresswoman chairwoman servicewoman".split())
_MALE = frozenset("man men boy boys father husband son brother grandfather uncle nephew gentleman policeman "
                  "businessman congressman chairman serviceman fireman fisherman".split())


def _antecedent_in_sentence(tokens: list[Token], k: int, first: int, female: bool) -> Person | None:
    """The nearest described person before the pronoun at k, in the same sentence, whose words
    do not tell another sex ("the woman ... she", not "the man ... she")."""
    for q in range(k - 2, first - 1, -1):
        if tokens[q].low in (";", ":") or tokens[q].low in lexicon().speech_verbs:
            return None
        if not tokens[q].is_word or tokens[q].is_capitalised:
            continue
        person = person_before(tokens, q, first)
        if person is None or person.named or person.end != q + 1:
            continue
        head = tokens[person.head].low
        if not (head in persons().nouns or head in persons().own or head in _FEMALE or head in _MALE):
            continue  # "sprayed him with a fire extinguisher": a thing
        if person.start <= first or not tokens[person.start - 1].is_word:
            return None  # the sentence's subject (or its appositive) has its own predicate
        words = {t.low for t in tokens[person.start:person.end]}
        if words & (_MALE if female else _FEMALE):
            continue
        if not words & (_FEMALE if female else _MALE) and person.group in ("women", "men"):
            continue
        return person if words & (_FEMALE | _MALE) or person.group not in (None,) else None
    return None


def _filmed(tokens: list[Token], k: int) -> bool:
    """After "shot": "mostly in South Africa", "on location", "in black and white" ("shot in Kabul" may be either)."""
    if k < len(tokens) and tokens[k].low in ("mostly", "entirely", "largely", "partly", "mainly"):
        return True
    return k + 1 < len(tokens) and (tokens[k].low, tokens[k + 1].low) in (("on", "location"), ("in", "black"),
                                                                          ("on", "film"), ("in", "colour"))


_PARENTS = frozenset(["father", "mother", "parent", "grandfather", "grandmother", "grandparent"])
_OPENERS = frozenset(['"', "“", "'", "‘", "today", "yesterday", "tonight", "also", "then", "later", "there",
                      "this", "morning", "evening", "in", "on", "monday", "tuesday", "wednesday", "thursday",
                      "friday", "saturday", "sunday"])
_ASIDE = frozenset(["like", "unlike", "than", "including", "besides", "alongside"])
_BEATEN = frozenset(["up", "to", "unconscious", "senseless", "with", "severely", "badly", "repeatedly"])
_CAPITALISED_OK = frozenset(["among", "including", "identified", "named"])  # "..., Among them"
_SERIES = ORDINALS | {"first", "latest", "eleventh", "twelfth", "fifteenth", "twentieth"}


def _one_described(tokens: list[Token], j: int, n: int) -> tuple[Person, str, int] | None:
    """The person of "One of them, a 70-year-old man, died overnight" or "One inmate, identified
    as Rafael Sosa, was shot dead": (person, outcome, next token), or None."""
    m = j + 1
    group = None
    if m < n and tokens[m].low == "of":
        while m < n and m - j < 6 and tokens[m].low != ",":
            m += 1
    else:
        hit = noun_group(tokens, m) if m + 1 < n and tokens[m + 1].low == "," else None
        if hit is None or hit[0] != m:
            return None
        group, m = hit[1], m + 1
    if m + 1 >= n or tokens[m].low != ",":
        return None
    q = m + 1
    if tokens[q].low in ("identified", "named") and q + 1 < n and tokens[q + 1].low == "as":
        name = named(tokens, q + 2, n)
        person = Person(name[0], name[1], name[1] - 1, group, True) if name else None
    else:
        person = person_after(tokens, q, n)
        if person is not None:
            person = Person(person.start, person.end, person.head, person.group or group, person.named)
    if person is None:
        return None
    e = person.end
    if e + 2 < n and tokens[e].low == "," and tokens[e + 1].text.isdigit() and tokens[e + 2].low == ",":
        e += 2  # ", 34,"
    if e >= n or tokens[e].low != ",":
        return None
    e += 1
    while e < n and (tokens[e].low in _BE or tokens[e].low in ("has", "had", "have", "later", "also", "then")
                     or tokens[e].low.endswith("ly") and tokens[e].is_word):
        e += 1
    hit = match(tokens, e, indexes()["after"])
    if hit is None:
        return None
    return person, hit[1], e + hit[0]


def _series(tokens: list[Token], j: int, first: int, title_case: bool) -> tuple[list[Person], str, int] | None:
    """ "X is the third journalist killed", "X was the first foreigner to die": (persons, outcome,
    next token) for the ordinal at j, or None."""
    if j - 3 < first or tokens[j - 1].low != "the" or tokens[j - 2].low not in ("is", "was", "became", "becomes"):
        return None
    noun = next(((e, hit[1]) for e in (j + 2, j + 1) if e < len(tokens) and (hit := noun_group(tokens, e))
                 and hit[0] == j + 1), None)
    if noun is None:
        return None
    q = noun[0] + 1
    if q < len(tokens) and tokens[q].low == "to":  # "to die", "to be killed", "to have been kidnapped"
        q += 1
        while q < len(tokens) and tokens[q].low in ("be", "have", "been"):
            q += 1
    hit = match(tokens, q, indexes()["after"])
    if hit is None:
        return None
    subjects = _subjects(tokens, j - 3, first, title_case)
    if not subjects:
        return None
    people = [Person(p.start, p.end, p.head, p.group or noun[1], p.named) for p, _ in subjects]
    return people, hit[1], q + hit[0]


_SPORT_PARTS = frozenset(["wrist", "knee", "ankle", "hamstring", "groin", "calf", "thigh", "achilles", "shoulder",
                          "elbow", "hip", "toe", "foot", "back", "muscle", "ligament", "cruciate", "metatarsal"])
_HARM_VERBS = frozenset(["suffered", "sustained", "received", "suffering", "sustaining"])
_TAKEN = frozenset(["taken", "rushed", "airlifted", "flown", "admitted", "transported", "transferred", "brought",
                    "evacuated", "carried"])
_HARM_NOUNS = frozenset(["injury", "injuries", "wound", "wounds", "burns", "fracture", "fractures", "cuts", "cut",
                         "bruises", "trauma"])


_CONDITIONS = frozenset(["critical", "serious", "stable", "grave", "life-threatening", "non-life-threatening",
                         "heavy", "satisfactory", "fair", "poor", "severe"])
_QUOTES = frozenset(['"', "“", "”", "'", "‘", "’"])


def _harm(tokens: list[Token], j: int) -> tuple[int, str] | None:
    """ "sustained a stabbing injury", "suffered severe head wounds", "was found with stab wounds",
    "was airlifted to Wendmoor General Hospital": (length, outcome) or None."""
    low = tokens[j].low
    if low in _TAKEN and j + 1 < len(tokens) and tokens[j + 1].low == "to":
        for q in range(j + 2, min(len(tokens), j + 8)):
            if tokens[q].low in ("hospital", "hospitals", "clinic", "infirmary") \
                    or tokens[q].low == "treatment" and tokens[q - 1].low in ("for", "medical"):
                return q - j + 1, "injured"  # "flown to Moscow for treatment"
            if not tokens[q].is_word and tokens[q].low not in ("'s", "’s", "-"):
                return None
        return None
    if low == "in":  # 'was in "not life-threatening" condition', "in a critical yet stable condition"
        for q in range(j + 1, min(len(tokens), j + 8)):
            if tokens[q].low == "condition":
                inner = {tokens[t].low for t in range(j + 1, q)}
                return (q - j + 1, "injured") if inner & _CONDITIONS else None
            if tokens[q].low in STOP and tokens[q].low not in _QUOTES or tokens[q].fig >= 0:
                return None
        return None
    start = j
    if low == "found" and j + 1 < len(tokens) and tokens[j + 1].low == "with":
        j += 1  # "was found with stab wounds"
    elif low not in _HARM_VERBS:
        return None
    for q in range(j + 1, min(len(tokens), j + 6)):
        low = tokens[q].low
        if low in _HARM_NOUNS and not (low in ("cut", "cuts") and (q + 1 >= len(tokens) or tokens[q + 1].low
                                                                  not in ("to", "on", "above", "below"))):
            if any(tokens[t].low in _SPORT_PARTS for t in range(j + 1, q)):
                return None  # "suffered a wrist injury": a player's, or an illness
            fatal = any(tokens[t].low in ("fatal", "mortal", "lethal") for t in range(j + 1, q))
            return q - start + 1, "killed" if fatal else "injured"
        if not tokens[q].is_word or low in STOP or low in ("no", "only", "minor-looking"):
            return None
    return None


def _caused(tokens: list[Token], j: int) -> bool:
    """ "died of his injuries", "died of COVID-19", "died in Aden after being shot": a cause
    that makes a death an incident's."""
    sentence = " ".join(t.low for t in tokens if t.low not in (".", ";"))
    if any(f" {w}" in f" {sentence}" for w in persons().incidents + persons().harms):
        return True  # "a boy who was trampled ... died", "died in Aden after being shot"
    if j >= len(tokens):
        return False
    if tokens[j].low not in ("of", "from", "with"):
        return False
    p = persons()
    cause = " ".join(t.low for t in tokens[j + 1:j + 5])
    cause = re.sub(r"^(?:a|an|the|his|her|complications\s+(?:of|from))\s+", "", cause)
    return any(cause.startswith(w) for w in p.epidemic | p.harm)


_VERB_AFTER_SUBJECT = frozenset("was is were are has had have who that".split())


def _clause_subject(tokens: list[Token], k: int, first: int, title_case: bool) -> list[tuple[Person, Person | None]]:
    """The nearest person before token k that stands before a verb ("A man who drove X was
    arrested", "the attacker, an 18-year-old, was overpowered ... and was arrested")."""
    for q in range(k - 1, max(first - 1, k - 25), -1):
        low = tokens[q].low
        if low in (".", ";", ":") or tokens[q].fig >= 0 and q + 1 < k and tokens[q + 1].low in _VERB_AFTER_SUBJECT:
            return []
        if low in lexicon().speech_verbs and tokens[q].is_word and not tokens[q].is_capitalised:
            return []  # "X said the captives were safe and being treated": X is the speaker
        if low in ("ill", "sick", "not", "never"):
            return []  # "was taken ill ... and taken to hospital": an illness
        nxt = tokens[q + 1].low if q + 1 < len(tokens) else "."
        if nxt in _VERB_AFTER_SUBJECT or nxt.endswith(("ing", "ed")) and tokens[q + 1].is_word and q + 1 != k:
            found = _subjects(tokens, q, first, title_case)
            if found:
                return [(_antecedent(tokens, found[0][0], first, title_case), found[0][1])]
    # "A nurse ran to help and was shot": the sentence's subject before a verb of any form
    for e in range(min(k - 1, first + 8), first, -1):
        person = person_after(tokens, first, e)
        if person is None or person.end != e:
            continue
        if k <= e + 12 and tokens[e].is_word and not noun_group(tokens, e) and tokens[e].low not in CLAUSE \
                and not any(tokens[t].fig >= 0 or tokens[t].low in _NOT_ONE_CLAUSE
                            or tokens[t].low in lexicon().speech_verbs for t in range(e, k)):
            return [(person, None)]
        break
    return []


_NOT_ONE_CLAUSE = frozenset(["that", "who", "which", "when", "after", "before", "because", "while", "if", "as",
                             "but", "said", "says", "told", "ordered", "saw", "watched", "helped", "found"])


def _antecedent(tokens: list[Token], person: Person, first: int, title_case: bool) -> Person:
    """The name a relative clause hangs on: "Łukasz, who works there as a chef, ... was hurt"."""
    for q in range(person.start - 1, max(first, person.start - 15), -1):
        if tokens[q].low in (".", ";", ":") or tokens[q].fig >= 0:
            break
        if tokens[q].low == "who" and tokens[q - 1].low == "," and q - 2 >= first:
            name = person_before(tokens, q - 2, first, title_case) or name_ending(tokens, q - 2, first)
            if name is None or not name.named:
                return person
            return Person(name.start, name.end, name.head, name.group or person.group, True)
    return person


def _subject_of(tokens: list[Token], j: int, first: int, title_case: bool) -> list[tuple[Person, Person | None]]:
    """Persons before the phrase at token j, over auxiliaries and adverbs ("was also later")."""
    k = j - 1
    if k > first and tokens[k].low in ('"', "“", "'", "‘") and tokens[k].end == tokens[j].start \
            and tokens[k - 1].end < tokens[k].start:
        k -= 1  # 'was "martyred"', not "'Lion Man' killed"
    plural = False
    p = persons()
    while k >= first:
        low = tokens[k].low
        if low == "to" and k + 1 < j and tokens[k + 1].low in ("have", "be") and k - 1 >= first \
                and tokens[k - 1].low in _REPORTED:
            k -= 2  # "was announced to have died", "is believed to have been killed"
            continue
        if low in p.not_before:
            return []
        if low == "and":
            # "was shot and killed", "was arrested and charged": the same person
            if k - 1 >= first and match(tokens, k - 1, indexes()["after"]):
                k -= 2
                continue
            # "A bystander tried to help, and was later hospitalised", "a nurse was stabbed ...
            # and died hours later": the subject of the clause before
            if k + 1 == j or tokens[k + 1].low in ("was", "has", "had", "is"):
                return _clause_subject(tokens, k, first, title_case)
            return []
        if low in BETWEEN or low in ("has", "had", "who") or low in _PLURAL_AUX \
                or low.endswith("ly") and tokens[k].is_word and not tokens[k].is_capitalised:
            plural = plural or low in _PLURAL_AUX and not (k >= 1 and tokens[k - 1].low == "to")
            k -= 1
            continue
        break
    if k < first:
        return []
    if tokens[k].low in ("'", "’", '"', "”") and k - 1 > first:
        # "South African 'Lion Man' killed by his lions": a quoted name
        opening = next((q for q in range(k - 1, max(first - 1, k - 6), -1) if tokens[q].low in ("'", "‘", '"', "“")), None)
        if opening is not None and opening + 1 < k and all(t.is_capitalised for t in tokens[opening + 1:k]):
            return [(Person(opening + 1, k, k - 1, None, named=True), None)]
        return []
    if tokens[k].low == "," and k + 1 < j and tokens[k + 1].low == "who":
        k -= 1  # "Abu Mahdi, who was also killed"
        if k - 1 >= first and tokens[k].text.isdigit() and tokens[k - 1].low == ",":
            k -= 2  # "Amira Haddad, 33, who also died"
        if k >= first and tokens[k].low == ",":
            return []
    if tokens[k].low in ("he", "she") and (k == first or tokens[k - 1].low in STOP or tokens[k - 1].low in CLAUSE):
        # "Crews brought the woman out, but she was pronounced dead": the person the pronoun
        # stands for in the same sentence
        antecedent = _antecedent_in_sentence(tokens, k, first, tokens[k].low == "she")
        if antecedent is not None:
            return [(antecedent, None)]
        # "He died that night": a claim only when it is the one statement of that person's
        # outcome in the document (pipeline.py decides, seeing the whole document)
        return [(Person(k, k + 1, k, None), None)]
    subjects = _subjects(tokens, k, first, title_case)
    if not subjects and tokens[k].is_word and tokens[k].low not in ("he", "she", "it", "they"):
        # "A man who drove X to the cafe was arrested", "A soldier taking part in the rescue was injured"
        for q in range(k - 1, max(first - 1, k - 15), -1):
            if tokens[q].low in (".", ";", ":", ",", "—", "(") or tokens[q].fig >= 0:
                break
            if tokens[q].low in lexicon().speech_verbs and not any(
                    tokens[m].low in ("who", "that", "which") for m in range(max(first, q - 3), q)):
                break  # "A commander who gave his name as X said the captives were treated": the speaker;
                # "A man who police say sold him the gun was arrested": the man
            if tokens[q].low in ("who", "that") or tokens[q].low.endswith("ing") and tokens[q].is_word:
                found = _subjects(tokens, q - 1, first, title_case) if q - 1 >= first else []
                if found and found[0][0].end == q:
                    subjects = found
                    break
    if subjects and not subjects[0][0].named and subjects[0][0].start - 2 >= first \
            and tokens[subjects[0][0].start - 1].low == ",":
        q = subjects[0][0].start - 2  # "Daniel Oka, a 16-year-old schoolboy who was arrested": the name
        if tokens[q].text.isdigit() and q - 2 >= first and tokens[q - 1].low == ",":
            q -= 2  # "Karim Osei, 26, the convoy's commander, who was shot"
        name = person_before(tokens, q, first, title_case) or name_ending(tokens, q, first)
        place = name is not None and name.start - 2 >= first and tokens[name.start - 1].low in ("of", "in", "at") \
            and tokens[name.start - 2].low in persons().place_nouns  # "the village of Terma, a teacher"
        if name is not None and name.named and not place:
            subjects = [(Person(name.start, name.end, name.head, name.group or subjects[0][0].group, True), None)]
    coordinated = subjects and (subjects[0][0].end <= k and tokens[k].low != "," or subjects[-1][0].start - 1 > first
                                and tokens[subjects[-1][0].start - 1].low == "and")
    if plural and len(subjects) < 2 and not coordinated:
        return []  # "were killed" after one person: the person is part of a larger subject
    return subjects


def _frame(tokens: list[Token], j: int, counts: dict[int, str]) -> tuple[int, str, int | None] | None:
    """A list frame at token j: (first token of the list, outcome, count token it is part of)."""
    for words in _INCLUDE:
        if all(j + q < len(tokens) and tokens[j + q].low == w for q, w in enumerate(words)):
            parent = next((t for t in range(j - 1, max(-1, j - 60), -1) if t in counts), None)
            if parent is None:  # (a bounded look back keeps a long sentence linear)
                break
            start = j + len(words)
            if start < len(tokens) and tokens[start].low in ("were", "was", "are", "is"):
                start += 1
            return start, counts[parent], parent
    low = tokens[j].low
    # "The seven victims, six men and a 16-year-old boy, died": an appositive list of the count's members
    if low == "," and j >= 3 and tokens[j - 3].low == "the" and tokens[j - 1].low.endswith("s"):
        adj = match(tokens, j - 2, indexes()["adjectives"])  # "The injured teenagers, three girls and a boy, were"
        close = next((m for m in range(j + 1, min(len(tokens), j + 16)) if tokens[m].low in (",", ".", ";")), None)
        if adj and adj[0] == 1 and close is not None and tokens[close].low == "," \
                and any(tokens[m].low == "and" for m in range(j + 1, close)) \
                and close + 1 < len(tokens) and tokens[close + 1].low in _BE | {"have", "has", "had"}:
            return j + 1, adj[1], None
    if low == "," and j + 1 < len(tokens):
        before = [t for t in range(max(0, j - 5), j) if t in counts]
        close = next((m for m in range(j + 1, min(len(tokens), j + 16)) if tokens[m].low in (",", ".", ";")), None)
        if before and all(tokens[m].is_word for m in range(before[-1] + 1, j)) and close is not None \
                and tokens[close].low == "," and any(tokens[m].low == "and" for m in range(j + 1, close)) \
                and close + 1 < len(tokens) and (tokens[close + 1].low in _BE | {"have", "has", "had"}
                                                 or match(tokens, close + 1, indexes()["after"])) \
                and (before[-1] == 0 or tokens[before[-1] - 1].low in ("the", "those", "these", "all", "—", "\"")) \
                and (tokens[j + 1].fig >= 0 or any(tokens[m].fig >= 0 for m in range(j + 1, close))):
            return j + 1, counts[before[-1]], None
    # "The two people killed were a barman and a customer": the count's members
    if low in ("were", "are") and j >= 2 and j + 1 < len(tokens):
        hit = match(tokens, j - 1, indexes()["after"])
        before = [t for t in range(max(0, j - 4), j - 1) if t in counts]
        if hit and before:
            return j + 1, counts[before[-1]], None
    # "One of the dead attackers was identified on Sunday as X": the one is the person
    if low in ("identified", "named"):
        q = j + 1
        while q < len(tokens) and q - j <= 4 and tokens[q].low not in ("as", ",", "."):
            q += 1
        one = [t for t in range(max(0, j - 12), j) if t in counts and tokens[t].text.lower() == "one"
               and tokens[t + 1].low == "of"]
        if q < len(tokens) and tokens[q].low == "as" and one \
                and not any(tokens[m].low in (".", ";") for m in range(one[-1], j)):
            return q + 1, counts[one[-1]], one[-1]
    # "The victims were identified as A, B and C", "the dead have been named as X and Y"
    if low in _FRAME_NOUNS and j + 3 < len(tokens):
        k = j + 1
        while k < len(tokens) and tokens[k].low in ("were", "was", "have", "has", "been", "officially", "later"):
            k += 1
        q = k + 1  # "named locally as", "formally identified as"
        while q < len(tokens) and q - k <= 4 and (tokens[q].low.endswith("ly") or tokens[q].low in (
                "by", "his", "her", "their", "the", "family", "police", "relatives", "officers")):
            q += 1
        if k > j + 1 and q < len(tokens) and tokens[k].low in ("identified", "named") and tokens[q].low == "as":
            return q + 1, _FRAME_NOUNS[low], None
    # "Among those who died was a health worker"
    if low == "among" and j + 3 < len(tokens) and tokens[j + 1].low == "those" and tokens[j + 2].low in ("who", "that"):
        hit = match(tokens, j + 3, indexes()["after"])
        if hit and j + 3 + hit[0] < len(tokens) and tokens[j + 3 + hit[0]].low in ("was", "were", "is", "are"):
            return j + 4 + hit[0], hit[1], None
    # "Three of the victims were police officers and the fourth was an office worker": the one left
    if low in ORDINALS and j >= 2 and tokens[j - 1].low == "the" and tokens[j - 2].low in ("and", ",", ";") \
            and j + 1 < len(tokens) and tokens[j + 1].low in ("was", "is"):
        before = next((t for t in range(j - 3, max(-1, j - 16), -1) if t in counts), None)
        if before is not None and not any(tokens[q].low == "." for q in range(before, j)):
            return j + 2, counts[before], None
    # "killed two visitors — a man from X and another man from Y"
    if low in ("—", "–", ":") and j + 1 < len(tokens):
        before = [t for t in range(max(0, j - 10), j) if t in counts]
        if before and not any(tokens[q].low in (".", ";") for q in range(before[-1], j)):
            return j + 1, counts[before[-1]], before[-1]
    # "Among the dead are both the pilot and co-pilot", "Other victims included X and Y"
    if low == "among" and j + 2 < len(tokens) and tokens[j + 1].low in ("the", "those"):
        # "Among the dead were ...", "Among the four killed in the blast were ...", "Among the
        # wounded soldiers is ...": the frame's outcome word, then "were" within a few words
        k = j + 2
        outcome = None
        while k < len(tokens) and k - j < 9 and tokens[k].low not in ("were", "was", "are", "is", ",", ".", ";"):
            outcome = outcome or _FRAME_NOUNS.get(tokens[k].low) or (lexicon().after.get(tokens[k].low)
                                                                       if tokens[k - 1].fig >= 0 else None)
            k += 1
        if outcome and k < len(tokens) and tokens[k].low in ("were", "was", "are", "is"):
            start = k + 1
            if start < len(tokens) and tokens[start].low == "both":
                start += 1
            return start, outcome, None
    if low in _FRAME_NOUNS and j + 1 < len(tokens) and tokens[j + 1].low in ("included", "include", "includes",
                                                                            "were", "are") \
            and j > 0 and tokens[j - 1].low in ("other", "the"):
        return j + 2, _FRAME_NOUNS[low], None  # "The dead were a student, a bartender and ..."
    return None


@cache
def starts() -> frozenset[str]:
    """First words of every rule's phrase: tokens that can start a rule (find's pre-filter)."""
    idx = indexes()
    words = {w for key in ("after", "verbs", "adjectives", "of_nouns") for w in idx[key]}
    words |= {words_[0] for words_ in _INCLUDE} | set(_FRAME_NOUNS) | {"among", "—", "–", ":", ",", "as", "were", "are"}
    words |= _HARM_VERBS | _SERIES | _TAKEN | {"identified", "named", "found", "FIG", "one"}
    return frozenset(words)


def _one_per_person(found: list[Found]) -> list[Found]:
    """One claim per person and sentence, the gravest outcome first; in token order."""
    kept = sorted(found, key=lambda f: (f.person.start, -f.person.end))
    out: list[Found] = []
    for f in kept:
        if out and f.person.start < out[-1].person.end:  # the same person (or a name inside it)
            if _RANK.get(f.outcome, 9) < _RANK.get(out[-1].outcome, 9):
                out[-1] = Found(out[-1].person, f.outcome, f.rule if f.rule != "soft" else out[-1].rule, f.parent)
            continue
        out.append(f)
    return out
