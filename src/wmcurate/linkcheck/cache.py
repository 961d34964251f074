"""What links answered lately, on disk: a weekly job re-checks only what expired.

One JSON file (`links.json` under the user cache dir's `links/`, or `$WMCURATE_CACHE_DIR`'s)
holds a result per URL and GitHub's word on archived repositories. A result lives
`ok_ttl` seconds when the link worked (7 days by default) and `failure_ttl` when it did not
(1 day): a failure is worth asking about again sooner. The cache is an optimisation only:
a corrupt, unreadable or future-dated record is a miss, never an error, and saving merges
with what another run saved meanwhile (the newer record of a URL wins).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wmcurate.cache import CACHE_DIR_ENV, write_text_atomic
from wmcurate.linkcheck.outcomes import Result

__all__ = ["DAY", "DEFAULT_FAILURE_TTL", "DEFAULT_OK_TTL", "LinkCache", "default_links_dir"]

DAY = 24 * 60 * 60.0
DEFAULT_OK_TTL = 7 * DAY
DEFAULT_FAILURE_TTL = 1 * DAY
_FORMAT = 1
_FILE = "links.json"
# Tens of thousands of links take a few MB; a file far past that is not ours to read.
_MAX_BYTES = 256 * 1024 * 1024
_WORKED = frozenset({"ok", "redirected", "moved"})
#: What is never cached: nothing was asked of a server.
_NOT_CACHED = frozenset({"invalid", "unchecked"})


def default_links_dir(environ: dict[str, str] | None = None) -> Path:
    """`$WMCURATE_CACHE_DIR/links` when set, else the platform's user cache dir + `/links`."""
    import platformdirs

    env = os.environ if environ is None else environ
    root = env.get(CACHE_DIR_ENV) or platformdirs.user_cache_dir("wmcurate")
    return Path(root) / "links"


class LinkCache:
    def __init__(self, directory: Path | None = None, *, ok_ttl: float = DEFAULT_OK_TTL,
                 failure_ttl: float = DEFAULT_FAILURE_TTL,
                 clock: Callable[[], float] = time.time) -> None:
        if ok_ttl < 0 or failure_ttl < 0:
            raise ValueError("a lifetime cannot be negative")
        self.directory = directory if directory is not None else default_links_dir()
        self.ok_ttl = ok_ttl
        self.failure_ttl = failure_ttl
        self._clock = clock
        self._records: dict[str, dict[str, Any]] | None = None
        self._repos: dict[str, dict[str, Any]] = {}
        self._changed: set[str] = set()
        self._changed_repos: set[str] = set()

    @property
    def path(self) -> Path:
        return self.directory / _FILE

    def get(self, url: str) -> Result | None:
        """The fresh result for `url` (marked `cached`), else None."""
        record = self._load().get(url)
        if record is None:
            return None
        try:
            result = Result.from_dict(record)
        except (KeyError, TypeError, ValueError):
            return None
        return result if self._fresh(result.checked_at, result.kind in _WORKED) else None

    def put(self, result: Result) -> None:
        if result.kind in _NOT_CACHED:
            return
        self._load()[result.url] = result.to_dict()
        self._changed.add(result.url)

    def archived(self, repository: str) -> bool | None:
        """GitHub's fresh word on whether `owner/name` is archived, else None."""
        self._load()
        record = self._repos.get(repository.casefold())
        if not isinstance(record, dict):
            return None
        archived, checked = record.get("archived"), record.get("checked_at")
        if not isinstance(archived, bool) or not isinstance(checked, (int, float)):
            return None
        return archived if self._fresh(float(checked), True) else None

    def put_archived(self, repository: str, archived: bool) -> None:
        self._load()
        name = repository.casefold()
        self._repos[name] = {"archived": archived, "checked_at": self._clock()}
        self._changed_repos.add(name)

    def save(self) -> None:
        """Write what changed, merged with the file as it is now; raises OSError."""
        if not self._changed and not self._changed_repos:
            return
        records, repos = self._read()
        mine = self._load()
        for url in self._changed:
            if _newer(mine[url], records.get(url)):
                records[url] = mine[url]
        for name in self._changed_repos:
            if _newer(self._repos[name], repos.get(name)):
                repos[name] = self._repos[name]
        horizon = self._clock() - max(self.ok_ttl, self.failure_ttl, DEFAULT_OK_TTL)
        records = {url: r for url, r in records.items() if _checked(r) >= horizon}
        repos = {name: r for name, r in repos.items() if _checked(r) >= horizon}
        text = json.dumps({"format": _FORMAT, "links": records, "github": repos},
                          ensure_ascii=False, separators=(",", ":"))
        write_text_atomic(self.path, text)
        self._changed.clear()
        self._changed_repos.clear()

    def _fresh(self, checked_at: float, worked: bool) -> bool:
        age = self._clock() - checked_at
        # A record from the future means a clock moved; trusting it could pin a stale answer.
        return 0 <= age < (self.ok_ttl if worked else self.failure_ttl)

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._records is None:
            self._records, self._repos = self._read()
        return self._records

    def _read(self) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        try:
            if self.path.stat().st_size > _MAX_BYTES:
                return {}, {}
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return {}, {}
        if not isinstance(document, dict) or document.get("format") != _FORMAT:
            return {}, {}
        links, repos = document.get("links"), document.get("github")
        return ({k: v for k, v in links.items() if isinstance(v, dict)}
                if isinstance(links, dict) else {},
                {k: v for k, v in repos.items() if isinstance(v, dict)}
                if isinstance(repos, dict) else {})


def _checked(record: dict[str, Any]) -> float:
    value = record.get("checked_at")
    return float(value) if isinstance(value, (int, float)) else 0.0


def _newer(mine: dict[str, Any], theirs: dict[str, Any] | None) -> bool:
    return theirs is None or _checked(mine) >= _checked(theirs)
