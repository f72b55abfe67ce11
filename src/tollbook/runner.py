"""Ingest runs: read inputs, extract claims, store both (the arrows of DESIGN.md, in order).

Each document and its claims are one transaction in the store, and documents are
deduplicated by content hash, so a run that is killed and started again ends with
exactly the documents and claims of an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import tollbook
from tollbook.errors import ExtractError, TollbookError
from tollbook.extract import extract


@cache
def extractor_version() -> str:
    """tollbook's version plus a digest of the extractor's code and vocabularies.

    It changes whenever a rule or a word list changes, so ``reextract`` knows which
    stored documents were read by an older extractor.
    """
    root = files("tollbook.extract")
    return f"{tollbook.__version__}+{_code_digest(root, root / 'lexicon')}"


def _code_digest(*folders) -> str:
    """sha256 (12 hex digits) of the names and bytes of the .py and .toml files in the folders."""
    digest = hashlib.sha256()
    for folder in folders:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".py", ".toml")):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()[:12]


# Documents are written in batches: one commit per batch instead of one per document
# makes the store's share of an ingest small. A batch is at most this many documents or
# this many seconds old, so a killed run redoes little and a slow input still commits.
BATCH_DOCUMENTS = 200
BATCH_SECONDS = 2.0


@dataclass(slots=True)
class Summary:
    """What a run did: counts, and the failures with their file and record."""

    new: int = 0
    duplicate: int = 0
    failed: int = 0
    claims: int = 0
    failures: list[str] = field(default_factory=list)
    queued: int = 0  # read and extracted, waiting for the next commit
    not_followed: list[str] = field(default_factory=list)  # symlinked folders met while walking
    stopped: list[str] = field(default_factory=list)  # the failures that ended a file (too many bad records)

    @property
    def seen(self) -> int:
        return self.new + self.duplicate + self.failed + self.queued

    @property
    def notes(self) -> list[str]:
        """One line for each thing the run left out on purpose (not errors): symlinked folders."""
        if not self.not_followed:
            return []
        count = len(self.not_followed)
        shown = ", ".join(self.not_followed[:10]) + (f" and {count - 10} more" if count > 10 else "")
        return [f"skipped {count} symlinked folder{'s' if count > 1 else ''}: {shown} (not followed)"]


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
    batch: int = BATCH_DOCUMENTS,
) -> Summary:
    """Read every input, extract its claims and store both; never stops on a bad record.

    Args:
        corpus: a ``tollbook.store.Corpus``.
        paths: files, directories, ``-`` for standard input, or http(s) URLs.
        published, lang: defaults for documents that lack them.
        fields: JSONL field names (``text``, ``title``, ``url``, ``published``, ``id``).
        strict: stop at the first failed record (raises :class:`StrictStop`).
        on_record: called after each record (progress bars).
        batch: documents per transaction (each document is always stored whole).
    """
    from tollbook.ingest import Failure, iter_inputs
    from tollbook.ingest.records import FileStopped
    from tollbook.store import Entry

    summary = Summary()
    version = extractor_version()
    pending: list[Entry] = []
    opened = 0.0
    limit = 1 if strict else max(1, batch)
    for record in iter_inputs(paths, published=published, lang=lang, fields=fields,
                              not_followed=summary.not_followed):
        if isinstance(record, Failure):
            _fail(corpus, summary, record.source_file, record.source_record, record.message, strict)
            if isinstance(record, FileStopped):
                summary.stopped.append(summary.failures[-1])
        else:
            document = record.document
            try:
                claims = extract(document.text, document.published)
            except TollbookError as exc:
                _fail(corpus, summary, record.source_file, record.source_record, str(exc), strict)
            else:
                if not pending:
                    opened = time.monotonic()
                pending.append(Entry(document, claims, version, record.source_file, record.source_record,
                                     record.raw_html, None, getattr(record, "language", None) or lang))
                summary.queued += 1
                if len(pending) >= limit or time.monotonic() - opened > BATCH_SECONDS:
                    _store(corpus, pending, summary, strict)
        if on_record is not None:
            on_record(summary)
    _store(corpus, pending, summary, strict)
    return summary


def _store(corpus, pending: list, summary: Summary, strict: bool) -> None:
    """Commit the pending documents; when the batch fails, store them one by one to isolate the bad one."""
    if not pending:
        return
    try:
        results = corpus.add_many(pending)
    except TollbookError:
        results = None
    if results is None:
        results = []
        for entry in pending:
            try:
                results.extend(corpus.add_many([entry]))
            except TollbookError as exc:
                results.append(None)
                _fail(corpus, summary, entry.source_file, entry.source_record, str(exc), strict)
    for entry, result in zip(pending, results, strict=True):
        summary.queued -= 1
        if result is None:
            continue
        if result[1]:
            summary.new += 1
            summary.claims += len(entry.claims)
        else:
            summary.duplicate += 1
    pending.clear()


def _fail(corpus, summary: Summary, file: str, record: str | None, message: str, strict: bool) -> None:
    from tollbook.ingest.records import storable

    # A name with bytes that are not UTF-8 can be neither stored (PostgreSQL) nor printed.
    file, record, message = storable(file), record and storable(record), storable(message)
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
        try:
            found = extract(stored.text, stored.published)
        except ExtractError as exc:  # a document over its time budget keeps the claims it had
            logging.getLogger(__name__).warning("document %d: %s; its earlier claims are kept", stored.id, exc)
            continue
        corpus.replace_claims(stored.id, found, version)
        documents += 1
        claims += len(found)
        if on_document is not None:
            on_document(documents)
    return documents, claims


@cache
def reconciler_version() -> str:
    """A digest of the reconciliation code and vocabularies (events are rebuilt when it changes)."""
    return _code_digest(files("tollbook.reconcile"))


def _fingerprint(corpus, options) -> str:
    return f"{corpus.inputs_state()}; {options!r}; reconcile {reconciler_version()}"


def events_current(corpus, options=None) -> bool:
    """Whether the stored events were built from the current claims, edits and options."""
    from tollbook.reconcile import Options

    return corpus.state("events_built_from") == _fingerprint(corpus, options or Options())


def build_events(corpus, options=None, *, force: bool = False) -> tuple[int, bool]:
    """Rebuild the stored events when claims, edits, options or the rules changed.

    Returns (number of events, whether they were rebuilt). The fingerprint is read before
    the claims, so a change made while building makes the next call build again.
    """
    from tollbook.reconcile import Edit, Options, reconcile, signature
    from tollbook.reconcile.overrides import apply_overrides

    options = options or Options()
    fingerprint = _fingerprint(corpus, options)
    if not force and corpus.state("events_built_from") == fingerprint:
        return corpus.count_events(), False
    mentions, documents = corpus.mentions()
    signatures = corpus.signatures(list(documents), signature)
    edits = [Edit(e["op"], tuple(e["units"])) for e in corpus.event_edits()]
    events = reconcile(mentions, documents, edits=edits, options=options, signatures=signatures)
    events = apply_overrides(events, corpus.event_overrides())
    corpus.save_events(events, fingerprint)
    return len(events), True


def override_event(corpus, event_id: str, author: str, *, best: int | None = None, outcome: str = "killed",
                   kind: str | None = None, source: str | None = None, source_type: str | None = None,
                   note: str | None = None, options=None) -> dict:
    """Record a reviewer's best figure, incident kind or source type for an event (each with its
    audit row), rebuild, and return the event as it now stands."""
    if best is None and kind is None and source_type is None:
        raise TollbookError("give a best figure, a kind, or a source with its type")
    if (source is None) != (source_type is None):
        raise TollbookError("a source type needs its source, and a source its type")
    build_events(corpus, options)
    event = corpus.event(event_id)
    if event is None:
        raise TollbookError(f"no event {event_id!r} (see `tollbook events`)")
    changes = [("best", str(best), outcome)] if best is not None else []
    changes += [("kind", kind, None)] if kind is not None else []
    changes += [("source_type", source_type, source)] if source_type is not None else []
    corpus.add_event_overrides(event, changes, author, note=note)  # all or nothing
    build_events(corpus, options)
    return corpus.event(event_id) or event


def merge_events(corpus, event_ids: list[str], author: str, note: str | None = None, options=None) -> str:
    """Merge events by hand (recorded, replayed on every rebuild); return the merged event's id."""
    build_events(corpus, options)
    units, documents = _merged_units(corpus, event_ids)
    return _record_event_edit(corpus, "merge", units, event_ids, documents, author, note, options,
                              lambda merged: (f"event {merged}", {"events": list(event_ids)}))


def split_event(corpus, event_id: str, document_ids: list[int], author: str, note: str | None = None,
                options=None) -> str:
    """Move the given documents' claims out of an event into a new one; return the new event's id."""
    if not document_ids:
        raise TollbookError(f"choose at least one document to split off event {event_id}")
    build_events(corpus, options)
    event = corpus.event(event_id)
    if event is None:
        raise TollbookError(f"no event {event_id!r} (see `tollbook events`)")
    prefixes = {}
    for document_id in document_ids:
        if document_id not in event["documents"]:
            raise TollbookError(f"document {document_id} is not in event {event_id} "
                                f"(its documents: {', '.join(map(str, event['documents']))})")
        prefixes[corpus.document(document_id).content_hash[:16]] = document_id
    units = [u for u in event["units"] if u.split("/", 1)[0] in prefixes]
    if not units:
        raise TollbookError(f"the documents {', '.join(map(str, document_ids))} have no claim of their own in "
                            f"event {event_id}: nothing to split")
    if len(units) == len(event["units"]):
        raise TollbookError(f"that would move every claim of event {event_id}: nothing to split")
    return _record_event_edit(corpus, "split", units, [event_id], document_ids, author, note, options,
                              lambda new: (f"event {event_id}", {"event": event_id, "documents": list(document_ids)}))


def _record_event_edit(corpus, op: str, units: list[str], event_ids: list[str], documents: list[int], author: str,
                       note: str | None, options, audit: Callable[[str], tuple[str, dict]]) -> str:
    """Store a merge or split with its audit row in one transaction; rebuild; return the event made.

    The event the edit makes is found first, on the events rebuilt in memory with the edit, so
    that the audit row can name it: a failure leaves neither an edit nor an audit row behind.
    """
    made = _rebuilt(corpus, options, add=(op, units)).get(units[0])
    if made is None:
        raise TollbookError(f"no event holds {units[0]!r}")  # cannot happen: every unit is in one event
    target, before = audit(made.id)
    corpus.add_event_edit(op, units, event_ids, author, note, audit=(target, before, {"event": made.id}))
    build_events(corpus, options)
    return _event_of_unit(corpus, units[0], documents)


def _event_of_unit(corpus, unit: str, documents: list[int]) -> str:
    """The event that now holds ``unit``, looked up among the events of its documents (indexed)."""
    for event in corpus.events_with_documents(documents):
        if unit in event["units"]:
            return event["id"]
    raise TollbookError(f"no event holds {unit!r}")  # cannot happen: every unit is in one event


def _merged_units(corpus, event_ids: list[str]) -> tuple[list[str], list[int]]:
    """The units and documents of the events to merge (stored events, up to date)."""
    if len(set(event_ids)) < 2:
        raise TollbookError("give at least two different event ids to merge")
    units: list[str] = []
    documents: list[int] = []
    for event_id in event_ids:
        event = corpus.event(event_id)
        if event is None:
            raise TollbookError(f"no event {event_id!r} (see `tollbook events`)")
        units.extend(event["units"])
        documents.extend(event["documents"])
    return units, documents


def _rebuilt(corpus, options, *, add: tuple[str, list[str]] | None = None, leave_out: int | None = None) -> dict:
    """The events rebuilt in memory with one edit more (``add``) or less (``leave_out``): unit -> Event."""
    from tollbook.reconcile import Edit, Options, reconcile, signature

    mentions, infos = corpus.mentions()
    edits = [Edit(e["op"], tuple(e["units"])) for e in corpus.event_edits() if e["id"] != leave_out]
    if add is not None:
        edits.append(Edit(add[0], tuple(add[1])))
    events = reconcile(mentions, infos, edits=edits, options=options or Options(),
                       signatures=corpus.signatures(list(infos), signature))
    return {unit: event for event in events for unit in event.units}


def preview_merge(corpus, event_ids: list[str], options=None) -> dict:
    """What merging these events would make, written nowhere: ``events`` (the events to merge) and
    ``merged`` (the event they would become, ``Event.to_dict()``: ranges, conflicts, documents)."""
    build_events(corpus, options)
    units, _documents = _merged_units(corpus, event_ids)
    made = _rebuilt(corpus, options, add=("merge", units))[units[0]]
    return {"events": [corpus.event(event_id) for event_id in event_ids], "merged": made.to_dict()}


def undo_event_edit(corpus, edit_id: int, author: str, note: str | None = None, options=None) -> str:
    """Undo a hand merge or split: the edit is deleted (with an audit row that keeps it whole) and
    events are rebuilt as if it had never been made; return the event that now holds its first unit.

    Deleting, rather than recording an inverse edit, is what undo means here: edits are replayed
    in order on every rebuild, so the events come back exactly as the rules and the other edits
    make them (also with claims stored since), whereas an inverse split would pin the units
    apart for good (a merge does not record which event each unit came from) and an inverse
    merge would pin them together.
    """
    build_events(corpus, options)
    edit = corpus.event_edit(edit_id)
    if edit is None:
        raise TollbookError(f"no event edit {edit_id} (undone already?); see the audit log")
    now = _event_of_unit(corpus, edit["units"][0], _unit_documents(corpus, edit["units"]))
    after = _rebuilt(corpus, options, leave_out=edit_id)
    holders = sorted({after[unit].id for unit in edit["units"] if unit in after})
    corpus.undo_event_edit(edit_id, author, note, (f"event {now}", {"events": holders}))
    build_events(corpus, options)
    return _event_of_unit(corpus, edit["units"][0], _unit_documents(corpus, edit["units"]))


def moved_to(corpus, event_id: str) -> str | None:
    """The event that now holds the units of ``event_id`` when it was merged away, else None."""
    units = corpus.merged_into(event_id)
    if not units:
        return None
    try:
        found = _event_of_unit(corpus, units[0], _unit_documents(corpus, units[:1]))
    except TollbookError:
        return None
    return found if found != event_id else None


def _unit_documents(corpus, units: list[str]) -> list[int]:
    """The stored documents of these units (a unit's key starts with its document's content hash)."""
    return corpus.documents_with_hash_prefixes(sorted({unit.split("/", 1)[0] for unit in units}))
