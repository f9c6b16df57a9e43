"""What a searcher refresh keeps in step with the index rather than rebuilds.

A write adds one small segment and marks a few documents deleted in the
others; everything else stays as it was. Rebuilding the name index and the
spelling vocabulary from the whole index on every refresh made a write's
cost grow with the corpus (profiled at five MedQuADs: ``NameIndex`` from
every card 1.1 s of CPU, the vocabulary reread 0.3 s, for one PUT). Here
each is updated by what changed: the cards of new segments are added, those
of deleted documents and merged-away segments taken out, and the words
written since the last look are added to the speller.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .names import Card, NameIndex
from .segments import SegmentData, segment_key
from .spelling import EXTRA_FILE, VOCAB_FILE, Speller, read_counts


class LiveNames:
    """One :class:`NameIndex` that follows the segments of an index.

    Also counts the live entries and their names, so ``/healthz`` and
    ``/api/stats`` need no walk over the stored documents.
    """

    def __init__(self) -> None:
        self.index = NameIndex()
        self._cards: dict[str, dict[int, Card]] = {}  # segment -> doc -> card
        self._deleted: dict[str, int] = {}  # segment -> deletions seen
        self.entries = 0  # live entry documents
        self.names = 0  # their names
        self.cards = 0  # live documents with a card (entries, synonym groups)

    def update(self, leaves, segments: list[SegmentData]) -> NameIndex:
        """Bring the names in line with ``leaves`` (``(reader, base)`` pairs)."""
        found: dict[str, dict[int, Card]] = {}
        tables = []
        for (reader, _), data in zip(leaves, segments, strict=True):
            key = segment_key(reader)
            gone = reader.deleted_docs_set if reader.has_deletions() else ()
            cards = self._cards.pop(key, None)
            if cards is None:
                cards = {}
                tabled = data.prefix is not None
                for doc, card in data.cards:
                    if doc not in gone:
                        cards[doc] = self._add(card, tabled)
            elif len(gone) != self._deleted.get(key, 0):
                # Deletions only grow within a segment.
                for doc in gone:
                    card = cards.pop(doc, None)
                    if card is not None:
                        self._remove(card)
            self._deleted[key] = len(gone)
            found[key] = cards
            if data.prefix is not None:
                tables.append((data.prefix, cards))
        for key, cards in self._cards.items():  # merged away
            self._deleted.pop(key, None)
            for card in cards.values():
                self._remove(card)
        self._cards = found
        self.index.tables = tables
        return self.index

    def _add(self, data: dict, tabled: bool = False) -> Card:
        card = self.index.add(data, tabled=tabled)
        self.cards += 1
        if card.match is not None:
            self.entries += 1
            self.names += len(card.match.names)
        return card

    def _remove(self, card: Card) -> None:
        self.index.remove(card)
        self.cards -= 1
        if card.match is not None:
            self.entries -= 1
            self.names -= len(card.match.names)


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
            self._speller = Speller(read_counts(folder / VOCAB_FILE), self.keep)
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
