"""Disagreements to show, never to resolve: each with a kind, the claims and a plain explanation.

- ``sources_disagree``: two sources' latest figures for the same outcome and group do
  not overlap ("41 children" against "29 children"); a figure with no claimant counts
  for the range but is never one side of it;
- ``same_document``: one document gives one claimant two figures that do not overlap,
  and neither sentence says the toll changed ("rose to", "revised", ...);
- ``parts_exceed_total``: the parts a text lists ("including 12 women and 30 children")
  add up to more than the total they belong to;
- ``lowered``: a claimant's later figure is below its own earlier one (a rise is an
  update, kept in the source's history, not a conflict).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from tollbook.reconcile.model import Conflict, Mention, Range, SourceFigure
from tollbook.reconcile.ranges import UNATTRIBUTED, Speaker, reference, upper
from tollbook.reconcile.vocab import vocabulary

MAX_PAIRS = 20  # per outcome and group: enough to see the spread, short enough to read


def _what(outcome: str, group: str | None) -> str:
    return f"{group or 'people'} {outcome}"


def _shown(low: int, high: int | None, figure: str) -> str:
    if high == low:
        return f"“{figure}” ({low})"
    return f"“{figure}” ({low}–{'open' if high is None else high})"


def _disjoint(a: SourceFigure, b: SourceFigure) -> bool:
    return upper(a) < b.low or upper(b) < a.low


def between_sources(cell: Range) -> list[Conflict]:
    """Pairs of named sources whose latest figures do not overlap."""
    found = []
    named = [row for row in cell.sources if not row.key.startswith(UNATTRIBUTED)]
    for a, b in combinations(named, 2):
        if not _disjoint(a, b):
            continue
        low_side, high_side = sorted((a, b), key=lambda r: r.low)
        text = (f"{low_side.name} gives {_shown(low_side.low, low_side.high, low_side.figure)} and "
                f"{high_side.name} gives {_shown(high_side.low, high_side.high, high_side.figure)} "
                f"{_what(cell.outcome, cell.group)}: the figures do not overlap")
        found.append(Conflict(kind="sources_disagree", outcome=cell.outcome, group=cell.group, explanation=text,
                              claims=(low_side.history[-1].claim, high_side.history[-1].claim)))
        if len(found) >= MAX_PAIRS:
            break
    return found


def lowered(cell: Range) -> list[Conflict]:
    """A claimant whose later report gives less than an earlier one."""
    found = []
    for row in cell.sources:
        for earlier, later in zip(row.history, row.history[1:], strict=False):
            if later.high is not None and later.high < earlier.low:
                text = (f"{row.name} gave {_shown(earlier.low, earlier.high, earlier.figure)} "
                        f"{_what(cell.outcome, cell.group)}{' on ' + earlier.seen if earlier.seen else ''}, "
                        f"then {_shown(later.low, later.high, later.figure)}"
                        f"{' on ' + later.seen if later.seen else ''}: its figure went down")
                found.append(Conflict(kind="lowered", outcome=cell.outcome, group=cell.group, explanation=text,
                                      claims=(earlier.claim, later.claim)))
    return found


def within_documents(entries: Sequence[tuple[Mention, Speaker]]) -> list[Conflict]:
    """One claimant, one document, one outcome and group, two figures that cannot both hold."""
    update = vocabulary().update_pattern
    groups: dict[tuple, list[Mention]] = defaultdict(list)
    speakers = {id(mention): speaker for mention, speaker in entries}
    for mention, speaker in entries:
        c = mention.claim
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
