"""One self-contained HTML page of reconciled events: tables, inline SVG charts, quoted sentences.

The page opens offline: styles come from ``static/report.css`` and are inlined, charts are SVG
drawn here, and there is no JavaScript (the Content-Security-Policy forbids it). Every string
from a document or an event dict is escaped; a URL becomes a link only when it is http(s).
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from importlib.resources import files

from tollbook.reconcile.vocab import SOURCE_TYPE_LABELS, SOURCE_TYPES

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CHART_WIDTH = 640
Scale = Callable[[float], float]  # a value -> its x or y in the chart
LINE_STYLES = 3  # timeline sources of one type differ by line style: .line-0 .. .line-2 in report.css


def _e(value: object) -> str:
    """Escaped text (None is empty)."""
    return "" if value is None else html.escape(str(value), quote=True)


def _n(value: object) -> str:
    """A number with thousands separators, escaped; a dash when missing."""
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) else _e(value)


def _words(value: str | None) -> str:
    return _e((value or "").replace("_", " "))


def _type_label(kind: str | None) -> str:
    return SOURCE_TYPE_LABELS.get(kind or "unknown", kind or "unknown")


def _css_type(kind: str | None) -> str:
    """A class name for a source type; unknown or odd types share ``type-unknown``."""
    return f"type-{kind}" if kind in SOURCE_TYPES else "type-unknown"


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _interval(low: int | None, high: int | None) -> str:
    if low is None:
        return "—"
    if high is None:
        return f"{_n(low)} – open"
    return _n(low) if low == high else f"{_n(low)} – {_n(high)}"


def _subject(item: dict) -> str:
    """``killed · children`` for a range or conflict."""
    group = item.get("group")
    return _words(item.get("outcome")) + (f" · {_words(group)}" if group else "")


DERIVED_AS = {"sum": "the sum of the parts this source states together",
              "individuals": "the number of distinct individual victims this source describes"}


def _derived_badge(source: dict) -> str:
    """A ``derived`` badge for a source's figure that adds up several of its claims; empty otherwise."""
    if not source.get("derived"):
        return ""
    how = DERIVED_AS.get(source.get("derivation") or "", "derived from several claims")
    return f' <span class="badge derived" title="{_e(how)}">derived</span>'


def _summed(source: dict, documents: dict[int, dict]) -> str:
    """The claims a derived figure adds up, by document: ``adds up c1, c2 of #3``."""
    by_document: dict[object, list[str]] = {}
    for claim in source.get("summed") or []:
        by_document.setdefault(claim.get("document_id"), []).append(str(claim.get("claim")))
    if not by_document:
        return ""
    parts = "; ".join(f"{_e(', '.join(keys))} of {_doc_refs([doc], documents)}" for doc, keys in by_document.items())
    return f'<br><span class="summed muted">adds up {parts}</span>'


# -- sentences and documents --------------------------------------------------------------

def highlight_sentence(claim: dict) -> str:
    """The claim's sentence as escaped HTML with its figure in ``<mark class="figure">``.

    The figure is at ``start - sentence_start`` in the sentence; when that slice is not the
    figure, the first whole-word occurrence of the figure is marked, else nothing is.
    """
    sentence, figure = claim.get("sentence") or "", claim.get("figure") or ""
    span = _offset_span(claim, sentence, figure) or _search_span(sentence, figure)
    if not span:
        return _e(sentence)
    a, b = span
    return f'{_e(sentence[:a])}<mark class="figure">{_e(sentence[a:b])}</mark>{_e(sentence[b:])}'


def _offset_span(claim: dict, sentence: str, figure: str) -> tuple[int, int] | None:
    try:
        a = int(claim["start"]) - int(claim["sentence_start"])
        b = int(claim["end"]) - int(claim["sentence_start"])
    except (KeyError, TypeError, ValueError):
        return None
    return (a, b) if figure and 0 <= a < b <= len(sentence) and sentence[a:b] == figure else None


def _search_span(sentence: str, figure: str) -> tuple[int, int] | None:
    if not figure:
        return None
    found = re.search(rf"(?<!\w){re.escape(figure)}(?!\w)", sentence)
    if found:
        return found.span()
    at = sentence.find(figure)
    return (at, at + len(figure)) if at >= 0 else None


def _safe_url(url: object) -> str | None:
    """The URL when it is http(s), else None (``javascript:`` and the like never become links)."""
    if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _doc_info(doc_id: object, documents: dict) -> dict:
    """A document's facts; ids may be ints or, after a JSON round trip, strings."""
    return documents.get(doc_id) or documents.get(str(doc_id)) or {}


def _document(doc_id: int, documents: dict[int, dict]) -> str:
    """A document's title (linked when its URL is http(s)), publisher and date."""
    doc = _doc_info(doc_id, documents)
    title = _e(doc.get("title") or f"document {doc_id}")
    url = _safe_url(doc.get("url"))
    if url:
        title = f'<a href="{_e(url)}" rel="noopener noreferrer">{title}</a>'
    elif doc.get("url"):
        title += f' <span class="url">{_e(doc["url"])}</span>'
    extra = [_e(v) for v in (doc.get("publisher"), doc.get("published")) if v]
    return f'<span class="doc">{title}{"".join(f" · {v}" for v in extra)}</span>'


def _doc_refs(doc_ids: Iterable[int], documents: dict[int, dict]) -> str:
    """Document ids, each linked to its article when it has an http(s) URL."""
    refs = []
    for doc_id in doc_ids:
        doc = _doc_info(doc_id, documents)
        url, label = _safe_url(doc.get("url")), f"#{_e(doc_id)}"
        tip = f' title="{_e(doc.get("title"))}"' if doc.get("title") else ""
        refs.append(f'<a href="{_e(url)}"{tip} rel="noopener noreferrer">{label}</a>' if url
                    else f"<span{tip}>{label}</span>")
    return ", ".join(refs)


def _quote(claim: dict, documents: dict[int, dict], who: str | None = None) -> str:
    claimant = who if who is not None else claim.get("source") or "no claimant named"
    return (f'<blockquote>{highlight_sentence(claim)}</blockquote>'
            f'<p class="cite">{_e(claimant)} · {_document(claim.get("document_id"), documents)}</p>')


# -- charts ---------------------------------------------------------------------------------

def _nice_max(value: float) -> tuple[float, float]:
    """An axis maximum >= value and its tick step (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1)  # casualty counts are whole numbers
    return math.ceil(value / step) * step, step


def _svg(kind: str, height: int, label: str, body: list[str]) -> str:
    return (f'<svg class="chart {kind}" role="img" aria-label="{_e(label)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}">'
            f'<title>{_e(label)}</title>{"".join(body)}</svg>')


def _x_axis(y: float, left: float, right: float, top: float, top_max: float, step: float) -> list[str]:
    """A horizontal number axis from 0 to top_max with light grid lines up to ``top``."""
    parts = [f'<line class="axis" x1="{left}" y1="{y}" x2="{right}" y2="{y}"/>']
    for i in range(int(top_max / step) + 1):
        value = i * step
        x = left + value / top_max * (right - left)
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{y}"/>'
                     f'<text class="tick" x="{x:.1f}" y="{y + 16}" text-anchor="middle">{_n(int(value))}</text>')
    return parts


def interval_chart(range_dict: dict) -> str:
    """An SVG of one range: a bar per source from low to high, the point figure, and the range's low/best/high."""
    sources = range_dict.get("sources") or []
    left, right, top, row = 190, CHART_WIDTH - 30, 50, 26
    bottom = top + row * len(sources)
    values = [range_dict.get("high") or 0]
    values += [v for s in sources for v in (s.get("low"), s.get("high"), s.get("point")) if isinstance(v, int | float)]
    top_max, step = _nice_max(max(values) * 1.05)

    def x(value: float) -> float:
        return left + value / top_max * (right - left)

    body = _x_axis(bottom + 4, left, right, top - 6, top_max, step)
    body += _range_lines(range_dict, x, left, top - 6, bottom + 4)
    for i, source in enumerate(sources):
        body.append(_source_bar(source, x, top + i * row + row / 2, left, right))
    label = f"{range_dict.get('outcome')} {range_dict.get('group') or ''}: figures by source".replace("  ", " ")
    return _svg("interval", bottom + 30, label, body)


def _range_lines(range_dict: dict, x: Scale, left: float, y1: float, y2: float) -> list[str]:
    """Vertical lines at the range's low, best and high; equal values share one line and label."""
    marks: dict[int, list[str]] = {}
    for name in ("low", "best", "high"):
        if name == "high" and range_dict.get("high_open"):
            continue
        if isinstance(range_dict.get(name), int):
            marks.setdefault(range_dict[name], []).append(name)
    parts = []
    for row, (value, names) in enumerate(sorted(marks.items())):
        xv = min(max(x(value), left + 40), CHART_WIDTH - 70)
        text = f"{' = '.join(names)} {_n(value)}"
        parts.append(f'<line class="range-line {" ".join(names)}" x1="{x(value):.1f}" y1="{y1 - 2}" '
                     f'x2="{x(value):.1f}" y2="{y2}"/>'
                     f'<text class="range-label" x="{xv:.1f}" y="{12 + 13 * row}" text-anchor="middle">'
                     f'{_e(text)}</text>')
    if range_dict.get("high_open"):
        y = 12 + 13 * len(marks)  # on a row of its own, below the low and best labels
        parts.append(f'<text class="range-label open" x="{CHART_WIDTH - 4}" y="{y}" text-anchor="end">'
                     "high open →</text>")
    return parts


def _source_bar(source: dict, x: Scale, y: float, left: float, right: float) -> str:
    """One source's row: its name, a bar from low to high (to the edge with an arrow when open), its point."""
    name = source.get("name") or source.get("key") or "?"
    low, high, point = source.get("low") or 0, source.get("high"), source.get("point")
    kind = _css_type(source.get("type"))
    x1 = x(low)
    x2 = right if high is None else x(high)
    if x2 - x1 < 8:  # an exact figure still gets a visible bar, centred on it
        middle = (x1 + x2) / 2
        x1, x2 = middle - 4, middle + 4
    derived = " derived" if source.get("derived") else ""
    parts = [f'<g class="source {kind}{derived}"><title>{_e(name)}: {_e(source.get("figure"))} '
             f'({_interval(low, high)}){" — derived" if derived else ""}</title>',
             f'<text class="name" x="{left - 10}" y="{y + 4}" text-anchor="end">{_e(_short(str(name)))}</text>',
             f'<rect class="bar{" open" if high is None else ""}" x="{x1:.1f}" y="{y - 6}" '
             f'width="{x2 - x1:.1f}" height="12" rx="2"/>']
    if high is None:
        parts.append(f'<path class="arrow" d="M{right:.1f} {y - 9} L{right + 12:.1f} {y} L{right:.1f} {y + 9} Z"/>')
    if isinstance(point, int | float):
        parts.append(f'<line class="point" x1="{x(point):.1f}" y1="{y - 10}" x2="{x(point):.1f}" y2="{y + 10}"/>')
    return "".join(parts) + "</g>"


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _series(range_dict: dict) -> list[tuple[str, str, list[tuple[date, int, int | None]]]]:
    """Per source: its name, its classes (colour by type, line style) and dated history points (day, low, high)."""
    series, per_type = [], Counter()
    for source in range_dict.get("sources") or []:
        points = [(d, h.get("low") or 0, h.get("high")) for h in source.get("history") or []
                  if (d := _day(h.get("seen"))) is not None]
        if points:
            kind = _css_type(source.get("type"))
            classes = f"{kind} line-{per_type[kind] % LINE_STYLES}"
            per_type[kind] += 1
            name = str(source.get("name") or source.get("key") or "?")
            series.append((name, classes, sorted(points, key=lambda p: p[0])))
    return series


def timeline_chart(range_dict: dict) -> str:
    """An SVG of how each source's figure changed across reports; empty when no source has 2+ reports."""
    if not any(len(s.get("history") or []) >= 2 for s in range_dict.get("sources") or []):
        return ""
    series = _series(range_dict)
    if not series:
        return ""
    left, right, top, plot_bottom = 60, CHART_WIDTH - 24, 16, 196
    days = [p[0] for _, _, points in series for p in points]
    first, last = min(days), max(days)
    if first == last:
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).days
    highest = max(v for _, _, points in series for p in points for v in (p[1], p[2]) if v is not None)
    top_max, step = _nice_max(highest * 1.1)

    def x(day: date) -> float:
        return left + 12 + (day - first).days / span * (right - left - 24)

    def y(value: float) -> float:
        return plot_bottom - value / top_max * (plot_bottom - top)

    body = _y_axis(left, right, y, top_max, step) + _date_axis(first, span, x, plot_bottom, left, right)
    for i, (name, classes, points) in enumerate(series):
        body.append(_series_marks(i, name, classes, points, x, y, top))
        legend_y = plot_bottom + 44 + 18 * i
        body.append(f'<g class="legend {classes}"><line class="trend" x1="{left}" y1="{legend_y - 4}" '
                    f'x2="{left + 22}" y2="{legend_y - 4}"/><circle class="marker" cx="{left + 11}" '
                    f'cy="{legend_y - 4}" r="4"/><text x="{left + 30}" y="{legend_y}">{_e(name)}</text></g>')
    label = f"{range_dict.get('outcome')} {range_dict.get('group') or ''}: figures over time".replace("  ", " ")
    return _svg("timeline", plot_bottom + 36 + 18 * len(series), label, body)


def _y_axis(left: float, right: float, y: Scale, top_max: float, step: float) -> list[str]:
    parts = [f'<line class="axis" x1="{left}" y1="{y(0):.1f}" x2="{left}" y2="{y(top_max):.1f}"/>']
    for i in range(int(top_max / step) + 1):
        yv = y(i * step)
        parts.append(f'<line class="grid" x1="{left}" y1="{yv:.1f}" x2="{right}" y2="{yv:.1f}"/>'
                     f'<text class="tick" x="{left - 6}" y="{yv + 4:.1f}" text-anchor="end">'
                     f"{_n(int(i * step))}</text>")
    return parts


def _date_axis(first: date, span: int, x: Callable[[date], float], y: float, left: float, right: float) -> list[str]:
    parts = [f'<line class="axis" x1="{left}" y1="{y}" x2="{right}" y2="{y}"/>']
    count = min(5, span + 1)
    ticks = sorted({first + timedelta(days=round(i * span / (count - 1))) for i in range(count)})
    for day in ticks:
        parts.append(f'<text class="tick" x="{x(day):.1f}" y="{y + 16}" text-anchor="middle">{day.isoformat()}</text>')
    return parts


def _series_marks(i: int, name: str, classes: str, points: list, x: Callable[[date], float], y: Scale,
                  top: float) -> str:
    """One source's line, its low..high bars (open ones run to the top) and point markers."""
    shift = (i % 3 - 1) * 4  # sources reporting the same day do not hide each other
    parts, line = [f'<g class="series {classes}"><title>{_e(name)}</title>'], []
    for day, low, high in points:
        xv = x(day) + shift
        marker = low if high is None or high == low else (low + high) / 2
        line.append(f"{xv:.1f},{y(marker):.1f}")
        y_high = top if high is None else y(high)
        parts.append(f'<line class="span{" open" if high is None else ""}" x1="{xv:.1f}" y1="{y(low):.1f}" '
                     f'x2="{xv:.1f}" y2="{y_high:.1f}"/>'
                     f'<circle class="marker" cx="{xv:.1f}" cy="{y(marker):.1f}" r="4">'
                     f'<title>{_e(name)}, {day.isoformat()}: {_interval(low, high)}</title></circle>')
    if len(line) > 1:
        parts.insert(1, f'<polyline class="trend" points="{" ".join(line)}"/>')
    return "".join(parts) + "</g>"


# -- page sections --------------------------------------------------------------------------

def _killed(event: dict) -> dict | None:
    return next((r for r in event.get("ranges") or [] if r.get("outcome") == "killed" and not r.get("group")), None)


def _dates(event: dict) -> str:
    start, end = event.get("date_start"), event.get("date_end")
    if start and end and start != end:
        text = f"{_e(start)} – {_e(end)}"
    else:
        text = _e(start or end or "unknown")
    return text + (f' <span class="muted">({_e(event["date_precision"])})</span>'
                   if event.get("date_precision") else "")


def _place(event: dict) -> str:
    names = [_e(v) for v in (event.get("place"), event.get("admin1"), event.get("country")) if v]
    text = ", ".join(names) or "unknown"
    lat, lon = event.get("latitude"), event.get("longitude")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        text += f' <span class="muted">({lat:.3f}, {lon:.3f})</span>'
    return text


def _sources_count(event: dict) -> int:
    return len({s.get("key") for r in event.get("ranges") or [] for s in r.get("sources") or []})


def _derived_mark(range_dict: dict) -> str:
    derived = range_dict.get("derived") or []
    if not derived:
        return ""
    return f' <span class="badge derived" title="derived: {_e(", ".join(derived))}">derived</span>'


def _summary(events: list[dict]) -> str:
    rows = []
    for event in events:
        killed = _killed(event) or {}
        high = "open" if killed.get("high_open") else _n(killed.get("high"))
        rows.append(f'<tr><td><a href="#event-{_e(event.get("id"))}">{_e(event.get("label"))}</a></td>'
                    f'<td class="date">{_dates(event)}</td><td>{_place(event)}</td>'
                    f'<td class="num">{_n(killed.get("best"))}{_derived_mark(killed)}</td>'
                    f'<td class="num">{_n(killed.get("low"))}</td><td class="num">{high}</td>'
                    f'<td class="num">{_sources_count(event)}</td>'
                    f'<td class="num">{len(event.get("conflicts") or [])}</td></tr>')
    return ('<table class="summary"><caption>Events</caption><thead><tr><th>Event</th><th>Dates</th>'
            '<th>Place</th><th>Killed (best)</th><th>low</th><th>high</th><th>Sources</th><th>Conflicts</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _facts(event: dict) -> str:
    outlets = ", ".join(_e(o) for o in event.get("outlets") or []) or '<span class="muted">none named</span>'
    facts = [("Dates", _dates(event)), ("Place", _place(event)), ("Kind", _e(event.get("kind") or "unknown")),
             ("Documents", str(len(event.get("documents") or []))),
             ("Reports", f'{len(event.get("reports") or {})} <span class="muted">(syndicated copies counted once)'
                         "</span>"),
             ("Outlets", outlets)]
    return '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"


def _figures(range_dict: dict) -> str:
    high = (f'open <span class="muted">(at least {_n(range_dict.get("high"))})</span>'
            if range_dict.get("high_open") else _n(range_dict.get("high")))
    reviewed = ' <span class="badge">reviewed</span>' if range_dict.get("reviewed") else ""
    derived = range_dict.get("derived") or []
    if derived:
        reviewed += (f' <span class="badge derived" title="these figures rest only on sums of parts or counts of '
                     f'individual victims">derived: {_e(", ".join(derived))}</span>')
    count = range_dict.get("number_of_sources", len(range_dict.get("sources") or []))
    return (f'<p class="figures"><span>low <b class="low">{_n(range_dict.get("low"))}</b></span>'
            f'<span>best <b class="best">{_n(range_dict.get("best"))}</b></span>'
            f'<span>high <b class="high">{high}</b></span>'
            f'<span class="muted">best by rule: {_e(range_dict.get("rule"))} · {_n(count)} '
            f'source{"" if count == 1 else "s"}</span>{reviewed}</p>')


def _grouped(sources: list[dict]) -> list[tuple[str, list[dict]]]:
    """Sources by type in the order of ``SOURCE_TYPES``; unexpected types come last."""
    kinds = list(SOURCE_TYPES) + sorted({s.get("type") or "unknown" for s in sources} - set(SOURCE_TYPES))
    return [(k, group) for k in kinds if (group := [s for s in sources if (s.get("type") or "unknown") == k])]


def _coverage(sources: list[dict]) -> str:
    present = {s.get("type") or "unknown" for s in sources}
    chips = [f'<span class="chip {_css_type(k)}{"" if k in present else " absent"}">{_e(_type_label(k))}</span>'
             for k in SOURCE_TYPES if k != "unknown" or k in present]
    return f'<p class="coverage"><span class="muted">figures from:</span> {"".join(chips)}</p>'


def _source_table(range_dict: dict, documents: dict[int, dict]) -> str:
    bodies = []
    for kind, group in _grouped(range_dict.get("sources") or []):
        rows = [f'<tr class="group"><th colspan="8" scope="rowgroup">{_e(_type_label(kind))} '
                f'<span class="muted">({len(group)})</span></th></tr>']
        for s in group:
            badge = ' <span class="badge">reviewed</span>' if s.get("reviewed") else ""
            rows.append(f'<tr><td><span class="swatch {_css_type(s.get("type"))}"></span>'
                        f'{_e(s.get("name"))}{badge}</td>'
                        f'<td>{_e(_type_label(s.get("type")))}</td>'
                        f'<td class="figure">{_e(s.get("figure"))}{_derived_badge(s)}{_summed(s, documents)}</td>'
                        f'<td class="num">{_interval(s.get("low"), s.get("high"))}</td>'
                        f'<td class="date">{_e(s.get("first_seen") or "—")}</td>'
                        f'<td class="date">{_e(s.get("last_seen") or "—")}</td>'
                        f'<td class="num">{_n(s.get("reports"))}</td>'
                        f'<td>{_doc_refs(s.get("documents") or [], documents)}</td></tr>')
        bodies.append(f'<tbody class="{_css_type(kind)}">{"".join(rows)}</tbody>')
    return ('<table class="sources"><thead><tr><th>Claimant</th><th>Type</th><th>Latest figure</th>'
            '<th>Interval</th><th>First seen</th><th>Last seen</th><th>Reports</th><th>Documents</th></tr></thead>'
            f'{"".join(bodies)}</table>')


def _range_section(range_dict: dict, documents: dict[int, dict]) -> str:
    timeline = timeline_chart(range_dict)
    derived = any(s.get("derived") for s in range_dict.get("sources") or [])
    note = (" A pale bar with a dashed outline is a derived figure: the sum of the parts a source states together, or the "
            "individual victims it describes." if derived else "")
    return (f'<section class="range"><h3>{_subject(range_dict)}</h3>{_figures(range_dict)}'
            f'{_coverage(range_dict.get("sources") or [])}{_source_table(range_dict, documents)}'
            f'<figure>{interval_chart(range_dict)}<figcaption>Each source’s latest figure, low to high; '
            f'the tick is the figure as stated.{note}</figcaption></figure>'
            + (f'<figure>{timeline}<figcaption>Figures by report date.</figcaption></figure>' if timeline else "")
            + "</section>")


def _conflicts(event: dict, documents: dict[int, dict]) -> str:
    conflicts = event.get("conflicts") or []
    if not conflicts:
        return ""
    items = []
    for c in conflicts:
        claims = "".join(f"<li>{_quote(claim, documents)}</li>" for claim in c.get("claims") or [])
        items.append(f'<li class="conflict"><p><span class="kind">{_words(c.get("kind"))}</span> '
                     f'<span class="muted">{_subject(c)}</span> {_e(c.get("explanation"))}</p>'
                     f'<ul class="quotes">{claims}</ul></li>')
    return f'<section class="conflicts"><h3>Conflicts ({len(conflicts)})</h3><ul>{"".join(items)}</ul></section>'


def _overrides(event: dict) -> str:
    """A reviewer's values in place of the computed ones, each with what it replaced."""
    from tollbook.export.ged_csv import override_text

    items = "".join(f"<li>{_e(override_text(o))}</li>" for o in event.get("overrides") or [])
    return f'<section class="overrides"><h3>Overridden by a reviewer</h3><ul>{items}</ul></section>' if items else ""


def _quotes(event: dict, documents: dict[int, dict]) -> str:
    blocks = []
    for r in event.get("ranges") or []:
        items = []
        for s in r.get("sources") or []:
            history = s.get("history") or []
            claims = s.get("summed") or [s.get("claim") or (history[-1].get("claim") if history else None)]
            seen: set[tuple] = set()
            for claim in claims:
                where = (claim or {}).get("document_id"), (claim or {}).get("sentence_start")
                if claim and where not in seen:  # parts stated together share their sentence
                    seen.add(where)
                    items.append(f"<li>{_quote(claim, documents, s.get('name'))}</li>")
        if items:
            blocks.append(f'<h4>{_subject(r)}</h4><ul class="quotes">{"".join(items)}</ul>')
    return f'<section class="quoted"><h3>Quoted sentences</h3>{"".join(blocks)}</section>' if blocks else ""


def _event_section(event: dict, documents: dict[int, dict]) -> str:
    ranges = "".join(_range_section(r, documents) for r in event.get("ranges") or [])
    return (f'<section class="event" id="event-{_e(event.get("id"))}"><h2>{_e(event.get("label"))}</h2>'
            f'{_facts(event)}{_overrides(event)}{ranges or "<p class=muted>No figures.</p>"}'
            f'{_conflicts(event, documents)}'
            f'{_quotes(event, documents)}<p class="top"><a href="#top">back to the list</a></p></section>')


def _stylesheet() -> str:
    return (files("tollbook.export") / "static" / "report.css").read_text(encoding="utf-8")


def render_report(
    events: list[dict], documents: dict[int, dict], *, title: str = "tollbook report", generated: str | None = None
) -> str:
    """One self-contained HTML page of events (``Event.to_dict()``) and their documents.

    Args:
        documents: document id -> ``{"title", "url", "published", "publisher"}``.
        generated: the time shown as the page's date; now (UTC) when None.
    """
    stamp = generated if generated is not None else datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = "".join(_event_section(e, documents) for e in events) or '<p class="muted">No events.</p>'
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="referrer" content="no-referrer">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{_stylesheet()}</style></head>"
            f'<body id="top"><header><h1>{_e(title)}</h1><p class="muted">{len(events)} '
            f'event{"" if len(events) == 1 else "s"} · generated {_e(stamp)} · figures are claims as reported, '
            "not verified counts</p></header>"
            f"<nav>{_summary(events)}</nav><main>{body}</main></body></html>\n")
