"""Figure phrases -> Figure(low, high, qualifier, span).

Finds counts written with digits ("3,120", "3 120", "1.2 million", "2.5m"), number words
("forty-one", "One hundred and forty", "two dozen"), ranges ("between 200 and 250",
"5-7", "Ten to 12"), hedged and vague quantities (bounds from lexicon/quantities.toml)
and zero ("no one", "nobody", "none of the", "no deaths"). Measures, money, dates,
times, ages, years, ordinals and scores are left out here; whether a figure counts
people with an outcome is decided in claims.py.
"""

from __future__ import annotations

import re
from functools import cache

from tollbook.extract.lexicon import lexicon, scope
from tollbook.extract.tokens import trie_pattern
from tollbook.model import Figure

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SUFFIX_SCALES = {"m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000, "bln": 1_000_000_000, "k": 1_000}
_NUMBER_WORDS = trie_pattern([*UNITS, *TENS, *SCALES, "dozen"])

_DIGITS = (
    r"(?<![\w.,:/$€£¥])"
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d+)"
    r"(?:\.\d+)?"
    r"(?:[ \u00a0-]?(?:million|billion|thousand|mln|bln|mn|bn|m|k)\b)?"
    r"(?![\w%°]|[.,]\d)"
)
_WORDS = (
    rf"\b(?:(?:half\s+)?an?\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?"
    rf"(?:{_NUMBER_WORDS})(?:(?:\s+and\s+|[\s-]+)(?:{_NUMBER_WORDS}))*\b"
)
_NEGATION = r"\b(?:not\s+a\s+single|not\s+one|no[ -]one|nobody|none|no(?=\s+[a-z])(?!\s+(?:fewer|less|more|longer|later|sooner|than|doubt|matter|one)\b))\b"


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    lex = lexicon()
    vague = trie_pattern(set(lex.vague))
    core = re.compile(
        rf"(?P<vague>\b(?:{vague})\b(?:\s+(?:hundred|thousand|million)\b)?)"
        rf"|(?P<digits>{_DIGITS})|(?P<words>{_WORDS})|(?P<neg>{_NEGATION})",
        re.IGNORECASE,
    )
    hedges = trie_pattern(set(lex.hedge_prefix))
    prefix = re.compile(rf"(?:^|(?<=[\s(\"'“‘]))(?P<hedge>{hedges})\s+$", re.IGNORECASE)
    suffixes = "|".join(re.escape(s) for s in sorted(lex.hedge_suffix, key=len, reverse=True))
    suffix = re.compile(rf"(?:\s+|-)?(?P<hedge>{suffixes})(?![\w+])", re.IGNORECASE)
    return core, prefix, suffix


_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|and)\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
# "rose from 14 to 31" is an update, two figures; "ranged from 226 to 381" is one range
_UPDATE_BEFORE = re.compile(
    r"\b(?:rose|rise|rises|risen|rising|increased|increasing|increase|climbed|climbing|jumped|grew|up|down|fell|"
    r"dropped|revised|raised|raising|lowered|lowering|toll|tally|total|number|figure|count)\b[^.;]*$",
    re.IGNORECASE)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_WORD_BEFORE = re.compile(r"([\w$€£¥₹.'’]+)\s?$")
_WORDS_AFTER = re.compile(r"[\w%°'’./]+")
_NUMBER_WORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|" \
               r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_AGES_LIST = re.compile(rf"\baged\s+{_NUMBER_WORD}(?:\s*,\s*(?:{_NUMBER_WORD}\s+aged\s+)?{_NUMBER_WORD})*"
                        rf"\s*,?\s*(?:and\s+)?(?:{_NUMBER_WORD}\s+aged\s+)?$", re.IGNORECASE)
_WIRE_CODE = re.compile(r"[(\[]?\b[A-Z]{3,}\d*\s$")
_LOWER_AFTER = re.compile(r"\s+[a-z]")
_FRACTION_AFTER = re.compile(r"[\s-]+(?:third|thirds|half|quarter|quarters|fifth|fifths|tenth|tenths)\b")
_AMOUNT_LAST = frozenset(["of", "worth", "totalling", "totaling", "to", "about", "around", "nearly", "some"])
_MONEY_BEFORE = re.compile(r"[$€£¥₹#]\s?$")
# "compensation of 200,000 (dinars) for each family": an amount, whatever the currency
_AMOUNT_BEFORE = re.compile(r"\b(?:compensation|reward|fine|bail|ransom|payment|payout|grant|sum|bounty|donation|"
                            r"salary|pension|fee|allowance|stipend)\s+(?:of|worth|totall?ing)\s+"
                            r"(?:up\s+to\s+|about\s+|around\s+|nearly\s+|some\s+)?$", re.IGNORECASE)
_TIME_AFTER = re.compile(r"[:.]\d|-\d+/\d")
_TIME_BEFORE = re.compile(r"\d[:.]$")
_DIGIT_AFTER = re.compile(r"[ \u00a0]?(?:\d|\(\d)")
_DIGIT_BEFORE = re.compile(r"\d[ \u00a0]?$")
_NAME_BEFORE = re.compile(r"(?<=[a-z,] )[A-Z][\w-]*[a-z]\w* $")
_MULTIWORD_BEFORE = ("age of", "ages of", "aged", "as young as", "as old as", "aged between", "aged from")
_WORD_SPLIT = re.compile(r"[\s-]+")


def words_to_int(text: str) -> int | None:
    """Parse English number words ("one hundred and forty", "two dozen") or None."""
    words = [w for w in _WORD_SPLIT.split(text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    total, current, last = 0, 0, ""
    if 2 <= len(words) <= 3 and words[0] in UNITS and 0 < UNITS[words[0]] < 10 and words[1] in TENS \
            and (len(words) == 2 or words[2] in UNITS and 0 < UNITS[words[2]] < 10):
        # "four forty eight" = 448, the hundreds said without "hundred"
        return UNITS[words[0]] * 100 + TENS[words[1]] + (UNITS[words[2]] if len(words) == 3 else 0)
    if words[0] == "half" and len(words) > 2 and words[1] in ("a", "an"):
        words = ["half", *words[2:]]
    for i, word in enumerate(words):
        if word in ("a", "an", "half"):
            if i != 0:
                return None
            current, last = (0.5 if word == "half" else 1), "unit"
            continue
        if word in UNITS:
            if last in ("unit", "teen") or (last == "tens" and UNITS[word] >= 10):
                return None
            current += UNITS[word]
            last = "teen" if UNITS[word] >= 10 else "unit"
        elif word in TENS:
            if last in ("unit", "teen", "tens"):
                return None
            current += TENS[word]
            last = "tens"
        elif word == "hundred":
            if last == "hundred" or current >= 100:
                return None
            current = (current or 1) * 100
            last = "hundred"
        elif word == "dozen":
            if last == "dozen":
                return None
            current = (current or 1) * 12
            last = "dozen"
        elif word in SCALES:
            scale = SCALES[word]
            if total and total < scale * 1000 and total % (scale * 1000) != 0:
                return None
            total += (current or 1) * scale
            current, last = 0, "scale"
        else:
            return None
    value = total + current
    return int(value) if value == int(value) else None


def parse_number(text: str) -> int | None:
    """Parse a count written with digits or words; None when it is not a whole number."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        match = re.fullmatch(
            r"(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(\.\d+)?"
            r"[ \u00a0-]?(million|billion|thousand|mln|bln|mn|bn|m|k)?",
            text,
            re.IGNORECASE,
        )
        if not match:
            return None
        digits = re.sub(r"[, \u00a0\u202f]", "", match.group(1))
        if len(digits) + len(match.group(2) or "") > 18:
            return None  # no count of people has more digits than this
        fraction = match.group(2) or ""
        scale = match.group(3)
        factor = 1
        if scale:
            factor = SCALES.get(scale.lower()) or SUFFIX_SCALES.get(scale.lower())
            if factor is None:  # case folding changed the word ("MİLLİON")
                return None
        numerator = int(digits + fraction[1:])
        denominator = 10 ** max(len(fraction) - 1, 0)
        value, rest = divmod(numerator * factor, denominator)
        return None if rest else value
    return words_to_int(text)


_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def to_words(n: int) -> str:
    """English words for a non-negative integer (1312 -> "one thousand three hundred twelve")."""
    if n == 0:
        return "zero"
    parts: list[str] = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (1, "")):
        chunk, n = divmod(n, scale)
        if not chunk:
            continue
        hundreds, rest = divmod(chunk, 100)
        words = [f"{_UNITS[hundreds]} hundred"] if hundreds else []
        if rest >= 20:
            words.append(_TENS[rest // 10] + (f"-{_UNITS[rest % 10]}" if rest % 10 else ""))
        elif rest:
            words.append(_UNITS[rest])
        parts.append(" ".join(words) + (f" {name}" if name else ""))
    return " ".join(parts)


def bounds(kind: str, n: int) -> tuple[int, int | None]:
    """Bounds a hedge implies for N (the table in README.md; integer arithmetic only)."""
    if kind == "at_least":
        return n, None
    if kind == "more_than":
        return n + 1, None
    if kind == "nearly":
        return min(-(-9 * n // 10), max(n - 1, 0)), max(n - 1, 0)
    if kind == "about":
        return 9 * n // 10, -(-11 * n // 10)
    if kind == "up_to":
        return 0, n
    if kind == "fewer_than":
        return 0, max(n - 1, 0)
    return n, n


def _word_before(text: str, pos: int) -> str:
    match = _WORD_BEFORE.search(text[max(0, pos - 40):pos])
    return match.group(1).lower().rstrip(".") if match else ""


def _words_after(text: str, pos: int, n: int = 2) -> list[str]:
    return _WORDS_AFTER.findall(text[pos:pos + 40].lower())[:n]


@cache
def _headline_words() -> frozenset[str]:
    """Words that may stand capitalised before a count in a Title Case headline ("Kills 23")."""
    lex = lexicon()
    words = {w.split()[0] for table in (lex.active, lex.after, lex.nouns, lex.toll) for w in table}
    words |= {w.split()[-1] for w in lex.hedge_prefix}
    return frozenset(words | {"to", "past", "of", "in", "at", "from", "by", "and", "with", "kill", "kills"})


def _title_word(word: str) -> bool:
    return word.lower() in _headline_words()


_RANK_AFTER = re.compile(r"\s+of\s+(?:the|its|their|his|her|our|this|these)\s+([\w-]+)", re.IGNORECASE)
_RATIO_AFTER = re.compile(r"\s+(?:in|out\s+of)\s+(?:every\s+)?(?:\d|ten|five|four|three|two|six|seven|eight|nine|twenty|a\s+hundred|a\s+thousand)",
                          re.IGNORECASE)
_RATIO_BEFORE = re.compile(r"\b(?:one|1)\s+(?:in|out\s+of)\s+(?:every\s+)?$", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:children|kids|boys|girls|babies|infants|aged)\s+(?:under|over|below|above|of)\s+(?:the\s+age\s+of\s+)?$",
                         re.IGNORECASE)
_LABEL_BEFORE = re.compile(r"[A-Za-z]-$")


_FULL_NAME_COMMA = re.compile(r"\b[A-Z][\w'-]+\s+[A-Z][a-z][\w'-]*,\s*$")


def _is_distractor(text: str, start: int, end: int, value_text: str, digits: bool = True) -> bool:
    """True for a figure that is a date, time, year, age, measure, amount, rank or ratio."""
    lex = lexicon()
    before = text[max(0, start - 3):start]
    after = text[end:end + 6]
    if _LABEL_BEFORE.search(before):
        return True  # "Under-21", "COVID-19", "F-16": part of a name
    # (each pattern below is tried only where a cheap look at the word before can match it:
    # every figure of every selected sentence passes here)
    word = _word_before(text, start)
    if start >= 2 and text[start - 2].isalnum() and not text[start - 2].islower() \
            and _WIRE_CODE.search(text, max(0, start - 12), start) and not _LOWER_AFTER.match(text, end, end + 2):
        return True  # "(XYJV 1535)": a wire code; "UNHCR 300" would need a noun after it
    if text[end:end + 1] in (" ", "-") and _FRACTION_AFTER.match(text, end, end + 10):
        return True  # "up to one third", "two-thirds": a fraction
    if "aged" in text[max(0, start - 80):start].lower() and _AGES_LIST.search(text, max(0, start - 80), start):
        return True  # "The deceased were aged nine, ten, thirteen, two aged fourteen, 49, and 59"
    if value_text.lower() in ("one", "1"):
        if word in ("a", "an"):
            return True  # "a one shot deal", "a one-off"
        if word in ("lost", "losing", "lose", "loses"):
            return True  # "lost one parent", "lost one leg": no count of people
        rank = _RANK_AFTER.match(text, end, end + 40)
        if rank and (rank.group(1).lower() in scope().rank or rank.group(1).lower().endswith("est")):
            return True  # "one of the highest death tolls": a rank
        if _RATIO_AFTER.match(text, end, end + 30):
            return True  # "one in ten customers": a ratio
    if word in ("in", "of", "every") and _RATIO_BEFORE.search(text, max(0, start - 20), start):
        return True  # the ten of "one in ten"
    if _MONEY_BEFORE.search(before) or after[:1] in ("%", "°", "/"):
        return True
    if word in _AMOUNT_LAST and _AMOUNT_BEFORE.search(text, max(0, start - 40), start):
        return True
    if _TIME_AFTER.match(after) or _TIME_BEFORE.search(before):  # "4:15", "3.40", "2-1/4"
        return True
    if after[:1] == "-" and after[1:2].isalpha() and not after[1:].lower().startswith("plus"):
        return True  # "14-storey", "five-year", "1996-built", "9-year-old"
    if _DIGIT_AFTER.match(after) or _DIGIT_BEFORE.search(before):
        return True  # phone numbers, "0800 412 377", "$450 million"
    following = _words_after(text, end)
    if word in lex.months or (following and following[0].rstrip(".,") in lex.months):
        return True
    context = " ".join(text[max(0, start - 16):start].lower().split())
    if word in ("year", "week", "day", "month", "night") and re.search(
            r"\b(?:last|this|next|that|each|every|per|a|the\s+same)\s+\w+\s?$", context):
        pass  # "Last year 212 people died": a time before the count, not "year 212"
    elif word in lex.units_before or any(context.endswith(p) for p in _MULTIWORD_BEFORE):
        return True
    if word in ("under", "over", "below", "above", "of") and _AGE_BEFORE.search(text, max(0, start - 30), start):
        return True  # "children under five": an age
    if following and (following[0].rstrip(".,;:)") in lex.units_after or " ".join(following) in lex.units_after):
        return True
    title_case = bool(re.match(r"\s+[A-Z]", text[end:end + 3]))  # "Recovers 27 Bodies": a headline
    if title_case and not digits and value_text[:1].isupper() and re.search(r"\bthe\s+$", text[max(0, start - 5):start]):
        return True  # "the Six Nations", "the Three Gorges Dam": a name
    if digits and _NAME_BEFORE.search(text, max(0, start - 30), start) and not _title_word(word) and not title_case:
        return True  # a name with a number: "Audi 90", "Local 222", "Boeing 747", "Flight 370"
    if not digits:
        return False
    number = value_text.replace(",", "")
    if number.startswith("0") and len(number) > 1:
        return True
    if "." in number and not re.search(r"[a-z]\s*$", value_text, re.IGNORECASE):
        return True  # "6.8", "3.40 a.m."
    if _YEAR.fullmatch(value_text):
        noun = following[0].rstrip(".,;:") if following else ""
        return noun not in lex.groups
    # "The driver, 52, was ...": an age between commas after a noun
    # and "named as Ann Ole, 21, and Ben Mbah, 30.": an age closing a sentence after a name
    age = re.search(r"[a-z],\s*$", text[max(0, start - 3):start]) and (
        after.startswith(",") or (after[:1] in (".", ";", ")") and _FULL_NAME_COMMA.search(text, max(0, start - 40), start)))
    return bool(age) and number.isdigit() and int(number) <= 120


def _value(kind: str, raw: str) -> tuple[int, int] | None:
    """(low, high) of one figure core, or None when it is not a count."""
    if kind == "vague":
        lex = lexicon()
        parts = raw.lower().split()
        scale = SCALES.get(parts[-1]) if len(parts) > 1 and parts[-1] in SCALES else None
        name = " ".join(parts[:-1]) if scale else " ".join(parts)
        found = lex.vague.get(" ".join(name.split()))
        if found is None:  # case folding changed the word ("İ"): not one of ours
            return None
        low, high = found
        return (low * scale, high * scale) if scale else (low, high)
    if kind == "neg":
        return 0, 0
    value = parse_number(raw)
    if value is None:
        return None
    return value, value


def _suffix_scale_ok(text: str, raw: str, end: int) -> bool:
    """'2.5m people' is 2.5 million; '40m' alone is 40 metres."""
    match = re.search(r"\d(?:[ \u00a0-])?(m|k)$", raw, re.IGNORECASE)
    if not match:
        return True
    nxt = _words_after(text, end, 1)
    lex = lexicon()
    return "." in raw or bool(nxt and nxt[0] in lex.groups)


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """All count phrases in ``text[start:end]`` in order, with their bounds."""
    core, prefix_re, suffix_re = _patterns()
    lex = lexicon()
    end = len(text) if end is None else end
    raw_cores: list[tuple[str, int, int, int, int]] = []  # kind, start, end, low, high
    dropped_end = -1  # the second half of a dropped range goes too ("aged 11 to 16")
    for match in core.finditer(text, start, end):
        kind = match.lastgroup or ""
        raw = match.group()
        s, e = match.span()
        if dropped_end >= 0 and _RANGE_JOIN.fullmatch(text, dropped_end, s):
            dropped_end = -1
            continue
        dropped_end = e
        if kind == "words" and raw.lower() in ("a", "an"):
            continue
        if kind == "words":
            # "two three" is not one number: keep the longest parsable prefix
            while words_to_int(raw) is None and " " in raw.strip():
                raw = raw[: raw.rstrip().rfind(" ")].rstrip()
                raw = re.sub(r"\s+and$", "", raw, flags=re.IGNORECASE)
                e = s + len(raw)
        drop = kind == "words" and _is_distractor(text, s, e, raw, digits=False)
        if kind == "digits" and (_is_distractor(text, s, e, raw) or not _suffix_scale_ok(text, raw, e)):
            if re.search(r"\d[ \u00a0-]?[mk]$", raw, re.IGNORECASE) and not _is_distractor(text, s, e, raw):
                raw = re.sub(r"[ \u00a0-]?[mk]$", "", raw, flags=re.IGNORECASE)
                e = s + len(raw)
            else:
                drop = True
        if drop:
            if raw_cores and _RANGE_JOIN.fullmatch(text, raw_cores[-1][2], s):
                raw_cores.pop()  # "15-20 mln dlrs": the range goes as a whole
            continue
        value = _value(kind, raw)
        if value is None:
            continue
        dropped_end = -1
        raw_cores.append((kind, s, e, value[0], value[1]))

    figures: list[Figure] = []
    i = 0
    while i < len(raw_cores):
        kind, s, e, low, high = raw_cores[i]
        qualifier = "vague" if kind == "vague" else "exact"
        fig_start, fig_end = s, e
        # a range: "between 200 and 250", "200-250", "Ten to 12"
        if kind in ("digits", "words") and i + 1 < len(raw_cores):
            nkind, ns, ne, nlow, nhigh = raw_cores[i + 1]
            join = _RANGE_JOIN.fullmatch(text, e, ns)
            between = _BETWEEN.search(text, max(start, s - 10), s)
            if nkind in ("digits", "words") and join:
                sep = join.group().strip().lower()
                if sep in ("-", "–", "—") and low >= nlow:
                    i += 2  # a score ("3-1", "2-2")
                    continue
                update = between is not None and between.group().lower().startswith("from") \
                    and _UPDATE_BEFORE.search(text, max(start, s - 60), between.start()) is not None
                if (sep == "and" and between and between.group().lower().startswith("between") and low < nlow) or (
                    sep != "and" and not update and low < nlow
                ):
                    if between and (sep == "and" or not update):  # "between 20 and 30", "ranged from 226 to 381"
                        fig_start = between.start()
                        if _is_distractor(text, fig_start, ne, raw, digits=False):
                            i += 2  # "aged between 11 and 16"
                            continue
                    fig_end, high, qualifier = ne, nhigh, "between"
                    i += 1
        hedge = prefix_re.search(text, max(start, fig_start - 30), fig_start) if qualifier != "between" else None
        hkind = lex.hedge_prefix.get(" ".join(hedge.group("hedge").lower().split())) if hedge else None
        if hedge and hkind and kind != "neg":
            fig_start = hedge.start("hedge")
            if kind == "vague":
                high = None if hkind in ("at_least", "more_than") else high
            else:
                low, high = bounds(hkind, low)
                qualifier = hkind
        elif kind not in ("neg", "vague") and qualifier == "exact":
            suffix = suffix_re.match(text, fig_end, min(end, fig_end + 12))
            if suffix is None and (noun := _PEOPLE_NOUN.match(text, fig_end, min(end, fig_end + 10))):
                suffix = suffix_re.match(text, noun.end(), min(end, noun.end() + 12))  # "66 people or more"
                suffix = suffix if suffix and suffix.group("hedge").lower() in ("or more", "or so") else None
            skind = lex.hedge_suffix.get(suffix.group("hedge").lower()) if suffix else None
            if suffix and skind:
                low, high = bounds(skind, low)
                qualifier, fig_end = skind, suffix.end()
        figures.append(
            Figure(
                text=text[fig_start:fig_end],
                start=fig_start,
                end=fig_end,
                low=low,
                high=high,
                qualifier=qualifier,
                vague=kind == "vague",
                negated=kind == "neg",
            )
        )
        i += 1
    return _all_but(text, start, figures)


_PEOPLE_NOUN = re.compile(r"\s+(?:people|persons)\b", re.IGNORECASE)
_ALL_BUT = re.compile(r"\b(?:all\s+but|all\s+except)\s+$", re.IGNORECASE)
_OF_THE = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?", re.IGNORECASE)


def _all_but(text: str, start: int, figures: list[Figure]) -> list[Figure]:
    """ "All but one of the sixteen": one figure, the total less the exceptions (15)."""
    out: list[Figure] = []
    k = 0
    while k < len(figures):
        f = figures[k]
        head = _ALL_BUT.search(text, max(start, f.start - 12), f.start)
        if head and k + 1 < len(figures) and f.high is not None and figures[k + 1].high is not None \
                and _OF_THE.fullmatch(text, f.end, figures[k + 1].start) and figures[k + 1].low > f.high:
            total = figures[k + 1]
            low, high = total.low - f.high, total.high - f.low
            out.append(Figure(text=text[head.start():total.end], start=head.start(), end=total.end, low=low,
                              high=high, qualifier="exact" if low == high else "between"))
            k += 2
            continue
        out.append(f)
        k += 1
    return out
