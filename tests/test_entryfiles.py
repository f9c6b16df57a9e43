"""Each segment's entry files: what an incremental index reads instead of
every entry's stored fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer import schema as f
from indexer import segments
from indexer.build import stored_entries, sync
from indexer.entryfiles import FILES, entry_files
from indexer.search import SearchService
from indexer.store import IndexStore

from .test_reindex import ids, write_entry, written_by_api


def as_stored(store: IndexStore) -> tuple[dict, dict]:
    """Each live entry's origin -> (entry id, digest), from the entry files
    and from the stored fields."""
    _, ix = store.open()
    with ix.searcher() as searcher:
        stored = {
            doc[f.ORIGIN]: (doc[f.ENTRY_ID], doc[f.DIGEST])
            for doc in stored_entries(searcher)
        }
        return entry_files(searcher, Path(ix.storage.folder)), stored


@pytest.fixture
def every_segment_derived(monkeypatch):
    """Small test segments get the files a large one gets."""
    monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)


def test_the_entry_files_say_what_the_stored_fields_say(
    tmp_path, every_segment_derived
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    alpha = write_entry(corpus, "alpha-pox", "Alpha pox", "spots")
    write_entry(corpus, "beta-itch", "Beta itch", "itching")
    write_entry(corpus, "delta-rash", "Delta rash", "redness")
    store = IndexStore(tmp_path / "index")
    sync(store, [corpus])
    folder = store.root / store.current_name()
    assert list(folder.glob(f"*{FILES}"))
    files, stored = as_stored(store)
    assert files == stored and len(files) == 3
    # Writes through the API: a replaced entry, a removed one, a new one,
    # each a segment of its own, and deletions in the older segments.
    service = SearchService(store.root)
    written_by_api(service, "alpha-pox", "Alpha pox", "It leaves blisters.")
    service.remove(["beta-itch"])
    written_by_api(service, "omega-ache", "Omega ache", "It aches.")
    files, stored = as_stored(store)
    assert files == stored
    assert str(corpus / "beta-itch.txt") not in files
    # A changed file read again, and a file gone.
    alpha.write_text(alpha.read_text().replace("spots", "pocks"), "utf-8")
    (corpus / "delta-rash.txt").unlink()
    report = sync(store, [corpus])
    assert (report.changed, report.removed) == (["alpha-pox"], ["delta-rash"])
    files, stored = as_stored(store)
    assert files == stored
    # alpha-pox as read again; beta-itch's file, whose removal stands.
    assert sync(store, [corpus]).unchanged == 2
    service.invalidate()
    assert ids(service, "pocks") == ["alpha-pox"]


def test_a_damaged_entry_file_is_read_past(tmp_path, every_segment_derived):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_entry(corpus, "alpha-pox", "Alpha pox", "spots")
    write_entry(corpus, "beta-itch", "Beta itch", "itching")
    store = IndexStore(tmp_path / "index")
    sync(store, [corpus])
    (written,) = (store.root / store.current_name()).glob(f"*{FILES}")
    written.write_bytes(written.read_bytes()[:20])
    files, stored = as_stored(store)
    assert files == stored and len(files) == 2
    again = sync(store, [corpus])
    assert (again.added, again.changed, again.unchanged) == ([], [], 2)
