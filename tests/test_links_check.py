"""The link checker end to end against real local servers (tests/links_servers.py).

Each host name is its own server on 127.0.0.1 (the checker connects there through its
`connect_to`); names no server holds do not resolve. Politeness is checked where it can be
checked without trusting a clock: connections open at once are counted by the servers,
spacing and pauses are read from the client's own send times (it notes them when it takes
its turn), and requests in flight from its own events.
"""

from __future__ import annotations

import asyncio
import gzip
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:  # for links_servers, whatever pytest's import mode
    sys.path.insert(0, str(TESTS))

from links_servers import CHALLENGE_PAGE, FakeHost, FakeWeb, Route, Seen, redirect  # noqa: E402

from wmcurate.linkcheck.checker import LinkChecker  # noqa: E402
from wmcurate.linkcheck.fetch import Fetcher  # noqa: E402
from wmcurate.linkcheck.outcomes import Result  # noqa: E402
from wmcurate.remote import Backoff, Received, Sent, Waiting  # noqa: E402


class Recorder:
    """The checker's events, each with the client's monotonic time when it was told."""

    def __init__(self) -> None:
        self.events: list[tuple[float, Any]] = []

    def __call__(self, event: Any) -> None:
        self.events.append((time.monotonic(), event))

    def sent(self, host: str | None = None) -> list[Sent]:
        return [e for _, e in self.events if isinstance(e, Sent)
                and (host is None or e.service == host)]

    def most_in_flight(self) -> int:
        out = most = 0
        for _, event in self.events:
            if isinstance(event, Sent):
                out += 1
                most = max(most, out)
            elif isinstance(event, Received):
                out -= 1
        return most


def check(web: FakeWeb, urls: Sequence[str], *, recorder: Recorder | None = None,
          spacing: float = 0.0, retries: int = 1, read: float = 2.0, deadline: float = 10.0,
          jobs: int = 32, max_retry_after: float = 60.0) -> tuple[dict[str, Result], bool]:
    async def go() -> tuple[dict[str, Result], bool]:
        fetcher = Fetcher(connect_to=web.connect_to, spacing=spacing, jobs=jobs,
                          timeout=httpx.Timeout(5.0, read=read), deadline=deadline,
                          reporter=recorder)
        checker = LinkChecker(fetcher, retries=retries, max_retry_after=max_retry_after,
                              backoff=Backoff(base=0.01, cap=0.05, jitter=0.0))
        results = await checker.check_all(urls)
        return results, checker.offline

    return asyncio.run(go())


# -- every outcome --------------------------------------------------------------------------

OUTCOMES: dict[str, tuple[Route | list[Route], str]] = {
    "/ok": (Route(), "ok"),
    "/not-found": (Route(404), "dead"),
    "/gone": (Route(410), "dead"),
    "/login-needed": (Route(401), "blocked"),
    "/forbidden": (Route(403), "blocked"),
    "/throttled": (Route(429), "blocked"),
    "/legal": (Route(451), "blocked"),
    "/challenge-403": (Route(403, body=CHALLENGE_PAGE), "blocked"),
    "/challenge-200": (Route(200, {"cf-mitigated": "challenge"}, CHALLENGE_PAGE), "blocked"),
    # A challenge a HEAD cannot see: the host refuses HEAD, the GET's first bytes show it.
    "/challenge-body": (Route(200, body=CHALLENGE_PAGE, head=Route(405)), "blocked"),
    "/server-error": (Route(500), "transient"),
    "/unavailable": (Route(503), "transient"),
    "/reset": (Route(reset=True), "transient"),
    "/moved-here": (redirect(301, "/ok"), "redirected"),
    "/visit-there": (redirect(302, "/ok"), "ok"),
    "/see-other": (redirect(303, "/ok"), "ok"),
    "/moved-308": (redirect(308, "/ok"), "redirected"),
    "/to-dead": (redirect(301, "/not-found"), "dead"),
    "/recovers": ([Route(503), Route(503), Route(200)], "ok"),
    # A compressed challenge page is read through the bounded inflater.
    "/challenge-gzip": (Route(403, {"Content-Encoding": "gzip"}, gzip.compress(CHALLENGE_PAGE)),
                        "blocked"),
}


def test_every_outcome_is_told_apart() -> None:
    host = FakeHost("site.test", {path: route for path, (route, _) in OUTCOMES.items()})
    with FakeWeb.running(host) as web:
        results, offline = check(web, [host.url(path) for path in OUTCOMES], retries=2)

    assert {path: results[host.url(path)].kind for path in OUTCOMES} == \
        {path: kind for path, (_, kind) in OUTCOMES.items()}
    assert not offline
    assert results[host.url("/moved-here")].new_url == host.url("/ok")
    assert results[host.url("/visit-there")].new_url is None
    assert results[host.url("/not-found")].message == "not found (HTTP 404)"
    assert "after 3 tries" in results[host.url("/unavailable")].message
    assert "bot-protection" in results[host.url("/challenge-gzip")].message


def test_a_host_name_that_does_not_resolve_is_dead() -> None:
    host = FakeHost("site.test")
    with FakeWeb.running(host) as web:
        results, offline = check(web, [host.url("/"), "https://nowhere.test/paper"])

    dead = results["https://nowhere.test/paper"]
    assert (dead.kind, offline) == ("dead", False)
    assert "does not resolve" in dead.message
    assert dead.requests == 1  # no GET to confirm what DNS said


def test_no_host_answering_is_a_machine_offline_not_dead_links() -> None:
    with FakeWeb.running() as web:
        results, offline = check(web, ["https://one.test/a", "https://two.test/b"])

    assert offline
    assert {r.kind for r in results.values()} == {"transient"}
    assert all("offline" in r.message for r in results.values())


# -- redirects ------------------------------------------------------------------------------

def test_a_chain_across_hosts_is_followed_hop_by_hop() -> None:
    a = FakeHost("a.test", {"/start": redirect(301, "http://b.test/middle")})
    b = FakeHost("b.test", {"/middle": redirect(308, "http://c.test/end")})
    c = FakeHost("c.test", {"/end": redirect(302, "/final"), "/final": Route()})
    with FakeWeb.running(a, b, c) as web:
        results, _ = check(web, [a.url("/start")])

    result = results[a.url("/start")]
    assert result.kind == "redirected"
    assert result.new_url == "http://c.test/end"  # as far as the permanent hops go
    assert result.final_url == "http://c.test/final"
    assert [(hop.url, hop.status) for hop in result.hops] == [
        ("http://a.test/start", 301), ("http://b.test/middle", 308), ("http://c.test/end", 302)]
    assert (a.count(), b.count(), c.count()) == (1, 1, 2)


def test_a_redirect_loop_is_dead_and_named() -> None:
    host = FakeHost("loop.test", {"/a": redirect(301, "/b"), "/b": redirect(302, "/a")})
    with FakeWeb.running(host) as web:
        results, _ = check(web, [host.url("/a")])

    result = results[host.url("/a")]
    assert result.kind == "dead"
    assert "redirect loop (http://loop.test/a -> http://loop.test/b -> http://loop.test/a)" \
        in result.message
    # HEAD met the loop, GET confirmed it; each went round twice before calling it one.
    assert host.count(method="HEAD") == host.count(method="GET") == 4


def test_a_cookie_set_on_the_way_is_sent_back_as_a_browser_would() -> None:
    # A site that sends visitors without its cookie through a sign-on host, which sets it
    # and sends them back: a loop for a client that forgets cookies, a page for a browser.
    def paper(seen: Seen) -> Route:
        if "seen=1" in seen.headers.get("Cookie", ""):
            return Route()
        return redirect(302, "http://sso.paper.test/visit")

    site = FakeHost("paper.test", {"/": paper})
    sso = FakeHost("sso.paper.test", {"/visit": Route(302, {
        "Location": "http://paper.test/", "Set-Cookie": "seen=1; Domain=paper.test; Path=/"},
        b"")})
    with FakeWeb.running(site, sso) as web:
        results, _ = check(web, [site.url("/")])

    assert results[site.url("/")].kind == "ok"
    assert site.requests[-1].headers.get("Cookie") == "seen=1"


def test_a_chain_longer_than_browsers_follow_is_dead() -> None:
    host = FakeHost("long.test", {f"/{i}": redirect(301, f"/{i + 1}") for i in range(30)})
    with FakeWeb.running(host) as web:
        results, _ = check(web, [host.url("/0")])

    result = results[host.url("/0")]
    assert result.kind == "dead" and "more than 20 redirects" in result.message
    assert host.count(method="GET") == 21


def test_a_redirect_to_something_not_a_web_page_is_blocked() -> None:
    host = FakeHost("app.test", {"/": redirect(302, "itms-apps://apps.example/app")})
    with FakeWeb.running(host) as web:
        results, _ = check(web, [host.url("/")])

    assert results[host.url("/")].kind == "blocked"


def test_renamed_repositories_are_moved() -> None:
    github = FakeHost("github.com", {"/old-owner/tool": redirect(301, "/new-owner/tool"),
                                     "/new-owner/tool": Route()})
    gitlab = FakeHost("gitlab.com", {"/group/project": redirect(302, "/moved/project"),
                                     "/moved/project": Route()})
    with FakeWeb.running(github, gitlab) as web:
        results, _ = check(web, ["http://github.com/old-owner/tool",
                                 "http://gitlab.com/group/project"])

    assert (results["http://github.com/old-owner/tool"].kind,
            results["http://github.com/old-owner/tool"].new_url) == \
        ("moved", "http://github.com/new-owner/tool")
    assert (results["http://gitlab.com/group/project"].kind,
            results["http://gitlab.com/group/project"].new_url) == \
        ("moved", "http://gitlab.com/moved/project")


def test_githubs_rate_limit_is_never_a_dead_link() -> None:
    github = FakeHost("github.com", {
        "/a/limited": Route(429, body=b"Too many requests"),
        "/a/limited-403": Route(403, {"X-RateLimit-Remaining": "0"}, b"rate limit exceeded"),
    })
    with FakeWeb.running(github) as web:
        results, _ = check(web, ["http://github.com/a/limited",
                                 "http://github.com/a/limited-403"])

    assert {r.kind for r in results.values()} == {"blocked"}
    assert all("not a dead link" in r.message for r in results.values())


# -- HEAD, GET and the first bytes ----------------------------------------------------------

def test_a_host_refusing_head_gets_get_and_is_remembered() -> None:
    host = FakeHost("nohead.test", default=Route(head=Route(405)))
    urls = [host.url(f"/{i}") for i in range(6)]
    with FakeWeb.running(host) as web:
        results, _ = check(web, urls)

    assert {r.kind for r in results.values()} == {"ok"}
    assert host.count(method="GET") == 6
    # Each of the host's two lanes may have sent its first HEAD before the refusal came.
    assert host.count(method="HEAD") <= 2


def test_a_head_answered_wrongly_is_confirmed_by_get_and_skipped_after() -> None:
    host = FakeHost("badhead.test", default=Route(head=Route(404)))
    urls = [host.url(f"/paper-{n}") for n in range(5)]
    with FakeWeb.running(host) as web:
        results, _ = check(web, urls)

    assert {r.kind for r in results.values()} == {"ok"}
    assert host.count(method="GET") == 5
    assert host.count(method="HEAD") <= 2


def test_a_huge_body_is_read_only_at_its_start() -> None:
    size = 300 * 1024 * 1024
    host = FakeHost("big.test", {"/dataset.bin": Route(size=size, head=Route(405))})
    with FakeWeb.running(host) as web:
        results, _ = check(web, [host.url("/dataset.bin")])

    assert results[host.url("/dataset.bin")].kind == "ok"
    # The client read 32 KB and hung up; the server could only push what the sockets held.
    assert host.bytes_sent < 32 * 1024 * 1024 < size


def test_a_server_that_never_answers_is_transient_after_retries() -> None:
    host = FakeHost("silent.test", default=Route(never=True))
    with FakeWeb.running(host) as web:
        results, _ = check(web, [host.url("/")], read=0.3, retries=1)

    result = results[host.url("/")]
    assert result.kind == "transient" and "read timeout" in result.message
    assert (host.count(method="HEAD"), host.count(method="GET")) == (1, 2)


def test_a_trickling_server_is_cut_at_the_deadline() -> None:
    host = FakeHost("slow.test", default=Route(body=b"x" * 2000, trickle=0.05,
                                               head=Route(405)))
    with FakeWeb.running(host) as web:
        results, _ = check(web, [host.url("/")], read=5.0, deadline=1.0, retries=0)

    result = results[host.url("/")]
    assert result.kind == "transient" and "deadline" in result.message


# -- politeness -----------------------------------------------------------------------------

def test_never_more_than_two_connections_per_host_and_many_hosts_at_once() -> None:
    hosts = [FakeHost(f"h{i}.test", default=Route(delay=0.02)) for i in range(4)]
    urls = [host.url(f"/{n}") for host in hosts for n in range(25)]
    recorder = Recorder()
    with FakeWeb.running(*hosts) as web:
        results, _ = check(web, urls, recorder=recorder)

    assert len(results) == 100 and {r.kind for r in results.values()} == {"ok"}
    for host in hosts:
        assert host.count() == 25
        assert 1 <= host.max_open <= 2 and host.max_in_flight <= 2
        # Answers read to their end keep their connection: two served all 25 requests.
        assert host.connections <= 2
    assert recorder.most_in_flight() > 2  # several hosts were asked at the same time


def test_hosts_are_asked_in_parallel() -> None:
    hosts = [FakeHost(f"p{i}.test", default=Route(delay=0.5)) for i in range(4)]
    recorder = Recorder()
    with FakeWeb.running(*hosts) as web:
        check(web, [host.url("/") for host in hosts], recorder=recorder)

    assert recorder.most_in_flight() >= 2


def test_the_global_limit_holds() -> None:
    hosts = [FakeHost(f"g{i}.test", default=Route(delay=0.05)) for i in range(6)]
    recorder = Recorder()
    with FakeWeb.running(*hosts) as web:
        check(web, [host.url(f"/{n}") for host in hosts for n in range(3)], recorder=recorder,
              jobs=3)

    assert recorder.most_in_flight() <= 3


def test_requests_to_one_host_are_spaced() -> None:
    host = FakeHost("spaced.test")
    recorder = Recorder()
    with FakeWeb.running(host) as web:
        check(web, [host.url(f"/{n}") for n in range(5)], recorder=recorder, spacing=0.2)

    starts = sorted(event.at for event in recorder.sent("spaced.test"))
    assert len(starts) == 5
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    assert all(gap >= 0.2 - 1e-9 for gap in gaps)


def test_arxiv_gets_its_three_seconds_whatever_the_spacing() -> None:
    arxiv = FakeHost("arxiv.org")
    recorder = Recorder()
    with FakeWeb.running(arxiv) as web:
        check(web, ["http://arxiv.org/abs/2303.11328", "http://arxiv.org/pdf/2303.11328"],
              recorder=recorder, spacing=0.0)

    first, second = sorted(event.at for event in recorder.sent("arxiv.org"))
    assert second - first >= 3.0


def test_retry_after_is_honoured_by_the_whole_host() -> None:
    host = FakeHost("busy.test", {"/a": [Route(429, {"Retry-After": "1"}), Route()]},
                    default=Route(delay=0.2))
    recorder = Recorder()
    with FakeWeb.running(host) as web:
        results, _ = check(web, [host.url("/a"), host.url("/b"), host.url("/c")],
                           recorder=recorder)

    assert results[host.url("/a")].kind == "ok"
    told = next(at for at, e in recorder.events if isinstance(e, Received) and e.status == 429)
    after = [e for e in recorder.sent("busy.test") if e.at > told]
    assert after, "nothing was asked after the 429"
    # The checker holds the host from a moment after it was told of the 429: every later
    # request to the host, for any link, starts a full second after that.
    assert all(e.at >= told + 1.0 for e in after)
    assert any(isinstance(e, Waiting) for _, e in recorder.events)


def test_a_retry_after_longer_than_the_limit_is_not_waited_for() -> None:
    host = FakeHost("later.test", default=Route(429, {"Retry-After": "3600"}))
    with FakeWeb.running(host) as web:
        results, _ = check(web, [host.url("/")], max_retry_after=60.0)

    result = results[host.url("/")]
    assert result.kind == "blocked"
    assert "asked to wait 3600 s" in result.message
    assert host.count() == 1


def test_the_user_agent_names_wmcurate() -> None:
    host = FakeHost("ua.test")
    with FakeWeb.running(host) as web:
        check(web, [host.url("/")])

    assert host.requests[0].headers["User-Agent"].startswith("wmcurate/")


@pytest.mark.parametrize("retries", [0, 2])
def test_server_errors_are_asked_again_a_bounded_number_of_times(retries: int) -> None:
    host = FakeHost("flaky.test", default=Route(502))
    with FakeWeb.running(host) as web:
        results, _ = check(web, [host.url("/")], retries=retries)

    assert results[host.url("/")].kind == "transient"
    assert (host.count(method="HEAD"), host.count(method="GET")) == (1, 1 + retries)
