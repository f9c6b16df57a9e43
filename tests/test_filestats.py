"""Files whose stat is as when their digest was taken are not hashed again
by an incremental index; any change a stat shows still is."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from indexer import filestats
from indexer.build import rebuild, sync
from indexer.search import SearchService
from indexer.store import IndexStore

from .test_reindex import ids, write_entry


@pytest.fixture
def hashes(monkeypatch) -> list[Path]:
    """The files whose bytes an incremental run hashed, in order."""
    hashed: list[Path] = []
    real = filestats.file_digest

    def counted(path: Path) -> str:
        hashed.append(Path(path))
        return real(path)

    monkeypatch.setattr(filestats, "file_digest", counted)
    return hashed


@pytest.fixture
def settled(monkeypatch):
    """Files written a moment ago count as settled (no racy margin), so a
    test need not wait two seconds for its files to age."""
    monkeypatch.setattr(filestats, "RACY_NS", 0)


def corpus_of_three(tmp_path: Path) -> tuple[Path, list[Path]]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = [
        write_entry(corpus, "alpha-pox", "Alpha pox", "spots"),
        write_entry(corpus, "beta-itch", "Beta itch", "itching"),
        write_entry(corpus, "delta-rash", "Delta rash", "redness"),
    ]
    return corpus, files


def indexed(tmp_path: Path) -> tuple[IndexStore, Path, list[Path]]:
    """Three files, indexed, then indexed again: their stats kept."""
    corpus, files = corpus_of_three(tmp_path)
    store = IndexStore(tmp_path / "index")
    sync(store, [corpus])
    sync(store, [corpus])
    return store, corpus, files


def test_an_unchanged_file_is_not_hashed_again(tmp_path, hashes, settled):
    corpus, files = corpus_of_three(tmp_path)
    store = IndexStore(tmp_path / "index")
    sync(store, [corpus])  # the first build reads every file, keeps stats
    (store.root / store.current_name() / filestats.NAME).unlink()
    report = sync(store, [corpus])  # none kept: hashes each, and keeps them
    assert report.unchanged == 3 and sorted(hashes) == sorted(files)
    hashes.clear()
    report = sync(store, [corpus])
    assert report.unchanged == 3 and hashes == []
    # A changed file is hashed and read again; the others are not.
    time.sleep(0.05)  # past the clock's tick: a new modification time
    files[0].write_text(
        files[0].read_text(encoding="utf-8").replace("spots", "blisters"),
        encoding="utf-8",
    )
    report = sync(store, [corpus])
    assert report.changed == ["alpha-pox"] and hashes == [files[0]]
    assert ids(SearchService(store.root), "blisters") == ["alpha-pox"]


def test_after_a_rebuild_the_first_incremental_run_hashes_nothing(
    tmp_path, hashes, settled
):
    corpus, files = corpus_of_three(tmp_path)
    store = IndexStore(tmp_path / "index")
    rebuild(store, [corpus])
    assert sync(store, [corpus]).unchanged == 3 and hashes == []
    # A file changed while a rebuild read the others is read again after.
    time.sleep(0.05)
    began = time.time_ns()
    files[2].write_text(
        files[2].read_text(encoding="utf-8").replace("redness", "scabs"),
        encoding="utf-8",
    )
    kept = filestats.FileStats(store.root / store.current_name(), began)
    kept.read_all({str(files[2].resolve()): ("delta-rash", "an old digest")})
    assert kept._seen == {}


def test_a_file_whose_time_was_set_back_is_still_read(tmp_path, hashes, settled):
    # `cp -p`, `rsync -t` and `touch -d` set a file's modification time:
    # the same size and time, other bytes. Its change time, which no one
    # can set, tells it.
    store, corpus, files = indexed(tmp_path)
    before = os.stat(files[1])
    time.sleep(0.05)
    text = files[1].read_text(encoding="utf-8")
    files[1].write_text(text.replace("itching", "scaling"), encoding="utf-8")
    os.utime(files[1], ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(files[1]).st_size == before.st_size
    report = sync(store, [corpus])
    assert report.changed == ["beta-itch"]
    assert ids(SearchService(store.root), "scaling") == ["beta-itch"]


def test_a_file_replaced_by_another_is_still_read(tmp_path, hashes, settled):
    # Another file moved in its place: another inode, whatever its times.
    store, corpus, files = indexed(tmp_path)
    before = os.stat(files[2])
    other = tmp_path / "other.txt"
    text = files[2].read_text(encoding="utf-8")
    other.write_text(text.replace("redness", "wheals!"), encoding="utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, files[2])
    report = sync(store, [corpus])
    assert report.changed == ["delta-rash"]
    assert ids(SearchService(store.root), "wheals") == ["delta-rash"]


def test_a_file_changed_just_before_a_run_is_hashed_again(tmp_path, hashes):
    # Changed within the racy margin, a file could change again within the
    # same tick of the clock and keep its stat: its digest is not kept.
    store, corpus, files = indexed(tmp_path)
    hashes.clear()
    report = sync(store, [corpus])
    assert report.unchanged == 3 and sorted(hashes) == sorted(files)


def test_a_damaged_stats_file_means_every_file_is_hashed(tmp_path, hashes, settled):
    store, corpus, files = indexed(tmp_path)
    kept = store.root / store.current_name() / filestats.NAME
    assert kept.is_file()
    kept.write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00{not json")
    hashes.clear()
    report = sync(store, [corpus])
    assert report.unchanged == 3 and sorted(hashes) == sorted(files)
    # And the run wrote a sound one again.
    hashes.clear()
    assert sync(store, [corpus]).unchanged == 3 and hashes == []


def test_a_removed_file_is_forgotten(tmp_path, hashes, settled):
    store, corpus, files = indexed(tmp_path)
    files[0].unlink()
    report = sync(store, [corpus])
    assert report.removed == ["alpha-pox"]
    kept = filestats.FileStats(store.root / store.current_name())
    assert str(files[0].resolve()) not in kept._kept
    assert len(kept._kept) == 2
