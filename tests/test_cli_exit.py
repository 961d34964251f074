"""How a `wmcurate` process ends: the command's exit code and every byte of its output,
as an in-process run gives them, while what the command left in memory is frozen out of
the collector first (`cli.app.finish`, called by `main` alone: the interpreter's last
collections would otherwise rescan a large list's objects for nothing). In-process runs,
as the tests drive them, leave the collector as they found it.
"""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from test_lint import GOOD, P, cli, edit, make_list

#: One entry's text with an error lint finds (a venue with no year) and a fixable warning.
FLAWED = edit(edit(GOOD, "venue: ICCV 2023", "venue: ICCV"),
              "Viewpoint-conditioned diffusion.", "Viewpoint-conditioned  diffusion.")


def flawed_list(root: Path, size: int) -> Path:
    """`size` entries of one section, each with findings (their arXiv ids differ)."""
    files = {}
    for n in range(size):
        arxiv = f"2303.{11328 + n:05d}"
        text = FLAWED.replace("2303.11328", arxiv)
        files[P.replace("2303.11328", arxiv)] = text
    return make_list(root, files)


def process(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m wmcurate --root ROOT ARGS...` as a whole process, as CI runs it."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}
    return subprocess.run([sys.executable, "-m", "wmcurate", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=300, env=env, check=False)


def test_a_process_with_findings_exits_1_with_all_its_output(tmp_path: Path) -> None:
    root = flawed_list(tmp_path / "list", 300)

    done = process(root, "lint", "--format", "json")
    in_process = cli(root, "lint", "--format", "json")

    assert done.returncode == 1 == in_process.exit_code, done.stderr
    assert done.stdout == in_process.stdout  # a pipe, flushed to its last byte
    document = json.loads(done.stdout)
    assert {f["file"] for f in document["findings"]} >= {
        P.replace("2303.11328", f"2303.{11328 + n:05d}") for n in range(300)}
    assert document["summary"]["errors"] >= 300
    assert done.stderr == ""


def test_a_process_keeps_the_text_report_and_the_exit_code_of_each_outcome(
        tmp_path: Path) -> None:
    flawed = flawed_list(tmp_path / "flawed", 3)
    clean = make_list(tmp_path / "clean", {P: GOOD})
    assert process(clean, "render").returncode == 0

    found = process(flawed, "lint")
    passed = process(clean, "lint")
    broken = process(tmp_path / "nowhere", "lint")

    assert found.returncode == 1
    assert found.stdout == cli(flawed, "lint").stdout
    assert re.fullmatch(r"[1-9]\d* error\(s\), \d+ warning\(s\).*",
                        found.stdout.splitlines()[-1])
    assert (passed.returncode, passed.stdout) == (0, "no problems found\n")
    assert broken.returncode == 2 and broken.stdout == ""
    assert "Error:" in broken.stderr and "Traceback" not in broken.stderr


def test_main_freezes_what_the_command_left_before_the_process_ends(tmp_path: Path) -> None:
    root = flawed_list(tmp_path / "list", 20)
    code = ("import gc, sys\nfrom wmcurate.cli import main\n"
            f"sys.argv = ['wmcurate', '--root', {str(root)!r}, '-q', 'lint']\n"
            "before = gc.get_freeze_count()\n"
            "try:\n    main()\nexcept SystemExit as exc:\n"
            "    print(exc.code, before, gc.get_freeze_count(), gc.isenabled())\n")

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "NO_COLOR": "1"}, check=False)

    exit_code, before, after, enabled = done.stdout.splitlines()[-1].split()
    assert (exit_code, before, enabled) == ("1", "0", "True"), done.stderr
    assert int(after) > 10_000  # the interpreter's objects and the command's


def test_main_keeps_the_collector_off_for_the_command_and_on_after(tmp_path: Path) -> None:
    root = flawed_list(tmp_path / "list", 3)
    # Collections counted from main's start until `finish`: lint imports its rules, reads
    # and checks the list in between, all of which allocate far past the collector's
    # thresholds, so any collection left on would run.
    code = ("import gc, sys\nimport wmcurate.cli as cli\n"
            "runs, at_finish = [], []\n"
            "gc.callbacks.append(lambda phase, info: runs.append(phase))\n"
            "finish = cli.finish\n"
            "def counted():\n    at_finish.append(runs.count('start'))\n    finish()\n"
            "cli.finish = counted\n"
            f"sys.argv = ['wmcurate', '--root', {str(root)!r}, '-q', 'lint']\n"
            "before = runs.count('start')\n"
            "try:\n    cli.main()\nexcept SystemExit as exc:\n"
            "    print(exc.code, at_finish[0] - before, gc.isenabled())\n")

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "NO_COLOR": "1"}, check=False)

    assert done.stdout.splitlines()[-1] == "1 0 True", done.stderr


def test_the_command_and_python_m_start_with_the_collector_off() -> None:
    # Both ways in run `main` from wmcurate.__main__, which turns the collector off
    # before Typer and the commands are imported.
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text("utf-8")
    assert re.search(r'^wmcurate = "wmcurate\.__main__:main"$', pyproject, re.MULTILINE)
    def collections_importing(module: str) -> tuple[int, bool]:
        code = ("import gc\nruns = []\n"
                "gc.callbacks.append(lambda phase, info: runs.append(phase))\n"
                f"import {module}\nprint(runs.count('start'), gc.isenabled())\n")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=120, check=False)
        count, enabled = done.stdout.split()
        return int(count), enabled == "True"

    entry = collections_importing("wmcurate.__main__")
    library = collections_importing("wmcurate.cli")
    version = subprocess.run([sys.executable, "-m", "wmcurate", "--version"],
                             capture_output=True, text=True, timeout=120, check=False)

    # At most one, before the first line of wmcurate.__main__ runs; Typer alone makes dozens.
    assert entry[0] <= 1 and not entry[1]
    assert library[0] >= 5 and library[1]
    assert (version.returncode, version.stdout.startswith("wmcurate ")) == (0, True)


def test_an_in_process_run_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    root = flawed_list(tmp_path / "list", 3)
    before = gc.get_freeze_count()

    result = cli(root, "lint")

    assert result.exit_code == 1
    assert gc.get_freeze_count() == before
    assert gc.isenabled()
