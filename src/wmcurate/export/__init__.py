"""Export the list for reference managers and papers: BibTeX, CSL-JSON, CSV and RIS.

Each format is a module of pure functions over loaded entries and the config
(`bibtex`, `csl_json`, `csv_table`, `ris`); `citation` holds what they share (a work's
kind, venue, year, citation keys), `latex` the escaping BibTeX needs.

`export` writes the works in the order the README shows them (sections in the config's
order, each section in its own order), each work once, under its home section.
Citation keys are computed over the whole list, so a work keeps its key whichever
section is exported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from wmcurate.config import Config
from wmcurate.errors import WmcurateError
from wmcurate.model import Entry
from wmcurate.quoting import quote

__all__ = ["EXTENSIONS", "FORMATS", "Exported", "Format", "export", "in_list_order"]

Format = Literal["bibtex", "csl-json", "csv", "ris"]
FORMATS: tuple[Format, ...] = ("bibtex", "csl-json", "csv", "ris")
#: The file name ending each format is known by.
EXTENSIONS: dict[Format, str] = {"bibtex": ".bib", "csl-json": ".json", "csv": ".csv",
                                 "ris": ".ris"}


@dataclass(frozen=True)
class Exported:
    text: str
    works: int


def in_list_order(entries: Sequence[Entry], config: Config) -> list[Entry]:
    """Every entry once, in the README's order; entries of a section the config lacks
    (lint reports them) come last, by key."""
    from wmcurate.render.catalog import Catalog

    catalog = Catalog(config, entries)
    ordered: list[Entry] = []
    seen: set[str] = set()
    for section in config.sections:
        for entry in catalog.works(section.id):
            if entry.section == section.id and entry.key not in seen:
                seen.add(entry.key)
                ordered.append(entry)
    ordered += sorted((e for e in entries if e.key not in seen), key=lambda e: e.key)
    return ordered


def export(entries: Sequence[Entry], config: Config, output_format: Format,
           section: str | None = None) -> Exported:
    """The list (or the works listed in `section`, `also:` included) in a format."""
    from wmcurate.export import bibtex, csl_json, csv_table, ris

    ordered = in_list_order(entries, config)
    keys: list[str] | None = None
    if section is not None:
        if config.section(section) is None:
            known = ", ".join(s.id for s in config.sections)
            raise WmcurateError(f"no section {quote(section)} in wmcurate.yaml (--section); "
                                f"the sections are: {known}")
        keys = [e.key for e in ordered if section in e.sections()]
    writers = {"bibtex": bibtex.document, "csl-json": csl_json.document,
               "csv": csv_table.document, "ris": ris.document}
    text = writers[output_format](ordered, config, keys)
    return Exported(text, len(ordered) if keys is None else len(keys))
