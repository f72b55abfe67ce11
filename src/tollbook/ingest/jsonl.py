"""JSON Lines (one JSON object per line, optionally gzip-compressed) -> Items, streamed.

The file is read line by line in binary; at most one line (and never more than
``max_document_bytes`` + 2 bytes of it) is held at a time. Each line is decoded as
UTF-8 on its own, so one bad line costs one record, never the file.

A ``text`` value that looks like HTML (it starts with '<' and holds HTML tags)
goes through :func:`tollbook.ingest.html.extract_html`: crawls often store the
page rather than its text. Any other text is kept exactly as given.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, BinaryIO

from tollbook.errors import IngestError
from tollbook.ingest.html import extract_html, looks_like_html
from tollbook.ingest.records import Failure, Item, cap_bad_records, megabytes, os_error_message
from tollbook.model import Document
from tollbook.settings import settings

__all__ = ["JsonlFields", "iter_jsonl", "iter_jsonl_file", "iter_jsonl_stream"]

_BOM = b"\xef\xbb\xbf"
_GZIP = b"\x1f\x8b"
_CHUNK = 1 << 20
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_SKIPPED = "; record skipped"


@dataclass(frozen=True, slots=True)
class JsonlFields:
    """The JSON keys holding each part of a document."""

    text: str = "text"
    title: str = "title"
    url: str = "url"
    published: str = "published"
    id: str = "id"
    language: str = "language"

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str] | None) -> JsonlFields:
        """Build from ``{"text": "body", ...}``; keys left out keep their default.

        Raises:
            IngestError: a key is not one of text, title, url, published, id, language.
        """
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(mapping or {}) - set(known))
        if unknown:
            raise IngestError(
                f"JSONL fields: unknown key {unknown[0]!r}; use one of {', '.join(known)}"
            )
        return cls(**{key: value for key, value in (mapping or {}).items() if value})


def iter_jsonl(
    path: str | os.PathLike[str],
    *,
    text_field: str = "text",
    title_field: str = "title",
    url_field: str = "url",
    published_field: str = "published",
    id_field: str = "id",
    language_field: str = "language",
) -> Iterator[Item | Failure]:
    """Yield one Item per JSON line of ``path`` (gzip is decompressed), or a Failure.

    Blank lines are skipped. Each Item's ``source_record`` is ``line N`` (1-based);
    its Document id is the record's id field, else ``path:N``.
    """
    names = JsonlFields(
        text_field, title_field, url_field, published_field, id_field, language_field
    )
    return iter_jsonl_file(path, names)


def iter_jsonl_file(
    path: str | os.PathLike[str], names: JsonlFields | None = None
) -> Iterator[Item | Failure]:
    """:func:`iter_jsonl` with the field names as one :class:`JsonlFields`."""
    name = os.fspath(path)
    with ExitStack() as stack:
        try:
            stream: BinaryIO = stack.enter_context(open(name, "rb"))
            if name.lower().endswith(".gz") or stream.peek(2)[:2] == _GZIP:
                stream = stack.enter_context(gzip.GzipFile(fileobj=stream, mode="rb"))
        except OSError as exc:
            yield Failure(name, None, os_error_message(name, exc))
            return
        yield from iter_jsonl_stream(stream, name, names)


def iter_jsonl_stream(
    stream: BinaryIO, name: str, names: JsonlFields | None = None, first_line: int = 1
) -> Iterator[Item | Failure]:
    """Yield Items and Failures from an open binary stream of JSON lines named ``name``.

    ``first_line`` is the number of the stream's first line in the file (a shard of a
    larger file, ``tollbook batch``), so records keep their ``line N`` of the whole file.
    After ``max_bad_records_per_file`` bad lines one Failure says so and reading stops.
    """
    return cap_bad_records(_lines(stream, name, names or JsonlFields(), first_line), name)


def _lines(stream: BinaryIO, name: str, names: JsonlFields, first_line: int) -> Iterator[Item | Failure]:
    limit = settings().max_document_bytes
    number = first_line - 1
    try:
        while line := stream.readline(limit + 2):
            number += 1
            size = len(line) - line.endswith(b"\n")
            if size > limit:
                if not line.endswith(b"\n"):
                    line = b""  # let go of it before reading the rest of the line
                    size += _skip_line(stream)
                yield Failure(
                    name,
                    f"line {number}",
                    f"{name} line {number}: the record is {megabytes(size)}, larger than the "
                    f"{megabytes(limit)} limit for one document "
                    f"(max_document_bytes in settings.toml){_SKIPPED}",
                )
                continue
            if number == 1 and line.startswith(_BOM):
                line = line[len(_BOM) :]
            if line.strip():
                yield _record(line, number, name, names)
    except (OSError, EOFError, zlib.error) as exc:
        # A damaged or truncated gzip member: nothing after it can be read.
        yield Failure(
            name,
            f"line {number + 1}",
            f"{name} line {number + 1}: cannot read further ({exc}); the file is damaged "
            f"or truncated; the records up to line {number} were read",
        )


def _skip_line(stream: BinaryIO) -> int:
    """Read past the rest of an over-long line, one chunk at a time; return its size."""
    size = 0
    while chunk := stream.readline(_CHUNK):
        size += len(chunk) - chunk.endswith(b"\n")
        if chunk.endswith(b"\n"):
            break
    return size


def _record(line: bytes, number: int, name: str, names: JsonlFields) -> Item | Failure:
    """One JSON line -> Item, or a Failure saying what is wrong with it."""
    record = f"line {number}"
    where = f"{name} {record}"

    def fail(reason: str) -> Failure:
        return Failure(name, record, f"{where}: {reason}{_SKIPPED}")

    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return fail(
            f"not valid UTF-8 at byte {exc.start} of the line (byte 0x{line[exc.start]:02x}); "
            "convert the file to UTF-8"
        )
    try:
        value = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return fail(f"not valid JSON ({exc})")
    except RecursionError:
        return fail("not valid JSON (nested too deeply)")
    except ValueError as exc:  # e.g. an integer longer than Python's 4300-digit limit
        return fail(f"not valid JSON ({exc})")
    if not isinstance(value, dict):
        return fail(f"expected a JSON object {{...}}, got {_json_type(value)}")
    if names.text not in value:
        present = ", ".join(sorted(map(str, value))[:10]) or "none"
        return fail(
            f'no "{names.text}" field (fields: {present}); '
            "name the field holding the text (--text-field)"
        )
    text = value[names.text]
    if not isinstance(text, str):
        return fail(f'"{names.text}" is {_json_type(text)}, not a string')
    if not text.strip():
        return fail(f'"{names.text}" is empty')
    try:
        title = _string(value, names.title)
        url = _string(value, names.url)
        language = _string(value, names.language)
        identifier = _string(value, names.id, numbers=True)
        published = _published(value, names.published)
    except ValueError as exc:
        return fail(str(exc))
    identifier = identifier or f"{name}:{number}"
    raw_html = None
    if looks_like_html(text):
        try:
            page = extract_html(text, source_file=name, record=record, url=url, id=identifier)
        except IngestError as exc:
            return Failure(name, record, f"{exc}{_SKIPPED}")
        raw_html, found = text, page.document
        text = found.text
        title = title or found.title
        url = url or found.url
        published = published or found.published
        language = language or page.language
    document = Document(text=text, title=title, published=published, url=url, id=identifier)
    return Item(document, name, record, raw_html, language)


def _string(value: dict[str, Any], key: str, *, numbers: bool = False) -> str | None:
    """``value[key]`` as text; None when absent, null or blank."""
    field = value.get(key)
    if field is None:
        return None
    if numbers and isinstance(field, int) and not isinstance(field, bool):
        return str(field)
    if not isinstance(field, str):
        raise ValueError(f'"{key}" is {_json_type(field)}, not a string')
    return field.strip() or None


def _published(value: dict[str, Any], key: str) -> str | None:
    """The publication date as YYYY-MM-DD (a time after the date is dropped)."""
    raw = _string(value, key)
    if raw is None:
        return None
    match = _DATE.fullmatch(raw)
    try:
        return date.fromisoformat(match.group(1)).isoformat() if match else _bad_date(key, raw)
    except ValueError:
        return _bad_date(key, raw)


def _bad_date(key: str, raw: str) -> str:
    shown = raw if len(raw) <= 40 else raw[:40] + "..."
    raise ValueError(
        f'"{key}" is "{shown}", not a date like 2024-03-01; fix it or name another '
        "field (--published-field)"
    )


def _json_type(value: object) -> str:
    """JSON's name for the type of ``value``, with an article ("a number")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"
