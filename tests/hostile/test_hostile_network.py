"""Hostile servers: an answer that inflates to gigabytes, a body without end, a server that
sends one byte at a time, a redirect loop, a host name that does not resolve.

Each server here is a raw socket on 127.0.0.1 started by the test, so every byte and every
pause is the test's choice (tests/arxiv_server.py speaks proper HTTP; these do not have to).
The client's limits are set small so the tests stay fast; the defaults are checked apart.
A check on time is only ever a lower bound (a request cannot arrive before it was sent).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from functools import cache

import httpx
import pytest

from wmcurate.arxiv import ArxivClient, Backoff, Limits, Outcome
from wmcurate.ids import ArxivId
from wmcurate.remote import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, Event, Sent, Waiting

Handler = Callable[[socket.socket, "RawServer"], None]
MB = 1024 * 1024
# No normal answer ever waits this long; the servers below give up when the client hangs up.
PATIENT = httpx.Timeout(connect=5.0, read=10.0, write=5.0, pool=5.0)


class RawServer:
    """Accepts connections on 127.0.0.1 and hands each, its request read, to `handler`."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.arrivals: list[float] = []
        self.stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}/api/query"

    def close(self) -> None:
        self.stop.set()
        self._thread.join(5)
        self._listener.close()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(10)
            request = b""
            with contextlib.suppress(OSError):
                while b"\r\n\r\n" not in request:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    request += chunk
                self.arrivals.append(time.monotonic())
                self.handler(connection, self)

    def pause(self, seconds: float) -> bool:
        """Wait, unless the test is over; False when it is."""
        return not self.stop.wait(seconds)


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], RawServer]]:
    servers: list[RawServer] = []

    def start(handler: Handler) -> RawServer:
        servers.append(RawServer(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def ask(url: str, **settings: object) -> tuple[Outcome, ArxivClient, list[Event]]:
    events: list[Event] = []
    options: dict[str, object] = {"min_interval": 0.0, "timeout": PATIENT, "max_retries": 0,
                                  "backoff": Backoff(base=0.01), "reporter": events.append}
    options.update(settings)
    with ArxivClient(url, **options) as client:  # type: ignore[arg-type]
        outcome = client.fetch([ArxivId("2303.11328")])["2303.11328"]
    return outcome, client, events


@cache
def gzip_bomb(inflated: int) -> bytes:
    """`inflated` zero bytes, gzip-compressed (about a thousandth of the size)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * MB
    parts = [compressor.compress(block) for _ in range(inflated // MB)]
    return b"".join(parts) + compressor.flush()


def headers(*lines: str) -> bytes:
    return ("\r\n".join(["HTTP/1.1 200 OK", *lines]) + "\r\n\r\n").encode()


# --- bounded answers ---------------------------------------------------------------------


def test_a_gzip_bomb_is_refused_without_inflating_it(
    serve: Callable[[Handler], RawServer]
) -> None:
    bomb = gzip_bomb(200 * MB)  # 200 MB once inflated, about 200 KB on the wire

    def send_bomb(connection: socket.socket, server: RawServer) -> None:
        connection.sendall(headers("Content-Type: application/atom+xml", "Content-Encoding: gzip",
                                   f"Content-Length: {len(bomb)}") + bomb)

    server = serve(send_bomb)
    tracemalloc.start()
    try:
        outcome, client, _ = ask(server.url, limits=Limits(max_bytes=MB))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome == Outcome("failed", message="arXiv's answer is larger than 1 MB once "
                              "decoded (the limit for one answer; it was cut off there): refused")
    assert peak < 16 * MB  # the client stopped at the limit, far from the 200 MB
    assert client.requests_made == 1  # refused, not retried


def test_an_endless_body_is_cut_at_the_limit(serve: Callable[[Handler], RawServer]) -> None:
    sent = [0]

    def endless(connection: socket.socket, server: RawServer) -> None:
        connection.sendall(headers("Content-Type: application/atom+xml",
                                   "Transfer-Encoding: chunked"))
        block = b"<x>" * 20_000
        chunk = f"{len(block):x}\r\n".encode() + block + b"\r\n"
        with contextlib.suppress(OSError):
            while not server.stop.is_set() and sent[0] < 500 * MB:
                connection.sendall(chunk)
                sent[0] += len(block)

    server = serve(endless)
    outcome, _, _ = ask(server.url, limits=Limits(max_bytes=2 * MB))
    assert outcome.message == ("arXiv's answer is larger than 2 MB once decoded (the limit for "
                               "one answer; it was cut off there): refused")
    assert sent[0] < 500 * MB  # the client hung up; the server did not get to send it all


def test_an_announced_size_past_the_limit_is_refused_unread(
    serve: Callable[[Handler], RawServer]
) -> None:
    def announce(connection: socket.socket, server: RawServer) -> None:
        connection.sendall(headers("Content-Type: application/atom+xml",
                                   "Content-Length: 209715200"))
        server.pause(30)  # and never send it

    server = serve(announce)
    outcome, _, _ = ask(server.url, limits=Limits(max_bytes=MB))
    assert outcome.message == ("arXiv's answer is larger than 1 MB once decoded (the limit for "
                               "one answer; it announced 209,715,200 bytes): refused")


def test_the_defaults_are_realistic() -> None:
    assert DEFAULT_MAX_BYTES == 32 * MB
    assert DEFAULT_DEADLINE == 60.0
    assert ArxivClient().limits == Limits()


# --- a deadline for the whole exchange ---------------------------------------------------


def trickle(prefix: bytes, body: bytes) -> Handler:
    """Send `prefix` at once, then `body` one byte every 0.05 s (each well within a read
    timeout, so only a deadline for the whole exchange can stop it)."""

    def handler(connection: socket.socket, server: RawServer) -> None:
        with contextlib.suppress(OSError):
            connection.sendall(prefix)
            for byte in body:
                if not server.pause(0.05):
                    return
                connection.sendall(bytes([byte]))

    return handler


def test_a_body_sent_a_byte_at_a_time_meets_the_deadline(
    serve: Callable[[Handler], RawServer]
) -> None:
    body = b"<feed>" + b" " * 2000 + b"</feed>"  # 100 s at this pace
    server = serve(trickle(headers(f"Content-Length: {len(body)}"), body))
    outcome, _, events = ask(server.url, limits=Limits(deadline=1.0))
    assert outcome == Outcome("failed", message="arXiv did not finish answering within 1 s "
                              "(the deadline for one request) (gave up after 1 attempt); try "
                              "again later")
    (sent,) = (e for e in events if isinstance(e, Sent))
    assert sent.at > 0


def test_headers_sent_a_byte_at_a_time_meet_the_deadline(
    serve: Callable[[Handler], RawServer]
) -> None:
    status = b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 2000 + b"\r\n\r\n"
    server = serve(trickle(b"", status))
    outcome, _, _ = ask(server.url, limits=Limits(deadline=1.0))
    assert outcome.message == ("arXiv did not finish answering within 1 s (the deadline for "
                               "one request) (gave up after 1 attempt); try again later")


def test_a_missed_deadline_is_retried_within_the_wait_limit(
    serve: Callable[[Handler], RawServer]
) -> None:
    body = b" " * 2000
    server = serve(trickle(headers(f"Content-Length: {len(body)}"), body))
    outcome, client, events = ask(server.url, limits=Limits(deadline=0.5), max_retries=4,
                                  max_wait=1.2, backoff=Backoff(base=0.1, jitter=0.0))
    # 0.5 s failed, a 0.1 s pause, 0.5 s failed (1.1 s spent), then a 0.2 s pause would pass
    # the 1.2 s limit: two attempts, whatever the machine's load (a slower machine only
    # spends the limit sooner).
    assert client.requests_made <= 2
    assert outcome.message.startswith("arXiv did not finish answering within")
    assert "wait limit" in outcome.message
    assert all(e.kind == "retry" for e in events if isinstance(e, Waiting))


# --- redirects ---------------------------------------------------------------------------


def test_a_redirect_loop_is_cut_and_each_hop_is_spaced(
    serve: Callable[[Handler], RawServer]
) -> None:
    def loop(connection: socket.socket, server: RawServer) -> None:
        connection.sendall(b"HTTP/1.1 302 Found\r\nLocation: /api/query?again=1\r\n"
                           b"Content-Length: 0\r\nConnection: close\r\n\r\n")

    server = serve(loop)
    interval = 0.05
    outcome, client, events = ask(server.url, min_interval=interval,
                                  limits=Limits(max_redirects=3))
    assert outcome.message.startswith("arXiv redirected more than 3 times (last to http://")
    assert client.requests_made == 4
    starts = [e.at for e in events if isinstance(e, Sent)]
    assert len(server.arrivals) == len(starts) == 4
    for earlier, arrived in zip(starts, server.arrivals[1:], strict=False):
        assert arrived >= earlier + interval


# --- a host that does not resolve --------------------------------------------------------


def test_a_host_that_does_not_resolve_fails_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def no_such_host(host: str, *args: object, **kwargs: object) -> list[object]:
        calls.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    outcome, client, events = ask("http://export.arxiv.invalid/api/query", max_retries=4)
    assert outcome.message.startswith("could not resolve export.arxiv.invalid, the arXiv API's "
                                      "host (ConnectError: ")
    assert outcome.message.endswith("check the network connection, or the API URL (--api-url "
                                    "or $WMCURATE_ARXIV_API)")
    assert calls == ["export.arxiv.invalid"]  # asked once, never retried
    assert client.requests_made == 1
    assert not [e for e in events if isinstance(e, Waiting)]
