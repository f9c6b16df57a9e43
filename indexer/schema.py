"""The Whoosh schema: one document per section, plus one per entry.

Field names are part of the on-disk format: renaming one means rebuilding
every index, so they live here as constants.

*Section documents* (``kind=section``) are what search ranks. They are
matched and scored on one combined field, ``content``: the entry's title
and alternative names, the section name and the section text, each with its
own weight (see :func:`indexer.analysis.weighted`). One field means one
posting list per query word instead of four, which is most of the speed of
a pure-Python engine; the weights give the title and names their due. The
parts are also stored separately for display and snippets.

*Entry documents* (``kind=entry``) hold the whole entry as stored JSON for
entry pages, the names for synonym lookup, and the file origin and content
digest that incremental indexing compares. They have no ``content``, so
section queries never match them.
"""

from __future__ import annotations

from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import medical_analyzer

KEY = "key"  # unique: "entry:<entry_id>" or "section:<section_id>"
KIND = "kind"  # "entry" or "section"
ENTRY_ID = "entry_id"
SECTION_ID = "section_id"
CONTENT = "content"  # title + names + section name + text, weighted
TITLE = "title"
SYNONYMS = "synonyms"
SECTION = "section"  # the section's name as written ("Treatment")
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

ENTRY_KIND = "entry"
SECTION_KIND = "section"
THESAURUS_KIND = "thesaurus"

# Weights of the parts of ``content``: a title word counts like three text
# words, a name like two. Chosen on the dev query set (see bench/).
WEIGHTS = {TITLE: 3.0, SYNONYMS: 2.0, SECTION: 1.5, BODY: 1.0}


def build_schema() -> Schema:
    """The schema every index of this project uses."""
    return Schema(
        # Unique key so update_document replaces a section or entry in place.
        key=ID(unique=True, stored=True),
        kind=ID(stored=True),
        # Sortable: a fast column for keeping two sections per entry.
        entry_id=ID(stored=True, sortable=True),
        section_id=STORED(),
        # The only field section queries search; positions for phrases.
        content=TEXT(analyzer=medical_analyzer(), phrase=True),
        # Display copies; body is what snippets are cut from.
        title=STORED(),
        synonyms=STORED(),
        section=STORED(),
        body=STORED(),
        position=STORED(),
        section_key=ID(stored=True),
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


def section_key(name: str) -> str:
    """Normalise a section name for filtering.

    >>> section_key("Outlook (Prognosis)"), section_key(" exams and TESTS ")
    ('outlook', 'exams-and-tests')
    """
    base = name.split("(")[0]
    return "-".join(base.lower().split())
