"""Does an entry's name with a word for a kind of section find that section?

Why: "gout symptoms" is what people type most (an entry's name and the
part of it they want), and the generated sets hold a sample of such
queries only (``title_section``, a few hundred). This takes, for each kind
below, up to ``--per-kind`` entries that have a section of that kind
(chosen with ``--seed``), types "<title> <word>", and counts the queries
whose first hit is a section of that kind of an entry with that title (any
source: *Gout* from two collections is one topic). SQLite FTS5 ``bm25()``
over the same sections answers the same queries in the same run.

Usage::

    python bench/kinds.py --index-dir DIR [--per-kind 250] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.queries import load_corpus  # noqa: E402
from bench.relevance import DEFAULT_MEDQUAD, RankedFts5  # noqa: E402
from indexer.model import Entry  # noqa: E402
from indexer.search import SearchService  # noqa: E402

#: A section's name, and the word people add to a name to ask for it.
KINDS = {
    "Symptoms": "symptoms",
    "Treatment": "treatment",
    "Causes": "causes",
    "Exams and Tests": "diagnosis",
    "Outlook": "outlook",
    "Prevention": "prevention",
}


def queries(
    entries: list[Entry], per_kind: int, seed: int
) -> list[tuple[str, str, str]]:
    """``(kind, query, title)`` for a sample of the entries of each kind."""
    rng = random.Random(seed)
    out = []
    for kind, word in KINDS.items():
        having = [
            e
            for e in entries
            if any(s.name == kind and not s.is_empty for s in e.sections)
        ]
        for e in rng.sample(having, min(per_kind, len(having))):
            out.append((kind, f"{e.title} {word}", e.title.casefold()))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument(
        "--medquad", type=Path, default=DEFAULT_MEDQUAD, help="or any corpus folder"
    )
    parser.add_argument("--per-kind", type=int, default=250)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    entries = load_corpus(args.medquad).entries
    titles = {e.entry_id: e.title.casefold() for e in entries}
    kinds = {s.section_id: s.name for e in entries for s in e.sections}
    asked = queries(entries, args.per_kind, args.seed)
    right: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    with tempfile.TemporaryDirectory() as tmp, SearchService(args.index_dir) as ours:
        fts5 = RankedFts5(Path(tmp) / "fts5.db")
        fts5.build(entries)
        for kind, text, title in asked:
            hits = ours.search(text, per_page=1).results
            mine = [(h.entry_id, h.section_id) for h in hits]
            for n, found in ((1, mine), (2, fts5.ranked(text, limit=1))):
                entry_id, section_id = found[0] if found else ("", "")
                right[kind][n] += (
                    titles.get(entry_id) == title and kinds.get(section_id) == kind
                )
            right[kind][0] += 1
        fts5.conn.close()
    print("| kind | queries | first hit right: engine | FTS5 bm25 |")
    print("|---|---|---|---|")
    total = [0, 0, 0]
    for kind, counts in right.items():
        print(f"| {kind} | {counts[0]} | {counts[1]} | {counts[2]} |")
        total = [a + b for a, b in zip(total, counts, strict=True)]
    n = max(1, total[0])
    print(
        f"| all | {total[0]} | {total[1]} ({total[1] / n:.3f}) "
        f"| {total[2]} ({total[2] / n:.3f}) |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
