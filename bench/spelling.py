"""Spelling benchmark: which word a misspelt one becomes, with and without
the speller's reading by sound, in one run.

Why: a change to the speller trades one kind of typo against another. Two
kinds are scored: words spelt as they sound (``bench/misspellings.tsv``,
written by hand: "hemroids", "seliac"; a dev half looked at while the
speller was written, a held-out half only scored), and slips of the keys
(one slip in each of 3,000 words the index writes twenty times or more,
as the generated typo queries make them: a letter dropped, doubled, or
changed for a neighbour on the keyboard, or two swapped). A case is right
when the speller's first candidate is the word meant.

Usage::

    python bench/spelling.py --index-dir /tmp/eval-index
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_queries import make_typo  # noqa: E402
from indexer.spelling import VOCAB_FILE, Speller, read_counts  # noqa: E402
from indexer.store import IndexStore  # noqa: E402

WORDS = Path(__file__).with_name("misspellings.tsv")
SEED = 11
SLIPS = 3000


def read_cases(path: Path) -> dict[str, list[tuple[str, str]]]:
    """The hand-written cases by set."""
    sets: dict[str, list[tuple[str, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            typed, meant, name = line.split("\t")
            sets.setdefault(name, []).append((typed, meant))
    return sets


def slips(counts: dict[str, int], n: int, seed: int) -> list[tuple[str, str]]:
    """A slip of each of ``n`` common words, as the generated typo queries
    make them (:func:`bench.make_queries.make_typo`), unless the slip is a
    word of the vocabulary itself."""
    rng = random.Random(seed)
    common = sorted(w for w, c in counts.items() if c >= 20 and len(w) >= 5)
    cases = [(make_typo(rng, w), w) for w in rng.sample(common, min(n, len(common)))]
    return [(typed, meant) for typed, meant in cases if typed not in counts]


def right(speller: Speller, cases: Sequence[tuple[str, str]]) -> int:
    firsts = (speller.candidates(typed)[:1] for typed, _ in cases)
    return sum(
        first == (meant,) for first, (_, meant) in zip(firsts, cases, strict=True)
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--cases", type=Path, default=WORDS)
    args = parser.parse_args(argv)
    store = IndexStore(args.index_dir)
    name = store.current_name()
    if name is None:
        parser.error(f"no index in {args.index_dir}")
    counts = dict(read_counts(store.root / name / VOCAB_FILE))
    sets = read_cases(args.cases)
    sets[f"slips of the keys (seed {SEED})"] = slips(counts, SLIPS, SEED)
    letters = Speller(dict(counts), by_sound=False)
    both = Speller(dict(counts))
    print("| cases | n | letters only | letters and sounds |")
    print("|---|---|---|---|")
    for label, cases in sets.items():
        if not cases:  # an index without its vocabulary has no slips
            print(f"| {label} | 0 | - | - |")
            continue
        a, b = right(letters, cases), right(both, cases)
        n = len(cases)
        print(f"| {label} | {n} | {a} ({a / n:.3f}) | {b} ({b / n:.3f}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
