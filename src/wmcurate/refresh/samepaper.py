"""Is a record another service holds the same paper as an entry?

Semantic Scholar links arXiv preprints to their published versions by merging records, and
a merge can be wrong: a same-titled paper by other people, or another paper altogether. A
record counts as the same paper only when its title matches the paper's (after case,
accents, punctuation and spacing are folded away, or very close: a typo, a dropped article)
and at least one author surname appears on both. Titles that differ in a number (GAIA-1,
GAIA-2) are never close.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = ["normalise_title", "same_paper", "surnames", "titles_match"]

#: How alike two folded titles must be to count as one ("very close").
CLOSE = 0.92
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NUMBER = re.compile(r"[0-9]+")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd"})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def normalise_title(title: str) -> str:
    """`Zero-1-to-3: Zero-shot One Image to 3D Object` -> `zero 1 to 3 zero shot one image
    to 3d object`."""
    return _fold(title)


def titles_match(a: str, b: str) -> bool:
    first, second = normalise_title(a), normalise_title(b)
    if not first or not second:
        return False
    if first == second or first.replace(" ", "") == second.replace(" ", ""):
        return True
    if _NUMBER.findall(first) != _NUMBER.findall(second):
        return False
    return difflib.SequenceMatcher(None, first, second, autojunk=False).ratio() >= CLOSE


def surnames(names: Iterable[str]) -> set[str]:
    """Each name's last word (suffixes such as Jr. left out), folded."""
    found = set()
    for name in names:
        words = [w for w in _fold(name).split() if w not in _SUFFIXES]
        if words:
            found.add(words[-1])
    return found


def same_paper(title: str, authors: Sequence[str], other_title: str,
               other_authors: Sequence[str]) -> str | None:
    """None when the other record is the same paper, else why it is not."""
    if not titles_match(title, other_title):
        return f"its title '{other_title}' does not match"
    if not authors or not other_authors:
        return "no author list to compare"
    if not surnames(authors) & surnames(other_authors):
        shown = ", ".join(other_authors[:3]) + (" et al." if len(other_authors) > 3 else "")
        return f"no author surname is shared (it lists {shown})"
    return None
