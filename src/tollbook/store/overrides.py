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

    def add_event_overrides(self, event: dict, changes: list[tuple[str, str, str | None]], author: str, *,
                            note: str | None = None) -> list[int]:
        """Record overrides of the stored ``event`` — (field, value, target) each — with their audit
        rows, all in one transaction; StoreError (and nothing written) when any cannot hold."""
        from tollbook.reconcile.overrides import check_override

        if not author or not author.strip():
            raise StoreError("an override needs its author")
        for field, value, target in changes:
            problem = check_override(event, field, value, target)
            if problem:
                raise StoreError(problem)
        made = []
        with self._write(f"overriding event {event['id']}") as conn:  # type: ignore[attr-defined]
            for field, value, target in changes:
                override = int(conn.scalar(insert(EventOverrideRow).values(
                    event_id=event["id"], units=list(event["units"]), field=field, source_key=target, value=value,
                    author=author, note=note, created_at=datetime.now(UTC)).returning(EventOverrideRow.id)))
                of = {"of": target} if target else {}
                self._audit(conn, author, f"override {field}", f"event {event['id']}",  # type: ignore[attr-defined]
                            {field: _current(event, field, target), **of}, {field: value, **of, "override": override},
                            note)
                made.append(override)
        return made

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
