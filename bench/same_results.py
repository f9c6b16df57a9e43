"""Check that a change left the results alone: dump pages, then compare dumps.

A speed-up of ranking must not move a hit. Run this with the old code and
with the new on the same index, then compare the two dumps: every page's
ids, order, scores, totals, facets and "also from" must be equal.

The requests: ``bench/queries``' mix (every kind, its section filters), the
first 150 of it again as page 2, with ``per_entry="auto"`` and with
``per_entry=1`` and a source filter; the LiveQA-Med dev questions in each
variant the harness reads (``bench/liveqa.py``); the generated dev and
held-out sets when ``bench/make_queries.py`` has written them.

To compare two indexes built by two versions, dump each with the code
that built it and ``--load-liveqa`` (each writes the LiveQA answers with
its own writer).

Usage::

    python bench/same_results.py dump --index-dir DIR --out new.json
    (from the old code's checkout)  python bench/same_results.py dump ... --out old.json
    python bench/same_results.py compare old.json new.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``indexer`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.liveqa import DEFAULT_LIVEQA, DEFAULT_MEDQUAD, VARIANTS, LiveQA  # noqa: E402
from bench.queries import build_mix, load_corpus  # noqa: E402
from indexer.search import SearchService  # noqa: E402

QUERIES = Path(__file__).resolve().parent / "queries"
VARIED = 150  # queries of the mix asked again with other options


def requests(
    medquad: Path, liveqa: Path, n: int, seed: int, generated: Path = QUERIES
) -> list[tuple[str, dict]]:
    mix = build_mix(load_corpus(medquad).entries, n, seed)
    out = [(q.text, {"section": q.section}) for q in mix]
    for q in mix[:VARIED]:
        out.append((q.text, {"page": 2}))
        out.append((q.text, {"per_entry": "auto"}))
        out.append((q.text, {"per_entry": 1, "source": "GARD"}))
    if liveqa.is_dir():
        data = LiveQA.read(liveqa, medquad)
        for variant in VARIANTS:
            text_of = data.query(variant)
            out += [(text_of(q), {}) for q in data.judged(variant)]
    for name in ("dev", "heldout"):
        path = generated / f"{name}.jsonl"
        if path.exists():
            lines = path.read_text().splitlines()
            out += [(json.loads(line)["query"], {}) for line in lines if line]
    return out


def page(service: SearchService, text: str, options: dict) -> list:
    found = service.search(text, lenient=True, **options)
    hits = [
        [h.entry_id, h.section_id, h.score, h.more_sections]
        + [[a.entry_id for a in h.also_from or ()]]
        for h in found.results
    ]
    facets = {k: [[v.value, v.count] for v in vs] for k, vs in found.facets.items()}
    return [text[:80], options, found.total, hits, facets]


def dump(
    index_dir: Path,
    out: Path,
    medquad: Path,
    liveqa: Path,
    n: int,
    generated: Path = QUERIES,
    *,
    load_liveqa: bool = False,
) -> int:
    """Write the pages of the requests.

    :param load_liveqa: first write the LiveQA judged answers into the
        index, as the harness does, with this code's own writer: to compare
        two indexes built by two versions (a change to how the index is
        written), each dumped by the code that built it.
    """
    asked = requests(medquad, liveqa, n, seed=1, generated=generated)
    if load_liveqa:
        with SearchService(index_dir) as service:
            LiveQA.read(liveqa, medquad).load_into(service)
    with SearchService(index_dir) as service:
        service.warm()
        pages = [page(service, text, options) for text, options in asked]
    out.write_text(json.dumps(pages))
    print(f"{len(pages)} pages written to {out}")
    return 0


def compare(old: Path, new: Path) -> int:
    a, b = json.loads(old.read_text()), json.loads(new.read_text())
    if len(a) != len(b):
        print(f"different requests: {len(a)} and {len(b)} pages")
        return 1
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    print(
        f"{len(a)} pages compared; {len(differ)} differ "
        "(ids, order, scores, totals, facets, also-from)"
    )
    for x, y in differ[:5]:
        print(f"  old: {x}\n  new: {y}")
    return 1 if differ else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write the pages of the requests")
    d.add_argument("--index-dir", type=Path, required=True)
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--medquad", type=Path, default=DEFAULT_MEDQUAD)
    d.add_argument("--liveqa", type=Path, default=DEFAULT_LIVEQA)
    d.add_argument("--queries", type=int, default=1200, help="size of the mix")
    d.add_argument(
        "--load-liveqa",
        action="store_true",
        help="write the LiveQA judged answers into the index first",
    )
    c = sub.add_parser("compare", help="compare two dumps")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    if args.command == "compare":
        return compare(args.old, args.new)
    return dump(
        args.index_dir,
        args.out,
        args.medquad,
        args.liveqa,
        args.queries,
        load_liveqa=args.load_liveqa,
    )


if __name__ == "__main__":
    raise SystemExit(main())
