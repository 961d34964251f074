"""Planning entries from works against the list's own entries, and writing them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
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
from wmcurate.importer.join import Work, join, list_order, normalise_title
from wmcurate.importer.occurrence import ImportProblem, Occurrence
from wmcurate.importer.syntax import arxiv_base
from wmcurate.model import Entry, text_in


@dataclass
class PlannedEntry:
    work: Work
    key: str
    section: str
    path: Path
    document: Any  # CommentedMap
    action: Literal["create", "update", "skip"]
    reason: str = ""


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
        "links": dict(work.links) or None,
    }
    for name in ("one_liner", "innovation", "abstract"):
        if work.texts.get(name):
            values[name] = _final_text(work.texts[name], languages)
    if work.key_points:
        lists = {lang: work.key_points[lang] for lang in languages if lang in work.key_points}
        unique = {tuple(v) for v in lists.values()}
        values["key_points"] = (list(next(iter(unique)))
                                if len(lists) == len(languages) and len(unique) == 1 else lists)
    if work.featured:
        values["featured"] = True
    also = [s for s in work.also() if s != home]
    if also:
        values["also"] = also
    values["added"] = added
    return values


def plan_import(config: Config, files: Sequence[Path], merge: bool = False,
                now: dt.datetime | None = None) -> ImportPlan:
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
    works, join_problems = join(occurrences)
    problems += join_problems
    ordered = list_order(works)

    existing = load_entries(config)
    by_arxiv = {arxiv_base(e.arxiv): e for e in existing.entries if e.arxiv}
    by_title = {normalise_title(str(text_in(e.title, "en") or "")): e for e in existing.entries}
    taken = {e.key for e in existing.entries}
    broken = {p.path.stem: p for p in existing.problems}
    start = (now or utc_now()).replace(microsecond=0)
    languages = config.language_codes
    planned: list[PlannedEntry] = []
    for position, work in enumerate(ordered):
        match = (by_arxiv.get(arxiv_base(work.arxiv)) if work.arxiv else None) \
            or by_title.get(normalise_title(work.display_title()))
        if match is not None:
            planned.append(_plan_existing(work, match, merge, languages, config))
            continue
        if work.arxiv:
            key = key_for_arxiv(arxiv_base(work.arxiv))
        else:
            key = work.key or slugify(work.display_title())
        if key in broken:
            problem = broken[key]
            problems.append(ImportProblem(
                work.first.file, work.first.line, "error",
                f"'{work.display_title()}' belongs in {problem.location(config.root)}, which "
                f"is broken ({problem.message}); fix that file first. Nothing was written for "
                "this work"))
            continue
        base_key, n = key, 2
        while key in taken:
            key, n = f"{base_key}-{n}", n + 1
        taken.add(key)
        home = work.home()
        values = work_values(work, languages, start + dt.timedelta(seconds=position), home)
        document = new_entry_document(values)
        planned.append(PlannedEntry(work, key, home, config.entries_dir / home / f"{key}.yaml",
                                    document, "create"))
    return ImportPlan(planned, problems, shown)


def _plan_existing(work: Work, entry: Entry, merge: bool, languages: Sequence[str],
                   config: Config) -> PlannedEntry:
    if not merge:
        return PlannedEntry(work, entry.key, entry.section, entry.path, None, "skip",
                            f"already in the list as {display_path(entry.path, config.root)} "
                            "(use --merge to update it)")
    document = load_round_trip(entry.path)
    values = work_values(work, languages, None, entry.section)
    # Every section the work was found under, besides the entry's own folder.
    found = [*work.listed_in, *work.sections]
    also = [s for s in dict.fromkeys([*entry.also, *found]) if s != entry.section]
    values["also"] = also or None
    for name, value in values.items():
        if name == "added" or value is None:
            continue
        if name in ("one_liner", "innovation", "abstract") and isinstance(value, dict) \
                and isinstance(document.get(name), dict):
            merged = dict(document[name])
            merged.update(value)
            value = merged
        put_field(document, name, yaml_value(name, value))
    return PlannedEntry(work, entry.key, entry.section, entry.path, document, "update")


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
