"""Limits from settings: a document over its extraction time budget is a failed record, the run goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tollbook.cli import app
from tollbook.errors import LexiconError
from tollbook.settings import settings
from tollbook.store import Corpus


@pytest.fixture
def budget_of_one_second(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TOLLBOOK_MAX_SECONDS_PER_DOCUMENT", "1")
    settings.cache_clear()
    yield
    monkeypatch.delenv("TOLLBOOK_MAX_SECONDS_PER_DOCUMENT")
    settings.cache_clear()


def test_a_document_over_its_time_budget_fails_alone(db_url: str, tmp_path: Path, budget_of_one_second) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Floods killed 7 people in Dunmore on Tuesday, officials said.", encoding="utf-8")
    # one paragraph of 12,000 claims: several seconds of work, over a budget of one second
    (folder / "b.txt").write_text(" ".join(f"In Velmora, {i % 90 + 2} people were killed, police said."
                                           for i in range(12_000)), encoding="utf-8")
    (folder / "c.txt").write_text("Shelling killed 12 people in Velmora on Monday, the army said.", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db_url])
    assert result.exit_code == 1, result.output
    with Corpus(db_url) as corpus:
        assert corpus.count_documents() == 2
        (error,) = corpus.errors()
        assert error["file"].endswith("b.txt")
        assert "extraction stopped after 1 s" in error["message"]


@pytest.mark.parametrize("value", ["0", "-5", "ten", "1.5"])
def test_a_limit_set_from_the_environment_must_be_a_positive_integer(monkeypatch: pytest.MonkeyPatch,
                                                                      value: str) -> None:
    monkeypatch.setenv("TOLLBOOK_MAX_SECONDS_PER_DOCUMENT", value)
    settings.cache_clear()
    try:
        with pytest.raises(LexiconError, match="TOLLBOOK_MAX_SECONDS_PER_DOCUMENT: must be a positive integer"):
            settings()
    finally:
        monkeypatch.delenv("TOLLBOOK_MAX_SECONDS_PER_DOCUMENT")
        settings.cache_clear()
