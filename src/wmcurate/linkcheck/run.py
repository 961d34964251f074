"""`wmcurate links` as a library call: collect, consult the cache, check, report, write.

`check_links` composes the parts (targets, cache, checker, GitHub API, suggestions, the
writer) and returns a `LinkReport`; it prints nothing. Each distinct URL is asked once
however many places quote it; invalid ones are never sent; with `offline` nothing is.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from wmcurate.config import Config
from wmcurate.entries import LoadedList
from wmcurate.errors import WmcurateError
from wmcurate.linkcheck.cache import DEFAULT_FAILURE_TTL, DEFAULT_OK_TTL, LinkCache
from wmcurate.linkcheck.checker import LinkChecker
from wmcurate.linkcheck.fetch import DEFAULT_USER_AGENT, ConnectTo, Fetcher
from wmcurate.linkcheck.github import GITHUB_API, GITHUB_API_ENV, ApiUsage, GitHubRepos
from wmcurate.linkcheck.outcomes import Result
from wmcurate.linkcheck.report import LinkFinding, LinkReport, Suggestion
from wmcurate.linkcheck.repositories import Repository, repository_of
from wmcurate.linkcheck.targets import Place, Targets, collect
from wmcurate.linkcheck.urls import invalid_reason, key
from wmcurate.remote import Backoff, Reporter

__all__ = ["LinkOptions", "check_links", "connect_to_from_env", "github_from_env"]

_WORKING = frozenset({"ok", "redirected", "moved"})

CONNECT_TO_ENV = "WMCURATE_CONNECT_TO"


@dataclass(frozen=True)
class LinkOptions:
    readme: bool = False
    suggest: bool = False
    write: bool = False
    offline: bool = False
    use_cache: bool = True
    spacing: float = 1.0
    jobs: int = 32
    deadline: float = 30.0
    retries: int = 2
    ok_ttl: float = DEFAULT_OK_TTL
    failure_ttl: float = DEFAULT_FAILURE_TTL
    timeout: httpx.Timeout | None = None
    backoff: Backoff | None = None
    max_retry_after: float = 60.0
    user_agent: str = DEFAULT_USER_AGENT
    connect_to: ConnectTo | None = None
    github_token: str | None = None
    github_api: str = GITHUB_API


def check_links(config: Config, loaded: LoadedList, options: LinkOptions, *,
                cache: LinkCache | None = None, reporter: Reporter | None = None,
                on_result: Callable[[str, Result], None] | None = None,
                on_plan: Callable[[int], None] | None = None) -> LinkReport:
    """Check the links of `loaded` (and the READMEs' with `options.readme`).

    `reporter` hears every request, answer and pause; `on_plan(n)` how many URLs will be
    asked of servers, `on_result(url, result)` each one settled. Prints nothing.
    """
    if options.offline and not options.use_cache:
        raise WmcurateError("--offline reads only the cache and --no-cache ignores it: use "
                            "one of them")
    targets = collect(config, loaded, options.readme)
    cache = cache if cache is not None else LinkCache(ok_ttl=options.ok_ttl,
                                                      failure_ttl=options.failure_ttl)
    report = LinkReport()
    results, to_check = _settle_known(targets, options, cache, report)
    ask_github = bool(options.github_token) and not options.offline
    if on_plan is not None:
        on_plan(len(to_check))
    if to_check or (ask_github and _github_repositories(results)):
        def settled(url: str, result: Result) -> None:
            if result.status:  # a server answered: true whatever the network does next
                cache.put(result)
            if on_result is not None:
                on_result(url, result)

        try:
            checked, usage, offline = asyncio.run(_network(
                sorted(to_check), results, options, cache, reporter, settled))
        except BaseException:
            _save(cache, report)  # what servers answered is kept, even on Ctrl-C
            raise
        report.offline = offline
        report.github = usage
        results.update(checked)
        if not offline:
            for result in checked.values():
                cache.put(result)
    report.requests = sum(r.requests for r in results.values() if not r.cached)
    report.distinct = len(results)
    report.from_cache = sum(1 for r in results.values() if r.cached)
    if options.github_token is None:
        report.github_note = "archived repositories not checked: set $GITHUB_TOKEN"
    elif report.github is None and ask_github:
        report.github = ApiUsage()  # every answer was cached: GitHub was not asked
    _findings(targets, results, report)
    report.empty_code, report.without_code = targets.empty_code, targets.without_code
    report.empty_other = targets.empty_other
    if options.suggest:
        report.suggestions = suggestions(loaded, targets)
    _save(cache, report)
    if options.write:
        from wmcurate.linkcheck.write import apply_updates

        report.written = apply_updates(config, report.findings)
    return report


def _save(cache: LinkCache, report: LinkReport) -> None:
    try:
        cache.save()
    except OSError as exc:
        report.notes.append(f"could not save the link cache in {cache.directory}: "
                            f"{exc.strerror or exc}")


def _settle_known(targets: Targets, options: LinkOptions, cache: LinkCache,
                  report: LinkReport) -> tuple[dict[str, Result], set[str]]:
    """Results that need no request (invalid, cached, or unchecked when offline), and the
    keys left to ask."""
    results: dict[str, Result] = {}
    to_check: set[str] = set()
    for url in targets.places:
        reason = invalid_reason(url)
        if reason is not None:
            results[url] = Result(url, "invalid", reason)
            continue
        checked_as = key(url)
        if checked_as in results or checked_as in to_check:
            continue
        cached = cache.get(checked_as) if options.use_cache else None
        if cached is not None:
            results[checked_as] = cached
        elif options.offline:
            results[checked_as] = Result(checked_as, "unchecked", "not in the link cache: run "
                                         "without --offline to check it")
        else:
            to_check.add(checked_as)
    return results, to_check


def _github_repositories(results: Mapping[str, Result]) -> list[Repository]:
    """The GitHub repositories working links lead to (by the address they end at) whose
    archived state is not known yet, in a stable order."""
    found: dict[str, Repository] = {}
    for result in results.values():
        if result.kind not in _WORKING or result.archived is not None:
            continue
        repository = repository_of(result.final_url or result.url)
        if repository is not None and repository.forge == "github.com":
            found.setdefault(repository.path.casefold(), repository)
    return [found[name] for name in sorted(found)]


async def _network(urls: list[str], known: Mapping[str, Result], options: LinkOptions,
                   cache: LinkCache,
                   reporter: Reporter | None, on_result: Callable[[str, Result], None] | None
                   ) -> tuple[dict[str, Result], ApiUsage | None, bool]:
    fetcher = Fetcher(user_agent=options.user_agent, timeout=options.timeout,
                      deadline=options.deadline, spacing=options.spacing, jobs=options.jobs,
                      connect_to=options.connect_to, reporter=reporter)
    checker = LinkChecker(fetcher, retries=options.retries, backoff=options.backoff,
                          max_retry_after=options.max_retry_after, on_result=on_result)
    results = await checker.check_all(urls) if urls else {}
    usage: ApiUsage | None = None
    try:
        if options.github_token and not checker.offline:
            results, usage = await _archived(fetcher, options, cache, {**known, **results},
                                             results)
    finally:
        await fetcher.aclose()
    return results, usage, checker.offline


async def _archived(fetcher: Fetcher, options: LinkOptions, cache: LinkCache,
                    every: Mapping[str, Result], fresh: dict[str, Result]
                    ) -> tuple[dict[str, Result], ApiUsage]:
    """Mark the links to archived GitHub repositories; the API is asked only about
    repositories whose answer is not cached. Returns the results that changed or were new."""
    by_path: dict[str, bool | None] = {}
    wanted: list[Repository] = []
    for repository in _github_repositories(every):
        known = cache.archived(repository.path) if options.use_cache else None
        if known is None:
            wanted.append(repository)
        by_path[repository.path.casefold()] = known
    client = GitHubRepos(fetcher, options.github_token or "", options.github_api)
    if wanted:
        for asked, archived in (await client.archived(wanted)).items():
            by_path[asked.casefold()] = archived
            if archived is not None:
                cache.put_archived(asked, archived)
    marked = dict(fresh)
    for url, result in every.items():
        named = _repository(result)
        if named is not None and result.archived is None and by_path.get(named) is not None:
            marked[url] = replace(result, archived=by_path[named])
    return marked, client.usage


def _repository(result: Result) -> str | None:
    repository = repository_of(result.final_url or result.url)
    if repository is None or repository.forge != "github.com":
        return None
    return repository.path.casefold()


def _findings(targets: Targets, results: Mapping[str, Result], report: LinkReport) -> None:
    for url, places in targets.places.items():
        result = results.get(url) if url in results else results.get(key(url)) \
            if invalid_reason(url) is None else None
        if result is None:
            continue
        for place in places:
            report.findings.append(LinkFinding.of(place, url, result))
            if result.archived:
                report.findings.append(LinkFinding(
                    place, url, "archived", "the GitHub repository is archived (read-only, no "
                    "longer maintained): say so in the entry, or link a maintained fork",
                    result.status, result.final_url, None, result.cached))
    for link, holders in targets.local.items():
        for place, path in holders:
            report.findings.append(_local(place, link, path))


def _local(place: Place, link: str, path: Path | None) -> LinkFinding:
    if path is None:
        return LinkFinding(place, link, "dead", "points outside the list's folder: GitHub "
                           "cannot show it")
    if path.exists():
        return LinkFinding(place, link, "ok", "the file exists")
    return LinkFinding(place, link, "dead", "no such file in the list")


def suggestions(loaded: LoadedList, targets: Targets) -> list[Suggestion]:
    """Code links `wmcurate add`'s detector finds in the arXiv evidence of entries without one."""
    from wmcurate.enrich import find_links

    lacking = {place.entry: place for place in [*targets.without_code, *targets.empty_code]}
    found: list[Suggestion] = []
    for entry in loaded.entries:
        place = lacking.get(entry.key)
        if place is None:
            continue
        comment = (entry.source or {}).get("comment")
        if not isinstance(comment, str):
            continue
        for link in find_links(comment, None):
            if link.label == "code":
                found.append(Suggestion(place, link.url, link.evidence))
                break
    return found


def connect_to_from_env(environ: Mapping[str, str] = os.environ) -> ConnectTo | None:
    """$WMCURATE_CONNECT_TO (`name=address:port ...`): connect there for those host names,
    like curl's --connect-to (for mirrors and tests); other names resolve as usual."""
    raw = environ.get(CONNECT_TO_ENV, "").strip()
    if not raw:
        return None
    table: dict[str, tuple[str, int]] = {}
    for item in raw.replace(",", " ").split():
        name, _, target = item.partition("=")
        address, _, port = target.rpartition(":")
        if not name or not address or not port.isdigit():
            raise WmcurateError(f"${CONNECT_TO_ENV}: {item!r} is not name=address:port")
        table[name.lower()] = (address, int(port))

    def connect_to(host: str, port: int) -> tuple[str, int]:
        return table.get(host.lower(), (host, port))

    return connect_to


def github_from_env(environ: Mapping[str, str] = os.environ) -> tuple[str | None, str]:
    """$GITHUB_TOKEN (None when unset or empty) and the API base ($WMCURATE_GITHUB_API)."""
    token = environ.get("GITHUB_TOKEN", "").strip() or None
    return token, environ.get(GITHUB_API_ENV, "").strip() or GITHUB_API
