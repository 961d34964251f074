"""Rendered markdown passes pymarkdownlnt with the repo's own config (.pymarkdown.json).

A copy of the project's list is rendered afresh and linted as a whole (both
READMEs and every page), and so are the pages of a list whose only entry is full
of markdown and HTML syntax.

pymarkdown's parser is quadratic: the 170 kB README alone takes over ten seconds.
So the project's files are rendered and handed to `python -m pymarkdown`
processes when this module is collected; they run while the other tests do, and
the test below only collects their reports.
"""

from __future__ import annotations

import atexit
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import load_config
from wmcurate.entries import dump_yaml, load_entries, new_entry_document
from wmcurate.render import apply_render, plan_render

REPO = Path(__file__).resolve().parents[1]
LINT_CONFIG = REPO / ".pymarkdown.json"
OUTPUTS = ["README.md", "README_zh.md"]

NASTY = {
    "title": "Breaking </details> <summary>out</summary> | `tick` [[Paper]](https://evil.example)",
    "authors": ["A | B", "C *D* _E_"],
    "venue": "ICML 2023 <br>",
    "links": {"paper": "https://example.com/a b(c)", "code": "https://github.com/x/y"},
    "one_liner": {"en": "# heading? 1. list? > quote?", "zh": "<script>alert(1)</script>"},
    "innovation": "1. numbered\n\n- dashed\n\n# hashed\n\n```\n\n---",
    "abstract": {
        "en": "| a | b |\n\n|---|---|\n\n</details>\n\n    indented\n\n=====\n\n"
        "Trailing spaces   \n\n<https://example.com/x> and https://example.com/y.",
        "zh": "## 标题？\n\n* 列表？\n\n> 引用？",
    },
    "key_points": ["* star", "# hash", "`code", "</details>", "[[x]](https://evil.example)"],
    "featured": True,
    "also": ["gamma"],
    "added": "2026-01-01T00:00:00Z",
}


def pymarkdown(files: list[Path]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pymarkdown",
            "--config",
            str(LINT_CONFIG),
            "scan",
            *[str(f) for f in files],
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def markdown_files(root: Path) -> list[Path]:
    return [root / name for name in OUTPUTS] + sorted(root.glob("papers/*/README*.md"))


def _render_project_copy() -> Path:
    work = Path(tempfile.mkdtemp(prefix="wmcurate-lint-"))
    atexit.register(shutil.rmtree, work, True)
    root = work / "project"
    root.mkdir()
    for name in ("wmcurate.yaml", *OUTPUTS):
        shutil.copy2(REPO / name, root / name)
    shutil.copytree(REPO / "entries", root / "entries")
    config = load_config(root)
    loaded = load_entries(config)
    assert loaded.problems == [], loaded.problems
    apply_render(plan_render(config, loaded.entries))  # no papers/ yet: every page is new
    return root


def _start_linting(root: Path) -> list[subprocess.Popen[str]]:
    files = markdown_files(root)
    # The two big READMEs alone, the pages together.
    processes = [pymarkdown([files[0]]), pymarkdown([files[1]]), pymarkdown(files[2:])]
    for process in processes:
        atexit.register(process.kill)
    return processes


try:
    PROJECT: Path | None = _render_project_copy()
    LINTING: list[subprocess.Popen[str]] | Exception = _start_linting(PROJECT)
except Exception as exc:  # reported by the tests, not as a collection error
    PROJECT, LINTING = None, exc


@pytest.fixture
def project() -> Path:
    if isinstance(LINTING, Exception) or PROJECT is None:
        raise AssertionError(f"rendering the project's list failed: {LINTING!r}")
    return PROJECT


@pytest.fixture
def nasty(make_list: Callable[..., Path], runner: CliRunner) -> Path:
    """The tiny list with one entry full of markdown and HTML syntax, rendered."""
    root = make_list({"alpha/nasty": dump_yaml(new_entry_document(NASTY))})
    result = runner.invoke(app, ["--root", str(root), "render"])
    assert result.exit_code == 0, result.output
    return root


def test_project_render_has_no_lint_findings(project: Path) -> None:
    assert len(markdown_files(project)) == 2 + 2 * len(load_config(REPO).sections)
    assert not isinstance(LINTING, Exception)

    reports = [process.communicate(timeout=300)[0] for process in LINTING]

    findings = [line for report in reports for line in report.splitlines() if line.strip()]
    assert findings == []
    assert [p.returncode for p in LINTING] == [0, 0, 0]


def test_nasty_pages_have_no_lint_findings(nasty: Path) -> None:
    files = markdown_files(nasty)
    assert len(files) == 8

    process = pymarkdown(files)
    report = process.communicate(timeout=120)[0]

    assert report.splitlines() == []
    assert process.returncode == 0


def test_the_linter_does_report_problems(tmp_path: Path) -> None:
    # Guards the tests above against a config or invocation that silences everything.
    bad = tmp_path / "bad.md"
    bad.write_text(
        "# Title\n\n## Same\n\n## Same\n\nText\n* list\n\n[dead](#nowhere)\n", encoding="utf-8"
    )

    process = pymarkdown([bad])
    report = process.communicate(timeout=60)[0]

    assert process.returncode == 1
    assert sorted(set(re.findall(r": (MD\d{3}):", report))) == ["MD024", "MD032", "MD051"]


def test_no_double_bracket_link_syntax_in_rendered_output(project: Path, nasty: Path) -> None:
    for root in (project, nasty):
        for path in markdown_files(root):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("<summary>"):
                    continue  # raw HTML: shown as text, never a link
                # Hand-written lists use [[Paper]](url); render writes [Paper](url), and
                # a "[[" that comes from a text is escaped.
                assert not re.search(r"(?<!\\)\[\[", line), (path, line)
