"""Syndicated copies: near-duplicate texts (one wire story in many outlets) are one report.

MinHash signatures of word 5-grams, grouped with locality-sensitive hashing (datasketch's
``MinHashLSH``), so documents are never compared pair by pair. Documents whose estimated
Jaccard similarity passes ``THRESHOLD`` are one report; a report counts once as a source
of a figure, whatever the number of outlets that printed it.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Mapping
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 64
THRESHOLD = 0.8
SHINGLE = 5
SCHEME = "affine32"  # datasketch 2: stored signatures must be read back with the scheme that made them
MAX_WORDS = 4000  # a long text's opening is enough to recognise a copy
_WORD = re.compile(r"\w+")


def signature(text: str) -> bytes:
    """The MinHash signature of a text, as bytes for the store (``NUM_PERM`` 64-bit values)."""
    words = _WORD.findall(text.lower())[:MAX_WORDS]
    shingles = {" ".join(words[i:i + SHINGLE]).encode() for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch(list(shingles))
    return minhash.hashvalues.astype(np.uint64).tobytes()


@cache
def _permutations():
    """The hash permutations, drawn once (datasketch would draw them again for every signature)."""
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def _minhash(data: bytes) -> LeanMinHash:
    # LeanMinHash: no permutations to rebuild for every stored signature (LSH needs none).
    return LeanMinHash(seed=1, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


def reports(signatures: Mapping[int, bytes]) -> dict[int, int]:
    """Map each document id to its report: the smallest id among its near-duplicates.

    Near-duplicates chain (A~B and B~C make one report), as copies of copies do.
    """
    # The index is tuned below the threshold so that pairs just above it are still compared
    # (at 0.8 itself LSH would see only about a third of them); the estimate then decides.
    lsh = MinHashLSH(threshold=THRESHOLD - 0.2, num_perm=NUM_PERM)
    parent = {doc: doc for doc in signatures}

    def root(doc: int) -> int:
        while parent[doc] != doc:
            parent[doc] = parent[parent[doc]]
            doc = parent[doc]
        return doc

    hashes: dict[int, LeanMinHash] = {}
    for doc in sorted(signatures):
        minhash = _minhash(signatures[doc])
        hashes[doc] = minhash
        for other in lsh.query(minhash):
            if minhash.jaccard(hashes[other]) >= THRESHOLD:  # LSH candidates are only likely matches
                a, b = root(doc), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        lsh.insert(doc, minhash)
    return {doc: root(doc) for doc in signatures}


def outlet(url: str | None, publisher: str | None) -> str | None:
    """The outlet of a document: its publisher, else the host of its URL."""
    if publisher:
        return publisher
    if url:
        host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url, flags=re.IGNORECASE).split("/", 1)[0].split("@")[-1]
        host = host.split(":")[0].lower()
        return host.removeprefix("www.") or None
    return None


def group(ids: Iterable[int], report_of: Mapping[int, int]) -> dict[int, list[int]]:
    """Report id -> its documents, in id order."""
    found: dict[int, list[int]] = {}
    for doc in sorted(ids):
        found.setdefault(report_of.get(doc, doc), []).append(doc)
    return found
