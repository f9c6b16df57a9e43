"""The name cards of one segment, and the tables that look their names up.

A name card is the JSON an entry (or a curated synonym group) stores in
the names column (see :func:`~indexer.names.entry_card`). Every worker used
to parse every card at start and file each name in dictionaries: at ten
MedQuADs 6 of a worker's 6.3 s of start-up (pyinstrument: 4.9 s the name
dictionaries, 1.0 s the cards' JSON), and the dictionaries, the parsed
cards and the ``NameMatch`` objects a large share of its heap. The writer
of a large segment now keeps the cards as text with a few arrays per card,
and sorts the rows that find them (:mod:`indexer.prefixes`), in the
segment's derived file; workers map it and parse a card only when a lookup
reaches it. Small segments build the same tables in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from .prefixes import FIELDS, KEY_FIELDS, KeyRows, PrefixTable, card_rows, word_starts

#: Array names of a :class:`CardList` in a derived file, as ``cards.<name>``.
CARD_FIELDS = ("text", "offsets", "doc", "entry", "names", "source")


class CardList:
    """A segment's cards in document order: ``(document, parsed card)``.

    Mapped (``text``/``offsets`` hold each card's JSON, parsed on demand;
    :class:`~indexer.names.NameIndex` remembers what it parsed, bounded) or
    in memory (``parsed``). Per card, ``doc``,
    ``entry`` (an entry's card, not a group's), ``names`` (an entry's names)
    and ``source`` (a code into ``sources``, -1 for a group) are arrays, so
    counts need no parsing.
    """

    def __init__(
        self,
        doc: np.ndarray,
        entry: np.ndarray,
        names: np.ndarray,
        source: np.ndarray,
        sources: list[str],
        *,
        text: np.ndarray | None = None,
        offsets: np.ndarray | None = None,
        parsed: list[dict] | None = None,
    ) -> None:
        self.doc, self.entry, self.names, self.source = doc, entry, names, source
        self.sources = sources
        self.text, self.offsets, self._parsed = text, offsets, parsed

    @classmethod
    def from_parsed(
        cls, cards: list[tuple[int, dict]], raw: list[bytes] | None = None
    ) -> CardList:
        """From ``(document, parsed card)`` pairs in document order; with
        ``raw`` (each card's JSON as stored) it can be written out."""
        sources: dict[str, int] = {}
        source = [
            sources.setdefault(card["s"], len(sources)) if "e" in card else -1
            for _, card in cards
        ]
        text = offsets = None
        if raw is not None:
            lengths = [len(r) for r in raw]
            text = np.frombuffer(b"".join(raw), np.uint8)
            offsets = np.array([0, *np.cumsum(lengths, dtype=np.int64)], np.int64)
        return cls(
            np.array([doc for doc, _ in cards], np.int64),
            np.array(["e" in card for _, card in cards], bool),
            np.array([len(card.get("n", ())) for _, card in cards], np.int64),
            np.array(source, np.int64),
            list(sources),
            text=text,
            offsets=offsets,
            parsed=[card for _, card in cards],
        )

    @classmethod
    def mapped(cls, arrays: dict[str, np.ndarray], sources: list[str]) -> CardList:
        """From a derived file's ``cards.*`` arrays."""
        a = {name: arrays[f"cards.{name}"] for name in CARD_FIELDS}
        return cls(
            a["doc"],
            a["entry"],
            a["names"],
            a["source"],
            sources,
            text=a["text"],
            offsets=a["offsets"],
        )

    def arrays(self) -> dict[str, np.ndarray]:
        if self.text is None:
            raise ValueError("cards parsed without their text cannot be written")
        return {
            "text": self.text,
            "offsets": self.offsets,
            "doc": self.doc,
            "entry": self.entry,
            "names": self.names,
            "source": self.source,
        }

    def __len__(self) -> int:
        return len(self.doc)

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        for i, doc in enumerate(self.doc.tolist()):
            yield doc, self.at(i)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CardList) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def at(self, i: int) -> dict:
        """The ``i``-th card, parsed."""
        if self._parsed is not None:
            return self._parsed[i]
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        # The writer stores UTF-8 (ASCII from json.dumps): decoding here
        # spares json its encoding detection, a twentieth of a suggestion.
        return json.loads(self.text[a:b].tobytes().decode("utf-8"))

    def index_of(self, doc: int) -> int:
        """Which card is document ``doc``'s (it must have one)."""
        return int(self.doc.searchsorted(doc))

    def live(self, dead: frozenset[int]) -> np.ndarray:
        """Per card, whether its document is not deleted."""
        if not dead:
            return np.ones(len(self.doc), bool)
        return ~np.isin(self.doc, np.fromiter(dead, np.int64, len(dead)))

    def entries_by_source(self, live: np.ndarray) -> dict[str, int]:
        """Live entries per source; ``live`` per document of the segment."""
        wanted = self.entry & live[self.doc]
        counts = np.bincount(self.source[wanted], minlength=len(self.sources))
        pairs = zip(self.sources, counts.tolist(), strict=True)
        return {source: int(n) for source, n in pairs if n}


@dataclass(frozen=True, eq=False)
class NameTables:
    """What finds a segment's names: its cards, the rows of each exact name
    key, of each name's first word, and of each word start (autocomplete)."""

    cards: CardList
    keys: KeyRows
    firsts: KeyRows
    prefix: PrefixTable

    @classmethod
    def build(cls, cards: CardList) -> NameTables:
        keys, firsts, prefix = [], set(), []
        for doc, data in cards:
            for n, (key, _, entry) in enumerate(card_rows(data)):
                keys.append((key, doc, n))
                firsts.add((key.split(" ", 1)[0], doc, 0))
                prefix.extend((start, doc, n) for start in word_starts(key, entry))
        return cls(
            cards,
            KeyRows.build(keys),
            KeyRows.build(firsts),
            PrefixTable.from_rows(prefix),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        out = {f"cards.{k}": v for k, v in self.cards.arrays().items()}
        for table in ("keys", "firsts"):
            out.update(
                {f"{table}.{k}": v for k, v in getattr(self, table).arrays().items()}
            )
        out.update({f"prefix.{k}": v for k, v in self.prefix.arrays().items()})
        return out

    @classmethod
    def mapped(cls, arrays: dict[str, np.ndarray], sources: list[str]) -> NameTables:
        """From a derived file's arrays (:meth:`arrays`)."""
        return cls(
            CardList.mapped(arrays, sources),
            KeyRows(*(arrays[f"keys.{n}"] for n in KEY_FIELDS)),
            KeyRows(*(arrays[f"firsts.{n}"] for n in KEY_FIELDS)),
            PrefixTable(*(arrays[f"prefix.{n}"] for n in FIELDS)),
        )

    @staticmethod
    def in_file(names: Iterable[str]) -> bool:
        """Whether a derived file with these arrays holds the tables."""
        names = set(names)
        return all(
            f"{table}.{n}" in names
            for table, fields in (
                ("cards", CARD_FIELDS),
                ("keys", KEY_FIELDS),
                ("firsts", KEY_FIELDS),
                ("prefix", FIELDS),
            )
            for n in fields
        )
