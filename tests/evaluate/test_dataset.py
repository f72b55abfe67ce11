"""Reading a dataset directory, and the errors it raises."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tollbook.errors import InputError
from tollbook.evaluate import dataset_sha256, load_dataset

TEXT_B = (
    "Ferry fire leaves 3 dead\n\nThree passengers died and 11 were hurt, the port authority said."
)
GOLD_B = [
    {"figure": "3", "outcome": "killed", "group": None, "low": 3, "high": 3},
    {
        "figure": "11",
        "outcome": "injured",
        "group": "passengers",
        "low": 11,
        "high": 11,
        "source": "the port authority",
        "vague": False,
    },
]


def write_doc(directory: Path, name: str, text: str, meta: dict, gold: list[dict]) -> None:
    (directory / f"{name}.txt").write_text(text, encoding="utf-8")
    (directory / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    lines = "".join(json.dumps(record) + "\n" for record in gold)
    (directory / f"{name}.gold.jsonl").write_text(lines, encoding="utf-8")


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    write_doc(tmp_path, "b_ferry", TEXT_B, {"title": "Ferry", "published": "2022-03-04"}, GOLD_B)
    write_doc(tmp_path, "a_quiet", "Markets reopened on Monday.", {"published": None}, [])
    return tmp_path


def test_load_dataset(dataset: Path) -> None:
    docs = load_dataset(dataset)
    assert [d.name for d in docs] == ["a_quiet", "b_ferry"]
    quiet, ferry = docs
    assert (quiet.published, quiet.title, quiet.gold) == (None, None, ())
    assert (ferry.text, ferry.published, ferry.title) == (TEXT_B, "2022-03-04", "Ferry")
    first, second = ferry.gold
    assert first["source"] is None and first["part_of"] is None  # absent keys read as null
    assert first["negated"] is False
    assert second["group"] == "passengers" and second["vague"] is False


INDIVIDUAL_TEXT = "Ferry fire leaves 3 dead\n\nThe captain was killed and 11 were hurt; a 9-year-old girl is missing."


@pytest.mark.parametrize(
    ("record", "individual"),
    [
        ({"figure": "11", "outcome": "injured", "low": 11, "high": 11}, False),  # key left out: a count
        ({"figure": "11", "outcome": "injured", "low": 11, "high": 11, "individual": None}, False),
        ({"figure": "11", "outcome": "injured", "low": 11, "high": 11, "individual": False}, False),
        ({"figure": "The captain", "outcome": "killed", "group": "crew", "low": 1, "high": 1, "individual": True},
         True),
        ({"figure": "a 9-year-old girl", "outcome": "missing", "group": "children", "low": 1, "high": 1,
          "individual": True}, True),
        ({"figure": "3", "outcome": "casualties", "low": 3, "high": 3}, False),  # the outcome 'casualties'
    ],
)
def test_individual_key(tmp_path: Path, record: dict, individual: bool) -> None:
    write_doc(tmp_path, "d", INDIVIDUAL_TEXT, {"published": None}, [record])
    (claim,) = load_dataset(tmp_path)[0].gold
    assert claim["individual"] is individual
    assert claim["outcome"] == record["outcome"]


@pytest.mark.parametrize("name", ["dev", "wikinews", "general"])
def test_the_shared_sets_load(name: str) -> None:
    """The real sets use 'individual' and 'casualties'; they must load (fail, never skip, when missing)."""
    folder = Path(__file__).resolve().parents[3] / "shared" / "eval" / name
    assert folder.is_dir(), f"labelled set not found at {folder}"
    gold = [claim for doc in load_dataset(folder) for claim in doc.gold]
    assert any(claim["individual"] for claim in gold)
    assert all((claim["low"], claim["high"]) == (1, 1) for claim in gold if claim["individual"])


def test_load_dataset_ignores_other_files_and_blank_lines(dataset: Path) -> None:
    (dataset / "README.md").write_text("notes", encoding="utf-8")
    gold = dataset / "b_ferry.gold.jsonl"
    gold.write_text(gold.read_text(encoding="utf-8") + "\n  \n", encoding="utf-8")
    assert [len(d.gold) for d in load_dataset(dataset)] == [0, 2]


def test_text_is_read_byte_exact(tmp_path: Path) -> None:
    (tmp_path / "crlf.txt").write_bytes(b"Two died.\r\nNone were hurt.")
    (tmp_path / "crlf.meta.json").write_text("{}", encoding="utf-8")
    (tmp_path / "crlf.gold.jsonl").write_text("", encoding="utf-8")
    assert load_dataset(tmp_path)[0].text == "Two died.\r\nNone were hurt."


def _append_line(name: str, line: str) -> Callable[[Path], None]:
    def change(directory: Path) -> None:
        path = directory / name
        path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")

    return change


def _write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def change(directory: Path) -> None:
        path = directory / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return change


def _gold_line(**values: object) -> str:
    record = {"figure": "11", "outcome": "injured", "low": 11, "high": 11}
    record.update(values)
    return json.dumps(record)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            _append_line("b_ferry.gold.jsonl", '{"figure": "3", "outcome": '),
            r"b_ferry\.gold\.jsonl line 3: not valid JSON",
            id="bad-json-line",
        ),
        pytest.param(
            _append_line("b_ferry.gold.jsonl", "[1, 2]"),
            r"b_ferry\.gold\.jsonl line 3: expected a JSON object, got list",
            id="not-an-object",
        ),
        pytest.param(
            _append_line("b_ferry.gold.jsonl", _gold_line(low="11")),
            r"line 3: key 'low' must be an integer",
            id="low-not-int",
        ),
        pytest.param(
            _append_line("b_ferry.gold.jsonl", _gold_line(high=True)),
            r"line 3: key 'high' must be an integer or null",
            id="high-bool",
        ),
        pytest.param(
            _append_line("b_ferry.gold.jsonl", _gold_line(outcome="kiled")),
            r"line 3: key 'outcome' is 'kiled'",
            id="unknown-outcome",
        ),
        pytest.param(
            _append_line("b_ferry.gold.jsonl", _gold_line(figure="twelve")),
            r"line 3: figure 'twelve' does not occur",
            id="figure-not-in-text",
        ),
        pytest.param(
            _append_line("b_ferry.gold.jsonl", _gold_line(source=["port"])),
            r"line 3: key 'source' must be a string or null",
            id="source-not-str",
        ),
        pytest.param(
            _append_line("b_ferry.gold.jsonl", _gold_line(negated="no")),
            r"line 3: key 'negated' must be true or false",
            id="negated-not-bool",
        ),
        pytest.param(
            _append_line("b_ferry.gold.jsonl", _gold_line(individual="yes")),
            r"b_ferry\.gold\.jsonl line 3: key 'individual' must be true or false, got 'yes'",
            id="individual-not-bool",
        ),
        pytest.param(
            _append_line("b_ferry.gold.jsonl", _gold_line(individual=1, low=1, high=1)),
            r"line 3: key 'individual' must be true or false, got 1",
            id="individual-number",
        ),
        pytest.param(
            _append_line("b_ferry.gold.jsonl", _gold_line(individual=True)),
            r"b_ferry\.gold\.jsonl line 3: figure '11' is individual \(one person\) but has low 11 and high 11; "
            r"an individual claim has low = high = 1",
            id="individual-not-one",
        ),
        pytest.param(
            _append_line("b_ferry.gold.jsonl", _gold_line(individual=True, low=1, high=None)),
            r"line 3: figure '11' is individual \(one person\) but has low 1 and high None",
            id="individual-open",
        ),
        pytest.param(
            _write("b_ferry.meta.json", '{"published": "2022-03-04",'),
            r"b_ferry\.meta\.json line 1: not valid JSON",
            id="bad-meta-json",
        ),
        pytest.param(
            _write("b_ferry.meta.json", '{"published": "04/03/2022"}'),
            r"b_ferry\.meta\.json: key 'published' must be YYYY-MM-DD or null",
            id="bad-published",
        ),
        pytest.param(
            _write("b_ferry.txt", b"Three died \xff"),
            r"b_ferry\.txt: not valid UTF-8",
            id="text-not-utf8",
        ),
        pytest.param(
            lambda d: (d / "b_ferry.meta.json").unlink(),
            r"b_ferry\.meta\.json: missing",
            id="missing-meta",
        ),
        pytest.param(
            lambda d: (d / "a_quiet.txt").unlink(),
            r"a_quiet\.txt: missing",
            id="missing-text",
        ),
    ],
)
def test_load_dataset_errors(dataset: Path, change: Callable[[Path], None], message: str) -> None:
    change(dataset)
    with pytest.raises(InputError, match=message):
        load_dataset(dataset)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere: dataset directory not found"):
        load_dataset(tmp_path / "nowhere")


def test_file_instead_of_directory(dataset: Path) -> None:
    with pytest.raises(InputError, match=r"not a directory"):
        load_dataset(dataset / "b_ferry.txt")


@pytest.mark.parametrize("stray", [None, "notes.md"])
def test_directory_without_documents(tmp_path: Path, stray: str | None) -> None:
    if stray:
        (tmp_path / stray).write_text("nothing here", encoding="utf-8")
    with pytest.raises(InputError, match=r"no documents found"):
        load_dataset(tmp_path)


def test_dataset_sha256(dataset: Path) -> None:
    pinned = dataset_sha256(dataset)
    assert len(pinned) == 64 and pinned == dataset_sha256(dataset)
    (dataset / "notes.md").write_text("not part of the data", encoding="utf-8")
    assert dataset_sha256(dataset) == pinned
    _append_line("a_quiet.txt", "Schools stay shut.")(dataset)
    changed = dataset_sha256(dataset)
    assert changed != pinned
    for suffix in (".txt", ".meta.json", ".gold.jsonl"):
        (dataset / f"a_quiet{suffix}").rename(dataset / f"c_quiet{suffix}")
    assert dataset_sha256(dataset) != changed


def test_dataset_sha256_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        dataset_sha256(tmp_path / "nowhere")
