"""Review work reaches every output: `claims` (effective values, a status column, --status and
the other filters), `events` and `export` (filters, how much of each event is reviewed)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tollbook.cli import app
from tollbook.runner import build_events, ingest
from tollbook.store import Corpus

ARTICLES = [
    ("2024-05-06", "Shelling in Nairobi", "Shelling killed 41 people in Nairobi, Kenya on Monday, the army said."),
    ("2024-05-06", "Raid in Nairobi", "Police said 12 people were injured in the raid in Nairobi, Kenya on Monday."),
    ("2024-07-20", "Floods in Lahore", "Floods killed 9 people in Lahore, Pakistan on Saturday, officials said."),
]


@pytest.fixture
def reviewed_db(db_url: str, tmp_path: Path) -> str:
    """Three reports; a reviewer rejects the floods' 9, corrects the raid's 12 to killed, accepts the 41."""
    folder = tmp_path / "in"
    folder.mkdir()
    with (folder / "feed.jsonl").open("w", encoding="utf-8") as handle:
        for published, title, text in ARTICLES:
            handle.write(json.dumps({"published": published, "title": title, "text": text}) + "\n")
    with Corpus(db_url) as corpus:
        ingest(corpus, [str(folder / "feed.jsonl")])
        rows = {r["original"]["figure"]: r["row_id"] for r in corpus.claim_records(limit=100)[0]}
        corpus.review_claim(rows["41"], "accept", "ed")
        corpus.review_claim(rows["12"], "correct", "ed", {"outcome": "killed"})
        corpus.review_claim(rows["9"], "reject", "ed")
        build_events(corpus)
    return db_url


def claims(db: str, *args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["claims", "--db", db, "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


@pytest.mark.parametrize(("args", "expected"), [
    ((), [("41", "killed", "accepted"), ("12", "killed", "corrected")]),  # the rejected 9 is no claim
    (("--status", "all"), [("41", "killed", "accepted"), ("12", "killed", "corrected"), ("9", "killed", "rejected")]),
    (("--status", "rejected"), [("9", "killed", "rejected")]),
    (("--status", "corrected"), [("12", "killed", "corrected")]),
    (("--status", "reviewed"), [("41", "killed", "accepted"), ("12", "killed", "corrected"), ("9", "killed", "rejected")]),
    (("--status", "unreviewed"), []),
    # filters read the corrected values: the raid's 12 was extracted as injured
    (("--outcome", "killed"), [("41", "killed", "accepted"), ("12", "killed", "corrected")]),
    (("--outcome", "injured"), []),
    (("--country", "Kenya"), [("41", "killed", "accepted"), ("12", "killed", "corrected")]),
    (("--country", "pk", "--status", "all"), [("9", "killed", "rejected")]),
    (("--kind", "violence"), [("41", "killed", "accepted"), ("12", "killed", "corrected")]),
    (("--from", "2024-07"), []),
])
def test_claims_show_the_review(reviewed_db: str, args: tuple, expected: list) -> None:
    assert [(c["figure"], c["outcome"], c["status"]) for c in claims(reviewed_db, *args)] == expected


def test_the_claims_table_and_csv_have_a_status_column(reviewed_db: str) -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["claims", "--db", reviewed_db], env={"COLUMNS": "250"})
    assert table.exit_code == 0 and "status" in table.output and "corrected" in table.output
    assert "rejected" not in table.output
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["claims", "--db", reviewed_db, "--format", "csv"]).output)))
    assert [(r["figure"], r["outcome"], r["status"]) for r in rows] == [("41", "killed", "accepted"),
                                                                        ("12", "killed", "corrected")]


@pytest.mark.parametrize(("args", "message"), [
    (("--status", "maybe"), "maybe"),
    (("--country", "Atlantis"), "unknown country 'Atlantis'"),
])
def test_bad_claim_filters_are_one_line(reviewed_db: str, args: tuple, message: str) -> None:
    result = CliRunner().invoke(app, ["claims", "--db", reviewed_db, *args])
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output


def ged(db: str, *args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["export", "--format", "ged-csv", "--db", db, *args])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


@pytest.mark.parametrize(("args", "labels"), [
    ((), ["Nairobi"]),  # the floods' only claim was rejected: no event
    (("--country", "KE"), ["Nairobi"]),
    (("--country", "Pakistan"), []),
    (("--kind", "disaster"), []),
    (("--outcome", "killed"), ["Nairobi"]),
    (("--outcome", "injured"), []),  # the injured figure was corrected to killed
    (("--from", "2024-05-06", "--to", "2024-05-06"), ["Nairobi"]),
    (("--from", "2024-06"), []),
    (("--reviewed-only",), ["Nairobi"]),
])
def test_export_filters(reviewed_db: str, args: tuple, labels: list) -> None:
    assert [r["tb_label"].split(",")[0] for r in ged(reviewed_db, *args)] == labels


def test_an_event_says_how_much_of_it_is_reviewed(reviewed_db: str, tmp_path: Path) -> None:
    (row,) = ged(reviewed_db)
    assert (row["high"], row["tb_claims"], row["tb_claims_reviewed"], row["tb_reviewed"]) == ("41", "2", "2", "True")
    with Corpus(reviewed_db) as corpus:  # one more report, not reviewed: 2 of 3
        folder = tmp_path / "more"
        folder.mkdir()
        (folder / "more.txt").write_text("Shelling killed 44 people in Nairobi, Kenya on Monday, witnesses said.",
                                         encoding="utf-8")
        ingest(corpus, [str(folder)], published="2024-05-07")
        build_events(corpus)
    (row,) = ged(reviewed_db)
    assert (row["tb_claims"], row["tb_claims_reviewed"], row["tb_reviewed"]) == ("3", "2", "False")
    assert ged(reviewed_db, "--reviewed-only") == []
    table = CliRunner().invoke(app, ["events", "--db", reviewed_db], env={"COLUMNS": "250"})
    assert "2 of 3" in table.output
    jsonl = CliRunner().invoke(app, ["export", "--format", "jsonl", "--db", reviewed_db])
    (event,) = [json.loads(line) for line in jsonl.output.splitlines()]
    assert event["reviewed_claims"] == 2
    assert {(c["figure"], c["outcome"], c["status"]) for c in event["claim_records"]} == {
        ("41", "killed", "accepted"), ("12", "killed", "corrected"), ("44", "killed", "unreviewed")}


@pytest.mark.parametrize(("written", "resolved", "country"), [
    ("Mombasa", "Mombasa", "KE"),  # looked up again, in the claim's country first
    ("Lahore", "Lahore", "PK"),
    ("Nowhereville", None, None),  # unknown: kept as written, no country or coordinates
])
def test_a_corrected_place_is_looked_up_again(reviewed_db: str, written: str, resolved: str | None,
                                              country: str | None) -> None:
    with Corpus(reviewed_db) as corpus:
        rows = {r["original"]["figure"]: r["row_id"] for r in corpus.claim_records(limit=100)[0]}
        corpus.review_claim(rows["41"], "correct", "ed", {"place": written})
        build_events(corpus)
        labels = [e["label"] for e in corpus.events()]
    (claim,) = [c for c in claims(reviewed_db) if c["figure"] == "41"]
    assert (claim["place"], claim["place_name"], claim["country"]) == (written, resolved, country)
    assert claim["latitude"] is None if country is None else claim["latitude"] is not None
    if resolved:
        assert any(label.startswith(resolved) for label in labels), labels


def test_offset_and_limit_count_the_claims_that_pass_the_filters(reviewed_db: str) -> None:
    with Corpus(reviewed_db) as corpus:
        everything = [c.figure for c in corpus.claims()]  # the rejected 9 is no claim
        paged = [c.figure for start in range(len(everything)) for c in corpus.claims(limit=1, offset=start)]
        killed = [c.figure for c in corpus.claims(outcome="killed", offset=1)]
    assert paged == everything == ["41", "12"]
    assert killed == ["12"]


def test_a_claim_a_reviewer_added_survives_reextraction_once_corrected(reviewed_db: str) -> None:
    from tollbook.runner import reextract

    with Corpus(reviewed_db) as corpus:
        document = next(c.document_id for c in corpus.claims() if c.figure == "41")
        added = corpus.add_claim(document, {"start": 0, "end": 8, "outcome": "killed", "low": 3, "high": 3}, "ed")
        row = added["row_id"]
        corpus.review_claim(row, "correct", "ed", {"low": 4, "high": 4})
        with corpus._write("forcing a re-extraction") as conn:  # an older extractor read this document
            from sqlalchemy import update

            from tollbook.store.models import DocumentRow
            conn.execute(update(DocumentRow).where(DocumentRow.id == document).values(extractor_version="old"))
        reextract(corpus)
        kept = [c for c in corpus.claims(document=document) if c.low == 4]
    assert len(kept) == 1 and kept[0].status == "corrected"
