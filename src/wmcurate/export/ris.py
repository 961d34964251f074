"""RIS: the tagged format EndNote, Zotero, Mendeley and most library tools import.

One record per entry: `CPAPER` for conference and workshop papers (T2: the venue's full
name), `JOUR` for journal papers (T2 the journal, J2 its short name), `UNPB` for
preprints (PB arXiv, AN `arXiv:<id>`, as Zotero writes an arXiv ID), `ELEC` for works
without a known venue that have a web page (`GEN` otherwise). Authors are `Family,
Given`; every value is one line.
"""

from __future__ import annotations

from collections.abc import Sequence

from wmcurate.config import Config
from wmcurate.export.citation import Citation, citation_keys, cite, single_line
from wmcurate.model import Entry

__all__ = ["document", "record"]

TYPES = {
    "conference": "CPAPER",
    "workshop": "CPAPER",
    "journal": "JOUR",
    "preprint": "UNPB",
}


def document(entries: Sequence[Entry], config: Config, keys: Sequence[str] | None = None) -> str:
    """The records of `entries` (only those whose key is in `keys`, if given)."""
    citations = [cite(entry, config) for entry in entries]
    ids = citation_keys(citations)
    wanted = None if keys is None else set(keys)
    return "\n".join(record(c, ids[c.key]) for c in citations
                     if wanted is None or c.key in wanted)


def record(citation: Citation, item_id: str) -> str:
    kind = TYPES.get(citation.kind, "ELEC" if citation.url else "GEN")
    tags: list[tuple[str, str]] = [("TY", kind), ("ID", item_id), ("TI", citation.title)]
    for person in citation.authors:
        tags.append(("AU", person.literal or f"{person.family}, {person.given}"))
    if citation.year:
        tags.append(("PY", str(citation.year)))
    if citation.published is not None:
        tags.append(("DA", citation.published.strftime("%Y/%m/%d")))
    if kind in ("CPAPER", "JOUR"):
        tags.append(("T2", citation.venue_full or citation.venue or ""))
        if kind == "JOUR" and citation.venue and citation.venue != citation.venue_full:
            tags.append(("J2", citation.venue))
    elif kind == "UNPB":
        tags.append(("PB", "arXiv"))
    elif citation.venue:
        tags.append(("PB", citation.venue))
    if citation.arxiv:
        tags.append(("AN", f"arXiv:{citation.arxiv}"))
    if citation.doi:
        tags.append(("DO", citation.doi))
    if citation.url:
        tags.append(("UR", citation.url))
    if citation.abstract:
        tags.append(("AB", citation.abstract))
    if citation.note:
        tags.append(("N1", citation.note))
    tags.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in tags)


def _one_line(text: str) -> str:
    return single_line(text)
