"""Hostile entry files: what a stranger's pull request can put under entries/.

Every case here once crashed a command, let it grow without end, read outside the
list or went unreported. Each command that reads entries must answer with a
finding or an exit-2 message naming the file: never a traceback, never a value
from outside the list, never unbounded memory.

Every list here is built by the test itself (tiny YAML texts written by the team).
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from wmcurate.cli import app
from wmcurate.config import load_config
from wmcurate.entries import load_entries, load_round_trip
from wmcurate.errors import EntryError

GOOD = """\
arxiv: "2301.00001"
title: "First Work: A Study"
authors: [Ada Lovelace, Alan Turing]
venue: ICML 2023
links:
  paper: https://arxiv.org/abs/2301.00001
one_liner: {en: Does the first thing., zh: 做第一件事。}
innovation: {en: A new idea., zh: 新想法。}
abstract: {en: We study things., zh: 我们研究事物。}
key_points: {en: [Point one], zh: [要点一]}
added: 2026-01-01T00:00:00Z
"""


def alias_bomb() -> str:
    """Nine levels, each listing the one below nine times: 9**9 strings once expanded,
    in fewer than 360 bytes."""
    names = "abcdefghi"
    lines = ['arxiv: "2301.00002"', "title: Bomb", "a: &a [x,x,x,x,x,x,x,x,x]"]
    for below, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{below}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def cli(root: Path, *args: str) -> Result:
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    return runner.invoke(app, ["--root", str(root), *args])


def lint_json(root: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = cli(root, "lint", "--format", "json", "--ignore", "WMC701", *args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def codes_at(findings: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(f["code"], f["file"]) for f in findings}


def refused_by_render(root: Path, *names: str) -> str:
    before = snapshot(root)
    result = cli(root, "render")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for name in names:
        assert name in result.output
    assert snapshot(root) == before, "render wrote something although it refused"
    return result.output


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink()}


# -- 8.1 alias bombs ---------------------------------------------------------------------------

BOMB_P = "entries/alpha/2301.00002.yaml"


def test_an_alias_bomb_is_refused_by_lint_under_a_memory_limit(
    make_list: Callable[..., Path],
) -> None:
    root = make_list({"alpha/2301.00001": GOOD, "alpha/2301.00002": alias_bomb()})
    assert len(alias_bomb().encode()) <= 360
    limit = 1 << 30  # 1 GiB of address space: the bomb needs far more, lint far less
    script = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
        from wmcurate.cli import main
        sys.argv = ["wmcurate", "--root", {str(root)!r}, "lint", "--format", "json",
                    "--ignore", "WMC701"]
        main()
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "NO_COLOR": "1"}, check=False)

    assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr, run.stderr[-2000:]
    assert run.returncode == 1, run.stderr[-2000:]
    findings = json.loads(run.stdout)["findings"]
    [bomb] = [f for f in findings if f["file"] == BOMB_P]
    assert (bomb["code"], bomb["line"], bomb["column"]) == ("WMC105", 3, 4)
    assert bomb["message"].startswith("anchor &a: anchors and aliases are not allowed")


def test_render_refuses_an_alias_bomb_naming_the_file(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2301.00001": GOOD, "alpha/2301.00002": alias_bomb()})

    output = refused_by_render(root, f"{BOMB_P}:3:4")
    assert "anchors and aliases are not allowed" in output


def test_every_reader_of_entries_refuses_anchors(make_list: Callable[..., Path]) -> None:
    # add's duplicate check and import read the list through load_entries; add --force,
    # import --merge and lint --fix edit a file through load_round_trip.
    root = make_list({"alpha/2301.00001": GOOD, "alpha/2301.00002": alias_bomb()})
    bomb = root / BOMB_P

    loaded = load_entries(load_config(root))
    assert [e.key for e in loaded.entries] == ["2301.00001"]
    assert [(p.path, p.kind) for p in loaded.problems] == [(bomb, "anchor")]
    with pytest.raises(EntryError) as caught:
        load_round_trip(bomb)
    assert caught.value.location == f"{bomb}:3:4"


def test_add_does_not_expand_an_alias_bomb(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2301.00002": alias_bomb()})

    result = cli(root, "add", "2301.00002", "--section", "alpha", "--offline")

    assert "Traceback" not in result.output
    assert f"warning: {BOMB_P}:3:4: anchor &a" in result.output
    assert result.exit_code in (1, 2)  # offline with an empty cache: nothing to add


# -- 8.5 symbolic links leading out of the list ------------------------------------------------


def test_an_entry_linked_from_outside_the_list_is_refused(
    make_list: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_list({"alpha/2301.00001": GOOD})
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(GOOD.replace("First Work: A Study", "TOP SECRET TEXT")
                      .replace("2301.00001", "2301.00003"), encoding="utf-8")
    (root / "entries" / "alpha" / "2301.00003.yaml").symlink_to(secret)

    code, findings = lint_json(root)
    assert code == 1
    [link] = [f for f in findings if f["file"] == "entries/alpha/2301.00003.yaml"]
    assert link["code"] == "WMC100"
    assert "symbolic link to a file outside the list" in link["message"]
    assert "TOP SECRET" not in json.dumps(findings)

    output = refused_by_render(root, "entries/alpha/2301.00003.yaml")
    assert "TOP SECRET" not in output
    assert "TOP SECRET" not in (root / "README.md").read_text(encoding="utf-8")


def test_a_section_folder_linked_from_outside_the_list_is_refused(
    make_list: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_list({"alpha/2301.00001": GOOD})
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2301.00004.yaml").write_text(GOOD.replace("2301.00001", "2301.00004"),
                                             encoding="utf-8")
    (root / "entries" / "beta").symlink_to(outside, target_is_directory=True)

    _, findings = lint_json(root)
    [folder] = [f for f in findings if f["file"] == "entries/beta"]
    assert folder["code"] == "WMC100"
    assert "symbolic link to a folder outside the list" in folder["message"]
    assert not any("2301.00004" in f["file"] for f in findings)

    refused_by_render(root, "entries/beta")


def test_links_that_stay_inside_the_list_still_work(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2301.00001": GOOD})
    (root / "shared").mkdir()
    (root / "shared" / "2301.00005.yaml").write_text(GOOD.replace("2301.00001", "2301.00005"),
                                                      encoding="utf-8")
    (root / "entries" / "beta").mkdir()
    (root / "entries" / "beta" / "2301.00005.yaml").symlink_to(
        root / "shared" / "2301.00005.yaml")

    loaded = load_entries(load_config(root))

    assert loaded.problems == []
    assert sorted(e.key for e in loaded.entries) == ["2301.00001", "2301.00005"]


def test_a_path_given_to_lint_outside_the_list_is_a_problem(
    make_list: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_list({"alpha/2301.00001": GOOD})
    stray = tmp_path / "alpha" / "2301.00006.yaml"
    stray.parent.mkdir()
    stray.write_text(GOOD, encoding="utf-8")

    loaded = load_entries(load_config(root), [stray])

    assert loaded.entries == []
    assert [(p.path, p.kind) for p in loaded.problems] == [(stray, "outside")]


# -- 8.9 crashes are messages ------------------------------------------------------------------

DEEP = "title: " + "[" * 400 + "x" + "]" * 400 + "\n"
DEEP_BLOCK = "title:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 400))


@pytest.mark.parametrize("text", [DEEP, DEEP_BLOCK], ids=["flow", "block"])
def test_a_title_nested_400_deep_is_a_finding_and_a_refusal(
    make_list: Callable[..., Path], text: str
) -> None:
    root = make_list({"alpha/2301.00001": GOOD, "alpha/2301.00007": text})

    code, findings = lint_json(root)
    assert code == 1
    [deep] = [f for f in findings if f["file"] == "entries/alpha/2301.00007.yaml"]
    assert deep["code"] == "WMC100"
    assert "nested more than 32 levels deep" in deep["message"]

    refused_by_render(root, "entries/alpha/2301.00007.yaml")
    with pytest.raises(EntryError, match="nested more than 32 levels deep"):
        load_round_trip(root / "entries/alpha/2301.00007.yaml")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads a chmod-000 folder anyway; the simulated case covers it")
def test_an_unreadable_section_folder_exits_2(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2301.00001": GOOD, "beta/2301.00008": GOOD.replace(
        "2301.00001", "2301.00008")})
    folder = root / "entries" / "beta"
    folder.chmod(0)
    try:
        for command in (["lint"], ["render"], ["render", "--check"]):
            result = cli(root, *command)
            assert result.exit_code == 2, (command, result.output)
            assert "entries/beta: cannot be read (Permission denied)" in result.output
            assert "Traceback" not in result.output
    finally:
        folder.chmod(0o755)


def test_an_unreadable_section_folder_exits_2_simulated(
    make_list: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_list({"alpha/2301.00001": GOOD, "beta/2301.00008": GOOD.replace(
        "2301.00001", "2301.00008")})
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "beta":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for command in (["lint"], ["render", "--check"]):
        result = cli(root, *command)
        assert result.exit_code == 2, (command, result.output)
        assert "entries/beta: cannot be read (Permission denied)" in result.output
        assert isinstance(result.exception, SystemExit)


# -- 8.10 entries where no entry can be --------------------------------------------------------


def test_misplaced_and_misnamed_entries_are_reported(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2301.00001": GOOD})
    entries = root / "entries"
    placed = {
        "entries/2301.00011.yaml": "WMC603",  # directly under entries/
        "entries/alpha/old/2301.00012.yaml": "WMC603",  # a folder inside a section folder
        "entries/alpha/deeper/still/2301.00013.yml": "WMC603",
        "entries/alpha/2301.00014.yml": "WMC211",
        "entries/beta/2301.00015.YAML": "WMC211",
        "entries/beta/2301.00016.Yaml": "WMC211",
    }
    for rel in placed:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(GOOD.replace("2301.00001", path.name.split(".yaml")[0][:10]),
                        encoding="utf-8")
    # Not entries: other files are left alone.
    (entries / "README.md").write_text("About this folder.\n", encoding="utf-8")
    (entries / "alpha" / "notes.txt").write_text("notes\n", encoding="utf-8")

    code, findings = lint_json(root)

    assert code == 1
    assert codes_at(findings) == {(code, rel) for rel, code in placed.items()}
    messages = {f["file"]: f["message"] for f in findings}
    assert "move it into its home section's folder, entries/<section>/2301.00011.yaml" \
        in messages["entries/2301.00011.yaml"]
    assert "move it to entries/alpha/2301.00012.yaml" in messages[
        "entries/alpha/old/2301.00012.yaml"]
    assert "rename it to 2301.00015.yaml" in messages["entries/beta/2301.00015.YAML"]
    refused_by_render(root, *placed)


def test_distinct_yaml_keys_are_not_called_duplicates(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2301.00001": GOOD + "extra: {1: a, true: b}\n"})

    _, findings = lint_json(root)

    messages = [f["message"] for f in findings if f["code"] == "WMC100"]
    assert messages == ["invalid YAML: keys 1 and true are different in YAML but one key in "
                        "Python: quote them to make both plain names"]
    assert not any("duplicate key True" in f["message"] for f in findings)


# -- fuzz: any entry file, any command: a finding or a message ---------------------------------

FRAGMENTS = st.sampled_from([
    "title: T\n", "title: [", "&a ", "*a ", "{1: a, true: b}", "[" * 40, "]" * 40, "\t",
    "authors: 5\n", "? [a]\n: b\n", "!!python/object x", "- x\n", "key: 'unclosed\n",
    "\ufeff", "\x00", "\\x85", "---\n", "...\n", "%YAML 1.2\n", "a: !!int abc\n", "\u2028",
    "links: {paper: 1}\n", "title: {en: [a]}\n", "  ", "\n", ":", "#",
])
ENTRY_TEXTS = st.one_of(
    st.lists(FRAGMENTS, max_size=12).map("".join),
    st.text(max_size=80),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
)


_RUNS = itertools.count()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ENTRY_TEXTS)
def test_any_entry_file_gives_findings_or_a_refusal_never_a_crash(
    make_list: Callable[..., Path], text: str
) -> None:
    root = make_list({"alpha/2301.00001": GOOD}, name=f"fuzz-{next(_RUNS)}")
    path = root / "entries" / "alpha" / "2301.00009.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))

    result = cli(root, "lint", "--format", "json", "--ignore", "WMC701")
    assert result.exit_code in (0, 1), result.output
    assert isinstance(result.exception, (SystemExit, type(None))), result.exception
    json.loads(result.stdout)
    rendered = cli(root, "render", "--check")
    assert rendered.exit_code in (0, 1, 2), rendered.output
    assert isinstance(rendered.exception, (SystemExit, type(None))), rendered.exception
