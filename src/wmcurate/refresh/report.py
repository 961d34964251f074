"""Refresh's report, three ways: text for a terminal, JSON for scripts (a stable schema,
`SCHEMA_VERSION`), markdown for a pull request's body. Pure: a `Report` in, a string out.

Every way groups the changes by kind (venue, version, title, authors, withdrawn, citations),
each with its old and new value, its evidence and where the evidence comes from, then lists
what needs a human's look and what could not be checked, then a summary.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wmcurate.markdown import escape_inline
from wmcurate.quoting import escape, json_safe
from wmcurate.refresh.model import KIND_TITLES, KINDS, Change, EntryRefresh, Report

__all__ = ["SCHEMA_VERSION", "as_json", "as_markdown", "as_text", "summary_line"]

#: Bumped whenever a field of the JSON report changes meaning or disappears.
SCHEMA_VERSION = 1
_NOUNS = {
    "venue": ("venue", "venues"), "version": ("new version", "new versions"),
    "title": ("title", "titles"), "authors": ("author list", "author lists"),
    "withdrawn": ("withdrawal", "withdrawals"), "citations": ("citation count",
                                                            "citation counts"),
}


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def shown(change: Change, value: Any) -> str:
    """A value as the reports show it."""
    if value is None or value == "" or value == []:
        return "(not recorded)" if change.kind in ("version", "citations") else "(none)"
    if change.kind == "version":
        return f"v{value}"
    if change.kind == "citations" and isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary_line(report: Report, venues: Sequence[str] = ()) -> str:
    changes = report.changes()
    touched = {id(e) for e, _ in changes}
    counts = report.counts()
    kinds = ", ".join(_plural(n, *_NOUNS[k]) for k, n in counts.items() if n)
    applied = sum(1 for _, c in changes if c.status == "applied")
    skipped = sum(1 for _, c in changes if c.status == "skipped")
    if not changes:
        head = f"nothing to change in {_plural(len(report.entries), 'entry', 'entries')}"
    elif report.written:
        head = (f"{applied} of {_plural(len(changes), 'change', 'changes')} applied in "
                f"{_plural(len(touched), 'entry', 'entries')} ({kinds})")
        if skipped:
            head += f", {skipped} skipped"
    else:
        head = (f"{_plural(len(changes), 'change', 'changes')} to make in "
                f"{len(touched)} of {_plural(len(report.entries), 'entry', 'entries')} "
                f"({kinds})")
    parts = [head]
    if report.looks():
        parts.append(f"{_plural(len(report.looks()), 'thing needs', 'things need')} a look")
    if report.unchecked():
        parts.append(f"{len(report.unchecked())} could not be checked")
    if report.broken:
        parts.append(f"{_plural(len(report.broken), 'file', 'files')} could not be read")
    if report.skipped:
        parts.append(f"{_plural(len(report.skipped), 'entry', 'entries')} without an arXiv "
                     "ID skipped")
    if venues:
        verb = "added" if report.written else "to add"
        parts.append(f"{_plural(len(venues), 'venue', 'venues')} {verb} to venues: in "
                     f"wmcurate.yaml ({', '.join(venues)})")
    line = "; ".join(parts)
    if changes and not report.written:
        line += ". Run with --write to apply them"
    return line + "."


def _by_reason(report: Report) -> dict[tuple[str, str], list[EntryRefresh]]:
    """Entries that could not be checked, by service and reason: a service that is down
    or refuses is one line, not one per entry."""
    grouped: dict[tuple[str, str], list[EntryRefresh]] = {}
    for item, unchecked in report.unchecked():
        grouped.setdefault((unchecked.service, unchecked.reason), []).append(item)
    return grouped


def _some(items: Sequence[EntryRefresh], shown: int = 10) -> str:
    names = ", ".join(item.arxiv for item in items[:shown])
    return names + (f" and {len(items) - shown} more" if len(items) > shown else "")


# -- text -----------------------------------------------------------------------------------


def as_text(report: Report, root: Path, venues: Sequence[str] = ()) -> str:
    lines: list[str] = []
    for kind in KINDS:
        found = report.changes(kind)
        if not found:
            continue
        lines.append(f"{KIND_TITLES[kind]} ({len(found)}):")
        for item, change in found:
            state = {"applied": " [applied]", "skipped": f" [skipped: {change.note}]"}
            lines.append(f"  {item.arxiv}  {shown(change, change.old)} -> "
                         f"{shown(change, change.new)}{state.get(change.status, '')}")
            lines.append(f"      {_rel(item.path, root)}; {change.evidence}")
        lines.append("")
    if report.looks():
        lines.append(f"Needs a look ({len(report.looks())}):")
        for item, look in report.looks():
            lines.append(f"  {item.arxiv}  {_rel(item.path, root)}: {look.reason}")
        lines.append("")
    if report.unchecked() or report.broken:
        lines.append(f"Could not be checked ({len(report.unchecked()) + len(report.broken)}):")
        for (service, reason), items in _by_reason(report).items():
            if len(items) == 1:
                lines.append(f"  {items[0].arxiv}  {_rel(items[0].path, root)}: {service}: "
                             f"{reason}")
            else:
                lines.append(f"  {service}: {reason}")
                lines.append(f"      for {len(items)} entries: {_some(items)}")
        lines += [f"  {problem}" for problem in report.broken]
        lines.append("")
    lines.append(summary_line(report, venues))
    return "\n".join(escape(line) for line in lines) + "\n"


# -- markdown -------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return escape_inline(text) or " "


def _who(item: EntryRefresh, root: Path) -> str:
    return f"**{_cell(item.arxiv)}** {_cell(item.title)}<br>{_cell(_rel(item.path, root))}"


#: GitHub refuses a pull request body longer than 65,536 characters; the markdown report
#: stays below this, showing every group's count and as many rows as fit.
MARKDOWN_LIMIT = 60_000


def _fitting(lines: list[str], budget: int) -> tuple[list[str], int]:
    """As many of `lines` as fit in `budget` characters, and how many did not."""
    kept: list[str] = []
    for line in lines:
        if len(line) + 1 > budget:
            break
        kept.append(line)
        budget -= len(line) + 1
    return kept, len(lines) - len(kept)


def _not_shown(hidden: int) -> list[str]:
    if not hidden:
        return []
    return [f"*... and {hidden} more, left out to keep this under GitHub's size limit: "
            "`wmcurate refresh --format json` lists them all.*", ""]


def as_markdown(report: Report, root: Path, venues: Sequence[str] = (),
                limit: int = MARKDOWN_LIMIT) -> str:
    """A pull request's body: what changed and why, what a reviewer has to look at. Never
    longer than `limit` characters (see `MARKDOWN_LIMIT`): what a reviewer must act on
    (needs a look, could not be checked) is kept first, then the change tables' rows."""
    head = ["## wmcurate refresh", "", escape_inline(summary_line(report, venues)), ""]
    when = report.read_at.date().isoformat() if report.read_at else ""
    foot = [f"<sub>Made by `wmcurate refresh` {when} from arXiv and Semantic Scholar; each "
            "change's evidence is recorded under `source` in its entry.</sub>"]
    budget = limit - sum(len(line) + 1 for line in head + foot) - 400 * (len(KINDS) + 2)
    tail: list[str] = []
    if report.looks():
        rows, hidden = _fitting([f"- {_who(item, root).replace('<br>', ' ')}: "
                                 f"{_cell(look.reason)}" for item, look in report.looks()],
                                budget)
        tail += [f"### Needs a look ({len(report.looks())})", "", *rows, "", *_not_shown(hidden)]
        budget -= sum(len(line) + 1 for line in rows)
    if report.unchecked() or report.broken:
        lines = [f"- {_who(items[0], root).replace('<br>', ' ')}: {_cell(service)}: "
                 f"{_cell(reason)}" if len(items) == 1 else
                 f"- {len(items)} entries ({_cell(_some(items))}): {_cell(service)}: "
                 f"{_cell(reason)}" for (service, reason), items in _by_reason(report).items()]
        lines += [f"- {_cell(problem)}" for problem in report.broken]
        rows, hidden = _fitting(lines, budget)
        tail += [f"### Could not be checked ({len(report.unchecked()) + len(report.broken)})",
                 "", *rows, "", *_not_shown(hidden)]
        budget -= sum(len(line) + 1 for line in rows)
    body: list[str] = []
    for kind in KINDS:
        found = report.changes(kind)
        if not found:
            continue
        rows, hidden = _fitting([_change_row(item, change, root) for item, change in found],
                                budget)
        budget -= sum(len(line) + 1 for line in rows)
        table = ["| Entry | Was | Now | Evidence |", "| --- | --- | --- | --- |", *rows] \
            if rows else []
        title = f"{KIND_TITLES[kind]} ({len(found)})"
        if kind == "citations":  # many, and rarely what a reviewer is there for
            body += [f"<details><summary>{title}</summary>", "", *table, "",
                     *_not_shown(hidden), "</details>", ""]
        else:
            body += [f"### {title}", "", *table, "", *_not_shown(hidden)]
    return "\n".join(head + body + tail + foot) + "\n"


def _change_row(item: EntryRefresh, change: Change, root: Path) -> str:
    now = _cell(shown(change, change.new))
    if change.status == "skipped":
        now += f"<br>*not written: {_cell(change.note)}*"
    return (f"| {_who(item, root)} | {_cell(shown(change, change.old))} | {now} | "
            f"{_cell(change.evidence)} |")


# -- JSON -----------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def as_json(report: Report, root: Path, venues: Sequence[str] = ()) -> str:
    """The report for scripts. Schema (version 1): `changes[]` {entry, arxiv, file, kind,
    field, old, new, evidence, source, status (pending/applied/skipped), note},
    `needs_look[]` {entry, arxiv, file, kind, reason}, `not_checked[]` {entry, arxiv, file,
    service, reason}, `skipped[]` {entry, file, reason}, `broken[]` (messages),
    `venues` (to add, or added, to the vocabulary), `summary` (counts)."""

    def where(item: EntryRefresh) -> dict[str, str]:
        return {"entry": item.entry.key, "arxiv": item.arxiv, "file": _rel(item.path, root)}

    changes = [{**where(item), "kind": c.kind, "field": ".".join(c.field),
                "old": _json_value(c.old), "new": _json_value(c.new), "evidence": c.evidence,
                "source": c.source, "status": c.status, "note": c.note}
               for item, c in report.changes()]
    document = {
        "version": SCHEMA_VERSION,
        "written": report.written,
        "read_at": report.read_at.isoformat() if report.read_at else None,
        "summary": {
            "entries": len(report.entries),
            "entries_with_changes": len({id(e) for e, _ in report.changes()}),
            "changes": report.counts(),
            "applied": sum(1 for _, c in report.changes() if c.status == "applied"),
            "needs_look": len(report.looks()),
            "not_checked": len(report.unchecked()),
            "skipped": len(report.skipped),
            "broken": len(report.broken),
        },
        "changes": changes,
        "needs_look": [{**where(item), "kind": look.kind, "reason": look.reason}
                       for item, look in report.looks()],
        "not_checked": [{**where(item), "service": u.service, "reason": u.reason}
                        for item, u in report.unchecked()],
        "skipped": [{"entry": e.key, "file": _rel(e.path, root), "reason": "no arXiv ID"}
                    for e in report.skipped],
        "broken": list(report.broken),
        "venues": list(venues),
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2))
