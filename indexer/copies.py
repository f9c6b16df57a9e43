"""Sections that copy another entry's word for word: listed once.

MedQuAD holds some entries twice or more under other ids: four NIDDK
entries are *Causes of Diabetes*, with the same texts, and `can diabetes
cause blurry vision` listed the same two sections of each, eight hits a
reader could not tell apart. Within one entry such a repeat is never
listed (:func:`~indexer.segments.segment_repeats`); across entries the
page keeps the first of the copies (:func:`~indexer.collapse.collapse`)
and counts the others, and the topic's other entries still name them
("also from").

A copy has the same title, section name and text, so the same digest
(written beside each large segment by its writer), and the same score. A
key built without the text (title words, section name, text length, score)
folded sections that differ in a word the query does not hold: 4 of 18
folds on the pages of ``bench/same_results.py``.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import numpy as np

from . import schema as f

if TYPE_CHECKING:
    from .segments import SegmentData

#: What a section's copies share, in this order.
_COPIED = (f.TITLE, f.SECTION, f.BODY)


def stored_sections(reader, sections: np.ndarray) -> list[tuple[int, dict]]:
    """Each section of a segment with its stored fields (read once, for
    the copies' keys and the stock sentences alike: 0.5 s at one MedQuAD)."""
    return [
        (doc, reader.stored_fields(doc)) for doc in np.flatnonzero(sections).tolist()
    ]


def copy_keys(
    reader, sections: np.ndarray, stored: list[tuple[int, dict]] | None = None
) -> np.ndarray:
    """Per document of a segment, a digest of a section's title, name and
    text (0 for the other documents): equal for copies.

    :param stored: :func:`stored_sections`, if already read.
    """
    keys = np.zeros(len(sections), np.uint64)
    if stored is None:
        stored = stored_sections(reader, sections)
    for doc, fields in stored:
        text = "\0".join(str(fields.get(name) or "") for name in _COPIED)
        digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
        keys[doc] = int.from_bytes(digest, "little")
    return keys


def segment_copies(reader, data: SegmentData) -> np.ndarray:
    """A segment's :func:`copy_keys` (see
    :func:`~indexer.segments.derived_or_worked_out`); all 0, no key, for a
    large file written before them: its copies are listed."""
    from .segments import derived_or_worked_out  # segments writes the keys

    return derived_or_worked_out(
        reader,
        data,
        "copies",
        lambda: copy_keys(reader, data.sections),
        lambda: np.zeros(len(data.sections), np.uint64),
    )


def is_copy(key: int, other: int) -> bool:
    """Whether two sections' keys say one copies the other (0: no key)."""
    return key != 0 and key == other


def first_copies(keys: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """For hits in rank order, whether each is the first with its key and
    score: a later one is a copy of it. A hit without a key (0) is always
    the first.

    >>> keys = np.array([7, 7, 8, 7, 0, 0], np.uint64)
    >>> first_copies(keys, np.array([2.0, 2.0, 2.0, 1.5, 1.0, 1.0])).tolist()
    [True, False, True, True, True, True]
    """
    pairs = np.stack([keys.astype(np.uint64).view(np.int64), scores.view(np.int64)])
    _, firsts = np.unique(pairs, axis=1, return_index=True)
    fresh = keys == 0
    fresh[firsts] = True
    return fresh
