"""The seed list and the project's own list, end to end.

* Importing the seed (tests/fixtures/seed/README.md, CRLF, and README_zh.md) into an
  empty list gives every work of the seed exactly once, joined across languages.
* The inverse: the project's rendered READMEs and pages import back into entries
  that render to the very same files.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import load_config

REPO = Path(__file__).resolve().parents[1]
SEED = Path(__file__).resolve().parent / "fixtures" / "seed"
SEED_EN = SEED / "README.md"
SEED_ZH = SEED / "README_zh.md"
PRODUCTS = {"openai-sora", "runway-gen-3-alpha", "pika-1-0"}
#: The project's own list, as shipped: entries, and the files render writes from them.
SHIPPED_ENTRIES = len(list((REPO / "entries").glob("*/*.yaml")))
SHIPPED_PAGES = len(list((REPO / "papers").glob("*/README*.md")))
SHIPPED_FILES = 2 + SHIPPED_PAGES


def seed_arxiv_ids() -> set[str]:
    text = SEED_EN.read_text(encoding="utf-8")
    return set(re.findall(r"arXiv ID:\*\* *([0-9]{4}\.[0-9]{4,5})", text))


def details_line(path: Path, title_start: str) -> int:
    """1-based line of the <details> that opens the work whose title starts so."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"<summary><b>{title_start}"):
            assert lines[i - 1].strip() == "<details>"
            return i
    raise AssertionError(f"{title_start!r} not in {path}")


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def copy_project(dest: Path, with_entries: bool) -> Path:
    dest.mkdir()
    for name in ("wmcurate.yaml", "README.md", "README_zh.md"):
        shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "papers", dest / "papers")
    if with_entries:
        shutil.copytree(REPO / "entries", dest / "entries")
    else:
        (dest / "entries").mkdir()
    return dest


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """An empty copy of the project's list with the seed imported into it."""
    root = tmp_path_factory.mktemp("seeded") / "list"
    root.mkdir()
    for name in ("wmcurate.yaml", "README.md", "README_zh.md"):
        shutil.copy2(REPO / name, root / name)
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
    result = runner.invoke(app, ["--root", str(root), "import", str(SEED_EN), str(SEED_ZH)])
    return root, result


def entries_by_key(root: Path) -> dict[str, Path]:
    return {p.stem: p for p in (root / "entries").rglob("*.yaml")}


def test_seed_has_54_arxiv_papers() -> None:
    # Guards the regex below: every work block of the English seed has an arXiv ID line.
    assert len(seed_arxiv_ids()) == 54
    assert SEED_EN.read_bytes().count(b"\r\n") > 1000  # the seed keeps its CRLF line endings


def test_seed_imports_every_work_once(seeded: tuple[Path, Any]) -> None:
    root, result = seeded

    assert result.exit_code == 0, result.output
    keys = entries_by_key(root)
    assert set(keys) == seed_arxiv_ids() | PRODUCTS
    assert len(keys) == 57
    assert (
        result.stdout.splitlines()[-1]
        == "57 created, 0 updated, 0 skipped, 0 unreadable, 9 warnings"
    )


def test_seed_every_entry_loads_with_a_title_and_section(seeded: tuple[Path, Any]) -> None:
    root, _ = seeded
    sections = {p.parent.name for p in entries_by_key(root).values()}

    assert sections == {
        "modality",
        "spatial",
        "temporal",
        "modality-spatial",
        "modality-temporal",
        "spatial-temporal",
        "text-to-world",
        "embodied",
        "benchmarks",
    }
    for key, path in entries_by_key(root).items():
        entry = load(path)
        assert entry["title"], key
        if key not in PRODUCTS:
            assert entry["arxiv"] == key


def test_seed_gen3c_has_chinese_texts(seeded: tuple[Path, Any]) -> None:
    root, _ = seeded
    gen3c = load(root / "entries/spatial-temporal/2503.03751.yaml")

    assert gen3c["title"] == (
        "GEN3C: 3D-Informed World-Consistent Video Generation with Precise Camera Control"
    )
    for field in ("one_liner", "innovation", "abstract", "key_points"):
        assert set(gen3c[field]) == {"en", "zh"}, field
    assert gen3c["innovation"]["zh"].startswith("用 3D 缓存把相机位姿直接变成可渲染条件")
    assert (
        gen3c["key_points"]["zh"][0]
        == "使用 Depth Anything v2（metric 版本）对单张参考图预测米制深度"
    )


def test_seed_clip_has_only_an_english_one_liner(seeded: tuple[Path, Any]) -> None:
    root, _ = seeded
    clip = load(root / "entries/modality/2103.00020.yaml")

    # The Chinese seed lists CLIP as a plain bullet: joined by title, it adds no text.
    assert clip["one_liner"] == {
        "en": "Large-scale contrastive learning on 400M image–text "
        "pairs enabling strong zero-shot transfer across vision "
        "tasks"
    }
    assert clip["venue"] == "ICML 2021"
    assert clip["featured"] is True
    assert clip["links"] == {
        "paper": "https://arxiv.org/abs/2103.00020",
        "pdf": "https://arxiv.org/pdf/2103.00020.pdf",
        "code": "https://github.com/openai/CLIP",
    }


def test_seed_nerf_lives_in_spatial_and_is_also_in_modality(seeded: tuple[Path, Any]) -> None:
    root, _ = seeded
    nerf_paths = [p for k, p in entries_by_key(root).items() if k == "2003.08934"]

    assert [p.parent.name for p in nerf_paths] == ["spatial"]
    nerf = load(nerf_paths[0])
    assert nerf["also"] == ["modality"]
    assert nerf["featured"] is True


def test_seed_products_have_slug_keys_and_no_arxiv(seeded: tuple[Path, Any]) -> None:
    root, _ = seeded
    sora = load(root / "entries/text-to-world/openai-sora.yaml")

    assert "arxiv" not in sora
    assert sora["title"] == "OpenAI Sora"
    assert sora["model"] == "Sora (2024)"
    for key in PRODUCTS:
        assert (root / "entries/text-to-world" / f"{key}.yaml").is_file()


def test_seed_mvdream_author_disagreement_is_reported(seeded: tuple[Path, Any]) -> None:
    _, result = seeded
    en_line = details_line(SEED_EN, "MVDream")
    zh_line = details_line(SEED_ZH, "MVDream")

    assert (
        f"{SEED_ZH}:{zh_line}: warning: 'MVDream: Multi-view Diffusion for 3D Generation': "
        "copies disagree on the authors: kept "
        "[Yichun Shi, Peng Wang, Jianglong Ye, Long Mai, Kejie Li, Xiao Yang] from "
        f"{SEED_EN}:{en_line}, not "
        "[Yichun Shi, Peng Wang, Jianglong Ye, Mai Long, Kejie Li, Xiao Yang] from here "
        "(the en copy wins for facts shared by every language)"
    ) in result.stderr.splitlines()


def test_seed_mvdream_keeps_the_first_authors(seeded: tuple[Path, Any]) -> None:
    root, _ = seeded
    mvdream = load(root / "entries/modality-spatial/2308.16512.yaml")

    assert mvdream["authors"] == [
        "Yichun Shi",
        "Peng Wang",
        "Jianglong Ye",
        "Long Mai",
        "Kejie Li",
        "Xiao Yang",
    ]


def test_project_list_imports_back_to_the_same_render(tmp_path: Path, runner: CliRunner) -> None:
    root = copy_project(tmp_path / "list", with_entries=False)
    pages = sorted(str(p) for p in (root / "papers").glob("*/README*.md"))
    assert len(pages) == SHIPPED_PAGES == 2 * len(load_config(REPO).sections)

    imported = runner.invoke(
        app,
        [
            "--root",
            str(root),
            "import",
            str(root / "README.md"),
            str(root / "README_zh.md"),
            *pages,
        ],
    )
    assert imported.exit_code == 0, imported.output
    assert imported.stderr == ""
    assert imported.stdout == (
        f"{SHIPPED_ENTRIES} created, 0 updated, 0 skipped, 0 unreadable, 0 warnings\n"
    )

    checked = runner.invoke(app, ["--root", str(root), "render", "--check"])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == f"up to date: {SHIPPED_FILES} files from {SHIPPED_ENTRIES} entries\n"


def test_shipped_list_renders_twice_without_change(tmp_path: Path, runner: CliRunner) -> None:
    root = copy_project(tmp_path / "list", with_entries=True)

    first = runner.invoke(app, ["--root", str(root), "render"])
    assert first.exit_code == 0, first.output
    # The shipped READMEs and pages are up to date with the shipped entries.
    assert first.stdout == (
        f"rendered {SHIPPED_ENTRIES} entries: 0 file(s) changed, {SHIPPED_FILES} unchanged\n"
    )

    checked = runner.invoke(app, ["--root", str(root), "render", "--check"])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == f"up to date: {SHIPPED_FILES} files from {SHIPPED_ENTRIES} entries\n"
