"""The question each section answers, for sections that do not carry one.

Every MedQuAD section answers a written question, and those questions are
templates: "What are the treatments for Gout ?", "Is Gout inherited ?".
Matching a person's question against them is a strong signal of which
section is wanted (the words "treated", "inherited", "symptoms" land on the
right section without any rule about them), so the index searches the
question as a field of its own (see :mod:`indexer.schema`).

Entries from the text format and the write API have section names but no
questions. They get the question a reader would ask for a section of that
name, worded as MedQuAD words it, so every section is searched the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .schema import section_key

#: Section key -> how people ask for that section; ``{title}`` is the entry.
#: MedQuAD's wording comes first (its questions are these templates), then
#: the other forms people use, since the stemmer does not join them
#: ("treated" and "treatment", "diagnose" and "tests").
QUESTIONS: dict[str, str] = {
    # Encyclopedia and MedQuAD disease sections.
    "summary": "What is (are) {title} ?",
    "definition": "What is (are) {title} ?",
    "description": "What is (are) {title} ?",
    "information": "What is (are) {title} ?",
    "alternative-names": "What are other names for {title} ?",
    "symptoms": "What are the symptoms of {title} ? What are the signs of it ?",
    "causes": "What causes {title} ? What is the cause, why does it happen ?",
    "exams-and-tests": (
        "How to diagnose {title} ? How is it diagnosed, what tests and exams ?"
    ),
    "treatment": (
        "What are the treatments for {title} ? How is it treated, is there a cure"
        " or a remedy ?"
    ),
    "outlook": (
        "What is the outlook for {title} ? What is the prognosis, the life"
        " expectancy or the chance of survival ? How long does it last ?"
    ),
    "possible-complications": "What are the complications of {title} ?",
    "complications": "What are the complications of {title} ?",
    "prevention": "How to prevent {title} ? How can it be prevented or avoided ?",
    "who-is-at-risk": "Who is at risk for {title} ? What are the risk factors ?",
    "frequency": "How many people are affected by {title} ? How common is it ?",
    "inheritance": (
        "Is {title} inherited ? Is it genetic, hereditary, passed down in families ?"
    ),
    "genetic-changes": (
        "What are the genetic changes related to {title} ? Which genes ?"
    ),
    "stages": "What are the stages of {title} ?",
    "research": "What research (or clinical trials) is being done for {title} ?",
    "considerations": "What to do for {title} ?",
    "when-to-contact-a-medical-professional": (
        "When should I see a doctor about {title} ?"
    ),
    "support-groups": "Where to find support for people with {title} ?",
    "learn-more": "How can I learn more about {title} ?",
    "why-get-vaccinated": "Why get vaccinated against {title} ?",
    # Medicines, herbs and supplements.
    "why-it-is-used": "What is {title} used for ? Why is it prescribed ?",
    "how-to-use": "How should {title} be used and what is the dosage ?",
    "how-it-works": "How does {title} work ?",
    "how-effective-is-it": "How effective is {title} ? Does it work ?",
    "important-warning": "What is the most important warning about {title} ?",
    "precautions": "What precautions should I follow when taking {title} ?",
    "contraindications": "Who should not take {title} ?",
    "dietary-instructions": "What special diet should I follow with {title} ?",
    "dosage": "What is the dose of {title} ? How much should I take ?",
    "if-you-forget-a-dose": "What should I do if I forget a dose of {title} ?",
    "side-effects": "What are the side effects or risks of {title} ?",
    "severe-reactions": "What are the severe reactions to {title} ?",
    "in-case-of-emergency-or-overdose": (
        "What to do in case of emergency or overdose of {title} ?"
    ),
    "storage-and-disposal": "How should {title} be stored and disposed of ?",
    "interactions-with-medications": (
        "What medications or drugs interact with {title} ?"
    ),
    "interactions-with-herbs-and-supplements": (
        "What herbs and supplements interact with {title} ?"
    ),
    "interactions-with-foods": "What foods interact with {title} ?",
    "brand-names": "What are the brand names of {title} ?",
    "brand-names-of-combination-products": (
        "What are the brand names of combination products with {title} ?"
    ),
    "other-information": "What other information should I know about {title} ?",
}


def question_text(name: str, title: str, question: str | None) -> str:
    """What the question field of a section holds: what it is asked for.

    The entry's name is left out (the title field has it): this field says
    which *kind* of answer a section is, so that ranking can weigh a match
    here apart from a match on the topic. MedQuAD's own question, when it
    says more than the template, comes first; the ways of asking for a
    section of this kind follow, so every section is searched the same way
    whatever its source.

    >>> question_text("Treatment", "Gout", "What are the treatments for Gout ?")
    'What are the treatments for ? How is it treated, is there a cure or a remedy ?'
    >>> print(question_text("Outlook", "Gout", None))  # doctest: +NORMALIZE_WHITESPACE
    What is the outlook for ? What is the prognosis, the life expectancy or the
    chance of survival ? How long does it last ?
    >>> question_text("Summary", "Botulism", "what is the history of botulism?")
    'what is the history of ? What is (are) ?'
    >>> question_text("Living with it", "Gout", None)
    'Living with it'
    """
    template = QUESTIONS.get(section_key(name))
    asked = _without(template.format(title=title), title) if template else name
    if question:
        own = _without(question, title)
        if " ".join(own.casefold().split()) not in " ".join(asked.casefold().split()):
            return f"{own} {asked}"
    return asked


def _without(text: str, title: str) -> str:
    """``text`` with the entry's title taken out (any case)."""
    if title:
        text = _title_pattern(title).sub(" ", text)
    return " ".join(text.split())


@lru_cache(maxsize=1_024)
def _title_pattern(title: str) -> re.Pattern[str]:
    """A title as a pattern, compiled once for all of its entry's sections
    (``re``'s own cache of 512 patterns turns over every few entries)."""
    return re.compile(re.escape(title), re.IGNORECASE)
