"""The site's HTML pages: an index, a page per section and a page per work, per language.

Every page is a Jinja2 template with autoescape on: entry texts are never joined into
HTML by hand. Links are relative (`../../works/<key>/`), so the same files work under any
sub-path and from disk; `site.js` adds `index.html` to folder links when the page is a
file:// one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace as Ns
from typing import Any

from markupsafe import Markup

from wmcurate.config import Config
from wmcurate.markdown import paragraphs
from wmcurate.site.mathtext import with_math
from wmcurate.site.strings import source_labels_for, strings_for
from wmcurate.site.works import Work, clean

#: The pages' Content-Security-Policy: our own scripts and styles, nothing from elsewhere,
#: no inline code (a script an entry smuggled into a text could not run even unescaped).
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; base-uri 'none'; form-action 'self'")

#: The strings site.js shows, by name.
JS_STRINGS = ("results", "result_one", "results_of", "no_results", "loading", "show_more",
              "code", "featured_badge")


@lru_cache(maxsize=2)
def environment(xml: bool = False) -> Any:
    """Templates with autoescape. Pages get entry texts already cleaned of control
    characters (`works.clean`); the XML files clean every value they print, since XML
    forbids them outright."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("wmcurate.site", "templates"),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        finalize=_printable if xml else None,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def _printable(value: Any) -> Any:
    return clean(value) if isinstance(value, str) and not isinstance(value, Markup) else value


@dataclass(frozen=True)
class Place:
    """Where a page is: its file under the site (`path`), and how its links climb to the root."""

    path: str

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")

    def href(self, target: str) -> str:
        """A link from this page to `target` (a path under the site; folders end in /)."""
        return self.root + target or "./"


class Pages:
    """Renders the pages of one language."""

    def __init__(self, config: Config, language: str, site_title: str,
                 canonical: Callable[[str], str | None], bibtex: Mapping[str, str]) -> None:
        self.config = config
        self.language = language
        self.fallback = tuple(c for c in config.language_codes if c != language)
        self.prefix = "" if language == config.language_codes[0] else f"{language}/"
        self.site_title = site_title
        self.canonical = canonical
        self.bibtex = bibtex
        self.s = strings_for(language)
        self.labels = config.language(language).labels
        # Templates read attributes: a namespace answers at once, where a dict lookup by
        # attribute first fails (an exception) on every use.
        self.s_ns = Ns(**self.s)
        self.labels_ns = Ns(**self.labels)
        self.link_labels = {link.key: self.loc(dict(link.label)) for link in config.links}
        self.section_titles = {sec.id: self.loc(dict(sec.title)) for sec in config.sections}
        self.colon = "：" if language.startswith("zh") else ": "
        env = environment()
        self.templates = {name: env.get_template(f"{name}.html")
                          for name in ("index", "section", "work")}
        self.chromes: dict[tuple[str, str], Ns] = {}

    def loc(self, table: Mapping[str, str]) -> str:
        for code in (self.language, *self.fallback):
            if table.get(code):
                return table[code]
        return next(iter(table.values()), "")

    # -- shared -------------------------------------------------------------------------
    def base(self, place: Place, pretty: str, feed: str) -> dict[str, Any]:
        """What every page shows: header, language switch, feed, canonical link."""
        root = place.root
        switch = []
        for lang in self.config.languages:
            if lang.code == self.language:
                continue
            other_prefix = "" if lang.code == self.config.language_codes[0] else f"{lang.code}/"
            target = other_prefix + pretty.removeprefix(self.prefix)
            switch.append(Ns(code=lang.code, name=lang.name, href=place.href(target)))
        return {
            "lang": self.language, "s": self.s_ns, "root": root, "home": place.href(self.prefix),
            "switch": switch, "canonical": self.canonical(pretty),
            "feed_href": place.href(feed), "labels": self.labels_ns, "description": None,
            "chrome": self.chrome(place, feed), "site_title": self.site_title,
        }

    def chrome(self, place: Place, feed: str) -> Ns:
        """What pages at the same depth with the same feed share (head links, header,
        footer), rendered once: a site is thousands of pages alike in that."""
        key = (place.root, feed)
        found = self.chromes.get(key)
        if found is None:
            env = environment()
            context = {"csp": CSP, "s": self.s_ns, "site_title": self.site_title,
                       "root": place.root, "home": place.href(self.prefix),
                       "feed_href": place.href(feed),
                       "feed_title": self.s["feed_title"].format(title=self.site_title)}
            found = self.chromes[key] = Ns(**{
                part: Markup(env.get_template(f"chrome_{part}.html").render(context))
                for part in ("head", "top", "foot")})
        return found

    def authors_short(self, work: Work) -> str:
        authors = work.entry.authors
        shown = clean(", ".join(authors[:3]))
        return shown + self.s["et_al"] if len(authors) > 3 else shown

    def item(self, work: Work, place: Place) -> Ns:
        lang, fb = self.language, self.fallback
        return Ns(
            href=place.href(f"{self.prefix}works/{work.slug}/"),
            title=with_math(work.title(lang, fb)), venue=work.venue,
            authors=self.authors_short(work), code=work.has_code,
            featured=work.entry.featured,
            one_liner=with_math(work.text("one_liner", lang, fb) or ""),
        )

    def row(self, work: Work) -> list[Any]:
        """A work as the index's data holds it (site.js reads the fields by position)."""
        lang, fb = self.language, self.fallback
        published = work.entry.published
        return [
            work.slug, work.title(lang, fb), self.authors_short(work), work.venue or "",
            work.venue_family or "", work.year or 0, list(work.sections),
            (1 if work.has_code else 0) | (2 if work.entry.featured else 0),
            int(published.strftime("%Y%m%d")) if published else 0,
            work.text("one_liner", lang, fb) or "",
        ]

    # -- pages --------------------------------------------------------------------------
    def index(self, works: Sequence[Work], chunks: int, shards: Sequence[str]
              ) -> tuple[str, str]:
        path = f"{self.prefix}index.html"
        place = Place(path)
        counts: dict[str, int] = {sec.id: 0 for sec in self.config.sections}
        venues: dict[str, int] = {}
        years: dict[int, int] = {}
        for work in works:
            for section_id in work.sections:
                counts[section_id] += 1
            if work.venue_family:
                venues[work.venue_family] = venues.get(work.venue_family, 0) + 1
            if work.year:
                years[work.year] = years.get(work.year, 0) + 1
        parts = []
        for part in self.config.parts:
            sections = [{
                "id": sec.id, "title": self.section_titles[sec.id], "count": counts[sec.id],
                "count_text": self.s["works_in_section"].format(n=counts[sec.id]),
                "href": place.href(f"{self.prefix}sections/{sec.id}/"),
            } for sec in self.config.sections_of(part.id)]
            if sections:
                icon = f"{part.icon} " if part.icon else ""
                parts.append({"title": icon + self.loc(dict(part.title)), "sections": sections})
        context = self.base(place, self.prefix, f"{self.prefix}feed.xml")
        context.update(
            here=place.href(self.prefix), prefix=self.prefix, total=len(works), chunks=chunks,
            shards=" ".join(sorted(shards)),
            js_strings=json.dumps({k: self.s[k] for k in JS_STRINGS}, ensure_ascii=False),
            lead=self.s["lead"].format(n=len(works), m=len(self.config.sections)),
            parts=parts,
            venues=[{"name": n, "count": c} for n, c in sorted(
                venues.items(), key=lambda kv: (kv[0].casefold(), kv[0]))],
            years=[{"value": y, "count": c} for y, c in sorted(years.items(), reverse=True)],
            description=lead_text(self.s["lead"], len(works), len(self.config.sections)),
        )
        return path, self.templates["index"].render(context)

    def section(self, section_id: str, works: Sequence[Work]) -> tuple[str, str]:
        section = self.config.section(section_id)
        assert section is not None  # noqa: S101  (ids come from the config itself)
        pretty = f"{self.prefix}sections/{section_id}/"
        place = Place(pretty + "index.html")
        part = next(p for p in self.config.parts if p.id == section.part)
        context = self.base(place, pretty, pretty + "feed.xml")
        context.update(
            section={"title": self.section_titles[section_id], "texts": [
                {"label": self.loc(dict(t.label)), "text": self.loc(dict(t.text))}
                for t in section.texts]},
            part_title=self.loc(dict(part.title)), colon=self.colon,
            filter_href=place.href(self.prefix) + f"?section={section_id}",
            works_heading=f"{self.labels['page_works']} ({len(works)})",
            items=[self.item(w, place) for w in works],
        )
        return place.path, self.templates["section"].render(context)

    def work(self, work: Work) -> tuple[str, str]:
        lang, fb = self.language, self.fallback
        pretty = f"{self.prefix}works/{work.slug}/"
        place = Place(pretty + "index.html")
        entry = work.entry
        title = work.title(lang, fb)
        others = []
        if isinstance(entry.title, dict):
            others = [Ns(code=code, text=clean(text)) for code, text in entry.title.items()
                      if text and clean(text) != title]
        facts: list[Ns] = []

        def fact(label: str, value: str | None) -> None:
            if value:
                facts.append(Ns(label=label, value=clean(value)))

        fact(self.labels["authors"], ", ".join(entry.authors))
        fact(self.labels["affiliations"], entry.affiliations)
        fact(self.labels["model"], entry.model)
        fact(self.labels["venue"], entry.venue)
        fact(self.s["published"], entry.published.isoformat() if entry.published else None)
        fact(self.labels["arxiv"], entry.arxiv)
        fact(self.s["added"], entry.added.date().isoformat() if entry.added else None)
        links = [Ns(label=clean(self.link_labels.get(link.key)
                                or link.key.replace("-", " ").title()),
                    url=clean(link.url), web=link.web) for link in work.links]
        context = self.base(place, pretty, f"{self.prefix}feed.xml")
        context["description"] = work.text("one_liner", lang, fb)
        context["w"] = Ns(
            title=title, title_html=with_math(title), other_titles=others,
            featured=entry.featured, code=work.has_code,
            one_liner=work.text("one_liner", lang, fb), facts=facts, links=links,
            one_liner_html=with_math(work.text("one_liner", lang, fb) or ""),
            sections=[Ns(title=self.section_titles[sid],
                         href=place.href(f"{self.prefix}sections/{sid}/"))
                      for sid in work.sections],
            innovation=_paragraphs(work.text("innovation", lang, fb)),
            abstract=_paragraphs(work.text("abstract", lang, fb)),
            points=[with_math(p) for p in work.points(lang, fb)],
            source=self.source_facts(entry.source),
            bibtex=clean(self.bibtex.get(entry.key) or "") or None,
        )
        return place.path, self.templates["work"].render(context)

    def source_facts(self, source: Mapping[str, Any] | None) -> list[Ns]:
        if not source:
            return []
        labels = source_labels_for(self.language)
        order = {key: i for i, key in enumerate(labels)}
        shown = []
        for key in sorted(source, key=lambda k: (order.get(k, len(order)), str(k))):
            value = source[key]
            if value is None or value == "" or isinstance(value, (dict, list)):
                continue
            text = value.isoformat() if hasattr(value, "isoformat") else str(value)
            shown.append(Ns(label=labels.get(key) or str(key).replace("_", " ").capitalize(),
                            value=clean(text)))
        return shown


def _paragraphs(text: str | None) -> list[Markup]:
    return [with_math(p) for p in paragraphs(text)] if text else []


def lead_text(template: str, works: int, sections: int) -> str:
    return template.format(n=works, m=sections)
