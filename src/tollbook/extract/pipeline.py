"""Runs the extraction stages in order; the only module that knows the order."""

from __future__ import annotations

from tollbook.model import Claim


def extract(text: str, published: str | None = None) -> list[Claim]:
    """Return the casualty claims of ``text`` in document order.

    Args:
        text: the document text.
        published: the publication date (``YYYY-MM-DD``) that anchors relative dates.
    """
    return []
