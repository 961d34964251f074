"""The `wmcurate` application: global options, and what every command shares.

Every expected failure is a `WmcurateError`; it is caught once, in `run`, and
shown as `Error: <message>` with the error's exit code (DESIGN.md §5).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console

from wmcurate import __version__
from wmcurate.config import Config, find_root, load_config
from wmcurate.entries import load_entries
from wmcurate.errors import EntryError, WmcurateError

if TYPE_CHECKING:
    pass

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


def console(stderr: bool = False) -> Console:
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


def state_of(ctx: typer.Context) -> State:
    return ctx.obj if isinstance(ctx.obj, State) else State()


def config_of(state: State) -> Config:
    root = state.root if state.root is not None else find_root(Path.cwd())
    return load_config(root)


def run(body: Callable[[], T]) -> T:
    # A command is short-lived and allocates tens of thousands of small, acyclic objects
    # (one mapping per entry): the cycle collector would rescan them all again and again
    # for nothing, a cost that grows faster than the list. It runs once at the end.
    gc.disable()
    try:
        return body()
    except WmcurateError as exc:
        console(stderr=True).print(f"Error: {exc.message}", markup=False)
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

    err = console(stderr=True)
    if _SHOW_TRACEBACK.get():
        err.print("".join(traceback.format_exception(exc)), markup=False, end="")
    what = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in str(exc)[:300])
    err.print(f"Error: internal error ({type(exc).__name__}: {what}). This is a bug in "
              f"wmcurate: please report it at {PROJECT_URL}/issues with the command you ran"
              + ("." if _SHOW_TRACEBACK.get() else " and what `wmcurate -v ...` prints."),
              markup=False)


def check_entries(config: Config) -> None:
    loaded = load_entries(config)
    if loaded.problems:
        lines = [p.render(config.root) for p in loaded.problems]
        raise EntryError(lines[0].split(": ", 1)[0],
                         lines[0].split(": ", 1)[1] + "".join(f"\n{line}" for line in lines[1:])
                         + f"\n{len(lines)} broken entr{'y' if len(lines) == 1 else 'ies'}; "
                         "fix them, then run the command again")




def rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)

