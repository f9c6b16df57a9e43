"""What a search returns: frozen copies, safe after the searcher moves on.

Whoosh ``Hit`` objects die with their searcher (``ReaderClosed``), and the
service refreshes its searcher when the index changes, so hits are copied
into these dataclasses before they leave :mod:`indexer.search`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


def entry_url(entry_id: str, section_id: str | None = None) -> str:
    """The web path of an entry page, at a section when one is given."""
    return f"/entry/{entry_id}" + (f"#{section_id}" if section_id else "")


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

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SearchResults:
    """A page of hits with what the page needs to describe them."""

    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    results: tuple[SectionHit, ...] = ()
    section: str | None = None
    entry: str | None = None
    notices: tuple[str, ...] = field(default=())
    expansions: dict[str, list[str]] = field(default_factory=dict)
    did_you_mean: str | None = None
    showing: str | None = None  # the corrected query shown instead, if any
    exact: bool = False

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
        if self.entry:
            data["entry"] = self.entry
        if self.notices:
            data["notices"] = list(self.notices)
        data["did_you_mean"] = self.did_you_mean
        if self.showing:
            data["showing_results_for"] = self.showing
        if self.expansions:
            data["expanded"] = self.expansions
        return data
