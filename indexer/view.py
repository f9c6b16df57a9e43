"""Array views of one searcher's index: what ranking reads, built lazily.

Whoosh hands out postings one at a time; ranking wants them as arrays. An
:class:`IndexView` reads a term's postings (document numbers, frequencies,
and positions when asked) into NumPy arrays, from each segment's flat
postings file where it has one and through Whoosh where it does not (a
recent write's segment), with deleted sections masked in bulk. Reads are
kept in a bounded cache for the life of the searcher. It also joins the
segments' per-document arrays (field lengths, entry codes, section and
overview flags) and works out, once per searcher, the arrays derived from
them: facet codes, pointer sections, repeats, each entry's sections.

Scoring is :class:`~indexer.termscores.TermScorer`'s (terms) and
:class:`~indexer.ranking.Ranker`'s (query plans), views with scores on top.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

import numpy as np
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from . import schema as f
from .accumulate import EMPTY, Groups, common, positions_in
from .analysis import ACRONYM, plain_term
from .collapse import Ties
from .copies import segment_copies
from .lru import CostLRU
from .postings import Positions
from .readinglists import RESOURCE_TERMS, segment_reading_lists
from .repeats import segment_containers
from .segments import (
    SegmentData,
    may_hold,
    read_postings,
    segment_facets,
    segment_repeats,
)
from .stock import runs_in, runs_of, segment_sentences, stock_keys
from .syntax import in_sequence

# A cached posting with its positions (a bytes object) costs about this many
# postings without (two 8-byte numbers).
POSITION_COST = 4
#: A section of fewer words than this (links' parts counted) that holds a
#: web address is a pointer elsewhere (:attr:`Tuning.pointer`): on MedQuAD,
#: eleven sections such as "More detailed information ... is available at
#: www.nhlbi.nih.gov/health/dci." and postal addresses of institutes.
POINTER_WORDS = 40
#: Terms only a web or mail address puts in a text.
LINK_TERMS = ("www", "http", "https", "gov", "org", "com", "edu")


class IndexView:
    """Array views of one searcher's index, built lazily and cached.

    :param max_postings: bound on cached posting entries (memory: about 16
        bytes each, so 64 MB at most).
    """

    def __init__(
        self,
        searcher: Searcher,
        segments: list[SegmentData],
        max_postings: int = 4_000_000,
    ) -> None:
        self.searcher = searcher
        self.max_postings = max_postings
        self._cache: CostLRU[tuple, tuple] = CostLRU(max_postings, _posting_cost)
        self._frequencies: CostLRU[str | tuple[str], int] = CostLRU(
            200_000, _one, entry_cost=0
        )
        self._leaves = searcher.reader().leaf_readers()
        self._bases = [base for _, base in self._leaves]
        self._segments = segments
        self._size = searcher.reader().doc_count_all()
        self._live: np.ndarray | None = None
        self.lengths = {
            name: np.concatenate([s.lengths[name] for s in segments] or [np.zeros(0)])
            for name in f.SEARCHED
        }
        self.entry_codes = joined([s.entry_codes for s in segments], np.int64)
        # Entry id -> code, shared by the segments (a superset: the codes
        # of removed entries match no live section).
        self._codes = segments[0].codes if segments else {}
        self.sections = joined([s.sections for s in segments], bool)
        self.overview = joined([s.overview for s in segments], bool)
        searched = self.sections & self.live
        self._n = max(1, int(searched.sum()))
        self._avg = {
            name: max(float(self.lengths[name][searched].mean()), 1.0)
            if searched.any()
            else 1.0
            for name in f.SEARCHED
        }
        self._norms: dict[tuple[str, float], np.ndarray] = {}
        self._facet_codes: tuple | None = None
        self._known: dict[int, frozenset[str]] = {}
        self._pointer: np.ndarray | None = None
        self._reading_list: np.ndarray | None = None
        self._repeats: np.ndarray | None = None
        self._repeated: np.ndarray | None = None
        self._entry_groups: Groups | None = None
        self._ties: Ties | None = None
        self._copies: np.ndarray | None = None
        self._containers: np.ndarray | None = None
        self._stock: frozenset[int] | None = None
        # Stock runs worked out for sections of segments without them
        # (see stock_runs): at most the sections of a few writes.
        self._worked_runs: dict[int, list[tuple[int, int]]] = {}

    # -- per-document arrays -------------------------------------------

    def facet_codes(self) -> tuple[np.ndarray, list[str], np.ndarray, list[str]]:
        """Per document, a code of its section key and of its source, with
        the names the codes stand for.

        Joined from each segment's own codes (:func:`segment_facets`, kept
        across refreshes), so a refresh after a write walks only the new
        segment.
        """
        if self._facet_codes is None:
            keys: dict[str, int] = {}
            sources: dict[str, int] = {}
            key_parts, source_parts = [], []
            for (reader, _), data in zip(self._leaves, self._segments, strict=True):
                local_keys, key_codes, local_sources, source_codes = segment_facets(
                    reader, data
                )
                to_key = np.array(
                    [keys.setdefault(k, len(keys)) for k in local_keys], np.int64
                )
                to_source = np.array(
                    [sources.setdefault(s, len(sources)) for s in local_sources],
                    np.int64,
                )
                key_parts.append(to_key[key_codes] if len(key_codes) else key_codes)
                source_parts.append(
                    to_source[source_codes] if len(source_codes) else source_codes
                )
            self._facet_codes = (
                joined(key_parts, np.int64),
                list(keys),
                joined(source_parts, np.int64),
                list(sources),
            )
        return self._facet_codes

    def section_keys(self) -> frozenset[str]:
        """The section keys of the live sections (filter values it knows)."""
        return self._live_values(0)

    def sources(self) -> frozenset[str]:
        """The sources of the live sections."""
        return self._live_values(2)

    def _live_values(self, at: int) -> frozenset[str]:
        """The names behind the codes at ``facet_codes()[at]`` that live
        sections have; worked out once per searcher (filters ask each query)."""
        if at not in self._known:
            codes, names = self.facet_codes()[at : at + 2]
            live = np.unique(codes[self.sections & self.live])
            self._known[at] = frozenset(names[c] for c in live.tolist())
        return self._known[at]

    def entries_by_source(self) -> dict[str, int]:
        """How many live entries each source has (from the name cards)."""
        live = self.live
        counts: dict[str, int] = {}
        for (reader, base), data in zip(self._leaves, self._segments, strict=True):
            mine = live[base : base + reader.doc_count_all()]
            for source, count in data.cards.entries_by_source(mine).items():
                counts[source] = counts.get(source, 0) + count
        return counts

    @property
    def pointer(self) -> np.ndarray:
        """Sections that point elsewhere rather than answer: little more
        than a link (see :data:`POINTER_WORDS`), or a reading list
        (:attr:`reading_list`)."""
        if self._pointer is None:
            linked = np.zeros(self._size, bool)
            for term in LINK_TERMS:
                linked[self.postings(f.BODY, term)[0]] = True
            self._pointer = linked & (self.lengths[f.BODY] < POINTER_WORDS)
            self._pointer |= self.reading_list
        return self._pointer

    @property
    def reading_list(self) -> np.ndarray:
        """Sections that only list resources to read elsewhere (see
        :mod:`indexer.readinglists`), joined from each segment's (kept
        across refreshes: after a write only the new segment's are read)."""
        if self._reading_list is None:
            found = np.zeros(self._size, bool)
            held: np.ndarray | None = None

            def candidates(base: int, size: int) -> np.ndarray:
                nonlocal held
                if held is None:
                    terms = [self.postings(f.BODY, t)[0] for t in RESOURCE_TERMS]
                    held = np.unique(np.concatenate(terms))
                return held[(held >= base) & (held < base + size)] - base

            for (reader, base), data in zip(self._leaves, self._segments, strict=True):
                size = reader.doc_count_all()
                mine = segment_reading_lists(
                    reader, data, lambda b=base, n=size: candidates(b, n)
                )
                found[mine + base] = True
            self._reading_list = found
        return self._reading_list

    @property
    def entry_groups(self) -> Groups:
        """Each entry's sections (see :class:`~indexer.accumulate.Groups`)."""
        if self._entry_groups is None:
            self._entry_groups = Groups(self.entry_codes, len(self._codes))
        return self._entry_groups

    @property
    def ties(self) -> Ties:
        """The order of documents that score alike (see
        :class:`~indexer.collapse.Ties`). The codes number the entry ids
        in the order they were first read, which the shared dictionary
        keeps."""
        if self._ties is None:
            self._ties = Ties(self.entry_codes, list(self._codes))
        return self._ties

    @property
    def copies(self) -> np.ndarray:
        """Per document, a key its copies in other entries share, 0 for
        none (see :mod:`indexer.copies`): joined from each segment's, kept
        across refreshes."""
        if self._copies is None:
            self._copies = joined(
                [
                    segment_copies(reader, data)
                    for (reader, _), data in zip(
                        self._leaves, self._segments, strict=True
                    )
                ],
                np.uint64,
            )
        return self._copies

    @property
    def containers(self) -> np.ndarray:
        """Per document, the document of another section of its entry that
        holds its text, -1 for none (see :mod:`indexer.repeats`): joined
        from each segment's."""
        if self._containers is None:
            parts = []
            for (reader, base), data in zip(self._leaves, self._segments, strict=True):
                local = segment_containers(reader, data).astype(np.int64)
                parts.append(np.where(local >= 0, local + base, -1))
            self._containers = joined(parts, np.int64)
        return self._containers

    @property
    def stock(self) -> frozenset[int]:
        """The keys of the sentences many sections say alike (see
        :mod:`indexer.stock`), from each segment's counts."""
        if self._stock is None:
            parts = [
                segment_sentences(reader, data)
                for (reader, _), data in zip(self._leaves, self._segments, strict=True)
            ]
            self._stock = stock_keys(parts, self._n)
        return self._stock

    def stock_runs(self, doc: int, fields: dict) -> list[tuple[int, int]]:
        """Where a section's runs of stock sentences are (``fields``: its
        :meth:`page_fields`): as its segment's writer found them
        (:func:`indexer.stock.learn`), else, for a segment without them (a
        few writes, or a file written before), worked out once from every
        segment's counts (:func:`indexer.stock.runs_in`)."""
        at = bisect_right(self._bases, doc) - 1
        found = self._segments[at].memo.get("stock")
        if found is not None:
            return runs_of(*found, doc - self._bases[at])
        runs = self._worked_runs.get(doc)
        if runs is None:
            keys = self.stock
            text, title = fields.get(f.BODY) or "", fields.get(f.TITLE) or ""
            runs = runs_in(text, title, keys) if keys else []
            self._worked_runs[doc] = runs
        return runs

    def page_fields(self, doc: int) -> dict:
        """A section's stored fields for a results page: at least those of
        :data:`indexer.pagefields.FIELDS`, read plain from its segment's derived
        file where the writer left them there, else from Whoosh (a few
        writes, a file written before them, a document no section)."""
        at = bisect_right(self._bases, doc) - 1
        found = self._segments[at].memo.get("page_fields")
        if found is not None:
            fields = found.get(doc - self._bases[at])
            if fields is not None:
                return fields
        return self.searcher.stored_fields(doc)

    @property
    def repeats(self) -> np.ndarray:
        """Sections that repeat an earlier one of their entry word for word
        (see :func:`segment_repeats`): never listed, as a page would show
        the same snippet twice."""
        if self._repeats is None:
            self._repeats = joined(
                [
                    segment_repeats(reader, data)
                    for (reader, _), data in zip(
                        self._leaves, self._segments, strict=True
                    )
                ],
                bool,
            )
        return self._repeats

    @property
    def repeated(self) -> np.ndarray:
        """The :attr:`repeats` (sorted document numbers)."""
        if self._repeated is None:
            self._repeated = np.flatnonzero(self.repeats)
        return self._repeated

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

    def _norm(self, name: str, b: float) -> np.ndarray:
        """BM25's length normalisation of a field, per document."""
        key = (name, b)
        if key not in self._norms:
            self._norms[key] = 1 - b + b * self.lengths[name] / self._avg[name]
        return self._norms[key]

    # -- postings --------------------------------------------------------

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Live document numbers containing a term, and its frequencies there."""
        docs, weights, _ = self._read(fieldname, text, values=False)
        return docs, weights

    def positions(self, fieldname: str, text: str) -> tuple[np.ndarray, Positions]:
        """Live documents holding a term in a field, and its positions there
        (decoded when asked for, posting by posting)."""
        docs, _, values = self._read(fieldname, text, values=True)
        return docs, values

    def _read(self, fieldname: str, text: str, *, values: bool):
        """A term's live documents, frequencies and, with ``values``, its
        positions; without, None in their place, not an empty
        :class:`Positions`: a read without them is then arrays alone, which
        the garbage collector does not track. Empty ones (two lists each)
        were 130,000 of the 240,000 objects a worker's full collections
        walked after 3,000 queries at one MedQuAD."""
        key = (fieldname, text, values)
        found = self._cache.get(key)
        if found is not None:
            return found
        if fieldname in f.SHORT and not values:
            found = self._read_short(fieldname, text)
            self._cache.put(key, found)
            return found
        ids: list = []
        weights: list = []
        # Per leaf: its encoded values, or its flat positions and where each
        # posting's run begins and ends (masked with the documents below).
        parts: list = []
        for (reader, base), data in zip(self._leaves, self._segments, strict=True):
            flat = data.postings.get(fieldname)
            if flat is not None:
                # The segment's postings file: slices, no unpickling.
                term = flat.find(text)
                if term < 0:
                    continue
                leaf_ids, leaf_weights = flat.postings(term)
                ids.append(leaf_ids.astype(np.int64) + base)
                weights.append(leaf_weights.astype(np.float64))
                if values:
                    parts.append((flat.positions, *flat.spans(term)))
                continue
            if not may_hold(reader, data, fieldname, text):
                continue
            try:
                # One lookup in the term table; asking ``in`` first was two.
                matcher = reader.postings(fieldname, text)
            except TermNotFound:
                continue
            if isinstance(matcher, FilterMatcher):
                matcher = matcher.child  # deletions are masked below, in bulk
            leaf_ids, leaf_weights, leaf_values = read_postings(matcher, values)
            ids.append(np.asarray(leaf_ids, np.int64) + base)
            weights.append(np.asarray(leaf_weights, np.float64))
            parts.append(leaf_values)
        if not ids:
            found = (*EMPTY, Positions() if values else None)
        else:
            docs = np.concatenate(ids)
            w = np.concatenate(weights)
            keep = self.live[docs]
            kept = Positions() if values else None
            if kept is not None:
                at = 0
                for leaf_docs, part in zip(ids, parts, strict=True):
                    mask = keep[at : at + len(leaf_docs)]
                    at += len(leaf_docs)
                    if isinstance(part, list):
                        kept.add_encoded(
                            [v for v, k in zip(part, mask.tolist(), strict=True) if k]
                        )
                    else:
                        positions, begins, ends = part
                        kept.add_flat(positions, begins[mask], ends[mask])
            # Nothing deleted (most reads): no copies.
            found = (docs, w, kept) if keep.all() else (docs[keep], w[keep], kept)
        self._cache.put(key, found)
        return found

    def _positions_in(
        self, term: str, docs: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where a term stands in the text of each of ``docs`` that has it:
        per position, the index into ``docs`` of its document, and the
        position (each document's in order).

        The term's positions are read whole and cached (the same words come
        back query after query); only the candidates' are gathered.
        """
        all_docs, values = self.positions(f.BODY, term)
        if not len(all_docs):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        at = np.minimum(np.searchsorted(all_docs, docs), len(all_docs) - 1)
        hit = np.flatnonzero(all_docs[at] == docs)
        which, where = values.gather(at[hit])
        return hit[which], where

    def _read_short(self, fieldname: str, text: str) -> tuple:
        """A short field's postings, from the segments' copies in memory."""
        ids, weights = [], []
        for (_, base), data in zip(self._leaves, self._segments, strict=True):
            found = data.short[fieldname].get(text)
            if found is not None:
                ids.append(found[0] + base)
                weights.append(found[1])
        if not ids:
            return (*EMPTY, None)
        docs, weights = np.concatenate(ids), np.concatenate(weights)
        keep = self.live[docs]
        if keep.all():
            return docs, weights, None
        return docs[keep], weights[keep], None

    def together(self, first: str, second: str) -> tuple[int, int, int, int]:
        """How many texts hold term ``first``, ``second`` and both, and how
        many sections there are: the evidence the words around a misspelt
        word give for each of its spellings."""
        a, _ = self.postings(f.BODY, first)
        b, _ = self.postings(f.BODY, second)
        small, large = (a, b) if len(a) <= len(b) else (b, a)
        both, _ = positions_in(large, small)
        return len(a), len(b), len(both), self._n

    def adjacent(self, first: str, second: str) -> int:
        """How many texts write term ``second`` right after ``first``: what
        the texts say of a pair a query typed ("bladder stores", 23; "side
        affects", 4, against "side effects", 372)."""
        return self.sequence_count([first, second])

    def sequence_count(self, terms: Sequence[str]) -> int:
        """How many texts write these terms one after another."""
        lists = [self.postings(f.BODY, term)[0] for term in terms]
        if not terms or not all(len(docs) for docs in lists):
            return 0
        held = common(lists)
        if not len(held):
            return 0
        return int(in_sequence(self, f.BODY, list(terms), held, 1).sum())

    def in_names(self, text: str) -> bool:
        """Whether some title or alternative name holds a term: evidence
        that a word of a message is a topic rather than chatter."""
        return any(len(self.postings(name, text)[0]) for name in (f.TITLE, f.NAMES))

    def frequency(self, text: str) -> int:
        """About how many sections hold a term: its most frequent field's count.

        Read from the term index, not the postings, and remembered: cheap
        enough to ask of every word of a message (how rare is it?).
        """
        count = self._frequencies.get(text)
        if count is None:
            count = self._counted(text)
            if not count and text.startswith(ACRONYM):
                count = self.frequency(plain_term(text[len(ACRONYM) :]))
            self._frequencies.put(text, count)
        return count

    def written(self, text: str) -> int:
        """:meth:`frequency` as the texts write the term: a code in capitals
        the texts lack ("^gout") holds no section here, where
        :meth:`frequency` counts it as its word, as a search reads it."""
        if not text.startswith(ACRONYM):
            return self.frequency(text)  # the same count
        key = (text,)  # remembered beside the frequencies, apart from them
        count = self._frequencies.get(key)
        if count is None:
            count = self._counted(text)
            self._frequencies.put(key, count)
        return count

    def _counted(self, text: str) -> int:
        return max(
            len(self.postings(f.TITLE, text)[0]),
            len(self.postings(f.NAMES, text)[0]),
            self._doc_frequency(f.BODY, text),
        )

    def _doc_frequency(self, fieldname: str, text: str) -> int:
        """Whoosh's ``doc_frequency`` (deleted documents included), from the
        postings files' offsets where a segment has one and from Whoosh's
        term table only where a segment (a recent write's) has the term.

        Asked through Whoosh, every segment's table was searched, some
        17 us a large segment and 6 a small one (at ten MedQuADs 0.8 ms of
        a long question's new words).
        """
        count = 0
        for (reader, _), data in zip(self._leaves, self._segments, strict=True):
            flat = data.postings.get(fieldname)
            if flat is not None:
                count += flat.frequency(text)
            elif may_hold(reader, data, fieldname, text):
                count += reader.doc_frequency(fieldname, text)
        return count


def joined(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype)


def _one(_: object) -> int:
    return 1


def _posting_cost(found: tuple) -> int:
    return len(found[0]) * (POSITION_COST if found[2] else 1)
