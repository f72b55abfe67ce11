"""Every input kind and every bad-record kind through ``tollbook ingest`` into the store.

Runs on SQLite and on the throwaway PostgreSQL server (the ``db_url`` fixture): the
documents, their metadata, the summary and the ingest_errors rows are checked.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tollbook.ingest import fetch as fetch_module
from tollbook.runner import ingest
from tollbook.settings import settings
from tollbook.store import Corpus

TOLLBOOK = str(Path(sys.executable).parent / "tollbook")  # the installed console script


def _warc(path: Path, page: Callable[..., str]) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for uri, body, kind in [
            ("https://news.example/clash", page(body="<p>Police said 6 protesters were injured in Korsa.</p>",
                                                  title="Clash in Korsa").encode(), "text/html; charset=utf-8"),
            ("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),  # not a document: skipped
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def _inputs(folder: Path, page: Callable[..., str]) -> Path:
    """One good document of each file kind, and one bad record of each kind."""
    (folder / "nested").mkdir(parents=True)
    (folder / "plain.txt").write_text("Rebels said 9 soldiers were captured near Dunmore on Sunday.\n",
                                      encoding="utf-8")
    (folder / "nested" / "page.html").write_text(page(), encoding="utf-8")
    _warc(folder / "nested" / "crawl.warc.gz", page)
    records = [
        {"text": "The agency said 40 families were displaced by the fire in Orlen.", "title": "Fire",
         "url": "https://wire.example/fire", "published": "2024-06-01"},
        "{not json",
        {"text": ""},
        {"headline": "no text field"},
    ]
    with (folder / "feed.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write((record if isinstance(record, str) else json.dumps(record)) + "\n")
    (folder / "broken.html").write_text("<html><body><div", encoding="utf-8")
    (folder / "latin.txt").write_bytes("Caf\u00e9: 3 people were killed.".encode("cp1252"))
    (folder / "empty.txt").write_bytes(b"")
    with (folder / "huge.txt").open("wb") as handle:  # 50 MB: over max_document_bytes, never loaded
        handle.truncate(50 * 1024 * 1024)
    return folder


BAD = [
    # (file name, record, words in the message)
    ("feed.jsonl", "line 2", "not valid JSON"),
    ("feed.jsonl", "line 3", '"text" is empty'),
    ("feed.jsonl", "line 4", '"text"'),
    ("broken.html", None, "no main text"),
    ("latin.txt", None, "not valid UTF-8"),
    ("empty.txt", None, "empty"),
    ("huge.txt", None, "max_document_bytes"),
]


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    short = dataclasses.replace(settings(), fetch_timeout=1)
    monkeypatch.setattr(fetch_module, "settings", lambda: short)
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def test_every_input_kind_and_bad_record(db_url: str, tmp_path: Path, page: Callable[..., str], server: str,
                                         short_timeout: None) -> None:
    folder = _inputs(tmp_path / "in", page)
    urls = [server + "/latin", server + "/flood", server + "/missing", server + "/slow", server + "/logo.png"]
    with Corpus(db_url) as corpus:
        summary = ingest(corpus, [str(folder), *urls], lang="en")
        documents = {d.source_file.rsplit("/", 1)[-1]: d for d in corpus.documents()}
        claims = list(corpus.claims())
        errors = corpus.errors()
        again = ingest(corpus, [str(folder), server + "/flood"])

    # Good documents: the text file, the HTML page, one WARC response, one JSONL line, a URL;
    # /flood serves the same article as page.html: stored once, the second is a duplicate.
    assert (summary.new, summary.duplicate, summary.failed) == (5, 1, len(BAD) + 3)
    assert sorted(documents) == ["crawl.warc.gz", "feed.jsonl", "latin", "page.html", "plain.txt"]
    html, warc, line, plain = (documents[k] for k in ("page.html", "crawl.warc.gz", "feed.jsonl", "plain.txt"))
    assert (html.title, html.published, html.language) == ("Floods in Velmora", "2024-03-05", "en")
    assert (warc.title, warc.url) == ("Clash in Korsa", "https://news.example/clash")
    assert (line.source_record, line.title, line.url, line.published) == (
        "line 1", "Fire", "https://wire.example/fire", "2024-06-01")
    assert plain.text.startswith("Rebels said 9 soldiers")
    with Corpus(db_url) as corpus:
        stored = list(corpus.documents())
    assert len(stored) == 5 and len({d.content_hash for d in stored}) == 5
    fetched = [d for d in stored if d.source_file.startswith("http")]
    assert [(d.url, d.language) for d in fetched] == [(server + "/latin", "en")]
    assert "Bogot\u00e1" in fetched[0].text
    engine = create_engine(db_url)
    with engine.connect() as conn:  # the fetched HTML is kept with the document
        raw = conn.execute(text("SELECT raw_html FROM documents WHERE id = :id"), {"id": fetched[0].id}).scalar()
    engine.dispose()
    assert raw is not None and "<article>" in raw
    assert {(c.figure, c.outcome) for c in claims} >= {
        ("9", "captured"), ("6", "injured"), ("40", "displaced"), ("14", "killed")}

    # Every bad record: one error row naming the file and record, and in the summary.
    by_file = {(e["file"].rsplit("/", 1)[-1], e["record"]): e["message"] for e in errors}
    for name, record, words in BAD:
        message = by_file[(name, record)]
        assert words in message and name in message, message
    url_errors = {e["file"]: e["message"] for e in errors if e["file"].startswith("http")}
    assert "404" in url_errors[server + "/missing"]
    assert "timed out" in url_errors[server + "/slow"]
    assert "image/png" in url_errors[server + "/logo.png"]
    assert len(errors) == summary.failed == len(summary.failures)

    # Ingesting again adds nothing (the bad records fail again and are recorded again).
    assert (again.new, again.duplicate) == (0, 5)  # four files' documents and /flood


def test_cli_summary_and_exit_status(tmp_path: Path, page: Callable[..., str]) -> None:
    folder = _inputs(tmp_path / "in", page)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = subprocess.run([TOLLBOOK, "ingest", str(folder), "--db", db], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 1
    assert f"4 new, 0 duplicate, {len(BAD)} failed documents" in result.stdout
    for name, _record, words in BAD:
        assert any(name in line and words in line for line in result.stderr.splitlines()), (name, result.stderr)
    again = subprocess.run([TOLLBOOK, "ingest", str(folder / "nested"), "--db", db], capture_output=True,
                           text=True, timeout=120, check=False)
    assert again.returncode == 0 and "nothing new" in again.stdout


def test_two_ingest_processes_on_one_postgresql_database(postgres_url: str, tmp_path: Path) -> None:
    """Two `tollbook ingest` runs over overlapping inputs at once: no document twice, none lost."""
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [f"Officials in district {chr(65 + n % 26)}{n} said {n + 2} people were killed on Friday."
             for n in range(600)]
    with (folder / "a.jsonl").open("w", encoding="utf-8") as a, (folder / "b.jsonl").open("w", encoding="utf-8") as b:
        for text in texts:
            a.write(json.dumps({"text": text}) + "\n")
        for text in reversed(texts[200:]):  # b holds the last 400, in reverse: the runs meet midway
            b.write(json.dumps({"text": text}) + "\n")
    env = {**os.environ, "TOLLBOOK_DB": postgres_url}
    runs = [subprocess.Popen([TOLLBOOK, "ingest", str(folder / name), "--batch", "20"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for name in ("a.jsonl", "b.jsonl")]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, out + err
    counts = [tuple(int(w) for w in out.split()[0:5:2]) for out, _ in outputs]  # new, duplicate, failed
    assert sum(new for new, _dup, _failed in counts) == 600
    assert [new + dup for new, dup, _failed in counts] == [600, 400]
    with Corpus(postgres_url) as corpus:
        stored = list(corpus.documents())
        assert len(stored) == 600 and len({d.content_hash for d in stored}) == 600
        assert sorted(d.text for d in stored) == sorted(texts)
        per_document = {}
        for claim in corpus.claims():
            per_document[claim.document_id] = per_document.get(claim.document_id, 0) + 1
        assert len(per_document) == 600 and set(per_document.values()) == {1}
