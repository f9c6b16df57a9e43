"""Run the app: gunicorn's workers behind the buffering front (``front.py``).

``run`` starts gunicorn (configured in code) in a child process, bound to a
unix socket in a private folder, and serves the public address with the
front in this process. Clients never reach gunicorn directly: every request
it sees is complete, so its threads only ever compute answers. Stopping this
process (SIGTERM, SIGINT) stops gunicorn gracefully; if gunicorn's master
dies, this process stops too, with an error, rather than answer 503 forever.
gunicorn itself restarts a worker killed by ``kill -9``.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gunicorn.app.base import BaseApplication

try:  # libuv's event loop: the front's own cost per request is about halved
    from uvloop import run as run_loop
except ImportError:  # pragma: no cover - uvloop has no Windows build
    from asyncio import run as run_loop

from . import create_app
from .upstream import WORKER_HEADER


class _Server(BaseApplication):
    def __init__(self, options: dict, index_dir: str) -> None:
        self.options = options
        self.index_dir = index_dir
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Each worker builds its own app, so each opens the index once.
        app = naming_worker(create_app({"INDEX_DIR": self.index_dir}))
        settle_collector()
        return app


#: Young collections between two full ones in a worker (Python's default
#: is 10; see :func:`settle_collector`).
FULL_COLLECTION_EVERY = 100


def settle_collector() -> None:
    """Spare a worker most of the garbage collector's full passes.

    What opening the index made lives as long as the worker: moved out of
    the collector's sight (``gc.freeze``), a full collection no longer
    walks it. Replaying the bench's skewed log in one process, full
    collections paused it up to 159 ms (54 ms frozen; load average 6);
    served to 16 clients, 1.5x the requests per second (alternating runs).
    The garbage of the opening is collected first, not kept for good.

    What a full pass still walks are the caches, which hold no cycles:
    after 3,000 searches at ten MedQuADs a collection found no garbage at
    all, while each pass took 70-80 ms and came every 1,000 queries. A
    request's own cycles (Flask's, some 15 objects a request) die young
    and the young passes take them; an index snapshot replaced by a write
    leaves a few thousand objects in cycles, which now wait ten times as
    long for a full pass (every ~8,000 queries at ten MedQuADs).
    """
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


def naming_worker(app: Callable) -> Callable:
    """Wrap a WSGI app so that every answer names the worker process.

    The front shares its kept-alive connections fairly among the workers
    by it (``upstream.py``) and removes the header before a client sees it.
    """
    name = WORKER_HEADER.decode("latin-1")

    def wrapped(environ: dict, start_response: Callable) -> object:
        def start(status: str, headers: list, *args: object) -> object:
            headers.append((name, str(os.getpid())))
            return start_response(status, headers, *args)

        return app(environ, start)

    return wrapped


def gunicorn_options(
    *, bind: str, workers: int, threads: int, max_requests: int = 0
) -> dict:
    return {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        # A worker's memory grows for some 20,000 queries after its caches
        # fill (README, "How it grows"): a bound restarts it, at a jitter of
        # a tenth so the workers do not all restart at once. 0: never.
        "max_requests": max_requests,
        "max_requests_jitter": max_requests // 10,
        "timeout": 60,
        "graceful_timeout": 10,
        # Only the front connects; it closes its kept-alive connections after
        # 2 s unused (``Limits.upstream_idle_seconds``), before this does.
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # Bodies are capped by Flask (MAX_CONTENT_LENGTH) and the front;
        # the front caps heads too, these stay as a second line.
        "limit_request_line": 8190,
        "limit_request_fields": 100,
    }


def _serve_backend(config: dict) -> None:
    """The child process: gunicorn on the unix socket (``python -m``)."""
    _Server(gunicorn_options(**config["gunicorn"]), config["index_dir"]).run()


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the front dies, even by ``kill -9``."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_for_socket(path: Path, backend: subprocess.Popen, timeout: float) -> None:
    """Return once gunicorn accepts connections on ``path``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if backend.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {backend.returncode}")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(str(path))
                return
            except OSError:
                time.sleep(0.05)
    raise RuntimeError(f"gunicorn did not listen on {path} within {timeout:g} s")


def run(
    *,
    host: str,
    port: int,
    workers: int,
    threads: int,
    index_dir: str,
    max_requests: int = 0,
    on_ready: Callable[[str, int], None] = lambda host, port: None,
) -> None:
    """Serve until stopped; ``on_ready`` gets the bound address."""
    from .front import serve

    with tempfile.TemporaryDirectory(prefix="medsearch-serve-") as folder:
        path = Path(folder) / "app.sock"  # the folder is private (0700)
        config = {
            "gunicorn": {
                "bind": f"unix:{path}",
                "workers": workers,
                "threads": threads,
                "max_requests": max_requests,
            },
            "index_dir": index_dir,
        }
        backend = subprocess.Popen(
            [sys.executable, "-m", "webapp.server", json.dumps(config)],
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        try:
            _wait_for_socket(path, backend, timeout=60)
            run_loop(
                serve(
                    host,
                    port,
                    path,
                    token=os.environ.get("MEDSEARCH_API_TOKEN") or None,
                    workers=workers,
                    threads=threads,
                    backend_alive=lambda: backend.poll() is None,
                    on_ready=on_ready,
                )
            )
        finally:
            if backend.poll() is None:
                backend.terminate()  # gunicorn's graceful stop
                try:
                    backend.wait(15)
                except subprocess.TimeoutExpired:
                    backend.kill()
                    backend.wait(5)
    if backend.returncode not in (0, None):
        raise SystemExit(f"gunicorn stopped with code {backend.returncode}")


if __name__ == "__main__":
    _serve_backend(json.loads(sys.argv[1]))
