"""JSON Schemas for editors: one for an entry file, one for `wmcurate.yaml`.

Both are built from the definitions the readers use: an entry's fields from
`wmcurate.model` (`FIELDS`, `FIELD_KINDS`, `REQUIRED_FIELDS`), the config's keys from
`wmcurate.configspec.CONFIG`. An editor with a YAML language server (VS Code's YAML
extension, Neovim, JetBrains IDEs) validates and completes a file that names a schema in
its first line: `# yaml-language-server: $schema=schemas/entry.schema.json`.

A schema says what the readers accept, nothing stricter: a field left empty (`one_liner:`)
is valid, as it is for `wmcurate lint`, which reports it as a text still to write.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from wmcurate.configshapes import ID_PATTERN
from wmcurate.configspec import CONFIG
from wmcurate.model import FIELD_KINDS, FIELDS, REQUIRED_FIELDS

Kind = Literal["entry", "config"]
KINDS: tuple[Kind, ...] = ("entry", "config")
DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: Where `init` puts the schemas in a list, and how each file names them.
SCHEMA_FILES: dict[Kind, str] = {"entry": "schemas/entry.schema.json",
                                  "config": "schemas/config.schema.json"}
MODELINE = "# yaml-language-server: $schema="

#: An arXiv ID as an entry writes it (a version is allowed; lint strips it).
ARXIV_PATTERN = r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$"
#: A day, or a moment (the YAML reader takes both for either field).
MOMENT_PATTERN = (r"^\d{4}-\d{2}-\d{2}"
                  r"([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?)?$")

_STRING = {"type": "string"}
_TEXT = {"oneOf": [{"type": "string"},
                   {"type": "object", "additionalProperties": {"type": ["string", "null"]},
                    "description": "language -> text"}]}
_STRINGS = {"type": "array", "items": {"type": "string"}}

_BY_KIND: dict[str, dict[str, Any]] = {
    "arxiv": {"type": "string", "pattern": ARXIV_PATTERN},
    "text": _TEXT,
    "strings": _STRINGS,
    "string": _STRING,
    "date": {"type": "string", "pattern": MOMENT_PATTERN},
    "moment": {"type": "string", "pattern": MOMENT_PATTERN},
    "links": {"type": "object", "additionalProperties": {"type": ["string", "null"]},
              "description": "label -> URL"},
    "points": {"oneOf": [_STRINGS, {"type": "object", "additionalProperties": {
        "oneOf": [_STRINGS, {"type": "null"}]}, "description": "language -> points"}]},
    "boolean": {"type": "boolean"},
    "ids": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
    "mapping": {"type": "object"},
}


def entry_schema() -> dict[str, Any]:
    """The JSON Schema of one file under entries/."""
    properties: dict[str, Any] = {}
    for name in FIELDS:
        kind, meaning = FIELD_KINDS[name]
        shape: dict[str, Any] = {"description": meaning}
        if name not in REQUIRED_FIELDS:
            # A field written with nothing after it (`venue:`) is absent, as for the reader.
            shape["anyOf"] = [_BY_KIND[kind], {"type": "null"}]
        elif kind == "text":
            shape["oneOf"] = [{"type": "string", "pattern": r"\S"},
                              {"type": "object", "minProperties": 1,
                               "additionalProperties": {"type": ["string", "null"]}}]
        else:
            shape.update(_BY_KIND[kind])
        properties[name] = shape
    return {
        "$schema": DRAFT,
        "title": "wmcurate entry",
        "description": "One work of a wmcurate list: entries/<section>/<key>.yaml.",
        "type": "object",
        "properties": properties,
        "required": list(REQUIRED_FIELDS),
        # An unknown field is a typo lint reports (WMC103); the editor shows it at once.
        "additionalProperties": False,
    }


def config_schema() -> dict[str, Any]:
    """The JSON Schema of a list's wmcurate.yaml."""
    return {
        "$schema": DRAFT,
        "title": "wmcurate.yaml",
        "description": "The config of a wmcurate list: its languages, parts, sections, outputs "
                       "and vocabularies.",
        **CONFIG.schema(),
    }


def schema_of(kind: Kind) -> dict[str, Any]:
    return entry_schema() if kind == "entry" else config_schema()


def schema_text(kind: Kind) -> str:
    """The schema as the file `init` writes and `wmcurate schema` prints."""
    return json.dumps(schema_of(kind), indent=2, ensure_ascii=False) + "\n"
