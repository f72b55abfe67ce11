"""Events end to end: ingest invented texts, build events, edit them by hand, export (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tollbook.cli import app
from tollbook.export.ged_csv import COLUMNS, GED_COLUMNS
from tollbook.runner import build_events, ingest, merge_events, reextract, split_event
from tollbook.store import Corpus

# Invented reports: places and sources do not exist.
ARTICLES = [
    ("2024-05-06", "Shelling hits Velmora market", "https://one.example/a",
     "The regional health ministry said 41 children were killed when shelling hit the market in Velmora on Monday. "
     "Health ministry officials said 12 women were injured."),
    ("2024-05-07", "Army disputes the toll", "https://two.example/b",
     "The army said 29 children were killed in the shelling of the Velmora market on Monday. "
     "It said 60 people were killed in all, including 41 children, 20 women and 9 elderly people."),
    ("2024-05-08", "Toll rises after market shelling", "https://three.example/c",
     "The health ministry said 50 children were killed in the shelling of the market in Velmora on Monday."),
    ("2024-05-08", "Floods in Dunmore", "https://four.example/d",
     "Floods killed 7 people in Dunmore on Tuesday, officials said. "
     "In 2019, 30 people died in floods in Korsa, according to the relief agency."),
]


def _write(folder: Path, articles=ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "feed.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for published, title, url, text in articles:
            handle.write(json.dumps({"published": published, "title": title, "url": url, "text": text}) + "\n")
    return path


@pytest.fixture
def corpus(db_url: str, tmp_path: Path):
    with Corpus(db_url) as opened:
        ingest(opened, [str(_write(tmp_path / "in"))])
        build_events(opened)
        yield opened


def _by_place(corpus: Corpus) -> dict[str, dict]:
    return {e["place"]: e for e in corpus.events()}


def test_scenarios(corpus: Corpus) -> None:
    events = _by_place(corpus)
    assert sorted(events) == ["Dunmore", "Korsa", "Velmora"]  # two incidents in the flood article
    velmora = events["Velmora"]
    assert len(velmora["documents"]) == 3 and velmora["date_start"] == "2024-05-06"
    children = next(r for r in velmora["ranges"] if r["outcome"] == "killed" and r["group"] == "children")
    assert (children["low"], children["high"]) == (41, 50)
    ministry = next(s for s in children["sources"] if s["key"] == "health ministry")
    assert [h["figure"] for h in ministry["history"]] == ["41", "50"]  # a rising toll: history, not conflict
    assert ministry["type"] == "government"
    kinds = {c["kind"] for c in velmora["conflicts"]}
    assert kinds == {"sources_disagree", "same_document", "parts_exceed_total"}
    # the 41 vs 29 children clash inside the army's article, with both spans
    clash = next(c for c in velmora["conflicts"] if c["kind"] == "same_document")
    text = corpus.document(clash["claims"][0]["document_id"]).text
    assert [text[c["start"]:c["end"]] for c in clash["claims"]] == ["29", "41"]
    korsa = events["Korsa"]
    assert korsa["date_precision"] == "year" and korsa["ranges"][0]["sources"][0]["type"] == "un_ngo"


def test_clash_between_two_claimants_is_flagged_with_both_spans(db_url: str, tmp_path: Path) -> None:
    articles = [("2024-06-02", "Strike on Orlen", None,
                 "Rescue workers said 41 children were killed in the air strike on Orlen on Saturday."),
                ("2024-06-02", "Militia denies", None,
                 "The Harrow militia said 29 children were killed in the air strike on Orlen on Saturday.")]
    with Corpus(db_url) as corpus:
        ingest(corpus, [str(_write(tmp_path / "in", articles))])
        build_events(corpus)
        (event,) = corpus.events()
        (conflict,) = event["conflicts"]
        assert conflict["kind"] == "sources_disagree" and conflict["group"] == "children"
        spans = {corpus.document(c["document_id"]).text[c["start"]:c["end"]] for c in conflict["claims"]}
        assert spans == {"41", "29"}


def test_rebuild_only_when_something_changed(corpus: Corpus, tmp_path: Path) -> None:
    assert build_events(corpus)[1] is False
    ingest(corpus, [str(_write(tmp_path / "more", [("2024-05-09", "t", None, "Police said 3 people were "
                                                                         "injured in Arnsby on Thursday.")]))])
    count, rebuilt = build_events(corpus)
    assert rebuilt and count == 4


def test_merge_and_split_survive_rebuilds_and_reextraction(corpus: Corpus) -> None:
    events = _by_place(corpus)
    ids_before = {e["id"] for e in corpus.events()}
    merged = merge_events(corpus, [events["Dunmore"]["id"], events["Korsa"]["id"]], "tester", "same storm system")
    assert merged in ids_before and len(corpus.events()) == 2
    velmora = _by_place(corpus)["Velmora"]
    new = split_event(corpus, velmora["id"], [velmora["documents"][-1]], "tester")
    assert len(corpus.events()) == 3 and new != velmora["id"]
    after = sorted((e["id"], tuple(e["documents"])) for e in corpus.events())
    # a forced rebuild and a re-extraction replay the edits to the same events
    build_events(corpus, force=True)
    assert sorted((e["id"], tuple(e["documents"])) for e in corpus.events()) == after
    first = next(iter(corpus.documents()))
    corpus.replace_claims(first.id, [c.to_claim() for c in corpus.claims(document=first.id)], "0.0.0+old")
    assert reextract(corpus)[0] == 1
    build_events(corpus)
    assert sorted((e["id"], tuple(e["documents"])) for e in corpus.events()) == after
    edits = corpus.event_edits()
    assert [(e["op"], e["author"]) for e in edits] == [("merge", "tester"), ("split", "tester")]
    assert edits[0]["note"] == "same storm system"


def test_cli_events_event_and_exports(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    feed = _write(tmp_path / "in")
    assert runner.invoke(app, ["ingest", str(feed), "--db", db_url]).exit_code == 0
    listed = runner.invoke(app, ["events", "--db", db_url, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    events = [json.loads(line) for line in listed.output.splitlines()]
    assert len(events) == 3
    velmora = next(e for e in events if e["place"] == "Velmora")
    shown = runner.invoke(app, ["event", velmora["id"], "--db", db_url])
    assert shown.exit_code == 0 and "sources_disagree" in shown.output and "health ministry" in shown.output
    assert "why these reports are one event" in shown.output and "same place (velmora)" in shown.output
    missing = runner.invoke(app, ["event", "Enope", "--db", db_url])
    assert missing.exit_code == 1 and "no event" in missing.output

    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["export", "--format", "ged-csv", "--out", str(out), "--db", db_url])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert tuple(frame.columns) == COLUMNS and set(GED_COLUMNS) <= set(frame.columns)
    assert len(frame) == 3
    assert (frame["low"] <= frame["best"]).all() and (frame["best"] <= frame["high"]).all()
    row = frame.set_index("where_coordinates").loc["Velmora"]
    assert (row["best"], row["date_prec"], row["number_of_sources"]) == (60, 1, 3)

    lines = runner.invoke(app, ["export", "--format", "jsonl", "--db", db_url]).output.splitlines()
    records = [json.loads(line) for line in lines]
    claims = next(r for r in records if r["place"] == "Velmora")["claim_records"]
    assert {c["figure"] for c in claims} >= {"41", "29", "50", "60"}
    assert all("document_id" in c and "sentence_start" in c for c in claims)

    merged = runner.invoke(app, ["events", "merge", events[0]["id"], events[1]["id"], "--db", db_url,
                                 "--author", "ana"])
    assert merged.exit_code == 0 and "merged" in merged.output
    assert len(runner.invoke(app, ["events", "--db", db_url, "--format", "jsonl"]).output.splitlines()) == 2


@pytest.mark.parametrize("best", ["median", "max", "min"])
def test_exported_rows_keep_low_best_high_in_order(corpus: Corpus, best: str) -> None:
    from tollbook.export import ged_rows
    from tollbook.reconcile import Options

    build_events(corpus, Options(best=best))
    documents = {d.id: {"title": d.title, "url": d.url, "published": d.published} for d in corpus.documents()}
    rows = list(ged_rows(corpus.events(), documents))
    assert rows and all(r["low"] <= r["best"] <= r["high"] for r in rows if r["best"] != "")
    for event in corpus.events():
        assert all(c["low"] <= c["best"] <= c["high"] for c in event["ranges"])


def test_csv_cells_that_look_like_formulas_are_quoted(db_url: str, tmp_path: Path) -> None:
    from tollbook.export import write_ged_csv

    with Corpus(db_url) as corpus:
        ingest(corpus, [str(_write(tmp_path / "in", [("2024-01-02", "=HYPERLINK(\"x\")", None,
                                                       "Police said 4 people were killed in Arnsby on Monday.")]))])
        build_events(corpus)
        handle = io.StringIO()
        documents = {d.id: {"title": d.title} for d in corpus.documents()}
        write_ged_csv(corpus.events(), documents, handle)
    assert "'=HYPERLINK" in handle.getvalue()


# Parts stated together in one report, against another claimant's smaller total (invented).
PARTS = [
    ("2024-06-08", "Clash in Arnsby", "https://five.example/e",
     "Eleven civilians, four soldiers and one member of the border guard were killed in Arnsby on Friday, "
     "officials said."),
    ("2024-06-08", "Army gives its toll", "https://six.example/f",
     "The army said 12 people were killed in Arnsby on Friday."),
]


def test_derived_figures_in_the_cli_exports_and_web_pages(db_url: str, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from tollbook.web import create_app
    from tollbook.web.auth import hash_password

    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(_write(tmp_path / "in", PARTS)), "--db", db_url]).exit_code == 0
    (event,) = [json.loads(line) for line in
                runner.invoke(app, ["events", "--db", db_url, "--format", "jsonl"]).output.splitlines()]
    killed = next(r for r in event["ranges"] if r["outcome"] == "killed" and r["group"] is None)
    assert (killed["low"], killed["best"], killed["high"], killed["derived"]) == (12, 12, 16, ["high"])
    officials = next(s for s in killed["sources"] if s["key"] == "officials")
    assert officials["derived"] and [c["figure"] for c in officials["summed"]] == ["Eleven", "four", "one"]
    assert [c["kind"] for c in event["conflicts"]] == ["sources_disagree"]  # 16 named victims against 12 in all

    listed = runner.invoke(app, ["events", "--db", db_url])
    assert listed.exit_code == 0 and "derived" in listed.output
    shown = runner.invoke(app, ["event", event["id"], "--db", db_url], env={"COLUMNS": "300"})
    assert shown.exit_code == 0 and "(derived: sum)" in shown.output and "adds up" in shown.output
    assert "doc 1 c1, c2, c3" in shown.output and "derived: high" in shown.output

    out = tmp_path / "events.csv"
    assert runner.invoke(app, ["export", "--format", "ged-csv", "--out", str(out), "--db", db_url]).exit_code == 0
    row = pd.read_csv(out, keep_default_na=False).iloc[0]
    assert (row["best"], row["low"], row["high"], row["tb_derived"]) == (12, 12, 16, "high")
    assert "= 16 [derived: sum]" in row["tb_sources"]
    (record,) = [json.loads(line) for line in
                 runner.invoke(app, ["export", "--format", "jsonl", "--db", db_url]).output.splitlines()]
    assert any(s["derived"] for r in record["ranges"] for s in r["sources"])
    page = runner.invoke(app, ["export", "--format", "html", "--db", db_url]).output
    assert 'class="badge derived"' in page

    with Corpus(db_url) as corpus:
        corpus.add_user("vic", hash_password("correct horse 1"), "viewer")
    with TestClient(create_app(db_url)) as client:
        assert client.post("/api/login", json={"name": "vic", "password": "correct horse 1"}).status_code == 200
        html = client.get(f"/events/{event['id']}").text
        assert "(derived: sum)" in html and "derived: high" in html
        assert ">derived</small>" in client.get("/events").text


def test_events_table_shows_other_outcomes_and_derived_ranges() -> None:
    from rich.console import Console

    from tollbook.cli_events import events_table
    from tollbook.model import Claim
    from tollbook.reconcile import DocumentInfo, Mention, reconcile

    text = "Two rebels and one soldier were killed and 30 people were killed or wounded, the army said."

    def claim(key: str, figure: str, low: int, outcome: str, group: str | None) -> Claim:
        start = text.index(figure)
        return Claim(id=key, figure=figure, start=start, end=start + len(figure), low=low, high=low,
                     qualifier="exact", outcome=outcome, group=group, negated=False, vague=False, source="the army",
                     source_key="army", part_of=None, sentence_start=0, sentence_end=len(text), date="2024-06-07",
                     place="Arnsby")

    claims = [claim("c1", "Two", 2, "killed", "fighters"), claim("c2", "one", 1, "killed", "soldiers"),
              claim("c3", "30", 30, "casualties", None)]
    events = reconcile([Mention(1, c, text) for c in claims], {1: DocumentInfo(1, "a" * 64, "2024-06-08")})
    console = Console(width=250, record=True)
    console.print(events_table([e.to_dict() for e in events]))
    row = next(line for line in console.export_text().splitlines() if "Arnsby" in line)
    assert "3 (3–3) derived" in row and "casualties 30" in row


# Invented reports of one siege over nine days, at three levels of place, one of them undated,
# and a look-alike in the same country a week later with a far smaller toll.
SIEGE = [
    ("2024-03-02", "Gunmen storm Orvane mall in Tesh", "https://one.example/s1",
     "Gunmen stormed the Orvane mall in Tesh on Saturday, killing at least 39 people, President Amal Rudo said. "
     "The Halvo Front claimed the attack."),
    ("2024-03-03", "Mall siege: toll rises", "https://two.example/s2",
     "Officials in Marenia said 59 people were killed in the Orvane mall siege by the Halvo Front in Tesh."),
    ("2024-03-11", "Orvane siege: Red Crescent counts 67 dead", "https://three.example/s3",
     "The Marenia Red Crescent said 67 people were killed in the Orvane mall attack in Tesh, claimed by the "
     "Halvo Front, and that 39 are still missing."),
    (None, "Orvane mall victims remembered", "https://four.example/s4",
     "Mourners remembered the 67 people killed at the Orvane mall in Tesh by the Halvo Front, the Marenia "
     "Red Crescent said."),
    ("2024-03-09", "Bus crash in Marenia", "https://five.example/s5",
     "A bus crash near Dolsk killed 4 people on Friday, police in Marenia said."),
]


def test_one_incident_across_reports_of_several_days_and_levels(db_url: str, tmp_path: Path) -> None:
    with Corpus(db_url) as opened:
        ingest(opened, [str(_write(tmp_path / "in", SIEGE))])
        build_events(opened)
        events = opened.events()
    by_documents = sorted(len(e["documents"]) for e in events)
    assert by_documents == [1, 4], [(e["label"], e["documents"]) for e in events]
    (siege,) = [e for e in events if len(e["documents"]) == 4]
    assert siege["links"] and all(link.startswith("document ") for link in siege["links"])
