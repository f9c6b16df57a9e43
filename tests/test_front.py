"""The buffering front's deadlines and bounds, in-process with short limits.

A stand-in for gunicorn on a unix socket answers every request it gets and
records it, so each test can say what reached the app and what did not.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from webapp.front import Front, GateFull, Limits, Upstream, WriteGate

LIMITS = Limits(
    head_seconds=0.5,
    idle_seconds=0.5,
    body_seconds=0.5,
    send_seconds=1.0,
    max_body_bytes=1000,
    linger_seconds=0.2,
)


class App:
    """Answers 200 with the request's size; remembers what it was sent."""

    def __init__(self) -> None:
        self.requests: list[bytes] = []

    async def handle(self, reader, writer) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        body = await reader.readexactly(length)
        self.requests.append(head.split(b"\r\n", 1)[0] + b" " + body)
        answer = json.dumps({"got": len(body)}).encode()
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(answer), answer)
        )
        await writer.drain()
        writer.close()


async def exchange(tmp_path: Path, talk) -> tuple[App, bytes]:
    """Run the front before a stand-in app; ``talk`` writes to it, and what
    the front sends back until it closes is returned."""
    app = App()
    path = tmp_path / "app.sock"
    backend = await asyncio.start_unix_server(app.handle, str(path))
    front = Front(Upstream(path, timeout=5), LIMITS, token="t")
    server = await asyncio.start_server(front.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    received: list[bytes] = []

    async def read_all() -> None:
        # Read as it comes: the front may reset the connection after its
        # answer while the client still sends.
        with contextlib.suppress(ConnectionError):
            while data := await reader.read(65536):
                received.append(data)

    reading = asyncio.create_task(read_all())
    try:
        with contextlib.suppress(ConnectionError):
            await talk(writer)
        async with asyncio.timeout(5):
            await reading
    finally:
        writer.close()
        server.close()
        backend.close()
    return app, b"".join(received)


def in_new_loop(coroutine):
    """``asyncio.run`` on a thread of its own: the browser tests' sync
    Playwright leaves an event loop set on the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def run(tmp_path: Path, talk) -> tuple[App, bytes]:
    return in_new_loop(exchange(tmp_path, talk))


def test_a_whole_request_reaches_the_app(tmp_path):
    async def talk(writer):
        writer.write(
            b"POST /api/x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
            b"Connection: close\r\n\r\nabc"
        )

    app, answer = run(tmp_path, talk)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert answer.endswith(b'{"got": 3}')
    assert app.requests == [b"POST /api/x HTTP/1.1 abc"]


def test_a_head_that_does_not_finish_in_time_gets_408(tmp_path):
    async def talk(writer):
        writer.write(b"GET /api/search?q=gout HTTP/1.1\r\nHost: h\r\nX-Slow: a")
        for _ in range(10):  # a byte every 0.1 s: never silent, never done
            await asyncio.sleep(0.1)
            writer.write(b"a")

    app, answer = run(tmp_path, talk)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert app.requests == []


def test_a_body_that_does_not_finish_in_time_gets_408(tmp_path):
    async def talk(writer):
        writer.write(b"PUT /api/entries/x HTTP/1.1\r\nHost: h\r\n")
        writer.write(b"Content-Length: 500\r\n\r\nabc")
        for _ in range(10):
            await asyncio.sleep(0.1)
            writer.write(b"a")

    app, answer = run(tmp_path, talk)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b'"status":408' in answer  # the API's JSON error shape
    assert app.requests == []


def test_a_body_over_the_limit_is_413_before_it_is_sent(tmp_path):
    async def talk(writer):
        # Only the head: the answer must come without the body being read.
        writer.write(b"PUT /api/entries/x HTTP/1.1\r\nHost: h\r\n")
        writer.write(b"Content-Length: 1001\r\n\r\n")

    app, answer = run(tmp_path, talk)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert app.requests == []


def test_a_chunked_body_over_the_limit_is_413(tmp_path):
    async def talk(writer):
        writer.write(b"PUT /api/entries/x HTTP/1.1\r\nHost: h\r\n")
        writer.write(b"Transfer-Encoding: chunked\r\n\r\n")
        writer.write(b"3e8\r\n" + b"a" * 1000 + b"\r\n1\r\nb\r\n0\r\n\r\n")

    app, answer = run(tmp_path, talk)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert app.requests == []


def test_a_malformed_head_is_400_and_never_reaches_the_app(tmp_path):
    async def talk(writer):
        writer.write(b"GET / HTTP/1.1\r\nHost: h\r\nBad Header\r\n\r\n")

    app, answer = run(tmp_path, talk)
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert app.requests == []


def test_write_gate_lets_one_through_queues_a_few_and_refuses_the_rest():
    async def scenario() -> list[str]:
        gate = WriteGate(waiting=2, wait_seconds=5)
        release = asyncio.Event()
        outcomes: list[str] = []

        async def write(n: int) -> None:
            try:
                async with gate.turn():
                    outcomes.append(f"ran {n}")
                    await release.wait()
            except GateFull:
                outcomes.append(f"refused {n}")

        tasks = [asyncio.create_task(write(n)) for n in range(5)]
        await asyncio.sleep(0.05)
        refused_early = sorted(o for o in outcomes if o.startswith("refused"))
        release.set()
        await asyncio.gather(*tasks)
        return refused_early + sorted(o for o in outcomes if o.startswith("ran"))

    assert in_new_loop(scenario()) == [
        "refused 3",
        "refused 4",
        "ran 0",
        "ran 1",
        "ran 2",
    ]


def test_a_queued_write_that_waits_too_long_is_refused():
    async def scenario() -> bool:
        gate = WriteGate(waiting=4, wait_seconds=0.1)
        async with gate.turn():
            try:
                async with gate.turn():
                    return False
            except GateFull:
                return True

    assert in_new_loop(scenario())
