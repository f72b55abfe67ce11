"""Overriding an event's best figure, kind or source type in the browser and the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import HOSTILE, sign_in


def _event(client: TestClient, place: str = "Dunmore") -> dict:
    return next(e for e in client.get("/api/events").json()["items"] if e["place"] == place)


def test_an_editor_overrides_through_the_api_and_the_page_shows_it(client: TestClient) -> None:
    csrf = sign_in(client)
    event = _event(client)
    killed = next(r for r in event["ranges"] if r["outcome"] == "killed" and r["group"] is None)
    response = client.post(f"/api/events/{event['id']}/override", headers={"X-CSRF-Token": csrf},
                           json={"best_figure": killed["high"], "kind": "accident", "note": HOSTILE})
    assert response.status_code == 200, response.text
    changed = client.get(f"/api/events/{event['id']}").json()
    assert next(r for r in changed["ranges"] if r["outcome"] == "killed" and r["group"] is None)["best"] == killed["high"]
    assert changed["kind"] == "accident" and [o["field"] for o in changed["overrides"]] == ["best", "kind"]
    page = client.get(f"/events/{event['id']}").text
    assert "A reviewer&#39;s judgement" in page or "A reviewer's judgement" in page
    assert "<script>alert(1)</script>" not in page  # the note is escaped
    audit = client.get("/api/audit").json()["items"]
    assert {a["action"] for a in audit} >= {"override best", "override kind"} and {a["user"] for a in audit} == {"ed"}


def test_the_page_form_overrides_a_source_type(client: TestClient) -> None:
    csrf = sign_in(client)
    event = _event(client, "Velmora")
    key = next(s["key"] for r in event["ranges"] for s in r["sources"] if "army" in s["key"])
    response = client.post(f"/events/{event['id']}/override", follow_redirects=False,
                           data={"csrf": csrf, "source": key, "source_type": "witness", "note": "not official"})
    assert response.status_code == 303 and response.headers["location"].endswith("#overrides")
    changed = client.get(f"/api/events/{event['id']}").json()
    assert {s["type"] for r in changed["ranges"] for s in r["sources"] if s["key"] == key} == {"witness"}


@pytest.mark.parametrize(("who", "body", "status"), [
    (None, {"kind": "accident"}, 401),
    ("vic", {"kind": "accident"}, 403),  # a viewer may not
    ("ed", {"kind": "picnic"}, 400),
    ("ed", {"best_figure": 100000}, 400),  # outside the range: no source gives it
    ("ed", {"source_type": "media"}, 400),  # no source named
    ("ed", {}, 400),
    ("ed", {"kind": "k" * 500}, 422),
])
def test_overrides_that_cannot_be_made_write_nothing(client: TestClient, who: str | None, body: dict,
                                                     status: int) -> None:
    headers = {"X-CSRF-Token": sign_in(client, who)} if who else {}
    event = _event(client)
    response = client.post(f"/api/events/{event['id']}/override", headers=headers, json=body)
    assert response.status_code == status, response.text
    assert client.get(f"/api/events/{event['id']}").json().get("overrides", []) == []


def test_an_override_without_the_csrf_token_is_refused(client: TestClient) -> None:
    sign_in(client)
    event = _event(client)
    assert client.post(f"/api/events/{event['id']}/override", json={"kind": "accident"}).status_code == 403
