"""Names: the thesaurus of titles, alternative names and curated synonyms.

Every entry's title and alternative names, and every group of the curated
``thesaurus.txt`` (common abbreviations and lay terms), are indexed under a
normalised *name key*. That one mechanism serves synonym lookups, query
expansion (a name in a query also searches its other names), "the query
names this entry" ranking, and autocomplete.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from .analysis import (
    _FOLD,
    STOP_WORDS,
    analyse,
    is_code,
    may_be_possessive,
    one_word_left,
    word_bag,
)
from .cards import CardList, NameTables
from .corpus import THESAURUS_FILE
from .errors import ParseError
from .labels import source_label
from .prefixes import card_rows, key_hash, key_hashes, with_whole
from .wordforms import number_forms

_NON_WORD = re.compile(r"[^\w]+")
MAX_NAME_WORDS = 8
#: How A.D.A.M. writes a narrower topic's name after its broader one's
#: ("Edema - peripheral", "Cataract - adult").
HEAD_DASH = " - "
#: A name shared by more entries than this names none of them.
MAX_NAMED_ENTRIES = 5
#: The rows of names beginning with a head read to count what it heads
#: (MedQuAD's longest run: 72 names begin with "cancer").
MAX_FILED_ROWS = 400
#: What :meth:`NameIndex.name_words` says of a first word when a table
#: written before it kept the names' lengths holds it: any length.
UNCOUNTED = 1 << 20
#: Words a drug leaflet's title adds to the drug's name: its form and its
#: salt ("Methylprednisolone Oral", "Methylprednisolone Sodium Succinate
#: Injection", "Estradiol Transdermal Patch"). A query that holds the rest
#: of such a title names the leaflet (see ``Ranker._title_cover``); the
#: forms are the last words of MedQuAD's drug titles, the salts the common
#: ones of pharmacy.
DRUG_TITLE_WORDS = frozenset(
    """injection topical ophthalmic oral inhalation nasal spray transdermal
    patch rectal otic implant buccal cream vaginal gel urogenital sublingual
    solution sodium potassium succinate hydrochloride acetate sulfate
    phosphate maleate mesylate tartrate citrate besylate fumarate bromide
    chloride""".split()
)
MAX_COMPLETED = 4096  # prefixes whose suggestions are remembered
MAX_KEYS = 65_536  # name keys whose lookups are remembered
MAX_CARDS = 16_384  # parsed cards remembered
#: Rows of names a clipped word's start may read ("hep": some 150 at one
#: MedQuAD): past this a start is too common to be one word cut short.
CLIPPED_ROWS = 1_000
#: A name found by a word inside it with more words than this is a
#: description (GARD's *short stature, hyperextensibility, hernia, ocular
#: depression, ...*, a title), listed after the shorter names the word
#: finds (*Manic depression*): 92 % of MedQuAD's consumer titles have at
#: most four words, 84 % of all its names.
DESCRIBED_WORDS = 4
#: Words of a prefix read as possessives, one at a time (two readings each).
MAX_OWNERS = 2
#: Endings of words in "s" that are seldom plurals: such a word is read as
#: a possessive (`kaposis`) but not without its "s" (`diabetis` is no
#: plural of "diabeti", which began only *Diabetic* names).
NO_PLURAL = ("is", "us")
#: What a name key leads to: the entries and the curated groups carrying it.
_Names = tuple[tuple["NameMatch", ...], tuple[tuple[str, ...], ...]]
#: A key that names nothing, one for all: most keys a long question asks
#: are no name, and each kept a pair of empty lists of its own in the cache
#: (see ``_lookup``), objects every full garbage collection walks.
_NO_NAMES: _Names = ((), ())
#: A part's name table of at least this many rows is large: its set of
#: hashes is kept across refreshes (a write's own segment has a few rows).
LARGE_ROWS = 4_096


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
    #: ``(name key, times the entry's text writes it)`` of the names it writes.
    written: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def times_written(self, key: str) -> int:
        return next((n for k, n in self.written if k == key), 0)

    def to_json(self) -> dict:
        return {
            "entry_id": self.entry_id,
            "title": self.title,
            "names": list(self.names),
            "source": self.source,
            "source_name": source_label(self.source),
            # False for an entry held by name only: its text is at its source.
            "text_available": self.sections > 0,
        }


def entry_card(
    entry_id: str, title: str, names, source: str, sections: int, text: str = ""
) -> str:
    """What the names column holds for an entry document.

    The name keys are computed here, at index time, so loading the names
    of a large index costs a JSON parse and no normalising. ``w``, when
    ``text`` writes any name but the title, counts how often it writes
    each (see :func:`times_written`).
    """
    names = list(names)
    keys = [name_key(n) for n in names]
    card = {
        "e": entry_id,
        "t": title,
        "n": names,
        "k": keys,
        "s": source,
        "c": sections,
    }
    title_key = name_key(title)
    if text and any(k != title_key for k in keys):
        written = times_written(keys, text)
        if any(written):
            card["w"] = written
    return json.dumps(card, ensure_ascii=False)


#: Bytes as :func:`times_written` reads them: word characters kept, the
#: rest spaces (``name_key``'s ``\w``, in ASCII).
_WORD_BYTES = (
    bytes(c if chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(128))
    + b" " * 128
)


def times_written(keys: list[str], text: str) -> list[int]:
    """How many times ``text`` writes each name key, as whole words.

    Autocomplete names one entry for a name several entries carry; the one
    whose own text uses the name is the one a search for it finds. Read as
    bytes, accents dropped: ``name_key`` over every text of MedQuAD took
    1.8 s, this 0.5 s. A key outside ASCII counts 0.
    """
    lowered = text.lower()
    if not lowered.isascii():
        lowered = unicodedata.normalize("NFKD", lowered)
    words = lowered.encode("ascii", "ignore").translate(_WORD_BYTES).split()
    plain = b" " + b" ".join(words) + b" "
    return [
        plain.count(b" " + key.encode() + b" ") if key and key.isascii() else 0
        for key in keys
    ]


def group_card(names: Iterable[str]) -> str:
    """What the names column holds for a thesaurus group document."""
    names = list(names)
    return json.dumps(
        {"g": names, "k": [name_key(n) for n in names]}, ensure_ascii=False
    )


def head_of(name: str) -> str:
    """The key of a name's head where it is written "head - qualifier"
    (:data:`HEAD_DASH`), else "".

    >>> head_of("Edema - peripheral"), head_of("Peripheral edema")
    ('edema', '')
    """
    head, dash, _ = name.partition(HEAD_DASH)
    return name_key(head) if dash else ""


#: The entries on a named entry's topic (see :mod:`indexer.topics`).
TopicOf = Callable[[NameMatch], Iterable[NameMatch]]


@dataclass(frozen=True)
class NamePart:
    """The names of one segment as one snapshot sees them: its tables
    (mapped, or built in memory for a small segment) and its deletions."""

    rank: int  # parts answer in this order (segments as first seen)
    tables: NameTables = field(compare=False)
    dead: frozenset[int] = frozenset()  # deleted documents

    @cached_property
    def dead_docs(self) -> np.ndarray:
        """The deleted documents as a sorted array, made once per part."""
        return np.sort(np.fromiter(self.dead, np.int64, len(self.dead)))

    def counts(self) -> tuple[int, int, int]:
        """Live entry cards, their names, live cards."""
        cards = self.tables.cards
        live = cards.live(self.dead_docs)
        entries = cards.entry & live
        return int(entries.sum()), int(cards.names[entries].sum()), int(live.sum())


@dataclass(frozen=True, slots=True)
class _Suggestion:
    """Where a suggested name leads: its best entry (or, until shown, the
    part and document of its card), whether the name is that entry's
    title, and how many entries with text carry it."""

    best: NameMatch | tuple[int, int]
    titled: bool
    count: int
    #: It leads to the broader topic its entries are filed under.
    broader: bool = False


@dataclass(frozen=True, slots=True)
class _HeldByName:
    """A name only entries without text carry (their parts and documents),
    whose suggestion is not yet worked out (see ``NameIndex._best``): it
    ranks as a name no entry is titled by."""

    carriers: tuple[tuple[int, int], ...]
    titled: bool = False


@dataclass(frozen=True, slots=True)
class _CardView:
    """One card as lookups use it."""

    match: NameMatch | None = None
    group: tuple[str, ...] | None = None


def _view(data: dict) -> _CardView:
    if "g" in data:
        return _CardView(group=tuple(data["g"]))
    match = NameMatch(
        data["e"],
        data["t"],
        tuple(data["n"]),
        data["s"],
        data["c"],
        data["k"][0] if data["k"] else "",
        tuple((k, n) for k, n in zip(data["k"], data.get("w", ()), strict=False) if n),
    )
    return _CardView(match=match)


class _Keyed:
    """Name key -> the entries (or the groups) carrying it, read from every
    part when asked (a mapping with ``get``)."""

    def __init__(self, index: NameIndex, groups: bool) -> None:
        self._index, self._groups = index, groups

    def get(self, key: str, default=None):
        entries, groups = self._index._lookup(key)
        found = groups if self._groups else entries
        return found if found else default


#: A prefix this long that is a whole name comes first (see ``_whole_word``).
MIN_WHOLE_WORD = 4
#: A prefix of several words is also completed as one word (`pink e`:
#: *Pinkeye*) from this many letters.
MIN_JOINED = 5
#: A code's key has at most this many letters: the code's own six, or its
#: plural's seven ("stds").
CODE_KEY_LETTERS = 7


class NameIndex:
    """Every name of one index snapshot, looked up in each segment's tables.

    Each segment's names are a :class:`NamePart`: its cards and the sorted
    rows that find them, mapped from the segment's derived file (or built
    in memory for a small one), with its deleted documents left out. A
    write adds a part for its small segment and changes the deletions of
    others; nothing is rebuilt. Answers are kept, bounded, until the parts
    change: a query asks the same names again and again.
    """

    def __init__(self, parts: Iterable[NamePart] = ()) -> None:
        self._parts: list[NamePart] = []
        # Bounded, first in first out (see _remember): ordered dicts, as
        # a plain dict's oldest key is found by scanning past the holes of
        # the keys deleted before it.
        self._views: OrderedDict[tuple[int, int], _CardView] = OrderedDict()
        self._found: OrderedDict[str, _Names] = OrderedDict()
        self._firsts: OrderedDict[str, int] = OrderedDict()
        self._bagged: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        # Table name -> the hashes of its rows in the large parts and in the
        # rest (see _held); the large parts' outlive a refresh.
        self._hash_sets: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
        self._large_hashes: dict[str, tuple[tuple, frozenset[int]]] = {}
        # Name key -> where it leads, or None for a name with no text;
        # autocomplete asks the same names.
        self._suggestable: OrderedDict[str, _Suggestion | _HeldByName | None] = (
            OrderedDict()
        )
        # Prefix -> its suggestions: every user's first keystrokes are the
        # same few hundred prefixes, and a short one reads some 400 rows of
        # each part (1-3 ms).
        self._completed: OrderedDict[tuple[str, int], list[dict]] = OrderedDict()
        # A word cut short -> the names whose first word it begins.
        self._clips: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._titled_alike: OrderedDict[str, tuple[NameMatch, ...]] = OrderedDict()
        self.entries = _Keyed(self, groups=False)
        self.groups = _Keyed(self, groups=True)
        self.use(parts)

    @classmethod
    def from_records(cls, records: Iterable[dict]) -> NameIndex:
        """Build from parsed cards (see :func:`entry_card`, :func:`group_card`)."""
        cards = CardList.from_parsed(list(enumerate(records)))
        return cls([NamePart(0, NameTables.build(cards))])

    def use(self, parts: Iterable[NamePart]) -> set[str] | None:
        """Answer from ``parts`` from now on; the keys of the names whose
        answers may have changed (None: any name's).

        A write adds a small part and deletes a few documents of others:
        only the answers about the names of the cards it added or deleted
        are forgotten (:func:`changed_names`; a merge's are those of the
        parts it dropped and made). A worker that forgot every answer on
        each write answered the next 500 queries of the bench mix at ten
        MedQuADs a third slower than before it (``bench/scale.py``'s
        after-a-write rows); the names' answers were half of that. A card,
        once read, is the same card in every snapshot, so those read are
        kept.
        """
        parts = sorted(parts, key=lambda part: part.rank)
        if parts == self._parts:
            return set()
        # (Nothing is known before the first parts: no card need be read.)
        changed = changed_names(self._parts, parts) if self._parts else None
        gone = {part.rank for part in self._parts} - {part.rank for part in parts}
        self._parts = parts
        if gone:  # (most writes drop no part: the cards read are 16,000)
            for view in [v for v in self._views if v[0] in gone]:
                del self._views[view]
        # Answers that depend on names other than their key's (the first
        # rows of a prefix, a curated group's other names, the hashes):
        # forgotten whatever changed.
        for cache in (
            self._hash_sets,
            self._suggestable,
            self._completed,
            self._clips,
        ):
            cache.clear()
        if changed is None:
            for cache in (self._found, self._firsts, self._bagged, self._titled_alike):
                cache.clear()
            return None
        for key in changed:
            self._found.pop(key, None)
            self._titled_alike.pop(key, None)
            self._firsts.pop(key.split(" ", 1)[0], None)
            self._bagged.pop(word_bag(key), None)
        return changed

    @property
    def parts(self) -> list[NamePart]:
        return list(self._parts)

    def _card(self, part: NamePart, doc: int) -> _CardView:
        """The card of document ``doc`` of ``part`` (remembered, bounded)."""
        view = self._views.get((part.rank, doc))
        if view is None:
            cards = part.tables.cards
            view = _view(cards.at(cards.index_of(doc)))
            _remember(self._views, (part.rank, doc), view, MAX_CARDS)
        return view

    def _lookup(self, key: str) -> _Names:
        """The live entries and groups carrying the name ``key``, in the
        order of the parts, then of their documents and names."""
        found = self._found.get(key)
        if found is None:
            hashed = key_hash(key)
            if not self._held("keys", hashed):
                found = _NO_NAMES
            else:
                found = self._gather(
                    [part.tables.keys.find(key, hashed) for part in self._parts]
                )
            _remember(self._found, key, found, MAX_KEYS)
        return found

    def _held(self, table: str, hashed: int) -> bool:
        """Whether some part's ``table`` (``"keys"``, ``"firsts"`` or
        ``"bags"``, which older parts lack) may hold a key of this hash.

        Most keys a long question asks (every run of its words) are no name;
        a set lookup settles them, where each part's table was a binary
        search: six parts at ten MedQuADs, 1.7 ms of a long question's plan.
        One set for the large parts, kept while they last, and one for the
        rest: a set of every part's hashes made again after each refresh
        took a PUT at ten MedQuADs from 0.03 to 0.14 s until searchable,
        and a set per part cost a long question 1 ms more with eight parts.
        """
        sets = self._hash_sets.get(table)
        if sets is None:
            sets = self._hash_sets[table] = self._hashes(table)
        large, rest = sets
        return hashed in large or hashed in rest

    def _hashes(self, table: str) -> tuple[frozenset[int], frozenset[int]]:
        """The hashes of ``table``'s rows in the large parts and in the rest."""
        rows = [getattr(part.tables, table) for part in self._parts]
        rows = [r for r in rows if r is not None and len(r)]
        large = tuple(r for r in rows if len(r) >= LARGE_ROWS)
        kept = self._large_hashes.get(table)
        if kept is None or kept[0] != large:  # tables compare by identity
            union = frozenset().union(*(r.hash_set for r in large))
            kept = self._large_hashes[table] = (large, union)
        small = [r.hash for r in rows if len(r) < LARGE_ROWS]
        rest = frozenset(np.concatenate(small).tolist()) if small else frozenset()
        return kept[1], rest

    def _gather(self, rows: list[list[tuple[int, int]]]) -> _Names:
        """Entries and groups of each part's ``(document, row)`` rows."""
        entries: list[NameMatch] = []
        groups: list[tuple[str, ...]] = []
        for part, found in zip(self._parts, rows, strict=True):
            for doc, _ in found:
                if doc in part.dead:
                    continue
                view = self._card(part, doc)
                if view.match is not None:
                    entries.append(view.match)
                else:
                    groups.append(view.group)
        return (tuple(entries), tuple(groups)) if entries or groups else _NO_NAMES

    def synonyms(self, key: str) -> set[str]:
        """Other names that mean the same as the name ``key``."""
        out: set[str] = set()
        typed, groups = self._groups_either_number(key)
        for group in groups:
            out.update(group)
        matches = self.entries.get(key, ())
        for match in matches:
            out.add(match.title)
            if len(matches) == 1 and name_key(match.title) == key:
                # The title of one entry: its alternative names mean it too.
                out.update(match.names)
        unique: dict[str, str] = {}
        for name in sorted(out):
            if name and name_key(name) not in (key, typed):
                unique.setdefault(name_key(name), name)
        return set(unique.values())

    def named(self, key: str) -> list[NameMatch]:
        """The entries a name means: those that carry it, then, for a name of
        a curated group, those that carry another name of the group.

        An abbreviation of the group names through the group only the
        entries it is the title of: "HCC" is hepatocellular carcinoma in the
        group of liver cancer, but another name of *hypomyelination and
        congenital cataract*, which liver cancer does not mean."""
        matches = {m.entry_id: m for m in self.entries.get(key, [])}
        for group in self._groups_either_number(key)[1]:
            for other in group:
                other_key = name_key(other)
                found = self.entries.get(other_key)
                if not found and not is_code(other):
                    found = self._either_number(other_key, self.entries)[1]
                for m in found or ():
                    if is_code(other) and m.title_key != other_key:
                        continue
                    matches.setdefault(m.entry_id, m)
        return list(matches.values())

    def meaning_else(self, key: str) -> frozenset[str]:
        """The entries that carry a curated group's code as another name,
        and none of the group's other names, where an entry with text
        carries one: the group says what the code means, and they mean
        something else by it. `HCC` is hepatocellular carcinoma in the
        group of liver cancer; *hypomyelination and congenital cataract*
        carries "HCC" too, and its sections led the code's search ahead of
        every liver cancer entry. None for any other name."""
        if not 1 < len(key) <= CODE_KEY_LETTERS or not key.isalnum():
            return frozenset()  # no code's key (nor its plural's): most names
        typed, groups = self._groups_either_number(key)
        codes = {name_key(n) for g in groups for n in g if is_code(n)}
        if typed not in codes:
            return frozenset()
        # The group's other names as a search reads them, so a name in the
        # other number or form is one of them ("Blood clot in the legs",
        # A.D.A.M.'s *Deep venous thrombosis*, for "blood clot in the leg").
        others = {tuple(analyse(n)) for g in groups for n in g if name_key(n) != typed}

        def grouped(m: NameMatch) -> bool:
            return any(tuple(analyse(n)) in others for n in (m.title, *m.names))

        carriers = self.entries.get(typed, [])
        if not any(m.sections for m in self.named(typed) if grouped(m)):
            return frozenset()  # the group names no entry with text
        return frozenset(
            m.entry_id for m in carriers if m.title_key != typed and not grouped(m)
        )

    def _groups_either_number(self, key: str) -> tuple[str, list[tuple[str, ...]]]:
        """The curated groups of a name, or of its other number, and the key
        they were found by: a group is written once ("painkiller") and
        typed either way ("painkillers")."""
        groups = self.groups.get(key)
        return (key, groups) if groups else self._either_number(key, self.groups)

    @staticmethod
    def _either_number(key: str, table: _Keyed) -> tuple[str, list]:
        """The first other-number form of ``key`` that ``table`` holds, and
        what it holds ("pain reliever": *Pain Relievers*); ``key`` and
        nothing if it holds none."""
        for form in number_forms(key):
            found = table.get(form)
            if found:
                return form, found
        return key, []

    def may_be_title(self, key: str) -> bool:
        """False when no entry's title has the key ``key``; True when one
        may (its hash is a title's: a live entry's, a deleted one's, or
        another key's that shares it).

        A page's topics ask whether each alternative name of the entries
        shown is some entry's title (:class:`~indexer.topics.Topics`).
        Most are not; finding every entry that carries each name to learn
        so was most of the topics' 0.3 ms of a search on a fresh worker.
        """
        hashed = key_hash(key)
        return any(hashed in part.tables.title_hashes for part in self._parts)

    def is_name(self, key: str) -> bool:
        entries, groups = self._lookup(key)
        return bool(entries or groups)

    def in_any_order(self, bag: str) -> tuple[str, ...]:
        """Keys of the live names made of the words of ``bag`` (see
        :func:`~indexer.analysis.word_bag`), whatever their order and small
        words: "ringing in the ears" for ``ringing in ears``."""
        found = self._bagged.get(bag)
        if found is None:
            hashed = key_hash(bag)
            keys: list[str] = []
            for part in self._parts if self._held("bags", hashed) else ():
                tables = part.tables
                rows = [
                    (doc, n)
                    for doc, n in (tables.bags.find(bag, hashed) if tables.bags else ())
                    if doc not in part.dead
                ]
                if rows:
                    # The rows' keys, read from the name rows: no card parsed.
                    ids = tables.rows.ids(tables.cards, *zip(*rows, strict=True))
                    keys += tables.rows.names(ids)[0]
            found = tuple(dict.fromkeys(keys))
            _remember(self._bagged, bag, found, MAX_KEYS)
        return found

    def in_some_bag(self, term: str) -> bool:
        """Whether the word bag of some name (see :meth:`in_any_order`),
        live or deleted, holds ``term``: a run of a message with a word in
        none is no name in any order, and most runs have one (its callers
        remember the answer for each word)."""
        return any(
            term in part.tables.bags.words
            for part in self._parts
            if part.tables.bags is not None
        )

    def warm_bags(self) -> None:
        """Make each part's bag words (0.05 s a large part at ten MedQuADs),
        which the first long question would otherwise wait for; touches no
        answer kept, so a thread may while others ask."""
        for part in self.parts:
            if part.tables.bags is not None:
                part.tables.bags.words  # noqa: B018 - made on first use

    def starts_a_name(self, word_key: str) -> bool:
        """Whether some name begins with this word (most words begin none)."""
        return self.name_words(word_key) > 0

    def name_words(self, word_key: str) -> int:
        """How many words the longest name that begins with this word has
        (in name keys' words); 0 if none begins with it.

        A run of a message longer than that is no name as written, nor in
        another number: most such runs need no lookup at all. A table
        written before it kept the count says 0: then any length may be
        one (:data:`UNCOUNTED`).
        """
        first = word_key.split(" ", 1)[0]
        found = self._firsts.get(first)
        if found is None:
            hashed = key_hash(first)
            found = 0
            for part in self._parts if self._held("firsts", hashed) else ():
                words = part.tables.firsts.live_rows(first, hashed, part.dead)
                if len(words):
                    longest = int(words.max()) if words.all() else UNCOUNTED
                    found = max(found, longest)
            _remember(self._firsts, first, found, MAX_KEYS)
        return found

    def clipped(self, first: str, rest: str) -> list[str]:
        """Keys of the names whose first word is ``first`` cut short
        ("hep" of *hepatitis*) and whose other words are ``rest``: "hep c"
        is *Hepatitis C*, "vit d" *Vitamin D*."""
        longer = _remembered(self._clips, first)
        if longer is None:
            longer = tuple(
                sorted(
                    {
                        name
                        for name, _ in self._starting(first, CLIPPED_ROWS, shown=False)
                        if name.startswith(first)
                        and len(name.partition(" ")[0]) > len(first)
                    }
                )
            )
            _remember(self._clips, first, longer, MAX_COMPLETED)
        return [name for name in longer if name.partition(" ")[2] == rest]

    def begins_a_name(self, key: str) -> bool:
        """Whether some name's first words are these ("e coli" of *E. coli
        infections*)."""
        return bool(self.beginning_with(key, 20))

    def beginning_with(self, key: str, most: int) -> set[str]:
        """Keys of the names whose first words are these, among the first
        ``most`` rows that hold them ("osgood schlatter": *Osgood-Schlatter
        disease*); not a name that holds them further on."""
        return {
            name
            for name, _ in self._starting(key + " ", most, shown=False)
            if name.startswith(key + " ")
        }

    def count_filed_under(self, key: str, most: int) -> int:
        """How many entries have a name written "head - qualifier" whose
        head is ``key`` ("Edema - peripheral"), among the first ``most``
        rows that begin with it: counted from the rows, where reading the
        entries of each name cost autocomplete 0.4 ms a head."""
        return len(set(self._filed_rows(key, most)))

    def filed_under_head(self, key: str, most: int) -> list[NameMatch]:
        """The entries :meth:`count_filed_under` counts."""
        found: dict[str, NameMatch] = {}
        for part, doc in dict.fromkeys(self._filed_rows(key, most)):
            match = self._card(self._parts[part], doc).match
            if match is not None:
                found.setdefault(match.entry_id, match)
        return list(found.values())

    def _filed_rows(self, key: str, most: int) -> list[tuple[int, int]]:
        """The part and document of each row of :meth:`count_filed_under`."""
        start = key + " "
        return [
            (part, doc)
            for name, shown, part, doc in self._starting(start, most, carriers=True)
            if name.startswith(start) and head_of(shown) == key
        ]

    def _suggestions(
        self, names: list[str]
    ) -> dict[str, _Suggestion | _HeldByName | None]:
        """For each name, the entry it leads to as a suggestion (the one it
        is the title of, else the one whose text writes it most, else the
        one with most text) and how many entries with text carry it; where
        only entries without text carry it, those (:class:`_HeldByName`,
        worked out when shown); None if it has no carrier.

        Names not yet remembered are found with one search of each part's
        keys for all, from the name rows' arrays (no card parsed). A name
        of a curated group also leads to the entries of the group's other
        names: those few are read from the cards. The answers are returned,
        not only remembered: remembering the new ones may push out old
        ones this call also answers.
        """
        answers: dict[str, _Suggestion | _HeldByName | None] = {}
        missing = []
        for name in dict.fromkeys(names):
            if name in self._suggestable:
                answers[name] = self._suggestable[name]
            else:
                missing.append(name)
        names = missing
        if not names:
            return answers
        carriers: dict[int, list[tuple[int, int, int, bool]]] = {}
        bare: dict[int, list[tuple[int, int]]] = {}  # carriers held by name only
        grouped: set[int] = set()
        wanted = key_hashes(names)
        for p, part in enumerate(self._parts):
            which, docs, ns = part.tables.keys.find_all(names, wanted)
            if part.dead and len(docs):
                live = ~np.isin(docs, part.dead_docs)
                which, docs, ns = which[live], docs[live], ns[live]
            if not len(docs):
                continue
            rows = part.tables.rows
            ids = rows.ids(part.tables.cards, docs, ns)
            for i, doc, c, t, w in zip(
                which.tolist(),
                docs.tolist(),
                rows.sections[ids].tolist(),
                rows.titled[ids].tolist(),
                rows.written[ids].tolist(),
                strict=True,
            ):
                if c < 0:
                    grouped.add(i)
                elif c > 0:
                    carriers.setdefault(i, []).append((p, doc, c, t, w))
                else:
                    bare.setdefault(i, []).append((p, doc))
        for i, name in enumerate(names):
            if i in grouped:
                found_entry = self._suggestion_of_group_name(name)
            elif i in carriers:
                # The one titled so, else the one whose text writes the name
                # most, else most sections; the first of the best in the
                # order of the parts and their documents, as min() picks.
                p, doc, _, t, _ = min(
                    carriers[i], key=lambda c: (not c[3], -c[4], -c[2])
                )
                found_entry = _Suggestion((p, doc), t, len(carriers[i]))
            elif i in bare:
                found_entry = _HeldByName(tuple(bare[i]))  # see _best
            else:
                found_entry = None
            answers[name] = found_entry
            _remember(self._suggestable, name, found_entry, MAX_KEYS)
        return answers

    def _suggestion_held_by_name(
        self,
        carriers: list[tuple[int, int]],
        topic_of: TopicOf,
        broader: TopicOf = lambda match: (),
    ) -> _Suggestion | None:
        """Where a name that only entries without text carry leads: to the
        entries with text titled as they are, as its search does (`cold`
        is A.D.A.M.'s name for its *Common cold*, whose text is withheld;
        MedlinePlus's *Common Cold* has text), the one with most sections;
        None where no such entry is, or where a search would not find it
        by its title's words (*Vitamin A* is searched as "vitamin" alone,
        so not as another name of "carotenoids": that search is empty).
        Where none is titled alike, to the entries with text of their
        ``topic_of``, as its search does too (`heatstroke`, a name of
        A.D.A.M.'s *Heat emergencies*, to MedlinePlus's *Heat Illness*).
        Where neither holds text, to the entries with text of the broader
        topic A.D.A.M. files them under (``broader``), as its search does
        (`leg swelling`, a name of *Foot, leg, and ankle swelling*, to
        *Edema*)."""
        # An entry that is a topic of its own leads nowhere by its topic: no
        # entry with text is titled as it is, nor on its topic. Most are
        # (told from the name rows; working their topics out was a third of
        # a new prefix's time). It may still be filed under a broader one.
        alone = [(p, doc) for p, doc in carriers if self._alone(p, doc)]
        carriers = [carrier for carrier in carriers if carrier not in alone]
        titles = {self._title_row(p, doc) for p, doc in carriers}
        alike = [m for key, title in sorted(titles) for m in self._alike(key, title)]
        if not alike:
            alike = self._of_topics(carriers, topic_of)
        filed = not alike
        if filed:
            alike = self._of_topics([c for c in alone if self._has_head(*c)], broader)
        if not alike:
            return None
        best = min(alike, key=lambda m: -m.sections)
        return _Suggestion(best, False, len(alike), broader=filed)

    def _of_topics(
        self, carriers: list[tuple[int, int]], topic_of: TopicOf
    ) -> list[NameMatch]:
        """The entries with text of the carriers' topics (none for a carrier
        whose title a search reads as one word, as in :meth:`_alike`)."""
        found: dict[str, NameMatch] = {}
        for p, doc in carriers:
            match = self._card(self._parts[p], doc).match
            if match is None or one_word_left(match.title):
                continue
            for member in topic_of(match):
                if member.sections:
                    found.setdefault(member.entry_id, member)
        return [found[e] for e in sorted(found)]

    def _alone(self, p: int, doc: int) -> bool:
        """Whether an entry (document ``doc`` of part ``p``) is a topic of
        its own (see :class:`~indexer.topics.Topics`): no other entry
        carries its title, and none of its other names is a title. Read
        from the name rows: most names only entries without text carry are
        such an entry's, and working their topics out was a third of a new
        prefix's time in autocomplete."""
        tables = self._parts[p].tables
        title, *names = tables.rows.card_keys(tables.cards, doc)
        hashed = key_hash(title)
        for q, part in enumerate(self._parts):
            for other, _ in part.tables.keys.find(title, hashed):
                if (q, other) != (p, doc) and other not in part.dead:
                    return False
        return not any(key != title and self.may_be_title(key) for key in names)

    def _has_head(self, p: int, doc: int) -> bool:
        """Whether an entry has a name written "head - qualifier" (see
        :func:`head_of`), read from its name rows: only such an entry is
        filed under a broader topic, and parsing every card to ask cost
        autocomplete a sixth more calls."""
        tables = self._parts[p].tables
        return any(
            HEAD_DASH in name for name in tables.rows.card_shown(tables.cards, doc)
        )

    def _alike(self, key: str, title: str) -> tuple[NameMatch, ...]:
        """The entries with text titled ``key``, the title of an entry held
        by name only (none where a search reads ``title`` as one word);
        remembered: most names of such an entry are asked of one prefix."""
        found = _remembered(self._titled_alike, key)
        if found is None:
            found = ()
            if not one_word_left(title):
                found = tuple(
                    m
                    for m in self.entries.get(key, ())
                    if m.sections and m.title_key == key
                )
            _remember(self._titled_alike, key, found, MAX_KEYS)
        return found

    def _suggestion_of_group_name(self, name: str) -> _Suggestion | None:
        """The entry a curated group's name leads to, of those it means
        (see :meth:`meaning_else`): `STD` to *Sexually Transmitted
        Diseases*, as its search does, not *spondylothoracic dysostosis*,
        which carries "STD" and writes it once."""
        other = self.meaning_else(name)
        matches = [
            m for m in self.named(name) if m.sections and m.entry_id not in other
        ]
        if not matches:
            return None
        best = min(
            matches,
            key=lambda m: (m.title_key != name, -m.times_written(name), -m.sections),
        )
        return _Suggestion(best, best.title_key == name, len(matches))

    def _title_key(self, found: _Suggestion) -> str:
        """The title key of a suggestion's entry (no card parsed for a
        suggestion that is not shown)."""
        if isinstance(found.best, NameMatch):
            return found.best.title_key
        return self._title_row(*found.best)[0]

    def _title_row(self, part: int, doc: int) -> tuple[str, str]:
        """An entry card's title, as a key and as written: its first row."""
        tables = self._parts[part].tables
        return tables.rows.first_name(tables.cards, doc)

    def _match(self, found: _Suggestion) -> NameMatch:
        """The entry a suggestion leads to (its card parsed now)."""
        if isinstance(found.best, NameMatch):
            return found.best
        p, doc = found.best
        match = self._card(self._parts[p], doc).match
        assert match is not None  # rows with sections are an entry's
        return match

    def _starting(
        self,
        key: str,
        most: int = 400,
        *,
        shown: bool = True,
        whole: bool = False,
        carriers: bool = False,
    ) -> list[tuple]:
        """``(name key, name as written)`` of the first ``most`` rows whose
        word start begins with ``key``, in the order of one table of every
        part (word start, part, document, row), each part read only as far
        as its first ``most``; without ``shown``, each name as written is
        "" (not read: most callers need the keys alone). With ``carriers``,
        also the row's part (its place in :attr:`_parts`) and document.

        :param whole: where more rows begin with ``key``, at least a
            quarter of those read are names it begins, where there are as
            many (see :meth:`~indexer.prefixes.PrefixTable.whole_first`).
        """
        found = []
        for i, part in enumerate(self._parts):
            tables = part.tables
            if whole:
                rows = tables.prefix.whole_first(
                    key, most, tables.whole_starts, part.dead
                )
            else:
                rows = [
                    (start, doc, n, False)
                    for start, doc, n in tables.prefix.starting(key, most, part.dead)
                ]
            found.extend((start, part.rank, doc, n, i, w) for start, doc, n, w in rows)
        if len(self._parts) > 1:
            found.sort()  # each part's rows are sorted: timsort merges the runs
        found = with_whole(found, most, flag=5) if whole else found[:most]
        names: list[tuple[str, str]] = [("", "")] * len(found)
        for i, part in enumerate(self._parts):
            at = [j for j, row in enumerate(found) if row[4] == i]
            if not at:
                continue
            tables = part.tables
            ids = tables.rows.ids(
                tables.cards, [found[j][2] for j in at], [found[j][3] for j in at]
            )
            if shown:
                keys, displays = tables.rows.names(ids)
            else:
                keys = tables.rows.keys(ids)
                displays = [""] * len(keys)
            for j, name, display in zip(at, keys, displays, strict=True):
                names[j] = (name, display)
        if carriers:
            at = zip(names, found, strict=True)
            return [(*name, row[4], row[2]) for name, row in at]
        return names

    def complete(
        self,
        prefix: str,
        limit: int = 8,
        *,
        topic_of: TopicOf,
        as_code: bool = False,
        broader: TopicOf = lambda match: (),
    ) -> list[dict]:
        """Names that start with ``prefix``, or have a word that does.

        Each name once, and each entry once by its title, with its best
        entry (the one titled so, else the one whose text writes the name
        most) and how many entries with text carry it. A name only entries
        without text carry leads to the entries with text titled as they
        are, else to those of their ``topic_of``, and is left out where
        there are none: a suggestion always leads to results.
        Best first: a whole name starting with the prefix, the one that is
        the prefix as a word first, then titles, then shorter names; but a
        prefix typed in capitals is a code, and the names that write it as
        their first word come before all
        (`HIV`: *HIV/AIDS*, not *Hives*; `SMA`: not *Smallpox*).

        :param topic_of: the snapshot's topics: where a name that only
            entries without text carry leads when none with text is titled
            alike (always asked for: what it finds is remembered).
        :param as_code: the prefix is a code though typed in small letters
            (the texts write it so: `hiv`, see :meth:`SearchService.suggest`).
        :param broader: the entries of the broader topic an entry that is a
            topic of its own, held by name only, is filed under (none by
            default): where its names lead.
        """
        key = name_key(prefix)
        if not key:
            return []
        code = key if as_code or is_code(prefix.strip()) else ""
        asked = (key, limit, code)
        done = _remembered(self._completed, asked)
        if done is None:
            done = self._complete(key, limit, code, (topic_of, broader))
            _remember(self._completed, asked, done, MAX_COMPLETED)
        return [dict(item) for item in done]

    def _ranked(
        self, key: str, names: list[str], firsts: dict[str, str], code: str = ""
    ) -> dict:
        """``name -> (rank, name as written, suggestion)`` of the names
        that lead to text (``code``: see :meth:`complete`)."""
        answers = self._suggestions(names)
        found = {}
        for name in names:
            known = answers[name]
            if known is None:
                continue  # (a name held by name only may still come to None)
            display = firsts[name]
            starts = name.startswith(key)
            rank = (
                _as_code(name, display, code),
                0 if starts else 1,
                0 if _whole_word(name, display, key) else 1,
                0 if starts or name.count(" ") < DESCRIBED_WORDS else 1,
                0 if known.titled else 1,
                len(display),
                display.lower(),
            )
            found[name] = (rank, display, known)
        return found

    def _best(
        self, found: dict, limit: int, leads: tuple[TopicOf, TopicOf]
    ) -> list[tuple]:
        """The first ``limit`` of ``found`` (see :meth:`_ranked`), best first,
        each a suggestion that leads to text. Where a name only entries
        without text carry leads is worked out only here, for the names
        that could be shown (a card read for each: for all a prefix's
        names, autocomplete's p95 doubled)."""
        # Ranks never tie: the last part, the name as written in lowercase,
        # differs between names (their keys are made from it).
        best, topics, resolved = [], set(), 0
        for name, (rank, display, known) in sorted(
            found.items(), key=lambda item: item[1][0]
        ):
            if isinstance(known, _HeldByName):
                if resolved == limit:
                    continue  # bounded work: a prefix of many such names
                resolved += 1
                known = self._suggestion_held_by_name(list(known.carriers), *leads)
                _remember(self._suggestable, name, known, MAX_KEYS)
                found[name] = (rank, display, known)
            if known is None:
                continue
            # Another name of an entry titled as one above it says nothing
            # new: `gout` listed "Gout - acute", "Gout - chronic" and
            # "Gouty arthritis", each leading to *Gout*.
            title = self._title_key(known)
            if known.broader and title in found:
                # Nor does a narrower topic's name where the broader one's
                # title is listed for the prefix too: `vei` listed "Vein
                # stripping - what to ask your doctor — Varicose Veins", and
                # not *Varicose Veins* itself.
                continue
            if title in topics:
                continue
            topics.add(title)
            best.append((rank, display, known))
            if len(best) == limit:
                break
        return best

    def _complete(
        self, key: str, limit: int, code: str, leads: tuple[TopicOf, TopicOf]
    ) -> list[dict]:
        """The names ``key`` begins (:meth:`_completed_as_typed`), then, while
        fewer than ``limit``, those of other readings of it, as a search
        reads them: a name written as one word typed as two (`pink eye`:
        *Pinkeye*, `heat str`: *Heatstroke*), and possessives typed without
        the apostrophe (`crohns`: *Crohn's Disease*, `downs syndrome`: *Down
        syndrome*). Each entry once; the readings are not read again."""
        out = self._completed_as_typed(key, limit, code, leads)
        joined = key.replace(" ", "")
        others = [joined] if joined != key and len(joined) >= MIN_JOINED else []
        others += _possessive_readings(key)
        titles = {item["title"] for item in out}
        for other in others:
            if len(out) == limit:
                break
            for item in self._completed_as_typed(other, limit, code, leads):
                if item["title"] not in titles and len(out) < limit:
                    titles.add(item["title"])
                    out.append(item)
        return out

    def _completed_as_typed(
        self, key: str, limit: int, code: str, leads: tuple[TopicOf, TopicOf]
    ) -> list[dict]:
        # Each name once, as written in its first row (rows come in order).
        firsts: dict[str, str] = {}
        for name, display in self._starting(key, whole=True):
            firsts.setdefault(name, display)
        # Names that start with the prefix rank before names with a word
        # that does: when enough of them lead somewhere, the others need no
        # lookup (each is one in every segment's table).
        starting = [n for n in firsts if n.startswith(key)]
        found = self._ranked(key, starting, firsts, code)
        best_first = self._best(found, limit, leads)
        if len(best_first) < limit:
            others = [
                n
                for n in firsts
                if not n.startswith(key) and (" " in key or _begins_a_word(n, key))
            ]
            found.update(self._ranked(key, others, firsts, code))
            best_first = self._best(found, limit, leads)
        out = []
        for _, display, known in best_first:
            match = self._match(known)
            out.append(
                {
                    "name": match.title if known.titled else display,
                    "entry_id": match.entry_id,
                    "title": match.title,
                    "entries": known.count,
                }
            )
        return out


def _begins_a_word(name: str, word: str) -> bool:
    """Whether ``word`` (a prefix of one word) begins a word of ``name``
    that says something: not a small word ("also" of *Parasites -
    Enterobiasis (also known as Pinworm Infection)*, which `als` listed
    below *ALS*). A prefix of several words is asked as typed (`your
    diabetes`: *Monitor Your Diabetes*).

    >>> _begins_a_word("parasites enterobiasis also known as pinworm", "als")
    False
    """
    return any(w.startswith(word) and w not in STOP_WORDS for w in name.split())


def _possessive_readings(key: str) -> list[str]:
    """``key`` with a word in "s" read as a possessive typed without the
    apostrophe: as the possessive (its key splits the "s" off) and as the
    word without it, which also reads a plural as its singular
    (`kidney diseases`: *Kidney Disease*; not a word in :data:`NO_PLURAL`);
    each such word alone, the first
    :data:`MAX_OWNERS` of them (`hashimotos encephalitis`: the first, not
    both). None where no word may be one
    (:func:`~indexer.analysis.may_be_possessive`, as a search reads them).

    >>> _possessive_readings("downs syndrome"), _possessive_readings("gout")
    (['down s syndrome', 'down syndrome'], [])
    """
    words = key.split()
    owners = [i for i, w in enumerate(words) if may_be_possessive(w)]
    readings = []
    for i in owners[:MAX_OWNERS]:
        forms = [words[i][:-1] + " s"]
        if not words[i].endswith(NO_PLURAL):
            forms.append(words[i][:-1])
        for form in forms:
            readings.append(" ".join([*words[:i], form, *words[i + 1 :]]))
    return readings


def _whole_word(name: str, display: str, key: str) -> bool:
    """Whether the prefix is the whole name, a word written as words are
    (`cold`: "Cold", *Common Cold*'s), of four letters or more, as a word
    typed alone is looked up (see ``Namer._single_name``): not "ChILD" for
    `child`, "MEN" for `men` (codes; one typed in small letters is read
    as one by :func:`_as_code`), nor "Tet" for `tet`, more often the start
    of *Tetanus*.

    >>> _whole_word("cold", "Cold", "cold"), _whole_word("child", "ChILD", "child")
    (True, False)
    """
    return (
        name == key
        and len(key) >= MIN_WHOLE_WORD
        and display in (display.lower(), display.capitalize())
    )


def _as_code(name: str, display: str, code: str) -> int:
    """0 for the name that is ``code`` (a prefix typed in capitals), 1 for a
    name written opening with it in capitals ("HIV/AIDS" for `HIV`, not
    "Hives"), 2 for any other (and for every name when no code is typed)."""
    if not code:
        return 2
    first = _NON_WORD.split(display.strip(), 1)[0]
    if not (first.isupper() and first.lower() == code):
        return 2
    return 0 if name == code else 1


#: Past this many names added or deleted at once (a merge of large
#: segments, a rebuild), every answer is forgotten: reading them costs more.
MAX_CHANGED_NAMES = 20_000


def changed_names(old: list[NamePart], new: list[NamePart]) -> set[str] | None:
    """The keys of the names on the cards that ``new`` adds to ``old`` or
    deletes from it (None for too many to be worth reading): a part of
    ``new`` not in ``old`` adds all of its cards, one that left takes
    all of them away, and one in both deletes the cards of the documents
    it newly holds dead.

    A whole part's keys are read from its key rows, not its cards: the
    commit of a write merges small segments now and then, and parsing the
    merged one's cards made such a write's refresh 0.1 s at ten MedQuADs.

    >>> card = entry_card("gout", "Gout", ["Gout", "Podagra"], "x", 3)
    >>> cards = CardList.from_parsed([(0, json.loads(card))])
    >>> first = NamePart(0, NameTables.build(cards))
    >>> sorted(changed_names([], [first])), changed_names([first], [first])
    (['gout', 'podagra'], set())
    >>> sorted(changed_names([first], [NamePart(0, first.tables, frozenset({0}))]))
    ['gout', 'podagra']
    >>> changed_names([first], [NamePart(0, first.tables, frozenset({5}))])
    set()
    """
    before = {part.rank: part for part in old}
    after = {part.rank: part for part in new}
    whole: list[NameTables] = []  # parts added or dropped
    dead: list[tuple[CardList, list[int]]] = []  # parts' cards newly deleted
    for rank, part in after.items():
        was = before.get(rank)
        if was is None:
            whole.append(part.tables)
        elif was.tables is not part.tables or not was.dead <= part.dead:
            return None  # a part's tables are its segment's, and stay dead
        elif part.dead != was.dead:
            dead.append((part.tables.cards, sorted(part.dead - was.dead)))
    whole += [p.tables for r, p in before.items() if r not in after]
    count = sum(len(t.keys) for t in whole) + sum(len(d) for _, d in dead)
    if count > MAX_CHANGED_NAMES:
        return None
    keys: set[str] = set()
    for tables in whole:
        keys.update(tables.keys.all_keys())
    for cards, docs in dead:
        for data in _cards_of(cards, docs):
            keys.update(key for key, _, _ in card_rows(data))
    return keys


def _cards_of(cards: CardList, docs: list[int]) -> Iterator[dict]:
    """The parsed cards of ``docs`` (those that have one)."""
    for doc in docs:
        i = cards.index_of(doc)
        if i < len(cards.doc) and cards.doc[i] == doc:  # a section has none
            yield cards.at(i)


def _remembered(cache: OrderedDict, key):
    """``cache[key]`` (now the most recent), or None."""
    found = cache.get(key)
    if found is not None:
        cache.move_to_end(key)
    return found


def _remember(cache: OrderedDict, key, value, most: int) -> None:
    """Keep ``value``; past ``most`` keys the oldest kept goes (first in,
    first out: cheaper than keeping the order of use on every hit).

    An ordered dict gives up its oldest key at once. A plain dict, as
    these were, finds it by scanning past the holes its earlier deletions
    left: once full, 13 us a new key against 0.25 (65,536 keys), and the
    planning of a long question at ten MedQuADs asks some 300 new keys.
    """
    cache[key] = value
    if len(cache) > most:
        cache.popitem(last=False)


def written_name(key: str, named: list[NameMatch]) -> str:
    """The name of key ``key`` as an entry it names writes it, for the
    page's "Also searched" ("back hurts as Back Pain", "burns when i pee
    as Urination - painful", where it said "urination painful"); the key
    where no entry writes it (a curated group's name)."""
    for match in named:
        for name in (match.title, *match.names):
            if name_key(name) == key:
                return name
    return key
