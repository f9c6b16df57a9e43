"""Query understanding: from what people type to what the index should match.

People type lay words, alternative names, abbreviations, questions and
whole pasted messages. A plain query (no quotes or operators) is read as:

1. *intent*: words such as "treated", "causes of", "inherited" or
   "symptoms" say which section is wanted; they become a preference for
   that section rather than words every section must contain;
2. *filler*: question words and chatter ("my mother was told ...") go;
3. *names*: the longest runs of words that are a title, an alternative
   name or a curated synonym become one concept, searched under each of
   its names ("heart attack" also as "myocardial infarction");
4. what is left are plain words; a long message keeps only its most
   informative ones (highest IDF), so it ranks what it is about and stays
   fast.

Queries with syntax (quotes, AND/OR/NOT, parentheses) are taken literally.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh.query import And, DisjunctionMax, Or, Query, Term

from . import schema as f
from .analysis import STOP_WORDS, medical_analyzer
from .names import MAX_NAME_WORDS, NameIndex, name_key

# Words that say which section is wanted, and the section keys they mean.
INTENTS: dict[str, tuple[str, ...]] = {}
for _words, _sections in [
    (
        "treat treated treating treatment treatments therapy therapies cure cured "
        "cures manage managed management remedy remedies",
        ("treatment",),
    ),
    ("cause causes caused causing why", ("causes",)),
    ("symptom symptoms sign signs", ("symptoms",)),
    (
        "inherit inherited inheritance hereditary heredity genetic passed",
        ("inheritance", "genetic-changes"),
    ),
    (
        "diagnose diagnosed diagnosis diagnosing test tests testing exam exams",
        ("exams-and-tests",),
    ),
    ("outlook prognosis expectancy survival", ("outlook",)),
    ("prevent prevented preventing prevention avoid", ("prevention",)),
    ("complication complications", ("possible-complications",)),
    ("frequency prevalence common", ("frequency",)),
    ("risk risks", ("who-is-at-risk", "susceptibility")),
    ("research trials trial", ("research",)),
    ("stage stages staging", ("stages",)),
]:
    for _word in _words.split():
        INTENTS[_word] = _sections

OVERVIEW = ("summary", "definition", "description")

# Two-word phrases that say the intent more precisely than either word.
PHRASE_INTENTS = [
    ("genetic", "changes", ("genetic-changes",)),
    ("genetic", "change", ("genetic-changes",)),
    ("how", "many", ("frequency",)),
    ("at", "risk", ("who-is-at-risk", "susceptibility")),
]

# Words that carry no medical meaning in a question or a pasted message.
FILLER = (
    frozenset(
        """what whats which who how many much does did do can could would should is
    are was were be been being the a an of for to in on at by with about from
    and or not no yes please tell me my mine our your his her their they them
    mother father mom dad son daughter wife husband friend sister brother child
    children kid kids baby told say said says know known knew want wanted need
    needs get gets got getting help there here this that these those it its
    also just really very so some any all other others thing things way ways
    people person someone doctor doctors told asked ask question questions
    answer answers information info options option types type kinds kind
    available possible best good bad new old lot lots since ago year years month
    months week weeks day days recently last still now then when where
    happen happens happened affected affect affects called mean means
    like think worried worry concerned hi hello thanks thank dear""".split()
    )
    | STOP_WORDS
)

WORD = re.compile(r"\w+(?:[-.']\w+)*")
LONG_QUERY_WORDS = 12
MAX_LONG_CONCEPTS = 10
MAX_ALTERNATIVES = 4
ALTERNATIVE_WEIGHT = 0.7  # a synonym's match, against the typed name's
# Quotes or operators make a query literal; parentheses alone do not, as
# people write them in plain questions ("What is (are) ...", "(LCM)").
SYNTAX = re.compile(r'"|\b(?:AND|OR|NOT)\b')


@dataclass
class Concept:
    """One thing the query asks for, under one or more names."""

    label: str  # as the user typed it
    alternatives: list[str]  # other names searched too
    entries: list[str] = field(default_factory=list)  # entries it names


@dataclass
class Plan:
    """What a plain query means, ready to rank."""

    concepts: list[Concept]
    intent: tuple[str, ...] = ()
    named: tuple[str, ...] = ()  # entries the whole query names
    dropped: tuple[str, ...] = ()  # words left out of a long message
    long: bool = False

    @property
    def expansions(self) -> dict[str, list[str]]:
        return {c.label: c.alternatives for c in self.concepts if c.alternatives}


def has_syntax(text: str) -> bool:
    """Whether the user wrote query syntax, to be taken literally."""
    return bool(SYNTAX.search(text))


def understand(
    text: str,
    names: NameIndex,
    idf: Callable[[str], float],
    *,
    expand: bool = True,
) -> Plan:
    """Read a plain query into concepts, an intent and the entries it names.

    :param idf: inverse document frequency of an analysed term (0 if absent).
    :param expand: search names' synonyms too (off for "exact words").
    """
    words = WORD.findall(text)
    lowered = [w.lower() for w in words]
    intent: list[str] = []
    content: list[str] = []
    for first, second, sections in PHRASE_INTENTS:
        if any(
            a == first and b == second
            for a, b in zip(lowered, lowered[1:], strict=False)
        ):
            intent.extend(s for s in sections if s not in intent)
            lowered = [w if w not in (first, second) else "" for w in lowered]
    for word, low in zip(words, lowered, strict=True):
        if not low:
            continue  # part of a phrase that said the intent
        if low in INTENTS:
            intent.extend(s for s in INTENTS[low] if s not in intent)
        elif low not in FILLER or (word.isupper() and len(word) > 1):
            content.append(word)
    if not content:
        # Only intent or filler words: search them as they are.
        content = [w for w in words if w.lower() not in STOP_WORDS] or words
        intent = []
    if not intent and lowered[:1] == ["what"] and lowered[1:2] in (["is"], ["are"]):
        intent = list(OVERVIEW)  # "what is X": the opening section

    concepts: list[Concept] = []
    i = 0
    while i < len(content):
        for n in range(min(MAX_NAME_WORDS, len(content) - i), 0, -1):
            phrase = " ".join(content[i : i + n])
            key = name_key(phrase)
            if names.is_name(key) and (n > 1 or _worth_naming(phrase)):
                concepts.append(_name_concept(phrase, key, names, expand))
                i += n
                break
        else:
            concepts.append(Concept(content[i], []))
            i += 1

    named: tuple[str, ...] = ()
    if len(concepts) == 1 and concepts[0].entries and len(concepts[0].entries) <= 3:
        named = tuple(concepts[0].entries)
        if not intent:
            # Just a name: the entry's opening section answers it best.
            intent = list(OVERVIEW)

    # The same word or name twice adds nothing to what the query asks.
    unique: dict[str, Concept] = {}
    for concept in concepts:
        unique.setdefault(name_key(concept.label), concept)
    concepts = list(unique.values())

    dropped: list[str] = []
    long = len(words) > LONG_QUERY_WORDS
    if long and len(concepts) > MAX_LONG_CONCEPTS:
        ranked = sorted(concepts, key=lambda c: _informative(c, idf), reverse=True)
        keep = {id(c) for c in ranked[:MAX_LONG_CONCEPTS]}
        dropped = [c.label for c in concepts if id(c) not in keep]
        concepts = [c for c in concepts if id(c) in keep]
    return Plan(concepts, tuple(intent), named, tuple(dropped), long)


def _worth_naming(word: str) -> bool:
    # A single word is treated as a name if it is a code (MI, COPD) or long
    # enough not to be an everyday word that happens to title an entry.
    return (word.isupper() and len(word) > 1) or len(word) >= 4


def _name_concept(phrase: str, key: str, names: NameIndex, expand: bool) -> Concept:
    matches = list(names.entries.get(key, []))
    for group in names.groups.get(key, []):
        # A curated synonym names the entries titled by its group's names.
        for member in group:
            matches.extend(names.entries.get(name_key(member), []))
    matches = list({m.entry_id: m for m in matches}.values())
    alternatives = []
    if expand:
        others = sorted(names.synonyms(key), key=lambda n: (len(n.split()), len(n)))
        alternatives = others[:MAX_ALTERNATIVES]
    return Concept(phrase, alternatives, [m.entry_id for m in matches])


def _informative(concept: Concept, idf: Callable[[str], float]) -> float:
    if concept.entries or concept.alternatives:
        return math.inf  # names are what a message is about
    return max((idf(t) for t in analyse(concept.label)), default=0.0)


_ANALYZER = medical_analyzer()


def analyse(text: str) -> list[str]:
    """Terms of ``text`` as a query searches them."""
    return [t.text for t in _ANALYZER(text, mode="query")]


def concept_query(concept: Concept) -> Query | None:
    """A concept as a query: any of its names, each name's words together."""
    options = []
    typed = max(1, len(set(analyse(concept.label))))
    for n, name in enumerate([concept.label, *concept.alternatives]):
        terms = list(dict.fromkeys(analyse(name)))
        if not terms:
            continue
        # What the user typed counts more than the names it stands for, and
        # a name of more words must not win just by adding up more words.
        boost = 1.0 if n == 0 else ALTERNATIVE_WEIGHT * typed / len(terms)
        words = [Term(f.CONTENT, t) for t in terms]
        options.append(
            words[0].with_boost(boost) if len(words) == 1 else And(words, boost=boost)
        )
    if not options:
        return None
    # Any one name is enough, and matching two names is no better than one.
    return options[0] if len(options) == 1 else DisjunctionMax(options)


def plan_query(plan: Plan, *, match_all: bool) -> Query | None:
    """The whole plan as a query: concepts ANDed (or ORed, for a fallback)."""
    parts = [q for q in (concept_query(c) for c in plan.concepts) if q is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return And(parts) if match_all and not plan.long else Or(parts)
