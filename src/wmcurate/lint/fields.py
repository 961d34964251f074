"""What rules read from an entry: its arXiv ID, its strings, its venue's parts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
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
CJK_RUN = re.compile(r"[\u3000-\u9fff\uf900-\ufaff]")

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


_TEXTS: dict[int, tuple[Any, list[tuple[FieldPath, str]]]] = {}


def all_strings(raw: Mapping[str, Any]) -> list[tuple[FieldPath, str]]:
    """Every string of an entry but its `source` (arXiv's words, not the list's), with paths."""
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


_JOINED: dict[int, tuple[Any, str, str]] = {}


def joined_text(raw: Mapping[str, Any], skip_zh: bool = False) -> str:
    """All of an entry's strings in one, NUL-separated (or all but its `zh` texts): text
    rules scan it once, and look at the strings one by one only when it is suspect."""
    cached = _JOINED.get(id(raw))
    if cached is None or cached[0] is not raw:
        strings = list(strings_of(raw, ()))
        every = "\x00".join(t for _, t in strings)
        not_zh = "\x00".join(t for at, t in strings if not in_zh(at))
        if len(_JOINED) > 50_000:
            _JOINED.clear()
        cached = _JOINED[id(raw)] = (raw, every, not_zh)
    return cached[2] if skip_zh else cached[1]


def _strings(raw: Mapping[str, Any]) -> list[tuple[FieldPath, str]]:
    cached = _TEXTS.get(id(raw))
    if cached is None or cached[0] is not raw:
        found = all_strings(raw)
        if len(_TEXTS) > 50_000:
            _TEXTS.clear()
        cached = _TEXTS[id(raw)] = (raw, found)
    return cached[1]


def strings_of(raw: Mapping[str, Any], skip: tuple[str, ...]) -> Iterator[tuple[FieldPath, str]]:
    """Every string of an entry outside the `skip` fields, walked once per entry."""
    return (item for item in _strings(raw) if item[0][0] not in skip)


def string_count(raw: Mapping[str, Any]) -> int:
    """How many strings `joined_text(raw)` joins (it holds one NUL fewer)."""
    return len(_strings(raw))

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
    if type(value) is str:
        return not value.strip()
    if isinstance(value, Mapping):
        values: Iterable[Any] = value.values()
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


def arxiv_links(entry: Entry) -> Iterator[tuple[str, str]]:
    for label, url in entry.links.items():
        if "arxiv.org/" in url.lower():
            yield label, url


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

