"""Small entries for ranking tests, written as keyword arguments."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from indexer.build import build_index
from indexer.model import Entry, Paragraph, Section
from indexer.search import SearchService


def make_entry(entry_id: str, title: str, names=(), **sections: str) -> Entry:
    """An entry whose sections are the keyword arguments, in order.

    >>> make_entry("x", "X", Exams_and_Tests="A test.").sections[0].name
    'Exams and Tests'
    """
    return Entry(
        entry_id=entry_id,
        title=title,
        alternative_names=tuple(names),
        sections=tuple(
            Section(f"{entry_id}_Sec{n}", name.replace("_", " "), n, (Paragraph(text),))
            for n, (name, text) in enumerate(sections.items(), 1)
        ),
    )


def held_by_name(entry_id: str, title: str, names=()) -> Entry:
    """An A.D.A.M. entry as MedQuAD gives it: names, no text.

    >>> held_by_name("q", "Quinsy").text_available
    False
    """
    entry = make_entry(entry_id, title, names)
    return replace(entry, source="ADAM", text_available=False)


def other_topics(count: int = 8, words: str = "") -> list[Entry]:
    """Unrelated entries, so the statistics of a small index are not those
    of two or three entries (``words`` puts a query word in each text).

    >>> [e.title for e in other_topics(2)]
    ['Other topic 0', 'Other topic 1']
    """
    return [
        make_entry(f"e{n}", f"Other topic {n}", Summary=f"Text {n}{words}.")
        for n in range(count)
    ]


@contextmanager
def searching(
    folder: Path, entries: Iterable[Entry], **build_options
) -> Iterator[SearchService]:
    """A service over a fresh index of ``entries`` built in ``folder``."""
    build_index(list(entries), folder / "index", **build_options)
    with SearchService(folder / "index") as service:
        yield service
