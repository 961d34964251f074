"""The markdown a hand-written list is made of: patterns and small text helpers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from wmcurate.markdown import is_cjk, unescape

BULLET = re.compile(r"^([*+-]|\d{1,9}[.)])\s+(.*)$")
ANY_BULLET = re.compile(r"^\s*(?:[*+-]|\d{1,9}[.)])\s+(.*)$")
FIELD = re.compile(r"^\s*[*+-]\s+\*\*(.+?)\*\*\s*(.*)$")
BOLD_TITLE = re.compile(r"^\*\*(.+)\*\*\s*$")
SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary>", re.IGNORECASE | re.DOTALL)
DETAILS_OPEN = re.compile(r"<details\b", re.IGNORECASE)
DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
MD_LINK = re.compile(r"\[\[?((?:\\.|[^\]\\])*)\]?\]"
                     r"\(\s*(<(?:\\.|[^>\\])*>|(?:\\.|[^()\s\\]|\([^()\s]*\))*)"
                     r"(?:\s+\"[^\"]*\")?\s*\)")
BARE_URL = re.compile(r"<?(https?://[^\s<>|]+)>?")
NEW_ID = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
OLD_ID = re.compile(r"^([a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?$")
ID_IN_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/([a-z-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})", re.IGNORECASE)
KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+\1")
BOLD_LINK = re.compile(r"\*\*\[((?:\\.|[^\]\\])*)\]\(\s*(<(?:\\.|[^>\\])*>|[^()\s]*)\s*\)\*\*")
YEAR_TAIL = re.compile(r"(?:^|\s|')((?:19|20)\d{2})(?:\s*\(.*\))?$")
SENTENCE_END = tuple(".!?。！？…:：;；")
HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
DECORATION = re.compile(r"^(?:[^\w\s]+|\d{1,3}(?:\ufe0f?\u20e3|[.)](?=\s)))(?:\s*(?:[^\w\s]+|"
                        r"\d{1,3}(?:\ufe0f?\u20e3|[.)](?=\s))))*\s*")
DETAILS_ID = re.compile(r"<details[^>]*\bid=\"([^\"]+)\"", re.IGNORECASE)
NO_ID = ("n/a", "na", "none", "-", "—", "–", "无", "暂无", "tbd", "")


def squash(text: str) -> str:
    """Only letters and digits, lower-cased: 'Modality + Spatial' == 'modality+spatial'."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def heading_text(text: str) -> str:
    text = MD_LINK.sub(lambda m: m.group(1), text)
    text = TAG.sub("", text).replace("**", "").replace("__", "")
    text = unescape(text)
    # Leading emoji, keycaps and numbering ("1️⃣", "🔬", "3.") are decoration; a
    # title that starts with a number ("3D Vision") keeps it.
    return DECORATION.sub("", text).strip()


def details_end(lines: Sequence[str], start: int) -> int | None:
    depth = 0
    for j in range(start, len(lines)):
        depth += len(DETAILS_OPEN.findall(lines[j]))
        depth -= len(DETAILS_CLOSE.findall(lines[j]))
        if depth <= 0:
            return j
    return None


def destination(raw: str) -> str:
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", raw).strip()


def arxiv_base(value: str) -> str:
    return re.sub(r"v\d+$", "", value)


def short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def join_text(left: str, right: str) -> str:
    if not left:
        return right
    if not right:
        return left
    # Chinese lines wrap without a space between them.
    if is_cjk(left[-1]) and is_cjk(right[0]):
        return left + right
    return f"{left} {right}"
