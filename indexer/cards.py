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
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .analysis import word_bag
from .prefixes import (
    FIELDS,
    KEY_FIELDS,
    KeyRows,
    PrefixTable,
    card_rows,
    text_arrays,
    word_starts,
)

#: Array names of a :class:`CardList` in a derived file, as ``cards.<name>``.
CARD_FIELDS = ("text", "offsets", "doc", "entry", "names", "source")
#: Array names of a :class:`NameRows` in a derived file, as ``rows.<name>``.
ROW_FIELDS = (
    "key_text",
    "key_offsets",
    "shown_text",
    "shown_offsets",
    "sections",
    "titled",
    "first",
    "written",
)
#: Row arrays a derived file written before them lacks: rows are still read
#: from it, each name counted as written nowhere (the order before).
LATER_ROW_FIELDS = frozenset({"written"})


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

    def live(self, dead: np.ndarray) -> np.ndarray:
        """Per card, whether its document is not among ``dead`` (deleted)."""
        if not len(dead):
            return np.ones(len(self.doc), bool)
        return ~np.isin(self.doc, dead)

    def entries_by_source(self, live: np.ndarray) -> dict[str, int]:
        """Live entries per source; ``live`` per document of the segment."""
        wanted = self.entry & live[self.doc]
        counts = np.bincount(self.source[wanted], minlength=len(self.sources))
        pairs = zip(self.sources, counts.tolist(), strict=True)
        return {source: int(n) for source, n in pairs if n}


def _decoded(text: np.ndarray, offsets: np.ndarray, ids: np.ndarray) -> list[str]:
    blob = memoryview(text)
    starts, ends = offsets[ids].tolist(), offsets[ids + 1].tolist()
    return [str(blob[a:b], "utf-8") for a, b in zip(starts, ends, strict=True)]


class NameRows:
    """What a suggestion needs of each name of each card, as arrays.

    A card's names are its rows, numbered as
    :func:`~indexer.prefixes.card_rows` lists them; row ``n`` of the ``i``-th
    card is ``first[i] + n`` here. Per row: the name key, the name as
    written, the entry's sections with text (-1 for a curated group's name),
    whether it is the key of the entry's title and how many times the
    entry's text writes it (0 in cards written before the count).
    Autocomplete used to parse the JSON card of each of a prefix's ~400 rows
    for these, and of every entry carrying each name found (59 % of a new
    prefix's time in a py-spy profile); it now reads them here and parses
    only the cards it shows.
    """

    def __init__(
        self,
        key_text,
        key_offsets,
        shown_text,
        shown_offsets,
        sections,
        titled,
        first,
        written=None,
    ) -> None:
        self.key_text, self.key_offsets = key_text, key_offsets
        self.shown_text, self.shown_offsets = shown_text, shown_offsets
        self.sections, self.titled, self.first = sections, titled, first
        if written is None:
            written = np.zeros(len(sections), np.int32)
        self.written = written

    @classmethod
    def build(cls, cards: Iterable[tuple[int, dict]]) -> NameRows:
        """From a segment's ``(document, parsed card)`` pairs, in order."""
        keys, shown, sections, titled, first, written = [], [], [], [], [0], []
        for _, data in cards:
            title = data["k"][0] if "e" in data and data["k"] else None
            times = dict(zip(data["k"], data.get("w", ()), strict=False))
            for key, name, entry in card_rows(data):
                keys.append(key)
                shown.append(name)
                sections.append(data["c"] if entry else -1)
                titled.append(key == title)
                written.append(times.get(key, 0) if entry else 0)
            first.append(len(keys))
        return cls(
            *text_arrays([s.encode() for s in keys]),
            *text_arrays([s.encode() for s in shown]),
            np.array(sections, np.int64),
            np.array(titled, bool),
            np.array(first, np.int64),
            np.array(written, np.int32),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        return dict(
            zip(
                ROW_FIELDS,
                (
                    self.key_text,
                    self.key_offsets,
                    self.shown_text,
                    self.shown_offsets,
                    self.sections,
                    self.titled,
                    self.first,
                    self.written,
                ),
                strict=True,
            )
        )

    def ids(self, cards: CardList, docs, rows) -> np.ndarray:
        """The row numbers here of ``(document, row of its card)`` pairs
        (two sequences of ints)."""
        at = cards.doc.searchsorted(np.asarray(docs, np.int64))
        return self.first[at] + np.asarray(rows, np.int64)

    def names(self, ids: np.ndarray) -> tuple[list[str], list[str]]:
        """Name keys and names as written of rows ``ids``."""
        return self.keys(ids), _decoded(self.shown_text, self.shown_offsets, ids)

    def keys(self, ids: np.ndarray) -> list[str]:
        """Name keys of rows ``ids``."""
        return _decoded(self.key_text, self.key_offsets, ids)

    def first_name(self, cards: CardList, doc: int) -> tuple[str, str]:
        """The key and the name as written of a card's first row (an
        entry's title): :meth:`ids` and :meth:`names` for one row, without
        their arrays (six numpy calls were 20 µs; autocomplete asks this
        of every entry it could list)."""
        i = self._rows_of(cards, doc).start
        return self._text("key", i), self._text("shown", i)

    def card_keys(self, cards: CardList, doc: int) -> list[str]:
        """The name keys of every row of a card, in order (an entry's
        title first), without parsing it."""
        return [self._text("key", i) for i in self._rows_of(cards, doc)]

    def card_shown(self, cards: CardList, doc: int) -> list[str]:
        """The names as written of every row of a card, in order, without
        parsing it."""
        return [self._text("shown", i) for i in self._rows_of(cards, doc)]

    def _rows_of(self, cards: CardList, doc: int) -> range:
        at = int(cards.doc.searchsorted(doc))
        return range(int(self.first[at]), int(self.first[at + 1]))

    def _text(self, which: str, i: int) -> str:
        """Row ``i``'s name key (``"key"``) or name as written (``"shown"``),
        sliced from a memoryview rather than from numpy arrays."""
        text, offsets = self._views[which]
        return str(text[offsets[i] : offsets[i + 1]], "utf-8")

    @cached_property
    def _views(self) -> dict[str, tuple[memoryview, memoryview]]:
        return {
            "key": (memoryview(self.key_text), memoryview(self.key_offsets)),
            "shown": (memoryview(self.shown_text), memoryview(self.shown_offsets)),
        }


@dataclass(frozen=True, eq=False)
class NameTables:
    """What finds a segment's names: its cards, the rows of each exact name
    key, of each name's first word, and of each word start (autocomplete)."""

    cards: CardList
    keys: KeyRows
    firsts: KeyRows
    prefix: PrefixTable
    #: None in a derived file written before the name rows: then they are
    #: built from the cards on first use (a parse of every card, 0.11 s of
    #: CPU for MedQuAD) until ``medsearch optimize`` rewrites the file.
    stored_rows: NameRows | None = field(default=None, repr=False)
    #: The rows of each name's :func:`~indexer.analysis.word_bag`: a name
    #: typed in another order or with other small words ("ringing in
    #: ears"). None in a derived file written before them: such a
    #: segment's names are found as written until it is rewritten.
    bags: KeyRows | None = field(default=None, repr=False)

    @cached_property
    def whole_starts(self) -> np.ndarray:
        """Per row of :attr:`prefix`, whether its word start is its name
        whole (from the name's first word on): the names a prefix begins,
        which autocomplete lists first (see
        :meth:`~indexer.prefixes.PrefixTable.whole_first`). A word start
        is its name's last words, so it is whole where it is as long. One
        pass over the table on first use (MedQuAD: 104,000 rows)."""
        table, rows = self.prefix, self.rows
        ids = rows.ids(self.cards, table.doc, table.row)
        lengths = rows.key_offsets[ids + 1] - rows.key_offsets[ids]
        return np.asarray(lengths == np.diff(table.offsets))

    @cached_property
    def rows(self) -> NameRows:
        """Per name of each card, what a suggestion shows and ranks by."""
        if self.stored_rows is not None:
            return self.stored_rows
        return NameRows.build(self.cards)

    @cached_property
    def title_hashes(self) -> frozenset[int]:
        """The hashes of the name keys that are an entry's title, deleted
        entries' too (made once per table, on first use, from arrays)."""
        keys = self.keys
        if not len(keys):
            return frozenset()
        titled = self.rows.titled[self.rows.ids(self.cards, keys.doc, keys.row)]
        return frozenset(keys.hash[titled].tolist())

    @classmethod
    def build(cls, cards: CardList) -> NameTables:
        keys, prefix, bags = [], [], []
        firsts: dict[tuple[str, int], int] = {}
        for doc, data in cards:
            for n, (key, _, entry) in enumerate(card_rows(data)):
                keys.append((key, doc, n))
                # A first word's row is the word count of the card's longest
                # name it begins (files written before hold 0: not known).
                first, words = key.split(" ", 1)[0], key.count(" ") + 1
                firsts[first, doc] = max(firsts.get((first, doc), 0), words)
                prefix.extend((start, doc, n) for start in word_starts(key, entry))
                if bag := word_bag(key):
                    bags.append((bag, doc, n))
        return cls(
            cards,
            KeyRows.build(keys),
            KeyRows.build((first, doc, n) for (first, doc), n in firsts.items()),
            PrefixTable.from_rows(prefix),
            NameRows.build(cards),
            KeyRows.build(bags),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        out = {f"cards.{k}": v for k, v in self.cards.arrays().items()}
        for table in ("keys", "firsts"):
            out.update(
                {f"{table}.{k}": v for k, v in getattr(self, table).arrays().items()}
            )
        out.update({f"prefix.{k}": v for k, v in self.prefix.arrays().items()})
        out.update({f"rows.{k}": v for k, v in self.rows.arrays().items()})
        if self.bags is not None:
            out.update({f"bags.{k}": v for k, v in self.bags.arrays().items()})
        return out

    @classmethod
    def mapped(cls, arrays: dict[str, np.ndarray], sources: list[str]) -> NameTables:
        """From a derived file's arrays (:meth:`arrays`)."""
        return cls(
            CardList.mapped(arrays, sources),
            KeyRows(*(arrays[f"keys.{n}"] for n in KEY_FIELDS)),
            KeyRows(*(arrays[f"firsts.{n}"] for n in KEY_FIELDS)),
            PrefixTable(*(arrays[f"prefix.{n}"] for n in FIELDS)),
            NameRows(*(arrays.get(f"rows.{n}") for n in ROW_FIELDS))
            if NameTables.in_file(arrays, rows=True)
            else None,
            KeyRows(*(arrays[f"bags.{n}"] for n in KEY_FIELDS))
            if NameTables.in_file(arrays, bags=True)
            else None,
        )

    @staticmethod
    def in_file(
        names: Iterable[str], *, rows: bool = False, bags: bool = False
    ) -> bool:
        """Whether a derived file with these arrays holds the tables (with
        ``rows`` or ``bags``: the name rows or the word bags too, which
        older files lack)."""
        names = set(names)
        tables = [
            ("cards", CARD_FIELDS),
            ("keys", KEY_FIELDS),
            ("firsts", KEY_FIELDS),
            ("prefix", FIELDS),
        ]
        if rows:
            tables.append(
                ("rows", [n for n in ROW_FIELDS if n not in LATER_ROW_FIELDS])
            )
        if bags:
            tables.append(("bags", KEY_FIELDS))
        return all(f"{table}.{n}" in names for table, fields in tables for n in fields)
