"""The arXiv API client: the only module of wmcurate that opens sockets.

It owns how to ask (batches, spacing, retries, timeouts, User-Agent) and tells every
requested ID's fate apart, so the CLI only has to print a summary. Per-batch failures are
reported as outcomes, never raised.
"""

from __future__ import annotations

import contextlib
import email.utils
import os
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import httpx

from wmcurate import PROJECT_URL, __version__
from wmcurate.errors import InvalidArxivId, NotAFeed
from wmcurate.feed import Feed, Paper, parse_feed
from wmcurate.ids import ArxivId, parse_arxiv_id

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
    """What became of one requested ID. `message` says why, for anything but `found`."""

    status: Status
    paper: Paper | None = None
    message: str = ""
    cached: bool = False


class Clock(Protocol):
    """Time as the client sees it; tests pass a fake one so no test ever waits."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    def time(self) -> float:
        """Wall-clock seconds since the epoch, to read HTTP-date `Retry-After` values."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def time(self) -> float:
        return time.time()


@dataclass(frozen=True)
class Backoff:
    """How long to wait before retry number n (1-based): base * 2**(n-1), capped, plus jitter.

    A server asking (Retry-After) for more than `max_retry_after` seconds is not waited for:
    the IDs fail at once with a message telling the user to come back later.
    """

    base: float = 3.0
    cap: float = 60.0
    jitter: float = 0.25
    max_retry_after: float = 300.0
    random: Callable[[], float] = field(default=random.random, compare=False)

    def delay(self, retry: int) -> float:
        exponential = min(self.cap, self.base * 2.0 ** (retry - 1))
        return exponential * (1.0 + self.jitter * self.random())


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

    Use as a context manager (or call `close`) so the connection is released.
    """

    def __init__(
        self,
        api_url: str = ARXIV_API_URL,
        *,
        min_interval: float = ARXIV_MIN_INTERVAL,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 4,
        user_agent: str = DEFAULT_USER_AGENT,
        batch_size: int = MAX_BATCH,
        backoff: Backoff | None = None,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
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
        if max_retries < 0:
            raise ValueError("max_retries cannot be negative")
        self.api_url = api_url
        self.min_interval = min_interval
        self.max_retries = max_retries
        self.batch_size = batch_size
        self.backoff = backoff or Backoff()
        self.requests_made = 0
        self._clock: Clock = clock or SystemClock()
        self._last_start: float | None = None
        self._http = httpx.Client(
            headers={"User-Agent": user_agent},
            timeout=timeout,
            # arXiv's terms of use: "limit requests to a single connection at a time".
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            transport=transport,
            follow_redirects=True,
        )

    def __enter__(self) -> ArxivClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

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
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start : start + self.batch_size]
            if gave_up is None:
                batch_outcomes = self._fetch_batch(batch)
                failures = [o for o in batch_outcomes.values() if o.status == "failed"]
                if failures:
                    gave_up = failures[0].message
            else:
                message = f"not asked: an earlier request to arXiv failed ({gave_up})"
                batch_outcomes = {i.base: Outcome("failed", message=message) for i in batch}
            outcomes.update(batch_outcomes)
            if progress is not None:
                progress(len(batch))
        return {base: outcomes[base] for base in requested}

    def _fetch_batch(self, batch: Sequence[ArxivId]) -> dict[str, Outcome]:
        outcomes: dict[str, Outcome] = {}
        remaining = list(batch)
        failed_attempts = 0
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
                outcomes.update(_all_failed(remaining, answer.message))
                break
            failed_attempts += 1
            give_up = self._give_up_message(answer, failed_attempts)
            if give_up is not None:
                outcomes.update(_all_failed(remaining, give_up))
                break
            delay = self.backoff.delay(failed_attempts)
            if answer.retry_after is not None:
                delay = max(delay, answer.retry_after)
            self._clock.sleep(delay)
        return {i.base: outcomes[i.base] for i in batch}

    def _give_up_message(self, answer: _Retry, failed_attempts: int) -> str | None:
        if answer.retry_after is not None and answer.retry_after > self.backoff.max_retry_after:
            return (
                f"{answer.reason}; arXiv asked to wait {answer.retry_after:.0f} s before "
                "trying again: try again later"
            )
        if failed_attempts <= self.max_retries:
            return None
        attempts = f"{failed_attempts} attempt{'s' if failed_attempts > 1 else ''}"
        advice = "wait a few minutes and try again" if answer.throttled else "try again later"
        return f"{answer.reason} (gave up after {attempts}); {advice}"

    def _ask(self, batch: Sequence[ArxivId]) -> _Answer:
        sent = {str(i): i for i in batch}
        params = {"id_list": ",".join(sent), "start": "0", "max_results": str(len(batch))}
        url = httpx.URL(self.api_url).copy_merge_params(params)
        self._wait_turn()
        self.requests_made += 1
        try:
            if len(str(url)) > MAX_GET_URL_LENGTH:
                response = self._http.post(self.api_url, data=params)
            else:
                response = self._http.get(url)
        except httpx.TimeoutException as exc:
            return _Retry(f"arXiv did not answer in time ({_timeout_kind(exc)})")
        except httpx.TransportError as exc:
            return _Retry(f"could not talk to arXiv at {self.api_url} ({_describe(exc)})")
        except httpx.RequestError as exc:  # a body that does not decode, a redirect loop
            return _Fatal(f"arXiv's answer could not be read ({_describe(exc)})")
        return self._interpret(response, batch, sent)

    def _interpret(
        self, response: httpx.Response, batch: Sequence[ArxivId], sent: Mapping[str, ArxivId]
    ) -> _Answer:
        status = response.status_code
        if status == 429:
            return _Retry(
                f"arXiv is throttling requests (HTTP 429{_short_body(response)})",
                retry_after=self._retry_after(response),
                throttled=True,
            )
        if status >= 500:
            return _Retry(
                f"arXiv answered HTTP {status} {response.reason_phrase}".rstrip(),
                retry_after=self._retry_after(response),
            )
        if status not in (200, 400):
            return _Fatal(
                f"arXiv answered HTTP {status} {response.reason_phrase} for {self.api_url}; "
                f"check the API URL (--api-url or ${API_URL_ENV})"
            )
        try:
            feed = parse_feed(response.content)
        except NotAFeed as exc:
            if status == 200:
                return _Fatal(exc.message)
            return _Fatal(exc.message.replace("arXiv answered", f"arXiv answered HTTP {status}", 1))
        if feed.errors:
            return _rejection(feed, sent)
        if status == 400:
            return _Fatal("arXiv answered HTTP 400 (bad request) without saying which ID")
        if feed.is_unexpectedly_empty:
            return _Retry(
                f"arXiv returned an empty page although it counted {feed.total_results} result(s)"
            )
        return _Settled(_match(feed, batch))

    def _wait_turn(self) -> None:
        """Keep `min_interval` between the starts of consecutive requests."""
        if self._last_start is not None:
            wait = self._last_start + self.min_interval - self._clock.monotonic()
            if wait > 0:
                self._clock.sleep(wait)
        self._last_start = self._clock.monotonic()

    def _retry_after(self, response: httpx.Response) -> float | None:
        value = response.headers.get("Retry-After")
        if value is None:
            return None
        value = value.strip()
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        # Measure against the server's own Date when it sent one, so clock skew does not
        # turn a 30 s wait into none or into hours.
        now = self._clock.time()
        server_date = response.headers.get("Date")
        if server_date:
            with contextlib.suppress(TypeError, ValueError):
                now = email.utils.parsedate_to_datetime(server_date).timestamp()
        return max(0.0, when.timestamp() - now)


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


def _match(feed: Feed, batch: Sequence[ArxivId]) -> dict[str, Outcome]:
    """Pair papers with requested IDs by base ID, never by position."""
    by_base: dict[str, Paper] = {}
    for returned in feed.papers:
        by_base.setdefault(returned.id.base, returned)
    outcomes: dict[str, Outcome] = {}
    for arxiv_id in batch:
        paper = by_base.get(arxiv_id.base)
        if paper is None:
            outcomes[arxiv_id.base] = Outcome("not_found", message=f"arXiv has no paper {arxiv_id}")
        elif arxiv_id.version is not None and paper.id.version != arxiv_id.version:
            outcomes[arxiv_id.base] = Outcome(
                "not_found", message=f"arXiv returned {paper.id}, not the requested {arxiv_id}"
            )
        else:
            outcomes[arxiv_id.base] = Outcome("found", paper)
    return outcomes


def _all_failed(ids: Iterable[ArxivId], message: str) -> dict[str, Outcome]:
    return {i.base: Outcome("failed", message=message) for i in ids}


def _is_arxiv_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "arxiv.org" or host.endswith(".arxiv.org")


def _timeout_kind(exc: httpx.TimeoutException) -> str:
    kinds = {
        httpx.ConnectTimeout: "connect timeout",
        httpx.ReadTimeout: "read timeout",
        httpx.WriteTimeout: "write timeout",
        httpx.PoolTimeout: "pool timeout",
    }
    return next((name for kind, name in kinds.items() if isinstance(exc, kind)), "timeout")


def _describe(exc: Exception) -> str:
    detail = str(exc).strip()
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _short_body(response: httpx.Response) -> str:
    text = response.text.strip()
    return f", {text!r}" if text and len(text) <= 80 and "<" not in text else ""
