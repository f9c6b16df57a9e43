"""The searched fields' postings of a large segment, flat, in a file of their own.

Reading a body term through Whoosh unpickles its posting blocks in Python:
on the bench query mix at ten MedQuADs that was two thirds of a search that
missed the result cache (pyinstrument: 40 of 64 s, a quarter of it the
positions that phrases and proximity read). The writer that commits a
large segment reads the searched fields once (the body for everything;
the short fields, whose documents and frequencies the derived file holds,
for the positions phrases check) and writes ``<segment id>.postings``
beside the segment, and a term's postings are slices of its arrays. Every
worker maps the term table, offsets and positions read-only (shared
pages) and reads the documents, weights and counts a term's run at a time
with ``pread`` (:mod:`indexer.preads`), so what it read does not stay in
its resident memory. Segments without the
file (small ones, recent writes; an index written before it) are read
through Whoosh as before, and ``medsearch optimize`` writes the file for
the large ones.

The file: an 8-byte header length, a JSON header (fields, document count,
array layout), then the arrays, 8-byte aligned, named ``<field>.<array>``.
Per field, terms are sorted UTF-8; a term's postings
are ``[offsets[i], offsets[i + 1])`` of ``docs`` (document numbers in the
segment, ascending), ``weights`` and ``counts`` (how many positions each
posting has); its positions start at ``starts[i]`` in ``positions``,
posting after posting. Dtypes are the smallest that hold the values
exactly (``weights`` are float32 unless some weight is not a float32), so
scores are the ones Whoosh's own postings give. Kept apart from the
segment's derived file (:mod:`indexer.segments`), whose layout changes for
other reasons; the name matches Whoosh's segment files, so Whoosh deletes
it with its segment after a merge.
"""

from __future__ import annotations

import dataclasses
import pickle
from array import array
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

import numpy as np
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import pack_uint

from . import schema as f
from .accumulate import run_positions
from .arrayfile import read_arrays, write_arrays

SUFFIX = ".postings"
#: The fields a file holds, all of them.
FIELDS = f.SEARCHED
VERSION = 1
#: Segments smaller than this are read through Whoosh: a write's own. Every
#: segment is asked for every new term, and a merged write's read through
#: Whoosh was most of a cold message's time once hundreds of writes had
#: left dozens of them (the LiveQA harness's 678 PUTs: 53 segments, the
#: first pass of messages over HTTP p50 33 ms at 1,000 documents, 21 at 32).
MIN_DOCS = 32
_NAMES = ("terms", "offsets", "docs", "weights", "counts", "starts", "positions")
#: Read with ``pread`` rather than mapped: a query reads a few terms' runs of
#: them, which the ranker copies into its own bounded cache, while their
#: mapped pages stayed resident in every worker (118 MB after 1,000 queries
#: at ten MedQuADs). The term table and offsets, searched for every term,
#: stay mapped, and so do the positions (42 MB): phrases and proximity read
#: them a posting at a time, and a ``pread`` per posting cost 20 us here
#: against 4 us from the map.
UNMAPPED = ("docs", "weights", "counts")


def decode_positions(value: bytes) -> list[int]:
    """Word positions from a posting value, as Whoosh's Positions format
    decodes them (a count, then pickled deltas), with the running sum in C.

    >>> from whoosh.formats import Positions
    >>> value = Positions().encode([3, 7, 8, 40])
    >>> decode_positions(value) == Positions().decode_positions(value)
    True
    """
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(pickle.loads(value[4:])))


def find_term(terms: np.ndarray, key: bytes) -> int:
    """Where ``key`` is in ``terms`` (sorted, fixed-width bytes), or -1.

    A key wider than the terms is none of them, and is not searched: numpy
    would first copy the whole array to the wider type (25-160 us for a
    short field's 8,000 terms, where a search costs 3; long questions have
    such words). The array's own method spares ``np.searchsorted``'s
    dispatch (1.6 against 3.5 us).

    >>> terms = np.array([b"gout", b"renal"])
    >>> [find_term(terms, word) for word in (b"renal", b"kidney", b"hyperuricemia")]
    [1, -1, -1]
    """
    if len(key) > terms.dtype.itemsize:
        return -1
    i = int(terms.searchsorted(key))
    if i == len(terms) or terms[i] != key:
        return -1
    return i


class FlatPostings:
    """One field's postings in one segment, as arrays: mapped (the term
    table, offsets, positions) or read slice by slice (:data:`UNMAPPED`)."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.terms = arrays["terms"]
        self.offsets = arrays["offsets"]
        self.docs = arrays["docs"]
        self.weights = arrays["weights"]
        self.counts = arrays["counts"]
        self.starts = arrays["starts"]
        self.positions = arrays["positions"]

    def find(self, text: str) -> int:
        """The term's number, or -1 when the segment does not hold it."""
        return find_term(self.terms, text.encode())

    def frequency(self, text: str) -> int:
        """How many documents of the segment hold the term, deleted ones
        included (what Whoosh's term table says)."""
        term = self.find(text)
        return 0 if term < 0 else int(self.offsets[term + 1] - self.offsets[term])

    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers (in the segment) and weights of a term."""
        a, b = int(self.offsets[term]), int(self.offsets[term + 1])
        return self.docs[a:b], self.weights[a:b]

    def spans(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """Where each posting's positions begin and end in :attr:`positions`."""
        a, b = int(self.offsets[term]), int(self.offsets[term + 1])
        counts = self.counts[a:b]
        ends = np.cumsum(counts, dtype=np.int64) + int(self.starts[term])
        return ends - counts, ends


class Positions:
    """The positions of a term's postings, by posting number, decoded on
    demand: flat runs from mapped files, Whoosh's encoded values otherwise.

    >>> from whoosh.formats import Positions as Encoded
    >>> found = Positions()
    >>> found.add_encoded([Encoded().encode([2, 9])])
    >>> found.add_flat(np.array([1, 4, 7, 5]), np.array([0, 3]), np.array([3, 4]))
    >>> len(found), found[0], found[1], found[2]
    (3, [2, 9], [1, 4, 7], [5])
    """

    def __init__(self) -> None:
        self._firsts: list[int] = []  # the first posting number of each part
        self._parts: list = []
        self._size = 0

    def add_encoded(self, values: list[bytes]) -> None:
        if values:
            self._firsts.append(self._size)
            self._parts.append(values)
            self._size += len(values)

    def add_flat(self, flat: np.ndarray, begins: np.ndarray, ends: np.ndarray) -> None:
        if len(begins):
            self._firsts.append(self._size)
            self._parts.append((flat, begins, ends))
            self._size += len(begins)

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, i: int) -> list[int]:
        if not 0 <= i < self._size:
            raise IndexError(i)
        n = bisect_right(self._firsts, i) - 1
        part, i = self._parts[n], i - self._firsts[n]
        if isinstance(part, list):
            return decode_positions(part[i])
        flat, begins, ends = part
        return flat[begins[i] : ends[i]].tolist()

    def gather(self, postings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every position of the postings numbered ``postings``, as two
        arrays: which of ``postings`` it is of (its index there) and the
        position. From mapped files in a few array operations; Whoosh's
        encoded values are decoded one by one.

        >>> from whoosh.formats import Positions as Encoded
        >>> found = Positions()
        >>> found.add_encoded([Encoded().encode([2, 9])])
        >>> found.add_flat(np.array([1, 4, 7, 5]), np.array([0, 3]), np.array([3, 4]))
        >>> [a.tolist() for a in found.gather(np.array([2, 0, 1]))]
        [[1, 1, 0, 2, 2, 2], [2, 9, 5, 1, 4, 7]]
        """
        which: list[np.ndarray] = []
        where: list[np.ndarray] = []
        part_of = np.searchsorted(self._firsts, postings, side="right") - 1
        for n, part in enumerate(self._parts):
            chosen = np.flatnonzero(part_of == n)
            if not len(chosen):
                continue
            local = postings[chosen] - self._firsts[n]
            if isinstance(part, list):
                for at, i in zip(chosen.tolist(), local.tolist(), strict=True):
                    values = decode_positions(part[i])
                    which.append(np.full(len(values), at, np.int64))
                    where.append(np.array(values, np.int64))
                continue
            flat, begins, ends = part
            starts, counts = begins[local], ends[local] - begins[local]
            # Each posting's run of positions, side by side.
            where.append(flat[run_positions(starts, counts)].astype(np.int64))
            which.append(np.repeat(chosen, counts))
        if not which:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(which), np.concatenate(where)


def postings_path(reader, folder: Path) -> Path | None:
    """Where the postings file of ``reader``'s segment is (in ``folder``)."""
    segment = reader.segment()
    if segment is None:
        return None
    return Path(folder) / f"{segment.segment_id()}{SUFFIX}"


def load_postings(reader, folder: Path | None) -> dict[str, FlatPostings]:
    """The segment's flat postings by field when its writer left them, else
    none (the caller reads through Whoosh); a damaged file counts as none."""
    if folder is None:
        return {}
    path = postings_path(reader, folder)
    if path is None or not path.is_file():
        return {}
    try:
        header, arrays = read_arrays(
            path, {f"{field}.{name}" for field in FIELDS for name in UNMAPPED}
        )
        if not _fits(header, reader.doc_count_all()):
            return {}  # another layout, or not this segment's
        return {
            field: FlatPostings({n: arrays[f"{field}.{n}"] for n in _NAMES})
            for field in FIELDS
        }
    except (OSError, ValueError, KeyError):
        return {}


def _smallest(values: np.ndarray, *candidates) -> np.ndarray:
    """``values`` in the first of ``candidates`` that holds all of them."""
    top = int(values.max()) if len(values) else 0
    for dtype in candidates:
        if top <= np.iinfo(dtype).max:
            return values.astype(dtype)
    return values.astype(np.int64)


@dataclass
class FieldPostings:
    """One field's postings in term order: per term its UTF-8 text and how
    many postings it has; per posting its document number, weight and
    positions (how many, then all of them, posting after posting), in
    typed arrays (at ten MedQuADs a worker holds some 15 million postings).
    Read back from a segment (:meth:`read`), or recorded as the segment is
    written (:class:`indexer.writer.SectionWriter`), which spares reading
    it again."""

    terms: list[bytes] = dataclasses.field(default_factory=list)
    sizes: list[int] = dataclasses.field(default_factory=list)
    docs: array = dataclasses.field(default_factory=lambda: array("i"))
    #: float32, as Whoosh keeps weights (``d`` when read back, as given).
    weights: array = dataclasses.field(default_factory=lambda: array("f"))
    counts: array = dataclasses.field(default_factory=lambda: array("I"))
    positions: array = dataclasses.field(default_factory=lambda: array("I"))
    #: The one position a value holds, by value (most postings have one).
    _single: dict[bytes, int] = dataclasses.field(default_factory=dict, repr=False)

    def add(self, docnum: int, weight: float, value: bytes) -> None:
        """Add a posting of the last term, its positions as Whoosh encoded
        them."""
        self.docs.append(docnum)
        self.weights.append(weight)
        if value[:4] == _ONE:
            position = self._single.get(value)
            if position is None:
                position = self._single[value] = decode_positions(value)[0]
            self.counts.append(1)
            self.positions.append(position)
        else:
            positions = decode_positions(value)
            self.counts.append(len(positions))
            self.positions.extend(positions)

    def extend(self, term: bytes, docs, weights, values) -> None:
        """Add a term and its postings (a writer's whole run of it)."""
        self.terms.append(term)
        self.sizes.append(len(docs))
        add = self.add
        for posting in zip(docs, weights, values, strict=True):
            add(*posting)

    @classmethod
    def read(cls, reader, field: str) -> FieldPostings:
        """A field's postings read once through Whoosh."""
        from .segments import read_postings

        found = cls(weights=array("d"))
        for text in reader.lexicon(field):
            matcher = reader.postings(field, text)
            if isinstance(matcher, FilterMatcher):
                matcher = matcher.child  # deletions are masked by the ranker
            ids, ws, values = read_postings(matcher, values=True)
            found.terms.append(text if isinstance(text, bytes) else text.encode())
            found.sizes.append(len(ids))
            for posting in zip(ids, ws, values, strict=True):
                found.add(*posting)
        return found

    def same(self, other: FieldPostings) -> bool:
        """Whether both hold the same postings (weights compared as float32)."""
        return (
            (self.terms, self.sizes) == (other.terms, other.sizes)
            and all(
                np.array_equal(np.asarray(getattr(self, name)), getattr(other, name))
                for name in ("docs", "counts", "positions")
            )
            and np.array_equal(
                np.asarray(self.weights, np.float32),
                np.asarray(other.weights, np.float32),
            )
        )


_ONE = pack_uint(1)  # how an encoded value with one position starts


def flat_arrays(found: FieldPostings) -> dict[str, np.ndarray]:
    """A field's postings as the arrays of its postings file."""
    counts = np.asarray(found.counts).astype(np.int64)
    positions = np.asarray(found.positions).astype(np.int64)
    offsets = np.cumsum([0, *found.sizes], dtype=np.int64)
    # A term's positions start where its first posting's do.
    starts = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])[offsets]
    all_weights = np.asarray(found.weights).astype(np.float64)
    narrow = all_weights.astype(np.float32)
    exact = np.array_equal(narrow.astype(np.float64), all_weights)
    terms = found.terms
    return {
        "terms": np.array(terms, f"S{max(map(len, terms), default=1)}"),
        "offsets": offsets,
        "docs": _smallest(np.asarray(found.docs).astype(np.int64), np.int32),
        "weights": narrow if exact else all_weights,
        "counts": _smallest(counts, np.uint16, np.int32),
        "starts": starts.astype(np.int64),
        "positions": _smallest(positions, np.uint16, np.int32),
    }


def _fits(header: dict, documents: int) -> bool:
    """Whether a file's header is this layout's, for a segment this size."""
    return (
        header.get("version") == VERSION
        and header.get("fields") == list(FIELDS)
        and header.get("documents") == documents
    )


def _is_current(path: Path, documents: int) -> bool:
    """Whether ``path`` holds a whole postings file of this layout (one an
    older version wrote, or one cut short, is written again)."""
    try:
        header, _ = read_arrays(path)  # checks every array is all there
    except (OSError, ValueError):
        return False
    return _fits(header, documents)


def write_postings(
    reader, folder: Path, recorded: dict[str, FieldPostings] | None = None
) -> None:
    """Write the segment's postings file beside it, atomically, unless a
    current one is there.

    :param recorded: the postings by field as the segment's writer wrote
        them (:class:`indexer.writer.SectionWriter`); else they are read
        back from the segment.
    """
    path = postings_path(reader, folder)
    documents = reader.doc_count_all()
    if path is None or documents < MIN_DOCS or _is_current(path, documents):
        return
    arrays = {}
    for field in FIELDS:
        found = recorded[field] if recorded else FieldPostings.read(reader, field)
        for name, values in flat_arrays(found).items():
            arrays[f"{field}.{name}"] = values
    header = {
        "version": VERSION,
        "fields": list(FIELDS),
        "documents": reader.doc_count_all(),
    }
    write_arrays(path, arrays, header)


def segment_ids(ix) -> frozenset[str]:
    """The ids of the segments ``ix`` has now."""
    return frozenset(segment.segment_id() for segment in ix._segments())


def write_postings_for(ix, *, keep: Collection[str] = ()) -> None:
    """Write the postings file of every large segment of ``ix`` lacking one
    (or holding one of another layout, or cut short).

    :param keep: segments left as they are. A write passes the segments it
        found, so it writes the files of the segments its commit made (new
        or merged) and no more: a segment an older version wrote without a
        file is upgraded by ``medsearch optimize``, not by the first ``PUT``
        after the upgrade (which wrote every such file, 11 s at one MedQuAD
        under the write lock).

    Never fails a write that has committed: without the file, readers read
    the segment through Whoosh.
    """
    from whoosh.reading import SegmentReader

    folder = Path(ix.storage.folder)
    for segment in ix._segments():
        if segment.doc_count_all() < MIN_DOCS or segment.segment_id() in keep:
            continue
        path = folder / f"{segment.segment_id()}{SUFFIX}"
        if _is_current(path, segment.doc_count_all()):
            continue
        try:
            reader = SegmentReader(ix.storage, ix.schema, segment)
            try:
                write_postings(reader, folder)
            finally:
                reader.close()
        except (OSError, ValueError):
            continue
