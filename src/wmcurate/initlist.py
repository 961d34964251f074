"""A new list: `wmcurate init`'s files, planned in full before one is written.

`plan_init` decides every file (a commented wmcurate.yaml, a README per language with
the markers render fills, the editors' schemas, a pre-commit config and a CI workflow)
and, with sources, proposes the parts and sections from their headings
(`wmcurate.propose`) and plans their import (`wmcurate.importer`). `apply_init` writes
them all or none, and never a file that exists.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from wmcurate import PROJECT_URL, __version__
from wmcurate.config import CONFIG_NAME, ENTRIES_DIR, Config, parse_config
from wmcurate.configshapes import Key
from wmcurate.configspec import CONFIG
from wmcurate.errors import WmcurateError
from wmcurate.importer import ImportPlan, apply_import, plan_import
from wmcurate.propose import Group, Proposal, language_table, propose, readme_name
from wmcurate.schema import MODELINE, SCHEMA_FILES, schema_text
from wmcurate.venues import catalogue, preprint, split_venue

_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
WORKFLOW = ".github/workflows/wmcurate.yml"

#: The link labels a new list starts with: key, English, Chinese, aliases (import reads
#: these link texts as the label; add files these kinds of link under it).
LINKS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("paper", "Paper", "论文", ("arXiv", "Abstract")),
    ("pdf", "PDF", "PDF", ()),
    ("code", "Code", "代码", ("GitHub", "Repository", "Repo")),
    ("project", "Project Page", "项目主页", ("Project", "Website", "Homepage")),
    ("model", "Model", "模型", ("Model Page", "Model Card", "Weights", "Hugging Face")),
    ("dataset", "Dataset", "数据集", ("Data",)),
    ("demo", "Demo", "演示", ("Space",)),
    ("video", "Video", "视频", ("YouTube",)),
    ("blog", "Blog", "博客", ("Blog Post", "Launch Blog", "Announcement")),
    ("report", "Technical Report", "技术报告", ("Tech Report", "Technical Overview", "Report")),
    ("product", "Product Page", "产品页面", ("Product",)),
)
#: A new list's sections, until its curator names its own: id, English, Chinese.
STARTER = (("methods", "Methods", "方法"),
           ("benchmarks", "Benchmarks and Datasets", "基准与数据集"))


class InitRefused(WmcurateError):
    """init would overwrite a file, or was given what it cannot use."""


@dataclass
class InitPlan:
    root: Path
    #: Every file to write, by its path inside the list, in the order it is written.
    files: dict[str, str]
    config: Config
    proposal: Proposal | None = None
    imported: ImportPlan | None = None
    venues: list[Any] = field(default_factory=list)


def parse_languages(value: str) -> list[str]:
    codes = [c.strip() for c in value.split(",") if c.strip()]
    if not codes:
        raise InitRefused("--languages: give language codes separated by commas, e.g. en,zh")
    for code in codes:
        if not _CODE.match(code):
            raise InitRefused(f"--languages: {code!r} is not a language code (lower-case, "
                              "such as en, zh, fr or pt-br)")
    if len(set(codes)) < len(codes):
        raise InitRefused(f"--languages: a language is named twice in {value!r}")
    return codes


def plan_init(root: Path, languages: Sequence[str] | None, sources: Sequence[Path],
              shown: Sequence[str]) -> InitPlan:
    """Every file of a new list in `root`, from the `sources` (a hand-written list) if any.
    Raises InitRefused naming the files that exist already: init writes nothing then."""
    if root.exists() and not root.is_dir():
        raise InitRefused(f"{root}: is a file; give the folder the new list goes in")
    proposal = None
    if sources:
        # Link texts are read as the labels a new list starts with.
        reading = [{"key": key, "label": en, "aliases": list(aliases)}
                   for key, en, _, aliases in LINKS]
        proposal = propose(sources, shown, languages, root, {"links": reading})
        codes = proposal.languages
    else:
        codes = list(languages or ["en"])
    files = _files(root, codes, proposal)
    _refuse_existing(root, files, sources)
    config = _parse(files[CONFIG_NAME], root)
    imported = None
    venues: list[Any] = []
    if sources:
        imported = plan_import(config, sources)
        # The vocabularies name the venues and link labels the list uses, so that lint
        # keeps their spelling and render shows every link.
        venues, labels = _real_venues(imported), _other_labels(imported)
        if venues or labels:
            files = _files(root, codes, proposal, venues, labels)
            config = _parse(files[CONFIG_NAME], root)
            imported = plan_import(config, sources)
        for item in imported.entries:
            if item.action == "create" and item.document is not None:
                item.document.yaml_set_start_comment(
                    f"{MODELINE[2:]}../../{SCHEMA_FILES['entry']}")
    return InitPlan(root, files, config, proposal, imported, venues)


def _parse(text: str, root: Path) -> Config:
    return parse_config(YAML(typ="safe", pure=True).load(text), root, CONFIG_NAME)


def _real_venues(imported: ImportPlan) -> list[Any]:
    """The venues the imported works name that are real (the built-in catalogue knows
    them), for `venues:`: each under the catalogue's name when the list writes it so,
    else its first spelling, the list's other spellings as aliases."""
    spellings: dict[str, list[str]] = {}
    known = catalogue()
    for item in imported.entries:
        venue = item.work.venue
        if not venue or preprint(venue):
            continue
        name, _ = split_venue(venue)
        found = known.lookup(name) if name else None
        if found is not None and name not in spellings.setdefault(found.name, []):
            spellings[found.name].append(name)
    out: list[Any] = ["arXiv"] if spellings else []
    for real, names in spellings.items():
        name = real if real in names else names[0]
        aliases = [n for n in names if n != name]
        out.append({"name": name, "aliases": aliases} if aliases else name)
    return out


def _other_labels(imported: ImportPlan) -> list[str]:
    """The link labels of the imported works that a new list's labels do not name."""
    known = {key for key, *_ in LINKS}
    found: dict[str, None] = {}
    for item in imported.entries:
        for label in item.work.links:
            if label not in known:
                found.setdefault(label, None)
    return list(found)


def _refuse_existing(root: Path, files: dict[str, str], sources: Sequence[Path]) -> None:
    existing = [name for name in files if (root / name).exists()]
    entries = root / ENTRIES_DIR
    if entries.is_dir() and any(entries.iterdir()):
        existing.append(f"{ENTRIES_DIR}/ (not empty)")
    if not existing:
        return
    given = {p.resolve() for p in sources}
    moved = [n for n in existing if (root / n).resolve() in given]
    hint = ""
    if moved:
        hint = (f" {moved[0]} is one of the lists to read: move the old list aside first "
                f"(git mv {moved[0]} old/{moved[0]}) and read it from there, or init the new "
                "list in another folder")
    else:
        hint = " Move them aside, or init the new list in another folder"
    raise InitRefused(f"{root}: " + ", ".join(existing) + (" exists" if len(existing) == 1
                      else " exist") + " already; init never overwrites a file, so nothing "
                      f"was written.{hint}.")


def apply_init(plan: InitPlan) -> list[Path]:
    """Write the plan's files (each created, never replaced), then the imported entries.
    A failure removes what this run created."""
    created: list[Path] = []
    folders: list[Path] = []
    try:
        for name, text in plan.files.items():
            path = plan.root / name
            for folder in reversed(path.parents):
                if not folder.exists():
                    folder.mkdir()
                    folders.append(folder)
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                created.append(path)
                handle.write(text)
        entries = plan.root / ENTRIES_DIR
        if not entries.exists():
            entries.mkdir()
            folders.append(entries)
        if plan.imported is not None:
            created += apply_import(plan.imported)
    except FileExistsError as exc:
        _undo(created, folders)
        raise InitRefused(f"{exc.filename}: appeared while init was writing; nothing was "
                          "kept") from None
    except OSError as exc:
        _undo(created, folders)
        raise InitRefused(f"{exc.filename or plan.root}: cannot be written "
                          f"({exc.strerror or exc}); nothing was kept") from None
    return created


def _undo(created: Sequence[Path], folders: Sequence[Path]) -> None:
    for path in reversed(created):
        path.unlink(missing_ok=True)
    for folder in reversed(folders):
        try:
            # A folder an imported entry went into is removed with it.
            for leftover in sorted(folder.rglob("*"), reverse=True):
                if leftover.is_dir():
                    leftover.rmdir()
            folder.rmdir()
        except OSError:
            pass


# -- the files ---------------------------------------------------------------------------

def _files(root: Path, codes: Sequence[str], proposal: Proposal | None,
           venues: Sequence[Any] = (), labels: Sequence[str] = ()) -> dict[str, str]:
    title = _list_title(root, codes, proposal)
    sections = proposal.sections if proposal else _starter(codes)
    files = {CONFIG_NAME: config_text(codes, title, proposal, venues, labels)}
    for code in codes:
        files[readme_name(code, codes)] = readme_text(code, codes, title.get(code)
                                                      or title[codes[0]], sections[0].id)
    for kind, name in SCHEMA_FILES.items():
        files[name] = schema_text(kind)
    home = PROJECT_URL
    action = "/".join(home.rstrip("/").split("/")[-2:])
    files[".pre-commit-config.yaml"] = _template("pre-commit-config.yaml", home=home,
                                                 version=__version__)
    files[WORKFLOW] = _template("workflow.yml", action=action, version=__version__)
    files[".vscode/settings.json"] = _template("vscode-settings.json")
    return files


def _template(name: str, **values: str) -> str:
    text = resources.files("wmcurate").joinpath(f"data/init/{name}").read_text(encoding="utf-8")
    return string.Template(text).substitute(values)


def _list_title(root: Path, codes: Sequence[str], proposal: Proposal | None) -> dict[str, str]:
    titles = dict(proposal.titles) if proposal else {}
    name = root.resolve().name.replace("-", " ").replace("_", " ").strip()
    fallback = name[:1].upper() + name[1:] if name else "Paper list"
    return {code: titles.get(code) or titles.get(codes[0]) or fallback for code in codes}


def readme_text(code: str, codes: Sequence[str], title: str, section: str) -> str:
    switch = ""
    if len(codes) > 1:
        names = {row["code"]: row["name"] for row in language_table(codes)}
        switch = " | ".join(names[c] if c == code else f"[{names[c]}]({readme_name(c, codes)})"
                            for c in codes) + "\n\n"
    template = "README.zh.md" if code.startswith("zh") else "README.en.md"
    return _template(template, title=_markdown_title(title), switch=switch, section=section)


def _markdown_title(title: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", title)


def _starter(codes: Sequence[str]) -> list[Group]:
    return [Group(id=ident, title=_localized(codes, en, zh), part="papers")
            for ident, en, zh in STARTER]


def _localized(codes: Sequence[str], en: str, zh: str) -> dict[str, str]:
    return {c: zh if c.startswith("zh") else en for c in codes}


def _links(codes: Sequence[str], labels: Sequence[str] = ()) -> list[dict[str, Any]]:
    """A new list's link labels, then `labels` (keys a hand-written list used), each shown
    as its words (`launch-page` -> Launch Page)."""
    rows = [(key, en, zh, aliases) for key, en, zh, aliases in LINKS]
    rows += [(key, key.replace("-", " ").title(), key.replace("-", " ").title(), ())
             for key in labels]
    return [{"key": key, "label": _localized(codes, en, zh),
             **({"aliases": list(aliases)} if aliases else {})}
            for key, en, zh, aliases in rows]


# -- wmcurate.yaml -----------------------------------------------------------------------

def config_text(codes: Sequence[str], title: dict[str, str], proposal: Proposal | None,
                venues: Sequence[Any] = (), labels: Sequence[str] = ()) -> str:
    """A commented wmcurate.yaml; each key's comment is its meaning from the definition."""
    lines = [
        f"{MODELINE}{SCHEMA_FILES['config']}",
        f"# The config of {title[codes[0]]}, a paper list kept by wmcurate",
        f"# ({PROJECT_URL}). Every key, its default and an example:",
        "# `wmcurate schema config --format markdown`.",
        "",
    ]
    lines += _comment("languages") + ["languages:"]
    for row in language_table(codes):
        if "labels" not in row:
            lines.append(f"  - {{code: {_q(row['code'])}, name: {_q(row['name'])}}}")
            continue
        lines += [f"  - code: {_q(row['code'])}", f"    name: {_q(row['name'])}",
                  "    # No built-in words for this language: translate these.", "    labels:"]
        lines += [f"      {key}: {_q(text)}" for key, text in row["labels"].items()]
    lines += ["", *_comment("outputs"), "outputs:"]
    lines += [f"  - {{path: {readme_name(c, codes)}, language: {_q(c)}}}" for c in codes]
    lines += ["", *_comment("pages"), "pages:"]
    lines += [f"  {_q(c)}: papers/{{section}}/README{'' if c == codes[0] else '_' + c}.md"
              for c in codes]
    parts = proposal.parts if proposal else [Group(id="papers", title=_localized(
        codes, "Papers", "论文"))]
    sections = proposal.sections if proposal else _starter(codes)
    lines += ["", *_comment("parts"), "parts:"]
    for part in parts:
        lines += [f"  - id: {_q(part.id)}", f"    title: {_flow(part.title)}"]
        lines.append(f"    icon: {_q(part.icon)}" if part.icon else '    # icon: "📄"')
        if part.aliases:
            lines.append(f"    aliases: {_flow(part.aliases)}")
    lines += ["", *_comment("sections"), "sections:"]
    for n, section in enumerate(sections):
        lines += [f"  - id: {_q(section.id)}", f"    part: {_q(section.part)}",
                  f"    title: {_flow(section.title)}"]
        if section.aliases:
            lines.append(f"    aliases: {_flow(section.aliases)}")
        if n == 0:
            lines += [f"    # {_key('sections', 'order').example}   # newest first",
                      "    # texts: [{label: {en: Objective, zh: 目标}, text: {en: ..., zh: ...}}]"]
    lines += ["", *_comment("default_section"), f"default_section: {_q(sections[0].id)}"]
    lines += ["", *_comment("venues"),
              "# `wmcurate add` adds the venues of the papers it writes.",
              f"venues: {_flow(list(venues) or ['arXiv'])}"]
    lines += ["", *_comment("links"), "links:"]
    lines += [f"  - {_flow(item)}" for item in _links(codes, labels)]
    lines += ["", *_comment("lint"), "# lint:", "#   severity: {WMC404: off}",
              "#   ignore: [WMC209]"]
    # Every other key, with its default, shown as its example to switch on.
    written = {"languages", "outputs", "pages", "parts", "sections", "default_section",
               "venues", "links", "lint"}
    for key in CONFIG.keys:
        if key.name not in written:
            lines += ["", *_comment(key.name), f"# {key.example}"]
    return "\n".join(lines) + "\n"


def _key(*path: str) -> Key:
    table = CONFIG
    key: Key | None = None
    for name in path:
        key = table.by_name(name)
        assert key is not None, path  # the names above are the definition's own
        inner = key.shape.table()
        if inner is not None:
            table = inner
    assert key is not None
    return key


def _comment(name: str) -> list[str]:
    return [f"# {line}" for line in _wrap(_key(name).meaning, 88)]


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_q(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _q(str(value))


_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:]*(?<=\S)$")


def _q(text: str) -> str:
    """A string as a YAML scalar inside flow style: plain when it reads back as itself."""
    if _PLAIN.match(text):
        try:
            if YAML(typ="safe", pure=True).load(f"[{text}]") == [text]:
                return text
        except YAMLError:
            pass  # not plain after all: quoted below
    return json.dumps(text, ensure_ascii=False)
