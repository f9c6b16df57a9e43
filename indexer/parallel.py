"""Full builds on several cores: one Whoosh segment per process.

Whoosh is pure Python, so a single process indexes MedQuAD at about one
core's speed. Here each worker process reads its share of the files (parsing
is parallel too), writes its own segment into the new generation, and hands
the finished segment back; the parent lists those segments in the index's
table of contents through Whoosh's merge-policy hook (``commit(mergetype=)``),
the same way Whoosh's own multiprocessing writer does.

Files are shared out by file name, so two files that would give the same
entry id (``a/x.txt`` and ``b/x.txt``) meet in one worker, which keeps the
first and reports the second, as a serial build does.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import queue as queue_module
import signal
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from .errors import IndexerError, ParseError
from .postings import write_postings
from .segments import write_derived
from .store import HELD_LOCKS, codec
from .transaction import out_of_space
from .writer import SectionWriter

PR_SET_PDEATHSIG = 1  # prctl option: a signal for when the parent dies
_DONE = "done"
_FILE = "file"
_FAILED = "failed"


def shard(files: list[Path], count: int) -> list[list[Path]]:
    """Share ``files`` out into ``count`` groups, by a hash of the file name.

    >>> [len(s) for s in shard([Path(f"{n}.txt") for n in range(100)], 2)]
    [48, 52]
    """
    groups: list[list[Path]] = [[] for _ in range(count)]
    for path in files:
        groups[zlib.crc32(path.stem.encode()) % count].append(path)
    return groups


def index_shards(
    generation: Path,
    files: list[Path],
    procs: int,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None,
):
    """Index ``files`` in ``procs`` processes, each into its own segment.

    :returns: the finished segments and one report per worker.
    :raises IndexerError: if a worker fails; ``OSError`` if a worker ran
        out of disk space (so the caller reports a full disk as such).
    """
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    workers = [
        context.Process(
            target=_index_shard,
            args=(str(generation), group, messages, os.getpid(), bool(progress), n),
            daemon=True,
        )
        for n, group in enumerate(shard(files, procs))
        if group
    ]
    for worker in workers:
        worker.start()
    ticks = iter(progress(files)) if progress else None
    done: dict[int, tuple] = {}
    failures: list = []
    try:
        while len(done) + len(failures) < len(workers):
            try:
                kind, payload = messages.get(timeout=1.0)
            except queue_module.Empty:
                if not any(w.is_alive() for w in workers):
                    failures.append("a worker process ended without a result")
                continue
            if kind == _FILE and ticks is not None:
                next(ticks, None)
            elif kind == _DONE:
                number, segment, report = payload
                done[number] = (segment, report)
            elif kind == _FAILED:
                failures.append(payload)
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.kill()
    for failure in failures:
        if isinstance(failure, OSError):
            raise failure
    if failures:
        raise IndexerError(f"Indexing failed in a worker process: {failures[0]}")
    # In shard order, not as the workers finished: the documents' numbers,
    # which order equal scores, are then the same in every build.
    return [done[n][0] for n in sorted(done)], [done[n][1] for n in sorted(done)]


def _index_shard(
    generation: str,
    files: list[Path],
    messages,
    parent: int,
    ticks: bool = True,
    number: int = 0,
) -> None:
    """Worker: read ``files`` and write them as one segment of ``generation``.

    :param ticks: tell the parent of each file read, for its progress bar
        (a message per file was 4 % of a 10x build's samples, with no bar).
    :param number: the shard's number, sent back with its segment.
    """
    from .build import IndexReport, _add, _scan  # the parent imported them

    _die_with_parent(parent)
    _fewer_collections()
    try:
        ix = whoosh_index.open_dir(generation)
        # No lock: the parent holds the index's lock for the whole build.
        writer = SectionWriter(ix, _lk=False, codec=codec())
        writer.record()  # and group postings by term (indexer/termpool.py)
        report = IndexReport(rebuilt=True)

        def announce(paths):
            for path in paths:
                yield path
                messages.put((_FILE, None))

        for item in _scan(files, announce if ticks else None, report):
            report.added.append(item.entry.entry_id)
            _add(writer, item, report)
        segment = writer._finalize_segment()
        # What readers derive from the segment, derived here in parallel.
        reader = SegmentReader(ix.storage, ix.schema, segment)
        try:
            write_derived(reader, Path(generation), recorded=writer.recorded)
            write_postings(reader, Path(generation), writer.recorded)
        finally:
            reader.close()
        # Errors travel as plain tuples: exceptions with extra constructor
        # arguments do not survive pickling.
        report.skipped = [(str(e.source), e.reason, e.line) for e in report.skipped]
        messages.put((_DONE, (number, segment, report)))
    except BaseException as exc:  # report, never hang the parent
        full = out_of_space(exc)
        if full is not None:  # an OSError pickles with its errno
            messages.put((_FAILED, OSError(full.errno, full.strerror)))
        else:
            messages.put((_FAILED, f"{type(exc).__name__}: {exc}"))


def _fewer_collections() -> None:
    """Spare the worker most of the garbage collector's passes.

    What the worker inherited (modules, the parent's objects) never
    becomes garbage, and what it builds is mostly acyclic and kept to the
    end (the pool, the recorded postings), yet each full collection walked
    all of it: at two MedQuADs ``gc.callbacks`` timed 2.4 s of
    collections per worker (1,670 of them), 0.95 s (9) with the inherited
    objects frozen and a collection every 100,000 allocations instead of
    700; the worker's peak memory stayed the same.
    """
    gc.freeze()
    gc.set_threshold(100_000, 20, 100)


def _die_with_parent(parent: int) -> None:
    """Tie this worker's life to the parent's, and drop its copy of the lock.

    If the parent is killed (kill -9, the OOM killer), a worker left running
    would keep the index's write lock and block every later writer.
    """
    for fd in list(HELD_LOCKS):
        try:
            os.close(fd)  # the parent's lock stays held through its own copy
        except OSError:
            pass
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the parent check below still catches most cases
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def restore_errors(report) -> None:
    """Turn a worker report's error tuples back into :class:`ParseError`."""
    report.skipped = [
        ParseError(source, reason, line) for source, reason, line in report.skipped
    ]


def add_segments(segments: list) -> Callable:
    """A Whoosh merge policy that also lists the workers' segments."""

    def policy(writer, existing):
        return list(existing) + list(segments)

    return policy
