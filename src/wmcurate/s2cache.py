"""Semantic Scholar's answers cached on disk, and a fetcher that consults the cache first.

The same rules as the arXiv cache (`wmcurate.cache`): one JSON file per paper under
`$WMCURATE_CACHE_DIR/s2` (else the user cache dir), fresh for a day, written atomically; a
corrupt, unreadable, oversized or future-dated file is a miss, never an error. An answer of
`null` (Semantic Scholar knows no such paper) is cached too: within the day, a second run
over the same papers sends no request at all.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from wmcurate.cache import (
    DEFAULT_TTL,
    CacheFirst,
    cache_root,
    read_record,
    record_text,
    store_or_say,
    write_text_atomic,
)
from wmcurate.errors import InvalidArxivId, WmcurateError
from wmcurate.ids import ArxivId, parse_arxiv_id
from wmcurate.remote import DEFAULT_MAX_WAIT, Reporter
from wmcurate.s2 import API_URL_ENV, S2Client, S2Outcome, api_key_from, resolve_api_url
from wmcurate.s2feed import S2Paper, paper_from_cache

__all__ = ["INTERVAL_ENV", "CachedS2Fetcher", "S2Cache", "default_s2_cache_dir", "fetcher_from_env"]

_Found = tuple[S2Paper | None, datetime]


def default_s2_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    return cache_root(environ) / "s2"


class S2Cache:
    """One JSON file per paper (`<key>.json`): Semantic Scholar's record, or null, and when
    it was fetched."""

    def __init__(self, directory: Path | None = None, *, ttl: float = DEFAULT_TTL,
                 clock: Callable[[], float] = time.time) -> None:
        self.directory = directory if directory is not None else default_s2_cache_dir()
        self.ttl = ttl
        self._clock = clock

    def path_for(self, base: str) -> Path:
        try:
            arxiv_id = parse_arxiv_id(base)
        except InvalidArxivId:
            arxiv_id = None
        # Anything but a canonical base ID could name a path outside the cache.
        if arxiv_id is None or arxiv_id.base != base or arxiv_id.version is not None:
            raise ValueError(f"not a canonical arXiv base ID: {base!r}")
        return self.directory / f"{arxiv_id.key}.json"

    def lookup(self, base: str) -> _Found | None:
        """(the paper, or None when Semantic Scholar knew none; when fetched), or None when
        nothing fresh is cached."""
        found = read_record(self.path_for(base), ttl=self.ttl, now=self._clock())
        if found is None:
            return None
        record, fetched = found
        try:
            raw = record["paper"]
            paper = None if raw is None else paper_from_cache(raw)
            if record["base"] != base:
                return None
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None
        return paper, fetched

    def put(self, base: str, paper: S2Paper | None) -> None:
        """Store Semantic Scholar's answer for `base`. Raises OSError when the folder
        cannot be written."""
        text = record_text(self._clock(), base=base,
                           paper=None if paper is None else paper.to_dict())
        write_text_atomic(self.path_for(base), text)


class CachedS2Fetcher(CacheFirst[S2Outcome, S2Cache]):
    """Cache first, then Semantic Scholar; the same `fetch` contract as `S2Client.fetch`.
    An answer of null (no such paper) is cached too."""

    client: S2Client | None

    def __init__(self, client: S2Client | None, cache: S2Cache, *, offline: bool = False,
                 use_cache: bool = True) -> None:
        super().__init__(client, cache, offline=offline, use_cache=use_cache)

    def _cached(self, arxiv_id: ArxivId) -> S2Outcome | None:
        found = self.cache.lookup(arxiv_id.base)
        if found is None:
            return None
        paper, fetched = found
        if paper is None:
            return S2Outcome("unknown", None, f"Semantic Scholar knows no paper "
                             f"ARXIV:{arxiv_id.base}", cached=True, fetched=fetched)
        return S2Outcome("found", paper, cached=True, fetched=fetched)

    def _not_cached(self, arxiv_id: ArxivId) -> S2Outcome:
        return S2Outcome("failed", message="not in the Semantic Scholar cache; drop --offline "
                         "to ask Semantic Scholar")

    def _store(self, arxiv_id: ArxivId, outcome: S2Outcome) -> None:
        if outcome.status in ("found", "unknown"):
            store_or_say(f"Semantic Scholar's answer for {arxiv_id.base}",
                         lambda: self.cache.put(arxiv_id.base, outcome.paper))


#: Seconds between requests to another server than Semantic Scholar's (tests, mirrors).
INTERVAL_ENV = "WMCURATE_S2_INTERVAL"


def fetcher_from_env(*, offline: bool = False, use_cache: bool = True,
                     reporter: Reporter | None = None, max_wait: float | None = None,
                     environ: Mapping[str, str] | None = None) -> CachedS2Fetcher:
    """The cached Semantic Scholar fetcher as the environment configures it: the API URL
    (`$WMCURATE_S2_API`), the key (`$WMCURATE_S2_API_KEY` or `$S2_API_KEY`), the spacing
    (`$WMCURATE_S2_INTERVAL`, never below Semantic Scholar's own for its host) and the
    cache folder (`$WMCURATE_CACHE_DIR`). The caller closes `fetcher.client`."""
    env = os.environ if environ is None else environ
    cache = S2Cache(default_s2_cache_dir(env))
    if offline:
        return CachedS2Fetcher(None, cache, offline=True, use_cache=use_cache)
    raw = env.get(INTERVAL_ENV, "").strip()
    interval: float | None = None
    if raw:
        try:
            interval = float(raw)
        except ValueError:
            interval = math.nan
        if not math.isfinite(interval) or interval < 0:
            raise WmcurateError(f"${INTERVAL_ENV} must be a finite, non-negative number of "
                                f"seconds, not {raw!r}")
    try:
        client = S2Client(resolve_api_url(None, env), api_key=api_key_from(env),
                          min_interval=interval, reporter=reporter,
                          max_wait=DEFAULT_MAX_WAIT if max_wait is None else max_wait)
    except ValueError as exc:
        raise WmcurateError(f"cannot query Semantic Scholar: {exc} (${API_URL_ENV}, "
                            f"${INTERVAL_ENV})") from None
    return CachedS2Fetcher(client, cache, use_cache=use_cache)
