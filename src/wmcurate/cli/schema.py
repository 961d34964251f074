"""`wmcurate schema`."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from wmcurate.cli.app import app


class SchemaKind(str, Enum):
    entry = "entry"
    config = "config"


class SchemaFormat(str, Enum):
    json = "json"
    markdown = "markdown"


@app.command("schema")
def schema_command(
    kind: Annotated[SchemaKind, typer.Argument(
        metavar="KIND", help="entry (a file under entries/) or config (wmcurate.yaml).",
        show_default=False)],
    output_format: Annotated[SchemaFormat, typer.Option(
        "--format", help="json (the JSON Schema) or markdown (the reference of every field "
        "or key, as docs/ keeps it).")] = SchemaFormat.json,
) -> None:
    """Print the JSON Schema of an entry or of wmcurate.yaml, for editors.

    Built from the definitions wmcurate reads with, so an editor with a YAML language
    server (VS Code's YAML extension, Neovim, JetBrains IDEs) validates and completes a
    file as it is written, with each field's meaning on hover. `wmcurate init` writes
    both schemas to schemas/ and names them in the files' first line,
    `# yaml-language-server: $schema=...`. Needs no list.

    Examples:

      wmcurate schema entry > schemas/entry.schema.json   # after an upgrade

      wmcurate schema config --format markdown            # every key
    """
    if output_format is SchemaFormat.markdown:
        from wmcurate.reference import config_reference, entry_reference

        text = entry_reference() if kind is SchemaKind.entry else config_reference()
    else:
        from wmcurate.schema import schema_text

        text = schema_text(kind.value)
    typer.echo(text, nl=False)
