"""Claimants: one key per source within a document and across documents, and a source type.

Within one document, "the regional health ministry", "health ministry officials" and
"the ministry" are one source: names are compared without the words that do not change
who speaks (``reconcile.toml``, ``source_modifiers``), and a shorter name joins the
unique longer one with the same head word that contains all its words. Across
documents, sources with the same reduced name are one source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tollbook.reconcile.vocab import vocabulary

_WORD = re.compile(r"[\w'’-]+")


def reduced(key: str) -> str:
    """A claimant key without modifiers ("regional health ministry officials" -> "health ministry")."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(key)]
    kept = [w for w in words if w not in vocabulary().source_modifiers]
    return " ".join(kept or words)


def document_sources(keys: Iterable[str]) -> dict[str, str]:
    """Map each claimant key of one document to the source key it stands for."""
    cores = {key: reduced(key) or key for key in keys}  # a name of no words ("<...>") stays itself
    names = sorted(set(cores.values()), key=lambda c: (-len(c.split()), c))
    target: dict[str, str] = {}
    for name in names:
        words = set(name.split())
        if not words:
            target[name] = name
            continue
        head = name.split()[-1]
        wider = [other for other in names
                 if other != name and other.split() and other.split()[-1] == head and words < set(other.split())]
        # Join the longer name only when it is the one candidate: "the ministry" in a text that
        # quotes both a health and a defence ministry stays apart.
        roots = {target.get(w, w) for w in wider}
        target[name] = roots.pop() if len(roots) == 1 else name
    return {key: target[core] for key, core in cores.items()}


def source_type(name: str | None) -> str:
    """government, armed, un_ngo, medical, media, witness or unknown, from the claimant's words."""
    if not name:
        return "unknown"
    vocab = vocabulary()
    strong: list[tuple[int, int, str]] = []
    weak: list[tuple[int, int, str]] = []
    for match in vocab.source_pattern.finditer(name):
        phrase = " ".join(match.group().lower().split())
        for kind, phrases in vocab.source_types.items():
            if phrase in phrases:
                strong.append((len(phrase), match.start(), kind))
        for kind, phrases in vocab.weak_types.items():
            if phrase in phrases:
                weak.append((len(phrase), match.start(), kind))
    found = strong or weak
    return max(found)[2] if found else "unknown"
