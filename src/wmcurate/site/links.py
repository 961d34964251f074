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
        for raw in _REFERENCE.findall(text):
            link = unescape(raw)
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("//"):
                continue
            if not parts.path:
                target = page
            else:
                joined = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
                if joined == ".." or joined.startswith("../"):
                    broken.append(BrokenLink(page, link, "leads outside the site"))
                    continue
                target = joined if not parts.path.endswith("/") and joined != "." else \
                    posixpath.join("" if joined == "." else joined, "index.html")
            if target not in files:
                broken.append(BrokenLink(page, link, f"{target} is not part of the site"))
                continue
            if parts.fragment and target.endswith(".html"):
                if target not in ids:
                    ids[target] = {unescape(i) for i in _ID.findall(files[target])}
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(BrokenLink(page, link, f"{target} has no id "
                                             f"{unquote(parts.fragment)!r}"))
    return broken
