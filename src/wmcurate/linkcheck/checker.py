"""Checking many links at once: HEAD first, GET to confirm, redirects hop by hop, retries.

`LinkChecker.check_all` works on many hosts in parallel (at most `active_hosts` at a time,
each with two lanes, so no host gets more than two requests at once from its own links)
and leaves the per-host and global bounds to the `Fetcher`. For one link:

- HEAD first, unless the host refused it before; any answer but a success is confirmed with
  a GET that reads only the first bytes (servers that mishandle HEAD answer 403, 404 or 405
  to it), and a host whose HEAD and GET disagree gets GET from then on;
- redirects are followed one request at a time, each through its own host's gate; a URL
  met a third time is a loop, more than `max_redirects` hops a chain no browser follows;
- 429 and 5xx are asked again, after `Retry-After` when the server sent one (the whole
  host waits, not only this link) or after an exponential backoff; timeouts and resets are
  asked again after the backoff; a `Retry-After` longer than `max_retry_after` is not
  waited for: the link is reported at once, saying how long the server asked for.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import replace

from wmcurate.linkcheck.fetch import Answer, Fetcher, FetchFailure
from wmcurate.linkcheck.outcomes import Failed, Hop, Reached, Result, Verdict, classify
from wmcurate.linkcheck.urls import host_of, key
from wmcurate.remote import Backoff, SystemClock, Waiting, retry_after

__all__ = ["LinkChecker"]

_SUCCESS = frozenset({"ok", "redirected", "moved"})


class LinkChecker:
    """Checks URLs through a `Fetcher`; `on_result(url, result)` hears of each one settled.

    After `check_all`, `offline` is True when no host answered anything although several
    were tried: a machine without network then reports no dead links (host names that did
    not resolve are reported as transient instead).
    """

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        retries: int = 2,
        backoff: Backoff | None = None,
        max_retry_after: float = 60.0,
        max_redirects: int = 20,
        active_hosts: int = 128,
        on_result: Callable[[str, Result], None] | None = None,
    ) -> None:
        if retries < 0 or max_redirects < 0 or active_hosts < 1:
            raise ValueError("retries and max_redirects cannot be negative; active_hosts >= 1")
        self.fetcher = fetcher
        self.retries = retries
        self.backoff = backoff or Backoff(base=2.0, cap=30.0)
        self.max_retry_after = max_retry_after
        self.max_redirects = max_redirects
        self.offline = False
        self._active = asyncio.Semaphore(active_hosts)
        self._on_result = on_result or (lambda url, result: None)
        self._unresolved: set[str] = set()
        self._tried_hosts: set[str] = set()

    async def check_all(self, urls: Iterable[str]) -> dict[str, Result]:
        """Results by URL, for URLs already valid (see `urls.invalid_reason`)."""
        by_host: dict[str, deque[str]] = defaultdict(deque)
        for url in dict.fromkeys(urls):
            by_host[host_of(url)].append(url)
        results: dict[str, Result] = {}
        for host, queue in by_host.items():
            self.fetcher.gate(host).pending += len(queue)
        try:
            await asyncio.gather(*(self._host(host, queue, results)
                                   for host, queue in by_host.items()))
        finally:
            await self.fetcher.aclose()
        self.offline = not self.fetcher.answered and len(self._tried_hosts) >= 2
        if self.offline:
            for url in self._unresolved:
                results[url] = replace(results[url], kind="transient", message=(
                    "the host name did not resolve, but no host answered at all: this "
                    "machine seems to be offline"))
        return results

    async def _host(self, host: str, queue: deque[str], results: dict[str, Result]) -> None:
        gate = self.fetcher.gate(host)

        async def lane() -> None:
            while queue:
                url = queue.popleft()
                try:
                    results[url] = result = await self.check(url)
                finally:
                    gate.pending -= 1
                self._on_result(url, result)

        async with self._active:
            try:
                await asyncio.gather(*(lane() for _ in range(self.fetcher.per_host)))
            finally:
                await self.fetcher.release(gate)

    async def check(self, url: str) -> Result:
        """The verdict on one valid http(s) URL."""
        gate = self.fetcher.gate(host_of(url))
        self._tried_hosts.add(gate.host)
        method = "GET" if gate.refuses_head else "HEAD"
        head: Verdict | None = None
        failed = 0
        asked = [0]
        while True:
            outcome, last = await self._follow(url, method, asked)
            wait = retry_after(last.headers, SystemClock()) if last is not None else None
            verdict = classify(url, outcome, wait)
            if wait is not None and wait > self.max_retry_after and verdict.retry:
                verdict = replace(verdict, retry=False, message=(
                    f"{verdict.message}; the server asked to wait {wait:.0f} s, longer than "
                    f"{self.max_retry_after:.0f} s: run the check again later"))
                break
            unresolved = isinstance(outcome, Failed) and outcome.problem == "unresolved"
            if method == "HEAD" and verdict.kind not in _SUCCESS and not unresolved:
                if isinstance(outcome, Reached) and outcome.status in (405, 501):
                    gate.refuses_head = True
                if verdict.retry:
                    self._hold(outcome, wait, 1)
                head, method = verdict, "GET"
                continue
            if head is not None and head.status and verdict.kind in _SUCCESS:
                gate.refuses_head = True  # HEAD failed where GET works: skip it here
            if verdict.retry and failed < self.retries:
                failed += 1
                await self._pause(url, outcome, wait, verdict, failed)
                continue
            if verdict.retry and failed:
                verdict = replace(verdict, message=f"{verdict.message} (after {failed + 1} "
                                  "tries)")
            break
        if isinstance(outcome, Failed) and outcome.problem == "unresolved":
            self._unresolved.add(url)
        return Result(url, verdict.kind, verdict.message, verdict.status, verdict.final_url,
                      verdict.new_url, verdict.hops, time.time(),
                      requests=asked[0])

    def _hold(self, outcome: Reached | Failed, wait: float | None, failed: int) -> bool:
        """A server that answered asked for a pause (`Retry-After`), or throttled us (429)
        without saying how long (the backoff then): the whole host keeps it. False when
        there is nothing to hold."""
        if not isinstance(outcome, Reached):
            return False
        if wait is None and outcome.status != 429:
            return False
        pause = wait if wait is not None else self.backoff.delay(failed)
        self.fetcher.gate(host_of(outcome.final_url)).hold(pause)
        return True

    async def _pause(self, url: str, outcome: Reached | Failed, wait: float | None,
                     verdict: Verdict, failed: int) -> None:
        if self._hold(outcome, wait, failed):
            return  # the next request waits at the host's gate
        delay = self.backoff.delay(failed)
        self.fetcher.reporter(Waiting(host_of(url), "retry", delay, verdict.message, failed,
                                      self.retries))
        await asyncio.sleep(delay)

    async def _follow(self, url: str, method: str, asked: list[int]
                      ) -> tuple[Reached | Failed, Answer | None]:
        """Ask for `url`, following redirects one request at a time; `asked[0]` counts the
        requests sent."""
        hops: list[Hop] = []
        visits: dict[str, int] = {}
        current = url
        while True:
            seen = visits[key(current)] = visits.get(key(current), 0) + 1
            if seen > 2:
                return Failed("loop", f"redirect loop ({_cycle(hops, current)}): no browser "
                              "can open it", tuple(hops)), None
            if len(hops) > self.max_redirects:
                return Failed("redirects", f"more than {self.max_redirects} redirects (last to "
                              f"{_short(current)}): browsers give up", tuple(hops)), None
            asked[0] += 1
            try:
                answer = await self.fetcher.exchange(method, current, what=url)
            except FetchFailure as failure:
                return Failed(failure.problem, failure.detail, tuple(hops)), None
            if answer.location is None:
                return Reached(answer.status, answer.headers, answer.body, current,
                               tuple(hops), method), answer
            hops.append(Hop(current, answer.status))
            current = answer.location


def _cycle(hops: list[Hop], current: str) -> str:
    """The loop once round: from the first visit of `current` back to it."""
    urls = [hop.url for hop in hops]
    start = next(i for i, u in enumerate(urls) if key(u) == key(current))
    end = next(i for i in range(start + 1, len(urls)) if key(urls[i]) == key(current)) \
        if any(key(u) == key(current) for u in urls[start + 1:]) else len(urls)
    return " -> ".join(_short(u) for u in [*urls[start:end], current])


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[:limit - 3] + "..."
