"""WARC and ARC archives (plain or gzip) -> Items, one record at a time, with warcio.

Only ``response`` records of HTML pages (``text/html``, ``application/xhtml+xml``)
with a 2xx status are documents. Requests, metadata, revisits, images, scripts and
error or redirect pages are skipped without a Failure: they are not articles. Pass a
``collections.Counter`` as ``skipped`` to count them by reason.
"""

from __future__ import annotations

import io
import logging
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from typing import TYPE_CHECKING, BinaryIO

from tollbook.errors import IngestError
from tollbook.ingest.html import HTML_TYPES, extract_html, parse_content_type
from tollbook.ingest.records import Failure, Item, cap_bad_records, megabytes, os_error_message
from tollbook.settings import settings

if TYPE_CHECKING:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArcWarcRecord

__all__ = ["iter_warc", "iter_warc_stream"]
_SKIPPED = "; record skipped"
_GZIP = b"\x1f\x8b"
_SNIFF = 1024
_CHUNK = 1 << 16
# warcio's stderr warning for a record whose Content-Length does not end at a blank line
_NO_BLANK_LINE = re.compile(r"Record not followed by newline.*?Offset: (\d+)", re.DOTALL)
# warcio logs one warning (a WARC-Target-URI with spaces, which it fixes); not ours to print.
logging.getLogger("warcio").addHandler(logging.NullHandler())


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
    archive (warcio reads any line of five words as an ARC header). A record cut short
    (a truncated download) or a damaged header is a Failure naming its byte offset, and
    what warcio would print to stderr becomes a Failure too. After
    ``max_bad_records_per_file`` bad records one Failure says so and reading stops.
    """
    skipped = skipped if skipped is not None else Counter()
    return cap_bad_records(_records(stream, name, skipped), name)


def _records(stream: BinaryIO, name: str, skipped: Counter[str]) -> Iterator[Item | Failure]:
    from warcio.archiveiterator import ArchiveIterator  # imported when an archive is read
    from warcio.limitreader import LimitReader

    archive = ArchiveIterator(stream, arc2warc=True)
    records = iter(archive)
    count = 0
    while True:
        previous = archive.offset  # the previous record's start, until next() reads past it
        record, error = None, None
        with _quiet() as said:
            try:
                record = next(records)
            except StopIteration:
                pass
            except Exception as exc:  # warcio raises bare Exception for some kinds of damage
                error = exc
        start = archive.offset  # where warcio now stands: the new (or broken) record
        yield from _warnings(said.getvalue(), name, previous)
        if error is not None and _at_end(archive):
            yield _cut_in_header(name, start, count)
            return
        if error is not None:
            # warcio's own exceptions say what is wrong; others (AttributeError...) do not
            reason = _reason(error) if type(error).__module__.startswith("warcio") else "bad header"
            yield Failure(
                name,
                f"byte {start}",
                f"{name}: cannot read the archive at byte {start} ({reason}); the file is damaged, "
                "truncated or not a WARC file; the records before it were read",
            )
            return
        if record is None:
            if start < archive.fh.tell():  # bytes that made no record: warcio ends without a word
                yield _cut_in_header(name, start, count)
            return
        count += 1
        record_id = record.rec_headers.get_header("WARC-Record-ID") or f"#{count}"
        declared = (record.rec_headers.get_header("Content-Length") or "").strip()
        if not declared.isdigit() or not isinstance(record.raw_stream, LimitReader):
            # Without its length warcio takes the rest of the file (or nothing) as this record.
            if _at_end(archive):
                yield _cut_in_header(name, start, count - 1)
                return
            yield Failure(
                name,
                f"byte {start}",
                f"{name}: the record at byte {start} has no valid Content-Length (its header is "
                f"damaged); the archive cannot be read past it; {_before(count - 1)}",
            )
            return
        reason = _skip_reason(record)
        with _quiet() as said:
            result = _item(record, name, record_id, start) if reason is None else _missing(record)
        yield from _warnings(said.getvalue(), name, start)
        if isinstance(result, int):  # a skipped record: only whether it was whole matters
            if result:
                yield _cut_short(name, record_id, start, record.length - result, record.length)
            else:
                skipped[str(reason)] += 1
        else:
            yield result


@contextmanager
def _quiet() -> Iterator[io.StringIO]:
    """What warcio writes to stderr (it warns there, unasked), kept to become a Failure."""
    said = io.StringIO()
    with redirect_stderr(said):
        yield said


def _warnings(text: str, name: str, offset: int) -> Iterator[Failure]:
    """warcio's stderr output, as one-line Failures naming the record's byte offset."""
    if not text.strip():
        return
    match = _NO_BLANK_LINE.search(text)
    if match:
        yield Failure(
            name,
            f"byte {offset}",
            f"{name}: the record at byte {offset} is not followed by a blank line (at byte "
            f"{match.group(1)}); its Content-Length is probably wrong; the archive is damaged there",
        )
        return
    yield Failure(
        name,
        f"byte {offset}",
        f"{name}: the archive is damaged near the record at byte {offset} ({_reason(text)})",
    )


def _missing(record: ArcWarcRecord) -> int:
    """Read the rest of the record; the bytes its Content-Length promised that never came."""
    raw = record.raw_stream
    try:
        while raw.read(_CHUNK):
            pass
    except Exception:  # a damaged gzip member: what is left cannot be read either
        return max(raw.limit, 1)
    return raw.limit


def _cut_short(name: str, record_id: str, start: int, have: int, want: int) -> Failure:
    return Failure(
        name,
        record_id,
        f"{name} record {record_id}: the record at byte {start} is cut short ({have} of {want} "
        f"bytes); the archive is truncated or damaged{_SKIPPED}",
    )


def _at_end(archive: ArchiveIterator) -> bool:
    """Whether nothing follows the header warcio could not read (the file ends inside it)."""
    reader = archive.reader
    try:
        return reader is not None and not reader.read(1) and not reader.rem_length() and not archive.fh.read(1)
    except Exception:  # a damaged gzip member: not simply the end
        return False


def _cut_in_header(name: str, start: int, count: int) -> Failure:
    return Failure(
        name,
        f"byte {start}",
        f"{name}: the archive ends inside the header of the record at byte {start}; the file is "
        f"truncated; {_before(count)}",
    )


def _before(count: int) -> str:
    if count == 1:
        return "the record before it was read"
    return f"the {count} records before it were read" if count else "no record before it"


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


def _item(record: ArcWarcRecord, name: str, record_id: str, start: int) -> Item | Failure:
    """One HTML response record (at byte ``start``) -> Item, or a Failure naming the record."""
    label = f"record {record_id}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    limit = settings().max_document_bytes
    try:
        data = record.content_stream().read(limit + 1)
    except Exception as exc:  # as above; warcio's decoders raise bare Exception too
        return Failure(
            name, record_id, f"{name} {label}: cannot read the page ({_reason(exc)}){_SKIPPED}"
        )
    missing = _missing(record)
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
    if missing:
        return _cut_short(name, record_id, start, record.length - missing, record.length)
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


def _reason(exc: BaseException | str) -> str:
    """A short, printable reason: warcio quotes the undecodable line it met."""
    text = str(exc).split(", first line:")[0]
    text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())[:120] or type(exc).__name__
