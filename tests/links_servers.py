"""Local web hosts for the link checker's tests: real HTTP/1.1 servers on 127.0.0.1.

Built for these tests (nothing here is recorded from a real site). Each `FakeHost` stands in
for one host name; `FakeWeb` runs several and maps their names to their ports, both for
the library (`connect_to`) and for the CLI (`env`, through $WMCURATE_CONNECT_TO). A name
it does not serve does not resolve.

A host answers each path from its `routes` (a `Route`; a list of them served one per
request, the last repeating; or a function of the request), else with `default`. It
records every request (method, path, headers, when it arrived) and counts connections:
`max_open` is the most it ever had open at once, which the tests compare with the
client's promise of two per host, and `connections` how many it accepted in all. Arrival
times are the server's: tests never compare them with tight bounds; spacing is checked on
the client's own send times.
"""

from __future__ import annotations

import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHALLENGE_PAGE = (
    b"<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
    b"<meta http-equiv=\"refresh\" content=\"390\"></head><body><noscript>Enable JavaScript "
    b"and cookies to continue</noscript><script>(function(){window._cf_chl_opt={cvId: '3'};"
    b"})();</script></body></html>"
)
PAGE = b"<!DOCTYPE html><html><head><title>A page</title></head><body>Hello.</body></html>"


@dataclass(frozen=True)
class Route:
    """One way to answer. `head` overrides what HEAD gets (default: the same, no body).

    `size` streams that many filler bytes as the body (Content-Length announced);
    `never` accepts the request and never answers; `reset` drops the connection with a TCP
    reset; `delay` waits before answering; `trickle` sends the body a byte per `trickle` s.
    """

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = PAGE
    head: Route | None = None
    size: int = 0
    never: bool = False
    reset: bool = False
    delay: float = 0.0
    trickle: float = 0.0


def redirect(status: int, to: str) -> Route:
    return Route(status, {"Location": to}, b"")


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    arrived: float
    open_connections: int


#: How a path is answered: always the same, one after the other, or by the request.
Answering = Route | Sequence[Route] | Callable[[Seen], Route]


class FakeHost:
    def __init__(self, name: str, routes: Mapping[str, Answering] | None = None,
                 default: Route | None = None) -> None:
        self.name = name
        self.routes: dict[str, Answering] = dict(routes or {})
        self.default = default or Route()
        self.requests: list[Seen] = []
        self.open = 0
        self.max_open = 0
        self.connections = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.bytes_sent = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._served: dict[str, int] = {}
        self._server = _Server(("127.0.0.1", 0), _Handler, self)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    def url(self, path: str = "/") -> str:
        return f"http://{self.name}{path}"

    def start(self) -> FakeHost:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def count(self, path: str | None = None, method: str | None = None) -> int:
        with self.lock:
            return sum(1 for r in self.requests if (path is None or r.path == path)
                       and (method is None or r.method == method))

    def route_for(self, path: str, seen: Seen) -> Route:
        with self.lock:
            found = self.routes.get(path, self.default)
            if isinstance(found, Route):
                return found
            if callable(found):
                return found(seen)
            served = self._served.get(path, 0)
            self._served[path] = served + 1
            return found[min(served, len(found) - 1)]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], handler: type[_Handler], host: FakeHost
                 ) -> None:
        self.host = host
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass

    def handle(self) -> None:
        host = self.server.host
        with host.lock:
            host.open += 1
            host.connections += 1
            host.max_open = max(host.max_open, host.open)
        try:
            super().handle()
        except (ConnectionError, OSError):
            pass
        finally:
            with host.lock:
                host.open -= 1

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _answer(self, method: str) -> None:
        host = self.server.host
        path = urlsplit(self.path).path or "/"
        seen = Seen(method, self.path, dict(self.headers.items()), time.monotonic(), host.open)
        with host.lock:
            host.requests.append(seen)
            host.in_flight += 1
            host.max_in_flight = max(host.max_in_flight, host.in_flight)
        try:
            route = host.route_for(path, seen)
            if method == "HEAD" and route.head is not None:
                route = route.head
            self._serve(route, method, host)
        finally:
            with host.lock:
                host.in_flight -= 1

    def _serve(self, route: Route, method: str, host: FakeHost) -> None:
        if route.delay:
            host.stopping.wait(route.delay)
        if route.never:
            self._wait_for_client_to_leave(host)
            return
        if route.reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        body = route.body if not route.size else b""
        length = route.size or len(body)
        self.send_response(route.status)
        headers = {"Content-Type": "text/html; charset=utf-8", **route.headers}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if method == "HEAD":
            return
        if route.size:
            self._stream(route.size, host)
        elif route.trickle:
            for byte in body:
                if host.stopping.wait(route.trickle):
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
        else:
            self.wfile.write(body)
        with host.lock:
            host.bytes_sent += len(body)

    def _wait_for_client_to_leave(self, host: FakeHost) -> None:
        """Answer nothing until the client hangs up (or the host stops), so the connection
        counts as open exactly as long as the client keeps it."""
        self.close_connection = True
        self.connection.settimeout(0.05)
        while not host.stopping.is_set():
            try:
                if not self.connection.recv(1024):
                    return
            except TimeoutError:
                continue
            except OSError:
                return

    def _stream(self, size: int, host: FakeHost) -> None:
        chunk = b"x" * 65536
        left = size
        try:
            while left > 0:
                piece = chunk[:min(left, len(chunk))]
                self.wfile.write(piece)
                left -= len(piece)
                with host.lock:
                    host.bytes_sent += len(piece)
        except (ConnectionError, OSError):
            self.close_connection = True


class FakeWeb:
    """Several fake hosts; names it does not serve do not resolve."""

    def __init__(self, *hosts: FakeHost) -> None:
        self.hosts = {host.name: host for host in hosts}

    def __getitem__(self, name: str) -> FakeHost:
        return self.hosts[name]

    def connect_to(self, host: str, port: int) -> tuple[str, int]:
        found = self.hosts.get(host)
        if found is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return "127.0.0.1", found.port

    @property
    def env(self) -> dict[str, str]:
        """The CLI's view: $WMCURATE_CONNECT_TO naming every host's port."""
        mapping = " ".join(f"{name}=127.0.0.1:{host.port}" for name, host in self.hosts.items())
        return {"WMCURATE_CONNECT_TO": mapping}

    @classmethod
    @contextmanager
    def running(cls, *hosts: FakeHost) -> Iterator[FakeWeb]:
        web = cls(*hosts)
        for host in hosts:
            host.start()
        try:
            yield web
        finally:
            for host in hosts:
                host.stop()


def routes(**paths: Answering) -> dict[str, Answering]:
    """Routes from keyword arguments: `ok=Route()` answers `/ok`."""
    return {f"/{name.replace('_', '-')}": route for name, route in paths.items()}



# -- lint --online on a list in git -----------------------------------------------------------

def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True)
    return done.stdout


def commit_all_but_entries(root: Path) -> None:
    """A git repository at `root` whose one commit holds the list without its entries, so
    every entry file counts as changed (untracked)."""
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "tests@example.invalid")
    git(root, "config", "user.name", "Tests")
    git(root, "add", "--", *[p.name for p in root.iterdir() if p.name != "entries"
                              and p.name != ".git"])
    git(root, "commit", "-q", "-m", "the list, no entries yet")


def standard_web() -> FakeWeb:
    """Hosts the lint cases link to: links.test answers by path, github.com has one live
    repository, api.test is GitHub's API saying that repository is archived."""
    links = FakeHost("links.test", {
        "/ok": Route(), "/dead": Route(404), "/forbidden": Route(403),
        "/moved": redirect(301, "http://links.test/ok"),
    })
    github = FakeHost("github.com", {"/owner/tool": Route(), "/owner/archived-tool": Route()})
    api = FakeHost("api.test", {
        "/repos/owner/tool": Route(200, _API_HEADERS, b'{"full_name": "owner/tool", '
                                   b'"archived": false}'),
        "/repos/owner/archived-tool": Route(200, _API_HEADERS, b'{"full_name": '
                                            b'"owner/archived-tool", "archived": true}'),
    })
    return FakeWeb(links, github, api)


_API_HEADERS = {"Content-Type": "application/json", "X-RateLimit-Limit": "5000",
                "X-RateLimit-Remaining": "4999", "X-RateLimit-Reset": "1893456000"}


@contextmanager
def links_lint_env(root: Path) -> Iterator[dict[str, str]]:
    """The list at `root` put in git (entries left out, so they count as changed), the
    standard hosts running; yields the CLI's environment."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed: lint --online finds changed entries with git")
    commit_all_but_entries(root)
    web = standard_web()
    with FakeWeb.running(*web.hosts.values()) as running, \
            tempfile.TemporaryDirectory() as cache:
        yield {**running.env, "WMCURATE_CACHE_DIR": cache, "GITHUB_TOKEN": "test-token",
               "WMCURATE_GITHUB_API": "http://api.test", "GITHUB_BASE_REF": ""}
