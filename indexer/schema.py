"""The Whoosh schema: one document per section, plus one per entry.

Field names are part of the on-disk format: renaming one means rebuilding
every index, so they live here as constants, and an index written with
another schema is refused with the command that rebuilds it
(:func:`same_layout`).

*Section documents* (``kind=section``) are what search ranks. Each part of
a section is its own indexed field, so ranking can weigh and saturate each
one separately (BM25F, see :mod:`indexer.ranking`): the entry's ``title``,
its alternative ``names``, the ``section`` name, the ``question`` the
section answers (MedQuAD's own, or one made from the section name, see
:mod:`indexer.questions`) and the ``body``. A word in a three-word title says
more about a section than the same word once in a long text; one combined
field, which this index used before, could only approximate that with fixed
multipliers and one length for everything.

*Entry documents* (``kind=entry``) hold the whole entry as stored JSON for
entry pages, the names for synonym lookup, and the file origin and content
digest that incremental indexing compares. They have none of the searched
fields, so section queries never match them.
"""

from __future__ import annotations

from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import STEM_RULES, medical_analyzer, stem_rules

KEY = "key"  # unique: "entry:<entry_id>" or "section:<section_id>"
KIND = "kind"  # "entry" or "section"
ENTRY_ID = "entry_id"
SECTION_ID = "section_id"
TITLE = "title"
NAMES = "names"  # alternative names, indexed (gaps between names)
SYNONYMS = "synonyms"  # alternative names, stored as a list for display
SECTION = "section"  # the section's name as written ("Treatment")
QUESTION = "question"  # the question the section answers
SECTION_KEY = "section_key"  # normalised section name for filters
BODY = "body"
POSITION = "position"
SOURCE = "source"
ENTRY_JSON = "entry_json"
ORIGIN = "origin"
DIGEST = "digest"
NAME_COUNT = "name_count"
NAME_KEY = "name_key"  # entry and thesaurus documents: normalised names
NAME_CARD = "name_card"  # column: JSON card for names lookups

#: The fields a section is searched in, in the order ranking reads them.
SEARCHED = (TITLE, NAMES, SECTION, QUESTION, BODY)
#: The searched fields short enough that ranking holds them in memory.
SHORT = (TITLE, NAMES, SECTION, QUESTION)

ENTRY_KIND = "entry"
SECTION_KIND = "section"
THESAURUS_KIND = "thesaurus"
#: A file's record, kept when a write through the API replaced or removed
#: the entry read from it (see :func:`indexer.build.sync`).
OVERRIDDEN_KIND = "overridden"


def build_schema() -> Schema:
    """The schema every index of this project uses."""
    searched = medical_analyzer()
    return Schema(
        # Unique key so update_document replaces a section or entry in place.
        key=ID(unique=True, stored=True),
        kind=ID(stored=True),
        # Sortable: a fast column for keeping a few sections per entry.
        entry_id=ID(stored=True, sortable=True),
        section_id=STORED(),
        # The searched fields, one analyzer for all so a query word is the
        # same term in each; positions for phrases and proximity. Stored
        # where pages show them (the body is what snippets are cut from).
        title=TEXT(analyzer=searched, phrase=True, stored=True),
        names=TEXT(analyzer=searched, phrase=True),
        section=TEXT(analyzer=searched, phrase=True, stored=True),
        question=TEXT(analyzer=searched, phrase=True, stored=True),
        body=TEXT(analyzer=searched, phrase=True, stored=True),
        synonyms=STORED(),
        position=STORED(),
        # Sortable: ranking reads every section's kind as one column.
        section_key=ID(stored=True, sortable=True),
        source=STORED(),
        # Entry documents only.
        entry_json=STORED(),
        origin=STORED(),
        digest=STORED(),
        name_count=STORED(),
        # Entry and thesaurus documents: each normalised name is one term
        # (comma-separated), and a column card that loads fast for lookups.
        name_key=KEYWORD(commas=True, scorable=False),
        name_card=COLUMN(),
    )


def same_layout(schema: Schema) -> bool:
    """Whether an opened index was written with this code's schema, and
    its words stemmed by this code's rules."""
    ours = build_schema()
    return (
        sorted(schema.names()) == sorted(ours.names())
        and all(type(schema[name]) is type(ours[name]) for name in ours.names())
        and stem_rules(schema[BODY].analyzer) == STEM_RULES
    )


def section_key(name: str) -> str:
    """Normalise a section name for filtering.

    >>> section_key("Outlook (Prognosis)"), section_key(" exams and TESTS ")
    ('outlook', 'exams-and-tests')
    """
    base = name.split("(")[0]
    return "-".join(base.lower().split())
