"""The extractor's scores are a gate: floors pinned per labelled set with a hash of its data
(see STYLE.md, "Tests").

Every floor lives in ``quality_floors.json``, one block per set: raise a floor there, lower
one only on purpose. When a set changes, its hash no longer matches: re-run the evaluation
(``python -m tests.test_quality_gate`` prints every set's scores in the file's layout),
review the floors and pin the new hash. A missing set fails the gate, never skips it.

The sets: ``dev`` (invented texts), ``wikinews`` and ``general`` (real text, in
``shared/eval`` beside the project), and ``heldout`` / ``heldout2`` (invented texts in
``tests/data``, regression guards since the rules were improved on their errors; labelled
before individual victims were claims, so they are gated on counts only).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from tollbook.evaluate import Report, dataset_sha256, evaluate_dir

ROOT = Path(__file__).resolve().parents[1]
FLOORS_FILE = ROOT / "tests" / "quality_floors.json"


def _load() -> dict:
    return json.loads(FLOORS_FILE.read_text(encoding="utf-8"))


FLOORS = _load()
SETS = sorted(FLOORS["sets"])


# Every metric a floor may name (each described under "metrics" in quality_floors.json).
METRICS: dict[str, Callable[[Report], float]] = {
    "strict_precision": lambda r: r.strict.precision,
    "strict_recall": lambda r: r.strict.recall,
    "strict_f1": lambda r: r.strict.f1,
    "counts_f1": lambda r: r.counts.strict.f1,
    "individuals_f1": lambda r: r.individuals.strict.f1,
    "source_accuracy": lambda r: r.attributes["source"].accuracy,
    # the dataset README scores a key only where the gold sets it
    "source_accuracy_gold_set": lambda r: r.attributes["source"].nonnull_accuracy,
    "date_accuracy": lambda r: r.attributes["date"].nonnull_accuracy,
    "place_accuracy": lambda r: r.attributes["place"].nonnull_accuracy,
}


def metrics(report: Report) -> dict[str, float]:
    return {name: value(report) for name, value in METRICS.items()}


def path_of(name: str) -> Path:
    return (ROOT / FLOORS["sets"][name]["path"]).resolve()


def present(name: str) -> Path:
    """The set's folder; fails (never skips) when it is missing: a gate that skips guards nothing."""
    path = path_of(name)
    assert path.is_dir(), f"labelled set {name!r} not found at {path}; the quality gate needs it"
    return path


@cache
def measure(name: str) -> Report:
    return evaluate_dir(present(name))


def _summary(report: Report) -> str:
    strict, counts, people = report.strict, report.counts.strict, report.individuals.strict
    return (f"strict P/R/F1 {strict.precision:.3f}/{strict.recall:.3f}/{strict.f1:.3f} "
            f"({strict.matched} of {strict.gold} gold, {strict.predicted} predicted); "
            f"counts F1 {counts.f1:.3f} ({counts.matched}/{counts.gold}/{counts.predicted}); "
            f"individuals F1 {people.f1:.3f} ({people.matched}/{people.gold}/{people.predicted}); "
            f"lenient F1 {report.lenient.f1:.3f}")


def test_the_floors_file_is_well_formed() -> None:
    assert set(FLOORS["metrics"]) == set(METRICS), (
        f"{FLOORS_FILE.name}: 'metrics' must describe exactly {sorted(METRICS)}")
    for name, block in FLOORS["sets"].items():
        assert set(block) == {"path", "sha256", "floors"}, f"{FLOORS_FILE.name}: set {name!r} keys {sorted(block)}"
        unknown = sorted(set(block["floors"]) - set(METRICS))
        assert not unknown, f"{FLOORS_FILE.name}: set {name!r} has floors for unknown metrics {unknown}"
        for metric, floor in block["floors"].items():
            assert isinstance(floor, int | float) and 0 <= floor <= 1, (
                f"{FLOORS_FILE.name}: set {name!r} floor {metric} = {floor!r}; give a number from 0 to 1")
    for name in ("dev", "wikinews", "general"):  # the F1 three ways (shared/eval/README.md, "Scoring")
        assert {"strict_f1", "counts_f1", "individuals_f1"} <= set(FLOORS["sets"][name]["floors"]), name


@pytest.mark.parametrize("name", SETS)
def test_set_is_the_pinned_one(name: str) -> None:
    path = present(name)
    actual, pinned = dataset_sha256(path), FLOORS["sets"][name]["sha256"]
    assert actual == pinned, (
        f"the {name} set at {path} changed (sha256 {actual}, pinned {pinned}); re-run the evaluation, "
        f"review its floors in {FLOORS_FILE.name} and re-pin \"sha256\" to {actual}")


@pytest.mark.parametrize("name", SETS)
def test_scores_stay_above_floors(name: str) -> None:
    path = present(name)
    assert dataset_sha256(path) == FLOORS["sets"][name]["sha256"], \
        f"the {name} set changed; re-pin it in {FLOORS_FILE.name}"
    report = measure(name)
    scores = metrics(report)
    floors = FLOORS["sets"][name]["floors"]
    below = {metric: (scores[metric], floor) for metric, floor in floors.items() if scores[metric] < floor}
    assert not below, (
        f"{name} scores fell below the floors: "
        + ", ".join(f"{metric} {value:.3f} < {floor:.3f}" for metric, (value, floor) in below.items())
        + f"; {_summary(report)}")


def test_a_missing_set_fails_the_gate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(FLOORS["sets"], "dev", {**FLOORS["sets"]["dev"], "path": str(tmp_path / "absent")})
    with pytest.raises(AssertionError, match=r"labelled set 'dev' not found at .*absent; the quality gate needs it"):
        test_scores_stay_above_floors("dev")


def test_a_score_below_its_floor_fails_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    block = FLOORS["sets"]["general"]
    monkeypatch.setitem(FLOORS["sets"], "general", {**block, "floors": {**block["floors"], "strict_f1": 1.0}})
    with pytest.raises(AssertionError, match=r"general scores fell below the floors: strict_f1 0\.\d+ < 1\.000; "
                                             r"strict P/R/F1 .* individuals F1"):
        test_scores_stay_above_floors("general")


def main() -> None:
    """Print every set's measured scores (4 decimals) in the layout of quality_floors.json."""
    measured = {name: {"sha256": dataset_sha256(present(name)),
                       "measured": {metric: round(value, 4) for metric, value in metrics(measure(name)).items()}}
                for name in SETS}
    print(json.dumps(measured, indent=2))


if __name__ == "__main__":
    main()
