"""Schema rules: required, empty and unknown fields; the load-time rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from wmcurate.lint.fields import REQUIRED_TEXTS, is_empty
from wmcurate.lint.registry import Issue, ListIndex, rule
from wmcurate.model import FIELDS, Entry
from wmcurate.quoting import quote

# -- schema ------------------------------------------------------------------------


@rule("WMC101", "missing-field", "error", "entry",
      "A required field is missing or empty.",
      "Readers rely on every entry having a title, authors, a venue, the arXiv paper link and "
      "the curated texts; an entry without them renders as a gap.",
      """
title: "Zero-1-to-3: Zero-shot One Image to 3D Object"
arxiv: "2303.11328"
# no authors, no venue, no links.paper
""", "Add the missing field; `wmcurate add --force ID` refills the facts of an arXiv paper.")
def missing_field(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for name in ("authors", "venue"):
        if name not in raw:
            yield Issue((), f"missing field '{name}': add it")
    if entry.arxiv and "paper" not in entry.links:
        yield Issue(("links",) if "links" in raw else (),
                    f"missing links.paper: add https://arxiv.org/abs/{entry.arxiv}")
    for name in REQUIRED_TEXTS:
        if name not in raw:
            yield Issue((), f"missing field '{name}': write it in at least one language")


_MUST_HAVE_TEXT = ("title", "authors", "venue", *REQUIRED_TEXTS)


@rule("WMC102", "empty-curated-text", "error", "entry",
      "A curated text is still empty, as `wmcurate add` left it.",
      "Stubs leave the one-liner, core innovation and key points for a human; merging a stub "
      "unfilled publishes an entry without its point.",
      """
one_liner: {en: "", zh: ""}
""", "Write the text in at least one language (ideally both).")
def empty_curated(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for name in _MUST_HAVE_TEXT:
        if name in raw and is_empty(raw[name]):
            what = "curated text" if name in REQUIRED_TEXTS else "field"
            yield Issue((name,), f"{what} '{name}' is empty: fill it in")


@rule("WMC103", "unknown-field", "error", "raw",
      "A field name the schema does not know (often a typo).",
      "Unknown fields are never rendered, so a misspelt field silently hides its content.",
      """
autors: [Ruoshi Liu, Rundi Wu]
""", "Rename the field to the known name the message suggests, or remove it.")
def unknown_field(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for key in raw:
        if key in _KNOWN_FIELDS:
            continue
        yield Issue((str(key),), f"unknown field {quote(key)}: {_field_hint(str(key))}")


_KNOWN_FIELDS = frozenset(FIELDS)


@lru_cache(maxsize=1024)
def _field_hint(name: str) -> str:
    """What an unknown field was meant to be (one misspelling is often in many files)."""
    import difflib  # only for a finding's suggestion

    close = difflib.get_close_matches(name, FIELDS, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else "known fields: " + ", ".join(FIELDS)


# WMC100 (invalid YAML), WMC104 (wrong type) and WMC105 (anchors) come from loading,
# not from a check.
rule("WMC100", "invalid-yaml", "error", "raw",
     "The file is not valid YAML, cannot be read, nests too deep, or is a symbolic link "
     "leading out of the list.",
     "A file that does not parse cannot be rendered or checked; one outside the list is "
     "not the list's to read.", """
title: "Unclosed quote
""", "Fix the syntax at the position given.")(lambda *a: ())
rule("WMC210", "duplicate-key", "error", "raw", "Two entry files have the same key.",
     "Keys name a work across the list (pages link to them); two files with one key are "
     "one work entered twice.", """
# entries/spatial/2303.11328.yaml and entries/modality-spatial/2303.11328.yaml
""", "Keep one file; list the work in other sections with `also`.")(lambda *a: ())
rule("WMC211", "invalid-file-name", "error", "raw", "A file name is not a valid key.",
     "Keys become file names and page anchors: letters, digits, '.', '_' and '-' only.", """
# entries/spatial/Zero 1 to 3.yaml
""", "Rename the file (the arXiv ID, or a slug such as openai-sora).")(lambda *a: ())
rule("WMC603", "unknown-section-folder", "error", "raw",
     "An entry file is in a folder that is not a section.",
     "The folder is the entry's home section; a folder the config does not know is never "
     "rendered.", """
# entries/modality-spatail/2303.11328.yaml
""", "Move the file into a section folder named in wmcurate.yaml.")(lambda *a: ())
rule("WMC105", "yaml-anchor", "error", "raw",
     "An entry file uses a YAML anchor (&name) or alias (*name).",
     "Entries have no use for them, and nested aliases let a few hundred bytes expand to "
     "gigabytes (an alias bomb) in every tool that reads the file; the file is not read.", """
links: &links {paper: https://arxiv.org/abs/2303.11328}
source: {links: *links}
""", "Write the value out in full where it is used.")(lambda *a: ())
rule("WMC104", "wrong-type", "error", "raw", "A field has the wrong type.",
     "Render needs strings where texts go and lists where lists go.", """
authors: 5
featured: "yes"
""", "Write the value in the type the message names.")(lambda *a: ())


