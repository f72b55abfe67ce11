"""The web app against hostile requests (issue 15): every row is a probe that once got through.

Body size limits, validation errors that echo nothing, bounded numbers, error pages with the
security headers, hand edits of events in one transaction, sign-out, forms checked like the
API, long documents, Host headers, proxy headers, and forms posted after the session expired.
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import PASSWORD, expire_sessions, load, sign_in

from tollbook.errors import TollbookError
from tollbook.runner import split_event
from tollbook.settings import settings
from tollbook.store import Corpus
from tollbook.web import create_app
from tollbook.web.auth import LOGIN_CSRF_COOKIE, SESSION_COOKIE, token_hash

SECURITY_HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy")
OVER_LIMIT = 2 * 1024 * 1024  # bytes: over the default limit of 1 MiB
TOLLBOOK = str(Path(sys.executable).with_name("tollbook"))


@pytest.fixture
def lite_db(tmp_path: Path) -> str:
    """The test corpus in SQLite, for probes the database plays no part in."""
    url = f"sqlite:///{tmp_path / 'lite.db'}"
    load(url, tmp_path / "in")
    return url


@pytest.fixture
def lite(lite_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(lite_db)) as test_client:
        yield test_client


def _has_security_headers(response) -> bool:
    return all(name in response.headers for name in SECURITY_HEADERS)


def _event(client: TestClient, place: str) -> dict:
    return next(e for e in client.get("/api/events").json()["items"] if e["place"] == place)


def _document(client: TestClient, q: str) -> dict:
    return client.get("/api/documents", params={"q": q}).json()["items"][0]


# -- 1. request bodies: a size limit before parsing, and validation errors that echo nothing ----

BODY_POSTS = [
    # (path, body kind): each is sent with a body over the limit
    ("/api/login", "json"),
    ("/login", "form"),
    ("/logout", "form"),
    ("/api/claims/1/review", "json"),
    ("/claims/1/review", "form"),
    ("/events/merge", "form"),
]


@pytest.mark.parametrize("streamed", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize(("path", "kind"), BODY_POSTS)
def test_a_body_over_the_limit_is_refused(lite: TestClient, path: str, kind: str, streamed: bool) -> None:
    fields = {"name": "x", "password": "A" * OVER_LIMIT}
    if kind == "json":
        body, content_type = json.dumps(fields).encode(), "application/json"
    else:
        body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
    content = (body[i:i + 65536] for i in range(0, len(body), 65536)) if streamed else body
    response = lite.post(path, content=content, headers={"Content-Type": content_type})
    assert response.status_code == 413, response.text[:300]
    assert "AAAA" not in response.text and len(response.content) < 20_000
    assert _has_security_headers(response)


def test_a_declared_length_over_the_limit_is_answered_before_the_body_is_read(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    load(url, tmp_path / "in")
    with _serving(url) as port, socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        # 200 MB announced, a few bytes sent: the answer comes at once, without the rest
        sock.sendall(b"POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 200000000\r\n\r\n{\"name\": \"x\", \"password\": \"AAAA")
        answer = sock.recv(65536).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413"), answer[:300]
    assert "AAAA" not in answer


def test_the_body_limit_is_a_setting(lite_db: str) -> None:
    assert settings().max_body_bytes == 1024 * 1024
    with TestClient(create_app(lite_db, max_body=100)) as small:
        assert small.post("/api/login", json={"name": "ed", "password": "x" * 101}).status_code == 413
        assert small.post("/api/login", json={"name": "ed", "password": "wrong guess"}).status_code == 401


ECHO_PROBES = [
    # (path, body, a submitted value the answer must not contain)
    ("/api/login", {"name": "x", "password": "P" * 5000}, "PPPP"),
    ("/api/login", {"name": "", "password": "hunter2-secret"}, "hunter2"),
    ("/api/login", {"name": ["secret-name"], "password": "hunter2-secret"}, "secret"),
    ("/api/login", {"password": "hunter2-secret"}, "hunter2"),
    ("/api/login", b'{"name": "x", "password": "hunter2-secret', "hunter2"),
    ("/api/claims/1/review", {"action": "correct", "values": {"outcome": "secret-outcome"}}, "secret-outcome"),
    ("/api/claims/1/review", {"action": "correct", "values": {"group": "G" * 5000}}, "GGGG"),
    ("/api/claims/1/review", {"action": "correct", "values": {"low": "secret-low"}}, "secret-low"),
    ("/api/events/merge", {"events": ["secret-event"]}, "secret-event"),
]


@pytest.mark.parametrize(("path", "body", "secret"), ECHO_PROBES)
def test_validation_errors_echo_nothing(lite: TestClient, path: str, body: dict | bytes, secret: str) -> None:
    if isinstance(body, bytes):
        response = lite.post(path, content=body, headers={"Content-Type": "application/json"})
    else:
        response = lite.post(path, json=body)
    assert response.status_code == 422, response.text[:300]
    assert secret not in response.text
    detail = response.json()["detail"]
    assert detail and all(set(error) <= {"type", "loc", "msg"} for error in detail)


def test_a_login_form_with_huge_fields_is_refused_without_echo(lite: TestClient) -> None:
    lite.get("/login")
    response = lite.post("/login", data={"name": "N" * 200_000, "password": "P" * 200_000,
                                         "csrf": lite.cookies.get(LOGIN_CSRF_COOKIE)})
    assert response.status_code == 400
    assert "NNNN" not in response.text and "PPPP" not in response.text and _has_security_headers(response)


# -- 6. numbers out of range in pages, and every error page with the security headers ----------

OUT_OF_RANGE = [
    # (path, status)
    ("/documents/99999999999999999999", 404),
    ("/documents/0", 404),
    ("/documents/abc", 404),
    ("/documents?page=99999999999999999999", 400),
    ("/documents?page=abc", 400),
    ("/claims?page=99999999999999999999", 400),
    ("/events?page=99999999999999999999", 400),
    ("/audit?page=99999999999999999999", 400),
]


@pytest.mark.parametrize(("path", "status"), OUT_OF_RANGE)
def test_numbers_out_of_range_in_pages(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("text/html") and "<h1>" in response.text
    assert _has_security_headers(response)


ERROR_PAGES = [
    # (method, path, status)
    ("GET", "/no-such-page", 404),
    ("GET", "/api/no-such-thing", 404),
    ("GET", "/static/no-such-file.js", 404),
    ("GET", "/documents/99999999999999999999", 404),
    ("GET", "/api/documents/99999999999999999999", 422),
    ("GET", "/audit?page=99999999999999999999", 400),
    ("PUT", "/documents", 405),
    ("DELETE", "/api/login", 405),
    ("POST", "/api/login", 413),
    ("GET", "/broken", 500),
]


@pytest.mark.parametrize(("method", "path", "status"), ERROR_PAGES)
def test_error_pages_carry_the_security_headers(lite_db: str, method: str, path: str, status: int) -> None:
    app = create_app(lite_db)

    def broken() -> None:
        raise RuntimeError("secret internal detail")

    app.add_api_route("/broken", broken, include_in_schema=False)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        body = b"x" * OVER_LIMIT if status == 413 else None
        response = test_client.request(method, path, content=body)
    assert response.status_code == status, response.text[:300]
    assert _has_security_headers(response)
    assert "secret internal detail" not in response.text
    if not path.startswith("/api/"):
        assert response.headers["content-type"].startswith("text/html")


# -- 7. hand edits of events: refused ones write nothing, done ones write edit and audit together -

REFUSED_EDITS = [
    # (form action, form fields beyond the CSRF token, status)
    ("/events/{velmora}/split", {}, 400),
    ("/events/{velmora}/split", {"document": "abc"}, 400),
    ("/events/{velmora}/split", {"document": "99999999999999999999"}, 400),
    ("/events/{velmora}/split", {"document": "{dunmore_doc}"}, 400),
    ("/events/{velmora}/split", {"document": ["{velmora_doc}", "{army_doc}"]}, 400),
    ("/events/merge", {"event": "{velmora}"}, 400),
    ("/events/merge", {"event": ["{velmora}", "Enope"]}, 404),
]


@pytest.mark.parametrize(("action", "fields", "status"), REFUSED_EDITS)
def test_a_refused_event_edit_writes_nothing(client: TestClient, web_db: str, action: str, fields: dict,
                                             status: int) -> None:
    csrf = sign_in(client)
    velmora = _event(client, "Velmora")
    names = {"velmora": velmora["id"], "velmora_doc": velmora["documents"][0], "army_doc": velmora["documents"][1],
             "dunmore_doc": _document(client, "dunmore")["id"]}
    data = {key: [v.format(**names) for v in value] if isinstance(value, list) else value.format(**names)
            for key, value in fields.items()}
    response = client.post(action.format(**names), data={"csrf": csrf, **data}, follow_redirects=False)
    assert response.status_code == status, response.text[:300]
    assert _has_security_headers(response)
    with Corpus(web_db) as corpus:
        assert corpus.event_edits() == []
    assert client.get("/api/audit").json()["total"] == 0


def test_split_with_no_document_is_refused_by_the_library(client: TestClient, web_db: str) -> None:
    velmora = _event(client, "Velmora")
    with Corpus(web_db) as corpus:
        with pytest.raises(TollbookError, match="at least one document"):
            split_event(corpus, velmora["id"], [], "ed")
        assert corpus.event_edits() == [] and corpus.audit()[1] == 0


def test_every_event_edit_has_its_audit_row(client: TestClient, web_db: str) -> None:
    csrf = sign_in(client)
    ids = [_event(client, place)["id"] for place in ("Dunmore", "Orlen")]
    merged = client.post("/events/merge", data={"csrf": csrf, "event": ids}, follow_redirects=False)
    assert merged.status_code == 303
    event = client.get(merged.headers["location"].replace("/events/", "/api/events/")).json()
    split = client.post(f"/events/{event['id']}/split", data={"csrf": csrf, "document": event["documents"][-1]},
                        follow_redirects=False)
    assert split.status_code == 303
    with Corpus(web_db) as corpus:
        edits = corpus.event_edits()
        audit, total = corpus.audit()
    assert [e["op"] for e in edits] == ["merge", "split"] and total == 2
    assert [a["action"] for a in reversed(audit)] == ["merge", "split"]
    assert audit[1]["after"]["event"] == event["id"]
    assert audit[0]["after"]["event"] == split.headers["location"].removeprefix("/events/")


# -- 9. sign-out: ended on the server, or refused and said so ------------------------------------

SIGN_OUTS = [
    # (path, how the CSRF token is sent: none, forged or the session's, status, still signed in after)
    ("/logout", None, 403, True),
    ("/logout", "forged", 403, True),
    ("/logout", "session", 303, False),
    ("/api/logout", None, 403, True),
    ("/api/logout", "forged", 403, True),
    ("/api/logout", "session", 204, False),
]


@pytest.mark.parametrize(("path", "token", "status", "signed_in"), SIGN_OUTS)
def test_sign_out(client: TestClient, web_db: str, path: str, token: str | None, status: int,
                  signed_in: bool) -> None:
    csrf = sign_in(client)
    cookie = client.cookies[SESSION_COOKIE]
    sent = {"session": csrf, "forged": "forged", None: None}[token]
    if path == "/logout":
        response = client.post(path, data={"csrf": sent} if sent else {}, follow_redirects=False)
    else:
        response = client.post(path, headers={"X-CSRF-Token": sent} if sent else {})
    assert response.status_code == status
    assert (SESSION_COOKIE in response.headers.get("set-cookie", "")) is not signed_in  # the cookie is deleted
    if status == 403 and path == "/logout":
        assert "not signed out" in response.text
    with Corpus(web_db) as corpus:
        assert (corpus.session(token_hash(cookie)) is not None) is signed_in


def test_signing_in_again_ends_the_previous_session(client: TestClient, web_db: str) -> None:
    sign_in(client)
    first = client.cookies[SESSION_COOKIE]
    sign_in(client)
    second = client.cookies[SESSION_COOKIE]
    with Corpus(web_db) as corpus:
        assert corpus.session(token_hash(first)) is None and corpus.session(token_hash(second)) is not None


# -- 12. forms are checked exactly as the API checks the same values -----------------------------

LONG = 200_000
FORM_PROBES = [
    # (corrected fields as the form sends them, the field the error names)
    ({"low": "1" + "0" * 30}, "low"),
    ({"high": "1" + "0" * 30}, "high"),
    ({"low": "many"}, "low"),
    ({"date": "2024-13-45"}, "date"),
    ({"date": "2024-02-30"}, "date"),
    ({"date": "not-a-date-at-all"}, "date"),
    ({"date": "24-5-6"}, "date"),
    ({"group": "g" * LONG}, "group"),
    ({"source": "s" * LONG}, "source"),
    ({"place": "p" * LONG}, "place"),
    ({"event": "e" * LONG}, "event"),
    ({"note": "n" * LONG}, "note"),
    ({"outcome": "vanished"}, "outcome"),
]


def _as_json(fields: dict) -> dict:
    values = {k: int(v) if k in ("low", "high") and v.isdigit() else v for k, v in fields.items() if k != "note"}
    return values


@pytest.mark.parametrize(("fields", "named"), FORM_PROBES)
def test_forms_are_checked_like_the_api(client: TestClient, fields: dict, named: str) -> None:
    csrf = sign_in(client)
    document = _document(client, "dunmore")
    row = client.get("/api/claims", params={"document": document["id"]}).json()["items"][0]["row_id"]
    long_value = next((v for v in fields.values() if len(v) > 1000), None)
    review = client.post(f"/claims/{row}/review", data={"csrf": csrf, "action": "correct", **fields})
    added = client.post(f"/documents/{document['id']}/claims",
                        data={"csrf": csrf, "start": "0", "end": "6", "outcome": "killed", "low": "3", **fields})
    note = fields.get("note")
    api_review = client.post(f"/api/claims/{row}/review", headers={"X-CSRF-Token": csrf},
                             json={"action": "correct", "values": _as_json(fields), "note": note})
    api_added = client.post(f"/api/documents/{document['id']}/claims", headers={"X-CSRF-Token": csrf},
                            json={"start": 0, "end": 6, "outcome": "killed", "low": 3, **_as_json(fields),
                                  "note": note})
    for response in (review, added):
        assert response.status_code == 400, response.text[:300]
        assert named in response.text and _has_security_headers(response)
        assert long_value is None or long_value[:50] not in response.text
    for response in (api_review, api_added):
        assert response.status_code == 422, response.text[:300]
        assert named in response.text
    assert client.get("/api/audit").json()["total"] == 0


@pytest.mark.parametrize("date", ["2024", "2024-05", "2024-05-06", "-"])
def test_forms_take_the_dates_the_api_takes(client: TestClient, date: str) -> None:
    csrf = sign_in(client)
    row = client.get("/api/claims").json()["items"][0]["row_id"]
    response = client.post(f"/claims/{row}/review", data={"csrf": csrf, "action": "correct", "date": date},
                           follow_redirects=False)
    assert response.status_code == 303, response.text[:300]
    assert client.get(f"/api/claims/{row}").json()["effective"]["date"] == (None if date == "-" else date)
    if date != "-":
        api = client.post(f"/api/claims/{row}/review", headers={"X-CSRF-Token": csrf},
                          json={"action": "correct", "values": {"date": date}})
        assert api.status_code == 200


# -- 15. long documents, Host headers, proxy headers, forms posted after the session expired ------

def test_a_truncated_claim_list_says_so(web_db: str) -> None:
    with TestClient(create_app(web_db)) as full, TestClient(create_app(web_db, max_claims=1)) as capped:
        document = _document(full, "velmora")
        whole = full.get(f"/api/documents/{document['id']}").json()
        assert (len(whole["claims"]), whole["claims_total"], whole["claims_truncated"]) == (2, 2, False)
        assert "claims-truncated" not in full.get(f"/documents/{document['id']}").text
        cut = capped.get(f"/api/documents/{document['id']}").json()
        assert (len(cut["claims"]), cut["claims_total"], cut["claims_truncated"]) == (1, 2, True)
        page = capped.get(f"/documents/{document['id']}").text
        assert 'class="notice claims-truncated"' in page and "the first 1 of 2 claims" in page
    assert settings().max_document_claims == 10_000


HOSTS = [
    # (Host header, status)
    ("127.0.0.1", 200),
    ("127.0.0.1:8000", 200),
    ("localhost:8000", 200),
    ("review.example", 200),
    ("evil.example", 400),
    ("127.0.0.1.evil.example", 400),
]


@pytest.mark.parametrize(("host", "status"), HOSTS)
def test_only_allowed_hosts_are_answered(lite_db: str, host: str, status: int) -> None:
    app = create_app(lite_db, allowed_hosts=["127.0.0.1", "localhost", "review.example"])
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        response = test_client.get("/documents", headers={"Host": host})
    assert response.status_code == status
    assert _has_security_headers(response)


@contextmanager
def _serving(url: str, *options: str) -> Iterator[int]:
    """``tollbook serve`` in a child process on a free port; yields the port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([TOLLBOOK, "serve", "--db", url, "--port", str(port), *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    pytest.fail(f"tollbook serve did not start: {process.communicate()[1]}")
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _request(port: int, method: str, path: str, headers: dict | None = None, body: dict | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        sent = {"Host": f"127.0.0.1:{port}", **({"Content-Type": "application/json"} if payload else {}),
                **(headers or {})}
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


SERVE_HOSTS = [
    # (options of tollbook serve, Host header, status)
    ((), "127.0.0.1:{port}", 200),
    ((), "localhost:{port}", 200),
    ((), "evil.example", 400),
    ((), "rebound.example:{port}", 400),
    (("--allowed-host", "review.example"), "review.example", 200),
    (("--allowed-host", "review.example"), "evil.example", 400),
    (("--allowed-host", "review.example", "--allowed-host", "other.example"), "other.example", 200),
]


def test_serve_answers_only_allowed_hosts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    load(url, tmp_path / "in")
    for options in dict.fromkeys(options for options, _, _ in SERVE_HOSTS):
        with _serving(url, *options) as port:
            for given, host, status in SERVE_HOSTS:
                if given == options:
                    assert _request(port, "GET", "/documents", {"Host": host.format(port=port)}) == status, host


SERVE_PROXIES = [
    # (options of tollbook serve, status of a good sign-in after five failures from "different" clients)
    ((), 429),
    (("--proxy-headers", "--trusted-proxy", "10.9.9.9"), 429),
    (("--proxy-headers",), 200),
    (("--proxy-headers", "--trusted-proxy", "127.0.0.1"), 200),
]


@pytest.mark.parametrize(("options", "status"), SERVE_PROXIES)
def test_forwarded_headers_are_trusted_only_from_a_named_proxy(tmp_path: Path, options: tuple,
                                                               status: int) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    load(url, tmp_path / "in")
    with _serving(url, *options) as port:
        for n in range(5):
            failed = _request(port, "POST", "/api/login", {"X-Forwarded-For": f"10.0.0.{n}"},
                              {"name": f"nobody{n}", "password": "wrong guess"})
            assert failed == 401
        good = _request(port, "POST", "/api/login", {"X-Forwarded-For": "10.0.0.99"},
                        {"name": "ed", "password": PASSWORD})
    assert good == status


def test_trusted_proxy_needs_proxy_headers(tmp_path: Path) -> None:
    done = subprocess.run([TOLLBOOK, "serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--trusted-proxy",
                           "10.0.0.1"], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "--proxy-headers" in done.stderr


EXPIRED_POSTS = [
    # (form action, Referer, where signing in again leads)
    ("/claims/{row}/review", "http://testserver/documents/{doc}", "/documents/{doc}"),
    ("/claims/{row}/review", None, "/documents/{doc}#claim-{row}"),
    ("/claims/{row}/review", "https://evil.example/documents/{doc}", "/documents/{doc}#claim-{row}"),
    ("/claims/{row}/review", "http://testserver/claims/{row}/review", "/documents/{doc}#claim-{row}"),
    ("/documents/{doc}/claims", None, "/documents/{doc}"),
    ("/events/{event}/split", None, "/events/{event}"),
    ("/events/merge", "http://testserver/events?page=1", "/events?page=1"),
    ("/events/merge", None, "/events"),
]


@pytest.mark.parametrize(("action", "referer", "expected"), EXPIRED_POSTS)
def test_a_form_posted_after_the_session_expired_returns_to_its_page(client: TestClient, web_db: str, action: str,
                                                                     referer: str | None, expected: str) -> None:
    csrf = sign_in(client)
    document = _document(client, "velmora")
    names = {"doc": document["id"], "row": client.get("/api/claims", params={"document": document["id"]}).json()
             ["items"][0]["row_id"], "event": _event(client, "Velmora")["id"]}
    expire_sessions(web_db)
    headers = {"Referer": referer.format(**names)} if referer else {}
    response = client.post(action.format(**names), data={"csrf": csrf, "action": "accept"}, headers=headers,
                           follow_redirects=False)
    assert response.status_code == 303
    login = response.headers["location"]
    assert urlsplit(login).path == "/login"
    assert parse_qs(urlsplit(login).query)["next"] == [expected.format(**names)]
    client.get(login)
    signed_in = client.post("/login", data={"name": "ed", "password": PASSWORD, "next": expected.format(**names),
                                            "csrf": client.cookies.get(LOGIN_CSRF_COOKIE)}, follow_redirects=False)
    assert signed_in.headers["location"] == expected.format(**names)
    assert client.get(signed_in.headers["location"]).status_code == 200
    assert client.get("/api/audit").json()["total"] == 0  # the expired post changed nothing


NEXT_TARGETS = [
    # (next given to the login form, where signing in leads)
    ("/documents/1", "/documents/1"),
    ("/events?page=2", "/events?page=2"),
    ("https://evil.example/", "/documents"),
    ("//evil.example/", "/documents"),
    ("/\t/evil.example/", "/documents"),
    ("/\\evil.example", "/documents"),
    ("/claims/1/review", "/documents"),  # answers POST only: a 405 after signing in
    ("/api/logout", "/documents"),
    ("/" + "a" * 5000, "/documents"),
]


@pytest.mark.parametrize(("target", "expected"), NEXT_TARGETS)
def test_sign_in_leads_only_to_a_page_of_this_site(lite: TestClient, target: str, expected: str) -> None:
    lite.get("/login")
    response = lite.post("/login", data={"name": "ed", "password": PASSWORD, "next": target,
                                         "csrf": lite.cookies.get(LOGIN_CSRF_COOKIE)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == expected
