"""The `wmcurate` application: global options, and what every command shares.

Every expected failure is a `WmcurateError`; it is caught once, in `run`, and
shown as `Error: <message>` with the error's exit code (DESIGN.md §5).

Start-up is kept to Typer's own: this module imports neither Rich nor the list's
modules until a command needs them, and `coercion` spares Typer's pydantic layer.
"""

from __future__ import annotations

import gc
import inspect
import os
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from wmcurate import __version__
from wmcurate.cli import coercion

if TYPE_CHECKING:
    from rich.console import Console

    from wmcurate.config import Config

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

#: The commands in the order a list is made and kept; --help lists them so. A command
#: not named here is listed before `rules`, by name.
WORKFLOW: tuple[str, ...] = ("init", "add", "lint", "render", "import", "refresh", "links",
                             "export", "site", "rules")


def _workflow_rank(name: str) -> tuple[float, str]:
    if name in WORKFLOW:
        return (WORKFLOW.index(name), name)
    return (WORKFLOW.index("rules") - 0.5, name)


def _argument_name(param: TyperArgument) -> str:
    """`PATH...` for any number of paths, whether the declaration wrote its metavar as
    PATH, PATH... or [PATH]... (Typer adds its own dots and brackets)."""
    name = (param.metavar or (param.name or "").upper()).removesuffix("...")
    if name.startswith("[") and name.endswith("]") or name.startswith("{") and name.endswith("}"):
        name = name[1:-1]
    return name + ("..." if param.nargs != 1 else "")


class Command(TyperCommand):
    """A command as wmcurate shows it: usage lines and metavars in plain words
    (`[PATH]...`, `FILE...`, `[text|json|github]`), -q and -v accepted after the command
    name too, values checked without pydantic."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = {opt for param in self.params for opt in getattr(param, "opts", ())}
        if not taken & {"-q", "-v", "--quiet", "--verbose"}:
            self.params.extend(_verbosity_params())

    def get_params(self, ctx: Any) -> list[Any]:
        return _prepare(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = _argument_name(param)
                pieces.append(name if param.required else
                              f"[{name[:-3]}]..." if name.endswith("...") else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Group(TyperGroup):
    """The `wmcurate` group: commands in workflow order, each with its whole summary.

    A command is built (its signature read, its parameters made) only when it is run or
    its help is asked for: `wmcurate --help` and `wmcurate lint` build one command, not
    every one. `source` is the `App` whose commands these are.
    """

    source: App

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        built = self.commands.get(cmd_name)
        info = self.source.lazy_commands.get(cmd_name)
        if built is None and info is not None:
            built = typer.main.get_command_from_info(
                info, pretty_exceptions_short=self.source.pretty_exceptions_short,
                rich_markup_mode=self.source.rich_markup_mode)
            self.commands[cmd_name] = built
        return built

    def get_params(self, ctx: Any) -> list[Any]:
        # Also the parameters Typer appends after building the group (completion).
        return _prepare(super().get_params(ctx))

    def list_commands(self, ctx: Any) -> list[str]:
        names = {*super().list_commands(ctx), *self.source.lazy_commands}
        return sorted(names, key=_workflow_rank)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            info = self.source.lazy_commands.get(name)
            if info is not None:
                if not info.hidden:
                    rows.append((name, summary(info.help or inspect.getdoc(info.callback))))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, summary(command.help)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class App(typer.Typer):
    """A Typer whose commands are `Command`s, built by its `Group` when first needed."""

    def __init__(self, **kwargs: Any) -> None:
        #: Command name -> how to build it (Typer's own record of a command).
        self.lazy_commands: dict[str, Any] = {}
        bound = type("Group", (Group,), {"source": self})
        super().__init__(cls=bound, **kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None,
                **kwargs: Any) -> Callable[[F], F]:
        register = super().command(name, cls=cls or Command, **kwargs)

        def decorator(function: F) -> F:
            register(function)
            info = self.registered_commands.pop()
            self.lazy_commands[info.name or typer.main.get_command_name(function.__name__)] = info
            return function

        return decorator


def summary(help_text: str | None) -> str:
    """A command's first sentence, whole (Click would cut it short with "...")."""
    paragraph = " ".join((help_text or "").strip().split("\n\n")[0].split())
    end = paragraph.find(". ")
    return paragraph if end < 0 else paragraph[:end + 1]


def _prepare(params: list[Any]) -> list[Any]:
    """Metavars in words for the options that name none; values checked by `coercion`.
    Done when the parameters are first used, once each."""
    for param in params:
        takes_value = not (getattr(param, "is_flag", False) or getattr(param, "count", False))
        if param.metavar is None and takes_value and param.param_type_name == "option":
            param.metavar = coercion.metavar_for(param)
    coercion.install(params)
    return params


app = App(
    name="wmcurate",
    help=(
        "Keep a research-paper list as data.\n\n"
        "Entries live in entries/<section>/<key>.yaml; the config is wmcurate.yaml. "
        "`import` migrates a hand-written markdown list, `render` regenerates the READMEs "
        "and the per-section pages from the entries. -q and -v may also follow the "
        "command's name."
    ),
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@dataclass
class State:
    root: Path | None = None
    verbosity: int = 0


def no_color() -> bool:
    """NO_COLOR (https://no-color.org): set and not empty."""
    return bool(os.environ.get("NO_COLOR"))


def console(stderr: bool = False) -> Console:
    """A console for the user. Without a terminal it writes plain text; with NO_COLOR set it
    writes no style at all (Rich alone would still write bold)."""
    from rich.console import Console

    if no_color():
        return Console(stderr=stderr, highlight=False, soft_wrap=True, no_color=True,
                       color_system=None)
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wmcurate {__version__}")
        raise typer.Exit()


_QUIET_HELP = "Print only problems."
_VERBOSE_HELP = "Print more detail (and the traceback of an internal error)."


def _set_verbosity(ctx: typer.Context, quiet: bool, verbose: bool) -> None:
    state = ctx.obj if isinstance(ctx.obj, State) else None
    if state is None:
        return
    if quiet:
        state.verbosity = -1
    if verbose:
        state.verbosity = 1
        _SHOW_TRACEBACK.set(True)


@app.callback()
def main_options(
    ctx: typer.Context,
    root: Annotated[Path | None, typer.Option(
        "--root", metavar="DIR", help="The list's folder (default: the nearest folder upward "
        "holding wmcurate.yaml).", file_okay=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=_QUIET_HELP)] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=_VERBOSE_HELP)] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    ctx.obj = State(root=root, verbosity=-1 if quiet else (1 if verbose else 0))
    _SHOW_TRACEBACK.set(verbose)
    if ctx.invoked_subcommand is None:
        # Plain `wmcurate` is a request for help, not a mistake.
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def _quiet_given(ctx: typer.Context, value: bool) -> None:
    if value:
        _set_verbosity(ctx, True, False)


def _verbose_given(ctx: typer.Context, value: bool) -> None:
    if value:
        _set_verbosity(ctx, False, True)


def _verbosity_options(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=_QUIET_HELP, expose_value=False,
                                        callback=_quiet_given)] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=_VERBOSE_HELP,
                                          expose_value=False, callback=_verbose_given)] = False,
) -> None:  # pragma: no cover - never run: only its parameters are used
    """-q and -v, as every command takes them."""


_VERBOSITY: list[Any] = []


def _verbosity_params() -> list[Any]:
    """-q and -v for a command: the same options as the global ones, so that both
    `wmcurate -q lint` and `wmcurate lint -q` work. Built once, shared by every command."""
    if not _VERBOSITY:
        holder = typer.Typer()
        holder.command()(_verbosity_options)
        _VERBOSITY.extend(p for p in typer.main.get_command(holder).params
                          if p.name in ("quiet", "verbose"))
    return list(_VERBOSITY)


def state_of(ctx: typer.Context) -> State:
    return ctx.obj if isinstance(ctx.obj, State) else State()


def config_of(state: State) -> Config:
    from wmcurate.config import find_root, load_config

    root = state.root if state.root is not None else find_root(Path.cwd())
    return load_config(root)


def run(body: Callable[[], T]) -> T:
    from wmcurate.errors import WmcurateError

    # A command is short-lived and allocates tens of thousands of small, acyclic objects
    # (one mapping per entry): the cycle collector would rescan them all again and again
    # for nothing, a cost that grows faster than the list. The collector is then left as
    # it was found (`main` keeps it off until the process ends).
    was_on = gc.isenabled()
    gc.disable()
    try:
        return body()
    except WmcurateError as exc:
        console(stderr=True).print(f"Error: {exc.message}", markup=False)
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise
    except KeyboardInterrupt:
        # Each file is written whole or not at all (render and site: all their files), so
        # nothing is left half-written; files finished before the interrupt stay.
        console(stderr=True).print("Interrupted.", markup=False)
        raise typer.Exit(130) from None
    except Exception as exc:
        # A bug, not bad input: still no traceback and never exit 1, which means "found
        # problems" (lint errors, stale files under --check) to CI.
        _report_bug(exc)
        raise typer.Exit(2) from None
    finally:
        if was_on:
            gc.enable()


def finish() -> None:
    """The process is about to end (called by the `wmcurate` command itself, never by
    `run`, which tests drive in-process): what the command left in memory is frozen out of
    the collector. On exit the interpreter would otherwise scan every object still alive
    (a large list's entries, their marks, the rendered works: hundreds of thousands) in
    several full collections that free nothing lint needs freed, most of a second at
    10,000 entries. Nothing else changes: the exit code, buffered output and exit
    handlers are as before. The collector, off for the command (`main`), is on again."""
    gc.freeze()
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
    from wmcurate.entries import load_entries
    from wmcurate.errors import EntryError

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
