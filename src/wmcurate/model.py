"""Typed entries: what one YAML file under entries/ means.

`entry_from_mapping` is the boundary between loose YAML and the typed `Entry`:
it checks every known field's type and raises `FieldProblem` naming the field.
Unknown fields are kept aside (lint reports them); they never stop a render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A text: one string for every language, or language code -> string.
Text = str | dict[str, str]
#: Key points: one list for every language, or language code -> list.
Points = list[str] | dict[str, list[str]]

#: Every field an entry may have, in the order files are written.
FIELDS: tuple[str, ...] = (
    "arxiv", "title", "authors", "venue", "published", "model", "affiliations", "links",
    "one_liner", "innovation", "abstract", "key_points", "featured", "also", "added", "source",
)
TEXT_FIELDS: tuple[str, ...] = ("one_liner", "innovation", "abstract")
REQUIRED_FIELDS: tuple[str, ...] = ("title",)

#: What each field holds (its kind, read by `entry_from_mapping` below) and is for: the
#: entry's JSON Schema (`wmcurate schema entry`) is built from this table. A text is one
#: string or a mapping language -> string; points, one list or language -> list.
FIELD_KINDS: dict[str, tuple[str, str]] = {
    "arxiv": ("arxiv", "The arXiv ID without version, quoted: \"2303.11328\". Absent for "
              "works without an arXiv paper."),
    "title": ("text", "The work's title, as its authors write it."),
    "authors": ("strings", "The authors, in the paper's order."),
    "venue": ("string", "Where it was published, '<VENUE> <YEAR>' (ICCV 2023), or "
              "'arXiv <YEAR>' while it is a preprint."),
    "published": ("date", "The day of its first arXiv version (or of its release)."),
    "model": ("string", "The name of the model it introduces, for a product or model page."),
    "affiliations": ("string", "The authors' institutions, as one line."),
    "links": ("links", "Links, label -> URL; the labels are the list's (links: in "
              "wmcurate.yaml), rendered in its order."),
    "one_liner": ("text", "What the work does, in one sentence."),
    "innovation": ("text", "Its core innovation, in a sentence or two."),
    "abstract": ("text", "The abstract (paragraphs apart by a blank line)."),
    "key_points": ("points", "A few key points, one sentence each."),
    "featured": ("boolean", "Shown in full among its section's representative works in the "
                 "README, not only on the section's page."),
    "also": ("ids", "Other sections that list it too (section ids)."),
    "added": ("moment", "When it joined the list: the default order within a section."),
    "source": ("mapping", "The evidence behind the facts: what arXiv said when it was last "
               "fetched (written by wmcurate add and refresh) and what Semantic Scholar said "
               "(written by refresh: venue, citations); compared by lint --online."),
}


class FieldProblem(Exception):
    """A field has the wrong type; `path` is where it is, e.g. ("links", "code")."""

    def __init__(self, path: tuple[str | int, ...], problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


@dataclass
class Entry:
    key: str
    section: str
    path: Path
    title: Text
    arxiv: str | None = None
    authors: list[str] = field(default_factory=list)
    venue: str | None = None
    published: dt.date | None = None
    model: str | None = None
    affiliations: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    one_liner: Text | None = None
    innovation: Text | None = None
    abstract: Text | None = None
    key_points: Points | None = None
    featured: bool = False
    also: list[str] = field(default_factory=list)
    added: dt.datetime | None = None
    source: dict[str, Any] | None = None
    unknown: dict[str, Any] = field(default_factory=dict)

    def sections(self) -> list[str]:
        """Home section first, then the others it is listed in."""
        return [self.section, *[s for s in self.also if s != self.section]]


def text_in(value: Text | None, language: str, fallback: Sequence[str] = ()) -> str | None:
    """The text for `language`, else the first of `fallback` that has one."""
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    for lang in (language, *fallback):
        text = value.get(lang)
        if text:
            return text
    return next((t for t in value.values() if t), None)


def points_in(value: Points | None, language: str, fallback: Sequence[str] = ()) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [p for p in value if p]
    for lang in (language, *fallback):
        points = value.get(lang)
        if points:
            return [p for p in points if p]
    return next(([p for p in pts if p] for pts in value.values() if pts), [])


_KNOWN = frozenset(FIELDS)


def entry_from_mapping(data: Any, key: str, section: str, path: Path) -> Entry:
    # Every command reads every entry through here: values read from YAML are exactly
    # dict, list and str, so their types are tried before the general checks.
    if type(data) is not dict and not isinstance(data, Mapping):
        raise FieldProblem((), f"an entry must be a mapping of fields, got {kind_of(data)}")
    known: dict[Any, Any] = {}
    unknown: dict[str, Any] = {}
    for name, value in data.items():
        if name in _KNOWN:
            known[name] = value
        else:
            unknown[str(name)] = value
    if "title" not in known or known["title"] in (None, ""):
        raise FieldProblem((), "missing field 'title'")
    return Entry(
        key=key,
        section=section,
        path=path,
        title=_text(known["title"], ("title",)),
        arxiv=_arxiv(known.get("arxiv")),
        authors=_strings(known.get("authors"), ("authors",)),
        venue=_opt_str(known.get("venue"), ("venue",)),
        published=_date(known.get("published"), ("published",)),
        model=_opt_str(known.get("model"), ("model",)),
        affiliations=_opt_str(known.get("affiliations"), ("affiliations",)),
        links=_links(known.get("links")),
        one_liner=_opt_text(known.get("one_liner"), ("one_liner",)),
        innovation=_opt_text(known.get("innovation"), ("innovation",)),
        abstract=_opt_text(known.get("abstract"), ("abstract",)),
        key_points=_points(known.get("key_points")),
        featured=_bool(known.get("featured"), ("featured",)),
        also=_strings(known.get("also"), ("also",)),
        added=_datetime(known.get("added"), ("added",)),
        source=_source(known.get("source")),
        unknown=unknown,
    )


def field_problems(data: Any) -> list[FieldProblem]:
    """Every problem of an entry's fields, in the order of `FIELDS`; `entry_from_mapping`
    stops at the first (it is every command's fast path), this is for telling them all."""
    if type(data) is not dict and not isinstance(data, Mapping):
        return [FieldProblem((), f"an entry must be a mapping of fields, got {kind_of(data)}")]
    problems: list[FieldProblem] = []
    if data.get("title") in (None, ""):
        problems.append(FieldProblem((), "missing field 'title'"))
    for name, check in _CHECKS.items():
        if data.get(name) is not None:
            try:
                check(data[name])
            except FieldProblem as problem:
                problems.append(problem)
    return problems


def kind_of(value: Any) -> str:
    """How a YAML value is called in messages (entries' and the config's)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def _opt_str(value: Any, at: tuple[str | int, ...]) -> str | None:
    if value is None:
        return None
    if type(value) is str:
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FieldProblem(at, f"expected a string, got {kind_of(value)}")
    return str(value)


def _arxiv(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        # An unquoted 2303.10000 reads as the number 2303.1: the ID is already lost.
        raise FieldProblem(("arxiv",), f"the arXiv ID reads as the number {value!r}; "
                           "quote it, e.g. arxiv: \"2303.11328\"")
    return _opt_str(value, ("arxiv",))


def _text(value: Any, at: tuple[str | int, ...]) -> Text:
    if type(value) is str or isinstance(value, str):
        return value
    if type(value) is dict or isinstance(value, Mapping):
        out: dict[str, str] = {}
        for lang, text in value.items():
            if type(text) is not str:
                if text is None:
                    continue
                if not isinstance(text, str):
                    raise FieldProblem((*at, str(lang)),
                                       f"expected a string, got {kind_of(text)}")
            out[lang if type(lang) is str else str(lang)] = text
        return out
    raise FieldProblem(at, "expected a string or a mapping language -> string, "
                       f"got {kind_of(value)}")


def _opt_text(value: Any, at: tuple[str | int, ...]) -> Text | None:
    return None if value is None else _text(value, at)


def _strings(value: Any, at: tuple[str | int, ...]) -> list[str]:
    if value is None:
        return []
    if type(value) is not list and not isinstance(value, list):
        hint = ": write one item per line, each after '- ', or [a, b]" \
            if isinstance(value, str) else ""
        raise FieldProblem(at, f"expected a list of strings, got {kind_of(value)}{hint}")
    out = []
    for i, item in enumerate(value):
        if type(item) is str:
            out.append(item)
            continue
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise FieldProblem((*at, i), f"expected a string, got {kind_of(item)}")
        out.append(str(item))
    return out


def _points(value: Any) -> Points | None:
    if value is None:
        return None
    if type(value) is list or isinstance(value, list):
        return _strings(value, ("key_points",))
    if type(value) is dict or isinstance(value, Mapping):
        return {str(lang): _strings(points, ("key_points", str(lang)))
                for lang, points in value.items() if points is not None}
    raise FieldProblem(("key_points",), "expected a list, or a mapping language -> list, "
                       f"got {kind_of(value)}")


def _links(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if type(value) is not dict and not isinstance(value, Mapping):
        hint = ": name each link, e.g. 'paper: https://...' and 'code: https://...' on lines " \
            "of their own" if isinstance(value, list) else ""
        raise FieldProblem(("links",), f"expected a mapping label -> URL, got {kind_of(value)}"
                           f"{hint}")
    out = {}
    for label, url in value.items():
        if type(url) is not str:
            if url is None:
                url = ""
            if not isinstance(url, str):
                raise FieldProblem(("links", str(label)),
                                   f"expected a URL string, got {kind_of(url)}")
        out[label if type(label) is str else str(label)] = url
    return out


def _bool(value: Any, at: tuple[str | int, ...]) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        hint = f" ({value!r}: write true or false, without quotes)" \
            if isinstance(value, str) else ""
        raise FieldProblem(at, f"expected true or false, got {kind_of(value)}{hint}")
    return value


def _date(value: Any, at: tuple[str | int, ...]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FieldProblem(at, f"expected a date such as 2023-03-20, got {kind_of(value)} {value!r}")


def _datetime(value: Any, at: tuple[str | int, ...]) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise FieldProblem(at, "expected a date-time such as 2026-11-24T10:00:00Z, "
                               f"got {value!r}") from None
    else:
        raise FieldProblem(at, f"expected a date-time, got {kind_of(value)}")
    # Safe loaders give naive UTC; compare every moment as aware UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


_CHECKS: dict[str, Callable[[Any], object]] = {
    "title": lambda v: _text(v, ("title",)),
    "arxiv": _arxiv,
    "authors": lambda v: _strings(v, ("authors",)),
    "venue": lambda v: _opt_str(v, ("venue",)),
    "published": lambda v: _date(v, ("published",)),
    "model": lambda v: _opt_str(v, ("model",)),
    "affiliations": lambda v: _opt_str(v, ("affiliations",)),
    "links": lambda v: _links(v),
    "one_liner": lambda v: _opt_text(v, ("one_liner",)),
    "innovation": lambda v: _opt_text(v, ("innovation",)),
    "abstract": lambda v: _opt_text(v, ("abstract",)),
    "key_points": lambda v: _points(v),
    "featured": lambda v: _bool(v, ("featured",)),
    "also": lambda v: _strings(v, ("also",)),
    "added": lambda v: _datetime(v, ("added",)),
    "source": lambda v: _source(v),
}


def _source(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise FieldProblem(("source",), f"expected a mapping, got {kind_of(value)}")
    return dict(value)
