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


@lru_cache(maxsize=65_536)
def _kinds_in(text: str) -> tuple[str, ...]:
    """The incident kinds of the words of one text, one entry per word (cached: sentences repeat)."""
    vocab = vocabulary()
    found: list[str] = []
    for match in vocab.incident_pattern.finditer(text):
        word = " ".join(match.group().lower().split())
        found.extend(kind for kind, words in vocab.incident_types.items() if word in words)
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
            unit = units[key] = Unit(key=key, document=document, first=first)
        unit.mentions.append(mention)
    published = date_interval(document.published)
    for unit in units.values():
        if unit.first is not None:
            unit.place, unit.place_id = place_name(unit.first), unit.first.claim.place_id
        dates = [d for d in (date_interval(m.claim.date) for m in unit.mentions) if d]
        if dates:
            finest = min(dates, key=lambda d: d[0][1] - d[0][0])
            unit.interval, unit.precision = finest
        elif unit.key.endswith(MAIN) and main_date is not None:
            unit.interval, unit.precision = main_date
        elif published is not None:
            unit.interval, unit.precision = published[0], "published"
        texts = [m.sentence for m in unit.mentions]
        if unit.key.endswith(MAIN) and document.title:
            texts.append(document.title)
        unit.kind = incident_kind(texts)
    return list(units.values())


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
    units: list[Unit]
    interval: tuple[int, int] | None
    place_id: int | None
    kind: str | None


def cluster(units: Sequence[Unit], window: int) -> list[list[Unit]]:
    """Join units of different documents about the same incident; each list is one event."""
    blocks: dict[str | None, list[Unit]] = defaultdict(list)
    for unit in units:
        blocks[unit.place].append(unit)
    events: list[list[Unit]] = []
    for place, block in blocks.items():
        if place is None:  # nothing to match on: each unit is an event of its own
            events.extend([u] for u in block)
            continue
        block.sort(key=lambda u: (u.interval is None, u.interval or (0, 0), u.document.id, u.key))
        open_clusters: list[_Cluster] = []
        closed: list[_Cluster] = []
        for unit in block:
            # Units arrive in date order: a cluster that ended more than the window before
            # this unit can take no later one, so the sweep stops looking at it.
            if unit.interval is not None and len(open_clusters) > 8:
                horizon = unit.interval[0] - window
                closed.extend(c for c in open_clusters if c.interval is not None and c.interval[1] < horizon)
                open_clusters = [c for c in open_clusters if c.interval is None or c.interval[1] >= horizon]
            best: tuple[int, int] | None = None
            for n, candidate in enumerate(open_clusters):
                if unit.interval is None or candidate.interval is None:
                    continue
                if unit.kind and candidate.kind and unit.kind != candidate.kind:
                    continue
                if unit.place_id and candidate.place_id and unit.place_id != candidate.place_id:
                    continue  # namesakes: two places called alike
                distance = gap(unit.interval, candidate.interval)
                if distance <= window and (best is None or distance < best[0]):
                    best = (distance, n)
            if best is None:
                open_clusters.append(_Cluster([unit], unit.interval, unit.place_id, unit.kind))
                continue
            chosen = open_clusters[best[1]]
            chosen.units.append(unit)
            chosen.place_id = chosen.place_id or unit.place_id
            chosen.kind = chosen.kind or unit.kind
        events.extend(c.units for c in (*closed, *open_clusters))
    return events


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
