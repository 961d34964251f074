"""List-wide rules that run outside the per-entry checks: stale outputs, arXiv drift."""

from __future__ import annotations

from wmcurate.lint.registry import rule

# -- list --------------------------------------------------------------------------
rule("WMC701", "stale-output", "error", "list",
     "A generated README or page is out of date.",
     "What readers see must match the entries; CI fails otherwise.", """
# an entry changed, README.md was not regenerated
""", "Run `wmcurate render`.")(lambda *a: ())
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


