"""Text positions and one-to-one pairing used by the scorer; pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# A sentence ends at ., ! or ? (with any closing quotes or brackets) before whitespace,
# or at a line break. Good enough to show a claim in context; "a.m." splits early.
_SENTENCE_END = re.compile(r"(?P<stop>[.!?][\"'\u201d\u2019)\]]*)\s+|\n\s*")


def locate_figures(text: str, figures: Sequence[str]) -> list[int | None]:
    """Start offset in ``text`` of each gold figure, or None when it does not occur.

    Gold figures repeat (a headline "14" and a body "14"), so the k-th gold claim
    with a given figure text takes the k-th occurrence of that text: gold lines
    list repeats in document order. Occurrences standing alone as a token come
    first, so "19" is found before the "19" inside "1988" or "2019".
    """
    taken: dict[str, int] = {}
    positions: list[int | None] = []
    for figure in figures:
        occurrences = _occurrences(text, figure)
        k = taken.get(figure, 0)
        taken[figure] = k + 1
        positions.append(occurrences[k] if k < len(occurrences) else None)
    return positions


def _occurrences(text: str, figure: str) -> list[int]:
    if not figure:
        return []
    alone, inside = [], []
    start = text.find(figure)
    while start != -1:
        (alone if _stands_alone(text, start, start + len(figure)) else inside).append(start)
        start = text.find(figure, start + 1)
    return alone + inside


def _stands_alone(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or after.isalnum():
        return False
    # "120" inside "3,120" or "2.5" inside "12.5": a separator between digits joins them.
    if before in ",." and start >= 2 and text[start - 2].isdigit() and text[start].isdigit():
        return False
    return not (
        after in ",."
        and end + 1 < len(text)
        and text[end + 1].isdigit()
        and text[end - 1].isdigit()
    )


def sentence_around(text: str, start: int, end: int | None = None) -> str:
    """The sentence of ``text`` holding the span start..end, stripped."""
    end = start if end is None else end
    begin, finish = 0, len(text)
    for match in _SENTENCE_END.finditer(text):
        stop = match.end("stop") if match.group("stop") else match.start()
        if match.end() <= start:
            begin = match.end()
        elif stop >= end:
            finish = stop
            break
    return text[begin:finish].strip()


def pair_one_to_one(
    n_gold: int, n_predicted: int, weight: Callable[[int, int], int | None]
) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index) with the smallest total weight, one-to-one.

    ``weight(g, p)`` is None when g and p may not be paired; otherwise it must be
    negative, so that pairing always beats leaving both alone. The result is an
    exact optimum (Hungarian algorithm), sorted by gold index; with equal totals
    the lowest indices win, so the answer is deterministic.
    """
    if not n_gold or not n_predicted:
        return []
    weights = [[weight(g, p) for p in range(n_predicted)] for g in range(n_gold)]
    transpose = n_gold > n_predicted
    if transpose:
        weights = [list(column) for column in zip(*weights, strict=True)]
    cost = [[0 if w is None else w for w in row] for row in weights]
    pairs = []
    for row, column in enumerate(_assign(cost)):
        if weights[row][column] is not None:
            pairs.append((column, row) if transpose else (row, column))
    return sorted(pairs)


def _assign(cost: list[list[int]]) -> list[int]:
    """Column of each row in a min-cost assignment; needs rows <= columns.

    The O(n^2 m) shortest-augmenting-path form of the Hungarian algorithm, with
    row and column potentials (Kuhn 1955; Jonker and Volgenant 1987).
    """
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    row_of = [0] * (m + 1)  # row_of[j]: 1-based row assigned to column j, 0 if none
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        row_of[0] = i
        j0 = 0
        min_v = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = row_of[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < min_v[j]:
                        min_v[j], way[j] = reduced, j0
                    if min_v[j] < delta:
                        delta, j1 = min_v[j], j
            for j in range(m + 1):
                if used[j]:
                    u[row_of[j]] += delta
                    v[j] -= delta
                else:
                    min_v[j] -= delta
            j0 = j1
            if row_of[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            row_of[j0] = row_of[j1]
            j0 = j1
    columns = [0] * n
    for j in range(1, m + 1):
        if row_of[j]:
            columns[row_of[j] - 1] = j - 1
    return columns
