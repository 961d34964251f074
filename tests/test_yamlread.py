"""The event-based reader reads every document exactly as PyYAML's safe loader (1.2 core),
refuses what an entry may not hold (anchors, aliases, deep nesting), keeps YAML's key
rules, and notes every field's position exactly where PyYAML's node marks put it."""

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

from wmcurate.yamlread import MAX_DEPTH, Marks, RefusedYAML, SafeLoader12, mark_of, read_yaml


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
        ("a: *missing\n", 1, 4, "alias *missing: anchors and aliases are not allowed in "
         "entry files; write the value out where it is used"),
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
        if uses_anchors(text):  # PyYAML anchors an object it writes twice
            with pytest.raises(RefusedYAML):
                read_yaml(text.encode("utf-8"))
            continue
        marks: Marks = {}
        assert same(read_yaml(text.encode("utf-8"), marks), expected), text
        for path in paths_in(expected):
            assert mark_of(marks, path) == node_position(text, path), (text, path)


def uses_anchors(text: str) -> bool:
    return any(getattr(event, "anchor", None) is not None
               for event in yaml.parse(text, Loader=SafeLoader12))


def paths_in(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every field path in a loaded value, itself first."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_in(item, (*prefix, key if isinstance(key, str) else str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_in(item, (*prefix, index))
    return found


def key_text(node: Any) -> str:
    key = SafeLoader12("").construct_object(node, deep=True)
    return key if isinstance(key, str) else str(key)


def node_position(text: str, at: tuple[str | int, ...]) -> tuple[int, int]:
    """The position lint used to get by composing the file again: PyYAML's node marks
    (a field's value, its key when the value is null)."""
    node: Any = yaml.compose(text, Loader=SafeLoader12)
    line, col = 1, 1
    for part in at:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if key_text(k) == str(part)), None)
            if pair is None:
                break
            key_node, node = pair
            null = isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")
            mark = key_node.start_mark if null else node.start_mark
        else:
            node = node.value[part]
            mark = node.start_mark
        line, col = mark.line + 1, mark.column + 1
    if not at and node is not None:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
    return line, col


# -- what an entry file may not hold -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "what"),
    [
        ("base: &b {x: 1}\nother: *b\n", (1, 7), "anchor &b"),
        ("list: &l [1, 2]\n", (1, 7), "anchor &l"),
        ("title: &t Zero\n", (1, 8), "anchor &t"),
        ("authors:\n  - &a Ada\n", (2, 5), "anchor &a"),
        ("title: *nowhere\n", (1, 8), "alias *nowhere"),
    ],
)
def test_anchors_and_aliases_are_refused_where_they_are(
    text: str, position: tuple[int, int], what: str
) -> None:
    with pytest.raises(RefusedYAML) as caught:
        read_yaml(text.encode())
    mark = caught.value.problem_mark
    assert caught.value.reason == "anchor"
    assert (mark.line + 1, mark.column + 1) == position
    assert caught.value.problem.startswith(f"{what}: anchors and aliases are not allowed")


def alias_bomb(levels: int = 9) -> str:
    """Each level lists the previous one nine times: 9**levels strings once expanded."""
    names = "abcdefghijklmnop"
    lines = ["title: Bomb", "a: &a [x,x,x,x,x,x,x,x,x]"]
    for below, name in zip(names, names[1:levels], strict=False):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{below}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_its_first_anchor() -> None:
    text = alias_bomb()
    # The safe loader shares one list per anchor; anything walking it visits 9**9 strings.
    assert len(text) <= 360
    with pytest.raises(RefusedYAML) as caught:
        read_yaml(text.encode())
    assert caught.value.problem_mark.line + 1 == 2


@pytest.mark.parametrize("style", ["flow", "block-mapping", "block-sequence"])
def test_nesting_is_bounded(style: str) -> None:
    def nested(depth: int) -> str:
        if style == "flow":
            return "title: " + "[" * depth + "x" + "]" * depth + "\n"
        if style == "block-mapping":
            return "title:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, depth))
        return "title:\n" + "".join("  " * i + "-\n" for i in range(1, depth))

    # The document is one level: `title`'s value may go MAX_DEPTH - 1 deeper.
    read_yaml(nested(MAX_DEPTH - 1).encode())
    with pytest.raises(RefusedYAML) as caught:
        read_yaml(nested(400).encode())
    assert caught.value.reason == "depth"
    assert f"more than {MAX_DEPTH} levels" in caught.value.problem


# -- keys: YAML 1.2 core identity (type and value) ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{1: a, "1": b}', {1: "a", "1": "b"}),
        ("{1: a, one: b}", {1: "a", "one": "b"}),
        ("{true: a, 'true': b}", {True: "a", "true": "b"}),
        ("{2023-01-01: a, '2023-01-01': b}", {dt.date(2023, 1, 1): "a", "2023-01-01": "b"}),
    ],
)
def test_keys_of_different_types_are_different_keys(text: str, expected: dict[Any, Any]) -> None:
    assert same(read_yaml(text.encode()), expected)
    assert same(reference(text), expected)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{1: a, 01: b}", "duplicate key 1"),
        ("{0x1: a, 1: b}", "duplicate key 1"),
        ("{null: a, ~: b}", "duplicate key None"),
        ("{1: a, true: b}", "keys 1 and true are different in YAML but one key in Python"),
        ("{false: a, 0: b}", "keys false and 0 are different in YAML but one key in Python"),
        ("{1: a, 1.0: b}", "keys 1 and 1.0 are different in YAML but one key in Python"),
    ],
)
def test_key_clashes_say_what_they_are(text: str, problem: str) -> None:
    for read in (lambda: read_yaml(text.encode()), lambda: reference(text)):
        with pytest.raises(yaml.MarkedYAMLError) as caught:
            read()
        assert caught.value.problem.startswith(problem)
        assert "duplicate key True" not in caught.value.problem


#: Plain and quoted scalars, with their YAML 1.2 core identity (type name, value).
KEY_TEXTS = {
    "1": ("int", 1), "01": ("int", 1), "0x1": ("int", 1), "+1": ("int", 1), "0": ("int", 0),
    "true": ("bool", True), "True": ("bool", True), "false": ("bool", False),
    "1.0": ("float", 1.0), "1e0": ("float", 1.0), "0.0": ("float", 0.0),
    "'1'": ("str", "1"), '"1"': ("str", "1"), "'true'": ("str", "true"), "one": ("str", "one"),
    "null": ("null", None), "~": ("null", None), "'null'": ("str", "null"),
}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted(KEY_TEXTS)), min_size=1, max_size=5))
def test_keys_are_told_apart_by_type_and_value(keys: list[str]) -> None:
    text = "{" + ", ".join(f"{key}: v{i}" for i, key in enumerate(keys)) + "}"
    identities = [KEY_TEXTS[key] for key in keys]
    # Python holds a key once per ==; YAML once per (type, value).
    python_clash = len({value for _, value in identities}) < len(identities)
    yaml_duplicate = len(set(identities)) < len(identities)
    outcomes = []
    for read in (lambda: read_yaml(text.encode()), lambda: reference(text)):
        try:
            outcomes.append(("read", read()))
        except yaml.MarkedYAMLError as exc:
            outcomes.append(("refused", exc.problem))
    assert outcomes[0] == outcomes[1] or same(outcomes[0][1], outcomes[1][1])
    kind, result = outcomes[0]
    if not python_clash:
        assert kind == "read"
        assert len(result) == len(keys)
    else:
        assert kind == "refused"
        first = next(i for i, (_, value) in enumerate(identities)
                     if any(v == value for _, v in identities[:i]))
        earlier = next(ident for ident in identities[:first] if ident[1] == identities[first][1])
        is_duplicate = earlier[0] == identities[first][0]
        assert result.startswith("duplicate key") is is_duplicate
        assert yaml_duplicate or not is_duplicate


# -- positions from the one parse --------------------------------------------------------------


ENTRY = """\
# A header comment moves nothing.
arxiv: "2303.11328"
title: Zero-1-to-3
authors: [Ruoshi Liu, Rundi Wu]
venue:
links:
  paper: https://arxiv.org/abs/2303.11328
key_points:
  en:
    - one
    - two
1: a number key
"""


@pytest.mark.parametrize(
    ("at", "position"),
    [
        ((), (2, 1)),
        (("arxiv",), (2, 8)),
        (("authors", 1), (4, 23)),
        (("venue",), (5, 1)),  # null: its key
        (("links", "paper"), (7, 10)),
        (("links", "code"), (7, 3)),  # missing: its closest parent
        (("key_points", "en", 1), (11, 7)),
        (("nothing", "here"), (1, 1)),
        ((1,), (12, 4)),  # a number key, asked for as the number
        (("1",), (12, 4)),  # or as the text lint shows
    ],
)
def test_marks_give_each_fields_position(at: tuple[str | int, ...], position: tuple[int, int]
                                         ) -> None:
    marks: Marks = {}
    read_yaml(ENTRY.encode(), marks)
    assert mark_of(marks, at) == position
    if at != (1,):
        assert node_position(ENTRY, at) == position
