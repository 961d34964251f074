"""The list's config, `wmcurate.yaml`: parts, sections, outputs and vocabularies."""

from __future__ import annotations

import os
import posixpath
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, cast

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from wmcurate.errors import ConfigError
from wmcurate.labels import DEFAULT_LABELS

CONFIG_NAME = "wmcurate.yaml"
ENTRIES_DIR = "entries"

OrderRule = Literal["added", "-added", "published", "-published", "title", "venue"]
ORDER_RULES: tuple[str, ...] = ("added", "-added", "published", "-published", "title", "venue")
BLOCKS: tuple[str, ...] = ("toc", "list")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

#: A text in several languages: language code -> text.
Localized = Mapping[str, str]


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    labels: Mapping[str, str]


@dataclass(frozen=True)
class SectionText:
    """One descriptive paragraph of a section or part, such as its objective."""

    label: Localized
    text: Localized


@dataclass(frozen=True)
class Part:
    id: str
    title: Localized
    icon: str
    texts: tuple[SectionText, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    id: str
    part: str
    title: Localized
    texts: tuple[SectionText, ...]
    order: OrderRule
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Output:
    """A hand-written README whose marked blocks render fills in."""

    path: str
    language: str
    blocks: tuple[str, ...] = BLOCKS


@dataclass(frozen=True)
class Venue:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkLabel:
    key: str
    label: Localized
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class LintSettings:
    severity: Mapping[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    root: Path
    languages: tuple[Language, ...]
    parts: tuple[Part, ...]
    sections: tuple[Section, ...]
    outputs: tuple[Output, ...]
    pages: Mapping[str, str]
    venues: tuple[Venue, ...]
    links: tuple[LinkLabel, ...]
    default_section: str | None = None
    lint: LintSettings = field(default_factory=LintSettings)

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def entries_dir(self) -> Path:
        return self.root / ENTRIES_DIR

    @cached_property
    def _sections_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    def section(self, section_id: str) -> Section | None:
        return self._sections_by_id.get(section_id)

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)

    def sections_of(self, part_id: str) -> list[Section]:
        return [s for s in self.sections if s.part == part_id]

    def page_path(self, section_id: str, language: str) -> str:
        return self.pages[language].format(section=section_id)

    def link_order(self) -> dict[str, int]:
        return {link.key: i for i, link in enumerate(self.links)}


def find_root(start: Path) -> Path:
    """The nearest folder upward from `start` that holds `wmcurate.yaml`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"No {CONFIG_NAME} found in {start} or any folder above it. "
        "Run wmcurate inside a list's folder, or point at it with --root DIR."
    )


def load_config(root: Path) -> Config:
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: not found. A list needs a {CONFIG_NAME}; point at the list with --root DIR."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc}).") from None
    try:
        raw = YAML(typ="safe").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    return parse_config(raw, root, str(path))


class _Reader:
    """Reads one mapping of the config, naming the dotted path of any bad value."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, at: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.where}: {at}: {problem}")

    def mapping(self, value: Any, at: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(at, f"expected a mapping, got {_kind(value)}")
        return cast(Mapping[str, Any], value)

    def sequence(self, value: Any, at: str) -> Sequence[Any]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(at, f"expected a list, got {_kind(value)}")
        return value

    def string(self, value: Any, at: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(at, f"expected a non-empty string, got {_kind(value)}")
        return value.strip()

    def localized(self, value: Any, at: str, languages: Sequence[str]) -> dict[str, str]:
        if isinstance(value, str):
            return {lang: value.strip() for lang in languages}
        table = self.mapping(value, at)
        out: dict[str, str] = {}
        for lang, text in table.items():
            if lang not in languages:
                raise self.fail(f"{at}.{lang}", f"unknown language; known: {', '.join(languages)}")
            out[lang] = self.string(text, f"{at}.{lang}")
        if not out:
            raise self.fail(at, "needs a text in at least one language")
        return out

    def texts(self, value: Any, at: str, languages: Sequence[str]) -> tuple[SectionText, ...]:
        out = []
        for i, item in enumerate(self.sequence(value, at)):
            item_at = f"{at}[{i}]"
            table = self.mapping(item, item_at)
            out.append(
                SectionText(
                    label=self.localized(table.get("label"), f"{item_at}.label", languages),
                    text=self.localized(table.get("text"), f"{item_at}.text", languages),
                )
            )
        return tuple(out)

    def ident(self, value: Any, at: str) -> str:
        text = self.string(value, at)
        if not _ID.match(text):
            raise self.fail(at, f"{text!r} is not a valid id (lower-case letters, digits, '-')")
        return text


def parse_config(raw: Any, root: Path, where: str) -> Config:
    r = _Reader(where)
    top = r.mapping(raw, "top level")
    languages = _languages(r, top.get("languages", ["en", "zh"]))
    codes = [lang.code for lang in languages]

    parts = []
    for i, item in enumerate(r.sequence(top.get("parts"), "parts")):
        at = f"parts[{i}]"
        table = r.mapping(item, at)
        parts.append(
            Part(
                id=r.ident(table.get("id"), f"{at}.id"),
                title=r.localized(table.get("title"), f"{at}.title", codes),
                icon=str(table.get("icon") or "").strip(),
                texts=r.texts(table.get("texts"), f"{at}.texts", codes),
                aliases=tuple(r.string(a, f"{at}.aliases") for a in r.sequence(
                    table.get("aliases"), f"{at}.aliases")),
            )
        )
    part_ids = [p.id for p in parts]
    _no_duplicates(r, part_ids, "parts")

    sections = []
    for i, item in enumerate(r.sequence(top.get("sections"), "sections")):
        at = f"sections[{i}]"
        table = r.mapping(item, at)
        part = r.ident(table.get("part"), f"{at}.part")
        if part not in part_ids:
            raise r.fail(f"{at}.part", f"unknown part {part!r}; known: {', '.join(part_ids)}")
        order = table.get("order", "added")
        if order not in ORDER_RULES:
            raise r.fail(f"{at}.order", f"{order!r} is not an order rule; known: "
                         + ", ".join(ORDER_RULES))
        sections.append(
            Section(
                id=r.ident(table.get("id"), f"{at}.id"),
                part=part,
                title=r.localized(table.get("title"), f"{at}.title", codes),
                texts=r.texts(table.get("texts"), f"{at}.texts", codes),
                order=cast(OrderRule, order),
                aliases=tuple(r.string(a, f"{at}.aliases") for a in r.sequence(
                    table.get("aliases"), f"{at}.aliases")),
            )
        )
    if not sections:
        raise r.fail("sections", "a list needs at least one section")
    section_ids = [s.id for s in sections]
    _no_duplicates(r, section_ids, "sections")

    outputs = []
    for i, item in enumerate(r.sequence(top.get("outputs"), "outputs")):
        at = f"outputs[{i}]"
        table = r.mapping(item, at)
        lang = r.string(table.get("language"), f"{at}.language")
        if lang not in codes:
            raise r.fail(f"{at}.language", f"unknown language {lang!r}; known: {', '.join(codes)}")
        blocks = tuple(r.string(b, f"{at}.blocks") for b in r.sequence(
            table.get("blocks", list(BLOCKS)), f"{at}.blocks"))
        for block in blocks:
            if block not in BLOCKS:
                raise r.fail(f"{at}.blocks", f"unknown block {block!r}; known: {', '.join(BLOCKS)}")
        outputs.append(Output(path=_relative(r, table.get("path"), f"{at}.path"),
                              language=lang, blocks=blocks))

    pages_raw = r.mapping(top.get("pages", {}), "pages")
    pages: dict[str, str] = {}
    for lang in codes:
        default = "papers/{section}/README.md" if lang == codes[0] else \
            f"papers/{{section}}/README_{lang}.md"
        template = _relative(r, pages_raw.get(lang, default), f"pages.{lang}")
        _check_template(r, template, f"pages.{lang}")
        pages[lang] = template
    _check_output_paths(r, outputs, pages, section_ids)

    venues = []
    for i, item in enumerate(r.sequence(top.get("venues"), "venues")):
        at = f"venues[{i}]"
        if isinstance(item, str):
            venues.append(Venue(name=item.strip()))
            continue
        table = r.mapping(item, at)
        venues.append(Venue(
            name=r.string(table.get("name"), f"{at}.name"),
            aliases=tuple(r.string(a, f"{at}.aliases") for a in r.sequence(
                table.get("aliases"), f"{at}.aliases")),
        ))

    links = []
    for i, item in enumerate(r.sequence(top.get("links"), "links")):
        at = f"links[{i}]"
        table = r.mapping(item, at)
        links.append(LinkLabel(
            key=r.ident(table.get("key"), f"{at}.key"),
            label=r.localized(table.get("label"), f"{at}.label", codes),
            aliases=tuple(r.string(a, f"{at}.aliases") for a in r.sequence(
                table.get("aliases"), f"{at}.aliases")),
        ))
    _no_duplicates(r, [link.key for link in links], "links")

    default_section = top.get("default_section")
    if default_section is not None and default_section not in section_ids:
        raise r.fail("default_section", f"unknown section {default_section!r}; known: "
                     + ", ".join(section_ids))

    lint_raw = r.mapping(top.get("lint", {}) or {}, "lint")
    severity = {str(k): str(v) for k, v in r.mapping(lint_raw.get("severity", {}) or {},
                                                      "lint.severity").items()}
    for code, level in severity.items():
        if level not in ("error", "warning", "off"):
            raise r.fail(f"lint.severity.{code}", f"{level!r} is not error, warning or off")
    ignore = tuple(str(c) for c in r.sequence(lint_raw.get("ignore"), "lint.ignore"))

    return Config(
        root=root,
        languages=languages,
        parts=tuple(parts),
        sections=tuple(sections),
        outputs=tuple(outputs),
        pages=pages,
        venues=tuple(venues),
        links=tuple(links),
        default_section=default_section,
        lint=LintSettings(severity=severity, ignore=ignore),
    )


def _languages(r: _Reader, value: Any) -> tuple[Language, ...]:
    out = []
    for i, item in enumerate(r.sequence(value, "languages")):
        at = f"languages[{i}]"
        if isinstance(item, str):
            code, name, labels = item, item, {}
        else:
            table = r.mapping(item, at)
            code = r.string(table.get("code"), f"{at}.code")
            name = str(table.get("name") or code)
            labels = dict(r.mapping(table.get("labels") or {}, f"{at}.labels"))
        base = DEFAULT_LABELS.get(code)
        if base is None and not labels:
            raise r.fail(at, f"language {code!r} has no built-in labels; give them under labels:")
        merged = {**(base or DEFAULT_LABELS["en"]), **{k: str(v) for k, v in labels.items()}}
        out.append(Language(code=code, name=name, labels=merged))
    if not out:
        raise r.fail("languages", "a list needs at least one language")
    _no_duplicates(r, [lang.code for lang in out], "languages")
    return tuple(out)


def _relative(r: _Reader, value: Any, at: str) -> str:
    text = r.string(value, at)
    problem = _path_problem(text)
    if problem:
        raise r.fail(at, f"{text!r} {problem}")
    return text


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DRIVE = re.compile(r"^[A-Za-z]:")


def _path_problem(text: str) -> str | None:
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


def _check_template(r: _Reader, template: str, at: str) -> None:
    """A page template formats with `{section}` alone: no other field, no format spec."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion
                  in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise r.fail(at, f"{template!r} is not a page path template ({exc}); write a "
                     "literal brace as {{ or }}") from None
    for name, spec, conversion in fields:
        if name != "section" or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + \
                (f":{spec}" if spec else "") + "}"
            raise r.fail(at, f"{template!r}: {shown} is not a placeholder; the only one is "
                         "{section} (write a literal brace as {{ or }})")
    if not fields:
        raise r.fail(at, "the page path needs a {section} placeholder")


def _check_output_paths(r: _Reader, outputs: Sequence[Output], pages: Mapping[str, str],
                        section_ids: Sequence[str]) -> None:
    """Every file render writes has a path of its own, away from the config and entries.

    Paths are compared case-insensitively: on macOS and Windows `README.md` and
    `readme.md` are one file.
    """
    claimed: dict[str, str] = {}
    candidates = [(o.path, f"outputs[{i}].path") for i, o in enumerate(outputs)]
    candidates += [(template.format(section=sid), f"pages.{lang} (section {sid!r})")
                   for lang, template in pages.items() for sid in section_ids]
    for path, at in candidates:
        problem = _path_problem(path)
        if problem:
            raise r.fail(at, f"{path!r} {problem}")
        normal = posixpath.normpath(path.replace("\\", "/"))
        key = normal.casefold()
        if key in (".", CONFIG_NAME.casefold()) or key.split("/")[0] == ENTRIES_DIR:
            raise r.fail(at, f"{path!r} is not a place for a rendered file: render must not "
                         f"overwrite {CONFIG_NAME} or write among the entry files")
        if key in claimed:
            raise r.fail(at, f"{path!r} is also the path of {claimed[key]}: two outputs "
                         "would overwrite each other; give each its own path")
        claimed[key] = at


def _no_duplicates(r: _Reader, ids: Sequence[str], at: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise r.fail(at, f"{ident!r} is defined twice")
        seen.add(ident)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)
