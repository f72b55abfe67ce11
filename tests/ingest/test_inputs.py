"""iter_inputs: every kind of input, folders, stdin, defaults; bad inputs are Failures, never raised."""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tollbook.errors import IngestError
from tollbook.ingest import Failure, Item, iter_inputs
from tollbook.ingest.inputs import kind_of

TEXT = "Officials said 14 people were killed in Velmora on Tuesday.\n"


def _jsonl(*texts: str) -> bytes:
    return b"".join(json.dumps({"text": t}, ensure_ascii=False).encode() + b"\n" for t in texts)


def _warc(page: str) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://news.example/a", "response",
                                                  payload=io.BytesIO(page.encode()), http_headers=headers))
    return out.getvalue()


def _summary(records: list[Item | Failure]) -> list[tuple[str, str, str | None]]:
    """(kind, file name, record) for each record, the file relative to its folder."""
    return [(type(r).__name__, Path(r.source_file).name, r.source_record) for r in records]


KINDS = [
    # (file name, contents (page -> bytes), expected text snippet)
    ("a.txt", lambda page: TEXT.encode(), TEXT),
    ("a.text", lambda page: TEXT.encode(), TEXT),
    ("a.md", lambda page: b"# Floods\n\n" + TEXT.encode(), "# Floods\n\n" + TEXT),
    ("a.html", lambda page: page().encode(), "At least 14 people were killed"),
    ("a.HTM", lambda page: page().encode(), "At least 14 people were killed"),
    ("a.jsonl", lambda page: _jsonl(TEXT), TEXT),
    ("a.ndjson", lambda page: _jsonl(TEXT), TEXT),
    ("a.jsonl.gz", lambda page: gzip.compress(_jsonl(TEXT)), TEXT),
    ("a.warc.gz", lambda page: _warc(page()), "At least 14 people were killed"),
    ("a.warc", lambda page: gzip.decompress(_warc(page())), "At least 14 people were killed"),
    # unknown extensions: sniffed from the first kilobyte
    ("a", lambda page: TEXT.encode(), TEXT),
    ("a.story", lambda page: page().encode(), "At least 14 people were killed"),
    ("a.data", lambda page: _jsonl(TEXT), TEXT),
    ("a.gz", lambda page: gzip.compress(_jsonl(TEXT)), TEXT),
    ("a.bin", lambda page: _warc(page()), "At least 14 people were killed"),
]


@pytest.mark.parametrize(("name", "make", "expected"), KINDS, ids=[row[0] for row in KINDS])
def test_each_kind(tmp_path: Path, page: Callable[..., str], name: str, make: Callable, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(make(page))
    [item] = iter_inputs([str(path)])
    assert isinstance(item, Item), item
    assert item.source_file == str(path)
    assert expected in item.document.text


@pytest.mark.parametrize(("name", "kind"), [("x.TXT", "text"), ("x.jsonl.gz", "jsonl"), ("x.arc.gz", "warc"),
                                            ("x.gz", None), ("x.json", None), ("x", None)])
def test_kind_of(name: str, kind: str | None) -> None:
    assert kind_of(name) == kind


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as stream:
            stream.truncate(size)  # sparse: no disk used

    return make


BAD_FILES = [
    # (file name, write it, words of the failure)
    ("latin1.txt", lambda p: p.write_bytes("Caf\u00e9: 14 killed".encode("latin-1")), ["not valid UTF-8", "byte offset 3"]),
    ("empty.txt", lambda p: p.write_bytes(b""), ["empty (0 bytes)"]),
    ("blank.md", lambda p: p.write_bytes(b"\n \n"), ["only whitespace"]),
    ("photo.jpg", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"), ["binary data", "NUL byte"]),
    ("huge.txt", _sparse(50_000_000), ["50.0 MB is larger than the 20.0 MB limit"]),
    ("huge.html", _sparse(50_000_000), ["50.0 MB is larger than the 20.0 MB limit"]),
    ("huge.dat", _sparse(50_000_000), ["50.0 MB is larger than"]),
    ("broken.html", lambda p: p.write_bytes(b"<html><body><div"), ["no main text found"]),
    ("empty.html", lambda p: p.write_bytes(b""), ["empty page"]),
    ("notes.gz", lambda p: p.write_bytes(gzip.compress(TEXT.encode())), ["gzip-compressed", "gunzip"]),
    ("text.warc", lambda p: p.write_bytes(TEXT.encode()), ["not a WARC or ARC archive"]),
]


@pytest.mark.parametrize(("name", "make", "words"), BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_bad_file_is_a_failure(tmp_path: Path, name: str, make: Callable[[Path], None], words: list[str]) -> None:
    path = tmp_path / name
    make(path)
    good = tmp_path / "good.txt"
    good.write_text(TEXT)
    failure, item = iter_inputs([str(path), str(good)])
    assert isinstance(failure, Failure)
    assert (failure.source_file, failure.source_record) == (str(path), None)
    assert failure.message.startswith(f"{path}: "), failure.message
    for word in words:
        assert word in failure.message
    assert isinstance(item, Item) and item.document.text == TEXT


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere" / "a.txt")
    assert list(iter_inputs([missing])) == [
        Failure(missing, None, f"{missing}: no such file or directory; check the path and spelling")
    ]


def test_directory_with_mixed_files(tmp_path: Path, page: Callable[..., str]) -> None:
    root = tmp_path / "corpus"
    (root / "b-sub").mkdir(parents=True)
    (root / "a-sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "notes.txt").write_text(TEXT)  # hidden folder: skipped
    (root / ".draft.txt").write_text(TEXT)  # hidden file: skipped
    (root / "z.txt").write_text(TEXT)
    (root / "m.html").write_text(page())
    (root / "c.jsonl").write_bytes(_jsonl(TEXT, "") + b"{not json\n" + _jsonl("3 injured."))
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "a-sub" / "deeper" / "x.txt").write_bytes(b"caf\xe9")
    (root / "a-sub" / "a.warc.gz").write_bytes(_warc(page()))
    (root / "b-sub" / "empty.txt").write_bytes(b"")

    records = list(iter_inputs([str(root)]))
    assert _summary(records) == [
        ("Item", "c.jsonl", "line 1"),
        ("Failure", "c.jsonl", "line 2"),
        ("Failure", "c.jsonl", "line 3"),
        ("Item", "c.jsonl", "line 4"),
        ("Failure", "logo.png", None),
        ("Item", "m.html", None),
        ("Item", "z.txt", None),
        ("Item", "a.warc.gz", records[7].source_record),
        ("Failure", "x.txt", None),
        ("Failure", "empty.txt", None),
    ]
    assert records[7].source_record.startswith("<urn:uuid:")
    assert records[8].source_file == str(root / "a-sub" / "deeper" / "x.txt")
    assert "line 3: not valid JSON" in records[2].message
    # the same folder gives the same records in the same order
    assert _summary(list(iter_inputs([str(root)]))) == _summary(records)


def test_order_follows_the_paths_given(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(TEXT)
    paths = [str(tmp_path / "b.txt"), str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert [r.source_file for r in iter_inputs(paths)] == paths


def test_defaults(tmp_path: Path, page: Callable[..., str]) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.html").write_text(page(lang="fr"))  # carries its own date and language
    (tmp_path / "c.jsonl").write_bytes(_jsonl(TEXT) + b'{"text": "x", "published": "2020-01-02", "language": "ar"}\n')
    records = list(iter_inputs([str(tmp_path)], published="2024-06-01", lang="en"))
    assert [(r.document.published, r.language) for r in records] == [
        ("2024-06-01", "en"),  # a.txt
        ("2024-03-05", "fr"),  # b.html
        ("2024-06-01", "en"),  # c.jsonl line 1
        ("2020-01-02", "ar"),  # c.jsonl line 2
    ]
    assert [(r.document.published, r.language) for r in iter_inputs([str(tmp_path / "a.txt")])] == [(None, None)]


def test_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"body": "14 killed.", "headline": "Floods", "when": "2024-01-02"}\n')
    [item] = iter_inputs([str(path)], fields={"text": "body", "title": "headline", "published": "when"})
    assert (item.document.text, item.document.title, item.document.published) == ("14 killed.", "Floods", "2024-01-02")


def test_unknown_field_key_raises_at_once() -> None:
    with pytest.raises(IngestError, match="unknown key 'body'"):
        iter_inputs(["anything"], fields={"body": "text"})


STDIN = [
    # (bytes on stdin, kinds, text of the first item or None)
    (TEXT.encode(), ["Item"], TEXT),
    (b"\xef\xbb\xbf" + TEXT.encode(), ["Item"], TEXT),
    (_jsonl(TEXT, "3 injured.") + b"[]\n", ["Item", "Item", "Failure"], TEXT),
    (b"  " + _jsonl(TEXT), ["Item"], TEXT),
    (b"<!DOCTYPE html><html><body><p>" + TEXT.encode() + b"</p></body></html>", ["Item"], TEXT.strip()),
    (b"", ["Failure"], None),
    (b"caf\xe9", ["Failure"], None),
]


@pytest.mark.parametrize(("data", "kinds", "text"), STDIN)
def test_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes, kinds: list[str], text: str | None) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    records = list(iter_inputs(["-"]))
    assert [type(r).__name__ for r in records] == kinds
    assert all(r.source_file == "<stdin>" for r in records)
    if text is not None:
        assert records[0].document.text == text
    else:
        assert records[0].message.startswith("<stdin>: ")


def test_stdin_long_jsonl(monkeypatch: pytest.MonkeyPatch, unicode_text: str) -> None:
    texts = [f"{i} killed. {unicode_text}" for i in range(3000)]  # far more than the sniffed kilobyte
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_jsonl(*texts))))
    assert [r.document.text for r in iter_inputs(["-"])] == texts


def test_stdin_warc(monkeypatch: pytest.MonkeyPatch, page: Callable[..., str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.decompress(_warc(page())))))
    [item] = iter_inputs(["-"])
    assert "At least 14 people were killed" in item.document.text


def test_unicode_text_file_is_kept_exactly(tmp_path: Path, unicode_text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(unicode_text.encode())
    [item] = iter_inputs([str(path)])
    assert item.document.text.encode() == unicode_text.encode()


def test_skipped_counter(tmp_path: Path, page: Callable[..., str]) -> None:
    path = tmp_path / "a.warc.gz"
    path.write_bytes(_warc(page()))
    skipped: Counter[str] = Counter()
    assert len(list(iter_inputs([str(path)], skipped=skipped))) == 1
    assert skipped == Counter()


def test_iterating_never_raises_for_unreadable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root, so make every open fail instead.
    for name in ("a.txt", "b.html", "c.jsonl", "d.warc.gz", "e.unknown"):
        (tmp_path / name).write_text(TEXT)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    from tollbook.ingest import inputs, jsonl, text, warc

    for module in (inputs, jsonl, text, warc):
        monkeypatch.setattr(module, "open", refuse, raising=False)
    records = list(iter_inputs([str(tmp_path)]))
    assert [type(r).__name__ for r in records] == ["Failure"] * 5
    assert all("permission denied" in r.message for r in records)
