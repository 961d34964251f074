"""Safe fixes: functions of the value they find, applied through the round-trip writer."""

from __future__ import annotations

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
    import html  # only when fixing entities

    return html.unescape(old) if isinstance(old, str) else old


def strip(old: Any) -> Any:
    return old.strip() if isinstance(old, str) else old


def without(item: str) -> Transform:
    """A fix that removes `item` from a list."""
    return lambda old: [x for x in old if x != item]


def change(old: Any, new: Any) -> str:
    """What a fix did, as `old -> new`; long texts shown around what changed
    (`…Tom &amp; Jerry… -> …Tom & Jerry…`)."""
    if isinstance(old, str) and isinstance(new, str):
        before, after = _around_change(old, new)
        return f"{_shown_text(before)} -> {_shown_text(after)}"
    return f"{_shown_value(old)} -> {_shown_value(new)}"


#: How much of a long text is shown on each side of a change.
_CONTEXT = 24


def _around_change(old: str, new: str) -> tuple[str, str]:
    if len(old) <= 2 * _CONTEXT + 20 and len(new) <= 2 * _CONTEXT + 20:
        return old, new
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    left = max(0, start - _CONTEXT)

    def cut(text: str) -> str:
        right = min(len(text), len(text) - end + _CONTEXT)
        return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")

    return cut(old), cut(new)


def _shown_text(text: str) -> str:
    # Quoted only where the quotes carry news: spaces at an end, or nothing at all.
    return repr(text) if not text or text != text.strip() else text


def _shown_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_shown_value(item) for item in value) + "]"
    return _shown_text(value) if isinstance(value, str) else str(value)


def apply_fixes(fixes: Mapping[Path, Sequence[tuple[FieldPath, Transform, str]]]
                ) -> list[tuple[Path, FieldPath, str]]:
    """Apply the safe fixes with the round-trip loader; returns, for each change, the file,
    the field and the change as `old -> new` (see `change`)."""
    from wmcurate.entries import load_round_trip, save_entry

    changed: list[tuple[Path, FieldPath, str]] = []
    for path, items in fixes.items():
        document = load_round_trip(path)
        touched = False
        for at, transform, _what in items:
            parent: Any = document
            for part in at[:-1]:
                parent = parent[part]
            last = at[-1]
            old = parent[last]
            new = transform(old)
            if new != old:
                shown = change(old, new)
                if isinstance(old, list) and isinstance(new, list):
                    # Keep the sequence object (and its flow style) and edit it in place.
                    del old[:]
                    old.extend(new)
                else:
                    parent[last] = type(old)(new) if isinstance(old, str) and isinstance(
                        new, str) and type(old) is not str else new
                touched = True
                changed.append((path, at, shown))
        if touched:
            save_entry(path, document)
    return changed

