"""A heading outline that reads (issue 9.4).

The list block's headings step down one level at a time from the curator's own heading
above it (parts, then sections, then short "Representative works" and "All works"
headings); no heading is empty; the table of contents links each part and section by
the anchor GitHub gives it: emoji, CJK and punctuation handled, repeated headings
numbered. Anchors are checked with tests/render_lists.py's own reading of GitHub's rule,
and that reading against a real list's table of contents (the seed's, which GitHub
renders: every one of its 70 links lands).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from render_lists import (
    BLOCKS,
    broken_links,
    rendered,
    scan,
    synthetic_entries,
    write_list,
)

from wmcurate.markdown import github_slug, heading_texts
from wmcurate.render import apply_render, plan_render
from wmcurate.render.markers import anchors_after

SEED = Path(__file__).resolve().parent / "fixtures" / "seed"


def outline(markdown: str) -> list[tuple[int, str, bool]]:
    """(level, text, empty) of every top-level heading; a heading is empty when the next
    top-level block is a heading of its level or above, or there is none."""
    tokens = BLOCKS.parse(markdown)
    # The top-level blocks, as (opening token, the inline token after it if any).
    blocks = [(t, tokens[i + 1] if i + 1 < len(tokens) else None)
              for i, t in enumerate(tokens) if t.level == 0 and t.nesting != -1]
    found = []
    for n, (token, inline) in enumerate(blocks):
        if token.type != "heading_open" or inline is None:
            continue
        level = int(token.tag[1:])
        nxt = blocks[n + 1][0] if n + 1 < len(blocks) else None
        empty = nxt is None or (nxt.type == "heading_open" and int(nxt.tag[1:]) <= level)
        found.append((level, inline.content, empty))
    return found


@pytest.fixture
def built(tmp_path: Path) -> dict[str, str]:
    config = write_list(tmp_path / "list")
    apply_render(plan_render(config, synthetic_entries(config, 40)))
    return rendered(tmp_path / "list")


def test_the_list_steps_down_one_level_at_a_time_under_the_curators_heading(
    built: dict[str, str],
) -> None:
    for name in ("README.md", "README_zh.md"):
        headings = outline(built[name])
        levels = [level for level, _, _ in headings]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), name
        assert [text for _, text, empty in headings if empty] == [], name
    english = [(level, text) for level, text, _ in outline(built["README.md"])]
    start = english.index((2, "The list"))
    assert english[start:start + 6] == [
        (2, "The list"),
        (3, "🔬 Part One: Specialized Models"),
        (4, "Spatial Consistency"),
        (5, "Representative works"),
        (5, "All works (12)"),
        (4, "Modality + Spatial (3D)"),
    ]
    assert english[-1] == (2, "After the list")
    # Pages: the section, then its works.
    for name, text in built.items():
        if name.startswith("papers/"):
            assert [level for level, _, _ in outline(text)] == [1, 2], name


@pytest.mark.parametrize(("above", "levels"), [
    ("", (2, 3, 4)),
    ("# Title\n\n", (2, 3, 4)),
    ("# Title\n\n## The list\n\n", (3, 4, 5)),
    ("# Title\n\n## Lists\n\n### Papers\n\n", (4, 5, 6)),
    # Deeper than that, the sub-headings would pass level 6: the parts stay at 4.
    ("# Title\n\n## A\n\n### B\n\n#### C\n\n##### D\n\n", (4, 5, 6)),
])
def test_the_levels_follow_the_heading_above_the_block(
    tmp_path: Path, above: str, levels: tuple[int, int, int]
) -> None:
    readme = above + "<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n\n" \
        "<!-- wmcurate:begin list -->\n<!-- wmcurate:end list -->\n"
    config = write_list(tmp_path / "list", readme=readme, readme_zh=readme)
    apply_render(plan_render(config, synthetic_entries(config, 8, featured_every=2)))

    text = (tmp_path / "list" / "README.md").read_text(encoding="utf-8")
    generated = text.split("<!-- wmcurate:begin list -->")[1]
    found = {(level, title) for level, title, _ in outline(generated)}

    assert (levels[0], "🔬 Part One: Specialized Models") in found
    assert (levels[1], "Spatial Consistency") in found
    assert (levels[2], "Representative works") in found


def test_contents_links_land_on_the_part_and_section_headings(built: dict[str, str]) -> None:
    for name in ("README.md", "README_zh.md"):
        text = built[name]
        toc = text.split("<!-- wmcurate:begin toc -->")[1].split("<!-- wmcurate:end toc -->")[0]
        by_anchor = {anchor: (level, heading) for level, heading, anchor in scan(text).headings}
        entries = re.findall(r"^ *\* \[(.+?)\]\(#([^)]+)\)", toc, re.M)
        assert len(entries) == 6, name  # two parts, four sections
        for title, anchor in entries:
            level, heading = by_anchor[unquote(anchor)]
            assert heading == title.replace("\\", "")
            assert level in (3, 4)
    # The hand-written "## Spatial Consistency" above comes first: GitHub numbers ours.
    assert "  * [Spatial Consistency](#spatial-consistency-1) (12 works)" in built["README.md"]
    assert "* [🔬 Part One: Specialized Models](#-part-one-specialized-models)" \
        in built["README.md"]
    assert "* [🌟 The \"Trinity\" & Friends](#-the-trinity--friends)" in built["README.md"]
    assert "  * [Benchmarks: C++ / Python!](#benchmarks-c--python)" in built["README.md"]
    assert "  * [模态 + 空间（三维）](#模态--空间三维)" in built["README_zh.md"]
    assert broken_links(built) == []


def test_repeated_sub_headings_get_numbered_anchors(built: dict[str, str]) -> None:
    anchors = scan(built["README.md"]).anchors
    repeated = [a for a in anchors if a.startswith("representative-works")]
    assert len(repeated) > 1
    assert repeated == ["representative-works"] + [
        f"representative-works-{n}" for n in range(1, len(repeated))]
    assert len(anchors) == len(set(anchors))


@pytest.mark.parametrize("name", ["README.md", "README_zh.md"])
def test_anchors_match_a_real_table_of_contents(name: str) -> None:
    # The seed's contents were written against GitHub's anchors: emoji, keycaps, CJK,
    # punctuation, bold text, a badge image in the title, a heading that is a link, and
    # eight repeated "Representative Works" headings.
    text = (SEED / name).read_text(encoding="utf-8")
    links = [unquote(a) for a in re.findall(r"\]\(#([^)]+)\)", text)]
    assert len(links) == 35
    independent = set(scan(text).anchors)
    ours = {a[1:] for a in anchors_after(
        [], [(str(i), t) for i, t in enumerate(heading_texts(text.split("\n")))]).values()}
    assert [a for a in links if a not in independent] == []
    assert [a for a in links if a not in ours] == []


@pytest.mark.parametrize(("heading", "anchor"), [
    ("🔬 Independent Exploration: Specialized", "-independent-exploration-specialized"),
    ("1️⃣ **Modality Consistency**", "1️⃣-modality-consistency"),
    ("模态 + 空间一致性（Modality + Spatial）", "模态--空间一致性modality--spatial"),
    ('The "Trinity" & Friends', "the-trinity--friends"),
    ("Über `C++` / Größe!", "über-c--größe"),
    ("Alpha &amp; \\*beta\\*", "alpha--beta"),
    ("<a href=\"x.md\">Linked</a> heading", "linked-heading"),
    ("Title [![Badge](https://img.example/b.svg)](https://example.com)", "title-"),
    ("snake_case and kebab-case", "snake_case-and-kebab-case"),
])
def test_github_slug(heading: str, anchor: str) -> None:
    assert github_slug(heading) == anchor


HEADING_TEXT = st.lists(st.sampled_from(list("aZ9 -_:+&!?.()[]`*#'\"/\\") + [
    "中", "文", "🔬", "1️⃣", "é", "ß", "&amp;", "<b>", "</b>", "[x](y)", "![i](j)"]),
    max_size=30).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(HEADING_TEXT)
def test_github_slug_agrees_with_the_independent_reading(text: Any) -> None:
    # What a heading holding `text` gets as its anchor, read both ways.
    markdown = f"## {text}\n"
    [independent] = scan(markdown).anchors or [""]
    headings = heading_texts(markdown.split("\n"))
    assert [github_slug(h) for h in headings] == ([independent] if headings else [])


REPO = Path(__file__).resolve().parents[1]


def test_the_shipped_list_reads_well_and_every_link_lands() -> None:
    # The list this repository ships, as committed (render --check keeps it current).
    files = {p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8")
             for p in [REPO / "README.md", REPO / "README_zh.md",
                       *sorted((REPO / "papers").glob("*/README*.md"))]}
    # The READMEs' prose also links the repository's other files.
    others = [p.relative_to(REPO).as_posix() for top in REPO.iterdir()
              if not top.name.startswith(".") for p in [top, *(
                  top.rglob("*") if top.is_dir() and top.name not in ("entries", "src")
                  else [])]]
    assert broken_links(files, others) == []
    for name, text in files.items():
        assert len(text.encode()) <= 400_000, name
        headings = outline(text)
        levels = [level for level, _, _ in headings]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), name
        assert [t for _, t, empty in headings if empty] == [], name
    readme = [(level, text) for level, text, _ in outline(files["README.md"])]
    assert readme[readme.index((2, "The list")) + 1] == (
        3, "🔬 Independent Exploration: Specialized Models")
    assert (5, "Representative works") in readme
    # A catalog line with its venue, its month (MIO has a `published` date) and its code.
    assert ("* [MIO: A Foundation Model on Multimodal Tokens](#2409.17692) · EMNLP 2025 · "
            "2024-09 · [Code](https://github.com/MIO-Team/MIO)") in files["README.md"]
