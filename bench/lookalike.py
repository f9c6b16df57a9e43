"""Pages a person cannot tell apart: how many show one text twice.

Why: a page whose hits show the same words ("Glaucoma is a group of
diseases ..." hit after hit) gives a reader nothing to choose by. This
counts, over the first page of each query, pages where

* two snippets share over half their six-word runs (``snippets``), and
* a section is listed below another of its entry that holds eight in ten
  of its six-word runs (``held``): the same text twice, whatever its
  snippets show, and
* one entry lists three or more hits under one heading (``headings``):
  "Diabetes > Summary" four times in a row says nothing of what each
  holds.

The queries: the generated dev set (``bench/make_queries.py``) when it has
been written, and the everyday sets in ``bench/``. Run it with the code
before and after a change on the same index (from each checkout); the
figures are the project's own, not a relevance judgement.

Usage::

    python bench/lookalike.py --index-dir DIR [--show 10]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.tune import EVERYDAY  # noqa: E402
from indexer.search import SearchService  # noqa: E402

BENCH = Path(__file__).resolve().parent
QUERY_FILES = (BENCH / "queries" / "dev.jsonl", *EVERYDAY)
RUN = 6  # words in a run
SHARED = 0.5  # of the smaller snippet's runs, for two snippets alike
HELD = 0.8  # of a section's runs, for a section held by another
SAME_HEADING = 3  # hits of one entry under one heading
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]+>")


def runs(text: str) -> set[tuple[str, ...]]:
    """The text's runs of :data:`RUN` words, lowered.

    >>> sorted(runs("A b c d e f g"))
    [('a', 'b', 'c', 'd', 'e', 'f'), ('b', 'c', 'd', 'e', 'f', 'g')]
    """
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def alike(a: set, b: set) -> bool:
    """Whether two snippets' runs overlap in over :data:`SHARED` of the
    smaller's."""
    return bool(a and b) and len(a & b) > SHARED * min(len(a), len(b))


def held(inner: set, outer: set) -> bool:
    """Whether :data:`HELD` of ``inner``'s runs stand in ``outer``."""
    return bool(inner) and len(inner & outer) >= HELD * len(inner)


def queries(files=QUERY_FILES) -> list[str]:
    out = []
    for path in files:
        if path.exists():
            out += [json.loads(line)["query"] for line in path.read_text().splitlines()]
    return out


def measure(service: SearchService, texts: list[str]) -> dict:
    """Per page kind, how many pages and an example of each."""
    found = {"pages": 0, "snippets": [], "held": [], "headings": []}
    bodies: dict[str, tuple[str, set]] = {}
    for text in texts:
        page = service.search(text).results
        found["pages"] += 1
        shown = [runs(html.unescape(_TAG.sub("", h.snippet))) for h in page]
        pair = next(
            (
                (page[j], page[i])
                for i in range(len(page))
                for j in range(i)
                if alike(shown[i], shown[j])
            ),
            None,
        )
        if pair:
            found["snippets"].append((text, pair))
        for hit in page:
            if hit.section_id not in bodies:
                bodies[hit.section_id] = (hit.entry_id, runs(body(service, hit)))
        pair = next(
            (
                (page[j], page[i])
                for i in range(len(page))
                for j in range(i)
                if page[i].entry_id == page[j].entry_id
                and held(bodies[page[i].section_id][1], bodies[page[j].section_id][1])
            ),
            None,
        )
        if pair:
            found["held"].append((text, pair))
        headings = Counter((hit.entry_id, hit.section) for hit in page)
        if headings and max(headings.values()) >= SAME_HEADING:
            (entry, heading), times = headings.most_common(1)[0]
            first = next(h for h in page if (h.entry_id, h.section) == (entry, heading))
            found["headings"].append((text, (first, times)))
    return found


def body(service: SearchService, hit) -> str:
    """A hit's section text, from its stored entry."""
    entry = service.get_entry(hit.entry_id)
    return next((s.text for s in entry.sections if s.section_id == hit.section_id), "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--show", type=int, default=0, help="examples of each")
    args = parser.parse_args(argv)
    texts = queries()
    if not texts:
        parser.error("no queries: run bench/make_queries.py first")
    with SearchService(args.index_dir) as service:
        found = measure(service, texts)
    pages = found["pages"]
    print(f"{pages} pages (first page of each query)")
    print(
        f"  two snippets sharing over half their {RUN}-word runs: "
        f"{len(found['snippets'])}"
    )
    print(
        f"  a section listed below one of its entry holding {HELD:.0%} of it: "
        f"{len(found['held'])}"
    )
    print(
        f"  one entry listed {SAME_HEADING} or more times under one heading: "
        f"{len(found['headings'])}"
    )
    for kind in ("snippets", "held"):
        for text, (a, b) in found[kind][: args.show]:
            print(
                f"  [{kind}] {text[:60]!r}: {a.title} / {a.section} ~ "
                f"{b.title} / {b.section}"
            )
    for text, (hit, times) in found["headings"][: args.show]:
        print(f"  [headings] {text[:60]!r}: {hit.title} / {hit.section} x{times}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
