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
from wmcurate.errors import MarkerError, UnsafeOutput
from wmcurate.markdown import (
    escape_block,
    escape_comment,
    escape_html,
    escape_inline,
    escape_url,
    github_slug,
    heading_texts,
    html_block_starts,
    is_web_url,
    paragraphs,
)
from wmcurate.model import Entry, points_in, text_in
from wmcurate.outputs import Write, remove_temporaries, resolve_outputs, write_all

#: A marker starts its line: indented, it could be swallowed by a generated list above it.
MARKER = re.compile(r"^<!--\s*wmcurate:(begin|end)\s+([\w-]+)\s*-->\s*$")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


@dataclass(frozen=True)
class RenderedFile:
    """One output: `path` as the config names it (under the list's root), its current
    text (`old`; None when missing or unreadable) and its rendered text."""

    path: Path
    old: str | None
    new: str
    #: The file it lands on, through any symbolic link (checked to be inside the list).
    real: Path | None = None
    #: False when the file does not exist yet.
    existed: bool = True
    #: The path relative to the list, for messages.
    shown: str = ""

    @property
    def stale(self) -> bool:
        return self.old != self.new

    @property
    def target(self) -> Path:
        return self.real or self.path


class Catalog:
    """The works of each section, in the section's order."""

    def __init__(self, config: Config, entries: Iterable[Entry]) -> None:
        self.config = config
        #: Rendered works, shared by every file that shows them (see Renderer.work).
        self.rendered: dict[tuple[str, str, bool, str], list[str]] = {}
        #: Rendered links lines by (entry key, language): the same in every file.
        self.links: dict[tuple[str, str], str | None] = {}
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
        self.summaries = {name: escape_html(self.labels[name]) for name in ("abstract",
                                                                            "key_points")}
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
        works = escape_inline(self.labels["works"])
        if self.language.startswith("zh"):
            return f"（{n} {works}）"
        return f"({n} {works if n != 1 else works.rstrip('s')})"

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
        cache_key = (entry.key, self.language)
        if cache_key not in self.catalog.links:
            self.catalog.links[cache_key] = self._links_line(entry)
        return self.catalog.links[cache_key]

    def _links_line(self, entry: Entry) -> str | None:
        rank = self.link_rank
        parts = []
        for key, url in sorted(entry.links.items(), key=lambda kv: (rank.get(kv[0], 999), kv[0])):
            if not url.strip():
                continue
            name = escape_inline(self.link_labels.get(key) or key.replace("-", " ").title())
            if is_web_url(url):
                parts.append(f"[{name}]({escape_url(url)})")
            else:
                # `javascript:`, `data:` and their disguises are never links: shown as text.
                parts.append(f"{name}: {escape_inline(url)}")
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
            summary = self.summaries["abstract"]
            lines += ["<details>", f"<summary>{summary}</summary>", ""]
            for para in paragraphs(abstract):
                lines += [escape_block(para, collapsed=True), ""]
            lines += ["</details>", ""]
        points = [" ".join(p.split()) for p in points_in(entry.key_points, lang, fb)]
        points = [p for p in points if p]
        if points:
            summary = self.summaries["key_points"]
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
    def list_block(self) -> tuple[list[str], list[tuple[str, str]]]:
        """The list block's lines, and (id, text) of each heading it writes, in order.

        An id is "part:x", "section:y", "featured:y" or "catalog:y".
        """
        lines: list[str] = []
        written: list[tuple[str, str]] = []

        def heading(level: int, text: str, ident: str) -> None:
            lines.extend([f"{'#' * level} {text}", ""])
            written.append((ident, text))

        for part in self.config.parts:
            sections = self.config.sections_of(part.id)
            if not sections:
                continue
            icon = f"{escape_inline(part.icon)} " if part.icon else ""
            heading(2, f"{icon}{escape_inline(self.loc(dict(part.title)))}", f"part:{part.id}")
            lines += self.texts_block(part.texts)
            for section in sections:
                works = self.catalog.works(section.id)
                title = self.section_title(section)
                heading(3, escape_inline(title), f"section:{section.id}")
                lines += self.texts_block(section.texts)
                # A work is shown in full in its home section only; elsewhere the
                # catalog line links to it.
                featured = [e for e in works if e.featured and e.section == section.id]
                if featured:
                    heading(4, f"{escape_inline(self.labels['featured'])}{self.colon()}"
                               f"{escape_inline(title)}", f"featured:{section.id}")
                    for entry in featured:
                        lines += self.work(entry, anchor=False)
                heading(4, f"{escape_inline(self.labels['catalog'])}{self.colon()}"
                           f"{escape_inline(title)}{self.count_suffix(len(works))}",
                        f"catalog:{section.id}")
                if works:
                    lines += [self.catalog_line(e, section.id) for e in works]
                    lines.append("")
                page = self.href(self.config.page_path(section.id, self.language))
                lines += [f"[{escape_inline(self.labels['page_link'])}{self.colon()}"
                          f"{escape_inline(title)}]({escape_url(page)})", ""]
        return lines, written

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
        lines += [f"<!-- {escape_comment(self.labels['generated'])} -->"]
        return "\n".join(lines) + "\n"


# -- markers -----------------------------------------------------------------
@dataclass(frozen=True)
class Block:
    name: str
    begin: int  # index of the begin-marker line
    end: int  # index of the end-marker line


def find_blocks(lines: Sequence[str], path: str, wanted: Sequence[str]) -> dict[str, Block]:
    """The marked blocks of a README; any marker problem raises `MarkerError`.

    A marker counts only on a line that CommonMark reads as the start of an HTML
    block at the top level, and at the start of that line: one shown inside a fenced
    or indented code block (documentation of the markers), a list, a quote or another
    HTML block is text, and left alone. So the text after a block reads the same
    after render as before, and rendering twice changes nothing.
    """
    problems: list[str] = []
    open_name: str | None = None
    open_line = 0
    found: dict[str, Block] = {}
    seen_begin: dict[str, int] = {}
    real = html_block_starts(lines, lambda line: MARKER.match(line) is not None)
    for i in real:
        match = MARKER.match(lines[i])
        if match is None:  # never: html_block_starts returns only lines MARKER accepts
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
                            f"<!-- wmcurate:begin {name} --> and <!-- wmcurate:end {name} -->"
                            + _only_text(lines, set(real), name))
    if problems:
        raise MarkerError("\n".join(problems))
    return found


def _only_text(lines: Sequence[str], real: set[int], name: str) -> str:
    """A hint when the marker is there but where markdown reads it as text."""
    shown = re.compile(rf"<!--\s*wmcurate:begin\s+{re.escape(name)}\s*-->")
    for i, line in enumerate(lines):
        if i not in real and shown.search(line):
            return (f" (line {i + 1} has one, but a marker counts only at the start of a line, "
                    "outside code blocks, lists, quotes and other HTML; a blank line before it "
                    "ends those)")
    return ""


def anchors_after(before: Sequence[str], written: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The anchor GitHub gives each heading in `written` ((id, text) pairs) when the
    headings `before` (texts) come first: a repeated slug gets -1, -2, ..."""
    counts: dict[str, int] = {}
    for text in before:
        slug = github_slug(text)
        counts[slug] = counts.get(slug, 0) + 1
    anchors = {}
    for ident, text in written:
        slug = github_slug(text)
        n = counts.get(slug, 0)
        counts[slug] = n + 1
        anchors[ident] = f"#{slug}" if n == 0 else f"#{slug}-{n}"
    return anchors


class Document:
    """A README as lines, each with its own line ending, so that prose keeps its endings
    (a file may mix CRLF and LF) and only the generated blocks are rewritten."""

    _EOL = re.compile(r"(\r\n|\r|\n)")

    def __init__(self, text: str) -> None:
        self.endings: list[str] | None
        if "\r" not in text:
            self.lines = text.split("\n")
            self.endings = None  # every line ends with \n (the last with nothing)
        else:
            parts = self._EOL.split(text)
            self.lines = parts[0::2]
            self.endings = [*parts[1::2], ""]

    def replace(self, block: Block, body: list[str]) -> int:
        """Put `body` between the block's markers; returns how many lines were added."""
        while body and not body[-1]:
            body = body[:-1]
        new = ["", *body, ""]
        old_count = block.end - block.begin - 1
        self.lines[block.begin + 1:block.end] = new
        if self.endings is not None:
            # Generated lines end as the begin marker's line does.
            eol = self.endings[block.begin]
            self.endings[block.begin + 1:block.end] = [eol] * len(new)
        return len(new) - old_count

    def text(self) -> str:
        if self.endings is None:
            return "\n".join(self.lines)
        return "".join(line + eol for line, eol in zip(self.lines, self.endings, strict=True))


def render_readme(config: Config, catalog: Catalog, text: str, path: str, language: str,
                  wanted: Sequence[str]) -> str:
    doc = Document(text)
    blocks = find_blocks(doc.lines, path, wanted)
    renderer = Renderer(config, catalog, language, posixpath.dirname(path))
    list_lines, written = renderer.list_block()
    if "list" in blocks:
        block = blocks["list"]
        # The anchors of the generated headings count the headings above the block (a
        # hand-written "## Alpha Methods" makes the generated one "#alpha-methods-1").
        # The text above is parsed alone: a line's block structure depends only on the
        # lines before it, and the block's begin marker ends any paragraph.
        before = [line for i, line in enumerate(doc.lines[:block.begin])
                  if not any(b.begin < i < b.end for b in blocks.values())]
        anchors = anchors_after(heading_texts(before), written)
        added = doc.replace(block, list_lines)
        blocks = {name: b if b.begin < block.begin else Block(name, b.begin + added,
                                                                b.end + added)
                  for name, b in blocks.items()}
    else:
        # No list block in this README: the contents link to the section pages.
        anchors = {f"section:{s.id}": renderer.href(config.page_path(s.id, language))
                   for s in config.sections}
        anchors.update({f"part:{p.id}": anchors[f"section:{config.sections_of(p.id)[0].id}"]
                        for p in config.parts if config.sections_of(p.id)})
    if "toc" in blocks:
        doc.replace(blocks["toc"], renderer.toc_block(anchors))
    return doc.text()


def plan_render(config: Config, entries: Sequence[Entry]) -> list[RenderedFile]:
    """Every file render would write, with its current and new text.

    Raises `UnsafeOutput` when an output path leads outside the list (nothing is read
    then), and `MarkerError` on marker problems.
    """
    readme_paths = [output.path for output in config.outputs]
    page_paths = [config.page_path(s.id, lang) for s in config.sections
                  for lang in config.language_codes]
    resolved, problems = resolve_outputs(config.root, readme_paths + page_paths)
    if problems:
        raise UnsafeOutput("render refused, nothing was read or written:\n"
                           + "\n".join(problems))
    real = {r.shown: r.real for r in resolved}
    catalog = Catalog(config, entries)
    planned: list[RenderedFile] = []
    readme_by_lang: dict[str, str] = {}
    for output in config.outputs:
        readme_by_lang.setdefault(output.language, output.path)
        target = real[output.path]
        try:
            old = target.read_bytes().decode("utf-8")
        except FileNotFoundError:
            problems.append(f"{output.path}: not found; create it with the markers "
                            + " ".join(f"<!-- wmcurate:begin {b} --> <!-- wmcurate:end {b} -->"
                                       for b in output.blocks))
            continue
        except OSError as exc:
            problems.append(f"{output.path}: cannot be read ({exc.strerror or exc})")
            continue
        except UnicodeDecodeError as exc:
            problems.append(f"{output.path}: cannot be read ({exc})")
            continue
        try:
            new = render_readme(config, catalog, old, output.path, output.language,
                                output.blocks)
        except MarkerError as exc:
            problems.append(exc.message)
            continue
        planned.append(RenderedFile(config.root / output.path, old, new, target, True,
                                    output.path))
    for section in config.sections:
        for language in config.language_codes:
            rel = config.page_path(section.id, language)
            renderer = Renderer(config, catalog, language, posixpath.dirname(rel))
            new = renderer.page(section, readme_by_lang.get(language))
            target = real[rel]
            current: str | None = None
            existed = True
            try:
                current = target.read_bytes().decode("utf-8")
            except FileNotFoundError:
                existed = False
            except UnicodeDecodeError:
                pass  # a page is all generated: one that is not UTF-8 is simply stale
            except OSError as exc:
                problems.append(f"{rel}: cannot be read ({exc.strerror or exc})")
                continue
            planned.append(RenderedFile(config.root / rel, current, new, target, existed, rel))
    if problems:
        raise MarkerError("render refused, nothing was written:\n" + "\n".join(problems))
    return planned


def remove_leftovers(planned: Sequence[RenderedFile]) -> list[Path]:
    """Remove the temporary files an interrupted render (or edit) left beside the outputs."""
    return remove_temporaries(item.target for item in planned)


def apply_render(planned: Sequence[RenderedFile]) -> list[Path]:
    """Write the stale files, all or none; returns what was written."""
    stale = [item for item in planned if item.stale]
    write_all([Write(item.shown or str(item.path), item.target, item.new, item.old,
                     item.existed) for item in stale])
    return [item.path for item in stale]
