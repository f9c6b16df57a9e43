"""What a results page shows of a section, kept plain beside its segment.

Whoosh keeps each document's stored fields as one pickled, zlib-compressed
record: 18 us a section read from the page cache (inflating is 13 of a
larger section's), and a page reads a dozen, for its hits, their "also
from" links and the texts that define a code. With them free, the bench's
cold mix at one MedQuAD went from a median of 3.03 to 2.73 ms. So the
writer of a large segment's derived file
(:func:`indexer.segments.write_derived`, which reads every section's
stored fields anyway) also writes the fields a page shows, as UTF-8 one
after another, and a page reads a section's with two ``pread`` calls
(5.5 us).

Arrays, by document of the segment: ``page.ends``, where each of
:data:`FIELDS` ends in ``page.data`` (a field starts where the one before
it ends, document after document). A document with no record there (not
a section, a field missing, or text no UTF-8 holds: an empty record,
which no section is) is read through Whoosh. Both are read with
``pread``, not mapped: a page's sections are spread over the whole
segment, and mapped pages a worker touched would stay in its resident
size (see :mod:`indexer.preads`).
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence

import numpy as np

from . import schema as f
from .preads import FileArray

#: The stored fields a results page reads of a section, in the file's order.
FIELDS = (f.ENTRY_ID, f.SECTION_ID, f.TITLE, f.SECTION, f.SOURCE, f.BODY)
#: The arrays' names in a derived file.
ENDS, DATA = "page.ends", "page.data"


def page_arrays(stored: Sequence[tuple[int, dict]], size: int) -> dict:
    """The arrays of a segment of ``size`` documents, from its sections'
    stored fields (:func:`indexer.copies.stored_sections`).

    >>> arrays = page_arrays([(1, dict.fromkeys(FIELDS, "é"))], 3)
    >>> arrays[ENDS].reshape(3, -1)[:, -1].tolist()
    [0, 12, 12]
    """
    width = len(FIELDS)
    lengths = np.zeros(size * width, np.int64)
    parts: list[bytes] = []
    for doc, fields in stored:
        values = [fields.get(name) for name in FIELDS]
        if not all(isinstance(value, str) for value in values):
            continue  # read through Whoosh, which gives it as it is
        try:
            encoded = [value.encode() for value in values]
        except UnicodeEncodeError:
            continue  # a lone surrogate an older index kept: Whoosh's too
        lengths[doc * width : (doc + 1) * width] = [len(e) for e in encoded]
        parts.extend(encoded)
    data = np.frombuffer(b"".join(parts), np.uint8)
    return {ENDS: np.cumsum(lengths).astype("<i8"), DATA: data}


class PageFields:
    """A segment's :data:`FIELDS` per section, read one section at a time.

    :param ends: ``page.ends`` and ``data``: ``page.data``, each read with
        ``pread`` (:class:`~indexer.preads.FileArray`) or in memory.
    """

    def __init__(self, ends, data) -> None:
        self._ends = _bytes_of(ends)
        self._data = _bytes_of(data)

    @classmethod
    def from_arrays(cls, arrays: dict) -> PageFields | None:
        """From a derived file's arrays; None for a file written before
        them (its sections are read through Whoosh)."""
        if ENDS not in arrays:
            return None
        return cls(arrays[ENDS], arrays[DATA])

    def get(self, doc: int) -> dict[str, str] | None:
        """A document's fields by name, or None when it has no record here.

        >>> arrays = page_arrays([(0, dict.fromkeys(FIELDS, "µg"))], 2)
        >>> found = PageFields.from_arrays(arrays)
        >>> found.get(0)[f.BODY], found.get(1)
        ('µg', None)
        """
        at = doc * _WIDTH
        if at:
            start, *ends = _AFTER.unpack(self._ends(at - 1, at + _WIDTH))
        else:
            start, ends = 0, _ENDS.unpack(self._ends(0, _WIDTH))
        if ends[-1] == start:
            return None
        record = self._data(start, ends[-1])
        out, begin = {}, 0
        for name, end in zip(FIELDS, ends, strict=True):
            end -= start
            out[name] = record[begin:end].decode()
            begin = end
        return out


_WIDTH = len(FIELDS)
#: A section's ends, and the same after the end before them (little-endian
#: int64, as :func:`page_arrays` writes them).
_ENDS = struct.Struct(f"<{_WIDTH}q")
_AFTER = struct.Struct(f"<{_WIDTH + 1}q")


def _bytes_of(array) -> Callable[[int, int], bytes]:
    """Items ``start`` to ``stop`` of an array as bytes: one ``pread`` for
    one in a file, whose pages then stay out of the worker's resident size
    (the ends of every section at ten MedQuADs are 13 MB)."""
    if isinstance(array, FileArray):
        return array.raw
    return lambda start, stop: array[start:stop].tobytes()
