"""Many writes, then a pause: queries in the segments writes leave, and in
those the pause merges, in one run.

Why: a commit merges only within a bound (``indexer.merging``), so the
segments of hundreds of writes of whole articles pile up, and every segment
is asked for each word a query reads first. A serving worker merges them
once writes pause (``indexer.idle``). This writes ``--writes`` of the
corpus's longest entries again under new ids, one write each (as the
LiveQA harness's ``PUT`` requests do), copies the index, merges the copy
batch by batch as a paused worker would, and asks both the same questions
(the bench mix's long questions and natural questions, each index in a
fresh process state, first pass). It also times one write that comes
during a batch.

Usage::

    python bench/pause_merge.py --index-dir DIR [--writes 600]

``DIR`` is a built index (``medsearch index ../shared/medquad --index-dir
DIR``); it is copied, never written.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.queries import build_mix, load_corpus  # noqa: E402
from bench.timing import percentile  # noqa: E402
from indexer.build import merge_waiting  # noqa: E402
from indexer.idle import CHILD  # noqa: E402
from indexer.search import SearchService  # noqa: E402
from indexer.sources import SourcedEntry  # noqa: E402
from indexer.store import IndexStore  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SEED = 7
KINDS = ("long", "question")
#: Seconds after a batch's child starts that the timed write comes: the
#: child's start (its imports) takes 0.3-0.6 s, its first batch 1-1.7 s.
WRITE_AFTER = 0.8


def renamed(item: SourcedEntry, n: int) -> SourcedEntry:
    """The entry under a new id (and new section ids), written by the API."""
    entry = item.entry
    entry_id = f"pause-{n}-{entry.entry_id}"
    sections = tuple(
        dataclasses.replace(s, section_id=f"{entry_id}_Sec{i}")
        for i, s in enumerate(entry.sections, 1)
    )
    changed = dataclasses.replace(entry, entry_id=entry_id, sections=sections)
    return SourcedEntry(changed, "api", entry_id)


def longest(items: Sequence[SourcedEntry], n: int) -> list[SourcedEntry]:
    """The ``n`` entries with the most text (articles, not leaflets of names)."""
    size = {id(i): sum(len(s.text) for s in i.entry.sections) for i in items}
    return sorted(items, key=lambda i: -size[id(i)])[:n]


def segments(index_dir: Path) -> int:
    with SearchService(index_dir, merge_idle=None) as service:
        return service.stats()["segments"]


def first_pass(index_dir: Path, texts: Sequence[str]) -> list[float]:
    """Milliseconds per question, each asked once by a fresh, warmed service."""
    with SearchService(index_dir, merge_idle=None) as service:
        service.warm()
        took = []
        for text in texts:
            started = time.perf_counter()
            service.search(text)
            took.append((time.perf_counter() - started) * 1000)
    return took


def merge_all(index_dir: Path) -> list[tuple[int, float]]:
    """Batches as a paused worker merges them: (segments joined, seconds)."""
    store, batches = IndexStore(index_dir), []
    while True:
        started = time.perf_counter()
        joined = merge_waiting(store)
        if not joined:
            return batches
        batches.append((joined, time.perf_counter() - started))


def write_during_a_batch(index_dir: Path, item: SourcedEntry) -> float | None:
    """Seconds one write takes that comes 0.8 s after a batch's child
    starts (None: the write came first, before the child, slow to start
    on a loaded machine, took the lock)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(index_dir)], stdout=subprocess.PIPE, text=True
    )
    time.sleep(WRITE_AFTER)
    with SearchService(index_dir, merge_idle=None) as service:
        started = time.perf_counter()
        service.upsert([item])
        took = time.perf_counter() - started
    joined = int(child.communicate()[0].strip() or 0)
    return took if joined else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument(
        "--corpus", type=Path, default=REPO.parent / "shared" / "medquad"
    )
    parser.add_argument("--writes", type=int, default=600)
    parser.add_argument("--queries", type=int, default=1000, help="bench mix size")
    args = parser.parse_args(argv)
    loaded = load_corpus(args.corpus)
    items = loaded.items
    mix = build_mix(loaded.entries, args.queries, SEED)
    texts = [q.text for q in mix if q.kind in KINDS]
    with tempfile.TemporaryDirectory(prefix="pause-merge-") as work:
        written = Path(work) / "written"
        shutil.copytree(args.index_dir, written)
        started = time.perf_counter()
        with SearchService(written, merge_idle=None) as service:
            for n, item in enumerate(longest(items, args.writes)):
                service.upsert([renamed(item, n)])
        write_s = time.perf_counter() - started
        merged = Path(work) / "merged"
        shutil.copytree(written, merged)
        batches = merge_all(merged)
        wait = None
        if batches:
            during = Path(work) / "during"
            shutil.copytree(written, during)
            wait = write_during_a_batch(during, renamed(items[0], args.writes))
        rows = []
        # Alternating, twice: a process's own caches (the speller's
        # sounds, the everyday words) favour whichever index goes second.
        for run in (1, 2):
            for label, folder in (("as written", written), ("merged", merged)):
                took = first_pass(folder, texts)
                rows.append((f"{label}, run {run}", segments(folder), took))
    print(
        f"{args.writes} writes of the longest entries in {write_s:.1f} s; "
        f"{len(texts)} questions ({', '.join(KINDS)}), first pass\n"
    )
    print("| index | segments | p50 (ms) | p95 (ms) | mean (ms) |")
    print("|---|---|---|---|---|")
    for label, count, took in rows:
        took = sorted(took)
        print(
            f"| {label} | {count} | {percentile(took, 50):.2f} | "
            f"{percentile(took, 95):.2f} | {statistics.mean(took):.2f} |"
        )
    shown = ", ".join(f"{n} in {s:.2f} s" for n, s in batches) or "none"
    print(f"\nbatches merged: {shown}")
    if not batches:
        print("a write during a batch: nothing waits to merge")
    elif wait is None:
        print("a write during a batch: it came before the batch began; not measured")
    else:
        print(f"a write {WRITE_AFTER} s into a batch's child took {wait:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
