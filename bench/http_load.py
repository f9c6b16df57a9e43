"""Drive the production server (``medsearch serve``, gunicorn) over loopback.

Why a hand-rolled client: the numbers that matter for users come from the
real server with its real worker and thread counts, and a thread pool of
``http.client`` keep-alive connections (one per client thread, as browsers
keep one) needs nothing beyond the standard library. Everything stays on
127.0.0.1 and every loop stops by the clock.

The server's memory is read from ``/proc`` (VmRSS of the gunicorn master and
all its descendants), since psutil is not a dependency.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from .queries import BenchQuery
from .timing import summarize

HOST = "127.0.0.1"  # loopback only, never any other address
# An idle keep-alive connection the server closed fails on reuse without a
# response; a browser retries such a request once, and so do we.
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


def free_port() -> int:
    """A port nobody listens on right now (tiny race, fine for a benchmark)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def medsearch_command() -> Path:
    """The venv's ``medsearch`` script, beside the running interpreter."""
    return Path(sys.executable).parent / "medsearch"


# -- /proc -----------------------------------------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (which may hold spaces)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw.rpartition(")")[2].split()


def _parent(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[1]) if fields else None


def _start_time(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[19]) if fields else None  # field 22 of stat(5)


def descendants(root: int) -> list[int]:
    """Every live process below ``root`` (children, their children ...)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = _parent(int(entry))
            if parent is not None:
                parents.setdefault(parent, []).append(int(entry))
    found: list[int] = []
    todo = [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS, RssAnon and RssFile of one process in kB (zeros if it is gone).

    Summed over processes, VmRSS counts the index pages that every worker
    maps from the same files once per worker; RssAnon is each one's own heap.
    """
    wanted = {"VmRSS": 0, "RssAnon": 0, "RssFile": 0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in wanted:
                wanted[key] = int(value.split()[0])
    except OSError:
        pass
    return wanted


# -- the server ----------------------------------------------------------------


@dataclass
class Server:
    """A ``medsearch serve`` subprocess and the processes it started."""

    process: subprocess.Popen
    port: int
    log_path: Path
    startup_seconds: float = 0.0
    # pid -> start time, so a recycled pid is never signalled.
    _known: dict[int, int | None] = field(default_factory=dict)

    def pids(self) -> list[int]:
        """The master and its descendants, remembered for a clean stop."""
        pids = [self.process.pid, *descendants(self.process.pid)]
        for pid in pids:
            self._known.setdefault(pid, _start_time(pid))
        return pids

    def rss_mb(self) -> tuple[float, int]:
        """Total RSS (MB) over master and workers, and how many processes."""
        memory = self.memory_mb()
        return memory["VmRSS"], memory["processes"]

    def memory_mb(self) -> dict[str, float]:
        """VmRSS, RssAnon and RssFile (MB) summed over master and workers."""
        pids = self.pids()
        totals = {"VmRSS": 0.0, "RssAnon": 0.0, "RssFile": 0.0}
        for pid in pids:
            for key, kb in memory_kb(pid).items():
                totals[key] += kb / 1024
        return {**totals, "processes": len(pids)}

    def get_json(self, path: str, timeout: float = 5.0) -> dict:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"GET {path}: HTTP {response.status}")
            return json.loads(body)
        finally:
            conn.close()

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM (gunicorn's graceful stop), then SIGKILL what is left."""
        self.pids()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        # Workers normally exit with the master; kill any that did not.
        deadline = time.monotonic() + 5
        for pid, started in self._known.items():
            if pid == self.process.pid:
                continue
            while _start_time(pid) == started and time.monotonic() < deadline:
                time.sleep(0.05)
            if started is not None and _start_time(pid) == started:
                os.kill(pid, signal.SIGKILL)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        except OSError:
            return ""


API_TOKEN = "bench-token"  # the benchmark's own server only


def start_server(
    index_dir: Path,
    log_path: Path,
    *,
    workers: int = 2,
    timeout: float = 90.0,
    options: Sequence[str] = (),
) -> Server:
    """Start ``medsearch serve`` on a free loopback port; return once healthy.

    Healthy means ``/healthz`` answered 200 and all workers are up.

    :raises RuntimeError: if the server exits or does not answer in time.
    """
    port = free_port()
    command = [
        str(medsearch_command()),
        "serve",
        "--index-dir",
        str(index_dir),
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--host",
        HOST,
        *options,
    ]
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "MEDSEARCH_API_TOKEN": API_TOKEN},
        )
    server = Server(process, port, log_path)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"the server exited with code {process.returncode}:\n"
                    + server.log_tail()
                )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"no healthy server after {timeout:.0f} s:\n" + server.log_tail()
                )
            try:
                server.get_json("/healthz", timeout=2.0)
            except (OSError, RuntimeError, http.client.HTTPException, ValueError):
                time.sleep(0.1)
                continue
            if len(server.pids()) >= 1 + workers:
                break
            time.sleep(0.1)
    except BaseException:
        server.stop()
        raise
    server.startup_seconds = time.perf_counter() - started
    return server


# -- the load ----------------------------------------------------------------


def request_path(query: BenchQuery, page: bool) -> str:
    """``/api/search?q=...`` (or the HTML ``/search`` page) for one query."""
    params = {"q": query.text}
    if query.section:
        params["section"] = query.section
    return ("/search?" if page else "/api/search?") + urlencode(params)


@dataclass
class _ClientResult:
    api_ms: list[float] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    reconnects: int = 0


def _client(
    port: int,
    log: Sequence[BenchQuery],
    counter: itertools.count,
    deadline: float,
    page_every: int,
) -> _ClientResult:
    """One client thread: one keep-alive connection, requests until deadline."""
    result = _ClientResult()
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    while time.monotonic() < deadline:
        n = next(counter)  # itertools.count is atomic under the GIL
        page = page_every > 0 and n % page_every == page_every - 1
        path = request_path(log[n % len(log)], page)
        started = time.perf_counter()
        try:
            for attempt in (1, 2):
                reused = conn.sock is not None
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    break
                except _STALE:
                    conn.close()
                    if attempt == 2 or not reused:
                        raise
                    result.reconnects += 1
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            result.statuses["exception"] += 1
            if len(result.errors) < 5:
                result.errors.append(f"{type(exc).__name__}: {exc}")
            continue
        elapsed = (time.perf_counter() - started) * 1000
        result.statuses[response.status] += 1
        if response.status != 200 and len(result.errors) < 5:
            result.errors.append(f"HTTP {response.status} for {path[:120]}")
        (result.page_ms if page else result.api_ms).append(elapsed)
    conn.close()
    return result


def run_load(
    server: Server,
    log: Sequence[BenchQuery],
    *,
    clients: int,
    seconds: float,
    page_every: int = 16,
) -> dict:
    """``clients`` threads replay ``log`` for ``seconds``; returns the figures.

    Every ``page_every``-th request fetches the HTML results page instead of
    the JSON API, so template rendering is part of the load.
    """
    counter = itertools.count()
    started = time.perf_counter()
    deadline = time.monotonic() + seconds
    rss_peak = [0.0]
    done = threading.Event()

    def sample_rss() -> None:
        # Memory while under load, a few times a second.
        while not done.wait(0.25):
            rss_peak[0] = max(rss_peak[0], server.rss_mb()[0])

    sampler = threading.Thread(target=sample_rss, daemon=True)
    sampler.start()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [
            pool.submit(_client, server.port, log, counter, deadline, page_every)
            for _ in range(clients)
        ]
        results = [f.result() for f in futures]
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()

    api_ms = [ms for r in results for ms in r.api_ms]
    page_ms = [ms for r in results for ms in r.page_ms]
    statuses: Counter = sum((r.statuses for r in results), Counter())
    errors = sum(n for status, n in statuses.items() if status != 200)
    total = sum(statuses.values())
    memory = server.memory_mb()
    return {
        "clients": clients,
        "seconds": round(elapsed, 3),
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "errors": errors,
        "statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)},
        "error_samples": [e for r in results for e in r.errors][:10],
        "reconnects": sum(r.reconnects for r in results),
        "latency": summarize(api_ms + page_ms),
        "api_latency": summarize(api_ms),
        "page_latency": summarize(page_ms),
        "rss_mb": round(memory["VmRSS"], 1),
        "rss_anon_mb": round(memory["RssAnon"], 1),
        "rss_file_mb": round(memory["RssFile"], 1),
        "rss_peak_mb": round(max(rss_peak[0], memory["VmRSS"]), 1),
        "processes": memory["processes"],
    }


# -- wrk -------------------------------------------------------------------

_WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
function init(args)
  n = offset
end
function request()
  n = n + 2
  return wrk.format("GET", paths[n % #paths + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "p99": %.3f, '
    .. '"max": %.3f, "socket_errors": %d, "non_2xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def wrk_available() -> bool:
    """Whether the C load generator ``wrk`` (Debian package) is installed."""
    return shutil.which("wrk") is not None


def run_wrk(
    server: Server,
    log: Sequence[BenchQuery],
    *,
    clients: int,
    seconds: float,
    page_every: int = 16,
) -> dict:
    """Replay ``log`` with wrk: a load generator that barely uses the CPU.

    A Python client pool competes with the server for this machine's two
    cores and inflates the tail latency it measures; wrk (two threads of C)
    does not. Same paths, same share of HTML pages as :func:`run_load`.
    """
    paths = [
        request_path(q, page_every > 0 and n % page_every == page_every - 1)
        for n, q in enumerate(log)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path_file = Path(tmp) / "paths.txt"
        path_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
        script = Path(tmp) / "replay.lua"
        script.write_text(_WRK_SCRIPT, encoding="utf-8")
        done = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{clients}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                f"http://{HOST}:{server.port}",
            ],
            env={**os.environ, "BENCH_PATHS": str(path_file)},
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    line = next(x for x in done.stdout.splitlines() if x.startswith("WRK "))
    figures = json.loads(line[4:])
    memory = server.memory_mb()
    errors = figures["socket_errors"] + figures["non_2xx"]
    return {
        "client": "wrk",
        "clients": clients,
        "seconds": figures["seconds"],
        "requests": figures["requests"],
        "requests_per_s": round(figures["requests"] / figures["seconds"], 1),
        "errors": errors,
        "statuses": {},
        "error_samples": [],
        "reconnects": 0,
        "latency": {
            "n": figures["requests"],
            "p50_ms": round(figures["p50"], 3),
            "p95_ms": round(figures["p95"], 3),
            "p99_ms": round(figures["p99"], 3),
            "mean_ms": None,
            "max_ms": round(figures["max"], 3),
        },
        "api_latency": summarize([]),
        "page_latency": summarize([]),
        "rss_mb": round(memory["VmRSS"], 1),
        "rss_anon_mb": round(memory["RssAnon"], 1),
        "rss_file_mb": round(memory["RssFile"], 1),
        "rss_peak_mb": round(memory["VmRSS"], 1),
        "processes": memory["processes"],
    }


# -- writes over HTTP ----------------------------------------------------------


def measure_write_visibility(server: Server, writes: int = 10) -> dict:
    """Seconds from a ``PUT /api/entries/<id>`` answer to a search finding it.

    Polls ``/api/search`` on fresh connections (so any worker may answer) for
    a word that only the new entry holds; the entry is removed afterwards.
    """
    seconds = []
    for n in range(writes):
        word = f"benchword{n}x{os.getpid()}"
        entry_id = f"bench-write-{n}"
        body = json.dumps(
            {
                "title": f"Bench write {n}",
                "sections": [{"name": "Definition", "text": f"About {word}."}],
            }
        )
        headers = {
            "Authorization": f"Bearer {API_TOKEN}",
            "Content-Type": "application/json",
        }
        conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
        conn.request("PUT", f"/api/entries/{entry_id}", body=body, headers=headers)
        status = conn.getresponse().status
        written = time.perf_counter()
        conn.close()
        if status not in (200, 201):
            raise RuntimeError(f"PUT answered {status}")
        while True:
            found = server.get_json(f"/api/search?q={word}")
            if found["total"]:
                seconds.append(time.perf_counter() - written)
                break
            if time.perf_counter() - written > 10:
                raise RuntimeError(f"{entry_id} not searchable after 10 s")
            time.sleep(0.01)
        conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
        conn.request("DELETE", f"/api/entries/{entry_id}", headers=headers)
        conn.getresponse().read()
        conn.close()
    ordered = sorted(seconds)
    return {
        "writes": writes,
        "median_s": round(ordered[len(ordered) // 2], 3),
        "max_s": round(ordered[-1], 3),
    }
