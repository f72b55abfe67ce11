"""WARC archives built here with warcio: HTML responses are documents, the rest is skipped."""

from __future__ import annotations

import dataclasses
import io
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tollbook.ingest import Failure, Item, iter_warc
from tollbook.ingest import warc as warc_module
from tollbook.settings import settings

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str, status: str = "200 OK") -> str:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
    writer.write_record(record)
    return record.rec_headers.get_header("WARC-Record-ID")


def _archive(path: Path, page: Callable[..., str], unicode_text: str) -> dict[str, str]:
    """A small crawl: two articles, an image, a broken page, a 404, a request and metadata."""
    ids = {}
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tollbook tests"}))
        ids["flood"] = _response(writer, "https://news.example/flood", page().encode(), "text/html; charset=utf-8")
        request = writer.create_warc_record(
            "https://news.example/logo.png", "request", payload=io.BytesIO(b"GET /logo.png HTTP/1.1\r\n\r\n")
        )
        writer.write_record(request)
        ids["logo"] = _response(writer, "https://news.example/logo.png", PNG, "image/png")
        ids["broken"] = _response(writer, "https://news.example/broken", b"<html><body><div", "text/html")
        ids["gone"] = _response(writer, "https://news.example/gone", page().encode(), "text/html", "404 Not Found")
        body = page(body=f"<p>At least 3 people were injured.</p><p>{unicode_text}</p>", lang="fa", published=None)
        ids["unicode"] = _response(
            writer, "https://news.example/unicode", body.encode(), "application/xhtml+xml; charset=UTF-8"
        )
    return ids


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_archive(tmp_path: Path, page: Callable[..., str], unicode_text: str, name: str) -> None:
    path = tmp_path / name
    ids = _archive(path, page, unicode_text)
    skipped: Counter[str] = Counter()
    flood, broken, persian = iter_warc(path, skipped=skipped)

    assert isinstance(flood, Item)
    assert (flood.source_file, flood.source_record) == (str(path), ids["flood"])
    assert "At least 14 people were killed" in flood.document.text
    assert flood.document.url == "https://news.example/flood"
    assert flood.document.id == ids["flood"]
    assert flood.document.published == "2024-03-05"
    assert flood.raw_html == page()
    assert flood.language == "en"

    assert isinstance(broken, Failure)
    assert (broken.source_file, broken.source_record) == (str(path), ids["broken"])
    assert broken.message.startswith(f"{path} record {ids['broken']}: no main text found")
    assert broken.message.endswith("; record skipped")

    assert unicode_text in persian.document.text
    assert persian.language == "fa"
    assert skipped == Counter({"warcinfo record": 1, "request record": 1, "not HTML (image/png)": 1,
                               "HTTP status 404": 1})


def test_page_too_large(tmp_path: Path, page: Callable[..., str], unicode_text: str,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    small = dataclasses.replace(settings(), max_document_bytes=200)
    monkeypatch.setattr(warc_module, "settings", lambda: small)
    path = tmp_path / "crawl.warc.gz"
    ids = _archive(path, page, unicode_text)
    records = list(iter_warc(path))
    assert records[0] == Failure(
        str(path), ids["flood"],
        f"{path} record {ids['flood']}: the page is larger than the 0.0 MB limit for one document "
        "(max_document_bytes in settings.toml); record skipped",
    )
    assert [type(r).__name__ for r in records] == ["Failure", "Failure", "Failure"]


def test_truncated_archive(tmp_path: Path, page: Callable[..., str], unicode_text: str) -> None:
    whole = tmp_path / "whole.warc.gz"
    ids = _archive(whole, page, unicode_text)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 300])
    records = list(iter_warc(cut))
    assert records[0].source_record == ids["flood"] and isinstance(records[0], Item)
    assert isinstance(records[-1], Failure)
    assert records[-1] == Failure(str(cut), ids["unicode"], records[-1].message)
    assert records[-1].message.startswith(f"{cut} record {ids['unicode']}: the record at byte ")
    assert " is cut short (" in records[-1].message
    assert records[-1].message.endswith("bytes); the archive is truncated or damaged; record skipped")


def test_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("14 people were killed in Velmora.\n")
    [failure] = iter_warc(path)
    assert isinstance(failure, Failure)
    assert failure.message == (
        f"{path}: not a WARC or ARC archive (it does not start with 'WARC/' or 'filedesc://'); check the file"
    )


def test_missing_archive(tmp_path: Path) -> None:
    path = str(tmp_path / "missing.warc.gz")
    assert list(iter_warc(path)) == [Failure(path, None, f"{path}: no such file or directory; check the path and spelling")]


def test_damaged_archive(tmp_path: Path, page: Callable[..., str], unicode_text: str) -> None:
    whole = tmp_path / "whole.warc.gz"
    ids = _archive(whole, page, unicode_text)
    data = whole.read_bytes()
    middle = len(data) // 2
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(data[:middle] + b"\x00" * 64 + data[middle + 64 :])
    *records, failure = iter_warc(damaged)
    assert records and records[0].source_record == ids["flood"]
    assert isinstance(failure, Failure)
    assert failure.message.startswith(f"{damaged}: cannot read the archive at byte ")
    assert "(Unknown archive format)" in failure.message
    assert failure.message.endswith("the file is damaged, truncated or not a WARC file; the records before it were read")
    assert failure.message.isprintable()
