"""What is not a casualty claim: business, politics, sport, ranks and ratios (extract/scope.py,
numbers.py). Rows are sentences of our own; distractors expect no claim at all."""

from __future__ import annotations

import pytest

from tollbook import extract


def table(text, published=None):
    return [(c.figure, c.outcome, c.group, c.low, c.high) for c in extract(text, published)]


@pytest.mark.parametrize(
    "text",
    [
        # money: a "loss" is an amount
        "The group reported total losses of 37 mln dlrs for the year.",
        "The bank said its currency losses of 120 billion yen hit profits.",
        # jobs and business moves
        "The merger would displace up to 20,000 workers over three years.",
        "About 300 employees will be relocated to the new plant in Denver.",
        "The pension change affects about 109,000 salaried workers.",
        "More than 19,000 products will be affected by the new tariff.",
        "More than one in ten of the bank's customers were affected by the outage.",
        # sport
        "The winger injured his hamstring in training and misses the cup final.",
        "Former Under-21 keeper Mara has missed nearly three seasons with knee injuries.",
        # ranks, labels and things that are executed
        "The country suffers one of the highest death tolls from road accidents.",
        "Seventy search warrants were executed across four countries.",
        "Authorities seized 126 skins and 16 skulls in the raid.",
        "Five children are being treated with the new drug in a trial.",
        "The ministry seized seven fishing boats and detained their owners.",
    ],
)
def test_not_a_casualty(text):
    assert table(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same words in an incident are claims
        ("The floods have affected some 20,000 workers in the valley.",
         [("some 20,000", "affected", "workers", 18000, 22000)]),
        ("After the gas leak, about 300 employees were evacuated from the plant.",
         [("about 300", "evacuated", "workers", 270, 330)]),
        ("The earthquake displaced 4,000 people.", [("4,000", "displaced", None, 4000, 4000)]),
        ("Nearly 20,000 people are sleeping in tents.", [("Nearly 20,000", "displaced", None, 18000, 19999)]),
        ("The cyclone killed 23 people and caused losses of 2 billion dollars.",
         [("23", "killed", None, 23, 23)]),
        ("One of the injured died in hospital.", [("One", "killed", None, 1, 1)]),
        ("Officials said 150 security forces, 95 civilians and hundreds of Taliban were killed.",
         [("150", "killed", "soldiers", 150, 150), ("95", "killed", "civilians", 95, 95),
          ("hundreds", "killed", "fighters", 200, 999)]),
        ("Four stabbed to death at police headquarters", [("Four", "killed", None, 4, 4)]),
        ("The crash left two dead and the other three were taken to a nearby hospital.",
         [("two", "killed", None, 2, 2), ("three", "injured", None, 3, 3)]),
        ("Estimated death tolls exceeded 100.", [("exceeded 100", "killed", None, 101, None)]),
    ],
)
def test_casualties_in_an_incident(text, expected):
    assert table(text) == expected
