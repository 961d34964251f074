"""What a reference manager needs to know about one entry, read once for every format.

`cite` turns an entry into a `Citation`: its kind of publication (told by the venue
catalogue), the venue's full name, the year, arXiv facts, DOI and URL. `citation_keys`
gives every entry of a list a BibTeX-style key that is the same whatever order the
entries come in and whichever part of the list is exported.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from wmcurate.config import Config
from wmcurate.model import Entry, text_in
from wmcurate.venues import YEAR, Venue, catalogue, preprint, split_venue

Kind = Literal["conference", "journal", "workshop", "preprint", "other"]
KINDS: tuple[Kind, ...] = ("conference", "journal", "workshop", "preprint", "other")

ARXIV_ABS = "https://arxiv.org/abs/"
#: arXiv registers a DataCite DOI for every paper it holds.
ARXIV_DOI_PREFIX = "10.48550/arXiv."

#: Words a citation key skips to find the first one that says something.
STOP_WORDS = frozenset({
    "a", "an", "the", "on", "of", "in", "for", "to", "with", "and", "or", "at", "by", "from",
    "into", "via", "is", "are", "be", "as", "its", "toward", "towards", "do", "does", "can",
    "how", "what", "when", "why", "which",
})
#: A name with one of these words is an organisation's, not a person's.
ORGANISATION_WORDS = frozenset({
    "team", "lab", "labs", "laboratory", "laboratories", "inc", "ltd", "llc", "corporation",
    "corp", "company", "group", "institute", "university", "foundation", "consortium",
    "collaboration", "research", "deepmind", "openai", "committee", "project", "authors",
})
#: Author list items that stand for the authors not named.
OTHERS = frozenset({"others", "et al", "et al.", "and others", "et. al."})


@dataclass(frozen=True)
class Person:
    """An author: a person's given and family names, or an organisation's name (`literal`)."""

    given: str = ""
    family: str = ""
    literal: str = ""

    @property
    def is_literal(self) -> bool:
        return bool(self.literal)

    @property
    def display(self) -> str:
        return self.literal or " ".join(p for p in (self.given, self.family) if p)


@dataclass(frozen=True)
class Citation:
    """One entry as a reference. `venue` is how the list writes the venue (without its
    year), `venue_full` the catalogue's full name; `note` keeps a qualifier such as Oral."""

    entry: Entry
    kind: Kind
    title: str
    authors: tuple[Person, ...]
    more_authors: bool
    year: int | None
    venue: str | None
    venue_full: str | None
    note: str | None
    arxiv: str | None
    primary_class: str | None
    doi: str | None
    url: str | None
    published: dt.date | None
    abstract: str | None

    @property
    def key(self) -> str:
        return self.entry.key


def language_of(config: Config) -> str:
    """The language whose texts go into references: the list's first."""
    return config.languages[0].code if config.languages else "en"


def single_line(text: str) -> str:
    """Whitespace runs (newlines, tabs) folded into one space; control characters dropped."""
    if text.isprintable():  # nothing to drop, no whitespace but the plain space
        if "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text
        return " ".join(text.split())
    kept = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    return " ".join(kept.split())


def cite(entry: Entry, config: Config) -> Citation:
    language = language_of(config)
    fallback = tuple(c for c in (lang.code for lang in config.languages) if c != language)
    title = single_line(text_in(entry.title, language, fallback) or entry.key)
    abstract = text_in(entry.abstract, language, fallback)
    kind, short, full, year, note = _venue_facts(entry.venue, config)
    source = entry.source or {}
    if kind == "other" and short is None and entry.arxiv and not entry.venue:
        kind = "preprint"
    if year is None and entry.published is not None:
        year = entry.published.year
    authors, more = people(entry.authors)
    primary = source.get("primary_category")
    return Citation(
        entry=entry,
        kind=kind,
        title=title,
        authors=authors,
        more_authors=more,
        year=year,
        venue=short,
        venue_full=full,
        note=note,
        arxiv=entry.arxiv or None,
        primary_class=str(primary) if primary else _old_style_archive(entry.arxiv),
        doi=_clean(_doi(entry, kind)),
        url=_clean(_url(entry, config)),
        published=entry.published,
        abstract=single_line(abstract) if abstract else None,
    )


def _clean(value: str | None) -> str | None:
    return single_line(value) or None if value else None


def _venue_facts(value: str | None, config: Config
                 ) -> tuple[Kind, str | None, str | None, int | None, str | None]:
    """(kind, name as the list writes it, full name, year, qualifier) of a venue value."""
    if not value or not value.strip():
        return "other", None, None, None, None
    text = single_line(value)
    found = preprint(text)
    if found is not None:
        return "preprint", "arXiv" if found.names_arxiv else None, None, found.year, None
    name, year = split_venue(text)
    note = None
    match = YEAR.search(text)
    if match is not None:
        note = text[match.end():].strip(" ,;:-()[]") or None
    if not name:
        return "other", None, None, year, note
    venue = _catalogued(name, config)
    if venue is None:
        return "other", name, None, year, note
    return venue.kind, name, venue.full, year, note


def _catalogued(name: str, config: Config) -> Venue | None:
    """The catalogue's venue for a name: itself, or any spelling the list gives it."""
    known = catalogue()
    venue = known.lookup(name)
    if venue is not None:
        return venue
    for listed in config.venues:
        if name == listed.name or name in listed.aliases:
            for spelling in (listed.name, *listed.aliases):
                venue = known.lookup(spelling)
                if venue is not None:
                    return venue
    return None


def _old_style_archive(arxiv: str | None) -> str | None:
    # hep-th/9901001: the archive is the primary class.
    if arxiv and "/" in arxiv:
        return arxiv.split("/", 1)[0]
    return None


_DOI_IN_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def _doi(entry: Entry, kind: Kind) -> str | None:
    source = entry.source or {}
    if source.get("doi"):
        return str(source["doi"]).strip()
    for url in entry.links.values():
        match = _DOI_IN_URL.match(url.strip())
        if match:
            return match.group(1)
    if kind == "preprint" and entry.arxiv:
        return ARXIV_DOI_PREFIX + entry.arxiv
    return None


def _url(entry: Entry, config: Config) -> str | None:
    links = {label: url.strip() for label, url in entry.links.items() if url and url.strip()}
    if "paper" in links:
        return links["paper"]
    if entry.arxiv:
        return ARXIV_ABS + entry.arxiv
    # A work without a paper is cited by its page (project, model, report), not its code.
    rank = config.link_order()
    for label in sorted(links, key=lambda label: (label in ("code", "pdf"),
                                                  rank.get(label, len(rank)), label)):
        return links[label]
    return None


# -- authors ---------------------------------------------------------------------------------
def people(names: Iterable[str]) -> tuple[tuple[Person, ...], bool]:
    """The authors as persons, and whether the list ends in "et al." (authors not named)."""
    persons: list[Person] = []
    more = False
    for raw in names:
        name = single_line(raw)
        if not name:
            continue
        if name.casefold() in OTHERS:
            more = True
            continue
        persons.append(person(name))
    return tuple(persons), more


@lru_cache(maxsize=1 << 16)  # a list names its authors again and again
def person(name: str) -> Person:
    """`Ben Mildenhall` -> given Ben, family Mildenhall; `Vincent van Gogh` -> family
    `van Gogh`; `Liu, Ruoshi` as written; an organisation or a one-word name stays whole."""
    if "," in name:
        family, _, given = name.partition(",")
        if family.strip() and given.strip() and "," not in given:
            return Person(given=given.strip(), family=family.strip())
        return Person(literal=name)
    words = name.split()
    if len(words) < 2 or any(w.casefold().strip(".,()") in ORGANISATION_WORDS for w in words):
        return Person(literal=name)
    start = len(words) - 1
    # Lower-case particles before the last name belong to it (van, von, de, da, di, le).
    while start > 1 and words[start - 1][:1].islower():
        start -= 1
    return Person(given=" ".join(words[:start]), family=" ".join(words[start:]))


# -- citation keys -------------------------------------------------------------------------------
def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits only: `Müller` -> `muller`, `Zero-1-to-3` ->
    `zero1to3`."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded.casefold() if ch.isascii() and ch.isalnum())


def key_base(citation: Citation) -> str:
    """First author's family name, year, first significant title word: `mildenhall2020nerf`."""
    first = citation.authors[0] if citation.authors else None
    if first is None:
        surname = ""
    elif first.is_literal:
        surname = ascii_word(first.literal.split()[0])
    else:
        surname = ascii_word(first.family)
    word = ""
    for candidate in citation.title.split():
        folded = ascii_word(candidate)
        if folded and folded not in STOP_WORDS:
            word = folded
            break
    year = str(citation.year) if citation.year else ""
    return f"{surname or 'anon'}{year}{word}"


def _tiebreak(citation: Citation) -> tuple[str, str, str]:
    published = citation.published.isoformat() if citation.published else "9999-99-99"
    return (published, citation.arxiv or "~", citation.entry.key)


def citation_keys(citations: Sequence[Citation]) -> dict[str, str]:
    """Entry key -> citation key, unique across `citations`.

    Works sharing a key base are ordered by publication date, then arXiv ID, then entry
    key: the first keeps the plain base and the next get b, c, ... (then ba, bb, ...),
    skipping any key another work already has. The answer depends on the set of
    entries, not on their order.
    """
    bases = {c.key: key_base(c) for c in citations}
    ordered = sorted(citations, key=lambda c: (bases[c.key], *_tiebreak(c)))
    taken: set[str] = set()
    keys: dict[str, str] = {}
    waiting: list[Citation] = []
    for citation in ordered:
        base = bases[citation.key]
        if base in taken:
            waiting.append(citation)
        else:
            taken.add(base)
            keys[citation.key] = base
    for citation in waiting:
        base = bases[citation.key]
        n = 1
        while (candidate := base + _letters(n)) in taken:
            n += 1
        taken.add(candidate)
        keys[citation.key] = candidate
    return keys


def _letters(n: int) -> str:
    """1 -> b, 2 -> c, ..., 24 -> z, 25 -> ba, ... ("a" is the plain key's own place)."""
    out = ""
    while n:
        n, digit = divmod(n, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[digit] + out
    return out
