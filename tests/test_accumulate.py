"""The faster sums give the very floats of the code they replaced.

Ranking must not move when only its speed changes, so each helper is
compared, value for value (``array_equal``, not ``allclose``), with the
``np.unique`` code it replaced, on random posting lists sparse enough for
the sorting path and dense enough for the arrays as long as the index.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from indexer.accumulate import (
    Groups,
    common,
    member_of,
    positions_in,
    sums_by_doc,
    title_cover,
    union_sums,
)
from indexer.collapse import best_indices, nth_best
from indexer.ranking import Ranker, _best_of, _cap_pointers, _Scored, _together
from indexer.termscores import KIND_FIELDS, SCORE_TYPE, narrow
from indexer.tuning import Tuning

SIZE = 2_000


def _postings(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.unique(rng.integers(0, SIZE, n))


def _sorted_sum(docs: list[np.ndarray], values: list[np.ndarray]):
    """The replaced ``Ranker._sum``: a sort, then sums in list order."""
    found, inverse = np.unique(np.concatenate(docs), return_inverse=True)
    return found, np.bincount(inverse, weights=np.concatenate(values))


def _old_title_cover(concepts, lengths, docs):
    """The replaced ``Ranker._title_cover``, line for line."""
    seen: set[str] = set()
    title_docs, title_tf, credit_docs, credit_mass = [], [], [], []
    for postings, mass in concepts:
        hits = []
        for term, found, tf in postings:
            hits.append(found)
            if term not in seen:
                seen.add(term)
                title_docs.append(found)
                title_tf.append(tf)
        if hits:
            held = np.unique(np.concatenate(hits))
            credit_docs.append(held)
            credit_mass.append(np.full(len(held), mass))
    cover = np.zeros(len(docs))
    if not title_docs:
        return cover
    held, slots = np.unique(np.concatenate(title_docs), return_inverse=True)
    words = np.bincount(slots, weights=np.concatenate(title_tf))
    length = lengths[held]
    whole = held[(words >= length) & (length > 0)]
    if not len(whole):
        return cover
    owners = np.concatenate(credit_docs)
    keep = np.isin(owners, whole)
    found, slots = np.unique(owners[keep], return_inverse=True)
    credit = np.bincount(slots, weights=np.concatenate(credit_mass)[keep])
    at = np.searchsorted(found, docs)
    at[at >= len(found)] = 0
    here = found[at] == docs
    cover[here] = credit[at[here]]
    return cover


@pytest.mark.parametrize("sizes", [[30], [40, 5, 60], [900, 800, 20], [1500, 1900]])
@pytest.mark.parametrize("seed", range(3))
def test_union_sums_add_as_the_sort_did(sizes, seed):
    rng = np.random.default_rng(seed)
    docs = [_postings(rng, n) for n in sizes]
    scores = [rng.random(len(d)) * 7 for d in docs]
    shares = [np.full(len(d), rng.random()) for d in docs]
    found, (summed, shared) = union_sums(docs, [scores, shares], SIZE)
    want_docs, want_scores = _sorted_sum(docs, scores)
    _, want_shares = _sorted_sum(docs, shares)
    assert np.array_equal(found, want_docs)
    assert np.array_equal(summed, want_scores)
    assert np.array_equal(shared, want_shares)


def test_member_of_is_isin():
    rng = np.random.default_rng(4)
    codes = rng.integers(0, 50, 300)
    for wanted in ([], [7], [0, 49], list(range(0, 50, 3))):
        assert np.array_equal(member_of(codes, wanted, 50), np.isin(codes, wanted))


@pytest.mark.parametrize("seed", range(6))
def test_title_cover_credits_as_before(seed):
    """Random titles of one to three words and queries whose words cover
    some of them whole, with words shared between concepts and repeated
    within one."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(0, 4, SIZE)
    vocabulary = [f"w{i}" for i in range(12)]
    postings = {}
    for word in vocabulary:
        found = _postings(rng, int(rng.integers(1, 800)))
        postings[word] = (found, rng.integers(1, 3, len(found)).astype(float))
    concepts = []
    for _ in range(int(rng.integers(1, 8))):
        words = rng.choice(vocabulary, int(rng.integers(1, 4)))
        concepts.append(([(w, *postings[w]) for w in words], float(rng.random() * 5)))
    concepts.append(([], 1.0))  # a concept no title has
    docs = np.unique(rng.integers(0, SIZE, 1200))
    found, credit = title_cover(concepts, lengths)
    got = np.zeros(len(docs))
    at, there = positions_in(docs, found)
    got[at] = credit[there]
    want = _old_title_cover(concepts, lengths, docs)
    assert want.any()  # the case is not vacuous
    assert np.array_equal(got, want)


@pytest.mark.parametrize(
    "sizes",
    # Arrays as long as the index; then one long list and short ones merged
    # into it, the long one first, last or between.
    [[30, 40], [900, 800, 20], [1500, 1900, 700], [1800, 30], [20, 1900, 9]],
)
@pytest.mark.parametrize("seed", range(3))
def test_best_of_over_arrays_picks_as_the_sort_did(sizes, seed):
    """Alternatives of one concept, many documents in several, with equal
    scores among them (the first alternative's share and kind must stand)
    and zeros; some with a kind part, some without."""
    rng = np.random.default_rng(seed)
    results = []
    for i, n in enumerate(sizes):
        docs = _postings(rng, n)
        # Few distinct values: ties between alternatives are common.
        scores = rng.integers(0, 4, len(docs)) / 2
        kind = None if (i + seed) % 2 else rng.random(len(docs))
        results.append(_Scored(docs, scores, rng.random(len(docs)), kind))
    # The sort (no size given) is the code the arrays replaced.
    want = _best_of(results)
    got = _best_of(results, SIZE)
    assert np.array_equal(got.docs, want.docs)
    assert np.array_equal(got.scores, want.scores)
    assert np.array_equal(got.share, want.share)
    assert np.array_equal(got.kind, want.kind)


@pytest.mark.parametrize("sizes", [[900, 1200], [30, 1500, 800], [1700, 1600, 40, 900]])
@pytest.mark.parametrize("seed", range(3))
def test_a_name_s_words_together_add_up_as_intersected_pair_by_pair(sizes, seed):
    """Another name's words, each with or without a kind part: their sum
    where all match, as the pairwise ``np.intersect1d`` it replaced added
    them (the same floats, rounded once to the scores' single precision)."""
    rng = np.random.default_rng(seed)
    parts = []
    for i, n in enumerate(sizes):
        docs = _postings(rng, n)
        kind = rng.random(len(docs)) if (i + seed) % 2 else None
        parts.append((docs, rng.random(len(docs)) * 7, kind, 1.0))
    docs, scores, kind, _ = parts[0]
    for other_docs, other_scores, other_kind, _ in parts[1:]:
        docs, i, j = np.intersect1d(
            docs, other_docs, assume_unique=True, return_indices=True
        )
        scores = scores[i] + other_scores[j]
        if kind is not None or other_kind is not None:
            kind = (0.0 if kind is None else kind[i]) + (
                0.0 if other_kind is None else other_kind[j]
            )
    found = common([d for d, *_ in parts])
    got_scores, got_kind = _together(parts, found)
    assert len(found)  # the case is not vacuous
    assert np.array_equal(found, docs)
    assert got_scores.dtype == SCORE_TYPE
    assert np.array_equal(got_scores, narrow(scores))
    assert (got_kind is None) == (kind is None)
    if kind is not None:
        assert np.array_equal(got_kind, narrow(kind))


def _old_demote(pointer, entry_codes, n_codes, docs, scores, weight):
    """The replaced ``Ranker._demote_pointers``: the best other section of
    every entry."""
    pointer = pointer[docs]
    scores = np.where(pointer, scores * weight, scores)
    entries = entry_codes[docs]
    best_other = np.zeros(n_codes)
    np.maximum.at(best_other, entries[~pointer], scores[~pointer])
    cap = best_other[entries] * 0.5
    demote = pointer & (cap > 0)
    scores[demote] = np.minimum(scores[demote], cap[demote])
    return scores


def _pointer_ranker(rng, n_codes: int = 300) -> SimpleNamespace:
    entry_codes = np.sort(rng.integers(0, n_codes, SIZE))
    pointer = rng.random(SIZE) < 0.05
    return SimpleNamespace(
        pointer=pointer,
        reading_list=pointer & (rng.random(SIZE) < 0.5),
        entry_groups=Groups(entry_codes, n_codes),
        entry_codes=entry_codes,
        _codes=dict.fromkeys(range(n_codes)),
    )


def _demoted(ranker, docs, scores, tuning, asked, share):
    """What ``Ranker.rank`` does to pointers, proximity left out."""
    at = Ranker._pointing(ranker, docs, asked)
    scores = Ranker._weigh_pointers(ranker, docs, scores, at, tuning)
    listed = ranker.reading_list[docs[at]]
    return _cap_pointers(ranker.entry_codes[docs], scores, at, share, listed)


@pytest.mark.parametrize("seed", range(4))
def test_pointer_demotion_as_before(seed):
    """Pointer sections among entries' matches, some entries with nothing
    else matched, every section matching the whole query: the same demoted
    scores when only the pointers' entries are looked at."""
    rng = np.random.default_rng(seed)
    ranker = _pointer_ranker(rng)
    docs = _postings(rng, 1200)
    # Pointers score high on their words: the cap by the entry's best
    # other section is what demotes them.
    scores = rng.random(len(docs)) * np.where(ranker.pointer[docs], 90, 9)
    tuning = Tuning(pointer=0.2, reading_list=0.2)
    unasked, whole = np.zeros(len(docs), bool), np.ones(len(docs))
    got = _demoted(ranker, docs, scores.copy(), tuning, unasked, whole)
    want = _old_demote(
        ranker.pointer, ranker.entry_codes, 300, docs, scores.copy(), 0.2
    )
    capped = ranker.pointer[docs] & (got < scores * 0.2)
    assert capped.sum() > 5  # the case is not vacuous
    assert np.array_equal(got, want)


@pytest.mark.parametrize("seed", range(4))
def test_a_pointer_is_capped_only_by_sections_matching_as_much(seed):
    """Each pointer at most half the best other section of its entry (a
    reading list: that matches at least its share of the query), worked out
    one by one; a reading list the query asks for keeps its score."""
    rng = np.random.default_rng(seed)
    ranker = _pointer_ranker(rng)
    docs = _postings(rng, 1200)
    scores = rng.random(len(docs)) * np.where(ranker.pointer[docs], 90, 9)
    share = rng.choice([0.25, 0.5, 1.0], len(docs))
    asked = rng.random(len(docs)) < 0.3
    tuning = Tuning(pointer=0.2, reading_list=0.5)
    got = _demoted(ranker, docs, scores.copy(), tuning, asked, share)
    entries = ranker.entry_codes[docs]
    kept = ranker.reading_list[docs] & asked
    pointer = ranker.pointer[docs] & ~kept
    want = scores.copy()
    want[pointer] *= np.where(ranker.reading_list[docs[pointer]], 0.5, 0.2)
    capped = 0
    for i in np.flatnonzero(pointer):
        least = share[i] if ranker.reading_list[docs[i]] else 0.0
        rivals = ~pointer & (entries == entries[i]) & (share >= least)
        if rivals.any():
            cap = want[rivals].max() * 0.5
            capped += cap < want[i]
            want[i] = min(want[i], cap)
    assert capped > 5 and kept.any()  # the case is not vacuous
    assert np.array_equal(got, want)


@pytest.mark.parametrize("seed", range(4))
def test_sums_by_doc_add_as_the_index_long_array_did(seed):
    """Lists sharing documents, weights added list after list: the floats
    of ``a[d] += w`` on zeros as long as the index."""
    rng = np.random.default_rng(seed)
    docs = [_postings(rng, int(rng.integers(1, 300))) for _ in range(6)]
    weights = (rng.random(6) * 3).tolist()
    dense = np.zeros(SIZE)
    for d, w in zip(docs, weights, strict=True):
        dense[d] += w
    found, sums = sums_by_doc(docs, weights)
    assert np.array_equal(found, np.flatnonzero(dense))
    assert np.array_equal(sums, dense[found])


@pytest.mark.parametrize("seed", range(4))
def test_groups_find_the_sections_member_of_found(seed):
    """A few entries' sections among a concept's postings, by binary search
    in their groups: the documents the flags gathered per posting found."""
    rng = np.random.default_rng(seed)
    n_codes = 300
    entry_codes = rng.integers(0, n_codes, SIZE)  # sections not in entry order
    groups = Groups(entry_codes, n_codes)
    docs = _postings(rng, 900)
    for wanted in ([], [7], rng.integers(0, n_codes, 6).tolist()):
        at, _ = positions_in(docs, groups.members(wanted))
        want = docs[member_of(entry_codes[docs], wanted, n_codes)]
        assert np.array_equal(docs[at], want)


def test_positions_in_finds_only_present_documents():
    docs = np.array([0, 5, 6, 9])
    for wanted in ([], [5], [1, 2], [0, 9, 10], [6, 7, 8, 9]):
        at, there = positions_in(docs, np.array(wanted, np.int64))
        assert docs[at].tolist() == [w for w in wanted if w in docs]
        assert there.tolist() == [w in docs for w in wanted]


def test_common_terms_score_as_the_two_unions_did(corpus_service):
    """A common term in topic and kind fields is scored in one array as long
    as the index: the same floats as the unions it replaced."""
    from collections import Counter

    from indexer.analysis import analyse
    from indexer.tuning import DEFAULT

    with corpus_service._reading() as snap:
        ranker = Ranker(snap.searcher, snap.segments)
        words = [w for w, _ in Counter(snap.speller.counts).most_common(300)]
        terms = {term for word in words for term in analyse(word)}
        dense = 0
        for term in sorted(terms):
            found = ranker._fields_of(term)
            kinds = any(name in KIND_FIELDS for name, _, _ in found)
            dense += kinds and ranker._dense([(d, w) for _, d, w in found])
            docs, scores, _ = ranker._score_term(term, DEFAULT)
            ranker._dense = lambda parts: False  # the unions
            want_docs, want_scores, _ = ranker._score_term(term, DEFAULT)
            del ranker._dense
            assert np.array_equal(docs, want_docs)
            assert scores.tobytes() == want_scores.tobytes()
        assert dense >= 5  # the case is not vacuous (9 terms on corpus/)


@pytest.mark.parametrize("seed", range(6))
def test_nth_best_is_the_partition_of_the_whole(seed: int) -> None:
    # Scores ordered by document as candidates are (a strided sample is no
    # random one), with runs of ties like a template's sections.
    rng = np.random.default_rng(seed)
    size = int(rng.integers(20_000, 200_000))
    scores = np.sort(rng.gamma(1.0, 2.0, size))
    scores[rng.integers(0, size, size // 3)] = 0.5
    if seed % 2:
        scores = scores[::-1].copy()
    for n in (1, 10, 200, 800, size // 60):
        assert nth_best(scores, n) == np.partition(scores, size - n)[size - n]


def test_best_indices_keep_the_first_of_equal_scores() -> None:
    # 99 scores above 1.0 (100 down to 2), then 30,001 of 1.0.
    scores = np.r_[np.full(30_000, 1.0), np.arange(100.0, 0.0, -1.0)]
    top = best_indices(scores, 150)
    assert top.tolist() == list(range(51)) + list(range(30_000, 30_099))
