"""The HTML report: sections, figures, charts, highlighting, escaping, no external resources, Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest

from tollbook.export.report import highlight_sentence, interval_chart, render_report, timeline_chart

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
GENERATED = "2024-03-09 12:00 UTC"

# Invented events; the places, claimants and outlets do not exist.


def claim(doc: int, sentence: str, figure: str, low: int, high: int | None, *, source: str | None = None,
          key: str = "c1", sentence_start: int = 100, shift: int = 0) -> dict:
    """A claim dict whose offsets point at ``figure`` in ``sentence`` (moved by ``shift``)."""
    at = sentence_start + sentence.index(figure) + shift
    return {"document_id": doc, "claim": key, "figure": figure, "start": at, "end": at + len(figure),
            "sentence_start": sentence_start, "sentence_end": sentence_start + len(sentence),
            "sentence": sentence, "source": source, "low": low, "high": high}


def point(seen: str, report: int, ref: dict) -> dict:
    return {"seen": seen, "report": report, "documents": [ref["document_id"]], "figure": ref["figure"],
            "low": ref["low"], "high": ref["high"], "claim": ref}


def source(key: str, name: str, kind: str, history: list[dict], *, point_figure: int | None = None) -> dict:
    latest = history[-1]
    seen = [h["seen"] for h in history]
    return {"key": key, "name": name, "type": kind, "figure": latest["figure"], "qualifier": "exact",
            "low": latest["low"], "high": latest["high"],
            "point": latest["low"] if point_figure is None else point_figure,
            "first_seen": min(seen), "last_seen": max(seen),
            "documents": sorted({d for h in history for d in h["documents"]}), "reports": len(history),
            "outlets": [], "reviewed": False, "history": history}


def figure_range(outcome: str, group: str | None, sources: list[dict], low: int, best: int, high: int,
                 *, high_open: bool = False) -> dict:
    return {"outcome": outcome, "group": group, "low": low, "best": best, "high": high, "high_open": high_open,
            "rule": "median", "reviewed": False, "number_of_sources": len(sources), "sources": sources}


def event(event_id: str, label: str, place: str, ranges: list[dict], conflicts: list[dict] = (),
          documents: tuple[int, ...] = (1,), day: str = "2024-03-02") -> dict:
    return {"id": event_id, "label": label, "kind": "violence", "date_start": day, "date_end": day, "date_precision": "day", "place": place, "place_id": None,
            "country": None, "admin1": None, "latitude": None, "longitude": None, "units": [],
            "documents": list(documents), "reports": {str(d): [d] for d in documents}, "outlets": ["Velmora Post"],
            "claims": [], "ranges": ranges, "conflicts": list(conflicts)}


MINISTRY_41 = claim(1, "The ministry said 41 children were killed.", "41", 41, 41, source="The ministry")
MINISTRY_50 = claim(2, "The ministry later said 50 children were killed.", "50", 50, 50, source="The ministry")
MILITIA_30 = claim(3, "The militia said at least 30 children were killed.", "at least 30", 30, None,
                   source="The militia")
WITNESS_12 = claim(4, "A nurse in Dunmore said about 12 people were hurt.", "about 12", 10, 14, source="A nurse",
                   sentence_start=0)

MINISTRY = source("ministry", "The Velmora health ministry", "government",
                  [point("2024-03-02", 1, MINISTRY_41), point("2024-03-04", 2, MINISTRY_50)])
MILITIA = source("militia", "The Harrow Hill militia", "armed", [point("2024-03-03", 3, MILITIA_30)])
NURSE = source("nurse", "A nurse", "witness", [point("2024-03-05", 4, WITNESS_12)], point_figure=12)

KILLED_CHILDREN = figure_range("killed", "children", [MINISTRY, MILITIA], 30, 40, 50, high_open=True)
KILLED = figure_range("killed", None, [source("ministry", "The Velmora health ministry", "government",
                                              [point("2024-03-02", 1, MINISTRY_41)])], 41, 41, 41)
INJURED = figure_range("injured", None, [NURSE], 10, 12, 14)

CONFLICT = {"kind": "sources_disagree", "outcome": "killed", "group": "children",
            "explanation": "The ministry gives 50 and the militia at least 30", "claims": [MINISTRY_50, MILITIA_30]}

VELMORA = event("E1", "Velmora, 2024-03-02 (violence)", "Velmora", [KILLED, KILLED_CHILDREN], [CONFLICT],
                documents=(1, 2, 3))
DUNMORE = event("E2", "Dunmore, 2024-03-05 (violence)", "Dunmore", [INJURED], documents=(4,), day="2024-03-05")
EVENTS = [VELMORA, DUNMORE]
DOCUMENTS = {
    1: {"title": "Shelling hits Velmora", "url": "https://news.invalid/velmora-1", "published": "2024-03-02",
        "publisher": "Velmora Post"},
    2: {"title": "Velmora toll rises", "url": "https://news.invalid/velmora-2", "published": "2024-03-04",
        "publisher": "Velmora Post"},
    3: {"title": "Militia statement", "url": None, "published": "2024-03-03", "publisher": None},
    4: {"title": "Dunmore clinic", "url": "ftp://files.invalid/dunmore", "published": "2024-03-05",
        "publisher": None},
}


@pytest.fixture(scope="module")
def page() -> str:
    return render_report(EVENTS, DOCUMENTS, title="Invented events", generated=GENERATED)


@pytest.fixture(scope="module")
def tree(page: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(page)


def range_section(tree: lxml.html.HtmlElement, event_id: str, heading: str) -> lxml.html.HtmlElement:
    """The range section of one event whose heading is ``heading``."""
    sections = [s for s in tree.xpath(f'//section[@id="event-{event_id}"]//section[@class="range"]')
                if s.findtext("h3") == heading]
    assert len(sections) == 1, f"no single range section {heading!r} in event {event_id}"
    return sections[0]


# -- sections and figures -------------------------------------------------------------------

@pytest.mark.parametrize("xpath", [
    '//table[@class="summary"]//a[@href="#event-E1"]',
    '//table[@class="summary"]//a[@href="#event-E2"]',
    '//section[@id="event-E1"]/h2',
    '//section[@id="event-E2"]/h2',
    '//head/meta[@http-equiv="Content-Security-Policy"]',
    '//section[@id="event-E1"]//section[@class="conflicts"]',
    '//section[@id="event-E1"]//section[@class="quoted"]',
])
def test_sections_present(tree: lxml.html.HtmlElement, xpath: str) -> None:
    assert tree.xpath(xpath), xpath


@pytest.mark.parametrize("event_id, label, cells", [
    ("E1", "Velmora, 2024-03-02 (violence)", ["2024-03-02 (day)", "Velmora", "41", "41", "41", "2", "1"]),
    ("E2", "Dunmore, 2024-03-05 (violence)", ["2024-03-05 (day)", "Dunmore", "—", "—", "—", "1", "0"]),
])
def test_summary_rows(tree: lxml.html.HtmlElement, event_id: str, label: str, cells: list[str]) -> None:
    row = tree.xpath(f'//table[@class="summary"]//a[@href="#event-{event_id}"]/ancestor::tr')[0]
    texts = [td.text_content().strip() for td in row.findall("td")]
    assert texts == [label, *cells]


@pytest.mark.parametrize("event_id, heading, low, best, high", [
    ("E1", "killed", "41", "41", "41"),
    ("E1", "killed · children", "30", "40", "open (at least 50)"),
    ("E2", "injured", "10", "12", "14"),
])
def test_low_best_high(tree: lxml.html.HtmlElement, event_id: str, heading: str, low: str, best: str,
                       high: str) -> None:
    figures = range_section(tree, event_id, heading).find_class("figures")[0]
    found = [figures.find_class(name)[0].text_content() for name in ("low", "best", "high")]
    assert found == [low, best, high]


@pytest.mark.parametrize("event_id, heading, groups, claimants", [
    ("E1", "killed · children", ["government (1)", "armed forces or armed group (1)"],
     ["The Velmora health ministry", "The Harrow Hill militia"]),
    ("E2", "injured", ["witness (1)"], ["A nurse"]),
])
def test_source_table_grouped_by_type(tree: lxml.html.HtmlElement, event_id: str, heading: str, groups: list[str],
                                      claimants: list[str]) -> None:
    table = range_section(tree, event_id, heading).find_class("sources")[0]
    assert [th.text_content() for th in table.xpath(".//tr[@class='group']/th")] == groups
    assert [tr.findall("td")[0].text_content() for tr in table.xpath(".//tbody/tr[td]")] == claimants


@pytest.mark.parametrize("event_id, heading, row", [
    ("E1", "killed · children", ["The Velmora health ministry", "government", "50", "50", "2024-03-02",
                                 "2024-03-04", "2", "#1, #2"]),
    ("E1", "killed · children", ["The Harrow Hill militia", "armed forces or armed group", "at least 30",
                                 "30 – open", "2024-03-03", "2024-03-03", "1", "#3"]),
    ("E2", "injured", ["A nurse", "witness", "about 12", "10 – 14", "2024-03-05", "2024-03-05", "1", "#4"]),
])
def test_source_table_row(tree: lxml.html.HtmlElement, event_id: str, heading: str, row: list[str]) -> None:
    table = range_section(tree, event_id, heading).find_class("sources")[0]
    rows = [[td.text_content() for td in tr.findall("td")] for tr in table.xpath(".//tbody/tr[td]")]
    assert row in rows


# -- charts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("event_id, heading, bars, open_bars, timeline", [
    ("E1", "killed", 1, 0, False),
    ("E1", "killed · children", 2, 1, True),
    ("E2", "injured", 1, 0, False),
])
def test_charts_per_range(tree: lxml.html.HtmlElement, event_id: str, heading: str, bars: int, open_bars: int,
                          timeline: bool) -> None:
    section = range_section(tree, event_id, heading)
    charts = section.xpath(".//svg[contains(@class, 'interval')]")
    assert len(charts) == 1
    svg = charts[0]
    assert svg.get("class") == "chart interval" and svg.get("role") == "img" and svg.get("aria-label")
    assert len(svg.xpath(".//rect[contains(concat(' ', @class, ' '), ' bar ')]")) == bars
    assert len(svg.xpath(".//rect[@class='bar open']")) == open_bars
    assert len(svg.xpath(".//path[@class='arrow']")) == open_bars
    assert len(section.xpath(".//svg[@class='chart timeline']")) == int(timeline)


@pytest.mark.parametrize("range_dict, lines", [
    (KILLED, ["low = best = high 41"]),
    (KILLED_CHILDREN, ["low 30", "best 40", "high open →"]),
    (INJURED, ["low 10", "best 12", "high 14"]),
])
def test_interval_chart_range_lines(range_dict: dict, lines: list[str]) -> None:
    svg = lxml.html.fromstring(interval_chart(range_dict))
    assert [t.text_content() for t in svg.xpath(".//text[contains(@class, 'range-label')]")] == lines
    assert svg.xpath(".//text[@class='tick']"), "the axis has numeric ticks"


@pytest.mark.parametrize("range_dict, series", [
    (KILLED_CHILDREN, 2),  # every source gets a series once one of them has two reports
    (KILLED, 0),
    (INJURED, 0),
])
def test_timeline_chart(range_dict: dict, series: int) -> None:
    svg = timeline_chart(range_dict)
    if not series:
        assert svg == ""
        return
    tree = lxml.html.fromstring(svg)
    assert tree.get("class") == "chart timeline" and tree.get("role") == "img"
    assert len(tree.xpath(".//g[contains(@class, 'series ')]")) == series
    assert len(tree.xpath(".//g[contains(@class, 'series ')]/circle[@class='marker']")) == 3
    assert [t.text_content() for t in tree.xpath(".//g[contains(@class, 'legend')]/text")] == [
        "The Velmora health ministry", "The Harrow Hill militia"]


def test_timeline_colours_by_type_and_line_style() -> None:
    """Colour follows the source type (as in the interval chart); two sources of one type differ by line."""
    other = source("office", "The Velmora mayor's office", "government", MINISTRY["history"])
    svg = lxml.html.fromstring(timeline_chart(figure_range("killed", "children", [MINISTRY, MILITIA, other],
                                                           30, 40, 50, high_open=True)))
    assert [g.get("class") for g in svg.xpath(".//g[contains(@class, 'series ')]")] == [
        "series type-government line-0", "series type-armed line-0", "series type-government line-1"]


# -- highlighting ---------------------------------------------------------------------------

SENTENCE = "The ministry said 41 children were killed."
MARKED = 'The ministry said <mark class="figure">41</mark> children were killed.'


@pytest.mark.parametrize("ref, expected", [
    (claim(1, SENTENCE, "41", 41, 41), MARKED),
    (claim(1, SENTENCE, "41", 41, 41, sentence_start=0), MARKED),
    (claim(1, SENTENCE, "41", 41, 41, shift=5), MARKED),  # wrong offset: found by text search
    ({**claim(1, SENTENCE, "41", 41, 41), "start": None}, MARKED),
    (claim(1, "Of 141 people, 41 were killed.", "41", 41, 41, shift=-10),
     'Of 141 people, <mark class="figure">41</mark> were killed.'),  # search prefers a whole word
    ({**claim(1, SENTENCE, "41", 41, 41), "figure": "forty"}, SENTENCE),  # nowhere: no highlight
    (claim(1, "Officials said 7 <b>died</b>.", "7", 7, 7),
     'Officials said <mark class="figure">7</mark> &lt;b&gt;died&lt;/b&gt;.'),
])
def test_highlight_sentence(ref: dict, expected: str) -> None:
    assert highlight_sentence(ref) == expected


def test_highlight_in_page(page: str) -> None:
    assert MARKED in page
    assert 'The militia said <mark class="figure">at least 30</mark> children were killed.' in page


# -- hostile input --------------------------------------------------------------------------

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)")


def hostile_report() -> str:
    text = " ".join(PAYLOADS)
    sentence = f"{text} said 9 people were killed {text}."
    ref = claim(9, sentence, "9", 9, 9, source=text)
    bad = source(text, text, text, [point("2024-03-02", 9, ref), point(text, 10, ref)])
    rng = figure_range(text, text, [bad], 9, 9, 9)
    rng["rule"] = text
    evt = event(text, text, text, [rng], [{"kind": text, "outcome": text, "group": text, "explanation": text,
                                           "claims": [ref]}], documents=(9,))
    evt.update(outlets=[text], kind=text, country=text, date_precision=text)
    documents = {9: {"title": text, "url": "javascript:alert(1)", "published": text, "publisher": text},
                 10: {"title": text, "url": 'https://x.invalid/"><script>alert(1)</script>', "published": None,
                      "publisher": None}}
    evt["ranges"][0]["sources"][0]["documents"] = [9, 10]
    return render_report([evt], documents, title=text, generated=text)


class Collector(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def tags_by_html_parser(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    collector = Collector()
    collector.feed(page)
    collector.close()
    return collector.tags


def tags_by_lxml(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    return [(el.tag, list(el.attrib.items())) for el in lxml.html.fromstring(page).iter()
            if isinstance(el.tag, str)]


@pytest.mark.parametrize("parse", [tags_by_html_parser, tags_by_lxml])
def test_hostile_input_is_inert(parse) -> None:
    page = hostile_report()
    tags = parse(page)
    names = {tag.lower() for tag, _ in tags}
    assert "script" not in names and "img" not in names
    attrs = [(name.lower(), value or "") for _, pairs in tags for name, value in pairs]
    assert not [a for a in attrs if a[0].startswith("on")]
    assert not [v for n, v in attrs if n in ("href", "src") and not v.startswith(("#", "https://"))]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the text is shown, escaped


def test_hostile_url_is_text_not_link() -> None:
    tree = lxml.html.fromstring(hostile_report())
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    assert 'https://x.invalid/"><script>alert(1)</script>' in hrefs  # an http(s) URL, kept as one attribute
    assert "javascript:alert(1)" in tree.xpath("string(//span[@class='url'])")


# -- no external resources ------------------------------------------------------------------

@pytest.mark.parametrize("forbidden", ["<script", "<link", "<img", "<iframe", "<object", "<embed", "@import",
                                       "url(", "src="])
def test_no_external_resources(page: str, forbidden: str) -> None:
    assert forbidden not in page.lower()


def test_only_article_links_leave_the_page(tree: lxml.html.HtmlElement) -> None:
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in ("href", "src"):
            value = element.get(name)
            if value is None or value.startswith("#"):
                continue
            assert element.tag == "a" and name == "href", (element.tag, name, value)
            assert value in {d["url"] for d in DOCUMENTS.values()}, value


def test_ftp_and_missing_urls_are_not_links(tree: lxml.html.HtmlElement) -> None:
    hrefs = {a.get("href") for a in tree.iter("a")}
    assert "https://news.invalid/velmora-1" in hrefs
    assert not [h for h in hrefs if h.startswith("ftp:")]


# -- in a browser ---------------------------------------------------------------------------

def open_page(browser, tmp_path: Path, html: str):
    """A page showing ``html`` from a file, recording console errors, dialogs and requests."""
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    seen = {"errors": [], "dialogs": [], "requests": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.goto(path.as_uri())
    return page, seen


def test_report_in_chromium(browser, tmp_path: Path) -> None:
    page, seen = open_page(browser, tmp_path, render_report(EVENTS, DOCUMENTS, generated=GENERATED))
    try:
        for kind in ("interval", "timeline"):
            box = page.locator(f"svg.chart.{kind}").first.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 40, (kind, box)
        marks = page.locator("mark.figure")
        assert marks.count() >= 4
        assert all(marks.nth(i).is_visible() for i in range(marks.count()))
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    finally:
        page.close()
    assert seen["errors"] == []
    assert [u for u in seen["requests"] if not u.startswith("file:")] == []


def test_hostile_report_runs_nothing_in_chromium(browser, tmp_path: Path) -> None:
    page, seen = open_page(browser, tmp_path, hostile_report())
    try:
        assert page.locator("script, img").count() == 0
        assert re.search(r"<script>alert\(1\)</script>", page.locator("h1").inner_text())
    finally:
        page.close()
    assert seen["dialogs"] == [] and seen["errors"] == []
