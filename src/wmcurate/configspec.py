"""What `wmcurate.yaml` may say, defined once: every key's shape, default, meaning and example.

`CONFIG` is a tree of `Key`s (their shapes are in `wmcurate.configshapes`). The config
reader walks it (`CONFIG.read`), the JSON Schema for editors is built from it
(`wmcurate.schema`), and so is the reference in docs/config.md (`wmcurate.reference`); a key
added here is read, checked, schema'd and documented at once.

A shape checks a value's form only (a string, a list, one of a few words). What needs the
whole config (a section's part exists, two outputs never share a path) is checked in
`wmcurate.config`, which builds the typed `Config` from what `read` returns. Every message
names the dotted place of the bad value and ends with what the key is for and an example.
"""

from __future__ import annotations

from typing import Any

from wmcurate.configshapes import (
    Choice,
    Count,
    Flag,
    Ident,
    Key,
    ListOf,
    Localized,
    MapOf,
    OneOf,
    PageTemplate,
    Reading,
    RelativePath,
    Table,
    Text,
)
from wmcurate.labels import DEFAULT_LABELS

ORDER_RULES: tuple[str, ...] = ("added", "-added", "published", "-published", "title", "venue")
BLOCKS: tuple[str, ...] = ("toc", "list")
SEVERITIES: tuple[str, ...] = ("error", "warning", "off")


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
        details="Each part is a heading of the list block, one level below the README's last "
                "heading above the block (level 2 when there is none); its sections follow it."),
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
                "heading of the list block (one level below its part's) and one page per "
                "language."),
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
    Key("max_file_kb", Count(20), "The most any file render writes may weigh, in kilobytes "
        "(1,000 bytes): GitHub shows only the first 512 KB of a markdown file.",
        "max_file_kb: 300", default=400, default_text="400",
        details="A README over it shows fewer works in full (each section its first featured "
                "works, then none; lint warns with WMC702), then fewer catalog lines; a "
                "section page over it continues on numbered pages (`README.2.md`, ...)."),
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
