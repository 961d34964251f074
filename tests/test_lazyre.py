"""`lazyre.lazy`: a pattern compiled on first use behaves as the compiled pattern."""

from __future__ import annotations

import re

import pytest

from wmcurate.lazyre import lazy


def test_a_lazy_pattern_compiles_on_first_use_and_answers_as_compiled(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    hangul = lazy(r"[\uac00-\ud7af]+", re.IGNORECASE)
    assert hangul.pattern == r"[\uac00-\ud7af]+" and compiled == []  # `.pattern` is free
    text = "한국어 text 한글"
    reference = real(r"[\uac00-\ud7af]+", re.IGNORECASE)
    found, expected = hangul.search(text), reference.search(text)
    assert found is not None and expected is not None
    assert found.group() == expected.group() == "한국어"
    assert compiled == [r"[\uac00-\ud7af]+"]
    assert hangul.findall(text) == reference.findall(text) == ["한국어", "한글"]
    assert hangul.sub("-", text) == "- text -"
    assert hangul.fullmatch("한글") is not None and hangul.match("text") is None
    assert [m.span() for m in hangul.finditer(text)] == [(0, 3), (9, 11)]
    assert hangul.split(text) == reference.split(text)
    assert hangul.subn("", text)[1] == 2
    assert compiled == [r"[\uac00-\ud7af]+"]  # once
    assert hangul.groups == 0  # any other attribute of the compiled pattern
