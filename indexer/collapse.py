"""A page of hits from scored sections: the collapse per entry, and the
turns of the things a query names.

Kept apart from the scoring (:mod:`indexer.ranking`): what is on a page
depends only on the sections' scores and entries, like Elasticsearch's
field collapsing and Meilisearch's distinct attribute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .copies import first_copies

#: Sections an entry the query names may list under one label (a section
#: whose question the query's kind words meet is listed as it scores): NIH
#: Senior Health and NIDDK file up to 18 answers of an entry under
#: "Summary" (153 entry and label pairs in MedQuAD hold more than two), and
#: `diabetes` listed five *Diabetes* / Summary hits of one entry in a row,
#: which a reader cannot tell apart by their heading, before its Causes or
#: Treatment.
SAME_LABEL = 2


@dataclass(frozen=True)
class Ties:
    """The order of documents that score alike: by their entry's id, and
    within an entry by document number (its sections' order).

    Document numbers alone said how an index came to hold its entries,
    not what they are: an index kept up by writes and one built afresh
    from the same files listed a tie (two sources' copies of one text,
    GARD's and GHR's) in different orders, and cut the best candidates for
    proximity at different ones.

    >>> ties = Ties(np.array([0, 1, 2]), ["b", "c", "a"])
    >>> ties.order(np.array([0, 1, 2])).tolist()
    [2, 0, 1]
    """

    entry_codes: np.ndarray  # per document of the index
    entry_ids: Sequence[str]  # per entry code

    def order(self, docs: np.ndarray) -> np.ndarray:
        """The positions of ``docs`` in this order, first to last."""
        codes = self.entry_codes[docs].tolist()
        return np.lexsort((docs, np.array([self.entry_ids[c] for c in codes])))


@dataclass(frozen=True)
class Collapsed:
    """The hits of a page and the counts behind them."""

    hits: list[tuple[float, int, int]]  # (score, docnum, more sections)
    total: int  # matches after keeping at most `per_entry` per entry
    matched: int  # matching sections before collapsing


def collapse(
    docs: np.ndarray,
    scores: np.ndarray,
    entries: np.ndarray,
    wanted: int,
    per_entry: int | None,
    leading: tuple[float, float] | None = None,
    named: tuple[np.ndarray, int] | None = None,
    copies: np.ndarray | None = None,
    containers: np.ndarray | None = None,
    labels: tuple[np.ndarray, np.ndarray] | None = None,
    ties: Ties | None = None,
    counts: np.ndarray | None = None,
) -> Collapsed:
    """Best first, at most ``per_entry`` sections of one entry; count the rest.

    The cap keeps one entry from crowding out others that answer as well.
    An entry that clearly leads has no such rivals, so its strong sections
    are all listed (see :func:`leader`); nor has an entry the query names,
    which lists up to ``named[1]`` (``named[0]`` are their codes). Only the
    best few hundred candidates are sorted (more only if the collapse thins
    them below ``wanted``); the counts come from all.

    :param copies: per document of the index, a key its copies in other
        entries share (:mod:`indexer.copies`): of the hits with one key and
        one score only the first is listed (all are counted).
    :param containers: per document of the index, another section of its
        entry that holds its text, -1 for none (:mod:`indexer.repeats`): a
        hit listed below its holder is left out (and counted).
    :param labels: per document of the index, a code of its section's
        label, and per candidate whether the query asks for its kind of
        section: an entry the query names lists at most :data:`SAME_LABEL`
        sections under any other label (the rest counted).
    :param ties: the order of hits that score alike (else by document
        number).
    :param counts: per entry code, its matching sections, where ``docs``
        are only the candidates that could make the page (a pasted
        message's, see :meth:`~indexer.ranking.Ranker.rank`): the counts
        are then of every match.
    """
    matched = len(docs)
    if counts is None:
        counts = np.bincount(entries)
    if per_entry is None:
        allowed = counts
    else:
        allowed = np.full(len(counts), per_entry)
        if leading:
            top, strong = leader(scores, entries, len(counts), *leading)
            if top is not None:
                allowed[top] = max(per_entry, strong)
        if named is not None:
            codes = named[0][named[0] < len(counts)]
            allowed[codes] = np.maximum(allowed[codes], named[1])
    lifted = label_of = asked = None
    if labels is not None and per_entry is not None and named is not None:
        label_of, asked = labels
        lifted = np.zeros(len(counts), bool)
        lifted[named[0][named[0] < len(counts)]] = True
    capped = False  # whether the label cap left a hit out
    depth = min(matched, max(4 * wanted, 200))
    while True:
        if depth < matched:
            # Everything scoring at least the depth-th best (ties included).
            floor = nth_best(scores, depth)
            pick = np.flatnonzero(scores >= floor)
        else:
            pick = np.arange(matched)
        order = pick[best_first(docs[pick], scores[pick], ties)]
        top_docs, top_scores, top_entries = docs[order], scores[order], entries[order]
        if copies is None:
            fresh = np.ones(len(order), bool)
        else:
            fresh = first_copies(copies[top_docs], top_scores)
        if containers is not None:
            fresh &= ~held_above(containers[top_docs], top_docs, fresh)
        if per_entry is None:
            kept = fresh
        else:
            # An entry's strong sections rank first within it: the first
            # ``allowed`` of each entry are exactly the ones to keep.
            if lifted is not None:
                at = np.flatnonzero(fresh & lifted[top_entries])
                labelled = label_of[top_docs[at]]
                keys = _label_keys(top_entries[at], labelled, asked[order[at]])
                beyond = at[_beyond_label(keys)]
                fresh[beyond] = False
                capped = capped or len(beyond) > 0
            kept = np.zeros(len(order), bool)
            mine = top_entries[fresh]
            kept[fresh] = rank_within_groups(mine) < allowed[mine]
        if kept.sum() >= wanted or len(pick) >= matched:
            break
        depth *= 4
    if capped:
        # What a named entry can list is then bounded by its labels too:
        # counted over all its matching sections, not only the page's.
        mine = np.flatnonzero(lifted[entries])
        keys = _label_keys(entries[mine], label_of[docs[mine]], asked[mine])
        listable = _listable(entries[mine], keys, len(counts))
        allowed[lifted] = np.minimum(allowed[lifted], listable[lifted])
    shown = np.minimum(counts, allowed)
    total = int(shown.sum())
    extra = counts - shown
    hits = [
        (float(s), int(d), int(extra[e]))
        for s, d, e in zip(
            top_scores[kept][:wanted],
            top_docs[kept][:wanted],
            top_entries[kept][:wanted],
            strict=True,
        )
    ]
    return Collapsed(hits, total, int(counts.sum()))


def best_first(
    docs: np.ndarray, scores: np.ndarray, ties: Ties | None = None
) -> np.ndarray:
    """The order of these hits, best first, those that score alike in the
    order of ``ties`` (else by document number). Entry ids are looked up
    only where two scores are equal.

    >>> docs, scores = np.array([0, 1, 2]), np.array([1.0, 2.0, 1.0])
    >>> best_first(docs, scores, Ties(docs, ["b", "c", "a"])).tolist()
    [1, 2, 0]
    >>> best_first(docs, scores).tolist()
    [1, 0, 2]
    """
    if ties is None or len(np.unique(scores)) == len(scores):
        return np.lexsort((docs, -scores))
    by_id = np.empty(len(docs), np.int64)
    by_id[ties.order(docs)] = np.arange(len(docs))
    return np.lexsort((by_id, -scores))


def _label_keys(
    entries: np.ndarray, labels: np.ndarray, asked: np.ndarray
) -> np.ndarray:
    """Per hit, its entry and label as one key, and the entry in the upper
    half of the key; a section of a kind the query asks for gets a key of
    its own (never capped).

    >>> keys = _label_keys(np.array([3, 3, 3, 4]), np.array([1, 1, 1, 1]),
    ...                    np.array([0, 0, 1, 0], bool))
    >>> bool(keys[0] == keys[1] != keys[3]), bool(keys[2] < 0)
    (True, True)
    >>> (keys[[0, 3]] >> 32).tolist()
    [3, 4]
    """
    # Entry codes and label codes both fit 31 bits; a hit's own key is
    # negative, below every shared one, and says nothing of its entry.
    keys = (entries.astype(np.int64) << 32) | labels.astype(np.int64)
    return np.where(asked, -1 - np.arange(len(keys)), keys)


def _listable(entries: np.ndarray, keys: np.ndarray, n: int) -> np.ndarray:
    """Per entry code below ``n``, how many of the given sections (their
    entries and :func:`_label_keys`) it can list at :data:`SAME_LABEL` a
    label; a section with a key of its own always.

    >>> entries = np.array([1, 1, 1, 1, 0, 1])
    >>> keys = _label_keys(entries, np.array([0, 0, 0, 2, 0, 0]),
    ...                    np.array([0, 0, 0, 0, 0, 1], bool))
    >>> _listable(entries, keys, 3).tolist()
    [1, 4, 0]
    """
    shared = keys >= 0
    pairs, counts = np.unique(keys[shared], return_counts=True)
    out = np.bincount(pairs >> 32, np.minimum(counts, SAME_LABEL), n)
    return out.astype(np.int64) + np.bincount(entries[~shared], minlength=n)


def _beyond_label(keys: np.ndarray) -> np.ndarray:
    """For named entries' hits in rank order (their :func:`_label_keys`),
    whether a hit is its entry's third (or later) under one label.

    >>> _beyond_label(np.array([5, 5, 5, 6, -1, 5])).tolist()
    [False, False, True, False, False, True]
    """
    return (keys >= 0) & (rank_within_groups(keys) >= SAME_LABEL)


def held_above(holders: np.ndarray, docs: np.ndarray, listed: np.ndarray) -> np.ndarray:
    """For hits in rank order, whether a hit's holder (the section holding
    its text, -1 for none) is a listed hit above it.

    >>> held_above(np.array([-1, 10, 12, 10]), np.array([10, 11, 13, 12]),
    ...            np.ones(4, bool)).tolist()
    [False, True, False, True]
    """
    held = np.flatnonzero(holders >= 0)
    if not len(held):
        return np.zeros(len(docs), bool)
    # Where each holder stands among the hits (they are few: a page's).
    at = {doc: i for i, doc in enumerate(docs.tolist())}
    out = np.zeros(len(docs), bool)
    for i in held.tolist():
        j = at.get(int(holders[i]), len(docs))
        out[i] = j < i and bool(listed[j])
    return out


#: How many of a page's first hits the things a query names take turns in
#: (see :func:`take_turns`): a fixed depth, so every page of one query is
#: cut from the same order.
TURN_DEPTH = 50


def take_turns(hits: list, groups: list[int | None], turn: int, depth: int) -> list:
    """``hits`` with those of several groups taking turns, ``turn`` at a
    time, in the places the groups' hits held among the first ``depth``.

    A question that names two things (``can gum disease cause a heart
    attack``) asks about both; ranked by score alone, the first named
    entry's ten sections filled the page. Hits of no group keep their
    places; groups go in the order of their best hit, and a group that runs
    out leaves the rest to the others. Like a search engine's diversity
    across the aspects of a query (xQuAD), with the named things as aspects.

    >>> take_turns(list("aAbBcdCD"), [0, 0, 0, 0, None, 1, 0, 1], 2, 50)
    ['a', 'A', 'd', 'D', 'c', 'b', 'B', 'C']
    """
    top = hits[:depth]
    queues: dict[int, list] = {}
    for hit, group in zip(top, groups, strict=False):
        if group is not None:
            queues.setdefault(group, []).append(hit)
    if len(queues) < 2:
        return hits
    merged = []
    while any(queues.values()):
        for queue in queues.values():
            merged.extend(queue[:turn])
            del queue[:turn]
    taking = iter(merged)
    turned = [
        hit if group is None else next(taking)
        for hit, group in zip(top, groups, strict=False)
    ]
    return turned + hits[depth:]


def rivals(hits: list, groups: list[int | None], share: float) -> list[int | None]:
    """``groups`` without those whose best hit scores under ``share`` of
    the best group's: a floor against noise, so a name that matches little
    takes no turns (see ``Tuning.turn_share``).

    >>> rivals([(9.0, 0, 0), (8.0, 1, 0), (1.0, 2, 0)], [0, 1, 2], 0.5)
    [0, 1, None]
    """
    best: dict[int, float] = {}
    for (score, _, _), group in zip(hits, groups, strict=False):
        if group is not None:
            best[group] = max(best.get(group, 0.0), score)
    if not best:
        return groups
    floor = share * max(best.values())
    return [g if g is not None and best[g] >= floor else None for g in groups]


def leader(
    scores: np.ndarray, entries: np.ndarray, n: int, share: float, lead: float
) -> tuple[int | None, int]:
    """The entry that clearly leads, and how many of its sections are strong.

    It leads when its best section scores ``lead`` times the best of every
    other entry; a strong section scores ``share`` of the best hit. ``gout``
    (one entry per source, close together) has no leader, so the page keeps
    two sections of each; ``what is methylprednisolone`` has one, and lists
    the drug's sections rather than two of them and then other drugs.
    """
    best = np.zeros(n)
    np.maximum.at(best, entries, scores)
    top = int(best.argmax())
    runner_up = float(np.partition(best, -2)[-2]) if n > 1 else 0.0
    if best[top] < lead * runner_up:
        return None, 0
    mine = entries == top
    return top, int((scores[mine] >= share * best[top]).sum())


#: Scores above which :func:`nth_best` first guesses from a sample.
SAMPLED = 20_000
#: Every this-many-th score makes the sample.
STRIDE = 16


def nth_best(scores: np.ndarray, n: int) -> float:
    """The ``n``-th highest of ``scores`` (``1 <= n <= len(scores)``), exactly.

    A pasted question at ten MedQuADs has 150,000 candidates and a page
    wants the best few hundred: ``np.partition`` over all of them was 1 ms
    of its search. Here a guess from every 16th score (twice the share
    needed) keeps a few hundred, and the partition runs over those. If at
    least ``n`` scores reach the guess, the ``n``-th best is among them, so
    the answer is exact; a guess too high falls back to the whole array.

    >>> nth_best(np.arange(100_000.0), 3)
    99997.0
    >>> nth_best(np.array([1.0, 5.0, 5.0, 2.0]), 3)
    2.0
    """
    size = len(scores)
    if size >= SAMPLED and n * STRIDE * 4 <= size:
        sample = scores[::STRIDE]
        k = min(len(sample), 2 * -(-n // STRIDE))
        guess = np.partition(sample, len(sample) - k)[len(sample) - k]
        above = scores[scores >= guess]
        if len(above) >= n:
            return float(np.partition(above, len(above) - n)[len(above) - n])
    return float(np.partition(scores, size - n)[size - n])


def best_indices(
    scores: np.ndarray,
    n: int,
    docs: np.ndarray | None = None,
    ties: Ties | None = None,
) -> np.ndarray:
    """Where the ``n`` highest ``scores`` stand, in index order; of equal
    scores at the edge, the first in the order of ``ties`` (of these
    ``docs``), else the first (see :func:`nth_best`).

    >>> best_indices(np.array([3.0, 9.0, 3.0, 7.0, 1.0]), 3).tolist()
    [0, 1, 3]
    >>> docs = np.arange(5)
    >>> ties = Ties(docs, ["e", "d", "c", "b", "a"])
    >>> best_indices(np.array([3.0, 9.0, 3.0, 7.0, 1.0]), 3, docs, ties).tolist()
    [1, 2, 3]
    """
    if n >= len(scores):
        return np.arange(len(scores))
    floor = nth_best(scores, n)
    above = np.flatnonzero(scores > floor)
    level = np.flatnonzero(scores == floor)
    if ties is not None and docs is not None and len(level) > n - len(above):
        level = level[ties.order(docs[level])]
    return np.sort(np.concatenate([above, level[: n - len(above)]]))


def rank_within_groups(keys: np.ndarray) -> np.ndarray:
    """For keys in rank order, how many earlier items share each one's key.

    >>> rank_within_groups(np.array([5, 3, 5, 5, 3])).tolist()
    [0, 0, 1, 2, 1]
    """
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(keys)), 0))
    ranks = np.empty(len(keys), np.int64)
    ranks[order] = np.arange(len(keys)) - group_start
    return ranks
