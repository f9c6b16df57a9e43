"""The benchmark still runs: bench/bench.py end to end on the sample corpus.

Not a performance test (numbers on a tiny corpus mean nothing); it catches
the benchmark rotting when the indexer or the server changes under it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _positive(results: dict, *path: str) -> None:
    node = results
    for key in path:
        node = node[key]
    assert isinstance(node, int | float) and node > 0, (path, node)


def test_bench_runs_on_sample_corpus(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    command = [
        sys.executable,
        str(REPO / "bench" / "bench.py"),
        "--corpus",
        str(REPO / "corpus"),
        "--quick",
        "--queries",
        "50",
        "--http-seconds",
        "2",
        "--clients",
        "4",
        "--json",
        str(out),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Queries cold" in done.stdout and "Baseline" in done.stdout
    assert "machine: a 10-million-step Python loop took" in done.stdout

    results = json.loads(out.read_text())
    assert set(results) >= {
        "meta",
        "build",
        "queries_cold",
        "queries_skewed",
        "long_questions",
        "autocomplete",
        "http",
        "baseline",
        "targets",
    }
    for path in [
        ("build", "seconds"),
        ("build", "size_mb"),
        ("build", "entries"),
        ("build", "update", "update_ms_median"),
        ("build", "update", "visible_s_median"),
        ("queries_cold", "overall", "n"),
        ("queries_cold", "overall", "p50_ms"),
        ("queries_cold", "overall", "p99_ms"),
        ("queries_cold", "by_type", "long", "p95_ms"),
        ("queries_skewed", "overall", "p95_ms"),
        ("long_questions", "p95_ms"),
        ("http", "requests_per_s"),
        ("http", "latency", "p99_ms"),
        ("http", "rss_mb"),
        ("baseline", "size_mb"),
        ("baseline", "cold", "overall", "p95_ms"),
        ("baseline", "ratios", "cold_p50"),
        ("meta", "machine_loop_s", "start"),
        ("meta", "machine_loop_s", "end"),
    ]:
        _positive(results, *path)
    assert results["build"]["update"]["never_visible"] == 0
    assert results["queries_cold"]["overall"]["errors"] == 0
    assert results["http"]["errors"] == 0
    assert results["http"]["processes"] >= 3  # gunicorn master and two workers
    assert set(results["queries_cold"]["by_type"]) == {
        "word",
        "phrase",
        "altname",
        "misspelling",
        "question",
        "section",
        "long",
    }
    assert "available" in results["autocomplete"]


def test_spelling_bench_scores_both_spellers_on_sample_corpus(
    corpus_index_dir: Path, tmp_path: Path
) -> None:
    cases = tmp_path / "cases.tsv"
    # Known by ear: further off than the letters reach, and a first letter
    # of its own.
    cases.write_text("# typed\tmeant\tset\nsirosis\tcirrhosis\tdev\n")
    # A list of real misspellings as codespell writes it: only the first
    # line is a case (one correction the index writes, no word of it typed).
    real = tmp_path / "real.txt"
    real.write_text(
        "cirrhossis->cirrhosis\nmuscel->muscle, mussel,\n"
        "cirrhosis->cirrhosis\nzzyzx->zebra\n"
    )
    out = _bench(
        "spelling.py",
        "--index-dir",
        corpus_index_dir,
        "--cases",
        cases,
        "--medquad",
        REPO / "corpus",
        "--real",
        real,
    )
    rows = {
        cells[1]: cells[2:5]
        for line in out.splitlines()
        if len(cells := [c.strip() for c in line.split("|")]) > 4
    }
    assert rows["dev"] == ["1", "0 (0.000)", "1 (1.000)"]
    assert any(label.startswith("slips of the keys") for label in rows)
    assert rows["real misspellings (codespell's list)"] == [
        "1",
        "1 (1.000)",
        "1 (1.000)",
    ]
    # Runs of the sample's texts, read alone and in context.
    for half in ("dev (seed 21)", "held-out (seed 22)"):
        n, alone, in_context = rows[half]
        assert int(n) > 0 and alone.split()[0].isdigit()
        assert int(in_context.split()[0]) <= int(n)


def test_kinds_bench_finds_the_section_a_name_and_a_kind_ask_for(
    corpus_index_dir: Path,
) -> None:
    out = _bench(
        "kinds.py",
        *("--index-dir", corpus_index_dir, "--medquad", REPO / "corpus"),
        *("--per-kind", 8),
    )
    rows = {
        cells[1]: cells[2:5]
        for line in out.splitlines()
        if len(cells := [c.strip() for c in line.split("|")]) > 4
    }
    assert {"Symptoms", "Treatment", "Causes"} <= set(rows)
    asked, ours, fts5 = rows["all"]
    ours, fts5 = int(ours.split()[0]), int(fts5.split()[0])
    assert int(asked) == sum(
        int(row[0]) for k, row in rows.items() if k not in {"all", "kind", "---"}
    )
    # The sample's entries, each named with a word for one of its sections.
    assert ours >= 0.9 * int(asked) and ours > fts5


def test_pause_merge_bench_compares_written_and_merged(
    corpus_index_dir: Path,
) -> None:
    out = _bench(
        "pause_merge.py",
        *("--index-dir", corpus_index_dir, "--corpus", REPO / "corpus"),
        *("--writes", 12, "--queries", 40),
    )
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    labels = [row.split("|")[1].strip() for row in rows[1:]]
    assert labels == [
        "as written, run 1",
        "merged, run 1",
        "as written, run 2",
        "merged, run 2",
    ]
    assert "batches merged:" in out


def _bench(script: str, *args: object, timeout: float = 300) -> str:
    """What ``bench/<script>`` prints, run as a user runs it (it must succeed)."""
    command = [sys.executable, str(REPO / "bench" / script), *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_lookalike_bench_counts_every_page(corpus_index_dir: Path) -> None:
    sys.path.insert(0, str(REPO))
    from bench.lookalike import queries

    out = _bench("lookalike.py", "--index-dir", corpus_index_dir, "--show", 2)
    pages = int(out.split()[0])
    assert pages == len(queries()) > 0
    counts = [int(line.rsplit(":", 1)[1]) for line in out.splitlines()[1:4]]
    assert len(counts) == 3 and "under one heading" in out
    assert all(0 <= n <= pages for n in counts)
