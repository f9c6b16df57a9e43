"""A search request, cleaned and bounded before anything reads it.

Whatever a caller sends (the CLI, a form, the API), the rest of the query
path sees one :class:`SearchRequest` whose text has no control characters,
is at most :data:`MAX_QUERY_CHARS` long, and whose numbers are in range.
That is where the limits documented in the README are enforced, once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

MAX_QUERY_CHARS = 500
MAX_PER_PAGE = 50
DEFAULT_PER_ENTRY = 2
MAX_PER_ENTRY = 10
AUTO = "auto"  # per_entry: two, and every strong section of a leading entry
MAX_FILTERS = 20  # values of one filter (section=, source=) a request keeps
MAX_FILTER_CHARS = 100  # characters of one filter value

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SECTION_FILTER = re.compile(r'(?i)\bsection:(?:"([^"]*)"|(\S+))')


#: What a keyboard would have typed, for what phones, word processors and
#: copied text put in its place: typographic quotes and apostrophes (the
#: default on phones: ``Crohn’s`` was read as "Crohn" and "s", ``what’s``
#: searched a lone "s", and ``“microwave ablation”`` was no phrase), the
#: Unicode hyphens, ligatures of PDFs (``ﬁbromyalgia`` found nothing), and
#: soft hyphens, which are invisible (``thalas\u00adsemia`` offered
#: "did you mean thalassemia" for what looked the same).
_TYPED = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\uff07", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02", '"'),
        **dict.fromkeys("\u2010\u2011", "-"),
        "\u00ad": None,
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)


def clean_text(text: str | None) -> str:
    """Text with control characters made spaces (they are never words),
    accents composed with their letters (NFC: a pasted "Sjo\u0308gren" is
    "Sjögren", as the index writes it) and the rest as typed on a keyboard
    (:data:`_TYPED`).

    >>> clean_text("Crohn\u2019s \u201cdisease\u201d\\x00 \ufb01bro").split()
    ["Crohn's", '"disease"', 'fibro']
    """
    text = _CONTROL.sub(" ", text or "")
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text).translate(_TYPED)


@dataclass(frozen=True)
class SearchRequest:
    """What to search for and which page of it to show."""

    text: str
    page: int = 1
    per_page: int = 10
    per_entry: int = DEFAULT_PER_ENTRY  # sections of one entry a page may show
    #: ``per_entry=auto``: an entry that clearly leads lists all its strong
    #: sections (:attr:`indexer.tuning.Tuning.dominant`), the others two.
    auto: bool = False
    #: The caller left ``per_entry`` unset (or ``auto``): the cap is for
    #: rival entries, so an entry the query names may list more
    #: (:attr:`indexer.tuning.Tuning.named_sections`). A number the caller
    #: gives is a strict cap.
    flexible: bool = True
    sections: tuple[str, ...] = ()  # section names to keep (any, if none)
    sources: tuple[str, ...] = ()  # sources to keep, by id or label
    entry: str | None = None
    exact: bool = False  # the words as typed: no synonyms, no corrections
    lenient: bool = False  # unknown filter values: a notice, not an error
    #: The section filter came from ``section:NAME`` in the text: a typed
    #: query, so an unknown name is a notice, never an error.
    typed_section: bool = False
    cut: bool = False  # the text was longer than MAX_QUERY_CHARS

    @classmethod
    def clean(
        cls,
        text: str | None,
        *,
        page: int = 1,
        per_page: int = 10,
        per_entry: int | str | None = None,
        section: str | Sequence[str] | None = None,
        source: str | Sequence[str] | None = None,
        entry: str | None = None,
        exact: bool = False,
        lenient: bool = False,
    ) -> SearchRequest:
        """Bound every value; a ``section:NAME`` inside the text becomes a filter.

        >>> r = SearchRequest.clean("section:treatment  GOUT\\x00", page=0)
        >>> (r.text, r.sections, r.page, r.per_entry)
        ('GOUT', ('treatment',), 1, 2)
        """
        text = unshouted(clean_text(text).strip())
        cut = len(text) > MAX_QUERY_CHARS
        text = text[:MAX_QUERY_CHARS].strip()
        sections = _values(section)
        typed = False
        match = _SECTION_FILTER.search(text)
        if match:
            if not sections:
                sections = _values(match.group(1) or match.group(2))
                typed = bool(sections)
            text = " ".join(_SECTION_FILTER.sub(" ", text).split())
        auto = per_entry == AUTO
        flexible = per_entry in (None, AUTO)
        per_entry = DEFAULT_PER_ENTRY if flexible else int(per_entry)
        return cls(
            text=text,
            page=max(1, int(page)),
            per_page=min(max(1, int(per_page)), MAX_PER_PAGE),
            per_entry=min(max(1, per_entry), MAX_PER_ENTRY),
            auto=auto,
            flexible=flexible,
            sections=sections,
            sources=_values(source),
            entry=entry or None,
            exact=bool(exact),
            lenient=bool(lenient),
            typed_section=typed,
            cut=cut,
        )

    @property
    def section(self) -> str | None:
        """The first section filter (pages and the API name it)."""
        return self.sections[0] if self.sections else None

    @property
    def wanted(self) -> int:
        """How many ranked hits the page needs, counting the pages before it."""
        return self.page * self.per_page


#: Words in capitals, this many in a row or more, are shouted, not codes.
SHOUTED_RUN = 3
_TOKEN = re.compile(r"\S+")


def unshouted(text: str) -> str:
    """``text`` with what is shouted in small letters: all of it if every
    word is in capitals and there are several (a query, not a row of codes),
    else each run of :data:`SHOUTED_RUN` or more words in capitals.

    A subject line or a sentence typed with caps lock ("WHY DO I CATCH A
    COLD i UNDERSTAND THAT GERMS SPREAD") had each word read as a code:
    "COLD" as a code the texts lack, "UNDERSTAND" as a topic. A code
    written among small letters ("is COPD the same as CHF") stands alone or
    in pairs; a code lowercased is still read as the code where the texts
    write it so.

    >>> unshouted("I GET A COLD every year"), unshouted("COPD and CHF")
    ('i get a cold every year', 'COPD and CHF')
    >>> unshouted("HIV AIDS")
    'hiv aids'
    """
    if text.isupper() and len(text.split()) > 1:
        return text.lower()
    tokens = list(_TOKEN.finditer(text))
    out, start, run = [], 0, []
    for token in [*tokens, None]:
        if token is not None and token.group().isupper():
            run.append(token)
            continue
        if len(run) >= SHOUTED_RUN:
            out.append(text[start : run[0].start()])
            out.append(text[run[0].start() : run[-1].end()].lower())
            start = run[-1].end()
        run = []
    out.append(text[start:])
    return "".join(out)


def _values(given: str | Sequence[str] | None) -> tuple[str, ...]:
    """A filter's values: cleaned, distinct, bounded in number and length.

    >>> _values(["Treatment", " treatment ", "", "Causes"])
    ('Treatment', 'Causes')
    """
    if given is None:
        return ()
    if isinstance(given, str):
        given = [given]
    out: dict[str, str] = {}
    for value in given[:MAX_FILTERS]:
        value = " ".join(clean_text(value).split())[:MAX_FILTER_CHARS]
        if value:
            out.setdefault(value.casefold(), value)
    return tuple(out.values())
