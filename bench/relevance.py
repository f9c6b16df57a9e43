"""Relevance benchmark: our engine against plain BM25 on judged queries.

Why: a ranking change should be judged by numbers, and numbers mean little
alone. This runs the held-out (or dev) queries from ``make_queries.py``
through the search service and through the simplest competent alternative,
SQLite FTS5 ranked with ``bm25()`` over the same sections (title, section
name, body; the query's words quoted and ORed; no synonyms, no spelling
help), built in the same run. Both rankings go through the same conversion
and metrics (:func:`indexer.evaluation.score_rankings`), so the difference
is what our analysis and ranking add. Targets are printed next to the
figures; missing one is reported, not fatal (this is a benchmark, not a
test).

Tune on ``--set dev`` only; ``heldout`` (the default) is for reporting.

Usage::

    python bench/make_queries.py                         # once
    python bench/relevance.py --index-dir /tmp/eval-index
    python bench/relevance.py --build --set dev          # builds a tmp index
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.baseline import Fts5Baseline, fts5_query  # noqa: E402
from indexer.build import rebuild  # noqa: E402
from indexer.cli import thesaurus_for  # noqa: E402
from indexer.errors import ParseError  # noqa: E402
from indexer.evaluation import (  # noqa: E402
    JudgedQuery,
    evaluate,
    load_queries,
    metric_label,
    score_rankings,
)
from indexer.medquad import iter_medquad  # noqa: E402
from indexer.model import Entry  # noqa: E402
from indexer.schema import section_key  # noqa: E402
from indexer.search import SearchService  # noqa: E402
from indexer.store import IndexStore  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MEDQUAD = REPO.parent / "shared" / "medquad"
QUERIES = REPO / "bench" / "queries"
RESULTS = REPO / "bench" / "results"

_RANKED_SQL = """
SELECT entry_id, section_id FROM sections
WHERE sections MATCH ? {filter}
ORDER BY bm25(sections) LIMIT ?
"""


def log(message: str) -> None:
    print(f"[relevance {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr)


class RankedFts5(Fts5Baseline):
    """The benchmark's FTS5 baseline, returning its ranked sections."""

    def ranked(
        self, text: str, section: str | None = None, limit: int = 10
    ) -> list[tuple[str, str]]:
        """Top ``limit`` ``(entry_id, section_id)`` by bm25, best first."""
        match = fts5_query(text)
        if match is None:
            return []
        if section:
            sql = _RANKED_SQL.format(filter="AND section_key = ?")
            params: tuple = (match, section_key(section), limit)
        else:
            sql = _RANKED_SQL.format(filter="")
            params = (match, limit)
        try:
            return [tuple(row) for row in self.conn.execute(sql, params)]
        except sqlite3.OperationalError:  # e.g. a query FTS5 cannot parse
            return []


# -- targets ----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A figure the engine should reach, read from both reports."""

    label: str
    goal: str
    value: Callable[[Mapping, Mapping], float | None]  # (ours, baseline) -> value
    threshold: Callable[[Mapping, Mapping], float | None]

    def check(self, ours: Mapping, base: Mapping) -> dict[str, Any]:
        value, need = self.value(ours, base), self.threshold(ours, base)
        met = None if value is None or need is None else value >= need
        return {
            "target": self.label,
            "goal": self.goal,
            "value": value,
            "threshold": None if need is None else round(need, 4),
            "met": met,
        }


def _typed(report: Mapping, kind: str, metric: str) -> float | None:
    values = report["by_type"].get(kind)
    return None if values is None else values[metric]


def targets(k: int) -> list[Target]:
    ndcg, mrr = f"ndcg@{k}", f"mrr@{k}"
    return [
        Target(
            f"overall {metric_label(ndcg)}",
            ">= 0.90",
            lambda o, b: o["overall"][ndcg],
            lambda o, b: 0.90,
        ),
        Target(
            f"overall {metric_label(ndcg)} vs baseline",
            ">= baseline + 0.10",
            lambda o, b: o["overall"][ndcg],
            lambda o, b: b["overall"][ndcg] + 0.10,
        ),
        Target(
            f"typo {metric_label(mrr)}",
            ">= 0.80",
            lambda o, b: _typed(o, "typo", mrr),
            lambda o, b: 0.80,
        ),
        Target(
            f"altname {metric_label(mrr)}",
            ">= 0.95",
            lambda o, b: _typed(o, "altname", mrr),
            lambda o, b: 0.95,
        ),
        Target(
            "title_section P@1 (right section first)",
            ">= 0.80",
            lambda o, b: _typed(o, "title_section", "precision@1"),
            lambda o, b: 0.80,
        ),
    ]


# -- output ---------------------------------------------------------------------


def comparison_table(ours: Mapping, base: Mapping) -> str:
    """Per type and overall: each metric for us, the baseline and the gain."""
    names: list[str] = list(ours["metrics"])
    rows = [*ours["by_type"], "all"]
    width = max(len("type"), *(len(r) for r in rows))
    cell = 22
    top = " " * (width + 7) + "".join(f"  {metric_label(n):^{cell}}" for n in names)
    sub = f"{'type':<{width}}  {'n':>5}" + "".join(
        f"  {'ours':>6} {'bm25':>6} {'diff':>8}" for _ in names
    )
    lines = [top, sub, "-" * len(sub)]
    for row in rows:
        o = ours["overall"] if row == "all" else ours["by_type"][row]
        b = base["overall"] if row == "all" else base["by_type"][row]
        if row == "all":
            lines.append("-" * len(sub))
        lines.append(
            f"{row:<{width}}  {o['queries']:>5}"
            + "".join(
                f"  {o[n]:>6.3f} {b[n]:>6.3f} {o[n] - b[n]:>+8.3f}" for n in names
            )
        )
    return "\n".join(lines)


def describe(doc_id: str, entries: Mapping[str, Entry]) -> str:
    """``GHR_0000001_Sec3`` -> ``GHR_0000001_Sec3 (Title — Treatment)``."""
    entry_id, _, number = doc_id.rpartition("_Sec")
    entry = entries.get(entry_id) if number else entries.get(doc_id)
    if entry is None:
        return doc_id
    if not number:
        return f"{doc_id} ({entry.title})"
    name = next((s.name for s in entry.sections if s.section_id == doc_id), "?")
    return f"{doc_id} ({entry.title} — {name})"


def failures(
    report: Mapping, entries: Mapping[str, Entry], per_type: int, shown: int = 3
) -> str:
    """A few queries per type whose first hit was not a judged one."""
    lines: list[str] = []
    by_type: dict[str, list[Mapping]] = {}
    for q in report["per_query"]:
        if q["first_relevant"] != 1:
            by_type.setdefault(q["type"], []).append(q)
    for kind, missed in sorted(by_type.items()):
        lines.append(f"{kind}: {len(missed)} not first")
        for q in missed[:per_type]:
            rank = q["first_relevant"] or "not in top k"
            lines.append(f"  {q['query']!r}  (relevant at {rank})")
            for doc_id in q["relevant"]:
                lines.append(f"    want {describe(doc_id, entries)}")
            for doc_id in q["ranked"][:shown]:
                lines.append(f"    got  {describe(doc_id, entries)}")
    return "\n".join(lines)


# -- the run ----------------------------------------------------------------------


def load_entries(path: Path) -> list[Entry]:
    entries = [e for e in iter_medquad(path) if not isinstance(e, ParseError)]
    if not entries:
        raise SystemExit(f"No MedQuAD entries under {path}.")
    return entries


def run_baseline(
    entries: Sequence[Entry], queries: Sequence[JudgedQuery], k: int, workdir: Path
) -> tuple[dict, dict[str, float]]:
    base = RankedFts5(workdir / "baseline.sqlite")
    try:
        build_seconds = base.build(entries)
        started = time.perf_counter()
        rankings = {q.qid: base.ranked(q.query, q.section, k) for q in queries}
        query_seconds = time.perf_counter() - started
    finally:
        base.close()
    timing = {"build_s": round(build_seconds, 2), "query_s": round(query_seconds, 2)}
    return score_rankings(queries, rankings, k), timing


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("heldout", "dev"), default="heldout")
    parser.add_argument(
        "--queries", type=Path, help="A query file (default: bench/queries/SET.jsonl)."
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--index-dir", type=Path, help="An index of MedQuAD.")
    where.add_argument(
        "--build", action="store_true", help="Build an index of MedQuAD in a tmp dir."
    )
    parser.add_argument("--medquad", type=Path, default=DEFAULT_MEDQUAD)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--failures", type=int, default=3, help="Shown per type.")
    parser.add_argument("--json", type=Path, default=RESULTS / "relevance.json")
    args = parser.parse_args(argv)

    path = args.queries or QUERIES / f"{args.set}.jsonl"
    if not path.exists():
        raise SystemExit(f"No {path}; generate it with: python bench/make_queries.py")
    queries = load_queries(path)
    log(f"{len(queries)} queries from {path}; reading {args.medquad}")
    entries = load_entries(args.medquad)

    with tempfile.TemporaryDirectory(prefix="medsearch-relevance-") as tmp:
        index_dir = args.index_dir
        if args.build:
            index_dir = Path(tmp) / "index"
            log(f"building an index in {index_dir}")
            # As ``medsearch index`` builds it: with the curated thesaurus.
            thesaurus = thesaurus_for([args.medquad])
            rebuild(IndexStore(index_dir), [args.medquad], thesaurus=thesaurus)
        log("searching with the engine")
        started = time.perf_counter()
        with SearchService(index_dir) as service:
            ours = evaluate(service, queries, k=args.k)
        our_seconds = time.perf_counter() - started
        log("building and searching the FTS5 baseline")
        base, base_timing = run_baseline(entries, queries, args.k, Path(tmp))

    checks = [t.check(ours, base) for t in targets(args.k)]
    by_id = {e.entry_id: e for e in entries}
    print(f"Relevance on {path.name}: {len(queries)} queries, top {args.k}")
    print(comparison_table(ours, base))
    print("\nTargets:")
    for c in checks:
        mark = {True: "met ", False: "MISS", None: "n/a "}[c["met"]]
        value = "-" if c["value"] is None else f"{c['value']:.3f}"
        need = "" if c["threshold"] is None else f" (need {c['threshold']:.3f})"
        print(f"  [{mark}] {c['target']} {c['goal']}: {value}{need}")
    if args.failures:
        print("\nFailures (engine), a few per type:")
        print(failures(ours, by_id, args.failures))

    result = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "queries_file": str(path),
        "set": args.set if args.queries is None else None,
        "k": args.k,
        "index_dir": None if args.build else str(index_dir),
        "engine": {**ours, "query_s": round(our_seconds, 2)},
        "baseline": {**base, **base_timing},
        "targets": checks,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWrote {args.json}")


if __name__ == "__main__":
    main()
