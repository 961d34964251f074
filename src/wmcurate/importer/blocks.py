"""Reading one markdown file: its headings and blocks -> occurrences and problems."""

from __future__ import annotations

import html
from collections.abc import Sequence

from wmcurate.config import Config
from wmcurate.importer.fields import is_field, plain_title, read_body, summary_of
from wmcurate.importer.items import looks_like_plain_work, read_plain
from wmcurate.importer.occurrence import BlockError, ImportProblem, Occurrence
from wmcurate.importer.sections import SectionIndex, detect_language, sections_with_works_heading
from wmcurate.importer.syntax import (
    BOLD_TITLE,
    BULLET,
    DETAILS_ID,
    DETAILS_OPEN,
    KEY,
    details_end,
    heading_text,
)
from wmcurate.labels import DETAILS_FIELD_BY_LABEL, heading_starts_works, normalise_label
from wmcurate.markdown import FENCE, HEADING, unescape


def read_markdown(path: str, text: str, config: Config,
                  language: str | None = None) -> tuple[list[Occurrence], list[ImportProblem]]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    lang = language or detect_language(path, text, config)
    index = SectionIndex(config)
    occurrences: list[Occurrence] = []
    problems: list[ImportProblem] = []
    section: str | None = None
    section_level = 0
    works_level = 0
    in_works = False
    featured = False
    sequence = 0
    fence: str | None = None
    sections_with_works = sections_with_works_heading(lines, index)
    loose = False
    i = 0
    while i < len(lines):
        line = lines[i]
        fence_match = FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)[0]
            fence = marker if fence is None else (None if fence == marker else fence)
            i += 1
            continue
        if fence is not None:
            i += 1
            continue
        heading = HEADING.match(line)
        if heading:
            level, title = len(heading.group(1)), heading.group(2)
            found = index.section(title)
            if found:
                section, section_level = found, level
                # Without a "Representative works" sub-heading, the section's list is its works.
                in_works, featured = False, False
                loose = i not in sections_with_works
                sequence += 1
            elif section is not None and level > section_level:
                starts, is_featured = heading_starts_works(heading_text(title))
                if starts:
                    in_works, featured, works_level = True, is_featured, level
                    sequence += 1
                elif in_works and level <= works_level:
                    in_works = False
            else:
                section, in_works, featured = None, False, False
            i += 1
            continue
        stripped = line.strip()
        if DETAILS_OPEN.match(stripped):
            end = details_end(lines, i)
            if end is None:
                problems.append(ImportProblem(path, i + 1, "error",
                                              "<details> is never closed; nothing was read from "
                                              "here to the end of the file"))
                break
            block = lines[i:end + 1]
            if section is None:
                if _looks_like_work_block(block):
                    problems.append(ImportProblem(
                        path, i + 1, "error",
                        "this work is not under a heading that names a section of wmcurate.yaml "
                        "(add the heading's text to the section's aliases); nothing was written "
                        "for it"))
                i = end + 1
                continue
            try:
                occ = _read_details(block, i, path, lang, section, featured and in_works,
                                    sequence, config)
            except BlockError as exc:
                problems.append(ImportProblem(path, exc.line, "error",
                                              f"cannot read this work: {exc.message}; nothing was "
                                              "written for it"))
            else:
                if occ is not None:
                    occurrences.append(occ)
            i = end + 1
            continue
        if section is not None and in_works:
            bold = BOLD_TITLE.match(stripped)
            if bold and _next_is_field(lines, i + 1):
                end = _field_run_end(lines, i + 1)
                try:
                    occ = _read_fields_block(lines, i, end, path, lang, section, featured,
                                             sequence, config, unescape(bold.group(1)))
                except BlockError as exc:
                    problems.append(ImportProblem(path, exc.line, "error",
                                                  f"cannot read this work: {exc.message}; "
                                                  "nothing was written for it"))
                else:
                    occurrences.append(occ)
                i = end
                continue
        bullet = BULLET.match(line)
        if section is None and bullet and not is_field(line) \
                and looks_like_plain_work(bullet.group(2), config):
            problems.append(ImportProblem(
                path, i + 1, "warning",
                "this item looks like a work but is not under a heading that names a section "
                "of wmcurate.yaml; it was not imported (add the heading's text to the section's "
                "aliases)"))
        if section is not None and bullet and not is_field(line):
            item = bullet.group(2)
            if in_works or (looks_like_plain_work(item, config, loose)):
                occ = read_plain(item, i, path, lang, section, sequence, config)
                if occ is None:
                    problems.append(ImportProblem(path, i + 1, "error",
                                                  "cannot read this list item as a work "
                                                  "(expected '* Title, Venue'); nothing was "
                                                  "written for it"))
                else:
                    occurrences.append(occ)
        i += 1
    return occurrences, problems


def _looks_like_work_block(block: Sequence[str]) -> bool:
    return any(is_field(line) for line in block)


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
            j = (end if end is not None else len(lines) - 1) + 1
            continue
        if stripped and not (is_field(line) or stripped.startswith(">")
                             or line.startswith((" ", "\t"))):
            break
        j += 1
    return j


def _read_details(block: Sequence[str], start: int, path: str, lang: str, section: str,
                  featured: bool, sequence: int, config: Config) -> Occurrence | None:
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


def _read_fields_block(lines: Sequence[str], start: int, end: int, path: str, lang: str,
                       section: str, featured: bool, sequence: int, config: Config,
                       title: str) -> Occurrence:
    occ = Occurrence(file=path, line=start + 1, language=lang, section=section,
                     featured=featured, full=True, sequence=sequence, title=title)
    read_body(lines[start + 1:end], start + 1, occ, config)
    return occ
