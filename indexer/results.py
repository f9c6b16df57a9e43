"""What a search returns: frozen copies, safe after the searcher moves on.

Whoosh ``Hit`` objects die with their searcher (``ReaderClosed``), and the
service refreshes its searcher when the index changes, so hits are copied
into these dataclasses before they leave :mod:`indexer.search`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .snippets import mark_words


def entry_url(entry_id: str, section_id: str | None = None) -> str:
    """The web path of an entry page, at a section when one is given."""
    return f"/entry/{entry_id}" + (f"#{section_id}" if section_id else "")


@dataclass(frozen=True)
class AlsoFrom:
    """Another source's entry on the same topic: on a results page at its
    best matching section, on an entry page at its top."""

    entry_id: str
    title: str
    source_name: str
    url: str
    #: What tells it from another entry of its source and title on the page
    #: (see :mod:`indexer.namesakes`); "" when nothing needs to.
    qualifier: str = ""

    def to_json(self) -> dict:
        data = dict(vars(self))
        if not self.qualifier:
            del data["qualifier"]
        return data


@dataclass(frozen=True)
class Marking:
    """The words a query's snippets mark, to mark them in a whole section:
    an entry page reached from a result shows where they are."""

    query: str
    terms: frozenset[str]
    phrases: tuple[tuple[str, ...], ...] = ()
    exact: bool = False  # the words as typed: no synonyms, no corrections

    def html(self, text: str) -> str:
        """``text`` escaped, these words in ``<mark>``."""
        return mark_words(text, self.terms, self.phrases)


@dataclass(frozen=True)
class NameOnly:
    """An entry the query names that the index holds by name only: its
    page (``url``) lists its names and links to the original
    (``source_url``), where its text is."""

    entry_id: str
    title: str
    source_name: str
    url: str
    source_url: str | None = None

    def to_json(self) -> dict:
        return dict(vars(self))


@dataclass(frozen=True)
class SectionHit:
    """One ranked section, safe to keep after the searcher has moved on."""

    entry_id: str
    section_id: str
    title: str
    section: str
    score: float
    snippet: str  # HTML: escaped text with <mark> around matched words
    url: str
    source: str
    more_sections: int = 0  # further matching sections of this entry
    source_name: str = ""  # the source as a reader calls it ("MedlinePlus")
    group: str = ""  # the topic: shared by the hits of one topic's entries
    #: On the first hit of a group on the page: the topic's other entries
    #: that match (None on the others).
    also_from: tuple[AlsoFrom, ...] | None = None
    #: As :attr:`AlsoFrom.qualifier`.
    qualifier: str = ""

    def to_json(self) -> dict:
        # The fields in order, as ``asdict`` gives them, without its deep
        # copy of every value: asdict was a third of an /api/search
        # request's time (cProfile, cached queries).
        data = dict(vars(self))
        if self.also_from is None:
            del data["also_from"]
        else:
            data["also_from"] = [other.to_json() for other in self.also_from]
        if not self.qualifier:
            del data["qualifier"]
        return data


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet and how many matching sections have it."""

    value: str
    count: int
    label: str = ""  # sources: the name a reader knows

    def to_json(self) -> dict:
        data = {"value": self.value, "count": self.count}
        if self.label:
            data["label"] = self.label
        return data


@dataclass(frozen=True)
class SearchResults:
    """A page of hits with what the page needs to describe them."""

    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    results: tuple[SectionHit, ...] = ()
    sections: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # source ids
    entry: str | None = None
    #: "section" and "source": every value among all the query's matches.
    facets: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)
    notices: tuple[str, ...] = field(default=())
    expansions: dict[str, list[str]] = field(default_factory=dict)
    did_you_mean: str | None = None
    showing: str | None = None  # the corrected query shown instead, if any
    exact: bool = False
    #: Entries the query names whose text is not held here (see
    #: :attr:`indexer.plan.Concept.name_only`).
    name_only: tuple[NameOnly, ...] = ()
    #: Milliseconds each stage took ("plan", "rank", "page"); empty for a
    #: page from the result cache. What a slow search spent its time on:
    #: served as ``Server-Timing``, and how ``bench/scale.py`` tells what
    #: grows with the corpus (ranking) from what does not.
    timings: tuple[tuple[str, float], ...] = ()

    @property
    def section(self) -> str | None:
        return self.sections[0] if self.sections else None

    @cached_property  # read by entry_ends and again by the page
    def rows(self) -> tuple[SectionHit, ...]:
        """The hits a page shows as rows: the section an earlier hit's "also
        from" already links to is folded into that line. The linked
        entries' other sections keep their rows: an entry the query names
        lists up to ten, and folding them all left a page of ten hits from
        five sources of one topic with one row."""
        linked: set[str] = set()
        rows = []
        for hit in self.results:
            if hit.url in linked:
                continue
            rows.append(hit)
            linked.update(other.url for other in hit.also_from or ())
        return tuple(rows)

    @property
    def entry_ends(self) -> frozenset[str]:
        """The rows (section ids) after which their entry has no further row
        on this page: where its "more matching sections" link goes, once.
        Two entries the query names take turns by score (both *High Blood
        Pressure*, NIH Senior Health's and NHLBI's), so one entry's rows can
        stand in two runs, and a link after each run said the same twice.

        >>> def hit(entry, n):
        ...     return SectionHit(entry, f"{entry}{n}", "", "", 0, "", f"/{n}", "")
        >>> rows = (hit("a", 1), hit("b", 1), hit("a", 2))
        >>> sorted(SearchResults("q", 3, 1, 10, 1.0, rows).entry_ends)
        ['a2', 'b1']
        """
        last: dict[str, str] = {}
        for hit in self.rows:
            last[hit.entry_id] = hit.section_id
        return frozenset(last.values())

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_json(self) -> dict:
        """The object ``/api/search`` and ``medsearch search --json`` return."""
        data = {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "took_ms": round(self.took_ms, 3),
            "results": [hit.to_json() for hit in self.results],
        }
        if self.section:
            data["section"] = self.section
        if self.sections or self.sources:
            data["filters"] = {
                "section": list(self.sections),
                "source": list(self.sources),
            }
        if self.entry:
            data["entry"] = self.entry
        if self.notices:
            data["notices"] = list(self.notices)
        data["did_you_mean"] = self.did_you_mean
        if self.showing:
            data["showing_results_for"] = self.showing
        if self.expansions:
            data["expanded"] = self.expansions
        if self.name_only:
            data["named_without_text"] = [e.to_json() for e in self.name_only]
        data["facets"] = {
            name: [v.to_json() for v in values] for name, values in self.facets.items()
        }
        return data
