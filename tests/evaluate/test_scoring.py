"""Scoring rules and pairing, over small invented documents."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tollbook.evaluate.dataset import GOLD_KEYS, GoldDocument
from tollbook.evaluate.matching import locate_figures, pair_one_to_one, sentence_around
from tollbook.evaluate.scoring import (
    dates_equal,
    figures_overlap,
    groups_equal,
    places_equal,
    score,
    sources_equal,
)
from tollbook.model import Claim

TEXT = (
    "Storm kills 14 in Brenmoor\n\n"
    "A storm killed 14 people in Brenmoor in 2014, the coast guard said. "
    "More than 40 were injured, including 6 children. Officials said 3,120 homes were damaged."
)


def gold(figure: str, **values: Any) -> dict[str, Any]:
    """A gold line with README defaults: killed, exact bounds parsed from the figure digits."""
    digits = "".join(ch for ch in figure if ch.isdigit())
    claim: dict[str, Any] = {key: None for key in GOLD_KEYS}
    claim.update(figure=figure, outcome="killed", negated=False)
    claim.update(low=int(digits) if digits else 0, high=int(digits) if digits else 0)
    claim.update(values)
    return claim


def predicted(figure: str, n: int = 0, text: str = TEXT, **values: Any) -> Claim:
    """A predicted claim for the n-th occurrence of ``figure`` in ``text``."""
    start = -1
    for _ in range(n + 1):
        start = text.index(figure, start + 1)
    digits = "".join(ch for ch in figure if ch.isdigit())
    fields: dict[str, Any] = {
        "id": f"c{start}",
        "figure": figure,
        "start": start,
        "end": start + len(figure),
        "low": int(digits) if digits else 0,
        "high": int(digits) if digits else 0,
        "qualifier": "exact",
        "outcome": "killed",
        "group": None,
        "negated": False,
        "vague": False,
        "source": None,
        "source_key": None,
        "part_of": None,
        "sentence_start": 0,
        "sentence_end": 0,
    }
    fields.update(values)
    return Claim(**fields)


def run(golds: list[dict[str, Any]], claims: list[Claim], text: str = TEXT, **options: Any):
    doc = GoldDocument(name="doc", text=text, published="2024-01-05", title=None, gold=tuple(golds))
    return score([doc], {"doc": claims}, **options)


@pytest.mark.parametrize(
    ("gold_claim", "claim", "strict", "lenient"),
    [
        pytest.param(
            gold("6", group="children"), predicted("6", group="children"), 1, 1, id="exact"
        ),
        pytest.param(
            gold("More than 40", outcome="injured", low=41, high=None),
            predicted("40", outcome="injured", low=41, high=None),
            1,
            1,
            id="figure-inside-gold",
        ),
        pytest.param(
            gold("40", outcome="injured", low=41, high=None),
            predicted("More than 40", outcome="injured", low=41, high=None),
            1,
            1,
            id="gold-inside-figure",
        ),
        pytest.param(
            gold("more than 40", outcome="injured", low=41, high=None),
            predicted("More than 40", outcome="injured", low=41, high=None),
            1,
            1,
            id="case-insensitive",
        ),
        pytest.param(
            gold("6", group="children"), predicted("6", group="women"), 0, 1, id="wrong-group"
        ),
        pytest.param(
            gold("6", group="health_workers"),
            predicted("6", group="Health workers"),
            1,
            1,
            id="group-underscore-space",
        ),
        pytest.param(
            gold("6", group="health workers"),
            predicted("6", group="health-workers"),
            1,
            1,
            id="group-hyphen-space",
        ),
        pytest.param(gold("6"), predicted("6", group="people"), 0, 1, id="null-group-expects-null"),
        pytest.param(
            gold("More than 40", outcome="injured", low=41, high=None),
            predicted("More than 40", outcome="injured", low=41, high=41),
            0,
            1,
            id="open-high-vs-closed",
        ),
        pytest.param(gold("6", low=6, high=6), predicted("6", low=5, high=6), 0, 1, id="wrong-low"),
        pytest.param(gold("6"), predicted("6", outcome="injured"), 0, 0, id="wrong-outcome"),
        pytest.param(gold("6"), predicted("3,120"), 0, 0, id="no-overlap"),
    ],
)
def test_match_rules(gold_claim: dict, claim: Claim, strict: int, lenient: int) -> None:
    report = run([gold_claim], [claim])
    assert (report.strict.matched, report.lenient.matched) == (strict, lenient)


def test_null_group_matches_any_option() -> None:
    report = run([gold("6")], [predicted("6", group="people")], null_group_matches_any=True)
    assert report.strict.matched == 1


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("More than 40", "40", True),
        ("40", "more than 40", True),
        ("40", "14", False),
        ("", "40", False),
        ("40", None, False),
    ],
)
def test_figures_overlap(a: str, b: str | None, expected: bool) -> None:
    assert figures_overlap(a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("health_workers", "health workers", True),
        ("Health-Workers", "health_workers", True),
        ("children", "Children ", True),
        ("children", "women", False),
        (None, None, True),
        (None, "people", False),
        ("children", None, False),
    ],
)
def test_groups_equal(a: str | None, b: str | None, expected: bool) -> None:
    assert groups_equal(a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("the coast guard", "coast guard", True),
        ("The Coast Guard", "the coast guard", True),
        ("a spokesman for the coast guard", "the coast guard", True),
        ("coast guard", "regional coast guard office", True),
        ("coast guard", "the army", False),
        ("the", "the army", False),
        (None, None, True),
        (None, "coast guard", False),
        ("coast guard", None, False),
    ],
)
def test_sources_equal(a: str | None, b: str | None, expected: bool) -> None:
    assert sources_equal(a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2024-01-04", "2024-01-04", True),
        ("2024-01", "2024-01-04", True),
        ("2024-01-04", "2024-01", True),
        ("2024", "2024-06-30", True),
        ("2024-1", "2024-10-02", False),
        ("2024-01-04", "2024-01-05", False),
        ("2023", "2024", False),
        (None, None, True),
        (None, "2024", False),
        ("2024", None, False),
    ],
)
def test_dates_equal(a: str | None, b: str | None, expected: bool) -> None:
    assert dates_equal(a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Brenmoor", "brenmoor", True),
        ("a bridge in Brenmoor district of Hale province", "Hale province", True),
        ("Brenmoor", "the port of Brenmoor", True),
        ("Brenmoor", "Hale", False),
        (None, None, True),
        (None, "Brenmoor", False),
    ],
)
def test_places_equal(a: str | None, b: str | None, expected: bool) -> None:
    assert places_equal(a, b) is expected


@pytest.mark.parametrize(
    ("gold_source", "predicted_source", "correct", "total", "nonnull_total"),
    [
        ("the coast guard", "coast guard", 1, 1, 1),
        ("the coast guard", "the army", 0, 1, 1),
        ("the coast guard", None, 0, 1, 1),
        (None, None, 1, 1, 0),
        (None, "the coast guard", 0, 1, 0),
    ],
)
def test_source_accuracy(
    gold_source: str | None,
    predicted_source: str | None,
    correct: int,
    total: int,
    nonnull_total: int,
) -> None:
    report = run([gold("6", source=gold_source)], [predicted("6", source=predicted_source)])
    source = report.attributes["source"]
    assert (source.correct, source.total, source.nonnull_total) == (correct, total, nonnull_total)


def test_attributes_scored_only_over_strict_matches() -> None:
    report = run([gold("6", group="children", source="x")], [predicted("6", source="y")])
    assert report.lenient.matched == 1
    assert report.attributes["source"].total == 0
    assert report.attributes["source"].accuracy == 0.0


@pytest.mark.parametrize(
    ("parent_id", "correct"),
    [
        pytest.param("parent", 1, id="id-of-right-parent"),
        pytest.param("other", 0, id="id-of-wrong-parent"),
        pytest.param(None, 0, id="missing-part-of"),
        pytest.param("c999", 0, id="unknown-id"),
    ],
)
def test_part_of_translates_id_to_figure(parent_id: str | None, correct: int) -> None:
    golds = [
        gold("More than 40", outcome="injured", low=41, high=None),
        gold("6", outcome="injured", group="children", part_of="More than 40"),
        gold("3,120", outcome="injured"),
    ]
    claims = [
        predicted("More than 40", id="parent", outcome="injured", low=41, high=None),
        predicted("6", id="child", outcome="injured", group="children", part_of=parent_id),
        predicted("3,120", id="other", outcome="injured", low=3120, high=3120),
    ]
    report = run(golds, claims)
    assert report.strict.matched == 3
    part_of = report.attributes["part_of"]
    assert (part_of.correct, part_of.total, part_of.nonnull_total) == (2 + correct, 3, 1)


def test_duplicate_figures_pair_one_to_one_by_position() -> None:
    golds = [gold("14", source=None), gold("14", source="the coast guard")]
    claims = [
        predicted("14", n=1, source="coast guard"),  # body, listed first on purpose
        predicted("14", n=0, source=None),  # headline
    ]
    report = run(golds, claims)
    assert report.strict.matched == 2
    assert report.attributes["source"].correct == 2


def test_duplicate_figures_one_prediction_leaves_the_other_missed() -> None:
    report = run([gold("14"), gold("14")], [predicted("14", n=1)])
    assert report.strict.matched == 1
    assert [m.start for m in report.missed] == [TEXT.index("14")]
    assert report.missed[0].sentence == "Storm kills 14 in Brenmoor"


def test_strict_match_preferred_over_closer_lenient_one() -> None:
    golds = [gold("14", group="children"), gold("14")]
    report = run(golds, [predicted("14", n=0)])
    assert report.strict.matched == 1
    assert report.mismatched == ()


def test_lenient_score_has_its_own_pairing() -> None:
    text = "Some 30 died on Monday and 30 or so on Tuesday; 30 were buried."
    golds = [gold("Some 30", low=27, high=33), gold("30 or so", low=30, high=30)]
    claims = [
        predicted("30", n=2, text=text, low=27, high=33),  # strict with gold 0 only
        predicted("Some 30", text=text, low=0, high=0),  # lenient with gold 0 only
    ]
    report = run(golds, claims, text=text)
    assert (report.strict.matched, report.lenient.matched) == (1, 2)


@pytest.mark.parametrize(
    ("golds", "claims", "precision", "recall"),
    [
        pytest.param([gold("6")], [], 0.0, 0.0, id="no-predictions"),
        pytest.param([], [predicted("6")], 0.0, 0.0, id="no-gold"),
        pytest.param([], [], 0.0, 0.0, id="nothing"),
        pytest.param([gold("6"), gold("3,120")], [predicted("6")], 1.0, 0.5, id="half"),
    ],
)
def test_precision_recall_without_division_errors(
    golds: list, claims: list, precision: float, recall: float
) -> None:
    report = run(golds, claims)
    assert (report.strict.precision, report.strict.recall) == (precision, recall)
    assert report.strict.f1 == pytest.approx(
        2 * precision * recall / (precision + recall) if precision + recall else 0.0
    )


def test_missing_document_in_predictions_counts_as_empty() -> None:
    doc = GoldDocument("doc", TEXT, None, None, (gold("6"),))
    report = score([doc], {})
    assert (report.strict.gold, report.strict.predicted, len(report.missed)) == (1, 0, 1)


def test_unknown_document_in_predictions_is_an_error() -> None:
    with pytest.raises(ValueError, match="elsewhere"):
        score([], {"elsewhere": []})


def test_errors_and_outcomes_in_report() -> None:
    golds = [gold("6", group="children"), gold("14"), gold("3,120", outcome="displaced")]
    claims = [
        predicted("6", group="women"),
        predicted("More than 40", outcome="injured", low=41, high=None),
    ]
    report = run(golds, claims)
    assert [(e.gold_figure, e.fields) for e in report.mismatched] == [
        ("6", (("group", "children", "women"),))
    ]
    assert [m.figure for m in report.missed] == ["14", "3,120"]
    assert report.missed[1].sentence == "Officials said 3,120 homes were damaged."
    assert [s.figure for s in report.spurious] == ["More than 40"]
    assert report.spurious[0].sentence == "More than 40 were injured, including 6 children."
    assert list(report.outcomes) == ["killed", "injured", "displaced"]
    assert (report.outcomes["killed"].gold, report.outcomes["killed"].predicted) == (2, 1)
    json.dumps(report.to_dict())


def test_locate_figures_skips_digits_inside_other_numbers() -> None:
    assert locate_figures(TEXT, ["14", "14", "120", "14"]) == [
        TEXT.index("14"),
        TEXT.index("14 people"),
        TEXT.index("3,120") + 2,  # only occurrence, taken although inside "3,120"
        TEXT.index("2014") + 2,
    ]


def test_sentence_around() -> None:
    start = TEXT.index("6 children")
    assert sentence_around(TEXT, start, start + 1) == (
        "More than 40 were injured, including 6 children."
    )


def test_pairing_is_optimal_where_greedy_is_not() -> None:
    weights = {(0, 0): -10, (0, 1): -9, (1, 0): -9}
    assert pair_one_to_one(2, 2, lambda g, p: weights.get((g, p))) == [(0, 1), (1, 0)]


# --- the F1 three ways: counts only, individual victims only, all claims -------------------

PERSON_TEXT = (
    "Bus crash kills driver\n\n"
    "A policeman was shot dead and 14 people were injured in Brenmoor, police said. "
    "The driver died in hospital. Officials said 3 people were killed or injured on Sunday."
)


def person(figure: str, **values: Any) -> dict[str, Any]:
    return gold(figure, **{"low": 1, "high": 1, "individual": True, **values})


def predicted_person(figure: str, n: int = 0, **values: Any) -> Claim:
    return predicted(figure, n, PERSON_TEXT, **{"low": 1, "high": 1, "individual": True, **values})


def predicted_count(figure: str, **values: Any) -> Claim:
    return predicted(figure, 0, PERSON_TEXT, **values)


GOLD_PEOPLE = [
    person("driver", group="drivers"),  # the headline
    person("A policeman", group="police"),
    gold("14", outcome="injured"),
    person("The driver", group="drivers"),
    gold("3", outcome="casualties"),
]


@pytest.mark.parametrize(
    ("claims", "counts", "individuals", "every"),
    [
        pytest.param(
            [predicted_person("driver", group="drivers"), predicted_person("A policeman", group="police"),
             predicted_count("14", outcome="injured"), predicted_person("driver", 1, group="drivers"),
             predicted_count("3", outcome="casualties")],
            (2, 2, 2), (3, 3, 3), (5, 5, 5), id="all-found",
        ),
        pytest.param(
            [predicted_count("14", outcome="injured"), predicted_count("3", outcome="casualties")],
            (2, 2, 2), (0, 3, 0), (2, 5, 2), id="counts-only",
        ),
        pytest.param(
            [predicted_person("A policeman", group="police")],
            (0, 2, 0), (1, 3, 1), (1, 5, 1), id="one-individual",
        ),
        # A person predicted as a count of one: strict over all claims (the flag is not a strict
        # field), but each kind is filtered on both sides before pairing, so it scores for neither.
        pytest.param(
            [predicted_count("A policeman", low=1, high=1, group="police")],
            (0, 2, 1), (0, 3, 0), (1, 5, 1), id="person-as-count",
        ),
        pytest.param(
            [predicted_person("14", outcome="injured", low=14, high=14)],
            (0, 2, 0), (0, 3, 1), (1, 5, 1), id="count-as-person",
        ),
        pytest.param(
            [predicted_person("A policeman", group="police", outcome="injured")],
            (0, 2, 0), (0, 3, 1), (0, 5, 1), id="wrong-outcome",
        ),
        pytest.param([], (0, 2, 0), (0, 3, 0), (0, 5, 0), id="nothing"),
    ],
)
def test_f1_three_ways(
    claims: list[Claim],
    counts: tuple[int, int, int],
    individuals: tuple[int, int, int],
    every: tuple[int, int, int],
) -> None:
    report = run(GOLD_PEOPLE, claims, text=PERSON_TEXT)

    def triple(c):
        return (c.matched, c.gold, c.predicted)

    assert triple(report.counts.strict) == counts
    assert triple(report.individuals.strict) == individuals
    assert triple(report.strict) == every
    data = report.to_dict()
    assert data["counts"]["strict"]["f1"] == report.counts.strict.f1
    assert data["individuals"]["strict"]["matched"] == individuals[0]
    assert data["strict"]["matched"] == every[0]  # the all-claims keys stay where they were


def test_repeated_individual_figures_keep_their_occurrence() -> None:
    # "driver" (headline) and "The driver" (body): counts left out, each still pairs by position.
    claims = [predicted_person("driver", 1, group="drivers"), predicted_person("driver", group="drivers")]
    report = run(GOLD_PEOPLE, claims, text=PERSON_TEXT)
    assert report.individuals.strict.matched == 2 and report.individuals.lenient.matched == 2


def test_individual_errors_and_casualties_outcome() -> None:
    report = run(GOLD_PEOPLE, [predicted_count("3", outcome="casualties")], text=PERSON_TEXT)
    assert [(m.figure, m.individual) for m in report.missed] == [
        ("driver", True), ("A policeman", True), ("14", False), ("The driver", True)]
    assert list(report.outcomes) == ["killed", "injured", "casualties"]
    assert (report.outcomes["casualties"].matched, report.outcomes["casualties"].gold) == (1, 1)
    assert report.to_dict()["missed"][0]["individual"] is True
