"""bench/liveqa.py's table of the top 10 by collection: what it counts.

The LiveQA data itself is read by the script from ../shared and takes a
MedQuAD index; here the questions, judgments and runs are a few made up
so that each count can be checked by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from bench.liveqa import (
    VARIANTS,
    LiveQA,
    bootstrap_interval,
    per_question_ap,
    show_by_source,
    show_significance,
    sign_flip_p,
)


class Judged:
    """Two questions and their judgments; the first collection's text is
    loaded from judged answers, as the harness does for A.D.A.M."""

    to_load = {"ADAM_0000001": [], "ADAM_0000002": []}
    qrels = {
        "TQ1": {"ADAM_0000001_Sec1": 4, "ADAM_0000002_Sec1": 1, "GARD_0000009_Sec2": 3},
        "TQ2": {"GHR_0000005_Sec1": 2},  # nothing relevant: not counted
    }

    def judged(self, variant: str) -> list[dict]:
        return [{"qid": "TQ1"}, {"qid": "TQ2"}]


def test_hits_are_counted_by_collection_with_how_many_were_judged(capsys):
    run = ["ADAM_0000001_Sec1", "ADAM_0000002_Sec1", "GARD_0000009_Sec2"]
    run += ["GARD_0000007_Sec1", "GARD_0000008_Sec1", "GHR_0000005_Sec1"]
    results = {v: {"runs": {"TQ1": run, "TQ2": run}} for v in VARIANTS}
    show_by_source(Judged(), results)
    out = capsys.readouterr().out
    assert "summary: top 10 by collection (6 hits)" in out
    assert "| ADAM (text from judged answers) | 2 | 100% | 50% |" in out
    assert "| GARD | 3 | 33% | 100% |" in out
    assert "| GHR | 1 | 0% | - |" in out


def test_the_halves_split_the_questions_by_number_and_keep_the_rest():
    questions = [{"qid": q} for q in ("TQ1", "TQ2", "TQ7", "TQ12", "TQ103")]
    data = LiveQA({}, questions, {"TQ1": {}}, {"a": "b"}, {}, {}, {})
    odd, even = data.half("odd"), data.half("even")
    assert [q["qid"] for q in odd.questions] == ["TQ1", "TQ7", "TQ103"]
    assert [q["qid"] for q in even.questions] == ["TQ2", "TQ12"]
    assert odd.qrels is data.qrels and even.sid_map is data.sid_map
    assert len(data.questions) == 5  # the whole set is left as it was
    with pytest.raises(ValueError, match="half must be one of"):
        data.half("first")


class Engines:
    """The harness's AP@10, as ``bench/liveqa.py`` imports it."""

    @staticmethod
    def ap_at(ranked, qrels, k=10, min_grade=1):
        relevant = sum(1 for g in qrels.values() if g >= min_grade)
        hits, total = 0, 0.0
        for i, doc in enumerate(ranked[:k]):
            if qrels.get(doc, 0) >= min_grade:
                hits += 1
                total += hits / (i + 1)
        return total / min(relevant, k) if relevant else 0.0


def test_significance_compares_the_same_questions_with_the_baseline(capsys):
    # Twenty questions with one relevant answer each: the project ranks it
    # first in all, the baseline in half; a question with none is left out.
    qrels = {f"TQ{n}": {f"A{n}": 3} for n in range(20)} | {"TQ99": {"B": 2}}
    data = LiveQA({"engines": Engines}, [], qrels, {}, {}, {}, {})
    ours = {q: [f"A{n}"] for n, q in enumerate(qrels) if q != "TQ99"}
    ours["TQ99"] = ["B"]
    theirs = {q: (run if n % 2 else ["X"]) for n, (q, run) in enumerate(ours.items())}
    assert set(per_question_ap(data, ours)) == set(qrels) - {"TQ99"}
    results = {v: {"runs": ours} for v in VARIANTS}
    base = {"fts": {v: {"runs": theirs} for v in VARIANTS}}
    show_significance(data, results, base)
    out = capsys.readouterr().out
    assert "| summary | project | 1.000 | 1.000 - 1.000 | | |" in out
    row = next(line for line in out.splitlines() if line.startswith("| summary | fts"))
    assert "| 0.500 |" in row and "+0.500" in row
    p = float(row.rsplit("|", 2)[-2].replace("<", "").strip())
    assert p < 0.01  # ten questions better, none worse


def test_a_draw_of_questions_is_as_wide_as_their_spread():
    lo, hi = bootstrap_interval(np.array([0.0, 1.0] * 20))
    assert 0.3 < lo < 0.5 < hi < 0.7
    assert bootstrap_interval(np.full(10, 0.4)) == pytest.approx((0.4, 0.4))
    assert sign_flip_p(np.array([0.2] * 30)) < 0.01
    assert sign_flip_p(np.array([0.2, -0.2] * 15)) > 0.5
