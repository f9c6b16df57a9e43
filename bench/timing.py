"""Latency summaries shared by every part of the benchmark.

Percentiles are computed the same way everywhere (linear interpolation
between closest ranks), so "p95" in the engine, baseline and HTTP lines
means the same thing and ratios between them are meaningful.
"""

from __future__ import annotations

import math
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


def median(values: Sequence[float]) -> float:
    """The middle value (mean of the two middle ones for an even count)."""
    return percentile(sorted(values), 50)
