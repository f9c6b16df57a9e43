"""Proximity: more for the best candidates where a query's words stand
together, in its order, as Meilisearch's "proximity" ranking rule.

Read after the scores of every section are summed (:mod:`indexer.ranking`),
for the ``Tuning.proximity_depth`` best candidates only: positions are the
costly part of an index to read, and a pair far down the list moves no page.
"""

from __future__ import annotations

import math

import numpy as np

from .accumulate import positions_in
from .collapse import best_indices
from .plan import Concept, QueryPlan
from .termscores import TermScorer
from .tuning import Tuning

PROXIMITY_WINDOW = 3  # words apart that still count as together
MAX_PROXIMITY_PAIRS = 4  # pairs of neighbouring query words proximity checks


def proximity(
    view: TermScorer,
    plan: QueryPlan,
    docs: np.ndarray,
    scores: np.ndarray,
    t: Tuning,
    naming: np.ndarray,
) -> np.ndarray:
    """More for the best candidates where the query's words stand together.

    Of the pairs of words next to each other in the query, the
    :data:`MAX_PROXIMITY_PAIRS` rarest (by the rarer word's IDF: in a
    message, the pairs that name its subject) are checked. A candidate
    whose text has a pair within :data:`PROXIMITY_WINDOW` words, in the
    query's order, earns the pair's weight over the distance; the
    credits, as a share of the pairs' weight, raise the score by up to
    ``t.proximity``. Positions are decoded for the
    ``t.proximity_depth`` best candidates only, each once.

    :param naming: per document of ``docs``, whether the query names
        its entry.
    """
    sequence = [(term, c) for c in plan.concepts for term in c.alternatives[0].terms]
    pairs, named, crossing = {}, {}, {}
    for (a, first), (b, then) in zip(sequence, sequence[1:], strict=False):
        if a == b:
            continue
        rarity = [view.idf(len(view.term(x, t)[0])) for x in (a, b)]
        if first is not then:
            crossing[a, b] = (first, then)
        # A pair weighs as its commoner word, but a two-word name is one
        # thing, as rare as both its words: "kidney disease" is rarer than
        # "disease" (weighed so, `kidney disease stage 3` listed other
        # cancers' Stages sections first, where "stage 3" stands). The
        # pairs of a longer name are parts other names share.
        in_name = first is then and bool(first.entries)
        whole = in_name and len(first.alternatives[0].terms) == 2
        pairs[a, b] = sum(rarity) if whole else min(rarity)
        if in_name:
            named[a, b] = [view._codes[e] for e in first.entries if e in view._codes]
    best = sorted(pairs.items(), key=lambda item: -item[1])[:MAX_PROXIMITY_PAIRS]
    total = sum(weight for _, weight in best)
    if not total:
        return scores
    depth = min(t.proximity_depth, len(docs))
    top = best_indices(scores, depth, docs, view.ties)
    candidates = docs[top]
    found = {
        term: view._positions_in(term, candidates)
        for term in {x for (a, b), _ in best for x in (a, b)}
    }

    credit = np.zeros(depth)
    entries = view.entry_codes[candidates]
    for (a, b), weight in best:
        # The entry's own name holds the pair in order: a section's
        # text need not repeat it (else the one that repeats the name
        # most would win every query that names the entry).
        holds = np.isin(entries, named.get((a, b), ()))
        if (a, b) in crossing:
            # A named entry's section of the kind the word asks for
            # holds the pair as its name and kind (see _of_kind).
            holds |= naming[top] & _of_kind(view, *crossing[a, b], candidates, t)
        credit[holds] += weight
        gaps = _gaps(found[a], found[b], depth)
        near = np.flatnonzero((gaps <= PROXIMITY_WINDOW) & ~holds)
        weight *= _rarity(len(near), depth) ** t.pair_rarity
        credit[near] += weight / gaps[near]
    scores = scores.copy()
    scores[top] *= 1 + t.proximity * credit / total
    return scores


def _of_kind(
    view: TermScorer,
    first: Concept,
    then: Concept,
    candidates: np.ndarray,
    t: Tuning,
) -> np.ndarray:
    """For neighbouring concepts that are a name and a word of the kind
    fields (section name, question), as in "gout symptoms" and
    "prolactinoma causes": per candidate, whether its kind fields hold
    the word. All False for other pairs.

    Such a pair asks for the named entry's section of that kind, which
    holds the pair as its name and kind whether or not its text writes
    the two side by side. Credited only where a text does, it listed
    Gout's *Treatment* ("relieve gout symptoms") before its *Symptoms*,
    and *Prolactinoma*'s Summary ("a prolactinoma causes ...") before
    its *Causes*.
    """
    held = np.zeros(len(candidates), bool)
    for name, word in ((first, then), (then, first)):
        if not name.entries or len(word.alternatives[0].terms) != 1:
            continue
        # The word in any of its forms ("diagnosis" is also searched as
        # "diagnoses", the stem of the questions' "diagnose").
        for alt in word.alternatives:
            if len(alt.terms) != 1:
                continue
            docs, _, kind = view.term_parts(alt.terms[0], t)
            if kind is not None:
                at, there = positions_in(docs, candidates)
                held[there] |= kind[at] > 0
    return held


def _rarity(near: int, depth: int) -> float:
    """How distinctive a pair of words is, from the share of ``depth``
    candidates that hold it side by side: 1 if one does, falling towards 0
    as all do (an IDF of the pair, estimated on the candidates).

    ``microwave ablation`` stands together in one section; ``stop using``
    and ``side effects`` in every drug's: only the first says which
    section is meant.
    """
    if near <= 1 or depth <= 1:
        return 1.0
    return math.log1p(depth / near) / math.log1p(depth)


def _gaps(
    first: tuple[np.ndarray, np.ndarray], then: tuple[np.ndarray, np.ndarray], size: int
) -> np.ndarray:
    """Per document (``size`` of them), the fewest words from a position of
    one word to a later one of the next, or :data:`FAR` where there is no
    such pair; each word's positions as ``(document, position)`` arrays
    (:meth:`~indexer.view.IndexView._positions_in`).

    In arrays, for the 200 candidates at once: a loop over each
    candidate's positions was a fifth of ranking a short query.

    >>> _gaps((np.array([0, 0, 1]), np.array([3, 40, 9])),
    ...       (np.array([0, 0, 0, 1]), np.array([1, 5, 44, 2])), 3).tolist()
    [2, 1000000, 1000000]
    """
    best = np.full(size, FAR, np.int64)
    (docs_a, at_a), (docs_b, at_b) = first, then
    if not len(at_a) or not len(at_b):
        return best
    stride = int(max(at_a.max(), at_b.max())) + 2
    keys_a = docs_a * stride + at_a
    keys_b = np.sort(docs_b * stride + at_b)
    # The first position of the next word after each of the first's.
    after = np.searchsorted(keys_b, keys_a, side="right")
    there = after < len(keys_b)
    later = keys_b[after[there]]
    same = later // stride == docs_a[there]
    np.minimum.at(best, docs_a[there][same], (later - keys_a[there])[same])
    return best


#: No pair in order: as far apart as no window reaches.
FAR = 1_000_000
