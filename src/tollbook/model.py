"""Plain frozen records passed between tollbook's stages (see DESIGN.md, "The claim")."""

from __future__ import annotations

from dataclasses import asdict, dataclass

OUTCOMES = (
    "killed",
    "injured",
    "casualties",  # one figure for the killed together with the injured or the missing
    "missing",
    "captured",
    "displaced",
    "detained",
    "evacuated",
    "affected",
    "orphaned",
)

QUALIFIERS = ("exact", "at_least", "more_than", "about", "up_to", "fewer_than", "nearly", "between", "vague")


@dataclass(frozen=True, slots=True)
class Document:
    """One input text with the metadata that anchors its claims."""

    text: str
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A count phrase and the integer bounds it implies.

    ``high`` is None when the phrase is open-ended ("at least 30").
    """

    text: str
    start: int
    end: int
    low: int
    high: int | None
    qualifier: str
    vague: bool = False
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Claim:
    """One mention of a count of people with an outcome, traced to its exact words."""

    id: str
    figure: str
    start: int
    end: int
    low: int
    high: int | None
    qualifier: str
    outcome: str
    group: str | None
    negated: bool
    vague: bool
    source: str | None
    source_key: str | None
    part_of: str | None
    sentence_start: int
    sentence_end: int
    date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None  # the words the date comes from ("on Thursday")
    place: str | None = None  # as written
    place_id: int | None = None  # GeoNames id when the gazetteer resolved the place
    place_name: str | None = None  # the gazetteer's name for it
    country: str | None = None  # ISO 3166 alpha-2
    admin1: str | None = None  # first-level admin region code (GeoNames)
    latitude: float | None = None
    longitude: float | None = None
    place_alternatives: tuple[int, ...] = ()  # GeoNames ids of namesakes not chosen
    individual: bool = False  # one person's outcome ("a policeman was shot dead"): low = high = 1

    def to_dict(self) -> dict:
        """The claim as a JSON-ready dict (keys as in the jsonl export)."""
        return asdict(self)
