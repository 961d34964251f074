"""Markdown text handling shared by render (escape) and import (unescape).

Text from entries is plain text. Render escapes it for the context it lands in,
so that no title, abstract or URL can open a link, a list, a heading, a code
span or an HTML element; import undoes exactly that escaping, so a rendered
list reads back as the same text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache

_WS = re.compile(r"\s+")
_URL = re.compile(r"https?://[^\s<>\"'`]+")
# Punctuation that closes a sentence rather than a URL.
_URL_TAIL = ".,;:!?)]}'\"。，；：！？）"
# Inline characters that can start markdown structure anywhere in a line.
_INLINE = {
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
    "|": "\\|", "~": "\\~", "$": "\\$", "<": "&lt;", ">": "&gt;",
}
# `html.unescape` also decodes `&lt` without its semicolon, so every `&` that
# could begin an entity is escaped, not only complete ones.
_ENTITY_LIKE = re.compile(r"&(?=[#A-Za-z])")
# What can open a block when it starts a line: headings, quotes, lists, setext rules.
_BLOCK_START = re.compile(r"^(#|>|-|\+|=|(\d{1,9})([.)]))")


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines, tabs) to one space."""
    return " ".join(text.split())


_BLANK_LINE = re.compile(r"\n\s*\n")
_NEEDS_URL_ESCAPE = re.compile(r"[\s()<>\\]")
_URL_SPECIAL = re.compile(r"([<>\\])")


def paragraphs(text: str) -> list[str]:
    """Split a text on blank lines; each paragraph becomes one line."""
    if "\n" not in text:
        return [one_line(text)] if text.strip() else []
    return [one_line(p) for p in _BLANK_LINE.split(text) if p.strip()]


_INLINE_TABLE = str.maketrans(_INLINE)


def _escape_plain(text: str) -> str:
    return _ENTITY_LIKE.sub("&amp;", text).translate(_INLINE_TABLE)


def _split_url(match: re.Match[str]) -> tuple[str, str]:
    url = match.group(0)
    tail = ""
    while url and url[-1] in _URL_TAIL:
        # Keep a closing parenthesis that balances one inside the URL.
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        tail = url[-1] + tail
        url = url[:-1]
    return url, tail


_SPECIAL = re.compile(r"[\\`*_\[\]|~$<>&]")


@lru_cache(maxsize=4096)
def escape_inline(text: str) -> str:
    """Escape one line of plain text for markdown inline context.

    URLs become autolinks (`<https://...>`), which keeps them clickable and is
    the one place where no backslash escape is read.
    """
    return _escape_line(one_line(text))


def _escape_line(text: str) -> str:
    """`escape_inline` for text that is already one line with single spaces."""
    # Most text has nothing to escape; one character-class scan and a substring
    # test (URLs) say so faster than any other way.
    if "://" not in text and not _SPECIAL.search(text):
        return text
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(text):
        url, tail = _split_url(match)
        if len(url) <= len("https://"):
            continue
        out.append(_escape_plain(text[pos:match.start()]))
        out.append(f"<{url}>")
        pos = match.start() + len(url)
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def escape_block(text: str, collapsed: bool = False) -> str:
    """Escape one paragraph that starts a line (list item, quote line, paragraph).

    `collapsed` says the text is already one line (as `paragraphs` returns it).
    """
    escaped = _escape_line(text) if collapsed else escape_inline(text)
    match = _BLOCK_START.match(escaped)
    if match:
        if match.group(2):
            escaped = match.group(2) + "\\" + escaped[len(match.group(2)):]
        else:
            escaped = "\\" + escaped
    return escaped


def escape_html(text: str) -> str:
    """Escape one line of plain text for raw HTML context (inside `<summary>`)."""
    return html.escape(one_line(text), quote=False)


# What markdown reads in inline text, in one pass as CommonMark does: an autolink
# (its content is literal), a backslash escape, or an entity (with its semicolon).
_INLINE_TOKEN = re.compile(
    r"<(https?://[^\s<>]*)>"
    r"|\\([!-/:-@\[-`{-~])"
    r"|(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)


def _read_token(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return match.group(1)
    if match.group(2) is not None:
        return match.group(2)
    return html.unescape(match.group(3))


def unescape(text: str) -> str:
    """Plain text from one line of hand-written or rendered markdown inline text."""
    return one_line(_INLINE_TOKEN.sub(_read_token, text).replace("\u00a0", " "))


def escape_url(url: str) -> str:
    """A link destination that cannot end early: `<...>` form when it must."""
    url = url.strip()
    if _NEEDS_URL_ESCAPE.search(url):
        return "<" + _URL_SPECIAL.sub(r"\\\1", one_line(url)) + ">"
    return url


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading's text (without the de-duplication suffix)."""
    # The anchor is made from the text GitHub shows, after escapes and entities.
    text = unescape(re.sub(r"<[^>]+>", "", heading.strip()))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("**", "").replace("`", "").lower()
    kept = []
    for ch in text:
        if ch in (" ", "-", "_") or ch.isalnum() \
                or unicodedata.category(ch).startswith(("L", "N", "M")):
            kept.append(ch)
    return "".join(kept).replace(" ", "-")


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x3000 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def cjk_share(text: str) -> float:
    """Share of CJK characters among the CJK and Latin letters of `text`."""
    cjk = _CJK_CHAR.subn("", text)[1]
    latin = _LATIN_LETTER.subn("", text)[1]
    return cjk / (cjk + latin) if cjk + latin else 0.0


FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def outside_fences(lines: Sequence[str]) -> Iterator[tuple[int, str]]:
    """(index, line) of every line that is not inside a fenced code block (nor a fence)."""
    fence: str | None = None
    for i, line in enumerate(lines):
        match = FENCE.match(line)
        if match:
            marker = match.group(1)[0]
            fence = marker if fence is None else (None if fence == marker else fence)
            continue
        if fence is None:
            yield i, line


def headings(lines: Sequence[str]) -> list[tuple[int, int, str]]:
    """(index, level, text) of every ATX heading outside fenced code."""
    found = []
    for i, line in outside_fences(lines):
        match = HEADING.match(line)
        if match:
            found.append((i, len(match.group(1)), match.group(2)))
    return found
