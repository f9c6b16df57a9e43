"""Analysis for medical text: a Whoosh pipeline of small, testable filters.

Two needs pull against each other. Readers expect ``ablations`` to find
``ablation`` (stemming), yet codes such as ``HbA1c``, ``COVID-19`` or
``BRCA1`` must match as typed, never mangled by a stemmer. So tokens keep
hyphen and dot compounds whole, the index also holds the compound's parts,
and only plain alphabetic words longer than three letters are stemmed.

>>> [t.text for t in medical_analyzer()("COVID-19 ablations and HbA1c")]
['covid-19', 'covid', '19', 'ablat', 'hba1c']
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
    Token,
)
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

# Words joined by hyphens or inner dots stay one token ("covid-19", "1.5").
TOKEN_PATTERN = r"\w+(?:[-.]\w+)*"

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be
    because been before being below between both but by can could did do does
    doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why
    will with would you your yours yourself yourselves""".split()
)


class CompoundSplitFilter(Filter):
    """Index a compound token whole and also as its parts.

    At index time ``covid-19`` yields ``covid-19``, ``covid`` and ``19``, so
    both ``COVID-19`` and ``covid`` find it; the parts take consecutive
    positions so phrase queries over them still work. At query time the
    compound is kept whole, so ``COVID-19`` matches only the compound.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        shift = 0
        for t in tokens:
            if t.positions:
                t.pos += shift
            text = t.text
            if t.mode == "query" or ("-" not in text and "." not in text):
                yield t
                continue
            parts = [p for p in text.replace(".", "-").split("-") if p]
            yield t
            start = t.pos if t.positions else 0
            original_chars = (t.startchar, t.endchar) if t.chars else None
            for i, part in enumerate(parts):
                t.text = part
                if t.positions:
                    t.pos = start + i
                yield t
            if t.positions:
                shift += len(parts) - 1
            t.text = text
            if original_chars:
                t.startchar, t.endchar = original_chars


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return stem(word)


class MedicalStemFilter(Filter):
    """Porter-stem plain words only; codes, numbers and short words pass."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            if len(text) > 3 and text.isalpha():
                t.text = _stem(text)
            yield t


def medical_analyzer() -> Analyzer:
    """The analyzer for section text, titles and names."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | CompoundSplitFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | MedicalStemFilter()
    )


def name_analyzer() -> Analyzer:
    """Unstemmed analysis for exact name lookups (synonyms, autocomplete)."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | CompoundSplitFilter()
    )
