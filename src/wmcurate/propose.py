"""A list's structure proposed from a hand-written markdown list: its parts and sections.

`init --from` reads the list's files once with a provisional config in which every
heading names a section of its own, so the importer (`read_markdown`, `join`) says under
which heading each work is written. Then:

- a heading is a section when a work under it looks like a paper (an arXiv ID, a venue,
  or fields written in full): prose, tables of contents and contribution guides are not;
- headings of different files that list the same works are one section (the English
  and Chinese copies, a README and a section page), best match first, never two
  headings of one file; the first heading in each language is the section's title
  there, the other headings its aliases;
- a section's part is the heading above it that is no section (a level-1 heading that
  titles its file is no part); a section with none, in a list whose other sections have
  parts, is a part of its own; a list without any has the implicit part.

Ids are slugs of the main language's titles. Nothing is written here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wmcurate.config import IMPLICIT_PART, IMPLICIT_PART_TITLES, parse_config
from wmcurate.errors import WmcurateError
from wmcurate.importer import Occurrence, join, read_markdown
from wmcurate.importer.sections import detect_language
from wmcurate.importer.syntax import DECORATION, heading_text, squash
from wmcurate.labels import DEFAULT_LABELS, heading_starts_works
from wmcurate.markdown import cjk_share, headings, unescape

#: Two headings of different files are one section when at least this share of the
#: smaller one's works are the other's too.
SAME_SECTION = 0.5
_SUFFIX = re.compile(r"[._-]([a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)$")
_PROVISIONAL = "wmcurate-heading-{}"


class ProposalError(WmcurateError):
    """A source list cannot be read, or holds nothing that looks like a section."""


@dataclass(frozen=True)
class Source:
    path: Path
    shown: str
    text: str
    language: str


@dataclass(frozen=True)
class Heading:
    file: int
    line: int
    level: int
    raw: str
    #: The heading as a title (`Image Generation`).
    text: str
    #: The heading as the importer compares it with titles and aliases (`2.1 Image
    #: Generation`): where they differ, the section needs it as an alias.
    seen: str


@dataclass
class Group:
    """A proposed part or section."""

    id: str
    title: dict[str, str]
    aliases: list[str] = field(default_factory=list)
    icon: str = ""
    part: str = ""
    works: int = 0


@dataclass
class Proposal:
    languages: list[str]
    sources: list[Source]
    parts: list[Group]
    sections: list[Group]
    #: The title of each language's first file (its level-1 heading), for the README.
    titles: dict[str, str]
    #: Headings over works that do not look like papers, not made sections: (where, text).
    skipped: list[tuple[str, str]]


def read_sources(paths: Sequence[Path], shown: Sequence[str]) -> list[tuple[Path, str, str]]:
    out = []
    for path, name in zip(paths, shown, strict=True):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise ProposalError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise ProposalError(f"{name}: is a folder; give the list's markdown files") from None
        except UnicodeDecodeError as exc:
            raise ProposalError(f"{name}: not UTF-8 text (byte {exc.start}); convert it to "
                                "UTF-8 first") from None
        except OSError as exc:
            raise ProposalError(f"{name}: cannot be read ({exc.strerror or exc})") from None
        out.append((path, name, text.replace("\r\n", "\n").replace("\r", "\n")))
    return out


def guess_languages(files: Sequence[tuple[Path, str, str]]) -> list[str]:
    """The languages of the files, the first file's first: a name's suffix (`_zh`),
    else Chinese for text mostly in Chinese characters, else English."""
    found: list[str] = []
    for path, _, text in files:
        match = _SUFFIX.search(path.stem.lower())
        named = match.group(1).replace("_", "-") if match else ""
        code = _SAME_LANGUAGE.get(named, named) if named in LANGUAGE_CODES else \
            ("zh" if cjk_share(text) > 0.3 else "en")
        if code not in found:
            found.append(code)
    return found


def language_table(codes: Sequence[str]) -> list[dict[str, Any]]:
    """`languages:` for a config: names of the known ones, English labels for the others."""
    return [{"code": c, "name": LANGUAGE_NAMES.get(c, c),
             **({} if c in DEFAULT_LABELS else {"labels": dict(DEFAULT_LABELS["en"])})}
            for c in codes]


#: Codes a file name may end with (`README_fr.md`); anything else is no language.
LANGUAGE_CODES = frozenset((
    "en", "zh", "zh-cn", "zh-hans", "zh-tw", "zh-hant", "ja", "ko", "fr", "de", "es", "pt",
    "pt-br", "it", "ru", "vi", "ar", "hi", "tr", "pl", "nl", "uk", "id", "th", "fa", "he"))
_SAME_LANGUAGE = {"zh-cn": "zh", "zh-hans": "zh", "zh-hant": "zh-tw"}
LANGUAGE_NAMES = {"en": "English", "zh": "中文", "zh-tw": "繁體中文", "ja": "日本語",
                  "ko": "한국어", "fr": "Français", "de": "Deutsch", "es": "Español",
                  "pt": "Português", "it": "Italiano", "ru": "Русский", "vi": "Tiếng Việt"}


def propose(paths: Sequence[Path], shown: Sequence[str], languages: Sequence[str] | None,
            root: Path, extra: dict[str, Any]) -> Proposal:
    """The parts and sections of the list written in `paths` (`shown` as messages name
    them). `extra` is the rest of the config the works are read with (links, venues)."""
    files = read_sources(paths, shown)
    codes = list(languages or guess_languages(files))
    heads = _headings(files)
    base = {**extra, "languages": language_table(codes),
            "outputs": [{"path": readme_name(c, codes), "language": c} for c in codes]}
    sources: list[Source] = []
    occurrences: list[Occurrence] = []
    #: provisional section id -> (file, squashed heading text)
    candidate: dict[str, tuple[int, str]] = {}
    for f, (path, name, text) in enumerate(files):
        # One provisional section per distinct heading text of the file, as the importer
        # tells headings apart.
        texts: dict[str, str] = {}
        for head in heads:
            if head.file == f and not heading_starts_works(head.seen)[0]:
                texts.setdefault(squash(head.seen), head.seen)
        sections = []
        for key, title in texts.items():
            ident = _PROVISIONAL.format(len(candidate))
            candidate[ident] = (f, key)
            sections.append({"id": ident, "title": title})
        if not sections:
            sources.append(Source(path, name, text, codes[0]))
            continue
        provisional = parse_config({**base, "sections": sections}, root, "the proposal")
        source = Source(path, name, text, detect_language(name, text, provisional))
        sources.append(source)
        found, _ = read_markdown(name, text, provisional, source.language)
        occurrences += found
    works, _ = join(occurrences, codes)
    return _Proposer(sources, heads, candidate, codes, works).proposal()


def readme_name(code: str, codes: Sequence[str]) -> str:
    return "README.md" if code == codes[0] else f"README_{code}.md"


def _headings(files: Sequence[tuple[Path, str, str]]) -> list[Heading]:
    out = []
    for i, (_, _, text) in enumerate(files):
        for line, level, raw in headings(text.split("\n")):
            seen = heading_text(raw)
            if squash(seen):
                out.append(Heading(i, line + 1, level, raw, display_text(raw), seen))
    return out


def display_text(raw: str) -> str:
    """A heading as a title: without its markup, images, emoji or numbering (`2.1`,
    `1️⃣`), but with a quotation mark or bracket it opens with (`🌟 "Trinity" Models`)."""
    plain = unescape(_TAGS.sub("", _IMAGE.sub("", raw)).replace("**", "").replace("__", ""))
    plain = _LINK.sub(r"\1", plain).strip()
    while True:
        numbering = _NUMBERING.match(plain)
        if numbering:
            plain = plain[numbering.end():]
        elif plain and _decoration(plain[0]):
            plain = plain[1:].lstrip()
        else:
            break
    return plain.strip() or heading_text(raw)


def _decoration(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk", "Mn", "Cf") or ch in "\ufe0f\u20e3#*-"


_IMAGE = re.compile(r"\[?!\[[^\]]*\]\([^)]*\)(?:\]\([^)]*\))?")
_TAGS = re.compile(r"<[^>]+>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[IVX]{1,4}\.|[A-Za-z][.)])(?=\s)\s*")

Key = tuple[int, str]  # (file, squashed heading text): one heading text of one file


class _Proposer:
    def __init__(self, sources: list[Source], heads: list[Heading],
                 candidate: dict[str, Key], codes: list[str], works: Sequence[Any]) -> None:
        self.sources = sources
        self.heads = heads
        self.codes = codes
        self.file_of = {s.shown: i for i, s in enumerate(sources)}
        #: the works (indices) under each heading, and whether any copy looks like a paper
        self.works: dict[Key, set[int]] = {}
        self.paper: dict[Key, bool] = {}
        self.first_line: dict[Key, int] = {}
        for n, work in enumerate(works):
            for occ in work.occurrences:
                key = candidate[occ.section]
                self.works.setdefault(key, set()).add(n)
                looks = bool(occ.arxiv or occ.venue or occ.full)
                self.paper[key] = self.paper.get(key, False) or looks
                self.first_line[key] = min(self.first_line.get(key, occ.line), occ.line)

    def proposal(self) -> Proposal:
        keys = [k for k in self.works if self.paper[k]]
        skipped = [(f"{self.sources[k[0]].shown}:{h.line}", h.text) for k in self.works
                   if not self.paper[k] and (h := self.heading_of(k)) is not None]
        if not keys:
            raise ProposalError(
                "no heading of " + ", ".join(s.shown for s in self.sources) + " is over a "
                "work that looks like a paper (an arXiv link or ID, a venue with its year, or "
                "fields such as **Authors:**); `wmcurate import --help` shows the forms read")
        clusters = self.cluster(self.fold(keys))
        groups = [self.section(c) for c in clusters]
        parts = self.parts(clusters, groups)
        titles: dict[str, str] = {}
        for f, source in enumerate(self.sources):
            first = next((h for h in self.heads if h.file == f), None)
            if first is not None and first.level == 1:
                titles.setdefault(source.language, first.text)
        return Proposal(self.codes, self.sources, parts, groups, titles, _once(skipped))

    # -- sections ----------------------------------------------------------------------
    def heading_of(self, key: Key) -> Heading | None:
        """The heading of `key` that its works are under (the last before the first)."""
        f, text = key
        line = self.first_line.get(key, 10**9)
        found = [h for h in self.heads if h.file == f and squash(h.seen) == text]
        before = [h for h in found if h.line < line]
        return before[-1] if before else (found[0] if found else None)

    def enclosing(self, head: Heading) -> Heading | None:
        for h in reversed([h for h in self.heads if h.file == head.file and h.line < head.line]):
            if h.level < head.level and not heading_starts_works(h.seen)[0]:
                return h
        return None

    def fold(self, keys: list[Key]) -> list[Key]:
        """A heading over works right under a heading that is a section in another file
        (a section page's "All works in detail") is part of that section here."""
        sections = {k[1] for k in keys}
        out = []
        for key in keys:
            head = self.heading_of(key)
            above = self.enclosing(head) if head is not None else None
            outer: Key | None = None if above is None else (key[0], squash(above.seen))
            if outer is not None and outer not in self.works and outer[1] in sections \
                    and any(k[1] == outer[1] and k[0] != key[0] for k in keys):
                self.works[outer] = self.works.pop(key)
                self.first_line[outer] = self.first_line.pop(key)
                self.paper[outer] = True
                out.append(outer)
            else:
                out.append(key)
        return _once(out)

    def cluster(self, keys: list[Key]) -> list[list[Key]]:
        """Headings joined into sections, in the order the files show them: the same text
        first, then the most works shared; never two headings of one file."""
        group = {k: [k] for k in keys}
        pairs = []
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                wa, wb = self.works[a], self.works[b]
                shared = len(wa & wb)
                if a[0] != b[0] and shared / min(len(wa), len(wb)) >= SAME_SECTION:
                    pairs.append((a[1] != b[1], -shared / len(wa | wb), i, a, b))
        for _, _, _, a, b in sorted(pairs):
            ga, gb = group[a], group[b]
            if ga is gb or {k[0] for k in ga} & {k[0] for k in gb}:
                continue
            works_a = set().union(*(self.works[k] for k in ga))
            works_b = set().union(*(self.works[k] for k in gb))
            if len(works_a & works_b) / min(len(works_a), len(works_b)) < SAME_SECTION:
                continue
            ga.extend(gb)
            for k in gb:
                group[k] = ga
        clusters = list({id(g): g for g in group.values()}.values())
        return self.ordered(clusters)

    def ordered(self, clusters: list[list[Key]]) -> list[list[Key]]:
        """File by file: a cluster not placed yet goes right after the one before it in
        that file."""
        placed: list[list[Key]] = []
        for f in range(len(self.sources)):
            previous: list[Key] | None = None
            heads = sorted((h.line, k) for c in clusters for k in c if k[0] == f
                           for h in [self.heading_of(k)] if h is not None)
            for _, key in heads:
                cluster = next(c for c in clusters if key in c)
                if not any(c is cluster for c in placed):
                    at = 0 if previous is None else \
                        next(i for i, c in enumerate(placed) if c is previous) + 1
                    placed.insert(at, cluster)
                previous = cluster
        return placed

    def copies(self, cluster: list[Key]) -> list[Heading]:
        """The cluster's headings, in file order."""
        found = [h for k in cluster if (h := self.heading_of(k)) is not None]
        return sorted(found, key=lambda h: (h.file, h.line))

    def section(self, cluster: list[Key]) -> Group:
        title: dict[str, str] = {}
        seen: list[str] = []
        for head in self.copies(cluster):
            title.setdefault(self.sources[head.file].language, head.text)
            seen += [head.text, head.seen]
        # Every heading seen is found again by import: by a title, else by an alias.
        known = {squash(t) for t in title.values()}
        aliases = []
        for text in seen:
            if squash(text) not in known:
                known.add(squash(text))
                aliases.append(text)
        works = set().union(*(self.works[k] for k in cluster))
        return Group(id="", title=self.ordered_title(title), aliases=aliases, works=len(works))

    def ordered_title(self, title: dict[str, str]) -> dict[str, str]:
        return {c: title[c] for c in self.codes if c in title}

    # -- parts -------------------------------------------------------------------------
    def parent(self, head: Heading, sections: set[Key]) -> Heading | None:
        titled = [h for h in self.heads if h.file == head.file and h.level == 1]
        above = self.enclosing(head)
        if above is None or (above.file, squash(above.seen)) in sections:
            return None
        if above.level == 1 and len(titled) == 1 and above is titled[0]:
            return None  # the file's title
        return above

    def parts(self, clusters: list[list[Key]], groups: list[Group]) -> list[Group]:
        keys = {k for c in clusters for k in c}
        found: dict[str, Group] = {}
        owner: list[Group | None] = []
        for cluster in clusters:
            parents = [(self.sources[h.file].language, p) for h in self.copies(cluster)
                       if (p := self.parent(h, keys)) is not None]
            if not parents:
                owner.append(None)
                continue
            main = squash(parents[0][1].text)
            part = found.get(main)
            if part is None:
                part = found[main] = Group(id="", title={}, icon=_icon(parents[0][1].raw))
            for language, head in parents:
                if squash(head.text) == main or language not in part.title:
                    part.title.setdefault(language, head.text)
                if squash(head.text) not in {squash(t) for t in part.title.values()}:
                    part.aliases = _once([*part.aliases, head.text])
            owner.append(part)
        parts: list[Group] = []
        for group, cluster, part in zip(groups, clusters, owner, strict=True):
            if part is None:
                if found:  # a section level with the parts: a part of its own
                    head = self.copies(cluster)[0]
                    part = Group(id="", title=dict(group.title), icon=_icon(head.raw))
                elif not parts:
                    part = Group(id=IMPLICIT_PART, title={
                        c: IMPLICIT_PART_TITLES.get(c, "Papers") for c in self.codes})
                else:
                    part = parts[0]
            if not any(p is part for p in parts):
                part.title = self.ordered_title(part.title)
                parts.append(part)
            group.part = str(id(part))
        taken: set[str] = set()
        for part in parts:
            part.id = part.id or _ident(part.title, self.codes, "part", taken)
            taken.add(part.id)
        by_object = {str(id(p)): p.id for p in parts}
        taken = set()
        for group in groups:
            group.part = by_object[group.part]
            group.id = _ident(group.title, self.codes, "section", taken)
            taken.add(group.id)
        return parts


def _ident(title: dict[str, str], codes: Sequence[str], kind: str, taken: set[str]) -> str:
    """A slug of the title in the first language that has Latin letters or digits."""
    slug = ""
    for code in (*codes, *title):
        text = unicodedata.normalize("NFKD", title.get(code, "")).encode("ascii", "ignore")
        slug = re.sub(r"[^a-z0-9]+", "-", text.decode().lower()).strip("-")
        if slug:
            break
    slug = slug[:40].rsplit("-", 1)[0] if len(slug) > 40 else slug
    base = slug or kind
    slug, n = (base, 2) if slug else (f"{kind}-1", 2)
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _icon(raw: str) -> str:
    """The emoji a heading starts with (`## 🔬 Specialized Models` -> 🔬), if any."""
    match = DECORATION.match(unescape(raw).strip())
    if not match:
        return ""
    return "".join(ch for ch in match.group(0) if unicodedata.category(ch) == "So"
                   or ch in "\ufe0f\u200d").strip()


def _once(items: Sequence[Any]) -> list[Any]:
    return list(dict.fromkeys(items))
