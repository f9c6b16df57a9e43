"""The flat postings files rank exactly as Whoosh's own postings."""

from __future__ import annotations

import gc
from pathlib import Path

import numpy as np
import pytest
from whoosh.reading import SegmentReader

from indexer import postings
from indexer import schema as f
from indexer.build import build_index, optimize
from indexer.ranking import Ranker
from indexer.search import SearchService
from indexer.sources import SourcedEntry
from indexer.store import IndexStore

from .builders import make_entry
from .conftest import make_entries

QUERIES = [
    "gout",
    "tumor ablation",
    "kidney stones pain",
    '"uric acid"',
    '"acid crystals" OR "joint pain"',
    "joint AND NOT gout",
    "how is a flare of gout treated with colchicine",
    "microwave ablation of the liver",
]


def _entries():
    return [
        *make_entries(),
        make_entry(
            "liver",
            "Liver metastases",
            Treatment="Microwave ablation heats the tumor. Ablation of the liver "
            "tumor by microwave ablation is done under imaging; ablation again.",
            Symptoms="Pain under the ribs, and joint pain in some people.",
        ),
        make_entry(
            "acid",
            "Uric acid",
            Summary="Uric acid crystals form in the joint; the acid is "
            "filtered by the kidney, and kidney stones of uric acid hurt.",
        ),
    ]


@pytest.fixture
def flat(monkeypatch) -> None:
    """Postings files for every segment, however small (tests' indexes are)."""
    monkeypatch.setattr(postings, "MIN_DOCS", 1)


def _files(index: Path) -> list[Path]:
    return sorted((index / IndexStore(index).current_name()).glob("*.postings"))


def _read_all(service: SearchService, field: str = f.BODY) -> dict:
    """Every term's live postings and positions in a searched field, from a
    fresh ranker."""
    with service._reading() as snap:
        ranker = Ranker(snap.searcher, snap.segments)
        out = {}
        for term in snap.searcher.reader().lexicon(field):
            text = term.decode() if isinstance(term, bytes) else term
            docs, weights = ranker.postings(field, text)
            at, found = ranker.positions(field, text)
            assert at.tolist() == docs.tolist()
            # Counted from the postings files and the small segments' sets
            # of terms: Whoosh's count, deleted documents included.
            df = snap.searcher.doc_frequency(field, text)
            assert ranker._doc_frequency(field, text) == df
            out[text] = (
                docs.tolist(),
                weights.tolist(),
                [found[i] for i in range(len(found))],
            )
        assert ranker._doc_frequency(field, "zzzunseen") == 0
        return out


def _answers(service: SearchService) -> list:
    return [
        [(h.section_id, h.score, h.snippet) for h in service.search(q).results]
        for q in QUERIES
    ]


def test_flat_postings_rank_as_whoosh_and_mask_deletes(tmp_path, flat, monkeypatch):
    entries = _entries()
    build_index(entries, tmp_path / "flat")
    assert len(_files(tmp_path / "flat")) == 1  # written by the build
    monkeypatch.setattr(postings, "MIN_DOCS", 10**9)
    build_index(entries, tmp_path / "plain")
    assert _files(tmp_path / "plain") == []
    with (
        SearchService(tmp_path / "flat") as fast,
        SearchService(tmp_path / "plain") as slow,
    ):
        with fast._reading() as snap:
            assert all(set(s.postings) == set(f.SEARCHED) for s in snap.segments)
        for field in f.SEARCHED:
            assert _read_all(fast, field) == _read_all(slow, field)
        read = _read_all(fast)
        assert read["ablat"][2] and _answers(fast) == _answers(slow)
        assert _answers(fast)[0][0][0].startswith("gout")
        # Deleting leaves the segment and its file; the ranker masks them.
        for service in (fast, slow):
            service.remove(["gout", "liver"])
        assert len(_files(tmp_path / "flat")) == 1
        for field in f.SEARCHED:
            assert _read_all(fast, field) == _read_all(slow, field)
        read = _read_all(fast)
        assert read["ablat"][0] and _answers(fast) == _answers(slow)
        hits = {h.entry_id for q in QUERIES for h in fast.search(q).results}
        assert hits and not hits & {"gout", "liver"}


def test_no_searched_field_is_read_through_whoosh_with_the_file(
    tmp_path, flat, monkeypatch
):
    build_index(_entries(), tmp_path)
    asked = []
    real = SegmentReader.postings

    def postings_of(reader, fieldname, text, *args, **kwargs):
        asked.append(fieldname)
        return real(reader, fieldname, text, *args, **kwargs)

    monkeypatch.setattr(SegmentReader, "postings", postings_of)
    with SearchService(tmp_path) as service:
        with service._reading():
            asked.clear()  # opening derives the short fields of small segments
        assert "liver" in {h.entry_id for h in service.search("ablation").results}
        assert service.search('"microwave ablation"').results
        assert service.search('"uric acid"').results  # a title's positions too
    assert not set(asked) & set(f.SEARCHED)


def test_index_without_or_with_a_damaged_file_still_searches(tmp_path, monkeypatch):
    build_index(_entries(), tmp_path)  # as the code before wrote it: no file
    assert _files(tmp_path) == []
    with SearchService(tmp_path) as service:
        expected = _answers(service)
        assert expected[1]
    monkeypatch.setattr(postings, "MIN_DOCS", 1)
    optimize(IndexStore(tmp_path))  # writes what an older version did not
    [written] = _files(tmp_path)
    with SearchService(tmp_path) as service:
        with service._reading() as snap:
            assert snap.segments[0].postings
        assert _answers(service) == expected
    written.write_bytes(written.read_bytes()[:200])  # cut short
    with SearchService(tmp_path) as service:
        with service._reading() as snap:
            assert snap.segments[0].postings == {}
        assert _answers(service) == expected
    optimize(IndexStore(tmp_path))  # one segment, nothing to merge: rewrites
    with SearchService(tmp_path) as service:
        with service._reading() as snap:
            assert snap.segments[0].postings
        assert _answers(service) == expected


def test_a_write_leaves_an_older_segment_without_a_file_to_optimize(
    tmp_path, monkeypatch
):
    # Built without postings files (as by the version before them), then a
    # write: it writes the file of the segment it made, not the old one's
    # (under the write lock that cost the first PUT after an upgrade 11 s).
    build_index(_entries(), tmp_path)
    assert _files(tmp_path) == []
    monkeypatch.setattr(postings, "MIN_DOCS", 1)
    with SearchService(tmp_path) as service:
        entry = make_entry("new", "New entry", Summary="Zebras are striped.")
        service.upsert([SourcedEntry(entry, "api", "x")])
        files = _files(tmp_path)
        with service._reading() as snap:
            with_file = [bool(s.postings) for s in snap.segments]
        assert len(files) == 1 and with_file.count(True) == 1
        assert len(with_file) == 2  # the old segment is read through Whoosh
        assert [h.entry_id for h in service.search("zebras").results] == ["new"]
    optimize(IndexStore(tmp_path))
    assert len(_files(tmp_path)) == 1  # one merged segment, with its file


@pytest.mark.parametrize("min_docs", [1, 10**9], ids=["file", "whoosh"])
def test_a_remembered_read_without_positions_holds_nothing_the_collector_walks(
    tmp_path, monkeypatch, min_docs
):
    # A worker remembers thousands of reads; containers among them are
    # walked by every full garbage collection, pausing every request.
    monkeypatch.setattr(postings, "MIN_DOCS", min_docs)
    build_index(_entries(), tmp_path)
    with SearchService(tmp_path) as service, service._reading() as snap:
        ranker = Ranker(snap.searcher, snap.segments)
        reads = [
            ranker._read(field, text, values=False)
            for field in f.SEARCHED
            for text in ("ablat", "gout", "no-such-term")
        ]
        assert any(len(docs) for docs, _, _ in reads)
        gc.collect()  # untracks the tuples that hold no container
        assert not any(gc.is_tracked(read) for read in reads)
        docs, positions = ranker.positions(f.BODY, "ablat")
        assert len(docs) and positions[0]  # positions, when asked for


def _in_sequence_one_by_one(ranker, field, words, docs, slop):
    """What a phrase check must give: document by document, in sets."""
    keep = []
    for doc in docs.tolist():
        where = []
        for word in words:
            all_docs, values = ranker.positions(field, word)
            at = all_docs.tolist().index(doc) if doc in all_docs else None
            where.append(set(values[at]) if at is not None else None)
        keep.append(
            None not in where
            and any(
                all(
                    any(p + n + gap in where[n] for gap in range(slop))
                    for n in range(1, len(words))
                )
                for p in where[0]
            )
        )
    return keep


@pytest.mark.parametrize("files", [True, False], ids=["flat", "whoosh"])
def test_phrases_are_checked_in_arrays_as_one_by_one(tmp_path, monkeypatch, files):
    from indexer.analysis import analyse
    from indexer.syntax import in_sequence

    monkeypatch.setattr(postings, "MIN_DOCS", 1 if files else 10**9)
    entries = _entries()
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        text = " ".join(s.text for e in entries for s in e.sections)
        terms = [t for word in text.split() for t in analyse(word)]
        with service._reading() as snap:
            ranker = snap.ranker
            every = np.arange(ranker._n)
            checked = found = 0
            for i in range(len(terms) - 3):
                for size in (1, 2, 3):
                    words = terms[i : i + size]
                    for field in f.SEARCHED:
                        for slop in (0, 1, 2):
                            got = in_sequence(ranker, field, words, every, slop)
                            want = _in_sequence_one_by_one(
                                ranker, field, words, every, slop
                            )
                            assert got.tolist() == want, (words, field, slop)
                            checked += 1
                            found += sum(want)
            assert checked > 1000 and found > 100
        # Quoted, in order only.
        assert service.search('"microwave ablation"').results
        assert not service.search('"ablation microwave"').results


def test_writes_merged_get_a_file_one_write_does_not(tmp_path):
    # Hundreds of writes leave dozens of merged segments, each asked for
    # every new term a query reads: through Whoosh, a matcher each.
    build_index(_entries(), tmp_path)
    sections = {f"Part_{n}": f"Text {n} about zebras." for n in range(4)}
    with SearchService(tmp_path) as service:
        for n in range(9):
            entry = make_entry(f"new-{n}", f"New entry {n}", **sections)
            service.upsert([SourcedEntry(entry, "api", str(n))])
            with service._reading() as snap:
                sizes = [(len(s.sections), bool(s.postings)) for s in snap.segments]
            if n < 8:  # each write's own segment: five documents, no file
                assert _files(tmp_path) == [] and len(sizes) == n + 2
        # The ninth write's commit merged the eight before it with its own.
        assert len(sizes) == 2 and len(_files(tmp_path)) == 1
        assert [has for docs, has in sizes if docs >= postings.MIN_DOCS] == [True]
        found = service.search("zebras", per_page=50, per_entry=10).results
        assert len(found) == 36  # every section of the nine, read from the file
