"""Lint: paper-aware rules over the list's entries.

Each rule is a small function registered with `@rule` (`registry`), with a stable
code, a default severity (overridable in wmcurate.yaml under `lint.severity`), a
message that says what to do, and, where the repair is certain, a fix (`fixes`).
Rules live in one module per family under `rules/`; the runner (`runner`) knows
none of them by name but the list-wide ones. Rules name the field they are about;
positions (`file:line:col`) are looked up only for files with findings (`positions`).
"""

from __future__ import annotations

from wmcurate.lint.fields import split_venue
from wmcurate.lint.fixes import apply_fixes
from wmcurate.lint.registry import RULES, Finding, explain, parse_codes

# Importing the rule families registers their rules.
from wmcurate.lint.rules import (  # noqa: F401
    identity,
    links,
    listwide,
    schema,
    sections,
    text,
    venue,
)
from wmcurate.lint.runner import LintRun, run_lint

__all__ = ["RULES", "Finding", "LintRun", "apply_fixes", "explain", "parse_codes", "run_lint",
           "split_venue"]
