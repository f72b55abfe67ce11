"""Helpers for the ingest tests: invented article pages and texts."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# Invented news text; the places and people do not exist.
LEAD = "At least 14 people were killed when floodwater swept through Velmora on Tuesday, officials said."
SECOND = (
    "The regional health office said 32 others were injured and about 200 families were displaced "
    "from the low-lying districts along the Sarn river."
)
# Text that must survive byte for byte: Hebrew and Arabic with a right-to-left mark,
# Arabic harakat and a decomposed e-acute (combining marks), Persian with a
# zero-width non-joiner, an emoji family joined by ZWJ, a flag and a skin tone.
UNICODE = (
    "\u200fבוולמורה נהרגו 14 בני אדם. "
    "قُتِلَ ١٤ شخصًا. "
    "Cafe\u0301 de Sa\u0303o. "
    "می\u200cخواهند کمک کنند. "
    "\U0001F469\u200D\U0001F467\u200D\U0001F466 \U0001F1FA\U0001F1E6 \U0001F44D\U0001F3FD"
)


def make_page(
    body: str = f"<p>{LEAD}</p><p>{SECOND}</p>",
    *,
    title: str = "Floods in Velmora",
    published: str | None = "2024-03-05",
    lang: str | None = "en",
    head: str = '<meta charset="utf-8">',
    comments: str = "",
) -> str:
    """A small but complete article page."""
    lang_attr = f' lang="{lang}"' if lang else ""
    date = f'<meta property="article:published_time" content="{published}T08:00:00Z">' if published else ""
    return (
        f"<!DOCTYPE html>\n<html{lang_attr}><head>{head}<title>{title}</title>{date}</head>"
        "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<div class='comments'>{comments}</div>"
        "<footer>Copyright the Velmora Courier</footer></body></html>"
    )


@pytest.fixture(scope="session")
def page() -> Callable[..., str]:
    """``page(body=..., title=..., published=..., lang=..., head=..., comments=...)`` -> HTML."""
    return make_page


@pytest.fixture
def unicode_text() -> str:
    """RTL text, combining marks, joiners and emoji that must survive byte for byte."""
    return UNICODE


# -- a web server on 127.0.0.1 for URL ingest (no other network) -----------------------

RELEASE = threading.Event()  # set at teardown so a sleeping handler ends at once
SEEN_AGENTS: list[str] = []  # User-Agent of every request



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
    RELEASE.clear()  # set by the teardown of an earlier module's server
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


@pytest.fixture
def seen_agents() -> list[str]:
    """The User-Agent of every request the test server gets from now on."""
    SEEN_AGENTS.clear()
    return SEEN_AGENTS
