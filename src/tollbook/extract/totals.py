"""Across the figures of a sentence: subsets and their totals, lists, updates.

"including 11 children", "three of them", "Among the dead were nine children", "Of the
1,024 people injured, 310 were children" link a subset to its total (``part_of``);
"35 fighters and six soldiers died" shares one outcome; "up from 87" and "bringing the
toll to 27" inherit what they update. Totals are looked for in the same sentence first,
then in the one or two sentences before (annotation conventions: "the total stands in
the same or the directly preceding sentence").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tollbook.extract.claims import (
    FRAME_STARTS,
    INCLUDE,
    Binding,
    include_before,
    indexes,
    is_phrase,
    phrase_before,
)
from tollbook.extract.lexicon import lexicon
from tollbook.extract.tokens import Token, match
from tollbook.model import Figure


@dataclass(slots=True)
class Draft:
    """A bound figure on its way to becoming a Claim."""

    figure: Figure
    token: int
    outcome: str
    group: str | None
    parent: Draft | None = None
    update: bool = False
    sentence: int = 0
    source: str | None = None
    extra: dict = field(default_factory=dict)


def _previous(history: list[list[Draft]], outcome: str | None, last: bool = False) -> Draft | None:
    """The top-level claim of the nearest earlier sentence (with ``outcome`` if given).

    ``last``: the sentence's last claim (what "of them" refers to), else its first.
    """
    for drafts in history[-1:]:  # the total stands in the directly preceding sentence
        for d in reversed(drafts) if last else drafts:
            if d.parent is None and not d.update and not d.figure.negated and (outcome is None or d.outcome == outcome):
                return d
    return None


STOP_WORDS = frozenset(["and", "or", "but", "of", "in", "on", "at", "to", "from", "by", "with", "for", "were", "was",
                        "are", "is", "have", "has", "had"])
BACK_REFERENCES = (("among", "them"), ("of", "them"), ("of", "these"), ("they", "included"),
                   ("they", "include"), ("these", "included"), ("those", "killed", "included"),
                   ("the", "victims", "included"), ("the", "victims", "include"))


def _frame(tokens: list[Token], first: int, bindings: dict[int, Binding]) -> tuple[str | None, int | None, bool, int]:
    """An inclusion frame at the start of the sentence or of a reported clause ("... said that
    among the dead were ..."): (outcome, figure token of the total, found, position)."""
    starts = [first] + [k + 1 for k in range(first, len(tokens) - 1) if tokens[k].low in ("that", ":", ",")]
    for j in starts:
        found = _frame_at(tokens, j, bindings)
        if found[2]:
            return (*found, j)
    return None, None, False, len(tokens)


def _frame_at(tokens: list[Token], j: int, bindings: dict[int, Binding]) -> tuple[str | None, int | None, bool]:
    idx = indexes()
    while j < len(tokens) and tokens[j].low in ('"', "“", "'"):
        j += 1
    whole = match(tokens, j, idx["after"])  # "Among the victims were ..."
    if whole and tokens[j].low == "among":
        return whole[1], None, True
    for words in BACK_REFERENCES:  # "Among them were six children", "They included 11 children"
        if is_phrase(tokens, j, words):
            return None, None, True
    for words in FRAME_STARTS:
        if not is_phrase(tokens, j, words):
            continue
        k = j + len(words)
        if words == ("the",):  # "The missing include 14 women", "the confirmed deaths are ..."
            for skip in range(3):
                m = k + skip
                if skip and (m - 1 >= len(tokens) or not tokens[m - 1].is_word or tokens[m - 1].low in STOP_WORDS):
                    break
                hit = match(tokens, m, idx["adjectives"]) or match(tokens, m, idx["nouns"])
                if hit and m + hit[0] < len(tokens) and tokens[m + hit[0]].low in ("include", "included", "includes",
                                                                                   "were", "are"):
                    return hit[1], None, True
            return None, None, False
        if k < len(tokens) and tokens[k].fig >= 0 and words[0] == "of":  # "Of the 1,024 people injured, ..."
            b = bindings.get(k)
            return (b.outcome if b else None), k, True
        hit = match(tokens, k, idx["adjectives"]) or match(tokens, k, idx["after"]) or match(tokens, k, idx["nouns"])
        if hit:
            return hit[1], None, True
        if words[1] == "those":  # "Of those admitted, ..."
            return None, None, True
    return None, None, False


def _they_were(tokens: list[Token], i: int, first: int) -> bool:
    """The figure opens a clause "they were N ...", "these were N ..." after a break."""
    return i - 3 >= first and tokens[i - 1].low in ("were", "are") and tokens[i - 2].low in ("they", "these") \
        and tokens[i - 3].low in (";", ":", ",", "—", "–")


def _nearest_before(bindings: dict[int, Binding], i: int, outcome: str | None = None) -> Binding | None:
    """The nearest earlier figure that counts people (a total for "of them", "including"),
    with ``outcome`` when one is given."""
    for k in sorted(bindings, reverse=True):
        b = bindings[k]
        if k < i and not b.update and b.head not in ("thing", "unknown", "not_victim") and b.rule != "determiner" \
                and (outcome is None or b.outcome is None or b.outcome == outcome):
            return b
    return None


def resolve(
    tokens: list[Token],
    figures: list[Figure],
    bindings: dict[int, Binding],
    history: list[list[Draft]],
    first: int,
) -> list[Draft]:
    """Turn one sentence's bindings into drafts, linking subsets to their totals."""
    order = sorted(bindings)
    frame_outcome, frame_token, framed, frame_pos = _frame(tokens, first, bindings)
    parents: dict[int, int | Draft | None] = {}
    inherit_group: set[int] = set()
    for i in order:
        b = bindings[i]
        if b.extra.get("context_toll") and not b.outcome and not b.negative:
            before = _previous(history, None)  # "The toll rose to 347. Another agency put the figure at 381."
            if before is not None and before.extra.get("rule") == "toll":
                b.outcome, b.rule = before.outcome, "toll"
        parent: int | Draft | None = None
        if include_before(tokens, i) or (i >= 2 and phrase_before(tokens, i - 1, INCLUDE) and tokens[i - 1].low in ('"',)):
            near = _nearest_before(bindings, i, b.outcome)  # "430 injuries, including 37 deaths": the deaths' total
            parent = near.token if near else _previous(history, b.outcome)
        elif not b.outcome and _they_were(tokens, i, first):
            # "Four of the deceased were foreigners; they were two Argentinians, one from France":
            # the members of the count before, each a claim of its own (no marked inclusion)
            near = _nearest_before(bindings, i)
            if near is not None and near.outcome and not near.negative:
                b.outcome, b.rule = near.outcome, "list"
                b.extra["enumeration"] = True
        elif b.head == "pronoun":
            # "two of those detained": the total is the detained; "19 of them were killed": any
            named = b.extra.get("of_pronoun") in ("those", "these") and b.np_end < len(tokens) \
                and match(tokens, b.np_end, indexes()["after"]) is not None
            want = b.outcome if named else None
            near = _nearest_before(bindings, i, want)
            parent = near.token if near else _previous(history, want, last=True)
            inherit_group.add(i)
        elif b.head == "of_figure":
            parent = b.extra["of_figure"]
            inherit_group.add(i)
        elif "of_the" in b.extra and b.outcome and not b.extra.get("of_possessive"):
            near = next((bindings[k] for k in sorted(bindings, reverse=True)
                         if k < i and bindings[k].outcome == b.outcome and not bindings[k].update), None)
            parent = near.token if near else _previous(history, b.outcome)
        elif b.extra.get("among"):
            if "among_figure" in b.extra:
                parent = b.extra["among_figure"]
            else:
                near = next((bindings[k] for k in sorted(bindings, reverse=True)
                             if k < i and bindings[k].outcome == b.outcome), None)
                parent = near.token if near else _previous(history, b.outcome)
        elif framed and i > frame_pos and i != frame_token and (frame_token is None or i > frame_token):
            enumeration = frame_token is None and frame_pos < len(tokens) and tokens[frame_pos].low == "the" \
                and any(tokens[m].low in ("are", "were") for m in range(frame_pos, min(i, frame_pos + 6)))
            parent = frame_token if frame_token is not None else (
                None if enumeration else _previous(history, b.outcome or frame_outcome))
            if not b.outcome:
                b.outcome = frame_outcome or (parent.outcome if isinstance(parent, Draft) else None)
        parents[i] = parent
        if isinstance(parent, int) and parent in bindings:
            pb = bindings[parent]
            if pb.negative and not b.outcome:
                b.negative = True
            if not b.outcome:
                b.outcome = pb.outcome
            if i in inherit_group and not b.explicit_group:
                b.group = pb.group
        elif isinstance(parent, Draft):
            if not b.outcome:
                b.outcome = parent.outcome
            if i in inherit_group and not b.explicit_group:
                b.group = parent.group

    # a list after "including": "including eight children and five women", "including A, B and C"
    for n in range(1, len(order)):
        i, k = order[n - 1], order[n]
        b, nb = bindings[i], bindings[k]
        between = [t.low for t in tokens[b.np_end:k]]
        listed = include_before(tokens, i) or b.rule == "list"  # "including A, B and C": every item
        if (parents.get(i) is not None or b.extra.get("enumeration")) and parents.get(k) is None and not nb.outcome \
                and between \
                and all(w in (",", "and", "or") for w in between) and listed:
            parents[k] = parents[i]
            nb.outcome, nb.rule = b.outcome, "list"
            if b.extra.get("enumeration"):
                nb.extra["enumeration"] = True
    # "including all on board the plane, and one airport worker": the last item of an including list
    for k in order:
        nb = bindings[k]
        if nb.outcome or nb.negative or parents.get(k) is not None or k < 2 or tokens[k - 1].low != "and":
            continue
        for m in range(k - 2, max(first - 1, k - 16), -1):
            if tokens[m].low in (".", ";", ":") or tokens[m].fig >= 0:
                break
            if tokens[m].low == "including":
                near = _nearest_before(bindings, m, None)
                if near is not None and near.outcome and not near.negative:
                    parents[k] = near.token
                    nb.outcome, nb.rule = near.outcome, "list"
                break
    # lists: "35 fighters and six soldiers died" -- right to left
    for n in range(len(order) - 2, -1, -1):
        i, k = order[n], order[n + 1]
        b, nb = bindings[i], bindings[k]
        if b.outcome or b.negative or b.head not in ("group", "generic", "none"):
            continue
        between = [t.low for t in tokens[b.np_end:nb.extra.get("pre_noun", k)]]
        participle = nb.rule == "noun" and 0 < nb.np_end <= len(tokens) and tokens[nb.np_end - 1].low in lexicon().after
        if between and all(w in (",", "and", "or") for w in between) and nb.outcome \
                and (nb.rule in ("after", "among", "list") or participle):  # "95 civilians and hundreds of X killed"
            b.outcome, b.rule = nb.outcome, "list"
            if nb.extra.get("among"):
                b.extra["among"] = True
                parents[i] = parents.get(k)
            elif k in parents and parents[k] is not None and not framed:
                parents[i] = parents[k]
    # coordination carries the group: "killing six soldiers and wounding several",
    # "31 protesters were shot dead ... and almost 200 were wounded"
    for n in range(1, len(order)):
        i, prev = order[n], bindings[order[n - 1]]
        b = bindings[i]
        if b.head not in ("none", "outcome") or not prev.explicit_group or figures[tokens[i].fig].negated:
            continue
        if (b.rule == "active" and prev.rule == "active") or (
            b.rule in ("after", "noun", "adjective")
            and prev.rule in ("after", "noun", "adjective", "not_after")  # "64 hostages were freed, but 9 were killed"
            and tokens[i - 1].low in ("and", "but")
        ):
            b.group = prev.group
    # ellipsis: "18 people died in Kalo and another 7 in Bira", "40 died in the north, 12 in the south",
    # "90 civilians were wounded, as were 17 soldiers"
    for n in range(1, len(order)):
        i, prev = order[n], bindings[order[n - 1]]
        b = bindings[i]
        as_were = i >= 2 and tokens[i - 2].low == "as" and tokens[i - 1].low in ("were", "was", "are", "is", "did")
        listed = prev.rule == "ellipsis" and all(t.low in (",", "and") for t in tokens[prev.np_end:i])
        if not b.outcome and not b.negative and prev.outcome and not prev.negative and (as_were or listed):
            b.outcome, b.rule = prev.outcome, "ellipsis"
            continue
        nxt = tokens[i + 1].low if i + 1 < len(tokens) else "."
        if b.outcome or b.negative or b.head != "none" or not prev.outcome or prev.negative:
            continue
        if tokens[i - 1].low in (",", "and", "another", "while") and nxt in ("in", "at", "on", "from", "near", ".", ";"):
            b.outcome, b.rule = prev.outcome, "ellipsis"
            if not b.explicit_group and prev.explicit_group:
                b.group = prev.group
    # "casualties increased to 167 from a previous 93 injured": the update names the outcome
    for n, i in enumerate(order[:-1]):
        b, nb = bindings[i], bindings[order[n + 1]]
        if b.outcome == "casualties" and nb.update and nb.outcome in ("killed", "injured") and nb.rule != "list":
            b.outcome = nb.outcome
    # updates and "brings to": inherit what they update
    for i in order:
        b = bindings[i]
        if (b.update or b.extra.get("brings")) and not b.outcome:
            near = next((bindings[k] for k in order if k < i and bindings[k].outcome and not bindings[k].update), None)
            if near and near.outcome:
                b.outcome = near.outcome
                if not b.explicit_group:
                    b.group = near.group
            else:
                prev = _previous(history, None)
                if prev:
                    b.outcome = prev.outcome
                    if not b.explicit_group:
                        b.group = prev.group
        if not b.outcome and b.implied and not b.negative:
            b.outcome = b.implied
        if b.group and lexicon().implies.get(b.group) == b.outcome:
            b.group = None  # "200 hostages" held: the noun is the outcome, not a group

    drafts: dict[int, Draft] = {}
    each: list[Draft] = []
    for i in order:
        b = bindings[i]
        if b.head == "unknown" and b.outcome and b.extra.get("noun"):
            b.head, b.group = "generic", b.group or b.extra["noun"]  # "Among the dead were 8 candidates"
        if b.negative or not b.outcome or b.extra.get("agent") or b.head in ("thing", "unknown", "not_victim"):
            continue
        if b.outcome in lexicon().never.get(b.group or "", ()):
            continue
        fig = figures[tokens[i].fig]
        drafts[i] = Draft(figure=fig, token=i, outcome=b.outcome, group=b.group, update=b.update,
                          extra={"head": b.head, "rule": b.rule, "toll": b.extra.get("toll"), "verb": b.extra.get("verb")})
        for group in b.extra.get("each", [])[1:]:  # "two each from A and B": two claims of two
            each.append(Draft(figure=fig, token=i, outcome=b.outcome, group=group, update=b.update,
                              extra=dict(drafts[i].extra)))
    for i, d in drafts.items():
        parent = parents.get(i)
        if d.figure.negated:
            continue
        if isinstance(parent, int):
            d.parent = drafts.get(parent)
        elif isinstance(parent, Draft):
            d.parent = parent
        if d.parent is not None and (d.parent.figure.negated or d.parent is d):
            d.parent = None
    out = [drafts[i] for i in order if i in drafts]
    for d in each:
        d.parent = drafts[d.token].parent
        out.insert(out.index(drafts[d.token]) + 1, d)
    return out
