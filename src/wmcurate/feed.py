"""Reading arXiv API answers: bytes in, papers out, no I/O.

Both server generations are understood: the legacy Perl/Lucene API (hard-wrapped text,
`http://` links, empty `<entry>`s for missing IDs) and the Python backend that replaced it on
2025-11-11 (single-line text, missing IDs dropped, and for three days links without
`rel`/`type`/`title`).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import feedparser  # untyped: see the mypy override for it in pyproject.toml

from wmcurate.errors import InvalidArxivId, NotAFeed
from wmcurate.ids import ArxivId, arxiv_id_from_url, parse_arxiv_id

__all__ = ["FIELD_LIMITS", "Author", "Feed", "FeedError", "NotAFeed", "Paper", "paper_problem",
           "parse_feed"]

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_WHITESPACE = re.compile(r"\s+")
_REJECTED_ID = re.compile(r"incorrect id format for (?P<id>.+)", re.IGNORECASE | re.DOTALL)
# Legacy feeds listed MSC and ACM classes (`53C`, `F.4.1; K.2`) as categories; only arXiv's
# own taxonomy is kept.
_ARXIV_CATEGORY = re.compile(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?")
_SHOWN_BODY_MAX = 120
# An Atom date as arXiv writes it (RFC 3339), read strictly: feedparser would turn the
# impossible `2016-13-45T99:99:99Z` into 2017-01-01.
_ATOM_DATE = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?:[Tt ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?:\.[0-9]+)?"
    r"(?:[Zz]|(?P<sign>[+-])(?P<tzh>[0-9]{2}):?(?P<tzm>[0-9]{2}))?)?"
)

#: The longest value a paper's field may have, in characters, and the most authors. Far
#: beyond any real paper's (arXiv caps abstracts at 1,920 characters; the largest
#: collaborations sign with about 3,000 names): a value past these is a server's mistake or
#: an attack, and is refused rather than written into the list.
FIELD_LIMITS: dict[str, int] = {
    "title": 2_000,
    "abstract": 20_000,
    "comment": 10_000,
    "journal_ref": 2_000,
    "doi": 500,
    "primary_category": 100,
    "author name": 1_000,
    "affiliation": 2_000,
    "authors": 20_000,
    "categories": 100,
}


@dataclass(frozen=True)
class Author:
    name: str
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paper:
    """One arXiv paper as the API describes it.

    `id` carries the version arXiv returned. `abs_url`/`pdf_url` are the feed's own links
    (usually versioned); `id.abs_url`/`id.pdf_url` are the stable unversioned ones.
    Title, abstract, comment and journal_ref have every whitespace run collapsed to one space.
    """

    id: ArxivId
    title: str
    abstract: str
    authors: tuple[Author, ...]
    comment: str | None
    journal_ref: str | None
    doi: str | None
    primary_category: str | None
    categories: tuple[str, ...]
    published: date
    updated: date
    abs_url: str
    pdf_url: str

    @property
    def author_names(self) -> list[str]:
        return [author.name for author in self.authors]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form; `Paper.from_dict` reads it back."""
        return {
            "id": str(self.id),
            "title": self.title,
            "abstract": self.abstract,
            "authors": [
                {"name": author.name, "affiliations": list(author.affiliations)}
                for author in self.authors
            ],
            "comment": self.comment,
            "journal_ref": self.journal_ref,
            "doi": self.doi,
            "primary_category": self.primary_category,
            "categories": list(self.categories),
            "published": self.published.isoformat(),
            "updated": self.updated.isoformat(),
            "abs_url": self.abs_url,
            "pdf_url": self.pdf_url,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Paper:
        """Read what `to_dict` wrote; raise ValueError when anything is missing or mistyped."""
        try:
            authors = tuple(
                Author(_require_str(a["name"]), tuple(_require_str(x) for x in a["affiliations"]))
                for a in raw["authors"]
            )
            paper = cls(
                id=parse_arxiv_id(_require_str(raw["id"])),
                title=_require_str(raw["title"]),
                abstract=_require_str(raw["abstract"]),
                authors=authors,
                comment=_optional_str(raw["comment"]),
                journal_ref=_optional_str(raw["journal_ref"]),
                doi=_optional_str(raw["doi"]),
                primary_category=_optional_str(raw["primary_category"]),
                categories=tuple(_require_str(c) for c in raw["categories"]),
                published=date.fromisoformat(_require_str(raw["published"])),
                updated=date.fromisoformat(_require_str(raw["updated"])),
                abs_url=_require_str(raw["abs_url"]),
                pdf_url=_require_str(raw["pdf_url"]),
            )
        except (KeyError, TypeError, ValueError, InvalidArxivId) as exc:
            raise ValueError(f"not a stored paper: {exc!r}") from exc
        problem = paper_problem(paper)
        if problem is not None:
            raise ValueError(f"not a stored paper: {problem}")
        return paper


@dataclass(frozen=True)
class FeedError:
    """An entry titled `Error`: arXiv refused the request and says why.

    `rejected_id` is the ID text quoted by an `incorrect id format for X` message.
    """

    message: str
    rejected_id: str | None


@dataclass
class Feed:
    papers: list[Paper] = field(default_factory=list)
    errors: list[FeedError] = field(default_factory=list)
    total_results: int | None = None
    # The legacy server answered a missing ID with an <entry> holding no id and no title.
    empty_entries: int = 0
    #: Entries refused (an impossible date, a field far beyond any real paper's), by base ID.
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def is_unexpectedly_empty(self) -> bool:
        """No entry at all although arXiv counted results: a known flaky answer to retry."""
        nothing = not (self.papers or self.errors or self.refused) and self.empty_entries == 0
        return nothing and (self.total_results or 0) > 0


@dataclass(frozen=True)
class _RawEntry:
    """What feedparser drops: per-author affiliations and the links' literal attributes."""

    entry_id: str
    authors: tuple[Author, ...]
    links: tuple[Mapping[str, str], ...]


def parse_feed(data: bytes) -> Feed:
    """Read an arXiv API answer; raise `NotAFeed` for anything that is not an Atom feed."""
    if not data.strip():
        raise NotAFeed("arXiv answered with an empty body instead of an Atom feed.")
    # A bare bytes argument would be opened as a file path if it looked like one: a stream
    # keeps this function free of I/O whatever the server sent.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    broken = bool(parsed.get("bozo")) and not isinstance(
        parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride
    )
    if broken or not str(parsed.get("version", "")).startswith("atom"):
        raise _not_a_feed(data, broken)

    raw_entries = _raw_entries(data)
    feed = Feed(total_results=_int_or_none(parsed.feed.get("opensearch_totalresults")))
    for index, entry in enumerate(parsed.entries):
        entry_id = _clean(entry.get("id"))
        title = _clean(entry.get("title"))
        if entry_id is None and title is None:
            feed.empty_entries += 1
            continue
        if _is_error(entry_id, title):
            feed.errors.append(_feed_error(entry))
            continue
        raw = raw_entries[index] if index < len(raw_entries) else None
        if raw is not None and raw.entry_id != (entry_id or ""):
            raw = None
        paper = _paper(entry, entry_id, title, raw)
        if isinstance(paper, _Refusal):
            feed.refused.setdefault(paper.id.base, paper.reason)
        else:
            feed.papers.append(paper)
    return feed


@dataclass(frozen=True)
class _Refusal:
    id: ArxivId
    reason: str


def paper_problem(paper: Paper) -> str | None:
    """Why `paper` cannot be a real arXiv paper (a field far too long), or None."""
    values: list[tuple[str, str | None]] = [
        ("title", paper.title), ("abstract", paper.abstract), ("comment", paper.comment),
        ("journal_ref", paper.journal_ref), ("doi", paper.doi),
        ("primary_category", paper.primary_category),
    ]
    for author in paper.authors:
        values.append(("author name", author.name))
        values += [("affiliation", a) for a in author.affiliations]
    for name, value in values:
        if value is not None and len(value) > FIELD_LIMITS[name]:
            return (f"arXiv's entry for {paper.id} has a {name} of {len(value):,} characters "
                    f"(no real paper's is near {FIELD_LIMITS[name]:,}): refused")
    for name, count in (("authors", len(paper.authors)), ("categories", len(paper.categories))):
        if count > FIELD_LIMITS[name]:
            return (f"arXiv's entry for {paper.id} lists {count:,} {name} (no real paper's "
                    f"is near {FIELD_LIMITS[name]:,}): refused")
    return None


def _paper(entry: Any, entry_id: str | None, title: str | None,
           raw: _RawEntry | None) -> Paper | _Refusal:
    arxiv_id = arxiv_id_from_url(entry_id or "")
    if arxiv_id is None:
        raise NotAFeed(f"arXiv answered with an entry whose id is not an arXiv paper: {entry_id!r}")
    dates: dict[str, date | None] = {}
    for name in ("published", "updated"):
        text = entry.get(name)
        dates[name] = _atom_date(text) if isinstance(text, str) and text.strip() else None
        if isinstance(text, str) and text.strip() and dates[name] is None:
            return _Refusal(arxiv_id, f"arXiv's entry for {arxiv_id} has an impossible "
                            f"{name} date {text.strip()[:40]!r}: refused")
    published = dates["published"] or dates["updated"]
    updated = dates["updated"] or published
    if published is None or updated is None:
        return _Refusal(arxiv_id, f"arXiv's entry for {arxiv_id} has no date: refused")
    abs_url, pdf_url = _links(raw, arxiv_id)
    primary = entry.get("arxiv_primary_category")
    primary_term = _clean(primary.get("term")) if isinstance(primary, Mapping) else None
    paper = Paper(
        id=arxiv_id,
        title=title or "",
        abstract=_clean(entry.get("summary")) or "",
        authors=raw.authors if raw is not None else _feedparser_authors(entry),
        comment=_clean(entry.get("arxiv_comment")),
        journal_ref=_clean(entry.get("arxiv_journal_ref")),
        doi=_clean(entry.get("arxiv_doi")),
        primary_category=primary_term,
        categories=_categories(entry),
        published=published,
        updated=updated,
        abs_url=abs_url,
        pdf_url=pdf_url,
    )
    problem = paper_problem(paper)
    return paper if problem is None else _Refusal(arxiv_id, problem)


def _is_error(entry_id: str | None, title: str | None) -> bool:
    if entry_id is not None and "/api/errors" in entry_id:
        return True
    return title == "Error" and arxiv_id_from_url(entry_id or "") is None


def _feed_error(entry: Any) -> FeedError:
    message = _clean(entry.get("summary")) or _clean(entry.get("id")) or "unknown error"
    rejected = _REJECTED_ID.fullmatch(message)
    return FeedError(message, rejected["id"].strip() if rejected else None)


def _links(raw: _RawEntry | None, arxiv_id: ArxivId) -> tuple[str, str]:
    """The abs and pdf links, told apart by their attributes, never guessed from the href."""
    abs_url = pdf_url = None
    for link in raw.links if raw is not None else ():
        href = link.get("href")
        if not href:
            continue
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            pdf_url = pdf_url or href
        elif link.get("rel") == "alternate":
            abs_url = abs_url or href
    # Links without rel/type/title (the 2025-11-11 server bug) cannot be told apart: the ID
    # says where they point.
    return abs_url or arxiv_id.abs_url, pdf_url or arxiv_id.pdf_url


def _categories(entry: Any) -> tuple[str, ...]:
    terms: list[str] = []
    for tag in entry.get("tags") or ():
        term = _clean(tag.get("term")) if isinstance(tag, Mapping) else None
        if term and _ARXIV_CATEGORY.fullmatch(term) and term not in terms:
            terms.append(term)
    return tuple(terms)


def _feedparser_authors(entry: Any) -> tuple[Author, ...]:
    names = (_clean(a.get("name")) for a in entry.get("authors") or () if isinstance(a, Mapping))
    return tuple(Author(name) for name in names if name)


def _raw_entries(data: bytes) -> list[_RawEntry]:
    """Per-entry details feedparser does not keep, in document order.

    feedparser flattens `arxiv:affiliation` to the entry (last one wins) and fills in
    rel="alternate" on links that have none, which hides the 2025-11-11 link bug.
    """
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return []
    entries: list[_RawEntry] = []
    for element in root.iter(f"{_ATOM}entry"):
        authors: list[Author] = []
        for author in element.findall(f"{_ATOM}author"):
            name = _clean(author.findtext(f"{_ATOM}name"))
            if name:
                affiliations = (_clean(a.text) for a in author.findall(f"{_ARXIV}affiliation"))
                authors.append(Author(name, tuple(a for a in affiliations if a)))
        links = tuple(dict(link.attrib) for link in element.findall(f"{_ATOM}link"))
        entry_id = (element.findtext(f"{_ATOM}id") or "").strip()
        entries.append(_RawEntry(entry_id, tuple(authors), links))
    return entries


def _clean(value: object) -> str | None:
    """Collapse whitespace runs (legacy feeds hard-wrap text); None when nothing is left."""
    if not isinstance(value, str):
        return None
    collapsed = _WHITESPACE.sub(" ", value).strip()
    return collapsed or None


def _atom_date(text: str) -> date | None:
    """The calendar date of an Atom timestamp; None unless every part of it can exist."""
    match = _ATOM_DATE.fullmatch(text.strip())
    if match is None:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None and k != "sign"}
    try:
        moment = datetime(parts["year"], parts["month"], parts["day"], parts.get("hour", 0),
                          parts.get("minute", 0), parts.get("second", 0))
    except ValueError:
        return None
    if parts.get("tzh", 0) > 23 or parts.get("tzm", 0) > 59:
        return None
    # arXiv writes UTC ("Z"); another zone is turned into UTC, as feedparser did.
    offset = timedelta(hours=parts.get("tzh", 0), minutes=parts.get("tzm", 0))
    try:
        moment = moment - offset if match["sign"] == "+" else moment + offset
    except OverflowError:
        return None
    return moment.date()


def _int_or_none(value: object) -> int | None:
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None


def _not_a_feed(data: bytes, broken: bool) -> NotAFeed:
    head = data.lstrip().lstrip(b"\xef\xbb\xbf")[:200].lower()
    if head.startswith(b"<!doctype html") or b"<html" in head:
        kind = "an HTML page"
    elif not head.startswith(b"<"):
        kind = "plain text"
    elif broken:
        kind = "broken or truncated XML"
    else:
        kind = "XML that is not an Atom feed"
    return NotAFeed(
        f"arXiv answered with {kind} instead of an Atom feed ({len(data)} bytes): {_excerpt(data)}"
    )


def _excerpt(data: bytes) -> str:
    text = _WHITESPACE.sub(" ", data[: _SHOWN_BODY_MAX * 4].decode("utf-8", "replace")).strip()
    if len(text) > _SHOWN_BODY_MAX:
        text = text[: _SHOWN_BODY_MAX - 1] + "…"
    # Shown to the user as is, so nothing in a hostile body may move the terminal's cursor.
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in text)
    return f'"{text}"'


def _require_str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _optional_str(value: object) -> str | None:
    return None if value is None else _require_str(value)
