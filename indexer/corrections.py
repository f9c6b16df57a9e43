"""Misspelt words in a query: which to correct, and to what.

The speller (:mod:`indexer.spelling`) ranks the spellings near a word the
texts lack; what a word is read as also depends on the words around it
and on how the texts and people write it: a word that is part of a name
as typed is no misspelling ("throwing up"), a spelling that makes a name
with its neighbours wins ("hart attack"), the neighbours weigh the rest
("cancer strage": stage), a word run together is split ("sleepapnea"),
the texts' own rare slips are read as the words they slip ("symtoms"), and
an everyday word the texts lack is offered, not searched ("prostrate").
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from .analysis import FILLER, SMALL_WORDS, STOP_WORDS, WORD, analyse, plain_term
from .codes import CODE_LETTERS
from .concepts import word_concept
from .names import name_key
from .naming import (
    SPLIT_COUNT,
    SPLIT_SHARE,
    Namer,
    written_over,
)
from .plan import SHORT_QUERY_WORDS
from .spelling import (
    FREQUENCY_WEIGHT,
    SLIP_COUNT,
    cut_short,
    edit_limit,
    edits,
    same_case,
    sounds,
    start_slips,
)
from .wordforms import RUN_TOGETHER, spelling_variants

#: How much the words around a misspelt word weigh in choosing its
#: spelling, per tenfold likelier (see :meth:`Corrector._in_context`): as
#: much as a tenfold commoner word does in the speller's own rank
#: (:data:`~indexer.spelling.FREQUENCY_WEIGHT`).
CONTEXT_WEIGHT = FREQUENCY_WEIGHT
#: Texts' worth of smoothing towards a context word's share of all texts:
#: a candidate in fewer texts than this says little about its neighbours.
CONTEXT_PRIOR = 50
#: How far from a misspelt word its context words may be.
CONTEXT_WORDS = 3
#: The index writes a word's American spelling at least this many times as
#: often as the word itself: then the word is read as that.
VARIANT_SHARE = 4
#: Letters a word needs before it is tried as two run together ("xray").
MIN_SPLIT_LETTERS = 4
#: A word the texts never write, known only by its stem, is read as its
#: nearest spelling when that is written this many times as often as the
#: stem's sections ("migrane", not *migrans*; see ``Corrector._stem_by_chance``).
STEM_CHANCE = 10
#: Sections that must write a code as one word ("B12") before its letters
#: and number typed apart are read as it (see ``Corrector._code_apart``):
#: one text's "type1" is a slip, not the texts' way of writing it.
MIN_CODE_SECTIONS = 2
#: A word the texts write once or twice is their slip of a word one edit
#: off that they write this many times as often (see
#: ``Corrector._slip_in_texts``).
SLIP_SHARE = 100
#: A word the texts write, typed inside a name but for one edit, is a slip
#: of the name's word unless the texts write the pair as typed at least a
#: tenth as often (see ``Corrector._written_as_typed``).
PAIR_SHARE = 10
#: Texts that must write a spelling beside a word typed next to it before
#: a word one edit off it is read as that spelling (see
#: ``Corrector._slip_beside``).
MIN_PAIR = 3
_VOWELS = re.compile("[aeiouy]")


class Corrector:
    """Reads the misspelt words of a query against one index snapshot.

    :param namer: the snapshot's names, as a query reads them, with its
        speller and section counts.
    :param together: for two terms, how many texts hold the first, the
        second and both, and how many texts there are (none: a misspelt
        word's candidates are weighed without the words around it).
    :param adjacent: how many texts write the second term right after the
        first (none: a slip inside a name is read without that evidence).
    """

    def __init__(
        self,
        namer: Namer,
        together: Callable[[str, str], tuple[int, int, int, int]] | None = None,
        adjacent: Callable[[str, str], int] | None = None,
    ) -> None:
        self.namer = namer
        self.names = namer.names
        self.speller = namer.speller
        self.df = namer.df
        self.together = together
        self.adjacent = adjacent
        # Words read as typed whatever stands around them (known, numbers,
        # codes, stop words): most of a message, asked again and again.
        self._as_typed: set[str] = set()

    def correct(self, words: list[str], text: str = "") -> tuple[list[str], list[str]]:
        """The words to search, corrected, and the words to offer ("did you
        mean"): those and, in a query, the likeliest spelling of an everyday
        word the texts lack, which is searched as typed (`prostrate
        problems` offers "prostate problems"; `farting`, "fasting").

        :param text: the words as typed (whether a word is capitalised
            inside a sentence).
        """
        proper: frozenset[int] | None = None  # read when a word needs it
        out = list(words)
        offered: dict[int, str] = {}
        keys: list[str] | None = None
        joined = self._joined(words)
        if len(words) <= SHORT_QUERY_WORDS:
            keys = [name_key(w) for w in words]
            joined |= self._slips_in_names(words, keys)
        if len(self._as_typed) > 50_000:
            self._as_typed.clear()
        for i, word in enumerate(words):
            if i in joined:
                out[i] = joined[i]
                continue
            if word in self._as_typed:
                continue  # 0.3 ms of a long question's planning, read anew
            unhyphened = self.namer.unhyphened(word)
            if unhyphened is not None:
                keys = keys or [name_key(w) for w in words]
                if not self.namer.in_a_name(words, keys, i):  # "anti-platelet drugs"
                    out[i] = unhyphened
                    continue
            if word.isupper() and len(word) <= CODE_LETTERS:
                if unhyphened is None:
                    self._as_typed.add(word)
                continue  # codes are not misspelt words
            rare = self._rare(word)
            if rare:
                # Two words run together, where the two make a name
                # ("xray", "type2 diabetes", "sleepapnea"): a text or two
                # may hold the run, as an address does ("heartattack").
                split = self._split(out, i)
                if split is not None:
                    out[i] = split
                    if split[:1].isdigit() or self.speller.everyday(word):
                        # A number and its unit spaced as the texts write
                        # them are searched so, but are no spelling to
                        # offer: "Did you mean metformin 500 mg?"; nor is
                        # a word people write, searched as the name it is
                        # run together from ("lightheaded": "Did you mean
                        # light headed?", which lists the same page).
                        offered[i] = word
                    continue
                apart = self._run_together(word)
                if apart is not None:
                    offered[i] = same_case(word, apart)
                    # Its small words say nothing searched ("a" of "a lot").
                    said = [w for w in apart.split() if w not in SMALL_WORDS]
                    out[i] = " ".join(said) or apart
                    continue
            # Read as typed from here on by the word alone, unless a part of
            # it was a word of its own or it may be two run together.
            alone = unhyphened is None and not rare
            if any(ch.isdigit() for ch in word) or not analyse(word):
                # Nor are numbers; nor words nothing of which is searched
                # ("the", "wouldn't").
                if alone:
                    self._as_typed.add(word)
                continue
            fixed = self._american(word)
            if fixed is None and self.speller.count(word) > SLIP_COUNT:
                # A word the texts write is what it says: the common case,
                # settled before the rarer words' tests (a long question has
                # some forty such words).
                if alone:
                    self._as_typed.add(word)
                continue
            if fixed is None:
                if self.namer.derived(word) or (
                    self.namer.known(word)
                    and not self._stem_by_chance(word)
                    and not self._slip_in_texts(word)
                ):
                    # The index knows it, its stem or its source; but a word
                    # it knows by its stem alone is a slip where a spelling
                    # makes a name with the words around it.
                    fixed = self._slip_of_a_name(out, i) or self._slip_beside(out, i)
                    if fixed is None:
                        continue
                else:
                    if proper is None:
                        proper = _capitalised_inside(text)
                    fixed = self._correction(out, i, proper=i in proper)
            offer = None
            if fixed is None and len(words) <= SHORT_QUERY_WORDS:
                offer = self._offer(out, i)
                if (
                    offer is not None
                    and edits(word, offer) == 1
                    and set(sounds(word)) & set(sounds(offer))
                ):
                    # Another spelling of one word ("aneurism": aneurysm),
                    # not another word ("farting": fasting; "burnout", which
                    # sounds as the name "burnett" two letters off): searched.
                    fixed, offer = offer, None
            if fixed is None and offer is None:
                continue
            # Asked only of a word the speller would change: most unknown
            # words of a message are small words ("of", "is") with no
            # correction, and the runs around each cost a long question at
            # ten MedQuADs some 1.5 ms of name lookups.
            if keys is None:
                keys = [name_key(w) for w in words]
            if self.namer.in_a_name(words, keys, i):
                continue  # "throwing up" is a name though no text says "throwing"
            if len(words) <= SHORT_QUERY_WORDS and self.namer.starts_clipped(
                words, keys, i
            ):
                continue  # "diab type 2" is a name cut short, not "dial type 2"
            if fixed is None:
                offered[i] = offer
            else:
                out[i] = fixed
        if keys is not None and len(words) <= SHORT_QUERY_WORDS:
            for i, meant in self._slipped_beginnings(words, keys).items():
                if out[i] == words[i]:
                    offered.setdefault(i, meant)
        return out, [offered.get(i, w) for i, w in enumerate(out)]

    def _slips_in_names(self, words: list[str], keys: list[str]) -> dict[int, str]:
        """Word place -> the word a name has there, where a word the texts
        write is a slip of it (:meth:`~indexer.naming.Namer.slipped_name`:
        "side affects", "irritable bowl syndrome"). In queries: a pasted
        message's runs are many, and its words more often what they say.
        """
        found: dict[int, str] = {}
        for i in range(len(words)):
            slipped = self.namer.slipped_name(keys, i)
            if slipped is None:
                continue
            j, meant = slipped
            word = words[j]
            if self.speller.count(word) > SLIP_COUNT or self.speller.everyday(word):
                if not self._written_as_typed(keys[i:j], keys[j], meant):
                    found[j] = same_case(word, meant)
        return found

    def _slipped_beginnings(self, words: list[str], keys: list[str]) -> dict[int, str]:
        """Word place -> the word one edit off it that begins a name with
        the words after it (:meth:`~indexer.naming.Namer.slipped_beginning`),
        where no text writes the pair as typed, or the texts write it as
        meant at least :data:`MIN_PAIR` times and :data:`PAIR_SHARE` times
        as often: "long cancer" offers lung cancer (127 texts, against 1),
        "heat attack" heart attack (243, against none), "familiar
        hyperlysinemia" the name no text writes.

        Offered, not searched: a name's first word anchors nothing, and a
        word the texts write is as often what it says. "is fibromyalgia a
        real disease" meets the same evidence (46 texts write "renal
        disease", none "real disease").
        """
        found: dict[int, str] = {}
        if self.adjacent is None:
            return found
        for i, key in enumerate(keys[:-1]):
            if (
                key in STOP_WORDS
                or not key.isalpha()
                or self.speller.count(key) <= SLIP_COUNT
            ):
                continue  # a rare word is corrected as misspelt, not here
            _, beside = _beside(keys, i)
            if beside is None:
                continue
            after = beside[1]
            meant = self.namer.slipped_beginning(keys, i)
            if meant is None:
                continue
            as_typed = self.adjacent(plain_term(key), plain_term(after))
            if as_typed:
                as_meant = self.adjacent(plain_term(meant), plain_term(after))
                if as_meant < MIN_PAIR or as_meant < PAIR_SHARE * as_typed:
                    continue  # the texts write it so: it says what it means
            found[i] = same_case(words[i], meant)
        return found

    def _written_as_typed(self, before: list[str], typed: str, meant: str) -> bool:
        """Whether the texts write ``typed`` after the word before it at
        least :data:`PAIR_SHARE` times as often as ``meant``, which the name
        has there: "bladder stores urine" (23 texts, "bladder stones" 12)
        and "swallowing difficult" (4 against 34) say what they mean; "side
        affects" (4 against 372) is a slip."""
        said = [k for k in before if k and k not in STOP_WORDS]
        if self.adjacent is None or not said:
            return False
        first = plain_term(said[-1])
        as_typed = self.adjacent(first, plain_term(typed))
        return as_typed * PAIR_SHARE >= self.adjacent(first, plain_term(meant))

    def _offer(self, words: list[str], i: int) -> str | None:
        """The likeliest spelling of word ``i``, an everyday word the texts
        lack, to offer and not search: a word people write ("prostrate",
        "farting") may be a typo of a word of the texts, or what was meant.
        """
        word = words[i]
        if not self.speller.everyday(word):
            return None
        concept = word_concept(word, word)
        if concept is None or any(map(self.df, concept.terms)):
            return None  # found as it is, or in its other number ("calculus")
        # A slip of the keys, not a word that sounds alike further off: a
        # word people write was not spelt by ear (`squat` was offered as
        # "sctat", which two texts write). Or the word it begins: `schizo`
        # offers schizophrenia. Two slips only where a word beside it says
        # so: of the 7,300 everyday words two edits from a word of
        # MedQuAD's texts, most are other words ("deserve": desire,
        # "limousine": lidocaine), and a place was offered as a nerve
        # ("I live in Phoenix": phrenic).
        limit = edit_limit(word)
        for choice in self._choices(word):
            if cut_short(word, choice):
                return same_case(word, choice)
            distance = edits(word, choice)
            if distance == 1 or (
                distance <= limit and self._written_beside(words, i, choice)
            ):
                return same_case(word, choice)
        return None

    def _joined(self, words: list[str]) -> dict[int, str]:
        """Pairs of words that are one word of the texts written apart
        ("gall bladder": gallbladder), as the word (at the first) and ""
        (at the second): the joined word is in the texts more than
        :data:`SPLIT_COUNT` times and :data:`SPLIT_SHARE` times as often as
        the rarer of the two, which is then no word of its own there
        ("heart beat", "health care" stay: the texts write both ways); or a
        code typed apart ("b 12", see :meth:`_code_apart`). Never a name's
        words as written."""
        found: dict[int, str] = {}
        keys: list[str] | None = None
        for i in range(len(words) - 1):
            if i in found:
                continue
            joined = self._one_word(words[i], words[i + 1])
            if joined is None:
                continue
            keys = keys or [name_key(w) for w in words]
            if self.namer.in_a_name(words, keys, i, span=2):
                continue  # a name's words as written: "Simosa cranio facial"
            found[i], found[i + 1] = joined, ""
        return found

    def _one_word(self, a: str, b: str) -> str | None:
        """The one word of the texts two typed words are, if any: a word
        written apart ("gall bladder") or a code (:meth:`_code_apart`)."""
        if a.isalpha() and b[:1].isdigit() and b.isalnum():
            return self._code_apart(a, b)
        if not (a.isalpha() and b.isalpha()):
            return None
        if a.lower() in STOP_WORDS or b.lower() in STOP_WORDS:
            return None
        count = self.speller.count(a + b)
        rarer = min(self.speller.count(a), self.speller.count(b))
        return same_case(a, (a + b).lower()) if written_over(count, rarer) else None

    def _code_apart(self, letters: str, number: str) -> str | None:
        """A code typed with its letters and its number apart, as the code
        ("vitamin b 12": B12, "brca 1 mutation": BRCA1, "hba 1c"): the
        texts write it as one word in more sections than hold the two parts
        anywhere apart. "type 1" and "stage 3" stay two words: the texts
        write them apart, and seldom or never as one.
        """
        if self.together is None or len(letters) > CODE_LETTERS:
            return None
        if letters.lower() in STOP_WORDS:
            return None
        code = (letters + number).lower()
        held = self.df(code)
        if held < MIN_CODE_SECTIONS:
            return None
        _, _, apart, _ = self.together(plain_term(letters.lower()), number.lower())
        return code if held > apart else None

    def _correction(
        self, words: list[str], i: int, *, proper: bool = False
    ) -> str | None:
        """What the speller reads word ``i`` as, or None if it changes nothing.

        :param words: the words, those before ``i`` already corrected.
        :param proper: the word is written with a capital inside a sentence,
            as a name is: one the index lacks (a brand, a place, a person:
            "Ambien", "Kroger", "Safeway") is no typo of a word two edits
            off ("amnion", "krieger", "safety"), so such a word is
            read only as a spelling one edit off or one that makes a name
            with the words around it ("Beckwith-Wieddeman Syndrome").
        """
        word = words[i]
        if not word.isalpha():  # a compound: each part on its own
            owner = word[:-2] if word[-2:].lower() == "'s" else ""
            if owner.isalpha() and self.speller.everyday(owner):
                return None  # "my wife's ankles": no "wide's", as "wife" alone
            fixed = self.speller.correct(word)
            if fixed and proper and edits(word, fixed) > 1:
                return fixed if self.namer.naming(words, i, (fixed,)) else None
            return fixed
        choices = self._choices(word)
        if not choices:
            return None
        if self.speller.everyday(word):
            # A word people write, which the texts lack ("farting", not
            # "fasting"), unless a spelling near it makes a name with the
            # words around it ("hart attack": heart attack).
            choice = self.namer.naming(words, i, choices)
            return None if choice is None else same_case(word, choice)
        named = self.namer.naming(words, i, choices)
        if named:
            return same_case(word, named)
        choice = self._in_context(words, i, choices)
        if proper and (edits(word, choice) > 1 or choice in start_slips(word.lower())):
            # A name's first letter is written with care: a brand the
            # index lacks, "Trulicity", is no slip of *toxicity*.
            return None
        if self._slip_in_texts(choice):
            # A spelling that is the texts' own typo stands for the word it
            # slips: "hemmorage" is nearest "hemmorrhage" (once), which is
            # "hemorrhage" (196 times).
            choice = self._choices(choice)[0]
        return same_case(word, choice)

    def _in_context(self, words: list[str], i: int, choices: tuple[str, ...]) -> str:
        """The likeliest of ``choices`` for word ``i`` given the nearest
        word on each side that some text holds: "cancer strage" is "cancer
        stage", "iron strage" "iron storage". In queries, not messages.

        A noisy channel, as spelling correctors weigh words by a language
        model: the speller's rank (edits, sound, the word's count) less
        :data:`CONTEXT_WEIGHT` times the log of how likely each context
        word is in a text that holds the choice, smoothed towards its
        share of all texts (:data:`CONTEXT_PRIOR` texts' worth): a choice
        in few texts says little, one common choice that the context words
        never meet loses to a rarer one they often do.
        """
        if self.together is None or len(choices) < 2 or len(words) > SHORT_QUERY_WORDS:
            # A pasted message's typos are many and each reads the postings
            # of its spellings: at ten MedQuADs a message of seventy slips
            # took 80 ms against 42 (and none of LiveQA's messages read
            # differently with their context).
            return choices[0]
        context = self._context_terms(words, i)
        if not context:
            return choices[0]
        ranked = dict(self.speller.ranked(words[i], rare_too=True))

        def rank(choice: str) -> float:
            terms = analyse(choice) or (choice,)
            score = ranked.get(choice, 0.0)
            for term in context:
                held, near, both, texts = self.together(terms[0], term)
                likely = (both + CONTEXT_PRIOR * near / max(texts, 1)) / (
                    held + CONTEXT_PRIOR
                )
                score -= CONTEXT_WEIGHT * math.log10(max(likely, 1e-9))
            return score

        return min(choices, key=lambda choice: (rank(choice), choices.index(choice)))

    def _context_terms(self, words: list[str], i: int) -> list[str]:
        """The terms of the nearest word before and after word ``i`` (at
        most :data:`CONTEXT_WORDS` away) that is no filler and some text
        holds."""
        found = []
        for side in (
            range(i - 1, max(-1, i - 1 - CONTEXT_WORDS), -1),
            range(i + 1, min(len(words), i + 1 + CONTEXT_WORDS)),
        ):
            for j in side:
                if words[j].lower() in FILLER:
                    continue
                terms = [term for term in analyse(words[j]) if self.df(term)]
                if terms:
                    found.append(terms[0])
                    break
        return found

    def _slip_of_a_name(self, words: list[str], i: int) -> str | None:
        """Word ``i``, which the texts write at most
        :data:`~indexer.spelling.SLIP_COUNT` times though they write its
        stem, as the spelling near it that makes a name with the words
        around it and is written :data:`STEM_CHANCE` times as often as the
        stem's sections ("congenital haring loss": *hearing loss*, where
        "haring" is a hare's, three texts; "permanent brian damage": *brain
        damage*, though people write "Brian"; not "bladder storees urine",
        whose stem, "store", is common, as *bladder stones*), or None. In
        queries, not pasted messages."""
        word = words[i]
        if self.speller.count(word) > SLIP_COUNT or not word.isalpha():
            return None
        if len(words) > SHORT_QUERY_WORDS:
            # A pasted message's rare words are mostly rare terms, each a
            # name lookup of every run around it (a long question's plan
            # +0.2 ms; none of LiveQA's messages read differently by it).
            return None
        choice = self.namer.naming(words, i, self._choices(word))
        if choice is None:
            return None
        if self.speller.count(choice) < STEM_CHANCE * self._stem_sections(word):
            return None
        return same_case(word, choice)

    def _slip_beside(self, words: list[str], i: int) -> str | None:
        """Word ``i``, which the texts write at most
        :data:`~indexer.spelling.SLIP_COUNT` times, as its nearest spelling
        when the texts write that beside a word next to it at least
        :data:`MIN_PAIR` times and :data:`PAIR_SHARE` times as often as the
        pair typed, and the spelling :data:`STEM_CHANCE` times as often as
        the word's stem's sections: "alzheimers early sings" is early
        *signs* (80 texts write "early signs", none "early sings"; "sings"
        was searched as "sing", which one text about voice disorders
        writes). A word people write is also a slip of one: the words
        around it say which. In queries, not pasted messages (see
        :meth:`_slip_of_a_name`)."""
        word = words[i]
        if (
            self.adjacent is None
            or len(words) > SHORT_QUERY_WORDS
            or not word.isalpha()
            or self.speller.count(word) > SLIP_COUNT
        ):
            return None
        choices = self._choices(word)
        if not choices or edits(word, choices[0]) > 1:
            return None
        choice = choices[0]
        if self.speller.count(choice) < STEM_CHANCE * self._stem_sections(word):
            return None
        if _VOWELS.sub("", word.lower()) == _VOWELS.sub("", choice):
            return None  # another tense of one verb: "i drank alcohol" (drink)
        if not self._written_beside(words, i, choice):
            return None
        return same_case(word, choice)

    def _written_beside(self, words: list[str], i: int, choice: str) -> bool:
        """Whether the texts write ``choice`` beside a word next to word
        ``i`` at least :data:`MIN_PAIR` times and :data:`PAIR_SHARE` times
        as often as the pair typed: the words around a slip say what was
        meant ("early sings": 80 texts write "early signs")."""
        if self.adjacent is None:
            return False
        typed, meant = plain_term(words[i].lower()), plain_term(choice)
        for pair in _beside(words, i):
            if pair is None:
                continue
            before, other = pair[0], plain_term(pair[1].lower())
            as_meant = self.adjacent(*((other, meant) if before else (meant, other)))
            as_typed = self.adjacent(*((other, typed) if before else (typed, other)))
            if as_meant >= MIN_PAIR and as_meant >= PAIR_SHARE * as_typed:
                return True
        return False

    def _choices(self, word: str) -> tuple[str, ...]:
        """The speller's candidates for ``word``, but a code only for its
        letters in another order ("cpod": COPD). A code is copied, so its
        letters slip out of order rather than change, and a word a letter
        more or less than a code is more often a word the texts lack
        ("covid" is no CVID)."""
        letters = sorted(word.lower())
        return tuple(
            choice
            for choice in self.speller.candidates(word, rare_too=True)
            if sorted(choice) == letters or not self.namer.codes.is_code(choice)
        )

    def _rare(self, word: str) -> bool:
        """Whether the texts seldom write the word (:data:`SPLIT_COUNT`: a
        web address may run words together, "heartattack")."""
        return len(word) > 2 and self.speller.count(word) <= SPLIT_COUNT

    def _sections(self, word: str) -> int:
        """How many sections hold the word (its rarest term)."""
        return min((self.df(t) for t in analyse(word)), default=0)

    def _split(self, words: list[str], i: int) -> str | None:
        """Word ``i`` as two words, where the two make a name with the words
        around them: "xray" (*X-rays*), "sleepapnea", "type2 diabetes". The
        first cut that does, letters from digits first; None if none does.
        In a query (not a message), a number and its unit run together
        ("800mg") are two words wherever no section writes them as one: a
        dose, as the texts write it ("800 mg"), never a name.
        """
        word = words[i]
        held = None  # the run's own sections, asked once a cut may do
        cuts = [
            n for n in range(1, len(word)) if word[n - 1].isdigit() != word[n].isdigit()
        ]
        if word.isalpha() and len(word) >= MIN_SPLIT_LETTERS:
            cuts += range(1, len(word))
        for n in dict.fromkeys(cuts):
            after = word[n:]
            dose = word[:n].isdigit() and after.isalpha() and _unit(after)
            if dose and len(words) <= SHORT_QUERY_WORDS:
                # A number and its unit ("mg", too short for the speller);
                # in a message a dose is chatter, and stays unsearched.
                if not self._sections(word) and self._sections(after) > SPLIT_COUNT:
                    return f"{word[:n]} {after}"
            if not (self._part(word[:n], first=True) and self._part(word[n:])):
                continue  # a name's words are words of the index
            if held is None:
                held = max(1, self._sections(word))
            if min(map(self._sections, (word[:n], word[n:]))) < SPLIT_SHARE * held:
                continue  # a rare word of its own ("pseudoainhum" is no "ainhum")
            trial = [*words[:i], word[:n], word[n:], *words[i + 1 :]]
            if self.namer.in_a_name(
                trial, [name_key(w) for w in trial], i, span=2
            ) or self.names.begins_a_name(name_key(f"{word[:n]} {word[n:]}")):
                return f"{word[:n]} {word[n:]}"
        return None

    def _run_together(self, word: str) -> str | None:
        """The two words of a word people run together (:data:`RUN_TOGETHER`)
        where the texts never write it so, or None."""
        apart = RUN_TOGETHER.get(word.lower())
        return apart if apart and not self.speller.count(word) else None

    def _part(self, part: str, first: bool = False) -> bool:
        """Whether a part of a split word may be a word of a name: a number,
        a word the texts write, or a lone first letter ("x ray")."""
        return part.isdigit() or self.speller.known(part) or (first and len(part) == 1)

    def _stem_by_chance(self, word: str) -> bool:
        """Whether the index knows a word only by a stem another, rarer
        word shares, next to a spelling far commoner than that stem:
        "migrane" stems as *erythema migrans* does (7 sections), one edit
        from "migraine" (280 times). A word the texts write, or whose stem
        is common ("biopsied": biopsy), is what it says."""
        if self.speller.known(word) or self.speller.everyday(word):
            return False
        # Not "retired" for "required" (two edits): a word the texts lack.
        choices = self._choices(word)
        if not choices or edits(word, choices[0]) > 1:
            return False
        # The spelling as written, or its stem's sections as the word's are
        # counted: "migranes" is one edit from "migraines", which the texts
        # write 50 times, in 135 sections with "migraine".
        written = max(self.speller.count(choices[0]), self._stem_sections(choices[0]))
        return written >= STEM_CHANCE * self._stem_sections(word)

    def _slip_in_texts(self, word: str) -> bool:
        """Whether a word the texts write at most
        :data:`~indexer.spelling.SLIP_COUNT` times is their own slip of a
        word one edit off that they write :data:`SLIP_SHARE` times as
        often, and no word people write: "symtoms" (once) is "symptoms"
        (12,000 times), as "appearence" is "appearance" (342). An edit is
        worth a hundredfold count in the speller's own rank. A word people
        write stays ("drank", "strobe"); a rare term of the texts one edit
        from a common one may not ("acrocephaly", twice, reads as
        "macrocephaly", 231), but is searched too, as any typed word is."""
        count = self.speller.count(word)
        if not 0 < count <= SLIP_COUNT or self.speller.everyday(word):
            return False
        return self._one_edit_from(word, SLIP_SHARE * count)

    def _one_edit_from(self, word: str, written: float) -> bool:
        """Whether the speller's first spelling of ``word`` is one edit off
        and the texts write it at least ``written`` times."""
        choices = self._choices(word)
        return (
            bool(choices)
            and edits(word, choices[0]) <= 1
            and self.speller.count(choices[0]) >= written
        )

    def _stem_sections(self, word: str) -> int:
        """How many sections hold the word's stem (its commonest term)."""
        return max((self.df(t) for t in analyse(word)), default=0)

    def _american(self, word: str) -> str | None:
        """The word in the American spelling the index writes, when it
        writes that far more often (see
        :data:`~indexer.wordforms.SPELLING_VARIANTS`): British spellings
        found only a text or two ("anaemia", "tumour"), or none
        ("oesophagus", whose first letter the speller keeps)."""
        typed = self.speller.count(word)
        for form in spelling_variants(word):
            if (
                self.speller.count(form) >= VARIANT_SHARE * max(1, typed)
                and analyse(form)  # a word searched, not "for" for "four"
            ):
                return same_case(word, form)
        return None


def _capitalised_inside(text: str) -> frozenset[int]:
    """The numbers (in :data:`WORD`'s order) of the words written with a
    capital and then small letters that do not begin a sentence: a name's
    way of writing ("she uses Ambien at night").

    >>> sorted(_capitalised_inside("Ambien helps. She uses Ambien, and ambien? Yes"))
    [4]
    """
    found = []
    end = -1
    for n, match in enumerate(WORD.finditer(text)):
        word = match.group()
        starts = end < 0 or any(c in ".!?:\n" for c in text[end : match.start()])
        if not starts and word[:1].isupper() and any(c.islower() for c in word):
            found.append(n)
        end = match.end()
    return frozenset(found)


#: Letters after a number that make it an ordinal ("2nd"), not a quantity
#: and its unit.
_ORDINALS = frozenset({"st", "nd", "rd", "th"})


def _unit(letters: str) -> bool:
    """Whether letters typed after a number may be its unit ("mg", "ml"):
    not one letter ("100s", "3d") and no ordinal's."""
    return len(letters) >= 2 and letters.lower() not in _ORDINALS


def _beside(words: list[str], i: int) -> tuple[tuple[bool, str] | None, ...]:
    """The words either side of word ``i`` that are searched (small words
    are not indexed, so "signs of stroke" holds "signs" right before
    "stroke"): (True, the word before), (False, the word after), or None.

    >>> _beside(["early", "sings", "of", "stroke"], 1)
    ((True, 'early'), (False, 'stroke'))
    """
    before = next(
        (w for w in reversed(words[:i]) if w and w.lower() not in STOP_WORDS), None
    )
    after = next((w for w in words[i + 1 :] if w and w.lower() not in STOP_WORDS), None)
    return (
        None if before is None else (True, before),
        None if after is None else (False, after),
    )
