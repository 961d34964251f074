"""The arXiv API client: what to ask arXiv and what its answers mean.

It owns the arXiv-specific half (batches of IDs, matching results by ID, telling every
requested ID's fate apart) and leaves how to talk to a server (spacing, retries, deadlines,
bounded reads, redirects) to `wmcurate.remote`, so the CLI only has to print a summary.
Per-batch failures are reported as outcomes, never raised.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import httpx

from wmcurate import PROJECT_URL, __version__
from wmcurate.errors import InvalidArxivId, NotAFeed
from wmcurate.feed import Feed, Paper, parse_feed
from wmcurate.ids import ArxivId, parse_arxiv_id
from wmcurate.remote import (
    DEFAULT_MAX_WAIT,
    Answer,
    Backoff,
    Clock,
    DeadlinePassed,
    Limits,
    RemoteProblem,
    Reporter,
    Retrier,
    Session,
    SystemClock,
    describe,
    retry_after,
    timeout_kind,
    unresolvable_host,
)

__all__ = [
    "API_URL_ENV",
    "ARXIV_API_URL",
    "ARXIV_MIN_INTERVAL",
    "DEFAULT_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "MAX_BATCH",
    "ArxivClient",
    "Backoff",
    "Clock",
    "Limits",
    "Outcome",
    "Status",
    "SystemClock",
    "resolve_api_url",
]

ARXIV_API_URL = "https://export.arxiv.org/api/query"
API_URL_ENV = "WMCURATE_ARXIV_API"
# arXiv's terms of use: "no more than one request every three seconds".
ARXIV_MIN_INTERVAL = 3.0
MAX_BATCH = 100
# Longer GET URLs risk 414s from proxies on the way; arXiv accepts POST since 2025-11-21.
MAX_GET_URL_LENGTH = 2000
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=10.0, pool=10.0)
DEFAULT_USER_AGENT = f"wmcurate/{__version__} (+{PROJECT_URL})"

Status = Literal["found", "not_found", "invalid", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What became of one requested ID. `message` says why, for anything but `found`.

    `fetched` is when arXiv gave the answer (for a cached one: when it was first fetched).
    """

    status: Status
    paper: Paper | None = None
    message: str = ""
    cached: bool = False
    fetched: dt.datetime | None = field(default=None, compare=False)


def resolve_api_url(explicit: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The API URL to use: the explicit one, else `$WMCURATE_ARXIV_API`, else arXiv's."""
    return explicit or environ.get(API_URL_ENV) or ARXIV_API_URL


# What one request taught us about the IDs it carried.
@dataclass(frozen=True)
class _Settled:
    outcomes: dict[str, Outcome]


@dataclass(frozen=True)
class _Rejected:
    """arXiv refused the whole batch because of these IDs; the rest must be asked again."""

    invalid: dict[str, Outcome]


@dataclass(frozen=True)
class _Retry:
    reason: str
    retry_after: float | None = None
    throttled: bool = False


@dataclass(frozen=True)
class _Fatal:
    message: str


_Answer = _Settled | _Rejected | _Retry | _Fatal


class ArxivClient:
    """Fetches arXiv metadata by ID, politely: one connection, spaced requests, bounded retries.

    `max_wait` bounds the seconds one `fetch` spends on trouble (pauses before retries and
    attempts that failed); `limits` bounds each answer's size, each request's total time and
    its redirects. Use as a context manager (or call `close`) so the connection is released.
    """

    def __init__(
        self,
        api_url: str = ARXIV_API_URL,
        *,
        min_interval: float = ARXIV_MIN_INTERVAL,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 4,
        max_wait: float = DEFAULT_MAX_WAIT,
        limits: Limits | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        batch_size: int = MAX_BATCH,
        backoff: Backoff | None = None,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
        reporter: Reporter | None = None,
    ) -> None:
        url = httpx.URL(api_url)
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"the arXiv API URL must be an http(s) URL, got {api_url!r}")
        if min_interval < ARXIV_MIN_INTERVAL and _is_arxiv_host(url.host):
            raise ValueError(
                f"arXiv's terms of use require at least {ARXIV_MIN_INTERVAL} s between "
                f"requests to {url.host}; a shorter interval is only for other servers"
            )
        if min_interval < 0:
            raise ValueError("min_interval cannot be negative")
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be between 1 and {MAX_BATCH}")
        self.api_url = api_url
        self.batch_size = batch_size
        self._clock: Clock = clock or SystemClock()
        self._retrier = Retrier("arXiv", backoff=backoff or Backoff(), max_retries=max_retries,
                                max_wait=max_wait, clock=self._clock, reporter=reporter)
        self._session = Session(
            "arXiv",
            user_agent=user_agent,
            timeout=timeout,
            limits=limits,
            # arXiv's terms of use: "limit requests to a single connection at a time", and
            # its spacing holds for a redirect to arXiv from anywhere.
            min_interval=min_interval,
            floor=lambda host: ARXIV_MIN_INTERVAL if _is_arxiv_host(host) else 0.0,
            clock=self._clock,
            transport=transport,
            reporter=reporter,
        )

    def __enter__(self) -> ArxivClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    @property
    def is_closed(self) -> bool:
        return self._session.is_closed

    @property
    def requests_made(self) -> int:
        """Requests sent so far, each redirect hop counted as one."""
        return self._session.requests_made

    @property
    def min_interval(self) -> float:
        return self._session.min_interval

    @property
    def max_retries(self) -> int:
        return self._retrier.max_retries

    @property
    def backoff(self) -> Backoff:
        return self._retrier.backoff

    @property
    def limits(self) -> Limits:
        return self._session.limits

    @property
    def reporter(self) -> Reporter:
        return self._session.reporter

    @reporter.setter
    def reporter(self, reporter: Reporter) -> None:
        self._session.reporter = self._retrier.reporter = reporter

    def fetch(
        self, ids: Iterable[ArxivId], progress: Callable[[int], None] | None = None
    ) -> dict[str, Outcome]:
        """Ask arXiv about every ID; return one outcome per base ID, in the order given.

        An ID repeated (even with another version) is asked once, as first given. `progress`
        is called with the number of IDs settled after each batch. Once a batch fails for
        good, later batches are not sent: arXiv is unreachable or refusing, and hammering it
        would not help; their IDs fail with a message saying so.
        """
        requested: dict[str, ArxivId] = {}
        for arxiv_id in ids:
            requested.setdefault(arxiv_id.base, arxiv_id)
        pending = list(requested.values())
        outcomes: dict[str, Outcome] = {}
        gave_up: str | None = None
        self._retrier.start()
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start : start + self.batch_size]
            if gave_up is None:
                batch_outcomes, gave_up = self._fetch_batch(batch)
            else:
                message = f"not asked: an earlier request to arXiv failed ({gave_up})"
                batch_outcomes = {i.base: Outcome("failed", message=message) for i in batch}
            outcomes.update(batch_outcomes)
            if progress is not None:
                progress(len(batch))
        return {base: outcomes[base] for base in requested}

    def _fetch_batch(self, batch: Sequence[ArxivId]) -> tuple[dict[str, Outcome], str | None]:
        """The batch's outcomes, and why asking failed for good (None when it did not)."""
        outcomes: dict[str, Outcome] = {}
        remaining = list(batch)
        failed_attempts = 0
        failure: str | None = None
        while remaining:
            answer = self._ask(remaining)
            if isinstance(answer, _Settled):
                outcomes.update(answer.outcomes)
                break
            if isinstance(answer, _Rejected):
                # The new server stops at the first bad ID, so each resend may reveal another.
                outcomes.update(answer.invalid)
                remaining = [i for i in remaining if i.base not in answer.invalid]
                continue
            if isinstance(answer, _Fatal):
                failure = answer.message
                outcomes.update(_all_failed(remaining, failure))
                break
            failed_attempts += 1
            self._retrier.charge(self._session.last_duration)
            give_up = self._retrier.pause(answer.reason, failed_attempts,
                                          retry_after=answer.retry_after,
                                          throttled=answer.throttled)
            if give_up is not None:
                failure = give_up
                outcomes.update(_all_failed(remaining, give_up))
                break
        return {i.base: outcomes[i.base] for i in batch}, failure

    def _ask(self, batch: Sequence[ArxivId]) -> _Answer:
        sent = {str(i): i for i in batch}
        params = {"id_list": ",".join(sent), "start": "0", "max_results": str(len(batch))}
        url = httpx.URL(self.api_url).copy_merge_params(params)
        what = f"{len(batch)} paper{'s' if len(batch) != 1 else ''}"
        left = self._retrier.left
        deadline = left if 0 < left < self.limits.deadline else None
        try:
            if len(str(url)) > MAX_GET_URL_LENGTH:
                answer = self._session.send("POST", self.api_url, data=params, what=what,
                                            deadline=deadline)
            else:
                answer = self._session.send("GET", url, what=what, deadline=deadline)
        except DeadlinePassed as exc:
            return _Retry(exc.message)
        except RemoteProblem as exc:  # too large, too many redirects, an unknown encoding
            return _Fatal(exc.message)
        except httpx.TimeoutException as exc:
            return _Retry(f"arXiv did not answer in time ({timeout_kind(exc)})")
        except httpx.TransportError as exc:
            if unresolvable_host(exc):
                host = httpx.URL(self.api_url).host
                return _Fatal(f"could not resolve {host}, the arXiv API's host ({describe(exc)}):"
                              f" check the network connection, or the API URL (--api-url or "
                              f"${API_URL_ENV})")
            return _Retry(f"could not talk to arXiv at {self.api_url} ({describe(exc)})")
        except httpx.HTTPError as exc:  # a body that does not decode, an unsupported scheme
            return _Fatal(f"arXiv's answer could not be read ({describe(exc)})")
        return self._interpret(answer, batch, sent)

    def _interpret(
        self, answer: Answer, batch: Sequence[ArxivId], sent: Mapping[str, ArxivId]
    ) -> _Answer:
        status = answer.status
        if status == 429:
            return _Retry(
                f"arXiv is throttling requests (HTTP 429{_short_body(answer)})",
                retry_after=retry_after(answer.headers, self._clock),
                throttled=True,
            )
        if status >= 500:
            return _Retry(
                f"arXiv answered HTTP {status} {answer.reason}".rstrip(),
                retry_after=retry_after(answer.headers, self._clock),
            )
        if status not in (200, 400):
            return _Fatal(
                f"arXiv answered HTTP {status} {answer.reason} for {self.api_url}; "
                f"check the API URL (--api-url or ${API_URL_ENV})"
            )
        try:
            feed = parse_feed(answer.content)
        except NotAFeed as exc:
            if status == 200:
                # arXiv's maintenance and "access denied" pages come with a 200, and a feed
                # cut off on the way is no fault of the IDs: both pass, so try again.
                return _Retry(exc.message)
            return _Fatal(exc.message.replace("arXiv answered", f"arXiv answered HTTP {status}", 1))
        if feed.errors:
            return _rejection(feed, sent)
        if status == 400:
            return _Fatal("arXiv answered HTTP 400 (bad request) without saying which ID")
        if feed.is_unexpectedly_empty:
            return _Retry(
                f"arXiv returned an empty page although it counted {feed.total_results} result(s)"
            )
        now = dt.datetime.fromtimestamp(self._clock.time(), dt.timezone.utc)
        return _Settled(_match(feed, batch, now))


def _rejection(feed: Feed, sent: Mapping[str, ArxivId]) -> _Answer:
    invalid: dict[str, Outcome] = {}
    for error in feed.errors:
        arxiv_id = _rejected_id(error.rejected_id, sent)
        if arxiv_id is not None:
            invalid[arxiv_id.base] = Outcome(
                "invalid", message=f"arXiv rejected {str(arxiv_id)!r}: {error.message}"
            )
    if invalid:
        return _Rejected(invalid)
    messages = "; ".join(error.message for error in feed.errors)
    return _Fatal(f"arXiv rejected the request: {messages}")


def _rejected_id(text: str | None, sent: Mapping[str, ArxivId]) -> ArxivId | None:
    if text is None:
        return None
    if text in sent:
        return sent[text]
    try:
        base = parse_arxiv_id(text).base
    except InvalidArxivId:  # the server quoted something we never sent
        return None
    return next((i for i in sent.values() if i.base == base), None)


def _match(feed: Feed, batch: Sequence[ArxivId], now: dt.datetime) -> dict[str, Outcome]:
    """Pair papers with requested IDs by base ID, never by position."""
    by_base: dict[str, Paper] = {}
    for returned in feed.papers:
        by_base.setdefault(returned.id.base, returned)
    outcomes: dict[str, Outcome] = {}
    for arxiv_id in batch:
        paper = by_base.get(arxiv_id.base)
        if paper is None and arxiv_id.base in feed.refused:
            outcomes[arxiv_id.base] = Outcome("failed", message=feed.refused[arxiv_id.base])
        elif paper is None:
            outcomes[arxiv_id.base] = Outcome("not_found", message=f"arXiv has no paper {arxiv_id}")
        elif arxiv_id.version is not None and paper.id.version != arxiv_id.version:
            outcomes[arxiv_id.base] = Outcome(
                "not_found", message=f"arXiv returned {paper.id}, not the requested {arxiv_id}"
            )
        else:
            outcomes[arxiv_id.base] = Outcome("found", paper, fetched=now)
    return outcomes


def _all_failed(ids: Iterable[ArxivId], message: str) -> dict[str, Outcome]:
    return {i.base: Outcome("failed", message=message) for i in ids}


def _is_arxiv_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "arxiv.org" or host.endswith(".arxiv.org")


def _short_body(answer: Answer) -> str:
    text = answer.text.strip()
    return f", {text!r}" if text and len(text) <= 80 and "<" not in text else ""
