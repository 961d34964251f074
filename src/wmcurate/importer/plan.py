"""Planning entries from works against the list's own entries, and writing them.

A work's home section is the first section its "Listed in" line names, else the
first section that shows it in full, else the first it is listed under; every other
section it is found under becomes `also`. Its key is its arXiv ID, else its anchor in
a rendered list, else a slug of its title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from wmcurate.config import Config
from wmcurate.entries import (
    dump_yaml,
    key_for_arxiv,
    load_entries,
    load_round_trip,
    new_entry_document,
    put_field,
    slugify,
    utc_now,
    write_atomic,
    yaml_value,
)
from wmcurate.errors import ImportFailure
from wmcurate.importer.blocks import read_markdown
from wmcurate.importer.join import join, normalise_title
from wmcurate.importer.occurrence import ImportProblem, Occurrence
from wmcurate.importer.order import added_ranks
from wmcurate.importer.syntax import arxiv_base
from wmcurate.importer.work import Work
from wmcurate.model import Entry


@dataclass
class PlannedEntry:
    work: Work
    key: str
    section: str
    path: Path
    document: Any  # CommentedMap
    action: Literal["create", "update", "unchanged", "skip"]
    reason: str = ""
    #: What --merge changed in an existing entry: field names, dotted for one key of a
    #: mapping (`links.code`, `one_liner.zh`).
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    entries: list[PlannedEntry]
    problems: list[ImportProblem]
    files: list[str]

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == "error"]


def _final_text(texts: dict[str, str], languages: Sequence[str]) -> Any:
    values = {lang: texts[lang] for lang in languages if lang in texts}
    values.update({lang: t for lang, t in texts.items() if lang not in values})
    if len(values) == len(languages) and len(set(values.values())) == 1:
        return next(iter(values.values()))
    return values


def work_values(work: Work, languages: Sequence[str], added: dt.datetime | None,
                home: str) -> dict[str, Any]:
    titles = set(work.title.values())
    values: dict[str, Any] = {
        "arxiv": work.arxiv,
        "title": next(iter(titles)) if len(titles) == 1 else _final_text(work.title, languages),
        "authors": work.authors,
        "venue": work.venue,
        "model": work.model,
        "affiliations": work.affiliations,
        "published": work.published,
        "links": dict(work.links) or None,
    }
    for name in ("one_liner", "innovation", "abstract"):
        if work.texts.get(name):
            values[name] = _final_text(work.texts[name], languages)
    if work.key_points:
        lists = {lang: work.key_points[lang] for lang in languages if lang in work.key_points}
        lists.update({lang: v for lang, v in work.key_points.items() if lang not in lists})
        unique = {tuple(v) for v in lists.values()}
        values["key_points"] = (list(next(iter(unique)))
                                if len(lists) == len(languages) and len(unique) == 1 else lists)
    if work.featured:
        values["featured"] = True
    also = [s for s in work.also() if s != home]
    if also:
        values["also"] = also
    values["added"] = added
    # What arXiv and Semantic Scholar said, as render shows it, lives in `source`.
    source: dict[str, Any] = {}
    if work.doi:
        source["doi"] = work.doi
    if work.citations is not None:
        source["semantic_scholar"] = {"citations": work.citations}
    if source:
        values["source"] = source
    return values


def read_files(config: Config, files: Sequence[Path]) -> tuple[list[Occurrence],
                                                                list[ImportProblem], list[str]]:
    """Every occurrence and problem of the files; a file that cannot be read stops all."""
    occurrences: list[Occurrence] = []
    problems: list[ImportProblem] = []
    shown: list[str] = []
    for path in files:
        shown_name = display_path(path, config.root)
        shown.append(shown_name)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise ImportFailure(f"{shown_name}: no such file") from None
        except IsADirectoryError:
            raise ImportFailure(f"{shown_name}: is a folder; give markdown files") from None
        except UnicodeDecodeError as exc:
            raise ImportFailure(f"{shown_name}: not UTF-8 text (byte {exc.start}); "
                                "convert it to UTF-8 first") from None
        except OSError as exc:
            raise ImportFailure(f"{shown_name}: cannot be read ({exc.strerror})") from None
        found, file_problems = read_markdown(shown_name, text, config)
        occurrences += found
        problems += file_problems
    return occurrences, problems, shown


class _Existing:
    """The entries already in the list, found by key, arXiv ID or title."""

    def __init__(self, config: Config) -> None:
        loaded = load_entries(config)
        self.by_key = {e.key: e for e in loaded.entries}
        self.by_arxiv = {arxiv_base(e.arxiv): e for e in loaded.entries if e.arxiv}
        self.by_title: dict[str, Entry] = {}
        for entry in loaded.entries:
            titles = [entry.title] if isinstance(entry.title, str) else entry.title.values()
            for title in titles:
                self.by_title.setdefault(normalise_title(str(title)), entry)
        self.broken = {p.path.stem: p for p in loaded.problems}
        self.taken = set(self.by_key) | set(self.broken)

    def match(self, work: Work) -> Entry | None:
        # A work that only shares another paper's arXiv ID is found by its title alone.
        if work.arxiv and work.shares_id_with is None:
            found = self.by_arxiv.get(arxiv_base(work.arxiv))
            if found is not None:
                return found
        for title in work.title.values():
            found = self.by_title.get(normalise_title(title))
            if found is not None:
                return found
        return None


def plan_import(config: Config, files: Sequence[Path], merge: bool = False,
                now: dt.datetime | None = None) -> ImportPlan:
    occurrences, problems, shown = read_files(config, files)
    languages = config.language_codes
    works, join_problems = join(occurrences, languages)
    problems += join_problems

    existing = _Existing(config)
    matches: dict[int, Entry] = {}
    keys: dict[int, str] = {}
    for work in works:
        match = existing.match(work)
        if match is not None:
            matches[id(work)] = match
            keys[id(work)] = match.key
            continue
        key = _key_for(work)
        if key in existing.broken:
            problem = existing.broken[key]
            problems.append(ImportProblem(
                work.first.file, work.first.line, "error",
                f"'{work.display_title()}' belongs in {problem.location(config.root)}, which "
                f"is broken ({problem.message}); fix that file first. Nothing was written for "
                "this work"))
            continue
        base_key, n = key, 2
        while key in existing.taken:
            key, n = f"{base_key}-{n}", n + 1
        existing.taken.add(key)
        keys[id(work)] = key

    start = (now or utc_now()).replace(microsecond=0)
    orders = {s.id: s.order for s in config.sections}
    planned: list[PlannedEntry] = []
    for work, rank in added_ranks([w for w in works if id(w) in keys], orders,
                                  lambda w: keys[id(w)]):
        if id(work) in matches:
            planned.append(_plan_existing(work, matches[id(work)], merge, languages, config))
            continue
        key, home = keys[id(work)], work.home()
        values = work_values(work, languages, start + dt.timedelta(seconds=rank), home)
        planned.append(PlannedEntry(work, key, home, config.entries_dir / home / f"{key}.yaml",
                                    new_entry_document(values), "create"))
    _mark_doubtful_ids(planned, keys, config)
    return ImportPlan(planned, problems, shown)


def _key_for(work: Work) -> str:
    if work.arxiv and work.shares_id_with is None:
        return key_for_arxiv(arxiv_base(work.arxiv))
    return work.key or slugify(work.display_title())


def _mark_doubtful_ids(planned: Sequence[PlannedEntry], keys: dict[int, str],
                       config: Config) -> None:
    """A comment beside a shared arXiv ID that says whose it is, for the curator."""
    by_work = {id(p.work): p for p in planned}
    for item in planned:
        owner = item.work.shares_id_with
        if owner is None or item.action != "create" or "arxiv" not in item.document:
            continue
        owner_item = by_work.get(id(owner))
        where = display_path(owner_item.path, config.root) if owner_item else keys.get(
            id(owner), owner.first.where)
        item.document.yaml_add_eol_comment(
            f"doubtful: also the arXiv ID of '{owner.display_title()}' ({where}); "
            "check which paper it belongs to", "arxiv")


def _plan_existing(work: Work, entry: Entry, merge: bool, languages: Sequence[str],
                   config: Config) -> PlannedEntry:
    shown = display_path(entry.path, config.root)
    if not merge:
        return PlannedEntry(work, entry.key, entry.section, entry.path, None, "skip",
                            f"already in the list as {shown} (use --merge to update it)")
    document = load_round_trip(entry.path)
    values = work_values(work, languages, None, entry.section)
    # Every section the work was found under, besides the entry's own folder.
    found = [*work.listed_in, *work.sections]
    also = [s for s in dict.fromkeys([*entry.also, *found]) if s != entry.section]
    values["also"] = also or None
    changes: list[str] = []
    for name, value in values.items():
        if name == "added" or value is None:
            continue
        current = _plain(document.get(name))
        if isinstance(value, dict) and isinstance(current, dict):
            # Texts and links of other languages or labels stay; the found ones are set.
            value = {**current, **value}
        if isinstance(value, dict) and isinstance(current, str) \
                and all(v == current for v in value.values()):
            continue  # one text for every language already says what each copy says
        if current == _plain(value):
            continue
        changes += _changed(name, current, _plain(value))
        put_field(document, name, yaml_value(name, value))
    if not changes:
        return PlannedEntry(work, entry.key, entry.section, entry.path, None, "unchanged",
                            f"{shown} already says what the source says")
    return PlannedEntry(work, entry.key, entry.section, entry.path, document, "update",
                        changes=changes)


def _plain(value: Any) -> Any:
    """A YAML value as plain Python data (mappings, lists, strings), for comparing."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _changed(name: str, old: Any, new: Any) -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        return [f"{name}.{k}" for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    return [name]


def apply_import(plan: ImportPlan) -> list[Path]:
    written = []
    for item in plan.entries:
        if item.action in ("create", "update") and item.document is not None:
            write_atomic(item.path, dump_yaml(item.document))
            written.append(item.path)
    return written


def display_path(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
