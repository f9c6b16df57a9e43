"""The search service: the one place that turns a query into ranked sections.

The CLI, the web app and the tests all build a :class:`SearchService`, so
query parsing, ranking, collapsing and snippet formatting cannot disagree.
It keeps one Whoosh searcher open and refreshes it only when the index
changed (checked at most every ``refresh_interval`` seconds), because
opening an index per query costs more than the query itself.

Results are copied into frozen dataclasses: Whoosh ``Hit`` objects die
with their searcher, and the searcher may be refreshed under them.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from os import PathLike

import numpy as np
from whoosh import qparser
from whoosh.query import NullQuery, Query, Term
from whoosh.scoring import BM25F

from . import schema as f
from .errors import EntryNotFound
from .model import Entry
from .names import NameIndex, name_key
from .ranking import Ranker, Unsupported
from .results import SearchResults, SectionHit, entry_url
from .segments import SegmentCache, SegmentData
from .snippets import highlight
from .spelling import Speller, load_vocabulary
from .store import IndexStore, reading_guard
from .understanding import (
    FILLER,
    Plan,
    analyse,
    has_syntax,
    plan_query,
    understand,
)

MAX_QUERY_CHARS = 500
MAX_NAME_CHARS = 200
MAX_QUERY_TERMS = 32
MAX_PER_PAGE = 50
SECTIONS_PER_ENTRY = 2
FEW_RESULTS = 3  # below this many results, suggest a spelling
WARM_WORDS = 300  # commonest words whose postings a worker reads at start
INTENT_BOOST = 3.0  # sections of the kind a question asks for
SECONDARY_INTENT_BOOST = 1.5  # related kinds (Genetic Changes for inherited)

_SECTION_FILTER = re.compile(r'(?i)\bsection:(?:"([^"]*)"|(\S+))')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SYNTAX = re.compile(r"[^\w\s\-.]")


class _Snapshot:
    """A searcher over one generation, with what is derived from it."""

    def __init__(self, name: str, searcher, segments: list[SegmentData]) -> None:
        self.name = name
        self.searcher = searcher
        self.segments = segments
        # Changes with every commit and every rebuild: names what a page
        # was computed from (HTTP validators use it).
        self.version = f"{name}.{searcher.reader().generation()}"
        self.stats: dict[str, int] | None = None
        self._ranker: Ranker | None = None
        self._names: NameIndex | None = None
        self._speller: Speller | None = None

    @property
    def ranker(self) -> Ranker:
        if self._ranker is None:
            self._ranker = Ranker(self.searcher, self.segments)
        return self._ranker

    @property
    def names(self) -> NameIndex:
        if self._names is None:
            records = []
            leaves = self.searcher.reader().leaf_readers()
            for (reader, _), data in zip(leaves, self.segments, strict=True):
                gone = reader.deleted_docs_set if reader.has_deletions() else ()
                records.extend(card for doc, card in data.cards if doc not in gone)
            self._names = NameIndex.from_records(records)
        return self._names

    def speller(self, folder) -> Speller:
        if self._speller is None:
            self._speller = Speller(load_vocabulary(folder), keep=FILLER)
        return self._speller


class SearchService:
    """Search one index folder; safe to share between threads.

    :param index_dir: the folder ``medsearch index`` built.
    :param refresh_interval: how stale (seconds) a search may be after a write.
    :param cache_size: how many result pages to keep; a write empties it.
    """

    def __init__(
        self,
        index_dir: PathLike[str] | str,
        *,
        refresh_interval: float = 0.1,
        cache_size: int = 1024,
    ) -> None:
        self.store = IndexStore(index_dir)
        self.refresh_interval = refresh_interval
        self.cache_size = cache_size
        self._lock = threading.RLock()
        self._snapshot: _Snapshot | None = None
        self._segments = SegmentCache()
        self._checked = 0.0
        self._cache: OrderedDict[tuple, SearchResults] = OrderedDict()
        self._parser = self._make_parser()

    @property
    def index_dir(self):
        return self.store.root

    # -- searcher lifecycle ----------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[_Snapshot]:
        """Hold the lock and give the snapshot to answer from.

        The snapshot is reopened (new generation) or refreshed (new commit)
        when stale. Searching under the same lock matters: a refresh may
        close readers that a search in another thread is still using.
        """
        with self._lock:
            now = time.monotonic()
            snap = self._snapshot
            if snap is None or now - self._checked >= self.refresh_interval:
                self._checked = now
                name = self.store.current_name()
                if snap is None or name != snap.name or not snap.searcher.up_to_date():
                    # A fresh searcher, not Searcher.refresh(): refresh reuses
                    # the reader of a segment whose id did not change and so
                    # misses deletions committed to it.
                    name, ix = self.store.open()
                    with reading_guard(self.store.root):
                        searcher = ix.searcher(weighting=self._weighting())
                        leaves = searcher.reader().leaf_readers()
                        segments = self._segments.for_readers(leaves)
                    if snap is not None:
                        snap.searcher.close()
                    snap = self._use(_Snapshot(name, searcher, segments))
            yield snap

    def _use(self, snap: _Snapshot) -> _Snapshot:
        self._snapshot = snap
        self._cache.clear()
        return snap

    def invalidate(self) -> None:
        """Check for a new index on the next call (after this process wrote)."""
        self._checked = 0.0

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._snapshot is not None:
                self._snapshot.searcher.close()
                self._snapshot = None

    def check(self) -> None:
        """Open the index now, so a missing one is reported at start-up.

        :raises IndexNotFound: or :class:`IndexCorrupt`.
        """
        with self._reading():
            pass

    def version(self) -> str:
        """An id of the index state now served; changes with every write."""
        with self._reading() as snap:
            return snap.version

    def warm(self) -> None:
        """Build what the first query would otherwise wait for.

        :raises IndexNotFound: or :class:`IndexCorrupt`.
        """
        with self._reading() as snap:
            snap.names.complete("a")
            ranker = snap.ranker
            ranker.live  # noqa: B018 - built on first use
            speller = snap.speller(self.store.root / snap.name)
            # The commonest words have the longest posting lists: read them
            # now rather than in the first queries that use them.
            for word, _ in Counter(speller.counts).most_common(WARM_WORDS):
                for term in analyse(word):
                    ranker.postings(f.CONTENT, term)

    @staticmethod
    def _weighting() -> BM25F:
        # One weighted field (see schema): the title and name weights are in
        # the term frequencies, so plain BM25 parameters suffice.
        return BM25F(B=0.75, K1=1.2)

    @staticmethod
    def _make_parser() -> qparser.QueryParser:
        parser = qparser.QueryParser(f.CONTENT, schema=f.build_schema())
        # Wildcards, fuzzy terms, ranges, boosts and field prefixes are
        # costly or surprising in a public search box; plain words,
        # phrases, AND/OR/NOT and grouping remain. No +/- either: a hyphen
        # belongs to terms like COVID-19.
        for plugin in (
            qparser.WildcardPlugin,
            qparser.RangePlugin,
            qparser.FieldsPlugin,
            qparser.BoostPlugin,
        ):
            parser.remove_plugin_class(plugin)
        return parser

    # -- queries -----------------------------------------------------------

    def parse(
        self, text: str, *, match_all: bool = True
    ) -> tuple[Query | None, list[str]]:
        """Read a query leniently; malformed syntax falls back to plain words.

        :param match_all: join bare words with AND (else OR, with a bonus
            for each word matched).
        :returns: the Whoosh query (None if nothing searchable is left) and
            notices for the user (e.g. that a long query was shortened).
        """
        notices = []
        words = text.split()
        if len(words) > MAX_QUERY_TERMS:
            notices.append(f"Only the first {MAX_QUERY_TERMS} words were searched.")
            text = " ".join(words[:MAX_QUERY_TERMS])
        self._parser.group = (
            qparser.AndGroup if match_all else qparser.OrGroup.factory(0.9)
        )
        try:
            query = self._parser.parse(text)
        except Exception:  # Whoosh's parser raises assorted errors on junk.
            query = None
        if query is None or _has_errors(query):
            query = self._parser.parse(_SYNTAX.sub(" ", text))
        query = query.normalize()
        if query is NullQuery or next(query.iter_all_terms(), None) is None:
            return None, notices
        return query, notices

    def search(
        self,
        text: str,
        *,
        page: int = 1,
        per_page: int = 10,
        section: str | None = None,
        entry: str | None = None,
        exact: bool = False,
    ) -> SearchResults:
        """Rank sections for ``text``.

        :param section: keep only sections with this name (any case).
        :param entry: keep only sections of this entry (its "more" link).
        :param exact: search the words as typed: no synonyms, no intent.
        """
        started = time.perf_counter()
        text = _CONTROL.sub(" ", text or "").strip()
        if text.isupper() and len(text.split()) > 1:
            text = text.lower()  # a shouted query, not a row of codes
        cut = len(text) > MAX_QUERY_CHARS
        text = text[:MAX_QUERY_CHARS].strip()
        page = max(1, int(page))
        per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
        match = _SECTION_FILTER.search(text)
        if match:
            section = section or (match.group(1) or match.group(2))
            text = _SECTION_FILTER.sub(" ", text).strip()
        section = (section or "").strip() or None
        key = (
            text,
            cut,
            page,
            per_page,
            section and f.section_key(section),
            entry,
            exact,
        )
        with self._reading() as snap:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            plans: dict[str, Plan] = {}  # read each text once per search
            args = (snap, page, per_page, section, entry, exact, plans)
            found = self._run(text, *args, match_all=True)
            speller = snap.speller(self.store.root / snap.name)
            suggestion = None
            if found["total"] < FEW_RESULTS and not found["syntax"]:
                suggestion = speller.correct(text)
            if not found["total"] and suggestion:
                # A misspelt word finds nothing with every word required;
                # the corrected query is likelier than any-word matches.
                retry = self._run(suggestion, *args, match_all=True)
                if retry["total"]:
                    found = {**retry, "showing": suggestion}
            if not found["total"]:
                found = self._run(text, *args, match_all=False)
            if suggestion:
                found["did_you_mean"] = suggestion
            if cut:
                found["notices"].insert(
                    0, f"Only the first {MAX_QUERY_CHARS} characters were searched."
                )
            out = SearchResults(
                query=text,
                total=found["total"],
                page=page,
                per_page=per_page,
                took_ms=(time.perf_counter() - started) * 1000,
                results=found["results"],
                section=section,
                entry=entry,
                notices=tuple(found["notices"]),
                expansions=found.get("expansions", {}),
                did_you_mean=found.get("did_you_mean"),
                showing=found.get("showing"),
                intent=found.get("intent", ()),
                exact=exact,
            )
            self._cache[key] = out
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return out

    def _run(
        self,
        text,
        snap,
        page,
        per_page,
        section,
        entry,
        exact,
        plans: dict[str, Plan],
        *,
        match_all: bool,
    ) -> dict:
        """One ranking pass: understand the query, rank, build the page.

        :param match_all: require every word (or name); else any, with a
            bonus for each one matched.
        """
        ranker = snap.ranker
        within = None
        filters = []
        if section:
            filters.append(Term(f.SECTION_KEY, f.section_key(section)))
        if entry:
            filters.append(Term(f.ENTRY_ID, entry))
        for term in filters:
            docs, _ = ranker.postings(term.fieldname, term.text)
            within = docs if within is None else np.intersect1d(within, docs)
        found: dict = {"results": (), "total": 0, "notices": [], "syntax": False}
        prefer: list[tuple[np.ndarray, float]] = []
        named: tuple[str, ...] = ()
        if exact or has_syntax(text):
            found["syntax"] = not exact
            query, found["notices"] = self.parse(text, match_all=match_all)
        else:
            plan = plans.get(text) or understand(text, snap.names, ranker.idf)
            plans[text] = plan
            query = plan_query(plan, match_all=match_all)
            found["expansions"] = plan.expansions
            found["intent"] = plan.intent if not section else ()
            if plan.long:
                found["notices"].append(_long_query_notice(plan, text))
            for n, key in enumerate(found["intent"]):
                # The first section named is what the words ask for most.
                factor = INTENT_BOOST if n == 0 else SECONDARY_INTENT_BOOST
                prefer.append((ranker.postings(f.SECTION_KEY, key)[0], factor))
            named = plan.named
        if query is None:
            return found
        hits, total = self._rank(
            snap, query, within, page * per_page, entry, prefer, named
        )
        terms = {_text(t) for _, t in query.iter_all_terms()}
        hits = hits[(page - 1) * per_page : page * per_page]
        found["results"] = tuple(self._to_hit(snap.searcher, h, terms) for h in hits)
        found["total"] = total
        return found

    def _rank(self, snap, query, within, wanted, entry, prefer, named):
        """Vectorised ranking; Whoosh's own search for what it cannot express."""
        try:
            ranked = snap.ranker.rank(
                query,
                wanted=wanted,
                within=within,
                per_entry=None if entry else SECTIONS_PER_ENTRY,
                prefer=prefer,
                named=list(named),
            )
        except Unsupported:
            # Entry documents have no content, but a NOT-only query would
            # match them: keep to sections.
            filter_q = Term(f.KIND, f.SECTION_KIND)
            hits, total = self._collapse(
                snap.searcher, query, filter_q, wanted, collapse=not entry
            )
            if within is not None:
                hits = [h for h in hits if h[1] in set(within.tolist())]
                total = len(hits)
            return hits, total
        return ranked.hits, ranked.total

    @staticmethod
    def _collapse(searcher, query, filter_q, wanted: int, *, collapse: bool):
        """Rank sections keeping at most two per entry; count the rest.

        Whoosh's own collapsing ignores filters, so this ranks a window of
        top hits and grows it until it holds ``wanted`` kept hits. Entry ids
        come from a column, so no stored document is loaded until a hit is
        shown. Counting every match would cost more than ranking the top
        ones, so when the window did not reach the end of the matches, the
        total is Whoosh's estimate.

        :returns: ``(score, docnum, more_sections)`` per kept hit, and the total.
        """
        entry_of = searcher.reader().column_reader(f.ENTRY_ID)
        window = max(wanted * 5, 50)
        while True:
            # optimize=False: Whoosh's block-quality skipping trips assertions
            # in some compound matchers, and this path only serves rare queries.
            results = searcher.search(
                query, limit=window, filter=filter_q, optimize=False
            )
            kept: list[tuple[float, int, str]] = []
            per_entry: dict[str, int] = {}
            extra: dict[str, int] = {}
            for score, docnum in results.top_n:
                entry_id = entry_of[docnum]
                seen = per_entry.get(entry_id, 0)
                if collapse and seen >= SECTIONS_PER_ENTRY:
                    extra[entry_id] = extra.get(entry_id, 0) + 1
                else:
                    per_entry[entry_id] = seen + 1
                    kept.append((score, docnum, entry_id))
            complete = results.scored_length() < window
            if len(kept) >= wanted or complete:
                break
            window *= 4
        if complete:
            total = len(kept)
        else:
            total = max(len(kept), results.estimated_length() - sum(extra.values()))
        return [(sc, doc, extra.get(eid, 0)) for sc, doc, eid in kept], total

    @staticmethod
    def _to_hit(searcher, found: tuple, terms: set[str]) -> SectionHit:
        score, docnum, more_sections = found
        doc = searcher.stored_fields(docnum)
        entry_id = doc[f.ENTRY_ID]
        return SectionHit(
            entry_id=entry_id,
            section_id=doc[f.SECTION_ID],
            title=doc[f.TITLE],
            section=doc[f.SECTION],
            score=round(float(score), 4),
            snippet=highlight(doc[f.BODY], terms),
            url=entry_url(entry_id, doc[f.SECTION_ID]),
            source=doc.get(f.SOURCE, ""),
            more_sections=more_sections,
        )

    # -- names -------------------------------------------------------------

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        """Titles and names that start with ``prefix`` (or have a word that does)."""
        prefix = _CONTROL.sub(" ", prefix or "")[:MAX_NAME_CHARS]
        with self._reading() as snap:
            return snap.names.complete(prefix, limit=max(1, min(limit, 20)))

    def synonyms(self, term: str) -> dict:
        """Entries known by ``term``, with all their names.

        A term of a curated synonym group also finds the entries named by
        the group's other names. An unknown term gets suggestions.
        """
        term = " ".join(_CONTROL.sub(" ", term or "").split())[:MAX_NAME_CHARS]
        with self._reading() as snap:
            names = snap.names
            key = name_key(term)
            matches = {m.entry_id: m for m in names.entries.get(key, [])}
            for group in names.groups.get(key, []):
                for other in group:
                    for m in names.entries.get(name_key(other), []):
                        matches.setdefault(m.entry_id, m)
            groups = [list(g) for g in names.groups.get(key, [])]
            result = {
                "term": term,
                "matches": [m.to_json() for m in matches.values()],
            }
            if groups:
                result["groups"] = groups
            if not matches and not groups:
                suggestions = [s["name"] for s in names.complete(term, limit=5)]
                corrected = snap.speller(self.store.root / snap.name).correct(term)
                if corrected:
                    suggestions.insert(0, corrected)
                result["suggestions"] = list(dict.fromkeys(suggestions))
            return result

    # -- entries and figures ----------------------------------------------

    def get_entry(self, entry_id: str) -> Entry:
        """The whole entry, sections in order.

        :raises EntryNotFound: if no entry has that id.
        """
        with self._reading() as snap:
            doc = snap.searcher.document(key=f"entry:{entry_id}")
        if doc is None:
            raise EntryNotFound(entry_id)
        return Entry.from_json(json.loads(doc[f.ENTRY_JSON]))

    def stats(self) -> dict[str, int]:
        """Counts for the serving index: entries, sections and names."""
        with self._reading() as snap:
            if snap.stats is None:
                s = snap.searcher
                entries = names = 0
                for docnum in s.document_numbers(kind=f.ENTRY_KIND):
                    entries += 1
                    names += s.stored_fields(docnum).get(f.NAME_COUNT, 0)
                sections = sum(1 for _ in s.document_numbers(kind=f.SECTION_KIND))
                snap.stats = {"entries": entries, "sections": sections, "names": names}
            return dict(snap.stats)


def _long_query_notice(plan, text: str) -> str:
    """Tell the user which words of a long message were searched."""
    searched = ", ".join(c.label for c in plan.concepts)
    left_out = len(text.split()) - sum(len(c.label.split()) for c in plan.concepts)
    return f"Searched the telling words: {searched} ({left_out} other words left out)."


def _has_errors(query: Query) -> bool:
    return any(isinstance(q, qparser.ErrorNode) for q in query.leaves()) or (
        "ErrorQuery" in repr(query)
    )


def _text(text: str | bytes) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else text
