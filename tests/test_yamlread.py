"""The event-based reader reads every document exactly as PyYAML's safe loader (1.2 core)."""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from wmcurate.yamlread import SafeLoader12, read_yaml


def reference(text: str) -> Any:
    return yaml.load(text, Loader=SafeLoader12)  # noqa: S506  # a safe loader


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


CASES = [
    "arxiv: \"2303.11328\"\ntitle: 'Zero-1-to-3: One Image'\nfeatured: true\n",
    "a: no\nb: 010\nc: 0x1F\nd: -0o17\ne: 1e3\nf: .5\ng: -.inf\nh: .nan\ni: ~\nj:\nk: 1:20\n",
    "published: 2023-03-20\nadded: 2026-11-24T10:00:00Z\nother: 2001-12-14 21:59:43.10 -5\n",
    "authors: [A, 'B, C', \"D\"]\nkey_points:\n  en:\n    - one\n    - two\n",
    "abstract: |-\n  first\n\n  second\nfolded: >\n  a\n  b\n",
    "base: &b {x: 1}\nother: *b\nlist: &l [1, 2]\nagain: *l\nscalar: &s text\nref: *s\n",
    "tagged: !!str 123\nnum: !!int \"42\"\nflt: !!float '1.5'\nexplicit: !!null ''\n",
    "- 1\n- [2, {a: b}]\n- {}\n- []\n",
    "just a scalar\n",
    "",
    "# only a comment\n",
    'emoji: "\\U0001F600 é 模态"\nesc: "tab\\tnew\\nline"\n',
    "'quoted key': 1\n? plain\n: 2\n",
    "yes: y\nTrue: TRUE\nNULL: null\n",
]


@pytest.mark.parametrize("text", CASES)
def test_reads_like_the_safe_loader(text: str) -> None:
    assert same(read_yaml(text.encode("utf-8")), reference(text))


def test_values_have_the_expected_types() -> None:
    data = read_yaml(CASES[2].encode())
    assert data["published"] == dt.date(2023, 3, 20)
    assert data["added"] == dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone.utc)
    assert read_yaml(b"b: 010\nc: no\n") == {"b": 10, "c": "no"}


@pytest.mark.parametrize(
    ("text", "line", "column", "problem"),
    [
        ("title: T\nvenue: a\nvenue: b\n", 3, 1, "duplicate key 'venue'"),
        ("a: *missing\n", 1, 4, "found undefined alias 'missing'"),
        ("? [a, b]\n: c\n", 1, 3, "a mapping key must be a scalar"),
        ("a: !!python/object x\n", 1, 4, "unsupported tag 'tag:yaml.org,2002:python/object'"),
        ("a: !!int abc\n", 1, 4, "'abc' is not a valid int"),
    ],
)
def test_errors_name_the_position(text: str, line: int, column: int, problem: str) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        read_yaml(text.encode())
    mark = caught.value.problem_mark
    assert (mark.line + 1, mark.column + 1, caught.value.problem) == (line, column, problem)


def test_syntax_errors_are_libyaml_errors() -> None:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        read_yaml(b"title: [unclosed\n")
    assert caught.value.problem_mark is not None


def test_a_second_document_is_refused() -> None:
    with pytest.raises(yaml.MarkedYAMLError, match="single document"):
        read_yaml(b"a: 1\n---\nb: 2\n")


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, width=32),
    st.text(max_size=30),
    st.dates(),
    st.sampled_from(["no", "yes", "010", "0x1F", "1:20", "~", "null", ".inf", "2303.10000"]),
)
KEYS = st.text(min_size=1, max_size=12)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)


def _dump_ruamel(value: Any, flow: bool) -> str:
    writer = YAML(typ="rt")
    writer.default_flow_style = flow
    buffer = io.StringIO()
    writer.dump(value, buffer)
    return buffer.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=6), st.booleans())
def test_any_document_the_writers_produce_reads_the_same(value: dict[str, Any], flow: bool) -> None:
    for text in (_dump_ruamel(value, flow), yaml.safe_dump(value, allow_unicode=flow)):
        try:
            expected = reference(text)
        except yaml.YAMLError:
            # A writer emitted something no parser reads (ruamel's `{:0: }`): the
            # reader must refuse it too, not read something else.
            with pytest.raises(yaml.YAMLError):
                read_yaml(text.encode("utf-8"))
            continue
        assert same(read_yaml(text.encode("utf-8")), expected), text
