"""The `wmcurate` command: parses arguments, calls one library function, prints, exits.

Every expected failure is a `WmcurateError`; it is caught once, in `_run`, and
shown as `Error: <message>` with the error's exit code (DESIGN.md §5).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from wmcurate import __version__
from wmcurate.config import Config, find_root, load_config
from wmcurate.entries import load_entries
from wmcurate.errors import EntryError, WmcurateError

T = TypeVar("T")

app = typer.Typer(
    name="wmcurate",
    help=(
        "Keep a research-paper list as data.\n\n"
        "Entries live in entries/<section>/<key>.yaml; the config is wmcurate.yaml. "
        "`import` migrates a hand-written markdown list, `render` regenerates the READMEs "
        "and the per-section pages from the entries."
    ),
    no_args_is_help=True,
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


def _state(ctx: typer.Context) -> State:
    return ctx.obj if isinstance(ctx.obj, State) else State()


def _config(state: State) -> Config:
    root = state.root if state.root is not None else find_root(Path.cwd())
    return load_config(root)


def _run(body: Callable[[], T]) -> T:
    try:
        return body()
    except WmcurateError as exc:
        _console(stderr=True).print(f"Error: {exc.message}", markup=False)
        raise typer.Exit(exc.exit_code) from None


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
    the markers is never touched. Broken entries or markers: nothing is written (exit 2).

    Examples:

      wmcurate render            # after editing entries/

      wmcurate render --check    # in CI: fails when the READMEs are stale
    """
    from wmcurate.render import apply_render, plan_render

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

    Reads <details> blocks, bold-title blocks and plain '* Title, Venue' items, with
    English or Chinese labels, and joins the copies of a work across files (by arXiv
    ID, else by title) into one entry. A work's section is the heading it is under.
    Facts that disagree between copies are reported; blocks that cannot be read are
    reported with their line and nothing is written for them (exit 1). Entries
    already in the list are never overwritten unless --merge is given.

    Example:

      wmcurate import README.md README_zh.md
    """
    from wmcurate.importer import apply_import, plan_import

    state = _state(ctx)

    def body() -> int:
        config = _config(state)
        plan = plan_import(config, files, merge=merge)
        err = _console(stderr=True)
        out = _console()
        for problem in plan.problems:
            if problem.severity != "info" or state.verbosity > 0:
                err.print(problem.render(), markup=False)
        created = [p for p in plan.entries if p.action == "create"]
        updated = [p for p in plan.entries if p.action == "update"]
        skipped = [p for p in plan.entries if p.action == "skip"]
        for item in skipped:
            err.print(f"skipped '{item.work.display_title()}': {item.reason}", markup=False)
        if dry_run:
            for item in created + updated:
                verb = "would create" if item.action == "create" else "would update"
                out.print(f"{verb} {_rel(item.path, config.root)}", markup=False)
        else:
            written = apply_import(plan)
            if state.verbosity > 0:
                for path in written:
                    out.print(f"wrote {_rel(path, config.root)}", markup=False)
        if state.verbosity >= 0:
            warnings = sum(1 for p in plan.problems if p.severity == "warning")
            prefix = "dry run: " if dry_run else ""
            out.print(f"{prefix}{len(created)} created, {len(updated)} updated, "
                      f"{len(skipped)} skipped, {len(plan.errors)} unreadable, "
                      f"{warnings} warnings", markup=False)
        return 1 if plan.errors else 0

    code = _run(body)
    raise typer.Exit(code)


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
