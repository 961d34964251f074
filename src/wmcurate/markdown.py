"""Markdown text handling shared by render (escape) and import (unescape).

Text from entries is plain text. Render escapes it for the context it lands in,
so that no title, abstract or URL can open a link, a list, a heading, a code
span or an HTML element; import undoes exactly that escaping, so a rendered
list reads back as the same text.

Characters that hide in a diff never reach a rendered file as themselves: every
escape passes its text through `reveal`, which turns control characters (NUL makes
git call a file binary and hide its diff) into U+FFFD and invisible format
characters (bidi overrides, zero-width spaces) into numeric character references,
which show in review and render as before.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from wmcurate.lazyre import lazy

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_WS = re.compile(r"\s+")
# Control characters that are not whitespace (whitespace is collapsed to one space
# before this applies), and lone surrogates, which cannot be written as UTF-8.
_CONTROL_CLASS = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff"
# Unicode's format characters (category Cf, as of Unicode 15): bidi embeddings,
# overrides and isolates, zero-width spaces and joiners, the BOM, tag characters.
_FORMAT_BMP = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_FORMAT_ASTRAL = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_FORMAT_CLASS = _FORMAT_BMP + _FORMAT_ASTRAL
# A class of characters below U+10000 is one table lookup per character; scattered
# ranges above it are tried one by one. So whole files are searched for the first kind,
# then for any character above U+FFFF (emoji: few), each checked on its own.
_HIDDEN_BMP = re.compile(f"[{_CONTROL_CLASS}{_FORMAT_BMP}]")
_ABOVE_BMP = re.compile("[\U00010000-\U0010ffff]")
_FORMAT_ABOVE_BMP = re.compile(f"[{_FORMAT_ASTRAL}]")
_CONTROL = re.compile(f"[{_CONTROL_CLASS}]")
_URL = re.compile(f"https?://[^\\s<>\"'`{_CONTROL_CLASS}{_FORMAT_CLASS}]+")
# A link render writes as a link: http(s), a host, and nothing hidden in it. (Spaces
# inside are the `<...>` form's job; they cannot change the scheme.)
_WEB_URL = lazy(f"(?i)https?://[^\\s/?#{_CONTROL_CLASS}{_FORMAT_CLASS}]"
                      f"[^{_CONTROL_CLASS}{_FORMAT_CLASS}]*")
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


#: Printable ASCII that no escape here changes: not markdown's, not `&`, not the `:` of
#: a URL.
_INERT_ASCII = bytes(c for c in range(0x20, 0x7F) if chr(c) not in "\\`*_[]|~$<>&:")
#: ... and, in UTF-8, U+3001 to U+9FFF (CJK punctuation, kana, ideographs: no
#: whitespace but U+3000, tested apart, nothing hidden): their lead bytes E3-E9 and the
#: continuation bytes 80-BF, which follow only lead bytes.
_INERT_UTF8 = _INERT_ASCII + bytes(range(0x80, 0xC0)) + bytes(range(0xE3, 0xEA))


def inert(text: str) -> bool:
    """True when `text` is one line with single spaces (none at either end) and holds no
    character that markdown, HTML or `reveal` act on, no URL and nothing above U+FFFF:
    every escape here returns it as it is, but for a block start (`#`, `-`, a number
    at the start of a line).

    A quick test of the common case (a byte deletion in C), not a complete one: False
    only says the escapes must look closer.
    """
    if text.isascii():
        if text.encode("ascii").translate(None, _INERT_ASCII):
            return False
    elif "\u3000" in text:
        return False
    else:
        try:
            if text.encode("utf-8").translate(None, _INERT_UTF8):
                return False
        except UnicodeEncodeError:  # a lone surrogate
            return False
    return "  " not in text and text[:1] != " " and text[-1:] != " "


#: What a line that opens a block may start with (`_BLOCK_START`), and the empty text:
#: an inert text that starts otherwise needs no escape at all.
_BLOCK_FIRST = frozenset(("", *"#>-+=0123456789"))


def inert_block(text: str) -> bool:
    """`inert`, not empty, and `text` cannot open a block where it starts a line:
    `escape_block`, `escape_rich` and `escape_math` return it as it is."""
    return text[:1] not in _BLOCK_FIRST and inert(text)


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines, tabs) to one space."""
    # Most text is one line already: say so without splitting it into words. A printable
    # text holds no whitespace but the plain space (str.isprintable counts every other
    # whitespace character str.split splits at as unprintable).
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


_BLANK_LINE = re.compile(r"\n\s*\n")
_NEEDS_URL_ESCAPE = re.compile(r"[\s()<>\\]")
_URL_NEEDS_CARE = re.compile(f"[\\s()<>\\\\{_CONTROL_CLASS}{_FORMAT_BMP}]")
_URL_SPECIAL = re.compile(r"([<>\\])")


def paragraphs(text: str) -> list[str]:
    """Split a text on blank lines; each paragraph becomes one line."""
    if "\n" not in text:
        return [one_line(text)] if text.strip() else []
    return [one_line(p) for p in _BLANK_LINE.split(text) if p.strip()]


_INLINE_TABLE = str.maketrans(_INLINE)


def _escape_plain(text: str) -> str:
    return reveal(_ENTITY_LIKE.sub("&amp;", text).translate(_INLINE_TABLE))


def _reveal_one(match: re.Match[str]) -> str:
    char = match.group(0)
    if _CONTROL.match(char):
        return "\ufffd"
    if char > "\uffff" and not _FORMAT_ABOVE_BMP.match(char):
        return char
    return f"&#x{ord(char):X};"


def reveal(text: str) -> str:
    """`text` with control characters as U+FFFD and format characters as `&#x...;`.

    Right in markdown and HTML alike (in text, link destinations, HTML and comments),
    so it applies to whole generated files. Line breaks are left alone.
    """
    if _HIDDEN_BMP.search(text):
        text = _HIDDEN_BMP.sub(_reveal_one, text)
    if not text.isascii() and _ABOVE_BMP.search(text):
        text = _ABOVE_BMP.sub(_reveal_one, text)
    return text


@lru_cache(maxsize=8192)
def is_web_url(url: str) -> bool:
    """True for an http(s) URL render may write as a link (after trimming its ends).

    Anything else (`javascript:`, `data:`, `javascript&colon;`, a scheme split by
    whitespace or hidden characters) is shown as text, never as a link.
    """
    url = url.strip()
    if url.isascii() and url.isprintable():
        # No control character (nor anything hidden: ASCII has none but controls) to look
        # for: the scheme and the host's first character say it all.
        return _WEB_URL_START.match(url) is not None
    return _WEB_URL.fullmatch(url) is not None


_WEB_URL_START = re.compile(r"(?i)https?://[^\s/?#]")


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


# Markdown's characters and the hidden ones below U+10000: one table lookup each.
_SPECIAL = re.compile(f"[\\\\`*_\\[\\]|~$<>&{_CONTROL_CLASS}{_FORMAT_BMP}]")


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
    if "://" not in text and not _SPECIAL.search(text) and (
            text.isascii() or not _ABOVE_BMP.search(text)):
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
    return _no_block_start(_escape_line(text) if collapsed else escape_inline(text))


def _no_block_start(escaped: str) -> str:
    match = _BLOCK_START.match(escaped)
    if match:
        if match.group(2):
            escaped = match.group(2) + "\\" + escaped[len(match.group(2)):]
        else:
            escaped = "\\" + escaped
    return escaped


# -- curated texts: a safe inline subset ----------------------------------------------

# The inline markdown a curated text may carry: a code span, a link to an http(s) page,
# strong and emphasis written with asterisks. Everything else is escaped as plain text.
_RICH = re.compile(
    r"`(?P<code>[^`\s](?:[^`]*[^`\s])?)`"
    r"|\[(?P<label>[^\[\]`]+)\]\((?P<url>https?://[^\s()<>\\`]+)\)"
    r"|\*\*(?P<strong>[^\s*](?:.*?[^\s*])?)\*\*"
    r"|\*(?P<em>[^\s*](?:[^*]*?[^\s*])?)\*"
)


def escape_rich(text: str, collapsed: bool = False) -> str:
    """`escape_block` for a curated text (one-liner, innovation, key point), which may
    carry `**strong**`, `*emphasis*`, `` `code` `` and `[text](https://...)`.

    Those are written as markdown; everything else is escaped as `escape_block` does:
    no raw HTML, no heading or other block, no link but to an http(s) URL, nothing
    hidden. `unescape` reads the result back as `text`.
    """
    line = text if collapsed else one_line(text)
    if "`" not in line and "*" not in line and "[" not in line:
        return _no_block_start(_escape_line(line))
    return _no_block_start(_rich_line(line, links=True))


def _rich_line(text: str, links: bool) -> str:
    out: list[str] = []
    pos = start = 0
    while True:
        match = _RICH.search(text, start)
        if match is None:
            break
        piece = _rich_piece(match, links)
        if piece is None:  # looks like markup, but may not be: its first character is text
            start = match.start() + 1
            continue
        plain = _escape_line(text[pos:match.start()])
        if plain.endswith("!") and piece.startswith("["):
            plain = plain[:-1] + "\\!"  # `![...](...)` would be an image
        out += [plain, piece]
        pos = start = match.end()
    out.append(_escape_line(text[pos:]))
    return "".join(out)


def _rich_piece(match: re.Match[str], links: bool) -> str | None:
    code, label, url = match.group("code"), match.group("label"), match.group("url")
    if code is not None:
        return f"`{code}`" if reveal(code) == code else None
    if label is not None:
        if not links or "://" in label or not is_web_url(url) or reveal(url) != url \
                or not label.strip():
            return None
        return f"[{_rich_line(one_line(label), links=False)}]({url})"
    strong = match.group("strong")
    if strong is not None:
        return f"**{_rich_line(strong, links)}**"
    return f"*{_rich_line(match.group('em'), links)}*"


# -- abstracts: TeX math ----------------------------------------------------------------

# A balanced `$...$` span as TeX writes inline math: no space inside either dollar, no
# digit after the closing one (so "$5 and $10" is money), no backtick inside.
_MATH = re.compile(r"(?<![\\$])\$(?=[^\s$])([^$`]+?)(?<![\s\\])\$(?![\d$])")
# Macros that reach outside the formula (links, HTML, styles, loading extensions).
_UNSAFE_TEX = lazy(r"\\(?:href|url|html\w*|class|cssId|style|require|data|mmlToken|"
                         r"unicode|input|include|write|def|let|newcommand|renewcommand)(?![A-Za-z])")


def escape_math(text: str, collapsed: bool = False) -> str:
    """`escape_block` for an abstract's paragraph, with its balanced TeX spans (`$x^2$`)
    written as GitHub math (`` $`x^2`$ ``: a code span elsewhere, so no markdown
    character inside it means anything). An unbalanced or unsafe span is plain text."""
    line = text if collapsed else one_line(text)
    if "$" not in line:
        return _no_block_start(_escape_line(line))
    out: list[str] = []
    pos = 0
    for match in _MATH.finditer(line):
        body = match.group(1)
        if len(body) > 1000 or reveal(body) != body or _UNSAFE_TEX.search(body):
            continue
        plain = _escape_line(line[pos:match.start()])
        out += [plain, f"$`{body}`$"]
        pos = match.end()
    out.append(_escape_line(line[pos:]))
    return _no_block_start("".join(out))


def escape_html(text: str) -> str:
    """Escape one line of plain text for raw HTML context (inside `<summary>`)."""
    return reveal(html.escape(one_line(text), quote=False))


def escape_comment(text: str) -> str:
    """One line of plain text that cannot end (or nest) the HTML comment it is put in.

    Without `<` and `>`, no `-->`, `--!>` or `<!--` can form.
    """
    return reveal(one_line(text)).replace("<", "&lt;").replace(">", "&gt;")


# What markdown reads in inline text, in one pass as CommonMark does: an autolink
# (its content is literal), a backslash escape, an entity (with its semicolon), GitHub's
# math span $`...`$ (read back as the $...$ it was written from) or a code span (its
# content is literal: backslashes and entities in it are text).
_INLINE_TOKEN = lazy(
    r"<(https?://[^\s<>]*)>"
    r"|\\([!-/:-@\[-`{-~])"
    r"|(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|\$`([^`]+)`\$"
    r"|((?<!(?<!\\)`)(`+)[^`](?:.*?[^`])??\6(?!`))"
)


def _read_token(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return match.group(1)
    if match.group(2) is not None:
        return match.group(2)
    if match.group(3) is not None:
        return html.unescape(match.group(3))
    if match.group(4) is not None:
        return f"${match.group(4)}$"
    return match.group(5)


def unescape(text: str) -> str:
    """Plain text from one line of hand-written or rendered markdown inline text."""
    return one_line(_INLINE_TOKEN.sub(_read_token, text).replace("\u00a0", " "))


def escape_url(url: str) -> str:
    """A link destination that cannot end early: `<...>` form when it must."""
    url = url.strip()
    if _URL_NEEDS_CARE.search(url) or (not url.isascii() and _ABOVE_BMP.search(url)):
        url = reveal(url)
        if _NEEDS_URL_ESCAPE.search(url):
            return "<" + _URL_SPECIAL.sub(r"\\\1", one_line(url)) + ">"
    return url


@lru_cache(maxsize=4096)
def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading (its markdown source, as `heading_texts` returns
    it), without the de-duplication suffix.

    The anchor is made from the text GitHub shows: markdown read (escapes, entities,
    emphasis, link texts, code spans), images and HTML tags left out; then lower-cased,
    every character but letters, marks, numbers, spaces, hyphens and underscores removed,
    and spaces turned into hyphens.
    """
    tokens = _inline_parser().parseInline(heading.strip())
    shown = "".join(child.content for token in tokens for child in token.children or []
                    if child.type in ("text", "code_inline"))
    kept = []
    for ch in shown.lower():
        if ch in (" ", "-", "_") or unicodedata.category(ch)[0] in "LNM":
            kept.append(ch)
    return "".join(kept).replace(" ", "-")


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # only render needs a parser: imported here

    return MarkdownIt("commonmark").enable(["strikethrough"])


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x3000 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


#: Han ideographs (CJK unified, extension A, compatibility), shared by every module that
#: counts them: a class this wide costs milliseconds to compile.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def cjk_share(text: str) -> float:
    """Share of CJK characters among the CJK and Latin letters of `text`."""
    cjk = HAN.subn("", text)[1]
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


# -- block structure (CommonMark) ----------------------------------------------------


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # only render needs a parser: imported here

    parser = MarkdownIt("commonmark")
    # Only the block structure is wanted; inline parsing would double the time.
    parser.core.ruler.disable(["inline", "text_join"], ignoreInvalid=True)
    return parser


# What may open a fenced code block or an HTML block that runs on past a blank line
# (CommonMark's HTML blocks of types 1 to 5), anywhere in a line.
_OPENS_LONG_BLOCK = re.compile(r"```|~~~|<[!?]|<(?:pre|script|style|textarea)", re.IGNORECASE)


def html_block_starts(lines: Sequence[str], wanted: Callable[[str], bool]) -> list[int]:
    """The lines `wanted` accepts that CommonMark reads as the start of an HTML block at
    the top level.

    Not in a fenced or indented code block, a list or a block quote, nor inside an
    HTML block begun on an earlier line. `lines` are split as CommonMark splits them
    (at LF, CRLF and CR).
    """
    candidates = [i for i, line in enumerate(lines) if wanted(line)]
    if not candidates:
        return []
    # Where a block starts depends only on the lines above it: what follows the last
    # candidate (a README's prose after its generated blocks) need not be parsed.
    lines = lines[:candidates[-1] + 1]
    gaps = _inert_gaps(lines, candidates)
    if gaps:
        found = _starts_among(lines, candidates, gaps)
        if found is not None:
            return found
    return _starts_among(lines, candidates, []) or []


def _inert_gaps(lines: Sequence[str], candidates: Sequence[int]) -> list[tuple[int, int]]:
    """Stretches between two candidate lines that can be left out of the parse.

    A big README is mostly a generated block, and parsing it costs more than the
    rest of render. The stretch between two comment lines at column 0 can be left
    out when it begins and ends with a blank line and holds nothing that opens a
    fence or a long HTML block: if the first comment line is a one-line HTML block
    of its own (checked on the shortened text), the parser is at the top level with
    nothing open after it, and whatever the stretch opens (paragraphs, lists,
    quotes, short HTML blocks, indented code) is closed by its last blank line or by
    the second comment line at column 0. So both comment lines, and every line after,
    read the same with or without the stretch.
    """
    gaps = []
    for a, b in zip(candidates, candidates[1:], strict=False):
        if b - a < 3 or not (lines[a].startswith("<!--") and lines[b].startswith("<!--")):
            continue
        if "-->" not in lines[a] or lines[a + 1].strip() or lines[b - 1].strip():
            continue
        if _OPENS_LONG_BLOCK.search("\n".join(lines[a + 1:b])):
            continue
        gaps.append((a, b))
    return gaps


def _starts_among(lines: Sequence[str], candidates: Sequence[int],
                gaps: Sequence[tuple[int, int]]) -> list[int] | None:
    """Parse `lines` without `gaps` (each kept as one blank line); None if a gap's opening
    line turns out not to be a one-line top-level HTML block."""
    kept: list[str] = []
    pos = 0
    for a, b in gaps:
        kept += lines[pos:a + 1]
        kept.append("")
        pos = b
    kept += lines[pos:]
    starts: dict[int, int] = {}
    for token in _block_parser().parse("\n".join(kept)):
        if token.type == "html_block" and token.level == 0 and token.map:
            starts[token.map[0]] = token.map[1]

    def shortened(index: int) -> int:
        return index - sum(b - a - 2 for a, b in gaps if b <= index)

    if any(starts.get(shortened(a)) != shortened(a) + 1 for a, _ in gaps):
        return None
    return [i for i in candidates if shortened(i) in starts]


def heading_texts(lines: Sequence[str]) -> list[str]:
    """The text of every heading CommonMark finds (ATX and setext, at any depth), in order."""
    return [text for _level, text in heading_levels(lines)]


def heading_levels(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(level, text) of every heading CommonMark finds (ATX and setext, at any depth)."""
    tokens = _block_parser().parse("\n".join(lines))
    return [(int(token.tag[1:]), " ".join(tokens[i + 1].content.split("\n")))
            for i, token in enumerate(tokens) if token.type == "heading_open"]
