"""A README's generated blocks: the contents (`toc`) and the list (`list`), within budget.

The list block takes its heading levels from the README: one level below the last
heading above its begin marker (parts, then sections, then "Representative works" and
"All works"), so the outline steps one level at a time under the curator's own heading.

A README must stay under the size budget (GitHub shows only the first 512 KB of a
markdown file). When the whole list does not fit, each section shows fewer works in
full (its first featured works, then none), and the catalog lines of the works not
shown link to their section page; when even the catalogs do not fit, each section lists
its first works and says how many more its page holds.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from wmcurate.config import Config, Section
from wmcurate.markdown import escape_inline, escape_url, heading_levels
from wmcurate.model import Entry
from wmcurate.render.catalog import Catalog, Piece, size_of
from wmcurate.render.markers import Block, Document, anchors_after, find_blocks
from wmcurate.render.work import Renderer


@dataclass(frozen=True)
class Sized:
    """A catalog line and its bytes, summed many times while fitting the budget; its text
    is put together only for the lines written. `link` is its link's target."""

    head: str
    link: str
    tail: str
    size: int

    @property
    def text(self) -> str:
        return f"{self.head}{self.link}{self.tail}"

    @classmethod
    def of(cls, parts: tuple[str, int, str, int], link: str) -> Sized:
        head, head_size, tail, tail_size = parts
        return cls(head, link, tail, head_size + size_of(link) + tail_size)


@dataclass(frozen=True)
class Fit:
    """How much of the list a README shows: at most `full` works in full and `listed`
    catalog lines per section; `hidden` are the featured works it had no room for."""

    path: str
    language: str
    full: int
    listed: int
    hidden: tuple[Entry, ...]
    size: int
    budget: int


@dataclass
class _Draft:
    section: Section
    works: list[Entry]
    featured: list[Entry]  # shown in full in this section (its home), in order
    pieces: list[Piece]
    to_page: list[Sized]  # each work's catalog line, linking to its section page
    to_here: dict[str, Sized]  # shown works' lines, linking to them in the README
    #: Bytes of the first n lines linking to pages, for every n.
    first_lines: list[int] = field(default_factory=list)
    #: (position, rank among its home section's featured works, entry) of each featured
    #: work in this catalog: the README may show it in full, and its line then links there.
    may_show: list[tuple[int, int, Entry]] = field(default_factory=list)


@dataclass(frozen=True)
class _Run:
    """The first `listed` catalog lines of a section, when each section shows its first
    `full` featured works in full (their lines link to them in the README)."""

    draft: _Draft
    listed: int
    full: int


#: A line, a run of catalog lines, a work rendered once, or a heading: (level, text, id).
_Chunk = str | _Run | Piece | tuple[int, str, str]


class ListBlock:
    """The list block of one README, rendered for any number of works shown."""

    def __init__(self, renderer: Renderer, level: int) -> None:
        self.r = renderer
        self.level = level
        config, catalog, lang = renderer.config, renderer.catalog, renderer.language
        self.parts: list[tuple[str, str, list[str], list[_Draft]]] = []
        for part in config.parts:
            sections = config.sections_of(part.id)
            if not sections:
                continue
            icon = f"{escape_inline(part.icon)} " if part.icon else ""
            title = f"{icon}{escape_inline(renderer.loc(dict(part.title)))}"
            self.parts.append((part.id, title, renderer.texts_block(part.texts),
                               [self._draft(s, catalog, lang) for s in sections]))
        drafts = [d for _, _, _, ds in self.parts for d in ds]
        rank = {e.key: i for d in drafts for i, e in enumerate(d.featured)}
        for draft in drafts:
            draft.may_show = [(i, rank[e.key], e) for i, e in enumerate(draft.works)
                              if e.key in rank]
        #: The most works in full and the most catalog lines any section has.
        self.most_full = max((len(d.featured) for d in drafts), default=0)
        self.most_listed = max((len(d.works) for d in drafts), default=0)

    def _draft(self, section: Section, catalog: Catalog, lang: str) -> _Draft:
        r = self.r
        works = catalog.works(section.id)
        # A work is shown in full in its home section only; elsewhere its line links to it.
        featured = [e for e in works if e.featured and e.section == section.id]
        to_page = []
        first_lines = [0]
        for entry in works:
            target = f"{r.href(catalog.page(entry.section, lang, entry.key))}#{entry.key}"
            line = Sized.of(r.catalog_parts(entry), escape_url(target))
            to_page.append(line)
            first_lines.append(first_lines[-1] + line.size)
        return _Draft(section, works, featured, [r.work(e) for e in featured], to_page, {},
                      first_lines)

    def here(self, draft: _Draft, entry: Entry) -> Sized:
        """The catalog line of a work the README shows in full, linking to it there."""
        found = draft.to_here.get(entry.key)
        if found is None:
            found = draft.to_here[entry.key] = Sized.of(self.r.catalog_parts(entry),
                                                        escape_url(f"#{entry.key}"))
        return found

    def shown(self, full: int) -> list[Entry]:
        """The works shown in full when each section shows at most `full`."""
        return [e for _, _, _, ds in self.parts for d in ds for e in d.featured[:full]]

    def hidden(self, full: int) -> list[Entry]:
        return [e for _, _, _, ds in self.parts for d in ds for e in d.featured[full:]]

    def chunks(self, full: int, listed: int) -> list[_Chunk]:
        """The block when each section shows at most `full` works in full and `listed`
        catalog lines."""
        r, level = self.r, self.level
        out: list[_Chunk] = []
        for part_id, part_title, texts, drafts in self.parts:
            out += [(level, part_title, f"part:{part_id}"), *texts]
            for draft in drafts:
                section = draft.section
                title = escape_inline(r.section_title(section))
                out += [(level + 1, title, f"section:{section.id}"),
                        *r.texts_block(section.texts)]
                if draft.pieces[:full]:
                    out.append((level + 2, r.label("featured"), f"featured:{section.id}"))
                    out += draft.pieces[:full]
                n = len(draft.works)
                if not n:
                    out += [r.label("empty"), ""]
                    continue
                out.append((level + 2, f"{r.label('catalog')}{r.short_count(n)}",
                            f"catalog:{section.id}"))
                if listed:
                    out += [_Run(draft, listed, full), ""]
                if listed < n:
                    out += [f"{r.label('more')}{r.colon()}{n - listed}", ""]
                page = r.href(r.config.page_path(section.id, r.language))
                out += [f"[{r.label('page_link')}{r.colon()}{title}]({escape_url(page)})", ""]
        while out and out[-1] == "":
            out.pop()
        return out

    @staticmethod
    def _ranks(draft: _Draft) -> list[float]:
        """Each catalog line's rank among its home section's featured works (infinite for
        a work that is not featured)."""
        ranks: list[float] = [float("inf")] * len(draft.works)
        for position, rank, _entry in draft.may_show:
            ranks[position] = rank
        return ranks

    def headings(self, full: int) -> list[tuple[str, str]]:
        """(id, text) of each heading `lines(full, ...)` writes, without writing them."""
        return [(chunk[2], chunk[1]) for chunk in self.chunks(full, 0)
                if isinstance(chunk, tuple)]

    def size(self, full: int, listed: int, eol: int) -> int:
        """Bytes of the block as `lines(full, listed)` writes it, `eol` bytes a line end."""
        total = 0
        count = 0
        for chunk in self.chunks(full, listed):
            if isinstance(chunk, _Run):
                draft = chunk.draft
                shown = min(chunk.listed, len(draft.works))
                total += draft.first_lines[shown]
                count += shown
                # A line that links into the README differs from one to the page.
                for position, rank, entry in draft.may_show:
                    if position >= shown:
                        break
                    if rank < full:
                        total += self.here(draft, entry).size - draft.to_page[position].size
            elif isinstance(chunk, Piece):
                total += chunk.size
                count += chunk.count
            elif isinstance(chunk, tuple):
                total += chunk[0] + 1 + size_of(chunk[1])
                count += 2
            else:
                total += size_of(chunk)
                count += 1
        return total + count * eol

    def lines(self, full: int, listed: int) -> tuple[list[str], list[tuple[str, str]]]:
        """The block's lines, and (id, text) of each heading it writes, in order.

        An id is "part:x", "section:y", "featured:y" or "catalog:y".
        """
        lines: list[str] = []
        written: list[tuple[str, str]] = []
        for chunk in self.chunks(full, listed):
            if isinstance(chunk, _Run):
                draft = chunk.draft
                lines += [self.here(draft, entry).text if rank < full else line.text
                          for entry, line, rank in zip(draft.works[:chunk.listed], draft.to_page,
                                                       self._ranks(draft), strict=False)]
            elif isinstance(chunk, Piece):
                lines += chunk.lines
            elif isinstance(chunk, tuple):
                level, text, ident = chunk
                lines += [f"{'#' * level} {text}", ""]
                written.append((ident, text))
            else:
                lines.append(chunk)
        return lines, written

    def fit(self, room: int, eol: int) -> tuple[int, int]:
        """(full, listed): the most works in full per section that fit in `room` bytes with
        every catalog line, else none in full and the most catalog lines that fit."""
        most_full, most_listed = self.most_full, self.most_listed
        if self.size(most_full, most_listed, eol) <= room:
            return most_full, most_listed
        if self.size(0, most_listed, eol) <= room:
            return _largest(lambda k: self.size(k, most_listed, eol) <= room, most_full), \
                most_listed
        return 0, _largest(lambda m: self.size(0, m, eol) <= room, most_listed)


def _largest(fits: Callable[[int], bool], upper: int) -> int:
    """The largest n in [0, upper) with fits(n), given fits(0) or nothing fits (then 0)."""
    lo, hi = 0, upper  # fits(lo) is assumed; fits(hi) is false
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid
    return lo


def toc_block(renderer: Renderer, anchors: dict[str, str]) -> list[str]:
    r = renderer
    lines: list[str] = []
    for part in r.config.parts:
        sections = r.config.sections_of(part.id)
        if not sections:
            continue
        icon = f"{part.icon} " if part.icon else ""
        title = f"{icon}{r.loc(dict(part.title))}"
        lines.append(f"* [{escape_inline(title)}]({anchors[f'part:{part.id}']})"
                     f"{r.count(r.catalog.part_count(part.id))}")
        for section in sections:
            n = len(r.catalog.works(section.id))
            lines.append(f"  * [{escape_inline(r.section_title(section))}]"
                         f"({anchors[f'section:{section.id}']}){r.count(n)}")
    return lines


def render_readme(config: Config, catalog: Catalog, text: str, path: str, language: str,
                  wanted: Sequence[str], budget: int) -> tuple[str, Fit | None]:
    """The README `text` with its blocks filled in, and how much of the list it shows."""
    doc = Document(text)
    blocks = find_blocks(doc.lines, path, wanted)
    renderer = Renderer(config, catalog, language, posixpath.dirname(path))
    if "list" not in blocks:
        # No list block in this README: the contents link to the section pages.
        anchors = {f"section:{s.id}": renderer.href(config.page_path(s.id, language))
                   for s in config.sections}
        anchors.update({f"part:{p.id}": anchors[f"section:{config.sections_of(p.id)[0].id}"]
                        for p in config.parts if config.sections_of(p.id)})
        bodies = {"toc": toc_block(renderer, anchors)} if "toc" in blocks else {}
        return _filled(text, blocks, bodies), None
    block = blocks["list"]
    # The text above the block is parsed alone: a line's block structure depends only on
    # the lines before it, and the block's begin marker ends any paragraph.
    before = heading_levels([line for i, line in enumerate(doc.lines[:block.begin])
                             if not any(b.begin < i < b.end for b in blocks.values())])
    level = min(max(before[-1][0] + 1 if before else 2, 2), 4)
    listing = ListBlock(renderer, level)
    eol = len(doc.endings[block.begin]) if doc.endings is not None else 1

    def contents(written: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
        # The anchors of the generated headings count the headings above the block (a
        # hand-written "## Alpha Methods" makes the generated one "#alpha-methods-1").
        anchors = anchors_after([t for _, t in before], written)
        return {"toc": toc_block(renderer, anchors)} if "toc" in blocks else {}

    # The room the list has: the budget less the README without it (the contents are
    # as long whatever the list shows, but for anchors that a missing heading renumbers).
    full, listed = listing.most_full, listing.most_listed
    bodies = contents(listing.headings(full))
    full, listed = listing.fit(budget - size_of(_filled(text, blocks, {**bodies, "list": []})),
                               eol)
    while True:
        lines, written = listing.lines(full, listed)
        bodies = contents(written)
        new = _filled(text, blocks, {**bodies, "list": lines})
        size = size_of(new)
        if size <= budget or (full, listed) == (0, 0):
            break
        full, listed = (full - 1, listed) if full else (0, listed - 1)
    hidden = tuple(listing.hidden(full))
    return new, Fit(path, language, full, listed, hidden, size, budget)


def _filled(text: str, blocks: dict[str, Block], bodies: dict[str, list[str]]) -> str:
    """`text` with each named block's lines replaced by its body."""
    doc = Document(text)
    # From the last block up, so that the line numbers of the others stay right.
    for name in sorted(bodies, key=lambda n: blocks[n].begin, reverse=True):
        doc.replace(blocks[name], bodies[name])
    return doc.text()
