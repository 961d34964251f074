"""Writing refresh's changes: through the round-trip writer, under the list's lock.

Each file is read again under the lock, as it is now: a change is applied only when the
field still holds the value refresh read (an edit made meanwhile wins, and the change is
reported as skipped). Curated texts, comments, key order and quoting are left as they are;
each change's evidence goes under `source` (`venue_evidence`, arXiv's facts for a new
version, `semantic_scholar` for what Semantic Scholar said and when). A venue the list's
vocabulary lacks (one of the built-in catalogue's) joins `venues:` in wmcurate.yaml, as
`wmcurate add` does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

# `_put` replaces or inserts a value and keeps a curator's comments where they were: the
# one way this project changes a field in a file someone edits by hand.
from wmcurate.add import _put as put_value
from wmcurate.config import Config
from wmcurate.entries import dump_yaml, load_round_trip, write_atomic, yaml_value
from wmcurate.errors import EntryError
from wmcurate.listlock import list_lock
from wmcurate.model import FIELDS
from wmcurate.refresh.model import S2, Change, EntryRefresh, Report
from wmcurate.vocabulary import add_venues, missing_venues

__all__ = ["SOURCE_FIELDS", "apply_report", "s2_record", "venues_to_add"]

#: The order of `source`'s fields, as `wmcurate add` writes them and refresh adds to them.
SOURCE_FIELDS: tuple[str, ...] = (
    "version", "updated", "primary_category", "categories", "comment", "journal_ref", "doi",
    "venue_evidence", "link_evidence", "semantic_scholar", "fetched",
)  # fmt: skip
_S2_FIELDS = ("paper", "venue", "year", "date", "doi", "citations", "read")


def venues_to_add(report: Report, config: Config) -> list[str]:
    """Venues the proposed (or applied) venue changes use that the vocabulary lacks."""
    values = [str(c.new) for _, c in report.changes("venue") if c.status != "skipped"]
    return missing_venues(config, values)


def apply_report(report: Report, config: Config) -> list[Path]:
    """Apply every pending change; returns the files written. Nothing is raised for one
    file: its changes are marked skipped, with why."""
    todo = [item for item in report.entries
            if any(c.status == "pending" for c in item.changes)]
    written: list[Path] = []
    if todo:
        with list_lock(config.entries_dir):
            for item in todo:
                if _write_entry(item, config.language_codes):
                    written.append(item.path)
    added = missing_venues(config, [str(c.new) for _, c in report.changes("venue")
                                    if c.status == "applied"])
    if added:
        report.venues_added = add_venues(config, added)
    report.written = True
    return written


def _write_entry(item: EntryRefresh, languages: Sequence[str]) -> bool:
    pending = [c for c in item.changes if c.status == "pending"]
    try:
        document = load_round_trip(item.path)
    except EntryError as exc:
        _skip(pending, f"the file no longer loads ({exc.problem}); nothing written")
        return False
    source = document.get("source")
    if source is not None and not isinstance(source, CommentedMap):
        _skip(pending, "its source: is not a mapping any more; nothing written")
        return False
    applied: list[Change] = []
    for change in pending:
        if _value_at(document, change.field) != change.old:
            change.status = "skipped"
            change.note = "the file changed while refresh was reading it; left as it is"
            continue
        _set(document, change, languages)
        applied.append(change)
    if not applied:
        return False
    _record_evidence(document, item, {c.kind: c for c in applied})
    try:
        write_atomic(item.path, dump_yaml(document))
    except OSError as exc:
        _skip(applied, f"could not be written: {exc.strerror or exc}")
        return False
    for change in applied:
        change.status = "applied"
    return True


def _skip(changes: Sequence[Change], why: str) -> None:
    for change in changes:
        change.status, change.note = "skipped", why


def _value_at(document: Mapping[str, Any], where: Sequence[str]) -> Any:
    value: Any = document
    for key in where:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    if isinstance(value, list):
        return list(value)
    return value


def _set(document: CommentedMap, change: Change, languages: Sequence[str]) -> None:
    if change.kind == "venue":
        put_value(document, "venue", change.new, FIELDS)
    elif change.kind == "title" and change.field == ("title", "en"):
        put_value(document["title"], "en", change.new, ["en", *languages])
    elif change.kind == "title":
        put_value(document, "title", yaml_value("title", change.new), FIELDS)
    elif change.kind == "authors":
        put_value(document, "authors", yaml_value("authors", change.new), FIELDS)
    # version, withdrawn and citations live under source: `_record_evidence` writes them.


def _record_evidence(document: CommentedMap, item: EntryRefresh,
                     applied: Mapping[str, Change]) -> None:
    source = document.get("source")
    if not isinstance(source, CommentedMap):
        source = CommentedMap()
        put_value(document, "source", source, FIELDS)
    paper = item.paper
    if paper is not None and applied.keys() & {"version", "withdrawn", "title", "authors"}:
        facts = {
            "version": paper.id.version, "updated": paper.updated,
            "primary_category": paper.primary_category, "categories": list(paper.categories),
            "comment": paper.comment, "journal_ref": paper.journal_ref, "doi": paper.doi,
        }
        for name, value in facts.items():
            put_value(source, name, yaml_value(f"source.{name}", value), SOURCE_FIELDS)
        if item.paper_fetched is not None:
            put_value(source, "fetched", item.paper_fetched.replace(microsecond=0),
                      SOURCE_FIELDS)
    venue = applied.get("venue")
    if venue is not None and item.venue_evidence is not None:
        put_value(source, "venue_evidence",
                  yaml_value("source.venue_evidence", item.venue_evidence), SOURCE_FIELDS)
    from_s2 = venue is not None and S2 in venue.source
    if item.s2 is not None and ("citations" in applied or from_s2):
        put_value(source, "semantic_scholar",
                  yaml_value("source.semantic_scholar", s2_record(item)), SOURCE_FIELDS)


def s2_record(item: EntryRefresh) -> dict[str, Any]:
    """What Semantic Scholar said about the paper, as `source.semantic_scholar` keeps it."""
    record = item.s2
    if record is None:
        return {}
    named = record.publication_venue.name if record.publication_venue else record.venue
    values = {
        "paper": record.paper_id, "venue": named or None, "year": record.year,
        "date": record.publication_date, "doi": record.doi,
        "citations": record.citation_count, "read": item.s2_read,
    }
    return {name: values[name] for name in _S2_FIELDS if values[name] is not None}
