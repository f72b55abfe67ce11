"""Fetching URLs from a web server on 127.0.0.1 run by the test (no other network)."""

from __future__ import annotations

import dataclasses
import gzip
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tollbook.errors import IngestError
from tollbook.ingest import Failure, Item, fetch_url, iter_inputs
from tollbook.ingest import fetch as fetch_module
from tollbook.ingest.fetch import USER_AGENT
from tollbook.settings import settings

RELEASE = threading.Event()  # set at teardown so a sleeping handler ends at once
SEEN_AGENTS: list[str] = []



def _routes(page: Callable[..., str]) -> dict[str, tuple[int, dict[str, str], bytes]]:
    """path -> (status, headers, body)."""
    article = page().encode()
    latin = page(body="<p>14 people were killed in Bogot\u00e1.</p>", head="").encode("cp1252")
    return {
        "/flood": (200, {"Content-Type": "text/html; charset=utf-8"}, article),
        "/latin": (200, {"Content-Type": "text/html; charset=windows-1252"}, latin),
        "/no-type": (200, {}, article),
        "/gzip": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(article)),
        "/gzip-bomb": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                       gzip.compress(b"<p>" + b"14 killed " * 100_000 + b"</p>")),
        "/logo.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
        "/empty": (200, {"Content-Type": "text/html"}, b"<html><body></body></html>"),
        "/big": (200, {"Content-Type": "text/html"}, article + b" " * 5000),
        "/moved": (301, {"Location": "/flood"}, b""),
        "/broken": (500, {"Content-Type": "text/html"}, b"<p>Internal error</p>"),
    }


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            RELEASE.wait(5)
            return
        if self.path == "/big-unsized":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 5000 + b"</p>")
            return
        status, headers, body = self.server.routes.get(self.path, (404, {"Content-Type": "text/html"}, b"<p>Not here</p>"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def server(page: Callable[..., str]) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.routes = _routes(page)  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        RELEASE.set()
        httpd.shutdown()
        httpd.server_close()


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


def test_metadata_and_user_agent(server: str, page: Callable[..., str]) -> None:
    SEEN_AGENTS.clear()
    document, html = fetch_url(server + "/flood", timeout=5)
    assert (document.title, document.published) == ("Floods in Velmora", "2024-03-05")
    assert html == page()
    assert SEEN_AGENTS == [USER_AGENT]
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

