"""Command-line values checked in plain Python.

Typer (0.2x) converts every parameter through a pydantic validator it builds at each
start: importing pydantic and building a dozen validators costs more than the rest of a
command's start-up, and pydantic's messages reach the user prefixed ("Value error,
'xml' is not one of ..."). The types wmcurate's commands use (text, flags, numbers with
bounds, choices, paths, lists of those) are converted here instead, with messages written
for a user. A parameter of any other type, or a Typer without this machinery, keeps
Typer's own conversion: nothing here changes what a value means.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import typer

try:  # Typer's conversion layer: private, so every use below is optional.
    from typer._coercion import RuntimeParam
    from typer._param_types import coerce_cli_path
except ImportError:  # pragma: no cover - an older or newer Typer: its own conversion stays
    RuntimeParam = None  # type: ignore[assignment,misc]
    coerce_cli_path = None  # type: ignore[assignment]

__all__ = ["install", "metavar_for"]

Convert = Callable[[Any, Any, Any], Any]
_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off", ""})


def _text(value: Any, param: Any, ctx: Any) -> str:
    if isinstance(value, bytes):
        return os.fsdecode(value)
    return str(value)


def _flag(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().casefold()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise typer.BadParameter(f"{value!r} is not true or false.", ctx=ctx, param=param)


def _number(kind: type) -> Convert:
    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, bool):
            raise typer.BadParameter(f"{value!r} is not a number.", ctx=ctx, param=param)
        try:
            number = kind(value)
        except (TypeError, ValueError):
            what = "a whole number" if kind is int else "a number"
            raise typer.BadParameter(f"{value!r} is not {what}.", ctx=ctx,
                                     param=param) from None
        if isinstance(number, float) and not math.isfinite(number):
            raise typer.BadParameter(f"{value!r} is not a finite number.", ctx=ctx, param=param)
        info = param.type_descriptor.parameter_info
        if info.min is not None and number < info.min:
            raise typer.BadParameter(f"{value} is below the minimum, {info.min}.", ctx=ctx,
                                     param=param)
        if info.max is not None and number > info.max:
            raise typer.BadParameter(f"{value} is above the maximum, {info.max}.", ctx=ctx,
                                     param=param)
        return number

    return convert


def _choice(enum: type[Enum]) -> Convert:
    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, enum):
            return value
        info = param.type_descriptor.parameter_info
        given = str(value) if info.case_sensitive else str(value).casefold()
        for member in enum:
            name = str(member.value)
            if given == (name if info.case_sensitive else name.casefold()):
                return member
        choices = ", ".join(repr(str(m.value)) for m in enum)
        raise typer.BadParameter(f"{value!r} is not one of {choices}.", ctx=ctx, param=param)

    return convert


def _path(kind: type) -> Convert:
    def convert(value: Any, param: Any, ctx: Any) -> Any:
        info = param.type_descriptor.parameter_info
        given = kind(os.fsdecode(value)) if isinstance(value, (str, bytes)) else value
        # Typer's own checks and messages (exists, file or folder, readable, writable),
        # handed a Path so that it has nothing left to ask pydantic.
        return coerce_cli_path(given, info, path_type=kind, param=param, ctx=ctx)

    return convert


def _converter(annotation: Any, info: Any) -> Convert | None:
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation in (int, float):
        return _number(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Path) and \
            coerce_cli_path is not None and getattr(info, "path_type", None) in (None, annotation):
        return _path(annotation)
    return None


if RuntimeParam is not None:
    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):
        """Typer's conversion step for one parameter, done by `convert` (each item of a
        list in turn)."""

        convert: Convert = _text
        many: bool = False

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.many:
                return [self.convert(item, param, ctx) for item in value]
            return self.convert(value, param, ctx)


def _runtime(param: Any) -> Any | None:
    descriptor = getattr(param, "type_descriptor", None)
    if RuntimeParam is None or descriptor is None or \
            getattr(descriptor, "file_annotation", None) is not None or \
            getattr(param.type_descriptor.parameter_info, "parser", None) is not None:
        return None
    annotation, many = descriptor.annotation, False
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation) or (None,)
        many = True
    convert = _converter(annotation, descriptor.parameter_info)
    if convert is None:
        return None
    return PlainRuntimeParam(annotation=descriptor.annotation,
                             parameter_info=descriptor.parameter_info, convert=convert,
                             many=many)


def install(params: Iterable[Any]) -> None:
    """Convert these parameters' values here rather than through pydantic, where their
    type allows; leave the others as they are."""
    for param in params:
        if getattr(param, "_runtime_param", "absent") is None:
            runtime = _runtime(param)
            if runtime is not None:
                param._runtime_param = runtime


def metavar_for(param: Any) -> str | None:
    """What --help shows for a value whose declaration names no metavar: the choices
    (`[text|json|github]`), else a word for its type (TEXT, NUMBER, FILE, DIR), never a
    Python type (`<list[str]>`, `<float>`)."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None:
        return None
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation) or (str,)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "[" + "|".join(str(m.value) for m in annotation) + "]"
    if annotation is int:
        return "INTEGER"
    if annotation is float:
        return "NUMBER"
    if isinstance(annotation, type) and issubclass(annotation, Path):
        info = descriptor.parameter_info
        if info.file_okay and not info.dir_okay:
            return "FILE"
        if info.dir_okay and not info.file_okay:
            return "DIR"
        return "PATH"
    return "TEXT"
