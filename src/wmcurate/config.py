"""The list's config, `wmcurate.yaml`: parts, sections, outputs and vocabularies."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, cast

from wmcurate.configshapes import Reading, path_problem
from wmcurate.configspec import BLOCKS as BLOCKS
from wmcurate.configspec import ORDER_RULES as ORDER_RULES
from wmcurate.configspec import read_config
from wmcurate.errors import ConfigError
from wmcurate.labels import DEFAULT_LABELS

CONFIG_NAME = "wmcurate.yaml"
ENTRIES_DIR = "entries"

OrderRule = Literal["added", "-added", "published", "-published", "title", "venue"]
#: The part of a list whose config names none.
IMPLICIT_PART = "papers"
IMPLICIT_PART_TITLES = {"en": "Papers", "zh": "论文"}

#: A text in several languages: language code -> text.
Localized = Mapping[str, str]


#: The link labels every list knows when its config has no `links:` vocabulary: the ones
#: `wmcurate add` writes, and the usual others a curator adds by hand.
BUILT_IN_LINK_LABELS: tuple[str, ...] = (
    "paper", "pdf", "code", "project", "demo", "video", "model", "dataset", "blog", "slides",
)  # fmt: skip


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
    #: Render shows citation counts (`source.semantic_scholar.citations`) in catalog lines.
    show_citations: bool = False
    #: The size budget of every file render writes, in kilobytes (1,000 bytes).
    max_file_kb: int = 400

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
    return parse_config(_read_yaml(text, path), root, str(path))


#: A plain scalar ruamel.yaml may read otherwise than libyaml's reader: a number with
#: underscores or in binary, `=`, a merge key.
_READ_APART = re.compile(r"[-+]?(?:0[bB]|[.0-9].*_)|=$|<<$", re.DOTALL)


def _read_yaml(text: str, path: Path) -> Any:
    """The config's data, read by ruamel.yaml's rules (YAML 1.2).

    The reader every entry file goes through (`yamlread`, libyaml's events) reads the
    same in a fraction of the time, and spares loading ruamel.yaml, which weighs more than
    the rest of a small list's lint. Whatever it refuses (anchors, merge keys, complex or
    duplicate keys, unknown tags, broken YAML) and every value the two could read apart
    (`_READ_APART`) is read by ruamel.yaml: its values, its messages, their positions.
    """
    import yaml as pyyaml

    from wmcurate.yamlread import read_yaml

    try:
        raw = read_yaml(text)
    except (pyyaml.YAMLError, ValueError, RecursionError):
        pass
    else:
        if not _read_apart(raw):
            return raw
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="safe").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except YAMLError as exc:  # a character YAML does not allow: a position, no mark
        at = getattr(exc, "position", None)
        where = str(path)
        if isinstance(at, int):
            line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
            where = f"{path}:{line}:{column}"
        raise ConfigError(f"{where}: invalid YAML: {str(exc).splitlines()[0]}") from None


def _read_apart(value: Any) -> bool:
    if isinstance(value, str):
        return _READ_APART.match(value) is not None
    if isinstance(value, dict):
        return any(_read_apart(k) or _read_apart(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_read_apart(item) for item in value)
    return False


def parse_config(raw: Any, root: Path, where: str) -> Config:
    """The typed config from the YAML's data: every key's form is checked by walking its
    definition (`wmcurate.configspec.CONFIG`), then what needs the whole config."""
    values, reading = read_config(raw, where)
    languages = _languages(reading, values["languages"])
    codes = [lang.code for lang in languages]

    parts = [Part(id=p["id"], title=p["title"], icon=p["icon"], texts=_texts(p["texts"]),
                  aliases=tuple(p["aliases"])) for p in values["parts"] or ()]
    if not parts:
        # A list without parts: its sections make one part, named as lists name theirs.
        parts = [Part(id=IMPLICIT_PART, title={c: IMPLICIT_PART_TITLES.get(c, "Papers")
                                               for c in codes},
                      icon="", texts=(), aliases=())]
    part_ids = [p.id for p in parts]
    _no_duplicates(reading, part_ids, "parts")

    sections = []
    for i, item in enumerate(values["sections"]):
        part = item["part"] or part_ids[0]
        if part not in part_ids:
            raise reading.fail(f"sections[{i}].part",
                               f"unknown part {part!r}; known: {', '.join(part_ids)}")
        sections.append(Section(id=item["id"], part=part, title=item["title"],
                                texts=_texts(item["texts"]), order=cast(OrderRule, item["order"]),
                                aliases=tuple(item["aliases"])))
    section_ids = [s.id for s in sections]
    _no_duplicates(reading, section_ids, "sections")

    outputs = []
    for i, item in enumerate(values["outputs"]):
        if item["language"] not in codes:
            raise reading.fail(f"outputs[{i}].language", f"unknown language "
                               f"{item['language']!r}; known: {', '.join(codes)}")
        outputs.append(Output(path=item["path"], language=item["language"],
                              blocks=tuple(item["blocks"])))

    given_pages = values["pages"] or {}
    for lang in given_pages:
        if lang not in codes:
            raise reading.fail(f"pages.{lang}", f"unknown language {lang!r}; known: "
                               + ", ".join(codes))
    pages = {lang: given_pages.get(lang) or default_page(lang, codes) for lang in codes}
    _check_output_paths(reading, outputs, pages, section_ids)

    venues = [Venue(name=v) if isinstance(v, str) else Venue(name=v["name"],
                                                              aliases=tuple(v["aliases"]))
              for v in values["venues"]]
    links = [LinkLabel(key=link["key"], label=link["label"], aliases=tuple(link["aliases"]))
             for link in values["links"]]
    _no_duplicates(reading, [link.key for link in links], "links")

    default_section = values["default_section"]
    if default_section is not None and default_section not in section_ids:
        raise reading.fail("default_section", f"unknown section {default_section!r}; known: "
                           + ", ".join(section_ids))

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
        lint=LintSettings(severity=values["lint"]["severity"],
                          ignore=tuple(values["lint"]["ignore"])),
        show_citations=values["show_citations"],
        max_file_kb=values["max_file_kb"],
    )


def default_page(language: str, codes: Sequence[str]) -> str:
    """A language's page path when `pages:` names none."""
    suffix = "" if language == codes[0] else f"_{language}"
    return f"papers/{{section}}/README{suffix}.md"


def _texts(items: Sequence[Mapping[str, Any]]) -> tuple[SectionText, ...]:
    return tuple(SectionText(label=item["label"], text=item["text"]) for item in items)


def _languages(reading: Reading, items: Sequence[Any]) -> tuple[Language, ...]:
    out = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            code, name, labels = item, item, {}
        else:
            code, name, labels = item["code"], item["name"] or item["code"], item["labels"]
        base = DEFAULT_LABELS.get(code)
        if base is None and not labels:
            raise reading.fail(f"languages[{i}]", f"language {code!r} has no built-in labels; "
                               "give them under labels:")
        out.append(Language(code=code, name=name, labels={**(base or DEFAULT_LABELS["en"]),
                                                          **labels}))
    _no_duplicates(reading, [lang.code for lang in out], "languages")
    return tuple(out)


def _check_output_paths(reading: Reading, outputs: Sequence[Output], pages: Mapping[str, str],
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
        problem = path_problem(path)
        if problem:
            raise reading.fail(at, f"{path!r} {problem}")
        normal = posixpath.normpath(path.replace("\\", "/"))
        key = normal.casefold()
        if key in (".", CONFIG_NAME.casefold()) or key.split("/")[0] == ENTRIES_DIR:
            raise reading.fail(at, f"{path!r} is not a place for a rendered file: render must not "
                         f"overwrite {CONFIG_NAME} or write among the entry files")
        if key in claimed:
            raise reading.fail(at, f"{path!r} is also the path of {claimed[key]}: two outputs "
                         "would overwrite each other; give each its own path")
        claimed[key] = at


def _no_duplicates(reading: Reading, ids: Sequence[str], at: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise reading.fail(at, f"{ident!r} is defined twice")
        seen.add(ident)
