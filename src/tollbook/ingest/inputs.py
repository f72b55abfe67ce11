"""Many inputs -> one deterministic stream of Items and Failures.

An input is ``-`` (standard input), a file, a directory (walked recursively in
sorted order, hidden files and folders skipped, symlinked folders not followed but
named) or an http(s) URL. A file or folder whose name is not UTF-8 is one Failure
(the name shown with its bytes escaped, ``caf\\xe9.txt``): no store can keep it.
Files are read by their extension:

    .txt .text .md                      plain UTF-8 text, kept exactly
    .html .htm .xhtml                   HTML (trafilatura)
    .jsonl .ndjson (+ .gz)              JSON lines
    .warc .arc (+ .gz)                  web archives (warcio)

Anything else, and standard input, is recognised by its first kilobyte: a WARC
header, HTML, a JSON object (JSON lines), else plain text.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import os
import stat
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO

from tollbook.errors import IngestError
from tollbook.ingest.fetch import fetch_page
from tollbook.ingest.html import extract_html, looks_like_html
from tollbook.ingest.jsonl import JsonlFields, iter_jsonl_file, iter_jsonl_stream
from tollbook.ingest.records import (
    Failure,
    Item,
    bad_byte,
    megabytes,
    os_error_message,
    printable,
    storable,
)
from tollbook.ingest.text import STDIN_ID, read_stdin, read_text_file
from tollbook.ingest.warc import iter_warc, iter_warc_stream
from tollbook.settings import settings

__all__ = ["apply_defaults", "iter_inputs", "kind_of"]

_KINDS = (  # longest suffixes first
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".warc.gz", "warc"),
    (".arc.gz", "warc"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".warc", "warc"),
    (".arc", "warc"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".txt", "text"),
    (".text", "text"),
    (".md", "text"),
)
_SNIFF = 1024
_GZIP = b"\x1f\x8b"


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    published: str | None = None,
    lang: str | None = None,
    fields: Mapping[str, str] | None = None,
    skipped: Counter[str] | None = None,
    not_followed: list[str] | None = None,
) -> Iterator[Item | Failure]:
    """Yield an Item for every document in ``paths`` and a Failure for every bad record.

    Args:
        paths: files, directories, ``-`` for standard input, or http(s) URLs.
        published: YYYY-MM-DD for documents that carry no publication date.
        lang: language code for documents that carry none (``Item.language``).
        fields: JSONL keys, e.g. ``{"text": "body"}``; keys text, title, url,
            published, id, language.
        skipped: a Counter that receives the reasons archive records were skipped.
        not_followed: a list that receives the symlinked folders met while walking a
            directory (printable paths); they are not followed, so a link loop is harmless.

    Raises:
        IngestError: at once, when ``fields`` has an unknown key (not per record).
    """
    names = JsonlFields.from_mapping(fields)
    walk = _Walk(names, skipped if skipped is not None else Counter(),
                 not_followed if not_followed is not None else [])
    return _iterate(paths, published, lang, walk)


def kind_of(path: str) -> str | None:
    """``text``, ``html``, ``jsonl`` or ``warc`` by the file name, None when unknown."""
    lower = path.lower()
    return next((kind for suffix, kind in _KINDS if lower.endswith(suffix)), None)


@dataclasses.dataclass(frozen=True, slots=True)
class _Walk:
    """What every reader of one run shares: the JSONL names and what was skipped."""

    names: JsonlFields
    skipped: Counter[str]
    not_followed: list[str]


def _iterate(
    paths: Iterable[str | os.PathLike[str]],
    published: str | None,
    lang: str | None,
    walk: _Walk,
) -> Iterator[Item | Failure]:
    for path in map(os.fspath, paths):
        for record in _one(path, walk):
            if isinstance(record, Item):
                record = _with_defaults(record, published, lang)
            yield record


def _with_defaults(item: Item, published: str | None, lang: str | None) -> Item:
    if published and not item.document.published:
        item = dataclasses.replace(
            item, document=dataclasses.replace(item.document, published=published)
        )
    if lang and not item.language:
        item = dataclasses.replace(item, language=lang)
    return item


apply_defaults = _with_defaults  # for readers of parts of a file (tollbook.batch)


def _one(path: str, walk: _Walk) -> Iterator[Item | Failure]:
    if path == "-":
        yield from _stdin(walk.names, walk.skipped)
        return
    if bad_byte(path) is not None:
        yield _bad_name(path, os.path.isdir(path))
        return
    if path.lower().startswith(("http://", "https://")):
        try:
            page = fetch_page(path)
        except IngestError as exc:
            yield Failure(path, None, str(exc))
        else:
            yield Item(page.document, path, None, page.html, page.language)
        return
    try:
        info = os.stat(path)
    except OSError as exc:
        yield Failure(path, None, os_error_message(path, exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _directory(path, walk)
    else:
        yield from _file(path, walk.names, walk.skipped, kind_of(path))


def _directory(root: str, walk: _Walk) -> Iterator[Item | Failure]:
    """Every file under ``root``: a folder's files in name order, then its subfolders.

    Symlinked folders are listed in ``walk.not_followed`` and not entered (os.walk does not
    follow them): a link to a parent would loop, and one to elsewhere reads what the user
    did not give. A file or folder whose name is not UTF-8 is one Failure.
    """
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append):
        visible = sorted(d for d in dirs if not d.startswith("."))
        dirs[:] = []
        for name in visible:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                walk.not_followed.append(printable(path))
            elif bad_byte(name) is not None:
                yield _bad_name(path, True)
            else:
                dirs.append(name)
        for name in sorted(f for f in files if not f.startswith(".")):
            path = os.path.join(folder, name)
            if bad_byte(name) is not None:
                yield _bad_name(path, False)
            else:
                yield from _file(path, walk.names, walk.skipped, kind_of(path))
        while errors:  # a folder that could not be listed
            error = errors.pop(0)
            where = storable(error.filename or folder)
            yield Failure(where, None, os_error_message(where, error))


def _bad_name(path: str, folder: bool) -> Failure:
    """A file or folder whose name is not UTF-8: one Failure, the name shown with its bytes escaped."""
    shown = printable(path)
    what, after = ("folder", "its files were not read") if folder else ("file", "file skipped")
    return Failure(
        shown,
        None,
        f"{shown}: the {what} name is not valid UTF-8 (byte 0x{bad_byte(path):02x}), so it cannot "
        f"be stored; rename it (for example with `convmv -f latin1 -t utf-8 --notest`); {after}",
    )


def _file(
    path: str, names: JsonlFields, skipped: Counter[str], kind: str | None
) -> Iterator[Item | Failure]:
    try:
        kind = kind or _sniff_file(path)
    except OSError as exc:
        yield Failure(path, None, os_error_message(path, exc))
        return
    except IngestError as exc:
        yield Failure(path, None, str(exc))
        return
    if kind == "text":
        try:
            document = read_text_file(path)
        except IngestError as exc:
            yield Failure(path, None, str(exc))
        else:
            yield Item(document, path)
        return
    if kind == "html":
        yield _html_file(path)
        return
    if kind == "jsonl":
        yield from iter_jsonl_file(path, names)
    else:
        yield from iter_warc(path, skipped=skipped)


def _html_file(path: str) -> Item | Failure:
    limit = settings().max_document_bytes
    try:
        size = os.stat(path).st_size
        if size > limit:
            return Failure(
                path,
                None,
                f"{path}: {megabytes(size)} is larger than the {megabytes(limit)} limit for one "
                "document (max_document_bytes in settings.toml); split it into one file per page",
            )
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
        page = extract_html(data, source_file=path)
    except OSError as exc:
        return Failure(path, None, os_error_message(path, exc))
    except IngestError as exc:
        return Failure(path, None, str(exc))
    return Item(page.document, path, None, page.html, page.language)


def _sniff_file(path: str) -> str:
    """The kind of a file with an unknown extension, from its first bytes."""
    with open(path, "rb") as stream:
        head = stream.read(_SNIFF)
    if not head.startswith(_GZIP):
        return _sniff(head)
    try:
        with gzip.open(path, "rb") as stream:
            inner = _sniff(stream.read(_SNIFF))
    except (OSError, EOFError, zlib.error):
        inner = "text"
    if inner in ("jsonl", "warc"):
        return inner
    raise IngestError(
        f"{path}: gzip-compressed, but neither JSON lines nor a WARC archive; "
        "decompress it first (gunzip) or name it .jsonl.gz or .warc.gz"
    )


def _sniff(head: bytes) -> str:
    """``warc``, ``html``, ``jsonl`` or ``text`` from a file's first kilobyte."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if looks_like_html(head.decode("utf-8", errors="replace")):
        return "html"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    return "text"


def _stdin(names: JsonlFields, skipped: Counter[str]) -> Iterator[Item | Failure]:
    buffer: BinaryIO | None = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stand-in for stdin (some test harnesses)
        buffer = io.BytesIO(sys.stdin.read().encode("utf-8", errors="surrogateescape"))
    head = _read_head(buffer)
    stream = io.BufferedReader(_Prefixed(head, buffer))
    kind = _sniff(head)
    if kind == "jsonl":
        yield from iter_jsonl_stream(stream, STDIN_ID, names)
    elif kind == "warc":
        yield from iter_warc_stream(stream, STDIN_ID, skipped=skipped)
    elif kind == "html":
        limit = settings().max_document_bytes
        data = stream.read(limit + 1)
        try:
            if len(data) > limit:
                raise IngestError(
                    f"{STDIN_ID}: the input is larger than the {megabytes(limit)} limit for one "
                    "document (max_document_bytes in settings.toml)"
                )
            page = extract_html(data, source_file=STDIN_ID)
        except IngestError as exc:
            yield Failure(STDIN_ID, None, str(exc))
        else:
            yield Item(page.document, STDIN_ID, None, page.html, page.language)
    else:
        try:
            document = read_stdin(stream)
        except IngestError as exc:
            yield Failure(STDIN_ID, None, str(exc))
        else:
            yield Item(document, STDIN_ID)


def _read_head(stream: BinaryIO) -> bytes:
    """The first line or kilobyte of a pipe, without waiting for more than that."""
    read = getattr(stream, "read1", stream.read)
    head = b""
    while len(head) < _SNIFF and b"\n" not in head:
        chunk = read(_SNIFF - len(head))
        if not chunk:
            break
        head += chunk
    return head


class _Prefixed(io.RawIOBase):
    """A read-only stream: ``head`` (already read to sniff it), then the rest of ``tail``."""

    def __init__(self, head: bytes, tail: BinaryIO) -> None:
        self._head = memoryview(head)
        self._tail = tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        # read1 returns what a pipe has, so JSON lines stream as they arrive
        data = getattr(self._tail, "read1", self._tail.read)(len(buffer))
        buffer[: len(data)] = data
        return len(data)
