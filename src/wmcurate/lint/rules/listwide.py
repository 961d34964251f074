"""List-wide rules that run outside the per-entry checks: stale outputs, featured works
over the size budget, arXiv drift."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from wmcurate.errors import WmcurateError
from wmcurate.lint.registry import Issue, ListIndex, rule
from wmcurate.model import Entry

if TYPE_CHECKING:
    from wmcurate.render import Fit

# -- list --------------------------------------------------------------------------
rule("WMC701", "stale-output", "error", "list",
     "A generated README or page is out of date.",
     "What readers see must match the entries; CI fails otherwise.", """
# an entry changed, README.md was not regenerated
""", "Run `wmcurate render`.")(lambda *a: ())


@rule("WMC702", "featured-over-budget", "warning", "entry",
      "A featured work that the README has no room to show in full.",
      "A README stays under its size budget (GitHub shows only the first 512 KB of a "
      "markdown file): each section shows its first featured works in full, as many as "
      "fit, and only a catalog line for the others. A hand-set featured list that cannot "
      "fit does not say what the README shows.", """
# 300 works of one section featured: the README has room for the first 40 in full
featured: true
""", "Feature fewer works of the section (its most representative ones), or raise "
      "`max_file_kb` in wmcurate.yaml.")
def featured_over_budget(entry: Entry, raw: Mapping[str, Any], index: ListIndex
                         ) -> Iterator[Issue]:
    if not entry.featured:
        return
    for fit in _readme_fits(index).get(entry.key, ()):
        shown = f"only its first {fit.full}" if fit.full else "none"
        yield Issue(("featured",), (
            f"featured, but {fit.path} has no room to show it in full: within the size "
            f"budget ({fit.budget // 1000} KB) each section shows {shown} of its featured "
            f"works; feature fewer works of '{entry.section}', or raise max_file_kb"))


_FITS: dict[int, tuple[ListIndex, dict[str, list[Fit]]]] = {}


def _readme_fits(index: ListIndex) -> dict[str, list[Fit]]:
    """The READMEs without room for each featured work, by key; computed once per lint
    run (render keeps the works it rendered for the stale-output check that follows)."""
    held = _FITS.get(id(index))
    if held is not None and held[0] is index:
        return held[1]
    from wmcurate.render import readme_fits

    hidden: dict[str, list[Fit]] = {}
    try:
        fits = readme_fits(index.config, index.entries)
    except WmcurateError:
        fits = []  # markers or output paths are broken: WMC701 says so
    for fit in fits:
        for entry in fit.hidden:
            hidden.setdefault(entry.key, []).append(fit)
    _FITS.clear()
    _FITS[id(index)] = (index, hidden)
    return hidden


rule("WMC801", "arxiv-drift", "warning", "entry",
     "Title, authors or version differ from arXiv (--online).",
     "arXiv is the source of truth for a paper's facts; entries drift as papers are revised.",
     """
title: "An old title of the paper"
""", "`wmcurate add --force ID` refreshes the facts.")(lambda *a: ())
rule("WMC802", "arxiv-withdrawn", "warning", "entry",
     "arXiv no longer knows the paper, or it was withdrawn (--online).",
     "A withdrawn paper should not be recommended without a note.", """
arxiv: "2301.00000"
""", "Check the paper on arXiv; remove the entry or say why it stays.")(lambda *a: ())
rule("WMC803", "venue-now-known", "warning", "entry",
     "A paper still written as a preprint has a venue arXiv or Semantic Scholar now knows "
     "(--online).",
     "Lists show 'arXiv <YEAR>' for years after a paper appeared at a venue; readers look for "
     "published work. The venue is judged as `wmcurate refresh` judges it: the same paper, a "
     "venue in the list's own words, never a preprint server or a workshop's conference.", """
venue: arXiv 2023   # arXiv's comment now says "Accepted to ICCV 2023"
""", "`wmcurate refresh --write` writes the venue, with its evidence under `source`.")(
    lambda *a: ())
# Link checks of the entries a change touched (wmcurate.linkcheck.findings), as
# `wmcurate links` judges them.
rule("WMC810", "link-dead", "error", "entry",
     "A link of a changed entry is dead: 404, 410 or a host name that does not exist "
     "(--online).",
     "Readers who follow it find nothing; only the server's own word or a missing host "
     "counts, never bot protection or a rate limit.", """
links: {code: "https://github.com/someone/deleted-repository"}
""", "Find the work's current address (`wmcurate links` shows every dead link), or remove "
     "the link.")(lambda *a: ())
rule("WMC811", "link-moved", "warning", "entry",
     "A link of a changed entry redirects permanently, or its repository moved (--online).",
     "The old address works today through a redirect that its owner may drop.", """
links: {code: "https://github.com/old-owner/project"}
""", "`wmcurate links --write` puts the new address in place.")(lambda *a: ())
rule("WMC812", "link-unverified", "warning", "entry",
     "A link of a changed entry could not be verified: blocked (401, 403, 429, bot "
     "protection) or a transient failure (--online).",
     "Such answers say nothing about the link itself, so they never fail the check.", """
links: {project: "https://site-behind-a-bot-challenge.example/"}
""", "Open the link in a browser; `wmcurate links` checks again later.")(lambda *a: ())
rule("WMC813", "repository-archived", "warning", "entry",
     "A changed entry links an archived GitHub repository (--online, with $GITHUB_TOKEN).",
     "An archived repository is read-only: issues and fixes no longer land there.", """
links: {code: "https://github.com/someone/archived-project"}
""", "Say so in the entry, or link a maintained fork.")(lambda *a: ())


