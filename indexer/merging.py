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
        members = sorted(tiers[level], key=lambda i: (sizes[i], i))
        if len(members) < MERGE_AT:
            continue
        chosen, total = [], 0
        for i in members:
            if total + sizes[i] > MAX_MERGE_BYTES:
                break
            chosen.append(i)
            total += sizes[i]
        if len(chosen) >= 2:
            return sorted(chosen)
    return []


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
    sizes = [segment_bytes(writer.storage, s) for s in segments]
    merged = [segments[i] for i in choose(sizes)]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    chosen = {id(s) for s in merged}
    return [s for s in segments if id(s) not in chosen]
