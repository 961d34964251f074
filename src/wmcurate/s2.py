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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import httpx

from wmcurate import PROJECT_URL, __version__
from wmcurate.batchclient import BatchClient, Fatal, Retry, Settled, check_api_url
from wmcurate.ids import ArxivId
from wmcurate.remote import (
    DEFAULT_MAX_WAIT,
    Answer,
    Backoff,
    Clock,
    Limits,
    Reporter,
    retry_after,
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


#: What one request taught us about the papers it carried.
_Answer = Settled[S2Outcome] | Retry | Fatal


class S2Client(BatchClient[S2Outcome]):
    """Asks Semantic Scholar about arXiv papers, politely: one connection, spaced requests
    (1 s apart with an API key, `INTERVAL_WITHOUT_KEY` without), bounded retries.

    `max_wait` bounds the seconds one `fetch` spends on trouble; `limits` bounds each answer's
    size, each request's total time and its redirects. Use as a context manager (or call
    `close`) so the connection is released.
    """

    service = SERVICE
    url_hint = f"${API_URL_ENV}"

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
        url = check_api_url(api_url, SERVICE)
        floor = INTERVAL_WITH_KEY if api_key else INTERVAL_WITHOUT_KEY
        interval = floor if min_interval is None else min_interval
        if 0 <= interval < floor and _is_s2_host(url.host):
            raise ValueError(f"Semantic Scholar allows one request every {floor:g} s "
                             f"{'with' if api_key else 'without'} an API key; a shorter "
                             "interval is only for other servers")
        self._api_key = api_key
        super().__init__(
            api_url.rstrip("/"), min_interval=interval,
            floor=lambda host: floor if _is_s2_host(host) else 0.0,
            timeout=timeout, max_retries=max_retries, max_wait=max_wait, limits=limits,
            user_agent=user_agent, batch_size=batch_size, max_batch=MAX_BATCH,
            backoff=backoff or Backoff(base=max(interval, 1.0)), clock=clock,
            transport=transport, reporter=reporter)

    @property
    def endpoint(self) -> str:
        return f"{self.api_url}/paper/batch"

    @property
    def has_key(self) -> bool:
        return self._api_key is not None

    def _failed(self, message: str) -> S2Outcome:
        return S2Outcome("failed", message=message)

    def _gave_up(self, reason: str, last: Retry) -> str:
        return f"{reason}; {_KEY_HINT}" if last.throttled and not self.has_key else reason

    def _ask(self, batch: Sequence[ArxivId]) -> _Answer:
        url = httpx.URL(self.endpoint).copy_merge_params({"fields": ",".join(FIELDS)})
        body = {"ids": [f"ARXIV:{i.base}" for i in batch]}
        headers = {"x-api-key": self._api_key} if self._api_key else None
        answer = self._exchange("POST", url, len(batch), json=body, headers=headers)
        if isinstance(answer, Retry | Fatal):
            return answer
        return self._interpret(answer, batch)

    def _interpret(self, answer: Answer, batch: Sequence[ArxivId]) -> _Answer:
        status = answer.status
        said = error_text(answer.content)
        detail = f": {said}" if said else ""
        if status == 429:
            return Retry(f"{SERVICE} is throttling requests (HTTP 429{detail})",
                          retry_after=retry_after(answer.headers, self._clock), throttled=True)
        if status >= 500:
            return Retry(f"{SERVICE} answered HTTP {status} {answer.reason}".rstrip() + detail,
                          retry_after=retry_after(answer.headers, self._clock))
        if status == 403:
            return Fatal(self._forbidden(detail))
        if status in (401, 404):
            return Fatal(f"{SERVICE} answered HTTP {status} {answer.reason}{detail} for "
                          f"{self.endpoint}; check the API URL (${API_URL_ENV})")
        if status != 200:
            return Fatal(f"{SERVICE} refused the request (HTTP {status} {answer.reason}"
                          f"{detail})")
        try:
            papers = parse_batch(answer.content, len(batch))
        except NotS2Answer as exc:
            # An answer cut off on the way, or a gateway's page with a 200: try again.
            return Retry(exc.message)
        now = self._now()
        return Settled({i.base: _outcome(i, paper, now)
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


def _is_s2_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "semanticscholar.org" or host.endswith(".semanticscholar.org")
