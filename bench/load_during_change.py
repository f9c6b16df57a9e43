"""Serve searches under load while the index is being changed, then check it.

Why: a search engine is hard to break only if users notice nothing while
entries are written. This starts the production server (``medsearch serve``:
gunicorn, two workers) on a free loopback port and runs client threads
(stdlib ``http.client``, one keep-alive connection each) against
``/api/search``, ``/search``, ``/api/suggest`` and ``/api/entries/<id>``
while a changer thread, at the same time,

* adds, changes and deletes entries through the write API
  (``PUT``/``DELETE /api/entries/<id>`` with the bearer token),
* adds, changes and removes files and runs ``medsearch index FILES``
  (incremental), and
* runs full ``medsearch index --rebuild`` against the same index folder.

During the load any answer other than 2xx counts as a failure (except a 404
for an entry that was deleted), as does an exception or a timeout, or a
"sentinel" search for an entry that is never touched not finding it. After
the load (and the 1.5 s every worker needs to refresh) every written entry
must be found by its unique word, every changed one only by its new text,
and every removed one must be gone; ``/api/stats`` must count exactly the
entries that should be there.

Usage::

    python bench/load_during_change.py                     # 16 clients, 30 s
    python bench/load_during_change.py --seconds 3 --clients 4 --entries 60

Prints a summary and exits 1 on any failure. Everything stays on 127.0.0.1;
the server is stopped at the end (SIGTERM, then SIGKILL), also on errors.
Not part of the test suite (``tests/test_fault_scripts.py`` runs it tiny).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import http_load  # noqa: E402
from bench.faults import Words, medsearch_command, write_entry  # noqa: E402
from bench.http_load import HOST, Server, start_server  # noqa: E402
from bench.timing import summarize  # noqa: E402
from indexer.corpus import entry_id_for, read_entry_file  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
REFRESH_WAIT = 1.5  # seconds: every worker has refreshed after this
CLIENT_TIMEOUT = 10.0  # a search slower than this is a failure
WRITE_TIMEOUT = 90.0  # a write may wait for the lock behind a rebuild
# A keep-alive connection the server closed fails on reuse; retry once.
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


# -- HTTP ----------------------------------------------------------------------


class Connection:
    """One keep-alive connection that reconnects once when found closed."""

    def __init__(
        self, port: int, timeout: float, headers: dict[str, str] | None = None
    ):
        self.port = port
        self.timeout = timeout
        self.headers = headers or {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)

    def request(
        self, method: str, path: str, body: bytes | None = None, **headers: str
    ) -> tuple[int, bytes, float]:
        """Status, body and milliseconds.

        :raises OSError: or :class:`http.client.HTTPException` on failure.
        """
        started = time.perf_counter()
        for attempt in (1, 2):
            reused = self.conn.sock is not None
            try:
                self.conn.request(method, path, body, {**self.headers, **headers})
                response = self.conn.getresponse()
                data = response.read()
                return response.status, data, (time.perf_counter() - started) * 1000
            except _STALE:
                self.conn.close()
                if attempt == 2 or not reused:
                    raise
            except (OSError, http.client.HTTPException):
                self.conn.close()
                raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


def fresh_get(port: int, path: str) -> tuple[int, dict]:
    """GET on a new connection (so repeated checks can land on any worker)."""
    conn = Connection(port, CLIENT_TIMEOUT)
    try:
        status, body, _ = conn.request("GET", path)
    finally:
        conn.close()
    try:
        return status, json.loads(body)
    except ValueError:
        return status, {}


def search_path(query: str) -> str:
    return "/api/search?" + urlencode({"q": query, "per_page": 50})


# -- what is in the index ------------------------------------------------------


@dataclass
class Tracked:
    """An entry the changer wrote: its current unique word and earlier ones."""

    entry_id: str
    via: str  # "api" or "file"
    marker: str
    old: list[str] = field(default_factory=list)
    path: Path | None = None


@dataclass
class Model:
    """What the index should hold; shared by the changer and the clients."""

    base_entries: int = 0
    stable: dict[str, str] = field(default_factory=dict)  # id -> word, untouched
    live: dict[str, Tracked] = field(default_factory=dict)  # changer's entries
    removed: dict[str, Tracked] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)  # ids a 404 is fine for
    volatile_files: list[Path] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    added: int = 0  # entries added minus removed, beyond base_entries
    api_ids: int = 0
    file_ids: int = 0

    def expected_entries(self) -> int:
        return self.base_entries + self.added


# -- the load ------------------------------------------------------------------


@dataclass
class Tally:
    """One thread's figures."""

    latency_ms: list[float] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    expected_404: int = 0
    failures: int = 0
    sentinel_misses: int = 0
    samples: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.failures += 1
        if len(self.samples) < 5:
            self.samples.append(message)


def client(
    port: int,
    queries: Sequence[str],
    prefixes: Sequence[str],
    model: Model,
    stop: threading.Event,
    seed: int,
    max_requests: int,
) -> Tally:
    """One client thread: a mix of searches, pages, suggestions, entries."""
    rng = random.Random(seed)
    tally = Tally()
    conn = Connection(port, CLIENT_TIMEOUT)
    stable = sorted(model.stable.items())
    while not stop.is_set() and sum(tally.kinds.values()) < max_requests:
        roll = rng.random()
        expect_id = None
        may_404 = False
        if roll < 0.55:
            kind, path = "search", search_path(rng.choice(queries))
        elif roll < 0.65:
            kind, path = "page", "/search?" + urlencode({"q": rng.choice(queries)})
        elif roll < 0.80:
            kind, path = (
                "suggest",
                "/api/suggest?" + urlencode({"q": rng.choice(prefixes)}),
            )
        elif roll < 0.93:
            # Sentinel: an entry nobody touches must always be found.
            kind = "sentinel"
            expect_id, word = rng.choice(stable)
            path = search_path(word)
        else:
            kind = "entry"
            with model.lock:
                gone = sorted(model.gone)
            if gone and rng.random() < 0.5:
                entry_id, may_404 = rng.choice(gone), True
            else:
                entry_id = rng.choice(stable)[0]
            path = f"/api/entries/{quote(entry_id)}"
        tally.kinds[kind] += 1
        try:
            status, body, ms = conn.request("GET", path)
        except (OSError, http.client.HTTPException) as exc:
            tally.statuses["exception"] += 1
            tally.fail(f"{type(exc).__name__}: {exc} for {path[:80]}")
            continue
        tally.latency_ms.append(ms)
        tally.statuses[status] += 1
        if status == 404 and may_404:
            tally.expected_404 += 1
        elif not 200 <= status < 300:
            tally.fail(f"HTTP {status} for {path[:80]}")
        elif expect_id is not None:
            try:
                found = {hit["entry_id"] for hit in json.loads(body)["results"]}
            except (ValueError, KeyError, TypeError):
                tally.fail(f"bad JSON for {path[:80]}")
                continue
            if expect_id not in found:
                tally.sentinel_misses += 1
                tally.fail(f"sentinel {expect_id} not found by {path[:80]}")
    conn.close()
    return tally


# -- the changer ---------------------------------------------------------------


@dataclass
class Writes:
    adds: Counter = field(default_factory=Counter)  # by "api"/"file"
    changes: Counter = field(default_factory=Counter)
    removes: Counter = field(default_factory=Counter)
    syncs: int = 0
    rebuilds: int = 0
    requests: int = 0
    get_after_delete: Counter = field(default_factory=Counter)  # status -> n
    latency_ms: list[float] = field(default_factory=list)
    sync_seconds: list[float] = field(default_factory=list)
    rebuild_seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    cycles: int = 0


class Changer:
    """Writes through the API and the CLI, in cycles, until told to stop."""

    def __init__(
        self,
        port: int,
        token: str,
        model: Model,
        words: Words,
        files: Path,
        index_dir: Path,
        rng: random.Random,
    ) -> None:
        self.conn = Connection(
            port,
            WRITE_TIMEOUT,
            {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        self.port = port
        self.model = model
        self.words = words
        self.files = files
        self.index_dir = index_dir
        self.rng = rng
        self.writes = Writes()
        self.first_cycle_done = threading.Event()

    # -- API ----------------------------------------------------------------

    def _call(self, method: str, path: str, body: dict | None, want: int) -> int | None:
        data = json.dumps(body).encode() if body is not None else None
        self.writes.requests += 1
        try:
            status, answer, ms = self.conn.request(method, path, data)
        except (OSError, http.client.HTTPException) as exc:
            self.writes.failures.append(f"{method} {path}: {type(exc).__name__}: {exc}")
            return None
        self.writes.latency_ms.append(ms)
        if status != want:
            self.writes.failures.append(
                f"{method} {path}: HTTP {status} (wanted {want}): {answer[:200]!r}"
            )
        return status

    def _body(self, entry_id: str, marker: str) -> dict:
        return {
            "title": f"Load test entry {entry_id}",
            "alternative_names": [f"Load entry {entry_id.split('-')[-1]}"],
            "sections": [
                {
                    "name": "Definition",
                    "text": f"It ({marker}) is {self.words.body(40)}.",
                },
                {"name": "Treatment", "text": f"Treatment uses {self.words.body(40)}."},
            ],
        }

    def api_add(self) -> None:
        self.model.api_ids += 1
        entry_id = f"api-{self.model.api_ids:04d}"
        marker = self.words.unique()
        body = self._body(entry_id, marker)
        if self._call("PUT", f"/api/entries/{entry_id}", body, 201) == 201:
            with self.model.lock:
                self.model.live[entry_id] = Tracked(entry_id, "api", marker)
                self.model.added += 1
            self.writes.adds["api"] += 1

    def _pick(self, via: str) -> Tracked | None:
        with self.model.lock:
            choices = sorted(i for i, t in self.model.live.items() if t.via == via)
            return self.model.live[self.rng.choice(choices)] if choices else None

    def api_change(self) -> None:
        tracked = self._pick("api")
        if tracked is None:
            return
        marker = self.words.unique()
        path = f"/api/entries/{tracked.entry_id}"
        if self._call("PUT", path, self._body(tracked.entry_id, marker), 200) == 200:
            with self.model.lock:
                tracked.old.append(tracked.marker)
                tracked.marker = marker
            self.writes.changes["api"] += 1

    def api_remove(self) -> None:
        tracked = self._pick("api")
        if tracked is None:
            return
        with self.model.lock:
            self.model.gone.add(tracked.entry_id)
        path = f"/api/entries/{tracked.entry_id}"
        if self._call("DELETE", path, None, 200) == 200:
            with self.model.lock:
                self.model.removed[tracked.entry_id] = self.model.live.pop(
                    tracked.entry_id
                )
                self.model.added -= 1
            self.writes.removes["api"] += 1
            # On a new connection any worker may answer, and one that has not
            # refreshed yet may still say 200: both are fine, both counted.
            try:
                status, _ = fresh_get(self.port, path)
                self.writes.get_after_delete[status] += 1
            except (OSError, http.client.HTTPException) as exc:
                self.writes.failures.append(f"GET after DELETE: {exc}")

    # -- files and the CLI -------------------------------------------------

    def _cli(self, *args: str) -> dict | None:
        command = [
            *medsearch_command(),
            *args,
            "--json",
            "--index-dir",
            str(self.index_dir),
        ]
        started = time.monotonic()
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=WRITE_TIMEOUT * 2
            )
        except subprocess.TimeoutExpired:
            self.writes.failures.append(f"{' '.join(args[:2])}: timed out")
            return None
        seconds = time.monotonic() - started
        if done.returncode != 0:
            self.writes.failures.append(
                f"{' '.join(args[:2])} exited {done.returncode}: {done.stderr[-300:]}"
            )
            return None
        report = json.loads(done.stdout)
        report["wall_seconds"] = seconds
        return report

    def file_cycle(self) -> None:
        """Add one file, change one, remove one; then ``medsearch index FILES``."""
        self.model.file_ids += 1
        marker = self.words.unique()
        new = self.files / f"loadnew-{self.model.file_ids:04d}.txt"
        write_entry(new, f"Load new file {self.model.file_ids}", marker, self.words)
        added = Tracked(entry_id_for(new), "file", marker, path=new)
        with self.model.lock:
            candidates = [p for p in self.model.volatile_files if p.exists()]
        changed_path, removed_path = self.rng.sample(candidates, 2)
        changed = self._file_tracked(changed_path)
        new_marker = self.words.unique()
        write_entry(
            changed_path, f"Load file {changed.entry_id}", new_marker, self.words
        )
        removed = self._file_tracked(removed_path)
        with self.model.lock:
            self.model.gone.add(removed.entry_id)
        removed_path.unlink()
        report = self._cli("index", str(self.files))
        self.writes.syncs += 1
        if report is None:
            return
        self.writes.sync_seconds.append(report["wall_seconds"])
        counts = (report["added"], report["changed"], report["removed"])
        if counts != (1, 1, 1):
            self.writes.failures.append(f"sync reported {counts}, wanted (1, 1, 1)")
        with self.model.lock:
            self.model.live[added.entry_id] = added
            self.model.volatile_files.append(new)
            changed.old.append(changed.marker)
            changed.marker = new_marker
            self.model.removed[removed.entry_id] = self.model.live.pop(removed.entry_id)
        self.writes.adds["file"] += 1
        self.writes.changes["file"] += 1
        self.writes.removes["file"] += 1

    def _file_tracked(self, path: Path) -> Tracked:
        entry_id = entry_id_for(path)
        with self.model.lock:
            return self.model.live[entry_id]

    def rebuild(self) -> None:
        report = self._cli("index", "--rebuild", str(CORPUS), str(self.files))
        self.writes.rebuilds += 1
        if report is not None:
            self.writes.rebuild_seconds.append(report["wall_seconds"])
            if report["entries"] != self.model.expected_entries():
                self.writes.failures.append(
                    f"rebuild indexed {report['entries']} entries, "
                    f"wanted {self.model.expected_entries()}"
                )

    # -- the loop ----------------------------------------------------------

    def run(self, stop: threading.Event, max_cycles: int, rebuild_every: int) -> None:
        try:
            while self.writes.cycles < max_cycles:
                if stop.is_set() and self.first_cycle_done.is_set():
                    break
                self.writes.cycles += 1
                for _ in range(3):
                    self.api_add()
                self.api_change()
                self.api_remove()
                self.file_cycle()
                if (self.writes.cycles - 1) % rebuild_every == 0:
                    self.rebuild()
                self.first_cycle_done.set()
        except Exception as exc:  # noqa: BLE001 - a crash here is a finding
            self.writes.failures.append(f"changer crashed: {type(exc).__name__}: {exc}")
        finally:
            self.first_cycle_done.set()
            self.conn.close()


# -- verification after the load -----------------------------------------------


@dataclass
class Verdict:
    searchable: int = 0
    searchable_of: int = 0
    new_text_only: int = 0
    new_text_of: int = 0
    gone: int = 0
    gone_of: int = 0
    stats: tuple[int, int] = (0, 0)
    problems: list[str] = field(default_factory=list)


def entry_texts(data: dict) -> str:
    return " ".join(section.get("text", "") for section in data.get("sections", []))


def verify(port: int, model: Model, repeat: int = 2) -> Verdict:
    """Check the served index against the model, ``repeat`` times per check."""
    verdict = Verdict()
    for tracked in sorted(model.live.values(), key=lambda t: t.entry_id):
        ok = True
        for _ in range(repeat):
            status, found = fresh_get(port, search_path(tracked.marker))
            hits = {hit["entry_id"] for hit in found.get("results", [])}
            status_e, entry = fresh_get(port, f"/api/entries/{tracked.entry_id}")
            text = entry_texts(entry)
            if status != 200 or tracked.entry_id not in hits:
                ok = False
                verdict.problems.append(f"{tracked.entry_id} not found by its word")
            if status_e != 200 or tracked.marker not in text:
                ok = False
                verdict.problems.append(
                    f"{tracked.entry_id}: GET {status_e}, new text?"
                )
            if tracked.old:
                stale = [w for w in tracked.old if w in text]
                for word in tracked.old:
                    _, found = fresh_get(port, search_path(word))
                    if tracked.entry_id in {h["entry_id"] for h in found["results"]}:
                        stale.append(word)
                if stale:
                    ok = False
                    verdict.problems.append(f"{tracked.entry_id} still has old text")
        verdict.searchable_of += 1
        verdict.searchable += ok
        if tracked.old:
            verdict.new_text_of += 1
            verdict.new_text_only += ok
    for tracked in sorted(model.removed.values(), key=lambda t: t.entry_id):
        ok = True
        for _ in range(repeat):
            status, _ = fresh_get(port, f"/api/entries/{tracked.entry_id}")
            _, found = fresh_get(port, search_path(tracked.marker))
            if status != 404:
                ok = False
                verdict.problems.append(f"removed {tracked.entry_id}: GET {status}")
            if tracked.entry_id in {h["entry_id"] for h in found.get("results", [])}:
                ok = False
                verdict.problems.append(f"removed {tracked.entry_id} still found")
        verdict.gone_of += 1
        verdict.gone += ok
    for _ in range(repeat):
        status, stats = fresh_get(port, "/api/stats")
        verdict.stats = (stats.get("entries", -1), model.expected_entries())
        if status != 200 or verdict.stats[0] != verdict.stats[1]:
            verdict.problems.append(f"/api/stats entries {verdict.stats}")
    return verdict


# -- setup ---------------------------------------------------------------------


def corpus_titles() -> dict[str, str]:
    """Entry id -> title for the repository's corpus."""
    titles = {}
    for path in sorted(CORPUS.glob("*.txt")):
        if path.stem == "thesaurus":
            continue
        titles[entry_id_for(path)] = read_entry_file(path).title
    return titles


def build_queries(
    titles: dict[str, str], words: Words, rng: random.Random
) -> list[str]:
    """Titles, questions, sections and made-up words: hits and misses."""
    queries = list(titles.values())
    for title in titles.values():
        queries.append(f"what are the symptoms of {title.lower()}")
        queries.append(f"{title.lower()} section:treatment")
    queries += ["microwave ablation", "liver", "blood test", "chest pain", "diabetes"]
    queries += [" ".join(rng.sample(words.vocabulary, 2)) for _ in range(40)]
    return queries


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--entries", type=int, default=300, help="synthetic files (at least 10)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--max-cycles", type=int, default=100, help="changer cycles")
    parser.add_argument("--rebuild-every", type=int, default=3, help="cycles")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--work-dir", type=Path, help="keep everything here")
    return parser.parse_args(argv)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # runs the finally blocks: the server stops


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.entries = max(10, args.entries)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started = time.monotonic()
    rng = random.Random(args.seed)
    words = Words(random.Random(args.seed + 1))
    if args.work_dir:
        args.work_dir.mkdir(parents=True, exist_ok=False)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="medsearch-load-"))
    try:
        return _run(args, work, rng, words, started)
    finally:
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)


def _run(
    args: argparse.Namespace,
    work: Path,
    rng: random.Random,
    words: Words,
    started: float,
) -> int:
    """Write the files, build the index, start the server, load, verify."""
    files, index_dir = work / "files", work / "index"
    files.mkdir(parents=True)
    model = Model()
    for n in range(args.entries):
        marker = words.unique()
        path = write_entry(files / f"load-{n:04d}.txt", f"Load file {n}", marker, words)
        entry_id = entry_id_for(path)
        if n % 2 == 0:  # half are never touched: the sentinels
            model.stable[entry_id] = marker
        else:
            model.live[entry_id] = Tracked(entry_id, "file", marker, path=path)
            model.volatile_files.append(path)
    titles = corpus_titles()
    build = subprocess.run(
        [*medsearch_command(), "index", "--rebuild", "--json", str(CORPUS), str(files)]
        + ["--index-dir", str(index_dir)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if build.returncode != 0:
        print(f"building the index failed:\n{build.stderr[-2000:]}", file=sys.stderr)
        return 1
    model.base_entries = json.loads(build.stdout)["entries"]
    model.stable.update(titles)  # corpus entries: found by their title
    # start_server may set its own token for the server; else it inherits ours.
    token = getattr(http_load, "API_TOKEN", None) or secrets.token_urlsafe(24)
    os.environ["MEDSEARCH_API_TOKEN"] = token
    server = start_server(index_dir, work / "server.log", workers=args.workers)
    try:
        return _load(args, server, token, model, words, rng, files, index_dir, started)
    finally:
        server.stop()


def _load(
    args: argparse.Namespace,
    server: Server,
    token: str,
    model: Model,
    words: Words,
    rng: random.Random,
    files: Path,
    index_dir: Path,
    started: float,
) -> int:
    # Sentinels must be found before any change; drop a title the ranking
    # does not put on the first page (that would be a relevance question).
    for entry_id, word in list(model.stable.items()):
        _, found = fresh_get(server.port, search_path(word))
        if entry_id not in {hit["entry_id"] for hit in found.get("results", [])}:
            del model.stable[entry_id]
    queries = build_queries(corpus_titles(), words, rng)
    prefixes = sorted({q[:3].lower() for q in queries if len(q) >= 3})
    changer = Changer(server.port, token, model, words, files, index_dir, rng)
    stop = threading.Event()
    # Daemon threads: an error below must not leave the script hanging.
    changer_thread = threading.Thread(
        target=changer.run,
        args=(stop, args.max_cycles, args.rebuild_every),
        daemon=True,
    )
    results: list[Tally] = [Tally() for _ in range(args.clients)]

    def run_client(n: int) -> None:
        try:
            results[n] = client(
                server.port,
                queries,
                prefixes,
                model,
                stop,
                args.seed * 100 + n,
                args.max_requests // args.clients,
            )
        except Exception as exc:  # noqa: BLE001 - a crashed client is a failure
            results[n].fail(f"client crashed: {type(exc).__name__}: {exc}")

    clients = [
        threading.Thread(target=run_client, args=(n,), daemon=True)
        for n in range(args.clients)
    ]
    load_started = time.monotonic()
    try:
        for thread in [changer_thread, *clients]:
            thread.start()
        # The load lasts --seconds, and at least until the changer's first
        # cycle (with its rebuild) is done: every kind of write under load.
        time.sleep(args.seconds)
        changer.first_cycle_done.wait(timeout=WRITE_TIMEOUT * 4)
    finally:
        stop.set()
    for thread in clients:
        thread.join()
    load_seconds = time.monotonic() - load_started
    changer_thread.join()
    time.sleep(REFRESH_WAIT)
    verdict = verify(server.port, model)

    tally = Tally()
    for r in results:
        tally.latency_ms += r.latency_ms
        tally.kinds += r.kinds
        tally.statuses += r.statuses
        tally.expected_404 += r.expected_404
        tally.failures += r.failures
        tally.sentinel_misses += r.sentinel_misses
        tally.samples += r.samples
    log = server.log_path.read_text(errors="replace")
    server_errors = log.count("Traceback") + log.count("[ERROR]")
    writes = changer.writes
    failures = (
        tally.failures + len(writes.failures) + len(verdict.problems) + server_errors
    )
    print(
        summary(
            args,
            tally,
            writes,
            verdict,
            load_seconds,
            server_errors,
            failures,
            time.monotonic() - started,
            model,
        )
    )
    return 1 if failures else 0


def _ms(values: list[float]) -> str:
    s = summarize(values)
    if not s["n"]:
        return "-"
    return f"p50 {s['p50_ms']:.1f} / p95 {s['p95_ms']:.1f} / p99 {s['p99_ms']:.1f} ms"


def summary(
    args: argparse.Namespace,
    tally: Tally,
    writes: Writes,
    verdict: Verdict,
    load_seconds: float,
    server_errors: int,
    failures: int,
    runtime: float,
    model: Model,
) -> str:
    requests = sum(tally.kinds.values())
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(tally.kinds.items()))
    statuses = ", ".join(
        f"{k}: {n}" for k, n in sorted(tally.statuses.items(), key=str)
    )
    after_delete = ", ".join(
        f"{k}: {n}" for k, n in sorted(writes.get_after_delete.items())
    )
    lines = [
        "",
        "== load during change summary ==",
        f"server:               medsearch serve --workers {args.workers}, "
        f"{model.base_entries} entries at start",
        f"load:                 {args.clients} clients for {load_seconds:.1f} s",
        f"requests:             {requests} ({kinds}); {requests / load_seconds:.0f}/s",
        f"statuses:             {statuses}",
        f"request failures:     {tally.failures} (sentinel misses "
        f"{tally.sentinel_misses}, expected 404s {tally.expected_404})",
        f"latency:              {_ms(tally.latency_ms)}",
        f"writes done:          adds {sum(writes.adds.values())} "
        f"(api {writes.adds['api']}, files {writes.adds['file']}), "
        f"changes {sum(writes.changes.values())}, "
        f"removes {sum(writes.removes.values())}, syncs {writes.syncs}, "
        f"rebuilds {writes.rebuilds} in {writes.cycles} cycles",
        f"write API latency:    {_ms(writes.latency_ms)} ({writes.requests} requests)",
        f"sync / rebuild wall:  "
        f"{_ms([s * 1000 for s in writes.sync_seconds])} / "
        f"{_ms([s * 1000 for s in writes.rebuild_seconds])}",
        f"GET after DELETE:     {after_delete or '-'}",
        f"write failures:       {len(writes.failures)}",
        f"verified searchable:  {verdict.searchable}/{verdict.searchable_of} "
        "tracked entries found by their unique word",
        f"verified new text:    {verdict.new_text_only}/{verdict.new_text_of} "
        "changed entries show only their new text",
        f"verified removed:     {verdict.gone}/{verdict.gone_of} gone (404, not found)",
        f"verified stats:       /api/stats entries {verdict.stats[0]}, "
        f"expected {verdict.stats[1]}",
        f"server log errors:    {server_errors}",
        f"runtime:              {runtime:.1f} s",
    ]
    for sample in (tally.samples + writes.failures + verdict.problems)[:15]:
        lines.append(f"  problem: {sample}")
    lines.append(f"failures: {failures}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
