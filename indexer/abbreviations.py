"""Abbreviations the texts define: "normal pressure hydrocephalus (NPH)".

Names give some codes a meaning (an entry lists "DVT" among its other
names), but the texts define many more than the names do, and people type
the code where the sections that answer them spell it out. So a code in a
query is also searched as the long forms the index's own texts give it.
A long form is found as Schwartz and Hearst proposed ("A simple algorithm
for identifying abbreviation definitions in biomedical text", PSB 2003):
in the words just before "(CODE)", the shortest run whose letters, read
backwards, hold the code's letters in order, the first at a word's start.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

#: Texts read for one code (the first sections that write it in capitals).
MAX_TEXTS = 40
#: Long forms kept for one code: "ED" is erectile dysfunction and the
#: emergency department; a third reading is seldom what was meant.
MAX_FORMS = 2
#: A reading kept must be found at least this share of the commonest's
#: times: one text's odd expansion does not speak for the index.
MIN_SHARE = 0.25
_BREAK = re.compile(r"[.;:!?()\[\]]")
#: A word alone in brackets, "(NPH)" or "( NPHs )": where a text may define
#: a code. One pattern for every code, checked against the word: compiling
#: one per code was two thirds of reading what a new code stands for
#: (0.2 s over the 150 long questions of the bench mix, profiled).
_BRACKETED = re.compile(r"\(\s*(\w+)\s*\)")


def long_form(code: str, before: str) -> str | None:
    """The long form ``code`` abbreviates at the end of ``before``, if any.

    >>> long_form("NPH", "also called normal pressure hydrocephalus")
    'normal pressure hydrocephalus'
    >>> long_form("GI", "problems of the gastrointestinal")
    'gastrointestinal'
    >>> long_form("DVT", "a clot in the leg") is None
    True
    """
    words = _BREAK.split(before)[-1].split()
    letters = [c.lower() for c in code if c.isalnum()]
    if not letters or not letters[0].isalpha():
        return None
    words = words[-min(len(letters) + 5, 2 * len(letters)) :]
    text = " ".join(words).lower()
    at = len(text) - 1
    for i in range(len(letters) - 1, -1, -1):
        letter = letters[i]
        while at >= 0 and (
            text[at] != letter or (i == 0 and at > 0 and text[at - 1].isalnum())
        ):
            at -= 1
        if at < 0:
            return None
        at -= 1
    start = text.rfind(" ", 0, at + 1) + 1
    form = text[start:].strip()
    if len(form) <= len(code) or form.replace(" ", "") == code.lower():
        return None
    return form


def defined(code: str, texts: Iterable[str]) -> tuple[str, ...]:
    """What ``texts`` say ``code`` stands for, commonest first.

    >>> defined("ED", ["erectile dysfunction (ED) is common",
    ...                "treated for erectile dysfunction (ED)",
    ...                "went to the emergency department (ED)"])
    ('erectile dysfunction', 'emergency department')
    """
    found: Counter[str] = Counter()
    for text in texts:
        for start in _marked(code, text):
            form = long_form(code, text[:start])
            if form:
                found[form] += 1
    if not found:
        return ()
    top = found.most_common(1)[0][1]
    kept = [form for form, n in found.most_common() if n >= MIN_SHARE * top]
    return tuple(kept[:MAX_FORMS])


def _marked(code: str, text: str) -> list[int]:
    """Where ``text`` writes ``code`` (or its plural) alone in brackets.

    >>> _marked("ED", "pain (ED), the (EDs) and (ED visits) or ( ED )")
    [5, 15, 40]
    """
    if not code.isalnum():  # no word of \w: a pattern of its own
        marker = re.compile(rf"\(\s*{re.escape(code)}s?\s*\)")
        return [match.start() for match in marker.finditer(text)]
    plural = code + "s"
    return [
        match.start()
        for match in _BRACKETED.finditer(text)
        if match[1] == code or match[1] == plural
    ]


class Definitions:
    """The long forms of codes in one index snapshot, looked up once each.

    :param texts: the texts of sections that write a code in capitals.
    """

    def __init__(self, texts: Callable[[str], Iterable[str]]) -> None:
        self._texts = texts
        self._known: dict[str, tuple[str, ...]] = {}

    def __call__(self, code: str) -> tuple[str, ...]:
        code = code.upper()
        if code not in self._known:
            if len(self._known) > 10_000:
                self._known.clear()
            self._known[code] = defined(code, self._texts(code))
        return self._known[code]

    def clear(self) -> None:
        self._known.clear()
