"""What machines read: Atom feeds of recently added works, sitemap.xml and works.json.

`works.json` follows `works.schema.json` (format "wmcurate-works", version 1; described
in docs/site.md): a reader may rely on every field listed there, and a change that
breaks one raises the version.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from wmcurate import __version__
from wmcurate.config import Config
from wmcurate.model import Points, Text
from wmcurate.site.pages import Place, environment
from wmcurate.site.strings import strings_for
from wmcurate.site.works import Work

#: Works per feed: a feed shows what is new, not the whole list.
FEED_SIZE = 50
WORKS_FORMAT = "wmcurate-works"
WORKS_VERSION = 1
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _moment(work: Work) -> dt.datetime | None:
    """When the work joined the list; for a work without `added`, its first version."""
    if work.entry.added is not None:
        return work.entry.added.astimezone(dt.timezone.utc)
    if work.entry.published is not None:
        p = work.entry.published
        return dt.datetime(p.year, p.month, p.day, tzinfo=dt.timezone.utc)
    return None


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def recent(works: Sequence[Work]) -> list[Work]:
    """The most recently added works, newest first; works with no date are not "recent"."""
    dated = [w for w in works if _moment(w) is not None]
    dated.sort(key=lambda w: (_moment(w), w.key), reverse=True)
    return dated[:FEED_SIZE]


def feed(config: Config, language: str, site_title: str, path: str, works: Sequence[Work],
         absolute: Callable[[str], str | None], section: str | None = None) -> str:
    """The Atom feed at `path` (under the site) of the recently added `works`."""
    fallback = tuple(c for c in config.language_codes if c != language)
    prefix = "" if language == config.language_codes[0] else f"{language}/"
    place = Place(path)

    def href(target: str) -> str:
        return absolute(target) or place.href(target)

    def ident(target: str, *names: str) -> str:
        # Without --base-url there is no address that is the work's forever: a name-based
        # UUID of the list and the work is as stable as the key.
        found = absolute(target)
        return found or uuid.uuid5(uuid.NAMESPACE_URL, "wmcurate:" + ":".join(
            (site_title, language, *names))).urn

    title = strings_for(language)["feed_title"].format(title=site_title)
    home = f"{prefix}sections/{section}/" if section else prefix
    if section is not None:
        sec = config.section(section)
        if sec is not None:
            sec_title = next((sec.title[c] for c in (language, *fallback) if sec.title.get(c)),
                             section)
            title = f"{title} · {sec_title}"
    items: list[dict[str, Any]] = []
    for work in recent(works):
        moment = _moment(work) or _EPOCH
        target = f"{prefix}works/{work.slug}/"
        items.append({
            "title": work.title(language, fallback), "id": ident(target, "work", work.key),
            "updated": _stamp(moment),
            "published": work.entry.published.isoformat() + "T00:00:00Z"
            if work.entry.published else None,
            "href": href(target), "authors": work.entry.authors, "sections": work.sections,
            "summary": work.text("one_liner", language, fallback),
        })
    updated = max((str(item["updated"]) for item in items), default=_stamp(_EPOCH))
    return str(environment(xml=True).get_template("feed.xml").render(
        lang=language, title=title, feed_id=ident(path, "feed", section or ""), updated=updated,
        self_href=href(path), home_href=href(home), site_title=site_title, version=__version__,
        items=items))


def sitemap(urls: Sequence[str]) -> str:
    return str(environment(xml=True).get_template("sitemap.xml").render(urls=urls))


# -- works.json -------------------------------------------------------------------------------
def works_json(config: Config, works: Sequence[Work], bibtex: Mapping[str, str],
               absolute: Callable[[str], str | None]) -> str:
    codes = config.language_codes
    document = {
        "format": WORKS_FORMAT,
        "version": WORKS_VERSION,
        "generator": f"wmcurate {__version__}",
        "languages": list(codes),
        "sections": [{"id": s.id, "part": s.part, "title": dict(s.title)}
                     for s in config.sections],
        "works": [_work_record(w, codes, bibtex, absolute) for w in works],
    }
    # Compact: Python's fast (C) encoder writes no indentation, and the file is for tools.
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def _work_record(work: Work, codes: Sequence[str], bibtex: Mapping[str, str],
                 absolute: Callable[[str], str | None]) -> dict[str, Any]:
    entry = work.entry
    path = f"works/{work.slug}/"
    return {
        "key": entry.key,
        "path": path,
        "url": absolute(path),
        "arxiv": entry.arxiv,
        "title": _texts(entry.title, codes),
        "authors": list(entry.authors),
        "venue": entry.venue,
        "venue_family": work.venue_family,
        "venue_year": work.venue_year,
        "year": work.year,
        "published": entry.published.isoformat() if entry.published else None,
        "added": _stamp(entry.added.astimezone(dt.timezone.utc)) if entry.added else None,
        "section": entry.section,
        "sections": list(work.sections),
        "featured": entry.featured,
        "has_code": work.has_code,
        "links": dict(entry.links),
        "model": entry.model,
        "affiliations": entry.affiliations,
        "one_liner": _texts(entry.one_liner, codes),
        "innovation": _texts(entry.innovation, codes),
        "abstract": _texts(entry.abstract, codes),
        "key_points": _points(entry.key_points, codes),
        "source": _plain(entry.source) if entry.source else None,
        "bibtex": bibtex.get(entry.key),
    }


def _texts(value: Text | None, codes: Sequence[str]) -> dict[str, str]:
    """A text as language -> string: a plain string holds for every language of the list."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {code: value for code in codes} if value else {}
    return {lang: text for lang, text in value.items() if text}


def _points(value: Points | None, codes: Sequence[str]) -> dict[str, list[str]]:
    if value is None:
        return {}
    if isinstance(value, list):
        return {code: list(value) for code in codes} if value else {}
    return {lang: list(points) for lang, points in value.items() if points}


def _plain(value: Any) -> Any:
    """A YAML value as JSON: dates as ISO 8601 text, anything unknown as its text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return _stamp(aware.astimezone(dt.timezone.utc))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)
