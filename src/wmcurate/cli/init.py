"""`wmcurate init`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wmcurate.cli.app import app, console, run, state_of

if TYPE_CHECKING:
    from rich.console import Console

    from wmcurate.initlist import InitPlan


@app.command("init")
def init_command(
    ctx: typer.Context,
    targets: Annotated[list[Path] | None, typer.Argument(
        metavar="DIR", help="The new list's folder (default: --root, else the current "
        "folder), created when missing. With --from, the files after it are more lists to "
        "read: `--from README.md README_zh.md`.", show_default=False)] = None,
    sources: Annotated[list[Path] | None, typer.Option(
        "--from", metavar="FILE...", help="A hand-written markdown list to start from: its "
        "headings become parts and sections, its works entries. Give every copy (README.md "
        "README_zh.md, section pages).", show_default=False)] = None,
    languages: Annotated[str | None, typer.Option(
        "--languages", metavar="CODES", help="The list's languages, the main one first "
        "(default: en; with --from, those of the files: README_zh.md is zh).",
        show_default=False)] = None,
) -> None:
    """Start a new list: a commented wmcurate.yaml, README(s), entries/, and its checks.

    Writes wmcurate.yaml (every key explained), a README per language with the markers
    render fills and a little prose to edit, entries/, the JSON Schemas editors check
    entries with (schemas/, named in each file's first line and in .vscode/settings.json),
    .pre-commit-config.yaml, and a GitHub workflow running lint and render --check.

    With --from, the parts and sections come from the headings of a list you already
    keep: a heading over works that look like papers is a section, the heading above it
    its part; the copies in other languages give the other titles, and headings that
    differ become aliases. Its works are then imported, so that `wmcurate render` writes
    the list again from entries/. Check the proposal in wmcurate.yaml before you render.

    init never overwrites a file: when one exists (a README you read --from, say), it
    names it and writes nothing (exit 2). Exit 1 when some blocks of the old list could
    not be read (each is named with its line); everything else was written.

    Examples:

      wmcurate init my-list --languages en,zh

      wmcurate init new --from README.md README_zh.md papers/*/README*.md
    """
    state = state_of(ctx)

    def body() -> int:
        from wmcurate.initlist import apply_init, parse_languages, plan_init

        root, files = _arguments(list(targets or ()), list(sources or ()), state.root)
        codes = parse_languages(languages) if languages is not None else None
        shown = [_shown(path) for path in files]
        plan = plan_init(root, codes, files, shown)
        apply_init(plan)
        _report(plan, shown, state.verbosity)
        errors = plan.imported.errors if plan.imported is not None else []
        return 1 if errors else 0

    raise typer.Exit(run(body))


def _arguments(targets: list[Path], sources: list[Path], root: Path | None
               ) -> tuple[Path, list[Path]]:
    """The folder, and the files to read: with --from, the file arguments after it
    (`--from README.md README_zh.md`) are more files to read."""
    from wmcurate.initlist import InitRefused

    folders = [t for t in targets if not (sources and t.is_file())]
    files = sources + [t for t in targets if sources and t.is_file()]
    if len(folders) > 1:
        raise InitRefused("give one folder for the new list, not " + ", ".join(
            str(f) for f in folders) + " (a file to read goes after --from)")
    if folders and folders[0].is_file():
        raise InitRefused(f"{folders[0]}: is a file; give the folder of the new list (a "
                          "list to start from goes after --from)")
    if folders and folders[0].suffix.lower() == ".md" and not folders[0].exists():
        raise InitRefused(f"{folders[0]}: no such file")
    seen: dict[Path, None] = {}
    for path in files:
        seen.setdefault(Path(os.path.abspath(path)), None)
    return (folders[0] if folders else root or Path.cwd()), list(seen)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _report(plan: InitPlan, shown: list[str], verbosity: int) -> None:
    from wmcurate.quoting import escape

    out, err = console(), console(stderr=True)
    if plan.imported is not None:
        for problem in plan.imported.problems:
            if problem.severity != "info" or verbosity > 0:
                err.print(escape(problem.render()), markup=False, emoji=False)
    if verbosity < 0:
        return
    for name in plan.files:
        out.print(f"wrote {name}", markup=False)
    if plan.proposal is not None and plan.imported is not None:
        _proposal(out, plan, shown)
    where = "" if plan.root.resolve() == Path.cwd().resolve() else f"cd {plan.root}; "
    first = plan.config.sections[0].id
    if plan.imported is None:
        out.print(f"Next: {where}edit the sections in wmcurate.yaml and the prose of the "
                  f"README; `wmcurate add ID --section {first}` adds a paper; fill in its "
                  "texts, then `wmcurate lint` and `wmcurate render`.", markup=False)
    else:
        out.print(f"Next: {where}check the parts and sections in wmcurate.yaml, then "
                  "`wmcurate render` writes the README and pages from entries/, and "
                  "`wmcurate lint` says what to fix.", markup=False)


def _proposal(out: Console, plan: InitPlan, shown: list[str]) -> None:
    from wmcurate.quoting import escape

    assert plan.proposal is not None and plan.imported is not None
    proposal = plan.proposal
    main = proposal.languages[0]
    out.print(f"proposed {len(proposal.parts)} part(s) and {len(proposal.sections)} "
              f"section(s) from the headings of {', '.join(shown)}:", markup=False)
    for part in proposal.parts:
        out.print(f"  {part.id}: {escape(part.title.get(main, next(iter(part.title.values()))))}",
                  markup=False, emoji=False)
        for section in (s for s in proposal.sections if s.part == part.id):
            title = section.title.get(main, next(iter(section.title.values())))
            works = f"{section.works} work{'' if section.works == 1 else 's'}"
            out.print(f"    {section.id}: {escape(title)} ({works})", markup=False, emoji=False)
    for where, text in proposal.skipped:
        out.print(f"  not a section: {escape(where)} {escape(text)} (no work under it "
                  "looks like a paper)", markup=False, emoji=False)
    created = sum(1 for p in plan.imported.entries if p.action == "create")
    warnings = sum(1 for p in plan.imported.problems if p.severity == "warning")
    out.print(f"imported {created} works into entries/: {len(plan.imported.errors)} "
              f"unreadable, {warnings} warnings", markup=False)
