"""A corpus with invented documents and three accounts, the app over it, and a live server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from tollbook.runner import build_events, ingest
from tollbook.store import Corpus
from tollbook.web import create_app
from tollbook.web.auth import hash_password

PASSWORD = "correct horse 1"
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
ARTICLES = [
    ('{"title": "Shelling hits Velmora market", "url": "https://one.example/a", "published": "2024-05-06", '
     '"text": "The regional health ministry said 41 children were killed when shelling hit the market in Velmora '
     'on Monday. Health ministry officials said 12 women were injured."}'),
    ('{"title": "Army disputes the toll", "url": "https://two.example/b", "published": "2024-05-07", '
     '"text": "The army said 29 children were killed in the shelling of the market in Velmora on Monday."}'),
    ('{"title": "Floods in Dunmore", "published": "2024-05-08", '
     '"text": "Floods killed 7 people in Dunmore on Tuesday, officials said."}'),
]


def hostile_article() -> str:
    import json

    return json.dumps({
        "title": f"Attack {HOSTILE}", "url": "javascript:alert(1)", "published": "2024-06-01",
        "text": f"The group {HOSTILE} said 5 people were killed in Orlen on Saturday, {HOSTILE}.",
    })


def load(url: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "feed.jsonl").write_text("\n".join([*ARTICLES, hostile_article()]) + "\n", encoding="utf-8")
    with Corpus(url) as corpus:
        ingest(corpus, [str(folder / "feed.jsonl")])
        for name, role in (("admin", "admin"), ("ed", "editor"), ("vic", "viewer")):
            corpus.add_user(name, hash_password(PASSWORD), role)
        build_events(corpus)


@pytest.fixture
def web_db(db_url: str, tmp_path: Path) -> str:
    load(db_url, tmp_path / "in")
    return db_url


@pytest.fixture
def client(web_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(web_db)) as test_client:
        yield test_client


def expire_sessions(url: str) -> None:
    """Every session of the corpus at ``url`` past its expiry, as after a week away."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sqlalchemy.text("UPDATE sessions SET expires_at = :past"),
                         {"past": datetime(2000, 1, 1, tzinfo=UTC)})
    finally:
        engine.dispose()


def sign_in(client: TestClient, name: str = "ed") -> str:
    """Sign in through the API; return the CSRF token."""
    response = client.post("/api/login", json={"name": name, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return response.json()["csrf"]


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    """uvicorn on a free port of 127.0.0.1 over a SQLite corpus; yields the base URL."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    load(url, tmp_path / "in")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
