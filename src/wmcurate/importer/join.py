"""Joining occurrences across files and languages into works, and their order."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from wmcurate.importer.occurrence import ImportProblem, Occurrence
from wmcurate.importer.syntax import arxiv_base, squash
from wmcurate.markdown import one_line


@dataclass
class Work:
    title: dict[str, str] = field(default_factory=dict)
    arxiv: str | None = None
    authors: list[str] | None = None
    venue: str | None = None
    model: str | None = None
    affiliations: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    key_points: dict[str, list[str]] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)
    full_sections: list[str] = field(default_factory=list)
    listed_in: list[str] = field(default_factory=list)
    featured: bool = False
    key: str | None = None
    occurrences: list[Occurrence] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def first(self) -> Occurrence:
        return self.occurrences[0]

    def home(self) -> str:
        if self.listed_in:
            return self.listed_in[0]
        return (self.full_sections or self.sections)[0]

    def also(self) -> list[str]:
        home = self.home()
        ordered = [*self.listed_in, *self.sections]
        return [s for s in dict.fromkeys(ordered) if s != home]

    def display_title(self) -> str:
        return next(iter(self.title.values()))


def normalise_title(title: str) -> str:
    return squash(title)


def join(occurrences: Sequence[Occurrence]) -> tuple[list[Work], list[ImportProblem]]:
    works: list[Work] = []
    problems: list[ImportProblem] = []
    by_arxiv: dict[str, Work] = {}
    by_title: dict[str, Work] = {}
    for occ in occurrences:
        base = arxiv_base(occ.arxiv) if occ.arxiv else None
        work = by_arxiv.get(base) if base else None
        if work is None:
            candidate = by_title.get(normalise_title(occ.title))
            if candidate is not None and base and candidate.arxiv \
                    and arxiv_base(candidate.arxiv) != base:
                problems.append(ImportProblem(
                    occ.file, occ.line, "warning",
                    f"'{occ.title}' has the same title as {candidate.first.where} but another "
                    f"arXiv ID ({occ.arxiv} vs {candidate.arxiv}); imported as two works"))
            else:
                work = candidate
        if work is None:
            work = Work()
            works.append(work)
        _merge(work, occ, problems)
        if work.arxiv:
            by_arxiv.setdefault(arxiv_base(work.arxiv), work)
        by_title.setdefault(normalise_title(occ.title), work)
    return works, problems


_FACTS = ("arxiv", "authors", "venue", "model", "affiliations")
_FACT_NAMES = {"arxiv": "arXiv ID differs", "authors": "authors differ",
               "venue": "venue differs", "model": "model differs",
               "affiliations": "affiliations differ"}


def _merge(work: Work, occ: Occurrence, problems: list[ImportProblem]) -> None:
    work.occurrences.append(occ)
    if work.key is None and occ.key is not None:
        work.key = occ.key
    work.title.setdefault(occ.language, occ.title)
    for name in _FACTS:
        value = getattr(occ, name)
        if value in (None, []):
            continue
        current = getattr(work, name)
        if current in (None, []):
            setattr(work, name, value)
            work.provenance[name] = occ.where
        elif _fact_key(current) != _fact_key(value):
            problems.append(ImportProblem(
                occ.file, occ.line, "warning",
                f"'{occ.title}': {_FACT_NAMES[name]} from {work.provenance[name]}: "
                f"{_show(value)} here, {_show(current)} there; kept the first"))
    for label, url in occ.links.items():
        current_url = work.links.get(label)
        if current_url is None:
            work.links[label] = url
            work.provenance[f"links.{label}"] = occ.where
        elif current_url != url:
            problems.append(ImportProblem(
                occ.file, occ.line, "warning",
                f"'{occ.title}': link '{label}' differs from {work.provenance[f'links.{label}']}: "
                f"{url} here, {current_url} there; kept the first"))
    for name in ("one_liner", "innovation", "abstract"):
        value = getattr(occ, name)
        if value:
            texts = work.texts.setdefault(name, {})
            if occ.language not in texts:
                texts[occ.language] = value
                work.provenance[f"{name}.{occ.language}"] = occ.where
            elif texts[occ.language] != value:
                problems.append(ImportProblem(
                    occ.file, occ.line, "warning",
                    f"'{occ.title}': {name} ({occ.language}) differs from "
                    f"{work.provenance[f'{name}.{occ.language}']}; kept the first"))
    if occ.key_points:
        work.key_points.setdefault(occ.language, occ.key_points)
    if occ.section not in work.sections:
        work.sections.append(occ.section)
    if occ.full and occ.section not in work.full_sections:
        work.full_sections.append(occ.section)
    for section in occ.listed_in:
        if section not in work.listed_in:
            work.listed_in.append(section)
    work.featured = work.featured or (occ.full and occ.featured)


def _fact_key(value: Any) -> Any:
    if isinstance(value, list):
        return [one_line(v).casefold() for v in value]
    if isinstance(value, str):
        return one_line(value).casefold()
    return value


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return repr(value)


def list_order(works: Sequence[Work]) -> list[Work]:
    """One order of all works that keeps every run of works in the order it was written.

    Each section of each file lists works in the list's order; merging those
    runs (a topological sort, ties broken by first appearance) recovers the
    order across sections, so a rendered list imports back in the same order.
    """
    index = {id(w): i for i, w in enumerate(works)}
    runs: dict[tuple[str, int], list[int]] = {}
    for work in works:
        for occ in work.occurrences:
            runs.setdefault((occ.file, occ.sequence), []).append(index[id(work)])
    # Occurrences were appended per work; sort each run back into line order.
    line_of: dict[tuple[str, int, int], int] = {}
    for work in works:
        for occ in work.occurrences:
            key = (occ.file, occ.sequence, index[id(work)])
            line_of.setdefault(key, occ.line)
    after: dict[int, set[int]] = {i: set() for i in range(len(works))}
    indegree = [0] * len(works)
    for (file, seq), members in runs.items():
        ordered = sorted(dict.fromkeys(members), key=lambda m: line_of[(file, seq, m)])
        for a, b in zip(ordered, ordered[1:], strict=False):
            if b not in after[a]:
                after[a].add(b)
                indegree[b] += 1
    heap = [i for i in range(len(works)) if indegree[i] == 0]
    heapq.heapify(heap)
    done: list[int] = []
    placed: set[int] = set()
    while len(done) < len(works):
        if not heap:
            # Runs that disagree form a cycle: take the earliest remaining work.
            nxt = min(i for i in range(len(works)) if i not in placed)
        else:
            nxt = heapq.heappop(heap)
            if nxt in placed:
                continue
        placed.add(nxt)
        done.append(nxt)
        for b in after[nxt]:
            indegree[b] -= 1
            if indegree[b] == 0 and b not in placed:
                heapq.heappush(heap, b)
    return [works[i] for i in done]
