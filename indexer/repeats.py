"""Sections that say again what another section of their entry says.

Some MedQuAD entries answer two questions with one text (NIDDK gives 30
such second copies), or give one answer again inside a longer one (NIH
Senior Health's *Dry Eye* lists its symptoms twice: 23 such sections).
NIH Senior Health also gives answers again but for a word or two: one of
*Prostate Cancer*'s "Treatment" answers (561 characters) is inside another
(4,728) but for "a cure is probable" where the longer says "a cure is the
goal", and *Psoriasis*' second "Summary" is its first without the
pronunciation. Listed both, a page showed one snippet twice, and a person
could not tell the hits apart. Such a section is a repeat, never listed:
the other holds what it says (see :func:`~indexer.segments.segment_repeats`).

Under another name a section that another of its entry holds is still
listed, as it answers what its name says ("Who Is at Risk"), but not below
the section holding it (:func:`containers`, :func:`~indexer.collapse.collapse`):
CancerGov's *Pancreatic Cancer* gives its research news again inside its
treatment summary, and NIH Senior Health's *Shingles* its risks inside its
overview, so `what is the prognosis for pancreatic cancer` showed one text
twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from . import schema as f
from .copies import stored_sections

if TYPE_CHECKING:
    from .segments import SegmentData

#: A section is a near repeat when this share of its runs of
#: :data:`RUN_WORDS` words stand in a longer section of its entry with the
#: same name. LiveQA dev MAP@10 0.488 / 0.563 / 0.487 -> 0.489 / 0.564 /
#: 0.488 at 0.9 and at 0.8; at 0.8 the lay held-out set lost a little
#: (nDCG@10 0.595 -> 0.592), at 0.9 not (27 near repeats in MedQuAD, all
#: NIH Senior Health's, besides 53 word for word; 62 at 0.8).
NEAR_SHARE = 0.9
#: A section is held by another of its entry, under any name, when this
#: share of its runs stand in the other (see :func:`inside_of`). Lower
#: than :data:`NEAR_SHARE`: a held section is only left out below its
#: holder. At 0.9 *Glaucoma*'s research news (the treatment summary's
#: but for "NEI" written out, 87 % of its runs) was shown twice on
#: `how is glaucoma treated`, as on 6 of 227 everyday questions' pages;
#: at 0.8 on none (334 held sections in MedQuAD against 279; LiveQA dev
#: and the sets the same, 17 of 3,309 pages list another section than at
#: 0.9).
HELD_SHARE = 0.8
#: Runs this long are said alike by chance only in the same text.
RUN_WORDS = 6

_WORD = re.compile(r"\w+")


def repeat_flags(texts: Sequence[str]) -> list[bool]:
    """Per text of one entry's sections of one name (in document order),
    whether it repeats another: word for word (the later of two equal
    texts), inside a longer one, or nearly so (:data:`NEAR_SHARE`).

    >>> said = "Dry eye may cause stinging, burning and redness of the eye."
    >>> repeat_flags([f"Symptoms. {said} Or none.", said, "Tears dry out."])
    [False, True, False]
    >>> repeat_flags(["Rest helps a lot.", "Rest helps a lot."])
    [False, True]
    >>> answer = " ".join(f"w{n}" for n in range(70))  # 65 runs of six
    >>> near = answer.replace("w30", "x30")  # 59 of them in the answer
    >>> repeat_flags([f"Heading {answer} more.", near])
    [False, True]
    >>> repeat_flags([f"Heading {answer} more.", near.replace("w50", "x50")])
    [False, False]
    """
    texts = [t.strip() for t in texts]
    return [
        holder >= 0 and (len(texts[holder]) > len(text) or holder < i)
        for i, (text, holder) in enumerate(
            zip(texts, inside_of(texts, NEAR_SHARE), strict=True)
        )
    ]


def _runs(text: str) -> set[tuple[str, ...]]:
    """The text's runs of :data:`RUN_WORDS` words (lower case); a shorter
    text is one run."""
    words = _WORD.findall(text.lower())
    return {
        tuple(words[i : i + RUN_WORDS])
        for i in range(max(1, len(words) - RUN_WORDS + 1))
    }


def inside_of(texts: Sequence[str], share: float = HELD_SHARE) -> list[int]:
    """Per text of one entry's sections, which other one holds it (its
    index), whole or nearly (``share`` of its runs): the longest
    such, the first of equals; -1 if none. Two texts that hold each other
    (the same text under two names) point at each other, so the one a page
    lists first leaves the other out.

    Only a text that holds one of the text's start, middle and end word
    for word (:func:`_probes`) is compared run by run: 0.36 s for
    MedQuAD's 16,409 sections, against 1.04 s comparing every pair, which
    finds the same (334 at 0.8, 279 at 0.9).

    >>> inside_of(["Rest helps. Ice helps too.", "Ice helps too.", "Heat."])
    [-1, 0, -1]
    >>> inside_of(["Ice helps.", "Heat.", "Ice helps."])
    [2, -1, 0]
    """
    texts = [t.strip() for t in texts]
    runs: dict[int, set[tuple[str, ...]]] = {}

    def runs_of(i: int) -> set[tuple[str, ...]]:
        if i not in runs:
            runs[i] = _runs(texts[i])
        return runs[i]

    # Longest first, the first of equals first: the first holder found is
    # the one kept.
    order = sorted(range(len(texts)), key=lambda j: (-len(texts[j]), j))
    found = []
    for i, text in enumerate(texts):
        holder = -1
        if text:
            probes = _probes(text)
            for j in order:
                other = texts[j]
                if len(other) < len(text):
                    break  # a shorter text holds less than all of it
                if j == i:
                    continue
                if text in other:
                    holder = j
                    break
                if not any(p in other for p in probes):
                    continue
                mine = runs_of(i)
                if len(mine & runs_of(j)) >= share * len(mine):
                    holder = j
                    break
        found.append(holder)
    return found


def containers(stored: Sequence[tuple[int, dict]], size: int) -> np.ndarray:
    """Per document of a segment, the document of another section of its
    entry that holds its text (:func:`inside_of`), -1 for none.

    :param stored: the segment's sections and their stored fields
        (:func:`~indexer.copies.stored_sections`); an entry's sections are
        written together, in one segment.
    """
    found = np.full(size, -1, np.int32)
    entries: dict[str, list[tuple[int, str]]] = {}
    for doc, fields in stored:
        entries.setdefault(fields.get(f.ENTRY_ID, ""), []).append(
            (doc, fields.get(f.BODY) or "")
        )
    for sections in entries.values():
        if len(sections) < 2:
            continue
        holders = inside_of([text for _, text in sections])
        for (doc, _), holder in zip(sections, holders, strict=True):
            if holder >= 0:
                found[doc] = sections[holder][0]
    return found


def segment_containers(reader, data: SegmentData) -> np.ndarray:
    """A segment's :func:`containers` (see
    :func:`~indexer.segments.derived_or_worked_out`); none (-1) for a large
    file written before them: its held sections are listed."""
    from .segments import derived_or_worked_out  # segments writes them

    return derived_or_worked_out(
        reader,
        data,
        "containers",
        lambda: containers(stored_sections(reader, data.sections), len(data.sections)),
        lambda: np.full(len(data.sections), -1, np.int32),
    )


#: Characters of each piece a text is looked for by (see :func:`_probes`).
PROBE_CHARS = 40


def _probes(text: str) -> list[str]:
    """Pieces of a text, its start, middle and end: one of them stands word
    for word in a text that holds it but for a few words.

    >>> _probes("abc"), len(_probes("x" * 200))
    (['abc'], 3)
    """
    n = PROBE_CHARS
    if len(text) <= 3 * n:
        return [text[:n], text[-n:]] if len(text) > n else [text]
    middle = len(text) // 2
    return [text[:n], text[middle - n // 2 : middle + n // 2], text[-n:]]
