"""The one-scan-per-entry filters of the text rules never hide a finding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wmcurate.lint.rules.text import _clean_spaces, _space_suspect, repair_mojibake

BLANKS = st.sampled_from([" ", "  ", "\n", "\n\n", "\n\n\n", "\t", "\r\n", " \n", "\u3000", "\xa0"])
WORDS = st.sampled_from(["Zero", "1-to-3", "视角", "Bj枚rn", "BjÃ¶rn", "a", "&amp;", "MLP表示"])
TEXTS = st.lists(st.one_of(WORDS, BLANKS), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(TEXTS, TEXTS)
def test_whitespace_filter_flags_every_text_the_rule_would(text: str, other: str) -> None:
    joined = "\x00".join([other, text, other])
    if _clean_spaces(text) != text.rstrip("\n"):
        assert _space_suspect(joined), repr(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_mojibake_is_only_found_where_the_filter_looks(text: str) -> None:
    from wmcurate.lint.rules.text import _LATIN_THEN_CJK, _MOJIBAKE_HINT

    if repair_mojibake(text) is not None:
        assert _MOJIBAKE_HINT.search(text) or _LATIN_THEN_CJK.search(text)


def test_the_unusual_character_scan_covers_both_rules() -> None:
    from wmcurate.lint.rules.text import _MOJIBAKE_HINT, _ODD_BLANK, _UNUSUAL

    for code in range(0x110000):
        ch = chr(code)
        if _ODD_BLANK.match(ch) or _MOJIBAKE_HINT.match(ch):
            assert _UNUSUAL.match(ch), hex(code)
