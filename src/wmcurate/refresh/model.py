"""What `wmcurate refresh` found: changes with their evidence, things for a human, failures.

Plain values, shared by the assessment (which fills them), the writer (which applies the
changes) and the reports (which show them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from wmcurate.feed import Paper
from wmcurate.model import Entry, text_in
from wmcurate.s2feed import S2Paper

__all__ = ["KINDS", "Change", "EntryRefresh", "Kind", "Look", "Report", "Unchecked"]

Kind = Literal["venue", "version", "title", "authors", "withdrawn", "citations"]
#: The order kinds are grouped and counted in every report.
KINDS: tuple[Kind, ...] = ("venue", "version", "title", "authors", "withdrawn", "citations")
KIND_TITLES: dict[Kind, str] = {
    "venue": "Venues", "version": "New versions", "title": "Titles", "authors": "Authors",
    "withdrawn": "Withdrawn papers", "citations": "Citations",
}
ARXIV = "arXiv"
S2 = "Semantic Scholar"
ChangeStatus = Literal["pending", "applied", "skipped"]


@dataclass
class Change:
    """One field to change: `old` -> `new` at `field` of the entry, because `source` says
    so (`evidence` quotes it). `status` becomes `applied` once written, or `skipped` (with
    `note` saying why) when the file changed meanwhile or could not be written."""

    kind: Kind
    field: tuple[str, ...]
    old: Any
    new: Any
    evidence: str
    source: str
    status: ChangeStatus = "pending"
    note: str = ""


@dataclass(frozen=True)
class Look:
    """Something a human has to decide; `reason` says what and why."""

    kind: Kind
    reason: str


@dataclass(frozen=True)
class Unchecked:
    """A service that could not be asked about this entry, and why."""

    service: str
    reason: str


@dataclass
class EntryRefresh:
    """Everything refresh found about one entry, and what it takes to write it."""

    entry: Entry
    arxiv: str
    changes: list[Change] = field(default_factory=list)
    looks: list[Look] = field(default_factory=list)
    unchecked: list[Unchecked] = field(default_factory=list)
    #: What arXiv said, and when (written under `source` with a new version).
    paper: Paper | None = None
    paper_fetched: dt.datetime | None = None
    #: What Semantic Scholar said, and when (written under `source.semantic_scholar`).
    s2: S2Paper | None = None
    s2_read: dt.date | None = None
    #: Where a new venue comes from, as `source.venue_evidence` records it.
    venue_evidence: dict[str, str] | None = None
    #: A venue the list's vocabulary lacks but the built-in catalogue knows, to add to it.
    registers: str | None = None

    @property
    def title(self) -> str:
        return text_in(self.entry.title, "en") or self.entry.key

    @property
    def path(self) -> Path:
        return self.entry.path

    def change(self, kind: Kind) -> Change | None:
        return next((c for c in self.changes if c.kind == kind), None)


@dataclass
class Report:
    """The whole run. `entries` are those with an arXiv ID that were looked at; `skipped`
    are entries without one; `broken` are files that did not load (message per file)."""

    entries: list[EntryRefresh] = field(default_factory=list)
    skipped: list[Entry] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    written: bool = False
    read_at: dt.datetime | None = None
    #: Venues added to (or, without --write, to add to) `venues:` in wmcurate.yaml.
    venues_added: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def changes(self, kind: Kind | None = None) -> list[tuple[EntryRefresh, Change]]:
        """The changes of one kind, or all of them grouped by kind (in `KINDS` order)."""
        kinds = KINDS if kind is None else (kind,)
        return [(e, c) for k in kinds for e in self.entries for c in e.changes if c.kind == k]

    def looks(self) -> list[tuple[EntryRefresh, Look]]:
        return [(e, look) for e in self.entries for look in e.looks]

    def unchecked(self) -> list[tuple[EntryRefresh, Unchecked]]:
        return [(e, u) for e in self.entries for u in e.unchecked]

    def counts(self) -> dict[str, int]:
        return {kind: len(self.changes(kind)) for kind in KINDS}

    @property
    def pending(self) -> list[tuple[EntryRefresh, Change]]:
        return [(e, c) for e, c in self.changes() if c.status != "applied"]

    def exit_code(self) -> int:
        """0 when nothing needs a change and everything was checked; 1 when a change is
        left to make (all of them without --write) or something could not be checked."""
        if self.pending or self.unchecked() or self.broken:
            return 1
        return 0
