"""Which events an export or a listing keeps: dates, country, kind, outcome, review."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Conditions on stored events (``Event.to_dict()``); None keeps every event.

    ``date_from`` and ``date_to`` are ISO prefixes (``2024``, ``2024-03``, ``2024-03-05``):
    an event is kept when its days overlap the range (an undated event is not). ``country``
    is an ISO 3166 alpha-2 code. ``reviewed_only`` keeps the events every claim of which a
    reviewer has accepted, corrected or added.
    """

    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    kind: str | None = None
    outcome: str | None = None
    reviewed_only: bool = False

    def __call__(self, events: Iterable[dict]) -> Iterator[dict]:
        return (event for event in events if self.keeps(event))

    def keeps(self, event: dict) -> bool:
        start, end = event.get("date_start"), event.get("date_end") or event.get("date_start")
        if self.date_from is not None and not (end and end >= self.date_from[:len(end)]):
            return False
        if self.date_to is not None and not (start and start[:len(self.date_to)] <= self.date_to):
            return False
        if self.country is not None and event.get("country") != self.country:
            return False
        if self.kind is not None and event.get("kind") != self.kind:
            return False
        if self.outcome is not None and not any(r["outcome"] == self.outcome for r in event["ranges"]):
            return False
        return not self.reviewed_only or bool(event["claims"]) and reviewed_share(event)[0] >= len(event["claims"])


def country_code_of(country: str) -> str | None:
    """An ISO 3166 alpha-2 code from a code or a country's name ("Kenya" -> "KE"), None if unknown."""
    from tollbook.extract.where import country_code

    if len(country) == 2 and country.isalpha():
        return country.upper()
    return country_code(country)


def reviewed_share(event: dict) -> tuple[int, int]:
    """(claims reviewed, claims) of one event: "2 of 9"."""
    return event.get("reviewed_claims", 0), len(event["claims"])
