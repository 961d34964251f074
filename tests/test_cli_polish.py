"""The command line's finish (issue 10, point 6): completion, usage lines, command order,
messages, NO_COLOR, lint --online's options, -q/-v in every command, the fix report.

Every command is found from the app itself, so a command added later is held to the same
rules without a change here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from arxiv_server import FakeArxiv
from s2_server import FakeS2
from test_lint import GOOD, ZERO123_ON_ARXIV, P, cli, edit
from test_lint import make_list as make_lint_list
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.cli.app import WORKFLOW, _workflow_rank, summary

GROUP = typer.main.get_command(app)
CONTEXT = typer.Context(GROUP)
NAMES = GROUP.list_commands(CONTEXT)  # type: ignore[attr-defined]


def _help(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.stdout


# -- completion ------------------------------------------------------------------------------
def test_completion_options_are_offered(runner: CliRunner) -> None:
    text = _help(runner)

    assert "--install-completion" in text and "--show-completion" in text


def test_show_completion_prints_a_script_for_the_shell(runner: CliRunner,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Typer detects the shell from the process tree; a test names it instead.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")

    result = runner.invoke(app, ["--show-completion", "bash"], prog_name="wmcurate")

    assert result.exit_code == 0, result.output
    assert "_WMCURATE_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _wmcurate_completion wmcurate" in result.stdout


def test_install_completion_writes_the_script(runner: CliRunner, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(Path, "home", lambda: tmp_path)

    result = runner.invoke(app, ["--install-completion", "bash"], prog_name="wmcurate")

    assert result.exit_code == 0, result.output
    script = tmp_path / ".bash_completions" / "wmcurate.sh"
    assert "_WMCURATE_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert "wmcurate.sh" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_the_shell_gets_commands_options_and_choices() -> None:
    script = Path(sys.executable).with_name("wmcurate.exe" if os.name == "nt" else "wmcurate")
    if not script.exists():
        pytest.skip(f"no console script next to {sys.executable}: completion needs its name")

    def complete(words: str) -> list[str]:
        env = {**os.environ, "_WMCURATE_COMPLETE": "complete_bash", "COMP_WORDS": words,
               "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
        done = subprocess.run([str(script)], env=env, capture_output=True, text=True,
                              timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("wmcurate li") == ["lint", "links"] if "links" in NAMES else ["lint"]
    assert complete("wmcurate lint --form") == ["--format"]
    assert complete("wmcurate lint --format ") == ["text", "json", "github"]
    assert complete("wmcurate export --format ") == ["bibtex", "csl-json", "csv", "ris"]


# -- usage lines and metavars ------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_usage_and_metavars_are_plain_words(runner: CliRunner, name: str) -> None:
    text = _help(runner, name)
    usage = text.splitlines()[0]

    assert usage.startswith(f"Usage: wmcurate {name} [OPTIONS]")
    for wrong in ("]...]", "...]...", "......", "{", "}"):
        assert wrong not in usage, usage
    # No Python type anywhere a value is named: <list[str]>, <float>, <Path>, <str>.
    assert not re.search(r"<(?:list\[|str>|int>|float>|bool>|Path>)", text), text
    for line in text.splitlines():
        if re.match(r"^  \S", line):
            assert "......" not in line and "]...]" not in line, line


def test_usage_of_optional_and_required_lists(runner: CliRunner) -> None:
    assert _help(runner, "lint").splitlines()[0] == "Usage: wmcurate lint [OPTIONS] [PATH]..."
    assert _help(runner, "add").splitlines()[0] == "Usage: wmcurate add [OPTIONS] [ID]..."
    assert _help(runner, "import").splitlines()[0] == "Usage: wmcurate import [OPTIONS] FILE..."
    lint = _help(runner, "lint")
    assert re.search(r"^  PATH\.\.\.\s{2,}Entry files", lint, re.M)
    assert re.search(r"^  --format \[text\|json\|github\]\s", lint, re.M)


# -- command order and summaries ---------------------------------------------------------------
def _listed(text: str) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for line in text.split("Commands:\n", 1)[1].splitlines():
        match = re.match(r"^  (\S+)\s{2,}(.*)$", line)
        if match:
            rows.append((match.group(1), match.group(2)))
        elif line.startswith("   ") and rows:
            rows[-1] = (rows[-1][0], rows[-1][1] + " " + line.strip())
    return rows


def test_commands_are_listed_in_workflow_order(runner: CliRunner) -> None:
    listed = [name for name, _ in _listed(_help(runner))]

    assert listed == NAMES
    known = [name for name in listed if name in WORKFLOW]
    assert known == [name for name in WORKFLOW if name in listed]
    assert listed[-1] == "rules"
    # A command the workflow does not name comes just before `rules`, by name.
    assert sorted(["zeta", "rules", "add", "alpha", "init"], key=_workflow_rank) == [
        "init", "add", "alpha", "zeta", "rules"]


def test_every_summary_is_whole(runner: CliRunner) -> None:
    for name, text in _listed(_help(runner)):
        command = GROUP.get_command(CONTEXT, name)  # type: ignore[attr-defined]
        first = " ".join(command.help.strip().split("\n\n")[0].split())
        assert not text.endswith("..."), (name, text)
        # Click wraps at hyphens: join them back before comparing.
        assert re.sub(r"- ", "-", text) == summary(command.help), name
        assert first.startswith(text.rstrip(".")) or first.startswith(text), name


# -- messages ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "message"), [
    (["lint", "--format", "xml"],
     "Invalid value for '--format': 'xml' is not one of 'text', 'json', 'github'."),
    (["export", "--format", "xml"],
     "Invalid value for '--format' / '-f': 'xml' is not one of 'bibtex', 'csl-json', 'csv', "
     "'ris'."),
    (["add", "--max-wait", "-1", "2303.11328"],
     "Invalid value for '--max-wait': -1 is below the minimum, 0."),
    (["add", "--max-wait", "soon", "2303.11328"],
     "Invalid value for '--max-wait': 'soon' is not a number."),
    (["add", "--max-wait", "nan", "2303.11328"],
     "Invalid value for '--max-wait': 'nan' is not a finite number."),
])
def test_bad_values_get_plain_messages(runner: CliRunner, make_list: Callable[..., Path],
                                       args: list[str], message: str) -> None:
    result = runner.invoke(app, ["--root", str(make_list()), *args])

    assert result.exit_code == 2
    assert result.stderr.rstrip("\n").endswith(f"Error: {message}")
    assert "Value error" not in result.stderr and "Input should" not in result.stderr


def test_paths_are_still_checked(runner: CliRunner, make_list: Callable[..., Path]) -> None:
    config = make_list() / "wmcurate.yaml"

    result = runner.invoke(app, ["--root", str(config), "lint"])

    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '--root': dir '{config}' is a "
                                  "file.\n")


def test_pydantic_is_not_imported_to_run_a_command(make_list: Callable[..., Path],
                                                   sample_entries: dict[str, str]) -> None:
    root = make_list(sample_entries)
    code = ("import sys\nfrom wmcurate.cli import main\n"
            f"sys.argv = ['wmcurate', '--root', {str(root)!r}, '-q', 'render', '--check']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))")

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)

    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_help_imports_nothing_heavy() -> None:
    heavy = ("rich", "ruamel", "yaml", "pydantic", "httpx", "markdown_it", "jinja2", "ftfy",
             "feedparser", "wmcurate.config", "wmcurate.entries")
    code = ("import sys\nfrom wmcurate.cli import main\nsys.argv = ['wmcurate', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))")

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)

    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout[-2000:]


# -- lint --fix: old and new values, aligned columns -------------------------------------------
def test_fix_names_the_old_and_the_new_value(tmp_path: Path) -> None:
    root = make_lint_list(tmp_path / "list",
                          {P: edit(GOOD, "venue: ICCV 2023", "venue: SIGGRAPH-ASIA 2024")})

    result = cli(root, "lint", "--fix", "--select", "WMC3")

    assert result.stdout.splitlines()[0] == (
        f"fixed {P}: venue: SIGGRAPH-ASIA 2024 -> SIGGRAPH Asia 2024")


def test_a_long_text_fix_shows_the_part_that_changed(tmp_path: Path) -> None:
    long_line = "A one-liner long enough to be cut " * 4
    root = make_lint_list(tmp_path / "list", {P: edit(
        GOOD, "Novel views of an object from one image.", f"{long_line}Tom &amp; Jerry.")})

    result = cli(root, "lint", "--fix", "--select", "WMC402")

    line = result.stdout.splitlines()[0]
    assert line.startswith(f"fixed {P}: one_liner.en: …")
    assert "Tom &amp; Jerry. -> …" in line and line.endswith("Tom & Jerry.")
    assert len(line) < 200


# -- NO_COLOR ------------------------------------------------------------------------------------
def _styled_lint(tmp_path: Path, **env: str) -> str:
    root = make_lint_list(tmp_path / "list",
                          {P: edit(GOOD, "venue: ICCV 2023", "venue: ICRL 2023")})
    runner = CliRunner(env={"COLUMNS": "200", "TERM": "xterm-256color", "FORCE_COLOR": "1",
                            "NO_COLOR": "", **env})
    result = runner.invoke(app, ["--root", str(root), "lint", "--ignore", "WMC701"])
    assert result.exit_code == 1, result.output
    return result.stdout


def test_no_color_turns_off_every_style_bold_included(tmp_path: Path) -> None:
    styled = _styled_lint(tmp_path / "a")
    plain = _styled_lint(tmp_path / "b", NO_COLOR="1")

    assert "\x1b[1m" in styled and "\x1b[31m" in styled  # the control: styles are written
    assert "\x1b[" not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", styled) == plain


# -- lint --online takes add's network options -------------------------------------------------
def test_lint_online_takes_api_url_and_max_wait(tmp_path: Path) -> None:
    sourced = edit(GOOD, "featured: true\n",
                   "featured: true\nsource:\n  version: 1\n  updated: 2023-03-20\n")
    root = make_lint_list(tmp_path / "list", {P: sourced})
    with FakeArxiv.running(entries={}) as server, FakeS2.running() as s2, \
            tempfile.TemporaryDirectory() as cache:
        server.add_paper(**{**ZERO123_ON_ARXIV, "version": 3})
        # No WMCURATE_ARXIV_API: only --api-url can lead lint to the fake arXiv.
        env = {"WMCURATE_ARXIV_INTERVAL": "0.01", "WMCURATE_CACHE_DIR": cache,
               "WMCURATE_S2_API": s2.url, "WMCURATE_S2_INTERVAL": "0.01"}
        result = cli(root, "lint", "--online", "--api-url", server.url, "--max-wait", "5",
                     "--ignore", "WMC701", "--format", "json", env=env)
        asked = len(server.requests)

    assert asked >= 1, result.output
    assert result.exit_code == 0, result.output
    assert "arXiv has version 3" in result.stdout
    assert "--api-url URL" in cli(None, "lint", "--help").stdout
    assert "--max-wait SECONDS" in cli(None, "lint", "--help").stdout


# -- -q and -v, before or after the command ----------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_every_command_takes_q_and_v(runner: CliRunner, name: str) -> None:
    text = _help(runner, name)

    assert re.search(r"^  -q, --quiet\s{2,}Print only problems\.", text, re.M)
    assert re.search(r"^  -v, --verbose\s{2,}Print more detail", text, re.M)


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_quiet_means_the_same_before_and_after_the_command(
    runner: CliRunner, make_list: Callable[..., Path], sample_entries: dict[str, str], flag: str,
) -> None:
    root = make_list(sample_entries)
    before = runner.invoke(app, [flag, "--root", str(root), "render"])
    (root / "README.md").write_text((root / "README.md").read_text("utf-8") + "\n", "utf-8")
    after = runner.invoke(app, ["--root", str(root), "render", flag])
    loud = runner.invoke(app, ["--root", str(root), "render", "--check"])

    assert (before.exit_code, before.stdout) == (0, "")
    assert (after.exit_code, after.stdout) == (0, "")
    assert loud.stdout.startswith("up to date:")


def test_verbose_after_the_command_shows_a_traceback(
    runner: CliRunner, make_list: Callable[..., Path], sample_entries: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import wmcurate.render as render_module

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(render_module, "plan_render", broken)
    root = make_list(sample_entries)

    plain = runner.invoke(app, ["--root", str(root), "render"])
    verbose = runner.invoke(app, ["--root", str(root), "render", "-v"])

    assert plain.exit_code == verbose.exit_code == 2
    assert "Traceback" not in plain.stderr and "Traceback" in verbose.stderr
