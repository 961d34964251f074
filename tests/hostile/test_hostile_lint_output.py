"""Entry text never becomes a command: lint's output under hostile values (issue 8.4).

A stranger's pull request can put anything in an entry. GitHub Actions executes any line
of a step's output that starts with `::` (`::error`, `::add-mask::`, `::stop-commands::`),
and a terminal obeys escape sequences (`ESC]0;` retitles the window, `ESC[2J` clears it).
Whatever an entry holds, lint's output in every format has no raw escape character and
no line starting with `::` but lint's own annotations, one per finding; and so do the
lines `--fix` prints. The list is built here; one run goes through a real process, as CI
runs it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wmcurate.cli import app

CONFIG = """\
# Built for the tests: one section, two languages.
languages:
  - {code: en, name: English}
  - {code: zh, name: 中文}
outputs:
  - {path: README.md, language: en}
  - {path: README_zh.md, language: zh}
pages:
  en: papers/{section}/README.md
  zh: papers/{section}/README_zh.md
parts:
  - {id: all, title: {en: All, zh: 全部}}
sections:
  - {id: spatial, part: all, title: {en: Spatial, zh: 空间}}
venues:
  - {name: CVPR}
links:
  - {key: paper, label: {en: Paper, zh: 论文}}
  - {key: pdf, label: {en: PDF, zh: PDF}}
  - {key: code, label: {en: Code, zh: 代码}}
"""

PLANTED = "\\n::error file=README.md,line=1::planted\\n::add-mask::secret\\n::stop-commands::x\\n"
TERMINAL = "\\e]0;pwned\\a\\e[2J\\e[31m\\x9b1m\\u202e"

# Every field a hostile value can sit in: links (as issue 8 found it), the title, a key,
# the venue, an unknown field, an author, a text; and a file that does not parse.
HOSTILE = f"""\
arxiv: "2303.11328{PLANTED}"
title: "Zero-1-to-3{TERMINAL}{PLANTED}"
authors: ["Ruoshi Liu{PLANTED}", Rundi Wu]
venue: "CVPR 2023{PLANTED}{TERMINAL}"
links:
  paper: "https://arxiv.org/abs/2303.11328{PLANTED}"
  code: "javascript:alert(1){PLANTED}{TERMINAL}"
  "::warning::label{PLANTED}": "https://example.org/{TERMINAL}"
"autors{PLANTED}{TERMINAL}": [x]
one_liner: {{en: "Views{PLANTED}", zh: "新视角{TERMINAL}"}}
innovation: "Diffusion{PLANTED}"
abstract: {{en: We turn an object., zh: 我们旋转物体。}}
key_points: {{en: ["::error::point{PLANTED}"], zh: [要点]}}
added: 2026-01-01T00:00:00Z
"""
BROKEN = f'title: "unclosed{PLANTED}\n'
README = "# A list\n\n<!-- wmcurate:begin list -->\n<!-- wmcurate:end list -->\n"
ANNOTATION = re.compile(r"^::(error|warning) file=[^:,]*,line=\d+,col=\d+,title=WMC\d{3}::")
RAW = re.compile("[\x1b\x9b\x07\u202e]")


@pytest.fixture
def hostile_list(tmp_path: Path) -> Path:
    root = tmp_path / "list"
    (root / "entries" / "spatial").mkdir(parents=True)
    (root / "wmcurate.yaml").write_text(CONFIG, encoding="utf-8")
    for name in ("README.md", "README_zh.md"):
        (root / name).write_text(README, encoding="utf-8")
    (root / "entries" / "spatial" / "2303.11328.yaml").write_text(HOSTILE, encoding="utf-8")
    (root / "entries" / "spatial" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    try:  # a file name is a value too, where the file system allows it
        (root / "entries" / "spatial" / "\x1b[2J\n::error::name.yaml").write_text(
            "title: x\n", encoding="utf-8")
    except OSError:
        pass
    return root


def _lint(root: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    result = runner.invoke(app, ["--root", str(root), "lint", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _commands(text: str) -> list[str]:
    """Lines a GitHub runner would read as workflow commands."""
    return [line for line in text.splitlines() if line.lstrip().startswith("::")]


def test_json_finds_the_hostile_values(hostile_list: Path) -> None:
    code, out, _ = _lint(hostile_list, "--format", "json")

    findings = json.loads(out)["findings"]
    assert code == 1
    codes = {f["code"] for f in findings}
    # The values are reported (not silently dropped), as hidden characters among others.
    assert {"WMC100", "WMC201", "WMC408", "WMC502"} <= codes
    assert not _commands(out) and not RAW.search(out)


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_no_value_becomes_a_command_or_a_terminal_sequence(
    hostile_list: Path, output_format: str
) -> None:
    code, out, err = _lint(hostile_list, "--format", output_format)

    assert code == 1
    for stream in (out, err):
        assert not RAW.search(stream)
    if output_format == "github":
        count = len(json.loads(_lint(hostile_list, "--format", "json")[1])["findings"])
        lines = out.splitlines()
        assert len(lines) == count
        assert all(ANNOTATION.match(line) for line in lines), lines
        assert not _commands(err)
    else:
        assert not _commands(out) and not _commands(err)


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_fix_prints_nothing_that_acts(hostile_list: Path, output_format: str) -> None:
    code, out, err = _lint(hostile_list, "--fix", "--format", output_format)

    assert "fixed" in out + err
    for stream in (out, err):
        assert not RAW.search(stream)
    commands = _commands(out) + _commands(err)
    assert all(ANNOTATION.match(line) for line in commands) if output_format == "github" \
        else not commands


def test_a_real_process_prints_no_raw_escape(hostile_list: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "wmcurate", "--root", str(hostile_list), "lint"],
        capture_output=True, env=env, timeout=120, check=False,
    )

    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr
    for stream in (done.stdout, done.stderr):
        assert b"\x1b" not in stream and b"\xc2\x9b" not in stream and b"\x07" not in stream
        assert not _commands(stream.decode("utf-8"))
