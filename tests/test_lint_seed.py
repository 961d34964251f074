"""Acceptance: lint on the seed imported as it was, and on the list the project ships.

The seed (tests/fixtures/seed/README.md, README_zh.md) is imported with `wmcurate import`
into a fresh list once per module; the shipped list is a copy of the project's own files.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from test_lint import CONFIG, cli, lint_json

PROJECT = Path(__file__).resolve().parents[1]
SEED = PROJECT / "tests" / "fixtures" / "seed"

GAIA = "entries/embodied/2311.07541.yaml"
DREAMFUSION = "entries/modality-spatial/2209.14988.yaml"
LUMIERE = "entries/modality-temporal/2401.12945.yaml"
SGEDIT = "entries/modality-spatial/2410.11815.yaml"
ZERO123 = "entries/modality-spatial/2303.11328.yaml"
WITHOUT_CHINESE = {
    "entries/modality/2103.00020.yaml",  # CLIP
    "entries/modality/2102.12092.yaml",  # DALL-E
    "entries/modality/1502.03044.yaml",  # Show, Attend and Tell
    "entries/modality/1711.10485.yaml",  # AttnGAN
}


def _import_seed(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "wmcurate.yaml").write_text(CONFIG, encoding="utf-8")
    for name in ("README.md", "README_zh.md"):
        shutil.copyfile(SEED / name, root / name)
    result = cli(root, "import", str(root / "README.md"), str(root / "README_zh.md"))
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def seed_findings(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[dict[str, Any]]]:
    root = _import_seed(tmp_path_factory.mktemp("seed") / "list")
    return lint_json(root)


def _by_file(findings: list[dict[str, Any]]) -> dict[str, list[tuple[Any, ...]]]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for f in findings:
        grouped[f["file"]].append((f["code"], f["severity"], f["line"], f["column"], f["message"]))
    return grouped


def test_seed_lint_fails(seed_findings: tuple[int, list[dict[str, Any]]]) -> None:
    exit_code, findings = seed_findings

    assert exit_code == 1


def test_seed_gaia_1_links_point_at_another_paper(
    seed_findings: tuple[int, list[dict[str, Any]]],
) -> None:
    message = (
        "links.{} points at arXiv 2309.17080, but the entry's arXiv ID is 2311.07541: one "
        "of them is wrong"
    )

    assert _by_file(seed_findings[1])[GAIA] == [
        ("WMC204", "error", 6, 10, message.format("paper")),
        ("WMC204", "error", 7, 8, message.format("pdf")),
    ]


def test_seed_dreamfusion_icrl_is_an_unknown_venue_meaning_iclr(
    seed_findings: tuple[int, list[dict[str, Any]]],
) -> None:
    assert (
        "WMC301",
        "error",
        4,
        8,
        "unknown venue 'ICRL 2023': did you mean 'ICLR 2023'? (neither in venues: in "
        "wmcurate.yaml nor a venue wmcurate knows; if it is real, add it to venues)",
    ) in _by_file(seed_findings[1])[DREAMFUSION]


def test_seed_siggraph_asia_is_a_venue_alias(
    seed_findings: tuple[int, list[dict[str, Any]]],
) -> None:
    grouped = _by_file(seed_findings[1])

    assert ("WMC302", "warning", 4, 8,
            "write the venue 'SIGGRAPH-ASIA 2024' as 'SIGGRAPH Asia 2024'") in grouped[
        LUMIERE
    ]
    # SGEdit's seed entry already reads "SIGGRAPH Asia 2024": nothing to say about its venue.
    assert not [f for f in grouped[SGEDIT] if f[0].startswith("WMC3")]


def test_seed_works_without_chinese_texts_are_warned(
    seed_findings: tuple[int, list[dict[str, Any]]],
) -> None:
    findings = seed_findings[1]
    missing = [f for f in findings if f["code"] == "WMC404"]

    assert {f["file"] for f in missing} == WITHOUT_CHINESE
    assert {f["severity"] for f in missing} == {"warning"}
    for path in WITHOUT_CHINESE:
        assert sorted(f["message"] for f in missing if f["file"] == path) == [
            f"'{name}' has no zh text: add the translation"
            for name in ("abstract", "innovation", "key_points", "one_liner")
        ]


def test_seed_zero_1_to_3_has_no_error(seed_findings: tuple[int, list[dict[str, Any]]]) -> None:
    assert [f for f in seed_findings[1] if f["file"] == ZERO123 and f["severity"] == "error"] == []


def test_seed_entry_errors_are_exactly_gaia_and_icrl(
    seed_findings: tuple[int, list[dict[str, Any]]],
) -> None:
    errors = [
        (f["code"], f["file"])
        for f in seed_findings[1]
        if f["severity"] == "error" and f["file"].startswith("entries/")
    ]

    assert errors == [("WMC204", GAIA), ("WMC204", GAIA), ("WMC301", DREAMFUSION)]


def test_seed_missing_markers_are_reported_in_the_readme(
    seed_findings: tuple[int, list[dict[str, Any]]],
) -> None:
    stale = [f for f in seed_findings[1] if f["code"] == "WMC701"]

    assert stale
    assert {f["file"] for f in stale} <= {"README.md", "README_zh.md"}


def test_seed_fix_changes_only_what_it_prints_and_a_second_fix_nothing(tmp_path: Path) -> None:
    root = _import_seed(tmp_path / "list")
    before = {p: p.read_text(encoding="utf-8") for p in (root / "entries").rglob("*.yaml")}

    first = cli(root, "lint", "--fix")

    fixed = [line for line in first.stdout.splitlines() if line.startswith("fixed ")]
    assert len(fixed) >= 50  # every non-canonical PDF link, Lumiere's venue
    assert f"fixed {LUMIERE}: venue: SIGGRAPH-ASIA 2024 -> SIGGRAPH Asia 2024" in fixed
    after = {p: p.read_text(encoding="utf-8") for p in before}
    changed_lines = 0
    for path, text in before.items():
        old, new = text.splitlines(), after[path].splitlines()
        assert len(old) == len(new), path  # comments, order and layout survive
        changed_lines += sum(a != b for a, b in zip(old, new, strict=True))
    assert changed_lines == len(fixed)

    second = cli(root, "lint", "--fix")

    assert not [line for line in second.stdout.splitlines() if line.startswith("fixed ")]
    assert "fix(es) applied" not in second.stdout
    assert {p: p.read_text(encoding="utf-8") for p in before} == after


# -- the shipped list -------------------------------------------------------------------------
def test_shipped_list_lints_with_exit_0(tmp_path: Path) -> None:
    root = tmp_path / "shipped"
    root.mkdir()
    for name in ("wmcurate.yaml", "README.md", "README_zh.md"):
        shutil.copyfile(PROJECT / name, root / name)
    for folder in ("entries", "papers"):
        shutil.copytree(PROJECT / folder, root / folder)

    result = cli(root, "lint")
    exit_code, findings = lint_json(root)

    assert result.exit_code == 0, result.stdout
    assert exit_code == 0
    # The shipped list is kept free of every finding: CI runs `lint --strict`.
    assert findings == []
    assert cli(root, "lint", "--strict").exit_code == 0
    github = cli(root, "lint", "--format", "github")
    assert github.exit_code == 0
    assert not [line for line in github.stdout.splitlines() if line.startswith("::error")]


def test_strict_fails_on_a_warning_alone(tmp_path: Path) -> None:
    root = tmp_path / "shipped"
    root.mkdir()
    for name in ("wmcurate.yaml", "README.md", "README_zh.md"):
        shutil.copyfile(PROJECT / name, root / name)
    for folder in ("entries", "papers"):
        shutil.copytree(PROJECT / folder, root / folder)
    entry = root / "entries/spatial/2308.04079.yaml"
    text = entry.read_text(encoding="utf-8")
    # A project page equal to the code link is a warning (WMC505), nothing more.
    code = next(line.split(": ", 1)[1] for line in text.splitlines()
                if line.strip().startswith("code:"))
    entry.write_text(text.replace(f"  code: {code}", f"  code: {code}\n  project: {code}"),
                     encoding="utf-8")

    plain = cli(root, "lint", "--ignore", "WMC701")
    strict = cli(root, "lint", "--strict", "--ignore", "WMC701")

    assert "WMC505" in plain.stdout
    assert plain.exit_code == 0
    assert strict.exit_code == 1
