"""The `wmcurate` command line: options, exit codes and messages as a user sees them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from wmcurate import __version__
from wmcurate.cli import app

GROUP = typer.main.get_command(app)
_CONTEXT = typer.Context(GROUP)
#: Every command, built as running it would build it (the group builds them on demand).
COMMANDS = {name: GROUP.get_command(_CONTEXT, name)  # type: ignore[attr-defined]
            for name in GROUP.list_commands(_CONTEXT)}  # type: ignore[attr-defined]


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])

    assert result.exit_code == 0
    assert result.stdout == f"wmcurate {__version__}\n"


def test_no_arguments_prints_the_usage(runner: CliRunner) -> None:
    result = runner.invoke(app, [])

    # Plain `wmcurate` asks for help: the help, exit 0.
    assert result.exit_code == 0
    assert result.output.startswith("Usage: wmcurate [OPTIONS] COMMAND [ARGS]...\n")
    assert "Commands" in result.output


def test_help_lists_the_commands(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])

    assert result.exit_code == 0
    listed = re.findall(r"^  (\w+)\s{2,}\S", result.stdout.split("Commands:")[1], re.M)
    assert set(listed) == set(COMMANDS)
    assert {"import", "render"} <= set(listed)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_has_help(runner: CliRunner, name: str) -> None:
    command = COMMANDS[name]
    assert command.help and command.help.strip(), name
    for param in command.params:
        assert getattr(param, "help", None), f"{name} {param.name}"

    result = runner.invoke(app, [name, "--help"])

    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: wmcurate {name} ")
    assert command.help.strip().splitlines()[0] in " ".join(result.stdout.split())


def test_global_options_have_help() -> None:
    group = typer.main.get_command(app)
    for param in group.params:
        assert getattr(param, "help", None), param.name


@pytest.mark.parametrize("how", ["module", "script"])
def test_real_process_help(how: str) -> None:
    if how == "module":
        command = [sys.executable, "-m", "wmcurate", "--help"]
    else:
        script = Path(sys.executable).with_name("wmcurate.exe" if os.name == "nt" else "wmcurate")
        if not script.exists():
            pytest.skip(f"no console script next to {sys.executable}")
        command = [str(script), "--help"]
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}

    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: ")
    assert re.search(r"^  import\s{2,}\S", done.stdout, re.M)
    assert re.search(r"^  render\s{2,}\S", done.stdout, re.M)
    assert done.stderr == ""


def test_unknown_command_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["publish"])

    assert result.exit_code == 2
    assert result.stderr.endswith("Error: No such command 'publish'.\n")


def test_import_without_files_is_a_usage_error(
    runner: CliRunner, make_list: Callable[..., Path]
) -> None:
    result = runner.invoke(app, ["--root", str(make_list()), "import"])

    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Missing argument 'FILE...'.\n")


def test_root_that_is_a_file_is_a_usage_error(
    runner: CliRunner, make_list: Callable[..., Path]
) -> None:
    config = make_list() / "wmcurate.yaml"

    result = runner.invoke(app, ["--root", str(config), "render"])

    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '--root': dir '{config}' is a file.\n")


def test_expected_failures_print_one_error_line_and_no_traceback(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["--root", str(tmp_path), "render"])

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_root_defaults_to_the_nearest_folder_with_a_config(
    runner: CliRunner,
    make_list: Callable[..., Path],
    sample_entries: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_list(sample_entries)
    monkeypatch.chdir(root / "entries" / "alpha")

    result = runner.invoke(app, ["render"])

    assert result.exit_code == 0, result.output
    assert (root / "papers/alpha/README.md").is_file()


def test_relative_root(
    runner: CliRunner,
    make_list: Callable[..., Path],
    sample_entries: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_list(sample_entries)
    monkeypatch.chdir(root.parent)

    result = runner.invoke(app, ["--root", root.name, "render"])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "wrote README.md"


def test_quiet_render_prints_nothing_on_success(
    runner: CliRunner, make_list: Callable[..., Path], sample_entries: dict[str, str]
) -> None:
    root = make_list(sample_entries)

    written = runner.invoke(app, ["-q", "--root", str(root), "render"])
    checked = runner.invoke(app, ["--root", str(root), "-q", "render", "--check"])

    assert (written.exit_code, written.stdout, written.stderr) == (0, "", "")
    assert (checked.exit_code, checked.stdout, checked.stderr) == (0, "", "")
    assert (root / "papers/gamma/README_zh.md").is_file()


def test_quiet_check_still_names_stale_files(
    runner: CliRunner, make_list: Callable[..., Path], sample_entries: dict[str, str]
) -> None:
    root = make_list(sample_entries)
    assert runner.invoke(app, ["--root", str(root), "render"]).exit_code == 0
    (root / "papers/beta/README.md").unlink()

    result = runner.invoke(app, ["-q", "--root", str(root), "render", "--check"])

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "stale: papers/beta/README.md",
        "1 file(s) out of date; run `wmcurate render`.",
    ]


def test_quiet_and_verbose_import(runner: CliRunner, make_list: Callable[..., Path]) -> None:
    root = make_list()
    source = root / "list.md"
    source.write_text(
        "## Alpha Methods\n\n#### Representative works\n\n"
        "* Plain Work, ICML 2020\n\n<details>\n<summary><b>Odd</b></summary>\n\n"
        "* **Mood:** fine\n</details>\n",
        encoding="utf-8",
    )

    quiet = runner.invoke(app, ["-q", "--root", str(root), "import", "--dry-run", str(source)])
    verbose = runner.invoke(app, ["-v", "--root", str(root), "import", str(source)])

    assert quiet.exit_code == 1
    assert quiet.stdout == "would create entries/alpha/plain-work.yaml\n"
    assert quiet.stderr == (
        "list.md:10: error: cannot read this work: unknown field label "
        "'**Mood**'; nothing was written for it\n"
    )
    assert verbose.exit_code == 1
    assert verbose.stdout.splitlines() == [
        "wrote entries/alpha/plain-work.yaml",
        "1 created, 0 updated, 0 skipped, 1 unreadable, 0 warnings",
    ]


def test_output_has_no_colour_codes(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--root", str(tmp_path), "render"], color=True)

    assert "\x1b[" not in result.output


# -- a bug is still an error, not a traceback ------------------------------------------------


def crash(*_args: object, **_kwargs: object) -> None:
    raise RecursionError("maximum recursion depth exceeded in \x1b]0;title\x07")


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["render"], "wmcurate.render.plan_render"),
        (["render", "--check"], "wmcurate.render.plan_render"),
        (["lint"], "wmcurate.lint.run_lint"),
    ],
    ids=["render", "render-check", "lint"],
)
def test_an_unexpected_error_exits_2_with_a_short_message(
    runner: CliRunner,
    make_list: Callable[..., Path],
    sample_entries: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    target: str,
) -> None:
    # Exit 1 would tell CI "stale" (render --check) or "errors found" (lint).
    root = make_list(sample_entries)
    monkeypatch.setattr(target, crash)

    result = runner.invoke(app, ["--root", str(root), *command])

    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr == (
        "Error: internal error (RecursionError: maximum recursion depth exceeded in "
        "\\x1b]0;title\\x07). This is a bug in wmcurate: please report it at "
        "https://github.com/wmcurate/wmcurate/issues with the command you ran and what "
        "`wmcurate -v ...` prints.\n"
    )


def test_verbose_shows_the_traceback_of_an_unexpected_error(
    runner: CliRunner,
    make_list: Callable[..., Path],
    sample_entries: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_list(sample_entries)
    monkeypatch.setattr("wmcurate.render.plan_render", crash)

    result = runner.invoke(app, ["-v", "--root", str(root), "render"])
    after = runner.invoke(app, ["--root", str(root), "render"])

    assert result.exit_code == 2
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert 'in crash\n    raise RecursionError(' in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: internal error (RecursionError: ")
    assert result.stderr.endswith("with the command you ran.\n")
    # -v belongs to that run only.
    assert after.exit_code == 2
    assert "Traceback" not in after.stderr
