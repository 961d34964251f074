"""Joining the copies of a work (issue 14, points 1 and 4).

* Two papers that carry one arXiv ID (an entry copied as a template) stay two works:
  the one whose links agree with the ID keeps it, the other gets a title key and its
  ID is marked doubtful; both places are reported and lint flags the shared ID.
* Where copies disagree, the clean copy wins (no mis-decoded text, no HTML entities),
  the message says which was kept and why, and the file order does not matter.

Every list here is a small snippet written for the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import Config, load_config
from wmcurate.importer import join, read_markdown


@pytest.fixture
def root(make_list: Callable[..., Path]) -> Path:
    return make_list()


@pytest.fixture
def config(root: Path) -> Config:
    return load_config(root)


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def entry_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root / "entries")) for p in (root / "entries").rglob("*.yaml"))


def write(root: Path, name: str, text: str) -> str:
    (root / name).write_text(text, encoding="utf-8")
    return str(root / name)


def run(runner: CliRunner, root: Path, *args: str) -> Any:
    return runner.invoke(app, ["--root", str(root), *args])


def work_block(title: str, arxiv: str, links: str = "", authors: str = "Ada Lovelace",
               one_liner: str = "", label: str = "Authors") -> str:
    lines = ["<details>", f"<summary><b>{title}</b></summary>", "",
             f"* **{label}:** {authors}", f"* **arXiv ID:** {arxiv}"]
    if one_liner:
        lines.append(f"* **One-liner:** {one_liner}")
    if links:
        lines.append(f"* **Links:** {links}")
    return "\n".join([*lines, "</details>", ""])


def section(heading: str, *blocks: str) -> str:
    return f"## {heading}\n\n#### Representative Works\n\n" + "\n".join(blocks)


GAUSS = "Gaussian Worlds: Splatting Everything"
TOKENS = "Temporal Tokens for Long Video"


# -- 1. two papers, one arXiv ID ------------------------------------------------------------

def two_papers_one_id() -> str:
    return section(
        "Alpha Methods",
        work_block(TOKENS, "2310.01234", "[[Paper]](https://arxiv.org/abs/2310.05678)",
                   authors="Grace Hopper"),
        work_block(GAUSS, "2310.01234", "[[Paper]](https://arxiv.org/abs/2310.01234)"),
    )


def test_two_papers_with_one_id_are_both_kept(runner: CliRunner, root: Path) -> None:
    source = write(root, "list.md", two_papers_one_id())

    result = run(runner, root, "import", source)

    assert result.exit_code == 0, result.output
    # Every distinct work of the source is written: two titles, two entries.
    assert entry_files(root) == ["alpha/2310.01234.yaml",
                                 "alpha/temporal-tokens-for-long-video.yaml"]
    assert result.stdout == "2 created, 0 updated, 0 skipped, 0 unreadable, 1 warnings\n"
    # The paper whose links agree with the ID keeps it, though it is written second.
    owner = load(root / "entries/alpha/2310.01234.yaml")
    assert owner["title"] == GAUSS
    other_path = root / "entries/alpha/temporal-tokens-for-long-video.yaml"
    other = load(other_path)
    assert (other["title"], other["arxiv"], other["authors"]) == (TOKENS, "2310.01234",
                                                                  ["Grace Hopper"])
    assert other_path.read_text(encoding="utf-8").splitlines()[0] == (
        'arxiv: "2310.01234"  # doubtful: also the arXiv ID of '
        f"'{GAUSS}' (entries/alpha/2310.01234.yaml); check which paper it belongs to")
    # Both places, the decision and the lead to the right ID.
    assert result.stderr.splitlines() == [
        f"list.md:5: warning: '{TOKENS}' has the arXiv ID 2310.01234 of another paper, "
        f"'{GAUSS}' (list.md:13); imported as two works: '{GAUSS}' keeps the ID (its links "
        "agree with the ID), this one keeps it marked doubtful under a title key; its links "
        "point at arXiv 2310.05678. Check the ID on arXiv; until it is corrected, lint "
        "reports the shared ID (WMC206)"
    ]


def test_lint_flags_the_shared_id_of_the_imported_entries(runner: CliRunner, root: Path) -> None:
    source = write(root, "list.md", two_papers_one_id())
    assert run(runner, root, "import", source).exit_code == 0

    linted = run(runner, root, "lint", "--select", "WMC206", "--format", "json")

    assert linted.exit_code == 1
    assert '"code": "WMC206"' in linted.stdout
    assert "temporal-tokens-for-long-video.yaml" in linted.stdout
    assert "entries/alpha/2310.01234.yaml" in linted.stdout


def test_without_agreeing_links_the_first_copy_keeps_the_id(config: Config) -> None:
    text = section("Alpha Methods", work_block(TOKENS, "2310.01234"),
                   work_block(GAUSS, "2310.01234"))
    occurrences, _ = read_markdown("list.md", text, config)

    works, problems = join(occurrences, config.language_codes)

    assert [(w.display_title(), w.shares_id_with is not None) for w in works] == [
        (TOKENS, False), (GAUSS, True)]
    assert [p.render() for p in problems] == [
        f"list.md:12: warning: '{GAUSS}' has the arXiv ID 2310.01234 of another paper, "
        f"'{TOKENS}' (list.md:5); imported as two works: '{TOKENS}' keeps the ID (no copy's "
        "links tell which paper it is; the first keeps it), this one keeps it marked doubtful "
        "under a title key. Check the ID on arXiv; until it is corrected, lint reports the "
        "shared ID (WMC206)"
    ]


def test_each_language_copy_joins_its_own_paper(runner: CliRunner, root: Path) -> None:
    en = write(root, "list.md", two_papers_one_id())
    zh = write(root, "list_zh.md", section(
        "甲方法",
        work_block(GAUSS, "2310.01234", "[[论文]](https://arxiv.org/abs/2310.01234)",
                   one_liner="万物皆可溅射。", label="作者"),
        work_block(TOKENS, "2310.01234", one_liner="长视频的时间令牌。", authors="Grace Hopper",
                   label="作者"),
    ))

    result = run(runner, root, "import", en, zh)

    assert result.exit_code == 0, result.output
    assert entry_files(root) == ["alpha/2310.01234.yaml",
                                 "alpha/temporal-tokens-for-long-video.yaml"]
    assert load(root / "entries/alpha/2310.01234.yaml")["one_liner"] == {"zh": "万物皆可溅射。"}
    tokens = load(root / "entries/alpha/temporal-tokens-for-long-video.yaml")
    assert tokens["one_liner"] == {"zh": "长视频的时间令牌。"}


@pytest.mark.parametrize("other", [
    "Gaussian worlds - splatting everything",  # case and punctuation
    "Gaussian Worlds",  # the short name of the same paper
    "Gaussian Worlds: Splatting Everythin",  # a typo
])
def test_copies_of_one_paper_with_slightly_different_titles_stay_one_work(
    config: Config, other: str
) -> None:
    text = section("Alpha Methods", work_block(GAUSS, "2310.01234")) + "\n" + section(
        "Beta Methods", work_block(other, "2310.01234"))
    occurrences, _ = read_markdown("list.md", text, config)

    works, problems = join(occurrences, config.language_codes)

    assert len(works) == 1
    assert works[0].sections == ["alpha", "beta"]
    assert all("arXiv ID" not in p.message for p in problems)


def test_two_papers_with_one_id_survive_render_and_import(
    runner: CliRunner, root: Path, tmp_path: Path
) -> None:
    source = write(root, "list.md", two_papers_one_id())
    assert run(runner, root, "import", source).exit_code == 0
    assert run(runner, root, "render").exit_code == 0
    shutil.rmtree(root / "entries")
    (root / "entries").mkdir()
    outputs = [str(root / "README.md"), str(root / "README_zh.md"),
               *sorted(str(p) for p in (root / "papers").rglob("*.md"))]

    again = run(runner, root, "import", *outputs)
    checked = run(runner, root, "render", "--check")

    assert again.exit_code == 0, again.output
    assert entry_files(root) == ["alpha/2310.01234.yaml",
                                 "alpha/temporal-tokens-for-long-video.yaml"]
    assert checked.exit_code == 0, checked.output


# -- 4. which copy wins ---------------------------------------------------------------------

CLEAN_EN = section("Alpha Methods", work_block(
    "Björn's Fields", "2301.00001", authors="Björn Ommer, Jérôme Revaud",
    one_liner="Fields & more"))
MOJIBAKE_ZH = section("甲方法", work_block(
    "BjÃ¶rn's Fields", "2301.00001", authors="BjÃ¶rn Ommer, JÃ©rÃ´me Revaud", label="作者",
    one_liner="场与更多"))
GBK_EN = section("Alpha Methods", work_block(
    "Björn's Fields", "2301.00001", authors="Bj枚rn Ommer, Jérôme Revaud",
    one_liner="Fields &amp;amp; more"))


@pytest.mark.parametrize("reverse", [False, True])
def test_the_clean_copy_wins_whatever_the_file_order(
    runner: CliRunner, make_list: Callable[..., Path], reverse: bool
) -> None:
    root = make_list()
    clean = write(root, "a_clean.md", CLEAN_EN)
    broken = write(root, "b_broken.md", GBK_EN.replace("Alpha Methods", "Beta Methods"))
    files = [broken, clean] if reverse else [clean, broken]

    result = run(runner, root, "import", *files)

    assert result.exit_code == 0, result.output
    entry = load(root / "entries/alpha/2301.00001.yaml")
    assert entry["authors"] == ["Björn Ommer", "Jérôme Revaud"]
    assert entry["one_liner"] == {"en": "Fields & more"}
    assert entry["also"] == ["beta"]
    assert result.stderr.splitlines() == [
        "b_broken.md:5: warning: 'Björn's Fields': copies disagree on the authors: kept "
        "[Björn Ommer, Jérôme Revaud] from a_clean.md:5, not [Bj枚rn Ommer, Jérôme Revaud] "
        "from here (the other copy is mis-decoded)",
        "b_broken.md:5: warning: 'Björn's Fields': copies disagree on the one-liner (en): "
        "kept 'Fields & more' from a_clean.md:5, not 'Fields &amp; more' from here (the other "
        "copy holds HTML entities)",
    ]


@pytest.mark.parametrize("reverse", [False, True])
def test_a_mis_decoded_copy_in_the_first_language_loses_to_a_clean_one(
    runner: CliRunner, make_list: Callable[..., Path], reverse: bool
) -> None:
    root = make_list()
    en = write(root, "list.md", CLEAN_EN.replace("Björn", "BjÃ¶rn").replace(
        "Jérôme", "JÃ©rÃ´me"))
    zh = write(root, "list_zh.md", MOJIBAKE_ZH.replace("BjÃ¶rn", "Björn").replace(
        "JÃ©rÃ´me", "Jérôme"))

    result = run(runner, root, *(["import", zh, en] if reverse else ["import", en, zh]))

    assert result.exit_code == 0, result.output
    entry = load(root / "entries/alpha/2301.00001.yaml")
    # The Chinese file's copy is clean: it wins over the English file's, for the title too.
    assert entry["authors"] == ["Björn Ommer", "Jérôme Revaud"]
    assert entry["title"] == {"en": "BjÃ¶rn's Fields", "zh": "Björn's Fields"}
    assert "kept [Björn Ommer, Jérôme Revaud] from list_zh.md:5" in result.stderr
    assert "(the other copy is mis-decoded)" in result.stderr


def test_a_full_copy_wins_over_a_catalog_line(config: Config) -> None:
    text = (
        "## Alpha Methods\n\n#### All works\n\n* [Fields](https://arxiv.org/abs/2301.00001), "
        "CVPR 2023\n\n## Beta Methods\n\n#### Representative Works\n\n"
        + work_block("Fields", "2301.00001").replace("* **arXiv ID:** 2301.00001",
                                                     "* **arXiv ID:** 2301.00001\n"
                                                     "* **Published in:** ICCV 2023")
    )
    occurrences, _ = read_markdown("list.md", text, config)

    [work], problems = join(occurrences, config.language_codes)

    assert work.venue == "ICCV 2023"
    assert [p.render() for p in problems] == [
        "list.md:5: warning: 'Fields': copies disagree on the venue: kept 'ICCV 2023' from "
        "list.md:11, not 'CVPR 2023' from here (a work written in full wins over a one-line "
        "item)"
    ]


def test_copies_that_agree_say_nothing(config: Config) -> None:
    text = section("Alpha Methods", work_block(GAUSS, "2310.01234", one_liner="Same.")) + \
        "\n" + section("Beta Methods", work_block(GAUSS, "2310.01234", one_liner="Same."))
    occurrences, _ = read_markdown("list.md", text, config)

    works, problems = join(occurrences, config.language_codes)

    assert len(works) == 1
    assert problems == []


def test_the_join_does_not_depend_on_the_order_of_occurrences(config: Config) -> None:
    en, _ = read_markdown("list.md", two_papers_one_id(), config)
    zh, _ = read_markdown("list_zh.md", MOJIBAKE_ZH, config)
    clean, _ = read_markdown("clean.md", CLEAN_EN, config)
    occurrences = en + zh + clean

    forward, forward_problems = join(occurrences, config.language_codes)
    backward, backward_problems = join(occurrences[::-1], config.language_codes)

    def summary(works: list[Any]) -> list[Any]:
        return [(w.title, w.arxiv, w.authors, w.texts, w.shares_id_with is not None)
                for w in works]

    assert summary(forward) == summary(backward)
    assert forward_problems == backward_problems
