"""Index and search medical encyclopedia entries, one section at a time.

Concepts: an :class:`Entry` (an article: title, alternative names, ordered
sections) comes from the text format (:mod:`indexer.corpus`), MedQuAD
(:mod:`indexer.medquad`) or the write API. The index holds one Whoosh
document per non-empty section plus one per entry (:mod:`indexer.schema`),
in generations that a rebuild swaps atomically (:mod:`indexer.store`).
:class:`SearchService` is the single way to query it.
"""

from .build import build_index, rebuild, remove_entries, sync, upsert_entries
from .errors import (
    EntryNotFound,
    IndexCorrupt,
    IndexerError,
    IndexNotFound,
    InvalidEntry,
    ParseError,
    WriterBusy,
)
from .model import BulletList, Entry, Heading, Paragraph, Section
from .results import SearchResults, SectionHit
from .search import SearchService

__all__ = [
    "BulletList",
    "Entry",
    "EntryNotFound",
    "Heading",
    "IndexCorrupt",
    "IndexNotFound",
    "IndexerError",
    "InvalidEntry",
    "Paragraph",
    "ParseError",
    "SearchResults",
    "SearchService",
    "Section",
    "SectionHit",
    "WriterBusy",
    "build_index",
    "rebuild",
    "remove_entries",
    "sync",
    "upsert_entries",
]
