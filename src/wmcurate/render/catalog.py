"""The works of each section, in the section's order, and what every file shares.

A work reads the same in every file of one language (only its "Listed in" links depend
on the folder of the file), so each is rendered once per language and kept here, with
its size in bytes: the size budget is met by adding up sizes, never by rendering twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from wmcurate.config import Config, Section
from wmcurate.model import Entry, text_in

_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def size_of(text: str) -> int:
    """Bytes of `text` in UTF-8."""
    return len(text) if text.isascii() else len(text.encode("utf-8"))


@dataclass(frozen=True)
class Piece:
    """Lines rendered once and written in several places: `text` is the lines joined by
    line feeds, `size` their bytes in UTF-8 without line endings, `count` how many lines
    (each gets one ending where it is written)."""

    text: str
    count: int
    size: int

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @classmethod
    def of(cls, lines: Sequence[str]) -> Piece:
        text = "\n".join(lines)
        return cls(text, len(lines), size_of(text) - len(lines) + 1)


class Catalog:
    """The works of each section, in the section's order, and the pieces files share."""

    def __init__(self, config: Config, entries: Iterable[Entry]) -> None:
        self.config = config
        #: Works in full by (key, language, folder when it matters).
        self.rendered: dict[tuple[str, str, str], Piece] = {}
        #: Rendered links lines by (entry key, language): the same in every file.
        self.links: dict[tuple[str, str], str | None] = {}
        #: Each work's facts escaped once for every language (a render.work.Facts).
        self.facts: dict[str, Any] = {}
        #: Each work in full but its "Listed in" line, by (key, language): (the lines
        #: before it, whether fields come before it, the lines after the fields).
        self.parts: dict[tuple[str, str], tuple[Piece, bool, Piece]] = {}
        #: A catalog line but its link's target, by (entry key, language): the text
        #: before it and after it, each with its bytes.
        self.tails: dict[tuple[str, str], tuple[str, int, str, int]] = {}
        #: What a second plan of the same list reuses (lint plans twice): the split
        #: pages, and each README's text, rendered text and fit.
        self.memo: dict[tuple[Any, ...], Any] = {}
        #: The page (path as the config names it) that shows a work in full, by
        #: (section, language, key); set when the pages are split.
        self.page_of: dict[tuple[str, str, str], str] = {}
        self.by_section: dict[str, list[Entry]] = {s.id: [] for s in config.sections}
        for entry in entries:
            for section_id in dict.fromkeys(entry.sections()):
                if section_id in self.by_section:
                    self.by_section[section_id].append(entry)
        for section in config.sections:
            self.by_section[section.id] = ordered(self.by_section[section.id], section)

    def works(self, section_id: str) -> list[Entry]:
        return self.by_section[section_id]

    def part_count(self, part_id: str) -> int:
        keys = {e.key for s in self.config.sections_of(part_id) for e in self.works(s.id)}
        return len(keys)

    def page(self, section_id: str, language: str, key: str) -> str:
        """The page showing the work in full (the section's first page until split)."""
        found = self.page_of.get((section_id, language, key))
        return found if found is not None else self.config.page_path(section_id, language)


def ordered(works: list[Entry], section: Section) -> list[Entry]:
    """The works in the section's order; works without the sort value come last either way."""
    rule = section.order.lstrip("-")
    value: Callable[[Entry], Any]
    if rule == "added":
        value = lambda e: e.added  # noqa: E731
    elif rule == "published":
        value = lambda e: e.published  # noqa: E731
    elif rule == "venue":
        value = lambda e: _venue_year(e.venue) if e.venue else None  # noqa: E731
    else:
        value = lambda e: str(text_in(e.title, "en") or "").casefold() or None  # noqa: E731
    # Sorting is stable, also reversed: equal values stay in key order.
    dated = sorted((e for e in works if value(e) is not None), key=lambda e: e.key)
    dated.sort(key=lambda e: cast(Any, value(e)), reverse=section.order.startswith("-"))
    undated = sorted((e for e in works if value(e) is None), key=lambda e: e.key)
    return dated + undated


def _venue_year(venue: str | None) -> int:
    match = _YEAR.search(venue or "")
    return int(match.group(0)) if match else 9999
