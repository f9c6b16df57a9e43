"""A results page reads its sections from the derived file exactly as
Whoosh stores them."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer import pagefields, segments
from indexer.arrayfile import read_arrays, read_header, write_arrays
from indexer.build import build_index, optimize
from indexer.search import SearchService
from indexer.store import IndexStore

from .builders import make_entry
from .conftest import make_entries

QUERIES = ["gout", "tumor ablation", "kidney stones", "meniere", "sjogren", "µg"]


def _entries():
    return [
        *make_entries(),
        make_entry(
            "sjogren",
            "Sjögren’s syndrome",
            ["Sicca — dry eyes"],
            Summary="Dry eyes and mouth; a dose of 5 µg… naïve cells 😀.",
            Treatment="Artificial tears; “pilocarpine” for the mouth.",
        ),
    ]


@pytest.fixture
def derived(monkeypatch) -> None:
    """Derived files for every segment, however small (tests' indexes are)."""
    monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)


def _derived_files(index: Path) -> list[Path]:
    return sorted((index / IndexStore(index).current_name()).glob("*.derived"))


def _pages(service: SearchService) -> list:
    return [service.search(q).results for q in QUERIES]


def test_every_document_reads_as_whoosh_stores_it(tmp_path, derived):
    build_index(_entries(), tmp_path)
    with SearchService(tmp_path) as service, service._reading() as snap:
        assert all(s.memo.get("page_fields") for s in snap.segments)
        ranker, searcher = snap.ranker, snap.searcher
        read = 0
        for doc in range(searcher.doc_count_all()):
            stored = searcher.stored_fields(doc)
            fields = ranker.page_fields(doc)
            assert {k: fields.get(k) for k in pagefields.FIELDS} == {
                k: stored.get(k) for k in pagefields.FIELDS
            }
            read += fields is not stored and stored.get("kind") == "section"
        assert read > 10  # the sections came from the file


def test_pages_from_the_file_are_the_pages_read_through_whoosh(
    tmp_path, derived, monkeypatch
):
    build_index(_entries(), tmp_path)
    with SearchService(tmp_path) as service:
        from_file = _pages(service)
    monkeypatch.setattr(
        pagefields.PageFields, "from_arrays", classmethod(lambda cls, arrays: None)
    )
    with SearchService(tmp_path) as service:
        with service._reading() as snap:
            assert not any(s.memo.get("page_fields") for s in snap.segments)
        assert _pages(service) == from_file
    assert any(from_file) and "Sjögren’s syndrome" in {
        hit.title for hits in from_file for hit in hits
    }


def test_a_file_written_before_the_page_fields_is_read_through_whoosh(
    tmp_path, derived
):
    build_index(_entries(), tmp_path)
    with SearchService(tmp_path) as service:
        before = _pages(service)
    (path,) = _derived_files(tmp_path)
    header, arrays = read_arrays(path)
    older = {k: v.copy() for k, v in arrays.items() if not k.startswith("page.")}
    header.pop("arrays")
    write_arrays(path, older, header)
    with SearchService(tmp_path) as service:
        with service._reading() as snap:
            assert snap.segments[0].memo.get("page_fields") is None
        assert _pages(service) == before
    # `medsearch optimize` writes the file again with them.
    optimize(IndexStore(tmp_path))
    (path,) = _derived_files(tmp_path)
    assert pagefields.ENDS in read_header(path)["arrays"]
    with SearchService(tmp_path) as service:
        assert _pages(service) == before


def test_text_no_utf8_holds_is_read_through_whoosh(tmp_path, derived):
    # Writes refuse lone surrogates at the door, but an index written
    # before may hold them, and a merge carries them into new segments.
    broken = "A broken \udfff character."
    fields = {**dict.fromkeys(pagefields.FIELDS, "x"), "body": broken}
    arrays = pagefields.page_arrays([(0, fields), (1, {**fields, "body": "ok"})], 2)
    found = pagefields.PageFields.from_arrays(arrays)
    assert found.get(0) is None and found.get(1)["body"] == "ok"
    odd = make_entry("odd", "Odd entry", Summary=broken)
    build_index([*_entries(), odd], tmp_path)
    with SearchService(tmp_path) as service, service._reading() as snap:
        bodies = {
            snap.ranker.page_fields(d).get("body")
            for d in range(snap.searcher.doc_count_all())
        }
        assert broken in bodies
