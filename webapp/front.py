"""The buffering front: each request is read whole, then handed to gunicorn.

Why: gunicorn's threaded workers give a connection a thread as soon as its
first byte arrives and read the head and body at the client's pace, so four
clients sending headers at a byte a second held every thread of the default
server, and a body trickling in after the answer held its thread while it
was drained (issue 11). gunicorn's documentation asks for a buffering proxy
in front of sync and threaded workers; this is that proxy, started by
``medsearch serve`` itself, so nothing else has to be installed or
configured. Here a slow or idle client costs a socket and a coroutine: a
worker thread sees a request only once its head and body are complete, and
reads it at the speed of a unix socket.

Every phase has a deadline (``Limits``): the whole head, the whole body,
sending the answer. Bodies are bounded before they are read (a
``Content-Length`` over the limit is answered 413 at once and the
connection closed, nothing drained).

Writes pass one at a time (``WriteGate``): the one in progress holds one
worker thread, a few more wait here, where waiting costs no thread, and
the rest are answered ``503`` with ``Retry-After`` at once. Writes hold the
index's lock one at a time anyway, so this serialises nothing that ran in
parallel before; what it changes is that waiting writers no longer occupy
the threads that serve reads. Only writes carrying the server's token
queue: any other write goes straight through, as the app refuses it
without touching the index, so nobody without the token can fill the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import signal
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

import httptools

from . import MAX_BODY_BYTES
from .security import CONTENT_SECURITY_POLICY, bearer_matches
from .upstream import HOP_BY_HOP, Answer, Headers, Upstream, UpstreamError, find_header

READS = frozenset({b"GET", b"HEAD", b"OPTIONS"})
READ_CHUNK = 65536


@dataclass(frozen=True)
class Limits:
    """Deadlines and bounds of the front; one line each on why."""

    # A new connection's whole request head: a browser sends it in one
    # packet; a client sending a byte a second is cut off after this.
    head_seconds: float = 10.0
    # A kept-alive connection waiting for its next request (gunicorn's
    # ``keepalive`` before; browsers reopen a closed one silently).
    idle_seconds: float = 5.0
    # The whole body, from the end of the head: 1 MiB in 30 s is 35 kB/s.
    body_seconds: float = 30.0
    # Sending one answer; a client that does not read is dropped.
    send_seconds: float = 30.0
    # The app's answer (gunicorn's own worker timeout is 60 s).
    upstream_seconds: float = 90.0
    # A kept-alive connection to gunicorn unused this long is closed, well
    # before gunicorn's own ``keepalive`` (5 s) closes it from its side.
    upstream_idle_seconds: float = 2.0
    # Request line plus headers (gunicorn allowed 8190 per line, 100 lines).
    max_head_bytes: int = 64 * 1024
    # The app's MAX_CONTENT_LENGTH: a larger body is 413, unread.
    max_body_bytes: int = MAX_BODY_BYTES
    # Writes waiting for the one in progress before others get 503.
    write_queue: int = 4
    # How long a queued write may wait for its turn (a writer waits up to
    # $MEDSEARCH_WRITE_TIMEOUT, 30 s, for the index lock in the app).
    write_wait_seconds: float = 60.0
    # The Retry-After given with a 503 for a full write queue.
    retry_after_seconds: int = 2
    # After refusing a request (413, 408, 400), what the client still sends
    # is read and dropped for this long, and at most this much, so that it
    # gets the answer rather than a reset; never the rest of a large body.
    linger_seconds: float = 1.0
    linger_bytes: int = 64 * 1024
    # Open client connections; more are closed as they arrive.
    max_connections: int = 4096


class GateFull(Exception):
    """The write queue is full, or a write waited too long for its turn."""


class WriteGate:
    """At most one write in progress and ``waiting`` more queued."""

    def __init__(self, waiting: int, wait_seconds: float) -> None:
        self._lock = asyncio.Lock()
        self._waiting = 0
        self.limit = waiting
        self.wait_seconds = wait_seconds

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        if self._lock.locked() and self._waiting >= self.limit:
            raise GateFull
        self._waiting += 1
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self._lock.acquire()
        except TimeoutError:
            raise GateFull from None
        finally:
            self._waiting -= 1
        try:
            yield
        finally:
            self._lock.release()


def error_answer(
    status: int, message: str, target: bytes, extra: Headers = ()
) -> Answer:
    """The app's error shape: JSON under /api and /healthz, else a small page."""
    path = target.split(b"?", 1)[0]
    headers = [
        (b"cache-control", b"no-store"),
        (b"x-content-type-options", b"nosniff"),
        *extra,
    ]
    if path.startswith(b"/api/") or path == b"/healthz":
        error = {"error": {"status": status, "message": message}}
        body = json.dumps(error, separators=(",", ":")).encode()
        headers.append((b"content-type", b"application/json"))
    else:
        text = html.escape(message)
        body = (
            f"<!doctype html><html lang=en><meta charset=utf-8>"
            f"<title>{status}</title><h1>{status}</h1><p>{text}</p></html>\n"
        ).encode()
        headers.append((b"content-type", b"text/html; charset=utf-8"))
        headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
    return Answer(status, headers, body, HTTPStatus(status).phrase.encode())


class Refused(Exception):
    """The request cannot be served: answer with this, then close."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.status)
        self.answer = answer


def _refusal(status: int, message: str, target: bytes = b"/") -> Refused:
    return Refused(error_answer(status, message, target))


# -- the client side -------------------------------------------------------------


@dataclass
class Request:
    method: bytes = b""
    target: bytes = b""
    version: str = "1.1"
    headers: Headers = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0
    keep_alive: bool = False

    def header(self, name: bytes) -> bytes | None:
        return find_header(self.headers, name)


class RequestReader:
    """Client bytes in (llhttp, via httptools), whole requests out.

    ``phase`` says what the deadlines apply to: ``idle`` between requests,
    ``head`` from a request's first byte, ``body`` after its head.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.parser = httptools.HttpRequestParser(self)
        self.ready: deque[Request] = deque()
        self.current = Request()
        self.phase = "idle"
        self.head_bytes = 0
        self.wants_continue = False
        self.upgrade = False
        self._refused: Refused | None = None

    def feed(self, data: bytes) -> None:
        """Parse ``data``; raises ``Refused`` for a request not to be served."""
        if self.phase in ("idle", "head"):
            self.head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self.upgrade = True  # served as a plain request, then closed
        except httptools.HttpParserCallbackError:
            raise self._refused from None
        except httptools.HttpParserError as exc:
            raise _refusal(400, f"Bad request: {exc}.") from None
        if (
            self.phase in ("idle", "head")
            and self.head_bytes > self.limits.max_head_bytes
        ):
            raise _refusal(431, "The request head is too large.")

    def _refuse(self, status: int, message: str) -> None:
        self._refused = _refusal(status, message, self.current.target)
        raise self._refused

    # httptools callbacks
    def on_message_begin(self) -> None:
        self.current = Request()
        self.phase = "head"

    def on_url(self, url: bytes) -> None:
        self.current.target += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self.current.headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        request = self.current
        request.method = self.parser.get_method()
        request.version = self.parser.get_http_version()
        self.phase = "body"
        self.head_bytes = 0
        declared = request.header(b"content-length")
        if declared is not None and int(declared) > self.limits.max_body_bytes:
            self._refuse(413, _too_large(self.limits.max_body_bytes))
        expect = request.header(b"expect")
        self.wants_continue = expect is not None and expect.lower() == b"100-continue"

    def on_body(self, body: bytes) -> None:
        request = self.current
        request.size += len(body)
        if request.size > self.limits.max_body_bytes:
            self._refuse(413, _too_large(self.limits.max_body_bytes))
        request.chunks.append(body)

    def on_message_complete(self) -> None:
        self.current.keep_alive = self.parser.should_keep_alive()
        self.ready.append(self.current)
        self.phase = "idle"
        self.wants_continue = False


def _too_large(limit: int) -> str:
    return f"The request body is over the limit of {limit} bytes."


# -- the front -----------------------------------------------------------------------


def _loop_deadline(seconds: float) -> float:
    return asyncio.get_running_loop().time() + seconds


class Front:
    """Accepts clients, buffers each request, forwards it, returns the answer."""

    def __init__(self, upstream: Upstream, limits: Limits, token: str | None) -> None:
        self.upstream = upstream
        self.limits = limits
        self.token = token
        self.gate = WriteGate(limits.write_queue, limits.write_wait_seconds)
        self.connections = 0
        self.stopping = False
        self._idle_tasks: set[asyncio.Task] = set()

    async def handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.connections += 1
        task = asyncio.current_task()
        try:
            if self.connections > self.limits.max_connections or self.stopping:
                return
            await self._serve(reader, writer, task)
        except Refused as refused:
            await self._refuse(reader, writer, refused)
        except (ConnectionError, TimeoutError, asyncio.CancelledError):
            pass
        finally:
            self.connections -= 1
            self._idle_tasks.discard(task)
            writer.transport.abort()

    async def _serve(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        task: asyncio.Task | None,
    ) -> None:
        limits = self.limits
        parsed = RequestReader(limits)
        # A new connection's first head must be complete within head_seconds
        # of the connection; a later one within head_seconds of its first
        # byte, after at most idle_seconds of silence.
        deadline = _loop_deadline(limits.head_seconds)
        fresh = True
        while True:
            while not parsed.ready:
                if parsed.phase == "idle":
                    self._idle_tasks.add(task)  # cancellable at shutdown
                try:
                    async with asyncio.timeout_at(deadline):
                        data = await reader.read(READ_CHUNK)
                except TimeoutError:
                    if parsed.phase == "idle":
                        return  # an idle kept-alive connection: close quietly
                    what = "body" if parsed.phase == "body" else "head"
                    seconds = getattr(limits, f"{what}_seconds")
                    raise _refusal(
                        408,
                        f"The request {what} did not arrive within {seconds:g} s.",
                        parsed.current.target,
                    ) from None
                finally:
                    self._idle_tasks.discard(task)
                if not data:
                    return  # the client closed
                phase = parsed.phase
                parsed.feed(data)
                if phase == "idle" and parsed.phase == "head" and not fresh:
                    deadline = _loop_deadline(limits.head_seconds)
                if phase != "body" and parsed.phase == "body":
                    deadline = _loop_deadline(limits.body_seconds)
                    if parsed.wants_continue:
                        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                        parsed.wants_continue = False
            request = parsed.ready.popleft()
            fresh = False
            answer = await self._forward(request)
            if request.method == b"HEAD" and answer.announced is None:
                # The front's own answers: a HEAD gets the head alone.
                answer.announced = b"%d" % len(answer.body)
                answer.body = b""
            close = (
                self.stopping
                or parsed.upgrade
                or not request.keep_alive
                or request.version != "1.1"
            )
            await self._send(writer, answer, close=close)
            if close:
                return
            # The next request: idle until its first byte, unless it is here.
            deadline = _loop_deadline(
                limits.head_seconds if parsed.phase == "head" else limits.idle_seconds
            )
            if parsed.phase == "body":
                deadline = _loop_deadline(limits.body_seconds)

    async def _refuse(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        refused: Refused,
    ) -> None:
        """Answer a request that will not be served, then close.

        Closing a socket with unread input resets the connection, and the
        client may lose the answer; so what follows is read and dropped,
        but only for a moment and a few kilobytes (``linger_*``), never the
        rest of a body.
        """
        with contextlib.suppress(ConnectionError, TimeoutError, OSError):
            await self._send(writer, refused.answer, close=True)
            writer.write_eof()
            left = self.limits.linger_bytes
            async with asyncio.timeout(self.limits.linger_seconds):
                while left > 0:
                    data = await reader.read(min(left, READ_CHUNK))
                    if not data:
                        break
                    left -= len(data)

    async def _forward(self, request: Request) -> Answer:
        host = request.header(b"host") or b"localhost"
        try:
            if request.method in READS or not self._authorized(request):
                return await self.upstream.exchange(request, host)
            try:
                async with self.gate.turn():
                    return await self.upstream.exchange(request, host)
            except GateFull:
                seconds = self.limits.retry_after_seconds
                return error_answer(
                    503,
                    f"Too many writes are waiting; retry in {seconds} s.",
                    request.target,
                    [(b"retry-after", str(seconds).encode())],
                )
        except UpstreamError as exc:
            return error_answer(exc.status, str(exc), request.target)

    def _authorized(self, request: Request) -> bool:
        header = request.header(b"authorization") or b""
        return bearer_matches(header.decode("latin-1"), self.token)

    async def _send(
        self, writer: asyncio.StreamWriter, answer: Answer, *, close: bool
    ) -> None:
        lines = [b"HTTP/1.1 %d %s\r\n" % (answer.status, answer.reason)]
        lines += [
            b"%s: %s\r\n" % (name, value)
            for name, value in answer.headers
            if name not in HOP_BY_HOP
        ]
        if answer.announced is not None:
            lines.append(b"content-length: %s\r\n" % answer.announced)
        elif answer.status >= 200 and answer.status not in (204, 304):
            lines.append(b"content-length: %d\r\n" % len(answer.body))
        if close:
            lines.append(b"connection: close\r\n")
        lines.append(b"\r\n")
        writer.write(b"".join(lines) + answer.body)
        async with asyncio.timeout(self.limits.send_seconds):
            await writer.drain()

    def cancel_idle(self) -> None:
        """At shutdown: drop connections that are between requests."""
        self.stopping = True
        for task in list(self._idle_tasks):
            task.cancel()


async def serve(
    host: str,
    port: int,
    upstream: Path,
    *,
    token: str | None,
    limits: Limits | None = None,
    workers: int = 2,
    threads: int = 2,
    backend_alive: Callable[[], bool] = lambda: True,
    on_ready: Callable[[str, int], None] = lambda host, port: None,
) -> None:
    """Serve until SIGTERM or SIGINT, or until ``backend_alive`` turns false.

    :param workers: gunicorn's worker processes, and ``threads`` each: the
        pool towards them lets that many requests in at once.
    """
    limits = limits or Limits()
    pool = Upstream(
        upstream,
        limits.upstream_seconds,
        capacity=workers * threads,
        per_worker=threads,
        idle_seconds=limits.upstream_idle_seconds,
    )
    front = Front(pool, limits, token)
    server = await asyncio.start_server(
        front.handle, host, port, backlog=2048, limit=READ_CHUNK
    )
    bound = server.sockets[0].getsockname()
    on_ready(bound[0], bound[1])
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        while not stop.is_set() and backend_alive():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(0.5):
                    await stop.wait()
    finally:
        server.close()
        front.cancel_idle()
        # Requests in flight get their answers (gunicorn's graceful timeout).
        deadline = time.monotonic() + 10
        while front.connections and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        pool.close()
