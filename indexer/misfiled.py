"""Entries MedQuAD filed under another thing's title.

NINDS's file 0000187 is titled *Machado-Joseph Disease* and asks "What are
the complications of Machado-Joseph Disease ?", but its answers are the
Lyme disease page its own address names (``.../disorders/lyme/lyme.htm``).
Searched as it was, `machado joseph disease` listed Lyme disease's
sections second and third under the other title, and `lyme disease` the
same sections as *Machado-Joseph Disease*'s.

Such a file says its title nowhere in its text. Where a word of its address
is then what the text is about (said again and again), the entry is
titled as the text calls that thing ("Lyme disease"), and its questions
ask about it. Of MedQuAD's 5,487 entries with text, six never say their
title's words (*Childbirth* says "labor", *Sun Exposure* "sunburn"); one
has an address word its text says: the file above.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

#: Words that say what kind of thing a title names, not which: a title of
#: nothing else ("Machado-Joseph *Disease*") does not count as said, and
#: the text's name for the thing ends in one where it does ("Lyme disease").
KINDS = frozenset(
    {"disease", "diseases", "syndrome", "syndromes", "disorder", "disorders"}
)
#: An address word the text says at least this often is what it is about.
MIN_SAID = 3
#: Words shorter than this say too little ("htm", "www", "lcm").
MIN_LETTERS = 4
#: A title word is said where a word of the text begins as it does, this
#: many letters: "vaccination" where it says "vaccines".
STEM = 5

_WORD = re.compile(rf"[a-z]{{{MIN_LETTERS},}}")


def misfiled(title: str, url: str | None, texts: Iterable[str]) -> str | None:
    """The title the text and the address give an entry whose own title
    its text never says, or None where the title is its own.

    >>> misfiled("Machado-Joseph Disease", "http://x.gov/disorders/lyme/lyme.htm",
    ...          ["Lyme disease comes from a tick.", "Lyme disease is treated.",
    ...           "Most recover from Lyme disease."])
    'Lyme disease'
    >>> misfiled("Childbirth", "https://x.gov/childbirth.html", ["Labor begins."])
    >>> misfiled("Gout", "https://x.gov/arthritis/gout.html", ["Gout hurts."])
    >>> misfiled("Flu Vaccination", "https://x.gov/vaccines/flu.html",
    ...          ["Vaccines work.", "Get vaccines.", "Vaccines are safe."])
    """
    if not url:
        return None
    text = " ".join(texts)
    lowered = text.lower()
    own = [w for w in _WORD.findall(title.lower()) if w not in KINDS]
    # A word's start, as another form of it ("vaccination": "vaccines").
    if not own or any(re.search(rf"\b{re.escape(w[:STEM])}", lowered) for w in own):
        return None
    said: Counter[str] = Counter()
    for word in dict.fromkeys(_WORD.findall(urlsplit(url).path.lower())):
        if word in KINDS:
            continue
        for found, after in re.findall(
            rf"\b({re.escape(word)})\b(?:\s+([A-Za-z]+))?", text, flags=re.IGNORECASE
        ):
            kind = after.lower() if after.lower() in KINDS else ""
            said[f"{found} {kind}".strip()] += 1
    if not said:
        return None
    name, count = said.most_common(1)[0]
    return name if count >= MIN_SAID else None
