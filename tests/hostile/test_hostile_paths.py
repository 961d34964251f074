"""Hostile output paths: render never reads or writes outside the list, in .git, or twice.

A pull request can change `wmcurate.yaml` and commit symbolic links. Every case
here once made render write outside the repository, replace a git hook, or let
two outputs overwrite each other. Each must now exit 2 naming the path, with
nothing written anywhere.

Every list here is built by the test itself (conftest.py's tiny list).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TINY_CONFIG
from typer.testing import CliRunner

from wmcurate.cli import app

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")


def render(runner: CliRunner, root: Path, *args: str) -> Any:
    return runner.invoke(app, ["--root", str(root), "render", *args])


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def assert_refused(result: Any, *named: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output
    for text in named:
        assert text in result.stderr


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "keep.txt").write_text("not the list's\n", encoding="utf-8")
    return folder


# -- symbolic links leading out -------------------------------------------------------------


def test_a_symlinked_page_folder_leading_outside_is_refused(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner,
    outside: Path,
) -> None:
    root = make_list(sample_entries)
    (root / "papers").mkdir()
    (root / "papers" / "alpha").symlink_to(outside, target_is_directory=True)
    before_list, before_outside = files_under(root), files_under(outside)

    for args in ([], ["--check"]):
        result = render(runner, root, *args)

        assert_refused(result, "papers/alpha/README.md: leads to", "outside the list's folder")
        assert files_under(outside) == before_outside
        assert files_under(root) == before_list


def test_a_symlinked_papers_folder_leading_outside_is_refused(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner,
    outside: Path,
) -> None:
    root = make_list(sample_entries)
    (root / "papers").symlink_to(outside, target_is_directory=True)

    result = render(runner, root)

    # Every page is named, not only the first.
    assert_refused(result, *[f"papers/{s}/README{x}.md: leads to" for s in ("alpha", "beta",
                                                                            "gamma")
                             for x in ("", "_zh")])
    assert files_under(outside) == {"keep.txt": b"not the list's\n"}


def test_a_readme_that_is_a_symlink_to_a_file_outside_is_refused(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner,
    outside: Path,
) -> None:
    root = make_list(sample_entries, readme=None)
    secret = outside / "secret.md"
    secret.write_text("<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n"
                      "<!-- wmcurate:begin list -->\n<!-- wmcurate:end list -->\n",
                      encoding="utf-8")
    (root / "README.md").symlink_to(secret)
    before = secret.read_bytes()

    result = render(runner, root)

    assert_refused(result, "README.md: leads to", str(secret))
    assert secret.read_bytes() == before
    assert not (root / "papers").exists()


def test_a_symlink_into_git_is_refused(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries, readme_zh=None)
    hooks = root / ".git" / "hooks"
    hooks.mkdir(parents=True)
    hook = hooks / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    (root / "README_zh.md").symlink_to(Path(".git/hooks/pre-commit"))

    result = render(runner, root)

    assert_refused(result, "README_zh.md: leads to .git/hooks/pre-commit, inside .git")
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"


def test_a_symlink_loop_is_refused(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries)
    (root / "papers").mkdir()
    (root / "papers" / "alpha").symlink_to(root / "papers" / "alpha")

    result = render(runner, root)

    assert result.exit_code == 2
    assert "papers/alpha/README.md" in result.stderr
    assert "Traceback" not in result.output


def test_two_outputs_on_one_file_through_a_symlink_are_refused(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries, readme_zh=None)
    (root / "README_zh.md").symlink_to(root / "README.md")
    before = (root / "README.md").read_bytes()

    result = render(runner, root)

    assert_refused(result, "README_zh.md: is the same file as README.md")
    assert (root / "README.md").read_bytes() == before


def test_a_symlink_inside_the_list_is_followed(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    # A README kept in docs/ and linked from the top: render fills in the real file and
    # the link stays a link.
    root = make_list(sample_entries)
    (root / "docs").mkdir()
    (root / "README.md").rename(root / "docs" / "README.md")
    (root / "README.md").symlink_to(Path("docs/README.md"))

    result = render(runner, root)

    assert result.exit_code == 0, result.output
    assert (root / "README.md").is_symlink()
    assert "<summary><b>First Work: A Study</b></summary>" in (
        root / "docs" / "README.md").read_text(encoding="utf-8")
    assert render(runner, root, "--check").exit_code == 0


def test_lint_reports_an_output_leading_outside_as_a_finding(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner,
    outside: Path,
) -> None:
    root = make_list(sample_entries)
    (root / "papers").mkdir()
    (root / "papers" / "beta").symlink_to(outside, target_is_directory=True)

    result = runner.invoke(app, ["--root", str(root), "lint", "--select", "WMC701"])

    assert result.exit_code == 1, result.output
    assert "papers/beta/README.md" in result.stdout
    assert "outside the list's folder" in result.stdout
    assert files_under(outside) == {"keep.txt": b"not the list's\n"}


# -- the config naming a bad place ----------------------------------------------------------

BAD_PLACES = {
    "pages-in-git-hooks": (
        "pages:\n  en: .git/hooks/{section}\n  zh: papers/{section}/README_zh.md\n",
        "pages.en: '.git/hooks/{section}' is inside .git",
    ),
    "git-in-another-case": (
        "pages:\n  en: docs/.GIT/{section}.md\n  zh: papers/{section}/README_zh.md\n",
        "pages.en: 'docs/.GIT/{section}.md' is inside .git",
    ),
    "git-spelled-by-the-section": (
        # With a section named "t", '.gi{section}' is '.git'.
        "pages:\n  en: .gi{section}/hooks/x\n  zh: papers/{section}/README_zh.md\n",
        "pages.en (section 't'): '.git/hooks/x' is inside .git",
    ),
    "readme-in-git": (
        "outputs:\n  - {path: .git/config, language: en}\n",
        "outputs[0].path: '.git/config' is inside .git",
    ),
    "two-readmes-one-path": (
        "outputs:\n  - {path: README.md, language: en}\n  - {path: ./README.md, language: zh}\n",
        "outputs[1].path: './README.md' is also the path of outputs[0].path",
    ),
    "two-readmes-differing-in-case": (
        "outputs:\n  - {path: README.md, language: en}\n  - {path: readme.md, language: zh}\n",
        "outputs[1].path: 'readme.md' is also the path of outputs[0].path",
    ),
    "two-languages-one-page": (
        "pages:\n  en: papers/{section}/README.md\n  zh: papers/{section}/README.md\n",
        "pages.zh (section 't'): 'papers/t/README.md' is also the path of pages.en (section 't')",
    ),
    "page-on-a-readme": (
        "outputs:\n  - {path: alpha.md, language: en}\n"
        "pages:\n  en: '{section}.md'\n  zh: papers/{section}/README_zh.md\n",
        "pages.en (section 'alpha'): 'alpha.md' is also the path of outputs[0].path",
    ),
    "page-over-the-config": (
        "pages:\n  en: 'wmcurate.yaml{section}'\n  zh: papers/{section}/README_zh.md\n",
        None,  # no section id is empty: only checks the template's other rules
    ),
    "readme-over-the-config": (
        "outputs:\n  - {path: wmcurate.yaml, language: en}\n",
        "outputs[0].path: 'wmcurate.yaml' is not a place for a rendered file",
    ),
    "pages-among-the-entries": (
        "pages:\n  en: entries/{section}/README.md\n  zh: papers/{section}/README_zh.md\n",
        "pages.en (section 't'): 'entries/t/README.md' is not a place for a rendered file",
    ),
    "absolute": (
        "outputs:\n  - {path: /tmp/README.md, language: en}\n",
        "outputs[0].path: '/tmp/README.md' must be a path inside the list's folder",
    ),
    "backslash-parent": (
        "outputs:\n  - {path: 'docs\\..\\..\\README.md', language: en}\n",
        "outputs[0].path: 'docs\\\\..\\\\..\\\\README.md' must be a path inside the list's folder",
    ),
}


def config_with(extra: str) -> str:
    """The tiny config with `outputs:`/`pages:` replaced by `extra` (and a section 't')."""
    head, rest = TINY_CONFIG.split("outputs:\n", 1)
    rest = rest.split("parts:\n", 1)[1]
    config = head + "parts:\n" + rest
    if "outputs:" not in extra:
        extra = "outputs:\n  - {path: README.md, language: en}\n" + extra
    return config.replace("sections:\n", "sections:\n  - {id: t, part: advanced, title: T}\n",
                          1) + extra


@pytest.mark.parametrize("case", list(BAD_PLACES))
def test_the_config_cannot_name_a_bad_place(
    make_list: Callable[..., Path], runner: CliRunner, case: str
) -> None:
    extra, problem = BAD_PLACES[case]
    root = make_list(config=config_with(extra))
    git = root / ".git" / "hooks"
    git.mkdir(parents=True)
    before = files_under(root)

    result = render(runner, root)

    if problem is None:
        assert result.exit_code == 0, result.output
        return
    assert_refused(result, f"{root}/wmcurate.yaml: {problem}")
    assert len(result.stderr.splitlines()) == 1
    assert files_under(root) == before
