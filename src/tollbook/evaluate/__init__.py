"""Scores the extractor on a labelled dataset (rules: shared/eval/README.md, "Scoring")."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from tollbook.evaluate.dataset import GoldDocument, dataset_sha256, load_dataset
from tollbook.evaluate.render import render_report
from tollbook.evaluate.report import Report
from tollbook.evaluate.scoring import score
from tollbook.model import Claim

__all__ = [
    "Extractor",
    "GoldDocument",
    "Report",
    "dataset_sha256",
    "evaluate_dir",
    "load_dataset",
    "render_report",
    "score",
]


class Extractor(Protocol):
    """The signature of ``tollbook.extract``."""

    def __call__(self, text: str, published: str | None = None) -> Sequence[Claim]: ...


def evaluate_dir(
    path: str | Path, extractor: Extractor | None = None, *, null_group_matches_any: bool = False
) -> Report:
    """Run ``extractor`` (default ``tollbook.extract``) on every document of ``path`` and score it.

    Raises:
        InputError: the dataset cannot be read (see ``load_dataset``).
    """
    docs = load_dataset(path)
    if extractor is None:
        # Imported here so the extractor in use is the one current at call time.
        from tollbook.extract.pipeline import extract as extractor
    predictions = {}
    for doc in docs:
        try:
            predictions[doc.name] = list(extractor(doc.text, published=doc.published))
        except Exception as exc:
            exc.add_note(f"while extracting claims from document {doc.name!r} of {path}")
            raise
    return score(docs, predictions, null_group_matches_any=null_group_matches_any)
