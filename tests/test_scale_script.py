"""bench/scale.py still runs: k = 1 and 2 of the sample corpus, every part.

Not a performance test (a 28-entry corpus says nothing about growth); it
catches the script rotting, and checks the k-fold corpus really has k
times the entries under new ids.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_scale_script_runs_on_sample_corpus(tmp_path: Path) -> None:
    out = tmp_path / "scale.json"
    command = [
        sys.executable,
        str(REPO / "bench" / "scale.py"),
        "--corpus",
        str(REPO / "corpus"),
        "--k",
        "1",
        "2",
        "--queries",
        "10",
        "--http-queries",
        "10",
        "--puts",
        "1",
        "--changed",
        "2",
        "--workdir",
        str(tmp_path / "work"),
        "--json",
        str(out),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=180, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "PUT until searchable" in done.stdout and "2/1" in done.stdout
    assert "machine: a 10-million-step Python loop took" in done.stdout

    results = json.loads(out.read_text())
    one, two = results["runs"]
    assert two["entries"] == 2 * one["entries"] > 0
    assert two["sections"] == 2 * one["sections"]
    assert results["ratios"]["2"]["entries"] == 2.0
    loop = results["meta"]["machine_loop_s"]
    assert loop["start"] > 0 and loop["end"] > 0
    for run in (one, two):
        for key in (
            "build_s",
            "start_s",
            "worker_rss_mb_start",
            "worker_rss_mb_after_queries",
            "worker_pss_mb_after_queries",
            "worker_uss_mb_after_queries",
            "server_pss_mb_after_queries",
            "query_ms_p95",
            "write_before_ms_mean",
            "write_after_ms_mean",
            "write_slowdown",
            "put_visible_s_median",
            "incremental_s",
        ):
            assert run[key] > 0, (run["k"], key)
        assert run["incremental_files"] == 2
        assert run["segments"] >= 1  # queried on a fresh build
        # The long questions, apart: they make the mix's slowest 5 %.
        assert run["long_ms_p95"] >= run["long_ms_p50"] > 0
        assert run["worker_smaps_after_queries"]["heap (anonymous)"]["rss"] > 0
    # Copies are linked, not copied (but for the files the run changed).
    copies = list((tmp_path / "work" / "k2" / "corpus").glob("*-x2.txt"))
    assert len(copies) == one["entries"]
    assert sum(not p.is_symlink() for p in copies) <= 2
