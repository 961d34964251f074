"""`wmcurate lint --online`: compare entries with what arXiv says now.

Uses the add command's client and cache (one request per 100 papers, cached
for a day). Drift and withdrawn papers are warnings: arXiv changing is not the
contributor's mistake, but the list should follow. So is a preprint whose venue
arXiv or Semantic Scholar now knows (WMC803): Semantic Scholar is asked about the
entries still written as preprints, and the venue is judged as `wmcurate refresh`
judges it (the same paper, the list's own words).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from wmcurate.config import Config
from wmcurate.entries import load_entries
from wmcurate.errors import InvalidArxivId
from wmcurate.ids import ArxivId, parse_arxiv_id
from wmcurate.lint import RULES, Finding
from wmcurate.lint.positions import Positions
from wmcurate.lint.runner import selected
from wmcurate.model import Entry, text_in


def _norm(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def online_findings(config: Config, targets: Sequence[Path] | None, select: set[str],
                    ignore: set[str], fetcher_factory: Callable[..., Any],
                    s2_factory: Callable[[], Any] | None = None
                    ) -> tuple[list[Finding], list[str]]:
    """Findings from comparing with arXiv (and Semantic Scholar, for preprints), and the
    papers that could not be compared. `s2_factory` makes the Semantic Scholar fetcher
    (default: as the environment configures it)."""
    ignore = set(ignore) | set(config.lint.ignore)
    wanted = {"WMC801", "WMC802", "WMC803"}
    if not any(selected(code, select, ignore) for code in wanted):
        return [], []
    loaded = load_entries(config, targets, positions=True)
    papers: dict[str, tuple[Entry, ArxivId]] = {}
    for entry in loaded.entries:
        if not entry.arxiv:
            continue
        try:
            arxiv_id = parse_arxiv_id(entry.arxiv)
        except InvalidArxivId:
            continue  # WMC201 already says so
        papers.setdefault(arxiv_id.base, (entry, arxiv_id.unversioned()))
    if not papers:
        return [], []
    fetcher = fetcher_factory()
    try:
        outcomes = fetcher.fetch([pair[1] for pair in papers.values()])
    finally:
        client = getattr(fetcher, "client", None)
        if client is not None:
            client.close()
    positions = Positions(loaded)
    findings: list[Finding] = []
    failures: list[str] = []

    def emit(code: str, entry: Entry, at: tuple[str | int, ...], message: str) -> None:
        if not selected(code, select, ignore):
            return
        level = config.lint.severity.get(code, RULES[code].severity)
        if level not in ("error", "warning"):
            return
        line, col = positions.find(entry.path, at)
        try:
            shown = str(entry.path.resolve().relative_to(config.root.resolve()))
        except ValueError:
            shown = str(entry.path)
        findings.append(Finding(code, "error" if level == "error" else "warning", shown, line,
                                col, message))

    for base, (entry, _) in papers.items():
        outcome = outcomes.get(base)
        if outcome is None:
            continue
        if outcome.status == "not_found":
            emit("WMC802", entry, ("arxiv",), f"arXiv does not know {base} (any more): check "
                 "the ID, or whether the paper was removed")
            continue
        if outcome.status != "found" or outcome.paper is None:
            # A network failure is not a finding about the entry, but the user must
            # know the comparison did not happen.
            failures.append(f"{base}: {outcome.message or outcome.status}")
            continue
        paper = outcome.paper
        if paper.comment and "withdrawn" in paper.comment.casefold():
            emit("WMC802", entry, ("arxiv",), f"arXiv {base} is withdrawn ({paper.comment})")
        title = text_in(entry.title, "en") or ""
        if _norm(title) != _norm(paper.title):
            emit("WMC801", entry, ("title",), f"title differs from arXiv: '{paper.title}' "
                 "(`wmcurate add --force` refreshes it)")
        if [_norm(a) for a in entry.authors] != [_norm(a) for a in paper.author_names]:
            emit("WMC801", entry, ("authors",), "authors differ from arXiv: "
                 + ", ".join(paper.author_names))
        known = (entry.source or {}).get("version")
        if isinstance(known, int) and paper.id.version and paper.id.version > known:
            emit("WMC801", entry, ("source", "version"), f"arXiv has version "
                 f"{paper.id.version}; the entry was made from version {known}")
    if selected("WMC803", select, ignore):
        for entry, message in _venues_now_known(config, papers, outcomes, s2_factory,
                                                failures):
            emit("WMC803", entry, ("venue",), message)
    return findings, failures


def _venues_now_known(config: Config, papers: dict[str, tuple[Entry, ArxivId]],
                      outcomes: dict[str, Any], s2_factory: Callable[[], Any] | None,
                      failures: list[str]) -> list[tuple[Entry, str]]:
    """Entries written as preprints whose venue refresh would now write, with why."""
    from wmcurate.refresh.assess import assess_entry
    from wmcurate.s2cache import fetcher_from_env
    from wmcurate.venues import preprint, venue_index, vocabulary_of

    preprints = {base: pair for base, pair in papers.items()
                 if not pair[0].venue or preprint(pair[0].venue) is not None}
    if not preprints:
        return []
    fetcher = s2_factory() if s2_factory is not None else fetcher_from_env()
    try:
        answers = fetcher.fetch([arxiv_id for _, arxiv_id in preprints.values()])
    finally:
        client = getattr(fetcher, "client", None)
        if client is not None:
            client.close()
    index = venue_index(vocabulary_of(config.venues))
    found: list[tuple[Entry, str]] = []
    for base, (entry, arxiv_id) in preprints.items():
        answer = answers.get(base)
        if answer is not None and answer.status == "failed" and \
                not any(f.startswith(f"{base}: ") for f in failures):
            failures.append(f"{base}: {answer.message}")
        item = assess_entry(entry, arxiv_id, outcomes.get(base), answer, index)
        change = item.change("venue")
        if change is not None:
            shown = f"venue '{entry.venue}'" if entry.venue else "no venue"
            found.append((entry, f"{shown}: {change.source} now "
                                 f"{'say' if ' and ' in change.source else 'says'} "
                                 f"{change.new} ({change.evidence}); `wmcurate refresh "
                                 "--write` updates it"))
    return found
