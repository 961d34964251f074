"""Section pages: every work of a section in full, split into numbered pages over budget.

The first page has the path the config gives (`papers/<section>/README.md`); a section
too big for one page continues on `README.2.md`, `README.3.md`, ... beside it (a dot and
a number before the extension: no section id holds a dot, so no other page is named
so). Each page of a split section says where it is among them, at its top and bottom.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass

from wmcurate.config import Config, Section
from wmcurate.markdown import escape_comment, escape_inline, escape_url
from wmcurate.model import Entry
from wmcurate.render.catalog import Catalog, Piece, size_of
from wmcurate.render.work import Renderer

#: The most times a split is redone as the page count (and so the navigation) grows.
_ROUNDS = 8


def numbered(path: str, number: int) -> str:
    """The path of page `number` of the page at `path` (page 1 is `path` itself)."""
    if number == 1:
        return path
    folder, name = posixpath.split(path)
    stem, dot, suffix = name.rpartition(".")
    named = f"{stem}.{number}.{suffix}" if dot and stem else f"{name}.{number}"
    return posixpath.join(folder, named)


def numbered_pattern(path: str) -> re.Pattern[str]:
    """Matches the file names of pages 2, 3, ... of the page at `path`."""
    name = posixpath.basename(path)
    stem, dot, suffix = name.rpartition(".")
    if dot and stem:
        return re.compile(rf"^{re.escape(stem)}\.([1-9][0-9]*)\.{re.escape(suffix)}$")
    return re.compile(rf"^{re.escape(name)}\.([1-9][0-9]*)$")


def generated_comment(label: str) -> str:
    return f"<!-- {escape_comment(label)} -->"


@dataclass(frozen=True)
class Page:
    """A page: `path` as the config names it (relative to the list's root), its text as
    `parts` to be joined by line feeds and ended by one (a big list's pages weigh tens of
    megabytes: render compares them with the files part by part, joining only those it
    writes)."""

    path: str
    parts: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.parts) + "\n"


class SectionPages:
    """The pages of one section in one language."""

    def __init__(self, config: Config, catalog: Catalog, section: Section, language: str,
                 readme: str | None, budget: int) -> None:
        self.config = config
        self.catalog = catalog
        self.section = section
        self.language = language
        self.readme = readme
        self.first = config.page_path(section.id, language)
        self.renderer = Renderer(config, catalog, language, posixpath.dirname(self.first))
        self.works = catalog.works(section.id)
        self.pieces = [self.renderer.work(e) for e in self.works]
        self.split = self._split(budget)
        for number, group in enumerate(self.split, start=1):
            for entry in group:
                catalog.page_of[(section.id, language, entry.key)] = numbered(self.first,
                                                                               number)

    # -- splitting ------------------------------------------------------------
    def _split(self, budget: int) -> list[list[Entry]]:
        """The works in pages, each page as full as the budget allows (one work at least)."""
        count = 1
        groups: list[list[Entry]] = [self.works]
        for _ in range(_ROUNDS):
            room = budget - self._frame_size(count)
            groups = self._fill(room)
            if len(groups) <= count:
                break
            count = len(groups)
        return groups

    def _fill(self, room: int) -> list[list[Entry]]:
        groups: list[list[Entry]] = [[]]
        used = 0
        for entry, piece in zip(self.works, self.pieces, strict=True):
            size = piece.size + piece.count
            if groups[-1] and used + size > room:
                groups.append([])
                used = 0
            groups[-1].append(entry)
            used += size
        return groups

    def _frame_size(self, count: int) -> int:
        """Bytes of everything on a page but its works, for a section of `count` pages
        (the longest such page: the first, with the section's texts)."""
        lines = self._head(1, count, other_pages=count) + self._foot(1, count)
        return sum(size_of(line) + 1 for line in lines)

    # -- the text -------------------------------------------------------------
    def pages(self, others: dict[str, SectionPages]) -> list[Page]:
        """Every page's text; `others` are this section's pages in the other languages."""
        total = len(self.split)
        out = []
        for number, group in enumerate(self.split, start=1):
            head = self._head(number, total, others=others, first=group[0] if group else None)
            works = [self.renderer.work(entry).text for entry in group]
            out.append(Page(numbered(self.first, number), (
                "\n".join(head), *works, "\n".join(self._foot(number, total)))))
        return out

    def _head(self, number: int, total: int, others: dict[str, SectionPages] | None = None,
              first: Entry | None = None, other_pages: int = 1) -> list[str]:
        r = self.renderer
        lines = [f"# {escape_inline(r.section_title(self.section))}", ""]
        nav = []
        if self.readme:
            nav.append(f"[{r.label('back')}]({escape_url(r.href(self.readme))})")
        for code in self.config.language_codes:
            if code == self.language:
                continue
            name = self.config.language(code).name
            # The other language's page that shows this page's first work (its pages may
            # split elsewhere: Chinese text weighs more bytes).
            if others is not None and first is not None and code in others:
                target = self.catalog.page(self.section.id, code, first.key)
            else:
                target = numbered(self.config.page_path(self.section.id, code), other_pages)
            nav.append(f"[{escape_inline(name)}]({escape_url(r.href(target))})")
        if nav:
            lines += [" · ".join(nav), ""]
        if total > 1:
            lines += [self._pages_line(number, total), ""]
        if number == 1:
            lines += r.texts_block(self.section.texts)
        if self.works:
            lines += [f"## {r.label('page_works')}{r.short_count(len(self.works))}", ""]
        else:
            lines += [r.label("empty"), ""]
        return lines

    def _foot(self, number: int, total: int) -> list[str]:
        lines = [self._pages_line(number, total), ""] if total > 1 else []
        return [*lines, generated_comment(self.renderer.labels["generated"])]

    def _pages_line(self, number: int, total: int) -> str:
        r = self.renderer
        links = [f"**{n}**" if n == number else
                 f"[{n}]({escape_url(r.href(numbered(self.first, n)))})"
                 for n in range(1, total + 1)]
        return f"{r.label('pages')}{r.colon()}{' · '.join(links)}"


def split_pages(config: Config, catalog: Catalog, readmes: dict[str, str],
                budget: int) -> dict[str, dict[str, SectionPages]]:
    """Every section's pages in every language, split (which sets `catalog.page_of`), by
    section id and language; their texts come from `page_texts`."""
    return {section.id: {lang: SectionPages(config, catalog, section, lang,
                                            readmes.get(lang), budget)
                         for lang in config.language_codes}
            for section in config.sections}


def page_texts(split: dict[str, dict[str, SectionPages]]) -> dict[tuple[str, str], list[Page]]:
    """Every page's text, by (section id, language)."""
    return {(sid, lang): pages.pages(by_lang)
            for sid, by_lang in split.items() for lang, pages in by_lang.items()}


def generated_labels(config: Config) -> Sequence[str]:
    """The generated-page comment of each language: a numbered page that holds none is
    not render's, and render leaves it alone."""
    return [generated_comment(lang.labels["generated"]) for lang in config.languages]


__all__ = ["Page", "Piece", "SectionPages", "generated_labels", "numbered",
           "numbered_pattern", "page_texts", "split_pages"]
