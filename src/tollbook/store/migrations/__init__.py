"""Alembic migrations of the corpus schema, shipped in the wheel (see ``store.corpus``)."""
