"""What the site says about each work: facts derived once from an entry, for every page.

Pure: an `Entry` and the config in, a `Work` out. The same facts feed the pages, the
search data and `works.json`, so a filter on the index and the work's own page never
disagree (a work "has code" in both or in neither).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from wmcurate.config import Config
from wmcurate.errors import InvalidArxivId
from wmcurate.ids import ArxivId, parse_arxiv_id
from wmcurate.markdown import is_web_url
from wmcurate.model import Entry, points_in, text_in
from wmcurate.venues import split_venue

#: Control characters are not text: dropped from what the pages show (XML forbids them).
_CONTROL = {c: None for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                              0xFFFE, 0xFFFF]}


def clean(text: str) -> str:
    return text if text.isprintable() else text.translate(_CONTROL)


@dataclass(frozen=True)
class Link:
    key: str
    url: str
    #: False for a value that is not an http(s) URL: shown as text, never as a link.
    web: bool


@dataclass(frozen=True)
class Work:
    entry: Entry
    #: The key as it appears in a URL path (keys are letters, digits, '.', '_' and '-').
    slug: str
    #: Sections the work is listed in that the config knows, home section first.
    sections: tuple[str, ...]
    links: tuple[Link, ...]
    #: The venue without its year ("CVPR" for "CVPR 2024"): the venue filter's groups.
    venue_family: str | None
    venue_year: int | None
    #: The year the filter uses: the venue's year, else the year of the first version.
    year: int | None
    has_code: bool

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def venue(self) -> str | None:
        return clean(self.entry.venue) if self.entry.venue else None

    def title(self, language: str, fallback: Sequence[str]) -> str:
        return clean(text_in(self.entry.title, language, fallback) or self.entry.key)

    def text(self, field: str, language: str, fallback: Sequence[str]) -> str | None:
        value = text_in(getattr(self.entry, field), language, fallback)
        return clean(value) if value else None

    def points(self, language: str, fallback: Sequence[str]) -> list[str]:
        return [clean(" ".join(p.split())) for p in points_in(self.entry.key_points, language,
                                                              fallback) if p.strip()]

    @property
    def newest_key(self) -> tuple[int, int, int, str]:
        """Newest first by the first version's date; without it, by the month the arXiv ID
        names (`2409.17692`: September 2024), later numbers first; works with neither come
        last, by key."""
        published = self.entry.published
        arxiv = self._arxiv_id()
        if published is not None:
            day = published.toordinal()
        elif arxiv is not None:
            day = dt.date(*arxiv.posted, 1).toordinal()
        else:
            return (1, 0, 0, self.key)
        return (0, -day, -arxiv.number if arxiv is not None else 0, self.key)

    def _arxiv_id(self) -> ArxivId | None:
        try:
            return parse_arxiv_id(self.entry.arxiv) if self.entry.arxiv else None
        except InvalidArxivId:
            return None

    @property
    def added(self) -> dt.datetime | None:
        return self.entry.added


def work_of(entry: Entry, config: Config) -> Work:
    rank = config.link_order()
    links = tuple(
        Link(label, url.strip(), is_web_url(url))
        for label, url in sorted(entry.links.items(), key=lambda kv: (rank.get(kv[0], 999),
                                                                      kv[0]))
        if url.strip()
    )
    family: str | None = None
    venue_year: int | None = None
    if entry.venue and entry.venue.strip():
        family, venue_year = split_venue(entry.venue)
        family = family or None
    year = venue_year or (entry.published.year if entry.published else None)
    return Work(
        entry=entry,
        slug=quote(entry.key, safe=""),
        sections=tuple(s for s in dict.fromkeys(entry.sections()) if config.section(s)),
        links=links,
        venue_family=family,
        venue_year=venue_year,
        year=year,
        has_code=any(link.key == "code" and link.web for link in links),
    )


def works_of(entries: Sequence[Entry], config: Config) -> list[Work]:
    """Every work, newest first (the index's default order)."""
    return sorted((work_of(e, config) for e in entries), key=lambda w: w.newest_key)
