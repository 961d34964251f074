"""A fake arXiv API: a real HTTP server on 127.0.0.1 that answers like export.arxiv.org.

By default it answers `id_list` queries the way the current arXiv server does, from a table
of entries recorded in tests/fixtures/arxiv (IDs it does not know are left out; a malformed
ID gets the HTTP 400 error feed naming it). Tests script anything else by queueing canned
responses (503, 429 with Retry-After, an HTML page, truncated XML, a slow answer), which are
served first, one per request.

Every request is recorded with its arrival time, and the server notes whether two requests
were ever being answered at the same time, so tests can check the client's manners. Arrival
times only give lower bounds (a request arrives no sooner than it was sent, and a loaded
machine may note it later): compare them with the client's own send times, never with each
other.
"""

from __future__ import annotations

import re
import select
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"

_ENTRY = re.compile(r"<entry\b[^>]*>.*?</entry>", re.DOTALL)
_ENTRY_ID = re.compile(r"<id\b[^>]*>\s*https?://arxiv\.org/abs/(?P<id>[^<\s]+?)\s*</id>")
_VERSION = re.compile(r"(?P<base>.+?)(?:v(?P<version>[0-9]+))?$")
# What arXiv's own `parse_arxiv_id` accepts, deliberately independent of wmcurate.ids.
_WELL_FORMED = re.compile(
    r"(?:[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?"
)
# Newer captures first: when a paper was recorded twice, the current server's form wins.
_GENERATION_RANK = ("new2026_", "new2025-11-11_", "legacy", "arxivdocs")


@dataclass(frozen=True)
class CannedResponse:
    """One scripted answer. `delay` seconds pass before anything is sent."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(
        default_factory=lambda: {"Content-Type": "application/atom+xml; charset=utf-8"}
    )
    delay: float = 0.0

    @classmethod
    def fixture(cls, name: str, status: int = 200, delay: float = 0.0) -> CannedResponse:
        return cls(status=status, body=(FIXTURES / name).read_bytes(), delay=delay)

    @classmethod
    def rate_exceeded(cls, retry_after: str | None = None) -> CannedResponse:
        headers = {"Content-Type": "text/plain"}
        if retry_after is not None:
            headers["Retry-After"] = retry_after
        return cls(status=429, body=b"Rate exceeded.", headers=headers)

    @classmethod
    def service_unavailable(cls, retry_after: str | None = None) -> CannedResponse:
        headers = {"Content-Type": "text/html"}
        if retry_after is not None:
            headers["Retry-After"] = retry_after
        return cls(status=503, body=HTML_ERROR_PAGE, headers=headers)

    @classmethod
    def html_page(cls, status: int = 200) -> CannedResponse:
        return cls(status=status, body=HTML_ERROR_PAGE, headers={"Content-Type": "text/html"})

    @classmethod
    def truncated(
        cls, name: str = "new2026_single_1605.08386.xml", keep: int = 900
    ) -> CannedResponse:
        return cls(body=(FIXTURES / name).read_bytes()[:keep])


HTML_ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Service Unavailable</title>"
    b"</head><body><h1>Service temporarily unavailable</h1><p>Please try again later.<br>"
    b"</body></html>\n"
)


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    arrived: float
    client_port: int
    finished: float | None = None

    @property
    def id_list(self) -> list[str]:
        raw = self.params.get("id_list", "")
        return raw.split(",") if raw else []


@dataclass(frozen=True)
class RecordedEntry:
    base: str
    version: int | None
    xml: str


def load_recorded_entries(directory: Path = FIXTURES) -> dict[str, RecordedEntry]:
    """Every paper entry in the recorded responses, by base ID."""

    def rank(path: Path) -> tuple[int, str]:
        prefix = next((i for i, p in enumerate(_GENERATION_RANK) if path.name.startswith(p)), 9)
        return prefix, path.name

    table: dict[str, RecordedEntry] = {}
    for path in sorted(directory.glob("*.xml"), key=rank):
        for xml in _ENTRY.findall(path.read_text(encoding="utf-8")):
            found = _ENTRY_ID.search(xml)
            if found is None:
                continue  # an error entry or a legacy empty entry
            parts = _VERSION.fullmatch(found["id"])
            if parts is None:
                continue
            version = int(parts["version"]) if parts["version"] else None
            table.setdefault(parts["base"], RecordedEntry(parts["base"], version, xml))
    return table


def entry_xml(
    arxiv_id: str,
    title: str,
    *,
    version: int = 1,
    authors: tuple[str, ...] = ("Ada Lovelace",),
    summary: str = "An abstract.",
    comment: str | None = None,
    journal_ref: str | None = None,
    doi: str | None = None,
    primary_category: str = "cs.CV",
    published: str = "2023-03-20T17:59:56Z",
    updated: str | None = None,
) -> str:
    """A synthetic entry in the current server's form, for papers no fixture recorded."""
    versioned = f"{arxiv_id}v{version}"
    extra = ""
    if comment is not None:
        extra += f"\n    <arxiv:comment>{escape(comment)}</arxiv:comment>"
    if journal_ref is not None:
        extra += f"\n    <arxiv:journal_ref>{escape(journal_ref)}</arxiv:journal_ref>"
    if doi is not None:
        extra += f"\n    <arxiv:doi>{escape(doi)}</arxiv:doi>"
    people = "".join(
        f"\n    <author>\n      <name>{escape(name)}</name>\n    </author>" for name in authors
    )
    return f"""<entry>
    <id>http://arxiv.org/abs/{versioned}</id>
    <title>{escape(title)}</title>
    <updated>{updated or published}</updated>
    <link href="https://arxiv.org/abs/{versioned}" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/{versioned}" rel="related" type="application/pdf"
      title="pdf"/>
    <summary>{escape(summary)}</summary>
    <category term="{primary_category}" scheme="http://arxiv.org/schemas/atom"/>
    <published>{published}</published>{extra}
    <arxiv:primary_category term="{primary_category}"/>{people}
  </entry>"""


def feed_xml(entries: list[str], query: str, total: int | None = None) -> bytes:
    """A feed in the current server's form around `entries`."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    count = len(entries) if total is None else total
    body = "\n  ".join(entries)
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/fake</id>
  <title>arXiv Query: {escape(query)}</title>
  <updated>{stamp}</updated>
  <link href="https://arxiv.org/api/query?{escape(query)}" type="application/atom+xml"/>
  <opensearch:itemsPerPage>{max(len(entries), 1)}</opensearch:itemsPerPage>
  <opensearch:totalResults>{count}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  {body}
</feed>""".encode()  # noqa: E501 - the namespace line is arXiv's, kept whole


def error_feed(message: str) -> bytes:
    """The current server's HTTP 400 body (see new2026_malformed_id_abc_HTTP400_error.xml)."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    anchor = escape(message.replace(" ", "_"))
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/</id>
  <title>arXiv Search Results</title>
  <updated>{stamp}</updated>
  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <entry>
    <id>https://arxiv.org/api/errors#{anchor}</id>
    <title>Error</title>
    <updated>{stamp}</updated>
    <link href="https://arxiv.org/api/errors#{anchor}" rel="alternate" type="text/html"/>
    <summary>{escape(message)}</summary>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>""".encode()  # noqa: E501 - the namespace line is arXiv's, kept whole


class FakeArxiv:
    """The server and its script. Use `FakeArxiv.running()` or the `fake_arxiv` fixture."""

    def __init__(self, entries: Mapping[str, RecordedEntry] | None = None) -> None:
        self.entries: dict[str, RecordedEntry] = dict(
            load_recorded_entries() if entries is None else entries
        )
        self.requests: list[RecordedRequest] = []
        self.overlapped = False
        # Answer entries in reverse request order, to prove clients match by ID.
        self.reverse_order = False
        self.handler: Callable[[RecordedRequest], CannedResponse] | None = None
        self._queue: deque[CannedResponse] = deque()
        self._lock = threading.Lock()
        self._in_flight = 0
        self._closing = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        # A short poll keeps shutdown (once per test) from costing half a second.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @classmethod
    def running(cls, entries: Mapping[str, RecordedEntry] | None = None) -> FakeArxiv:
        fake = cls(entries)
        fake._thread.start()
        return fake

    def __enter__(self) -> FakeArxiv:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._closing.set()  # lets delayed answers give up at once
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/query"

    @property
    def connections(self) -> int:
        """How many TCP connections the requests came over."""
        return len({r.client_port for r in self.requests})

    def queue(self, *responses: CannedResponse) -> None:
        with self._lock:
            self._queue.extend(responses)

    def add_paper(self, arxiv_id: str, title: str, *, version: int = 1, **fields: Any) -> None:
        """Teach the server a paper no fixture recorded (see `entry_xml` for the fields)."""
        xml = entry_xml(arxiv_id, title, version=version, **fields)
        self.entries[arxiv_id] = RecordedEntry(arxiv_id, version, xml)

    # -- called from the handler threads ---------------------------------------------------

    def _arrive(self, request: RecordedRequest) -> CannedResponse:
        with self._lock:
            if self._in_flight:
                self.overlapped = True
            self._in_flight += 1
            self.requests.append(request)
            if self._queue:
                return self._queue.popleft()
        if self.handler is not None:
            return self.handler(request)
        return self.answer(request)

    def _leave(self, request: RecordedRequest) -> None:
        with self._lock:
            self._in_flight -= 1
            request.finished = time.monotonic()

    def answer(self, request: RecordedRequest) -> CannedResponse:
        """How the current arXiv server answers an `id_list` query."""
        if request.path != "/api/query":
            return CannedResponse(404, error_feed("Not Found"))
        ids = request.id_list
        if not ids:
            message = "Either a search_query or id_list must be specified for the classic API."
            return CannedResponse(400, error_feed(message))
        for requested in ids:
            if not _WELL_FORMED.fullmatch(requested):
                return CannedResponse(400, error_feed(f"incorrect id format for {requested}"))
        limit = int(request.params.get("max_results", "10"))
        found: list[str] = []
        for requested in ids:
            parts = _VERSION.fullmatch(requested)
            entry = self.entries.get(parts["base"]) if parts else None
            if entry is None or parts is None:
                continue  # unknown IDs are silently left out, as the current server does
            if parts["version"] and entry.version != int(parts["version"]):
                continue
            found.append(entry.xml)
        found = found[:limit]
        if self.reverse_order:
            found.reverse()
        query = f"search_query=&id_list={','.join(ids)}&start=0&max_results={limit}"
        return CannedResponse(200, feed_xml(found, query))

    def _wait(self, seconds: float, connection: socket.socket) -> bool:
        """Sleep up to `seconds`; False as soon as the client hangs up or the server closes."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if self._closing.wait(min(left, 0.01)):
                return False
            readable, _, _ = select.select([connection], [], [], 0)
            if readable:
                try:
                    if connection.recv(1, socket.MSG_PEEK) == b"":
                        return False
                except OSError:
                    return False
        return True


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler still sleeping never blocks shutdown
    fake: FakeArxiv

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up mid-answer is expected in timeout tests


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    protocol_version = "HTTP/1.1"  # keep-alive, so tests can count connections

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer("GET")

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer("POST")

    def _answer(self, method: str) -> None:
        fake = self.server.fake
        arrived = time.monotonic()
        parts = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            params.update({k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()})
        request = RecordedRequest(
            method=method,
            path=parts.path,
            params=params,
            headers={k.lower(): v for k, v in self.headers.items()},
            arrived=arrived,
            client_port=self.client_address[1],
        )
        response = fake._arrive(request)
        try:
            if response.delay and not fake._wait(response.delay, self.connection):
                self.close_connection = True
                return
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
        except OSError:
            self.close_connection = True  # the client gave up; nothing to tell it
        finally:
            fake._leave(request)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        pass  # keep pytest output clean
