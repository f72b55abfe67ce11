"""evaluate_dir with an injected extractor, and the Rich rendering of its report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from tollbook.evaluate import evaluate_dir, render_report
from tollbook.model import Claim

TEXT = "Bridge collapse kills 5 [update]\n\nFive people died and 2 were hurt, police said."
GOLD = [
    {"figure": "5", "outcome": "killed", "low": 5, "high": 5, "source": "police"},
    {"figure": "Five", "outcome": "killed", "low": 5, "high": 5, "source": "police"},
    {"figure": "2", "outcome": "injured", "low": 2, "high": 2, "source": "police"},
]


def fake_extract(text: str, published: str | None = None) -> list[Claim]:
    """Finds the headline "5" (with the wrong source) and invents a spurious claim."""
    assert published == "2021-05-06"
    start, died = text.index("5"), text.index("died")
    common = dict(qualifier="exact", negated=False, vague=False, source_key=None, part_of=None)
    return [
        Claim(
            id="a",
            figure="5",
            start=start,
            end=start + 1,
            low=5,
            high=5,
            outcome="killed",
            group=None,
            source="the mayor",
            sentence_start=0,
            sentence_end=32,
            **common,
        ),
        Claim(
            id="b",
            figure="died",
            start=died,
            end=died + 4,
            low=1,
            high=1,
            outcome="killed",
            group=None,
            source=None,
            sentence_start=34,
            sentence_end=len(text),
            **common,
        ),
    ]


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    (tmp_path / "bridge.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bridge.meta.json").write_text('{"published": "2021-05-06"}', encoding="utf-8")
    lines = "".join(json.dumps(g) + "\n" for g in GOLD)
    (tmp_path / "bridge.gold.jsonl").write_text(lines, encoding="utf-8")
    return tmp_path


def test_evaluate_dir_with_injected_extractor(dataset: Path) -> None:
    report = evaluate_dir(dataset, extractor=fake_extract)
    assert (report.strict.matched, report.strict.gold, report.strict.predicted) == (1, 3, 2)
    assert report.attributes["source"].correct == 0
    assert [m.figure for m in report.missed] == ["Five", "2"]
    assert [s.figure for s in report.spurious] == ["died"]


def test_evaluate_dir_names_the_document_when_extraction_fails(dataset: Path) -> None:
    def broken(text: str, published: str | None = None) -> list[Claim]:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError) as info:
        evaluate_dir(dataset, extractor=broken)
    assert "'bridge'" in info.value.__notes__[0]


def test_evaluate_dir_default_extractor_runs(dataset: Path) -> None:
    report = evaluate_dir(dataset)
    assert report.strict.gold == 3


@pytest.mark.parametrize("show_errors", [False, True])
def test_render_report(dataset: Path, show_errors: bool) -> None:
    console = Console(record=True, width=200)
    render_report(evaluate_dir(dataset, extractor=fake_extract), console, show_errors=show_errors)
    out = console.export_text()
    assert "strict" in out and "lenient" in out and "source" in out and "killed" in out
    # Document text is shown as it is, never read as Rich markup.
    assert ("Bridge collapse kills 5 [update]" in out) is show_errors
    assert ("the mayor" in out) is show_errors
    assert ("Five people died and 2 were hurt, police said." in out) is show_errors


PEOPLE_TEXT = "Crash kills driver\n\nThe driver died and 3 people were killed or injured, police said."
PEOPLE_GOLD = [
    {"figure": "driver", "outcome": "killed", "group": "drivers", "low": 1, "high": 1, "individual": True},
    {"figure": "The driver", "outcome": "killed", "group": "drivers", "low": 1, "high": 1, "individual": True},
    {"figure": "3", "outcome": "casualties", "low": 3, "high": 3, "source": "police"},
]


def counts_only(text: str, published: str | None = None) -> list[Claim]:
    """Finds the casualties count and no individual victim (as the extractor does today)."""
    start = text.index("3 people")
    return [Claim(id="c1", figure="3", start=start, end=start + 1, low=3, high=3, qualifier="exact",
                  outcome="casualties", group=None, negated=False, vague=False, source="police",
                  source_key="police", part_of=None, sentence_start=text.index("The"), sentence_end=len(text))]


@pytest.fixture
def people(tmp_path: Path) -> Path:
    (tmp_path / "crash.txt").write_text(PEOPLE_TEXT, encoding="utf-8")
    (tmp_path / "crash.meta.json").write_text('{"published": null}', encoding="utf-8")
    (tmp_path / "crash.gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in PEOPLE_GOLD),
                                               encoding="utf-8")
    return tmp_path


def _row(out: str, name: str) -> list[str]:
    line = next(line for line in out.splitlines() if line.startswith(f"│ {name} "))
    return [cell.strip() for cell in line.strip("│").split("│")]


def test_render_scores_three_ways_and_casualties(people: Path) -> None:
    console = Console(record=True, width=200)
    render_report(evaluate_dir(people, extractor=counts_only), console, show_errors=True)
    out = console.export_text()
    assert "Strict matches by kind" in out
    # name, gold, predicted, strict, precision, recall, F1
    assert _row(out, "counts") == ["counts", "1", "1", "1", "1.000", "1.000", "1.000"]
    assert _row(out, "individuals") == ["individuals", "2", "0", "0", "0.000", "0.000", "0.000"]
    assert _row(out, "all") == ["all", "3", "1", "1", "1.000", "0.333", "0.500"]
    assert _row(out, "casualties")[:4] == ["casualties", "1", "1", "1"]
    assert "The driver (individual)" in out  # a missed individual victim says so


def test_cli_evaluate_json_has_the_three_ways(people: Path) -> None:
    from typer.testing import CliRunner

    from tollbook.cli import app

    result = CliRunner().invoke(app, ["evaluate", str(people), "--format", "json"])  # the real extractor
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    expected = evaluate_dir(people).to_dict()
    for key in ("strict", "lenient", "counts", "individuals"):
        assert report[key] == expected[key]
    assert report["strict"]["gold"] == 3 and report["strict"]["predicted"] == (
        report["counts"]["strict"]["predicted"] + report["individuals"]["strict"]["predicted"])
    assert (report["counts"]["strict"]["gold"], report["individuals"]["strict"]["gold"]) == (1, 2)
    assert set(report["individuals"]) == {"strict", "lenient"}
