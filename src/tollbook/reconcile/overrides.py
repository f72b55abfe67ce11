"""A reviewer's values for an event, replayed on every rebuild: ``best`` of an outcome, the
incident ``kind``, a source's ``type``. Each lands on the event that holds most of the units
the event had when the override was made (an override survives merges and re-extraction),
and the event lists it with the value it replaced, so every output shows it as an override.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from tollbook.reconcile.model import Event
from tollbook.reconcile.vocab import SOURCE_TYPE_LABELS

FIELDS = ("best", "kind", "source_type")
KINDS = ("violence", "disaster", "accident", "epidemic", "unrest")


def apply_overrides(events: Sequence[Event], overrides: Iterable[dict]) -> list[Event]:
    """The events with the overrides (oldest first; a later one of the same field wins) applied."""
    by_unit = {unit: n for n, event in enumerate(events) for unit in event.units}
    result = list(events)
    for override in overrides:
        held = Counter(by_unit[u] for u in override["units"] if u in by_unit)
        if not held:
            continue  # the event's claims are gone
        n = held.most_common(1)[0][0]
        result[n] = _applied(result[n], override)
    return result


def _applied(event: Event, override: dict) -> Event:
    field, value = override["field"], override["value"]
    note = {"field": field, "value": value, "author": override["author"], "note": override.get("note"),
            "at": override.get("created_at")}
    if field == "kind":
        label = event.label.removesuffix(f" ({event.kind})") if event.kind else event.label
        return replace(event, kind=value, label=f"{label} ({value})",
                       overrides=(*_without(event, field, None), {**note, "was": event.kind}))
    if field == "best":
        outcome = override.get("source_key") or "killed"
        cell = event.range(outcome)
        best = int(value)
        if cell is None or best < cell.low or (best > cell.high and not cell.high_open):
            return replace(event, overrides=(*event.overrides, {**note, "outcome": outcome, "was": None,
                                                                "applied": False}))  # the range moved away
        ranges = tuple(replace(r, best=best) if r is cell else r for r in event.ranges)
        return replace(event, ranges=ranges, overrides=(*_without(event, field, outcome),
                                                        {**note, "outcome": outcome, "was": cell.best}))
    if field == "source_type":
        key = override["source_key"]
        was = next((s.type for r in event.ranges for s in r.sources if s.key == key), None)
        ranges = tuple(replace(r, sources=tuple(replace(s, type=value) if s.key == key else s for s in r.sources))
                       for r in event.ranges)
        return replace(event, ranges=ranges, overrides=(*_without(event, field, key),
                                                        {**note, "source": key, "was": was}))
    return event


def _without(event: Event, field: str, target: str | None) -> tuple[dict, ...]:
    """The event's overrides but an earlier one of the same field and target (a later one wins)."""
    return tuple(o for o in event.overrides
                 if not (o["field"] == field and (o.get("outcome") or o.get("source")) == target))


def check_override(event: dict, field: str, value: str, target: str | None) -> str:
    """Why an override cannot be made on this event (stored dict), or "" when it can."""
    if field == "kind":
        return "" if value in KINDS else f"kind must be one of {', '.join(KINDS)} (got {value!r})"
    if field == "source_type":
        if value not in SOURCE_TYPE_LABELS:
            return f"a source type must be one of {', '.join(SOURCE_TYPE_LABELS)} (got {value!r})"
        keys = {s["key"] for r in event["ranges"] for s in r["sources"]}
        return "" if target in keys else f"event {event['id']} has no source {target!r} (sources: {', '.join(sorted(keys))})"
    if field == "best":
        outcome = target or "killed"
        cell = next((r for r in event["ranges"] if r["outcome"] == outcome and r["group"] is None), None)
        if cell is None:
            return f"event {event['id']} has no {outcome} range"
        if not value.isdigit():
            return f"best must be a whole number (got {value!r})"
        best = int(value)
        if best < cell["low"] or (best > cell["high"] and not cell["high_open"]):
            high = f"{cell['high']}+" if cell["high_open"] else cell["high"]
            return f"best {best} is outside the {outcome} range {cell['low']}–{high}: the sources give no such figure"
        return ""
    return f"unknown override {field!r} ({', '.join(FIELDS)})"
