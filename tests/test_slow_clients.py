"""Slow clients and piled-up writers cannot starve the readers (issue 11).

Each test starts ``medsearch serve`` (one worker with two threads) on the
tiny index and does, in small, what ``bench/slow_clients.py`` does at scale.
Before the buffering front both failed: slow heads and a trickling body held
both threads, and writers waiting for the index lock did too, so the search
never got a thread. The timeouts are generous (a search takes milliseconds
here); they bound a failure, they do not measure speed.
"""

from __future__ import annotations

import fcntl
import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.http_load import API_TOKEN, HOST, Server, start_server
from indexer import build_index
from indexer.store import LOCK

from .conftest import make_entries

SEARCH_TIMEOUT = 8.0  # seconds; a held server never answers within it


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("served") / "index"
    build_index(make_entries(), path)
    return path


@pytest.fixture(scope="module")
def served(index_dir: Path) -> Iterator[Server]:
    """One server for the module: starting one takes seconds."""
    with pytest.MonkeyPatch.context() as patch:
        # A write waits this long for the index lock before its 503.
        patch.setenv("MEDSEARCH_WRITE_TIMEOUT", "20")
        server = start_server(index_dir, index_dir.parent / "server.log", workers=1)
    try:
        yield server
    finally:
        server.stop()


def search(port: int, query: str = "gout") -> dict:
    conn = http.client.HTTPConnection(HOST, port, timeout=SEARCH_TIMEOUT)
    try:
        conn.request("GET", f"/api/search?q={query}")
        response = conn.getresponse()
        assert response.status == 200
        return json.loads(response.read())
    finally:
        conn.close()


class Trickle:
    """Connections that each send a head, then one more byte every 0.2 s."""

    def __init__(self, port: int, heads: list[bytes]) -> None:
        self.socks = [socket.create_connection((HOST, port)) for _ in heads]
        for sock, head in zip(self.socks, heads, strict=True):
            sock.sendall(head)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._drip, daemon=True)
        self.thread.start()

    def _drip(self) -> None:
        while not self.stop.wait(0.2):
            for sock in self.socks:
                try:
                    sock.send(b"a")
                except OSError:
                    pass  # the server cut it off, as it may

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        for sock in self.socks:
            sock.close()


def test_slow_heads_and_a_trickling_body_leave_searches_answering(served):
    """Four slow heads and a trickling body: more than the server's threads."""
    heads = [b"GET /api/search?q=gout HTTP/1.1\r\nHost: x\r\nX-Slow: "] * 4
    heads.append(
        b"GET /api/search?q=gout HTTP/1.1\r\nHost: x\r\n"
        b"Content-Length: 100000\r\n\r\nxx"
    )
    attack = Trickle(served.port, heads)
    try:
        time.sleep(1.0)  # the server has seen every connection's first bytes
        found = search(served.port)
        assert found["results"][0]["entry_id"] == "gout"
    finally:
        attack.close()


def test_writers_beyond_the_queue_get_503_and_searches_still_answer(
    served, index_dir: Path
):
    """Twelve writers while the index lock is held (a rebuild would hold it).

    One write waits for the lock in the app, four wait in the front, the rest
    are refused at once with 503 and Retry-After; the search answers all the
    while, and once the lock is free every acknowledged write is there.
    """
    ids = [f"queued-{n}" for n in range(12)]

    def put(entry_id: str) -> tuple[int, dict, str | None]:
        conn = http.client.HTTPConnection(HOST, served.port, timeout=60)
        body = json.dumps(
            {"title": f"Queued {entry_id}", "sections": [{"name": "A", "text": "x"}]}
        )
        conn.request(
            "PUT",
            f"/api/entries/{entry_id}",
            body=body,
            headers={
                "Authorization": f"Bearer {API_TOKEN}",
                "Content-Type": "application/json",
            },
        )
        response = conn.getresponse()
        answer = (
            response.status,
            json.loads(response.read()),
            response.getheader("Retry-After"),
        )
        conn.close()
        return answer

    with open(index_dir / LOCK, "a+") as lock, ThreadPoolExecutor(12) as pool:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            futures = [pool.submit(put, entry_id) for entry_id in ids]
            time.sleep(1.0)  # every writer has arrived
            assert search(served.port)["results"][0]["entry_id"] == "gout"
            refused = [f.result() for f in futures if f.done()]
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
        answers = [f.result() for f in futures]

    assert len(refused) >= 5, refused
    for status, body, retry_after in refused:
        assert status == 503
        assert body["error"]["status"] == 503 and "retry" in body["error"]["message"]
        assert retry_after is not None and int(retry_after) > 0
    acknowledged = [
        entry_id
        for entry_id, (status, _, _) in zip(ids, answers, strict=True)
        if status in (200, 201)
    ]
    assert len(acknowledged) == len(ids) - len(refused)
    time.sleep(0.5)  # the worker refreshes its searcher
    for entry_id in acknowledged:
        entry = served.get_json(f"/api/entries/{entry_id}")
        assert entry["title"] == f"Queued {entry_id}"
