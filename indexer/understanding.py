"""Query understanding: from what people type to a :class:`QueryPlan`.

People type keywords, alternative names, abbreviations, questions and whole
pasted messages with typos and chatter. A plain query is read into
*concepts*, each of which ranking scores on its own and combines softly (a
missing concept lowers a section's score but never empties the page):

1. *spelling*: a word the index's vocabulary lacks is read as the nearest
   frequent word (``Beckwith-Wieddeman`` as ``Beckwith-Wiedemann``; see
   :mod:`indexer.corrections`);
2. *names*: the longest runs of words that are a title, an alternative name
   or a curated synonym become one concept, searched under each of its
   names (``heart attack`` also as ``myocardial infarction``), and the
   entries it names are known to ranking (see :mod:`indexer.naming`);
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

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from itertools import pairwise

from whoosh import qparser
from whoosh.query import NullQuery, Query

from . import schema as f
from .analysis import ACRONYM, FILLER, STOP_WORDS, WORD, analyse, plain_term
from .concepts import Concepts, word_concept
from .corrections import Corrector
from .leftout import SAID_KINDS
from .medquad import SECTION_NAMES
from .names import NameIndex, NameMatch, name_key
from .naming import JOINING, Namer
from .plan import SHORT_QUERY_WORDS, SYNONYM, Concept, QueryPlan
from .request import SearchRequest
from .spelling import Speller
from .starred import begun, starred

#: What a message may hold that is no word of its question: an email
#: address, a web address, a telephone number (pasted signatures: "call
#: 555-123-4567", "john.smith@gmail.com" was offered as "gail.com").
ADDRESSES = re.compile(
    r"\S+@\S+\.\w+|(?:https?://|www\.)\S+|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b"
)
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
#: A message's word is looked at as joined to a name (see ``_peer``) only
#: within this many words of "and", "or" or "vs": asking every word cost a
#: pass over the message each.
PEER_REACH = 3
#: Who a question is about ("my son", "toddler"): see
#: :func:`_people_as_context`.
PEOPLE = frozenset(
    """kid kids child children son sons daughter daughters baby babies
toddler toddlers infant infants husband wife mother father mom dad mum brother
sister grandmother grandfather grandma grandpa boyfriend girlfriend friend
boy girl teen teenager man woman men women""".split()
)
#: The words that make people a population the question is about ("in
#: children", "for women"), not who has the condition.
POPULATION = frozenset({"in", "for", "among"})
#: A person's age as a message gives it: "60 year old", "60-year-old",
#: "6 months old", "60 yo", "aged 60", "age 60".
AGE = re.compile(
    r"\b\d{1,3}(?:[\s-]*(?:years?|yrs?|months?|mos?|weeks?|wks?|days?)"
    r"[\s-]*olds?|[\s-]*(?:yo|y/o))\b|\bage[ds]?\s+\d{1,3}\b",
    re.IGNORECASE,
)
#: A person's age said bare after who it is: "my son is 8", "I am 45",
#: "she's 72", also typed without the apostrophe ("im 16", "hes 72"); not
#: a number of weeks, a dose or a share ("I am 34 weeks").
AGE_SAID = re.compile(
    r"\b(?:(?:i|he|she|" + "|".join(sorted(PEOPLE)) + r")\s*(?:is|am|was|'s|'m)"
    r"|im|hes|shes)\s+"
    r"(\d{1,3})\b(?![.,]\d|\s*(?:%|percent|mg|weeks?|wks?|days?|months?|"
    r"lbs?|pounds|kg|cm|mm))",
    re.IGNORECASE,
)
SYNTAX = re.compile(r'"|\b(?:AND|OR|NOT)\b')
OPERATORS = frozenset({"AND", "OR", "NOT"})
_SYNTAX_CHARS = re.compile(r"[^\w\s\-.]")


#: A word typed with a minus before it, at the query's start or after a
#: space (not the hyphen of "COVID-19" or "x-ray"): left out, as search
#: boxes have it.
LEFT_OUT = re.compile(r"(?<!\S)-([^\W\d_][\w'-]*)")
#: A phrase in quotes with a minus before it (``gout -"big toe"``).
LEFT_OUT_PHRASE = re.compile(r'(?<!\S)-(?=")')


def left_out(text: str) -> tuple[str, list[str]]:
    """The query without its words typed with a minus before them, and
    those words; none where nothing else would be left, or in a pasted
    message (more than :data:`SHORT_QUERY_WORDS` words), whose dashes are
    text.

    >>> left_out("high blood pressure -pregnancy")
    ('high blood pressure', ['pregnancy'])
    >>> left_out("covid-19 -vaccine"), left_out("-gout")
    (('covid-19', ['vaccine']), ('-gout', []))
    """
    if len(text.split()) > SHORT_QUERY_WORDS or not LEFT_OUT.search(text):
        return text, []
    rest = " ".join(LEFT_OUT.sub(" ", text).split())
    if not any(ch.isalnum() for ch in rest):
        return text, []
    return rest, LEFT_OUT.findall(text)


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
    :param section_keys: the keys of the kinds of section the index holds
        ("side-effects"), asked when a query names two things.
    :param topic_of: the entries on a named entry's topic (see
        :meth:`Concepts._same_topic`); none: those titled as it is.
    :param asks_for_kind: whether a term is a word of the section names'
        and questions' templates ("symptoms", "treated"): it says which
        kind of section is wanted (none: no term is).
    :param adjacent: how many texts write the second term right after the
        first (none: a pair is read without that evidence).
    :param sequences: how many texts write these terms one after another
        (none: no run is read as a name without its kind word).
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
        section_keys: Callable[[], Iterable[str]] = frozenset,
        topic_of: Callable[[NameMatch], Iterable[NameMatch]] | None = None,
        asks_for_kind: Callable[[str], bool] = lambda term: False,
        adjacent: Callable[[str, str], int] | None = None,
        sequences: Callable[[Sequence[str]], int] = lambda terms: 0,
    ) -> None:
        self.df = frequency
        self.in_names = in_names
        self._section_keys = section_keys
        self._asks_for_kind = asks_for_kind
        self._kinds: frozenset[str] | None = None
        self.namer = Namer(names, speller, frequency, written, sequences)
        self.concepts = Concepts(self.namer, definitions, topic_of)
        self.corrector = Corrector(self.namer, together, adjacent)
        self._parser = _make_parser()

    def plan(self, request: SearchRequest) -> QueryPlan:
        text = request.text
        if ADDRESSES.search(text):
            text = " ".join(ADDRESSES.sub(" ", text).split())
        if not text:
            return QueryPlan()
        text, minus = left_out(text)
        if has_syntax(text) and not request.exact:
            # With quotes or operators, a word or phrase with a minus is a NOT.
            negated = [f"NOT {w}" for w in minus]
            return self._literal(
                " ".join([LEFT_OUT_PHRASE.sub("NOT ", text), *negated])
            )
        if request.exact and SYNTAX.search(text):
            text = _SYNTAX_CHARS.sub(" ", text)
        words = WORD.findall(text)
        corrected, offered = (
            (words, words) if request.exact else self.corrector.correct(words, text)
        )
        stars = () if request.exact else starred(text)
        if stars:  # a starred word is the beginning it was typed as
            corrected = _as_typed(words, corrected, stars)
            offered = _as_typed(words, offered, stars)
        concepts = self._concepts(words, corrected, expand=not request.exact)
        if stars:
            speller = self.namer.speller
            concepts = [begun(c, stars, speller) for c in concepts]
            # A beginning that is a small word (`the*`, `with*`) is no
            # concept of its own, but it stands for words that are.
            read = {c.label.lower() for c in concepts}
            for prefix in stars:
                if prefix not in read and f"{prefix}*" not in read:
                    concept = begun(Concept(prefix, ()), stars, speller)
                    if concept.alternatives:
                        concepts.append(concept)
        if not request.exact:
            concepts = self._shouted_as_words(concepts, words)
        if len(words) > SHORT_QUERY_WORDS:
            concepts = [
                c if self._topical(c) else replace(c, chatter=True) for c in concepts
            ]
        concepts = _people_as_context(concepts, words)
        concepts = _age_as_context(concepts, text)
        concepts = self._kinds_beside_names(concepts)
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
        if minus:
            # The spelling offered keeps what the query leaves out.
            kept = " ".join(f"-{w}" for w in minus)
            fixed = fixed and f"{fixed} {kept}"
            showing = showing and f"{showing} {kept}"
        left = [(w, tuple(dict.fromkeys(analyse(w)))) for w in minus]
        left = [(w, terms) for w, terms in left if terms]
        if left:
            said = ", ".join(w for w, _ in left)
            notices.append(f"Left out the sections that say: {said}.")
        return QueryPlan(
            tuple(concepts),
            None,
            fixed,
            showing,
            tuple(notices),
            tuple(words),
            tuple(terms for _, terms in left),
            self._filed(words) if not request.exact else (),
        )

    def _filed(self, words: list[str]) -> tuple[str, ...]:
        """The entries held by name only that a query is the head of (see
        :attr:`QueryPlan.filed`). Only the whole query: searched as their
        name, the run brought in the narrower entries' topics too, and of
        80 heads searched a fifth changed their first hit, as many for the
        worse as for the better (`PDA ligation` led with *Tubal Ligation*,
        `human papilloma virus` lost *HPV*)."""
        if len(words) > SHORT_QUERY_WORDS:
            return ()
        key = " ".join(k for k in (name_key(w) for w in words) if k)
        return tuple(m.entry_id for m in self.concepts.headed_by(key))

    def _shouted_as_words(
        self, concepts: list[Concept], words: list[str]
    ) -> list[Concept]:
        """The concepts, a word typed in capitals that the texts write as a
        word (:meth:`~indexer.codes.Codes.shouted`: "CANCER", "BRAIN")
        matched as that word rather than as its code, which only a heading
        or two writes. It still names what it names in capitals: people
        capitalise what they ask about (`COLD susceptibility` is *Common
        cold*'s, whose other name is "cold")."""
        shouted = {
            ACRONYM + w.lower(): plain_term(w.lower())
            for w in words
            if w.isupper() and w not in OPERATORS and self._shouted(w)
        }
        if not shouted:
            return concepts
        return [
            replace(
                c,
                alternatives=tuple(
                    dict.fromkeys(
                        replace(a, terms=tuple(shouted.get(t, t) for t in a.terms))
                        for a in c.alternatives
                    )
                ),
            )
            if any(t in shouted for t in c.terms)
            else c
            for c in concepts
        ]

    def _shouted(self, word: str) -> bool:
        """:meth:`~indexer.codes.Codes.shouted`, asking the texts' spelt-out
        codes only of a word that may be shouted at all (reading them costs
        texts)."""
        codes = self.namer.codes
        return codes.shouted(word) and (
            not self.concepts.definitions(word) or codes.shouted(word, spelt_out=True)
        )

    def _kind_word(self, word: str) -> bool:
        """Whether a word only says which kind of section is wanted."""
        terms = analyse(word)
        return bool(terms) and all(map(self._asks_for_kind, terms))

    def _kinds_beside_names(self, concepts: list[Concept]) -> list[Concept]:
        """The concepts, a name that is also a kind of section ("side
        effects", "inheritance") read as that kind where the query names
        something else: `statins side effects` asks for the side effects of
        statins. Read as a name it listed *Drug Reactions* (whose names
        include "side effects") first, before anything about statins. Alone,
        or beside no other name, it is still the name.

        The kinds are those the index holds and those MedQuAD's questions
        name (:data:`~indexer.medquad.SECTION_NAMES`): its drug leaflets'
        "Side Effects" are withheld, so on MedQuAD the index held no such
        kind, and `statins side effects` still listed *Drug Reactions*
        first."""
        named = [c for c in concepts if c.entries]
        if len(named) < 2:
            return concepts
        if self._kinds is None:
            keys = (*self._section_keys(), *SECTION_NAMES.values())
            self._kinds = frozenset(_stems(k) for k in keys)
        kinds = self._kinds
        if all(_stems(c.label) in kinds for c in named):
            return concepts  # nothing else is named
        return [
            _as_kind(c) if c.entries and _stems(c.label) in kinds else c
            for c in concepts
        ]

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
        """Whether the concept names an entry, or some title or name holds
        its words as typed, or in another form of them ("stung": *Insect
        Bites and Stings*; "teeth": *Tooth Disorders*). An entry held by
        name only has no title in the index: `my son keeps getting
        nosebleeds ... especially in winter` weighed *Nosebleed* (A.D.A.M.'s,
        held by name) as chatter, as much as "keeps" and "getting"."""
        first = concept.alternatives[0]
        return bool(concept.entries) or any(
            self.in_names(t)
            for alt in concept.alternatives
            if alt.kind == first.kind
            for t in alt.terms
        )

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

    def name_of(self, term: str) -> str | None:
        """The key of the name ``term`` means (see :meth:`Namer.name_of`)."""
        return self.namer.name_of(term)

    def _concepts(
        self, typed: list[str], words: list[str], *, expand: bool
    ) -> list[Concept]:
        found: list[Concept] = []
        keys = [name_key(w) for w in words]
        # A name in other words of its curated group is looked for in a
        # query, not a pasted message: there it cost 0.8 ms a long question
        # at ten MedQuADs and found one name in 150.
        lay = len(words) <= SHORT_QUERY_WORDS
        # The one word that says what the query is about, besides those
        # that say which kind of section it asks for: `cold symptoms` and
        # `how is a cold treated` are about a cold as much as `cold` is
        # (see Namer.name_at's ``lone``). A kind typed alone (`inheritance`)
        # is the one word.
        meant = [i for i, w in enumerate(words) if w and w.lower() not in FILLER]
        topical = meant
        if 1 < len(meant) and len(words) <= SHORT_QUERY_WORDS:
            # A message is never about one word: its words are not read for
            # this (0.10-0.15 ms of a long question of the bench mix).
            topical = [i for i in meant if not self._kind_word(words[i])] or meant
        alone = topical[0] if len(topical) == 1 else None
        named_words: set[int] = set()
        plain: dict[int, int] = {}  # word -> its concept's place in ``found``
        small_codes: list[int] = []  # "ALL", "AS": codes that are small words
        i = 0
        while i < len(words):
            named = self.namer.name_at(words, keys, i, lay, lone=i == alone)
            if named:
                n, key = named
                phrase = " ".join(w for w in words[i : i + n] if w)
                concept = self.concepts.of_name(phrase, key, expand)
                if n == 1 and words[i].lower() in STOP_WORDS:
                    small_codes.append(len(found))
                found.append(self.concepts.spelt_out(concept) if expand else concept)
                # A kind word after a name it makes no longer name with says
                # what the name is (`gout disease`, `als disease`): read with
                # it, as the name alone is. Searched, "disease" put the
                # sections that say it most (Research) before the Summary.
                if i + n < len(words) and keys[i + n] in SAID_KINDS:
                    n += 1
                named_words.update(range(i, i + n))
                i += n
                continue
            word, low = words[i], words[i].lower()
            if word in OPERATORS:
                pass  # an operator where it is no syntax means nothing
            elif low not in FILLER or (word.isupper() and len(word) > 1):
                derived = self.namer.derived(word) if expand else None
                as_typed = typed[i]
                if i + 1 < len(words) and not words[i + 1] and typed[i + 1]:
                    # One word of the texts typed as two ("p 53": p53): what
                    # was typed is both, not the first alone ("p").
                    as_typed = f"{typed[i]} {typed[i + 1]}"
                concept = word_concept(derived or word, as_typed)
                if concept is not None and expand:
                    concept = self.concepts.spelt_out(concept)
                if concept is not None:
                    plain[i] = len(found)
                    found.append(concept)
            i += 1
        left = [i for i in topical if i not in named_words]
        if lay:
            peers = left[:1] if len(left) == 1 else []
        else:  # a message's words next to "and", "or", "vs" (small words aside)
            joins = [k for k, w in enumerate(words) if w.lower() in JOINING]
            peers = [i for i in plain if any(abs(i - k) <= PEER_REACH for k in joins)]
        said = _said(words) if peers and expand else []
        for i in peers if expand else ():
            # One word joined to a name as one more thing: `cold and flu`,
            # `cold vs flu` are about a cold as they are about flu, which
            # is a name, and so is the word typed alone (`cold`); in a
            # message too (`the difference between a cold and the flu`).
            if not _peer(words, said, i, named_words):
                continue
            named = self.namer.name_at(words, keys, i, lay, lone=True)
            if named and named[0] == 1 and i in plain:
                concept = self.concepts.of_name(words[i], named[1], expand)
                found[plain[i]] = self.concepts.spelt_out(concept)
        if small_codes and (
            not lay
            or any(c.entries for k, c in enumerate(found) if k not in small_codes)
        ):
            # A small word in capitals beside another name, or in a message,
            # is more often said loud than a code: `what IS lupus` is no
            # *West syndrome* (IS), `pain AT night` no ataxia-telangiectasia.
            found = [c for k, c in enumerate(found) if k not in small_codes]
        if not found:
            # Only filler: search the words that are not stop words as typed.
            for word in words:
                if word.lower() not in STOP_WORDS:
                    concept = word_concept(word, word)
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


def _said(words: list[str]) -> list[int]:
    """The places of the words that are no small words, and of those that
    join (:data:`~indexer.naming.JOINING`): what :func:`_peer` reads. Once
    a query: a pasted message asked it again for each of its peers (0.4 ms
    of a long question's planning under cProfile, 1,143 times in 150)."""
    return [
        k
        for k, w in enumerate(words)
        if w.lower() in JOINING or w.lower() not in STOP_WORDS
    ]


def _peer(words: list[str], said: list[int], i: int, named: set[int]) -> bool:
    """Whether word ``i`` is joined to a named word by "and", "or" or "vs"
    (:data:`~indexer.naming.JOINING`), small words aside: `cold and flu`,
    `a cold or the flu`; not `aneurysm rupture`, where the word says what
    befell the named thing. ``said`` is :func:`_said` of the words.

    >>> words = "a cold or the flu".split()
    >>> _peer(words, _said(words), 1, {4}), _peer(["flu", "cold"], [0, 1], 1, {0})
    (True, False)
    """
    if i not in said:
        return False
    at = said.index(i)
    return any(
        0 <= at + 2 * step < len(said)
        and words[said[at + step]].lower() in JOINING
        and said[at + 2 * step] in named
        for step in (-1, 1)
    )


def _as_typed(words: list[str], read: list[str], kept: tuple[str, ...]) -> list[str]:
    """``read`` with the words of ``kept`` (lowercased) as they were typed.

    >>> _as_typed(["Osteo", "pian"], ["osteon", "pain"], ("osteo",))
    ['Osteo', 'pain']
    """
    return [w if w.lower() in kept else r for w, r in zip(words, read, strict=True)]


def _replaced(text: str, words: list[str]) -> str:
    """The text as typed, with only the changed words replaced."""
    fixes = iter(words)
    fixed = WORD.sub(lambda _: next(fixes), text)
    return " ".join(fixed.split())  # a word joined to the one before


def _stems(name: str) -> str:
    """A name's words stemmed, in order: "side effect" is "side effects"."""
    return " ".join(plain_term(w) for w in name_key(name).split())


def _as_kind(concept: Concept) -> Concept:
    """A named concept as the words typed only: no entries, no synonyms."""
    typed = tuple(a for a in concept.alternatives if a.kind != SYNONYM)
    return replace(
        concept,
        alternatives=typed or concept.alternatives[:1],
        entries=(),
        synonyms=(),
        name_only=(),
        thin=False,
    )


def _age_as_context(concepts: list[Concept], text: str) -> list[Concept]:
    """The concepts, the words of a person's age (:data:`AGE`) weighed as
    chatter (``Tuning.chatter``) where the query asks about something else,
    as :func:`_people_as_context` weighs who it is about: `normal blood
    pressure for a 60 year old` put *Shingles*' "Who Is at Risk" (people
    60 and older) before every blood pressure page; nor is an age said
    bare after who it is (:data:`AGE_SAID`: `my daughter is 6 and has a
    rash` listed two pages that write "6" after *Rashes*). A duration ("for
    6 months") is no age: it may be what is asked."""
    ages = [m.group() for m in AGE.finditer(text)]
    ages += [m.group(1) for m in AGE_SAID.finditer(text)]
    aged = {name_key(w) for age in ages for w in [age, *WORD.findall(age)]}
    if not aged:
        return concepts
    other = [c for c in concepts if name_key(c.label) not in aged]
    if not other:
        return concepts
    return [
        replace(c, chatter=True) if name_key(c.label) in aged else c for c in concepts
    ]


def _people_as_context(concepts: list[Concept], words: list[str]) -> list[Concept]:
    """The concepts, a word for who the question is about (:data:`PEOPLE`)
    weighed as chatter (``Tuning.chatter``) where another concept names a
    condition (an entry's name, or a name of the thesaurus: `high fever in
    a toddler` listed three toddler pages before *Fever*): it says who has
    it, not what to read. `my son has a fever`
    listed inheritance pages ("passed from father to son") right after
    *Fever*, `toddler with a cough` three toddler pages before *Cough*.
    Alone, beside no name (`healthy toddler`), or after "in" or "for"
    (`diabetes in children`: *Diabetes in Children and Teens*), it is the
    topic, or part of it.

    :param words: the query's words, to find the people it is about.
    """
    if not any(c.entries or c.synonyms for c in concepts):
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


def _make_parser() -> qparser.QueryParser:
    parser = qparser.QueryParser(f.BODY, schema=f.build_schema())
    # Wildcards, fuzzy terms, ranges, boosts and field prefixes are costly
    # or surprising in a public search box; plain words, phrases,
    # AND/OR/NOT and grouping remain. No +/- either: a hyphen belongs to
    # terms like COVID-19 (a minus before a word is read before parsing,
    # see left_out).
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
