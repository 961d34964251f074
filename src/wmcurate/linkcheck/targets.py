"""Where the links are: every URL in the entries (and the READMEs' hand-written parts),
each with the places that quote it (`file:line:col`, as lint points).

Pure except for reading the READMEs. An entry's links are `links.<label>`; a README's are
the ones a reader can follow in what people wrote, outside the generated blocks (found by
render's own marker reading) and outside code (a URL in a fenced example is not a link).
Relative links in a README are files of the list: they are checked on disk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wmcurate.config import Config
from wmcurate.entries import LoadedList
from wmcurate.lint.positions import Positions
from wmcurate.model import Entry

__all__ = ["Place", "Targets", "collect", "readme_links"]


@dataclass(frozen=True)
class Place:
    """Where a link is written: `field` is `links.<label>` in an entry, `link` in a README."""

    file: str
    line: int
    column: int
    field: str
    entry: str | None = None
    path: Path | None = None
    label: str | None = None


@dataclass
class Targets:
    """Links by their text as written, with every place that holds them."""

    places: dict[str, list[Place]] = field(default_factory=dict)
    #: README links to files (relative), checked on disk; None: a file outside the list.
    local: dict[str, list[tuple[Place, Path | None]]] = field(default_factory=dict)
    empty_code: list[Place] = field(default_factory=list)
    without_code: list[Place] = field(default_factory=list)
    #: Other empty links (not `code`), which the summary counts too.
    empty_other: list[Place] = field(default_factory=list)

    def add(self, url: str, place: Place) -> None:
        self.places.setdefault(url, []).append(place)


def shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def collect(config: Config, loaded: LoadedList, readme: bool = False) -> Targets:
    """Every link of `loaded`'s entries (and with `readme`, of the outputs' prose)."""
    targets = Targets()
    positions = Positions(loaded)
    for entry in loaded.entries:
        _entry_links(config, entry, positions, targets)
    if readme:
        for output in config.outputs:
            path = config.root / output.path
            for url, line, column in readme_links(path, output.path, output.blocks):
                place = Place(output.path, line, column, "link", path=path)
                if url.lower().startswith(("http://", "https://")):
                    targets.add(url, place)
                    continue
                local = _local_file(config.root, path, url)
                if local is not None:
                    inside = local.resolve().is_relative_to(config.root.resolve())
                    targets.local.setdefault(url, []).append((place, local if inside else None))
    return targets


def _entry_links(config: Config, entry: Entry, positions: Positions, targets: Targets) -> None:
    file = shown(entry.path, config.root)
    for label, url in entry.links.items():
        line, column = positions.find(entry.path, ("links", label))
        place = Place(file, line, column, f"links.{label}", entry.key, entry.path, label)
        if not url.strip():
            (targets.empty_code if label == "code" else targets.empty_other).append(place)
            continue
        targets.add(url, place)
    if entry.arxiv and "code" not in entry.links:
        line, column = positions.find(entry.path, ("links",))
        targets.without_code.append(Place(file, line, column, "links", entry.key, entry.path))


# -- README prose -----------------------------------------------------------------------------

# A link destination after `](`, with balanced parentheses, or in angle brackets.
_INLINE = re.compile(r"\]\(\s*(?:<([^<>\n]*)>|((?:[^\s()<>]|\((?:[^\s()<>])*\))+))")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(?:<([^<>\n]*)>|(\S+))")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"\b(?:href|src)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
_BARE = re.compile(r"(?<![\w/@.:-])(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?*_~'\""
_CLOSERS = {")": "(", "]": "["}
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def readme_links(path: Path, shown_path: str, blocks: Sequence[str]
                 ) -> list[tuple[str, int, int]]:
    """(link, line, column) of every link in the hand-written parts of a README.

    Raises `MarkerError` (render's) when the markers are broken: the hand-written parts
    cannot be told from the generated ones then.
    """
    from wmcurate.render import find_blocks

    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    lines = re.split(r"\r\n|\r|\n", text)
    generated: set[int] = set()
    for block in find_blocks(lines, shown_path, blocks).values():
        generated.update(range(block.begin + 1, block.end))
    found: list[tuple[str, int, int]] = []
    for index in _prose_lines(lines, generated):
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), lines[index])
        found += [(link, index + 1, column + 1) for link, column in _links_in(line)]
    return found


def _prose_lines(lines: list[str], generated: set[int]) -> Iterator[int]:
    """Indexes of the lines outside generated blocks and outside code blocks."""
    from markdown_it import MarkdownIt

    blank = [("" if i in generated else line) for i, line in enumerate(lines)]
    code: set[int] = set()
    for token in MarkdownIt("commonmark").parse("\n".join(blank)):
        if token.type in ("fence", "code_block") and token.map is not None:
            code.update(range(*token.map))
    return (i for i in range(len(lines)) if i not in generated and i not in code)


def _links_in(line: str) -> Iterator[tuple[str, int]]:
    """(link, 0-based column) of each link on one line of prose."""
    taken: list[tuple[int, int]] = []
    for pattern in (_INLINE, _REFERENCE, _AUTOLINK, _ATTRIBUTE):
        for match in pattern.finditer(line):
            group = next(g for g in range(1, (pattern.groups or 0) + 1)
                         if match.group(g) is not None)
            taken.append(match.span())
            yield match.group(group), match.start(group)
    for match in _BARE.finditer(line):
        if any(start <= match.start() < end for start, end in taken):
            continue
        link = _trim(match.group(0))
        if link.lower().startswith("www."):
            link = "http://" + link
        yield link, match.start()


def _trim(url: str) -> str:
    while url:
        last = url[-1]
        unbalanced = last in _CLOSERS and url.count(_CLOSERS[last]) < url.count(last)
        if last not in _TRAILING and not unbalanced:
            break
        url = url[:-1]
    return url


def _local_file(root: Path, readme: Path, link: str) -> Path | None:
    """The file a relative README link names (from the list's root when it starts with `/`,
    as GitHub reads it), or None for anything else (an e-mail address, an anchor in the same
    page, a link with a scheme)."""
    if not link or link.startswith(("#", "//")) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", link):
        return None
    target = unquote(urlsplit(link).path)
    if not target:
        return None
    return root / target.lstrip("/") if target.startswith("/") else readme.parent / target
