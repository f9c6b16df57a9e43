"""The targets, and the table a person reads after a run.

Targets live here, next to the table, so the printed "target" column and the
``targets`` block of the JSON can never disagree.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    """A goal for one figure of the results, e.g. cold p95 < 10 ms."""

    name: str
    path: tuple[str, ...]
    op: str
    limit: float
    unit: str

    def describe(self) -> str:
        return f"{self.op} {self.limit:g}{'' if self.unit == '' else ' '}{self.unit}"

    def check(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return _OPS[self.op](value, self.limit)


_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    ">=": operator.ge,
    "==": operator.eq,
}

TARGETS: tuple[Target, ...] = (
    Target("build", ("build", "seconds"), "<", 15, "s"),
    Target("update_visible", ("build", "update", "visible_s_max"), "<", 1, "s"),
    Target("cold_p50", ("queries_cold", "overall", "p50_ms"), "<", 3, "ms"),
    Target("cold_p95", ("queries_cold", "overall", "p95_ms"), "<", 10, "ms"),
    Target("long_p95", ("long_questions", "p95_ms"), "<", 50, "ms"),
    Target("suggest_p95", ("autocomplete", "p95_ms"), "<", 2, "ms"),
    Target("http_rps", ("http", "requests_per_s"), ">=", 500, "req/s"),
    Target("http_p99", ("http", "latency", "p99_ms"), "<", 50, "ms"),
    Target("http_errors", ("http", "errors"), "==", 0, ""),
    Target("api_write_visible", ("http", "api_write_visible", "max_s"), "<", 1, "s"),
)
_BY_NAME = {t.name: t for t in TARGETS}


def _get(results: dict, path: tuple[str, ...]) -> Any:
    node: Any = results
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def check_targets(results: dict) -> dict[str, dict]:
    """Each target's value, goal and verdict (None when not measured)."""
    out = {}
    for target in TARGETS:
        value = _get(results, target.path)
        ok = target.check(value)
        if target.name == "update_visible" and _get(
            results, ("build", "update", "never_visible")
        ):
            ok = False
        out[target.name] = {"value": value, "target": target.describe(), "ok": ok}
    return out


# -- formatting ------------------------------------------------------------------


def ms(value: float | None) -> str:
    """Milliseconds, with precision where it matters.

    >>> ms(0.4321), ms(12.345), ms(None)
    ('0.43', '12.3', 'n/a')
    """
    if value is None:
        return "n/a"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _secs(value: float | None) -> str:
    return "never" if value is None else f"{value:.3f}"


def _pcts(block: dict, keys: tuple[str, ...] = ("p50_ms", "p95_ms", "p99_ms")) -> str:
    return " / ".join(ms(block.get(k)) for k in keys) + " ms"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


class _Table:
    """Fixed-width rows: label, value, target, verdict."""

    WIDTHS = (50, 26, 14)

    def __init__(self, results: dict) -> None:
        self.lines: list[str] = []
        self.checks = results.get("targets") or check_targets(results)

    def section(self, title: str) -> None:
        self.lines += ["", title]

    def row(self, label: str, value: str, target: str | None = None) -> None:
        goal = verdict = ""
        if target is not None:
            check = self.checks[target]
            goal = check["target"]
            verdict = {True: "ok", False: "MISS", None: "n/a"}[check["ok"]]
        w1, w2, w3 = self.WIDTHS
        line = f"  {label:<{w1}}{value:>{w2}}  {goal:<{w3}}{verdict}"
        self.lines.append(line.rstrip())

    def columns(self, label: str, *cells: str) -> None:
        self.lines.append(
            f"  {label:<{self.WIDTHS[0]}}" + "".join(f"{c:>13}" for c in cells)
        )


def render(results: dict) -> str:
    """The whole run as a table with a target column."""
    meta, build = results["meta"], results["build"]
    t = _Table(results)
    t.lines.append(
        f"medsearch benchmark  {meta['timestamp']}  git {meta.get('git')}  "
        f"{meta['cpus']} CPUs  python {meta['python']}  seed {meta['seed']}"
    )
    t.lines.append(f"corpus {meta['corpus']}")
    loop = meta.get("machine_loop_s")
    if loop:
        # How fast the machine was: the timing targets sit inside its swing.
        t.lines.append(
            "machine: a 10-million-step Python loop took "
            f"{loop.get('start', 0):.2f} s at the start, "
            f"{loop.get('end', 0):.2f} s at the end (0.56 s on a quiet day)"
        )
    t.lines.append(f"  {'':<{t.WIDTHS[0]}}{'value':>{t.WIDTHS[1]}}  target")

    t.section("Build")
    t.row(
        f"rebuild into a fresh index ({build['entries']} entries)",
        f"{build['seconds']:.2f} s",
        "build",
    )
    t.row(
        "  sections / names / files skipped",
        f"{build['sections']} / {build['names']} / {build['skipped']}",
    )
    t.row("index size on disk", f"{build['size_mb']:.1f} MB")
    update = build.get("update", {})
    t.row(
        "upsert one changed entry (median of 5)",
        f"{ms(update.get('update_ms_median'))} ms",
    )
    t.row(
        "update visible in an open service (median/max)",
        f"{_secs(update.get('visible_s_median'))} / "
        f"{_secs(update.get('visible_s_max'))} s",
        "update_visible",
    )

    cold = results["queries_cold"]
    overall = cold["overall"]
    t.section("Queries cold (each distinct query once, fresh service)")
    t.row("open index (fresh SearchService)", f"{ms(cold['open_ms'])} ms")
    t.row(f"all {overall['n']} queries p50", f"{ms(overall['p50_ms'])} ms", "cold_p50")
    t.row("  p95", f"{ms(overall['p95_ms'])} ms", "cold_p95")
    t.row("  p99 / max", f"{ms(overall['p99_ms'])} / {ms(overall['max_ms'])} ms")
    t.row(
        "  zero-hit queries / errors",
        f"{_share(overall['zero_hits'], overall['n'])} / {overall['errors']}",
    )
    gcs = cold.get("collections")
    if gcs:
        t.row(
            "  garbage collections: full / longest / all",
            f"{gcs['gc_full']} / {ms(gcs['gc_max_ms'])} / {ms(gcs['gc_total_ms'])} ms",
        )
    t.row("per type: p50 / p95 / p99 (zero hits)", "")
    for kind, block in cold["by_type"].items():
        zero = _share(block["zero_hits"], block["n"])
        t.row(f"  {kind:<12} n={block['n']:<5} zero hits {zero}", _pcts(block))

    skewed = results["queries_skewed"]
    t.section(
        f"Queries skewed (Zipf s={skewed['zipf_s']}, {skewed['requests']} requests, "
        f"{skewed['distinct']} distinct, result cache on)"
    )
    t.row("p50 / p95 / p99", _pcts(skewed["overall"]))
    t.row("mean / max", _pcts(skewed["overall"], ("mean_ms", "max_ms")))
    t.row(
        "requests an LRU of the cache's size would answer",
        f"{100 * skewed['cache_hit_share']:.0f}%",
    )

    long = results["long_questions"]
    t.section("Long questions (50-200 words, cold)")
    t.row(f"p95 (n={long['n']})", f"{ms(long['p95_ms'])} ms", "long_p95")
    t.row("p50 / p99 / max", _pcts(long, ("p50_ms", "p99_ms", "max_ms")))

    suggest = results["autocomplete"]
    t.section("Autocomplete (SearchService.suggest, 1-4 letter prefixes)")
    if suggest.get("available"):
        t.row(f"p50 (n={suggest['n']})", f"{ms(suggest['p50_ms'])} ms")
        t.row("p95", f"{ms(suggest['p95_ms'])} ms", "suggest_p95")
    else:
        t.row("p50 / p95 (no suggest() on SearchService yet)", "n/a", "suggest_p95")

    http = results["http"]
    t.section("HTTP (medsearch serve, gunicorn, 2 workers, loopback)")
    if http.get("skipped"):
        t.row("skipped (--skip-http)", "n/a", "http_rps")
    else:
        t.row(
            f"{http['clients']} keep-alive clients for {http['seconds']:.0f} s "
            f"({http.get('client', 'python threads')})",
            f"{http['requests']} requests",
        )
        t.row("throughput", f"{http['requests_per_s']:.0f} req/s", "http_rps")
        lat = http["latency"]
        t.row("latency p50 / p95", _pcts(lat, ("p50_ms", "p95_ms")))
        t.row("latency p99", f"{ms(lat['p99_ms'])} ms", "http_p99")
        if http["page_latency"]["n"]:
            t.row(
                "  HTML /search pages p50 / p95",
                _pcts(http["page_latency"], ("p50_ms", "p95_ms")),
            )
        t.row("errors (non-200 or exceptions)", str(http["errors"]), "http_errors")
        t.row(
            f"server RSS, {http['processes']} processes (idle / after / peak)",
            f"{http['rss_idle_mb']:.0f} / {http['rss_mb']:.0f} / "
            f"{http['rss_peak_mb']:.0f} MB",
        )
        t.row(
            "  of which anonymous (heap) / file-backed (index)",
            f"{http['rss_anon_mb']:.0f} / {http['rss_file_mb']:.0f} MB",
        )
        t.row("server start until healthy", f"{http['startup_s']:.1f} s")
        visible = http.get("api_write_visible")
        if visible:
            t.row(
                f"PUT /api/entries until searchable, median/max of {visible['writes']}",
                f"{visible['median_s']:.3f} / {visible['max_s']:.3f} s",
                "api_write_visible",
            )

    base = results["baseline"]
    ours_cold, base_cold = cold["overall"], base["cold"]["overall"]
    ratio = base["ratios"]

    def x(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f}x"

    t.section(f"Baseline: SQLite {base['sqlite_version']} FTS5, bm25(), words ORed")
    t.columns("", "ours", "baseline", "ours/base")
    t.columns(
        f"build (baseline incl. {base['parse_seconds']:.1f} s parsing)",
        f"{build['seconds']:.2f} s",
        f"{base['seconds']:.2f} s",
        x(ratio["build"]),
    )
    t.columns(
        "size on disk",
        f"{build['size_mb']:.1f} MB",
        f"{base['size_mb']:.1f} MB",
        x(ratio["size"]),
    )
    for key in ("p50", "p95", "p99"):
        t.columns(
            f"cold {key}",
            f"{ms(ours_cold[f'{key}_ms'])} ms",
            f"{ms(base_cold[f'{key}_ms'])} ms",
            x(ratio[f"cold_{key}"]),
        )
    t.columns(
        "long questions p95",
        f"{ms(long['p95_ms'])} ms",
        f"{ms(base['cold']['by_type']['long']['p95_ms'])} ms",
        x(ratio["long_p95"]),
    )
    t.columns(
        "zero-hit queries",
        _share(ours_cold["zero_hits"], ours_cold["n"]),
        _share(base_cold["zero_hits"], base_cold["n"]),
    )

    missed = [name for name, c in t.checks.items() if c["ok"] is False]
    t.lines += ["", f"targets missed: {', '.join(missed) if missed else 'none'}"]
    return "\n".join(t.lines)
