"""Vectorised BM25 over Whoosh's postings: the fast path for section search.

Whoosh scores one posting at a time in Python, about 3-10 µs each; a query
like ``kidney disease`` walks thousands of postings. Here each query term's
posting list is read block by block into NumPy arrays (document numbers and
weighted term frequencies), kept in a bounded cache for the life of the
searcher, and BM25, AND/OR combination, filters, counting and the
two-sections-per-entry collapse are array operations.

The index, analysis, query parsing and storage stay Whoosh's; queries this
module cannot express (anything but terms, phrases, AND, OR and NOT) raise
:class:`Unsupported` so the caller can use Whoosh's own search instead.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    DisjunctionMax,
    Not,
    Or,
    Phrase,
    Query,
    Require,
    Term,
)
from whoosh.searching import Searcher

from . import schema as f
from .analysis import ACRONYM, plain_term
from .segments import SegmentData

K1 = 1.2
B = 0.75
COORD = 0.9  # how much a doc matching fewer OR words is discounted
MAX_PHRASE_CHECKS = 400  # best-scoring candidates whose positions a phrase checks
_EMPTY = (np.empty(0, np.int64), np.empty(0, np.float64))


class Unsupported(Exception):
    """The query has a node the vectorised path does not handle."""


@dataclass(frozen=True)
class Ranked:
    """Collapsed top hits and exact counts."""

    hits: list[tuple[float, int, int]]  # (score, docnum, more sections)
    total: int  # matches after keeping at most `per_entry` per entry
    matched: int  # matching sections before collapsing


class Ranker:
    """Array views of one searcher's index, built lazily and cached.

    :param max_postings: bound on cached posting entries (memory).
    """

    def __init__(
        self,
        searcher: Searcher,
        segments: list[SegmentData],
        max_postings: int = 4_000_000,
    ) -> None:
        self.searcher = searcher
        self.max_postings = max_postings
        self._cache: OrderedDict[tuple, tuple] = OrderedDict()
        self._cached = 0
        self._leaves = searcher.reader().leaf_readers()
        self._segments = segments
        self._size = searcher.reader().doc_count_all()
        self._live: np.ndarray | None = None
        self._avgdl = searcher.avg_field_length(f.CONTENT) or 1.0
        self._n = max(1, searcher.doc_count_all())
        self.lengths = np.concatenate([s.lengths for s in segments] or [np.zeros(0)])
        codes: dict[str, int] = {}
        self.entry_codes = np.fromiter(
            (codes.setdefault(e, len(codes)) for s in segments for e in s.entry_ids),
            np.int64,
            count=self._size,
        )
        self._codes = codes

    # -- per-document arrays -------------------------------------------

    @property
    def live(self) -> np.ndarray:
        if self._live is None:
            out = np.ones(self._size, bool)
            for reader, base in self._leaves:
                deleted = getattr(reader, "deleted_docs_set", ())
                if deleted:
                    out[[base + d for d in deleted]] = False
            self._live = out
        return self._live

    # -- postings --------------------------------------------------------

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Live document numbers containing a term, and its weights there."""
        docs, weights, _ = self._read(fieldname, text, values=False)
        return docs, weights

    def positions(self, text: str) -> tuple[np.ndarray, list[bytes]]:
        """Live documents holding a content term, and its encoded positions."""
        docs, _, values = self._read(f.CONTENT, text, values=True)
        return docs, values

    def _read(self, fieldname: str, text: str, *, values: bool):
        key = (fieldname, text, values)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        ids: list = []
        weights: list = []
        encoded: list = []
        for reader, base in self._leaves:
            if (fieldname, text) not in reader:
                continue
            matcher = reader.postings(fieldname, text)
            if isinstance(matcher, FilterMatcher):
                matcher = matcher.child  # deletions are masked below, in bulk
            leaf_ids, leaf_weights, leaf_values = _read_postings(matcher, values)
            ids.append(np.asarray(leaf_ids, np.int64) + base)
            weights.append(np.asarray(leaf_weights, np.float64))
            encoded.extend(leaf_values)
        if not ids:
            found = (*_EMPTY, [])
        else:
            docs = np.concatenate(ids)
            w = np.concatenate(weights)
            keep = self.live[docs]
            kept_values = [v for v, k in zip(encoded, keep, strict=False) if k]
            found = (docs[keep], w[keep], kept_values if values else [])
        self._remember(key, found)
        return found

    def _remember(self, key, found) -> None:
        self._cache[key] = found
        self._cached += len(found[0]) * (2 if found[2] else 1)
        while self._cached > self.max_postings and len(self._cache) > 1:
            _, old = self._cache.popitem(last=False)
            self._cached -= len(old[0]) * (2 if old[2] else 1)

    def bm25(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        docs, tf = self.postings(f.CONTENT, text)
        if not len(docs) and text.startswith(ACRONYM):
            # Capitals that are no known code ("GOUT"): read as a word.
            return self.bm25(plain_term(text[len(ACRONYM) :]))
        if not len(docs):
            return _EMPTY
        df = len(docs)
        idf = math.log(self._n / (df + 1)) + 1.0
        norm = K1 * (1 - B + B * self.lengths[docs] / self._avgdl)
        return docs, idf * tf * (K1 + 1) / (tf + norm)

    # -- queries ---------------------------------------------------------

    def evaluate(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        """Matching documents (sorted) and their scores, times the query's boost.

        :raises Unsupported: for query nodes handled only by Whoosh.
        """
        docs, scores = self._evaluate(query)
        boost = getattr(query, "boost", 1.0)
        return (docs, scores * boost) if boost != 1.0 else (docs, scores)

    def _evaluate(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        if isinstance(query, Term):
            if query.fieldname != f.CONTENT:
                docs, _ = self.postings(query.fieldname, _text(query.text))
                return docs, np.zeros(len(docs))
            return self.bm25(_text(query.text))
        if isinstance(query, Phrase):
            docs, scores = self._and([Term(query.fieldname, w) for w in query.words])
            if not len(docs):
                return docs, scores
            if len(docs) > MAX_PHRASE_CHECKS:
                # Check positions only where the words score best: a phrase
                # hit further down cannot reach the first pages anyway.
                best = np.sort(np.argsort(-scores)[:MAX_PHRASE_CHECKS])
                docs, scores = docs[best], scores[best]
            keep = self._in_sequence([_text(w) for w in query.words], docs, query.slop)
            return docs[keep], scores[keep]
        if isinstance(query, And):
            return self._and(query.subqueries)
        if isinstance(query, DisjunctionMax):
            return self._best_of(query.subqueries)
        if isinstance(query, Or):
            return self._or(query.subqueries)
        if isinstance(query, Not):
            # Nothing but exclusions: there is nothing to rank.
            return _EMPTY
        if isinstance(query, Require):
            # Both must match; only the first scores.
            docs, scores = self.evaluate(query.a)
            needed, _ = self.evaluate(query.b)
            keep = np.isin(docs, needed)
            return docs[keep], scores[keep]
        if isinstance(query, AndMaybe):
            # The first must match; the second adds its score where it does.
            docs, scores = self.evaluate(query.a)
            extra_docs, extra = self.evaluate(query.b)
            at = np.searchsorted(extra_docs, docs)
            at = np.minimum(at, max(len(extra_docs) - 1, 0))
            if len(extra_docs):
                hit = extra_docs[at] == docs
                scores = scores + np.where(hit, extra[at], 0.0)
            return docs, scores
        if isinstance(query, AndNot):
            docs, scores = self.evaluate(query.a)
            neg, _ = self.evaluate(query.b)
            keep = ~np.isin(docs, neg)
            return docs[keep], scores[keep]
        raise Unsupported(type(query).__name__)

    def _in_sequence(self, words: list[str], docs: np.ndarray, slop: int) -> np.ndarray:
        """Which of ``docs`` hold ``words`` one after another (within ``slop``).

        Positions come from each word's cached posting values; only the
        candidates' are decoded.
        """
        decode = self.searcher.schema[f.CONTENT].format.decode_positions
        lookups = []
        for word in words:
            all_docs, values = self.positions(word)
            if not len(all_docs):
                return np.zeros(len(docs), bool)
            at = np.minimum(np.searchsorted(all_docs, docs), len(all_docs) - 1)
            lookups.append((at.tolist(), (all_docs[at] == docs).tolist(), values))
        keep = np.zeros(len(docs), bool)
        for i in range(len(docs)):
            if not all(present[i] for _, present, _ in lookups):
                continue
            where = [set(decode(values[at[i]])) for at, _, values in lookups]
            keep[i] = any(
                all(
                    any(p + n + gap in where[n] for gap in range(slop))
                    for n in range(1, len(words))
                )
                for p in where[0]
            )
        return keep

    def _and(self, parts) -> tuple[np.ndarray, np.ndarray]:
        positive = [q for q in parts if not isinstance(q, Not)]
        negative = [q.query for q in parts if isinstance(q, Not)]
        if not positive:
            return _EMPTY
        evaluated = sorted(
            (self.evaluate(q) for q in positive), key=lambda r: len(r[0])
        )
        docs, scores = evaluated[0]
        for other_docs, other_scores in evaluated[1:]:
            docs, i, j = np.intersect1d(
                docs, other_docs, assume_unique=True, return_indices=True
            )
            scores = scores[i] + other_scores[j]
            if not len(docs):
                break
        for q in negative:
            neg, _ = self.evaluate(q)
            keep = ~np.isin(docs, neg)
            docs, scores = docs[keep], scores[keep]
        return docs, scores

    def _or(self, parts) -> tuple[np.ndarray, np.ndarray]:
        evaluated = [self.evaluate(q) for q in parts if not isinstance(q, Not)]
        evaluated = [r for r in evaluated if len(r[0])]
        if not evaluated:
            return _EMPTY
        if len(evaluated) == 1:
            return evaluated[0]
        all_docs = np.concatenate([d for d, _ in evaluated])
        all_scores = np.concatenate([s for _, s in evaluated])
        docs, inverse = np.unique(all_docs, return_inverse=True)
        scores = np.bincount(inverse, weights=all_scores, minlength=len(docs))
        matched = np.bincount(inverse, minlength=len(docs))
        # Coordination: a section with more of the words ranks higher.
        n = len(parts)
        return docs, scores * (1 - COORD + COORD * matched / n)

    def _best_of(self, parts) -> tuple[np.ndarray, np.ndarray]:
        """Union of alternatives, each document scored by its best one."""
        evaluated = [r for r in (self.evaluate(q) for q in parts) if len(r[0])]
        if not evaluated:
            return _EMPTY
        all_docs = np.concatenate([d for d, _ in evaluated])
        all_scores = np.concatenate([s for _, s in evaluated])
        order = np.lexsort((-all_scores, all_docs))
        all_docs, all_scores = all_docs[order], all_scores[order]
        first = np.r_[True, all_docs[1:] != all_docs[:-1]]
        return all_docs[first], all_scores[first]

    def entry_code(self, entry_id: str) -> int | None:
        """The collapsing code of an entry id, if the index has it."""
        return self._codes.get(entry_id)

    def idf(self, text: str) -> float:
        """BM25's inverse document frequency of a content term (0 if absent)."""
        df = self.searcher.doc_frequency(f.CONTENT, text)
        return math.log(self._n / (df + 1)) + 1.0 if df else 0.0

    def rank(
        self,
        query: Query,
        *,
        wanted: int,
        within: np.ndarray | None = None,
        per_entry: int | None = 2,
        prefer: list[tuple[np.ndarray, float]] = (),
        named: list[str] = (),
    ) -> Ranked:
        """The top ``wanted`` hits, at most ``per_entry`` sections per entry.

        :param within: only these document numbers (a filter).
        :param prefer: ``(documents, factor)`` pairs: sections of the kind
            the query asks for, and how much to raise their scores.
        :param named: entries the query names; their sections come first.
        """
        docs, scores = self.evaluate(query)
        if within is not None and len(docs):
            keep = np.isin(docs, within)
            docs, scores = docs[keep], scores[keep]
        for preferred, factor in prefer:
            if len(docs) and len(preferred):
                scores = np.where(np.isin(docs, preferred), scores * factor, scores)
        codes = [c for c in (self.entry_code(e) for e in named) if c is not None]
        if len(docs) and codes:
            # A query that is an entry's name puts that entry first.
            mine = np.isin(self.entry_codes[docs], codes)
            scores = np.where(mine, scores + scores.max(), scores)
        matched = len(docs)
        if not matched:
            return Ranked([], 0, 0)
        # Best first; ties broken by document number for a stable order.
        order = np.lexsort((docs, -scores))
        docs, scores = docs[order], scores[order]
        if per_entry is None:
            top = [
                (float(s), int(d), 0)
                for s, d in zip(scores[:wanted], docs[:wanted], strict=True)
            ]
            return Ranked(top, matched, matched)
        entries = self.entry_codes[docs]
        # Rank of each hit within its entry: 0 for its best section, 1, ...
        _, first, counts = np.unique(entries, return_index=True, return_counts=True)
        within_rank = _rank_within_groups(entries)
        kept = within_rank < per_entry
        extra_by_entry = dict(
            zip(
                entries[first].tolist(),
                np.maximum(counts - per_entry, 0).tolist(),
                strict=True,
            )
        )
        kept_docs, kept_scores = docs[kept][:wanted], scores[kept][:wanted]
        kept_entries = entries[kept][:wanted]
        hits = [
            (float(s), int(d), int(extra_by_entry[e]))
            for s, d, e in zip(
                kept_scores, kept_docs, kept_entries.tolist(), strict=True
            )
        ]
        return Ranked(hits, int(kept.sum()), matched)


def _rank_within_groups(keys: np.ndarray) -> np.ndarray:
    """For keys in rank order, how many earlier items share each one's key.

    >>> _rank_within_groups(np.array([5, 3, 5, 5, 3])).tolist()
    [0, 0, 1, 2, 1]
    """
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(keys)), 0))
    ranks = np.empty(len(keys), np.int64)
    ranks[order] = np.arange(len(keys)) - group_start
    return ranks


def _text(text: str | bytes) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else text


def _read_postings(matcher, values: bool = False) -> tuple[list, list, list]:
    """All ids, weights (and encoded values) of a leaf matcher.

    Whoosh 3's block matcher is read a block at a time rather than a posting
    at a time; any other matcher posting by posting.
    """
    ids: list = []
    weights: list = []
    encoded: list = []
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids[matcher._i :])
            weights.extend(matcher._weights[matcher._i :])
            if values:
                matcher._read_values()
                encoded.extend(matcher._values[matcher._i :])
            matcher._next_block()
        return ids, weights, encoded
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if values:
            encoded.append(matcher.value())
        matcher.next()
    return ids, weights, encoded
