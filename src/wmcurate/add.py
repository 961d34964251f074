"""`wmcurate add`: arXiv IDs in, entry stubs out.

The command's library half. `plan_add` decides, for every ID as the user gave
it, whether it is malformed, already in the list, or to be fetched; `resolve`
turns the fetched papers into stub documents (every fact filled, the curated
texts left empty for a human); `write_results` writes them, under the list's
lock, after a fresh look at the list, never replacing a file someone else
wrote meanwhile. The network stays in `wmcurate.arxiv` behind a fetcher.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from wmcurate.arxiv import Outcome
from wmcurate.config import Config
from wmcurate.enrich import BUILT_IN_LINK_LABELS, FoundLink, VenueGuess, detect_venue, find_links
from wmcurate.entries import (
    dump_yaml,
    load_entries,
    load_round_trip,
    new_entry_document,
    utc_now,
    write_atomic,
    yaml_value,
)
from wmcurate.errors import EntryError, InvalidArxivId, WmcurateError
from wmcurate.feed import Paper
from wmcurate.ids import ArxivId, arxiv_id_from_url, parse_arxiv_id
from wmcurate.listlock import create_exclusive, list_lock
from wmcurate.model import FIELDS, Entry

Status = Literal["pending", "added", "refreshed", "present", "not_found", "invalid", "failed"]
#: Order of the summary table's rows and counts.
STATUSES: tuple[Status, ...] = ("added", "refreshed", "present", "not_found", "invalid", "failed")
STATUS_TITLES: dict[Status, str] = {
    "pending": "not fetched",
    "added": "added", "refreshed": "refreshed", "present": "already present",
    "not_found": "not found", "invalid": "invalid", "failed": "failed",
}


_UNFETCHED: dict[str, Status] = {"not_found": "not_found", "invalid": "invalid"}
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


class Fetcher(Protocol):
    def fetch(self, ids: Iterable[ArxivId], progress: Callable[[int], None] | None = None,
              refresh: Collection[str] = ()) -> dict[str, Outcome]: ...


@dataclass
class AddResult:
    """What became of one ID as the user gave it.

    `arxiv` is the ID as given (with the version pasted, if any); the entry always tracks
    the paper, so the latest version is fetched. `moved_from` is the file a `--force
    --section` move leaves.
    """

    given: str
    status: Status
    arxiv: ArxivId | None = None
    path: Path | None = None
    message: str = ""
    document: CommentedMap | None = None
    paper: Paper | None = None
    fetched: dt.datetime | None = None
    moved_from: Path | None = None

    def note(self, text: str) -> None:
        self.message = f"{self.message}; {text}" if self.message else text


@dataclass
class AddPlan:
    results: list[AddResult]
    to_fetch: list[ArxivId] = field(default_factory=list)
    section: str | None = None
    #: Base IDs of papers already in the list that --force refreshes: asked of arXiv anew.
    refresh: set[str] = field(default_factory=set)
    featured: bool = False


def read_id_lines(text: str) -> list[str]:
    """IDs from a file or stdin: one per line; blank lines and `#` comments are skipped."""
    ids = []
    for line in text.splitlines():
        # A comment starts at a `#` that begins the line or follows a space, so a
        # URL's `#fragment` is not one.
        value = _COMMENT.sub("", line).strip()
        if value:
            ids.append(value)
    return ids


def existing_by_base(entries: Sequence[Entry]) -> dict[str, Entry]:
    """Entries keyed by the base of their arXiv ID, whatever form the file wrote it in.

    An entry without a readable `arxiv` field still names its paper by its arXiv links.
    """
    found: dict[str, Entry] = {}
    for entry in entries:
        arxiv_id: ArxivId | None = None
        if entry.arxiv:
            try:
                arxiv_id = parse_arxiv_id(entry.arxiv)
            except InvalidArxivId:
                pass
        for label in ("paper", "pdf"):
            if arxiv_id is None and entry.links.get(label):
                arxiv_id = arxiv_id_from_url(entry.links[label])
        if arxiv_id is not None:
            found.setdefault(arxiv_id.base, entry)
    return found


def _file_with_key(config: Config, key: str) -> Path | None:
    """An entry file named `key` in any section folder, even one that does not load."""
    for suffix in (".yaml", ".yml"):
        found = sorted(config.entries_dir.glob(f"*/{key}{suffix}"))
        if found:
            return found[0]
    return None


def choose_section(config: Config, section: str | None) -> str:
    known = ", ".join(s.id for s in config.sections)
    chosen = section or config.default_section
    if chosen is None:
        raise WmcurateError(f"--section is required (this list names no default_section); "
                            f"choose one of: {known}")
    if config.section(chosen) is None:
        raise WmcurateError(f"unknown section {chosen!r}; choose one of: {known}")
    return chosen


def plan_add(config: Config, entries: Sequence[Entry], given: Sequence[str],
             section: str | None, force: bool, featured: bool = False) -> AddPlan:
    """Sort the given IDs into malformed, already present and to fetch; nothing is fetched.

    A pasted version is fetched as the paper (its latest version): the list tracks papers.
    """
    if section is not None:
        choose_section(config, section)  # an unknown --section is refused, needed or not
    existing = existing_by_base(entries)
    by_key = {entry.key: entry for entry in entries}
    results: list[AddResult] = []
    to_fetch: list[ArxivId] = []
    refresh: set[str] = set()
    seen: dict[str, AddResult] = {}
    for text in given:
        try:
            arxiv_id = parse_arxiv_id(text)
        except InvalidArxivId as exc:
            results.append(AddResult(text, "invalid", message=exc.message))
            continue
        if arxiv_id.base in seen:
            # The same paper twice (maybe in two forms) is one paper.
            continue
        entry = existing.get(arxiv_id.base) or by_key.get(arxiv_id.key)
        unreadable = None if entry else _file_with_key(config, arxiv_id.key)
        if unreadable is not None:
            result = AddResult(text, "present", arxiv_id, unreadable,
                               "a file with this key exists but does not load as an entry; "
                               "fix it first (wmcurate lint names the problem)")
        elif entry is not None and not force:
            result = AddResult(text, "present", arxiv_id, entry.path,
                               "already in the list (use --force to refresh its facts)")
        else:
            result = AddResult(text, "pending", arxiv_id, entry.path if entry else None)
            to_fetch.append(arxiv_id.unversioned())
            if entry is not None:
                refresh.add(arxiv_id.base)
        seen[arxiv_id.base] = result
        results.append(result)
    needs_section = any(r.path is None for r in results if r.status == "pending")
    chosen = choose_section(config, section) if needs_section else section
    return AddPlan(results, to_fetch, chosen, refresh, featured)


def resolve(plan: AddPlan, outcomes: Mapping[str, Outcome], config: Config,
            featured: bool | None = None, now: dt.datetime | None = None) -> None:
    """Fill each pending result from arXiv's outcome: a stub for a new paper, a refresh else.

    `now` is when the paper joins the list (`added`); `source.fetched` says when arXiv
    actually answered (a cached answer keeps the time it was fetched).
    """
    if featured is not None:
        plan.featured = featured
    moment = (now or utc_now()).replace(microsecond=0)
    for result in plan.results:
        if result.status != "pending" or result.arxiv is None:
            continue
        outcome = outcomes.get(result.arxiv.base)
        if outcome is None:
            result.status, result.message = "failed", "no answer for this ID"
            continue
        if outcome.status != "found" or outcome.paper is None:
            result.status = _UNFETCHED.get(outcome.status, "failed")
            result.message = outcome.message or {
                "not_found": f"arXiv knows no paper {result.arxiv}",
                "invalid": f"arXiv rejected {result.arxiv} as malformed",
            }.get(outcome.status, "could not be fetched")
            continue
        paper = outcome.paper
        result.paper = paper
        result.fetched = (outcome.fetched or moment).replace(microsecond=0)
        pasted = result.arxiv.version
        latest = paper.id.version
        if pasted is not None and latest is not None and pasted != latest:
            given = f"arXiv has no v{pasted}" if pasted > latest else f"v{pasted} was given"
            result.note(f"{given}; the entry follows the paper, now at v{latest}")
        if result.path is not None:
            try:
                document = load_round_trip(result.path)
            except EntryError as exc:
                result.status, result.message = "failed", f"cannot be read: {exc.problem}"
                continue
            _plan_move(result, plan, config)
            result.document = _forced(document, result, plan, config)
            result.status = "refreshed"
        else:
            section = plan.section or choose_section(config, None)
            result.path = config.entries_dir / section / f"{paper.id.key}.yaml"
            result.document = stub_document(paper, config, plan.featured, moment,
                                            fetched=result.fetched)
            result.status = "added"
        _note_venue(result, paper, config)


def _plan_move(result: AddResult, plan: AddPlan, config: Config) -> None:
    """With --section, a refreshed entry moves to that section's folder (and says so)."""
    if plan.section is None or result.path is None or result.path.parent.name == plan.section:
        return
    result.moved_from = result.path
    result.path = config.entries_dir / plan.section / result.path.name
    result.note(f"moved from {result.moved_from.parent.name} to {plan.section}")


def _forced(document: CommentedMap, result: AddResult, plan: AddPlan,
            config: Config) -> CommentedMap:
    """A refreshed document, with what --section and --featured ask for."""
    assert result.paper is not None
    document = refresh_document(document, result.paper, config, result.fetched)
    if plan.featured and document.get("featured") is not True:
        _put(document, "featured", True, FIELDS)
    also = document.get("also")
    if result.moved_from is not None and isinstance(also, list) and plan.section in also:
        # Its new home is no longer one of its other sections.
        also.remove(plan.section)
        if not also:
            del document["also"]
    return document


def _venue(paper: Paper, config: Config) -> tuple[str, VenueGuess | None]:
    venues = [(v.name, v.aliases) for v in config.venues if v.name.casefold() != "arxiv"]
    guess = detect_venue(paper.comment, paper.journal_ref, venues)
    return (guess.venue if guess else f"arXiv {paper.published.year}"), guess


def _note_venue(result: AddResult, paper: Paper, config: Config) -> None:
    """arXiv named the venue without a year: the stub says the venue alone, and the summary
    asks for the year (never guessed from the arXiv date)."""
    guess = _venue(paper, config)[1]
    written = result.document.get("venue") if result.document is not None else None
    if guess is not None and guess.year_missing and written == guess.venue:
        result.note(f"venue {guess.name} named without a year ({guess.source}: "
                    f"\"{guess.evidence}\"): add the year")


def _found_links(paper: Paper) -> dict[str, FoundLink]:
    chosen: dict[str, FoundLink] = {}
    for link in find_links(paper.comment, paper.abstract):
        chosen.setdefault(link.label, link)
    return chosen


def link_vocabulary(config: Config) -> dict[str, str]:
    """What each kind of link is called in this list: casefolded key or alias -> label key.

    A list without `links:` knows the built-in labels. A kind the list has no label for
    is not written (its evidence stays under `source`).
    """
    if not config.links:
        return {label: label for label in BUILT_IN_LINK_LABELS}
    names = {link.key.casefold(): link.key for link in config.links}
    for link in config.links:
        for alias in link.aliases:
            names.setdefault(alias.casefold(), link.key)
    return names


def _source(paper: Paper, guess: VenueGuess | None, links: Mapping[str, FoundLink],
            now: dt.datetime) -> dict[str, Any]:
    source: dict[str, Any] = {
        "version": paper.id.version,
        "updated": paper.updated,
        "primary_category": paper.primary_category,
        "categories": list(paper.categories),
        "comment": paper.comment,
        "journal_ref": paper.journal_ref,
        "doi": paper.doi,
    }
    if guess is not None:
        source["venue_evidence"] = {"text": guess.evidence, "from": guess.source}
    if links:
        source["link_evidence"] = {label: {"url": link.url, "text": link.evidence,
                                           "from": link.source}
                                   for label, link in links.items()}
    source["fetched"] = now
    return source


def _affiliations(paper: Paper) -> str | None:
    names = dict.fromkeys(a for author in paper.authors for a in author.affiliations)
    return "; ".join(names) or None


def _facts(paper: Paper, config: Config, now: dt.datetime) -> dict[str, Any]:
    venue, guess = _venue(paper, config)
    found = _found_links(paper)
    vocabulary = link_vocabulary(config)
    links: dict[str, str] = {}
    candidates = [("paper", paper.id.abs_url), ("pdf", paper.id.pdf_url),
                  *((kind, link.url) for kind, link in found.items())]
    for kind, url in candidates:
        label = vocabulary.get(kind)
        if label is not None and label not in links and url not in links.values():
            links[label] = url
    rank = {label: i for i, label in enumerate(config.link_order() or BUILT_IN_LINK_LABELS)}
    links = dict(sorted(links.items(), key=lambda item: rank.get(item[0], len(rank))))
    return {
        "arxiv": paper.id.base,
        "title": paper.title,
        "authors": paper.author_names,
        "venue": venue,
        "published": paper.published,
        "affiliations": _affiliations(paper),
        "links": links,
        "abstract_en": paper.abstract,
        "source": _source(paper, guess, found, now),
    }


def stub_document(paper: Paper, config: Config, featured: bool, now: dt.datetime,
                  fetched: dt.datetime | None = None) -> CommentedMap:
    """A new entry: every fact from arXiv, the curated texts empty for a human to write.

    `now` is when it joins the list; `fetched` when arXiv gave the facts (default: now).
    """
    facts = _facts(paper, config, fetched or now)
    languages = config.language_codes
    empty = dict.fromkeys(languages, "")
    abstract = {lang: (facts["abstract_en"] if lang == "en" else "") for lang in languages}
    values = {
        **{k: v for k, v in facts.items() if k != "abstract_en"},
        "one_liner": empty,
        "innovation": empty,
        "abstract": abstract,
        "key_points": {lang: [] for lang in languages},
        "featured": True if featured else None,
        "added": now,
    }
    return new_entry_document(values)


def refresh_document(document: CommentedMap, paper: Paper, config: Config,
                     now: dt.datetime | None = None) -> CommentedMap:
    """Update an entry's facts from arXiv; curated texts, comments and order stay as they are.

    Facts arXiv owns (ID, title, authors, date, `source`) are replaced; a venue or a code /
    project link a curator wrote is kept unless arXiv now states a venue. A field the file
    lacks is inserted where the canonical order puts it.
    """
    facts = _facts(paper, config, (now or utc_now()).replace(microsecond=0))
    for name in ("arxiv", "authors", "published", "source"):
        _put(document, name, yaml_value(name, facts[name]), FIELDS)
    title = document.get("title")
    if isinstance(title, CommentedMap):  # a title per language: arXiv's is the English one
        _put(title, "en", facts["title"], config.language_codes)
    else:
        _put(document, "title", yaml_value("title", facts["title"]), FIELDS)
    if facts["affiliations"] and not document.get("affiliations"):
        _put(document, "affiliations", facts["affiliations"], FIELDS)
    current_venue = str(document.get("venue") or "")
    detected = facts["source"].get("venue_evidence") is not None
    if detected and _YEAR.search(current_venue) and not _YEAR.search(facts["venue"]):
        detected = False  # arXiv names the venue without a year: keep the curator's year
    if detected or not current_venue or current_venue.startswith("arXiv"):
        _put(document, "venue", facts["venue"], FIELDS)
    links = document.get("links")
    if not isinstance(links, CommentedMap):
        links = CommentedMap()
        _put(document, "links", links, FIELDS)
    fixed = {link_vocabulary(config).get(kind) for kind in ("paper", "pdf")}
    for label, url in facts["links"].items():
        if label in fixed or not links.get(label):
            _put(links, label, url, list(config.link_order()))
    abstract = document.get("abstract")
    if isinstance(abstract, CommentedMap):
        _put(abstract, "en", yaml_value("abstract.en", facts["abstract_en"]),
             config.language_codes)
    elif not abstract:
        _put(document, "abstract", yaml_value("abstract", {"en": facts["abstract_en"]}), FIELDS)
    return document


# -- keeping a curator's comments in place while values change ------------------------------
# ruamel.yaml keeps the full-line comments that follow a value on the last scalar inside it
# (after its end-of-line comment). Replacing the value, or inserting a key after it, would
# drop them or leave them before the wrong key; `_put` moves them along.


def _is_block(node: Any) -> bool:
    return (isinstance(node, (CommentedMap, CommentedSeq)) and len(node) > 0
            and not node.fa.flow_style())


def _tail_slot(parent: Any, key: Any) -> tuple[Any, Any, int]:
    """Where the comments after `parent[key]` are kept: (container, key or index, slot)."""
    value = parent[key]
    if _is_block(value):
        return _tail_slot(value, list(value)[-1] if isinstance(value, CommentedMap)
                          else len(value) - 1)
    return parent, key, 2 if isinstance(parent, CommentedMap) else 0


def _take_tail(parent: Any, key: Any) -> str:
    """Remove and return the full-line comments after `parent[key]` (not its EOL comment)."""
    holder, at, slot = _tail_slot(parent, key)
    item = holder.ca.items.get(at)
    token = item[slot] if item else None
    if not isinstance(token, CommentToken):
        return ""
    eol, _, rest = str(token.value).partition("\n")
    if not rest:
        return ""
    if eol.strip():
        token.value = eol + "\n"
    else:
        item[slot] = None
    return rest


def _put_tail(parent: Any, key: Any, text: str) -> None:
    if not text:
        return
    holder, at, slot = _tail_slot(parent, key)
    item = holder.ca.items.setdefault(at, [None, None, None, None])
    token = item[slot]
    if isinstance(token, CommentToken):
        token.value = str(token.value).rstrip("\n") + "\n" + text
    else:
        item[slot] = CommentToken("\n" + text, CommentMark(0), None)


def _put(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """`mapping[key] = value`; a new key goes where `order` puts it; comments stay put.

    An equal value is left as it is written (its style, quoting and comments).
    """
    if key in mapping:
        if mapping[key] == value:
            return
        tail = _take_tail(mapping, key)
        mapping[key] = value
        _put_tail(mapping, key, tail)
        return
    rank = {name: i for i, name in enumerate(order)}
    keys = list(mapping)
    pos = next((i for i, k in enumerate(keys)
                if key in rank and k in rank and rank[k] > rank[key]), len(keys))
    tail = _take_tail(mapping, keys[pos - 1]) if pos else ""
    mapping.insert(pos, key, value)
    _put_tail(mapping, key, tail)


def write_results(plan: AddPlan, config: Config) -> list[Path]:
    """Write every added or refreshed document; what cannot be written is reported.

    Writing happens under the list's lock and after a fresh look at the whole list: a paper
    that joined it meanwhile (another run, a hand-written file) is reported as present and
    its file left alone; a refresh is made again from the file as it is now, so an edit
    made during the fetch is kept. New files are created exclusively.
    """
    todo = [r for r in plan.results if r.status in ("added", "refreshed")
            and r.document is not None and r.path is not None]
    if not todo:
        return []
    written: list[Path] = []
    with list_lock(config.entries_dir):
        present = existing_by_base(load_entries(config).entries)
        for result in todo:
            if result.status == "added" and not _still_new(result, config, present):
                continue
            path = _write(result, config, plan)
            if path is not None:
                written.append(path)
    return written


def _modeline(config: Config, path: Path) -> str:
    """The editor's schema line a new entry starts with when the list has the entry schema
    (`wmcurate init` writes it), as the entries `init --from` imports start."""
    from wmcurate.schema import MODELINE, SCHEMA_FILES

    schema = config.root / SCHEMA_FILES["entry"]
    if not schema.is_file():
        return ""
    return f"{MODELINE}{Path(os.path.relpath(schema, path.parent)).as_posix()}\n"


def _still_new(result: AddResult, config: Config, present: Mapping[str, Entry]) -> bool:
    assert result.arxiv is not None
    entry = present.get(result.arxiv.base)
    there = entry.path if entry is not None else _file_with_key(config, result.arxiv.key)
    if there is None:
        return True
    result.status, result.path, result.document = "present", there, None
    result.message = "joined the list while this run was fetching (another run or an edit); " \
                     "its file was left as it is"
    return False


def _write(result: AddResult, config: Config, plan: AddPlan) -> Path | None:
    assert result.path is not None and result.document is not None
    try:
        if result.status == "added":
            create_exclusive(result.path, _modeline(config, result.path)
                             + dump_yaml(result.document))
        else:
            _rewrite(result, config, plan)
    except FileExistsError:
        if result.moved_from is not None:
            taken = f"{result.path.parent.name}/{result.path.name}"
            result.status, result.document = "failed", None
            result.path, result.moved_from = result.moved_from, None
            result.message = f"cannot move it: {taken} exists already; nothing was changed"
            return None
        result.status, result.document = "present", None
        result.message = "a file with this name appeared while this run was fetching; it " \
                         "was left as it is"
        return None
    except EntryError as exc:
        result.status, result.message = "failed", f"changed while fetching and no longer " \
            f"loads: {exc.problem}; nothing written"
        return None
    except OSError as exc:
        result.status = "failed"
        result.message = f"could not be written: {exc.strerror or exc}"
        return None
    return result.path


def _rewrite(result: AddResult, config: Config, plan: AddPlan) -> None:
    """Refresh the file as it is now (not as it was before the fetch) and write it back."""
    assert result.path is not None
    source = result.moved_from or result.path
    if not source.is_file():
        raise EntryError(str(source), "the file was removed")
    result.document = _forced(load_round_trip(source), result, plan, config)
    text = dump_yaml(result.document)
    if result.moved_from is None:
        write_atomic(result.path, text)
        return
    create_exclusive(result.path, text)
    try:
        result.moved_from.unlink()
    except OSError:
        result.path.unlink()  # never the entry twice: the move did not happen
        raise


def exit_code(results: Sequence[AddResult]) -> int:
    """0 when every paper was added (or refreshed with --force), 1 when any was not."""
    return 0 if results and all(r.status in ("added", "refreshed") for r in results) else 1
