"""End to end: ArxivClient over real HTTP against the fake arXiv on 127.0.0.1.

Politeness is checked where it is guaranteed, so that no check can fail on a loaded machine:
the spacing at the client's own send times (its clock, and the transport on a virtual
clock), and on the server only what scheduling delays cannot break (one connection, never
two answers at once, and each request arriving no sooner than the spacing after the
previous one started). No test compares elapsed time against an upper bound.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import httpx
import pytest
from arxiv_server import CannedResponse, FakeArxiv, load_recorded_entries

from wmcurate import PROJECT_URL, __version__
from wmcurate.arxiv import ArxivClient, Backoff, Outcome
from wmcurate.cache import CachedFetcher, PaperCache
from wmcurate.feed import Author
from wmcurate.ids import ArxivId, parse_arxiv_id
from wmcurate.remote import Event, Sent, Waiting

pytest_plugins = ("conftest_arxiv",)  # the fake_arxiv and no_arxiv_waits fixtures

INTERVAL = 0.05
# Long enough that a loaded CI machine never times out a normal answer; tests of timeouts
# delay the server's answer far past it (the server stops as soon as the client hangs up).
FAST = httpx.Timeout(connect=5.0, read=2.0, write=5.0, pool=5.0)


@dataclass
class Recorder:
    """A reporter keeping every event the client tells."""

    events: list[Event] = field(default_factory=list)

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    @property
    def starts(self) -> list[float]:
        """When each request started, on the client's own clock."""
        return [e.at for e in self.events if isinstance(e, Sent)]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def client(
    fake_arxiv: FakeArxiv, recorder: Recorder
) -> Iterator[ArxivClient]:
    with ArxivClient(
        fake_arxiv.url,
        min_interval=INTERVAL,
        timeout=FAST,
        backoff=Backoff(base=0.01, jitter=0.0),
        reporter=recorder,
    ) as arxiv:
        yield arxiv


def ids(*texts: str) -> list[ArxivId]:
    return [parse_arxiv_id(text) for text in texts]


def assert_polite(server: FakeArxiv, recorder: Recorder) -> None:
    assert not server.overlapped
    assert server.connections == 1
    starts = recorder.starts
    assert len(starts) == len(server.requests)
    assert all(later - earlier >= INTERVAL for earlier, later in pairwise(starts)), starts
    # The client and the server share the machine's monotonic clock. A request cannot
    # arrive before it was sent, so it arrives at least the interval after the previous
    # request started, however late the server's thread got to run.
    for earlier, request in zip(starts, server.requests[1:], strict=False):
        assert request.arrived >= earlier + INTERVAL


def test_found_not_found_and_invalid_in_one_batch(
    fake_arxiv: FakeArxiv,
    client: ArxivClient,
    recorder: Recorder,
) -> None:
    fake_arxiv.reverse_order = True
    wanted = [
        *ids("1605.08386", "astro-ph/0601001", "2401.99999", "quant-ph/0201082v1"),
        ArxivId("abc"),  # stands for an ID arXiv's own rules reject
        *ids("1707.08567v1"),
    ]
    outcomes = client.fetch(wanted)
    assert {base: o.status for base, o in outcomes.items()} == {
        "1605.08386": "found",
        "astro-ph/0601001": "found",
        "2401.99999": "not_found",
        "quant-ph/0201082": "found",
        "abc": "invalid",
        "1707.08567": "found",
    }
    assert outcomes["abc"].message == "arXiv rejected 'abc': incorrect id format for abc"
    gould = outcomes["astro-ph/0601001"].paper
    assert gould is not None and gould.authors[0] == Author("Andrew Gould", ("Ohio State",))
    assert [r.id_list for r in fake_arxiv.requests] == [
        [
            "1605.08386",
            "astro-ph/0601001",
            "2401.99999",
            "quant-ph/0201082v1",
            "abc",
            "1707.08567v1",
        ],
        ["1605.08386", "astro-ph/0601001", "2401.99999", "quant-ph/0201082v1", "1707.08567v1"],
    ]
    assert [r.params["max_results"] for r in fake_arxiv.requests] == ["6", "5"]
    assert [r.method for r in fake_arxiv.requests] == ["GET", "GET"]
    assert (
        fake_arxiv.requests[0].headers["user-agent"] == f"wmcurate/{__version__} (+{PROJECT_URL})"
    )
    assert_polite(fake_arxiv, recorder)


def test_many_batches_one_connection_spaced_requests(
    fake_arxiv: FakeArxiv,
    client: ArxivClient,
    recorder: Recorder,
) -> None:
    known = sorted(load_recorded_entries())[:120]
    wanted = [ArxivId(base) for base in known] + [ArxivId(f"2401.{n:05d}") for n in range(1, 81)]
    progress: list[int] = []
    outcomes = client.fetch(wanted, progress.append)
    assert progress == [100, 100]
    assert [len(r.id_list) for r in fake_arxiv.requests] == [100, 100]
    assert sum(o.status == "found" for o in outcomes.values()) == 120
    assert sum(o.status == "not_found" for o in outcomes.values()) == 80
    assert_polite(fake_arxiv, recorder)


def test_long_id_lists_are_posted(fake_arxiv: FakeArxiv, client: ArxivClient) -> None:
    wanted = [ArxivId(f"cond-mat/05{m:02d}{n:03d}", 11) for m in range(1, 11) for n in range(1, 11)]
    outcomes = client.fetch(wanted)
    (request,) = fake_arxiv.requests
    assert request.method == "POST"
    assert request.id_list == [str(i) for i in wanted]
    assert {o.status for o in outcomes.values()} == {"not_found"}


def test_503_then_answer(
    fake_arxiv: FakeArxiv, client: ArxivClient, recorder: Recorder
) -> None:
    fake_arxiv.queue(CannedResponse.service_unavailable())
    outcome = client.fetch(ids("1605.08386"))["1605.08386"]
    assert outcome.status == "found"
    assert len(fake_arxiv.requests) == 2
    assert_polite(fake_arxiv, recorder)


def test_429_then_answer(fake_arxiv: FakeArxiv, client: ArxivClient) -> None:
    fake_arxiv.queue(CannedResponse.rate_exceeded(retry_after="0"))
    assert client.fetch(ids("1605.08386"))["1605.08386"].status == "found"
    assert len(fake_arxiv.requests) == 2


def test_throttled_for_good(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.handler = lambda request: CannedResponse.rate_exceeded()
    with ArxivClient(
        fake_arxiv.url, min_interval=0.0, max_retries=2, backoff=Backoff(base=0.01)
    ) as arxiv:
        outcome = arxiv.fetch(ids("1605.08386"))["1605.08386"]
    assert outcome == Outcome(
        "failed",
        message="arXiv is throttling requests (HTTP 429, 'Rate exceeded.') (gave up after 3 "
        "attempts); wait a few minutes and try again",
    )
    assert len(fake_arxiv.requests) == 3


def test_read_timeout_then_answer(
    fake_arxiv: FakeArxiv, client: ArxivClient, recorder: Recorder
) -> None:
    slow = CannedResponse.fixture("new2026_single_1605.08386.xml", delay=60.0)
    fake_arxiv.queue(slow)
    outcome = client.fetch(ids("1605.08386"))["1605.08386"]
    assert outcome.status == "found"
    assert client.requests_made == 2
    assert len(fake_arxiv.requests) == 2
    # The client gave up on the slow answer (a new connection) and asked again only after
    # waiting its read timeout: the retry cannot arrive sooner.
    first_start, _ = recorder.starts
    assert fake_arxiv.connections == 2
    assert fake_arxiv.requests[1].arrived >= first_start + FAST.read  # type: ignore[operator]
    retry = [e for e in recorder.events if isinstance(e, Waiting)]
    assert [(w.kind, w.reason, w.retry) for w in retry] == [
        ("retry", "arXiv did not answer in time (read timeout)", 1)]


class VirtualClock:
    """Time that moves only when the client sleeps: what the client does, minus the load."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def time(self) -> float:
        return 1_800_000_000.0 + self.now


class SendTimes(httpx.BaseTransport):
    """A real transport that notes the client's clock each time a request goes out."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.times: list[float] = []
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.times.append(self.clock.monotonic())
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def test_spacing_at_the_clients_send_times(fake_arxiv: FakeArxiv) -> None:
    """Through the transport, on a clock only the client moves: exact on any machine."""
    clock = VirtualClock()
    transport = SendTimes(clock)
    fake_arxiv.queue(CannedResponse.service_unavailable(),
                     CannedResponse.rate_exceeded(retry_after="0.2"))
    with ArxivClient(fake_arxiv.url, min_interval=INTERVAL, clock=clock, transport=transport,
                     backoff=Backoff(base=0.01, jitter=0.0)) as arxiv:
        outcomes = arxiv.fetch([ArxivId(f"2401.{n:05d}") for n in range(1, 251)])
    assert {o.status for o in outcomes.values()} == {"not_found"}
    gaps = [later - earlier for earlier, later in pairwise(transport.times)]
    # The 503's backoff (0.01 s) is topped up to the spacing, the 429's Retry-After (0.2 s)
    # covers it, and the next two batches are spaced.
    assert gaps == pytest.approx([INTERVAL, 0.2, INTERVAL, INTERVAL])
    assert len(fake_arxiv.requests) == 5


def test_read_timeouts_exhaust_the_retries(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.handler = lambda request: CannedResponse(body=b"", delay=5.0)
    timeout = httpx.Timeout(connect=1.0, read=0.15, write=1.0, pool=1.0)
    with ArxivClient(
        fake_arxiv.url, min_interval=0.0, timeout=timeout, max_retries=1, backoff=Backoff(base=0.01)
    ) as arxiv:
        outcome = arxiv.fetch(ids("1605.08386", "2303.11328"))["2303.11328"]
    assert outcome == Outcome(
        "failed",
        message="arXiv did not answer in time (read timeout) (gave up after 2 attempts); "
        "try again later",
    )
    assert len(fake_arxiv.requests) == 2
    assert not fake_arxiv.overlapped


@pytest.mark.parametrize(
    ("response", "message_start"),
    [
        (CannedResponse.html_page(), "arXiv answered with an HTML page instead of an Atom feed"),
        (
            CannedResponse.truncated(),
            "arXiv answered with broken or truncated XML instead of an Atom feed (900 bytes)",
        ),
    ],
)
def test_odd_answers_are_retried_then_reported(
    fake_arxiv: FakeArxiv,
    response: CannedResponse,
    message_start: str,
) -> None:
    fake_arxiv.handler = lambda request: response
    with ArxivClient(fake_arxiv.url, min_interval=0.0, max_retries=2,
                     backoff=Backoff(base=0.01, jitter=0.0)) as arxiv:
        outcome = arxiv.fetch(ids("1605.08386"))["1605.08386"]
    assert outcome.status == "failed"
    assert outcome.message.startswith(message_start), outcome.message
    assert outcome.message.endswith("(gave up after 3 attempts); try again later")
    assert len(fake_arxiv.requests) == 3


@pytest.mark.parametrize("response", [CannedResponse.html_page(), CannedResponse.truncated()])
def test_an_odd_answer_then_the_feed(
    fake_arxiv: FakeArxiv,
    client: ArxivClient,
    response: CannedResponse,
) -> None:
    fake_arxiv.queue(response)
    assert client.fetch(ids("1605.08386"))["1605.08386"].status == "found"
    assert len(fake_arxiv.requests) == 2


def test_a_refusal_is_not_retried(
    fake_arxiv: FakeArxiv,
    client: ArxivClient,
) -> None:
    fake_arxiv.queue(CannedResponse(status=403, body=b"Forbidden", headers={}))
    outcome = client.fetch(ids("1605.08386"))["1605.08386"]
    assert outcome.status == "failed"
    assert outcome.message.startswith("arXiv answered HTTP 403 Forbidden for http://127.0.0.1:")
    assert len(fake_arxiv.requests) == 1


def test_nobody_listening() -> None:
    server = FakeArxiv.running()
    url = server.url
    server.close()
    with ArxivClient(url, min_interval=0.0, max_retries=1, backoff=Backoff(base=0.01)) as arxiv:
        outcome = arxiv.fetch(ids("1605.08386"))["1605.08386"]
    assert outcome.status == "failed"
    assert outcome.message.startswith(f"could not talk to arXiv at {url} (ConnectError: ")
    assert outcome.message.endswith("(gave up after 2 attempts); try again later")


def test_the_cache_spares_the_second_run(
    fake_arxiv: FakeArxiv,
    client: ArxivClient,
    tmp_path: Path,
) -> None:
    fake_arxiv.add_paper("2303.11328", "Zero-1-to-3: Zero-shot One Image to 3D Object", version=2)
    cache = PaperCache(tmp_path / "arxiv")
    wanted = ids("2303.11328", "hep-ex/0406020", "2401.99999")
    first = CachedFetcher(client, cache).fetch(wanted)
    assert [o.status for o in first.values()] == ["found", "found", "not_found"]
    second = CachedFetcher(client, cache).fetch(wanted[:2])
    assert all(o.cached for o in second.values())
    assert len(fake_arxiv.requests) == 1
    paper = second["2303.11328"].paper
    assert paper is not None and paper.title == "Zero-1-to-3: Zero-shot One Image to 3D Object"


def test_default_client_waits_can_be_skipped_for_cli_tests(
    fake_arxiv: FakeArxiv,
    no_arxiv_waits: list[float],
) -> None:
    with ArxivClient(fake_arxiv.url) as arxiv:  # the default 3 s interval and backoff
        fake_arxiv.queue(CannedResponse.service_unavailable())
        arxiv.fetch([ArxivId(f"2401.{n:05d}") for n in range(1, 151)])
    assert len(fake_arxiv.requests) == 3
    # The backoff after the 503 (3 s and up to a quarter more) also covers the 3 s spacing
    # before the retry; the next batch then waits the spacing. The clock is virtual, so
    # these are the client's own numbers, whatever the machine's load.
    backoff, *spacing = no_arxiv_waits
    assert 3.0 <= backoff <= 3.75
    assert spacing == [3.0]


# --- the fake itself ---------------------------------------------------------------------


def test_the_fake_knows_every_recorded_paper() -> None:
    table = load_recorded_entries()
    assert len(table) == 184  # distinct papers in the 47 recorded responses
    # The newest capture of a paper wins: for 2206.06921 that is the 2025-11-11 one, whose
    # links have no rel (served as recorded, and still read right).
    assert 'rel="alternate"' not in table["2206.06921"].xml
    assert 'rel="alternate"' in table["1707.08567"].xml
    assert table["hep-ex/0307015"].version is None


def test_the_fake_answers_like_arxiv(fake_arxiv: FakeArxiv) -> None:
    missing = httpx.get(fake_arxiv.url)
    assert missing.status_code == 400
    assert b"Either a search_query or id_list must be specified" in missing.content
    assert httpx.get(fake_arxiv.url.replace("/api/query", "/api/other")).status_code == 404
    bad = httpx.get(fake_arxiv.url, params={"id_list": "1605.08386,abc,xyz"})
    assert bad.status_code == 400
    assert b"<summary>incorrect id format for abc</summary>" in bad.content
    limited = httpx.get(
        fake_arxiv.url, params={"id_list": "1605.08386,1707.08567", "max_results": "1"}
    )
    assert limited.content.count(b"<entry>") == 1
