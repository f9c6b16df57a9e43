"""Build judged query sets (dev and held-out) from MedQuAD itself.

Why generated: nobody has judged MedQuAD for section search, but the data
set knows the right answer to several kinds of query a person would type:
an entry's alternative name should find that entry, the data set's own
question should find the section that answers it, a title with a typo
should still find the entry, and "<title> treatment" should find that
entry's Treatment section. Only entries with text and a title no other
entry has (as title or alternative name) are used, so each query has one
answer.

Entries are split by a stable hash of their id: about 30% are held out and
must never be used to tune the engine; the rest (dev) may be. A query is in
the split of the entry it is about. One seeded ``random.Random`` per query
type makes the output identical on every run (and adding a type does not
change the others). The generated files are not checked in (they are
MedQuAD text); this script is.

Usage::

    python bench/make_queries.py                 # ../shared/medquad
    python bench/make_queries.py --per-type 300 --seed 13 --medquad PATH
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``indexer`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.analysis import STOP_WORDS  # noqa: E402
from indexer.errors import ParseError  # noqa: E402
from indexer.evaluation import JudgedQuery  # noqa: E402
from indexer.medquad import iter_medquad  # noqa: E402
from indexer.model import Entry  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MEDQUAD = REPO.parent / "shared" / "medquad"
DEFAULT_OUT = REPO / "bench" / "queries"
HELDOUT_PERCENT = 30
SPLITS = ("dev", "heldout")

#: Section name -> how a person types "that part of <title>".
SECTION_TEMPLATES: dict[str, str] = {
    "Treatment": "{title} treatment",
    "Symptoms": "{title} symptoms",
    "Causes": "causes of {title}",
    "Inheritance": "{title} inheritance",
    "Exams and Tests": "how is {title} diagnosed",
}

# QWERTY rows; each row sits half a key to the right of the one above it.
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_WORD = re.compile(r"^[A-Za-z]+$")
# Titles that read as sentences ("What I need to know about ...", "Prevent
# diabetes problems: ..."): nobody types them, so no typo or section queries.
_SENTENCE_TITLE = re.compile(
    r"[:?]|^(?:what|how|why|when|who|which|do|does|is|are|can|should)\b", re.I
)


def split_of(entry_id: str) -> str:
    """``heldout`` for about 30% of entry ids, ``dev`` for the rest; stable.

    A hash (not the sampling seed) decides, so an entry stays in its split
    however the sample changes.

    >>> split_of("GHR_0000001") == split_of("GHR_0000001")
    True
    """
    digest = hashlib.sha256(entry_id.encode("utf-8")).digest()
    bucket = int.from_bytes(digest[:8], "big") % 100
    return "heldout" if bucket < HELDOUT_PERCENT else "dev"


def _neighbours() -> dict[str, str]:
    """Each letter's touching keys: left and right, two above, two below.

    >>> sorted(_neighbours()["s"])
    ['a', 'd', 'e', 'w', 'x', 'z']
    """
    where = {
        (r, i): c for r, row in enumerate(_KEYBOARD_ROWS) for i, c in enumerate(row)
    }
    near: dict[str, str] = {}
    for (r, i), c in where.items():
        spots = [
            (r, i - 1),
            (r, i + 1),
            (r - 1, i),
            (r - 1, i + 1),
            (r + 1, i - 1),
            (r + 1, i),
        ]
        near[c] = "".join(where[s] for s in spots if s in where)
    return near


KEYBOARD_NEIGHBOURS = _neighbours()
TYPO_KINDS = ("deletion", "transposition", "substitution", "duplication")


def make_typo(rng: random.Random, word: str) -> str:
    """``word`` with one realistic slip; the first letter is kept.

    People rarely mistype the first letter of a word they know, and a typo
    there is a different problem (the word is unknown, not misspelled).

    >>> rng = random.Random(0)
    >>> all(make_typo(rng, "syndrome") != "syndrome" for _ in range(50))
    True
    """
    for _ in range(100):
        kind = rng.choice(TYPO_KINDS)
        i = rng.randrange(1, len(word))
        lower = word[i].lower()
        if kind == "deletion":
            out = word[:i] + word[i + 1 :]
        elif kind == "transposition":
            if i + 1 >= len(word):
                continue
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif kind == "substitution":
            if lower not in KEYBOARD_NEIGHBOURS:
                continue
            new = rng.choice(KEYBOARD_NEIGHBOURS[lower])
            out = word[:i] + (new.upper() if word[i].isupper() else new) + word[i + 1 :]
        else:
            out = word[: i + 1] + word[i] + word[i + 1 :]
        if out.casefold() != word.casefold():
            return out
    raise ValueError(f"cannot make a typo in {word!r}")


# -- the collection -------------------------------------------------------------


class Collection:
    """MedQuAD entries and the counts that decide what is unambiguous."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        # name -> entries that carry it (as title or alternative name)
        self.name_owners: dict[str, set[str]] = defaultdict(set)
        for e in self.entries:
            for name in e.names:
                self.name_owners[name.casefold()].add(e.entry_id)
        self.questions = Counter(
            " ".join(s.question.casefold().split())
            for e in self.entries
            for s in e.sections
            if s.question
        )
        # In how many sections each word, and each pair of words side by
        # side, appears (text phrase queries).
        self.word_sections: Counter[str] = Counter()
        self.bigram_sections: Counter[tuple[str, str]] = Counter()
        # Medical words: the words of names, without sentence-like titles
        # ("What I need to know about ...") and the commonest name words.
        in_names = Counter(
            w
            for e in self.entries
            for n in e.names
            if not _SENTENCE_TITLE.search(n)
            for w in set(_text_words(n))
        )
        for e in self.entries:
            for s in e.sections:
                self.word_sections.update(set(_text_words(s.text)))
                self.bigram_sections.update(_side_by_side(s.text))
        # ...and words that texts use far more than names are plain words
        # that a name happens to contain ("includes", "like").
        self.name_words = {
            w
            for w, n in in_names.items()
            if n <= 100 and n >= 0.02 * self.word_sections[w]
        }
        # Entries a query may be about: text to find, and a title that no
        # other entry has as its title or as an alternative name (else a
        # query for it has several right answers).
        self.usable = sorted(
            (
                e
                for e in self.entries
                if e.text_available
                and any(not s.is_empty for s in e.sections)
                and self.name_owners[e.title.casefold()] == {e.entry_id}
            ),
            key=lambda e: e.entry_id,
        )


def load(path: Path) -> Collection:
    entries, skipped = [], 0
    for item in iter_medquad(path):
        if isinstance(item, ParseError):
            skipped += 1
        else:
            entries.append(item)
    if not entries:
        raise SystemExit(f"No MedQuAD entries under {path}.")
    print(f"Read {len(entries)} entries from {path} ({skipped} skipped).")
    return Collection(entries)


# -- one query per entry, per type ------------------------------------------------

Maker = Callable[[random.Random, Collection, Entry], JudgedQuery | None]


def altname_query(rng: random.Random, c: Collection, e: Entry) -> JudgedQuery | None:
    """One of the entry's alternative names that no other entry uses."""
    names = [
        n for n in e.alternative_names if c.name_owners[n.casefold()] == {e.entry_id}
    ]
    if not names:
        return None
    return JudgedQuery(
        f"altname:{e.entry_id}", rng.choice(names), "altname", {e.entry_id: 1}
    )


def question_query(rng: random.Random, c: Collection, e: Entry) -> JudgedQuery | None:
    """The data set's own question for one section, if no other section has it."""
    sections = [
        s
        for s in e.sections
        if s.question
        and not s.is_empty
        and c.questions[" ".join(s.question.casefold().split())] == 1
    ]
    if not sections:
        return None
    s = rng.choice(sections)
    return JudgedQuery(
        f"question:{e.entry_id}", s.question, "question", {s.section_id: 2}
    )


def typo_query(rng: random.Random, c: Collection, e: Entry) -> JudgedQuery | None:
    """The title with one slip in one word of at least five letters."""
    if _SENTENCE_TITLE.search(e.title):
        return None
    words = e.title.split()
    candidates = [i for i, w in enumerate(words) if _WORD.match(w) and len(w) >= 5]
    if not candidates:
        return None
    i = rng.choice(candidates)
    text = " ".join([*words[:i], make_typo(rng, words[i]), *words[i + 1 :]])
    if text.casefold() in c.name_owners:  # the slip made another real name
        return None
    return JudgedQuery(f"typo:{e.entry_id}", text, "typo", {e.entry_id: 1})


def title_section_query(
    rng: random.Random, c: Collection, e: Entry
) -> JudgedQuery | None:
    """ "<title> treatment" and the like -> every section of that name."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for s in e.sections:
        if s.name in SECTION_TEMPLATES and not s.is_empty:
            by_name[s.name].append(s.section_id)
    if not by_name:
        return None
    name = rng.choice(sorted(by_name))
    text = SECTION_TEMPLATES[name].format(title=e.title)
    return JudgedQuery(
        f"title_section:{e.entry_id}",
        text,
        "title_section",
        dict.fromkeys(by_name[name], 2),
    )


_TEXT_WORD = re.compile(r"[A-Za-z]+")


def _text_words(text: str) -> list[str]:
    return [w.lower() for w in _TEXT_WORD.findall(text)]


def _side_by_side(text: str) -> set[tuple[str, str]]:
    """Pairs of words with only a space between them."""
    return {
        (a.lower(), b.lower())
        for a, b in re.findall(r"(?=\b([A-Za-z]+) ([A-Za-z]+)\b)", text)
    }


def text_phrase_query(
    rng: random.Random, c: Collection, e: Entry
) -> JudgedQuery | None:
    """Two words that stand together in one section's text and nowhere else.

    Like ``microwave ablation`` for the Treatment of liver metastases: a
    thing the text names, not the entry, where one of the words alone is in
    many sections; the section that has them side by side should lead. Both
    words are words of some entry's names (medical words, not "received"),
    with no punctuation between them.
    """
    title = set(_text_words(" ".join(e.names)))
    found = []
    for s in e.sections:
        for a, b in _side_by_side(s.text):
            if (
                a in c.name_words
                and b in c.name_words
                and a != b
                and len(a) >= 4
                and len(b) >= 4
                and a not in STOP_WORDS
                and b not in STOP_WORDS
                and not {a, b} & title
                and c.bigram_sections[(a, b)] == 1
                and 2 <= min(c.word_sections[a], c.word_sections[b])
                and max(c.word_sections[a], c.word_sections[b]) >= 50
            ):
                found.append((f"{a} {b}", s.section_id))
    if not found:
        return None
    text, section_id = rng.choice(sorted(set(found)))
    return JudgedQuery(
        f"text_phrase:{e.entry_id}", text, "text_phrase", {section_id: 2}
    )


MAKERS: dict[str, Maker] = {
    "altname": altname_query,
    "question": question_query,
    "typo": typo_query,
    "title_section": title_section_query,
    "text_phrase": text_phrase_query,
}


def make_queries(c: Collection, per_type: int, seed: int) -> list[JudgedQuery]:
    """Up to ``per_type`` queries of each type, about distinct entries."""
    queries: list[JudgedQuery] = []
    for kind, maker in MAKERS.items():
        rng = random.Random(f"{seed}:{kind}")
        made = [q for e in c.usable if (q := maker(rng, c, e)) is not None]
        queries += sorted(
            rng.sample(made, min(per_type, len(made))), key=lambda q: q.qid
        )
    return queries


def entry_of(query: JudgedQuery) -> str:
    """The entry a generated query is about (its qid is ``type:entry_id``)."""
    return query.qid.partition(":")[2]


def write_splits(queries: Iterable[JudgedQuery], out: Path) -> dict[str, Counter]:
    """Write ``dev.jsonl`` and ``heldout.jsonl``; returns counts per split and type."""
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, Counter] = {s: Counter() for s in SPLITS}
    files = {s: (out / f"{s}.jsonl").open("w", encoding="utf-8") for s in SPLITS}
    try:
        for q in queries:
            split = split_of(entry_of(q))
            files[split].write(json.dumps(q.to_json(), ensure_ascii=False) + "\n")
            counts[split][q.type] += 1
    finally:
        for file in files.values():
            file.close()
    return counts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--medquad", type=Path, default=DEFAULT_MEDQUAD)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--per-type", type=int, default=300)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    collection = load(args.medquad)
    queries = make_queries(collection, args.per_type, args.seed)
    counts = write_splits(queries, args.out)
    print(f"{len(collection.usable)} usable entries; wrote {len(queries)} queries:")
    print(f"{'type':<14} {'dev':>5} {'heldout':>8} {'total':>6}")
    for kind in MAKERS:
        dev, held = counts["dev"][kind], counts["heldout"][kind]
        print(f"{kind:<14} {dev:>5} {held:>8} {dev + held:>6}")
    dev, held = sum(counts["dev"].values()), sum(counts["heldout"].values())
    print(f"{'all':<14} {dev:>5} {held:>8} {dev + held:>6}")
    for split in SPLITS:
        print(f"  {args.out / (split + '.jsonl')}")


if __name__ == "__main__":
    main()
