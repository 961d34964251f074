"""Venue rules: known venues, aliases, years."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from wmcurate.lint.fields import arxiv_year, split_venue
from wmcurate.lint.registry import Issue, ListIndex, Transform, rule
from wmcurate.model import Entry


def _canonical_venue(index: ListIndex) -> Transform:
    def fix(old: Any) -> Any:
        name, _ = split_venue(str(old))
        canonical = index.venue_aliases.get(name.casefold()) or index.venue_names.get(
            name.casefold())
        return str(old).replace(name, canonical, 1) if canonical and name else old
    return fix


# -- venue -------------------------------------------------------------------------
def _known_venue(name: str, index: ListIndex) -> str | None:
    return index.venue_names.get(name.casefold())


def _edits(a: str, b: str) -> int:
    """Edit distance where swapping two neighbouring letters is one edit (ICRL -> ICLR)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def closest_venue(name: str, choices: Sequence[str]) -> str | None:
    """The known venue a misspelt name most likely meant, if any is close enough.

    Ties go to a name with the same letters in another order: typing two letters
    in the wrong order (ICRL) is the commonest slip.
    """
    wanted = name.casefold().replace("-", " ")
    scored = []
    for choice in choices:
        candidate = choice.casefold()
        distance = _edits(wanted, candidate)
        if distance <= max(1, len(candidate) // 3):
            scored.append((distance, sorted(wanted) != sorted(candidate), choice))
    return min(scored)[2] if scored else None


@rule("WMC301", "venue-unknown", "error", "entry",
      "The venue is not in the list's vocabulary.",
      "Venues are compared, counted and sorted by name; a misspelt name (ICRL) is a different "
      "venue.",
      """
venue: ICRL 2023
""", "Use a name from `venues:` in wmcurate.yaml (or add the venue there).")
def venue_unknown(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if not entry.venue:
        return
    name, year = split_venue(entry.venue)
    if not name and entry.arxiv is None and year is not None:
        return  # a product's release year
    if _known_venue(name, index) or name.casefold() in index.venue_aliases:
        return
    if entry.arxiv is None and year is not None and not re.match(r"^[A-Za-z]", entry.venue):
        return  # "2024 (open release)": products have a year, not a venue
    close = closest_venue(name, list(index.venue_names.values()))
    hint = ""
    if close:
        suggestion = f"{close} {year}" if year else close
        hint = f": did you mean '{suggestion}'?"
    yield Issue(("venue",), f"unknown venue '{name}'{hint} (known venues are listed under "
                "venues: in wmcurate.yaml)")


@rule("WMC302", "venue-alias", "warning", "entry",
      "The venue is written with an alias of a known venue.",
      "One spelling per venue keeps the list consistent and searchable.",
      """
venue: SIGGRAPH-ASIA 2024
""", "`--fix` writes the canonical name (SIGGRAPH Asia 2024).")
def venue_alias(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if not entry.venue:
        return
    name, year = split_venue(entry.venue)
    canonical = index.venue_aliases.get(name.casefold())
    if canonical is None and name.casefold() in index.venue_names \
            and index.venue_names[name.casefold()] != name:
        canonical = index.venue_names[name.casefold()]
    if canonical is None:
        return
    fixed = entry.venue.replace(name, canonical, 1)
    if fixed == entry.venue:
        return
    yield Issue(("venue",), f"write the venue as '{fixed}'",
                (("venue",), _canonical_venue(index), f"venue -> {fixed}"))


@rule("WMC303", "venue-no-year", "error", "entry",
      "The venue has no year.",
      "A venue is '<NAME> <YEAR>'; the year dates the work and orders it.",
      """
venue: CVPR
""", "Add the year, e.g. 'CVPR 2024'.")
def venue_no_year(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if entry.venue and split_venue(entry.venue)[1] is None:
        yield Issue(("venue",), f"venue '{entry.venue}' has no year: write '<NAME> <YEAR>'")


@rule("WMC304", "venue-before-arxiv", "error", "entry",
      "The venue's year is before the year of the arXiv ID.",
      "A paper cannot appear at a venue before it was first posted; one of the two is wrong.",
      """
arxiv: "2309.17080"
venue: CVPR 2022
""", "Check the venue and the arXiv ID.")
def venue_before_arxiv(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    year = split_venue(entry.venue or "")[1]
    posted = arxiv_year(entry.arxiv)
    if year is not None and posted is not None and year < posted:
        yield Issue(("venue",), f"venue year {year} is before the arXiv ID's year {posted}: "
                    "check both")


