"""Who claims it: "according to X", "X said", "said X", "per X", "citing X", "X put the
toll at", headline tails ("...: police"), quotes and their speakers, pronouns.

A sentence that names no claimant gives None: a claimant is never invented. It carries
over to a later sentence only while a quotation continues (annotation conventions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tollbook.extract.claimants import speaker
from tollbook.extract.lexicon import lexicon
from tollbook.extract.tokens import Token, as_index, match, tokenize

CLAUSE_WORDS = frozenset("was were is are after before when because until if by".split())
TOLL_VERBS = frozenset("issued issues put puts putting revised revise revises raised raise raises lowered lower lowers "
                       "updated update updates cut cuts increased increase increases decreased".split())
SUBJECT_NOUNS = frozenset("bureau school officials authorities partners agencies agency groups group police army military ministry "
                          "government monitors monitor observers media sources witnesses residents doctors activists "
                          "organisers organizers researchers analysts experts officers spokesman spokeswoman "
                          "spokesperson report reports statement survey study data figures".split())
DOUBLE_NOUNS = frozenset("reports report claims claim estimates estimate records counts documents states figures".split())
PRONOUNS = frozenset("he she it they we i".split())
NOT_CLAIMANTS = frozenset("claim claims allegation allegations accusation figure toll number".split())
INVERTIBLE = frozenset("said says added adds wrote noted insisted warned stated explained declared reported reports "
                       "confirmed confirms informed informs".split())
TIME_WORDS = frozenset("yesterday today tonight monday tuesday wednesday thursday friday saturday sunday "
                      "last earlier later".split())
OPEN_QUOTES = ('"', "“")
CLOSE_QUOTES = ('"', "”")
BOUNDARY = frozenset([",", ";", ":", '"', "“", "”", "—", "–", "(", "that", "while", "but", "whereas", "as", "."])
TELL_OBJECTS = frozenset(["reporters", "journalists", "afp", "reuters", "ap", "a", "the", "briefing", "media", "press", "news", "agency"])
AUXILIARIES = frozenset(["has", "have", "had", "also", "later", "reportedly", "earlier", "separately", "previously"])
PERSONAL = frozenset(["he", "she"])
IMPERSONAL = frozenset(["it", "they", "which", "who"])
ORG_WORDS = frozenset(
    ["bureau", "ministry", "agency", "office", "service", "authority", "council", "committee", "red", "cross", "crescent", "centre", "center", "monitor", "observatory", "organization", "organisation", "programme", "program", "forces", "army", "police", "group", "company", "government", "department", "directorate", "unit", "commission", "un", "unhcr", "who", "unicef", "ngo", "hospital", "network", "institute", "association", "union", "court", "embassy", "coast", "guard", "military"]
    # places are not people either ("West Germany", "New Delhi")
    + "north south east west new united republic kingdom city island islands province state county gulf "
    "sea river lake mount saint san santa port fort valley".split()
)
LEADING = re.compile(
    r"^(?:(?:a|the)\s+)?(?:statement|report|figures|data|tally|count|estimates?)\s+(?:from|by|of)\s+",
    re.IGNORECASE,
)
TRAILING_AUX = re.compile(r"(?:\s+(?:has|have|had|also|later|reportedly|on\s+\w+))+$", re.IGNORECASE)
HEADLINE_HEAD = re.compile(r"([A-Z][\w .'’-]{1,30}?):\s+(?=\S)")
HEADLINE_TAIL = re.compile(r"(?::|\s[-–—])\s*([\w][\w .'’-]{1,40}?)\s*$")


@dataclass(slots=True)
class Cue:
    pos: int  # token index of the cue word
    source: str | None
    direction: str  # "left": covers figures before it; "right": after it
    person: bool = False


@dataclass(slots=True)
class Said:
    """What one sentence tells about claimants: who spoke, which people were named."""

    sources: list[tuple[str, bool]]  # (claimant, is a person)
    persons: list[str]
    quote_speaker: str | None  # the speaker of a quotation in this sentence


class Context:
    """What attribution remembers across the sentences of one document.

    Sentences the pre-pass skipped are kept as spans and read only when a pronoun
    ("he said", "it said") or a continuing quotation needs them: most documents never do.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.entries: list[Said | tuple[int, int]] = []

    def skip(self, start: int, end: int) -> None:
        self.entries.append((start, end))

    def said(self, k: int) -> Said:
        entry = self.entries[k]
        if isinstance(entry, tuple):
            entry = self._read(entry, k)
            self.entries[k] = entry
        return entry

    def _read(self, span: tuple[int, int], k: int) -> Said:
        start, end = span
        body = self.text[start:end]
        if _speech_pattern().search(body):
            tokens = tokenize(self.text, start, end, [])
            cues = find_cues(self.text, tokens, 0, self, False, upto=k)
            return _summary(tokens, 0, cues)
        persons = [_untitled(m.group(1)) for m in _NAME_RUN.finditer(body) if is_person(m.group(1))]
        return Said([], persons, None)

    def last_person(self, upto: int) -> str | None:
        for k in range(upto - 1, max(-1, upto - 6), -1):
            if self.said(k).persons:
                return self.said(k).persons[-1]
        return None

    def last_source(self, upto: int, person: bool | None = None, single_word: bool = False) -> tuple[str, bool] | None:
        for k in range(upto - 1, max(-1, upto - 6), -1):
            for source, is_p in reversed(self.said(k).sources):
                if person is None or is_p == person or (single_word and " " not in source):
                    return source, is_p
        return None

    def quote_speaker(self, back: int = 1) -> str | None:
        """The speaker of the quotation in the last sentence, or in the last ``back`` sentences."""
        for k in range(len(self.entries) - 1, max(-1, len(self.entries) - 1 - back), -1):
            speaker = self.said(k).quote_speaker
            if speaker:
                return speaker
        return None


@cache
def _starters() -> frozenset[str]:
    """First words of every cue (the only tokens worth a closer look)."""
    speech, before = _cue_index()
    return frozenset(speech) | frozenset(before) | {"saying", "adding"}


@cache
def _speech_pattern() -> re.Pattern:
    lex = lexicon()
    words = {p.split()[0] for p in lex.speech_verbs} | {p.split()[0] for p in lex.before_source if p != "from"}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b")


TITLES = frozenset(
    "interior foreign defence defense health prime minister president chief superintendent major captain "
    "general commander director spokesman spokeswoman governor mayor colonel lieutenant sergeant inspector "
    "secretary senator judge dr mr mrs ms sir".split()
)


def _untitled(name: str) -> str:
    """'Interior Minister Tor Bakke' -> 'Tor Bakke'."""
    words = name.split()
    while len(words) > 2 and words[0].lower() in TITLES:
        words.pop(0)
    return " ".join(words)


_NAME_RUN = re.compile(r"(?<![\w'’-])((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+)")


@cache
def _cue_index() -> tuple[dict, dict]:
    lex = lexicon()
    return as_index({v: v for v in lex.speech_verbs}), as_index(lex.before_source)


def is_person(name: str) -> bool:
    """A claimant that is a named person: "coast guard commander Luis Ferrer", "Dvoran"."""
    lex = lexicon()
    words = name.split()
    run: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper():
            break
        run.append(word)
    if not run or name.isupper() or any(w.lower().strip("'’s,") in ORG_WORDS for w in run):
        return False
    before = words[len(words) - len(run) - 1].lower() if len(words) > len(run) else ""
    if before in ORG_WORDS or before in ("group", "firm", "operator", "owner", "agency", "outlet", "broadcaster"):
        return False  # "the research group Civic Watch" names a body, not a person
    if len(run) == 1:
        word = run[0].lower()
        if run[0].isupper() or word in lex.groups or word in lex.not_victims:
            return False
    return True


def clean(source: str) -> str:
    """Strip statement words and auxiliaries: "a police statement" -> "police"."""
    lex = lexicon()
    text = " ".join(re.sub(r"<[^>]*>", " ", source).strip(" ,.;:\"'“”‘’•·*-–—").split())
    text = TRAILING_AUX.sub("", text)
    text = re.split(r"\s(?:citing|quoting)\s", text)[-1]  # "a report citing the mayor's office"
    text = LEADING.sub("", text)
    words = text.split()
    if len(words) > 1 and words[-1].lower() in lex.statement_nouns:
        rest = words[:-1]
        if [w for w in rest if w.lower() not in ("a", "an", "the")] and (
            rest[0].lower() in ("a", "an") or any(w[:1].isupper() for w in rest) or rest[-1].lower() in ORG_WORDS
        ):
            words = rest[1:] if rest[0].lower() in ("a", "an") and len(rest) > 1 else rest
    return " ".join(words)


def source_key(source: str | None) -> str | None:
    """A normalised key: lower case, no leading article, no parentheses."""
    if not source:
        return None
    text = re.sub(r"\([^)]*\)", " ", source.lower())
    text = re.sub(r"^(?:the|a|an)\s+", "", " ".join(text.split()))
    return text or None


def _span(text: str, tokens: list[Token], a: int, b: int) -> str | None:
    """Text of tokens a..b-1 (None when empty)."""
    if a >= b:
        return None
    return text[tokens[a].start:tokens[b - 1].end]


def _name_run_before(tokens: list[Token], comma: int, first: int) -> tuple[int, int] | None:
    """A capitalised name ending right before ``comma`` that starts at a boundary."""
    k = comma - 1
    while k >= first and tokens[k].is_capitalised:
        k -= 1
    if comma - 1 - k >= 2 and (k < first or tokens[k].low in BOUNDARY):
        return k + 1, comma
    return None


def _subject(text: str, tokens: list[Token], verb: int, first: int) -> tuple[int, int]:
    """Token range of the claimant before a speech verb."""
    end = verb
    while end - 1 >= first and tokens[end - 1].low in AUXILIARIES:
        end -= 1
    if end - 1 >= first and tokens[end - 1].low in PRONOUNS:
        return end - 1, end  # "... and we believe": the pronoun alone
    k = end - 1
    while k >= first:
        tok = tokens[k]
        if tok.low == ")":  # "the National Disaster Management Authority (NDMA) said"
            while k > first and tokens[k].low != "(":
                k -= 1
            k -= 1
            continue
        if tok.fig >= 0 or tok.low in BOUNDARY or tok.low in CLAUSE_WORDS or (tok.low == "and" and k == end - 1):
            break
        k -= 1
    start = k + 1
    if k >= first and tokens[k].fig >= 0 and start < end:
        return end, end  # "46 people confirmed dead": the counted people are no claimant
    inside = sum(1 for t in tokens[start:end] if t.low in ("(", ")"))
    if end - start - 3 * inside > 10:  # a parenthesis ("(UNHCR)") counts as one word
        return end, end  # a clause, not a claimant
    while start < end and tokens[start].low in ("and", "but", "so"):
        start += 1
    if start == end and k > first and tokens[k].low == ",":
        # "The Guard Corps (IRGC), which includes the Quds Force, declared": over the relative clause
        inverted = _inverted(tokens, verb)  # "..., who cared for him, said the minister"
        speaker_after = inverted[0] < inverted[1] and tokens[inverted[0]].low not in (
            "that", "it", "he", "she", "they", "we", "there", "this", "to")
        for q in range(k - 1, k if speaker_after else max(first, k - 15), -1):
            if tokens[q].low in (".", ";", ":"):
                break
            if tokens[q].low == "," and tokens[q + 1].low in ("which", "who"):
                a, b = _subject(text, tokens, q, first)
                if a < b:
                    return a, b
                break
        # "the mayor, Viktor Halas, said" / "Hamidullah Rezai, the provincial governor, told"
        a, b = _subject(text, tokens, k, first)
        if a < b and all(t.is_capitalised for t in tokens[a:b]):
            return a, b
        if a < b and a - 1 > first and tokens[a - 1].low == ",":
            run = _name_run_before(tokens, a - 1, first)  # "Name, spokesperson for X, said"
            if run:
                return run
    if start < end and k >= first and tokens[k].low == "," and tokens[start].low in ("the", "a", "an"):
        run = _name_run_before(tokens, k, first)
        if run:
            return run
    return start, end


def _inverted(tokens: list[Token], verb: int) -> tuple[int, int]:
    """Token range of the claimant after an inverted verb: ', said the official, who ...'."""
    k = verb + 1
    while k < len(tokens) and tokens[k].low not in BOUNDARY and tokens[k].low not in ("who", "which", "on", "in") \
            and tokens[k].fig < 0:
        k += 1
    if k - verb > 9 or (k < len(tokens) and tokens[k].fig >= 0):
        return verb + 1, verb + 1  # a clause, not a claimant: "said the attack had killed 12"
    return verb + 1, k


def _noun_phrase_after(tokens: list[Token], start: int) -> int:
    k = start
    stops = BOUNDARY | {"issued", "released", "published", "on", "in", "which", "who", "and", "said", "says"}
    while k < len(tokens) and tokens[k].low not in stops and tokens[k].fig < 0:
        k += 1
    if k < len(tokens) and tokens[k].low == "," and k + 2 < len(tokens) and tokens[k + 1].is_capitalised:
        # "a statement from the operator, Vestline" -> take the name
        j = k + 1
        while j < len(tokens) and tokens[j].is_capitalised:
            j += 1
        if j >= len(tokens) or tokens[j].low in (".", ","):
            return -j  # signal: the name alone
    return k


def _subject_end(tok: Token) -> bool:
    """Could this word end the subject of a reporting verb ("Health partners report")?"""
    low = tok.low
    if low in ("the", "a", "an", "this", "that", "its", "their", "his", "her", "our"):
        return False  # "The report found": 'report' is the noun
    return tok.is_capitalised or low in SUBJECT_NOUNS or low in ORG_WORDS or low in lexicon().groups


def _lead_subject(text: str, tokens: list[Token], first: int) -> str | None:
    """The sentence's opening noun phrase up to its first comma, when it names someone."""
    for k in range(first, min(len(tokens), first + 9)):
        if tokens[k].fig >= 0 or tokens[k].low in BOUNDARY - {","}:
            return None
        if tokens[k].low == ",":
            span = tokens[first:k]
            if not span:
                return None
            named = any(t.is_capitalised for t in span[1:] or span) or span[0].low in ("a", "an", "the")
            return _span(text, tokens, first, k) if named else None
    return None


def _direction(tokens: list[Token], verb: int) -> str:
    k = verb + 1
    while k < len(tokens) and tokens[k].low not in (",", ";", ".", '"', "”"):
        if tokens[k].fig >= 0 or tokens[k].low == "that":
            return "right"
        k += 1
    return "left"


def _resolve(name: str, ctx: Context, upto: int) -> tuple[str | None, bool]:
    low = name.lower()
    if low in PERSONAL:
        return ctx.last_person(upto), True
    if low in ("i", "we"):  # inside a quotation: its speaker, named before
        speaker = ctx.said(upto - 1).quote_speaker if upto > 0 else None
        return speaker, speaker is not None and is_person(speaker)
    if low in IMPERSONAL:  # "it said": the last body named; a one-word name may be one
        found = ctx.last_source(upto, person=False, single_word=True) or ctx.last_source(upto)
        return found if found else (None, False)
    return name, is_person(name)


_OWNER_STOPS = frozenset("with to of against from by for about on in at over despite and or".split())
_CONTENTIONS = frozenset("contention claim claims assertion insistence position view".split())


def find_cues(
    text: str, tokens: list[Token], first: int, ctx: Context, headline: bool, upto: int | None = None
) -> list[Cue]:
    """Attribution cues of one sentence, with their claimants resolved.

    ``upto``: the sentence's index in ``ctx`` (pronouns look only at sentences before it).
    """
    upto = len(ctx.entries) if upto is None else upto
    speech, before = _cue_index()
    cues: list[Cue] = []
    starters = _starters()
    words = [t for t in tokens[first:] if t.is_word and t.fig < 0]
    title_case = headline and len(words) >= 3 and sum(t.is_capitalised for t in words) >= 0.7 * len(words)
    i = first
    while i < len(tokens):
        if tokens[i].low == "by":
            end = _by_account(tokens, i)  # "by early reports", "by some accounts"
            inside = i > first and tokens[i - 1].low == "," and end < len(tokens) and tokens[end].low == ","
            if end:
                cues.append(Cue(i, _span(text, tokens, i + 1, end), "right" if i == first or inside else "left"))
                i = end
                continue
            end = _by_agent(tokens, i, first)  # "was identified as X by a coast guard spokesperson"
            if end:
                src = _span(text, tokens, i + 1, end)
                cues.append(Cue(i, src, "left", is_person(src or "")))
                i = end
                continue
        if tokens[i].low not in starters:
            i += 1
            continue
        hit = match(tokens, i, before)
        if hit and tokens[i].low != "from" or (hit and i > 0 and tokens[i - 1].low in ("statement", "figures", "data")):
            end = _noun_phrase_after(tokens, i + hit[0])
            name_only = end < 0
            end = abs(end)
            start = i + hit[0]
            if name_only:
                start = next(k for k in range(end - 1, i, -1) if not tokens[k - 1].is_capitalised)
            raw = _span(text, tokens, start, end)
            if raw and tokens[i].low not in ("from",):
                src = clean(raw)
                lead = i == first or (i > first and tokens[i - 1].low in OPEN_QUOTES)
                direction = "right" if lead else "left"
                if tokens[i].low in ("released", "issued", "given", "provided", "published", "compiled", "confirmed"):
                    direction = "left"
                cues.append(Cue(i, src, direction, is_person(src)))
                i = end
                continue
        hit = match(tokens, i, speech)
        if hit and tokens[i].low in ("stands", "stood", "stand") and hit[0] == 1 \
                and (i == 0 or tokens[i - 1].low not in lexicon().statement_nouns):
            hit = None  # "the ministry's own count stands at 212" names a claimant; "the toll stands at" does
            # not; "the agency stood by its toll of 131" does
        passive = i > 0 and tokens[i - 1].low in ("was", "were", "been", "be", "is", "are", "being")
        # "the United States" is no verb, but in a Title Case headline ("Hospital Says") verbs are capitalised
        passive = passive or (not tokens[i].text[:1].islower() and not title_case)
        if tokens[i].low in DOUBLE_NOUNS and i > 0 and not _subject_end(tokens[i - 1]):
            passive = True  # a noun, not a verb: "by early reports", "three northern states"
        if tokens[i].low in TOLL_VERBS and not any(
            t.low in ("toll", "tolls", "number", "figure", "figures", "tally", "total", "count") for t in tokens[i + 1:i + 7]
        ) and not (i + 2 < len(tokens) and tokens[i + 1].low == "it" and tokens[i + 2].low == "at"):
            passive = True  # "put out the fire" names no claimant; "put the toll at", "put it at" do
        if hit and not passive:
            a, b = _subject(text, tokens, i, first)
            raw = _span(text, tokens, a, b)
            inverted_ok = i > first and tokens[i - 1].low in (",", '"', "”") and tokens[i].low in INVERTIBLE
            if raw is None and inverted_ok and i + 1 < len(tokens) and tokens[i + 1].is_word \
                    and tokens[i + 1].low not in ("that", "on", "in", "at", "it", "he", "she", "they") \
                    and tokens[i + 1].low not in TIME_WORDS:
                a, b = _inverted(tokens, i)
                named = a < b and (tokens[a].is_capitalised or tokens[a].low in ("the", "a", "an") or tokens[b - 1].is_capitalised
                                   or tokens[b - 1].low in SUBJECT_NOUNS)  # "..., reported officials"
                raw = _span(text, tokens, a, b) if named else None
            if raw is None and cues:
                raw = cues[-1].source
            if raw is None and i > first and tokens[i - 1].low in (",", "and"):
                raw = _lead_subject(text, tokens, first)  # "The Front, the group that ..., disputed"
            if raw and raw.lower() in ("which", "who", "it", "they", "he", "she") and cues:
                raw = cues[-1].source  # "X said it had verified 31 deaths": X
            if raw and raw.lower().split()[-1] in NOT_CLAIMANTS:
                raw = None  # "..., a claim denied by the army"
            direction = _direction(tokens, i + hit[0] - 1)
            if raw and len(raw.split()) > 1 and raw.split()[0].lower() in ("which", "who", "whom"):
                # "..., in the blast, which the president said was ...": the speaker tells of
                # what follows, not of the counts before
                raw, direction = raw.split(None, 1)[1], "right"
            if raw:
                src, person = _resolve(clean(raw), ctx, upto)
                if src and speaker(src):  # "the confirmed deaths": no one speaks
                    cues.append(Cue(i, src, direction, person))
            i += hit[0]
            continue
        if tokens[i].low in ("saying", "adding") and i + 1 < len(tokens):
            src = cues[-1].source if cues else None
            if src:
                cues.append(Cue(i, src, "right", cues[-1].person))
        i += 1
    # a citing cue next to a speech verb names the real claimant:
    # "Local TV, citing X, said ..." and "the agency LNA reported, citing X"
    for n, cue in enumerate(cues):
        if tokens[cue.pos].low not in ("citing", "quoting"):
            continue
        if cue.source and not any(w[:1].isupper() for w in cue.source.split()[1:]) \
                and cue.source.split()[-1].lower() in ACCOUNTS | {"records", "teams", "groups"}:
            cue.source = None  # "the agency said, citing reports from its teams": the agency speaks
            continue
        if n + 1 < len(cues) and cues[n + 1].direction == "right":
            cues[n + 1].source = cue.source
        if n > 0 and cue.pos - cues[n - 1].pos <= 3 and cues[n - 1].direction == "left":
            cues[n - 1].source = cue.source
    head = HEADLINE_HEAD.match(text, tokens[first].start, tokens[-1].end) if headline and tokens and first < len(tokens) else None
    if head and (re.search(r"\d", head.group(1)) or len(head.group(1).split()) > 4
                 or head.group(1).split()[-1].lower() in lexicon().nouns  # "- Deaths: 21": a label
                 or not _subject_end(Token(head.group(1).split()[-1], head.group(1).split()[-1].lower(), 0, 0))):
        head = None  # "Rights group: 3,400 held", not "Earthquake live: death toll at 304"
    if head and not cues:  # "Rights group: 3,400 held without charge"
        cues.append(Cue(first, head.group(1), "right", is_person(head.group(1))))
    for k in range(first + 2, len(tokens) - 1):
        # "the government's contention that there are no missing": the possessor claims what follows
        if tokens[k].low in _CONTENTIONS and tokens[k + 1].low == "that" and tokens[k - 1].low.endswith(("'s", "’s")):
            a = k - 1
            while a > first and tokens[a - 1].is_word and tokens[a - 1].low not in BOUNDARY | _OWNER_STOPS \
                    and k - 1 - a < 4:
                a -= 1
            owner = re.sub(r"['’]s$", "", _span(text, tokens, a, k) or "")
            if owner and speaker(clean(owner)):
                cues.append(Cue(k, clean(owner), "right", is_person(owner)))
                cues.sort(key=lambda c: c.pos)
    if headline and not cues:
        sentence = text[tokens[first].start:tokens[-1].end] if tokens else ""
        tail = HEADLINE_TAIL.search(sentence)
        if tail and not re.search(r"\d", tail.group(1)) and len(tail.group(1).split()) <= 4:
            cues.append(Cue(len(tokens), tail.group(1), "left", is_person(tail.group(1))))
    return cues


ACCOUNTS = frozenset("reports report accounts account estimates estimate counts count tallies tally figures".split())


def _by_account(tokens: list[Token], i: int) -> int:
    """The end of "by early reports", "by some accounts" at token i, or 0."""
    for k in range(i + 1, min(len(tokens), i + 5)):
        if tokens[k].low in ACCOUNTS:
            nxt = tokens[k + 1].low if k + 1 < len(tokens) else "."
            if nxt in BOUNDARY or nxt in ("on", "in", "from", "of"):
                return k + 1
            return 0
        if not tokens[k].is_word or tokens[k].fig >= 0:
            return 0
    return 0


REPORTING_PARTICIPLES = frozenset("identified confirmed reported announced named stated revealed disclosed "
                                  "released published provided given supplied".split())


def _by_agent(tokens: list[Token], i: int, first: int) -> int:
    """The end of "by a coast guard spokesperson" after a reporting participle, or 0."""
    r = next((k for k in range(i - 1, first - 1, -1) if tokens[k].low in REPORTING_PARTICIPLES), None)
    if r is None or not all(t.is_capitalised or t.low in ("as", ",", "-") or t.low.endswith("ly") or t.fig >= 0
                            for t in tokens[r + 1:i]):
        return 0  # "identified as X by a spokesperson", not "identified as X, was shot dead by a guard"
    k = i + 1
    while k < len(tokens) and k - i < 8 and tokens[k].is_word and tokens[k].low not in BOUNDARY \
            and tokens[k].low not in ("on", "in", "at", "after", "who", "which", "to"):
        k += 1
    if k == i + 1 or k < len(tokens) and tokens[k].low not in BOUNDARY and tokens[k].low not in ("on", "in", "at", "to"):
        return 0
    head = tokens[k - 1].low
    return k if head in SUBJECT_NOUNS or head in ORG_WORDS or head.endswith(("person", "man", "woman")) else 0


def choose(cues: list[Cue], token: int) -> Cue | None:
    """The cue that covers the figure at ``token``."""
    after = [c for c in cues if c.pos > token]
    if after and after[0].direction == "left":
        return after[0]
    before = [c for c in cues if c.pos < token and c.direction == "right"]
    if before:
        return before[-1]
    earlier = [c for c in cues if c.pos < token]
    return earlier[-1] if earlier else None


_FUNCTION_WORDS = frozenset("of from in at on to the and for with by as after before near over into".split())


def _names(tokens: list[Token], first: int) -> list[str]:
    """Runs of two or more capitalised words that look like people's names."""
    names: list[str] = []
    k = first
    while k < len(tokens):
        j = k
        while j < len(tokens) and tokens[j].is_capitalised and tokens[j].low not in ORG_WORDS:
            j += 1
        if j - k >= 2 and k > first and is_person(" ".join(t.text for t in tokens[k:j])) \
                and not any(t.low in _FUNCTION_WORDS for t in tokens[k:j]):  # "Of Passengers From Train"
            names.append(_untitled(" ".join(t.text for t in tokens[k:j])))
        k = max(j, k + 1)
    return names


def _summary(tokens: list[Token], first: int, cues: list[Cue]) -> Said:
    sources = [(c.source, c.person) for c in cues if c.source]
    persons = [src for src, person in sources if person] or _names(tokens, first)
    quoted = any(t.low in OPEN_QUOTES for t in tokens)
    return Said(sources, persons, cues[-1].source if quoted and cues else None)


def remember(ctx: Context, tokens: list[Token], first: int, cues: list[Cue]) -> None:
    """Record an analysed sentence in the document context."""
    ctx.entries.append(_summary(tokens, first, cues))
