"""Where the gazetteer put a place, shown beside the name as written."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import sign_in

from tollbook.extract.where import gazetteer_entry
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


def _with_namesakes(client: TestClient) -> dict:
    items = client.get("/api/claims", params={"per_page": 100}).json()["items"]
    found = [c for c in items if c["effective"] and c["effective"]["place_alternatives"]]
    assert found, "the fixture has a place with namesakes"
    return found[0]


def test_a_reviewer_picks_another_namesake(client: TestClient) -> None:
    csrf = sign_in(client)
    record = _with_namesakes(client)
    chosen, other = record["effective"]["place_id"], record["effective"]["place_alternatives"][0]
    page = client.get(f"/documents/{record['document_id']}").text
    assert "(as chosen)" in page and f'value="{other}"' in page
    response = client.post(f"/api/claims/{record['row_id']}/review", headers={"X-CSRF-Token": csrf},
                           json={"action": "correct", "values": {"place_id": other}})
    assert response.status_code == 200, response.text
    effective = response.json()["effective"]
    entry = gazetteer_entry(other)
    assert (effective["place_id"], effective["place_name"], effective["country"]) == (
        other, entry["name"], entry["countrycode"])
    assert effective["place"] == record["effective"]["place"]  # the name as written stays
    assert chosen in effective["place_alternatives"]  # the first choice is now a candidate


@pytest.mark.parametrize("place_id", [1, 2**31 - 1])
def test_a_place_id_the_gazetteer_does_not_know_is_refused(client: TestClient, place_id: int) -> None:
    csrf = sign_in(client)
    record = _with_namesakes(client)
    response = client.post(f"/api/claims/{record['row_id']}/review", headers={"X-CSRF-Token": csrf},
                           json={"action": "correct", "values": {"place_id": place_id}})
    assert response.status_code == 400 and "GeoNames id" in response.text


def test_the_correction_form_picks_a_namesake(client: TestClient) -> None:
    csrf = sign_in(client)
    record = _with_namesakes(client)
    other = record["effective"]["place_alternatives"][0]
    response = client.post(f"/claims/{record['row_id']}/review", follow_redirects=False,
                           data={"csrf": csrf, "action": "correct", "place_id": str(other)})
    assert response.status_code == 303, response.text
    row = client.get("/api/claims", params={"per_page": 100}).json()["items"]
    assert next(c for c in row if c["row_id"] == record["row_id"])["effective"]["place_id"] == other


def test_a_namesake_pick_holds_after_the_place_was_corrected_by_name(client: TestClient) -> None:
    csrf = sign_in(client)
    record = _with_namesakes(client)
    headers = {"X-CSRF-Token": csrf}
    url = f"/api/claims/{record['row_id']}/review"
    first = client.post(url, headers=headers, json={"action": "correct", "values": {"place": "Paris"}}).json()
    other = first["effective"]["place_alternatives"][0]  # a namesake of the new name
    second = client.post(url, headers=headers, json={"action": "correct", "values": {"place_id": other}}).json()
    assert (second["effective"]["place"], second["effective"]["place_id"]) == ("Paris", other)
    assert first["effective"]["place_id"] in second["effective"]["place_alternatives"]
    # a new name afterwards is looked up anew, the earlier pick dropped
    third = client.post(url, headers=headers, json={"action": "correct", "values": {"place": "Lahore"}}).json()
    assert third["effective"]["country"] == "PK"
