"""Claimant keys within and across documents, and source types."""

from __future__ import annotations

import pytest

from tollbook.reconcile.sources import (
    document_sources,
    event_sources,
    generic_media,
    reduced,
    source_core,
    source_type,
)


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


# -- one organisation across the reports of an event -------------------------------------

@pytest.mark.parametrize(("key", "written", "core"), [
    ("tana spokesman idris bello", "TANA spokesman Idris Bello", "tana"),  # the body, not its spokesman
    ("disaster agency idris bello", "disaster agency Idris Bello", "disaster agency"),
    ("kenyan red cross", "Kenyan Red Cross", "kenya red cross"),  # a demonym is its country
    ("red cross's", "Red Cross's", "red cross"),
    ("health ministry", None, "health ministry"),
])
def test_source_core(key: str, written: str | None, core: str) -> None:
    assert source_core(key, written) == core


def test_one_agency_under_its_name_acronym_short_name_and_spokesman() -> None:
    names = {"tana spokesman idris bello": "TANA spokesman Idris Bello",
             "national disaster agency": "the national disaster agency",
             "national disaster mitigation agency": "National Disaster Mitigation Agency (TANA)",
             "disaster agency": "the disaster agency", "governor": "the governor"}
    keys = event_sources(names, {"TANA": "national disaster mitigation agency"})
    assert len({keys[k] for k in names if k != "governor"}) == 1 and keys["governor"] == "governor"


def test_a_short_name_between_two_wider_ones_stays_apart() -> None:
    keys = event_sources({"agency": "the agency", "news agency": "the news agency",
                          "disaster agency": "the disaster agency"}, {})
    assert keys["agency"] == "agency"


_KILLED_210 = {("killed", None, 210, 210)}


@pytest.mark.parametrize(("stated", "expected"), [
    # the headline's "local media" states what the body's one news agency states
    ({"local media": _KILLED_210, "meridia news agency": _KILLED_210 | {("injured", None, 40, 40)}},
     {"local media": "meridia news agency"}),
    # a figure the outlet does not state: another voice, kept apart
    ({"local media": {("killed", None, 260, 260)}, "meridia news agency": _KILLED_210}, {}),
    # two outlets state it: which one is meant is unknown
    ({"media reports": _KILLED_210, "meridia news agency": _KILLED_210, "the courier newspaper": _KILLED_210}, {}),
    # a named source that is not an outlet is never the media
    ({"local media": _KILLED_210, "health ministry": _KILLED_210}, {}),
    ({"meridia news agency": _KILLED_210}, {}),
])
def test_generic_media_is_the_one_outlet_stating_its_figures(stated: dict, expected: dict) -> None:
    assert generic_media(stated) == expected
