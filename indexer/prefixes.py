"""Name lookup rows of one segment, sorted once by its writer and mapped.

Autocomplete looks names up by the start of any of their words ("diab"
finds "Type 2 diabetes"), so every name is one row per word start. Every
worker built those rows at start, as Python tuples, from every name card:
a third of a worker's start-up at five MedQuADs (600,000 rows, profiled
with pyinstrument) and a hundred or more MB of each worker's heap, both
growing with the corpus. The writer of a large segment now sorts its rows
once and writes them into the segment's derived file (see
:mod:`indexer.segments`) as flat arrays; workers map them, share the pages,
and search them by bisection. Rows of small segments (recent writes) stay
in memory in :class:`~indexer.names.NameIndex`.

The same holds for the exact name lookups (:class:`KeyRows`): every worker
also built a dictionary of every name key at start, 4.2 s of its 6.3 s at
ten MedQuADs (profiled); those rows are now written by the segment's writer
too, sorted by a hash of the key, and searched with ``np.searchsorted``.
Small segments (recent writes) build the same tables in memory, so both
paths answer alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cached_property
from itertools import pairwise

import numpy as np

from .accumulate import run_positions

#: Array names in a derived file, as ``prefix.<name>``.
FIELDS = ("text", "offsets", "doc", "row")
#: Array names of a :class:`KeyRows` in a derived file, as ``<table>.<name>``.
KEY_FIELDS = ("hash", "text", "offsets", "doc", "row")
#: Rows read at once when listing a prefix's rows.
CHUNK = 128
#: At least one in this many of the rows autocomplete reads are names its
#: prefix begins, where there are as many (see
#: :meth:`PrefixTable.whole_first`): a quarter, as many as the first rows of
#: a one-letter prefix hold (`f`: 102 of 400), so that such a prefix reads
#: as many names as before.
WHOLE_SHARE = 4


def card_rows(data: dict) -> list[tuple[str, str, bool]]:
    """A parsed name card's names as ``(name key, name as written, is an
    entry's)``, in the order :class:`~indexer.names.NameIndex` numbers them:
    an entry's keys once each (empty keys left out), a group's all."""
    if "g" in data:
        return [
            (key, name, False) for name, key in zip(data["g"], data["k"], strict=True)
        ]
    seen: set[str] = set()
    rows = []
    for name, key in zip(data["n"], data["k"], strict=True):
        if key and key not in seen:
            seen.add(key)
            rows.append((key, name, True))
    return rows


def word_starts(key: str, entry: bool) -> list[str]:
    """The keys a name is found by: each word start of an entry's name, a
    curated group's name from its start only.

    >>> word_starts("type 2 diabetes", True)
    ['type 2 diabetes', '2 diabetes', 'diabetes']
    >>> word_starts("heart attack", False)
    ['heart attack']
    """
    words = key.split()
    return [" ".join(words[i:]) for i in range(len(words) if entry else 1)]


class PrefixTable:
    """Sorted rows ``(word start, document, row of the card)`` as arrays.

    ``text[offsets[i]:offsets[i + 1]]`` is row i's word start in UTF-8
    (byte order is code point order, as Python sorts strings); ``doc`` the
    card's document in the segment, ``row`` which of its names.
    """

    def __init__(self, text, offsets, doc, row) -> None:
        self.text, self.offsets, self.doc, self.row = text, offsets, doc, row

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, int, int]]) -> PrefixTable:
        """From ``(word start, document, row)`` triples, any order."""
        found = sorted((start.encode(), doc, n) for start, doc, n in rows)
        text, offsets = text_arrays([start for start, _, _ in found])
        return cls(
            text,
            offsets,
            np.array([doc for _, doc, _ in found], np.int64),
            np.array([n for _, _, n in found], np.int64),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        return dict(
            zip(FIELDS, (self.text, self.offsets, self.doc, self.row), strict=True)
        )

    def __len__(self) -> int:
        return len(self.doc)

    @cached_property
    def _views(self) -> tuple[memoryview, memoryview]:
        """The text and offsets as memoryviews: a binary search reads some
        seventeen rows, and a row read through numpy scalars cost 1.5 µs,
        through these a fifth of that (a prefix's search is two of them
        in each part, for every new prefix and first word)."""
        return memoryview(self.text), memoryview(self.offsets)

    def starting(
        self, prefix: str, most: int, dead: frozenset[int] = frozenset()
    ) -> list[tuple[bytes, int, int]]:
        """The first ``most`` rows whose word start begins with ``prefix``
        and whose document is not in ``dead``, in order: ``(word start in
        UTF-8, document, row)``.

        Read a chunk at a time with one slice of each array: element by
        element, numpy's scalar access made a one-letter prefix cost over
        a millisecond per table.
        """
        key = prefix.encode()
        lo = self._first_not_below(key)
        hi = self._first_not_below(key + b"\xff")  # no UTF-8 byte is 0xff
        return self._live_rows(lo, hi, most, dead)

    def _live_rows(
        self, lo: int, hi: int, most: int, dead: frozenset[int]
    ) -> list[tuple[bytes, int, int]]:
        """The first ``most`` rows from ``lo`` (to ``hi``) whose document
        is not ``dead``, a chunk at a time."""
        out: list[tuple[bytes, int, int]] = []
        for at in range(lo, hi, CHUNK):
            end = min(hi, at + CHUNK)
            offsets = self.offsets[at : end + 1].tolist()
            base = offsets[0]
            blob = self.text[base : offsets[-1]].tobytes()
            starts = [
                blob[a - base : b - base]
                for a, b in zip(offsets, offsets[1:], strict=False)
            ]
            rows = zip(
                starts,
                self.doc[at:end].tolist(),
                self.row[at:end].tolist(),
                strict=True,
            )
            if dead:
                rows = (row for row in rows if row[1] not in dead)
            out.extend(rows)
            if len(out) >= most:
                return out[:most]
        return out

    def whole_first(
        self,
        prefix: str,
        most: int,
        whole: np.ndarray,
        dead: frozenset[int] = frozenset(),
    ) -> list[tuple[bytes, int, int, bool]]:
        """The first ``most`` rows whose word start begins with ``prefix``,
        as :meth:`starting` reads them, and, where fewer than a quarter of
        them have a word start that is a name whole (``whole``, per row of
        this table), the next such rows after them, up to a quarter: each
        ``(word start in UTF-8, document, row, whole)``, in order, none of a
        ``dead`` document. :func:`with_whole` picks among them.

        A name the prefix begins ranks before one with a later word it
        begins (see :meth:`~indexer.names.NameIndex.complete`), but the
        rows are sorted by word start: "test" began some 400 names ending
        in "test" ("Urine test"), and the first ``most`` rows never reached
        *Testicular cancer*.
        """
        key = prefix.encode()
        lo = self._first_not_below(key)
        hi = self._first_not_below(key + b"\xff")  # no UTF-8 byte is 0xff
        least = most // WHOLE_SHARE
        end = min(hi, lo + most)
        if not dead and (end - lo < most or np.count_nonzero(whole[lo:end]) >= least):
            # As :meth:`starting` reads them (most prefixes): by slices.
            rows = self._live_rows(lo, end, most, dead)
            flags = whole[lo:end].tolist()
            return [(*row, w) for row, w in zip(rows, flags, strict=True)]
        head = self._live_at(np.arange(lo, hi if dead else end), most, dead)
        have = int(whole[head].sum())
        if len(head) == most and have < least:
            after = head[-1] + 1 + np.flatnonzero(whole[head[-1] + 1 : hi])
            head = np.concatenate([head, self._live_at(after, least - have, dead)])
        return [
            (start, doc, n, bool(w))
            for (start, doc, n), w in zip(
                self._rows_at(head), whole[head].tolist(), strict=True
            )
        ]

    def _live_at(self, at: np.ndarray, most: int, dead: frozenset[int]) -> np.ndarray:
        """The first ``most`` of the positions ``at`` whose document is not
        ``dead``, looked at a chunk at a time (a range may be long)."""
        if not dead:
            return at[:most]
        kept: list[np.ndarray] = []
        found = 0
        for start in range(0, len(at), CHUNK):
            chunk = at[start : start + CHUNK]
            live = chunk[[doc not in dead for doc in self.doc[chunk].tolist()]]
            kept.append(live)
            found += len(live)
            if found >= most:
                break
        return np.concatenate(kept)[:most] if kept else at[:0]

    def _rows_at(self, at: np.ndarray) -> list[tuple[bytes, int, int]]:
        """Rows ``at`` (positions), through memoryviews of the texts."""
        text, offsets = self._views
        return [
            (text[offsets[i] : offsets[i + 1]].tobytes(), doc, n)
            for i, doc, n in zip(
                at.tolist(), self.doc[at].tolist(), self.row[at].tolist(), strict=True
            )
        ]

    def _first_not_below(self, key: bytes) -> int:
        text, offsets = self._views
        lo, hi = 0, len(self)
        while lo < hi:
            mid = (lo + hi) // 2
            if text[offsets[mid] : offsets[mid + 1]].tobytes() < key:
                lo = mid + 1
            else:
                hi = mid
        return lo


def with_whole(rows: list[tuple], most: int, flag: int) -> list[tuple]:
    """The first ``most`` of ``rows`` (in order), with at least a quarter of
    them (where there are as many) rows whose item ``flag`` is true: the
    next such rows in place of the last of the others (the rows of each
    part are read so by :meth:`PrefixTable.whole_first`); still in order.

    >>> rows = [("a", 0), ("b", 0), ("c", 0), ("d", 0), ("e", 1), ("f", 1)]
    >>> with_whole(rows, 4, flag=1)
    [('a', 0), ('b', 0), ('c', 0), ('e', 1)]
    """
    head = rows[:most]
    have = sum(1 for row in head if row[flag])
    least = most // WHOLE_SHARE
    if have >= least or len(rows) <= most:
        return head
    after = [row for row in rows[most:] if row[flag]][: least - have]
    drop = len(after)
    kept: list[tuple] = []
    for row in reversed(head):
        if drop and not row[flag]:
            drop -= 1
        else:
            kept.append(row)
    return kept[::-1] + after


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a key (the same in every process, unlike
    ``hash``), by which :class:`KeyRows` are sorted."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def key_hashes(keys: list[str]) -> np.ndarray:
    """:func:`key_hash` of each key, as an array."""
    blake2b = hashlib.blake2b
    digests = b"".join(blake2b(k.encode(), digest_size=8).digest() for k in keys)
    return np.frombuffer(digests, "<u8").astype(np.uint64)


def text_arrays(texts: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    lengths = [len(t) for t in texts]
    return (
        np.frombuffer(b"".join(texts), np.uint8),
        np.array([0, *np.cumsum(lengths, dtype=np.int64)], np.int64),
    )


class KeyRows:
    """Rows ``(key, document, row of the card)`` sorted by :func:`key_hash`
    of the key, then document and row, as arrays.

    An exact lookup is one ``np.searchsorted`` of the hash (a few
    microseconds, where bisecting sorted text in Python cost 20 steps of
    numpy slicing); the key's text is kept to tell hashes that collide apart.
    """

    def __init__(self, hash, text, offsets, doc, row) -> None:  # noqa: A002
        self.hash, self.text, self.offsets, self.doc, self.row = (
            hash,
            text,
            offsets,
            doc,
            row,
        )

    @classmethod
    def build(cls, rows: Iterable[tuple[str, int, int]]) -> KeyRows:
        """From ``(key, document, row)`` triples, any order, no duplicates."""
        found = sorted((key_hash(key), doc, n, key.encode()) for key, doc, n in rows)
        text, offsets = text_arrays([key for *_, key in found])
        return cls(
            np.array([h for h, _, _, _ in found], np.uint64),
            text,
            offsets,
            np.array([doc for _, doc, _, _ in found], np.int64),
            np.array([n for _, _, n, _ in found], np.int64),
        )

    def all_keys(self) -> set[str]:
        """Every key of the rows, read from the text in one piece.

        >>> sorted(KeyRows.build([("gout", 0, 0), ("podagra", 0, 1)]).all_keys())
        ['gout', 'podagra']
        """
        if not len(self):
            return set()
        blob = self.text.tobytes()
        ends = self.offsets.tolist()
        return {blob[a:b].decode() for a, b in zip(ends, ends[1:], strict=False)}

    def arrays(self) -> dict[str, np.ndarray]:
        return dict(
            zip(
                KEY_FIELDS,
                (self.hash, self.text, self.offsets, self.doc, self.row),
                strict=True,
            )
        )

    def __len__(self) -> int:
        return len(self.doc)

    @cached_property
    def hash_set(self) -> frozenset[int]:
        """The rows' hashes as a set: one lookup tells most keys they are in
        no row (made once per table, on first use)."""
        return frozenset(self.hash.tolist())

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of the rows' keys (made once per table, on first use):
        a word in none rules out every key that holds it, unlooked-up."""
        text = np.frombuffer(self.text, np.uint8)
        spaced = np.insert(text, self.offsets[1:-1], ord(" "))
        return frozenset(spaced.tobytes().decode().split())

    def find(self, key: str, hashed: int | None = None) -> list[tuple[int, int]]:
        """``(document, row)`` of the rows of exactly ``key``, in order.

        :param hashed: :func:`key_hash` of ``key``, if known (it is the same
            in every segment's table).

        Most keys asked are in no row (a long question asks every run of
        its words): one search and one look settle those. The rest are
        nearly always rows of the key alone, settled at once
        (:meth:`_all_are`); where a hash collides, each row's text is
        compared through a memoryview, not numpy slices (a third of a
        microsecond a row against over one).
        """
        lo, hi = self._span(key, hashed)
        if lo == hi:
            return []
        encoded = key.encode()
        docs, rows = self.doc[lo:hi].tolist(), self.row[lo:hi].tolist()
        offsets = self.offsets[lo : hi + 1].tolist()
        if self._all_are(encoded, offsets):
            return list(zip(docs, rows, strict=True))
        text = memoryview(self.text)
        return [
            (docs[i], rows[i])
            for i in range(hi - lo)
            if text[offsets[i] : offsets[i + 1]] == encoded
        ]

    def live_rows(
        self, key: str, hashed: int | None, dead: frozenset[int]
    ) -> np.ndarray:
        """The row numbers of the rows of exactly ``key`` whose documents
        are not ``dead``, as an array: no tuple per row, as :meth:`find`
        makes, where a common first word has hundreds of rows at ten
        MedQuADs."""
        lo, hi = self._span(key, hashed)
        if self._all_are(key.encode(), self.offsets[lo : hi + 1].tolist()):
            docs, rows = self.doc[lo:hi], self.row[lo:hi]
        else:
            found = self.find(key, hashed)
            docs = np.array([doc for doc, _ in found], np.int64)
            rows = np.array([row for _, row in found], np.int64)
        if dead and len(docs):
            # A set lookup per row: ``np.isin`` cost some 80 us a call on
            # rows that are mostly a handful (0.6 ms of a long question's
            # planning on an index that had taken writes).
            rows = rows[np.array([doc not in dead for doc in docs.tolist()], bool)]
        return rows

    def _span(self, key: str, hashed: int | None) -> tuple[int, int]:
        """The rows ``[lo, hi)`` whose hash is ``key``'s (empty if none)."""
        hashes = self.hash
        wanted = np.uint64(key_hash(key) if hashed is None else hashed)
        lo = int(hashes.searchsorted(wanted))
        if lo == len(hashes) or hashes[lo] != wanted:
            return lo, lo
        return lo, int(hashes.searchsorted(wanted, "right"))

    def _all_are(self, encoded: bytes, offsets: list[int]) -> bool:
        """Whether every row from ``offsets`` (of their texts, one more
        than the rows) has the key ``encoded``: each as long as it, and
        their texts, joined, as many copies of it.

        A hash is a key's but where two keys collide, so this holds for
        nearly every lookup, and settles it in one comparison: comparing
        each row's text through a memoryview cost about 1 us a row, and a
        common word starts hundreds of names at ten MedQuADs (py-spy had
        the comparisons a tenth of a long question's planning).
        """
        size = len(encoded)
        if not all(b - a == size for a, b in pairwise(offsets)):
            return False
        joined = self.text[offsets[0] : offsets[-1]].tobytes()
        return joined == encoded * (len(offsets) - 1)

    def find_all(
        self, keys: list[str], wanted: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows of many keys as arrays: the key's position in ``keys``,
        the document and the row of each, by key, then in table order.

        Keys are told apart from their hash's colliders with numpy over
        all the rows' bytes at once: comparing one row's bytes at a time
        in Python was a fifth of a new prefix's suggestions (py-spy).

        :param wanted: :func:`key_hashes` of ``keys``.
        """
        none = np.zeros(0, np.int64)
        if not keys or not len(self.hash):
            return none, none, none
        los = self.hash.searchsorted(wanted, "left")
        his = self.hash.searchsorted(wanted, "right")
        hit = np.flatnonzero(his > los)
        if not len(hit):
            return none, none, none
        # Every row of every key found, gathered with one index array.
        counts = his[hit] - los[hit]
        at = run_positions(los[hit], counts)
        which = np.repeat(hit, counts)
        encoded = [keys[i].encode() for i in hit.tolist()]
        want_len = np.repeat(np.array([len(e) for e in encoded], np.int64), counts)
        starts = self.offsets[at]
        lengths = self.offsets[at + 1] - starts
        # Rows of the right length: compare their bytes with the keys'.
        same = np.flatnonzero(lengths == want_len)
        size = lengths[same]
        ends = np.cumsum(size)
        gather = run_positions(starts[same], size)
        expected = np.frombuffer(
            b"".join(
                encoded[k]
                for k in np.repeat(np.arange(len(hit)), counts)[same].tolist()
            ),
            np.uint8,
        )
        differ = np.concatenate(([0], np.cumsum(self.text[gather] != expected)))
        match = same[differ[ends] == differ[ends - size]]
        return which[match], self.doc[at[match]], self.row[at[match]]
