"""`wmcurate export`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from wmcurate.cli.app import app, config_of, console, rel, run, state_of


class ExportFormat(str, Enum):
    bibtex = "bibtex"
    csl_json = "csl-json"
    csv = "csv"
    ris = "ris"


@app.command("export")
def export_command(
    ctx: typer.Context,
    output_format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="bibtex (.bib for LaTeX), csl-json (Zotero, Pandoc), csv "
        "(spreadsheets) or ris (EndNote, Mendeley).", show_default=False)],
    section: Annotated[str | None, typer.Option(
        "--section", "-s", metavar="SECTION", help="Only the works listed in this section "
        "(also: included).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", dir_okay=False,
        help="Write to FILE (all or nothing) instead of standard output.")] = None,
) -> None:
    """Export the list for reference managers and papers: BibTeX, CSL-JSON, CSV, RIS.

    Works come in the README's order, each once. BibTeX keys are the first author's
    family name, the year and the first significant title word (mildenhall2020nerf);
    works that would share one get b, c, ... in order of publication. Keys are computed
    over the whole list, so --section never changes them. Conference and workshop
    papers are @inproceedings, journal papers @article (the venue's full name from the
    venue catalogue), preprints @misc with their arXiv eprint; titles and names are
    escaped for LaTeX. Broken entries stop the export (exit 2) and nothing is written.

    Examples:

      wmcurate export --format bibtex --out papers.bib

      wmcurate export -f csl-json -s spatial > spatial.json

      wmcurate export -f csv -o list.csv
    """
    from wmcurate.entries import load_entries, write_atomic
    from wmcurate.errors import WmcurateError
    from wmcurate.export import export
    from wmcurate.quoting import escape

    state = state_of(ctx)

    def body() -> int:
        config = config_of(state)
        entries = load_entries(config).whole(config.root, "export")
        exported = export(entries, config, output_format.value, section)
        if out is None:
            typer.echo(exported.text, nl=False)
            return 0
        try:
            write_atomic(out, exported.text)
        except OSError as exc:
            raise WmcurateError(f"{escape(str(out))}: cannot be written "
                                f"({exc.strerror or exc})") from None
        if state.verbosity >= 0:
            console().print(f"wrote {escape(rel(out.resolve(), config.root))}: "
                            f"{exported.works} work(s) as {output_format.value}", markup=False)
        return 0

    raise typer.Exit(run(body))
