"""Codes in a query: which words are abbreviations the texts write in
capitals ("MRSA", "nph" typed small), and which capitals are only loud
("LIVER CANCER", "my BRAIN tumor").

The analyzer indexes a word written in capitals as its code as well as its
word, so a query's code finds the sections that write the code, not every
section that says the word. Whether a typed word is read so is weighed
here, from how often the texts write it each way; what a code then searches
(its spelt-out names) is :mod:`indexer.concepts`'s.
"""

from __future__ import annotations

from collections.abc import Callable

from .analysis import ACRONYM, analyse, plain_term
from .lru import MAX_REMEMBERED, remembered
from .spelling import Speller

#: A word in capitals this short is a code ("MRSA"), never a misspelling;
#: a longer one is shouted ("PNUEMONIA") and may be misspelt.
CODE_LETTERS = 5
#: A code typed in small letters is the code when the index's sections with
#: the word are at most this many times those with it in capitals; and the
#: everyday word, not the code, when its other sections outnumber the
#: code's by as much (see :func:`code_reading`).
CODE_SHARE = 1.25
AS_CODE, AS_WORD = "code", "word"
#: A word typed in capitals that the texts write at least this many times
#: for each section that writes it as a code in capitals is that word
#: (see :meth:`Codes.shouted`). Over MedQuAD's 3,209 codes, those that are
#: also everyday words and that people type as codes stand under 50 (PAD
#: 11, ADD 10, RICE 21, SAD 27, HCG 47), the words some heading or list
#: writes in capitals over 100 (CLICK 133, CHILD 260, SHORT 322, LOWER
#: 2,001): no text spells those out as codes, and MEN (multiple endocrine
#: neoplasia) is a name, which the capitals still name.
SHOUTED_SHARE = 100
#: The same for a code the texts spell out ("transjugular intrahepatic
#: portosystemic shunt (TIPS)"): read as the word only at this many. Of
#: MedQuAD's spelt-out codes over a hundred, TIPS (124) and SLC (198) are
#: what people mean by them; REDUCE (713, a trial), FIRST (1,071, a
#: foundation) and BRAIN (2,200, an initiative) are headings' words.
SPELT_OUT_SHARE = 500


class Codes:
    """Reads codes in one index snapshot.

    :param speller: how often the texts write a word.
    :param frequency: about how many sections hold a term.
    :param written: ``frequency`` as the texts write the term (a code in
        capitals the texts lack in none).
    """

    def __init__(
        self,
        speller: Speller,
        frequency: Callable[[str], int],
        written: Callable[[str], int],
    ) -> None:
        self.speller = speller
        self.df = frequency
        self.written = written
        # Word -> whether the index writes it mostly as a code (is_code).
        self._codes: dict[str, bool] = {}

    def is_code(self, word: str) -> bool:
        """Whether a word is an abbreviation: typed in capitals, or in small
        letters where the index writes it mostly in capitals ("nph")."""
        if not 1 < len(word) <= CODE_LETTERS or not word.isalnum():
            return False
        if word.isupper():
            return True
        # Asked of every word of a message: remembered (bounded).
        return remembered(self._codes, word, self._code_word, MAX_REMEMBERED)

    def shouted(self, word: str, spelt_out: bool = False) -> bool:
        """Whether a word typed in capitals, which would be searched as its
        code, is the everyday word the texts write far more often
        (:data:`SHOUTED_SHARE`, or :data:`SPELT_OUT_SHARE` for a code the
        texts spell out): "LIVER CANCER" among small letters found
        only the few sections that write "CANCER" in capitals (a heading),
        "BRAIN" one. A code people type ("PAD", "SAD", "HCG") stays the
        code."""
        if not word.isupper():
            return False
        terms = analyse(word)
        if not terms or not terms[0].startswith(ACRONYM):
            return False
        code = self.written(terms[0])
        share = SPELT_OUT_SHARE if spelt_out else SHOUTED_SHARE
        return self.speller.count(word) >= share * max(code, 1)

    def _code_word(self, word: str) -> bool:
        return self.mostly_code(word, plain_term(word.lower()))

    def mostly_code(self, word: str, plain: str) -> bool:
        """Whether the index writes ``word`` (its term ``plain``) mostly as
        its code in capitals (see :func:`code_reading`)."""
        return self.reading(word, plain) == AS_CODE

    def reading(self, word: str, plain: str) -> str | None:
        """:func:`code_reading` of ``word`` (its term ``plain``)."""
        terms = analyse(word.upper())
        code = self.written(terms[0]) if terms else 0
        return code_reading(self.df(plain), code)


def code_reading(sections: int, code: int) -> str | None:
    """How a word typed in small letters is read when the index also writes
    it as a code in capitals, from the sections holding the word (the
    code's among them: a code is indexed as its word too) and those holding
    the code: :data:`AS_CODE` ("nph", "copd"), :data:`AS_WORD` ("kid", "med"), or
    None where it is used both ways about as often ("pet"), or is no code.

    >>> code_reading(43, 43), code_reading(21, 5), code_reading(99, 65), code_reading(5, 0)
    ('code', 'word', None, None)
    """  # noqa: E501
    if not code:
        return None
    if sections <= CODE_SHARE * code:
        return AS_CODE
    if sections - code >= CODE_SHARE * code:
        return AS_WORD
    return None
