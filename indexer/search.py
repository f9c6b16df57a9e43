"""The search service: the one place that turns a query into ranked sections.

The CLI, the web app and the tests all build a :class:`SearchService`, so
query parsing, ranking, collapsing and snippet formatting cannot disagree.
It keeps one Whoosh searcher open and refreshes it only when the index
changed (checked at most every ``refresh_interval`` seconds), because
opening an index per query costs more than the query itself.

Results are copied into frozen dataclasses: Whoosh ``Hit`` objects die
with their searcher, and the searcher may be refreshed under them. What a
page shows of the ranked sections (snippets, "also from", facets) is made
in :mod:`indexer.pages`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from os import PathLike

import numpy as np

from . import schema as f
from .abbreviations import MAX_TEXTS, Definitions
from .analysis import FILLER, analyse
from .build import IndexReport, remove_entries, upsert_entries
from .errors import EntryNotFound, UnknownFilter
from .heap import keep_freed_memory
from .idle import IDLE_SECONDS, IdleMerger
from .labels import source_label
from .leftout import SAID_KINDS
from .model import Entry
from .names import NameIndex, NameMatch, name_key
from .namesakes import namesakes_key, qualifiers
from .pages import filed_under, marked_words, results_page, same_topic
from .plan import QueryPlan
from .ranking import Ranker
from .refresh import LiveNames, LiveSpeller
from .request import MAX_PER_PAGE, MAX_QUERY_CHARS, SearchRequest, clean_text
from .results import AlsoFrom, Marking, SearchResults
from .segments import SegmentCache, SegmentData, segment_facets
from .sources import SourcedEntry
from .spelling import EVERYDAY, Speller
from .store import IndexStore, reading_guard
from .topics import Topics
from .tuning import DEFAULT, Tuning
from .understanding import Planner

__all__ = ["MAX_NAME_CHARS", "MAX_PER_PAGE", "MAX_QUERY_CHARS", "SearchService"]

MAX_NAME_CHARS = 200
#: A prefix typed in small letters may be read as a code (see ``suggest``)
#: from this many letters.
MIN_SMALL_CODE = 3
#: A prefix that begins no name is read as misspelt (see ``suggest``) from
#: this many letters: a shorter one is more often a word being typed.
MIN_MISSPELT = 5
MAX_MISSPELT_WORDS = 3
WARM_WORDS = 1_000  # commonest words a worker scores at start
WARM_SHARE = 0.5  # ... until this share of its scored terms' cache is used
MAX_QUALIFIERS = 20_000  # namesakes' qualifiers a snapshot keeps


class Snapshot:
    """A searcher over one generation, with what is derived from it.

    The names and the speller are the service's, brought up to date when
    the snapshot is made (see :mod:`indexer.refresh`); only one snapshot
    serves at a time, under the service's lock.
    """

    def __init__(
        self,
        name: str,
        searcher,
        segments: list[SegmentData],
        names: NameIndex,
        speller: Speller,
        stats: dict[str, int],
        definitions: Definitions,
        topics: Topics,
    ):
        self.name = name
        self.definitions = definitions
        self.searcher = searcher
        self.segments = segments
        # Changes with every commit and every rebuild: names what a page
        # was computed from (HTTP validators use it).
        self.version = f"{name}.{searcher.reader().generation()}"
        self.names = names
        self.speller = speller
        self.stats = stats
        self.holdings: list[dict] | None = None
        self._ranker: Ranker | None = None
        self._planner: Planner | None = None
        self.topics = topics  # the service's: it outlives a write
        self._section_names: dict[str, str] | None = None
        self._qualifiers: dict[str, str] = {}  # entries with namesakes only

    def close(self) -> None:
        """Close the searcher and let go of what was derived from it.

        The planner holds this snapshot's bound methods, and the snapshot
        the planner: a cycle only a full garbage collection frees, and with
        it the ranker's arrays. At ten MedQuADs each write left some 100 MB
        so held; twenty writes apart, a worker's RSS grew 0.66 -> 2 GB
        before one collection freed them. Called under the service's lock,
        when no search still uses the snapshot.
        """
        self.searcher.close()
        self._planner = self._ranker = None
        self._qualifiers.clear()

    @property
    def ranker(self) -> Ranker:
        if self._ranker is None:
            self._ranker = Ranker(self.searcher, self.segments)
        return self._ranker

    def qualifier(self, entry_id: str, title: str) -> str:
        """What tells an entry from the others its source titles alike
        ("" if it has none): worked out over all of them, so an entry is
        named the same on every page (see :mod:`indexer.namesakes`)."""
        found = self._qualifiers.get(entry_id)
        if found is not None:
            return found
        members = self.topics.members_of(entry_id, title)
        mine = next((m for m in members if m.entry_id == entry_id), None)
        if mine is None:
            return ""
        mine_key = namesakes_key(mine.title, mine.source)
        alike = [m for m in members if namesakes_key(m.title, m.source) == mine_key]
        if len(alike) < 2:
            return ""  # most entries: not kept, asked again cheaply
        # Entries that copy each other word for word are one to a reader:
        # one address read for each text, not for each copy.
        texts: dict[tuple, list[str]] = {}
        for m in alike:
            texts.setdefault(self.ranker.copy_signature(m.entry_id), []).append(
                m.entry_id
            )
        told = [""] * len(texts)
        if len(texts) > 1:
            urls = [getattr(self.entry(ids[0]), "url", None) for ids in texts.values()]
            told = qualifiers(urls)
        if len(self._qualifiers) > MAX_QUALIFIERS:
            self._qualifiers.clear()  # the copies of ten MedQuADs: bounded
        for ids, name in zip(texts.values(), told, strict=True):
            self._qualifiers.update(dict.fromkeys(ids, name))
        return self._qualifiers[entry_id]

    @property
    def section_names(self) -> dict[str, str]:
        """Section key -> the name as written, for the live sections.

        Each key's name is read from its first live section, found through
        the segments' own key codes (kept across refreshes): reading every
        key's whole posting list on each refresh cost time in proportion
        to the corpus (0.3 s of a PUT at five MedQuADs, profiled).
        """
        if self._section_names is None:
            ranker = self.ranker
            live = ranker.live
            wanted = set(ranker.section_keys())
            names: dict[str, str] = {}
            leaves = self.searcher.reader().leaf_readers()
            for (reader, base), data in zip(leaves, self.segments, strict=True):
                if not wanted:
                    break
                for key, docs in _docs_by_key(reader, data).items():
                    if key not in wanted:
                        continue
                    alive = np.flatnonzero(live[base + docs])
                    if len(alive):
                        doc = int(docs[alive[0]])
                        names[key] = _section_name(reader, data, doc) or key
                        wanted.discard(key)
            self._section_names = {key: names[key] for key in sorted(names)}
        return self._section_names

    @property
    def planner(self) -> Planner:
        if self._planner is None:
            ranker = self.ranker
            self._planner = Planner(
                self.names,
                self.speller,
                ranker.frequency,
                self.definitions,
                ranker.in_names,
                ranker.written,
                ranker.together,
                ranker.section_keys,
                self.topic_of,
                ranker.asks_for_kind,
                ranker.adjacent,
                ranker.sequence_count,
            )
        return self._planner

    def topic_of(self, match: NameMatch) -> list[NameMatch]:
        """The entries on an entry's topic, it among them."""
        return self.topics.members_of(match.entry_id, match.title)

    def broader(self, match: NameMatch) -> list[NameMatch]:
        """The entries with text of the broader topic an entry that is a
        topic of its own is filed under (see
        :meth:`~indexer.concepts.Concepts.broader`): where autocomplete's
        names of it lead."""
        return self.planner.concepts.broader(match)

    def entry(self, entry_id: str) -> Entry | None:
        """The stored entry, whole (None if no entry has that id)."""
        doc = self.searcher.document(key=f"entry:{entry_id}")
        return None if doc is None else Entry.from_json(json.loads(doc[f.ENTRY_JSON]))

    def texts(self, code: str) -> Iterator[str]:
        """The texts of the first sections that write ``code`` in capitals."""
        terms = analyse(code)
        if not terms:
            return
        docs, _ = self.ranker.postings(f.BODY, terms[0])
        for doc in docs[:MAX_TEXTS].tolist():
            yield self.ranker.page_fields(doc).get(f.BODY) or ""


def _suggested_as_read(snap: Snapshot, word: str, limit: int) -> list[dict]:
    """The names of a prefix that begins none, as its search reads it: as
    its "did you mean" corrects it (`hemroids`, `alzhimer`; not `covid` as
    "CVID", for which a search offers nothing), else as the one name it is
    read as, in the name's own words (`hep c`: *Hepatitis C*, a word cut
    short). Only from :data:`MIN_MISSPELT`
    letters and up to :data:`MAX_MISSPELT_WORDS` words: a shorter prefix is
    more often a word being typed, and a plan costs a few ms."""
    if len(word) < MIN_MISSPELT or len(word.split()) > MAX_MISSPELT_WORDS:
        return []
    plan = snap.planner.plan(SearchRequest.clean(word))
    read = plan.corrected
    if read is None and len(plan.concepts) == 1:
        concept = plan.concepts[0]  # the whole prefix one name, not `uti in`
        *named, kind = word.lower().split()
        if concept.label.lower() == word.lower() and concept.entries:
            read = next(iter(concept.synonyms), None)
        elif (
            concept.entries
            and kind in SAID_KINDS
            and concept.label.lower() == (" ".join(named))
        ):
            read = concept.label  # a name and what kind of thing it is
    if read is None or read.lower() == word.lower():
        return []
    return snap.names.complete(
        read, limit=limit, topic_of=snap.topic_of, broader=snap.broader
    )


def _docs_by_key(reader, data: SegmentData) -> dict[str, np.ndarray]:
    """A segment's documents per section key, in order (kept with the segment)."""
    found = data.memo.get("docs_by_key")
    if found is None:
        keys, codes, _, _ = segment_facets(reader, data)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(keys) + 1))
        found = {
            key: order[bounds[i] : bounds[i + 1]]
            for i, key in enumerate(keys)
            if key and bounds[i] < bounds[i + 1]
        }
        data.memo["docs_by_key"] = found
    return found


def _section_name(reader, data: SegmentData, doc: int) -> str:
    """The section name stored with one document of a segment (remembered)."""
    known = data.memo.setdefault("section_names", {})
    if doc not in known:
        stored = reader.stored_fields(doc)
        known[doc] = stored.get(f.SECTION) or ""
    return known[doc]


class SearchService:
    """Search one index folder; safe to share between threads.

    :param index_dir: the folder ``medsearch index`` built.
    :param refresh_interval: how stale (seconds) a search may be after a write.
    :param cache_size: how many result pages to keep; a write empties it.
    :param tuning: the ranking's weights (the fitted ones by default).
    :param merge_idle: after this process writes, merge the segments writes
        left once no write came for this many seconds (:mod:`indexer.idle`);
        None: never.
    """

    def __init__(
        self,
        index_dir: PathLike[str] | str,
        *,
        refresh_interval: float = 0.1,
        cache_size: int = 1024,
        tuning: Tuning = DEFAULT,
        merge_idle: float | None = IDLE_SECONDS,
    ) -> None:
        self.store = IndexStore(index_dir)
        # A query's arrays reuse the last one's memory, not new pages (a
        # long question at ten MedQuADs: 3,180 page faults, about 4 ms).
        keep_freed_memory()
        self.refresh_interval = refresh_interval
        self.cache_size = cache_size
        self._tuning = tuning
        self._lock = threading.RLock()
        self._snapshot: Snapshot | None = None
        self._segments = SegmentCache()
        self._names = LiveNames()
        # Topics outlive a refresh, as the names they are read from do.
        names = self._names.index
        self._topics = Topics(names.entries, names.may_be_title)
        self._speller = LiveSpeller(FILLER)
        # Codes' long forms outlive commits (a write seldom defines a code
        # anew, and each lookup reads forty texts); a rebuild starts afresh.
        self._definitions = Definitions(lambda code: self._snapshot.texts(code))
        self._checked = 0.0
        self._closed = False
        self._cache: OrderedDict[SearchRequest, SearchResults] = OrderedDict()
        self._merger = (
            None
            if merge_idle is None
            else IdleMerger(self.store, self.invalidate, merge_idle)
        )

    @property
    def tuning(self) -> Tuning:
        return self._tuning

    @tuning.setter
    def tuning(self, tuning: Tuning) -> None:
        with self._lock:
            self._tuning = tuning
            self._cache.clear()

    @property
    def index_dir(self):
        return self.store.root

    # -- searcher lifecycle ----------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[Snapshot]:
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
                        searcher = ix.searcher()
                        leaves = searcher.reader().leaf_readers()
                        segments = self._segments.for_readers(
                            leaves, self.store.root / name
                        )
                        names = self._names.update(leaves, segments)
                        self._topics.forget(self._names.changed)
                    live = self._names
                    stats = {
                        "entries": live.entries,
                        "sections": searcher.doc_count() - live.cards,
                        "names": live.names,
                        "segments": len(leaves),
                    }
                    speller = self._speller.update(self.store.root / name)
                    if snap is None or name != snap.name:
                        self._definitions.clear()
                    if snap is not None:
                        snap.close()
                    snap = self._use(
                        Snapshot(
                            name,
                            searcher,
                            segments,
                            names,
                            speller,
                            stats,
                            self._definitions,
                            self._topics,
                        )
                    )
            yield snap

    def _use(self, snap: Snapshot) -> Snapshot:
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
        if self._merger is not None:
            self._merger.close()
        with self._lock:
            self._closed = True
            if self._snapshot is not None:
                self._snapshot.close()
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

    def warm(self, *, background: bool = False) -> None:
        """Build what the first query would otherwise wait for.

        :param background: read the commonest words' postings in a thread
            after this returns (a server answers meanwhile), a word at a
            time under the lock, so queries interleave. Reading them was
            over half of a worker's start at five MedQuADs (profiled), and
            grows with the corpus.
        :raises IndexNotFound: or :class:`IndexCorrupt`.
        """
        with self._reading() as snap:
            snap.names.complete("a", topic_of=snap.topic_of, broader=snap.broader)
            snap.names.may_be_title("")  # the title hashes (0.09 s at 10x)
            snap.planner  # noqa: B018 - built on first use
            snap.section_names  # noqa: B018
            ranker = snap.ranker
            ranker.sources()  # facet codes
            ranker.pointer  # noqa: B018 - reading lists too
            ranker.entry_groups  # noqa: B018
            ranker.repeated  # noqa: B018
            words = [w for w, _ in Counter(snap.speller.counts).most_common(WARM_WORDS)]
        if background:
            threading.Thread(
                target=self._warm_words, args=(words,), name="warm", daemon=True
            ).start()
        else:
            self._warm_words(words)

    def _warm_words(self, words: list[str]) -> None:
        """Read and score the postings of ``words`` (the commonest: the
        longest lists), until the scored terms' cache is half full: what it
        could not keep would only push out what it scored first. The
        speller's everyday words and words by sound first (0.15 and 0.1 s),
        which a query would otherwise wait for.

        Stopping when the posting cache was half full, a worker at ten
        MedQuADs scored 2 million documents of its 12 million (their lists
        are ten times as long); a question's common words were then scored
        while it waited. Scoring 6 million took 0.65 s rather than 0.48 s
        in the background, and the bench mix's p95 went 21.5 / 21.0 / 21.4
        -> 20.2 / 19.9 / 20.2 ms (the largest RSS 683 -> 688 MB).
        """
        EVERYDAY.words()
        with self._lock:
            if self._closed:
                return
            with self._reading() as snap:
                speller, names = snap.speller, snap.names
        speller.warm()  # outside the lock: queries answer meanwhile
        names.warm_bags()
        for word in words:
            with self._lock:
                if self._closed:  # closed meanwhile: do not reopen it
                    return
                with self._reading() as snap:
                    ranker = snap.ranker
                    if ranker.scored_used() >= WARM_SHARE:
                        return
                    for term in analyse(word):
                        ranker.term(term, self._tuning)

    # -- queries -----------------------------------------------------------

    def search(
        self,
        text: str,
        *,
        page: int = 1,
        per_page: int = 10,
        per_entry: int | str | None = None,
        section: str | Sequence[str] | None = None,
        source: str | Sequence[str] | None = None,
        entry: str | None = None,
        exact: bool = False,
        lenient: bool = False,
    ) -> SearchResults:
        """Rank sections for ``text``.

        :param per_entry: sections of one entry a page may show, strictly.
            Unset: two, but an entry the query names (its title or an
            alternative name, or every word of its title) may show up to
            ten; ``"auto"``: that, and all the strong sections of an entry
            that clearly leads.
        :param section: keep only sections with this name, or one of these
            names (any case).
        :param source: keep only sections from this source (id or label,
            any case), or one of these.
        :param entry: keep only sections of this entry (its "more" link).
        :param exact: search the words as typed: no synonyms, no corrections.
        :param lenient: drop a filter value the index lacks, with a notice,
            rather than raise.
        :raises UnknownFilter: for a section or source the index lacks.
        """
        request = SearchRequest.clean(
            text,
            page=page,
            per_page=per_page,
            per_entry=per_entry,
            section=section,
            source=source,
            entry=entry,
            exact=exact,
            lenient=lenient,
        )
        return self.run(request)

    def plan(self, text: str, *, exact: bool = False) -> QueryPlan:
        """How ``text`` would be read: its concepts, or its literal syntax."""
        with self._reading() as snap:
            return snap.planner.plan(SearchRequest.clean(text, exact=exact))

    def run(self, request: SearchRequest) -> SearchResults:
        """Answer a cleaned request: plan it, rank it, make the page.

        :raises UnknownFilter: for a section or source the index lacks.
        """
        started = time.perf_counter()
        with self._reading() as snap:
            cached = self._cache.get(request)
            if cached is not None:
                self._cache.move_to_end(request)
                return replace(cached, timings=())  # nothing was worked out
            sections, sources, notices = _filters(snap, request)
            plan = snap.planner.plan(request)
            planned = time.perf_counter()
            ranked = snap.ranker.rank(
                plan,
                self._tuning,
                wanted=request.wanted,
                entry=request.entry,
                sections=sections,
                sources=sources,
                per_entry=None if request.entry else request.per_entry,
                auto=request.auto,
                named=request.flexible,
            )
            clock = (started, planned, time.perf_counter())
            out = results_page(
                snap, request, plan, ranked, (sections, sources), notices, clock
            )
            self._cache[request] = out
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return out

    # -- writes --------------------------------------------------------------

    def upsert(self, items: Iterable[SourcedEntry]) -> IndexReport:
        """Add or replace entries; the next search sees them.

        :raises WriterBusy: if another writer holds the index too long.
        """
        report = upsert_entries(self.store, items)
        self._wrote()
        return report

    def remove(self, entry_ids: Iterable[str]) -> IndexReport:
        """Remove entries by id; the next search no longer finds them.

        :raises EntryNotFound: for an id that is not indexed (nothing is
            removed then).
        """
        report = remove_entries(self.store, entry_ids)
        self._wrote()
        return report

    def _wrote(self) -> None:
        self.invalidate()
        if self._merger is not None:
            self._merger.wrote()

    # -- names -------------------------------------------------------------

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        """Titles and names that start with ``prefix`` (or have a word that does).

        A prefix of five letters or more that begins no name is read as its
        search reads it (:func:`_suggested_as_read`: `hemroids`, misspelt,
        suggests *Hemorrhoids*; `hep c` *Hepatitis C*).
        A prefix typed in small letters is read as a code where a search
        reads it so and the texts write no word it begins more often (`hiv`:
        *HIV/AIDS* before *Hives*; not `cle`, which begins "cleft", nor
        `dis`), from three letters: `sm`, `ib` are more often a word's start.
        """
        prefix = clean_text(prefix)[:MAX_NAME_CHARS]
        word = prefix.strip()
        with self._reading() as snap:
            as_code = (  # (capitals are a code whatever the texts write)
                len(word) >= MIN_SMALL_CODE
                and word.islower()
                # Most prefixes are no word they begin: asked first, it
                # spares reading how the texts write the others (0.2 ms).
                and snap.speller.commonest_beginning(word, 1) == [word.lower()]
                and snap.planner.namer.codes.is_code(word)
            )
            limit = max(1, min(limit, 20))
            found = snap.names.complete(
                prefix,
                limit=limit,
                as_code=as_code,
                topic_of=snap.topic_of,
                broader=snap.broader,
            )
            if not found and not as_code:
                found = _suggested_as_read(snap, word, limit)
            return found

    def synonyms(self, term: str) -> dict:
        """Entries known by ``term``, with all their names.

        A term of a curated synonym group also finds the entries named by
        the group's other names. An unknown term gets suggestions.
        """
        term = " ".join(clean_text(term).split())[:MAX_NAME_CHARS]
        with self._reading() as snap:
            names = snap.names
            key = read_as = name_key(term)
            if not names.named(key) and not names.groups.get(key):
                # No name as written: read as a search reads it ("heart
                # attacks", "asthmatic", "ringing in ears").
                read_as = snap.planner.name_of(term) or key
            found = names.named(read_as)
            if not found and not names.groups.get(read_as):
                # The head of names, as a search reads it: what is filed
                # under it (`how to use an inhaler`).
                found = snap.planner.concepts.headed_by(read_as)
            searched = self._searched_scores(snap, term, [m.entry_id for m in found])
            matches = _for_a_reader(found, names.entries.get(read_as), searched)
            groups = [list(g) for g in names.groups.get(read_as, [])]
            listed = {m.entry_id for m in matches}
            result = {
                "term": term,
                "matches": [_match_json(snap, m, listed) for m in matches],
            }
            if read_as != key and (matches or groups):
                result["read_as"] = read_as
            if groups:
                result["groups"] = groups
            if not matches and not groups:
                result["suggestions"] = _suggested(
                    snap.speller.correct(term),
                    [
                        s["name"]
                        for s in names.complete(
                            term, limit=5, topic_of=snap.topic_of, broader=snap.broader
                        )
                    ]
                    + _names_read_in(snap, term),
                )
            return result

    def _searched_scores(
        self, snap: Snapshot, term: str, entry_ids: list[str]
    ) -> dict[str, float]:
        """Each of these entries' best score in a search for ``term``: a name
        several entries carry is listed as the search lists them. By source
        alone, `IBS` listed *Ichthyosis bullosa of Siemens* (GARD) before
        *Irritable Bowel Syndrome* (MedlinePlus), which a search for it
        puts first."""
        if len(entry_ids) < 2:
            return {}
        request = SearchRequest.clean(term)
        if not request.text:
            return {}
        ranker = snap.ranker
        ranked = ranker.rank(snap.planner.plan(request), self._tuning, wanted=1)
        return {e: score for e, (_, score) in ranker.best_of(ranked, entry_ids).items()}

    # -- entries and figures ----------------------------------------------

    def get_entry(self, entry_id: str) -> Entry:
        """The whole entry, sections in order.

        :raises EntryNotFound: if no entry has that id.
        """
        with self._reading() as snap:
            entry = snap.entry(entry_id)
        if entry is None:
            raise EntryNotFound(entry_id)
        return entry

    def qualifier(self, entry: Entry) -> str:
        """What tells ``entry`` from the others its source titles alike, as
        the results pages name it ("" if it has none)."""
        with self._reading() as snap:
            return snap.qualifier(entry.entry_id, entry.title)

    def marking(self, text: str, *, exact: bool = False) -> Marking | None:
        """The words a search for ``text`` marks in its snippets, to mark
        in an entry's page (None for a text of no words)."""
        request = SearchRequest.clean(text, exact=exact)
        if not request.text:
            return None
        with self._reading() as snap:
            terms, phrases = marked_words(snap, snap.planner.plan(request))
        if not terms and not phrases:
            return None
        return Marking(request.text, frozenset(terms), phrases, exact)

    def filed_under(self, entry: Entry) -> tuple[AlsoFrom, ...]:
        """For an entry held by name only whose topic holds no text here,
        the entries with text of the broader topic it is filed under (see
        :func:`~indexer.pages.filed_under`), for its page; none where its
        topic holds text (its "also from" then)."""
        if entry.text_available:
            return ()
        with self._reading() as snap:
            match = next(
                (
                    m
                    for m in snap.names.entries.get(name_key(entry.title), ())
                    if m.entry_id == entry.entry_id
                ),
                None,
            )
            return () if match is None else filed_under(snap, match)

    def same_topic(self, entry: Entry) -> tuple[AlsoFrom, ...]:
        """The other entries of ``entry``'s topic that hold text, for its
        page: where else to read of it, named as the results pages name
        them (see :func:`~indexer.pages.same_topic`)."""
        with self._reading() as snap:
            return same_topic(snap, entry.entry_id, entry.title)

    def sources(self) -> list[dict]:
        """What the index holds, per source: entries and searchable sections.

        Largest first; each ``{"value", "label", "entries", "sections"}``.
        Pages say from this what they search (not a fixed "sample" line).
        """
        with self._reading() as snap:
            if snap.holdings is None:
                snap.holdings = _holdings(snap)
            return [dict(row) for row in snap.holdings]

    def stats(self) -> dict[str, int]:
        """Counts for the serving index: entries, sections, names, and its
        segments (each is asked for every word a query reads first: how
        much ``medsearch optimize`` would save)."""
        with self._reading() as snap:
            return dict(snap.stats)


def _filters(
    snap: Snapshot, request: SearchRequest
) -> tuple[frozenset[str], frozenset[str], list[str]]:
    """The section keys and source ids a request's filters name.

    A source is named by its id or its label, in any case. A value the
    index does not have raises, or with ``request.lenient`` is dropped and
    a notice says so (a page is never silently empty).

    :returns: section keys, source ids, notices.
    :raises UnknownFilter: naming the values the index has.
    """
    notices = []
    names = snap.section_names if request.sections else {}
    keys = {s: f.section_key(s) for s in request.sections}
    unknown = [s for s, key in keys.items() if key not in names]
    if unknown:
        problem = UnknownFilter("section", unknown, sorted(set(names.values())))
        if not (request.lenient or request.typed_section):
            raise problem
        notices.append(f"{problem} Showing results without it.")
    sections = frozenset(k for k in keys.values() if k in names)

    known = sorted(snap.ranker.sources()) if request.sources else []
    by_name = {}
    for source in known:
        by_name[source.casefold()] = source
        by_name[source_label(source).casefold()] = source
    found = {v: by_name.get(v.casefold()) for v in request.sources}
    unknown = [v for v, source in found.items() if source is None]
    if unknown:
        labels = [
            s if source_label(s) == s else f"{s} ({source_label(s)})" for s in known
        ]
        problem = UnknownFilter("source", unknown, labels)
        if not request.lenient:
            raise problem
        notices.append(f"{problem} Showing results without it.")
    sources = frozenset(s for s in found.values() if s is not None)
    return sections, sources, notices


def _holdings(snap: Snapshot) -> list[dict]:
    """Entries and searchable sections per source, largest first."""
    ranker = snap.ranker
    live = ranker.live
    entries = ranker.entries_by_source()
    _, _, codes, names = ranker.facet_codes()
    counted = np.bincount(codes[ranker.sections & live], minlength=len(names))
    sections = {names[c]: int(n) for c, n in enumerate(counted) if n}
    return [
        {
            "value": source,
            "label": source_label(source),
            "entries": count,
            "sections": sections.get(source, 0),
        }
        for source, count in sorted(entries.items(), key=lambda i: (-i[1], i[0]))
    ]


#: Names a synonym lookup that finds none offers from its term's search.
NAMES_READ = 3


def _names_read_in(snap: Snapshot, term: str) -> list[str]:
    """The names a search for ``term`` reads in it, as typed, for a lookup
    that finds none: `heart attack symptoms` is no name, but its search
    reads *Heart Attack* in it, and the page offered nothing."""
    plan = snap.planner.plan(SearchRequest.clean(term))
    found = [c.label for c in plan.concepts if c.entries and not c.chatter]
    return found[:NAMES_READ]


def _suggested(corrected: str | None, names: list[str]) -> list[str]:
    """The speller's word first, as a name writes it where one does, then
    the names the term begins, each once: "diab" listed both "diabetes"
    and "Diabetes".

    >>> _suggested("diabetes", ["Diabetes", "Diabetic Diet", "diabetes"])
    ['Diabetes', 'Diabetic Diet']
    >>> _suggested(None, ["Gout"]), _suggested("gait", ["Gaucher Disease"])
    (['Gout'], ['gait', 'Gaucher Disease'])
    """
    if corrected:
        same = [n for n in names if n.casefold() == corrected.casefold()]
        names = [same[0] if same else corrected, *names]
    kept: dict[str, str] = {}
    for name in names:
        kept.setdefault(name.casefold(), name)
    return list(kept.values())


def _match_json(snap: Snapshot, match: NameMatch, listed: set[str]) -> dict:
    """A synonym lookup's match; one held by name only says where this
    index holds its topic's text (``also_from``, as its entry page lists
    it, less the entries listed beside it): the lookup of "fatty liver"
    found only A.D.A.M.'s *Fatty liver - nonalcoholic*, with its text at
    its source, and not GARD's and NIDDK's *Nonalcoholic steatohepatitis*."""
    data = match.to_json()
    if not match.sections:
        data["also_from"] = [
            other.to_json()
            for other in same_topic(snap, match.entry_id, match.title)
            if other.entry_id not in listed
        ]
        # Where its topic holds no text, the broader topic it is filed
        # under: `leg swelling` found only A.D.A.M.'s *Foot, leg, and ankle
        # swelling*, which a search reads as *Edema*.
        filed = [] if data["also_from"] else filed_under(snap, match)
        filed = [other.to_json() for other in filed if other.entry_id not in listed]
        if filed:
            data["filed_under"] = filed
    return data


def _for_a_reader(
    matches: Sequence[NameMatch],
    carriers: Iterable[NameMatch] | None,
    searched: Mapping[str, float] | None = None,
) -> list[NameMatch]:
    """The entries a name means, in the order a reader looks for them: those
    that carry the name before those its curated group brings in, those with
    text before those held by name only (a page that says where the text
    is), then as a search for the name lists them (``searched``: entry ->
    its best section's score), then by source as a reader names it and by
    title."""
    own = {m.entry_id for m in carriers or ()}
    searched = searched or {}
    return sorted(
        matches,
        key=lambda m: (
            m.entry_id not in own,
            not m.sections,
            -searched.get(m.entry_id, 0.0),
            source_label(m.source).casefold(),
            m.title.casefold(),
            m.entry_id,
        ),
    )
