"""Scores predicted claims against gold claims; pure functions.

The rules are those of shared/eval/README.md, "Scoring". Where the README leaves a
choice open, this module takes the stricter reading (see ``score``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from tollbook.evaluate.dataset import GOLD_OUTCOMES, GoldDocument
from tollbook.evaluate.matching import locate_figures, pair_one_to_one, sentence_around
from tollbook.evaluate.report import (
    AttributeScore,
    ClaimError,
    Counts,
    KindScore,
    PairError,
    Report,
)
from tollbook.model import Claim

ATTRIBUTES = ("source", "part_of", "negated", "date", "place")
_GROUP_SEPARATORS = re.compile(r"[\s_\-]+")
_LEADING_THE = re.compile(r"^the\s+")


# --- comparison rules --------------------------------------------------------


def _fold(value: str) -> str:
    return " ".join(value.casefold().split())


def figures_overlap(gold: str | None, predicted: str | None) -> bool:
    """Figure texts overlap: case-insensitively, one contains the other."""
    if not gold or not predicted:
        return False
    a, b = _fold(gold), _fold(predicted)
    return bool(a and b) and (a in b or b in a)


def groups_equal(gold: str | None, predicted: str | None) -> bool:
    """Groups are equal with ``_``, ``-`` and space alike, case-insensitively; null = null."""

    def key(group: str | None) -> str | None:
        if group is None:
            return None
        return _GROUP_SEPARATORS.sub(" ", group.casefold()).strip() or None

    return key(gold) == key(predicted)


def sources_equal(gold: str | None, predicted: str | None) -> bool:
    """Equal after lower-casing and dropping a leading "the", or one contains the other."""
    if gold is None or predicted is None:
        return gold is predicted
    a = _LEADING_THE.sub("", _fold(gold))
    b = _LEADING_THE.sub("", _fold(predicted))
    if not a or not b:
        return a == b
    return a in b or b in a


def dates_equal(gold: str | None, predicted: str | None) -> bool:
    """Same ISO prefix: "2024-10" matches "2024-10-18" (either way round), not "2024-1"."""
    if gold is None or predicted is None:
        return gold is predicted
    short, long = sorted((gold.strip(), predicted.strip()), key=len)
    return bool(short) and long.startswith(short) and long[len(short) : len(short) + 1] in ("", "-")


def places_equal(gold: str | None, predicted: str | None) -> bool:
    """Case-insensitive containment either way ("Velmora" matches "the town of Velmora")."""
    if gold is None or predicted is None:
        return gold is predicted
    a, b = _fold(gold), _fold(predicted)
    return bool(a and b) and (a in b or b in a)


def part_of_equal(gold: str | None, predicted_figure: str | None) -> bool:
    """The parent's figure text overlaps the gold ``part_of`` figure; null = null."""
    if gold is None or predicted_figure is None:
        return gold is predicted_figure
    return figures_overlap(gold, predicted_figure)


def is_lenient_match(gold: Mapping[str, Any], claim: Claim) -> bool:
    """Figure texts overlap and the outcomes are equal."""
    return figures_overlap(gold["figure"], claim.figure) and _fold(gold["outcome"] or "") == _fold(
        claim.outcome or ""
    )


def is_strict_match(
    gold: Mapping[str, Any], claim: Claim, *, null_group_matches_any: bool = False
) -> bool:
    """Lenient match plus equal group, low and high (``high`` null = open-ended)."""
    if not is_lenient_match(gold, claim):
        return False
    group_ok = (null_group_matches_any and gold["group"] is None) or groups_equal(
        gold["group"], claim.group
    )
    return group_ok and gold["low"] == claim.low and gold["high"] == claim.high


# --- scoring -----------------------------------------------------------------------


def score(
    docs: Sequence[GoldDocument],
    predictions: Mapping[str, Sequence[Claim]],
    *,
    null_group_matches_any: bool = False,
) -> Report:
    """Score ``predictions`` (document name -> claims) against the gold of ``docs``.

    Pairing is one-to-one per document and exact: it maximises strict matches,
    then paired claims, then closeness of the figures' offsets (see ``pair_claims``).
    Lenient P/R/F1 come from a second pairing that maximises lenient matches.
    A gold ``group`` of null expects a null prediction unless
    ``null_group_matches_any``; ``high`` null means open-ended. A document missing
    from ``predictions`` counts as predicting nothing.

    Raises:
        ValueError: ``predictions`` names a document that is not in ``docs``.
    """
    unknown = sorted(set(predictions) - {doc.name for doc in docs})
    if unknown:
        raise ValueError(f"predictions for unknown documents: {', '.join(unknown)}")
    strict_total = lenient_total = n_gold = n_pred = 0
    # (strict, lenient) matched and (gold, predicted) claims of each kind: counts, individuals
    kinds = {kind: [0, 0, 0, 0] for kind in (False, True)}
    gold_by_outcome: Counter[str] = Counter()
    pred_by_outcome: Counter[str] = Counter()
    matched_by_outcome: Counter[str] = Counter()
    attribute_tally = {name: [0, 0, 0, 0] for name in ATTRIBUTES}
    per_document: dict[str, tuple[Counts, Counts]] = {}
    missed: list[ClaimError] = []
    spurious: list[ClaimError] = []
    mismatched: list[PairError] = []
    attribute_errors: list[PairError] = []

    for doc in docs:
        claims = list(predictions.get(doc.name, ()))
        positions = locate_figures(doc.text, [g["figure"] for g in doc.gold])
        for individual, tally in kinds.items():
            for i, value in enumerate(_score_kind(doc, claims, positions, individual, null_group_matches_any)):
                tally[i] += value
        pairs = pair_claims(doc, claims, positions, null_group_matches_any=null_group_matches_any)
        lenient_pairs = pair_claims(doc, claims, positions, lenient=True)
        parents = {c.id: c.figure for c in claims}
        strict_pairs = 0
        for g, p in pairs:
            gold, claim = doc.gold[g], claims[p]
            where = _gold_sentence(doc, positions[g], gold["figure"])
            if not is_strict_match(gold, claim, null_group_matches_any=null_group_matches_any):
                diffs = _value_diffs(gold, claim, null_group_matches_any)
                mismatched.append(_pair_error(doc.name, gold, claim, positions[g], diffs, where))
                continue
            strict_pairs += 1
            matched_by_outcome[gold["outcome"]] += 1
            diffs = _attribute_diffs(gold, claim, parents, attribute_tally)
            if diffs:
                attribute_errors.append(
                    _pair_error(doc.name, gold, claim, positions[g], diffs, where)
                )
        paired_gold = {g for g, _ in pairs}
        paired_pred = {p for _, p in pairs}
        for g, gold in enumerate(doc.gold):
            if g not in paired_gold:
                where = _gold_sentence(doc, positions[g], gold["figure"])
                missed.append(_gold_error(doc.name, gold, positions[g], where))
        for p, claim in enumerate(claims):
            if p not in paired_pred:
                spurious.append(_predicted_error(doc, claim))
        gold_by_outcome.update(g["outcome"] for g in doc.gold)
        pred_by_outcome.update(c.outcome for c in claims)
        per_document[doc.name] = (
            Counts(strict_pairs, len(doc.gold), len(claims)),
            Counts(len(lenient_pairs), len(doc.gold), len(claims)),
        )
        strict_total += strict_pairs
        lenient_total += len(lenient_pairs)
        n_gold += len(doc.gold)
        n_pred += len(claims)

    seen = set(gold_by_outcome) | set(pred_by_outcome)
    # README order first, then outcomes outside the README's list (extractor bugs).
    outcome_order = [o for o in GOLD_OUTCOMES if o in seen] + sorted(seen - set(GOLD_OUTCOMES))
    return Report(
        documents=len(docs),
        strict=Counts(strict_total, n_gold, n_pred),
        lenient=Counts(lenient_total, n_gold, n_pred),
        counts=_kind_score(kinds[False]),
        individuals=_kind_score(kinds[True]),
        attributes={name: AttributeScore(name, *t) for name, t in attribute_tally.items()},
        outcomes={
            o: Counts(matched_by_outcome[o], gold_by_outcome[o], pred_by_outcome[o])
            for o in outcome_order
        },
        per_document=per_document,
        missed=tuple(missed),
        spurious=tuple(spurious),
        mismatched=tuple(mismatched),
        attribute_errors=tuple(attribute_errors),
        null_group_matches_any=null_group_matches_any,
    )


def is_individual(claim: Mapping[str, Any] | Claim) -> bool:
    """Whether a gold line (dict) or a predicted claim is an individual victim."""
    value = claim.get("individual") if isinstance(claim, Mapping) else claim.individual
    return bool(value)


def _score_kind(
    doc: GoldDocument,
    claims: Sequence[Claim],
    positions: Sequence[int | None],
    individual: bool,
    null_group_matches_any: bool,
) -> tuple[int, int, int, int]:
    """(strict, lenient, gold, predicted) over one kind of claim of one document.

    Gold and predicted claims of the other kind are left out before pairing, so a
    count is never paired with an individual victim. Figure positions come from the
    whole gold list (the k-th repeat of a figure keeps its occurrence).
    """
    keep = [g for g, claim in enumerate(doc.gold) if is_individual(claim) is individual]
    gold = replace(doc, gold=tuple(doc.gold[g] for g in keep))
    kept_positions = [positions[g] for g in keep]
    predicted = [claim for claim in claims if is_individual(claim) is individual]
    strict_pairs = pair_claims(gold, predicted, kept_positions, null_group_matches_any=null_group_matches_any)
    strict = sum(
        is_strict_match(gold.gold[g], predicted[p], null_group_matches_any=null_group_matches_any)
        for g, p in strict_pairs
    )
    lenient = len(pair_claims(gold, predicted, kept_positions, lenient=True))
    return strict, lenient, len(gold.gold), len(predicted)


def _kind_score(tally: list[int]) -> KindScore:
    strict, lenient, n_gold, n_pred = tally
    return KindScore(Counts(strict, n_gold, n_pred), Counts(lenient, n_gold, n_pred))


def pair_claims(
    doc: GoldDocument,
    claims: Sequence[Claim],
    positions: Sequence[int | None] | None = None,
    *,
    lenient: bool = False,
    null_group_matches_any: bool = False,
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, claim index) of lenient matches in one document.

    By default the pairing maximises, in this order: strict matches, paired
    claims, and then minimises the summed distance between each gold figure's
    offset (``locate_figures``) and the prediction's ``start``. With ``lenient``
    the first two criteria swap, which gives the most lenient matches.
    """
    if positions is None:
        positions = locate_figures(doc.text, [g["figure"] for g in doc.gold])
    far = len(doc.text)  # distance for a figure with no known offset
    k = min(len(doc.gold), len(claims))
    # Integer weights make the order of criteria exact: any number of pairs' distances
    # (< unit) weighs less than one more pair, and all pairs (< top) less than one more
    # strict match (or, when lenient, the other way round).
    unit = k * (far + 1) + 1
    top = (k + 1) * unit + unit

    def weight(g: int, p: int) -> int | None:
        gold, claim = doc.gold[g], claims[p]
        if not is_lenient_match(gold, claim):
            return None
        strict = is_strict_match(gold, claim, null_group_matches_any=null_group_matches_any)
        position = positions[g]
        distance = far if position is None else min(abs(claim.start - position), far)
        if lenient:
            return -top - (unit if strict else 0) + distance
        return -unit - (top if strict else 0) + distance

    return pair_one_to_one(len(doc.gold), len(claims), weight)


def _value_diffs(
    gold: Mapping[str, Any], claim: Claim, null_group_matches_any: bool
) -> tuple[tuple[str, Any, Any], ...]:
    diffs = []
    if not (null_group_matches_any and gold["group"] is None) and not groups_equal(
        gold["group"], claim.group
    ):
        diffs.append(("group", gold["group"], claim.group))
    for key in ("low", "high"):
        if gold[key] != getattr(claim, key):
            diffs.append((key, gold[key], getattr(claim, key)))
    return tuple(diffs)


def _attribute_diffs(
    gold: Mapping[str, Any],
    claim: Claim,
    parents: Mapping[str, str],
    tally: dict[str, list[int]],
) -> tuple[tuple[str, Any, Any], ...]:
    """Score the attributes of one strict match into ``tally``; return the wrong ones."""
    # part_of holds the parent's id; compare its figure text. An id that names no
    # claim of the document is taken as figure text itself.
    parent = parents.get(claim.part_of, claim.part_of) if claim.part_of is not None else None
    predicted = {
        "source": claim.source,
        "part_of": parent,
        "negated": claim.negated,
        "date": claim.date,
        "place": claim.place,
    }
    rules = {
        "source": sources_equal,
        "part_of": part_of_equal,
        "negated": lambda a, b: bool(a) == bool(b),
        "date": dates_equal,
        "place": places_equal,
    }
    diffs = []
    for name in ATTRIBUTES:
        ok = rules[name](gold[name], predicted[name])
        counts = tally[name]
        counts[0] += ok
        counts[1] += 1
        if gold[name] is not None:
            counts[2] += ok
            counts[3] += 1
        if not ok:
            diffs.append((name, gold[name], predicted[name]))
    return tuple(diffs)


def _gold_sentence(doc: GoldDocument, position: int | None, figure: str) -> str:
    if position is None:
        return ""
    return sentence_around(doc.text, position, position + len(figure))


def _gold_error(
    name: str, gold: Mapping[str, Any], position: int | None, sentence: str
) -> ClaimError:
    return ClaimError(
        document=name,
        figure=gold["figure"],
        outcome=gold["outcome"],
        group=gold["group"],
        low=gold["low"],
        high=gold["high"],
        source=gold["source"],
        start=position,
        sentence=sentence,
        individual=is_individual(gold),
    )


def _predicted_error(doc: GoldDocument, claim: Claim) -> ClaimError:
    text = doc.text
    if 0 <= claim.sentence_start < claim.sentence_end <= len(text):
        sentence = text[claim.sentence_start : claim.sentence_end].strip()
    elif 0 <= claim.start <= len(text):
        sentence = sentence_around(text, claim.start, max(claim.start, min(claim.end, len(text))))
    else:
        sentence = ""
    return ClaimError(
        document=doc.name,
        figure=claim.figure,
        outcome=claim.outcome,
        group=claim.group,
        low=claim.low,
        high=claim.high,
        source=claim.source,
        start=claim.start,
        sentence=sentence,
        individual=claim.individual,
    )


def _pair_error(
    name: str,
    gold: Mapping[str, Any],
    claim: Claim,
    position: int | None,
    diffs: tuple[tuple[str, Any, Any], ...],
    sentence: str,
) -> PairError:
    return PairError(
        document=name,
        gold_figure=gold["figure"],
        predicted_figure=claim.figure,
        start=position,
        fields=diffs,
        sentence=sentence,
    )
