"""Import is render's inverse, for any config (issue 14, point 3).

`render` writes the READMEs and every section page; importing all of them into an
empty `entries/` and rendering again must give the very same files (`render --check`
clean). The lists here are built by the tests: section ids that end with another
section's id, works listed in several sections (`also`), featured and plain works,
works written in one language only, lists with one language, every order rule that
the rendered files carry (`published` too: render shows each work's date), and every
fact render writes: dates, DOIs (`source.doi`), affiliations, models, curated texts with
inline markdown, abstracts with TeX, venues holding the catalog's separator, and lists
over the size budget (fewer works in full, short catalogs, split section pages),
and citation counts in catalog lines (`show_citations: true`).
Hypothesis generates lists; a few hand-built ones pin the cases the issue names.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import load_config
from wmcurate.entries import load_entries
from wmcurate.importer import apply_import, plan_import
from wmcurate.render import apply_render, plan_render

ZH_NAMES = {"spatial": "空间", "modality-spatial": "模态空间", "temporal": "时间",
            "spatial-temporal": "时空", "a": "甲", "ba": "乙甲", "x-a": "丙甲", "bench": "基准"}


@dataclass
class Work:
    """One entry of a built list, as the test writes it."""

    key: str
    section: str
    title: Any
    arxiv: str | None = None
    also: list[str] = field(default_factory=list)
    featured: bool = False
    texts: dict[str, Any] = field(default_factory=dict)
    venue: str | None = None
    authors: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    added: int = 0
    published: dt.date | None = None
    affiliations: str | None = None
    model: str | None = None
    doi: str | None = None
    citations: int | None = None

    def yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.arxiv:
            data["arxiv"] = self.arxiv
        data["title"] = self.title
        if self.authors:
            data["authors"] = self.authors
        if self.venue:
            data["venue"] = self.venue
        if self.published:
            data["published"] = self.published
        if self.model:
            data["model"] = self.model
        if self.affiliations:
            data["affiliations"] = self.affiliations
        if self.links:
            data["links"] = self.links
        data.update(self.texts)
        if self.featured:
            data["featured"] = True
        if self.also:
            data["also"] = self.also
        data["added"] = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(
            minutes=self.added)
        source: dict[str, Any] = {"doi": self.doi} if self.doi else {}
        if self.citations is not None:
            source["semantic_scholar"] = {"citations": self.citations, "read": "2026-01-05"}
        if source:
            data["source"] = source
        return data


def config_text(sections: Sequence[tuple[str, str, str]], languages: Sequence[str],
                citations: bool = False) -> str:
    """A wmcurate.yaml: `sections` as (id, part, order rule); `citations`: render shows
    citation counts."""
    zh = "zh" in languages
    lines = ["# Built by tests/test_import_roundtrip.py.", "languages:"]
    if citations:
        lines = ["show_citations: true", *lines]
    lines += [f"  - {{code: {code}}}" for code in languages]
    lines += ["outputs:", "  - {path: README.md, language: en}"]
    if zh:
        lines += ["  - {path: README_zh.md, language: zh}"]
    lines += ["parts:"]
    for part in dict.fromkeys(p for _, p, _ in sections):
        title = f"{{en: Part {part.upper()}, zh: 部分{part}}}" if zh else f"Part {part.upper()}"
        lines += [f"  - id: {part}", f"    title: {title}"]
    lines += ["sections:"]
    for sid, part, order in sections:
        words = sid.replace("-", " ").title()
        title = f"{{en: {words} Works, zh: {ZH_NAMES[sid]}工作}}" if zh else f"{words} Works"
        lines += [f"  - id: {sid}", f"    part: {part}", f"    title: {title}",
                  f"    order: {order}"]
    lines += ["venues: [ICML, CVPR, arXiv]", "links:",
              "  - {key: paper, label: {en: Paper" + (", zh: 论文" if zh else "") + "}}",
              "  - {key: code, label: {en: Code" + (", zh: 代码" if zh else "") + "}}"]
    return "\n".join(lines) + "\n"


README = "# A built list\n\n<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n\n" \
    "<!-- wmcurate:begin list -->\n<!-- wmcurate:end list -->\n"


def build(root: Path, sections: Sequence[tuple[str, str, str]], languages: Sequence[str],
          works: Sequence[Work], citations: bool = False) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "entries").mkdir(parents=True)
    (root / "wmcurate.yaml").write_text(config_text(sections, languages, citations),
                                        encoding="utf-8")
    (root / "README.md").write_text(README, encoding="utf-8")
    if "zh" in languages:
        (root / "README_zh.md").write_text(README.replace("A built list", "列表"),
                                           encoding="utf-8")
    yaml = YAML()
    yaml.width = 1 << 20
    for work in works:
        path = root / "entries" / work.section / f"{work.key}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            yaml.dump(work.yaml(), handle)
    return root


def rendered_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*.md")) if "entries" not in p.parts}


def round_trip(root: Path, budget: int | None = None
               ) -> tuple[dict[str, bytes], dict[str, bytes], Any]:
    """Render the list, import every file render wrote into an empty entries/, render
    again: (files before, files after, the import plan). `budget`: each file's size
    budget in bytes (the config's when None)."""
    config = load_config(root)
    loaded = load_entries(config)
    assert loaded.problems == []
    apply_render(plan_render(config, loaded.entries, budget=budget))
    before = rendered_files(root)
    shutil.rmtree(root / "entries")
    (root / "entries").mkdir()
    sources = [root / name for name in before]
    plan = plan_import(config, sources)
    apply_import(plan)
    again = load_entries(config)
    assert again.problems == []
    apply_render(plan_render(config, again.entries, budget=budget))
    return before, rendered_files(root), plan


def assert_fixed_point(root: Path, works: Sequence[Work], budget: int | None = None) -> Any:
    before, after, plan = round_trip(root, budget)
    assert [p.render() for p in plan.problems if p.severity == "error"] == []
    assert len(plan.entries) == len(works)
    for name in before:
        assert after[name].decode() == before[name].decode(), name
    assert set(after) == set(before)
    return plan


# -- the cases the issue names, by hand ---------------------------------------------------

SUFFIX_SECTIONS = [("spatial", "p", "added"), ("modality-spatial", "p", "added"),
                   ("temporal", "q", "-added"), ("spatial-temporal", "q", "added")]


def suffix_works() -> list[Work]:
    return [
        Work("2301.00001", "modality-spatial", "Joint Views of Things", arxiv="2301.00001",
             also=["spatial"], featured=True, venue="ICML 2023", authors=["Ada Lovelace"],
             links={"paper": "https://arxiv.org/abs/2301.00001"},
             texts={"one_liner": {"en": "Sees jointly.", "zh": "联合地看。"}}, added=1),
        Work("2301.00002", "spatial", "Only Spatial", arxiv="2301.00002", added=2,
             texts={"abstract": "First paragraph with $x^2$.\n\nSecond paragraph."},
             published=dt.date(2023, 1, 2), doi="10.1234/only.spatial"),
        Work("2301.00003", "spatial-temporal", "Space and Time", arxiv="2301.00003",
             also=["temporal", "spatial"], featured=True, added=3,
             published=dt.date(2022, 12, 31), affiliations="Lab of Time",
             texts={"key_points": {"en": ["One", "Two"], "zh": ["一", "二"]}}),
        Work("chinese-only", "temporal", {"zh": "只有中文"}, added=4,
             texts={"one_liner": {"zh": "仅中文。"}}),
        Work("english-only", "modality-spatial", {"en": "Only English"}, featured=True,
             also=["spatial-temporal"], added=5, published=dt.date(2023, 1, 2),
             texts={"innovation": {"en": "A **new** idea, see [it](https://x.io)."}}),
        Work("plain-product", "temporal", "Plain Product", venue="2024 (open release)",
             links={"code": "https://github.com/example/product"}, added=6),
    ]


def test_suffix_section_ids_round_trip_to_the_same_files(tmp_path: Path) -> None:
    works = suffix_works()
    root = build(tmp_path / "list", SUFFIX_SECTIONS, ["en", "zh"], works)

    plan = assert_fixed_point(root, works)

    by_key = {p.key: p for p in plan.entries}
    # Each work is back in its own folder, with its own also, never moved to `spatial`.
    assert {k: (p.section, p.document.get("also")) for k, p in by_key.items()} == {
        "2301.00001": ("modality-spatial", ["spatial"]),
        "2301.00002": ("spatial", None),
        "2301.00003": ("spatial-temporal", ["temporal", "spatial"]),
        "chinese-only": ("temporal", None),
        "english-only": ("modality-spatial", ["spatial-temporal"]),
        "plain-product": ("temporal", None),
    }
    assert {k for k, p in by_key.items() if p.document.get("featured")} == {
        "2301.00001", "2301.00003", "english-only"}


def test_one_language_list_round_trips(tmp_path: Path) -> None:
    works = [w for w in suffix_works() if w.key != "chinese-only"]
    for work in works:
        work.texts = {}
        if isinstance(work.title, dict):
            work.title = work.title["en"]
    root = build(tmp_path / "list", SUFFIX_SECTIONS, ["en"], works)

    assert_fixed_point(root, works)


@pytest.mark.parametrize("order", ["title", "venue", "-added", "published", "-published"])
def test_order_rules_the_files_carry_round_trip(tmp_path: Path, order: str) -> None:
    works = suffix_works()
    sections = [(sid, part, order) for sid, part, _ in SUFFIX_SECTIONS]
    root = build(tmp_path / "list", sections, ["en", "zh"], works)

    plan = assert_fixed_point(root, works)

    published = {p.key: p.document.get("published") for p in plan.entries}
    assert {k: str(v) for k, v in published.items() if v} == {
        "2301.00002": "2023-01-02", "2301.00003": "2022-12-31", "english-only": "2023-01-02"}


@pytest.mark.parametrize("budget", [700, 1100])
def test_a_list_over_budget_round_trips(tmp_path: Path, budget: int) -> None:
    # Fewer works in full in the READMEs, short catalogs, section pages split in pages.
    works = suffix_works()
    sections = [(sid, part, "-published") for sid, part, _ in SUFFIX_SECTIONS]
    root = build(tmp_path / "list", sections, ["en", "zh"], works)

    before, _after, _plan = round_trip(root, budget)
    assert any(".2." in name for name in before)

    root = build(tmp_path / "list", sections, ["en", "zh"], works)
    assert_fixed_point(root, works, budget)


def test_the_cli_round_trip_of_a_suffix_list(tmp_path: Path, runner: CliRunner) -> None:
    root = build(tmp_path / "list", SUFFIX_SECTIONS, ["en", "zh"], suffix_works())
    assert runner.invoke(app, ["--root", str(root), "render"]).exit_code == 0
    shutil.rmtree(root / "entries")
    (root / "entries").mkdir()
    pages = sorted(str(p) for p in (root / "papers").rglob("*.md"))

    imported = runner.invoke(app, ["--root", str(root), "import", str(root / "README.md"),
                                   str(root / "README_zh.md"), *pages])
    checked = runner.invoke(app, ["--root", str(root), "render", "--check"])

    assert imported.exit_code == 0, imported.output
    assert imported.stderr == ""
    assert imported.stdout == "6 created, 0 updated, 0 skipped, 0 unreadable, 0 warnings\n"
    assert checked.exit_code == 0, checked.output


# -- any list: a property -----------------------------------------------------------------

SECTION_POOL = ["spatial", "modality-spatial", "temporal", "spatial-temporal", "a", "ba",
                "x-a", "bench"]
WORDS = ["Neural", "Fields", "Video", "World", "Model", "3D", "Gaussian", "Diffusion",
         "Agents", "Scene", "Learning", "Robust", "Token", "Space", "Time", "Camera"]
OTHER_WORDS = ["Quartz", "Harbor", "Lantern", "Meadow", "Orchid", "Pylon", "Rivet", "Summit"]
ZH_WORDS = ["神经", "场", "视频", "世界", "模型", "扩散", "智能体", "场景"]
# Characters markdown gives meaning to: render escapes them, import must read them back.
ODD = ["", ":", " & Co", " <b>", " *", " _x_", " [v2]", " | 1", " `c`", " #1", " 50%"]
# Inline markdown a curated text may carry, and TeX an abstract may carry (issue 9.2, 9.3).
MARKUP = ["**bold**", "*light*", "`code`", "[link](https://example.com/a)", "two ** stars",
          "[bad](javascript:x)", "\\*escaped\\*"]
MATH = ["$x^2$", "$\\ell_1$", "$5", "$ a $", "$a<b$"]


@st.composite
def lists(draw: st.DrawFn
          ) -> tuple[list[tuple[str, str, str]], list[str], list[Work], int | None, bool]:
    languages = draw(st.sampled_from([["en", "zh"], ["en"]]))
    ids = draw(st.lists(st.sampled_from(SECTION_POOL), min_size=1, max_size=5, unique=True))
    sections = [(sid, draw(st.sampled_from(["p", "q"])),
                 draw(st.sampled_from(["added", "added", "-added", "title", "venue",
                                       "published", "-published"])))
                for sid in ids]
    count = draw(st.integers(1, 8))
    works: list[Work] = []
    for n in range(count):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
        title = f"{' '.join(words)} {n}{draw(st.sampled_from(ODD))}".strip()
        zh = "zh" in languages
        shape = draw(st.sampled_from(["plain", "both", "en", "zh"] if zh else ["plain", "en"]))
        zh_title = "".join(draw(st.lists(st.sampled_from(ZH_WORDS), min_size=1, max_size=3)))
        zh_title += str(n)
        title_value: Any = {"plain": title, "both": {"en": title, "zh": zh_title},
                            "en": {"en": title}, "zh": {"zh": zh_title}}[shape]
        home = draw(st.sampled_from(ids))
        also = draw(st.lists(st.sampled_from([i for i in ids if i != home] or [home]),
                             unique=True, max_size=2))
        also = [s for s in also if s != home]
        has_id = draw(st.booleans())
        # Now and then a paper carries the arXiv ID of an earlier one (a copied template):
        # two works, told apart by their titles (issue 14, point 1).
        owners = [w for w in works if w.arxiv and w.key == w.arxiv and (
            isinstance(w.title, str) or "en" in w.title)]
        owner = draw(st.sampled_from(owners)) if owners and draw(st.integers(0, 5)) == 0 \
            else None
        if owner is not None:
            has_id = False
            words = draw(st.lists(st.sampled_from(OTHER_WORDS), min_size=2, max_size=3,
                                  unique=True))
            title_value = f"{' '.join(words)} Copy {n}"
        texts: dict[str, Any] = {}
        for name in ("one_liner", "innovation", "abstract"):
            form = draw(st.sampled_from(["none", "plain", "en"] + (["both", "zh"] if zh else [])))
            words = draw(st.lists(st.sampled_from(WORDS + (MATH if name == "abstract" else
                                                            MARKUP)), min_size=2, max_size=6))
            sentence = " ".join(words) + "."
            if name == "abstract" and draw(st.booleans()):
                sentence += "\n\nAnother paragraph."
            if form == "plain":
                texts[name] = sentence
            elif form == "en":
                texts[name] = {"en": sentence}
            elif form == "both":
                texts[name] = {"en": sentence, "zh": f"{zh_title}的{name}。"}
            elif form == "zh":
                texts[name] = {"zh": f"只有中文的{name}。"}
        if draw(st.booleans()):
            point = f"Point {draw(st.sampled_from(MARKUP))}"
            texts["key_points"] = ([point, "Point B"] if not zh or draw(st.booleans())
                                   else {"en": [point], "zh": ["要点**甲**"]})
        works.append(Work(
            key=f"2401.{n + 10001:05d}" if has_id else f"work-{n}",
            section=home,
            title=title_value,
            arxiv=f"2401.{n + 10001:05d}" if has_id else owner.arxiv if owner else None,
            also=also,
            featured=draw(st.booleans()),
            texts=texts,
            venue=draw(st.sampled_from([None, "ICML 2023", "CVPR 2024 (Oral)", "arXiv 2024",
                                        "2024 (open release)", "CVPR 2024 · Oral"])),
            published=draw(st.sampled_from([None, dt.date(2023, 3, 20), dt.date(2023, 3, 20),
                                            dt.date(2021, 12, 31), dt.date(2024, 1, 2)])),
            affiliations=draw(st.sampled_from([None, "Lab of Examples", "A & B <Lab>"])),
            model=draw(st.sampled_from([None, None, "Model-1 `v2`"])),
            doi=draw(st.sampled_from([None, None, f"10.1234/ex.{n}", "10.1000/a(b)<c>",
                                      "not a doi"])),
            citations=draw(st.sampled_from([None, 0, 1, 1234])),
            authors=draw(st.lists(st.sampled_from(["Ada Lovelace", "Alan Turing", "Grace Hopper",
                                                   "Kurt Gödel"]), unique=True, max_size=3)),
            links={"paper": f"https://arxiv.org/abs/2401.{n + 10001:05d}"} if has_id else {},
            added=draw(st.integers(0, 5)),
        ))
    # Now and then a budget so small that the READMEs show fewer works in full (then
    # fewer catalog lines) and section pages split (issue 9.5).
    budget = draw(st.sampled_from([None, None, None, 2500, 6000]))
    return sections, languages, works, budget, draw(st.booleans())


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(lists())
def test_any_rendered_list_imports_back_to_the_same_files(
    tmp_path: Path,
    built: tuple[list[tuple[str, str, str]], list[str], list[Work], int | None, bool],
) -> None:
    sections, languages, works, budget, citations = built
    root = build(tmp_path / "list", sections, languages, works, citations)

    assert_fixed_point(root, works, budget)
