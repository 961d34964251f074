"""What `featured` becomes, and what --merge reports (issue 14, points 5 and 6).

* A work is featured only when a README shows it in full: under a "Representative
  works" heading, or directly under a section heading when the section has no works
  heading. Works read from section pages or from catalog lines are not.
* `--merge` counts an entry as updated only when its file changes, and prints for
  each entry which fields it changed.

Every list here is a small snippet written for the test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import Config, load_config
from wmcurate.importer import read_markdown


@pytest.fixture
def root(make_list: Callable[..., Path]) -> Path:
    return make_list()


@pytest.fixture
def config(root: Path) -> Config:
    return load_config(root)


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def run(runner: CliRunner, root: Path, *args: str) -> Any:
    return runner.invoke(app, ["--root", str(root), *args])


def block(title: str, arxiv: str) -> str:
    return (f"<details>\n<summary><b>{title}</b></summary>\n\n* **arXiv ID:** {arxiv}\n"
            "* **Published in:** ICML 2023\n</details>\n")


# -- 5. featured ----------------------------------------------------------------------------

README = (
    "# A list\n\n## Alpha Methods\n\n#### Representative Works\n\n" + block("Shown", "2301.00001")
    + "\n#### All works\n\n* [Catalogued](https://arxiv.org/abs/2301.00002), ICML 2023\n"
    "\n## Beta Methods\n\n" + block("Directly Under", "2301.00003")
)
PAGE = ("# Alpha Methods\n\n## Representative Works\n\n" + block("On A Page", "2301.00004")
        + "\n" + block("Shown", "2301.00001"))


def featured(config: Config, path: str, text: str) -> dict[str, bool]:
    occurrences, problems = read_markdown(path, text, config)
    assert problems == []
    return {o.title: o.featured for o in occurrences}


def test_a_readme_features_what_it_shows_in_full(config: Config) -> None:
    assert featured(config, "README.md", README) == {
        "Shown": True, "Catalogued": False, "Directly Under": True}


@pytest.mark.parametrize("path", ["papers/alpha/README.md", "old/alpha.md"])
def test_a_section_page_features_nothing(config: Config, path: str) -> None:
    # At a page path of the config, or titled by one section only: a section page.
    assert featured(config, path, PAGE) == {"On A Page": False, "Shown": False}


def test_importing_pages_with_the_readme_features_only_the_readme_works(
    runner: CliRunner, root: Path
) -> None:
    (root / "old").mkdir()
    (root / "old/README.md").write_text(README, encoding="utf-8")
    (root / "old/alpha.md").write_text(PAGE, encoding="utf-8")

    result = run(runner, root, "import", str(root / "old/alpha.md"), str(root / "old/README.md"))

    assert result.exit_code == 0, result.output
    flags = {p.stem: load(p).get("featured", False) for p in (root / "entries").rglob("*.yaml")}
    assert flags == {"2301.00001": True, "2301.00002": False, "2301.00003": True,
                     "2301.00004": False}


# -- 6. --merge -----------------------------------------------------------------------------

EXISTING = """\
# Curated by hand: keep this comment.
arxiv: "2301.00001"
title: Shown
venue: ICML 2023
one_liner: Same in every language.
featured: true
added: 2026-01-01T00:00:00Z
"""


def test_merge_of_what_the_entry_already_says_changes_nothing(
    runner: CliRunner, make_list: Callable[..., Path]
) -> None:
    root = make_list({"alpha/2301.00001": EXISTING}, name="merge")
    source = root / "list.md"
    source.write_text("## Alpha Methods\n\n#### Representative Works\n\n" + block(
        "Shown", "2301.00001").replace("</details>", "* **One-liner:** Same in every language.\n"
                                       "</details>"), encoding="utf-8")
    before = (root / "entries/alpha/2301.00001.yaml").read_bytes()

    result = run(runner, root, "import", "--merge", str(source))

    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "0 created, 0 updated, 1 unchanged, 0 skipped, 0 unreadable, 0 warnings\n")
    assert (root / "entries/alpha/2301.00001.yaml").read_bytes() == before


def test_merge_prints_what_it_changed_in_each_entry(
    runner: CliRunner, make_list: Callable[..., Path]
) -> None:
    second = EXISTING.replace("2301.00001", "2301.00002").replace("title: Shown", "title: Kept")
    root = make_list({"alpha/2301.00001": EXISTING, "beta/2301.00002": second}, name="merge")
    source = root / "list.md"
    source.write_text(
        "## Alpha Methods\n\n#### Representative Works\n\n"
        + block("Shown", "2301.00001").replace(
            "</details>", "* **Links:** [[Code]](https://github.com/a/b)\n</details>")
        + "\n## Gamma Systems\n\n#### Representative Works\n\n" + block("Kept", "2301.00002"),
        encoding="utf-8")

    first = run(runner, root, "import", "--merge", str(source))
    again = run(runner, root, "import", "--merge", str(source))

    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [
        "updated entries/alpha/2301.00001.yaml: links",
        "updated entries/beta/2301.00002.yaml: also",
        "0 created, 2 updated, 0 unchanged, 0 skipped, 0 unreadable, 0 warnings",
    ]
    assert load(root / "entries/beta/2301.00002.yaml")["also"] == ["gamma"]
    text = (root / "entries/alpha/2301.00001.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Curated by hand: keep this comment.\n")
    # A second run finds nothing left to change.
    assert again.stdout == (
        "0 created, 0 updated, 2 unchanged, 0 skipped, 0 unreadable, 0 warnings\n")


def test_merge_names_a_changed_text_by_language(
    runner: CliRunner, make_list: Callable[..., Path]
) -> None:
    root = make_list({"alpha/2301.00001": EXISTING.replace(
        "one_liner: Same in every language.", "one_liner: {en: Old., zh: 旧。}")}, name="merge")
    source = root / "list.md"
    source.write_text("## Alpha Methods\n\n#### Representative Works\n\n" + block(
        "Shown", "2301.00001").replace("</details>", "* **One-liner:** New.\n</details>"),
        encoding="utf-8")

    result = run(runner, root, "import", "--merge", "--dry-run", str(source))

    assert result.stdout.splitlines() == [
        "would update entries/alpha/2301.00001.yaml: one_liner.en",
        "dry run: 0 created, 1 updated, 0 unchanged, 0 skipped, 0 unreadable, 0 warnings",
    ]
