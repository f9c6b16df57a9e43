"""People's names in a query: possessives and eponyms.

People type a name said after someone with its apostrophe or without
("alzheimer's", "crohns", "swimmers ear"), without its "s" ("lou gehrig
disease"), or without the disease or syndrome it names ("osgood
schlatter", "wegener's"). The index holds the name whole. These rules read
such a run as that name; :class:`~indexer.naming.Namer` asks them of the
runs it finds no name in as typed. Kept apart from it because each rule
weighs how sources carry the names, not how the query's words run.
"""

from __future__ import annotations

from collections.abc import Callable

from .analysis import STOP_WORDS, analyse, may_be_possessive
from .lru import MAX_REMEMBERED, remembered
from .names import NameIndex, NameMatch, written_name
from .spelling import Speller
from .wordforms import DERIVED_ENDINGS

#: What a name in the possessive alone stands for ("Parkinson's", see
#: :meth:`Eponyms.of_possessive`), in this order.
EPONYM_KINDS = ("disease", "syndrome")
#: Names read to tell whether a run is an eponym alone (see
#: :meth:`Eponyms.bare`): more that begin with it, and it begins
#: other names too.
EPONYM_ROWS = 40
#: A run whose rarest word is in more sections than this, and than
#: ``EPONYM_SPREAD`` times the sections of the entries it names, is the
#: texts' word for something else (see :meth:`Eponyms._bare_of`):
#: other texts may say a name too ("Beckwith-Wiedemann" in Wilms tumor's
#: risks), but not a hundred times as often as its own ("still").
EPONYM_DF = 20
EPONYM_SPREAD = 4
#: Endings of words that describe, which no eponym has (see
#: :meth:`Eponyms.bare`).
DESCRIBING = tuple(end for end, _ in DERIVED_ENDINGS if end != "y")


class Eponyms:
    """Reads possessives and eponyms in one index snapshot.

    :param names: the snapshot's names.
    :param speller: whether people write a word every day.
    :param frequency: about how many sections hold a term.
    """

    def __init__(
        self, names: NameIndex, speller: Speller, frequency: Callable[[str], int]
    ) -> None:
        self.names = names
        self.speller = speller
        self.df = frequency
        # Word key -> its key in the possessive, or "" (see possessive).
        self._possessives: dict[str, str] = {}
        # Run key -> the eponym it is alone, or "" (see bare).
        self._bare: dict[str, str] = {}
        # Possessive key -> the one thing it owns, or "" (see owned).
        self._owners: dict[str, str] = {}

    def unmarked(self, key: str) -> str | None:
        """The key of the name a run is with a possessive typed without its
        apostrophe and its "s": "swimmer ear" is *Swimmer's ear*, "de
        quervain thyroiditis" *de Quervain's thyroiditis*, "lou gehrig
        disease" *Lou Gehrig's disease*. Not past the last word: "parkinson"
        is no possessive (see :meth:`bare`)."""
        words = key.split()
        for j, word in enumerate(words[:-1]):
            if word in STOP_WORDS or not word.isalpha() or word == "s":
                continue
            form = " ".join([*words[: j + 1], "s", *words[j + 1 :]])
            if self.names.is_name(form):
                return form
        return None

    def bare(self, key: str) -> str | None:
        """The key of the disease or syndrome a run stands for alone,
        without a possessive, where every name that begins with the run is
        it so: "osgood schlatter" is *Osgood-Schlatter disease*, "troyer"
        *Troyer syndrome*. A run that begins other names too ("kidney":
        *Kidney stones*, *Kidney disease*) names none of them.

        A person's or a place's name, not a word that describes
        ("demyelinating" of *Demyelinating disease*, in "demyelinating
        sensory neuropathy"), nor one the texts use for much else ("paine",
        which the stemmer makes "pain", of *Paine syndrome*)."""
        words = key.split()
        if words[-1] in STOP_WORDS or any(w.endswith(DESCRIBING) for w in words):
            return None
        found = remembered(self._bare, key, self._bare_of, MAX_REMEMBERED)
        return found or None

    def _bare_of(self, key: str) -> str:
        """:meth:`bare` of a run it may be, or "" for none."""
        return self._named(key, any_rest=False)

    def _named(self, key: str, *, any_rest: bool) -> str:
        """The key of the name a run stands for alone, or "" for none.

        :param any_rest: also a name that goes on from the run by any one
            word, not only "disease" or "syndrome" (a possessive's, see
            :meth:`owned`).

        The run stands for the disease or syndrome named after it that most
        sources carry ("marfan": *Marfan syndrome*, also "Marfan's
        syndrome"), when every other name it begins is that thing's too:
        another name of its entries ("tourette disorder"), or one that goes
        on from "disease" or "syndrome" ("lyme disease blood test",
        "marfan syndrome type 1"). Not when it begins another thing's
        name: "cushing" begins *Cushing disease* and *Cushing syndrome*,
        two topics, and "becker" *Becker muscular dystrophy* as well as
        "Becker's disease". And not when the texts use its words far
        beyond that thing's own sections: "still" (*Still's disease*) is
        an everyday word, "paine" the stemmer's "pain"."""
        starting = self.names.beginning_with(key, EPONYM_ROWS)
        if len(starting) >= EPONYM_ROWS:
            return ""  # the start of many names ("kidney"), not one's
        rests = {name: name[len(key) + 1 :].removeprefix("s ") for name in starting}
        kinds = [
            name
            for name, rest in rests.items()
            if (rest in EPONYM_KINDS or (any_rest and rest and " " not in rest))
            and self._after_someone(name)
        ]
        if not kinds:
            return ""
        eponym = max(sorted(kinds), key=self._sources)
        mine = {m.entry_id for m in self._carrying(eponym)}
        for name, rest in rests.items():
            if rest == rests[eponym] or (
                rest.split()[0] in (*EPONYM_KINDS, rests[eponym]) and name not in kinds
            ):
                continue  # the name with or without "'s", or goes on from it
            theirs = {m.entry_id for m in self._carrying(name)}
            if not mine & theirs and self._sources(name) >= self._sources(eponym):
                return ""  # as much another thing's name
        own = sum(max(m.sections, 1) for m in self._carrying(eponym))
        most = max(EPONYM_DF, EPONYM_SPREAD * own)
        if min(self.df(t) for t in analyse(key)) > most:
            return ""
        return eponym

    def owned(self, typed: str, key: str) -> str | None:
        """The key of the one thing a name in the possessive is the owner of,
        when no disease or syndrome is (:meth:`of_possessive`): "wegener's" is
        *Wegener's granulomatosis*, "kaposi's" *Kaposi's sarcoma*, "bell's"
        *Bell's palsy*, "athlete's" *Athlete's foot*, each named by a word
        after the possessive that most sources carry (as
        :meth:`_bare_of` picks a disease or syndrome). Typed without
        its apostrophe, only a word people do not write every day:
        "wegeners" and "kaposis" are possessives, "athletes" and "runners"
        plurals."""
        if "'" not in typed and self.speller.everyday(typed):
            return None
        found = remembered(self._owners, key, self._owned_of, MAX_REMEMBERED)
        return found or None

    def _owned_of(self, key: str) -> str:
        """:meth:`owned` of a possessive's key, or "" for none: the name
        as written with the possessive ("wegener s granulomatosis") or
        without it ("kaposi sarcoma")."""
        bare = key.removesuffix(" s")
        return self._named(key, any_rest=True) or (
            self._named(bare, any_rest=True) if bare != key else ""
        )

    def _after_someone(self, name: str) -> bool:
        """Whether a disease's or syndrome's name begins with a person's
        name, not a code in capitals ("CHILD syndrome")."""
        return not written_name(name, self._carrying(name)).split()[0].isupper()

    def _sources(self, name: str) -> tuple[int, int]:
        """How many sources, then entries, carry a name."""
        carrying = self._carrying(name)
        return len({m.source for m in carrying}), len(carrying)

    def possessive(self, word: str, key: str) -> str | None:
        """The key of a word in the possessive ("alzheimer's": "alzheimer
        s"), also typed without its apostrophe ("alzheimers", "crohns", as
        people most often type it) where some name says the word so
        ("Crohn's disease"): a plural of an everyday word ("kidneys") is no
        one's name. None for any other word."""
        if word.lower().endswith("'s"):
            return key
        if not may_be_possessive(word.lower()):
            return None
        # Asked of most plurals of a message: remembered, and settled by
        # the names' first words (a table of their own) where it can be.
        found = remembered(self._possessives, key, self._possessive_of, MAX_REMEMBERED)
        return found or None

    def _possessive_of(self, key: str) -> str:
        """A plural's key as the possessive some name begins with, or ""."""
        possessive = f"{key[:-1]} s"
        if self.names.starts_a_name(key[:-1]) and self.names.begins_a_name(possessive):
            return possessive
        return ""

    def possessed(self, first: str, key: str, starts: bool) -> str | None:
        """The key of the name a run of several words is with one word read
        as a possessive typed without its apostrophe: its first, where some
        name says that word so (:meth:`possessive`: "swimmers ear" is
        *Swimmer's ear*), or another, where some name begins with the first
        (``starts``: "lou gehrigs disease", "coal workers pneumoconiosis");
        or that name with "disease" or "syndrome" where the run ends in the
        possessive and some name begins with it so ("lou gehrigs", "lou
        gehrig's": *Lou Gehrig's disease*; "motor neurons" is no *Motor
        neuron disease*)."""
        if not starts and first[-1:] not in ("s", "S"):
            return None  # only the first word may be one, and it is not
        if "s " not in key and not key.endswith("s"):
            return None  # no word that may be a possessive: most runs
        words = key.split()
        forms = [key] if starts and words[-1] == "s" else []  # as written
        if not first.lower().endswith("'s"):
            head = self.possessive(first, words[0])
            if head:
                forms.append(" ".join([head, *words[1:]]))
        if starts:
            forms += [
                " ".join([*words[:j], f"{word[:-1]} s", *words[j + 1 :]])
                for j, word in enumerate(words[1:], 1)
                if may_be_possessive(word)
            ]
        for form in forms:
            if form != key and self.names.is_name(form):
                return form
            if form.endswith(" s"):
                eponym = self.of_possessive(form)
                # A name says it so, unless typed with its apostrophe: the
                # rarer test last (a prefix scan, against a few lookups).
                if eponym and (form == key or self.names.begins_a_name(form)):
                    return eponym
        return None

    def of_possessive(self, key: str) -> str | None:
        """The key of the disease or syndrome a name in the possessive
        stands for alone, as people say it: "alzheimer's symptoms" is
        *Alzheimer's disease*, "down's" *Down syndrome*. Alone, the word
        named nothing. Not a code's syndrome: "child's" is no *CHILD
        syndrome*.

        Of the name with the possessive ("alzheimer s disease") and without
        it ("alzheimer disease"), the one more sources carry: the name most
        collections know the topic by, the one typed on a tie. Always the
        one without, `alzheimer's` named two subtypes that carry "Alzheimer
        disease" among their names and none of the three consumer
        collections' *Alzheimer's Disease*; always the one typed, `down's`
        would lose MedlinePlus's *Down Syndrome*.
        """
        bare = key.removesuffix(" s")
        for kind in EPONYM_KINDS:
            names = [
                name
                for stem in dict.fromkeys((key, bare))
                if self.names.is_name(name := f"{stem} {kind}")
                and self._after_someone(name)
            ]
            if names:
                return max(names, key=lambda n: self._sources(n)[0])
        return None

    def _carrying(self, name: str) -> list[NameMatch]:
        """The entries that carry a name."""
        return list(self.names.entries.get(name, ()))
