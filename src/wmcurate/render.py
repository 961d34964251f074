"""Render: entries + config -> the README blocks and the per-section pages.

Everything here is pure except `plan_render`'s reading of the current files;
`apply_render` does the writing. The output depends only on the entries and
the config, so rendering twice changes nothing.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from wmcurate.config import Config, Section, SectionText
from wmcurate.entries import write_atomic
from wmcurate.errors import MarkerError
from wmcurate.markdown import (
    escape_block,
    escape_html,
    escape_inline,
    escape_url,
    github_slug,
    headings,
    outside_fences,
    paragraphs,
)
from wmcurate.model import Entry, points_in, text_in

MARKER = re.compile(r"^\s*<!--\s*wmcurate:(begin|end)\s+([\w-]+)\s*-->\s*$")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


@dataclass(frozen=True)
class RenderedFile:
    path: Path
    old: str | None
    new: str

    @property
    def stale(self) -> bool:
        return self.old != self.new


class Catalog:
    """The works of each section, in the section's order."""

    def __init__(self, config: Config, entries: Iterable[Entry]) -> None:
        self.config = config
        #: Rendered works, shared by every file that shows them (see Renderer.work).
        self.rendered: dict[tuple[str, str, bool, str], list[str]] = {}
        self.by_section: dict[str, list[Entry]] = {s.id: [] for s in config.sections}
        for entry in entries:
            for section_id in dict.fromkeys(entry.sections()):
                if section_id in self.by_section:
                    self.by_section[section_id].append(entry)
        for section in config.sections:
            self.by_section[section.id] = _ordered(self.by_section[section.id], section)

    def works(self, section_id: str) -> list[Entry]:
        return self.by_section[section_id]

    def part_count(self, part_id: str) -> int:
        keys = {e.key for s in self.config.sections_of(part_id) for e in self.works(s.id)}
        return len(keys)


def _ordered(works: list[Entry], section: Section) -> list[Entry]:
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


class Renderer:
    """Renders for one output language; `base` is the folder of the file being written."""

    def __init__(self, config: Config, catalog: Catalog, language: str, base: str) -> None:
        self.config = config
        self.catalog = catalog
        self.language = language
        self.base = base
        self.labels = config.language(language).labels
        self.fallback = tuple(c for c in config.language_codes if c != language)
        self.link_rank = config.link_order()
        self.link_labels = {link.key: self.loc(dict(link.label)) for link in config.links}
        self._hrefs: dict[str, str] = {}

    # -- small pieces -------------------------------------------------------
    def loc(self, table: dict[str, str] | object) -> str:
        if isinstance(table, dict):
            return str(text_in(table, self.language, self.fallback) or "")
        return str(table)

    def href(self, target: str) -> str:
        found = self._hrefs.get(target)
        if found is None:
            found = self._hrefs[target] = posixpath.relpath(target, self.base or ".")
        return found

    def section_title(self, section: Section) -> str:
        return self.loc(dict(section.title))

    def colon(self) -> str:
        return "：" if self.language.startswith("zh") else ": "

    def field_line(self, label_key: str, value: str) -> str:
        label = escape_inline(self.labels[label_key])
        colon = "：" if self.language.startswith("zh") else ":"
        return f"* **{label}{colon}** {value}"

    def count(self, n: int) -> str:
        if self.language.startswith("zh"):
            return f"（{n} {self.labels['works']}）"
        return f"({n} {self.labels['works'] if n != 1 else self.labels['works'].rstrip('s')})"

    def count_suffix(self, n: int) -> str:
        """A count after a heading: ' (5 works)' or '（5 篇）'."""
        count = self.count(n)
        return count if count.startswith("（") else f" {count}"

    def texts_block(self, texts: Sequence[SectionText]) -> list[str]:
        lines: list[str] = []
        for item in texts:
            label = escape_inline(self.loc(dict(item.label)))
            text = escape_inline(self.loc(dict(item.text)))
            lines += [f"**{label}**{self.colon()}{text}", ""]
        return lines

    def links_line(self, entry: Entry) -> str | None:
        rank = self.link_rank
        parts = []
        for key, url in sorted(entry.links.items(), key=lambda kv: (rank.get(kv[0], 999), kv[0])):
            if not url.strip():
                continue
            name = self.link_labels.get(key) or key.replace("-", " ").title()
            parts.append(f"[{escape_inline(name)}]({escape_url(url)})")
        return " | ".join(parts) if parts else None

    # -- one work -----------------------------------------------------------
    def work(self, entry: Entry, anchor: bool) -> list[str]:
        # A work reads the same in every file of one language; only its
        # "Listed in" links depend on where the file is.
        cache_key = (entry.key, self.language, anchor, self.base if entry.also else "")
        cached = self.catalog.rendered.get(cache_key)
        if cached is None:
            cached = self.catalog.rendered[cache_key] = self._work(entry, anchor)
        return cached

    def _work(self, entry: Entry, anchor: bool) -> list[str]:
        lang, fb = self.language, self.fallback
        title = text_in(entry.title, lang, fb) or entry.key
        opening = f'<details id="{escape_html(entry.key)}">' if anchor else "<details>"
        lines = [opening, f"<summary><b>{escape_html(title)}</b></summary>", ""]
        fields: list[str] = []
        if entry.authors:
            fields.append(self.field_line("authors", escape_inline(", ".join(entry.authors))))
        if entry.arxiv:
            fields.append(self.field_line("arxiv", escape_inline(entry.arxiv)))
        if entry.model:
            fields.append(self.field_line("model", escape_inline(entry.model)))
        if entry.affiliations:
            fields.append(self.field_line("affiliations", escape_inline(entry.affiliations)))
        one_liner = text_in(entry.one_liner, lang, fb)
        if one_liner:
            fields.append(self.field_line("one_liner", escape_inline(one_liner)))
        if entry.venue:
            fields.append(self.field_line("venue", escape_inline(entry.venue)))
        links = self.links_line(entry)
        if links:
            fields.append(self.field_line("links", links))
        sections = [s for s in entry.sections() if self.config.section(s)]
        if len(sections) > 1:
            listed = ", ".join(
                f"[{escape_inline(self.section_title(self.config.section(s)))}]"  # type: ignore[arg-type]
                f"({escape_url(self.href(self.config.page_path(s, lang)))})"
                for s in sections
            )
            fields.append(self.field_line("listed_in", listed))
        if fields:
            lines += [*fields, ""]
        innovation = text_in(entry.innovation, lang, fb)
        if innovation:
            lines.append(f"> **{escape_inline(self.labels['innovation'])}**")
            for i, para in enumerate(paragraphs(innovation)):
                if i:
                    lines.append(">")
                lines.append(f"> {escape_block(para, collapsed=True)}")
            lines.append("")
        abstract = text_in(entry.abstract, lang, fb)
        if abstract:
            summary = escape_html(self.labels["abstract"])
            lines += ["<details>", f"<summary>{summary}</summary>", ""]
            for para in paragraphs(abstract):
                lines += [escape_block(para, collapsed=True), ""]
            lines += ["</details>", ""]
        points = [" ".join(p.split()) for p in points_in(entry.key_points, lang, fb)]
        points = [p for p in points if p]
        if points:
            summary = escape_html(self.labels["key_points"])
            lines += ["<details>", f"<summary>{summary}</summary>", ""]
            lines += [f"* {escape_block(p, collapsed=True)}" for p in points]
            lines += ["", "</details>", ""]
        lines += ["</details>", ""]
        return lines

    def catalog_line(self, entry: Entry, section_id: str) -> str:
        title = text_in(entry.title, self.language, self.fallback) or entry.key
        target = f"{self.href(self.config.page_path(section_id, self.language))}#{entry.key}"
        line = f"* [{escape_inline(title)}]({escape_url(target)})"
        if entry.venue:
            line += f", {escape_inline(entry.venue)}"
        return line

    # -- README blocks ------------------------------------------------------
    def list_block(self) -> tuple[list[str], list[str]]:
        """The list block's lines, and an id ("part:x"/"section:y") per heading it writes."""
        lines: list[str] = []
        heading_ids: list[str] = []
        for part in self.config.parts:
            sections = self.config.sections_of(part.id)
            if not sections:
                continue
            icon = f"{part.icon} " if part.icon else ""
            lines += [f"## {icon}{escape_inline(self.loc(dict(part.title)))}", ""]
            heading_ids.append(f"part:{part.id}")
            lines += self.texts_block(part.texts)
            for section in sections:
                works = self.catalog.works(section.id)
                title = self.section_title(section)
                lines += [f"### {escape_inline(title)}", ""]
                heading_ids.append(f"section:{section.id}")
                lines += self.texts_block(section.texts)
                # A work is shown in full in its home section only; elsewhere the
                # catalog line links to it.
                featured = [e for e in works if e.featured and e.section == section.id]
                if featured:
                    lines += [f"#### {escape_inline(self.labels['featured'])}"
                              f"{self.colon()}{escape_inline(title)}", ""]
                    heading_ids.append(f"featured:{section.id}")
                    for entry in featured:
                        lines += self.work(entry, anchor=False)
                lines += [f"#### {escape_inline(self.labels['catalog'])}{self.colon()}"
                          f"{escape_inline(title)}{self.count_suffix(len(works))}", ""]
                heading_ids.append(f"catalog:{section.id}")
                if works:
                    lines += [self.catalog_line(e, section.id) for e in works]
                    lines.append("")
                page = self.href(self.config.page_path(section.id, self.language))
                lines += [f"[{escape_inline(self.labels['page_link'])}{self.colon()}"
                          f"{escape_inline(title)}]({escape_url(page)})", ""]
        return lines, heading_ids

    def toc_block(self, anchors: dict[str, str]) -> list[str]:
        lines: list[str] = []
        for part in self.config.parts:
            sections = self.config.sections_of(part.id)
            if not sections:
                continue
            icon = f"{part.icon} " if part.icon else ""
            title = f"{icon}{self.loc(dict(part.title))}"
            lines.append(f"* [{escape_inline(title)}]({anchors[f'part:{part.id}']})"
                         f"{self.count_suffix(self.catalog.part_count(part.id))}")
            for section in sections:
                n = len(self.catalog.works(section.id))
                lines.append(f"  * [{escape_inline(self.section_title(section))}]"
                             f"({anchors[f'section:{section.id}']}){self.count_suffix(n)}")
        return lines

    # -- section page -------------------------------------------------------
    def page(self, section: Section, readme: str | None) -> str:
        title = self.section_title(section)
        works = self.catalog.works(section.id)
        lines = [f"# {escape_inline(title)}", ""]
        nav = []
        if readme:
            nav.append(f"[{escape_inline(self.labels['back'])}]({escape_url(self.href(readme))})")
        for code in self.config.language_codes:
            if code != self.language:
                other = self.config.language(code).name
                own = self.config.page_path(section.id, code)
                nav.append(f"[{escape_inline(other)}]({escape_url(self.href(own))})")
        if nav:
            lines += [" · ".join(nav), ""]
        lines += self.texts_block(section.texts)
        lines += [f"## {escape_inline(self.labels['page_works'])}{self.count_suffix(len(works))}",
                  ""]
        for entry in works:
            lines += self.work(entry, anchor=True)
        lines += [f"<!-- {self.labels['generated']} -->"]
        return "\n".join(lines) + "\n"


# -- markers -----------------------------------------------------------------
@dataclass(frozen=True)
class Block:
    name: str
    begin: int  # index of the begin-marker line
    end: int  # index of the end-marker line


def find_blocks(lines: Sequence[str], path: str, wanted: Sequence[str]) -> dict[str, Block]:
    """The marked blocks of a README; any marker problem raises `MarkerError`."""
    problems: list[str] = []
    open_name: str | None = None
    open_line = 0
    found: dict[str, Block] = {}
    seen_begin: dict[str, int] = {}
    for i, line in outside_fences(lines):
        match = MARKER.match(line)
        if not match:
            continue
        kind, name = match.groups()
        if kind == "begin":
            if open_name is not None:
                problems.append(f"{path}:{i + 1}: marker 'begin {name}' opens inside block "
                                f"'{open_name}' begun at line {open_line + 1}; close it first")
                continue
            if name in seen_begin:
                problems.append(f"{path}:{i + 1}: marker 'begin {name}' is duplicated "
                                f"(first at line {seen_begin[name] + 1})")
                continue
            seen_begin[name] = i
            open_name, open_line = name, i
        else:
            if open_name is None:
                problems.append(f"{path}:{i + 1}: marker 'end {name}' has no 'begin {name}' "
                                "before it")
            elif name != open_name:
                problems.append(f"{path}:{i + 1}: marker 'end {name}' closes block "
                                f"'{open_name}' begun at line {open_line + 1}")
                open_name = None
            else:
                found[name] = Block(name, open_line, i)
                open_name = None
    if open_name is not None:
        problems.append(f"{path}:{open_line + 1}: marker 'begin {open_name}' is never closed "
                        f"(add <!-- wmcurate:end {open_name} -->)")
    for name in wanted:
        if name not in seen_begin and not any(f"'begin {name}'" in p for p in problems):
            problems.append(f"{path}: marker for block '{name}' is missing: add "
                            f"<!-- wmcurate:begin {name} --> and <!-- wmcurate:end {name} -->")
    if problems:
        raise MarkerError("\n".join(problems))
    return found


def heading_anchors(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(line index, GitHub anchor) of every ATX heading, de-duplicated as GitHub does."""
    counts: dict[str, int] = {}
    out = []
    for i, _level, text in headings(lines):
        slug = github_slug(text)
        n = counts.get(slug, 0)
        counts[slug] = n + 1
        out.append((i, slug if n == 0 else f"{slug}-{n}"))
    return out


def _replace(lines: list[str], block: Block, body: list[str]) -> list[str]:
    while body and not body[-1]:
        body = body[:-1]
    return [*lines[: block.begin + 1], "", *body, "", *lines[block.end:]]


def render_readme(config: Config, catalog: Catalog, text: str, path: str, language: str,
                  wanted: Sequence[str]) -> str:
    lines = text.split("\n")
    blocks = find_blocks(lines, path, wanted)
    renderer = Renderer(config, catalog, language, posixpath.dirname(path))
    list_lines, heading_ids = renderer.list_block()
    if "list" in blocks:
        lines = _replace(lines, blocks["list"], list_lines)
        blocks = find_blocks(lines, path, wanted)
    anchors: dict[str, str] = {}
    if "list" in blocks:
        block = blocks["list"]
        inside = [a for i, a in heading_anchors(lines) if block.begin < i < block.end]
        anchors = {hid: f"#{a}" for hid, a in zip(heading_ids, inside, strict=True)}
    else:
        # No list block in this README: the contents link to the section pages.
        anchors = {f"section:{s.id}": renderer.href(config.page_path(s.id, language))
                   for s in config.sections}
        anchors.update({f"part:{p.id}": anchors[f"section:{config.sections_of(p.id)[0].id}"]
                        for p in config.parts if config.sections_of(p.id)})
    if "toc" in blocks:
        lines = _replace(lines, blocks["toc"], renderer.toc_block(anchors))
    return "\n".join(lines)


def plan_render(config: Config, entries: Sequence[Entry]) -> list[RenderedFile]:
    """Every file render would write, with its current and new text. Raises on marker problems."""
    catalog = Catalog(config, entries)
    planned: list[RenderedFile] = []
    problems: list[str] = []
    readme_by_lang: dict[str, str] = {}
    for output in config.outputs:
        readme_by_lang.setdefault(output.language, output.path)
        path = config.root / output.path
        try:
            old = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            problems.append(f"{output.path}: not found; create it with the markers "
                            + " ".join(f"<!-- wmcurate:begin {b} --> <!-- wmcurate:end {b} -->"
                                       for b in output.blocks))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{output.path}: cannot be read ({exc})")
            continue
        crlf = "\r\n" in old
        try:
            new = render_readme(config, catalog, old.replace("\r\n", "\n"), output.path,
                                output.language, output.blocks)
        except MarkerError as exc:
            problems.append(exc.message)
            continue
        if crlf:
            # Keep a README's own line endings, so text outside the markers is untouched.
            new = new.replace("\n", "\r\n")
        planned.append(RenderedFile(path, old, new))
    if problems:
        raise MarkerError("render refused, nothing was written:\n" + "\n".join(problems))
    for section in config.sections:
        for language in config.language_codes:
            rel = config.page_path(section.id, language)
            renderer = Renderer(config, catalog, language, posixpath.dirname(rel))
            new = renderer.page(section, readme_by_lang.get(language))
            path = config.root / rel
            try:
                current: str | None = path.read_bytes().decode("utf-8")
            except (FileNotFoundError, UnicodeDecodeError):
                current = None
            planned.append(RenderedFile(path, current, new))
    return planned


def apply_render(planned: Sequence[RenderedFile]) -> list[Path]:
    """Write the stale files; returns what was written."""
    written = []
    for item in planned:
        if item.stale:
            write_atomic(item.path, item.new)
            written.append(item.path)
    return written
