"""`wmcurate.yaml`: found, read and checked, with messages that name the problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import find_root, load_config
from wmcurate.configspec import CONFIG
from wmcurate.errors import ConfigError
from wmcurate.labels import DEFAULT_LABELS

REPO = Path(__file__).resolve().parents[1]


def hinted(problem: str, key: str) -> str:
    """A config problem as reported: what the key (a dotted place such as
    `sections[].order`) is for and an example follow it."""
    if key == "top level":
        return (f"{problem}. wmcurate.yaml is a mapping of keys (languages, parts, sections, "
                "...). Example: `sections: [{id: alpha, title: {en: Alpha Methods, zh: 甲方法}}]`")
    place = next(p for p in CONFIG.places() if p.path == key)
    return f"{problem}. {key}: {place.key.meaning} Example: `{place.key.example}`"


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
            hinted("sections[0].part: unknown part 'q'; known: p", "sections[].part"),
        ),
        (
            "parts: [{id: p, title: P}]\nsections: []\n",
            hinted("sections: a list needs at least one section", "sections"),
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: A}, {id: a, part: p, "
            "title: B}]\n",
            hinted("sections: 'a' is defined twice", "sections"),
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: A B, part: p, title: A}]\n",
            hinted("sections[0].id: 'A B' is not a valid id (lower-case letters, digits, '-')",
                   "sections[].id"),
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: A, order: newest}]\n",
            hinted("sections[0].order: 'newest' is not an order rule; known: added, -added, "
                   "published, -published, title, venue", "sections[].order"),
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: A}]\n"
            "outputs: [{path: README.md, language: fr}]\n",
            hinted("outputs[0].language: unknown language 'fr'; known: en, zh",
                   "outputs[].language"),
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: A}]\n"
            "outputs: [{path: ../README.md, language: en}]\n",
            hinted("outputs[0].path: '../README.md' must be a path inside the list's folder",
                   "outputs[].path"),
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: A}]\n"
            "pages: {en: papers/README.md}\n",
            hinted("pages.en: the page path needs a {section} placeholder", "pages"),
        ),
        (
            "parts: [{id: p, title: P}]\nsections: [{id: a, part: p, title: {en: A, fr: B}}]\n",
            hinted("sections[0].title.fr: unknown language; known: en, zh", "sections[].title"),
        ),
        ("- a list\n", hinted("top level: expected a mapping, got a list", "top level")),
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
    assert result.stderr == f"Error: {root}/wmcurate.yaml: {hinted(problem, 'pages')}\n"


def test_a_literal_brace_in_a_page_template_is_kept(make_list: Callable[..., Path]) -> None:
    root = make_list(config=BASE + "pages: {en: 'papers/{{x}}-{section}.md'}\n")

    assert load_config(root).page_path("a", "en") == "papers/{x}-a.md"


def test_a_nul_in_an_output_path_is_refused(
    make_list: Callable[..., Path], runner: CliRunner
) -> None:
    root = make_list(config=BASE + 'outputs: [{path: "READ\\0ME.md", language: en}]\n')

    result = runner.invoke(app, ["--root", str(root), "render"])

    assert result.exit_code == 2
    assert result.stderr == (f"Error: {root}/wmcurate.yaml: " + hinted(
        "outputs[0].path: 'READ\\x00ME.md' contains a control character; a path must be "
        "plain text", "outputs[].path") + "\n")


# -- defaults: a minimal config works ------------------------------------------------------

MINIMAL = "parts: [{id: basics, title: Basics}]\nsections: [{id: alpha, title: Alpha}]\n"


def test_a_minimal_config_takes_the_documented_defaults(make_list: Callable[..., Path]) -> None:
    config = load_config(make_list(config=MINIMAL))

    (section,) = config.sections
    assert (section.id, section.part, section.order, section.aliases, section.texts) == (
        "alpha", "basics", "added", (), ())
    assert section.title == {"en": "Alpha", "zh": "Alpha"}
    assert config.language_codes == ("en", "zh")
    assert config.language("zh").name == "zh"
    assert config.outputs == ()
    assert dict(config.pages) == {"en": "papers/{section}/README.md",
                                  "zh": "papers/{section}/README_zh.md"}
    assert (config.venues, config.links, config.default_section) == ((), (), None)
    assert (dict(config.lint.severity), config.lint.ignore) == ({}, ())
    (part,) = config.parts
    assert (part.id, part.icon, part.texts, part.aliases) == ("basics", "", (), ())


def test_sections_without_a_part_join_the_first_part(make_list: Callable[..., Path]) -> None:
    text = ("parts: [{id: one, title: One}, {id: two, title: Two}]\n"
            "sections: [{id: a, title: A}, {id: b, part: two, title: B}, {id: c, title: C}]\n")

    config = load_config(make_list(config=text))

    assert [(s.id, s.part) for s in config.sections] == [("a", "one"), ("b", "two"),
                                                          ("c", "one")]


def test_a_list_without_parts_renders_its_sections_under_one_part(
    make_list: Callable[..., Path], runner: CliRunner
) -> None:
    root = make_list(config="languages: [en]\noutputs: [{path: README.md, language: en}]\n"
                            "sections: [{id: alpha, title: Alpha}, {id: beta, title: Beta}]\n",
                     readme_zh=None)

    config = load_config(root)
    result = runner.invoke(app, ["--root", str(root), "render"])

    assert [(p.id, dict(p.title)) for p in config.parts] == [("papers", {"en": "Papers"})]
    assert [s.part for s in config.sections] == ["papers", "papers"]
    assert result.exit_code == 0, result.output
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "## Papers\n" in readme
    assert readme.index("### Alpha") < readme.index("### Beta")
    assert (root / "papers" / "beta" / "README.md").is_file()


# -- messages: what the key is for, and an example -------------------------------------------

@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (MINIMAL + "sectons: []\n",
         hinted("sectons: unknown key 'sectons' (did you mean 'sections'?); known: languages, "
                "outputs, pages, parts, sections, default_section, venues, links, "
                "show_citations, max_file_kb, lint",
                "top level")),
        ("parts: [{id: basics, title: Basics}]\nsections: [{id: alpha, titel: Alpha}]\n",
         hinted("sections[0].titel: unknown key 'titel' (did you mean 'title'?); known: id, "
                "part, title, texts, order, aliases", "sections")),
        ("parts: [{id: basics, title: Basics}]\nsections: [{title: Alpha}]\n",
         hinted("sections[0].id: missing", "sections[].id")),
        ("parts: [{id: basics, title: Basics}]\nsections: [{id: alpha, title: }]\n",
         hinted("sections[0].title: expected a text, or a mapping language -> text, got "
                "nothing", "sections[].title")),
        ("parts: [{id: basics, title: Basics}]\n",
         hinted("sections: missing", "sections")),
        (MINIMAL + "pages: {fr: 'papiers/{section}.md'}\n",
         hinted("pages.fr: unknown language 'fr'; known: en, zh", "pages")),
        (MINIMAL + "languages: [{code: en, labels: {autors: Writers}}]\n",
         hinted("languages[0].labels.autors: unknown label 'autors' (did you mean 'authors'?); "
                "known: " + ", ".join(DEFAULT_LABELS["en"]), "languages[].labels")),
        (MINIMAL + "languages: [fr]\n",
         hinted("languages[0]: language 'fr' has no built-in labels; give them under labels:",
                "languages")),
        (MINIMAL + "languages: [7]\n",
         hinted("languages[0]: expected a language code (en) or a mapping {code: en, name: "
                "English}, got a number", "languages")),
        (MINIMAL + "lint: {severity: {WMC404: loud}}\n",
         hinted("lint.severity.WMC404: 'loud' is not error, warning or off", "lint.severity")),
        (MINIMAL + "outputs: [{path: README.md, language: en, blocks: [toc, tail]}]\n",
         hinted("outputs[0].blocks[1]: unknown block 'tail'; known: toc, list",
                "outputs[].blocks")),
        (MINIMAL + "default_section: beta\n",
         hinted("default_section: unknown section 'beta'; known: alpha", "default_section")),
        (MINIMAL + "venues: [{aliases: [NIPS]}]\n",
         hinted("venues[0].name: missing", "venues[].name")),
        ("parts: [{id: basics, title: Basics, icon: 3}]\nsections: [{id: alpha, title: A}]\n",
         hinted("parts[0].icon: expected a string, got a number", "parts[].icon")),
    ],
    ids=["unknown-top-key", "unknown-section-key", "missing-id", "empty-title", "no-sections",
         "page-language", "unknown-label", "language-without-labels", "language-number",
         "severity", "block", "default-section", "venue-name", "icon"],
)
def test_a_wrong_config_says_what_the_key_is_for(
    make_list: Callable[..., Path], text: str, problem: str
) -> None:
    root = make_list(config=text)

    with pytest.raises(ConfigError) as raised:
        load_config(root)

    assert raised.value.message == f"{root}/wmcurate.yaml: {problem}"


def test_a_message_reads_whole(make_list: Callable[..., Path], runner: CliRunner) -> None:
    """One message written out in full, as a user sees it."""
    root = make_list(config=MINIMAL.replace("title: Alpha}", "title: Alpha, order: newest}"))

    result = runner.invoke(app, ["--root", str(root), "lint"])

    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {root}/wmcurate.yaml: sections[0].order: 'newest' is not an order rule; "
        "known: added, -added, published, -published, title, venue. sections[].order: How the "
        "section's works are sorted: added (when each joined the list), published (its first "
        "arXiv version), title or venue; a leading '-' reverses. Example: `order: -published`\n")
    assert "Value error" not in result.stderr and "validation" not in result.stderr
