"""Publication venues: a built-in catalogue of real ones, and how lists and papers write them.

The catalogue (`data/venues.json`: conferences, journals and workshops of computer science
and neighbouring fields, with full names and common aliases) says which venues exist; a
list's own `venues:` says which of them it uses and how it spells them. `VenueIndex` joins
the two, for lint (is this value a venue, which one, how should the list write it) and for
add (which venues does this arXiv comment name). The catalogue is read once, and only when
something asks a question the list's vocabulary cannot answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, Protocol

__all__ = [
    "Catalogue",
    "Mention",
    "Preprint",
    "Resolution",
    "Venue",
    "VenueIndex",
    "catalogue",
    "closest",
    "preprint",
    "split_venue",
    "squeeze",
    "venue_index",
    "vocabulary_of",
]

Kind = Literal["conference", "journal", "workshop", "preprint"]
_KINDS: tuple[Kind, ...] = ("conference", "journal", "workshop", "preprint")
#: How lists write a paper that is only on arXiv: "arXiv <YEAR>".
PREPRINT_NAME = "arXiv"


@dataclass(frozen=True)
class Venue:
    """One real venue. `ambiguous`: its short name is also a common word or abbreviation
    (FAST, DATE, CASE), so free text must spell it out before it counts."""

    name: str
    full: str
    kind: Kind
    area: str
    aliases: tuple[str, ...] = ()
    ambiguous: bool = False

    @property
    def spellings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, self.full, *self.aliases)))


# -- keys: how two spellings of one venue are recognised as one ------------------------------
_NOT_KEY = re.compile(r"[^0-9a-z]+")
_WORDS = re.compile(r"[0-9a-z]+")
#: Words that say nothing about which venue it is: "Proc. of the IEEE/CVF CVPR" is CVPR.
_FILLER = frozenset(
    {"the", "of", "on", "in", "and", "for", "at", "ieee", "acm", "cvf", "proceedings", "proc",
     "annual", "intl"}
)  # fmt: skip
_ORDINAL = re.compile(r"^[0-9]+(?:st|nd|rd|th)$")


def squeeze(text: str) -> str:
    """Case, accents, spaces and punctuation folded away: `SIGGRAPH-ASIA` and `SIGGRAPH Asia`
    meet, and so do `Séminaire` and `Seminaire`."""
    folded = text.casefold().replace("&", "and")
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
    return _NOT_KEY.sub("", folded)


def _loose_key(text: str) -> str:
    """`squeeze` without the filler words and ordinals ("Proc. 31st ACM ISSTA" -> "issta")."""
    words = _WORDS.findall(text.casefold())
    return "".join(w for w in words if w not in _FILLER and not _ORDINAL.match(w))


class Catalogue:
    """The real venues, found by any of their spellings."""

    def __init__(self, venues: Iterable[Venue]) -> None:
        self.venues: tuple[Venue, ...] = tuple(venues)
        self._exact: dict[str, Venue] = {}
        for venue in self.venues:
            for spelling in venue.spellings:
                key = squeeze(spelling)
                if key:
                    self._exact.setdefault(key, venue)
        loose: dict[str, Venue | None] = {}
        for venue in self.venues:
            for spelling in venue.spellings:
                key = _loose_key(spelling)
                if key and key not in self._exact:
                    # A loose key two venues share names neither.
                    loose[key] = venue if loose.get(key, venue) is venue else None
        self._loose = {k: v for k, v in loose.items() if v is not None}

    def __len__(self) -> int:
        return len(self.venues)

    def lookup(self, text: str) -> Venue | None:
        """The venue `text` names (a short name, full name or alias, in any case), if any."""
        key = squeeze(text)
        if not key:
            return None
        found = self._exact.get(key)
        if found is None:
            loose = _loose_key(text)
            found = self._loose.get(loose) or self._exact.get(loose)
        return found

    def collisions(self) -> list[tuple[str, str, str]]:
        """Spellings whose key two venues share (the catalogue's own check)."""
        seen: dict[str, Venue] = {}
        clashes = []
        for venue in self.venues:
            for spelling in venue.spellings:
                key = squeeze(spelling)
                other = seen.setdefault(key, venue)
                if other is not venue:
                    clashes.append((spelling, other.name, venue.name))
        return clashes


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The built-in catalogue, read from the package's data once per process (and only
    when asked: a list whose venues its own vocabulary names never needs it)."""
    import json
    from importlib import resources

    raw = json.loads(
        resources.files("wmcurate").joinpath("data/venues.json").read_text(encoding="utf-8")
    )
    venues = []
    for area, kinds in raw["areas"].items():
        for kind, items in kinds.items():
            if kind not in _KINDS:
                raise ValueError(f"venues.json: unknown kind {kind!r} in {area!r}")
            for item in items:
                venues.append(
                    Venue(
                        name=item["name"],
                        full=item["full"],
                        kind=kind,
                        area=area,
                        aliases=tuple(item.get("aliases", ())),
                        ambiguous=bool(item.get("ambiguous", False)),
                    )
                )
    return Catalogue(venues)


# -- a venue value: name and year -------------------------------------------------------------
YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")


#: A year written short after a venue's name: `CVPR'23`, `ICCV ’21`.
SHORT_YEAR = re.compile(r"(?<=[A-Za-z0-9)])\s*['’]([0-9]{2})(?![0-9])")


def split_venue(value: str) -> tuple[str, int | None]:
    """`ICLR 2023 (Oral)` -> ("ICLR", 2023); `ICST2023` -> ("ICST", 2023); `CVPR'23` ->
    ("CVPR", 2023); `CVPR` -> ("CVPR", None)."""
    match = YEAR.search(value)
    if not match:
        short = SHORT_YEAR.search(value)
        if short:
            return value[: short.start()].strip(" ,-(:"), full_year(short.group(1))
        return value.strip(), None
    return value[: match.start()].strip(" ,-_'’(:"), int(match.group(1))


def full_year(short: str) -> int:
    """`23` -> 2023, `98` -> 1998: no venue in a paper list is older than 1951."""
    year = int(short)
    return 1900 + year if year > 50 else 2000 + year


#: A year glued to the name (`CVPR2023`), joined by a dash (`ICASSP-2024`) or written short
#: (`CVPR'23`): what `<NAME> <YEAR>` would write with one space and four digits.
_YEAR_SPELLING = re.compile(
    r"^(?P<name>.*?[A-Za-z)])(?P<sep>[-_]?|\s*['’])(?P<year>(?:19|20)[0-9]{2}|[0-9]{2})"
    r"(?![0-9])(?P<rest>.*)$", re.DOTALL)


def spaced_year(value: str) -> str:
    """A venue with its year written `<NAME> <YEAR>`: `CVPR2023` -> `CVPR 2023`,
    `ICASSP-2024` -> `ICASSP 2024`, `CVPR'23` -> `CVPR 2023`; anything else as it is."""
    match = _YEAR_SPELLING.match(value)
    if not match:
        return value
    sep, year = match.group("sep"), match.group("year")
    short = sep.strip().startswith(("'", "’"))
    if short != (len(year) == 2):
        return value  # `CVPR-23`, `CVPR'2023`: not a spelling to guess about
    full = str(full_year(year)) if short else year
    return f"{match.group('name')} {full}{match.group('rest')}"


# -- preprints ----------------------------------------------------------------------------------
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_PREPRINT_PART = re.compile(
    r"(?P<id>(?:arxiv\s*:\s*|abs/)?(?:[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[a-z-]+)?"
    r"/[0-9]{7})(?:v[0-9]+)?)(?![0-9])"
    r"|(?P<arxiv>arxiv(?:\.org)?|corr)(?![a-z])"
    r"|(?P<word>pre-?prints?|e-?prints?)(?![a-z])"
    r"|(?P<year>(?:19|20)[0-9]{2})(?![0-9])"
    r"|(?P<short>['’][0-9]{2})(?![0-9])"
    r"|(?P<day>[0-9]{1,2})(?![0-9])"
    rf"|(?P<month>{_MONTH})\.?(?![a-z])"
    r"|(?P<version>v[0-9]+)(?![0-9a-z])"
    r"|(?P<status>under\s+review|in\s+submission|submitted)(?![a-z])"
    r"|(?P<gap>[\s()\[\],.:;/-]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Preprint:
    """A venue value that says "preprint" (`arxiv (30 Sep 2023)`, `CoRR abs/2310.01234`)."""

    text: str
    year: int | None  # the year the text writes, if any
    arxiv_id: str | None  # the arXiv ID the text writes, if any
    names_arxiv: bool  # the text says arXiv (or CoRR, or gives an arXiv ID)

    @property
    def canonical(self) -> bool:
        return self.text == f"{PREPRINT_NAME} {self.year}"


def preprint(value: str) -> Preprint | None:
    """`value` read as a preprint venue, or None when it is anything else."""
    text = value.strip()
    pos, year, arxiv_id, names_arxiv, is_preprint = 0, None, None, False, False
    while pos < len(text):
        match = _PREPRINT_PART.match(text, pos)
        if match is None or match.end() == pos:
            return None
        kind, part = match.lastgroup, match.group()
        if kind == "id":
            arxiv_id = arxiv_id or re.sub(r"(?i)^(?:arxiv\s*:\s*|abs/)", "", part)
            is_preprint = names_arxiv = True
        elif kind == "arxiv":
            is_preprint = names_arxiv = True
        elif kind == "word":
            is_preprint = True
        elif kind == "year" and year is None:
            year = int(part)
        elif kind == "short" and year is None:
            year = 2000 + int(part[1:])
        pos = match.end()
    if not is_preprint:
        return None
    return Preprint(text, year, arxiv_id, names_arxiv)


# -- near misses --------------------------------------------------------------------------------
def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


def _edits(a: str, b: str, limit: int) -> int:
    """Edit distance where swapping two neighbouring letters is one edit (ICRL -> ICLR);
    anything above `limit` is reported as `limit + 1`."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


def _swapped(a: str, b: str) -> bool:
    """`b` is `a` with two neighbouring characters swapped."""
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


def _distance(wanted: str, candidate: str) -> int | None:
    """How far a name is from a venue's spelling, when it is close enough to be a slip.

    Short names (acronyms of up to five letters) are near only by two swapped letters
    (ICRL, CPVR): one changed letter of an acronym is usually another venue (ICME, ICML).
    """
    if wanted == candidate or squeeze(wanted) == squeeze(candidate):
        return 0
    length = len(candidate.replace(" ", ""))
    if length <= 5:
        return 1 if _swapped(wanted, candidate) else None
    limit = 1 if length < 12 else 2
    if abs(len(wanted) - len(candidate)) > limit:
        return None
    distance = _edits(wanted, candidate, limit)
    return distance if distance <= limit else None


def closest(name: str, choices: Iterable[str | tuple[str, str]]) -> str | None:
    """The venue a misspelt name most likely meant, if one is close enough.

    `choices` are names, or (spelling, name to suggest) pairs. Ties go to a name with the
    same letters in another order: typing two letters in the wrong order is the commonest
    slip.
    """
    wanted = _fold(name)
    if not wanted:
        return None
    best: tuple[int, bool, int, str] | None = None
    for rank, choice in enumerate(choices):
        spelling, meant = (choice, choice) if isinstance(choice, str) else choice
        candidate = _fold(spelling)
        distance = _distance(wanted, candidate)
        if distance is None:
            continue
        score = (distance, sorted(wanted) != sorted(candidate), rank, meant)
        if best is None or score < best:
            best = score
    return best[3] if best else None


# -- a list's vocabulary joined with the catalogue ------------------------------------------------
Status = Literal["listed", "alias", "real", "unknown"]


@dataclass(frozen=True)
class Resolution:
    """What a venue name is to a list.

    `listed`: written as the list writes it. `alias`: another spelling of a listed venue
    (`canonical` is the list's). `real`: a catalogued venue the list's vocabulary lacks.
    `unknown`: neither.
    """

    status: Status
    canonical: str | None = None
    venue: Venue | None = None


#: A list's vocabulary: (name, aliases) per venue, as wmcurate.yaml writes it.
Vocabulary = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass
class VenueIndex:
    """A list's vocabulary, and the catalogue behind it (read only when needed)."""

    vocabulary: Vocabulary
    _names: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _spellings: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _linked: dict[str, str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        for name, aliases in self.vocabulary:
            self._names[name] = name
            for spelling in (name, *aliases):
                key = squeeze(spelling)
                if key:
                    self._spellings.setdefault(key, name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._names)

    @property
    def linked(self) -> dict[str, str]:
        """Catalogue venues the vocabulary lists (under any of their spellings)."""
        if self._linked is None:
            linked: dict[str, str] = {}
            known = catalogue()
            for name, aliases in self.vocabulary:
                for spelling in (name, *aliases):
                    venue = known.lookup(spelling)
                    if venue is not None:
                        linked.setdefault(venue.name, name)
            self._linked = linked
        return self._linked

    def resolve(self, name: str) -> Resolution:
        """Is `name` (a venue value without its year) a venue of this list, a real one, or
        neither? The catalogue is consulted only when the vocabulary does not know it."""
        if name in self._names:
            return Resolution("listed", name)
        key = squeeze(name)
        if key in self._spellings:
            return Resolution("alias", self._spellings[key])
        venue = catalogue().lookup(name)
        if venue is None:
            return Resolution("unknown")
        listed = self.linked.get(venue.name)
        if listed is not None:
            return Resolution("alias", listed, venue)
        return Resolution("real", venue.name, venue)

    def suggestion(self, name: str) -> str | None:
        """A listed or real venue that `name`, which is neither, is a near miss of."""
        return _suggest(name, self.vocabulary)

    def output_name(self, venue: Venue) -> str:
        """How this list writes a catalogued venue: its own name when it lists it."""
        return self.linked.get(venue.name, venue.name)


@lru_cache(maxsize=4096)
def _suggest(name: str, vocabulary: Vocabulary) -> str | None:
    index = venue_index(vocabulary)
    choices: list[tuple[str, str]] = []
    for listed, aliases in vocabulary:
        choices.extend((spelling, listed) for spelling in (listed, *aliases))
    for venue in catalogue().venues:
        meant = index.output_name(venue)
        choices.extend((spelling, meant) for spelling in venue.spellings)
    return closest(name, choices)


@lru_cache(maxsize=32)
def venue_index(vocabulary: Vocabulary) -> VenueIndex:
    """The index for a vocabulary, built once per vocabulary."""
    return VenueIndex(vocabulary)


class _ListedVenue(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


def vocabulary_of(venues: Sequence[_ListedVenue]) -> Vocabulary:
    """A config's `venues:` as a hashable vocabulary."""
    return tuple((v.name, tuple(v.aliases)) for v in venues)


# -- venues named in free text ----------------------------------------------------------------
@dataclass(frozen=True)
class Mention:
    """A venue named in a text, at text[start:end]. `name` is how the list writes it;
    `kind` is None for a venue only the list's vocabulary knows."""

    start: int
    end: int
    name: str
    kind: Kind | None


def mentions(text: str, vocabulary: Vocabulary = ()) -> list[Mention]:
    """Every venue `text` names, in order; where two overlap, the one that starts first
    (then the longer) wins. See `venue_detect` for what counts as naming a venue."""
    from wmcurate.venue_detect import matcher

    return matcher(vocabulary).find(text)
