"""After a write, a refresh does work in proportion to what changed.

Counted, not timed: how many name cards a refresh adds and takes out, which
vocabulary files it reads, which segments a commit merges. Before, each
refresh rebuilt the names from every card and reread the whole vocabulary,
and Whoosh's default policy decided merges by a rule that could pull in any
segment.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from whoosh import index as whoosh_index

from indexer import (
    SearchService,
    build_index,
    merging,
    names,
    postings,
    refresh,
    segments,
)
from indexer import schema as f
from indexer.arrayfile import read_arrays, read_header, write_arrays
from indexer.build import merge_waiting
from indexer.cards import CardList, NameTables
from indexer.cli import cli
from indexer.model import Entry, Paragraph, Section
from indexer.ranking import Ranker
from indexer.sources import SourcedEntry
from indexer.store import IndexStore

from .builders import make_entry


def _segments(index_dir: Path) -> list:
    store = IndexStore(index_dir)
    return whoosh_index.open_dir(str(index_dir / store.current_name()))._segments()


def _renamed(entry, title: str, *names: str) -> SourcedEntry:
    changed = dataclasses.replace(entry, title=title, alternative_names=names)
    return SourcedEntry(changed, "api", title)


def test_a_write_changes_only_its_own_names(index_dir, entries, monkeypatch):
    built = []  # cards of each segment whose name tables were built
    build = NameTables.build.__func__

    def counting_build(cls, cards):
        built.append(len(cards))
        return build(cls, cards)

    monkeypatch.setattr(NameTables, "build", classmethod(counting_build))
    gout = next(e for e in entries if e.entry_id == "gout")
    with SearchService(index_dir, refresh_interval=0) as service:
        assert service.synonyms("podagra")["matches"]
        built.clear()
        service.upsert([_renamed(gout, "Gout", "Tophaceous arthritis")])
        assert [
            m["entry_id"] for m in service.synonyms("tophaceous arthritis")["matches"]
        ] == ["gout"]
        assert built == [1]  # the new segment's one card; the old one's deletion
        assert not service.synonyms("podagra")["matches"]
        assert service.suggest("tophac")[0]["entry_id"] == "gout"
        assert not [s for s in service.suggest("podag") if s["entry_id"]]
        names = sum(len(e.names) for e in entries) - len(gout.names) + 2
        assert service.stats() == {
            "entries": 5,
            "sections": 10,
            "names": names,
            "segments": 2,  # the build's and the write's
        }
        service.remove(["gout"])
        assert not service.synonyms("tophaceous arthritis")["matches"]
        assert built == [1]
        assert service.stats()["entries"] == 4


def test_a_write_rereads_only_the_added_words(index_dir, entries, monkeypatch):
    read = []
    original = refresh.read_counts
    monkeypatch.setattr(
        refresh, "read_counts", lambda path: read.append(path.name) or original(path)
    )
    gout = next(e for e in entries if e.entry_id == "gout")
    with SearchService(index_dir, refresh_interval=0) as service:
        service.search("gout")
        assert read == ["vocab.json"]
        read.clear()
        service.upsert([_renamed(gout, "Gout", "Zyxolic arthritis")])
        assert service.search("zyxolik").did_you_mean == "zyxolic"
        assert read == ["vocab-added.json"]
        read.clear()
        service.search("gout again")  # nothing written: nothing read
        assert read == []


def test_a_refresh_reads_no_section_key_postings(index_dir, entries, monkeypatch):
    """Filter names came from every section key's whole posting list, read
    again on each refresh; now from the segments' key codes, kept."""
    read = []
    postings = Ranker.postings

    def counting(self, fieldname, text):
        read.append(fieldname)
        return postings(self, fieldname, text)

    monkeypatch.setattr(Ranker, "postings", counting)
    gout = next(e for e in entries if e.entry_id == "gout")
    with SearchService(index_dir, refresh_interval=0) as service:
        before = service.search("gout", section="treatment").facets["section"]
        service.upsert([_renamed(gout, "Gout", "Podagra")])
        read.clear()
        after = service.search("gout", section="treatment")
        assert f.SECTION_KEY not in read
        assert after.sections == ("treatment",)
        assert after.facets["section"] == before
        assert after.results[0].section == "Treatment"


KB = 1024


@pytest.mark.parametrize(
    ("sizes", "merged"),
    [
        # Fewer same-tier segments than MERGE_AT: nothing merges.
        ([90_000 * KB, 80_000 * KB, 7 * KB, 7 * KB, 7 * KB], []),
        # Enough in one tier: they fold together; big ones never.
        ([90_000 * KB, 80_000 * KB] + [7 * KB] * 8, [7 * KB] * 8),
        # Only one tier a commit, the lowest that is full.
        ([7 * KB] * 8 + [60 * KB] * 8, [7 * KB] * 8),
        ([7 * KB] * 3 + [60 * KB] * 8, [60 * KB] * 8),
        # One commit merges at most MAX_MERGE_BYTES.
        ([200 * KB] * 8, [200 * KB] * 2),
        # The segment of a big `medsearch index` run waits for optimize,
        # however many small ones gather beside it.
        ([1_300 * KB] + [7 * KB] * 7, []),
    ],
)
def test_commits_merge_one_tier_of_small_segments(sizes, merged):
    assert [sizes[i] for i in merging.choose(sizes)] == merged


def _probe(n: int, words: int) -> SourcedEntry:
    text = f"w{n}marker " + " ".join(f"w{i % 50}" for i in range(words))
    section = Section(f"probe-{n}_Sec1", "Summary", 1, (Paragraph(text),))
    entry = Entry(f"probe-{n}", f"Probe {n}", (), (section,))
    return SourcedEntry(entry, "api", f"probe-{n}")


def test_small_writes_never_merge_a_big_segment(index_dir):
    """The slow PUT at five MedQuADs: eight writes after a big one merged
    the big one's segment in an ordinary PUT's commit."""
    with SearchService(index_dir, refresh_interval=0) as service:
        service.upsert([_probe(0, 150_000)])  # a segment of about 330 kB
        [big] = [s for s in _segments(index_dir) if s.doc_count_all() == 2]
        for n in range(1, 2 * merging.MERGE_AT):
            service.upsert([_probe(n, 5)])
        ids = [s.segment_id() for s in _segments(index_dir)]
        assert big.segment_id() in ids
        assert len(ids) < 2 * merging.MERGE_AT  # the small ones did merge
        assert service.search("w0marker").results[0].entry_id == "probe-0"
        assert service.search("w9marker").results[0].entry_id == "probe-9"


@pytest.mark.parametrize(
    ("sizes", "merged"),
    [
        # Fewer than MERGE_AT waiting: a pause merges nothing.
        ([90_000 * KB] + [300 * KB] * 7, []),
        # The smallest first, as many as IDLE_MERGE_BYTES holds; the build's
        # segment and an earlier merge's (over half the bound) never.
        (
            [90_000 * KB, 3_000 * KB] + [300 * KB] * 8 + [40 * KB],
            [40 * KB] + [300 * KB] * 8,
        ),
        ([1_000 * KB] * 9, [1_000 * KB] * 4),
    ],
)
def test_a_pause_merges_the_segments_commits_leave(sizes, merged):
    assert sorted(sizes[i] for i in merging.choose_idle(sizes)) == sorted(merged)


def _write_unmerged(service: SearchService, count: int, monkeypatch) -> None:
    """``count`` writes whose commits merge nothing (as writes too big for
    a commit's bound are left)."""
    monkeypatch.setattr(merging, "MAX_MERGE_BYTES", 0)
    for n in range(count):
        service.upsert([_probe(n, 5)])


def _wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_segments_writes_leave_merge_once_writes_pause(index_dir, monkeypatch):
    count = 2 * merging.MERGE_AT
    with SearchService(index_dir, refresh_interval=0, merge_idle=0.3) as service:
        _write_unmerged(service, count, monkeypatch)
        before = service.search("w7marker", per_page=3)
        written = service.version()
        assert _wait_for(lambda: len(_segments(index_dir)) < merging.MERGE_AT)
        # Workers load the merge's derived data rather than derive it (the
        # merge writes it just after its commit, as a write does).
        folder = index_dir / IndexStore(index_dir).current_name()

        def derived() -> bool:
            return all(
                (folder / f"{segment.segment_id()}{segments.DERIVED}").is_file()
                for segment in _segments(index_dir)
                if segment.doc_count_all() >= postings.MIN_DOCS
            )

        assert _wait_for(derived)
        # The service reads the merged segments; nothing was lost or changed.
        assert _wait_for(lambda: service.version() != written)
        assert _wait_for(
            lambda: service.stats()["segments"] == len(_segments(index_dir))
        )
        for n in range(count):
            assert service.search(f"w{n}marker").results[0].entry_id == f"probe-{n}"
        after = service.search("w7marker", per_page=3)
        assert [h.section_id for h in after.results] == [
            h.section_id for h in before.results
        ]


def test_no_merge_while_writes_keep_coming(index_dir, monkeypatch):
    with SearchService(index_dir, refresh_interval=0, merge_idle=60) as service:
        _write_unmerged(service, 2 * merging.MERGE_AT, monkeypatch)
        time.sleep(0.3)
        assert len(_segments(index_dir)) > 2 * merging.MERGE_AT


def test_a_merge_between_writes_gives_way_to_a_writer(index_dir, monkeypatch):
    store = IndexStore(index_dir)
    with SearchService(index_dir, refresh_interval=0, merge_idle=None) as service:
        _write_unmerged(service, 2 * merging.MERGE_AT, monkeypatch)
    segments = len(_segments(index_dir))
    with store.write_lock():
        assert merge_waiting(store) == 0
    assert len(_segments(index_dir)) == segments
    assert merge_waiting(store) >= merging.MERGE_AT
    assert len(_segments(index_dir)) < segments


def test_optimize_merges_every_segment(index_dir, entries):
    with SearchService(index_dir, refresh_interval=0) as service:
        for title in ("Gout", "Gout again"):
            service.upsert([_renamed(entries[0], title)])
        assert len(_segments(index_dir)) > 1
        result = CliRunner().invoke(
            cli, ["optimize", "--index-dir", str(index_dir), "--json"]
        )
        assert result.exit_code == 0, result.output
        assert '"segments_after": 1' in result.output
        assert len(_segments(index_dir)) == 1
        assert service.search("gout").results[0].entry_id == entries[0].entry_id


def _calls(monkeypatch, name: str) -> list:
    """The calls of ``segments.<name>`` from now on (it still runs)."""
    calls: list = []
    function = getattr(segments, name)
    monkeypatch.setattr(segments, name, lambda *a: calls.append(a) or function(*a))
    return calls


def test_workers_load_what_the_writer_derived(tmp_path, entries, monkeypatch):
    monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)
    news = "New drugs that block the growth of pancreatic tumors are tested."
    held = make_entry(
        "pancreas",
        "Pancreatic cancer",
        Treatment=f"Surgery removes the tumor. {news}",
        Research=news,
    )
    build_index([*entries, held], tmp_path)
    folder = tmp_path / IndexStore(tmp_path).current_name()
    ix = whoosh_index.open_dir(str(folder))
    [segment] = ix._segments()
    assert (folder / f"{segment.segment_id()}{segments.DERIVED}").is_file()
    with ix.searcher() as searcher:
        [(reader, _)] = searcher.reader().leaf_readers()
        derived = segments.read_segment(reader, {}, None)
        loaded = segments.read_segment(reader, {}, folder)
        # The facet codes come from the file too: no walk over the documents.
        walked = _calls(monkeypatch, "_facets")
        from_file = segments.segment_facets(reader, loaded)
        assert walked == []
        walked_out = segments.segment_facets(reader, derived)
        assert len(walked) == 1
        for a, b in zip(from_file, walked_out, strict=True):
            assert list(a) == list(b)
        # So do the repeats: no section text read.
        read = _calls(monkeypatch, "_repeat_flags")
        repeats = segments.segment_repeats(reader, loaded)
        assert read == []
        assert list(repeats) == list(segments.segment_repeats(reader, derived))
        assert len(read) == 1
        # And the sections that hold others': the writer's, as worked out.
        from indexer.copies import stored_sections
        from indexer.repeats import containers, segment_containers

        held = containers(
            stored_sections(reader, loaded.sections), reader.doc_count_all()
        )
        assert (held >= 0).sum() == 1  # the research news, in the treatment
        assert list(segment_containers(reader, loaded)) == list(held)
    # Loaded is mapped from the file, not derived again ...
    assert not loaded.lengths[f.BODY].flags.writeable
    # ... and holds the same data.
    assert loaded.codes == derived.codes and loaded.cards == derived.cards
    for name in f.SEARCHED:
        assert np.array_equal(loaded.lengths[name], derived.lengths[name])
    assert np.array_equal(loaded.entry_codes, derived.entry_codes)
    assert np.array_equal(loaded.overview, derived.overview)
    for name in f.SHORT:
        for term in ("gout", "treatment", "nothing"):
            a, b = loaded.short[name].get(term), derived.short[name].get(term)
            assert (a is None) == (b is None)
            if a is not None:
                assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    with SearchService(tmp_path) as service:
        assert service.search("gout treatment").results[0].entry_id == "gout"


def test_overview_kinds_hold_for_derived_files_written_before_them(
    tmp_path, entries, monkeypatch
):
    """The overview flags are read from a file's section keys, so a kind
    added since (a drug's "Why It Is Used") counts in older files too."""
    monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)
    monkeypatch.setattr(segments, "OVERVIEW", frozenset({"summary"}))
    build_index(entries, tmp_path)  # written when Definition was no overview
    monkeypatch.setattr(segments, "OVERVIEW", frozenset({"summary", "definition"}))
    folder = tmp_path / IndexStore(tmp_path).current_name()
    ix = whoosh_index.open_dir(str(folder))
    with ix.searcher() as searcher:
        [(reader, _)] = searcher.reader().leaf_readers()
        loaded = segments.read_segment(reader, {}, folder)
        assert not loaded.lengths[f.BODY].flags.writeable  # from the file
        keys = list(reader.column_reader(f.SECTION_KEY))
    assert "definition" in keys
    assert loaded.overview.tolist() == [k in {"summary", "definition"} for k in keys]


def test_segment_files_are_read_from_the_map_not_copied(index_dir):
    from indexer.store import MappedBufferFile

    folder = index_dir / IndexStore(index_dir).current_name()
    ix = whoosh_index.open_dir(str(folder))
    [segment] = ix._segments()
    storage = segment.open_compound_file(ix.storage)  # how Whoosh reads it
    with ix.searcher() as searcher:
        name = max(storage.list(), key=storage.file_length)
        opened = storage.open_file(name)
        try:
            # Whoosh's own BufferFile copied the whole file into a BytesIO.
            assert isinstance(opened, MappedBufferFile)
            assert opened.read(16) == opened.get(0, 16)
            opened.seek(3)
            assert opened.read(5) == opened.get(3, 5) and opened.tell() == 8
        finally:
            opened.close()
            storage.close()
        assert searcher.document(entry_id="gout") is not None


PREFIXES = ["go", "gouty a", "ar", "renal", "calc", "hyd", "the", "zz", "é", "t", "k"]


def _answers(service: SearchService) -> dict:
    """What the names and facets answer, for comparing two ways of loading."""
    snap_names = service._names.index  # noqa: SLF001 - the lookups themselves
    keys = set()
    with service._reading() as snap:  # noqa: SLF001
        for part in snap.names.parts:
            for _, card in part.tables.cards:
                keys.update(card["k"])
    keys |= {"podagra", "kidney stones", "nothing here", "gouty"}
    searches = {}
    for query in ("gout", "stones treatment", "arthritis"):
        found = service.search(query)
        searches[query] = (
            [hit.entry_id for hit in found.results],
            {k: list(v) for k, v in found.facets.items()},
        )
    return {
        "suggest": {p: service.suggest(p) for p in PREFIXES},
        "synonyms": {k: service.synonyms(k) for k in sorted(keys)},
        "entries": {k: snap_names.entries.get(k) for k in sorted(keys)},
        "groups": {k: snap_names.groups.get(k) for k in sorted(keys)},
        "starts": {k: snap_names.starts_a_name(k) for k in sorted(keys)},
        "stats": service.stats(),
        "sources": service.sources(),
        "searches": searches,
    }


def _name_tables_built(monkeypatch) -> list[int]:
    built = []
    build = NameTables.build.__func__

    def counting_build(cls, cards):
        built.append(len(cards))
        return build(cls, cards)

    monkeypatch.setattr(NameTables, "build", classmethod(counting_build))
    return built


def test_names_are_mapped_from_the_writers_file(tmp_path, entries, monkeypatch):
    """Every worker filed every name in dictionaries at start (4.9 s of its
    6.3 s at ten MedQuADs); now a large segment's name tables come sorted
    in its derived file, and answer as the tables built in memory do,
    after a write and a delete too."""
    monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)
    build_index(entries, tmp_path)
    built = _name_tables_built(monkeypatch)
    gout = next(e for e in entries if e.entry_id == "gout")
    with SearchService(tmp_path, refresh_interval=0) as service:
        mapped = _answers(service)
        assert built == []  # nothing filed at start: all of it mapped
        service.upsert([_renamed(gout, "Gout", "Tophaceous arthritis")])
        service.remove(["kidney-stones"])
        assert service.suggest("tophac")[0]["entry_id"] == "gout"
        assert not [s for s in service.suggest("podag") if s["entry_id"]]
        assert not service.synonyms("kidney stones")["matches"]
        changed = _answers(service)
        assert built in ([], [1])  # at most the write's own segment
    assert mapped["suggest"]["go"] and mapped != changed
    with SearchService(tmp_path) as service:  # a worker started after the write
        assert _answers(service) == changed
    # The same answers from tables built in memory (no derived file).
    folder = tmp_path / IndexStore(tmp_path).current_name()
    for path in folder.glob(f"*{segments.DERIVED}"):
        path.unlink()
    with SearchService(tmp_path) as service:
        assert _answers(service) == changed
    assert built


def _downgrade(path: Path) -> None:
    """Rewrite a derived file as the code before the name tables wrote it:
    the cards parsed in the JSON header, no ``cards``/``keys``/``firsts``."""
    data = path.read_bytes()
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    start = -(-(8 + size) // 8) * 8
    arrays = {
        name: np.frombuffer(data, np.dtype(dtype), count, start + offset)
        for name, (dtype, offset, count) in header["arrays"].items()
    }
    cards = CardList.mapped(arrays, header.pop("card_sources"))
    header["cards"] = [[doc, card] for doc, card in cards]
    kept = {
        name: array
        for name, array in arrays.items()
        if name.split(".")[0] not in ("cards", "keys", "firsts")
    }
    layout, offset = {}, 0
    for name, array in kept.items():
        layout[name] = [array.dtype.str, offset, len(array)]
        offset += -(-array.nbytes // 8) * 8
    header["arrays"] = layout
    text = json.dumps(header).encode()
    out = bytearray(len(text).to_bytes(8, "little") + text)
    out += b"\0" * (-len(out) % 8)
    for array in kept.values():
        out += array.tobytes() + b"\0" * (-array.nbytes % 8)
    path.write_bytes(bytes(out))


def _one_derived_file(tmp_path, entries, monkeypatch) -> tuple[list, Path]:
    """An index of one segment with a derived file: its answers, the file."""
    monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)
    build_index(entries, tmp_path)
    with SearchService(tmp_path) as service:
        expected = _answers(service)
    folder = tmp_path / IndexStore(tmp_path).current_name()
    [path] = folder.glob(f"*{segments.DERIVED}")
    return expected, path


def test_an_index_written_before_the_name_tables_opens_and_upgrades(
    tmp_path, entries, monkeypatch
):
    expected, path = _one_derived_file(tmp_path, entries, monkeypatch)
    _downgrade(path)
    assert not segments._is_current(path)
    built = _name_tables_built(monkeypatch)
    with SearchService(tmp_path) as service:
        assert _answers(service) == expected
    assert built  # filed in memory from the header's cards
    segments.write_derived_for(whoosh_index.open_dir(str(path.parent)), upgrade=True)
    assert segments._is_current(path)
    built.clear()
    with SearchService(tmp_path) as service:
        assert _answers(service) == expected
    assert built == []


def test_a_suggestion_parses_only_the_cards_it_shows(tmp_path, entries, monkeypatch):
    """Autocomplete parsed the JSON card of each of a prefix's ~400 rows and
    of every entry carrying each name found (59 % of a new prefix's time
    at MedQuAD, py-spy); the derived file's name rows now hold what it
    ranks by, so only the cards of the entries shown are parsed."""
    monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)
    build_index(entries, tmp_path)
    parsed = []
    at = CardList.at

    def counting_at(self, i):
        parsed.append(i)
        return at(self, i)

    monkeypatch.setattr(CardList, "at", counting_at)
    with SearchService(tmp_path) as service:
        parsed.clear()
        assert [s["entry_id"] for s in service.suggest("a", limit=1)] == [
            "tumor-ablation"
        ]
        assert len(parsed) == 1
        parsed.clear()
        shown = service.suggest("a", limit=8)
        assert 1 < len(shown) and len(parsed) < len(shown)  # the first's is known


def test_suggestions_survive_a_full_cache_of_names(tmp_path, entries, monkeypatch):
    """Remembering a prefix's new names pushes old ones out of a full
    cache; a name the same prefix had found before could be pushed out
    before it was read (``KeyError`` in a worker that had suggested many
    names)."""
    monkeypatch.setattr(names, "MAX_KEYS", 2)
    build_index(entries, tmp_path)
    with SearchService(tmp_path) as service:
        expected = service.suggest("a")
    with SearchService(tmp_path) as service:
        for prefix in ("ab", "al", "ablation", "a"):
            got = service.suggest(prefix)
        assert got == expected


def _drop_name_rows(path: Path) -> None:
    """Rewrite a derived file as the code before the name rows wrote it."""
    header, arrays = read_arrays(path)
    kept = {n: np.array(a) for n, a in arrays.items() if not n.startswith("rows.")}
    del header["arrays"]
    write_arrays(path, kept, header)


def test_a_derived_file_without_name_rows_answers_alike_and_upgrades(
    tmp_path, entries, monkeypatch
):
    expected, path = _one_derived_file(tmp_path, entries, monkeypatch)
    _drop_name_rows(path)
    assert not segments._is_current(path)
    with SearchService(tmp_path) as service:
        assert _answers(service) == expected  # the rows built from the cards
    segments.write_derived_for(whoosh_index.open_dir(str(path.parent)), upgrade=True)
    assert segments._is_current(path)
    assert "rows.sections" in read_header(path)["arrays"]
    with SearchService(tmp_path) as service:
        assert _answers(service) == expected


def test_a_derived_file_without_word_bags_finds_names_as_written_and_upgrades(
    tmp_path, entries, monkeypatch
):
    """A segment written before the word bags finds its names as written
    only ("stones in the kidney" names nothing), and ``medsearch optimize``'s
    upgrade writes them."""
    _, path = _one_derived_file(tmp_path, entries, monkeypatch)
    header, arrays = read_arrays(path)
    kept = {n: np.array(a) for n, a in arrays.items() if not n.startswith("bags.")}
    del header["arrays"]
    write_arrays(path, kept, header)
    assert not segments._is_current(path)
    with SearchService(tmp_path) as service:
        assert [c.entries for c in service.plan("kidney stones").concepts] != [()]
        assert all(not c.entries for c in service.plan("stones in the kidney").concepts)
    segments.write_derived_for(whoosh_index.open_dir(str(path.parent)), upgrade=True)
    assert segments._is_current(path)
    with SearchService(tmp_path) as service:
        (concept,) = service.plan("stones in the kidney").concepts
        assert concept.entries == service.plan("kidney stones").concepts[0].entries
