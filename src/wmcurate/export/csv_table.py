"""CSV: one row per entry, for spreadsheets and scripts (RFC 4180: comma, double quotes,
CRLF line ends, UTF-8).

The columns, in order (`COLUMNS`):

    key        the citation key (the one BibTeX, CSL-JSON and RIS use)
    entry      the entry's key (its file name under entries/<section>/)
    section    its home section's id
    sections   every section it is listed in, home first, separated by "; "
    type       conference, journal, workshop, preprint or other
    title      in the list's first language
    authors    as the entry writes them, separated by "; "
    year       the venue's year (else the publication year)
    venue      the venue as the entry writes it ("CVPR 2024", "arXiv 2025")
    venue_name the venue's full name, when the venue catalogue knows it
    arxiv      the arXiv ID
    doi        the DOI (arXiv's own for preprints)
    url        the paper's page
    published  the first arXiv version's date, YYYY-MM-DD
    featured   true or false
    one_liner  in the list's first language
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from wmcurate.config import Config
from wmcurate.export.citation import Citation, citation_keys, cite, language_of, single_line
from wmcurate.model import Entry, text_in

__all__ = ["COLUMNS", "document", "row"]

COLUMNS: tuple[str, ...] = (
    "key", "entry", "section", "sections", "type", "title", "authors", "year", "venue",
    "venue_name", "arxiv", "doi", "url", "published", "featured", "one_liner",
)  # fmt: skip


def document(entries: Sequence[Entry], config: Config, keys: Sequence[str] | None = None) -> str:
    """A header line and one row per entry (only those whose key is in `keys`, if given)."""
    citations = [cite(entry, config) for entry in entries]
    ids = citation_keys(citations)
    wanted = None if keys is None else set(keys)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for citation in citations:
        if wanted is None or citation.key in wanted:
            writer.writerow(row(citation, ids[citation.key], config))
    return buffer.getvalue()


def row(citation: Citation, key: str, config: Config) -> list[str]:
    entry = citation.entry
    one_liner = text_in(entry.one_liner, language_of(config),
                        [lang.code for lang in config.languages])
    cells = {
        "key": key,
        "entry": entry.key,
        "section": entry.section,
        "sections": "; ".join(dict.fromkeys(entry.sections())),
        "type": citation.kind,
        "title": citation.title,
        "authors": "; ".join(single_line(name) for name in entry.authors if name.strip()),
        "year": str(citation.year) if citation.year else "",
        "venue": single_line(entry.venue or ""),
        "venue_name": citation.venue_full or "",
        "arxiv": citation.arxiv or "",
        "doi": citation.doi or "",
        "url": citation.url or "",
        "published": citation.published.isoformat() if citation.published else "",
        "featured": "true" if entry.featured else "false",
        "one_liner": single_line(one_liner or ""),
    }
    return [cells[column] for column in COLUMNS]
