"""One write to a Whoosh generation: it commits, or it leaves nothing behind.

Whoosh alone handles a failed commit badly. When a commit hits a full disk,
Whoosh closes the writer and re-raises; calling ``cancel()`` after that
raises "This writer is closed", which used to replace the real error, and
the half-written segment (megabytes) stayed in the folder, so the disk
stayed full and every later write failed too. Here a failed write closes
its writer without masking the first error, then deletes every file that
the last committed table of contents does not list (the new segment, a
half-written table of contents, the writer's temporary pool), which is
what Whoosh itself deletes after a successful commit. Readers never saw
any of it: they only read what a table of contents lists.

A full disk then becomes :class:`~indexer.errors.DiskFull`, which names the
disk; the CLI prints it on one line, the API answers 507.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, FileIndex, LockError, clean_files
from whoosh.util.filelock import try_for
from whoosh.writing import SegmentWriter

from .errors import DiskFull
from .merging import merge_small
from .store import TrackedStorage, codec
from .writer import SectionWriter

# A disk that is full, or a quota that is: either way no byte more fits.
NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})


def out_of_space(exc: BaseException | None) -> OSError | None:
    """The "no space left" error behind ``exc``, following its causes.

    >>> out_of_space(RuntimeError("x")) is None
    True
    >>> try:
    ...     try:
    ...         raise OSError(errno.ENOSPC, "No space left on device")
    ...     except OSError:
    ...         raise ValueError("This writer is closed")
    ... except ValueError as exc:
    ...     out_of_space(exc).strerror
    'No space left on device'
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in NO_SPACE:
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def mount_point(path: Path) -> Path:
    """The mount point of the file system holding ``path`` (the "disk")."""
    path = path.resolve()
    while not os.path.ismount(path) and path != path.parent:
        path = path.parent
    return path


@contextlib.contextmanager
def space_errors(root: Path) -> Iterator[None]:
    """Turn a full disk met anywhere inside into :class:`DiskFull`."""
    try:
        yield
    except DiskFull:
        raise
    except Exception as exc:
        full = out_of_space(exc)
        if full is None:
            raise
        reason = full.strerror or "no space left on device"
        raise DiskFull(root, mount_point(root), reason) from exc


@contextlib.contextmanager
def transaction(ix: FileIndex, timeout: float) -> Iterator[SegmentWriter]:
    """A writer on ``ix``; if the block fails, nothing it wrote remains.

    The block commits (or cancels) the writer itself.
    """
    storage = TrackedStorage(ix.storage.folder)
    writer = None
    try:
        writer = _writer(FileIndex(storage, indexname=ix.indexname), timeout)
        yield writer
    except BaseException:
        discard(writer, storage, ix.indexname)
        raise


def _writer(ix: FileIndex, timeout: float) -> SegmentWriter:
    """A Whoosh writer whose lock is released even if creating it fails,
    and whose commits merge only small segments (:mod:`indexer.merging`).

    Whoosh's own lock sits inside ours (:meth:`IndexStore.write_lock`); its
    timeout only matters if some other program writes the generation
    directly. Whoosh takes it before creating the segment's files, and a
    full disk there would leave it held by a writer nobody can reach, so
    it is taken here and handed over.
    """
    lock = ix.lock("WRITELOCK")
    if not try_for(lock.acquire, timeout=timeout, delay=0.1):
        raise LockError
    try:
        writer = SectionWriter(ix, _lk=False, limitmb=256, codec=codec())
    except BaseException:
        lock.release()
        raise
    writer.writelock = lock  # released by commit() or cancel()
    # Commits merge only small segments; the big merge is `medsearch optimize`.
    writer.mergetype = merge_small
    return writer


def discard(
    writer: SegmentWriter | None, storage: TrackedStorage, indexname: str
) -> None:
    """Close a failed writer and delete what it wrote; never raise.

    Raising here would hide the error that made the write fail. Whoosh
    releases its lock in ``cancel()`` and in a failed ``commit()`` alike.
    """
    if writer is not None and not writer.is_closed:
        with contextlib.suppress(Exception):
            writer.cancel()
    storage.close_all()
    with contextlib.suppress(Exception):
        remove_unlisted(storage.folder, indexname)


def remove_unlisted(folder: str, indexname: str) -> None:
    """Delete the files of ``folder`` that its newest table of contents
    does not list (Whoosh's own post-commit clean-up), plus half-written
    tables of contents and the writers' temporary pools."""
    storage = FileStorage(folder)
    toc = TOC.read(storage, indexname)
    clean_files(storage, indexname, toc.generation, toc.segments)
    for name in os.listdir(folder):
        path = Path(folder) / name
        if name.startswith(f"_{indexname}_") and ".toc." in name:
            path.unlink(missing_ok=True)  # TOC.write's temporary file
        elif name.endswith(".tmp") and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)  # a writer's posting pool
