"""Small entries for ranking tests, written as keyword arguments."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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


@contextmanager
def searching(
    folder: Path, entries: Iterable[Entry], **build_options
) -> Iterator[SearchService]:
    """A service over a fresh index of ``entries`` built in ``folder``."""
    build_index(list(entries), folder / "index", **build_options)
    with SearchService(folder / "index") as service:
        yield service
