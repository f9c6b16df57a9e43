"""Letters MedQuAD lost: its files dropped every letter outside ASCII.

GHR's *Sjögren syndrome* is "Sjgren syndrome" in its file, GARD's
*Ménière's disease* "Mnire's disease", NINDS's *Klüver-Bucy Syndrome*
"Klver-Bucy Syndrome", in the title and all through the text; a reader
saw those names on every page that listed them. The same file's address
spells the title in ASCII (``.../condition/sjogren-syndrome``), so a title
word is given back the letters its address has and it lacks, where the
address word is the title word with a few letters added that an accented
letter stands for in ASCII ("o" for "ö", "c" for "ç"). The repaired word
then replaces the broken one wherever the entry writes it.

Not a word the address writes as it is (most), nor one its address joins
to the next ("Vitamin A": ``vitamina``), one in capitals (a code, "IIX"),
nor one the address gives other letters ("Fabry": ``fabrys``,
"Trichinosis": ``trichinellosis``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: What accented Latin letters become in ASCII, and so what an address may
#: hold where the file lost a letter: "á" as "a", "ç" as "c", "ñ" as "n".
STAND_INS = frozenset("aeiouycn")
#: At most this many letters lost in one word ("Ménière": two).
MOST_LOST = 3
#: Shorter words are left alone: "La" is no "lac" of an address.
MIN_LETTERS = 3

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_ADDRESS_WORD = re.compile(r"[a-z]+")
_COMPOUND = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")


def lost_letters(title: str, url: str | None) -> dict[str, str]:
    """The title's words that lost letters, as their address spells them:
    each broken word (as written, without any "'s") and its repair, and
    each compound of the title that holds one ("Guillain-Barr").

    >>> lost_letters("Sjgren syndrome", "https://x.org/condition/sjogren-syndrome")
    {'Sjgren': 'Sjogren'}
    >>> lost_letters("Mnire's disease", "https://x.org/gard/6872/menieres-disease")
    {'Mnire': 'Meniere'}
    >>> lost_letters("Guillain-Barr syndrome", "https://x.org/guillain-barre-syndrome")
    {'Barr': 'Barre', 'Guillain-Barr': 'Guillain-Barre'}
    >>> lost_letters("Vitamin A", "https://x.org/vitamina.html")
    {}
    >>> lost_letters("Fabry Disease", "https://x.org/fabrys.htm")
    {}
    """
    if not url:
        return {}
    # The whole path: NIDDK's pages end in "facts.aspx", under the
    # topic's own folder ("menetriers-disease").
    path = urlsplit(url).path.lower()
    spelt = set(_ADDRESS_WORD.findall(path))
    words = _WORD.findall(title)
    found: dict[str, str] = {}
    for n, word in enumerate(words):
        bare = word.replace("'", "").lower()
        if len(bare) < MIN_LETTERS or word.isupper() or bare in spelt:
            continue
        joined = {
            bare + words[n + 1].lower() if n + 1 < len(words) else "",
            words[n - 1].lower() + bare if n else "",
        }
        for other in sorted(spelt - joined):
            letters = _with_letters_of(word, other)
            if letters:
                found[word.split("'")[0]] = letters.split("'")[0]
                break
    for compound in _COMPOUND.findall(title):
        parts = compound.split("-")
        if any(part in found for part in parts):
            found[compound] = "-".join(found.get(part, part) for part in parts)
    return found


def _with_letters_of(word: str, other: str) -> str | None:
    """``word`` with the letters ``other`` has and it lacks put back, its
    own letters (their case) and apostrophes kept; None unless ``other``
    is ``word``'s letters, in order, with one to :data:`MOST_LOST` of
    :data:`STAND_INS` added after its first."""
    letters = word.replace("'", "").lower()
    if not 0 < len(other) - len(letters) <= MOST_LOST or other[0] != letters[0]:
        return None
    out, at, added = [], 0, 0
    for char in other:
        while at < len(word) and word[at] == "'":
            out.append("'")
            at += 1
        if at < len(word) and word[at].lower() == char:
            out.append(word[at])
            at += 1
        elif char in STAND_INS:
            out.append(char)
            added += 1
        else:
            return None
    out.extend(word[at:])  # only apostrophes can be left
    if any(c != "'" for c in word[at:]) or not added:
        return None
    return "".join(out)


def repaired(text: str, repairs: dict[str, str]) -> str:
    """``text`` with each broken word repaired where it stands alone, and
    in the compounds the repairs were made in ("Guillain-Barr", if
    written ``Guillain-Barr`` in ``repairs``); not in another compound:
    "Epstein-Barr" is no "Barre"."""
    for broken, fixed in repairs.items():
        alone = rf"(?<![A-Za-z-]){re.escape(broken)}(?![A-Za-z]|-[A-Za-z])"
        text = re.sub(alone, fixed, text)
    return text
