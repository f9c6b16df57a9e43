"""Names in a query's words: the runs that are a title, an alternative
name, a curated synonym or a code, read as a query reads its words (in the
other number, another order, a word cut short, a lay word of the name's
group).

A name found is one concept of the plan (see
:class:`~indexer.understanding.Planner`); what the concept searches (the
name's other names, what a code stands for) is :mod:`indexer.concepts`'s.
Spelling correction asks here too, whether a word is part of a name as
typed (no misspelling) and which spelling of it makes one
(:class:`~indexer.corrections.Corrector`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .analysis import (
    FILLER,
    SMALL_WORDS,
    STOP_WORDS,
    WORD,
    analyse,
    plain_term,
    word_bag,
)
from .codes import AS_CODE, Codes
from .eponyms import Eponyms
from .leftout import KIND_WORDS, SAID_KINDS, VAGUE_KINDS, LeftOut
from .lru import MAX_REMEMBERED, remembered
from .names import MAX_NAME_WORDS, NameIndex, name_key
from .spelling import Speller, edits
from .wordforms import (
    DESCRIBING_WORDS,
    derived_forms,
    described_names,
    digit_forms,
    each_unusual,
    number_forms,
    numeral_forms,
    unusual_forms,
)

#: Runs of at most this many words are also looked up as names in any
#: order and without their small words (:meth:`Namer._name_of`): "ears
#: ringing", "cancer of the lung", "spinal muscular atrophy type I". Each
#: further length is one more lookup at every word of a message: planning
#: the bench mix cost 0.06 ms more a query at six, 0.3 ms at eight (all),
#: and four lost the generated sets' longer names.
MAX_BAG_WORDS = 6
#: A run's other forms kept per snapshot: tuples of strings, fewer than
#: the other answers (:data:`~indexer.lru.MAX_REMEMBERED`).
MAX_FORMS = 20_000
#: How people say a part of them is in pain, after naming it ("my back
#: hurts"): the run is then the part's pain, where a name says so (see
#: :meth:`Namer._lay_forms`).
HURTS = frozenset({"hurts", "hurt", "hurting", "ache", "aches", "aching", "sore"})
#: How people say something they do hurts, before saying what ("it hurts
#: when I pee", "burning when I swallow"): the run is then the doing made
#: painful, where a name says so (*Urination - painful*, *Painful
#: swallowing*; see :meth:`Namer._lay_forms`).
HURTS_WHEN = HURTS | {"burns", "burning", "stings", "stinging", "pain", "painful"}
WHEN = frozenset({"when", "while"})
#: What a query says a part is with ("my eyes are red"); no name says it.
COPULAS = frozenset({"is", "are", "was", "were", "am", "been", "being"})
#: How much a part is what it is said to be ("my throat is really sore",
#: "my ankles are very swollen"): no name says it, so a run said plainly
#: leaves these out.
DEGREE_WORDS = frozenset(
    {"very", "really", "so", "too", "quite", "extremely", "terribly", "awfully"}
)
#: Words a run said plainly leaves out or says otherwise, which a name's
#: bag may lack (see :meth:`Namer._said_plainly`): a part that hurts, or is
#: something now. Not "was", "were" or "been", which MedQuAD's bags lack
#: (they hold "is", "are", "am"): in a message those let runs reach further
#: past a third of its words, and planning a long question took 0.2 ms
#: longer.
SAID_AWAY = HURTS | DEGREE_WORDS | {"is", "are", "am"}
#: A word cut short ("hep", "vit", "diab") keeps three to five letters: a
#: longer unknown word is a misspelling, which the speller reads.
MIN_CLIP_LETTERS = 3
MAX_CLIP_LETTERS = 5
#: A word the texts write at most this many times may be two run together,
#: when each of the two is in this many times as many sections as it.
SPLIT_COUNT = 10
SPLIT_SHARE = 10


#: Names read to find one a run is with a slipped word (see
#: :meth:`Namer.slipped_name`), and how long a slipped word is at least.
#: Rows of word starts: they hold the names with the word further on too,
#: so 40 read 5 of MedQuAD's 38 names that begin with "kidney" and none of
#: "acid reflux"; 400 read all but those of the commonest first words
#: ("congenital", "familial": some 200 of 300), a first asking of each
#: word (it is remembered) some 0.1-0.4 ms.
SLIP_ROWS = 400
MIN_SLIP_LETTERS = 4


class Namer:
    """Finds names among a query's words in one index snapshot.

    :param names: the snapshot's names (titles, alternative names, groups).
    :param speller: how often the texts write a word, and whether people do.
    :param frequency: about how many sections hold a term (0: none).
    :param written: ``frequency`` as the texts write the term, a code in
        capitals the texts lack in none (``frequency`` reads it as its word).
    :param sequences: how many texts write these terms one after another
        (none: no run is read as a name without its kind word).
    """

    def __init__(
        self,
        names: NameIndex,
        speller: Speller,
        frequency: Callable[[str], int],
        written: Callable[[str], int] | None = None,
        sequences: Callable[[Sequence[str]], int] = lambda terms: 0,
    ) -> None:
        self.names = names
        self.speller = speller
        self.df = frequency
        self.written = written or frequency
        self.eponyms = Eponyms(names, speller, frequency)
        self.left_out = LeftOut(names, sequences)
        self.codes = Codes(speller, frequency, self.written)
        # Word key -> the one-word names of its curated groups (few words
        # have any; every run of a query asks, see :meth:`_lay_forms`).
        self._one_word: dict[str, tuple[str, ...]] = {}
        # Run key -> its other forms (see _other_forms): asked of every word
        # of a message alone, and the same words come back (0.3 ms of a long
        # question).
        self._forms: dict[str, tuple[str, ...]] = {}
        # Word key -> whether each of its words may be in a name's bag.
        self._baggable: dict[str, bool] = {}
        # Word key -> the names that begin with it (see slipped_name).
        self._starting: dict[str, tuple[tuple[str, list[str]], ...]] = {}
        # Word key -> the words one edit off it that begin names (_beginnings).
        self._begun: dict[str, tuple[tuple[str, int], ...]] = {}
        # Run key -> the one-word name it describes, or "" (_described_name).
        self._described: dict[str, str] = {}

    # -- names in a run of words -------------------------------------------

    def name_at(
        self,
        words: list[str],
        keys: list[str],
        i: int,
        lay: bool = False,
        *,
        lone: bool = False,
    ) -> tuple[int, str] | None:
        """The longest name starting at word ``i``: its length and key.

        :param keys: each word's name key (a name's key is its words' keys).
        :param lay: also in other words of its curated groups (see
            :meth:`_lay_forms`).
        :param lone: word ``i`` is the only word of the query that means
            anything (see :meth:`_single_name`).
        """
        longest = self.names.name_words(keys[i])
        small = _small(words[i])
        if small and not longest:
            return None  # names start with a word that means something
        runs = _run_keys(keys, i, min(MAX_NAME_WORDS, len(words) - i))
        # Runs longer than this hold a word of no name's bag (lay forms put
        # other words in: those are asked whole).
        bagged = len(runs) if lay else self._bag_reach(keys, i, len(runs))
        for n in range(len(runs), 0, -1):
            key = runs[n - 1]
            # A name as written starts with a word that starts some name
            # (the names' first words are tables of their own) and has no
            # more words than the longest such name: most runs of a message
            # are longer, or start no name, and their lookups as written
            # (and in other numbers) are not made.
            starts = longest > 0 and (
                key.count(" ") < longest or _fits_in_digits(key, longest)
            )
            as_written = starts or not keys[i]
            if lay and n > 1 and not small:
                named = self._clipped(words[i], key)
                if named:
                    return n, named
            if _small(words[i + n - 1]):
                # A name may end in a small word only as written: "throw
                # up", "pass out" (not "cat scan in", one word too far).
                if not small and n > 1 and as_written and self.names.is_name(key):
                    return n, key
                # Or a Roman numeral after a word that numbers ("type I").
                for other in numeral_forms(key) if lay and n > 1 else ():
                    if self.names.is_name(other):
                        return n, other
                continue
            if small:
                # Or with a small word, as written: "Down syndrome" (not
                # "a cat scan", which is "cat scan" one word on).
                if n > 1 and starts and self.names.is_name(key):
                    return n, key
                continue
            if not starts and n > MAX_BAG_WORDS:
                continue  # no lookup of :meth:`_name_of` applies
            if n == 1 and words[i].lower() in FILLER and not words[i].isupper():
                continue  # "wat is lupus" named *Wolffian tumor* by WAT
            if lay and n == 1 and longest > 1 and len(runs) > 1:
                # "systemic lupus" names no *Systemic*; in a query only: in a
                # message, asked of most words, 0.5 ms of a long question.
                if self._unfinished(runs[1]):
                    continue
            # A possessive inside a name is looked for in a query, not a
            # pasted message: there it cost some 0.8 ms a long question.
            named = self._name_of(
                words[i], key, n, starts, bags=False, inside=lay, lone=lone
            )
            if named:
                return n, named
            named = self._in_any_order(key, n, lay) if n <= bagged else None
            if named and not self._crossed(words, keys, i, n):
                return n, named
            if lay and starts and n > 1:
                # "inflammatory bowel": *Inflammatory bowel disease*; after
                # the other readings ("restless leg": *Restless Legs*).
                then = keys[i + n] if i + n < len(keys) else None
                named = self.left_out.name_of(key, then)
                if named:
                    return n, named
            described = 1 < n <= 4 and (
                keys[i] in DESCRIBING_WORDS or keys[i + n - 1] in DESCRIBING_WORDS
            )
            named = self._described_name(key) if described else None
            if named:
                return n, named  # "low thyroid": hypothyroidism
            if lay and n > 2:  # a run of two: in _name_of, for messages too
                named = self._with_two_joined(key)
                if named:
                    return n, named
        return None

    def _unfinished(self, pair: str) -> bool:
        """Whether a word and the next begin a longer name, where the word
        alone is a name only of entries held by name only: A.D.A.M. holds
        glossary words by name ("Systemic", "Chronic", "Benign"), and
        `systemic lupus` said *Systemic* was known by name only, though
        the two words begin *Systemic lupus erythematosus*."""
        if not self.names.begins_a_name(pair):
            return False
        first = pair.split(" ", 1)[0]
        titled = [m for m in self.names.entries.get(first, []) if m.title_key == first]
        return bool(titled) and not any(m.sections for m in titled)

    def starts_clipped(self, words: list[str], keys: list[str], i: int) -> bool:
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
        depression" *Postpartum depression*, also with its last word in the
        other number ("non cancerous tumor": *Noncancerous tumors*)."""
        words = key.split()
        for j in range(len(words) - 1):
            joined = words[j] + words[j + 1]
            if joined.isalpha() and self.speller.known(joined):
                form = " ".join([*words[:j], joined, *words[j + 2 :]])
                for name in (form, *number_forms(form)):
                    if self.names.is_name(name):
                        return name
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
        "ringing in ears", "vitamin b-12", "carpal tunnel"), or None."""
        words = [self.unhyphened(w) or w for w in WORD.findall(term)]
        keys = [name_key(w) for w in words]
        key = " ".join(k for k in keys if k)
        if not key or not 0 < len(words) <= MAX_NAME_WORDS:
            return None
        starts = self.names.starts_a_name(keys[0])
        named = self._name_of(words[0], key, len(words), starts)
        if not named and starts and len(words) > 1:
            named = self.left_out.name_of(key)
        if not named and len(words) > 1 and keys[-1] in SAID_KINDS:
            # A name and a word that says what kind of thing it is ("gout
            # disease"), as a query reads them (see Planner._concepts).
            named = self.name_of(" ".join(words[:-1]))
        return named

    def _name_of(
        self,
        first: str,
        key: str,
        n: int,
        starts: bool,
        *,
        bags: bool = True,
        inside: bool = True,
        lone: bool = False,
    ) -> str | None:
        """The key of the name a run of ``n`` words (``key``, from the
        word ``first``) is: as typed, in another form, as one word ("ear
        ache": earache), or, for several words and with ``bags``, in
        another order ("ringing in ears": ringing in the ears).

        :param starts: whether some name begins with the run's first word.
        :param inside: also a possessive typed without its apostrophe past
            the run's first word (see :meth:`~indexer.eponyms.Eponyms.possessed`).
        :param lone: the run is the query's only word (see :meth:`_single_name`).
        """
        # A word the speller cut in two ("bedsores": bed sores) is two words,
        # a name by the words' evidence, not a lone word's.
        several = n > 1 or " " in first
        if starts or n == 1:  # else the first word is as typed in every form
            if starts and self.names.is_name(key):
                if several or self._single_name(first, key, lone=lone):
                    return key
            for other in remembered(self._forms, key, self._other_forms, MAX_FORMS):
                if several:
                    if self.names.is_name(other):
                        return other
                elif self.names.starts_a_name(other) and self._titled(other):
                    return other
            # Its types in the other numerals (`osteogenesis imperfecta type
            # 3` named *Osteogenesis imperfecta type VI* by a GARD name cut
            # short, "Osteogenesis imperfecta type"). In queries: in a
            # pasted message "colony stimulating factor 1" is no *Factor I*.
            for other in numeral_forms(key) if several and inside else ():
                if self.names.is_name(other):
                    return other
        if several:
            named = self.eponyms.possessed(first, key, starts and inside)
            if named:
                return named
            # Such a name begins with the run's first word, so ``starts``.
            named = self.eponyms.unmarked(key) if starts and inside else None
            if named:
                return named
        joined = self._with_two_joined(key) if n == 2 else None
        if joined:
            return joined  # one word typed as two: "ear ache"
        possessive = self.eponyms.possessive(first, key) if n == 1 else None
        if possessive:
            eponym = self.eponyms.of_possessive(possessive) or self.eponyms.owned(
                first, possessive
            )
            if eponym:
                return eponym
        if starts and inside:
            eponym = self.eponyms.bare(key)
            if eponym:
                return eponym
        if not bags:
            return None
        named = self._in_any_order(key, n, lay=True)
        return named or (self._described_name(key) if 1 < n <= 4 else None)

    def _described_name(self, key: str) -> str | None:
        """The key of the one-word name medicine gives what a run describes
        (see :func:`~indexer.wordforms.described_names`): "low thyroid" is
        *Hypothyroidism*, "inflamed pancreas" pancreatitis, "appendix
        removal" appendectomy. None where no name, or names of different
        entries, are.

        Tried after the run's other readings: "low phosphate" is
        *Hypophosphatemia* in other words already."""
        return remembered(self._described, key, self._describe, MAX_REMEMBERED) or None

    def _describe(self, key: str) -> str:
        """:meth:`_described_name`, or "" for none."""
        names = [name for name in described_names(key) if self.names.is_name(name)]
        named = self.names.named
        entries = {frozenset(m.entry_id for m in named(n)) for n in names}
        # Two spellings of one name ("hypertyrosinemia", "-aemia") are one.
        return names[0] if len(entries) == 1 else ""

    def _in_any_order(self, key: str, n: int, lay: bool = False) -> str | None:
        """The key of a name of the run's words in another order, if any,
        the last word also in an unusual other number ("abscess teeth"),
        and in its lay forms (:meth:`_lay_forms`, all of them with ``lay``,
        else those of a run said plainly)."""
        if not 1 < n <= MAX_BAG_WORDS:
            return None
        other = self._lay_forms(key, lay)
        for form in dict.fromkeys((key, each_unusual(key), *other)):
            found = self.names.in_any_order(word_bag(form))
            if not found:
                continue  # most runs: no words counted
            # A bag holds each word once: a run that says a word twice is
            # a name said twice ("heart attack heart attack", a subject
            # line the message repeats), not one name, unless the name
            # says it twice too.
            words = _said_words(form)
            two = self._two_things(form)
            for name in found:
                if _said_words(name) >= words and (
                    not two or not JOINING.isdisjoint(name.split())
                ):
                    return name
        return None

    def _two_things(self, key: str) -> bool:
        """Whether a run joins two things by a word of :data:`JOINING`,
        each side a name ("alzheimers and dementia"), rather than a thing
        and whom or what it concerns ("asthma and children", which is
        *Asthma - children*)."""
        words = key.split()
        at = next((j for j, w in enumerate(words) if w in JOINING), None)
        if at is None:
            return False
        return all(
            side and (self.names.is_name(side) or self.name_of(side))
            for side in (" ".join(words[:at]), " ".join(words[at + 1 :]))
        )

    def _bag_reach(self, keys: list[str], i: int, most: int) -> int:
        """How many words from word ``i`` (at most ``most``) are each a
        small word or, as typed or in its unusual other number, a word of
        some name's bag: a run any longer is in no order a name
        (:meth:`_in_any_order`), unasked. Half of a long question's runs
        were asked for nothing (0.4 ms of its planning)."""
        reach = 0
        while reach < most and remembered(
            self._baggable, keys[i + reach], self._in_bags, MAX_REMEMBERED
        ):
            reach += 1
        return reach

    def _in_bags(self, key: str) -> bool:
        """Whether each word of a word's key is small, one that a name said
        plainly leaves out or puts otherwise (:data:`SAID_AWAY`: "is",
        "hurts"), or, as typed or in its unusual other number, a word of
        some name's bag, or of its curated group's ("swollen" as "swelling",
        see :meth:`_lay_forms`)."""
        in_bag = self.names.in_some_bag
        return all(
            word in SAID_AWAY
            or any(
                form in SMALL_WORDS or in_bag(plain_term(form))
                for form in (word, each_unusual(word))
            )
            or any(in_bag(plain_term(o)) for o in self._one_word_names(word))
            for word in key.split()
        )

    def _lay_forms(self, key: str, query: bool = True) -> list[str]:
        """A run's key with one word in another one-word name of its curated
        group: "blood in pee" as "blood in urination", whose words are those
        of *Hematuria (Blood in the Urine)*'s "blood in the urine"; and said
        plainly (:meth:`_said_plainly`), also so ("my ankles are swollen":
        ankle swelling).

        :param query: the run is a query's, not a pasted message's: there
            only a run said plainly, one in some hundred, is looked up in
            the groups (every run's words, looked up, slowed planning a long
            question at ten MedQuADs from 4.6 to 8.6 ms).
        """
        forms = self._in_other_words(key) if query else []
        # In its unusual other number too, as the run itself is (see
        # _in_any_order): "swollen feet" is "swelling feet", whose words in
        # that number are those of "foot swelling".
        forms += [other for form in forms if (other := each_unusual(form)) != form]
        for form in self._said_plainly(key):
            if " " in form:  # "my tummy hurts": belly pain, by the group
                forms += [form, each_unusual(form), *self._in_other_words(form)]
        return forms

    @staticmethod
    def _said_plainly(key: str) -> list[str]:
        """A run's key as a name says it: a run that ends in a word of
        :data:`HURTS` as the part's pain or soreness; one that starts with
        a word of :data:`HURTS_WHEN` and "when" as the doing made painful;
        and one with a word of :data:`COPULAS` inside without it ("eyes are
        red": red eyes). A few word tests, so asked of a pasted message's
        runs too ("... told my thyroid is underactive ..."), where looking
        up each word's curated group cost too much."""
        words = key.split()
        said: list[str] = []
        if len(words) > 1 and words[-1] in HURTS:
            # "my back hurts" is *Back pain* (it was *Self-harm*'s, whose
            # text says "hurt" most), "my throat hurts" a sore throat, "my
            # feet hurt" foot pain; "hurt my ankle" is an injury, no pain.
            # The small words between are no part of it: "my knee is
            # hurting", "my back is aching" (*Spinal cord infarction* led).
            part = [
                w for w in words[:-1] if w not in STOP_WORDS and w not in DEGREE_WORDS
            ]
            said = [" ".join([*part, pain]) for pain in ("pain", "sore") if part]
        elif len(words) > 2 and words[0] in HURTS_WHEN and words[1] in WHEN:
            # "it burns when i pee" is painful urination (it was *Burns*),
            # "hurts when i swallow" painful swallowing.
            doing = [w for w in words[2:] if w not in STOP_WORDS]
            said = [" ".join(["painful", *doing])] if doing else []
        elif 2 < len(words) and COPULAS.intersection(words[1:-1]):
            # "my ankle is swollen" is a swollen ankle, "my eyes are red"
            # red eyes: names say what they are without "is".
            said = [
                " ".join(w for w in words if w not in COPULAS and w not in DEGREE_WORDS)
            ]
        return said

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
        return remembered(self._one_word, word, self._group_words, MAX_REMEMBERED)

    def _group_words(self, word: str) -> tuple[str, ...]:
        # A group's word is a name, so it starts one: a test every word
        # of a query has had already (remembered), where most words'
        # groups would be a lookup of their own.
        groups = (
            self.names.groups.get(word, ()) if self.names.starts_a_name(word) else ()
        )
        others = {
            name_key(name)
            for group in groups
            for name in group
            if " " not in name.strip()
        }
        return tuple(sorted(others - {word}))

    def _other_forms(self, key: str) -> tuple[str, ...]:
        """A name's key with its last word in the other number, or as the
        condition it derives from ("asthmatic": asthma), or, a word that
        says only that something is amiss, as another such word
        (:data:`~indexer.leftout.VAGUE_KINDS`: "heart condition", heart
        disease): when the index lacks the word, or, for a word alone,
        always (a single word is then read as a name only if that is a
        title, see :meth:`_name_of`)."""
        forms = number_forms(key) + digit_forms(key)
        head, _, last = key.rpartition(" ")
        if head:
            derived = self.derived(last)
            if derived:
                forms.append(f"{head} {derived}")
            if last in VAGUE_KINDS:
                forms += [f"{head} {kind}" for kind in VAGUE_KINDS if kind != last]
        else:
            forms += derived_forms(last)
        return tuple(forms)

    def _titled(self, key: str) -> bool:
        """Whether a name is some entry's title or a curated group's name:
        the word typed in another number ("migraines") then means it."""
        if self.names.groups.get(key):
            return True
        return any(m.title_key == key for m in self.names.entries.get(key, []))

    def _single_name(self, word: str, key: str, *, lone: bool = False) -> bool:
        """Whether one word, as typed, is a name rather than an everyday word.

        A code typed in capitals is (``MI``, ``COPD``); a lowercase word
        that some entry writes in capitals is not (``arms`` is no
        ``ARMS``); a word is a name if it is some entry's title, or if its
        alternative-name uses are not swamped by its everyday uses
        (``glass`` is a street name of one drug, and a word in many texts),
        or if it is the query's only word (``lone``): typed alone it is
        looked up, not said in passing.
        """
        if word.isupper() and len(word) > 1:
            return True
        matches = self.names.entries.get(key, [])
        if any(name_key(m.title) == key for m in matches):
            return True
        if len(word) == 1 and word.islower():
            # One small letter is no code: the texts write most letters in
            # capitals ("H. pylori", "hepatitis C"), and `h pylori` searched
            # "h" as *Heroin*'s street name "H", `low k` as *Potassium
            # test*'s "K". As typed in capitals, "H" still names it.
            return False
        if any(n.isupper() and name_key(n) == key for m in matches for n in m.names):
            # A code typed in small letters: a name only where the index
            # uses the word mostly as that code ("nph", not "arms").
            plain = plain_term(key)
            reading = self.codes.reading(word, plain)
            # So is a code of a curated group that the texts use both ways
            # ("uti", "tia": "UTIs" is read as a word), unless people write
            # it every day ("aids", of hearing aids); and a code of three
            # letters or more that no text writes at all, as a code or a
            # word: only its names know it (`nstemi`, `hocm` and `tibc`
            # found nothing, while `NSTEMI` found *Heart Attack*).
            return reading == AS_CODE or (
                reading is None
                and (
                    (
                        bool(self.names.groups.get(key))
                        and not self.speller.everyday(word)
                    )
                    or (len(word) >= 3 and not self.df(plain))
                )
            )
        if self.names.groups.get(key):
            return True  # curated: "pee" and "zit" are names of their group
        if len(word) < 4:
            return False
        if lone:
            # Typed alone, a word is looked up, not said in passing: `cold`
            # is *Common cold*, whose other name it is, not "cold" in the
            # texts of cold urticaria and cold intolerance; `influenza` is
            # *Flu*.
            return True
        terms = analyse(word)
        return self.df(terms[0] if terms else word) <= max(20, 4 * len(matches))

    # -- a word's other forms ----------------------------------------------

    def unhyphened(self, word: str) -> str | None:
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
        return joined if written_over(self.df(one[0]), self.df(whole[0])) else None

    def known(self, word: str) -> bool:
        """Whether the index has the word, or its stem ("tests")."""
        return self.speller.known(word) or any(self.df(t) for t in analyse(word))

    def derived(self, word: str) -> str | None:
        """The condition an unknown word names by its ending ("asthmatic":
        asthma), if the index knows it.

        Only for words the index lacks: the speller would otherwise read
        "asthmatic" as its nearest spelling, "automatic". A known word
        stays itself ("critical" is no crisis).
        """
        forms = derived_forms(word)
        if not forms or word.isupper() or self.known(word):
            return None
        # A word of the texts, not just a stem some word shares ("physics"
        # is no "physy", though "physis" stems to the same "physi").
        return next((form for form in forms if self.speller.known(form)), None)

    # -- asked by spelling correction --------------------------------------

    def in_a_name(
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

    def naming(self, words: list[str], i: int, choices: tuple[str, ...]) -> str | None:
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

    def slipped_name(self, keys: list[str], i: int) -> tuple[int, str] | None:
        """Where a run from word ``i`` is a name with one later word a slip
        of another word the texts write, one edit off: "side affects" is
        *side effects*, "irritable bowl syndrome" *Irritable bowel
        syndrome*, and so is "irritable bowl", without the kind word
        (:data:`~indexer.leftout.KIND_WORDS`). The word that slipped, and
        the word the name has, or None. The run's first word is as the name
        writes it, the run as typed is no name, the slip is a word of four
        letters or more, and the two are not one word to the stemmer
        ("rate", "rates").

        A word the texts write is otherwise read as typed (see
        :class:`~indexer.corrections.Corrector`), so such slips were
        searched as typed: "affects" and "bowl" matched every text that
        says them.
        """
        if keys[i] in STOP_WORDS or not self.names.starts_a_name(keys[i]):
            return None
        starting = remembered(self._starting, keys[i], self._names_from, MAX_FORMS)
        # Failing a whole name, the first typed without its kind word
        # ("irritable bowl": *Irritable bowel syndrome*), as a name's words
        # are read without it (see :class:`~indexer.leftout.LeftOut`);
        # where the query goes on with a kind word, the whole name is read.
        short = None
        for _, said in starting:
            found = self._slipped_in(keys, i, said)
            if found is not None:
                return found
            if short is None and len(said) > 2 and said[-1] in KIND_WORDS:
                end = i + len(said) - 1
                if end >= len(keys) or keys[end] not in KIND_WORDS:
                    short = self._slipped_in(keys, i, said[:-1])
        return short

    def _slipped_in(
        self, keys: list[str], i: int, said: list[str]
    ) -> tuple[int, str] | None:
        """:meth:`slipped_name` for one name's words ``said``."""
        run = keys[i : i + len(said)]
        if len(run) < len(said) or run == said:
            return None
        off = [j for j in range(1, len(said)) if said[j] != run[j]]
        if len(off) != 1:
            return None
        typed, meant = run[off[0]], said[off[0]]
        if (
            len(typed) >= MIN_SLIP_LETTERS
            and edits(typed, meant) == 1
            and analyse(typed) != analyse(meant)
            and not self.names.is_name(" ".join(run))
        ):
            return i + off[0], meant
        return None

    def slipped_beginning(self, keys: list[str], i: int) -> str | None:
        """The commonest word one edit off word ``i`` that begins a name
        with the words after it, where the run as typed is no name, or
        None: "long cancer" is *lung cancer*, "heat attack" *heart attack*.
        :meth:`slipped_name` finds a slip further on in a name, read from
        the name's first word as typed.
        """
        if len(keys[i]) < MIN_SLIP_LETTERS:
            return None
        begun = remembered(self._begun, keys[i], self._beginnings, MAX_REMEMBERED)
        for spelling, longest in begun:
            for end in range(i + 2, min(len(keys), i + longest) + 1):
                after = [k for k in keys[i + 1 : end] if k]
                if not after:
                    continue
                if self.names.is_name(" ".join([spelling, *after])) and not (
                    self.names.is_name(" ".join([keys[i], *after]))
                ):
                    return spelling
        return None

    def _beginnings(self, key: str) -> tuple[tuple[str, int], ...]:
        """The words one edit off a word that begin names, commonest first,
        and how many words their longest name has; not the word in another
        form ("rate", "rates"). Remembered: most words begin none, and a
        query's words are asked again and again (some 0.1 ms a word)."""
        found = []
        for spelling in self.speller.one_edit_off(key):
            if len(spelling) < MIN_SLIP_LETTERS:
                continue
            # Whether it begins a name first: few spellings do, and asking
            # whether one is a code reads how the texts write it.
            longest = min(self.names.name_words(spelling), MAX_NAME_WORDS)
            if longest < 2 or self.codes.is_code(spelling):
                continue  # a word does not slip into a code ("cyst": CST)
            if analyse(spelling) != analyse(key):
                found.append((spelling, longest))
        return tuple(found)

    def _names_from(self, key: str) -> tuple[tuple[str, list[str]], ...]:
        """The names that begin with a word, and their words (see
        :meth:`slipped_name`)."""
        found = sorted(self.names.beginning_with(key, SLIP_ROWS))
        return tuple((name, name.split()) for name in found)

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


def _fits_in_digits(key: str, longest: int) -> bool:
    """Whether a run's key written in digits has at most ``longest`` words
    ("trisomy twenty one" is "trisomy 21", see
    :func:`~indexer.wordforms.digit_forms`), so may be a name as written."""
    return any(form.count(" ") < longest for form in digit_forms(key))


#: Words that join two things. A run that joins two names is one name in
#: any order only if that name joins two as well: "vomiting and nausea" is
#: *Nausea and vomiting*, "diverticulosis or diverticulitis" *Diverticulitis
#: and diverticulosis*, but "alzheimers and dementia" asks about two
#: things, not about *Dementia - Alzheimer* (a name of *Alzheimer disease*),
#: and its page listed no entry on dementia.
JOINING = frozenset({"and", "or", "vs", "versus"})


def _said_words(key: str) -> int:
    """How many words of a name key a bag counts (not its small words)."""
    return sum(w not in SMALL_WORDS for w in key.split())


def _small(word: str) -> bool:
    """Whether a word is a small word (a stop word) as typed: not one typed
    in capitals as a code, which is that code ("ALL" is acute lymphoblastic
    leukemia, "AS" ankylosing spondylitis).

    >>> _small("all"), _small("ALL"), _small("A")
    (True, False, True)
    """
    return word.lower() in STOP_WORDS and not (word.isupper() and len(word) > 1)


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


def written_over(count: int, other: int) -> bool:
    """Whether a form the texts write ``count`` times is their way of
    writing what another form, written ``other`` times, also says: a word
    of its own there (more than :data:`SPLIT_COUNT`) and :data:`SPLIT_SHARE`
    times as common ("gallbladder" over "gall bladder", "b12" over "b-12").
    """
    return count > SPLIT_COUNT and count >= SPLIT_SHARE * other
