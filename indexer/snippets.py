"""Highlighted snippets: the part of a section that shows why it matched.

Whoosh's highlighter re-analyzes every hit's whole text through the token
pipeline, which cost more than the search itself. Here a regular expression
finds candidate words by the query terms' prefixes (in C), and only those
candidates are normalised and stemmed to confirm them.

>>> highlight("Heat is used. This is called microwave ablation.", {"ablat"})
'Heat is used. This is called microwave <mark>ablation</mark>.'
>>> highlight("<script>alert(1)</script> & co", {"script"})
'&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp; co'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from markupsafe import escape

from .analysis import _FOLD, ACRONYM, plain_term

SNIPPET_CHARS = 240
CONTEXT_BEFORE = 60
_MAX_MATCHES = 300


def _normal(word: str) -> str:
    return plain_term(word.lower().translate(_FOLD))


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    return _compiled(frozenset(terms))


@lru_cache(maxsize=256)
def _compiled(terms: frozenset[str]) -> re.Pattern[str] | None:
    """The pattern for a set of terms, built once per query, not per hit."""
    prefixes = set()
    for term in terms:
        term = term.lstrip(ACRONYM)
        if term.isalpha():
            # Porter may rewrite a word's last letter (happy -> happi).
            prefixes.add(term[: max(3, len(term) - 1)])
        else:
            prefixes.add(term.split("-")[0].split(".")[0] or term)
    if not prefixes:
        return None
    alternatives = "|".join(
        re.escape(p) for p in sorted(prefixes, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*(?:[-.]\w+)*", re.IGNORECASE)


def find_matches(text: str, terms: set[str]) -> list[tuple[int, int, str]]:
    """``(start, end, term)`` for each word of ``text`` that a term matches."""
    pattern = _pattern(terms)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        word = match.group(0)
        norm = _normal(word)
        if word.isupper() and ACRONYM + word.lower() in terms:
            found.append((match.start(), match.end(), ACRONYM + word.lower()))
        elif norm in terms:
            found.append((match.start(), match.end(), norm))
        elif "-" in word or "." in word:
            parts = {_normal(p) for p in re.split(r"[-.]", word) if p}
            hit = parts & terms
            if hit:
                found.append((match.start(), match.end(), min(hit)))
        if len(found) >= _MAX_MATCHES:
            break
    return found


def highlight(text: str, terms: set[str], limit: int = SNIPPET_CHARS) -> str:
    """HTML for the best window of ``text``: escaped, matches in ``<mark>``.

    The window is the one that shows the most distinct query terms.
    """
    matches = find_matches(text, terms)
    if not matches:
        return str(escape(_cut(text, 0, limit)[0]))
    # A window opens just before each match; matches come in text order, so
    # the ones inside it are a run from there on, found with two pointers.
    best, best_key = 0, (-1, 0)
    inside: Counter[str] = Counter()
    j = 0
    for i, (start, _, term) in enumerate(matches):
        begin = max(0, start - CONTEXT_BEFORE)
        while j < len(matches) and matches[j][1] <= begin + limit:
            inside[matches[j][2]] += 1
            j += 1
        key = (len(inside), j - i)
        if key > best_key:
            best, best_key = begin, key
        if j > i:  # match i leaves the window before the next one opens
            inside[term] -= 1
            if not inside[term]:
                del inside[term]
        else:
            j = i + 1
    window, offset = _cut(text, best, limit)
    out, pos = [], 0
    for start, end, _ in matches:
        start, end = start - offset, end - offset
        if start < pos or start < 0 or end > len(window):
            continue
        out.append(str(escape(window[pos:start])))
        out.append(f"<mark>{escape(window[start:end])}</mark>")
        pos = end
    out.append(str(escape(window[pos:])))
    return "".join(out)


def _cut(text: str, begin: int, limit: int) -> tuple[str, int]:
    """Cut ``text`` to about ``limit`` chars from ``begin`` at word boundaries.

    :returns: the piece (with ``…`` where text was cut) and the offset of its
        first original character within the piece's coordinates.
    """
    if begin > 0:
        space = text.rfind(" ", 0, begin)
        begin = space + 1 if space >= 0 and begin - space < 20 else begin
    end = begin + limit
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > begin else end
    piece = text[begin:end]
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + piece + suffix, begin - len(prefix)
