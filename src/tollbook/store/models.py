"""SQLAlchemy models of the corpus: documents, their claims, sources and ingest errors.

Types are portable (SQLite and PostgreSQL). Keep this file and
``migrations/versions/`` in step: ``tests/store/test_corpus.py`` compares them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# One naming scheme so that indexes and constraints have the same names on every
# database and in the hand-written migrations.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose metadata is the schema the migrations build."""

    metadata = MetaData(naming_convention=NAMING)


class DocumentRow(Base):
    """One stored text; ``content_hash`` (sha256 of its UTF-8 bytes) makes it unique."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(Text, index=True)  # YYYY-MM-DD
    language: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    source_file: Mapped[str | None] = mapped_column(Text)
    source_record: Mapped[str | None] = mapped_column(Text)  # line number, WARC record id, ...
    raw_html: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    extractor_version: Mapped[str] = mapped_column(Text, nullable=False)


class ClaimRow(Base):
    """One claim of one document: every field of ``tollbook.model.Claim``."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    )
    claim_key: Mapped[str] = mapped_column(Text, nullable=False)  # the extractor's id, "c3"
    figure: Mapped[str] = mapped_column(Text, nullable=False)
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end_: Mapped[int] = mapped_column(Integer, nullable=False)
    low: Mapped[int] = mapped_column(BigInteger, nullable=False)
    high: Mapped[int | None] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(Text, nullable=False)
    outcome: Mapped[str] = mapped_column(Text, nullable=False, index=True)
    group_: Mapped[str | None] = mapped_column(Text, index=True)
    negated: Mapped[bool] = mapped_column(Boolean, nullable=False)
    vague: Mapped[bool] = mapped_column(Boolean, nullable=False)
    source: Mapped[str | None] = mapped_column(Text)
    source_key: Mapped[str | None] = mapped_column(Text, index=True)
    part_of: Mapped[str | None] = mapped_column(Text)  # the parent's claim_key
    sentence_start: Mapped[int] = mapped_column(Integer, nullable=False)
    sentence_end: Mapped[int] = mapped_column(Integer, nullable=False)
    date: Mapped[str | None] = mapped_column(Text, index=True)
    date_precision: Mapped[str | None] = mapped_column(Text)
    date_text: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text, index=True)
    place_id: Mapped[int | None] = mapped_column(Integer)
    place_name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    admin1: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    place_alternatives: Mapped[list[int]] = mapped_column(JSON, nullable=False)
    # One person's outcome ("a policeman was shot dead"): low = high = 1 (migration 0005).
    individual: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=false())
    # Reserved for review decisions; SQL NULL (not JSON null) when unreviewed.
    reviewed: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))


class SourceRow(Base):
    """A claimant, by normalised key, with its name as first written."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str | None] = mapped_column(Text)  # government, armed forces, UN or NGO, ...


class IngestErrorRow(Base):
    """A record that could not be ingested, kept so that a batch can report it."""

    __tablename__ = "ingest_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file: Mapped[str] = mapped_column(Text, nullable=False)
    record: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class DocumentSignatureRow(Base):
    """A document's MinHash signature (near-duplicate detection), computed once."""

    __tablename__ = "document_signatures"

    document_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    signature: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class EventRow(Base):
    """One reconciled event; ``data`` holds the whole ``Event`` (ranges, sources, conflicts)."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    label: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str | None] = mapped_column(Text)
    date_start: Mapped[str | None] = mapped_column(Text, index=True)
    date_end: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text, index=True)
    country: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[int] = mapped_column(Integer, nullable=False)
    claims: Mapped[int] = mapped_column(Integer, nullable=False)
    conflicts: Mapped[int] = mapped_column(Integer, nullable=False)
    data: Mapped[dict] = mapped_column(JSON, nullable=False)


class EventClaimRow(Base):
    """Which event each claim belongs to."""

    __tablename__ = "event_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(
        Text, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True
    )
    document_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    claim_key: Mapped[str] = mapped_column(Text, nullable=False)


class EventEditRow(Base):
    """A hand merge or split of events: replayed after every rebuild, never lost."""

    __tablename__ = "event_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    op: Mapped[str] = mapped_column(Text, nullable=False)  # merge, split
    units: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    events: Mapped[list[str]] = mapped_column(JSON, nullable=False)  # the event ids it was made on
    author: Mapped[str] = mapped_column(Text, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class EventOverrideRow(Base):
    """A reviewer's value for one event, replayed after every rebuild: ``best`` (with an
    outcome: ``killed`` unless ``source_key`` names another), ``kind``, or a source's ``type``."""

    __tablename__ = "event_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(Text, nullable=False)  # the event's id when it was made
    units: Mapped[list[str]] = mapped_column(JSON, nullable=False)  # its units: the event holding most of them
    field: Mapped[str] = mapped_column(Text, nullable=False)  # best, kind, source_type
    source_key: Mapped[str | None] = mapped_column(Text)  # source_type: the source; best: the outcome
    value: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(Text, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class StateRow(Base):
    """Small named values: what the stored events were built from."""

    __tablename__ = "state"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class UserRow(Base):
    """A local account of the review UI."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    password_hash: Mapped[str] = mapped_column(Text, nullable=False)  # argon2
    role: Mapped[str] = mapped_column(Text, nullable=False)  # viewer, editor, admin
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class SessionRow(Base):
    """A signed-in browser: the sha256 of its cookie token, and its CSRF token."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(Text, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    csrf: Mapped[str] = mapped_column(Text, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class AuditRow(Base):
    """Who changed what, when: the value before and after, and an optional note."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user: Mapped[str] = mapped_column(Text, nullable=False)
    action: Mapped[str] = mapped_column(Text, nullable=False)  # accept, correct, reject, add, merge, split
    target: Mapped[str] = mapped_column(Text, nullable=False, index=True)  # "claim 12", "event E3f..."
    before: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    after: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class BatchShardRow(Base):
    """A shard of a ``tollbook batch`` run: done shards are skipped when the batch runs again."""

    __tablename__ = "batch_shards"

    key: Mapped[str] = mapped_column(Text, primary_key=True)  # path, byte range, size and mtime
    path: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(Text, nullable=False)  # done, failed
    documents: Mapped[int] = mapped_column(Integer, nullable=False)
    claims: Mapped[int] = mapped_column(Integer, nullable=False)
    failed: Mapped[int] = mapped_column(Integer, nullable=False)
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
