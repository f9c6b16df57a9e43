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
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: A section is a near repeat when this share of its runs of
#: :data:`RUN_WORDS` words stand in a longer section of its entry with the
#: same name. LiveQA dev MAP@10 0.488 / 0.563 / 0.487 -> 0.489 / 0.564 /
#: 0.488 at 0.9 and at 0.8; at 0.8 the lay held-out set lost a little
#: (nDCG@10 0.595 -> 0.592), at 0.9 not (27 near repeats in MedQuAD, all
#: NIH Senior Health's, besides 53 word for word; 62 at 0.8).
NEAR_SHARE = 0.9
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
    flags = []
    runs: list[set[tuple[str, ...]]] | None = None
    for i, text in enumerate(texts):
        if not text:
            flags.append(False)
            continue
        others = [(j, other) for j, other in enumerate(texts) if j != i]
        if any(
            text in other and (len(text) < len(other) or j < i) for j, other in others
        ):
            flags.append(True)
            continue
        if runs is None:  # most groups have no near repeat to find
            runs = [_runs(t) for t in texts]
        mine = runs[i]
        flags.append(
            bool(mine)
            and any(
                len(mine & runs[j]) >= NEAR_SHARE * len(mine)
                and (len(text), -i) < (len(other), -j)
                for j, other in others
            )
        )
    return flags


def _runs(text: str) -> set[tuple[str, ...]]:
    """The text's runs of :data:`RUN_WORDS` words (lower case); a shorter
    text is one run."""
    words = _WORD.findall(text.lower())
    return {
        tuple(words[i : i + RUN_WORDS])
        for i in range(max(1, len(words) - RUN_WORDS + 1))
    }
