"""Queries with syntax (quotes, AND, OR, NOT): a Whoosh query tree scored
over the ranker's arrays.

A query with quotes or operators (in a short query; see
:meth:`~indexer.understanding.Planner.plan`) is literal: its leaves are
scored as a plain query's words are (BM25F,
:meth:`~indexer.termscores.TermScorer.term`), and the tree adds them up
(OR, with the soft AND), intersects them (AND), removes (NOT) and checks
positions (a phrase). Everything else in :mod:`indexer.ranking` scores a
plan of concepts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
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

from . import schema as f
from .accumulate import EMPTY

if TYPE_CHECKING:
    from .ranking import Ranker
    from .tuning import Tuning

#: Best-scoring candidates whose positions a phrase checks.
MAX_PHRASE_CHECKS = 400


def term_text(text: str | bytes) -> str:
    """A term of a Whoosh query as text (Whoosh gives bytes or str)."""
    return text.decode("utf-8") if isinstance(text, bytes) else text


def evaluate(
    ranker: Ranker, query: Query, tuning: Tuning
) -> tuple[np.ndarray, np.ndarray]:
    """Matching documents (sorted) and their scores, times the query's boost."""
    docs, scores = _evaluate(ranker, query, tuning)
    boost = getattr(query, "boost", 1.0)
    return (docs, scores * boost) if boost != 1.0 else (docs, scores)


def _evaluate(ranker: Ranker, query: Query, t: Tuning) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(query, Term):
        if query.fieldname in f.SEARCHED:
            return ranker.term(term_text(query.text), t)
        docs, _ = ranker.postings(query.fieldname, term_text(query.text))
        return docs, np.zeros(len(docs))
    if isinstance(query, Phrase):
        words = [term_text(w) for w in query.words]
        docs, scores = _and(ranker, [Term(f.BODY, w) for w in words], t)
        if not len(docs):
            return docs, scores
        if len(docs) > MAX_PHRASE_CHECKS:
            # Check positions only where the words score best: a phrase
            # hit further down cannot reach the first pages anyway.
            best = np.sort(np.argsort(-scores)[:MAX_PHRASE_CHECKS])
            docs, scores = docs[best], scores[best]
        keep = np.zeros(len(docs), bool)
        for name in f.SEARCHED:
            keep |= in_sequence(ranker, name, words, docs, query.slop)
        return docs[keep], scores[keep]
    if isinstance(query, And):
        return _and(ranker, query.subqueries, t)
    if isinstance(query, DisjunctionMax | Or):
        return _or(ranker, query.subqueries, t)
    if isinstance(query, Require):
        docs, scores = evaluate(ranker, query.a, t)
        needed, _ = evaluate(ranker, query.b, t)
        keep = np.isin(docs, needed)
        return docs[keep], scores[keep]
    if isinstance(query, AndMaybe):
        docs, scores = evaluate(ranker, query.a, t)
        extra_docs, extra = evaluate(ranker, query.b, t)
        at = np.minimum(np.searchsorted(extra_docs, docs), len(extra_docs) - 1)
        if len(extra_docs):
            scores = scores + np.where(extra_docs[at] == docs, extra[at], 0.0)
        return docs, scores
    if isinstance(query, AndNot):
        docs, scores = evaluate(ranker, query.a, t)
        neg, _ = evaluate(ranker, query.b, t)
        keep = ~np.isin(docs, neg)
        return docs[keep], scores[keep]
    # Nothing but exclusions (NOT x), or a node this path does not know:
    # there is nothing to rank.
    return EMPTY


def in_sequence(
    ranker: Ranker, fieldname: str, words: list[str], docs: np.ndarray, slop: int
) -> np.ndarray:
    """Which of ``docs`` hold ``words`` one after another in one field
    (each next word at most ``slop - 1`` positions further than its place).

    In arrays: every position of the first word in a document that holds
    them all, kept where each later word stands at its place (or up to
    ``slop - 1`` after) in the same document. Checked document by document
    in Python, a quoted phrase's 400 candidates in five fields cost 2-3 ms
    of a query on a fresh worker.
    """
    found = []
    present = np.ones(len(docs), bool)
    for word in words:
        all_docs, values = ranker.positions(fieldname, word)
        if not len(all_docs):
            return np.zeros(len(docs), bool)
        at = np.minimum(np.searchsorted(all_docs, docs), len(all_docs) - 1)
        present &= all_docs[at] == docs
        found.append((at, values))
    rows = np.flatnonzero(present)
    keep = np.zeros(len(docs), bool)
    if not len(rows):
        return keep
    runs = [values.gather(at[rows]) for at, values in found]
    # One number per (document, position), documents far enough apart.
    stride = 1 + len(words) + max(slop, 0) + max(int(p.max(initial=0)) for _, p in runs)
    which, first = runs[0]
    starts = which * stride + first
    ok = np.ones(len(starts), bool)
    for n, (row, position) in enumerate(runs[1:], start=1):
        later = np.unique(row * stride + position)
        near = np.zeros(len(starts), bool)
        for gap in range(slop):
            near |= np.isin(starts + n + gap, later)
        ok &= near
    keep[rows[np.unique(which[ok])]] = True
    return keep


def _and(ranker: Ranker, parts, t: Tuning) -> tuple[np.ndarray, np.ndarray]:
    positive = [q for q in parts if not isinstance(q, Not)]
    negative = [q.query for q in parts if isinstance(q, Not)]
    if not positive:
        return EMPTY
    evaluated = sorted(
        (evaluate(ranker, q, t) for q in positive), key=lambda r: len(r[0])
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
        neg, _ = evaluate(ranker, q, t)
        keep = ~np.isin(docs, neg)
        docs, scores = docs[keep], scores[keep]
    return docs, scores


def _or(ranker: Ranker, parts, t: Tuning) -> tuple[np.ndarray, np.ndarray]:
    evaluated = [evaluate(ranker, q, t) for q in parts if not isinstance(q, Not)]
    evaluated = [r for r in evaluated if len(r[0])]
    if not evaluated:
        return EMPTY
    docs, scores = ranker.sum_parts(evaluated)
    if t.coordination and len(parts) > 1:
        _, matched = ranker.sum_parts([(d, np.ones(len(d))) for d, _ in evaluated])
        scores = scores * (matched / len(parts)) ** t.coordination
    return docs, scores
