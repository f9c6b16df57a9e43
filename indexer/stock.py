"""Stock sentences: what many sections say alike, but for their topic's name.

GARD's Symptoms sections open with their question and four sentences about
the Human Phenotype Ontology ("The Human Phenotype Ontology provides the
following list of signs and symptoms for Noonan syndrome. If the
information is available, the table below includes ..."); CancerGov's
treatment summaries explain clinical trials in the same words. A query's
words are found there first, so the snippet showed that preamble hit after
hit: on 446 of 1,317 pages of the generated and everyday queries, two
snippets shared most of their words, and `what are the symptoms of Noonan
syndrome` showed none of the signs its section lists.

Which sentences are stock is read from the texts, not listed here. Each
large segment's writer counts its sections' sentences with the words of
the section's title left out (so every "What are the signs and symptoms of
...?" is one sentence), keeping those of a dozen words or more and
questions; a sentence that enough of its sections share is stock, and the
writer keeps where each section's stock sentences are (:func:`learn`), so
a snippet looks nothing up. A small segment (a few writes) has no such
file: where a snippet needs a section's runs, they are worked out from the
counts of every segment (:func:`stock_keys`, :func:`runs_in`). A snippet
is chosen from the query's words outside stock sentences, where there are
any (:func:`~indexer.snippets.highlight`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from . import schema as f
from .copies import stored_sections

if TYPE_CHECKING:
    from .segments import SegmentData

#: A sentence shorter than this (its title's words left out, and in words
#: between spaces) is no stock unless it is a question: "Noonan syndrome
#: is inherited in an autosomal dominant manner" is the answer, however
#: many sections say it.
MIN_WORDS = 12
#: A longer "sentence" is a list without stops (GARD's signs and their
#: frequencies, hundreds of words): said alike nowhere, and not read.
MAX_CHARS = 500
#: A sentence is stock when this share of the sections say it: 49 of
#: MedQuAD's 16,409 (its HPO preamble: 2,000 each, its clinical-trial
#: paragraphs: 60-160). A share, so ten copies of a corpus have the stock
#: sentences of one.
STOCK_SHARE = 0.003
#: ... and at least this many, in a small index.
MIN_STOCK_SECTIONS = 20

_WORD = re.compile(r"\w+")
#: A sentence: up to its end mark (and a closing quote or bracket), or a
#: line break. Decimals and abbreviations split it too, into pieces too
#: short to be stock, the same way wherever it is said.
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"')\]]*|\n|$)")


def title_words(title: str) -> frozenset[str]:
    """The words left out of a section's sentences (lower case)."""
    return frozenset(_WORD.findall(title.lower()))


def _skeleton(sentence: str, left_out: frozenset[str]) -> str:
    """A sentence's words but ``left_out``; "" if it is too short to be
    stock and asks nothing, or too long."""
    asks = sentence.rstrip().endswith("?")
    if len(sentence) > MAX_CHARS or (not asks and sentence.count(" ") < MIN_WORDS - 1):
        return ""  # the space count first: it costs a tenth of the words
    words = [w for w in _WORD.findall(sentence.lower()) if w not in left_out]
    if len(words) < MIN_WORDS and not (words and asks):
        return ""
    return " ".join(words)


def _digest(skeleton: str) -> int:
    digest = hashlib.blake2b(skeleton.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1


@lru_cache(maxsize=16_384)
def sentence_key(sentence: str, left_out: frozenset[str]) -> int:
    """A sentence's key, its words but ``left_out`` (a section's title),
    or 0 if it is too short to be stock and asks nothing, or too long.
    Remembered: a server shows the same sections' sentences again and
    again.

    >>> a = sentence_key("What are the signs of Gout?", title_words("Gout"))
    >>> a == sentence_key("What are the signs of Lupus ?", title_words("Lupus"))
    True
    >>> sentence_key("Gout hurts.", title_words("Gout"))
    0
    """
    skeleton = _skeleton(sentence, left_out)
    return _digest(skeleton) if skeleton else 0


def sentence_counts(
    sections: Iterable[tuple[str, str]],
) -> tuple[np.ndarray, np.ndarray]:
    """Of ``(title, text)`` pairs, the keys of the sentences two or more
    of them say (sorted), and in how many each is said.

    >>> keys, counts = sentence_counts(
    ...     [("Gout", "What causes Gout? Too much uric acid."),
    ...      ("Lupus", "What causes Lupus? The immune system."),
    ...      ("Acne", "Oil.")])
    >>> counts.tolist()
    [2]
    """
    counted: Counter[str] = Counter()
    for title, text in sections:
        counted.update(_said_once(_sentences(title, text)))
    return _shared(counted)


def learn(stored: list[tuple[int, dict]], size: int) -> dict[str, np.ndarray]:
    """What a large segment's writer keeps of its sections' sentences, from
    one reading of their texts: the counts of those two or more say
    (:func:`sentence_counts`, for the index's stock keys) and, per
    document, where its runs of stock sentences are, as this segment counts
    them (so a snippet looks nothing up).

    :param stored: :func:`~indexer.copies.stored_sections`.
    :param size: documents in the segment.
    :returns: ``sentences.keys``, ``sentences.counts``; ``stock.at`` (per
        document, where its runs start in ``stock.runs``, and one more),
        ``stock.runs`` (each run's start and end in the text).
    """
    said = []
    counted: Counter[str] = Counter()
    for (doc, _), (title, text) in zip(stored, section_texts(stored), strict=True):
        sentences = _sentences(title, text)
        said.append((doc, text, sentences))
        counted.update(_said_once(sentences))
    floor = max(MIN_STOCK_SECTIONS, STOCK_SHARE * len(stored))
    stock = {skeleton for skeleton, n in counted.items() if n >= floor}
    per_doc = np.zeros(size, np.int64)
    runs: list[tuple[int, int]] = []
    for doc, text, sentences in said:
        mine = _runs(
            text, [(a, b) for a, b, skeleton in sentences if skeleton in stock]
        )
        per_doc[doc] = len(mine)
        runs.extend(mine)
    keys, counts = _shared(counted)
    return {
        "sentences.keys": keys,
        "sentences.counts": counts,
        "stock.at": np.concatenate([[0], np.cumsum(per_doc)]).astype(np.uint32),
        "stock.runs": np.array(runs, np.uint32).reshape(-1),
    }


def runs_in(text: str, title: str, keys: frozenset[int]) -> list[tuple[int, int]]:
    """Where a section's runs of stock sentences are, by the index's
    ``keys`` (:func:`stock_keys`): what :func:`learn` keeps for a large
    segment's sections, worked out for a section of a few writes when a
    snippet needs it. Asked only where a window opened, such a section's
    snippet could show stock that the same section in a large segment
    never shows, so that an index kept up by writes and a fresh build
    showed different snippets. The sentences are cut as :func:`learn`
    cuts them; only what counts as stock is the index's, not the
    segment's.

    >>> key = sentence_key("What are the signs of Gout?", title_words("Gout"))
    >>> runs_in("What are the signs of Gout? Pain.", "Gout", frozenset([key]))
    [(0, 27)]
    """
    spans = [
        (start, end)
        for start, end, skeleton in _sentences(title, text)
        if skeleton and _digest(skeleton) in keys
    ]
    return _runs(text, spans)


def _sentences(title: str, text: str) -> list[tuple[int, int, str]]:
    """Each sentence of a section's text: where it starts and ends, and its
    words but the title's (:func:`_skeleton`)."""
    left_out = title_words(title)
    return [
        (m.start(), m.end(), _skeleton(m.group(), left_out))
        for m in SENTENCE.finditer(text)
    ]


def _said_once(sentences: list[tuple[int, int, str]]) -> set[str]:
    """A section's sentences that may be stock, each once however often
    the section says it."""
    return {skeleton for *_, skeleton in sentences if skeleton}


def _shared(counted: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
    """The keys (sorted) of the sentences two or more sections say, and in
    how many each is said: digested only then, as most are said once."""
    shared = sorted((_digest(s), n) for s, n in counted.items() if n > 1)
    return (
        np.array([key for key, _ in shared], np.uint64),
        np.array([n for _, n in shared], np.uint32),
    )


def _runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences next to each other joined into runs.

    >>> _runs("A b. C d. E.", [(0, 4), (4, 9)])
    [(0, 9)]
    """
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and not text[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def runs_of(at: np.ndarray, runs: np.ndarray, doc: int) -> list[tuple[int, int]]:
    """A document's runs of stock sentences (see :func:`learn`)."""
    first, last = int(at[doc]), int(at[doc + 1])
    flat = runs[2 * first : 2 * last].tolist()
    return list(zip(flat[::2], flat[1::2], strict=True))


def stock_keys(
    parts: list[tuple[np.ndarray, np.ndarray]], sections: int
) -> frozenset[int]:
    """The keys enough of ``sections`` say, from each segment's counts."""
    if not parts:
        return frozenset()
    keys = np.concatenate([k for k, _ in parts])
    counts = np.concatenate([c for _, c in parts]).astype(np.int64)
    found, inverse = np.unique(keys, return_inverse=True)
    totals = np.bincount(inverse, weights=counts, minlength=len(found))
    floor = max(MIN_STOCK_SECTIONS, STOCK_SHARE * sections)
    return frozenset(int(k) for k in found[totals >= floor])


def section_texts(stored: list[tuple[int, dict]]) -> Iterator[tuple[str, str]]:
    """``(title, text)`` of sections with their stored fields
    (:func:`~indexer.copies.stored_sections`)."""
    for _, fields in stored:
        yield str(fields.get(f.TITLE) or ""), str(fields.get(f.BODY) or "")


def segment_sentences(reader, data: SegmentData) -> tuple[np.ndarray, np.ndarray]:
    """A segment's :func:`sentence_counts` (see
    :func:`~indexer.segments.derived_or_worked_out`); none for a large file
    written before them: its sentences count once it is rewritten."""
    from .segments import derived_or_worked_out  # segments writes the counts

    return derived_or_worked_out(
        reader,
        data,
        "sentences",
        lambda: sentence_counts(section_texts(stored_sections(reader, data.sections))),
        lambda: (np.zeros(0, np.uint64), np.zeros(0, np.uint32)),
    )
