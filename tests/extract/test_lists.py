"""Figures in a list under a heading (extract/lists.py): the heading gives the outcome, the
label the place, the closing line the claimant. Texts of our own."""

from __future__ import annotations

import pytest

from tollbook import extract

DEATHS = """Storm kills dozens on the coast

The relief office gave the following deaths by district:

- Marrow Bay: 14
- Kelt: 9
- Upper Dross: 2

according to the statement, which said most victims drowned.
"""


def test_a_list_under_a_heading():
    claims = [c for c in extract(DEATHS, "2024-03-12") if c.figure in ("14", "9", "2")]
    assert [(c.figure, c.outcome, c.low, c.source, c.place, c.part_of) for c in claims] == [
        ("14", "killed", 14, "the statement", "Marrow Bay", None),
        ("9", "killed", 9, "the statement", "Kelt", None),
        ("2", "killed", 2, "the statement", "Upper Dross", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a heading without an outcome: a list of anything else
        "Results by district:\n\n- Marrow Bay: 14\n- Kelt: 9\n",
        # items that are no single count
        "Deaths by district:\n\n- Marrow Bay: 14 and 15\n- Kelt: unknown\n",
        # no list at all
        "Deaths by district: 14 in Marrow Bay.",
    ],
)
def test_no_list(text):
    assert [c.figure for c in extract(text) if c.figure in ("14", "9")] == ([] if "Marrow Bay:" in text else
                                                                             [c.figure for c in extract(text)
                                                                              if c.figure == "14"])


def test_the_heading_claimant_when_no_line_closes_the_list():
    text = "The ministry listed the injured by town:\n\n- Orra: 12\n- Tesh: 4\n\nRescue work goes on."
    claims = [(c.figure, c.outcome, c.source) for c in extract(text) if c.figure in ("12", "4")]
    assert claims == [("12", "injured", "The ministry"), ("4", "injured", "The ministry")]


SITREP = """Floods in the valley

Heavy rain has fallen since 1 June.

Casualties by district (DMA, 20 June):
- Orsk: 23 dead, 9 missing
- Velle: 17 dead

Impact by province (Civil Defence, 8 October)

Tarn province
- Deaths: 21
- Injured: 260
"""


def test_a_heading_names_the_claimant_of_its_items_and_labels_give_outcomes():
    claims = extract(SITREP, "2024-06-21")
    assert [(c.figure, c.outcome, c.source) for c in claims] == [
        ("23", "killed", "DMA"), ("9", "missing", "DMA"), ("17", "killed", "DMA"),
        ("21", "killed", "Civil Defence"), ("260", "injured", "Civil Defence"),
    ]
