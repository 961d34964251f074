"""Venue rules: the list's vocabulary, the catalogue of real venues, preprints, years.

A venue is "<NAME> <YEAR>". Its name is checked against the list's `venues:` first (no
catalogue is read for a list whose entries all use its own names), then against the
built-in catalogue of real venues (`wmcurate.venues`): a real venue the list does not list
is a warning, a name that is no venue at all an error, with a "did you mean" only for a
near miss of a real one. Every message shows the whole value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from wmcurate.config import Venue as ListedVenue
from wmcurate.lint.fields import arxiv_year
from wmcurate.lint.registry import Issue, ListIndex, Transform, rule
from wmcurate.model import Entry
from wmcurate.venues import (
    PREPRINT_NAME,
    Preprint,
    Resolution,
    VenueIndex,
    Vocabulary,
    closest,
    spaced_year,
    squeeze,
    venue_index,
    vocabulary_of,
)
from wmcurate.venues import preprint as _preprint
from wmcurate.venues import split_venue as _split_venue

_WHERE = "venues: in wmcurate.yaml"
_LETTER_FIRST = re.compile(r"^[A-Za-z]")
_ID_MONTH = re.compile(r"(?:^|/)[0-9]{2}([0-9]{2})")


# -- what the rules share ----------------------------------------------------------------------
@lru_cache(maxsize=8)
def _vocabulary(venues: tuple[ListedVenue, ...]) -> Vocabulary:
    return vocabulary_of(venues)


_LAST: list[tuple[ListIndex, VenueIndex]] = []


def _venues(index: ListIndex) -> VenueIndex:
    """The list's venue index; every rule asks for it for every entry, so the last one is kept."""
    if _LAST and _LAST[0][0] is index:
        return _LAST[0][1]
    found = venue_index(_vocabulary(tuple(index.config.venues)))
    _LAST[:] = [(index, found)]
    return found


@lru_cache(maxsize=65536)
def split_venue(value: str) -> tuple[str, int | None]:
    return _split_venue(value)


@lru_cache(maxsize=65536)
def preprint(value: str) -> Preprint | None:
    return _preprint(value)


def _is_release_year(entry: Entry, value: str) -> bool:
    """A product's venue is its release year ("2024 (open release)"), not a venue."""
    return (
        entry.arxiv is None
        and split_venue(value)[1] is not None
        and not _LETTER_FIRST.match(value)
    )


def _source_texts(entry: Entry) -> list[str]:
    source = entry.source if isinstance(entry.source, Mapping) else {}
    return [
        text
        for text in (source.get("journal_ref"), source.get("comment"))
        if isinstance(text, str) and text.strip()
    ]


def _named_by_source(
    entry: Entry, name: str, venues: VenueIndex, found: Resolution | None = None
) -> str | None:
    """The arXiv evidence (`source.journal_ref`, `source.comment`) that names this venue."""
    from wmcurate.venue_detect import text_names_venue

    names = {name}
    if found is not None and found.canonical:
        names.add(found.canonical)
    for text in _source_texts(entry):
        if any(text_names_venue(text, n, venues.vocabulary) for n in names):
            return text
    return None


def closest_venue(name: str, choices: Sequence[str]) -> str | None:
    """The venue among `choices` a misspelt name most likely meant (see `venues.closest`)."""
    return closest(name, choices)


# -- WMC301, WMC306: is it a venue, and the list's? --------------------------------------------
@rule(
    "WMC301",
    "venue-unknown",
    "error",
    "entry",
    "The venue is neither in the list's vocabulary nor a real venue wmcurate knows.",
    "Venues are compared, counted and sorted by name; a misspelt name (ICRL) is a different "
    "venue. A list without `venues:` accepts every venue.",
    """
venue: ICRL 2023
""",
    "Correct a misspelling (the message names the near miss), or add the venue to "
    "`venues:` in wmcurate.yaml.",
)
def venue_unknown(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    value = entry.venue
    if not value or not index.config.venues or preprint(value) or _is_release_year(entry, value):
        return
    name, _ = split_venue(value)
    if not name:  # "2023" alone: a paper's venue needs a name
        yield Issue(
            ("venue",),
            f"venue '{value}' names no venue: write '<NAME> <YEAR>' "
            "('arXiv <YEAR>' while the paper is only on arXiv)",
        )
        return
    venues = _venues(index)
    if venues.resolve(name).status != "unknown" or _named_by_source(entry, name, venues):
        return
    meant = venues.suggestion(name)
    hint = f": did you mean '{value.replace(name, meant, 1)}'?" if meant else ""
    yield Issue(
        ("venue",),
        f"unknown venue '{value}'{hint} (neither in {_WHERE} nor a venue "
        "wmcurate knows; if it is real, add it to venues)",
    )


@rule(
    "WMC306",
    "venue-not-listed",
    "warning",
    "entry",
    "The venue is real but missing from the list's vocabulary.",
    "The vocabulary is the list's own record of the venues it uses and how it writes them; "
    "a venue missing there is spelt however each contributor spells it.",
    """
venue: ICME 2024
""",
    "Add the venue to `venues:` in wmcurate.yaml (the message gives its name).",
)
def venue_not_listed(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    value = entry.venue
    if not value or not index.config.venues or preprint(value) or _is_release_year(entry, value):
        return
    name, _ = split_venue(value)
    if not name:
        return
    venues = _venues(index)
    found = venues.resolve(name)
    if found.status == "real" and found.venue is not None:
        venue = found.venue
        written = "" if name == venue.name else f" (as '{venue.name}')"
        yield Issue(
            ("venue",),
            f"venue '{value}' is {venue.full}, a real venue missing from "
            f"this list's vocabulary: add it to venues{written} in wmcurate.yaml",
        )
    elif found.status == "unknown" and _named_by_source(entry, name, venues):
        yield Issue(
            ("venue",),
            f"venue '{value}' is named by the paper's arXiv record but "
            f"missing from this list's vocabulary: add it to venues in wmcurate.yaml",
        )


# -- WMC302: one spelling per venue ------------------------------------------------------------
def _canonical_venue(index: ListIndex) -> Transform:
    def fix(old: Any) -> Any:
        value = str(old)
        if preprint(value):
            return old
        value = spaced_year(value)
        name, _ = split_venue(value)
        found = _venues(index).resolve(name) if name and index.config.venues else None
        if found is not None and found.status == "alias" and found.canonical:
            value = value.replace(name, found.canonical, 1)
        return old if value == str(old) else value

    return fix


@rule(
    "WMC302",
    "venue-alias",
    "warning",
    "entry",
    "The venue is written with another spelling of a venue the list knows, or its year is "
    "not written '<NAME> <YEAR>' (CVPR2023, ICASSP-2024, CVPR'23).",
    "One spelling per venue keeps the list consistent and searchable.",
    """
venue: SIGGRAPH-ASIA 2024
""",
    "`--fix` writes the list's name and the year in full after one space "
    "(SIGGRAPH Asia 2024; CVPR'23 -> CVPR 2023).",
)
def venue_alias(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    value = entry.venue
    if not value or preprint(value):
        return
    name, _ = split_venue(value)
    if not name:
        return
    fixed = _canonical_venue(index)(value)
    if fixed != value:
        yield Issue(
            ("venue",),
            f"write the venue '{value}' as '{fixed}'",
            (("venue",), _canonical_venue(index), f"venue -> {fixed}"),
        )


# -- WMC303, WMC305: the year, and preprints ---------------------------------------------------
@rule(
    "WMC303",
    "venue-no-year",
    "error",
    "entry",
    "The venue has no year.",
    "A venue is '<NAME> <YEAR>'; the year dates the work and orders it.",
    """
venue: CVPR
""",
    "Add the year, e.g. 'CVPR 2024'.",
)
def venue_no_year(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    value = entry.venue
    if value and split_venue(value)[1] is None and not preprint(value):
        yield Issue(("venue",), f"venue '{value}' has no year: write '<NAME> <YEAR>'")


def _preprint_name(vocabulary: Vocabulary) -> str:
    """How the list writes the arXiv venue: its own name for it, else "arXiv"."""
    for name, aliases in vocabulary:
        if any(squeeze(s) in ("arxiv", "corr") for s in (name, *aliases)):
            return name
    return PREPRINT_NAME


def _preprint_year(found: Preprint, entry: Entry) -> int | None:
    """The year the text writes, else the first version's, else the arXiv ID's."""
    if found.year is not None:
        return found.year
    if entry.published is not None:
        return entry.published.year
    return arxiv_year(found.arxiv_id) or arxiv_year(entry.arxiv)


def _as_preprint(name: str, fallback: int | None) -> Transform:
    def fix(old: Any) -> Any:
        found = preprint(str(old))
        year = found.year if found is not None and found.year is not None else fallback
        return f"{name} {year}" if found is not None and year is not None else old

    return fix


@rule(
    "WMC305",
    "venue-preprint",
    "warning",
    "entry",
    "A preprint is written another way than '<arXiv> <YEAR>'.",
    "Hand-kept lists write preprints many ways (`arxiv (30 Sep 2023)`, `arXiv preprint "
    "arXiv:2310.01234`, `CoRR abs/2310.01234`, `Preprint`); one form keeps them countable "
    "and sortable.",
    """
venue: arXiv preprint arXiv:2310.01234
""",
    "`--fix` writes 'arXiv <YEAR>': the year the text gives, else the first version's "
    "(`published`), else the arXiv ID's.",
)
def venue_preprint(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    value = entry.venue
    found = preprint(value) if value else None
    if value is None or found is None:
        return
    vocabulary = _venues(index).vocabulary
    target = _preprint_name(vocabulary)
    name, year = split_venue(value)
    listed = {n for n, _ in vocabulary}
    if year is not None and value == f"{name} {year}" and (name == target or name in listed):
        return  # already the list's own way of writing it
    if not found.names_arxiv and entry.arxiv is None:
        yield Issue(
            ("venue",),
            f"preprint venue '{value}': write '{target} <YEAR>' if the "
            "paper is on arXiv (with its arxiv: ID), else the server's name and year",
        )
        return
    year = _preprint_year(found, entry)
    if year is None:
        yield Issue(
            ("venue",),
            f"preprint venue '{value}' has no year, and the entry has no "
            f"published date or arXiv ID to take one from: write '{target} <YEAR>'",
        )
        return
    fixed = f"{target} {year}"
    yield Issue(
        ("venue",),
        f"preprint venue '{value}': write it as '{fixed}'",
        (("venue",), _as_preprint(target, year), f"venue -> {fixed}"),
    )


# -- WMC304: the venue's year and the paper's ----------------------------------------------------
def _id_month(arxiv: str | None) -> int | None:
    match = _ID_MONTH.search(arxiv or "")
    return int(match.group(1)) if match else None


@rule(
    "WMC304",
    "venue-before-arxiv",
    "warning",
    "entry",
    "The venue's year is before the paper was first posted to arXiv.",
    "Usually one of the two is wrong. Not always: an old journal paper may be posted to "
    "arXiv years later, so this is quiet when the paper's arXiv record (source.journal_ref "
    "or source.comment) names the venue, and a paper submitted on 30-31 December (whose ID "
    "carries the next year) is not flagged.",
    """
arxiv: "2309.17080"
published: 2023-09-29
venue: CVPR 2022
""",
    "Check the venue's year and the arXiv ID.",
)
def venue_before_arxiv(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    value = entry.venue
    if not value:
        return
    name, year = split_venue(value)
    if year is None:
        return
    if entry.published is not None:
        first = f"the paper's first arXiv version ({entry.published.isoformat()})"
        earliest = entry.published.year
    else:
        posted = arxiv_year(entry.arxiv)
        if posted is None:
            return
        first = f"the year of its arXiv ID {entry.arxiv} ({posted})"
        # Submitted on 30-31 December, announced in January: the ID has the next year.
        earliest = posted - 1 if _id_month(entry.arxiv) == 1 else posted
    if year >= earliest:
        return
    if not preprint(value) and name:
        venues = _venues(index)
        said = _named_by_source(entry, name, venues, venues.resolve(name))
        if said is not None and (str(year) in said or not re.search(r"(?:19|20)[0-9]{2}", said)):
            return  # arXiv's record says it: a paper posted after it was published
    yield Issue(
        ("venue",),
        f"venue '{value}' is dated {year}, before {first}: check the year "
        "(a paper posted to arXiv after it was published is fine)",
    )
