"""Citation counts as the list shows them: what `wmcurate refresh` last read from Semantic
Scholar, kept under an entry's `source.semantic_scholar` (`citations`, and the day `read`).

Pure: render asks for the text of a catalog line's count when the config says
`show_citations: true`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from wmcurate.model import Entry

__all__ = ["citation_count", "citations_read", "citations_text"]

#: How a count reads in each language the list may have; others read as English.
_WORDS: dict[str, tuple[str, str]] = {
    "en": ("{n} citation", "{n} citations"),
    "zh": ("被引 {n} 次", "被引 {n} 次"),
}


def _record(entry: Entry) -> Mapping[str, object]:
    held = (entry.source or {}).get("semantic_scholar")
    return held if isinstance(held, Mapping) else {}


def citation_count(entry: Entry) -> int | None:
    """The count refresh recorded, or None when it recorded none (or a hand-edited value
    is not a count)."""
    count = _record(entry).get("citations")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        return None
    return count


def citations_read(entry: Entry) -> dt.date | None:
    """The day the recorded count was read."""
    read = _record(entry).get("read")
    if isinstance(read, dt.datetime):
        return read.date()
    if isinstance(read, dt.date):
        return read
    if isinstance(read, str):
        try:
            return dt.date.fromisoformat(read.strip())
        except ValueError:
            return None
    return None


def citations_text(count: int, language: str) -> str:
    """`1,234 citations`, `1 citation`, `被引 1,234 次`."""
    one, many = _WORDS.get(language, _WORDS["en"])
    return (one if count == 1 else many).format(n=f"{count:,}")
