"""Spelling benchmark: which word a misspelt one becomes, with and without
the speller's reading by sound, in one run.

Why: a change to the speller trades one kind of typo against another. Two
kinds are scored: words spelt as they sound (``bench/misspellings.tsv``,
written by hand: "hemroids", "seliac"; a dev half looked at while the
speller was written, a held-out half only scored), and slips of the keys
(one slip in each of 3,000 words the index writes twenty times or more,
as the generated typo queries make them: a letter dropped, doubled, or
changed for a neighbour on the keyboard, or two swapped), and long words
typed from memory (three letters in a row lost, two swapped: four edits).
A case is right when the speller's first candidate is the word meant. Then slips at a
word's start, which those never make (the first two letters swapped, a
key struck before the word), with and without the speller looking for
them.

Then slips in context: runs of three words of MedQuAD's texts with the
middle one slipped (as above), planned as a query, with and without the
words around it weighing the spellings (:meth:`Corrector._in_context
<indexer.corrections.Corrector._in_context>`); two seeds, a dev half
looked at and a held-out half only scored. A case is right when the
query searches the terms the run does; the same runs typed as written
check that nothing right is "corrected".

Then names whose first word slipped into another word of the texts
("long cancer" for *lung cancer*, "heat attack" for *heart attack*): a
sample of the corpus's names of two words or more, the first word
changed for a word one edit off that the texts write (its first letter
kept), where the run so typed is no name. Such a slip is offered ("did
you mean"), not searched: a case is right when the name is offered. The
same names as written check that none is offered anything.

And real misspellings that other people collected: codespell's list of
common misspellings (from Wikipedia's lists and code; ``pip install -e
'.[eval]'``), where the word meant is one the index writes five times or
more, the misspelling none it writes, and the list gives one correction.
Nothing here was tuned on it.

Usage::

    python bench/spelling.py --index-dir /tmp/eval-index
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_queries import KEYBOARD_NEIGHBOURS, make_typo  # noqa: E402
from bench.queries import load_corpus  # noqa: E402
from indexer import corrections  # noqa: E402
from indexer.analysis import STOP_WORDS, analyse  # noqa: E402
from indexer.model import Entry  # noqa: E402
from indexer.names import name_key  # noqa: E402
from indexer.search import SearchService  # noqa: E402
from indexer.spelling import (  # noqa: E402
    CUT_LETTERS,
    MIN_LENGTH,
    SLIP_COUNT,
    VOCAB_FILE,
    Speller,
    read_counts,
)
from indexer.store import IndexStore  # noqa: E402

WORDS = Path(__file__).with_name("misspellings.tsv")
#: Times the index must write the word a real misspelling meant.
REAL_MEANT_COUNT = 5
SEED = 11
SLIPS = 3000
#: Seed and number of the slips at a word's start.
START_SEED = 12
STARTS = 1000
#: Seeds of the runs in context: the dev half, the held-out half.
CONTEXT_SEEDS = {"dev": 21, "held-out": 22}
RUNS = 1000
#: Seeds of the words cut short: the dev half, the held-out half.
CUT_SEEDS = {"dev": 31, "held-out": 32}
CUTS = 1000
#: Seed and number of the names typed with their first word slipped.
NAME_START_SEED = 41
NAME_STARTS = 1000
#: Seed and number of the long words typed with a syllable lost.
LOST_SEED = 13
LOST = 1500
#: Runs whose slip is a rare word of the texts (few slips are).
WRITTEN_RUNS = 150
_RUN = re.compile(r"(?<![\w-])([a-z]{3,}) ([a-z]{5,}) ([a-z]{3,})(?![\w-])")


def read_cases(path: Path) -> dict[str, list[tuple[str, str]]]:
    """The hand-written cases by set."""
    sets: dict[str, list[tuple[str, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            typed, meant, name = line.split("\t")
            sets.setdefault(name, []).append((typed, meant))
    return sets


def codespell_list() -> Path | None:
    """codespell's dictionary of common misspellings, if it is installed."""
    try:
        data = resources.files("codespell_lib") / "data" / "dictionary.txt"
    except ModuleNotFoundError:
        return None
    return Path(str(data)) if data.is_file() else None


def real_cases(path: Path, counts: dict[str, int]) -> list[tuple[str, str]]:
    """The misspellings of a codespell-style list ("typo->fix" or
    "typo->fix1, fix2,") that the speller is asked about: one correction,
    letters only, the misspelling at least :data:`MIN_LENGTH` letters and
    no word of the index, the word meant written
    :data:`REAL_MEANT_COUNT` times or more."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        typed, arrow, fixes = line.partition("->")
        meant = [w.strip() for w in fixes.split(",") if w.strip()]
        if not arrow or len(meant) != 1:
            continue  # ambiguous: "muscel->muscle, mussel,"
        typed, meant = typed.strip(), meant[0]
        if not (typed.isascii() and typed.isalpha() and meant.isalpha()):
            continue
        if len(typed) < MIN_LENGTH or typed in counts:
            continue
        if counts.get(meant, 0) >= REAL_MEANT_COUNT:
            cases.append((typed, meant))
    return cases


def slips(counts: dict[str, int], n: int, seed: int) -> list[tuple[str, str]]:
    """A slip of each of ``n`` common words, as the generated typo queries
    make them (:func:`bench.make_queries.make_typo`), unless the slip is a
    word of the vocabulary itself."""
    rng = random.Random(seed)
    common = sorted(w for w, c in counts.items() if c >= 20 and len(w) >= 5)
    cases = [(make_typo(rng, w), w) for w in rng.sample(common, min(n, len(common)))]
    return [(typed, meant) for typed, meant in cases if typed not in counts]


def lost_syllables(counts: dict[str, int], n: int, seed: int) -> list[tuple[str, str]]:
    """Each of ``n`` words of ten letters or more that the texts write five
    times or more, typed from memory: three letters in a row lost inside
    it and two others swapped ("acetmaphen"), four edits off, unless that
    is a word of the vocabulary itself."""
    rng = random.Random(seed)
    long = sorted(w for w, c in counts.items() if c >= 5 and len(w) >= 10)
    cases = []
    for word in rng.sample(long, min(n, len(long))):
        at = rng.randrange(3, len(word) - 5)
        typed = word[:at] + word[at + 3 :]
        at = rng.randrange(3, len(typed) - 3)
        typed = typed[:at] + typed[at + 1] + typed[at] + typed[at + 2 :]
        if typed != word and typed not in counts:
            cases.append((typed, word))
    return cases


def starts(counts: dict[str, int], n: int, seed: int) -> list[tuple[str, str]]:
    """A slip at the start of each of ``n`` common words, which the generated
    typo queries never make: the first two letters swapped, or a key next
    to the first struck before it (every other word), unless the slip is a
    word of the vocabulary itself."""
    rng = random.Random(seed)
    common = sorted(w for w, c in counts.items() if c >= 20 and len(w) >= 5)
    cases = []
    for i, word in enumerate(rng.sample(common, min(n, len(common)))):
        if i % 2 == 0:
            typed = word[1] + word[0] + word[2:]
        elif word[0] in KEYBOARD_NEIGHBOURS:
            typed = rng.choice(KEYBOARD_NEIGHBOURS[word[0]]) + word
        else:
            continue
        if typed != word and typed not in counts:
            cases.append((typed, word))
    return cases


def cuts(counts: dict[str, int], n: int, seed: int) -> list[tuple[str, str]]:
    """Each of ``n`` common words of eight letters or more cut short, to
    four letters or more with at least two left off ("diab" of
    "diabetes"), unless the cut is a word of the vocabulary itself."""
    rng = random.Random(seed)
    common = sorted(w for w, c in counts.items() if c >= 20 and len(w) >= 8)
    cases = []
    for word in rng.sample(common, min(n, len(common))):
        typed = word[: rng.randint(MIN_LENGTH, len(word) - CUT_LETTERS)]
        if typed not in counts:
            cases.append((typed, word))
    return cases


def runs(
    entries: Sequence[Entry],
    counts: dict[str, int],
    n: int,
    seed: int,
    *,
    written: bool = False,
) -> list[tuple[str, str]]:
    """``n`` runs of three words of the texts (no stop word in the middle,
    which the texts write twenty times or more), as typed with the middle
    one slipped, and as meant.

    :param written: only slips that are words the texts write too, at most
        :data:`~indexer.spelling.SLIP_COUNT` times (their own typos,
        "symtoms"); else only slips that are no word of the texts.
    """
    rng = random.Random(seed)
    texts = [s.text for e in entries for s in e.sections if s.text]
    cases: list[tuple[str, str]] = []
    for _ in range(n * (2000 if written else 50)):
        if len(cases) == n:
            break
        found = _RUN.findall(rng.choice(texts))
        if not found:
            continue
        first, word, last = rng.choice(found)
        if counts.get(word, 0) < 20 or word in STOP_WORDS:
            continue
        typed = make_typo(rng, word)
        if written != (0 < counts.get(typed, 0) <= SLIP_COUNT):
            continue
        if not written and typed in counts:
            continue
        cases.append((f"{first} {typed} {last}", f"{first} {word} {last}"))
    return cases


def name_starts(
    entries: Sequence[Entry], service: SearchService, n: int, seed: int
) -> list[tuple[str, str]]:
    """``n`` names of two words or more, as typed with the first word
    changed for a word of the texts one edit off it (see
    :meth:`~indexer.spelling.Speller.one_edit_off`), and as written; never a
    run that is a name as typed."""
    rng = random.Random(seed)
    with service._reading() as snap:
        speller, names = snap.speller, snap.names
    written = sorted(
        {
            name.lower()
            for entry in entries
            for name in entry.names
            if re.fullmatch(r"[a-z]{4,}( [a-z]+)+", name.lower())
        }
    )
    cases: list[tuple[str, str]] = []
    for name in rng.sample(written, len(written)):
        if len(cases) == n:
            break
        first, rest = name.split(" ", 1)
        if first in STOP_WORDS:
            continue
        slipped = [
            word
            for word in speller.one_edit_off(first)
            if speller.count(word) > SLIP_COUNT and analyse(word) != analyse(first)
        ]
        if not slipped:
            continue
        typed = f"{rng.choice(slipped)} {rest}"
        if not names.is_name(name_key(typed)):
            cases.append((typed, name))
    return cases


def offered(service: SearchService, cases: Sequence[tuple[str, str]]) -> int:
    """How many typed runs are offered the run meant ("did you mean")."""
    return sum(
        (service.plan(typed).corrected or "").lower() == meant for typed, meant in cases
    )


def read_as_meant(service: SearchService, cases: Sequence[tuple[str, str]]) -> int:
    """How many typed runs are read as the runs meant are: the same terms
    first, concept by concept ("diseasse" read as "diseases" is right; the
    typed word is searched too, after)."""

    def searched(text: str) -> list[tuple[str, ...]]:
        return [c.alternatives[0].terms for c in service.plan(text).concepts]

    return sum(searched(typed) == searched(meant) for typed, meant in cases)


def left_alone(service: SearchService, cases: Sequence[tuple[str, str]]) -> int:
    """How many runs typed as meant have no word read as another."""
    return sum(service.plan(meant).corrected is None for _, meant in cases)


def right(speller: Speller, cases: Sequence[tuple[str, str]]) -> int:
    firsts = (speller.candidates(typed)[:1] for typed, _ in cases)
    return sum(
        first == (meant,) for first, (_, meant) in zip(firsts, cases, strict=True)
    )


def right_stem(speller: Speller, cases: Sequence[tuple[str, str]]) -> int:
    """How many words the speller's first candidate reads as the word meant
    (the same terms: "diab" read as "diabetic" for "diabetes" is right)."""
    found = 0
    for typed, meant in cases:
        first = speller.candidates(typed)[:1]
        found += bool(first) and analyse(first[0]) == analyse(meant)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--cases", type=Path, default=WORDS)
    parser.add_argument(
        "--medquad",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "medquad",
        help="MedQuAD root or a folder of entries: the texts the runs in "
        "context are taken from",
    )
    parser.add_argument(
        "--real",
        type=Path,
        default=None,
        help="a list of real misspellings as codespell writes it "
        "('typo->fix'; default: codespell's, if installed)",
    )
    args = parser.parse_args(argv)
    store = IndexStore(args.index_dir)
    name = store.current_name()
    if name is None:
        parser.error(f"no index in {args.index_dir}")
    counts = dict(read_counts(store.root / name / VOCAB_FILE))
    sets = read_cases(args.cases)
    sets[f"slips of the keys (seed {SEED})"] = slips(counts, SLIPS, SEED)
    sets[f"long words, a syllable lost and two swapped (seed {LOST_SEED})"] = (
        lost_syllables(counts, LOST, LOST_SEED)
    )
    real = args.real or codespell_list()
    if real is not None:
        sets["real misspellings (codespell's list)"] = real_cases(real, counts)
    letters = Speller(dict(counts), by_sound=False)
    both = Speller(dict(counts))
    with SearchService(args.index_dir) as service:
        print("| cases | n | letters only | letters and sounds | planned |")
        print("|---|---|---|---|---|")
        for label, cases in sets.items():
            if not cases:  # an index without its vocabulary has no slips
                print(f"| {label} | 0 | - | - | - |")
                continue
            a, b = right(letters, cases), right(both, cases)
            c = read_as_meant(service, cases)
            n = len(cases)
            print(
                f"| {label} | {n} | {a} ({a / n:.3f}) | {b} ({b / n:.3f})"
                f" | {c} ({c / n:.3f}) |"
            )
        if not counts:
            return 0
        print()
        print(
            "| slips at a word's start | n | first letters kept | and slipped |"
            " planned, kept | planned |"
        )
        print("|---|---|---|---|---|---|")
        cases = starts(counts, STARTS, START_SEED)
        kept = Speller(dict(counts), at_start=False)
        found = [right(kept, cases), right(both, cases)]
        with service._reading() as snap:  # the service's speller, both ways
            speller = snap.speller
        for at_start in (False, True):
            speller.at_start = at_start
            found.append(read_as_meant(service, cases))
        n = len(cases)
        print(
            f"| first two swapped or a key before (seed {START_SEED}) | {n} | "
            + " | ".join(f"{c} ({c / max(n, 1):.3f})" for c in found)
            + " |"
        )
        print()
        print("| words cut short | n | speller's first | planned |")
        print("|---|---|---|---|")
        for half, seed in CUT_SEEDS.items():
            cases = cuts(counts, CUTS, seed)
            a, b = right_stem(both, cases), read_as_meant(service, cases)
            n = max(len(cases), 1)
            print(
                f"| {half} (seed {seed}) | {len(cases)} | {a} ({a / n:.3f})"
                f" | {b} ({b / n:.3f}) |"
            )
        if not args.medquad.exists():
            return 0
        entries = load_corpus(args.medquad).entries
        print()
        print("| names, the first word slipped into a word of the texts | n | right |")
        print("|---|---|---|")
        cases = name_starts(entries, service, NAME_STARTS, NAME_START_SEED)
        n = max(len(cases), 1)
        for label, found in (
            ("offered as meant", offered(service, cases)),
            ("as written, offered nothing", left_alone(service, cases)),
        ):
            print(
                f"| {label} (seed {NAME_START_SEED}) | {len(cases)} | {found} "
                f"({found / n:.3f}) |"
            )
        print()
        print("| runs of three words, the middle slipped | n | alone | in context |")
        print("|---|---|---|---|")
        weight = corrections.CONTEXT_WEIGHT
        for half, seed in CONTEXT_SEEDS.items():
            ours = runs(entries, counts, RUNS, seed)
            theirs = runs(entries, counts, WRITTEN_RUNS, seed, written=True)
            for label, score, slipped in (
                ("", read_as_meant, ours),
                (", as written", left_alone, ours),
                (", slips the texts write too", read_as_meant, theirs),
            ):
                found = []
                for w in (0.0, weight):
                    corrections.CONTEXT_WEIGHT = w
                    found.append(score(service, slipped))
                corrections.CONTEXT_WEIGHT = weight
                n = len(slipped)
                row = f"| {half}{label} (seed {seed}) | {n} |"
                if not n:
                    print(f"{row} - | - |")
                    continue
                print(
                    f"{row} {found[0]} ({found[0] / n:.3f})"
                    f" | {found[1]} ({found[1] / n:.3f}) |"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
