"""JSON lines: streamed record by record; every bad line is one Failure with its line number."""

from __future__ import annotations

import dataclasses
import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

from tollbook.errors import IngestError
from tollbook.ingest import Failure, Item, iter_jsonl
from tollbook.ingest import jsonl as jsonl_module
from tollbook.ingest.jsonl import JsonlFields
from tollbook.settings import settings

GOOD = {"id": "a1", "text": "14 people were killed in Velmora.", "title": "Floods", "url": "https://news.example/a1",
        "published": "2024-03-05", "language": "en"}


def _lines(*records: object) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode()) + b"\n"
                    for r in records)


def _write(tmp_path: Path, data: bytes, name: str = "input.jsonl") -> str:
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return str(path)


def test_good_record(tmp_path: Path) -> None:
    path = _write(tmp_path, _lines(GOOD))
    [item] = iter_jsonl(path)
    assert isinstance(item, Item)
    assert item.document.text == GOOD["text"]
    assert item.document.title == "Floods"
    assert item.document.url == "https://news.example/a1"
    assert item.document.published == "2024-03-05"
    assert item.document.id == "a1"
    assert (item.source_file, item.source_record, item.raw_html, item.language) == (path, "line 1", None, "en")


@pytest.mark.parametrize("name", ["input.jsonl", "input.jsonl.gz"])
def test_unicode_survives_byte_for_byte(tmp_path: Path, unicode_text: str, name: str) -> None:
    text = f"  14 killed.\r\n{unicode_text}\n"
    path = _write(tmp_path, _lines({"text": text}, b'{"text": "\\u200f\\ud83d\\udc4d"}'), name)
    first, second = iter_jsonl(path)
    assert first.document.text == text
    assert second.document.text == "\u200f\U0001F44D"


def test_defaults_for_missing_fields(tmp_path: Path) -> None:
    path = _write(tmp_path, _lines({"text": "14 killed."}, {"text": "3 injured.", "id": 17, "title": None}))
    first, second = iter_jsonl(path)
    assert first.document.id == f"{path}:1"
    assert (first.document.title, first.document.url, first.document.published, first.language) == (None,) * 4
    assert second.document.id == "17"


def test_field_names(tmp_path: Path) -> None:
    path = _write(tmp_path, _lines({"body": "14 killed.", "headline": "H", "link": "https://x.example", "date": "2024-01-02",
                                    "uid": "u", "lang": "fr"}))
    [item] = iter_jsonl(path, text_field="body", title_field="headline", url_field="link", published_field="date",
                        id_field="uid", language_field="lang")
    assert item.document == type(item.document)("14 killed.", "H", "2024-01-02", "https://x.example", "u")
    assert item.language == "fr"


DATES = [
    ("2024-03-05", "2024-03-05"),
    ("2024-03-05T10:00:00Z", "2024-03-05"),
    ("2024-03-05T10:00:00.123+02:00", "2024-03-05"),
    ("2024-03-05 10:00", "2024-03-05"),
    ("", None),
]


@pytest.mark.parametrize(("value", "expected"), DATES)
def test_published(tmp_path: Path, value: str, expected: str | None) -> None:
    [item] = iter_jsonl(_write(tmp_path, _lines({"text": "14 killed.", "published": value})))
    assert item.document.published == expected


def test_html_text_is_extracted(tmp_path: Path, page) -> None:
    html = page(comments="<p>A reader: 99 killed.</p>", lang="en-GB")
    path = _write(tmp_path, _lines({"text": html, "url": "https://news.example/1"}, {"text": "<p>14 killed in Velmora.</p>",
                                                                                      "title": "Given"}))
    first, second = iter_jsonl(path)
    assert "At least 14 people were killed" in first.document.text
    assert "99 killed" not in first.document.text
    assert first.raw_html == html
    assert (first.document.title, first.document.published, first.document.url) == (
        "Floods in Velmora", "2024-03-05", "https://news.example/1")
    assert first.language == "en"
    assert (second.document.text, second.document.title) == ("14 killed in Velmora.", "Given")


def test_text_starting_with_angle_bracket_is_kept(tmp_path: Path) -> None:
    [item] = iter_jsonl(_write(tmp_path, _lines({"text": "<14 killed> said the ministry"})))
    assert item.document.text == "<14 killed> said the ministry"
    assert item.raw_html is None


BAD_LINES = [
    # (line bytes, words of the message after "input.jsonl line 2: ")
    (b'{"text": "14 killed" "title": "x"}', ["not valid JSON (Expecting ',' delimiter: line 1 column 22 (char 21))"]),
    (b'{"text": "14 killed"', ["not valid JSON", "Expecting"]),
    (b"[1, 2]", ["expected a JSON object", "got an array"]),
    (b'"14 killed"', ["got a string"]),
    (b'{"body": "14 killed", "id": 3}', ['no "text" field (fields: body, id)', "--text-field"]),
    (b'{"text": 14}', ['"text" is a number, not a string']),
    (b'{"text": null}', ['"text" is null, not a string']),
    (b'{"text": ""}', ['"text" is empty']),
    (b'{"text": " \\n\\t "}', ['"text" is empty']),
    (b'{"text": "14 killed", "title": ["a"]}', ['"title" is an array, not a string']),
    (b'{"text": "14 killed", "published": "last Tuesday"}', ['"published" is "last Tuesday", not a date', "--published-field"]),
    (b'{"text": "14 killed", "published": "2024-02-30"}', ['"published" is "2024-02-30", not a date']),
    (b'{"text": "14 killed in Bogot\xe1"}', ["not valid UTF-8 at byte 28 of the line (byte 0xe1)"]),
    (b'{"text": "<html><body><div"}', ["no main text found"]),
    (b"[" * 100_000, ["not valid JSON"]),
    (b'{"text": "14 killed", "n": ' + b"9" * 5000 + b"}", ["not valid JSON", "digits"]),
]


@pytest.mark.parametrize(("line", "words"), BAD_LINES)
def test_bad_line_is_one_failure(tmp_path: Path, line: bytes, words: list[str]) -> None:
    path = _write(tmp_path, _lines(GOOD, line, {"text": "3 injured."}))
    first, bad, last = iter_jsonl(path)
    assert isinstance(first, Item) and isinstance(last, Item)
    assert last.source_record == "line 3"
    assert isinstance(bad, Failure)
    assert (bad.source_file, bad.source_record) == (path, "line 2")
    assert bad.message.startswith(f"{path} line 2: ")
    assert bad.message.endswith("; record skipped")
    assert "\n" not in bad.message
    for word in words:
        assert word in bad.message


def test_blank_lines_and_bom_and_crlf(tmp_path: Path) -> None:
    data = b'\xef\xbb\xbf{"text": "14 killed."}\r\n\r\n   \n{"text": "3 injured."}'  # no final newline
    first, second = iter_jsonl(_write(tmp_path, data))
    assert (first.document.text, first.source_record) == ("14 killed.", "line 1")
    assert (second.document.text, second.source_record) == ("3 injured.", "line 4")


def test_missing_file(tmp_path: Path) -> None:
    path = str(tmp_path / "nothing.jsonl")
    [failure] = iter_jsonl(path)
    assert failure == Failure(path, None, f"{path}: no such file or directory; check the path and spelling")


def test_fifty_megabyte_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "input.jsonl"
    with path.open("wb") as stream:
        stream.write(_lines(GOOD) + b'{"text": "')
        stream.seek(50_000_000)  # sparse: the hole reads as NUL bytes, no disk used
        stream.write(b'"}\n' + _lines({"text": "3 injured."}))
    first, huge, last = iter_jsonl(path)
    assert isinstance(huge, Failure) and huge.source_record == "line 2"
    assert "the record is 50.0 MB, larger than the 20.0 MB limit" in huge.message
    assert "max_document_bytes" in huge.message
    assert (first.document.id, last.document.text, last.source_record) == ("a1", "3 injured.", "line 3")


def test_line_limit_is_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = dataclasses.replace(settings(), max_document_bytes=30)
    monkeypatch.setattr(jsonl_module, "settings", lambda: small)
    fits = b'{"text": "' + b"x" * 18 + b'"}'  # 30 bytes
    path = _write(tmp_path, fits + b"\n" + fits + b'   \n' + fits)
    first, second, third = iter_jsonl(path)
    assert isinstance(first, Item) and isinstance(third, Item)
    assert isinstance(second, Failure) and "the record is 0.0 MB" in second.message


def test_gzip(tmp_path: Path) -> None:
    path = _write(tmp_path, _lines(GOOD, b"{oops", {"text": "3 injured."}), "input.jsonl.gz")
    kinds = [type(r).__name__ for r in iter_jsonl(path)]
    assert kinds == ["Item", "Failure", "Item"]


def test_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "input.jsonl.gz"
    data = gzip.compress(_lines(*[{"text": f"{i} killed."} for i in range(2000)]))
    path.write_bytes(data[: len(data) // 2])
    records = list(iter_jsonl(path))
    *items, failure = records
    assert items and all(isinstance(r, Item) for r in items)
    assert isinstance(failure, Failure)
    assert failure.message.startswith(f"{path} line {len(items) + 1}: cannot read further")
    assert f"the records up to line {len(items)} were read" in failure.message


def test_not_gzip(tmp_path: Path) -> None:
    path = tmp_path / "input.jsonl.gz"
    path.write_bytes(_lines(GOOD))
    [failure] = iter_jsonl(path)
    assert isinstance(failure, Failure)
    assert "cannot read further" in failure.message and "damaged" in failure.message


def test_fields_from_mapping() -> None:
    assert JsonlFields.from_mapping({"text": "body", "title": ""}) == JsonlFields(text="body")
    assert JsonlFields.from_mapping(None) == JsonlFields()
    with pytest.raises(IngestError, match="unknown key 'body'"):
        JsonlFields.from_mapping({"body": "text"})


def test_memory_stays_flat(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = _lines({"id": "x", "text": "Officials said 14 people were killed and 32 injured in Velmora. " * 3})
    count = 20_000_000 // len(line)
    with path.open("wb") as stream:
        for _ in range(count // 1000):
            stream.write(line * 1000)
    seen = 0
    tracemalloc.start()
    try:
        for record in iter_jsonl(path):
            assert isinstance(record, Item)
            seen += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count // 1000 * 1000
    assert path.stat().st_size > 19_000_000
    assert peak < 3_000_000, f"peak {peak / 1e6:.1f} MB while streaming a 20 MB file"
