"""Where the gazetteer put a place, shown beside the name as written."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tollbook.web.render import resolved_place


@pytest.mark.parametrize(("claim", "shown"), [
    ({"place": "Greece", "place_name": "Greece", "admin1": "NY", "country": "US"},
     "Greece → Greece > New York > United States"),  # the namesake chosen is visible
    ({"place": "Chittagong", "place_name": "Chattogram", "admin1": "84", "country": "BD"},
     "Chittagong → Chattogram > Bangladesh"),
    ({"place": "Velmora", "place_name": None, "admin1": None, "country": None}, "Velmora"),
    ({"place": None}, ""),
])
def test_resolved_place(claim: dict, shown: str) -> None:
    assert resolved_place(claim) == shown


def test_the_claims_list_shows_where_a_place_resolved(client: TestClient) -> None:
    items = client.get("/api/claims", params={"per_page": 100}).json()["items"]
    resolved = [c["effective"] for c in items if c["effective"] and c["effective"]["country"]]
    assert resolved, "the fixture has a place the gazetteer knows"
    page = client.get("/claims", params={"per_page": 100}).text
    for claim in resolved:
        assert resolved_place(claim).replace(">", "&gt;") in page
