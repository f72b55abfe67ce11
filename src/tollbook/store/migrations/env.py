"""Alembic environment: runs on the connection that ``Corpus`` hands over.

``Corpus.upgrade()`` puts an open connection (inside a transaction) into
``config.attributes["connection"]``; without one (the ``alembic`` command line with
``-x url=...`` or ``sqlalchemy.url``) an engine is made from the URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from tollbook.store.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url", ""
    )


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite alters tables by copying them; later revisions use op.batch_alter_table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Run the migrations offline (SQL script) or online."""
    if context.is_offline_mode():
        context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(_url())
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


run()
