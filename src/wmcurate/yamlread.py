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
from collections.abc import Callable
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


def read_yaml(data: bytes | str, marks: Marks | None = None) -> Any:
    """One entry file's YAML document as Python values, as `SafeLoader12` would load it.

    With `marks`, also fills it with the position of every value (see `Marks`).
    Raises PyYAML's `MarkedYAMLError` subclasses with the position of the problem;
    `RefusedYAML` for anchors, aliases and nesting past `MAX_DEPTH`.
    """
    get = _events(data)
    scalar_event = pyyaml.ScalarEvent
    # Each open container: [is a mapping, the container, pending key, key's mark, path];
    # `top` is the innermost one. Scalars, most of the events, are placed inline.
    stack: list[list[Any]] = []
    top: list[Any] | None = None
    documents = 0
    root: Any = None
    event = get()
    while event is not None:
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None:
                raise _anchor(event)
            if event.style or not event.implicit[0]:
                # Quoted, block or tagged: no implicit type.
                tag = event.tag
                value: Any = event.value if tag in (None, "!", _STR) else _tagged(tag, event)
            else:
                value = _plain(event.value)
            if top is None:
                root = value
                if marks is not None:
                    marks[()] = (event.start_mark.line + 1, event.start_mark.column + 1)
            elif top[0] and top[2] is _NO_KEY:
                if value in top[1]:
                    problem = key_clash(top[1], value)
                    if problem is not None:
                        raise _error(problem, event.start_mark)
                top[2] = value
                if marks is not None:
                    top[3] = event.start_mark
            elif marks is not None:
                _place(top, value, event.start_mark, marks)
            elif top[0]:
                top[1][top[2]] = value
                top[2] = _NO_KEY
            else:
                top[1].append(value)
        elif kind is pyyaml.MappingStartEvent or kind is pyyaml.SequenceStartEvent:
            if event.anchor is not None:
                raise _anchor(event)
            is_map = kind is pyyaml.MappingStartEvent
            tag = event.tag
            if tag not in (None, "!", _MAP if is_map else _SEQ):
                raise _error(f"unsupported tag {tag!r}", event.start_mark)
            if len(stack) >= MAX_DEPTH:
                raise RefusedYAML("depth", f"nested more than {MAX_DEPTH} levels deep: an "
                                  "entry's fields are a few levels deep at most",
                                  event.start_mark)
            container: Any = {} if is_map else []
            path: tuple[str | int, ...] | None = ()
            if top is None:
                root = container
                if marks is not None:
                    marks[()] = (event.start_mark.line + 1, event.start_mark.column + 1)
            elif top[2] is _NO_KEY and top[0]:
                raise _error("a mapping key must be a scalar", event.start_mark)
            else:
                path = _place(top, container, event.start_mark, marks)
            top = [is_map, container, _NO_KEY, None, path]
            stack.append(top)
        elif kind is pyyaml.MappingEndEvent or kind is pyyaml.SequenceEndEvent:
            stack.pop()
            top = stack[-1] if stack else None
        elif kind is pyyaml.AliasEvent:
            raise _anchor(event)
        elif kind is pyyaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise pyyaml.composer.ComposerError(
                    "expected a single document in the stream", None,
                    "but found another document", event.start_mark)
        event = get()
    return root


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


def _place(top: list[Any], value: Any, mark: Any, marks: Marks | None
           ) -> tuple[str | int, ...] | None:
    """Put a value (not a key) into the open container `top`; its path when marks are kept."""
    if not top[0]:
        if marks is None:
            top[1].append(value)
            return None
        path: tuple[str | int, ...] = (*top[4], len(top[1]))
        top[1].append(value)
    else:
        key = top[2]
        top[1][key] = value
        top[2] = _NO_KEY
        if marks is None:
            return None
        path = (*top[4], key if type(key) is str else str(key))
        if value is None:
            # A null value has no position of its own worth showing: point at its key.
            mark = top[3]
    marks[path] = (mark.line + 1, mark.column + 1)
    return path


def mark_of(marks: Marks, at: tuple[str | int, ...]) -> tuple[int, int]:
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
