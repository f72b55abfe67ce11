"""A synthetic English news corpus for tollbook's throughput and robustness benchmarks.

Every word comes from the templates below; places, people and organisations are
invented from syllables, so nothing here is copied from real articles. Roughly one
sentence in eight carries a casualty figure (digits, number words, hedges, vague
words, ranges, lists, "including", attributions, negations), about one in five carries
a distractor number (years, money, percentages, ages, ordinals, durations, distances,
counts of things) and the rest are filler without any number, as in a real news stream.

    from corpus import generate
    docs = generate(1_000_000, seed=1)      # ~1 MB of documents, deterministic for a seed

The output of a seed is stable within one Python version (it relies on ``random.Random``).
"""

from __future__ import annotations

import random
from collections.abc import Callable

CASUALTY_RATE = 1 / 8
DISTRACTOR_RATE = 1 / 5

_ONSETS = ("b", "br", "d", "dr", "f", "g", "gr", "k", "kh", "kr", "l", "m", "n", "p", "r",
           "s", "sh", "st", "t", "tr", "v", "z", "")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou", "y")
_CODAS = ("", "", "n", "r", "l", "s", "m", "k", "nd", "rt", "sh", "v")
_PLACE_ENDS = ("a", "ia", "ov", "ene", "ora", "ara", "en", "ir", "ton", "mar", "ek", "ina", "abad",
               "por", "ville", "ska", "ul")

_FIRST_ENDS = ("a", "o", "el", "in", "an", "ia", "us", "ek", "ine", "ar")

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

_HEDGES = ("at least ", "more than ", "nearly ", "about ", "around ", "up to ", "some ",
           "an estimated ", "as many as ", "fewer than ", "almost ", "over ", "roughly ",
           "no fewer than ", "close to ")
_VAGUE = ("dozens of", "hundreds of", "thousands of", "scores of", "several", "a few",
          "a handful of", "tens of thousands of", "several hundred", "a few thousand",
          "several dozen", "hundreds of thousands of")
_GROUPS = ("people", "people", "people", "civilians", "children", "women", "soldiers",
           "police officers", "villagers", "passengers", "miners", "workers", "students",
           "residents", "fighters", "pilgrims", "migrants", "fishermen", "patients",
           "elderly people", "security guards", "journalists", "aid workers", "worshippers")
_KILLED = ("killed", "killed", "killed", "shot dead", "confirmed dead", "feared dead")
_INJURED = ("injured", "wounded", "hurt", "taken to hospital", "treated for burns")
_OTHER = ("missing", "displaced", "detained", "evacuated", "abducted", "left homeless",
          "arrested", "trapped", "affected")
_EVENTS = ("attack", "bombing", "blast", "explosion", "fire", "flood", "landslide",
           "earthquake", "storm", "shelling", "air strike", "ambush", "collision", "crash",
           "stampede", "riot", "clashes", "cyclone", "mine collapse", "ferry sinking")
_ACTORS = ("gunmen", "militants", "unidentified attackers", "a suicide bomber", "rebels",
           "armed men", "a mob", "bandits")
_AGENCIES = ("the health ministry", "the regional health ministry", "local officials",
             "police", "the army", "a military spokesman", "the fire service",
             "the disaster management agency", "hospital sources", "the Red Crescent",
             "the interior ministry", "the provincial governor", "rescue workers",
             "a local human rights group", "the United Nations", "residents", "witnesses",
             "the coast guard", "state media", "the mayor's office")
_ROLES = ("spokesman", "spokeswoman", "governor", "police chief", "mayor", "minister",
          "doctor", "senior official", "commander", "aid worker", "district officer")
_THINGS = ("houses", "vehicles", "tanks", "helicopters", "schools", "bridges", "boats",
           "shops", "buses", "hospitals", "villages", "tents", "aircraft", "trucks")
_TOPICS = ("the budget", "the election", "the ceasefire", "the new road", "trade talks",
           "the harvest", "the reform bill", "the investigation", "the peace process",
           "the water supply", "the new constitution", "fuel prices", "the school year",
           "relief efforts", "the curfew", "power cuts", "the court ruling")
_VERBS = ("called for calm", "urged restraint", "declined to comment",
          "promised a full investigation", "warned of further unrest",
          "appealed for international help", "visited the area",
          "criticised the response", "praised the rescue teams", "ordered an inquiry",
          "declared a day of mourning", "announced new measures",
          "met community leaders", "defended the decision", "rejected the accusations")
_CLAUSES = ("as the rain continued", "amid growing tension", "despite the warnings",
            "after a long night", "while talks continued", "before the curfew",
            "as night fell", "according to a statement", "in a brief statement",
            "on state television", "during a visit to the region", "late on the same day")
_FILLERS = (
    "Talks between the two sides are expected to resume next week.",
    "The cause of the fire was not immediately known.",
    "Roads into the district remained closed on the following morning.",
    "Schools and markets stayed shut as a precaution.",
    "Officials said the situation was now under control.",
    "The government has faced criticism over its handling of the crisis.",
    "Heavy rain has hampered the search, rescuers said.",
    "It was not clear who was behind the attack.",
    "No group has claimed responsibility.",
    "Electricity and telephone lines were cut across much of the region.",
    "Aid agencies have called for safe access to the affected areas.",
    "The area has seen repeated violence in recent months.",
    "Investigators were examining the wreckage.",
    "Witnesses described scenes of panic as people ran for cover.",
    "The opposition demanded the resignation of the minister.",
    "Prices of bread and fuel have risen sharply since the spring.",
    "Residents said they had heard a loud bang shortly before dawn.",
    "The authorities have promised compensation to the families.",
    "Hospitals in the city appealed for blood donations.",
    "The ruling party won a narrow majority in the assembly.",
)


def _words(n: int, and_style: bool = False, hyphen: bool = True) -> str:
    """English words for 0 <= n < 10**12 (benchmarks' own copy; not the library's)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        if not ones:
            return _TENS[tens]
        return _TENS[tens] + ("-" if hyphen else " ") + _ONES[ones]
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = _ONES[hundreds] + " hundred"
        if not rest:
            return head
        return head + (" and " if and_style else " ") + _words(rest, and_style, hyphen)
    for scale, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= scale:
            high, rest = divmod(n, scale)
            head = _words(high, and_style, hyphen) + " " + name
            if not rest:
                return head
            sep = " and " if and_style and rest < 100 else " "
            return head + sep + _words(rest, and_style, hyphen)
    raise ValueError(n)  # unreachable


class _Writer:
    """Sentence templates over one seeded random generator and its invented names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.places = sorted({self._place() for _ in range(300)})
        self.people = sorted({self._person() for _ in range(400)})
        self.orgs = [f"the {self.rng.choice(('National', 'United', 'Free', 'Popular'))} "
                     f"{self.rng.choice(('Front', 'Movement', 'Alliance', 'Council', 'Army'))} "
                     f"of {self.rng.choice(self.places)}" for _ in range(40)]
        c = self.rng.choice
        self.casualty: list[Callable[[], str]] = [
            lambda: f"{self.fig()} {c(_GROUPS)} were {c(_KILLED)} in {self.place()} on "
                    f"{c(_WEEKDAYS)}, {self.source()} said.",
            lambda: f"{self.source()} said {self.fig()} {c(_GROUPS)} had been killed and "
                    f"{self.fig()} {c(_INJURED)} in the {c(_EVENTS)}.",
            lambda: f"The death toll from the {c(_EVENTS)} in {self.place()} rose to "
                    f"{self.fig()}, according to {self.source()}.",
            lambda: f"{self.fig()} people, including {self.fig(small=True)} children and "
                    f"{self.fig(small=True)} women, died when {c(_ACTORS)} opened fire on a "
                    f"market in {self.place()}.",
            lambda: f"{self.vague()} {c(_GROUPS)} were {c(_INJURED)}, and {self.fig()} "
                    f"remain {c(('missing', 'unaccounted for', 'trapped'))}, "
                    f"{self.person()}, a {c(_ROLES)}, told reporters.",
            lambda: f"Among the dead were {self.fig(small=True)} soldiers, "
                    f"{self.fig(small=True)} police officers and {self.fig(small=True)} "
                    f"civilians, the army said in a statement.",
            lambda: f"The {c(_EVENTS)} killed {self.fig()} {c(_GROUPS)} and "
                    f"{c(('injured', 'wounded'))} {self.fig()} others, {self.source()} said.",
            lambda: f"According to {self.source()}, between {self.num(5, 60)} and "
                    f"{self.num(61, 400)} {c(_GROUPS)} were {c(_OTHER)}.",
            lambda: f"{self.vague()} families were {c(('displaced', 'left homeless', 'evacuated'))} "
                    f"after the {c(_EVENTS)}, {self.source()} said.",
            lambda: f"No one was {c(('killed', 'hurt', 'injured'))} in the {c(_EVENTS)}, "
                    f"{self.source()} said.",
            lambda: f"{self.person()}, the {c(_ROLES)} of {self.place()}, put the toll at "
                    f"{self.fig()} dead and {self.fig()} injured.",
            lambda: f"{self.fig()} {c(_GROUPS)} were {c(('abducted', 'kidnapped', 'taken hostage'))} "
                    f"by {c(_ACTORS)} near {self.place()}, {self.source()} said, citing "
                    f"{c(('witnesses', 'local sources', 'community leaders'))}.",
            lambda: f"{self.source()} reported {self.fig()} deaths and {self.fig()} injuries "
                    f"across {self.fig(small=True, words=True)} districts.",
            lambda: f"In {self.place()}, {self.fig()} were killed, {self.fig()} wounded and "
                    f"{self.fig(small=True)} missing, {self.source()} said.",
        ]
        self.distractors: list[Callable[[], str]] = [
            lambda: f"The {c(_EVENTS)} was the worst in the region since {self.num(1950, 2023)}.",
            lambda: f"The government pledged ${self.num(1, 900)} million in aid, or about "
                    f"{self.num(1, 40)}.{self.num(0, 9)} percent of the annual budget.",
            lambda: f"A {self.num(18, 80)}-year-old man was arrested on {c(_MONTHS)} "
                    f"{self.num(1, 28)}, {self.source()} said.",
            lambda: f"The {self.num(2, 60)}th brigade was sent to {self.place()}, some "
                    f"{self.num(5, 300)} km from the capital.",
            lambda: f"About {self.num(10, 2000)} {c(_THINGS)} were damaged and "
                    f"{self.num(2, 40)} {c(_THINGS)} destroyed.",
            lambda: f"Inflation rose to {self.num(1, 30)}.{self.num(0, 9)}% in {c(_MONTHS)}, "
                    f"up from {self.num(1, 9)}% a year earlier.",
            lambda: f"The flight left at {self.num(1, 12)}:{self.num(10, 59)} p.m. and was "
                    f"delayed by {self.num(2, 11)} hours.",
            lambda: f"Shares of {self.place()} Holdings fell {self.num(1, 19)} cents to "
                    f"${self.num(2, 90)}.{self.num(10, 99)} on the exchange.",
            lambda: f"The {self.num(20, 90)}th anniversary of the treaty falls in "
                    f"{self.num(2024, 2040)}.",
            lambda: f"{c(_TOPICS)} will cost {self.num(2, 500)} billion over "
                    f"{self.figure(small=True, words=True)} years, the {c(_ROLES)} said.",
        ]

    # -- names ---------------------------------------------------------------------
    def _syllable(self) -> str:
        r = self.rng
        return r.choice(_ONSETS) + r.choice(_VOWELS) + r.choice(_CODAS)

    def _place(self) -> str:
        name = "".join(self._syllable() for _ in range(self.rng.randint(1, 2)))
        return (name + self.rng.choice(_PLACE_ENDS)).capitalize()

    def _person(self) -> str:
        first = (self._syllable() + self.rng.choice(_FIRST_ENDS)).capitalize()
        last = "".join(self._syllable() for _ in range(self.rng.randint(1, 3))).capitalize()
        return f"{first} {last}"

    def place(self) -> str:
        return self.rng.choice(self.places)

    def person(self) -> str:
        return self.rng.choice(self.people)

    def source(self) -> str:
        r = self.rng.random()
        if r < 0.6:
            return self.rng.choice(_AGENCIES)
        if r < 0.8:
            return f"{self.person()}, a {self.rng.choice(_ROLES)}"
        return f"a spokesman for {self.rng.choice(self.orgs)}"

    # -- numbers -------------------------------------------------------------------
    def num(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def figure(self, small: bool = False, words: bool = False) -> str:
        """A bare count: digits (grouped or not), words, decimals with a scale."""
        r = self.rng
        n = r.randint(1, 30) if small else int(10 ** r.uniform(0, 5.3))
        style = r.random()
        if words or (n < 100 and style < 0.35):
            return _words(n, and_style=r.random() < 0.3, hyphen=r.random() < 0.8)
        if style < 0.05:
            return r.choice(("a dozen", "two dozen", "a hundred", "a thousand", "one million"))
        if style < 0.1 and not small:
            return f"{r.randint(1, 9)}.{r.randint(1, 9)} {r.choice(('million', 'thousand'))}"
        if n >= 1000 and style < 0.8:
            return f"{n:,}"
        if n >= 10000 and style < 0.85:
            return f"{n:,}".replace(",", " ")
        return str(n)

    def fig(self, small: bool = False, words: bool = False) -> str:
        """A count with a hedge, sometimes a trailing "or more", sometimes a range."""
        r = self.rng.random()
        bare = self.figure(small, words)
        if r < 0.45:
            return self.rng.choice(_HEDGES) + bare
        if r < 0.5 and not small:
            return f"{bare} or more"
        if r < 0.55 and bare.isdigit():
            return f"{bare}-{int(bare) + self.rng.randint(1, 50)}"
        return bare

    def vague(self) -> str:
        return self.rng.choice(_VAGUE)

    # -- sentences -----------------------------------------------------------------
    def filler(self) -> str:
        r = self.rng.random()
        c = self.rng.choice
        if r < 0.35:
            return c(_FILLERS)
        if r < 0.7:
            return f"{self.person()}, the {c(_ROLES)} of {self.place()}, {c(_VERBS)} {c(_CLAUSES)}."
        if r < 0.85:
            return f"Officials in {self.place()} said {c(_TOPICS)} would be discussed on {c(_WEEKDAYS)}."
        return f"{c(_AGENCIES)} {c(_VERBS)} {c(_CLAUSES)}."

    def sentence(self) -> str:
        r = self.rng.random()
        if r < CASUALTY_RATE:
            s = self.rng.choice(self.casualty)()
        elif r < CASUALTY_RATE + DISTRACTOR_RATE:
            s = self.rng.choice(self.distractors)()
        else:
            s = self.filler()
        return s[0].upper() + s[1:]

    def headline(self) -> str:
        r = self.rng.random()
        c = self.rng.choice
        if r < 0.3:
            return f"{c(_EVENTS).capitalize()} in {self.place()} kills {self.figure()}"
        if r < 0.5:
            return f"{self.place()}: {c(_TOPICS)} in focus"
        return f"{self.person()} {c(_VERBS)}"

    def document(self, target: int) -> str:
        parts = [self.headline(), "\n\n"]
        size = len(parts[0]) + 2
        while size < target:
            paragraph = " ".join(self.sentence() for _ in range(self.rng.randint(1, 4)))
            parts.append(paragraph)
            parts.append("\n\n")
            size += len(paragraph) + 2
        return "".join(parts[:-1])


def generate(n_chars: int, seed: int) -> list[str]:
    """Documents of invented news totalling about ``n_chars`` characters, fixed by ``seed``.

    Each document is a headline, a blank line and paragraphs separated by blank lines;
    lengths are log-normal around 1,200 characters (200 to 20,000).
    """
    rng = random.Random(seed)
    writer = _Writer(rng)
    docs: list[str] = []
    total = 0
    while total < n_chars:
        target = min(20_000, max(200, int(rng.lognormvariate(7.1, 0.8))))
        target = min(target, max(1, n_chars - total))
        doc = writer.document(target)
        docs.append(doc)
        total += len(doc)
    return docs


def casualty_sentences(n: int, seed: int) -> list[str]:
    """``n`` casualty sentences (each with at least one count), fixed by ``seed``."""
    writer = _Writer(random.Random(seed))
    out = []
    for _ in range(n):
        s = writer.rng.choice(writer.casualty)()
        out.append(s[0].upper() + s[1:])
    return out


def sentences(n: int, seed: int) -> list[str]:
    """``n`` sentences in the corpus mix (casualty, distractor and filler), fixed by ``seed``."""
    writer = _Writer(random.Random(seed))
    return [writer.sentence() for _ in range(n)]


if __name__ == "__main__":
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    for doc in generate(size, int(sys.argv[2]) if len(sys.argv) > 2 else 0):
        print(doc, end="\n\n----\n\n")
