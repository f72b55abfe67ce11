"""Helpers for the ingest tests: invented article pages and texts."""

from __future__ import annotations

from collections.abc import Callable

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
