"""Group claims into events: units within a document, then units across documents.

A *unit* is the claims of one document about one incident. Claims belong to their
document's main incident (the place and date of its first placed and dated claims)
unless their sentence anchors them to a date more than the window away, or to another
place that the sentence marks as another incident ("in a separate attack in Kessor", or
another kind of incident): such claims form a unit of their own ("a second incident
mentioned in passing"). A hospital treating the wounded or a village of the flooded
valley stays with the main incident.

Units join across documents when their places match (same gazetteer entry, else the
same normalised name), their dates are within the window of the event's first date and
their incident kinds agree. Units are blocked by place name and swept in date order, so
no two units of different places are ever compared: the work grows with the number of
units, not its square. Hand edits (merge, split) are replayed afterwards, in order.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from tollbook.extract.people import demonyms
from tollbook.extract.tokens import trie_pattern
from tollbook.extract.where import countries_named, is_country
from tollbook.reconcile.model import DocumentInfo, Edit, Mention
from tollbook.reconcile.vocab import vocabulary

MAIN = "main"


@dataclass(slots=True)
class Unit:
    """The claims of one document about one incident."""

    key: str  # "<content hash prefix>/main" or "<content hash prefix>/<place>@<date>"
    document: DocumentInfo
    mentions: list[Mention] = field(default_factory=list)
    place: str | None = None  # normalised name (the blocking key)
    place_id: int | None = None
    first: Mention | None = None  # the claim that gives the unit its place
    interval: tuple[int, int] | None = None  # ordinal days
    precision: str | None = None
    kind: str | None = None
    country: str | None = None  # ISO code: the place's, else the one the document names most
    names: frozenset[str] = frozenset()  # the names its sentences and title mention (content evidence)
    reason: str | None = None  # why it joined its event's first report ("same place, 1 day apart")
    toll: int | None = None  # cached unit_toll (upper median)
    parts: frozenset[int] | None = None  # cached: ids of its mentions that count a part (partial_claims)
    places: frozenset[str] = frozenset()  # every place its claims name (the unit's own first)
    back_reference: bool = False  # another incident's toll told of in passing: never joins its own document
    apart: bool = False  # another place the document marks as another incident: never rejoins its document


def place_name(mention: Mention) -> str | None:
    """The normalised place of a claim: the gazetteer's name when resolved, else as written
    without the words that only say what kind of place it is ("the Velmora market" -> "velmora")."""
    claim = mention.claim
    if claim.place_name:
        return " ".join(claim.place_name.lower().split())
    if not claim.place:
        return None
    words = re.findall(r"[\w'’-]+", claim.place.lower())
    kept = [w for w in words if w not in vocabulary().place_generic]
    return " ".join(kept or words) or None


def date_interval(value: str | None) -> tuple[tuple[int, int], str] | None:
    """(first day, last day) as ordinals and the precision of an ISO date, year-month or year."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            day = date(*parts).toordinal()
            return (day, day), "day"
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            return (first.toordinal(), last.toordinal()), "month"
        if len(parts) == 1:
            return (date(parts[0], 1, 1).toordinal(), date(parts[0], 12, 31).toordinal()), "year"
    except ValueError:
        return None
    return None


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Days between two intervals (0 when they overlap)."""
    return max(0, a[0] - b[1], b[0] - a[1])


@lru_cache(maxsize=1)
def _incident_words() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """The incident words as one trie-shaped pattern over lower-cased, single-spaced text (several
    times faster than the flat alternation), and each word's kinds."""
    vocab = vocabulary()
    kinds: dict[str, list[str]] = defaultdict(list)
    for kind, words in vocab.incident_types.items():
        for word in words:
            kinds[" ".join(word.lower().split())].append(kind)
    pattern = re.compile(rf"(?<![\w-])(?:{trie_pattern(sorted(kinds))})(?![\w-])")
    return pattern, {word: tuple(found) for word, found in kinds.items()}


@lru_cache(maxsize=65_536)
def _kinds_in(text: str) -> tuple[str, ...]:
    """The incident kinds of the words of one text, one entry per word (cached: sentences repeat)."""
    pattern, kinds = _incident_words()
    found: list[str] = []
    for match in pattern.finditer(" ".join(text.lower().split())):
        found.extend(kinds[match.group()])
    return tuple(found)


def incident_kind(texts: Iterable[str]) -> str | None:
    """The incident kind whose words occur most often in the texts (None when none does)."""
    vocab = vocabulary()
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_kinds_in(text))
    if not counts:
        return None
    order = list(vocab.incident_types)
    return max(counts, key=lambda k: (counts[k], -order.index(k)))


def document_units(document: DocumentInfo, mentions: Sequence[Mention], window: int) -> list[Unit]:
    """Split one document's claims into its main incident and incidents mentioned in passing."""
    mentions = sorted(mentions, key=lambda m: m.claim.start)
    main_place = next((m for m in mentions if place_name(m)), None)
    main_date = next((date_interval(m.claim.date) for m in mentions if date_interval(m.claim.date)), None)
    units: dict[str, Unit] = {}
    prefix = document.content_hash[:16]
    main_name = place_name(main_place) if main_place else None
    main_kind = incident_kind([main_place.sentence]) if main_place else None
    separate = vocabulary().separate_pattern
    apart: set[str] = set()  # places this document already told apart from its main incident
    for mention in mentions:
        place = place_name(mention)
        other_place = (place is not None and main_name is not None and place not in apart
                       and _elsewhere(mention, place, main_place, main_name, main_kind, separate))
        if other_place:
            apart.add(place)
        other_place = other_place or place in apart
        dated = date_interval(mention.claim.date)
        other_date = dated is not None and main_date is not None and gap(dated[0], main_date[0]) > window
        if other_place or other_date:
            # Another incident: its own place when the sentence names one, else the main one.
            own = place is not None and (other_place or place != main_name)
            anchor_place = place if own else (main_name or "")
            anchor_date = mention.claim.date if other_date else (mention.claim.date or "")
            key = f"{prefix}/{anchor_place}@{anchor_date}"
            first = mention if own else main_place
        else:
            key, first = f"{prefix}/{MAIN}", main_place
        unit = units.get(key)
        if unit is None:
            unit = units[key] = Unit(key=key, document=document, first=first, apart=bool(other_place))
        unit.mentions.append(mention)
    _back_references(units, prefix, document)
    published = date_interval(document.published)
    countries = Counter(m.claim.country for m in mentions if m.claim.country)
    fallback = countries.most_common(1)[0][0] if countries else _named_country(document, mentions)
    for unit in units.values():
        if unit.first is not None:
            unit.place, unit.place_id = place_name(unit.first), unit.first.claim.place_id
            unit.country = unit.first.claim.country
        unit.country = unit.country or fallback
        unit.places = frozenset(p for p in (place_name(m) for m in unit.mentions) if p)
        unit.names = salient_names([m.sentence for m in unit.mentions] + [document.title or ""]) | document.names
        dates = [d for d in (date_interval(m.claim.date) for m in unit.mentions) if d]
        if dates:
            # the date most of its claims give, made finer by a day inside it: one claim about
            # an earlier quake does not move a report's incident to that day
            common = Counter(dates).most_common(1)[0][0]
            inside = [d for d in dates if common[0][0] <= d[0][0] and d[0][1] <= common[0][1]]
            unit.interval, unit.precision = min(inside, key=lambda d: d[0][1] - d[0][0])
        elif unit.key.endswith(MAIN) and main_date is not None:
            unit.interval, unit.precision = main_date
        elif published is not None:
            unit.interval, unit.precision = published[0], "published"
        texts = [m.sentence for m in unit.mentions]
        if unit.key.endswith(MAIN) and document.title:
            texts.append(document.title)
        unit.kind = incident_kind(texts)
    return list(units.values())


_NAME_TOKEN = re.compile(r"(?<=[\w,;:)] )[A-Z][\w'’-]{2,}|\b[A-Z]{3,}\b")
_NOT_NAMES = frozenset("the this that these those they there then their when while after before with from monday "
                       "tuesday wednesday thursday friday saturday sunday january february march april may june july "
                       "august september october november december reuters afp ap said".split())


def salient_names(texts: Iterable[str]) -> frozenset[str]:
    """The names a unit's sentences mention, lower-cased ("westgate", "shabab", "red"):
    content evidence that two reports tell of one incident."""
    names = set()
    for text in texts:
        for match in _NAME_TOKEN.finditer(text):
            word = match.group().lower().strip("'’").removesuffix("'s").removesuffix("’s")
            if word not in _NOT_NAMES:
                names.add(word)
    return frozenset(names)


def _named_country(document: DocumentInfo, mentions: Sequence[Mention]) -> str | None:
    """The country a document's title and claim sentences name most ("... in Kenya")."""
    found = Counter()
    for text in [document.title or "", *(m.sentence for m in mentions)]:
        found.update(_countries_in(text))
    return found.most_common(1)[0][0] if found else None


@lru_cache(maxsize=65_536)
def _countries_in(text: str) -> frozenset[str]:
    """The countries one text names (cached: wire copies repeat their sentences)."""
    return countries_named(text) if any(c.isupper() for c in text) else frozenset()


# a toll told of in the past: "The death toll had reached 339 by Friday", "twin bombings two
# weeks ago killed more than 350", "the earlier quake killed 17"
_PAST_TOLL = re.compile(r"\bhad\s+(?:reached|risen|climbed|killed|left|claimed)\b|\bago\b|\bearlier\s+(?:quake|attack|"
                        r"blast|wreck|shipwreck|disaster|bombing)|\bprevious\b|\blast\s+(?:week|month|year)\b",
                        re.IGNORECASE)


def _back_references(units: dict[str, Unit], prefix: str, document: DocumentInfo) -> None:
    """A toll far above a report's own, told of in the past, is another incident's ("the toll
    had reached 339" in a report of a wreck with 27 dead): a unit of its own, which joins that
    incident's event when one exists and never its own document's (``Unit.back_reference``)."""
    main = units.get(f"{prefix}/{MAIN}")
    if main is None:
        return
    toll = unit_toll(main)
    if not toll:
        return
    main.parts, main.toll = None, None
    for mention in list(main.mentions):
        claim = mention.claim
        if claim.outcome == "killed" and claim.group is None and claim.low > _TOLL_RATIO * toll \
                and _PAST_TOLL.search(mention.sentence):
            main.mentions.remove(mention)
            key = f"{prefix}/back@{claim.id}"
            units[key] = Unit(key=key, document=document, first=main.first, mentions=[mention], back_reference=True)


def _elsewhere(mention: Mention, place: str, main: Mention, main_name: str, main_kind: str | None,
               separate: re.Pattern[str]) -> bool:
    """Whether a claim placed somewhere else in the text is about another incident.

    A place that shares a word with the main one ("Korvani General Hospital" in a report
    on Korvani) or the same gazetteer entry is the same incident; another place is another
    incident only when the sentence says so ("in a separate attack") or tells of another
    kind of incident.
    """
    if place == main_name or (mention.claim.place_id and mention.claim.place_id == main.claim.place_id):
        return False
    if set(place.split()) & set(main_name.split()):
        return False
    if separate.search(mention.sentence):
        return True
    kind = incident_kind([mention.sentence])
    return bool(kind and main_kind and kind != main_kind)


@dataclass(slots=True)
class _Cluster:
    units: list[Unit] = field(default_factory=list)
    interval: tuple[int, int] | None = None  # the incident's days: its earliest unit's, widened only by overlaps
    kind: str | None = None
    places: dict[str, int | None] = field(default_factory=dict)  # normalised name -> gazetteer id
    names: set[str] = field(default_factory=set)
    last: int = 0  # the latest day a unit of it was dated: the sweep keeps it open until then
    toll: int = 0  # the highest toll of the killed its reports give
    documents: set[int] = field(default_factory=set)
    apart_documents: set[int] = field(default_factory=set)  # documents that told this incident apart from another
    specific: bool = False  # it holds a place below a country

    def add(self, unit: Unit, follow_up: bool = False) -> None:
        """Take a unit; a follow-up report (days later) does not move the incident's days."""
        self.units.append(unit)
        self.documents.add(unit.document.id)
        if unit.apart or unit.back_reference:
            self.apart_documents.add(unit.document.id)
        if unit.place:
            self.places[unit.place] = self.places.get(unit.place) or unit.place_id
            self.specific = self.specific or _specific(unit.place)
        self.names |= unit.names
        self.kind = self.kind or unit.kind
        self.toll = max([self.toll, *_toll_figures(unit)])
        if unit.interval is not None:
            if self.interval is None:
                self.interval = unit.interval
            elif not follow_up and gap(unit.interval, self.interval) == 0:  # (no creeping day by day)
                self.interval = (min(self.interval[0], unit.interval[0]), max(self.interval[1], unit.interval[1]))
            self.last = max(self.last, unit.interval[1])


def _toll_figures(unit: Unit) -> list[int]:
    """A unit's figures of the killed of no group, sorted (parts and increments left out)."""
    parts = partial_claims([unit])  # an increment ("another 16 bodies") is no toll (cached per unit)
    return sorted(m.claim.low for m in unit.mentions
                  if m.claim.outcome == "killed" and m.claim.group is None and not m.claim.individual
                  and m.claim.low and not m.claim.part_of and id(m) not in parts)


def unit_toll(unit: Unit) -> int:
    """A unit's toll of the killed: the upper median of its figures (one recalled toll of another
    incident does not make a report's toll), 0 if none; cached on the unit."""
    if unit.toll is None:
        figures = _toll_figures(unit)
        unit.toll = figures[len(figures) // 2] if figures else 0
    return unit.toll


FOLLOW_UP_DAYS = 30  # a later report of the same place and incident may come this many days on
_SIMILAR = 0.3  # share of names two reports of one incident have in common (overlap coefficient)
_TOLL_RATIO = 4  # agencies disagree (131 against 436), but a report of a 250-dead wreck does not say 27


def similarity(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Names shared, over the smaller set; 0 unless at least two are shared."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / min(len(a), len(b)) if shared >= 2 else 0.0


def cluster(units: Sequence[Unit], window: int) -> list[list[Unit]]:
    """Join units of different documents about the same incident; each list is one event.

    Units are blocked by country (their place's, else the one their document names) and
    swept in date order. A unit joins the open cluster it fits best:
    - places: the same place, or one is the country of the other; different places of one
      country join only on the wording (below) and within the window;
    - dates: within the window of the incident's days; a later report (up to
      ``FOLLOW_UP_DAYS``) or an undated one joins only on the wording;
    - the wording: the names the reports share (``similarity``), which also lets two
      reports whose incident kinds were read differently meet.
    Namesakes (two gazetteer ids) never join; no two units of different countries are compared.
    """
    blocks: dict[str | None, list[Unit]] = defaultdict(list)
    for unit in units:
        blocks[unit.country].append(unit)
    events: list[list[Unit]] = []
    by_place: dict[str, list[_Cluster]] = defaultdict(list)  # for places of no known country
    for country in sorted(blocks, key=lambda c: c is None):  # the units of no known country last
        block = blocks[country]
        if country is None:
            events.extend([u] for u in block if u.place is None)  # nothing to match on: an event of its own
            block = [u for u in block if u.place is not None]
        block.sort(key=lambda u: (u.interval is None, u.interval or (0, 0), u.document.id, u.key))
        clusters: list[_Cluster] = []
        recent: list[_Cluster] = []  # clusters dated within the window of the sweep
        named: dict[str, list[_Cluster]] = defaultdict(list)  # the block's clusters by the places they hold
        for unit in block:
            # Units arrive in date order: a cluster last dated more than the window before this
            # unit leaves the sweep; a later report still meets it through a place they share
            # (up to FOLLOW_UP_DAYS), so the work per unit stays bounded.
            if unit.interval is not None and len(recent) > 8:
                horizon = unit.interval[0] - window
                recent = [c for c in recent if c.interval is None or c.last >= horizon]
            candidates = {id(c): c for c in recent}
            places = unit.places | ({unit.place} if unit.place else set())
            for place in places:
                if unit.interval is not None and place in named:  # (a follow-up comes within FOLLOW_UP_DAYS)
                    named[place] = [c for c in named[place]
                                    if c.interval is None or c.last >= unit.interval[0] - FOLLOW_UP_DAYS]
                for c in named.get(place, ()):
                    candidates.setdefault(id(c), c)
                if country is None:  # a place of no known country ("Lombok") meets the clusters holding its name
                    for c in by_place.get(place, ()):
                        candidates.setdefault(id(c), c)
            if unit.interval is None:  # an undated report: the clusters of its wording's time are unknown
                for c in clusters[-200:]:
                    candidates.setdefault(id(c), c)
            best: tuple[float, _Cluster] | None = None
            for candidate in candidates.values():
                score = _fit(unit, candidate, window)
                if score is not None and (best is None or score > best[0]):
                    best = (score, candidate)
            if best is None:
                best = (0.0, _Cluster())
                clusters.append(best[1])
            target = best[1]
            if target.units:
                unit.reason = _why(unit, target)
            target.add(unit, follow_up=unit.interval is not None and target.interval is not None
                       and gap(unit.interval, target.interval) > window)
            if not any(c is target for c in recent):
                recent.append(target)
            for place in places:
                if not any(c is target for c in named[place][-4:]):
                    named[place].append(target)
                if country is not None:
                    by_place[place].append(target)
        events.extend(c.units for c in clusters)
    return events


def _fit(unit: Unit, candidate: _Cluster, window: int) -> float | None:
    """How well a unit fits a cluster (None: it does not)."""
    document = unit.document.id
    if (unit.back_reference or unit.apart) and document in candidate.documents or document in candidate.apart_documents:
        return None  # a document told its incidents apart ("in a separate incident in Kessor"): they stay apart
    known = candidate.places.get(unit.place) if unit.place else None
    if unit.place_id and known and unit.place_id != known:
        return None  # namesakes: two places called alike
    if unit.interval is not None and candidate.interval is not None:
        apart = gap(unit.interval, candidate.interval)
        if apart > window and (apart > FOLLOW_UP_DAYS or unit.interval[0] <= candidate.interval[0]):
            return None  # too far apart for any report of one incident (the cheap test first)
    similar = similarity(unit.names, candidate.names)
    worded = similar >= _SIMILAR
    # the same place: its own, or another its claims name ("the Orvane mall attack in Tesh")
    same_place = unit.place is not None and unit.place in candidate.places \
        or any(p in candidate.places for p in unit.places if _specific(p))
    # another specific place than the cluster's (not a country or continent that holds it)
    contradicts = not same_place and candidate.specific and _specific(unit.place)
    if contradicts and not worded:
        return None  # another place of the same country
    if unit.kind and candidate.kind and unit.kind != candidate.kind and not worded:
        return None
    toll = unit_toll(unit)
    if toll and candidate.toll and _TOLL_RATIO * toll < candidate.toll:
        return None  # a report of the incident gives at least a quarter of its toll: 27 after 250 is another
    if unit.interval is None or candidate.interval is None:
        if not worded:
            return None  # an undated report joins on its wording only
        distance = 0
    else:
        distance = gap(unit.interval, candidate.interval)
        if distance > window:
            # a later report of the incident (a rising toll, bodies recovered days on): its
            # wording agrees and it names no other place
            later = unit.interval[0] > candidate.interval[0]
            if not (later and distance <= FOLLOW_UP_DAYS and worded and not contradicts):
                return None
    return similar + (1.0 if same_place else 0.0) - distance / 100


def _why(unit: Unit, candidate: _Cluster) -> str:
    """Why a unit joins a cluster, in words (shown with the event)."""
    parts = []
    if unit.place and unit.place in candidate.places:
        parts.append(f"same place ({unit.place})")
    elif unit.place and not _specific(unit.place):
        parts.append(f"{unit.place} holds the event's place")
    elif unit.place:
        parts.append(f"{unit.place}, near the event's place ({', '.join(sorted(candidate.places)) or 'none'})")
    else:
        parts.append("no place of its own")
    if unit.interval is None or candidate.interval is None:
        parts.append("undated")
    else:
        days = gap(unit.interval, candidate.interval)
        parts.append("same days" if days == 0 else f"{days} day{'s' if days > 1 else ''} after the incident")
    shared = sorted(unit.names & candidate.names)
    if shared:
        parts.append(f"{len(shared)} names in common ({', '.join(shared[:6])}{', ...' if len(shared) > 6 else ''})")
    return "; ".join(parts)


_CONTINENTS = frozenset("europe africa asia america americas oceania antarctica middle east".split())


def _specific(place: str | None) -> bool:
    """A place below a country: a town, a region, an island (not a country or continent)."""
    return place is not None and place not in _CONTINENTS and not _is_country(place)


@lru_cache(maxsize=4096)
def _is_country(name: str) -> bool:
    return is_country(name)


def apply_edits(events: list[list[Unit]], edits: Sequence[Edit]) -> list[list[Unit]]:
    """Replay hand merges and splits, in the order they were made."""
    if not edits:
        return events
    label = {unit.key: n for n, members in enumerate(events) for unit in members}
    units = {unit.key: unit for members in events for unit in members}
    fresh = len(events)
    for edit in edits:
        present = [key for key in edit.units if key in label]
        if not present:
            continue
        if edit.op == "merge":
            targets = {label[key] for key in present}
            into = min(targets)
            for key, value in label.items():
                if value in targets:
                    label[key] = into
        elif edit.op == "split":
            for key in present:
                label[key] = fresh
            fresh += 1
    grouped: dict[int, list[Unit]] = defaultdict(list)
    for key, value in label.items():
        grouped[value].append(units[key])
    return [grouped[n] for n in sorted(grouped)]


_INCREMENT_WORDS = frozenset(["another", "further", "additional"])  # "another 16", "a further 18", "an additional 9"
_INCREMENT_AFTER = re.compile(r"^\s*(?:more\b(?!\s+than)|additional\b)", re.IGNORECASE)
# "67 bodies were identified", "67 of them have been identified" (no other figure between), "nine
# unidentified bodies"
_IDENTIFIED_AFTER = re.compile(r"^\s+(?:un)?identified\b|^[^\d.;,]{0,30}?\b(?:have|has|had|were|was|been|are)\s+"
                               r"(?:been\s+)?(?:positively\s+)?identified\b", re.IGNORECASE)
# one area of the incident: "on the neighbouring island of Bali", "the hardest-hit region ...
# where 374 died", "11 deaths in neighbouring Donggala regency" (a breakdown "40 in the north,
# 12 in the south" is parts that add up: derived.py)
_AREA = re.compile(r"\b(?:neighbou?ring|nearby|adjacent)\s+(?:[A-Z]\w+\s+)?(?:island|islands|province|regency|district|"
                   r"region|town|village|county|state)\b|\b(?:hardest|worst)[- ]hit\b", re.IGNORECASE)
# a day's count: "10 bodies had been retrieved in the last 24 hours"
_LAST_HOURS = re.compile(r"\b(?:in|over|during|within)\s+the\s+(?:last|past|previous)\s+(?:\d+|twenty-four|few)\s+hours\b",
                         re.IGNORECASE)
_DEMONYM_AFTER = re.compile(r"^\s+([A-Z][a-z]+)\b")
# a day's recovery: "rescuers recovered the bodies of two women early on Monday", in a report that
# also gives the count so far ("a total of 196 bodies have been recovered so far")
_RECOVERED = re.compile(r"\b(?:recovered|retrieved|pulled|fished|found)\b", re.IGNORECASE)
_ONE_DAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:today|yesterday|overnight)\b",
                      re.IGNORECASE)
_SO_FAR = re.compile(r"\bso\s+far\b|\ba\s+total\s+of\b|\bin\s+(?:total|all)\b|\bto\s+date\b|\baltogether\b|"
                     r"\b(?:taking|bringing|brings|took|brought)\b|\btoll\b", re.IGNORECASE)


def partial_claims(units: Sequence[Unit]) -> set[int]:
    """ids of the mentions that count a part of an incident's victims, not its toll:
    increments ("another 16 bodies", "a further 18", "16 more"), the identified ("67 bodies
    were identified"), a day's count ("in the last 24 hours"), one area ("two died on the
    neighbouring island of Bali"), one nationality ("two Canadians", "two French women") and one
    day's recovery ("recovered the bodies of two women on Monday") in a report that gives its count
    so far."""
    found: set[int] = set()
    for unit in units:
        if unit.parts is not None:
            found |= unit.parts
            continue
        own: set[int] = set()
        so_far: dict[str, int] | None = None  # read only for a report that tells of a day's recovery
        for mention in unit.mentions:
            claim = mention.claim
            if claim.individual or claim.negated:
                continue
            at = claim.start - claim.sentence_start
            end = claim.end - claim.sentence_start
            sentence = mention.sentence
            if not 0 <= at <= len(sentence):
                continue
            nationality = _DEMONYM_AFTER.match(sentence[end:end + 24])
            before = sentence[max(0, at - 14):at].split()
            if before and before[-1].lower() in _INCREMENT_WORDS or _INCREMENT_AFTER.match(sentence[end:end + 20]) \
                    or _IDENTIFIED_AFTER.match(sentence[end:end + 60]) \
                    or _sentence_part(sentence, claim.group is None) \
                    or nationality and _is_demonym(nationality.group(1)):
                own.add(id(mention))
            elif _days_recovery(sentence):
                so_far = _count_so_far(unit.mentions) if so_far is None else so_far
                if claim.low < so_far.get(claim.outcome, 0):
                    own.add(id(mention))
        unit.parts = frozenset(own)
        found |= own
    return found


def _count_so_far(mentions: Sequence[Mention]) -> dict[str, int]:
    """Per outcome, the largest count a report gives as its count so far ("a total of 196 bodies
    have been recovered so far", "the toll rose to 232")."""
    found: dict[str, int] = {}
    for mention in mentions:
        claim = mention.claim
        if not claim.negated and claim.low > found.get(claim.outcome, 0) and _SO_FAR.search(mention.sentence):
            found[claim.outcome] = claim.low
    return found


@lru_cache(maxsize=65_536)
def _days_recovery(sentence: str) -> bool:
    """The sentence tells of one day's recovery of bodies, not of a count so far."""
    return bool(_RECOVERED.search(sentence) and _ONE_DAY.search(sentence) and not _SO_FAR.search(sentence))


@lru_cache(maxsize=65_536)
def _sentence_part(sentence: str, all_victims: bool) -> bool:
    """The sentence tells of one area ("the neighbouring island of Bali"; for all victims only)
    or of a day's count ("in the last 24 hours")."""
    return bool(all_victims and _AREA.search(sentence) or _LAST_HOURS.search(sentence))


@lru_cache(maxsize=4096)
def _is_demonym(word: str) -> bool:
    low = word.lower()
    stem = re.sub(r"(?:wo)?m[ae]n$", "", low)  # "Frenchwomen", "Englishman"
    return low in demonyms() or low.rstrip("s") in demonyms() or stem != low and (stem in demonyms() or stem + "man" in
                                                                                    demonyms())


def event_id(units: Sequence[Unit]) -> str:
    """A stable id: from the unit of the earliest stored document (then the smallest key)."""
    anchor = min(units, key=lambda u: (u.document.id, u.key))
    return "E" + hashlib.sha1(anchor.key.encode()).hexdigest()[:10]


def build_units(mentions: Iterable[Mention], documents: Mapping[int, DocumentInfo], window: int) -> list[Unit]:
    """Every document's units."""
    by_document: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_document[mention.document_id].append(mention)
    units: list[Unit] = []
    for document_id in sorted(by_document):
        units.extend(document_units(documents[document_id], by_document[document_id], window))
    return units
