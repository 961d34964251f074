"""A fake Semantic Scholar Graph API: a real HTTP server on 127.0.0.1.

`POST /graph/v1/paper/batch?fields=...` with `{"ids": ["ARXIV:2303.11328", ...]}` is answered
the way the real API answers (see fixtures/s2/SOURCES.md): a JSON array in the order of the
ids, `null` for an id it knows no paper for, only the fields asked for (and `paperId`), HTTP
400 `{"error": ...}` for more than 500 ids or no JSON body. Tests script anything else by
queueing canned responses (429 with Retry-After, the recorded 403, a cut-off answer), which are
served first, one per request.

THE PAPER RECORDS ARE BUILT, NOT RECORDED: `paper_record` and `publication_venue` build them
on the shape of the recorded batch answer (fixtures/s2/batch_full_fields_one_unknown.json),
from the fields the API documents for arXiv papers.

Every request is recorded with its arrival, and the server notes whether two requests were
ever being answered at the same time.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "s2"
BATCH_PATH = "/graph/v1/paper/batch"
#: Built from the message users of the API quote in public issue reports (no 429 recorded).
TOO_MANY_REQUESTS = (
    b'{"message": "Too Many Requests. Please wait and try again or apply for a key for higher '
    b'rate limits. https://www.semanticscholar.org/product/api#api-key-form", "code": "429"}'
)


def _digest(text: str) -> str:
    """A stable 40-hex-digit id, as Semantic Scholar's paper ids look."""
    return hashlib.sha1(text.encode()).hexdigest()


def recorded(name: str) -> dict[str, Any]:
    """One recorded exchange (request and response) from fixtures/s2."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def publication_venue(name: str, kind: str | None = "conference",
                      alternate_names: Sequence[str] = (), venue_id: str | None = None
                      ) -> dict[str, Any]:
    """A built `publicationVenue` object."""
    return {
        "id": venue_id or _digest(name)[:36],
        "name": name,
        "type": kind,
        "alternate_names": list(alternate_names),
        "url": None,
    }


def paper_record(arxiv_id: str, title: str, authors: Sequence[str] = ("Ada Lovelace",), *,
                 venue: str = "arXiv.org", publication_venue: Mapping[str, Any] | None = None,
                 year: int | None = 2023, date: str | None = None, doi: str | None = None,
                 citations: int = 0, paper_id: str | None = None) -> dict[str, Any]:
    """A built paper record for an arXiv paper, in the batch answer's shape."""
    external: dict[str, Any] = {"ArXiv": arxiv_id,
                                "CorpusId": 250000000 + int(_digest(arxiv_id)[:5], 16)}
    if doi:
        external["DOI"] = doi
    return {
        "paperId": paper_id or _digest(f"paper {arxiv_id}"),
        "externalIds": external,
        "publicationVenue": dict(publication_venue) if publication_venue else None,
        "title": title,
        "venue": venue,
        "year": year,
        "publicationDate": date,
        "citationCount": citations,
        "authors": [{"authorId": str(1000 + i), "name": name} for i, name in enumerate(authors)],
    }


@dataclass(frozen=True)
class Canned:
    """One scripted answer; `delay` seconds pass before anything is sent."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(
        default_factory=lambda: {"Content-Type": "application/json"})
    delay: float = 0.0

    @classmethod
    def too_many_requests(cls, retry_after: str | None = None) -> Canned:
        headers = {"Content-Type": "application/json"}
        if retry_after is not None:
            headers["Retry-After"] = retry_after
        return cls(429, TOO_MANY_REQUESTS, headers)

    @classmethod
    def forbidden(cls) -> Canned:
        """The recorded 403 (fixtures/s2/batch_403_forbidden.json)."""
        response = recorded("batch_403_forbidden.json")["response"]
        return cls(response["status"], response["body"].encode())

    @classmethod
    def bad_request(cls) -> Canned:
        """The recorded 400 body (fixtures/s2/single_400_bad_fields.json)."""
        response = recorded("single_400_bad_fields.json")["response"]
        return cls(response["status"], response["body"].encode())

    @classmethod
    def cut_off(cls, body: bytes, keep: int) -> Canned:
        return cls(200, body[:keep])


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    ids: list[str]
    arrived: float
    client_port: int


class FakeS2:
    """The server and its script; `records` maps an arXiv ID to its built record."""

    def __init__(self, records: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.records: dict[str, Mapping[str, Any]] = dict(records or {})
        self.requests: list[Request] = []
        self.overlapped = False
        self._queue: deque[Canned] = deque()
        self._lock = threading.Lock()
        self._in_flight = 0
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.02}, daemon=True)

    @classmethod
    def running(cls, records: Mapping[str, Mapping[str, Any]] | None = None) -> FakeS2:
        fake = cls(records)
        fake._thread.start()
        return fake

    def __enter__(self) -> FakeS2:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        """The Graph API base URL, as $WMCURATE_S2_API takes it."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/graph/v1"

    @property
    def connections(self) -> int:
        return len({r.client_port for r in self.requests})

    def add(self, record: Mapping[str, Any]) -> None:
        self.records[record["externalIds"]["ArXiv"]] = record

    def queue(self, *responses: Canned) -> None:
        with self._lock:
            self._queue.extend(responses)

    def _arrive(self, request: Request) -> Canned:
        with self._lock:
            if self._in_flight:
                self.overlapped = True
            self._in_flight += 1
            self.requests.append(request)
            if self._queue:
                return self._queue.popleft()
        return self.answer(request)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def answer(self, request: Request) -> Canned:
        if request.path != BATCH_PATH or request.method != "POST":
            return Canned(404, json.dumps({"error": "Not found"}).encode())
        if len(request.ids) > 500:
            return Canned(400, b'{"error":"Cannot process more than 500 ids"}')
        wanted = {"paperId", *request.params.get("fields", "paperId,title").split(",")}
        answer: list[Any] = []
        for asked in request.ids:
            prefix, _, arxiv_id = asked.partition(":")
            record = self.records.get(arxiv_id) if prefix.upper() == "ARXIV" else None
            answer.append(None if record is None else
                          {k: v for k, v in record.items() if k in wanted})
        return Canned(200, json.dumps(answer).encode())


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeS2

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer("GET")

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer("POST")

    def _answer(self, method: str) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
            ids = [str(i) for i in body.get("ids", [])] if isinstance(body, dict) else []
        except ValueError:
            ids = []
        request = Request(method, parts.path, params,
                          {k.lower(): v for k, v in self.headers.items()}, ids,
                          time.monotonic(), self.client_address[1])
        response = fake._arrive(request)
        try:
            if response.delay:
                time.sleep(response.delay)
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
        except OSError:
            self.close_connection = True
        finally:
            fake._leave()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
