"""Values quoted in the messages of commands other than lint (issue 8.4): an input or an
entry value is shown as text, its control characters as escapes, never as markup or a
terminal sequence. The lists are built here; nothing touches the network (`--offline`
and inputs that are not arXiv IDs).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from wmcurate.cli import app

CONFIG = """\
# Built for the tests: one section, one language.
languages:
  - {code: en, name: English}
outputs:
  - {path: README.md, language: en}
pages:
  en: papers/{section}.md
parts:
  - {id: all, title: {en: All}}
sections:
  - {id: spatial, part: all, title: {en: Spatial}}
links:
  - {key: paper, label: {en: Paper}}
"""


@pytest.mark.parametrize("given", ["[/x]", "[bold]2303.11328", "\x1b[2J\x1b]0;pwned\x07x"])
def test_add_shows_what_it_was_given_as_text(tmp_path: Path, given: str) -> None:
    (tmp_path / "entries").mkdir()
    (tmp_path / "wmcurate.yaml").write_text(CONFIG, encoding="utf-8")
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb",
                            "WMCURATE_CACHE_DIR": str(tmp_path / "cache")})

    result = runner.invoke(app, ["--root", str(tmp_path), "add", given, "--offline"],
                           catch_exceptions=False)

    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    first_cell = result.stdout.splitlines()[1].split("  ")[0]
    assert first_cell == given.replace("\x1b", "\\x1b").replace("\x07", "\\x07")


def test_import_problems_show_titles_escaped(tmp_path: Path) -> None:
    (tmp_path / "entries").mkdir()
    (tmp_path / "wmcurate.yaml").write_text(CONFIG, encoding="utf-8")
    source = tmp_path / "list.md"
    source.write_text(
        "# A list\n\n## Spatial\n\n"
        "* [Evil \x1b[2J Title](https://arxiv.org/abs/2303.11328), CVPR 2023.\n"
        "* [Evil \x1b[2J Title](https://arxiv.org/abs/2303.11329), CVPR 2023.\n",
        encoding="utf-8",
    )
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})

    result = runner.invoke(app, ["--root", str(tmp_path), "import", str(source), "--dry-run"],
                           catch_exceptions=False)

    assert "'Evil \\x1b[2J Title' has the same title as" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr
