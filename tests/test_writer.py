"""The build's own analysis and recorded postings write what Whoosh would."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from indexer import analysis
from indexer import schema as f
from indexer.analysis import index_terms, weighted
from indexer.build import entry_documents
from indexer.postings import FieldPostings, flat_arrays
from indexer.schema import build_schema
from indexer.segments import ShortPostings
from indexer.sources import iter_sourced, list_files
from indexer.store import codec
from indexer.termpool import TermPool
from indexer.writer import SectionWriter, indexed_whole

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

TRICKY = [
    "",
    "the and of",  # stop words only
    "COVID-19 ablations and HbA1c for AIDS; AIDS again, hearing aids",
    "Ménière's disease, ÉCHOGRAPHIE naïve Sjögren",
    "in-vitro 1.5 mg/kg x.y.z -- a-the-b ..dots.. __under__score",
    "MI, RFA and TNM staging; HIV-1 and HIV-2 (HIV)",
    weighted([("Gout", 1.0), ("Podagra", 1.0), ("uric acid gout", 1.0)]),
    weighted([("ACE inhibitors", 3.0), ("", 1.0), ("ace", 0.5)]),
    "word " * 300 + "end",  # longer than the cached values
    "Crohn's CROHN'S Sjögren\u2019s; it isn't, they're, I'd O'Brien's x'y 's",
    "aspiration (as-pih-RA-shun), (SI-tus in-VER-sus), (anti-CCP) and (t-AML)",
    "see www.nih.gov/hbp-index.htm; call 1-800-232-4636 or (301) 496-5751 today",
]


def _documents() -> list[dict]:
    return [
        doc
        for item in iter_sourced(list_files([CORPUS]))
        for doc in entry_documents(item.entry, item.origin, item.digest)
    ]


def _texts() -> list[str]:
    searched = [doc.get(field) for doc in _documents() for field in f.SEARCHED]
    return [value for value in searched if isinstance(value, str)] + TRICKY


@pytest.mark.parametrize("field", f.SEARCHED)
def test_index_terms_are_whoosh_terms(field):
    whoosh_field = build_schema()[field]
    for value in _texts():
        assert index_terms(value) == tuple(whoosh_field.index(value)), value


def test_index_terms_same_after_caches_fill_and_clear(monkeypatch):
    """The word table clears when full, and cached values are reused as is."""
    body = build_schema()[f.BODY]
    monkeypatch.setattr(analysis, "_WORD_TERMS", {})
    monkeypatch.setattr(analysis, "_KNOWN_WORDS", 3)
    monkeypatch.setattr(analysis, "_SINGLE", {})
    monkeypatch.setattr(analysis, "_SINGLES", 5)
    analysis._cached_terms.cache_clear()
    try:
        for value in _texts() * 2:  # the second round from the caches
            assert index_terms(value) == tuple(body.index(value)), value
        assert analysis._cached_terms.cache_info().hits
    finally:
        analysis._cached_terms.cache_clear()
    assert 0 < len(analysis._WORD_TERMS) <= 3
    assert sorted(analysis._SINGLE) == [0, 1, 2, 3, 4]


def _write(tmp_path: Path, writer_class, record: bool = False, codec=codec):
    folder = tmp_path / f"{writer_class.__name__}-{record}"
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_class(ix, codec=codec())
    if record:
        writer.record()
    for doc in _documents():
        writer.add_document(**doc)
    segment = writer._finalize_segment()
    return writer, SegmentReader(ix.storage, ix.schema, segment)


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        assert a[name].dtype == b[name].dtype, name
        assert np.array_equal(a[name], b[name]), name


def _stats(reader, field: str, term: bytes) -> tuple:
    info = reader.term_info(field, term)
    return (
        info.weight(),
        info.doc_frequency(),
        info.min_length(),
        info.max_length(),
        info.max_weight(),
    )


def test_section_writer_writes_the_segment_whoosh_writes(tmp_path):
    _, ours = _write(tmp_path, SectionWriter)
    _, theirs = _write(tmp_path, SegmentWriter)
    try:
        assert ours.doc_count_all() == theirs.doc_count_all() > 20
        for field in f.SEARCHED:
            assert FieldPostings.read(ours, field).same(
                FieldPostings.read(theirs, field)
            )
            # The term statistics Whoosh keeps (lengths from SectionWriter's
            # per-document table of field lengths).
            terms = list(ours.lexicon(field))
            assert terms == list(theirs.lexicon(field))
            for term in terms:
                assert _stats(ours, field, term) == _stats(theirs, field, term)
            for doc in range(ours.doc_count_all()):
                assert ours.doc_field_length(doc, field) == theirs.doc_field_length(
                    doc, field
                )
        # The ids, keys and kinds, one term per value (indexed_whole).
        whole = [name for name, field in ours.schema.items() if indexed_whole(field)]
        assert {f.KEY, f.KIND, f.ENTRY_ID, f.SECTION_KEY} == set(whole)
        for field in whole:
            terms = list(ours.lexicon(field))
            assert terms == list(theirs.lexicon(field))
            for term in terms:
                assert _stats(ours, field, term) == _stats(theirs, field, term)
                assert list(ours.postings(field, term).items_as("weight")) == list(
                    theirs.postings(field, term).items_as("weight")
                )
        assert list(ours.all_stored_fields()) == list(theirs.all_stored_fields())
        for field in (f.ENTRY_ID, f.SECTION_KEY, f.NAME_CARD):
            assert list(ours.column_reader(field)) == list(theirs.column_reader(field))
    finally:
        ours.close()
        theirs.close()


def test_recorded_postings_are_the_segments_postings(tmp_path):
    writer, reader = _write(tmp_path, SectionWriter, record=True)
    try:
        for field in f.SEARCHED:
            recorded, back = writer.recorded[field], FieldPostings.read(reader, field)
            assert recorded.terms and recorded.same(back)
            _same(flat_arrays(recorded), flat_arrays(back))
        # Both kinds of value: one position, and several.
        assert max(writer.recorded[f.BODY].counts) > 1
        for field in f.SHORT:
            _same(
                ShortPostings.recorded(writer.recorded[field]).arrays(),
                ShortPostings.read(reader, field).arrays(),
            )
    finally:
        reader.close()


def test_unrecorded_writer_keeps_nothing(tmp_path):
    writer, reader = _write(tmp_path, SectionWriter)
    reader.close()
    assert writer.recorded is None


def _segment_files(writer, reader) -> dict[str, bytes]:
    """The files of a written segment, by name without the segment's id."""
    segment = writer.get_segment()
    files = segment.open_compound_file(reader.storage())
    found = {}
    try:
        for name in files.list():
            with files.open_file(name) as part:
                found[name.replace(segment.segid, "ID")] = part.read()
    finally:
        files.close()
    return found


@pytest.mark.parametrize("blocklimit", [128, 3])
def test_grouped_pool_writes_the_files_the_sorting_pool_writes(tmp_path, blocklimit):
    """A full build's worker groups postings by term (TermPool) and fills
    Whoosh's blocks a block at a time: the segment is the same, byte for
    byte, as through Whoosh's sorting pool and add_postings. A block limit
    of 3 gives most terms several blocks."""

    def small_blocks():
        return W3Codec(compression=0, blocklimit=blocklimit)

    grouped, ours = _write(tmp_path, SectionWriter, record=True, codec=small_blocks)
    sorting, theirs = _write(tmp_path, SectionWriter, codec=small_blocks)
    try:
        assert isinstance(grouped.pool, TermPool)
        assert not isinstance(sorting.pool, TermPool)
        ours_files = _segment_files(grouped, ours)
        assert ours_files == _segment_files(sorting, theirs)
        assert {"MAIN_ID.pst", "MAIN_ID.trm"} <= ours_files.keys()
        for field in f.SEARCHED:  # and recorded as written
            assert grouped.recorded[field].same(FieldPostings.read(theirs, field))
    finally:
        ours.close()
        theirs.close()


def test_term_pool_gives_postings_in_whoosh_order():
    pool = TermPool(grouped=[f.BODY])
    items = []
    for doc in range(200):
        terms = sorted({f"w{(doc * 7919 + n) % 37:02d}".encode() for n in range(5)})
        for n, term in enumerate(reversed(terms)):
            items.append((f.BODY, term, doc, float(n), b"v%d" % n))
        items.append((f.KEY, f"section:{doc % 50}".encode(), doc, 1.0, b""))
        items.append((f.KIND, b"section", doc, 1.0, None))
    for item in items:
        pool.add(item)
    assert pool.fieldnames == {f.BODY, f.KEY, f.KIND}
    assert list(pool.iter_postings()) == sorted(items, key=lambda i: i[:3])
    with pytest.raises(ValueError):
        pool.add((f.KEY, b"spelling", -1, 1.0, None))
