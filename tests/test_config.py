"""`wmcurate.yaml`: found, read and checked, with messages that name the problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import find_root, load_config
from wmcurate.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]


def test_project_config_loads() -> None:
    config = load_config(REPO)

    assert config.language_codes == ("en", "zh")
    assert [p.id for p in config.parts] == ["specialized", "integration", "trinity", "evaluation"]
    assert [s.id for s in config.sections] == [
        "modality",
        "spatial",
        "temporal",
        "modality-spatial",
        "modality-temporal",
        "spatial-temporal",
        "text-to-world",
        "embodied",
        "benchmarks",
    ]
    assert [(o.path, o.language, o.blocks) for o in config.outputs] == [
        ("README.md", "en", ("toc", "list")),
        ("README_zh.md", "zh", ("toc", "list")),
    ]
    assert config.page_path("spatial", "zh") == "papers/spatial/README_zh.md"
    assert config.section("modality-temporal").aliases == ("模态一致性 + 时间一致性",)  # type: ignore[union-attr]
    assert config.language("zh").labels["authors"] == "作者"


def test_tiny_config_defaults(make_list: Callable[..., Path]) -> None:
    config = load_config(make_list())

    assert [s.order for s in config.sections] == ["added", "added", "added"]
    assert config.section("alpha").title == {"en": "Alpha Methods", "zh": "甲方法"}  # type: ignore[union-attr]
    assert config.link_order() == {"paper": 0, "pdf": 1, "code": 2, "project": 3, "model": 4}


def test_missing_config_with_root_exits_2(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(tmp_path), "render"])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {tmp_path}/wmcurate.yaml: not found. A list needs a "
        "wmcurate.yaml; point at the list with --root DIR.\n"
    )


def test_no_config_above_the_working_folder_exits_2(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    if any((folder / "wmcurate.yaml").exists() for folder in tmp_path.parents):
        pytest.skip("a wmcurate.yaml above the temporary folder")
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(app, ["render", "--check"])

    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: No wmcurate.yaml found in {tmp_path.resolve()} or any "
        "folder above it. Run wmcurate inside a list's folder, or point at "
        "it with --root DIR.\n"
    )


def test_root_is_found_upward_from_a_subfolder(make_list: Callable[..., Path]) -> None:
    root = make_list()
    deep = root / "entries" / "alpha"
    deep.mkdir()

    assert find_root(deep) == root.resolve()


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("sections:\n\t- id: a\n", "2:1"),
        ("parts: [a, b\nsections: []\n", "2:9"),
        ("languages: [en, zh]\n  outputs: []\n", "2:3"),
    ],
    ids=["tab", "unclosed-flow", "bad-indent"],
)
def test_broken_yaml_config_names_file_line_and_column(
    make_list: Callable[..., Path], runner: CliRunner, text: str, position: str
) -> None:
    root = make_list(config=text)

    result = runner.invoke(app, ["--root", str(root), "render"])

    assert result.exit_code == 2
    # The wording after "invalid YAML:" is the YAML parser's; the position is exact.
    prefix = f"Error: {root}/wmcurate.yaml:{position}: invalid YAML: "
    assert result.stderr.startswith(prefix)
    assert result.stderr.endswith("\n")
    assert len(result.stderr.splitlines()) == 1
    assert len(result.stderr) > len(prefix) + 10


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: q, title: A}]\n",
            "sections[0].part: unknown part 'q'; known: p",
        ),
        (
            "parts: [{id: p, title: P}]\nsections: []\n",
            "sections: a list needs at least one section",
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: A}, {id: a, part: p, "
            "title: B}]\n",
            "sections: 'a' is defined twice",
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: A B, part: p, title: A}]\n",
            "sections[0].id: 'A B' is not a valid id (lower-case letters, digits, '-')",
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: A, order: newest}]\n",
            "sections[0].order: 'newest' is not an order rule; known: added, -added, published, "
            "-published, title, venue",
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: A}]\n"
            "outputs: [{path: README.md, language: fr}]\n",
            "outputs[0].language: unknown language 'fr'; known: en, zh",
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: A}]\n"
            "outputs: [{path: ../README.md, language: en}]\n",
            "outputs[0].path: '../README.md' must be a path inside the list's folder",
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: A}]\n"
            "pages: {en: papers/README.md}\n",
            "pages.en: the page path needs a {section} placeholder",
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: {en: A, fr: B}}]\n",
            "sections[0].title.fr: unknown language; known: en, zh",
        ),
        ("- a list\n", "top level: expected a mapping, got a list"),
    ],
    ids=[
        "unknown-part",
        "no-section",
        "duplicate-section",
        "bad-id",
        "bad-order",
        "unknown-language",
        "outside-path",
        "page-placeholder",
        "title-language",
        "not-mapping",
    ],
)
def test_invalid_config_names_the_setting(
    make_list: Callable[..., Path], runner: CliRunner, text: str, problem: str
) -> None:
    root = make_list(config=text)

    with pytest.raises(ConfigError) as raised:
        load_config(root)
    assert raised.value.message == f"{root}/wmcurate.yaml: {problem}"

    result = runner.invoke(app, ["--root", str(root), "render", "--check"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {root}/wmcurate.yaml: {problem}\n"


BASE = "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: A}]\n"


@pytest.mark.parametrize(
    ("pages", "problem"),
    [
        ("{en: 'papers/{section/README.md'}",
         "pages.en: 'papers/{section/README.md' is not a page path template (expected '}' "
         "before end of string); write a literal brace as {{ or }}"),
        ("{en: 'papers/}{section}.md'}",
         "pages.en: 'papers/}{section}.md' is not a page path template (Single '}' "
         "encountered in format string); write a literal brace as {{ or }}"),
        ("{en: 'papers/{sec}.md'}",
         "pages.en: 'papers/{sec}.md': {sec} is not a placeholder; the only one is {section} "
         "(write a literal brace as {{ or }})"),
        ("{en: 'papers/{0}/{section}.md'}",
         "pages.en: 'papers/{0}/{section}.md': {0} is not a placeholder; the only one is "
         "{section} (write a literal brace as {{ or }})"),
        ("{en: 'papers/{section.__class__}.md'}",
         "pages.en: 'papers/{section.__class__}.md': {section.__class__} is not a "
         "placeholder; the only one is {section} (write a literal brace as {{ or }})"),
        ("{en: 'papers/{section!r:>9}.md'}",
         "pages.en: 'papers/{section!r:>9}.md': {section!r:>9} is not a placeholder; the "
         "only one is {section} (write a literal brace as {{ or }})"),
        ("{en: 'papers/{{section}}.md'}",
         "pages.en: the page path needs a {section} placeholder"),
        ('{en: "papers/\\0{section}.md"}',
         "pages.en: 'papers/\\x00{section}.md' contains a control character; a path must be "
         "plain text"),
    ],
    ids=["unclosed", "stray-close", "unknown-name", "positional", "attribute", "spec",
         "escaped-only", "nul"],
)
def test_a_malformed_page_template_is_refused_when_the_config_loads(
    make_list: Callable[..., Path], runner: CliRunner, pages: str, problem: str
) -> None:
    root = make_list(config=BASE + f"pages: {pages}\n")

    result = runner.invoke(app, ["--root", str(root), "render"])

    assert result.exit_code == 2
    assert result.stderr == f"Error: {root}/wmcurate.yaml: {problem}\n"


def test_a_literal_brace_in_a_page_template_is_kept(make_list: Callable[..., Path]) -> None:
    root = make_list(config=BASE + "pages: {en: 'papers/{{x}}-{section}.md'}\n")

    assert load_config(root).page_path("a", "en") == "papers/{x}-a.md"


def test_a_nul_in_an_output_path_is_refused(
    make_list: Callable[..., Path], runner: CliRunner
) -> None:
    root = make_list(config=BASE + 'outputs: [{path: "READ\\0ME.md", language: en}]\n')

    result = runner.invoke(app, ["--root", str(root), "render"])

    assert result.exit_code == 2
    assert result.stderr == (f"Error: {root}/wmcurate.yaml: outputs[0].path: 'READ\\x00ME.md' "
                             "contains a control character; a path must be plain text\n")
