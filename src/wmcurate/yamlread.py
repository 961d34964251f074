"""The read path for entry files: libyaml's event stream straight into Python values.

Every command reads every entry, so this is the hot loop of the tool. PyYAML's
safe loader builds a node graph and then walks it again in Python to construct
values; most of its time goes there, not into libyaml's C parser. Building the
dicts, lists and scalars directly from the parser's events gives the same
values in about half the time (benchmarks/bench_render.py shows the figures).

`SafeLoader12` is the reference: the same YAML 1.2 core schema through
PyYAML's own machinery. It is used where node positions are needed (lint) and
by the tests, which check that both read every document alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml as pyyaml

try:
    from yaml import _yaml as libyaml  # PyYAML's C extension
except ImportError:  # a PyYAML built without libyaml: correct, only slower
    libyaml = None

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
    # file, so reading must refuse it too.
    seen: set[Any] = set()
    for key, _ in node.value:
        if isinstance(key, pyyaml.ScalarNode):
            if key.value in seen:
                raise pyyaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key.value!r}", key.start_mark)
            seen.add(key.value)
    return dict(loader.construct_mapping(node, deep=True))


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


def read_yaml(data: bytes | str) -> Any:
    """One YAML document as Python values, as `SafeLoader12` would load it.

    Raises PyYAML's `MarkedYAMLError` subclasses with the position of the problem.
    """
    if libyaml is None:
        return pyyaml.load(data, Loader=SafeLoader12)  # noqa: S506  # a safe loader
    parser = libyaml.CParser(data)
    get = parser.get_event
    scalar_event = pyyaml.ScalarEvent
    # Each open container: [is a mapping, the container, pending key, key's mark].
    stack: list[list[Any]] = []
    anchors: dict[str, Any] = {}
    documents = 0
    root: Any = None
    event = get()
    while event is not None:
        kind = type(event)
        if kind is scalar_event:
            if event.style or not event.implicit[0]:
                # Quoted, block or tagged: no implicit type.
                tag = event.tag
                value: Any = event.value if tag in (None, "!", _STR) else _tagged(tag, event)
            else:
                value = _plain(event.value)
            if event.anchor is not None:
                anchors[event.anchor] = value
        elif kind is pyyaml.AliasEvent:
            if event.anchor not in anchors:
                raise _error(f"found undefined alias {event.anchor!r}", event.start_mark)
            value = anchors[event.anchor]
        elif kind is pyyaml.MappingStartEvent or kind is pyyaml.SequenceStartEvent:
            is_map = kind is pyyaml.MappingStartEvent
            tag = event.tag
            if tag not in (None, "!", _MAP if is_map else _SEQ):
                raise _error(f"unsupported tag {tag!r}", event.start_mark)
            container: Any = {} if is_map else []
            if event.anchor is not None:
                anchors[event.anchor] = container
            _attach(stack, container, event)
            if not stack:
                root = container
            stack.append([is_map, container, _NO_KEY, None])
            event = get()
            continue
        elif kind is pyyaml.MappingEndEvent or kind is pyyaml.SequenceEndEvent:
            stack.pop()
            event = get()
            continue
        elif kind is pyyaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise pyyaml.composer.ComposerError(
                    "expected a single document in the stream", None,
                    "but found another document", event.start_mark)
            event = get()
            continue
        else:
            event = get()
            continue
        if not stack:
            root = value
        else:
            _attach(stack, value, event)
        event = get()
    return root


class _NoKey:
    pass


_NO_KEY = _NoKey()


def _attach(stack: list[list[Any]], value: Any, event: Any) -> None:
    if not stack:
        return
    top = stack[-1]
    if not top[0]:
        top[1].append(value)
    elif top[2] is _NO_KEY:
        if isinstance(value, (dict, list)):
            raise _error("a mapping key must be a scalar", event.start_mark)
        if value in top[1]:
            raise _error(f"duplicate key {value!r}", event.start_mark)
        top[2] = value
    else:
        top[1][top[2]] = value
        top[2] = _NO_KEY


def _tagged(tag: str, event: Any) -> Any:
    convert = _CONVERT.get(tag)
    if convert is None:
        raise _error(f"unsupported tag {tag!r}", event.start_mark)
    try:
        return convert(event.value)
    except (ValueError, IndexError):
        raise _error(f"{event.value!r} is not a valid {tag.rsplit(':', 1)[-1]}",
                     event.start_mark) from None
