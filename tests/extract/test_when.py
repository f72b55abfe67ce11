"""Incident dates (tollbook.extract.when), with a fixed publication date.

2024-05-17 is a Friday.
"""

import pytest

from tollbook import extract
from tollbook.extract.when import find_dates, parse_published

PUBLISHED = "2024-05-17"


def dates(text, published=PUBLISHED):
    return [(c.figure, c.date, c.date_precision) for c in extract(text, published)]


@pytest.mark.parametrize(
    ("phrase", "value", "precision"),
    [
        ("March 14, 2003", "2003-03-14", "day"),
        ("14 March 2003", "2003-03-14", "day"),
        ("Mar. 14", "2024-03-14", "day"),
        ("on 2 July", "2023-07-02", "day"),  # no year: the most recent 2 July before publication
        ("in October 2011", "2011-10", "month"),
        ("in 1998", "1998", "year"),
        ("in 2011-2012", "2011", "year"),
        ("from 3 to 5 June 2015", "2015-06-03", "day"),
        ("on Thursday", "2024-05-16", "day"),
        ("on Friday", "2024-05-17", "day"),  # the day of publication
        ("on Saturday", "2024-05-11", "day"),
        ("yesterday", "2024-05-16", "day"),
        ("last night", "2024-05-16", "day"),
        ("overnight", "2024-05", "month"),
        ("earlier this month", "2024-05", "month"),
        ("last week", "2024-05", "month"),
        ("last month", "2024-04", "month"),
        ("last year", "2023", "year"),
        ("In March", "2024-03", "month"),  # the most recent March
        ("in June", "2023-06", "month"),
        ("30 years ago", "1994", "year"),
    ],
)
def test_date_phrases(phrase, value, precision):
    text = f"It happened {phrase}."
    (mention,) = find_dates(text, 0, len(text), parse_published(PUBLISHED))
    assert (mention.value, mention.precision) == (value, precision)


@pytest.mark.parametrize("phrase", ["on Thursday", "yesterday", "last week", "on 2 July"])
def test_relative_dates_need_a_publication_date(phrase):
    text = f"It happened {phrase}."
    (mention,) = find_dates(text, 0, len(text), None)
    assert mention.value is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the claim's own sentence
        ("Shelling killed 12 people in Dorra on Thursday, officials said on Friday.",
         [("12", "2024-05-16", "day")]),
        # an earlier sentence of the same paragraph that counts victims
        ("A blast killed 9 people on Wednesday. Among the dead were 3 children.",
         [("9", "2024-05-15", "day"), ("3", "2024-05-15", "day")]),
        # two incidents in one paragraph, each with its date
        ("On Tuesday, a car bomb killed 9 people. On Thursday, an airstrike killed 16 civilians.",
         [("9", "2024-05-14", "day"), ("16", "2024-05-16", "day")]),
        # an anniversary names an earlier incident: its year, not the article's date
        ("On the 20th anniversary, mourners gathered. The 2004 killings of 300 villagers were recalled.",
         [("300", "2004", "year")]),
        ("The road has a grim record. In April 2016, 19 people died near Hradec.",
         [("19", "2016-04", "month")]),
        ("It was the worst since 1997, when some 1,500 people died.", [("some 1,500", "1997", "year")]),
        # another happening's date is not the incident's
        ("The boat, which left port on 2 July, sank and 40 migrants drowned.", [("40", None, None)]),
        ("Seven people were abducted; the kidnappers released two of them on Saturday.",
         [("Seven", None, None)]),
        # a dateline gives the report's date
        ("DORRA, May 16 (AP) - Forty people died in floods this week.", [("Forty", "2024-05", "month")]),
        # a toll rising: the update's day, and "a day earlier"
        ("The death toll rose to 112 on Monday, up from 87 a day earlier.",
         [("112", "2024-05-13", "day"), ("87", "2024-05-12", "day")]),
        # a toll spread over days is dated to the month
        ("The toll from a week of flooding rose to 96 on Thursday.", [("96", "2024-05", "month")]),
        ("At least 1,100 deaths were linked to last week's heatwave.", [("At least 1,100", "2024-05", "month")]),
        # clock times and names are no years; nothing after publication
        ("Shortly before 19:00 local time (1800 UTC), a stabbing killed three people.", [("three", None, None)]),
        ("At 4:42 local time on Saturday (2024 Friday, UTC), a quake injured 25 people.",
         [("25", "2024-05-11", "day")]),
        ("The 2019-nCoV virus has killed two foreign visitors.", [("two", None, None)]),
        ("The 2031 plan was drafted after floods killed 40 people.", [("40", None, None)]),
        # a four-digit count is no year; a year before its verb still is
        ("Of these, 1846 persons were hospitalized.", [("1846", None, None)]),
        ("A similar attack in the same market in 2019 killed 9 people.", [("9", "2019", "year")]),
        # a line that is only a date is the report's; a sentence that opens with what someone
        # said on a day is not the incident's day
        ("Thursday, May 16, 2024\n\nA bus crash killed 12 people yesterday.", [("12", "2024-05-16", "day")]),
        ("On Wednesday, the government declared the search over. The quake struck on Monday. "
         "At least 116 people died.", [("At least 116", "2024-05-13", "day")]),
        # a status "as of" a day; a toll "rising to" N on a day is an update
        ("A shooting on Saturday injured four teenagers. As of Sunday evening, all four are in stable condition.",
         [("four", "2024-05-11", "day"), ("four", "2024-05-11", "day")]),
        ("On Saturday a gunman shot shoppers, with the death toll rising to 22 on Monday.",
         [("22", "2024-05-11", "day")]),
        # "By reports on Saturday" is when it was reported; "the disorder began on Saturday" is the incident
        ("A gunman attacked a hall on Friday. By reports on Saturday, two victims died.",
         [("two", "2024-05-17", "day")]),
        ("The disorder began on Saturday evening. Police arrested 46 people.", [("46", "2024-05-11", "day")]),
    ],
)
def test_scope(text, expected):
    assert dates(text) == expected


def test_no_publication_date_keeps_dates_empty():
    assert dates("A blast killed 9 people on Wednesday.", None) == [("9", None, None)]


def test_date_keeps_its_words():
    (claim,) = extract("A blast killed 9 people on Wednesday.", PUBLISHED)
    assert (claim.date, claim.date_text) == ("2024-05-15", "Wednesday")
