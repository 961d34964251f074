"""CSL-JSON: the citation data Zotero, Pandoc and citeproc read (CSL 1.0 schema, csl-data).

One item per entry: `paper-conference` with the venue as container-title,
`article-journal` for journals, `article` for preprints (publisher arXiv, number
`arXiv:<id>`, as Zotero writes them), `document` for works without a known venue. Names
are family/given pairs, or `literal` for organisations (an "et al." in the list is left to
the style, which shortens author lists itself); dates are `date-parts`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from wmcurate.config import Config
from wmcurate.export.citation import Citation, Person, citation_keys, cite
from wmcurate.model import Entry
from wmcurate.quoting import json_safe

__all__ = ["document", "item"]

ITEM_TYPES = {
    "conference": "paper-conference",
    "workshop": "paper-conference",
    "journal": "article-journal",
    "preprint": "article",
    "other": "document",
}


def document(entries: Sequence[Entry], config: Config, keys: Sequence[str] | None = None) -> str:
    """A JSON array of items, one per entry (only those in `keys`, if given)."""
    citations = [cite(entry, config) for entry in entries]
    ids = citation_keys(citations)
    chosen = citations if keys is None else [c for c in citations if c.key in set(keys)]
    items = [item(c, ids[c.key]) for c in chosen]
    # Names and URLs keep no control characters (see citation.single_line); json_safe also
    # writes the invisible ones JSON allows raw as escapes.
    return json_safe(json.dumps(items, ensure_ascii=False, indent=2)) + "\n"


def item(citation: Citation, item_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item_id, "type": ITEM_TYPES[citation.kind],
                            "title": citation.title}
    if citation.authors:
        data["author"] = [_name(p) for p in citation.authors]
    if citation.kind in ("conference", "workshop", "journal"):
        data["container-title"] = citation.venue_full or citation.venue or ""
        if citation.venue and citation.venue != data["container-title"]:
            data["container-title-short"] = citation.venue
    elif citation.kind == "preprint":
        data["publisher"] = "arXiv"
        if citation.arxiv:
            data["number"] = f"arXiv:{citation.arxiv}"
    elif citation.venue:
        data["publisher"] = citation.venue
    issued = _issued(citation)
    if issued:
        data["issued"] = {"date-parts": [issued]}
    if citation.note:
        data["note"] = citation.note
    if citation.doi:
        data["DOI"] = citation.doi
    if citation.url:
        data["URL"] = citation.url
    if citation.abstract:
        data["abstract"] = citation.abstract
    return data


def _name(person: Person) -> dict[str, str]:
    if person.is_literal:
        return {"literal": person.literal}
    return {"family": person.family, "given": person.given}


def _issued(citation: Citation) -> list[int]:
    """A preprint's full date of publication; the venue's year for everything else."""
    published = citation.published
    if citation.kind == "preprint" and published is not None and (
            citation.year is None or citation.year == published.year):
        return [published.year, published.month, published.day]
    return [citation.year] if citation.year else []
