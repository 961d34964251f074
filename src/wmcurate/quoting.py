"""Values from entries, servers and users, shown in messages without letting them act.

A value quoted in a message may hold a newline (which GitHub Actions would read as the
start of a workflow command such as `::add-mask::`), terminal escape sequences (`ESC]0;`
retitles the window, `ESC[2J` clears it), bidi overrides that reorder what a reviewer
reads, or zero-width characters that hide text. `escape` shows every such character as a
visible escape (`\\n`, `\\x1b`, `\\u202e`); `quote` is the form messages use for a value.
"""

from __future__ import annotations

import re

from wmcurate.lazyre import lazy

#: C0 and C1 control characters, DEL, bidi marks, overrides and isolates, zero-width
#: characters, line and paragraph separators, invisible operators, the byte order mark and
#: interlinear annotation marks: characters that act on a terminal, a log or a reader
#: instead of showing.
UNSAFE = lazy(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    "\ufff9-\ufffb]"
)
# What `json.dumps` leaves raw: it escapes C0 controls itself (a raw newline in its output
# is layout between values, not data).
_RAW_IN_JSON = lazy(UNSAFE.pattern.replace("\x00-\x1f", ""))
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_one(match: re.Match[str]) -> str:
    char = match.group(0)
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """`text` with every unsafe character shown as an escape (`\\n`, `\\x1b`, `\\u202e`)."""
    return UNSAFE.sub(_escape_one, text) if UNSAFE.search(text) else text


def quote(value: object) -> str:
    """A value as a message quotes it: in single quotes, unsafe characters escaped."""
    return f"'{escape(str(value))}'"


def json_safe(document: str) -> str:
    """JSON text (as `json.dumps(..., ensure_ascii=False)` writes it) with the unsafe
    characters JSON leaves raw (C1 controls, bidi and zero-width characters, U+2028) written
    as `\\uXXXX` escapes: the same data, safe to print."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)


def github_escape(text: str, prop: bool = False) -> str:
    """Text for a GitHub Actions workflow command: `%`, CR and LF percent-encoded as GitHub
    requires for data, and `:` and `,` as well in a property (`file=`, `title=`); every
    other unsafe character shown as an escape, so nothing reaches the runner raw."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return escape(text)
