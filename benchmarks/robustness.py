"""Never-crash run of ``tollbook.extract`` over random, hostile and real inputs.

    .venv/bin/python benchmarks/robustness.py                    # 100,000 inputs + news corpus
    .venv/bin/python benchmarks/robustness.py --n 2000 --skip-corpus
    .venv/bin/python benchmarks/robustness.py --only 4217        # re-run one generated input
    .venv/bin/python benchmarks/robustness.py --n 0 --skip-corpus  # only the long-paragraph shapes

Input ``i`` is built from its own generator seeded by ``(--seed, i)``, so any failure can be
reproduced alone with ``--only i``. Every call is checked:

- it returns a list of ``Claim`` without raising;
- ``0 <= start <= end <= len(text)``, ``0 <= sentence_start <= sentence_end <= len(text)``
  and the figure lies inside its sentence;
- ``text[start:end] == figure``; ``0 <= low``; ``low <= high`` when ``high`` is not None;
  ``outcome`` and ``qualifier`` are among the values in ``tollbook.model``;
- no more claims than characters (bounded output);
- determinism: on a 1% sample the call is repeated and must return an equal list;
- time: at most ``--budget-ms`` + ``--budget-ms-per-kb`` per 1,000 characters (a slow call
  is timed twice more and only the fastest of the three counts); ``--timeout`` seconds is
  a hard stop for a single call.

Then the long-paragraph shapes (``SHAPES``): one paragraph of 1,500 to 12,000 sentences that
each hold a claim; the time per sentence must stay flat (``--shape-growth``), i.e. linear.

Failures are printed with a repr of their input (cut to 300 characters) and saved in full,
one JSON object per line, to ``--failures`` (under /tmp). Exit status 1 if any failure.
"""

from __future__ import annotations

import argparse
import faulthandler
import gzip
import json
import os
import random
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import tollbook
from tollbook.model import OUTCOMES, QUALIFIERS, Claim

try:
    from corpus import casualty_sentences, generate, sentences
except ImportError:  # run as ``python -m benchmarks.robustness``
    from benchmarks.corpus import casualty_sentences, generate, sentences

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/bench/news.jsonl.gz"
# Per process, so that two runs at once never write into each other's files.
RUN_PREFIX = f"/tmp/tollbook-robustness-{os.getpid()}"
CURRENT_FILE = Path(f"{RUN_PREFIX}-current.txt")

# -- building blocks of hostile inputs -----------------------------------------------

_SPECIAL_RANGES = (
    (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x20D0, 0x20FF),  # combining marks
    (0x0590, 0x05FF), (0x0600, 0x06FF), (0x0700, 0x074F),  # Hebrew, Arabic (+ digits), Syriac
    (0x1F300, 0x1F6FF), (0x1F900, 0x1F9FF), (0x1F1E6, 0x1F1FF), (0x1F3FB, 0x1F3FF),  # emoji
    (0xFF10, 0xFF19), (0x0966, 0x096F), (0x09E6, 0x09EF), (0x0E50, 0x0E59),  # other digits
    (0x2070, 0x2089), (0x2460, 0x2473), (0x2160, 0x2188), (0x2150, 0x215F),  # super/sub, ①, Ⅻ, ⅓
    (0x1D7CE, 0x1D7FF), (0x2000, 0x200F), (0x2010, 0x2027), (0x2028, 0x202F),  # spaces, dashes
    (0x2066, 0x2069), (0x4E00, 0x4E5F), (0x3000, 0x3003), (0xFF01, 0xFF0F),  # bidi, CJK
    (0xFE00, 0xFE0F), (0xE000, 0xE0FF),  # variation selectors, private use
)
# Characters whose lower/upper/case-fold form has a different length ("İ".lower() is two
# code points): an extractor that searches a lowered copy and slices the original breaks.
_CASE_TRAPS = "İıßẞﬁﬀﬃŉǰΐΰẖẗẘẙẚΣσςﬅ"
_ODD_CHARS = ("\u00a0", "\u202f", "\u2009", "\u2007", "\u200b", "\u200d", "\ufeff", "\u2212",
              "\u2013", "\u2014", "\u2019", "\u201c", "\u201d", "\u2026", "\u00b2", "\u00bd",
              "\u0663", "\uff13", "\u2163", "\u2028", "\u2029", "\u0085", "\u00ad", "\u202e",
              "\u200f", "\U0001f600", "\U0001f469\u200d\U0001f469\u200d\U0001f467", "\u0301",
              "\u0130", "\u00df", "\ufb01")
_CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve", "thirteen", "fifteen", "nineteen", "twenty",
                 "thirty", "forty", "fifty", "ninety", "forty-one", "twenty-two", "hundred",
                 "thousand", "million", "billion", "trillion", "dozen", "dozens", "score",
                 "scores", "hundreds", "thousands", "millions", "of", "and", "a", "an",
                 "half", "quarter", "couple", "few", "several", "nil", "none", "no", "first",
                 "second", "lakh", "crore", "-", ",", "tens", "tenth", "once", "twice")
_HEDGE_WORDS = ("at least", "more than", "nearly", "about", "up to", "between", "and", "or",
                "to", "some", "around", "fewer than", "as many as", "no fewer than", "over",
                "almost", "roughly", "an estimated", "or more", "plus", "+", "approximately",
                "under", "at most", "upwards of", "close to", "just over", "-", "–")
_CASUALTY_WORDS = ("killed", "dead", "died", "injured", "wounded", "missing", "displaced",
                   "people", "children", "women", "soldiers", "civilians", "including", "said",
                   "according to", "police", "officials", "the", "were", "was", "of", "and",
                   "toll", "death toll", "rose to", "at least", "dozens", "hundreds", "12",
                   "1,200", "3 120", "forty-one", "no one", "none", "among", "them", "were",
                   "had", "been", "a", "dozen", "two", "1.2 million", "2019", "$5", "5%")
_HTML = (
    "<p>At least <b>{n}</b> people were killed</p>",
    "<table><tr><td>Killed</td><td>{n}</td></tr><tr><td>Injured</td><td>{m}</td></tr></table>",
    "<script>var killed = {n}; document.write('<p>' + killed)</script>",
    "&lt;b&gt;{n}&lt;/b&gt; dead &amp; {m} injured&nbsp;&nbsp;",
    "&#49;&#50; people were killed &#x33;&#x34; injured",
    "<!-- {n} killed --><div class=\"toll\" data-count=\"{n}\">{n}</div>",
    "<div><span>{n}</span><br/>people were <i>killed</i>",
    "<a href=\"/news/{n}-killed\">{n} killed</a>",
    "<ul><li>{n} killed</li><li>{m} injured<li>missing: {n}</ul>",
    "{n}<br>people<br>were<br>killed",
    "<p>{n} people were killed</p><p>{m}</p><p>injured</p>",
    "<<<>>>{n}<<killed>>",
    "<style>.x{{width:{n}px}}</style>{m} dead",
)


def _codepoint(rng: random.Random) -> str:
    """A random code point from any plane, surrogates excluded."""
    while True:
        cp = rng.randrange(0x110000) if rng.random() < 0.5 else rng.randrange(0x3000)
        if not 0xD800 <= cp <= 0xDFFF:
            return chr(cp)


def _special(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.6:
        low, high = rng.choice(_SPECIAL_RANGES)
        return chr(rng.randint(low, high))
    if r < 0.8:
        return rng.choice(_CASE_TRAPS)
    return rng.choice(_ODD_CHARS)


@dataclass
class Pools:
    """Generated material that inputs are cut from, built once per seed."""

    casualty: list[str]
    mixed: list[str]
    documents: list[str]


def _sentence(rng: random.Random, pools: Pools, k: int = 1) -> str:
    return " ".join(rng.choice(pools.casualty) for _ in range(k))


def _mutate(rng: random.Random, text: str, ops: int) -> str:
    chars = list(text)
    for _ in range(ops):
        if not chars:
            chars.append(rng.choice("0123456789 ,."))
        pos = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.25:
            del chars[pos]
        elif op < 0.5:
            pick = rng.random()
            if pick < 0.4:
                new = rng.choice("0123456789,.- \n()%$'\"")
            elif pick < 0.7:
                new = chr(rng.randint(0x20, 0x7E))
            else:
                new = _special(rng)
            chars.insert(pos, new)
        elif op < 0.7:
            chars[pos] = chars[pos].swapcase()
        elif op < 0.8 and pos + 1 < len(chars):
            chars[pos], chars[pos + 1] = chars[pos + 1], chars[pos]
        elif op < 0.9:
            end = min(len(chars), pos + rng.randint(1, 30))
            chars[pos:pos] = chars[pos:end]
        elif chars[pos].isdigit():
            chars[pos] = rng.choice("0123456789")
        else:
            chars[pos] = rng.choice(_CASE_TRAPS + "\x00\n\t")
    return "".join(chars)


# -- input categories: each returns a text -------------------------------------------

def gen_unicode_random(rng: random.Random, pools: Pools) -> str:
    return "".join(_codepoint(rng) for _ in range(rng.randint(0, 300)))


def gen_unicode_special(rng: random.Random, pools: Pools) -> str:
    pieces = []
    for _ in range(rng.randint(1, 40)):
        r = rng.random()
        if r < 0.5:
            pieces.append("".join(_special(rng) for _ in range(rng.randint(1, 8))))
        elif r < 0.8:
            pieces.append(rng.choice(_CASUALTY_WORDS))
        else:
            pieces.append(str(rng.randint(0, 10**6)))
    sep = rng.choice((" ", "", "\u00a0", "\u200b", "\u202f", " \u0301"))
    return sep.join(pieces)


def gen_case_traps(rng: random.Random, pools: Pools) -> str:
    s = _sentence(rng, pools, rng.randint(1, 3))
    traps = "".join(rng.choice(_CASE_TRAPS) for _ in range(rng.randint(1, 20)))
    r = rng.random()
    if r < 0.4:
        return traps + " " + s
    if r < 0.7:
        cut = rng.randrange(len(s) + 1)
        return s[:cut] + traps + s[cut:]
    return s.upper().replace("I", "İ") + " " + traps


def gen_controls(rng: random.Random, pools: Pools) -> str:
    r = rng.random()
    if r < 0.3:
        return "".join(rng.choice(_CONTROLS) for _ in range(rng.randint(0, 200)))
    s = _sentence(rng, pools, rng.randint(1, 3))
    if r < 0.5:
        return rng.choice(_CONTROLS).join(s.split(" "))
    if r < 0.7:
        return "\x00" * rng.randint(1, 50) + s + "\x00" * rng.randint(0, 50)
    if r < 0.85:
        return s.replace(" ", "\r\n", rng.randint(1, 10)) + " \x03"  # wire end-of-text
    chars = list(s)
    for _ in range(rng.randint(1, 20)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(_CONTROLS))
    return "".join(chars)


def gen_huge_numbers(rng: random.Random, pools: Pools) -> str:
    tail = rng.choice((" people were killed", " killed", " dead, police said.", "",
                       " were injured and 3 missing", " civilians died"))
    r = rng.random()
    if r < 0.15:
        return "9" * rng.choice((19, 20, 64, 309, 1000, 4300, 4301, 5000)) + tail
    if r < 0.25:
        return "1,000,000,000,000,000,000 people were killed"
    if r < 0.35:
        return "1" + ",000" * rng.randint(5, 2000) + tail
    if r < 0.45:
        return f"{rng.randrange(10 ** rng.randint(10, 60)):,}" + tail
    if r < 0.55:
        return "1." + "5" * rng.randint(10, 5000) + " million" + tail
    if r < 0.62:
        return "9" * 5000 + "." + "9" * 5000 + tail
    if r < 0.7:
        return "one " + " ".join(rng.choice(("million", "billion", "thousand", "hundred", "trillion"))
                                 for _ in range(rng.randint(2, 200))) + tail
    if r < 0.8:
        return rng.choice(("10^100", "1e308", "1e309", "inf", "NaN", "-5", "\u22125", "0", "00000012",
                           "0x1F", "1_000", "١٢", "１２", "²", "½", "Ⅻ", "①", "𝟏𝟐", "-0", "+7"
                           )) + tail
    if r < 0.9:
        return (f"between {rng.randrange(10**30)} and {rng.randrange(10**40)}{tail}, "
                f"including {'9' * rng.randint(1, 400)} children")
    return f"{rng.randint(1, 999)} {'hundred ' * rng.randint(2, 30)}thousand{tail}"


def gen_number_soup(rng: random.Random, pools: Pools) -> str:
    words = [rng.choice(_NUMBER_WORDS) for _ in range(rng.randint(1, 60))]
    if rng.random() < 0.5:
        words.append(rng.choice(("people were killed", "killed", "dead", "were injured", "")))
    return " ".join(words)


def gen_hedge_soup(rng: random.Random, pools: Pools) -> str:
    words = []
    for _ in range(rng.randint(1, 50)):
        r = rng.random()
        if r < 0.7:
            words.append(rng.choice(_HEDGE_WORDS))
        elif r < 0.9:
            words.append(str(rng.randint(0, 100000)))
        else:
            words.append(rng.choice(("killed", "people", "injured", "dozens", "hundreds")))
    return " ".join(words)


def gen_casualty_soup(rng: random.Random, pools: Pools) -> str:
    sep = rng.choice((" ", " ", ", ", "\n", ". ", ""))
    return sep.join(rng.choice(_CASUALTY_WORDS) for _ in range(rng.randint(1, 80)))


def gen_html(rng: random.Random, pools: Pools) -> str:
    parts = []
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.6:
            tpl = rng.choice(_HTML)
            parts.append(tpl.format(n=rng.randint(0, 5000), m=f"{rng.randint(0, 10**6):,}"))
        else:
            s = _sentence(rng, pools)
            cut = rng.randrange(len(s) + 1)
            parts.append(f"<p>{s[:cut]}<{rng.choice(('b', 'i', 'span', 'br/', 'a href=x'))}>{s[cut:]}")
    html = "".join(parts)
    if rng.random() < 0.2:
        html = html[: rng.randrange(len(html) + 1)]  # unclosed tags
    return html


def gen_spliced(rng: random.Random, pools: Pools) -> str:
    pieces = []
    for _ in range(rng.randint(1, 5)):
        s = rng.choice(pools.casualty if rng.random() < 0.8 else pools.mixed)
        a = rng.randrange(len(s) + 1)
        b = rng.randrange(len(s) + 1)
        pieces.append(s[min(a, b): max(a, b)] if rng.random() < 0.7 else s[:a])
    return rng.choice(("", " ", "\n", ", ")).join(pieces)


def gen_mutated(rng: random.Random, pools: Pools) -> str:
    s = _sentence(rng, pools, rng.randint(1, 3))
    r = rng.random()
    if r < 0.1:
        s = s.upper()  # wire tables and market reports come in capitals
    elif r < 0.15:
        s = s.lower()
    elif r < 0.2:
        s = s.replace(" ", "\n", rng.randint(1, 6))  # hard-wrapped lines
    return _mutate(rng, s, rng.randint(1, 12))


def gen_document(rng: random.Random, pools: Pools) -> str:
    doc = rng.choice(pools.documents)
    r = rng.random()
    if r < 0.5:
        return doc
    if r < 0.75:
        return doc[: rng.randrange(len(doc) + 1)]
    return _mutate(rng, doc, rng.randint(1, 40))


_EDGES = ("", " ", "\n", "\n\n\n", ".", "1", "0", "killed", "at least", "1,", ",1", ",", "-", "--",
          "1,2,3,4,5,6,7,8,9,10", "1.2.3.4", "1-2-3-4", "12-", "-12", "between and", "between 5 and",
          "including including including", "said said said", "(12)", "[12] killed", "12 (12) 12",
          "12%", "...", "…", "At least.", "At least 12.", "12 people", "killed 12", "no one", "none",
          "One.", "a dozen", "dozens", "hundreds of thousands of", "the 5th", "1987", "$12",
          "12 killed, including", "including 3", "according to", "according to,", "\"12\"", "'",
          "12,000,", "12,00", "12,0000", "1,2345", "3 120 000", "3  120", "1 . 2 million",
          ".5 million", "1.", "1.2.", "2.5 dozen", "dozen dozen", "twenty-", "-one", "a a a a")


def gen_edge(rng: random.Random, pools: Pools) -> str:
    r = rng.random()
    if r < 0.6:
        return rng.choice(_EDGES)
    if r < 0.8:
        return rng.choice(_EDGES) + " " + rng.choice(_EDGES)
    return _codepoint(rng)


def gen_long_tokens(rng: random.Random, pools: Pools) -> str:
    k = rng.randint(1000, 20000)
    unit = rng.choice(("a", "1", "1,", "-", ",", ".", " ", "\n", "a1", "killed", "9.", "x-",
                       "\u0301", "İ", "\x00", "1 ", "one ", "at least ", "<b>"))
    token = unit * (k // len(unit) + 1)
    r = rng.random()
    if r < 0.5:
        return token
    return _sentence(rng, pools) + " " + token + " " + _sentence(rng, pools)


def gen_long_sentence(rng: random.Random, pools: Pools) -> str:
    """About 200 KB of casualty words and numbers with no sentence punctuation."""
    words = [w for w in _CASUALTY_WORDS if not any(p in w for p in ".,")]
    out = []
    size = 0
    while size < 200_000:
        w = rng.choice(words) if rng.random() < 0.8 else str(rng.randint(0, 10**5))
        out.append(w)
        size += len(w) + 1
    return " ".join(out)


def gen_huge_token(rng: random.Random, pools: Pools) -> str:
    """One token of 100-200 K characters: digits, letters, separators, or a digit group."""
    k = rng.randint(100_000, 200_000)
    unit = rng.choice(("9", "a", "1,", "1,000,", "-", "x", "1.", "dozen", "\u0301"))
    return "At least " + unit * (k // len(unit)) + " people were killed."


def gen_big_document(rng: random.Random, pools: Pools) -> str:
    """A 200-500 KB document of generated news, one string."""
    docs = []
    size = 0
    target = rng.randint(200_000, 500_000)
    while size < target:
        docs.append(rng.choice(pools.documents))
        size += len(docs[-1]) + 2
    return "\n\n".join(docs)


CATEGORIES: tuple[tuple[str, float, Callable[[random.Random, Pools], str]], ...] = (
    ("unicode_random", 12, gen_unicode_random),
    ("unicode_special", 10, gen_unicode_special),
    ("case_traps", 5, gen_case_traps),
    ("controls", 8, gen_controls),
    ("huge_numbers", 6, gen_huge_numbers),
    ("number_soup", 7, gen_number_soup),
    ("hedge_soup", 7, gen_hedge_soup),
    ("casualty_soup", 6, gen_casualty_soup),
    ("html", 7, gen_html),
    ("spliced", 10, gen_spliced),
    ("mutated", 14, gen_mutated),
    ("document", 3, gen_document),
    ("edge", 4, gen_edge),
    ("long_tokens", 1, gen_long_tokens),
)
# Inputs of 100 KB and more are placed at fixed indices: a few per 5,000, the first ones
# early so that a short run (--n 50) meets each of them once.
RARE: dict[int, tuple[str, Callable[[random.Random, Pools], str]]] = {
    7: ("long_sentence_200kb", gen_long_sentence),
    13: ("huge_token", gen_huge_token),
    29: ("big_document", gen_big_document),
}
_NAMES = [c[0] for c in CATEGORIES]
_WEIGHTS = [c[1] for c in CATEGORIES]
_FUNCS = {c[0]: c[2] for c in CATEGORIES}
_PUBLISHED = (None, None, None, None, "2020-03-15", "1987-02-26", "2019-12-31", "2000-02-29",
              "2024-01-01", "0001-01-01", "9999-12-31")


def make_input(seed: int, index: int, pools: Pools) -> tuple[str, str, str | None]:
    """(category, text, published) of generated input ``index``; the same for the same seed."""
    rng = random.Random(seed * 1_000_000_007 + index)
    rare = RARE.get(index % 5000)
    if rare is not None:
        name, func = rare
    else:
        name = rng.choices(_NAMES, _WEIGHTS)[0]
        func = _FUNCS[name]
    text = func(rng, pools)
    return name, text, rng.choice(_PUBLISHED)


def build_pools(seed: int) -> Pools:
    return Pools(casualty=casualty_sentences(3000, seed), mixed=sentences(3000, seed + 1),
                 documents=generate(2_000_000, seed + 2))


# -- checking --------------------------------------------------------------------------

class _Timeout(BaseException):
    """Raised by SIGALRM inside a call; a BaseException so ``except Exception`` can't eat it."""


def _on_alarm(signum: int, frame: object) -> None:
    raise _Timeout


def check_claims(text: str, claims: object) -> list[str]:
    """Every broken invariant of one result, as short messages."""
    if not isinstance(claims, list):
        return [f"returned {type(claims).__name__}, not list"]
    problems = []
    n = len(text)
    if len(claims) > max(n, 1):
        problems.append(f"unbounded output: {len(claims)} claims for {n} characters")
    for k, c in enumerate(claims):
        if not isinstance(c, Claim):
            problems.append(f"claim {k} is {type(c).__name__}, not Claim")
            continue
        where = f"claim {k} ({c.figure!r} [{c.start}:{c.end}])"
        ints = (c.start, c.end, c.sentence_start, c.sentence_end, c.low)
        if not all(isinstance(v, int) for v in ints) or not (c.high is None or isinstance(c.high, int)):
            problems.append(f"{where}: offsets and bounds must be int")
            continue
        if not 0 <= c.start <= c.end <= n:
            problems.append(f"{where}: span outside 0..{n} or start > end")
        if not 0 <= c.sentence_start <= c.sentence_end <= n:
            problems.append(f"{where}: sentence span [{c.sentence_start}:{c.sentence_end}] "
                            f"outside 0..{n} or start > end")
        if not c.sentence_start <= c.start <= c.end <= c.sentence_end:
            problems.append(f"{where}: figure outside its sentence "
                            f"[{c.sentence_start}:{c.sentence_end}]")
        if text[c.start:c.end] != c.figure:
            problems.append(f"{where}: text[start:end] is {text[c.start:c.end]!r}")
        if c.low < 0:
            problems.append(f"{where}: low {c.low} < 0")
        if c.high is not None and c.low > c.high:
            problems.append(f"{where}: low {c.low} > high {c.high}")
        if c.outcome not in OUTCOMES:
            problems.append(f"{where}: unknown outcome {c.outcome!r}")
        if c.qualifier not in QUALIFIERS:
            problems.append(f"{where}: unknown qualifier {c.qualifier!r}")
    return problems


def short_repr(text: str, limit: int = 300) -> str:
    r = repr(text)
    return r if len(r) <= limit else r[:limit] + f"... ({len(text):,} chars)"


@dataclass
class Runner:
    """Calls extract with a time limit, checks the result and records failures."""

    args: argparse.Namespace
    failures_path: Path
    failures: Counter[str] = field(default_factory=Counter)
    printed: int = 0
    calls: int = 0
    chars: int = 0
    seconds: float = 0.0
    slowest: tuple[float, int, str] = (0.0, 0, "")
    worst_per_kb: tuple[float, int, str] = (0.0, 0, "")

    def __post_init__(self) -> None:
        self.failures_path.parent.mkdir(parents=True, exist_ok=True)
        self._out = self.failures_path.open("w", encoding="utf-8")
        self._current = os.open(CURRENT_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        self._armed_at = float("-inf")
        self._alarm = hasattr(signal, "setitimer")
        if self._alarm:
            signal.signal(signal.SIGALRM, _on_alarm)

    def close(self) -> None:
        """Close the files; keep the failures file only when something failed."""
        faulthandler.cancel_dump_traceback_later()
        self._out.close()
        os.close(self._current)
        CURRENT_FILE.unlink(missing_ok=True)
        if not self.failures:
            self.failures_path.unlink(missing_ok=True)

    def budget(self, n_chars: int) -> float:
        return (self.args.budget_ms + self.args.budget_ms_per_kb * n_chars / 1000) / 1000

    def call(self, text: str, published: str | None) -> tuple[object, float, str | None]:
        """(result, seconds, error): one timed call of extract under the hard timeout."""
        # faulthandler is the last resort for a hang inside C code (a regex), where SIGALRM
        # cannot interrupt; re-arming it costs a thread, so do it every few seconds only.
        now = time.perf_counter()
        if now - self._armed_at > 5:
            faulthandler.dump_traceback_later(self.args.timeout * 3 + 40, exit=True)
            self._armed_at = now
        if self._alarm:
            signal.setitimer(signal.ITIMER_REAL, self.args.timeout)
        t0 = time.perf_counter()
        try:
            result = tollbook.extract(text, published)
            error = None
        except _Timeout:
            result, error = None, f"timeout: no answer after {self.args.timeout:g} s"
        except Exception as exc:  # the point of the run: any exception is a finding
            result = None
            error = "".join(traceback.format_exception(exc)[-6:]).rstrip()
        finally:
            dt = time.perf_counter() - t0
            if self._alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
        return result, dt, error

    def run(self, label: str, text: str, published: str | None, repeat: bool) -> None:
        os.pwrite(self._current, f"{label:<60}\n".encode(), 0)
        result, dt, error = self.call(text, published)
        self.calls += 1
        self.chars += len(text)
        self.seconds += dt
        if error is not None:
            kind = "timeout" if error.startswith("timeout") else "exception"
            self.fail(label, text, published, kind, [error])
            return
        problems = check_claims(text, result)
        if problems:
            self.fail(label, text, published, "violation", problems)
        if dt > self.budget(len(text)):
            retry = min(dt, self.call(text, published)[1], self.call(text, published)[1])
            if retry > self.budget(len(text)):
                self.fail(label, text, published, "slow",
                          [f"{retry * 1000:.1f} ms (best of 3) > budget "
                           f"{self.budget(len(text)) * 1000:.1f} ms for {len(text):,} chars"])
            dt = retry
        if dt > self.slowest[0]:
            self.slowest = (dt, len(text), label)
        if len(text) >= 1000 and dt / len(text) * 1000 > self.worst_per_kb[0]:
            self.worst_per_kb = (dt / len(text) * 1000, len(text), label)
        if repeat:
            again, _dt, error = self.call(text, published)
            if error is not None:
                self.fail(label, text, published, "exception", ["on the repeat call: " + error])
            elif again != result:
                self.fail(label, text, published, "nondeterministic",
                          [f"two calls gave different results: {short_repr(repr(result), 150)} "
                           f"vs {short_repr(repr(again), 150)}"])

    def fail(self, label: str, text: str, published: str | None, kind: str,
             problems: list[str]) -> None:
        """Count, save and (up to --max-print) print one failing input."""
        self.failures[kind] += 1
        record = {"input": label, "kind": kind, "problems": problems, "published": published,
                  "text": text}
        self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._out.flush()
        if self.printed < self.args.max_print:
            self.printed += 1
            shown = "\n  ".join(problems[:5])
            more = f"\n  (+{len(problems) - 5} more)" if len(problems) > 5 else ""
            print(f"FAIL {kind} [{label}] published={published!r}, {len(text):,} chars\n  "
                  f"{shown}{more}\n  input: {short_repr(text)}", flush=True)
        elif self.printed == self.args.max_print:
            self.printed += 1
            print(f"(further failures are not printed; all are in {self.failures_path})", flush=True)

    def summary(self, title: str) -> None:
        rate = self.chars / 1e6 / self.seconds if self.seconds else float("inf")
        print(f"\n{title}: {self.calls:,} calls, {self.chars / 1e6:.2f} M characters, "
              f"{self.seconds:.1f} s in extract ({rate:.2f} MB/s)")
        dt, n, label = self.slowest
        if not label:
            print(f"  failing inputs by kind: {dict(self.failures)}")
            if self.failures:
                print(f"  saved in full to {self.failures_path}")
            return
        per_kb = dt / n * 1000 * 1000 if n else 0.0
        print(f"  slowest input: [{label}] {dt * 1000:.1f} ms for {n:,} chars "
              f"({per_kb:.3f} ms per KB; budget {self.budget(n) * 1000:.1f} ms)")
        per_kb, n, label = self.worst_per_kb
        if n:
            print(f"  highest time per KB (inputs >= 1 KB): [{label}] {per_kb * 1000:.3f} ms per KB "
                  f"for {n:,} chars")
        kinds = ", ".join(f"{k} {v:,}" for k, v in self.failures.items()) or "none"
        print(f"  failing inputs by kind: {kinds}")
        if self.failures:
            print(f"  saved in full to {self.failures_path}")


# Long-paragraph shapes: one paragraph of N sentences that each hold a claim. Every claim looks
# back over its paragraph for a place and a date, so a per-claim walk makes the whole quadratic.
SHAPES: dict[str, Callable[[int], str]] = {
    "claims in one paragraph": lambda n: " ".join(
        f"In incident {i}, {i % 90 + 2} people were killed, police said." for i in range(n)),
    "one place and date, then claims": lambda n: "Shelling hit Velmora on Monday. " + " ".join(
        f"A further {i % 90 + 2} people were wounded, the ministry said." for i in range(n)),
}


def run_shapes(sizes: list[int], max_growth: float) -> int:
    """Time each shape at each size; the time per sentence may grow at most ``max_growth``
    times from the smallest size to the largest (linear: about 1). Returns the failures."""
    failures = 0
    print(f"\nlong-paragraph shapes (sizes {', '.join(f'{n:,}' for n in sizes)} sentences; "
          f"time per sentence may grow at most {max_growth:g}x)")
    for name, build in SHAPES.items():
        per: list[float] = []
        for n in sizes:
            text = build(n)
            t0 = time.perf_counter()
            claims = tollbook.extract(text, "2024-05-08", seconds=3600)
            dt = time.perf_counter() - t0
            per.append(dt / n)
            print(f"  {name}: {n:>7,} sentences, {len(text) / 1000:8.0f} KB, {len(claims):>7,} claims, "
                  f"{dt:6.2f} s, {dt / n * 1000:.3f} ms per sentence", flush=True)
        growth = per[-1] / per[0] if per[0] else float("inf")
        verdict = "linear" if growth <= max_growth else "SUPER-LINEAR"
        failures += growth > max_growth
        print(f"  {name}: growth of time per sentence x{growth:.2f} from {sizes[0]:,} to {sizes[-1]:,}: {verdict}")
    return failures


def iter_corpus(path: Path, limit: int | None) -> Iterator[tuple[str, str, str | None]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            record = json.loads(line)
            text = f"{record.get('title') or ''}\n\n{record['text']}"
            yield record.get("id", f"line {i + 1}"), text, record.get("published")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="generated inputs (default: 100,000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated inputs (default: 0)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="news.jsonl.gz (default: %(default)s)")
    parser.add_argument("--skip-corpus", action="store_true", help="do not run over the news corpus")
    parser.add_argument("--corpus-limit", type=int, default=None,
                        help="only the first N articles of the corpus (default: all)")
    parser.add_argument("--only", type=int, default=None, metavar="INDEX",
                        help="run generated input INDEX alone and print it")
    parser.add_argument("--budget-ms", type=float, default=50.0, help="time budget per call (ms)")
    # 6 ms per KB: text made only of casualty words and numbers (a figure every 20 characters)
    # costs ~4 ms per KB; ordinary news costs well under 1 ms per KB.
    parser.add_argument("--budget-ms-per-kb", type=float, default=6.0,
                        help="extra time budget per 1,000 characters (ms)")
    parser.add_argument("--timeout", type=float, default=30.0, help="hard limit per call (s)")
    parser.add_argument("--shape-sizes", default="1500,3000,6000,12000",
                        help="sentences per long-paragraph shape (comma-separated; default: %(default)s)")
    parser.add_argument("--shape-growth", type=float, default=1.6,
                        help="largest growth of time per sentence across the shape sizes (default: 1.6)")
    parser.add_argument("--skip-shapes", action="store_true", help="do not run the long-paragraph shapes")
    parser.add_argument("--progress", type=int, default=10_000, help="print a line every N inputs")
    parser.add_argument("--max-print", type=int, default=200, help="failures printed in full")
    parser.add_argument("--failures", type=Path, default=None,
                        help="JSONL file for failing inputs (default: /tmp/tollbook-robustness-"
                             "<PID>-seed<SEED>-failures.jsonl; corpus articles in ...-corpus.jsonl)")
    args = parser.parse_args(argv)
    failures_path = args.failures or Path(f"{RUN_PREFIX}-seed{args.seed}-failures.jsonl")

    started = time.perf_counter()
    pools = build_pools(args.seed)
    runner = Runner(args, failures_path)
    try:
        tollbook.extract("Warm-up: at least 3 people were killed, police said.", "2020-01-01")
    except Exception as exc:
        runner.fail("warm-up", "Warm-up", "2020-01-01", "exception", [repr(exc)])
    print(f"tollbook robustness run: seed {args.seed}; failing inputs go to {failures_path}; "
          f"the input in progress is in {CURRENT_FILE}", flush=True)

    if args.only is not None:
        name, text, published = make_input(args.seed, args.only, pools)
        print(f"input {args.only} [{name}] published={published!r} {len(text):,} chars:\n"
              f"{short_repr(text, 2000)}")
        runner.run(f"gen {args.only} {name}", text, published, repeat=True)
        runner.summary("single input")
        runner.close()
        return 1 if runner.failures else 0

    categories: Counter[str] = Counter()
    for i in range(args.n):
        name, text, published = make_input(args.seed, i, pools)
        categories[name] += 1
        runner.run(f"gen {i} {name}", text, published, repeat=i % 100 == 0)
        if (i + 1) % args.progress == 0:
            print(f"[{i + 1:>9,}/{args.n:,}] {time.perf_counter() - started:7.1f} s, "
                  f"{sum(runner.failures.values()):,} failures, slowest "
                  f"{runner.slowest[0] * 1000:.1f} ms", flush=True)
    runner.summary(f"generated inputs (seed {args.seed})")
    print("  by category: " + ", ".join(f"{k} {v:,}" for k, v in sorted(categories.items())))
    generated_failures = sum(runner.failures.values())

    corpus_failures = 0
    if not args.skip_corpus:
        if not args.corpus.exists():
            print(f"\n{args.corpus}: not found; use --corpus PATH or --skip-corpus")
            runner.close()
            return 1
        corpus_runner = Runner(args, failures_path.with_name(failures_path.stem + "-corpus.jsonl"))
        print(f"\nnews corpus {args.corpus} (title + blank line + text, with published); "
              f"failing articles go to {corpus_runner.failures_path}", flush=True)
        t0 = time.perf_counter()
        for i, (doc_id, text, published) in enumerate(iter_corpus(args.corpus, args.corpus_limit)):
            corpus_runner.run(f"article {i + 1} {doc_id}", text, published, repeat=i % 100 == 0)
            if (i + 1) % args.progress == 0:
                print(f"[{i + 1:>9,} articles] {time.perf_counter() - t0:7.1f} s, "
                      f"{sum(corpus_runner.failures.values()):,} failures", flush=True)
        corpus_runner.summary("news corpus" + (f" (first {args.corpus_limit:,})" if args.corpus_limit else ""))
        corpus_failures = sum(corpus_runner.failures.values())
        corpus_runner.close()
    runner.close()

    shape_failures = 0 if args.skip_shapes else run_shapes(
        [int(n) for n in args.shape_sizes.split(",")], args.shape_growth)

    total = generated_failures + corpus_failures + shape_failures
    print(f"\n{'FAILED' if total else 'OK'}: {total:,} failures "
          f"({generated_failures:,} generated, {corpus_failures:,} corpus, {shape_failures:,} shapes) in "
          f"{time.perf_counter() - started:.1f} s")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
