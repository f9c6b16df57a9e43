"""Ranking: one scoring of a query plan over every section, as array operations.

Whoosh scores one posting at a time in Python, about 3-10 µs each; a pasted
message walks tens of thousands of postings. Here each term is scored over
every section at once (:mod:`indexer.termscores`), and the whole score of a
plan is array arithmetic over those scores.

The score of a section is one formula, with every weight in
:class:`~indexer.tuning.Tuning`:

* **BM25F** over the topic fields (title, alternative names, text): each
  field's term frequency is normalised by that field's length and weighted,
  then saturated once, so a title word counts more than a text word but
  twenty text words cannot outweigh everything. The kind fields (section
  name, question) add a BM25 each, with their own IDF: they say which part
  of an entry answers ("treated" in a question), not what it is about.
* Each **concept** of the plan (a word, or a name with its synonyms) scores
  by its best alternative; the concepts' scores add up, as in an OR of the
  words: a missing word lowers a section's score but never empties a page.
  A word mostly written in small letters does not match its code in
  capitals (:meth:`~indexer.termscores.TermScorer._as_word`).
* **Coordination** (soft AND): the score is multiplied by the share of the
  query's weight (IDF) the section matches, raised to a power.
* **Name match**: sections of an entry the query names get more, by the
  share of the query the name covers. A query names an entry by holding
  its title or an alternative name as a phrase, or by holding every word
  of its title (or a synonym of it) anywhere (:meth:`Ranker._title_cover`).
* **Proximity** (:mod:`indexer.proximity`): in a query (not a pasted
  message), words that stand next to each other in a section, in the
  query's order, add to the score of the best candidates.
* **Overview**: a query that is nothing but an entry's name gets that
  entry's overview (Summary, Definition) first.

A pasted message's words meet most of the index; its page is ranked among
a shortlist of its best candidates, longer until no section left out could
change the page (:meth:`Ranker._shortlist`): the same page, the same counts.

Queries with syntax (quotes, AND/OR/NOT) are Whoosh query trees whose
leaves are scored the same way (:mod:`indexer.syntax`). The index,
analysis, parsing and storage stay Whoosh's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from . import schema as f
from .accumulate import (
    DENSE_RATIO,
    EMPTY,
    common,
    member_of,
    positions_in,
    run_positions,
    sums_by_doc,
    title_cover,
    union_sums,
)
from .analysis import ACRONYM, analyse
from .collapse import TURN_DEPTH, collapse, nth_best, rivals, take_turns
from .names import DRUG_TITLE_WORDS
from .plan import CORRECTION, PARTS, SYNONYM, TYPED, Alternative, Concept, QueryPlan
from .proximity import proximity
from .segments import (
    LEAFLET_KEY,
)
from .syntax import evaluate
from .termscores import SCORE_TYPE, TermScorer, narrow
from .tuning import Tuning

#: Alternatives of a concept whose lists, but the longest, hold at most
#: this share of its documents are merged into it (see :func:`_merged`).
MERGE_RATIO = 8
#: A pasted message's page is first ranked among its this many best
#: candidates by their concepts' sums (see :meth:`Ranker._shortlist`), and
#: those left out that could still make the page.
SHORTLIST = 4_000
#: No candidates, as :meth:`Ranker.score_plan` gives them.
_NOTHING = (*EMPTY, np.zeros(0, bool), np.zeros(0, bool), np.zeros(0))
#: A drug leaflet's form and salt words, as title terms (see
#: :attr:`Ranker.title_core`).
DRUG_TERMS = frozenset(t for w in DRUG_TITLE_WORDS for t in analyse(w))


@dataclass(frozen=True)
class Facets:
    """Matching sections counted by section name and by source.

    Each facet is counted with the other facet's filter applied but not its
    own (Meilisearch and Elasticsearch call this disjunctive faceting), so
    a page filtered to Treatment still shows how many Causes sections match.
    """

    section: list[tuple[str, int]]  # (section key, count), largest first
    source: list[tuple[str, int]]  # (source id, count), largest first


@dataclass(frozen=True)
class Ranked:
    """Collapsed top hits and exact counts."""

    hits: list[tuple[float, int, int]]  # (score, docnum, more sections)
    total: int  # matches after keeping at most `per_entry` per entry
    matched: int  # matching sections before collapsing
    facets: Facets | None = None
    #: Every matching section after the filters, and its score: what "also
    #: from" looks in for the other entries of a topic.
    docs: np.ndarray = field(default_factory=lambda: EMPTY[0])
    scores: np.ndarray = field(default_factory=lambda: EMPTY[1])
    #: Where ``docs`` are a message's shortlist (see :meth:`Ranker.rank`):
    #: given some documents, the same ranking over the shortlist and those
    #: of them that match (None if none is left out), for "also from".
    widen: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray] | None] | None = field(
        default=None, compare=False, repr=False
    )


@dataclass(frozen=True)
class _Scored:
    """Documents (sorted), their scores, and the share of a concept matched.

    ``kind`` is the part of each score the kind fields gave (what kind of
    section the words ask for, see :meth:`TermScorer._score_term`), or None
    where they gave none: a query's intent may add only so much to what a
    section says about its topic (``Tuning.intent_share``).
    """

    docs: np.ndarray
    scores: np.ndarray
    share: np.ndarray
    kind: np.ndarray | None = None

    def times(self, weight: float) -> _Scored:
        """The same matches, every score (and its kind part) times ``weight``."""
        kind = None if self.kind is None else self.kind * weight
        return _Scored(self.docs, self.scores * weight, self.share, kind)


@dataclass(frozen=True)
class _Counted:
    """What a page counts of every match after the filters: its facets,
    and per entry code its matches."""

    facets: Facets
    counts: np.ndarray
    #: The matches the filters keep (sorted), if there are filters.
    kept: np.ndarray | None = None


@dataclass
class _Sums:
    """A plain plan's concepts added up over every document of the index:
    what ranking any set of its candidates starts from."""

    scored: list[tuple[_Scored, float, Concept]]
    total: float  # the query's weight
    scores: np.ndarray  # per document, the concepts' scores added up
    covered: np.ndarray  # per document, the weight of the concepts it matches
    matched: np.ndarray  # per document, whether it matches (never a repeat)
    power: float  # of the soft AND's share (0: none)
    #: The title cover (:meth:`Ranker._title_cover`), once worked out.
    cover: tuple[np.ndarray, np.ndarray] | None = None
    #: The intent cap's arrays (:meth:`Ranker._kind_parts`), once worked out.
    kind_parts: tuple | None = None


class Ranker(TermScorer):
    """One searcher's index scored: query plans by the formula of this
    module over the terms' scores (:class:`~indexer.termscores.TermScorer`),
    a page by the collapse.

    The parameters are :class:`~indexer.termscores.TermScorer`'s.
    """

    # Worked out when first asked for (see _facets and title_core).
    _facet_pairs: np.ndarray | None = None
    _title_core: np.ndarray | None = None

    # -- plain queries ---------------------------------------------------

    def score_plan(
        self, plan: QueryPlan, tuning: Tuning
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every section matching some concept, with its score, whether the
        query names its entry (see :meth:`_title_cover`), whether, in an
        entry it names, the query's kind words met the section (see
        :meth:`_asked`), and the share of the query's weight it matches;
        never the :attr:`repeats`."""
        if plan.syntax is not None:
            docs, scores = evaluate(self, plan.syntax, tuning)
            scores = scores.astype(np.float64)
            # A few hundred repeats in the index: found among the candidates
            # by binary search, not a flag gathered for each of them.
            repeated, _ = positions_in(docs, self.repeated)
            if len(repeated):
                docs, scores = np.delete(docs, repeated), np.delete(scores, repeated)
            unflagged = np.zeros(len(docs), bool)
            return docs, scores, unflagged, unflagged, np.ones(len(docs))
        sums = self._sums(plan, tuning)
        if sums is None:
            return _NOTHING
        return self._over(sums, sums.matched, tuning, plan.message)

    def _sums(self, plan: QueryPlan, tuning: Tuning) -> _Sums | None:
        """A plain plan's concepts scored and added up over every section
        of the index (None: no concept matches anything)."""
        scored = []
        for concept in plan.concepts:
            found = self._concept(concept, tuning)
            if found is not None:
                s, mass, _ = found
                weight = _emphasis(concept, tuning)
                if concept.chatter:
                    weight *= tuning.chatter
                if weight != 1.0:
                    s = s.times(weight)
                scored.append((s, mass * weight, concept))
        if not scored:
            return None
        total = sum(mass for _, mass, _ in scored)
        # Dense accumulators over every document: cheaper than merging
        # sorted lists, and there are only as many as the index holds.
        # ``np.add.at`` adds the same values in the same order as ``a[i] +=``
        # (each document once per concept), in about half the time (NumPy 2),
        # in single precision (see SCORE_TYPE).
        scores = np.zeros(self._size, SCORE_TYPE)
        covered = np.zeros(self._size, SCORE_TYPE)
        for s, mass, _ in scored:
            np.add.at(scores, s.docs, narrow(s.scores))
            share = narrow(mass * s.share) if self._shared(s) else SCORE_TYPE(mass)
            np.add.at(covered, s.docs, share)
        # The same documents as ``np.flatnonzero(covered)``, which on floats
        # scattered over the index took 1.8 ms at ten MedQuADs, every query;
        # on the flags 0.25 ms. The repeats are left out of the flags: deleted
        # from three arrays of 150,000 candidates afterwards, 0.3 ms more.
        matched = covered != 0
        matched[self.repeated] = False
        power = 0.0
        if tuning.coordination:
            power = tuning.coordination * min(
                1.0, tuning.coordination_words / len(scored)
            )
        return _Sums(scored, total, scores, covered, matched, power)

    def _over(
        self, sums: _Sums, within: np.ndarray, tuning: Tuning, message: bool
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`score_plan` of the sections flagged ``within`` (all of
        them, or a message's :meth:`_shortlist`)."""
        scored, total = sums.scored, sums.total
        docs = np.flatnonzero(within)
        # The page's arithmetic in double precision, as it always was.
        scores = sums.scores[docs].astype(np.float64)
        covered = sums.covered[docs].astype(np.float64)
        scores = self._intent_capped(scored, docs, scores, tuning, sums)
        matched_share = covered / total
        if sums.power:
            # exp(p log x) is x**p, in two thirds of the time; in single
            # precision (seven digits, as much as a factor needs) NumPy
            # vectorises exp and log with AVX2, in double only with AVX-512,
            # which this machine lacks: the power of each of a long
            # question's 150,000 candidates at ten MedQuADs took 0.7 ms
            # against 2.3 ms in double (a line profiler, 148 questions).
            share = matched_share.astype(np.float32)
            scores *= np.exp(np.float32(sums.power) * np.log(share))
        # The name match touches only the sections the query names (the
        # entries' own, a few dozen): elsewhere the share is 0 and the
        # factor 1.0, which leaves a score as it is. Worked out over every
        # candidate it was some 1.5 ms of a long question at ten MedQuADs.
        at, named = self._named(scored, docs, tuning, message, sums)
        share = named / total  # how much of the query names the entry
        if tuning.name_match:
            scores[at] *= 1 + tuning.name_match * share
        if tuning.overview:
            # A query that is nothing but a name asks what the thing is.
            whole = self.overview[docs[at]] & (share > 1 - 1e-9)
            scores[at[whole]] *= 1 + tuning.overview
        naming = np.zeros(len(docs), bool)
        naming[at] = named > 0
        asked = np.zeros(len(docs), bool)
        asked[at] = self._asked(scored, docs[at])
        return docs, scores, naming, asked, matched_share

    @staticmethod
    def _asked(
        scored: list[tuple[_Scored, float, Concept]], named: np.ndarray
    ) -> np.ndarray:
        """Which of these sections (sorted; of the entries the query names)
        the query's kind words met in their section name or question: the
        kind of section it asks for (``what are the treatments for ...``),
        which an entry may list as often as it holds (see
        :data:`~indexer.collapse.SAME_LABEL`)."""
        out = np.zeros(len(named), bool)
        for s, _, _ in scored:
            if s.kind is not None and len(named):
                at, there = positions_in(s.docs, named)
                out[there] |= s.kind[at] != 0
        return out

    def _intent_capped(
        self,
        scored: list[tuple[_Scored, float, Concept]],
        docs: np.ndarray,
        scores: np.ndarray,
        t: Tuning,
        sums: _Sums,
    ) -> np.ndarray:
        """``scores`` with the kind fields' part cut to at most
        ``t.intent_share`` of the rest (what the section says about the
        query's topic): in queries of more than ``t.coordination_words``
        concepts everywhere, in shorter ones where a section matches none of
        the words the query asks about.

        The kind fields say which section of a topic a query wants ("side
        effects", "inherited"), not which topic: a drug's Side Effects
        section answers "are confusion and itch side effects of methadone"
        only if it is methadone's. Scored on their own, such words put
        every drug's Side Effects section before methadone's other ones. A
        short query's kind words are deliberate ("gout treatment"), but
        they still pick a section of what it names: `where can I find
        support for lupus` listed every other entry's Support Groups
        section (its question is "Where to find support for people with
        ...?") before anything about lupus. A query of kind words alone
        (`support groups`, `forget a dose`) asks for those sections.
        """
        if sums.kind_parts is None:
            sums.kind_parts = self._kind_parts(scored, t)
        parts = sums.kind_parts
        if not parts:
            return scores
        kind, off_topic = parts
        # The cap bites only where the kind fields gave something: elsewhere
        # the topic is the whole score and the excess below never positive.
        # Worked out over every candidate it was some 0.7 ms of a long
        # question at ten MedQuADs, where a few thousand have a kind part.
        capped = kind[docs] != 0
        if off_topic is not None:
            capped &= off_topic[docs]
        at = np.flatnonzero(capped)
        part = kind[docs[at]]
        whole = scores[at]
        topic = whole - part
        scores[at] = whole - np.maximum(part - t.intent_share * topic, 0.0)
        return scores

    def _kind_parts(
        self, scored: list[tuple[_Scored, float, Concept]], t: Tuning
    ) -> tuple[np.ndarray, np.ndarray | None] | tuple[()]:
        """Per document, the kind fields' part of its score and, in a short
        query, whether it matches none of the words the query asks about
        (see :meth:`_intent_capped`); () where nothing is capped."""
        kinds = [(s, k) for s, _, _ in scored if (k := s.kind) is not None]
        if not kinds or not np.isfinite(t.intent_share):
            return ()
        off_topic = None
        if len(scored) <= t.coordination_words:
            # Who it is about ("my son") is no topic of its own, nor is a
            # number: it says which one ("stage 3"), and `CKD stage 3` put
            # cancers' Stages sections, which say "stage 3", first.
            topics = [
                s
                for s, _, c in scored
                if s.kind is None and not c.chatter and not c.label.isdigit()
            ]
            if not topics:
                return ()
            off_topic = np.ones(self._size, bool)
            for s in topics:
                off_topic[s.docs] = False
        kind = np.zeros(self._size, SCORE_TYPE)
        for s, k in kinds:
            np.add.at(kind, s.docs, narrow(k))
        return kind, off_topic

    def _named(
        self,
        scored: list[tuple[_Scored, float, Concept]],
        docs: np.ndarray,
        t: Tuning,
        message: bool,
        sums: _Sums,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where in ``docs`` the sections of the entries the query names
        stand, and the weight of the concepts that name each: by a name of
        the entry, or by every word of its title (:meth:`_title_cover`),
        whichever weighs more.

        :param sums: where the title cover is kept once worked out.
        """
        if not t.name_match:
            return np.zeros(0, np.int64), np.zeros(0)
        naming, masses = [], []
        for s, mass, concept in scored:
            if concept.entries:
                mine = self._sections_of(concept.entries)
                at, _ = positions_in(s.docs, mine)
                naming.append(s.docs[at])
                masses.append(mass)
        found, named = sums_by_doc(naming, masses)
        if t.title_cover:
            covered, credit = self._covered(sums)
            # In a message, names and other words meet in titles by chance.
            inside = np.zeros(len(covered))
            if not message:
                inside = self._names_inside(scored, covered)
            both = np.union1d(found, covered)
            by_name, by_title = np.zeros(len(both)), np.zeros(len(both))
            by_name[np.searchsorted(both, found)] = named
            by_title[np.searchsorted(both, covered)] = (
                t.title_cover * (credit - inside) + inside
            )
            found, named = both, np.maximum(by_name, by_title)
        at, there = positions_in(docs, found)
        return at, named[there]

    def _covered(self, sums: _Sums) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_title_cover` of ``sums``' concepts, worked out once."""
        if sums.cover is None:
            sums.cover = self._title_cover(sums.scored)
        return sums.cover

    def _names_inside(
        self, scored: list[tuple[_Scored, float, Concept]], covered: np.ndarray
    ) -> np.ndarray:
        """Per covered document, the weight of the names the query holds
        that its title holds whole: such a title is named by them as much
        as their own entries are. `high blood pressure during pregnancy`
        named *High Blood Pressure* by its name, and *High Blood Pressure in
        Pregnancy* only by the share of a title the query covers word by
        word: that entry came 18th, behind every section of the others."""
        inside = np.zeros(len(covered))
        if not len(covered):
            return inside
        for _, mass, concept in scored:
            if not concept.entries:
                continue
            holds = np.ones(len(covered), bool)
            for term in concept.alternatives[0].terms:
                found, _ = self.postings(f.TITLE, term)
                _, there = positions_in(found, covered)
                holds &= there
            inside[holds] += mass
        return inside

    def _shared(self, s: _Scored) -> bool:
        """Whether ``s`` shares its concept's weight unevenly: if not, its
        share is 1 everywhere (:attr:`_ones`), and ``mass * 1.0`` is
        ``mass``, added without a product as long as the postings (at ten
        MedQuADs, some 30 concepts and 750,000 postings a long question)."""
        return s.share.base is not self._ones

    def _entry_codes_of(self, entry_ids) -> list[int]:
        return [self._codes[e] for e in entry_ids if e in self._codes]

    def copy_signature(self, entry_id: str) -> tuple[int, ...]:
        """The copy keys of an entry's sections (:mod:`indexer.copies`):
        the same for two entries that say the same word for word, as the
        ten copies of each entry at ten MedQuADs do."""
        return tuple(self.copies[self._sections_of([entry_id])].tolist())

    def _sections_of(self, entry_ids) -> np.ndarray:
        """The documents of these entries (and of the entries they group)."""
        return self.entry_groups.members(self._entry_codes_of(entry_ids))

    def _title_cover(
        self, scored: list[tuple[_Scored, float, Concept]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The documents (sorted) whose entry's title is made up of the
        query's words, or their synonyms, and the weight of the concepts
        that make it up.

        The names index finds a title the query holds as one phrase. This
        finds the rest: ``hypoglycemia in newborns`` holds the whole of
        *Low blood sugar - newborns* (a synonym, then a word further on), as
        ``amlodipine and atenolol`` holds two titles. Read from the titles'
        postings, so it costs one short list per query word.
        """
        concepts = []
        for _, mass, concept in scored:
            postings = []
            for alt in concept.alternatives:
                for term in alt.terms:
                    if term in DRUG_TERMS:
                        continue  # a form or salt covers no title
                    found, tf = self.postings(f.TITLE, term)
                    if len(found):
                        postings.append((term, found, tf))
            concepts.append((postings, mass))
        return title_cover(concepts, self.title_core)

    @property
    def title_core(self) -> np.ndarray:
        """Per document, the words of its title but a drug leaflet's form
        and salt (:data:`~indexer.names.DRUG_TITLE_WORDS`): `what is
        methylprednisolone` holds the whole of *Methylprednisolone Oral*
        but its form, and names it; the title's length alone, it named no
        leaflet of the drug (LiveQA dev MAP@10 +0.02 on each variant)."""
        if self._title_core is None:
            core = self.lengths[f.TITLE]
            leaflets = self._leaflets()
            if leaflets.any():
                core = core.copy()
                for term in DRUG_TERMS:
                    found, tf = self.postings(f.TITLE, term)
                    mine = leaflets[found]
                    core[found[mine]] -= tf[mine]
            self._title_core = core
        return self._title_core

    def _leaflets(self) -> np.ndarray:
        """Per document, whether its entry is a drug leaflet (it says why
        the drug is used): "Oral cancer" is no leaflet, and "cancer" alone
        does not name it."""
        key_codes, keys, _, _ = self.facet_codes()
        if LEAFLET_KEY not in keys:
            return np.zeros(self._size, bool)
        marked = self.entry_codes[key_codes == keys.index(LEAFLET_KEY)]
        return np.isin(self.entry_codes, marked)

    def _concept(
        self, concept: Concept, tuning: Tuning
    ) -> tuple[_Scored, float, Concept] | None:
        """A concept's best alternative per section, and the concept's weight."""
        typed = max(1, len(concept.alternatives[0].terms))
        results = []
        masses = []  # each result's alternative's mass (for a blended concept)
        mass = other_mass = 0.0
        for alt in concept.alternatives:
            weight = _weight(alt, tuning, typed)
            # Typed words that name only entries held by name only are that
            # name: with one of them in no section, none of them is about it.
            whole = bool(concept.name_only) and alt.kind == TYPED
            scored, alt_mass = self._alternative(alt, tuning, whole=whole)
            if len(scored.docs) and _code_of_another_name(alt, concept):
                scored = self._code_where_named(scored, concept, tuning)
            if len(scored.docs):
                if weight != 1.0:  # typed words weigh 1: no copy of their scores
                    scored = scored.times(weight)
                results.append(scored)
                masses.append(alt_mass)
            # The concept weighs what its own words weigh; a synonym's only
            # when the typed words are unknown to the index.
            if alt.kind == SYNONYM:
                other_mass = max(other_mass, alt_mass)
            else:
                mass = max(mass, alt_mass)
        mass = mass or other_mass
        if not results or not mass:
            return None
        if concept.blended:
            # Each way of matching priced as the commonest is (Lucene's
            # blended frequencies for the terms a prefix expands to): that
            # an expansion is rare says nothing of what was asked for.
            mass = min(masses)
            results = [s.times(mass / m) for s, m in zip(results, masses, strict=True)]
        best = _best_of(results, self._size)
        if concept.entries:
            best = self._with_unworded(concept, best, mass)
        if concept.thin:
            best, mass = self._as_rare_as_the_name(concept, best, mass)
        return best, mass, concept

    def _with_unworded(self, concept: Concept, s: _Scored, mass: float) -> _Scored:
        """The concept's matches, and the sections of each entry it names
        that holds none of its words, scored as if each said the name once
        (``mass``): such an entry is named by the topic of one held by name
        only (`jitters`, a name of A.D.A.M.'s *Stress and your health*,
        whose topic holds MedlinePlus's *Anxiety*; `clumsiness` NINDS's
        *Ataxia*), and its words alone never listed it."""
        named = self._sections_of(concept.entries)
        # (Their entry's own document is no section, nor is one deleted.)
        named = named[(self.lengths[f.BODY][named] > 0) & self.live[named]]
        if not len(named):
            return s
        _, there = positions_in(s.docs, named)
        codes = self.entry_codes[named]
        # (A table of the entries' flags: ``np.isin`` took 90 µs a named
        # concept, most of a long question's 0.3 ms here.)
        bare = ~member_of(codes, codes[there], len(self._codes))
        if not bare.any():
            return s
        extra = named[bare]
        scores = np.full(len(extra), mass, SCORE_TYPE)
        unworded = _Scored(extra, scores, self._ones[: len(extra)])
        return _best_of([s, unworded], self._size)  # (no document in both)

    def _code_where_named(
        self, s: _Scored, concept: Concept, tuning: Tuning
    ) -> _Scored:
        """A code's matches kept in the named entries' sections and where a
        section holds the words of the name it stands for (as typed, or
        another of its names in words): a text's code is what that text
        says it is. `inflammatory bowel disease` searched its curated code
        IBD, and *Isobutyryl-CoA dehydrogenase deficiency*'s Treatment,
        whose text writes "IBD" for it, came second."""
        holding = [self._sections_of(concept.entries)] if concept.entries else []
        for alt in concept.alternatives:
            if alt.terms and not any(t.startswith(ACRONYM) for t in alt.terms):
                held = [self.term_parts(t, tuning)[0] for t in alt.terms]
                if all(len(docs) for docs in held):
                    holding.append(common(held))
        if not holding:
            return s
        _, there = positions_in(np.unique(np.concatenate(holding)), s.docs)
        kind = None if s.kind is None else s.kind[there]
        return _Scored(s.docs[there], s.scores[there], s.share[there], kind)

    def _as_rare_as_the_name(
        self, concept: Concept, s: _Scored, mass: float
    ) -> tuple[_Scored, float]:
        """A thin name's scores in its entries' sections, and its weight,
        priced by the IDF of those sections rather than of the common word
        left of it.

        `down syndrome life expectancy` was searched as "syndrome life
        expectancy": *Down syndrome*'s sections scored as any syndrome's,
        and ten other syndromes' Outlook sections filled the page. The
        name, as rare as its entries' sections, now lifts them, its share
        of the query (the name match) with them.
        """
        named = self._sections_of(concept.entries)
        rare = self.idf(len(named))
        if rare <= mass:
            return s, mass
        at, _ = positions_in(s.docs, named)
        scores = s.scores.copy()
        scores[at] *= rare / mass
        return _Scored(s.docs, scores, s.share, s.kind), rare

    def _generic(self, postings: list[np.ndarray], tuning: Tuning) -> bool:
        """Whether the words found in these postings (the others are in no
        section) say together only what kind of thing a name is."""
        held = [docs for docs in postings if len(docs)]
        if not held:
            return True
        return len(common(held)) > tuning.generic_share * self._n

    def _alternative(
        self, alt: Alternative, tuning: Tuning, *, whole: bool = False
    ) -> tuple[_Scored, float]:
        # A synonym is another name of a topic the user typed: it finds
        # topics, not kinds of section. In the question field its words
        # would meet templates ("forget" of "If You Forget a Dose" for a
        # synonym of memory loss, in every drug's leaflet).
        kinds = alt.kind != SYNONYM
        parts = []
        for text in alt.terms:
            docs, scores, kind = self.term_parts(text, tuning, kinds=kinds)
            parts.append((docs, scores, kind, self.idf(len(docs))))
        mass = sum(idf for *_, idf in parts)
        if not all(len(p[0]) for p in parts) and (
            (alt.together and alt.kind != PARTS)
            or (whole and self._generic([p[0] for p in parts], tuning))
        ):
            # A name's words, one of them in no section: none holds the
            # name. The others alone would be a lesser name's ("syndrome" of
            # *Quinsy*'s "peritonsillar abscess"). The parts of a word typed
            # with hyphens are what was typed, and one may be misspelt
            # ("Beckwith-Wieddeman"): the others still count. So do the
            # words of a name held by name only (``whole``) unless those left
            # are only what kind of thing it is: "syndrome" of *Asherman
            # syndrome* lists every syndrome, "abortion" of *Abortion -
            # surgical - aftercare* the topic it follows.
            return _Scored(*EMPTY, np.empty(0)), 0.0
        found = [(p, t) for p, t in zip(parts, alt.terms, strict=True) if len(p[0])]
        held = [p for p, _ in found]
        if (
            len(held) < len(parts)
            and alt.kind != PARTS
            and all(t.isdigit() for _, t in found)
        ):
            # Only its numbers are in any section: a number is no name's
            # word alone (`covid 19` listed *Dystonia 19* and *Spastic
            # paraplegia 19*). A word typed with hyphens keeps its parts,
            # as above.
            return _Scored(*EMPTY, np.empty(0)), 0.0
        parts = held
        if not parts or not mass:
            return _Scored(*EMPTY, np.empty(0)), 0.0
        if alt.together:
            docs = common([d for d, *_ in parts])
            scores, kind = _together(parts, docs)
            return _Scored(docs, scores, self._ones[: len(docs)], kind), mass
        if len(parts) == 1:
            # One term with postings: its share is idf / idf, exactly 1 (the
            # other terms' idf is 0 and adds nothing to ``mass``).
            docs, scores, kind, _ = parts[0]
            return _Scored(docs, scores, self._ones[: len(docs)], kind), mass
        series = [
            [s for _, s, _, _ in parts],
            [np.full(len(d), idf) for d, _, _, idf in parts],
        ]
        with_kind = any(k is not None for _, _, k, _ in parts)
        if with_kind:
            zero = np.zeros
            series.append([zero(len(d)) if k is None else k for d, _, k, _ in parts])
        docs, sums = union_sums([d for d, *_ in parts], series, self._size)
        kind = narrow(sums[2]) if with_kind else None
        return _Scored(docs, narrow(sums[0]), narrow(sums[1] / mass), kind), mass

    # -- the page ----------------------------------------------------------

    def rank(
        self,
        plan: QueryPlan,
        tuning: Tuning,
        *,
        wanted: int,
        entry: str | None = None,
        sections: frozenset[str] = frozenset(),
        sources: frozenset[str] = frozenset(),
        per_entry: int | None = 2,
        auto: bool = False,
        named: bool = False,
    ) -> Ranked:
        """The top ``wanted`` hits, at most ``per_entry`` sections per entry.

        :param entry: only this entry's sections.
        :param sections: only sections with these keys (any, if empty).
        :param sources: only sections from these sources (any, if empty).
        :param auto: an entry that clearly leads may list its strong
            sections beyond ``per_entry`` (``tuning.lead``,
            ``tuning.dominant``).
        :param named: entries the query names may list up to
            ``tuning.named_sections`` sections. With neither, the cap is
            strict.

        A pasted message's page is ranked among a shortlist of its
        candidates first (:meth:`_shortlist`), longer while a section left
        out could still change it: the page, its counts and facets and
        "also from" are those of every match.
        """
        page = dict(
            wanted=wanted,
            entry=entry,
            sections=sections,
            sources=sources,
            per_entry=per_entry,
            auto=auto,
            named=named,
        )
        # (Pointers' weights that raise a score would break the bound.)
        lowering = max(tuning.pointer, tuning.reading_list) <= 1
        if not (plan.syntax is None and plan.message and lowering):
            return self._page(plan, tuning, self.score_plan(plan, tuning), None, **page)
        sums = self._sums(plan, tuning)
        if sums is None or sums.matched.sum() <= SHORTLIST:
            found = (
                _NOTHING
                if sums is None
                else self._over(sums, sums.matched, tuning, plan.message)
            )
            return self._page(plan, tuning, found, None, **page)
        every = np.flatnonzero(sums.matched)
        counted = self._tally(plan, tuning, every, entry, sections, sources)
        pool = sums.matched  # what the filters keep of it
        if counted.kept is not None:
            pool = np.zeros(self._size, bool)
            pool[counted.kept] = True
        within = self._shortlist(sums, pool, tuning)
        while True:
            found = self._over(sums, within, tuning, plan.message)
            ranked = self._page(plan, tuning, found, counted, **page)
            floor = _floor(ranked, wanted, auto, tuning)
            more = self._reaching(sums, pool, within, floor)
            if not len(more):
                more = self._rivals_left_out(pool, within, ranked)
            if not len(more):
                filters = (entry, sections, sources)
                widen = partial(
                    self._widened, plan, tuning, sums, pool, within, filters
                )
                return replace(ranked, widen=widen)
            within = within.copy()
            within[more] = True

    def _shortlist(self, sums: _Sums, pool: np.ndarray, tuning: Tuning) -> np.ndarray:
        """Per document, whether a message's page is first ranked among it.

        A pasted message says "symptoms", "treatment" and "help" as well as
        what it is about: at ten MedQuADs its words met a median 142,000 of
        164,000 sections, and every step after the adding-up (the intent
        cap, the pointers, the collapse, "also from") ran over all of them.
        A section's score on a page is at most its concepts' sum: the soft
        AND's factor, the intent cap and the pointers' weights only lower
        it; only a name the message uses or a title it covers raises it.
        The shortlist is the :data:`SHORTLIST` best by that sum, and the
        sections so named; :meth:`_reaching` finds those left out that
        could still make the page.

        :param pool: per document, whether it matches and the filters keep
            it: a shortlist of Treatment sections for a page of them.
        """
        scores = sums.scores if pool is sums.matched else np.where(pool, sums.scores, 0)
        within = scores >= nth_best(scores, SHORTLIST)
        for _, _, concept in sums.scored:
            if concept.entries:
                within[self._sections_of(concept.entries)] = True
        if tuning.name_match and tuning.title_cover:
            within[self._covered(sums)[0]] = True
        within &= pool
        return within

    def _reaching(
        self, sums: _Sums, pool: np.ndarray, within: np.ndarray, floor: float
    ) -> np.ndarray:
        """The sections of ``pool`` the shortlist ``within`` left out whose
        score could reach ``floor``: the page's last hit's score, or what
        decides whether its first entry leads (see :func:`_floor`).

        Left out, a section names nothing, so its score on the page is at
        most its concepts' sum times the soft AND's factor: only those
        whose sum reaches the floor are priced so, as :meth:`_over` prices
        them, to the last bit."""
        at = np.flatnonzero(pool & ~within & (sums.scores >= floor))
        if len(at) and sums.power:
            covered = sums.covered[at].astype(np.float64)
            share = (covered / sums.total).astype(np.float32)
            factor = np.exp(np.float32(sums.power) * np.log(share))
            at = at[sums.scores[at].astype(np.float64) * factor >= floor]
        return at

    def _rivals_left_out(
        self, pool: np.ndarray, within: np.ndarray, ranked: Ranked
    ) -> np.ndarray:
        """The matches (in ``pool``) left out of the shortlist in the
        entries of the page's pointers, which a pointer's cap compares it
        with (:func:`_cap_pointers`)."""
        pointers = [d for _, d, _ in ranked.hits if self.pointer[d]]
        if not pointers:
            return np.zeros(0, np.int64)
        mates = self.entry_groups.members(self.entry_codes[pointers].tolist())
        return mates[pool[mates] & ~within[mates]]

    def _widened(
        self,
        plan: QueryPlan,
        tuning: Tuning,
        sums: _Sums,
        pool: np.ndarray,
        within: np.ndarray,
        filters: tuple[str | None, frozenset[str], frozenset[str]],
        docs: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """:attr:`Ranked.widen`: the matches among ``docs`` (whole entries)
        ranked on their own, or None if the shortlist left out none of
        them. Another source's entry of a hit's topic may hold none of the
        words that put the hit's entry in the shortlist, and "also from"
        lists it by its best section's score. Each section's score is its
        own, its entry's sections all there for a pointer's cap."""
        mine = docs[pool[docs]]  # (the filters keep no other)
        if within[mine].all():
            return None
        only = np.zeros(self._size, bool)
        only[mine] = True
        found = self._over(sums, only, tuning, plan.message)
        (docs, scores, *_), _ = self._finals(plan, tuning, found, *filters)
        return docs, scores

    def _page(
        self,
        plan: QueryPlan,
        tuning: Tuning,
        found: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        counted: _Counted | None,
        *,
        wanted: int,
        entry: str | None,
        sections: frozenset[str],
        sources: frozenset[str],
        per_entry: int | None,
        auto: bool,
        named: bool,
    ) -> Ranked:
        """The page of :meth:`rank` from these candidates (``found``, as
        :meth:`score_plan` gives them), counted as ``counted`` says (None:
        the candidates are every match, and counted as they are ranked)."""
        filters = (entry, sections, sources)
        finals, facets = self._finals(
            plan, tuning, found, *filters, counting=counted is None
        )
        docs, scores, plain, naming, asked, codes = finals
        if counted is not None:
            facets = counted.facets
        if not len(docs):
            return Ranked([], 0, 0, facets)
        leading = (tuning.dominant, tuning.lead) if auto else None
        unfold = None
        if named and per_entry is not None and tuning.named_sections > per_entry:
            named_codes = np.unique(self.entry_codes[docs[naming]])
            named_codes = np.setdiff1d(named_codes, self._unwritten(plan))
            unfold = (named_codes, tuning.named_sections)
        groups = self._named_groups(plan) if unfold and tuning.named_turn else []
        depth = max(wanted, TURN_DEPTH) if len(groups) > 1 else wanted
        collapsed = collapse(
            docs,
            scores,
            codes,
            depth,
            per_entry,
            leading,
            unfold,
            copies=self.copies,
            containers=self.containers,
            labels=(self.facet_codes()[0], asked) if unfold else None,
            ties=self.ties,
            counts=None if counted is None else counted.counts,
        )
        hits = collapsed.hits
        if len(groups) > 1:
            group_of = {code: n for n, codes in enumerate(groups) for code in codes}
            of_hits = [group_of.get(int(self.entry_codes[d])) for _, d, _ in hits]
            # Rivals by what their sections say: proximity credits a name of
            # two words its own pair in every section of its entries (x4 in
            # `lupus vs rheumatoid arthritis`), which a one-word name never
            # has, and the floor then dropped *Lupus* from the turns.
            at = np.searchsorted(docs, [d for _, d, _ in hits]).tolist()
            said = [
                (float(plain[i]), d, more)
                for i, (_, d, more) in zip(at, hits, strict=True)
            ]
            of_hits = rivals(said, of_hits, tuning.turn_share)
            hits = take_turns(hits, of_hits, tuning.named_turn, TURN_DEPTH)[:wanted]
        return Ranked(hits, collapsed.total, collapsed.matched, facets, docs, scores)

    def _tally(
        self,
        plan: QueryPlan,
        tuning: Tuning,
        docs: np.ndarray,
        entry: str | None,
        sections: frozenset[str],
        sources: frozenset[str],
    ) -> _Counted:
        """The facets of the matches ``docs`` (sorted) and each entry's
        matches, after the filters (a facet with the other facet's filter
        but not its own, see :meth:`_facets`)."""
        kept = self._filtered(plan, tuning, docs, entry)
        if kept is not None:
            docs = docs[kept]
        facets, keep = self._facets(docs, sections, sources)
        if keep is not None:
            docs = docs[keep]
        filtered = kept is not None or keep is not None
        counts = np.bincount(self.entry_codes[docs])
        return _Counted(facets, counts, docs if filtered else None)

    def _filtered(
        self, plan: QueryPlan, tuning: Tuning, docs: np.ndarray, entry: str | None
    ) -> np.ndarray | None:
        """Which of ``docs`` (sorted) are of ``entry`` (if given) and hold
        no words the query leaves out (None: all of them)."""
        keep = None
        if entry is not None and len(docs):
            keep = np.zeros(len(docs), bool)
            keep[positions_in(docs, self._sections_of([entry]))[0]] = True
        if plan.excluded and len(docs):
            keep = np.ones(len(docs), bool) if keep is None else keep
            for terms in plan.excluded:
                keep[positions_in(docs, self._holding(terms, tuning))[0]] = False
        return keep

    def _finals(
        self,
        plan: QueryPlan,
        tuning: Tuning,
        found: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        entry: str | None,
        sections: frozenset[str],
        sources: frozenset[str],
        counting: bool = False,
    ) -> tuple[tuple[np.ndarray, ...], Facets | None]:
        """The candidates ``found`` that the filters keep, with the scores a
        page ranks them by: their documents, those scores, the scores
        before the words' order counted, whether the query names each,
        whether it asks for each one's kind, and their entries' codes; and
        with ``counting`` (the candidates are every match) their facets."""
        docs, scores, naming, asked, share = found
        keep = self._filtered(plan, tuning, docs, entry)
        if keep is not None:
            docs, scores, naming, asked, share = _kept(
                keep, docs, scores, naming, asked, share
            )
        pointing = self._pointing(docs, asked)
        if len(pointing):
            scores = self._weigh_pointers(docs, scores, pointing, tuning)
        facets = keep = None
        if counting:
            facets, keep = self._facets(docs, sections, sources)
        elif sections or sources:
            keep = self._in_facets(docs, sections, sources)
        if keep is not None:
            docs, scores, naming, asked, share = _kept(
                keep, docs, scores, naming, asked, share
            )
            # The pointers kept, where they now stand.
            pointing = (np.cumsum(keep) - 1)[pointing[keep[pointing]]]
        plain = scores  # what each section says, before its words' order
        if len(docs) and tuning.proximity and plan.syntax is None and not plan.message:
            scores = proximity(self, plan, docs, scores, tuning, naming)
        codes = self.entry_codes[docs]
        if len(pointing):
            scores = _cap_pointers(
                codes, scores, pointing, share, self.reading_list[docs[pointing]]
            )
        return (docs, scores, plain, naming, asked, codes), facets

    def _unwritten(self, plan: QueryPlan) -> list[int]:
        """The codes of the entries the query names only by a name their
        text never writes (``Concept.unwritten``): named by no other."""
        held = {e for c in plan.concepts for e in c.unwritten}
        if not held:
            return []
        held -= {e for c in plan.concepts for e in c.entries if e not in c.unwritten}
        return self._entry_codes_of(sorted(held))

    def _holding(self, terms: tuple[str, ...], tuning: Tuning) -> np.ndarray:
        """The documents (sorted) that hold every one of ``terms``, as a
        search reads each (:meth:`term`, any searched field): what a word
        typed with a minus leaves out (`high blood pressure -pregnancy`
        leaves out *High Blood Pressure in Pregnancy* by its title, and
        each text that says pregnancy)."""
        return common([self.term(term, tuning)[0] for term in terms])

    def _named_groups(self, plan: QueryPlan) -> list[set[int]]:
        """The entry codes each thing a short query names stands for (names
        of one entry joined), for :func:`~indexer.collapse.take_turns`: none
        for a message, whose names are as often narrative ("my doctor", "a
        cold")."""
        if plan.message:
            return []
        groups: list[set[int]] = []
        for concept in plan.concepts:
            codes = set(self._entry_codes_of(concept.entries))
            if not codes:
                continue
            for other in [g for g in groups if g & codes]:
                codes |= other
                groups.remove(other)
            groups.append(codes)
        return groups

    def _facets(
        self, docs: np.ndarray, sections: frozenset[str], sources: frozenset[str]
    ) -> tuple[Facets, np.ndarray | None]:
        """The facets of ``docs``, and which of them the filters keep (None:
        all, when there is no filter).

        Both facets come from one count of (section key, source) pairs: a
        facet counts with the other facet's filter, a sum over the table's
        rows or columns. Two gathers and two counts over 150,000 candidates
        were 0.8 ms of a long question at ten MedQuADs.
        """
        key_codes, key_names, source_codes, source_names = self.facet_codes()
        if self._facet_pairs is None:
            self._facet_pairs = key_codes * len(source_names) + source_codes
        table = np.bincount(
            self._facet_pairs[docs], minlength=len(key_names) * len(source_names)
        ).reshape(len(key_names), len(source_names))
        key_kept = _wanted(key_names, sections)
        source_kept = _wanted(source_names, sources)
        facets = Facets(
            _listed(table[:, source_kept].sum(axis=1), key_names),
            _listed(table[key_kept].sum(axis=0), source_names),
        )
        if not (sections or sources):
            return facets, None
        return facets, self._in_facets(docs, sections, sources)

    def _in_facets(
        self, docs: np.ndarray, sections: frozenset[str], sources: frozenset[str]
    ) -> np.ndarray:
        """Which of ``docs`` the facet filters keep."""
        key_codes, key_names, source_codes, source_names = self.facet_codes()
        key_kept = _wanted(key_names, sections)
        source_kept = _wanted(source_names, sources)
        return key_kept[key_codes[docs]] & source_kept[source_codes[docs]]

    def _pointing(self, docs: np.ndarray, asked: np.ndarray) -> np.ndarray:
        """Where in ``docs`` the pointer sections stand (see
        :attr:`~indexer.view.IndexView.pointer`), but a reading list the
        query asks for by its kind (``asked``: `treatment of nonsyndromic
        hearing loss`): that is its entry's answer of that kind."""
        if not len(docs):
            return np.zeros(0, np.int64)
        # A message that says "health" or "diagnosis" meets every reading
        # list: at ten MedQuADs some 11,000 of 150,000 candidates.
        at = np.flatnonzero(self.pointer[docs])
        mine = docs[at]
        return at[~(asked[at] & self.reading_list[mine])]

    def _weigh_pointers(
        self, docs: np.ndarray, scores: np.ndarray, at: np.ndarray, t: Tuning
    ) -> np.ndarray:
        """Pointer sections (at ``at``) weigh ``t.pointer`` as much, a
        reading list ``t.reading_list``: they say where to read more."""
        scores = scores.copy()
        listed = self.reading_list[docs[at]]
        scores[at] *= np.where(listed, t.reading_list, t.pointer)
        return scores

    def best_of(
        self, ranked: Ranked, entry_ids: list[str]
    ) -> dict[str, tuple[int, float]]:
        """Each given entry's best matching section in ``ranked``: its
        document number and score."""
        codes = {self._codes[e]: e for e in entry_ids if e in self._codes}
        if not codes or not len(ranked.docs):
            return {}
        members = self.entry_groups.members(list(codes))
        docs, scores = ranked.docs, ranked.scores
        wider = None if ranked.widen is None else ranked.widen(members)
        if wider is not None:
            docs, scores = wider
        # Their sections among the matches, found by binary search: not a
        # code gathered for each of 150,000 matches of a pasted message.
        keep, _ = positions_in(docs, members)
        if not len(keep):
            return {}
        mine, scores = self.entry_codes[docs[keep]], scores[keep]
        order = np.lexsort((-scores, mine))  # by entry, its best first
        firsts = order[np.r_[True, mine[order][1:] != mine[order][:-1]]]
        return {
            codes[int(mine[i])]: (int(docs[keep[i]]), float(scores[i]))
            for i in firsts.tolist()
        }


def _emphasis(concept: Concept, t: Tuning) -> float:
    """How much saying a concept again raises its weight."""
    if t.repeat and concept.count > 1:
        return (t.repeat + 1) * concept.count / (t.repeat + concept.count)
    return 1.0


def _code_of_another_name(alt: Alternative, concept: Concept) -> bool:
    """Whether an alternative is a code (in capitals) that stands for the
    name typed in words: not what was typed, nor a concept typed as its
    code."""
    return (
        alt.kind == SYNONYM
        and bool(alt.terms)
        and all(t.startswith(ACRONYM) for t in alt.terms)
        and not any(t.startswith(ACRONYM) for t in concept.alternatives[0].terms)
    )


def _weight(alt: Alternative, t: Tuning, typed: int) -> float:
    if alt.kind == SYNONYM:
        # A name of more words must not win just by adding up more words.
        return t.alternative * typed / max(1, len(alt.terms))
    if alt.kind == CORRECTION:
        return t.correction
    return 1.0


def _together(
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray | None, float]],
    docs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray | None]:
    """The terms' scores and kind parts added up at ``docs``, which each
    term's documents hold, in the terms' order (the floats of adding them
    pair by pair as the lists were intersected).

    Added in double precision and rounded once, as :func:`union_sums` adds
    the same terms for the alternative of them apart: a name's words
    together and apart then score exactly alike where both match, and the
    first alternative stands (single-precision sums here put a synonym's
    share of 1.0 in place of the typed words' 0.43 by one bit).
    """
    scores = kind = None
    for n, (part_docs, part_scores, part_kind, _) in enumerate(parts):
        at = np.searchsorted(part_docs, docs)
        if scores is None:
            scores = part_scores[at].astype(np.float64)
        else:
            scores = scores + part_scores[at]
        if n == 0:
            kind = None if part_kind is None else part_kind[at].astype(np.float64)
        elif kind is not None or part_kind is not None:
            kind = (np.zeros(len(docs)) if kind is None else kind) + (
                0.0 if part_kind is None else part_kind[at]
            )
    return narrow(scores), None if kind is None else narrow(kind)


def _cap_pointers(
    codes: np.ndarray,
    scores: np.ndarray,
    at: np.ndarray,
    share: np.ndarray,
    listed: np.ndarray,
) -> np.ndarray:
    """Pointer sections (at ``at`` among candidates of entry ``codes``)
    never lead their entry when another of its sections matched: the
    entry's answer is that other section, the pointer only says where to
    read more. A reading list (``listed``), when another matches as much of
    the query (``share``): where none does, the list is the entry's only
    answer (`american urological association`, which one lists). Applied
    after proximity: a reading list's titles hold the topic's name word for
    word, and the credit for it lifted *familial cold autoinflammatory
    syndrome*'s list above its summary again.

    An entry's documents are written together, so its candidates stand in
    one run: a message that says "health" meets every reading list (some
    11,000 at ten MedQuADs), and looking their entries' sections up one by
    one took 2-5 ms of it.

    >>> codes = np.array([4, 4, 4, 7, 7, 9])
    >>> scores = np.array([10.0, 2.0, 9.0, 8.0, 1.0, 5.0])
    >>> share = np.array([1.0, 0.5, 1.0, 1.0, 0.5, 1.0])
    >>> at, listed = np.array([0, 3, 5]), np.array([False, True, False])
    >>> _cap_pointers(codes, scores, at, share, listed).tolist()
    [4.5, 2.0, 9.0, 8.0, 1.0, 5.0]
    """
    pointing = np.zeros(len(codes), bool)
    pointing[at] = True
    at_least = np.where(listed, share[at] - 1e-9, 0.0)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    run = np.searchsorted(starts, at, "right") - 1
    lo = starts[run]
    lengths = np.r_[starts, len(codes)][run + 1] - lo
    owner = np.repeat(np.arange(len(at)), lengths)
    where = run_positions(lo, lengths)
    rival = ~pointing[where] & (share[where] >= at_least[owner])
    values = np.where(rival, scores[where], 0.0)
    # Every pointer's run holds at least the pointer itself.
    best = np.maximum.reduceat(values, np.cumsum(lengths) - lengths)
    demote = best > 0
    if not demote.any():
        return scores
    scores = scores.copy()
    capped = at[demote]
    scores[capped] = np.minimum(scores[capped], best[demote] * 0.5)
    return scores


def _floor(ranked: Ranked, wanted: int, auto: bool, tuning: Tuning) -> float:
    """The least score a section left out of the candidates must reach to
    change this page: its last hit's, or with ``auto`` what decides whether
    its first entry leads (a rival entry's best at ``1 / tuning.lead`` of
    the first hit, a strong section at ``tuning.dominant`` of it, see
    :func:`~indexer.collapse.leader`); any, if the page is not full."""
    hits = ranked.hits
    if len(hits) < wanted:
        return -np.inf
    floor = hits[-1][0]
    if auto:
        top = hits[0][0]
        floor = min(floor, top / tuning.lead, tuning.dominant * top)
    return floor


def _kept(keep: np.ndarray, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each of the candidates' parallel arrays at the positions ``keep``."""
    return tuple(a[keep] for a in arrays)


def _best_of(results: list[_Scored], size: int = 0) -> _Scored:
    """Union of alternatives, each document scored by its best one (the
    first of equals).

    :param size: documents in the index; when the alternatives hold more
        than an eighth of it, arrays as long as the index replace the sort.
    """
    if len(results) == 1:
        return results[0]
    lengths = [len(r.docs) for r in results]
    if size > 0 and (sum(lengths) - max(lengths)) * MERGE_RATIO <= max(lengths):
        return _merged(results)
    with_kind = any(r.kind is not None for r in results)
    if sum(lengths) * DENSE_RATIO >= size > 0:
        # In the alternatives' own precision (SCORE_TYPE, as scored).
        scored_as = np.result_type(*(r.scores for r in results))
        best = np.full(size, -np.inf, scored_as)
        share = np.zeros(size, np.result_type(*(r.share for r in results)))
        kind = np.zeros(size, scored_as) if with_kind else None
        present = np.zeros(size, bool)
        for r in results:
            # Strictly better only: of equal scores the first alternative's
            # stands, as the stable sort below keeps it.
            better = r.scores > best[r.docs]
            won = r.docs[better]
            best[won] = r.scores[better]
            share[won] = r.share[better]
            if kind is not None:
                kind[won] = 0.0 if r.kind is None else r.kind[better]
            present[r.docs] = True
        docs = np.flatnonzero(present)
        return _Scored(
            docs, best[docs], share[docs], None if kind is None else kind[docs]
        )
    all_docs = np.concatenate([r.docs for r in results])
    all_scores = np.concatenate([r.scores for r in results])
    all_share = np.concatenate([r.share for r in results])
    order = np.lexsort((-all_scores, all_docs))
    all_docs, all_scores, all_share = (
        all_docs[order],
        all_scores[order],
        all_share[order],
    )
    first = np.r_[True, all_docs[1:] != all_docs[:-1]]
    kind = None
    if with_kind:
        parts = [np.zeros(len(r.docs)) if r.kind is None else r.kind for r in results]
        kind = np.concatenate(parts)[order][first]
    return _Scored(all_docs[first], all_scores[first], all_share[first], kind)


def _merged(results: list[_Scored]) -> _Scored:
    """:func:`_best_of` for one long list of documents and short others:
    each short one merged in by binary search, where arrays as long as the
    index cost some 2 ms at ten MedQuADs for a name's 50,000 sections and
    its synonym's 90."""
    first = results[0]
    docs, scores, share = first.docs, first.scores, first.share
    kind = first.kind
    if kind is None and any(r.kind is not None for r in results):
        kind = np.zeros(len(docs))
    for r in results[1:]:
        at, there = positions_in(docs, r.docs)
        # Strictly better only: of equal scores the first alternative's stands.
        better = r.scores[there] > scores[at]
        if better.any():
            won = at[better]
            scores, share = scores.copy(), share.copy()
            scores[won] = r.scores[there][better]
            share[won] = r.share[there][better]
            if kind is not None:
                kind = kind.copy()
                kind[won] = 0.0 if r.kind is None else r.kind[there][better]
        new = ~there
        if new.any():
            place = np.searchsorted(docs, r.docs[new])
            docs = np.insert(docs, place, r.docs[new])
            scores = np.insert(scores, place, r.scores[new])
            share = np.insert(share, place, r.share[new])
            if kind is not None:
                kind = np.insert(kind, place, 0.0 if r.kind is None else r.kind[new])
    return _Scored(docs, scores, share, kind)


def _wanted(names: list[str], wanted: frozenset[str]) -> np.ndarray:
    """Per name, whether it is one of the ``wanted`` (all, if none)."""
    if not wanted:
        return np.ones(len(names), bool)
    return np.array([name in wanted for name in names], bool)


def _listed(counts: np.ndarray, names: list[str]) -> list[tuple[str, int]]:
    """The names counted, largest first, then by name.

    >>> _listed(np.array([2, 0, 5, 2]), ["b", "c", "", "a"])
    [('a', 2), ('b', 2)]
    """
    found = [
        (names[i], int(n)) for i, n in enumerate(counts.tolist()) if n and names[i]
    ]
    return sorted(found, key=lambda item: (-item[1], item[0]))
