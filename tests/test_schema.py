"""`wmcurate schema`: JSON Schemas for editors, checked with jsonschema, the reference
validator, against every entry and config the project ships or its tests build, and against
broken ones the readers refuse."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import SAMPLE_ENTRIES, TINY_CONFIG
from ruamel.yaml import YAML
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import parse_config
from wmcurate.configspec import CONFIG
from wmcurate.errors import ConfigError
from wmcurate.model import FIELD_KINDS, FIELDS, FieldProblem, entry_from_mapping
from wmcurate.schema import config_schema, entry_schema, schema_text

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def plain(value: Any) -> Any:
    """YAML data as an editor's YAML 1.2 server hands it to a JSON Schema: dates as text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def load(text: str) -> Any:
    return plain(YAML(typ="safe", pure=True).load(text))


ENTRY = jsonschema.Draft202012Validator(entry_schema())
CONFIG_VALIDATOR = jsonschema.Draft202012Validator(config_schema())


def problems(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_both_schemas_are_valid_draft_2020_12() -> None:
    for schema in (entry_schema(), config_schema()):
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_entry_field_has_a_kind_and_a_meaning() -> None:
    assert tuple(FIELD_KINDS) == FIELDS
    assert set(entry_schema()["properties"]) == set(FIELDS)
    assert all(meaning.endswith(".") for _, meaning in FIELD_KINDS.values())


def shipped_entries() -> list[Path]:
    found = sorted((REPO / "entries").rglob("*.yaml"))
    found += sorted(p for p in FIXTURES.rglob("*.yaml") if "entries" in p.parts)
    return found


def test_the_shipped_and_fixture_entries_validate() -> None:
    files = shipped_entries()
    assert len(files) > 50
    for path in files:
        assert problems(ENTRY, load(path.read_text(encoding="utf-8"))) == [], path
    for name, text in SAMPLE_ENTRIES.items():
        assert problems(ENTRY, load(text)) == [], name


def test_the_shipped_and_fixture_configs_validate() -> None:
    configs = [REPO / "wmcurate.yaml", *sorted(FIXTURES.rglob("wmcurate.yaml"))]
    assert len(configs) >= 3
    for path in configs:
        assert problems(CONFIG_VALIDATOR, load(path.read_text(encoding="utf-8"))) == [], path
    assert problems(CONFIG_VALIDATOR, load(TINY_CONFIG)) == []


# Entries the reader refuses (FieldProblem) are refused by the schema too.
BAD_ENTRIES = {
    "no-title": "authors: [A]\n",
    "empty-title": "title: ''\n",
    "authors-not-a-list": "title: T\nauthors: Ada Lovelace\n",
    "author-a-mapping": "title: T\nauthors: [{name: Ada}]\n",
    "featured-a-word": "title: T\nfeatured: yes please\n",
    "links-a-list": "title: T\nlinks: [https://example.com]\n",
    "link-a-number": "title: T\nlinks: {code: 7}\n",
    "text-a-list": "title: T\none_liner: [a, b]\n",
    "text-language-a-list": "title: T\none_liner: {en: [a]}\n",
    "points-a-string": "title: T\nkey_points: one point\n",
    "published-not-a-date": "title: T\npublished: last spring\n",
    "added-not-a-moment": "title: T\nadded: yesterday\n",
    "source-a-list": "title: T\nsource: [1]\n",
    "not-a-mapping": "- title: T\n",
}


@pytest.mark.parametrize("name", list(BAD_ENTRIES))
def test_an_entry_the_reader_refuses_fails_the_schema(name: str) -> None:
    data = load(BAD_ENTRIES[name])

    with pytest.raises(FieldProblem):
        entry_from_mapping(data, "key", "alpha", Path("entries/alpha/key.yaml"))
    assert problems(ENTRY, data) != []


def test_the_schema_catches_what_lint_would_call_a_typo_or_a_malformed_id() -> None:
    assert problems(ENTRY, load("title: T\nautors: [A]\n")) == [
        "[]: Additional properties are not allowed ('autors' was unexpected)"]
    assert problems(ENTRY, load('title: T\narxiv: "2303.113"\n')) != []
    assert problems(ENTRY, load('title: T\narxiv: "hep-th/9901001v2"\n')) == []
    # A stub as `add` writes it, texts still empty, is a valid entry: lint asks for them.
    assert problems(ENTRY, load("title: T\none_liner: {en: '', zh: ''}\nvenue:\n")) == []


MINIMAL = "sections: [{id: alpha, title: Alpha}]\n"
BAD_CONFIGS = {
    "no-sections": "parts: [{id: p, title: P}]\n",
    "unknown-key": MINIMAL + "sectons: []\n",
    "unknown-section-key": "sections: [{id: alpha, titel: Alpha}]\n",
    "bad-id": "sections: [{id: A B, title: A}]\n",
    "bad-order": "sections: [{id: a, title: A, order: newest}]\n",
    "no-title": "sections: [{id: a}]\n",
    "empty-title": "sections: [{id: a, title: {}}]\n",
    "outside-path": MINIMAL + "outputs: [{path: ../README.md, language: en}]\n",
    "absolute-path": MINIMAL + "outputs: [{path: /tmp/README.md, language: en}]\n",
    "git-path": MINIMAL + "outputs: [{path: docs/.Git/x.md, language: en}]\n",
    "nul-path": MINIMAL + 'outputs: [{path: "READ\\0ME.md", language: en}]\n',
    "page-without-placeholder": MINIMAL + "pages: {en: papers/README.md}\n",
    "bad-block": MINIMAL + "outputs: [{path: README.md, language: en, blocks: [tail]}]\n",
    "bad-severity": MINIMAL + "lint: {severity: {WMC404: loud}}\n",
    "unknown-label": MINIMAL + "languages: [{code: en, labels: {autors: A}}]\n",
    "language-number": MINIMAL + "languages: [7]\n",
    "icon-number": "parts: [{id: p, title: P, icon: 3}]\n" + MINIMAL,
    "not-a-mapping": "- sections\n",
}


@pytest.mark.parametrize("name", list(BAD_CONFIGS))
def test_a_config_the_reader_refuses_fails_the_schema(name: str) -> None:
    data = load(BAD_CONFIGS[name])

    with pytest.raises(ConfigError):
        parse_config(data, Path("/list"), "wmcurate.yaml")
    assert problems(CONFIG_VALIDATOR, data) != []


def subschema(path: str) -> dict[str, Any]:
    """The schema of the key at a dotted place such as `sections[].order`."""
    schema: dict[str, Any] = config_schema()
    for step in path.split("."):
        listed = step.endswith("[]")
        schema = schema["properties"][step.removesuffix("[]")]
        schema = next((s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"),
                      schema)
        if listed:
            items = schema["items"]
            schema = next(s for s in items.get("oneOf", [items]) if s.get("type") == "object")
    return schema


def test_every_key_has_a_meaning_and_an_example_its_schema_accepts() -> None:
    places = CONFIG.places()
    assert len(places) >= 30
    for place in places:
        key = place.key
        assert key.meaning.endswith("."), place.path
        assert key.example.startswith(f"{key.name}: "), place.path
        assert "\n" not in key.example, place.path
        value = key.example_value()
        errors = list(jsonschema.Draft202012Validator(subschema(place.path)).iter_errors(value))
        assert errors == [], (place.path, [e.message for e in errors])


def test_every_top_level_example_is_read_by_the_config_reader() -> None:
    for key in CONFIG.keys:
        extra = {} if key.name == "sections" else {"sections": [{"id": "alpha", "title": "A"}]}
        if key.name == "default_section":
            extra["sections"] = [{"id": "alpha", "title": "A"}]
        if key.name == "parts":
            extra["sections"] = [{"id": "alpha", "part": "basics", "title": "A"}]
        config = parse_config({**extra, key.name: key.example_value()}, Path("/list"), "w")
        assert config.sections, key.name


def test_defaults_are_what_the_schema_says() -> None:
    schema = config_schema()
    assert schema["properties"]["languages"]["default"] == ["en", "zh"]
    assert subschema("sections[]")["properties"]["order"]["default"] == "added"
    assert schema["required"] == ["sections"]
    assert subschema("sections[]")["required"] == ["id", "title"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("kind", ["entry", "config"])
def test_the_command_prints_the_schema(runner: CliRunner, kind: str, tmp_path: Path) -> None:
    # No list is needed: it runs in an empty folder.
    result = runner.invoke(app, ["--root", str(tmp_path), "schema", kind])

    assert result.exit_code == 0, result.output
    assert result.stdout == schema_text(kind)  # type: ignore[arg-type]
    assert json.loads(result.stdout)["title"] == ("wmcurate entry" if kind == "entry"
                                                  else "wmcurate.yaml")


def test_the_command_prints_the_reference(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema", "config", "--format", "markdown"])

    assert result.exit_code == 0, result.output
    assert result.stdout == (REPO / "docs" / "config.md").read_text(encoding="utf-8")


def test_an_unknown_kind_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema", "bibtex"])

    assert result.exit_code == 2
    assert "bibtex" in result.output and result.stdout == ""
