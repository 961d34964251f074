"""action.yml, the GitHub Action that the workflow `init` writes uses: its inputs, and its
scripts run here with bash as the runner would run them (GitHub itself is not needed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
ACTION = YAML(typ="safe", pure=True).load((REPO / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
BIN = Path(sys.executable).parent


def step(name: str) -> dict[str, Any]:
    return next(s for s in STEPS if s.get("name") == name)


def test_the_action_is_a_composite_with_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {k: v["default"] for k, v in ACTION["inputs"].items()} == {
        "root": ".", "strict": "false", "python-version": "3.12"}
    assert all(v["description"] for v in ACTION["inputs"].values())
    assert STEPS[0] == {"uses": "actions/setup-python@v5",
                        "with": {"python-version": "${{ inputs.python-version }}"}}
    assert 'python -m pip install' in step("Install wmcurate")["run"]
    assert '"$GITHUB_ACTION_PATH"' in step("Install wmcurate")["run"]
    assert step("wmcurate render --check")["if"] == "${{ !cancelled() }}"


def test_no_input_is_pasted_into_a_script() -> None:
    """An input written into `run:` would be script text: a crafted value would run."""
    for s in STEPS:
        if "run" in s:
            assert "${{" not in s["run"], s.get("name")
            assert s["shell"] == "bash", s.get("name")


def bash_step(name: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("bash") is None:
        pytest.skip("bash runs the action's steps; it is not installed")
    variables = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
                 "NO_COLOR": "1", **env}
    # GitHub runs a bash step as `bash --noprofile --norc -eo pipefail {0}`.
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                           step(name)["run"]], cwd=cwd, env=variables, capture_output=True,
                          text=True, timeout=120, check=False)


BROKEN = "title: A Work\nautors: [Ada Lovelace]\nvenue: ICML 2023\n"


@pytest.fixture
def repo(make_list: Callable[..., Path], sample_entries: dict[str, str]) -> Path:
    """A repository whose list lives in a subfolder, `lists/mine`, with a broken entry."""
    root = make_list({**sample_entries, "beta/broken": BROKEN}, name="repo")
    inner = root / "lists" / "mine"
    inner.mkdir(parents=True)
    for item in list(root.iterdir()):
        if item.name != "lists":
            item.rename(inner / item.name)
    return root


def test_lint_annotations_point_into_the_repository(repo: Path) -> None:
    if not (BIN / "wmcurate").exists():
        pytest.skip(f"the wmcurate script is not installed in {BIN}")
    direct = subprocess.run([str(BIN / "wmcurate"), "--root", "lists/mine", "lint", "--format",
                             "github"], cwd=repo, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_COLOR": "1"})

    done = bash_step("wmcurate lint", repo, WMCURATE_LIST="lists/mine", WMCURATE_STRICT="false")

    assert done.returncode == direct.returncode == 1, done.stderr
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert annotations and len(annotations) == len(
        [line for line in direct.stdout.splitlines() if line.startswith("::")])
    assert any(a.startswith("::error file=lists/mine/entries/beta/broken.yaml,line=2,")
               and "WMC103" in a for a in annotations)
    assert all(" file=lists/mine/" in a for a in annotations if " file=" in a)
    # Only the file names changed.
    assert [a.replace(" file=lists/mine/", " file=") for a in annotations] == [
        line for line in direct.stdout.splitlines() if line.startswith("::")]


def test_strict_fails_on_warnings_too(make_list: Callable[..., Path],
                                      sample_entries: dict[str, str]) -> None:
    if not (BIN / "wmcurate").exists():
        pytest.skip(f"the wmcurate script is not installed in {BIN}")
    # One complete entry whose one-liner lacks its Chinese text: a warning, no error.
    entry = sample_entries["alpha/2301.00001"].replace(
        "one_liner: {en: Does the first thing., zh: 做第一件事。}",
        "one_liner: {en: Does the first thing.}")
    root = make_list({"alpha/2301.00001": entry}, name="plain")
    subprocess.run([str(BIN / "wmcurate"), "--root", ".", "render"], cwd=root, check=True,
                   capture_output=True)
    verdicts = {}
    for strict in ("false", "true"):
        args = ["--strict"] if strict == "true" else []
        direct = subprocess.run([str(BIN / "wmcurate"), "--root", ".", "lint", *args],
                                cwd=root, capture_output=True, text=True, check=False)
        done = bash_step("wmcurate lint", root, WMCURATE_LIST=".", WMCURATE_STRICT=strict)
        assert done.returncode == direct.returncode, (strict, done.stdout, done.stderr)
        verdicts[strict] = done.returncode
    assert verdicts == {"false": 0, "true": 1}


def test_render_check_fails_on_a_stale_list(repo: Path) -> None:
    if not (BIN / "wmcurate").exists():
        pytest.skip(f"the wmcurate script is not installed in {BIN}")
    (repo / "lists" / "mine" / "entries" / "beta" / "broken.yaml").unlink()

    stale = bash_step("wmcurate render --check", repo, WMCURATE_LIST="lists/mine")
    subprocess.run([str(BIN / "wmcurate"), "--root", "lists/mine", "render"], cwd=repo,
                   check=True, capture_output=True)
    fresh = bash_step("wmcurate render --check", repo, WMCURATE_LIST="lists/mine")

    assert stale.returncode == 1 and "stale: README.md" in stale.stdout
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
