"""A full disk (issue 11, fault 5): the write fails with an error naming the
disk (API 507, CLI one line), leaves no file behind, reads keep the last good
state, and the next write succeeds once there is space.

Two ways in: a portable one, where Whoosh's file writes run out of a byte
budget (``OSError(ENOSPC)`` after part of a file is written, as the kernel
does), so CI always covers the clean-up; and a real tmpfs, where this
machine lets the test mount one.
"""

from __future__ import annotations

import builtins
import errno
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer import SearchService, build_index
from webapp import create_app
from webapp.cli import main as medsearch_main

from .conftest import TOKEN, make_entries
from .test_security import AUTH, REPLACEMENT, error_message, run_main, state

BIG = {
    "title": "Frostbite",
    "sections": [
        {"name": f"Part {n}", "text": " ".join(f"cold{n}x{i}" for i in range(400))}
        for n in range(20)
    ],
}


class Disk:
    """A byte budget for every file Whoosh writes (None: unlimited)."""

    def __init__(self) -> None:
        self.left: int | None = None

    def open(self, path, mode="r", *args, **kwargs):
        handle = builtins.open(path, mode, *args, **kwargs)
        return _Budgeted(handle, self) if set(mode) & set("wa+") else handle


class _Budgeted:
    def __init__(self, handle, disk: Disk) -> None:
        self._handle, self._disk = handle, disk

    def write(self, data) -> int:
        left = self._disk.left
        if left is not None and len(data) > left:
            self._handle.write(data[:left])  # what fitted stays in the file
            self._disk.left = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        if left is not None:
            self._disk.left = left - len(data)
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)


@pytest.fixture
def disk(monkeypatch) -> Disk:
    budget = Disk()
    monkeypatch.setattr("whoosh.filedb.filestore.open", budget.open, raising=False)
    return budget


def files(index: Path) -> list[str]:
    """Every file and folder under the index, but the write lock."""
    return sorted(
        str(p.relative_to(index)) for p in index.rglob("*") if p.name != "write.lock"
    )


def cli(monkeypatch, *args: str) -> tuple[int, str, str]:
    return run_main(monkeypatch, medsearch_main, *args)


def assert_disk_full_line(code: int, err: str) -> None:
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: No space left on ")
    assert "the disk that holds the index" in lines[0]
    assert "Traceback" not in err and "writer is closed" not in err


@pytest.mark.parametrize("budget", [0, 3000], ids=["no byte", "part of a segment"])
def test_put_on_a_full_disk_is_507_and_leaves_nothing(client, app, disk, budget):
    index = Path(app.config["INDEX_DIR"])
    before, listing = state(client), files(index)
    disk.left = budget
    response = client.put("/api/entries/gout", json=BIG, headers=AUTH)
    message = error_message(response, 507)
    assert "the disk that holds the index" in message
    assert "(No space left on device)" in message  # the real error, not Whoosh's
    assert "writer is closed" not in message
    assert files(index) == listing
    assert state(client) == before
    disk.left = None
    assert client.put("/api/entries/gout", json=BIG, headers=AUTH).status_code == 200
    assert client.get("/api/search?q=cold3x7").get_json()["total"] == 1


def test_delete_on_a_full_disk_is_507_and_leaves_nothing(client, app, disk):
    index = Path(app.config["INDEX_DIR"])
    before, listing = state(client), files(index)
    disk.left = 0
    error_message(client.delete("/api/entries/gout", headers=AUTH), 507)
    assert files(index) == listing
    assert state(client) == before
    disk.left = None
    assert client.delete("/api/entries/gout", headers=AUTH).status_code == 200


def test_cli_add_and_remove_on_a_full_disk_print_one_line(
    index_dir, entry_files, disk, monkeypatch
):
    listing = files(index_dir)
    disk.left = 0
    for args in (("add", str(entry_files / "asthma.txt")), ("remove", "gout")):
        code, _, err = cli(monkeypatch, *args, "--index-dir", str(index_dir))
        assert_disk_full_line(code, err)
        assert files(index_dir) == listing
    with SearchService(index_dir) as service:
        assert service.get_entry("gout").title == "Gout"
    disk.left = None
    for args in (("add", str(entry_files / "asthma.txt")), ("remove", "gout")):
        code, _, err = cli(monkeypatch, *args, "--index-dir", str(index_dir))
        assert code == 0, err


@pytest.mark.parametrize("procs", ["1", "2"])
@pytest.mark.parametrize("budget", [0, 20_000], ids=["no byte", "part of a build"])
def test_rebuild_on_a_full_disk_keeps_the_old_generation_only(
    index_dir, entry_files, disk, monkeypatch, procs, budget
):
    listing = files(index_dir)
    disk.left = budget
    args = ("index", "--rebuild", str(entry_files), "--procs", procs)
    code, _, err = cli(monkeypatch, *args, "--index-dir", str(index_dir))
    assert_disk_full_line(code, err)
    assert files(index_dir) == listing  # no empty or half generation
    disk.left = None
    code, _, err = cli(monkeypatch, *args, "--index-dir", str(index_dir))
    assert code == 0, err
    with SearchService(index_dir) as service:
        assert service.get_entry("asthma").entry_id == "asthma"


# -- a real small file system ----------------------------------------------------


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs, where this machine allows mounting one (root in a
    container usually may; elsewhere the test is skipped)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot run mount here: {exc}")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=10)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of ``folder``, then free ``leave`` bytes."""
    filler = folder / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
            handle.truncate(max(0, handle.tell() - leave))
    return filler


def free(folder: Path) -> int:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def test_a_real_full_disk(tmpfs, entry_files, monkeypatch):
    index = tmpfs / "index"
    build_index(make_entries(), index)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index), "API_TOKEN": TOKEN})
    client = app.test_client()
    try:
        before, listing = state(client), files(index)

        filler = fill(tmpfs, leave=64 * 1024)  # room for part of a segment
        room = free(tmpfs)
        response = client.put(
            "/api/entries/gout",
            data=json.dumps(BIG),
            headers=AUTH,
            content_type="application/json",
        )
        assert str(tmpfs) in error_message(response, 507)
        assert (files(index), free(tmpfs)) == (listing, room)
        filler.unlink()

        filler = fill(tmpfs)  # not one byte left
        error_message(client.delete("/api/entries/gout", headers=AUTH), 507)
        for args in (
            ("add", str(entry_files / "asthma.txt")),
            ("remove", "gout"),
            ("index", "--rebuild", str(entry_files)),
        ):
            code, _, err = cli(monkeypatch, *args, "--index-dir", str(index))
            assert_disk_full_line(code, err)
        assert files(index) == listing
        assert state(client) == before  # reads keep the last good state

        filler.unlink()  # space again: every write works at once
        assert (
            client.put(
                "/api/entries/hacked", json=REPLACEMENT, headers=AUTH
            ).status_code
            == 201
        )
        assert client.delete("/api/entries/hacked", headers=AUTH).status_code == 200
        code, _, err = cli(
            monkeypatch,
            "index",
            "--rebuild",
            str(entry_files),
            "--index-dir",
            str(index),
        )
        assert code == 0, err
    finally:
        app.extensions["search"].close()


def test_a_merge_between_writes_on_a_full_disk_leaves_the_segments(
    index_dir, disk, monkeypatch
):
    """The merge a serving worker runs when writes pause (indexer.idle)."""
    from indexer import merging
    from indexer.build import merge_waiting
    from indexer.errors import DiskFull
    from indexer.model import Entry, Paragraph, Section
    from indexer.sources import SourcedEntry
    from indexer.store import IndexStore

    monkeypatch.setattr(merging, "MAX_MERGE_BYTES", 0)  # commits merge nothing
    with SearchService(index_dir, merge_idle=None, refresh_interval=0) as service:
        for n in range(2 * merging.MERGE_AT):
            text = (Paragraph(f"w{n}marker"),)
            entry = Entry(
                f"probe-{n}",
                f"Probe {n}",
                (),
                (Section(f"p{n}_Sec1", "Summary", 1, text),),
            )
            service.upsert([SourcedEntry(entry, "api", f"probe-{n}")])
        listing = files(index_dir)
        disk.left = 3000
        with pytest.raises(DiskFull):
            merge_waiting(IndexStore(index_dir))
        assert files(index_dir) == listing
        assert service.search("w5marker").results[0].entry_id == "probe-5"
        disk.left = None
        assert merge_waiting(IndexStore(index_dir)) >= merging.MERGE_AT
        assert service.search("w5marker").results[0].entry_id == "probe-5"
