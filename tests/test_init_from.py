"""`wmcurate init --from`: parts and sections proposed from a hand-written list's headings,
its works imported, and `render` then writing every work again.

Three lists are read: the project's seed (the hand-kept list this project began from,
tests/fixtures/seed), the list "written by other hands" (tests/fixtures/other_hands, with
section pages and a config written by hand to compare with), and the awesome-list of
tests/fixtures/adopt (numbered headings, emoji, one-line items, a section without a part).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import Config, load_config
from wmcurate.entries import load_entries
from wmcurate.importer import join, read_markdown
from wmcurate.importer.join import normalise_title
from wmcurate.schema import entry_schema

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


def adopt(runner: CliRunner, target: Path, *sources: Path, languages: str | None = None
          ) -> Config:
    args = ["init", str(target), "--from", *map(str, sources)]
    if languages:
        args += ["--languages", languages]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return load_config(target)


def works_in(config: Config, files: list[Path]) -> set[tuple[str | None, str]]:
    """Every work the markdown files hold, as the importer reads them with `config`: its
    arXiv ID and normalised title (two papers may share an ID in a hand-kept list)."""
    occurrences = []
    for path in files:
        found, problems = read_markdown(str(path), path.read_text(encoding="utf-8"), config)
        assert [p for p in problems if p.severity == "error"] == [], path
        occurrences += found
    works, _ = join(occurrences, config.language_codes)
    return {(w.arxiv, normalise_title(w.display_title())) for w in works}


def rendered(runner: CliRunner, config: Config) -> list[Path]:
    result = runner.invoke(app, ["--root", str(config.root), "render"])
    assert result.exit_code == 0, result.output
    pages = [config.root / config.page_path(s.id, lang)
             for s in config.sections for lang in config.language_codes]
    return [config.root / o.path for o in config.outputs] + pages


def test_the_seed_list_is_proposed_as_the_project_keeps_it(
    tmp_path: Path, runner: CliRunner
) -> None:
    sources = [FIXTURES / "seed" / "README.md", FIXTURES / "seed" / "README_zh.md"]

    config = adopt(runner, tmp_path / "seed", *sources)

    # The project's own config was written by hand from the same list: the same sections,
    # titled alike in English, in the same parts.
    shipped = load_config(REPO)
    assert [s.title["en"] for s in config.sections] == [s.title["en"] for s in shipped.sections]
    assert [s.title["zh"] for s in config.sections][:5] == [
        s.title["zh"] for s in shipped.sections][:5]
    assert [[s.title["en"] for s in config.sections_of(p.id)] for p in config.parts] == [
        ["Modality Consistency", "Spatial Consistency", "Temporal Consistency"],
        ["Modality + Spatial Consistency", "Modality + Temporal Consistency",
         "Spatial + Temporal Consistency"],
        ["Text-to-World Generators", "Embodied Intelligence Systems"],
        ["Benchmarks and Evaluation"]]
    assert [(p.icon, p.title["en"], p.title["zh"]) for p in config.parts] == [
        ("🔬", "Independent Exploration: Specialized Models", "独立探索：专用模型"),
        ("🔗", "Preliminary Integration: Unified Multimodal Models", "初步融合：统一多模态模型"),
        ("🌟", 'The "Trinity" Prototype: Emerging World Models', '"三位一体"原型：涌现的世界模型'),
        ("📊", "Benchmarks and Evaluation", "基准测试与评估")]
    # The venues the list writes are its vocabulary, one spelling kept as an alias.
    venues = {v.name: v.aliases for v in config.venues}
    assert venues["SIGGRAPH Asia"] == ("SIGGRAPH-ASIA",) and "arXiv" in venues
    # Every work of the source is an entry, and render writes every one again.
    source = works_in(config, sources)
    entries = load_entries(config)
    assert not entries.problems
    assert len(entries.entries) == len(source)
    assert works_in(config, rendered(runner, config)) == source


def test_a_list_with_section_pages_is_proposed_like_its_hand_written_config(
    tmp_path: Path, runner: CliRunner
) -> None:
    folder = FIXTURES / "other_hands"
    sources = [folder / "README.md", folder / "README_zh.md",
               *sorted(folder.glob("papers/*/README*.md"))]

    config = adopt(runner, tmp_path / "other", *sources)

    by_hand = load_config(folder)
    assert [dict(s.title) for s in config.sections] == [dict(s.title) for s in by_hand.sections]
    assert [dict(p.title) for p in config.parts] == [dict(p.title) for p in by_hand.parts]
    assert [config.section(s.id).part for s in config.sections] == [  # type: ignore[union-attr]
        "single-consistencies"] * 3 + ["pairwise-fusions"] * 2 + ["systems-and-measures"] * 2
    # A page's own heading over its works ("All works in detail") is no section.
    assert all("detail" not in s.title["en"] for s in config.sections)
    source = works_in(config, sources)
    assert len(source) == len(load_entries(config).entries) == 62
    assert works_in(config, rendered(runner, config)) == source


def test_an_awesome_list_in_another_layout(tmp_path: Path, runner: CliRunner) -> None:
    sources = [FIXTURES / "adopt" / "README.md", FIXTURES / "adopt" / "README_zh.md"]

    config = adopt(runner, tmp_path / "adopt", *sources)

    assert [(s.id, s.part, dict(s.title), s.aliases) for s in config.sections] == [
        ("depth-estimation", "perception", {"en": "Depth Estimation", "zh": "深度估计"},
         ("1.1 Depth Estimation", "1.1 深度估计")),
        ("optical-flow", "perception", {"en": "Optical Flow", "zh": "光流"},
         ("1.2 Optical Flow", "1.2 光流")),
        ("image-generation", "generation", {"en": "Image Generation", "zh": "图像生成"},
         ("2.1 🎨 Image Generation", "2.1 🎨 图像生成")),
        ("video-generation", "generation", {"en": "Video Generation", "zh": "视频生成"},
         ("2.2 🎬 Video Generation", "2.2 🎬 视频生成")),
        ("datasets", "datasets", {"en": "Datasets", "zh": "数据集"}, ()),
    ]
    assert [(p.id, p.icon, dict(p.title)) for p in config.parts] == [
        ("perception", "", {"en": "Perception", "zh": "感知"}),
        ("generation", "", {"en": "Generation", "zh": "生成"}),
        ("datasets", "📦", {"en": "Datasets", "zh": "数据集"})]
    readme = (config.root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Awesome Scene Understanding\n\nEnglish | [中文](README_zh.md)")
    assert (config.root / "README_zh.md").read_text(encoding="utf-8").startswith("# 场景理解精选\n")
    entries = {e.key: e for e in load_entries(config).entries}
    assert len(entries) == 11
    assert entries["2401.10891"].links["code"] == "https://github.com/LiheYoung/Depth-Anything"
    assert entries["2401.10891"].section == "depth-estimation"
    assert entries["2401.10891"].venue == "CVPR 2024"
    flow = entries["raft-recurrent-all-pairs-field-transforms-for-optical-flow"]
    assert (flow.section, flow.venue) == ("optical-flow", "ECCV 2020")
    source = works_in(config, sources)
    assert len(source) == 11
    assert works_in(config, rendered(runner, config)) == source


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def test_imported_entries_name_their_schema_and_validate(tmp_path: Path, runner: CliRunner) -> None:
    config = adopt(runner, tmp_path / "adopt", FIXTURES / "adopt" / "README.md")

    files = sorted((config.root / "entries").rglob("*.yaml"))
    assert len(files) == 11
    validator = jsonschema.Draft202012Validator(entry_schema())
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../../schemas/entry.schema.json\n")
        # The path is right: two folders up from the entry is the list's schemas/.
        assert (path.parent / "../../schemas/entry.schema.json").resolve().is_file()
        data = plain(YAML(typ="safe", pure=True).load(text))
        assert list(validator.iter_errors(data)) == [], path


def test_languages_from_the_command_line_win(tmp_path: Path, runner: CliRunner) -> None:
    source = tmp_path / "src"
    shutil.copytree(FIXTURES / "adopt", source)

    config = adopt(runner, tmp_path / "new", source / "README.md", source / "README_zh.md",
                   languages="en,zh,ja")

    assert config.language_codes == ("en", "zh", "ja")
    assert [o.path for o in config.outputs] == ["README.md", "README_zh.md", "README_ja.md"]
    # No Japanese copy was read: its titles fall back to the main language's.
    assert config.sections[0].title == {"en": "Depth Estimation", "zh": "深度估计"}


@pytest.mark.parametrize("name", ["README.md", "README_zh.md"])
def test_unreadable_blocks_are_named_and_the_rest_is_written(
    tmp_path: Path, runner: CliRunner, name: str
) -> None:
    source = tmp_path / "src"
    shutil.copytree(FIXTURES / "adopt", source)
    path = source / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("## 2. ", "<details>\n<summary>Broken</summary>\n\n## 2. ", 1),
                    encoding="utf-8")

    result = runner.invoke(app, ["init", str(tmp_path / "new"), "--from",
                                 str(source / "README.md"), str(source / "README_zh.md")])

    assert result.exit_code == 1, result.output
    assert "<details> is never closed" in result.stderr
    assert (tmp_path / "new" / "wmcurate.yaml").is_file()
    assert len(list((tmp_path / "new" / "entries").rglob("*.yaml"))) >= 5
