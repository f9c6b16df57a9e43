"""Words typed with a star after them: the beginning of the words meant.

People type `osteo*` for any word that begins so (osteoporosis,
osteoarthritis, osteosarcoma), as search boxes with wildcards have it.
Whoosh's wildcards are off here (a pattern over the whole vocabulary is
costly, and a term list of thousands), so the star was dropped: `osteo*`
listed the seven sections that write "osteo" (*Nail-patella syndrome*),
`hyper*` the 24 that write "hyper" (hyper-IgM syndromes). A starred word
is now searched as the commonest words it begins, each a way of matching
it, as another name of a name is; the page says which.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .analysis import analyse
from .plan import SHORT_QUERY_WORDS, TYPED, Alternative, Concept
from .spelling import Speller

#: A word of at least three characters, the first a letter, with a star
#: right after it, in a short query: fewer letters begin too many words.
STARRED = re.compile(r"(?<!\S)([^\W\d_]\w{2,})\*(?![\w*])")
#: Starred words read so in one query; others are searched as typed.
MAX_STARRED = 4
#: The words a starred word is searched as, commonest first; as many as a
#: notice can list.
MAX_WORDS = 8
#: A word the texts write under this share of the commonest word's count
#: is more often two words the crawl joined ("diabetesis", 10 against
#: "diabetes" 3,354; "thyroidanother") than one anybody means.
MIN_SHARE = 0.01


def starred(text: str) -> tuple[str, ...]:
    """The words of a short query typed with a star after them, lowercased.

    >>> starred("osteo* pain"), starred("a* b2* diab** hyper*"), starred("x " * 13 + "ab*c*")
    (('osteo',), ('hyper',), ())
    """  # noqa: E501
    if len(text.split()) > SHORT_QUERY_WORDS or "*" not in text:
        return ()
    found = dict.fromkeys(w.lower() for w in STARRED.findall(text))
    return tuple(found)[:MAX_STARRED]


def begun(concept: Concept, prefixes: tuple[str, ...], speller: Speller) -> Concept:
    """``concept`` searched as the commonest words its label begins, if it
    was typed with a star and the texts write any such word; else as it
    was. Words with the same terms are one way of matching
    ("diabetes", "diabetic")."""
    prefix = concept.label.lower()
    if prefix not in prefixes:
        return concept
    # Stop words are no way of matching: `ther*` listed "there" as
    # searched, and `the*` found nothing, most of its eight commonest words
    # stop words. Under 2,000 words begin with three letters.
    words = []
    alternatives: dict[tuple[str, ...], Alternative] = {}
    for word in speller.commonest_beginning(prefix):
        if len(words) == MAX_WORDS:
            break
        terms = tuple(dict.fromkeys(analyse(word)))
        if not terms:
            continue
        if words and speller.count(word) < MIN_SHARE * speller.count(words[0]):
            break  # commonest first: the rest are rarer still
        words.append(word)
        alternatives.setdefault(terms, Alternative(terms, TYPED))
    if not alternatives:
        return concept
    return replace(
        concept,
        label=f"{concept.label}*",
        alternatives=tuple(alternatives.values()),
        entries=(),
        synonyms=tuple(words),
        thin=False,
        name_only=(),
        blended=True,
    )
