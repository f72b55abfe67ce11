"""Claims -> events: low / best / high per outcome and group, who says what, and conflicts.

``reconcile(mentions, documents)`` is pure: plain records in, ``Event`` records out (the
store and the CLI load and save them). See DESIGN.md, "Reconciliation", and the README.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from tollbook.extract.where import fold
from tollbook.reconcile import conflicts as conflict_rules
from tollbook.reconcile.events import (
    Unit,
    apply_edits,
    build_units,
    cluster,
    event_id,
    partial_claims,
)
from tollbook.reconcile.model import (
    ClaimRef,
    Conflict,
    DocumentInfo,
    Edit,
    Event,
    HistoryPoint,
    Mention,
    Options,
    Range,
    SourceFigure,
)
from tollbook.reconcile.ranges import UNATTRIBUTED, Speaker, build_range, reference, source_figures
from tollbook.reconcile.sources import (
    ACRONYM,
    document_sources,
    event_sources,
    generic_media,
    source_core,
    source_type,
)
from tollbook.reconcile.syndication import outlet, reports, signature
from tollbook.reconcile.vocab import SOURCE_TYPE_LABELS

__all__ = [
    "SOURCE_TYPE_LABELS",
    "ClaimRef",
    "Conflict",
    "DocumentInfo",
    "Edit",
    "Event",
    "HistoryPoint",
    "Mention",
    "Options",
    "Range",
    "SourceFigure",
    "reconcile",
    "signature",
]


def reconcile(
    mentions: Iterable[Mention],
    documents: Mapping[int, DocumentInfo],
    *,
    edits: Sequence[Edit] = (),
    options: Options | None = None,
    signatures: Mapping[int, bytes] | None = None,
) -> list[Event]:
    """Group claims into events and reconcile each event's figures.

    Args:
        mentions: the claims (negated ones included: "no one was killed" is a figure, 0).
        documents: every document the mentions refer to, by id.
        edits: hand merges and splits, oldest first.
        options: window, ``best`` rule.
        signatures: MinHash signatures (``signature(text)``) by document id: near-duplicate
            documents are one report. Without them every document is its own report.
    """
    options = options or Options()
    mentions = list(mentions)
    report_of = reports(signatures) if signatures else {}
    outlet_of = {d.id: outlet(d.url, d.publisher) for d in documents.values()}
    speakers = _speakers(mentions, report_of, outlet_of)
    units = build_units([m for m in mentions if not m.event], documents, options.window_days)
    groups = apply_edits(cluster(units, options.window_days), edits)
    # Claims a reviewer moved to another event join it; to an event that no longer
    # exists, they form one of their own (so nothing a reviewer placed disappears).
    moved: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.event:
            moved[mention.event].append(mention)
    ids = [event_id(members) for members in groups]
    extra = [moved.pop(i, []) for i in ids]
    for target in sorted(moved):
        units = build_units(moved[target], documents, options.window_days)
        groups.append(units)
        ids.append(target)
        extra.append([])
    events = [_event(members, more, ident, speakers, documents, report_of, outlet_of, options)
              for members, more, ident in zip(groups, extra, ids, strict=True)]
    events.sort(key=lambda e: (e.date_start or "", e.id))
    return events


def _speakers(mentions: Sequence[Mention], report_of: Mapping[int, int],
              outlet_of: Mapping[int, str | None]) -> dict[tuple[int, str], Speaker]:
    """(document id, claim key) -> the normalised source of that claim."""
    by_document: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_document[mention.document_id].append(mention)
    found: dict[tuple[int, str], Speaker] = {}
    types: dict[str, str] = {}
    for document_id, items in by_document.items():
        items.sort(key=lambda m: m.claim.start)
        keys = document_sources({m.claim.source_key for m in items if m.claim.source_key})
        stated: dict[str, set[tuple]] = defaultdict(set)
        for mention in items:
            claim = mention.claim
            if claim.source_key:
                stated[keys[claim.source_key]].add((claim.outcome, claim.group, claim.low, claim.high))
        outlets = generic_media(stated)
        if outlets:  # "according to local media" in the headline, "Antara news agency" in the body
            keys = {key: outlets.get(target, target) for key, target in keys.items()}
        names: dict[str, str] = {}
        for mention in items:
            claim = mention.claim
            if claim.source_key:
                key = keys[claim.source_key]
                name = names.setdefault(key, claim.source or key)
                kind = types.get(key) or types.setdefault(key, source_type(f"{key} {name}"))
                found[(document_id, claim.id)] = Speaker(key, name, kind)
            else:
                where = outlet_of.get(document_id) or f"document {report_of.get(document_id, document_id)}"
                found[(document_id, claim.id)] = Speaker(f"{UNATTRIBUTED}{where}", f"no claimant named ({where})",
                                                         "unknown")
    return found


def _joined_sources(entries: list[tuple[Mention, Speaker]]) -> list[tuple[Mention, Speaker]]:
    """Within one event, the names of one organisation are one source (``event_sources``):
    "the ministry" in one report and "the health ministry" in another; "BNPB", "the national
    disaster agency" and "BNPB spokesman Sutopo Purwo Nugroho". With two ministries quoted,
    "the ministry" stays apart. The source keeps the widest name's first speaker."""
    names: dict[str, str | None] = {}
    aliases: dict[str, str] = {}
    for mention, speaker in entries:
        if not speaker.key.startswith(UNATTRIBUTED):
            names.setdefault(speaker.key, mention.claim.source or speaker.name)
            for acronym in ACRONYM.findall(mention.claim.source or ""):
                aliases.setdefault(acronym, speaker.key)  # "National Disaster Mitigation Agency (BNPB)"
    target = event_sources(names, aliases)
    # one speaker per source: the first whose own name is the widest one, else the first
    own = {key: source_core(key, written) for key, written in names.items()}
    first: dict[str, Speaker] = {}
    for _, speaker in entries:
        core = target.get(speaker.key)
        if core is not None and own.get(speaker.key) == core:
            first.setdefault(core, speaker)
    for _, speaker in entries:
        core = target.get(speaker.key)
        if core is not None:
            first.setdefault(core, speaker)
    return [(mention, first.get(target.get(speaker.key, ""), speaker)) for mention, speaker in entries]



def _place_label(resolved: str | None, written: str | None) -> str:
    """The event's place in its label: the gazetteer's name, and the name as written when it
    is another spelling ("Chattogram (Chittagong)"), so that a search finds either."""
    if not resolved:
        return written or "place unknown"
    if written and fold(resolved) not in fold(written) and fold(written) not in fold(resolved):
        return f"{resolved} ({written})"
    return resolved


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _shown_date(start: int | None, end: int | None, precision: str | None) -> str:
    """The event's date as precisely as it is known: 2024-05-06, 2024-05, 2019, 2024-05-06 to 2024-05-08."""
    if start is None or end is None:
        return "date unknown"
    first, last = _iso(start), _iso(end)
    if first == last:
        return first
    if precision == "year" and first[:4] == last[:4]:
        return first[:4]
    if precision == "month" and first[:7] == last[:7]:
        return first[:7]
    return f"{first} to {last}"


def _event(members: list[Unit], extra: list[Mention], ident: str, speakers: Mapping[tuple[int, str], Speaker],
           documents: Mapping[int, DocumentInfo], report_of: Mapping[int, int], outlet_of: Mapping[int, str | None],
           options: Options) -> Event:
    mentions = [m for unit in members for m in unit.mentions] + extra
    mentions.sort(key=lambda m: (m.document_id, m.claim.start))
    entries = _joined_sources([(m, speakers[(m.document_id, m.claim.id)]) for m in mentions])
    partial = partial_claims(members)
    shown_apart: dict[tuple[str, str | None], list[ClaimRef]] = defaultdict(list)
    for mention, speaker in entries:
        if id(mention) in partial:
            shown_apart[(mention.claim.outcome, mention.claim.group)].append(reference(mention, speaker))
    entries = [(m, s) for m, s in entries if id(m) not in partial]
    cells: dict[tuple[str, str | None], list[tuple[Mention, Speaker]]] = defaultdict(list)
    for mention, speaker in entries:
        claim = mention.claim
        cells[(claim.outcome, claim.group)].append((mention, speaker))
        if claim.group is not None:  # a group's parts and individuals also count for all victims
            cells[(claim.outcome, None)].append((mention, speaker))
    ranges: list[Range] = []
    found: list[Conflict] = []
    for (outcome, group), items in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        rows = source_figures(items, group, documents, report_of, outlet_of)
        if not rows:
            continue  # all victims: only single group figures, which say nothing of the whole
        cell = build_range(outcome, group, rows, options)
        if not cell.high_open and any(m.claim.high is None and m.claim.group == group and not m.claim.individual
                                      and not m.claim.negated
                                      for m, _ in items):
            # "more than three dozen" beside the same source's 39: a source left the bound open
            cell = replace(cell, high_open=True)
        if shown_apart.get((outcome, group)):
            cell = replace(cell, parts=tuple(shown_apart.pop((outcome, group))))
        ranges.append(cell)
        found.extend(conflict_rules.between_sources(cell))
        found.extend(conflict_rules.within_reports(cell))
        found.extend(conflict_rules.lowered(cell))
        found.extend(conflict_rules.derived_above_stated(items, outcome, group))
    found.extend(conflict_rules.within_documents(entries))
    found.extend(conflict_rules.parts_exceeding(entries))

    placed = [u for u in members if u.first is not None]
    anchor = min(placed, key=lambda u: (u.first.claim.place_id is None, u.document.id)) if placed else None
    claim = anchor.first.claim if anchor else None
    dated = [u for u in members if u.interval and u.precision != "published"]
    spans = dated or [u for u in members if u.interval]
    start = min(u.interval[0] for u in spans) if spans else None
    end = max(u.interval[1] for u in spans) if spans else None
    precisions = {u.precision for u in spans}
    if not spans:
        precision = None
    elif "published" in precisions:
        precision = "published"
    elif start == end:
        precision = "day"
    else:
        precision = "year" if "year" in precisions else "month" if "month" in precisions else "days"
    place = (claim.place_name or claim.place) if claim else None
    kinds = [u.kind for u in members if u.kind]
    kind = max(set(kinds), key=lambda k: (kinds.count(k), k)) if kinds else None
    document_ids = tuple(sorted({m.document_id for m in mentions}))
    grouped: dict[int, list[int]] = defaultdict(list)
    for doc in document_ids:
        grouped[report_of.get(doc, doc)].append(doc)
    label = f"{_place_label(place, claim.place if claim else None)}, {_shown_date(start, end, precision)}"
    return Event(
        id=ident,
        label=f"{label} ({kind})" if kind else label,
        kind=kind,
        date_start=_iso(start) if start is not None else None,
        date_end=_iso(end) if end is not None else None,
        date_precision=precision,
        place=place,
        place_id=claim.place_id if claim else None,
        country=claim.country if claim else None,
        admin1=claim.admin1 if claim else None,
        latitude=claim.latitude if claim else None,
        longitude=claim.longitude if claim else None,
        units=tuple(sorted(u.key for u in members)),
        documents=document_ids,
        reports={k: tuple(v) for k, v in sorted(grouped.items())},
        outlets=tuple(sorted({o for d in document_ids if (o := outlet_of.get(d))})),
        claims=tuple((m.document_id, m.claim.id) for m in mentions),
        ranges=tuple(ranges),
        conflicts=tuple(found),
        links=tuple(f"document {u.document.id}: {u.reason}" for u in sorted(members, key=lambda u: u.document.id)
                    if u.reason),
        reviewed_claims=sum(m.reviewed for m in mentions),
    )
