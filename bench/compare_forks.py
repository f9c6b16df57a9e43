"""Compare the Whoosh forks that import as ``whoosh``, running our code on MedQuAD.

Why this exists: pyproject.toml pins ``whoosh3``, and two other forks install
the same ``whoosh`` package: the original ``whoosh`` 2.7.4 (last release 2016)
and ``whoosh-reloaded`` 2.7.5. Rather than argue about the pin, this measures
each fork under the project: warnings on import and while running (what
pytest's ``filterwarnings = error`` turns into failures), full-build time and
index size, query latency and failures over ~300 queries drawn from MedQuAD,
top-1 agreement with whoosh3, HTML escaping in snippets, and two concurrent
writers. Project code that does not run on a fork is recorded, not fatal.

Each fork gets a fresh venv (/tmp/fork-<name>) with the fork, the project's
other dependencies and the project itself (``pip install --no-deps -e``), so
the fork is the only ``whoosh``. The project is installed from a ``git
archive`` of ``--source`` (default HEAD), so edits made in the work tree
during a run cannot skew one fork; ``--source worktree`` installs the tree
itself. Nothing is byte-compiled at install, so import compiles the fork and
shows its compile-time warnings. This file then runs inside each venv with
``--child`` (and ``--writer`` for the concurrency check), one fork at a time.
Output: a table on stdout and bench/results/forks.json.

    python bench/compare_forks.py [--forks whoosh3,whoosh-reloaded,whoosh]
        [--queries 300] [--medquad PATH] [--keep-venvs] [--source REF]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import traceback
import warnings
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FORKS = {
    "whoosh": "whoosh==2.7.4",
    "whoosh-reloaded": "whoosh-reloaded==2.7.5",
    "whoosh3": "whoosh3==3.54.0",
}
BASELINE = "whoosh3"
WRITES = 100  # entries each concurrent writer upserts


def make_queries(medquad: Path, n: int) -> list[str]:
    """``n`` deterministic queries from answered MedQuAD topics (stdlib only)."""
    topics: list[tuple[str, list[str]]] = []
    for path in sorted(medquad.glob("*/*.xml")):
        text = path.read_text(encoding="utf-8", errors="replace")
        focus = re.search(r"<Focus>\s*([^<]+?)\s*</Focus>", text)
        if focus and re.search(r"<Answer>\s*[^<\s]", text):
            syns = re.findall(r"<Synonym>\s*([^<]+?)\s*</Synonym>", text)
            topics.append(
                (html.unescape(focus.group(1)), list(map(html.unescape, syns)))
            )

    def spread(items: list, k: int, offset: int = 0) -> list:  # k evenly spaced
        n = len(items)
        return [items[(offset + i * n // k) % n] for i in range(k)] if n else []

    def word(title: str) -> str:  # the title's longest plain word
        return max(re.findall(r"[A-Za-z][\w-]*", title) or ["disease"], key=len)

    titles, k = [t for t, _ in topics], max(1, n // 20)  # k: 5% of the queries
    half = len(titles) // 2
    qs = spread(titles, 8 * k)  # titles
    qs += [s[0] for _, s in spread([t for t in topics if t[1]], 2 * k)]  # synonyms
    qs += [
        f"{word(t)} {('treatment', 'symptoms')[i % 2]}"
        for i, t in enumerate(spread(titles, 4 * k, 1))
    ]
    qs += [f'"{t}"' for t in spread(titles, 2 * k, 2)]  # phrases
    qs += [f'"{t}' if i % 2 else f'{t} "' for i, t in enumerate(spread(titles, k, 3))]
    ops = ("{a} AND treatment", "{a} OR {b}", "{a} NOT {b}")
    pairs = zip(spread(titles, 3 * k, 4), spread(titles, 3 * k, half), strict=True)
    qs += [ops[i % 3].format(a=word(a), b=word(b)) for i, (a, b) in enumerate(pairs)]
    return (qs + spread(titles, n, 5))[:n]


# ---- inside a fork's venv ----------------------------------------------------


def fmt_warning(w: warnings.WarningMessage) -> str:
    where = f"{Path(w.filename).name}:{w.lineno}"
    return f"{w.category.__name__}: {str(w.message).splitlines()[0]} ({where})"


def fork_metadata(dist: str) -> dict[str, Any]:
    """What the installed fork says about itself: version, Pythons, status."""
    from importlib import metadata

    meta = metadata.metadata(dist)
    body = meta.get_payload() or meta.get("Description") or ""  # type: ignore[attr-defined]
    classifiers = meta.get_all("Classifier") or []
    return {
        "version": meta["Version"],
        "requires_python": meta["Requires-Python"],
        "pythons": [
            c.split(" :: ")[-1] for c in classifiers if re.search(r"3\.\d+$", c)
        ],
        "status": [c for c in classifiers if c.startswith("Development Status")],
        "maintenance_notes": [
            line.strip()
            for line in body.splitlines()
            if re.search("maintain", line, re.I)
        ][:4],
        "urls": meta.get_all("Project-URL") or [],
    }


def compile_scan() -> dict[str, Any]:
    """Compile every module of the fork, as a first import without .pyc does."""
    import whoosh

    found: list[str] = []
    for path in sorted(Path(whoosh.__file__).parent.rglob("*.py")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            compile(path.read_bytes(), str(path), "exec")
        found += [fmt_warning(w) for w in caught]
    return {"count": len(found), "first": sorted(set(found))[:5]}


def strict_import() -> dict[str, Any]:
    """``python -W error -c 'import indexer'``, as pytest's filterwarnings=error."""
    cmd = [sys.executable, "-W", "error", "-c", "import indexer"]
    proc = subprocess.run(cmd, capture_output=True, text=True)  # no .pyc (env)
    return {"ok": proc.returncode == 0, "error": proc.stderr.strip().splitlines()[-3:]}


def build_and_query(medquad: Path, queries: list[str], passes: int, work: Path) -> dict:
    from indexer.build import rebuild
    from indexer.search import SearchService
    from indexer.store import IndexStore

    index, t0 = work / "medquad-index", time.perf_counter()
    report = rebuild(IndexStore(index), [medquad])
    out: dict[str, Any] = {"build_s": round(time.perf_counter() - t0, 1)}
    size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
    out.update(index_mb=round(size / 2**20, 1), entries=report.entries)
    out.update(sections=report.sections, skipped=len(report.skipped))
    svc = SearchService(index, cache_size=0)  # no result cache: time the search
    top1: list[str | None] = []
    errors: dict[int, str] = {}
    for i, q in enumerate(queries):  # the warm-up pass gives results and failures
        try:
            hits = svc.search(q).results
            top1.append(hits[0].section_id if hits else None)
        except Exception as exc:
            top1.append(None)
            errors[i] = f"{type(exc).__name__}: {exc}"
    times: list[list[float]] = [[] for _ in queries]
    for _ in range(passes):
        for i, q in enumerate(queries):
            if i not in errors:
                t = time.perf_counter()
                svc.search(q)
                times[i].append((time.perf_counter() - t) * 1000)
    medians = sorted(statistics.median(t) for t in times if t)  # per query
    if medians:
        out["p50_ms"] = round(statistics.median(medians), 2)
        out["p95_ms"] = round(
            medians[min(len(medians) - 1, int(0.95 * len(medians)))], 2
        )
    failed = [{"query": queries[i], "error": e} for i, e in errors.items()]
    out.update(failures=len(errors), failed=failed[:10], top1=top1)
    return out


def escaping(work: Path) -> dict[str, Any]:
    from indexer import Entry, Paragraph, SearchService, Section, build_index

    text = Paragraph("Never run <script>alert(1)</script> inside a page.")
    section = Section("xss_Sec1", "Summary", 1, (text,))
    build_index([Entry("xss", "Markup test", (), (section,))], work / "xss-index")
    hits = SearchService(work / "xss-index").search("script").results
    snippet = hits[0].snippet if hits else ""
    plain = re.sub(r"</?mark[^>]*>", "", snippet)  # the highlight splits "&lt;script"
    ok = "&lt;script&gt;" in plain and "<script" not in snippet
    return {"ok": ok, "snippet": snippet}


def concurrency(work: Path) -> dict[str, Any]:
    """Two processes upsert into one index at the same instant; both must land."""
    from indexer import Entry, SearchService, build_index

    index = work / "shared-index"
    build_index([Entry("seed", "Seed")], index)
    argv = [sys.executable, __file__, "--writer", str(index)]
    start = str(time.time() + 3)  # after both have imported the project
    procs = [
        subprocess.Popen([*argv, tag, start], stdout=subprocess.PIPE, text=True)
        for tag in "ab"
    ]
    writers = [json.loads(p.communicate(timeout=120)[0] or "{}") for p in procs]
    svc = SearchService(index)
    entries = svc.stats()["entries"]
    landed = [svc.search(f"wrote{t}", per_page=1).total == WRITES for t in "ab"]
    ok = all(landed) and entries == 1 + 2 * WRITES
    ok = ok and all(p.returncode == 0 for p in procs)
    return {"ok": ok, "entries": entries, "writers": writers}


def writer_main(index: str, tag: str, start: float) -> None:
    from indexer import Entry, Paragraph, Section
    from indexer.build import upsert_entries
    from indexer.sources import SourcedEntry
    from indexer.store import IndexStore

    items = []
    for i in range(WRITES):
        sec = Section(f"w{tag}{i}_Sec1", "Summary", 1, (Paragraph(f"wrote{tag} {i}"),))
        entry = Entry(f"w{tag}{i}", f"Writer {tag} topic {i}", (), (sec,))
        items.append(SourcedEntry(entry, "api", f"{tag}{i}"))
    time.sleep(max(0.0, start - time.time()))
    began = time.time()
    report = upsert_entries(IndexStore(index), items)
    took, skew = round(time.time() - began, 3), round(began - start, 3)
    print(
        json.dumps({"tag": tag, "s": took, "skew_s": skew, "added": len(report.added)})
    )


def source_digest() -> str:
    """Digest of the project code this venv runs, to notice edits mid-run."""
    from importlib.util import find_spec  # finds without importing

    files = sorted(Path(find_spec("indexer").origin).parent.glob("*.py"))
    return hashlib.sha1(b"".join(f.read_bytes() for f in files)).hexdigest()[:12]


def child_main(config: Path) -> None:
    c = json.loads(config.read_text())
    out: dict[str, Any] = {"fork": c["fork"], "python": sys.version.split()[0]}
    work = Path(c["work"])
    steps = {
        "compile_scan": compile_scan,
        "strict_import": strict_import,
        "search": lambda: build_and_query(
            Path(c["medquad"]), c["queries"], c["passes"], work
        ),
        "escaping": lambda: escaping(work),
        "concurrency": lambda: concurrency(work),
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            import indexer  # noqa: F401
        except Exception as exc:
            out["import_error"] = f"{type(exc).__name__}: {exc}"
        out["import_warnings"] = [fmt_warning(w) for w in caught]
        out["metadata"] = fork_metadata(c["dist"])
        out["source_digest"] = digest = source_digest()
        for name, step in steps.items():
            try:
                out[name] = step()
            except Exception as exc:
                tb = traceback.format_exc(limit=-2).splitlines()[-4:-1]
                out[name] = {"error": f"{type(exc).__name__}: {exc}", "where": tb}
        run = caught[len(out["import_warnings"]) :]  # compile_scan records its own
    out["run_warnings"] = sorted({fmt_warning(w) for w in run})
    out["source_changed_during_run"] = source_digest() != digest
    (work / "result.json").write_text(json.dumps(out, indent=1))


# ---- the parent --------------------------------------------------------------


def snapshot(ref: str) -> tuple[Path, str]:
    """The project tree to install: a ``git archive`` of ``ref``, or the tree."""
    if ref == "worktree":
        return REPO, "worktree"
    git = ["git", "-C", str(REPO)]
    rev = subprocess.run(
        [*git, "rev-parse", "--short", ref], check=True, capture_output=True, text=True
    ).stdout.strip()
    dest = Path(tempfile.mkdtemp(prefix=f"medsearch-{rev}-"))
    tar = subprocess.run([*git, "archive", ref], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=tar.stdout, check=True)
    return dest, rev


def project_deps(src: Path) -> list[str]:
    """The project's declared dependencies minus its Whoosh pin."""
    toml = tomllib.loads((src / "pyproject.toml").read_text(encoding="utf-8"))
    return [
        d for d in toml["project"]["dependencies"] if not re.match("whoosh", d, re.I)
    ]


def run_fork(name: str, args: argparse.Namespace, src: Path, queries: list) -> dict:
    venv = Path(f"/tmp/fork-{name}")
    shutil.rmtree(venv, ignore_errors=True)
    py, t0 = str(venv / "bin" / "python"), time.perf_counter()
    pip = [py, "-m", "pip", "-q", "--disable-pip-version-check", "install"]
    pip.append("--no-compile")  # import compiles the fork, showing its warnings
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        for pkgs in ([FORKS[name], *project_deps(src)], ["--no-deps", "-e", str(src)]):
            subprocess.run([*pip, *pkgs], check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        return {"fork": name, "install_error": (exc.stderr or "")[-500:]}
    print(f"[{name}] installed in {time.perf_counter() - t0:.0f}s", flush=True)
    work = Path(tempfile.mkdtemp(prefix=f"fork-{name}-"))
    config = {"fork": name, "dist": FORKS[name].split("=")[0], "work": str(work)}
    config.update(medquad=str(args.medquad), passes=args.passes, queries=queries)
    (work / "config.json").write_text(json.dumps(config))
    cmd = [py, __file__, "--child", str(work / "config.json")]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        proc = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=args.timeout
        )
        out = work / "result.json"
        result = json.loads(out.read_text()) if out.exists() else {"fork": name}
        if proc.returncode:
            result["child_error"] = proc.stderr[-800:]
    except subprocess.TimeoutExpired:
        result = {"fork": name, "child_error": f"timed out after {args.timeout}s"}
    print(f"[{name}] done in {time.perf_counter() - t0:.0f}s", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    if not args.keep_venvs:
        shutil.rmtree(venv, ignore_errors=True)
    return result


def row(name: str, r: dict[str, Any], base_top: list) -> list[str]:
    """One fork's line of the table; ERR where a step raised."""
    s, warn = r.get("search", {}), r.get("import_warnings", [])
    top = s.get("top1") or []
    same = sum(a == b for a, b in zip(top, base_top, strict=False))
    cells = [name + ("!" if r.get("source_changed_during_run") else "")]
    cells.append(r.get("metadata", {}).get("version", "?"))
    cells.append(
        f"{len(warn)} " + (warn[0].replace("Warning", "")[:50] if warn else "")
    )
    cells.append(r.get("strict_import", {}).get("ok", "ERR"))
    cells += [s.get(k, "ERR") for k in ("build_s", "index_mb", "p50_ms", "p95_ms")]
    cells.append(s.get("failures", "ERR"))
    cells.append(f"{same / len(base_top):.0%}" if top and base_top else "-")
    cells += [r.get(k, {}).get("ok", "ERR") for k in ("escaping", "concurrency")]
    cells.append(r.get("compile_scan", {}).get("count", "ERR"))
    return [str(c) for c in cells]


def table(results: dict[str, dict[str, Any]]) -> str:
    base = results.get(BASELINE) or next(iter(results.values()))
    base_top = base.get("search", {}).get("top1") or []
    head = "fork,version,import warnings,-W error import,build s,index MB,"
    rows = [(head + "p50 ms,p95 ms,fail,top1=w3,escape,concur,compile warn").split(",")]
    rows += [row(name, r, base_top) for name, r in results.items()]
    widths = [max(len(cells[i]) for cells in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(map(str.ljust, cells, widths)) for cells in rows)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--medquad", type=Path, default=REPO.parent / "shared" / "medquad")
    p.add_argument("--queries", type=int, default=300)
    p.add_argument("--passes", type=int, default=3, help="timed passes after warm-up")
    p.add_argument("--forks", default="whoosh3,whoosh-reloaded,whoosh")
    p.add_argument("--keep-venvs", action="store_true")
    p.add_argument("--source", default="HEAD", help="git ref to install, or worktree")
    p.add_argument("--timeout", type=int, default=400, help="seconds per fork's child")
    p.add_argument("--out-json", type=Path, default=REPO / "bench/results/forks.json")
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # CONFIG.json
    p.add_argument("--writer", nargs=3, help=argparse.SUPPRESS)  # INDEX TAG START
    args = p.parse_args()
    if args.writer:
        return writer_main(args.writer[0], args.writer[1], float(args.writer[2]))
    if args.child:
        return child_main(args.child)
    forks = [f.strip() for f in args.forks.split(",") if f.strip()]
    if unknown := set(forks) - set(FORKS):
        p.error(f"unknown forks {sorted(unknown)}; choose from {sorted(FORKS)}")
    started = time.perf_counter()
    queries = make_queries(args.medquad, args.queries)
    src, rev = snapshot(args.source)
    print(f"project {rev}, {len(queries)} queries, forks {forks}", flush=True)
    results = {name: run_fork(name, args, src, queries) for name in forks}
    print(table(results))
    args.out_json.parent.mkdir(parents=True, exist_ok=True)
    seconds = round(time.perf_counter() - started)
    meta = {"python": sys.version.split()[0], "cores": os.cpu_count(), "project": rev}
    doc = {**meta, "seconds": seconds, "queries": queries, "forks": results}
    args.out_json.write_text(json.dumps(doc, indent=1))
    print(f"wrote {args.out_json} after {seconds}s")
    if src != REPO:
        shutil.rmtree(src, ignore_errors=True)


if __name__ == "__main__":
    main()
