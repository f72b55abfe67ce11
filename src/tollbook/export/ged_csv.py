"""One CSV row per event, with UCDP GED column names wherever GED has one (README, "GED-style CSV").

GED columns: ``id``, ``year``, ``date_start``, ``date_end``, ``date_prec``, ``country``,
``country_id`` (here ISO 3166 alpha-2, not GED's Gleditsch-Ward number), ``adm_1``,
``where_coordinates``, ``where_prec``, ``latitude``, ``longitude``, ``best``, ``low``,
``high``, ``deaths_civilians``, ``source_article``, ``source_headline``, ``source_date``,
``source_office``, ``number_of_sources``. Everything else is tollbook's own and starts
with ``tb_``: the other outcomes, the conflicts, the sources and the event's label.

Fatalities (``best``/``low``/``high``) are the event's ``killed`` range for people in
general; when the texts only give a victim group ("12 children were killed"), the
largest group's range, which is then a lower bound (``tb_killed_from_group``).
``tb_derived`` names those of ``best``, ``low`` and ``high`` that rest only on derived
figures (a source's parts added up, or its individual victims counted: README, "Derived
figures"); ``tb_<outcome>_derived`` does the same for the other outcomes, and
``tb_sources`` writes a derived figure as its parts with their sum.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO, Any

from tollbook.export.csv_cells import CsvWriter
from tollbook.extract.where import country_name
from tollbook.model import OUTCOMES

# GED's date_prec: 1 the day is known, 2 within 2-6 days, 3 within a week or so, 4 the month, 5 the year.
DATE_PREC = {"day": 1, "days": 2, "published": 2, "month": 4, "year": 5}
CIVILIAN_GROUPS = ("civilians",)

GED_COLUMNS = (
    "id", "year", "date_start", "date_end", "date_prec", "country", "country_id", "adm_1", "where_coordinates",
    "where_prec", "latitude", "longitude", "best", "low", "high", "deaths_civilians", "source_article",
    "source_headline", "source_date", "source_office", "number_of_sources",
)
PARTS = ("best", "low", "high", "derived")
OWN_COLUMNS = (
    "tb_label", "tb_kind", "tb_high_open", "tb_killed_from_group", "tb_derived", "tb_reviewed", "tb_claims",
    "tb_claims_reviewed", "tb_documents",
    *(f"tb_{outcome}_{part}" for outcome in OUTCOMES if outcome != "killed" for part in PARTS),
    "tb_conflicts", "tb_conflict_kinds", "tb_sources", "tb_overrides",
)
COLUMNS = GED_COLUMNS + OWN_COLUMNS


def _range(event: Mapping, outcome: str, group: str | None = None) -> Mapping | None:
    return next((r for r in event["ranges"] if r["outcome"] == outcome and r["group"] == group), None)


def _fatalities(event: Mapping) -> tuple[Mapping | None, bool]:
    total = _range(event, "killed")
    if total is not None:
        return total, False
    groups = [r for r in event["ranges"] if r["outcome"] == "killed"]
    return (max(groups, key=lambda r: (r["best"], r["high"])), True) if groups else (None, False)


def _derived(cell: Mapping | None) -> str:
    """Which of best, low and high rest only on derived figures, in that order ("" when none)."""
    marked = set((cell or {}).get("derived") or ())
    return " ".join(part for part in ("best", "low", "high") if part in marked)


def _source(row: Mapping, cell: Mapping) -> str:
    figure = row["figure"]
    if row.get("derived"):
        high = row.get("high")
        total = row["low"] if high == row["low"] else f"{row['low']}-{'open' if high is None else high}"
        figure = f"{figure} = {total} [derived: {row.get('derivation') or 'sum'}]"
    return f"{row['name']} ({row['type']}): {figure} {cell['group'] or 'people'} {cell['outcome']}"


def ged_rows(events: Iterable[Mapping], documents: Mapping[int, Mapping]) -> Iterable[dict[str, Any]]:
    """The CSV rows (dicts keyed by ``COLUMNS``), one per event."""
    for event in events:
        killed, from_group = _fatalities(event)
        civilians = next((r for g in CIVILIAN_GROUPS if (r := _range(event, "killed", g))), None)
        docs = [documents.get(d) or documents.get(str(d)) or {} for d in event["documents"]]
        row: dict[str, Any] = {
            "id": event["id"],
            "year": (event.get("date_start") or "")[:4],
            "date_start": event.get("date_start") or "",
            "date_end": event.get("date_end") or "",
            "date_prec": DATE_PREC.get(event.get("date_precision") or "", ""),
            "country": country_name(event.get("country")) or "",
            "country_id": event.get("country") or "",
            "adm_1": event.get("admin1") or "",
            "where_coordinates": event.get("place") or "",
            "where_prec": 1 if event.get("latitude") is not None else "",
            "latitude": "" if event.get("latitude") is None else event["latitude"],
            "longitude": "" if event.get("longitude") is None else event["longitude"],
            "best": killed["best"] if killed else "",
            "low": killed["low"] if killed else "",
            "high": killed["high"] if killed else "",
            "deaths_civilians": civilians["best"] if civilians else "",
            "source_article": "; ".join(d.get("url") or d.get("title") or "" for d in docs),
            "source_headline": "; ".join(d.get("title") or "" for d in docs),
            "source_date": "; ".join(d.get("published") or "" for d in docs),
            "source_office": "; ".join(event.get("outlets") or ()),
            "number_of_sources": len(event.get("reports") or {}),
            "tb_label": event["label"],
            "tb_kind": event.get("kind") or "",
            "tb_high_open": bool(killed and killed["high_open"]),
            "tb_killed_from_group": from_group,
            "tb_derived": _derived(killed),
            # reviewed: every claim of the event was looked at (tb_claims_reviewed of tb_claims)
            "tb_reviewed": bool(event["claims"]) and event.get("reviewed_claims", 0) >= len(event["claims"]),
            "tb_claims": len(event["claims"]),
            "tb_claims_reviewed": event.get("reviewed_claims", 0),
            "tb_documents": " ".join(str(d) for d in event["documents"]),
            "tb_conflicts": len(event["conflicts"]),
            "tb_conflict_kinds": " ".join(sorted({c["kind"] for c in event["conflicts"]})),
            "tb_sources": " | ".join(_source(s, r) for r in event["ranges"] for s in r["sources"]),
            # a reviewer's values in place of the computed ones: "best of killed 41 (was 12) by ed: ..."
            "tb_overrides": " | ".join(override_text(o) for o in event.get("overrides") or ()),
        }
        for outcome in OUTCOMES:
            if outcome == "killed":
                continue
            cell = _range(event, outcome)
            for part in ("best", "low", "high"):
                row[f"tb_{outcome}_{part}"] = cell[part] if cell else ""
            row[f"tb_{outcome}_derived"] = _derived(cell)
        yield row


def write_ged_csv(events: Iterable[Mapping], documents: Mapping[int, Mapping], out: IO[str]) -> int:
    """Write the header and one row per event; return the number of rows."""
    writer = CsvWriter(out, COLUMNS)  # text that starts like a formula is defused (csv_cells.py)
    writer.writeheader()
    count = 0
    for row in ged_rows(events, documents):
        writer.writerow(row)
        count += 1
    return count


def override_text(override: dict) -> str:
    """A reviewer's override in words: "best of killed 41 (was 12) by ed: the army's figure"."""
    target = override.get("outcome") or override.get("source")
    what = f"{override['field']}{' of ' + target if target else ''}"
    text = f"{what} {override['value']} (was {override.get('was')}) by {override['author']}"
    if override.get("applied") is False:
        text += " [not applied: the range moved]"
    return text + (f": {override['note']}" if override.get("note") else "")
