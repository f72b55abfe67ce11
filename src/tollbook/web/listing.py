"""The claims and events lists, shared by the pages and the API: their query parameters (one set of
rules for both), the merge selection carried across pages, and the CSV download of a view.

Every CSV goes through ``tollbook.export.csv_cells`` (text that starts like a formula is defused)
and is streamed a page of rows at a time: all matching rows, never the whole list in memory.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Annotated, Any

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse

from tollbook.export.csv_cells import CsvWriter
from tollbook.model import OUTCOMES
from tollbook.reconcile.events import date_interval
from tollbook.store.lists import CLAIM_SORTS, EVENT_SORTS, ClaimFilter, EventFilter

Text = Annotated[str | None, Query(max_length=200)]
DATE_HELP = "An incident date or period: YYYY, YYYY-MM or YYYY-MM-DD; kept when the periods overlap."
DATE = r"^(\d{4}(-\d{2}){0,2})?$"
Direction = Annotated[str | None, Query(alias="dir", pattern="^(asc|desc)?$", description="asc (default) or desc")]
MAX_SELECTED = 100  # events in one merge (api.Merge)
_EVENT_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _dates(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """Empty fields as None; a date that is no real date is refused like any invalid parameter."""
    for name, value in (("from", date_from), ("to", date_to)):
        if value and not date_interval(value):
            raise RequestValidationError([{"type": "value_error", "loc": ("query", name),
                                           "msg": "must be a real date written YYYY, YYYY-MM or YYYY-MM-DD"}])
    return date_from or None, date_to or None


def claim_filter(
    outcome: Annotated[str | None, Query(pattern=f"^({'|'.join(OUTCOMES)})?$")] = None,
    status: Annotated[str | None, Query(pattern="^(reviewed|unreviewed)?$")] = None,
    source: Text = None,
    kind: Annotated[str | None, Query(pattern="^(count|individual)?$",
                                      description="individual: individual victims only; count: counts only")] = None,
    individual: Annotated[bool | None, Query(description="true: individual victims only; false: counts only "
                                                         "(the extractor's values)")] = None,
    group: Text = None,
    place: Text = None,
    date_from: Annotated[str | None, Query(alias="from", pattern=DATE, description=DATE_HELP)] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DATE, description=DATE_HELP)] = None,
    text: Annotated[str | None, Query(max_length=200, description="words in the claim's sentence")] = None,
    document: Annotated[str | None, Query(pattern=r"^\d{0,10}$", description="a document id")] = None,
) -> ClaimFilter:
    """The claims list's filters, as ``tollbook claims`` has them (empty fields are no filter)."""
    date_from, date_to = _dates(date_from, date_to)
    if individual is None and kind:
        individual = kind == "individual"
    return ClaimFilter(outcome=outcome or None, status=status or None, source=source or None, individual=individual,
                       group=group or None, place=place or None, date_from=date_from, date_to=date_to,
                       text=text or None, document=int(document) if document and int(document) < 2**31 else None)


def claim_sort(sort: Annotated[str | None, Query(pattern=f"^({'|'.join(CLAIM_SORTS)})?$")] = None,
               direction: Direction = None) -> tuple[str, bool]:
    """(sort key, descending) of the claims list."""
    return sort or "document", direction == "desc"


def event_filter(
    q: Annotated[str | None, Query(max_length=200, description="words of the label or the id")] = None,
    date_from: Annotated[str | None, Query(alias="from", pattern=DATE, description=DATE_HELP)] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DATE, description=DATE_HELP)] = None,
    country: Annotated[str | None, Query(max_length=100)] = None,
    kind: Annotated[str | None, Query(max_length=40, description="violence, disaster, ...")] = None,
    conflicts: Annotated[str | None, Query(pattern="^(yes|no)?$", description="yes: with conflicts; no: without")]
    = None,
) -> EventFilter:
    """The events list's filters (empty fields are no filter)."""
    date_from, date_to = _dates(date_from, date_to)
    return EventFilter(text=q or None, date_from=date_from, date_to=date_to, country=country or None,
                       kind=kind or None, conflicts={"yes": True, "no": False}.get(conflicts or ""))


def event_sort(sort: Annotated[str | None, Query(pattern=f"^({'|'.join(EVENT_SORTS)})?$",
                                                 description="killed: the killed best figure")] = None,
               direction: Direction = None) -> tuple[str, bool]:
    """(sort key, descending) of the events list."""
    return sort or "date", direction == "desc"


def event_ids(*texts: str | None) -> list[str]:
    """Event ids typed or carried in a field ("E1a2b..., E3c4d..."), in order, without repeats."""
    found = [word for text in texts if text for word in re.split(r"[\s,;]+", text) if word]
    return list(dict.fromkeys(w for w in found if _EVENT_ID.fullmatch(w)))[:MAX_SELECTED]


def sort_links(params: Iterable[tuple[str, str]], sort: str, descending: bool, path: str) -> dict[str, str]:
    """For each sort key, the list's address sorted by it: ascending, or reversed when it is the sort in use."""
    from urllib.parse import urlencode

    kept = [(k, v) for k, v in params if k not in ("sort", "dir", "page")]
    keys = CLAIM_SORTS if path.startswith("/claims") else EVENT_SORTS
    return {key: f"{path}?{urlencode([*kept, ('sort', key), ('dir', 'desc' if key == sort and not descending else 'asc')])}"
            for key in keys}


def csv_link(params: Iterable[tuple[str, str]], path: str) -> str:
    """The CSV download of the view: the same filters and sort, no paging."""
    from urllib.parse import urlencode

    kept = [(k, v) for k, v in params if k not in ("page", "per_page", "selected") and v]
    return f"{path}.csv" + (f"?{urlencode(kept)}" if kept else "")


# -- CSV ---------------------------------------------------------------------------------------

CLAIM_COLUMNS = ("row_id", "document_id", "title", "claim", "figure", "low", "high", "qualifier", "outcome", "group",
                 "individual", "negated", "source", "date", "place", "country", "status", "event")
EVENT_COLUMNS = ("id", "label", "kind", "date_start", "date_end", "place", "country", "killed_best", "killed_low",
                 "killed_high", "injured_best", "documents", "sources", "conflicts")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def claim_row(record: dict) -> list[Any]:
    """One claim as a CSV row: the values in effect (the extractor's when it was rejected)."""
    claim = record["effective"] or record["original"]
    return [_cell(v) for v in (record["row_id"], record["document_id"], record.get("title"), claim["id"],
                               claim["figure"], claim["low"], claim["high"], claim["qualifier"], claim["outcome"],
                               claim["group"], claim["individual"], claim["negated"], claim["source"], claim["date"],
                               claim["place"], claim["country"], record["status"], record["event"])]


def killed(event: dict) -> dict | None:
    """The event's killed range, as the GED export takes it: people in general, else the largest group."""
    cells = [r for r in event["ranges"] if r["outcome"] == "killed"]
    people = [r for r in cells if r["group"] is None]
    return (people or sorted(cells, key=lambda r: (r["best"], r["high"] or 0)))[-1] if cells else None


def event_row(event: dict) -> list[Any]:
    """One event as a CSV row."""
    dead = killed(event) or {}
    injured = next((r for r in event["ranges"] if r["outcome"] == "injured" and r["group"] is None), None)
    injured = injured or max((r for r in event["ranges"] if r["outcome"] == "injured"), default=None,
                             key=lambda r: r["best"])
    return [_cell(v) for v in (event["id"], event["label"], event.get("kind"), event.get("date_start"),
                               event.get("date_end"), event.get("place"), event.get("country"), dead.get("best"),
                               dead.get("low"), dead.get("high"), injured["best"] if injured else None,
                               len(event["documents"]), sum(len(r["sources"]) for r in event["ranges"]),
                               len(event["conflicts"]))]


def csv_response(name: str, header: Sequence[str], rows: Iterator[list[Any]]) -> StreamingResponse:
    """A CSV download, written row by row as the rows are read."""

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = CsvWriter(buffer)  # text that starts like a formula is defused (csv_cells.py)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            if buffer.tell() > 64_000:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
