"""What the readers yield: one Item per document read, one Failure per record that was not.

A reader never raises for a bad record; it yields a Failure whose message names the
file and the record (``input.jsonl line 412: not valid JSON (...); record skipped``)
and goes on with the next one (DESIGN.md, "one bad record never loses the rest").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tollbook.model import Document
from tollbook.settings import settings

__all__ = [
    "Failure",
    "FileStopped",
    "Item",
    "bad_byte",
    "cap_bad_records",
    "megabytes",
    "os_error_message",
    "printable",
    "storable",
]


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


@dataclass(frozen=True, slots=True)
class FileStopped(Failure):
    """The Failure that ends a file: too many bad records, the rest of it was not read."""


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


def bad_byte(name: str) -> int | None:
    """The first byte of a file name that was not UTF-8 (Python keeps it as a surrogate), or None."""
    for char in name:
        if "\udc80" <= char <= "\udcff":  # os.fsdecode's surrogateescape of bytes 0x80-0xff
            return ord(char) - 0xDC00
        if "\ud800" <= char <= "\udfff":
            return ord(char)
    return None


def storable(text: str) -> str:
    """``text`` with what UTF-8 cannot hold (a file name's undecodable bytes) as ``\\xe9``.

    PostgreSQL, SQLite and the terminal refuse the surrogates Python uses for such bytes.
    """
    if bad_byte(text) is None:
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that did not come from a byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def printable(name: str) -> str:
    """A file or folder name for one line of output: undecodable bytes and control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in storable(name))


def cap_bad_records(records: Iterator[Item | Failure], name: str) -> Iterator[Item | Failure]:
    """``records`` of one file, stopped with one Failure after ``max_bad_records_per_file`` bad ones.

    A hostile file (a small gzip of millions of bad lines) must not cost hours and a
    million ingest_errors rows; the next file is read as usual.
    """
    limit = settings().max_bad_records_per_file
    bad = 0
    try:
        for record in records:
            if isinstance(record, Failure):
                bad += 1
                if bad > limit:
                    where = f" at {record.source_record}" if record.source_record else ""
                    yield FileStopped(
                        name,
                        record.source_record,
                        f"{name}: stopped{where} after {limit:,} bad records; the rest of the file "
                        "was not read; fix the file, or raise max_bad_records_per_file in "
                        "settings.toml (or TOLLBOOK_MAX_BAD_RECORDS_PER_FILE)",
                    )
                    return
            yield record
    finally:
        close = getattr(records, "close", None)
        if close is not None:
            close()  # stop the reader now (its file is closed), not when it is collected
