"""A per-paper cache of arXiv metadata on disk, and a fetcher that consults it first.

arXiv updates its metadata once a day, so a second run over the same IDs within the TTL
makes no request. The cache is an optimisation only: a corrupt or unreadable file is a miss,
never an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import platformdirs

from wmcurate.arxiv import ArxivClient, Outcome
from wmcurate.errors import WmcurateError
from wmcurate.feed import Paper
from wmcurate.ids import ArxivId

__all__ = [
    "CACHE_DIR_ENV",
    "DEFAULT_TTL",
    "CacheFirst",
    "CachedFetcher",
    "PaperCache",
    "cache_root",
    "default_cache_dir",
    "read_record",
    "record_text",
    "store_or_say",
    "write_text_atomic",
]

CACHE_DIR_ENV = "WMCURATE_CACHE_DIR"
DEFAULT_TTL = 24 * 60 * 60.0
_FORMAT = 1
# Far above any real paper's record (a few KB; a 3,000-author paper a few hundred KB).
_MAX_RECORD_BYTES = 4 * 1024 * 1024
# A canonical base ID as `ids` produces it; anything else could name a path outside the cache.
_BASE = re.compile(r"[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?/[0-9]{7}")


def default_cache_dir(environ: dict[str, str] | None = None) -> Path:
    """`$WMCURATE_CACHE_DIR/arxiv` when set, else the platform's user cache dir + `/arxiv`."""
    return cache_root(environ) / "arxiv"


def cache_root(environ: Mapping[str, str] | None = None) -> Path:
    """`$WMCURATE_CACHE_DIR` when set, else the platform's user cache dir: the folder that
    holds one cache folder per remote service."""
    env = os.environ if environ is None else environ
    return Path(env.get(CACHE_DIR_ENV) or platformdirs.user_cache_dir("wmcurate"))


def write_text_atomic(path: Path, text: str) -> None:
    """Write a cache record so that readers see the old file or the new one, never half of
    one, even with several wmcurate runs writing the same record at once: the rename is
    atomic. Raises OSError when the folder cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_record(path: Path, *, ttl: float, now: float) -> tuple[dict[str, Any], datetime] | None:
    """The cache record at `path` and when its answer was fetched; None when there is none
    worth trusting: missing, unreadable, oversized, of another format, stale, or dated in the
    future (a clock moved; trusting it could pin stale data)."""
    try:
        if path.stat().st_size > _MAX_RECORD_BYTES:
            return None  # no real paper's record is anywhere near; not worth reading
        record = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("format") != _FORMAT:
            return None
        fetched = datetime.fromisoformat(record["fetched_at"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=timezone.utc)
    if not 0 <= now - fetched.timestamp() < ttl:
        return None
    return record, fetched.astimezone(timezone.utc)


def record_text(now: float, **fields: Any) -> str:
    """A cache record, fetched at `now`, holding `fields`."""
    record = {"format": _FORMAT,
              "fetched_at": datetime.fromtimestamp(now, timezone.utc).isoformat(), **fields}
    return json.dumps(record, ensure_ascii=False)


class PaperCache:
    """One JSON file per paper (`<key>.json`), holding the paper and when it was fetched.

    A record remembers whether it answered an unversioned request (`latest`): only such a
    record may answer an unversioned request again, since an explicitly requested old version
    says nothing about which version is the latest.
    """

    def __init__(
        self,
        directory: Path | None = None,
        *,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = directory if directory is not None else default_cache_dir()
        self.ttl = ttl
        self._clock = clock

    def path_for(self, base: str) -> Path:
        if not _BASE.fullmatch(base):
            raise ValueError(f"not a canonical arXiv base ID: {base!r}")
        return self.directory / f"{ArxivId(base).key}.json"

    def get(self, base: str, version: int | None = None) -> Paper | None:
        """The fresh cached paper for `base` (that exact version if given), else None."""
        found = self.lookup(base, version)
        return found[0] if found is not None else None

    def lookup(self, base: str, version: int | None = None) -> tuple[Paper, datetime] | None:
        """Like `get`, with when the paper was fetched from arXiv."""
        record = self._read(base)
        if record is None:
            return None
        paper, latest, fetched = record
        if version is None:
            return (paper, fetched) if latest else None
        return (paper, fetched) if paper.id.version == version else None

    def put(self, paper: Paper, *, latest: bool = True) -> None:
        """Store `paper`; `latest=False` when it answered a request for a given version.

        Such a record never replaces a fresh `latest` one, which is worth more.
        Raises OSError when the directory cannot be written.
        """
        if not latest:
            existing = self._read(paper.id.base)
            if existing is not None and existing[1]:
                return
        text = record_text(self._clock(), latest=latest, paper=paper.to_dict())
        self._write_atomic(self.path_for(paper.id.base), text)

    def _read(self, base: str) -> tuple[Paper, bool, datetime] | None:
        found = read_record(self.path_for(base), ttl=self.ttl, now=self._clock())
        if found is None:
            return None
        record, fetched = found
        try:
            paper = Paper.from_dict(record["paper"])
            latest = record["latest"]
        except (ValueError, KeyError, TypeError, RecursionError):
            return None
        if paper.id.base != base or not isinstance(latest, bool):
            return None
        return paper, latest, fetched

    def _write_atomic(self, path: Path, text: str) -> None:
        write_text_atomic(path, text)


OutcomeT = TypeVar("OutcomeT")


class _Cache(Protocol):
    @property
    def directory(self) -> Path: ...


CacheT = TypeVar("CacheT", bound=_Cache)


class _Fetches(Protocol[OutcomeT]):
    def fetch(self, ids: Iterable[ArxivId],
              progress: Callable[[int], None] | None = None) -> dict[str, OutcomeT]: ...


class CacheFirst(Generic[OutcomeT, CacheT]):
    """Cache first, then the service; the same `fetch` contract as the service's client.

    `offline=True` never asks: papers missing from the cache fail with a message saying so.
    `use_cache=False` ignores what is cached but still stores the answers. Problems writing
    the cache are collected in `warnings`, never raised. A service's fetcher says what a
    cached answer is (`_cached`), what a paper missing offline is (`_not_cached`) and what of
    an answer is kept (`_store`).
    """

    def __init__(self, client: _Fetches[OutcomeT] | None, cache: CacheT, *,
                 offline: bool = False, use_cache: bool = True) -> None:
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

    def _cached(self, arxiv_id: ArxivId) -> OutcomeT | None:
        raise NotImplementedError

    def _not_cached(self, arxiv_id: ArxivId) -> OutcomeT:
        raise NotImplementedError

    def _store(self, arxiv_id: ArxivId, outcome: OutcomeT) -> None:
        """Keep what the answer says, through `store_or_say`."""
        raise NotImplementedError

    def fetch(self, ids: Iterable[ArxivId], progress: Callable[[int], None] | None = None,
              refresh: Collection[str] = ()) -> dict[str, OutcomeT]:
        """Outcomes by base ID, in the order given; the bases in `refresh` are asked of the
        service even when cached (unless offline, when the cache is all there is)."""
        requested: dict[str, ArxivId] = {}
        for arxiv_id in ids:
            requested.setdefault(arxiv_id.base, arxiv_id)
        outcomes: dict[str, OutcomeT] = {}
        to_fetch: list[ArxivId] = []
        for arxiv_id in requested.values():
            consult = self.use_cache and (self.offline or arxiv_id.base not in refresh)
            cached = self._cached(arxiv_id) if consult else None
            if cached is not None:
                outcomes[arxiv_id.base] = cached
            elif self.offline:
                outcomes[arxiv_id.base] = self._not_cached(arxiv_id)
            else:
                to_fetch.append(arxiv_id)
        settled_here = len(requested) - len(to_fetch)
        if progress is not None and settled_here:
            progress(settled_here)
        if to_fetch and self.client is not None:
            fetched = self.client.fetch(to_fetch, progress)
            for arxiv_id in to_fetch:
                outcome = outcomes[arxiv_id.base] = fetched[arxiv_id.base]
                try:
                    self._store(arxiv_id, outcome)
                except _StoreFailed as failed:
                    self.warnings.append(f"could not cache {failed.what} in "
                                         f"{self.cache.directory}: {failed.reason}")
        return {base: outcomes[base] for base in requested}


class _StoreFailed(Exception):
    def __init__(self, what: str, exc: OSError) -> None:
        super().__init__(what)
        self.what = what
        self.reason = exc.strerror or str(exc)


def store_or_say(what: str, put: Callable[[], None]) -> None:
    """Run `put`; a failure to write becomes a warning naming `what` (see `CacheFirst`)."""
    try:
        put()
    except OSError as exc:
        raise _StoreFailed(what, exc) from None


class CachedFetcher(CacheFirst[Outcome, PaperCache]):
    """Cache first, then arXiv; the same `fetch` contract as `ArxivClient.fetch`."""

    client: ArxivClient | None

    def __init__(self, client: ArxivClient | None, cache: PaperCache, *,
                 offline: bool = False, use_cache: bool = True) -> None:
        super().__init__(client, cache, offline=offline, use_cache=use_cache)

    def _cached(self, arxiv_id: ArxivId) -> Outcome | None:
        found = self.cache.lookup(arxiv_id.base, arxiv_id.version)
        return None if found is None else Outcome("found", found[0], cached=True,
                                                  fetched=found[1])

    def _not_cached(self, arxiv_id: ArxivId) -> Outcome:
        return Outcome("failed", message=f"{arxiv_id} is not in the cache; drop --offline to "
                       "fetch it from arXiv")

    def _store(self, arxiv_id: ArxivId, outcome: Outcome) -> None:
        paper = outcome.paper
        if paper is not None:
            store_or_say(str(paper.id),
                         lambda: self.cache.put(paper, latest=arxiv_id.version is None))
