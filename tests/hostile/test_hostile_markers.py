"""Hostile README layouts: markers are markers only where markdown reads them as HTML.

A README that documents the markers (in a fenced or indented code block, a list, a
quote) must keep that documentation byte for byte, the real markers must still
work, and a real marker given twice is still refused with its line. A README whose
lines end in a mix of CRLF and LF keeps every prose line's ending.

Every README here is written by the test itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from wmcurate.cli import app

BEGIN_LIST, END_LIST = "<!-- wmcurate:begin list -->", "<!-- wmcurate:end list -->"
REAL = (
    "<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n\n"
    f"{BEGIN_LIST}\n{END_LIST}\n"
)

#: Documentation of the markers, each as markdown shows it as code or text (never HTML).
DOCUMENTED = {
    "backtick-fence": f"```markdown\n{BEGIN_LIST}\n{END_LIST}\n```\n",
    "tilde-fence": f"~~~\n{BEGIN_LIST}\n~~~\n",
    "longer-fence-with-a-shorter-one-inside": f"````\n```\n{BEGIN_LIST}\n```\n{END_LIST}\n````\n",
    "indented-code": f"    {BEGIN_LIST}\n    {END_LIST}\n",
    "tab-indented-code": f"\t{BEGIN_LIST}\n\t{END_LIST}\n",
    "fence-in-a-list-item": f"- Put these in your README:\n\n  ```\n  {BEGIN_LIST}\n"
                            f"  {END_LIST}\n  ```\n",
    "list-item": f"- {BEGIN_LIST}\n- {END_LIST}\n",
    "indented-in-a-list-item": f"1. Add\n\n   {BEGIN_LIST}\n   {END_LIST}\n",
    "quote": f"> {BEGIN_LIST}\n> {END_LIST}\n",
    "fence-in-a-quote": f"> ```\n> {BEGIN_LIST}\n> ```\n",
}


def render(runner: CliRunner, root: Path, *args: str) -> Any:
    return runner.invoke(app, ["--root", str(root), "render", *args])


def read(root: Path, name: str) -> str:
    return (root / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize("case", list(DOCUMENTED))
def test_documented_markers_are_left_alone_and_real_ones_still_work(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner,
    case: str,
) -> None:
    docs = f"# T\n\nHow to mark the list:\n\n{DOCUMENTED[case]}\nThe end of the docs.\n\n"
    root = make_list(sample_entries, readme=docs + REAL + "\nFooter.\n")

    result = render(runner, root)

    assert result.exit_code == 0, result.output
    text = read(root, "README.md")
    assert text.startswith(docs + "<!-- wmcurate:begin toc -->\n\n* [🔬 Basics](#-basics)")
    assert text.endswith(f"\n{END_LIST}\n\nFooter.\n")
    assert text.count("<summary><b>First Work: A Study</b></summary>") == 1
    assert render(runner, root, "--check").exit_code == 0


@pytest.mark.parametrize("case", list(DOCUMENTED))
def test_documented_markers_alone_are_missing_markers(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner,
    case: str,
) -> None:
    readme = f"# T\n\n<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n\n{DOCUMENTED[case]}"
    root = make_list(sample_entries, readme=readme)

    result = render(runner, root)

    assert result.exit_code == 2
    [problem] = result.stderr.splitlines()[1:]
    assert problem.startswith(
        "README.md: marker for block 'list' is missing: add <!-- wmcurate:begin list --> and "
        "<!-- wmcurate:end list --> (line ")
    assert problem.endswith("but a marker counts only at the start of a line, outside code "
                            "blocks, lists, quotes and other HTML; a blank line before it ends "
                            "those)")
    assert read(root, "README.md") == readme


def test_a_duplicated_real_marker_is_still_refused_with_its_line(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    readme = (f"# T\n\n```\n{BEGIN_LIST}\n```\n\n" + REAL + f"\n{BEGIN_LIST}\n{END_LIST}\n")
    root = make_list(sample_entries, readme=readme)

    result = render(runner, root)

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: render refused, nothing was written:",
        "README.md:13: marker 'begin list' is duplicated (first at line 10)",
        "README.md:14: marker 'end list' has no 'begin list' before it",
    ]
    assert read(root, "README.md") == readme


def test_a_fence_left_open_makes_the_markers_after_it_text(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    # CommonMark (and GitHub) show everything after an unclosed fence as code.
    readme = "# T\n\n```\nforgot to close\n\n" + REAL
    root = make_list(sample_entries, readme=readme)

    result = render(runner, root)

    assert result.exit_code == 2
    assert "marker for block 'toc' is missing" in result.stderr
    assert read(root, "README.md") == readme


def test_markers_inside_an_html_block_are_text(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    # Filling a block that sits inside an HTML block would end that block early and
    # change how the lines after it read, down to the markers of the next block.
    readme = f"# T\n\n<div>\n{REAL}</div>\n"
    root = make_list(sample_entries, readme=readme)

    result = render(runner, root)

    assert result.exit_code == 2
    assert "README.md: marker for block 'toc' is missing" in result.stderr
    assert "(line 4 has one, but a marker counts only at the start of a line, outside code " \
        "blocks, lists, quotes and other HTML; a blank line before it ends those)" in result.stderr
    assert read(root, "README.md") == readme


def test_a_blank_line_ends_the_html_block_before_a_marker(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    readme = f"# T\n\n<div>\n\n{REAL}</div>\n"
    root = make_list(sample_entries, readme=readme)

    assert render(runner, root).exit_code == 0
    assert "<summary><b>First Work: A Study</b></summary>" in read(root, "README.md")
    assert render(runner, root, "--check").exit_code == 0


@pytest.mark.parametrize(
    "readme",
    [
        # Found by the fuzz: a fence-like line inside an HTML block above the list.
        f"<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n<div>\n```\n\n{BEGIN_LIST}\n"
        f"{END_LIST}\n",
        f"<!-- wmcurate:begin toc -->\n<div>\n<!-- wmcurate:end toc -->\n```\n{BEGIN_LIST}\n"
        f"{END_LIST}\n",
        f"<!-- wmcurate:begin toc -->\n  <!-- wmcurate:end toc -->\n<!-- wmcurate:end toc -->\n"
        f"{BEGIN_LIST}\n{END_LIST}\n",
    ],
    ids=["fence-in-html-above", "end-marker-in-html", "indented-end-marker"],
)
def test_rendering_twice_changes_nothing_for_odd_layouts(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner,
    readme: str,
) -> None:
    root = make_list(sample_entries, readme=readme)

    first = render(runner, root)

    assert first.exit_code in (0, 2), first.output
    assert "Traceback" not in first.output
    if first.exit_code == 0:
        assert render(runner, root, "--check").exit_code == 0
    else:
        assert read(root, "README.md") == readme


# -- line endings --------------------------------------------------------------------------


def test_mixed_line_endings_keep_each_prose_line_ending(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    head = "# Mixed\r\n\r\nWindows prose.\r\nUnix prose.\n\n<!-- wmcurate:begin toc -->\r\n"
    middle = "<!-- wmcurate:end toc -->\n\nMore unix prose.\n\n<!-- wmcurate:begin list -->\n"
    tail = "<!-- wmcurate:end list -->\r\nLast, with CRLF.\r\nAnd LF.\n"
    root = make_list(sample_entries)
    (root / "README.md").write_bytes((head + middle + tail).encode("utf-8"))

    result = render(runner, root)

    assert result.exit_code == 0, result.output
    new = (root / "README.md").read_bytes().decode("utf-8")
    assert new.startswith(head)
    toc, rest = new[len(head):].split("<!-- wmcurate:end toc -->", 1)
    # A block's lines end as its begin marker's line does.
    assert toc.startswith("\r\n* [🔬 Basics](#-basics)")
    assert toc.count("\n") == toc.count("\r\n") > 3
    assert rest.startswith(middle[len("<!-- wmcurate:end toc -->"):])
    listed = rest[len(middle) - len("<!-- wmcurate:end toc -->"):]
    assert "\r" not in listed.split("<!-- wmcurate:end list -->")[0]
    assert new.endswith(tail)
    assert render(runner, root, "--check").exit_code == 0


def test_old_mac_line_endings_are_line_endings(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    readme = "# CR only\r\rProse.\r\r" + REAL.replace("\n", "\r")
    root = make_list(sample_entries)
    (root / "README.md").write_bytes(readme.encode("utf-8"))

    result = render(runner, root)

    assert result.exit_code == 0, result.output
    new = read(root, "README.md")
    assert new.startswith("# CR only\r\rProse.\r\r<!-- wmcurate:begin toc -->\r\r* [🔬 Basics]")
    assert "\n" not in new
