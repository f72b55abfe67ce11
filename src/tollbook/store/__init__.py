"""The corpus: documents and claims in SQLite or PostgreSQL (SQLAlchemy 2 + Alembic).

``Corpus(url)`` opens (and, when empty, sets up) a database; ``default_url()`` is
env ``TOLLBOOK_DB`` or ``sqlite:///tollbook.db``.
"""

from tollbook.errors import StoreError
from tollbook.store.corpus import Corpus, Entry
from tollbook.store.records import StoredClaim, StoredDocument, content_hash
from tollbook.store.schema import default_url

__all__ = ["Corpus", "Entry", "StoreError", "StoredClaim", "StoredDocument", "content_hash", "default_url"]
