"""WARC and ARC archives (plain or gzip) -> Items, one record at a time, with warcio.

Only ``response`` records of HTML pages (``text/html``, ``application/xhtml+xml``)
with a 2xx status are documents. Requests, metadata, revisits, images, scripts and
error or redirect pages are skipped without a Failure: they are not articles. Pass a
``collections.Counter`` as ``skipped`` to count them by reason.
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from tollbook.errors import IngestError
from tollbook.ingest.html import HTML_TYPES, extract_html, parse_content_type
from tollbook.ingest.records import Failure, Item, megabytes, os_error_message
from tollbook.settings import settings

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

__all__ = ["iter_warc", "iter_warc_stream"]
_SKIPPED = "; record skipped"
_GZIP = b"\x1f\x8b"
_SNIFF = 1024


def iter_warc(
    path: str | os.PathLike[str], *, skipped: Counter[str] | None = None
) -> Iterator[Item | Failure]:
    """Yield one Item per HTML response record of the archive at ``path``, or a Failure.

    Each Item's ``source_record`` is the record's WARC-Record-ID, its Document id
    too, and its Document url the record's WARC-Target-URI.
    """
    name = os.fspath(path)
    try:
        stream = open(name, "rb")  # noqa: SIM115 -- closed by the with below
    except OSError as exc:
        yield Failure(name, None, os_error_message(name, exc))
        return
    with stream:
        try:
            start = _start(stream)
        except (OSError, EOFError, zlib.error) as exc:
            reason = f"cannot read the archive ({exc}); the file is damaged or not a WARC file"
            yield Failure(name, None, f"{name}: {reason}")
            return
        if not start.startswith((b"WARC/", b"filedesc://")):
            yield Failure(
                name,
                None,
                f"{name}: not a WARC or ARC archive (it does not start with 'WARC/' or "
                "'filedesc://'); check the file",
            )
            return
        yield from iter_warc_stream(stream, name, skipped=skipped)


def _start(stream: BinaryIO) -> bytes:
    """The first bytes of the archive, decompressed; the stream is rewound."""
    head = stream.read(_SNIFF)
    stream.seek(0)
    if head.startswith(_GZIP):
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    return head.lstrip(b"\r\n")


def iter_warc_stream(
    stream: BinaryIO, name: str, *, skipped: Counter[str] | None = None
) -> Iterator[Item | Failure]:
    """Yield Items and Failures from an open binary WARC/ARC stream named ``name``.

    Unlike :func:`iter_warc`, this does not check that the stream starts like an
    archive (warcio reads any line of five words as an ARC header).
    """
    from warcio.archiveiterator import ArchiveIterator  # imported when an archive is read

    skipped = skipped if skipped is not None else Counter()
    records = iter(ArchiveIterator(stream, arc2warc=True))
    count = 0
    last = None
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except Exception as exc:  # warcio raises bare Exception for some kinds of damage
            after = f"after record {last}" if last else f"after {count} records"
            yield Failure(
                name,
                last,
                f"{name}: cannot read the archive {after} ({_reason(exc)}); the file is damaged, "
                "truncated or not a WARC file; the records before it were read",
            )
            return
        count += 1
        last = record.rec_headers.get_header("WARC-Record-ID") or f"#{count}"
        reason = _skip_reason(record)
        if reason:
            skipped[reason] += 1
        else:
            yield _item(record, name, last)


def _skip_reason(record: ArcWarcRecord) -> str | None:
    """Why a record is not a document (a key for the skipped counter), or None."""
    if record.rec_type != "response":
        return f"{record.rec_type} record"
    headers = record.http_headers
    if headers is None:
        return "response without HTTP headers"
    status = headers.get_statuscode() or ""
    if not status.startswith("2"):
        return f"HTTP status {status or 'unknown'}"
    mime, _ = parse_content_type(headers.get_header("Content-Type"))
    if mime not in HTML_TYPES:
        return f"not HTML ({mime or 'no content type'})"
    return None


def _item(record: ArcWarcRecord, name: str, record_id: str) -> Item | Failure:
    """One HTML response record -> Item, or a Failure naming the record."""
    label = f"record {record_id}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    limit = settings().max_document_bytes
    try:
        data = record.content_stream().read(limit + 1)
    except Exception as exc:  # as above; warcio's decoders raise bare Exception too
        return Failure(
            name, record_id, f"{name} {label}: cannot read the page ({_reason(exc)}){_SKIPPED}"
        )
    if len(data) > limit:
        return Failure(
            name,
            record_id,
            f"{name} {label}: the page is larger than the {megabytes(limit)} limit for one "
            f"document (max_document_bytes in settings.toml){_SKIPPED}",
        )
    headers = record.http_headers
    expected = record.payload_length
    encoded = headers.get_header("Content-Encoding") or headers.get_header("Transfer-Encoding")
    if not encoded and 0 <= len(data) < expected:
        # warcio ends a cut-off gzip member quietly; half a page must not pass as a page.
        return Failure(
            name,
            record_id,
            f"{name} {label}: the page is cut short ({len(data)} of {expected} bytes); "
            f"the archive is truncated or damaged{_SKIPPED}",
        )
    try:
        page = extract_html(
            data,
            source_file=name,
            record=label,
            url=url,
            charset=parse_content_type(headers.get_header("Content-Type"))[1],
            id=record_id,
        )
    except IngestError as exc:
        return Failure(name, record_id, f"{exc}{_SKIPPED}")
    return Item(page.document, name, record_id, page.html, page.language)



def _reason(exc: BaseException) -> str:
    """A short, printable reason: warcio quotes the undecodable line it met."""
    text = str(exc).split(", first line:")[0]
    text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())[:120] or type(exc).__name__
