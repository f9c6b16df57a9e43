"""How commits merge segments: small commits stay small.

Every write adds a segment. Whoosh's default policy (``MERGE_SMALL``)
merges by a Fibonacci rule over the segments sorted by size, which can
pull a large segment into a commit that only changed one entry, and a
merged segment is new, so every serving process reads it again. Here a
commit merges only segments of at most ``SMALL_SEGMENT`` documents, and
only once ``MERGE_AT`` of them have gathered: the work of one commit is
bounded whatever the corpus, and the big segments of a build stay as they
are until ``medsearch optimize`` merges everything (at a quiet time; readers
keep answering from the old segments while it runs).
"""

from __future__ import annotations

from whoosh.reading import SegmentReader

#: A segment with at most this many documents (about 600 MedQuAD entries)
#: is small: commits may merge it.
SMALL_SEGMENT = 5_000
#: Small segments allowed before a commit merges them.
MERGE_AT = 8
#: Documents one commit merges at most.
MAX_MERGE = 2 * SMALL_SEGMENT


def merge_small(writer, segments: list) -> list:
    """Whoosh merge policy: fold the small segments together, bounded.

    :returns: the segments the commit keeps as they are.
    """
    small = sorted(
        (s for s in segments if s.doc_count_all() <= SMALL_SEGMENT),
        key=lambda s: s.doc_count_all(),
    )
    if len(small) < MERGE_AT:
        return list(segments)
    merged, total = [], 0
    for segment in small:
        if merged and total + segment.doc_count_all() > MAX_MERGE:
            break
        merged.append(segment)
        total += segment.doc_count_all()
    if len(merged) < 2:
        return list(segments)
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    chosen = {id(s) for s in merged}
    return [s for s in segments if id(s) not in chosen]
