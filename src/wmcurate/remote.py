"""Talking to servers we do not control: politely, within bounds, and never in silence.

The machinery every remote client of wmcurate shares (arXiv today; Semantic Scholar and link
checks tomorrow), kept apart from what any one service means by its answers:

- `Session` sends one request over one connection, at least `min_interval` after the last one
  started (redirect hops included, and never faster than a host's own floor), follows at most
  `Limits.max_redirects` redirects, gives the whole exchange one total deadline (enforced per
  socket operation, so a server trickling a byte at a time cannot stretch it), and reads at
  most `Limits.max_bytes` of decoded body, counting the bytes a compressed body inflates to.
- `Retrier` decides whether to try again: bounded retries with exponential backoff and
  jitter, `Retry-After` honoured, and a total wait budget (`max_wait`) covering every pause
  and every failed attempt; past it, the caller gives up with a message saying so.
- Every wait and exchange is told to a `Reporter`, so a command can show what it waits for.
"""

from __future__ import annotations

import contextlib
import email.utils
import random
import re
import socket
import time
import zlib
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

import httpx

from wmcurate.deadline import DeadlineBackend, deadline_transport

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_MAX_WAIT",
    "Answer",
    "AnswerTooLarge",
    "Backoff",
    "Clock",
    "DeadlinePassed",
    "Event",
    "Limits",
    "RemoteProblem",
    "Reporter",
    "Retrier",
    "Sent",
    "Received",
    "Session",
    "SystemClock",
    "TooManyRedirects",
    "Waiting",
    "describe",
    "timeout_kind",
    "unresolvable_host",
]

#: The most decoded bytes read from one answer. arXiv's answer for a batch of 100 papers is
#: about 250 KB; even 100 papers with thousands of authors each stay far below this.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
#: Seconds one exchange (request, redirects, the whole body) may take in total.
DEFAULT_DEADLINE = 60.0
DEFAULT_MAX_REDIRECTS = 5
#: Seconds a command may spend waiting on trouble: pauses before retries and failed attempts.
DEFAULT_MAX_WAIT = 120.0
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_READ_SIZE = 64 * 1024


# -- time ---------------------------------------------------------------------------------


class Clock(Protocol):
    """Time as a client sees it; tests pass a fake one so no test ever waits."""

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


# -- what a command is told ---------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """A request is about to go out. `what` says what it asks for ("47 papers"); `at` is
    when it starts on the client's clock (the moment the spacing is kept from)."""

    service: str
    what: str
    url: str
    at: float = 0.0


@dataclass(frozen=True)
class Received:
    """An exchange ended: `status` 0 when no answer came (`problem` says why)."""

    service: str
    what: str
    status: int
    size: int
    seconds: float
    problem: str = ""


@dataclass(frozen=True)
class Waiting:
    """A pause begins: `seconds` long, `kind` `spacing` (politeness) or `retry` (trouble).

    For a retry, `reason` is what went wrong and `retry` / `retries` count the attempts.
    """

    service: str
    kind: Literal["spacing", "retry"]
    seconds: float
    reason: str = ""
    retry: int = 0
    retries: int = 0


Event = Sent | Received | Waiting
Reporter = Callable[[Event], None]


def _ignore(event: Event) -> None:
    pass


# -- problems -----------------------------------------------------------------------------


class RemoteProblem(Exception):
    """An exchange was cut short by one of our own bounds; the message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AnswerTooLarge(RemoteProblem):
    """The decoded body passed `Limits.max_bytes` (or said it would)."""


class DeadlinePassed(RemoteProblem):
    """The exchange took longer than its total deadline."""


class TooManyRedirects(RemoteProblem):
    """More redirects than `Limits.max_redirects`, or one to something not http(s)."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    deadline: float = DEFAULT_DEADLINE
    max_redirects: int = DEFAULT_MAX_REDIRECTS

    def __post_init__(self) -> None:
        if self.max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        if not self.deadline > 0:
            raise ValueError("the deadline must be positive")
        if self.max_redirects < 0:
            raise ValueError("max_redirects cannot be negative")


@dataclass(frozen=True)
class Answer:
    """A whole answer, read within the limits. `url` is where it came from after redirects."""

    status: int
    reason: str
    headers: httpx.Headers
    content: bytes
    url: str
    redirects: int = 0

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


# -- the session --------------------------------------------------------------------------


class Session:
    """One polite connection to one service. Use as a context manager, or call `close`.

    `floor(host)` is the least spacing a host's terms of use allow (0 when it has none): a
    redirect to that host is spaced by it whatever `min_interval` says.
    """

    def __init__(
        self,
        service: str,
        *,
        user_agent: str,
        timeout: httpx.Timeout,
        limits: Limits | None = None,
        min_interval: float = 0.0,
        floor: Callable[[str], float] = lambda host: 0.0,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
        reporter: Reporter | None = None,
    ) -> None:
        if min_interval < 0:
            raise ValueError("min_interval cannot be negative")
        self.service = service
        self.limits = limits or Limits()
        self.min_interval = min_interval
        self.requests_made = 0
        #: Seconds the last exchange took, its spacing pauses left out.
        self.last_duration = 0.0
        self.reporter: Reporter = reporter or _ignore
        self._floor = floor
        self._clock: Clock = clock or SystemClock()
        self._last_start: float | None = None
        self._spaced = 0.0
        self._backend = DeadlineBackend()
        one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self._http = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=timeout,
            limits=one,
            transport=transport or deadline_transport(one, self._backend),
            # Redirects are followed here, one spaced request each, and counted.
            follow_redirects=False,
        )

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    def close(self) -> None:
        self._http.close()

    def send(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        data: Mapping[str, str] | None = None,
        what: str = "",
        deadline: float | None = None,
        json: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        """One exchange within the limits; `deadline` (seconds) may shorten the usual one.

        `json` is a body sent as JSON (instead of `data`, a form). `headers` are sent with
        this request only, and never follow a redirect to another origin (scheme, host and
        port): an API key given to one service is not handed to whoever it redirects to.

        Raises httpx's transport errors (connect, read, timeouts) and `RemoteProblem`s.
        """
        seconds = min(self.limits.deadline, deadline) if deadline is not None else \
            self.limits.deadline
        started = self._clock.monotonic()
        ends = started + seconds
        self._spaced = 0.0
        request = self._http.build_request(method, url, data=data, json=json,
                                           headers=headers)
        private = tuple(headers or ())
        redirects = 0
        status, size, problem = 0, 0, ""
        try:
            while True:
                # Spacing is politeness, not the server's slowness: it does not count
                # toward the deadline.
                ends += self._wait_turn(request.url.host)
                self.requests_made += 1
                started_at = self._last_start or 0.0
                self.reporter(Sent(self.service, what, str(request.url), started_at))
                left = max(0.0, ends - self._clock.monotonic())
                with self._backend.until(time.monotonic() + left):
                    response = self._http.send(request, stream=True)
                    try:
                        next_request = self._redirect(response, redirects, private)
                        if next_request is not None:
                            redirects += 1
                            request = next_request
                            continue
                        content = self._read(response, ends, seconds)
                    finally:
                        response.close()
                status, size = response.status_code, len(content)
                return Answer(response.status_code, response.reason_phrase, response.headers,
                              content, str(request.url), redirects)
        except httpx.TimeoutException as exc:
            if self._backend.deadline_was_binding or self._clock.monotonic() >= ends:
                problem = f"{self.service} did not finish answering within {_secs(seconds)} s " \
                          "(the deadline for one request)"
                raise DeadlinePassed(problem) from exc
            problem = timeout_kind(exc)
            raise
        except RemoteProblem as exc:
            problem = exc.message
            raise
        except httpx.HTTPError as exc:
            problem = describe(exc)
            raise
        finally:
            self.last_duration = self._clock.monotonic() - started - self._spaced
            self.reporter(Received(self.service, what, status, size, self.last_duration,
                                   problem))

    def _wait_turn(self, host: str) -> float:
        """Keep the spacing between the starts of consecutive requests, redirects included;
        return the seconds waited."""
        interval = max(self.min_interval, self._floor(host))
        wait = 0.0
        if self._last_start is not None:
            wait = max(0.0, self._last_start + interval - self._clock.monotonic())
            if wait > 0:
                self.reporter(Waiting(self.service, "spacing", wait))
                self._clock.sleep(wait)
                self._spaced += wait
        self._last_start = self._clock.monotonic()
        return wait

    def _redirect(self, response: httpx.Response, redirects: int,
                  private: Collection[str] = ()) -> httpx.Request | None:
        if response.status_code not in _REDIRECTS or "location" not in response.headers:
            return None
        target = response.next_request
        if target is None:  # pragma: no cover - httpx builds one for every redirect status
            return None
        if private and _origin(target.url) != _origin(response.request.url):
            for name in private:
                target.headers.pop(name, None)
        if target.url.scheme not in ("http", "https"):
            raise TooManyRedirects(f"{self.service} redirected to {str(target.url)[:200]!r}, "
                                   "which is not an http(s) URL: refused")
        if redirects >= self.limits.max_redirects:
            raise TooManyRedirects(f"{self.service} redirected more than "
                                   f"{self.limits.max_redirects} times (last to "
                                   f"{str(target.url)[:200]}): refused")
        return target

    def _read(self, response: httpx.Response, ends: float, seconds: float) -> bytes:
        limit = self.limits.max_bytes
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        declared = response.headers.get("Content-Length", "")
        if encoding in ("", "identity") and declared.isdigit() and int(declared) > limit:
            raise self._too_large(f"it announced {int(declared):,} bytes")
        inflate = _inflater(encoding, self.service)
        body = bytearray()
        for raw in response.iter_raw(_READ_SIZE):
            for piece in inflate(raw, limit - len(body) + 1):
                body += piece
                if len(body) > limit:
                    raise self._too_large("it was cut off there")
            if self._clock.monotonic() > ends:
                raise DeadlinePassed(f"{self.service} did not finish answering within "
                                     f"{_secs(seconds)} s (the deadline for one request)")
        return bytes(body)

    def _too_large(self, detail: str) -> AnswerTooLarge:
        limit = self.limits.max_bytes
        shown = f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"
        return AnswerTooLarge(f"{self.service}'s answer is larger than {shown} once decoded "
                              f"(the limit for one answer; {detail}): refused")


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


def _inflater(encoding: str, service: str) -> Callable[[bytes, int], Iterator[bytes]]:
    """A decoder that never makes more than `room` bytes from one call's input at a time."""
    if encoding in ("", "identity"):
        def identity(data: bytes, room: int) -> Iterator[bytes]:
            yield data
        return identity
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj(zlib.MAX_WBITS)
    else:
        raise RemoteProblem(f"{service} answered in an encoding we did not ask for "
                            f"({encoding[:40]!r}): refused")

    def inflate(data: bytes, room: int) -> Iterator[bytes]:
        pending = data
        try:
            while pending:
                # max_length bounds each step, so a bomb is caught after `room` bytes, not
                # after inflating to gigabytes.
                piece = decoder.decompress(pending, max(room, 1))
                yield piece
                room -= len(piece)
                pending = decoder.unconsumed_tail
        except zlib.error as exc:
            raise RemoteProblem(f"{service}'s {encoding} answer does not decode ({exc})") from None

    return inflate


# -- retrying -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Backoff:
    """How long to wait before retry number n (1-based): base * 2**(n-1), capped, plus jitter.

    A server asking (Retry-After) for more than `max_retry_after` seconds is not waited for:
    the request fails at once with a message telling the user to come back later.
    """

    base: float = 3.0
    cap: float = 60.0
    jitter: float = 0.25
    max_retry_after: float = 300.0
    random: Callable[[], float] = field(default=random.random, compare=False)

    def delay(self, retry: int) -> float:
        exponential = min(self.cap, self.base * 2.0 ** (retry - 1))
        return exponential * (1.0 + self.jitter * self.random())


class Retrier:
    """Bounded retries within a total wait budget, each pause told to the reporter.

    `start()` opens a budget of `max_wait` seconds (a command calls it once per run);
    `charge(seconds)` spends it on a failed attempt; `pause(...)` either sleeps before the next
    attempt and returns None, or returns why it will not (the caller gives up with that).
    """

    def __init__(self, service: str, *, backoff: Backoff, max_retries: int, max_wait: float,
                 clock: Clock, reporter: Reporter | None = None) -> None:
        if max_retries < 0:
            raise ValueError("max_retries cannot be negative")
        if not max_wait >= 0:
            raise ValueError(f"the wait limit must be 0 or more seconds, not {max_wait}")
        self.service = service
        self.backoff = backoff
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.spent = 0.0
        self.reporter: Reporter = reporter or _ignore
        self._clock = clock

    def start(self) -> None:
        self.spent = 0.0

    @property
    def left(self) -> float:
        return max(0.0, self.max_wait - self.spent)

    def charge(self, seconds: float) -> None:
        self.spent += max(0.0, seconds)

    def pause(self, reason: str, failed_attempts: int, *, retry_after: float | None = None,
              throttled: bool = False) -> str | None:
        if retry_after is not None and retry_after > min(self.backoff.max_retry_after, self.left):
            return (f"{reason}; {self.service} asked to wait {_secs(retry_after)} s before trying "
                    f"again, more than {self._budget_words()}: try again later")
        attempts = f"{failed_attempts} attempt{'s' if failed_attempts > 1 else ''}"
        advice = "wait a few minutes and try again" if throttled else "try again later"
        if failed_attempts > self.max_retries:
            return f"{reason} (gave up after {attempts}); {advice}"
        delay = self.backoff.delay(failed_attempts)
        if retry_after is not None:
            delay = max(delay, retry_after)
        if delay >= self.left:
            return (f"{reason} (gave up after {attempts}: waiting {_secs(delay)} s more would "
                    f"pass {self._budget_words()}); {advice}")
        self.reporter(Waiting(self.service, "retry", delay, reason, failed_attempts,
                                 self.max_retries))
        self._clock.sleep(delay)
        self.charge(delay)
        return None

    def _budget_words(self) -> str:
        return f"the {_secs(self.max_wait)} s wait limit (--max-wait; {_secs(self.left)} s left)"


def retry_after(headers: httpx.Headers, clock: Clock) -> float | None:
    """A `Retry-After` header in seconds from now (delta-seconds or an HTTP date), or None."""
    value = headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        if seconds != seconds:  # NaN is no answer
            return None
        return max(0.0, seconds)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    # Measure against the server's own Date when it sent one, so clock skew does not turn a
    # 30 s wait into none or into hours.
    now = clock.time()
    server_date = headers.get("Date")
    if server_date:
        with contextlib.suppress(TypeError, ValueError, IndexError):
            now = email.utils.parsedate_to_datetime(server_date).timestamp()
    try:
        return max(0.0, when.timestamp() - now)
    except (OverflowError, ValueError, OSError):
        return None


def _secs(seconds: float) -> str:
    """Seconds for a message: whole ones from 10 on, else two significant digits at most."""
    if seconds >= 10:
        return f"{seconds:.0f}"
    return f"{float(f'{seconds:.2g}'):g}"


# -- telling failures apart ---------------------------------------------------------------

_DNS_MESSAGE = re.compile(
    r"Name or service not known|nodename nor servname|No address associated with hostname|"
    r"Temporary failure in name resolution|getaddrinfo failed|Name does not resolve",
    re.IGNORECASE,
)


def unresolvable_host(exc: BaseException) -> bool:
    """True when a connection failed because the host name did not resolve.

    No retry cures that within a command's patience: the name is wrong or the machine is
    offline.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return True
        current = current.__cause__ or current.__context__
    return isinstance(exc, httpx.ConnectError) and bool(_DNS_MESSAGE.search(str(exc)))


def timeout_kind(exc: httpx.TimeoutException) -> str:
    kinds = {
        httpx.ConnectTimeout: "connect timeout",
        httpx.ReadTimeout: "read timeout",
        httpx.WriteTimeout: "write timeout",
        httpx.PoolTimeout: "pool timeout",
    }
    return next((name for kind, name in kinds.items() if isinstance(exc, kind)), "timeout")


def describe(exc: BaseException) -> str:
    detail = str(exc).strip()
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
