"""Database URLs, engines and schema revisions (Alembic, run from the package folder)."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from tollbook.errors import StoreError

DEFAULT_URL = "sqlite:///tollbook.db"
BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10
UPGRADE_HINT = "run `tollbook db upgrade`"
# Any constant: serialises concurrent first-time migrations of one PostgreSQL database.
_MIGRATION_LOCK = 0x70_11_B0_0C


def default_url() -> str:
    """The database URL: env ``TOLLBOOK_DB``, else ``sqlite:///tollbook.db``."""
    return os.environ.get("TOLLBOOK_DB") or DEFAULT_URL


def parse_url(url: str) -> URL:
    """Parse a database URL; plain ``postgresql://`` means psycopg 3 (the driver tollbook ships)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"not a database URL: {mask_text(url)!r}; use e.g. sqlite:///tollbook.db or "
            "postgresql://user:password@host/dbname"
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"{masked(parsed)}: tollbook stores to SQLite or PostgreSQL, "
            f"not {parsed.get_backend_name()!r}"
        )
    return parsed


def masked(url: URL) -> str:
    """The URL as text with its password hidden."""
    return url.render_as_string(hide_password=True)


def mask_text(url: str) -> str:
    """Hide a password in a URL that could not be parsed."""
    return re.sub(r"(//[^:/@]*:)[^@/]*@", r"\1***@", url)


def make_engine(url: URL) -> Engine:
    """An engine with tollbook's connection settings (SQLite: WAL, foreign keys, busy timeout)."""
    if url.get_backend_name() == "postgresql":
        connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_S}
        return create_engine(url, connect_args=connect_args, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (see _sqlite_begin): the sqlite3 module's own
    # transaction handling skips BEGIN before DDL, which would make migrations non-atomic.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    _enable_wal(cursor)
    cursor.close()
    # SQLite's lower() folds ASCII only; Python's folds all of Unicode, as PostgreSQL does
    # in a UTF-8 locale, so case-insensitive filters agree on both databases.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _enable_wal(cursor: Any) -> None:
    """Switch the file to write-ahead logging (readers never block the writer).

    The switch needs the file to itself and SQLite reports "database is locked" at once
    instead of waiting (the busy timeout does not apply), so wait here while another
    connection, e.g. a second process opening a new corpus, holds it.
    """
    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the lock up front (BEGIN IMMEDIATE), so the busy timeout applies to them
    # instead of failing at once when a read lock cannot be upgraded.
    write = conn.get_execution_options().get("tollbook_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def errors_as_store_error(url: URL, action: str) -> Iterator[None]:
    """Turn database errors into one StoreError naming the (masked) URL and the action."""
    try:
        yield
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        detail = reason[0] if reason else type(exc).__name__
        raise StoreError(f"{masked(url)}: {action} failed: {detail}") from exc


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config whose scripts are the ``migrations`` folder of this package."""
    cfg = Config()
    cfg.set_main_option("script_location", str(files("tollbook.store") / "migrations"))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest schema revision this tollbook knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "tollbook.store.migrations has no revisions"
    return head


def _known(revision: str) -> bool:
    return any(s.revision == revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions())


def current_revision(conn: Connection) -> str | None:
    """The database's schema revision, or None when it has none."""
    return MigrationContext.configure(conn).get_current_revision()


def _user_tables(conn: Connection) -> list[str]:
    return sorted(t for t in inspect(conn).get_table_names() if t != "alembic_version")


def check_schema(conn: Connection, url: URL) -> str | None:
    """Raise StoreError unless the schema is tollbook's newest; return None if the database is empty."""
    revision = current_revision(conn)
    if revision is None:
        tables = _user_tables(conn)
        if not tables:
            return None
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(
            f"{masked(url)}: the database has tables ({shown}) but no tollbook schema revision "
            f"(no alembic_version): it was not set up by tollbook. Point TOLLBOOK_DB at a new, "
            f"empty database and {UPGRADE_HINT}"
        )
    head = head_revision()
    if revision == head:
        return revision
    if not _known(revision):
        raise StoreError(
            f"{masked(url)}: the database schema is at revision {revision!r}, newer than this "
            f"tollbook knows (newest {head!r}); upgrade tollbook (pip install -U tollbook)"
        )
    raise StoreError(
        f"{masked(url)}: the database schema is at revision {revision!r}, tollbook needs {head!r}: "
        f"back it up, then {UPGRADE_HINT}"
    )


def lock_for_migration(conn: Connection) -> None:
    """Serialise schema changes among processes (SQLite already holds BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})


def migrate(conn: Connection, url: URL) -> str:
    """Run the migrations to head on ``conn`` (inside its transaction); return the revision."""
    revision = current_revision(conn)
    if revision is None and _user_tables(conn):
        check_schema(conn, url)  # raises the "not set up by tollbook" error
    if revision is not None and not _known(revision):
        check_schema(conn, url)  # raises the "newer than this tollbook" error
    command.upgrade(alembic_config(conn), "head")
    return head_revision()
