"""Comparing entries with what arXiv and Semantic Scholar say now. Pure: no I/O but
loading the entries; the answers are fetched by the caller.

From arXiv: a newer version, a new title or author list, a withdrawal, and a venue its
journal reference or comment names. From Semantic Scholar, for a record that is the same
paper (`samepaper`): the venue it was published at (for entries still written as a
preprint) and the citation count. Venues are mapped by `venuemap`; when arXiv and Semantic
Scholar disagree, or a venue cannot be mapped, a human is asked to look instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wmcurate.arxiv import Outcome
from wmcurate.config import Config
from wmcurate.entries import load_entries
from wmcurate.errors import InvalidArxivId
from wmcurate.feed import Paper
from wmcurate.ids import ArxivId, arxiv_id_from_url, parse_arxiv_id
from wmcurate.model import Entry, text_in
from wmcurate.refresh.model import ARXIV, S2, Change, EntryRefresh, Look, Report, Unchecked
from wmcurate.refresh.samepaper import normalise_title, same_paper
from wmcurate.refresh.venuemap import Mapped, Unclear, from_arxiv, from_s2
from wmcurate.s2 import S2Outcome
from wmcurate.s2feed import S2Paper
from wmcurate.venues import VenueIndex, preprint, venue_index, vocabulary_of

__all__ = ["Selection", "assess", "assess_entry", "select_entries"]

_WITHDRAWN = re.compile(r"\bwithdrawn\b", re.IGNORECASE)


@dataclass
class Selection:
    """The entries to refresh (with their arXiv IDs), those without an arXiv ID, and the
    files that did not load."""

    targets: list[tuple[Entry, ArxivId]] = field(default_factory=list)
    skipped: list[Entry] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[ArxivId]:
        return list({arxiv_id.base: arxiv_id for _, arxiv_id in self.targets}.values())


def select_entries(config: Config, paths: Sequence[Path] | None = None) -> Selection:
    """Every entry of the list (or of `paths`), paired with the arXiv paper it is about."""
    loaded = load_entries(config, paths)
    selection = Selection(broken=[p.render(config.root) for p in loaded.problems])
    for entry in loaded.entries:
        arxiv_id = _arxiv_of(entry)
        if arxiv_id is None:
            selection.skipped.append(entry)
        else:
            selection.targets.append((entry, arxiv_id.unversioned()))
    return selection


def _arxiv_of(entry: Entry) -> ArxivId | None:
    if entry.arxiv:
        try:
            return parse_arxiv_id(entry.arxiv)
        except InvalidArxivId:
            return None  # lint's WMC201 says so; nothing to ask about
    for label in ("paper", "pdf"):
        url = entry.links.get(label)
        found = arxiv_id_from_url(url) if url else None
        if found is not None:
            return found
    return None


def assess(config: Config, selection: Selection, arxiv: Mapping[str, Outcome],
           s2: Mapping[str, S2Outcome], now: dt.datetime) -> Report:
    """What should change in each selected entry, from the answers of both services."""
    index = venue_index(vocabulary_of(config.venues))
    report = Report(skipped=list(selection.skipped), broken=list(selection.broken),
                    read_at=now)
    for entry, arxiv_id in selection.targets:
        report.entries.append(assess_entry(entry, arxiv_id, arxiv.get(arxiv_id.base),
                                           s2.get(arxiv_id.base), index))
    return report


def assess_entry(entry: Entry, arxiv_id: ArxivId, outcome: Outcome | None,
                 s2_outcome: S2Outcome | None, index: VenueIndex) -> EntryRefresh:
    item = EntryRefresh(entry, arxiv_id.base)
    source: Mapping[str, Any] = entry.source or {}
    paper: Paper | None = None
    if outcome is None or outcome.status in ("failed", "invalid"):
        item.unchecked.append(Unchecked(ARXIV, outcome.message if outcome else "no answer"))
    elif outcome.status == "not_found" or outcome.paper is None:
        item.looks.append(Look("withdrawn", f"arXiv does not know {arxiv_id.base} (any more): "
                               "check the ID, or whether the paper was removed"))
    else:
        paper = item.paper = outcome.paper
        item.paper_fetched = outcome.fetched
        _arxiv_changes(item, paper, source)
    s2_paper = _same_s2_paper(item, paper, s2_outcome)
    if s2_paper is not None:
        _citations(item, s2_paper, source)
    if not item.entry.venue or preprint(item.entry.venue) is not None:
        _venue(item, paper, s2_paper, index)
    return item


# -- arXiv ----------------------------------------------------------------------------------


def _arxiv_changes(item: EntryRefresh, paper: Paper, source: Mapping[str, Any]) -> None:
    entry = item.entry
    version = paper.id.version
    said = f"arXiv v{version}" if version else "arXiv"
    known = source.get("version")
    if isinstance(known, int) and not isinstance(known, bool) and version and version > known:
        item.changes.append(Change("version", ("source", "version"), known, version,
                                   f"arXiv v{version}, updated {paper.updated.isoformat()}",
                                   ARXIV))
    comment = paper.comment or ""
    if _WITHDRAWN.search(comment) and source.get("comment") != paper.comment:
        item.changes.append(Change("withdrawn", ("source", "comment"), source.get("comment"),
                                   paper.comment, f'{said} comment: "{comment}"', ARXIV))
    title = text_in(entry.title, "en") or ""
    if _squashed(title) != _squashed(paper.title):
        if isinstance(entry.title, dict):  # a title per language: arXiv's is the English one
            old: str | None = entry.title.get("en")
            where: tuple[str, ...] = ("title", "en")
        else:
            old, where = entry.title, ("title",)
        item.changes.append(Change("title", where, old, paper.title, said, ARXIV))
    if [_squashed(a) for a in entry.authors] != [_squashed(a) for a in paper.author_names]:
        item.changes.append(Change("authors", ("authors",), list(entry.authors),
                                   paper.author_names, said, ARXIV))


def _squashed(text: str) -> str:
    """Case, accents, punctuation and spacing do not make a title or name differ."""
    return normalise_title(text).replace(" ", "")


# -- Semantic Scholar -----------------------------------------------------------------------


def _same_s2_paper(item: EntryRefresh, paper: Paper | None,
                   outcome: S2Outcome | None) -> S2Paper | None:
    if outcome is None or outcome.status == "failed":
        item.unchecked.append(Unchecked(S2, outcome.message if outcome else "no answer"))
        return None
    if outcome.status != "found" or outcome.paper is None:
        return None
    record = outcome.paper
    title = paper.title if paper else (text_in(item.entry.title, "en") or "")
    authors = paper.author_names if paper else item.entry.authors
    why = same_paper(title, authors, record.title, record.authors)
    if why is not None:
        item.looks.append(Look("venue", f"Semantic Scholar's record for ARXIV:{item.arxiv} is "
                               f"not the same paper: {why}; its venue and citation count were "
                               "not used"))
        return None
    item.s2 = record
    fetched = outcome.fetched or dt.datetime.now(dt.timezone.utc)
    item.s2_read = fetched.astimezone(dt.timezone.utc).date()
    return record


def _citations(item: EntryRefresh, record: S2Paper, source: Mapping[str, Any]) -> None:
    count = record.citation_count
    if count is None:
        return
    held = source.get("semantic_scholar")
    recorded = held.get("citations") if isinstance(held, Mapping) else None
    if recorded != count:
        read = item.s2_read.isoformat() if item.s2_read else "today"
        item.changes.append(Change("citations", ("source", "semantic_scholar", "citations"),
                                   recorded, count, f"Semantic Scholar, read {read}", S2))


# -- the venue ------------------------------------------------------------------------------


def _venue(item: EntryRefresh, paper: Paper | None, record: S2Paper | None,
           index: VenueIndex) -> None:
    said = from_arxiv(paper, index) if paper is not None else None
    known = from_s2(record, index) if record is not None else None
    if isinstance(said, Mapped) and said.year is None:
        if isinstance(known, Mapped) and known.name == said.name:
            said = dataclasses.replace(said, year=known.year)
        else:
            item.looks.append(Look("venue", f"arXiv names {said.name} without a year "
                                   f"({said.evidence}): write the venue and its year by hand"))
            said = None
    if isinstance(said, Mapped) and isinstance(known, Mapped):
        if said.value != known.value:
            item.looks.append(Look("venue", f"arXiv and Semantic Scholar disagree: "
                                   f"{said.value} ({said.evidence}) or {known.value} "
                                   f"({_s2_evidence(record, known)}); write the right one "
                                   "by hand"))
            return
        _propose(item, said, f"{said.evidence}; {_s2_evidence(record, known)}",
                 f"{ARXIV} and {S2}")
    elif isinstance(said, Mapped):
        _propose(item, said, said.evidence, ARXIV)
    elif isinstance(known, Mapped) and isinstance(said, Unclear):
        item.looks.append(Look("venue", f"{said.reason}; Semantic Scholar says {known.value} "
                               f"({_s2_evidence(record, known)}): check which is right"))
    elif isinstance(known, Mapped):
        first = item.entry.published or (paper.published if paper else None)
        if first is not None and known.year is not None and known.year < first.year:
            item.looks.append(Look("venue", f"Semantic Scholar says {known.value} "
                                   f"({_s2_evidence(record, known)}), dated before the paper's "
                                   f"first arXiv version ({first.isoformat()}): check it"))
            return
        _propose(item, known, _s2_evidence(record, known), S2)
    else:
        for unclear in (said, known):
            if isinstance(unclear, Unclear):
                item.looks.append(Look("venue", unclear.reason))


def _propose(item: EntryRefresh, venue: Mapped, evidence: str, source: str) -> None:
    if venue.value == item.entry.venue:
        return
    item.changes.append(Change("venue", ("venue",), item.entry.venue, venue.value, evidence,
                               source))
    item.venue_evidence = {"text": venue.quoted, "from": venue.origin}


def _s2_evidence(record: S2Paper | None, venue: Mapped) -> str:
    if record is None:
        return venue.evidence
    parts = [f'Semantic Scholar: "{venue.quoted}"']
    if record.publication_date is not None:
        parts.append(record.publication_date.isoformat())
    elif record.year is not None:
        parts.append(str(record.year))
    if record.doi:
        parts.append(f"DOI {record.doi}")
    return ", ".join(parts)

