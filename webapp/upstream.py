"""The front's side towards gunicorn: kept-alive connections, fairly shared.

Why a pool: a fresh connection per request cost more than the connect.
gunicorn's threaded worker accepts each connection in its main thread and,
after a ``Connection: close`` answer, closes it gracefully there too (shut
down, then wait for the front to close its end), so every request took two
more turns of the main thread, each waiting for the interpreter lock behind
a search. py-spy on the workers under ``bench/bench.py``'s 16 clients: 11 %
of their samples in gunicorn's socket write, 2 % in its graceful close; on
the front, 5 % in ``open_unix_connection``. Measured with wrk, the front's
CPU per request fell from 0.31-0.46 ms to 0.28-0.29 ms with the pool. A
kept-alive connection is read by the worker's poller and answered by its
threads, with none of that.

Why fairly shared: a connection stays with the worker that accepted it, and
a plain pool sent nearly every search to one worker while the other idled
(measured again: CPU ticks 536 against 0 under wrk). So every answer names
its worker (``WORKER_HEADER``, which the front removes), the pool counts
the requests in flight on each worker, and a request goes to an idle
connection of the least busy worker that has a thread free (of workers
equally busy, the one its URL hashes to, whose cache of result pages may
hold the answer). When none has,
a new connection is opened: the idle worker accepts it as a rule, being the
one not busy (and the next answer says which one did). At most
``capacity`` requests (the workers' threads in all) are in gunicorn at
once; the rest wait here, first come first served, where waiting costs no
thread: a least-connections balancer, as nginx's ``least_conn``.

A connection is reused only after a whole answer that left nothing unread
and did not ask to close; a connection that failed, timed out, carried a
HEAD (whose answer's length the parser cannot check) or was left half-used
in any other way is closed. Idle ones are closed after ``idle_seconds``,
well before gunicorn's ``keepalive``, so the front never sends on one that
gunicorn is closing.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections import Counter, deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httptools

if TYPE_CHECKING:
    from .front import Request

Headers = list[tuple[bytes, bytes]]
# Methods that only read: sent again when a kept-alive connection closed
# before answering (see ``Upstream._send``).
SAFE = frozenset({b"GET", b"HEAD"})
# The answer header naming the worker process (``server.py`` adds it).
WORKER_HEADER = b"x-medsearch-worker"
# Headers that describe one connection, not the message (RFC 9110, 7.6.1):
# the front frames both legs itself.
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-connection",
        b"transfer-encoding",
        b"te",
        b"trailer",
        b"upgrade",
        b"expect",
        b"content-length",
    }
)


@dataclass
class Answer:
    """A whole response: status, headers without framing, and the body."""

    status: int
    headers: Headers
    body: bytes = b""
    reason: bytes = b""
    # The body length a HEAD request's answer announces without a body.
    announced: bytes | None = None


class UpstreamError(Exception):
    """gunicorn did not answer: it refused, reset or timed out."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class ResponseReader:
    """gunicorn's bytes in, one whole answer out."""

    def __init__(self, head_only: bool) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self.head_only = head_only  # a HEAD request's answer has no body
        self.answer = Answer(0, [])
        self.chunks: list[bytes] = []
        self.done = False
        self.messages = 0
        self.keep_alive = False
        self.worker: bytes | None = None

    def on_message_begin(self) -> None:
        self.messages += 1

    def on_status(self, status: bytes) -> None:
        self.answer.reason += status

    def on_header(self, name: bytes, value: bytes) -> None:
        name = name.lower()
        if name == WORKER_HEADER:
            self.worker = value
        else:
            self.answer.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self.answer.status = self.parser.get_status_code()
        if self.head_only:
            self.answer.announced = find_header(self.answer.headers, b"content-length")
            self.done = True

    def on_body(self, body: bytes) -> None:
        self.chunks.append(body)

    def on_message_complete(self) -> None:
        # Asked now: llhttp forgets the message once this returns.
        self.keep_alive = self.parser.should_keep_alive()
        self.done = True

    def reusable(self) -> bool:
        """Whether the connection may carry another request after this answer."""
        return (
            self.done and not self.head_only and self.messages == 1 and self.keep_alive
        )


class Link(asyncio.Protocol):
    """One connection to a gunicorn worker, carrying one exchange at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.reading: ResponseReader | None = None
        self.waiter: asyncio.Future[None] | None = None
        self.worker: bytes | None = None  # known from its first answer
        self.broken = False
        self.idle_since = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        reading = self.reading
        if reading is None or reading.done:
            self.close()  # bytes nobody asked for: never reuse it
            return
        try:
            reading.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self.broken = True
            if not reading.done:
                self._settle(exc)
            return
        if reading.done:
            self._settle(None)

    def eof_received(self) -> bool:
        self.broken = True
        return False  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.broken = True
        if self.reading is not None and not self.reading.done:
            self._settle(exc or EOFError("gunicorn closed the connection"))

    def _settle(self, exc: BaseException | None) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            if exc is None:
                waiter.set_result(None)
            else:
                waiter.set_exception(exc)

    async def exchange(self, data: bytes, head_only: bool) -> ResponseReader:
        """Send a whole request; return once its whole answer is read."""
        self.reading = reading = ResponseReader(head_only)
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(data)
        await self.waiter
        if reading.worker is not None:
            self.worker = reading.worker
        if not reading.reusable():
            self.broken = True
        return reading

    def close(self) -> None:
        self.broken = True
        if self.transport is not None:
            self.transport.close()


class Upstream:
    """gunicorn's unix socket, through a bounded pool of kept-alive connections.

    :param capacity: requests in gunicorn at once (workers times threads).
    :param per_worker: requests one worker takes at once (its threads).
    :param idle_seconds: an idle connection is closed after this.
    """

    def __init__(
        self,
        path: Path,
        timeout: float,
        *,
        capacity: int = 4,
        per_worker: int = 2,
        idle_seconds: float = 2.0,
    ) -> None:
        self.path = str(path)
        self.timeout = timeout
        self.capacity = capacity
        self.per_worker = per_worker
        self.idle_seconds = idle_seconds
        self.in_flight = 0
        self.busy: Counter[bytes | None] = Counter()  # in flight per worker
        self._idle: list[Link] = []
        self._waiting: deque[asyncio.Future[None]] = deque()

    async def exchange(self, request: Request, host: bytes) -> Answer:
        """Send one whole request and read the whole answer."""
        body = b"".join(request.chunks)
        headers = b"".join(
            b"%s: %s\r\n" % (name, value)
            for name, value in request.headers
            if name not in HOP_BY_HOP and name != b"host"
        )
        data = b"%s %s HTTP/1.1\r\nhost: %s\r\n%scontent-length: %d\r\n\r\n%s" % (
            request.method,
            request.target,
            host,
            headers,
            len(body),
            body,
        )
        try:
            async with asyncio.timeout(self.timeout):
                await self._turn()
                try:
                    reading = await self._send(request, data)
                finally:
                    self._end_turn()
        except TimeoutError as exc:
            raise UpstreamError(504, "The search service took too long.") from exc
        except (OSError, EOFError, httptools.HttpParserError) as exc:
            raise UpstreamError(
                502, "The search service stopped before answering; try again."
            ) from exc
        answer = reading.answer
        answer.body = b"".join(reading.chunks)
        return answer

    async def _send(self, request: Request, data: bytes) -> ResponseReader:
        """``data`` over a connection, and once more over a new one when a
        kept-alive connection closed before a byte of an answer to a read.

        A worker that leaves (gunicorn's ``max_requests``, a restart) closes
        its kept-alive connections, and one may already carry a request. A
        read is safe to send again, as a browser or urllib3 does, whether or
        not it had begun; a write is not sent twice. Both tries together are
        bounded by the caller's one timeout.
        """
        head_only = request.method == b"HEAD"
        link = await self._link(request.target)
        try:
            return await self._over(link, data, head_only)
        except (OSError, EOFError):
            answered = link.reading is not None and link.reading.messages > 0
            if answered or not link.idle_since or request.method not in SAFE:
                raise
        return await self._over(await self._connect(), data, head_only)

    async def _over(self, link: Link, data: bytes, head_only: bool) -> ResponseReader:
        """One exchange on ``link``, counted against its worker's threads;
        the link goes back to the idle ones if it may carry another."""
        worker = link.worker
        self.busy[worker] += 1
        try:
            reading = await link.exchange(data, head_only)
        except BaseException:
            link.close()
            raise
        finally:
            self.busy[worker] -= 1
        self._put_back(link)
        return reading

    async def _turn(self) -> None:
        """Wait until fewer than ``capacity`` requests are in gunicorn."""
        if self.in_flight < self.capacity and not self._waiting:
            self.in_flight += 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            await waiter  # _end_turn hands its turn over: in_flight stays
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._end_turn()  # handed a turn we no longer want
            elif waiter in self._waiting:  # else _end_turn skipped it already
                self._waiting.remove(waiter)
            raise

    def _end_turn(self) -> None:
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self.in_flight -= 1

    async def _link(self, target: bytes) -> Link:
        """An idle connection to the least busy worker with a thread free,
        else a new connection.

        Among workers equally busy, the one ``target`` hashes to: each worker
        keeps its own cache of result pages, and a URL that goes back to the
        same worker is found there (in ``bench/bench.py``'s request log, two
        caches split at random answer 87 % of 10,000 requests, one 93 %).
        """
        now = time.monotonic()
        kept: list[Link] = []
        free: list[Link] = []
        for link in self._idle:
            if link.broken or now - link.idle_since > self.idle_seconds:
                link.close()
                continue
            kept.append(link)
            if link.worker is None or self.busy[link.worker] < self.per_worker:
                free.append(link)
        if free:
            known = sorted(
                {link.worker for link in kept if link.worker is not None}
                | {worker for worker, n in self.busy.items() if n and worker}
            )
            home = known[zlib.crc32(target) % len(known)] if known else None
            # Ties go to the most recently used: the others age out.
            best = min(
                reversed(free),
                key=lambda link: (self.busy[link.worker], link.worker != home),
            )
            kept.remove(best)
            self._idle = kept
            return best
        # Keep at most ``capacity`` idle connections: close the oldest.
        surplus = max(0, len(kept) - self.capacity + 1)
        for link in kept[:surplus]:
            link.close()
        self._idle = kept[surplus:]
        return await self._connect()

    async def _connect(self) -> Link:
        loop = asyncio.get_running_loop()
        try:
            _, link = await loop.create_unix_connection(Link, self.path)
        except OSError as exc:
            raise UpstreamError(503, "The search service is not running.") from exc
        return link

    def _put_back(self, link: Link) -> None:
        if link.broken:
            link.close()
        else:
            link.idle_since = time.monotonic()
            self._idle.append(link)

    def close(self) -> None:
        """Close the idle connections (at shutdown)."""
        for link in self._idle:
            link.close()
        self._idle.clear()


def find_header(headers: Headers, name: bytes) -> bytes | None:
    """The first value of header ``name`` (lowercase), or None."""
    for key, value in headers:
        if key == name:
            return value
    return None
