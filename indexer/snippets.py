"""Highlighted snippets: the part of a section that shows why it matched.

Whoosh's highlighter re-analyzes every hit's whole text through the token
pipeline, which cost more than the search itself. Here the query terms'
prefixes find candidate words (in C: ``str.find`` in text made ASCII, a
regular expression for prefixes that are not ASCII), and only those
candidates are normalised and stemmed to confirm them.

>>> highlight("Heat is used. This is called microwave ablation.", {"ablat"})
'Heat is used. This is called microwave <mark>ablation</mark>.'
>>> highlight("<script>alert(1)</script> & co", {"script"})
'&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp; co'
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from itertools import chain

from markupsafe import escape

from .analysis import (
    _FOLD,
    ACRONYM,
    plain_term,
    without_credits,
    without_paths,
    without_phone_numbers,
)
from .model import BULLET

SNIPPET_CHARS = 240
CONTEXT_BEFORE = 60
_MAX_MATCHES = 300
# Up to this many characters a text's matches are all found, then sorted;
# past it they are found as the snippet asks for them, so a megabyte of
# one word costs no more than :data:`_MAX_MATCHES` of them.
_EAGER_CHARS = 20_000
# Between two words of one phrase: at most a short word or two ("cancer of
# the liver"), and no sentence's or clause's end.
_PHRASE_GAP = 9
_PHRASE_BREAK = re.compile(r"[.;:!?\n]")
_SPACE = re.compile(r"\s+")
_BLOCK_BREAK = re.compile(r"\s*\n\s*")
_LAST_SPACE = re.compile(r"\s+(?!.*\s)", re.DOTALL)  # the last run of spaces
# Searched in reversed text, back from a match: the spaces before a
# sentence's first word (a capital or digit) after ".", "!" or "?" (and any
# closing quote), or a line break (a block's end).
_SENTENCE_START = re.compile(r"(?<=[A-Z0-9\"'(\[])\s+(?=[\"')\]]*[.!?])|\s*\n")


@lru_cache(maxsize=65536)
def _normal(word: str) -> str:
    """A word of a text as the index has it (folded, stemmed); the same
    words come back hit after hit, so each is stemmed once."""
    return plain_term(word.lower().translate(_FOLD))


def _prefixes(terms: Iterable[str]) -> tuple[str, ...]:
    """The starts of words a text may write each term as (sorted)."""
    return _prefixes_of(frozenset(terms))


@lru_cache(maxsize=256)
def _prefixes_of(terms: frozenset[str]) -> tuple[str, ...]:
    prefixes = set()
    for term in terms:
        term = term.lstrip(ACRONYM)
        if term.isalpha():
            # Porter may rewrite a word's last letter (happy -> happi).
            prefixes.add(term[: max(3, len(term) - 1)])
        else:
            prefixes.add(term.split("-")[0].split(".")[0] or term)
    return tuple(sorted(prefixes))


_WORD_ONLY = re.compile(r"\w+")


@lru_cache(maxsize=256)
def _word_only(prefixes: tuple[str, ...]) -> bool:
    """Whether every prefix is of word characters (see :func:`_spans`)."""
    return all(_WORD_ONLY.fullmatch(p) for p in prefixes)


def _case_sensitive(prefixes: tuple[str, ...]) -> bool:
    """Whether the prefixes are lower-case ASCII without "_" (the stand-in
    of :func:`_ascii`): then text made ASCII and lowered is searched
    case-sensitively, finding what the case-insensitive pattern finds in
    the folded text, in half the time or less (``re.IGNORECASE`` folds
    every character it compares: 0.76 against 0.36 ms over 6,000
    characters and 12 terms)."""
    joined = "".join(prefixes)
    return joined.isascii() and joined == joined.lower() and "_" not in joined


@lru_cache(maxsize=256)
def _compiled(prefixes: tuple[str, ...], sensitive: bool) -> re.Pattern[str]:
    """One pattern for all of a query's prefixes, built once per query."""
    alternatives = "|".join(
        re.escape(p) for p in sorted(prefixes, key=len, reverse=True)
    )
    pattern = rf"(?<!\w)(?:{alternatives})\w*(?:[-.]\w+)*"
    return re.compile(pattern, 0 if sensitive else re.IGNORECASE)


#: What a match runs on to after its prefix: the word, and the words
#: joined to it by "-" or ".".
_TAIL = re.compile(r"\w*(?:[-.]\w+)*")


def _spans(
    searched: str, prefixes: tuple[str, ...], sensitive: bool
) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the words ``searched`` writes starting with one
    of ``prefixes``, in order, as :func:`_compiled`'s pattern finds them.

    A match runs from a word's start to the end of its chain of words
    joined by "-" or ".", whichever prefix matched: so matches found prefix
    by prefix, sorted, are the one pattern's once those that start inside
    an earlier match are dropped. That holds for prefixes of word
    characters only. Lowered ASCII text (``sensitive``) is searched with
    ``str.find``: no pattern to compile, which on a fresh worker cost more
    than the search (a new prefix's pattern 0.1-0.3 ms).
    """
    if not (sensitive and _word_only(prefixes)):
        yield from (m.span() for m in _compiled(prefixes, sensitive).finditer(searched))
        return
    each = [_literal_spans(searched, p) for p in prefixes]
    if len(searched) <= _EAGER_CHARS:
        # Gathered and sorted at once: merging the generators through a
        # heap cost more than finding every match of a section this long.
        spans: Iterable[tuple[int, int]] = sorted(chain.from_iterable(each))
    else:
        spans = heapq.merge(*each)  # found as asked for: see _MAX_MATCHES
    end = 0
    for span in spans:
        if span[0] >= end:
            yield span
            end = span[1]


def _literal_spans(searched: str, prefix: str) -> Iterator[tuple[int, int]]:
    """Each place of ASCII text where ``prefix`` starts a word, in order,
    and where its match ends (:data:`_TAIL`)."""
    at = searched.find(prefix)
    while at >= 0:
        before = searched[at - 1] if at else " "
        if not (before.isalnum() or before == "_"):  # ASCII: no \w
            yield at, _TAIL.match(searched, at + len(prefix)).end()
        at = searched.find(prefix, at + 1)


def _folded(text: str) -> str:
    """``text`` accent-folded, one character for one. Only the non-ASCII
    characters are looked up: ``str.translate`` with the fold's table took
    40 ns a character (0.13 ms for a section of 3,000). Its ASCII letters
    keep their case (the table lowers a few), which no search here minds:
    it lowers ASCII text or ignores case."""
    if text.isascii():
        return text
    if len(text.encode()) - len(text) > len(text) // 16:
        return text.translate(_FOLD)  # mostly not ASCII: one pass is cheaper
    return _NON_ASCII.sub(lambda m: _FOLD.get(ord(m.group()), m.group()), text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD_CHAR = re.compile(r"\w")
#: The letters a case-blind pattern matches to ASCII ones ("ſ" to "s"),
#: besides those the fold already made ASCII.
_CASE_BLIND = {"\u017f": "s", "\u212a": "k", "\u0130": "i", "\u0131": "i"}


@lru_cache(maxsize=4096)
def _stand_in(char: str) -> str:
    """The ASCII character a search for ASCII prefixes takes as it takes
    ``char`` folded: the fold's, where that is ASCII ("é" as "e"); else a
    word character ("µ", "ß") as "_" (a word character no prefix holds),
    any other ("’", "–") as a space, which neither joins words nor is any
    prefix's."""
    folded = char.translate(_FOLD)
    if folded.isascii():
        return folded
    if folded in _CASE_BLIND:
        return _CASE_BLIND[folded]
    return "_" if _WORD_CHAR.match(folded) else " "


def _ascii(text: str) -> str:
    """``text`` folded and made ASCII in one pass, one character for one
    (:func:`_stand_in`): then lowered it is searched with ``str.find``, not
    a pattern compiled for the query. A section with one curly quote or
    dash (a fifth of the bench mix's snippets) cost the query such a
    pattern (0.1-0.3 ms on a fresh worker) and a slower search."""
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: _stand_in(m.group()), text)


def find_matches(text: str, terms: AbstractSet[str]) -> list[tuple[int, int, str]]:
    """``(start, end, term)`` for each word of ``text`` that a term matches."""
    found = []
    # Search the accent-folded text (the same length: one character for
    # one), so "Sjögren" is found by the folded term "sjogren".
    prefixes = _prefixes(terms)
    if not prefixes:
        return []
    sensitive = _case_sensitive(prefixes)
    # ASCII: lowering keeps every character where it was.
    searched = _ascii(text).lower() if sensitive else _folded(text)
    for start, end in _spans(searched, prefixes, sensitive):
        word = text[start:end]
        norm = _normal(word)
        if word.isupper() and ACRONYM + word.lower() in terms:
            found.append((start, end, ACRONYM + word.lower()))
        elif norm in terms:
            found.append((start, end, norm))
        elif "-" in word or "." in word:
            parts = {_normal(p) for p in re.split(r"[-.]", word) if p}
            hit = parts & terms
            if hit:
                found.append((start, end, min(hit)))
        if len(found) >= _MAX_MATCHES:
            break
    return found


def phrase_matches(
    text: str,
    matches: list[tuple[int, int, str]],
    terms: AbstractSet[str],
    phrases: Iterable[tuple[str, ...]],
) -> list[tuple[int, int, str]]:
    """``matches`` less those of a phrase's word standing without the rest
    of the phrase, in its order: a synonym "hemochromatosis type 1" is no
    reason to mark every "type" and "1". Words in ``terms`` are kept
    wherever they stand.

    >>> text = "Type 1 is rare; type 2 is not."
    >>> found = find_matches(text, {"type", "1", "2"})
    >>> [text[a:b] for a, b, _ in phrase_matches(text, found, set(), [("type", "1")])]
    ['Type', '1']
    """
    kept = [term in terms for _, _, term in matches]
    found = [term for _, _, term in matches]
    # Where each term stands: a phrase is tried only where its first word
    # does (a long question has a dozen phrases, and trying each at every
    # match was a fifth of its snippets' time).
    at: dict[str, list[int]] = {}
    for i, term in enumerate(found):
        at.setdefault(term, []).append(i)
    for phrase in phrases:
        words = list(dict.fromkeys(phrase))
        size = len(words)
        for i in at.get(words[0], ()) if words else ():
            if found[i : i + size] != words:
                continue
            run = matches[i : i + size]
            if all(
                run[k + 1][0] - run[k][1] <= _PHRASE_GAP
                and not _PHRASE_BREAK.search(text, run[k][1], run[k + 1][0])
                for k in range(size - 1)
            ):
                kept[i : i + size] = [True] * size
    return [m for m, keep in zip(matches, kept, strict=True) if keep]


def highlight(
    text: str,
    terms: set[str],
    limit: int = SNIPPET_CHARS,
    phrases: tuple[tuple[str, ...], ...] = (),
    stock_spans: Sequence[tuple[int, int]] | None = None,
    shown: set[str] | None = None,
) -> str:
    """HTML for the best window of ``text``: escaped, matches in ``<mark>``.

    ``phrases`` are marked only where all their words stand together (see
    :func:`phrase_matches`); ``terms`` wherever they are.

    The window is the one that shows the most distinct query terms. It
    starts at the text's start if its matches fit there, else where the
    sentence holding its first match starts if they fit from there, else a
    little before that match; it starts and ends between words, and never
    cuts a match it shows.

    :param stock_spans: where the text's runs of stock sentences, those
        many sections say alike (:mod:`indexer.stock`), start and end
        (sorted), as a segment's writer found them or
        :func:`~indexer.stock.runs_in` finds them for a few writes': no
        window is chosen for matches in them, and none opens on those the
        text opens with.
    :param shown: the sentences the page's snippets above showed (by
        their ends, :class:`_SentenceKeys`): a window that shows one is
        chosen again from matches in other sentences where there are any,
        and the window's sentences are added. NIH Senior Health opens
        several answers of one entry with one sentence ("Glaucoma is a
        group of diseases that can damage the eye's optic nerve ..."), and
        a page showed it hit after hit.

    >>> highlight("Gout hurts. " + "It is rare. " * 30 + "It is treated.", {"treat"})
    '… It is <mark>treated</mark>.'
    >>> highlight("How is gout treated? Gout is treated with rest.", {"gout"},
    ...           stock_spans=[(0, 20)])
    '… <mark>Gout</mark> is treated with rest.'
    >>> highlight("Rest helps.\\n\\nCenters for Disease Control and Prevention",
    ...           {"rest"})
    '<mark>Rest</mark> helps.'
    """
    # A summary's closing credit line is no part of what it says: the
    # window ends before it ("... can prevent it. Centers for Disease
    # Control and Prevention").
    text = text[: len(without_credits(text).rstrip())]
    matches = _all_matches(text, terms, phrases)
    said = None if stock_spans is None else _Stock(text, stock_spans)
    chosen = matches if said is None else said.outside(matches)
    best = _best_window(chosen, limit)
    begin = _begin(text, chosen, best, limit, said)
    if shown is not None:
        keys = _SentenceKeys(text)
        seen = keys.within(begin, begin + limit)
        if shown and best and not shown.isdisjoint(seen):
            # Chosen again only where the window repeats a sentence:
            # asking every match's sentence cost a page 0.3 ms (a quarter).
            fresh = [m for m in chosen if keys.at(m[0]) not in shown]
            if fresh:
                best = _best_window(fresh, limit)
                begin = _begin(text, fresh, best, limit, said)
                begin = _past_shown(text, keys, begin, fresh[best[0]][0])
                seen = keys.within(begin, begin + limit)
        shown.update(seen)
    return _marked(text, begin, limit, matches)


def _all_matches(
    text: str, terms: AbstractSet[str], phrases: Iterable[tuple[str, ...]]
) -> list[tuple[int, int, str]]:
    """The words to mark: ``terms`` wherever they stand, a phrase's words
    only together (:func:`phrase_matches`), and none in what the index
    leaves out (:func:`_indexed`).
    """
    if not phrases:
        return find_matches(_indexed(text, terms), terms)
    every = terms.union(*phrases)
    text = _indexed(text, every)
    return phrase_matches(text, find_matches(text, every), terms, phrases)


def _indexed(text: str, terms: AbstractSet[str]) -> str:
    """``text`` with what the index leaves out blanked, no character moved
    (as :func:`~indexer.analysis.indexed_text` does): no query finds a
    word there, so none is marked there, nor draws the snippet to it.
    `eye floaters` marked *Retinal Disorders*' credit line "NIH: National
    Eye Institute", and `dental probe` showed nothing but *Dental
    Health*'s.

    Each blanking is tried only where it can matter, as snippets are made
    for every hit (all four took 12 us a text, 0.1 ms of a page): a
    telephone number only for a query with a number, and pronunciations
    (syllables, which a query rarely holds) not at all.

    >>> _indexed("Eyes dry.\\n\\nNIH: National Eye Institute", {"eye"}).split()
    ['Eyes', 'dry.']
    >>> _indexed("Call 1-800-232-4636 at nih.gov/eye.", {"800"}).split()
    ['Call', 'at', 'nih.gov']
    """
    text = without_paths(without_credits(text))
    if any(t.lstrip(ACRONYM)[:1].isdigit() for t in terms):
        text = without_phone_numbers(text)
    return text


def mark_words(
    text: str, terms: AbstractSet[str], phrases: tuple[tuple[str, ...], ...] = ()
) -> str:
    """HTML of the whole ``text``, escaped, the words its snippet would mark
    in ``<mark>`` (the first :data:`_MAX_MATCHES` of them): a section read
    after its snippet shows where the query's words are.

    >>> mark_words("Gout <b>flares</b> are treated.", {"gout", "treat"})
    '<mark>Gout</mark> &lt;b&gt;flares&lt;/b&gt; are <mark>treated</mark>.'
    """
    matches = _all_matches(text, terms, phrases)
    out, pos = [], 0
    for start, end, _ in matches:
        out.append(str(escape(text[pos:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return "".join(out)


def _begin(
    text: str,
    chosen: list[tuple[int, int, str]],
    best: tuple[int, int] | None,
    limit: int,
    said: _Stock | None,
) -> int:
    """Where the window showing ``chosen[best[0]:best[1]]`` begins."""
    if not best:
        # Nothing to show but stock (or nothing at all): what the text
        # says after the stock it opens with, the query's words marked.
        return 0 if said is None else said.opening(len(text))
    first, last = chosen[best[0]][0], chosen[best[1] - 1][1]
    begin = _window_start(text, first, last, limit)
    if said is not None:
        begin = said.past_opening(begin, first)
    return begin


def _past_shown(text: str, keys: _Cut, begin: int, first: int) -> int:
    """``begin``, or where the sentence of the match at ``first`` starts if
    that is later: a window chosen past sentences shown above does not open
    on one either (the text's opening, when its matches fit there). Only
    after a line break, or a mark and a space (not inside "7.5")."""
    start = keys.start(first)
    if start > begin and (text[start - 1] == "\n" or text[start].isspace()):
        while text[start].isspace():
            start += 1
        return start
    return begin


def _best_window(
    matches: list[tuple[int, int, str]], limit: int
) -> tuple[int, int] | None:
    """The matches (from, to: a slice) of the window showing the most
    distinct terms, then the most matches; the first such window. None
    without matches."""
    if not matches:
        return None
    # A window opens just before each match; matches come in text order, so
    # the ones inside it are a run from there on, found with two pointers.
    best, best_key = (0, 1), (-1, 0)
    inside: Counter[str] = Counter()
    j = 0
    for i, (start, _, term) in enumerate(matches):
        begin = max(0, start - CONTEXT_BEFORE)
        while j < len(matches) and matches[j][1] <= begin + limit:
            inside[matches[j][2]] += 1
            j += 1
        key = (len(inside), j - i)
        if key > best_key:
            best, best_key = (i, max(j, i + 1)), key
        if j > i:  # match i leaves the window before the next one opens
            inside[term] -= 1
            if not inside[term]:
                del inside[term]
        else:
            j = i + 1
    return best


def _marked(
    text: str, begin: int, limit: int, matches: list[tuple[int, int, str]]
) -> str:
    """HTML of the window of ``text`` from ``begin``, escaped, the
    ``matches`` it shows whole in ``<mark>``."""
    window, offset = _cut(text, begin, limit)
    out, pos = [], 0
    for start, end, _ in matches:
        start, end = start - offset, end - offset
        if start < pos or start < 0 or end > len(window):
            continue
        out.append(_shown(window, pos, start))
        out.append(f"<mark>{escape(window[start:end])}</mark>")
        pos = end
    out.append(_shown(window, pos, len(window)))
    return "".join(out)


class _Cut:
    """A text cut into sentences as :data:`~indexer.stock.SENTENCE` cuts
    it: what finding stock sentences and telling sentences apart share."""

    def __init__(self, text: str) -> None:
        self._text = text

    def start(self, pos: int) -> int:
        """Where the sentence holding ``pos`` starts: past the last end
        mark or line break before it."""
        text = self._text
        return 1 + max(
            text.rfind(".", 0, pos),
            text.rfind("!", 0, pos),
            text.rfind("?", 0, pos),
            text.rfind("\n", 0, pos),
        )


class _SentenceKeys(_Cut):
    """What tells the sentence holding a place of a text from others: its
    last :data:`KEY_CHARS` characters.

    NIH Senior Health's texts lost their headings' line breaks ("Caused By
    A Virus Shingles is caused by a virus called varicella-zoster virus --
    the one that gave you chickenpox"), and say one sentence again with a
    word more or less ("... called the varicella-zoster virus ..."): their
    ends are the same. Read from the end, a sentence is found by one search.

    >>> keys = _SentenceKeys("Gout hurts. It is treated with rest.")
    >>> keys.at(2), keys.at(14)
    ('Gout hurts.', 'Gout hurts. It is treated with rest.')
    """

    def at(self, pos: int) -> str:
        # The end is looked for within MAX_SENTENCE characters: GARD's
        # lists of signs run thousands without a stop, and searching them
        # was most of this class's cost; a piece of such a list is told by
        # where the piece ends.
        stop = min(len(self._text), pos + MAX_SENTENCE)
        found = _SENTENCE_END.search(self._text, pos, stop)
        return self._key(found.end() if found else stop)

    def within(self, begin: int, end: int) -> list[str]:
        """The keys of the sentences a window from ``begin`` to ``end``
        shows a part of: those ending in it, and the one running past it.

        >>> _SentenceKeys("Gout hurts. It is rare. Rest.").within(3, 15)
        ['Gout hurts.', 'Gout hurts. It is rare.']
        """
        ends = [m.end() for m in _SENTENCE_END.finditer(self._text, begin, end)]
        return [self._key(e) for e in ends] + [self.at(end)]

    def _key(self, end: int) -> str:
        return self._text[max(0, end - KEY_CHARS) : end]


#: Characters of a sentence's end that tell it (see :class:`_SentenceKeys`).
KEY_CHARS = 48
#: A sentence's end is looked for this far past a place in it.
MAX_SENTENCE = 500
#: A sentence's end: a mark or a line break, one character (a pattern for
#: marks and the quotes after them took four times as long to search).
_SENTENCE_END = re.compile(r"[.!?\n]")


class _Stock(_Cut):
    """A text's runs of stock sentences (:mod:`indexer.stock`), as a
    segment's writer found them or :func:`~indexer.stock.runs_in` works
    them out.

    >>> said = _Stock("What is gout? It hurts. Gout is common.", [(0, 13)])
    >>> said.run_at(5), said.run_at(24), said.opening(24)
    ((0, 13), None, 14)
    """

    def __init__(self, text: str, spans: Sequence[tuple[int, int]]) -> None:
        super().__init__(text)
        self._spans = spans
        self._begins = [begin for begin, _ in spans]

    def run_at(self, pos: int) -> tuple[int, int] | None:
        """The stock sentence (or run of them) holding ``pos``, if any."""
        at = bisect_right(self._begins, pos) - 1
        if at >= 0 and pos < self._spans[at][1]:
            return self._spans[at]
        return None

    def outside(
        self, matches: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str]]:
        """``matches`` outside stock sentences."""
        if not self._spans:
            return matches
        return [m for m in matches if self.run_at(m[0]) is None]

    def opening(self, before: int) -> int:
        """Where the stock the text opens with ends (on the next word), up
        to ``before``; 0 if it opens with none, or is all stock."""
        text, pos, passed = self._text, 0, False
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            run = self.run_at(pos) if pos < before else None
            if run is None:
                break
            pos, passed = run[1], True
        return pos if passed and pos < len(text) else 0

    def past_opening(self, begin: int, first: int) -> int:
        """``begin``, or where the stock the text opens with ends if that
        is later (and before ``first``): a window opens on no stock."""
        if begin >= self.start(first):
            return begin  # the opening stock ends before that sentence
        return max(begin, self.opening(first))


def _shown(window: str, start: int, end: int) -> str:
    """Escaped ``window[start:end]``, block breaks shown as `` · ``.

    A heading's line break would otherwise read as one sentence in HTML
    ("Measuring Blood Pressure Blood pressure is ...").
    """
    piece = window[start:end]
    if "\n" in piece:
        piece = _BLOCK_BREAK.sub(
            lambda m: _break_sign(window, start + m.start(), start + m.end()), piece
        )
    return str(escape(piece))


def _break_sign(window: str, start: int, end: int) -> str:
    before = window[start - 1] if start else ""
    after = window[end] if end < len(window) else ""
    if not before or not after or before in ".!?:" or after == BULLET:
        return " "  # the punctuation or the bullet already shows the break
    return " · "


def _window_start(text: str, first: int, last: int, limit: int) -> int:
    """Where a window showing ``text[first:last]`` should begin.

    The start of the sentence (or block) holding ``first`` when the window
    still reaches ``last`` from there; else the word that begins about
    ``CONTEXT_BEFORE`` characters before ``first``.
    """
    if last <= limit:  # the opening shows them: a section's first words
        return 0
    lo = max(0, last - limit + 2)  # room for the "… " of a cut
    # Reversed from the match's first letter on, which the look-behind reads.
    sentence = _SENTENCE_START.search(text[lo : first + 1][::-1], 1)
    if sentence or lo == 0:
        return first + 1 - sentence.start() if sentence else 0
    begin = max(0, first - CONTEXT_BEFORE)
    if last - begin > limit - 2:
        begin = first
    return _word_start(text, begin, first)


def _word_start(text: str, pos: int, floor: int) -> int:
    """The start of the word at ``pos``: back a little, else on to the next.

    ``floor`` (the first match) is never passed.
    """
    if pos <= 0 or text[pos - 1].isspace():
        return pos
    back = _LAST_SPACE.search(text, max(0, pos - 20), pos)
    if back:
        return back.end()
    ahead = _SPACE.search(text, pos, floor)
    return ahead.end() if ahead else floor


def _cut(text: str, begin: int, limit: int) -> tuple[str, int]:
    """Cut ``text`` to about ``limit`` chars from ``begin`` (a word's start),
    ending between words.

    :returns: the piece (with ``…`` where text was cut) and the offset of its
        first original character within the piece's coordinates.
    """
    end = begin + limit
    if end < len(text) and not text[end].isspace():
        space = _LAST_SPACE.search(text, begin, end)
        if space and space.start() > begin:
            end = space.start()
    piece = text[begin:end].rstrip().removesuffix(BULLET).rstrip()
    prefix = "… " if begin > 0 else ""
    suffix = " …" if begin + len(piece) < len(text.rstrip()) else ""
    return prefix + piece + suffix, begin - len(prefix)
