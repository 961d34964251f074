"""`wmcurate refresh`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wmcurate.cli.app import State, app, config_of, console, run, state_of
from wmcurate.cli.clients import DEFAULT_MAX_WAIT, make_client
from wmcurate.errors import WmcurateError

if TYPE_CHECKING:
    from rich.console import Console

    from wmcurate.config import Config
    from wmcurate.ids import ArxivId


class RefreshFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command("refresh")
def refresh_command(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="[PATH]...", help="Entry files or folders to refresh (default: the whole "
        "list).", show_default=False)] = None,
    write: Annotated[bool, typer.Option(
        "--write", help="Apply the changes (without it, nothing is written: the report says "
        "what would change).")] = False,
    output_format: Annotated[RefreshFormat, typer.Option(
        "--format", help="text, json (a stable schema, for scripts) or markdown (a pull "
        "request's body).")] = RefreshFormat.text,
    offline: Annotated[bool, typer.Option(
        "--offline", help="Use only the caches of arXiv's and Semantic Scholar's answers; "
        "name the papers they lack.")] = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Ask both services even for cached papers (the answers are still "
        "cached).")] = False,
    max_wait: Annotated[float, typer.Option(
        "--max-wait", metavar="SECONDS", min=0, help="The most time to spend on each "
        "service's trouble: pauses before retries (backoff, Retry-After) and failed "
        "attempts.")] = DEFAULT_MAX_WAIT,
) -> None:
    """Keep entries current: published venues, new versions, titles, authors, withdrawn
    papers and citation counts.

    Asks arXiv about every entry with an arXiv ID (batches of 100, at least 3 s apart) for
    a newer version, a new title or author list, a withdrawal, and a venue its journal
    reference or comment now names; asks Semantic Scholar (batches of 500, 1 s apart with
    an API key in $WMCURATE_S2_API_KEY or $S2_API_KEY, 3 s without) where each paper still
    written 'arXiv <YEAR>' was published, and how often it is cited. Both answers are
    cached for 24 h ($WMCURATE_CACHE_DIR).

    A venue is taken only from a record of the same paper (matching title, a shared author
    surname), never from a preprint server or a workshop for its conference, and only in
    the list's own words (its venues: vocabulary, or wmcurate's catalogue of real venues);
    anything else is listed under 'needs a look', with why.

    Without --write nothing changes. With --write each change goes into its entry file
    (comments, order and curated texts kept) with its evidence under `source`.

    Exit 0 when nothing needs a change, 1 when something does (without --write) or could
    not be checked, 2 when it could not run.

    Examples:

      wmcurate refresh

      wmcurate refresh entries/spatial --format json

      wmcurate refresh --write --format markdown > refresh.md
    """
    from wmcurate.entries import utc_now
    from wmcurate.refresh import apply_report, assess, select_entries, venues_to_add

    state = state_of(ctx)

    def body() -> int:
        if offline and no_cache:
            raise WmcurateError("--offline reads only the cache and --no-cache ignores it: "
                                "use one of them")
        config = config_of(state)
        selection = select_entries(config, _targets(paths, config) if paths else None)
        err = console(stderr=True)
        arxiv = _fetch_arxiv(selection.ids, offline, no_cache, max_wait, state, err)
        s2 = _fetch_s2(selection.ids, offline, no_cache, max_wait, state, err)
        report = assess(config, selection, arxiv, s2, utc_now())
        if write:
            apply_report(report, config)
        venues = report.venues_added if write else venues_to_add(report, config)
        _print(report, config, venues)
        return report.exit_code()

    def _print(report: Any, config: Config, venues: list[str]) -> None:
        from wmcurate.refresh import as_json, as_markdown, as_text

        shape = {RefreshFormat.text: as_text, RefreshFormat.json: as_json,
                 RefreshFormat.markdown: as_markdown}[output_format]
        text = shape(report, config.root, venues)
        if output_format is RefreshFormat.text and state.verbosity < 0:
            text = text.rstrip("\n").rsplit("\n", 1)[-1] + "\n"  # -q: the summary alone
        typer.echo(text, nl=False)

    raise typer.Exit(run(body))


def _targets(paths: list[Path], config: Config) -> list[Path]:
    targets: list[Path] = []
    for path in paths:
        if path.is_dir():
            targets += sorted(p for p in path.rglob("*.yaml") if p.is_file())
        elif path.is_file():
            targets.append(path)
        else:
            raise WmcurateError(f"{path}: no such entry file or folder")
    if not targets:
        raise WmcurateError(f"no entry files in {', '.join(str(p) for p in paths)}")
    return [p.resolve() for p in targets]


def _fetch_arxiv(ids: list[ArxivId], offline: bool, no_cache: bool, max_wait: float,
                 state: State, err: Console) -> dict[str, Any]:
    from wmcurate.cache import CachedFetcher, PaperCache, default_cache_dir
    from wmcurate.progress import FetchProgress

    if not ids:
        return {}
    with FetchProgress(err, state.verbosity, total=len(ids)) as progress:
        client = None if offline else make_client(None, progress, max_wait)
        try:
            fetcher = CachedFetcher(client, PaperCache(default_cache_dir()), offline=offline,
                                    use_cache=not no_cache)
            outcomes = fetcher.fetch(ids, progress.advance)
        finally:
            if client is not None:
                client.close()
    for warning in fetcher.warnings:
        err.print(f"warning: {warning}", markup=False)
    return outcomes


def _fetch_s2(ids: list[ArxivId], offline: bool, no_cache: bool, max_wait: float,
              state: State, err: Console) -> dict[str, Any]:
    from wmcurate.progress import FetchProgress
    from wmcurate.s2 import SERVICE
    from wmcurate.s2cache import fetcher_from_env

    if not ids:
        return {}
    with FetchProgress(err, state.verbosity, total=len(ids), service=SERVICE) as progress:
        fetcher = fetcher_from_env(offline=offline, use_cache=not no_cache,
                                   reporter=progress, max_wait=max_wait)
        try:
            outcomes = fetcher.fetch(ids, progress.advance)
        finally:
            if fetcher.client is not None:
                fetcher.client.close()
    for warning in fetcher.warnings:
        err.print(f"warning: {warning}", markup=False)
    return outcomes
