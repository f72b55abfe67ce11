"""HTML pages: main text, title, date and URL; declared charsets; bad pages get clear errors."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from tollbook.errors import IngestError
from tollbook.ingest import html as html_module
from tollbook.ingest import read_html
from tollbook.ingest.html import decode_html, extract_html, looks_like_html, parse_content_type
from tollbook.settings import settings


def test_article_page(page: Callable[..., str]) -> None:
    html = page(comments="<p>A reader wrote that 99 people were killed.</p>")
    document = read_html(html.encode(), source_file="pages/flood.html", url="https://news.example/flood")
    assert "At least 14 people were killed" in document.text
    assert "32 others were injured" in document.text
    assert "99 people" not in document.text  # reader comments are nobody's claim
    assert "Home" not in document.text  # navigation is not the article
    assert document.title == "Floods in Velmora"
    assert document.published == "2024-03-05"
    assert document.url == "https://news.example/flood"
    assert document.id == "pages/flood.html"


METADATA = [
    # (page options, read_html options, expected (published, url, id))
    ({}, {}, ("2024-03-05", None, "a.html")),
    ({"published": None}, {}, (None, None, "a.html")),
    (
        {"head": '<meta charset="utf-8"><link rel="canonical" href="https://news.example/c">'},
        {},
        ("2024-03-05", "https://news.example/c", "a.html"),
    ),
    (
        {"head": '<link rel="canonical" href="https://news.example/c">'},
        {"url": "https://mirror.example/x", "id": "doc-7"},
        ("2024-03-05", "https://mirror.example/x", "doc-7"),
    ),
]


@pytest.mark.parametrize(("options", "call", "expected"), METADATA)
def test_metadata(page: Callable[..., str], options: dict, call: dict, expected: tuple) -> None:
    document = read_html(page(**options), source_file="a.html", **call)
    assert (document.published, document.url, document.id) == expected


def test_date_is_not_guessed_from_the_text(page: Callable[..., str]) -> None:
    body = "<p>On 12 January 2021, 14 people were killed in Velmora, officials said later.</p>"
    assert read_html(page(body=body, published=None), source_file="a.html").published is None


LANGUAGES = [("en", "en"), ("en-GB", "en"), ("AR", "ar"), ("x-klingon", None), (None, None)]


def test_xhtml_page() -> None:
    data = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="es">'
        "<head><title>Lluvias</title></head><body><p>Murieron 14 personas en Bogot\u00e1.</p></body></html>"
    ).encode("latin-1")
    page = extract_html(data, source_file="a.xhtml")
    assert (page.document.text, page.language) == ("Murieron 14 personas en Bogot\u00e1.", "es")


@pytest.mark.parametrize(("lang", "expected"), LANGUAGES)
def test_language_from_the_html_element(page: Callable[..., str], lang: str | None, expected: str | None) -> None:
    assert extract_html(page(lang=lang), source_file="a.html").language == expected


def test_unicode_survives_byte_for_byte(page: Callable[..., str], unicode_text: str) -> None:
    html = page(body=f"<p>At least 14 people were killed.</p><p>{unicode_text}</p>", title=f"Velmora {unicode_text[-9:]}")
    document = read_html(html.encode("utf-8"), source_file="a.html")
    assert unicode_text in document.text
    assert document.title == f"Velmora {unicode_text[-9:]}"


def test_unicode_from_character_references(page: Callable[..., str]) -> None:
    body = "<p>14 people were killed in M&#x06CC;&zwnj;&#x062E;&#x0648;&#x0627;&#x0647;.</p>"
    assert "\u06cc\u200c\u062e\u0648\u0627\u0647" in read_html(page(body=body), source_file="a.html").text


def test_stand_ins_already_in_the_page_are_kept(page: Callable[..., str]) -> None:
    body = "<p>\ua000 and a joiner: 14\u200dpeople were killed.</p>"
    assert "\ua000 and a joiner: 14\u200dpeople were killed." in read_html(page(body=body), source_file="a.html").text


def test_fragment_is_read(page: Callable[..., str]) -> None:
    document = read_html("<p>At least 14 people were killed in Velmora.</p>", source_file="a.html")
    assert document.text == "At least 14 people were killed in Velmora."


CHARSETS = [
    # (bytes, HTTP charset, expected text)
    ("<p>Bogot\u00e1</p>".encode(), None, "<p>Bogot\u00e1</p>"),
    (b'<meta charset="windows-1252"><p>Bogot\xe1 \x93x\x94</p>', None, '<meta charset="windows-1252"><p>Bogot\u00e1 \u201cx\u201d</p>'),
    (b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'><p>\xe1</p>", None,
     "<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'><p>\u00e1</p>"),
    (b"<p>\xe1</p>", "iso-8859-1", "<p>\u00e1</p>"),
    (b'<?xml version="1.0" encoding="ISO-8859-15"?><p>\xa4</p>', None, '<?xml version="1.0" encoding="ISO-8859-15"?><p>\u20ac</p>'),
    (b'<meta charset="utf-8"><p>\xe1</p>', "windows-1252", '<meta charset="utf-8"><p>\u00e1</p>'),  # HTTP wins
    (b"<p>Bogot\xe1</p>", None, "<p>Bogot\ufffd</p>"),  # undeclared and broken: visible U+FFFD
    (b'<meta charset="no-such-charset"><p>\xe1</p>', None, '<meta charset="no-such-charset"><p>\ufffd</p>'),
    (b'<meta charset="utf-16"><p>x</p>', None, '<meta charset="utf-16"><p>x</p>'),
    (b"\xef\xbb\xbf<p>x</p>", "windows-1252", "<p>x</p>"),  # byte-order mark wins
    ("<p>\u05d0</p>".encode("utf-16"), None, "<p>\u05d0</p>"),
]


@pytest.mark.parametrize(("data", "charset", "expected"), CHARSETS)
def test_decode(data: bytes, charset: str | None, expected: str) -> None:
    assert decode_html(data, charset) == expected


def test_windows_1252_page(page: Callable[..., str]) -> None:
    html = page(head='<meta charset="windows-1252">', body="<p>14 people were killed in Bogot\u00e1.</p>")
    assert "Bogot\u00e1" in read_html(html.encode("cp1252"), source_file="a.html").text


BAD_PAGES = [
    # (page bytes, words of the error)
    (b"", ["empty page"]),
    (b"   \n", ["empty page"]),
    (b"<html><body><div", ["no main text found"]),
    (b"<html><head><title>Only a title</title></head><body></body></html>", ["no main text found"]),
    (b"<html><body><script>var killed = 14;</script></body></html>", ["no main text found"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["binary data", "NUL"]),
]


@pytest.mark.parametrize(("data", "words"), BAD_PAGES)
def test_bad_page(data: bytes, words: list[str]) -> None:
    with pytest.raises(IngestError) as caught:
        read_html(data, source_file="crawl/page.html", record="line 3")
    message = str(caught.value)
    assert message.startswith("crawl/page.html line 3: "), message
    assert "\n" not in message
    for word in words:
        assert word in message


def test_too_large(monkeypatch: pytest.MonkeyPatch, page: Callable[..., str]) -> None:
    small = dataclasses.replace(settings(), max_document_bytes=100)
    monkeypatch.setattr(html_module, "settings", lambda: small)
    with pytest.raises(IngestError, match=r"a.html: the page is 0.\d MB, larger than the 0.0 MB limit"):
        read_html(page(), source_file="a.html")
    with pytest.raises(IngestError, match="larger than"):
        read_html(page().encode(), source_file="a.html")


LOOKS_LIKE_HTML = [
    ("<p>14 killed</p>", True),
    ("  \n<!DOCTYPE html><html><body>x</body></html>", True),
    ("<div class='story'>14 killed", True),
    ("<14 killed, officials said", False),
    ("14 killed <b>today</b>", False),
    ("<unknown>tag</unknown>", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), LOOKS_LIKE_HTML)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


CONTENT_TYPES = [
    ("text/html; charset=UTF-8", ("text/html", "UTF-8")),
    ('Text/HTML; Charset="iso-8859-1"', ("text/html", "iso-8859-1")),
    ("image/png", ("image/png", None)),
    (None, ("", None)),
]


@pytest.mark.parametrize(("value", "expected"), CONTENT_TYPES)
def test_parse_content_type(value: str | None, expected: tuple) -> None:
    assert parse_content_type(value) == expected
