"""Latency summaries shared by every part of the benchmark.

Percentiles are computed the same way everywhere (linear interpolation
between closest ranks), so "p95" in the engine, baseline and HTTP lines
means the same thing and ratios between them are meaningful.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Sequence


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of already sorted values.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.5
    >>> percentile([5.0], 99)
    5.0
    """
    if not sorted_values:
        raise ValueError("no values")
    rank = (len(sorted_values) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    if low == high:
        return float(sorted_values[low])
    frac = rank - low
    return sorted_values[low] * (1 - frac) + sorted_values[high] * frac


def summarize(ms: Sequence[float]) -> dict[str, float | int | None]:
    """n, p50/p95/p99, mean and max of latencies given in milliseconds."""
    values = sorted(ms)
    if not values:
        return {
            "n": 0,
            "p50_ms": None,
            "p95_ms": None,
            "p99_ms": None,
            "mean_ms": None,
            "max_ms": None,
        }
    return {
        "n": len(values),
        "p50_ms": round(percentile(values, 50), 3),
        "p95_ms": round(percentile(values, 95), 3),
        "p99_ms": round(percentile(values, 99), 3),
        "mean_ms": round(sum(values) / len(values), 3),
        "max_ms": round(values[-1], 3),
    }


#: Steps of :func:`machine_loop_s`: the loop the history has quoted by
#: hand to say how fast an hour was (0.56 s on a quiet day, 2.7 s on the
#: slowest).
LOOP_STEPS = 10_000_000


def machine_loop_s(steps: int = LOOP_STEPS) -> float:
    """Seconds a plain Python loop of ``steps`` additions takes now.

    The timing targets sit inside this machine's swing from hour to hour
    (the same code's cold p95 has ranged over 2x): a run that prints how
    fast the machine was, at its start and end, can be read against
    another's without guessing.

    >>> machine_loop_s(1_000) > 0
    True
    """
    began = time.perf_counter()
    total = 0
    for i in range(steps):
        total += i
    return round(time.perf_counter() - began, 3)


def median(values: Sequence[float]) -> float:
    """The middle value (mean of the two middle ones for an even count)."""
    return percentile(sorted(values), 50)


class Collections:
    """The garbage collector's passes while a block runs: how many were
    full, the longest pass and all of them together.

    A full collection walks every container object the process keeps, and
    every thread waits while it does: the slowest queries of a run were
    such passes (160 ms at one MedQuAD), not slow searches.

    >>> with Collections() as seen:
    ...     _ = gc.collect()
    >>> seen.summary()["gc_full"]
    1
    """

    def __init__(self) -> None:
        self.passes: list[tuple[int, float]] = []  # (generation, ms)
        self._began = 0.0

    def _record(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            ms = (time.perf_counter() - self._began) * 1000
            self.passes.append((info["generation"], ms))

    def __enter__(self) -> Collections:
        gc.callbacks.append(self._record)
        return self

    def __exit__(self, *exc_info: object) -> None:
        gc.callbacks.remove(self._record)

    def summary(self) -> dict[str, float | int]:
        """Passes, full ones, the longest and the total (ms)."""
        times = [ms for _, ms in self.passes]
        return {
            "gc_passes": len(times),
            "gc_full": sum(1 for generation, _ in self.passes if generation == 2),
            "gc_max_ms": round(max(times, default=0.0), 3),
            "gc_total_ms": round(sum(times), 3),
        }
