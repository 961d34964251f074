"""Lint: paper-aware rules over the list's entries.

Each rule is a small function registered with `@rule`, with a stable code, a
default severity (overridable in wmcurate.yaml under `lint.severity`), a
message that says what to do, and, where the repair is certain, a fix. Rules
name the field they are about; positions (`file:line:col`) are looked up only
for files that have findings, from libyaml's node marks.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml as pyyaml

from wmcurate.config import Config
from wmcurate.entries import LoadedList, load_entries
from wmcurate.errors import InvalidArxivId
from wmcurate.ids import ArxivId
from wmcurate.ids import arxiv_id_from_url as _arxiv_id_from_url
from wmcurate.ids import parse_arxiv_id as _parse_arxiv_id
from wmcurate.markdown import cjk_share
from wmcurate.model import FIELDS, TEXT_FIELDS, Entry
from wmcurate.yamlread import SafeLoader12

Severity = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]
#: A repair: the field it changes and the new value computed from the old one.
Transform = Callable[[Any], Any]

_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")
_CJK_RUN = re.compile(r"[\u3000-\u9fff\uf900-\ufaff]")
# A repaired word must read as a Latin-script word (Björn, Jérôme), or the "repair" is
# real Chinese between two Latin words (以GPT为Planner).
_LATIN_WORD = re.compile(r"^[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+$")
_MIXED_WORD = re.compile(r"[A-Za-z]+[\u3400-\u9fff\uf900-\ufaff]{1,3}[A-Za-z]+")
_REPO = re.compile(r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|"
                   r"huggingface\.co)/[^/\s]+/[^/\s]+")
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co",
               "gitee.com", "sourceforge.net")
# Institutions host their own forges: gitlab.inria.fr, git.example.edu, gitea.example.org.
_SELF_HOSTED_GIT = re.compile(r"(^|\.)(git|gitlab|gitea|forgejo|gogs)[.-]|^git\.")


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

    @classmethod
    def build(cls, config: Config, entries: list[Entry]) -> ListIndex:
        index = cls(config, entries)
        for venue in config.venues:
            index.venue_names[venue.name.casefold()] = venue.name
            for alias in venue.aliases:
                index.venue_aliases[alias.casefold()] = venue.name
        index.link_labels = {link.key for link in config.links}
        for link in config.links:
            for name in (*link.aliases, *link.label.values()):
                index.link_aliases.setdefault(name.casefold().replace("-", " "), link.key)
        return index


# -- helpers -----------------------------------------------------------------------
_PARSED: dict[str, ArxivId | InvalidArxivId] = {}


def parse_arxiv_id(text: str) -> ArxivId:
    """`ids.parse_arxiv_id`, remembered: several rules read the same ID."""
    found = _PARSED.get(text)
    if found is None:
        try:
            found = _parse_arxiv_id(text)
        except InvalidArxivId as exc:
            found = exc
        if len(_PARSED) > 100_000:
            _PARSED.clear()
        _PARSED[text] = found
    if isinstance(found, InvalidArxivId):
        raise found
    return found


_TEXTS: dict[int, tuple[Any, list[tuple[FieldPath, str]]]] = {}


def _all_strings(raw: Mapping[str, Any]) -> list[tuple[FieldPath, str]]:
    """Every string of an entry but its `source` (arXiv's words, not the list's), with paths."""
    found: list[tuple[FieldPath, str]] = []
    pending: list[tuple[FieldPath, Any]] = [((str(k),), v) for k, v in raw.items()
                                            if k != "source"]
    while pending:
        at, value = pending.pop()
        if isinstance(value, str):
            found.append((at, value))
        elif isinstance(value, Mapping):
            pending.extend(((*at, str(k)), v) for k, v in value.items())
        elif isinstance(value, list):
            pending.extend(((*at, i), v) for i, v in enumerate(value))
    found.reverse()
    return found


_JOINED: dict[int, tuple[Any, str, str]] = {}


def _joined(raw: Mapping[str, Any], skip_zh: bool = False) -> str:
    """All of an entry's strings in one, NUL-separated (or all but its `zh` texts): text
    rules scan it once, and look at the strings one by one only when it is suspect."""
    cached = _JOINED.get(id(raw))
    if cached is None or cached[0] is not raw:
        strings = list(_strings_of(raw, ()))
        every = "\x00".join(t for _, t in strings)
        not_zh = "\x00".join(t for at, t in strings if not _in_zh(at))
        if len(_JOINED) > 50_000:
            _JOINED.clear()
        cached = _JOINED[id(raw)] = (raw, every, not_zh)
    return cached[2] if skip_zh else cached[1]


def _strings_of(raw: Mapping[str, Any], skip: tuple[str, ...]) -> Iterator[tuple[FieldPath, str]]:
    """Every string of an entry outside the `skip` fields, walked once per entry."""
    cached = _TEXTS.get(id(raw))
    if cached is None or cached[0] is not raw:
        found = _all_strings(raw)
        if len(_TEXTS) > 50_000:
            _TEXTS.clear()
        cached = _TEXTS[id(raw)] = (raw, found)
    return (item for item in cached[1] if item[0][0] not in skip)
def _entry_id(entry: Entry) -> ArxivId | None:
    """The entry's arXiv ID, or None when it has none or a malformed one (WMC201 says so)."""
    if entry.arxiv is None:
        return None
    try:
        return parse_arxiv_id(entry.arxiv)
    except InvalidArxivId:
        return None


# Fixes are functions of the value they find, so that two fixes of one field
# (stray spaces and an entity in one title) compose instead of overwriting each other.
def _arxiv_base(old: Any) -> Any:
    try:
        return parse_arxiv_id(str(old)).base
    except InvalidArxivId:
        return old


def _drop_pdf_suffix(old: Any) -> Any:
    text = str(old).strip()
    return text[:-4] if _ABS_PDF.search(text) else old


def _canonical_arxiv_link(old: Any) -> Any:
    target = arxiv_id_from_url(str(old))
    if target is None:
        return old
    kind = "pdf" if re.search(r"/pdf/", str(old), re.I) else "abs"
    return f"https://arxiv.org/{kind}/{target.base}"


def _canonical_venue(index: ListIndex) -> Transform:
    def fix(old: Any) -> Any:
        name, _ = split_venue(str(old))
        canonical = index.venue_aliases.get(name.casefold()) or index.venue_names.get(
            name.casefold())
        return str(old).replace(name, canonical, 1) if canonical and name else old
    return fix


def _repair_mojibake_or_keep(old: Any) -> Any:
    return repair_mojibake(old) or old if isinstance(old, str) else old


def _unescape_entities(old: Any) -> Any:
    return html.unescape(old) if isinstance(old, str) else old


def _strip(old: Any) -> Any:
    return old.strip() if isinstance(old, str) else old


def _without(item: str) -> Transform:
    """A fix that removes `item` from a list."""
    return lambda old: [x for x in old if x != item]


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is str:
        return not value.strip()
    if isinstance(value, Mapping):
        values: Iterable[Any] = value.values()
    elif isinstance(value, list):
        values = value
    else:
        return False
    for item in values:
        if type(item) is str:
            if item.strip():
                return False
        elif not _is_empty(item):
            return False
    return True


def _arxiv_year(arxiv: str | None) -> int | None:
    if not arxiv:
        return None
    try:
        base = parse_arxiv_id(arxiv).base
    except InvalidArxivId:
        return None
    digits = base.split("/")[-1][:2]
    year = int(digits)
    return 2000 + year if year < 91 else 1900 + year


def split_venue(venue: str) -> tuple[str, int | None]:
    """`ICLR 2023 (Oral)` -> ("ICLR", 2023)."""
    match = _YEAR.search(venue)
    if not match:
        return venue.strip(), None
    return venue[:match.start()].strip(" ,-'"), int(match.group(1))


# -- schema ------------------------------------------------------------------------
_REQUIRED_TEXTS = ("one_liner", "innovation", "abstract", "key_points")


@rule("WMC101", "missing-field", "error", "entry",
      "A required field is missing or empty.",
      "Readers rely on every entry having a title, authors, a venue, the arXiv paper link and "
      "the curated texts; an entry without them renders as a gap.",
      """
title: "Zero-1-to-3: Zero-shot One Image to 3D Object"
arxiv: "2303.11328"
# no authors, no venue, no links.paper
""", "Add the missing field; `wmcurate add --force ID` refills the facts of an arXiv paper.")
def missing_field(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for name in ("authors", "venue"):
        if name not in raw:
            yield Issue((), f"missing field '{name}': add it")
    if entry.arxiv and "paper" not in entry.links:
        yield Issue(("links",) if "links" in raw else (),
                    f"missing links.paper: add https://arxiv.org/abs/{entry.arxiv}")
    for name in _REQUIRED_TEXTS:
        if name not in raw:
            yield Issue((), f"missing field '{name}': write it in at least one language")


@rule("WMC102", "empty-curated-text", "error", "entry",
      "A curated text is still empty, as `wmcurate add` left it.",
      "Stubs leave the one-liner, core innovation and key points for a human; merging a stub "
      "unfilled publishes an entry without its point.",
      """
one_liner: {en: "", zh: ""}
""", "Write the text in at least one language (ideally both).")
def empty_curated(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for name in ("title", "authors", "venue", *_REQUIRED_TEXTS):
        if name in raw and _is_empty(raw[name]):
            what = "curated text" if name in _REQUIRED_TEXTS else "field"
            yield Issue((name,), f"{what} '{name}' is empty: fill it in")


@rule("WMC103", "unknown-field", "error", "raw",
      "A field name the schema does not know (often a typo).",
      "Unknown fields are never rendered, so a misspelt field silently hides its content.",
      """
autors: [Ruoshi Liu, Rundi Wu]
""", "Rename the field to the known name the message suggests, or remove it.")
def unknown_field(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for key in raw:
        if key in FIELDS:
            continue
        close = difflib.get_close_matches(str(key), FIELDS, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "known fields: " + ", ".join(FIELDS)
        yield Issue((str(key),), f"unknown field '{key}': {hint}")


# WMC100 (invalid YAML) and WMC104 (wrong type) come from loading, not from a check.
rule("WMC100", "invalid-yaml", "error", "raw", "The file is not valid YAML.",
     "A file that does not parse cannot be rendered or checked.", """
title: "Unclosed quote
""", "Fix the syntax at the position given.")(lambda *a: ())
rule("WMC210", "duplicate-key", "error", "raw", "Two entry files have the same key.",
     "Keys name a work across the list (pages link to them); two files with one key are "
     "one work entered twice.", """
# entries/spatial/2303.11328.yaml and entries/modality-spatial/2303.11328.yaml
""", "Keep one file; list the work in other sections with `also`.")(lambda *a: ())
rule("WMC211", "invalid-file-name", "error", "raw", "A file name is not a valid key.",
     "Keys become file names and page anchors: letters, digits, '.', '_' and '-' only.", """
# entries/spatial/Zero 1 to 3.yaml
""", "Rename the file (the arXiv ID, or a slug such as openai-sora).")(lambda *a: ())
rule("WMC603", "unknown-section-folder", "error", "raw",
     "An entry file is in a folder that is not a section.",
     "The folder is the entry's home section; a folder the config does not know is never "
     "rendered.", """
# entries/modality-spatail/2303.11328.yaml
""", "Move the file into a section folder named in wmcurate.yaml.")(lambda *a: ())
rule("WMC104", "wrong-type", "error", "raw", "A field has the wrong type.",
     "Render needs strings where texts go and lists where lists go.", """
authors: 5
featured: "yes"
""", "Write the value in the type the message names.")(lambda *a: ())


# -- identity ----------------------------------------------------------------------
@rule("WMC201", "arxiv-malformed", "error", "entry",
      "The arXiv ID is not a valid arXiv identifier.",
      "A malformed ID links nowhere and cannot be checked against arXiv.",
      """
arxiv: "2303.1132"
""", "Write the ID as arXiv shows it, e.g. 2303.11328 or hep-th/9901001.")
def arxiv_malformed(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if entry.arxiv is None:
        return
    try:
        parsed = parse_arxiv_id(entry.arxiv)
    except InvalidArxivId:
        yield Issue(("arxiv",), f"'{entry.arxiv}' is not an arXiv ID (e.g. 2303.11328)")
        return
    if str(parsed) != entry.arxiv and parsed.version is None:
        yield Issue(("arxiv",), f"write the arXiv ID as '{parsed.base}'",
                    (("arxiv",), _arxiv_base, f"arxiv -> {parsed.base}"))


@rule("WMC202", "arxiv-versioned", "error", "entry",
      "The arXiv ID carries a version.",
      "An entry is about a paper, not one version of it; the version lives in source.version.",
      """
arxiv: "2303.11328v2"
""", "Drop the version (`--fix` does).")
def arxiv_versioned(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    parsed = _entry_id(entry)
    if parsed is None:
        return
    if parsed.version is not None:
        yield Issue(("arxiv",), f"drop the version: write '{parsed.base}'",
                    (("arxiv",), _arxiv_base, f"arxiv -> {parsed.base}"))


@rule("WMC203", "key-mismatch", "error", "entry",
      "The file name does not match the entry's arXiv ID.",
      "Keys are how duplicates are found and how pages link to a work.",
      """
# entries/spatial/2003.08934.yaml
arxiv: "2308.04079"
""", "Rename the file to <arXiv ID>.yaml (old-style IDs: '/' becomes '_').")
def key_mismatch(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    parsed = _entry_id(entry)
    if parsed is None:
        return
    if entry.key != parsed.key:
        yield Issue(("arxiv",), f"file name '{entry.key}.yaml' does not match arXiv ID "
                    f"{parsed.base}: rename it to '{parsed.key}.yaml'")


@lru_cache(maxsize=65536)
def arxiv_id_from_url(url: str) -> ArxivId | None:
    """`ids.arxiv_id_from_url`, remembered: three rules read every arXiv link."""
    return _arxiv_id_from_url(url)


def _arxiv_links(entry: Entry) -> Iterator[tuple[str, str]]:
    for label, url in entry.links.items():
        if "arxiv.org/" in url.lower():
            yield label, url


@rule("WMC204", "link-id-mismatch", "error", "entry",
      "An arXiv link points at another paper than the entry's arXiv ID.",
      "One of the two is wrong: readers following the link land on a different paper.",
      """
arxiv: "2311.07541"
links: {paper: "https://arxiv.org/abs/2309.17080"}
""", "Check which ID is right on arXiv and correct the other.")
def link_id_mismatch(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    parsed = _entry_id(entry)
    if parsed is None:
        return
    own = parsed.base
    for label, url in _arxiv_links(entry):
        target = arxiv_id_from_url(url)
        if target is not None and target.base != own:
            yield Issue(("links", label), f"links.{label} points at arXiv {target.base}, but the "
                        f"entry's arXiv ID is {own}: one of them is wrong")


_ABS_PDF = re.compile(r"arxiv\.org/abs/[^?#]*\.pdf$", re.IGNORECASE)


@rule("WMC205", "arxiv-link-malformed", "error", "entry",
      "An arXiv link has a malformed path, such as /abs/<id>.pdf.",
      "arXiv answers such links with an error page.",
      """
links: {paper: "https://arxiv.org/abs/2303.11328.pdf"}
""", "Use https://arxiv.org/abs/<id> or https://arxiv.org/pdf/<id> (`--fix` does).")
def arxiv_link_malformed(entry: Entry, raw: Mapping[str, Any],
                         index: ListIndex) -> Iterator[Issue]:
    for label, url in _arxiv_links(entry):
        if _ABS_PDF.search(url.strip()):
            fixed = url.strip()[:-4]
            yield Issue(("links", label), f"links.{label} '{url}' is not an arXiv page: use "
                        f"'{fixed}'", (("links", label), _drop_pdf_suffix, f"-> {fixed}"))
        elif arxiv_id_from_url(url) is None and re.search(r"arxiv\.org/(abs|pdf)/", url, re.I):
            yield Issue(("links", label), f"links.{label} '{url}' does not name an arXiv paper")


@rule("WMC208", "arxiv-link-noncanonical", "warning", "entry",
      "An arXiv link is not in its canonical form.",
      "https://arxiv.org/abs/<id> and /pdf/<id> always show the latest version and keep "
      "links uniform across the list.",
      """
links: {pdf: "http://arXiv.org/pdf/2303.11328v1.pdf"}
""", "`--fix` rewrites it to https://arxiv.org/pdf/<id>.")
def arxiv_link_canonical(entry: Entry, raw: Mapping[str, Any],
                         index: ListIndex) -> Iterator[Issue]:
    parsed = _entry_id(entry)
    if parsed is None:
        return
    own = parsed.base
    for label, url in _arxiv_links(entry):
        target = arxiv_id_from_url(url)
        if target is None or target.base != own or _ABS_PDF.search(url.strip()):
            continue
        kind = "pdf" if re.search(r"/pdf/", url, re.I) else "abs"
        canonical = f"https://arxiv.org/{kind}/{own}"
        if url != canonical:
            yield Issue(("links", label), f"write links.{label} as '{canonical}'",
                        (("links", label), _canonical_arxiv_link, f"-> {canonical}"))


@rule("WMC206", "duplicate-arxiv", "error", "list",
      "The same arXiv paper is in two files.",
      "A paper must have one entry; the second copy drifts from the first.",
      """
# entries/spatial/2003.08934.yaml and entries/modality/nerf.yaml
arxiv: "2003.08934"
""", "Keep one file; list the paper in other sections with `also`.")
def duplicate_arxiv(index: ListIndex) -> Iterator[tuple[Entry, Issue]]:
    seen: dict[str, Entry] = {}
    for entry in index.entries:
        if not entry.arxiv:
            continue
        try:
            base = parse_arxiv_id(entry.arxiv).base
        except InvalidArxivId:
            continue
        if base in seen:
            yield entry, Issue(("arxiv",), f"arXiv {base} is also in {_rel(seen[base], index)}: "
                               "keep one entry and use `also` for other sections")
        else:
            seen[base] = entry


_NOT_ALNUM = re.compile(r"[\W_]+")


def _norm_title(title: str) -> str:
    return _NOT_ALNUM.sub("", title.casefold())


@rule("WMC207", "duplicate-title", "error", "list",
      "Two entries have the same title.",
      "Usually one work entered twice (for example once with and once without its arXiv ID).",
      """
title: "NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis"
""", "Merge the two entries into one.")
def duplicate_title(index: ListIndex) -> Iterator[tuple[Entry, Issue]]:
    seen: dict[str, Entry] = {}
    for entry in index.entries:
        title = entry.title if isinstance(entry.title, str) else next(iter(entry.title.values()),
                                                                      "")
        key = _norm_title(title)
        if not key:
            continue
        if key in seen:
            yield entry, Issue(("title",), f"same title as {_rel(seen[key], index)}: merge them")
        else:
            seen[key] = entry


@rule("WMC209", "duplicate-abstract", "warning", "list",
      "Two entries have the same abstract.",
      "An abstract belongs to one paper; a copy usually means one entry got another's text "
      "pasted in.", """
# entries/modality-spatial/2409.17692.yaml carries the abstract of 2103.00020
""", "Replace the abstract with the paper's own (`wmcurate add --force ID` refills it from "
     "arXiv).")
def duplicate_abstract(index: ListIndex) -> Iterator[tuple[Entry, Issue]]:
    seen: dict[tuple[str, str], Entry] = {}
    for entry in index.entries:
        abstract = entry.abstract
        texts = {"": abstract} if isinstance(abstract, str) else dict(abstract or {})
        for lang, text in texts.items():
            # Pasted copies are exact copies: the stripped text is key enough.
            key = (text or "").strip()
            if len(key) < 80:
                continue
            if (lang, key) in seen:
                at = ("abstract",) if not lang else ("abstract", lang)
                yield entry, Issue(at, f"same abstract as {_rel(seen[(lang, key)], index)}: "
                                   "this entry has another paper's abstract")
                break
            seen[(lang, key)] = entry


def _rel(entry: Entry, index: ListIndex) -> str:
    try:
        return str(entry.path.relative_to(index.config.root))
    except ValueError:
        return str(entry.path)


# -- venue -------------------------------------------------------------------------
def _known_venue(name: str, index: ListIndex) -> str | None:
    return index.venue_names.get(name.casefold())


def _edits(a: str, b: str) -> int:
    """Edit distance where swapping two neighbouring letters is one edit (ICRL -> ICLR)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def closest_venue(name: str, choices: Sequence[str]) -> str | None:
    """The known venue a misspelt name most likely meant, if any is close enough.

    Ties go to a name with the same letters in another order: typing two letters
    in the wrong order (ICRL) is the commonest slip.
    """
    wanted = name.casefold().replace("-", " ")
    scored = []
    for choice in choices:
        candidate = choice.casefold()
        distance = _edits(wanted, candidate)
        if distance <= max(1, len(candidate) // 3):
            scored.append((distance, sorted(wanted) != sorted(candidate), choice))
    return min(scored)[2] if scored else None


@rule("WMC301", "venue-unknown", "error", "entry",
      "The venue is not in the list's vocabulary.",
      "Venues are compared, counted and sorted by name; a misspelt name (ICRL) is a different "
      "venue.",
      """
venue: ICRL 2023
""", "Use a name from `venues:` in wmcurate.yaml (or add the venue there).")
def venue_unknown(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if not entry.venue:
        return
    name, year = split_venue(entry.venue)
    if not name and entry.arxiv is None and year is not None:
        return  # a product's release year
    if _known_venue(name, index) or name.casefold() in index.venue_aliases:
        return
    if entry.arxiv is None and year is not None and not re.match(r"^[A-Za-z]", entry.venue):
        return  # "2024 (open release)": products have a year, not a venue
    close = closest_venue(name, list(index.venue_names.values()))
    hint = ""
    if close:
        suggestion = f"{close} {year}" if year else close
        hint = f": did you mean '{suggestion}'?"
    yield Issue(("venue",), f"unknown venue '{name}'{hint} (known venues are listed under "
                "venues: in wmcurate.yaml)")


@rule("WMC302", "venue-alias", "warning", "entry",
      "The venue is written with an alias of a known venue.",
      "One spelling per venue keeps the list consistent and searchable.",
      """
venue: SIGGRAPH-ASIA 2024
""", "`--fix` writes the canonical name (SIGGRAPH Asia 2024).")
def venue_alias(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if not entry.venue:
        return
    name, year = split_venue(entry.venue)
    canonical = index.venue_aliases.get(name.casefold())
    if canonical is None and name.casefold() in index.venue_names \
            and index.venue_names[name.casefold()] != name:
        canonical = index.venue_names[name.casefold()]
    if canonical is None:
        return
    fixed = entry.venue.replace(name, canonical, 1)
    if fixed == entry.venue:
        return
    yield Issue(("venue",), f"write the venue as '{fixed}'",
                (("venue",), _canonical_venue(index), f"venue -> {fixed}"))


@rule("WMC303", "venue-no-year", "error", "entry",
      "The venue has no year.",
      "A venue is '<NAME> <YEAR>'; the year dates the work and orders it.",
      """
venue: CVPR
""", "Add the year, e.g. 'CVPR 2024'.")
def venue_no_year(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if entry.venue and split_venue(entry.venue)[1] is None:
        yield Issue(("venue",), f"venue '{entry.venue}' has no year: write '<NAME> <YEAR>'")


@rule("WMC304", "venue-before-arxiv", "error", "entry",
      "The venue's year is before the year of the arXiv ID.",
      "A paper cannot appear at a venue before it was first posted; one of the two is wrong.",
      """
arxiv: "2309.17080"
venue: CVPR 2022
""", "Check the venue and the arXiv ID.")
def venue_before_arxiv(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    year = split_venue(entry.venue or "")[1]
    posted = _arxiv_year(entry.arxiv)
    if year is not None and posted is not None and year < posted:
        yield Issue(("venue",), f"venue year {year} is before the arXiv ID's year {posted}: "
                    "check both")


# -- text --------------------------------------------------------------------------
# UTF-8 read as Latin-1 or Windows-1252 always leaves characters from these ranges;
# text without any of them is not worth ftfy's (much slower) look.
_MOJIBAKE_HINT = re.compile(r"[\u0080-\u00ff\u0152-\u0192\u02c6-\u02dc\u2013-\u2122]")
_LATIN_THEN_CJK = re.compile(r"[A-Za-z][\u3400-\u9fff\uf900-\ufaff]")



def _ftfy() -> Any:
    import ftfy  # imported on first need: it is only used when text looks mis-decoded

    return ftfy


def _in_zh(at: FieldPath) -> bool:
    return any(isinstance(part, str) and part.startswith("zh") for part in at[1:])


def repair_mojibake(text: str, east_asian: bool = True) -> str | None:
    """The text with mis-decoded characters repaired, or None when no repair is certain.

    ftfy repairs UTF-8 read as Latin-1 or Windows-1252 (`BjÃ¶rn`). UTF-8 read as an
    East Asian codec (`Bj枚rn`, UTF-8 of ö read as GBK) is outside ftfy's scope: such a
    word is re-encoded and kept only if it decodes as strict UTF-8 into Latin letters.
    """
    latin_suspect = _MOJIBAKE_HINT.search(text) is not None
    east_asian_suspect = east_asian and _CJK_RUN.search(text) is not None \
        and _LATIN_THEN_CJK.search(text) is not None
    if not latin_suspect and not east_asian_suspect:
        return None
    fixed = text
    if latin_suspect and _ftfy().badness.is_bad(text):
        candidate = _ftfy().fix_encoding(text)
        if candidate != text:
            fixed = candidate

    def re_decode(match: re.Match[str]) -> str:
        word = match.group(0)
        for codec in ("gbk", "big5", "shift_jis", "euc_kr"):
            try:
                decoded = word.encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if _LATIN_WORD.match(decoded):
                return decoded
        return word

    if east_asian_suspect:
        fixed = _MIXED_WORD.sub(re_decode, fixed)
    return fixed if fixed != text else None


@rule("WMC401", "mojibake", "error", "raw",
      "Text was mis-decoded (mojibake), e.g. 'Bj枚rn' for 'Björn'.",
      "Names and texts copied through the wrong encoding are unreadable and unsearchable.",
      """
authors: [Bj枚rn Ommer]
""", "`--fix` repairs it where the repair is certain; else retype the text.")
def mojibake(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    # UTF-8 read as an East Asian codec leaves CJK inside Latin words; in a Chinese text
    # Latin next to CJK is normal, so that kind is only looked for outside `zh` texts.
    joined, not_zh = _joined(raw), _joined(raw, skip_zh=True)
    latin = _unusual(joined) and _MOJIBAKE_HINT.search(joined) is not None
    east_asian = not not_zh.isascii() and _CJK_RUN.search(not_zh) is not None
    if not latin and not east_asian:
        return
    for at, text in _strings_of(raw, ("source",)):
        fixed = repair_mojibake(text, east_asian=east_asian and not _in_zh(at))
        if fixed is not None:
            yield Issue(at, f"mis-decoded text in {_dotted(at)}: '{_short(text)}' should "
                        f"read '{_short(fixed)}'",
                        (at, _repair_mojibake_or_keep, "mojibake repaired"))


@rule("WMC402", "html-entity", "error", "raw",
      "Text contains an HTML entity such as &#34; or &amp;.",
      "Entries hold plain text; render escapes it, so an entity shows up literally.",
      """
title: "Zero-1-to-3: Zero-shot One Image to 3D Object &#34;Zero123&#34;"
""", "`--fix` decodes the entities.")
def html_entity(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if "&" not in _joined(raw):
        return
    for at, text in _strings_of(raw, ("links", "source")):
        if "&" in text and _ENTITY.search(text):
            fixed = html.unescape(text)
            if fixed != text:
                yield Issue(at, f"HTML entity in {_dotted(at)}: write the character itself",
                            (at, _unescape_entities, "entities decoded"))


def _clean_spaces(text: str) -> str:
    if "\n" in text.strip():
        paras = re.split(r"\n\s*\n", text.strip())
        return "\n\n".join(" ".join(p.split()) for p in paras)
    return " ".join(text.split())


_ODD_BLANK = re.compile(r"[^\S \n]")
# Characters either text rule cares about: mis-decoding traces and blanks other than the
# plain space. Most entries have none, which one scan (remembered per entry) tells.
_UNUSUAL = re.compile(r"[\u0080-\u00ff\u0152-\u0192\u02c6-\u02dc\u2013-\u2122"
                      r"\t\r\x0b\x0c\x1c-\x1f\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_UNUSUAL_SEEN: dict[int, tuple[str, bool]] = {}


def _unusual(joined: str) -> bool:
    cached = _UNUSUAL_SEEN.get(id(joined))
    if cached is None or cached[0] is not joined:
        if len(_UNUSUAL_SEEN) > 50_000:
            _UNUSUAL_SEEN.clear()
        cached = _UNUSUAL_SEEN[id(joined)] = (joined, _UNUSUAL.search(joined) is not None)
    return cached[1]


def _space_suspect(joined: str) -> bool:
    """True for NUL-joined strings in which _clean_spaces might change something (it is
    never False where it would): doubled spaces, a string's edge blank, blanks other than
    the plain space, and newlines (those are rare: multi-paragraph texts only)."""
    return ("  " in joined or "\n" in joined or "\x00 " in joined or " \x00" in joined
            or joined[:1].isspace() or joined[-1:].isspace()
            or (_unusual(joined) and _ODD_BLANK.search(joined) is not None))


@rule("WMC403", "whitespace", "error", "raw",
      "Text has leading, trailing or doubled spaces.",
      "Stray spaces come from copy and paste and make equal texts compare unequal.",
      """
title: " Zero-1-to-3:  Zero-shot One Image to 3D Object "
""", "`--fix` strips and collapses them.")
def whitespace(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if not _space_suspect(_joined(raw)):
        return
    for at, text in _strings_of(raw, ("source", "links")):  # links: WMC503
        if not text:
            continue
        # A block scalar's final newline (`|`, `>`) is YAML's, not a stray space.
        if _clean_spaces(text) != text.rstrip("\n"):
            yield Issue(at, f"stray whitespace in {_dotted(at)}",
                        (at, _clean_spaces, "whitespace cleaned"))


@rule("WMC404", "missing-translation", "warning", "entry",
      "A curated text lacks one of the list's languages.",
      "The other language is shown instead, so readers of that README get a mixed page.",
      """
one_liner: {en: "Contrastive image-text pre-training at web scale."}
""", "Add the translation (or write one plain string if the text is the same in every "
     "language).")
def missing_translation(entry: Entry, raw: Mapping[str, Any],
                        index: ListIndex) -> Iterator[Issue]:
    languages = index.config.language_codes
    for name in _REQUIRED_TEXTS:
        value = raw.get(name)
        if isinstance(value, Mapping) and not _is_empty(value):
            missing = [lang for lang in languages if _is_empty(value.get(lang))]
            if missing:
                yield Issue((name,), f"'{name}' has no {', '.join(missing)} text: add the "
                            "translation")


@rule("WMC406", "unknown-language", "error", "entry",
      "A text is filed under a language the list does not have.",
      "Only the config's languages are rendered: the text is never shown.", """
one_liner: {en: "...", fr: "..."}
""", "Use a language code from `languages:` in wmcurate.yaml.")
def unknown_language(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    languages = index.config.language_codes
    for name in ("title", *_REQUIRED_TEXTS):
        value = raw.get(name)
        if isinstance(value, Mapping):
            for lang in value:
                if lang not in languages:
                    yield Issue((name, str(lang)), f"'{name}' has a text in '{lang}', which is "
                                f"not a language of the list ({', '.join(languages)})")


@rule("WMC405", "wrong-language", "warning", "entry",
      "A text is in another language than the one it is filed under.",
      "A Chinese text under `en` (or the reverse) shows up in the wrong README.",
      """
one_liner: {en: "支持从文本生成视频的模型。", zh: "A model that generates video from text."}
""", "Move the text under the right language code.")
def wrong_language(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for name in (*TEXT_FIELDS, "key_points"):
        value = raw.get(name)
        if not isinstance(value, Mapping):
            continue
        for lang, text in value.items():
            joined = " ".join(text) if isinstance(text, list) else str(text or "")
            if len(joined) < 8:
                continue
            # The first few hundred characters tell the language as well as all of them.
            sample = joined[:300]
            has_cjk = _CJK_RUN.search(sample) is not None
            if str(lang).startswith("zh") and not has_cjk:
                yield Issue((name, str(lang)), f"{name}.{lang} has no Chinese characters: is it "
                            "the English text?")
            elif str(lang) == "en" and has_cjk and cjk_share(sample) > 0.3:
                yield Issue((name, str(lang)), f"{name}.{lang} is mostly Chinese: file it under "
                            "zh")


# -- links -------------------------------------------------------------------------
@rule("WMC501", "link-empty", "error", "entry", "A link has no URL.",
      "Render drops empty links, so the label silently disappears.", """
links: {code: ""}
""", "Fill in the URL or remove the label.")
def link_empty(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for label, url in entry.links.items():
        if not url.strip():
            yield Issue(("links", label), f"links.{label} is empty: add the URL or remove it")


@rule("WMC502", "link-not-http", "error", "entry", "A link is not an http(s) URL.",
      "Readers can only follow web links.", """
links: {code: "github.com/cvlab-columbia/zero123"}
""", "Write the full https:// URL.")
def link_not_http(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for label, url in entry.links.items():
        if url.strip() and not re.match(r"^https?://\S", url.strip()):
            yield Issue(("links", label), f"links.{label} '{url}' is not an http(s) URL")


@rule("WMC503", "link-whitespace", "error", "entry", "A link contains whitespace.",
      "Whitespace breaks the link; it usually comes from copy and paste.", """
links: {paper: "https://arxiv.org/abs/2303.11328 "}
""", "`--fix` strips surrounding whitespace; whitespace inside must be removed by hand.")
def link_whitespace(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for label, url in entry.links.items():
        if re.search(r"\s", url) and url.strip():
            stripped = url.strip()
            fix = None if re.search(r"\s", stripped) else (
                ("links", label), _strip, "link whitespace stripped")
            yield Issue(("links", label), f"links.{label} contains whitespace", fix)


@rule("WMC504", "code-not-repository", "error", "entry",
      "A code link does not point at a repository.",
      "`code` is for the repository itself (github.com/<owner>/<repo>, ...), not a profile or "
      "a file.", """
links: {code: "https://github.com/cvlab-columbia"}
""", "Link the repository, or file the link under another label.")
def code_not_repo(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    url = entry.links.get("code", "").strip()
    if not url or not re.match(r"^https?://", url):
        return
    host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0].split(":")[0].lower()
    if host in _CODE_HOSTS:
        if not _REPO.match(url):
            yield Issue(("links", "code"), f"links.code '{url}' is not a repository: link "
                        f"{host}/<owner>/<repo>")
    elif host.endswith((".github.io", ".gitlab.io")) or not _SELF_HOSTED_GIT.search(host):
        yield Issue(("links", "code"), f"links.code '{url}' is not on a code host: if it is "
                    "the project's page, file it under `project`")


@rule("WMC505", "project-equals-code", "warning", "entry",
      "The project page is the same URL as the code link.",
      "A second label for the same URL adds nothing.", """
links: {code: "https://github.com/a/b", project: "https://github.com/a/b"}
""", "Remove the project link, or point it at the project's page.")
def project_equals_code(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    code = entry.links.get("code", "").strip().rstrip("/")
    project = entry.links.get("project", "").strip().rstrip("/")
    if code and code == project:
        yield Issue(("links", "project"), "links.project is the same URL as links.code: remove "
                    "one")


@rule("WMC506", "link-label-unknown", "error", "entry",
      "A link label is not in the list's vocabulary.",
      "Labels are rendered in a fixed order with translated names; an unknown label has none.",
      """
links: {github: "https://github.com/a/b"}
""", "Use a label from `links:` in wmcurate.yaml (code, project, ...), or add it there.")
def link_label_unknown(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for label in entry.links:
        if label not in index.link_labels:
            alias = index.link_aliases.get(label.casefold().replace("_", " ").replace("-", " "))
            if alias:
                hint = f": use '{alias}' ('{label}' is one of its aliases)"
            else:
                close = difflib.get_close_matches(label, sorted(index.link_labels), n=1,
                                                  cutoff=0.5)
                hint = f": did you mean '{close[0]}'?" if close else \
                    "; known: " + ", ".join(sorted(index.link_labels))
            yield Issue(("links", label), f"unknown link label '{label}'{hint}")


# -- sections ----------------------------------------------------------------------
@rule("WMC601", "also-unknown-section", "error", "entry",
      "`also` names a section the list does not have.", "The work would not be listed there.",
      """
also: [modality-spatail]
""", "Use a section id from wmcurate.yaml.")
def also_unknown(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    known = [s.id for s in index.config.sections]
    for i, section in enumerate(entry.also):
        if section not in known:
            close = difflib.get_close_matches(section, known, n=1, cutoff=0.5)
            hint = f": did you mean '{close[0]}'?" if close else f"; known: {', '.join(known)}"
            yield Issue(("also", i), f"unknown section '{section}' in also{hint}")


@rule("WMC602", "also-repeats-home", "warning", "entry",
      "`also` repeats the entry's home section (its folder).",
      "The home section already lists it.", """
# entries/spatial/2003.08934.yaml
also: [spatial, modality]
""", "`--fix` removes it.")
def also_repeats_home(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if entry.section in entry.also:
        home = entry.section
        yield Issue(("also", entry.also.index(home)), f"'{home}' is the home section (the "
                    "entry's folder): remove it from also",
                    (("also",), _without(home), "also cleaned"))


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


# -- running -----------------------------------------------------------------------
def _dotted(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


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


def _selected(code: str, select: set[str], ignore: set[str]) -> bool:
    if select and not any(code.startswith(s) for s in select):
        return False
    return not any(code.startswith(i) for i in ignore)


#: The rule behind each kind of file that does not load (entries.EntryProblem.kind).
_PROBLEM_CODES = {"yaml": "WMC100", "type": "WMC104", "missing": "WMC101", "key": "WMC210",
                  "folder": "WMC603", "name": "WMC211"}


@dataclass
class LintRun:
    findings: list[Finding]
    fixes: dict[Path, list[tuple[FieldPath, Transform, str]]]


class _Positions:
    """Line and column of a field, from libyaml's node marks (composed once per file)."""

    def __init__(self) -> None:
        self.nodes: dict[Path, Any] = {}

    def find(self, path: Path, at: FieldPath) -> tuple[int, int]:
        if path not in self.nodes:
            try:
                self.nodes[path] = pyyaml.compose(path.read_bytes(), Loader=SafeLoader12)
            except (OSError, pyyaml.YAMLError):
                self.nodes[path] = None
        node = self.nodes[path]
        line, col = 1, 1
        for part in at:
            if isinstance(node, pyyaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == part), None)
                if pair is None:
                    break
                key_node, value_node = pair
                mark = value_node.start_mark if not _is_null(value_node) else key_node.start_mark
                line, col = mark.line + 1, mark.column + 1
                node = value_node
            elif isinstance(node, pyyaml.SequenceNode) and isinstance(part, int) \
                    and part < len(node.value):
                node = node.value[part]
                line, col = node.start_mark.line + 1, node.start_mark.column + 1
            else:
                break
        if not at and node is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        return line, col


def _check_config_codes(config: Config) -> None:
    from wmcurate.errors import ConfigError

    named = [*config.lint.severity, *config.lint.ignore]
    unknown = [c for c in named if not any(code.startswith(c.upper()) for code in RULES)]
    if unknown:
        raise ConfigError(f"wmcurate.yaml: lint: unknown rule code(s) {', '.join(unknown)}; "
                          "`wmcurate rules` lists them")


def _is_null(node: Any) -> bool:
    return isinstance(node, pyyaml.ScalarNode) and node.tag.endswith(":null")


def run_lint(config: Config, paths: Sequence[Path] | None = None, select: set[str] | None = None,
             ignore: set[str] | None = None, check_outputs: bool = True,
             loaded: LoadedList | None = None) -> LintRun:
    select = select or set()
    _check_config_codes(config)
    ignore = set(ignore or ()) | set(config.lint.ignore)
    severities = {code: level for code, level in config.lint.severity.items()}
    whole = load_entries(config) if loaded is None else loaded
    targets = None if paths is None else {p.resolve() for p in paths}
    index = ListIndex.build(config, whole.entries)
    positions = _Positions()
    findings: list[Finding] = []
    fixes: dict[Path, list[tuple[FieldPath, Transform, str]]] = defaultdict(list)

    def wanted(path: Path) -> bool:
        return targets is None or path.resolve() in targets

    def emit(code: str, path: Path, issue: Issue, line_col: tuple[int, int] | None = None
             ) -> None:
        if not _selected(code, select, ignore):
            return
        level = severities.get(code, RULES[code].severity)
        if level not in ("error", "warning"):
            return
        line, col = line_col or positions.find(path, issue.field)
        findings.append(Finding(code, "error" if level == "error" else "warning",
                                _display(path, config.root), line, col, issue.message,
                                issue.fix is not None))
        if issue.fix is not None:
            fixes[path].append(issue.fix)

    for problem in whole.problems:
        if not wanted(problem.path):
            continue
        code = _PROBLEM_CODES.get(problem.kind, "WMC104")
        emit(code, problem.path, Issue((), problem.message),
             (max(problem.line, 1), max(problem.column, 1)))
    raw_rules = [r for r in RULES.values() if r.scope == "raw"]
    entry_rules = [r for r in RULES.values() if r.scope == "entry"]
    for path, raw in whole.raw.items():
        if not wanted(path) or not isinstance(raw, Mapping):
            continue
        for raw_rule in raw_rules:
            for issue in raw_rule.check(raw, index):
                emit(raw_rule.code, path, issue)
    for entry in whole.entries:
        if not wanted(entry.path):
            continue
        raw = whole.raw.get(entry.path, {})
        for entry_rule in entry_rules:
            for issue in entry_rule.check(entry, raw, index):
                emit(entry_rule.code, entry.path, issue)
    for list_rule in (RULES["WMC206"], RULES["WMC207"], RULES["WMC209"]):
        pairs: Iterable[tuple[Entry, Issue]] = list_rule.check(index)
        for entry, issue in pairs:
            if wanted(entry.path):
                emit(list_rule.code, entry.path, issue)
    if check_outputs and paths is None and _selected("WMC701", select, ignore) \
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
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def apply_fixes(fixes: Mapping[Path, Sequence[tuple[FieldPath, Transform, str]]]
                ) -> list[tuple[Path, FieldPath, str]]:
    """Apply the safe fixes with the round-trip loader; returns what changed."""
    from wmcurate.entries import load_round_trip, save_entry

    changed: list[tuple[Path, FieldPath, str]] = []
    for path, items in fixes.items():
        document = load_round_trip(path)
        touched = False
        for at, transform, what in items:
            parent: Any = document
            for part in at[:-1]:
                parent = parent[part]
            last = at[-1]
            old = parent[last]
            new = transform(old)
            if new != old:
                if isinstance(old, list) and isinstance(new, list):
                    # Keep the sequence object (and its flow style) and edit it in place.
                    del old[:]
                    old.extend(new)
                else:
                    parent[last] = type(old)(new) if isinstance(old, str) and isinstance(
                        new, str) and type(old) is not str else new
                touched = True
                changed.append((path, at, what))
        if touched:
            save_entry(path, document)
    return changed


def explain(code: str) -> str:
    found = RULES.get(code.upper())
    if found is None:
        raise KeyError(code)
    return (f"{found.code} {found.name} ({found.severity})\n\n{found.summary}\n\n"
            f"Why: {found.rationale}\n\nFires on:\n\n"
            + "\n".join(f"    {line}" for line in found.example.splitlines())
            + f"\n\nFix: {found.fix}\n")


__all__ = ["RULES", "Finding", "apply_fixes", "explain", "run_lint", "split_venue"]
