"""The one-scan-per-entry filters of the text rules never hide a finding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wmcurate.lint.rules.text import (
    _HIDDEN,
    _NOT_A_LEAD,
    _ODD_BLANK,
    _UNUSUAL,
    _clean_spaces,
    _space_suspect,
    _worth_a_look,
)
from wmcurate.mojibake import find_mis_decoding

BLANKS = st.sampled_from([" ", "  ", "\n", "\n\n", "\n\n\n", "\t", "\r\n", " \n", "\u3000", "\xa0"])
WORDS = st.sampled_from(["Zero", "1-to-3", "视角", "Bj枚rn", "BjÃ¶rn", "a", "&amp;", "MLP表示",
                         "PixArt-伪", "Lu膷i膰", "LuÄ\x8di", "Lu\ufffdi", "It鈥檚", "Jos茅"])
TEXTS = st.lists(st.one_of(WORDS, BLANKS), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(TEXTS, TEXTS)
def test_whitespace_filter_flags_every_text_the_rule_would(text: str, other: str) -> None:
    joined = "\x00".join([other, text, other])
    if _clean_spaces(text) != text.rstrip("\n"):
        assert _space_suspect(joined), repr(text)


@settings(max_examples=500, deadline=None)
@given(TEXTS, TEXTS, st.booleans())
def test_mojibake_is_only_found_where_the_filter_looks(text: str, other: str, zh: bool) -> None:
    joined = "\x00".join([other, text, other])
    not_zh = "\x00".join([other, other] if zh else [other, text, other])
    if find_mis_decoding(text, east_asian=not zh) is not None:
        assert _worth_a_look(joined, not_zh), repr(text)


def test_the_character_scans_cover_their_rules() -> None:
    lead = bytes(range(0xC2, 0xF5)).decode("latin-1")
    for code in range(0x110000):
        ch = chr(code)
        if _ODD_BLANK.match(ch):
            assert _UNUSUAL.match(ch), hex(code)
        # Hidden characters are never printable: printable text needs no closer look.
        if _HIDDEN.match(ch):
            assert not ch.isprintable(), hex(code)
    # Every letter a Windows-1252 stretch starts with survives the byte look.
    for ch in lead:
        assert ch.encode("latin-1").translate(None, _NOT_A_LEAD), hex(ord(ch))
