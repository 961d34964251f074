"""Where a work belongs: a file's language, section headings, "Listed in" links."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from wmcurate.config import Config
from wmcurate.importer.syntax import MD_LINK, destination, heading_text, squash
from wmcurate.labels import heading_starts_works
from wmcurate.markdown import cjk_share, headings, unescape


def detect_language(path: str, text: str, config: Config) -> str:
    codes = config.language_codes
    for output in config.outputs:
        if Path(output.path).name == Path(path).name and Path(path).parent.name in ("", "."):
            return output.language
    # Page 2, 3, ... of a split section page is in its first page's language.
    stem = re.sub(r"\.[1-9][0-9]*$", "", Path(path).stem.lower())
    for code in codes:
        if stem.endswith((f"_{code}", f"-{code}", f".{code}")) or stem == code:
            return code
    zh = next((c for c in codes if c.startswith("zh")), None)
    if zh and cjk_share(text) > 0.3:
        return zh
    return codes[0]


class SectionIndex:
    def __init__(self, config: Config) -> None:
        self.sections: dict[str, str] = {}
        self.parts: set[str] = set()
        for section in config.sections:
            for name in (*section.title.values(), *section.aliases, section.id):
                self.sections.setdefault(squash(name), section.id)
        for part in config.parts:
            for name in (*part.title.values(), *part.aliases):
                self.parts.add(squash(name))

    def section(self, heading: str) -> str | None:
        return self.sections.get(squash(heading_text(heading)))

    def is_part(self, heading: str) -> bool:
        return squash(heading_text(heading)) in self.parts


def sections_with_works_heading(lines: Sequence[str], index: SectionIndex) -> set[int]:
    """Line numbers of the section headings followed by a works sub-heading of their own."""
    found = set()
    all_headings = headings(lines)
    for n, (i, level, title) in enumerate(all_headings):
        if index.section(title) is None:
            continue
        for _, sub_level, sub_title in all_headings[n + 1:]:
            if sub_level <= level:
                break
            if heading_starts_works(heading_text(sub_title))[0]:
                found.add(i)
                break
    return found


class PageMap:
    """The list's section pages, found again from a link to one or from a file's own path.

    Paths are compared by whole segments, so `papers/modality-spatial/README.md` is
    never the page of a section `spatial`.
    """

    def __init__(self, config: Config) -> None:
        self.by_path: dict[str, str] = {}
        #: (segments of a page path, how many trailing segments name its section, section)
        self.pages: list[tuple[tuple[str, ...], int, str]] = []
        for lang in config.language_codes:
            template = _segments(config.pages[lang])
            own = next(i for i, seg in enumerate(template) if "{section}" in seg)
            for section in config.sections:
                path = _segments(config.page_path(section.id, lang))
                self.by_path["/".join(path)] = section.id
                self.pages.append((path, len(path) - own, section.id))

    def section_of(self, target: str, from_file: str | None = None) -> str | None:
        """The section whose page `target` (a link written in `from_file`) points at; a
        numbered page (`README.3.md`) is its section's page too."""
        path = urlsplit(target).path if "://" in target else target.split("#")[0].split("?")[0]
        path = unquote(path)
        if not path:
            return None
        found = self._section_of(path, target, from_file)
        if found is None:
            numbered = _NUMBERED.match(path)
            if numbered is not None:
                found = self._section_of(numbered.group(1) + (numbered.group(3) or ""),
                                         target, from_file)
        return found

    def _section_of(self, path: str, target: str, from_file: str | None) -> str | None:
        if from_file and not PurePosixPath(from_file).is_absolute() and "://" not in target:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), path))
            found = self.by_path.get(resolved)
            if found:
                return found
        segments = _segments(path)
        best: tuple[int, str] | None = None
        ambiguous = False
        for page, need, section_id in self.pages:
            same = _common_tail(page, segments)
            if same < need:
                continue
            if best is None or same > best[0]:
                best, ambiguous = (same, section_id), False
            elif same == best[0] and section_id != best[1]:
                ambiguous = True
        return None if best is None or ambiguous else best[1]

    def page_of_file(self, path: str) -> str | None:
        """The section whose page `path` (as shown, relative to the list's root) is."""
        return self.by_path.get("/".join(_segments(path)))

    def numbered_page(self, path: str) -> tuple[str, int] | None:
        """(first page, number) when `path` is page 2, 3, ... of a section page split
        by render (`papers/x/README.3.md` is page 3 of `papers/x/README.md`)."""
        shown = "/".join(_segments(path))
        match = _NUMBERED.match(shown)
        if match is None:
            return None
        first = match.group(1) + (match.group(3) or "")
        return (first, int(match.group(2))) if first in self.by_path else None


#: A numbered page: a dot and a number before the extension (wmcurate.render.pages).
_NUMBERED = re.compile(r"^(.*?)\.([1-9][0-9]*)(\.[^./]+)?$")


def _segments(path: str) -> tuple[str, ...]:
    return tuple(seg for seg in posixpath.normpath(path.replace("\\", "/")).split("/")
                 if seg not in ("", "."))


def _common_tail(a: Sequence[str], b: Sequence[str]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def section_page(path: str, lines: Sequence[str], index: SectionIndex,
                 pages: PageMap) -> str | None:
    """The section a file is the page of, or None for a README (a file of several sections).

    A file at one of the config's page paths is that section's page; so is a file whose
    title (a first heading of level 1) names a section and whose other headings name no
    other section.
    """
    found = pages.page_of_file(path)
    if found:
        return found
    named = [(level, index.section(title)) for _i, level, title in headings(lines)]
    if not named or named[0][0] != 1 or named[0][1] is None:
        return None
    first = named[0][1]
    return first if all(s in (None, first) for _, s in named) else None


_MAPS: dict[int, tuple[Config, PageMap, SectionIndex]] = {}


def maps_of(config: Config) -> tuple[PageMap, SectionIndex]:
    """The page map and section index of a config, built once per config."""
    cached = _MAPS.get(id(config))
    if cached is None or cached[0] is not config:
        _MAPS.clear()
        cached = _MAPS[id(config)] = (config, PageMap(config), SectionIndex(config))
    return cached[1], cached[2]


def parse_listed_in(value: str, config: Config, from_file: str | None = None) -> list[str]:
    """The sections a "Listed in" field links to, in its order."""
    found: list[str] = []
    pages, index = maps_of(config)
    for match in MD_LINK.finditer(value):
        target = destination(match.group(2))
        section_id = pages.section_of(target, from_file) \
            or index.section(unescape(match.group(1)))
        if section_id and section_id not in found:
            found.append(section_id)
    if not found:
        for name in re.split(r"[,，、;；]", unescape(value)):
            section_id = index.section(name)
            if section_id and section_id not in found:
                found.append(section_id)
    return found
