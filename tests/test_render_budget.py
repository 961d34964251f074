"""The size budget (issue 9.5): every generated file stays readable on GitHub at any size.

GitHub shows only the first 512 KB of a markdown file. Render keeps each file under a
budget (400 KB by default): a README shows fewer works in full (each section its first
featured works, then none) and links the others' catalog lines to their section page,
then lists fewer catalog lines; a section page splits into numbered pages with
navigation. Shown on synthetic lists of 1,000 and 10,000 works (tests/render_lists.py):
every file under budget, every link and anchor resolving, each work rendered once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from render_lists import (
    MD,
    broken_links,
    quick_scan,
    rendered,
    scan,
    synthetic_entries,
    write_list,
)
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.entries import dump_yaml, new_entry_document
from wmcurate.render import DEFAULT_BUDGET_KB, apply_render, plan_render, readme_fits
from wmcurate.render.work import Renderer

BUDGET = DEFAULT_BUDGET_KB * 1000


def sizes(root: Path) -> dict[str, int]:
    return {name: len(text.encode("utf-8")) for name, text in rendered(root).items()}


@pytest.mark.parametrize("size", [1000, 10000])
def test_a_big_list_stays_under_budget_and_every_link_resolves(
    tmp_path: Path, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_list(tmp_path / "list")
    entries = synthetic_entries(config, size, compact=size > 1000)
    rendered_works: list[tuple[str, str]] = []
    work = Renderer._work

    def counting(self: Renderer, entry: Any) -> Any:
        rendered_works.append((entry.key, self.language))
        return work(self, entry)

    monkeypatch.setattr(Renderer, "_work", counting)

    apply_render(plan_render(config, entries))
    files = rendered(tmp_path / "list")

    assert max(sizes(tmp_path / "list").values()) <= BUDGET
    # What a reader sees of each work holds at this size too (issue 9.1-9.3, 9.6, 9.7):
    # labels then text, the one-liner's inline markdown, the abstract's math, the facts.
    page = files["papers/spatial/README.md"]
    labels = [line for line in page.splitlines() if line.startswith("> **")]
    assert labels and all(line == "> **Core Innovation**\\" for line in labels)
    html = MD.render(page)
    assert "<strong>One-liner:</strong> Makes <strong>" in html and "<code>fast</code>" in html
    assert "$`x_" in page and "* **First published:** " in page and "* **DOI:** [10." in page
    if size <= 1000:
        assert broken_links(files) == []
        # The quick reader finds what markdown-it finds in render's output (anchors in
        # order, links in order), so the bigger list can be read with it.
        for text in files.values():
            full, quick = scan(text), quick_scan(text)
            assert sorted(quick.anchors) == sorted(full.anchors)
            assert [unquote(link) for link in quick.links] == [
                unquote(link) for link in full.links]
    else:
        assert broken_links(files, quick=True) == []
    # Linear work: each work is rendered once per language, wherever it is shown (its
    # "Listed in" line, which depends on the folder, is put in for each).
    assert sorted(rendered_works) == sorted((e.key, lang) for e in entries
                                            for lang in ("en", "zh"))
    # Every work is on a page of each of its sections, in full, once per language.
    for lang, suffix in (("en", "README"), ("zh", "README_zh")):
        for section in config.sections:
            pages = {n: t for n, t in files.items()
                     if re.fullmatch(rf"papers/{section.id}/{suffix}(\.\d+)?\.md", n)}
            ids = [a for text in pages.values() for a in re.findall(r'<details id="([^"]+)">',
                                                                    text)]
            expected = sorted(e.key for e in entries if section.id in e.sections())
            assert sorted(ids) == expected, (lang, section.id)
            assert len(pages) > 1  # 1,000 works over 4 sections do not fit one page


def test_the_readme_shows_featured_works_first_then_fewer_then_none(tmp_path: Path) -> None:
    config = write_list(tmp_path / "list")
    entries = synthetic_entries(config, 400, featured_every=3)
    featured = {e.key for e in entries if e.featured}
    most = max(sum(e.featured for e in entries if e.section == s.id) for s in config.sections)

    roomy, = [f for f in readme_fits(config, entries, budget=10_000_000) if f.language == "en"]
    tight, = [f for f in readme_fits(config, entries, budget=BUDGET) if f.language == "en"]

    assert roomy.hidden == () and roomy.full == most
    assert 0 < tight.full < most and tight.size <= BUDGET
    # Each section shows its first featured works; the rest are hidden, none are lost.
    assert {e.key for e in tight.hidden} < featured
    apply_render(plan_render(config, entries))
    readme = rendered(tmp_path / "list")["README.md"]
    shown = set(re.findall(r'<details id="([^"]+)">', readme))
    assert shown == featured - {e.key for e in tight.hidden}
    # A catalog line links to the work in the README when it is shown there, else to its
    # page; every work has its line.
    lines = re.findall(r"^\* \[[^\]]*\]\(([^)]*)#([0-9.]+)\)", readme, re.M)
    assert {key for _, key in lines} == {e.key for e in entries}
    assert all((target == "") == (key in shown) for target, key in lines)
    assert broken_links(rendered(tmp_path / "list")) == []


def test_when_even_the_catalog_does_not_fit_each_section_lists_its_first_works(
    tmp_path: Path,
) -> None:
    config = write_list(tmp_path / "list")
    entries = synthetic_entries(config, 400)
    budget = 30_000

    apply_render(plan_render(config, entries, budget=budget))
    files = rendered(tmp_path / "list")

    [fit] = [f for f in readme_fits(config, entries, budget=budget) if f.language == "en"]
    assert fit.full == 0 and 0 < fit.listed < 100
    readme = files["README.md"]
    assert len(readme.encode()) <= budget
    assert "<details" not in readme
    for section in config.sections:
        listed = sum(section.id in e.sections() for e in entries)
        assert f"More works on the section's page, not listed here: {listed - fit.listed}\n" \
            in readme
    assert all(len(text.encode()) <= budget for text in files.values())
    assert broken_links(files) == []


def test_pages_split_with_navigation_in_both_languages(tmp_path: Path) -> None:
    config = write_list(tmp_path / "list")
    entries = [e for e in synthetic_entries(config, 200) if e.section == "spatial"]
    apply_render(plan_render(config, entries, budget=40_000))
    files = rendered(tmp_path / "list")

    pages = sorted(n for n in files if n.startswith("papers/spatial/README.") and "_zh" not in n)
    assert pages[0] == "papers/spatial/README.2.md" and "papers/spatial/README.md" in files
    count = len(pages)
    assert count > 2
    second = files["papers/spatial/README.2.md"]
    # Where the reader is, at the top and at the bottom: the page itself in bold.
    pages_line = "Pages: [1](README.md) · **2** · " + " · ".join(
        f"[{n}](README.{n}.md)" for n in range(3, count + 1))
    assert second.count(pages_line) == 2
    assert second.startswith("# Spatial Consistency\n\n[Back to the list](../../README.md) · "
                             "[中文](README_zh")
    # The section's texts are on its first page only.
    assert "Shapes that stay." in files["papers/spatial/README.md"]
    assert "Shapes that stay." not in second
    assert [level for level, _, _ in scan(second).headings] == [1, 2]
    assert broken_links(files) == []


def test_a_section_that_shrinks_leaves_no_stale_page_behind(
    tmp_path: Path, runner: CliRunner
) -> None:
    config = write_list(tmp_path / "list")
    entries = [e for e in synthetic_entries(config, 200) if e.section == "spatial"]
    apply_render(plan_render(config, entries, budget=40_000))
    root = tmp_path / "list"
    assert (root / "papers/spatial/README.3.md").exists()
    # A hand-written file with a page's name is not render's: it stays.
    (root / "papers/spatial/README.9.md").write_text("# My notes\n", encoding="utf-8")

    planned = plan_render(config, entries[:2], budget=40_000)
    gone = sorted(p.shown for p in planned if p.removed)
    assert gone == sorted(n for n in rendered(root)
                          if re.fullmatch(r"papers/spatial/README(_zh)?\.[2-8]\.md", n))
    apply_render(planned)

    left = sorted(p.name for p in (root / "papers/spatial").iterdir())
    assert left == ["README.9.md", "README.md", "README_zh.md"]
    assert broken_links(rendered(root), others=[]) == []


def test_check_names_a_page_render_would_remove(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries)
    assert runner.invoke(app, ["--root", str(root), "render"]).exit_code == 0
    leftover = root / "papers/alpha/README.2.md"
    leftover.write_text("old\n<!-- Generated by wmcurate from entries/; edit the YAML files, "
                        "then run `wmcurate render`. -->\n", encoding="utf-8")

    checked = runner.invoke(app, ["--root", str(root), "render", "--check"])
    done = runner.invoke(app, ["--root", str(root), "render"])

    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [
        "stale: papers/alpha/README.2.md (no longer written: render removes it)",
        "1 file(s) out of date; run `wmcurate render`.",
    ]
    assert done.exit_code == 0
    assert done.stdout.splitlines()[0] == "removed papers/alpha/README.2.md"
    assert not leftover.exists()


def test_a_split_list_imports_back_to_the_same_files(tmp_path: Path) -> None:
    from test_import_roundtrip import rendered_files

    from wmcurate.entries import load_entries
    from wmcurate.importer import apply_import, plan_import

    config = write_list(tmp_path / "list")
    root = tmp_path / "list"
    entries = synthetic_entries(config, 120, featured_every=3)
    for entry in entries:
        values = {name: getattr(entry, name) for name in (
            "arxiv", "title", "authors", "venue", "published", "affiliations", "links",
            "one_liner", "innovation", "abstract", "key_points", "also", "added", "source")}
        values["featured"] = entry.featured or None
        path = root / "entries" / entry.section / f"{entry.key}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_yaml(new_entry_document(values)), encoding="utf-8")
    loaded = load_entries(config)
    assert loaded.problems == []
    apply_render(plan_render(config, loaded.entries, budget=40_000))
    before = rendered_files(root)
    assert any(name.endswith(".3.md") for name in before)

    for path in (root / "entries").rglob("*.yaml"):
        path.unlink()
    plan = plan_import(config, [root / name for name in before])
    apply_import(plan)
    again = load_entries(config)
    apply_render(plan_render(config, again.entries, budget=40_000))

    assert [p.render() for p in plan.problems if p.severity == "error"] == []
    assert rendered_files(root) == before


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_the_sizes_the_fit_adds_up_are_the_bytes_written(tmp_path: Path, eol: str) -> None:
    # The fit never builds a README to weigh it: it adds up the sizes of its pieces. Those
    # sums must be the very bytes written, for any number of works shown and listed.
    from wmcurate.render.catalog import Catalog
    from wmcurate.render.markers import Document
    from wmcurate.render.pages import split_pages
    from wmcurate.render.readme import ListBlock

    config = write_list(tmp_path / "list")
    entries = synthetic_entries(config, 60, featured_every=2)
    catalog = Catalog(config, entries)
    split_pages(config, catalog, {"en": "README.md", "zh": "README_zh.md"}, 30_000)
    for language in ("en", "zh"):
        listing = ListBlock(Renderer(config, catalog, language, ""), 3)
        for full in (0, 1, 3, listing.most_full):
            for listed in (0, 2, listing.most_listed):
                lines, _ = listing.lines(full, listed)
                text = eol.join(["# T", "<!-- a -->", "<!-- b -->", ""])
                # The README with an empty list block is what the list adds to.
                empty, filled = Document(text), Document(text)
                empty.replace(_block(1, 2), [])
                filled.replace(_block(1, 2), lines)
                written = len(filled.text().encode()) - len(empty.text().encode())
                assert listing.size(full, listed, len(eol)) == written, (language, full,
                                                                          listed)


def _block(begin: int, end: int) -> Any:
    from wmcurate.render.markers import Block

    return Block("list", begin, end)


def test_a_hostile_list_over_a_configured_budget(
    make_list: Callable[..., Path], runner: CliRunner
) -> None:
    # Thirty works full of markdown and HTML syntax, and `max_file_kb: 20` in the config:
    # the pages split, the READMEs shrink, and nothing breaks out of its place.
    from conftest import TINY_CONFIG
    from test_render import NASTY_VALUES, entry_yaml, structure

    works = {f"alpha/nasty-{n:02d}": entry_yaml(**{**NASTY_VALUES,
                                                   "title": f"{NASTY_VALUES['title']} {n}"})
             for n in range(30)}
    root = make_list(works, config=TINY_CONFIG + "max_file_kb: 20\n")

    result = runner.invoke(app, ["--root", str(root), "render"])
    checked = runner.invoke(app, ["--root", str(root), "render", "--check"])
    linted = runner.invoke(app, ["--root", str(root), "lint", "--select", "WMC702",
                                 "--format", "json"])

    assert result.exit_code == 0, result.output
    assert checked.exit_code == 0, checked.output
    files = rendered(root)
    assert "papers/alpha/README.2.md" in files and "papers/gamma/README_zh.2.md" in files
    assert all(len(text.encode()) <= 20_000 for text in files.values())
    assert broken_links(files) == []
    for name, text in files.items():
        seen = structure(text)
        assert seen["stray"] == [] and seen["details_open"] == seen["details_close"], name
        assert "evil.example" not in " ".join(seen["hrefs"]), name
    # The README had room for some of the thirty featured works: lint names the others.
    warned = {f["file"] for f in json.loads(linted.stdout)["findings"]}
    shown = set(re.findall(r'<details id="([^"]+)">', files["README.md"])) & set(
        re.findall(r'<details id="([^"]+)">', files["README_zh.md"]))
    assert 0 < len(shown) < 30
    assert warned == {f"entries/{key}.yaml" for key in works} - {
        f"entries/alpha/{key}.yaml" for key in shown}
