"""The weight fitting of bench/tune.py: it finds the best values on its grid.

The real evidence (LiveQA and the generated sets on full MedQuAD) takes
minutes; here the objective is a known function of two weights, so the
coordinate ascent must land on its maximum, and must not move weights it
was not asked to fit.
"""

from __future__ import annotations

from bench.tune import GRID, fit
from indexer.tuning import Tuning


class KnownObjective:
    """Evidence whose objective peaks at title=6 and k1=1.6 (both on GRID)."""

    def __init__(self) -> None:
        self.measured = 0

    def measure(self, tuning: Tuning) -> dict:
        self.measured += 1
        return {"tuning": tuning}

    @staticmethod
    def objective(m: dict) -> float:
        t = m["tuning"]
        return -((t.title - 6.0) ** 2) - 10 * (t.k1 - 1.6) ** 2


def test_fit_finds_the_best_grid_values():
    assert 6.0 in GRID["title"] and 1.6 in GRID["k1"]
    evidence = KnownObjective()
    start = Tuning(title=2.0, k1=4.0, names=1.0)
    fitted = fit(evidence, start, rounds=3, only=["title", "k1"])
    assert (fitted.title, fitted.k1) == (6.0, 1.6)
    assert fitted.names == 1.0  # not asked to fit
    assert evidence.measured <= 1 + 3 * (len(GRID["title"]) + len(GRID["k1"]))


def test_fit_keeps_the_start_when_nothing_is_better():
    evidence = KnownObjective()
    start = Tuning(title=6.0, k1=1.6)
    assert fit(evidence, start, rounds=2, only=["title", "k1"]) == start
