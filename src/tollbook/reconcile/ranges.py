"""low / best / high per (event, outcome, group), the per-source table and each source's history.

Rules (README, "Ranges"):

- Each source counts once per report (syndicated copies are one report); within a
  report its figure is the highest it states for that outcome and group.
- A source's figure is its latest report's (by publication date): a toll that rises
  from the same source is an update, kept in the source's history.
- ``low`` is the lowest of the sources' lower bounds; ``high`` the highest of their upper
  bounds (an open bound, "at least 30", counts as its lower bound and sets ``high_open``).
- ``best`` follows ``Options.best``: by default the median of the sources' point figures
  (the number as stated: "about 40" is 40; vague words such as "dozens" have none; when
  no source has a point figure, the median of the lower bounds).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tollbook.model import Claim
from tollbook.reconcile.model import (
    ClaimRef,
    DocumentInfo,
    HistoryPoint,
    Mention,
    Options,
    Range,
    SourceFigure,
)
from tollbook.reconcile.vocab import SOURCE_TYPES

UNATTRIBUTED = "unattributed: "  # the key prefix of figures with no claimant: "unattributed: outlet.example"


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who makes a claim, after normalisation."""

    key: str
    name: str
    type: str


def point(claim: Claim) -> int | None:
    """The figure as one number: the number as stated, None for vague words."""
    if claim.qualifier == "vague":
        return None
    if claim.high is None or claim.qualifier in ("exact", "at_least", "more_than"):
        return claim.low
    if claim.qualifier in ("nearly", "fewer_than", "up_to"):
        return claim.high
    return (claim.low + claim.high + 1) // 2  # about, between: the middle


def upper(claim: Claim | SourceFigure) -> float:
    return float("inf") if claim.high is None else claim.high


def reference(mention: Mention, speaker: Speaker | None = None) -> ClaimRef:
    c = mention.claim
    return ClaimRef(document_id=mention.document_id, claim=c.id, figure=c.figure, start=c.start, end=c.end,
                    sentence_start=c.sentence_start, sentence_end=c.sentence_end, sentence=mention.sentence,
                    source=c.source, low=c.low, high=c.high, source_key=speaker.key if speaker else None,
                    source_type=speaker.type if speaker else None)


def _rank(claim: Claim) -> tuple:
    return (claim.low, upper(claim), -claim.start)


def source_figures(
    entries: Sequence[tuple[Mention, Speaker]],
    documents: Mapping[int, DocumentInfo],
    report_of: Mapping[int, int],
    outlet_of: Mapping[int, str | None],
) -> list[SourceFigure]:
    """The per-source table of one (event, outcome, group)."""
    by_source: dict[str, list[tuple[Mention, Speaker]]] = defaultdict(list)
    for mention, speaker in entries:
        by_source[speaker.key].append((mention, speaker))
    rows: list[SourceFigure] = []
    for key, items in by_source.items():
        speaker = items[0][1]
        by_report: dict[int, list[Mention]] = defaultdict(list)
        for mention, _ in items:
            by_report[report_of.get(mention.document_id, mention.document_id)].append(mention)
        history: list[HistoryPoint] = []
        for report, mentions in by_report.items():
            chosen = max(mentions, key=lambda m: _rank(m.claim))
            docs = tuple(sorted({m.document_id for m in mentions}))
            dates = [documents[d].published for d in docs if documents[d].published]
            c = chosen.claim
            history.append(HistoryPoint(seen=min(dates) if dates else None, report=report, documents=docs,
                                        figure=c.figure, qualifier=c.qualifier, low=c.low, high=c.high,
                                        point=point(c), claim=reference(chosen, speaker)))
        history.sort(key=lambda h: (h.seen is None, h.seen or "", h.report))
        latest = history[-1]
        documents_of = tuple(sorted({m.document_id for m, _ in items}))
        outlets = tuple(sorted({o for d in documents_of if (o := outlet_of.get(d))}))
        seen = [h.seen for h in history if h.seen]
        rows.append(SourceFigure(
            key=key, name=speaker.name, type=speaker.type, figure=latest.figure, qualifier=latest.qualifier,
            low=latest.low, high=latest.high, point=latest.point,
            first_seen=min(seen) if seen else None, last_seen=max(seen) if seen else None,
            documents=documents_of, reports=len(history), outlets=outlets, history=tuple(history),
            reviewed=any(m.reviewed for m, _ in items),
        ))
    rows.sort(key=lambda r: (SOURCE_TYPES.index(r.type) if r.type in SOURCE_TYPES else len(SOURCE_TYPES), r.key))
    return rows


def best_figure(rows: Sequence[SourceFigure], options: Options) -> int:
    """``best`` by the chosen rule (see the module docstring)."""
    points = [r.point for r in rows if r.point is not None]
    if options.best == "priority":
        for wanted in options.priority:
            for row in rows:
                if row.point is not None and wanted in (row.key, row.type):
                    return row.point
    elif points and options.best == "max":
        return max(points)
    elif points and options.best == "min":
        return min(points)
    values = points or [r.low for r in rows]
    return int(statistics.median(values) + 0.5)


def build_range(outcome: str, group: str | None, rows: Sequence[SourceFigure], options: Options) -> Range:
    """The range of one (event, outcome, group) from its per-source rows."""
    low = min(r.low for r in rows)
    high = max(r.low if r.high is None else r.high for r in rows)
    best = min(max(best_figure(rows, options), low), high)
    rule = options.best if options.best != "priority" else "priority: " + ", ".join(options.priority)
    return Range(outcome=outcome, group=group, low=low, best=best, high=high,
                 high_open=any(r.high is None for r in rows), rule=rule, sources=tuple(rows),
                 reviewed=any(r.reviewed for r in rows))
