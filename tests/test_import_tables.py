"""Works written as the rows of a markdown table (import, and `init --from`).

Every table here was written for this test, in the shapes hand-kept lists give their
tables: `| Title | Venue | Paper | Code |`, `| Year | Paper | Venue |`, Chinese headers,
escaped pipes, empty cells written `-`. The arXiv IDs name real papers; the rest is built.
"""

# ruff: noqa: E501  (table rows are written on one line each, as lists write them)

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import Config, load_config
from wmcurate.entries import load_entries
from wmcurate.importer import read_markdown
from wmcurate.importer.tables import header_roles


@pytest.fixture
def config(make_list: Callable[..., Path]) -> Config:
    return load_config(make_list())


def rows(text: str, config: Config) -> list[tuple[object, ...]]:
    occurrences, problems = read_markdown("README.md", text, config)
    assert problems == []
    return [(o.line, o.section, o.title, o.arxiv, o.venue, o.links, o.authors, o.one_liner,
             o.full, o.featured) for o in occurrences]


def test_a_table_with_named_columns_is_one_work_per_row(config: Config) -> None:
    text = """\
## Alpha Methods

| Title | Venue | Paper | Code |
|:------|:-----:|:-----:|:----:|
| GAIA-1: A Generative World Model | arXiv 2023 | [link](https://arxiv.org/abs/2309.17080) | - |
| DriveDreamer | ECCV 2024. | [PDF](https://arxiv.org/pdf/2309.09777) | [code](https://github.com/o/dd) |
"""
    assert rows(text, config) == [
        (5, "alpha", "GAIA-1: A Generative World Model", "2309.17080", "arXiv 2023",
         {"paper": "https://arxiv.org/abs/2309.17080"}, None, None, False, False),
        (6, "alpha", "DriveDreamer", "2309.09777", "ECCV 2024",
         {"pdf": "https://arxiv.org/pdf/2309.09777", "code": "https://github.com/o/dd"},
         None, None, False, False),
    ]


def test_a_linked_paper_column_is_the_title_and_a_year_column_completes_the_venue(
        config: Config) -> None:
    text = """\
## Beta Methods

| Year | Paper | Venue | Authors | TL;DR |
|------|-------|-------|---------|-------|
| 2024 | [UniSim: Learning Interactive Simulators](https://arxiv.org/abs/2310.06114) | ICLR | Yang, Du and Ghasemipour | simulates the world from video |
| 2023 | [Pix2Video](http://arxiv.org/abs/2303.12688) (ICCV'23) | | | - |
"""
    assert rows(text, config) == [
        (5, "beta", "UniSim: Learning Interactive Simulators", "2310.06114", "ICLR 2024",
         {"paper": "https://arxiv.org/abs/2310.06114"}, ["Yang", "Du", "Ghasemipour"],
         "simulates the world from video", False, False),
        (6, "beta", "Pix2Video", "2303.12688", "ICCV 2023",
         {"paper": "http://arxiv.org/abs/2303.12688"}, None, None, False, False),
    ]


def test_chinese_headers_escaped_pipes_and_an_id_column(config: Config) -> None:
    text = """\
## 甲方法

| 标题 | 会议 | arXiv | 代码 |
| --- | --- | --- | --- |
| A \\| B: Two Ways | CVPR 2023 | 2301.00001 | [GitHub](https://github.com/o/ab) |
| `x\\|y` Codes | NeurIPS 2022 | arXiv:2205.00002 | 无 |
"""
    occurrences, problems = read_markdown("README_zh.md", text, config, language="zh")
    assert problems == []
    assert [(o.title, o.arxiv, o.venue, o.links, o.language) for o in occurrences] == [
        ("A | B: Two Ways", "2301.00001", "CVPR 2023", {"code": "https://github.com/o/ab"},
         "zh"),
        ("x|y Codes", "2205.00002", "NeurIPS 2022", {}, "zh"),
    ]


def test_a_table_of_something_else_is_no_works(config: Config) -> None:
    text = "## Alpha Methods\n\n| Metric | Value |\n|---|---|\n| FID | 12.3 |\n"
    occurrences, problems = read_markdown("README.md", text, config)
    assert occurrences == [] and problems == []


def test_rows_without_a_title_and_tables_outside_a_section_are_reported(
        config: Config) -> None:
    text = """\
## Alpha Methods

| Title | Paper |
|---|---|
| | [link](https://arxiv.org/abs/2309.17080) |
| Kept | [link](https://arxiv.org/abs/2310.06114) |

## Unknown Heading

| Title | Paper |
|---|---|
| Lost | [link](https://arxiv.org/abs/2303.12688) |
"""
    occurrences, problems = read_markdown("list.md", text, config)
    assert [o.title for o in occurrences] == ["Kept"]
    assert [p.render() for p in problems] == [
        "list.md:5: error: cannot read this table row as a work (its title cell is empty); "
        "nothing was written for it",
        "list.md:10: warning: this table lists works but is not under a heading that names a "
        "section of wmcurate.yaml; it was not imported (add the heading's text to the "
        "section's aliases)",
    ]


@pytest.mark.parametrize(("headers", "roles"), [
    (["Title", "Paper"], ["title", "link"]),
    (["Paper", "Code"], ["title", "code"]),
    (["**Name**", "Project Page", "Pub."], ["title", "project", "venue"]),
    (["论文", "代码", "主页"], ["title", "code", "project"]),
    (["#", "Score"], [None, None]),
])
def test_headers_name_what_a_column_holds(headers: list[str], roles: list[str | None]) -> None:
    assert header_roles(headers) == roles


def test_init_from_a_list_written_as_tables(tmp_path: Path) -> None:
    source = tmp_path / "awesome.md"
    source.write_text("""\
# Awesome World Models

## Driving

| Title | Venue | Paper | Code |
|:------|:-----:|:-----:|:----:|
| GAIA-1: A Generative World Model | arXiv 2023 | [link](https://arxiv.org/abs/2309.17080) | - |
| DriveDreamer | ECCV 2024 | [link](https://arxiv.org/abs/2309.09777) | [code](https://github.com/o/dd) |

## Robotics

| Year | Paper | Venue |
|------|-------|-------|
| 2024 | [UniSim](https://arxiv.org/abs/2310.06114) | ICLR |
""", encoding="utf-8")

    result = CliRunner().invoke(app, ["init", str(tmp_path / "list"), "--from", str(source)])

    assert result.exit_code == 0, result.output
    assert "driving: Driving (2 works)" in result.output
    assert "robotics: Robotics (1 work)" in result.output
    loaded = load_entries(load_config(tmp_path / "list"))
    assert loaded.problems == []
    assert sorted((e.section, e.arxiv, e.venue) for e in loaded.entries) == [
        ("driving", "2309.09777", "ECCV 2024"),
        ("driving", "2309.17080", "arXiv 2023"),
        ("robotics", "2310.06114", "ICLR 2024"),
    ]
