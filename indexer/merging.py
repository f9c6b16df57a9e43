"""How commits merge segments: a write's merge is bounded, whatever the corpus.

Every write adds a segment. Whoosh's default policy (``MERGE_SMALL``)
merges by a Fibonacci rule over the segments sorted by size, which can
pull a large segment into a commit that only changed one entry, and a
merged segment is new, so every serving process reads it again.

Here segments are sorted into tiers by size on disk, each tier
``TIER_RATIO`` times the one below (a PUT's segment is a few kB), and a
commit merges only when ``MERGE_AT`` segments share a tier, only that
tier's, and never more than ``MAX_MERGE_BYTES`` in all. Eight PUTs' segments
become one, eight of those one more, and so on (a log-structured merge):
each byte is merged a few times, never in a commit that has to wait for a
big merge. Segments too big to merge within the bound (the build's, or
those of a large ``medsearch index`` run) stay as they are until
``medsearch optimize`` merges everything (at a quiet time; readers keep
answering from the old segments while it runs).

Between the two, a serving process merges what commits leave when writes
pause (:func:`choose_idle`, :mod:`indexer.idle`): after the LiveQA
harness's 678 ``PUT`` requests the index held 52 segments of 46-400 kB besides
the build's, each read term by term for every new word of a query.

Bounded by documents only (10,000 a commit, as before), a PUT at five
MedQuADs took 1.6 s once in ten: its commit merged the segment of an
earlier ``medsearch index`` run (269 documents, 1.3 MB, the size of whole
MedQuAD answers) with seven PUTs', and each worker then read the merged
segment anew. Bytes are what a merge and the re-reading cost.
"""

from __future__ import annotations

from collections.abc import Sequence

from whoosh.reading import SegmentReader

#: Segments merge once this many share a tier.
MERGE_AT = 8
#: A tier's segments are up to this many times larger than the tier below.
TIER_RATIO = 8
#: Bytes on disk of the smallest tier's segments (a PUT's segment: ~7 kB).
TIER_BASE = 32 * 1024
#: Bytes one commit merges at most: eight PUTs' segments are ~60 kB, and the
#: PUT whose commit merged them was no slower than the others (bench/scale.py).
MAX_MERGE_BYTES = 512 * 1024


def tier(size: int) -> int:
    """The tier of a segment of ``size`` bytes.

    >>> [tier(n) for n in (0, 7_000, 32 * 1024, 40_000, 300_000, 3_000_000)]
    [0, 0, 0, 1, 2, 3]
    """
    level, bound = 0, TIER_BASE
    while size > bound:
        level, bound = level + 1, bound * TIER_RATIO
    return level


def choose(sizes: Sequence[int]) -> list[int]:
    """Which segments (indices into ``sizes``, in bytes) one commit merges.

    The lowest tier with ``MERGE_AT`` segments, its smallest first, as many
    as fit in ``MAX_MERGE_BYTES``; nothing if fewer than two fit.

    >>> choose([270_000_000, 7_000, 7_000])
    []
    >>> choose([270_000_000] + [7_000] * 8)
    [1, 2, 3, 4, 5, 6, 7, 8]
    >>> choose([1_300_000] * 8 + [7_000] * 3)   # too big to merge in a commit
    []
    """
    tiers: dict[int, list[int]] = {}
    for i, size in enumerate(sizes):
        if size <= MAX_MERGE_BYTES // 2:
            tiers.setdefault(tier(size), []).append(i)
    for level in sorted(tiers):
        if len(tiers[level]) >= MERGE_AT:
            chosen = _smallest_within(tiers[level], sizes, MAX_MERGE_BYTES)
            if chosen:
                return chosen
    return []


#: Bytes one merge between writes takes at most: a ``PUT`` that comes
#: meanwhile waits for it (1.0-1.4 s for 4 MB of writes' segments at one
#: MedQuAD), never for more.
IDLE_MERGE_BYTES = 4 * 1024 * 1024


def choose_idle(sizes: Sequence[int]) -> list[int]:
    """Which segments one merge between writes joins: the smallest of those
    up to half of ``IDLE_MERGE_BYTES``, as many as fit in it, once
    ``MERGE_AT`` of them wait; nothing if fewer than two fit.

    The build's segment and those of earlier merges (more than half the
    bound) stay, so each byte is merged here once or twice and the pass
    ends: 52 segments of 46-400 kB become five or six.

    >>> choose_idle([270_000_000] + [300_000] * 7)
    []
    >>> choose_idle([270_000_000, 3_000_000] + [300_000] * 8 + [40_000])
    [2, 3, 4, 5, 6, 7, 8, 9, 10]
    >>> len(choose_idle([1_000_000] * 9))
    4
    """
    waiting = [i for i, size in enumerate(sizes) if size <= IDLE_MERGE_BYTES // 2]
    if len(waiting) < MERGE_AT:
        return []
    return _smallest_within(waiting, sizes, IDLE_MERGE_BYTES)


def _smallest_within(members: list[int], sizes: Sequence[int], bound: int) -> list[int]:
    """The smallest of ``members`` (indices into ``sizes``) as long as they
    fit in ``bound`` bytes, in index order; none if fewer than two fit."""
    chosen, total = [], 0
    for i in sorted(members, key=lambda i: (sizes[i], i)):
        if total + sizes[i] > bound:
            break
        chosen.append(i)
        total += sizes[i]
    return sorted(chosen) if len(chosen) >= 2 else []


def segment_bytes(storage, segment) -> int:
    """A segment's size on disk: its files (a compound segment has one)."""
    prefix = segment.segment_id()
    return sum(
        storage.file_length(name)
        for name in storage.list()
        if name.startswith(prefix) and not name.endswith((".derived", ".postings"))
    )


def merge_small(writer, segments: list) -> list:
    """Whoosh merge policy: merge one tier of small segments, bounded.

    :returns: the segments the commit keeps as they are.
    """
    return _merge(writer, segments, choose)


def merge_idle(writer, segments: list) -> list:
    """Whoosh merge policy of a merge between writes (:func:`choose_idle`)."""
    return _merge(writer, segments, choose_idle)


def _merge(writer, segments: list, chooser) -> list:
    sizes = [segment_bytes(writer.storage, s) for s in segments]
    merged = [segments[i] for i in chooser(sizes)]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    chosen = {id(s) for s in merged}
    return [s for s in segments if id(s) not in chosen]
