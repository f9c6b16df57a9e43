"""Analysis for medical text: a Whoosh pipeline of small, testable filters.

Two needs pull against each other. Readers expect ``ablations`` to find
``ablation`` (stemming), yet codes such as ``HbA1c``, ``COVID-19`` or
``BRCA1`` must match as typed, never mangled by a stemmer. So tokens keep
hyphen and dot compounds whole, the index also holds the compound's parts,
and only plain alphabetic words longer than three letters are stemmed.

>>> [t.text for t in medical_analyzer()("COVID-19 ablations and HbA1c for AIDS")]
['covid-19', 'covid', '19', 'ablat', 'hba1c', 'aids', '^aids']
>>> [t.text for t in medical_analyzer()("AIDS hearing aids", mode="query")]
['^aids', 'hear', 'aid']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pickle import dumps

from whoosh.analysis import Analyzer, Filter, Token, Tokenizer
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

# Words joined by hyphens or inner dots stay one token ("covid-19", "1.5"),
# and an English clitic stays with its word ("Crohn's", "doesn't"), to be
# dropped (see :func:`without_clitic`).
TOKEN_PATTERN = r"\w+(?:[-.]\w+)*(?:['\u2019](?i:s|t|d|m|re|ve|ll)\b)?"
_APOSTROPHES = "'\u2019"
_TOKEN = re.compile(TOKEN_PATTERN)

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


#: A group in round brackets, where a text may spell out how a word sounds.
_BRACKETED_TEXT = re.compile(r"\(([^()]{3,120})\)")
#: Letters joined by hyphens: one respelled word, "ah-RITH-me-ahs".
_HYPHENED = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
#: Respelled syllables are short; a longer part is a word ("ER-positive").
_SYLLABLE_LETTERS = 6


def indexed_text(value: str) -> str:
    """What of a section's text is indexed: all of it but what nobody
    searches for, blanked out (so every other word keeps its place):
    pronunciations spelt out (:func:`without_respellings`), the paths of
    web addresses (:func:`without_paths`), telephone numbers
    (:func:`without_phone_numbers`) and the line crediting an institute
    (:func:`without_credits`)."""
    return without_credits(
        without_phone_numbers(without_paths(without_respellings(value)))
    )


#: A line that credits the institute a summary came from, as MedlinePlus's
#: health topics end: "NIH: National Institute of Diabetes and Digestive
#: and Kidney Diseases".
_CREDIT = re.compile(r"(?m)^[ \t]*NIH: [^\n]{0,120}$")


#: A text's last line, after a blank one, naming a federal agency in
#: capitalised words ("Centers for Disease Control and Prevention"): how
#: 152 of MedlinePlus's summaries credit their source without "NIH: ".
#: Looked for in the text's last characters only.
_AGENCY_CREDIT = re.compile(
    r"\n[ \t]*\n[ \t]*((?=[^\n]*\b(?:Administration|Agency|Centers|Department"
    r"|Dept\.|Office|Registry|Reference|Services)\b)[A-Z][\w.'’]*"
    r"(?:[ \t]+(?:and|for|of|on|the|[A-Z][\w.'’]*))*)[ \t]*\Z"
)
_AGENCY_TAIL = 200


def without_credits(value: str) -> str:
    """``value`` with a line crediting an NIH institute, or a last line
    crediting another agency, blanked out.

    504 of MedlinePlus's summaries end with one, so *Gastrointestinal
    Bleeding*'s summary held "diabetes" and "kidney", and *Heart
    Failure*'s "lung": words of the institute's name, not of the topic.
    152 more end with another agency's name: 85 held "disease", "control"
    and "prevention" of the CDC's, 11 "food" and "drug" of the FDA's.

    >>> without_credits("Rest helps.\\n\\nNIH: National Eye Institute").split()
    ['Rest', 'helps.']
    >>> without_credits("Wash hands.\\n\\nCenters for Disease Control and Prevention")
    'Wash hands.\\n\\n                                          '
    """
    found = _AGENCY_CREDIT.search(value, max(0, len(value) - _AGENCY_TAIL))
    if found is not None:
        start, end = found.span(1)
        value = value[:start] + " " * (end - start) + value[end:]
    first = value.find("NIH: ")
    if first < 0:
        return value
    # Read from the line of the first "NIH: " only (it ends a summary): the
    # whole text read line by line took 2.7 us a snippet.
    start = value.rfind("\n", 0, first) + 1
    return value[:start] + _CREDIT.sub(lambda m: " " * len(m.group(0)), value[start:])


#: A North American telephone number: "1-800-232-4636", "(301) 496-5751".
_PHONE = re.compile(r"(?<![\w-])(?:1-)?(?:\(\d{3}\) ?|\d{3}-)\d{3}-\d{4}(?![\w-])")
#: What every such number holds; a literal first character lets the
#: regular expression engine skip to it (the whole pattern tried at every
#: place took 1.3 s over MedQuAD's texts, this 0.02 s).
_PHONE_END = re.compile(r"-\d\d\d\d")


def without_phone_numbers(value: str) -> str:
    """``value`` with its telephone numbers blanked out.

    Their digits are numbers no question means: "1-800-232-4636" made
    "800" a number of fifty sections that give a help line, and `ibuprofen
    800` listed them (the dose is what was meant).

    >>> without_phone_numbers("Call 1-800-232-4636 or take 800 mg.")
    'Call                or take 800 mg.'
    """
    if not _PHONE_END.search(value):
        return value
    return _PHONE.sub(lambda m: " " * len(m.group(0)), value)


#: The path of a web address: what follows a host's common top-level
#: domain. The host stays ("ClinicalTrials.gov" is a name people search).
_WEB_PATH = re.compile(r"\.(?:gov|org|com|edu|net|info)(/[^\s<>()\"']*)", re.IGNORECASE)


def without_paths(value: str) -> str:
    """``value`` with the paths of its web addresses blanked out.

    A path is a file name, not prose: "www.nhlbi.nih.gov/health/resources/
    heart/hbp-dash-index.htm" made *Cough* a section holding "hbp", so a
    code typed in small letters (`hbp`) was read as a word as well, and
    *Cough* came before *High Blood Pressure*.

    >>> without_paths("See www.nih.gov/hbp-index.htm or ClinicalTrials.gov.")
    'See www.nih.gov               or ClinicalTrials.gov.'
    """
    if "/" not in value:
        return value
    return _WEB_PATH.sub(_blank_path, value)


def _blank_path(address: re.Match[str]) -> str:
    start, end = address.span(1)
    return address.group(0)[: start - address.start()] + " " * (end - start)


def without_respellings(value: str) -> str:
    """``value`` with its pronunciation respellings blanked out, each
    character a space (so every other word keeps its place).

    NHLBI's texts say how a term sounds after it: "aspiration
    (as-pih-RA-shun)", "arrhythmias (ah-RITH-me-ahs)", 558 times in
    MedQuAD. Indexed, their syllables are words ("ra", "og", "shun") and the
    stressed ones codes, in sections about something else: 24 of the 29
    sections holding "ra" held it so, and `ra symptoms` read "ra" as an
    everyday word and listed them, not rheumatoid arthritis (RA). A
    respelling is a bracketed group of such words, one of three syllables
    or more, each syllable in small letters or capitals; a term of a code
    and a word ("anti-CCP", "ER-positive", "non-HS RDEB") is not one.

    >>> without_respellings("arrhythmia (ah-RITH-me-ah) or (anti-CCP)").split()
    ['arrhythmia', '(', ')', 'or', '(anti-CCP)']
    >>> without_respellings("(SI-tus in-VER-sus)") == "(" + " " * 17 + ")"
    True
    """
    if "(" not in value or "-" not in value:
        return value
    return _BRACKETED_TEXT.sub(_blank_respelling, value)


def _blank_respelling(group: re.Match[str]) -> str:
    inside = group.group(1)
    if "-" not in inside:
        return group.group(0)
    spelt = [m for m in _HYPHENED.finditer(inside) if _respelled(m.group(0))]
    if not any(m.group(0).count("-") >= 2 for m in spelt):
        return group.group(0)
    blanked = list(inside)
    for m in spelt:
        blanked[m.start() : m.end()] = " " * (m.end() - m.start())
    return f"({''.join(blanked)})"


def _respelled(word: str) -> bool:
    """Whether hyphened letters read as syllables: short parts, some in
    capitals (the stress) and some in small letters, none mixed."""
    parts = word.split("-")
    return (
        all(len(p) <= _SYLLABLE_LETTERS and (p.isupper() or p.islower()) for p in parts)
        and any(p.isupper() for p in parts)
        and any(p.islower() for p in parts)
    )


_FOLD = str.maketrans(accent_map)
# Separators of a weighted value (control characters never reach queries).
SEGMENT = "\x1d"
BOOST = "\x1e"
POSITION_GAP = 100
ACRONYM = "^"  # marks the case-sensitive twin of an all-capitals code


class MedicalTokenizer(Tokenizer):
    """Words, lowercased and accent-folded, with compounds kept and split.

    At index time ``covid-19`` yields ``covid-19``, then ``covid`` and
    ``19`` at the same and following positions, so ``COVID-19`` and
    ``covid`` both find it and phrases over the parts still match. At query
    time the compound stays whole, so ``COVID-19`` matches only itself.
    Stop words are dropped without leaving a gap in the positions.

    One fused stage instead of five chained filters: analysis is most of the
    indexing time, and every chained generator costs per token.
    """

    def __init__(self, stoplist: frozenset[str] = STOP_WORDS) -> None:
        self.expression = re.compile(TOKEN_PATTERN)
        self.stoplist = stoplist

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.stopped = False
        t.boost = 1.0
        stoplist = self.stoplist if removestops else frozenset()
        split = mode != "query"
        if split:
            value = indexed_text(value)
        if BOOST not in value:
            yield from self._words(value, t, stoplist, split, start_pos, start_char)
            return
        # A weighted value (see weighted()): each part keeps its boost, and a
        # gap in positions keeps phrases from running across parts.
        pos = start_pos
        for part in value.split(SEGMENT):
            boost, _, text = part.partition(BOOST)
            t.boost = float(boost)
            for token in self._words(text, t, stoplist, split, pos, 0):
                pos = max(pos, token.pos if positions else pos)
                yield token
            pos += POSITION_GAP

    def _words(self, value, t, stoplist, split, pos, start_char) -> Iterator[Token]:
        query = not split
        # Accent folding only matters outside ASCII; most text is ASCII.
        fold = None if value.isascii() else _FOLD
        for match in self.expression.finditer(value):
            raw = match.group(0)
            text = without_clitic(
                raw.lower() if fold is None else raw.lower().translate(fold)
            )
            if text is None or text in stoplist:
                continue
            if t.chars:
                t.startchar = start_char + match.start()
                t.endchar = start_char + match.end()
            if t.positions:
                t.pos = pos
            # An all-capitals code (MI, RFA, AIDS) is also indexed case-marked,
            # and a query typed in capitals matches only that: "AIDS" never
            # finds "hearing aids". Codes are never stemmed.
            t.acronym = is_code(raw)
            if t.acronym:
                if not query:
                    t.text = text
                    yield t
                t.text = ACRONYM + text
                yield t
                pos += 1
                continue
            t.text = text
            yield t
            if split and ("-" in text or "." in text):
                parts = [p for p in text.replace(".", "-").split("-") if p]
                for i, part in enumerate(parts):
                    if part in stoplist:
                        continue
                    t.text = part
                    if t.positions:
                        t.pos = pos + i
                    yield t
                pos += max(len(parts), 1)
            else:
                pos += 1


def without_clitic(text: str) -> str | None:
    """A lowercase token of :data:`TOKEN_PATTERN` without its clitic: the
    word a possessive or a contraction stands on ("crohn's" -> "crohn",
    "they're" -> "they"); None for a negated auxiliary ("doesn't", "can't"),
    which says nothing a search could use; any other token as it is.

    Split at the apostrophe, "Crohn's" was two terms, and the "s" of every
    possessive matched over a fifth of MedQuAD's sections: a consumer's "my
    husband's doctor" searched it, and "isn't" searched "t". Lucene's
    English analyzer drops the possessive too (``EnglishPossessiveFilter``).

    >>> [without_clitic(w) for w in ("crohn's", "don't", "i\u2019m", "covid-19")]
    ['crohn', None, 'i', 'covid-19']
    """
    # The pattern lets an apostrophe in only before a clitic of one or two
    # letters, so only there need it be looked for.
    if len(text) < 3 or (text[-2] not in _APOSTROPHES and text[-3] not in _APOSTROPHES):
        return text
    word, _, clitic = text.replace("\u2019", "'").rpartition("'")
    return None if clitic == "t" else word


def weighted(parts: Iterable[tuple[str, float]]) -> str:
    """Encode texts with their weights as one value for a combined field.

    Each token's boost adds to its term weight, so a title word counts like
    several body words; BM25's saturation then caps what any one word can
    add, which keeps a short field from drowning the text.

    >>> toks = MedicalTokenizer()(weighted([("Liver", 3.0), ("the liver", 1.0)]),
    ...                           positions=True)
    >>> [(t.text, t.boost, t.pos) for t in toks]
    [('liver', 3.0, 0), ('liver', 1.0, 100)]
    """
    return SEGMENT.join(f"{boost:g}{BOOST}{text}" for text, boost in parts if text)


#: The rules plain words are stemmed by, as the index records them (see
#: :func:`stem_rules`): an index whose terms were made by other rules than a
#: query's cannot be searched, and is refused until rebuilt. 1 was Porter's
#: alone; 2 keeps a word in "-itis" whole.
STEM_RULES = 2


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    if word.endswith("itis"):
        # Porter's step 4 takes "iti" off as the "-ity" of "activity", so an
        # inflammation stemmed to its organ's adjective: "prostatitis" was
        # "prostat" as "prostate" is, "hepatitis" "hepatic", "pancreatitis"
        # "pancreatic", and `prostatitis treatment` listed *Prostate
        # Cancer*'s Treatment sections first (35 of MedQuAD's 151 such words
        # met another word so). No "-itis" word has an "-ity".
        return word
    return stem(word)


def plain_term(word: str) -> str:
    """The term an ordinary lowercase ``word`` is indexed as (stemmed)."""
    return _stem(word) if len(word) > 3 and word.isalpha() else word


#: Words a name may say or leave out and mean the same ("ringing in the
#: ears", "ringing in ears"). Not every stop word: "Down syndrome" is no
#: syndrome alone.
SMALL_WORDS = frozenset(
    "a an the of in on at to for with and or by from i my your his her its our "
    "their".split()
)


@lru_cache(maxsize=65_536)
def word_bag(key: str) -> str:
    """A name key's words as a set: their terms, sorted, without
    :data:`SMALL_WORDS`; "" for fewer than two. Names and queries that say
    the same words in another order, or with other small words, share it.

    >>> word_bag("ringing in the ears"), word_bag("ears ringing")
    ('ear ring', 'ear ring')
    >>> word_bag("newborn yellow skin") == word_bag("yellow skin newborn")
    True
    >>> word_bag("downs syndrome") == word_bag("down syndrome")
    True
    >>> word_bag("gout")
    ''
    """
    terms = sorted({plain_term(w) for w in key.split() if w not in SMALL_WORDS})
    return " ".join(terms) if len(terms) > 1 else ""


class MedicalStemFilter(Filter):
    """Porter-stem plain words only; codes, numbers and short words pass."""

    def __init__(self) -> None:
        # Pickled with the schema: the index says which rules made its terms.
        self.rules = STEM_RULES

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not getattr(t, "acronym", False):
                t.text = plain_term(t.text)
            yield t


#: What :func:`index_terms` gives for one term: the term as UTF-8, its
#: frequency, its weight and its encoded positions, as Whoosh's
#: ``FieldType.index`` gives them for a ``Positions`` field.
IndexedTerm = tuple[bytes, int, float, bytes]


def index_terms(value: str) -> tuple[IndexedTerm, ...]:
    """The terms ``value`` is indexed as in a searched field, with the same
    frequencies, weights and encoded positions as Whoosh's
    ``field.index(value)`` through :func:`medical_analyzer` (a test compares
    them on every text of the sample corpus).

    Why a second path: Whoosh runs the tokenizer, the stem filter, a
    stop-word generator and the positions format as four chained generators
    passing one Token object, and that was 28 % of a full build's py-spy
    samples. This one loop does the same work on plain strings. The title
    and names are indexed again in every section of an entry and the
    generic question variants recur, so the answers of recent values are
    kept (:func:`_cached_terms`).

    >>> [(t, n, w) for t, n, w, _ in index_terms("COVID-19 ablations, COVID")]
    [(b'covid-19', 1, 1.0), (b'covid', 2, 2.0), (b'19', 1, 1.0), (b'ablat', 1, 1.0), (b'^covid', 1, 1.0)]
    """  # noqa: E501
    return _cached_terms(value) if len(value) <= _CACHED_CHARS else _terms(value)


def _terms(value: str) -> tuple[IndexedTerm, ...]:
    value = indexed_text(value)
    poses: dict[str, list[int]] = {}
    if BOOST not in value:
        # Every boost is 1.0, so a term's weight, their sum, is its count.
        _plain_words(value, poses)
        return tuple(
            (term.encode(), len(found), float(len(found)), _encode(found))
            for term, found in poses.items()
        )
    weights: dict[str, float] = {}
    pos = 0
    for part in value.split(SEGMENT):
        boost, _, text = part.partition(BOOST)
        last = _index_words(text, pos, float(boost), poses, weights)
        pos = max(pos, last) + POSITION_GAP
    return tuple(
        (term.encode(), len(found), weights[term], _encode(found))
        for term, found in poses.items()
    )


#: Values longer than this (section bodies) are analysed afresh: they
#: rarely recur, and would only push the short ones out of the cache.
_CACHED_CHARS = 2_000
_cached_terms = lru_cache(maxsize=4_096)(_terms)


def _encode(positions: list[int]) -> bytes:
    """Whoosh's ``Positions.encode``: a count, then the pickled deltas.

    >>> from whoosh.formats import Positions
    >>> all(_encode(p) == Positions().encode(p) for p in ([5], [5], [0, 3, 70_000]))
    True
    """
    if len(positions) == 1 and positions[0] < _SINGLES:
        # Most terms of a document: each position's encoding made once.
        one = _SINGLE.get(positions[0])
        if one is None:
            one = _SINGLE[positions[0]] = pack_uint(1) + dumps(positions, 2)
        return one
    deltas = [b - a for a, b in zip([0, *positions], positions, strict=False)]
    return pack_uint(len(deltas)) + dumps(deltas, 2)


#: A single position's encoding, by position, for the first positions.
_SINGLE: dict[int, bytes] = {}
_SINGLES = 100_000


def _plain_words(value: str, poses: dict[str, list[int]]) -> None:
    """:func:`_index_words` for a value with no weights (most of them)."""
    pos = 0
    known = _WORD_TERMS
    for raw in _TOKEN.findall(value):
        found = known.get(raw)
        if found is None:
            if len(known) >= _KNOWN_WORDS:
                known.clear()
            found = known[raw] = _word_terms(raw)
        terms, step = found
        for term, offset in terms:
            where = poses.get(term)
            if where is None:
                poses[term] = [pos + offset]
            else:
                where.append(pos + offset)
        pos += step


def _index_words(
    value: str,
    pos: int,
    boost: float,
    poses: dict[str, list[int]],
    weights: dict[str, float],
) -> int:
    """:meth:`MedicalTokenizer._words` then :class:`MedicalStemFilter`, in
    index mode, adding each term's positions and boosts to ``poses`` and
    ``weights``.

    :returns: the last position given (``pos`` if none), as the tokenizer
        tracks it between the parts of a weighted value.
    """
    last = pos
    known = _WORD_TERMS
    for raw in _TOKEN.findall(value):
        found = known.get(raw)
        if found is None:
            if len(known) >= _KNOWN_WORDS:
                known.clear()
            found = known[raw] = _word_terms(raw)
        terms, step = found
        for term, offset in terms:
            at = pos + offset
            where = poses.get(term)
            if where is None:
                poses[term] = [at]
                weights[term] = boost
            else:
                where.append(at)
                weights[term] += boost
            last = at if at > last else last
        pos += step
    return last


def is_code(word: str) -> bool:
    """Whether a word is an all-capitals code ("MI", "HCC", "AIDS"), which
    is also indexed case-marked and never stemmed."""
    return 2 <= len(word) <= 6 and word.isupper() and word.isalnum()


#: What each word as written is indexed as (:func:`_word_terms`): a
#: vocabulary, so bounded only loosely (about 100 MB at this many words).
_WORD_TERMS: dict[str, tuple[tuple[tuple[str, int], ...], int]] = {}
_KNOWN_WORDS = 500_000


def _word_terms(raw: str) -> tuple[tuple[tuple[str, int], ...], int]:
    """The terms one token of :data:`TOKEN_PATTERN` is indexed as, each with
    its position after the token's own, and how far the next token moves.

    >>> _word_terms("COVID-19"), _word_terms("MI"), _word_terms("the")
    (((('covid-19', 0), ('covid', 0), ('19', 1)), 2), ((('mi', 0), ('^mi', 0)), 1), ((), 0))
    """  # noqa: E501
    text = raw.lower()
    if not text.isascii():
        text = text.translate(_FOLD)
    text = without_clitic(text)
    if text is None or text in STOP_WORDS:
        return (), 0
    if is_code(raw):
        return ((text, 0), (ACRONYM + text, 0)), 1
    if "-" in text or "." in text:
        parts = [p for p in text.replace(".", "-").split("-") if p]
        terms = [(plain_term(text), 0)]
        terms += [
            (plain_term(part), i)
            for i, part in enumerate(parts)
            if part not in STOP_WORDS
        ]
        return tuple(terms), max(len(parts), 1)
    return ((plain_term(text), 0),), 1


def stem_rules(analyzer: Analyzer) -> int:
    """The :data:`STEM_RULES` an index's analyzer was written with (1 for an
    index written before they were recorded)."""
    for item in getattr(analyzer, "items", ()):
        if isinstance(item, MedicalStemFilter):
            return vars(item).get("rules", 1)
    return 0


def medical_analyzer() -> Analyzer:
    """The analyzer for section text, titles and names."""
    return MedicalTokenizer() | MedicalStemFilter()


#: Words that carry no medical meaning in a question or a pasted message.
FILLER = (
    frozenset(
        """what whats which who how many much does did do can could would should is
    are was were be been being the a an of for to in on at by with about from
    and or not no yes please tell me my mine our your his her their they them
    told say said says know known knew want wanted need needs get gets got
    getting help there here this that these those it its also just really very
    so some any all other others thing things way ways someone asked ask
    question questions answer answers information info regarding
    like think worried worry concerned hi hello thanks thank dear
    im ive dont cant wont didnt doesnt isnt wasnt sir madam vs versus
    keep keeps kept keeping helps helped helping asks asking tells telling
    wants wanting needed knows knowing worries worrying
    mean means meant meaning lot lots always constantly sometimes usually
    often pls plz wat shud thx cuz coz u ur
    good bad better best worse worst ok okay""".split()
    )
    | STOP_WORDS
)

#: A word as a query is read: compounds and abbreviations with dots whole.
WORD = re.compile(r"\w+(?:[-.']\w+)*")


_ANALYZER = medical_analyzer()


def analyse(text: str) -> list[str]:
    """Terms of ``text`` as a query searches them (compounds stay whole)."""
    return list(_analysed(text))


#: A word typed without its apostrophe is read as a possessive only past
#: this many letters ("hers" is no one's; see
#: :meth:`~indexer.eponyms.Eponyms.possessive`).
MIN_UNMARKED_POSSESSIVE = 4


def may_be_possessive(word: str) -> bool:
    """Whether a word in small letters may be a possessive typed without its
    apostrophe: longer than :data:`MIN_UNMARKED_POSSESSIVE` letters and
    ending in one "s" ("crohns", not "hers" or "illness").

    >>> may_be_possessive("crohns"), may_be_possessive("hers"), may_be_possessive("illness")
    (True, False, False)
    """  # noqa: E501
    return (
        len(word) > MIN_UNMARKED_POSSESSIVE
        and word.isalpha()
        and word.endswith("s")
        and not word.endswith("ss")
    )


def one_word_left(name: str) -> bool:
    """Whether a name of several words is searched as one word, its small
    words left out: "throw up" as "throw", which means something else. A
    compound is one word as written ("X-rays": "x-ray"), and a word said
    twice is two ("Self-harm Self-harm" in a pasted text).

    >>> one_word_left("throw up"), one_word_left("X-rays")
    (True, False)
    >>> one_word_left("heart attack"), one_word_left("Self-harm Self-harm")
    (False, False)
    """
    return len(analyse(name)) < min(2, len(name.split()))


@lru_cache(maxsize=65_536)
def _analysed(text: str) -> tuple[str, ...]:
    """:func:`analyse`, remembered: planning asks it of the same words and
    names again and again, within a message and across queries. Each
    call is a run of the token pipeline: the 150 long questions of the
    bench mix at ten MedQuADs asked it 10,400 times, 2.0 ms a question,
    0.3 ms remembered.

    A word whose stem is a stop word ("downs", "ups") is dropped as the
    stop word is: "Down syndrome" is indexed as *syndrome*, and `downs
    syndrome` searched "down" too, which only the few texts that write
    "Downs syndrome" hold (*Microcephaly* came first)."""
    return tuple(
        t.text for t in _ANALYZER(text, mode="query") if t.text not in STOP_WORDS
    )
