"""Lint's positions come from the one parse that loaded each file (issue 14, point 13).

Lint used to compose every file with a finding a second time to find `line:col`; on a
list where every file has a finding that doubled the parsing. These tests pin the
positions and check that each entry file is parsed exactly once per lint run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import wmcurate.entries
import wmcurate.lint.positions
from wmcurate.config import load_config
from wmcurate.entries import LoadedList, load_entries
from wmcurate.lint import run_lint

ENTRY = """\
# A comment above the first field.
arxiv: "2301.00001"
title: "First Work: A Study  "
authors: [Ada Lovelace, Alan Turing]
venue: ICML 2023
links:
  paper: https://arxiv.org/abs/2301.00001
  homepage: https://example.org/first
one_liner: {en: Does the first thing., zh: 做第一件事。}
innovation: {en: A new idea., zh: 新想法。}
abstract: {en: We study things., zh: 我们研究事物。}
key_points:
  en:
    - Point one
    - "Point  two "
  zh: [要点一]
autors: [A typo]
added: 2026-01-01T00:00:00Z
"""

#: code -> (line, column) where its finding must point in ENTRY.
EXPECTED = {
    "WMC103": (17, 9),  # unknown field `autors`: its value
    "WMC403": (3, 8),  # whitespace in the title: the title's value
    "WMC506": (8, 13),  # unknown link label `homepage`: the link's value
}


def _lint(root: Path) -> list[Any]:
    config = load_config(root)
    return run_lint(config, check_outputs=False).findings


def test_findings_point_at_their_fields(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2301.00001": ENTRY})

    found = {(f.code, f.line, f.column) for f in _lint(root)}

    for code, (line, column) in EXPECTED.items():
        assert (code, line, column) in found, (code, found)
    # The whitespace in the second key point: that point.
    assert ("WMC403", 15, 7) in found


def test_each_file_is_parsed_once_and_never_composed_again(
    make_list: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"alpha/2301.{i:05d}": ENTRY.replace("2301.00001", f"2301.{i:05d}")
             for i in range(1, 6)}
    root = make_list(files)
    parsed: list[int] = []
    real_read = wmcurate.entries.read_yaml

    def counting_read(data: bytes, marks: Any = None) -> Any:
        parsed.append(len(data))
        return real_read(data, marks)

    def no_second_parse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a file was parsed a second time for positions")

    monkeypatch.setattr(wmcurate.entries, "read_yaml", counting_read)
    monkeypatch.setattr(yaml, "compose", no_second_parse)
    monkeypatch.setattr(wmcurate.lint.positions, "read_yaml", no_second_parse, raising=False)

    findings = _lint(root)

    assert len({f.file for f in findings}) == 5  # every file has findings
    assert len(parsed) == 5


def test_a_list_loaded_without_positions_still_gets_them(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2301.00001": ENTRY})
    config = load_config(root)
    loaded = load_entries(config)
    assert loaded.positions == {}

    run = run_lint(config, check_outputs=False, loaded=loaded)
    found = {(f.code, f.line, f.column) for f in run.findings}

    for code, (line, column) in EXPECTED.items():
        assert (code, line, column) in found, (code, found)


def test_positions_are_kept_only_when_asked(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2301.00001": ENTRY})
    config = load_config(root)
    path = root / "entries" / "alpha" / "2301.00001.yaml"

    with_marks = load_entries(config, positions=True)

    assert isinstance(with_marks, LoadedList)
    assert with_marks.positions[path][("links", "homepage")] == (8, 13)
    assert with_marks.positions[path][("key_points", "en", 1)] == (15, 7)
    assert with_marks.positions[path][()] == (2, 1)


def test_a_wrong_type_points_at_its_field_in_both_modes(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2301.00001": ENTRY.replace(
        "  paper: https://arxiv.org/abs/2301.00001", "  paper: [not, a, url]")})
    config = load_config(root)

    for positions in (False, True):
        [problem] = load_entries(config, positions=positions).problems
        assert (problem.line, problem.column, problem.kind) == (7, 10, "type")
        assert problem.message == "links.paper: expected a URL string, got a list"
