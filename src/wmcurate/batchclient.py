"""What the arXiv and Semantic Scholar clients share: papers asked about in batches, politely.

A `BatchClient` owns the part that is the same for every service: the batches, sent in
order, and once one fails for good the rest not sent (the service is unreachable or
refusing, and hammering it would not help); the attempts of one batch, with the pauses
between them (`remote.Retrier`); what a failed exchange means (a timeout or a reset is worth
another try, a host that does not resolve is not); and the session's properties. A
service's client says how to ask one batch and what the answer means (`_ask`), and what a
paper that could not be asked about becomes (`_failed`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from wmcurate.ids import ArxivId
from wmcurate.remote import (
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
    timeout_kind,
    unresolvable_host,
)

__all__ = ["BatchClient", "Fatal", "Partly", "Retry", "Settled", "check_api_url", "papers"]

OutcomeT = TypeVar("OutcomeT")
_Self = TypeVar("_Self", bound="BatchClient[Any]")


@dataclass(frozen=True)
class Settled(Generic[OutcomeT]):
    """Every paper of the batch has its outcome."""

    outcomes: dict[str, OutcomeT]


@dataclass(frozen=True)
class Partly(Generic[OutcomeT]):
    """These papers have their outcome; the rest of the batch must be asked again."""

    outcomes: dict[str, OutcomeT]


@dataclass(frozen=True)
class Retry:
    """Worth another attempt, after a pause (`retry_after`: what the server asked for)."""

    reason: str
    retry_after: float | None = None
    throttled: bool = False


@dataclass(frozen=True)
class Fatal:
    """Asking again would not help."""

    message: str


def check_api_url(api_url: str, service: str) -> httpx.URL:
    url = httpx.URL(api_url)
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"the {service} API URL must be an http(s) URL, got {api_url!r}")
    return url


def papers(count: int) -> str:
    """What a request is about, for progress lines: `1 paper`, `100 papers`."""
    return f"{count} paper{'s' if count != 1 else ''}"


class BatchClient(Generic[OutcomeT]):
    """Asks one service about papers in batches: one connection, spaced requests, bounded
    retries within a total wait (`max_wait`), each answer bounded by `limits`. Use as a
    context manager (or call `close`) so the connection is released."""

    #: The service's name, as messages say it.
    service: str
    #: Where a user sets the API URL, as a message tells them (`--api-url or $VAR`).
    url_hint: str

    def __init__(self, api_url: str, *, min_interval: float, floor: Callable[[str], float],
                 timeout: httpx.Timeout, max_retries: int, max_wait: float,
                 limits: Limits | None, user_agent: str, batch_size: int, max_batch: int,
                 backoff: Backoff, clock: Clock | None, transport: httpx.BaseTransport | None,
                 reporter: Reporter | None) -> None:
        if min_interval < 0:
            raise ValueError("min_interval cannot be negative")
        if not 1 <= batch_size <= max_batch:
            raise ValueError(f"batch_size must be between 1 and {max_batch}")
        self.api_url = api_url
        self.batch_size = batch_size
        self._clock: Clock = clock or SystemClock()
        self._retrier = Retrier(self.service, backoff=backoff, max_retries=max_retries,
                                max_wait=max_wait, clock=self._clock, reporter=reporter)
        self._session = Session(self.service, user_agent=user_agent, timeout=timeout,
                                limits=limits, min_interval=min_interval, floor=floor,
                                clock=self._clock, transport=transport, reporter=reporter)

    def __enter__(self: _Self) -> _Self:
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

    # -- what a service's client says --------------------------------------------------------

    def _ask(self, batch: Sequence[ArxivId]
             ) -> Settled[OutcomeT] | Partly[OutcomeT] | Retry | Fatal:
        raise NotImplementedError

    def _failed(self, message: str) -> OutcomeT:
        raise NotImplementedError

    def _gave_up(self, reason: str, last: Retry) -> str:
        """Why a batch failed for good after retries; a client may add advice."""
        return reason

    # -- the shared part --------------------------------------------------------------------

    def fetch(self, ids: Iterable[ArxivId],
              progress: Callable[[int], None] | None = None) -> dict[str, OutcomeT]:
        """Ask about every paper; return one outcome per base ID, in the order given.

        An ID repeated (even with another version) is asked once, as first given. `progress`
        is called with the number of papers settled after each batch. Once a batch fails for
        good, later batches are not sent; their papers fail with a message saying so.
        """
        requested: dict[str, ArxivId] = {}
        for arxiv_id in ids:
            requested.setdefault(arxiv_id.base, arxiv_id)
        pending = list(requested.values())
        outcomes: dict[str, OutcomeT] = {}
        gave_up: str | None = None
        self._retrier.start()
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start : start + self.batch_size]
            if gave_up is None:
                batch_outcomes, gave_up = self._fetch_batch(batch)
            else:
                batch_outcomes = self._all_failed(
                    batch, f"not asked: an earlier request to {self.service} failed ({gave_up})")
            outcomes.update(batch_outcomes)
            if progress is not None:
                progress(len(batch))
        return {base: outcomes[base] for base in requested}

    def _fetch_batch(self, batch: Sequence[ArxivId]) -> tuple[dict[str, OutcomeT], str | None]:
        """The batch's outcomes, and why asking failed for good (None when it did not)."""
        outcomes: dict[str, OutcomeT] = {}
        remaining = list(batch)
        failed_attempts = 0
        failure: str | None = None
        while remaining:
            answer = self._ask(remaining)
            if isinstance(answer, Settled):
                outcomes.update(answer.outcomes)
                break
            if isinstance(answer, Partly):
                outcomes.update(answer.outcomes)
                remaining = [i for i in remaining if i.base not in answer.outcomes]
                continue
            if isinstance(answer, Fatal):
                failure = answer.message
                outcomes.update(self._all_failed(remaining, failure))
                break
            failed_attempts += 1
            self._retrier.charge(self._session.last_duration)
            give_up = self._retrier.pause(answer.reason, failed_attempts,
                                          retry_after=answer.retry_after,
                                          throttled=answer.throttled)
            if give_up is not None:
                failure = self._gave_up(give_up, answer)
                outcomes.update(self._all_failed(remaining, failure))
                break
        return {i.base: outcomes[i.base] for i in batch}, failure

    def _exchange(self, method: str, url: httpx.URL | str, count: int,
                  **request: Any) -> Answer | Retry | Fatal:
        """One request about `count` papers, its failures told apart: worth a retry or not."""
        left = self._retrier.left
        deadline = left if 0 < left < self._session.limits.deadline else None
        try:
            return self._session.send(method, url, what=papers(count), deadline=deadline,
                                      **request)
        except DeadlinePassed as exc:
            return Retry(exc.message)
        except RemoteProblem as exc:  # too large, too many redirects, an unknown encoding
            return Fatal(exc.message)
        except httpx.TimeoutException as exc:
            return Retry(f"{self.service} did not answer in time ({timeout_kind(exc)})")
        except httpx.TransportError as exc:
            if unresolvable_host(exc):
                host = httpx.URL(self.api_url).host
                return Fatal(f"could not resolve {host}, the {self.service} API's host "
                             f"({describe(exc)}): check the network connection, or the API "
                             f"URL ({self.url_hint})")
            return Retry(f"could not talk to {self.service} at {self.api_url} ({describe(exc)})")
        except httpx.HTTPError as exc:  # a body that does not decode, an unsupported scheme
            return Fatal(f"{self.service}'s answer could not be read ({describe(exc)})")

    def _now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self._clock.time(), dt.timezone.utc)

    def _all_failed(self, ids: Iterable[ArxivId], message: str) -> dict[str, OutcomeT]:
        return {i.base: self._failed(message) for i in ids}
