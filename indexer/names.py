"""Names: the thesaurus of titles, alternative names and curated synonyms.

Every entry's title and alternative names, and every group of the curated
``thesaurus.txt`` (common abbreviations and lay terms), are indexed under a
normalised *name key*. That one mechanism serves synonym lookups, query
expansion (a name in a query also searches its other names), "the query
names this entry" ranking, and autocomplete.
"""

from __future__ import annotations

import heapq
import itertools
import json
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sortedcontainers import SortedList

from .analysis import _FOLD
from .corpus import THESAURUS_FILE
from .errors import ParseError
from .prefixes import PrefixTable, card_rows, word_starts

_NON_WORD = re.compile(r"[^\w]+")
MAX_NAME_WORDS = 8
MAX_COMPLETED = 4096  # prefixes whose suggestions are remembered


def name_key(name: str) -> str:
    """The form names are matched in: lowercase, unaccented, words only.

    >>> [name_key(n) for n in ("Liver cancer - metastatic", "COVID-19", "Sjögren's")]
    ['liver cancer metastatic', 'covid 19', 'sjogren s']
    """
    return " ".join(_NON_WORD.sub(" ", name.lower().translate(_FOLD)).split())


def read_thesaurus(path: Path) -> list[tuple[str, ...]]:
    """Synonym groups from a thesaurus file: ``name; name; ...`` per line.

    :raises ParseError: naming the file and line of a group with one name.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(path, f"cannot read the thesaurus ({exc})") from exc
    groups = []
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        names = tuple(dict.fromkeys(n.strip() for n in line.split(";") if n.strip()))
        if len(names) < 2:
            raise ParseError(path, "a synonym group needs two or more names", number)
        groups.append(names)
    return groups


def find_thesaurus(paths: Iterable[Path], fallback: Path | None) -> Path | None:
    """The thesaurus to index: one inside a given folder, else ``fallback``."""
    for path in paths:
        candidate = path / THESAURUS_FILE
        if path.is_dir() and candidate.is_file():
            return candidate
    return fallback if fallback is not None and fallback.is_file() else None


@dataclass(frozen=True, slots=True)
class NameMatch:
    """An entry known by a name."""

    entry_id: str
    title: str
    names: tuple[str, ...]
    source: str
    sections: int  # sections with text; 0 when the text is not available
    title_key: str = ""  # name_key(title), computed at index time

    def to_json(self) -> dict:
        return {
            "entry_id": self.entry_id,
            "title": self.title,
            "names": list(self.names),
            "source": self.source,
        }


def entry_card(entry_id: str, title: str, names, source: str, sections: int) -> str:
    """What the names column holds for an entry document.

    The name keys are computed here, at index time, so loading the names
    of a large index costs a JSON parse and no normalising.
    """
    return json.dumps(
        {
            "e": entry_id,
            "t": title,
            "n": list(names),
            "k": [name_key(n) for n in names],
            "s": source,
            "c": sections,
        },
        ensure_ascii=False,
    )


def group_card(names: Iterable[str]) -> str:
    """What the names column holds for a thesaurus group document."""
    names = list(names)
    return json.dumps(
        {"g": names, "k": [name_key(n) for n in names]}, ensure_ascii=False
    )


@dataclass(frozen=True, eq=False, slots=True)
class Card:
    """What one card added to a :class:`NameIndex`, to take it out again."""

    serial: int
    rows: list[tuple[str, str, NameMatch | None]]
    match: NameMatch | None = None
    group: tuple[str, ...] | None = None
    #: Its autocomplete rows are in a segment's mapped :class:`PrefixTable`.
    tabled: bool = False


_serials = itertools.count()


def _prefix_rows(card: Card) -> list[tuple[str, int, int, str, str]]:
    """Autocomplete rows of one card's names: each word start, so "diab"
    finds "Type 2 diabetes" too (a curated name only from its start).

    A row is ``(word-start key, card serial, row, name key, display name)``:
    sorted, rows of one word start keep the order their cards were added in.
    """
    return [
        (start, card.serial, n, key, name)
        for n, (key, name, match) in enumerate(card.rows)
        for start in word_starts(key, match is not None)
    ]


def _row_order(row: tuple) -> tuple:
    return row[:3]


def _mapped_rows(rows: Iterable[tuple[str, int, int]], cards: dict[int, Card]):
    """A mapped table's rows as the in-memory ones are, in the same order
    (a segment's cards are added in document order, so serials follow it)."""
    for word_start, doc, n in rows:
        card = cards.get(doc)
        if card is not None:
            name, display, _ = card.rows[n]
            yield (word_start, card.serial, n, name, display)


@dataclass
class NameIndex:
    """Every name of one index snapshot, in memory, for fast lookups.

    Built from the names column (one JSON card per entry or group).
    """

    entries: dict[str, list[NameMatch]] = field(default_factory=dict)
    groups: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    # Sorted rows of :func:`_prefix_rows` for prefix search, built on first
    # use. A sorted list of sublists (sortedcontainers): a write adds and
    # takes out rows in O(log n); a plain list moved every row after the
    # change, which made a commit that merged a few hundred cards cost
    # seconds at five MedQuADs (4.2 s in ``remove`` for one PUT, profiled).
    _prefix: SortedList | None = None
    # The cards added, by serial, in the order they were added.
    _cards: dict[int, Card] = field(default_factory=dict)
    #: Mapped rows of large segments, each with its live cards by document
    #: (set by :class:`~indexer.refresh.LiveNames`); their cards are added
    #: ``tabled`` and have no rows in ``_prefix``.
    tables: list[tuple[PrefixTable, dict[int, Card]]] = field(default_factory=list)
    # First words of the names (keys of entries and groups), counted.
    _starts: Counter[str] = field(default_factory=Counter)
    # Name key -> (its best entry, entries with text carrying it), or None
    # for a name with no text; autocomplete asks the same names again and
    # again. Emptied by every change of the cards.
    _suggestable: dict[str, tuple[NameMatch, int] | None] = field(default_factory=dict)
    # Prefix -> its suggestions: every user's first keystrokes are the same
    # few hundred prefixes, and a short one reads some 400 rows of each
    # mapped table (1-3 ms). Emptied by every change of the cards.
    _completed: OrderedDict[tuple[str, int], list[dict]] = field(
        default_factory=OrderedDict
    )

    @classmethod
    def from_records(cls, records: Iterable[dict]) -> NameIndex:
        """Build from parsed cards (see :func:`entry_card`, :func:`group_card`)."""
        index = cls()
        for data in records:
            index.add(data)
        return index

    # A write changes a few cards among thousands: the index is kept in step
    # by adding and removing cards rather than rebuilt (rebuilding took
    # 0.4 s a refresh at one MedQuAD, 2 s at five).

    def add(self, data: dict, *, tabled: bool = False) -> Card:
        """Add one parsed card; returns the handle that :meth:`remove` takes.

        :param tabled: its autocomplete rows are in a mapped table
            (:attr:`tables`), not to be kept in memory.
        """
        self._suggestable.clear()
        self._completed.clear()
        rows: list[tuple[str, str, NameMatch | None]] = []
        if "g" in data:
            group = tuple(data["g"])
            for key, name, _ in card_rows(data):
                self._note_key(key)
                self.groups.setdefault(key, []).append(group)
                rows.append((key, name, None))
            card = Card(next(_serials), rows, group=group, tabled=tabled)
        else:
            match = NameMatch(
                data["e"],
                data["t"],
                tuple(data["n"]),
                data["s"],
                data["c"],
                data["k"][0] if data["k"] else "",
            )
            for key, name, _ in card_rows(data):
                self._note_key(key)
                self.entries.setdefault(key, []).append(match)
                rows.append((key, name, match))
            card = Card(next(_serials), rows, match=match, tabled=tabled)
        self._cards[card.serial] = card
        if self._prefix is not None and not tabled:
            self._prefix.update(_prefix_rows(card))
        return card

    def remove(self, card: Card) -> None:
        """Take out a card added by :meth:`add`."""
        self._suggestable.clear()
        self._completed.clear()
        for key, _, match in card.rows:
            table = self.groups if match is None else self.entries
            found = table.get(key, [])
            for i, item in enumerate(found):
                if item is (card.group if match is None else match):
                    del found[i]
                    break
            if not found:
                table.pop(key, None)
                self._drop_key(key)
        gone = self._cards.pop(card.serial, None)
        if gone is not None and self._prefix and not card.tabled:
            for row in _prefix_rows(card):
                self._prefix.discard(row)

    def _note_key(self, key: str) -> None:
        if key not in self.entries and key not in self.groups:
            self._starts[key.split(" ", 1)[0]] += 1

    def _drop_key(self, key: str) -> None:
        if key not in self.entries and key not in self.groups:
            first = key.split(" ", 1)[0]
            self._starts[first] -= 1
            if self._starts[first] <= 0:
                del self._starts[first]

    def _prefix_table(self) -> SortedList:
        """Sorted word-start keys for autocomplete, built on first use."""
        if self._prefix is None:
            self._prefix = SortedList(
                row
                for card in self._cards.values()
                if not card.tabled
                for row in _prefix_rows(card)
            )
        return self._prefix

    def synonyms(self, key: str) -> set[str]:
        """Other names that mean the same as the name ``key``."""
        out: set[str] = set()
        for group in self.groups.get(key, ()):
            out.update(group)
        matches = self.entries.get(key, ())
        for match in matches:
            out.add(match.title)
            if len(matches) == 1 and name_key(match.title) == key:
                # The title of one entry: its alternative names mean it too.
                out.update(match.names)
        unique: dict[str, str] = {}
        for name in sorted(out):
            if name and name_key(name) != key:
                unique.setdefault(name_key(name), name)
        return set(unique.values())

    def named(self, key: str) -> list[NameMatch]:
        """The entries a name means: those that carry it, then, for a name of
        a curated group, those that carry another name of the group."""
        matches = {m.entry_id: m for m in self.entries.get(key, [])}
        for group in self.groups.get(key, []):
            for other in group:
                for m in self.entries.get(name_key(other), []):
                    matches.setdefault(m.entry_id, m)
        return list(matches.values())

    def is_name(self, key: str) -> bool:
        return key in self.entries or key in self.groups

    def starts_a_name(self, word_key: str) -> bool:
        """Whether some name begins with this word (most words begin none)."""
        return word_key.split(" ", 1)[0] in self._starts

    def _suggestion(self, name: str) -> tuple[NameMatch, int] | None:
        """The entry a suggested name leads to (the one it is the title of,
        else the one with most text) and how many entries with text carry
        it; None if none has text."""
        if name not in self._suggestable:
            matches = [m for m in self.named(name) if m.sections]
            self._suggestable[name] = (
                (
                    min(matches, key=lambda m: (m.title_key != name, -m.sections)),
                    len(matches),
                )
                if matches
                else None
            )
        return self._suggestable[name]

    def _starting(self, key: str, most: int = 400) -> list[tuple]:
        """The first ``most`` rows whose word start begins with ``key``, in
        the order of one table of every card: from the rows in memory and
        from each mapped table (rows of removed cards skipped), merged
        lazily, so each table is read only as far as the first ``most``."""
        table = self._prefix_table()
        start = table.bisect_left((key,))
        in_memory = itertools.takewhile(
            lambda row: row[0].startswith(key), table.islice(start, start + most)
        )
        streams = [in_memory]
        for mapped, cards in self.tables:
            streams.append(_mapped_rows(mapped.starting(key), cards))
        if len(streams) == 1:
            return list(in_memory)
        return list(itertools.islice(heapq.merge(*streams, key=_row_order), most))

    def complete(self, prefix: str, limit: int = 8) -> list[dict]:
        """Names that start with ``prefix``, or have a word that does.

        Each name once, with its best entry (the one titled so, else one
        with text) and how many entries with text carry it. A name that
        leads to no text (only entries whose answers were withheld) is left
        out: a suggestion always leads to results. Best first: a whole name
        starting with the prefix, then titles, then shorter names.
        """
        key = name_key(prefix)
        if not key:
            return []
        done = self._completed.get((key, limit))
        if done is None:
            done = self._complete(key, limit)
            self._completed[(key, limit)] = done
            if len(self._completed) > MAX_COMPLETED:
                self._completed.popitem(last=False)
        else:
            self._completed.move_to_end((key, limit))
        return [dict(item) for item in done]

    def _complete(self, key: str, limit: int) -> list[dict]:
        rows = list(self._starting(key))
        found: dict[str, tuple] = {}
        for _, _, _, name, display in rows:
            # name: the name's key; display: the name as written
            if name in found:
                continue
            known = self._suggestion(name)
            if known is None:
                continue
            best, count = known
            rank = (
                0 if name.startswith(key) else 1,
                0 if best.title_key == name else 1,
                len(display),
                display.lower(),
            )
            shown = best.title if best.title_key == name else display
            found[name] = (rank, shown, best, count)
        best_first = sorted(found.values(), key=lambda item: item[0])[:limit]
        return [
            {
                "name": shown,
                "entry_id": match.entry_id,
                "title": match.title,
                "entries": count,
            }
            for _, shown, match, count in best_first
        ]
