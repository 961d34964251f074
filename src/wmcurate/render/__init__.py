"""Render: entries + config -> the README blocks and the per-section pages.

Everything here is pure except `plan_render`'s reading of the current files;
`apply_render` does the writing. The output depends only on the entries, the config
and the hand-written text of the READMEs, so rendering twice changes nothing.

The package's modules, each with one job: `catalog` (the works of each section, in
order), `work` (one work in full or as a catalog line), `readme` (a README's blocks
within the size budget), `pages` (section pages, split over budget) and `markers`
(finding the blocks in a README).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from wmcurate.config import Config
from wmcurate.errors import MarkerError, UnsafeOutput
from wmcurate.model import Entry
from wmcurate.outputs import Write, remove_temporaries, resolve_outputs, write_all
from wmcurate.render.catalog import Catalog
from wmcurate.render.markers import find_blocks
from wmcurate.render.pages import generated_labels, numbered_pattern, page_texts, split_pages
from wmcurate.render.readme import Fit, render_readme

#: The most any generated file may weigh, in kilobytes (1,000 bytes), unless the config
#: says otherwise (`max_file_kb`): GitHub shows only the first 512 KB of a markdown file.
DEFAULT_BUDGET_KB = 400

__all__ = ["DEFAULT_BUDGET_KB", "Catalog", "Fit", "RenderedFile", "apply_render", "budget_of",
           "find_blocks", "plan_render", "readme_fits", "remove_leftovers"]


@dataclass(frozen=True)
class RenderedFile:
    """One output: `path` as the config names it (under the list's root), its current
    text (`old`; None when missing or unreadable) and its rendered text (`new`; None for
    a numbered page render no longer writes, which it removes). A page's text may be
    given as `parts` joined by line feeds and ended by one instead."""

    path: Path
    old: str | None
    rendered: str | None
    #: The file it lands on, through any symbolic link (checked to be inside the list).
    real: Path | None = None
    #: False when the file does not exist yet.
    existed: bool = True
    #: The path relative to the list, for messages.
    shown: str = ""
    parts: tuple[str, ...] | None = None

    @cached_property
    def new(self) -> str | None:
        if self.parts is not None:
            return "\n".join(self.parts) + "\n"
        return self.rendered

    @cached_property
    def stale(self) -> bool:
        if self.parts is not None:
            return not _reads(self.old, self.parts)
        return self.rendered is None or self.old != self.rendered

    @property
    def removed(self) -> bool:
        return self.rendered is None and self.parts is None

    @property
    def target(self) -> Path:
        return self.real or self.path


def _reads(old: str | None, parts: Sequence[str]) -> bool:
    """Whether `old` is `parts` joined by line feeds and ended by one (compared in place:
    nothing is joined or copied)."""
    if old is None or len(old) != sum(map(len, parts)) + len(parts):
        return False
    at = 0
    for part in parts:
        if not old.startswith(part, at) or not old.startswith("\n", at + len(part)):
            return False
        at += len(part) + 1
    return True


def budget_of(config: Config) -> int:
    """The size budget of every generated file, in bytes (`max_file_kb` in the config)."""
    return config.max_file_kb * 1000


_CATALOG: list[tuple[Config, Sequence[Entry], int, Catalog]] = []


def _catalog(config: Config, entries: Sequence[Entry]) -> Catalog:
    """The catalog of these very entries: lint's featured-budget rule and its stale-output
    check render the same list; each work is rendered once for both."""
    if _CATALOG:
        held_config, held_entries, held_len, catalog = _CATALOG[0]
        if held_config is config and held_entries is entries and held_len == len(entries):
            return catalog
    catalog = Catalog(config, entries)
    _CATALOG[:] = [(config, entries, len(entries), catalog)]
    return catalog


def _read(target: Path) -> str:
    return target.read_bytes().decode("utf-8")


def plan_render(config: Config, entries: Sequence[Entry], budget: int | None = None
                ) -> list[RenderedFile]:
    """Every file render would write (or remove), with its current and new text.

    Raises `UnsafeOutput` when an output path leads outside the list (nothing is read
    then), and `MarkerError` on marker problems.
    """
    planned, _fits = _plan(config, entries, budget)
    return planned


def readme_fits(config: Config, entries: Sequence[Entry], budget: int | None = None
                ) -> list[Fit]:
    """How much of the list each README has room for (lint warns of featured works that
    do not fit). Raises as `plan_render` does; writes no page."""
    return _plan(config, entries, budget, pages_too=False)[1]


def _plan(config: Config, entries: Sequence[Entry], budget: int | None,
          pages_too: bool = True) -> tuple[list[RenderedFile], list[Fit]]:
    budget = budget if budget is not None else budget_of(config)
    readme_paths = [output.path for output in config.outputs]
    page_paths = [config.page_path(s.id, lang) for s in config.sections
                  for lang in config.language_codes]
    resolved, problems = resolve_outputs(config.root, readme_paths + page_paths)
    if problems:
        raise UnsafeOutput("render refused, nothing was read or written:\n"
                           + "\n".join(problems))
    real = {r.shown: r.real for r in resolved}
    catalog = _catalog(config, entries)
    readme_by_lang: dict[str, str] = {}
    for output in config.outputs:
        readme_by_lang.setdefault(output.language, output.path)
    # Pages first: a README's catalog lines link to the page each work is on. Lint asks
    # twice (WMC702, then WMC701): what is the same both times is done once.
    split_key = ("split", tuple(sorted(readme_by_lang.items())), budget)
    split = catalog.memo.get(split_key)
    if split is None:
        split = catalog.memo[split_key] = split_pages(config, catalog, readme_by_lang, budget)
    planned: list[RenderedFile] = []
    fits: list[Fit] = []
    for output in config.outputs:
        target = real[output.path]
        try:
            old = _read(target)
        except FileNotFoundError:
            problems.append(f"{output.path}: not found; create it with the markers "
                            + " ".join(f"<!-- wmcurate:begin {b} --> <!-- wmcurate:end {b} -->"
                                       for b in output.blocks))
            continue
        except OSError as exc:
            problems.append(f"{output.path}: cannot be read ({exc.strerror or exc})")
            continue
        except UnicodeDecodeError as exc:
            problems.append(f"{output.path}: cannot be read ({exc})")
            continue
        readme_key = ("readme", output, budget)
        held = catalog.memo.get(readme_key)
        if held is not None and held[0] == old:
            new, fit = held[1], held[2]
        else:
            try:
                new, fit = render_readme(config, catalog, old, output.path, output.language,
                                         output.blocks, budget)
            except MarkerError as exc:
                problems.append(exc.message)
                continue
            catalog.memo[readme_key] = (old, new, fit)
        if fit is not None:
            fits.append(fit)
        planned.append(RenderedFile(config.root / output.path, old, new, target, True,
                                    output.path))
    if not pages_too:
        if problems:
            raise MarkerError("render refused, nothing was written:\n" + "\n".join(problems))
        return planned, fits
    pages = page_texts(split)
    more = [page.path for group in pages.values() for page in group[1:]]
    if more:
        resolved, extra = resolve_outputs(config.root, readme_paths + page_paths + more)
        problems += [p for p in extra if p.split(":", 1)[0] in more]
        real.update({r.shown: r.real for r in resolved})
    for group in pages.values():
        for page in group:
            if page.path not in real:
                continue  # refused above: named in problems
            planned.append(_page_file(config, page.path, real[page.path], page.parts, problems))
    planned += _obsolete_pages(config, {page.path for g in pages.values() for page in g},
                               real, problems)
    if problems:
        raise MarkerError("render refused, nothing was written:\n" + "\n".join(problems))
    return planned, fits


def _page_file(config: Config, rel: str, target: Path, parts: tuple[str, ...],
               problems: list[str]) -> RenderedFile:
    current: str | None = None
    existed = True
    try:
        current = _read(target)
    except FileNotFoundError:
        existed = False
    except UnicodeDecodeError:
        pass  # a page is all generated: one that is not UTF-8 is simply stale
    except OSError as exc:
        problems.append(f"{rel}: cannot be read ({exc.strerror or exc})")
    return RenderedFile(config.root / rel, current, None, target, existed, rel, parts)


def _obsolete_pages(config: Config, written: set[str], real: dict[str, Path],
                    problems: list[str]) -> list[RenderedFile]:
    """Numbered pages an earlier render wrote that this one does not (the section shrank):
    removed, so that no stale page stays behind. A file that does not carry render's
    closing comment is someone else's, and left alone."""
    marks = generated_labels(config)
    found: list[RenderedFile] = []
    for section in config.sections:
        for lang in config.language_codes:
            first = config.page_path(section.id, lang)
            folder = real[first].parent
            pattern = numbered_pattern(first)
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                continue  # no folder yet: nothing left over
            for name in names:
                rel = posixpath.join(posixpath.dirname(first), name)
                if not pattern.match(name) or rel in written:
                    continue
                path = folder / name
                if path.is_symlink() or not path.is_file():
                    continue
                try:
                    old = _read(path)
                except (OSError, UnicodeDecodeError):
                    continue
                if any(mark in old for mark in marks):
                    found.append(RenderedFile(config.root / rel, old, None, path, True, rel))
    return found


def remove_leftovers(planned: Sequence[RenderedFile]) -> list[Path]:
    """Remove the temporary files an interrupted render (or edit) left beside the outputs."""
    return remove_temporaries(item.target for item in planned)


def apply_render(planned: Sequence[RenderedFile]) -> list[Path]:
    """Write the stale files and remove the pages no longer written, all or none;
    returns what changed."""
    stale = [item for item in planned if item.stale]
    write_all([Write(item.shown or str(item.path), item.target, item.new, item.old,
                     item.existed) for item in stale])
    return [item.path for item in stale]
