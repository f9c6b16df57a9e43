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

import json
from dataclasses import dataclass

import numpy as np

from . import schema as f

#: Section kinds that give an overview of their entry.
OVERVIEW = frozenset({"summary", "definition", "description", "information"})


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
    cards: list[tuple[int, dict]]  # (document number, parsed name card)
    # The short fields' postings, whole: field -> term -> (documents,
    # frequencies). About 200,000 postings for MedQuAD (a few MB), read in
    # under a second, and then no term lookup in Whoosh's tables (about
    # 25 us each, per field and segment) for four of the five fields.
    short: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]]


def read_segment(reader, codes: dict[str, int]) -> SegmentData:
    """Read one segment; ``codes`` numbers entry ids (new ids are added)."""
    size = reader.doc_count_all()
    length = reader.doc_field_length
    lengths = {
        field: np.fromiter(
            (length(d, field) or 0 for d in range(size)), np.float64, count=size
        )
        for field in f.SEARCHED
    }
    entry_codes = np.fromiter(
        (
            codes.setdefault(e or "", len(codes))
            for e in reader.column_reader(f.ENTRY_ID)
        ),
        np.int64,
        count=size,
    )
    keys = [k or "" for k in reader.column_reader(f.SECTION_KEY)]
    sections = np.fromiter((bool(k) for k in keys), bool, count=size)
    overview = np.fromiter((k in OVERVIEW for k in keys), bool, count=size)
    cards = []
    for docnum, card in enumerate(reader.column_reader(f.NAME_CARD)):
        if card:
            text = card.decode() if isinstance(card, bytes) else card
            cards.append((docnum, json.loads(text)))
    short = {field: _all_postings(reader, field) for field in f.SHORT}
    return SegmentData(lengths, entry_codes, codes, sections, overview, cards, short)


def _all_postings(reader, field: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    out = {}
    for text in reader.lexicon(field):
        matcher = reader.postings(field, text)
        # Deleted documents are masked by the ranker, as for every field.
        ids, weights, _ = read_postings(getattr(matcher, "child", matcher))
        key = text.decode("utf-8") if isinstance(text, bytes) else text
        out[key] = (np.asarray(ids, np.int64), np.asarray(weights, np.float64))
    return out


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

    def for_readers(self, leaves) -> list[SegmentData]:
        """Data for each ``(reader, base)`` leaf, reading only new segments."""
        found = {}
        for reader, _ in leaves:
            key = segment_key(reader)
            found[key] = self._data.get(key) or read_segment(reader, self.codes)
        self._data = found  # forget segments merged away or rebuilt
        return [found[k] for k in found]


def segment_key(reader) -> str:
    """A segment's id (unique within its generation)."""
    segment = reader.segment()
    return segment.segment_id() if segment is not None else str(id(reader))
