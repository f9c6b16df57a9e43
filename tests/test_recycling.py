"""``medsearch serve --max-requests``: workers restart and no request fails.

A worker that leaves closes the front's kept-alive connections to it; a
search already sent on one goes again over a new connection
(``webapp/upstream.py``), so clients see only answers.
"""

from __future__ import annotations

import http.client
import json
from pathlib import Path

from bench.http_load import HOST, start_server
from indexer import build_index

from .conftest import make_entries


def test_workers_restart_after_max_requests_and_every_search_answers(
    tmp_path: Path,
):
    index_dir = tmp_path / "index"
    build_index(make_entries(), index_dir)
    server = start_server(
        index_dir, tmp_path / "server.log", workers=1, options=["--max-requests", "10"]
    )
    try:
        master = server.process.pid
        workers_seen = set()
        statuses = []
        conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
        for n in range(60):
            conn.request("GET", f"/api/search?q=gout&page={n % 3 + 1}&n={n}")
            response = conn.getresponse()
            body = response.read()
            statuses.append(response.status)
            if response.status == 200:
                assert json.loads(body)["query"] == "gout"
            workers_seen |= {p for p in server.pids() if p != master}
        conn.close()
    finally:
        server.stop()
    assert statuses == [200] * 60
    # gunicorn's master and at least three workers in turn (about 10 requests each)
    assert len(workers_seen) >= 4
