"""Runs the extraction stages in order; the only module that knows the order.

1. pre-pass: one compiled pattern over the outcome vocabulary picks the sentences
   worth reading (most sentences of real news carry no casualty figure);
2. numbers: figure phrases with their bounds;
3. claims: outcome, group and part_of for each figure;
4. attribution: the claimant of each claim.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from tollbook.extract import attribution, claims
from tollbook.extract.lexicon import lexicon
from tollbook.extract.numbers import find_figures
from tollbook.extract.sentences import Sentence, split_sentences
from tollbook.extract.tokens import tokenize
from tollbook.model import Claim
from tollbook.settings import settings

log = logging.getLogger(__name__)

_EXTRA_TRIGGERS = ("no one", "nobody", "none", "figure", "toll", "total", "the number", "hostage")


@cache
def _trigger() -> re.Pattern:
    """One pattern over every outcome word: the only code that sees every byte."""
    lex = lexicon()
    words: set[str] = set(_EXTRA_TRIGGERS)
    for table in (lex.active, lex.after, lex.nouns, lex.of_nouns, lex.adjectives, lex.toll):
        words.update(phrase.split()[0] for phrase in table)
    words.discard("taken")  # only "taken hostage / to hospital", caught by their own words
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


def _windows(sentence: Sentence, limit: int) -> list[Sentence]:
    """Cut an overlong sentence into windows so that work stays linear."""
    if sentence.end - sentence.start <= limit:
        return [sentence]
    return [
        Sentence(s, min(s + limit, sentence.end), sentence.paragraph, s)
        for s in range(sentence.start, sentence.end, limit)
    ]


def _selected(text: str) -> tuple[list[Sentence], set[int]]:
    hits = [m.start() for m in _trigger().finditer(text)]
    if not hits:
        return [], set()
    sentences = split_sentences(text)
    limit = settings().max_sentence_chars
    sentences = [w for s in sentences for w in _windows(s, limit)]
    chosen: set[int] = set()
    h = 0
    for n, s in enumerate(sentences):
        while h < len(hits) and hits[h] < s.start:
            h += 1
        if h < len(hits) and hits[h] < s.end:
            chosen.add(n)
    return sentences, chosen


def extract(text: str, published: str | None = None) -> list[Claim]:
    """Return the casualty claims of ``text`` in document order.

    Args:
        text: the document text.
        published: the publication date (``YYYY-MM-DD``) that anchors relative dates.
    """
    if not isinstance(text, str) or not text:
        return []
    text = text[: settings().max_document_chars]
    try:
        return _extract(text)
    except RecursionError:  # pragma: no cover - defensive: never raise on text
        log.warning("discarding claims: recursion limit on a %d-character text", len(text))
        return []


def _extract(text: str) -> list[Claim]:
    sentences, chosen = _selected(text)
    history: list[list[claims.Draft]] = []
    ctx = attribution.Context()
    out: list[tuple[claims.Draft, Sentence]] = []
    pending_quote: list[claims.Draft] = []
    previous_paragraph = -1
    for n, sentence in enumerate(sentences):
        if n not in chosen:
            if history and history[-1]:
                history.append([])
            if not any(t in text[sentence.start:sentence.end] for t in ('"', "“")):
                pending_quote = []
            _remember_light(ctx, text, sentence)
            continue
        figures = find_figures(text, sentence.start, sentence.end)
        tokens = tokenize(text, sentence.start, sentence.end, figures)
        first = next((k for k, t in enumerate(tokens) if t.start >= sentence.dateline_end), len(tokens))
        bindings = claims.bind(tokens, figures) if figures else {}
        drafts = claims.resolve(tokens, figures, bindings, history, first) if bindings else []
        headline = sentence.paragraph != previous_paragraph and not re.search(r"[.!?\"”]\s*$", text[sentence.start:sentence.end])
        cues = attribution.find_cues(text, tokens, first, ctx, headline)
        starts_quote = first < len(tokens) and tokens[first].low in attribution.OPEN_QUOTES
        for d in drafts:
            cue = attribution.choose(cues, d.token)
            d.source = cue.source if cue else None
            if d.source is None and starts_quote and ctx.quote_speaker:
                d.source = ctx.quote_speaker  # the quotation goes on
        if pending_quote and cues:
            for d in pending_quote:
                d.source = d.source or cues[-1].source
        pending_quote = [d for d in drafts if d.source is None] if starts_quote and not cues else []
        attribution.remember(ctx, text, tokens, first, cues)
        history.append(drafts)
        out.extend((d, sentence) for d in drafts)
        previous_paragraph = sentence.paragraph
    return _claims(out)


def _remember_light(ctx: attribution.Context, text: str, sentence: Sentence) -> None:
    """Keep pronoun context for sentences the pre-pass skipped (cheap: no figures)."""
    body = text[sentence.dateline_end:sentence.end]
    if re.search(r"\b(?:said|says|told|according)\b", body):
        tokens = tokenize(text, sentence.dateline_end, sentence.end, [])
        cues = attribution.find_cues(text, tokens, 0, ctx, False)
        attribution.remember(ctx, text, tokens, 0, cues)
    else:
        for match in re.finditer(r"(?<=\s)((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+)", body):
            if attribution.is_person(match.group(1)):
                ctx.persons.append(match.group(1))


def _claims(out: list[tuple[claims.Draft, Sentence]]) -> list[Claim]:
    ids = {id(d): f"c{n + 1}" for n, (d, _) in enumerate(out)}
    result = []
    for d, sentence in out:
        fig = d.figure
        result.append(
            Claim(
                id=ids[id(d)],
                figure=fig.text,
                start=fig.start,
                end=fig.end,
                low=fig.low,
                high=fig.high,
                qualifier=fig.qualifier,
                outcome=d.outcome,
                group=d.group,
                negated=fig.negated,
                vague=fig.vague,
                source=d.source,
                source_key=attribution.source_key(d.source),
                part_of=ids.get(id(d.parent)) if d.parent is not None else None,
                sentence_start=sentence.start,
                sentence_end=sentence.end,
            )
        )
    return result
