"""Issue 16, items 5 and 7: filtered, sorted lists with CSV downloads; merges previewed, undone and followed.

Over the web fixture corpus (conftest.py): Velmora (two reports, 41 and 29 children killed, 12
women injured; one conflict), Dunmore (7 killed, US) and Orlen (5 killed, the hostile article).
"""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import HOSTILE, sign_in

from tollbook.store import Corpus

# -- 5. claims: the terminal's filters, sorting, a title column, CSV --------------------------

CLAIM_FILTERS = [
    # (query, the lows of the matching claims in list order)
    ({}, [41, 12, 29, 7, 5]),
    ({"outcome": "injured"}, [12]),
    ({"place": "velmora"}, [41, 12, 29]),
    ({"group": "children"}, [41, 29]),
    ({"from": "2024-05-07"}, [7, 5]),
    ({"to": "2024-05-06"}, [41, 12, 29]),
    ({"from": "2024-05", "to": "2024-05"}, [41, 12, 29, 7]),
    ({"text": "floods"}, [7]),
    ({"source": "army"}, [29]),
    ({"document": 2}, [29]),
    ({"status": "unreviewed", "group": "women"}, [12]),
    ({"place": "velmora", "outcome": "killed", "group": "children", "to": "2024-05"}, [41, 29]),
]


@pytest.mark.parametrize(("query", "lows"), CLAIM_FILTERS)
def test_claim_filters(client: TestClient, query: dict, lows: list[int]) -> None:
    found = client.get("/api/claims", params=query).json()
    assert [c["original"]["low"] for c in found["items"]] == lows and found["total"] == len(lows)
    page = client.get("/claims", params=query)
    assert page.status_code == 200 and f"<small>{len(lows)}</small>" in page.text


CLAIM_SORTS = [
    # (sort, dir, lows): ties keep the list's order (document, then position) in both directions
    ("low", "asc", [5, 7, 12, 29, 41]),
    ("low", "desc", [41, 29, 12, 7, 5]),
    ("title", "asc", [29, 5, 7, 41, 12]),
    ("title", "desc", [41, 12, 7, 5, 29]),
    ("date", "desc", [5, 7, 41, 12, 29]),
    ("outcome", "asc", [12, 41, 29, 7, 5]),
    ("document", "desc", [5, 7, 29, 41, 12]),
]


@pytest.mark.parametrize(("sort", "direction", "lows"), CLAIM_SORTS)
def test_claims_sort_stably_and_across_pages(client: TestClient, sort: str, direction: str, lows: list[int]) -> None:
    query = {"sort": sort, "dir": direction}
    assert [c["original"]["low"] for c in client.get("/api/claims", params=query).json()["items"]] == lows
    paged = [client.get("/api/claims", params={**query, "page": n, "per_page": 2}).json()["items"] for n in (1, 2, 3)]
    assert [c["original"]["low"] for items in paged for c in items] == lows
    page = client.get("/claims", params={**query, "per_page": 2})
    assert f"sort={sort}" in page.text.split('rel="next"')[0].rsplit("href=", 1)[1]  # the pager keeps the sort


@pytest.mark.parametrize("query", [{"sort": "password_hash"}, {"sort": "low; drop table claims"}, {"dir": "sideways"},
                                   {"from": "yesterday"}, {"outcome": "bored"}])
def test_claim_list_refuses_unknown_sorts_and_values(client: TestClient, query: dict) -> None:
    assert client.get("/api/claims", params=query).status_code == 422
    page = client.get("/claims", params=query)
    assert page.status_code == 400 and "drop table" not in page.text


def test_claims_page_shows_the_document_title_escaped(client: TestClient) -> None:
    page = client.get("/claims").text
    assert "title</a></th>" in page
    assert "Army disputes the toll" in page and HOSTILE not in page and "Attack &lt;script&gt;" in page
    assert client.get("/api/claims", params={"document": 2}).json()["items"][0]["title"] == "Army disputes the toll"


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_claims_csv_is_the_whole_filtered_view_and_guarded(client: TestClient) -> None:
    csrf = sign_in(client)
    row = client.get("/api/claims", params={"source": "army"}).json()["items"][0]["row_id"]
    client.post(f"/api/claims/{row}/review", headers={"X-CSRF-Token": csrf},
                json={"action": "correct", "values": {"source": "=HYPERLINK(\"http://evil\")"}})
    response = client.get("/claims.csv", params={"outcome": "killed", "sort": "low", "dir": "desc", "per_page": 1,
                                                 "page": 2})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _csv(response.text)
    assert [int(r["low"]) for r in rows] == [41, 29, 7, 5]  # every matching row, not the page
    assert rows[1]["source"].startswith("'=HYPERLINK") and rows[1]["title"] == "Army disputes the toll"
    assert rows[3]["title"] == f"Attack {HOSTILE}"


# -- 5. events: filters, sorting by killed and conflicts, CSV ---------------------------------

EVENT_FILTERS = [
    # (query, places in list order)
    ({}, ["Velmora", "Dunmore", "Orlen"]),
    ({"q": "orlen"}, ["Orlen"]),
    ({"country": "us"}, ["Dunmore"]),
    ({"kind": "violence"}, ["Velmora", "Orlen"]),
    ({"conflicts": "yes"}, ["Velmora"]),
    ({"conflicts": "no"}, ["Dunmore", "Orlen"]),
    ({"from": "2024-05-07"}, ["Dunmore", "Orlen"]),
    ({"to": "2024-05"}, ["Velmora", "Dunmore"]),
    ({"from": "2024-06", "to": "2024-06-30"}, ["Orlen"]),
    ({"sort": "killed", "dir": "desc"}, ["Velmora", "Dunmore", "Orlen"]),
    ({"sort": "killed", "dir": "asc"}, ["Orlen", "Dunmore", "Velmora"]),
    ({"sort": "conflicts", "dir": "desc"}, ["Velmora", "Dunmore", "Orlen"]),
    ({"sort": "conflicts", "dir": "asc"}, ["Dunmore", "Orlen", "Velmora"]),
    ({"sort": "date", "dir": "desc"}, ["Orlen", "Dunmore", "Velmora"]),
    ({"sort": "killed", "dir": "desc", "kind": "violence"}, ["Velmora", "Orlen"]),
]


@pytest.mark.parametrize(("query", "places"), EVENT_FILTERS)
def test_event_filters_and_sorts(client: TestClient, query: dict, places: list[str]) -> None:
    found = client.get("/api/events", params=query).json()
    assert [e["place"] for e in found["items"]] == places and found["total"] == len(places)
    paged = [client.get("/api/events", params={**query, "page": n, "per_page": 1}).json()["items"] for n in (1, 2, 3)]
    assert [e["place"] for items in paged for e in items] == places
    page = client.get("/events", params=query)
    assert page.status_code == 200 and f"<small>{len(places)}</small>" in page.text


@pytest.mark.parametrize("query", [{"sort": "data"}, {"conflicts": "maybe"}, {"to": "2024-13"}, {"dir": "up"}])
def test_event_list_refuses_unknown_values(client: TestClient, query: dict) -> None:
    assert client.get("/api/events", params=query).status_code == 422
    assert client.get("/events", params=query).status_code == 400


def test_events_csv_is_the_whole_filtered_view(client: TestClient) -> None:
    response = client.get("/events.csv", params={"kind": "violence", "sort": "killed", "dir": "asc", "per_page": 1})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = _csv(response.text)
    assert [(r["place"], r["killed_best"], r["conflicts"]) for r in rows] == [("Orlen", "5", "0"),
                                                                               ("Velmora", "29", "1")]


def test_lists_link_their_csv_with_the_same_filters(client: TestClient) -> None:
    assert 'href="/claims.csv?outcome=killed&amp;sort=low"' in client.get("/claims?outcome=killed&sort=low").text
    assert 'href="/events.csv?kind=violence"' in client.get("/events?kind=violence").text


# -- 7. merges: preview, confirm, redirect, undo, audit search, selection ---------------------

def _ids(client: TestClient) -> dict[str, str]:
    return {e["place"]: e["id"] for e in client.get("/api/events").json()["items"]}


def test_merge_preview_writes_nothing(client: TestClient, web_db: str) -> None:
    ids = _ids(client)
    sign_in(client)
    preview = client.get("/events/merge", params={"event": [ids["Dunmore"], ids["Orlen"]]})
    assert preview.status_code == 200
    assert "Dunmore" in preview.text and "Orlen" in preview.text and "people killed: <b>5</b> (5–7)" in preview.text
    assert 'name="confirm"' in preview.text and HOSTILE not in preview.text
    api = client.get("/api/events/merge/preview", params={"event": [ids["Dunmore"], ids["Orlen"]]}).json()
    assert [e["id"] for e in api["events"]] == [ids["Dunmore"], ids["Orlen"]]
    assert [(r["outcome"], r["best"], r["high"]) for r in api["merged"]["ranges"]] == [("killed", 5, 7)]
    with Corpus(web_db) as corpus:
        assert corpus.event_edits() == []
    assert client.get("/api/audit").json()["total"] == 0 and client.get("/api/events").json()["total"] == 3


@pytest.mark.parametrize(("query", "status"), [
    ({"event": ["{Dunmore}"]}, 400),
    ({"event": ["{Dunmore}", "Enope"]}, 404),
    ({"event": ["{Dunmore}"], "with": "Enope"}, 404),
])
def test_a_bad_merge_preview_is_refused(client: TestClient, query: dict, status: int) -> None:
    ids = _ids(client)
    sent = {k: [v.format(**ids) for v in value] if isinstance(value, list) else value for k, value in query.items()}
    assert client.get("/events/merge", params=sent).status_code == status


def test_merge_with_field_and_selection_reach_the_preview(client: TestClient) -> None:
    ids = _ids(client)
    sign_in(client)
    preview = client.get("/events/merge", params={"event": ids["Dunmore"], "with": f" {ids['Orlen']}, "})
    assert preview.status_code == 200 and ids["Orlen"] in preview.text
    listing = client.get("/events", params={"selected": f"{ids['Dunmore']},{ids['Orlen']}", "per_page": 1,
                                            "page": 2}).text
    # the selection is carried by the pager and the search form, and sent with the merge form
    assert f"selected={ids['Dunmore']}%2C{ids['Orlen']}" in listing.split('rel="next"')[0].rsplit("href=", 1)[1]
    assert f'<input type="checkbox" name="event" value="{ids["Orlen"]}" checked>' in listing  # in the tray
    assert f'name="event" value="{ids["Dunmore"]}" aria-label="merge {ids["Dunmore"]}" checked>' in listing
    assert f'<input type="hidden" name="selected" value="{ids["Dunmore"]},{ids["Orlen"]}">' in listing


def test_confirmed_merge_redirects_old_ids_and_is_found_in_the_audit(client: TestClient) -> None:
    ids = _ids(client)
    csrf = sign_in(client)
    merged = client.post("/events/merge", data={"csrf": csrf, "event": [ids["Dunmore"], ids["Orlen"]],
                                                "confirm": "yes", "note": "one storm"}, follow_redirects=False)
    assert merged.status_code == 303
    holder = merged.headers["location"].removeprefix("/events/")
    gone = next(i for i in (ids["Dunmore"], ids["Orlen"]) if i != holder)
    for prefix in ("/events/", "/api/events/"):
        moved = client.get(prefix + gone, follow_redirects=False)
        assert moved.status_code == 303 and moved.headers["location"] == prefix + holder
    assert client.get("/events/Enope").status_code == 404
    found = client.get("/api/audit", params={"event": gone}).json()["items"]
    assert [(a["action"], a["user"], a["note"]) for a in found] == [("merge", "ed", "one storm")]
    assert client.get("/audit", params={"event": gone}).text.count("<td>merge</td>") == 1


def _merge(client: TestClient, csrf: str, ids: list[str]) -> str:
    response = client.post("/api/events/merge", headers={"X-CSRF-Token": csrf}, json={"events": ids})
    assert response.status_code == 200, response.text
    return response.json()["event"]


def test_undo_a_merge_from_the_audit_log_and_the_event_page(client: TestClient, web_db: str) -> None:
    ids = _ids(client)
    csrf = sign_in(client)
    merged = _merge(client, csrf, [ids["Dunmore"], ids["Orlen"]])
    edit = client.get("/api/audit").json()["items"][0]["after"]["edit"]
    assert f'action="/events/edits/{edit}/undo"' in client.get("/audit").text
    assert f'action="/events/edits/{edit}/undo"' in client.get(f"/events/{merged}").text
    undone = client.post(f"/events/edits/{edit}/undo", data={"csrf": csrf, "note": "two storms"},
                         follow_redirects=False)
    assert undone.status_code == 303
    assert sorted(_ids(client).values()) == sorted(ids.values())
    with Corpus(web_db) as corpus:
        assert corpus.event_edits() == []
    last = client.get("/api/audit").json()["items"][0]
    assert (last["action"], last["user"], last["note"]) == ("undo", "ed", "two storms")
    assert last["before"]["op"] == "merge" and last["before"]["id"] == edit
    assert client.post(f"/events/edits/{edit}/undo", data={"csrf": csrf}).status_code == 404  # once only


def test_undo_a_split(client: TestClient) -> None:
    ids = _ids(client)
    csrf = sign_in(client)
    velmora = client.get(f"/api/events/{ids['Velmora']}").json()
    client.post(f"/api/events/{ids['Velmora']}/split", headers={"X-CSRF-Token": csrf},
                json={"documents": [velmora["documents"][-1]]})
    assert client.get("/api/events").json()["total"] == 4
    edit = client.get("/api/audit").json()["items"][0]["after"]["edit"]
    response = client.post(f"/api/events/edits/{edit}/undo", headers={"X-CSRF-Token": csrf}, json={})
    assert response.status_code == 200 and response.json()["event"] == ids["Velmora"]
    assert _ids(client) == ids
    assert client.get("/api/audit", params={"event": ids["Velmora"]}).json()["total"] == 2


@pytest.mark.parametrize(("who", "token", "status"), [(None, None, 303), ("ed", None, 403), ("ed", "forged", 403),
                                                      ("vic", "session", 403)])
def test_undo_needs_an_editor_and_the_csrf_token(client: TestClient, web_db: str, who: str | None,
                                                  token: str | None, status: int) -> None:
    ids = _ids(client)
    csrf = sign_in(client)
    _merge(client, csrf, [ids["Dunmore"], ids["Orlen"]])
    edit = client.get("/api/audit").json()["items"][0]["after"]["edit"]
    client.cookies.clear()
    session = sign_in(client, who) if who else None
    data = {"csrf": {"session": session, "forged": "forged", None: None}[token]} if token else {}
    response = client.post(f"/events/edits/{edit}/undo", data=data, follow_redirects=False)
    assert response.status_code == status
    with Corpus(web_db) as corpus:
        assert len(corpus.event_edits()) == 1


def test_keep_the_ticked_without_javascript(client: TestClient) -> None:
    ids = _ids(client)
    sign_in(client)
    kept = client.get("/events", params=[("q", "o"), ("per_page", "1"), ("event", ids["Orlen"]),
                                         ("event", ids["Velmora"]), ("with", ids["Dunmore"]), ("selected", "Eold")],
                      follow_redirects=False)
    assert kept.status_code == 303
    assert kept.headers["location"] == (f"/events?q=o&per_page=1&selected={ids['Orlen']}%2C{ids['Velmora']}"
                                        f"%2C{ids['Dunmore']}")


def test_hostile_values_stay_escaped_in_lists_preview_and_audit(client: TestClient) -> None:
    ids = _ids(client)
    csrf = sign_in(client)
    row = client.get("/api/claims", params={"place": "orlen"}).json()["items"][0]["row_id"]
    client.post(f"/api/claims/{row}/review", headers={"X-CSRF-Token": csrf},
                json={"action": "correct", "values": {"source": HOSTILE, "group": HOSTILE[:90]}})
    _merge(client, csrf, [ids["Dunmore"], ids["Orlen"]])
    merged = client.get("/api/events").json()["items"]
    pages = [f"/claims?source={HOSTILE}", "/events", f"/events?q={HOSTILE}", f"/audit?event={HOSTILE[:40]}",
             "/audit", f"/events/merge?event={ids['Velmora']}&event={merged[-1]['id']}"]
    for address in pages:
        response = client.get(address)
        assert response.status_code in (200, 400), address
        assert "<script>alert(1)" not in response.text and "<img src=x" not in response.text, address
