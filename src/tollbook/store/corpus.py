"""``Corpus``: documents and their claims in SQLite or PostgreSQL, one transaction per document."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from alembic.util import CommandError
from sqlalchemy import (
    Column,
    Connection,
    Select,
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
from tollbook.store import schema
from tollbook.store.models import ClaimRow, DocumentRow, IngestErrorRow, SourceRow
from tollbook.store.records import (
    StoredClaim,
    StoredDocument,
    check_text,
    claim_row,
    content_hash,
    sources_of,
    stored_claim,
    stored_document,
)

T = TypeVar("T")
_DOCUMENT_PAGE = 100  # documents carry their text: keep pages small
_CLAIM_PAGE = 1000


class Corpus:
    """The stored documents and claims of one database.

    Args:
        url: SQLAlchemy URL (``sqlite:///tollbook.db``, ``postgresql://user:pw@host/db``);
            default: env ``TOLLBOOK_DB``, else ``sqlite:///tollbook.db``.
        create: set up the schema when the database is empty (else raise StoreError).
        check: verify the schema revision on open; ``False`` only for ``tollbook db upgrade``.
    """

    def __init__(self, url: str | None = None, *, create: bool = True, check: bool = True) -> None:
        self._url = schema.parse_url(url or schema.default_url())
        self._sqlite = self._url.get_backend_name() == "sqlite"
        if check and not create and self._sqlite:
            path = self._url.database
            if path and path != ":memory:" and not path.startswith("file:") and not Path(path).exists():
                raise StoreError(f"{self.url}: no database file {path!r}; {schema.UPGRADE_HINT} to create it")
        self._engine = schema.make_engine(self._url)
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
    def _read(self, action: str) -> Iterator[Connection]:
        with schema.errors_as_store_error(self._url, action), self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self, action: str) -> Iterator[Connection]:
        """One write transaction: committed at the end, rolled back on any error."""
        with schema.errors_as_store_error(self._url, action), self._engine.connect() as conn:
            conn.execution_options(tollbook_write=True)  # SQLite: BEGIN IMMEDIATE
            with conn.begin():
                yield conn

    def _insert(self, table: type) -> Any:
        return (sqlite_insert if self._sqlite else pg_insert)(table)

    # -- schema --------------------------------------------------------------------------

    def _open_schema(self, create: bool) -> None:
        with self._read("opening the database") as conn:
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
        digest = content_hash(document.text)
        check_text(document.text)
        for text in (raw_html, document.title):
            if text:
                check_text(text)
        row = {
            "content_hash": digest,
            "url": document.url,
            "title": document.title,
            "publisher": publisher,
            "published": document.published,
            "language": language,
            "text": document.text,
            "source_file": source_file,
            "source_record": source_record if source_record is not None else document.id,
            "raw_html": raw_html,
            "ingested_at": datetime.now(UTC),
            "extractor_version": extractor_version,
        }
        where = f"storing document {source_file or ''}{' ' if source_file else ''}{row['source_record'] or ''}".rstrip()
        with self._write(where) as conn:
            stmt = (
                self._insert(DocumentRow)
                .values(row)
                .on_conflict_do_nothing(index_elements=["content_hash"])
                .returning(DocumentRow.id)
            )
            new_id = conn.scalar(stmt)
            if new_id is None:
                # The hash is taken: by a committed row (our statement waited for any writer
                # still holding it), so a plain select sees it.
                existing = conn.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == digest))
                return int(existing), False
            if claims:
                conn.execute(insert(ClaimRow), [claim_row(new_id, claim) for claim in claims])
            self._upsert_sources(conn, claims)
            return int(new_id), True

    def _upsert_sources(self, conn: Connection, claims: list[Claim]) -> None:
        rows = sources_of(claims)
        if rows:
            conn.execute(self._insert(SourceRow).values(rows).on_conflict_do_nothing(index_elements=["key"]))

    def replace_claims(self, document_id: int, claims: list[Claim], extractor_version: str) -> None:
        """Swap a document's claims for new ones in one transaction and record the extractor version.

        Review decisions (``reviewed``) carry over to the new claim with the same
        (start, end) span.
        """
        with self._write(f"replacing the claims of document {document_id}") as conn:
            found = conn.scalar(select(DocumentRow.id).where(DocumentRow.id == document_id))
            if found is None:
                raise StoreError(f"{self.url}: no document with id {document_id}")
            kept = {
                (r.start, r.end_): r.reviewed
                for r in conn.execute(
                    select(ClaimRow.start, ClaimRow.end_, ClaimRow.reviewed).where(
                        ClaimRow.document_id == document_id, ClaimRow.reviewed.is_not(None)
                    )
                )
            }
            conn.execute(delete(ClaimRow).where(ClaimRow.document_id == document_id))
            if claims:
                rows = [claim_row(document_id, c, kept.get((c.start, c.end))) for c in claims]
                conn.execute(insert(ClaimRow), rows)
            conn.execute(
                update(DocumentRow)
                .where(DocumentRow.id == document_id)
                .values(extractor_version=extractor_version)
            )
            self._upsert_sources(conn, claims)

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
                "created_at": _utc(r.created_at).isoformat(),
            }
            for r in rows
        ]

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
        document: int | None = None,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[StoredClaim]:
        """Stored claims, by document id then start offset.

        Args:
            source, place, text: case-insensitive substrings of the claimant (as written or
                its key), of the place (as written or the gazetteer's name), of the sentence.
            date_from, date_to: ISO prefixes (``2024``, ``2024-03``, ``2024-03-05``); a claim
                dated only to a month or year is kept when that period overlaps the range.
        """
        stmt = select(ClaimRow)
        if outcome is not None:
            stmt = stmt.where(ClaimRow.outcome == outcome)
        if group is not None:
            stmt = stmt.where(ClaimRow.group_ == group)
        if source is not None:
            stmt = stmt.where(or_(_contains(ClaimRow.source, source), _contains(ClaimRow.source_key, source)))
        if place is not None:
            stmt = stmt.where(or_(_contains(ClaimRow.place, place), _contains(ClaimRow.place_name, place)))
        if date_from is not None:
            # Compare on the shorter of the two prefixes, so "2024-03" >= "2024-03-05" holds.
            bound = func.substr(literal(date_from), 1, func.length(ClaimRow.date))
            stmt = stmt.where(ClaimRow.date >= bound)
        if date_to is not None:
            stmt = stmt.where(func.substr(ClaimRow.date, 1, len(date_to)) <= date_to)
        if document is not None:
            stmt = stmt.where(ClaimRow.document_id == document)
        if text is not None:
            sentence = func.substr(
                DocumentRow.text, ClaimRow.sentence_start + 1, ClaimRow.sentence_end - ClaimRow.sentence_start
            )
            stmt = stmt.join(DocumentRow, DocumentRow.id == ClaimRow.document_id).where(
                _contains(sentence, text)
            )
        order = (ClaimRow.document_id, ClaimRow.start, ClaimRow.id)
        return self._paged(stmt, order, limit, offset, _CLAIM_PAGE, stored_claim)

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


def _contains(column: Any, needle: str) -> Any:
    """Case-insensitive substring test, the same on SQLite and PostgreSQL."""
    return func.lower(column).contains(needle.lower(), autoescape=True)


def _utc(when: datetime) -> datetime:
    """SQLite returns naive datetimes; tollbook writes UTC."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
