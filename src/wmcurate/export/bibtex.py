"""BibTeX: one record per entry, for LaTeX papers and reference managers.

`@inproceedings` (booktitle: the venue's full name) for conference and workshop papers,
`@article` (journal) for journal papers, `@misc` for preprints (eprint, archivePrefix,
primaryClass: what arXiv's own export writes) and for works without a known venue
(products, blog posts; howpublished names a venue the catalogue does not know). Every
record with an arXiv ID carries its eprint fields, so biblatex can link it. Titles and
names are escaped for LaTeX (see `latex`); URLs and DOIs are written as they are, only
braces, backslashes and spaces percent-encoded (BibTeX cannot hold them in a URL).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from wmcurate.config import Config
from wmcurate.export import latex
from wmcurate.export.citation import Citation, Person, citation_keys, cite
from wmcurate.model import Entry

__all__ = ["document", "record", "records"]

ENTRY_TYPES = {
    "conference": "inproceedings",
    "workshop": "inproceedings",
    "journal": "article",
    "preprint": "misc",
    "other": "misc",
}


def records(entries: Sequence[Entry], config: Config) -> dict[str, str]:
    """Entry key -> its BibTeX record, in the order of `entries`.

    Citation keys are computed over all of `entries`: pass the whole list so that a key
    is the same wherever the record is shown (the README, a section page, the site).
    """
    citations = [cite(entry, config) for entry in entries]
    keys = citation_keys(citations)
    return {c.key: record(c, keys[c.key]) for c in citations}


def document(entries: Sequence[Entry], config: Config, keys: Sequence[str] | None = None) -> str:
    """The records of `entries` (only those whose key is in `keys`, if given) as one file."""
    found = records(entries, config)
    chosen = found if keys is None else {k: found[k] for k in keys if k in found}
    return "\n".join(chosen.values())


def record(citation: Citation, key: str) -> str:
    entry_type = ENTRY_TYPES[citation.kind]
    fields: list[tuple[str, str]] = [("title", latex.title(citation.title))]
    authors = [_author(p) for p in citation.authors]
    if citation.more_authors:
        authors.append("others")
    if authors:
        fields.append(("author", " and ".join(authors)))
    if entry_type == "inproceedings":
        fields.append(("booktitle", latex.escape(_container(citation))))
    elif entry_type == "article":
        fields.append(("journal", latex.escape(_container(citation))))
    elif citation.kind == "other" and citation.venue:
        fields.append(("howpublished", latex.escape(citation.venue)))
    if citation.year:
        fields.append(("year", str(citation.year)))
    if citation.note:
        fields.append(("note", latex.escape(citation.note)))
    if citation.arxiv:
        fields.append(("eprint", citation.arxiv))
        fields.append(("archivePrefix", "arXiv"))
        if citation.primary_class:
            fields.append(("primaryClass", citation.primary_class))
    if citation.doi:
        fields.append(("doi", _verbatim(citation.doi)))
    if citation.url:
        fields.append(("url", _verbatim(citation.url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def _container(citation: Citation) -> str:
    """`IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)`."""
    full, short = citation.venue_full, citation.venue
    if full and short and short.casefold() not in full.casefold():
        return f"{full} ({short})"
    return full or short or ""


@lru_cache(maxsize=1 << 16)  # the same person is escaped once
def _author(person: Person) -> str:
    if person.is_literal:
        # Braced whole: BibTeX neither splits an organisation into names nor reorders it.
        return "{" + latex.escape(person.literal) + "}"
    return f"{latex.name(person.family)}, {latex.name(person.given)}"


#: What `_verbatim` percent-encodes (`\s` is `str.isspace`).
_BREAKS_FIELD = re.compile(r"[\s{}\\]")


def _verbatim(text: str) -> str:
    """A URL or DOI kept as written: only what would break the field is percent-encoded."""
    text = text.strip()
    if not _BREAKS_FIELD.search(text):
        return text
    return "".join({"{": "%7B", "}": "%7D", "\\": "%5C"}.get(ch, "%20" if ch.isspace() else ch)
                   for ch in text)
