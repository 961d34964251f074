"""The Semantic Scholar client: where arXiv papers were published, and how often cited.

It owns the Semantic Scholar half (batches of up to 500 `ARXIV:<id>`s on the Graph API's
batch endpoint, the API key, telling every requested paper's fate apart) and leaves how to
talk to a server (one connection, spacing, retries, deadlines, bounded reads, redirects) to
`wmcurate.remote`, as the arXiv client does. Reading the answers is `wmcurate.s2feed`'s job.
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
from wmcurate.ids import ArxivId
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
from wmcurate.s2feed import FIELDS, NotS2Answer, S2Paper, error_text, parse_batch

__all__ = [
    "API_KEY_ENVS",
    "API_URL_ENV",
    "DEFAULT_TIMEOUT",
    "INTERVAL_WITHOUT_KEY",
    "INTERVAL_WITH_KEY",
    "MAX_BATCH",
    "S2_API_URL",
    "S2Client",
    "S2Outcome",
    "SERVICE",
    "api_key_from",
    "resolve_api_url",
]

SERVICE = "Semantic Scholar"
#: The Graph API's base URL; the batch endpoint is `<base>/paper/batch`.
S2_API_URL = "https://api.semanticscholar.org/graph/v1"
API_URL_ENV = "WMCURATE_S2_API"
#: Where an API key is looked for, in this order (`S2_API_KEY` is what other tools use).
API_KEY_ENVS = ("WMCURATE_S2_API_KEY", "S2_API_KEY")
#: With a key, Semantic Scholar's documented starting rate: one request per second.
INTERVAL_WITH_KEY = 1.0
#: Without one, requests share a public pool that often answers 429: ask more slowly.
INTERVAL_WITHOUT_KEY = 3.0
#: The batch endpoint takes at most 500 ids per request.
MAX_BATCH = 500
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=10.0, pool=10.0)
DEFAULT_USER_AGENT = f"wmcurate/{__version__} (+{PROJECT_URL})"
_KEY_HINT = ("requests without an API key share Semantic Scholar's public pool: set "
             f"${API_KEY_ENVS[0]} to a key of your own (https://www.semanticscholar.org/"
             "product/api) for a rate of your own")

Status = Literal["found", "unknown", "failed"]


@dataclass(frozen=True)
class S2Outcome:
    """What became of one requested paper: `found`, `unknown` (Semantic Scholar answered
    null: it knows no paper with that arXiv ID) or `failed` (`message` says why).

    `fetched` is when Semantic Scholar answered (for a cached answer: when it first did).
    """

    status: Status
    paper: S2Paper | None = None
    message: str = ""
    cached: bool = False
    fetched: dt.datetime | None = field(default=None, compare=False)


def resolve_api_url(explicit: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The Graph API base URL: the explicit one, else `$WMCURATE_S2_API`, else the real one."""
    return (explicit or environ.get(API_URL_ENV) or S2_API_URL).rstrip("/")


def api_key_from(environ: Mapping[str, str] = os.environ) -> str | None:
    """The API key in `$WMCURATE_S2_API_KEY`, else `$S2_API_KEY`; None when neither is set."""
    for name in API_KEY_ENVS:
        key = environ.get(name, "").strip()
        if key:
            return key
    return None


@dataclass(frozen=True)
class _Settled:
    outcomes: dict[str, S2Outcome]


@dataclass(frozen=True)
class _Retry:
    reason: str
    retry_after: float | None = None
    throttled: bool = False


@dataclass(frozen=True)
class _Fatal:
    message: str


_Answer = _Settled | _Retry | _Fatal


class S2Client:
    """Asks Semantic Scholar about arXiv papers, politely: one connection, spaced requests
    (1 s apart with an API key, `INTERVAL_WITHOUT_KEY` without), bounded retries.

    `max_wait` bounds the seconds one `fetch` spends on trouble; `limits` bounds each answer's
    size, each request's total time and its redirects. Use as a context manager (or call
    `close`) so the connection is released.
    """

    def __init__(
        self,
        api_url: str = S2_API_URL,
        *,
        api_key: str | None = None,
        min_interval: float | None = None,
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
            raise ValueError(f"the Semantic Scholar API URL must be an http(s) URL, "
                             f"got {api_url!r}")
        floor = INTERVAL_WITH_KEY if api_key else INTERVAL_WITHOUT_KEY
        interval = floor if min_interval is None else min_interval
        if interval < 0:
            raise ValueError("min_interval cannot be negative")
        if interval < floor and _is_s2_host(url.host):
            raise ValueError(f"Semantic Scholar allows one request every {floor:g} s "
                             f"{'with' if api_key else 'without'} an API key; a shorter "
                             "interval is only for other servers")
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be between 1 and {MAX_BATCH}")
        self.api_url = api_url.rstrip("/")
        self.batch_size = batch_size
        self._api_key = api_key
        self._clock: Clock = clock or SystemClock()
        self._retrier = Retrier(SERVICE, backoff=backoff or Backoff(base=max(interval, 1.0)),
                                max_retries=max_retries, max_wait=max_wait, clock=self._clock,
                                reporter=reporter)
        self._session = Session(
            SERVICE,
            user_agent=user_agent,
            timeout=timeout,
            limits=limits,
            min_interval=interval,
            floor=lambda host: floor if _is_s2_host(host) else 0.0,
            clock=self._clock,
            transport=transport,
            reporter=reporter,
        )

    def __enter__(self) -> S2Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    @property
    def is_closed(self) -> bool:
        return self._session.is_closed

    @property
    def endpoint(self) -> str:
        return f"{self.api_url}/paper/batch"

    @property
    def has_key(self) -> bool:
        return self._api_key is not None

    @property
    def requests_made(self) -> int:
        return self._session.requests_made

    @property
    def min_interval(self) -> float:
        return self._session.min_interval

    @property
    def reporter(self) -> Reporter:
        return self._session.reporter

    @reporter.setter
    def reporter(self, reporter: Reporter) -> None:
        self._session.reporter = self._retrier.reporter = reporter

    def fetch(
        self, ids: Iterable[ArxivId], progress: Callable[[int], None] | None = None
    ) -> dict[str, S2Outcome]:
        """Ask about every paper; return one outcome per base ID, in the order given.

        Once a batch fails for good, later batches are not sent (their papers fail with a
        message saying so): Semantic Scholar is unreachable or refusing.
        """
        requested: dict[str, ArxivId] = {}
        for arxiv_id in ids:
            requested.setdefault(arxiv_id.base, arxiv_id)
        pending = list(requested.values())
        outcomes: dict[str, S2Outcome] = {}
        gave_up: str | None = None
        self._retrier.start()
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start : start + self.batch_size]
            if gave_up is None:
                batch_outcomes, gave_up = self._fetch_batch(batch)
            else:
                message = f"not asked: an earlier request to {SERVICE} failed ({gave_up})"
                batch_outcomes = _all_failed(batch, message)
            outcomes.update(batch_outcomes)
            if progress is not None:
                progress(len(batch))
        return {base: outcomes[base] for base in requested}

    def _fetch_batch(self, batch: Sequence[ArxivId]) -> tuple[dict[str, S2Outcome], str | None]:
        failed_attempts = 0
        while True:
            answer = self._ask(batch)
            if isinstance(answer, _Settled):
                return answer.outcomes, None
            if isinstance(answer, _Fatal):
                return _all_failed(batch, answer.message), answer.message
            failed_attempts += 1
            self._retrier.charge(self._session.last_duration)
            give_up = self._retrier.pause(answer.reason, failed_attempts,
                                          retry_after=answer.retry_after,
                                          throttled=answer.throttled)
            if give_up is not None:
                if answer.throttled and not self.has_key:
                    give_up = f"{give_up}; {_KEY_HINT}"
                return _all_failed(batch, give_up), give_up

    def _ask(self, batch: Sequence[ArxivId]) -> _Answer:
        url = httpx.URL(self.endpoint).copy_merge_params({"fields": ",".join(FIELDS)})
        body = {"ids": [f"ARXIV:{i.base}" for i in batch]}
        headers = {"x-api-key": self._api_key} if self._api_key else None
        what = f"{len(batch)} paper{'s' if len(batch) != 1 else ''}"
        left = self._retrier.left
        deadline = left if 0 < left < self._session.limits.deadline else None
        try:
            answer = self._session.send("POST", url, json=body, headers=headers, what=what,
                                        deadline=deadline)
        except DeadlinePassed as exc:
            return _Retry(exc.message)
        except RemoteProblem as exc:  # too large, too many redirects, an unknown encoding
            return _Fatal(exc.message)
        except httpx.TimeoutException as exc:
            return _Retry(f"{SERVICE} did not answer in time ({timeout_kind(exc)})")
        except httpx.TransportError as exc:
            if unresolvable_host(exc):
                host = httpx.URL(self.api_url).host
                return _Fatal(f"could not resolve {host}, the {SERVICE} API's host "
                              f"({describe(exc)}): check the network connection, or the API "
                              f"URL (${API_URL_ENV})")
            return _Retry(f"could not talk to {SERVICE} at {self.api_url} ({describe(exc)})")
        except httpx.HTTPError as exc:
            return _Fatal(f"{SERVICE}'s answer could not be read ({describe(exc)})")
        return self._interpret(answer, batch)

    def _interpret(self, answer: Answer, batch: Sequence[ArxivId]) -> _Answer:
        status = answer.status
        said = error_text(answer.content)
        detail = f": {said}" if said else ""
        if status == 429:
            return _Retry(f"{SERVICE} is throttling requests (HTTP 429{detail})",
                          retry_after=retry_after(answer.headers, self._clock), throttled=True)
        if status >= 500:
            return _Retry(f"{SERVICE} answered HTTP {status} {answer.reason}".rstrip() + detail,
                          retry_after=retry_after(answer.headers, self._clock))
        if status == 403:
            return _Fatal(self._forbidden(detail))
        if status in (401, 404):
            return _Fatal(f"{SERVICE} answered HTTP {status} {answer.reason}{detail} for "
                          f"{self.endpoint}; check the API URL (${API_URL_ENV})")
        if status != 200:
            return _Fatal(f"{SERVICE} refused the request (HTTP {status} {answer.reason}"
                          f"{detail})")
        try:
            papers = parse_batch(answer.content, len(batch))
        except NotS2Answer as exc:
            # An answer cut off on the way, or a gateway's page with a 200: try again.
            return _Retry(exc.message)
        now = dt.datetime.fromtimestamp(self._clock.time(), dt.timezone.utc)
        return _Settled({i.base: _outcome(i, paper, now)
                         for i, paper in zip(batch, papers, strict=True)})

    def _forbidden(self, detail: str) -> str:
        if self._api_key:
            where = next((f"${name}" for name in API_KEY_ENVS if os.environ.get(name)),
                         "the API key")
            return (f"{SERVICE} refused the API key (HTTP 403 Forbidden{detail}): check "
                    f"{where}, or unset it to use the public pool")
        return (f"{SERVICE} refused access (HTTP 403 Forbidden{detail}): it blocks some "
                f"networks without an API key; set ${API_KEY_ENVS[0]} to a key of your own")


def _outcome(arxiv_id: ArxivId, paper: S2Paper | None, now: dt.datetime) -> S2Outcome:
    if paper is None:
        return S2Outcome("unknown", message=f"{SERVICE} knows no paper ARXIV:{arxiv_id.base}",
                         fetched=now)
    if paper.arxiv is not None and paper.arxiv.casefold() != arxiv_id.base.casefold():
        # Positions are all a batch answer has to pair records with ids; a record naming
        # another arXiv paper is not trusted.
        return S2Outcome("failed", message=f"{SERVICE} answered ARXIV:{arxiv_id.base} with "
                         f"the record of another arXiv paper ({paper.arxiv})")
    return S2Outcome("found", paper, fetched=now)


def _all_failed(ids: Iterable[ArxivId], message: str) -> dict[str, S2Outcome]:
    return {i.base: S2Outcome("failed", message=message) for i in ids}


def _is_s2_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "semanticscholar.org" or host.endswith(".semanticscholar.org")
