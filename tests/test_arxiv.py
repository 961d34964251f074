"""ArxivClient against respx: every rule of DESIGN.md §6, with a fake clock (no real waits)."""

from __future__ import annotations

import gzip
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest
import respx
from arxiv_mock import ATOM, FakeClock, knows, params
from arxiv_server import entry_xml, error_feed, feed_xml

from wmcurate import PROJECT_URL, __version__
from wmcurate.arxiv import (
    ARXIV_API_URL,
    ArxivClient,
    Backoff,
    Limits,
    Outcome,
    resolve_api_url,
)
from wmcurate.ids import ArxivId, parse_arxiv_id
from wmcurate.remote import Event, Received, Sent, Waiting, unresolvable_host

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"


Scripted = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class Api:
    """The scripted server: answers in order, then falls back to `default`."""

    clock: FakeClock
    script: list[Scripted] = field(default_factory=list)
    default: Callable[[httpx.Request], httpx.Response] | None = None
    requests: list[httpx.Request] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.arrivals.append(self.clock.now)
        item: Scripted | None = self.script.pop(0) if self.script else self.default
        if item is None:
            raise AssertionError(f"unexpected request {request.url}")
        if isinstance(item, Exception):
            raise item
        if isinstance(item, httpx.Response):
            return item
        return item(request)

    def id_lists(self) -> list[list[str]]:
        return [params(r)["id_list"].split(",") for r in self.requests]


def fixture_response(name: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, headers=ATOM, content=(FIXTURES / name).read_bytes())


def ids(*texts: str) -> list[ArxivId]:
    return [parse_arxiv_id(text) for text in texts]


def new_ids(count: int, start: int = 1) -> list[ArxivId]:
    return [ArxivId(f"2401.{n:05d}") for n in range(start, start + count)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def api(clock: FakeClock) -> Iterator[Api]:
    scripted = Api(clock)
    with respx.mock(assert_all_mocked=True) as router:
        router.route(host="export.arxiv.org", path="/api/query").mock(side_effect=scripted)
        yield scripted


@pytest.fixture
def client(clock: FakeClock) -> Iterator[ArxivClient]:
    with ArxivClient(clock=clock, backoff=Backoff(random=lambda: 0.0)) as arxiv:
        yield arxiv


def found(outcome: Outcome) -> str:
    assert outcome.status == "found", outcome.message
    assert outcome.paper is not None
    return str(outcome.paper.id)


# --- asking ------------------------------------------------------------------------------


def test_batches_of_100_with_max_results_set_to_the_batch(api: Api, client: ArxivClient) -> None:
    wanted = new_ids(250)
    api.default = knows(*(str(i) for i in wanted))
    progress: list[int] = []
    outcomes = client.fetch(wanted, progress.append)
    assert [len(batch) for batch in api.id_lists()] == [100, 100, 50]
    assert [params(r)["max_results"] for r in api.requests] == ["100", "100", "50"]
    assert [params(r)["start"] for r in api.requests] == ["0", "0", "0"]
    assert api.id_lists()[2] == [str(i) for i in wanted[200:]]
    assert progress == [100, 100, 50]
    assert client.requests_made == 3
    assert list(outcomes) == [i.base for i in wanted]
    assert all(o.status == "found" for o in outcomes.values())


def test_short_lists_use_get_and_long_ones_post(api: Api, client: ArxivClient) -> None:
    short = new_ids(100)
    long_old_style = [
        ArxivId(f"cond-mat/05{m:02d}{n:03d}", 12) for m in range(1, 11) for n in range(1, 11)
    ]
    api.default = knows()
    client.fetch(short)
    client.fetch(long_old_style)
    get, post = api.requests
    assert (get.method, len(str(get.url)) <= 2000) == ("GET", True)
    assert post.method == "POST"
    assert len(str(httpx.URL(ARXIV_API_URL, params=params(post)))) > 2000
    assert post.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert post.url == ARXIV_API_URL
    assert params(post)["id_list"].split(",") == [str(i) for i in long_old_style]
    assert params(post)["max_results"] == "100"


def test_results_are_matched_by_id_not_position(api: Api, client: ArxivClient) -> None:
    wanted = ids("2401.00001", "2401.00002", "2401.00003", "2401.00004", "2401.00005")
    api.default = knows("2401.00005", "2401.00001", "2401.00003v4", order="shuffled")
    outcomes = client.fetch(wanted)
    assert {base: o.status for base, o in outcomes.items()} == {
        "2401.00001": "found",
        "2401.00002": "not_found",
        "2401.00003": "found",
        "2401.00004": "not_found",
        "2401.00005": "found",
    }
    for base in ("2401.00001", "2401.00003", "2401.00005"):
        paper = outcomes[base].paper
        assert paper is not None and paper.id.base == base and paper.title == f"Paper {base}"
    assert outcomes["2401.00002"] == Outcome("not_found", message="arXiv has no paper 2401.00002")


def test_versions_match_exactly_when_asked_for(api: Api, client: ArxivClient) -> None:
    api.default = knows("2303.11328v2", "1605.08386v1", "hep-th/9901001v3")
    outcomes = client.fetch(ids("2303.11328v2", "1605.08386", "hep-th/9901001v2"))
    assert found(outcomes["2303.11328"]) == "2303.11328v2"
    assert found(outcomes["1605.08386"]) == "1605.08386v1"
    assert outcomes["hep-th/9901001"] == Outcome(
        "not_found", message="arXiv returned hep-th/9901001v3, not the requested hep-th/9901001v2"
    )
    assert api.id_lists() == [["2303.11328v2", "1605.08386", "hep-th/9901001v2"]]


def test_recorded_responses_are_understood(api: Api, client: ArxivClient) -> None:
    api.script = [fixture_response("new2026_multi_id_one_nonexistent_0808.05394_1707.08567.xml")]
    outcomes = client.fetch([ArxivId("0808.05394"), ArxivId("1707.08567")])
    assert outcomes["0808.05394"].status == "not_found"
    assert found(outcomes["1707.08567"]) == "1707.08567v1"
    api.script = [
        fixture_response("legacy2025-08_multi_id_3_nonexistent_empty_entry_2201.13452.xml")
    ]
    legacy = client.fetch(ids("2201.13455", "2201.13452", "2201.13453", "2201.13454"))
    assert [o.status for o in legacy.values()] == ["not_found", "found", "not_found", "not_found"]


def test_duplicates_are_asked_once_and_nothing_asked_for_nothing(
    api: Api, client: ArxivClient
) -> None:
    assert client.fetch([]) == {}
    assert client.requests_made == 0
    api.default = knows("2303.11328v2")
    outcomes = client.fetch(ids("2303.11328", "arXiv:2303.11328v2", "2303.11328"))
    assert list(outcomes) == ["2303.11328"]
    assert api.id_lists() == [["2303.11328"]]


def test_user_agent_and_timeouts(api: Api, client: ArxivClient) -> None:
    api.default = knows()
    client.fetch(ids("2303.11328"))
    request = api.requests[0]
    assert request.headers["User-Agent"] == f"wmcurate/{__version__} (+{PROJECT_URL})"
    assert request.extensions["timeout"] == {
        "connect": 10.0,
        "read": 30.0,
        "write": 10.0,
        "pool": 10.0,
    }


# --- invalid -----------------------------------------------------------------------------


def test_rejected_ids_are_dropped_and_the_batch_resent(api: Api, client: ArxivClient) -> None:
    # ArxivId() itself does not validate: these stand for IDs arXiv's rules reject.
    first_bad, second_bad = ArxivId("1234.12345"), ArxivId("abc")
    wanted = [ArxivId("2303.11328"), first_bad, ArxivId("1605.08386"), second_bad]
    api.script = [
        httpx.Response(400, headers=ATOM, content=error_feed("incorrect id format for 1234.12345")),
        fixture_response("new2026_malformed_id_abc_HTTP400_error.xml", status=400),
    ]
    api.default = knows("2303.11328v1", "1605.08386v1", order="reversed")
    outcomes = client.fetch(wanted)
    assert api.id_lists() == [
        ["2303.11328", "1234.12345", "1605.08386", "abc"],
        ["2303.11328", "1605.08386", "abc"],
        ["2303.11328", "1605.08386"],
    ]
    assert params(api.requests[2])["max_results"] == "2"
    assert outcomes["1234.12345"] == Outcome(
        "invalid", message="arXiv rejected '1234.12345': incorrect id format for 1234.12345"
    )
    assert outcomes["abc"] == Outcome(
        "invalid", message="arXiv rejected 'abc': incorrect id format for abc"
    )
    assert found(outcomes["2303.11328"]) == "2303.11328v1"
    assert found(outcomes["1605.08386"]) == "1605.08386v1"
    assert list(outcomes) == ["2303.11328", "1234.12345", "1605.08386", "abc"]
    assert client.requests_made == 3


def test_legacy_error_feed_is_understood(api: Api, client: ArxivClient) -> None:
    api.script = [fixture_response("legacy2019_malformed_id_INVALIDID_HTTP400_error.xml", 400)]
    outcomes = client.fetch([ArxivId("INVALIDID")])
    assert outcomes["INVALIDID"].status == "invalid"
    assert client.requests_made == 1


def test_a_400_naming_no_sent_id_fails_the_batch(api: Api, client: ArxivClient) -> None:
    api.script = [
        httpx.Response(400, headers=ATOM, content=error_feed("max_results must be an integer"))
    ]
    outcomes = client.fetch(ids("2303.11328", "1605.08386"))
    assert set(outcomes.values()) == {
        Outcome("failed", message="arXiv rejected the request: max_results must be an integer")
    }
    assert client.requests_made == 1


def test_a_400_that_is_not_a_feed(api: Api, client: ArxivClient) -> None:
    api.script = [httpx.Response(400, text="Bad Request")]
    outcomes = client.fetch(ids("2303.11328"))
    assert outcomes["2303.11328"] == Outcome(
        "failed",
        message="arXiv answered HTTP 400 with plain text instead of an Atom feed (11 bytes): "
        '"Bad Request"',
    )


# --- throttled ---------------------------------------------------------------------------


def rate_exceeded(**headers: str) -> httpx.Response:
    return httpx.Response(429, text="Rate exceeded.", headers=headers)


def test_429_honours_retry_after_seconds(api: Api, client: ArxivClient, clock: FakeClock) -> None:
    api.script = [rate_exceeded(**{"Retry-After": "7"})]
    api.default = knows("2303.11328")
    outcomes = client.fetch(ids("2303.11328"))
    assert found(outcomes["2303.11328"]) == "2303.11328v1"
    assert clock.sleeps == [7.0]
    assert api.arrivals[1] - api.arrivals[0] == 7.0
    assert client.requests_made == 2


def test_429_honours_retry_after_http_date(api: Api, client: ArxivClient, clock: FakeClock) -> None:
    api.script = [
        # Measured against the server's Date header: 20 s.
        rate_exceeded(
            **{
                "Retry-After": "Wed, 21 Oct 2026 07:28:20 GMT",
                "Date": "Wed, 21 Oct 2026 07:28:00 GMT",
            }
        ),
        # Without a Date header, against the client's wall clock: 12 s.
        rate_exceeded(**{"Retry-After": "Fri, 15 Jan 2027 08:00:42 GMT"}),
    ]
    second_answer_at = datetime(2027, 1, 15, 8, 0, 30, tzinfo=timezone.utc).timestamp()
    clock.wall = second_answer_at - (clock.now + 20.0)
    api.default = knows("2303.11328")
    assert found(client.fetch(ids("2303.11328"))["2303.11328"]) == "2303.11328v1"
    assert clock.sleeps == [20.0, 12.0]


def test_a_retry_after_in_the_past_means_the_usual_backoff(
    api: Api, client: ArxivClient, clock: FakeClock
) -> None:
    api.script = [rate_exceeded(**{"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})]
    api.default = knows()
    client.fetch(ids("2303.11328"))
    assert clock.sleeps == [3.0]


def test_429_without_retry_after_backs_off_exponentially_then_fails(
    api: Api, client: ArxivClient, clock: FakeClock
) -> None:
    api.default = lambda request: rate_exceeded()
    outcomes = client.fetch(ids("2303.11328", "1605.08386"))
    assert clock.sleeps == [3.0, 6.0, 12.0, 24.0]
    assert client.requests_made == 5
    message = (
        "arXiv is throttling requests (HTTP 429, 'Rate exceeded.') (gave up after 5 attempts); "
        "wait a few minutes and try again"
    )
    assert set(outcomes.values()) == {Outcome("failed", message=message)}


def test_an_excessive_retry_after_is_not_waited_for(
    api: Api, client: ArxivClient, clock: FakeClock
) -> None:
    api.script = [rate_exceeded(**{"Retry-After": "3600"})]
    outcomes = client.fetch(ids("2303.11328"))
    assert outcomes["2303.11328"] == Outcome(
        "failed",
        message="arXiv is throttling requests (HTTP 429, 'Rate exceeded.'); arXiv asked to wait "
        "3600 s before trying again, more than the 120 s wait limit (--max-wait; 120 s left): "
        "try again later",
    )
    assert clock.sleeps == []
    assert client.requests_made == 1


def test_backoff_has_jitter_and_a_cap() -> None:
    draws = iter([0.0, 1.0, 0.5])
    backoff = Backoff(base=3.0, cap=10.0, jitter=0.25, random=lambda: next(draws))
    assert [backoff.delay(1), backoff.delay(2), backoff.delay(5)] == [3.0, 7.5, 11.25]


# --- transient ---------------------------------------------------------------------------


def test_503_then_success(api: Api, client: ArxivClient, clock: FakeClock) -> None:
    api.script = [httpx.Response(503, text="<html>busy</html>")]
    api.default = knows("2303.11328")
    assert found(client.fetch(ids("2303.11328"))["2303.11328"]) == "2303.11328v1"
    assert clock.sleeps == [3.0]
    assert client.requests_made == 2


def test_503_retry_after_is_honoured(api: Api, client: ArxivClient, clock: FakeClock) -> None:
    api.script = [httpx.Response(503, headers={"Retry-After": "10"})]
    api.default = knows("2303.11328")
    client.fetch(ids("2303.11328"))
    assert clock.sleeps == [10.0]


@pytest.mark.parametrize(
    "problem",
    [
        httpx.ReadTimeout("timed out"),
        httpx.ConnectTimeout("timed out"),
        httpx.ReadError("[Errno 104] Connection reset by peer"),
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
)
def test_network_trouble_then_success(
    api: Api, client: ArxivClient, clock: FakeClock, problem: Exception
) -> None:
    api.script = [problem]
    api.default = knows("2303.11328")
    assert found(client.fetch(ids("2303.11328"))["2303.11328"]) == "2303.11328v1"
    assert clock.sleeps == [3.0]


def test_an_empty_page_is_retried(api: Api, client: ArxivClient, clock: FakeClock) -> None:
    api.script = [
        fixture_response("legacy2025-08_nonexistent_1201.56789_totalResults1_no_entry.xml")
    ]
    api.default = knows("2303.11328")
    assert found(client.fetch(ids("2303.11328"))["2303.11328"]) == "2303.11328v1"
    assert client.requests_made == 2


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (
            httpx.Response(503, text="busy"),
            "arXiv answered HTTP 503 Service Unavailable (gave up after 5 attempts); "
            "try again later",
        ),
        (
            httpx.ReadTimeout("timed out"),
            "arXiv did not answer in time (read timeout) (gave up after 5 attempts); "
            "try again later",
        ),
        (
            httpx.ConnectError("[Errno 111] Connection refused"),
            "could not talk to arXiv at https://export.arxiv.org/api/query (ConnectError: "
            "[Errno 111] Connection refused) (gave up after 5 attempts); try again later",
        ),
        (
            fixture_response("legacy2025-08_nonexistent_1201.56789_totalResults1_no_entry.xml"),
            "arXiv returned an empty page although it counted 1 result(s) (gave up after 5 "
            "attempts); try again later",
        ),
    ],
)
def test_retries_exhausted_fail_every_id_and_stop_asking(
    api: Api, client: ArxivClient, clock: FakeClock, problem: Scripted, message: str
) -> None:
    api.default = lambda request: raise_or_return(problem)
    progress: list[int] = []
    outcomes = client.fetch(new_ids(150), progress.append)
    assert client.requests_made == 5  # 1 + max_retries, for the first batch only
    assert clock.sleeps == [3.0, 6.0, 12.0, 24.0]
    first, second = list(outcomes.values())[:100], list(outcomes.values())[100:]
    assert set(first) == {Outcome("failed", message=message)}
    assert set(second) == {
        Outcome("failed", message=f"not asked: an earlier request to arXiv failed ({message})")
    }
    assert progress == [100, 50]


def raise_or_return(problem: Scripted) -> httpx.Response:
    if isinstance(problem, Exception):
        raise problem
    assert isinstance(problem, httpx.Response)
    return problem


def test_max_retries_zero_means_one_attempt(api: Api, clock: FakeClock) -> None:
    api.default = lambda request: httpx.Response(502)
    with ArxivClient(clock=clock, max_retries=0) as arxiv:
        outcome = arxiv.fetch(ids("2303.11328"))["2303.11328"]
    assert (
        outcome.message
        == "arXiv answered HTTP 502 Bad Gateway (gave up after 1 attempt); try again later"
    )
    assert arxiv.requests_made == 1


# --- not a feed --------------------------------------------------------------------------


MAINTENANCE = "<!DOCTYPE html><html><body>Maintenance</body></html>"


def test_an_html_page_is_retried_then_reported_with_what_arxiv_sent(
    api: Api, client: ArxivClient, clock: FakeClock
) -> None:
    api.default = lambda request: httpx.Response(200, html=MAINTENANCE)
    outcomes = client.fetch(ids("2303.11328"))
    assert outcomes["2303.11328"] == Outcome(
        "failed",
        message="arXiv answered with an HTML page instead of an Atom feed (52 bytes): "
        f'"{MAINTENANCE}" (gave up after 5 attempts); try again later',
    )
    assert (client.requests_made, clock.sleeps) == (5, [3.0, 6.0, 12.0, 24.0])


@pytest.mark.parametrize(
    "odd",
    [
        httpx.Response(200, html=MAINTENANCE),
        httpx.Response(200, headers=ATOM,
                       content=(FIXTURES / "new2026_single_1605.08386.xml").read_bytes()[:1500]),
        httpx.Response(200, text="Access denied"),
    ],
)
def test_an_odd_answer_then_the_feed(
    api: Api, client: ArxivClient, clock: FakeClock, odd: httpx.Response
) -> None:
    api.script = [odd]
    api.default = knows("1605.08386")
    assert found(client.fetch(ids("1605.08386"))["1605.08386"]) == "1605.08386v1"
    assert (client.requests_made, clock.sleeps) == (2, [3.0])


def test_truncated_xml_is_retried_then_reported(api: Api, client: ArxivClient) -> None:
    body = (FIXTURES / "new2026_single_1605.08386.xml").read_bytes()[:1500]
    api.default = lambda request: httpx.Response(200, headers=ATOM, content=body)
    outcome = client.fetch(ids("1605.08386"))["1605.08386"]
    assert outcome.status == "failed"
    assert outcome.message.startswith(
        "arXiv answered with broken or truncated XML instead of an Atom feed (1500 bytes): "
    )
    assert outcome.message.endswith("(gave up after 5 attempts); try again later")


def test_other_statuses_point_at_the_api_url(api: Api, client: ArxivClient) -> None:
    api.script = [httpx.Response(404, text="no")]
    assert client.fetch(ids("2303.11328"))["2303.11328"] == Outcome(
        "failed",
        message="arXiv answered HTTP 404 Not Found for https://export.arxiv.org/api/query; "
        "check the API URL (--api-url or $WMCURATE_ARXIV_API)",
    )


# --- manners -----------------------------------------------------------------------------


def test_at_least_min_interval_between_request_starts(
    api: Api, client: ArxivClient, clock: FakeClock
) -> None:
    api.default = knows()
    client.fetch(new_ids(300))
    client.fetch(ids("2303.11328"))
    gaps = [b - a for a, b in zip(api.arrivals, api.arrivals[1:], strict=False)]
    assert gaps == [3.0, 3.0, 3.0]
    assert clock.sleeps == [3.0, 3.0, 3.0]


def test_time_already_spent_counts_toward_the_interval(
    api: Api, client: ArxivClient, clock: FakeClock
) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        clock.now += 2.0  # the answer took 2 s to arrive
        return knows()(request)

    api.default = slow
    client.fetch(new_ids(200))
    assert clock.sleeps == [1.0]
    assert api.arrivals[1] - api.arrivals[0] == 3.0


def test_the_interval_is_kept_across_retries(api: Api, clock: FakeClock) -> None:
    api.script = [httpx.Response(500)]
    api.default = knows()
    with ArxivClient(clock=clock, backoff=Backoff(base=0.5, random=lambda: 0.0)) as arxiv:
        arxiv.fetch(ids("2303.11328"))
    assert clock.sleeps == [0.5, 2.5]
    assert api.arrivals[1] - api.arrivals[0] == 3.0


@pytest.mark.parametrize(
    "url",
    [
        "https://export.arxiv.org/api/query",
        "http://arxiv.org/api/query",
        "https://EXPORT.arXiv.org/api",
    ],
)
def test_a_short_interval_is_refused_for_arxiv(url: str) -> None:
    with pytest.raises(ValueError, match="terms of use require at least 3.0 s"):
        ArxivClient(url, min_interval=1.0)


def test_a_short_interval_is_allowed_elsewhere() -> None:
    with ArxivClient("http://127.0.0.1:8080/api/query", min_interval=0.0) as arxiv:
        assert arxiv.min_interval == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"api_url": "ftp://export.arxiv.org/api/query"}, "must be an http"),
        ({"api_url": "not a url"}, "must be an http"),
        ({"batch_size": 101}, "between 1 and 100"),
        ({"batch_size": 0}, "between 1 and 100"),
        ({"max_retries": -1}, "cannot be negative"),
    ],
)
def test_bad_settings_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ArxivClient(**kwargs)  # type: ignore[arg-type]


def test_the_context_manager_closes_the_connection() -> None:
    with ArxivClient() as arxiv:
        assert not arxiv.is_closed
    assert arxiv.is_closed


def test_resolve_api_url() -> None:
    assert resolve_api_url(None, {}) == "https://export.arxiv.org/api/query"
    assert resolve_api_url(None, {"WMCURATE_ARXIV_API": "http://x/api"}) == "http://x/api"
    assert resolve_api_url("http://y/api", {"WMCURATE_ARXIV_API": "http://x/api"}) == "http://y/api"


def test_smaller_batches_can_be_asked_for(api: Api, clock: FakeClock) -> None:
    api.default = knows()
    with ArxivClient(clock=clock, batch_size=2) as arxiv:
        arxiv.fetch(new_ids(5))
    assert [len(batch) for batch in api.id_lists()] == [2, 2, 1]


# --- the wait limit (--max-wait) ---------------------------------------------------------


def test_retries_stop_where_the_wait_limit_would_pass(api: Api, clock: FakeClock) -> None:
    api.default = lambda request: httpx.Response(503)
    with ArxivClient(clock=clock, backoff=Backoff(random=lambda: 0.0), max_wait=10.0) as arxiv:
        outcome = arxiv.fetch(ids("2303.11328"))["2303.11328"]
    # 3 s, then 6 s (9 s in all); the next pause, 12 s, would pass the 10 s limit.
    assert clock.sleeps == [3.0, 6.0]
    assert arxiv.requests_made == 3
    assert outcome == Outcome(
        "failed",
        message="arXiv answered HTTP 503 Service Unavailable (gave up after 3 attempts: "
        "waiting 12 s more would pass the 10 s wait limit (--max-wait; 1 s left)); "
        "try again later",
    )


def test_failed_attempts_count_toward_the_wait_limit(api: Api, clock: FakeClock) -> None:
    def times_out(request: httpx.Request) -> httpx.Response:
        clock.now += 8.0  # the attempt took 8 s before it failed
        raise httpx.ReadTimeout("timed out")

    api.default = times_out
    with ArxivClient(clock=clock, backoff=Backoff(random=lambda: 0.0), max_wait=20.0) as arxiv:
        outcome = arxiv.fetch(ids("2303.11328"))["2303.11328"]
    # 8 s failed + 3 s pause + 8 s failed = 19 s; a 6 s pause would pass 20 s.
    assert clock.sleeps == [3.0]
    assert outcome.message.endswith("(gave up after 2 attempts: waiting 6 s more would pass "
                                    "the 20 s wait limit (--max-wait; 1 s left)); try again later")


def test_a_zero_wait_limit_means_no_retry(api: Api, clock: FakeClock) -> None:
    api.default = lambda request: httpx.Response(502)
    with ArxivClient(clock=clock, max_wait=0.0) as arxiv:
        outcome = arxiv.fetch(ids("2303.11328"))["2303.11328"]
    assert (arxiv.requests_made, clock.sleeps) == (1, [])
    assert "wait limit" in outcome.message


def test_the_wait_limit_covers_the_whole_fetch(api: Api, clock: FakeClock) -> None:
    script = iter([httpx.Response(503), None, httpx.Response(503), httpx.Response(503)])

    def answer(request: httpx.Request) -> httpx.Response:
        scripted = next(script, None)
        return scripted if scripted is not None else knows()(request)

    api.default = answer
    with ArxivClient(clock=clock, backoff=Backoff(random=lambda: 0.0), max_wait=10.0,
                     batch_size=1) as arxiv:
        outcomes = arxiv.fetch(ids("2303.11328", "1605.08386"))
    # Batch 1: a 503, a 3 s pause, then the answer. Batch 2, after 3 s of spacing (politeness,
    # not trouble): a 503 and a 3 s pause (6 s of the 10 s spent), a 503, and the next pause,
    # 6 s, would pass the limit set for the whole fetch.
    assert clock.sleeps == [3.0, 3.0, 3.0]
    assert outcomes["2303.11328"].status == "not_found"
    assert outcomes["1605.08386"].message.endswith(
        "(gave up after 2 attempts: waiting 6 s more would pass the 10 s wait limit "
        "(--max-wait; 4 s left)); try again later")


# --- what the client tells ---------------------------------------------------------------


def test_every_request_answer_and_pause_is_reported(api: Api, clock: FakeClock) -> None:
    events: list[Event] = []
    api.script = [httpx.Response(503, text="busy")]
    api.default = knows("2303.11328")
    with ArxivClient(clock=clock, backoff=Backoff(random=lambda: 0.0), batch_size=1,
                     reporter=events.append) as arxiv:
        arxiv.fetch(ids("2303.11328", "1605.08386"))
    url = "https://export.arxiv.org/api/query?id_list={}&start=0&max_results=1"
    assert [type(e).__name__ for e in events] == [
        "Sent", "Received", "Waiting", "Sent", "Received", "Waiting", "Sent", "Received"]
    sent = [e for e in events if isinstance(e, Sent)]
    assert [(e.what, e.url) for e in sent] == [
        ("1 paper", url.format("2303.11328")), ("1 paper", url.format("2303.11328")),
        ("1 paper", url.format("1605.08386"))]
    assert [e.at for e in sent] == [1000.0, 1003.0, 1006.0]
    received = [e for e in events if isinstance(e, Received)]
    assert [e.status for e in received] == [503, 200, 200]
    retry, spacing = (e for e in events if isinstance(e, Waiting))
    assert retry == Waiting("arXiv", "retry", 3.0, "arXiv answered HTTP 503 Service Unavailable",
                            1, 4)
    assert spacing == Waiting("arXiv", "spacing", 3.0)


def test_a_failed_exchange_is_reported_with_its_problem(api: Api, clock: FakeClock) -> None:
    events: list[Event] = []
    api.script = [httpx.ReadTimeout("timed out")]
    api.default = knows()
    with ArxivClient(clock=clock, reporter=events.append) as arxiv:
        arxiv.fetch(ids("2303.11328"))
    first = next(e for e in events if isinstance(e, Received))
    assert (first.status, first.problem) == (0, "read timeout")


# --- a host name that does not resolve ---------------------------------------------------


def test_a_host_that_does_not_resolve_fails_at_once(api: Api, client: ArxivClient,
                                                    clock: FakeClock) -> None:
    api.default = lambda request: raise_or_return(
        httpx.ConnectError("[Errno -2] Name or service not known"))
    outcomes = client.fetch(new_ids(150))
    assert (client.requests_made, clock.sleeps) == (1, [])
    message = ("could not resolve export.arxiv.org, the arXiv API's host (ConnectError: "
               "[Errno -2] Name or service not known): check the network connection, or the "
               "API URL (--api-url or $WMCURATE_ARXIV_API)")
    assert outcomes["2401.00001"] == Outcome("failed", message=message)
    assert outcomes["2401.00101"].message == f"not asked: an earlier request to arXiv failed " \
                                             f"({message})"


@pytest.mark.parametrize("detail", [
    "[Errno -3] Temporary failure in name resolution",
    "[Errno 8] nodename nor servname provided, or not known",
    "[Errno 11001] getaddrinfo failed",
])
def test_every_platforms_resolver_failure_is_recognised(detail: str) -> None:
    assert unresolvable_host(httpx.ConnectError(detail))
    assert not unresolvable_host(httpx.ConnectError("[Errno 111] Connection refused"))


def test_a_resolver_error_under_the_transport_is_recognised() -> None:
    try:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as inner:
            raise httpx.ConnectError("could not connect") from inner
    except httpx.ConnectError as outer:
        assert unresolvable_host(outer)


# --- redirects ---------------------------------------------------------------------------

LOCAL = "http://127.0.0.1:9/api/query"


def test_redirects_are_followed_as_spaced_requests(clock: FakeClock) -> None:
    with respx.mock(assert_all_mocked=True) as router:
        router.get(url__startswith=LOCAL).mock(return_value=httpx.Response(
            301, headers={"Location": "http://127.0.0.1:9/v2/query?id_list=2303.11328"}))
        moved = router.get(url__startswith="http://127.0.0.1:9/v2/query").mock(
            side_effect=knows("2303.11328"))
        with ArxivClient(LOCAL, min_interval=0.5, clock=clock) as arxiv:
            outcome = arxiv.fetch(ids("2303.11328"))["2303.11328"]
    assert found(outcome) == "2303.11328v1"
    assert moved.call_count == 1
    assert arxiv.requests_made == 2  # the redirect is a request of its own...
    assert clock.sleeps == [0.5]  # ...spaced like any other


def test_a_redirect_to_arxiv_keeps_arxivs_spacing(clock: FakeClock) -> None:
    with respx.mock(assert_all_mocked=True) as router:
        router.get(url__startswith=LOCAL).mock(return_value=httpx.Response(
            302, headers={"Location": ARXIV_API_URL + "?id_list=2303.11328"}))
        router.get(url__startswith=ARXIV_API_URL).mock(side_effect=knows("2303.11328"))
        with ArxivClient(LOCAL, min_interval=0.0, clock=clock) as arxiv:
            arxiv.fetch(ids("2303.11328"))
    assert clock.sleeps == [3.0]


def test_redirects_are_bounded(clock: FakeClock) -> None:
    with respx.mock(assert_all_mocked=True) as router:
        loop = router.get(url__startswith=LOCAL).mock(
            return_value=httpx.Response(302, headers={"Location": LOCAL}))
        limits = Limits(max_redirects=3)
        with ArxivClient(LOCAL, min_interval=0.0, clock=clock, limits=limits) as arxiv:
            outcome = arxiv.fetch(ids("2303.11328"))["2303.11328"]
    assert outcome == Outcome("failed", message=f"arXiv redirected more than 3 times (last to "
                              f"{LOCAL}): refused")
    assert loop.call_count == 4  # the request and 3 redirects; never retried


def test_a_redirect_off_the_web_is_refused(clock: FakeClock) -> None:
    with respx.mock(assert_all_mocked=True) as router:
        router.get(url__startswith=LOCAL).mock(
            return_value=httpx.Response(302, headers={"Location": "file:///etc/passwd"}))
        with ArxivClient(LOCAL, min_interval=0.0, clock=clock) as arxiv:
            outcome = arxiv.fetch(ids("2303.11328"))["2303.11328"]
    assert outcome.message.startswith("arXiv redirected to 'file://")
    assert outcome.message.endswith("/etc/passwd', which is not an http(s) URL: refused")


# --- bounded answers ---------------------------------------------------------------------


def test_an_answer_larger_than_the_limit_is_refused(api: Api, clock: FakeClock) -> None:
    body = (FIXTURES / "new2026_search_all-testing_start00_max100.xml").read_bytes()
    api.default = lambda request: httpx.Response(200, headers=ATOM, content=body)
    with ArxivClient(clock=clock, limits=Limits(max_bytes=100_000)) as arxiv:
        outcome = arxiv.fetch(ids("2303.11328"))["2303.11328"]
    assert outcome == Outcome(
        "failed", message="arXiv's answer is larger than 100,000 bytes once decoded (the limit "
        "for one answer; it announced 231,490 bytes): refused")
    assert arxiv.requests_made == 1  # not retried: it would be as large again


def test_the_default_limit_fits_a_real_batch_with_a_wide_margin() -> None:
    largest = (FIXTURES / "new2026_search_all-testing_start00_max100.xml").stat().st_size
    assert Limits().max_bytes >= 100 * largest
    assert Limits().deadline >= 30 and Limits().max_redirects >= 3


def test_a_compressed_real_answer_is_read(api: Api, clock: FakeClock) -> None:
    body = (FIXTURES / "new2026_single_1605.08386.xml").read_bytes()
    api.default = lambda request: httpx.Response(
        200, headers={**ATOM, "Content-Encoding": "gzip"}, content=gzip.compress(body))
    with ArxivClient(clock=clock) as arxiv:
        assert found(arxiv.fetch(ids("1605.08386"))["1605.08386"]) == "1605.08386v1"


def test_an_encoding_not_asked_for_is_refused(api: Api, clock: FakeClock) -> None:
    api.default = lambda request: httpx.Response(
        200, headers={**ATOM, "Content-Encoding": "br"}, content=b"\x1b\x00")
    with ArxivClient(clock=clock) as arxiv:
        outcome = arxiv.fetch(ids("1605.08386"))["1605.08386"]
        assert outcome.message == "arXiv answered in an encoding we did not ask for ('br'): refused"
    assert api.requests[0].headers["Accept-Encoding"] == "gzip, deflate"


def test_a_body_that_outlives_the_deadline_is_cut(clock: FakeClock) -> None:
    def slow_chunks() -> Iterator[bytes]:
        for _ in range(100):
            clock.now += 1.0  # each chunk takes a second: a trickle
            yield b" "

    with respx.mock(assert_all_mocked=True) as router:
        router.get(url__startswith=LOCAL).mock(side_effect=lambda request: httpx.Response(
            200, headers=ATOM, stream=_Stream(slow_chunks())))
        with ArxivClient(LOCAL, min_interval=0.0, clock=clock, max_retries=0,
                         limits=Limits(deadline=5.0)) as arxiv:
            outcome = arxiv.fetch(ids("2303.11328"))["2303.11328"]
    assert outcome.message.startswith("arXiv did not finish answering within 5 s (the "
                                      "deadline for one request)")


class _Stream(httpx.SyncByteStream):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks


# --- papers beyond any real one ----------------------------------------------------------


def test_a_paper_with_an_absurd_field_fails_alone(api: Api, client: ArxivClient) -> None:
    entries = [
        entry_xml("2401.00001", "A Real Paper"),
        entry_xml("2401.00002", "A Paper With A Huge Abstract", summary="x" * 3_000_000),
        entry_xml("2401.00003", "A Paper From An Impossible Day",
                  published="2016-13-45T99:99:99Z"),
    ]
    api.default = lambda request: httpx.Response(200, headers=ATOM,
                                                 content=feed_xml(entries, "id_list=..."))
    outcomes = client.fetch(new_ids(4) + new_ids(1, start=200))
    assert found(outcomes["2401.00001"]) == "2401.00001v1"
    assert outcomes["2401.00002"] == Outcome(
        "failed", message="arXiv's entry for 2401.00002v1 has a abstract of 3,000,000 "
        "characters (no real paper's is near 20,000): refused")
    assert outcomes["2401.00003"] == Outcome(
        "failed", message="arXiv's entry for 2401.00003v1 has an impossible published date "
        "'2016-13-45T99:99:99Z': refused")
    assert outcomes["2401.00004"].status == "not_found"
    # One paper's bad answer is no reason to stop asking about the others.
    assert outcomes["2401.00200"].status == "not_found"
    assert client.requests_made == 1
