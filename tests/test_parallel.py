"""Full builds on several processes give the same index as one process."""

from __future__ import annotations

from pathlib import Path

from indexer.build import rebuild
from indexer.search import SearchService
from indexer.store import IndexStore

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
QUERIES = ["microwave ablation", "heart attack", "liver", "causes of gout", "MI"]


def ranked(service: SearchService, query: str) -> dict[str, float]:
    """Every matching section's score (entry by entry, so nothing collapses).

    Equal scores may be listed in either order, as document numbers differ
    between builds; scores per section must not differ.
    """
    scores = {}
    for entry_id in sorted(p.stem for p in CORPUS.glob("*.txt")):
        if entry_id == "thesaurus":
            continue
        for hit in service.search(query, entry=entry_id, per_page=50).results:
            scores[hit.section_id] = round(hit.score, 3)
    return scores


def test_parallel_build_matches_serial_build(tmp_path):
    serial = IndexStore(tmp_path / "serial")
    parallel = IndexStore(tmp_path / "parallel")
    one = rebuild(serial, [CORPUS], thesaurus=CORPUS / "thesaurus.txt", procs=1)
    two = rebuild(parallel, [CORPUS], thesaurus=CORPUS / "thesaurus.txt", procs=2)
    assert (one.entries, one.sections, one.names) == (
        two.entries,
        two.sections,
        two.names,
    )
    assert sorted(one.added) == sorted(two.added)
    with SearchService(serial.root) as a, SearchService(parallel.root) as b:
        # The same counts, in as many segments as the build had processes.
        counts = {k: v for k, v in a.stats().items() if k != "segments"}
        assert counts == {k: v for k, v in b.stats().items() if k != "segments"}
        for query in QUERIES:
            assert ranked(a, query) == ranked(b, query), query


def test_parallel_build_reports_bad_files_and_keeps_the_rest(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(6):
        (folder / f"entry-{n}.txt").write_text(
            f"Entry {n}\n\n  • Definition\n    • Words {n}.\n", encoding="utf-8"
        )
    (folder / "broken.txt").write_text("  • no title\n", encoding="utf-8")
    report = rebuild(IndexStore(tmp_path / "index"), [folder], procs=2)
    assert report.entries == 6
    assert [str(e.source) for e in report.skipped] == [str(folder / "broken.txt")]
    assert "line 1" in str(report.skipped[0]) or ":1:" in str(report.skipped[0])


def test_parallel_build_lists_segments_in_shard_order(tmp_path, monkeypatch):
    """Documents are numbered shard by shard whichever worker finishes first,
    so equal scores (listed by document number) come out the same in every
    build."""
    import time

    from indexer import build, parallel
    from indexer.sources import list_files

    first = {p.resolve() for p in parallel.shard(list_files([CORPUS]), 2)[0]}
    scan = build._scan

    def slow_first_shard(files, progress, report):
        if {Path(p).resolve() for p in files} == first:
            time.sleep(1.5)  # the other worker finishes first
        yield from scan(files, progress, report)

    monkeypatch.setattr(build, "_scan", slow_first_shard)
    store = IndexStore(tmp_path / "index")
    rebuild(store, [CORPUS], procs=2)
    _, ix = store.open()
    with ix.searcher() as searcher:
        origins = [
            Path(searcher.stored_fields(n)["origin"]).resolve()
            for n in sorted(searcher.document_numbers(kind="entry"))
        ]
    in_first = [origin in first for origin in origins]
    assert any(in_first) and not all(in_first)
    assert in_first == sorted(in_first, reverse=True)  # shard 0's entries first
