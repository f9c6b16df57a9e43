"""The Whoosh schema: one document per section, plus one per entry.

Field names are part of the on-disk format: renaming one means rebuilding
every index, so they live here as constants.

*Section documents* (``kind=section``) are what search ranks. Each carries
its entry's title and alternative names so that a query naming the entry
finds its sections, with boosts so title and names count above body text.

*Entry documents* (``kind=entry``) hold the whole entry as stored JSON for
entry pages, the names for synonym lookup, and the file origin and content
digest that incremental indexing compares. They have none of the section
fields, so section queries never match them.
"""

from __future__ import annotations

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from .analysis import medical_analyzer, name_analyzer

KEY = "key"  # unique: "entry:<entry_id>" or "section:<section_id>"
KIND = "kind"  # "entry" or "section"
ENTRY_ID = "entry_id"
SECTION_ID = "section_id"
TITLE = "title"
SYNONYMS = "synonyms"
SECTION = "section"  # the section's name, searchable ("Treatment")
SECTION_KEY = "section_key"  # normalised section name for filters
BODY = "body"
POSITION = "position"
SOURCE = "source"
NAME = "name"  # entry documents: every name, for lookups
ENTRY_JSON = "entry_json"
ORIGIN = "origin"
DIGEST = "digest"
NAME_COUNT = "name_count"

ENTRY_KIND = "entry"
SECTION_KIND = "section"

# Boosts chosen so a title or name match outranks a passing body mention,
# without letting one-word titles drown the body (see README, Ranking).
FIELD_BOOSTS = {TITLE: 2.5, SYNONYMS: 1.8, SECTION: 1.0, BODY: 1.0}


def build_schema() -> Schema:
    """The schema every index of this project uses."""
    text = medical_analyzer()
    return Schema(
        # Unique key so update_document replaces a section or entry in place.
        key=ID(unique=True, stored=True),
        kind=ID(stored=True),
        # Sortable: results collapse on it (at most two sections per entry).
        entry_id=ID(stored=True, sortable=True),
        section_id=ID(stored=True),
        # Titles and names are short and decisive: boosted, phrase-capable.
        title=TEXT(analyzer=text, stored=True, field_boost=FIELD_BOOSTS[TITLE]),
        synonyms=TEXT(analyzer=text, field_boost=FIELD_BOOSTS[SYNONYMS]),
        section=TEXT(analyzer=text, stored=True, field_boost=FIELD_BOOSTS[SECTION]),
        section_key=ID(stored=True),
        # Body is stored because snippets are highlighted from it.
        body=TEXT(analyzer=text, stored=True),
        position=NUMERIC(stored=True),
        source=ID(stored=True),
        # Entry documents only.
        name=TEXT(analyzer=name_analyzer(), phrase=True),
        entry_json=STORED(),
        origin=ID(stored=True),
        digest=STORED(),
        name_count=STORED(),
    )


def section_key(name: str) -> str:
    """Normalise a section name for filtering.

    >>> section_key("Outlook (Prognosis)"), section_key(" exams and TESTS ")
    ('outlook', 'exams-and-tests')
    """
    base = name.split("(")[0]
    return "-".join(base.lower().split())
