"""Entries of one source under one title, told apart by their addresses.

The National Cancer Institute writes a cancer's treatment, prevention and
screening summaries as separate pages that MedQuAD titles alike: a page
for `breast cancer` listed "Also from National Cancer Institute, National
Cancer Institute, National Cancer Institute", links a reader cannot choose
between. Their addresses differ where the pages do
(``.../breast-prevention-pdq``, ``.../breast-screening-pdq``), so the words
of the address that the namesakes do not share name each one. In MedQuAD
19 titles have namesakes in one source, 13 of them the Cancer Institute's;
A.D.A.M.'s differ only by article numbers, which say nothing, and get no
qualifier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

#: Words of an address that say how it is served, not what it holds.
_SERVING = frozenset({"htm", "html", "aspx", "asp", "php", "cfm", "index", "pages"})
_WORD = re.compile(r"[a-z0-9]+")


def qualifiers(urls: Sequence[str | None]) -> list[str]:
    """For the addresses of entries one source titles alike, the words
    that tell each apart ("" where none do).

    From the first part of the address (path segment or fragment) where
    they differ on: its words that some other namesake lacks there, minus
    file endings and bare numbers.

    >>> qualifiers([
    ...     "https://www.cancer.gov/types/breast/patient/breast-treatment-pdq",
    ...     "https://www.cancer.gov/types/breast/patient/pregnancy-breast-treatment-pdq",
    ...     "https://www.cancer.gov/types/breast/patient/breast-prevention-pdq",
    ... ])
    ['treatment', 'pregnancy treatment', 'prevention']
    >>> qualifiers(["http://x.gov/d/Pages/index.aspx", "http://x.gov/d/Pages/index.aspx#type2"])
    ['', 'type2']
    >>> qualifiers(["https://a.org/ency/article/002110.htm", "https://a.org/ency/article/000719.htm"])
    ['', '']
    >>> qualifiers(["https://a.org/x", None])
    ['', '']
    """
    if len(urls) < 2 or not all(urls):
        return [""] * len(urls)
    parts = [_parts(url) for url in urls]
    start = 0
    while all(len(p) > start for p in parts) and len({p[start] for p in parts}) == 1:
        start += 1
    words = [[w for part in p[start:] for w in _WORD.findall(part)] for p in parts]
    shared = set.intersection(*(set(w) for w in words))
    out = []
    for mine in words:
        kept = (w for w in mine if not (w in shared or w in _SERVING or w.isdigit()))
        out.append(" ".join(dict.fromkeys(kept)))
    return out


def _parts(url: str) -> list[str]:
    """An address's path segments and fragment, lowered."""
    split = urlsplit(url.lower())
    parts = [p for p in split.path.split("/") if p]
    if split.fragment:
        parts.append(split.fragment)
    return parts


def namesakes_key(title: str, source: str) -> tuple[str, str]:
    """What entries one source titles alike share (a reader takes "Breast
    Cancer" and "breast cancer" for one title): the entries a qualifier
    tells apart, and those whose texts "also from" compares whole."""
    return title.casefold(), source
