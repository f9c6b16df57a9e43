"""Per-segment data that search derives once and keeps across refreshes.

A Whoosh segment never changes after it is written (deletions are recorded
beside it), and a write adds a small segment next to big unchanged ones. So
field lengths, entry ids, section kinds and name cards are read from each
segment once and reused by every later snapshot that still has that
segment; after a write only the new segment is read, and the change shows
in search sooner.

Everything a snapshot needs per document is kept here as arrays (lengths,
entry codes, section and overview flags), so a new snapshot joins them with
``np.concatenate`` instead of walking every document in Python: at ten
times MedQuAD that walk was a tenth of a second on every refresh.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import postings as postings_files
from . import schema as f
from .arrayfile import read_arrays, read_header, write_arrays
from .cards import CardList, NameTables
from .copies import copy_keys, stored_sections
from .entryfiles import write_entry_files
from .pagefields import DATA as PAGE_DATA
from .pagefields import ENDS as PAGE_ENDS
from .pagefields import PageFields, page_arrays
from .postings import FieldPostings, FlatPostings, find_term, load_postings
from .readinglists import reading_list_docs
from .repeats import containers, repeat_flags
from .stock import learn as learn_sentences

#: The section that marks a drug leaflet: what the drug is for.
LEAFLET_KEY = "why-it-is-used"
#: Section kinds that give an overview of their entry: what a query that is
#: nothing but the entry's name asks for. A drug leaflet's is what the drug
#: is for, not its brand names.
OVERVIEW = frozenset(
    {"summary", "definition", "description", "information", LEAFLET_KEY}
)


class ShortPostings:
    """One short field's postings in a segment, whole, as flat arrays.

    Terms are sorted UTF-8 bytes; a term's documents and frequencies are
    ``docs[offsets[i]:offsets[i + 1]]``. Flat arrays, rather than a dict of
    small arrays per term, can be memory-mapped from the segment's derived
    file and shared by every worker (see :func:`write_derived`).
    """

    def __init__(self, terms, offsets, docs, weights) -> None:
        self.terms, self.offsets, self.docs, self.weights = (
            terms,
            offsets,
            docs,
            weights,
        )

    @classmethod
    def read(cls, reader, field: str) -> ShortPostings:
        found = []
        for text in reader.lexicon(field):
            matcher = reader.postings(field, text)
            # Deleted documents are masked by the ranker, as for every field.
            ids, freqs, _ = read_postings(getattr(matcher, "child", matcher))
            found.append(
                (text if isinstance(text, bytes) else text.encode(), ids, freqs)
            )
        found.sort(key=lambda item: item[0])  # Whoosh lists them sorted already
        offsets = np.cumsum([0] + [len(ids) for _, ids, _ in found], dtype=np.int64)
        return cls(
            np.array(
                [t for t, _, _ in found],
                f"S{max((len(t) for t, _, _ in found), default=1)}",
            ),
            offsets,
            np.fromiter(
                (d for _, ids, _ in found for d in ids), np.int64, int(offsets[-1])
            ),
            np.fromiter(
                (w for _, _, ws in found for w in ws), np.float64, int(offsets[-1])
            ),
        )

    @classmethod
    def recorded(cls, found: FieldPostings) -> ShortPostings:
        """From the postings its writer recorded, as :meth:`read` reads
        them back (the weights float32, as Whoosh keeps them)."""
        terms = found.terms
        return cls(
            np.array(terms, f"S{max(map(len, terms), default=1)}"),
            np.cumsum([0, *found.sizes], dtype=np.int64),
            np.asarray(found.docs).astype(np.int64),
            np.asarray(found.weights).astype(np.float64),
        )

    def get(self, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        i = find_term(self.terms, text.encode())
        if i < 0:
            return None
        a, b = self.offsets[i], self.offsets[i + 1]
        return self.docs[a:b], self.weights[a:b]

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "terms": self.terms,
            "offsets": self.offsets,
            "docs": self.docs,
            "weights": self.weights,
        }


@dataclass(frozen=True)
class SegmentData:
    """What ranking and name lookups need from one segment."""

    lengths: dict[str, np.ndarray]  # per searched field: its length per document
    # Per document: a number for its entry id, the same in every segment
    # (see SegmentCache), so sections group by entry across segments.
    entry_codes: np.ndarray
    codes: dict[str, int]  # entry id -> number; one dict shared by all segments
    sections: np.ndarray  # per document: a section (not an entry document)
    overview: np.ndarray  # per document: a section of an overview kind
    cards: CardList  # (document number, parsed name card) pairs, in order
    # The short fields' postings, whole. About 200,000 postings for MedQuAD
    # (a few MB), and then no term lookup in Whoosh's tables (about 25 us
    # each, per field and segment) for four of the five fields.
    short: dict[str, ShortPostings]
    #: The tables that find the cards' names, mapped from the derived file
    #: (None when it has none: the names module builds them in memory).
    names: NameTables | None = None
    #: What is derived from the segment later, on first use (facet codes).
    memo: dict = dataclasses.field(default_factory=dict, compare=False)
    #: The searched fields' postings, mapped from the segment's postings
    #: file (none when it has none: ranking reads them through Whoosh).
    postings: dict[str, FlatPostings] = dataclasses.field(
        default_factory=dict, compare=False
    )


def _derive(
    reader, recorded: dict[str, FieldPostings] | None = None
) -> tuple[dict[str, np.ndarray], list, CardList, dict]:
    """Arrays, entry ids (first-seen order), cards and short postings (from
    ``recorded``, the postings its writer recorded, when given)."""
    size = reader.doc_count_all()
    length = reader.doc_field_length
    arrays = {
        f"length.{field}": np.fromiter(
            (length(d, field) or 0 for d in range(size)), np.float64, count=size
        )
        for field in f.SEARCHED
    }
    local: dict[str, int] = {}
    arrays["entry"] = np.fromiter(
        (
            local.setdefault(e or "", len(local))
            for e in reader.column_reader(f.ENTRY_ID)
        ),
        np.int64,
        count=size,
    )
    keys = [k or "" for k in reader.column_reader(f.SECTION_KEY)]
    arrays["sections"] = np.fromiter((bool(k) for k in keys), bool, count=size)
    arrays["overview"] = np.fromiter((k in OVERVIEW for k in keys), bool, count=size)
    cards, raw = [], []
    for docnum, card in enumerate(reader.column_reader(f.NAME_CARD)):
        if card:
            text = card if isinstance(card, bytes) else card.encode()
            cards.append((docnum, json.loads(text)))
            raw.append(text)
    short = {
        field: ShortPostings.recorded(recorded[field])
        if recorded
        else ShortPostings.read(reader, field)
        for field in f.SHORT
    }
    return arrays, list(local), CardList.from_parsed(cards, raw), short


def overview_flags(keys: list[str], codes: np.ndarray) -> np.ndarray:
    """Per document, whether its section is of an :data:`OVERVIEW` kind.

    :param keys: section keys by code; ``codes``: each document's code.

    >>> overview_flags(["", "summary", "brand-names"], np.array([1, 2, 0, 1]))
    array([ True, False, False,  True])
    """
    wanted = [code for code, key in enumerate(keys) if key in OVERVIEW]
    return np.isin(codes, wanted)


def _assemble(
    arrays, entry_ids, cards: CardList, short, codes: dict[str, int], names=None
) -> SegmentData:
    # The segment's own entry numbers become the process-wide codes.
    to_code = np.fromiter(
        (codes.setdefault(e, len(codes)) for e in entry_ids),
        np.int64,
        count=len(entry_ids),
    )
    return SegmentData(
        lengths={field: arrays[f"length.{field}"] for field in f.SEARCHED},
        entry_codes=to_code[arrays["entry"]] if len(to_code) else arrays["entry"],
        codes=codes,
        sections=arrays["sections"],
        overview=arrays["overview"],
        cards=cards,
        short=short,
        names=names,
    )


def read_segment(
    reader, codes: dict[str, int], folder: Path | None = None
) -> SegmentData:
    """Read one segment; ``codes`` numbers entry ids (new ids are added).

    From the segment's derived file when the writer left one, else from
    the segment itself (an index written before those files existed).
    """
    flat = load_postings(reader, folder)
    path = derived_path(reader, folder) if folder is not None else None
    if path is not None and path.is_file():
        try:
            return dataclasses.replace(_load_derived(path, codes), postings=flat)
        except (OSError, ValueError, KeyError):
            pass  # damaged: derive it again below
    return dataclasses.replace(_assemble(*_derive(reader), codes), postings=flat)


# -- derived files -------------------------------------------------------------
#
# What every worker derived from each segment at start (field lengths, the
# short fields' postings, name cards) cost seconds per worker at MedQuAD
# size and grew with the corpus; each worker also held its own copy. The
# writer that commits a segment now derives it once and writes it beside
# the segment, as ``<segment id>.derived``: an 8-byte header length, a JSON
# header (array layout, entry ids, facet names), then the arrays, 8-byte
# aligned. Workers map the file read-only, so the arrays live in the page
# cache once for all of them. The name matches Whoosh's segment files, so
# Whoosh deletes it with its segment after a merge.

DERIVED = ".derived"
#: Smaller segments (a few writes) are derived by each reader, as cheaply
#: as read from a file; the writer's reply does not wait for them.
MIN_DERIVED_DOCS = 1_000


def derived_path(reader, folder: Path) -> Path | None:
    """Where the derived file of ``reader``'s segment is (in ``folder``)."""
    segment = reader.segment()
    if segment is None:
        return None
    return Path(folder) / f"{segment.segment_id()}{DERIVED}"


def write_derived(
    reader,
    folder: Path,
    *,
    upgrade: bool = False,
    recorded: dict[str, FieldPostings] | None = None,
    min_docs: int | None = None,
) -> None:
    """Derive one segment's data and write it beside the segment, atomically.

    :param folder: the generation's folder, where the segment is.
    :param upgrade: also rewrite a file written before the autocomplete
        rows, the name rows and facet codes were part of it.
    :param recorded: the postings by field as the segment's writer wrote
        them (:class:`indexer.writer.SectionWriter`), so the short fields
        are not read back.
    :param min_docs: smaller segments get no file (default
        :data:`MIN_DERIVED_DOCS`).
    """
    path = derived_path(reader, folder)
    if min_docs is None:
        min_docs = MIN_DERIVED_DOCS
    if path is None or reader.doc_count_all() < min_docs:
        return
    if path.exists() and not (upgrade and not _is_current(path)):
        return
    arrays, entry_ids, cards, short = _derive(reader, recorded)
    for field, postings in short.items():
        for name, array in postings.arrays().items():
            arrays[f"short.{field}.{name}"] = array
    arrays.update(NameTables.build(cards).arrays())
    number = {entry_id: n for n, entry_id in enumerate(entry_ids)}
    keys, arrays["facet.keys"], sources, arrays["facet.sources"] = _facets(
        reader, arrays["entry"], cards, number.get
    )
    arrays["repeats"] = _repeat_flags(
        reader, arrays["entry"], arrays["facet.keys"], arrays["sections"]
    )
    stored = stored_sections(reader, arrays["sections"])
    arrays["copies"] = copy_keys(reader, arrays["sections"], stored)
    arrays["containers"] = containers(stored, len(arrays["sections"]))
    arrays["readinglists"] = reading_list_docs(stored)
    arrays.update(learn_sentences(stored, len(arrays["sections"])))
    arrays.update(page_arrays(stored, len(arrays["sections"])))
    write_arrays(
        path,
        arrays,
        {
            "entry_ids": entry_ids,
            "card_sources": cards.sources,
            "facets": {"keys": keys, "sources": sources},
        },
    )
    write_entry_files(reader, folder)


def _is_current(path: Path) -> bool:
    """Whether a derived file holds the name tables, their name rows and
    word bags, the facet codes, the repeats and what pages show of the
    sections (files written before them do not)."""
    try:
        header = read_header(path)
    except (OSError, ValueError):
        return False
    arrays = header.get("arrays", {})
    return (
        "facets" in header
        and "repeats" in arrays
        and PAGE_ENDS in arrays
        and NameTables.in_file(arrays, rows=True, bags=True)
    )


def write_derived_for(
    ix, *, upgrade: bool = False, min_docs: int | None = None
) -> None:
    """Write the derived file of every large segment of ``ix`` that lacks one.

    Never fails a write that has committed: without the file, readers
    derive the segment themselves.

    :param upgrade: also rewrite files written by an older version
        (``medsearch optimize`` does; a write does not wait for that).
    :param min_docs: what a large segment is: a merge between writes
        (:func:`indexer.build.merge_waiting`) has the time to write the
        file of the few hundred documents it joined, which each serving
        worker would otherwise derive as it reads the merged segment.
    """
    from whoosh.reading import SegmentReader

    folder = Path(ix.storage.folder)
    if min_docs is None:
        min_docs = MIN_DERIVED_DOCS
    for segment in ix._segments():
        if segment.doc_count_all() < min_docs:
            continue
        path = folder / f"{segment.segment_id()}{DERIVED}"
        if path.exists() and not (upgrade and not _is_current(path)):
            continue
        try:
            reader = SegmentReader(ix.storage, ix.schema, segment)
            try:
                write_derived(reader, folder, upgrade=upgrade, min_docs=min_docs)
            finally:
                reader.close()
        except (OSError, ValueError):
            continue


def _load_derived(path: Path, codes: dict[str, int]) -> SegmentData:
    header, arrays = read_arrays(path, unmapped={PAGE_ENDS, PAGE_DATA})
    short = {
        field: ShortPostings(
            *(
                arrays[f"short.{field}.{n}"]
                for n in ("terms", "offsets", "docs", "weights")
            )
        )
        for field in f.SHORT
    }
    if NameTables.in_file(arrays):
        names = NameTables.mapped(arrays, header["card_sources"])
        cards = names.cards
    else:  # written before the name tables: the cards are in the header
        names, cards = None, CardList.from_parsed(header["cards"])
    data = _assemble(arrays, header["entry_ids"], cards, short, codes, names)
    facets = header.get("facets")
    if facets is not None:
        # From the section keys, not the flags the file was written with,
        # so the overview kinds of this version hold for older files too.
        data = dataclasses.replace(
            data, overview=overview_flags(facets["keys"], arrays["facet.keys"])
        )
        data.memo["facets"] = (
            facets["keys"],
            arrays["facet.keys"],
            facets["sources"],
            arrays["facet.sources"],
        )
    if "repeats" in arrays:  # files written before them: worked out on use
        data.memo["repeats"] = arrays["repeats"]
    # Files written before them: not worked out (see derived_or_worked_out).
    data.memo["copies"] = arrays.get("copies")
    data.memo["containers"] = arrays.get("containers")
    if "readinglists" in arrays:  # else worked out on use
        data.memo["reading_lists"] = arrays["readinglists"]
    data.memo["sentences"] = (
        (arrays["sentences.keys"], arrays["sentences.counts"])
        if "sentences.keys" in arrays
        else None
    )
    if "stock.at" in arrays:  # else none: see SearchService's snippets
        data.memo["stock"] = (arrays["stock.at"], arrays["stock.runs"])
    # None for a file written before them: read through Whoosh.
    data.memo["page_fields"] = PageFields.from_arrays(arrays)
    return data


def read_postings(matcher, values: bool = False) -> tuple[list, list, list]:
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


class SegmentCache:
    """Segment data by segment id, for the segments still in use.

    Entry codes are numbered once for the life of the cache (a removed
    entry keeps its number), so a segment read earlier and one read now
    agree on every entry's code.
    """

    def __init__(self) -> None:
        self._data: dict[str, SegmentData] = {}
        self.codes: dict[str, int] = {}

    def for_readers(self, leaves, folder: Path | None = None) -> list[SegmentData]:
        """Data for each ``(reader, base)`` leaf, reading only new segments.

        :param folder: the generation's folder, for the derived files.
        """
        found = {}
        for reader, _ in leaves:
            key = segment_key(reader)
            found[key] = self._data.get(key) or read_segment(reader, self.codes, folder)
        self._data = found  # forget segments merged away or rebuilt
        return [found[k] for k in found]


def segment_facets(reader, data: SegmentData) -> tuple:
    """Per document, a local number for its section key and for its source.

    :returns: ``(keys, key codes, sources, source codes)``, the codes
        indexing the lists. Read from the segment's derived file when its
        writer left one, else worked out once per segment (kept in
        :attr:`SegmentData.memo`), so after a write only the new segment's
        documents are walked. A section's source is its entry's, from the
        entry's name card (written in the same segment as its sections).
    """
    found = data.memo.get("facets")
    if found is None:
        found = _facets(reader, data.entry_codes, data.cards, data.codes.get)
        data.memo["facets"] = found
    return found


def _facets(reader, entries: np.ndarray, cards, number_of) -> tuple:
    """:func:`segment_facets` from per-document entry numbers; ``number_of``
    gives an entry id's number."""
    size = reader.doc_count_all()
    keys: dict[str, int] = {}
    key_codes = np.fromiter(
        (
            keys.setdefault(k or "", len(keys))
            for k in reader.column_reader(f.SECTION_KEY)
        ),
        np.int64,
        count=size,
    )
    of_entry = {number_of(card["e"]): card["s"] for _, card in cards if "e" in card}
    sources: dict[str, int] = {"": 0}
    by_code = {
        code: sources.setdefault(s, len(sources)) for code, s in of_entry.items()
    }
    source_codes = np.fromiter(
        (by_code.get(code, 0) for code in entries.tolist()), np.int64, count=size
    )
    return list(keys), key_codes, list(sources), source_codes


def segment_key(reader) -> str:
    """A segment's id (unique within its generation)."""
    segment = reader.segment()
    return segment.segment_id() if segment is not None else str(id(reader))


def may_hold(reader, data: SegmentData, fieldname: str, text: str) -> bool:
    """Whether a segment read through Whoosh (no postings file) may hold a
    term: False only when it surely does not.

    A word a long question scores for the first time was looked up in the
    term table of every such segment (some 13 us a segment, most often in
    vain: at ten MedQuADs, with four segments of PUTs, 46 lookups and 0.6
    ms of a long question, and 0.3 ms more counting its documents). A
    recent write's segment (under :data:`~indexer.postings.MIN_DOCS`
    documents) answers from a set of its terms, read on first use (2.5 ms
    for 220 documents) and kept in :attr:`SegmentData.memo` while the
    segment lasts: deletions leave a segment's terms as they are. A large
    segment without the file (an index written before them) is asked, as
    before, rather than holding a set of its 100,000 terms.
    """
    if reader.doc_count_all() >= postings_files.MIN_DOCS:
        return True
    key = ("terms", fieldname)
    terms = data.memo.get(key)
    if terms is None:
        terms = data.memo[key] = frozenset(reader.lexicon(fieldname))
    return text.encode() in terms


def derived_or_worked_out(
    reader,
    data: SegmentData,
    name: str,
    work: Callable[[], Any],
    none: Callable[[], Any],
) -> Any:
    """What a large segment's writer keeps under ``name`` in its derived
    file (loaded into :attr:`SegmentData.memo`), or for a segment without
    one (a few writes) ``work()``, done once and kept there. A large file
    written before it gets ``none()``: read, every section of a large
    segment would cost a worker seconds, so it goes without until it is
    written again. Copies, held sections and sentence counts alike."""
    found = data.memo.get(name)
    if found is None:
        if name in data.memo or reader.doc_count_all() >= MIN_DERIVED_DOCS:
            found = none()
        else:
            found = work()
        data.memo[name] = found
    return found


def segment_repeats(reader, data: SegmentData) -> np.ndarray:
    """Per document: a section that repeats another of its entry under the
    same name (see :func:`_repeat_flags`). Read from the segment's derived
    file when its writer left them there, else worked out once per
    segment and kept in :attr:`SegmentData.memo` (an entry's sections are
    written together, in one segment)."""
    found = data.memo.get("repeats")
    if found is None:
        _, key_codes, _, _ = segment_facets(reader, data)
        found = _repeat_flags(reader, data.entry_codes, key_codes, data.sections)
        data.memo["repeats"] = found
    return found


def _repeat_flags(
    reader, entries: np.ndarray, keys: np.ndarray, sections: np.ndarray
) -> np.ndarray:
    """Per document: a section that repeats another of its entry under the
    same name (:func:`~indexer.repeats.repeat_flags`: word for word, inside
    a longer one, or nearly so). Only sections that share entry and
    section name have their texts read: at ten MedQuADs 0.47 s, so the
    writer of a large segment works it out once, for every worker (see
    :func:`write_derived`).

    :param entries: each document's entry number; ``keys`` its section
        key's code; ``sections``: which documents are sections.
    """
    found = np.zeros(len(entries), bool)
    docs = np.flatnonzero(sections)
    group = np.stack([entries[docs], keys[docs]])
    order = np.lexsort(group[::-1])  # stable: each group in document order
    ordered = group[:, order]
    starts = np.flatnonzero(np.any(ordered[:, 1:] != ordered[:, :-1], axis=0)) + 1
    for same in np.split(docs[order], starts):
        if len(same) < 2:
            continue
        members = same.tolist()
        texts = [reader.stored_fields(doc).get(f.BODY) or "" for doc in members]
        found[members] = repeat_flags(texts)
    return found
