"""Shared fixtures: tiny lists built under tmp_path, and a CLI runner.

`make_list` builds a list folder with three sections in two parts and English
and Chinese READMEs holding the generated-block markers; tests pass the entry
files they need as YAML text, keyed by "<section>/<key>".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

TINY_CONFIG = """\
# A tiny list for tests: two parts, three sections, English and Chinese.
languages:
  - {code: en, name: English}
  - {code: zh, name: 中文}
outputs:
  - {path: README.md, language: en}
  - {path: README_zh.md, language: zh}
pages:
  en: papers/{section}/README.md
  zh: papers/{section}/README_zh.md
parts:
  - id: basics
    icon: "🔬"
    title: {en: Basics, zh: 基础}
    texts:
      - label: {en: Scope, zh: 范围}
        text: {en: The basic methods., zh: 基础方法。}
  - id: advanced
    title: {en: Advanced, zh: 进阶}
sections:
  - id: alpha
    part: basics
    title: {en: Alpha Methods, zh: 甲方法}
    texts:
      - label: {en: Objective, zh: 目标}
        text: {en: Learn alpha., zh: 学习甲。}
  - id: beta
    part: basics
    title: {en: Beta Methods, zh: 乙方法}
  - id: gamma
    part: advanced
    title: {en: Gamma Systems, zh: 丙系统}
venues:
  - {name: ICML}
  - {name: CVPR}
  - {name: arXiv}
links:
  - {key: paper, label: {en: Paper, zh: 论文}, aliases: [arXiv]}
  - {key: pdf, label: {en: PDF, zh: PDF}}
  - {key: code, label: {en: Code, zh: 代码}, aliases: [GitHub]}
  - {key: project, label: {en: Project Page, zh: 项目主页}}
  - {key: model, label: {en: Model Page, zh: 模型页面}, aliases: [Model]}
"""

TINY_README = """\
# Tiny list

English | [中文](README_zh.md)

Hand-written prose that render must never touch.

## Contents

<!-- wmcurate:begin toc -->
<!-- wmcurate:end toc -->

## The list

<!-- wmcurate:begin list -->
<!-- wmcurate:end list -->

Footer prose.
"""

TINY_README_ZH = """\
# 小列表

[English](README.md) | 中文

## 目录

<!-- wmcurate:begin toc -->
<!-- wmcurate:end toc -->

## 列表

<!-- wmcurate:begin list -->
<!-- wmcurate:end list -->
"""

#: Two entries covering every field render writes; pass them to `make_list`.
SAMPLE_ENTRIES: dict[str, str] = {
    "alpha/2301.00001": """\
arxiv: "2301.00001"
title: "First Work: A Study"
authors: [Ada Lovelace, Alan Turing]
venue: ICML 2023
links:
  paper: https://arxiv.org/abs/2301.00001
  code: https://github.com/example/first
one_liner: {en: Does the first thing., zh: 做第一件事。}
innovation: {en: A new idea., zh: 新想法。}
abstract: {en: "We study things.\\n\\nSecond paragraph.", zh: 我们研究事物。}
key_points: {en: [Point one, Point two], zh: [要点一, 要点二]}
featured: true
also: [gamma]
added: 2026-01-01T00:00:00Z
""",
    "beta/second-work": """\
title: Second Work
authors: [Grace Hopper]
venue: CVPR 2024
model: Second-1
one_liner: Only English here.
added: 2026-01-02T00:00:00Z
""",
}


@pytest.fixture
def make_list(tmp_path: Path) -> Callable[..., Path]:
    """A factory: `make_list(entries, config=..., readme=..., readme_zh=...)` -> the list's root.

    `entries` maps "<section>/<key>" to the YAML text of `entries/<section>/<key>.yaml`.
    Pass `readme=None` (or `readme_zh=None`) to leave that file out.
    """

    def make(
        entries: Mapping[str, str] | None = None,
        *,
        config: str = TINY_CONFIG,
        readme: str | None = TINY_README,
        readme_zh: str | None = TINY_README_ZH,
        name: str = "list",
    ) -> Path:
        root = tmp_path / name
        root.mkdir()
        (root / "wmcurate.yaml").write_text(config, encoding="utf-8")
        if readme is not None:
            (root / "README.md").write_text(readme, encoding="utf-8")
        if readme_zh is not None:
            (root / "README_zh.md").write_text(readme_zh, encoding="utf-8")
        (root / "entries").mkdir()
        for where, text in (entries or {}).items():
            path = root / "entries" / f"{where}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def sample_entries() -> dict[str, str]:
    return dict(SAMPLE_ENTRIES)


@pytest.fixture
def runner() -> CliRunner:
    # A wide terminal and no colour, so that messages are compared whole.
    return CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
