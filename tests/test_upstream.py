"""The front's pool of kept-alive connections to gunicorn (``webapp/upstream.py``).

A stand-in for gunicorn's workers on a unix socket keeps connections alive,
hands each new one to a "worker" in turn, names the worker in every answer
as ``server.py`` does, and records what each worker was doing when.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from webapp.front import Request
from webapp.upstream import WORKER_HEADER, Upstream, UpstreamError

from .test_front import in_new_loop


class Workers:
    """Kept-alive HTTP/1.1 over a unix socket; connection n goes to worker
    ``names[n % len(names)]``. ``/slow`` answers after ``slow`` seconds."""

    def __init__(
        self,
        names: str = "ab",
        slow: float = 0.1,
        extra: bytes = b"",
        leave_after: int | None = None,
    ):
        self.names = names
        self.slow = slow
        self.extra = extra  # sent after every answer, unasked
        # A connection's request after this many closes it unanswered, as a
        # worker leaving (``max_requests``) closes its kept-alive connections.
        self.leave_after = leave_after
        self.connections = 0
        self.busy = dict.fromkeys(names, 0)
        self.most_busy = dict.fromkeys(names, 0)
        self.served = dict.fromkeys(names, 0)
        self.by_target: dict[bytes, set[str]] = {}

    async def handle(self, reader, writer) -> None:
        worker = self.names[self.connections % len(self.names)]
        self.connections += 1
        answered = 0
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if answered == self.leave_after:
                    break
                answered += 1
                target = head.split(b" ")[1]
                self.busy[worker] += 1
                self.most_busy[worker] = max(self.most_busy[worker], self.busy[worker])
                if target.startswith(b"/slow"):
                    await asyncio.sleep(self.slow)
                self.busy[worker] -= 1
                self.served[worker] += 1
                self.by_target.setdefault(target, set()).add(worker)
                writer.write(
                    b"HTTP/1.1 200 OK\r\n%s: %s\r\nContent-Length: %d\r\n\r\n%s%s"
                    % (WORKER_HEADER, worker.encode(), len(target), target, self.extra)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def get(target: bytes, method: bytes = b"GET") -> Request:
    return Request(method=method, target=target, headers=[(b"host", b"h")])


async def with_workers(tmp_path: Path, workers: Workers, scenario, **pool) -> object:
    path = tmp_path / "app.sock"
    server = await asyncio.start_unix_server(workers.handle, str(path))
    upstream = Upstream(path, **{"timeout": 5, **pool})
    try:
        return await scenario(upstream)
    finally:
        upstream.close()
        server.close()


def run(tmp_path: Path, workers: Workers, scenario, **pool):
    return in_new_loop(with_workers(tmp_path, workers, scenario, **pool))


def test_one_connection_serves_request_after_request(tmp_path):
    workers = Workers()

    async def scenario(upstream):
        return [(await upstream.exchange(get(b"/%d" % n), b"h")).body for n in range(5)]

    assert run(tmp_path, workers, scenario) == [b"/0", b"/1", b"/2", b"/3", b"/4"]
    assert workers.connections == 1


def test_the_worker_header_stays_between_front_and_gunicorn(tmp_path):
    async def scenario(upstream):
        return await upstream.exchange(get(b"/x"), b"h")

    answer = run(tmp_path, Workers(), scenario)
    assert answer.status == 200
    assert WORKER_HEADER not in {name for name, _ in answer.headers}


def test_requests_are_shared_among_workers_never_over_their_threads(tmp_path):
    """Eight at once, two workers of one thread: one request each at a
    time, the rest waiting in the front; both workers serve half."""
    workers = Workers(slow=0.05)

    async def scenario(upstream):
        found = await asyncio.gather(
            *(upstream.exchange(get(b"/slow/%d" % n), b"h") for n in range(8))
        )
        return [answer.status for answer in found]

    statuses = run(tmp_path, workers, scenario, capacity=2, per_worker=1)
    assert statuses == [200] * 8
    assert workers.most_busy == {"a": 1, "b": 1}
    assert workers.served == {"a": 4, "b": 4}


def test_a_url_goes_back_to_the_same_worker_when_both_are_free(tmp_path):
    """Each worker caches result pages: a URL asked again finds its page."""
    workers = Workers(slow=0.05)

    async def scenario(upstream):
        # Two at once: a connection to each worker.
        await asyncio.gather(*(upstream.exchange(get(b"/slow"), b"h") for _ in "ab"))
        for _ in range(3):
            for n in range(12):
                await upstream.exchange(get(b"/search?q=%d" % n), b"h")

    run(tmp_path, workers, scenario)
    asked = {t: w for t, w in workers.by_target.items() if t.startswith(b"/search")}
    assert len(asked) == 12
    assert all(len(served_by) == 1 for served_by in asked.values()), asked
    assert set.union(*asked.values()) == {"a", "b"}


def test_a_connection_that_timed_out_is_never_reused(tmp_path):
    """Its late answer must not become the next request's answer."""

    async def scenario(upstream):
        with pytest.raises(UpstreamError) as failed:
            await upstream.exchange(get(b"/slow"), b"h")
        await asyncio.sleep(0.3)  # the late answer arrives
        answer = await upstream.exchange(get(b"/next"), b"h")
        return failed.value.status, answer.body

    workers = Workers(names="a", slow=0.2)
    assert run(tmp_path, workers, scenario, timeout=0.1) == (504, b"/next")
    assert workers.connections == 2


def test_a_connection_with_unasked_bytes_is_never_reused(tmp_path):
    async def scenario(upstream):
        return [(await upstream.exchange(get(b"/%d" % n), b"h")).body for n in range(3)]

    workers = Workers(names="a", extra=b"HTTP/1.1 200 OK\r\n")
    assert run(tmp_path, workers, scenario) == [b"/0", b"/1", b"/2"]
    assert workers.connections == 3


def test_a_read_is_sent_again_when_a_kept_alive_connection_closes_unanswered(
    tmp_path,
):
    """A worker that leaves closes its idle connections; a read already on
    one goes once more over a new connection, never failing its client."""

    async def scenario(upstream):
        return [(await upstream.exchange(get(b"/%d" % n), b"h")).body for n in range(3)]

    workers = Workers(names="a", leave_after=1)
    assert run(tmp_path, workers, scenario) == [b"/0", b"/1", b"/2"]
    assert workers.connections == 3


def test_a_write_is_never_sent_twice(tmp_path):
    async def scenario(upstream):
        await upstream.exchange(get(b"/0"), b"h")
        with pytest.raises(UpstreamError) as failed:
            await upstream.exchange(get(b"/api/entries/x", b"PUT"), b"h")
        return failed.value.status

    workers = Workers(names="a", leave_after=1)
    assert run(tmp_path, workers, scenario) == 502
    assert workers.connections == 1


def test_no_gunicorn_is_503(tmp_path):
    async def scenario():
        upstream = Upstream(tmp_path / "missing.sock", timeout=1)
        with pytest.raises(UpstreamError) as failed:
            await upstream.exchange(get(b"/"), b"h")
        return failed.value.status

    assert in_new_loop(scenario()) == 503


def test_a_wait_cancelled_as_the_turn_frees_up_loses_no_turn(tmp_path):
    """A queued request given up (its client's deadline) just as a turn
    frees up: the turn goes on, and the give-up raises only its own
    cancellation."""

    async def scenario() -> bool:
        upstream = Upstream(tmp_path / "unused.sock", timeout=1, capacity=1)
        await upstream._turn()  # the only turn, taken
        waiting = asyncio.create_task(upstream._turn())
        await asyncio.sleep(0)  # it queues
        waiting.cancel()
        upstream._end_turn()  # freed before the waiting task sees its cancel
        with pytest.raises(asyncio.CancelledError):
            await waiting
        async with asyncio.timeout(1):
            await upstream._turn()  # the turn was not lost
        return upstream.in_flight == 1

    assert in_new_loop(scenario())
