"""Plain frozen records read back from the corpus, and their mapping to table rows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import func

from tollbook.errors import StoreError
from tollbook.model import Claim, Document
from tollbook.store.models import ClaimRow, DocumentRow

# Claim field -> claims column, where the names differ (``end`` and ``group`` are SQL words).
_COLUMN = {"id": "claim_key", "end": "end_", "group": "group_"}
CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


def content_hash(text: str) -> str:
    """The sha256 (hex) of the text's UTF-8 bytes: the key that dedupes documents."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise StoreError(
            f"document text is not valid Unicode at character {exc.start} "
            f"({exc.reason}); fix the input's encoding"
        ) from None
    return hashlib.sha256(data).hexdigest()


def check_text(text: str) -> None:
    """Refuse text that one of the databases cannot store unchanged (PostgreSQL rejects NUL)."""
    at = text.find("\x00")
    if at >= 0:
        raise StoreError(
            f"document text contains a NUL character at offset {at}; "
            "remove NUL characters from the input before storing it"
        )


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document as stored, with the corpus id its claims refer to."""

    id: int
    content_hash: str
    title: str | None
    url: str | None
    published: str | None
    text: str
    extractor_version: str
    source_file: str | None
    source_record: str | None
    publisher: str | None = None
    language: str | None = None

    def to_document(self) -> Document:
        """The ``tollbook.model.Document`` to run extraction on again."""
        return Document(text=self.text, title=self.title, published=self.published,
                        url=self.url, id=str(self.id))


@dataclass(frozen=True, slots=True)
class StoredClaim(Claim):
    """A stored claim: every field of ``Claim`` plus the document it belongs to.

    ``id`` is the extractor's per-document id ("c3"); ``part_of`` refers to it.
    """

    document_id: int = 0
    status: str = "unreviewed"  # the review decision: unreviewed, accepted, corrected, rejected, added

    def to_dict(self) -> dict:
        """The claim as a JSON-ready dict: ``document_id``, the keys of ``Claim.to_dict()`` and ``status``."""
        return {"document_id": self.document_id, **asdict(self)}

    def to_claim(self) -> Claim:
        """The plain ``Claim`` (without the document id)."""
        return Claim(**{name: getattr(self, name) for name in CLAIM_FIELDS})


# Column order of ``claim_values``: the bulk path writes plain tuples (no per-row SQLAlchemy work).
CLAIM_COLUMNS = ("document_id", *(_COLUMN.get(name, name) for name in CLAIM_FIELDS), "reviewed")
_ALTERNATIVES = CLAIM_FIELDS.index("place_alternatives")


def claim_values(document_id: int, claim: Claim, reviewed: Any = None) -> tuple:
    """Values of the claims table for one Claim, in ``CLAIM_COLUMNS`` order, JSON as text."""
    values = [document_id, *(getattr(claim, name) for name in CLAIM_FIELDS), None]
    values[1 + _ALTERNATIVES] = json.dumps(list(claim.place_alternatives))
    if reviewed is not None:
        values[-1] = json.dumps(reviewed)
    return tuple(values)


def stored_claim(row: ClaimRow) -> StoredClaim:
    """A StoredClaim from a claims row."""
    values = {name: getattr(row, _COLUMN.get(name, name)) for name in CLAIM_FIELDS}
    values["place_alternatives"] = tuple(row.place_alternatives or ())
    status = (row.reviewed or {}).get("status", "unreviewed") if hasattr(row, "reviewed") else "unreviewed"
    return StoredClaim(document_id=row.document_id, status=status, **values)


def effective_claim(claim: StoredClaim, reviewed: dict | None) -> StoredClaim | None:
    """The claim with its review applied: None when rejected, corrected fields replaced.

    ``reviewed`` is ``{"status": "accepted" | "corrected" | "rejected", "values": {field: value}}``.
    """
    if not reviewed:
        return claim
    if reviewed.get("status") == "rejected":
        return None
    values = {k: v for k, v in (reviewed.get("values") or {}).items() if k in CLAIM_FIELDS and k != "id"}
    if "source" in values and "source_key" not in values:
        from tollbook.extract.attribution import source_key

        values["source_key"] = source_key(values["source"])
    picked = values.get("place_id")
    if "place" in values:  # a corrected place is looked up again (in the claim's country first)
        values.update(_resolved_place(values["place"], claim.country))
    if picked:  # a namesake picked by the reviewer: its name, region, country, coordinates
        chosen = values.get("place_id") if "place" in values else claim.place_id
        others = values.get("place_alternatives") if "place" in values else claim.place_alternatives
        values.update(place_id=picked, **_picked_place(picked, chosen, others or ()))
    if "place_alternatives" in values:
        values["place_alternatives"] = tuple(values["place_alternatives"] or ())
    return replace(claim, **values) if values else claim


@lru_cache(maxsize=4096)
def _resolved_place(name: str | None, country: str | None) -> dict[str, Any]:
    """The gazetteer's fields for a place a reviewer wrote: "Athens" corrected in a claim of
    Greece is Athens, Greece; a name it does not know keeps no country or coordinates."""
    empty = {"place_id": None, "place_name": None, "country": None, "admin1": None, "latitude": None,
             "longitude": None, "place_alternatives": ()}
    if not name or not name.strip():
        return empty
    from tollbook.extract.where import Place, resolve

    try:
        found = resolve(Place(name.strip(), 2, 0), frozenset({country}) if country else frozenset())
    except (OSError, ImportError, ValueError):  # no gazetteer: the name as written
        return empty
    if found.country is None and found.place_id is None:
        return empty
    return {"place_id": found.place_id, "place_name": found.resolved, "country": found.country,
            "admin1": found.admin1, "latitude": found.latitude, "longitude": found.longitude,
            "place_alternatives": tuple(found.alternatives)}


def _picked_place(place_id: int, chosen: int | None, alternatives: tuple[int, ...]) -> dict[str, Any]:
    """The gazetteer's fields of the namesake a reviewer picked; the gazetteer's own choice
    becomes one of the alternatives."""
    from tollbook.extract.where import gazetteer_entry

    entry = gazetteer_entry(place_id)
    if entry is None:
        return {}
    others = tuple(i for i in (chosen, *alternatives) if i and i != place_id)
    return {"place_name": entry["name"], "country": entry["countrycode"], "admin1": entry["admin1code"],
            "latitude": entry["latitude"], "longitude": entry["longitude"], "place_alternatives": others}


def stored_document(row: DocumentRow) -> StoredDocument:
    """A StoredDocument from a documents row."""
    return StoredDocument(
        id=row.id,
        content_hash=row.content_hash,
        title=row.title,
        url=row.url,
        published=row.published,
        text=row.text,
        extractor_version=row.extractor_version,
        source_file=row.source_file,
        source_record=row.source_record,
        publisher=row.publisher,
        language=row.language,
    )


def sources_of(claims: list[Claim]) -> list[dict[str, str]]:
    """One sources row per claimant key, named as first written, sorted by key.

    Sorted so that concurrent writers take the unique-key locks in the same order
    (no deadlock between two transactions upserting overlapping sources).
    """
    names: dict[str, str] = {}
    for claim in claims:
        if claim.source_key:
            names.setdefault(claim.source_key, claim.source or claim.source_key)
    return [{"key": key, "name": names[key]} for key in sorted(names)]


def contains(column: Any, needle: str) -> Any:
    """Case-insensitive substring test, the same on SQLite and PostgreSQL."""
    return func.lower(column).contains(needle.lower(), autoescape=True)


def utc(when: datetime) -> datetime:
    """SQLite returns naive datetimes; tollbook writes UTC."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
