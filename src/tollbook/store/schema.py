"""Database URLs, engines and schema revisions (Alembic, run from the package folder)."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from tollbook.errors import StoreError
from tollbook.masking import mask_text

DEFAULT_URL = "sqlite:///tollbook.db"
BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10
UPGRADE_HINT = "run `tollbook db upgrade`"
FOLDER_HINT = "create the folder first or give another --db path"
READ_ONLY_HINT = ("the read-only commands (claims, events, event, export) still work on it; to change it, "
                  "copy it to a folder you can write to")
# SQLite's words for a file it cannot open or write (sqlite3 gives no errno).
_FILE_ERRORS = re.compile(r"unable to open database file|readonly database|read-only|disk I/O error", re.IGNORECASE)
# Any constant: serialises concurrent first-time migrations of one PostgreSQL database.
_MIGRATION_LOCK = 0x70_11_B0_0C


def default_url() -> str:
    """The database URL: env ``TOLLBOOK_DB``, else ``sqlite:///tollbook.db``."""
    return os.environ.get("TOLLBOOK_DB") or DEFAULT_URL


def parse_url(url: str) -> URL:
    """Parse a database URL; plain ``postgresql://`` means psycopg 3 (the driver tollbook ships)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        reason = " (its port is not a number)" if isinstance(exc, ValueError) else ""
        raise StoreError(
            f"not a database URL: {mask_text(url)!r}{reason}; use e.g. sqlite:///tollbook.db or "
            "postgresql://user:password@host/dbname"
        ) from None
    if "@" in (parsed.host or ""):
        # SQLAlchemy split the password at its first "@": the rest would show as the host.
        raise StoreError(
            f"{mask_text(url)}: the password holds an '@': write it as %40 (URL-encode the password)"
        )
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"{masked(parsed)}: tollbook stores to SQLite or PostgreSQL, "
            f"not {parsed.get_backend_name()!r}"
        )
    return parsed


def masked(url: URL) -> str:
    """The URL as text with its password (and any ``password=`` query parameter) hidden."""
    return mask_text(url.render_as_string(hide_password=True))


def shown_url(url: str | None) -> str:
    """A database URL as tollbook shows it: parsed when it can be, its password hidden."""
    try:
        return masked(parse_url(url or default_url()))
    except StoreError:
        return mask_text(url or default_url())


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL, an in-memory database or a ``file:`` URI."""
    database = url.database
    if (url.get_backend_name() != "sqlite" or not database or database == ":memory:"
            or database.startswith("file:") or "uri" in url.query):
        return None
    return Path(database)


def sqlite_in_wal_mode(path: Path) -> bool:
    """Whether the file's header says write-ahead logging (bytes 18 and 19 are 2), read without SQLite."""
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
    except OSError:
        return False
    return header[:16] == b"SQLite format 3\x00" and header[18:20] == b"\x02\x02"


def folder_problem(path: Path) -> str | None:
    """Why the folder of ``path`` is not there (missing, or a file), or None when it is."""
    folder = path.absolute().parent
    if not folder.exists():
        return f"the folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    return None


def _read_only_fs(folder: Path) -> bool:
    if not hasattr(os, "statvfs"):  # Windows
        return False
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def sqlite_unwritable(path: Path) -> str | None:
    """Why SQLite cannot write the database at ``path``, or None when it can.

    WAL needs write access to the folder too: SQLite keeps ``NAME-wal`` and ``NAME-shm`` there.
    """
    problem = folder_problem(path)
    if problem:
        return problem
    path = path.absolute()
    if _read_only_fs(path.parent):
        return f"{path.parent} is on a read-only file system"
    if path.exists() and not os.access(path, os.W_OK):
        return f"no write permission on {path}"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"no write permission on the folder {path.parent} (SQLite keeps {path.name}-wal and " \
               f"{path.name}-shm beside the database)"
    return None


def sqlite_problem(path: Path) -> str | None:
    """What keeps SQLite from opening or writing ``path``, with the fix; None when nothing is wrong."""
    problem = folder_problem(path)
    if problem:
        return f"{problem}; {FOLDER_HINT}"
    if path.exists() and not os.access(path, os.R_OK):
        return f"no read permission on {path.absolute()}; ask its owner for read access"
    problem = sqlite_unwritable(path)
    return f"{problem}; {READ_ONLY_HINT}" if problem else None


def read_only_uri(path: Path) -> str:
    """A SQLite URI that opens ``path`` read-only (``mode=ro``).

    ``mode=ro`` alone still needs the -shm file of a WAL database, made in the folder when it
    is missing; where the folder cannot be written and no -wal file is left, no writer can be at
    work, so ``immutable=1`` reads the file without locks or -shm (SQLite, "Read-Only
    Databases" in wal.html).
    """
    absolute = path.absolute()
    uri = f"file:{quote(str(absolute))}?mode=ro"
    folder = absolute.parent
    folder_unwritable = _read_only_fs(folder) or not os.access(folder, os.W_OK | os.X_OK)
    if folder_unwritable and not Path(f"{absolute}-wal").exists():
        uri += "&immutable=1"
    return uri


def make_engine(url: URL, *, read_only: bool = False) -> Engine:
    """An engine with tollbook's connection settings (SQLite: WAL, foreign keys, busy timeout).

    ``read_only``: a SQLite file is opened with ``mode=ro`` (see ``read_only_uri``) and its
    journal mode is left as it is; nothing is written to it or beside it.
    """
    if url.get_backend_name() == "postgresql":
        connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_S}
        return create_engine(url, connect_args=connect_args, pool_pre_ping=True)
    path = sqlite_file(url) if read_only else None
    if path is not None:
        uri = read_only_uri(path)
        engine = create_engine(url, creator=lambda: sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False))
        event.listen(engine, "connect", _sqlite_connect_read_only)
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    _sqlite_settings(dbapi_connection, wal=True)


def _sqlite_connect_read_only(dbapi_connection: Any, _record: Any) -> None:
    _sqlite_settings(dbapi_connection, wal=False)


def _sqlite_settings(dbapi_connection: Any, *, wal: bool) -> None:
    # SQLAlchemy emits BEGIN itself (see _sqlite_begin): the sqlite3 module's own
    # transaction handling skips BEGIN before DDL, which would make migrations non-atomic.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    if wal:
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
        detail = mask_text(reason[0], url.password) if reason else type(exc).__name__  # drivers may quote the DSN
        path = sqlite_file(url)
        if path is not None and _FILE_ERRORS.search(detail):
            # sqlite3 says "unable to open database file" for every cause: name the path and the cause
            problem = sqlite_problem(path)
            if problem:
                detail = f"{detail}: {problem}"
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


def check_upgradable(conn: Connection, url: URL) -> None:
    """Raise StoreError when the migrations must not run: tables not made by tollbook, or a newer schema."""
    revision = current_revision(conn)
    if revision is None and _user_tables(conn):
        check_schema(conn, url)  # raises the "not set up by tollbook" error
    if revision is not None and not _known(revision):
        check_schema(conn, url)  # raises the "newer than this tollbook" error


def migrate(conn: Connection, url: URL) -> str:
    """Run the migrations to head on ``conn`` (inside its transaction); return the revision."""
    check_upgradable(conn, url)
    command.upgrade(alembic_config(conn), "head")
    return head_revision()
