"""The typed objects a query flows through between understanding and
ranking: a :class:`QueryPlan` of :class:`Concept` objects, each matched by
its best :class:`Alternative`.

:mod:`indexer.understanding` makes them from a
:class:`~indexer.request.SearchRequest`; :mod:`indexer.ranking` scores
them; neither needs the other to read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh.query import Query

from .syntax import term_text

#: Above this many words a query is a message: syntax characters are text
#: (this also bounds what Whoosh's slow parser is given).
SHORT_QUERY_WORDS = 12

TYPED = "typed"  # the words as the user typed them
PARTS = "parts"  # the parts of a typed compound
SYNONYM = "synonym"  # another name of a name the user typed
CORRECTION = "correction"  # a spelling correction


@dataclass(frozen=True)
class Alternative:
    """One way of matching a concept: its terms, and what kind of match.

    Ranking weighs an alternative by its kind (see :class:`Tuning`).
    """

    terms: tuple[str, ...]
    kind: str = TYPED
    together: bool = False  # every term must match (another name's words)

    @property
    def phrase(self) -> bool:
        """Another name of several words: its words mean it only together."""
        return self.together and len(self.terms) > 1


@dataclass(frozen=True)
class Concept:
    """One thing the query asks for, matched by its best alternative."""

    label: str  # as the user typed it (spelling corrected)
    alternatives: tuple[Alternative, ...]
    entries: tuple[str, ...] = ()  # entries whose name this is
    synonyms: tuple[str, ...] = ()  # other names searched too
    count: int = 1  # how often the query says it
    #: In a message, a word no title or name holds ("Tuesday", a person's
    #: name, a dose): chatter more often than topic (see ``Tuning.chatter``).
    chatter: bool = False
    #: A name its small words leave as one common word, with no other name
    #: to search it by: *Down syndrome* is searched as "syndrome", *Hepatitis
    #: A* as "hepatitis". Ranking weighs it, in its entries' sections, as
    #: rare as the name is (see ``Ranker._concept``).
    thin: bool = False
    #: The entries it names when the index holds each of them by name only
    #: (MedQuAD withholds three collections' texts): no section of theirs
    #: can be listed, so the page names them, and their pages link to the
    #: original. Empty when one of the entries it names has text here.
    name_only: tuple[str, ...] = ()
    #: Its alternatives are the words a typed beginning may stand for
    #: (`osteo*`): each weighs as much as the commonest, however rare.
    blended: bool = False
    #: Entries it names, not titled so, whose text never writes it while
    #: another's does: `OCD` is an other name of *familial osteochondritis
    #: dissecans*, whose text calls it no such thing. They are named, but
    #: do not unfold their sections over the page (``Tuning.named_sections``).
    unwritten: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(t for a in self.alternatives for t in a.terms)


@dataclass(frozen=True)
class QueryPlan:
    """What a query means, ready to rank.

    Either ``concepts`` (a plain query) or ``syntax`` (a literal Whoosh
    query, from quotes or operators) is set.
    """

    concepts: tuple[Concept, ...] = ()
    syntax: Query | None = None
    corrected: str | None = None  # the text with spelling corrected
    showing: str | None = None  # the correction, when nothing typed is known
    notices: tuple[str, ...] = ()
    words: tuple[str, ...] = field(default=(), repr=False)  # typed, in order
    #: Words typed with a minus before them (``gout -treatment``), each as
    #: its terms: the sections that hold one are left out.
    excluded: tuple[tuple[str, ...], ...] = ()
    #: Entries held by name only filed under what the whole query says, the
    #: head of their names (``how to use an inhaler``, see
    #: :meth:`~indexer.concepts.Concepts.headed_by`): named on the page,
    #: not searched.
    filed: tuple[str, ...] = ()

    @property
    def message(self) -> bool:
        """A pasted message rather than a query (more than a dozen words)."""
        return len(self.words) > SHORT_QUERY_WORDS

    @property
    def empty(self) -> bool:
        return not self.concepts and self.syntax is None

    @property
    def name_only(self) -> tuple[str, ...]:
        """The entries the query names that the index holds by name only
        (see :attr:`Concept.name_only`), in the query's order."""
        found = (e for c in self.concepts if not c.chatter for e in c.name_only)
        return tuple(dict.fromkeys([*found, *self.filed]))

    @property
    def expansions(self) -> dict[str, list[str]]:
        return {c.label: list(c.synonyms) for c in self.concepts if c.synonyms}

    @property
    def terms(self) -> set[str]:
        """The terms a snippet marks wherever they stand: every term of a
        literal query; else what was typed (its parts, its corrections)
        and synonyms of one word."""
        if self.syntax is not None:
            return {term_text(t) for _, t in self.syntax.iter_all_terms()}
        return {
            t
            for c in self.concepts
            for a in c.alternatives
            if not a.phrase
            for t in a.terms
        }

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        """Synonyms of several words, which a snippet marks only where their
        words stand together."""
        return tuple(a.terms for c in self.concepts for a in c.alternatives if a.phrase)
