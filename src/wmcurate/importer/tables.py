"""Works written as the rows of a markdown table, each column named by its header.

Many hand-kept lists are tables: `| Title | Venue | Paper | Code |`, `| Year | Paper |
Venue |`, with Chinese headers too. The header says what each column holds (`COLUMNS`); a
row is one work. The cells are split by markdown-it's GFM table rule (escaped pipes, code
spans and links inside a cell stay whole), then read as the one-line items are: links
labelled by their column or their text, a venue with the year of a year column when it
has none, an arXiv ID from any link of the row or an ID column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from wmcurate.config import Config
from wmcurate.importer.fields import guess_label, link_key
from wmcurate.importer.items import (
    clean_venue,
    gather_links,
    split_title_venue,
    take_venue,
    venue_mark,
)
from wmcurate.importer.occurrence import Occurrence
from wmcurate.importer.syntax import MD_LINK, NEW_ID, NO_ID, OLD_ID
from wmcurate.markdown import unescape

__all__ = ["COLUMNS", "Table", "header_roles", "read_table", "table_end"]

# The delimiter row under a table's header: `|---|:---:|`, pipes at the ends optional.
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")

#: What a column holds, by its header as lists write it (compared case-folded, without
#: punctuation, emoji or markup).
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "paper title", "name", "paper name", "method", "model", "work",
              "标题", "论文标题", "名称", "方法", "模型", "工作"),
    # `Paper` is the title when no column is named for the title, else the paper's link.
    "paper": ("paper", "papers", "论文"),
    "venue": ("venue", "conference", "journal", "publication", "published", "published in",
              "pub", "conf", "conference journal", "会议", "期刊", "发表", "发表于",
              "会议期刊", "出处"),
    "year": ("year", "date", "time", "年份", "时间", "日期"),
    "authors": ("author", "authors", "作者"),
    "arxiv": ("arxiv", "arxiv id", "id"),
    "link": ("pdf", "link", "links", "url", "paper link", "链接", "论文链接"),
    "code": ("code", "github", "repo", "repository", "implementation", "official code",
             "代码", "开源代码"),
    "project": ("project", "project page", "page", "website", "homepage", "home page",
                "demo", "主页", "项目", "项目主页"),
    "one_liner": ("description", "summary", "tldr", "tl dr", "note", "notes", "comment",
                  "comments", "highlight", "highlights", "key idea", "idea", "remarks",
                  "简介", "描述", "备注", "说明", "亮点", "摘要"),
}


def _header_key(text: str) -> str:
    """A header as compared: words only, case-folded (`TL;DR` -> `tl dr`, `Pub.` -> `pub`)."""
    return " ".join(re.sub(r"[^\w]+|_", " ", text).casefold().split())


_ROLE_BY_HEADER = {_header_key(name): role for role, names in COLUMNS.items()
                   for name in names}


@dataclass(frozen=True)
class Table:
    """A table's header roles (None: a column of no known kind) and its body rows, each
    with the index of its line."""

    roles: list[str | None]
    rows: list[tuple[int, list[str]]]


def table_end(lines: Sequence[str], start: int) -> int | None:
    """When a table starts at line `start` (a header, then a delimiter row with as many
    columns), the index of the line after its last row; else None."""
    if start + 1 >= len(lines) or "|" not in lines[start]:
        return None
    if not _DELIMITER.match(lines[start + 1]) or "-" not in lines[start + 1]:
        return None
    end = start + 2
    while end < len(lines) and lines[end].strip() and "|" in lines[end]:
        end += 1
    return end


def header_roles(cells: Sequence[str]) -> list[str | None]:
    roles = [_ROLE_BY_HEADER.get(_header_key(_text(cell))) for cell in cells]
    if "title" not in roles and "paper" in roles:
        roles[roles.index("paper")] = "title"
    return ["link" if role == "paper" else role for role in roles]


def parse_table(lines: Sequence[str], start: int) -> Table | None:
    """The table written in `lines` (its first line is line index `start` of the file);
    None when it holds no column a work's title could be read from."""
    from markdown_it import MarkdownIt  # only import of tables needs a parser

    tokens = MarkdownIt("commonmark").enable("table").parse("\n".join(lines))
    rows: list[tuple[int, list[str]]] = []
    for at, token in enumerate(tokens):
        if token.type == "tr_open" and token.map is not None:
            width = next(i for i, t in enumerate(tokens[at:]) if t.type == "tr_close")
            cells = [t.content for t in tokens[at:at + width] if t.type == "inline"]
            rows.append((start + token.map[0], cells))
    if not rows:
        return None
    roles = header_roles(rows[0][1])
    if "title" not in roles:
        return None
    return Table(roles, rows[1:])


def read_table(table: Table, path: str, lang: str, section: str, sequence: int,
               config: Config) -> tuple[list[Occurrence], list[int]]:
    """One work per row, and the line numbers (1-based) of rows without a title."""
    works: list[Occurrence] = []
    untitled: list[int] = []
    for line, cells in table.rows:
        occ = _read_row(table.roles, cells, line, path, lang, section, sequence, config)
        if occ is None:
            if any(_text(cell) for cell in cells):
                untitled.append(line + 1)
        else:
            works.append(occ)
    return works, untitled


def _read_row(roles: Sequence[str | None], cells: Sequence[str], line: int, path: str,
              lang: str, section: str, sequence: int, config: Config) -> Occurrence | None:
    by_role: dict[str, str] = {}
    links: dict[str, str] = {}
    arxiv: str | None = None
    for role, cell in zip(roles, cells, strict=False):  # GFM: a short row has empty cells
        cell = cell.strip()
        if role is not None and role not in by_role:
            by_role[role] = cell
        named = gather_links(cell, links, partial(_label, role, config=config))
        arxiv = arxiv or named
    title_cell = by_role.get("title", "")
    lead = MD_LINK.match(title_cell)
    title, title_venue = split_title_venue(
        unescape(lead.group(1)) if lead else _text(title_cell), config, marks=True)
    title = title.strip().strip("*").strip()
    if not title or title.casefold() in NO_ID:
        return None
    if arxiv is None:
        arxiv = _arxiv_cell(by_role.get("arxiv", ""))
    venue = (_venue(by_role.get("venue", ""), by_role.get("year", ""), config) or title_venue
             or marked_venue(title_cell, config))
    authors = [a.strip() for a in re.split(r",|，|、|;|；| and ", _text(by_role.get(
        "authors", ""))) if a.strip() and a.strip().casefold() not in NO_ID]
    one_liner = _text(by_role.get("one_liner", "")) or None
    if one_liner is not None and one_liner.casefold() in NO_ID:
        one_liner = None
    return Occurrence(file=path, line=line + 1, language=lang, section=section, featured=False,
                      full=False, sequence=sequence, title=title, arxiv=arxiv, venue=venue,
                      authors=authors or None, links=links, one_liner=one_liner)


def marked_venue(cell: str, config: Config) -> str | None:
    """A venue noted beside a title in its cell: `[Title](url) (CVPR 2023)`."""
    lead = MD_LINK.match(cell)
    rest = _text(cell[lead.end():]) if lead else ""
    return take_venue(rest, config)[0] if rest else None


def _venue(cell: str, year_cell: str, config: Config) -> str | None:
    text = clean_venue(_text(cell))
    if not text or text.casefold() in NO_ID:
        return None
    venue = venue_mark(text, config) or text
    year = _YEAR.search(_text(year_cell))
    if year and not _YEAR.search(venue):
        venue = f"{venue} {year.group(1)}"
    return venue


def _arxiv_cell(cell: str) -> str | None:
    text = _text(cell).removeprefix("arXiv:").removeprefix("arxiv:").strip()
    found = NEW_ID.match(text) or OLD_ID.match(text)
    return found.group(1) if found else None


def _label(role: str | None, text: str, target: str, *, config: Config) -> str:
    if role in ("code", "project"):
        return role
    if role in ("title", "link", "arxiv"):
        return guess_label(target)
    return link_key(text.strip("[] "), config) if text.strip("[] ") else guess_label(target)


def _text(cell: str) -> str:
    """A cell's words: link texts kept, markup and HTML dropped."""
    text = MD_LINK.sub(lambda m: m.group(1), cell)
    text = re.sub(r"<[^>]+>|\*\*|__|`", "", text)
    return unescape(text).strip()
