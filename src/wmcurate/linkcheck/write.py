"""`links --write`: put the new address of a moved or permanently redirected link in place.

Through the round-trip writer (comments, key order and quoting survive), under the list's
write lock, and only where the file still holds the URL that was checked: an entry edited
meanwhile is left alone and reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml.scalarstring import ScalarString

from wmcurate.config import Config
from wmcurate.entries import load_round_trip, save_entry
from wmcurate.errors import EntryError
from wmcurate.linkcheck.report import LinkFinding, Written
from wmcurate.listlock import list_lock

__all__ = ["apply_updates"]

_WRITABLE = frozenset({"redirected", "moved"})


def apply_updates(config: Config, findings: Iterable[LinkFinding]) -> list[Written]:
    """Replace every entry link a finding gives a new address for; what was done, in order."""
    planned: dict[Path, list[LinkFinding]] = {}
    for finding in findings:
        place = finding.place
        if finding.kind in _WRITABLE and finding.new_url and place.path is not None \
                and place.label is not None and finding.new_url != finding.url:
            planned.setdefault(place.path, []).append(finding)
    written: list[Written] = []
    if not planned:
        return written
    with list_lock(config.entries_dir):
        for path, changes in planned.items():
            written += _update(path, changes)
    return written


def _update(path: Path, changes: list[LinkFinding]) -> list[Written]:
    done: list[Written] = []
    try:
        document = load_round_trip(path)
    except EntryError as exc:
        return [Written(c.place.file, c.place.field, c.url, c.new_url or "", exc.message)
                for c in changes]
    links = document.get("links")
    changed = False
    for change in changes:
        label, new = change.place.label, change.new_url or ""
        current = links.get(label) if isinstance(links, Mapping) else None
        if current != change.url:
            done.append(Written(change.place.file, change.place.field, change.url, new,
                                "the file changed since it was read; run the check again"))
            continue
        links[label] = _styled(current, new)
        changed = True
        done.append(Written(change.place.file, change.place.field, change.url, new))
    if changed:
        try:
            save_entry(path, document)
        except OSError as exc:
            reason = f"could not be written ({exc.strerror or exc}); the file is unchanged"
            return [Written(w.file, w.field, w.old, w.new, w.skipped or reason) for w in done]
    return done


def _styled(old: Any, new: str) -> Any:
    """The new URL written as the old one was (quoted the same way)."""
    return type(old)(new) if isinstance(old, ScalarString) else new
