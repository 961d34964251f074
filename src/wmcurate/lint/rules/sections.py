"""Section rules: `also` and home sections."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from wmcurate.lint.fixes import without
from wmcurate.lint.registry import Issue, ListIndex, rule
from wmcurate.model import Entry
from wmcurate.quoting import quote


# -- sections ----------------------------------------------------------------------
@rule("WMC601", "also-unknown-section", "error", "entry",
      "`also` names a section the list does not have.", "The work would not be listed there.",
      """
also: [modality-spatail]
""", "Use a section id from wmcurate.yaml.")
def also_unknown(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    known = [s.id for s in index.config.sections]
    for i, section in enumerate(entry.also):
        if section not in known:
            import difflib  # only for a finding's suggestion

            close = difflib.get_close_matches(section, known, n=1, cutoff=0.5)
            hint = f": did you mean '{close[0]}'?" if close else f"; known: {', '.join(known)}"
            yield Issue(("also", i), f"unknown section {quote(section)} in also{hint}")


@rule("WMC602", "also-repeats-home", "warning", "entry",
      "`also` repeats the entry's home section (its folder).",
      "The home section already lists it.", """
# entries/spatial/2003.08934.yaml
also: [spatial, modality]
""", "`--fix` removes it.")
def also_repeats_home(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if entry.section in entry.also:
        home = entry.section
        yield Issue(("also", entry.also.index(home)), f"'{home}' is the home section (the "
                    "entry's folder): remove it from also",
                    (("also",), without(home), "also cleaned"))


