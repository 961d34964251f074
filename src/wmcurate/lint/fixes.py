"""Safe fixes: functions of the value they find, applied through the round-trip writer."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from wmcurate.errors import InvalidArxivId
from wmcurate.lint.fields import ABS_PDF, arxiv_id_from_url, parse_arxiv_id
from wmcurate.lint.registry import FieldPath, Transform


# Fixes are functions of the value they find, so that two fixes of one field
# (stray spaces and an entity in one title) compose instead of overwriting each other.
def arxiv_base(old: Any) -> Any:
    try:
        return parse_arxiv_id(str(old)).base
    except InvalidArxivId:
        return old


def drop_pdf_suffix(old: Any) -> Any:
    text = str(old).strip()
    return text[:-4] if ABS_PDF.search(text) else old


def canonical_arxiv_link(old: Any) -> Any:
    target = arxiv_id_from_url(str(old))
    if target is None:
        return old
    kind = "pdf" if re.search(r"/pdf/", str(old), re.I) else "abs"
    return f"https://arxiv.org/{kind}/{target.base}"


def unescape_entities(old: Any) -> Any:
    return html.unescape(old) if isinstance(old, str) else old


def strip(old: Any) -> Any:
    return old.strip() if isinstance(old, str) else old


def without(item: str) -> Transform:
    """A fix that removes `item` from a list."""
    return lambda old: [x for x in old if x != item]


def apply_fixes(fixes: Mapping[Path, Sequence[tuple[FieldPath, Transform, str]]]
                ) -> list[tuple[Path, FieldPath, str]]:
    """Apply the safe fixes with the round-trip loader; returns what changed."""
    from wmcurate.entries import load_round_trip, save_entry

    changed: list[tuple[Path, FieldPath, str]] = []
    for path, items in fixes.items():
        document = load_round_trip(path)
        touched = False
        for at, transform, what in items:
            parent: Any = document
            for part in at[:-1]:
                parent = parent[part]
            last = at[-1]
            old = parent[last]
            new = transform(old)
            if new != old:
                if isinstance(old, list) and isinstance(new, list):
                    # Keep the sequence object (and its flow style) and edit it in place.
                    del old[:]
                    old.extend(new)
                else:
                    parent[last] = type(old)(new) if isinstance(old, str) and isinstance(
                        new, str) and type(old) is not str else new
                touched = True
                changed.append((path, at, what))
        if touched:
            save_entry(path, document)
    return changed

