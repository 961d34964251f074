"""Internal links of a built site: every href and src of every page must land on a file.

Links that leave the site (a scheme such as https:, or `//host`) are not followed: the
check is about what the build itself produced. A folder link (`works/x/`) lands on its
`index.html`, as on every static host; a fragment must name an `id` of its target page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlsplit

_REFERENCE = re.compile(r"""\s(?:href|src)="([^"]*)\"""")
_ID = re.compile(r"""\sid="([^"]*)\"""")


@dataclass(frozen=True)
class BrokenLink:
    page: str
    link: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.problem}"


def broken_links(files: Mapping[str, str]) -> list[BrokenLink]:
    """Every internal link of the HTML pages in `files` (site path -> text) that lands
    nowhere, or outside the site."""
    broken: list[BrokenLink] = []
    ids: dict[str, set[str]] = {}
    for page, text in files.items():
        if not page.endswith(".html"):
            continue
        folder = posixpath.dirname(page)
        climb = "../" * page.count("/")
        for raw in _REFERENCE.findall(text):
            link = unescape(raw) if "&" in raw else raw
            path, _, fragment = link.partition("#")
            path = path.partition("?")[0]
            rest = path[len(climb):]
            if path.startswith(climb) and ":" not in path and "./" not in rest \
                    and not rest.startswith("/") and "%" not in rest:
                # The usual link, from the page up to the site's root and down to a file.
                if not path:
                    target = page
                else:
                    target = rest + "index.html" if rest.endswith("/") or not rest else rest
            else:
                found = _resolve(page, folder, link)
                if isinstance(found, BrokenLink):
                    broken.append(found)
                    continue
                if found is None:
                    continue
                target = found
            if target not in files:
                broken.append(BrokenLink(page, link, f"{target} is not part of the site"))
                continue
            if fragment and target.endswith(".html"):
                if target not in ids:
                    ids[target] = {unescape(i) for i in _ID.findall(files[target])}
                if unquote(fragment) not in ids[target]:
                    broken.append(BrokenLink(page, link, f"{target} has no id "
                                             f"{unquote(fragment)!r}"))
    return broken


def _resolve(page: str, folder: str, link: str) -> str | BrokenLink | None:
    """The file `link` lands on; None for a link that leaves the site."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("//"):
        return None
    if not parts.path:
        return page
    joined = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return BrokenLink(page, link, "leads outside the site")
    if parts.path.endswith("/") or joined == ".":
        return posixpath.join("" if joined == "." else joined, "index.html")
    return joined
