"""The tollbook command line: output formats, bad inputs in a batch, stdin, demo.

The extractor is still being written, so most tests replace ``tollbook.extract`` with
a stub that returns a fixed claim; the tests check structure, not what is extracted.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tollbook
from tollbook.cli import CLAIM_KEYS, app
from tollbook.ingest import text as ingest_text
from tollbook.model import Claim
from tollbook.settings import settings

GOOD_TEXT = "Officials said 12 people were killed in Velmora on Monday.\n"


def _runner() -> CliRunner:
    try:  # Click < 8.2 mixes stderr into stdout unless told not to
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def _stub_extract(text: str, published: str | None = None) -> list[Claim]:
    """One claim on the first '12' of the text, like the real extractor would give."""
    start = text.find("12")
    if start == -1:
        return []
    return [
        Claim(
            id="c1",
            figure="12",
            start=start,
            end=start + 2,
            low=12,
            high=12,
            qualifier="exact",
            outcome="killed",
            group=None,
            negated=False,
            vague=False,
            source="Officials",
            source_key="officials",
            part_of=None,
            sentence_start=0,
            sentence_end=len(text.rstrip()),
            date=published,
            place="Velmora",
        )
    ]


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tollbook, "extract", _stub_extract)


PERSON_TEXT = "Officials said 12 people were killed in Velmora on Monday. A policeman was shot dead.\n"


def _stub_with_person(text: str, published: str | None = None) -> list[Claim]:
    """The '12' count, plus one individual victim ("A policeman") when the text names one."""
    claims = _stub_extract(text, published)
    at = text.find("A policeman")
    if at >= 0:
        claims.append(dataclasses.replace(claims[0], id="c2", figure="A policeman", start=at, end=at + 11, low=1,
                                          high=1, group="police", source=None, source_key=None,
                                          sentence_start=at, individual=True))
    return claims


@pytest.fixture
def person(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tollbook, "extract", _stub_with_person)
    path = tmp_path / "person.txt"
    path.write_text(PERSON_TEXT, encoding="utf-8")
    return path


def _records(output: str, stdout: str) -> list[dict]:
    """The claims of extract's json, jsonl or csv output as dicts of text or JSON values."""
    if output == "json":
        return json.loads(stdout)
    if output == "jsonl":
        return _jsonl(stdout)
    return list(csv.DictReader(io.StringIO(stdout)))


@pytest.mark.parametrize(("output", "yes", "no"), [("json", True, False), ("jsonl", True, False),
                                                    ("csv", "true", "false")])
def test_individual_in_every_format(person: Path, output: str, yes: object, no: object) -> None:
    result = _runner().invoke(app, ["extract", "--format", output, str(person)])
    assert result.exit_code == 0, result.output
    records = _records(output, result.stdout)
    assert "individual" in CLAIM_KEYS
    assert [(r["figure"], r["individual"]) for r in records] == [("12", no), ("A policeman", yes)]
    assert str(records[1]["low"]) == str(records[1]["high"]) == "1"


def test_table_marks_individual_victims(person: Path) -> None:
    result = _runner().invoke(app, ["extract", str(person)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "individual" in lines[1]
    row = next(line for line in lines if "A policeman" in line)
    count = next(line for line in lines if "│ 12 " in line)
    assert " yes " in row and " yes " not in count


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def _jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


# -- formats -------------------------------------------------------------------------


@pytest.mark.usefixtures("stub")
def test_jsonl(good: Path) -> None:
    result = _runner().invoke(app, ["extract", "--format", "jsonl", "--published", "2024-03-13", str(good)])
    assert result.exit_code == 0, result.output
    records = _jsonl(result.stdout)
    assert len(records) == 1
    assert list(records[0]) == CLAIM_KEYS
    assert records[0]["document"] == str(good)
    assert records[0]["figure"] == "12"
    assert records[0]["date"] == "2024-03-13"  # --published reaches the extractor


@pytest.mark.usefixtures("stub")
def test_json(good: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("12 injured.", encoding="utf-8")
    result = _runner().invoke(app, ["extract", "--format", "json", str(good), str(other)])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    assert [record["document"] for record in records] == [str(good), str(other)]
    assert all(list(record) == CLAIM_KEYS for record in records)


@pytest.mark.usefixtures("stub")
def test_csv(good: Path) -> None:
    result = _runner().invoke(app, ["extract", "--format", "csv", str(good)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == CLAIM_KEYS
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["document"] == str(good)
    assert record["negated"] == "false"
    assert record["group"] == ""  # null is an empty cell


@pytest.mark.usefixtures("stub")
def test_table(good: Path) -> None:
    result = _runner().invoke(app, ["extract", str(good)])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[1]
    for column in ("doc", "figure", "outcome", "group", "low", "high", "qualifier", "source", "part_of"):
        assert column in header
    assert "sentence excerpt" in result.stdout
    assert "Velmora" in result.stdout


def test_table_escapes_markup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Square brackets in a document are text, not Rich markup.
    monkeypatch.setattr(tollbook, "extract", _stub_extract)
    path = tmp_path / "brackets.txt"
    path.write_text("[bold]Officials[/bold] said 12 people were killed [sic].", encoding="utf-8")
    result = _runner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert "[sic]" in result.stdout


@pytest.mark.parametrize("output", ["table", "json", "jsonl", "csv"])
def test_real_extractor_gives_the_right_structure(good: Path, output: str) -> None:
    result = _runner().invoke(app, ["extract", "--format", output, str(good)])
    assert result.exit_code == 0, result.output
    if output == "json":
        assert all(list(record) == CLAIM_KEYS for record in json.loads(result.stdout))
    elif output == "jsonl":
        assert all(list(record) == CLAIM_KEYS for record in _jsonl(result.stdout))
    elif output == "csv":
        assert next(csv.reader(io.StringIO(result.stdout))) == CLAIM_KEYS


# -- bad inputs ----------------------------------------------------------------------


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "missing.txt"


def _binary(tmp_path: Path) -> Path:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    return path


def _latin1(tmp_path: Path) -> Path:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Les 12 morts de Bogot\u00e1.".encode("latin-1"))
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


def _too_large(tmp_path: Path) -> Path:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(50_000_000)  # sparse: takes no disk space
    return path


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "folder"
    path.mkdir()
    return path


BAD_INPUTS = [
    ("missing", _missing, "no such file"),
    ("binary", _binary, "NUL byte"),
    ("not UTF-8", _latin1, "not valid UTF-8 at byte offset"),
    ("empty", _empty, "empty"),
    ("too large", _too_large, "larger than"),
    ("directory", _directory, "is a directory"),
]


@pytest.mark.usefixtures("stub")
@pytest.mark.parametrize(("kind", "make", "words"), BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_bad_file_fails_but_the_good_one_is_processed(tmp_path: Path, good: Path, kind: str, make, words: str) -> None:
    bad = make(tmp_path)
    result = _runner().invoke(app, ["extract", "--format", "jsonl", str(bad), str(good)])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {bad}: ")
    assert words in errors[0]
    assert "Traceback" not in result.output
    assert [record["document"] for record in _jsonl(result.stdout)] == [str(good)]


@pytest.mark.usefixtures("stub")
def test_too_large_follows_the_settings(tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = dataclasses.replace(settings(), max_document_bytes=100)
    monkeypatch.setattr(ingest_text, "settings", lambda: small)
    big = tmp_path / "big.txt"
    big.write_text("12 killed. " * 20, encoding="utf-8")
    result = _runner().invoke(app, ["extract", "--format", "jsonl", str(big), str(good)])
    assert result.exit_code == 1
    assert f"error: {big}: " in result.stderr
    assert len(_jsonl(result.stdout)) == 1


@pytest.mark.usefixtures("stub")
def test_all_bad_files_are_reported(tmp_path: Path) -> None:
    bad = [_missing(tmp_path), _empty(tmp_path), _binary(tmp_path)]
    result = _runner().invoke(app, ["extract", *map(str, bad)])
    assert result.exit_code == 1
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == [str(p) for p in bad]


def test_library_bug_is_one_line_without_debug(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, published: str | None = None) -> list[Claim]:
        raise RuntimeError("boom")

    monkeypatch.setattr(tollbook, "extract", broken)
    result = _runner().invoke(app, ["extract", str(good)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {good}: internal error (RuntimeError: boom)")
    assert "Traceback" not in result.stderr

    result = _runner().invoke(app, ["--debug", "extract", str(good)])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
    assert "RuntimeError: boom" in result.stderr


# -- stdin, options --------------------------------------------------------------------


@pytest.mark.usefixtures("stub")
def test_dash_reads_stdin() -> None:
    result = _runner().invoke(app, ["extract", "--format", "jsonl", "-"], input=GOOD_TEXT)
    assert result.exit_code == 0, result.output
    records = _jsonl(result.stdout)
    assert [record["document"] for record in records] == ["<stdin>"]


def test_empty_stdin() -> None:
    result = _runner().invoke(app, ["extract", "-"], input="")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: <stdin>: empty")


@pytest.mark.parametrize("value", ["13/03/2024", "2024-3-13", "yesterday", "2024-02-30", "20240313"])
def test_bad_published(good: Path, value: str) -> None:
    result = _runner().invoke(app, ["extract", "--published", value, str(good)])
    assert result.exit_code == 2
    assert "--published" in result.output
    assert "YYYY-MM-DD" in result.output or "calendar date" in result.output


def test_bad_format(good: Path) -> None:
    result = _runner().invoke(app, ["extract", "--format", "xml", str(good)])
    assert result.exit_code == 2


def test_no_files() -> None:
    result = _runner().invoke(app, ["extract"])
    assert result.exit_code == 2


# -- other commands --------------------------------------------------------------------


def test_demo(tmp_path: Path) -> None:
    db, report = f"sqlite:///{tmp_path / 'demo.db'}", tmp_path / "demo.html"
    for _ in range(2):  # running it again adds nothing and gives the same events
        result = _runner().invoke(app, ["demo", "--db", db, "--report", str(report)])
        assert result.exit_code == 0, result.output
        for name in ("market_attack", "flood", "arrests"):
            assert f"{name}.txt" in result.stdout
        assert "Korvani" in result.stdout and "events in" in result.stdout
    assert report.read_text(encoding="utf-8").count('class="chart interval') >= 3


def test_version() -> None:
    result = _runner().invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"tollbook {tollbook.__version__}"


def test_evaluate_survives_a_broken_evaluate_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tollbook.evaluate", None)  # import now fails
    result = _runner().invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {tmp_path}: ")
    assert "Traceback" not in result.stderr


def test_evaluate_missing_directory(tmp_path: Path) -> None:
    result = _runner().invoke(app, ["evaluate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2


def test_demo_brings_its_own_older_database_up_to_date(tmp_path: Path, monkeypatch) -> None:
    import sqlalchemy
    from alembic import command

    from tollbook.store.schema import alembic_config

    monkeypatch.chdir(tmp_path)
    engine = sqlalchemy.create_engine("sqlite:///tollbook-demo.db")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
    engine.dispose()
    result = _runner().invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tollbook-demo.html").is_file()


# -- places ------------------------------------------------------------------------------


def test_places_shows_countries_regions_and_towns_with_their_chain() -> None:
    result = _runner().invoke(app, ["places", "Georgia", "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert "country" in result.stdout and "GE" in result.stdout
    assert "US-GA" in result.stdout and "Georgia > United States" in result.stdout
    result = _runner().invoke(app, ["places", "Kenosha"])
    assert "Kenosha > Wisconsin > United States" in result.stdout


def test_places_unknown_name_exits_1() -> None:
    result = _runner().invoke(app, ["places", "Qzxvbnm"])
    assert result.exit_code == 1
    assert "no place called" in result.stdout


def test_extract_exports_the_place_chain(tmp_path: Path) -> None:
    text = tmp_path / "k.txt"
    text.write_text("A gunman killed 2 people in Kenosha on Tuesday, police said.\n", encoding="utf-8")
    result = _runner().invoke(app, ["extract", "--format", "jsonl", "--published", "2024-03-13", str(text)])
    assert result.exit_code == 0, result.output
    record = _jsonl(result.stdout)[0]
    assert (record["country"], record["admin1"]) == ("US", "WI")
    assert record["place_chain"] == "Kenosha > Wisconsin > United States"
    result = _runner().invoke(app, ["extract", "--format", "csv", "--published", "2024-03-13", str(text)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["place_chain"] == "Kenosha > Wisconsin > United States"
