"""Fetching URLs from a web server on 127.0.0.1 run by the test (no other network)."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Callable

import pytest

from tollbook.errors import IngestError
from tollbook.ingest import Failure, Item, fetch_url, iter_inputs
from tollbook.ingest import fetch as fetch_module
from tollbook.ingest.fetch import USER_AGENT
from tollbook.settings import settings


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


GOOD = [
    # (path, words in the text, final URL path)
    ("/flood", "At least 14 people were killed", "/flood"),
    ("/latin", "Bogot\u00e1", "/latin"),
    ("/no-type", "At least 14 people were killed", "/no-type"),
    ("/gzip", "At least 14 people were killed", "/gzip"),
    ("/moved", "At least 14 people were killed", "/flood"),
]


@pytest.mark.parametrize(("path", "words", "final"), GOOD)
def test_good_page(server: str, path: str, words: str, final: str) -> None:
    document, html = fetch_url(server + path, timeout=5)
    assert words in document.text
    assert document.url == document.id == server + final
    assert "<article>" in html


def test_metadata_and_user_agent(server: str, page: Callable[..., str], seen_agents: list[str]) -> None:
    document, html = fetch_url(server + "/flood", timeout=5)
    assert (document.title, document.published) == ("Floods in Velmora", "2024-03-05")
    assert html == page()
    assert seen_agents == [USER_AGENT]
    assert USER_AGENT.startswith("tollbook/")


BAD = [
    # (path, keyword arguments, words of the error)
    ("/missing", {}, ["HTTP 404 Not Found", "check the address"]),
    ("/broken", {}, ["HTTP 500"]),
    ("/logo.png", {}, ["not an HTML page (content type image/png)"]),
    ("/empty", {}, ["no main text found"]),
    ("/slow", {"timeout": 0.3}, ["timed out after 0.3 s", "fetch_timeout"]),
    ("/big", {"max_bytes": 1000}, ["larger than the 0.0 MB limit", "max_document_bytes"]),
    ("/big-unsized", {"max_bytes": 1000}, ["larger than the 0.0 MB limit"]),
    ("/gzip-bomb", {"max_bytes": 10_000}, ["larger than the 0.0 MB limit"]),
]


@pytest.mark.parametrize(("path", "options", "words"), BAD)
def test_bad_page(server: str, path: str, options: dict, words: list[str]) -> None:
    url = server + path
    with pytest.raises(IngestError) as caught:
        fetch_url(url, **{"timeout": 5, **options})
    message = str(caught.value)
    assert message.startswith(f"{url}: "), message
    for word in words:
        assert word in message


def test_no_server() -> None:
    # A port that was free a moment ago: nothing listens, the connection is refused.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(IngestError, match=r"cannot connect \(.*\); check the address"):
        fetch_url(f"http://127.0.0.1:{port}/", timeout=2)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/hostname"])
def test_only_http(url: str) -> None:
    with pytest.raises(IngestError, match="not an http:// or https:// address"):
        fetch_url(url)


def test_urls_in_iter_inputs(server: str, page: Callable[..., str], monkeypatch: pytest.MonkeyPatch) -> None:
    short = dataclasses.replace(settings(), fetch_timeout=0.3)
    monkeypatch.setattr(fetch_module, "settings", lambda: short)
    good, missing, slow = iter_inputs([server + "/flood", server + "/missing", server + "/slow"], lang="de")
    assert isinstance(good, Item)
    assert (good.source_file, good.source_record, good.language) == (server + "/flood", None, "en")
    assert good.raw_html == page()
    assert isinstance(missing, Failure) and "HTTP 404" in missing.message
    assert isinstance(slow, Failure) and "timed out after 0.3 s" in slow.message

