"""`wmcurate lint` and `wmcurate rules`.

Annotations here are evaluated once, at import (no `from __future__ import annotations`):
Typer reads the command's signature several times as it builds it, and would evaluate
string annotations again at each read, a few milliseconds of every lint's start-up.
"""

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wmcurate.cli.app import (
    State,
    app,
    config_of,
    console,
    rel,
    run,
    state_of,
)
from wmcurate.errors import WmcurateError

if TYPE_CHECKING:
    from wmcurate.config import Config
    from wmcurate.lint import Finding
from wmcurate.cli.clients import DEFAULT_MAX_WAIT, fetcher_factory


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _explain(value: str | None) -> None:
    if value is None:
        return
    from wmcurate.lint import explain

    try:
        typer.echo(explain(value))
    except KeyError:
        console(stderr=True).print(f"Error: unknown rule {value!r}; `wmcurate rules` lists "
                                    "them", markup=False)
        raise typer.Exit(2) from None
    raise typer.Exit(0)


@app.command("lint")
def lint_command(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="[PATH]...", help="Entry files or folders to check (default: the whole list).",
        show_default=False)] = None,
    output_format: Annotated[Format, typer.Option(
        "--format", help="text (grouped by file), json (stable schema) or github "
        "(annotations on the pull request's diff).")] = Format.text,
    fix: Annotated[bool, typer.Option(
        "--fix", help="Apply the safe fixes (comments and key order survive), print them, "
        "then report what is left.")] = False,
    select: Annotated[str | None, typer.Option(
        "--select", metavar="CODES", help="Only these rules (comma-separated codes or "
        "prefixes, e.g. WMC2,WMC301).")] = None,
    ignore: Annotated[str | None, typer.Option(
        "--ignore", metavar="CODES", help="Skip these rules (codes or prefixes).")] = None,
    online: Annotated[bool, typer.Option(
        "--online", help="Also compare titles, authors and versions with arXiv (cached; "
        "$WMCURATE_ARXIV_API points elsewhere), and check the links of the entries changed "
        "since --since (as `wmcurate links` does).")] = False,
    api_url: Annotated[str | None, typer.Option(
        "--api-url", metavar="URL", envvar="WMCURATE_ARXIV_API",
        help="With --online: the arXiv API endpoint (default "
        "https://export.arxiv.org/api/query; also $WMCURATE_ARXIV_API), as for `add`.")] = None,
    max_wait: Annotated[float, typer.Option(
        "--max-wait", metavar="SECONDS", min=0, help="With --online: the most time to spend "
        "on arXiv's trouble (pauses before retries, failed attempts), as for `add`.")
    ] = DEFAULT_MAX_WAIT,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="REV", help="With --online: entries changed since this git "
        "commit, branch or tag have their links checked (default: the merge base with "
        "origin/$GITHUB_BASE_REF, the upstream or origin/HEAD, else HEAD).")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Warnings fail too (exit 1): for a list that keeps itself free of "
        "every finding, as this project's CI does.")] = False,
    explain_code: Annotated[str | None, typer.Option(
        "--explain", metavar="CODE", callback=_explain, is_eager=True,
        help="Explain one rule: why it exists, an example that fires, its fix.")] = None,
) -> None:
    """Check the entries: schema, identity, venues, text, links, sections, stale output.

    Every finding has a stable rule code, a severity, a message saying what to do and a
    file:line:col inside the YAML. All findings are collected before the exit. Exit 1 if
    any error, 0 if only warnings, 2 if lint could not run. Severities can be changed in
    wmcurate.yaml under lint: severity: {CODE: error|warning|off}.

    Examples:

      wmcurate lint

      wmcurate lint entries/spatial --select WMC3

      wmcurate lint --format github          # in GitHub Actions

      wmcurate lint --fix

      wmcurate lint --strict                 # warnings fail too

      wmcurate lint --explain WMC301
    """
    from wmcurate.lint import apply_fixes, parse_codes, run_lint
    from wmcurate.quoting import escape

    state = state_of(ctx)

    def body() -> int:
        if since is not None and not online:
            raise WmcurateError("--since says which entries --online checks the links of: "
                                "add --online")
        config = config_of(state)
        targets = _lint_targets(paths, config) if paths else None
        selected, ignored = parse_codes(select), parse_codes(ignore)
        run = run_lint(config, targets, selected, ignored)
        if fix:
            # Fix reports go where they cannot spoil machine-read output.
            report = console(stderr=output_format is not Format.text)
            applied = 0
            # A fix can uncover another (an entity decoded into a double space): repeat
            # until nothing changes, so a second --fix has nothing left to do.
            for _ in range(4):
                changes = apply_fixes(run.fixes)
                for path, at, what in changes:
                    field = escape(".".join(str(p) for p in at))
                    report.print(f"fixed {escape(rel(path, config.root))}: {field}: "
                                 f"{escape(what)}", markup=False, emoji=False)
                applied += len(changes)
                run = run_lint(config, targets, selected, ignored)
                if not changes:
                    break
            if applied:
                report.print(f"{applied} fix(es) applied", markup=False)
        findings = list(run.findings)
        failures: list[str] = []
        if online:
            from wmcurate.online import online_findings
            from wmcurate.progress import FetchProgress
            from wmcurate.s2cache import fetcher_from_env

            with FetchProgress(console(stderr=True), state.verbosity) as show:
                extra, failures = online_findings(config, targets, selected, ignored,
                                                  lambda: fetcher_factory(show, api_url, max_wait),
                                                  lambda: fetcher_from_env(reporter=show))
            findings += extra
            from wmcurate.linkcheck.findings import link_findings
            from wmcurate.linkcheck.progress import LinkProgress

            with LinkProgress(console(stderr=True), state.verbosity) as shown:
                extra, note = link_findings(config, targets, selected, ignored, since, shown)
            findings += extra
            if note and state.verbosity > 0:
                console(stderr=True).print(note, markup=False)
        _print_findings(findings, output_format, config, state, complete=not failures)
        if failures:
            raise WmcurateError(f"could not compare {len(failures)} paper(s) with arXiv or "
                                "Semantic Scholar, so "
                                f"--online checked nothing for them: {escape(failures[0])}")
        failing = ("error", "warning") if strict else ("error",)
        return 1 if any(f.severity in failing for f in findings) else 0

    code = run(body)
    raise typer.Exit(code)


@app.command("rules")
def rules_command() -> None:
    """List every lint rule: code, name, default severity and what it checks."""
    from wmcurate.lint import RULES

    for code in sorted(RULES):
        item = RULES[code]
        typer.echo(f"{code}  {item.name:<26} {item.severity:<8} {item.summary}")


def _lint_targets(paths: list[Path], config: "Config") -> list[Path]:
    targets: list[Path] = []
    for path in paths:
        if path.is_dir():
            targets += sorted(p for p in path.rglob("*.y*ml") if p.is_file())
        elif path.is_file():
            targets.append(path)
        else:
            raise WmcurateError(f"{path}: no such file or folder")
    return targets



def _github_escape(text: str, prop: bool = False) -> str:
    from wmcurate.quoting import github_escape

    return github_escape(text, prop)


def findings_json(document: dict[str, list[dict[str, Any]] | dict[str, Any]]) -> str:
    """`json.dumps(document, ensure_ascii=False, indent=2)` for lint's document (a mapping
    of lists of flat mappings, or of flat mappings), written line by line: the indented
    form runs json's pure-Python encoder, slow on tens of thousands of findings."""
    import json

    encode = json.JSONEncoder(ensure_ascii=False).encode

    def scalar(value: Any) -> str:
        if value is True:
            return "true"
        if value is False:
            return "false"
        if type(value) is int:
            return int.__repr__(value)  # as json writes an int
        return encode(value)  # a string, None: json's own text for them

    def flat(item: dict[str, Any], indent: str) -> str:
        if not item:
            return "{}"
        inner = ",\n".join(f"{indent}  {encode(key)}: {scalar(value)}"
                           for key, value in item.items())
        return f"{{\n{inner}\n{indent}}}"

    parts = []
    for key, value in document.items():
        if isinstance(value, list):
            shown = "[]" if not value else "[\n" + ",\n".join(
                f"    {flat(item, '    ')}" for item in value) + "\n  ]"
        else:
            shown = flat(value, "  ")
        parts.append(f"  {encode(key)}: {shown}")
    return "{\n" + ",\n".join(parts) + "\n}" if parts else "{}"


def _print_findings(findings: "Sequence[Finding]", output_format: Format, config: "Config",
                    state: State, complete: bool = True) -> None:
    from collections import Counter

    from wmcurate.lint import RULES
    from wmcurate.quoting import escape, json_safe

    # Messages quote entry values: whatever a rule let through raw is escaped here, so no
    # entry text reaches a terminal, a log or a CI runner as a control sequence or a line.
    if output_format is Format.json:
        errors = sum(1 for f in findings if f.severity == "error")
        typer.echo(json_safe(findings_json({
            "findings": [{**f.as_dict(), "message": escape(f.message)} for f in findings],
            "summary": {"errors": errors, "warnings": len(findings) - errors,
                        "fixable": sum(1 for f in findings if f.fixable)},
        })))
        return
    if output_format is Format.github:
        for f in findings:
            typer.echo(f"::{f.severity} file={_github_escape(f.file, True)},line={f.line},"
                       f"col={f.column},title={f.code}::{_github_escape(f.message)}")
        return
    if not findings:
        # Nothing styled to show: Rich (some 20 ms to import) is spared.
        if state.verbosity >= 0 and complete:
            typer.echo("no problems found")
        return
    out = console()
    current = None
    # Positions padded to the widest, so that severities, codes and messages line up.
    width = max((len(f"{f.line}:{f.column}") for f in findings), default=0)
    for f in findings:
        if f.file != current:
            current = f.file
            out.print(escape(f.file), style="bold", markup=False, emoji=False)
        style = "red" if f.severity == "error" else "yellow"
        mark = " (fixable)" if f.fixable else ""
        position = f"{f.line}:{f.column}"
        out.print(f"  {position:<{width}}  [{style}]{f.severity:<7}[/{style}] {f.code}  ",
                  end="")
        out.print(f"{escape(f.message)}{mark}", markup=False, emoji=False)
    out.print("")
    for rule_code, n in sorted(Counter(f.code for f in findings).items()):
        out.print(f"  {rule_code} {RULES[rule_code].name}: {n}", markup=False, emoji=False)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    fixable = sum(1 for f in findings if f.fixable)
    tail = f" ({fixable} fixable with --fix)" if fixable else ""
    out.print(f"{errors} error(s), {warnings} warning(s){tail}", markup=False)


