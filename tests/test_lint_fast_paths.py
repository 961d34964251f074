"""Lint's fast paths give what the general ones give (issue 14, point 13).

Lint reads each entry's strings in one walk, looks closer only at what a cheap look
flags, finds a field's position without laying out the whole file, reads the common
arXiv ID and URL shapes without the general parser, and writes its JSON line by line.
Each shortcut is checked here against the plain way on generated values.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wmcurate.cli.lint import findings_json
from wmcurate.config import load_config
from wmcurate.errors import InvalidArxivId
from wmcurate.ids import arxiv_id_from_url, parse_arxiv_id
from wmcurate.lint import run_lint
from wmcurate.lint.fields import EntryStrings, all_strings, in_zh, matching_strings
from wmcurate.lint.rules.text import _UNUSUAL, _clean_spaces, _space_suspect, _spaced_out
from wmcurate.yamlread import LazyMarks, mark_of, read_yaml

KEYS = st.one_of(
    st.sampled_from(["title", "en", "zh", "zh-Hant", "links", "source", "1", "True"]),
    st.integers(0, 3), st.booleans(), st.none())
TEXTS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["  ", " a", "a ", "a\n\nb", "Bj枚rn", "视角  ", "\u3000x", "&amp;",
                     "x\u202ey", "\x00", "a\tb", "BjÃ¶rn", ""]),
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2, 5), TEXTS)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)), max_leaves=24)
ENTRIES = st.dictionaries(KEYS, VALUES, max_size=8)


@settings(max_examples=400, deadline=None)
@given(ENTRIES, st.sampled_from([(), ("links",), ("links", "title")]))
def test_matching_strings_are_all_strings_filtered(raw: dict[Any, Any],
                                                   skip: tuple[str, ...]) -> None:
    def test(text: str) -> bool:
        return len(text) % 2 == 0

    expected = [(at, text) for at, text in all_strings(raw) if at[0] not in skip and test(text)]
    assert matching_strings(raw, skip, test) == expected


@settings(max_examples=400, deadline=None)
@given(ENTRIES)
def test_the_one_walk_holds_every_string_in_its_group(raw: dict[Any, Any]) -> None:
    seen = EntryStrings(raw)
    strings = all_strings(raw)

    assert Counter(seen.ascii_parts) == Counter(t for _, t in strings if t.isascii())
    assert Counter(seen.other_parts) == Counter(
        t for at, t in strings if not t.isascii() and not in_zh(at))
    assert Counter(seen.chinese_parts) == Counter(
        t for at, t in strings if not t.isascii() and in_zh(at))
    for joined, parts, count in ((seen.ascii, seen.ascii_parts, seen.ascii_count),
                                 (seen.other, seen.other_parts, seen.other_count),
                                 (seen.chinese, seen.chinese_parts, seen.chinese_count)):
        assert joined == "\x00".join(parts) and count == len(parts)
    # Keys and `source`'s strings: what WMC408 looks at besides the strings.
    source = raw.get("source")
    assert Counter(map(repr, seen.keys)) == Counter(map(repr, [
        *raw, *(k for name, value in raw.items() if name != "source" for k in _every_key(value)),
        *_every_key(source), *(text for _, text in all_strings({"x": source}))]))


def _every_key(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [*value, *(k for item in value.values() for k in _every_key(item))]
    if isinstance(value, list):
        return [k for item in value for k in _every_key(item)]
    return []


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_a_string_the_whitespace_rule_changes_is_always_looked_at(text: str) -> None:
    if text and _clean_spaces(text) != text.rstrip("\n"):
        assert _space_suspect(text), repr(text)


SPACED = st.lists(st.text(st.sampled_from("ab \n\t\x00视\u3000"), max_size=6), min_size=1,
                  max_size=6)


@settings(max_examples=1000, deadline=None)
@given(SPACED)
@example(["\x00a  "])  # a NUL inside a string is no separator
@example(["a\x00", " b", "", "c "])
def test_the_strings_a_group_holds_to_clean_are_all_found(parts: list[str]) -> None:
    joined = "\x00".join(parts)
    if not _space_suspect(joined):
        return
    found = _spaced_out(joined, parts)
    assert set(map(id, found)) <= set(map(id, parts))
    for text in parts:
        if text and _clean_spaces(text) != text.rstrip("\n"):
            assert any(item is text for item in found), (parts, text)


@settings(max_examples=200, deadline=None)
@given(VALUES, st.booleans())
def test_one_field_is_found_where_the_laid_out_marks_put_it(value: Any, flow: bool) -> None:
    try:
        text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
        eager: dict[tuple[str | int, ...], tuple[int, int]] = {}
        root = read_yaml(text.encode("utf-8"), eager)
    except yaml.YAMLError:
        return  # a document the reader refuses (two keys Python takes for one)
    lazy = LazyMarks()
    read_yaml(text.encode("utf-8"), lazy)
    for at in [*_paths(root), ("nothing",), (0,), (0, "x")]:
        assert lazy.get(at) == eager.get(at), (text, at)
        assert mark_of(lazy, at) == mark_of(eager, at), (text, at)
    assert dict(lazy) == eager


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key if isinstance(key, str) else str(key)))
            found += [(*prefix, key), (*prefix, "missing")]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
        found += [(*prefix, len(value)), (*prefix, -1), (*prefix, "0")]
    return found


IDS = st.one_of(
    st.from_regex(r"[0-9]{4}\.[0-9]{4,5}(v[0-9]{1,2})?", fullmatch=True),
    st.sampled_from(["2303.11328", "0704.0001", "1412.12345", "1501.1234", "2313.00001",
                     "2303.00000", "0703.0001", "2303.11328v0", "hep-th/9901001"]),
)


def _outcome(read: Any, text: str) -> Any:
    try:
        return read(text)
    except InvalidArxivId as exc:
        return str(exc)


@settings(max_examples=500, deadline=None)
@given(IDS, st.sampled_from(["{}", "https://arxiv.org/abs/{}", "https://arxiv.org/pdf/{}",
                             "https://arxiv.org/pdf/{}.pdf", "http://www.arxiv.org/abs/{}",
                             "https://export.arxiv.org/pdf/{}", "https://arxiv.org/abs/{}.pdf"]))
def test_common_id_shapes_read_as_the_general_parser_reads_them(arxiv: str, shape: str) -> None:
    text = shape.format(arxiv)
    # Surrounding blanks send a text down the general path, which strips them first.
    assert arxiv_id_from_url(text) == arxiv_id_from_url(f" {text} ")
    assert _outcome(parse_arxiv_id, text) == _outcome(parse_arxiv_id, f"{text} ")


FINDINGS = st.lists(st.fixed_dictionaries({
    "code": st.sampled_from(["WMC101", "WMC403"]),
    "severity": st.sampled_from(["error", "warning"]),
    "file": st.text(max_size=12),
    "line": st.integers(0, 10**6),
    "column": st.integers(0, 400),
    "message": st.text(max_size=30),
    "fixable": st.booleans(),
}), max_size=4)


@settings(max_examples=300, deadline=None)
@given(FINDINGS, st.integers(0, 9), st.integers(0, 9))
def test_the_json_report_is_what_json_writes(findings: list[dict[str, Any]], errors: int,
                                             fixable: int) -> None:
    document = {"findings": findings,
                "summary": {"errors": errors, "warnings": 0, "fixable": fixable}}

    assert findings_json(document) == json.dumps(document, ensure_ascii=False, indent=2)


def test_printable_text_holds_no_blank_but_the_space() -> None:
    # The whitespace rule skips its closer look at printable text (most of it).
    for code in range(0x110000):
        if _UNUSUAL.match(chr(code)) or chr(code) == "\n":
            assert not chr(code).isprintable(), hex(code)


@pytest.mark.parametrize("source", ['"bad\\u202e"', '{source: "bad\\u202e", comment: ok}',
                                    '["bad\\u202e"]'])
def test_hidden_characters_in_source_are_found_whatever_its_shape(
        make_list: Callable[..., Path], source: str) -> None:
    # The cheap first look covers every string of `source`, not only a mapping's.
    root = make_list({"alpha/2301.00001": f'title: A work\nsource: {source}\n'})

    found = [f for f in run_lint(load_config(root), check_outputs=False).findings
             if f.code == "WMC408"]

    assert [f.line for f in found] == [2]
    assert "bidi override" in found[0].message
