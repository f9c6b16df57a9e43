"""Reindexing while serving: atomic rebuilds, killed writers, concurrent writers."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from indexer import segments
from indexer.build import build_index, rebuild, sync, upsert_entries
from indexer.errors import WriterBusy
from indexer.search import SearchService
from indexer.sources import API_ORIGIN, SourcedEntry, iter_sourced, list_files
from indexer.store import IndexStore

from .builders import make_entry

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"


def write_entry(folder: Path, slug: str, title: str, words: str) -> Path:
    path = folder / f"{slug}.txt"
    path.write_text(
        f"{title}\n\n  • Definition\n    • {title} is {words}.\n\n"
        f"  • Treatment\n    • Treatment of {title} uses {words}.\n",
        encoding="utf-8",
    )
    return path


def synthetic_corpus(folder: Path, count: int) -> Path:
    """Enough entries that a rebuild takes long enough to be killed midway."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    vocab = [f"word{n}" for n in range(400)]
    for n in range(count):
        body = " ".join(rng.choice(vocab) for _ in range(120))
        write_entry(folder, f"synthetic-{n:04d}", f"Synthetic condition {n}", body)
    return folder


def medsearch(*args: str, env_extra: dict | None = None, **kwargs):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "indexer", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str]:
    """Wait for a writer; return its exit code and stderr (closing its pipes)."""
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def written_by_api(service: SearchService, entry_id: str, title: str, text: str):
    """``PUT /api/entries/<entry_id>`` as the web layer makes it."""
    entry = make_entry(entry_id, title, Definition=text)
    service.upsert([SourcedEntry(entry, API_ORIGIN, text)])


def ids(service: SearchService, query: str) -> list[str]:
    hits = service.search(query, per_page=50).results
    return list(dict.fromkeys(hit.entry_id for hit in hits))


def test_rebuild_switches_atomically_while_searches_run(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    store = IndexStore(tmp_path / "index")
    rebuild(store, [corpus])
    service = SearchService(store.root, refresh_interval=0)
    assert ids(service, "zebrafinch") == []
    write_entry(corpus, "zebrafinch-fever", "Zebrafinch fever", "a made up fever")

    failures: list[BaseException] = []
    answered = []
    stop = threading.Event()

    def search_forever():
        own = SearchService(store.root, refresh_interval=0)
        while not stop.is_set():
            try:
                found = own.search("liver")
                assert found.results, "a search during the rebuild found nothing"
                answered.append(found.total)
            except BaseException as exc:  # noqa: BLE001 - report any failure
                failures.append(exc)
                return

    threads = [threading.Thread(target=search_forever) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(3):
            rebuild(store, [corpus])
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not failures, failures
    assert len(answered) > 10
    # The serving service sees the new generation without a restart.
    assert ids(service, "zebrafinch") == ["zebrafinch-fever"]


def test_a_table_of_contents_replaced_while_opening_is_read_again(
    tmp_path, monkeypatch
):
    """Whoosh lists the folder for the newest table of contents, then opens
    it; a commit in between deletes the one it listed. A search then
    answered 500 (once in a CI run under load): now the newer one is read.
    A file missing every time is still damage."""
    from whoosh.index import TOC

    from indexer.errors import IndexCorrupt

    store = IndexStore(tmp_path / "index")
    rebuild(store, [CORPUS])
    read = TOC.read
    calls = {"n": 0, "fail": set()}

    def racing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] in calls["fail"] or "all" in calls["fail"]:
            raise FileNotFoundError(2, "No such file or directory", "_MAIN_1.toc")
        return read(*args, **kwargs)

    monkeypatch.setattr(TOC, "read", racing)
    # Reads: the index opened (1), its schema (2); Whoosh's reader (3)
    # retries on its own.
    for failing in ({1}, {2}, {1, 2}):
        calls.update(n=0, fail=failing)
        service = SearchService(store.root, refresh_interval=0)
        assert ids(service, "liver"), failing
        assert calls["n"] > max(failing)
        service.close()
    calls.update(n=0, fail={"all"})
    with pytest.raises(IndexCorrupt):
        SearchService(store.root, refresh_interval=0).search("liver")


def _ties() -> list:
    """Sections that score alike for `fever`, and for `chills` (one text in
    two entries)."""
    return [
        make_entry("zeta", "Zeta", Summary="Fever lasts a week."),
        make_entry("alpha", "Alpha", Summary="Fever lasts a day."),
        make_entry("copy-b", "Copy B", Summary="Chills come with a fever."),
        make_entry("copy-a", "Copy A", Summary="Chills come with a fever."),
    ]


def test_a_page_is_the_same_however_its_entries_were_written(tmp_path):
    """Hits that score alike are listed by entry id, not by the order the
    index came to hold them: a fresh build and an index kept up by writes
    list the same page."""
    others = [make_entry(f"o{n}", f"Other {n}", Summary=f"Text {n}.") for n in range(6)]
    build_index([*_ties(), *others], tmp_path / "fresh")
    later = _ties()
    build_index([*others, later[3]], tmp_path / "written")
    pages = []
    for folder in ("fresh", "written"):
        with SearchService(tmp_path / folder) as service:
            if folder == "written":
                written = [SourcedEntry(e, API_ORIGIN, e.entry_id) for e in later[:3]]
                service.upsert(written)
            found = [service.search(q).results for q in ("fever", "chills")]
            pages.append([[h.entry_id for h in hits] for hits in found])
    assert pages[0] == pages[1]
    fever, chills = pages[0]
    assert fever.index("alpha") < fever.index("zeta")
    assert chills.index("copy-a") < chills.index("copy-b")


def _preamble(n: int):
    """A GARD-like Symptoms section: a sentence of its own, a preamble many
    entries say alike (stock, see :mod:`indexer.stock`), then its signs."""
    title = f"Syndrome {n}"
    preamble = (
        "The ontology provides the following list of signs of gout syndrome"
        " that many pages give in the very same words here."
    )
    rest = "Rest helps. " * 30
    text = f"Mild gout is seen. {preamble} {rest}Gout and syndrome signs are many."
    return make_entry(f"s{n:02d}", title, Symptoms=text)


def test_a_section_written_later_shows_the_snippet_a_fresh_build_shows(
    tmp_path, monkeypatch
):
    """A section of a few writes (a small segment, which keeps no runs of
    stock sentences) is told its stock from the whole index's counts, as a
    large segment's writer tells its own: its snippet passes the preamble
    many sections say alike, as it does in a fresh build."""
    monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 10)  # 30 docs: large
    entries = [_preamble(n) for n in range(30)]
    build_index(entries, tmp_path / "fresh")
    build_index(entries[:29], tmp_path / "written")
    snippets = []
    for folder in ("fresh", "written"):
        with SearchService(tmp_path / folder) as service:
            if folder == "written":
                service.upsert([SourcedEntry(entries[29], API_ORIGIN, "s29")])
            hits = service.search("gout syndrome 29").results
            snippets.append(next(h.snippet for h in hits if h.entry_id == "s29"))
    assert snippets[0] == snippets[1]
    assert "ontology" not in snippets[1]


def test_sync_reports_added_changed_removed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    a = write_entry(corpus, "alpha-pox", "Alpha pox", "spots")
    write_entry(corpus, "beta-itch", "Beta itch", "itching")
    store = IndexStore(tmp_path / "index")
    first = sync(store, [corpus])
    assert sorted(first.added) == ["alpha-pox", "beta-itch"]
    again = sync(store, [corpus])
    assert (again.added, again.changed, again.removed, again.unchanged) == (
        [],
        [],
        [],
        2,
    )
    a.write_text(a.read_text().replace("spots", "blisters"), encoding="utf-8")
    (corpus / "beta-itch.txt").unlink()
    write_entry(corpus, "gamma-ache", "Gamma ache", "aching")
    report = sync(store, [corpus])
    assert report.changed == ["alpha-pox"]
    assert report.removed == ["beta-itch"]
    assert report.added == ["gamma-ache"]
    service = SearchService(store.root)
    assert ids(service, "blisters") == ["alpha-pox"]
    assert ids(service, "spots") == []
    assert ids(service, "itching") == []


@pytest.mark.parametrize("procs", [1, 2])
def test_a_write_through_the_api_stands_until_its_file_changes(tmp_path, procs):
    """An entry read from a file, then replaced or removed through the API,
    was put back as the file has it by the next `medsearch index` run
    (made to add another file), though the file had not changed, and by a
    rebuild. The newer write wins: the API's, until the file changes."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    alpha = write_entry(corpus, "alpha-pox", "Alpha pox", "spots")
    beta = write_entry(corpus, "beta-itch", "Beta itch", "itching")
    delta = write_entry(corpus, "delta-rash", "Delta rash", "redness")
    store = IndexStore(tmp_path / "index")
    sync(store, [corpus])
    service = SearchService(store.root)
    written_by_api(service, "alpha-pox", "Alpha pox", "It leaves blisters.")
    service.remove(["beta-itch"])
    written_by_api(service, "delta-rash", "Delta rash", "It leaves welts.")
    write_entry(corpus, "gamma-ache", "Gamma ache", "aching")

    def as_the_api_wrote():
        service.invalidate()  # another writer's commit, seen at once
        assert ids(service, "blisters") == ["alpha-pox"]
        assert ids(service, "spots") == ids(service, "itching") == []
        assert ids(service, "aching") == ["gamma-ache"]

    report = sync(store, [corpus])
    assert (report.added, report.changed, report.unchanged) == (["gamma-ache"], [], 3)
    as_the_api_wrote()
    report = rebuild(store, [corpus], procs=procs)
    assert report.added == ["gamma-ache"]
    assert "3 unchanged file(s) not reread" in report.notes[0]
    as_the_api_wrote()
    assert sync(store, [corpus]).unchanged == 4  # the records outlive a rebuild
    # Files changed after the API's writes: now the files are newer.
    alpha.write_text(alpha.read_text().replace("spots", "pocks"), "utf-8")
    beta.write_text(beta.read_text().replace("itching", "hives"), "utf-8")
    delta.unlink()  # a file gone: what the API wrote stays
    report = sync(store, [corpus])
    assert (sorted(report.changed), report.removed) == (["alpha-pox", "beta-itch"], [])
    service.invalidate()
    assert ids(service, "pocks") == ["alpha-pox"]
    assert ids(service, "blisters") == []
    assert ids(service, "hives") == ["beta-itch"]
    assert ids(service, "welts") == ["delta-rash"]
    again = sync(store, [corpus])
    assert (again.added, again.changed, again.removed, again.unchanged) == (
        [],
        [],
        [],
        3,
    )


def test_an_entry_read_again_from_its_file_is_rebuilt_from_it(tmp_path):
    """`medsearch add FILE` after a write through the API puts the file's
    version back, and a rebuild then reads that file again: the record of
    the API's write is gone with it (a rebuild had skipped the file and
    lost the entry)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    alpha = write_entry(corpus, "alpha-pox", "Alpha pox", "spots")
    store = IndexStore(tmp_path / "index")
    sync(store, [corpus])
    service = SearchService(store.root)
    written_by_api(service, "alpha-pox", "Alpha pox", "It leaves blisters.")
    service.upsert(list(iter_sourced(list_files([alpha]))))  # `medsearch add`
    assert rebuild(store, [corpus]).added == ["alpha-pox"]
    service.invalidate()
    assert ids(service, "spots") == ["alpha-pox"]
    assert ids(service, "blisters") == []


def test_sync_through_links_knows_each_file_by_where_it_is(tmp_path):
    """A corpus reached through a linked folder, with a linked file in it,
    is unchanged on a second run, whichever way it is named, and a change
    to a linked file's target is seen."""
    real = tmp_path / "real"
    real.mkdir()
    write_entry(real, "alpha-pox", "Alpha pox", "spots")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = write_entry(elsewhere, "beta-itch", "Beta itch", "itching")
    (real / "beta-itch.txt").symlink_to(Path("..", "elsewhere", "beta-itch.txt"))
    (tmp_path / "linked").symlink_to(real)
    store = IndexStore(tmp_path / "index")
    assert sorted(sync(store, [tmp_path / "linked"]).added) == [
        "alpha-pox",
        "beta-itch",
    ]
    again = sync(store, [real])  # the same files, named without the link
    assert (again.added, again.changed, again.removed, again.unchanged) == (
        [],
        [],
        [],
        2,
    )
    target.write_text(target.read_text().replace("itching", "hives"), "utf-8")
    report = sync(store, [tmp_path / "linked"])
    assert (report.changed, report.unchanged) == (["beta-itch"], 1)
    assert ids(SearchService(store.root), "hives") == ["beta-itch"]


def test_write_in_another_process_is_searchable_within_a_second(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_entry(corpus, "alpha-pox", "Alpha pox", "spots")
    store = IndexStore(tmp_path / "index")
    rebuild(store, [corpus])
    service = SearchService(store.root, refresh_interval=0.2)
    assert ids(service, "quokka") == []
    new = write_entry(tmp_path, "quokka-flu", "Quokka flu", "sneezing")
    proc = medsearch("add", str(new), "--index-dir", str(store.root))
    code, err = finish(proc)
    assert code == 0, err
    written = time.monotonic()
    while ids(service, "quokka") != ["quokka-flu"]:
        assert time.monotonic() - written < 1.0, "not searchable within a second"
        time.sleep(0.02)


def test_two_writers_at_once_both_land(tmp_path):
    corpus = synthetic_corpus(tmp_path / "corpus", 60)
    store = IndexStore(tmp_path / "index")
    rebuild(store, [corpus])
    one = write_entry(tmp_path, "writer-one", "Writer one", "first")
    two = write_entry(tmp_path, "writer-two", "Writer two", "second")
    procs = [
        medsearch("index", "--rebuild", str(corpus), "--index-dir", str(store.root)),
        medsearch("add", str(one), "--index-dir", str(store.root)),
        medsearch("add", str(two), "--index-dir", str(store.root)),
    ]
    for proc in procs:
        code, err = finish(proc)
        assert code == 0, err
    service = SearchService(store.root)
    assert sorted(ids(service, "writer")) == ["writer-one", "writer-two"]
    assert service.stats()["entries"] == 62


def test_second_writer_fails_clearly_when_the_first_takes_too_long(tmp_path):
    store = IndexStore(tmp_path / "index")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = write_entry(corpus, "alpha-pox", "Alpha pox", "spots")
    rebuild(store, [corpus])
    with store.write_lock():
        with pytest.raises(WriterBusy, match="Another writer"):
            items = [i for i in iter_sourced(list_files([path]))]
            upsert_entries(store, items, timeout=0.2)
        proc = medsearch(
            "add",
            str(path),
            "--index-dir",
            str(store.root),
            env_extra={"MEDSEARCH_WRITE_TIMEOUT": "0.3"},
        )
        code, err = finish(proc)
    assert code == 1
    assert "Another writer" in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["rebuild", "add"])
def test_killed_writer_leaves_last_good_index(tmp_path, command):
    """kill -9 a writer at random moments: the last good index keeps serving."""
    corpus = synthetic_corpus(tmp_path / "corpus", 300)
    extra = synthetic_corpus(tmp_path / "extra", 150)
    for path in extra.glob("*.txt"):
        path.rename(path.with_name("extra-" + path.name))
    store = IndexStore(tmp_path / "index")
    rebuild(store, [corpus])
    before = SearchService(store.root).stats()
    rng = random.Random(11)
    args = {
        "rebuild": ["index", "--rebuild", str(corpus)],
        "add": ["add", str(extra)],
    }[command]
    for _ in range(4):
        proc = medsearch(*args, "--index-dir", str(store.root))
        time.sleep(rng.uniform(0.3, 1.5))
        proc.send_signal(signal.SIGKILL)
        finish(proc)
        with SearchService(store.root) as service:
            stats = service.stats()
            # Either the write had not committed, or it committed whole.
            assert stats["entries"] in (before["entries"], before["entries"] + 150)
            assert service.search("synthetic").total > 0
    # A following write succeeds.
    code, err = finish(medsearch(*args, "--index-dir", str(store.root)))
    assert code == 0, err
    with SearchService(store.root) as service:
        assert service.stats()["entries"] >= before["entries"]


def _old_layout_index(root: Path) -> None:
    """An index as an earlier version wrote it: one combined ``content`` field."""
    import json

    from whoosh import fields, index

    from indexer.model import Entry, Paragraph, Section

    schema = fields.Schema(
        key=fields.ID(unique=True, stored=True),
        kind=fields.ID(stored=True),
        entry_id=fields.ID(stored=True, sortable=True),
        content=fields.TEXT(),
        entry_json=fields.STORED(),
        origin=fields.STORED(),
        digest=fields.STORED(),
    )
    (root / "gen-000001").mkdir(parents=True)
    ix = index.create_in(str(root / "gen-000001"), schema)
    entry = Entry(
        "api-entry",
        "Frostnip",
        (),
        (Section("api-entry_Sec1", "Definition", 1, (Paragraph("Cold skin."),)),),
        source="api",
    )
    with ix.writer() as writer:
        writer.add_document(
            key="entry:api-entry",
            kind="entry",
            entry_id="api-entry",
            entry_json=json.dumps(entry.to_json()),
            origin="api",
            digest="x",
        )
    (root / "CURRENT").write_text("gen-000001\n")


def test_an_index_stemmed_by_older_rules_is_refused_then_rebuilt(tmp_path, monkeypatch):
    # Its terms are not a query's ("hepatitis" was "hepat"): it would answer
    # wrongly, not fail, so it is refused until rebuilt.
    from indexer import analysis
    from indexer.errors import IndexCorrupt

    root = tmp_path / "index"
    with monkeypatch.context() as older:
        older.setattr(analysis, "STEM_RULES", analysis.STEM_RULES - 1)
        rebuild(IndexStore(root), [CORPUS / "gout.txt"])
    with pytest.raises(IndexCorrupt, match="older version.*--rebuild"):
        SearchService(root).search("gout")
    rebuild(IndexStore(root), [CORPUS / "gout.txt"])
    with SearchService(root) as service:
        assert service.search("gout").results[0].entry_id == "gout"


def test_an_index_of_an_older_layout_is_refused_then_rebuilt(tmp_path):
    from indexer.errors import IndexCorrupt

    root = tmp_path / "index"
    _old_layout_index(root)
    with pytest.raises(IndexCorrupt, match="older version.*--rebuild"):
        SearchService(root).search("gout")
    report = rebuild(IndexStore(root), [CORPUS / "gout.txt"])
    assert report.entries == 2  # gout, and the entry carried over
    with SearchService(root) as service:
        assert service.search("gout").results[0].entry_id == "gout"
        # The entry another writer added survives the rebuild.
        assert service.search("frostnip").results[0].entry_id == "api-entry"
