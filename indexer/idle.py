"""Merging the segments writes leave, while no one writes.

A commit merges only small segments, and only within a bound
(:mod:`indexer.merging`), so that no ``PUT`` waits for a big merge. What it
leaves gathers: after the LiveQA harness's 678 ``PUT`` requests the index
held 53 segments, and a query's new words were read in each of them: the
first pass of its messages over HTTP took p50 / p95 24.4 / 52.5 ms,
merged by this 14.8 / 33.4 ms. ``medsearch optimize`` merges everything,
when someone runs it. This merges the middle sizes by itself, like
Lucene's background merges: a serving process that wrote waits until
writes pause, then merges
one bounded batch at a time, each only if the write lock is free, and
stops when a write comes or nothing is left to merge. Searches answer from
the old segments until a merge commits.

Each batch is merged by a child process at low priority, not a thread: a
merge is Python (Whoosh's writer) for about a second, and in a thread of a
serving worker it held the interpreter lock against that worker's searches
(the harness's first pass of messages right after its writes: p95 519 ms).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .build import merge_waiting
from .store import IndexStore

log = logging.getLogger(__name__)

#: Seconds without a write before merging starts. A merge costs its
#: seconds of CPU and, as it commits, every worker's cached postings (a
#: commit is a new searcher): after the harness's 678 writes, merging after
#: 2 s overlapped its questions, and their first pass took p50 / p95 29.1
#: / 71.9 ms against 23.1 / 54.1 unmerged, the later passes up to twice as
#: long; after 10 s, the same as unmerged (and merged 5 s later).
IDLE_SECONDS = 10.0


class IdleMerger:
    """Merges an index's waiting segments once writes pause.

    :param store: the index folder.
    :param merged: called after each merge that committed (the service
        looks for the new segments then).
    :param idle: seconds without a write before merging.
    """

    def __init__(
        self,
        store: IndexStore,
        merged: Callable[[], None],
        idle: float = IDLE_SECONDS,
    ) -> None:
        self.store = store
        self.idle = idle
        self._merged = merged
        self._wrote = time.monotonic()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def wrote(self) -> None:
        """A write committed: merge when writes pause."""
        with self._lock:
            self._wrote = time.monotonic()
            if self._stop.is_set() or (self._thread and self._thread.is_alive()):
                return
            self._thread = threading.Thread(
                target=self._run, name="medsearch-merge", daemon=True
            )
            self._thread.start()

    def close(self, timeout: float = 5.0) -> None:
        """Stop, after the merge under way (if any) commits."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set() and self.store.exists():
            with self._lock:
                wait = self._wrote + self.idle - time.monotonic()
            if wait > 0:
                self._stop.wait(wait)
                continue
            merged = self._merge_once()
            if merged:
                self._merged()
            with self._lock:
                if not merged and self._wrote + self.idle <= time.monotonic():
                    # Under the lock: a write from now on starts a new thread.
                    self._thread = None
                    return

    def _merge_once(self) -> int:
        """One batch, merged by a child process: how many segments it joined."""
        try:
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(self.store.root)],
                capture_output=True,
                text=True,
                timeout=MERGE_TIMEOUT,
                check=True,
            )
            return int(done.stdout.strip() or 0)
        except (OSError, ValueError, subprocess.SubprocessError) as exc:
            # A full disk, a killed child: tried again after the next write.
            detail = getattr(exc, "stderr", "") or exc
            log.warning("merging %s failed: %s", self.store.root, detail)
            return 0


#: Seconds a child may take for one batch (about one at one MedQuAD).
MERGE_TIMEOUT = 600.0
#: The child's program (``-m`` would import this module twice: the package
#: imports it).
CHILD = "import sys; from indexer.idle import main; sys.exit(main(sys.argv[1:]))"


def main(argv: list[str]) -> int:
    """Merge one batch of ``argv[0]``'s waiting segments; print how many."""
    os.nice(10)  # the serving workers' searches first
    print(merge_waiting(IndexStore(Path(argv[0]))))
    return 0
