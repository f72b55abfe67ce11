"""Ingest runs: read inputs, extract claims, store both (the arrows of DESIGN.md, in order).

Each document and its claims are one transaction in the store, and documents are
deduplicated by content hash, so a run that is killed and started again ends with
exactly the documents and claims of an uninterrupted run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import tollbook
from tollbook.errors import TollbookError
from tollbook.extract import extract


@cache
def extractor_version() -> str:
    """tollbook's version plus a digest of the extractor's code and vocabularies.

    It changes whenever a rule or a word list changes, so ``reextract`` knows which
    stored documents were read by an older extractor.
    """
    digest = hashlib.sha256()
    root = files("tollbook.extract")
    for folder in (root, root / "lexicon"):
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".py", ".toml")):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return f"{tollbook.__version__}+{digest.hexdigest()[:12]}"


@dataclass(slots=True)
class Summary:
    """What a run did: counts, and the failures with their file and record."""

    new: int = 0
    duplicate: int = 0
    failed: int = 0
    claims: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.new + self.duplicate + self.failed


class StrictStop(TollbookError):
    """Raised with --strict at the first failed record."""


def ingest(
    corpus,
    paths: Iterable[str],
    *,
    published: str | None = None,
    lang: str | None = None,
    fields: dict | None = None,
    strict: bool = False,
    on_record: Callable[[Summary], None] | None = None,
) -> Summary:
    """Read every input, extract its claims and store both; never stops on a bad record.

    Args:
        corpus: a ``tollbook.store.Corpus``.
        paths: files, directories, ``-`` for standard input, or http(s) URLs.
        published, lang: defaults for documents that lack them.
        fields: JSONL field names (``text``, ``title``, ``url``, ``published``, ``id``).
        strict: stop at the first failed record (raises :class:`StrictStop`).
        on_record: called after each record (progress bars).
    """
    from tollbook.ingest import Failure, iter_inputs

    summary = Summary()
    version = extractor_version()
    for record in iter_inputs(paths, published=published, lang=lang, fields=fields):
        if isinstance(record, Failure):
            _fail(corpus, summary, record.source_file, record.source_record, record.message, strict)
        else:
            document = record.document
            try:
                claims = extract(document.text, document.published)
                _, new = corpus.add(
                    document,
                    claims,
                    extractor_version=version,
                    source_file=record.source_file,
                    source_record=record.source_record,
                    raw_html=record.raw_html,
                    language=getattr(record, "language", None) or lang,
                )
            except TollbookError as exc:
                _fail(corpus, summary, record.source_file, record.source_record, str(exc), strict)
            else:
                if new:
                    summary.new += 1
                    summary.claims += len(claims)
                else:
                    summary.duplicate += 1
        if on_record is not None:
            on_record(summary)
    return summary


def _fail(corpus, summary: Summary, file: str, record: str | None, message: str, strict: bool) -> None:
    summary.failed += 1
    summary.failures.append(message)
    corpus.record_error(file, record, message)
    if strict:
        raise StrictStop(f"{message} (stopped: --strict)")


def reextract(corpus, on_document: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Re-run the current extractor over stored documents read by an older one.

    Returns (documents re-read, claims now stored for them). Reviewed values are kept
    by the store for claims whose span is unchanged.
    """
    version = extractor_version()
    documents = claims = 0
    for stored in list(corpus.documents_needing_reextract(version)):
        found = extract(stored.text, stored.published)
        corpus.replace_claims(stored.id, found, version)
        documents += 1
        claims += len(found)
        if on_document is not None:
            on_document(documents)
    return documents, claims
