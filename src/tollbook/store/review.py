"""Review data in the corpus: accounts, sessions, claim decisions and the audit trail.

A mixin of ``Corpus`` (it uses the corpus's connections). A review never overwrites
the extractor's values: the decision lives in the claim's ``reviewed`` column
(``{"status": ..., "values": {...}, "by": ..., "at": ...}``) and every change is an
audit row with the effective values before and after.

An individual victim (``individual`` true) is one person: marking a claim individual sets
low = high = 1 and qualifier ``exact`` unless the correction gives them, and a review that
would leave an individual claim with other bounds is refused (unmark it to make it a count).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update

from tollbook.errors import StoreError
from tollbook.model import OUTCOMES, QUALIFIERS, Claim
from tollbook.store.models import AuditRow, ClaimRow, DocumentRow, SessionRow, StateRow, UserRow
from tollbook.store.records import (
    CLAIM_COLUMNS,
    claim_values,
    contains,
    effective_claim,
    stored_claim,
    utc,
)

ROLES = ("viewer", "editor", "admin")
ACTIONS = ("accept", "correct", "reject", "reset")
# Fields a reviewer may correct; "event" moves the claim to another event.
EDITABLE = ("low", "high", "qualifier", "outcome", "group", "source", "part_of", "negated", "individual", "date",
            "place", "place_id", "event")
# An individual victim is one person (DESIGN.md, "The claim"): marking a claim individual sets
# these values unless the correction gives them, and an individual claim with other bounds is refused.
INDIVIDUAL_VALUES = {"low": 1, "high": 1, "qualifier": "exact"}


def check_values(values: dict[str, Any]) -> dict[str, Any]:
    """Validate corrected values; raise StoreError naming the first bad field."""
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise StoreError(f"cannot correct {', '.join(unknown)}; editable fields: {', '.join(EDITABLE)}")
    clean = dict(values)
    for key in ("low", "high"):
        if key in clean and clean[key] is not None and (
                isinstance(clean[key], bool) or not isinstance(clean[key], int) or clean[key] < 0):
            raise StoreError(f"{key} must be a whole number >= 0 (got {clean[key]!r})")
    if clean.get("low") is None and "low" in clean:
        raise StoreError("low must be a whole number >= 0 (got None)")
    if "outcome" in clean and clean["outcome"] not in OUTCOMES:
        raise StoreError(f"outcome must be one of {', '.join(OUTCOMES)} (got {clean['outcome']!r})")
    if "qualifier" in clean and clean["qualifier"] not in QUALIFIERS:
        raise StoreError(f"qualifier must be one of {', '.join(QUALIFIERS)} (got {clean['qualifier']!r})")
    for key in ("negated", "individual"):
        if key in clean and not isinstance(clean[key], bool):
            raise StoreError(f"{key} must be true or false (got {clean[key]!r})")
    if "place_id" in clean:  # a namesake the gazetteer passed over ("Greece, Greece" for "Greece, NY")
        from tollbook.extract.where import gazetteer_entry

        place_id = clean["place_id"]
        if isinstance(place_id, bool) or not isinstance(place_id, int) or gazetteer_entry(place_id) is None:
            raise StoreError(f"place_id must be a GeoNames id the gazetteer knows (got {place_id!r})")
    if clean.get("individual") is True:
        for key, value in INDIVIDUAL_VALUES.items():
            clean.setdefault(key, value)
    for key in ("group", "source", "part_of", "date", "place", "event"):
        if key in clean and clean[key] is not None:
            if not isinstance(clean[key], str):
                raise StoreError(f"{key} must be text or null")
            clean[key] = clean[key].strip() or None
    return clean


def _bounds_ok(claim: Claim) -> None:
    if claim.individual and (claim.low, claim.high) != (1, 1):
        high = "open" if claim.high is None else claim.high
        raise StoreError(f"an individual claim is one person: low and high must be 1 (got {claim.low} and {high}); "
                         "set individual to false to make it a count")
    if claim.high is not None and claim.high < claim.low:
        raise StoreError(f"high ({claim.high}) must not be below low ({claim.low})")


def claim_record(row: Any) -> dict[str, Any]:
    """A claims row as the review UI shows it: the extractor's values, the review, the effective values."""
    original = stored_claim(row)
    effective = effective_claim(original, row.reviewed)
    return {
        "row_id": row.id,
        "document_id": row.document_id,
        "original": original.to_dict(),
        "reviewed": row.reviewed,
        "effective": effective.to_dict() if effective is not None else None,
        "status": (row.reviewed or {}).get("status", "unreviewed"),
        "event": ((row.reviewed or {}).get("values") or {}).get("event"),
    }


class ReviewMixin:
    """Methods of ``Corpus`` for the review UI (see the module docstring)."""

    # -- accounts and sessions -----------------------------------------------------------

    def add_user(self, name: str, password_hash: str, role: str) -> int:
        """Create an account; StoreError when the name is taken or the role unknown."""
        if role not in ROLES:
            raise StoreError(f"role must be one of {', '.join(ROLES)} (got {role!r})")
        if not name or not name.strip() or len(name) > 100:
            raise StoreError("a user name must be 1 to 100 characters")
        with self._read("looking up a user") as conn:
            if conn.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
                raise StoreError(f"user {name!r} exists already")
        with self._write(f"adding user {name}") as conn:
            return int(conn.scalar(insert(UserRow).values(
                name=name, password_hash=password_hash, role=role, created_at=datetime.now(UTC)
            ).returning(UserRow.id)))

    def set_password(self, name: str, password_hash: str) -> None:
        with self._write(f"changing the password of {name}") as conn:
            done = conn.execute(update(UserRow).where(UserRow.name == name).values(password_hash=password_hash))
            if done.rowcount == 0:
                raise StoreError(f"no user {name!r}")
            user_id = conn.scalar(select(UserRow.id).where(UserRow.name == name))
            conn.execute(delete(SessionRow).where(SessionRow.user_id == user_id))

    def user(self, name: str) -> dict | None:
        """One account (id, name, role, password_hash) or None."""
        with self._read("looking up a user") as conn:
            row = conn.execute(select(UserRow).where(UserRow.name == name)).first()
        return None if row is None else {"id": row.id, "name": row.name, "role": row.role,
                                         "password_hash": row.password_hash}

    def users(self) -> list[dict]:
        with self._read("listing users") as conn:
            rows = conn.execute(select(UserRow.name, UserRow.role).order_by(UserRow.name)).all()
        return [{"name": r.name, "role": r.role} for r in rows]

    def create_session(self, user_id: int, token_hash: str, csrf: str, expires_at: datetime) -> None:
        with self._write("signing in") as conn:
            conn.execute(delete(SessionRow).where(SessionRow.expires_at < datetime.now(UTC)))
            conn.execute(insert(SessionRow).values(token_hash=token_hash, user_id=user_id, csrf=csrf,
                                                   expires_at=expires_at))

    def session(self, token_hash: str) -> dict | None:
        """The signed-in user of a session (name, role, csrf), or None when unknown or expired."""
        with self._read("reading a session") as conn:
            row = conn.execute(
                select(SessionRow.csrf, SessionRow.expires_at, UserRow.name, UserRow.role)
                .join(UserRow, UserRow.id == SessionRow.user_id)
                .where(SessionRow.token_hash == token_hash)
            ).first()
        if row is None:
            return None
        if utc(row.expires_at) < datetime.now(UTC):
            return None
        return {"name": row.name, "role": row.role, "csrf": row.csrf}

    def end_session(self, token_hash: str) -> None:
        with self._write("signing out") as conn:
            conn.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))

    # -- claims under review -------------------------------------------------------------

    def claim_record(self, row_id: int) -> dict | None:
        """One claim by its row id (see ``claim_record``), or None."""
        with self._read(f"reading claim {row_id}") as conn:
            row = conn.execute(select(ClaimRow).where(ClaimRow.id == row_id)).first()
        return None if row is None else claim_record(row)

    def claim_records(self, *, document: int | None = None, outcome: str | None = None, status: str | None = None,
                      source: str | None = None, individual: bool | None = None, limit: int = 50,
                      offset: int = 0) -> tuple[list[dict], int]:
        """A page of claims (by document, then position) and the number that match.

        ``outcome`` and ``individual`` filter on the extractor's values, as the other filters do.
        """
        stmt = select(ClaimRow)
        if document is not None:
            stmt = stmt.where(ClaimRow.document_id == document)
        if outcome:
            stmt = stmt.where(ClaimRow.outcome == outcome)
        if individual is not None:
            stmt = stmt.where(ClaimRow.individual.is_(bool(individual)))
        if source:
            stmt = stmt.where(or_(contains(ClaimRow.source, source), contains(ClaimRow.source_key, source)))
        if status == "unreviewed":
            stmt = stmt.where(ClaimRow.reviewed.is_(None))
        elif status == "reviewed":
            stmt = stmt.where(ClaimRow.reviewed.is_not(None))
        with self._read("reading claims") as conn:
            total = int(conn.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
            rows = conn.execute(stmt.order_by(ClaimRow.document_id, ClaimRow.start, ClaimRow.id)
                                .limit(limit).offset(offset)).all()
        return [claim_record(r) for r in rows], total

    def review_claim(self, row_id: int, action: str, user: str, values: dict | None = None,
                     note: str | None = None) -> dict:
        """Accept, correct, reject or reset a claim; writes the audit row; returns the new record."""
        if action not in ACTIONS:
            raise StoreError(f"unknown review action {action!r} ({', '.join(ACTIONS)})")
        clean = check_values(values or {}) if action == "correct" else {}
        if action == "correct" and not clean:
            raise StoreError("a correction needs at least one changed field")
        self._known_event(clean.get("event"))
        with self._write(f"reviewing claim {row_id}") as conn:
            row = conn.execute(select(ClaimRow).where(ClaimRow.id == row_id)).first()
            if row is None:
                raise StoreError(f"no claim {row_id}")
            before = claim_record(row)
            previous = (row.reviewed or {}).get("values") or {}
            now = datetime.now(UTC).isoformat()
            if action == "reset":
                reviewed = None if before["status"] != "added" else row.reviewed
            elif action == "correct":
                if "place" in clean and "place_id" not in clean:
                    previous = {k: v for k, v in previous.items() if k != "place_id"}  # a new place, looked up anew
                reviewed = {"status": "corrected", "values": {**previous, **clean}, "by": user, "at": now}
            else:
                reviewed = {"status": "accepted" if action == "accept" else "rejected", "values": previous,
                            "by": user, "at": now}
                if before["status"] == "added" and action == "accept":
                    reviewed["status"] = "added"
            if reviewed is not None and (before["status"] == "added" or (row.reviewed or {}).get("added")):
                reviewed["added"] = True  # a reviewer's own claim, whatever is decided on it: re-extraction keeps it
            if reviewed is not None and reviewed["status"] != "rejected":
                check = effective_claim(stored_claim(row), reviewed)
                if check is not None:
                    _bounds_ok(check)
            conn.execute(update(ClaimRow).where(ClaimRow.id == row_id).values(reviewed=reviewed))
            after = claim_record(conn.execute(select(ClaimRow).where(ClaimRow.id == row_id)).first())
            self._audit(conn, user, action, f"claim {row_id}", _summary(before), _summary(after), note)
            self._bump_changes(conn)
        return after

    def add_claim(self, document_id: int, values: dict[str, Any], user: str, note: str | None = None) -> dict:
        """Add a claim the extractor missed: ``start``/``end`` of the figure in the text plus its fields."""
        start, end = values.get("start"), values.get("end")
        fields = check_values({k: v for k, v in values.items() if k not in ("start", "end")})
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or start < 0 or end <= start:
            raise StoreError("a new claim needs the figure's start and end offsets (end > start >= 0)")
        if "low" not in fields or "outcome" not in fields:
            raise StoreError("a new claim needs at least low and outcome (with individual true, low may be left out)")
        self._known_event(fields.get("event"))
        with self._write(f"adding a claim to document {document_id}") as conn:
            text = conn.scalar(select(DocumentRow.text).where(DocumentRow.id == document_id))
            if text is None:
                raise StoreError(f"no document {document_id}")
            if end > len(text):
                raise StoreError(f"the figure ends at {end}, after the end of the text ({len(text)})")
            count = conn.scalar(select(func.count()).select_from(ClaimRow).where(
                ClaimRow.document_id == document_id, ClaimRow.claim_key.like("r%")))
            sentence_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
            stops = [i for i in (text.find(".", end), text.find("\n", end)) if i >= 0]
            sentence_end = min(stops) + 1 if stops else len(text)
            while sentence_start < start and text[sentence_start].isspace():
                sentence_start += 1
            source = fields.get("source")
            claim = Claim(
                id=f"r{int(count or 0) + 1}", figure=text[start:end], start=start, end=end, low=fields["low"],
                high=fields.get("high", fields["low"]), qualifier=fields.get("qualifier", "exact"),
                outcome=fields["outcome"], group=fields.get("group"), negated=fields.get("negated", False),
                vague=fields.get("qualifier") == "vague", source=source,
                source_key=" ".join(source.lower().split()) if source else None, part_of=fields.get("part_of"),
                sentence_start=sentence_start, sentence_end=min(sentence_end, len(text)),
                date=fields.get("date"), place=fields.get("place"), individual=fields.get("individual", False),
            )
            _bounds_ok(claim)
            now = datetime.now(UTC).isoformat()
            reviewed = {"status": "added", "values": {"event": fields["event"]} if fields.get("event") else {},
                        "by": user, "at": now}
            row = dict(zip(CLAIM_COLUMNS, claim_values(document_id, claim), strict=True))
            row.update(place_alternatives=[], reviewed=reviewed)
            row_id = conn.scalar(insert(ClaimRow).values(row).returning(ClaimRow.id))
            after = claim_record(conn.execute(select(ClaimRow).where(ClaimRow.id == row_id)).first())
            self._audit(conn, user, "add", f"claim {row_id}", None, _summary(after), note)
            self._bump_changes(conn)
        return after

    def _known_event(self, event_id: str | None) -> None:
        """Refuse a move to an event that does not exist: a mistyped id would start a new event."""
        if event_id and self.event(event_id) is None:  # type: ignore[attr-defined] - Corpus.event
            raise StoreError(f"event {event_id!r} does not exist: copy its id from the events list (/events), "
                             "or leave the field empty to keep the claim where it is")

    def accept_rest(self, document_id: int, user: str, note: str | None = None) -> int:
        """Accept every claim of a document not yet reviewed, in one transaction; one audit row each.

        Claims already decided (accepted, corrected, rejected, added) keep their decision.
        Returns how many were accepted.
        """
        with self._write(f"accepting the rest of document {document_id}") as conn:
            if conn.scalar(select(DocumentRow.id).where(DocumentRow.id == document_id)) is None:
                raise StoreError(f"no document {document_id}")
            rows = conn.execute(select(ClaimRow).where(ClaimRow.document_id == document_id,
                                                       ClaimRow.reviewed.is_(None))
                                .order_by(ClaimRow.start, ClaimRow.id)).all()
            now = datetime.now(UTC).isoformat()
            for row in rows:
                before = claim_record(row)
                reviewed = {"status": "accepted", "values": {}, "by": user, "at": now}
                check = effective_claim(stored_claim(row), reviewed)
                if check is not None:
                    _bounds_ok(check)
                conn.execute(update(ClaimRow).where(ClaimRow.id == row.id).values(reviewed=reviewed))
                after = {**before, "status": "accepted", "reviewed": reviewed}
                self._audit(conn, user, "accept", f"claim {row.id}", _summary(before), _summary(after), note)
            if rows:
                self._bump_changes(conn)
        return len(rows)

    def review_progress(self) -> tuple[int, int]:
        """(claims reviewed, claims) over the whole corpus."""
        with self._read("counting reviewed claims") as conn:
            total = int(conn.scalar(select(func.count()).select_from(ClaimRow)) or 0)
            done = int(conn.scalar(select(func.count()).select_from(ClaimRow)
                                   .where(ClaimRow.reviewed.is_not(None))) or 0)
        return done, total

    def document_progress(self, document_id: int) -> tuple[int, int]:
        """(claims reviewed, claims) of one document."""
        with self._read(f"counting reviewed claims of document {document_id}") as conn:
            mine = select(func.count()).select_from(ClaimRow).where(ClaimRow.document_id == document_id)
            total = int(conn.scalar(mine) or 0)
            done = int(conn.scalar(mine.where(ClaimRow.reviewed.is_not(None))) or 0)
        return done, total

    def next_unreviewed_document(self, after: int | None = None) -> int | None:
        """The id of the next document (by id, after ``after``, wrapping round) with a claim not yet reviewed."""
        todo = select(ClaimRow.document_id).where(ClaimRow.reviewed.is_(None))
        with self._read("finding the next document to review") as conn:
            found = None
            if after is not None:
                found = conn.scalar(todo.where(ClaimRow.document_id > after)
                                    .order_by(ClaimRow.document_id).limit(1))
            if found is None:
                found = conn.scalar(todo.order_by(ClaimRow.document_id).limit(1))
        return None if found is None else int(found)

    # -- audit ---------------------------------------------------------------------------

    def audit(self, *, target: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
        """A page of the audit trail, newest first, and the number of rows."""
        stmt = select(AuditRow)
        if target:
            stmt = stmt.where(AuditRow.target == target)
        with self._read("reading the audit trail") as conn:
            total = int(conn.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
            rows = conn.execute(stmt.order_by(AuditRow.id.desc()).limit(limit).offset(offset)).all()
        return [{"id": r.id, "user": r.user, "action": r.action, "target": r.target, "before": r.before,
                 "after": r.after, "note": r.note,
                 "created_at": utc(r.created_at).isoformat()}
                for r in rows], total

    def _audit(self, conn: Any, user: str, action: str, target: str, before: dict | None, after: dict | None,
               note: str | None) -> None:
        """An audit row, in the caller's transaction: a change and its audit row commit together."""
        conn.execute(insert(AuditRow).values(user=user, action=action, target=target, before=before, after=after,
                                             note=note, created_at=datetime.now(UTC)))

    def _bump_changes(self, conn: Any) -> None:
        """Count review changes, so that events are rebuilt after one (see ``inputs_state``)."""
        current = conn.scalar(select(StateRow.value).where(StateRow.key == "claim_changes"))
        conn.execute(delete(StateRow).where(StateRow.key == "claim_changes"))
        conn.execute(insert(StateRow).values(key="claim_changes", value=str(int(current or 0) + 1)))

    # -- documents -----------------------------------------------------------------------

    def document_page(self, *, text: str | None = None, todo: bool = False, limit: int = 50,
                      offset: int = 0) -> tuple[list[dict], int]:
        """A page of documents (id, title, url, published, claims, reviewed) by id, and how many match.

        ``text`` matches the title or URL (case-insensitive); ``todo`` keeps the documents with a
        claim not yet reviewed.
        """
        mine = select(func.count()).select_from(ClaimRow).where(ClaimRow.document_id == DocumentRow.id)
        claims = mine.scalar_subquery()
        reviewed = mine.where(ClaimRow.reviewed.is_not(None)).scalar_subquery()
        stmt = select(DocumentRow.id, DocumentRow.title, DocumentRow.url, DocumentRow.published,
                      claims.label("claims"), reviewed.label("reviewed"))
        count = select(func.count()).select_from(DocumentRow)
        if text:
            match = or_(contains(DocumentRow.title, text), contains(DocumentRow.url, text))
            stmt, count = stmt.where(match), count.where(match)
        if todo:
            open_ = DocumentRow.id.in_(select(ClaimRow.document_id).where(ClaimRow.reviewed.is_(None)))
            stmt, count = stmt.where(open_), count.where(open_)
        with self._read("listing documents") as conn:
            total = int(conn.scalar(count) or 0)
            rows = conn.execute(stmt.order_by(DocumentRow.id.desc()).limit(limit).offset(offset)).all()
        return [dict(r._mapping) for r in rows], total


def _summary(record: dict | None) -> dict | None:
    """What an audit row keeps of a claim: its status and effective values."""
    if record is None:
        return None
    effective = record["effective"] or {}
    keep = ("figure", "low", "high", "qualifier", "outcome", "group", "source", "part_of", "negated", "individual",
            "date", "place")
    return {"status": record["status"], "event": record["event"], **{k: effective.get(k) for k in keep}}

