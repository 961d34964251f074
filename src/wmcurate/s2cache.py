"""Semantic Scholar's answers cached on disk, and a fetcher that consults the cache first.

The same rules as the arXiv cache (`wmcurate.cache`): one JSON file per paper under
`$WMCURATE_CACHE_DIR/s2` (else the user cache dir), fresh for a day, written atomically; a
corrupt, unreadable, oversized or future-dated file is a miss, never an error. An answer of
`null` (Semantic Scholar knows no such paper) is cached too: within the day, a second run
over the same papers sends no request at all.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path

from wmcurate.cache import DEFAULT_TTL, cache_root, write_text_atomic
from wmcurate.errors import InvalidArxivId, WmcurateError
from wmcurate.ids import ArxivId, parse_arxiv_id
from wmcurate.remote import DEFAULT_MAX_WAIT, Reporter
from wmcurate.s2 import API_URL_ENV, S2Client, S2Outcome, api_key_from, resolve_api_url
from wmcurate.s2feed import S2Paper, paper_from_cache

__all__ = ["INTERVAL_ENV", "CachedS2Fetcher", "S2Cache", "default_s2_cache_dir", "fetcher_from_env"]

_FORMAT = 1
_MAX_RECORD_BYTES = 4 * 1024 * 1024
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
        path = self.path_for(base)
        try:
            if path.stat().st_size > _MAX_RECORD_BYTES:
                return None
            record = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(record, dict) or record.get("format") != _FORMAT:
                return None
            fetched = datetime.fromisoformat(record["fetched_at"])
            if fetched.tzinfo is None:
                fetched = fetched.replace(tzinfo=timezone.utc)
            raw = record["paper"]
            paper = None if raw is None else paper_from_cache(raw)
            if record["base"] != base:
                return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None
        age = self._clock() - fetched.timestamp()
        if not 0 <= age < self.ttl:
            return None
        return paper, fetched.astimezone(timezone.utc)

    def put(self, base: str, paper: S2Paper | None) -> None:
        """Store Semantic Scholar's answer for `base`. Raises OSError when the folder
        cannot be written."""
        record = {
            "format": _FORMAT,
            "base": base,
            "fetched_at": datetime.fromtimestamp(self._clock(), timezone.utc).isoformat(),
            "paper": None if paper is None else paper.to_dict(),
        }
        write_text_atomic(self.path_for(base), json.dumps(record, ensure_ascii=False))


class CachedS2Fetcher:
    """Cache first, then Semantic Scholar; the same `fetch` contract as `S2Client.fetch`.

    `offline=True` never asks: papers missing from the cache fail with a message saying so.
    `use_cache=False` ignores what is cached but still stores the answers. Problems writing
    the cache are collected in `warnings`, never raised.
    """

    def __init__(self, client: S2Client | None, cache: S2Cache, *, offline: bool = False,
                 use_cache: bool = True) -> None:
        if client is None and not offline:
            raise ValueError("a client is needed unless offline=True")
        if offline and not use_cache:
            raise WmcurateError(
                "--offline reads only the cache and --no-cache ignores it: use one of them."
            )
        self.client = client
        self.cache = cache
        self.offline = offline
        self.use_cache = use_cache
        self.warnings: list[str] = []

    def fetch(self, ids: Iterable[ArxivId],
              progress: Callable[[int], None] | None = None) -> dict[str, S2Outcome]:
        requested: dict[str, ArxivId] = {}
        for arxiv_id in ids:
            requested.setdefault(arxiv_id.base, arxiv_id)
        outcomes: dict[str, S2Outcome] = {}
        to_fetch: list[ArxivId] = []
        for arxiv_id in requested.values():
            found = self.cache.lookup(arxiv_id.base) if self.use_cache else None
            if found is not None:
                paper, fetched = found
                outcomes[arxiv_id.base] = S2Outcome(
                    "found" if paper is not None else "unknown", paper,
                    "" if paper is not None else f"Semantic Scholar knows no paper "
                    f"ARXIV:{arxiv_id.base}", cached=True, fetched=fetched)
            elif self.offline:
                outcomes[arxiv_id.base] = S2Outcome(
                    "failed", message="not in the Semantic Scholar cache; drop --offline to "
                    "ask Semantic Scholar")
            else:
                to_fetch.append(arxiv_id)
        settled_here = len(requested) - len(to_fetch)
        if progress is not None and settled_here:
            progress(settled_here)
        if to_fetch and self.client is not None:
            fetched_now = self.client.fetch(to_fetch, progress)
            for arxiv_id in to_fetch:
                outcome = fetched_now[arxiv_id.base]
                outcomes[arxiv_id.base] = outcome
                if outcome.status in ("found", "unknown"):
                    self._store(arxiv_id.base, outcome.paper)
        return {base: outcomes[base] for base in requested}

    def _store(self, base: str, paper: S2Paper | None) -> None:
        try:
            self.cache.put(base, paper)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.warnings.append(f"could not cache Semantic Scholar's answer for {base} in "
                                 f"{self.cache.directory}: {reason}")


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
