"""Reading one markdown file: its headings and blocks -> occurrences and problems.

A file is read top to bottom. A heading that names a section (its title, alias or
id) starts that section; under it, a "Representative works" heading starts the
featured works, other works headings ("All works", "Papers") plain ones. Works are
`<details>` blocks, bold titles followed by field bullets, and one-line items. A
`<details>` block that holds no fields of its own but list items or other works (a
collapsed "Paper catalog") is a wrapper: what it holds is read as if it were not
collapsed.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from wmcurate.config import Config
from wmcurate.importer.fields import is_field, plain_title, read_body, summary_of
from wmcurate.importer.items import looks_like_plain_work, read_plain
from wmcurate.importer.occurrence import BlockError, ImportProblem, Occurrence, Severity
from wmcurate.importer.sections import (
    detect_language,
    maps_of,
    section_page,
    sections_with_works_heading,
)
from wmcurate.importer.syntax import (
    BOLD_TITLE,
    BULLET,
    DETAILS_CLOSE,
    DETAILS_ID,
    DETAILS_OPEN,
    ID_IN_URL,
    KEY,
    SUMMARY,
    details_end,
    heading_text,
)
from wmcurate.importer.tables import parse_table, read_table, table_end
from wmcurate.labels import DETAILS_FIELD_BY_LABEL, heading_starts_works, normalise_label
from wmcurate.markdown import FENCE, HEADING, unescape


@dataclass
class _Place:
    """Where the reader is: which section, and under which kind of works heading."""

    section: str | None = None
    section_level: int = 0
    works_level: int = 0
    in_works: bool = False
    featured_heading: bool = False
    #: The section has no works heading of its own: its list is its works.
    loose: bool = False
    sequence: int = 0


class _FileReader:
    def __init__(self, path: str, text: str, config: Config, language: str | None) -> None:
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.path = path
        self.config = config
        # A copy: a wrapper's opening and closing tags are blanked out as they are read.
        self.lines = text.split("\n")
        self.language = language or detect_language(path, text, config)
        pages, self.index = maps_of(config)
        #: A section page shows every work of its section in full: none is featured there.
        self.page = section_page(path, self.lines, self.index, pages) is not None
        self.with_works_heading = sections_with_works_heading(self.lines, self.index)
        self.place = _Place()
        self.wrappers: list[int] = []  # closing lines of the wrappers the reader is inside
        self.occurrences: list[Occurrence] = []
        self.problems: list[ImportProblem] = []

    def problem(self, line: int, severity: Severity, message: str) -> None:
        self.problems.append(ImportProblem(self.path, line, severity, message))

    def read(self) -> None:
        lines = self.lines
        fence: str | None = None
        i = 0
        while i < len(lines):
            while self.wrappers and i > self.wrappers[-1]:
                self.wrappers.pop()
            line = lines[i]
            fence_match = FENCE.match(line)
            if fence_match:
                marker = fence_match.group(1)[0]
                fence = marker if fence is None else (None if fence == marker else fence)
            elif fence is None:
                i = self.line(i, line)
                continue
            i += 1

    def line(self, i: int, line: str) -> int:
        """Read what starts at line `i`; returns the index of the next line to read."""
        heading = HEADING.match(line)
        if heading:
            self.heading(i, len(heading.group(1)), heading.group(2))
            return i + 1
        stripped = line.strip()
        if DETAILS_OPEN.match(stripped):
            return self.details(i)
        place = self.place
        if place.section is not None and place.in_works:
            bold = BOLD_TITLE.match(stripped)
            if bold and _next_is_field(self.lines, i + 1):
                end = _field_run_end(self.lines, i + 1)
                occ = Occurrence(file=self.path, line=i + 1, language=self.language,
                                 section=place.section, featured=self.featured(), full=True,
                                 sequence=place.sequence, title=unescape(bold.group(1)))
                try:
                    read_body(self.lines[i + 1:end], i + 1, occ, self.config)
                except BlockError as exc:
                    self.unreadable(exc)
                else:
                    self.occurrences.append(occ)
                return end
        if "|" in line:
            after = table_end(self.lines, i)
            if after is not None:
                self.table(i, after)
                return after
        bullet = BULLET.match(line)
        if bullet and not is_field(line):
            self.item(i, bullet.group(2))
        return i + 1

    def table(self, i: int, end: int) -> None:
        """A table whose header names a title column: one work per row."""
        table = parse_table(self.lines[i:end], i)
        if table is None:
            return
        place = self.place
        if place.section is None:
            if any(ID_IN_URL.search(" ".join(cells)) for _line, cells in table.rows):
                self.problem(i + 1, "warning",
                             "this table lists works but is not under a heading that names a "
                             "section of wmcurate.yaml; it was not imported (add the heading's "
                             "text to the section's aliases)")
            return
        works, untitled = read_table(table, self.path, self.language, place.section,
                                     place.sequence, self.config)
        self.occurrences += works
        for line in untitled:
            self.problem(line, "error", "cannot read this table row as a work (its title "
                         "cell is empty); nothing was written for it")

    def heading(self, i: int, level: int, title: str) -> None:
        place = self.place
        found = self.index.section(title)
        if found:
            place.section, place.section_level = found, level
            place.in_works = place.featured_heading = False
            place.loose = i not in self.with_works_heading
            place.sequence += 1
        elif place.section is not None and level > place.section_level:
            starts, featured = heading_starts_works(heading_text(title))
            if starts:
                place.in_works, place.featured_heading, place.works_level = True, featured, level
                place.sequence += 1
            elif place.in_works and level <= place.works_level:
                place.in_works = False
        else:
            place.section, place.in_works, place.featured_heading = None, False, False

    def featured(self) -> bool:
        """Whether a work shown in full here is featured: a README shows it under a
        "Representative works" heading, or directly under a section without works headings."""
        if self.page:
            return False
        place = self.place
        return place.featured_heading if place.in_works else place.loose

    def details(self, i: int) -> int:
        end = details_end(self.lines, i)
        if end is None:
            self.problem(i + 1, "error",
                         "<details> is never closed; nothing was read from here to the end "
                         "of the file")
            return len(self.lines)
        block = self.lines[i:end + 1]
        if _is_wrapper(block, self.config):
            return self.open_wrapper(i, end)
        section = self.place.section
        if section is None:
            if _looks_like_work_block(block):
                self.problem(i + 1, "error",
                             "this work is not under a heading that names a section of "
                             "wmcurate.yaml (add the heading's text to the section's aliases); "
                             "nothing was written for it")
            return end + 1
        try:
            occ = _read_details(block, i, self.path, self.language, section, self.featured(),
                                self.place.sequence, self.config)
        except BlockError as exc:
            self.unreadable(exc)
        else:
            self.occurrences.append(occ)
        return end + 1

    def open_wrapper(self, i: int, end: int) -> int:
        """Step inside a collapsed wrapper: drop its tags, read what it holds."""
        joined = "\n".join(self.lines[i:i + 3])
        match = SUMMARY.search(joined)
        if match is None:
            return i + 1  # a wrapper needs a summary (_is_wrapper checked); keeps mypy calm
        at = i + joined[:match.end()].count("\n")
        column = match.end() - (joined.rfind("\n", 0, match.end()) + 1)
        self.lines[at] = self.lines[at][column:]
        closing = list(DETAILS_CLOSE.finditer(self.lines[end]))[-1]
        self.lines[end] = self.lines[end][:closing.start()] + self.lines[end][closing.end():]
        self.wrappers.append(end)
        return at

    def item(self, i: int, item: str) -> None:
        place = self.place
        if place.section is None:
            if looks_like_plain_work(item, self.config):
                self.problem(i + 1, "warning",
                             "this item looks like a work but is not under a heading that names "
                             "a section of wmcurate.yaml; it was not imported (add the heading's "
                             "text to the section's aliases)")
            return
        # Inside a works heading or a collapsed catalog every item is a work; elsewhere
        # only an item that looks like one (prose has bullets too).
        if not (place.in_works or self.wrappers
                or looks_like_plain_work(item, self.config, place.loose)):
            return
        occ = read_plain(item, i, self.path, self.language, place.section, place.sequence,
                         self.config)
        if occ is None:
            self.problem(i + 1, "error",
                         "cannot read this list item as a work (expected '* Title, Venue'); "
                         "nothing was written for it")
        else:
            self.occurrences.append(occ)

    def unreadable(self, exc: BlockError) -> None:
        self.problem(exc.line, "error",
                     f"cannot read this work: {exc.message}; nothing was written for it")


def read_markdown(path: str, text: str, config: Config,
                  language: str | None = None) -> tuple[list[Occurrence], list[ImportProblem]]:
    """The works written in one file (`path` as it is shown in messages), and what could
    not be read, with its line."""
    reader = _FileReader(path, text, config, language)
    reader.read()
    pages, _index = maps_of(config)
    numbered = pages.numbered_page(path)
    if numbered is not None:
        for occ in reader.occurrences:
            occ.run_file, occ.page = numbered
    return reader.occurrences, reader.problems


def _looks_like_work_block(block: Sequence[str]) -> bool:
    return any(is_field(line) for line in block)


def _is_wrapper(block: Sequence[str], config: Config) -> bool:
    """A `<details>` that holds works (one-line items or blocks) but no field of its own."""
    summary = summary_of(block)
    if summary is None:
        return False
    if normalise_label(plain_title(summary[0])) in DETAILS_FIELD_BY_LABEL:
        return False
    holds = False
    j = summary[1] + 1
    body = block[:-1]
    while j < len(body):
        stripped = body[j].strip()
        if DETAILS_OPEN.match(stripped):
            end = details_end(body, j)
            if end is None:
                return False
            nested = summary_of(body[j:end + 1])
            if nested is None or normalise_label(plain_title(nested[0])) in DETAILS_FIELD_BY_LABEL:
                return False  # a work's own Abstract or Key points
            holds, j = True, end + 1
            continue
        if is_field(body[j]) or stripped.startswith(">"):
            return False
        bullet = BULLET.match(stripped)
        if bullet and looks_like_plain_work(bullet.group(2), config, loose=True):
            holds = True
        j += 1
    return holds


def _next_is_field(lines: Sequence[str], start: int) -> bool:
    for j in range(start, min(len(lines), start + 3)):
        if lines[j].strip():
            return is_field(lines[j])
    return False


def _field_run_end(lines: Sequence[str], start: int) -> int:
    """End (exclusive) of a bold-title work: its fields, quote and collapsed blocks."""
    j = start
    while j < len(lines):
        line = lines[j]
        stripped = line.strip()
        if HEADING.match(line) or BOLD_TITLE.match(stripped) and not is_field(line):
            break
        if DETAILS_OPEN.match(stripped):
            end = details_end(lines, j)
            nested = summary_of(lines[j:(end if end is not None else j) + 1])
            if nested is not None and normalise_label(plain_title(nested[0])) \
                    not in DETAILS_FIELD_BY_LABEL:
                break  # the next work, not this one's Abstract or Key points
            j = (end if end is not None else len(lines) - 1) + 1
            continue
        if stripped and not (is_field(line) or stripped.startswith(">")
                             or line.startswith((" ", "\t"))):
            break
        j += 1
    return j


def _read_details(block: Sequence[str], start: int, path: str, lang: str, section: str,
                  featured: bool, sequence: int, config: Config) -> Occurrence:
    summary = summary_of(block)
    if summary is None:
        raise BlockError(start + 1, "<details> has no <summary> with the work's title")
    raw_title, offset = summary
    title = plain_title(raw_title)
    if not title:
        raise BlockError(start + 1, "the <summary> title is empty")
    if normalise_label(title) in DETAILS_FIELD_BY_LABEL:
        # A stray Abstract/Key points block outside any work.
        raise BlockError(start + 1, f"a '{title}' block outside any work")
    occ = Occurrence(file=path, line=start + 1, language=lang, section=section,
                     featured=featured, full=True, sequence=sequence, title=title)
    anchor = DETAILS_ID.search(block[0])
    if anchor and KEY.match(html.unescape(anchor.group(1))):
        occ.key = html.unescape(anchor.group(1))
    body_start = offset + 1
    # The summary may share its line with <details>; what follows </summary> is body.
    read_body(block[body_start:-1], start + body_start, occ, config)
    return occ
