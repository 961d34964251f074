"""`wmcurate lint --online`: the link check on the entries a change touched, as findings.

The same check as `wmcurate links` (same politeness, cache and verdicts), limited to the
entry files git sees changed (see `changed`), each verdict a lint finding at the link's
`file:line:col`: WMC810 dead (an error), WMC811 moved or permanently redirected, WMC812
not verifiable (blocked or transient), WMC813 archived GitHub repository (warnings). Invalid
links are left to the offline rules (WMC502, WMC503), which always run.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from wmcurate.config import Config
from wmcurate.entries import load_entries
from wmcurate.linkcheck.changed import changed_entries
from wmcurate.linkcheck.report import LinkFinding
from wmcurate.lint import RULES, Finding
from wmcurate.lint.runner import selected
from wmcurate.remote import Reporter

__all__ = ["CODES", "link_findings"]

#: The finding code of each verdict worth one.
CODES = {"dead": "WMC810", "moved": "WMC811", "redirected": "WMC811", "blocked": "WMC812",
         "transient": "WMC812", "archived": "WMC813"}


def link_findings(config: Config, targets: Sequence[Path] | None, select: Collection[str],
                  ignore: Collection[str], since: str | None = None,
                  reporter: Reporter | None = None) -> tuple[list[Finding], str]:
    """Findings for the links of the changed entries (among `targets`, when given), and a
    note saying which entries were checked (for the user, not a finding)."""
    from wmcurate.linkcheck.run import (
        LinkOptions,
        check_links,
        connect_to_from_env,
        github_from_env,
    )

    ignore = set(ignore) | set(config.lint.ignore)
    if not any(selected(code, set(select), ignore) for code in set(CODES.values())):
        return [], ""
    changed = changed_entries(config, since)
    if changed.paths is None:
        return [], changed.note
    paths = changed.paths if targets is None else \
        changed.paths & {path.resolve() for path in targets}
    if not paths:
        return [], changed.note
    loaded = load_entries(config, sorted(paths), positions=True)
    token, api = github_from_env()
    report = check_links(config, loaded, LinkOptions(connect_to=connect_to_from_env(),
                                                     github_token=token, github_api=api),
                         reporter=reporter)
    findings: list[Finding] = []
    for item in report.findings:
        code = CODES.get(item.kind)
        if code is None or not selected(code, set(select), ignore):
            continue
        level = config.lint.severity.get(code, RULES[code].severity)
        if level not in ("error", "warning"):
            continue
        findings.append(Finding(code, "error" if level == "error" else "warning",
                                item.place.file, item.place.line, item.place.column,
                                _message(item)))
    note = f"links: {len(report.findings)} checked in {changed.note}"
    return findings, note


def _message(item: LinkFinding) -> str:
    text = f"{item.place.field} {item.url}: {item.message}"
    if item.new_url:
        text += " (`wmcurate links --write` updates it)"
    return text
