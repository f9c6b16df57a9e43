"""What a query searches for each name or word it holds: a
:class:`~indexer.plan.Concept`, whose alternatives are the words typed, the
name as the index writes it, its other names (``heart attack`` also as
``myocardial infarction``) and what the texts say a code stands for, with
the entries the name names, which ranking knows.

Where a query's words make a name is :class:`~indexer.naming.Namer`'s to
find; this module says what each found name, or each word left, becomes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache

from .analysis import analyse, is_code, one_word_left
from .lru import MAX_REMEMBERED, remembered
from .names import (
    MAX_FILED_ROWS,
    MAX_NAMED_ENTRIES,
    NameMatch,
    head_of,
    name_key,
    written_name,
)
from .naming import HURTS_WHEN, Namer
from .plan import CORRECTION, PARTS, SYNONYM, TYPED, Alternative, Concept
from .wordforms import ORDINAL_WORDS, derived_forms, other_tense, unusual_forms

#: At most this many other names of a name are searched.
MAX_ALTERNATIVES = 4
#: The words a name of a pain says it with.
PAINS = frozenset({"pain", "painful", "sore"})
#: A title shared by more entries than this is no one topic either.
MAX_TITLED_ENTRIES = 12
#: Names' concepts kept per snapshot (some 1.5 KB each).
MAX_MADE = 4_096


class Concepts:
    """The concepts of the names a snapshot's queries hold.

    :param namer: the snapshot's names, as a query reads them.
    :param definitions: what the texts say a code stands for (none).
    """

    def __init__(
        self,
        namer: Namer,
        definitions: Callable[[str], tuple[str, ...]] = lambda code: (),
        topic_of: Callable[[NameMatch], Iterable[NameMatch]] | None = None,
    ) -> None:
        self.namer = namer
        self.names = namer.names
        self.df = namer.df
        self.definitions = definitions
        self.topic_of = topic_of or self._titled_alike
        # Head key -> how many entries are filed under it (see _umbrella).
        self._filed: dict[str, int] = {}
        # (Phrase, key, expand) -> its concept (see of_name).
        self._made: dict[tuple[str, str, bool], Concept] = {}
        # (name key, terms typed) -> the terms as the index writes the name
        # (see _as_written).
        self._hyphened: dict[tuple, tuple[str, ...] | None] = {}

    def spelt_out(self, concept: Concept) -> Concept:
        """A code's concept, also searched as what the texts say it means."""
        if " " in concept.label or not self.namer.codes.is_code(concept.label):
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

    def _named(self, key: str, other: frozenset[str]) -> tuple[list[NameMatch], bool]:
        """The entries a name names: those it is the title of, however many
        (one topic told by several sources: eight entries are titled
        "Breast Cancer"), and those it is another name of, unless that
        makes more than a few (then it is too common to name them); for an
        entry held by name only, also the entries with text titled as it
        is (see :meth:`_same_topic`); not those in ``other``, which mean
        something else by it (:meth:`~indexer.names.NameIndex.meaning_else`).
        And whether those with text are of a broader topic."""
        matches = [m for m in self.names.named(key) if m.entry_id not in other]
        if len(matches) > MAX_NAMED_ENTRIES:
            matches = [m for m in matches if m.title_key == key][:MAX_TITLED_ENTRIES]
        same, broader = self._same_topic(matches)
        return [*matches, *same][:MAX_TITLED_ENTRIES], broader

    def _same_topic(self, matches: list[NameMatch]) -> tuple[list[NameMatch], bool]:
        """Entries with text titled as the named entries, when each of those
        is held by name only, else those of their topic (:mod:`indexer.topics`,
        as an entry page's "also from" reads it): the same topic from other
        sources. "migraine headache" is a name only A.D.A.M.'s *Migraine*
        gives, and its text is withheld; MedlinePlus's and NINDS's
        *Migraine* answer it. "fatty liver" names only A.D.A.M.'s *Fatty
        liver - nonalcoholic*, no entry with text is titled so, and its
        topic holds GARD's and NIDDK's *Nonalcoholic steatohepatitis* (one
        of A.D.A.M.'s other names for it). Where neither holds text, the
        broader topic A.D.A.M. files it under (:meth:`_headed`): "leg
        swelling" is *Edema*; then True."""
        if any(m.sections for m in matches):
            return [], False  # the name names a topic this index holds text of
        held = {m.entry_id for m in matches}
        out: list[NameMatch] = []
        # Those titled alike first: working a topic out for every name held
        # by name only cost 0.3 ms of a long question's planning at ten
        # MedQuADs, and where entries are titled alike they are its core.
        for alike in (self._titled_alike, self.topic_of, self._headed):
            for match in matches:
                for other in alike(match):
                    if other.sections and other.entry_id not in held:
                        held.add(other.entry_id)
                        out.append(other)
            if out:
                return out, alike == self._headed
        return out, False

    def headed_by(self, key: str) -> list[NameMatch]:
        """The entries held by name only filed under ``key``, the head of
        their names written "head - qualifier"
        (:meth:`~indexer.leftout.LeftOut.filed_under_head`: `how to use an
        inhaler`), none where it is no such head: what a query of those
        words says is known by name only, and a synonym lookup of them
        lists."""
        return list(self.namer.left_out.filed_under_head(key))

    def filed_under(self, match: NameMatch) -> list[NameMatch]:
        """The entries with text of the broader topic an entry held by name
        only is filed under (:meth:`_headed`), where its own topic holds
        no text: what its page and a synonym lookup offer to read."""
        same, broader = self._same_topic([match])
        return same if broader else []

    def broader(self, match: NameMatch) -> list[NameMatch]:
        """The entries with text of the broader topic ``match`` is filed
        under (:meth:`_headed`), whatever its own topic holds: for an entry
        known to be a topic of its own, held by name only, where
        autocomplete has none of its topic's to offer and :meth:`filed_under`
        would work that topic out again."""
        return [m for m in self._headed(match) if m.sections]

    def _headed(self, match: NameMatch) -> list[NameMatch]:
        """The entries titled as the broader topic A.D.A.M. files ``match``
        under: the head of a name written "head - qualifier" ("Edema -
        peripheral" of *Foot, leg, and ankle swelling*, "Angina - discharge"),
        its title's head where the index holds that topic's text, else the
        head most of its names give ("Angina - stable" and "Angina - chronic"
        against one "Chest pain - angina"), none on a tie: the text nearest
        to a topic held by name only. Not a head too many entries are filed
        under (:meth:`_umbrella`)."""
        heads: Counter[str] = Counter()
        for name in match.names:
            key = head_of(name)
            titled = self._titled(key) if key and key != match.title_key else []
            if titled and not self._umbrella(key):
                if name == match.title:
                    return titled
                heads[key] += 1
        best = heads.most_common(2)
        if not best or (len(best) == 2 and best[0][1] == best[1][1]):
            return []
        return self._titled(best[0][0])

    def _umbrella(self, head: str) -> bool:
        """Whether more entries are filed under ``head`` (a name "head -
        qualifier") than a name may name (:data:`MAX_NAMED_ENTRIES`): such a
        head is a heading over many topics, not the topic of one. "Pain",
        "Biopsy" and "Cancer" head some 34 each in MedQuAD, "Surgery" 9:
        *Pain*'s summary answered `pain in my heel` before *Heel Injuries
        and Disorders*, *Surgery*'s `craniotomy`. Below it: "Edema" (1),
        "Hernia" (4), "Back pain" (5)."""
        count = self.names.count_filed_under
        filed = remembered(
            self._filed, head, lambda h: count(h, MAX_FILED_ROWS), MAX_MADE
        )
        return filed > MAX_NAMED_ENTRIES

    def _titled_alike(self, match: NameMatch) -> list[NameMatch]:
        """The entries titled as ``match`` (its topic where no topics are
        given: the first of :mod:`indexer.topics`' rules)."""
        return self._titled(match.title_key)

    def _titled(self, key: str) -> list[NameMatch]:
        """The entries titled ``key``."""
        return [m for m in self.names.entries.get(key, ()) if m.title_key == key]

    def _means_else(self, name: str, entries: tuple[str, ...]) -> bool:
        """Whether an abbreviation among a name's synonyms is also another
        name of an entry the name does not mean: "MI" for heart attack,
        where an entry on mitral insufficiency lists "MI" too. Searched,
        it would bring that entry in by its names."""
        if not is_code(name):
            return False
        return any(m.entry_id not in entries for m in self.names.named(name_key(name)))

    def of_name(self, phrase: str, key: str, expand: bool) -> Concept:
        """The concept of a name typed as ``phrase``: its words, its other
        names, the entries it names. The same names come back query after
        query: remembered (bounded)."""
        asked = (phrase, key, expand)
        return remembered(self._made, asked, self._new_concept, MAX_MADE)

    def _new_concept(self, asked: tuple[str, str, bool]) -> Concept:
        phrase, key, expand = asked
        names = self.names
        other_meaning = names.meaning_else(key)
        matches, broader = self._named(key, other_meaning)
        entries = tuple(m.entry_id for m in matches)
        typed_terms = tuple(dict.fromkeys(analyse(self._read_as_pain(phrase, key))))
        typed_terms = self._as_written(key, typed_terms) or typed_terms
        alternatives = [Alternative(typed_terms)]
        synonyms: list[str] = []
        written = written_name(key, matches)
        # As written: the key splits a possessive ("parkinson s disease"),
        # whose lone "s" was searched, and marked in every "person's".
        name_terms = tuple(dict.fromkeys(analyse(written)))
        if expand and name_key(phrase) != key and set(name_terms) != set(typed_terms):
            # Another form of the name was typed ("anemic" for anemia,
            # "parkinsons" for Parkinson's disease): the name's own words
            # match as well as what was typed, and the page says so.
            # Where the name only adds words to what was typed ("osgood
            # schlatter": *Osgood-Schlatter disease*), they count together:
            # "disease" alone is in thousands of sections.
            more = set(typed_terms) < set(name_terms) or key.startswith(
                name_key(phrase) + " "
            )
            alternatives.append(Alternative(name_terms, together=more))
            synonyms.append(written)
        if expand:
            others = sorted(names.synonyms(key), key=lambda n: (len(n.split()), n))
            others = [n for n in others if not self._means_else(n, entries)]
            # Nor is the title of an entry that means something else by it.
            meaning_else = {
                m.title_key
                for m in names.entries.get(key, ())
                if m.entry_id in other_meaning
            }
            others = [n for n in others if name_key(n) not in meaning_else]
            found = [(n, tuple(dict.fromkeys(analyse(n)))) for n in others]
            # A name of several words less its small words is another word:
            # "throw up" searched as "throw" met "slippery throw rugs".
            found = [(n, t) for n, t in found if not one_word_left(n)]
            for other, terms in found[:MAX_ALTERNATIVES]:
                alternatives.append(Alternative(terms, SYNONYM, together=True))
                synonyms.append(other)
            if synonyms and (one_word_left(phrase) or not typed_terms):
                # So is the name typed ("throwing up"), or one typed as a
                # code that is also a small word ("ALL": no term): its other names
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
        thin = bool(entries) and not synonyms and one_word_left(phrase)
        # A way of matching with no terms matches nothing ("ALL" typed).
        alternatives = [a for a in alternatives if a.terms] or alternatives
        return Concept(
            phrase,
            tuple(alternatives),
            entries,
            tuple(synonyms),
            thin=thin,
            # Filed under a broader topic, the name's own entries are still
            # known here by name only: the page links to their text.
            name_only=_name_only(
                key, [m for m in matches if not (broader and m.sections)]
            ),
            unwritten=self._unwritten(key, written, matches),
        )

    def _unwritten(
        self, key: str, written: str, named: list[NameMatch]
    ) -> tuple[str, ...]:
        """The entries with text a code names, not titled so, whose text
        never writes it, when another named entry's text does and they are
        not of its topic (see ``Concept.unwritten``): NINDS's *Multiple
        Sclerosis* never writes "MS", but GARD's *Multiple sclerosis* does.
        Codes only: a longer name is rarely two things, and its entries
        write it in other words (*Jervell and Lange-Nielsen syndrome*)."""
        if not is_code(written):
            return ()
        writers = [m for m in named if m.times_written(key)]
        if not writers:
            return ()
        topics = {o.entry_id for m in writers for o in self.topic_of(m)}
        return tuple(
            m.entry_id
            for m in named
            if m.sections
            and m.title_key != key
            and m.entry_id not in topics
            and not m.times_written(key)
        )

    def _read_as_pain(self, phrase: str, key: str) -> str:
        """The typed words of a name read as a pain, less the word that said
        it hurts where that word names a topic of its own ("it burns when i
        pee" is *Urination - painful*: searched, "burns" found *Burns* first),
        also as the word it is formed from ("burning": *Burns* by "burn").
        A word that names nothing ("hurts") stays: it meets the texts' "it
        hurts" of the right topic."""
        typed, named = name_key(phrase).split(), set(key.split())
        if not PAINS & (named - set(typed)):
            return phrase  # not read as a pain ("ear ache": earache)
        said = {
            w
            for w in typed
            if w in HURTS_WHEN
            and w not in named
            and (
                self.names.is_name(w)
                or any(self.namer.name_of(base) for base in derived_forms(w))
            )
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
        return remembered(
            self._hyphened, (key, typed), self._joined_as_written, MAX_REMEMBERED
        )

    def _joined_as_written(
        self, asked: tuple[str, tuple[str, ...]]
    ) -> tuple[str, ...] | None:
        key, typed = asked
        names = [n for m in self.names.named(key) for n in (m.title, *m.names)]
        joined = None
        for name in names:
            if "-" in name and name_key(name) == key:
                terms = tuple(dict.fromkeys(analyse(name)))
                apart = tuple(dict.fromkeys(analyse(name.replace("-", " "))))
                if terms != typed and apart == typed and self._in_texts(terms, typed):
                    joined = terms
                    break
        if joined is None:
            return None
        for name in names:  # also written as typed: "Parkes Weber"
            if name_key(name) == key and tuple(dict.fromkeys(analyse(name))) == typed:
                return None
        return joined

    def _in_texts(self, terms: tuple[str, ...], typed: tuple[str, ...]) -> bool:
        """Whether some section writes each joined term of a name (those
        not typed): A.D.A.M. joins a qualifier to a name with a hyphen
        ("Breast cancer-prevention", "LCIS-risk"), a term no text has, and
        `breast cancer prevention` searched as it found nothing but its
        first word."""
        return all(self.df(term) for term in terms if term not in typed)


@lru_cache(maxsize=16_384)
def word_concept(word: str, typed: str) -> Concept | None:
    """A plain word. A compound is also matched by its parts; a corrected
    word also by what was typed, in case the index knows it after all.

    Remembered: a message's words come back query after query, and a
    concept is the same whatever the index."""
    terms = tuple(analyse(word))
    if not terms:
        return None
    kind = TYPED if word == typed else CORRECTION
    alternatives = [Alternative(terms, kind)]
    if kind == CORRECTION:
        # Words typed apart ("gall bladder") match only together.
        alternatives.append(Alternative(tuple(analyse(typed)), together=" " in typed))
    # A compound of words ("non-cancerous"), not a number ("4.5") or one
    # with a number in it ("16p11.2").
    hyphened = "-" in word and "." not in word
    if "-" in word or "." in word:
        parts = tuple(t for p in re.split(r"[-.]", word) if p for t in analyse(p))
        if parts and parts != terms:
            # The words of a compound as typed mean it only together:
            # "non-cancerous" is no "cancer" alone, which listed *Cancer*'s
            # Summary second. Not a correction's, each a guess
            # ("lilson-turner" read as "larson-turner"), nor a number's
            # digits, each counted alone as before.
            together = hyphened and kind == TYPED
            alternatives.append(
                Alternative(parts, PARTS if kind == TYPED else kind, together=together)
            )
    if hyphened:
        # And the compound written as one word, as the texts may write it
        # more often: "noncancerous" (124 times, "non-cancerous" 26).
        joined = tuple(analyse(word.replace("-", "")))
        if len(joined) == 1 and joined != terms:
            alternatives.append(Alternative(joined, kind))
    # An ordinal in digits is the word the texts write ("1st trimester").
    ordinal = ORDINAL_WORDS.get(word.lower())
    if ordinal:
        alternatives.append(Alternative(tuple(analyse(ordinal)), kind))
    # The word in an unusual other number is the same word ("metastasis",
    # "metastases"), which the stemmer leaves apart.
    # And a past form no ending makes is its verb ("stung": sting).
    tense = other_tense(word)
    for form in (*(unusual_forms(word.lower()) if word.isalpha() else ()), tense):
        other = tuple(analyse(form)) if form else ()
        if other and other != terms:
            alternatives.append(Alternative(other, kind))
    return Concept(word, tuple(a for a in alternatives if a.terms))


def _name_only(key: str, named: list[NameMatch]) -> tuple[str, ...]:
    """The entries named if the index holds none of them with text (a drug
    or A.D.A.M. article MedQuAD names but withholds): ``amoxicillin``
    matches no section, and the page should still say what it is. Those
    titled so first: ``wheezing`` is *Wheezing*, then *Stridor*'s other name."""
    if any(m.sections for m in named):
        return ()
    return tuple(m.entry_id for m in sorted(named, key=lambda m: m.title_key != key))
