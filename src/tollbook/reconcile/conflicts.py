"""Disagreements to show, never to resolve: each with a kind, the claims and a plain explanation.

- ``sources_disagree``: two sources' latest figures for the same outcome and group do
  not overlap ("41 children" against "29 children"); a figure with no claimant counts
  for the range but is never one side of it. A derived figure (README, "Derived
  figures") is a lower bound here: the parts a source names need not be all the
  victims, so it disagrees only with a figure below it;
- ``same_document``: one document gives one claimant two figures that do not overlap,
  and neither sentence says the toll changed ("rose to", "revised", ...); or its parts
  (or the individual victims it describes) add up to more than a total it states there.
  Parts below the total are no conflict: they need not be all the victims. An individual
  victim is a part, never a figure to set against a total;
- ``parts_exceed_total``: the parts a text lists ("including 12 women and 30 children")
  add up to more than the total they belong to;
- ``lowered``: a claimant's later figure is below its own earlier one (a rise is an
  update, kept in the source's history, not a conflict); a later derived figure below
  is no lowering.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from tollbook.reconcile.derived import Derived, derived_figures
from tollbook.reconcile.model import ClaimRef, Conflict, HistoryPoint, Mention, Range, SourceFigure
from tollbook.reconcile.ranges import UNATTRIBUTED, Speaker, reference, upper
from tollbook.reconcile.vocab import vocabulary

MAX_PAIRS = 20  # per outcome and group: enough to see the spread, short enough to read


def _what(outcome: str, group: str | None) -> str:
    return f"{group or 'people'} {outcome}"


def _shown(low: int, high: int | None, figure: str) -> str:
    if high == low:
        return f"“{figure}” ({low})"
    return f"“{figure}” ({low}–{'open' if high is None else high})"


DERIVED_AS = {"sum": "the sum of the parts it states", "individuals": "the individual victims it describes"}


def _stated(row: SourceFigure | HistoryPoint) -> str:
    """A source's figure for an explanation; a derived one says how it was made."""
    text = _shown(row.low, row.high, row.figure)
    return text[:-1] + f", {DERIVED_AS.get(row.derivation or '', 'derived')})" if row.derived else text


def _bound(row: SourceFigure) -> float:
    """The upper bound for conflicts: a derived figure's parts need not be all the victims."""
    return float("inf") if row.derived else upper(row)


def _disjoint(a: SourceFigure, b: SourceFigure) -> bool:
    return _bound(a) < b.low or _bound(b) < a.low


def _claims(row: SourceFigure) -> tuple[ClaimRef, ...]:
    """The claims behind a source's figure: all the parts of a derived one."""
    if row.summed:
        return row.summed
    return (row.claim or row.history[-1].claim,)


def between_sources(cell: Range) -> list[Conflict]:
    """Pairs of named sources whose latest figures do not overlap."""
    found = []
    named = [row for row in cell.sources if not row.key.startswith(UNATTRIBUTED)]
    for a, b in combinations(named, 2):
        if not _disjoint(a, b):
            continue
        low_side, high_side = sorted((a, b), key=lambda r: r.low)
        text = (f"{low_side.name} gives {_stated(low_side)} and {high_side.name} gives {_stated(high_side)} "
                f"{_what(cell.outcome, cell.group)}: the figures do not overlap")
        found.append(Conflict(kind="sources_disagree", outcome=cell.outcome, group=cell.group, explanation=text,
                              claims=(*_claims(low_side), *_claims(high_side))))
        if len(found) >= MAX_PAIRS:
            break
    return found


def within_reports(cell: Range) -> list[Conflict]:
    """Two named sources of one report whose figures of that report do not overlap: a dispute
    the article itself tells ("the agency stood by its toll of 131 while the governor and the
    military gave 226 to 381"), though a later report of one of them may have closed the gap."""
    found = []
    named = [row for row in cell.sources if not row.key.startswith(UNATTRIBUTED)]
    latest = {(row.key, row.history[-1].report) for row in named if row.history}
    for a, b in combinations(named, 2):
        for pa in a.history:
            for pb in b.history:
                if pa.report != pb.report or pa.derived or pb.derived:
                    continue
                if not (upper(pa) < pb.low or upper(pb) < pa.low):
                    continue
                if (a.key, pa.report) in latest and (b.key, pb.report) in latest and _disjoint(a, b):
                    continue  # between_sources flags their latest figures already
                low_side, high_side = sorted(((a, pa), (b, pb)), key=lambda r: r[1].low)
                text = (f"in one report, {low_side[0].name} gives {_stated(low_side[1])} and {high_side[0].name} "
                        f"gives {_stated(high_side[1])} {_what(cell.outcome, cell.group)}: the figures do not overlap")
                found.append(Conflict(kind="sources_disagree", outcome=cell.outcome, group=cell.group,
                                      explanation=text, claims=(low_side[1].claim, high_side[1].claim)))
                if len(found) >= MAX_PAIRS:
                    return found
    return found


def lowered(cell: Range) -> list[Conflict]:
    """A claimant whose later report gives less than an earlier one (a derived figure below is no lowering)."""
    found = []
    for row in cell.sources:
        if not row.history:
            continue
        earlier = row.history[0]
        for later in row.history[1:]:
            if later.derived and upper(later) < earlier.low:
                continue  # a later report that names some of the victims does not say there were fewer
            if later.high is not None and later.high < earlier.low:
                text = (f"{row.name} gave {_stated(earlier)} "
                        f"{_what(cell.outcome, cell.group)}{' on ' + earlier.seen if earlier.seen else ''}, "
                        f"then {_stated(later)}"
                        f"{' on ' + later.seen if later.seen else ''}: its figure went down")
                found.append(Conflict(kind="lowered", outcome=cell.outcome, group=cell.group, explanation=text,
                                      claims=(earlier.claim, later.claim)))
            earlier = later
    return found


def within_documents(entries: Sequence[tuple[Mention, Speaker]]) -> list[Conflict]:
    """One claimant, one document, one outcome and group, two figures that cannot both hold."""
    update = vocabulary().update_pattern
    groups: dict[tuple, list[Mention]] = defaultdict(list)
    speakers = {id(mention): speaker for mention, speaker in entries}
    for mention, speaker in entries:
        c = mention.claim
        if not c.individual:  # one victim of many is a part, not a figure for the whole
            groups[(mention.document_id, speaker.key, c.outcome, c.group)].append(mention)
    found = []
    for (_doc, _key, outcome, group), mentions in groups.items():
        if len(mentions) < 2:
            continue
        for a, b in combinations(sorted(mentions, key=lambda m: m.claim.start), 2):
            ca, cb = a.claim, b.claim
            if not (upper(ca) < cb.low or upper(cb) < ca.low):
                continue
            if ca.sentence_start == cb.sentence_start or update.search(a.sentence) or update.search(b.sentence):
                continue  # one sentence giving two figures, or a stated revision
            who = ca.source or "the text (no claimant named)"
            text = (f"{who} gives {_shown(ca.low, ca.high, ca.figure)} and "
                    f"{_shown(cb.low, cb.high, cb.figure)} {_what(outcome, group)} in the same document")
            found.append(Conflict(kind="same_document", outcome=outcome, group=group, explanation=text,
                                  claims=(reference(a, speakers[id(a)]), reference(b, speakers[id(b)]))))
            break
    return found


def parts_exceeding(entries: Sequence[tuple[Mention, Speaker]]) -> list[Conflict]:
    """Parts a text lists under one total that add up to more than the total."""
    mentions = [m for m, _ in entries]
    speakers = {id(m): s for m, s in entries}
    by_key = {(m.document_id, m.claim.id): m for m in mentions}
    parts: dict[tuple[int, str], list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.claim.part_of and not mention.claim.negated:
            parts[(mention.document_id, mention.claim.part_of)].append(mention)
    found = []
    for key, members in parts.items():
        total = by_key.get(key)
        if total is None or total.claim.high is None:
            continue
        by_group: dict[str | None, Mention] = {}
        for member in members:  # one figure per group: the same group twice is a repeat, not a part
            current = by_group.get(member.claim.group)
            if current is None or member.claim.low > current.claim.low:
                by_group[member.claim.group] = member
        chosen = sorted(by_group.values(), key=lambda m: m.claim.start)
        added = sum(m.claim.low for m in chosen)
        if added <= total.claim.high:
            continue
        listed = " + ".join(f"{m.claim.low} {m.claim.group or 'others'}" for m in chosen)
        text = (f"the parts ({listed} = {added}) add up to more than the total "
                f"{_shown(total.claim.low, total.claim.high, total.claim.figure)} {total.claim.outcome}")
        found.append(Conflict(kind="parts_exceed_total", outcome=total.claim.outcome, group=total.claim.group,
                              explanation=text, claims=(reference(total, speakers[id(total)]),
                                                         *(reference(m, speakers[id(m)]) for m in chosen))))
    return found


def derived_above_stated(entries: Sequence[tuple[Mention, Speaker]], outcome: str,
                         group: str | None) -> list[Conflict]:
    """One claimant, one document: parts or individual victims that add up to more than a total it states.

    ``entries`` are the claims that count for the row of (``outcome``, ``group``), as for
    ``ranges.source_figures``. Parts below the total are no conflict (they need not be
    all the victims), nor is a sentence that says the toll changed.
    """
    update = vocabulary().update_pattern
    by_speaker: dict[tuple[int, str], list[tuple[Mention, Speaker]]] = defaultdict(list)
    for mention, speaker in entries:
        by_speaker[(mention.document_id, speaker.key)].append((mention, speaker))
    found = []
    for items in by_speaker.values():
        mentions = [m for m, _ in items]
        stated = [m for m in mentions if m.claim.group == group and not m.claim.individual
                  and not m.claim.part_of and m.claim.high is not None]
        if not stated or len(mentions) < 2:
            continue
        derived = [d for d in derived_figures(mentions, group)
                   if not any(update.search(m.sentence) for m in d.parts)]
        if not derived:
            continue
        pair = _exceeding([m for m in stated if not update.search(m.sentence)], derived)
        if pair is None:
            continue
        total, parts = pair
        speaker = items[0][1]
        who = total.claim.source or "the text (no claimant named)"
        if parts.how == "sum":
            what = f"parts that add up to more: {_shown(parts.low, parts.high, parts.figure)}"
        else:
            what = f"{parts.low} individual victims: “{parts.figure}”"
        text = (f"{who} gives {_shown(total.claim.low, total.claim.high, total.claim.figure)} "
                f"{_what(outcome, group)} and, in the same document, {what}")
        found.append(Conflict(kind="same_document", outcome=outcome, group=group, explanation=text,
                              claims=(reference(total, speaker), *(reference(m, speaker) for m in parts.parts))))
    return found


def _exceeding(stated: list[Mention], derived: list[Derived]) -> tuple[Mention, Derived] | None:
    """The largest derived figure above a stated total that is not one of its parts, with that total."""
    for parts in sorted(derived, key=lambda d: -d.low):
        inside = {id(m) for m in parts.parts}
        below = [m for m in stated if id(m) not in inside and upper(m.claim) < parts.low]
        if below:
            return min(below, key=lambda m: (upper(m.claim), m.claim.start)), parts
    return None
