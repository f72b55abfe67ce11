"""Load and validate the vocabularies that drive extraction (TOML files in this folder).

Every file is checked key by key at load time; an error names the file, the key and
the entry (see STYLE.md, "Vocabularies and thresholds are data").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from tollbook.errors import LexiconError
from tollbook.model import OUTCOMES

HEDGE_KINDS = ("at_least", "more_than", "nearly", "about", "up_to", "fewer_than")
OUTCOME_ROLES = ("verbs", "after", "nouns", "of_nouns", "adjectives", "toll")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All vocabularies, as lookup tables keyed by lower-case phrases."""

    hedge_prefix: dict[str, str]  # "at least" -> "at_least"
    hedge_suffix: dict[str, str]  # "or more" -> "at_least"
    vague: dict[str, tuple[int, int]]
    active: dict[str, str]  # verb form that precedes its victims -> outcome
    after: dict[str, str]  # phrase that follows its victims -> outcome
    nouns: dict[str, str]  # "deaths" -> killed
    of_nouns: dict[str, str]  # "killings" (of N) -> killed
    adjectives: dict[str, str]  # "injured" (workers) -> injured
    toll: dict[str, str]  # "death toll" -> killed
    not_active: frozenset[str]  # "rescued", "freed" ... before a figure
    not_after: frozenset[str]  # "alive", "were released" ... after a figure
    not_later: frozenset[str]  # "released", "freed" ... later in the clause
    where: frozenset[str]  # "on board", "inside": skipped between the people and the outcome
    groups: dict[str, str | None]  # noun phrase -> group key (None: generic people)
    modifiers: dict[str, str]  # "elderly" (people) -> elderly
    implies: dict[str, str]  # group key -> outcome it carries ("refugees" -> displaced)
    never: dict[str, frozenset[str]]  # group key -> outcomes it is never counted under
    not_victims: frozenset[str]
    things: frozenset[str]
    units_after: frozenset[str]
    units_before: frozenset[str]
    months: frozenset[str]
    speech_verbs: frozenset[str]
    before_source: dict[str, str]
    statement_nouns: frozenset[str]
    pronouns: frozenset[str]


def _read(name: str) -> dict:
    path = files(__name__) / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"lexicon/{name}: not valid TOML ({exc}); fix the file") from None


def _strings(name: str, key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"lexicon/{name}: [{key}] must be a list of non-empty strings")
    return [" ".join(v.lower().split()) for v in value]


def _inflect(base: str) -> list[str]:
    """Regular English forms of a verb (first word inflected): -s, -ed, -ing."""
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith("e"):
        forms = [head + "s", head + "d", head[:-1] + "ing"]
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        forms = [head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    else:
        forms = [head + "s", head + "ed", head + "ing"]
    return [base] + [f + tail for f in forms]


def _verb_forms(name: str, verbs: list[str], irregular: dict[str, list[str]]) -> list[str]:
    forms: list[str] = []
    for verb in verbs:
        extra = irregular.get(verb)
        if extra is not None:
            forms += [verb, *extra]
        else:
            forms += _inflect(verb)
    return forms


def _put(table: dict, name: str, key: str, entry: str, value: object) -> None:
    old = table.get(entry, value)
    if old != value:
        raise LexiconError(f'lexicon/{name}: [{key}] entry "{entry}" also listed under [{old}]')
    table[entry] = value


def _load_quantities() -> tuple[dict, dict, dict]:
    name = "quantities.toml"
    data = _read(name)
    prefix: dict[str, str] = {}
    suffix: dict[str, str] = {}
    for section, table in (("prefix", prefix), ("suffix", suffix)):
        for kind, phrases in data.get(section, {}).items():
            if kind not in HEDGE_KINDS:
                raise LexiconError(f"lexicon/{name}: [{section}] unknown hedge kind {kind!r}")
            for phrase in _strings(name, f"{section}.{kind}", phrases):
                _put(table, name, f"{section}.{kind}", phrase, kind)
    vague: dict[str, tuple[int, int]] = {}
    for phrase, bounds in data.get("vague", {}).items():
        ok = isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, int) for b in bounds)
        if not ok or bounds[0] > bounds[1]:
            raise LexiconError(f'lexicon/{name}: [vague] "{phrase}" must be [low, high] with low <= high')
        vague[phrase.lower()] = (bounds[0], bounds[1])
    return prefix, suffix, vague


def _load_outcomes() -> dict[str, object]:
    name = "outcomes.toml"
    data = _read(name)
    irregular = {k: _strings(name, f"irregular.{k}", v) for k, v in data.get("irregular", {}).items()}
    for verb, forms in irregular.items():
        if len(forms) != 4:
            raise LexiconError(f'lexicon/{name}: [irregular] "{verb}" needs 4 forms (-s, past, participle, -ing)')
    tables: dict[str, dict[str, str]] = {role: {} for role in ("active", *OUTCOME_ROLES[1:])}
    participles: dict[str, str] = {}
    for outcome in OUTCOMES:
        section = data.get(outcome)
        if not isinstance(section, dict):
            raise LexiconError(f"lexicon/{name}: missing [{outcome}] section")
        for role in OUTCOME_ROLES:
            if role == "verbs" and "active_only" in section:
                only = _strings(name, f"{outcome}.active_only", section["active_only"])
                for form in _verb_forms(name, only, irregular):
                    _put(tables["active"], name, outcome, form, outcome)
            if role not in section:
                raise LexiconError(f"lexicon/{name}: [{outcome}] missing key {role!r}")
            entries = _strings(name, f"{outcome}.{role}", section[role])
            if role == "verbs":
                for form in _verb_forms(name, entries, irregular):
                    _put(tables["active"], name, outcome, form, outcome)
                    if form.endswith(("ed", "en", "t", "n")) or form in irregular.get(form, []):
                        participles.setdefault(form, outcome)
                for verb in entries:
                    if verb in irregular:
                        participles.setdefault(irregular[verb][2], outcome)
                continue
            for entry in entries:
                _put(tables[role], name, f"{outcome}.{role}", entry, outcome)
    for form, outcome in participles.items():  # "9 people were killed": explicit entries win
        tables["after"].setdefault(form, outcome)
    unknown = set(data) - set(OUTCOMES) - {"irregular", "not_outcome"}
    if unknown:
        raise LexiconError(f"lexicon/{name}: unknown outcome section(s) {sorted(unknown)}; outcomes are {OUTCOMES}")
    neg = data.get("not_outcome", {})
    not_active = frozenset(_verb_forms(name, _strings(name, "not_outcome.verbs", neg.get("verbs", [])), irregular))
    not_after = frozenset(_strings(name, "not_outcome.after", neg.get("after", [])))
    not_later = frozenset(_strings(name, "not_outcome.later", neg.get("later", [])))
    where = frozenset(_strings(name, "not_outcome.where", neg.get("where", [])))
    return {**tables, "not_active": not_active, "not_after": not_after, "not_later": not_later, "where": where}


def _load_groups() -> dict[str, object]:
    name = "groups.toml"
    data = _read(name)
    groups: dict[str, str | None] = {}
    modifiers: dict[str, str] = {}
    implies: dict[str, str] = {}
    never: dict[str, frozenset[str]] = {}
    for key, section in data.items():
        if key in ("not_victims", "things"):
            continue
        nouns = _strings(name, f"{key}.nouns", section.get("nouns"))
        group = None if key == "generic" else key
        for noun in nouns:
            _put(groups, name, key, noun, group)
        for mod in _strings(name, f"{key}.modifiers", section.get("modifiers", [])):
            _put(modifiers, name, f"{key}.modifiers", mod, key)
        if "implies" in section:
            if section["implies"] not in OUTCOMES:
                raise LexiconError(f"lexicon/{name}: [{key}] implies unknown outcome {section['implies']!r}")
            implies[key] = section["implies"]
        if "never" in section:
            outcomes = _strings(name, f"{key}.never", section["never"])
            for outcome in outcomes:
                if outcome not in OUTCOMES:
                    raise LexiconError(f"lexicon/{name}: [{key}] never lists unknown outcome {outcome!r}")
            never[key] = frozenset(outcomes)
    not_victims = frozenset(_strings(name, "not_victims.nouns", data["not_victims"]["nouns"]))
    things = frozenset(_strings(name, "things.nouns", data["things"]["nouns"]))
    for entry in sorted(not_victims & set(groups)):
        raise LexiconError(f'lexicon/{name}: [not_victims] entry "{entry}" also listed as a group noun')
    return {"groups": groups, "modifiers": modifiers, "implies": implies, "never": never,
            "not_victims": not_victims, "things": things}


@cache
def lexicon() -> Lexicon:
    """Return the validated vocabularies (loaded once per process)."""
    prefix, suffix, vague = _load_quantities()
    outcomes = _load_outcomes()
    groups = _load_groups()
    units = _read("units.toml").get("units", {})
    cues = _read("claimants.toml").get("cues", {})
    before_source = {p: p for p in _strings("claimants.toml", "cues.before_source", cues.get("before_source"))}
    return Lexicon(
        hedge_prefix=prefix,
        hedge_suffix=suffix,
        vague=vague,
        active=outcomes["active"],
        after=outcomes["after"],
        nouns=outcomes["nouns"],
        of_nouns=outcomes["of_nouns"],
        adjectives=outcomes["adjectives"],
        toll=outcomes["toll"],
        not_active=outcomes["not_active"],
        not_after=outcomes["not_after"],
        not_later=outcomes["not_later"],
        where=outcomes["where"],
        groups=groups["groups"],
        modifiers=groups["modifiers"],
        implies=groups["implies"],
        never=groups["never"],
        not_victims=groups["not_victims"],
        things=groups["things"],
        units_after=frozenset(_strings("units.toml", "units.after", units.get("after"))),
        units_before=frozenset(_strings("units.toml", "units.before", units.get("before"))),
        months=frozenset(_strings("units.toml", "units.months", units.get("months"))),
        speech_verbs=frozenset(_strings("claimants.toml", "cues.speech_verbs", cues.get("speech_verbs"))),
        before_source=before_source,
        statement_nouns=frozenset(_strings("claimants.toml", "cues.statement_nouns", cues.get("statement_nouns"))),
        pronouns=frozenset(_strings("claimants.toml", "cues.pronouns", cues.get("pronouns"))),
    )


@dataclass(frozen=True, slots=True)
class Persons:
    """Vocabularies for individual victims (persons.toml)."""

    nouns: dict[str, str | None]  # singular noun of one person -> group (None: no group)
    own: frozenset[str]  # nouns whose group is their own plural
    titles: frozenset[str]  # "mr", "dr": before a name, no group
    after: dict[str, str]  # "was shot dead" side: phrase after the person -> outcome
    verbs: dict[str, str]  # "killing" side: verb before the person -> outcome
    adjectives: dict[str, str]  # "the slain" journalist -> outcome
    of_nouns: dict[str, str]  # "the murder of" X, X's "murder" -> outcome
    epidemic: frozenset[str]
    harm: frozenset[str]
    natural: frozenset[str]
    sport: frozenset[str]
    strong_sport: frozenset[str]
    not_before: frozenset[str]
    not_after: frozenset[str]
    not_names: frozenset[str]  # capitalised words that are no person's name
    particles: frozenset[str]  # "van", "al": lower-case words inside names
    place_nouns: frozenset[str]  # "the city (of) X": X is a place
    title_adjectives: frozenset[str]  # "Slain Journalist X"
    not_person_nouns: frozenset[str]  # "-er" and "-man" words that are no persons
    thing_endings: tuple[str, ...]  # "supertanker"
    incidents: tuple[str, ...]  # a death in a sentence with these is an incident's
    harms: tuple[str, ...]
    soft: frozenset[str]  # outcomes an illness also gives
    weak: frozenset[str]  # a bare name with these is a company or a team
    need_noun: frozenset[str]  # their object must be described, not only named
    suspected: frozenset[str]  # a detained person described so has no group


PERSON_OUTCOMES = ("killed", "injured", "missing", "captured", "detained")


@cache
def persons() -> Persons:
    """Return the validated individual-victim vocabularies (loaded once per process)."""
    name = "persons.toml"
    data = _read(name)
    group_keys = set(lexicon().groups.values()) | {"politicians"}
    nouns: dict[str, str | None] = {}
    for key, entries in data.get("groups", {}).items():
        group = None if key == "none" else key
        if group is not None and group not in group_keys:
            raise LexiconError(f"lexicon/{name}: [groups] {key!r} is no group of groups.toml")
        for noun in _strings(name, f"groups.{key}", entries):
            _put(nouns, name, f"groups.{key}", noun, group)
    own = frozenset(_strings(name, "own.nouns", data.get("own", {}).get("nouns")))
    for noun in sorted(own & set(nouns)):
        raise LexiconError(f'lexicon/{name}: [own] "{noun}" also listed under [groups]')
    tables: dict[str, dict[str, str]] = {role: {} for role in ("after", "verbs", "adjectives", "of_nouns")}
    for outcome in PERSON_OUTCOMES:
        section = data.get(outcome)
        if not isinstance(section, dict):
            raise LexiconError(f"lexicon/{name}: missing [{outcome}] section")
        for role, table in tables.items():
            for entry in _strings(name, f"{outcome}.{role}", section.get(role)):
                _put(table, name, f"{outcome}.{role}", entry, outcome)
    causes = data.get("causes", {})
    negation = data.get("not", {})
    names, not_persons = data.get("names", {}), data.get("not_persons", {})
    deaths, predicates = data.get("deaths", {}), data.get("predicates", {})
    return Persons(
        nouns=nouns,
        own=own,
        titles=frozenset(_strings(name, "titles.words", data.get("titles", {}).get("words"))),
        after=tables["after"],
        verbs=tables["verbs"],
        adjectives=tables["adjectives"],
        of_nouns=tables["of_nouns"],
        epidemic=frozenset(_strings(name, "causes.epidemic", causes.get("epidemic"))),
        harm=frozenset(_strings(name, "causes.harm", causes.get("harm"))),
        natural=frozenset(_strings(name, "causes.natural", causes.get("natural"))),
        sport=frozenset(_strings(name, "causes.sport", causes.get("sport"))),
        strong_sport=frozenset(_strings(name, "causes.strong_sport", causes.get("strong_sport"))),
        not_before=frozenset(_strings(name, "not.before", negation.get("before"))),
        not_after=frozenset(_strings(name, "not.after", negation.get("after"))),
        not_names=frozenset(_strings(name, "names.not_names", names.get("not_names"))),
        particles=frozenset(_strings(name, "names.particles", names.get("particles"))),
        place_nouns=frozenset(_strings(name, "names.place_nouns", names.get("place_nouns"))),
        title_adjectives=frozenset(_strings(name, "names.title_adjectives", names.get("title_adjectives"))),
        not_person_nouns=frozenset(_strings(name, "not_persons.nouns", not_persons.get("nouns"))),
        thing_endings=tuple(_strings(name, "not_persons.endings", not_persons.get("endings"))),
        incidents=tuple(_strings(name, "deaths.incidents", deaths.get("incidents"))),
        harms=tuple(_strings(name, "deaths.harms", deaths.get("harms"))),
        soft=frozenset(_strings(name, "deaths.soft", deaths.get("soft"))),
        weak=frozenset(_strings(name, "predicates.weak", predicates.get("weak"))),
        need_noun=frozenset(_strings(name, "predicates.need_noun", predicates.get("need_noun"))),
        suspected=frozenset(_strings(name, "predicates.suspected", predicates.get("suspected"))),
    )


@dataclass(frozen=True, slots=True)
class Scope:
    """What makes a count one of people in an incident (scope.toml)."""

    gated: frozenset[str]  # outcomes that need an incident in the document
    gated_groups: frozenset[str]  # ... when they count these groups (or no noun)
    incident: frozenset[str]
    money: frozenset[str]
    rank: frozenset[str]


@cache
def scope() -> Scope:
    """Return the validated scope vocabularies (loaded once per process)."""
    name = "scope.toml"
    data = _read(name)
    incident = data.get("incident", {})
    gated = frozenset(_strings(name, "incident.gated", incident.get("gated")))
    for outcome in sorted(gated - set(OUTCOMES)):
        raise LexiconError(f"lexicon/{name}: [incident] gated lists unknown outcome {outcome!r}")
    return Scope(
        gated=gated,
        gated_groups=frozenset(_strings(name, "incident.groups", incident.get("groups"))),
        incident=frozenset(_strings(name, "incident.words", incident.get("words"))),
        money=frozenset(_strings(name, "money.words", data.get("money", {}).get("words"))),
        rank=frozenset(_strings(name, "rank.words", data.get("rank", {}).get("words"))),
    )
