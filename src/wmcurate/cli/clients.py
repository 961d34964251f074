"""The arXiv client and fetcher the commands build from options and the environment."""

from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING, Any

from wmcurate.errors import WmcurateError

if TYPE_CHECKING:
    from wmcurate.arxiv import ArxivClient
    from wmcurate.remote import Reporter

INTERVAL_ENV = "WMCURATE_ARXIV_INTERVAL"
TIMEOUT_ENV = "WMCURATE_ARXIV_TIMEOUT"
#: --max-wait's default, in seconds (wmcurate.remote.DEFAULT_MAX_WAIT, kept here so that
#: --help does not import the network stack).
DEFAULT_MAX_WAIT = 120.0



def fetcher_factory(reporter: Reporter | None = None, api_url: str | None = None,
                    max_wait: float | None = None, offline: bool = False) -> Any:
    """A cached arXiv fetcher; `api_url` and `max_wait` as `add` and `lint --online` take
    them (None: the environment's endpoint, the default bound)."""
    from wmcurate.cache import CachedFetcher, PaperCache, default_cache_dir

    return CachedFetcher(make_client(api_url, reporter, max_wait),
                         PaperCache(default_cache_dir()), offline=offline)


def seconds_from_env(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise WmcurateError(f"${name} must be a finite, non-negative number of seconds, "
                            f"not {raw!r}")
    return value


def make_client(api_url: str | None, reporter: Reporter | None = None,
                 max_wait: float | None = None) -> ArxivClient:
    """The arXiv client as the environment configures it (interval and read timeout)."""
    import httpx

    from wmcurate.arxiv import (
        ARXIV_MIN_INTERVAL,
        DEFAULT_TIMEOUT,
        ArxivClient,
        Backoff,
        resolve_api_url,
    )

    interval = seconds_from_env(INTERVAL_ENV, ARXIV_MIN_INTERVAL)
    read = seconds_from_env(TIMEOUT_ENV, DEFAULT_TIMEOUT.read or 30.0)
    try:
        # The backoff starts at the politeness interval: 3 s against arXiv.
        return ArxivClient(resolve_api_url(api_url), min_interval=interval,
                           timeout=httpx.Timeout(DEFAULT_TIMEOUT.connect, read=read),
                           backoff=Backoff(base=max(interval, 0.05)), reporter=reporter,
                           max_wait=DEFAULT_MAX_WAIT if max_wait is None else max_wait)
    except ValueError as exc:
        raise WmcurateError(f"cannot query arXiv: {exc}") from None


