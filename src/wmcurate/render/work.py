"""One work as a reader sees it: in full (a collapsible block) or as a catalog line.

Texts from entries are escaped for the place they land in (wmcurate.markdown): titles,
authors and venues are plain text; curated texts (one-liner, core innovation, key
points) may carry a small inline subset of markdown (strong, emphasis, code, http(s)
links); abstracts keep their balanced TeX spans as GitHub math.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from wmcurate.citations import citation_count, citations_text
from wmcurate.config import Config, Section, SectionText
from wmcurate.markdown import (
    escape_html,
    escape_inline,
    escape_math,
    escape_rich,
    escape_url,
    inert,
    inert_block,
    is_web_url,
    one_line,
    paragraphs,
    reveal,
)
from wmcurate.model import Entry, points_in, text_in
from wmcurate.render.catalog import Catalog, Piece, size_of

#: What a DOI looks like (the DOI handbook: "10." prefix, a registrant code, a suffix).
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
#: The separator of a catalog line's parts; a venue holding it writes it as a reference.
SEPARATOR = " · "


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
        self._abstract_summary = f"<summary>{escape_html(self.labels['abstract'])}</summary>"
        self._points_summary = f"<summary>{escape_html(self.labels['key_points'])}</summary>"
        self._hrefs: dict[str, str] = {}
        self._prefixes: dict[str, str] = {}
        self._innovation = f"> **{self.label('innovation')}**\\"

    # -- small pieces -------------------------------------------------------
    def loc(self, table: dict[str, str] | object) -> str:
        if isinstance(table, dict):
            return str(text_in(table, self.language, self.fallback) or "")
        return str(table)

    def label(self, name: str) -> str:
        return escape_inline(self.labels[name])

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
        prefix = self._prefixes.get(label_key)
        if prefix is None:
            colon = "：" if self.language.startswith("zh") else ":"
            prefix = self._prefixes[label_key] = f"* **{self.label(label_key)}{colon}** "
        return prefix + value

    def count(self, n: int) -> str:
        """A count after a heading: ' (5 works)' or '（5 篇）'."""
        works = self.label("works")
        if self.language.startswith("zh"):
            return f"（{n} {works}）"
        return f" ({n} {works if n != 1 else works.rstrip('s')})"

    def short_count(self, n: int) -> str:
        """A bare count after a short heading: ' (5)' or '（5）'."""
        return f"（{n}）" if self.language.startswith("zh") else f" ({n})"

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
        parts = [self._link(key, target) for key, target in self.facts(entry).links]
        return " | ".join(parts) if parts else None

    def link(self, key: str, url: str) -> str:
        return self._link(key, _target(url))

    def _link(self, key: str, target: tuple[bool, str]) -> str:
        name = escape_inline(self.link_labels.get(key) or key.replace("-", " ").title())
        web, shown = target
        # `javascript:`, `data:` and their disguises are never links: shown as text.
        return f"[{name}]({shown})" if web else f"{name}: {shown}"

    def facts(self, entry: Entry) -> Facts:
        """The entry's facts escaped once for every language."""
        found = self.catalog.facts.get(entry.key)
        if found is None:
            found = self.catalog.facts[entry.key] = Facts.of(entry, self.link_rank)
        return found

    # -- one work in full ---------------------------------------------------
    def work(self, entry: Entry) -> Piece:
        """The work in full, with `id` = its key for links from catalogs."""
        # Only its "Listed in" links depend on where the file is: the rest is rendered
        # once per language, and the line put in for each folder.
        cache_key = (entry.key, self.language, self.base if entry.also else "")
        cached = self.catalog.rendered.get(cache_key)
        if cached is None:
            parts = self.catalog.parts.get((entry.key, self.language))
            if parts is None:
                parts = self.catalog.parts[(entry.key, self.language)] = self._work(entry)
            head, fielded, tail = parts
            listed = self.listed_in(entry)
            if listed is not None:
                cached = Piece(f"{head.text}\n{listed}\n\n{tail.text}",
                               head.count + 2 + tail.count, head.size + size_of(listed) + tail.size)
            elif fielded:
                cached = Piece(f"{head.text}\n\n{tail.text}", head.count + 1 + tail.count,
                               head.size + tail.size)
            else:
                cached = Piece(f"{head.text}\n{tail.text}", head.count + tail.count,
                               head.size + tail.size)
            self.catalog.rendered[cache_key] = cached
        return cached

    def _work(self, entry: Entry) -> tuple[Piece, bool, Piece]:
        """The work but its "Listed in" line: the lines before it, whether there are
        fields before it, and the lines after the fields' closing blank line."""
        lang, fb = self.language, self.fallback
        title = text_in(entry.title, lang, fb) or entry.key
        key = entry.key
        head = [f'<details id="{key if inert(key) else escape_html(key)}">',
                f"<summary><b>{title if inert(title) else escape_html(title)}</b></summary>",
                ""]
        fields = self.fields(entry)
        head += fields
        lines: list[str] = []
        text = text_in(entry.innovation, lang, fb)
        if text:
            # A hard line break (a backslash at the end of the line) after the label: a
            # soft one reads as "**Core Innovation** Contrastively trained ..." on GitHub,
            # and a label alone in its paragraph reads as a heading made of bold text.
            if inert_block(text):
                lines += [self._innovation, f"> {text}", ""]
            elif innovation := paragraphs(text):
                lines.append(self._innovation)
                for i, para in enumerate(innovation):
                    lines += [">"] if i else []
                    lines.append(f"> {escape_rich(para, collapsed=True)}")
                lines.append("")
        text = text_in(entry.abstract, lang, fb)
        if text:
            if inert_block(text):
                abstract = [text, ""]
            else:
                abstract = []
                for para in paragraphs(text):
                    abstract += [escape_math(para, collapsed=True), ""]
            if abstract:
                lines += ["<details>", self._abstract_summary, "", *abstract, "</details>", ""]
        points = []
        for point in points_in(entry.key_points, lang, fb):
            if inert_block(point):
                points.append(f"* {point}")
            elif point := one_line(point):
                points.append(f"* {escape_rich(point, collapsed=True)}")
        if points:
            lines += ["<details>", self._points_summary, "", *points, "", "</details>", ""]
        lines += ["</details>", ""]
        return Piece.of(head), bool(fields), Piece.of(lines)

    def fields(self, entry: Entry) -> list[str]:
        """The field lines but "Listed in"."""
        field_line = self.field_line
        facts = self.facts(entry)
        fields = [field_line(name, value) for name, value in facts.before]
        one_liner = text_in(entry.one_liner, self.language, self.fallback)
        if one_liner:
            if inert_block(one_liner):
                fields.append(field_line("one_liner", one_liner))
            elif one_liner := one_line(one_liner):
                fields.append(field_line("one_liner", escape_rich(one_liner, collapsed=True)))
        fields += [field_line(name, value) for name, value in facts.after]
        links = self.links_line(entry)
        if links:
            fields.append(field_line("links", links))
        return fields

    def listed_in(self, entry: Entry) -> str | None:
        """"Listed in" with a link to each section page of a work in several sections."""
        sections = [self.config.section(s) for s in entry.sections()]
        shown = [s for s in sections if s is not None]
        if len(shown) < 2:
            return None
        listed = ", ".join(
            f"[{escape_inline(self.section_title(s))}]"
            f"({escape_url(self.href(self.config.page_path(s.id, self.language)))})"
            for s in shown)
        return self.field_line("listed_in", listed)

    @staticmethod
    def doi(entry: Entry) -> str | None:
        """The DOI arXiv gave (`source.doi`) as a link to doi.org, or as text when it does
        not look like a DOI."""
        value = (entry.source or {}).get("doi")
        if not isinstance(value, str) or not value.strip():
            return None
        doi = " ".join(value.split())
        shown = escape_inline(doi)
        if not _DOI.match(doi) or reveal(doi) != doi:
            return shown
        return f"[{shown}](https://doi.org/{quote(doi, safe='/:;.-_~')})"

    # -- one work as a catalog line -------------------------------------------
    def catalog_line(self, entry: Entry, target: str) -> str:
        """`* [Title](target) · Venue · 2023-03 · [Code](...)`: what a reader scans for."""
        head, _, tail, _ = self.catalog_parts(entry)
        return f"{head}{escape_url(target)}{tail}"

    def catalog_parts(self, entry: Entry) -> tuple[str, int, str, int]:
        """A catalog line but its link's target: the text before it and after it, each
        with its bytes (a README weighs its lines before writing them)."""
        cache_key = (entry.key, self.language)
        parts = self.catalog.tails.get(cache_key)
        if parts is None:
            title = text_in(entry.title, self.language, self.fallback) or entry.key
            head = f"* [{escape_inline(title)}]("
            tail = f"){self._tail(entry)}"
            parts = self.catalog.tails[cache_key] = (head, size_of(head), tail, size_of(tail))
        return parts

    def _tail(self, entry: Entry) -> str:
        parts = []
        if entry.venue:
            parts.append(escape_inline(entry.venue).replace("·", "&#xB7;"))
        if entry.published:
            parts.append(entry.published.strftime("%Y-%m"))
        if self.config.show_citations and (count := citation_count(entry)) is not None:
            parts.append(citations_text(count, self.language))
        code = entry.links.get("code", "")
        if code.strip() and is_web_url(code):
            parts.append(self.link("code", code))
        return "".join(SEPARATOR + part for part in parts)


def _target(url: str) -> tuple[bool, str]:
    """(whether it is a link, the link destination or the text shown) of a link's URL."""
    if is_web_url(url):
        return True, escape_url(url)
    return False, escape_inline(url)


@dataclass(frozen=True)
class Facts:
    """What a work in full shows the same in every language, escaped: the fields before
    the one-liner and after it, as (label key, value), and its links in the list's order
    as (link key, (is a link, destination or text))."""

    before: tuple[tuple[str, str], ...]
    after: tuple[tuple[str, str], ...]
    links: tuple[tuple[str, tuple[bool, str]], ...]

    @classmethod
    def of(cls, entry: Entry, rank: dict[str, int]) -> Facts:
        before = []
        if entry.authors:
            before.append(("authors", escape_inline(", ".join(entry.authors))))
        if entry.affiliations:
            before.append(("affiliations", escape_inline(entry.affiliations)))
        if entry.arxiv:
            before.append(("arxiv", escape_inline(entry.arxiv)))
        if entry.model:
            before.append(("model", escape_inline(entry.model)))
        after = []
        if entry.venue:
            after.append(("venue", escape_inline(entry.venue)))
        if entry.published:
            after.append(("published", entry.published.isoformat()))
        doi = Renderer.doi(entry)
        if doi:
            after.append(("doi", doi))
        links = tuple((key, _target(url)) for key, url in sorted(
            entry.links.items(), key=lambda kv: (rank.get(kv[0], 999), kv[0])) if url.strip())
        return cls(tuple(before), tuple(after), links)
