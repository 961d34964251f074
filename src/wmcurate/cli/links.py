"""`wmcurate links`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wmcurate.cli.app import State, app, config_of, console, run, state_of
from wmcurate.errors import EntryError, WmcurateError

if TYPE_CHECKING:
    from wmcurate.config import Config
    from wmcurate.entries import LoadedList
    from wmcurate.linkcheck.report import LinkReport


class LinksFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command("links")
def links_command(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="[PATH]...", help="Entry files or folders to check (default: the whole list).",
        show_default=False)] = None,
    output_format: Annotated[LinksFormat, typer.Option(
        "--format", help="text (grouped by file), json (stable schema) or github "
        "(annotations on the entries' lines).")] = LinksFormat.text,
    write: Annotated[bool, typer.Option(
        "--write", help="Put the new address of permanently redirected links and moved "
        "repositories in the entries (comments and quoting survive).")] = False,
    readme: Annotated[bool, typer.Option(
        "--readme", help="Also check the links in the READMEs' hand-written parts (outside "
        "the generated blocks and code); relative links are looked up on disk.")] = False,
    suggest: Annotated[bool, typer.Option(
        "--suggest", help="List code links found in the arXiv comment of papers that have "
        "none.")] = False,
    offline: Annotated[bool, typer.Option(
        "--offline", help="Use only the cache; report the links it lacks as "
        "unchecked.")] = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Check every link again (the answers are still cached).")] = False,
    spacing: Annotated[float, typer.Option(
        "--spacing", metavar="SECONDS", min=0, help="Time between the starts of two requests "
        "to one host.")] = 1.0,
    jobs: Annotated[int, typer.Option(
        "--jobs", metavar="N", min=1, max=256, help="Requests in flight over all hosts "
        "(each host gets at most 2).")] = 32,
    timeout: Annotated[float, typer.Option(
        "--timeout", metavar="SECONDS", min=1, help="The most one request may take, redirects "
        "apart (connect, answer and first bytes).")] = 30.0,
) -> None:
    """Check every link of the entries: ok, redirected, moved, dead, blocked, transient, invalid.

    Each distinct URL is asked once (HEAD, then GET reading only the first bytes when HEAD
    is refused), at most 2 connections and --spacing seconds apart per host, many hosts in
    parallel. Answers are cached (7 days for links that work, 1 day for the others;
    $WMCURATE_CACHE_DIR moves the cache). Only dead links (404, 410, a host name that does
    not resolve) and invalid ones fail the run (exit 1); bot protection, rate limits (401,
    403, 429) and server trouble are warnings, never dead. With $GITHUB_TOKEN, archived
    GitHub repositories are reported too.

    Examples:

      wmcurate links

      wmcurate links --format github        # weekly, in GitHub Actions

      wmcurate links entries/spatial --no-cache

      wmcurate links --write                # follow permanent redirects and moves

      wmcurate links --readme --suggest
    """
    state = state_of(ctx)

    def body() -> int:
        from wmcurate.linkcheck.progress import LinkProgress
        from wmcurate.linkcheck.run import (
            LinkOptions,
            check_links,
            connect_to_from_env,
            github_from_env,
        )

        config = config_of(state)
        loaded = _load(config, paths)
        token, api = github_from_env()
        options = LinkOptions(readme=readme, suggest=suggest, write=write, offline=offline,
                              use_cache=not no_cache, spacing=spacing, jobs=jobs,
                              deadline=timeout, connect_to=connect_to_from_env(),
                              github_token=token, github_api=api)
        with LinkProgress(console(stderr=True), state.verbosity) as show:
            report = check_links(config, loaded, options, reporter=show,
                                 on_result=show.settled, on_plan=show.plan)
        _print(report, output_format, state)
        if report.offline:
            raise WmcurateError("no host answered any request: this machine seems to be "
                                "offline, so no link was judged dead and nothing was cached")
        return 1 if report.failed else 0

    raise typer.Exit(run(body))


def _load(config: Config, paths: list[Path] | None) -> LoadedList:
    from wmcurate.entries import load_entries

    targets: list[Path] | None = None
    if paths:
        targets = []
        for path in paths:
            if path.is_dir():
                targets += sorted(p for p in path.rglob("*.yaml") if p.is_file())
            elif path.is_file():
                targets.append(path)
            else:
                raise WmcurateError(f"{path}: no such file or folder")
    loaded = load_entries(config, targets, positions=True)
    if loaded.problems:
        first, *rest = [p.render(config.root) for p in loaded.problems]
        location, _, problem = first.partition(": ")
        raise EntryError(location, problem + "".join(f"\n{line}" for line in rest)
                         + "\nno link was checked: fix the entries (`wmcurate lint` shows "
                         "them), then run the command again")
    return loaded


def _print(report: LinkReport, output_format: LinksFormat, state: State) -> None:
    from wmcurate.linkcheck import report as formats

    if output_format is LinksFormat.json:
        typer.echo(formats.to_json(report))
    elif output_format is LinksFormat.github:
        for line in formats.github(report):
            typer.echo(line)
    else:
        out = console()
        for line in formats.text(report, verbose=state.verbosity > 0):
            out.print(line, markup=False, emoji=False, highlight=False)
