"""GitHub's REST API: whether a linked repository is archived (with `$GITHUB_TOKEN` only).

One request per repository (`GET /repos/{owner}/{repo}`), one at a time as GitHub asks of
API clients, through the same polite fetcher as the links. The rate limit is read from
every answer (`x-ratelimit-*`) and kept: the client stops while `reserve` requests are still
left, and the report states what was used and what is left. A refused token, a rate limit
reached or an API that cannot be reached stops the archive check only, with a note; it never
turns into a finding about a link. Without a token nothing here runs: GitHub's
unauthenticated limit (60 requests an hour) would not go far, and hitting it must never
look like a dead link.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx

from wmcurate.linkcheck.fetch import Answer, Fetcher, FetchFailure
from wmcurate.linkcheck.repositories import Repository

__all__ = ["GITHUB_API", "GITHUB_API_ENV", "ApiUsage", "GitHubRepos"]

GITHUB_API = "https://api.github.com"
#: Points the API elsewhere (GitHub Enterprise, or a test server).
GITHUB_API_ENV = "WMCURATE_GITHUB_API"
_ARCHIVED = re.compile(rb'"archived"\s*:\s*(true|false)')


@dataclass
class ApiUsage:
    """What the archive check cost, and what GitHub still allows (None: not told)."""

    requests: int = 0
    remaining: int | None = None
    limit: int | None = None
    reset: dt.datetime | None = None
    #: Why the check stopped before the end ("" when it did not).
    stopped: str = ""
    unchecked: int = 0

    def describe(self) -> str:
        text = f"GitHub API: {self.requests} request{'s' if self.requests != 1 else ''}"
        if self.remaining is not None and self.limit is not None:
            text += f", {self.remaining:,} of {self.limit:,} left"
            if self.reset is not None:
                text += f" until {self.reset:%H:%M} UTC"
        if self.stopped and self.unchecked:
            text += f"; {self.unchecked} repositor{'y' if self.unchecked == 1 else 'ies'} not " \
                    f"checked for archiving: {self.stopped}"
        elif self.stopped:
            text += f"; stopped: {self.stopped}"
        return text


class GitHubRepos:
    def __init__(self, fetcher: Fetcher, token: str, api: str = GITHUB_API,
                 reserve: int = 10) -> None:
        self.fetcher = fetcher
        self.api = api.rstrip("/")
        self.reserve = reserve
        self.usage = ApiUsage()
        self._headers = {"Authorization": f"Bearer {token}",
                         "Accept": "application/vnd.github+json",
                         "X-GitHub-Api-Version": "2022-11-28"}

    async def archived(self, repositories: Sequence[Repository]) -> dict[str, bool | None]:
        """Whether each repository (by `path`) is archived; None where GitHub did not say."""
        found: dict[str, bool | None] = {}
        for index, repository in enumerate(repositories):
            if self.usage.stopped:
                self.usage.unchecked += len(repositories) - index
                break
            value = found[repository.path] = await self._one(repository)
            if value is None and self.usage.stopped:
                self.usage.unchecked += 1  # this one's answer was the refusal
        for repository in repositories:
            found.setdefault(repository.path, None)
        return found

    async def _one(self, repository: Repository) -> bool | None:
        owner, name = repository.owner_and_name
        url = f"{self.api}/repos/{owner}/{name}"
        api_host = httpx.URL(self.api).host
        for _ in range(3):  # a renamed repository answers 301 to /repositories/<id>
            try:
                answer = await self.fetcher.exchange("GET", url, what=f"GitHub API {owner}/"
                                                     f"{name}", headers=self._headers)
            except FetchFailure as failure:
                self._stop(f"the API could not be reached ({failure.detail})")
                return None
            self.usage.requests += 1
            if answer.location is None:
                archived = self._read(answer)
                self._note_limits(answer.headers)
                return archived
            self._note_limits(answer.headers)
            if httpx.URL(answer.location).host != api_host:
                return None  # the token goes to the API's host only
            url = answer.location
        return None

    def _read(self, answer: Answer) -> bool | None:
        status = answer.status
        if status == 200:
            try:
                document = json.loads(answer.body)
                archived = document.get("archived") if isinstance(document, dict) else None
            except ValueError:  # cut at the first bytes read: the flag is near the top
                match = _ARCHIVED.search(answer.body)
                archived = match is not None and match.group(1) == b"true" if match else None
            return archived if isinstance(archived, bool) else None
        if status == 401:
            self._stop("GitHub refused the token in $GITHUB_TOKEN (HTTP 401)")
        elif status in (403, 429) and (_int(answer.headers.get("x-ratelimit-remaining")) == 0
                                       or status == 429 or b"rate limit" in answer.body.lower()):
            self._stop(f"the API rate limit was reached (HTTP {status})")
        return None  # 404: private or gone, which the link's own check reports

    def _note_limits(self, headers: Mapping[str, str]) -> None:
        remaining, limit = _int(headers.get("x-ratelimit-remaining")), \
            _int(headers.get("x-ratelimit-limit"))
        reset = _int(headers.get("x-ratelimit-reset"))
        if remaining is not None:
            self.usage.remaining = remaining
        if limit is not None:
            self.usage.limit = limit
        if reset is not None:
            try:
                self.usage.reset = dt.datetime.fromtimestamp(reset, dt.timezone.utc)
            except (OverflowError, OSError, ValueError):
                pass
        if remaining is not None and remaining <= self.reserve and not self.usage.stopped:
            self._stop(f"only {remaining} API requests were left (the check keeps "
                       f"{self.reserve} for others)")

    def _stop(self, why: str) -> None:
        if not self.usage.stopped:
            self.usage.stopped = why


def _int(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value is not None else None
    except ValueError:
        return None
