"""What reading a markdown list yields: occurrences of works, and problems with their place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class ImportProblem:
    file: str
    line: int
    severity: Severity
    message: str

    def render(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Occurrence:
    """One work as written at one place of one file."""

    file: str
    line: int
    language: str
    section: str
    featured: bool
    full: bool
    sequence: int  # which run of works (one per works heading) it belongs to
    title: str
    #: Page `page` of a section page split in numbered pages (`README.2.md`) continues
    #: the run of its first page, `run_file`.
    run_file: str | None = None
    page: int = 1
    key: str | None = None  # a rendered list's <details id="...">
    arxiv: str | None = None
    authors: list[str] | None = None
    venue: str | None = None
    model: str | None = None
    affiliations: str | None = None
    published: dt.date | None = None
    doi: str | None = None  # a rendered list's DOI line (render shows `source.doi`)
    #: A rendered catalog line's citation count (`source.semantic_scholar.citations`).
    citations: int | None = None
    links: dict[str, str] = field(default_factory=dict)
    listed_in: list[str] = field(default_factory=list)
    one_liner: str | None = None
    innovation: str | None = None
    abstract: str | None = None
    key_points: list[str] | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class BlockError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
