"""What `wmcurate.yaml` may say, defined once: every key's shape, default, meaning and example.

`CONFIG` is a tree of `Key`s. The config reader walks it (`CONFIG.read`), the JSON Schema
for editors is built from it (`Shape.schema`), and so is the reference in docs/config.md
(`wmcurate.configdoc`); a key added here is read, checked, schema'd and documented at once.

A shape checks a value's form only (a string, a list, one of a few words). What needs the
whole config (a section's part exists, two outputs never share a path) is checked in
`wmcurate.config`, which builds the typed `Config` from what `read` returns. Every message
names the dotted place of the bad value and ends with what the key is for and an example.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wmcurate.errors import ConfigError
from wmcurate.labels import DEFAULT_LABELS

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ID = re.compile(ID_PATTERN)
ORDER_RULES: tuple[str, ...] = ("added", "-added", "published", "-published", "title", "venue")
BLOCKS: tuple[str, ...] = ("toc", "list")
SEVERITIES: tuple[str, ...] = ("error", "warning", "off")

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


def kind_of(value: Any) -> str:
    """How a YAML value is called in messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


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


class _Languages(ListOf):
    """The `languages` list: once read, the codes every localized text is checked against."""

    def read(self, value: Any, at: str, reading: Reading) -> list[Any]:
        items = super().read(value, at, reading)
        reading.languages = tuple(item if isinstance(item, str) else item["code"]
                                  for item in items)
        return items


# -- the config ----------------------------------------------------------------------------

_TEXTS = ListOf(Table(
    Key("label", Localized(), "The paragraph's label, written in bold before it.",
        "label: {en: Objective, zh: 目标}", required=True),
    Key("text", Localized(), "The paragraph.",
        "text: {en: Learn the alpha methods., zh: 学习甲方法。}", required=True),
))

_ALIASES = ListOf(Text())

CONFIG = Table(
    Key("languages", _Languages(
        OneOf(
            Text(),
            Table(
                Key("code", Text(), "The language's code: the key of its texts in entries and "
                    "in this file (`title: {en: ..., zh: ...}`).", "code: en", required=True),
                Key("name", Text(), "The language's name in its own words, shown in the links "
                    "between the language versions of a page.", "name: 中文",
                    default_text="the code"),
                Key("labels", MapOf(Text(), "label", known=tuple(DEFAULT_LABELS["en"])),
                    "The words render writes in this language (field names, headings), by "
                    "label; a language without built-in labels (en and zh have them) must give "
                    "some, and those it leaves out are written in English.",
                    "labels: {authors: Auteurs, contents: Sommaire, works: travaux}",
                    default={}),
            ),
            problem="expected a language code (en) or a mapping {code: en, name: English}",
        ),
        least=1, least_problem="a list needs at least one language"),
        "The languages the list is written in, the main one first (its texts win when "
        "import finds copies that disagree).",
        "languages: [{code: en, name: English}, {code: zh, name: 中文}]",
        default=["en", "zh"],
        details="An item is a code with built-in labels (`en`, `zh`) or a mapping with "
                "`code`, `name` and `labels`."),
    Key("outputs", ListOf(Table(
        Key("path", RelativePath(), "The README's path, inside the list's folder.",
            "path: README.md", required=True),
        Key("language", Text(), "The language it is written in: a code under languages.",
            "language: en", required=True),
        Key("blocks", ListOf(Choice(BLOCKS, "unknown block {value!r}; known: {known}")),
            "The generated blocks the README holds: toc (the table of contents) and list "
            "(every part and section with its featured works and a line for each work).",
            "blocks: [toc, list]", default=list(BLOCKS)),
    )),
        "The hand-written READMEs whose marked blocks render fills in.",
        "outputs: [{path: README.md, language: en}, {path: README_zh.md, language: zh}]",
        default=[], default_text="none: render writes the section pages only",
        details="Render replaces what lies between `<!-- wmcurate:begin NAME -->` and "
                "`<!-- wmcurate:end NAME -->` (NAME is a block) and never touches the rest."),
    Key("pages", MapOf(PageTemplate(), "language"),
        "Where render writes each section's page in each language: a path with the "
        "placeholder {section}, the section's id.",
        'pages: {en: "papers/{section}/README.md", zh: "papers/{section}/README_zh.md"}',
        default_text="`papers/{section}/README.md` for the main language, "
                     "`papers/{section}/README_<code>.md` for each other one",
        details="Write a literal brace as `{{` or `}}`. Pages must not lie under `entries/`, "
                "be `wmcurate.yaml`, or share a path with another page or output."),
    Key("parts", ListOf(Table(
        Key("id", Ident(), "The part's id (lower-case letters, digits, '-'), named by the "
            "part: of its sections.", "id: basics", required=True),
        Key("title", Localized(), "The part's heading: one text for every language, or one "
            "per language.", "title: {en: Basics, zh: 基础}", required=True),
        Key("icon", Text(allow_empty=True), "An emoji or short mark written before the title.",
            'icon: "🔬"', default=""),
        Key("texts", _TEXTS, "Paragraphs shown under the heading, each with a bold label.",
            "texts: [{label: {en: Scope, zh: 范围}, text: {en: The basic methods., zh: "
            "基础方法。}}]", default=[]),
        Key("aliases", _ALIASES, "Other headings that name this part in a hand-written list.",
            "aliases: [Foundations]", default=[]),
    )),
        "The groups of sections, in the order the READMEs show them.",
        "parts: [{id: basics, title: {en: Basics, zh: 基础}}]",
        default_text="one part, `papers`, titled Papers (论文 in Chinese)",
        details="Each part is a level-2 heading of the list block; its sections follow it."),
    Key("sections", ListOf(Table(
        Key("id", Ident(), "The section's id: its folder under entries/, its {section} in "
            "pages, the value of add --section.", "id: alpha", required=True),
        Key("part", Ident(), "The id of the part the section belongs to.", "part: basics",
            default_text="the first part"),
        Key("title", Localized(), "The section's heading: one text for every language, or one "
            "per language.", "title: {en: Alpha Methods, zh: 甲方法}", required=True),
        Key("texts", _TEXTS, "Paragraphs shown under the heading, each with a bold label.",
            "texts: [{label: {en: Objective, zh: 目标}, text: {en: Learn alpha., zh: 学习甲。}}]",
            default=[]),
        Key("order", Choice(ORDER_RULES, "{value!r} is not an order rule; known: {known}"),
            "How the section's works are sorted: added (when each joined the list), "
            "published (its first arXiv version), title or venue; a leading '-' reverses.",
            "order: -published", default="added"),
        Key("aliases", _ALIASES, "Other headings that name this section in a hand-written "
            "list: import files the works under such a heading here.",
            "aliases: [Alpha, Alpha-style methods]", default=[]),
    ), least=1, least_problem="a list needs at least one section"),
        "The sections works are filed in, in the order the READMEs show them.",
        "sections: [{id: alpha, title: {en: Alpha Methods, zh: 甲方法}}]",
        required=True,
        details="Each section is a folder `entries/<id>/` holding one YAML file per work, a "
                "level-3 heading of the list block and one page per language."),
    Key("default_section", Ident(), "The section add files papers in when --section is not "
        "given.", "default_section: alpha",
        default_text="none: add asks for --section"),
    Key("venues", ListOf(OneOf(
        Text(),
        Table(
            Key("name", Text(), "The venue as the list writes it, without the year.",
                "name: NeurIPS", required=True),
            Key("aliases", _ALIASES, "Other spellings, which lint --fix and add turn into "
                "the name.", "aliases: [NIPS, Neural Information Processing Systems]",
                default=[]),
        ),
        problem="expected a venue name (CVPR) or a mapping {name: CVPR, aliases: [...]}",
    )),
        "The list's venue vocabulary: how it writes each venue (an entry's venue is "
        "'<NAME> <YEAR>') and the other spellings lint and add turn into it.",
        "venues: [CVPR, {name: NeurIPS, aliases: [NIPS]}, arXiv]",
        default=[], default_text="none: every venue is accepted",
        details="A real venue missing from the vocabulary is a lint warning (WMC306); add "
                "writes the venues of the papers it adds into it."),
    Key("links", ListOf(Table(
        Key("key", Ident(), "The label's key under an entry's links:.", "key: code",
            required=True),
        Key("label", Localized(), "How render shows the link.",
            "label: {en: Code, zh: 代码}", required=True),
        Key("aliases", _ALIASES, "Other names for it: link texts import reads as this label, "
            "and kinds of link add files under it.", "aliases: [GitHub, Repository]",
            default=[]),
    )),
        "The labels an entry's links may use, in the order render writes them.",
        "links: [{key: paper, label: {en: Paper, zh: 论文}}, {key: code, label: {en: Code, "
        "zh: 代码}, aliases: [GitHub]}]",
        default=[], default_text="none: add and lint know the built-in labels paper, pdf, "
                                 "code, project, demo, video, model, dataset, blog, slides"),
    Key("show_citations", Flag(), "Whether render shows each paper's citation count in "
        "the catalog lines, as `wmcurate refresh` last read it from Semantic Scholar.",
        "show_citations: true", default=False, default_text="false: no counts shown",
        details="The count and the day it was read are kept under `source.semantic_scholar` "
                "of each entry; an entry refresh has not read yet shows none."),
    Key("lint", Table(
        Key("severity", MapOf(Choice(SEVERITIES, "{value!r} is not error, warning or off"),
                              "rule code"),
            "The severity of a rule (or of every rule of a family, such as WMC4) for this "
            "list: error, warning or off.", "severity: {WMC404: off, WMC505: error}",
            default={}),
        Key("ignore", ListOf(Text()), "Rule codes (or families, such as WMC4) lint does not "
            "report for this list.", "ignore: [WMC209]", default=[]),
    ),
        "Lint settings for this list; `wmcurate rules` lists the rule codes.",
        "lint: {severity: {WMC404: off}, ignore: [WMC209]}", default={}),
)


def read_config(raw: Any, where: str) -> tuple[dict[str, Any], Reading]:
    """The config's values as plain data, every key's form checked and defaults filled in
    (except those worked out from the rest, left None)."""
    reading = Reading(where, CONFIG)
    return CONFIG.read(raw, "top level", reading), reading
