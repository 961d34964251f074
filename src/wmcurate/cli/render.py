"""`wmcurate render`."""

from __future__ import annotations

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


@app.command("render")
def render_command(
    ctx: typer.Context,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 naming each file that is out of date.")] = False,
) -> None:
    """Regenerate the README blocks and the per-section pages from the entries.

    Fills the blocks between <!-- wmcurate:begin NAME --> and <!-- wmcurate:end NAME -->
    in each README listed under outputs: in wmcurate.yaml (NAME is toc or list), and
    writes papers/<section>/README.md (and the other languages' pages). Text outside
    the markers is never touched; markers shown in code blocks are text. Broken
    entries or markers, or an output path that leads outside the list, into .git or
    onto another output: nothing is written (exit 2). Files are written all or none.

    Every file stays under max_file_kb in wmcurate.yaml (400 KB unless set): a README
    shows fewer works in full, then fewer catalog lines; a section page continues on
    numbered pages (README.2.md, ...), and pages no longer needed are removed.

    Examples:

      wmcurate render            # after editing entries/

      wmcurate render --check    # in CI: fails when the READMEs are stale
    """
    from wmcurate.entries import load_entries
    from wmcurate.render import apply_render, plan_render, remove_leftovers

    state = state_of(ctx)

    def body() -> int:
        config = config_of(state)
        entries = load_entries(config).whole(config.root, "render")
        planned = plan_render(config, entries)
        stale = [p for p in planned if p.stale]
        out = console()
        if check:
            for item in stale:
                gone = " (no longer written: render removes it)" if item.removed else ""
                out.print(f"stale: {rel(item.path, config.root)}{gone}", markup=False)
            if stale:
                out.print(f"{len(stale)} file(s) out of date; run `wmcurate render`.", markup=False)
                return 1
            if state.verbosity >= 0:
                out.print(f"up to date: {len(planned)} files from {len(entries)} entries",
                          markup=False)
            return 0
        for leftover in remove_leftovers(planned):
            if state.verbosity >= 0:
                out.print(f"removed {rel(leftover, config.root)} (left by an interrupted "
                          "run)", markup=False)
        written = apply_render(planned)
        if state.verbosity >= 0:
            removed = {item.path for item in stale if item.removed}
            for path in written:
                verb = "removed" if path in removed else "wrote"
                out.print(f"{verb} {rel(path, config.root)}", markup=False)
            out.print(f"rendered {len(entries)} entries: {len(written)} file(s) changed, "
                      f"{len(planned) - len(written)} unchanged", markup=False)
        return 0

    code = run(body)
    raise typer.Exit(code)


