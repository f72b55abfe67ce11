"""``Corpus``: documents and their claims in SQLite or PostgreSQL, one transaction per document."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TypeVar

from alembic.util import CommandError
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Select,
    and_,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from tollbook.errors import StoreError
from tollbook.model import Claim, Document
from tollbook.reconcile.events import salient_names
from tollbook.reconcile.model import DocumentInfo, Event, Mention
from tollbook.store import schema
from tollbook.store.lists import ListsMixin
from tollbook.store.models import (
    BatchShardRow,
    ClaimRow,
    DocumentRow,
    DocumentSignatureRow,
    EventClaimRow,
    EventEditRow,
    EventRow,
    IngestErrorRow,
    SourceRow,
    StateRow,
)
from tollbook.store.overrides import OverridesMixin
from tollbook.store.records import (
    CLAIM_COLUMNS,
    StoredClaim,
    StoredDocument,
    check_text,
    claim_values,
    contains,
    content_hash,
    effective_claim,
    sources_of,
    stored_claim,
    stored_document,
    utc,
)
from tollbook.store.review import ReviewMixin

T = TypeVar("T")


@dataclass(slots=True)
class Entry:
    """One document to store with its claims and where it came from (see ``Corpus.add``)."""

    document: Document
    claims: list[Claim]
    extractor_version: str
    source_file: str | None = None
    source_record: str | None = None
    raw_html: str | None = None
    publisher: str | None = None
    language: str | None = None
_DOCUMENTS = DocumentRow.__table__
_CLAIMS = ClaimRow.__table__
_SOURCES = SourceRow.__table__
_DOCUMENT_PAGE = 100  # documents carry their text: keep pages small
_CLAIM_PAGE = 1000
_NAMES_CHARS = 5000  # the head of a document whose names are content evidence for linking reports


class Corpus(ReviewMixin, ListsMixin, OverridesMixin):
    """The stored documents and claims of one database.

    Args:
        url: SQLAlchemy URL (``sqlite:///tollbook.db``, ``postgresql://user:pw@host/db``);
            default: env ``TOLLBOOK_DB``, else ``sqlite:///tollbook.db``.
        create: set up the schema when the database is empty (else raise StoreError).
        check: verify the schema revision on open; ``False`` only for ``tollbook db upgrade``.
        read_only: the caller only reads. A SQLite file that cannot be written (read-only file,
            folder or file system) is then opened read-only; events built from it stay in memory.
    """

    def __init__(self, url: str | None = None, *, create: bool = True, check: bool = True,
                 read_only: bool = False) -> None:
        self._url = schema.parse_url(url or schema.default_url())
        self._sqlite = self._url.get_backend_name() == "sqlite"
        self._file = schema.sqlite_file(self._url)
        self.writable = True
        """False when the database is opened read-only (a SQLite file tollbook cannot write)."""
        self._events_in_memory: tuple[str, list[dict]] | None = None  # (built_from, events) when not writable
        if self._file is not None:
            exists = self._file.exists()
            if not exists and (problem := schema.folder_problem(self._file)):
                raise StoreError(f"{self.url}: {problem}; {schema.FOLDER_HINT}")
            if check and not create and not exists:
                raise StoreError(f"{self.url}: no database file {str(self._file)!r}; {schema.UPGRADE_HINT} to "
                                 "create it")
            self.writable = not (read_only and exists and schema.sqlite_unwritable(self._file))
        self._engine = schema.make_engine(self._url, read_only=not self.writable)
        # Built once, so SQLAlchemy compiles each only once per connection.
        self._insert_document = (
            self._insert(_DOCUMENTS)
            .on_conflict_do_nothing(index_elements=["content_hash"])
            .returning(_DOCUMENTS.c.id, _DOCUMENTS.c.content_hash)
        )
        self._insert_source = self._insert(_SOURCES).on_conflict_do_nothing(index_elements=["key"])
        self._known_sources: set[str] = set()  # claimant keys this process saw committed
        try:
            if check:
                self._open_schema(create)
        except BaseException:
            self._engine.dispose()
            raise

    @property
    def url(self) -> str:
        """The database URL with its password hidden."""
        return schema.masked(self._url)

    def connection_url(self) -> str:
        """The full URL, password included: for worker processes that open the same database."""
        return self._url.render_as_string(hide_password=False)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Corpus({self.url!r})"

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    # -- connections ---------------------------------------------------------------------

    @contextmanager
    def _read(self, action: str, engine: Engine | None = None) -> Iterator[Connection]:
        with schema.errors_as_store_error(self._url, action), (engine or self._engine).connect() as conn:
            yield conn

    @contextmanager
    def _checking(self) -> Iterator[Engine]:
        """The engine that checks the schema before anything else: for a SQLite file not in WAL mode,
        a read-only one, so that a database tollbook refuses keeps every byte and its journal mode
        (a connection for writing switches the file to WAL)."""
        if (not self.writable or self._file is None or not self._file.exists()
                or schema.sqlite_in_wal_mode(self._file)):
            yield self._engine
            return
        probe = schema.make_engine(self._url, read_only=True)
        try:
            yield probe
        finally:
            probe.dispose()

    @contextmanager
    def _write(self, action: str) -> Iterator[Connection]:
        """One write transaction: committed at the end, rolled back on any error."""
        with schema.errors_as_store_error(self._url, action), self._engine.connect() as conn:
            conn.execution_options(tollbook_write=True)  # SQLite: BEGIN IMMEDIATE
            with conn.begin():
                yield conn

    def _insert(self, table: Any) -> Any:
        return (sqlite_insert if self._sqlite else pg_insert)(table)

    # -- schema --------------------------------------------------------------------------

    def _open_schema(self, create: bool) -> None:
        with self._checking() as engine, self._read("opening the database", engine) as conn:
            if schema.check_schema(conn, self._url) is not None:
                return
        if not create:
            raise StoreError(f"{self.url}: the database has no tollbook schema; {schema.UPGRADE_HINT}")
        with self._write("creating the schema") as conn:
            schema.lock_for_migration(conn)
            # Another process may have set it up while we waited for the lock.
            if schema.check_schema(conn, self._url) is None:
                schema.migrate(conn, self._url)

    def upgrade(self) -> str:
        """Run the migrations to the newest revision; return it."""
        with self._checking() as engine, self._read("reading the schema", engine) as conn:
            schema.check_upgradable(conn, self._url)  # before the file is opened for writing
        try:
            with self._write("upgrading the schema") as conn:
                schema.lock_for_migration(conn)
                return schema.migrate(conn, self._url)
        except CommandError as exc:
            raise StoreError(f"{self.url}: upgrading the schema failed: {exc}") from None

    def revision(self) -> str | None:
        """The database's schema revision (None when it has none)."""
        with self._read("reading the schema revision") as conn:
            return schema.current_revision(conn)

    # -- writing -------------------------------------------------------------------------

    def add(
        self,
        document: Document,
        claims: list[Claim],
        *,
        extractor_version: str,
        source_file: str | None = None,
        source_record: str | None = None,
        raw_html: str | None = None,
        publisher: str | None = None,
        language: str | None = None,
    ) -> tuple[int, bool]:
        """Store a document and its claims in one transaction; return (id, new).

        A document whose text is already stored (same content hash) is not written
        again: the existing id comes back with ``new=False``. Safe with concurrent
        writers. ``source_record`` defaults to the document's own ``id``.
        """
        entry = Entry(document, claims, extractor_version, source_file, source_record, raw_html, publisher,
                      language)
        return self.add_many([entry])[0]

    def add_many(self, entries: Sequence[Entry]) -> list[tuple[int, bool]]:
        """Store several documents with their claims in one transaction; (id, new) for each.

        Each document is stored whole, with all its claims, or (when anything fails) none
        of the batch is: a caller that needs to isolate a bad document retries with
        ``add``. Fewer commits make bulk ingest several times faster.
        """
        rows = [_document_row(entry) for entry in entries]  # validates before writing anything
        if not rows:
            return []
        first = rows[0]
        where = f"storing document {first['source_file'] or ''} {first['source_record'] or ''}".rstrip()
        if len(rows) > 1:
            where += f" (and {len(rows) - 1} more in the same transaction)"
        claim_rows: list[tuple] = []
        stored: list[Claim] = []
        with self._write(where) as conn:
            # One statement for the batch (SQLAlchemy sends it as multi-row VALUES); rows whose
            # hash is taken, by a committed document or an earlier copy in this batch, are skipped.
            inserted = {h: int(i) for i, h in conn.execute(self._insert_document, rows)}
            taken = [row["content_hash"] for row in rows if row["content_hash"] not in inserted]
            existing: dict[str, int] = {}
            if taken:
                # Our insert waited for any writer still holding those hashes: a select sees them.
                query = select(DocumentRow.content_hash, DocumentRow.id).where(DocumentRow.content_hash.in_(taken))
                existing = {h: int(i) for h, i in conn.execute(query)}
            results: list[tuple[int, bool]] = []
            for entry, row in zip(entries, rows, strict=True):
                digest = row["content_hash"]
                new_id = inserted.pop(digest, None)
                if new_id is None:
                    results.append((existing[digest], False))
                    continue
                existing[digest] = new_id  # a later copy in this batch is a duplicate
                results.append((new_id, True))
                claim_rows.extend(claim_values(new_id, claim) for claim in entry.claims)
                stored.extend(entry.claims)
            self._insert_claims(conn, claim_rows, where)
            added = self._upsert_sources(conn, stored)
        self._known_sources.update(added)
        return results

    def _insert_claims(self, conn: Connection, rows: list[tuple], action: str) -> None:
        """Bulk-insert claims rows (``claim_values`` tuples) in the current transaction.

        PostgreSQL gets COPY and SQLite a plain executemany: the claims are most of the
        rows an ingest writes, and SQLAlchemy's per-row parameter handling would cost
        more than the database does.
        """
        if not rows:
            return
        columns = ", ".join(CLAIM_COLUMNS)
        if self._sqlite:
            marks = ", ".join("?" * len(CLAIM_COLUMNS))
            conn.exec_driver_sql(f"INSERT INTO claims ({columns}) VALUES ({marks})", rows)
            return
        import psycopg

        cursor = conn.connection.driver_connection.cursor()
        try:
            with cursor.copy(f"COPY claims ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as exc:  # raw driver errors: the transaction rolls back on the way out
            reason = [schema.mask_text(line, self._url.password) for line in str(exc).strip().splitlines()]
            raise StoreError(f"{self.url}: {action} failed: {reason[0] if reason else type(exc).__name__}") from exc
        finally:
            cursor.close()

    def _upsert_sources(self, conn: Connection, claims: list[Claim]) -> list[str]:
        """Insert the claimants not stored yet; return their keys (known once committed)."""
        rows = [row for row in sources_of(claims) if row["key"] not in self._known_sources]
        if rows:
            conn.execute(self._insert_source, rows)
        return [row["key"] for row in rows]

    def replace_claims(self, document_id: int, claims: list[Claim], extractor_version: str) -> None:
        """Swap a document's claims for new ones in one transaction and record the extractor version.

        Review decisions (``reviewed``) carry over to the new claim with the same
        (start, end) span.
        """
        with self._write(f"replacing the claims of document {document_id}") as conn:
            found = conn.scalar(select(DocumentRow.id).where(DocumentRow.id == document_id))
            if found is None:
                raise StoreError(f"{self.url}: no document with id {document_id}")
            reviewed_rows = conn.execute(
                select(ClaimRow).where(ClaimRow.document_id == document_id, ClaimRow.reviewed.is_not(None))
            ).all()
            def added_by_hand(reviewed: dict) -> bool:
                return reviewed.get("status") == "added" or bool(reviewed.get("added"))

            kept = {(r.start, r.end_): r.reviewed for r in reviewed_rows if not added_by_hand(r.reviewed)}
            # Claims added by a reviewer are not the extractor's: they stay as they are (also once
            # corrected or rejected).
            added = [claim_values(document_id, stored_claim(r), r.reviewed) for r in reviewed_rows
                     if added_by_hand(r.reviewed)]
            conn.execute(delete(ClaimRow).where(ClaimRow.document_id == document_id))
            rows = [claim_values(document_id, c, kept.get((c.start, c.end))) for c in claims]
            self._insert_claims(conn, rows + added, f"replacing the claims of document {document_id}")
            conn.execute(
                update(DocumentRow)
                .where(DocumentRow.id == document_id)
                .values(extractor_version=extractor_version)
            )
            added = self._upsert_sources(conn, claims)
        self._known_sources.update(added)

    def record_error(self, file: str, record: str | None, message: str) -> None:
        """Keep one ingest failure (its own transaction, so it survives the failed document)."""
        with self._write("recording an ingest error") as conn:
            conn.execute(
                insert(IngestErrorRow).values(
                    file=file, record=record, message=message, created_at=datetime.now(UTC)
                )
            )

    # -- reading -------------------------------------------------------------------------

    def errors(self) -> list[dict]:
        """Every recorded ingest error, oldest first (keys: id, file, record, message, created_at)."""
        with self._read("reading ingest errors") as conn:
            rows = conn.execute(select(IngestErrorRow).order_by(IngestErrorRow.id)).all()
        return [
            {
                "id": r.id,
                "file": r.file,
                "record": r.record,
                "message": r.message,
                "created_at": utc(r.created_at).isoformat(),
            }
            for r in rows
        ]

    def count_claims(self) -> int:
        """How many claims are stored."""
        with self._read("counting claims") as conn:
            return int(conn.scalar(select(func.count()).select_from(ClaimRow)) or 0)

    def count_documents(self) -> int:
        """How many documents are stored."""
        with self._read("counting documents") as conn:
            return int(conn.scalar(select(func.count()).select_from(DocumentRow)) or 0)

    def has_hash(self, digest: str) -> bool:
        """Whether a document with this content hash (see ``content_hash``) is stored."""
        with self._read("looking up a content hash") as conn:
            stmt = select(DocumentRow.id).where(DocumentRow.content_hash == digest)
            return conn.scalar(stmt) is not None

    def document(self, document_id: int) -> StoredDocument | None:
        """One stored document by id, or None."""
        with self._read(f"reading document {document_id}") as conn:
            row = conn.execute(select(DocumentRow).where(DocumentRow.id == document_id)).first()
        return stored_document(row) if row is not None else None

    def documents_by_id(self, ids: Iterable[int]) -> list[StoredDocument]:
        """Stored documents with these ids (missing ids are left out), by id."""
        found: list[StoredDocument] = []
        with self._read("reading documents") as conn:
            for chunk in _chunks(sorted(set(ids)), 500):
                rows = conn.execute(select(DocumentRow).where(DocumentRow.id.in_(chunk)).order_by(DocumentRow.id))
                found.extend(stored_document(r) for r in rows)
        return found

    def documents(self, limit: int | None = None, offset: int = 0) -> Iterator[StoredDocument]:
        """Stored documents by id."""
        return self._paged(
            select(DocumentRow), (DocumentRow.id,), limit, offset, _DOCUMENT_PAGE, stored_document
        )

    def documents_needing_reextract(self, current_version: str) -> Iterator[StoredDocument]:
        """Documents whose claims came from another extractor version, by id.

        Safe to call ``replace_claims`` while iterating (pages are read by id, not offset).
        """
        stmt = select(DocumentRow).where(DocumentRow.extractor_version != current_version)
        return self._paged(stmt, (DocumentRow.id,), None, 0, _DOCUMENT_PAGE, stored_document)

    def claims(
        self,
        *,
        outcome: str | None = None,
        group: str | None = None,
        source: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        place: str | None = None,
        country: str | None = None,
        document: int | None = None,
        text: str | None = None,
        individual: bool | None = None,
        status: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[StoredClaim]:
        """Stored claims with their review applied, by document id then start offset.

        A corrected claim has its corrected values, every claim its ``status`` (unreviewed,
        accepted, corrected, rejected, added); the filters apply to those values.

        Args:
            source, place, text: case-insensitive substrings of the claimant (as written or
                its key), of the place (as written or the gazetteer's name), of the sentence.
            country: an ISO 3166 code ("KE") or a country's name ("Kenya").
            date_from, date_to: ISO prefixes (``2024``, ``2024-03``, ``2024-03-05``); a claim
                dated only to a month or year is kept when that period overlaps the range.
            individual: True for individual victims only, False for counts only, None for both.
            status: one status, ``reviewed`` (any decision) or ``all``; by default every claim
                but the rejected ones (a rejected claim is no claim).
        """
        if status is not None and status not in CLAIM_STATUSES:
            raise StoreError(f"status must be one of {', '.join(CLAIM_STATUSES)} (got {status!r})")
        if limit is not None and limit < 0:
            raise StoreError(f"limit must not be negative (got {limit})")
        code = _country_code(country) if country is not None else None
        # Filters on values a review may change: a reviewed claim is read whatever its extracted
        # values and judged on its effective ones below (reviews are few).
        changeable = []
        if outcome is not None:
            changeable.append(ClaimRow.outcome == outcome)
        if group is not None:
            changeable.append(ClaimRow.group_ == group)
        if source is not None:
            changeable.append(or_(contains(ClaimRow.source, source), contains(ClaimRow.source_key, source)))
        if place is not None:
            changeable.append(or_(contains(ClaimRow.place, place), contains(ClaimRow.place_name, place)))
        if code is not None:
            changeable.append(ClaimRow.country == code)
        if date_from is not None:
            # Compare on the shorter of the two prefixes, so "2024-03" >= "2024-03-05" holds.
            bound = func.substr(literal(date_from), 1, func.length(ClaimRow.date))
            changeable.append(ClaimRow.date >= bound)
        if date_to is not None:
            changeable.append(func.substr(ClaimRow.date, 1, len(date_to)) <= date_to)
        if individual is not None:
            changeable.append(ClaimRow.individual.is_(bool(individual)))
        stmt = select(ClaimRow)
        if status == "unreviewed":
            stmt = stmt.where(ClaimRow.reviewed.is_(None))
        elif status not in (None, "all"):
            stmt = stmt.where(ClaimRow.reviewed.is_not(None))
        if changeable:
            stmt = stmt.where(or_(and_(*changeable), ClaimRow.reviewed.is_not(None)))
        if document is not None:
            stmt = stmt.where(ClaimRow.document_id == document)
        if text is not None:
            sentence = func.substr(
                DocumentRow.text, ClaimRow.sentence_start + 1, ClaimRow.sentence_end - ClaimRow.sentence_start
            )
            stmt = stmt.join(DocumentRow, DocumentRow.id == ClaimRow.document_id).where(
                contains(sentence, text)
            )
        wanted = {"outcome": outcome, "group": group, "source": source, "place": place, "country": code,
                  "date_from": date_from, "date_to": date_to, "individual": individual}

        def effective(row: ClaimRow) -> StoredClaim | None:
            claim = stored_claim(row)
            if row.reviewed is None:
                return claim if status in (None, "all", "unreviewed") else None
            shown = effective_claim(claim, row.reviewed)
            if shown is None:  # rejected: listed only when asked for, with the values it had
                shown = claim if status in ("all", "rejected", "reviewed") else None
            elif status not in (None, "all", "reviewed", claim.status):
                return None
            return shown if shown is not None and _matches(shown, wanted) else None

        order = (ClaimRow.document_id, ClaimRow.start, ClaimRow.id)
        if offset < 0:
            raise StoreError(f"offset must not be negative (got {offset})")
        found = (c for c in self._paged(stmt, order, None, 0, _CLAIM_PAGE, effective) if c is not None)
        # offset and limit count the claims that pass the filters (reviewed values), not stored rows
        return islice(found, offset, None if limit is None else offset + limit)

    def _paged(
        self,
        stmt: Select,
        order: tuple[Column, ...] | tuple[Any, ...],
        limit: int | None,
        offset: int,
        page: int,
        convert: Callable[[Any], T],
    ) -> Iterator[T]:
        """Yield rows page by page, each page read in its own short transaction.

        Pages continue after the last key seen (not by offset), so rows that stop
        matching while the caller writes do not make the iteration skip others.
        """
        if (limit is not None and limit < 0) or offset < 0:
            raise StoreError(f"limit and offset must not be negative (got {limit}, {offset})")
        remaining = limit
        last: tuple | None = None
        while remaining is None or remaining > 0:
            size = page if remaining is None else min(page, remaining)
            query = stmt
            if last is not None:
                query = query.where(tuple_(*order) > tuple_(*last))
            elif offset:
                query = query.offset(offset)
            with self._read("reading") as conn:
                rows = conn.execute(query.order_by(*order).limit(size)).all()
            for row in rows:
                yield convert(row)
            if len(rows) < size:
                return
            last = tuple(getattr(rows[-1], column.key) for column in order)
            if remaining is not None:
                remaining -= len(rows)


    # -- batch shards ----------------------------------------------------------------------

    def done_shards(self) -> set[str]:
        """Keys of the batch shards stored completely."""
        with self._read("reading batch shards") as conn:
            return set(conn.scalars(select(BatchShardRow.key).where(BatchShardRow.status == "done")))

    def finish_shard(self, key: str, path: str, status: str, documents: int, claims: int, failed: int,
                     error: str | None = None) -> None:
        """Record a shard as done (all its documents committed) or failed."""
        with self._write(f"recording batch shard {path}") as conn:
            conn.execute(delete(BatchShardRow).where(BatchShardRow.key == key))
            conn.execute(insert(BatchShardRow).values(key=key, path=path, status=status, documents=documents,
                                                      claims=claims, failed=failed, error=error,
                                                      finished_at=datetime.now(UTC)))

    # -- events --------------------------------------------------------------------------

    def inputs_state(self) -> str:
        """A fingerprint of what events are built from: it changes when claims or edits change."""
        with self._read("reading the corpus state") as conn:
            claims = conn.execute(select(func.count(), func.max(ClaimRow.id))).one()
            documents = conn.execute(select(func.count(), func.max(DocumentRow.id))).one()
            edits = conn.execute(select(func.count(), func.max(EventEditRow.id))).one()
            overrides = self.overrides_state(conn)
            changes = conn.scalar(select(StateRow.value).where(StateRow.key == "claim_changes")) or "0"
        return (f"claims {tuple(claims)} documents {tuple(documents)} edits {tuple(edits)} overrides {overrides} "
                f"changes {changes}")

    def state(self, key: str) -> str | None:
        """A stored state value (e.g. ``events_built_from``)."""
        if key == "events_built_from" and self._events_in_memory is not None:
            return self._events_in_memory[0]
        with self._read("reading state") as conn:
            return conn.scalar(select(StateRow.value).where(StateRow.key == key))

    def mentions(self) -> tuple[list[Mention], dict[int, DocumentInfo]]:
        """Every claim as reconciliation sees it (reviewed values applied, rejected ones left out)
        with its sentence, and the documents they come from."""
        sentence = func.substr(DocumentRow.text, ClaimRow.sentence_start + 1,
                               ClaimRow.sentence_end - ClaimRow.sentence_start).label("sentence")
        stmt = select(ClaimRow, sentence).join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        found: list[Mention] = []
        for row in self._paged(stmt, (ClaimRow.id,), None, 0, _CLAIM_PAGE, lambda r: r):
            claim = effective_claim(stored_claim(row), row.reviewed)
            if claim is not None:
                event = ((row.reviewed or {}).get("values") or {}).get("event")
                found.append(Mention(row.document_id, claim.to_claim(), row.sentence or "", row.reviewed is not None,
                                     event))
        wanted = sorted({m.document_id for m in found})
        documents: dict[int, DocumentInfo] = {}
        columns = (DocumentRow.id, DocumentRow.content_hash, DocumentRow.published, DocumentRow.title,
                   DocumentRow.url, DocumentRow.publisher, func.substr(DocumentRow.text, 1, _NAMES_CHARS).label("head"))
        with self._read("reading documents") as conn:
            for chunk in _chunks(wanted, 500):
                for r in conn.execute(select(*columns).where(DocumentRow.id.in_(chunk))):
                    documents[r.id] = DocumentInfo(r.id, r.content_hash, r.published, r.title, r.url, r.publisher,
                                                   salient_names([r.head or ""]))
        return found, documents

    def signatures(self, document_ids: Sequence[int], compute: Callable[[str], bytes]) -> dict[int, bytes]:
        """Near-duplicate signatures of these documents, computing (and keeping) the missing ones."""
        found: dict[int, bytes] = {}
        with self._read("reading signatures") as conn:
            for chunk in _chunks(sorted(document_ids), 500):
                query = select(DocumentSignatureRow).where(DocumentSignatureRow.document_id.in_(chunk))
                found.update((r.document_id, bytes(r.signature)) for r in conn.execute(query))
        missing = [d for d in document_ids if d not in found]
        for chunk in _chunks(sorted(missing), _DOCUMENT_PAGE):
            with self._read("reading documents") as conn:
                rows = conn.execute(select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(chunk))).all()
            made = {r.id: compute(r.text) for r in rows}
            found.update(made)
            if not self.writable:
                continue
            with self._write("storing signatures") as conn:
                conn.execute(self._insert(DocumentSignatureRow).on_conflict_do_nothing(
                    index_elements=["document_id"]), [{"document_id": k, "signature": v} for k, v in made.items()])
        return found

    def event_edits(self) -> list[dict]:
        """Hand merges and splits, oldest first (keys: id, op, units, events, author, note, created_at)."""
        with self._read("reading event edits") as conn:
            rows = conn.execute(select(EventEditRow).order_by(EventEditRow.id)).all()
        return [{"id": r.id, "op": r.op, "units": list(r.units), "events": list(r.events), "author": r.author,
                 "note": r.note, "created_at": utc(r.created_at).isoformat()} for r in rows]

    def add_event_edit(self, op: str, units: Sequence[str], events: Sequence[str], author: str,
                       note: str | None = None, audit: tuple[str, dict | None, dict | None] | None = None) -> int:
        """Record a merge or split; it is replayed on every rebuild.

        ``audit`` (target, before, after) is its audit row, written in the same transaction:
        there is never an edit without its audit row, nor an audit row without its edit.
        """
        if op not in ("merge", "split"):
            raise StoreError(f"unknown event edit {op!r} (merge or split)")
        if not units:
            raise StoreError(f"an event {op} needs at least one unit of claims to move; nothing recorded")
        with self._write("recording an event edit") as conn:
            edit = int(conn.scalar(insert(EventEditRow).values(
                op=op, units=list(units), events=list(events), author=author, note=note,
                created_at=datetime.now(UTC)).returning(EventEditRow.id)))
            if audit is not None:
                target, before, after = audit
                # the edit's id in its audit row: what an undo from the audit log names
                self._audit(conn, author, op, target, before, {**(after or {}), "edit": edit}, note)
            return edit

    def save_events(self, events: Sequence[Event], built_from: str) -> None:
        """Replace the stored events with these, in one transaction.

        A database opened read-only keeps them in memory instead, for this Corpus only.
        """
        if not self.writable:
            # As stored and read back: JSON, ordered by date (missing dates first, as SQLite sorts NULL), id.
            found = [json.loads(json.dumps(e.to_dict())) for e in events]
            found.sort(key=lambda e: (e["date_start"] is not None, e["date_start"] or "", e["id"]))
            self._events_in_memory = (built_from, found)
            return
        with self._write("storing events") as conn:
            conn.execute(delete(EventClaimRow))
            conn.execute(delete(EventRow))
            rows = [{"id": e.id, "label": e.label, "kind": e.kind, "date_start": e.date_start,
                     "date_end": e.date_end, "place": e.place, "country": e.country, "documents": len(e.documents),
                     "claims": len(e.claims), "conflicts": len(e.conflicts), "data": e.to_dict()} for e in events]
            for chunk in _chunks(rows, 500):
                conn.execute(insert(EventRow), chunk)
            links = [{"event_id": e.id, "document_id": d, "claim_key": k} for e in events for d, k in e.claims]
            for chunk in _chunks(links, 5000):
                conn.execute(insert(EventClaimRow), chunk)
            self._set_state(conn, "events_built_from", built_from)

    def _set_state(self, conn: Connection, key: str, value: str) -> None:
        conn.execute(delete(StateRow).where(StateRow.key == key))
        conn.execute(insert(StateRow).values(key=key, value=value))

    def events(self, *, limit: int | None = None, offset: int = 0, text: str | None = None) -> list[dict]:
        """Stored events by date then id, as dicts (``Event.to_dict()``)."""
        if self._events_in_memory is not None:
            found = self._matching_events(text)[offset:]
            return [dict(e) for e in (found if limit is None else found[:limit])]
        stmt = select(EventRow.data).order_by(EventRow.date_start, EventRow.id)
        if text:
            stmt = stmt.where(or_(contains(EventRow.label, text), contains(EventRow.id, text)))
        if offset:
            stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._read("reading events") as conn:
            return [dict(row) for row in conn.scalars(stmt)]

    def event(self, event_id: str) -> dict | None:
        """One stored event by id (``Event.to_dict()``), or None."""
        if self._events_in_memory is not None:
            return next((dict(e) for e in self._events_in_memory[1] if e["id"] == event_id), None)
        with self._read(f"reading event {event_id}") as conn:
            data = conn.scalar(select(EventRow.data).where(EventRow.id == event_id))
        return dict(data) if data is not None else None

    def events_with_documents(self, document_ids: Iterable[int]) -> list[dict]:
        """The stored events that hold claims of these documents (through the indexed event_claims)."""
        ids = sorted(set(document_ids))
        if self._events_in_memory is not None:
            return sorted((dict(e) for e in self._events_in_memory[1] if set(e["documents"]) & set(ids)),
                          key=lambda e: e["id"])
        found: dict[str, dict] = {}
        with self._read("reading events") as conn:
            for chunk in _chunks(ids, 500):
                owners = select(EventClaimRow.event_id).where(EventClaimRow.document_id.in_(chunk)).distinct()
                for event_id, data in conn.execute(select(EventRow.id, EventRow.data).where(EventRow.id.in_(owners))):
                    found[event_id] = dict(data)
        return [found[k] for k in sorted(found)]

    def count_events(self, text: str | None = None) -> int:
        """How many events are stored (whose label or id contains ``text``)."""
        if self._events_in_memory is not None:
            return len(self._matching_events(text))
        stmt = select(func.count()).select_from(EventRow)
        if text:
            stmt = stmt.where(or_(contains(EventRow.label, text), contains(EventRow.id, text)))
        with self._read("counting events") as conn:
            return int(conn.scalar(stmt) or 0)


    def _matching_events(self, text: str | None) -> list[dict]:
        """The events kept in memory whose label or id contains ``text`` (as ``contains`` does in SQL)."""
        assert self._events_in_memory is not None
        events = self._events_in_memory[1]
        if not text:
            return events
        needle = text.lower()
        return [e for e in events if needle in (e["label"] or "").lower() or needle in e["id"].lower()]


CLAIM_STATUSES = ("unreviewed", "accepted", "corrected", "rejected", "added", "reviewed", "all")


def _country_code(country: str) -> str:
    """An ISO 3166 alpha-2 code from a code or a country's name ("Kenya" -> "KE")."""
    from tollbook.export.filters import country_code_of

    code = country_code_of(country)
    if not code:
        raise StoreError(f"unknown country {country!r}: give its ISO code (KE) or its name (Kenya)")
    return code


def _matches(claim: StoredClaim, wanted: dict[str, Any]) -> bool:
    """Whether a claim's effective values pass the filters of ``Corpus.claims`` (as the SQL does)."""
    def holds(needle: str | None, *values: str | None) -> bool:
        return needle is None or any(v is not None and needle.lower() in v.lower() for v in values)

    date = claim.date or ""
    return ((wanted["outcome"] is None or claim.outcome == wanted["outcome"])
            and (wanted["group"] is None or claim.group == wanted["group"])
            and holds(wanted["source"], claim.source, claim.source_key)
            and holds(wanted["place"], claim.place, claim.place_name)
            and (wanted["country"] is None or claim.country == wanted["country"])
            and (wanted["date_from"] is None or bool(date) and date >= wanted["date_from"][:len(date)])
            and (wanted["date_to"] is None or bool(date) and date[:len(wanted["date_to"])] <= wanted["date_to"])
            and (wanted["individual"] is None or claim.individual is bool(wanted["individual"])))


def _document_row(entry: Entry) -> dict[str, Any]:
    """Column values of the documents table; raises StoreError for text no database can keep."""
    document = entry.document
    check_text(document.text)
    for text in (entry.raw_html, document.title):
        if text:
            check_text(text)
    return {
        "content_hash": content_hash(document.text),
        "url": document.url,
        "title": document.title,
        "publisher": entry.publisher,
        "published": document.published,
        "language": entry.language,
        "text": document.text,
        "source_file": entry.source_file,
        "source_record": entry.source_record if entry.source_record is not None else document.id,
        "raw_html": entry.raw_html,
        "ingested_at": datetime.now(UTC),
        "extractor_version": entry.extractor_version,
    }


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
