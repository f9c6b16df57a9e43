"""bench/liveqa.py's table of the top 10 by collection: what it counts.

The LiveQA data itself is read by the script from ../shared and takes a
MedQuAD index; here the questions, judgments and runs are a few made up
so that each count can be checked by hand.
"""

from __future__ import annotations

import pytest

from bench.liveqa import VARIANTS, LiveQA, show_by_source


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
