"""Claimant keys within and across documents, and source types."""

from __future__ import annotations

import pytest

from tollbook.reconcile.sources import document_sources, reduced, source_type


@pytest.mark.parametrize(("key", "expected"), [
    ("regional health ministry", "health ministry"),
    ("health ministry officials", "health ministry"),
    ("ministry", "ministry"),
    ("a senior army spokesman", "army"),
    ("officials", "officials"),  # nothing left without the modifier: keep the words
    ("local police", "police"),
])
def test_reduced(key: str, expected: str) -> None:
    assert reduced(key) == expected


@pytest.mark.parametrize(("keys", "expected"), [
    # the issue's example: one source
    (["regional health ministry", "health ministry officials", "ministry"],
     {"regional health ministry": "health ministry", "health ministry officials": "health ministry",
      "ministry": "health ministry"}),
    # "the ministry" with two ministries in the text stays apart: it could be either
    (["health ministry", "defence ministry", "ministry"],
     {"health ministry": "health ministry", "defence ministry": "defence ministry", "ministry": "ministry"}),
    # a different head word never joins
    (["police", "police chief"], {"police": "police", "police chief": "police chief"}),
    (["un", "un office"], {"un": "un", "un office": "un office"}),
])
def test_document_sources(keys: list[str], expected: dict[str, str]) -> None:
    assert document_sources(keys) == expected


@pytest.mark.parametrize(("name", "kind"), [
    ("the regional health ministry", "government"),
    ("hospital officials", "medical"),
    ("local officials", "government"),
    ("the army", "armed"),
    ("the defence ministry", "armed"),
    ("rebel commanders", "armed"),
    ("the UN humanitarian office OCHA", "un_ngo"),
    ("the Red Cross", "un_ngo"),
    ("doctors at the main hospital", "medical"),
    ("state media", "media"),
    ("witnesses", "witness"),
    ("residents of the village", "witness"),
    ("John Smith", "unknown"),
    (None, "unknown"),
])
def test_source_type(name: str | None, kind: str) -> None:
    assert source_type(name) == kind


@pytest.mark.parametrize("keys", [["<>", "ministry"], ["", "health ministry"], ["'", "-"]])
def test_names_without_words_stay_apart(keys: list[str]) -> None:
    mapping = document_sources(keys)
    assert set(mapping) == set(keys)
