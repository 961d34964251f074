"""`wmcurate site`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wmcurate.cli.app import app, config_of, console, rel, run, state_of

if TYPE_CHECKING:
    from rich.console import Console

    from wmcurate.config import Config
    from wmcurate.progress import CountProgress


@app.command("site")
def site_command(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="DIR", help="Where to write the site (default: site/ in the list's "
        "folder). A folder that holds something else is refused; a site built there before "
        "is replaced whole.", file_okay=False)] = None,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", metavar="URL", help="The address the site is served from, e.g. "
        "https://owner.github.io/repo/: canonical links, absolute feed links and "
        "sitemap.xml need it.")] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Build in memory and follow every internal link; write nothing; exit "
        "1 naming each broken one.")] = False,
) -> None:
    """Build the list as a static website: search, filters, a page per work, feeds.

    Writes an index with full-text search and filters, a page per section and per work
    (works/<key>/), in every language of the list (the first at the top, the others
    under <language>/); Atom feeds of recently added works (feed.xml, and one per
    section), works.json (every entry; schema in works.schema.json) and, with
    --base-url, sitemap.xml. The site loads nothing from other hosts, opens from disk,
    and works under a sub-path such as a GitHub Pages project site.

    Examples:

      wmcurate site                                        # writes site/

      wmcurate site --base-url https://me.github.io/list/  # for publishing

      wmcurate site --check                                # in CI
    """
    from wmcurate.entries import load_entries
    from wmcurate.site import SiteWriter, build_site
    from wmcurate.site.build import BACKGROUND_FROM, background_work

    state = state_of(ctx)

    def body() -> int:
        config = config_of(state)
        entries = load_entries(config).whole(config.root, "site")
        bibtex, search = background_work(entries, config)
        say = console()
        if check:
            with pages_progress(console(stderr=True), state.verbosity, config,
                                len(entries)) as progress:
                site = build_site(config, entries, base_url, bibtex, search=search,
                                  on_page=progress.advance)
            broken = site.broken_links()
            for link in broken:
                say.print(f"broken link: {link}", markup=False)
            if broken:
                say.print(f"{len(broken)} broken internal link(s); nothing was written.",
                          markup=False)
                return 1
            if state.verbosity >= 0:
                say.print(f"site ok: {len(site.pages)} pages, {site.count} files, "
                          f"{site.works} works; no broken internal link", markup=False)
            return 0
        target = out if out is not None else config.root / "site"
        large = len(entries) >= BACKGROUND_FROM
        # The writer forks before the progress line starts its thread.
        with SiteWriter(target, config.root, process=large) as writer, \
                pages_progress(console(stderr=True), state.verbosity, config,
                               len(entries)) as progress:
            site = build_site(config, entries, base_url, bibtex, sink=writer.put,
                              search=search, on_page=progress.advance)
        if state.verbosity >= 0:
            say.print(f"wrote {rel(target, config.root)}/: {len(site.pages)} pages for "
                      f"{site.works} works in {len(config.language_codes)} language(s)"
                      + ("" if base_url else "; no --base-url, so no sitemap.xml and "
                         "no canonical links"), markup=False)
        return 0

    code = run(body)
    raise typer.Exit(code)


def pages_progress(err: Console, verbosity: int, config: Config, works: int) -> CountProgress:
    """The live line of a build: pages made of all (an index, a page per section and one
    per work, in each language)."""
    from wmcurate.progress import CountProgress

    total = len(config.language_codes) * (1 + len(config.sections) + works)
    return CountProgress(err, verbosity, total, "making pages")
