"""Cold parts of index files, read with ``os.pread`` rather than mapped.

A page of a memory-mapped file that a worker touched counts in that
worker's resident size for as long as the map lives, though the kernel
keeps the same page once in its page cache for every process. At ten
MedQuADs, after 1,000 queries, a worker had touched 160 MB of stored
fields (the result pages' documents, spread over the whole segment) and
118 MB of the body's posting documents, frequencies and counts (whose hot
lists the ranker copies into its own bounded cache anyway): a third of
its 0.9 GB. Read with ``pread``, the
same bytes come from the same page cache, shared by the workers, and the
worker holds only what it keeps (``/proc/PID/smaps`` of a worker at 10x,
see the README's "How it grows"). What every query reads (term tables,
field lengths, the derived files) stays mapped.

Descriptors are closed when the last reader holding them is gone, as a map
is unmapped, so a reader of a segment that a merge deleted keeps reading.
"""

from __future__ import annotations

import os
import weakref
from array import array

import numpy as np
from whoosh.filedb.structfile import _SIZEMAP, StructFile
from whoosh.system import IS_LITTLE


class Descriptor:
    """An open file descriptor, closed with the last object that holds it.

    ``pread`` takes the offset with each call, so threads share one
    descriptor without a lock.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._close = weakref.finalize(self, os.close, fd)

    @classmethod
    def dup(cls, fileno: int) -> Descriptor:
        """A descriptor of its own for an open file (its owner may close it)."""
        return cls(os.dup(fileno))

    @classmethod
    def open(cls, path: os.PathLike[str] | str) -> Descriptor:
        return cls(os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)))

    def read(self, size: int, offset: int) -> bytes:
        """Exactly ``size`` bytes at ``offset``.

        :raises EOFError: when the file ends first (a damaged or cut file).
        """
        data = os.pread(self.fd, size, offset)
        if len(data) != size:
            raise EOFError(f"wanted {size} bytes at {offset}, the file has fewer")
        return data

    def read_into(self, buffer: np.ndarray, offset: int) -> None:
        """Fill ``buffer`` from ``offset``, without an intermediate copy."""
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view):
            got = os.preadv(self.fd, [view[done:]], offset + done)
            if got <= 0:
                raise EOFError(f"wanted {len(view)} bytes at {offset}, got {done}")
            done += got


class FileArray:
    """A read-only one-dimensional array in a file, read a slice at a time.

    Slicing returns a new NumPy array read from the page cache; nothing of
    the file stays in the process once the slice is dropped.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as tmp:
    ...     _ = tmp.write(np.arange(10, dtype=np.int32).tobytes()); tmp.flush()
    ...     values = FileArray(Descriptor.open(tmp.name), 8, np.int32, 6)
    ...     len(values), values[1:4].tolist(), int(values[4]), values[5:99].tolist()
    (6, [3, 4, 5], 6, [7])
    """

    def __init__(
        self, descriptor: Descriptor, offset: int, dtype: np.dtype | str, count: int
    ) -> None:
        self._descriptor = descriptor
        self._offset = offset
        self.dtype = np.dtype(dtype)
        self._count = count

    def __len__(self) -> int:
        return self._count

    def raw(self, start: int, stop: int) -> bytes:
        """Items ``start`` to ``stop`` as the file's bytes: one ``pread``,
        a third of a slice's cost for a section's text (0.4 against 1.4 us),
        with no array made."""
        size = self.dtype.itemsize
        return self._descriptor.read((stop - start) * size, self._offset + start * size)

    def __getitem__(self, key: slice | int) -> np.ndarray:
        if not isinstance(key, slice):
            i = int(key)
            if i < 0:
                i += self._count
            if not 0 <= i < self._count:
                raise IndexError(key)
            return self[i : i + 1][0]
        start, stop, step = key.indices(self._count)
        if step != 1:
            raise ValueError("FileArray reads contiguous slices only")
        out = np.empty(max(0, stop - start), self.dtype)
        if len(out):
            self._descriptor.read_into(out, self._offset + start * self.dtype.itemsize)
        return out


class _Stream:
    """read/seek/tell over a file region, for Whoosh's sequential reads."""

    __slots__ = ("_descriptor", "_offset", "_length", "_pos")

    def __init__(self, descriptor: Descriptor, offset: int, length: int) -> None:
        self._descriptor = descriptor
        self._offset = offset
        self._length = length
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        end = self._length
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        start, self._pos = self._pos, max(self._pos, end)
        return self._descriptor.read(self._pos - start, self._offset + start)

    def readline(self, size: int | None = -1) -> bytes:
        start = self._pos
        while True:
            chunk = self.read(256)
            found = chunk.find(b"\n")
            if found >= 0:
                self._pos -= len(chunk) - found - 1
                break
            if len(chunk) < 256:
                break
        if size is not None and 0 <= size < self._pos - start:
            self._pos = start + size
        return self._descriptor.read(self._pos - start, self._offset + start)

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 1:
            offset += self._pos
        elif whence == 2:
            offset += self._length
        self._pos = offset
        return offset

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        pass


class PreadFile(StructFile):
    """Whoosh's view of one file inside a segment, read with ``pread``.

    Random reads (``get`` and the ``get_*`` built on it, which the stored
    fields' column uses) take their offset with them, so threads may share
    the file as they share a mapped one.
    """

    def __init__(
        self, descriptor: Descriptor, offset: int, length: int, name: str | None = None
    ) -> None:
        super().__init__(_Stream(descriptor, offset, length), name=name)
        self.is_real = False  # no fileno: read_array reads bytes, not the file
        self._descriptor = descriptor
        self._offset = offset
        self._length = length

    def get(self, position: int, length: int) -> bytes:
        length = max(0, min(length, self._length - position))
        return self._descriptor.read(length, self._offset + position)

    def get_array(self, position: int, typecode: str, length: int) -> array:
        found = array(typecode)
        found.frombytes(self.get(position, length * _SIZEMAP[typecode]))
        if IS_LITTLE:
            found.byteswap()  # Whoosh writes arrays big-endian
        return found
