"""Property tests: extraction never raises, spans stay inside the text, numbers round-trip."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tollbook import extract
from tollbook.extract.numbers import parse_number, to_words

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Words and pieces that casualty sentences are made of, to reach deep into the extractor.
FRAGMENTS = (
    "killed", "dead", "died", "injured", "wounded", "missing", "displaced", "people", "civilians",
    "children", "women", "soldiers", "at least", "more than", "nearly", "about", "up to",
    "between", "and", "or", "to", "dozens", "hundreds", "thousands", "a dozen", "several",
    "including", "among them", "said", "according to", "police", "the ministry", "officials",
    "were", "was", "had been", "no one", "none", "the death toll", "rose to", "of", "the",
    "one", "two", "forty-one", "hundred", "thousand", "million", "1.2 million", "12", "3,120",
    "3 120", "1987", "$5", "5%", "the 5th", ",", ".", "-", "(", ")", "\n", "\n\n", "\u00a0",
    "\u2013", "\u0130", "\x00",
)

casualty_text = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.integers(min_value=0, max_value=30).map(str),
        st.integers(min_value=0, max_value=10**7).map(str),
        st.integers(min_value=1000, max_value=10**9).map(lambda n: f"{n:,}"),
    ),
    max_size=60,
).flatmap(lambda parts: st.sampled_from((" ", "", ", ", "\n")).map(lambda sep: sep.join(parts)))

# Well-formed casualty sentences with a hedge, a count, a group, an outcome and a source,
# so that every stage (bounds, groups, attribution) is reached, not only the pre-pass.
HEDGES = ("", "at least ", "more than ", "nearly ", "about ", "up to ", "close to ", "almost ",
          "fewer than ", "some ", "as many as ", "over ")
COUNTS = st.one_of(
    st.integers(min_value=0, max_value=50).map(str),
    st.integers(min_value=0, max_value=10**8).map(lambda n: f"{n:,}"),
    st.integers(min_value=0, max_value=999_999).map(to_words),
    st.sampled_from(("a dozen", "two dozen", "dozens of", "hundreds of", "1.2 million")),
)
casualty_sentence = st.builds(
    "{}{} {} were {}, {} said.".format,
    st.sampled_from(HEDGES),
    COUNTS,
    st.sampled_from(("people", "civilians", "children", "soldiers", "women")),
    st.sampled_from(("killed", "injured", "wounded", "missing", "displaced", "detained")),
    st.sampled_from(("police", "officials", "the health ministry", "witnesses")),
).map(lambda s: s[0].upper() + s[1:])
casualty_text = st.one_of(
    casualty_text,
    st.lists(casualty_sentence, min_size=1, max_size=4).map(" ".join),
)

published = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


def assert_well_formed(text: str, claims: list) -> None:
    assert isinstance(claims, list)
    for c in claims:
        assert 0 <= c.start <= c.end <= len(text), c
        assert 0 <= c.sentence_start <= c.sentence_end <= len(text), c
        assert text[c.start:c.end] == c.figure, c
        assert c.high is None or c.low <= c.high, c


# -- extraction ------------------------------------------------------------------------

@SETTINGS
@given(text=st.text(), published=published)
def test_never_raises_on_any_text(text: str, published: str | None) -> None:
    assert_well_formed(text, extract(text, published))


@SETTINGS
@given(text=casualty_text, published=published)
def test_never_raises_on_casualty_fragments(text: str, published: str | None) -> None:
    assert_well_formed(text, extract(text, published))


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(casualty_text, st.text(max_size=200)))
def test_extraction_is_deterministic(text: str) -> None:
    assert extract(text) == extract(text)


# -- numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("3,120", 3120),
        ("3 120", 3120),
        ("1.2 million", 1_200_000),
        ("one thousand three hundred twelve", 1312),
        ("forty-one", 41),
        ("a dozen", 12),
        ("two dozen", 24),
    ],
)
def test_parse_number_examples(phrase: str, expected: int) -> None:
    assert parse_number(phrase) == expected


def test_to_words_example() -> None:
    assert to_words(1312) == "one thousand three hundred twelve"


@pytest.mark.parametrize("phrase", ["", "people", "killed"])
def test_parse_number_rejects_non_numbers(phrase: str) -> None:
    assert parse_number(phrase) is None


below_a_billion = st.integers(min_value=0, max_value=10**9 - 1)


@settings(max_examples=400, deadline=None)
@given(n=below_a_billion)
def test_digits_with_comma_groups_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@settings(max_examples=400, deadline=None)
@given(n=st.integers(min_value=1000, max_value=10**9 - 1))
def test_digits_with_space_groups_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}".replace(",", " ")) == n


@settings(max_examples=200, deadline=None)
@given(whole=st.integers(min_value=1, max_value=999), tenth=st.integers(min_value=0, max_value=9),
       scale=st.sampled_from([("thousand", 10**3), ("million", 10**6)]))
def test_decimal_with_scale(whole: int, tenth: int, scale: tuple[str, int]) -> None:
    word, factor = scale
    assert parse_number(f"{whole}.{tenth} {word}") == whole * factor + tenth * factor // 10


@settings(max_examples=400, deadline=None)
@given(n=below_a_billion)
def test_words_round_trip(n: int) -> None:
    assert parse_number(to_words(n)) == n


@settings(max_examples=400, deadline=None)
@given(n=below_a_billion)
def test_words_with_and_after_hundred_round_trip(n: int) -> None:
    # British "three hundred and twelve": "and" only where units follow the hundred,
    # never before a scale word ("one hundred thousand" stays as it is).
    words = re.sub(r"\bhundred (?!thousand|million|billion)", "hundred and ", to_words(n))
    assert parse_number(words) == n
