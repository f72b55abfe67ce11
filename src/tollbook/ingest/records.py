"""What the readers yield: one Item per document read, one Failure per record that was not.

A reader never raises for a bad record; it yields a Failure whose message names the
file and the record (``input.jsonl line 412: not valid JSON (...); record skipped``)
and goes on with the next one (DESIGN.md, "one bad record never loses the rest").
"""

from __future__ import annotations

from dataclasses import dataclass

from tollbook.model import Document

__all__ = ["Failure", "Item", "megabytes", "os_error_message"]


@dataclass(frozen=True, slots=True)
class Item:
    """One document read from an input, with where it came from.

    Attributes:
        document: the text and metadata handed to extraction.
        source_file: the path, URL or ``<stdin>`` as given (a directory's files as joined paths).
        source_record: the record inside the file: ``line 12`` (JSONL), the
            WARC-Record-ID (WARC); None for one-document files and URLs.
        raw_html: the decoded HTML the text was extracted from, None for plain text.
        language: the document's language (JSONL field, ``<html lang>``) or the default.
    """

    document: Document
    source_file: str
    source_record: str | None = None
    raw_html: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """A record that could not be read; ``message`` is one line naming file, record and fix."""

    source_file: str
    source_record: str | None
    message: str


def megabytes(size: int) -> str:
    """Bytes as the ``12.3 MB`` used in every size message."""
    return f"{size / 1_000_000:.1f} MB"


def os_error_message(name: str, exc: OSError) -> str:
    """One line saying why ``name`` could not be opened or read, and what to do."""
    if isinstance(exc, FileNotFoundError):
        return f"{name}: no such file or directory; check the path and spelling"
    if isinstance(exc, PermissionError):
        return f"{name}: permission denied; check that you may read the file (chmod +r)"
    if isinstance(exc, IsADirectoryError):
        return f"{name}: is a directory; give the files inside it"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{name}: cannot read ({reason}); check the file"
