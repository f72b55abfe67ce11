"""low / best / high per (event, outcome, group), the per-source table and each source's history.

Rules (README, "Ranges" and "Derived figures"):

- Each source counts once per report (syndicated copies are one report). Within a
  report its figure is the largest of the highest figure it states for that outcome and
  group, the sum of the parts it states together and the number of distinct individual
  victims it describes (``derived``); a derived figure is marked as such, with the claims
  it adds up. The all-victims row (group None) adds up every group's parts and counts
  every individual; a group's row, only that group's.
- A source's figure is its latest report's (by publication date): a toll that rises
  from the same source is an update, kept in the source's history. A later derived
  figure replaces an earlier figure only when it is higher: a report that names two of
  the dead does not say that only two died.
- ``low`` is the lowest of the sources' lower bounds; ``high`` the highest of their upper
  bounds (an open bound, "at least 30", counts as its lower bound and sets ``high_open``).
- ``best`` follows ``Options.best`` over the sources' stated figures (derived ones only
  when no source states one): by default the median of their point figures (the number
  as stated: "about 40" is 40; vague words such as "dozens" have none; when no source has
  a point figure, the median of the lower bounds). ``Range.derived`` says which of low,
  best and high rest on derived figures alone.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tollbook.model import Claim
from tollbook.reconcile.derived import Derived, derived_figures, point, upper
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
    group: str | None,
    documents: Mapping[int, DocumentInfo],
    report_of: Mapping[int, int],
    outlet_of: Mapping[int, str | None],
) -> list[SourceFigure]:
    """The per-source table of one (event, outcome, group).

    ``entries`` are the claims of the outcome that may count for the row: for a group's
    row, that group's; for the all-victims row (``group`` None), every group's (their
    parts and individual victims add up; a group's single figure is no figure for all).
    """
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
        used: list[Mention] = []
        for report, mentions in by_report.items():
            found = _report_point(report, mentions, group, speaker, documents)
            if found is not None:
                history.append(found[0])
                used.extend(found[1])
        if not history:
            continue
        history.sort(key=lambda h: (h.seen is None, h.seen or "", h.report))
        current = history[0]
        for later in history[1:]:
            if not later.derived or (later.low, upper(later)) > (current.low, upper(current)):
                current = later
        documents_of = tuple(sorted({m.document_id for m in used}))
        outlets = tuple(sorted({o for d in documents_of if (o := outlet_of.get(d))}))
        seen = [h.seen for h in history if h.seen]
        rows.append(SourceFigure(
            key=key, name=speaker.name, type=speaker.type, figure=current.figure, qualifier=current.qualifier,
            low=current.low, high=current.high, point=current.point,
            first_seen=min(seen) if seen else None, last_seen=max(seen) if seen else None,
            documents=documents_of, reports=len(history), outlets=outlets, history=tuple(history),
            reviewed=any(m.reviewed for m in used), claim=current.claim, derived=current.derived,
            derivation=current.derivation, summed=current.summed,
        ))
    rows.sort(key=lambda r: (SOURCE_TYPES.index(r.type) if r.type in SOURCE_TYPES else len(SOURCE_TYPES), r.key))
    return rows


def _report_point(report: int, mentions: list[Mention], group: str | None, speaker: Speaker,
                  documents: Mapping[int, DocumentInfo]) -> tuple[HistoryPoint, list[Mention]] | None:
    """One report's figure from one source (stated or derived, the larger) and the claims behind the row."""
    stated = [m for m in mentions if m.claim.group == group and not m.claim.individual]
    derived = derived_figures(mentions, group)
    if not stated and not derived:
        return None
    chosen = max(stated, key=lambda m: _rank(m.claim)) if stated else None
    summed: Derived | None = None
    if derived:
        summed = max(derived, key=lambda d: (d.low, upper(d), -d.parts[0].claim.start))
        if chosen is not None and (summed.low, upper(summed)) <= (chosen.claim.low, upper(chosen.claim)):
            summed = None  # a stated figure at least as large: it stands
    used = stated + [m for d in derived for m in d.parts]
    docs = tuple(sorted({m.document_id for m in used}))
    dates = [documents[d].published for d in docs if documents[d].published]
    seen = min(dates) if dates else None
    if summed is None:
        c = chosen.claim  # type: ignore[union-attr]
        return HistoryPoint(seen=seen, report=report, documents=docs, figure=c.figure, qualifier=c.qualifier,
                            low=c.low, high=c.high, point=point(c), claim=reference(chosen, speaker)), used
    refs = tuple(reference(m, speaker) for m in summed.parts)
    return HistoryPoint(seen=seen, report=report, documents=docs, figure=summed.figure, qualifier=summed.qualifier,
                        low=summed.low, high=summed.high, point=summed.point, claim=refs[0], derived=True,
                        derivation=summed.how, summed=refs), used


def best_figure(rows: Sequence[SourceFigure], options: Options) -> int:
    """``best`` by the chosen rule over the stated figures, or the derived ones when none is stated."""
    rows = [r for r in rows if not r.derived] or rows
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
    return statistics.median_low(values)  # a figure a source stated: the lower middle one, never an average


def build_range(outcome: str, group: str | None, rows: Sequence[SourceFigure], options: Options) -> Range:
    """The range of one (event, outcome, group) from its per-source rows. A derived figure
    (two victims a report describes) is a floor of what that report knows, not a count of
    the whole: it sets ``low`` only when no source states a figure."""
    stated = [r for r in rows if not r.derived]
    # the bounds hold every report's figure, a source's earlier ones too ("at least 91" on the
    # first day, 436 a week on): a rising toll is an update, not a conflict, but the spread
    # between the reports is what a recorder reads off the range
    points = [h for r in stated or rows for h in r.history if not h.derived or not stated] or stated or rows
    low = min(p.low for p in points)
    high = max(max(r.low if r.high is None else r.high for r in rows),
               max((h.low if h.high is None else h.high for r in rows for h in r.history if not h.derived),
                   default=0))
    best = min(max(best_figure(rows, options), low), high)
    rule = options.best if options.best != "priority" else "priority: " + ", ".join(options.priority)
    derived = []
    if not stated:
        derived.append("low")
    if all(r.derived for r in rows):
        derived.append("best")
    if all(r.derived for r in rows if (r.low if r.high is None else r.high) == high):
        derived.append("high")
    return Range(outcome=outcome, group=group, low=low, best=best, high=high,
                 high_open=any(r.high is None for r in rows) or any(h.high is None for r in rows for h in r.history
                                                                   if not h.derived),
                 rule=rule, sources=tuple(rows),
                 reviewed=any(r.reviewed for r in rows), derived=tuple(derived))
