"""Asking link hosts: at most two connections and a spacing per host, a global limit.

The network half of the link check. Each host gets a `HostGate`: its own connection pool
(never more than `per_host` connections, idle ones included, so a host never sees more at
once), a spacing kept between the starts of its requests (the time is noted by the client
when the turn is taken, before the request leaves), and a hold when it asked to be left
alone (`Retry-After`). A global semaphore bounds the requests in flight over all hosts.

One exchange is one request and its answer, redirects not followed (the checker follows
them hop by hop, each through its own host's gate): explicit connect / read / write
timeouts, one total deadline for the whole exchange (a server trickling bytes cannot
stretch it), and at most `first_bytes` of the body read (decoded, with a bounded inflater:
a compressed bomb yields no more than that), then the connection is dropped.
"""

from __future__ import annotations

import asyncio
import errno
import http.cookiejar
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from wmcurate import PROJECT_URL, __version__
from wmcurate.linkcheck.outcomes import REDIRECTS, Problem
from wmcurate.linkcheck.urls import host_of
from wmcurate.remote import Received, Reporter, Sent, Waiting, describe, timeout_kind

__all__ = [
    "DEFAULT_USER_AGENT",
    "Answer",
    "ConnectTo",
    "Fetcher",
    "FetchFailure",
    "HostGate",
    "failure_of",
]

DEFAULT_USER_AGENT = f"wmcurate/{__version__} (link check; +{PROJECT_URL})"
#: arXiv asks automated clients for at least 3 s between requests (its API terms of use;
#: the same client manners for its pages): the spacing for arxiv.org whatever --spacing says.
ARXIV_SPACING = 3.0
#: Maps a host and port to the address and port to connect to instead (like curl's
#: --connect-to); raises `socket.gaierror` for a name that must not resolve.
ConnectTo = Callable[[str, int], tuple[str, int]]


@dataclass(frozen=True)
class Answer:
    """One answer: for a redirect, `location` is the next URL (absolute), else None."""

    status: int
    headers: httpx.Headers
    body: bytes
    url: str
    location: str | None = None


class FetchFailure(Exception):
    """No answer (or one that cannot be followed): `problem` says which kind of failure."""

    def __init__(self, problem: Problem, detail: str) -> None:
        super().__init__(detail)
        self.problem: Problem = problem
        self.detail = detail


class HostGate:
    """What one host's politeness needs: its connection pool, its turns and its memory."""

    def __init__(self, host: str, spacing: float, per_host: int) -> None:
        self.host = host
        self.spacing = spacing
        self.slots = asyncio.Semaphore(per_host)
        self.next_start = 0.0
        #: Requests being answered now, and URL checks of this host not finished yet.
        self.in_flight = 0
        self.pending = 0
        #: HEAD refused here (405, 501, or answers HEAD and GET disagree on): GET at once.
        self.refuses_head = False
        self.client: httpx.AsyncClient | None = None

    def hold(self, seconds: float) -> None:
        """No request to this host starts in the next `seconds` (it asked for a pause)."""
        self.next_start = max(self.next_start, time.monotonic() + seconds)


class _ConnectTo(httpcore.AsyncNetworkBackend):
    """httpcore's sockets, connecting where `connect_to` says instead of where DNS says."""

    def __init__(self, connect_to: ConnectTo) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._connect_to = connect_to

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        try:
            address, target = self._connect_to(host, port)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        return await self._inner.connect_tcp(address, target, timeout, local_address,
                                             socket_options)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class Fetcher:
    """Sends single exchanges to any host, within every host's and the global bounds.

    Use inside one event loop; `aclose()` when done.
    """

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: httpx.Timeout | None = None,
        deadline: float = 30.0,
        first_bytes: int = 32 * 1024,
        spacing: float = 1.0,
        per_host: int = 2,
        jobs: int = 32,
        connect_to: ConnectTo | None = None,
        reporter: Reporter | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        if not 1 <= per_host <= 2:
            raise ValueError("at most 2 connections per host, and at least 1")
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        if spacing < 0 or not deadline > 0 or first_bytes < 1:
            raise ValueError("spacing cannot be negative; deadline and first_bytes positive")
        self.timeout = timeout or httpx.Timeout(connect=10.0, read=15.0, write=10.0, pool=None)
        self.deadline = deadline
        self.first_bytes = first_bytes
        self.spacing = spacing
        self.per_host = per_host
        self.requests_made = 0
        #: Whether any host gave an HTTP answer (else a machine offline looks like dead links).
        self.answered = False
        self.reporter: Reporter = reporter or (lambda event: None)
        self._user_agent = user_agent
        self._headers = headers or {}
        self._connect_to = connect_to
        self._global = asyncio.Semaphore(jobs)
        self._gates: dict[str, HostGate] = {}
        self._ssl: ssl.SSLContext | None = None
        # One cookie jar for every host's client: a site that sets a cookie and redirects
        # (through a sign-on host and back) sees it again, as a browser would, and does not
        # look like a redirect loop.
        self._cookies = http.cookiejar.CookieJar()

    def gate(self, host: str) -> HostGate:
        found = self._gates.get(host)
        if found is None:
            spacing = max(self.spacing, ARXIV_SPACING) if _is_arxiv(host) else self.spacing
            found = self._gates[host] = HostGate(host, spacing, self.per_host)
        return found

    async def aclose(self) -> None:
        for gate in self._gates.values():
            await self._close(gate)

    async def release(self, gate: HostGate) -> None:
        """Drop an idle host's connections once nothing more is planned for it, so a run
        over thousands of hosts never holds thousands of sockets."""
        if gate.pending <= 0 and gate.in_flight == 0:
            await self._close(gate)

    async def _close(self, gate: HostGate) -> None:
        client, gate.client = gate.client, None
        if client is not None:
            await client.aclose()

    async def exchange(self, method: str, url: str, *, what: str = "",
                       headers: Mapping[str, str] | None = None) -> Answer:
        """One request to `url` and the start of its answer; raises `FetchFailure`.

        `headers` are added to this request only (an API token goes to its host alone)."""
        host = host_of(url)
        gate = self.gate(host)
        async with gate.slots:
            at = await self._turn(gate)
            gate.in_flight += 1
            status, size, problem = 0, 0, ""
            started = time.monotonic()
            try:
                self.requests_made += 1
                self.reporter(Sent(host, what or method, url, at))
                answer = await asyncio.wait_for(self._send(gate, method, url, headers),
                                                self.deadline)
                status, size = answer.status, len(answer.body)
                self.answered = True
                return answer
            except asyncio.TimeoutError:
                problem = f"no complete answer within {self.deadline:g} s (the deadline for " \
                          "one request)"
                raise FetchFailure("deadline", problem) from None
            except httpx.HTTPError as exc:
                kind, problem = failure_of(exc)
                raise FetchFailure(kind, problem) from None
            except OSError as exc:
                problem = describe(exc)
                raise FetchFailure("connect", problem) from None
            finally:
                self._global.release()
                gate.in_flight -= 1
                self.reporter(Received(host, what or method, status, size,
                                       time.monotonic() - started, problem))
                await self.release(gate)

    async def _turn(self, gate: HostGate) -> float:
        """Wait for the host's next start and a global slot; return the start time, noted
        when the turn is taken (the spacing holds between these times)."""
        while True:
            wait = gate.next_start - time.monotonic()
            if wait > 0:
                if wait > 2 * gate.spacing:  # a hold, not the usual spacing: say so
                    self.reporter(Waiting(gate.host, "retry", wait, "asked for a pause"))
                await asyncio.sleep(wait)
                continue
            await self._global.acquire()
            # No await between the check and the claim: no other task can slip in between.
            now = time.monotonic()
            if now >= gate.next_start:
                gate.next_start = now + gate.spacing
                return now
            self._global.release()

    async def _send(self, gate: HostGate, method: str, url: str,
                    headers: Mapping[str, str] | None) -> Answer:
        client = gate.client
        if client is None:
            client = gate.client = self._client()
        request = client.build_request(method, url, headers=headers)
        response = await client.send(request, stream=True)
        try:
            if response.status_code in REDIRECTS and "location" in response.headers:
                await _drain(response, _SMALL)
                return Answer(response.status_code, response.headers, b"", url,
                              _location(url, response.headers["location"]))
            if method == "HEAD":
                await _drain(response, _SMALL)
                return Answer(response.status_code, response.headers, b"", url)
            body = await self._first_bytes(response)
            return Answer(response.status_code, response.headers, body, url)
        finally:
            # An answer read to its end leaves its connection for the next request to the
            # host; one cut short (a large body) closes it.
            await response.aclose()

    async def _first_bytes(self, response: httpx.Response) -> bytes:
        limit = self.first_bytes
        inflate = _inflater(response.headers.get("content-encoding", "identity"))
        body = bytearray()
        raw_seen = 0
        async for raw in response.aiter_raw():
            raw_seen += len(raw)
            if inflate is not None:
                for piece in inflate(raw, limit - len(body)):
                    body += piece
            if len(body) >= limit or raw_seen >= 4 * limit:
                break
        return bytes(body[:limit])

    def _client(self) -> httpx.AsyncClient:
        if self._ssl is None:
            self._ssl = httpx.create_ssl_context()
        limits = httpx.Limits(max_connections=self.per_host,
                              max_keepalive_connections=self.per_host, keepalive_expiry=30.0)
        transport = httpx.AsyncHTTPTransport(verify=self._ssl, limits=limits)
        if self._connect_to is not None:
            # httpx offers no public way to choose httpcore's network backend; its transport
            # keeps the pool in `_pool` (as wmcurate.deadline does for the sync one).
            transport._pool = httpcore.AsyncConnectionPool(
                ssl_context=self._ssl, max_connections=self.per_host,
                max_keepalive_connections=self.per_host, keepalive_expiry=30.0,
                network_backend=_ConnectTo(self._connect_to))
        headers = {"User-Agent": self._user_agent, "Accept-Encoding": "gzip, deflate",
                   "Accept": "text/html,application/xhtml+xml,*/*;q=0.8", **self._headers}
        client = httpx.AsyncClient(headers=headers, timeout=self.timeout, limits=limits,
                                   transport=transport, follow_redirects=False)
        client.cookies.jar = self._cookies
        return client


#: A body this small is read to its end, so the connection can serve the next request.
_SMALL = 64 * 1024


async def _drain(response: httpx.Response, limit: int) -> None:
    seen = 0
    async for raw in response.aiter_raw():
        seen += len(raw)
        if seen > limit:
            break


def _is_arxiv(host: str) -> bool:
    return host == "arxiv.org" or host.endswith(".arxiv.org")


def _location(url: str, location: str) -> str:
    try:
        target = httpx.URL(url).join(location.strip())
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchFailure("bad-redirect", f"redirects to an address that is not a URL "
                           f"({location[:200]!r}: {exc}): a reader's browser fails too") \
            from None
    if target.scheme not in ("http", "https"):
        raise FetchFailure("bad-redirect", f"redirects to {str(target)[:200]!r}, which is not "
                           "a web page: check it by hand")
    return str(target)


def _inflater(encoding: str) -> Callable[[bytes, int], Iterator[bytes]] | None:
    """A decoder that never makes more than `room` bytes from one call; None when the
    encoding is not one we asked for (the body is then not looked at)."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        def identity(data: bytes, room: int) -> Iterator[bytes]:
            yield data[:max(room, 0)]
        return identity
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj(zlib.MAX_WBITS)
    else:
        return None

    def inflate(data: bytes, room: int) -> Iterator[bytes]:
        pending = data
        try:
            while pending and room > 0:
                piece = decoder.decompress(pending, room)
                yield piece
                room -= len(piece)
                pending = decoder.unconsumed_tail
        except zlib.error:
            return

    return inflate


_UNRESOLVED = frozenset(code for code in (getattr(socket, "EAI_NONAME", None),
                                          getattr(socket, "EAI_NODATA", None))
                        if code is not None)
_NO_SUCH_NAME = ("name or service not known", "nodename nor servname provided",
                 "no address associated with hostname", "name does not resolve",
                 "no such host is known")


def failure_of(exc: BaseException) -> tuple[Problem, str]:
    """Which kind of failure an httpx error is, and what to tell the user."""
    chain = list(_chain(exc))
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", f"{timeout_kind(exc)} (the server did not answer in time)"
    if isinstance(exc, httpx.ConnectError):
        for cause in chain:
            if isinstance(cause, socket.gaierror):
                text = str(cause)
                if cause.errno in _UNRESOLVED or any(s in text.lower() for s in _NO_SUCH_NAME):
                    return "unresolved", text
                return "dns", f"DNS lookup failed ({text})"
            if isinstance(cause, ssl.SSLError):
                return "tls", getattr(cause, "verify_message", None) or str(cause)
            if isinstance(cause, ConnectionRefusedError) or (
                    isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED):
                return "refused", "connection refused"
        text = str(exc).lower()
        if any(s in text for s in _NO_SUCH_NAME):
            return "unresolved", str(exc)
        if "certificate" in text or "ssl" in text or "tls" in text:
            return "tls", str(exc)
        return "connect", f"could not connect ({describe(exc)})"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "protocol", f"the server broke off the answer ({describe(exc)})"
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)):
        return "reset", f"the connection was reset ({describe(exc)})"
    return "connect", describe(exc)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
