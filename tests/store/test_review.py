"""Review decisions on the ``individual`` flag, on SQLite and PostgreSQL (``db_url``).

An individual victim is one person: marking a claim individual sets low = high = 1 (and
qualifier exact) unless the correction gives them; other bounds on an individual claim are refused.
"""

from __future__ import annotations

import dataclasses

import pytest

from tollbook.model import Claim, Document
from tollbook.runner import reextract
from tollbook.store import Corpus, StoreError

# Invented text: a count, and one person the extractor (today) leaves as no claim.
TEXT = "Officials said 12 people were injured in Velmora on Monday. A policeman was shot dead."


def _claims() -> list[Claim]:
    count_at = TEXT.index("12")
    person_at = TEXT.index("A policeman")
    count = Claim(id="c1", figure="12", start=count_at, end=count_at + 2, low=12, high=12, qualifier="exact",
                  outcome="injured", group=None, negated=False, vague=False, source="Officials",
                  source_key="officials", part_of=None, sentence_start=0, sentence_end=TEXT.index(" A "))
    person = dataclasses.replace(count, id="c2", figure="A policeman", start=person_at,
                                 end=person_at + len("A policeman"), low=1, high=1, outcome="killed",
                                 group="police", source=None, source_key=None, sentence_start=person_at,
                                 sentence_end=len(TEXT), individual=True)
    return [count, person]


@pytest.fixture
def corpus(db_url: str):
    with Corpus(db_url) as opened:
        opened.add(Document(text=TEXT, published="2024-03-12"), _claims(), extractor_version="1")
        yield opened


def _row(corpus: Corpus, key: str) -> int:
    records, _ = corpus.claim_records(limit=10)
    return next(r["row_id"] for r in records if r["original"]["id"] == key)


CORRECTIONS = [
    # (claim, values, effective (individual, low, high, qualifier) or the error)
    ("c1", {"individual": True}, (True, 1, 1, "exact")),
    ("c1", {"individual": True, "qualifier": "about"}, (True, 1, 1, "about")),
    ("c1", {"individual": True, "low": 1, "high": 1}, (True, 1, 1, "exact")),
    ("c1", {"individual": True, "low": 3}, "an individual claim is one person: low and high must be 1 "
                                           r"\(got 3 and 1\)"),
    ("c1", {"individual": True, "high": None}, r"low and high must be 1 \(got 1 and open\)"),
    ("c1", {"individual": "yes"}, "individual must be true or false"),
    ("c1", {"individual": None}, "individual must be true or false"),
    ("c1", {"individual": False}, (False, 12, 12, "exact")),
    ("c2", {"low": 2, "high": 2}, "individual claim is one person.*set individual to false"),
    ("c2", {"individual": False, "low": 2, "high": 2}, (False, 2, 2, "exact")),
    ("c2", {"individual": False}, (False, 1, 1, "exact")),
    ("c2", {"outcome": "injured"}, (True, 1, 1, "exact")),
]


@pytest.mark.parametrize(("key", "values", "expected"), CORRECTIONS)
def test_correct_individual(corpus: Corpus, key: str, values: dict, expected: tuple | str) -> None:
    row = _row(corpus, key)
    if isinstance(expected, str):
        with pytest.raises(StoreError, match=expected):
            corpus.review_claim(row, "correct", "ed", values)
        assert corpus.claim_record(row)["status"] == "unreviewed"
        assert corpus.audit()[1] == 0  # nothing written
        return
    record = corpus.review_claim(row, "correct", "ed", values)
    effective = record["effective"]
    assert (effective["individual"], effective["low"], effective["high"], effective["qualifier"]) == expected
    assert record["original"]["individual"] is (key == "c2")  # the extractor's value is kept
    (entry,), _ = corpus.audit()
    assert entry["before"]["individual"] is (key == "c2")
    assert entry["after"]["individual"] is expected[0]


def test_add_an_individual_claim(corpus: Corpus) -> None:
    document_id = next(iter(corpus.documents())).id
    start = TEXT.index("policeman")
    record = corpus.add_claim(document_id, {"start": start, "end": start + 9, "outcome": "killed",
                                            "group": "police", "individual": True}, "ed")
    assert record["status"] == "added"
    claim = record["effective"]
    assert (claim["figure"], claim["individual"], claim["low"], claim["high"]) == ("policeman", True, 1, 1)
    with pytest.raises(StoreError, match="individual claim is one person"):
        corpus.add_claim(document_id, {"start": start, "end": start + 9, "outcome": "killed", "low": 4,
                                       "individual": True}, "ed")
    with pytest.raises(StoreError, match="needs at least low and outcome"):
        corpus.add_claim(document_id, {"start": start, "end": start + 9, "outcome": "killed"}, "ed")


def test_reextract_keeps_a_reviewed_individual_flag(corpus: Corpus) -> None:
    row = _row(corpus, "c1")
    corpus.review_claim(row, "correct", "ed", {"individual": True})
    document = next(iter(corpus.documents()))
    corpus.replace_claims(document.id, _claims(), "0.0.0+old")  # as if an older extractor had read it
    assert reextract(corpus)[0] == 1  # the current extractor reads it again: the "12" span is unchanged
    records, _ = corpus.claim_records(limit=10)
    twelve = next(r for r in records if r["original"]["figure"] == "12")
    assert twelve["status"] == "corrected"
    assert (twelve["original"]["individual"], twelve["effective"]["individual"]) == (False, True)
    assert (twelve["effective"]["low"], twelve["effective"]["high"]) == (1, 1)
