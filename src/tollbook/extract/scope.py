"""Is a count one of people in an incident? Filters on drafts (vocabulary: lexicon/scope.toml).

Business, politics and sport share words with casualty reports: "would displace 20,000
workers" (jobs), "300 employees will be relocated", "the change affects 109,000 workers",
"total losses of 37 mln", "injured his hamstring". These rules drop such drafts:

1. an outcome of ``[incident] gated`` (affected, evacuated, displaced) that counts workers,
   customers and the like, or no noun at all, or that an adjective gives ("homeless
   people"), needs a document that tells of an incident (one of ``[incident] words``);
2. in a sentence about money, a figure with no noun of people that is a toll of
   "losses" or counts millions is an amount;
3. an injury in a sentence about sport is no claim (annotation conventions), nor are the
   players a team "lost".
"""

from __future__ import annotations

import re
from functools import cache

from tollbook.extract.lexicon import lexicon, persons, scope
from tollbook.extract.tokens import Token, trie_pattern


@cache
def _incident_pattern() -> re.Pattern:
    return re.compile(rf"\b{trie_pattern(scope().incident)}(?:s|es|ed|d|ing)?\b", re.IGNORECASE)  # "crashed"


class Document:
    """What the filters need to know of the whole document, computed when first asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._incident: bool | None = None

    @property
    def incident(self) -> bool:
        if self._incident is None:
            self._incident = _incident_pattern().search(self.text) is not None
        return self._incident


def _money(tokens: list[Token]) -> bool:
    words = scope().money
    return any(t.low in words for t in tokens)


_SCORE = re.compile(r"^\d{1,2}-\d{1,2}$")


@cache
def _strong_sport_phrases() -> re.Pattern:
    phrases = [w for w in persons().strong_sport if " " in w]
    return re.compile(rf"(?:^| )(?:{'|'.join(re.escape(w) for w in phrases)})(?: |$)") if phrases else re.compile(r"(?!)")


_last_sport: tuple = (None, False)  # the last sentence asked about and its answer (one tuple: thread-safe)


def sport(tokens: list[Token]) -> bool:
    """The sentence is about sport: one telling word (or a score, "3-1"), or two weaker ones.
    Asked once per draft of a sentence, answered once per sentence."""
    global _last_sport
    last = _last_sport
    if last[0] is tokens:
        return last[1]
    answer = _sport(tokens)
    _last_sport = (tokens, answer)
    return answer


def _sport(tokens: list[Token]) -> bool:
    p = persons()
    months = lexicon().months
    if any(t.low in p.strong_sport or _SCORE.match(t.low) and not (k + 1 < len(tokens) and tokens[k + 1].low in months)
           for k, t in enumerate(tokens)):
        return True  # a score, not "the floods of 14-16 June"
    if _strong_sport_phrases().search(" ".join(t.low for t in tokens)):
        return True  # "ruled out", "groin strain"
    return sum(1 for t in tokens if t.low in p.sport) >= 2


def keep(outcome: str, group: str | None, low: int, extra: dict, tokens: list[Token], doc: Document) -> bool:
    """Whether a draft with these values, in a sentence of ``tokens``, is a claim."""
    lex = scope()
    if outcome in lex.gated and (group in lex.gated_groups or extra.get("head") == "none" and group is None
                                 or extra.get("rule") == "adjective") and not doc.incident:
        return False
    if extra.get("head") == "none" and group is None and not extra.get("individual") \
            and (low >= 1_000_000 or extra.get("toll") in ("losses", "loss")) and _money(tokens):
        return False
    if extra.get("verb") in ("lose", "loses", "lost", "losing") and sport(tokens):
        return False  # "City lose two players to injury"
    return not (outcome in ("injured", "missing") and sport(tokens))  # "X will be missing for the Six Nations"
