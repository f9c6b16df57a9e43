"""Relevance evaluation: run conversion, metrics, query files and ``medsearch eval``.

The metrics are checked on rankings whose right values are known by hand
(a fake service returns fixed hits), and end to end on a tiny real index
whose queries have one obvious answer, so the tests do not move when the
ranking is tuned. Tests that compute metrics need ``ranx`` (the ``eval``
extra) and are skipped without it; the first of them in a process pays
for importing numba (a few seconds).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer import evaluation
from indexer.build import build_index
from indexer.cli import cli
from indexer.errors import ParseError
from indexer.evaluation import (
    EvaluationError,
    JudgedQuery,
    RanxMissing,
    evaluate,
    format_table,
    judged_ranking,
    load_queries,
    score_rankings,
)
from indexer.medquad import read_medquad_file
from indexer.model import Entry, Paragraph, Section
from indexer.search import SearchService

needs_ranx = pytest.mark.skipif(
    importlib.util.find_spec("ranx") is None,
    reason="ranx is not installed (pip install -e '.[eval]')",
)

NDCG, MRR, RECALL, P1 = "ndcg@10", "mrr@10", "recall@10", "precision@1"


def _entry(entry_id: str, title: str, names: tuple[str, ...], *texts) -> Entry:
    sections = tuple(
        Section(f"{entry_id}_Sec{n}", name, n, (Paragraph(text),))
        for n, (name, text) in enumerate(texts, start=1)
    )
    return Entry(entry_id, title, names, sections, source="test")


ENTRIES = [
    _entry(
        "asthma",
        "Asthma",
        ("Reactive airway disease",),
        ("Summary", "A chronic disease that narrows the airways of the lungs."),
        ("Treatment", "Inhaled bronchodilators open the airways within minutes."),
    ),
    _entry(
        "eczema",
        "Eczema",
        ("Atopic dermatitis",),
        ("Summary", "Itchy, inflamed patches of skin."),
        ("Treatment", "Moisturizers and steroid creams calm the itch."),
    ),
    _entry(
        "gout",
        "Gout",
        ("Podagra",),
        ("Summary", "Uric acid crystals inflame the big toe joint."),
    ),
]


@pytest.fixture(scope="module")
def eval_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("eval") / "index"
    build_index(ENTRIES, path)
    return path


@pytest.fixture(scope="module")
def eval_service(eval_index: Path):
    with SearchService(eval_index) as service:
        yield service


def q(qid: str, relevant: dict[str, int], type: str = "t", text: str = "x"):
    return JudgedQuery(qid, text, type, relevant)


@dataclass(frozen=True)
class _Hit:
    entry_id: str
    section_id: str


@dataclass(frozen=True)
class _Page:
    results: tuple[_Hit, ...]


class FakeService:
    """Answers every query with fixed hits, and records how it was asked."""

    def __init__(self, hits: dict[str, Sequence[str]]) -> None:
        self.hits = hits  # query text -> section ids, best first
        self.calls: list[tuple[str, int, str | None]] = []

    def search(self, text: str, *, per_page: int = 10, section: str | None = None):
        self.calls.append((text, per_page, section))
        ids = self.hits.get(text, ())[:per_page]
        return _Page(tuple(_Hit(s.rpartition("_Sec")[0], s) for s in ids))


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# -- run conversion (no ranx needed) ------------------------------------------


def test_entry_judgment_keeps_the_entrys_first_section_only() -> None:
    hits = [("A", "A_Sec2"), ("B", "B_Sec1"), ("A", "A_Sec1"), ("C", "C_Sec1")]
    assert judged_ranking(hits, {"A": 1}) == ["A", "B_Sec1", "C_Sec1"]


def test_section_judgment_wins_over_entry_judgment() -> None:
    hits = [("A", "A_Sec1"), ("A", "A_Sec2")]
    # A_Sec1 satisfies the entry judgment, A_Sec2 its own section judgment.
    assert judged_ranking(hits, {"A": 1, "A_Sec2": 2}) == ["A", "A_Sec2"]
    # Judged by section only: the entry's other section is an unjudged hit.
    assert judged_ranking(hits, {"A_Sec2": 2}) == ["A_Sec1", "A_Sec2"]


# -- metrics on fixed rankings --------------------------------------------------


@needs_ranx
def test_perfect_rankings_score_one() -> None:
    queries = [q("q1", {"A": 1}), q("q2", {"B_Sec2": 2}, type="u")]
    rankings = {"q1": [("A", "A_Sec3")], "q2": [("B", "B_Sec2"), ("C", "C_Sec1")]}
    report = score_rankings(queries, rankings)
    for metric in (NDCG, MRR, RECALL, P1):
        assert report["overall"][metric] == pytest.approx(1.0), metric
    assert report["overall"]["queries"] == 2
    assert set(report["by_type"]) == {"t", "u"}


@needs_ranx
def test_relevant_entry_second_gets_half_reciprocal_rank() -> None:
    service = FakeService({"x": ["B_Sec1", "A_Sec1"]})
    report = evaluate(service, [q("q1", {"A": 1})])
    overall = report["overall"]
    assert overall[MRR] == pytest.approx(0.5)
    assert overall[P1] == 0
    assert overall[RECALL] == 1
    assert overall[NDCG] == pytest.approx(1 / math.log2(3), abs=1e-4)
    assert report["per_query"][0]["first_relevant"] == 2
    assert service.calls == [("x", 10, None)]


@needs_ranx
def test_entry_counts_once_however_many_of_its_sections_rank() -> None:
    # Without dropping A's second section, B would sit at rank 3, not 2.
    rankings = {"q1": [("A", "A_Sec1"), ("A", "A_Sec2"), ("B", "B_Sec1")]}
    report = score_rankings([q("q1", {"A": 1, "B": 1})], rankings)
    assert report["overall"][NDCG] == pytest.approx(1.0)
    assert report["per_query"][0]["ranked"] == ["A", "B"]


@needs_ranx
def test_section_judgment_needs_that_section() -> None:
    rankings = {"q1": [("A", "A_Sec1"), ("A", "A_Sec2")]}
    report = score_rankings([q("q1", {"A_Sec2": 2})], rankings)
    assert report["overall"][MRR] == pytest.approx(0.5)
    assert report["overall"][P1] == 0


@needs_ranx
def test_queries_without_hits_score_zero_and_types_average_apart() -> None:
    queries = [
        q("hit", {"A": 1}, type="good"),
        q("miss", {"B": 1}, type="bad"),
        q("empty", {"C": 1}, type="bad"),
    ]
    rankings = {"hit": [("A", "A_Sec1")], "miss": [("D", "D_Sec1")]}
    report = score_rankings(queries, rankings)
    assert report["by_type"]["good"][MRR] == 1
    assert report["by_type"]["bad"] == {
        "queries": 2,
        NDCG: 0.0,
        MRR: 0.0,
        RECALL: 0.0,
        P1: 0.0,
    }
    assert report["overall"][MRR] == pytest.approx(1 / 3, abs=1e-4)


@needs_ranx
def test_nothing_found_at_all_scores_zero() -> None:
    report = score_rankings([q("q1", {"A": 1})], {})
    assert report["overall"][NDCG] == 0


@needs_ranx
def test_cut_off_and_section_filter_reach_the_service() -> None:
    service = FakeService({"x": [f"E{i}_Sec1" for i in range(10)]})
    query = JudgedQuery("q1", "x", "t", {"E4": 1}, section="Treatment")
    report = evaluate(service, [query], k=3)
    assert service.calls == [("x", 3, "Treatment")]
    assert report["metrics"] == ["ndcg@3", "mrr@3", "recall@3", P1]
    assert report["overall"]["mrr@3"] == 0  # E4 is ranked 5th


# -- end to end on a real index -------------------------------------------------


@needs_ranx
def test_obvious_queries_on_a_real_index_score_one(eval_service) -> None:
    queries = [
        q("name", {"eczema": 1}, type="altname", text="atopic dermatitis"),
        q("word", {"asthma_Sec2": 2}, type="section", text="bronchodilators"),
        q("title", {"gout": 1}, type="title", text="gout"),
    ]
    report = evaluate(eval_service, queries)
    for metric in (NDCG, MRR, RECALL, P1):
        assert report["overall"][metric] == pytest.approx(1.0), metric


@needs_ranx
def test_wrong_judgment_on_a_real_index_scores_zero(eval_service) -> None:
    report = evaluate(eval_service, [q("q1", {"asthma": 1}, text="podagra")])
    assert report["overall"][MRR] == 0


# -- query files -------------------------------------------------------------------


GOOD = json.dumps({"qid": "q1", "query": "gout", "type": "t", "relevant": {"gout": 1}})


def test_load_queries_reads_lines_and_skips_blank_ones(tmp_path: Path) -> None:
    line = {
        "qid": "q2",
        "query": "asthma",
        "type": "t",
        "relevant": {"asthma_Sec2": 2},
        "section": "Treatment",
    }
    path = write_lines(tmp_path / "q.jsonl", GOOD, "", json.dumps(line))
    first, second = load_queries(path)
    assert first == JudgedQuery("q1", "gout", "t", {"gout": 1})
    assert second.section == "Treatment"
    assert second.to_json() == line


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"query": "x", "type": "t", "relevant": {"a": 1}}', "'qid'"),
        ('{"qid": "q2", "query": "x", "type": "t"}', "'relevant'"),
        ('{"qid": "q2", "query": "x", "type": "t", "relevant": {"a": 0}}', ">= 1"),
        ('{"qid": "q2", "query": "x", "type": "t", "relevant": {"a": 1.5}}', ">= 1"),
        ('{"qid": "q1", "query": "x", "type": "t", "relevant": {"a": 1}}', "duplicate"),
    ],
)
def test_load_queries_names_file_and_line(
    tmp_path: Path, bad: str, message: str
) -> None:
    path = write_lines(tmp_path / "q.jsonl", GOOD, "", bad)
    with pytest.raises(EvaluationError) as caught:
        load_queries(path)
    assert f"{path}:3:" in str(caught.value)
    assert message in str(caught.value)


def test_load_queries_rejects_empty_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no queries"):
        load_queries(write_lines(tmp_path / "empty.jsonl", "", "  "))
    with pytest.raises(EvaluationError, match="cannot read"):
        load_queries(tmp_path / "missing.jsonl")


# -- the command ------------------------------------------------------------------


@pytest.fixture
def query_file(tmp_path: Path) -> Path:
    lines = [
        {"qid": "a", "query": "atopic dermatitis", "type": "altname",
         "relevant": {"eczema": 1}},
        {"qid": "b", "query": "bronchodilators", "type": "title_section",
         "relevant": {"asthma_Sec2": 2}},
    ]  # fmt: skip
    return write_lines(tmp_path / "queries.jsonl", *map(json.dumps, lines))


@needs_ranx
def test_eval_command_prints_a_table(eval_index: Path, query_file: Path) -> None:
    args = ["eval", str(query_file), "--index-dir", str(eval_index)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    header, rule, *rows = result.output.splitlines()
    assert header.split() == [
        "type",
        "queries",
        "nDCG@10",
        "MRR@10",
        "Recall@10",
        "P@1",
    ]
    assert rows[0].split() == ["altname", "1", "1.000", "1.000", "1.000", "1.000"]
    assert any(row.split()[:2] == ["all", "2"] for row in rows)


@needs_ranx
def test_eval_command_json(eval_index: Path, query_file: Path) -> None:
    args = [
        "eval",
        str(query_file),
        "--index-dir",
        str(eval_index),
        "--json",
        "--k",
        "5",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["k"] == 5
    assert report["overall"]["ndcg@5"] == 1.0
    assert [p["qid"] for p in report["per_query"]] == ["a", "b"]


def test_eval_command_reports_a_bad_line(eval_index: Path, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "queries.jsonl", GOOD, "{oops")
    args = ["eval", str(path), "--index-dir", str(eval_index)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert f"{path}:2: not valid JSON" in result.output


def test_eval_without_ranx_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, eval_index: Path, query_file: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ranx", None)  # makes ``import ranx`` fail
    monkeypatch.setattr(evaluation, "_RANX", None)
    with pytest.raises(RanxMissing):
        evaluate(FakeService({}), [q("q1", {"A": 1})])
    args = ["eval", str(query_file), "--index-dir", str(eval_index)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "pip install -e '.[eval]'" in result.output


def test_format_table_lists_types_then_all() -> None:
    report = {
        "metrics": [MRR],
        "overall": {"queries": 3, MRR: 0.5},
        "by_type": {"a": {"queries": 1, MRR: 1.0}, "b": {"queries": 2, MRR: 0.25}},
    }
    lines = format_table(report).splitlines()
    assert [line.split()[0] for line in lines if line[0].isalpha()] == [
        "type", "a", "b", "all",
    ]  # fmt: skip


# -- the query generator (bench/make_queries.py) -----------------------------------


def test_generated_typos_are_one_slip_after_the_first_letter() -> None:
    from bench.make_queries import make_typo

    rng = random.Random(7)
    for word in ["syndrome", "Ehlers", "dystrophy", "Hemorrhagic"] * 25:
        typo = make_typo(rng, word)
        assert typo != word and typo[0] == word[0]
        assert abs(len(typo) - len(word)) <= 1


def test_held_out_split_is_stable_and_about_thirty_percent() -> None:
    from bench.make_queries import split_of

    ids = [f"GARD_{n:07d}" for n in range(2000)]
    held = [i for i in ids if split_of(i) == "heldout"]
    assert 0.25 < len(held) / len(ids) < 0.35
    assert held == [i for i in ids if split_of(i) == "heldout"]


def test_the_everyday_word_set_loads_as_judged_queries() -> None:
    """``bench/everyday.jsonl`` (hand-written lay queries, README) is read
    by ``medsearch eval``: each line a query judged by the entries that
    answer it."""
    path = Path(__file__).resolve().parents[1] / "bench" / "everyday.jsonl"
    queries = load_queries(path)
    assert len(queries) >= 30
    assert all(q.type == "everyday" and q.relevant for q in queries)
    assert len({q.query for q in queries}) == len(queries)


def test_the_second_everyday_set_has_a_held_out_half() -> None:
    """``bench/everyday2.jsonl`` splits its queries by a hash of their text
    into a half to look at and a half only scored (README, Everyday
    words), which ``medsearch eval`` reports as two types."""
    path = Path(__file__).resolve().parents[1] / "bench" / "everyday2.jsonl"
    queries = load_queries(path)
    halves = {q.type: [] for q in queries}
    for q in queries:
        digest = int(hashlib.sha1(q.query.encode()).hexdigest(), 16)
        assert q.type == ("lay-dev" if digest % 2 == 0 else "lay-heldout"), q.query
        halves[q.type].append(q)
    assert set(halves) == {"lay-dev", "lay-heldout"}
    assert all(len(half) >= 25 for half in halves.values())
    assert all(q.relevant for q in queries)
    old = {q.query for q in load_queries(path.with_name("everyday.jsonl"))}
    assert len({q.query for q in queries} | old) == len(queries) + len(old)


@pytest.mark.parametrize(
    ("name", "kind", "least"),
    [
        ("questions.jsonl", "asked", 20),
        ("messages.jsonl", "message", 15),
        ("questions2.jsonl", "asked2", 15),
    ],
)
def test_the_question_sets_are_judged_by_entries_with_text(
    name: str, kind: str, least: int
) -> None:
    """``bench/questions.jsonl``, ``bench/messages.jsonl`` and
    ``bench/questions2.jsonl`` (questions and messages in a consumer's
    words, and questions of two things or of a kind of section, README,
    Questions as people ask them)
    split by a hash of each question into a half to look at and a half only
    scored, share no query with the other sets, and judge only entries
    MedQuAD gives text for: an entry held by name only can never be a hit,
    and would count as a miss for every engine alike."""
    bench = Path(__file__).resolve().parents[1] / "bench"
    queries = load_queries(bench / name)
    for q in queries:
        digest = int(hashlib.sha1(q.query.encode()).hexdigest(), 16)
        half = "dev" if digest % 2 == 0 else "heldout"
        assert q.type == f"{kind}-{half}", q.query
        assert q.relevant and q.section is None
    assert all(
        sum(q.type == f"{kind}-{half}" for q in queries) >= least
        for half in ("dev", "heldout")
    )
    sets = (
        "everyday.jsonl",
        "everyday2.jsonl",
        "questions.jsonl",
        "messages.jsonl",
        "questions2.jsonl",
    )
    others = {
        q.query for other in sets if other != name for q in load_queries(bench / other)
    }
    assert not others & {q.query for q in queries}
    medquad = Path(
        os.environ.get("MEDQUAD_DIR") or bench.parents[1] / "shared" / "medquad"
    )
    if not medquad.is_dir():
        pytest.skip(f"MedQuAD not found at {medquad}")
    judged = {e for q in queries for e in q.relevant}
    found = {}
    for entry_id in judged:
        stem = entry_id.split("_", 1)[1]
        for path in medquad.glob(f"*/{stem}.xml"):
            try:
                entry = read_medquad_file(path)
            except ParseError:
                continue  # another collection's file of that number, skipped
            if entry.entry_id == entry_id:
                found[entry_id] = entry
    assert set(found) == judged
    assert all(e.text_available and e.sections for e in found.values())
