"""A reviewer's overrides of an event's best, kind and source type: recorded with an audit row,
kept across rebuilds, shown as overrides in every output, refused when they cannot hold."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tollbook.cli import app
from tollbook.runner import build_events, ingest, reextract
from tollbook.store import Corpus

TEXTS = {
    "a.txt": "Shelling killed 41 people in Velmora on Monday, the health ministry said.",
    "b.txt": "The army said 12 people were killed in the shelling of Velmora on Monday.",
}


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> str:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Corpus(db_url) as corpus:
        ingest(corpus, [str(folder)], published="2024-05-07")
        build_events(corpus)
    return db_url


def event_of(db: str) -> dict:
    with Corpus(db) as corpus:
        build_events(corpus)
        (event,) = corpus.events()
    return event


def run(db: str, *args: str):
    return CliRunner().invoke(app, [*args, "--db", db], env={"COLUMNS": "250"})


def test_best_kind_and_source_type_are_overridden_and_shown_everywhere(db: str) -> None:
    event = event_of(db)
    killed = next(r for r in event["ranges"] if r["outcome"] == "killed")
    assert (killed["low"], killed["best"], killed["high"]) == (12, 12, 41)
    result = run(db, "events", "override", event["id"], "--best-figure", "41", "--kind", "accident",
                 "--source", "army", "--type", "witness", "--author", "ed", "--note", "the army was not there")
    assert result.exit_code == 0, result.output
    assert "best of killed 41 (was 12) by ed: the army was not there" in result.output
    event = event_of(db)
    killed = next(r for r in event["ranges"] if r["outcome"] == "killed")
    assert (killed["low"], killed["best"], killed["high"]) == (12, 41, 41)
    assert event["kind"] == "accident" and event["label"].endswith("(accident)")
    assert {s["key"]: s["type"] for s in killed["sources"]}["army"] == "witness"
    assert [(o["field"], o["value"], o["was"]) for o in event["overrides"]] == [
        ("best", "41", 12), ("kind", "accident", "violence"), ("source_type", "witness", "armed")]
    # every output says so
    (row,) = csv.DictReader(io.StringIO(run(db, "export", "--format", "ged-csv").output))
    assert row["best"] == "41" and "best of killed 41 (was 12) by ed" in row["tb_overrides"]
    (line,) = run(db, "export", "--format", "jsonl").output.splitlines()
    assert len(json.loads(line)["overrides"]) == 3
    report = run(db, "export", "--format", "html").output
    assert "Overridden by a reviewer" in report and "kind accident (was violence) by ed" in report
    shown = run(db, "event", event["id"]).output
    assert "overridden by a reviewer" in shown and "kind accident (was violence)" in shown
    # and the audit log has who did what
    with Corpus(db) as corpus:
        actions = [(a["user"], a["action"]) for a in corpus.audit()[0]]
    assert ("ed", "override best") in actions and ("ed", "override kind") in actions


def test_an_override_survives_rebuilds_and_reextraction(db: str) -> None:
    event = event_of(db)
    assert run(db, "events", "override", event["id"], "--best-figure", "41", "--author", "ed").exit_code == 0
    with Corpus(db) as corpus:
        reextract(corpus)
        build_events(corpus, force=True)
        (again,) = corpus.events()
    assert next(r for r in again["ranges"] if r["outcome"] == "killed")["best"] == 41


@pytest.mark.parametrize(("args", "message"), [
    (("--best-figure", "99"), "outside the killed range 12–41"),
    (("--best-figure", "5", "--outcome", "injured"), "has no injured range"),
    (("--kind", "picnic"), "kind must be one of"),
    (("--source", "nobody", "--type", "media"), "has no source 'nobody'"),
    (("--source", "army", "--type", "spy"), "a source type must be one of"),
    (("--type", "media"), "--type needs --source"),
    ((), "give --best-figure, --kind or --source"),
])
def test_an_override_that_cannot_hold_is_refused_and_writes_nothing(db: str, args: tuple, message: str) -> None:
    event = event_of(db)
    result = run(db, "events", "override", event["id"], *args, "--author", "ed")
    assert result.exit_code != 0 and message in result.output, result.output
    with Corpus(db) as corpus:
        assert corpus.event_overrides() == []


def test_an_unknown_event_is_one_line(db: str) -> None:
    result = run(db, "events", "override", "Enope", "--best-figure", "3")
    assert result.exit_code != 0 and "no event 'Enope'" in result.output


def test_a_request_with_one_bad_override_writes_none_of_them(db: str) -> None:
    event = event_of(db)
    result = run(db, "events", "override", event["id"], "--best-figure", "41", "--kind", "picnic", "--author", "ed")
    assert result.exit_code != 0 and "kind must be one of" in result.output
    with Corpus(db) as corpus:
        assert corpus.event_overrides() == [] and corpus.audit()[1] == 0
