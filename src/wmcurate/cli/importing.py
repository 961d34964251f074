"""`wmcurate import`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wmcurate.cli.app import (
    app,
    config_of,
    console,
    rel,
    run,
    state_of,
)

if TYPE_CHECKING:
    pass


@app.command("import")
def import_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(
        metavar="FILE...", help="Markdown lists to read (English and Chinese copies together).",
        dir_okay=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would be written; write nothing.")] = False,
    merge: Annotated[bool, typer.Option(
        "--merge", help="Update entries already in the list instead of skipping them.")] = False,
) -> None:
    """Migrate hand-written markdown lists into entries/.

    Reads <details> blocks, bold-title blocks, one-line items ('* Title, Venue',
    '[Title](url) | Venue | [Code](url)', '**Title** (Venue) [Paper](url)', also inside a
    collapsed <details> catalog) and tables whose header names a title or paper column
    (one work per row), with English or Chinese labels, and joins
    the copies of a work across files (by key, arXiv ID, else title) into one entry.
    A work's section is the heading it is under, or the first section of its "Listed
    in" line. Where copies disagree, a clean copy wins over a mis-decoded or
    entity-laden one, a full one over a one-line item, the first language's over
    another's; each disagreement is reported. Two papers with one arXiv ID stay two
    entries. A work is featured only when a README shows it in full. Blocks that
    cannot be read are reported with their line and nothing is written for them
    (exit 1). Entries already in the list are never overwritten unless --merge is
    given, which prints what it changed in each.

    Example:

      wmcurate import README.md README_zh.md papers/*/README*.md
    """
    from wmcurate.importer import apply_import, plan_import
    from wmcurate.quoting import escape, quote

    state = state_of(ctx)

    def body() -> int:
        config = config_of(state)
        plan = plan_import(config, files, merge=merge)
        err = console(stderr=True)
        out = console()
        for problem in plan.problems:
            if problem.severity != "info" or state.verbosity > 0:
                # Problems quote titles and lines of the markdown: escaped as values are.
                err.print(escape(problem.render()), markup=False, emoji=False)
        by_action = {a: [p for p in plan.entries if p.action == a]
                     for a in ("create", "update", "unchanged", "skip")}
        for item in by_action["skip"]:
            err.print(f"skipped {quote(item.work.display_title())}: {escape(item.reason)}",
                      markup=False)
        if not dry_run:
            apply_import(plan)
        for item in plan.entries:
            where = rel(item.path, config.root)
            if item.action == "update":
                # What --merge changes is always shown: it rewrites a curator's file.
                verb = "would update" if dry_run else "updated"
                out.print(f"{verb} {escape(where)}: {escape(', '.join(item.changes))}",
                          markup=False, emoji=False)
            elif item.action == "create" and (dry_run or state.verbosity > 0):
                out.print(f"{'would create' if dry_run else 'wrote'} {where}", markup=False)
        if state.verbosity >= 0:
            warnings = sum(1 for p in plan.problems if p.severity == "warning")
            prefix = "dry run: " if dry_run else ""
            unchanged = f"{len(by_action['unchanged'])} unchanged, " if merge else ""
            out.print(f"{prefix}{len(by_action['create'])} created, "
                      f"{len(by_action['update'])} updated, {unchanged}"
                      f"{len(by_action['skip'])} skipped, {len(plan.errors)} unreadable, "
                      f"{warnings} warnings", markup=False)
        return 1 if plan.errors else 0

    code = run(body)
    raise typer.Exit(code)


