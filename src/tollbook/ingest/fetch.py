"""Fetch one web page over http(s) and read it as HTML.

This uses the standard library's urllib, not trafilatura's downloader, whose
``fetch_url``/``fetch_response`` (2.x) return None without saying why, take a timeout
only in whole seconds, retry 5xx answers with back-off sleeps of up to 30 s,
retry failed TLS handshakes without certificate checks, and block 127.0.0.1. Here
every failure is an IngestError naming the URL and the reason, the timeout holds
for the connection, for each read and (checked between reads) for the whole
download, and nothing is retried: the caller decides.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
import zlib
from http.client import HTTPException
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

from tollbook.errors import IngestError
from tollbook.ingest.html import HTML_TYPES, Page, extract_html, parse_content_type
from tollbook.ingest.records import megabytes
from tollbook.model import Document
from tollbook.settings import settings

__all__ = ["USER_AGENT", "fetch_page", "fetch_url"]

try:
    USER_AGENT = f"tollbook/{version('tollbook')}"
except PackageNotFoundError:  # running from a source tree that was never installed
    USER_AGENT = "tollbook"

_CHUNK = 1 << 16
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"


def fetch_url(
    url: str, *, timeout: float | None = None, max_bytes: int | None = None
) -> tuple[Document, str]:
    """Download ``url`` and return its Document and the decoded HTML.

    Args:
        url: an http:// or https:// address.
        timeout: seconds to wait; ``fetch_timeout`` in settings.toml by default.
        max_bytes: largest page accepted; ``max_document_bytes`` by default.

    Raises:
        IngestError: the address is not http(s), the server cannot be reached or does
            not answer in time, answers with an error status, sends something other
            than HTML, sends more than ``max_bytes``, or the page has no main text.
    """
    page = fetch_page(url, timeout=timeout, max_bytes=max_bytes)
    return page.document, page.html


def fetch_page(url: str, *, timeout: float | None = None, max_bytes: int | None = None) -> Page:
    """Like :func:`fetch_url`, returning the Page (document, HTML and ``<html lang>``)."""
    timeout = settings().fetch_timeout if timeout is None else timeout
    max_bytes = settings().max_document_bytes if max_bytes is None else max_bytes
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise IngestError(f"{url}: not an http:// or https:// address")
    request = urllib.request.Request(
        url,
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"},
    )
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final_url = response.geturl() or url
            mime, charset = parse_content_type(response.headers.get("Content-Type"))
            if mime and mime not in HTML_TYPES:
                raise IngestError(
                    f"{url}: not an HTML page (content type {mime}); "
                    "give the address of an article page"
                )
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise IngestError(_too_large(url, int(length), max_bytes))
            encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
            data = _read(response, url, encoding, max_bytes, deadline, timeout)
    except urllib.error.HTTPError as exc:
        raise IngestError(
            f"{url}: the server answered HTTP {exc.code} {exc.reason}; check the address"
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise IngestError(_timed_out(url, timeout)) from None
        raise IngestError(f"{url}: cannot connect ({exc.reason}); check the address") from None
    except TimeoutError:
        raise IngestError(_timed_out(url, timeout)) from None
    except (OSError, HTTPException, ValueError) as exc:
        raise IngestError(f"{url}: download failed ({type(exc).__name__}: {exc})") from None
    return extract_html(data, source_file=url, url=final_url, charset=charset, id=final_url)


def _read(response, url: str, encoding: str, limit: int, deadline: float, timeout: float) -> bytes:
    """Read the body, decompressing gzip or deflate, refusing more than ``limit`` bytes."""
    if encoding in ("gzip", "x-gzip"):
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decompressor = zlib.decompressobj()
    elif encoding in ("", "identity"):
        decompressor = None
    else:
        raise IngestError(f"{url}: the server sent an unsupported encoding ({encoding})")
    chunks: list[bytes] = []
    total = 0
    while chunk := response.read(_CHUNK):
        if decompressor is not None:
            try:
                chunk = decompressor.decompress(chunk, limit + 1 - total)
            except zlib.error as exc:
                raise IngestError(f"{url}: the {encoding} body is damaged ({exc})") from None
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise IngestError(_too_large(url, None, limit))
        if time.monotonic() > deadline:
            raise IngestError(_timed_out(url, timeout))
    return b"".join(chunks)


def _too_large(url: str, size: int | None, limit: int) -> str:
    what = f"the page is {megabytes(size)}" if size is not None else "the page is"
    return (
        f"{url}: {what} larger than the {megabytes(limit)} limit for one document "
        "(max_document_bytes in settings.toml)"
    )


def _timed_out(url: str, timeout: float) -> str:
    return (
        f"{url}: timed out after {timeout:g} s; try again later or raise fetch_timeout "
        "in settings.toml"
    )
