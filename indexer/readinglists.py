"""Reading lists: sections that list where to read rather than say anything.

Genetics Home Reference answers "What are the treatments for ...?" with a
list of other resources ("These resources address the diagnosis or
management of nonsyndromic hearing loss: • Genetic Testing Registry:
Deafness, X-linked • MedlinePlus Encyclopedia: Hearing loss ..."), 1,085
of MedQuAD's sections. Every title in the list repeats the topic's words,
so BM25 ranks such a list high for any query on its topic: `is deafness
genetic` listed four of them first, `cold` the list of *familial cold
autoinflammatory syndrome* above that entry's summary, and 1,230 of the
3,309 pages of the project's query sets held one in their top ten.

A reading list is a :class:`~indexer.ranking.Ranker` pointer (see
:attr:`~indexer.tuning.Tuning.pointer`): it weighs less and does not lead
its entry, unless the query asks for its kind of section (``treatment of
nonsyndromic hearing loss``), where it is the entry's answer. Which
sections are reading lists is read from their text's shape, not from
their source: no sentence of their own, only introductions that name
resources and end in a colon, each followed by a list of short items.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np

from . import schema as f
from .analysis import analyse
from .model import BulletList, Paragraph, text_to_blocks

if TYPE_CHECKING:
    from .segments import SegmentData

#: Words that name what an introduction lists: one must stand in it.
RESOURCE_WORDS = ("resource", "resources", "website", "websites")
#: What a text holding one of them holds (a look before its blocks are read).
_MARKS = ("resource", "website")
#: The terms a section's text holds where it may be a reading list (a
#: reading list's candidates are found by its postings, not by reading
#: every text).
RESOURCE_TERMS = tuple(dict.fromkeys(t for w in RESOURCE_WORDS for t in analyse(w)))
#: An item longer than this is prose, not a title (GHR's longest listed
#: titles run to 20 words: "Gene Review: Primary Autosomal Recessive
#: Microcephalies and Seckel Syndrome Spectrum Disorders").
MAX_ITEM_WORDS = 24

_SENTENCE_END = re.compile(r"[.!?]\s")
_WORD = re.compile(r"[a-z]+")


def is_reading_list(text: str) -> bool:
    """Whether a section's text only lists resources to read elsewhere.

    >>> is_reading_list(
    ...     "These resources address the management of gout:\\n\\n"
    ...     "• Genetic Testing Registry: Gout\\n• MedlinePlus Encyclopedia: Gout"
    ... )
    True
    >>> is_reading_list("Symptoms include:\\n\\n• Fever\\n• Rash")  # names no resource
    False
    >>> is_reading_list(
    ...     "Gout is a kind of arthritis. These resources help:\\n\\n• A clinic"
    ... )  # a sentence of its own
    False
    """
    blocks = text_to_blocks(text)
    intros = [b.text.strip() for b in blocks if isinstance(b, Paragraph)]
    items = [i for b in blocks if isinstance(b, BulletList) for i in b.items]
    if not items or len(intros) + _lists(blocks) != len(blocks):
        return False  # no list, or a heading, a table or the like
    if not all(i.endswith(":") and not _SENTENCE_END.search(i) for i in intros):
        return False
    if any(
        len(item.split()) > MAX_ITEM_WORDS or item.rstrip().endswith(".")
        for item in items
    ):
        return False
    return any(set(_WORD.findall(i.lower())) & set(RESOURCE_WORDS) for i in intros)


def _lists(blocks) -> int:
    return sum(isinstance(b, BulletList) for b in blocks)


def reading_list_docs(stored: Iterable[tuple[int, dict]]) -> np.ndarray:
    """The documents (sorted) of a segment's sections that are reading
    lists, from their stored fields (:func:`~indexer.copies.stored_sections`).
    Only a text holding a resource word is read as blocks."""
    found = []
    for doc, fields in stored:
        text = fields.get(f.BODY) or ""
        lowered = text.lower()
        if any(m in lowered for m in _MARKS) and is_reading_list(text):
            found.append(doc)
    return np.array(found, np.int64)


def segment_reading_lists(
    reader, data: SegmentData, candidates: Callable[[], np.ndarray]
) -> np.ndarray:
    """A segment's :func:`reading_list_docs`: from its derived file, where
    its writer left them, else worked out once and kept in
    :attr:`~indexer.segments.SegmentData.memo` while the segment lasts.
    Worked out, only the ``candidates()`` are read: its documents whose
    text holds a resource word (a large segment written before them: some
    1,100 of MedQuAD's 16,409, 0.1 s; 0.7 s at ten MedQuADs).
    """
    found = data.memo.get("reading_lists")
    if found is None:
        found = reading_list_docs(
            (doc, reader.stored_fields(doc)) for doc in candidates().tolist()
        )
        data.memo["reading_lists"] = found
    return found
