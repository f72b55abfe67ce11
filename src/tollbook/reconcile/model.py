"""Plain records of reconciliation: what goes in (mentions, documents, edits) and what comes out (events)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache

from tollbook.model import Claim

BEST_RULES = ("median", "max", "min", "priority")


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """The document facts reconciliation needs (no text)."""

    id: int
    content_hash: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    names: frozenset[str] = frozenset()  # names its text mentions (events.salient_names): content evidence


@dataclass(frozen=True, slots=True)
class Mention:
    """One claim as reconciliation sees it: its values (reviewed values when reviewed) and sentence."""

    document_id: int
    claim: Claim
    sentence: str = ""
    reviewed: bool = False
    event: str | None = None  # a reviewer moved the claim to this event (id)


@dataclass(frozen=True, slots=True)
class Edit:
    """A hand decision on events, replayed after every rebuild.

    ``merge``: the units end up in one event. ``split``: the units leave their event and
    form a new one together.
    """

    op: str
    units: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Options:
    """How events are formed and ``best`` is chosen.

    Args:
        window_days: documents' dates may differ by this many days and still be one event.
        best: ``median`` (of the sources' latest point figures, the default), ``max``,
            ``min`` or ``priority`` (the first source in ``priority`` that gives a figure;
            entries are source keys or source types; median when none does).
    """

    window_days: int = 3
    best: str = "median"
    priority: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.best not in BEST_RULES:
            raise ValueError(f"best must be one of {', '.join(BEST_RULES)}, not {self.best!r}")
        if self.window_days < 0:
            raise ValueError(f"window_days must not be negative (got {self.window_days})")


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """A claim with where it is: document, claim key, figure span and sentence."""

    document_id: int
    claim: str  # the extractor's key, "c3"
    figure: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str
    source: str | None
    low: int
    high: int | None
    source_key: str | None = None  # the normalised source (as in the per-source table)
    source_type: str | None = None


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """One report's figure from one source, in the order the reports appeared."""

    seen: str | None  # the report's first publication date
    report: int
    documents: tuple[int, ...]
    figure: str
    qualifier: str
    low: int
    high: int | None
    point: int | None
    claim: ClaimRef  # the figure's claim; for a derived figure, the first claim it adds up
    derived: bool = False  # the sum of what the source states, not one stated figure
    derivation: str | None = None  # "sum" (parts stated together) or "individuals" (distinct victims)
    summed: tuple[ClaimRef, ...] = ()  # the claims a derived figure adds up (one per person for individuals)


@dataclass(frozen=True, slots=True)
class SourceFigure:
    """One row of the per-source table of an (event, outcome, group)."""

    key: str
    name: str
    type: str
    figure: str  # the latest figure as written
    qualifier: str
    low: int
    high: int | None
    point: int | None  # the figure as a single number, when it is not vague
    first_seen: str | None
    last_seen: str | None
    documents: tuple[int, ...]
    reports: int
    outlets: tuple[str, ...]
    history: tuple[HistoryPoint, ...]
    reviewed: bool = False
    claim: ClaimRef | None = None  # the claim behind ``figure`` (the first one it adds up when derived)
    derived: bool = False
    derivation: str | None = None
    summed: tuple[ClaimRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Range:
    """low / best / high of one outcome and victim group in one event, and who says what."""

    outcome: str
    group: str | None
    low: int
    best: int
    high: int
    high_open: bool  # some source gave only a lower bound ("at least 30"): ``high`` is then a floor
    rule: str
    sources: tuple[SourceFigure, ...]
    reviewed: bool = False
    derived: tuple[str, ...] = ()  # which of "low", "best", "high" rest only on derived figures
    # figures of a part of the victims, shown beside the range and never inside it: increments
    # ("another 16 bodies"), the identified, one place of the incident ("two died on Bali")
    parts: tuple[ClaimRef, ...] = ()

    @property
    def number_of_sources(self) -> int:
        return len(self.sources)


@dataclass(frozen=True, slots=True)
class Conflict:
    """A disagreement the reader should see, with the claims involved."""

    kind: str  # sources_disagree, same_document, parts_exceed_total, lowered
    outcome: str
    group: str | None
    explanation: str
    claims: tuple[ClaimRef, ...]


@dataclass(frozen=True, slots=True)
class Event:
    """One incident: its date, place, documents and per-outcome ranges and conflicts."""

    id: str
    label: str
    kind: str | None  # violence, disaster, accident, epidemic, unrest
    date_start: str | None
    date_end: str | None
    date_precision: str | None  # day, month, year, published (only the publication date is known)
    place: str | None
    place_id: int | None
    country: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    units: tuple[str, ...]
    documents: tuple[int, ...]
    reports: dict[int, tuple[int, ...]]  # report id -> its documents (syndicated copies)
    outlets: tuple[str, ...]
    claims: tuple[tuple[int, str], ...]  # (document id, claim key)
    ranges: tuple[Range, ...]
    conflicts: tuple[Conflict, ...] = field(default=())
    links: tuple[str, ...] = ()  # why each later report joined: "document 12: same place (nairobi); 1 day after ..."
    reviewed_claims: int = 0  # how many of ``claims`` a reviewer accepted, corrected or added
    # a reviewer's values in place of the computed ones, each with what it replaced:
    # {"field", "value", "was", "outcome" or "source", "author", "note", "at"}
    overrides: tuple[dict, ...] = ()

    def range(self, outcome: str, group: str | None = None) -> Range | None:
        """The range of one outcome and group, or None."""
        return next((r for r in self.ranges if r.outcome == outcome and r.group == group), None)

    def to_dict(self) -> dict:
        """A JSON-ready dict (report ids as string keys)."""
        data = _plain(self)
        data["reports"] = {str(k): list(v) for k, v in self.reports.items()}
        for row, value in zip(data["ranges"], self.ranges, strict=True):
            row["number_of_sources"] = value.number_of_sources
        return data


@cache
def _names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def _plain(value: object) -> object:
    """Like ``dataclasses.asdict`` (dataclasses to dicts, tuples to lists), several times faster."""
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
