"""The read path for entry files: libyaml's event stream straight into Python values.

Every command reads every entry, so this is the hot loop of the tool. PyYAML's
safe loader builds a node graph and then walks it again in Python to construct
values; most of its time goes there, not into libyaml's C parser. Building the
dicts, lists and scalars directly from the parser's events gives the same
values in about half the time (benchmarks/bench_render.py shows the figures).

The same pass can note where each field is (`marks`): lint asks for them, so a
finding's `file:line:col` never needs a second parse of the file.

What an entry file may not hold, although YAML allows it:

* anchors and aliases (`&a`, `*a`): an entry has no use for them, and nested
  aliases are how a few hundred bytes expand to gigabytes (an "alias bomb");
* nesting deeper than `MAX_DEPTH`: an entry's fields are a few levels deep, and
  everything that walks a value recursively stays far from Python's stack limit.

Keys follow the YAML 1.2 core schema: a key is its type and value, so `1`, `01`
and `0x1` are one key (a duplicate), while `1`, `true`, `1.0` and `"1"` are four.
A Python dict cannot hold `1` and `true` (or `1` and `1.0`) apart; PyYAML's safe
loader silently keeps the last, which loses a value, so such a mapping is refused
with a message saying why rather than read wrongly or called a duplicate.

`SafeLoader12` is the reference: the same YAML 1.2 core schema and key rules
through PyYAML's own machinery (anchors allowed, no depth limit). The tests
check that both read every document alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import yaml as pyyaml

try:
    from yaml import _yaml as libyaml  # PyYAML's C extension
except ImportError:  # a PyYAML built without libyaml: correct, only slower
    libyaml = None

#: Where a field is: its path (mapping keys as strings, list indexes as ints) ->
#: 1-based (line, column) of its value, or of its key when the value is null.
#: The empty path is the document itself.
Marks = dict[tuple[str | int, ...], tuple[int, int]]
#: `Marks` or a `LazyMarks`: what `mark_of` reads.
FieldMarks = Mapping[tuple[str | int, ...], tuple[int, int]]

#: Deeper than any entry needs (the deepest field, key_points.en[0], is 3), far
#: below what recursive code can take.
MAX_DEPTH = 32

#: YAML 1.2 core schema for plain scalars: (tag, pattern, first characters).
#: YAML 1.1 would read `no`, `on` or `y` as booleans and `010` as octal; ruamel's
#: round-trip writer follows 1.2, so reading does too.
CORE_SCHEMA: tuple[tuple[str, str, str | list[str]], ...] = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp",
     r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
     r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
     r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$", "0123456789"),
)


class RefusedYAML(pyyaml.constructor.ConstructorError):  # type: ignore[misc]  # untyped base
    """Valid YAML that an entry file may not use; `reason` is "anchor" or "depth"."""

    def __init__(self, reason: str, problem: str, mark: Any) -> None:
        super().__init__(None, None, problem, mark)
        self.reason = reason


def key_clash(mapping: dict[Any, Any], key: Any) -> str | None:
    """Why `key` cannot join `mapping`, or None: a duplicate, or a YAML-distinct key
    that Python takes for one already there (`true` after `1`)."""
    if key not in mapping:
        return None
    held = next(k for k in mapping if k == key)
    if type(held) is type(key):
        return f"duplicate key {key!r}"
    return (f"keys {_shown(held)} and {_shown(key)} are different in YAML but one key in "
            "Python: quote them to make both plain names")


def _shown(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (dt.date, dt.datetime)):
        return key.isoformat()
    return repr(key)


_CBase: Any = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)


class SafeLoader12(_CBase):  # type: ignore[misc]  # the base is chosen at import time
    """PyYAML's safe loader (on libyaml) with the YAML 1.2 core schema and no duplicate keys."""

    yaml_implicit_resolvers: dict[Any, Any] = {}


for _tag, _pattern, _first in CORE_SCHEMA:
    SafeLoader12.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def _to_int(text: str) -> int:
    text = text.replace("_", "")
    # YAML 1.2: `010` is ten; only `0o` and `0x` change the base.
    return int(text, 0) if text.lstrip("+-")[:2] in ("0o", "0x") else int(text, 10)


def _to_float(text: str) -> float:
    low = text.lower()
    if low.endswith((".inf", ".nan")):
        return float(low.replace(".", ""))
    return float(text)


_TIMESTAMPS = pyyaml.constructor.SafeConstructor()


def _to_timestamp(text: str) -> Any:
    return _TIMESTAMPS.construct_yaml_timestamp(pyyaml.ScalarNode(_TIMESTAMP, text))


def _construct_int(loader: Any, node: Any) -> int:
    return _to_int(loader.construct_scalar(node))


def _construct_map(loader: Any, node: Any) -> dict[Any, Any]:
    # PyYAML keeps the last of two equal keys; the round-trip writer refuses such a
    # file, so reading must refuse it too (with the same key rules as read_yaml).
    loader.flatten_mapping(node)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            problem = key_clash(out, key)
        except TypeError:
            problem = "found unhashable key"
        if problem is not None:
            raise pyyaml.constructor.ConstructorError(None, None, problem, key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
    return out


SafeLoader12.add_constructor(_INT, _construct_int)
SafeLoader12.add_constructor(_MAP, _construct_map)

_CONVERT: dict[str, Callable[[str], Any]] = {
    _INT: _to_int, _FLOAT: _to_float, _TIMESTAMP: _to_timestamp,
    _BOOL: lambda text: text[0] in "tT", _NULL: lambda text: None, _STR: str,
}
_PLAIN = [(tag, re.compile(pattern), set(first)) for tag, pattern, first in CORE_SCHEMA]
_PLAIN_FIRST = set().union(*(first for _, _, first in _PLAIN))


def _plain(text: str) -> Any:
    if text == "":
        return None
    if text[0] in _PLAIN_FIRST:
        for tag, pattern, first in _PLAIN:
            if text[0] in first and pattern.match(text):
                return _CONVERT[tag](text)
    return text


def _error(problem: str, mark: Any) -> pyyaml.constructor.ConstructorError:
    return pyyaml.constructor.ConstructorError(None, None, problem, mark)


def _events(data: bytes | str) -> Callable[[], Any]:
    """The parser's next-event function: libyaml's, else PyYAML's pure-Python parser."""
    if libyaml is not None:
        return libyaml.CParser(data).get_event  # type: ignore[no-any-return]
    stream = pyyaml.parse(data, Loader=pyyaml.SafeLoader)
    return lambda: next(stream, None)


def read_yaml(data: bytes | str, marks: Marks | LazyMarks | None = None) -> Any:
    """One entry file's YAML document as Python values, as `SafeLoader12` would load it.

    With `marks`, also fills it with the position of every value (see `Marks`); a
    `LazyMarks` notes them more cheaply and lays them out by path only when asked.
    Raises PyYAML's `MarkedYAMLError` subclasses with the position of the problem;
    `RefusedYAML` for anchors, aliases and nesting past `MAX_DEPTH`.
    """
    get = _events(data)
    scalar_event = pyyaml.ScalarEvent
    mapping_start = pyyaml.MappingStartEvent
    sequence_start = pyyaml.SequenceStartEvent
    plain_first = _PLAIN_FIRST
    no_key = _NO_KEY
    # Where each value starts (for a null mapping value, its key): its 0-based line and
    # column, two ints per value in the order of the document. The paths are laid out from
    # the loaded value afterwards (`_lay_out`).
    starts: list[int] | None = None if marks is None else []
    # The innermost open container (None outside the root), whether it is a mapping, its
    # pending key and that key's mark; `stack` holds the enclosing ones. Scalars, most of
    # the events, are placed inline.
    current: Any = None
    is_map = False
    key: Any = no_key
    key_mark: Any = None
    stack: list[tuple[bool, Any]] = []
    documents = 0
    root: Any = None
    event = get()
    while event is not None:
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None:
                raise _anchor(event)
            text = event.value
            if event.style or not event.implicit[0]:
                # Quoted, block or tagged: no implicit type.
                tag = event.tag
                value: Any = text if tag in (None, "!", _STR) else _tagged(tag, event)
            elif text and text[0] not in plain_first:
                value = text  # most plain scalars: no other type starts this way
            else:
                value = _plain(text)
            if not is_map:
                if current is None:
                    root = value
                else:
                    current.append(value)
                if starts is not None:
                    mark = event.start_mark
                    starts.append(mark.line)
                    starts.append(mark.column)
            elif key is no_key:
                if value in current:
                    problem = key_clash(current, value)
                    if problem is not None:
                        raise _error(problem, event.start_mark)
                key = value
                if starts is not None:
                    key_mark = event.start_mark
            else:
                current[key] = value
                key = no_key
                if starts is not None:
                    # A null value has no position of its own worth showing: its key's.
                    mark = event.start_mark if value is not None else key_mark
                    starts.append(mark.line)
                    starts.append(mark.column)
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None:
                raise _anchor(event)
            opens_map = kind is mapping_start
            tag = event.tag
            if tag not in (None, "!", _MAP if opens_map else _SEQ):
                raise _error(f"unsupported tag {tag!r}", event.start_mark)
            if len(stack) >= MAX_DEPTH:
                raise RefusedYAML("depth", f"nested more than {MAX_DEPTH} levels deep: an "
                                  "entry's fields are a few levels deep at most",
                                  event.start_mark)
            container: Any = {} if opens_map else []
            if not is_map:
                if current is None:
                    root = container
                else:
                    current.append(container)
            elif key is no_key:
                raise _error("a mapping key must be a scalar", event.start_mark)
            else:
                current[key] = container
                key = no_key
            if starts is not None:
                mark = event.start_mark
                starts.append(mark.line)
                starts.append(mark.column)
            stack.append((is_map, current))
            is_map, current = opens_map, container
        elif kind is pyyaml.MappingEndEvent or kind is pyyaml.SequenceEndEvent:
            is_map, current = stack.pop()
        elif kind is pyyaml.AliasEvent:
            raise _anchor(event)
        elif kind is pyyaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise pyyaml.composer.ComposerError(
                    "expected a single document in the stream", None,
                    "but found another document", event.start_mark)
        event = get()
    if marks is not None and starts is not None:
        if isinstance(marks, LazyMarks):
            marks.noted(root, starts)
        else:
            marks.update(_lay_out(root, starts))
    return root


class LazyMarks(Mapping[tuple[str | int, ...], tuple[int, int]]):
    """`Marks` noted during the parse at little cost (where each value starts, as line and
    column in the order of the document) and laid out by path on first use: most files never need
    theirs, and laying out one file's afterwards costs less than noting paths as it is
    read."""

    __slots__ = ("_marks", "_root", "_starts")

    def __init__(self) -> None:
        self._root: Any = None
        self._starts: list[int] = []
        self._marks: Marks | None = None

    def noted(self, root: Any, starts: list[int]) -> None:
        self._root, self._starts, self._marks = root, starts, None

    def _laid_out(self) -> Marks:
        if self._marks is None:
            self._marks = _lay_out(self._root, self._starts)
            self._root, self._starts = None, []
        return self._marks

    def __getitem__(self, at: tuple[str | int, ...]) -> tuple[int, int]:
        return self._laid_out()[at]

    def get(self, at: tuple[str | int, ...], default: Any = None) -> Any:
        if self._marks is None:
            # One field's position, found without laying out the others' (lint asks for
            # one or two per file); a mapping that makes it ambiguous is laid out.
            found = _find(self._root, self._starts, at)
            if found is not _UNSURE:
                return default if found is None else found
        return self._laid_out().get(at, default)

    def __iter__(self) -> Iterator[tuple[str | int, ...]]:
        return iter(self._laid_out())

    def __len__(self) -> int:
        return len(self._laid_out())


class _Unsure:
    pass


_UNSURE = _Unsure()


def _find(root: Any, starts: list[int], at: tuple[str | int, ...]
          ) -> tuple[int, int] | None | _Unsure:
    """The mark `_lay_out(root, starts)` has for `at`, without laying out the others: the
    values before it in the document are counted, not named. `_UNSURE` when a mapping on
    the way has a key that is not a string and reads as the one asked for (`1` and "1":
    the later one's values would be mixed into the earlier one's)."""
    if not starts:
        return None
    value, index = root, 0
    for part in at:
        if type(value) is dict:
            if not isinstance(part, str):
                return None
            child, found = index + 1, -1
            item: Any = None
            for key, inner in value.items():
                if type(key) is not str:
                    if str(key) == part:
                        return _UNSURE
                elif key == part:
                    found, item = child, inner
                if found < 0:
                    child += _size(inner)
            if found < 0:
                return None
            value, index = item, found
        elif type(value) is list:
            if not isinstance(part, int) or not 0 <= part < len(value):
                return None
            index += 1
            for inner in value[:part]:
                index += _size(inner)
            value = value[part]
        else:
            return None
    return (starts[2 * index] + 1, starts[2 * index + 1] + 1)


def _size(value: Any) -> int:
    """How many values `value` is in `starts`: itself and everything inside it."""
    if type(value) is dict:
        value = value.values()
    elif type(value) is not list:
        return 1
    count = 1
    for inner in value:
        count += _size(inner) if type(inner) is dict or type(inner) is list else 1
    return count


def _lay_out(root: Any, starts: list[int]) -> Marks:
    """The `Marks` of a document from where each of its values starts, in the order of the
    document: the loaded value, walked in the same order, names each one's path."""
    marks: Marks = {}
    if starts:
        marks[()] = (starts[0] + 1, starts[1] + 1)
        if type(root) is dict or type(root) is list:
            _lay_out_values(root, (), starts, 2, marks)
    return marks


def _lay_out_values(container: Any, path: tuple[str | int, ...], starts: list[int], at: int,
                    marks: Marks) -> int:
    """The marks of the values of `container` (at `path`), the first of which starts at
    starts[at] (its line; starts[at + 1] its column); returns where the next value's is."""
    if type(container) is dict:
        for key, value in container.items():
            here = (*path, key if type(key) is str else str(key))
            marks[here] = (starts[at] + 1, starts[at + 1] + 1)
            at += 2
            if type(value) is dict or type(value) is list:
                at = _lay_out_values(value, here, starts, at, marks)
    else:
        for index, value in enumerate(container):
            here = (*path, index)
            marks[here] = (starts[at] + 1, starts[at + 1] + 1)
            at += 2
            if type(value) is dict or type(value) is list:
                at = _lay_out_values(value, here, starts, at, marks)
    return at


def _anchor(event: Any) -> RefusedYAML:
    if isinstance(event, pyyaml.AliasEvent):
        what = f"alias *{event.anchor}"
    else:
        what = f"anchor &{event.anchor}"
    return RefusedYAML("anchor", f"{what}: anchors and aliases are not allowed in entry "
                       "files; write the value out where it is used", event.start_mark)


class _NoKey:
    pass


_NO_KEY = _NoKey()


def mark_of(marks: FieldMarks, at: tuple[str | int, ...]) -> tuple[int, int]:
    """Where the field `at` is: the deepest part of its path that exists in the file.

    A field missing from the file points at the start of the file (1, 1), or at its
    closest existing parent."""
    for end in range(len(at), 0, -1):
        found = marks.get(at[:end])
        last = at[end - 1]
        if found is None and type(last) is not str:
            # A mapping key that is not a string (`1:`) is kept as its text.
            found = marks.get((*at[:end - 1], str(last)))
        if found is not None:
            return found
    if not at:
        return marks.get((), (1, 1))
    return (1, 1)


def _tagged(tag: str, event: Any) -> Any:
    convert = _CONVERT.get(tag)
    if convert is None:
        raise _error(f"unsupported tag {tag!r}", event.start_mark)
    try:
        return convert(event.value)
    except (ValueError, IndexError):
        raise _error(f"{event.value!r} is not a valid {tag.rsplit(':', 1)[-1]}",
                     event.start_mark) from None
