"""The rule registry: findings, issues, rules and what list-wide rules know."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from wmcurate.config import Config
from wmcurate.model import Entry

Severity = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]
#: A repair: the field it changes and the new value computed from the old one.
Transform = Callable[[Any], Any]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    file: str
    line: int
    column: int
    message: str
    fixable: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "file": self.file,
                "line": self.line, "column": self.column, "message": self.message,
                "fixable": self.fixable}


@dataclass(frozen=True)
class Issue:
    """What a rule reports before positions are known."""

    field: FieldPath
    message: str
    fix: tuple[FieldPath, Transform, str] | None = None  # where, how, what it does


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    example: str
    fix: str
    check: Callable[..., Iterable[Any]]
    scope: Literal["raw", "entry", "list"]


RULES: dict[str, Rule] = {}


_Check = Callable[..., Iterable[Any]]


def rule(code: str, name: str, severity: Severity, scope: Literal["raw", "entry", "list"],
         summary: str, rationale: str, example: str, fix: str
         ) -> Callable[[_Check], _Check]:
    def register(check: _Check) -> _Check:
        RULES[code] = Rule(code, name, severity, summary, rationale, example.strip("\n"), fix,
                           check, scope)
        return check
    return register


@dataclass
class ListIndex:
    """What list-wide rules need to know about every entry."""

    config: Config
    entries: list[Entry]
    venue_names: dict[str, str] = field(default_factory=dict)  # casefold name -> canonical
    venue_aliases: dict[str, str] = field(default_factory=dict)  # casefold alias -> canonical
    link_labels: set[str] = field(default_factory=set)
    link_aliases: dict[str, str] = field(default_factory=dict)  # casefold alias -> key
    languages: tuple[str, ...] = ()  # the config's language codes
    #: The languages readers see: those of the outputs and pages, in the config's order.
    shown_languages: tuple[str, ...] = ()

    @classmethod
    def build(cls, config: Config, entries: list[Entry]) -> ListIndex:
        index = cls(config, entries)
        index.languages = config.language_codes
        shown = {output.language for output in config.outputs} | set(config.pages)
        index.shown_languages = tuple(lang for lang in index.languages if lang in shown) \
            or index.languages
        for venue in config.venues:
            index.venue_names[venue.name.casefold()] = venue.name
            for alias in venue.aliases:
                index.venue_aliases[alias.casefold()] = venue.name
        index.link_labels = {link.key for link in config.links}
        for link in config.links:
            for name in (*link.aliases, *link.label.values()):
                index.link_aliases.setdefault(name.casefold().replace("-", " "), link.key)
        return index


def parse_codes(text: str | None) -> set[str]:
    if not text:
        return set()
    codes = {c.strip().upper() for c in text.split(",") if c.strip()}
    unknown = sorted(c for c in codes if not any(code.startswith(c) for code in RULES))
    if unknown:
        from wmcurate.errors import WmcurateError

        raise WmcurateError(f"unknown rule code(s): {', '.join(unknown)}; "
                            "see `wmcurate lint --explain CODE` or `wmcurate rules`")
    return codes


def explain(code: str) -> str:
    found = RULES.get(code.upper())
    if found is None:
        raise KeyError(code)
    return (f"{found.code} {found.name} ({found.severity})\n\n{found.summary}\n\n"
            f"Why: {found.rationale}\n\nFires on:\n\n"
            + "\n".join(f"    {line}" for line in found.example.splitlines())
            + f"\n\nFix: {found.fix}\n")

