"""Plain-text files and standard input -> Document.

The text is kept exactly as decoded (only a leading UTF-8 byte-order mark is
dropped), so every claim's character offsets point into what the user gave us.
Line endings are not normalised for the same reason.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import BinaryIO

from tollbook.errors import IngestError
from tollbook.model import Document
from tollbook.settings import settings

__all__ = ["read_stdin", "read_text_file"]

STDIN_ID = "<stdin>"

_BOM_UTF8 = b"\xef\xbb\xbf"
_BOM_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_CHUNK = 1 << 20


def read_text_file(path: str | os.PathLike[str]) -> Document:
    """Read one UTF-8 plain-text file into a Document whose ``id`` is the path as given.

    Raises:
        IngestError: the file is missing, a directory, unreadable, binary, not UTF-8,
            empty, or larger than ``settings().max_document_bytes``.
    """
    name = os.fspath(path)
    limit = settings().max_document_bytes
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise IngestError(f"{name}: no such file; check the path and spelling") from None
    except PermissionError:
        raise IngestError(
            f"{name}: permission denied; check the permissions of the file and its folders"
        ) from None
    except OSError as exc:
        raise IngestError(f"{name}: cannot open ({exc.strerror}); check the path") from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(
            f"{name}: is a directory; give the text files inside it "
            f"(for example {os.path.join(name, '*.txt')})"
        )
    if stat.S_ISREG(info.st_mode) and info.st_size > limit:
        raise IngestError(_too_large(name, info.st_size, limit))
    try:
        with open(name, "rb") as stream:
            data = _read_bounded(stream, limit)
    except PermissionError:
        raise IngestError(
            f"{name}: permission denied; check that you may read the file (chmod +r)"
        ) from None
    except IsADirectoryError:
        raise IngestError(f"{name}: is a directory; give the text files inside it") from None
    except OSError as exc:
        raise IngestError(f"{name}: cannot read ({exc.strerror}); check the file") from None
    if data is None:
        raise IngestError(_too_large(name, None, limit))
    return Document(text=_decode(data, name, "give a file with the article text"), id=name)


def read_stdin(stream: BinaryIO | None = None) -> Document:
    """Read UTF-8 text from standard input (or ``stream``) into a Document with id ``<stdin>``.

    Raises:
        IngestError: the input is binary, not UTF-8, empty, or too large.
    """
    limit = settings().max_document_bytes
    if stream is None:
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # a text-only stand-in for stdin (some test harnesses)
            raw = sys.stdin.read(limit + 1).encode("utf-8", errors="surrogateescape")
            data = raw if len(raw) <= limit else None
        else:
            data = _read_bounded(buffer, limit)
    else:
        data = _read_bounded(stream, limit)
    if data is None:
        raise IngestError(_too_large(STDIN_ID, None, limit))
    return Document(text=_decode(data, STDIN_ID, "pipe the article text in"), id=STDIN_ID)


def _read_bounded(stream: BinaryIO, limit: int) -> bytes | None:
    """Read at most ``limit`` bytes; None when the stream holds more (pipes have no size)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None


def _decode(data: bytes, name: str, fix: str) -> str:
    """Bytes -> text, or an IngestError that says what is wrong and how to fix it."""
    if not data:
        raise IngestError(f"{name}: empty (0 bytes); {fix}")
    if data.startswith(_BOM_UTF16):
        raise IngestError(
            f"{name}: looks like UTF-16 text; convert it to UTF-8 "
            f"(for example: iconv -f UTF-16 -t UTF-8 {_quote(name)} > out.txt)"
        )
    nul = data.find(b"\x00")
    if nul != -1:
        raise IngestError(
            f"{name}: binary data (NUL byte at byte offset {nul}), not a text file; "
            "give a plain-text UTF-8 file (convert PDF or Word files to text first)"
        )
    skip = len(_BOM_UTF8) if data.startswith(_BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        raise IngestError(
            f"{name}: not valid UTF-8 at byte offset {offset} "
            f"(byte 0x{data[offset]:02x}); convert it to UTF-8 "
            f"(for example: iconv -f WINDOWS-1252 -t UTF-8 {_quote(name)} > out.txt)"
        ) from None
    if not text.strip():
        raise IngestError(f"{name}: contains only whitespace; {fix}")
    return text


def _too_large(name: str, size: int | None, limit: int) -> str:
    what = f"{_megabytes(size)} is" if size is not None else "the input is"
    return (
        f"{name}: {what} larger than the {_megabytes(limit)} limit for one document "
        "(max_document_bytes in settings.toml); split it into one file per article"
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _quote(name: str) -> str:
    return f"'{name}'" if any(c.isspace() for c in name) else name
