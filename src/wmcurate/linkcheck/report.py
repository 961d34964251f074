"""The link report: one finding per place a link is written, and three ways to show it.

`text` groups findings by file as lint does, `json` has a stable schema for machines,
`github` writes workflow commands (annotations on the YAML line). Every value that came
from an entry or a server is escaped for where it goes (`wmcurate.quoting`): a URL holding
a newline cannot start a workflow command, nor an escape sequence act on a terminal.
Only dead and invalid links fail a run; everything else is a warning or a note.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from wmcurate.linkcheck.github import ApiUsage
from wmcurate.linkcheck.outcomes import FAILING, KINDS, Result
from wmcurate.linkcheck.targets import Place
from wmcurate.quoting import escape, github_escape, json_safe

__all__ = ["LinkFinding", "LinkReport", "Suggestion", "Written", "github", "text", "to_json"]

Severity = Literal["error", "warning", "notice", "ok"]
#: Kinds in report order; `archived` is a finding about a repository, not a link's answer.
ALL_KINDS: tuple[str, ...] = (*KINDS[:-1], "archived", KINDS[-1])


@dataclass(frozen=True)
class LinkFinding:
    place: Place
    url: str
    kind: str
    message: str
    status: int = 0
    final_url: str = ""
    new_url: str | None = None
    cached: bool = False

    @classmethod
    def of(cls, place: Place, url: str, result: Result) -> LinkFinding:
        return cls(place, url, result.kind, result.message, result.status, result.final_url,
                   result.new_url, result.cached)

    @property
    def severity(self) -> Severity:
        if self.kind in FAILING:
            return "error"
        if self.kind == "ok":
            return "ok"
        return "notice" if self.kind == "unchecked" else "warning"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.place.file, "line": self.place.line, "column": self.place.column,
                "entry": self.place.entry, "field": self.place.field, "url": self.url,
                "kind": self.kind, "severity": self.severity, "status": self.status or None,
                "final_url": self.final_url or None, "new_url": self.new_url,
                "cached": self.cached, "message": escape(self.message)}


@dataclass(frozen=True)
class Suggestion:
    """A code link `wmcurate add`'s detector finds in an entry's arXiv comment."""

    place: Place
    url: str
    evidence: str


@dataclass(frozen=True)
class Written:
    """A link `--write` replaced (or left, with `skipped` saying why)."""

    file: str
    field: str
    old: str
    new: str
    skipped: str = ""


@dataclass
class LinkReport:
    findings: list[LinkFinding] = field(default_factory=list)
    distinct: int = 0
    from_cache: int = 0
    requests: int = 0
    empty_code: list[Place] = field(default_factory=list)
    without_code: list[Place] = field(default_factory=list)
    empty_other: list[Place] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    github: ApiUsage | None = None
    github_note: str = ""
    #: No host answered although several were tried: the machine seems offline.
    offline: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.kind in FAILING for f in self.findings)

    def counts(self) -> dict[str, int]:
        found = Counter(f.kind for f in self.findings)
        return {kind: found.get(kind, 0) for kind in ALL_KINDS}

    def summary(self) -> dict[str, Any]:
        places = sum(1 for f in self.findings if f.kind != "archived")
        return {"links": places, "distinct": self.distinct, "from_cache": self.from_cache,
                "requests": self.requests, **self.counts(),
                "empty_code_links": len(self.empty_code),
                "papers_without_code": len(self.without_code),
                "other_empty_links": len(self.empty_other)}

    def summary_lines(self) -> list[str]:
        summary = self.summary()
        counted = ", ".join(f"{summary[kind]} {kind}" for kind in ALL_KINDS
                            if summary[kind] or kind in ("ok", "dead", "invalid"))
        lines = [f"{summary['links']} link(s), {summary['distinct']} distinct "
                 f"({summary['from_cache']} from the cache, {summary['requests']} request(s)): "
                 f"{counted}",
                 f"empty code links: {summary['empty_code_links']}; papers without a code "
                 f"link: {summary['papers_without_code']}"
                 + (f"; other empty links: {summary['other_empty_links']}"
                    if summary["other_empty_links"] else "")]
        if self.github is not None:
            lines.append(self.github.describe())
        elif self.github_note:
            lines.append(self.github_note)
        return lines


def _line(finding: LinkFinding) -> str:
    fix = ""
    if finding.new_url and finding.place.label is not None:
        fix = " (--write updates it)"
    elif finding.new_url:
        fix = " (update it by hand)"
    cached = " [cached]" if finding.cached else ""
    return (f"  {finding.place.line}:{finding.place.column}  {finding.kind:<10} "
            f"{escape(finding.place.field)}  {escape(finding.url)}: "
            f"{escape(finding.message)}{fix}{cached}")


def text(report: LinkReport, verbose: bool = False) -> Iterator[str]:
    """The report for people, grouped by file; ok links only when `verbose`."""
    current = None
    for finding in _ordered(report.findings):
        if finding.kind == "ok" and not verbose:
            continue
        if finding.place.file != current:
            current = finding.place.file
            yield escape(current)
        yield _line(finding)
    if report.suggestions:
        yield ""
        yield "Code links found in the arXiv comments of entries without one (--suggest):"
        for s in report.suggestions:
            yield (f"  {escape(s.place.file)}:{s.place.line}:{s.place.column}  "
                   f"{escape(s.url)}  (from: {escape(s.evidence)})")
    for written in report.written:
        if written.skipped:
            yield (f"not written {escape(written.file)}: {escape(written.field)}: "
                   f"{escape(written.skipped)}")
        else:
            yield (f"wrote {escape(written.file)}: {escape(written.field)}: "
                   f"{escape(written.old)} -> {escape(written.new)}")
    if current is not None or report.suggestions or report.written:
        yield ""
    yield from (escape(line) for line in report.summary_lines())
    yield from (escape(note) for note in report.notes)


def to_json(report: LinkReport) -> str:
    usage = report.github
    document = {
        "links": [f.as_dict() for f in _ordered(report.findings)],
        "summary": report.summary(),
        "empty_code_links": [_where(p) for p in report.empty_code],
        "papers_without_code": [_where(p) for p in report.without_code],
        "suggestions": [{**_where(s.place), "url": s.url, "evidence": escape(s.evidence)}
                        for s in report.suggestions],
        "written": [{"file": w.file, "field": w.field, "old": w.old, "new": w.new,
                     "skipped": w.skipped or None} for w in report.written],
        "github_api": None if usage is None else {
            "requests": usage.requests, "remaining": usage.remaining, "limit": usage.limit,
            "reset": usage.reset.isoformat() if usage.reset else None,
            "stopped": usage.stopped or None, "unchecked": usage.unchecked},
        "offline": report.offline,
        "notes": [escape(n) for n in ([report.github_note] if report.github_note else [])
                  + report.notes],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2))


def github(report: LinkReport) -> Iterator[str]:
    """GitHub Actions workflow commands: an annotation per finding, a summary notice."""
    for finding in _ordered(report.findings):
        if finding.severity == "ok":
            continue
        place = finding.place
        title = f"links: {finding.kind}"
        yield (f"::{finding.severity} file={github_escape(place.file, True)},line={place.line},"
               f"col={place.column},title={github_escape(title, True)}::"
               f"{github_escape(place.field)}: {github_escape(finding.url)}: "
               f"{github_escape(finding.message)}"
               + (f" (new address: {github_escape(finding.new_url)})"
                  if finding.new_url else ""))
    for s in report.suggestions:
        yield (f"::notice file={github_escape(s.place.file, True)},line={s.place.line},"
               f"col={s.place.column},title=links: suggested code link::"
               f"{github_escape(s.url)} (from: {github_escape(s.evidence)})")
    summary = " / ".join(report.summary_lines() + report.notes)
    yield f"::notice title=links::{github_escape(summary)}"


def _where(place: Place) -> dict[str, Any]:
    return {"file": place.file, "line": place.line, "column": place.column,
            "entry": place.entry}


def _ordered(findings: list[LinkFinding]) -> list[LinkFinding]:
    return sorted(findings, key=lambda f: (f.place.file, f.place.line, f.place.column,
                                           f.kind == "archived"))
