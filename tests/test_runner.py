"""Ingest runs end to end (tollbook.runner and the CLI), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tollbook.cli import app
from tollbook.extract import extract
from tollbook.model import Claim, Document
from tollbook.runner import extractor_version, ingest, reextract
from tollbook.store import Corpus

TEXTS = [
    "At least {n} people were killed when shelling hit the town of Velmora on Monday, the ministry said.",
    "Floods left {n} families homeless in northern Mirava, officials said.",
    "Police arrested {n} protesters in the capital, Korsa, on Friday.",
]


def make_inputs(folder: Path, count: int = 30) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "feed.jsonl").open("w", encoding="utf-8") as handle:
        for n in range(count):
            text = TEXTS[n % 3].format(n=n + 2) + " مرحبا e\u0301 🚑"
            handle.write(json.dumps({"text": text, "published": "2024-05-17", "title": f"story {n}"}) + "\n")
        handle.write("not json\n")
    (folder / "one.txt").write_text(TEXTS[0].format(n=99), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def snapshot(url: str) -> list[tuple]:
    with Corpus(url) as corpus:
        hashes = {d.id: d.content_hash for d in corpus.documents()}
        docs = sorted((d.content_hash, d.text) for d in corpus.documents())
        # ids may differ (a killed transaction uses up a sequence value): compare by content hash
        claims = sorted((hashes[c.document_id], c.figure, c.start, c.outcome, c.low, c.high) for c in corpus.claims())
    return [docs, claims]


def test_ingest_dedupes_and_records_errors(db_url: str, tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in")
    with Corpus(db_url) as corpus:
        first = ingest(corpus, [str(inputs)])
        second = ingest(corpus, [str(inputs)])
        assert (first.new, first.duplicate, first.failed) == (31, 0, 2)
        assert first.claims == 31
        assert (second.new, second.duplicate) == (0, 31)  # re-ingesting adds nothing
        assert corpus.count_documents() == 31
        messages = [e["message"] for e in corpus.errors()]
        assert any("line 31" in m and "not valid JSON" in m for m in messages)
        assert any("empty.txt" in m for m in messages)
        # unicode round-trips and spans still point at the figure
        for claim in corpus.claims(limit=5):
            document = corpus.document(claim.document_id)
            assert document.text[claim.start:claim.end] == claim.figure
            assert document.text.endswith("مرحبا e\u0301 🚑")


def test_reextract_rereads_older_documents(db_url: str, tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", count=3)
    with Corpus(db_url) as corpus:
        ingest(corpus, [str(inputs)])
        assert reextract(corpus) == (0, 0)  # nothing older
        first = next(iter(corpus.documents()))
        corpus.replace_claims(first.id, [], "0.0.0+old")
        assert reextract(corpus) == (1, 1)
        assert {d.extractor_version for d in corpus.documents()} == {extractor_version()}


def test_cli_ingest_claims_and_reextract(db_url: str, tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", count=6)
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(inputs), "--db", db_url])
    assert result.exit_code == 1, result.output  # the bad JSON line and the empty file
    assert "7 new, 0 duplicate, 2 failed documents; 7 claims found" in result.output
    result = runner.invoke(app, ["ingest", str(inputs / "one.txt"), "--db", db_url])
    assert result.exit_code == 0 and "nothing new" in result.output
    result = runner.invoke(app, ["claims", "--db", db_url, "--outcome", "detained", "--format", "jsonl"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 0 and len(rows) == 2 and {r["group"] for r in rows} == {"protesters"}
    result = runner.invoke(app, ["claims", "--db", db_url, "--place", "velmora", "--format", "csv"])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 1 + 3
    assert result.output.splitlines()[0].endswith(",place_chain")  # exports carry the place's chain
    assert all(line.endswith(",Velmora") for line in result.output.splitlines()[1:])
    result = runner.invoke(app, ["reextract", "--db", db_url])
    assert result.exit_code == 0 and "0 documents re-read" in result.output


PERSON_TEXT = "Officials said 12 people were killed in Velmora on Monday. A policeman was shot dead."


def _with_person(text: str) -> list[Claim]:
    """The extractor's counts plus one individual victim made here (whatever the extractor makes of it)."""
    claims = [c for c in extract(text, "2024-03-12") if not c.individual]
    at = text.index("A policeman")
    return [*claims, dataclasses.replace(claims[0], id="c9", figure="A policeman", start=at, end=at + 11, low=1,
                                         high=1, group="police", source=None, source_key=None,
                                         sentence_start=at, sentence_end=len(text), individual=True)]


@pytest.mark.parametrize(("flag", "figures"), [(None, ["12", "A policeman"]), ("--individual", ["A policeman"]),
                                               ("--counts", ["12"])])
def test_cli_claims_show_individual_victims(db_url: str, flag: str | None, figures: list[str]) -> None:
    with Corpus(db_url) as corpus:
        corpus.add(Document(text=PERSON_TEXT), _with_person(PERSON_TEXT), extractor_version="1")
    runner = CliRunner()
    base = ["claims", "--db", db_url, *([flag] if flag else [])]
    jsonl = [json.loads(line) for line in runner.invoke(app, [*base, "--format", "jsonl"]).output.splitlines()]
    listed = json.loads(runner.invoke(app, [*base, "--format", "json"]).output)
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*base, "--format", "csv"]).output)))
    marks = {"A policeman": (True, "true"), "12": (False, "false")}
    assert [(r["figure"], r["individual"]) for r in jsonl] == [(f, marks[f][0]) for f in figures]
    assert listed == jsonl
    assert [(r["figure"], r["individual"]) for r in rows] == [(f, marks[f][1]) for f in figures]
    table = runner.invoke(app, [*base]).output.splitlines()
    assert "individual" in table[1]
    for figure in figures:
        row = next(line for line in table if f" {figure} " in line)
        assert (" yes " in row) is marks[figure][0]


def test_strict_stops_at_the_first_bad_record(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", count=2)
    result = CliRunner().invoke(app, ["ingest", str(inputs / "feed.jsonl"), "--strict",
                                      "--db", f"sqlite:///{tmp_path / 't.db'}"])
    assert result.exit_code == 1 and "--strict" in result.output


def test_a_killed_run_resumes_to_the_same_result(db_url: str, tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", count=400)
    whole = f"sqlite:///{tmp_path / 'whole.db'}"
    tollbook = str(Path(sys.executable).parent / "tollbook")  # the installed console script
    done = subprocess.run([tollbook, "ingest", str(inputs), "--db", whole], capture_output=True, text=True,
                          check=False, timeout=300)
    assert "401 new" in done.stdout, done.stdout + done.stderr
    command = [tollbook, "ingest", str(inputs), "--db", db_url, "--batch", "5"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill it once it has stored some but not all documents
        time.sleep(0.2)
        with Corpus(db_url) as corpus:
            if corpus.count_documents() >= 20:
                break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Corpus(db_url) as corpus:
        assert 0 < corpus.count_documents() < 401, "the run was not stopped midway"
    subprocess.run(command, capture_output=True, check=False, timeout=300)
    assert snapshot(db_url) == snapshot(whole)
