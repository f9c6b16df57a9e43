"""Measure ranking quality against judged queries: nDCG, MRR and recall at k.

Why: "the results look better" is not a measurement. A file of queries with
known right answers (section or entry ids, with grades) turns every ranking
change into numbers that can be compared before and after, overall and per
kind of query (alternative names, questions, typos, ...), so a change that
helps one kind while hurting another shows up.

Judgments may name a section (``GHR_0000001_Sec3``) or a whole entry
(``GHR_0000001``). The engine returns sections, so each ranked list is first
turned into a list of *judged ids*: a hit becomes the section id if that
section is judged, else its entry id if the entry is judged, else (unjudged)
its section id; only the first occurrence of an id is kept, so an entry
judged as a whole counts once, at its best-ranked section. The metrics
themselves come from ``ranx``, an optional dependency (``pip install -e
'.[eval]'``) imported only when metrics are computed: it pulls in numba,
which is slow to import.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Protocol

from .errors import IndexerError

#: The metrics reported, as ranx names them, without the cut-off.
METRICS: tuple[str, ...] = ("ndcg", "mrr", "recall", "precision@1")
INSTALL_HINT = "pip install -e '.[eval]'"


class EvaluationError(IndexerError):
    """The evaluation cannot run: a bad query file or a missing dependency."""


class RanxMissing(EvaluationError):
    """``ranx`` (the optional ``eval`` extra) is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "Evaluation needs the optional 'ranx' package; "
            f"install it with: {INSTALL_HINT}"
        )


@dataclass(frozen=True)
class JudgedQuery:
    """One line of a query file: the text to search and its right answers.

    :param relevant: judged id (section or entry id) -> grade (>= 1).
    :param section: search only sections with this name, as ``--section``.
    """

    qid: str
    query: str
    type: str
    relevant: Mapping[str, int]
    section: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "qid": self.qid,
            "query": self.query,
            "type": self.type,
            "relevant": dict(self.relevant),
        }
        if self.section:
            data["section"] = self.section
        return data


class _Searcher(Protocol):
    """What :func:`evaluate` needs of a :class:`~indexer.search.SearchService`."""

    def search(
        self, text: str, *, per_page: int = ..., section: str | None = ...
    ) -> Any: ...


# -- reading query files ------------------------------------------------------


def load_queries(path: PathLike[str] | str) -> list[JudgedQuery]:
    """Read a JSONL query file; blank lines are skipped.

    :raises EvaluationError: naming the file and line of the first bad line
        (not JSON, missing or mistyped field, grade below 1, duplicate qid),
        or if the file cannot be read or holds no query.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot read query file: {exc}") from None
    queries: list[JudgedQuery] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            query = _parse_line(line)
        except ValueError as exc:
            raise EvaluationError(f"{path}:{number}: {exc}") from None
        if query.qid in seen:
            raise EvaluationError(f"{path}:{number}: duplicate qid {query.qid!r}")
        seen.add(query.qid)
        queries.append(query)
    if not queries:
        raise EvaluationError(f"{path}: no queries in file")
    return queries


def _parse_line(line: str) -> JudgedQuery:
    """One JSONL line as a query; ValueError says what is wrong with it."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    for key in ("qid", "query", "type"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ValueError(f"{key!r} must be a non-empty string")
    relevant = data.get("relevant")
    if not isinstance(relevant, dict) or not relevant:
        raise ValueError("'relevant' must be a non-empty object of id -> grade")
    for doc_id, grade in relevant.items():
        # bool is an int in Python, but true/false is no grade.
        if not isinstance(grade, int) or isinstance(grade, bool) or grade < 1:
            raise ValueError(
                f"grade of {doc_id!r} must be an integer >= 1, got {grade!r}"
            )
    section = data.get("section")
    if section is not None and not isinstance(section, str):
        raise ValueError("'section' must be a string when given")
    return JudgedQuery(
        qid=data["qid"],
        query=data["query"],
        type=data["type"],
        relevant=dict(relevant),
        section=section or None,
    )


# -- ranked lists -> runs --------------------------------------------------------


def judged_ranking(
    hits: Iterable[tuple[str, str]], relevant: Mapping[str, int]
) -> list[str]:
    """Ranked ``(entry_id, section_id)`` hits as ids in the judgments' id space.

    >>> judged_ranking([("E1", "E1_Sec1"), ("E1", "E1_Sec2"), ("E2", "E2_Sec4")],
    ...                {"E1": 1, "E2_Sec4": 2})
    ['E1', 'E2_Sec4']
    >>> judged_ranking([("E1", "E1_Sec1"), ("E2", "E2_Sec1")], {"E2": 1})
    ['E1_Sec1', 'E2']
    """
    ranked: list[str] = []
    seen: set[str] = set()
    for entry_id, section_id in hits:
        if section_id in relevant:
            doc_id = section_id
        elif entry_id in relevant:
            doc_id = entry_id
        else:
            doc_id = section_id
        if doc_id not in seen:
            seen.add(doc_id)
            ranked.append(doc_id)
    return ranked


@dataclass
class QueryOutcome:
    """One query's ranking and scores, kept to show what went wrong."""

    query: JudgedQuery
    ranked: list[str]
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def first_relevant(self) -> int | None:
        """1-based rank of the first judged id in the ranking, if any."""
        for rank, doc_id in enumerate(self.ranked, start=1):
            if doc_id in self.query.relevant:
                return rank
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            **self.query.to_json(),
            "ranked": self.ranked,
            "first_relevant": self.first_relevant,
            **{name: round(value, 4) for name, value in self.scores.items()},
        }


# -- metrics ------------------------------------------------------------------


def metric_names(k: int) -> list[str]:
    """ranx metric names at cut-off ``k`` (precision@1 keeps its own)."""
    return [m if "@" in m else f"{m}@{k}" for m in METRICS]


def evaluate(service: _Searcher, queries: Sequence[JudgedQuery], k: int = 10) -> dict:
    """Search every query (top ``k``, one page) and score the rankings.

    :returns: see :func:`score_rankings`.
    :raises RanxMissing: if ranx is not installed (checked before searching).
    """
    _import_ranx()
    rankings: dict[str, list[tuple[str, str]]] = {}
    for query in queries:
        results = service.search(query.query, per_page=k, section=query.section)
        rankings[query.qid] = [(h.entry_id, h.section_id) for h in results.results]
    return score_rankings(queries, rankings, k)


def score_rankings(
    queries: Sequence[JudgedQuery],
    rankings: Mapping[str, Sequence[tuple[str, str]]],
    k: int = 10,
) -> dict:
    """Score ranked ``(entry_id, section_id)`` lists, one per qid.

    Any ranking system can be scored this way (the benchmark's BM25 baseline
    is), so the comparison uses the same conversion and the same metrics.
    A query missing from ``rankings`` found nothing and scores 0.

    :returns: a JSON-ready object: ``k``, ``metrics``, ``overall`` and
        ``by_type`` (each ``{"queries": n, <metric>: mean, ...}``) and
        ``per_query`` (query, ranked judged ids, rank of the first judged
        id and the query's scores).
    """
    if not queries:
        raise EvaluationError("no queries to evaluate")
    if len({q.qid for q in queries}) < len(queries):
        raise EvaluationError("query ids (qid) must be unique")
    ranx = _import_ranx()
    names = metric_names(k)
    outcomes = [
        QueryOutcome(q, judged_ranking(list(rankings.get(q.qid, ()))[:k], q.relevant))
        for q in queries
    ]
    if any(o.ranked for o in outcomes):
        _score_with_ranx(ranx, outcomes, names)
    else:  # ranx cannot build a run without a single result; all miss.
        for outcome in outcomes:
            outcome.scores = dict.fromkeys(names, 0.0)

    types: dict[str, list[QueryOutcome]] = {}
    for outcome in outcomes:
        types.setdefault(outcome.query.type, []).append(outcome)
    return {
        "k": k,
        "metrics": names,
        "overall": _means(outcomes, names),
        "by_type": {t: _means(group, names) for t, group in sorted(types.items())},
        "per_query": [o.to_json() for o in outcomes],
    }


def _score_with_ranx(
    ranx: _Ranx, outcomes: Sequence[QueryOutcome], names: list[str]
) -> None:
    """Fill each outcome's scores; ranx keeps per-query scores in the run."""
    qrels = ranx.Qrels({o.query.qid: dict(o.query.relevant) for o in outcomes})
    # Scores only order the list: rank 1 gets the highest, no ties.
    run = ranx.Run(
        {
            o.query.qid: {d: float(len(o.ranked) - i) for i, d in enumerate(o.ranked)}
            for o in outcomes
        }
    )
    with warnings.catch_warnings():
        # numba warns about integer casts while compiling ranx's metrics.
        warnings.simplefilter("ignore", ranx.numba_warning)
        ranx.evaluate(qrels, run, names, save_results_in_run=True)
    for outcome in outcomes:
        for name in names:
            outcome.scores[name] = float(run.scores[name][outcome.query.qid])


def _means(outcomes: Sequence[QueryOutcome], names: Sequence[str]) -> dict:
    out: dict[str, float | int] = {"queries": len(outcomes)}
    for name in names:
        out[name] = round(
            math.fsum(o.scores[name] for o in outcomes) / len(outcomes), 4
        )
    return out


class _Ranx:
    """The few ranx names used here, imported on first use."""

    def __init__(self) -> None:
        from ranx import Qrels, Run, evaluate

        try:
            from numba.core.errors import NumbaWarning
        except ImportError:  # pragma: no cover - ranx always brings numba
            NumbaWarning = Warning  # noqa: N806
        self.Qrels = Qrels
        self.Run = Run
        self.evaluate = evaluate
        self.numba_warning: type[Warning] = NumbaWarning


_RANX: _Ranx | None = None


def _import_ranx() -> _Ranx:
    global _RANX
    if _RANX is None:
        try:
            _RANX = _Ranx()
        except ImportError:
            raise RanxMissing() from None
    return _RANX


# -- output -------------------------------------------------------------------

_LABELS = {"ndcg": "nDCG", "mrr": "MRR", "recall": "Recall", "precision": "P"}


def metric_label(name: str) -> str:
    """``ndcg@10`` -> ``nDCG@10``, for table headers."""
    metric, _, cut = name.partition("@")
    return (
        f"{_LABELS.get(metric, metric)}@{cut}" if cut else _LABELS.get(metric, metric)
    )


def format_table(report: Mapping[str, Any]) -> str:
    """The report's per-type and overall means as an aligned text table."""
    names: list[str] = list(report["metrics"])
    rows = [(t, values) for t, values in report["by_type"].items()]
    rows.append(("all", report["overall"]))
    width = max(len("type"), *(len(t) for t, _ in rows))
    header = f"{'type':<{width}}  {'queries':>7}" + "".join(
        f"  {metric_label(n):>9}" for n in names
    )
    lines = [header, "-" * len(header)]
    for name, values in rows:
        if name == "all":
            lines.append("-" * len(header))
        lines.append(
            f"{name:<{width}}  {values['queries']:>7}"
            + "".join(f"  {values[n]:>9.3f}" for n in names)
        )
    return "\n".join(lines)
