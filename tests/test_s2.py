"""S2Client against respx, with a fake clock (no real waits): batches, the key, spacing,
429 and Retry-After, 403, truncated answers, `null` for unknown papers.

Answers about arXiv papers are BUILT on the recorded batch answer's shape (s2_server.py,
fixtures/s2/SOURCES.md); error bodies are the recorded ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import respx
from arxiv_mock import FakeClock
from s2_server import TOO_MANY_REQUESTS, paper_record, recorded

from wmcurate.ids import ArxivId, parse_arxiv_id
from wmcurate.remote import Backoff, Event, Sent, Waiting
from wmcurate.s2 import (
    INTERVAL_WITH_KEY,
    INTERVAL_WITHOUT_KEY,
    S2_API_URL,
    S2Client,
    api_key_from,
    resolve_api_url,
)
from wmcurate.s2feed import FIELDS

BATCH = f"{S2_API_URL}/paper/batch"
Scripted = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class Api:
    clock: FakeClock
    script: list[Scripted] = field(default_factory=list)
    known: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.arrivals.append(self.clock.now)
        if self.script:
            item = self.script.pop(0)
            if isinstance(item, Exception):
                raise item
            return item if isinstance(item, httpx.Response) else item(request)
        return self.answer(request)

    def answer(self, request: httpx.Request) -> httpx.Response:
        ids = json.loads(request.content)["ids"]
        records = [self.known.get(i.removeprefix("ARXIV:")) for i in ids]
        return httpx.Response(200, json=records)

    def ids(self) -> list[list[str]]:
        return [json.loads(r.content)["ids"] for r in self.requests]


def recorded_response(name: str) -> httpx.Response:
    response = recorded(name)["response"]
    return httpx.Response(response["status"], content=response["body"].encode(),
                          headers={"Content-Type": "application/json"})


def too_many(retry_after: str | None = None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return httpx.Response(429, content=TOO_MANY_REQUESTS, headers=headers)


def new_ids(count: int) -> list[ArxivId]:
    return [ArxivId(f"2401.{n:05d}") for n in range(1, count + 1)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def api(clock: FakeClock) -> Iterator[Api]:
    scripted = Api(clock)
    with respx.mock(assert_all_mocked=True) as router:
        router.route(host="api.semanticscholar.org").mock(side_effect=scripted)
        yield scripted


def make(clock: FakeClock, **options: Any) -> S2Client:
    return S2Client(clock=clock, backoff=Backoff(base=1.0, random=lambda: 0.0), **options)


def test_batches_of_500_arxiv_ids_posted_as_json_with_only_the_fields_needed(
    api: Api, clock: FakeClock
) -> None:
    wanted = new_ids(1001)
    progress: list[int] = []
    with make(clock) as client:
        outcomes = client.fetch(wanted, progress.append)
    assert [len(batch) for batch in api.ids()] == [500, 500, 1]
    assert api.ids()[0][:2] == ["ARXIV:2401.00001", "ARXIV:2401.00002"]
    first = api.requests[0]
    assert (first.method, first.url.path) == ("POST", "/graph/v1/paper/batch")
    assert first.url.params["fields"].split(",") == list(FIELDS)
    assert first.headers["Content-Type"] == "application/json"
    assert "x-api-key" not in first.headers
    assert progress == [500, 500, 1]
    assert {o.status for o in outcomes.values()} == {"unknown"}
    assert outcomes["2401.00001"].message == "Semantic Scholar knows no paper ARXIV:2401.00001"


def test_one_request_per_second_with_a_key_and_slower_without(api: Api, clock: FakeClock
                                                              ) -> None:
    with make(clock, api_key="secret-key", batch_size=1) as keyed:
        keyed.fetch(new_ids(3))
    assert [r.headers["x-api-key"] for r in api.requests] == ["secret-key"] * 3
    gaps = [b - a for a, b in zip(api.arrivals, api.arrivals[1:], strict=False)]
    assert gaps == [INTERVAL_WITH_KEY] * 2

    api.requests.clear()
    api.arrivals.clear()
    with make(clock, batch_size=1) as public:
        public.fetch(new_ids(3))
    gaps = [b - a for a, b in zip(api.arrivals, api.arrivals[1:], strict=False)]
    assert gaps == [INTERVAL_WITHOUT_KEY] * 2 and INTERVAL_WITHOUT_KEY > INTERVAL_WITH_KEY


def test_the_real_host_cannot_be_asked_faster_than_its_rate() -> None:
    with pytest.raises(ValueError, match="one request every 1 s with an API key"):
        S2Client(api_key="k", min_interval=0.2)
    with pytest.raises(ValueError, match="one request every 3 s without an API key"):
        S2Client(min_interval=1.0)
    S2Client("http://127.0.0.1:9/graph/v1", min_interval=0.0).close()  # a local server may


def test_results_come_in_request_order_with_null_for_unknown_papers(api: Api, clock: FakeClock
                                                                   ) -> None:
    api.known["2303.11328"] = paper_record(
        "2303.11328", "Zero-1-to-3: Zero-shot One Image to 3D Object", ("Ruoshi Liu",),
        citations=900)
    with make(clock) as client:
        outcomes = client.fetch([parse_arxiv_id("2401.00001"), parse_arxiv_id("2303.11328v2")])
    assert list(outcomes) == ["2401.00001", "2303.11328"]
    assert outcomes["2401.00001"].status == "unknown"
    found = outcomes["2303.11328"]
    assert found.status == "found" and found.paper is not None
    assert (found.paper.citation_count, found.fetched is not None) == (900, True)


def test_a_record_naming_another_arxiv_paper_is_not_trusted(api: Api, clock: FakeClock) -> None:
    api.known["2401.00001"] = paper_record("2401.99999", "Another Paper")
    with make(clock) as client:
        outcome = client.fetch(new_ids(1))["2401.00001"]
    assert (outcome.status, outcome.message) == (
        "failed", "Semantic Scholar answered ARXIV:2401.00001 with the record of another arXiv "
        "paper (2401.99999)")


def test_429_then_success_honours_retry_after(api: Api, clock: FakeClock) -> None:
    events: list[Event] = []
    api.script = [too_many("7")]
    with make(clock, reporter=events.append) as client:
        outcome = client.fetch(new_ids(1))["2401.00001"]
    assert outcome.status == "unknown"
    assert len(api.requests) == 2
    assert api.arrivals[1] - api.arrivals[0] >= 7
    retries = [e for e in events if isinstance(e, Waiting) and e.kind == "retry"]
    assert [(r.seconds, r.retry) for r in retries] == [(7.0, 1)]
    assert retries[0].reason.startswith("Semantic Scholar is throttling requests (HTTP 429: "
                                        "Too Many Requests. Please wait")


def test_429_that_never_ends_fails_the_batch_and_names_the_key(api: Api, clock: FakeClock
                                                               ) -> None:
    api.script = [too_many()] * 5
    with make(clock, max_retries=2) as client:
        outcomes = client.fetch(new_ids(501))
    assert len(api.requests) == 3  # the second batch is not sent once the first gave up
    first, later = outcomes["2401.00001"], outcomes["2401.00501"]
    assert first.status == later.status == "failed"
    assert "(gave up after 3 attempts)" in first.message
    assert "set $WMCURATE_S2_API_KEY to a key of your own" in first.message
    assert later.message.startswith("not asked: an earlier request to Semantic Scholar failed")


def test_a_retry_after_longer_than_the_wait_limit_is_not_waited_for(api: Api, clock: FakeClock
                                                                   ) -> None:
    api.script = [too_many("3600")]
    with make(clock, max_wait=60) as client:
        outcome = client.fetch(new_ids(1))["2401.00001"]
    assert outcome.status == "failed"
    assert "asked to wait 3600 s before trying again" in outcome.message
    assert clock.sleeps == []


@pytest.mark.parametrize("key", [None, "k-123"])
def test_403_fails_at_once_with_a_clear_message(api: Api, clock: FakeClock,
                                                monkeypatch: pytest.MonkeyPatch,
                                                key: str | None) -> None:
    monkeypatch.delenv("WMCURATE_S2_API_KEY", raising=False)
    if key:
        monkeypatch.setenv("WMCURATE_S2_API_KEY", key)
    api.script = [recorded_response("batch_403_forbidden.json")]
    with make(clock, api_key=key) as client:
        outcome = client.fetch(new_ids(1))["2401.00001"]
    assert len(api.requests) == 1
    if key:
        assert outcome.message == ("Semantic Scholar refused the API key (HTTP 403 Forbidden: "
                                   "Forbidden): check $WMCURATE_S2_API_KEY, or unset it to use "
                                   "the public pool")
    else:
        assert outcome.message == ("Semantic Scholar refused access (HTTP 403 Forbidden: "
                                   "Forbidden): it blocks some networks without an API key; "
                                   "set $WMCURATE_S2_API_KEY to a key of your own")


def test_a_truncated_answer_is_asked_again(api: Api, clock: FakeClock) -> None:
    api.known["2401.00001"] = paper_record("2401.00001", "A Paper", citations=3)
    whole = json.dumps([api.known["2401.00001"]]).encode()
    api.script = [httpx.Response(200, content=whole[: len(whole) // 2])]
    with make(clock) as client:
        outcome = client.fetch(new_ids(1))["2401.00001"]
    assert outcome.status == "found" and len(api.requests) == 2


def test_an_answer_truncated_every_time_fails_with_why(api: Api, clock: FakeClock) -> None:
    api.script = [httpx.Response(200, content=b'[{"paperId": "a", "ti')] * 3
    with make(clock, max_retries=2) as client:
        outcome = client.fetch(new_ids(1))["2401.00001"]
    assert outcome.status == "failed"
    assert outcome.message.startswith("Semantic Scholar's answer is cut off or broken JSON "
                                      "(gave up after 3 attempts)")


def test_server_errors_are_retried_and_a_wrong_url_is_named(api: Api, clock: FakeClock) -> None:
    api.script = [httpx.Response(503), recorded_response("single_404_not_found.json")]
    with make(clock) as client:
        outcome = client.fetch(new_ids(1))["2401.00001"]
    assert len(api.requests) == 2
    assert outcome.message == (f"Semantic Scholar answered HTTP 404 Not Found: Paper with id 0 "
                               f"not found for {BATCH}; check the API URL ($WMCURATE_S2_API)")


def test_a_bad_request_says_what_the_api_said(api: Api, clock: FakeClock) -> None:
    api.script = [recorded_response("single_400_bad_fields.json")]
    with make(clock) as client:
        outcome = client.fetch(new_ids(1))["2401.00001"]
    assert outcome.message == ("Semantic Scholar refused the request (HTTP 400 Bad Request: "
                               "Unrecognized or unsupported fields: [unknown])")


def test_an_unresolvable_host_is_not_retried(clock: FakeClock) -> None:
    with respx.mock() as router:
        router.route().mock(side_effect=httpx.ConnectError(
            "[Errno -2] Name or service not known"))
        with make(clock) as client:
            outcome = client.fetch(new_ids(1))["2401.00001"]
    assert outcome.status == "failed"
    assert outcome.message.startswith("could not resolve api.semanticscholar.org")
    assert clock.sleeps == []


def test_the_key_does_not_follow_a_redirect_to_another_host(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []

    def moved(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(307, headers={"Location": "https://mirror.example/graph/v1/"
                                            "paper/batch?fields=title"})

    def mirror(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[None])

    with respx.mock() as router:
        router.route(host="api.semanticscholar.org").mock(side_effect=moved)
        router.route(host="mirror.example").mock(side_effect=mirror)
        with make(clock, api_key="secret") as client:
            outcome = client.fetch(new_ids(1))["2401.00001"]
    assert outcome.status == "unknown"
    assert [r.headers.get("x-api-key") for r in seen] == ["secret", None]
    assert json.loads(seen[1].content) == {"ids": ["ARXIV:2401.00001"]}


def test_every_request_is_told_to_the_reporter(api: Api, clock: FakeClock) -> None:
    events: list[Event] = []
    with make(clock, reporter=events.append, batch_size=2) as client:
        client.fetch(new_ids(3))
    sent = [e for e in events if isinstance(e, Sent)]
    assert [(e.service, e.what) for e in sent] == [("Semantic Scholar", "2 papers"),
                                                   ("Semantic Scholar", "1 paper")]
    assert [e.kind for e in events if isinstance(e, Waiting)] == ["spacing"]


def test_the_environment_names_the_url_and_the_key() -> None:
    assert resolve_api_url(None, {}) == S2_API_URL
    assert resolve_api_url(None, {"WMCURATE_S2_API": "http://127.0.0.1:8/graph/v1/"}) == \
        "http://127.0.0.1:8/graph/v1"
    assert api_key_from({}) is None
    assert api_key_from({"S2_API_KEY": "b"}) == "b"
    assert api_key_from({"WMCURATE_S2_API_KEY": "a", "S2_API_KEY": "b"}) == "a"
    assert api_key_from({"WMCURATE_S2_API_KEY": "  ", "S2_API_KEY": "b"}) == "b"
    with pytest.raises(ValueError, match="must be an http"):
        S2Client("ftp://example.org/graph/v1")
