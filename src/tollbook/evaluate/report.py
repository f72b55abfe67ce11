"""The records of a scoring run: counts, accuracies, errors and the ``Report``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


@dataclass(frozen=True, slots=True)
class Counts:
    """Matched pairs over gold and predicted claims; 0.0 where a ratio is undefined."""

    matched: int
    gold: int
    predicted: int

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        return _ratio(2 * self.matched, self.gold + self.predicted)

    def to_dict(self) -> dict[str, Any]:
        """Counts and ratios as a JSON-ready dict."""
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True, slots=True)
class KindScore:
    """Strict and lenient matches over one kind of claim, paired on their own.

    The dataset README's "F1 three ways": counts only (claims without ``individual``,
    gold and predicted alike) and individual victims only, each kind filtered on both
    sides before pairing, beside the scores over all claims.
    """

    strict: Counts
    lenient: Counts

    def to_dict(self) -> dict[str, Any]:
        """Both as JSON-ready dicts."""
        return {"strict": self.strict.to_dict(), "lenient": self.lenient.to_dict()}


@dataclass(frozen=True, slots=True)
class AttributeScore:
    """Accuracy of one attribute over strict matches.

    ``correct``/``total`` score every strict match (a null gold value expects a
    null prediction); ``nonnull_*`` count only matches whose gold value is set,
    the README's "a key that is null in the gold is not scored".
    """

    name: str
    correct: int
    total: int
    nonnull_correct: int
    nonnull_total: int

    @property
    def accuracy(self) -> float:
        return _ratio(self.correct, self.total)

    @property
    def nonnull_accuracy(self) -> float:
        return _ratio(self.nonnull_correct, self.nonnull_total)

    def to_dict(self) -> dict[str, Any]:
        """Counts and accuracies as a JSON-ready dict."""
        return {
            **asdict(self),
            "accuracy": self.accuracy,
            "nonnull_accuracy": self.nonnull_accuracy,
        }


@dataclass(frozen=True, slots=True)
class ClaimError:
    """A gold claim nobody predicted, or a prediction paired with no gold claim."""

    document: str
    figure: str
    outcome: str
    group: str | None
    low: int | None
    high: int | None
    source: str | None
    start: int | None
    sentence: str
    individual: bool = False


@dataclass(frozen=True, slots=True)
class PairError:
    """A paired gold and predicted claim that disagree on ``fields`` (key, gold, predicted)."""

    document: str
    gold_figure: str
    predicted_figure: str
    start: int | None
    fields: tuple[tuple[str, Any, Any], ...]
    sentence: str


@dataclass(frozen=True, slots=True)
class Report:
    """Scores of one dataset; ``to_dict()`` gives the JSON form.

    ``missed`` + ``mismatched`` are the gold claims without a strict match;
    ``spurious`` + ``mismatched`` the predictions without one. ``strict`` and ``lenient``
    are over all claims; ``counts`` and ``individuals`` over each kind alone.
    """

    documents: int
    strict: Counts
    lenient: Counts
    counts: KindScore
    individuals: KindScore
    attributes: dict[str, AttributeScore]
    outcomes: dict[str, Counts]
    per_document: dict[str, tuple[Counts, Counts]]  # name -> (strict, lenient)
    missed: tuple[ClaimError, ...]
    spurious: tuple[ClaimError, ...]
    mismatched: tuple[PairError, ...]
    attribute_errors: tuple[PairError, ...]
    null_group_matches_any: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict."""
        return {
            "documents": self.documents,
            "null_group_matches_any": self.null_group_matches_any,
            "strict": self.strict.to_dict(),
            "lenient": self.lenient.to_dict(),
            "counts": self.counts.to_dict(),
            "individuals": self.individuals.to_dict(),
            "attributes": {name: a.to_dict() for name, a in self.attributes.items()},
            "outcomes": {name: c.to_dict() for name, c in self.outcomes.items()},
            "per_document": {
                name: {"strict": s.to_dict(), "lenient": lenient.to_dict()}
                for name, (s, lenient) in self.per_document.items()
            },
            "missed": [asdict(e) for e in self.missed],
            "spurious": [asdict(e) for e in self.spurious],
            "mismatched": [asdict(e) for e in self.mismatched],
            "attribute_errors": [asdict(e) for e in self.attribute_errors],
        }
