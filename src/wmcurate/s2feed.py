"""Reading Semantic Scholar's answers: bytes in, papers out, no I/O.

The Graph API's batch endpoint (`POST /graph/v1/paper/batch`) answers a JSON array in the
order of the ids asked for, with `null` where it knows no paper. Each record holds only the
fields asked for (`FIELDS`); any of them may be missing or `null`. Errors come as a JSON
object: `{"error": "..."}` for a bad request, `{"message": "..."}` from the gateway
(403 Forbidden, 429 Too Many Requests).

Values are read defensively: a field of the wrong type, or longer than any real paper's, is
treated as absent, and control characters never reach the list. An answer that is not such
an array at all (an HTML page, JSON cut off on the way, an array of another length) is
`NotS2Answer`: nothing in it can be matched to the ids asked for.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wmcurate.errors import NetworkError
from wmcurate.quoting import UNSAFE

__all__ = [
    "FIELDS",
    "NotS2Answer",
    "PublicationVenue",
    "S2Paper",
    "error_text",
    "parse_batch",
]

#: What refresh asks for: the venue (free text and the structured record with its other
#: names), the publication's year and date, its DOI and arXiv ID, the citation count, and
#: the title and authors that show it is the same paper.
FIELDS: tuple[str, ...] = (
    "title", "authors", "venue", "publicationVenue", "year", "publicationDate", "externalIds",
    "citationCount",
)  # fmt: skip

#: Longest accepted value per field, in characters, and the most names in a list: far
#: beyond any real record. A value past these is treated as absent.
_LIMITS = {"title": 2_000, "name": 1_000, "venue": 1_000, "id": 200, "doi": 500}
_MAX_AUTHORS = 20_000
_MAX_ALTERNATE_NAMES = 100
_SHOWN_BODY_MAX = 120
_ARXIV_VERSION = re.compile(r"v[0-9]+$")


class NotS2Answer(NetworkError):
    """Semantic Scholar's answer is not a batch answer for the ids asked for."""


@dataclass(frozen=True)
class PublicationVenue:
    """Semantic Scholar's record of a venue: `type` is "conference", "journal" or other
    values it may add; `alternate_names` are its other names (often the acronym)."""

    name: str
    type: str | None = None
    alternate_names: tuple[str, ...] = ()
    id: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, *self.alternate_names)))


@dataclass(frozen=True)
class S2Paper:
    """One paper as Semantic Scholar describes it. `venue` is "" when it names none;
    `year` and `publication_date` are those of the publication it holds (for a paper it
    merged with its published version, the published one's)."""

    paper_id: str
    title: str
    authors: tuple[str, ...] = ()
    venue: str = ""
    publication_venue: PublicationVenue | None = None
    year: int | None = None
    publication_date: dt.date | None = None
    doi: str | None = None
    arxiv: str | None = None
    citation_count: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, in the API's own field names; `from_record` reads it back."""
        venue = self.publication_venue
        return {
            "paperId": self.paper_id,
            "title": self.title,
            "authors": [{"name": name} for name in self.authors],
            "venue": self.venue,
            "publicationVenue": None if venue is None else {
                "id": venue.id, "name": venue.name, "type": venue.type,
                "alternate_names": list(venue.alternate_names),
            },
            "year": self.year,
            "publicationDate": self.publication_date.isoformat()
            if self.publication_date else None,
            "externalIds": {k: v for k, v in (("DOI", self.doi), ("ArXiv", self.arxiv)) if v},
            "citationCount": self.citation_count,
        }


def parse_batch(data: bytes, count: int) -> list[S2Paper | None]:
    """The papers of a batch answer for `count` ids, in the order asked; None where
    Semantic Scholar knows no paper. Raises `NotS2Answer` when `data` is not such an answer.
    """
    try:
        answer = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotS2Answer(_not_json(data)) from None
    if isinstance(answer, Mapping):
        said = error_text(data)
        detail = f": {said}" if said else ""
        raise NotS2Answer(f"Semantic Scholar answered with an error instead of papers{detail}")
    if not isinstance(answer, list):
        raise NotS2Answer(f"Semantic Scholar answered {_kind(answer)} instead of a list of "
                          "papers")
    if len(answer) != count:
        raise NotS2Answer(f"Semantic Scholar answered {len(answer)} record(s) for {count} "
                          "id(s) asked: they cannot be matched to the ids")
    papers: list[S2Paper | None] = []
    for position, record in enumerate(answer):
        if record is None:
            papers.append(None)
        elif isinstance(record, Mapping):
            papers.append(from_record(record, position))
        else:
            raise NotS2Answer(f"Semantic Scholar's record {position + 1} is {_kind(record)}, "
                              "not a paper or null")
    return papers


def from_record(record: Mapping[str, Any], position: int = 0) -> S2Paper:
    """One paper record; raises `NotS2Answer` when it has no paper id."""
    paper_id = _text(record.get("paperId"), "id")
    if not paper_id:
        raise NotS2Answer(f"Semantic Scholar's record {position + 1} has no paperId")
    ids = record.get("externalIds")
    ids = ids if isinstance(ids, Mapping) else {}
    arxiv = _text(ids.get("ArXiv"), "id")
    return S2Paper(
        paper_id=paper_id,
        title=_text(record.get("title"), "title") or "",
        authors=_authors(record.get("authors")),
        venue=_text(record.get("venue"), "venue") or "",
        publication_venue=_venue(record.get("publicationVenue")),
        year=_year(record.get("year")),
        publication_date=_date(record.get("publicationDate")),
        doi=_text(ids.get("DOI"), "doi"),
        arxiv=_ARXIV_VERSION.sub("", arxiv) if arxiv else None,
        citation_count=_count(record.get("citationCount")),
    )


def error_text(data: bytes) -> str | None:
    """What an error body says (`{"error": ...}` or `{"message": ...}`), cleaned for a
    message; None when the body says nothing readable."""
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(body, Mapping):
        return None
    for key in ("error", "message"):
        said = _text(body.get(key), "venue")
        if said:
            return said[:300]
    return None


# -- values ---------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Whitespace runs and control characters become one space: a server's text never
    brings a newline, an escape sequence or a bidi override into the list."""
    return " ".join(UNSAFE.sub(" ", text).split())


def _text(value: object, kind: str) -> str | None:
    if not isinstance(value, str):
        return None
    text = _clean(value)
    if not text or len(text) > _LIMITS[kind]:
        return None
    return text


def _authors(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > _MAX_AUTHORS:
        return ()
    names = []
    for author in value:
        name = _text(author.get("name"), "name") if isinstance(author, Mapping) else None
        if name:
            names.append(name)
    return tuple(names)


def _venue(value: object) -> PublicationVenue | None:
    if not isinstance(value, Mapping):
        return None
    name = _text(value.get("name"), "venue")
    if not name:
        return None
    others = value.get("alternate_names")
    alternate: list[str] = []
    if isinstance(others, list):
        for other in others[:_MAX_ALTERNATE_NAMES]:
            text = _text(other, "venue")
            if text and text != name and text not in alternate:
                alternate.append(text)
    kind = _text(value.get("type"), "id")
    return PublicationVenue(name, kind.casefold() if kind else None, tuple(alternate),
                            _text(value.get("id"), "id"))


def _year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 1000 <= value <= 9999 else None


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            dict: "an object", list: "a list"}.get(type(value), type(value).__name__)


def _not_json(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    if not text:
        return "Semantic Scholar answered with an empty page"
    if text.startswith("[") or text.startswith("{"):
        return "Semantic Scholar's answer is cut off or broken JSON"
    shown = _clean(text)[:_SHOWN_BODY_MAX]
    return f"Semantic Scholar answered with something that is not JSON: {shown!r}"


def paper_from_cache(raw: Mapping[str, Any]) -> S2Paper:
    """Read back what `S2Paper.to_dict` wrote; raises ValueError when it does not hold one."""
    try:
        return from_record(raw)
    except NotS2Answer as exc:
        raise ValueError(exc.message) from None

