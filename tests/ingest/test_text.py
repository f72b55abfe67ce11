"""Plain-text ingest: good files keep their exact text; every bad kind gets a clear error."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from tollbook.errors import IngestError, InputError, TollbookError
from tollbook.ingest import read_stdin, read_text_file
from tollbook.ingest import text as text_module
from tollbook.settings import settings


def _write(data: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / "article.txt"
        path.write_bytes(data)
        return path

    return make


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "no-such-article.txt"


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "articles"
    path.mkdir()
    return path


def _sparse_too_large(tmp_path: Path) -> Path:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(settings().max_document_bytes + 1)  # sparse: no disk used
    return path


BAD_FILES = [
    # (kind, make the file, words the message must contain)
    ("missing", _missing, ["no such file", "check the path"]),
    ("directory", _directory, ["is a directory", "text files inside it"]),
    ("binary", _write(b"abc\x00def"), ["binary", "NUL byte at byte offset 3", "plain-text"]),
    ("utf-16", _write("10 killed".encode("utf-16")), ["UTF-16", "convert it to UTF-8"]),
    ("latin-1", _write("Café: 10 killed".encode("latin-1")), ["not valid UTF-8", "byte offset 3", "0xe9", "iconv"]),
    ("latin-1 after BOM", _write(b"\xef\xbb\xbfCaf\xe9"), ["byte offset 6"]),
    ("truncated UTF-8", _write("10 killed in Bogot\u00e1".encode()[:-1]), ["not valid UTF-8", "byte offset 18"]),
    ("empty", _write(b""), ["empty", "article text"]),
    ("only BOM", _write(b"\xef\xbb\xbf"), ["only whitespace"]),
    ("whitespace", _write(b" \n\t\r\n  "), ["only whitespace", "article text"]),
    ("too large", _sparse_too_large, ["larger than", "20.0 MB", "max_document_bytes", "split"]),
]


@pytest.mark.parametrize(("kind", "make", "words"), BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_bad_file(tmp_path: Path, kind: str, make: Callable[[Path], Path], words: list[str]) -> None:
    path = make(tmp_path)
    with pytest.raises(IngestError) as caught:
        read_text_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    for word in words:
        assert word in message


def test_errors_are_input_errors() -> None:
    assert issubclass(IngestError, InputError)
    assert issubclass(IngestError, TollbookError)


def test_too_large_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sparse_too_large(tmp_path)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened; its size should be checked with stat first")

    monkeypatch.setattr(text_module, "open", no_open, raising=False)
    with pytest.raises(IngestError, match="larger than"):
        read_text_file(path)


def test_size_limit_comes_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = dataclasses.replace(settings(), max_document_bytes=10)
    monkeypatch.setattr(text_module, "settings", lambda: small)
    path = _write(b"12 people were killed")(tmp_path)
    with pytest.raises(IngestError, match="0.0 MB limit"):
        read_text_file(path)
    exactly = _write(b"12 killed.")(tmp_path)
    assert read_text_file(exactly).text == "12 killed."


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root (CI runs as root), so simulate the refusal.
    path = _write(b"12 killed")(tmp_path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(text_module, "open", refuse, raising=False)
    with pytest.raises(IngestError) as caught:
        read_text_file(path)
    assert str(caught.value).startswith(f"{path}: permission denied")


GOOD_FILES = [
    # (bytes on disk, text the Document must hold)
    (b"12 people were killed.", "12 people were killed."),
    (b"\xef\xbb\xbf12 killed.", "12 killed."),
    (b"Line one.\r\nLine two.\r\n", "Line one.\r\nLine two.\r\n"),
    ("Caf\u00e9 \u2014 12 killed.\n".encode(), "Caf\u00e9 \u2014 12 killed.\n"),
    (b"  \n12 killed.  \n\n", "  \n12 killed.  \n\n"),
]


@pytest.mark.parametrize(("data", "expected"), GOOD_FILES)
def test_good_file_text_is_kept_exactly(tmp_path: Path, data: bytes, expected: str) -> None:
    path = _write(data)(tmp_path)
    document = read_text_file(path)
    assert document.text == expected
    assert document.id == str(path)


def test_id_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(b"12 killed.")(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert read_text_file("article.txt").id == "article.txt"
    assert read_text_file(Path("./article.txt")).id == "article.txt"
    assert read_text_file("./article.txt").id == "./article.txt"


STDIN_ROWS = [
    # (bytes on stdin, text or None, words of the error)
    (b"12 killed.\n", "12 killed.\n", []),
    (b"\xef\xbb\xbf12 killed.\r\n", "12 killed.\r\n", []),
    (b"", None, ["<stdin>", "empty"]),
    (b"\n \n", None, ["<stdin>", "only whitespace"]),
    (b"12\x00", None, ["<stdin>", "NUL byte at byte offset 2"]),
    (b"caf\xe9", None, ["<stdin>", "byte offset 3"]),
]


@pytest.mark.parametrize(("data", "expected", "words"), STDIN_ROWS)
def test_stdin(data: bytes, expected: str | None, words: list[str]) -> None:
    if expected is not None:
        document = read_stdin(io.BytesIO(data))
        assert document.text == expected
        assert document.id == "<stdin>"
        return
    with pytest.raises(IngestError) as caught:
        read_stdin(io.BytesIO(data))
    for word in words:
        assert word in str(caught.value)


def test_stdin_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    small = dataclasses.replace(settings(), max_document_bytes=10)
    monkeypatch.setattr(text_module, "settings", lambda: small)
    with pytest.raises(IngestError, match=r"<stdin>: the input is larger than"):
        read_stdin(io.BytesIO(b"x" * 11))
    assert read_stdin(io.BytesIO(b"x" * 10)).text == "x" * 10
