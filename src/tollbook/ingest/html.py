"""HTML pages -> Document, with trafilatura finding the main text, title, date and URL.

Choices, each for a reason:

- Bytes are decoded by what the page declares (byte-order mark, then the HTTP
  charset, then the XML declaration or ``<meta charset>``), else as UTF-8 with U+FFFD for broken bytes.
  Guessing an encoding (trafilatura's default) can silently garble names; a
  replacement character is visible. Latin-1 and ASCII labels mean windows-1252,
  as in the WHATWG Encoding standard.
- Reader comments are left out: a comment's "99 killed" is nobody's claim.
- The date comes only from the page's markup and URL (htmldate without extensive
  search): a date guessed from the body text would anchor relative dates wrongly.
- trafilatura drops characters that are not printable, among them the joiners and
  direction marks of Persian, Arabic and Hebrew text and of emoji sequences (U+200C,
  U+200D, U+200F, ...). They are swapped for stand-in letters before extraction and
  put back after, so the text keeps them byte for byte.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

from tollbook.errors import IngestError
from tollbook.ingest.records import megabytes
from tollbook.model import Document
from tollbook.settings import settings

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "HTML_TYPES",
    "Page",
    "decode_html",
    "extract_html",
    "looks_like_html",
    "parse_content_type",
    "read_html",
]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG Encoding standard: these labels are decoded as windows-1252.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso_8859-1"}
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|article|main|section|div|p|h[1-6]|table|ul|ol"
    r"|li|span|a|b|i|em|strong|br|script|style|link)[\s>/]",
    re.I,
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"[a-z]{2,3}")
# Stand-ins for the characters trafilatura would drop: Yi syllables, which are
# printable letters and all but absent from news text (any that occur are skipped).
_STAND_INS = range(0xA000, 0xA48D)
_PROTECTED = frozenset({"Cf", "Co", "Cn"})  # format, private use, unassigned (newer emoji)


class Page(NamedTuple):
    """An HTML page read: the Document, the decoded HTML and the page's language or None."""

    document: Document
    html: str
    language: str | None


def read_html(
    data: bytes | str,
    *,
    source_file: str,
    url: str | None = None,
    record: str | None = None,
    charset: str | None = None,
    id: str | None = None,
) -> Document:
    """Extract the main text, title, date (YYYY-MM-DD) and URL of one HTML page.

    Args:
        data: the page, as bytes (decoded as declared, else UTF-8) or text.
        source_file: the file or URL named in error messages.
        url: the page's address, when known (WARC target URI, fetched URL).
        record: the record inside ``source_file`` for error messages (``line 3``).
        charset: the charset of the HTTP Content-Type header, when there was one.
        id: the Document id; ``source_file`` by default.

    Raises:
        IngestError: the page is too large, not HTML, or has no main text.
    """
    return extract_html(
        data, source_file=source_file, url=url, record=record, charset=charset, id=id
    ).document


def extract_html(
    data: bytes | str,
    *,
    source_file: str,
    url: str | None = None,
    record: str | None = None,
    charset: str | None = None,
    id: str | None = None,
) -> Page:
    """Like :func:`read_html`, also returning the decoded HTML and the ``<html lang>``."""
    # Imported here: trafilatura takes ~0.15 s to import, and plain-text runs never need it.
    from trafilatura import bare_extraction, load_html

    where = f"{source_file} {record}" if record else source_file
    limit = settings().max_document_bytes
    size = len(data) if isinstance(data, bytes) else _utf8_length(data, limit)
    if size > limit:
        raise IngestError(
            f"{where}: the page is {megabytes(size)}, larger than the {megabytes(limit)} limit "
            "for one document (max_document_bytes in settings.toml)"
        )
    html = decode_html(data, charset) if isinstance(data, bytes) else data
    if not html.strip():
        raise IngestError(f"{where}: empty page; give an HTML page with the article text")
    nul = html.find("\x00")
    if nul != -1:
        raise IngestError(
            f"{where}: binary data (NUL character at offset {nul}), not an HTML page; "
            "give the page's HTML"
        )
    head = html[:1024].lower()
    if "<html" not in head and "<body" not in head and "<head" not in head:
        # trafilatura refuses a bare fragment such as "<p>...</p>"; give it a page.
        html_for_parse = f"<html><body>{html}</body></html>"
    else:
        html_for_parse = html
    try:
        tree = load_html(html_for_parse)
    except Exception as exc:  # lxml raises many kinds; one bad page must not stop a batch
        raise IngestError(f"{where}: cannot parse the HTML ({exc}); check the page") from None
    if tree is None:
        raise IngestError(f"{where}: not parseable as HTML; check that it is a web page")
    language = _language(tree)
    restore = _protect_characters(tree)
    try:
        result = bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            date_extraction_params={
                "extensive_search": False,
                "original_date": True,
                "outputformat": "%Y-%m-%d",
            },
        )
    except Exception as exc:  # as above: report, never stop the batch
        raise IngestError(
            f"{where}: HTML extraction failed ({type(exc).__name__}: {exc}); check the page"
        ) from None
    text = result.text.translate(restore) if result is not None and result.text else ""
    if not text.strip():
        raise IngestError(
            f"{where}: no main text found in the HTML (an empty, broken or non-article page); "
            "check that it is an article page"
        )
    title = result.title.translate(restore).strip() if result.title else None
    date = result.date if result.date and _ISO_DATE.fullmatch(result.date) else None
    document = Document(
        text=text,
        title=title or None,
        published=date,
        url=url or result.url or None,
        id=id if id is not None else source_file,
    )
    return Page(document, html, language)


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode a page by its byte-order mark, ``charset`` (HTTP), its XML declaration or
    ``<meta charset>``, else as UTF-8.

    Bytes that do not fit the encoding become U+FFFD; a leading byte-order mark is dropped.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    encoding = _codec(charset)
    if encoding is None:
        match = _XML_ENCODING.match(data, 0, 1024) or _META_CHARSET.search(data, 0, 4096)
        encoding = _codec(match.group(1).decode("ascii")) if match else None
        if encoding is not None and encoding.startswith("utf-16"):
            encoding = "utf-8"  # a page readable as ASCII cannot be UTF-16 (WHATWG)
    return data.decode(encoding or "utf-8", errors="replace")


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts with '<' and holds an HTML tag in its first kilobyte."""
    head = text[:1024].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and _HTML_TAG.search(head) is not None


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """A Content-Type header value -> (lower-case media type, charset or None)."""
    mime, *params = (value or "").split(";")
    charset = None
    for param in params:
        key, _, label = param.partition("=")
        if key.strip().lower() == "charset":
            charset = label.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _codec(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or None when Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _utf8_length(text: str, limit: int) -> int:
    """The UTF-8 size of ``text``, computed only when it could pass ``limit``."""
    if len(text) * 4 <= limit:
        return len(text)  # cannot be over the limit; the exact size is not needed
    return len(text.encode("utf-8", errors="surrogatepass"))


def _language(tree: HtmlElement) -> str | None:
    """The primary subtag of ``<html lang>`` ("en-GB" -> "en"), or None."""
    root = tree.getroottree().getroot()
    value = root.get("lang") or root.get("xml:lang") or ""
    primary = value.strip().lower().split("-")[0].split("_")[0]
    return primary if _LANG.fullmatch(primary) else None


def _protect_characters(tree: HtmlElement) -> dict[int, int]:
    """Swap characters trafilatura drops for stand-ins in ``tree``; return the way back."""
    texts = [t for e in tree.iter() for t in (e.text, e.tail) if t]
    seen: set[str] = set().union(*map(set, texts)) if texts else set()
    dropped = sorted(
        c for c in seen
        if not c.isprintable() and not c.isspace() and unicodedata.category(c) in _PROTECTED
    )
    if not dropped:
        return {}
    free = (chr(code) for code in _STAND_INS if chr(code) not in seen)
    pairs = list(zip(dropped, free, strict=False))
    forward = {ord(c): stand_in for c, stand_in in pairs}
    for element in tree.iter():
        if element.text:
            element.text = element.text.translate(forward)
        if element.tail:
            element.tail = element.tail.translate(forward)
    return {ord(stand_in): c for c, stand_in in pairs}
