"""How MedSearch grows: the same figures at k times the corpus, in one run.

Why one run: the machine is shared and its speed moves from hour to hour,
so a figure at 10x only means something next to the same figure at 1x
measured minutes before. For each k this script makes a k-fold corpus
without copying text (symlinks under new file names, so every copy gets
its own entry ids), builds it, and measures what a site that grows would
feel: build time and index size, a worker's memory after start and after
2,000 queries (RSS, its own heap, PSS and USS, and how its mappings
split), in-process latency on the bench query mix (and the garbage
collector's passes meanwhile), the queries just after a write against
those just before it, a PUT until it is searchable (over HTTP),
one incremental ``medsearch index`` run with 100 changed files, and
server start until ``/healthz``. It prints one table with each figure's
ratio to the first k and writes JSON.

Usage::

    python bench/scale.py                          # k = 1, 5, 10 of ../shared/medquad
    python bench/scale.py --k 1 5 --skip http      # fewer parts while iterating
    python bench/scale.py --workdir /tmp/scale --skip build   # reuse its indexes

This is a benchmark, not a test: targets are printed, not failed.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import http_load  # noqa: E402
from bench.queries import BenchQuery, build_mix, load_corpus  # noqa: E402
from bench.timing import (  # noqa: E402
    Collections,
    machine_loop_s,
    median,
    percentile,
)
from indexer import medquad  # noqa: E402
from indexer.corpus import THESAURUS_FILE  # noqa: E402
from indexer.search import SearchService  # noqa: E402
from indexer.sources import SourcedEntry, list_files  # noqa: E402
from indexer.store import IndexStore  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("MEDQUAD_DIR", REPO.parent / "shared" / "medquad"))
RESULTS = REPO / "bench" / "results"
PARTS = ("build", "queries", "after-write", "http", "puts", "incremental")
VISIBLE_TIMEOUT = 10.0
SEED = 7

# Targets of issue 12 at the largest k (about 164,000 sections at 10x).
TARGETS = {
    "put_visible_s_median": 0.3,
    "put_visible_s_max": 0.6,
    "query_ms_p95": 15.0,
    "worker_rss_mb_after_queries": 800.0,
    "start_s": 5.0,
    "build_s": 150.0,
}

ROWS = [  # (key, label, format)
    ("entries", "entries", "{:,.0f}"),
    ("sections", "sections", "{:,.0f}"),
    ("build_s", "full build (s)", "{:.1f}"),
    ("size_mb", "index size (MB)", "{:.0f}"),
    ("start_s", "server start to /healthz (s)", "{:.2f}"),
    ("worker_rss_mb_start", "worker RSS after start (MB)", "{:.0f}"),
    ("worker_rss_mb_after_queries", "worker RSS after queries (MB)", "{:.0f}"),
    ("worker_anon_mb_after_queries", "  of which its own heap (MB)", "{:.0f}"),
    ("worker_pss_mb_after_queries", "worker PSS after queries (MB)", "{:.0f}"),
    ("worker_uss_mb_after_queries", "worker USS after queries (MB)", "{:.0f}"),
    ("server_pss_mb_after_queries", "server PSS, all processes (MB)", "{:.0f}"),
    ("http_ms_p50", "HTTP query p50 (ms)", "{:.2f}"),
    ("http_ms_p99", "HTTP query p99 (ms)", "{:.2f}"),
    ("segments", "index segments when queried", "{:.0f}"),
    ("query_ms_p50", "in-process p50 (ms)", "{:.2f}"),
    ("query_ms_p95", "in-process p95 (ms)", "{:.2f}"),
    ("query_ms_p99", "in-process p99 (ms)", "{:.2f}"),
    ("long_ms_p50", "  long questions p50 (ms)", "{:.2f}"),
    ("long_ms_p95", "  long questions p95 (ms)", "{:.2f}"),
    ("long_plan_ms_p50", "    planning p50 (ms)", "{:.2f}"),
    ("long_rank_ms_p50", "    ranking p50 (ms)", "{:.2f}"),
    ("long_page_ms_p50", "    page p50 (ms)", "{:.2f}"),
    ("write_before_ms_mean", "in-process mean before a write (ms)", "{:.2f}"),
    ("write_after_ms_mean", "  the next queries' mean (ms)", "{:.2f}"),
    ("write_slowdown", "  after / before", "{:.2f}"),
    ("write_before_ms_p95", "in-process p95 before a write (ms)", "{:.2f}"),
    ("write_after_ms_p95", "  the next queries' p95 (ms)", "{:.2f}"),
    ("gc_full", "  full garbage collections", "{:.0f}"),
    ("gc_max_ms", "  longest collection (ms)", "{:.1f}"),
    ("open_s", "in-process open + warm (s)", "{:.2f}"),
    ("put_visible_s_median", "PUT until searchable, median (s)", "{:.3f}"),
    ("put_visible_s_max", "PUT until searchable, max (s)", "{:.3f}"),
    ("incremental_s", "index, changed files (s)", "{:.1f}"),
]


def log(message: str) -> None:
    """Progress on stderr; the table alone goes to stdout."""
    print(f"[scale {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the k-fold corpus ---------------------------------------------------------


def make_corpus(source: Path, dest: Path, k: int) -> int:
    """Link every entry file of ``source`` into ``dest`` k times, renamed.

    Copy 1 keeps the file's name; copy c is ``<stem>-x<c><suffix>``, so its
    entry id differs (``GHR_0000001-x2``, ``anemia-x2``) while the text is
    the same. Folders (MedQuAD's collections) keep their names, and so does
    a thesaurus beside the entries.

    :returns: how many files were linked.
    """
    source = source.resolve()
    files = list_files([source])
    linked = 0
    for path in files:
        relative = path.resolve().relative_to(source)
        folder = dest / relative.parent
        folder.mkdir(parents=True, exist_ok=True)
        for copy in range(1, k + 1):
            name = path.name if copy == 1 else f"{path.stem}-x{copy}{path.suffix}"
            (folder / name).symlink_to(path.resolve())
            linked += 1
    thesaurus = source / THESAURUS_FILE
    if thesaurus.is_file() and not medquad.is_medquad(source):
        (dest / THESAURUS_FILE).symlink_to(thesaurus)
    return linked


def change_files(corpus: Path, count: int, seed: int) -> list[Path]:
    """Replace ``count`` links with edited copies (a trailing comment or line)."""
    links = sorted(p for p in corpus.rglob("*") if p.is_symlink() and p.is_file())
    links = [p for p in links if p.name != THESAURUS_FILE]
    chosen = random.Random(seed).sample(links, min(count, len(links)))
    for path in chosen:
        data = path.read_bytes()
        path.unlink()
        xml = path.suffix == ".xml"
        path.write_bytes(
            data + (b"\n<!-- edited by bench/scale.py -->\n" if xml else b"\n")
        )
    return chosen


# -- measurements --------------------------------------------------------------


def medsearch(*args: str, timeout: float = 1800) -> tuple[float, dict]:
    """Run ``medsearch ARGS --json``; its wall time and its JSON report."""
    command = [str(http_load.medsearch_command()), *args, "--json"]
    started = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout)


def measure_build(corpus: Path, index_dir: Path) -> dict:
    seconds, report = medsearch(
        "index", str(corpus), "--rebuild", "--index-dir", str(index_dir)
    )
    size = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
    return {
        "build_s": round(seconds, 2),
        "size_mb": round(size / 1e6, 1),
        "entries": report["entries"],
        "sections": report["sections"],
    }


def measure_queries(index_dir: Path, mix: Sequence[BenchQuery]) -> dict:
    """A fresh service as a worker starts it (open and warm), then the mix."""
    started = time.perf_counter()
    with SearchService(index_dir) as service:
        service.warm()
        open_s = time.perf_counter() - started
        ms, stages = [], []
        with Collections() as collections:
            for query in mix:
                begun = time.perf_counter()
                found = service.search(query.text, section=query.section)
                ms.append((time.perf_counter() - begun) * 1000)
                if query.kind == "long" and found.timings:  # none if cached
                    stages.append(dict(found.timings))
        stats = service.stats()
    # The long questions are 15 % of the mix and nearly all of its slowest
    # 5 %: the mix's p95 is about their 67th percentile.
    long = sorted(t for t, q in zip(ms, mix, strict=True) if q.kind == "long")
    ms.sort()
    return {
        "open_s": round(open_s, 3),
        "query_ms_p50": round(percentile(ms, 50), 3),
        "query_ms_p95": round(percentile(ms, 95), 3),
        "query_ms_p99": round(percentile(ms, 99), 3),
        "long_ms_p50": round(percentile(long, 50), 3) if long else None,
        "long_ms_p95": round(percentile(long, 95), 3) if long else None,
        # Which stage grows with the corpus: planning and the page should not.
        **{
            f"long_{stage}_ms_p50": round(
                percentile(sorted(s[stage] for s in stages), 50), 3
            )
            for stage in (("plan", "rank", "page") if stages else ())
        },
        **collections.summary(),
        "entries": stats["entries"],
        "sections": stats["sections"],
        "segments": segment_count(index_dir),
    }


def measure_after_write(index_dir: Path, mix: Sequence[BenchQuery]) -> dict:
    """How the queries after a write fare against those before it, on one
    worker: the mix's first quarter warms it, the second is timed, one
    entry is written, the third is timed (each quarter every fourth query,
    so alike). The write is an edit, as a site makes them: the entry of the
    first query's best hit written again, its names and sections as they
    were. A write makes a new snapshot of the index; whatever the worker
    had worked out and the snapshot does not keep, the queries after it
    work out again."""
    quarters = [mix[i::4] for i in range(4)]
    with SearchService(index_dir, merge_idle=None) as service:
        service.warm()
        _timed(service, quarters[0])
        before = _timed(service, quarters[1], collect=False)
        hits = service.search(mix[0].text).results
        if not hits:
            raise RuntimeError(f"no hit to edit for {mix[0].text!r}")
        edited = service.get_entry(hits[0].entry_id)
        service.upsert([SourcedEntry(edited, "api", f"scale-edit-{edited.entry_id}")])
        after = _timed(service, quarters[2], collect=False)
    mean_before, mean_after = sum(before) / len(before), sum(after) / len(after)
    return {
        "write_before_ms_mean": round(mean_before, 3),
        "write_after_ms_mean": round(mean_after, 3),
        "write_slowdown": round(mean_after / mean_before, 3),
        "write_before_ms_p95": round(percentile(sorted(before), 95), 3),
        "write_after_ms_p95": round(percentile(sorted(after), 95), 3),
        "write_edited": edited.entry_id,
    }


def _timed(
    service: SearchService, queries: Sequence[BenchQuery], *, collect: bool = True
) -> list[float]:
    """Each query's milliseconds.

    :param collect: let the garbage collector run meanwhile. Without, it
        runs before, and not again until the queries are done: one full
        collection (0.1-0.25 s at ten MedQuADs) in 250 queries moved their
        mean by a tenth, and so the ratio of two quarters either way.
    """
    if not collect:
        gc.collect()
        gc.disable()
    try:
        ms = []
        for query in queries:
            begun = time.perf_counter()
            service.search(query.text, section=query.section)
            ms.append((time.perf_counter() - begun) * 1000)
        return ms
    finally:
        if not collect:
            gc.enable()


def segment_count(index_dir: Path) -> int:
    """How many segments the serving index has. Writes since the build leave
    small ones, each asked for every new word of a query: p95 at 10x on an
    index with ten of them was 26.5 ms, 23 once merged (README)."""
    _, ix = IndexStore(index_dir).open()
    with ix.reader() as reader:
        return len(reader.leaf_readers())


def _worker_rss_mb(server: http_load.Server, kind: str = "VmRSS") -> float:
    """The largest resident size of a worker (the master serves nothing).

    ``RssAnon`` is a worker's own heap; ``VmRSS`` adds the pages of the
    index files it maps, which every worker shares.
    """
    pids = [p for p in server.pids() if p != server.process.pid]
    return max((http_load.memory_kb(p)[kind] / 1024 for p in pids), default=0.0)


def smaps_rollup_mb(pid: int) -> dict[str, float]:
    """A process's RSS, PSS and USS in MB, from ``/proc/PID/smaps_rollup``.

    RSS counts every page the process maps, shared or not; PSS divides each
    page among the processes that map it (summed over a server's
    processes, what they take together); USS counts only the pages no
    other process maps (what stopping it would free, page cache aside).
    Zeros when the file cannot be read (a process gone, another system).
    """
    found = {"Rss": 0, "Pss": 0, "Private_Clean": 0, "Private_Dirty": 0}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in found:
                found[key] = int(value.split()[0])
    except (OSError, ValueError):
        pass
    return {
        "rss": found["Rss"] / 1024,
        "pss": found["Pss"] / 1024,
        "uss": (found["Private_Clean"] + found["Private_Dirty"]) / 1024,
    }


def smaps_by_kind(pid: int) -> dict[str, dict[str, float]]:
    """A process's memory (MB) by what is mapped: its own heap, each kind of
    index file, the rest; per kind RSS, PSS, shared and private pages.

    From ``/proc/PID/smaps``; empty when it cannot be read.
    """
    fields = {
        "Rss": "rss",
        "Pss": "pss",
        "Shared_Clean": "shared",
        "Shared_Dirty": "shared",
        "Private_Clean": "private",
        "Private_Dirty": "private",
    }
    try:
        lines = Path(f"/proc/{pid}/smaps").read_text().splitlines()
    except OSError:
        return {}
    kinds: dict[str, dict[str, float]] = {}
    kind = "other"
    for line in lines:
        head, _, rest = line.partition(":")
        key = fields.get(head)
        if key is not None:
            into = kinds.setdefault(kind, dict.fromkeys(fields.values(), 0.0))
            into[key] += int(rest.split()[0]) / 1024
        elif "-" in line.split(" ", 1)[0]:  # a mapping's first line
            parts = line.split()
            name = parts[5] if len(parts) > 5 else ""
            suffix = Path(name).suffix
            if not name or name in ("[heap]", "[stack]") or name.startswith("[anon"):
                kind = "heap (anonymous)"
            elif suffix in (".seg", ".postings", ".derived"):
                kind = f"index *{suffix}"
            else:
                kind = "libraries, other"
    return {k: {n: round(v, 1) for n, v in d.items()} for k, d in kinds.items()}


def smaps_table(kinds: dict[str, dict[str, float]]) -> str:
    """:func:`smaps_by_kind` as a table, largest RSS first."""
    rows = ["| mapping | RSS (MB) | PSS (MB) | shared (MB) | private (MB) |"]
    rows.append("|---|---|---|---|---|")
    for kind, d in sorted(kinds.items(), key=lambda item: -item[1]["rss"]):
        rows.append(
            f"| {kind} | {d['rss']:.0f} | {d['pss']:.0f} | {d['shared']:.0f} | "
            f"{d['private']:.0f} |"
        )
    return "\n".join(rows)


def _memory_after_queries(server: http_load.Server) -> dict:
    """The largest worker's RSS, heap, PSS and USS; the whole server's PSS."""
    pids = server.pids()
    workers = [p for p in pids if p != server.process.pid]
    rollups = {p: smaps_rollup_mb(p) for p in pids}
    return {
        "worker_rss_mb_after_queries": round(_worker_rss_mb(server), 1),
        "worker_anon_mb_after_queries": round(_worker_rss_mb(server, "RssAnon"), 1),
        "worker_pss_mb_after_queries": round(
            max((rollups[p]["pss"] for p in workers), default=0.0), 1
        ),
        "worker_uss_mb_after_queries": round(
            max((rollups[p]["uss"] for p in workers), default=0.0), 1
        ),
        "server_pss_mb_after_queries": round(
            sum(r["pss"] for r in rollups.values()), 1
        ),
        "worker_smaps_after_queries": smaps_by_kind(
            max(workers, key=lambda p: rollups[p]["rss"], default=0)
        ),
    }


def _request(
    server: http_load.Server, method: str, path: str, body: bytes | None = None
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(http_load.HOST, server.port, timeout=30)
    try:
        headers = {"Authorization": f"Bearer {http_load.API_TOKEN}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def measure_server(
    index_dir: Path,
    mix: Sequence[BenchQuery],
    *,
    puts: int,
    http_queries: bool,
    work: Path,
) -> dict:
    """Start ``medsearch serve``; memory, queries and PUTs over HTTP."""
    server = http_load.start_server(index_dir, work / "server.log", timeout=300)
    out: dict = {"start_s": round(server.startup_seconds, 2)}
    try:
        time.sleep(0.5)  # let the workers settle after /healthz answered
        out["worker_rss_mb_start"] = round(_worker_rss_mb(server), 1)
        if http_queries:
            ms = []
            for query in mix:
                path = http_load.request_path(query, page=False)
                begun = time.perf_counter()
                status, _ = _request(server, "GET", path)
                ms.append((time.perf_counter() - begun) * 1000)
                if status != 200:
                    raise RuntimeError(f"GET {path}: HTTP {status}")
            ms.sort()
            out["http_queries"] = len(ms)
            out["http_ms_p50"] = round(percentile(ms, 50), 3)
            out["http_ms_p99"] = round(percentile(ms, 99), 3)
            out.update(_memory_after_queries(server))
        if puts:
            out.update(_measure_puts(server, puts))
    finally:
        server.stop()
    return out


def _measure_puts(server: http_load.Server, count: int) -> dict:
    """PUT ``count`` new entries, each with a new word; time until found.

    New entries, as a growing site adds them: each write leaves its segment,
    so commits merge as they would (replacing one entry again and again
    left a single small segment, and no merge was ever measured).
    """
    seconds = []
    for run in range(count):
        token = "zqxscale" + "".join(random.Random(run).choices("bcdfghjklm", k=6))
        body = json.dumps(
            {
                "title": f"Scale probe {run}",
                "alternative_names": [],
                "sections": [
                    {"name": "Summary", "text": f"A benchmark edit mentions {token}."}
                ],
            }
        ).encode()
        started = time.perf_counter()
        path = f"/api/entries/scale-probe-{run}"
        status, answer = _request(server, "PUT", path, body)
        if status not in (200, 201):
            raise RuntimeError(f"PUT: HTTP {status} {answer[:200]!r}")
        while True:
            _, found = _request(server, "GET", f"/api/search?q={token}&exact=1")
            if json.loads(found)["total"]:
                seconds.append(time.perf_counter() - started)
                break
            if time.perf_counter() - started > VISIBLE_TIMEOUT:
                raise RuntimeError(f"PUT of {token} not searchable in 10 s")
            time.sleep(0.005)
    return {
        "put_visible_s_median": round(median(seconds), 4),
        "put_visible_s_max": round(max(seconds), 4),
        "put_visible_s_runs": [round(s, 4) for s in seconds],
    }


def measure_incremental(corpus: Path, index_dir: Path, changed: int) -> dict:
    change_files(corpus, changed, SEED)
    seconds, report = medsearch("index", str(corpus), "--index-dir", str(index_dir))
    return {
        "incremental_s": round(seconds, 2),
        "incremental_files": report["added"] + report["changed"],
        "incremental_report_s": report["seconds"],
    }


# -- the run -------------------------------------------------------------------


def run_one(k: int, args: argparse.Namespace, mix, http_mix, work: Path) -> dict:
    folder = work / f"k{k}"
    corpus, index_dir = folder / "corpus", folder / "index"
    out: dict = {"k": k}
    if "build" not in args.skip or not index_dir.exists():
        shutil.rmtree(folder, ignore_errors=True)
        log(f"k={k}: linking the corpus")
        out["files"] = make_corpus(args.corpus, corpus, k)
        log(f"k={k}: building")
        out.update(measure_build(corpus, index_dir))
    if "queries" not in args.skip:
        log(f"k={k}: {len(mix)} queries in-process")
        out.update(measure_queries(index_dir, mix))
    if "after-write" not in args.skip:
        log(f"k={k}: {len(mix) // 2} queries in-process around a write")
        out.update(measure_after_write(index_dir, mix))
    if not {"http", "puts"} <= set(args.skip):
        log(f"k={k}: server, {len(http_mix)} HTTP queries, {args.puts} PUTs")
        out.update(
            measure_server(
                index_dir,
                http_mix,
                puts=0 if "puts" in args.skip else args.puts,
                http_queries="http" not in args.skip,
                work=folder,
            )
        )
    if "incremental" not in args.skip:
        log(f"k={k}: medsearch index with {args.changed} changed files")
        out.update(measure_incremental(corpus, index_dir, args.changed))
    return out


def table(runs: list[dict]) -> str:
    """Rows of figures, one column per k, then each figure's ratio to the first."""
    base = runs[0]
    head = ["what", *(f"k={r['k']}" for r in runs)]
    head += [f"{r['k']}/{base['k']}" for r in runs[1:]]
    lines = [head]
    for key, label, fmt in ROWS:
        if not any(key in r for r in runs):
            continue
        cells = [label]
        cells += [fmt.format(r[key]) if r.get(key) is not None else "-" for r in runs]
        for r in runs[1:]:
            a, b = r.get(key), base.get(key)
            cells.append(f"{a / b:.2f}x" if a is not None and b else "-")
        lines.append(cells)
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    text = []
    for n, row in enumerate(lines):
        text.append(
            "| "
            + " | ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
            + " |"
        )
        if n == 0:
            text.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(text)


def ratios(runs: list[dict]) -> dict:
    """Each figure of each k divided by the first k's, as in the table."""
    base = runs[0]
    return {
        str(r["k"]): {
            key: round(r[key] / base[key], 3)
            for key, _, _ in ROWS
            if r.get(key) is not None and base.get(key)
        }
        for r in runs[1:]
    }


def targets(last: dict) -> list[str]:
    lines = []
    for key, limit in TARGETS.items():
        value = last.get(key)
        if value is not None:
            verdict = "met" if value < limit else "MISSED"
            lines.append(f"  {key} at k={last['k']}: {value} (< {limit}) {verdict}")
    return lines


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--k", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--skip", nargs="*", choices=PARTS, default=[])
    parser.add_argument("--queries", type=int, default=1000, help="in-process")
    parser.add_argument("--http-queries", type=int, default=2000)
    parser.add_argument("--puts", type=int, default=10)
    parser.add_argument("--changed", type=int, default=100)
    parser.add_argument(
        "--workdir", type=Path, help="keep corpora and indexes here (default: tmp)"
    )
    parser.add_argument("--json", type=Path, default=RESULTS / "scale.json")
    args = parser.parse_args(argv)
    if "build" in args.skip and args.workdir is None:
        parser.error("--skip build reuses indexes: give --workdir")
    return args


def write_json(args: argparse.Namespace, runs: list[dict], loop: dict) -> None:
    results = {
        "meta": {
            "when": datetime.now().isoformat(timespec="seconds"),
            "corpus": str(args.corpus),
            "cpus": os.cpu_count(),
            "queries": args.queries,
            "http_queries": args.http_queries,
            # How fast the machine was (see bench.timing.machine_loop_s).
            "machine_loop_s": loop,
        },
        "runs": runs,
        "ratios": ratios(runs),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    log(f"reading {args.corpus} for the query mix")
    entries = load_corpus(args.corpus).entries
    mix = build_mix(entries, args.queries, SEED)
    http_mix = build_mix(entries, args.http_queries, SEED + 1)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="medsearch-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    runs: list[dict] = []
    loop = {"start": machine_loop_s()}
    try:
        for k in args.k:
            runs.append(run_one(k, args, mix, http_mix, work))
            # Written after every k, so a long run that is stopped keeps
            # what it measured.
            write_json(args, runs, loop)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    loop["end"] = machine_loop_s()
    write_json(args, runs, loop)
    print(
        f"machine: a 10-million-step Python loop took {loop['start']:.2f} s at "
        f"the start, {loop['end']:.2f} s at the end (0.56 s on a quiet day)"
    )
    print(table(runs))
    if runs[-1].get("worker_smaps_after_queries"):
        print(f"The largest worker's memory after the queries at k={runs[-1]['k']}:")
        print(smaps_table(runs[-1]["worker_smaps_after_queries"]))
    print("Targets (issue 12):")
    print("\n".join(targets(runs[-1])) or "  none measured")
    log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
