"""`wmcurate init`: a new list that works at once, files never overwritten, and arguments
read the way the usage line promises."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner, Result

from wmcurate import __version__
from wmcurate.cli import app
from wmcurate.config import load_config
from wmcurate.configspec import CONFIG
from wmcurate.labels import DEFAULT_LABELS
from wmcurate.schema import config_schema, schema_text

REPO = Path(__file__).resolve().parents[1]
FILES = {"wmcurate.yaml", "README.md", "README_zh.md", "schemas/entry.schema.json",
         "schemas/config.schema.json", ".pre-commit-config.yaml",
         ".github/workflows/wmcurate.yml", ".vscode/settings.json"}


def init(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, ["init", *args])


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def yaml(text: str) -> object:
    return YAML(typ="safe", pure=True).load(text)


def test_a_new_list_works_at_once(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "my-list"

    result = init(runner, str(root), "--languages", "en,zh")

    assert result.exit_code == 0, result.output
    assert set(tree(root)) == FILES
    assert (root / "entries").is_dir()
    assert [line for line in result.stdout.splitlines() if line.startswith("wrote ")] == [
        f"wrote {name}" for name in ("wmcurate.yaml", "README.md", "README_zh.md",
                                      "schemas/entry.schema.json", "schemas/config.schema.json",
                                      ".pre-commit-config.yaml",
                                      ".github/workflows/wmcurate.yml", ".vscode/settings.json")]
    assert "wmcurate add ID --section methods" in result.stdout
    config = load_config(root)
    assert config.language_codes == ("en", "zh")
    assert [(s.id, dict(s.title)) for s in config.sections] == [
        ("methods", {"en": "Methods", "zh": "方法"}),
        ("benchmarks", {"en": "Benchmarks and Datasets", "zh": "基准与数据集"})]
    assert config.default_section == "methods"
    assert [(o.path, o.language) for o in config.outputs] == [("README.md", "en"),
                                                              ("README_zh.md", "zh")]
    for command in (["render"], ["render", "--check"], ["lint"]):
        done = runner.invoke(app, ["--root", str(root), *command])
        assert done.exit_code == 0, (command, done.output)
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# My list\n\nEnglish | [中文](README_zh.md)\n")
    assert "#### Methods" in readme or "### Methods" in readme
    assert "[English](README.md) | 中文" in (root / "README_zh.md").read_text(encoding="utf-8")


def test_the_config_is_commented_from_the_definition(tmp_path: Path, runner: CliRunner) -> None:
    assert init(runner, str(tmp_path / "l")).exit_code == 0
    text = (tmp_path / "l" / "wmcurate.yaml").read_text(encoding="utf-8")

    assert text.startswith("# yaml-language-server: $schema=schemas/config.schema.json\n")
    comments = " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    for key in CONFIG.keys:
        assert key.meaning in comments, key.name
        assert f"\n{key.name}:" in text or f"\n# {key.name}:" in text, key.name
    errors = list(jsonschema.Draft202012Validator(config_schema()).iter_errors(yaml(text)))
    assert errors == []


def test_the_editor_files_name_the_schemas(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "l"
    assert init(runner, str(root)).exit_code == 0

    for kind in ("entry", "config"):
        assert (root / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == \
            schema_text(kind)  # type: ignore[arg-type]
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings == {"yaml.schemas": {"./schemas/entry.schema.json": "entries/**/*.yaml",
                                         "./schemas/config.schema.json": "wmcurate.yaml"}}


def test_the_checks_run_lint_and_render_check(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "l"
    assert init(runner, str(root)).exit_code == 0

    hooks = yaml((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks == {"repos": [{"repo": "https://github.com/wmcurate/wmcurate",
                                "rev": f"v{__version__}",
                                "hooks": [{"id": "wmcurate-lint"},
                                          {"id": "wmcurate-render-check"}]}]}
    # The hooks named exist in the project's .pre-commit-hooks.yaml.
    offered = yaml((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {"wmcurate-lint", "wmcurate-render-check"} <= {h["id"] for h in offered}  # type: ignore[attr-defined]
    workflow = yaml((root / ".github" / "workflows" / "wmcurate.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]  # type: ignore[index]
    assert steps == [{"uses": "actions/checkout@v4"},
                     {"uses": f"wmcurate/wmcurate@v{__version__}"}]
    assert workflow["on"] == {"pull_request": None, "push": {"branches": ["main"]}}  # type: ignore[index]
    # The action those steps use runs both checks (action.yml at the project's root).
    action = yaml((REPO / "action.yml").read_text(encoding="utf-8"))
    runs = " ".join(step.get("run", "") for step in action["runs"]["steps"])  # type: ignore[index]
    assert "lint --format github" in runs and "render --check" in runs


def test_a_language_without_built_in_words_gets_english_ones_to_translate(
    tmp_path: Path, runner: CliRunner
) -> None:
    root = tmp_path / "liste"

    result = init(runner, str(root), "--languages", "fr,en")

    assert result.exit_code == 0, result.output
    config = load_config(root)
    assert config.language_codes == ("fr", "en")
    assert dict(config.language("fr").labels) == DEFAULT_LABELS["en"]
    assert config.language("fr").name == "Français"
    assert [o.path for o in config.outputs] == ["README.md", "README_en.md"]
    assert "translate these" in (root / "wmcurate.yaml").read_text(encoding="utf-8")
    assert (root / "README.md").read_text(encoding="utf-8").startswith(
        "# Liste\n\nFrançais | [English](README_en.md)\n")
    assert runner.invoke(app, ["--root", str(root), "render"]).exit_code == 0


@pytest.mark.parametrize("existing", ["README.md", ".vscode/settings.json", "wmcurate.yaml",
                                      "entries/methods/x.yaml"])
def test_an_existing_file_is_never_overwritten(
    tmp_path: Path, runner: CliRunner, existing: str
) -> None:
    root = tmp_path / "l"
    (root / existing).parent.mkdir(parents=True)
    (root / existing).write_text("mine\n", encoding="utf-8")
    before = tree(root)

    result = init(runner, str(root))

    assert result.exit_code == 2
    named = "entries/ (not empty)" if existing.startswith("entries") else existing
    assert result.stderr == (f"Error: {root}: {named} exists already; init never overwrites a "
                             "file, so nothing was written. Move them aside, or init the new "
                             "list in another folder.\n")
    assert tree(root) == before
    assert sorted(p.name for p in root.iterdir()) == [Path(existing).parts[0]]


def test_reading_a_list_in_place_says_how_to_move_it_aside(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "README.md").write_text("# Old\n\n## A\n\n* Paper, CVPR 2023\n",
                                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    result = init(runner, "--from", "README.md")

    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path}: README.md exists already; init never overwrites a file, so "
        "nothing was written. README.md is one of the lists to read: move the old list aside "
        "first (git mv README.md old/README.md) and read it from there, or init the new list "
        "in another folder.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a", "b"], "give one folder for the new list, not a, b (a file to read goes after "
                     "--from)"),
        (["file.txt"], "file.txt: is a file; give the folder of the new list (a list to start "
                       "from goes after --from)"),
        (["new", "--from", "missing.md"], "missing.md: no such file"),
        (["new", "--languages", "en,EN"], "--languages: 'EN' is not a language code "
                                          "(lower-case, such as en, zh, fr or pt-br)"),
        (["new", "--languages", "en,zh,en"], "--languages: a language is named twice in "
                                             "'en,zh,en'"),
        (["new", "--languages", ","], "--languages: give language codes separated by commas, "
                                      "e.g. en,zh"),
    ],
    ids=["two-folders", "folder-is-a-file", "missing-source", "upper-case", "twice", "empty"],
)
def test_arguments_it_cannot_use_exit_2(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str],
    message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")

    result = init(runner, *args)

    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_files_after_from_are_read_too(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`init new --from README.md README_zh.md`: README_zh.md is a second list to read, not
    the folder."""
    old = tmp_path / "old"
    old.mkdir()
    (old / "README.md").write_text("# Old\n\n## Vision\n\n* Seeing Things, CVPR 2023\n",
                                   encoding="utf-8")
    (old / "README_zh.md").write_text("# 旧\n\n## 视觉\n\n* Seeing Things, CVPR 2023\n",
                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    result = init(runner, "new", "--from", "old/README.md", "old/README_zh.md")

    assert result.exit_code == 0, result.output
    config = load_config(tmp_path / "new")
    assert config.language_codes == ("en", "zh")
    assert [dict(s.title) for s in config.sections] == [{"en": "Vision", "zh": "视觉"}]
    assert [p.name for p in (tmp_path / "new" / "entries" / "vision").iterdir()] == [
        "seeing-things.yaml"]


def test_a_source_without_papers_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    source = tmp_path / "notes.md"
    source.write_text("# Notes\n\n## Ideas\n\n- [a link](https://example.com)\n",
                      encoding="utf-8")

    result = init(runner, str(tmp_path / "new"), "--from", str(source))

    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: no heading of {source} is over a work that looks "
                                    "like a paper")
    assert not (tmp_path / "new").exists()


def test_a_failed_write_keeps_nothing(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "l"
    real_open = Path.open
    opened: list[str] = []

    def failing_open(self: Path, mode: str = "r", *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if mode == "x":
            opened.append(self.name)
            if len(opened) == 3:
                raise OSError(28, "No space left on device", str(self))
        return real_open(self, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", failing_open)

    result = init(runner, str(root))

    assert result.exit_code == 2
    assert result.stderr == (f"Error: {root}/schemas/entry.schema.json: cannot be written (No "
                             "space left on device); nothing was kept\n")
    assert not root.exists()


def test_titles_with_yaml_syntax_survive(tmp_path: Path, runner: CliRunner) -> None:
    source = tmp_path / "list.md"
    headings = ['Models: "quoted", [bracketed] & #hashed', "yes", "3D: {Scenes}", "null",
                "'single' % @at `tick`"]
    source.write_text("# T\n\n" + "".join(
        f"## {h}\n\n* A Paper About {n}, ICML 2023\n\n" for n, h in enumerate(headings)),
        encoding="utf-8")

    result = init(runner, str(tmp_path / "new"), "--from", str(source), "--languages", "en")

    assert result.exit_code == 0, result.output
    config = load_config(tmp_path / "new")
    assert [s.title["en"] for s in config.sections] == headings
    assert [s.id for s in config.sections] == ["models-quoted-bracketed-hashed", "yes",
                                               "3d-scenes", "null", "single-at-tick"]
    assert [len(list((tmp_path / "new" / "entries" / s.id).iterdir()))
            for s in config.sections] == [1, 1, 1, 1, 1]
    assert runner.invoke(app, ["--root", str(tmp_path / "new"), "render"]).exit_code == 0


def test_the_new_readmes_pass_markdownlint_once_rendered(tmp_path: Path, runner: CliRunner) -> None:
    pytest.importorskip("pymarkdown", reason="pymarkdownlnt (test extras) lints the READMEs")
    root = tmp_path / "l"
    assert init(runner, str(root), "--languages", "en,zh").exit_code == 0
    assert runner.invoke(app, ["--root", str(root), "render"]).exit_code == 0

    done = subprocess.run([sys.executable, "-m", "pymarkdown", "-c",
                           str(REPO / ".pymarkdown.json"), "scan", str(root / "README.md"),
                           str(root / "README_zh.md")], capture_output=True, text=True,
                          check=False)
    assert (done.returncode, done.stdout) == (0, "")
