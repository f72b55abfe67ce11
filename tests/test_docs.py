"""Every command and option has help text and every command a README entry.

Modelled on sqlite-utils' tests/test_docs.py (see STYLE.md, "Tests are tables").
"""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
import typer.main

from tollbook.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
ROOT_COMMAND = typer.main.get_command(app)
COMMANDS = sorted(getattr(ROOT_COMMAND, "commands", {}).items())


def _commands_section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Commands\s*$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, "README.md has no '## Commands' section"
    return match.group(1)


def _params(command) -> list:
    return [param for param in command.params if not getattr(param, "hidden", False)]


def test_the_app_has_commands() -> None:
    assert {name for name, _ in COMMANDS} >= {"extract", "demo", "evaluate", "version"}


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_has_help(name: str, command) -> None:
    assert (command.help or "").strip(), f"command {name!r} has no help text (add a docstring)"


@pytest.mark.parametrize(
    ("name", "param"),
    [(name, param) for name, command in [("tollbook", ROOT_COMMAND), *COMMANDS] for param in _params(command)],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_option_has_help(name: str, param) -> None:
    assert (getattr(param, "help", None) or "").strip(), (
        f"{name}: parameter {param.name!r} has no help text (pass help=... to typer.Option/Argument)"
    )


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_is_in_readme(name: str, command) -> None:
    headings = re.findall(r"^### `?(?:tollbook )?([\w-]+)`?\s*$", _commands_section(), flags=re.M)
    assert name in headings, f"README.md: add a '### {name}' entry under '## Commands'"


def test_readme_has_no_stale_command() -> None:
    headings = re.findall(r"^### `?(?:tollbook )?([\w-]+)`?\s*$", _commands_section(), flags=re.M)
    stale = set(headings) - {name for name, _ in COMMANDS}
    assert not stale, f"README.md describes commands that do not exist: {sorted(stale)}"


def test_worked_example_is_the_shipped_example() -> None:
    shipped = (resources.files("tollbook") / "examples" / "market_attack.txt").read_text(encoding="utf-8")
    assert f"> {shipped.strip()}" in README.read_text(encoding="utf-8")


EXAMPLES = sorted(
    entry.name.removesuffix(".txt")
    for entry in (resources.files("tollbook") / "examples").iterdir()
    if entry.name.endswith(".txt")
)


def test_three_examples_ship() -> None:
    assert EXAMPLES == ["arrests", "flood", "market_attack"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_metadata(name: str) -> None:
    meta_file = resources.files("tollbook") / "examples" / f"{name}.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    assert isinstance(meta["title"], str) and meta["title"]
    date.fromisoformat(meta["published"])


def test_readme_worked_example_table_is_current() -> None:
    """The claims table in the README is what the extractor gives today."""
    from tollbook import extract

    readme = README.read_text(encoding="utf-8")
    block = readme.split("<!-- worked-example-table -->")[1].split("<!-- /worked-example-table -->")[0]
    rows = [line for line in block.splitlines() if line.startswith("| ") and not line.startswith("| figure")]
    text = (README.parent / "src/tollbook/examples/market_attack.txt").read_text(encoding="utf-8")
    claims = extract(text, "2024-03-13")
    ids = {c.id: c.figure for c in claims}
    expected = [
        f"| {c.figure} | {c.outcome + (' (none)' if c.negated else '')} | {c.group or ''} | {c.low} | "
        f"{'open' if c.high is None else c.high} | {c.qualifier} | {c.source or ''} | {ids.get(c.part_of, '')} |"
        for c in claims
    ]
    assert rows == expected
