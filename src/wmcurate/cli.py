"""The `wmcurate` command: parses arguments, calls one library function, prints, exits.

Every expected failure is a `WmcurateError`; it is caught once, in `_run`, and
shown as `Error: <message>` with the error's exit code (DESIGN.md §5).
"""

from __future__ import annotations

import gc
import math
import os
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

from wmcurate import __version__
from wmcurate.config import Config, find_root, load_config
from wmcurate.entries import load_entries
from wmcurate.errors import EntryError, WmcurateError

if TYPE_CHECKING:
    from wmcurate.add import AddResult
    from wmcurate.arxiv import ArxivClient, Outcome
    from wmcurate.ids import ArxivId
    from wmcurate.lint import Finding
    from wmcurate.remote import Reporter

T = TypeVar("T")

app = typer.Typer(
    name="wmcurate",
    help=(
        "Keep a research-paper list as data.\n\n"
        "Entries live in entries/<section>/<key>.yaml; the config is wmcurate.yaml. "
        "`import` migrates a hand-written markdown list, `render` regenerates the READMEs "
        "and the per-section pages from the entries."
    ),
    invoke_without_command=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@dataclass
class State:
    root: Path | None = None
    verbosity: int = 0


def _console(stderr: bool = False) -> Console:
    # rich already turns colour off when NO_COLOR is set or the stream is no TTY.
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wmcurate {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    root: Annotated[Path | None, typer.Option(
        "--root", metavar="DIR", help="The list's folder (default: the nearest folder upward "
        "holding wmcurate.yaml).", file_okay=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print more detail.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    ctx.obj = State(root=root, verbosity=-1 if quiet else (1 if verbose else 0))
    _SHOW_TRACEBACK.set(verbose)
    if ctx.invoked_subcommand is None:
        # Plain `wmcurate` is a request for help, not a mistake.
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def _state(ctx: typer.Context) -> State:
    return ctx.obj if isinstance(ctx.obj, State) else State()


def _config(state: State) -> Config:
    root = state.root if state.root is not None else find_root(Path.cwd())
    return load_config(root)


def _run(body: Callable[[], T]) -> T:
    # A command is short-lived and allocates tens of thousands of small, acyclic objects
    # (one mapping per entry): the cycle collector would rescan them all again and again
    # for nothing, a cost that grows faster than the list. It runs once at the end.
    gc.disable()
    try:
        return body()
    except WmcurateError as exc:
        _console(stderr=True).print(f"Error: {exc.message}", markup=False)
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise
    except Exception as exc:
        # A bug, not bad input: still no traceback and never exit 1, which means "found
        # problems" (lint errors, stale files under --check) to CI.
        _report_bug(exc)
        raise typer.Exit(2) from None
    finally:
        gc.enable()


#: Set by the global options: -v shows the traceback of an unexpected error.
_SHOW_TRACEBACK: ContextVar[bool] = ContextVar("wmcurate_show_traceback", default=False)


def _report_bug(exc: Exception) -> None:
    import traceback

    from wmcurate import PROJECT_URL

    err = _console(stderr=True)
    if _SHOW_TRACEBACK.get():
        err.print("".join(traceback.format_exception(exc)), markup=False, end="")
    what = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in str(exc)[:300])
    err.print(f"Error: internal error ({type(exc).__name__}: {what}). This is a bug in "
              f"wmcurate: please report it at {PROJECT_URL}/issues with the command you ran"
              + ("." if _SHOW_TRACEBACK.get() else " and what `wmcurate -v ...` prints."),
              markup=False)


def _check_entries(config: Config) -> None:
    loaded = load_entries(config)
    if loaded.problems:
        lines = [p.render(config.root) for p in loaded.problems]
        raise EntryError(lines[0].split(": ", 1)[0],
                         lines[0].split(": ", 1)[1] + "".join(f"\n{line}" for line in lines[1:])
                         + f"\n{len(lines)} broken entr{'y' if len(lines) == 1 else 'ies'}; "
                         "fix them, then run the command again")


@app.command("render")
def render_command(
    ctx: typer.Context,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 naming each file that is out of date.")] = False,
) -> None:
    """Regenerate the README blocks and the per-section pages from the entries.

    Fills the blocks between <!-- wmcurate:begin NAME --> and <!-- wmcurate:end NAME -->
    in each README listed under outputs: in wmcurate.yaml (NAME is toc or list), and
    writes papers/<section>/README.md (and the other languages' pages). Text outside
    the markers is never touched; markers shown in code blocks are text. Broken
    entries or markers, or an output path that leads outside the list, into .git or
    onto another output: nothing is written (exit 2). Files are written all or none.

    Examples:

      wmcurate render            # after editing entries/

      wmcurate render --check    # in CI: fails when the READMEs are stale
    """
    from wmcurate.render import apply_render, plan_render, remove_leftovers

    state = _state(ctx)

    def body() -> int:
        config = _config(state)
        loaded = load_entries(config)
        if loaded.problems:
            raise EntryError(
                loaded.problems[0].location(config.root),
                "\n".join([loaded.problems[0].message,
                           *[p.render(config.root) for p in loaded.problems[1:]],
                           "render refused: fix the entries above; nothing was written"]))
        planned = plan_render(config, loaded.entries)
        stale = [p for p in planned if p.stale]
        out = _console()
        if check:
            for item in stale:
                out.print(f"stale: {_rel(item.path, config.root)}", markup=False)
            if stale:
                out.print(f"{len(stale)} file(s) out of date; run `wmcurate render`.", markup=False)
                return 1
            if state.verbosity >= 0:
                out.print(f"up to date: {len(planned)} files from {len(loaded.entries)} entries",
                          markup=False)
            return 0
        for leftover in remove_leftovers(planned):
            if state.verbosity >= 0:
                out.print(f"removed {_rel(leftover, config.root)} (left by an interrupted "
                          "run)", markup=False)
        written = apply_render(planned)
        if state.verbosity >= 0:
            for path in written:
                out.print(f"wrote {_rel(path, config.root)}", markup=False)
            out.print(f"rendered {len(loaded.entries)} entries: {len(written)} file(s) changed, "
                      f"{len(planned) - len(written)} unchanged", markup=False)
        return 0

    code = _run(body)
    raise typer.Exit(code)


@app.command("import")
def import_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(
        metavar="FILE...", help="Markdown lists to read (English and Chinese copies together).",
        dir_okay=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would be written; write nothing.")] = False,
    merge: Annotated[bool, typer.Option(
        "--merge", help="Update entries already in the list instead of skipping them.")] = False,
) -> None:
    """Migrate hand-written markdown lists into entries/.

    Reads <details> blocks, bold-title blocks and plain '* Title, Venue' items (also
    inside a collapsed <details> catalog), with English or Chinese labels, and joins
    the copies of a work across files (by key, arXiv ID, else title) into one entry.
    A work's section is the heading it is under, or the first section of its "Listed
    in" line. Where copies disagree, a clean copy wins over a mis-decoded or
    entity-laden one, a full one over a one-line item, the first language's over
    another's; each disagreement is reported. Two papers with one arXiv ID stay two
    entries. A work is featured only when a README shows it in full. Blocks that
    cannot be read are reported with their line and nothing is written for them
    (exit 1). Entries already in the list are never overwritten unless --merge is
    given, which prints what it changed in each.

    Example:

      wmcurate import README.md README_zh.md papers/*/README*.md
    """
    from wmcurate.importer import apply_import, plan_import
    from wmcurate.quoting import escape, quote

    state = _state(ctx)

    def body() -> int:
        config = _config(state)
        plan = plan_import(config, files, merge=merge)
        err = _console(stderr=True)
        out = _console()
        for problem in plan.problems:
            if problem.severity != "info" or state.verbosity > 0:
                # Problems quote titles and lines of the markdown: escaped as values are.
                err.print(escape(problem.render()), markup=False, emoji=False)
        by_action = {a: [p for p in plan.entries if p.action == a]
                     for a in ("create", "update", "unchanged", "skip")}
        for item in by_action["skip"]:
            err.print(f"skipped {quote(item.work.display_title())}: {escape(item.reason)}",
                      markup=False)
        if not dry_run:
            apply_import(plan)
        for item in plan.entries:
            where = _rel(item.path, config.root)
            if item.action == "update":
                # What --merge changes is always shown: it rewrites a curator's file.
                verb = "would update" if dry_run else "updated"
                out.print(f"{verb} {escape(where)}: {escape(', '.join(item.changes))}",
                          markup=False, emoji=False)
            elif item.action == "create" and (dry_run or state.verbosity > 0):
                out.print(f"{'would create' if dry_run else 'wrote'} {where}", markup=False)
        if state.verbosity >= 0:
            warnings = sum(1 for p in plan.problems if p.severity == "warning")
            prefix = "dry run: " if dry_run else ""
            unchanged = f"{len(by_action['unchanged'])} unchanged, " if merge else ""
            out.print(f"{prefix}{len(by_action['create'])} created, "
                      f"{len(by_action['update'])} updated, {unchanged}"
                      f"{len(by_action['skip'])} skipped, {len(plan.errors)} unreadable, "
                      f"{warnings} warnings", markup=False)
        return 1 if plan.errors else 0

    code = _run(body)
    raise typer.Exit(code)


INTERVAL_ENV = "WMCURATE_ARXIV_INTERVAL"
TIMEOUT_ENV = "WMCURATE_ARXIV_TIMEOUT"
#: --max-wait's default, in seconds (wmcurate.remote.DEFAULT_MAX_WAIT, kept here so that
#: --help does not import the network stack).
DEFAULT_MAX_WAIT = 120.0


class AddFormat(str, Enum):
    text = "text"
    json = "json"


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _explain(value: str | None) -> None:
    if value is None:
        return
    from wmcurate.lint import explain

    try:
        typer.echo(explain(value))
    except KeyError:
        _console(stderr=True).print(f"Error: unknown rule {value!r}; `wmcurate rules` lists "
                                    "them", markup=False)
        raise typer.Exit(2) from None
    raise typer.Exit(0)


@app.command("lint")
def lint_command(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="[PATH]...", help="Entry files or folders to check (default: the whole list).",
        show_default=False)] = None,
    output_format: Annotated[Format, typer.Option(
        "--format", help="text (grouped by file), json (stable schema) or github "
        "(annotations on the pull request's diff).")] = Format.text,
    fix: Annotated[bool, typer.Option(
        "--fix", help="Apply the safe fixes (comments and key order survive), print them, "
        "then report what is left.")] = False,
    select: Annotated[str | None, typer.Option(
        "--select", metavar="CODES", help="Only these rules (comma-separated codes or "
        "prefixes, e.g. WMC2,WMC301).")] = None,
    ignore: Annotated[str | None, typer.Option(
        "--ignore", metavar="CODES", help="Skip these rules (codes or prefixes).")] = None,
    online: Annotated[bool, typer.Option(
        "--online", help="Also compare titles, authors and versions with arXiv (cached; "
        "$WMCURATE_ARXIV_API points elsewhere).")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Warnings fail too (exit 1): for a list that keeps itself free of "
        "every finding, as this project's CI does.")] = False,
    explain_code: Annotated[str | None, typer.Option(
        "--explain", metavar="CODE", callback=_explain, is_eager=True,
        help="Explain one rule: why it exists, an example that fires, its fix.")] = None,
) -> None:
    """Check the entries: schema, identity, venues, text, links, sections, stale output.

    Every finding has a stable rule code, a severity, a message saying what to do and a
    file:line:col inside the YAML. All findings are collected before the exit. Exit 1 if
    any error, 0 if only warnings, 2 if lint could not run. Severities can be changed in
    wmcurate.yaml under lint: severity: {CODE: error|warning|off}.

    Examples:

      wmcurate lint

      wmcurate lint entries/spatial --select WMC3

      wmcurate lint --format github          # in GitHub Actions

      wmcurate lint --fix

      wmcurate lint --strict                 # warnings fail too

      wmcurate lint --explain WMC301
    """
    from wmcurate.lint import apply_fixes, parse_codes, run_lint
    from wmcurate.quoting import escape

    state = _state(ctx)

    def body() -> int:
        config = _config(state)
        targets = _lint_targets(paths, config) if paths else None
        selected, ignored = parse_codes(select), parse_codes(ignore)
        run = run_lint(config, targets, selected, ignored)
        # Fix reports go where they cannot spoil machine-read output.
        report = _console(stderr=output_format is not Format.text)
        if fix:
            applied = 0
            # A fix can uncover another (an entity decoded into a double space): repeat
            # until nothing changes, so a second --fix has nothing left to do.
            for _ in range(4):
                changes = apply_fixes(run.fixes)
                for path, at, what in changes:
                    field = escape(".".join(str(p) for p in at))
                    report.print(f"fixed {escape(_rel(path, config.root))}: {field}: "
                                 f"{escape(what)}", markup=False, emoji=False)
                applied += len(changes)
                run = run_lint(config, targets, selected, ignored)
                if not changes:
                    break
            if applied:
                report.print(f"{applied} fix(es) applied", markup=False)
        findings = list(run.findings)
        failures: list[str] = []
        if online:
            from wmcurate.online import online_findings
            from wmcurate.progress import FetchProgress

            with FetchProgress(_console(stderr=True), state.verbosity) as show:
                extra, failures = online_findings(config, targets, selected, ignored,
                                                  lambda: _fetcher_factory(reporter=show))
            findings += extra
        _print_findings(findings, output_format, config, state, complete=not failures)
        if failures:
            raise WmcurateError(f"could not compare {len(failures)} paper(s) with arXiv, so "
                                f"--online checked nothing for them: {escape(failures[0])}")
        failing = ("error", "warning") if strict else ("error",)
        return 1 if any(f.severity in failing for f in findings) else 0

    code = _run(body)
    raise typer.Exit(code)


@app.command("rules")
def rules_command() -> None:
    """List every lint rule: code, name, default severity and what it checks."""
    from wmcurate.lint import RULES

    for code in sorted(RULES):
        item = RULES[code]
        typer.echo(f"{code}  {item.name:<26} {item.severity:<8} {item.summary}")


def _lint_targets(paths: list[Path], config: Config) -> list[Path]:
    targets: list[Path] = []
    for path in paths:
        if path.is_dir():
            targets += sorted(p for p in path.rglob("*.y*ml") if p.is_file())
        elif path.is_file():
            targets.append(path)
        else:
            raise WmcurateError(f"{path}: no such file or folder")
    return targets


def _fetcher_factory(offline: bool = False, reporter: Reporter | None = None) -> Any:
    from wmcurate.cache import CachedFetcher, PaperCache, default_cache_dir

    return CachedFetcher(_make_client(None, reporter), PaperCache(default_cache_dir()),
                         offline=offline)


def _seconds_from_env(name: str, default: float) -> float:
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


def _make_client(api_url: str | None, reporter: Reporter | None = None,
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

    interval = _seconds_from_env(INTERVAL_ENV, ARXIV_MIN_INTERVAL)
    read = _seconds_from_env(TIMEOUT_ENV, DEFAULT_TIMEOUT.read or 30.0)
    try:
        # The backoff starts at the politeness interval: 3 s against arXiv.
        return ArxivClient(resolve_api_url(api_url), min_interval=interval,
                           timeout=httpx.Timeout(DEFAULT_TIMEOUT.connect, read=read),
                           backoff=Backoff(base=max(interval, 0.05)), reporter=reporter,
                           max_wait=DEFAULT_MAX_WAIT if max_wait is None else max_wait)
    except ValueError as exc:
        raise WmcurateError(f"cannot query arXiv: {exc}") from None


def _github_escape(text: str, prop: bool = False) -> str:
    from wmcurate.quoting import github_escape

    return github_escape(text, prop)


def _print_findings(findings: Sequence[Finding], output_format: Format, config: Config,
                    state: State, complete: bool = True) -> None:
    import json
    from collections import Counter

    from wmcurate.lint import RULES
    from wmcurate.quoting import escape, json_safe

    # Messages quote entry values: whatever a rule let through raw is escaped here, so no
    # entry text reaches a terminal, a log or a CI runner as a control sequence or a line.
    if output_format is Format.json:
        errors = sum(1 for f in findings if f.severity == "error")
        typer.echo(json_safe(json.dumps({
            "findings": [{**f.as_dict(), "message": escape(f.message)} for f in findings],
            "summary": {"errors": errors, "warnings": len(findings) - errors,
                        "fixable": sum(1 for f in findings if f.fixable)},
        }, ensure_ascii=False, indent=2)))
        return
    if output_format is Format.github:
        for f in findings:
            typer.echo(f"::{f.severity} file={_github_escape(f.file, True)},line={f.line},"
                       f"col={f.column},title={f.code}::{_github_escape(f.message)}")
        return
    out = _console()
    current = None
    for f in findings:
        if f.file != current:
            current = f.file
            out.print(escape(f.file), style="bold", markup=False, emoji=False)
        style = "red" if f.severity == "error" else "yellow"
        mark = " (fixable)" if f.fixable else ""
        out.print(f"  {f.line}:{f.column}  [{style}]{f.severity:<7}[/{style}] {f.code}  ",
                  end="")
        out.print(f"{escape(f.message)}{mark}", markup=False, emoji=False)
    if findings:
        out.print("")
        for rule_code, n in sorted(Counter(f.code for f in findings).items()):
            out.print(f"  {rule_code} {RULES[rule_code].name}: {n}", markup=False,
                      emoji=False)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    fixable = sum(1 for f in findings if f.fixable)
    if findings or (state.verbosity >= 0 and complete):
        tail = f" ({fixable} fixable with --fix)" if fixable else ""
        out.print(f"{errors} error(s), {warnings} warning(s){tail}" if findings
                  else "no problems found", markup=False)


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
    from wmcurate.vocabulary import register_added_venues

    state = _state(ctx)
    as_json = output_format is AddFormat.json

    def body() -> int:
        config = _config(state)
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
        err = _console(stderr=True)
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

    code = _run(body)
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
        client = None if offline else _make_client(api_url, progress, max_wait)
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

    out = _console()
    for result in results:
        if result.document is not None and result.path is not None:
            out.print(f"# {_rel(result.path, config.root)} (dry run, not written)",
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
            "file": _rel(result.path, config.root) if result.path else None,
            "detail": result.message,
        }
        if result.moved_from is not None:
            item["moved_from"] = _rel(result.moved_from, config.root)
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

    out = _console()
    problems = [r for r in results if r.status not in ("added", "refreshed")]
    shown = results if state.verbosity >= 0 else problems
    if shown:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("ID")
        table.add_column("outcome")
        table.add_column("detail", overflow="fold")
        for result in shown:
            detail = _rel(result.path, config.root) if result.path else ""
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


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def main() -> None:
    # Windows consoles and pipes may not default to UTF-8; titles are not ASCII.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and os.environ.get("PYTHONIOENCODING") is None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
    app()
