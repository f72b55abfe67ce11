"""Reads a labelled dataset directory (format: shared/eval/README.md, "A dataset directory")."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tollbook.errors import InputError
from tollbook.model import OUTCOMES

TEXT_SUFFIX = ".txt"
META_SUFFIX = ".meta.json"
GOLD_SUFFIX = ".gold.jsonl"
# Longest suffix first: "x.meta.json" must not be read as a document named "x.meta".
_SUFFIXES = (GOLD_SUFFIX, META_SUFFIX, TEXT_SUFFIX)

GOLD_OUTCOMES = (*OUTCOMES, "other")
# Keys of one gold line; a key left out of a line reads as null.
GOLD_KEYS = (
    "figure",
    "outcome",
    "group",
    "low",
    "high",
    "source",
    "part_of",
    "negated",
    "date",
    "place",
    "individual",  # optional: one person's outcome; left out or null reads as false
)
_OPTIONAL_TEXT_KEYS = ("group", "source", "part_of", "date", "place")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_LAYOUT = "a dataset directory holds NAME.txt, NAME.meta.json and NAME.gold.jsonl per document"


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One labelled document: its text, metadata and gold claims (dicts with every GOLD_KEYS key)."""

    name: str
    text: str
    published: str | None
    title: str | None
    gold: tuple[dict[str, Any], ...]


def load_dataset(path: str | Path) -> list[GoldDocument]:
    """Read every document of the dataset directory ``path``, sorted by name.

    Raises:
        InputError: the directory is missing or empty, a file is missing or malformed;
            the message names the file (and line) and what to fix.
    """
    files = _dataset_files(path)
    names = sorted({_split_name(f.name)[0] for f in files})
    directory = Path(path)
    present = {f.name for f in files}
    docs = []
    for name in names:
        for suffix in (TEXT_SUFFIX, META_SUFFIX, GOLD_SUFFIX):
            if name + suffix not in present:
                raise InputError(f"{directory / (name + suffix)}: missing; {_LAYOUT}")
        text = _read_text(directory / (name + TEXT_SUFFIX))
        meta = _read_meta(directory / (name + META_SUFFIX))
        gold = _read_gold(directory / (name + GOLD_SUFFIX), text)
        docs.append(
            GoldDocument(
                name=name,
                text=text,
                published=meta.get("published"),
                title=meta.get("title"),
                gold=gold,
            )
        )
    return docs


def dataset_sha256(path: str | Path) -> str:
    """Hex SHA-256 over the dataset's files (name and bytes of each, sorted by name).

    Other files in the directory (notes, editor backups) do not change the hash.
    """
    digest = hashlib.sha256()
    for file in sorted(_dataset_files(path), key=lambda f: f.name):
        data = file.read_bytes()
        # Name and length frame each file, so moving bytes between files changes the hash.
        digest.update(f"{file.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _dataset_files(path: str | Path) -> list[Path]:
    directory = Path(path)
    if not directory.exists():
        raise InputError(f"{directory}: dataset directory not found; {_LAYOUT}")
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory; {_LAYOUT}")
    files = [f for f in directory.iterdir() if f.is_file() and _split_name(f.name)[1]]
    if not files:
        raise InputError(f"{directory}: no documents found; {_LAYOUT}")
    return files


def _split_name(filename: str) -> tuple[str, str]:
    """("d01", ".gold.jsonl") for "d01.gold.jsonl"; ("", "") for files not in the layout."""
    for suffix in _SUFFIXES:
        if filename.endswith(suffix) and len(filename) > len(suffix):
            return filename[: -len(suffix)], suffix
    return "", ""


def _read_text(file: Path) -> str:
    # Bytes decoded as-is (no newline translation): claim offsets index this exact string.
    try:
        return file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{file}: not valid UTF-8 ({exc.reason} at byte {exc.start}); save the file as UTF-8"
        ) from None


def _read_meta(file: Path) -> dict[str, Any]:
    try:
        meta = json.loads(_read_text(file))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{file} line {exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})"
        ) from None
    if not isinstance(meta, dict):
        raise InputError(f"{file}: expected a JSON object, got {type(meta).__name__}")
    published = meta.get("published")
    if published is not None and not (isinstance(published, str) and _ISO_DAY.fullmatch(published)):
        raise InputError(f"{file}: key 'published' must be YYYY-MM-DD or null, got {published!r}")
    title = meta.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(f"{file}: key 'title' must be a string or null, got {title!r}")
    return meta


def _read_gold(file: Path, text: str) -> tuple[dict[str, Any], ...]:
    claims = []
    for number, line in enumerate(_read_text(file).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{file} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{where}: not valid JSON ({exc.msg}, column {exc.colno}); fix or remove the line"
            ) from None
        if not isinstance(record, dict):
            raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
        claims.append(_check_gold(record, where, text))
    return tuple(claims)


def _check_gold(record: dict[str, Any], where: str, text: str) -> dict[str, Any]:
    """Validate one gold line key by key; return it with every GOLD_KEYS key present."""
    claim = {key: record.get(key) for key in GOLD_KEYS}
    claim.update((k, v) for k, v in record.items() if k not in claim)  # keep extras ("vague")
    figure = claim["figure"]
    if not isinstance(figure, str) or not figure.strip():
        raise InputError(f"{where}: key 'figure' must be a non-empty string, got {figure!r}")
    if figure not in text:
        raise InputError(
            f"{where}: figure {figure!r} does not occur in the document text; "
            "figures must be exact substrings of NAME.txt"
        )
    if claim["outcome"] not in GOLD_OUTCOMES:
        raise InputError(
            f"{where}: key 'outcome' is {claim['outcome']!r}; use one of {', '.join(GOLD_OUTCOMES)}"
        )
    if not _is_int(claim["low"]):
        raise InputError(f"{where}: key 'low' must be an integer, got {claim['low']!r}")
    if claim["high"] is not None and not _is_int(claim["high"]):
        raise InputError(f"{where}: key 'high' must be an integer or null, got {claim['high']!r}")
    for key in _OPTIONAL_TEXT_KEYS:
        if claim[key] is not None and not isinstance(claim[key], str):
            raise InputError(f"{where}: key {key!r} must be a string or null, got {claim[key]!r}")
    for key in ("negated", "individual"):
        if claim[key] is None:
            claim[key] = False
        elif not isinstance(claim[key], bool):
            raise InputError(f"{where}: key {key!r} must be true or false, got {claim[key]!r}")
    if claim["individual"] and (claim["low"], claim["high"]) != (1, 1):
        raise InputError(
            f"{where}: figure {figure!r} is individual (one person) but has low {claim['low']!r} and high "
            f"{claim['high']!r}; an individual claim has low = high = 1 (or drop 'individual' for a count)"
        )
    return claim


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
