"""The runner: every selected rule over the loaded list, positions for findings."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wmcurate.config import Config
from wmcurate.entries import LoadedList, load_entries
from wmcurate.lint.fields import forget
from wmcurate.lint.positions import Positions
from wmcurate.lint.registry import RULES, FieldPath, Finding, Issue, ListIndex, Severity, Transform
from wmcurate.model import Entry


def selected(code: str, select: set[str], ignore: set[str]) -> bool:
    if select and not any(code.startswith(s) for s in select):
        return False
    return not any(code.startswith(i) for i in ignore)


#: The rule behind each kind of file that does not load (entries.EntryProblem.kind).
_PROBLEM_CODES = {"yaml": "WMC100", "outside": "WMC100", "anchor": "WMC105", "type": "WMC104",
                  "missing": "WMC101", "key": "WMC210", "folder": "WMC603", "name": "WMC211"}


@dataclass
class LintRun:
    findings: list[Finding]
    fixes: dict[Path, list[tuple[FieldPath, Transform, str]]]



def _check_config_codes(config: Config) -> None:
    from wmcurate.errors import ConfigError

    named = [*config.lint.severity, *config.lint.ignore]
    unknown = [c for c in named if not any(code.startswith(c.upper()) for code in RULES)]
    if unknown:
        raise ConfigError(f"wmcurate.yaml: lint: unknown rule code(s) {', '.join(unknown)}; "
                          "`wmcurate rules` lists them")



def run_lint(config: Config, paths: Sequence[Path] | None = None, select: set[str] | None = None,
             ignore: set[str] | None = None, check_outputs: bool = True,
             loaded: LoadedList | None = None) -> LintRun:
    select = select or set()
    _check_config_codes(config)
    ignore = set(ignore or ()) | set(config.lint.ignore)
    severities = {code: level for code, level in config.lint.severity.items()}
    whole = load_entries(config, positions=True) if loaded is None else loaded
    targets = None if paths is None else {p.resolve() for p in paths}
    index = ListIndex.build(config, whole.entries)
    positions = Positions(whole)
    findings: list[Finding] = []
    fixes: dict[Path, list[tuple[FieldPath, Transform, str]]] = defaultdict(list)

    def wanted(path: Path) -> bool:
        return targets is None or path.resolve() in targets

    # Each code's level, decided once: None when the code is not selected or is off.
    levels: dict[str, Severity | None] = {}
    shown: dict[Path, str] = {}  # each file's name as findings show it

    def level_of(code: str) -> Severity | None:
        if code not in levels:
            level = severities.get(code, RULES[code].severity) \
                if selected(code, select, ignore) else "off"
            levels[code] = "error" if level == "error" else \
                "warning" if level == "warning" else None
        return levels[code]

    def emit(code: str, path: Path, issue: Issue, line_col: tuple[int, int] | None = None
             ) -> None:
        severity = levels[code] if code in levels else level_of(code)
        if severity is None:
            return
        line, col = line_col or positions.find(path, issue.field)
        name = shown.get(path)
        if name is None:
            name = shown[path] = _display(path, config.root)
        findings.append(Finding(code, severity, name, line, col, issue.message,
                                issue.fix is not None))
        if issue.fix is not None:
            fixes[path].append(issue.fix)

    for problem in whole.problems:
        if not wanted(problem.path):
            continue
        code = _PROBLEM_CODES.get(problem.kind, "WMC104")
        emit(code, problem.path, Issue((), problem.message),
             (max(problem.line, 1), max(problem.column, 1)))
    # By code, so fixes and findings come in one order whatever the import order.
    ordered = sorted(RULES.values(), key=lambda r: r.code)
    raw_rules = [r for r in ordered if r.scope == "raw"]
    entry_rules = [r for r in ordered if r.scope == "entry"]
    # A rule not selected, or off, finds nothing anyone sees: it is not run.
    raw_checks = [(r.code, r.check) for r in raw_rules if level_of(r.code)]
    entry_checks = [(r.code, r.check) for r in entry_rules if level_of(r.code)]
    for path, raw in whole.raw.items():
        if (targets is not None and not wanted(path)) or (
                type(raw) is not dict and not isinstance(raw, Mapping)):
            continue
        for code, check in raw_checks:
            for issue in check(raw, index):
                emit(code, path, issue)
    empty: dict[str, object] = {}
    for entry in whole.entries:
        if targets is not None and not wanted(entry.path):
            continue
        raw = whole.raw.get(entry.path, empty)
        for code, check in entry_checks:
            for issue in check(entry, raw, index):
                emit(code, entry.path, issue)
    for list_rule in (RULES["WMC206"], RULES["WMC207"], RULES["WMC209"]):
        if not level_of(list_rule.code):
            continue
        pairs: Iterable[tuple[Entry, Issue]] = list_rule.check(index)
        for entry, issue in pairs:
            if wanted(entry.path):
                emit(list_rule.code, entry.path, issue)
    forget()
    if check_outputs and paths is None and selected("WMC701", select, ignore) \
            and not whole.problems:
        findings += _stale_outputs(config, whole.entries, severities)
    findings.sort(key=lambda f: (f.file, f.line, f.column, f.code))
    return LintRun(findings, dict(fixes))


def _stale_outputs(config: Config, entries: list[Entry],
                   severities: Mapping[str, str]) -> list[Finding]:
    from wmcurate.errors import MarkerError
    from wmcurate.render import plan_render

    level: Severity = "warning" if severities.get("WMC701") == "warning" else "error"
    if severities.get("WMC701") == "off":
        return []
    try:
        planned = plan_render(config, entries)
    except MarkerError as exc:
        found = []
        for text in exc.message.splitlines()[1:]:
            match = re.match(r"^(?P<file>[^:]+?):(?:(?P<line>\d+):)? (?P<what>.*)$", text)
            if match:
                found.append(Finding("WMC701", level, match["file"], int(match["line"] or 1), 1,
                                     f"cannot render: {match['what']}"))
        return found or [Finding("WMC701", level, "wmcurate.yaml", 1, 1,
                                 f"cannot render: {exc.message}")]
    return [Finding("WMC701", level, _display(p.path, config.root), 1, 1,
                    "out of date: run `wmcurate render`")
            for p in planned if p.stale]


def _display(path: Path, root: Path) -> str:
    """The path as the list knows it: a symbolic link is named, not where it leads."""
    # The usual case, a file the list's own walk found under it: cut, without a system call
    # (both paths are normalised, so the text below the root's is what relative_to gives).
    text, top = str(path), str(root)
    if text.startswith(top) and text[len(top):len(top) + 1] == os.sep \
            and top != os.sep and not os.altsep:
        return text[len(top) + 1:]
    try:
        return str(path.relative_to(root))
    except ValueError:
        pass
    for shown, base in ((Path(os.path.abspath(path)), Path(os.path.abspath(root))),
                        (path.resolve(), root.resolve())):
        try:
            return str(shown.relative_to(base))
        except ValueError:
            continue
    return str(path)
