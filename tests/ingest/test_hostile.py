"""Hostile inputs through ``tollbook ingest`` (issue 15): odd file names, gzip line bombs,
truncated archives and symlinked folders. Each run goes on past the bad input, says what
it skipped in one line, and stores a readable ingest_errors row (SQLite and PostgreSQL).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tollbook.cli import app
from tollbook.settings import settings
from tollbook.store import Corpus

KILLED = "Officials said 12 people were killed in Velmora on Monday.\n"


def _runner() -> CliRunner:
    try:  # Click < 8.2 mixes stderr into stdout unless told not to
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def _ingest(db_url: str, *args: str):
    return _runner().invoke(app, ["ingest", *args, "--db", db_url])


def _stored(db_url: str) -> tuple[list[str], list[dict]]:
    """The names of the stored documents' files, and the ingest_errors rows."""
    with Corpus(db_url) as corpus:
        return sorted(os.path.basename(d.source_file) for d in corpus.documents()), corpus.errors()


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """An empty folder for the inputs (the SQLite database lives beside it, never inside)."""
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


# -- 3: a file or folder name that is not UTF-8 -------------------------------------------

@pytest.mark.parametrize("batch", ["200", "1"])
@pytest.mark.parametrize(("name", "folder", "shown", "words"), [
    (b"latin1-\xe9.txt", False, "latin1-\\xe9.txt", "the file name is not valid UTF-8 (byte 0xe9)"),
    (b"caf\xe9", True, "caf\\xe9", "the folder name is not valid UTF-8 (byte 0xe9)"),
    (b"bad-\xff\xfe.jsonl", False, "bad-\\xff\\xfe.jsonl", "the file name is not valid UTF-8 (byte 0xff)"),
])
def test_a_name_that_is_not_utf8_is_one_error(db_url: str, inputs: Path, name: bytes, folder: bool,
                                               shown: str, words: str, batch: str) -> None:
    (inputs / "a.txt").write_text(KILLED, encoding="utf-8")
    (inputs / "z.txt").write_text("Police said 3 people were injured in Korsa.\n", encoding="utf-8")
    odd = os.path.join(os.fsencode(str(inputs)), name)
    if folder:
        os.mkdir(odd)
        odd = os.path.join(odd, b"inside.txt")
    with open(odd, "wb") as handle:
        handle.write(b"Rebels said 9 soldiers were captured near Dunmore.\n")

    result = _ingest(db_url, str(inputs), "--batch", batch)

    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output + result.stderr
    [error] = result.stderr.splitlines()
    assert error.startswith(f"error: {inputs}/{shown}: {words}"), error
    assert "2 new, 0 duplicate, 1 failed documents" in result.stdout
    documents, errors = _stored(db_url)
    assert documents == ["a.txt", "z.txt"]
    assert [(e["file"], e["record"]) for e in errors] == [(f"{inputs}/{shown}", None)]
    assert errors[0]["message"] == error.removeprefix("error: ")


def test_a_path_argument_that_is_not_utf8(db_url: str, inputs: Path) -> None:
    (inputs / "a.txt").write_text(KILLED, encoding="utf-8")
    odd = os.path.join(os.fsencode(str(inputs)), b"latin1-\xe9.txt")
    with open(odd, "wb") as handle:
        handle.write(KILLED.encode())
    result = _ingest(db_url, os.fsdecode(odd), str(inputs / "a.txt"))
    assert result.exit_code == 1
    [error] = result.stderr.splitlines()
    assert error.startswith(f"error: {inputs}/latin1-\\xe9.txt: the file name is not valid UTF-8"), error
    assert _stored(db_url)[0] == ["a.txt"]


# -- 5: a gzip line bomb ------------------------------------------------------------------

@pytest.fixture
def bad_records_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """max_bad_records_per_file lowered to 10, the way a user does it (an environment variable)."""
    monkeypatch.setenv("TOLLBOOK_MAX_BAD_RECORDS_PER_FILE", "10")
    settings.cache_clear()
    yield 10
    monkeypatch.delenv("TOLLBOOK_MAX_BAD_RECORDS_PER_FILE")
    settings.cache_clear()


def _bomb(path: Path, lines: int) -> None:
    with gzip.open(path, "wb") as handle:
        handle.write(b"{}\n" * lines)


@pytest.mark.parametrize(("bad_lines", "good_lines", "rows", "stopped_at"), [
    (50_000, 0, 10, "line 11"),           # the bomb: 10 rows, then one saying it stopped at line 11
    (10, 2, 10, None),                     # exactly the limit: every line was read, nothing stopped
    (5, 100, 5, None),                     # a few bad lines among good ones
])
def test_bad_records_per_file_are_capped(db_url: str, inputs: Path, bad_records_limit: int, bad_lines: int,
                                         good_lines: int, rows: int, stopped_at: str | None) -> None:
    (inputs / "a.txt").write_text(KILLED, encoding="utf-8")
    with gzip.open(inputs / "feed.jsonl.gz", "wb") as handle:
        handle.write(b"{}\n" * bad_lines)
        for n in range(good_lines):
            handle.write(json.dumps({"text": f"Police said {n + 2} people were injured in Korsa."}).encode() + b"\n")
    (inputs / "z.jsonl").write_text(json.dumps({"text": "Rebels said 9 soldiers were captured."}) + "\n",
                                      encoding="utf-8")

    result = _ingest(db_url, str(inputs))

    assert result.exit_code == 1
    documents, errors = _stored(db_url)
    assert documents == ["a.txt", *["feed.jsonl.gz"] * good_lines, "z.jsonl"]
    feed = str(inputs / "feed.jsonl.gz")
    bad = [e for e in errors if e["file"] == feed]
    assert len(errors) == len(bad) == rows + (stopped_at is not None)
    if stopped_at is not None:
        assert (bad[-1]["record"], bad[-1]["message"]) == (stopped_at, (
            f"{feed}: stopped at {stopped_at} after 10 bad records; the rest of the file was not read; "
            "fix the file, or raise max_bad_records_per_file in settings.toml (or TOLLBOOK_MAX_BAD_RECORDS_PER_FILE)"))
        assert result.stderr.splitlines()[-1] == f"error: {bad[-1]['message']}"
    assert all("no \"text\" field" in e["message"] for e in bad[:rows])


def test_the_stop_is_said_after_the_first_50_errors(db_url: str, inputs: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI lists 50 errors; the one saying a file was not read to its end comes anyway."""
    monkeypatch.setenv("TOLLBOOK_MAX_BAD_RECORDS_PER_FILE", "60")
    settings.cache_clear()
    try:
        _bomb(inputs / "bomb.jsonl.gz", 50_000)
        result = _ingest(db_url, str(inputs))
    finally:
        monkeypatch.delenv("TOLLBOOK_MAX_BAD_RECORDS_PER_FILE")
        settings.cache_clear()
    lines = result.stderr.splitlines()
    assert len(lines) == 52
    assert lines[50] == "error: ... and 11 more (see the ingest_errors table)"
    assert lines[51].startswith(f"error: {inputs / 'bomb.jsonl.gz'}: stopped at line 61 after 60 bad records; ")
    assert len(_stored(db_url)[1]) == 61


def test_the_default_limit_is_a_thousand() -> None:
    assert settings().max_bad_records_per_file == 1000


# -- 11: a WARC truncated in its last record ------------------------------------------------

def _page_record(writer: WARCWriter, uri: str, page: Callable[..., str]) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(page().encode()),
                                                  http_headers=headers))


def _two_pages(page: Callable[..., str], gz: bool) -> tuple[bytes, int]:
    """A WARC of two article pages, and the byte offset of the second record."""
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=gz)
    _page_record(writer, "https://news.example/one", page)
    start = stream.tell()
    _page_record(writer, "https://news.example/two", lambda: page(title="Second day in Velmora"))
    return stream.getvalue(), start


def _cut(data: bytes, start: int, gz: bool, where: str) -> bytes:
    """``data`` cut inside the header of the record at ``start``, or 20 bytes into its body."""
    if not gz:
        header_end = data.index(b"\r\n\r\n", start) + 4
        return data[: start + 60] if where == "header" else data[: header_end + 20]
    record = zlib.decompress(data[start:], 16 + zlib.MAX_WBITS)
    wanted = 60 if where == "header" else record.index(b"\r\n\r\n") + 4 + 20
    for size in range(1, len(data) - start):  # the shortest cut that decompresses to `wanted` bytes
        if len(zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[start:start + size])) >= wanted:
            return data[: start + size]
    raise AssertionError("no cut found")


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize(("where", "words"), [
    ("header", "the archive ends inside the header of the record at byte {start}"),
    ("body", "the record at byte {start} is cut short"),
])
def test_a_truncated_warc_is_a_failure_at_its_offset(db_url: str, inputs: Path, page: Callable[..., str],
                                                     gz: bool, where: str, words: str) -> None:
    data, start = _two_pages(page, gz)
    path = inputs / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(_cut(data, start, gz, where))

    result = _ingest(db_url, str(path))

    assert result.exit_code == 1, result.output
    assert "1 new, 0 duplicate, 1 failed documents" in result.stdout
    [error] = result.stderr.splitlines()
    documents, errors = _stored(db_url)
    assert documents == ["crawl.warc.gz" if gz else "crawl.warc"]
    [row] = errors
    assert row["file"] == str(path)
    assert words.format(start=start) in row["message"], row["message"]
    assert error == f"error: {row['message']}"
    assert row["message"].startswith(str(path))


def test_warcio_warnings_become_our_errors(db_url: str, inputs: Path, page: Callable[..., str]) -> None:
    """A wrong Content-Length: warcio writes a WARNING block to stderr; we say it in one line instead."""
    data, start = _two_pages(page, gz=False)
    header = data[:data.index(b"\r\n\r\n") + 4]
    length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    wrong = header.replace(f"Content-Length: {length}".encode(), f"Content-Length: {length - 30}".encode())
    path = inputs / "crawl.warc"
    path.write_bytes(wrong + data[len(header):])

    result = _ingest(db_url, str(path))

    assert result.exit_code == 1
    assert "WARNING" not in result.stderr and "Offset" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(f"error: {path}") for line in lines), result.stderr
    _documents, errors = _stored(db_url)
    assert "the record at byte 0 is not followed by a blank line" in errors[0]["message"]
    assert [f"error: {e['message']}" for e in errors] == lines


# -- 15: symlinked folders ------------------------------------------------------------------

@pytest.mark.parametrize(("links", "note"), [
    ({"mirror": "sub"}, "skipped 1 symlinked folder: {root}/mirror (not followed)"),
    ({"mirror": "sub", "sub/loop": "."}, "skipped 2 symlinked folders: {root}/mirror, {root}/sub/loop (not followed)"),
    ({}, None),
])
def test_symlinked_folders_are_named_not_followed(db_url: str, tmp_path: Path, links: dict[str, str],
                                                  note: str | None) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(KILLED, encoding="utf-8")
    (root / "sub" / "b.txt").write_text("Police said 3 people were injured in Korsa.\n", encoding="utf-8")
    for link, target in links.items():
        (root / link).symlink_to(target, target_is_directory=True)

    result = _ingest(db_url, str(root))

    assert result.exit_code == 0, result.output
    assert "2 new, 0 duplicate, 0 failed documents" in result.stdout
    skipped = [line for line in result.stdout.splitlines() if "symlinked" in line]
    assert skipped == ([note.format(root=root)] if note else [])
    assert _stored(db_url) == (["a.txt", "b.txt"], [])
