"""The vocabularies load, and a broken file gives an error naming file, key and entry."""

import pytest

from tollbook.errors import LexiconError
from tollbook.extract import lexicon as lexicon_module
from tollbook.extract.lexicon import _inflect, lexicon


def test_packaged_lexicon_loads():
    lex = lexicon()
    assert lex.active["killing"] == "killed"
    assert lex.after["unaccounted for"] == "missing"
    assert lex.groups["policemen"] == "police"
    assert lex.groups["people"] is None
    assert lex.hedge_prefix["more than"] == "more_than"
    assert lex.vague["dozens"] == (24, 99)
    assert lex.implies["refugees"] == "displaced"


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("kill", ["kill", "kills", "killed", "killing"]),
        ("evacuate", ["evacuate", "evacuates", "evacuated", "evacuating"]),
        ("bury", ["bury", "buries", "buried", "burying"]),
        ("round up", ["round up", "rounds up", "rounded up", "rounding up"]),
    ],
)
def test_inflection(verb, forms):
    assert _inflect(verb) == forms


def broken(monkeypatch, name, data):
    real = lexicon_module._read

    def fake(filename):
        return data if filename == name else real(filename)

    monkeypatch.setattr(lexicon_module, "_read", fake)
    lexicon.cache_clear()


@pytest.fixture(autouse=True)
def fresh_cache():
    lexicon.cache_clear()
    yield
    lexicon.cache_clear()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("groups.toml",
         {"children": {"nouns": ["kids"]}, "minors": {"nouns": ["kids"]},
          "not_victims": {"nouns": []}, "things": {"nouns": []}},
         'lexicon/groups.toml: [minors] entry "kids" also listed under [children]'),
        ("groups.toml",
         {"children": {"nouns": "kids"}, "not_victims": {"nouns": []}, "things": {"nouns": []}},
         "lexicon/groups.toml: [children.nouns] must be a list of non-empty strings"),
        ("groups.toml",
         {"refugees": {"nouns": ["refugees"], "implies": "vanished"},
          "not_victims": {"nouns": []}, "things": {"nouns": []}},
         "lexicon/groups.toml: [refugees] implies unknown outcome 'vanished'"),
        ("quantities.toml", {"prefix": {"roughly": ["about"]}},
         "lexicon/quantities.toml: [prefix] unknown hedge kind 'roughly'"),
        ("quantities.toml", {"vague": {"dozens": [99, 24]}},
         'lexicon/quantities.toml: [vague] "dozens" must be [low, high] with low <= high'),
        ("outcomes.toml", {}, "lexicon/outcomes.toml: missing [killed] section"),
    ],
)
def test_broken_file_names_file_key_and_entry(monkeypatch, name, data, message):
    broken(monkeypatch, name, data)
    with pytest.raises(LexiconError) as info:
        lexicon()
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"groups": {"children": ["boy"], "women": ["boy"]}},
         'lexicon/persons.toml: [groups.women] entry "boy" also listed under [children]'),
        ({"groups": {"wizards": ["mage"]}}, "lexicon/persons.toml: [groups] 'wizards' is no group of groups.toml"),
        ({"groups": {}, "own": {"nouns": ["chef"]}, "killed": {}},
         "lexicon/persons.toml: [killed.after] must be a list of non-empty strings"),
        ({"groups": {}, "own": {"nouns": ["chef"]}},
         "lexicon/persons.toml: missing [killed] section"),
        ({"groups": {"children": ["boy"]}, "own": {"nouns": ["boy"]}},
         'lexicon/persons.toml: [own] "boy" also listed under [groups]'),
    ],
)
def test_broken_persons_file(monkeypatch, data, message):
    from tollbook.extract.lexicon import persons

    real = lexicon_module._read
    monkeypatch.setattr(lexicon_module, "_read", lambda filename: data if filename == "persons.toml" else real(filename))
    persons.cache_clear()
    try:
        with pytest.raises(LexiconError) as info:
            persons()
        assert message in str(info.value)
    finally:
        persons.cache_clear()


def test_persons_and_scope_load():
    from tollbook.extract.lexicon import persons, scope

    p, s = persons(), scope()
    assert p.nouns["policeman"] == "police" and p.nouns["wife"] is None
    assert "chef" in p.own and p.after["was killed"] == "killed" and "covid-19" in p.epidemic
    assert "displaced" in s.gated and "flood" in s.incident and "dlrs" in s.money
