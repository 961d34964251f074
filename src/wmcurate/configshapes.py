"""The shapes a value of `wmcurate.yaml` may take, and the keys that hold them.

Each shape reads a YAML value (checking its form, naming the dotted place of a bad one),
gives its JSON Schema and names itself for the docs; a `Table` holds `Key`s, each with its
shape, default, meaning and example. `wmcurate.configspec` builds the config's definition
from them. What needs the whole config (a section's part exists) is `wmcurate.config`'s.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wmcurate.errors import ConfigError
from wmcurate.model import kind_of

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ID = re.compile(ID_PATTERN)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DRIVE = re.compile(r"^[A-Za-z]:")
#: The JSON Schema face of `path_problem`: no control character, not absolute, no '..'
#: segment, no '.git' segment (either slash).
PATH_PATTERN = (r"^(?![\\/])(?![A-Za-z]:)(?!(?:.*[\\/])?\.\.(?:[\\/]|$))"
                r"(?!(?:.*[\\/])?\.[Gg][Ii][Tt](?:[\\/]|$))[^\x00-\x1f\x7f-\x9f]+$")


class Reading:
    """One read of one config file: where it is, and the languages once they are known."""

    def __init__(self, where: str, root: Table) -> None:
        self.where = where
        self.root = root
        self.languages: tuple[str, ...] = ()

    def fail(self, at: str, problem: str) -> ConfigError:
        """An error naming the place, the problem, what the key is for and an example."""
        place = self.root.key_at(at)
        if place is not None:
            hint = f". {place.path}: {place.key.meaning} Example: `{place.key.example}`"
        else:
            sections = self.root.by_name("sections")
            hint = (". wmcurate.yaml is a mapping of keys (languages, parts, sections, ...). "
                    f"Example: `{sections.example if sections else ''}`")
        return ConfigError(f"{self.where}: {at}: {problem.rstrip('.')}{hint}")


def path_problem(text: str) -> str | None:
    """What is wrong with an output path (or a page template) as written, if anything."""
    if _CONTROL.search(text):
        return "contains a control character; a path must be plain text"
    # A backslash separates folders on Windows: '..' and '.git' count there too.
    parts = re.split(r"[\\/]", text)
    if os.path.isabs(text) or _DRIVE.match(text) or ".." in parts:
        return "must be a path inside the list's folder"
    if any(part.casefold() == ".git" for part in parts):
        return "is inside .git, where git keeps its own files (hooks run as programs)"
    return None


def template_problem(template: str) -> str | None:
    """What is wrong with a page template: it formats with `{section}` alone."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion
                  in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        return (f"{template!r} is not a page path template ({exc}); write a literal brace "
                "as {{ or }}")
    for name, spec, conversion in fields:
        if name != "section" or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + \
                (f":{spec}" if spec else "") + "}"
            return (f"{template!r}: {shown} is not a placeholder; the only one is {{section}} "
                    "(write a literal brace as {{ or }})")
    if not fields:
        return "the page path needs a {section} placeholder"
    return None


# -- shapes --------------------------------------------------------------------------------

class Shape:
    """The form of a value: how it is read, checked, schema'd and named in the docs."""

    #: How the docs name it ("text", "list of ...").
    name = "value"

    def read(self, value: Any, at: str, reading: Reading) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def fits(self, value: Any) -> bool:
        """Whether `value` is of this shape's YAML kind (for a choice between shapes)."""
        return True

    def table(self) -> Table | None:
        """The mapping of named keys inside this shape (itself, or its items'), if any."""
        return None


class Text(Shape):
    """A non-empty string, stripped."""

    name = "text"

    def __init__(self, allow_empty: bool = False) -> None:
        self.allow_empty = allow_empty

    def read(self, value: Any, at: str, reading: Reading) -> str:
        if isinstance(value, str) and (value.strip() or self.allow_empty):
            return value.strip()
        what = "a string" if self.allow_empty else "a non-empty string"
        raise reading.fail(at, f"expected {what}, got {kind_of(value)}")

    def schema(self) -> dict[str, Any]:
        return {"type": "string"} if self.allow_empty else {"type": "string", "pattern": r"\S"}

    def fits(self, value: Any) -> bool:
        return isinstance(value, str)


class Ident(Text):
    """An id: lower-case letters, digits and '-'."""

    name = "id"

    def read(self, value: Any, at: str, reading: Reading) -> str:
        text = super().read(value, at, reading)
        if not _ID.match(text):
            raise reading.fail(at, f"{text!r} is not a valid id (lower-case letters, digits, '-')")
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN}


class RelativePath(Text):
    """A path inside the list's folder, never into .git."""

    name = "path"

    def read(self, value: Any, at: str, reading: Reading) -> str:
        text = super().read(value, at, reading)
        problem = path_problem(text)
        if problem:
            raise reading.fail(at, f"{text!r} {problem}")
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": PATH_PATTERN}


class PageTemplate(RelativePath):
    """A page path with the `{section}` placeholder."""

    name = "path template"

    def read(self, value: Any, at: str, reading: Reading) -> str:
        text = super().read(value, at, reading)
        problem = template_problem(text)
        if problem:
            raise reading.fail(at, problem)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "allOf": [{"pattern": PATH_PATTERN},
                                            {"pattern": r"\{section\}"}]}


class Choice(Shape):
    """One of a few words."""

    def __init__(self, options: Sequence[str], wrong: str) -> None:
        self.options = tuple(options)
        #: The problem when another value is given: formatted with value and known.
        self.wrong = wrong
        self.name = "one of " + ", ".join(self.options)

    def read(self, value: Any, at: str, reading: Reading) -> str:
        if not isinstance(value, str) or value not in self.options:
            raise reading.fail(at, self.wrong.format(value=value, known=", ".join(self.options)))
        return value

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.options)}

    def fits(self, value: Any) -> bool:
        return isinstance(value, str)


class Flag(Shape):
    """true or false."""

    name = "true or false"

    def read(self, value: Any, at: str, reading: Reading) -> bool:
        if not isinstance(value, bool):
            raise reading.fail(at, f"expected true or false, got {kind_of(value)}")
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def fits(self, value: Any) -> bool:
        return isinstance(value, bool)


class Count(Shape):
    """A whole number of at least `least`."""

    def __init__(self, least: int = 1) -> None:
        self.least = least
        self.name = f"whole number of at least {least}"

    def read(self, value: Any, at: str, reading: Reading) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.least:
            raise reading.fail(at, f"expected a whole number of at least {self.least}, got "
                               f"{kind_of(value)} {value!r}")
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.least}

    def fits(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)


class Localized(Shape):
    """A text for every language, or a mapping language -> text."""

    name = "text, or mapping language -> text"

    def read(self, value: Any, at: str, reading: Reading) -> dict[str, str]:
        languages = reading.languages
        if isinstance(value, str) and value.strip():
            return {lang: value.strip() for lang in languages}
        if not isinstance(value, Mapping):
            raise reading.fail(at, "expected a text, or a mapping language -> text, got "
                               + kind_of(value))
        out: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in languages:
                raise reading.fail(f"{at}.{lang}",
                                   f"unknown language; known: {', '.join(languages)}")
            out[lang] = Text().read(text, f"{at}.{lang}", reading)
        if not out:
            raise reading.fail(at, "needs a text in at least one language")
        return out

    def schema(self) -> dict[str, Any]:
        return {"oneOf": [{"type": "string", "pattern": r"\S"},
                          {"type": "object", "minProperties": 1,
                           "additionalProperties": {"type": "string", "pattern": r"\S"}}]}


class ListOf(Shape):
    def __init__(self, item: Shape, *, least: int = 0, least_problem: str = "") -> None:
        self.item = item
        self.least = least
        self.least_problem = least_problem
        self.name = f"list of {item.name}"

    def read(self, value: Any, at: str, reading: Reading) -> list[Any]:
        if not isinstance(value, list):
            raise reading.fail(at, f"expected a list, got {kind_of(value)}")
        items = [self.item.read(item, f"{at}[{i}]", reading) for i, item in enumerate(value)]
        if len(items) < self.least:
            raise reading.fail(at, self.least_problem)
        return items

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.least:
            out["minItems"] = self.least
        return out

    def fits(self, value: Any) -> bool:
        return isinstance(value, list)

    def table(self) -> Table | None:
        return self.item.table()


class MapOf(Shape):
    """A mapping from free names (`keys` says which, or `known` lists them) to values."""

    def __init__(self, value: Shape, keys: str, known: Sequence[str] = ()) -> None:
        self.value = value
        self.keys = keys
        self.known = tuple(known)
        self.name = f"mapping {keys} -> {value.name}"

    def read(self, value: Any, at: str, reading: Reading) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise reading.fail(at, f"expected a mapping {self.keys} -> {self.value.name}, got "
                               f"{kind_of(value)}")
        out: dict[str, Any] = {}
        for name, item in value.items():
            name = str(name)
            if self.known and name not in self.known:
                raise reading.fail(f"{at}.{name}", _unknown(self.keys, name, self.known))
            out[name] = self.value.read(item, f"{at}.{name}", reading)
        return out

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "object", "additionalProperties": self.value.schema()}
        if self.known:
            out["propertyNames"] = {"enum": list(self.known)}
        return out

    def fits(self, value: Any) -> bool:
        return isinstance(value, Mapping)


class OneOf(Shape):
    """One of several shapes, told apart by their YAML kind (a string, or a mapping)."""

    def __init__(self, *choices: Shape, problem: str) -> None:
        self.choices = choices
        self.problem = problem
        self.name = " or ".join(c.name for c in choices)

    def read(self, value: Any, at: str, reading: Reading) -> Any:
        for choice in self.choices:
            if choice.fits(value):
                return choice.read(value, at, reading)
        raise reading.fail(at, f"{self.problem}, got {kind_of(value)}")

    def schema(self) -> dict[str, Any]:
        return {"oneOf": [c.schema() for c in self.choices]}

    def table(self) -> Table | None:
        return next((t for t in (c.table() for c in self.choices) if t is not None), None)


@dataclass(frozen=True)
class Key:
    """One key of a mapping in wmcurate.yaml."""

    name: str
    shape: Shape
    #: What the key is for: one sentence, shown in messages, the schema and the docs.
    meaning: str
    #: A valid `name: value`, one line of YAML.
    example: str
    required: bool = False
    #: The value taken when the key is absent (read like a written value); None when the
    #: default is worked out from the rest of the config (`default_text` says how).
    default: Any = None
    default_text: str = ""
    #: More for the docs, when one sentence is not enough.
    details: str = ""

    def example_value(self) -> Any:
        """The example's value, as a YAML 1.2 reader (the config's) reads it."""
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=True).load(self.example)[self.name]


@dataclass(frozen=True)
class Place:
    """A key where it sits in the config: `sections[].order`, how deep, under what."""

    key: Key
    path: str
    depth: int


class Table(Shape):
    """A mapping with named keys, each with its own shape; unknown keys are refused."""

    name = "mapping"

    def __init__(self, *keys: Key) -> None:
        self.keys = keys

    def by_name(self, name: str) -> Key | None:
        return next((k for k in self.keys if k.name == name), None)

    def read(self, value: Any, at: str, reading: Reading) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise reading.fail(at, f"expected a mapping, got {kind_of(value)}")
        names = [k.name for k in self.keys]
        top = at == "top level"
        for name in value:
            if name not in names:
                raise reading.fail(str(name) if top else f"{at}.{name}",
                                   _unknown("key", str(name), names))
        out: dict[str, Any] = {}
        for key in self.keys:
            place = key.name if top else f"{at}.{key.name}"
            given = value.get(key.name)
            if given is not None:
                out[key.name] = key.shape.read(given, place, reading)
            elif key.required:
                if key.name not in value:
                    raise reading.fail(place, "missing")
                key.shape.read(None, place, reading)  # says what is expected, got nothing
            else:
                out[key.name] = None if key.default is None else \
                    key.shape.read(key.default, place, reading)
        return out

    def schema(self) -> dict[str, Any]:
        properties = {}
        for key in self.keys:
            entry: dict[str, Any] = {"description": key.meaning}
            if key.required:
                entry.update(key.shape.schema())
            else:
                # Absent and empty (`key:` with nothing after it) mean the same.
                entry["anyOf"] = [key.shape.schema(), {"type": "null"}]
            if key.default is not None:
                entry["default"] = key.default
            entry["examples"] = [key.example_value()]
            properties[key.name] = entry
        out: dict[str, Any] = {"type": "object", "properties": properties,
                               "additionalProperties": False}
        required = [k.name for k in self.keys if k.required]
        if required:
            out["required"] = required
        return out

    def fits(self, value: Any) -> bool:
        return isinstance(value, Mapping)

    def table(self) -> Table | None:
        return self

    def places(self, under: str = "", depth: int = 0) -> list[Place]:
        """Every key of the tree with its dotted place, depth first, in definition order."""
        out: list[Place] = []
        for key in self.keys:
            path = f"{under}.{key.name}" if under else key.name
            out.append(Place(key, path, depth))
            inner = key.shape.table()
            if inner is not None:
                out += inner.places(path + ("[]" if isinstance(key.shape, ListOf) else ""),
                                    depth + 1)
        return out

    def key_at(self, at: str) -> Place | None:
        """The deepest key that a place such as `sections[2].title.fr` or
        `pages.en (section 'x')` is in."""
        steps = re.sub(r"\[\d+\]", "", at.split(" (")[0]).split(".")
        table: Table | None = self
        found: Place | None = None
        path = ""
        for step in steps:
            key = table.by_name(step) if table is not None else None
            if key is None:
                break
            path = f"{path}.{step}" if path else step
            found = Place(key, path, 0)
            table = key.shape.table()
            if table is not None and isinstance(key.shape, ListOf):
                path += "[]"
        return found


def _unknown(what: str, name: str, known: Sequence[str]) -> str:
    import difflib  # only a wrong config needs it: not imported at start-up

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {what} {name!r}{guess}; known: {', '.join(known)}"
