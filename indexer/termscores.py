"""Terms scored over every section at once: BM25F over the topic fields
(title, alternative names, text) plus a BM25 of each kind field (section
name, question), as arrays.

Whoosh scores one posting at a time in Python, about 3-10 µs each; a pasted
message walks tens of thousands of postings. Here each term's posting list
is read into NumPy arrays (:class:`~indexer.view.IndexView`) and scored in
a few array operations, and the scores are kept in a bounded cache for the
life of the searcher. :class:`~indexer.ranking.Ranker` adds up the terms of
a query plan.
"""

from __future__ import annotations

import math

import numpy as np
from whoosh.searching import Searcher

from . import schema as f
from .accumulate import DENSE_RATIO, EMPTY, positions_in, union_sums
from .analysis import ACRONYM, plain_term
from .codes import AS_WORD, code_reading
from .lru import CostLRU
from .segments import SegmentData
from .tuning import DEFAULT, Tuning
from .view import IndexView

#: Fields that say what kind of answer a section is, not what it is about.
KIND_FIELDS = frozenset({f.SECTION, f.QUESTION})
#: What a scored term's scores are kept in, and a query's concepts added up
#: in: seven digits, more than a page's order needs. Against double
#: precision, half the bytes the scattered adds move (a long question at
#: ten MedQuADs adds some 750,000 postings into arrays as long as the
#: index, twice) and a quarter less cache per scored term: ranking a long
#: question 0.4-0.8 ms faster, a worker's RSS after the scale script's
#: queries 786 -> 731 MB; one page of `bench/same_results.py`'s 3,309 has
#: other hits, the rest differ in the scores' fifth digit or not at all.
#: A page's own arithmetic, over the few thousand candidates, stays double.
SCORE_TYPE = np.float32


def narrow(values: np.ndarray) -> np.ndarray:
    """``values`` as :data:`SCORE_TYPE` (themselves if they are already):
    ``np.add.at`` of doubles into a single-precision array casts each
    value on its way, some twenty-five times slower."""
    return values if values.dtype == SCORE_TYPE else values.astype(SCORE_TYPE)


class TermScorer(IndexView):
    """One searcher's terms scored, each once while it stays in the cache.

    :param max_postings: see :class:`~indexer.view.IndexView`.
    :param max_scored: bound on the scored documents of cached terms (12
        bytes each, less where a term's documents are its postings' own
        array: 144 MB at most). Three times the postings: a pasted message
        scores some thirty words, at ten MedQuADs a million documents, so
        four such messages emptied a cache of four million, and a common
        word ("develop") was scored again nine times in the 1,000 queries
        of ``bench/scale.py`` (in-process p95 at 10x 69 -> 61 and 65 -> 52
        ms in two alternating pairs; the largest RSS 501 -> 553 MB).
    """

    def __init__(
        self,
        searcher: Searcher,
        segments: list[SegmentData],
        max_postings: int = 4_000_000,
        max_scored: int = 12_000_000,
    ) -> None:
        super().__init__(searcher, segments, max_postings)
        # Scored terms (documents held in all).
        self._terms: CostLRU[tuple, tuple] = CostLRU(max_scored, _scored_cost)
        # A share of exactly 1 for every document (a lone term's, a phrase's):
        # slices of one read-only array, not a new array per concept.
        self._ones = np.ones(self._size, SCORE_TYPE)
        self._ones.flags.writeable = False

    def _fields_of(self, text: str) -> list[tuple[str, np.ndarray, np.ndarray]]:
        found = [(name, *self.postings(name, text)) for name in f.SEARCHED]
        if self._everyday(text):
            found = [(name, *self._as_word(name, text, d, tf)) for name, d, tf in found]
        found = [(name, d, tf) for name, d, tf in found if len(d)]
        if not found and text.startswith(ACRONYM):
            # Capitals that are no known code ("GOUT"): read as a word.
            return self._fields_of(plain_term(text[len(ACRONYM) :]))
        return found

    def _everyday(self, text: str) -> bool:
        """Whether a term that is also written as an all-capitals code is
        read as the everyday word (:func:`~indexer.codes.code_reading`:
        ``kid``, 21 sections against KID's 5; not ``pet``, 99 against PET's
        65, which stays both)."""
        if text.startswith(ACRONYM):
            return False
        code = self._doc_frequency(f.BODY, ACRONYM + text)
        return bool(code) and (
            code_reading(self._doc_frequency(f.BODY, text), code) == AS_WORD
        )

    def _as_word(
        self, name: str, text: str, docs: np.ndarray, tf: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """A word's postings less where it stands as an all-capitals code.

        A code is indexed as its word too (``KID`` as "kid" and "^kid"), so
        the everyday word met every section that writes the code: `my kid
        keeps vomiting` listed *keratitis-ichthyosis-deafness (KID)
        syndrome*.
        """
        code_docs, code_tf = self.postings(name, ACRONYM + text)
        if not len(code_docs) or not len(docs):
            return docs, tf
        at, there = positions_in(docs, code_docs)
        left = tf.copy()
        left[at] -= code_tf[there]
        keep = left > 0
        return docs[keep], left[keep]

    def scored_used(self) -> float:
        """The share of the scored terms' cache budget in use (warm-up
        stops at a part of it)."""
        return self._terms.spent / self._terms.budget

    def idf(self, df: int) -> float:
        """BM25's inverse document frequency (never negative)."""
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5)) if df else 0.0

    def term(
        self, text: str, tuning: Tuning, *, kinds: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every section holding a term, scored by BM25F (or per-field BM25).

        :param kinds: also score the kind fields (section name, question);
            off for a synonym (see :meth:`_alternative`).
        """
        return self.term_parts(text, tuning, kinds=kinds)[:2]

    def asks_for_kind(self, text: str) -> bool:
        """Whether a term is a word of the kind fields' templates (the
        section names and the questions sections answer: "symptoms",
        "treated", "cure"), as :meth:`_score_term` counts them with the
        default ``Tuning.template_share``: it says which kind of section a
        query wants, not what it is about."""
        least = DEFAULT.template_share * self._n
        return any(len(self.postings(name, text)[0]) >= least for name in KIND_FIELDS)

    def term_parts(
        self, text: str, tuning: Tuning, *, kinds: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """:meth:`term`, and the part of each score the kind fields gave
        (None if they gave none)."""
        key = (text, tuning, kinds)
        found = self._terms.get(key)
        if found is None:
            docs, scores, kind = self._score_term(text, tuning, kinds)
            # Kept and added up in single precision (see SCORE_TYPE).
            found = (docs, narrow(scores), None if kind is None else narrow(kind))
            self._terms.put(key, found)
        return found

    def _score_term(
        self, text: str, t: Tuning, kinds: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """A term's score per section: the topic fields (title, names, text)
        by BM25F, plus the kind fields (section name, question) each by a
        BM25 of its own.

        Kept apart because they say different things: "treated" in a text
        is one common word among many, while in the question field it marks
        the one section of an entry that answers how something is treated.
        One IDF over all fields would price both by the text.
        """
        found = self._fields_of(text)
        if not found:
            return (*EMPTY, None)
        k1 = t.k1
        topic, kind = [], []
        for name, docs, tf in found:
            if name in KIND_FIELDS:
                if not kinds or len(docs) < t.template_share * self._n:
                    # A word of a question's topic left in its template
                    # ("What is Holmes-Adie syndrome?" under the title
                    # "Holmes-Adie"): no kind of section, and as rare as
                    # it is, its IDF would outweigh every other field.
                    continue
                # Field-specific IDF; no length normalisation: a template's
                # length says nothing about the section.
                weight = t.section if name == f.SECTION else t.question
                idf = self.idf(len(docs))
                kind.append((docs, weight * idf * tf * (k1 + 1) / (tf + k1)))
                continue
            weight = {f.TITLE: t.title, f.NAMES: t.names}.get(name, t.body)
            b = t.b_body if name == f.BODY else t.b_short
            norm = self._norm(name, b)[docs]
            if t.bm25f:
                topic.append((docs, weight * tf / norm))
            else:
                # Each field a BM25 of its own, with its own IDF.
                idf = self.idf(len(docs))
                saturated = tf * (k1 + 1) / (tf + k1 * norm)
                topic.append((docs, weight * idf * saturated))
        if t.bm25f and topic and kind and self._dense(topic + kind):
            docs, scores = self._bm25f_dense(topic, kind, k1)
        else:
            if t.bm25f and topic:
                docs, values = self.sum_parts(topic)
                idf = self.idf(len(docs))
                topic = [(docs, idf * values * (k1 + 1) / (k1 + values))]
            docs, scores = self.sum_parts(topic + kind)
        return docs, scores, self._kind_part(docs, kind)

    def _kind_part(
        self, docs: np.ndarray, kind: list[tuple[np.ndarray, np.ndarray]]
    ) -> np.ndarray | None:
        """The kind fields' scores added up, aligned with ``docs`` (which
        holds every document of ``kind``), or None if there are none."""
        if not kind:
            return None
        kind_docs, values = self.sum_parts(kind)
        part = np.zeros(len(docs))
        part[np.searchsorted(docs, kind_docs)] = values
        return part

    def _dense(self, parts: list[tuple[np.ndarray, np.ndarray]]) -> bool:
        """Whether ``parts`` hold enough postings for arrays as long as the
        index (see :data:`~indexer.accumulate.DENSE_RATIO`)."""
        return sum(len(d) for d, _ in parts) * DENSE_RATIO >= self._size

    def _bm25f_dense(
        self,
        topic: list[tuple[np.ndarray, np.ndarray]],
        kind: list[tuple[np.ndarray, np.ndarray]],
        k1: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        """A common term's BM25F over the topic fields plus the kind fields'
        scores, in one array as long as the index.

        Two unions (the topic fields', then that with the kind fields')
        were two arrays as long as the index and a concatenation of every
        posting: a new word of a long question at ten MedQuADs is scored in
        0.2 ms or so, nine new words a question. The floats are the
        unions': the topic fields added in order, saturated once, then each
        kind field's values added in order.
        """
        present = np.zeros(self._size, bool)
        for docs, _ in topic:
            present[docs] = True
        held = np.flatnonzero(present)
        idf = self.idf(len(held))
        sums = np.bincount(
            np.concatenate([d for d, _ in topic]),
            weights=np.concatenate([v for _, v in topic]),
            minlength=self._size,
        )
        values = sums[held]
        sums[held] = idf * values * (k1 + 1) / (k1 + values)
        for docs, values in kind:
            np.add.at(sums, docs, values)  # each document once per field
            present[docs] = True
        docs = np.flatnonzero(present)
        return docs, sums[docs]

    def sum_parts(self, parts) -> tuple[np.ndarray, np.ndarray]:
        """Union of ``(docs, values)`` pairs, values added where documents meet."""
        parts = [p for p in parts if len(p[0])]
        if not parts:
            return EMPTY
        if len(parts) == 1:
            return parts[0][0], np.asarray(parts[0][1], np.float64)
        docs, (values,) = union_sums(
            [d for d, _ in parts], [[v for _, v in parts]], self._size
        )
        return docs, values


def _scored_cost(found: tuple) -> int:
    """A scored term's size in documents of 12 bytes (its numbers and
    scores); the kind part, where there is one, is 4 bytes more each."""
    docs, _, kind = found
    return len(docs) + (0 if kind is None else len(kind) // 3)
