"""The arXiv API client: what to ask arXiv and what its answers mean.

It owns the arXiv-specific half (batches of IDs, matching results by ID, telling every
requested ID's fate apart) and leaves how to talk to a server (spacing, retries, deadlines,
bounded reads, redirects) to `wmcurate.remote`, so the CLI only has to print a summary.
Per-batch failures are reported as outcomes, never raised.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import httpx

from wmcurate import PROJECT_URL, __version__
from wmcurate.batchclient import BatchClient, Fatal, Partly, Retry, Settled, check_api_url
from wmcurate.errors import InvalidArxivId, NotAFeed
from wmcurate.feed import Feed, Paper, parse_feed
from wmcurate.ids import ArxivId, parse_arxiv_id
from wmcurate.remote import (
    DEFAULT_MAX_WAIT,
    Answer,
    Backoff,
    Clock,
    Limits,
    Reporter,
    SystemClock,
    retry_after,
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


#: What one request taught us about the IDs it carried.
_Answer = Settled[Outcome] | Partly[Outcome] | Retry | Fatal


def resolve_api_url(explicit: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The API URL to use: the explicit one, else `$WMCURATE_ARXIV_API`, else arXiv's."""
    return explicit or environ.get(API_URL_ENV) or ARXIV_API_URL


class ArxivClient(BatchClient[Outcome]):
    """Fetches arXiv metadata by ID, politely: one connection, spaced requests, bounded retries.

    `max_wait` bounds the seconds one `fetch` spends on trouble (pauses before retries and
    attempts that failed); `limits` bounds each answer's size, each request's total time and
    its redirects. Use as a context manager (or call `close`) so the connection is released.
    """

    service = "arXiv"
    url_hint = f"--api-url or ${API_URL_ENV}"

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
        url = check_api_url(api_url, self.service)
        if min_interval < ARXIV_MIN_INTERVAL and _is_arxiv_host(url.host):
            raise ValueError(
                f"arXiv's terms of use require at least {ARXIV_MIN_INTERVAL} s between "
                f"requests to {url.host}; a shorter interval is only for other servers"
            )
        # arXiv's terms of use: "limit requests to a single connection at a time", and its
        # spacing holds for a redirect to arXiv from anywhere.
        super().__init__(
            api_url, min_interval=min_interval,
            floor=lambda host: ARXIV_MIN_INTERVAL if _is_arxiv_host(host) else 0.0,
            timeout=timeout, max_retries=max_retries, max_wait=max_wait, limits=limits,
            user_agent=user_agent, batch_size=batch_size, max_batch=MAX_BATCH,
            backoff=backoff or Backoff(), clock=clock, transport=transport, reporter=reporter)

    def _failed(self, message: str) -> Outcome:
        return Outcome("failed", message=message)

    def _ask(self, batch: Sequence[ArxivId]) -> _Answer:
        sent = {str(i): i for i in batch}
        params = {"id_list": ",".join(sent), "start": "0", "max_results": str(len(batch))}
        url = httpx.URL(self.api_url).copy_merge_params(params)
        if len(str(url)) > MAX_GET_URL_LENGTH:
            answer = self._exchange("POST", self.api_url, len(batch), data=params)
        else:
            answer = self._exchange("GET", url, len(batch))
        if isinstance(answer, Retry | Fatal):
            return answer
        return self._interpret(answer, batch, sent)

    def _interpret(
        self, answer: Answer, batch: Sequence[ArxivId], sent: Mapping[str, ArxivId]
    ) -> _Answer:
        status = answer.status
        if status == 429:
            return Retry(
                f"arXiv is throttling requests (HTTP 429{_short_body(answer)})",
                retry_after=retry_after(answer.headers, self._clock),
                throttled=True,
            )
        if status >= 500:
            return Retry(
                f"arXiv answered HTTP {status} {answer.reason}".rstrip(),
                retry_after=retry_after(answer.headers, self._clock),
            )
        if status not in (200, 400):
            return Fatal(
                f"arXiv answered HTTP {status} {answer.reason} for {self.api_url}; "
                f"check the API URL (--api-url or ${API_URL_ENV})"
            )
        try:
            feed = parse_feed(answer.content)
        except NotAFeed as exc:
            if status == 200:
                # arXiv's maintenance and "access denied" pages come with a 200, and a feed
                # cut off on the way is no fault of the IDs: both pass, so try again.
                return Retry(exc.message)
            return Fatal(exc.message.replace("arXiv answered", f"arXiv answered HTTP {status}", 1))
        if feed.errors:
            return _rejection(feed, sent)
        if status == 400:
            return Fatal("arXiv answered HTTP 400 (bad request) without saying which ID")
        if feed.is_unexpectedly_empty:
            return Retry(
                f"arXiv returned an empty page although it counted {feed.total_results} result(s)"
            )
        return Settled(_match(feed, batch, self._now()))


def _rejection(feed: Feed, sent: Mapping[str, ArxivId]) -> _Answer:
    invalid: dict[str, Outcome] = {}
    for error in feed.errors:
        arxiv_id = _rejected_id(error.rejected_id, sent)
        if arxiv_id is not None:
            invalid[arxiv_id.base] = Outcome(
                "invalid", message=f"arXiv rejected {str(arxiv_id)!r}: {error.message}"
            )
    if invalid:
        # The new server stops at the first bad ID, so each resend may reveal another.
        return Partly(invalid)
    messages = "; ".join(error.message for error in feed.errors)
    return Fatal(f"arXiv rejected the request: {messages}")


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


def _is_arxiv_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "arxiv.org" or host.endswith(".arxiv.org")


def _short_body(answer: Answer) -> str:
    text = answer.text.strip()
    return f", {text!r}" if text and len(text) <= 80 and "<" not in text else ""
