"""The reconciliation vocabularies (``source_types.toml``, ``reconcile.toml``), validated on load."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from tollbook.errors import LexiconError

SOURCE_TYPES = ("government", "armed", "un_ngo", "medical", "media", "witness", "unknown")
SOURCE_TYPE_LABELS = {
    "government": "government",
    "armed": "armed forces or armed group",
    "un_ngo": "UN or NGO",
    "medical": "medical",
    "media": "media",
    "witness": "witness",
    "unknown": "unknown",
}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    source_types: dict[str, tuple[str, ...]]  # type -> phrases
    weak_types: dict[str, tuple[str, ...]]
    incident_types: dict[str, tuple[str, ...]]
    update_words: tuple[str, ...]
    source_modifiers: frozenset[str]
    place_generic: frozenset[str]
    separate_pattern: re.Pattern[str]
    source_pattern: re.Pattern[str]  # every type phrase, longest first
    incident_pattern: re.Pattern[str]
    update_pattern: re.Pattern[str]
    total_pattern: re.Pattern[str]  # [sums] totals: a sentence that may hold a total and its parts
    apart_pattern: re.Pattern[str]  # [sums] apart: words between two figures that are not parts of one toll
    individuals: Individuals


@dataclass(frozen=True, slots=True)
class Individuals:
    """How mentions of individual victims are told apart (``reconcile.toml``, ``[individuals]``)."""

    new: tuple[tuple[str, ...], ...]  # leading phrases, as word tuples, longest first
    indefinite: frozenset[str]
    definite: frozenset[str]
    possessive: frozenset[str]
    pronouns: frozenset[str]
    referring: frozenset[str]
    honorifics: frozenset[str]


def _words(data: dict, path: str, name: str) -> tuple[str, ...]:
    value = data
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            raise LexiconError(f"{name}: missing key {path!r}")
        value = value[key]
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        raise LexiconError(f"{name}: {path} must be a non-empty list of words")
    return tuple(w.strip().lower() for w in value)


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@cache
def vocabulary() -> Vocabulary:
    """Load both data files once per process (a LexiconError names the file and key)."""
    folder = files("tollbook.reconcile")
    loaded = {}
    for name in ("source_types.toml", "reconcile.toml"):
        try:
            loaded[name] = tomllib.loads((folder / name).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise LexiconError(f"{name}: not valid TOML: {exc}") from None
    sources, rules = loaded["source_types.toml"], loaded["reconcile.toml"]
    types = {}
    for kind in sources.get("types", {}):
        if kind not in SOURCE_TYPES:
            raise LexiconError(f"source_types.toml: unknown type {kind!r} (use one of {', '.join(SOURCE_TYPES)})")
        types[kind] = _words(sources, f"types.{kind}", "source_types.toml")
    weak = {kind: _words(sources, f"weak.{kind}", "source_types.toml") for kind in sources.get("weak", {})}
    for kind in weak:
        if kind not in SOURCE_TYPES:
            raise LexiconError(f"source_types.toml: unknown type {kind!r} in [weak]")
    incidents = {kind: _words(rules, f"incident_types.{kind}", "reconcile.toml")
                 for kind in rules.get("incident_types", {})}
    if not incidents:
        raise LexiconError("reconcile.toml: [incident_types] is empty")
    updates = _words(rules, "updates.words", "reconcile.toml")
    modifiers = frozenset(_words(rules, "source_modifiers.words", "reconcile.toml"))
    people = {key: _words(rules, f"individuals.{key}", "reconcile.toml")
              for key in ("new", "indefinite", "definite", "possessive", "pronouns", "referring", "honorifics")}
    for key in ("indefinite", "definite", "possessive", "pronouns", "referring", "honorifics"):
        if several := [w for w in people[key] if len(w.split()) > 1]:
            raise LexiconError(f"reconcile.toml: individuals.{key} takes single words, not {several[0]!r}")
    return Vocabulary(
        source_types=types,
        weak_types=weak,
        incident_types=incidents,
        update_words=updates,
        source_modifiers=modifiers,
        separate_pattern=_alternation(list(_words(rules, "separate.words", "reconcile.toml"))),
        place_generic=frozenset(_words(rules, "place_generic.words", "reconcile.toml")),
        source_pattern=_alternation([p for group in (*types.values(), *weak.values()) for p in group]),
        incident_pattern=_alternation([p for group in incidents.values() for p in group]),
        update_pattern=_alternation(list(updates)),
        total_pattern=_alternation(list(_words(rules, "sums.totals", "reconcile.toml"))),
        apart_pattern=_alternation(list(_words(rules, "sums.apart", "reconcile.toml"))),
        individuals=Individuals(
            new=tuple(sorted({tuple(p.split()) for p in people["new"]}, key=len, reverse=True)),
            **{key: frozenset(people[key]) for key in people if key != "new"},
        ),
    )
