"""Query understanding: from what people type to a :class:`QueryPlan`.

People type keywords, alternative names, abbreviations, questions and whole
pasted messages with typos and chatter. A plain query is read into
*concepts*, each of which ranking scores on its own and combines softly (a
missing concept lowers a section's score but never empties the page):

1. *spelling*: a word the index's vocabulary lacks is read as the nearest
   frequent word (``Beckwith-Wieddeman`` as ``Beckwith-Wiedemann``);
2. *names*: the longest runs of words that are a title, an alternative name
   or a curated synonym become one concept, searched under each of its
   names (``heart attack`` also as ``myocardial infarction``), and the
   entries it names are known to ranking;
3. *filler*: question words and chatter go; every other word is a concept,
   and ranking's IDF and field weights decide how much it counts.

Nothing else is thrown away below :data:`MAX_CONCEPTS`: a message keeps
all its words, because dropping by rarity alone kept typos and names of
people and dropped what the message was about; past it, names and words of
titles go before chatter (:meth:`Planner._most_telling`). Quotes and
``AND``/``OR``/``NOT`` are query syntax only in short queries; inside a
long message they are just characters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from whoosh import qparser
from whoosh.query import NullQuery, Query

from . import schema as f
from .analysis import STOP_WORDS, is_code, medical_analyzer, plain_term, word_bag
from .names import MAX_NAME_WORDS, NameIndex, NameMatch, name_key
from .plan import (
    CORRECTION,
    PARTS,
    SHORT_QUERY_WORDS,
    SYNONYM,
    TYPED,
    Alternative,
    Concept,
    QueryPlan,
)
from .request import SearchRequest
from .spelling import FREQUENCY_WEIGHT, SLIP_COUNT, Speller, edits, same_case
from .wordforms import (
    derived_forms,
    digit_forms,
    each_unusual,
    number_forms,
    spelling_variants,
    unusual_forms,
)

# Words that carry no medical meaning in a question or a pasted message.
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
    often pls plz wat shud thx cuz coz u ur""".split()
    )
    | STOP_WORDS
)

WORD = re.compile(r"\w+(?:[-.']\w+)*")
#: What a message may hold that is no word of its question: an email
#: address, a web address, a telephone number (pasted signatures: "call
#: 555-123-4567", "john.smith@gmail.com" was offered as "gail.com").
ADDRESSES = re.compile(
    r"\S+@\S+\.\w+|(?:https?://|www\.)\S+|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b"
)
#: Runs of at most this many words are also looked up as names in any
#: order and without their small words (``Planner._name_of``): "ears
#: ringing", "cancer of the lung", "spinal muscular atrophy type I". Each
#: further length is one more lookup at every word of a message: planning
#: the bench mix cost 0.06 ms more a query at six, 0.3 ms at eight (all),
#: and four lost the generated sets' longer names.
MAX_BAG_WORDS = 6
#: Concepts searched at most: latency is linear in them, and past a point
#: a message's further words are chatter or words of every section. Real
#: messages (LiveQA dev) hold a median 9 and three in four at most 14;
#: Lucene's MoreLikeThis keeps 25 of a text. From 40 to 20 (the most
#: telling kept, see :meth:`Planner._most_telling`): LiveQA dev message
#: MAP@10 0.462 -> 0.471 (both halves up; 4 questions up, 1 down); the
#: bench mix's long questions at ten MedQuADs p50 25.1 / 25.5 -> 21.8 /
#: 21.6 ms, the mix's p95 30.1 / 30.6 -> 26.3 / 25.8 ms (two pairs).
MAX_CONCEPTS = 20
#: Left-out terms a notice names (a pasted text may leave out dozens).
NOTICE_TERMS = 8
#: At most this many other names of a name are searched.
MAX_ALTERNATIVES = 4
#: How people say a part of them is in pain, after naming it ("my back
#: hurts"): the run is then the part's pain, where a name says so (see
#: :meth:`Planner._lay_forms`).
HURTS = frozenset({"hurts", "hurt", "hurting", "ache", "aches", "aching", "sore"})
#: How people say something they do hurts, before saying what ("it hurts
#: when I pee", "burning when I swallow"): the run is then the doing made
#: painful, where a name says so (*Urination - painful*, *Painful
#: swallowing*; see :meth:`Planner._lay_forms`).
HURTS_WHEN = HURTS | {"burns", "burning", "stings", "stinging", "pain", "painful"}
WHEN = frozenset({"when", "while"})
#: Who a question is about ("my son", "toddler"): see
#: :meth:`Planner._people_as_context`.
PEOPLE = frozenset(
    """kid kids child children son sons daughter daughters baby babies
toddler toddlers infant infants husband wife mother father mom dad mum brother
sister grandmother grandfather grandma grandpa boyfriend girlfriend friend
boy girl teen teenager man woman men women""".split()
)
#: The words that make people a population the question is about ("in
#: children", "for women"), not who has the condition.
POPULATION = frozenset({"in", "for", "among"})
#: What a query says a part is with ("my eyes are red"); no name says it.
COPULAS = frozenset({"is", "are", "was", "were", "am", "been", "being"})
#: The words a name of a pain says it with.
PAINS = frozenset({"pain", "painful", "sore"})
#: A name shared by more entries than this names none of them.
MAX_NAMED_ENTRIES = 5
#: A title shared by more entries than this is no one topic either.
MAX_TITLED_ENTRIES = 12
#: A word in capitals this short is a code ("MRSA"), never a misspelling;
#: a longer one is shouted ("CITROBACTOR") and may be misspelt.
CODE_LETTERS = 5
#: How much the words around a misspelt word weigh in choosing its
#: spelling, per tenfold likelier (see :meth:`Planner._in_context`): as
#: much as a tenfold commoner word does in the speller's own rank
#: (:data:`~indexer.spelling.FREQUENCY_WEIGHT`).
CONTEXT_WEIGHT = FREQUENCY_WEIGHT
#: Texts' worth of smoothing towards a context word's share of all texts:
#: a candidate in fewer texts than this says little about its neighbours.
CONTEXT_PRIOR = 50
#: How far from a misspelt word its context words may be.
CONTEXT_WORDS = 3
#: A code typed in small letters is the code when the index's sections with
#: the word are at most this many times those with it in capitals; and the
#: everyday word, not the code, when its other sections outnumber the
#: code's by as much (see :func:`code_reading`).
CODE_SHARE = 1.25
AS_CODE, AS_WORD = "code", "word"
#: The index writes a word's American spelling at least this many times as
#: often as the word itself: then the word is read as that.
VARIANT_SHARE = 4
#: Letters a word needs before it is tried as two run together ("xray").
MIN_SPLIT_LETTERS = 4
#: A word cut short ("hep", "vit", "diab") keeps three to five letters: a
#: longer unknown word is a misspelling, which the speller reads.
MIN_CLIP_LETTERS = 3
MAX_CLIP_LETTERS = 5
#: A word the texts write at most this many times may be two run together,
#: when each of the two is in this many times as many sections as it.
SPLIT_COUNT = 10
SPLIT_SHARE = 10
#: A word the texts never write, known only by its stem, is read as its
#: nearest spelling when that is written this many times as often as the
#: stem's sections ("migrane", not *migrans*; see ``Planner._stem_by_chance``).
STEM_CHANCE = 10
#: A word the texts write once or twice is their slip of a word one edit
#: off that they write this many times as often (see
#: ``Planner._slip_in_texts``).
SLIP_SHARE = 100
SYNTAX = re.compile(r'"|\b(?:AND|OR|NOT)\b')
OPERATORS = frozenset({"AND", "OR", "NOT"})
_SYNTAX_CHARS = re.compile(r"[^\w\s\-.]")


_ANALYZER = medical_analyzer()


def analyse(text: str) -> list[str]:
    """Terms of ``text`` as a query searches them (compounds stay whole)."""
    return list(_analysed(text))


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


def has_syntax(text: str) -> bool:
    """Whether a short query uses syntax, to be taken literally."""
    return len(text.split()) <= SHORT_QUERY_WORDS and bool(SYNTAX.search(text))


class Planner:
    """Reads queries against one index snapshot's names and vocabulary.

    :param names: the snapshot's names (titles, alternative names, groups).
    :param speller: corrects words the vocabulary lacks.
    :param frequency: about how many sections hold a term (0: none).
    :param definitions: what the texts say a code stands for (none).
    :param in_names: whether some title or alternative name holds a term.
    :param written: ``frequency`` as the texts write the term, a code in
        capitals the texts lack in none (``frequency`` reads it as its word).
    :param together: for two terms, how many texts hold the first, the
        second and both, and how many texts there are (none: a misspelt
        word's candidates are weighed without the words around it).
    """

    def __init__(
        self,
        names: NameIndex,
        speller: Speller,
        frequency: Callable[[str], int],
        definitions: Callable[[str], tuple[str, ...]] = lambda code: (),
        in_names: Callable[[str], bool] = lambda term: False,
        written: Callable[[str], int] | None = None,
        together: Callable[[str, str], tuple[int, int, int, int]] | None = None,
    ) -> None:
        self.names = names
        self.speller = speller
        self.df = frequency
        self.written = written or frequency
        self.together = together
        self.definitions = definitions
        self.in_names = in_names
        self._parser = _make_parser()
        # Word key -> the one-word names of its curated groups (few words
        # have any; every run of a query asks, see :meth:`_lay_forms`).
        self._one_word: dict[str, tuple[str, ...]] = {}
        # (name key, terms typed) -> the terms as the index writes the name
        # (see _as_written).
        self._hyphened: dict[tuple, tuple[str, ...] | None] = {}

    def plan(self, request: SearchRequest) -> QueryPlan:
        text = request.text
        if ADDRESSES.search(text):
            text = " ".join(ADDRESSES.sub(" ", text).split())
        if not text:
            return QueryPlan()
        if has_syntax(text) and not request.exact:
            return self._literal(text)
        if request.exact and SYNTAX.search(text):
            text = _SYNTAX_CHARS.sub(" ", text)
        words = WORD.findall(text)
        corrected, offered = (
            (words, words) if request.exact else self._correct(words, text)
        )
        concepts = self._concepts(words, corrected, expand=not request.exact)
        if len(words) > SHORT_QUERY_WORDS:
            concepts = [
                c if self._topical(c) else replace(c, chatter=True) for c in concepts
            ]
        concepts = _people_as_context(concepts, words)
        notices = []
        if len(concepts) > MAX_CONCEPTS:
            concepts, left = self._most_telling(concepts)
            shown = ", ".join(c.label for c in left[:NOTICE_TERMS])
            more = len(left) - NOTICE_TERMS
            notices.append(
                f"Searched the {MAX_CONCEPTS} terms of this message that say most "
                f"about its topic; left out: {shown}"
                + (f" and {more} more." if more > 0 else ".")
            )
        if len(words) <= SHORT_QUERY_WORDS:
            notices += self._missing(concepts)
        fixed = showing = None
        if offered != words:
            fixed = _replaced(text, offered)
        if corrected != words:
            meant = [w for w in words if w.lower() not in FILLER]
            if not any(self.df(t) for w in meant for t in analyse(w)):
                # The words as typed would find nothing: the correction's
                # results are shown (an offer alone is not searched).
                showing = _replaced(text, corrected)
        return QueryPlan(
            tuple(concepts), None, fixed, showing, tuple(notices), tuple(words)
        )

    def _missing(self, concepts: list[Concept]) -> list[str]:
        """A notice naming the words of a query that no section holds, when
        others do: the page matches the others only ("long covid symptoms"
        lists *Long QT syndrome*), and says so, as web search engines do.
        A message's unknown words are many and tell little: not named."""
        missing = [c.label for c in concepts if not any(map(self.df, c.terms))]
        if not missing or len(missing) == len(concepts):
            return []
        named = [f'"{label}"' for label in missing[:NOTICE_TERMS]]
        if len(missing) > NOTICE_TERMS:
            named.append(f"{len(missing) - NOTICE_TERMS} more")
        *first, last = named
        names = f"{', '.join(first)} and {last}" if first else last
        return [f"No section holds {names}; these results match the other words."]

    def _most_telling(
        self, concepts: list[Concept]
    ) -> tuple[list[Concept], list[Concept]]:
        """The :data:`MAX_CONCEPTS` concepts of a long message that say most
        about its topic, in the message's order, and the rest.

        Names first, then words some title or name holds, then the others
        (chatter: "husband", "Tuesday", doses); within each the rarer first,
        as Lucene's MoreLikeThis keeps a text's most telling terms. Words no
        section holds come last: they match nothing anyway.
        """

        def telling(i: int) -> tuple[int, bool, int, int]:
            concept = concepts[i]
            if concept.entries:
                rank = 0
            elif not concept.chatter:
                rank = 1
            else:
                rank = 2
            terms = concept.alternatives[0].terms
            sections = min((self.df(t) for t in terms), default=0)
            return rank, not sections, sections, i

        kept = set(sorted(range(len(concepts)), key=telling)[:MAX_CONCEPTS])
        return (
            [c for i, c in enumerate(concepts) if i in kept],
            [c for i, c in enumerate(concepts) if i not in kept],
        )

    def _topical(self, concept: Concept) -> bool:
        """Whether some title or name holds the concept's words as typed."""
        return any(self.in_names(t) for t in concept.alternatives[0].terms)

    def _literal(self, text: str) -> QueryPlan:
        """Quotes and operators, read leniently: junk falls back to words."""
        try:
            query = self._parser.parse(text)
        except Exception:  # Whoosh's parser raises assorted errors on junk.
            query = None
        if query is None or _has_errors(query):
            query = self._parser.parse(_SYNTAX_CHARS.sub(" ", text))
        query = query.normalize()
        if query is NullQuery or next(query.iter_all_terms(), None) is None:
            return QueryPlan()
        return QueryPlan(syntax=query)

    # -- spelling ------------------------------------------------------------

    def _correct(self, words: list[str], text: str = "") -> tuple[list[str], list[str]]:
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
        for i, word in enumerate(words):
            if i in joined:
                out[i] = joined[i]
                continue
            unhyphened = self._unhyphened(word)
            if unhyphened is not None:
                keys = keys or [name_key(w) for w in words]
                if not self._in_a_name(words, keys, i):  # "anti-platelet drugs"
                    out[i] = unhyphened
                    continue
            if word.isupper() and len(word) <= CODE_LETTERS:
                continue  # codes are not misspelt words
            if self._rare(word):
                # Two words run together, where the two make a name
                # ("xray", "type2 diabetes", "sleepapnea"): a text or two
                # may hold the run, as an address does ("heartattack").
                split = self._split(out, i)
                if split is not None:
                    out[i] = split
                    continue
            if any(ch.isdigit() for ch in word):
                continue  # nor are numbers
            if not analyse(word):
                continue  # nothing of it is searched ("the", "wouldn't")
            fixed = self._american(word)
            if fixed is None and self.speller.count(word) > SLIP_COUNT:
                # A word the texts write is what it says: the common case,
                # settled before the rarer words' tests (a long question has
                # some forty such words).
                continue
            if fixed is None:
                if self._derived(word) or (
                    self._known(word)
                    and not self._stem_by_chance(word)
                    and not self._slip_in_texts(word)
                ):
                    # The index knows it, its stem or its source; but a word
                    # it knows by its stem alone is a slip where a spelling
                    # makes a name with the words around it.
                    fixed = self._slip_of_a_name(out, i)
                    if fixed is None:
                        continue
                else:
                    if proper is None:
                        proper = _capitalised_inside(text)
                    fixed = self._correction(out, i, proper=i in proper)
            offer = None
            if fixed is None and len(words) <= SHORT_QUERY_WORDS:
                offer = self._offer(word)
            if fixed is None and offer is None:
                continue
            # Asked only of a word the speller would change: most unknown
            # words of a message are small words ("of", "is") with no
            # correction, and the runs around each cost a long question at
            # ten MedQuADs some 1.5 ms of name lookups.
            if keys is None:
                keys = [name_key(w) for w in words]
            if self._in_a_name(words, keys, i):
                continue  # "throwing up" is a name though no text says "throwing"
            if len(words) <= SHORT_QUERY_WORDS and self._starts_clipped(words, keys, i):
                continue  # "diab type 2" is a name cut short, not "dial type 2"
            if fixed is None:
                offered[i] = offer
            else:
                out[i] = fixed
        return out, [offered.get(i, w) for i, w in enumerate(out)]

    def _offer(self, word: str) -> str | None:
        """The likeliest spelling of an everyday word the texts lack, to
        offer and not search: a word people write ("prostrate", "farting")
        may be a typo of a word of the texts, or what was meant."""
        if not self.speller.everyday(word):
            return None
        concept = _word_concept(word, word)
        if concept is None or any(map(self.df, concept.terms)):
            return None  # found as it is, or in its other number ("calculus")
        choices = self._choices(word)
        return same_case(word, choices[0]) if choices else None

    def _joined(self, words: list[str]) -> dict[int, str]:
        """Pairs of words that are one word of the texts written apart
        ("gall bladder": gallbladder), as the word (at the first) and ""
        (at the second): the joined word is in the texts more than
        :data:`SPLIT_COUNT` times and :data:`SPLIT_SHARE` times as often as
        the rarer of the two, which is then no word of its own there
        ("heart beat", "health care" stay: the texts write both ways)."""
        found: dict[int, str] = {}
        keys: list[str] | None = None
        for i in range(len(words) - 1):
            a, b = words[i], words[i + 1]
            if i in found or not (a.isalpha() and b.isalpha()):
                continue
            if a.lower() in STOP_WORDS or b.lower() in STOP_WORDS:
                continue
            count = self.speller.count(a + b)
            rarer = min(self.speller.count(a), self.speller.count(b))
            if not _written_over(count, rarer):
                continue
            keys = keys or [name_key(w) for w in words]
            if self._in_a_name(words, keys, i, span=2):
                continue  # a name's words as written: "Simosa cranio facial"
            found[i], found[i + 1] = same_case(a, (a + b).lower()), ""
        return found

    def _unhyphened(self, word: str) -> str | None:
        """The word without its hyphens when the texts write it so, in more
        than :data:`SPLIT_COUNT` sections and :data:`SPLIT_SHARE` times as
        many as with them: a code typed with a hyphen ("vitamin b-12",
        "brca-1") was searched as its parts, "b" and "12" in every other
        text, where the texts write "B12"."""
        if "-" not in word:
            return None
        joined = word.replace("-", "")
        if not joined.isalnum():
            return None
        whole, one = analyse(word), analyse(joined)
        if not whole or not one:
            return None
        return joined if _written_over(self.df(one[0]), self.df(whole[0])) else None

    def _correction(
        self, words: list[str], i: int, *, proper: bool = False
    ) -> str | None:
        """What the speller reads word ``i`` as, or None if it changes nothing.

        :param words: the words, those before ``i`` already corrected.
        :param proper: the word is written with a capital inside a sentence,
            as a name is: one the index lacks (a brand, a place, a person:
            "Ambien", "Castco", "San Bernardino") is no typo of a word two
            edits off ("amnion", "catch", "bernard"), so such a word is
            read only as a spelling one edit off or one that makes a name
            with the words around it ("Beckwith-Wieddeman Syndrome").
        """
        word = words[i]
        if not word.isalpha():  # a compound: each part on its own
            fixed = self.speller.correct(word)
            if fixed and proper and edits(word, fixed) > 1:
                return fixed if self._naming(words, i, (fixed,)) else None
            return fixed
        choices = self._choices(word)
        if not choices:
            return None
        if self.speller.everyday(word):
            # A word people write, which the texts lack ("farting", not
            # "fasting"), unless a spelling near it makes a name with the
            # words around it ("hart attack": heart attack).
            choice = self._naming(words, i, choices)
            return None if choice is None else same_case(word, choice)
        named = self._naming(words, i, choices)
        if named:
            return same_case(word, named)
        choice = self._in_context(words, i, choices)
        if proper and edits(word, choice) > 1:
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
        choice = self._naming(words, i, self._choices(word))
        if choice is None:
            return None
        if self.speller.count(choice) < STEM_CHANCE * self._stem_sections(word):
            return None
        return same_case(word, choice)

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
            if sorted(choice) == letters or not self._is_code(choice)
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
            if self._in_a_name(
                trial, [name_key(w) for w in trial], i, span=2
            ) or self.names.begins_a_name(name_key(f"{word[:n]} {word[n:]}")):
                return f"{word[:n]} {word[n:]}"
        return None

    def _part(self, part: str, first: bool = False) -> bool:
        """Whether a part of a split word may be a word of a name: a number,
        a word the texts write, or a lone first letter ("x ray")."""
        return part.isdigit() or self.speller.known(part) or (first and len(part) == 1)

    def _in_a_name(
        self, words: list[str], keys: list[str], i: int, span: int = 1
    ) -> bool:
        """Whether word ``i`` (and the ``span - 1`` after it) is part of a
        name as typed (a run of the words around it, in either number), so
        no misspelling: a curated lay name ("throwing up", "zits") may hold
        words no text of a small index has, which the speller would
        "correct" ("throbbing up").

        :param keys: each word's name key.
        """
        last = i + span - 1
        for start in range(max(0, last - MAX_NAME_WORDS + 1), i + 1):
            for end in range(last + 1, min(len(words), start + MAX_NAME_WORDS) + 1):
                key = " ".join(k for k in keys[start:end] if k)
                if not key:
                    continue
                if end - start == 1:
                    # One word needs the evidence a lone word always needs.
                    named = [key] if self.names.is_name(key) else []
                    others = self._numbers(words[i], key)
                    named += [o for o in others if self._titled(o)]
                    if any(self._single_name(words[i], k) for k in named):
                        return True
                elif any(self.names.is_name(k) for k in (key, *number_forms(key))):
                    return True
        return False

    def _numbers(self, word: str, key: str) -> list[str]:
        """The other numbers of a lone word's key; its unusual ones only for
        a word the texts or people write: one neither does is a typo, not a
        name in a classical plural ("comon" is no singular of *Coma*, as
        "criterion" is of "criteria")."""
        forms = number_forms(key)
        if self.speller.known(word) or self.speller.everyday(word):
            return forms
        unusual = unusual_forms(key)
        return [form for form in forms if form not in unusual]

    def _stem_by_chance(self, word: str) -> bool:
        """Whether the index knows a word only by a stem another, rarer
        word shares, next to a spelling far commoner than that stem:
        "migrane" stems as *erythema migrans* does (7 sections), one edit
        from "migraine" (280 times). A word the texts write, or whose stem
        is common ("biopsied": biopsy), is what it says."""
        if self.speller.known(word) or self.speller.everyday(word):
            return False
        # Not "retired" for "required" (two edits): a word the texts lack.
        return self._one_edit_from(word, STEM_CHANCE * self._stem_sections(word))

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

    def _known(self, word: str) -> bool:
        """Whether the index has the word, or its stem ("tests")."""
        return self.speller.known(word) or any(self.df(t) for t in analyse(word))

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

    def _derived(self, word: str) -> str | None:
        """The condition an unknown word names by its ending ("asthmatic":
        asthma), if the index knows it.

        Only for words the index lacks: the speller would otherwise read
        "asthmatic" as its nearest spelling, "automatic". A known word
        stays itself ("critical" is no crisis).
        """
        forms = derived_forms(word)
        if not forms or word.isupper() or self._known(word):
            return None
        # A word of the texts, not just a stem some word shares ("physics"
        # is no "physy", though "physis" stems to the same "physi").
        return next((form for form in forms if self.speller.known(form)), None)

    def _naming(self, words: list[str], i: int, choices: tuple[str, ...]) -> str | None:
        """The first of ``choices`` that makes a name with the words around
        it ("glycogen strage disease": "storage", not the commoner "stage"),
        or None. A name as written first; then in another order or form,
        as a query reads its words: "chrons disease" is *Crohn disease*
        ("crohns disease" in another number), not "chronic disease"."""
        keys = [name_key(w) for w in words]
        runs = {choice: self._runs(keys, i, choice) for choice in choices}
        in_any_order = self.names.in_any_order
        for reads in (self.names.is_name, lambda run: in_any_order(word_bag(run))):
            for choice, keyed in runs.items():
                if any(map(reads, keyed)):
                    return choice
        return None

    @staticmethod
    def _runs(keys: list[str], i: int, choice: str) -> list[str]:
        """The keys of the runs of two or more words around word ``i``,
        read as ``choice``."""
        keys = [*keys[:i], name_key(choice), *keys[i + 1 :]]
        return [
            " ".join(k for k in keys[start:end] if k)
            for start in range(max(0, i - MAX_NAME_WORDS + 1), i + 1)
            for end in range(
                max(i + 1, start + 2), min(start + MAX_NAME_WORDS, len(keys)) + 1
            )
        ]

    # -- concepts --------------------------------------------------------------

    def _concepts(
        self, typed: list[str], words: list[str], *, expand: bool
    ) -> list[Concept]:
        found: list[Concept] = []
        keys = [name_key(w) for w in words]
        # A name in other words of its curated group is looked for in a
        # query, not a pasted message: there it cost 0.8 ms a long question
        # at ten MedQuADs and found one name in 150.
        lay = len(words) <= SHORT_QUERY_WORDS
        i = 0
        while i < len(words):
            named = self._name_at(words, keys, i, lay)
            if named:
                n, key = named
                phrase = " ".join(w for w in words[i : i + n] if w)
                concept = self._name_concept(phrase, key, expand)
                found.append(self._spelt_out(concept) if expand else concept)
                i += n
                continue
            word, low = words[i], words[i].lower()
            if word in OPERATORS:
                pass  # an operator where it is no syntax means nothing
            elif low not in FILLER or (word.isupper() and len(word) > 1):
                derived = self._derived(word) if expand else None
                concept = _word_concept(derived or word, typed[i])
                if concept is not None:
                    found.append(self._spelt_out(concept) if expand else concept)
            i += 1
        if not found:
            # Only filler: search the words that are not stop words as typed.
            for word in words:
                if word.lower() not in STOP_WORDS:
                    concept = _word_concept(word, word)
                    if concept is not None:
                        found.append(concept)
        # The same word or name twice is one concept said twice: it counts
        # once, with its repetitions.
        unique: dict[str, Concept] = {}
        for concept in found:
            key = name_key(concept.label)
            seen = unique.get(key)
            unique[key] = (
                concept if seen is None else replace(seen, count=seen.count + 1)
            )
        return list(unique.values())

    def _name_at(
        self, words: list[str], keys: list[str], i: int, lay: bool = False
    ) -> tuple[int, str] | None:
        """The longest name starting at word ``i``: its length and key.

        :param keys: each word's name key (a name's key is its words' keys).
        :param lay: also in other words of its curated groups (see
            :meth:`_lay_forms`).
        """
        starts = self.names.starts_a_name(keys[i])
        small = words[i].lower() in STOP_WORDS
        if small and not starts:
            return None  # names start with a word that means something
        # A name as written starts with a word that starts some name (the
        # names' first words are tables of their own): most words start
        # none, and their runs that end in a small word need no lookup.
        as_written = starts or not keys[i]
        runs = _run_keys(keys, i, min(MAX_NAME_WORDS, len(words) - i))
        for n in range(len(runs), 0, -1):
            key = runs[n - 1]
            if lay and n > 1 and not small:
                named = self._clipped(words[i], key)
                if named:
                    return n, named
            if words[i + n - 1].lower() in STOP_WORDS:
                # A name may end in a small word only as written: "throw
                # up", "pass out" (not "cat scan in", one word too far).
                if not small and n > 1 and as_written and self.names.is_name(key):
                    return n, key
                continue
            if small:
                # Or with a small word, as written: "Down syndrome" (not
                # "a cat scan", which is "cat scan" one word on).
                if n > 1 and self.names.is_name(key):
                    return n, key
                continue
            if not starts and n > MAX_BAG_WORDS:
                continue  # no lookup of :meth:`_name_of` applies
            if n == 1 and words[i].lower() in FILLER and not words[i].isupper():
                continue  # "wat is lupus" named *Wolffian tumor* by WAT
            named = self._name_of(words[i], key, n, starts, bags=False)
            if named:
                return n, named
            named = self._in_any_order(key, n, lay)
            if named and not self._crossed(words, keys, i, n):
                return n, named
            if lay and n > 2:  # a run of two: in _name_of, for messages too
                named = self._with_two_joined(key)
                if named:
                    return n, named
        return None

    def _starts_clipped(self, words: list[str], keys: list[str], i: int) -> bool:
        """Whether word ``i`` begins a run that is a name cut short."""
        runs = _run_keys(keys, i, min(MAX_NAME_WORDS, len(words) - i))
        return any(self._clipped(words[i], key) for key in runs[1:])

    def _clipped(self, first: str, key: str) -> str | None:
        """The key of the one name the run is with its first word cut short
        ("hep c": *Hepatitis C*, "vit d deficiency"), if that word is one
        the texts seldom write (so no word of its own: "low", "back")."""
        head, _, rest = key.partition(" ")
        if not (
            rest
            and MIN_CLIP_LETTERS <= len(head) <= MAX_CLIP_LETTERS
            and first.isalpha()
            and self.speller.count(first) <= SPLIT_COUNT
        ):
            return None
        found = self.names.clipped(head, rest)
        return found[0] if len(found) == 1 else None

    def _with_two_joined(self, key: str) -> str | None:
        """The key of a name the run is with two of its words written as
        one word the texts write: "ear ache" is *Earache*, "post partum
        depression" *Postpartum depression*."""
        words = key.split()
        for j in range(len(words) - 1):
            joined = words[j] + words[j + 1]
            if joined.isalpha() and self.speller.known(joined):
                form = " ".join([*words[:j], joined, *words[j + 2 :]])
                if self.names.is_name(form):
                    return form
        return None

    def _crossed(self, words: list[str], keys: list[str], i: int, n: int) -> bool:
        """Whether a name as written starts inside the run of ``n`` words at
        ``i`` and ends past it: its words in another order are then a
        chance meeting. "what causes diabetic neuropathy" is *Diabetic
        neuropathy*, though "causes diabetic" holds the words of *Causes of
        Diabetes*."""
        for j in range(i + 1, i + n):
            starts = self.names.starts_a_name(keys[j])
            runs = _run_keys(keys, j, min(MAX_NAME_WORDS, len(words) - j))
            for m in range(i + n - j + 1, len(runs) + 1):
                if self._name_of(words[j], runs[m - 1], m, starts, bags=False):
                    return True
        return False

    def name_of(self, term: str) -> str | None:
        """The key of the name ``term`` means when it is no name as written:
        read as a query reads its words ("heart attacks", "asthmatic",
        "ringing in ears", "vitamin b-12"), or None."""
        words = [self._unhyphened(w) or w for w in WORD.findall(term)]
        keys = [name_key(w) for w in words]
        key = " ".join(k for k in keys if k)
        if not key or not 0 < len(words) <= MAX_NAME_WORDS:
            return None
        starts = self.names.starts_a_name(keys[0])
        return self._name_of(words[0], key, len(words), starts)

    def _name_of(
        self, first: str, key: str, n: int, starts: bool, *, bags: bool = True
    ) -> str | None:
        """The key of the name a run of ``n`` words (``key``, from the
        word ``first``) is: as typed, in another form, as one word ("ear
        ache": earache), or, for several words and with ``bags``, in
        another order ("ringing in ears": ringing in the ears).

        :param starts: whether some name begins with the run's first word.
        """
        # A word the speller cut in two ("bedsores": bed sores) is two words,
        # a name by the words' evidence, not a lone word's.
        several = n > 1 or " " in first
        if starts or n == 1:  # else the first word is as typed in every form
            if starts and self.names.is_name(key):
                if several or self._single_name(first, key):
                    return key
            for other in self._other_forms(key):
                if several:
                    if self.names.is_name(other):
                        return other
                elif self.names.starts_a_name(other) and self._titled(other):
                    return other
        joined = self._with_two_joined(key) if n == 2 else None
        if joined:
            return joined  # one word typed as two: "ear ache"
        return self._in_any_order(key, n, lay=True) if bags else None

    def _in_any_order(self, key: str, n: int, lay: bool = False) -> str | None:
        """The key of a name of the run's words in another order, if any,
        the last word also in an unusual other number ("abscess teeth"),
        and with ``lay`` one word in another of its curated group."""
        if not 1 < n <= MAX_BAG_WORDS:
            return None
        lay_forms = self._lay_forms(key) if lay else ()
        for form in dict.fromkeys((key, each_unusual(key), *lay_forms)):
            found = self.names.in_any_order(word_bag(form))
            if found:
                return next(iter(found))
        return None

    def _lay_forms(self, key: str) -> list[str]:
        """A run's key with one word in another one-word name of its curated
        group: "blood in pee" as "blood in urination", whose words are those
        of *Hematuria (Blood in the Urine)*'s "blood in the urine"; a run
        that ends in a word of :data:`HURTS` as the part's pain or soreness;
        one that starts with a word of :data:`HURTS_WHEN` and "when" as the
        doing made painful; and one with a word of :data:`COPULAS` inside
        without it ("eyes are red": red eyes)."""
        words = key.split()
        said: list[str] = []
        if len(words) > 1 and words[-1] in HURTS:
            # "my back hurts" is *Back pain* (it was *Self-harm*'s, whose
            # text says "hurt" most), "my throat hurts" a sore throat, "my
            # feet hurt" foot pain; "hurt my ankle" is an injury, no pain.
            # The small words between are no part of it: "my knee is
            # hurting", "my back is aching" (*Spinal cord infarction* led).
            part = [w for w in words[:-1] if w not in STOP_WORDS]
            said = [" ".join([*part, pain]) for pain in ("pain", "sore") if part]
        elif len(words) > 2 and words[0] in HURTS_WHEN and words[1] in WHEN:
            # "it burns when i pee" is painful urination (it was *Burns*),
            # "hurts when i swallow" painful swallowing.
            doing = [w for w in words[2:] if w not in STOP_WORDS]
            said = [" ".join(["painful", *doing])] if doing else []
        elif 2 < len(words) and COPULAS.intersection(words[1:-1]):
            # "my ankle is swollen" is a swollen ankle, "my eyes are red"
            # red eyes: names say what they are without "is".
            said = [" ".join(w for w in words if w not in COPULAS)]
        forms = self._in_other_words(key)
        for form in said:
            if " " in form:  # "my tummy hurts": belly pain, by the group
                forms += [form, each_unusual(form), *self._in_other_words(form)]
        return forms

    def _in_other_words(self, key: str) -> list[str]:
        """A run's key with one word in another one-word name of its
        curated group ("blood in pee": "blood in urination")."""
        words = key.split()
        forms = []
        for i, word in enumerate(words):
            others = self._one_word_names(word)
            forms += [" ".join([*words[:i], o, *words[i + 1 :]]) for o in others]
        return forms

    def _one_word_names(self, word: str) -> tuple[str, ...]:
        """The other one-word names of a word's curated groups; asked of
        every word of every run, so remembered (bounded)."""
        found = self._one_word.get(word)
        if found is None:
            if len(self._one_word) > 50_000:
                self._one_word.clear()
            # A group's word is a name, so it starts one: a test every word
            # of a query has had already (remembered), where most words'
            # groups would be a lookup of their own.
            groups = (
                self.names.groups.get(word, ())
                if self.names.starts_a_name(word)
                else ()
            )
            others = {
                name_key(name)
                for group in groups
                for name in group
                if " " not in name.strip()
            }
            found = self._one_word[word] = tuple(sorted(others - {word}))
        return found

    def _other_forms(self, key: str) -> list[str]:
        """A name's key with its last word in the other number, or as the
        condition it derives from ("asthmatic": asthma): when the index
        lacks the word, or, for a word alone, always (a single word is
        then read as a name only if that is a title, see :meth:`_name_of`)."""
        forms = number_forms(key) + digit_forms(key)
        head, _, last = key.rpartition(" ")
        if head:
            derived = self._derived(last)
            if derived:
                forms.append(f"{head} {derived}")
        else:
            forms += derived_forms(last)
        return forms

    def _titled(self, key: str) -> bool:
        """Whether a name is some entry's title or a curated group's name:
        the word typed in another number ("migraines") then means it."""
        if self.names.groups.get(key):
            return True
        return any(m.title_key == key for m in self.names.entries.get(key, []))

    def _single_name(self, word: str, key: str) -> bool:
        """Whether one word, as typed, is a name rather than an everyday word.

        A code typed in capitals is (``MI``, ``COPD``); a lowercase word
        that some entry writes in capitals is not (``arms`` is no
        ``ARMS``); a word is a name if it is some entry's title, or if its
        alternative-name uses are not swamped by its everyday uses
        (``glass`` is a street name of one drug, and a word in many texts).
        """
        if word.isupper() and len(word) > 1:
            return True
        matches = self.names.entries.get(key, [])
        if any(name_key(m.title) == key for m in matches):
            return True
        if any(n.isupper() and name_key(n) == key for m in matches for n in m.names):
            # A code typed in small letters: a name only where the index
            # uses the word mostly as that code ("nph", not "arms").
            return self._mostly_code(word, plain_term(key))
        if self.names.groups.get(key):
            return True  # curated: "pee" and "zit" are names of their group
        if len(word) < 4:
            return False
        terms = analyse(word)
        return self.df(terms[0] if terms else word) <= max(20, 4 * len(matches))

    def _is_code(self, word: str) -> bool:
        """Whether a word is an abbreviation: typed in capitals, or in small
        letters where the index writes it mostly in capitals ("nph")."""
        if not 1 < len(word) <= CODE_LETTERS or not word.isalnum():
            return False
        if word.isupper():
            return True
        return self._mostly_code(word, plain_term(word.lower()))

    def _mostly_code(self, word: str, plain: str) -> bool:
        """Whether the index writes ``word`` (its term ``plain``) mostly as
        its code in capitals (see :func:`code_reading`)."""
        terms = analyse(word.upper())
        code = self.written(terms[0]) if terms else 0
        return code_reading(self.df(plain), code) == AS_CODE

    def _spelt_out(self, concept: Concept) -> Concept:
        """A code's concept, also searched as what the texts say it means."""
        if " " in concept.label or not self._is_code(concept.label):
            return concept
        have = {name_key(concept.label), *(name_key(n) for n in concept.synonyms)}
        alternatives, synonyms = list(concept.alternatives), list(concept.synonyms)
        entries = list(concept.entries)
        for form in self.definitions(concept.label):
            terms = tuple(dict.fromkeys(analyse(form)))
            key = name_key(form)
            if key in have or not terms or len(synonyms) >= MAX_ALTERNATIVES:
                continue
            have.add(key)
            alternatives.append(Alternative(terms, SYNONYM, together=True))
            synonyms.append(form)
            # The entries the long form names are named by the code too.
            entries += [m.entry_id for m in self.names.named(key)]
        entries = list(dict.fromkeys(entries))
        return replace(
            concept,
            alternatives=tuple(alternatives),
            synonyms=tuple(synonyms),
            entries=tuple(entries) if len(entries) <= MAX_NAMED_ENTRIES else (),
        )

    def _named(self, key: str) -> list[NameMatch]:
        """The entries a name names: those it is the title of, however many
        (one topic told by several sources: eight entries are titled
        "Breast Cancer"), and those it is another name of, unless that
        makes more than a few (then it is too common to name them); for an
        entry held by name only, also the entries with text titled as it
        is (see :meth:`_same_titled`)."""
        matches = self.names.named(key)
        if len(matches) > MAX_NAMED_ENTRIES:
            matches = [m for m in matches if m.title_key == key][:MAX_TITLED_ENTRIES]
        return [*matches, *self._same_titled(matches)][:MAX_TITLED_ENTRIES]

    def _same_titled(self, matches: list[NameMatch]) -> list[NameMatch]:
        """Entries with text titled as the named entries, when each of those
        is held by name only: the same topic from other sources. "migraine
        headache" is a name only A.D.A.M.'s *Migraine* gives, and its text
        is withheld; MedlinePlus's and NINDS's *Migraine* answer it."""
        if any(m.sections for m in matches):
            return []  # the name names a topic this index holds text of
        held = {m.entry_id for m in matches}
        out = []
        for match in matches:
            for other in self.names.entries.get(match.title_key, ()):
                if (
                    other.sections
                    and other.title_key == match.title_key
                    and other.entry_id not in held
                ):
                    held.add(other.entry_id)
                    out.append(other)
        return out

    def _means_else(self, name: str, entries: tuple[str, ...]) -> bool:
        """Whether an abbreviation among a name's synonyms is also another
        name of an entry the name does not mean: "MI" for heart attack,
        where an entry on mitral insufficiency lists "MI" too. Searched,
        it would bring that entry in by its names."""
        if not is_code(name):
            return False
        return any(m.entry_id not in entries for m in self.names.named(name_key(name)))

    def _name_concept(self, phrase: str, key: str, expand: bool) -> Concept:
        names = self.names
        matches = self._named(key)
        entries = tuple(m.entry_id for m in matches)
        typed_terms = tuple(dict.fromkeys(analyse(self._read_as_pain(phrase, key))))
        typed_terms = self._as_written(key, typed_terms) or typed_terms
        alternatives = [Alternative(typed_terms)]
        synonyms: list[str] = []
        name_terms = tuple(dict.fromkeys(analyse(key)))
        if expand and name_key(phrase) != key and set(name_terms) != set(typed_terms):
            # Another form of the name was typed ("anemic" for anemia):
            # the name's own words match as well as what was typed, and
            # the page says so.
            alternatives.append(Alternative(name_terms))
            synonyms.append(_written(key, matches))
        if expand:
            others = sorted(names.synonyms(key), key=lambda n: (len(n.split()), n))
            others = [n for n in others if not self._means_else(n, entries)]
            found = [(n, tuple(dict.fromkeys(analyse(n)))) for n in others]
            # A name of several words less its small words is another word:
            # "throw up" searched as "throw" met "slippery throw rugs".
            found = [(n, t) for n, t in found if not _one_word_left(n)]
            for other, terms in found[:MAX_ALTERNATIVES]:
                alternatives.append(Alternative(terms, SYNONYM, together=True))
                synonyms.append(other)
            if synonyms and _one_word_left(phrase):
                # So is the name typed ("throwing up"): its other names
                # carry the concept as the name itself would, and the word
                # left (and the name's own form, if typed in another) counts
                # as a synonym does (it may still be the right family:
                # "stomatocytosis" of *Stomatocytosis I*).
                named = [
                    replace(a, kind=TYPED) for a in alternatives if a.kind == SYNONYM
                ]
                left = [
                    replace(a, kind=SYNONYM) for a in alternatives if a.kind != SYNONYM
                ]
                alternatives = named + left
        thin = bool(entries) and not synonyms and _one_word_left(phrase)
        return Concept(
            phrase,
            tuple(alternatives),
            entries,
            tuple(synonyms),
            thin=thin,
            name_only=_name_only(key, matches),
        )

    def _read_as_pain(self, phrase: str, key: str) -> str:
        """The typed words of a name read as a pain, less the word that said
        it hurts where that word names a topic of its own ("it burns when i
        pee" is *Urination - painful*: searched, "burns" found *Burns* first).
        A word that names nothing ("hurts") stays: it meets the texts' "it
        hurts" of the right topic."""
        typed, named = name_key(phrase).split(), set(key.split())
        if not PAINS & (named - set(typed)):
            return phrase  # not read as a pain ("ear ache": earache)
        said = {
            w
            for w in typed
            if w in HURTS_WHEN and w not in named and self.names.is_name(w)
        }
        if not said:
            return phrase
        kept = [w for w in phrase.split() if name_key(w) not in said]
        return " ".join(kept) or phrase

    def _as_written(self, key: str, typed: tuple[str, ...]) -> tuple[str, ...] | None:
        """The terms of the name as the index writes it, where it joins the
        typed words into one ("non hodgkin lymphoma": *Non-Hodgkin
        lymphoma*) and never writes them apart, or None. Searched apart,
        the words covered *Hodgkin lymphoma*, which the name is not."""
        if " " not in key:
            return None  # one word typed: nothing to join
        if (key, typed) in self._hyphened:
            return self._hyphened[key, typed]
        if len(self._hyphened) > 50_000:
            self._hyphened.clear()
        found = self._hyphened[key, typed] = self._joined_as_written(key, typed)
        return found

    def _joined_as_written(
        self, key: str, typed: tuple[str, ...]
    ) -> tuple[str, ...] | None:
        names = [n for m in self.names.named(key) for n in (m.title, *m.names)]
        joined = None
        for name in names:
            if "-" in name and name_key(name) == key:
                terms = tuple(dict.fromkeys(analyse(name)))
                apart = tuple(dict.fromkeys(analyse(name.replace("-", " "))))
                if terms != typed and apart == typed:
                    joined = terms
                    break
        if joined is None:
            return None
        for name in names:  # also written as typed: "Parkes Weber"
            if name_key(name) == key and tuple(dict.fromkeys(analyse(name))) == typed:
                return None
        return joined


def _replaced(text: str, words: list[str]) -> str:
    """The text as typed, with only the changed words replaced."""
    fixes = iter(words)
    fixed = WORD.sub(lambda _: next(fixes), text)
    return " ".join(fixed.split())  # a word joined to the one before


def _one_word_left(name: str) -> bool:
    """Whether a name of several words is searched as one word, its small
    words left out: "throw up" as "throw", which means something else. A
    compound is one word as written ("X-rays": "x-ray"), and a word said
    twice is two ("Self-harm Self-harm" in a pasted text).

    >>> _one_word_left("throw up"), _one_word_left("X-rays")
    (True, False)
    >>> _one_word_left("heart attack"), _one_word_left("Self-harm Self-harm")
    (False, False)
    """
    return len(analyse(name)) < min(2, len(name.split()))


def _capitalised_inside(text: str) -> frozenset[int]:
    """The numbers (in :data:`WORD`'s order) of the words written with a
    capital and then small letters that do not begin a sentence: a name's
    way of writing ("I take Ambien at night").

    >>> sorted(_capitalised_inside("Ambien helps. I take Ambien, and ambien? Yes"))
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


def _run_keys(keys: list[str], i: int, longest: int) -> list[str]:
    """The keys of the runs of 1 to ``longest`` words from word ``i``, each
    the one before and the next word's key (a word without one adds none).

    Built up once per word, where joining each run's keys anew was a fifth
    of finding the names of a long question.

    >>> _run_keys(["heart", "", "attack", "in"], 0, 4)
    ['heart', 'heart', 'heart attack', 'heart attack in']
    """
    runs, run = [], ""
    for key in keys[i : i + longest]:
        if key:
            run = f"{run} {key}" if run else key
        runs.append(run)
    return runs


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


def _written_over(count: int, other: int) -> bool:
    """Whether a form the texts write ``count`` times is their way of
    writing what another form, written ``other`` times, also says: a word
    of its own there (more than :data:`SPLIT_COUNT`) and :data:`SPLIT_SHARE`
    times as common ("gallbladder" over "gall bladder", "b12" over "b-12").
    """
    return count > SPLIT_COUNT and count >= SPLIT_SHARE * other


#: Letters after a number that make it an ordinal ("2nd"), not a quantity
#: and its unit.
_ORDINALS = frozenset({"st", "nd", "rd", "th"})


def _unit(letters: str) -> bool:
    """Whether letters typed after a number may be its unit ("mg", "ml"):
    not one letter ("100s", "3d") and no ordinal's."""
    return len(letters) >= 2 and letters.lower() not in _ORDINALS


def _people_as_context(concepts: list[Concept], words: list[str]) -> list[Concept]:
    """The concepts, a word for who the question is about (:data:`PEOPLE`)
    weighed as chatter (``Tuning.chatter``) where another concept names a
    condition: it says who has it, not what to read. `my son has a fever`
    listed inheritance pages ("passed from father to son") right after
    *Fever*, `toddler with a cough` three toddler pages before *Cough*.
    Alone, beside no name (`healthy toddler`), or after "in" or "for"
    (`diabetes in children`: *Diabetes in Children and Teens*), it is the
    topic, or part of it.

    :param words: the query's words, to find the people it is about.
    """
    if not any(c.entries for c in concepts):
        return concepts
    qualified = {
        name_key(word)
        for before, word in pairwise(words)
        if before.lower() in POPULATION
    }
    return [
        replace(c, chatter=True)
        if not c.entries
        and name_key(c.label) in PEOPLE
        and name_key(c.label) not in qualified
        else c
        for c in concepts
    ]


def _word_concept(word: str, typed: str) -> Concept | None:
    """A plain word. A compound is also matched by its parts; a corrected
    word also by what was typed, in case the index knows it after all."""
    terms = tuple(analyse(word))
    if not terms:
        return None
    kind = TYPED if word == typed else CORRECTION
    alternatives = [Alternative(terms, kind)]
    if kind == CORRECTION:
        alternatives.append(Alternative(tuple(analyse(typed))))
    if "-" in word or "." in word:
        parts = tuple(t for p in re.split(r"[-.]", word) if p for t in analyse(p))
        if parts and parts != terms:
            alternatives.append(Alternative(parts, PARTS if kind == TYPED else kind))
    # The word in an unusual other number is the same word ("metastasis",
    # "metastases"), which the stemmer leaves apart.
    for form in unusual_forms(word.lower()) if word.isalpha() else ():
        other = tuple(analyse(form))
        if other and other != terms:
            alternatives.append(Alternative(other, kind))
    return Concept(word, tuple(a for a in alternatives if a.terms))


def _make_parser() -> qparser.QueryParser:
    parser = qparser.QueryParser(f.BODY, schema=f.build_schema())
    # Wildcards, fuzzy terms, ranges, boosts and field prefixes are costly
    # or surprising in a public search box; plain words, phrases,
    # AND/OR/NOT and grouping remain. No +/- either: a hyphen belongs to
    # terms like COVID-19.
    for plugin in (
        qparser.WildcardPlugin,
        qparser.RangePlugin,
        qparser.FieldsPlugin,
        qparser.BoostPlugin,
    ):
        parser.remove_plugin_class(plugin)
    # Bare words in a query with operators are all required, as written.
    parser.group = qparser.AndGroup
    return parser


def _has_errors(query: Query) -> bool:
    return any(isinstance(q, qparser.ErrorNode) for q in query.leaves()) or (
        "ErrorQuery" in repr(query)
    )


def _name_only(key: str, named: list[NameMatch]) -> tuple[str, ...]:
    """The entries named if the index holds none of them with text (a drug
    or A.D.A.M. article MedQuAD names but withholds): ``amoxicillin``
    matches no section, and the page should still say what it is. Those
    titled so first: ``wheezing`` is *Wheezing*, then *Stridor*'s other name."""
    if any(m.sections for m in named):
        return ()
    return tuple(m.entry_id for m in sorted(named, key=lambda m: m.title_key != key))


def _written(key: str, named: list[NameMatch]) -> str:
    """The name of key ``key`` as an entry it names writes it, for the
    page's "Also searched" ("back hurts as Back Pain", "burns when i pee
    as Urination - painful", where it said "urination painful"); the key
    where no entry writes it (a curated group's name)."""
    for match in named:
        for name in (match.title, *match.names):
            if name_key(name) == key:
                return name
    return key
