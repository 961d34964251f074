"""`wmcurate refresh`: keep every entry current (published venues, versions, citations).

The command's library half, one module per job: `assess` compares the entries with what
arXiv and Semantic Scholar say now (`samepaper` decides whether a record is the same paper,
`venuemap` turns a venue into the list's words), `write` applies the changes through the
round-trip writer, `report` shows them. The network stays in `wmcurate.arxiv` and
`wmcurate.s2`, behind their cached fetchers.
"""

from __future__ import annotations

from wmcurate.refresh.assess import Selection, assess, assess_entry, select_entries
from wmcurate.refresh.model import KINDS, Change, EntryRefresh, Look, Report, Unchecked
from wmcurate.refresh.report import as_json, as_markdown, as_text
from wmcurate.refresh.write import apply_report, venues_to_add

__all__ = [
    "KINDS",
    "Change",
    "EntryRefresh",
    "Look",
    "Report",
    "Selection",
    "Unchecked",
    "apply_report",
    "as_json",
    "as_markdown",
    "as_text",
    "assess",
    "assess_entry",
    "select_entries",
    "venues_to_add",
]
