"""A new user's afternoon of review (issue 16, items 3, 4 and 8): the correction form's default,
written dates, unknown event ids, bulk accept, progress, the next document, date and place provenance."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import HOSTILE, sign_in


def _document(client: TestClient, q: str) -> dict:
    return client.get("/api/documents", params={"q": q}).json()["items"][0]


def _claims(client: TestClient, document_id: int) -> list[dict]:
    return client.get("/api/claims", params={"document": document_id}).json()["items"]


def _audit_total(client: TestClient) -> int:
    return client.get("/api/audit").json()["total"]


# -- item 3: Enter in the correction form saves the correction ------------------------------------

def test_a_form_post_without_an_action_is_a_correction(client: TestClient) -> None:
    """Enter in a text field submits the form without a button's action: it must correct, not accept."""
    csrf = sign_in(client)
    row = _claims(client, _document(client, "velmora")["id"])[1]["row_id"]
    response = client.post(f"/claims/{row}/review", data={"csrf": csrf, "source": "the mayor"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text[:300]
    assert response.headers["location"].endswith(f"#claim-{row}")
    record = client.get(f"/api/claims/{row}").json()
    assert record["status"] == "corrected" and record["effective"]["source"] == "the mayor"
    audit = client.get("/api/audit").json()["items"]
    assert (audit[0]["action"], audit[0]["user"], audit[0]["after"]["source"]) == ("correct", "ed", "the mayor")


def test_the_correction_form_is_its_own_form(client: TestClient) -> None:
    """The decision buttons and the correction fields are separate forms, so Enter cannot press Accept."""
    sign_in(client)
    page = client.get(f"/documents/{_document(client, 'velmora')['id']}").text
    corrections = re.findall(r'<form[^>]*class="correct"[^>]*>(.*?)</form>', page, re.S)
    assert len(corrections) == 2
    for form in corrections:
        assert 'value="accept"' not in form and 'value="reject"' not in form
        assert '<input type="hidden" name="action" value="correct">' in form


WRITTEN_DATES = [
    # (as typed, as saved)
    ("3 Aug 2019", "2019-08-03"),
    ("August 3, 2019", "2019-08-03"),
    ("3rd August 2019", "2019-08-03"),
    ("Aug 2019", "2019-08"),
    ("2019-08-03", "2019-08-03"),
    ("2019", "2019"),
]


@pytest.mark.parametrize(("typed", "saved"), WRITTEN_DATES)
def test_written_dates_are_saved_as_iso(client: TestClient, typed: str, saved: str) -> None:
    csrf = sign_in(client)
    rows = [c["row_id"] for c in client.get("/api/claims").json()["items"]]
    form = client.post(f"/claims/{rows[0]}/review", data={"csrf": csrf, "action": "correct", "date": typed},
                       follow_redirects=False)
    assert form.status_code == 303, form.text[:300]
    assert client.get(f"/api/claims/{rows[0]}").json()["effective"]["date"] == saved
    api = client.post(f"/api/claims/{rows[1]}/review", headers={"X-CSRF-Token": csrf},
                      json={"action": "correct", "values": {"date": typed}})
    assert api.status_code == 200 and api.json()["effective"]["date"] == saved


@pytest.mark.parametrize("typed", ["03/08/2019", "3.8.19", "Saturday", "31 Feb 2019", "sometime"])
def test_unclear_dates_are_refused_naming_the_format(client: TestClient, typed: str) -> None:
    csrf = sign_in(client)
    row = client.get("/api/claims").json()["items"][0]["row_id"]
    form = client.post(f"/claims/{row}/review", data={"csrf": csrf, "action": "correct", "date": typed})
    assert form.status_code == 400 and "YYYY-MM-DD" in form.text
    api = client.post(f"/api/claims/{row}/review", headers={"X-CSRF-Token": csrf},
                      json={"action": "correct", "values": {"date": typed}})
    assert api.status_code == 422 and "YYYY-MM-DD" in api.text
    assert _audit_total(client) == 0


def test_an_unknown_event_id_is_refused(client: TestClient) -> None:
    csrf = sign_in(client)
    document = _document(client, "velmora")
    row = _claims(client, document["id"])[0]["row_id"]
    form = client.post(f"/claims/{row}/review", data={"csrf": csrf, "action": "correct", "event": "E-typo"})
    assert form.status_code == 400 and "no event E-typo" not in form.text
    assert "E-typo" in form.text and "/events" in form.text
    api = client.post(f"/api/claims/{row}/review", headers={"X-CSRF-Token": csrf},
                      json={"action": "correct", "values": {"event": "E-typo"}})
    assert api.status_code == 400 and "does not exist" in api.json()["detail"]
    added = client.post(f"/documents/{document['id']}/claims",
                        data={"csrf": csrf, "start": "0", "end": "3", "low": "2", "outcome": "killed",
                              "event": "E-typo"})
    assert added.status_code == 400
    assert _audit_total(client) == 0 and client.get(f"/api/claims/{row}").json()["status"] == "unreviewed"
    # an event that exists is taken
    event = client.get("/api/events").json()["items"][0]["id"]
    moved = client.post(f"/api/claims/{row}/review", headers={"X-CSRF-Token": csrf},
                        json={"action": "correct", "values": {"event": event}})
    assert moved.status_code == 200 and moved.json()["event"] == event


# -- item 4: bulk accept, progress, the next document ---------------------------------------------

def test_accept_the_rest_of_a_document(client: TestClient) -> None:
    csrf = sign_in(client)
    document = _document(client, "velmora")
    first, second = (c["row_id"] for c in _claims(client, document["id"]))
    client.post(f"/api/claims/{first}/review", headers={"X-CSRF-Token": csrf}, json={"action": "reject"})
    response = client.post(f"/documents/{document['id']}/accept-rest", data={"csrf": csrf, "note": "all fine"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/documents/{document['id']}"
    statuses = {c["row_id"]: c["status"] for c in _claims(client, document["id"])}
    assert statuses == {first: "rejected", second: "accepted"}  # a decision already made is kept
    audit = client.get("/api/audit").json()["items"]
    assert [(a["action"], a["target"], a["user"]) for a in audit] == [
        ("accept", f"claim {second}", "ed"), ("reject", f"claim {first}", "ed")]
    assert audit[0]["note"] == "all fine"
    # other documents are untouched
    assert all(c["status"] == "unreviewed" for c in _claims(client, _document(client, "dunmore")["id"]))


def test_accept_the_rest_through_the_api(client: TestClient) -> None:
    csrf = sign_in(client)
    document = _document(client, "velmora")
    done = client.post(f"/api/documents/{document['id']}/accept-rest", headers={"X-CSRF-Token": csrf}, json={})
    assert done.status_code == 200 and done.json() == {"document_id": document["id"], "accepted": 2}
    again = client.post(f"/api/documents/{document['id']}/accept-rest", headers={"X-CSRF-Token": csrf}, json={})
    assert again.json()["accepted"] == 0
    assert _audit_total(client) == 2
    assert client.post("/api/documents/999/accept-rest", headers={"X-CSRF-Token": csrf}, json={}).status_code == 404


@pytest.mark.parametrize(("name", "send_csrf", "form_status", "api_status"), [
    (None, False, 303, 401),   # not signed in: the form goes to the login page
    ("vic", True, 403, 403),   # a viewer
    ("ed", False, 403, 403),   # no CSRF token
])
def test_accept_the_rest_needs_an_editor_and_the_csrf_token(client: TestClient, name: str | None, send_csrf: bool,
                                                            form_status: int, api_status: int) -> None:
    csrf = sign_in(client, name) if name else ""
    token = csrf if send_csrf else ""
    document = _document(client, "velmora")
    form = client.post(f"/documents/{document['id']}/accept-rest", data={"csrf": token}, follow_redirects=False)
    api = client.post(f"/api/documents/{document['id']}/accept-rest", headers={"X-CSRF-Token": token}, json={})
    assert (form.status_code, api.status_code) == (form_status, api_status)
    assert _audit_total(client) == 0


def test_progress_on_the_document_page_and_the_list(client: TestClient) -> None:
    csrf = sign_in(client)
    velmora = _document(client, "velmora")
    page = client.get(f"/documents/{velmora['id']}").text
    assert "0 of 2 reviewed" in page
    first = _claims(client, velmora["id"])[0]["row_id"]
    client.post(f"/api/claims/{first}/review", headers={"X-CSRF-Token": csrf}, json={"action": "accept"})
    assert "1 of 2 reviewed" in client.get(f"/documents/{velmora['id']}").text
    listing = client.get("/documents").text
    assert "1 of 5 claims reviewed" in listing  # overall
    assert re.search(r'<td class="progress">\s*1 of 2\s*</td>', listing)
    items = {d["id"]: d for d in client.get("/api/documents").json()["items"]}
    assert (items[velmora["id"]]["reviewed"], items[velmora["id"]]["claims"]) == (1, 2)


def test_still_to_review_filter(client: TestClient) -> None:
    csrf = sign_in(client)
    dunmore = _document(client, "dunmore")
    client.post(f"/api/documents/{dunmore['id']}/accept-rest", headers={"X-CSRF-Token": csrf}, json={})
    todo = client.get("/documents", params={"todo": "1"}).text
    assert "Floods in Dunmore" not in todo and "Shelling hits Velmora market" in todo
    assert "Floods in Dunmore" in client.get("/documents").text
    api = client.get("/api/documents", params={"todo": "true"}).json()
    assert api["total"] == 3 and dunmore["id"] not in [d["id"] for d in api["items"]]


def test_next_unreviewed_document(client: TestClient) -> None:
    csrf = sign_in(client)
    ids = sorted(d["id"] for d in client.get("/api/documents").json()["items"])
    client.post(f"/api/documents/{ids[1]}/accept-rest", headers={"X-CSRF-Token": csrf}, json={})
    steps = [(None, ids[0]), (ids[0], ids[2]), (ids[2], ids[3]), (ids[3], ids[0])]  # skips the done one, wraps
    for after, expected in steps:
        params = {"after": after} if after else {}
        response = client.get("/next-unreviewed", params=params, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == f"/documents/{expected}", after
    for document_id in (ids[0], ids[2], ids[3]):
        client.post(f"/api/documents/{document_id}/accept-rest", headers={"X-CSRF-Token": csrf}, json={})
    done = client.get("/next-unreviewed", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/documents?todo=1"
    assert "Next unreviewed document" in client.get(f"/documents/{ids[0]}").text


# -- item 8: the words behind dates and places ---------------------------------------------------

def test_date_and_place_words_are_highlighted(client: TestClient) -> None:
    page = client.get(f"/documents/{_document(client, 'velmora')['id']}").text
    assert re.search(r'<span class="when"[^>]*>Monday</span>', page)
    assert re.search(r'<span class="where"[^>]*>Velmora</span>', page)
    hostile = client.get(f"/documents/{_document(client, 'Attack')['id']}").text
    assert re.search(r'<span class="when"[^>]*>Saturday</span>', hostile)
    assert HOSTILE not in hostile and "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile


def test_the_extractors_date_and_place_are_shown_beside_a_correction(client: TestClient) -> None:
    csrf = sign_in(client)
    document = _document(client, "velmora")
    row = _claims(client, document["id"])[0]["row_id"]
    client.post(f"/api/claims/{row}/review", headers={"X-CSRF-Token": csrf},
                json={"action": "correct", "values": {"date": "2024-05-05", "place": "Velmora <old town>"}})
    page = client.get(f"/documents/{document['id']}").text
    card = page[page.index(f'id="claim-{row}"'):]
    card = card[:card.index("</section>")]
    assert "extracted: 2024-05-06 from 'Monday'" in card
    assert "extracted: Velmora" in card
    assert "Velmora &lt;old town&gt;" in card and "<old town>" not in card


@pytest.mark.parametrize(("date", "saved"), [("6 May 2024", "2024-05-06"), ("2024-05", "2024-05")])
def test_a_new_claim_takes_a_date_and_a_place(client: TestClient, date: str, saved: str) -> None:
    csrf = sign_in(client)
    document = _document(client, "dunmore")
    page = client.get(f"/documents/{document['id']}").text
    add_form = page[page.index('id="add-form"'):]
    add_form = add_form[:add_form.index("</form>")]
    assert 'name="date"' in add_form and 'name="place"' in add_form
    response = client.post(f"/documents/{document['id']}/claims",
                           data={"csrf": csrf, "start": "0", "end": "6", "low": "3", "outcome": "missing",
                                 "date": date, "place": "Dunmore <east>"}, follow_redirects=False)
    assert response.status_code == 303, response.text[:300]
    added = [c for c in _claims(client, document["id"]) if c["status"] == "added"][0]
    assert (added["effective"]["date"], added["effective"]["place"]) == (saved, "Dunmore <east>")
    refused = client.post(f"/documents/{document['id']}/claims",
                          data={"csrf": csrf, "start": "0", "end": "6", "low": "3", "outcome": "missing",
                                "date": "yesterday-ish"})
    assert refused.status_code == 400 and "YYYY-MM-DD" in refused.text
