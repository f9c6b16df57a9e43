"""Sums over posting lists without sorting what need not be sorted.

At ten MedQuADs a common word's postings run to tens of thousands of
documents, and a pasted question has dozens of words. Merging them with
``np.unique`` sorts every list; most of what was sorted is thrown away a
line later (profiled with py-spy on the scale mix: the title cover's
per-concept union alone was 14 % of a search). These helpers keep the
ranking's arithmetic exactly as it was (the same values added in the same
order, so the same floats) and change only how documents are found:
dense arrays as long as the index (``np.bincount``, a lookup table)
instead of sorts, and filtering before a union rather than after.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: No documents, no scores: what a lookup that finds nothing gives.
EMPTY = (np.empty(0, np.int64), np.empty(0, np.float64))
#: Below one posting per this many documents, merging sorts; above, it
#: counts into arrays as long as the index (measured on MedQuAD: both ~20 us
#: there).
DENSE_RATIO = 8


def union_sums(
    docs: Sequence[np.ndarray], values: Sequence[Sequence[np.ndarray]], size: int
) -> tuple[np.ndarray, list[np.ndarray]]:
    """The documents of any of ``docs`` (sorted), and per series of
    ``values`` its values added where documents meet.

    One union for several sums over the same lists (a term's scores and its
    share of the query), where ``Ranker._sum`` made one per sum. Each sum
    adds in list order, as ``_sum`` does, so the floats are the same.

    >>> d, (a, b) = union_sums(
    ...     [np.array([1, 4]), np.array([4, 7])],
    ...     [[np.array([1.0, 2.0]), np.array([3.0, 4.0])],
    ...      [np.ones(2), np.ones(2)]], size=8)
    >>> d.tolist(), a.tolist(), b.tolist()
    ([1, 4, 7], [1.0, 5.0, 4.0], [1.0, 2.0, 1.0])
    """
    all_docs = np.concatenate(docs)
    series = [np.concatenate(v) for v in values]
    if len(all_docs) * DENSE_RATIO < size:
        found, inverse = _union(all_docs)
        return found, [
            np.bincount(inverse, weights=v, minlength=len(found)) for v in series
        ]
    # Flags, not counts, say which documents are there: a third of the time.
    present = np.zeros(size, bool)
    present[all_docs] = True
    found = np.flatnonzero(present)
    return found, [
        np.bincount(all_docs, weights=v, minlength=size)[found] for v in series
    ]


def _union(docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(docs, return_inverse=True)`` for a few sorted runs joined.

    A stable sort (Timsort, for integers this wide) merges the runs rather
    than sorting from scratch: 0.2 against 0.4 ms for a term's three
    fields at ten MedQuADs (7,000, 300 and 40 postings).

    >>> found, inverse = _union(np.array([2, 5, 9, 1, 5]))
    >>> found.tolist(), inverse.tolist()
    ([1, 2, 5, 9], [1, 2, 3, 0, 2])
    """
    order = np.argsort(docs, kind="stable")
    ordered = docs[order]
    first = np.empty(len(ordered), bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(len(docs), np.intp)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse


def member_of(codes: np.ndarray, wanted: Sequence[int], size: int) -> np.ndarray:
    """Which ``codes`` (each below ``size``) are one of ``wanted``.

    ``np.isin`` compares every code with every wanted one when ``wanted`` is
    short, and sorts both when it is long; a table of ``size`` flags is one
    lookup per code.

    >>> member_of(np.array([3, 0, 5, 3]), [3, 5], size=6).tolist()
    [True, False, True, True]
    """
    table = np.zeros(size, bool)
    if len(wanted):
        table[np.asarray(wanted, np.int64)] = True
    return table[codes]


class Groups:
    """Document numbers grouped by a code (each section by its entry), to
    find a few codes' documents without a look at every document.

    A query names a few entries; gathering the entry code of each of a
    common concept's 25,000 postings to find their sections (and of the
    150,000 candidates, for "also from") was most of the name match's
    1.3 ms at ten MedQuADs. A stable sort keeps each group's documents in
    order.

    >>> groups = Groups(np.array([2, 0, 2, 1, 0]), 3)
    >>> groups.members([2, 0]).tolist(), groups.members([]).tolist()
    ([0, 1, 2, 4], [])
    """

    def __init__(self, codes: np.ndarray, size: int) -> None:
        self._order = np.argsort(codes, kind="stable")
        self._bounds = np.r_[0, np.cumsum(np.bincount(codes, minlength=size))]

    def members(self, wanted: Sequence[int]) -> np.ndarray:
        """The documents (sorted) whose code is one of ``wanted``."""
        bounds = self._bounds
        runs = [
            self._order[bounds[c] : bounds[c + 1]]
            for c in wanted
            if c < len(bounds) - 1
        ]
        return np.sort(np.concatenate(runs)) if runs else np.zeros(0, np.int64)


def run_positions(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The positions of runs laid side by side, ``starts[i]`` and the
    ``counts[i] - 1`` after it for each run in turn: one index array to
    gather many slices with, no Python loop over them.

    >>> run_positions(np.array([5, 0, 9]), np.array([2, 0, 3])).tolist()
    [5, 6, 9, 10, 11]
    """
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(
        int(counts.sum())
    )


def positions_in(docs: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the ``wanted`` documents that are in ``docs`` stand in it (both
    sorted), and which of ``wanted`` are there: a few hundred binary
    searches instead of a lookup per document of ``docs`` when ``wanted`` is
    short (the pointer sections' entries, the sections a query names: a few
    hundred at ten MedQuADs, against 150,000 candidates).

    >>> at, there = positions_in(np.array([2, 4, 7, 9]), np.array([1, 4, 9, 12]))
    >>> at.tolist(), there.tolist()
    ([1, 3], [False, True, True, False])
    """
    at = np.searchsorted(docs, wanted)
    there = at < len(docs)
    there[there] = docs[at[there]] == wanted[there]
    return at[there], there


def common(lists: Sequence[np.ndarray]) -> np.ndarray:
    """The documents (sorted) in every one of ``lists`` (each sorted, no
    repeats), shortest first, by binary search: ``np.intersect1d`` sorts
    both lists joined, 1-3 ms for a synonym's four common words at ten
    MedQuADs.

    >>> lists = [np.array([1, 3, 5, 8]), np.array([3, 8, 9]), np.array([0, 3, 8])]
    >>> common(lists).tolist()
    [3, 8]
    """
    ordered = sorted(lists, key=len)
    docs = ordered[0]
    for other in ordered[1:]:
        _, there = positions_in(other, docs)
        docs = docs[there]
    return docs


def sums_by_doc(
    docs: Sequence[np.ndarray], weights: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """The documents (sorted) of any of ``docs``, and per document the
    ``weights`` of the lists that hold it, added in list order (the floats
    of ``a[d] += w`` list after list on an array of zeros).

    For the few sections a query names: an array as long as the index for
    them, then gathered for 150,000 candidates, cost more than they did.

    >>> found, sums = sums_by_doc([np.array([3, 8]), np.array([8])], [0.5, 2.0])
    >>> found.tolist(), sums.tolist()
    ([3, 8], [0.5, 2.5])
    """
    if not docs:
        return np.zeros(0, np.int64), np.zeros(0)
    found, inverse = np.unique(np.concatenate(docs), return_inverse=True)
    each = np.concatenate(
        [np.full(len(d), w) for d, w in zip(docs, weights, strict=True)]
    )
    return found, np.bincount(inverse, weights=each, minlength=len(found))


def title_cover(
    concepts: Sequence[tuple[Sequence[tuple[str, np.ndarray, np.ndarray]], float]],
    title_lengths: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The documents (sorted) whose title is made up of the words of some
    concepts, and per document the weight of the concepts that do.

    :param concepts: per concept, ``(term, docs, term frequencies)``
        of each of its terms found in some title (a term that comes again,
        in this concept or another, counts its words once), and the
        concept's weight.
    :param title_lengths: words in the title, per document of the index.

    The titles the query covers whole are found first, from the words'
    counts, and each concept's postings are cut to them before they are
    merged: the union of a common title word's postings (``syndrome``) was
    sorted in full only to be thrown away. Only the covered documents are
    returned (a few dozen), not an array as long as the candidates.

    >>> t = [("low", np.array([0, 1]), np.array([1.0, 1.0]))]
    >>> s = [("sugar", np.array([1, 2]), np.array([1.0, 1.0]))]
    >>> found, credit = title_cover([(t, 2.0), (s, 3.0)], np.array([2, 2, 1]))
    >>> found.tolist(), credit.tolist()
    ([1, 2], [5.0, 3.0])
    """
    size = len(title_lengths)
    seen: set[str] = set()
    word_docs, word_tf = [], []
    for postings, _ in concepts:
        for term, found, tf in postings:
            if term not in seen:  # a title word counts once
                seen.add(term)
                word_docs.append(found)
                word_tf.append(tf)
    if not word_docs:
        return sums_by_doc([], [])
    held = np.concatenate(word_docs)
    words = np.bincount(held, weights=np.concatenate(word_tf), minlength=size)
    # Compared where a word is (elsewhere no title is covered): comparing
    # every title of the index took 0.7 ms a query at ten MedQuADs.
    whole = np.zeros(size, bool)
    length = title_lengths[held]
    whole[held] = (words[held] >= length) & (length > 0)
    if not whole.any():
        return sums_by_doc([], [])
    owners, masses = [], []
    for postings, mass in concepts:
        if not postings:
            continue
        held = np.concatenate([found for _, found, _ in postings])
        owners.append(np.unique(held[whole[held]]))
        masses.append(mass)
    # Added concept by concept, as the array as long as the index added them.
    return sums_by_doc(owners, masses)
