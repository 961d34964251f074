"""Where a paper appeared, as the list writes it, from arXiv's record or Semantic Scholar's.

A venue is only ever written in the list's own words: a name of its vocabulary, or of the
built-in catalogue of real venues (`wmcurate.venues`), reached through any spelling a
service gives (Semantic Scholar's venue text, its venue record's name and
`alternate_names`, an acronym in parentheses). What cannot be reached that way is not
written: it comes back as `Unclear`, naming the venue in full for a human to add. A
preprint server (arXiv, CoRR, bioRxiv, ...) is no venue, and a workshop is never taken for
the conference it is held at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wmcurate.enrich import detect_venue
from wmcurate.feed import Paper
from wmcurate.quoting import quote
from wmcurate.refresh.model import ARXIV, S2
from wmcurate.s2feed import S2Paper
from wmcurate.venues import Kind, VenueIndex, catalogue, preprint

__all__ = ["Mapped", "Unclear", "from_arxiv", "from_s2"]

_PARENS = re.compile(r"\(([^()]{1,60})\)")
_DATING = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])|\b[0-9]+(?:st|nd|rd|th)\b",
                     re.IGNORECASE)
_WORKSHOP = re.compile(r"\bworkshops?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mapped:
    """A venue the list can write: `name` is the list's (or the catalogue's) spelling;
    `year` is None only when arXiv named the venue without one. `quoted` is the text it was
    read from, `origin` where that text is (comment, journal_ref, semantic_scholar)."""

    name: str
    year: int | None
    quoted: str
    origin: str
    source: str

    @property
    def value(self) -> str:
        return f"{self.name} {self.year}" if self.year is not None else self.name

    @property
    def evidence(self) -> str:
        where = {"comment": "arXiv comment", "journal_ref": "arXiv journal reference"}
        return f'{where.get(self.origin, self.source)}: "{self.quoted}"'


@dataclass(frozen=True)
class Unclear:
    """A venue was named but cannot be written; `reason` says why, for a human."""

    reason: str


def is_preprint_server(text: str) -> bool:
    """arXiv, CoRR, "arXiv.org", a preprint or e-print, bioRxiv, SSRN, ...: no venue."""
    if preprint(text) is not None:
        return True
    known = catalogue().lookup(text)
    return known is not None and known.kind == "preprint"


def from_arxiv(paper: Paper, index: VenueIndex) -> Mapped | Unclear | None:
    """The venue arXiv's journal reference or comment names (see `venue_detect`)."""
    guess = detect_venue(paper.comment, paper.journal_ref, index.vocabulary)
    if guess is None or is_preprint_server(guess.name):
        return None
    found = index.resolve(guess.name)
    if found.status == "unknown" or not found.canonical:
        said = "journal reference" if guess.source == "journal_ref" else "comment"
        return Unclear(f"arXiv's {said} names '{guess.name}' (\"{guess.evidence}\"), which "
                       "neither the list's venues nor wmcurate's catalogue knows: add it to "
                       "venues: in wmcurate.yaml, then run refresh again")
    return Mapped(found.canonical, guess.year, guess.evidence, guess.source, ARXIV)


def from_s2(paper: S2Paper, index: VenueIndex) -> Mapped | Unclear | None:
    """The venue of Semantic Scholar's record, when it names one that is not a preprint
    server. The caller has already checked that the record is the same paper."""
    record = paper.publication_venue
    texts = [t for t in (*(record.names if record else ()), paper.venue) if t]
    texts = [t for t in dict.fromkeys(texts) if not is_preprint_server(t)]
    if not texts:
        return None
    full = record.name if record and record.name in texts else texts[0]
    found: dict[str, Kind | None] = {}
    for text in texts:
        for candidate in _spellings(text):
            if is_preprint_server(candidate):
                continue
            resolved = index.resolve(candidate)
            if resolved.status == "unknown" or not resolved.canonical:
                continue
            venue = resolved.venue or catalogue().lookup(resolved.canonical)
            found.setdefault(resolved.canonical, venue.kind if venue else None)
    workshop = any(_WORKSHOP.search(t) for t in texts) or "workshop" in found.values()
    shown = _shown(full, [t for t in texts if t != full])
    if workshop:
        main = [name for name, kind in found.items() if not _is_workshop(name, kind)]
        found = {name: kind for name, kind in found.items() if _is_workshop(name, kind)}
        if not found:
            of = f" of {' / '.join(main)}" if main else ""
            return Unclear(f"Semantic Scholar says it appeared at a workshop{of} ({shown}): a "
                           "workshop is not the main conference, and neither the list's venues "
                           "nor wmcurate's catalogue has a name for this one; add it to "
                           "venues: in wmcurate.yaml, then run refresh again")
    if not found:
        return Unclear(f"Semantic Scholar says it appeared at {shown}, which neither the "
                       "list's venues nor wmcurate's catalogue knows: add it to venues: in "
                       "wmcurate.yaml (its short name, with these names as aliases), then "
                       "run refresh again")
    if len(found) > 1:
        return Unclear(f"Semantic Scholar's record ({shown}) names more than one venue: "
                       f"{', '.join(found)}")
    (name, kind), = found.items()
    stated = record.type if record else None
    if stated in ("conference", "journal") and kind in ("conference", "journal") and \
            kind != stated:
        return Unclear(f"Semantic Scholar calls {shown} a {stated}, but {name} is a {kind}: "
                       "check which one it is")
    date = paper.publication_date
    year = paper.year or (date.year if date else None)
    if year is None:
        return Unclear(f"Semantic Scholar says it appeared at {name} ({shown}) but gives no "
                       "year: add the year by hand")
    return Mapped(name, year, full, "semantic_scholar", S2)


def _spellings(text: str) -> list[str]:
    """`2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)` ->
    the name without its year and ordinal, and `CVPR`."""
    inside = [m.group(1).strip() for m in _PARENS.finditer(text)]
    bare = " ".join(_DATING.sub(" ", _PARENS.sub(" ", text)).split()).strip(" ,;:-'")
    return [s for s in dict.fromkeys((text, bare, *inside)) if s]


def _is_workshop(name: str, kind: Kind | None) -> bool:
    return kind == "workshop" or _WORKSHOP.search(name) is not None


def _shown(full: str, others: list[str]) -> str:
    also = f" (also called {', '.join(quote(o) for o in others[:6])})" if others else ""
    return f"{quote(full)}{also}"
