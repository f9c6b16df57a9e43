"""Searches while slow clients attack the server: before, during, after.

Why: issue 11 found that four connections sending headers at a byte a
second took the default server down, and that a body trickling in after the
answer held a worker thread. This script repeats that attack at scale on
loopback and measures what normal users get meanwhile:

* ``--slow-headers`` connections (200) send a request head one byte every
  ``--interval`` seconds (1), never finishing it;
* ``--slow-bodies`` connections (50) send a whole head and then trickle the
  body at ``--body-rate`` bytes a second (20): half ``GET /api/search`` with
  a body, half ``PUT /api/entries/...`` without a token;
* an attacker whose connection the server cuts off reconnects at once;
* ``--clients`` threads (4) run normal searches of two or three words,
  ``--rate`` (10) a second each, one keep-alive connection each, throughout.

The searches are timed with no attack (the baseline, same run), under
attack, and after the attack stops (recovery; the first search after the
stop is printed on its own). Target: under attack p99 < 100 ms and no
errors, recovery at once.

Usage::

    python bench/slow_clients.py --index-dir DIR        # serves a copy of DIR
    python bench/slow_clients.py --index-dir DIR --source /tmp/old
        # the server of another source tree, e.g. the code before the front:
        # mkdir /tmp/old && git archive 669c2d8 | tar -x -C /tmp/old
    python bench/slow_clients.py --url http://127.0.0.1:8000  # a running server

Without ``--index-dir`` the sample corpus is indexed. Everything stays on
127.0.0.1 (``--url`` must be a loopback address) and the whole run is
bounded by its phases (60 s by default); the server it started is stopped
at the end, also on errors. Exits 1 if the target is missed.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import multiprocessing
import os
import random
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.http_load import HOST, Server, free_port  # noqa: E402
from bench.timing import summarize  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
WORDS = (
    "gout asthma diabetes migraine anemia glaucoma psoriasis arthritis "
    "hepatitis leukemia lymphoma melanoma epilepsy influenza pneumonia "
    "tuberculosis cancer heart kidney liver lung skin bone blood brain "
    "treatment symptoms causes diagnosis prevention outlook children pain"
).split()
SEARCH_TIMEOUT = 10.0  # a search slower than this counts as an error


# -- the searches ----------------------------------------------------------------


@dataclass
class Phase:
    """Search latencies (ms) and errors while one phase lasts."""

    name: str
    latency_ms: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.samples) < 3:
            self.samples.append(what)


class Searches:
    """``clients`` threads searching until stopped; figures go to ``phase``."""

    def __init__(
        self, host: str, port: int, clients: int, rate: float, seed: int
    ) -> None:
        self.host, self.port = host, port
        self.interval = 1 / rate if rate > 0 else 0.0
        self.phase = Phase("warm-up")
        self.stop = threading.Event()
        self.first_after: float | None = None  # set at the recovery's start
        self.first_ms: float | None = None
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._client, daemon=True) for _ in range(clients)
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def join(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(SEARCH_TIMEOUT + 5)

    def _client(self) -> None:
        conn = None
        due = time.perf_counter()
        while not self.stop.is_set():
            # Paced like a person (--rate searches a second), not flat out:
            # the figures are a user's wait, not the server's queue.
            due += self.interval
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            else:
                due = time.perf_counter()
            with self.lock:  # two or three words: seldom a cached page
                query = " ".join(self.rng.sample(WORDS, self.rng.choice((2, 3))))
            phase = self.phase
            path = "/api/search?q=" + quote(query)
            started = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(
                        self.host, self.port, timeout=SEARCH_TIMEOUT
                    )
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                if conn is not None:
                    conn.close()
                conn = None
                phase.error(f"{type(exc).__name__}: {exc}"[:120])
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                phase.error(f"HTTP {status} for {path}")
                continue
            phase.latency_ms.append(elapsed)
            first = self.first_after
            if first is not None and self.first_ms is None and started >= first:
                self.first_ms = elapsed
        if conn is not None:
            conn.close()


# -- the attack ------------------------------------------------------------------


@dataclass
class AttackCounts:
    opened: int = 0
    cut_off: int = 0  # connections the server closed or answered
    refused: int = 0  # connections that could not be opened


class Attack:
    """Slow heads and trickling bodies, from a process of their own.

    A process of its own, so the attack's work never holds the interpreter
    lock the search clients' timing needs.
    """

    def __init__(self, host: str, port: int, args: argparse.Namespace) -> None:
        context = multiprocessing.get_context("spawn")
        self.established = context.Event()
        self._stop = context.Event()
        self._results = context.Queue()
        self.counts = AttackCounts()
        self._process = context.Process(
            target=_attack,
            args=(host, port, vars(args), self.established, self._stop, self._results),
            daemon=True,
        )

    def start(self) -> None:
        self._process.start()

    def stop(self) -> None:
        self._stop.set()
        try:
            self.counts = AttackCounts(**self._results.get(timeout=30))
        finally:
            self._process.join(10)
            if self._process.is_alive():
                self._process.kill()


def _attack(host: str, port: int, args: dict, established, stop, results) -> None:
    """The attack process: connect, trickle until ``stop``, report counts."""
    attacker = Attacker(host, port, argparse.Namespace(**args))
    attacker.run(established, stop)
    results.put(vars(attacker.counts))


@dataclass
class _Trickle:
    """One attack connection: what it sends at once, then bit by bit."""

    head: bytes
    tail: bytes
    step: int  # bytes per send
    interval: float  # seconds between sends
    sock: socket.socket | None = None
    offset: int = 0
    due: float = 0.0


class Attacker:
    """Every connection on one selector loop: light, so that the attack's
    own CPU (on this same machine) takes as little as possible from the
    server it measures."""

    def __init__(self, host: str, port: int, args: argparse.Namespace) -> None:
        self.host, self.port, self.args = host, port, args
        self.counts = AttackCounts()
        self.selector = selectors.DefaultSelector()

    def trickles(self) -> list[_Trickle]:
        args = self.args
        head_tail = b"ET /api/search?q=gout HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"".join(
            b"X-Slow-%d: %s\r\n" % (i, b"a" * 60) for i in range(100)
        )
        found = [
            _Trickle(b"G", head_tail, 1, args.interval)
            for _ in range(args.slow_headers)
        ]
        size = 100_000
        step = max(1, round(args.body_rate * 0.5))  # a send every half second
        for n in range(args.slow_bodies):
            if n % 2:
                start = b"PUT /api/entries/slow-%d HTTP/1.1\r\n" % n
            else:
                start = b"GET /api/search?q=asthma HTTP/1.1\r\n"
            head = start + (
                b"Host: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                b"Content-Length: %d\r\n\r\nX" % size
            )
            found.append(_Trickle(head, b"x" * (size - 1), step, step / args.body_rate))
        return found

    def _open(self, trickle: _Trickle) -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=5)
            sock.sendall(trickle.head)
        except OSError:
            self.counts.refused += 1
            trickle.sock, trickle.due = None, time.monotonic() + 0.2
            return
        sock.setblocking(False)
        self.counts.opened += 1
        trickle.sock, trickle.offset = sock, 0
        trickle.due = time.monotonic() + trickle.interval
        self.selector.register(sock, selectors.EVENT_READ, trickle)

    def _close(self, trickle: _Trickle) -> None:
        if trickle.sock is not None:
            self.selector.unregister(trickle.sock)
            trickle.sock.close()
            trickle.sock = None

    def run(self, established, stop) -> None:
        trickles = self.trickles()
        for trickle in trickles:
            self._open(trickle)
        established.set()
        while not stop.is_set():
            for key, _ in self.selector.select(timeout=0.05):
                # The server answered (408, 413 ...) or closed: reconnect.
                self.counts.cut_off += 1
                self._close(key.data)
                self._open(key.data)
            now = time.monotonic()
            for trickle in trickles:
                if trickle.due > now:
                    continue
                if trickle.sock is None:
                    self._open(trickle)
                    continue
                piece = trickle.tail[trickle.offset : trickle.offset + trickle.step]
                try:
                    trickle.sock.send(piece)
                except OSError:
                    self.counts.cut_off += 1
                    self._close(trickle)
                    self._open(trickle)
                    continue
                trickle.offset += len(piece)
                trickle.due = now + trickle.interval
        for trickle in trickles:
            self._close(trickle)


# -- the server ------------------------------------------------------------------


def start_server(args: argparse.Namespace, work: Path) -> Server:
    """``medsearch serve`` on a copy of the index, from this tree or ``--source``."""
    index_dir = work / "index"
    if args.index_dir:
        shutil.copytree(args.index_dir, index_dir)
    env = dict(os.environ)
    env.pop("MEDSEARCH_API_TOKEN", None)  # the attack's PUTs have no token anyway
    if args.source:
        env["PYTHONPATH"] = str(args.source)
        command = [sys.executable, "-c", "from webapp.cli import main; main()"]
    else:
        command = [str(Path(sys.executable).parent / "medsearch")]
    if not args.index_dir:
        subprocess.run(
            [*command, "index", "--rebuild", str(REPO / "corpus")]
            + ["--index-dir", str(index_dir)],
            check=True,
            capture_output=True,
            env=env,
            timeout=300,
        )
    port = free_port()
    command += ["serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(args.workers), "--threads", str(args.threads)]
    command += ["--index-dir", str(index_dir)]
    log_path = work / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work
        )
    server = Server(process, port, log_path)
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError("the server exited:\n" + server.log_tail())
        try:
            server.get_json("/healthz", timeout=2.0)
            server.get_json("/api/search?q=gout", timeout=10.0)
            return server
        except (OSError, RuntimeError, http.client.HTTPException, ValueError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("no healthy server:\n" + server.log_tail()) from None
            time.sleep(0.2)


def loopback(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        is_loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        is_loopback = False
    if not is_loopback:
        raise SystemExit(f"--url must be a loopback address, not {host!r}")
    return host, parts.port or 80


# -- the run -----------------------------------------------------------------------


def figures(phase: Phase, seconds: float) -> str:
    s = summarize(phase.latency_ms)
    if not s["n"]:
        return f"{phase.name:<14}{0:>9}{phase.errors:>8}        -        -        -"
    return (
        f"{phase.name:<14}{s['n']:>9}{phase.errors:>8}"
        f"{s['p50_ms']:>9.1f}{s['p95_ms']:>9.1f}{s['p99_ms']:>9.1f}"
        f"{s['n'] / seconds:>9.0f}"
    )


def measure(host: str, port: int, args: argparse.Namespace, label: str) -> int:
    attack = Attack(host, port, args)
    searches = Searches(host, port, args.clients, args.rate, args.seed)
    searches.start()
    time.sleep(1.0)  # warm-up, not counted
    searches.phase = baseline = Phase("no attack")
    time.sleep(args.baseline_seconds)
    searches.phase = Phase("attack opening")
    attack.start()
    attack.established.wait(30)
    searches.phase = under = Phase("under attack")
    attack_started = time.perf_counter()
    time.sleep(args.attack_seconds)
    attack_seconds = time.perf_counter() - attack_started
    attack.stop()
    searches.first_after = time.perf_counter()
    searches.phase = recovery = Phase("recovery")
    time.sleep(args.recovery_seconds)
    searches.join()

    under_p99 = summarize(under.latency_ms).get("p99_ms")
    met = (
        under.errors == 0
        and bool(under.latency_ms)
        and under_p99 is not None
        and under_p99 < 100
        and recovery.errors == 0
    )
    counts = attack.counts
    lines = [
        "",
        "== slow clients ==",
        f"server:          {label}",
        f"attack:          {args.slow_headers} slow heads (a byte every "
        f"{args.interval:g} s) + {args.slow_bodies} trickling bodies "
        f"({args.slow_bodies - args.slow_bodies // 2} GET with a body, "
        f"{args.slow_bodies // 2} PUT without a token, {args.body_rate:g} B/s) "
        f"for {attack_seconds:.0f} s",
        f"attack conns:    {counts.opened} opened, {counts.cut_off} cut off by "
        f"the server, {counts.refused} refused or reset",
        f"searches:        {args.clients} clients, {args.rate:g} a second each, "
        f"timeout {SEARCH_TIMEOUT:g} s",
        "",
        f"{'phase':<14}{'searches':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'per s':>9}",
        figures(baseline, args.baseline_seconds),
        figures(under, attack_seconds),
        figures(recovery, args.recovery_seconds),
        "first search after the attack stopped: "
        + (f"{searches.first_ms:.1f} ms" if searches.first_ms is not None else "none"),
    ]
    for phase in (under, recovery):
        for sample in phase.samples:
            lines.append(f"  {phase.name} error: {sample}")
    lines.append(
        "target (under attack p99 < 100 ms, no errors; recovery clean): "
        + ("met" if met else "MISSED")
    )
    print("\n".join(lines), flush=True)
    return 0 if met else 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (loopback) instead")
    parser.add_argument("--index-dir", type=Path, help="serve a copy of this index")
    parser.add_argument("--source", type=Path, help="serve this source tree's code")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--slow-headers", type=int, default=200)
    parser.add_argument("--slow-bodies", type=int, default=50)
    parser.add_argument("--interval", type=float, default=1.0, help="s per head byte")
    parser.add_argument("--body-rate", type=float, default=20.0, help="body B/s")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--rate", type=float, default=10.0, help="searches a second per client"
    )
    parser.add_argument("--baseline-seconds", type=float, default=15.0)
    parser.add_argument("--attack-seconds", type=float, default=30.0)
    parser.add_argument("--recovery-seconds", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args(argv)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # runs the finally blocks: the server stops


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    if args.url:
        host, port = loopback(args.url)
        return measure(host, port, args, args.url)
    work = Path(tempfile.mkdtemp(prefix="medsearch-slow-"))
    try:
        server = start_server(args, work)
        try:
            source = f"source {args.source}" if args.source else "this tree"
            label = (
                f"medsearch serve --workers {args.workers} --threads {args.threads} "
                f"({source}), index "
                + (str(args.index_dir) if args.index_dir else "corpus/")
            )
            return measure(HOST, server.port, args, label)
        finally:
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
