"""A word in the other forms people write it: the other number, the
American spelling, the condition a word derives from.

Porter's stemmer brings "attack" and "attacks" together, but not "teeth"
and "tooth", "metastasis" and "metastases", "anaemia" and "anemia", or
"asthmatic" and "asthma". Query understanding tries these forms where the
typed one names nothing or the index lacks it (see
:class:`~indexer.understanding.Planner`); the rules are here, apart from
when they are used, and each is remembered where it is asked of every word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from string import ascii_lowercase

#: A word shorter than this is not read in another number ("ms", "aids").
MIN_FORM_LETTERS = 4
#: Plurals no ending makes, singular first: "abscess teeth" is a tooth
#: abscess, "asthma in child" *Asthma in children*. Those of the body and
#: of whom a text is about; not "people", which a message says in passing.
IRREGULAR_PLURALS = {
    "tooth": "teeth",
    "foot": "feet",
    "calf": "calves",
    "child": "children",
    "woman": "women",
    "louse": "lice",
    "mouse": "mice",
}
IRREGULAR_SINGULARS = {plural: one for one, plural in IRREGULAR_PLURALS.items()}
#: Words people run together that are two in writing (as codespell lists
#: them): "I dont drink alot" was read as "aloe". Each is searched as its
#: word that says something, and offered as the two.
RUN_TOGETHER = {
    "alot": "a lot",
    "alittle": "a little",
    "abit": "a bit",
    "atleast": "at least",
    "infact": "in fact",
    "aswell": "as well",
    "ontop": "on top",
    "incase": "in case",
    "eachother": "each other",
    "everytime": "every time",
    "noone": "no one",
}
#: Past forms no ending makes, and the verb the texts write: "stung by a
#: bee" is a sting (*Insect Bites and Stings*), "bitten by a dog" a bite,
#: "I broke my wrist" a break. Those a body, an injury or a meal does;
#: not "bit" ("a bit"), "left" or "felt" (the side, the fabric, a feeling).
IRREGULAR_PAST = {
    "stung": "sting",
    "bitten": "bite",
    "broke": "break",
    "broken": "break",
    "fell": "fall",
    "fallen": "fall",
    "bled": "bleed",
    "ate": "eat",
    "eaten": "eat",
    "drank": "drink",
    "drunk": "drink",
    "froze": "freeze",
    "frozen": "freeze",
    "tore": "tear",
    "torn": "tear",
    "threw": "throw",
    "caught": "catch",
    "slept": "sleep",
    "woke": "wake",
    "shook": "shake",
    "struck": "strike",
    "burnt": "burn",
}
#: The Latin and Greek endings of medicine's words, singular and plural:
#: "liver metastasis" is *Liver metastases* ("metastasi" and "metastas" to
#: the stemmer), "vertebra" "vertebrae".
CLASSICAL_ENDINGS = (
    ("sis", "ses"),
    ("us", "i"),
    ("um", "a"),
    ("a", "ae"),
    ("ix", "ices"),
    ("ex", "ices"),
    ("on", "a"),
)
#: How the name of someone or something with a condition ends, and how the
#: condition's name may end instead, tried in this order: "autistic" is
#: autism, "surgical" surgery, "asthmatic" asthma, "epileptic" epilepsy,
#: "psychotic" psychosis, "insomniac" insomnia, "anemic" anemia,
#: "hypertensive" hypertension, "pregnant" pregnancy, "incontinent"
#: incontinence, "cancerous" cancer. Porter's stemmer leaves such pairs
#: apart (``asthmat``, ``asthma``).
DERIVED_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("istic", ("ism",)),
    ("ical", ("y", "ery")),
    ("tic", ("sis", "sy", "")),
    ("iac", ("ia",)),
    ("ic", ("ia", "y", "is", "ism", "a")),
    ("ive", ("ion",)),
    ("ant", ("ancy",)),
    ("ent", ("ence", "ency")),
    ("ous", ("",)),
    # A symptom as a verb: "coughing" is *Cough*'s (a single word names
    # an entry only as some entry's title, see ``Namer._name_of``).
    ("ing", ("", "e")),
    ("y", ("iness",)),  # "dizzy": *Dizziness*
)
#: Letters a word keeps once its ending is taken off ("manic" keeps none).
MIN_DERIVED_STEM = 4
#: British spellings and the American ones MedQuAD writes, as rewrites of
#: a word's letters: "anaemia" anemia, "oesophagus" esophagus, "tumour"
#: tumor, "hospitalised" hospitalized, "analyse" analyze, "fibre" fiber.
#: Each is tried alone, then all together; a rewrite is read only where the
#: index writes it far more often (:data:`VARIANT_SHARE`) and it is a word
#: searched: "hour" is no "hor", "four" no "for".
SPELLING_VARIANTS = (
    (re.compile(r"ae"), "e"),
    (re.compile(r"oe(?!s?$)"), "e"),  # not "toes", "shoe", "does"
    (re.compile(r"our(?=$|s$|ed$|ing$|al$|ite$|able$)"), "or"),
    (re.compile(r"is(?=e$|es$|ed$|ing$|ation$|ations$)"), "iz"),
    (re.compile(r"ys(?=e$|es$|ed$|ing$)"), "yz"),
    (re.compile(r"(?<=[bgt])re(?=$|s$)"), "er"),  # centre, fibre, meagre
)


#: Numbers people write as words where names write digits ("type two
#: diabetes" for *type 2 diabetes*, "trisomy twenty one").
NUMBER_WORDS = dict(
    zip(
        "one two three four five six seven eight nine ten eleven twelve "
        "thirteen fourteen fifteen sixteen seventeen eighteen nineteen "
        "twenty".split(),
        map(str, range(1, 21)),
        strict=True,
    )
)


#: Ordinals typed in digits, as the texts write them: in words ("first
#: trimester" in 3,734 of MedQuAD's sections against "1st" in 13).
ORDINAL_WORDS = dict(
    zip(
        "1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th 11th 12th".split(),
        "first second third fourth fifth sixth seventh eighth ninth tenth "
        "eleventh twelfth".split(),
        strict=True,
    )
)


def digit_forms(key: str) -> list[str]:
    """A name's key with its numbers written as words in digits, if it
    has any ("twenty one" is 21, as in "trisomy 21").

    >>> digit_forms("type two diabetes"), digit_forms("trisomy twenty one")
    (['type 2 diabetes'], ['trisomy 21'])
    >>> digit_forms("gout")
    []
    """
    words = key.split()
    if NUMBER_WORDS.keys().isdisjoint(words):
        return []
    out: list[str] = []
    for word in words:
        digit = NUMBER_WORDS.get(word)
        if digit and out and out[-1] == "20" and len(digit) == 1:
            out[-1] = f"2{digit}"  # "twenty one"
        else:
            out.append(digit or word)
    return [" ".join(out)]


#: Roman numerals up to twenty, as names number their types ("type II").
ROMAN = (
    "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx"
).split()
_ARABIC = {roman: str(n) for n, roman in enumerate(ROMAN, 1)}
#: Words after which a Roman numeral is a number, not a letter or a word
#: ("fragile x", "vitamin d", "i have").
NUMBERED = frozenset("type types stage grade class group factor phase".split())


def numeral_forms(key: str) -> list[str]:
    """A name's key with its numbers in the other numerals: names write
    types in Roman ("mucopolysaccharidosis type II", "MPS II"), people in
    Arabic (`osteogenesis imperfecta type 3`, `mps 2`), and the other way
    round. A Roman numeral only after a word that numbers (:data:`NUMBERED`).

    >>> numeral_forms("osteogenesis imperfecta type 3"), numeral_forms("mps 2")
    (['osteogenesis imperfecta type iii'], ['mps ii'])
    >>> numeral_forms("neurofibromatosis type i"), numeral_forms("fragile x")
    (['neurofibromatosis type 1'], [])
    >>> numeral_forms("covid 19 vaccine 100")
    ['covid xix vaccine 100']
    """
    words = key.split()
    changed = False
    for i, word in enumerate(words):
        if word.isdigit() and 0 < int(word) <= len(ROMAN) and word[0] != "0":
            words[i], changed = ROMAN[int(word) - 1], True
        elif word in _ARABIC and i and words[i - 1] in NUMBERED:
            words[i], changed = _ARABIC[word], True
    return [" ".join(words)] if changed else []


def number_forms(key: str) -> list[str]:
    """A name's key with its last word in the other number, as people type
    names in either ("heart attacks", "gallstone", "diabete").

    >>> number_forms("heart attacks"), number_forms("kidney stone")
    (['heart attack'], ['kidney stones'])
    >>> number_forms("allergies"), number_forms("abscess"), number_forms("ms")
    (['allergy', 'allergie'], ['abscesses'], [])
    >>> number_forms("rash"), number_forms("itch"), number_forms("rashes")
    (['rashes'], ['itches'], ['rash', 'rashe'])
    >>> number_forms("headaches")  # "-ches" is "-ch" + "es" or "-che" + "s"
    ['headach', 'headache']
    """
    head, _, last = key.rpartition(" ")
    if len(last) < MIN_FORM_LETTERS or not last.isalpha():
        return []
    if last.endswith("ies"):
        forms = [last[:-3] + "y", last[:-1]]
    elif last.endswith(("sses", "xes", "ches", "shes")):
        forms = [last[:-2], last[:-1]]
    elif last.endswith(("ss", "sh", "ch", "x", "z")):
        forms = [last + "es"]
    elif last.endswith("s"):
        forms = [last[:-1]]
    elif last.endswith("y"):
        forms = [last[:-1] + "ies", last + "s"]
    else:
        forms = [last + "s"]
    return [f"{head} {form}" if head else form for form in forms] + unusual_forms(key)


def each_unusual(key: str) -> str:
    """``key`` with every word that has one in its unusual other number
    (for words in any order: "teeth abscess").

    >>> each_unusual("teeth abscess"), each_unusual("gout")
    ('tooth abscess', 'gout')
    """
    return " ".join(next(iter(other_numbers(word)), word) for word in key.split())


def other_tense(word: str) -> str | None:
    """The verb a past form no ending makes is of (:data:`IRREGULAR_PAST`).

    >>> other_tense("stung"), other_tense("Bitten"), other_tense("itched")
    ('sting', 'bite', None)
    """
    return IRREGULAR_PAST.get(word.lower())


def unusual_forms(key: str) -> list[str]:
    """A name's key with its last word in the other number by
    :data:`IRREGULAR_PLURALS` or :data:`CLASSICAL_ENDINGS`, which the
    stemmer does not bring together ("teeth", "tooth").

    >>> unusual_forms("liver metastasis"), unusual_forms("abscess teeth")
    (['liver metastases'], ['abscess tooth'])
    >>> unusual_forms("vertebrae"), unusual_forms("gout")
    (['vertebra'], [])
    """
    head, _, last = key.rpartition(" ")
    return [f"{head} {form}" if head else form for form in other_numbers(last)]


@lru_cache(maxsize=65_536)
def other_numbers(word: str) -> tuple[str, ...]:
    """A word's unusual other numbers (see :func:`unusual_forms`).

    Asked of every word of every run of a message, so remembered.
    """
    if len(word) < MIN_FORM_LETTERS or not word.isalpha():
        return ()
    known = IRREGULAR_PLURALS.get(word) or IRREGULAR_SINGULARS.get(word)
    if known:
        return (known,)
    return tuple(
        dict.fromkeys(
            word[: -len(a)] + b
            for one, many in CLASSICAL_ENDINGS
            for a, b in ((one, many), (many, one))
            if word.endswith(a) and len(word) - len(a) >= MIN_FORM_LETTERS - 1
        )
    )


@lru_cache(maxsize=65_536)
def spelling_variants(word: str) -> tuple[str, ...]:
    """A word's American spellings (lowercase) by :data:`SPELLING_VARIANTS`,
    each rule alone, then all of them; none for a word no rule changes.

    >>> spelling_variants("Anaemia"), spelling_variants("haemorrhoids")
    (('anemia',), ('hemorrhoids',))
    >>> spelling_variants("paediatric"), spelling_variants("toes")
    (('pediatric',), ())
    >>> spelling_variants("behavioural"), spelling_variants("paralysed")
    (('behavioral',), ('paralyzed',))
    >>> [spelling_variants(w) for w in ("fibre", "centres", "there")]
    [('fiber',), ('centers',), ()]
    """
    low = word.lower()
    if not low.isalpha():
        return ()
    forms, every = [], low
    for pattern, american in SPELLING_VARIANTS:
        form = pattern.sub(american, low)
        if form != low:
            forms.append(form)
        every = pattern.sub(american, every)
    if every != low:
        forms.append(every)
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=65_536)
def derived_forms(word: str) -> tuple[str, ...]:
    """What a word may be formed from, by its ending (see
    :data:`DERIVED_ENDINGS`), likeliest first.

    Asked of every word a query has, so remembered.

    >>> derived_forms("asthmatic")[:3], derived_forms("anemic")[:2]
    (('asthmasis', 'asthmasy', 'asthma'), ('anemia', 'anemy'))
    >>> derived_forms("pregnant"), derived_forms("manic"), derived_forms("gout")
    (('pregnancy',), (), ())
    >>> derived_forms("asthmatics")[:3]  # people: the plural's singular
    ('asthmasis', 'asthmasy', 'asthma')
    >>> derived_forms("coughing"), derived_forms("dizzy")  # the noun
    (('cough', 'coughe'), ('dizziness',))
    """
    low = word.lower()
    if not low.isalpha():
        return ()
    bases = [low]
    if low.endswith("s") and not low.endswith("ss"):
        bases.append(low[:-1])
    return tuple(
        base[: -len(end)] + other
        for base in bases
        for end, others in DERIVED_ENDINGS
        if base.endswith(end) and len(base) - len(end) >= MIN_DERIVED_STEM
        for other in others
    )


#: How people say "too little" and "too much" of something, and the Greek
#: prefix medicine's names say it with: "low thyroid" is *Hypothyroidism*,
#: "high calcium" hypercalcemia, "elevated uric acid" hyperuricemia,
#: "overactive parathyroid" hyperparathyroidism, "decreased thyroid"
#: hypothyroidism. (Not "too much" or "not enough": a name never starts
#: with a stop word, so no run of words is read from one.)
DEGREE_PREFIXES = {
    "low": "hypo",
    "decreased": "hypo",
    "underactive": "hypo",
    "high": "hyper",
    "elevated": "hyper",
    "increased": "hyper",
    "excess": "hyper",
    "overactive": "hyper",
}
#: Endings a word loses inside such a name ("calcium": hyper-calc-emia,
#: "phosphate": hypo-phosphat-emia, "lipids": hyper-lipid-emia), tried in
#: this order; the stem keeps :data:`MIN_DERIVED_STEM` letters.
DEGREE_WORD_ENDINGS = ("ium", "ia", "um", "es", "s", "e", "y")
#: What such a name adds to the stem: the ending of a condition of too
#: little or too much of a substance in the blood, or of a gland's
#: hormone. Not the whole word again: "high sensitivity" and "high
#: activity" are as often what they say (of a test, of an enzyme) as
#: *Hypersensitivity* and *Hyperactivity*. Not "-ia": "hypochromia" is
#: pale red cells, not low chromium.
DEGREE_NAME_ENDINGS = ("ism", "emia", "aemia")
#: Words that say what is wrong with a part of the body, or was done to
#: it, and the ending medicine's one-word name for that has: "inflamed
#: pancreas" is pancreatitis, "appendix removal" appendectomy, "tonsils
#: removed" tonsillectomy.
PART_DESCRIPTIONS = {
    "inflamed": "itis",
    "inflammation": "itis",
    "removal": "ectomy",
    "removed": "ectomy",
}
#: Which of them come before the part ("inflamed pancreas"); the others
#: come after it ("pancreas inflammation"), and the nouns also before it
#: with "of" ("inflammation of the pancreas").
PART_WORDS_BEFORE = frozenset({"inflamed"})
PART_NOUNS = frozenset({"inflammation", "removal"})
#: Every word that makes a run a description: the first or last word of
#: one (asked of every run of a message, so checked before anything else).
DESCRIBING_WORDS = frozenset(DEGREE_PREFIXES) | frozenset(PART_DESCRIPTIONS)
#: Endings of a part's word such a name leaves off (a Latin or Greek noun's,
#: a plural's, an adjective's): "esophag-itis" of esophagus, "col-itis" of
#: colon, "append-ectomy" of appendix, "gastr-itis" of gastric. Not any
#: letters: "cold" is no colitis.
PART_WORD_ENDINGS = (
    "",
    "a",
    "ae",
    "al",
    "ar",
    "e",
    "es",
    "i",
    "ic",
    "ies",
    "is",
    "ium",
    "ix",
    "on",
    "s",
    "um",
    "us",
    "x",
    "y",
)
#: Letters the part's stem keeps where one letter joins it to the ending
#: ("pancrea-t-itis", "tonsil-l-itis", "laryn-g-itis"): a short stem and
#: any letter after it reach the names of other parts.
PART_JOINED_STEM = 5
#: Letters a part's stem keeps ("col" of colon).
MIN_PART_STEM = 3


def described_names(key: str) -> tuple[str, ...]:
    """The one-word names medicine may give what a run of words describes
    (see :data:`DEGREE_PREFIXES` and :data:`PART_DESCRIPTIONS`), likeliest
    first; none for a run that describes nothing so. Which of them is a
    name the index holds is for the caller to ask.

    >>> described_names("low thyroid")
    ('hypothyroidism', 'hypothyroidemia', 'hypothyroidaemia')
    >>> "hypercalcemia" in described_names("high calcium")
    True
    >>> described_names("underactive pituitary")[0]
    'hypopituitarism'
    >>> "pancreatitis" in described_names("inflamed pancreas")
    True
    >>> "tonsillectomy" in described_names("removal of the tonsils")
    True
    >>> "tonsillectomy" in described_names("tonsils removed")
    True
    >>> "colitis" in described_names("colon inflammation")
    True
    >>> described_names("low back pain"), described_names("inflamed ms")
    ((), ())
    """
    first, space, _ = key.partition(" ")
    last = key.rpartition(" ")[2]
    if not space or (first not in DESCRIBING_WORDS and last not in DESCRIBING_WORDS):
        return ()
    words = key.split()
    if len(words) == 2 and words[0] in DEGREE_PREFIXES:
        return _with_degree(DEGREE_PREFIXES[words[0]], words[1])
    part = _described_part(words)
    if part is None:
        return ()
    word, ending = part
    if not word.isalpha() or len(word) < MIN_DERIVED_STEM:
        return ()
    stems = [
        word[: len(word) - len(end)]
        for end in PART_WORD_ENDINGS
        if word.endswith(end) and len(word) - len(end) >= MIN_PART_STEM
    ]
    joined = [
        stem + letter
        for stem in stems
        if len(stem) >= PART_JOINED_STEM
        for letter in ascii_lowercase
    ]
    return tuple(dict.fromkeys(stem + ending for stem in stems + joined))


def _with_degree(prefix: str, word: str) -> tuple[str, ...]:
    """The names too little or too much of ``word`` may have."""
    if not word.isalpha() or len(word) < MIN_DERIVED_STEM:
        return ()
    stem = word
    for end in DEGREE_WORD_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= MIN_DERIVED_STEM:
            stem = word[: -len(end)]
            break
    return tuple(prefix + stem + ending for ending in DEGREE_NAME_ENDINGS)


def _described_part(words: list[str]) -> tuple[str, str] | None:
    """The part a run describes and the ending of its name: "inflamed X",
    "X inflammation", "X removed", "inflammation of (the) X"."""
    if len(words) == 2:
        first, last = words
        if first in PART_WORDS_BEFORE:
            return last, PART_DESCRIPTIONS[first]
        if last in PART_DESCRIPTIONS and last not in PART_WORDS_BEFORE:
            return first, PART_DESCRIPTIONS[last]
        return None
    if (
        len(words) in (3, 4)
        and words[0] in PART_NOUNS
        and words[1] == "of"
        and (len(words) == 3 or words[2] == "the")
    ):
        return words[-1], PART_DESCRIPTIONS[words[0]]
    return None
