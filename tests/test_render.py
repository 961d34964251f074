"""`wmcurate render`: the README blocks and the per-section pages.

Golden files hold the full output for the tiny list of conftest.py. After a
deliberate change of the output, regenerate them and review the diff:

    WMCURATE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py -k golden
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.entries import dump_yaml, new_entry_document
from wmcurate.labels import DEFAULT_LABELS
from wmcurate.markdown import paragraphs

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "lists" / "tiny" / "expected"
OUTPUTS = ["README.md", "README_zh.md"]
PAGES = [
    f"papers/{s}/README{suffix}.md" for s in ("alpha", "beta", "gamma") for suffix in ("", "_zh")
]

markdown_it = pytest.importorskip("markdown_it")
MD = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])


def render(runner: CliRunner, root: Path, *args: str) -> Any:
    return runner.invoke(app, ["--root", str(root), "render", *args])


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def read(root: Path, name: str) -> str:
    return (root / name).read_text(encoding="utf-8")


def entry_yaml(**values: Any) -> str:
    return dump_yaml(new_entry_document(values))


# -- the output, whole --------------------------------------------------------------------------


def test_render_matches_golden_files(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries)

    result = render(runner, root)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        *[f"wrote {name}" for name in OUTPUTS + PAGES],
        "rendered 2 entries: 8 file(s) changed, 0 unchanged",
    ]
    if os.environ.get("WMCURATE_UPDATE_GOLDEN"):
        for name in OUTPUTS + PAGES:
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / name, GOLDEN / name)
    for name in OUTPUTS + PAGES:
        assert read(root, name) == (GOLDEN / name).read_text(encoding="utf-8"), name


def test_render_twice_changes_nothing(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries)
    assert render(runner, root).exit_code == 0
    first = snapshot(root)

    again = render(runner, root)

    assert again.exit_code == 0
    assert again.stdout == "rendered 2 entries: 0 file(s) changed, 8 unchanged\n"
    assert snapshot(root) == first


def test_check_writes_nothing_and_names_each_stale_file(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries)
    assert render(runner, root).exit_code == 0
    readme = read(root, "README.md")
    (root / "README.md").write_text(readme.replace("(1 work)", "(7 works)", 1), encoding="utf-8")
    with (root / "papers/beta/README.md").open("a", encoding="utf-8") as page:
        page.write("a hand edit\n")
    (root / "papers/gamma/README_zh.md").unlink()
    before = snapshot(root)

    result = render(runner, root, "--check")

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "stale: README.md",
        "stale: papers/beta/README.md",
        "stale: papers/gamma/README_zh.md",
        "3 file(s) out of date; run `wmcurate render`.",
    ]
    assert result.stderr == ""
    assert snapshot(root) == before


def test_check_passes_when_up_to_date(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries)
    assert render(runner, root).exit_code == 0

    result = render(runner, root, "--check")

    assert result.exit_code == 0
    assert result.stdout == "up to date: 8 files from 2 entries\n"


def test_check_fails_after_an_entry_changes(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries)
    assert render(runner, root).exit_code == 0
    entry = root / "entries/beta/second-work.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("CVPR 2024", "CVPR 2025"), encoding="utf-8"
    )

    result = render(runner, root, "--check")

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "stale: README.md",
        "stale: README_zh.md",
        "stale: papers/beta/README.md",
        "stale: papers/beta/README_zh.md",
        "4 file(s) out of date; run `wmcurate render`.",
    ]


# -- languages -------------------------------------------------------------------------------


def test_labels_follow_the_language(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries)
    assert render(runner, root).exit_code == 0
    en = read(root, "papers/alpha/README.md").splitlines()
    zh = read(root, "papers/alpha/README_zh.md").splitlines()

    assert "* **Authors:** Ada Lovelace, Alan Turing" in en
    assert "* **arXiv ID:** 2301.00001" in en
    assert "* **One-liner:** Does the first thing." in en
    assert "* **Published in:** ICML 2023" in en
    assert "> **Core Innovation**\\" in en
    assert "<summary>Abstract</summary>" in en
    assert "<summary>Key points</summary>" in en
    assert "* **作者：** Ada Lovelace, Alan Turing" in zh
    assert "* **arXiv 编号：** 2301.00001" in zh
    assert "* **一句话概述：** 做第一件事。" in zh
    assert "* **发表于：** ICML 2023" in zh
    assert (
        "* **链接：** [论文](https://arxiv.org/abs/2301.00001) | "
        "[代码](https://github.com/example/first)" in zh
    )
    assert "> **核心创新**\\" in zh
    assert "<summary>摘要</summary>" in zh
    assert "<summary>要点</summary>" in zh
    assert not any("Authors" in line or "One-liner" in line for line in zh)
    assert not any("作者" in line or "一句话" in line for line in en)


def test_chinese_page_falls_back_to_english_text(
    make_list: Callable[..., Path], runner: CliRunner
) -> None:
    root = make_list(
        {
            "beta/english-only": entry_yaml(
                title={"en": "English Title"},
                one_liner={"en": "Only English here."},
                abstract={"en": "An English abstract."},
                key_points={"en": ["An English point"]},
                innovation={"en": "English idea.", "zh": "中文想法。"},
                featured=True,
            )
        }
    )

    assert render(runner, root).exit_code == 0
    zh = read(root, "papers/beta/README_zh.md")

    assert "<summary><b>English Title</b></summary>" in zh
    assert "* **一句话概述：** Only English here.\n" in zh
    assert "\nAn English abstract.\n" in zh
    assert "* An English point\n" in zh
    assert "> 中文想法。\n" in zh
    assert "English idea." not in zh
    # Shown in full in the README: its catalog line links to it there.
    assert "* [English Title](#english-only)" in read(root, "README_zh.md")


# -- order, sections, featured -------------------------------------------------------------


def test_works_are_ordered_by_added_and_shown_in_full_only_in_their_home_section(
    make_list: Callable[..., Path], runner: CliRunner
) -> None:
    root = make_list(
        {
            "alpha/late": entry_yaml(
                title="Late", featured=True, also=["gamma"], added="2026-03-01T00:00:00Z"
            ),
            "alpha/early": entry_yaml(title="Early", added="2026-01-01T00:00:00Z"),
            "gamma/middle": entry_yaml(title="Middle", featured=True, added="2026-02-01T00:00:00Z"),
        }
    )

    assert render(runner, root).exit_code == 0
    readme = read(root, "README.md")
    gamma_page = read(root, "papers/gamma/README.md")

    # A line links to the work in full: in the README when it shows it, else on its page.
    assert re.findall(r"^\* \[(\w+)\]\(([\w/.]*)#(\w+)\)$", readme, re.M) == [
        ("Early", "papers/alpha/README.md", "early"),
        ("Late", "", "late"),
        ("Middle", "", "middle"),
        ("Late", "", "late"),
    ]
    assert re.findall(r"^<summary><b>(\w+)</b></summary>$", readme, re.M) == ["Late", "Middle"]
    assert re.findall(r'^<details id="(\w+)">$', readme, re.M) == ["late", "middle"]
    assert re.findall(r'^<details id="(\w+)">$', gamma_page, re.M) == ["middle", "late"]
    assert (
        "* **Listed in:** [Alpha Methods](../alpha/README.md), [Gamma Systems](README.md)"
        in gamma_page
    )


def test_contents_link_to_the_headings_github_makes(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    # A hand-written heading with a section's title comes first: GitHub gives the
    # generated one the anchor "alpha-methods-1".
    readme = (
        "# Tiny list\n\n## Alpha Methods\n\nWhy alpha matters.\n\n"
        "<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n\n"
        "<!-- wmcurate:begin list -->\n<!-- wmcurate:end list -->\n"
    )
    root = make_list(sample_entries, readme=readme)

    assert render(runner, root).exit_code == 0
    toc = read(root, "README.md").split("<!-- wmcurate:begin toc -->")[1].split("<!--")[0]

    assert toc.strip().splitlines() == [
        "* [🔬 Basics](#-basics) (2 works)",
        "  * [Alpha Methods](#alpha-methods-1) (1 work)",
        "  * [Beta Methods](#beta-methods) (1 work)",
        "* [Advanced](#advanced) (1 work)",
        "  * [Gamma Systems](#gamma-systems) (1 work)",
    ]


# -- markers -------------------------------------------------------------------------------

MARKER_CASES = {
    "missing": (
        "# T\n\n<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n",
        [
            "README_zh.md: marker for block 'list' is missing: add <!-- wmcurate:begin list --> "
            "and <!-- wmcurate:end list -->"
        ],
    ),
    "duplicated": (
        "# T\n\n<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n"
        "<!-- wmcurate:begin list -->\n<!-- wmcurate:end list -->\n"
        "<!-- wmcurate:begin list -->\n<!-- wmcurate:end list -->\n",
        [
            "README_zh.md:7: marker 'begin list' is duplicated (first at line 5)",
            "README_zh.md:8: marker 'end list' has no 'begin list' before it",
        ],
    ),
    "end-without-begin": (
        "# T\n\n<!-- wmcurate:end toc -->\n"
        "<!-- wmcurate:begin list -->\n<!-- wmcurate:end list -->\n",
        ["README_zh.md:3: marker 'end toc' has no 'begin toc' before it"],
    ),
    "never-closed": (
        "# T\n\n<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n"
        "<!-- wmcurate:begin list -->\nold text\n",
        ["README_zh.md:5: marker 'begin list' is never closed (add <!-- wmcurate:end list -->)"],
    ),
    "end-of-another-block": (
        "# T\n\n<!-- wmcurate:begin toc -->\n<!-- wmcurate:end list -->\n"
        "<!-- wmcurate:begin list -->\n<!-- wmcurate:end list -->\n",
        ["README_zh.md:4: marker 'end list' closes block 'toc' begun at line 3"],
    ),
}


@pytest.mark.parametrize("case", list(MARKER_CASES))
def test_marker_problems_refuse_to_render_and_write_nothing(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner, case: str
) -> None:
    readme_zh, problems = MARKER_CASES[case]
    root = make_list(sample_entries, readme_zh=readme_zh)
    before = snapshot(root)

    for args in ([], ["--check"]):
        result = render(runner, root, *args)

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.splitlines() == [
            "Error: render refused, nothing was written:",
            *problems,
        ]
        assert snapshot(root) == before
        assert not (root / "papers").exists()


def test_marker_problems_of_several_readmes_are_all_named(
    make_list: Callable[..., Path], runner: CliRunner
) -> None:
    root = make_list(readme="# T\n", readme_zh=MARKER_CASES["never-closed"][0])

    result = render(runner, root)

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: render refused, nothing was written:",
        "README.md: marker for block 'toc' is missing: add <!-- wmcurate:begin toc --> and "
        "<!-- wmcurate:end toc -->",
        "README.md: marker for block 'list' is missing: add <!-- wmcurate:begin list --> and "
        "<!-- wmcurate:end list -->",
        "README_zh.md:5: marker 'begin list' is never closed (add <!-- wmcurate:end list -->)",
    ]


def test_missing_readme_refuses_to_render(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries, readme_zh=None)
    before = snapshot(root)

    result = render(runner, root)

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: render refused, nothing was written:",
        "README_zh.md: not found; create it with the markers <!-- wmcurate:begin toc --> "
        "<!-- wmcurate:end toc --> <!-- wmcurate:begin list --> <!-- wmcurate:end list -->",
    ]
    assert snapshot(root) == before


def test_markers_inside_a_code_fence_are_text(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    readme = (
        "# T\n\nHow to mark a block:\n\n```markdown\n<!-- wmcurate:begin list -->\n"
        "<!-- wmcurate:end list -->\n```\n\n<!-- wmcurate:begin toc -->\n"
        "<!-- wmcurate:end toc -->\n\n<!-- wmcurate:begin list -->\n"
        "<!-- wmcurate:end list -->\n"
    )
    root = make_list(sample_entries, readme=readme)

    assert render(runner, root).exit_code == 0

    assert read(root, "README.md").startswith(readme.split("<!-- wmcurate:begin toc -->")[0])


# -- text outside the markers --------------------------------------------------------------

ODD_README = (
    "\ufeff# Odd  README   \n"
    "\n"
    "Tabs\there, trailing spaces   \n"
    "<!-- a comment that is not a marker -->\n"
    "\n\n\n"
    "<!-- wmcurate:begin toc -->\n"
    "stale contents\n"
    "<!-- wmcurate:end toc -->\n"
    "  indented prose\n"
    "<!--   wmcurate:begin   list   -->\n"
    "<!-- wmcurate:end list -->\n"
    "last line without newline"
)


def test_text_outside_markers_is_kept_byte_for_byte(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries, readme=ODD_README)

    assert render(runner, root).exit_code == 0
    new = (root / "README.md").read_bytes().decode("utf-8")

    head, rest = new.split("<!-- wmcurate:begin toc -->\n", 1)
    assert head == ODD_README.split("<!-- wmcurate:begin toc -->\n")[0]
    middle = rest.split("<!-- wmcurate:end toc -->\n", 1)[1].split("<!--   wmcurate:begin")[0]
    assert middle == "  indented prose\n"
    assert new.endswith("<!-- wmcurate:end list -->\nlast line without newline")
    assert "stale contents" not in new


def test_crlf_readme_keeps_its_line_endings_outside_markers(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    readme = (
        "# Windows README\r\n\r\nProse.\r\n\r\n<!-- wmcurate:begin toc -->\r\n"
        "<!-- wmcurate:end toc -->\r\n\r\nMore prose.\r\n\r\n"
        "<!-- wmcurate:begin list -->\r\n<!-- wmcurate:end list -->\r\n\r\nFooter.\r\n"
    )
    root = make_list(sample_entries)
    (root / "README.md").write_bytes(readme.encode("utf-8"))

    assert render(runner, root).exit_code == 0
    new = (root / "README.md").read_bytes()

    assert new.startswith(b"# Windows README\r\n\r\nProse.\r\n\r\n<!-- wmcurate:begin toc -->")
    assert (
        b"<!-- wmcurate:end toc -->\r\n\r\nMore prose.\r\n\r\n<!-- wmcurate:begin list -->" in new
    )
    assert new.endswith(b"<!-- wmcurate:end list -->\r\n\r\nFooter.\r\n")


# -- text that tries to break the markdown -------------------------------------------------

NASTY_VALUES: dict[str, Any] = {
    "title": "Nasty </details> | <script>alert(1)</script> `tick` [[Paper]](https://evil.example) "
    "*star* _under_ & &amp; # 1. end",
    "authors": ["A | B", "C *D*", "E_F <i>"],
    "venue": "ICML 2023 | <b>bold</b>",
    "model": "M`1` </details>",
    "affiliations": "Lab [[x]](https://evil.example)",
    "links": {"paper": "https://example.com/a b(c)", "code": "https://github.com/x/y"},
    "one_liner": {
        "en": "# Not a heading | `code` </details>",
        "zh": "1. 不是列表 <script>alert(1)</script>",
    },
    "innovation": {
        "en": "1. Not a list\n\n> not a quote\n\n<details>",
        "zh": "# 不是标题\n\n- 也不是列表",
    },
    "abstract": {
        "en": "# Heading-like start\n\n1. numbered start\n\n</details>\n\n"
        "<script>alert(1)</script>\n\n- dash start and https://example.com/a_b?x=1 "
        "end\n\n+ plus\n\n=== setext\n\n```\n\n~~~ tilde\n\n    indented code?\n\n"
        "| a | b |\n\n[[Paper]](https://evil.example)",
        "zh": "## 二级标题？\n\n</details><details>\n\n> 引用？",
    },
    "key_points": {
        "en": [
            "`tick`",
            "<script>alert(1)</script>",
            "| a | b |",
            "see https://example.com/x_(y)",
            "[[Paper]](https://evil.example)",
            "# hash",
            "1) paren",
            "\\ backslash \\\\ two",
            "**bold**",
            "</details>",
            "<!-- comment -->",
        ],
        "zh": ["# 井号", "</details>", "`反引号`"],
    },
    "featured": True,
    "also": ["gamma"],
    "added": "2026-01-01T00:00:00Z",
}


@pytest.fixture
def nasty_list(make_list: Callable[..., Path], runner: CliRunner) -> Path:
    root = make_list({"alpha/nasty-work": entry_yaml(**NASTY_VALUES)})
    result = render(runner, root)
    assert result.exit_code == 0, result.output
    return root


def structure(markdown: str) -> dict[str, Any]:
    """What a CommonMark reader sees: headings, link targets, HTML blocks, stray elements.

    "Stray" is anything render never writes on purpose: code blocks, tables, rules,
    images, inline HTML, or HTML blocks other than <details>/<summary>. Code spans and
    strong text are collected apart: curated texts may carry them (and nothing else may).
    """
    tokens = MD.parse(markdown)
    found: dict[str, Any] = {
        "headings": [],
        "hrefs": [],
        "details_open": 0,
        "details_close": 0,
        "stray": [],
        "code": [],
        "strong": [],
    }
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            found["headings"].append(token.markup + " " + tokens[i + 1].content)
        elif token.type == "html_block":
            found["details_open"] += len(re.findall(r"^<details\b", token.content, re.M))
            found["details_close"] += len(re.findall(r"^</details>$", token.content, re.M))
            for line in token.content.splitlines():
                if not re.fullmatch(
                    r'<details( id="[\w.-]+")?>|</details>|<summary>.*</summary>'
                    r"|<!-- .* -->|<!-- wmcurate:(begin|end) \w+ -->",
                    line,
                ):
                    found["stray"].append(line)
        elif token.type in ("fence", "code_block", "table_open", "hr"):
            found["stray"].append(token.type)
        for child in token.children or []:
            if child.type == "link_open" and child.markup != "autolink":
                # Autolinks show their own URL; only [text](target) links can hide one.
                found["hrefs"].append(child.attrs["href"])
            elif child.type == "code_inline":
                found["code"].append(child.content)
            elif child.type in ("html_inline", "image", "em_open", "s_open"):
                found["stray"].append(f"{child.type} {child.content}")
        children = token.children or []
        found["strong"] += [children[j + 1].content.rstrip(":：") for j, child
                            in enumerate(children) if child.type == "strong_open"]
    return found


#: What render writes in bold itself: field labels, and the tiny list's text labels.
LABELS = {text for table in DEFAULT_LABELS.values() for text in table.values()} | {
    "Scope", "Objective", "范围", "目标"}


def test_nasty_text_keeps_the_structure(nasty_list: Path) -> None:
    for name in OUTPUTS + PAGES:
        text = read(nasty_list, name)
        seen = structure(text)

        assert seen["stray"] == [], name
        assert seen["details_open"] == seen["details_close"], name
        assert "evil.example" not in " ".join(seen["hrefs"]), name
        assert "<script" not in text.lower(), name
        lines = text.splitlines()
        assert sum(line.startswith("<details") for line in lines) == sum(
            line == "</details>" for line in lines
        ), name

        # Only the curated texts' own code spans and strong text (one-liner, key points).
        english = not name.endswith("_zh.md")
        assert seen["code"] == (["code", "tick"] if english else ["反引号"]) * (
            "beta" not in name), name
        strong = [text for text in seen["strong"] if text not in LABELS]
        assert strong == (["bold"] if english and "beta" not in name else []), name

    assert structure(read(nasty_list, "papers/alpha/README.md"))["headings"] == [
        "# Alpha Methods",
        "## Works (1)",
    ]
    # Parts one level below the curator's "## The list", sections below them, and short
    # sub-headings (GitHub numbers repeated ones: their anchors stay unique).
    assert structure(read(nasty_list, "README.md"))["headings"] == [
        "# Tiny list",
        "## Contents",
        "## The list",
        "### 🔬 Basics",
        "#### Alpha Methods",
        "##### Representative works",
        "##### All works (1)",
        "#### Beta Methods",
        "### Advanced",
        "#### Gamma Systems",
        "##### All works (1)",
    ]


def test_nasty_text_imports_back_unchanged(nasty_list: Path, runner: CliRunner) -> None:
    original = YAML(typ="safe").load(read(nasty_list, "entries/alpha/nasty-work.yaml"))
    shutil.rmtree(nasty_list / "entries")
    (nasty_list / "entries").mkdir()

    result = runner.invoke(
        app,
        [
            "--root",
            str(nasty_list),
            "import",
            *[str(nasty_list / name) for name in OUTPUTS + PAGES],
        ],
    )

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    [path] = (nasty_list / "entries").rglob("*.yaml")
    assert path.parent.name == "alpha"
    imported = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    for field in (
        "title",
        "authors",
        "venue",
        "model",
        "affiliations",
        "links",
        "key_points",
        "featured",
        "also",
    ):
        assert imported[field] == original[field], field
    # Render writes each paragraph on one line (the indented one loses its indent).
    for field in ("one_liner", "innovation", "abstract"):
        assert imported[field] == {
            lang: "\n\n".join(paragraphs(text)) for lang, text in original[field].items()
        }, field


def test_render_then_import_keeps_the_key_of_a_work_without_arxiv_id(
    make_list: Callable[..., Path], runner: CliRunner
) -> None:
    root = make_list(
        {"gamma/sora": entry_yaml(title="OpenAI Sora", featured=True, added="2026-01-01T00:00:00Z")}
    )
    assert render(runner, root).exit_code == 0
    shutil.rmtree(root / "entries")

    result = runner.invoke(
        app, ["--root", str(root), "import", *[str(root / name) for name in OUTPUTS + PAGES]]
    )

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "entries").rglob("*.yaml")) == ["sora.yaml"]
    assert render(runner, root, "--check").exit_code == 0


def test_title_with_backslash_imports_back_unchanged(
    make_list: Callable[..., Path], runner: CliRunner
) -> None:
    title = r"Globbing C:\*.txt and \[brackets\]"
    root = make_list({"alpha/backslash": entry_yaml(title=title, featured=True)})
    assert render(runner, root).exit_code == 0
    shutil.rmtree(root / "entries")

    result = runner.invoke(app, ["--root", str(root), "import", str(root / "README.md")])

    assert result.exit_code == 0, result.output
    [path] = (root / "entries").rglob("*.yaml")
    assert YAML(typ="safe").load(path.read_text(encoding="utf-8"))["title"] == title
