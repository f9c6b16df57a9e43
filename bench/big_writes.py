"""What a big write costs: refused ones against accepted ones, in one run.

Why: issue 11 found that a 60 kB text-format PUT (1,000 names in 1,000
sections) took 102 s and 490 MB of index, because names are indexed again
with every section. Writes are now bounded by the characters they would
index (``indexer.submission.MAX_INDEXED_CHARS``); this script shows, side by
side with a normal PUT as the baseline, that bodies over a limit are refused
in milliseconds and that the largest accepted ones stay in seconds.

Usage::

    python bench/big_writes.py [--repeat 3]

It builds the sample corpus into a temporary folder and sends each body
through the Flask app in-process (no server), ``--repeat`` times, printing
the median.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``indexer`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.build import distinct_words, indexed_chars, rebuild  # noqa: E402
from indexer.store import IndexStore  # noqa: E402
from indexer.submission import read_submission  # noqa: E402
from webapp import create_app  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TOKEN = "bench"
BULLET = "\u2022"


def words(n: int, seed: int) -> str:
    """``n`` distinct-looking words, so the index has real postings to write."""
    return " ".join(f"w{seed}x{i}" for i in range(n))


def cases() -> list[tuple[str, bytes, str]]:
    """(what, body, content type), the baseline first."""
    normal = {
        "title": "Frostbite",
        "alternative_names": ["Cold injury", "Frostnip"],
        "sections": [
            {"name": name, "text": words(60, n)}
            for n, name in enumerate(("Definition", "Causes", "Treatment"))
        ],
    }
    flood = f"Flood\n\n  {BULLET} Alternative Names\n    {BULLET} "
    flood += "; ".join(f"flood synonym name {n:04d}" for n in range(1000)) + "\n"
    flood += "".join(
        f"  {BULLET} Section {n}\n    {BULLET} Text.\n" for n in range(1000)
    )
    names_times_sections = {
        "title": "Many names",
        "alternative_names": [f"{words(40, n)[:296]} {n:03d}" for n in range(200)],
        "sections": [{"name": f"Part {n}", "text": "Short."} for n in range(200)],
    }
    as_text = f"Many names\n\n  {BULLET} Alternative Names\n    {BULLET} "
    as_text += "; ".join(names_times_sections["alternative_names"]) + "\n"
    as_text += "".join(
        f"  {BULLET} Part {n}\n    {BULLET} Short.\n" for n in range(200)
    )

    def one_section(text: str) -> dict:
        entry = {"title": "Long text", "sections": [{"name": "All", "text": ""}]}
        room = 1024 * 1024 - len(json.dumps(entry).encode())
        entry["sections"][0]["text"] = (text + " ")[:room].strip()
        return entry

    vocabulary = words(5_000, 8).split()
    ordinary = " ".join(vocabulary[(i * 7919) % 5_000] for i in range(150_000))
    at_limit = {
        "title": "Names at the limit",
        "alternative_names": [f"{words(4, n)[:15]} {n:03d}" for n in range(200)],
        "sections": [{"name": f"Part {n}", "text": "Short."} for n in range(200)],
    }
    return [
        ("normal PUT (baseline)", json.dumps(normal).encode(), "application/json"),
        ("issue's 60 kB text body", flood.encode(), "text/plain"),
        (
            "200 names x 300 chars x 200 sections, JSON",
            json.dumps(names_times_sections).encode(),
            "application/json",
        ),
        ("the same as text/plain", as_text.encode(), "text/plain"),
        (
            "1 MiB of 5,000 words in one section",
            json.dumps(one_section(ordinary)).encode(),
            "application/json",
        ),
        (
            "1 MiB of words all different",
            json.dumps(one_section(words(200_000, 7))).encode(),
            "application/json",
        ),
        (
            "10,000 different words (the limit)",
            json.dumps(one_section(words(10_000 - 3, 9))).encode(),
            "application/json",
        ),
        (
            "200 names x 200 sections, 1.1 M chars",
            json.dumps(at_limit).encode(),
            "application/json",
        ),
    ]


def indexed(body: bytes, kind: str) -> str:
    """Characters and different words the body would index."""
    entry = read_submission("x", body, kind).entry
    return f"{indexed_chars(entry):,} / {distinct_words(entry):,}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="big-writes-") as tmp:
        index = Path(tmp) / "index"
        rebuild(IndexStore(index), [REPO / "corpus"])
        app = create_app({"INDEX_DIR": str(index), "API_TOKEN": TOKEN})
        client = app.test_client()
        auth = {"Authorization": f"Bearer {TOKEN}"}
        print(
            f"{'body':40} {'size':>9} {'chars / words':>20} {'status':>6} "
            f"{'median':>8} {'x baseline':>10}"
        )
        baseline = None
        for n, (what, body, kind) in enumerate(cases()):
            times, status = [], None
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.put(
                    f"/api/entries/big-{n}", data=body, content_type=kind, headers=auth
                )
                times.append(time.perf_counter() - started)
                status = response.status_code
            median = statistics.median(times)
            baseline = baseline or median
            size = indexed(body, kind) if status < 400 else "refused"
            print(
                f"{what:40} {len(body) / 1024:7.1f}kB {size:>20} "
                f"{status:>6} {median * 1000:6.0f}ms {median / baseline:9.1f}x"
            )
        app.extensions["search"].close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
