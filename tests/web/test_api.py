"""The JSON API and the form posts: every action and every permission (FastAPI's TestClient)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import PASSWORD, sign_in

from tollbook.model import Claim
from tollbook.web import create_app


def _first_claim(client: TestClient, **filters) -> dict:
    return client.get("/api/claims", params=filters).json()["items"][0]


def test_reading_needs_no_account_unless_private(client: TestClient, web_db: str) -> None:
    assert client.get("/api/documents").json()["total"] == 4
    assert client.get("/documents").status_code == 200
    with TestClient(create_app(web_db, private=True)) as private:
        assert private.get("/api/documents").status_code == 401
        page = private.get("/documents", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")
        sign_in(private, "vic")
        assert private.get("/api/documents").status_code == 200


def test_document_and_claims(client: TestClient) -> None:
    listing = client.get("/api/documents", params={"q": "velmora"}).json()
    assert listing["total"] == 1
    document = client.get(f"/api/documents/{listing['items'][0]['id']}").json()
    figures = [c["original"]["figure"] for c in document["claims"]]
    assert figures == ["41", "12"] and all(c["status"] == "unreviewed" for c in document["claims"])
    assert client.get("/api/documents/999").status_code == 404
    assert client.get("/api/claims", params={"outcome": "injured"}).json()["total"] == 1


@pytest.mark.parametrize(("name", "status"), [(None, 401), ("vic", 403), ("ed", 200), ("admin", 200)])
def test_who_may_review(client: TestClient, name: str | None, status: int) -> None:
    csrf = sign_in(client, name) if name else "x"
    claim = _first_claim(client)
    response = client.post(f"/api/claims/{claim['row_id']}/review", json={"action": "accept"},
                           headers={"X-CSRF-Token": csrf})
    assert response.status_code == status, response.text


def test_a_change_without_the_csrf_token_is_refused(client: TestClient) -> None:
    sign_in(client)
    claim = _first_claim(client)
    for headers in ({}, {"X-CSRF-Token": "forged"}):
        response = client.post(f"/api/claims/{claim['row_id']}/review", json={"action": "accept"}, headers=headers)
        assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    # the HTML form post too
    response = client.post(f"/claims/{claim['row_id']}/review", data={"action": "accept"})
    assert response.status_code == 403


def test_correct_reject_reset_and_the_audit_trail(client: TestClient) -> None:
    csrf = sign_in(client)
    headers = {"X-CSRF-Token": csrf}
    claim = _first_claim(client, outcome="injured")
    row = claim["row_id"]
    corrected = client.post(f"/api/claims/{row}/review", headers=headers, json={
        "action": "correct", "values": {"low": 14, "high": 14, "group": "civilians"}, "note": "second source"}).json()
    assert corrected["status"] == "corrected" and corrected["effective"]["low"] == 14
    assert corrected["original"]["low"] == 12  # the extractor's value is kept
    audit = client.get("/api/audit", params={"target": f"claim {row}"}).json()["items"]
    assert audit[0]["user"] == "ed" and audit[0]["action"] == "correct" and audit[0]["note"] == "second source"
    assert (audit[0]["before"]["low"], audit[0]["after"]["low"]) == (12, 14)
    rejected = client.post(f"/api/claims/{row}/review", headers=headers, json={"action": "reject"}).json()
    assert rejected["status"] == "rejected" and rejected["effective"] is None
    reset = client.post(f"/api/claims/{row}/review", headers=headers, json={"action": "reset"}).json()
    assert reset["status"] == "unreviewed" and reset["effective"]["low"] == 12
    assert client.get("/api/audit").json()["total"] == 3


@pytest.mark.parametrize("values", [{"low": 10, "high": 5}, {"outcome": "vanished"}, {"qualifier": "roughly"}])
def test_bad_corrections_are_refused(client: TestClient, values: dict) -> None:
    csrf = sign_in(client)
    row = _first_claim(client)["row_id"]
    response = client.post(f"/api/claims/{row}/review", headers={"X-CSRF-Token": csrf},
                           json={"action": "correct", "values": values})
    assert response.status_code in (400, 422), response.text
    assert client.get("/api/audit").json()["total"] == 0


def test_reviewed_values_feed_the_events(client: TestClient) -> None:
    csrf = sign_in(client)
    headers = {"X-CSRF-Token": csrf}
    event = next(e for e in client.get("/api/events").json()["items"] if e["place"] == "Velmora")
    children = next(r for r in event["ranges"] if r["group"] == "children")
    assert (children["low"], children["high"]) == (29, 41)
    army = _first_claim(client, source="army")
    client.post(f"/api/claims/{army['row_id']}/review", headers=headers,
                json={"action": "correct", "values": {"low": 35, "high": 35}})
    event = client.get(f"/api/events/{event['id']}").json()
    children = next(r for r in event["ranges"] if r["group"] == "children")
    assert (children["low"], children["high"], children["reviewed"]) == (35, 41, True)


def test_add_a_missed_claim(client: TestClient) -> None:
    csrf = sign_in(client)
    documents = client.get("/api/documents", params={"q": "dunmore"}).json()["items"]
    doc = client.get(f"/api/documents/{documents[0]['id']}").json()
    start = doc["text"].index("Floods")
    response = client.post(f"/api/documents/{doc['id']}/claims", headers={"X-CSRF-Token": csrf}, json={
        "start": start, "end": start + 6, "low": 3, "outcome": "missing", "note": "the text implies it"})
    assert response.status_code == 200, response.text
    added = response.json()
    assert added["status"] == "added" and added["original"]["figure"] == "Floods"
    assert client.post(f"/api/documents/{doc['id']}/claims", headers={"X-CSRF-Token": csrf},
                       json={"start": 5, "end": 99999, "low": 1, "outcome": "killed"}).status_code == 400


def test_merge_and_split_events(client: TestClient) -> None:
    csrf = sign_in(client)
    headers = {"X-CSRF-Token": csrf}
    events = client.get("/api/events").json()["items"]
    assert len(events) == 3
    ids = [e["id"] for e in events if e["place"] in ("Dunmore", "Orlen")]
    merged = client.post("/api/events/merge", headers=headers, json={"events": ids, "note": "one storm"}).json()
    assert client.get("/api/events").json()["total"] == 2
    event = client.get(f"/api/events/{merged['event']}").json()
    split = client.post(f"/api/events/{event['id']}/split", headers=headers,
                        json={"documents": [event["documents"][-1]]})
    assert split.status_code == 200 and client.get("/api/events").json()["total"] == 3
    actions = [a["action"] for a in client.get("/api/audit").json()["items"]]
    assert actions == ["split", "merge"]
    assert client.post("/api/events/merge", headers=headers, json={"events": ["Enope", ids[0]]}).status_code == 404


def test_viewer_sees_no_forms(client: TestClient) -> None:
    sign_in(client, "vic")
    document = client.get("/api/documents").json()["items"][0]
    page = client.get(f"/documents/{document['id']}").text
    assert "/review" not in page and "add-form" not in page


def test_login_form_and_logout(client: TestClient) -> None:
    form = client.get("/login")
    csrf = form.cookies.get("tollbook_login_csrf") or client.cookies.get("tollbook_login_csrf")
    response = client.post("/login", data={"name": "ed", "password": PASSWORD, "csrf": csrf,
                                           "next": "https://evil.example/"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/documents"  # no open redirect
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    me = client.get("/api/me").json()
    assert me["name"] == "ed"
    assert client.post("/logout", data={"csrf": me["csrf"]}, follow_redirects=False).status_code == 303
    assert client.get("/api/me").json() is None
    assert client.post("/login", data={"name": "ed", "password": PASSWORD, "csrf": "forged"}).status_code == 403


def test_repeated_failed_logins_are_slowed_down(client: TestClient) -> None:
    for _ in range(5):
        assert client.post("/api/login", json={"name": "ed", "password": "wrong guess"}).status_code == 401
    response = client.post("/api/login", json={"name": "ed", "password": PASSWORD})
    assert response.status_code == 429 and int(response.headers["retry-after"]) >= 1


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/documents").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"


def test_hostile_document_text_is_escaped(client: TestClient) -> None:
    document = client.get("/api/documents", params={"q": "attack"}).json()["items"][0]
    page = client.get(f"/documents/{document['id']}").text
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    for path in ("/documents", "/claims", "/events"):
        assert "<script>alert(1)" not in client.get(path).text


def test_openapi_schema_lists_the_api(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/claims/{row_id}/review", "/api/events/merge", "/api/documents/{document_id}/claims",
                 "/api/audit", "/api/login"):
        assert path in paths


def test_large_corpora_rebuild_events_in_the_background(client: TestClient, monkeypatch) -> None:
    import time

    from tollbook.web import app as app_module

    monkeypatch.setattr(app_module, "SYNC_REBUILD_CLAIMS", 0)
    csrf = sign_in(client)
    row = _first_claim(client)["row_id"]
    client.post(f"/api/claims/{row}/review", headers={"X-CSRF-Token": csrf}, json={"action": "reject"})
    page = client.get("/events").text
    assert "being rebuilt" in page  # the last build is shown at once, with a notice
    deadline = time.monotonic() + 30
    while "being rebuilt" in client.get("/events").text:
        assert time.monotonic() < deadline
        time.sleep(0.1)


# -- individual victims and the outcome 'casualties' ---------------------------------------------

INDIVIDUAL_CORRECTIONS = [
    # (values, status code, effective (individual, low, high) or words of the error)
    ({"individual": True}, 200, (True, 1, 1)),
    ({"individual": True, "outcome": "killed"}, 200, (True, 1, 1)),
    ({"individual": False}, 200, (False, 12, 12)),
    ({"outcome": "casualties"}, 200, (False, 12, 12)),
    ({"individual": True, "low": 3, "high": 3}, 400, "an individual claim is one person"),
    ({"individual": True, "high_open": True}, 400, "low and high must be 1 (got 1 and open)"),
    ({"individual": "maybe"}, 422, "individual"),
    ({"outcome": "dead"}, 422, "outcome"),
]


@pytest.mark.parametrize(("values", "status", "expected"), INDIVIDUAL_CORRECTIONS)
def test_correct_individual_through_the_api(client: TestClient, values: dict, status: int,
                                            expected: tuple | str) -> None:
    csrf = sign_in(client)
    row = _first_claim(client, outcome="injured")["row_id"]
    response = client.post(f"/api/claims/{row}/review", headers={"X-CSRF-Token": csrf},
                           json={"action": "correct", "values": values})
    assert response.status_code == status, response.text
    audit = client.get("/api/audit", params={"target": f"claim {row}"}).json()["items"]
    if status != 200:
        assert expected in response.text and audit == []
        return
    record = response.json()
    effective = record["effective"]
    assert (effective["individual"], effective["low"], effective["high"]) == expected
    assert record["original"]["individual"] is False  # the extractor's values are kept
    assert (audit[0]["before"]["individual"], audit[0]["after"]["individual"]) == (False, expected[0])
    assert client.get(f"/api/claims/{row}").json()["effective"] == effective


def test_toggle_individual_with_the_form_post(client: TestClient) -> None:
    csrf = sign_in(client)
    row = _first_claim(client, outcome="injured")["row_id"]
    for value, expected in (("true", True), ("false", False)):
        response = client.post(f"/claims/{row}/review", data={"csrf": csrf, "action": "correct", "individual": value},
                               follow_redirects=False)
        assert response.status_code == 303, response.text
        assert client.get(f"/api/claims/{row}").json()["effective"]["individual"] is expected
    assert [a["after"]["individual"] for a in client.get("/api/audit").json()["items"]] == [False, True]
    response = client.post(f"/claims/{row}/review", data={"action": "correct", "individual": "true"})
    assert response.status_code == 403  # no CSRF token, no change
    assert client.get(f"/api/claims/{row}").json()["effective"]["individual"] is False


def test_an_added_individual_claim_is_listed_and_marked(client: TestClient) -> None:
    csrf = sign_in(client)
    doc = client.get("/api/documents", params={"q": "dunmore"}).json()["items"][0]
    text = client.get(f"/api/documents/{doc['id']}").json()["text"]
    start = text.index("officials")
    added = client.post(f"/api/documents/{doc['id']}/claims", headers={"X-CSRF-Token": csrf}, json={
        "start": start, "end": start + 9, "outcome": "killed", "low": 1, "individual": True}).json()
    assert (added["original"]["individual"], added["original"]["low"], added["original"]["high"]) == (True, 1, 1)
    listed = client.get("/api/claims", params={"individual": True}).json()
    assert [c["row_id"] for c in listed["items"]] == [added["row_id"]]
    counts = client.get("/api/claims", params={"individual": False}).json()
    assert counts["total"] == client.get("/api/claims").json()["total"] - 1
    page = client.get("/claims", params={"kind": "individual"}).text
    assert page.count('class="badge individual"') == 1 and "officials" in page
    assert 'class="badge individual"' not in client.get("/claims", params={"kind": "count"}).text
    document = client.get(f"/documents/{doc['id']}").text
    assert "individual victim (one person)" in document and "fig outcome-killed status-added individual" in document


def test_openapi_claim_schema_has_individual_and_casualties(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    claim = components["ClaimFields"]["properties"]
    assert claim["individual"]["type"] == "boolean" and "low = high = 1" in claim["individual"]["description"]
    assert "casualties" in claim["outcome"]["enum"]
    assert set(claim) == {"document_id", *Claim.__dataclass_fields__}  # every field of the model's Claim
    values = components["Values"]["properties"]
    assert "individual" in values
    assert "casualties" in str(values["outcome"])
    parameters = {p["name"] for p in schema["paths"]["/api/claims"]["get"]["parameters"]}
    assert "individual" in parameters
