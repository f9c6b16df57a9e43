"""The fault and load scripts still run; and the product bugs they found.

``bench/faults.py`` (kill -9 writers, concurrent writers) and
``bench/load_during_change.py`` (searches under load while the index
changes) are too slow for the suite at full size. Here each runs once with
tiny settings, so neither rots when the indexer or the server changes; the
numbers mean nothing, only "no failures" does.

Two tests pin bugs the scripts found (a killed rebuild's leftovers deleting
the previous generation; workers of a killed parallel rebuild keeping the
write lock), so they stay fixed.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.build import rebuild
from indexer.store import LOCK, IndexStore

REPO = Path(__file__).resolve().parents[1]
MEDSEARCH = Path(sys.executable).parent / "medsearch"


def run_script(name: str, *args: str, timeout: float = 120) -> str:
    """Run ``bench/<name>`` and return its output; it must exit 0."""
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / name), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    return done.stdout


def figure(output: str, label: str) -> str:
    """The rest of the summary line that starts with ``label``."""
    match = re.search(rf"^{re.escape(label)}\s*(.*)$", output, re.MULTILINE)
    assert match, f"no {label!r} line in:\n{output[-3000:]}"
    return match.group(1)


def test_faults_script_runs_tiny(tmp_path: Path) -> None:
    output = run_script(
        "faults.py",
        "--kills",
        "2",
        "--entries",
        "150",
        "--update-entries",
        "60",
        "--pairs",
        "2",
        "--commit-kills",
        "1",
        "--main-kills",
        "0",
        "--max-seconds",
        "90",
        "--work-dir",
        str(tmp_path / "work"),
    )
    assert figure(output, "failures:") == "0"
    assert figure(output, "kills attempted:").startswith("3 (1 rebuild + 1 add")
    assert figure(output, "index opened:") == "3/3"
    assert figure(output, "states verified:").startswith("3/3")
    assert figure(output, "follow-up writes OK:") == "3/3"
    assert figure(output, "concurrent pairs OK:").startswith("2/2")


def test_load_during_change_script_runs_tiny(tmp_path: Path) -> None:
    output = run_script(
        "load_during_change.py",
        "--seconds",
        "3",
        "--clients",
        "4",
        "--entries",
        "60",
        "--work-dir",
        str(tmp_path / "work"),
    )
    assert figure(output, "failures:") == "0"
    assert figure(output, "request failures:").startswith("0 ")
    assert figure(output, "write failures:") == "0"
    assert int(figure(output, "requests:").split()[0]) > 0
    writes = figure(output, "writes done:")
    assert re.search(r"rebuilds [1-9]", writes), writes
    for label in ("verified searchable:", "verified new text:", "verified removed:"):
        done, of = figure(output, label).split()[0].split("/")
        assert done == of and int(of) > 0, (label, done, of)


# -- bugs found by the scripts -------------------------------------------------


def write_tiny_corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"tiny-{n:05d}.txt").write_text(
            f"Tiny entry {n}\n\n  • Definition\n    • Tiny entry {n} is small.\n",
            encoding="utf-8",
        )
    return folder


def test_rebuild_after_a_killed_rebuild_keeps_the_previous_generation(
    tmp_path: Path,
) -> None:
    corpus = write_tiny_corpus(tmp_path / "corpus", 3)
    store = IndexStore(tmp_path / "index")
    rebuild(store, [corpus])
    rebuild(store, [corpus])
    serving = store.current_name()
    store.new_generation()  # what a rebuild killed mid-write leaves behind
    rebuild(store, [corpus])
    assert store.current_name() != serving
    # README: "The previous generation is kept so a worker that has not
    # refreshed yet keeps reading."
    assert (store.root / serving).is_dir()


def _group(pgid: int) -> list[int]:
    """Live (not zombie) processes in process group ``pgid``."""
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rpartition(")")[2].split()
            if fields[0] != "Z" and int(fields[2]) == pgid:
                members.append(int(entry))
    return members


def _lock_is_free(index_dir: Path) -> bool:
    with open(index_dir / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_killing_the_main_process_of_a_parallel_rebuild_frees_the_lock(
    tmp_path: Path,
) -> None:
    """``kill -9 PID`` (or the OOM killer) on a ``--procs 2`` rebuild."""
    corpus = write_tiny_corpus(tmp_path / "corpus", 4000)
    index_dir = tmp_path / "index"
    proc = subprocess.Popen(
        [str(MEDSEARCH), "index", "--rebuild", "--procs", "2", str(corpus)]
        + ["--index-dir", str(index_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        # Kill the main process once its workers are indexing.
        deadline = time.monotonic() + 30
        while len(_group(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.5)
        proc.kill()
        proc.wait(10)
        # The workers have seconds of work left; then the lock must be free.
        deadline = time.monotonic() + 20
        while not _lock_is_free(index_dir) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _lock_is_free(index_dir), "the killed rebuild's workers hold the lock"
    finally:
        if _group(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)  # the orphaned workers
