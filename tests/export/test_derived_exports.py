"""Derived figures in every export: the GED-style CSV, the JSONL records and the HTML report.

The events come from ``reconcile`` over invented claims (places and claimants do not exist).
"""

from __future__ import annotations

import csv
import io
import json

import lxml.html
import pytest

from tollbook.export import ged_rows, render_report, write_ged_csv, write_jsonl
from tollbook.model import Claim
from tollbook.reconcile import DocumentInfo, Mention, reconcile

ARMY = "Two rebels and one soldier were killed in the clash near Velmora, the army said."
MINISTRY = "The ministry said 40 people were killed in Velmora and 12 were wounded."
NAMED = ("A policeman was shot dead in Velmora.", "A teacher was killed by a stray bullet.")


def _claim(key: str, sentence: str, offset: int, figure: str, low: int, *, group: str | None = None,
           outcome: str = "killed", source: str | None = None, individual: bool = False) -> Claim:
    start = offset + sentence.index(figure)
    return Claim(id=key, figure=figure, start=start, end=start + len(figure), low=low, high=low, qualifier="exact",
                 outcome=outcome, group=group, negated=False, vague=False, source=source,
                 source_key=source.removeprefix("the ") if source else None, part_of=None, sentence_start=offset,
                 sentence_end=offset + len(sentence), date="2024-05-06", place="Velmora", individual=individual)


def _events(with_ministry: bool = True) -> tuple[list[dict], dict[int, dict], dict]:
    documents = {1: DocumentInfo(1, "1" * 64, "2024-05-06", "Clash in Velmora", "https://one.invalid/a"),
                 2: DocumentInfo(2, "2" * 64, "2024-05-07", "Ministry toll", "https://two.invalid/b"),
                 3: DocumentInfo(3, "3" * 64, "2024-05-07", "Two named victims", None)}
    mentions = [Mention(1, _claim("c1", ARMY, 0, "Two", 2, group="fighters", source="the army"), ARMY),
                Mention(1, _claim("c2", ARMY, 0, "one", 1, group="soldiers", source="the army"), ARMY),
                Mention(3, _claim("c1", NAMED[0], 0, "A policeman", 1, group="police", individual=True), NAMED[0]),
                Mention(3, _claim("c2", NAMED[1], len(NAMED[0]) + 1, "A teacher", 1, group="teachers",
                                  individual=True), NAMED[1])]
    if with_ministry:
        mentions += [Mention(2, _claim("c1", MINISTRY, 0, "40", 40, source="the ministry"), MINISTRY),
                     Mention(2, _claim("c2", MINISTRY, 0, "12", 12, outcome="injured", source="the ministry"),
                             MINISTRY)]
    events = [e.to_dict() for e in reconcile(mentions, documents)]
    docs = {d.id: {"title": d.title, "url": d.url, "published": d.published} for d in documents.values()}
    claims = {(m.document_id, m.claim.id): {"document_id": m.document_id, **m.claim.to_dict()} for m in mentions}
    return json.loads(json.dumps(events)), docs, claims  # as stored: a JSON round trip


@pytest.mark.parametrize(("with_ministry", "best", "low", "high", "derived", "from_group"), [
    (True, 40, 40, 40, "", False),  # the ministry states 40; the army's sum and named victims are no bound below it
    (False, 2, 2, 3, "best low high", False),  # only derived figures: they are the range, marked so
])
def test_ged_row_marks_derived_fatalities(with_ministry: bool, best: int, low: int, high: int, derived: str,
                                          from_group: bool) -> None:
    events, documents, _ = _events(with_ministry)
    (row,) = ged_rows(events, documents)
    assert (row["best"], row["low"], row["high"], row["tb_derived"]) == (best, low, high, derived)
    assert row["tb_killed_from_group"] is from_group
    assert "Two (fighters) + one (soldiers) = 3 [derived: sum] people killed" in row["tb_sources"]
    assert "A policeman + A teacher = 2 [derived: individuals] people killed" in row["tb_sources"]
    assert row["tb_injured_derived"] == "" and row["tb_casualties_best"] == ""


def test_ged_csv_has_the_derived_columns() -> None:
    events, documents, _ = _events()
    out = io.StringIO()
    write_ged_csv(events, documents, out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["tb_derived"] == "" and row["tb_casualties_derived"] == "" and "tb_casualties_high" in row


def test_jsonl_keeps_derived_figures_with_their_claims() -> None:
    events, documents, claims = _events()
    out = io.StringIO()
    write_jsonl(events, documents, claims, out)
    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]
    killed = next(r for r in record["ranges"] if r["outcome"] == "killed" and r["group"] is None)
    rows = {s["key"]: s for s in killed["sources"]}
    assert (rows["army"]["derived"], rows["army"]["derivation"]) == (True, "sum")
    assert [(c["document_id"], c["claim"]) for c in rows["army"]["summed"]] == [(1, "c1"), (1, "c2")]
    assert rows["ministry"]["derived"] is False and rows["ministry"]["summed"] == []
    named = next(s for s in killed["sources"] if s["derivation"] == "individuals")
    assert named["low"] == 2 and [c["figure"] for c in named["summed"]] == ["A policeman", "A teacher"]
    assert {(c["document_id"], c["id"]) for c in record["claim_records"]} >= {(3, "c1"), (3, "c2")}
    assert all("individual" in c for c in record["claim_records"])


def test_report_marks_derived_figures_in_the_table_and_chart() -> None:
    events, documents, _ = _events()
    tree = lxml.html.fromstring(render_report(events, documents, generated="2024-05-08 00:00 UTC"))
    killed = next(s for s in tree.xpath('//section[@class="range"]') if s.findtext("h3") == "killed")
    rows = {tr.findall("td")[0].text_content(): tr for tr in killed.xpath('.//table[@class="sources"]//tr[td]')}
    army = rows["the army"].findall("td")[2]
    assert army.xpath('.//span[@class="badge derived"]') and "adds up c1, c2 of #1" in army.text_content()
    assert not rows["the ministry"].findall("td")[2].xpath('.//span[@class="badge derived"]')
    assert len(killed.xpath('.//svg//g[contains(@class, "derived")]')) == 2
    assert "derived: low" not in killed.find_class("figures")[0].text_content()  # a stated figure is the low
    assert "dashed outline is a derived figure" in killed.xpath(".//figcaption")[0].text_content()
    quoted = tree.xpath('//section[@class="quoted"]/h4[.="killed"]/following-sibling::ul[1]')[0].text_content()
    assert ARMY in quoted and NAMED[0] in quoted and NAMED[1] in quoted  # every part's sentence, once
    assert quoted.count(ARMY) == 1
