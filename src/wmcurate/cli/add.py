"""`wmcurate add`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wmcurate.cli.app import (
    State,
    app,
    config_of,
    console,
    rel,
    run,
    state_of,
)
from wmcurate.errors import WmcurateError

if TYPE_CHECKING:
    from rich.console import Console

    from wmcurate.add import AddResult
    from wmcurate.arxiv import Outcome
    from wmcurate.config import Config
    from wmcurate.ids import ArxivId
from wmcurate.cli.clients import DEFAULT_MAX_WAIT, make_client


class AddFormat(str, Enum):
    text = "text"
    json = "json"




@app.command("add")
def add_command(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(
        metavar="ID...", help="arXiv IDs in any form: 2303.11328, 2303.11328v2, "
        "arXiv:2303.11328, abs/pdf URLs, huggingface.co/papers/ID, alphaxiv.org/abs/ID, "
        "10.48550/arXiv.2303.11328, hep-th/9901001, also in brackets or quotes.",
        show_default=False)] = None,
    section: Annotated[str | None, typer.Option(
        "--section", "-s", metavar="SECTION",
        help="Section folder for new entries (required unless the config names a "
        "default_section); with --force, entries already in the list move there.")] = None,
    featured: Annotated[bool, typer.Option(
        "--featured", help="Show the entries in full in the README (with --force, also "
        "the entries already in the list).")] = False,
    from_file: Annotated[str | None, typer.Option(
        "--from-file", metavar="FILE|-", help="Read IDs from FILE (or stdin with -), one per "
        "line; '#' starts a comment.")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print the YAML that would be written; write nothing.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Refresh the facts of entries already in the list from arXiv, "
        "bypassing the cache (curated texts, comments and order are kept).")] = False,
    offline: Annotated[bool, typer.Option(
        "--offline", help="Use only the cache; name the IDs it lacks.")] = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Ask arXiv even for cached papers (the answers are still "
        "cached).")] = False,
    api_url: Annotated[str | None, typer.Option(
        "--api-url", metavar="URL", envvar="WMCURATE_ARXIV_API",
        help="arXiv API endpoint (default https://export.arxiv.org/api/query; also "
        "$WMCURATE_ARXIV_API).")] = None,
    max_wait: Annotated[float, typer.Option(
        "--max-wait", metavar="SECONDS", min=0, help="The most time to spend on arXiv's "
        "trouble: pauses before retries (backoff, Retry-After) and failed attempts. Past "
        "it, the remaining papers fail at once.")] = DEFAULT_MAX_WAIT,
    output_format: Annotated[AddFormat, typer.Option(
        "--format", help="text (a table) or json (one object per ID given, for "
        "scripts).")] = AddFormat.text,
) -> None:
    """Add papers from arXiv: fetch their metadata and write entry stubs.

    Each stub, entries/<section>/<id>.yaml, has every fact filled (title, authors,
    venue read from the journal reference or comments, date, links: code, project,
    video, model, dataset and demo pages found in the comments and abstract, the
    abstract) and the curated texts (one-liner, core innovation, key points,
    translations) left empty for you. A versioned ID adds the paper itself (its
    latest version). Papers are fetched in batches of up to 100, at least 3 s apart,
    and cached for 24 h (cache folder: $WMCURATE_CACHE_DIR, else the user cache dir).

    Limits: an answer larger than 32 MB once decoded is refused, every request
    (redirects included, at most 5) must finish within 60 s, odd answers (errors,
    HTML pages, cut-off feeds) are retried up to 4 times with growing pauses, and
    --max-wait bounds the time spent on all of that. -v prints every request.

    Exit 0 when every paper was added, 1 when any was not (already present, not
    found, invalid or failed), 2 on usage errors.

    Examples:

      wmcurate add 2303.11328 --section modality-spatial

      wmcurate add https://arxiv.org/abs/2308.04079v2 arXiv:2003.08934 -s spatial

      wmcurate add --from-file ids.txt -s temporal --dry-run

      cat ids.txt | wmcurate add --from-file - -s temporal
    """
    from wmcurate.add import exit_code as add_exit_code
    from wmcurate.add import plan_add, read_id_lines, resolve, write_results
    from wmcurate.entries import load_entries
    from wmcurate.vocabulary import register_added_venues

    state = state_of(ctx)
    as_json = output_format is AddFormat.json

    def body() -> int:
        config = config_of(state)
        given = list(ids or [])
        if from_file is not None:
            given += read_id_lines(_read_ids_file(from_file))
        if not given:
            raise WmcurateError("no arXiv ID given: pass IDs as arguments or use "
                                "--from-file FILE (- for stdin)")
        if offline and no_cache:
            raise WmcurateError("--offline reads only the cache and --no-cache ignores it: "
                                "use one of them")
        loaded = load_entries(config)
        err = console(stderr=True)
        for problem in loaded.problems:
            err.print(f"warning: {problem.render(config.root)} (not checked for duplicates)",
                      markup=False)
        plan = plan_add(config, loaded.entries, given, section, force, featured)
        outcomes = _fetch(plan.to_fetch, plan.refresh, api_url, offline, no_cache, max_wait,
                          state, err)
        resolve(plan, outcomes, config)
        if dry_run and not as_json:
            _print_dry_run(plan.results, config)
        elif not dry_run:
            write_results(plan, config)
        register_added_venues(plan.results, config, dry_run)
        if as_json:
            typer.echo(_add_json(plan.results, config, dry_run))
        else:
            _print_add_summary(plan.results, config, state, dry_run)
        return add_exit_code(plan.results)

    code = run(body)
    raise typer.Exit(code)


def _read_ids_file(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WmcurateError(f"{name}: no such file (--from-file)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WmcurateError(f"{name}: cannot be read ({exc})") from None


def _fetch(ids: list[ArxivId], refresh: set[str], api_url: str | None, offline: bool,
           no_cache: bool, max_wait: float, state: State, err: Console) -> dict[str, Outcome]:
    from wmcurate.cache import CachedFetcher, PaperCache, default_cache_dir
    from wmcurate.progress import FetchProgress

    if not ids:
        return {}
    cache = PaperCache(default_cache_dir())
    with FetchProgress(err, state.verbosity, total=len(ids)) as progress:
        client = None if offline else make_client(api_url, progress, max_wait)
        try:
            fetcher = CachedFetcher(client, cache, offline=offline, use_cache=not no_cache)
            outcomes = fetcher.fetch(ids, progress.advance, refresh=refresh)
        finally:
            if client is not None:
                client.close()
    for warning in fetcher.warnings:
        err.print(f"warning: {warning}", markup=False)
    if state.verbosity > 0:
        cached = sum(1 for o in outcomes.values() if o.cached)
        err.print(f"{cached} of {len(outcomes)} paper(s) from the cache ({cache.directory})",
                  markup=False)
    return outcomes


def _print_dry_run(results: Sequence[AddResult], config: Config) -> None:
    from wmcurate.entries import dump_yaml

    out = console()
    for result in results:
        if result.document is not None and result.path is not None:
            out.print(f"# {rel(result.path, config.root)} (dry run, not written)",
                      markup=False)
            out.print(dump_yaml(result.document), markup=False, end="")


def _add_json(results: Sequence[AddResult], config: Config, dry_run: bool) -> str:
    """The summary for scripts: one object per ID given, and the counts."""
    import json

    from wmcurate.add import STATUSES
    from wmcurate.entries import dump_yaml

    items = []
    for result in results:
        item: dict[str, Any] = {
            "input": result.given,
            "id": result.arxiv.base if result.arxiv else None,
            "outcome": result.status,
            "file": rel(result.path, config.root) if result.path else None,
            "detail": result.message,
        }
        if result.moved_from is not None:
            item["moved_from"] = rel(result.moved_from, config.root)
        if dry_run and result.document is not None:
            item["yaml"] = dump_yaml(result.document)
        items.append(item)
    counts = {s: sum(1 for r in results if r.status == s) for s in STATUSES}
    return json.dumps({"results": items, "counts": counts, "dry_run": dry_run},
                      ensure_ascii=False, indent=2)


def _print_add_summary(results: Sequence[AddResult], config: Config, state: State,
                       dry_run: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    from wmcurate.add import STATUS_TITLES, STATUSES
    from wmcurate.quoting import escape

    out = console()
    problems = [r for r in results if r.status not in ("added", "refreshed")]
    shown = results if state.verbosity >= 0 else problems
    if shown:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("ID")
        table.add_column("outcome")
        table.add_column("detail", overflow="fold")
        for result in shown:
            detail = rel(result.path, config.root) if result.path else ""
            if result.message:
                detail = f"{detail}: {result.message}" if detail else result.message
            title = STATUS_TITLES[result.status]
            if dry_run and result.status in ("added", "refreshed"):
                title = f"would be {title}"
            # Cells are text, not markup (`[/x]` is a user's input), escaped as messages are.
            table.add_row(Text(escape(str(result.arxiv or result.given))), Text(title),
                          Text(escape(detail)))
        out.print(table)
    counts = {s: sum(1 for r in results if r.status == s) for s in STATUSES}
    if state.verbosity >= 0:
        out.print(", ".join(f"{n} {STATUS_TITLES[s]}" for s, n in counts.items() if n)
                  + (" (dry run: nothing written)" if dry_run else ""), markup=False)


