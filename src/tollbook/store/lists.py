"""The review screen's lists: claims and events filtered and sorted, the audit trail searched by
event, and the undoing of a hand edit of events.

A mixin of ``Corpus``. Sorting is by whitelisted keys only (``CLAIM_SORTS``, ``EVENT_SORTS``),
missing values last in both directions, and stable: rows that tie keep the list's own order
(claims by document and position, events by date and id), so a page never repeats or skips a
row of the one before.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, delete, func, literal, literal_column, or_, select

from tollbook.errors import StoreError
from tollbook.store.models import AuditRow, ClaimRow, DocumentRow, EventEditRow, EventRow
from tollbook.store.records import contains, utc
from tollbook.store.review import claim_record

CLAIM_SORTS = ("document", "title", "date", "outcome", "group", "low", "high", "source", "place")
EVENT_SORTS = ("date", "label", "place", "country", "kind", "documents", "killed", "conflicts")
_PAGE = 1000  # rows per read when a whole list is streamed (CSV)


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What the claims list shows: ``tollbook claims``'s filters plus the review status.

    ``source``, ``place`` and ``text`` are case-insensitive substrings (claimant, place,
    sentence); ``date_from``/``date_to`` ISO prefixes, a period kept when it overlaps the range.
    Filters apply to the extractor's values (``tollbook claims`` reads the reviewed ones: a claim
    corrected from injured to killed is listed here under injured, with its status and corrected values).
    """

    outcome: str | None = None
    status: str | None = None
    source: str | None = None
    individual: bool | None = None
    group: str | None = None
    place: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None
    document: int | None = None


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the events list shows: label or id text, dates overlapping a range, country, kind,
    and whether the event has conflicts."""

    text: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    kind: str | None = None
    conflicts: bool | None = None


def _date_range(start: Any, end: Any, date_from: str | None, date_to: str | None) -> list[Any]:
    """Conditions keeping dated rows whose period [start, end] overlaps the range (ISO prefixes)."""
    conditions = []
    if date_from:
        conditions.append(end >= func.substr(literal(date_from), 1, func.length(end)))
    if date_to:
        conditions.append(func.substr(start, 1, len(date_to)) <= date_to)
    return conditions


def _ordered(keys: list[Any], descending: bool, ties: tuple[Any, ...]) -> list[Any]:
    ordered = [(key.desc() if descending else key.asc()).nulls_last() for key in keys]
    return [*ordered, *ties]


class ListsMixin:
    """Methods of ``Corpus`` for the lists of the review screen (see the module docstring)."""

    # -- claims --------------------------------------------------------------------------

    def _claim_query(self, where: ClaimFilter) -> Any:
        stmt = (select(ClaimRow, DocumentRow.title.label("title"))
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id))
        if where.document is not None:
            stmt = stmt.where(ClaimRow.document_id == where.document)
        if where.outcome:
            stmt = stmt.where(ClaimRow.outcome == where.outcome)
        if where.individual is not None:
            stmt = stmt.where(ClaimRow.individual.is_(bool(where.individual)))
        if where.group:
            stmt = stmt.where(ClaimRow.group_ == where.group)
        if where.source:
            stmt = stmt.where(or_(contains(ClaimRow.source, where.source), contains(ClaimRow.source_key, where.source)))
        if where.place:
            stmt = stmt.where(or_(contains(ClaimRow.place, where.place), contains(ClaimRow.place_name, where.place)))
        if where.status == "unreviewed":
            stmt = stmt.where(ClaimRow.reviewed.is_(None))
        elif where.status == "reviewed":
            stmt = stmt.where(ClaimRow.reviewed.is_not(None))
        for condition in _date_range(ClaimRow.date, ClaimRow.date, where.date_from, where.date_to):
            stmt = stmt.where(condition)
        if where.text:
            sentence = func.substr(DocumentRow.text, ClaimRow.sentence_start + 1,
                                   ClaimRow.sentence_end - ClaimRow.sentence_start)
            stmt = stmt.where(contains(sentence, where.text))
        return stmt

    def _claim_order(self, sort: str, descending: bool) -> list[Any]:
        if sort not in CLAIM_SORTS:
            raise StoreError(f"cannot sort claims by {sort!r}; sort by one of {', '.join(CLAIM_SORTS)}")
        keys = {"document": [ClaimRow.document_id], "title": [func.lower(DocumentRow.title)], "date": [ClaimRow.date],
                "outcome": [ClaimRow.outcome], "group": [ClaimRow.group_], "low": [ClaimRow.low],
                "high": [ClaimRow.high], "source": [func.lower(ClaimRow.source)],
                "place": [func.lower(func.coalesce(ClaimRow.place_name, ClaimRow.place))]}[sort]
        return _ordered(keys, descending, (ClaimRow.document_id, ClaimRow.start, ClaimRow.id))

    def claim_list(self, where: ClaimFilter, *, sort: str = "document", descending: bool = False, limit: int = 50,
                   offset: int = 0) -> tuple[list[dict], int]:
        """A page of claims (``claim_record`` plus the document's ``title``) and how many match."""
        stmt = self._claim_query(where)
        order = self._claim_order(sort, descending)
        with self._read("reading claims") as conn:
            total = int(conn.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
            rows = conn.execute(stmt.order_by(*order).limit(limit).offset(offset)).all()
        return [{**claim_record(r), "title": r.title} for r in rows], total

    def iter_claim_list(self, where: ClaimFilter, *, sort: str = "document", descending: bool = False
                        ) -> Iterator[dict]:
        """Every matching claim, as ``claim_list`` gives them, read a page at a time (for CSV)."""
        stmt = self._claim_query(where).order_by(*self._claim_order(sort, descending))
        offset = 0
        while True:
            with self._read("reading claims") as conn:
                rows = conn.execute(stmt.limit(_PAGE).offset(offset)).all()
            yield from ({**claim_record(r), "title": r.title} for r in rows)
            if len(rows) < _PAGE:
                return
            offset += _PAGE

    # -- events --------------------------------------------------------------------------

    def _killed_best(self) -> Any:
        """The event's killed best, as the GED export takes it: people in general, else the largest group."""
        if self._sqlite:
            cells = "json_each(events.data, '$.ranges') AS r"
            outcome, group, best = ("json_extract(r.value, '$.outcome')", "json_extract(r.value, '$.group')",
                                    "json_extract(r.value, '$.best')")
        else:
            cells = "json_array_elements(events.data -> 'ranges') AS r(value)"
            outcome, group, best = "r.value ->> 'outcome'", "r.value ->> 'group'", "(r.value ->> 'best')::numeric"
        return literal_column(
            f"COALESCE((SELECT max({best}) FROM {cells} WHERE {outcome} = 'killed' AND {group} IS NULL), "
            f"(SELECT max({best}) FROM {cells} WHERE {outcome} = 'killed'))")

    def _event_query(self, columns: list[Any], where: EventFilter) -> Any:
        stmt = select(*columns)
        if where.text:
            stmt = stmt.where(or_(contains(EventRow.label, where.text), contains(EventRow.id, where.text)))
        if where.country:
            stmt = stmt.where(func.lower(EventRow.country) == where.country.lower())
        if where.kind:
            stmt = stmt.where(EventRow.kind == where.kind)
        if where.conflicts is not None:
            stmt = stmt.where(EventRow.conflicts > 0 if where.conflicts else EventRow.conflicts == 0)
        for condition in _date_range(EventRow.date_start, func.coalesce(EventRow.date_end, EventRow.date_start),
                                     where.date_from, where.date_to):
            stmt = stmt.where(condition)
        return stmt

    def _event_order(self, sort: str, descending: bool) -> list[Any]:
        if sort not in EVENT_SORTS:
            raise StoreError(f"cannot sort events by {sort!r}; sort by one of {', '.join(EVENT_SORTS)}")
        keys = {"date": [EventRow.date_start, EventRow.date_end], "label": [func.lower(EventRow.label)],
                "place": [func.lower(EventRow.place)], "country": [EventRow.country], "kind": [EventRow.kind],
                "documents": [EventRow.documents], "killed": [self._killed_best()],
                "conflicts": [EventRow.conflicts]}[sort]
        return _ordered(keys, descending, (EventRow.date_start, EventRow.id))

    def event_list(self, where: EventFilter, *, sort: str = "date", descending: bool = False,
                   limit: int | None = 50, offset: int = 0) -> tuple[list[dict], int]:
        """A page of stored events (``Event.to_dict()``) and how many match."""
        if self._events_in_memory is not None:
            found = _events_in_memory(self._events_in_memory[1], where, sort, descending)
            return [dict(e) for e in found[offset:None if limit is None else offset + limit]], len(found)
        stmt = self._event_query([EventRow.data], where)
        count = self._event_query([func.count()], where).select_from(EventRow)
        stmt = stmt.order_by(*self._event_order(sort, descending)).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._read("reading events") as conn:
            return [dict(data) for data in conn.scalars(stmt)], int(conn.scalar(count) or 0)

    def iter_event_list(self, where: EventFilter, *, sort: str = "date", descending: bool = False) -> Iterator[dict]:
        """Every matching event, a page at a time (for CSV)."""
        offset = 0
        while True:
            items, _total = self.event_list(where, sort=sort, descending=descending, limit=_PAGE, offset=offset)
            yield from items
            if len(items) < _PAGE:
                return
            offset += _PAGE

    def event_kinds(self) -> list[str]:
        """The kinds of the stored events (violence, disaster, ...)."""
        if self._events_in_memory is not None:
            return sorted({e["kind"] for e in self._events_in_memory[1] if e.get("kind")})
        with self._read("reading event kinds") as conn:
            return sorted(k for k in conn.scalars(select(EventRow.kind).distinct()) if k)

    # -- hand edits of events ------------------------------------------------------------

    def event_edit(self, edit_id: int) -> dict | None:
        """One hand merge or split (as ``event_edits`` gives them), or None."""
        return next((e for e in self.event_edits() if e["id"] == edit_id), None)

    def undo_event_edit(self, edit_id: int, author: str, note: str | None,
                        audit: tuple[str, dict | None]) -> dict:
        """Delete a hand edit, with its audit row in the same transaction; return the edit deleted.

        ``audit`` is (target, after); the audit row's ``before`` is the whole edit, so it can be
        read back (and made again) from the audit trail.
        """
        with self._write(f"undoing event edit {edit_id}") as conn:
            row = conn.execute(select(EventEditRow).where(EventEditRow.id == edit_id)).first()
            if row is None:
                raise StoreError(f"no event edit {edit_id} (undone already?)")
            edit = {"id": row.id, "op": row.op, "units": list(row.units), "events": list(row.events),
                    "author": row.author, "note": row.note, "created_at": utc(row.created_at).isoformat()}
            conn.execute(delete(EventEditRow).where(EventEditRow.id == edit_id))
            self._audit(conn, author, "undo", audit[0], edit, audit[1], note)
        return edit

    def documents_with_hash_prefixes(self, prefixes: list[str]) -> list[int]:
        """The ids of the documents whose content hash starts with one of ``prefixes`` (a unit's key)."""
        found: set[int] = set()
        with self._read("looking up documents") as conn:
            for prefix in prefixes:
                found.update(conn.scalars(select(DocumentRow.id).where(DocumentRow.content_hash.startswith(prefix))))
        return sorted(found)

    def merged_into(self, event_id: str) -> list[str]:
        """The units of the newest merge made on ``event_id`` (empty when none was)."""
        for edit in reversed(self.event_edits()):
            if edit["op"] == "merge" and event_id in edit["events"]:
                return edit["units"]
        return []

    # -- audit ---------------------------------------------------------------------------

    def audit_of(self, *, target: str | None = None, event: str | None = None, limit: int = 50,
                 offset: int = 0) -> tuple[list[dict], int]:
        """A page of the audit trail, newest first, and the number of rows.

        ``event`` finds every row that names the event id: as its target, or in its before or
        after values (a merged-away event in the merge that took it, a split's new event).
        """
        stmt = select(AuditRow)
        if target:
            stmt = stmt.where(AuditRow.target == target)
        if event:
            stmt = stmt.where(or_(AuditRow.target == f"event {event}", contains(cast(AuditRow.before, String), event),
                                  contains(cast(AuditRow.after, String), event)))
        with self._read("reading the audit trail") as conn:
            total = int(conn.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
            rows = conn.execute(stmt.order_by(AuditRow.id.desc()).limit(limit).offset(offset)).all()
        return [{"id": r.id, "user": r.user, "action": r.action, "target": r.target, "before": r.before,
                 "after": r.after, "note": r.note, "created_at": utc(r.created_at).isoformat()} for r in rows], total


def _events_in_memory(events: list[dict], where: EventFilter, sort: str, descending: bool) -> list[dict]:
    """``event_list`` over the events of a read-only database, kept in memory."""
    if sort not in EVENT_SORTS:
        raise StoreError(f"cannot sort events by {sort!r}; sort by one of {', '.join(EVENT_SORTS)}")

    def keep(e: dict) -> bool:
        end = e.get("date_end") or e.get("date_start")
        return ((not where.text or where.text.lower() in (e["label"] or "").lower()
                 or where.text.lower() in e["id"].lower())
                and (not where.country or (e.get("country") or "").lower() == where.country.lower())
                and (not where.kind or e.get("kind") == where.kind)
                and (where.conflicts is None or bool(e["conflicts"]) == where.conflicts)
                and (not where.date_from or (end is not None and end >= where.date_from[:len(end)]))
                and (not where.date_to or (e.get("date_start") is not None
                                           and e["date_start"][:len(where.date_to)] <= where.date_to)))

    def value(e: dict) -> Any:
        killed = [r for r in e["ranges"] if r["outcome"] == "killed"]
        people = [r["best"] for r in killed if r["group"] is None]
        return {"date": e.get("date_start"), "label": (e["label"] or "").lower(), "place": (e.get("place") or "").lower()
                or None, "country": e.get("country"), "kind": e.get("kind"), "documents": len(e["documents"]),
                "killed": max(people) if people else max((r["best"] for r in killed), default=None),
                "conflicts": len(e["conflicts"])}[sort]

    found = [e for e in events if keep(e)]  # already by date, then id
    present = sorted((e for e in found if value(e) is not None), key=value, reverse=descending)  # stable
    return present + [e for e in found if value(e) is None]
