"""`wmcurate lint --online`: compare entries with what arXiv says now.

Uses the add command's client and cache (one request per 100 papers, cached
for a day). Drift and withdrawn papers are warnings: arXiv changing is not the
contributor's mistake, but the list should follow.
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
                    ignore: set[str], fetcher_factory: Callable[..., Any]
                    ) -> tuple[list[Finding], list[str]]:
    """Findings from comparing with arXiv, and the papers that could not be compared."""
    ignore = set(ignore) | set(config.lint.ignore)
    wanted = {"WMC801", "WMC802"}
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
    return findings, failures
