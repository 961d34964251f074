"""Where a work belongs: a file's language, section headings, "Listed in" links."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from wmcurate.config import Config
from wmcurate.importer.syntax import MD_LINK, destination, heading_text, squash
from wmcurate.labels import heading_starts_works
from wmcurate.markdown import cjk_share, headings, unescape


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


def parse_listed_in(value: str, config: Config) -> list[str]:
    found: list[str] = []
    pages = {}
    for section in config.sections:
        for lang in config.language_codes:
            pages[config.page_path(section.id, lang)] = section.id
    index = SectionIndex(config)
    for match in MD_LINK.finditer(value):
        target = destination(match.group(2)).split("#")[0]
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
