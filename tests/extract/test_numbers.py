"""Figure phrases and their bounds (tollbook.extract.numbers)."""

import pytest

from tollbook.extract.numbers import bounds, find_figures, parse_number, to_words, words_to_int


def figures(text):
    return [(f.text, f.low, f.high, f.qualifier) for f in find_figures(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,120", 3120),
        ("3 120", 3120),
        ("1.2 million", 1_200_000),
        ("2.5m", 2_500_000),
        ("4.1 million", 4_100_000),
        ("7 mln", 7_000_000),
        ("forty-one", 41),
        ("one thousand three hundred twelve", 1312),
        ("One hundred and forty", 140),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        ("a hundred", 100),
        ("twenty thousand", 20_000),
        ("zero", 0),
        ("1.25", None),  # not a whole count
        ("two three", None),
        ("twenty thirty", None),
        ("9" * 5000, None),
        ("", None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("n", [0, 1, 12, 19, 20, 41, 99, 100, 101, 999, 1000, 1312, 20_000, 1_000_001])
def test_words_round_trip(n):
    assert words_to_int(to_words(n)) == n


@pytest.mark.parametrize(
    ("kind", "n", "expected"),
    [
        ("exact", 40, (40, 40)),
        ("at_least", 30, (30, None)),
        ("more_than", 40, (41, None)),
        ("nearly", 100, (90, 99)),
        ("nearly", 300, (270, 299)),
        ("nearly", 1, (0, 0)),
        ("about", 45, (40, 50)),
        ("about", 1200, (1080, 1320)),
        ("up_to", 400, (0, 400)),
        ("fewer_than", 20, (0, 19)),
    ],
)
def test_bounds(kind, n, expected):
    assert bounds(kind, n) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least 30 people", [("at least 30", 30, None, "at_least")]),
        ("no fewer than 12 people", [("no fewer than 12", 12, None, "at_least")]),
        ("more than 40 elderly people", [("more than 40", 41, None, "more_than")]),
        ("Over 3 120 families", [("Over 3 120", 3121, None, "more_than")]),
        ("upwards of 2,000", [("upwards of 2,000", 2001, None, "more_than")]),
        ("nearly 100 people", [("nearly 100", 90, 99, "nearly")]),
        ("close to 50 people", [("close to 50", 45, 49, "nearly")]),
        ("some 1,200 residents", [("some 1,200", 1080, 1320, "about")]),
        ("an estimated 1.4 million people", [("an estimated 1.4 million", 1_260_000, 1_540_000, "about")]),
        ("as many as 60 migrants", [("as many as 60", 0, 60, "up_to")]),
        ("less than 20 protesters", [("less than 20", 0, 19, "fewer_than")]),
        ("150 or more people", [("150 or more", 150, None, "at_least")]),
        ("a 100-plus crowd of people", [("100-plus", 100, None, "at_least")]),
        ("between 200 and 250 migrants", [("between 200 and 250", 200, 250, "between")]),
        ("200-250 migrants", [("200-250", 200, 250, "between")]),
        ("200 to 250 migrants", [("200 to 250", 200, 250, "between")]),
        ("Ten to 12 workers", [("Ten to 12", 10, 12, "between")]),
        ("nearly two dozen migrants", [("nearly two dozen", 22, 23, "nearly")]),
    ],
)
def test_hedges_and_ranges(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("several people", 3, 9),
        ("a few people", 2, 9),
        ("a handful of people", 2, 9),
        ("dozens of people", 24, 99),
        ("scores of people", 40, 99),
        ("hundreds of people", 200, 999),
        ("thousands of people", 2000, 9999),
        ("tens of thousands of people", 20_000, 99_999),
        ("hundreds of thousands of people", 200_000, 999_999),
        ("several hundred people", 300, 900),
    ],
)
def test_vague_words(text, low, high):
    (found,) = find_figures(text)
    assert (found.low, found.high, found.qualifier, found.vague) == (low, high, "vague", True)


@pytest.mark.parametrize("text", ["no one", "nobody", "none of the passengers", "no deaths"])
def test_zero(text):
    (found,) = find_figures(text)
    assert (found.low, found.high, found.negated) == (0, 0, True)


@pytest.mark.parametrize(
    "text",
    [
        "in 2016",  # a year
        "on 2 July",
        "on March 14",
        "at 4:15 p.m.",
        "at 3.40 a.m.",
        "$450 million",
        "€1 million",
        "200,000 taka",
        "a 40% rise",
        "187 percent",
        "12 km away",
        "winds of 210 kph",
        "a magnitude 6.8 quake",
        "the 25th anniversary",
        "a six-storey building",
        "a 9-year-old girl",
        "aged between 11 and 16",
        "as young as 13",
        "call 0161 555 0193",
        "a 3-1 defeat",
        "a 2-2 draw",
        "15-20 mln dlrs",
        "lost 2-1/4 points",
        "for 12 years",
        "The driver, 52, was",
    ],
)
def test_distractors_give_no_figure(text):
    assert figures(text) == []
