"""Property-based run over the OpenAPI schema (schemathesis): no request makes the server fail (500).

The calls are made as a signed-in editor with the session's CSRF token, so the write
operations run too, against a corpus with invented documents (SQLite).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from tests.web.conftest import load

from tollbook.store import Corpus
from tollbook.web import create_app
from tollbook.web.auth import expiry, token_hash

TOKEN, CSRF = "schemathesis-session-token", "schemathesis-csrf"


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("schema")
    url = f"sqlite:///{folder / 'schema.db'}"
    load(url, folder / "in")
    with Corpus(url) as corpus:
        editor = corpus.user("ed")
        corpus.create_session(editor["id"], token_hash(TOKEN), CSRF, expiry())
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(url))


def test_no_server_errors(api_schema) -> None:
    # schemathesis's own pytest plugin does not run under this pytest: drive its strategies with hypothesis
    checked = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.path in ("/api/logout", "/api/login"):
            continue  # signing out would end the session the other calls use; login is tested in test_api

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case) -> None:
            response = case.call(headers={"X-CSRF-Token": CSRF, "Cookie": f"tollbook_session={TOKEN}"})
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path}: {response.status_code} {response.text}")

        call()
        checked.append(f"{operation.method.upper()} {operation.path}")
    assert len(checked) >= 10, checked
