"""Event overrides in the corpus: a reviewer's ``best``, kind or source type for one event,
each written with its audit row in one transaction (a mixin of ``Corpus``)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from tollbook.errors import StoreError
from tollbook.store.models import EventOverrideRow
from tollbook.store.records import utc


class OverridesMixin:
    """Methods of ``Corpus`` for event overrides."""

    def event_overrides(self) -> list[dict]:
        """Every override, oldest first (keys: id, event_id, units, field, source_key, value, author, note,
        created_at)."""
        with self._read("reading event overrides") as conn:  # type: ignore[attr-defined]
            rows = conn.execute(select(EventOverrideRow).order_by(EventOverrideRow.id)).all()
        return [{"id": r.id, "event_id": r.event_id, "units": list(r.units), "field": r.field,
                 "source_key": r.source_key, "value": r.value, "author": r.author, "note": r.note,
                 "created_at": utc(r.created_at).isoformat()} for r in rows]

    def add_event_override(self, event: dict, field: str, value: str, author: str, *,
                           target: str | None = None, note: str | None = None) -> int:
        """Record an override of the stored ``event`` and its audit row; StoreError when it cannot hold."""
        from tollbook.reconcile.overrides import check_override

        problem = check_override(event, field, value, target)
        if problem:
            raise StoreError(problem)
        if not author or not author.strip():
            raise StoreError("an override needs its author")
        was = _current(event, field, target)
        with self._write(f"overriding {field} of event {event['id']}") as conn:  # type: ignore[attr-defined]
            override = int(conn.scalar(insert(EventOverrideRow).values(
                event_id=event["id"], units=list(event["units"]), field=field, source_key=target, value=value,
                author=author, note=note, created_at=datetime.now(UTC)).returning(EventOverrideRow.id)))
            self._audit(conn, author, f"override {field}", f"event {event['id']}",  # type: ignore[attr-defined]
                        {field: was, **({"of": target} if target else {})},
                        {field: value, **({"of": target} if target else {}), "override": override}, note)
        return override

    def overrides_state(self, conn) -> tuple:
        """(count, latest id) of the overrides: part of what events are built from."""
        return tuple(conn.execute(select(func.count(), func.max(EventOverrideRow.id))).one())


def _current(event: dict, field: str, target: str | None):
    if field == "kind":
        return event.get("kind")
    if field == "best":
        cell = next((r for r in event["ranges"] if r["outcome"] == (target or "killed") and r["group"] is None), None)
        return cell["best"] if cell else None
    return next((s["type"] for r in event["ranges"] for s in r["sources"] if s["key"] == target), None)
