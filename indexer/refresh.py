"""What a searcher refresh keeps in step with the index rather than rebuilds.

A write adds one small segment and marks a few documents deleted in the
others; everything else stays as it was. Rebuilding the name index and the
spelling vocabulary from the whole index on every refresh made a write's
cost grow with the corpus (profiled at five MedQuADs: ``NameIndex`` from
every card 1.1 s of CPU, the vocabulary reread 0.3 s, for one PUT). Here
each is updated by what changed: the name tables of new segments are
added, a segment's tables are kept while only its deletions are passed on,
those of merged-away segments are dropped, and the words written since the
last look are added to the speller.
"""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

from .cards import NameTables
from .names import NameIndex, NamePart
from .segments import SegmentData, segment_key
from .spelling import EVERYDAY, EXTRA_FILE, VOCAB_FILE, Speller, read_counts


class LiveNames:
    """One :class:`NameIndex` that follows the segments of an index.

    Each segment's name tables are taken from its derived file (mapped) or
    built from its cards once, when the segment is first seen, and kept
    while it lives; a refresh only passes on each segment's deletions.
    Also counts the live entries and their names, so ``/healthz`` and
    ``/api/stats`` need no walk over the stored documents.
    """

    def __init__(self) -> None:
        self.index = NameIndex()
        self._tables: dict[str, tuple[int, NameTables]] = {}  # segment ->
        self._ranks = itertools.count()
        self._counts: dict[NamePart, tuple[int, int, int]] = {}
        self.entries = 0  # live entry documents
        self.names = 0  # their names
        self.cards = 0  # live documents with a card (entries, synonym groups)
        #: The keys of the names the last update may have changed the
        #: answers about (None: any name's), for what is derived from them.
        self.changed: set[str] | None = None

    def update(self, leaves, segments: list[SegmentData]) -> NameIndex:
        """Bring the names in line with ``leaves`` (``(reader, base)`` pairs)."""
        found: dict[str, tuple[int, NameTables]] = {}
        parts = []
        for (reader, _), data in zip(leaves, segments, strict=True):
            key = segment_key(reader)
            known = self._tables.get(key)
            if known is None:
                tables = data.names or NameTables.build(data.cards)
                known = (next(self._ranks), tables)
            found[key] = known
            dead = (
                frozenset(reader.deleted_docs_set)
                if reader.has_deletions()
                else frozenset()
            )
            parts.append(NamePart(known[0], known[1], dead))
        self._tables = found
        self.changed = self.index.use(parts)
        counts = {part: self._counts.get(part) or part.counts() for part in parts}
        self._counts = counts
        self.entries, self.names, self.cards = (
            sum(c[i] for c in counts.values()) for i in range(3)
        )
        return self.index


class LiveSpeller:
    """A :class:`Speller` over one generation's vocabulary, kept current.

    The vocabulary of the build is read once per generation; after that only
    the small file of words added since is reread, and only when it changed.
    """

    def __init__(self, keep: frozenset[str]) -> None:
        self.keep = keep
        self._folder: Path | None = None
        self._seen: tuple[int, int, int] | None = None
        self._applied: Counter[str] = Counter()
        self._speller: Speller | None = None

    def update(self, folder: Path) -> Speller:
        if self._speller is None or folder != self._folder:
            self._speller = Speller(
                read_counts(folder / VOCAB_FILE), self.keep, EVERYDAY
            )
            self._folder, self._seen, self._applied = folder, None, Counter()
        extra = folder / EXTRA_FILE
        try:
            stat = extra.stat()
            seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except OSError:
            seen = None
        if seen != self._seen:
            added = read_counts(extra)
            self._speller.add(added - self._applied)
            self._applied, self._seen = added, seen
        return self._speller
