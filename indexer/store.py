"""The index folder: generations, the pointer to the serving one, the write lock.

Layout of ``INDEX_DIR``::

    CURRENT          name of the serving generation, replaced atomically
    gen-000001/      a complete Whoosh index
    gen-000002/      ...
    write.lock       held by whoever writes, for the whole operation

A rebuild writes a new generation beside the serving one and then swaps
``CURRENT`` with ``os.replace``, which is atomic on POSIX: readers see the
old index or the new one, never half of either. Incremental updates commit
into the serving generation, where Whoosh's own commit is atomic (the table
of contents is written last). A writer killed at any moment therefore leaves
the last good index serving, and the kernel releases its ``flock``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import re
import shutil
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from whoosh import index as whoosh_index
from whoosh.codec import base as codec_base
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb import compound
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.index import FileIndex
from whoosh.util import random_name

from .errors import IndexCorrupt, IndexNotFound, WriterBusy
from .preads import Descriptor, PreadFile
from .schema import build_schema, same_layout

CURRENT = "CURRENT"
LOCK = "write.lock"
# Descriptors of write locks this process holds: a forked worker closes them,
# because a flock lives as long as any process has the file open.
HELD_LOCKS: set[int] = set()
DEFAULT_WRITE_TIMEOUT = float(os.environ.get("MEDSEARCH_WRITE_TIMEOUT", "30"))


GENERATION = re.compile(r"gen-\d{6}")
# What Whoosh raises when the files it reads are damaged.
DAMAGE = (
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    struct.error,
    pickle.UnpicklingError,
    zlib.error,
    whoosh_index.IndexError,
)


T = TypeVar("T")

#: Reads of an index's table of contents tried before a missing file counts
#: as damage (see :func:`retried`).
TOC_TRIES = 3


def retried(read: Callable[[], T]) -> T:
    """``read()``, again when a file it opens has gone meanwhile.

    Whoosh finds an index's newest table of contents by listing the folder,
    then opens it; a commit in between writes the next one and deletes the
    one listed (a search during a write answered 500, once in a CI run).
    The newer one is there to read: only a file missing every time is
    damage (:func:`reading_guard` calls it so). Whoosh's own ``reader()``
    retries so; opening an index and reading its schema did not.
    """
    for _ in range(TOC_TRIES - 1):
        try:
            return read()
        except FileNotFoundError:
            continue
    return read()


def _opened(path: Path) -> tuple[FileIndex, object]:
    """An index and its schema, read together (each reads the newest table
    of contents)."""
    ix = whoosh_index.open_dir(str(path))
    return ix, ix.schema


@contextlib.contextmanager
def reading_guard(root: Path) -> Iterator[None]:
    """Turn damage found while reading an index into :class:`IndexCorrupt`."""
    try:
        yield
    except DAMAGE as exc:
        raise IndexCorrupt(root, f"{type(exc).__name__}: {exc}") from exc


def codec() -> W3Codec:
    """How postings are written: uncompressed blocks.

    zlib was a tenth of build time and slows every posting read; the index
    is about half as large again without it (107 MB for MedQuAD).
    """
    return W3Codec(compression=0)


class TrackedStorage(FileStorage):
    """A folder that remembers every file a writer opens in it.

    After a failed write Whoosh leaves some of them open, and a deleted
    file that is still open keeps its blocks: the disk would stay full.
    """

    def __init__(self, folder: str, opened: list | None = None) -> None:
        super().__init__(folder)
        self.opened: list = [] if opened is None else opened

    def create_file(self, name, *args, **kwargs):
        handle = super().create_file(name, *args, **kwargs)
        self.opened.append(handle)
        return handle

    def open_file(self, name, *args, **kwargs):
        handle = super().open_file(name, *args, **kwargs)
        self.opened.append(handle)
        return handle

    def temp_storage(self, name=None):
        path = os.path.join(self.folder, name or f"{random_name()}.tmp")
        return TrackedStorage(path, self.opened).create()

    def close_all(self) -> None:
        for handle in self.opened:
            if not handle.is_closed:
                with contextlib.suppress(Exception):
                    handle.close()  # flushing may fail; the file still closes
        self.opened.clear()


class _ViewFile:
    """read/seek/tell over a memoryview, copying only the bytes read."""

    __slots__ = ("_view", "_pos")

    def __init__(self, view) -> None:
        self._view = view
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view)
        if size is not None and size >= 0:
            end = min(end, start + size)
        self._pos = max(start, end)
        return bytes(self._view[start:end])

    def readline(self, size: int | None = -1) -> bytes:
        start = end = self._pos
        stop = len(self._view)
        if size is not None and size >= 0:
            stop = min(stop, start + size)
        while end < stop:
            chunk = bytes(self._view[end : min(end + 256, stop)])
            found = chunk.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(chunk)
        self._pos = end
        return bytes(self._view[start:end])

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 1:
            offset += self._pos
        elif whence == 2:
            offset += len(self._view)
        self._pos = offset
        return offset

    def tell(self) -> int:
        return self._pos


class MappedBufferFile(BufferFile):
    """Whoosh's view of one file inside a memory-mapped segment, uncopied.

    Whoosh's ``BufferFile`` wraps its slice of the map in a ``BytesIO``,
    which copies it: every worker held a private copy of most of the index
    (81 MB of its 190 MB heap at one MedQuAD, growing with the corpus, the
    main part of the 1.0-1.4 GB per worker at five). Random reads
    (``get``, ``get_array``) read the map directly, and sequential reads
    (posting blocks) go through :class:`_ViewFile`, which copies only what
    is read.
    """

    def __init__(self, buf, name=None, onclose=None) -> None:
        self._buf = buf
        self._name = name
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False
        self.file = _ViewFile(buf)

    def close(self) -> None:
        if self.is_closed:
            raise ValueError("This file is already closed")
        if self.onclose:
            self.onclose(self)
        self.file = None
        buf, self._buf = self._buf, None
        if isinstance(buf, memoryview):
            with contextlib.suppress(ValueError, BufferError):
                buf.release()
        self.is_closed = True


# Whoosh opens segment files through this name (narrow: only compound
# segments read from a map use it).
compound.BufferFile = MappedBufferFile

#: Files inside a segment read with ``pread`` instead of the map: the stored
#: fields, which a results page reads a few documents of at a time from all
#: over the segment (at ten MedQuADs, 160 MB of mapped pages per worker after
#: 2,000 queries; see :mod:`indexer.preads`).
UNMAPPED = ("._stored.col",)


class SegmentStorage(compound.CompoundStorage):
    """A compound segment file: mapped, but for the :data:`UNMAPPED` files."""

    def __init__(self, dbfile, use_mmap: bool = True, basepos: int = 0) -> None:
        # Whoosh closes the file once it is mapped; keep a descriptor of our own.
        descriptor = None
        if use_mmap and getattr(dbfile, "is_real", False):
            with contextlib.suppress(OSError, ValueError):
                descriptor = Descriptor.dup(dbfile.fileno())
        super().__init__(dbfile, use_mmap=use_mmap, basepos=basepos)
        self._descriptor = descriptor if self._source is not None else None

    def open_file(self, name, *args, **kwargs):
        if self._descriptor is not None and not self.is_closed:
            if name.endswith(UNMAPPED):
                offset, length = self.range(name)
                return PreadFile(self._descriptor, offset, length, name=name)
        return super().open_file(name, *args, **kwargs)

    def close(self) -> None:
        super().close()
        self._descriptor = None  # closed when its last file is dropped


# Whoosh's segments open their compound file through this name.
codec_base.CompoundStorage = SegmentStorage


def default_index_dir() -> Path:
    """The per-user index folder, used when no ``--index-dir`` is given."""
    env = os.environ.get("MEDSEARCH_INDEX_DIR")
    if env:
        return Path(env)
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "medsearch" / "index"


class IndexStore:
    """One index folder and the generations inside it."""

    def __init__(self, root: os.PathLike[str] | str) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"IndexStore({str(self.root)!r})"

    # -- reading -------------------------------------------------------------

    def current_name(self) -> str | None:
        """The serving generation's folder name, or None before the first build.

        :raises IndexCorrupt: if ``CURRENT`` does not name a generation.
        """
        try:
            raw = (self.root / CURRENT).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        name = raw.decode("ascii", errors="replace").strip()
        if not name:
            return None
        if not GENERATION.fullmatch(name):
            raise IndexCorrupt(self.root, f"{CURRENT} holds {name[:40]!r}")
        return name

    def exists(self) -> bool:
        """Whether something was built here (even if it is now damaged)."""
        return (self.root / CURRENT).is_file()

    def open(self, *, any_layout: bool = False) -> tuple[str, FileIndex]:
        """Open the serving generation.

        :param any_layout: also open an index written with an older schema
            (a rebuild reads the entries stored in it).
        :raises IndexNotFound: if nothing has been built here.
        :raises IndexCorrupt: if the generation cannot be opened, or was
            written by a version of this program with another schema.
        """
        name = self.current_name()
        if name is None:
            raise IndexNotFound(self.root)
        path = self.root / name
        with reading_guard(self.root):
            ix, schema = retried(lambda: _opened(path))
        if not any_layout and not same_layout(schema):
            raise IndexCorrupt(
                self.root, "it was built by an older version of medsearch"
            )
        return name, ix

    # -- writing -------------------------------------------------------------

    @contextlib.contextmanager
    def write_lock(self, timeout: float = DEFAULT_WRITE_TIMEOUT) -> Iterator[None]:
        """Hold the folder's write lock; one writer at a time, across processes.

        :raises WriterBusy: if another writer holds it for over ``timeout`` s.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+") as handle:
            HELD_LOCKS.add(handle.fileno())
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        HELD_LOCKS.discard(handle.fileno())
                        raise WriterBusy(self.root, timeout) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
                HELD_LOCKS.discard(handle.fileno())

    def new_generation(self) -> tuple[str, FileIndex]:
        """Create an empty generation folder (not yet serving)."""
        self.root.mkdir(parents=True, exist_ok=True)
        numbers = [
            int(p.name.split("-")[1])
            for p in self.root.glob("gen-*")
            if p.name.split("-")[1].isdigit()
        ]
        name = f"gen-{max(numbers, default=0) + 1:06d}"
        path = self.root / name
        path.mkdir()
        storage = TrackedStorage(str(path))
        try:
            return name, storage.create_index(build_schema())
        except BaseException:
            storage.close_all()
            shutil.rmtree(path, ignore_errors=True)
            raise

    @contextlib.contextmanager
    def building(self) -> Iterator[tuple[str, FileIndex]]:
        """A new generation to fill and then :meth:`switch_to`.

        If the block fails (a full disk, a bad file, Ctrl-C), the folder is
        deleted: an abandoned generation would only hold disk space.
        """
        name, ix = self.new_generation()
        try:
            yield name, ix
        except BaseException:
            if self.current_name_or_none() != name:
                shutil.rmtree(self.root / name, ignore_errors=True)
            raise

    def current_name_or_none(self) -> str | None:
        """Like :meth:`current_name`, but None for a damaged ``CURRENT``."""
        try:
            return self.current_name()
        except IndexCorrupt:
            return None

    def switch_to(self, name: str) -> None:
        """Make ``name`` the serving generation, atomically, then tidy up.

        The generation that served until now is kept, so a process still
        reading it (a web worker that has not refreshed yet) keeps working;
        every other one (older ones, abandoned rebuilds) is deleted.
        """
        previous = self.current_name_or_none()
        tmp = self.root / f"{CURRENT}.tmp-{os.getpid()}"
        try:
            tmp.write_text(name + "\n", encoding="ascii")
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, self.root / CURRENT)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        keep = {name, previous}
        for path in self.root.glob("gen-*"):
            if path.is_dir() and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
