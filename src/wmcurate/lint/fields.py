"""What rules read from an entry: its arXiv ID, its strings, its venue's parts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from wmcurate.errors import InvalidArxivId
from wmcurate.ids import ArxivId
from wmcurate.ids import arxiv_id_from_url as _arxiv_id_from_url
from wmcurate.ids import parse_arxiv_id as _parse_arxiv_id
from wmcurate.lint.registry import FieldPath, ListIndex
from wmcurate.model import Entry
from wmcurate.quoting import escape

YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
ABS_PDF = re.compile(r"arxiv\.org/abs/[^?#]*\.pdf$", re.IGNORECASE)
REQUIRED_TEXTS = ("one_liner", "innovation", "abstract", "key_points")
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")

# -- helpers -----------------------------------------------------------------------
_PARSED: dict[str, ArxivId | InvalidArxivId] = {}


def parse_arxiv_id(text: str) -> ArxivId:
    """`ids.parse_arxiv_id`, remembered: several rules read the same ID."""
    found = _PARSED.get(text)
    if found is None:
        try:
            found = _parse_arxiv_id(text)
        except InvalidArxivId as exc:
            found = exc
        if len(_PARSED) > 100_000:
            _PARSED.clear()
        _PARSED[text] = found
    if isinstance(found, InvalidArxivId):
        raise found
    return found


def all_strings(raw: Mapping[str, Any]) -> list[tuple[FieldPath, str]]:
    """Every string of an entry but its `source` (arXiv's words, not the list's), with paths,
    in the order of the file."""
    found: list[tuple[FieldPath, str]] = []
    pending: list[tuple[FieldPath, Any]] = [((str(k),), v) for k, v in raw.items()
                                            if k != "source"]
    while pending:
        at, value = pending.pop()
        if isinstance(value, str):
            found.append((at, value))
        elif isinstance(value, Mapping):
            pending.extend(((*at, str(k)), v) for k, v in value.items())
        elif isinstance(value, list):
            pending.extend(((*at, i), v) for i, v in enumerate(value))
    found.reverse()
    return found


def matching_strings(raw: Mapping[str, Any], skip: tuple[str, ...],
                     test: Callable[[str], object]) -> list[tuple[FieldPath, str]]:
    """The strings of `all_strings` outside the `skip` fields for which `test` holds, with
    their paths, in the same order: only their paths are built."""
    found: list[tuple[FieldPath, str]] = []
    for key, value in raw.items():
        if key == "source":
            continue
        name = key if type(key) is str else str(key)
        if name in skip:
            continue
        kind = type(value)
        if kind is str or (kind not in _SCALARS and isinstance(value, str)):
            if test(value):
                found.append(((name,), value))
        elif kind not in _SCALARS and isinstance(value, (Mapping, list)):
            _matching(value, (name,), test, found)
    return found


def _matching(container: Any, at: FieldPath, test: Callable[[str], object],
              found: list[tuple[FieldPath, str]]) -> None:
    if type(container) is dict or (type(container) is not list
                                   and isinstance(container, Mapping)):
        for key, value in container.items():
            kind = type(value)
            if kind is str or (kind not in _SCALARS and isinstance(value, str)):
                if test(value):
                    found.append(((*at, key if type(key) is str else str(key)), value))
            elif kind is not str and kind not in _SCALARS and isinstance(value, (Mapping, list)):
                _matching(value, (*at, key if type(key) is str else str(key)), test, found)
        return
    for index, value in enumerate(container):
        kind = type(value)
        if kind is str or (kind not in _SCALARS and isinstance(value, str)):
            if test(value):
                found.append(((*at, index), value))
        elif kind not in _SCALARS and isinstance(value, (Mapping, list)):
            _matching(value, (*at, index), test, found)


#: What YAML reads besides strings, mappings and lists: values no text rule reads.
_SCALARS = frozenset({type(None), bool, int, float, dt.date, dt.datetime})


class EntryStrings:
    """An entry's strings, read in one walk, for the text rules to scan before they look
    at any one of them: most entries are cleared by a few C-level looks at these joins.

    The strings `all_strings` lists are NUL-joined in three groups: the ASCII ones (never
    mis-decoded; tab, newline and space their only blanks), the others outside the Chinese
    texts, and the others inside them (`in_zh`); each group's strings are kept too. `keys`
    holds every mapping key of the entry (not all of them strings) and every string of its
    `source`: what `all_strings` leaves out. The strings with their paths are listed
    (`matching_strings`) only when a rule looks closer.
    """

    __slots__ = ("raw", "ascii", "ascii_count", "ascii_parts", "other", "other_count",
                 "other_parts", "chinese", "chinese_count", "chinese_parts", "keys")

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        plain: list[str] = []
        other: list[str] = []
        chinese: list[str] = []
        self.ascii_parts, self.other_parts, self.chinese_parts = plain, other, chinese
        self.keys: list[Any] = list(raw)
        # Values read from YAML are exactly dict, list and str: `type` is tried first.
        for key, value in raw.items():
            kind = type(value)
            if key == "source":
                self._source(value)
            elif kind is str:
                (plain if value.isascii() else other).append(value)
            elif kind in _SCALARS:
                continue
            elif kind is dict or kind is list or isinstance(value, (Mapping, list)):
                self._walk(value, False)
            elif isinstance(value, str):
                (plain if value.isascii() else other).append(value)
        self.ascii, self.ascii_count = "\x00".join(plain), len(plain)
        self.other, self.other_count = "\x00".join(other), len(other)
        self.chinese, self.chinese_count = "\x00".join(chinese), len(chinese)

    def _walk(self, container: Any, zh: bool) -> None:
        """The strings and keys inside `container` (inside a Chinese text when `zh`)."""
        plain, other, chinese = self.ascii_parts, self.other_parts, self.chinese_parts
        if type(container) is dict or (type(container) is not list
                                       and isinstance(container, Mapping)):
            self.keys += container
            for key, value in container.items():
                kind = type(value)
                if kind is str or (kind not in _SCALARS and isinstance(value, str)):
                    if value.isascii():
                        plain.append(value)
                    elif zh or str(key).startswith("zh"):
                        chinese.append(value)
                    else:
                        other.append(value)
                elif kind not in _SCALARS and (kind is dict or kind is list
                                               or isinstance(value, (Mapping, list))):
                    self._walk(value, zh or str(key).startswith("zh"))
            return
        for value in container:
            kind = type(value)
            if kind is str or (kind not in _SCALARS and isinstance(value, str)):
                if value.isascii():
                    plain.append(value)
                else:
                    (chinese if zh else other).append(value)
            elif kind not in _SCALARS and (kind is dict or kind is list
                                           or isinstance(value, (Mapping, list))):
                self._walk(value, zh)

    def _source(self, value: Any) -> None:
        """Every key and string of `source`, into `keys`."""
        keys = self.keys
        pending = [value]
        for item in pending:  # grows as it goes
            if isinstance(item, str):
                keys.append(item)
            elif isinstance(item, Mapping):
                keys += item
                pending += item.values()
            elif isinstance(item, list):
                pending += item

    @property
    def non_ascii(self) -> str:
        """The strings that are not ASCII, NUL-joined."""
        if not self.chinese_count:
            return self.other
        if not self.other_count:
            return self.chinese
        return f"{self.other}\x00{self.chinese}"


#: The entry the text rules look at: the runner hands each entry to every rule in turn,
#: so remembering the last walk (not one per entry) serves them all.
_LAST: list[Any] = [None, None]


def entry_strings(raw: Mapping[str, Any]) -> EntryStrings:
    """The `EntryStrings` of `raw`, walked once however many rules ask in a row."""
    if _LAST[0] is raw:
        last: EntryStrings = _LAST[1]
        return last
    found = EntryStrings(raw)
    _LAST[0], _LAST[1] = raw, found
    return found


def forget() -> None:
    """Drop what rules remembered during a run (parsed arXiv IDs and links, the last
    entry's strings): tens of thousands of objects on a large list, which every later
    garbage collection, the one at exit included, would otherwise walk again."""
    _PARSED.clear()
    arxiv_id_from_url.cache_clear()
    _LAST[:] = [None, None]
    _LAST_LINKS[:] = [None, []]


def entry_id(entry: Entry) -> ArxivId | None:
    """The entry's arXiv ID, or None when it has none or a malformed one (WMC201 says so)."""
    if entry.arxiv is None:
        return None
    try:
        return parse_arxiv_id(entry.arxiv)
    except InvalidArxivId:
        return None



def is_empty(value: Any) -> bool:
    if value is None:
        return True
    kind = type(value)
    if kind is str:
        return not value.strip()
    if kind is dict:
        values: Iterable[Any] = value.values()
    elif kind is list:
        values = value
    elif isinstance(value, Mapping):
        values = value.values()
    elif isinstance(value, list):
        values = value
    else:
        return False
    for item in values:
        if type(item) is str:
            if item.strip():
                return False
        elif not is_empty(item):
            return False
    return True


def arxiv_year(arxiv: str | None) -> int | None:
    if not arxiv:
        return None
    try:
        base = parse_arxiv_id(arxiv).base
    except InvalidArxivId:
        return None
    digits = base.split("/")[-1][:2]
    year = int(digits)
    return 2000 + year if year < 91 else 1900 + year


def split_venue(venue: str) -> tuple[str, int | None]:
    """`ICLR 2023 (Oral)` -> ("ICLR", 2023)."""
    match = YEAR.search(venue)
    if not match:
        return venue.strip(), None
    return venue[:match.start()].strip(" ,-'"), int(match.group(1))


@lru_cache(maxsize=65536)
def arxiv_id_from_url(url: str) -> ArxivId | None:
    """`ids.arxiv_id_from_url`, remembered: three rules read every arXiv link."""
    return _arxiv_id_from_url(url)


_LAST_LINKS: list[Any] = [None, []]


def arxiv_links(entry: Entry) -> list[tuple[str, str]]:
    """The entry's links to arxiv.org, (label, URL); three rules in a row ask for them."""
    if _LAST_LINKS[0] is entry:
        last: list[tuple[str, str]] = _LAST_LINKS[1]
        return last
    found = [(label, url) for label, url in entry.links.items() if "arxiv.org/" in url.lower()]
    _LAST_LINKS[0], _LAST_LINKS[1] = entry, found
    return found


def rel(entry: Entry, index: ListIndex) -> str:
    """The entry's file as messages name it: relative to the list, escaped (file names are
    user input too)."""
    try:
        return escape(str(entry.path.relative_to(index.config.root)))
    except ValueError:
        return escape(str(entry.path))


def in_zh(at: FieldPath) -> bool:
    return any(isinstance(part, str) and part.startswith("zh") for part in at[1:])


def dotted(path: FieldPath) -> str:
    """`links.code`, `authors[0]`: a field's path as messages show it (keys come from the
    entry, so they are escaped like any value)."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (
            f".{escape(part)}" if out else escape(part))
    return out


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."

