"""Import: hand-written markdown paper lists -> entries.

Reading is in three steps, each a plain function:

1. `read_markdown` turns one file into occurrences (a work as written at one
   place: a `<details>` block, a bold title with field bullets, or a plain
   bullet item) and problems (blocks it could not read, with their line);
2. `join` merges the occurrences of the same work (same arXiv ID, else same
   normalised title) across files and languages, reporting facts that disagree;
3. `plan_import` decides keys, sections, order and files, against the entries
   already in the list; `apply_import` writes them.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from wmcurate.config import Config
from wmcurate.entries import (
    dump_yaml,
    key_for_arxiv,
    load_entries,
    load_round_trip,
    new_entry_document,
    put_field,
    slugify,
    utc_now,
    write_atomic,
    yaml_value,
)
from wmcurate.errors import ImportFailure
from wmcurate.labels import (
    BULLET_FIELD_BY_LABEL,
    DETAILS_FIELD_BY_LABEL,
    QUOTE_FIELD_BY_LABEL,
    heading_starts_works,
    normalise_label,
)
from wmcurate.markdown import FENCE, HEADING, cjk_share, headings, is_cjk, one_line, unescape
from wmcurate.model import Entry, text_in

Severity = Literal["error", "warning", "info"]

_BULLET = re.compile(r"^([*+-]|\d{1,9}[.)])\s+(.*)$")
_ANY_BULLET = re.compile(r"^\s*(?:[*+-]|\d{1,9}[.)])\s+(.*)$")
_FIELD = re.compile(r"^\s*[*+-]\s+\*\*(.+?)\*\*\s*(.*)$")
_BOLD_TITLE = re.compile(r"^\*\*(.+)\*\*\s*$")
_SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary>", re.IGNORECASE | re.DOTALL)
_DETAILS_OPEN = re.compile(r"<details\b", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_MD_LINK = re.compile(r"\[\[?((?:\\.|[^\]\\])*)\]?\]"
                      r"\(\s*(<(?:\\.|[^>\\])*>|(?:\\.|[^()\s\\]|\([^()\s]*\))*)"
                      r"(?:\s+\"[^\"]*\")?\s*\)")
_BARE_URL = re.compile(r"<?(https?://[^\s<>|]+)>?")
_NEW_ID = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_OLD_ID = re.compile(r"^([a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?$")
_ID_IN_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/([a-z-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})", re.IGNORECASE)
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+\1")
_BOLD_LINK = re.compile(r"\*\*\[((?:\\.|[^\]\\])*)\]\(\s*(<(?:\\.|[^>\\])*>|[^()\s]*)\s*\)\*\*")
_YEAR_TAIL = re.compile(r"(?:^|\s|')((?:19|20)\d{2})(?:\s*\(.*\))?$")
_SENTENCE_END = tuple(".!?。！？…:：;；")
_HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
_DECORATION = re.compile(r"^(?:[^\w\s]+|\d{1,3}(?:\ufe0f?\u20e3|[.)](?=\s)))(?:\s*(?:[^\w\s]+|"
                         r"\d{1,3}(?:\ufe0f?\u20e3|[.)](?=\s))))*\s*")
_DETAILS_ID = re.compile(r"<details[^>]*\bid=\"([^\"]+)\"", re.IGNORECASE)
_NO_ID = ("n/a", "na", "none", "-", "—", "–", "无", "暂无", "tbd", "")


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
    key: str | None = None  # a rendered list's <details id="...">
    arxiv: str | None = None
    authors: list[str] | None = None
    venue: str | None = None
    model: str | None = None
    affiliations: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    listed_in: list[str] = field(default_factory=list)
    one_liner: str | None = None
    innovation: str | None = None
    abstract: str | None = None
    key_points: list[str] | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class _BlockError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# -- step 1: one file -> occurrences --------------------------------------------
def detect_language(path: str, text: str, config: Config) -> str:
    codes = config.language_codes
    for output in config.outputs:
        if Path(output.path).name == Path(path).name and Path(path).parent.name in ("", "."):
            return output.language
    stem = Path(path).stem.lower()
    for code in codes:
        if stem.endswith((f"_{code}", f"-{code}", f".{code}")) or stem == code:
            return code
    zh = next((c for c in codes if c.startswith("zh")), None)
    if zh and cjk_share(text) > 0.3:
        return zh
    return codes[0]


class _SectionIndex:
    def __init__(self, config: Config) -> None:
        self.sections: dict[str, str] = {}
        self.parts: set[str] = set()
        for section in config.sections:
            for name in (*section.title.values(), *section.aliases, section.id):
                self.sections.setdefault(_squash(name), section.id)
        for part in config.parts:
            for name in (*part.title.values(), *part.aliases):
                self.parts.add(_squash(name))

    def section(self, heading: str) -> str | None:
        return self.sections.get(_squash(_heading_text(heading)))

    def is_part(self, heading: str) -> bool:
        return _squash(_heading_text(heading)) in self.parts


def _squash(text: str) -> str:
    """Only letters and digits, lower-cased: 'Modality + Spatial' == 'modality+spatial'."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _heading_text(text: str) -> str:
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _TAG.sub("", text).replace("**", "").replace("__", "")
    text = unescape(text)
    # Leading emoji, keycaps and numbering ("1️⃣", "🔬", "3.") are decoration; a
    # title that starts with a number ("3D Vision") keeps it.
    return _DECORATION.sub("", text).strip()


def read_markdown(path: str, text: str, config: Config,
                  language: str | None = None) -> tuple[list[Occurrence], list[ImportProblem]]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    lang = language or detect_language(path, text, config)
    index = _SectionIndex(config)
    occurrences: list[Occurrence] = []
    problems: list[ImportProblem] = []
    section: str | None = None
    section_level = 0
    works_level = 0
    in_works = False
    featured = False
    sequence = 0
    fence: str | None = None
    sections_with_works = _sections_with_works_heading(lines, index)
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
                starts, is_featured = heading_starts_works(_heading_text(title))
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
        if _DETAILS_OPEN.match(stripped):
            end = _details_end(lines, i)
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
            except _BlockError as exc:
                problems.append(ImportProblem(path, exc.line, "error",
                                              f"cannot read this work: {exc.message}; nothing was "
                                              "written for it"))
            else:
                if occ is not None:
                    occurrences.append(occ)
            i = end + 1
            continue
        if section is not None and in_works:
            bold = _BOLD_TITLE.match(stripped)
            if bold and _next_is_field(lines, i + 1):
                end = _field_run_end(lines, i + 1)
                try:
                    occ = _read_fields_block(lines, i, end, path, lang, section, featured,
                                             sequence, config, unescape(bold.group(1)))
                except _BlockError as exc:
                    problems.append(ImportProblem(path, exc.line, "error",
                                                  f"cannot read this work: {exc.message}; "
                                                  "nothing was written for it"))
                else:
                    occurrences.append(occ)
                i = end
                continue
        bullet = _BULLET.match(line)
        if section is None and bullet and not _is_field(line) \
                and _looks_like_plain_work(bullet.group(2), config):
            problems.append(ImportProblem(
                path, i + 1, "warning",
                "this item looks like a work but is not under a heading that names a section "
                "of wmcurate.yaml; it was not imported (add the heading's text to the section's "
                "aliases)"))
        if section is not None and bullet and not _is_field(line):
            item = bullet.group(2)
            if in_works or (_looks_like_plain_work(item, config, loose)):
                occ = _read_plain(item, i, path, lang, section, sequence, config)
                if occ is None:
                    problems.append(ImportProblem(path, i + 1, "error",
                                                  "cannot read this list item as a work "
                                                  "(expected '* Title, Venue'); nothing was "
                                                  "written for it"))
                else:
                    occurrences.append(occ)
        i += 1
    return occurrences, problems


def _details_end(lines: Sequence[str], start: int) -> int | None:
    depth = 0
    for j in range(start, len(lines)):
        depth += len(_DETAILS_OPEN.findall(lines[j]))
        depth -= len(_DETAILS_CLOSE.findall(lines[j]))
        if depth <= 0:
            return j
    return None


def _is_field(line: str) -> bool:
    """`* **Label:** value` (or `* **Label**: value`), not a bold title in a list item."""
    match = _FIELD.match(line)
    return bool(match and _split_label(match.group(1), match.group(2))[0] is not None)


def _looks_like_work_block(block: Sequence[str]) -> bool:
    return any(_is_field(line) for line in block)


def _next_is_field(lines: Sequence[str], start: int) -> bool:
    for j in range(start, min(len(lines), start + 3)):
        if lines[j].strip():
            return _is_field(lines[j])
    return False


def _field_run_end(lines: Sequence[str], start: int) -> int:
    """End (exclusive) of a bold-title work: its fields, quote and collapsed blocks."""
    j = start
    while j < len(lines):
        line = lines[j]
        stripped = line.strip()
        if HEADING.match(line) or _BOLD_TITLE.match(stripped) and not _is_field(line):
            break
        if _DETAILS_OPEN.match(stripped):
            end = _details_end(lines, j)
            j = (end if end is not None else len(lines) - 1) + 1
            continue
        if stripped and not (_is_field(line) or stripped.startswith(">")
                             or line.startswith((" ", "\t"))):
            break
        j += 1
    return j


def _summary_of(block: Sequence[str]) -> tuple[str, int] | None:
    joined = "\n".join(block[:3])
    match = _SUMMARY.search(joined)
    if not match:
        return None
    line = joined[:match.start()].count("\n")
    return match.group(1), line


def _plain_title(raw: str) -> str:
    # A <summary> is raw HTML: only entities mean something there, not backslashes.
    text = _TAG.sub("", raw).strip()
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        text = text[2:-2]
    return one_line(html.unescape(text))


def _read_details(block: Sequence[str], start: int, path: str, lang: str, section: str,
                  featured: bool, sequence: int, config: Config) -> Occurrence | None:
    summary = _summary_of(block)
    if summary is None:
        raise _BlockError(start + 1, "<details> has no <summary> with the work's title")
    raw_title, offset = summary
    title = _plain_title(raw_title)
    if not title:
        raise _BlockError(start + 1, "the <summary> title is empty")
    if normalise_label(title) in DETAILS_FIELD_BY_LABEL:
        # A stray Abstract/Key points block outside any work.
        raise _BlockError(start + 1, f"a '{title}' block outside any work")
    occ = Occurrence(file=path, line=start + 1, language=lang, section=section,
                     featured=featured, full=True, sequence=sequence, title=title)
    anchor = _DETAILS_ID.search(block[0])
    if anchor and _KEY.match(html.unescape(anchor.group(1))):
        occ.key = html.unescape(anchor.group(1))
    body_start = offset + 1
    # The summary may share its line with <details>; what follows </summary> is body.
    _read_body(block[body_start:-1], start + body_start, occ, config)
    return occ


def _read_fields_block(lines: Sequence[str], start: int, end: int, path: str, lang: str,
                       section: str, featured: bool, sequence: int, config: Config,
                       title: str) -> Occurrence:
    occ = Occurrence(file=path, line=start + 1, language=lang, section=section,
                     featured=featured, full=True, sequence=sequence, title=title)
    _read_body(lines[start + 1:end], start + 1, occ, config)
    return occ


def _read_body(body: Sequence[str], first: int, occ: Occurrence, config: Config) -> None:
    j = 0
    last_field: str | None = None
    while j < len(body):
        line = body[j]
        stripped = line.strip()
        lineno = first + j + 1
        if not stripped or stripped in ("---", "***", "___") or _HTML_COMMENT.match(stripped):
            last_field = None if not stripped else last_field
            j += 1
            continue
        if _DETAILS_OPEN.match(stripped):
            end = _details_end(body, j)
            if end is None:
                raise _BlockError(lineno, "a nested <details> is never closed")
            _read_nested(body[j:end + 1], lineno, occ)
            j = end + 1
            last_field = None
            continue
        if stripped.startswith(">"):
            k = j
            quote: list[str] = []
            while k < len(body) and body[k].strip().startswith(">"):
                quote.append(re.sub(r"^\s*>\s?", "", body[k]))
                k += 1
            _read_quote(quote, lineno, occ)
            j = k
            last_field = None
            continue
        match = _FIELD.match(line)
        if match:
            label, value = _split_label(match.group(1), match.group(2))
            if label is None:
                raise _BlockError(lineno, f"'{stripped}' is neither a field nor part of one")
            name = BULLET_FIELD_BY_LABEL.get(normalise_label(label))
            if name is None:
                raise _BlockError(lineno, f"unknown field label '**{label}**'")
            _set_field(occ, name, value, lineno, config)
            last_field = name
            j += 1
            continue
        if last_field is not None and line[:1] in (" ", "\t"):
            # A hand-wrapped continuation of the field above.
            _extend_field(occ, last_field, stripped, lineno, config)
            j += 1
            continue
        raise _BlockError(lineno, f"unexpected line '{_short(stripped)}'")


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _split_label(bold: str, rest: str) -> tuple[str | None, str]:
    bold = bold.strip()
    if bold.endswith((":", "：")):
        return bold[:-1].strip(), rest.strip()
    if rest.startswith((":", "：")):
        return bold, rest[1:].strip()
    return None, rest


def _set_field(occ: Occurrence, name: str, value: str, lineno: int, config: Config) -> None:
    if name == "links":
        occ.links.update(_parse_links(value, config))
        return
    if name == "listed_in":
        occ.listed_in = _parse_listed_in(value, config)
        return
    text = unescape(value)
    if name == "authors":
        occ.authors = [a for a in (one_line(p) for p in re.split(r"[,，、;；]", text)) if a]
    elif name == "arxiv":
        occ.arxiv = None if text.strip().casefold() in _NO_ID else _arxiv_id(text, lineno)
    elif name in ("venue", "model", "affiliations", "one_liner"):
        setattr(occ, name, text or None)


def _extend_field(occ: Occurrence, name: str, more: str, lineno: int, config: Config) -> None:
    if name == "links":
        occ.links.update(_parse_links(more, config))
    elif name == "authors":
        occ.authors = (occ.authors or []) + [
            a for a in (one_line(p) for p in re.split(r"[,，、;；]", unescape(more))) if a]
    elif name in ("venue", "model", "affiliations", "one_liner"):
        current = getattr(occ, name) or ""
        setattr(occ, name, _join_text(current, unescape(more)))
    else:
        raise _BlockError(lineno, f"unexpected continuation line '{_short(more)}'")


def _arxiv_id(text: str, lineno: int) -> str:
    value = text.strip()
    url = _ID_IN_URL.search(value)
    if url:
        value = url.group(1) + (re.search(r"(v\d+)", value[url.end():][:3]) or [""])[0]
    value = re.sub(r"^arxiv:\s*", "", value, flags=re.IGNORECASE)
    if _NEW_ID.match(value) or _OLD_ID.match(value):
        return value
    raise _BlockError(lineno, f"'{text}' is not an arXiv ID (expected e.g. 2303.11328)")


def arxiv_base(value: str) -> str:
    return re.sub(r"v\d+$", "", value)


def _parse_links(value: str, config: Config) -> dict[str, str]:
    links: dict[str, str] = {}
    rest = value
    for match in _MD_LINK.finditer(value):
        label = unescape(match.group(1)).strip("[] ")
        links.setdefault(link_key(label, config), _destination(match.group(2)))
    rest = _MD_LINK.sub(" ", value)
    for match in _BARE_URL.finditer(rest):
        links.setdefault(_guess_label(match.group(1)), match.group(1))
    return links


def _destination(raw: str) -> str:
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", raw).strip()


def _guess_label(url: str) -> str:
    if re.search(r"arxiv\.org/pdf/", url):
        return "pdf"
    if re.search(r"arxiv\.org/abs/", url):
        return "paper"
    if re.search(r"(github\.com|gitlab\.com|huggingface\.co)/", url):
        return "code"
    return "project"


def link_key(label: str, config: Config) -> str:
    """The vocabulary key of a link label as written (`Project Page` -> `project`)."""
    wanted = normalise_label(label)
    for link in config.links:
        names = (link.key, *link.label.values(), *link.aliases)
        if any(normalise_label(n) == wanted for n in names):
            return link.key
    return slugify(label) if label.strip() else "link"


def _parse_listed_in(value: str, config: Config) -> list[str]:
    found: list[str] = []
    pages = {}
    for section in config.sections:
        for lang in config.language_codes:
            pages[config.page_path(section.id, lang)] = section.id
    index = _SectionIndex(config)
    for match in _MD_LINK.finditer(value):
        target = _destination(match.group(2)).split("#")[0]
        section_id = next((sid for page, sid in pages.items()
                           if target.endswith(page) or target.endswith(page.split("/", 1)[-1])),
                          None) or index.section(unescape(match.group(1)))
        if section_id and section_id not in found:
            found.append(section_id)
    if not found:
        for name in re.split(r"[,，、;；]", unescape(value)):
            section_id = index.section(name)
            if section_id and section_id not in found:
                found.append(section_id)
    return found


def _read_quote(quote: Sequence[str], lineno: int, occ: Occurrence) -> None:
    first = quote[0].strip()
    match = re.match(r"^\*\*(.+?)\*\*\s*[:：]?\s*(.*)$", first)
    if not match:
        raise _BlockError(lineno, "a quote without a '**Core Innovation**' label")
    label = match.group(1).strip().rstrip(":：")
    name = QUOTE_FIELD_BY_LABEL.get(normalise_label(label))
    if name is None:
        raise _BlockError(lineno, f"unknown quote label '**{label}**'")
    lines = [match.group(2), *quote[1:]]
    occ.innovation = _paragraph_text(lines) or None


def _read_nested(block: Sequence[str], lineno: int, occ: Occurrence) -> None:
    summary = _summary_of(block)
    if summary is None:
        raise _BlockError(lineno, "a nested <details> has no <summary>")
    label = _plain_title(summary[0])
    name = DETAILS_FIELD_BY_LABEL.get(normalise_label(label))
    if name is None:
        raise _BlockError(lineno, f"unknown collapsed block '{label}'")
    joined = "\n".join(block)
    after = joined[_SUMMARY.search(joined).end():]  # type: ignore[union-attr]  # found above
    content = _DETAILS_CLOSE.split(after)[0].split("\n")
    if name == "abstract":
        occ.abstract = _paragraph_text(content) or None
    else:
        occ.key_points = _points(content) or None


def _join_text(left: str, right: str) -> str:
    if not left:
        return right
    if not right:
        return left
    # Chinese lines wrap without a space between them.
    if is_cjk(left[-1]) and is_cjk(right[0]):
        return left + right
    return f"{left} {right}"


def _paragraph_text(lines: Sequence[str]) -> str:
    """Paragraphs from a block's lines (blank lines separate paragraphs).

    Hand-written blocks often put each paragraph on its own line with no blank
    line between: there, a line that ends a sentence also ends its paragraph.
    """
    rows = [line.strip() for line in lines]
    has_blank = any(not r for r in rows[1:-1]) if len(rows) > 2 else False
    paras: list[str] = []
    current = ""
    for row in rows:
        if not row:
            if current:
                paras.append(current)
            current = ""
            continue
        text = unescape(row)
        current = _join_text(current, text)
        if not has_blank and current.endswith(_SENTENCE_END):
            paras.append(current)
            current = ""
    if current:
        paras.append(current)
    return "\n\n".join(p for p in paras if p)


def _points(lines: Sequence[str]) -> list[str]:
    points: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        bullet = _ANY_BULLET.match(line)
        if bullet:
            points.append(unescape(bullet.group(1)))
        elif points and line[:1] in (" ", "\t") and len(line) - len(line.lstrip()) > 4:
            points[-1] = _join_text(points[-1], unescape(line.strip()))
        else:
            points.append(unescape(line.strip()))
    return [p for p in points if p]


def _venue_like(text: str, config: Config) -> bool:
    text = text.strip()
    if not text or len(text) > 60:
        return False
    names = [v.name for v in config.venues] + [a for v in config.venues for a in v.aliases]
    low = text.casefold()
    if any(low.startswith(n.casefold()) for n in names if n):
        return True
    return bool(_YEAR_TAIL.search(text)) and len(text.split()) <= 8


def _sections_with_works_heading(lines: Sequence[str], index: _SectionIndex) -> set[int]:
    """Line numbers of the section headings followed by a works sub-heading of their own."""
    found = set()
    all_headings = headings(lines)
    for n, (i, level, title) in enumerate(all_headings):
        if index.section(title) is None:
            continue
        for _, sub_level, sub_title in all_headings[n + 1:]:
            if sub_level <= level:
                break
            if heading_starts_works(_heading_text(sub_title))[0]:
                found.add(i)
                break
    return found


def _looks_like_plain_work(item: str, config: Config, loose: bool = False) -> bool:
    """Whether a list item outside a works heading is a work. In a section whose list has
    no works heading (`loose`), an item linking to a web page is one too."""
    item = _CODE_SPAN.sub("", item)  # an example in backticks is not a reference
    if _ID_IN_URL.search(item):
        return True
    if item.lstrip().startswith(("[", "**[")):
        lead = _MD_LINK.match(item.lstrip()) or _BOLD_LINK.match(item.lstrip())
        return bool(loose and lead and re.match(r"^<?https?://", lead.group(2)))
    title, venue = _split_title_venue(unescape(item), config)
    return venue is not None and len(title) > 3


def _split_title_venue(text: str, config: Config) -> tuple[str, str | None]:
    for sep in (", ", "，", " - ", " — "):
        if sep in text:
            head, tail = text.rsplit(sep, 1)
            if _venue_like(tail, config):
                return head.strip(), tail.strip()
    return text.strip(), None


def _read_plain(item: str, index: int, path: str, lang: str, section: str, sequence: int,
                config: Config) -> Occurrence | None:
    """A work written as one list item: `Title, Venue`, `[Title](url) - Venue [[Code]](url)`,
    or `[Title](url) - what it does`."""
    item = item.strip()
    links: dict[str, str] = {}
    arxiv: str | None = None
    one_liner: str | None = None
    lead = _MD_LINK.match(item) or _BOLD_LINK.match(item)
    if lead:
        title = unescape(lead.group(1))
        target = _destination(lead.group(2))
        rest = item[lead.end():]
        # A link to a page of the list itself (a rendered catalog) is not the work's.
        if re.match(r"^https?://", target):
            found = _ID_IN_URL.search(target)
            links[_guess_label(target)] = target
            arxiv = found.group(1) if found else None
    else:
        first = _MD_LINK.search(item)
        head, rest = (item[:first.start()], item[first.start():]) if first else (item, "")
        title, venue_guess = _split_title_venue(unescape(head), config)
    for match in _MD_LINK.finditer(rest):
        target = _destination(match.group(2))
        if not re.match(r"^https?://", target):
            continue
        found = _ID_IN_URL.search(target)
        if found and arxiv is None:
            arxiv = found.group(1)
        links.setdefault(link_key(unescape(match.group(1)).strip("[] "), config), target)
    tail = unescape(_MD_LINK.sub(" ", rest)).strip()
    if lead:
        # The rendered catalog writes ", <venue>"; hand-written lists use " - <venue>" or a
        # short description.
        catalog = tail.startswith((",", "，"))
        tail = tail.lstrip(",，-—–·|:").strip()
        venue: str | None = None
        if tail and (catalog or _venue_like(tail, config)):
            venue = tail
        elif len(tail.split()) >= 3:
            one_liner = tail
    else:
        venue = venue_guess
        if not arxiv:
            found = _ID_IN_URL.search(item)
            arxiv = found.group(1) if found else None
    title = title.strip().strip("*").strip()
    if not title:
        return None
    return Occurrence(file=path, line=index + 1, language=lang, section=section, featured=False,
                      full=False, sequence=sequence, title=title, arxiv=arxiv, venue=venue,
                      links=links, one_liner=one_liner)


# -- step 2: join occurrences into works -------------------------------------------
@dataclass
class Work:
    title: dict[str, str] = field(default_factory=dict)
    arxiv: str | None = None
    authors: list[str] | None = None
    venue: str | None = None
    model: str | None = None
    affiliations: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    key_points: dict[str, list[str]] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)
    full_sections: list[str] = field(default_factory=list)
    listed_in: list[str] = field(default_factory=list)
    featured: bool = False
    key: str | None = None
    occurrences: list[Occurrence] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def first(self) -> Occurrence:
        return self.occurrences[0]

    def home(self) -> str:
        if self.listed_in:
            return self.listed_in[0]
        return (self.full_sections or self.sections)[0]

    def also(self) -> list[str]:
        home = self.home()
        ordered = [*self.listed_in, *self.sections]
        return [s for s in dict.fromkeys(ordered) if s != home]

    def display_title(self) -> str:
        return next(iter(self.title.values()))


def normalise_title(title: str) -> str:
    return _squash(title)


def join(occurrences: Sequence[Occurrence]) -> tuple[list[Work], list[ImportProblem]]:
    works: list[Work] = []
    problems: list[ImportProblem] = []
    by_arxiv: dict[str, Work] = {}
    by_title: dict[str, Work] = {}
    for occ in occurrences:
        base = arxiv_base(occ.arxiv) if occ.arxiv else None
        work = by_arxiv.get(base) if base else None
        if work is None:
            candidate = by_title.get(normalise_title(occ.title))
            if candidate is not None and base and candidate.arxiv \
                    and arxiv_base(candidate.arxiv) != base:
                problems.append(ImportProblem(
                    occ.file, occ.line, "warning",
                    f"'{occ.title}' has the same title as {candidate.first.where} but another "
                    f"arXiv ID ({occ.arxiv} vs {candidate.arxiv}); imported as two works"))
            else:
                work = candidate
        if work is None:
            work = Work()
            works.append(work)
        _merge(work, occ, problems)
        if work.arxiv:
            by_arxiv.setdefault(arxiv_base(work.arxiv), work)
        by_title.setdefault(normalise_title(occ.title), work)
    return works, problems


_FACTS = ("arxiv", "authors", "venue", "model", "affiliations")
_FACT_NAMES = {"arxiv": "arXiv ID differs", "authors": "authors differ",
               "venue": "venue differs", "model": "model differs",
               "affiliations": "affiliations differ"}


def _merge(work: Work, occ: Occurrence, problems: list[ImportProblem]) -> None:
    work.occurrences.append(occ)
    if work.key is None and occ.key is not None:
        work.key = occ.key
    work.title.setdefault(occ.language, occ.title)
    for name in _FACTS:
        value = getattr(occ, name)
        if value in (None, []):
            continue
        current = getattr(work, name)
        if current in (None, []):
            setattr(work, name, value)
            work.provenance[name] = occ.where
        elif _fact_key(current) != _fact_key(value):
            problems.append(ImportProblem(
                occ.file, occ.line, "warning",
                f"'{occ.title}': {_FACT_NAMES[name]} from {work.provenance[name]}: "
                f"{_show(value)} here, {_show(current)} there; kept the first"))
    for label, url in occ.links.items():
        current_url = work.links.get(label)
        if current_url is None:
            work.links[label] = url
            work.provenance[f"links.{label}"] = occ.where
        elif current_url != url:
            problems.append(ImportProblem(
                occ.file, occ.line, "warning",
                f"'{occ.title}': link '{label}' differs from {work.provenance[f'links.{label}']}: "
                f"{url} here, {current_url} there; kept the first"))
    for name in ("one_liner", "innovation", "abstract"):
        value = getattr(occ, name)
        if value:
            texts = work.texts.setdefault(name, {})
            if occ.language not in texts:
                texts[occ.language] = value
                work.provenance[f"{name}.{occ.language}"] = occ.where
            elif texts[occ.language] != value:
                problems.append(ImportProblem(
                    occ.file, occ.line, "warning",
                    f"'{occ.title}': {name} ({occ.language}) differs from "
                    f"{work.provenance[f'{name}.{occ.language}']}; kept the first"))
    if occ.key_points:
        work.key_points.setdefault(occ.language, occ.key_points)
    if occ.section not in work.sections:
        work.sections.append(occ.section)
    if occ.full and occ.section not in work.full_sections:
        work.full_sections.append(occ.section)
    for section in occ.listed_in:
        if section not in work.listed_in:
            work.listed_in.append(section)
    work.featured = work.featured or (occ.full and occ.featured)


def _fact_key(value: Any) -> Any:
    if isinstance(value, list):
        return [one_line(v).casefold() for v in value]
    if isinstance(value, str):
        return one_line(value).casefold()
    return value


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return repr(value)


def list_order(works: Sequence[Work]) -> list[Work]:
    """One order of all works that keeps every run of works in the order it was written.

    Each section of each file lists works in the list's order; merging those
    runs (a topological sort, ties broken by first appearance) recovers the
    order across sections, so a rendered list imports back in the same order.
    """
    index = {id(w): i for i, w in enumerate(works)}
    runs: dict[tuple[str, int], list[int]] = {}
    for work in works:
        for occ in work.occurrences:
            runs.setdefault((occ.file, occ.sequence), []).append(index[id(work)])
    # Occurrences were appended per work; sort each run back into line order.
    line_of: dict[tuple[str, int, int], int] = {}
    for work in works:
        for occ in work.occurrences:
            key = (occ.file, occ.sequence, index[id(work)])
            line_of.setdefault(key, occ.line)
    after: dict[int, set[int]] = {i: set() for i in range(len(works))}
    indegree = [0] * len(works)
    for (file, seq), members in runs.items():
        ordered = sorted(dict.fromkeys(members), key=lambda m: line_of[(file, seq, m)])
        for a, b in zip(ordered, ordered[1:], strict=False):
            if b not in after[a]:
                after[a].add(b)
                indegree[b] += 1
    heap = [i for i in range(len(works)) if indegree[i] == 0]
    heapq.heapify(heap)
    done: list[int] = []
    placed: set[int] = set()
    while len(done) < len(works):
        if not heap:
            # Runs that disagree form a cycle: take the earliest remaining work.
            nxt = min(i for i in range(len(works)) if i not in placed)
        else:
            nxt = heapq.heappop(heap)
            if nxt in placed:
                continue
        placed.add(nxt)
        done.append(nxt)
        for b in after[nxt]:
            indegree[b] -= 1
            if indegree[b] == 0 and b not in placed:
                heapq.heappush(heap, b)
    return [works[i] for i in done]


# -- step 3: plan and write ----------------------------------------------------------
@dataclass
class PlannedEntry:
    work: Work
    key: str
    section: str
    path: Path
    document: Any  # CommentedMap
    action: Literal["create", "update", "skip"]
    reason: str = ""


@dataclass
class ImportPlan:
    entries: list[PlannedEntry]
    problems: list[ImportProblem]
    files: list[str]

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == "error"]


def _final_text(texts: dict[str, str], languages: Sequence[str]) -> Any:
    values = {lang: texts[lang] for lang in languages if lang in texts}
    values.update({lang: t for lang, t in texts.items() if lang not in values})
    if len(values) == len(languages) and len(set(values.values())) == 1:
        return next(iter(values.values()))
    return values


def work_values(work: Work, languages: Sequence[str], added: dt.datetime | None,
                home: str) -> dict[str, Any]:
    titles = set(work.title.values())
    values: dict[str, Any] = {
        "arxiv": work.arxiv,
        "title": next(iter(titles)) if len(titles) == 1 else _final_text(work.title, languages),
        "authors": work.authors,
        "venue": work.venue,
        "model": work.model,
        "affiliations": work.affiliations,
        "links": dict(work.links) or None,
    }
    for name in ("one_liner", "innovation", "abstract"):
        if work.texts.get(name):
            values[name] = _final_text(work.texts[name], languages)
    if work.key_points:
        lists = {lang: work.key_points[lang] for lang in languages if lang in work.key_points}
        unique = {tuple(v) for v in lists.values()}
        values["key_points"] = (list(next(iter(unique)))
                                if len(lists) == len(languages) and len(unique) == 1 else lists)
    if work.featured:
        values["featured"] = True
    also = [s for s in work.also() if s != home]
    if also:
        values["also"] = also
    values["added"] = added
    return values


def plan_import(config: Config, files: Sequence[Path], merge: bool = False,
                now: dt.datetime | None = None) -> ImportPlan:
    occurrences: list[Occurrence] = []
    problems: list[ImportProblem] = []
    shown: list[str] = []
    for path in files:
        shown_name = _display(path, config.root)
        shown.append(shown_name)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise ImportFailure(f"{shown_name}: no such file") from None
        except IsADirectoryError:
            raise ImportFailure(f"{shown_name}: is a folder; give markdown files") from None
        except UnicodeDecodeError as exc:
            raise ImportFailure(f"{shown_name}: not UTF-8 text (byte {exc.start}); "
                                "convert it to UTF-8 first") from None
        except OSError as exc:
            raise ImportFailure(f"{shown_name}: cannot be read ({exc.strerror})") from None
        found, file_problems = read_markdown(shown_name, text, config)
        occurrences += found
        problems += file_problems
    works, join_problems = join(occurrences)
    problems += join_problems
    ordered = list_order(works)

    existing = load_entries(config)
    by_arxiv = {arxiv_base(e.arxiv): e for e in existing.entries if e.arxiv}
    by_title = {normalise_title(str(text_in(e.title, "en") or "")): e for e in existing.entries}
    taken = {e.key for e in existing.entries}
    broken = {p.path.stem: p for p in existing.problems}
    start = (now or utc_now()).replace(microsecond=0)
    languages = config.language_codes
    planned: list[PlannedEntry] = []
    for position, work in enumerate(ordered):
        match = (by_arxiv.get(arxiv_base(work.arxiv)) if work.arxiv else None) \
            or by_title.get(normalise_title(work.display_title()))
        if match is not None:
            planned.append(_plan_existing(work, match, merge, languages, config))
            continue
        if work.arxiv:
            key = key_for_arxiv(arxiv_base(work.arxiv))
        else:
            key = work.key or slugify(work.display_title())
        if key in broken:
            problem = broken[key]
            problems.append(ImportProblem(
                work.first.file, work.first.line, "error",
                f"'{work.display_title()}' belongs in {problem.location(config.root)}, which "
                f"is broken ({problem.message}); fix that file first. Nothing was written for "
                "this work"))
            continue
        base_key, n = key, 2
        while key in taken:
            key, n = f"{base_key}-{n}", n + 1
        taken.add(key)
        home = work.home()
        values = work_values(work, languages, start + dt.timedelta(seconds=position), home)
        document = new_entry_document(values)
        planned.append(PlannedEntry(work, key, home, config.entries_dir / home / f"{key}.yaml",
                                    document, "create"))
    return ImportPlan(planned, problems, shown)


def _plan_existing(work: Work, entry: Entry, merge: bool, languages: Sequence[str],
                   config: Config) -> PlannedEntry:
    if not merge:
        return PlannedEntry(work, entry.key, entry.section, entry.path, None, "skip",
                            f"already in the list as {_display(entry.path, config.root)} "
                            "(use --merge to update it)")
    document = load_round_trip(entry.path)
    values = work_values(work, languages, None, entry.section)
    # Every section the work was found under, besides the entry's own folder.
    found = [*work.listed_in, *work.sections]
    also = [s for s in dict.fromkeys([*entry.also, *found]) if s != entry.section]
    values["also"] = also or None
    for name, value in values.items():
        if name == "added" or value is None:
            continue
        if name in ("one_liner", "innovation", "abstract") and isinstance(value, dict) \
                and isinstance(document.get(name), dict):
            merged = dict(document[name])
            merged.update(value)
            value = merged
        put_field(document, name, yaml_value(name, value))
    return PlannedEntry(work, entry.key, entry.section, entry.path, document, "update")


def apply_import(plan: ImportPlan) -> list[Path]:
    written = []
    for item in plan.entries:
        if item.action in ("create", "update") and item.document is not None:
            write_atomic(item.path, dump_yaml(item.document))
            written.append(item.path)
    return written


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


__all__ = ["ImportPlan", "ImportProblem", "Occurrence", "Work", "apply_import", "join",
           "list_order", "plan_import", "read_markdown"]
