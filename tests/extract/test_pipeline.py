"""The pipeline as a whole: offsets, order, ids, determinism, odd input."""

import pytest

from tollbook import extract
from tollbook.errors import ExtractError

ARTICLE = (
    "Ferry fire kills 12: coast guard\n\n"
    "PORTHAVEN, Norland (AP) — A fire on a ferry killed 12 people and injured 30 on Friday, "
    "the coast guard said. Among the dead were four children.\n\n"
    "The ferry, built in 1998, had 212 passengers on board."
)


def test_offsets_point_at_the_figure_and_its_sentence():
    claims = extract(ARTICLE)
    assert [c.figure for c in claims] == ["12", "12", "30", "four"]
    for c in claims:
        assert ARTICLE[c.start:c.end] == c.figure
        assert c.sentence_start <= c.start < c.end <= c.sentence_end
    assert ARTICLE[claims[0].sentence_start:claims[0].sentence_end] == "Ferry fire kills 12: coast guard"
    assert ARTICLE[claims[1].sentence_start:claims[1].sentence_end].startswith("PORTHAVEN")


def test_ids_and_part_of():
    claims = extract(ARTICLE)
    assert [c.id for c in claims] == ["c1", "c2", "c3", "c4"]
    assert claims[3].part_of == "c2"
    assert claims[3].group == "children"
    assert claims[0].source == "coast guard"


def test_same_input_same_claims():
    assert extract(ARTICLE) == extract(ARTICLE)
    assert extract(ARTICLE * 3)[:4] == extract(ARTICLE)


def test_jsonl_keys():
    keys = set(extract(ARTICLE)[0].to_dict())
    assert {"id", "figure", "start", "end", "outcome", "group", "low", "high", "qualifier", "negated",
            "source", "source_key", "part_of", "date", "date_precision", "place",
            "sentence_start", "sentence_end"} <= keys


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\n", "killed", "12", "no one", "\x00\x01 killed 12 \ufffd", "<p>5 killed</p>",
     "killed " * 5000, "1" * 10_000 + " people were killed", "İ" * 100 + " 3 MİLLİON killed"],
)
def test_odd_input_never_raises(text):
    for c in extract(text):
        assert text[c.start:c.end] == c.figure


def test_not_text_gives_nothing():
    assert extract(None) == []  # type: ignore[arg-type]
    assert extract(b"5 people were killed") == []  # type: ignore[arg-type]


def test_a_long_sentence_is_read_in_windows():
    text = ("Officials said " + "the river rose and " * 400) + "9 people were killed."
    claims = extract(text)
    assert [(c.figure, c.outcome) for c in claims] == [("9", "killed")]
    assert text[claims[0].start:claims[0].end] == "9"


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "2024-02-30", "yesterday", ""])
def test_odd_publication_dates_never_raise(published):
    text = "On Saturday 999 miners were killed, a day earlier 5 died; last week 3 were hurt."
    for c in extract(text, published):
        assert text[c.start:c.end] == c.figure


def test_a_document_over_its_time_budget_is_stopped_with_a_clear_error():
    text = " ".join(f"In Velmora, {i % 90 + 2} people were killed, police said." for i in range(200))
    with pytest.raises(ExtractError, match=r"extraction stopped after 0 s at character 0 of [\d,]+; no claims kept"):
        extract(text, seconds=0)
    assert len(extract(text)) == 200  # the packaged budget is far above what this takes


def test_claims_of_a_long_paragraph_take_the_place_and_date_told_before_them():
    # every claim looks back over its paragraph for a place and a date: one walk per paragraph,
    # not one per claim (a paragraph of thousands of claims stays linear: benchmarks/robustness.py)
    text = "Shelling hit Velmora on Monday. " + " ".join(
        f"A further {i + 2} people were wounded, the ministry said." for i in range(300))
    claims = extract(text, "2024-05-08")
    assert len(claims) == 300
    assert {(c.place, c.date) for c in claims} == {("Velmora", "2024-05-06")}
