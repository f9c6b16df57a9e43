"""Benchmark medsearch end to end on a real corpus, in one run.

Why one script: build speed, query latency, cache behaviour, update
visibility, the production server's throughput and memory, and a plain BM25
baseline all move together when the code changes. Measuring them in one run,
on one machine, from one seeded query mix makes the numbers comparable with
each other and with the previous run (``bench/results/latest.json``).

Usage::

    python bench/bench.py                   # full MedQuAD at ../shared/medquad
    python bench/bench.py --quick           # fewer queries, shorter HTTP load
    python bench/bench.py --corpus corpus --skip-http

This is a benchmark, not a test: missed targets are printed, not failed.
It only uses public indexer APIs and starts the server as a user would.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import http_load, report  # noqa: E402
from bench.baseline import Fts5Baseline  # noqa: E402
from bench.queries import (  # noqa: E402
    KIND_SHARES,
    BenchQuery,
    LoadedCorpus,
    build_mix,
    load_corpus,
    prefixes,
    skewed_log,
)
from bench.timing import Collections, machine_loop_s, median, summarize  # noqa: E402
from indexer.build import rebuild, upsert_entries  # noqa: E402
from indexer.cli import default_procs, thesaurus_for  # noqa: E402
from indexer.model import Paragraph  # noqa: E402
from indexer.search import SearchService  # noqa: E402
from indexer.sources import SourcedEntry, text_digest  # noqa: E402
from indexer.store import IndexStore  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "medquad"
RESULTS = REPO / "bench" / "results"
UPDATE_RUNS = 5
VISIBLE_TIMEOUT = 10.0
ZIPF_S = 1.1


def log(message: str) -> None:
    """Progress on stderr; the table alone goes to stdout."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- 1. build and update -------------------------------------------------------


def dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def measure_build(corpus: Path, index_dir: Path) -> dict:
    """``rebuild`` into a fresh folder, as ``medsearch index`` does."""
    procs = default_procs()
    thesaurus = thesaurus_for([corpus])
    report_ = rebuild(IndexStore(index_dir), [corpus], procs=procs, thesaurus=thesaurus)
    return {
        "procs": procs,
        "seconds": round(report_.seconds, 3),
        "size_mb": round(dir_size_mb(index_dir), 2),
        "entries": report_.entries,
        "sections": report_.sections,
        "names": report_.names,
        "skipped": len(report_.skipped),
    }


def _changed(item: SourcedEntry, token: str) -> SourcedEntry:
    """``item`` with one sentence holding ``token`` added to its first section."""
    entry = item.entry
    sections = list(entry.sections)
    i = next(n for n, s in enumerate(sections) if not s.is_empty)
    extra = Paragraph(f"Benchmark edit mentions {token} once.")
    sections[i] = dataclasses.replace(sections[i], blocks=(*sections[i].blocks, extra))
    changed = dataclasses.replace(entry, sections=tuple(sections))
    digest = text_digest(json.dumps(changed.to_json(), sort_keys=True))
    return SourcedEntry(changed, item.origin, digest)


def _wait_visible(service: SearchService, token: str, started: float) -> float | None:
    """Poll until a search for ``token`` finds it; the time then, or None."""
    while time.perf_counter() - started < VISIBLE_TIMEOUT:
        if service.search(token).total:
            return time.perf_counter()
        time.sleep(0.002)
    return None


def measure_updates(corpus: LoadedCorpus, index_dir: Path, seed: int) -> dict:
    """Upsert one changed entry 5 times; poll an open service until it shows.

    The service was opened (and has answered) before each write, as a
    running web worker would have; it notices writes by itself, at most
    ``refresh_interval`` later.
    """
    store = IndexStore(index_dir)
    rng = random.Random(seed + 3)
    item = rng.choice(
        [i for i in corpus.items if any(not s.is_empty for s in i.entry.sections)]
    )
    update_ms: list[float] = []
    visible_s: list[float | None] = []
    after_commit_s: list[float] = []
    with SearchService(index_dir) as service:
        service.search(item.entry.title)
        for run in range(UPDATE_RUNS):
            token = "zqxbench" + "abcdefghij"[run] * 3
            started = time.perf_counter()
            upsert_entries(store, [_changed(item, token)])
            committed = time.perf_counter()
            update_ms.append((committed - started) * 1000)
            seen_at = _wait_visible(service, token, started)
            visible_s.append(None if seen_at is None else seen_at - started)
            if seen_at is not None:
                after_commit_s.append(seen_at - committed)
    upsert_entries(store, [item])  # leave the index as the corpus has it
    seen = [s for s in visible_s if s is not None]
    return {
        "entry_id": item.entry.entry_id,
        "update_ms_median": round(median(update_ms), 3),
        "update_ms_runs": [round(ms, 3) for ms in update_ms],
        "visible_s_median": round(median(seen), 4) if seen else None,
        "visible_after_commit_s_median": (
            round(median(after_commit_s), 4) if after_commit_s else None
        ),
        "visible_s_max": round(max(seen), 4) if seen else None,
        "visible_s_runs": [None if s is None else round(s, 4) for s in visible_s],
        "never_visible": len(visible_s) - len(seen),
    }


# -- 2. in-process queries -----------------------------------------------------


def _fresh_service(index_dir: Path) -> tuple[SearchService, float]:
    """A new service (empty cache), opened and warmed by one unrelated query."""
    started = time.perf_counter()
    service = SearchService(index_dir)
    service.check()
    open_ms = (time.perf_counter() - started) * 1000
    service.search("benchmark warm-up")
    return service, open_ms


def _time_queries(
    search: Callable[[BenchQuery], int], queries: Sequence[BenchQuery]
) -> tuple[list[float], list[int], list[str]]:
    """Latency (ms) and hit count of each query; exceptions are recorded."""
    ms: list[float] = []
    hits: list[int] = []
    errors: list[str] = []
    for query in queries:
        started = time.perf_counter()
        try:
            found = search(query)
        except Exception as exc:  # a benchmark reports crashes, it does not stop
            found = -1
            if len(errors) < 10:
                errors.append(f"{query.kind} {query.text[:60]!r}: {exc!r}")
        ms.append((time.perf_counter() - started) * 1000)
        hits.append(found)
    return ms, hits, errors


def _by_kind(
    queries: Sequence[BenchQuery], ms: Sequence[float], hits: Sequence[int]
) -> dict:
    """Latency summary and zero-hit share, overall and per query kind."""

    def block(idx: list[int]) -> dict:
        return {
            **summarize([ms[i] for i in idx]),
            "zero_hits": sum(1 for i in idx if hits[i] == 0),
            "errors": sum(1 for i in idx if hits[i] < 0),
        }

    everything = list(range(len(queries)))
    return {
        "overall": block(everything),
        "by_type": {
            kind: block([i for i in everything if queries[i].kind == kind])
            for kind in KIND_SHARES
        },
    }


def _ours(service: SearchService) -> Callable[[BenchQuery], int]:
    return lambda q: service.search(q.text, section=q.section).total


def measure_cold(index_dir: Path, mix: Sequence[BenchQuery]) -> dict:
    service, open_ms = _fresh_service(index_dir)
    with service, Collections() as collections:
        ms, hits, errors = _time_queries(_ours(service), mix)
    return {
        "open_ms": round(open_ms, 3),
        **_by_kind(mix, ms, hits),
        "errors": errors,
        "collections": collections.summary(),
    }


def lru_hits(keys: Sequence[object], size: int) -> int:
    """How many of ``keys`` an LRU cache of ``size`` would have answered."""
    cache: OrderedDict[object, None] = OrderedDict()
    hits = 0
    for key in keys:
        if key in cache:
            hits += 1
            cache.move_to_end(key)
        else:
            cache[key] = None
            if len(cache) > size:
                cache.popitem(last=False)
    return hits


def measure_skewed(index_dir: Path, requests: Sequence[BenchQuery]) -> dict:
    service, _ = _fresh_service(index_dir)
    with service:
        ms, hits, errors = _time_queries(_ours(service), requests)
        cache_size = service.cache_size
    keys = [q.key for q in requests]
    return {
        "requests": len(requests),
        "distinct": len(set(keys)),
        "zipf_s": ZIPF_S,
        "cache_hit_share": round(lru_hits(keys, cache_size) / len(keys), 3),
        "overall": summarize(ms),
        "errors": errors,
    }


def measure_suggest(index_dir: Path, prefix_list: Sequence[str]) -> dict:
    """Autocomplete latency, if the service has ``suggest(prefix)`` yet."""
    service, _ = _fresh_service(index_dir)
    with service:
        suggest = getattr(service, "suggest", None)
        if not callable(suggest):
            return {"available": False}
        ms: list[float] = []
        errors: list[str] = []
        for prefix in prefix_list:
            started = time.perf_counter()
            try:
                suggest(prefix)
            except Exception as exc:  # report, do not stop the benchmark
                if len(errors) < 10:
                    errors.append(f"{prefix!r}: {exc!r}")
            ms.append((time.perf_counter() - started) * 1000)
    return {"available": True, **summarize(ms), "errors": errors}


# -- 4. HTTP -------------------------------------------------------------------


def measure_http(
    index_dir: Path,
    requests: Sequence[BenchQuery],
    clients: int,
    seconds: float,
    load_client: str = "auto",
) -> dict:
    server = http_load.start_server(index_dir, index_dir.parent / "server.log")
    use_wrk = load_client == "wrk" or (
        load_client == "auto" and http_load.wrk_available()
    )
    try:
        idle_rss, _ = server.rss_mb()
        run = http_load.run_wrk if use_wrk else http_load.run_load
        result = run(server, requests, clients=clients, seconds=seconds)
        result.setdefault("client", "python threads")
        result["api_write_visible"] = http_load.measure_write_visibility(server)
    finally:
        server.stop()
    return {
        "skipped": False,
        "workers": 2,
        "startup_s": round(server.startup_seconds, 3),
        "rss_idle_mb": round(idle_rss, 1),
        **result,
    }


# -- 5. baseline -----------------------------------------------------------------


def measure_baseline(
    corpus: LoadedCorpus, db_path: Path, mix: Sequence[BenchQuery]
) -> dict:
    built = Fts5Baseline(db_path)
    insert_s = built.build(corpus.entries)
    built.close()
    baseline = Fts5Baseline(db_path)  # fresh connection: empty page cache
    try:
        baseline.search("benchmark warm-up")
        ms, hits, errors = _time_queries(
            lambda q: baseline.search(q.text, q.section), mix
        )
        size = baseline.size_mb()
    finally:
        baseline.close()
    return {
        "engine": "sqlite3 FTS5 bm25(), porter unicode61, words ORed",
        "sqlite_version": __import__("sqlite3").sqlite_version,
        "insert_seconds": round(insert_s, 3),
        "parse_seconds": round(corpus.parse_seconds, 3),
        "seconds": round(insert_s + corpus.parse_seconds, 3),
        "size_mb": round(size, 2),
        "cold": _by_kind(mix, ms, hits),
        "errors": errors,
    }


def _ratio(ours: float | None, base: float | None) -> float | None:
    if not ours or not base:
        return None
    return round(ours / base, 2)


def ratios(results: dict) -> dict:
    ours, base = results["queries_cold"]["overall"], results["baseline"]["cold"]
    long_ours = results["queries_cold"]["by_type"]["long"]
    long_base = base["by_type"]["long"]
    base = base["overall"]
    return {
        "build": _ratio(results["build"]["seconds"], results["baseline"]["seconds"]),
        "size": _ratio(results["build"]["size_mb"], results["baseline"]["size_mb"]),
        "cold_p50": _ratio(ours["p50_ms"], base["p50_ms"]),
        "cold_p95": _ratio(ours["p95_ms"], base["p95_ms"]),
        "cold_p99": _ratio(ours["p99_ms"], base["p99_ms"]),
        "long_p95": _ratio(long_ours["p95_ms"], long_base["p95_ms"]),
    }


# -- the run ---------------------------------------------------------------------


def _git_revision() -> str | None:
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return rev + ("+dirty" if dirty else "")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark medsearch: build, queries, updates, HTTP, baseline."
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="MedQuAD root or a text-format folder (default: ../shared/medquad)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer queries, shorter HTTP load"
    )
    parser.add_argument(
        "--queries", type=int, help="distinct queries in the mix (1200; quick 300)"
    )
    parser.add_argument(
        "--http-seconds", type=float, help="HTTP load duration (20; quick 5)"
    )
    parser.add_argument("--clients", type=int, default=16, help="HTTP client threads")
    parser.add_argument("--skip-http", action="store_true", help="no server run")
    parser.add_argument(
        "--load-client",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="HTTP load generator: wrk (C, light on the CPU) if installed, "
        "else a pool of Python threads",
    )
    parser.add_argument(
        "--json",
        type=Path,
        help="write the results here (default: bench/results/<time>.json "
        "and bench/results/latest.json)",
    )
    parser.add_argument("--seed", type=int, default=1, help="query mix seed")
    args = parser.parse_args(argv)
    args.queries = args.queries or (300 if args.quick else 1200)
    args.http_seconds = args.http_seconds or (5.0 if args.quick else 20.0)
    args.requests = 1000 if args.quick else 5000
    if args.queries < 1 or args.clients < 1 or args.http_seconds <= 0:
        parser.error("--queries, --clients and --http-seconds must be positive")
    if not args.corpus.exists():
        parser.error(f"no corpus at {args.corpus}; pass --corpus PATH")
    return args


def run(args: argparse.Namespace) -> dict:
    results: dict = {
        "meta": {
            "timestamp": datetime.now().isoformat(timespec="seconds"),
            "corpus": str(args.corpus.resolve()),
            "quick": args.quick,
            "seed": args.seed,
            "queries": args.queries,
            "skewed_requests": args.requests,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "git": _git_revision(),
            "machine_loop_s": {"start": machine_loop_s()},
        }
    }
    with tempfile.TemporaryDirectory(prefix="medsearch-bench-") as tmp:
        index_dir = Path(tmp) / "index"
        log(f"building the index from {args.corpus} ...")
        results["build"] = measure_build(args.corpus, index_dir)
        log(f"  {results['build']['seconds']:.1f} s; parsing for the query mix ...")
        corpus = load_corpus(args.corpus)
        mix = build_mix(corpus.entries, args.queries, args.seed)
        requests = skewed_log(mix, args.requests, args.seed, ZIPF_S)
        results["meta"]["mix"] = {
            kind: sum(1 for q in mix if q.kind == kind) for kind in KIND_SHARES
        }
        log(f"cold queries: {len(mix)} distinct ...")
        results["queries_cold"] = measure_cold(index_dir, mix)
        long = results["queries_cold"]["by_type"]["long"]
        results["long_questions"] = {
            key: long[key] for key in ("n", "p50_ms", "p95_ms", "p99_ms", "max_ms")
        }
        log(f"skewed log: {len(requests)} requests ...")
        results["queries_skewed"] = measure_skewed(index_dir, requests)
        log("autocomplete ...")
        results["autocomplete"] = measure_suggest(
            index_dir, prefixes(corpus.entries, min(args.queries, 500), args.seed)
        )
        log("incremental updates ...")
        results["build"]["update"] = measure_updates(corpus, index_dir, args.seed)
        if args.skip_http:
            results["http"] = {"skipped": True}
        else:
            log(f"HTTP: {args.clients} clients for {args.http_seconds:g} s ...")
            results["http"] = measure_http(
                index_dir, requests, args.clients, args.http_seconds, args.load_client
            )
        log("baseline: SQLite FTS5 ...")
        results["baseline"] = measure_baseline(corpus, Path(tmp) / "fts5.db", mix)
        results["baseline"]["ratios"] = ratios(results)
    results["meta"]["machine_loop_s"]["end"] = machine_loop_s()
    results["targets"] = report.check_targets(results)
    return results


def write_json(results: dict, path: Path | None) -> list[Path]:
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    if path is not None:
        targets = [path]
    else:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        targets = [RESULTS / f"{stamp}.json", RESULTS / "latest.json"]
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return targets


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    print(report.render(results))
    for path in write_json(results, args.json):
        log(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
