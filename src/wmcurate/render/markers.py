"""README markers: the blocks render fills in, found as CommonMark reads them, and the
README as lines that keep their own line endings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from wmcurate.errors import MarkerError
from wmcurate.markdown import github_slug, html_block_starts

#: A marker starts its line: indented, it could be swallowed by a generated list above it.
MARKER = re.compile(r"^<!--\s*wmcurate:(begin|end)\s+([\w-]+)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    name: str
    begin: int  # index of the begin-marker line
    end: int  # index of the end-marker line


def find_blocks(lines: Sequence[str], path: str, wanted: Sequence[str]) -> dict[str, Block]:
    """The marked blocks of a README; any marker problem raises `MarkerError`.

    A marker counts only on a line that CommonMark reads as the start of an HTML
    block at the top level, and at the start of that line: one shown inside a fenced
    or indented code block (documentation of the markers), a list, a quote or another
    HTML block is text, and left alone. So the text after a block reads the same
    after render as before, and rendering twice changes nothing.
    """
    problems: list[str] = []
    open_name: str | None = None
    open_line = 0
    found: dict[str, Block] = {}
    seen_begin: dict[str, int] = {}
    real = html_block_starts(lines, lambda line: MARKER.match(line) is not None)
    for i in real:
        match = MARKER.match(lines[i])
        if match is None:  # never: html_block_starts returns only lines MARKER accepts
            continue
        kind, name = match.groups()
        if kind == "begin":
            if open_name is not None:
                problems.append(f"{path}:{i + 1}: marker 'begin {name}' opens inside block "
                                f"'{open_name}' begun at line {open_line + 1}; close it first")
                continue
            if name in seen_begin:
                problems.append(f"{path}:{i + 1}: marker 'begin {name}' is duplicated "
                                f"(first at line {seen_begin[name] + 1})")
                continue
            seen_begin[name] = i
            open_name, open_line = name, i
        else:
            if open_name is None:
                problems.append(f"{path}:{i + 1}: marker 'end {name}' has no 'begin {name}' "
                                "before it")
            elif name != open_name:
                problems.append(f"{path}:{i + 1}: marker 'end {name}' closes block "
                                f"'{open_name}' begun at line {open_line + 1}")
                open_name = None
            else:
                found[name] = Block(name, open_line, i)
                open_name = None
    if open_name is not None:
        problems.append(f"{path}:{open_line + 1}: marker 'begin {open_name}' is never closed "
                        f"(add <!-- wmcurate:end {open_name} -->)")
    for name in wanted:
        if name not in seen_begin and not any(f"'begin {name}'" in p for p in problems):
            problems.append(f"{path}: marker for block '{name}' is missing: add "
                            f"<!-- wmcurate:begin {name} --> and <!-- wmcurate:end {name} -->"
                            + _only_text(lines, set(real), name))
    if problems:
        raise MarkerError("\n".join(problems))
    return found


def _only_text(lines: Sequence[str], real: set[int], name: str) -> str:
    """A hint when the marker is there but where markdown reads it as text."""
    shown = re.compile(rf"<!--\s*wmcurate:begin\s+{re.escape(name)}\s*-->")
    for i, line in enumerate(lines):
        if i not in real and shown.search(line):
            return (f" (line {i + 1} has one, but a marker counts only at the start of a line, "
                    "outside code blocks, lists, quotes and other HTML; a blank line before it "
                    "ends those)")
    return ""


def anchors_after(before: Sequence[str], written: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The anchor GitHub gives each heading in `written` ((id, text) pairs) when the
    headings `before` (texts) come first: a repeated slug gets -1, -2, ..."""
    counts: dict[str, int] = {}
    for text in before:
        slug = github_slug(text)
        counts[slug] = counts.get(slug, 0) + 1
    anchors = {}
    for ident, text in written:
        slug = github_slug(text)
        n = counts.get(slug, 0)
        counts[slug] = n + 1
        anchors[ident] = f"#{slug}" if n == 0 else f"#{slug}-{n}"
    return anchors


class Document:
    """A README as lines, each with its own line ending, so that prose keeps its endings
    (a file may mix CRLF and LF) and only the generated blocks are rewritten."""

    _EOL = re.compile(r"(\r\n|\r|\n)")

    def __init__(self, text: str) -> None:
        self.endings: list[str] | None
        if "\r" not in text:
            self.lines = text.split("\n")
            self.endings = None  # every line ends with \n (the last with nothing)
        else:
            parts = self._EOL.split(text)
            self.lines = parts[0::2]
            self.endings = [*parts[1::2], ""]

    def replace(self, block: Block, body: list[str]) -> int:
        """Put `body` between the block's markers; returns how many lines were added."""
        while body and not body[-1]:
            body = body[:-1]
        new = ["", *body, ""]
        old_count = block.end - block.begin - 1
        self.lines[block.begin + 1:block.end] = new
        if self.endings is not None:
            # Generated lines end as the begin marker's line does.
            eol = self.endings[block.begin]
            self.endings[block.begin + 1:block.end] = [eol] * len(new)
        return len(new) - old_count

    def text(self) -> str:
        if self.endings is None:
            return "\n".join(self.lines)
        return "".join(line + eol for line, eol in zip(self.lines, self.endings, strict=True))
