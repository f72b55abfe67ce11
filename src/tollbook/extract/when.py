"""When each claim's incident happened, relative to the document's publication date.

Fast patterns find date phrases in the few sentences that carry claims; dateparser parses
the absolute ones (``languages=['en']`` and a fixed ``RELATIVE_BASE``, never whole
sentences: it costs milliseconds a call). Weekdays and "yesterday" are resolved here:
"on Thursday" is the most recent Thursday on or before publication.

Each phrase gets a kind: ``incident`` (the claim's event), ``past`` (a dated earlier
incident: "In April 2016, 19 people died"), ``report`` ("officials said on Sunday"),
``update`` ("the toll rose to 112 on Monday") or ``other`` ("the boat left port on 2 July").
:func:`anchor` then chooses a date per claim by the scope rules in the README.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from importlib.resources import files

from tollbook.errors import LexiconError
from tollbook.extract.sentences import Lookback
from tollbook.extract.sentences import lead_paragraph as sentences_lead

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_PATTERN = re.compile(
    rf"(?P<range>\b(?:from\s+)?(?P<d1>{_DAY})\s*(?:-|–|to)\s*(?P<d2>{_DAY})\s+(?P<rm>{_MONTH})(?:,?\s+(?P<ry>{_YEAR}))?)"
    rf"|(?P<dmy>\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?)"
    rf"|(?P<mdy>\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?)"
    rf"|(?P<my>\b{_MONTH}\s+{_YEAR})"
    rf"|(?P<since_month>\b[Ss]ince\s+(?:mid-)?{_MONTH}(?!\s+\d))"
    rf"|(?P<in_month>\b(?:[Ii]n|[Ee]arly|[Ll]ate|mid-)\s*{_MONTH}(?![a-z])(?![\s.,]+\d))"
    r"|(?P<years_ago>\b(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)\s+years\s+"
    r"(?:ago|since|after|on)\b)"
    rf"|(?P<years>\b{_YEAR}\s*(?:-|–|to)\s*{_YEAR}\b)"
    rf"|(?P<year>\b{_YEAR}\b(?![-/]\d|\s*(?:-|–)\s*\d))"
    r"|(?P<weekday>\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"|(?P<earlier>\b(?i:a|one|two|three|\d)\s+days?\s+(?:earlier|before)\b|\b[Tt]he\s+(?:day\s+before|previous\s+day)\b)"
    r"|(?P<relative>\b(?i:yesterday|today|tonight|this\s+morning|last\s+night|overnight|earlier\s+this\s+month|"
    r"this\s+month|last\s+month|last\s+week|this\s+week|over\s+the\s+weekend|earlier\s+this\s+year|"
    r"so\s+far\s+this\s+year|this\s+year|last\s+year)\b)",
)
_CUE = re.compile(r"\b(?:rose|risen|rises|rising|climbed|climbs|climbing|reached|reaching|jumped|increased|increasing|"
                  r"stood|stands)\b", re.IGNORECASE)
# a line that is only a date ("Thursday, October 3, 2019"): the report's, never the incident's
_DATE_LINE = re.compile(rf"\s*(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
                        rf"(?:{_MONTH}\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+{_MONTH},?\s+{_YEAR})\s*$")
# a four-digit number that is a clock time or part of a name: "(1800 UTC)", "(2024 Friday, UTC)", "2019-nCoV"
_NOT_YEAR = re.compile(r"[^()\n]{0,12}\b(?:UTC|GMT|local\s+time|hours|hrs)\b|-[A-Za-z]|"
                       # a count: "1846 persons were hospitalized", "2000 people"
                       r"\s+(?:people|persons|residents|civilians|soldiers|deaths|dead|cases|families)\b")


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date phrase and what it resolves to (``value`` None when it cannot be known)."""

    start: int
    end: int
    text: str
    value: str | None  # ISO prefix: YYYY-MM-DD, YYYY-MM or YYYY
    precision: str | None  # day, month, year
    kind: str  # incident, past, report, update, other
    relative_to_previous: bool = False  # "a day earlier"
    said: bool = False  # opens a sentence whose verb reports: "On Wednesday, the government declared ..."


@cache
def _words() -> dict:
    path = files("tollbook.extract.lexicon") / "dates.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"lexicon/dates.toml: not valid TOML ({exc}); fix the file") from None
    for key in ("report_words", "other_words", "multi_day"):
        if not isinstance(data.get(key), list):
            raise LexiconError(f"lexicon/dates.toml: [{key}] must be a list of words")
    relative = {}
    for phrase, entry in data.get("relative", {}).items():
        if not (isinstance(entry, list) and len(entry) == 2 and entry[1] in ("day", "month", "year")):
            raise LexiconError(f'lexicon/dates.toml: [relative] "{phrase}" must be [days, "day"|"month"|"year"]')
        relative[phrase] = (int(entry[0]), entry[1])
    return {
        "report": frozenset(data["report_words"]),
        "other": frozenset(data["other_words"]),
        "multi_day": tuple(data["multi_day"]),
        "relative": relative,
    }


def parse_published(published: str | None) -> date | None:
    """The publication date as a date, or None when missing or malformed."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dateparser(phrase: str, base: date | None) -> date | None:
    import dateparser  # imported on first use: most documents never need it

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _day_month_year(phrase: str, published: date | None) -> date | None:
    """'14 March 2003', 'Mar. 14', 'on 2 July' (the most recent past one when no year)."""
    day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", phrase)
    month = re.search(r"[A-Za-z]+", phrase)
    year = re.search(r"\b(\d{4})\b", phrase)
    if not (day and month) or MONTHS.get(month.group().lower()) is None:
        return None
    d, m = int(day.group(1)), MONTHS[month.group().lower()]
    try:
        if year:
            return date(int(year.group(1)), m, d)
        if published is None:
            return None
        guess = date(published.year, m, d)
        return guess if guess <= published else date(published.year - 1, m, d)
    except ValueError:
        return None


def _kind(text: str, start: int, end: int, sentence_start: int, sentence_end: int | None = None) -> str:
    words = _words()
    before = re.findall(r"[a-z']+", text[max(sentence_start, start - 50):start].lower())[-6:]
    after = re.findall(r"[a-z']+", text[end:end + 25].lower())[:2]
    if after and after[0] in ("when", "which"):
        return "past"  # "since 1997, when some 1,500 people died"
    if any(w in words["report"] for w in before[-3:]) and not any(w in ("killed", "died") for w in before[-3:]):
        return "report"
    if before[-2:] == ["as", "of"]:
        return "update"  # "As of Sunday evening, all four are in stable condition"
    if set(re.findall(r"[a-z']+", text[sentence_start:start].lower())) <= _OPENERS \
            and _opening_verb(text, end, sentence_end if sentence_end is not None else end + 80) in words["other"]:
        return "other"  # "On Tuesday a boy was rescued alive": another happening
    others = [w for w in before[-5:] if w in words["other"] and w != "since"]
    if others and others[-1] in _START_VERBS and "since" not in before and _incident_before(before, others[-1]):
        others = []  # "The disorder began on Saturday evening": the incident's own start
    if others or "still" in before[-6:] or (before and before[-1] == "since"):
        return "other"  # "the kidnappers released two of them on Saturday"
    if (_CUE.search(text, max(sentence_start, start - 30), start) and "on" in before[-2:]) or (
        "from" in before[-5:] and any(w in ("up", "down") for w in before[-6:])
    ):
        return "update"  # "rose to 112 on Monday", "down from more than 60 on Wednesday night"
    return "incident"


_CLAUSE_WORDS = re.compile(r"[A-Za-z']+|[.;:()]")
_OUTCOME_VERBS = frozenset("killed killing kills died dead injured wounded hurt struck hit crashed exploded collapsed "
                           "erupted shot stabbed attacked opened fire left arrested detained remanded evacuated displaced "
                           "abducted kidnapped".split())


def _opening_verb(text: str, end: int, limit: int) -> str | None:
    """The first telling verb of the clause a date opens ("On Wednesday, the government
    declared ..." -> "declared"): a reporting or other word, an outcome verb, or None."""
    words = _words()
    previous = ""
    for n, m in enumerate(_CLAUSE_WORDS.finditer(text, end, min(limit, end + 140))):
        w = m.group().lower()
        if w in ".;:" or n > 14:
            return None
        if w in _OUTCOME_VERBS:
            return "outcome"
        if previous not in ("a", "an", "the") and w not in ("since", "report") \
                and (w in words["report"] or w in words["other"] or w in _SAID_VERBS):
            return "said" if w in _SAID_VERBS or w in words["report"] else w
        previous = w
    return None


_START_VERBS = frozenset(["began", "begun", "started", "erupted"])
_INCIDENT_NOUNS = frozenset(["disorder", "riot", "riots", "rioting", "unrest", "protest", "protests", "violence",
                             "fighting", "clashes", "attack", "shooting", "fire", "blaze", "flooding", "siege",
                             "stampede", "offensive", "assault", "battle", "eruption"])


def _incident_before(before: list[str], verb: str) -> bool:
    """An incident noun is the subject of the start verb: "the disorder began", "clashes erupted"."""
    k = len(before) - 1 - before[::-1].index(verb)
    return any(w in _INCIDENT_NOUNS for w in before[max(0, k - 3):k])


_OPENERS = frozenset("on by early late last in at and but then also".split())  # a date that opens its sentence
_SAID_VERBS = frozenset("declared acknowledged admitted denied claimed accused urged called".split())


@cache
def _keys() -> re.Pattern:
    """Words every date phrase contains: the big pattern runs only in small windows around them."""
    from tollbook.extract.tokens import trie_pattern

    words = {*MONTHS, *WEEKDAYS, "yesterday", "today", "tonight", "overnight", "night", "morning", "week",
             "weekend", "month", "year", "years", "days", "earlier", "before", "previous", "since", "ago"}
    words |= {w.capitalize() for w in words}
    return re.compile(rf"\b(?:{trie_pattern(words)}|(?:1[89]|20)\d\d)\b")


def _matches(text: str, start: int, end: int) -> list[re.Match]:
    found: dict[tuple[int, int], re.Match] = {}
    for key in _keys().finditer(text, start, end):
        window = (max(start, key.start() - 28), min(end, key.end() + 16))
        for m in _PATTERN.finditer(text, *window):
            if m.start() <= key.start() < m.end() and m.start() > window[0] - 1:
                found.setdefault((m.start(), m.end()), m)
    spans = sorted(found, key=lambda se: (se[0], -se[1]))
    kept: list[re.Match] = []
    for span in spans:  # the longest phrase wins where two overlap
        if kept and span[0] < kept[-1].end():
            continue
        kept.append(found[span])
    return kept


def _in_clock(text: str, m: re.Match, start: int, end: int) -> bool:
    """The phrase stands in a parenthesis that converts a clock time: "(2024 Friday, UTC)"."""
    opening = text.rfind("(", max(start, m.start() - 20), m.start())
    if opening < 0 or ")" in text[opening:m.start()]:
        return False
    closing = text.find(")", m.end(), min(end, m.end() + 30))
    return closing >= 0 and re.search(r"\b(?:UTC|GMT)\b", text[opening:closing]) is not None


def find_dates(text: str, start: int, end: int, published: date | None) -> list[DateMention]:
    """Date phrases of ``text[start:end]`` with their resolved values and kinds."""
    mentions: list[DateMention] = []
    for m in _matches(text, start, end):
        group = m.lastgroup or ""
        phrase = m.group()
        kind = _kind(text, m.start(), m.end(), start, end)
        if group == "year" and _NOT_YEAR.match(text, m.end(), min(end, m.end() + 24)) or _in_clock(text, m, start, end):
            continue  # "(1800 UTC)", "2019-nCoV", "(2024 Friday, UTC)"
        try:
            value, precision = _resolve(group, m, published)
        except (OverflowError, ValueError):  # a publication date at the calendar's edge ("0001-01-01")
            value, precision = None, None
        relative = group == "earlier"
        if value and published is not None and value[:len(value)] > published.isoformat()[:len(value)]:
            continue  # after the report was published: no incident date ("2024" in a 2019 story)
        if group in ("year", "years", "my") and kind == "incident":
            kind = "past" if published is None or not value or not value.startswith(str(published.year)) else kind
        said = kind == "incident" and set(re.findall(r"[a-z']+", text[start:m.start()].lower())) <= _OPENERS \
            and _opening_verb(text, m.end(), end) == "said"
        mentions.append(DateMention(m.start(), m.end(), phrase, value, precision, kind, relative, said))
    return mentions


def _resolve(group: str, m: re.Match, published: date | None) -> tuple[str | None, str | None]:
    phrase = m.group()
    if group == "year":
        return phrase, "year"
    if group == "years":
        return re.match(r"\d{4}", phrase).group(), "year"
    if group == "my":
        month = MONTHS.get(re.match(r"[A-Za-z]+", phrase).group().lower())
        year = re.search(r"\d{4}", phrase).group()
        return (f"{year}-{month:02d}", "month") if month else (None, None)
    if group == "since_month":
        return (str(published.year), "year") if published else (None, None)
    if group == "in_month":  # "In March, 9 people were killed": the most recent March
        if published is None:
            return None, None
        month = MONTHS.get(re.search(r"[A-Za-z]{3,}", phrase.replace("mid-", "")).group().lower())
        if month is None:
            return None, None
        year = published.year if month <= published.month else published.year - 1
        return f"{year}-{month:02d}", "month"
    if group == "years_ago":  # "30 years since the dam burst"
        if published is None:
            return None, None
        head = phrase.split()[0].lower()
        number = int(head) if head.isdigit() else {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                                                    "eight": 8, "nine": 9, "ten": 10, "twenty": 20, "thirty": 30,
                                                    "forty": 40, "fifty": 50}[head]
        return str(published.year - number), "year"
    if group in ("dmy", "mdy", "range"):
        if group == "range":
            phrase = f"{m.group('d1')} {m.group('rm')} {m.group('ry') or ''}".strip()
        has_year = re.search(r"\d{4}", phrase) is not None
        if not has_year and published is None:
            return None, None
        parsed = _day_month_year(phrase, published)
        if parsed is None:  # an unusual form: let dateparser try
            parsed = _dateparser(re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", phrase).replace(".", ""), published)
        return (parsed.isoformat(), "day") if parsed else (None, None)
    if published is None:
        return None, None
    if group == "weekday":
        wanted = WEEKDAYS[phrase.lower()]
        delta = (published.weekday() - wanted) % 7
        return (published - timedelta(days=delta)).isoformat(), "day"
    if group == "relative":
        key = " ".join(phrase.lower().split())
        if key == "last month":
            prev = published.replace(day=1) - timedelta(days=1)
            return prev.isoformat()[:7], "month"
        days, precision = _words()["relative"].get(key, (0, "day"))
        when = published - timedelta(days=days)
        return when.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]], precision
    return None, None


def multi_day(text: str, start: int, end: int) -> bool:
    """Does the span spread its toll over several days ("last week's heatwave", "since")?"""
    low = " " + " ".join(text[start:end].lower().split()) + " "
    return any(f" {phrase}" in low for phrase in _words()["multi_day"])


def shift(value: str | None, days: int) -> str | None:
    """A day-precision ISO date moved by ``days`` ("a day earlier")."""
    if not value or len(value) != 10:
        return None
    try:
        return (date.fromisoformat(value) - timedelta(days=days)).isoformat()
    except (OverflowError, ValueError):
        return None


def month_of(value: str | None) -> str | None:
    return value[:7] if value and len(value) >= 7 else value


@dataclass(frozen=True, slots=True)
class Anchor:
    """A claim's incident date: ISO prefix and precision (both None when unknown)."""

    value: str | None
    precision: str | None
    past: bool = False  # a dated earlier incident ("In April 2016, 19 people died")
    text: str | None = None  # the phrase it comes from


NO_DATE = Anchor(None, None)


class Dater:
    """Chooses claim dates in one document (scope rules in the README, "Dates")."""

    def __init__(self, text: str, sentences: list, published: str | None, claimed: set[int] | None = None) -> None:
        self.text = text
        self.sentences = sentences
        self.claimed = claimed if claimed is not None else set(range(len(sentences)))
        self.published = parse_published(published)
        self._mentions: dict[int, list[DateMention]] = {}
        self._main: Anchor | None = None
        # only a sentence that counts the dead or hurt sets the incident date of the ones after it
        self._earlier = Lookback(sentences, lambda k: k in self.claimed and bool(self._incident_dates(k)))

    def _incident_dates(self, n: int) -> list[DateMention]:
        return [m for m in self.mentions(n) if m.kind == "incident" and m.value and not m.relative_to_previous]

    def mentions(self, n: int) -> list[DateMention]:
        if n not in self._mentions:
            s = self.sentences[n]  # a dateline's date is the report's, never the incident's
            dateline = _DATE_LINE.match(self.text, s.start, s.end) is not None
            self._mentions[n] = [] if dateline else find_dates(self.text, s.dateline_end, s.end, self.published)
        return self._mentions[n]

    def _precise(self, anchor: Anchor, n: int) -> Anchor:
        s = self.sentences[n]
        if anchor.precision == "day" and multi_day(self.text, s.start, s.end):
            return Anchor(month_of(anchor.value), "month", anchor.past, anchor.text)
        return anchor

    def main(self) -> Anchor:
        """The document's main incident date: the lead's, else the first in the text."""
        if self._main is None:
            self._main, self.main_kind = self._find_main()
        return self._main

    def _find_main(self) -> tuple[Anchor, str]:
        lead_paragraph = sentences_lead(self.text, self.sentences)
        lead = [n for n, s in enumerate(self.sentences) if s.paragraph == lead_paragraph]
        spread = any(multi_day(self.text, self.sentences[n].start, self.sentences[n].end) for n in lead)
        # the incident's own date is told near the top: the first paragraphs and the claims
        top = {n for n, s in enumerate(self.sentences[:12]) if s.paragraph <= lead_paragraph + 2}
        everything = sorted(top | self.claimed)
        for scope, kind in ((lead, "incident"), (everything, "incident"), (lead, "update"), (everything, "update")):
            for n in scope:
                for m in self.mentions(n):
                    if m.kind == kind and m.value and not m.relative_to_previous and not m.said:
                        anchor = Anchor(m.value, m.precision, text=m.text)
                        if spread and m.precision == "day":  # "a week of monsoon flooding"
                            anchor = Anchor(month_of(m.value), "month", text=m.text)
                        return anchor, kind
        for n in lead:  # only "officials said on Sunday": the month is all we know
            for m in self.mentions(n):
                if m.kind == "report" and m.value:
                    return Anchor(month_of(m.value), "month" if len(m.value) >= 7 else m.precision, text=m.text), "report"
        return NO_DATE, "none"

    def date_of(self, n: int, fig_start: int, fig_end: int) -> Anchor:
        """The incident date of the claim whose figure is at [fig_start, fig_end) in sentence n."""
        ms = [m for m in self.mentions(n) if m.kind not in ("report", "other")]
        # "up from 87 a day earlier", "up from 71 on Tuesday": a date right after the figure
        for m in ms:
            if 0 <= m.start - fig_end <= 12:
                if m.kind == "update" and self.main().value and self.main_kind == "incident":
                    break  # "rose to 31 on Friday": a report of the toll; the collapse was on Wednesday
                return self._precise(self._value(m, ms, n), n)
        past = [m for m in ms if m.kind == "past" and m.value]
        if past:
            return Anchor(past[0].value, past[0].precision, past=True, text=past[0].text)
        current = [m for m in ms if m.kind == "incident" and m.value]
        if not current and not (self.main().value and self.main_kind == "incident"):
            current = [m for m in ms if m.kind == "update" and m.value]
        if current:  # the one nearest the figure
            nearest = min(current, key=lambda m: min(abs(m.start - fig_end), abs(fig_start - m.end)))
            return self._precise(self._value(nearest, ms, n), n)
        k = self._earlier.before(n)  # an earlier sentence of the same paragraph that counts and dates
        if k is not None:
            found = self._incident_dates(k)[0]
            return self._precise(Anchor(found.value, found.precision, text=found.text), n)
        main = self.main()
        return self._precise(main, n) if main.value else main

    def _value(self, m: DateMention, ms: list[DateMention], n: int) -> Anchor:
        if not m.relative_to_previous:
            return Anchor(m.value, m.precision, text=m.text)
        earlier = [x for x in ms if x.start < m.start and x.value and len(x.value) == 10 and not x.relative_to_previous]
        base = earlier[-1].value if earlier else (self.main().value if self.main().precision == "day" else None)
        days = {"a": 1, "one": 1, "two": 2, "three": 3}.get(m.text.split()[0].lower(), 1)
        if m.text[:1].isdigit():
            days = int(m.text.split()[0])
        value = shift(base, days)
        return Anchor(value, "day", text=m.text) if value else NO_DATE
