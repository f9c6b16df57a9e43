"""Whether two indexes answer alike: the top 10 of every query, side by side.

Why: a change to how the index is written (the build's speed) must not
change what search finds. Run ``dump`` once per index, each with the code
that built it (``PYTHONPATH`` at the other tree for the other one), so the
LiveQA answers are written into each by its own writer too; then ``diff``
the two dumps. Queries: the bench query mix (bench/queries.py, as
bench/bench.py makes it) and the LiveQA dev questions in each variant,
with their judged answers written into the index first (as bench/liveqa.py
does).

Usage::

    python bench/same_results.py dump --index-dir /tmp/a --out /tmp/a.json
    PYTHONPATH=/tmp/base python bench/same_results.py dump --index-dir /tmp/b ...
    python bench/same_results.py diff /tmp/a.json /tmp/b.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    # (not bench/bench.py), last, so PYTHONPATH picks the tree measured.
    sys.path.pop(0)
    sys.path.append(str(Path(__file__).resolve().parents[1]))

from bench.liveqa import DEFAULT_LIVEQA, DEFAULT_MEDQUAD, VARIANTS, LiveQA  # noqa: E402
from bench.queries import build_mix, load_corpus  # noqa: E402
from indexer.search import SearchService  # noqa: E402


def dump(index_dir: Path, medquad: Path, liveqa: Path, queries: int) -> dict:
    """Top-10 section ids per query (and per page filter) of one index."""
    mix = build_mix(load_corpus(medquad).entries, queries, 1)
    out: dict[str, list[str]] = {}
    with SearchService(index_dir) as service:
        for q in mix:
            found = service.search(q.text, per_page=10, section=q.section)
            out[f"mix\t{q.text}\t{q.section}"] = _top(found)
        data = LiveQA.read(liveqa, medquad)
        data.load_into(service)
    with SearchService(index_dir) as service:  # the answers written above
        for variant in VARIANTS:
            text_of = data.query(variant)
            for q in data.judged(variant):
                found = service.search(text_of(q), per_page=10)
                key = f"liveqa\t{variant}\t{q['qid']}"
                out[key] = _top(found)
    return out


def _top(found) -> list[tuple[str, float]]:
    return [(h.section_id, round(h.score, 9)) for h in found.results]


def _alike(a: list, b: list) -> bool:
    """The same scores, and the same sections at each score but the last
    (whose ties the page may have cut anywhere): two builds may number
    their documents differently (workers finish in any order), and equal
    scores are listed by document number."""
    if [s for _, s in a] != [s for _, s in b]:
        return False
    last = a[-1][1] if a else None
    return all(
        {i for i, s in a if s == score} == {i for i, s in b if s == score}
        for score in {s for _, s in a}
        if score != last
    )


def diff(a: dict, b: dict) -> int:
    """Print how many queries answer alike; the first few that do not."""
    keys = sorted(set(a) | set(b))
    differ = [k for k in keys if not _alike(a.get(k, []), b.get(k, []))]
    for part in ("mix", "liveqa"):
        mine = [k for k in keys if k.startswith(part)]
        same = sum(a.get(k) == b.get(k) for k in mine)
        bad = [k for k in differ if k.startswith(part)]
        print(
            f"{part}: {len(mine)} queries, {same} with the same top 10 in the "
            f"same order, {len(mine) - len(bad)} the same up to the order "
            "of equal scores"
        )
    for k in differ[:10]:
        print(f"differs: {k!r}\n  {a.get(k)}\n  {b.get(k)}")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("dump")
    one.add_argument("--index-dir", type=Path, required=True)
    one.add_argument("--out", type=Path, required=True)
    one.add_argument("--medquad", type=Path, default=DEFAULT_MEDQUAD)
    one.add_argument("--liveqa", type=Path, default=DEFAULT_LIVEQA)
    one.add_argument("--queries", type=int, default=1200)
    two = sub.add_parser("diff")
    two.add_argument("a", type=Path)
    two.add_argument("b", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        found = dump(args.index_dir, args.medquad, args.liveqa, args.queries)
        args.out.write_text(json.dumps(found, indent=0))
        return 0
    return diff(json.loads(args.a.read_text()), json.loads(args.b.read_text()))


if __name__ == "__main__":
    sys.exit(main())
