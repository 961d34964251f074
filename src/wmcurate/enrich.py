"""Facts a curator would otherwise dig out by hand: the venue and the code / project links.

Pure functions over arXiv's free-text fields. Every guess carries its evidence (the text it
was read from) so a human can check it, and a guess is only made on clear wording: a venue
that is merely "submitted to" or a workshop "at" a conference is not the paper's venue.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

__all__ = ["FoundLink", "VenueGuess", "detect_venue", "find_links"]

VenueSource = Literal["comment", "journal_ref"]
LinkLabel = Literal["code", "project"]
LinkSource = Literal["comment", "abstract"]


@dataclass(frozen=True)
class VenueGuess:
    """`venue` is "<NAME> <YEAR>". `year_guessed` is True when the text gave no year and
    the paper's own year was used."""

    venue: str
    name: str
    year: int
    evidence: str
    source: VenueSource
    year_guessed: bool = False


@dataclass(frozen=True)
class FoundLink:
    label: LinkLabel
    url: str
    evidence: str
    source: LinkSource


# --- clauses -----------------------------------------------------------------------------

# A period after one of these does not end a sentence ("Proc. of ICST 2021").
_ABBREVIATIONS = frozenset(
    {
        "proc", "conf", "int", "intl", "symp", "trans", "vol", "no", "nos", "pp", "ed", "eds",
        "al", "eg", "ie", "vs", "phys", "rev", "lett", "astrophys", "math", "univ", "dept",
        "fig", "figs", "eq", "ref", "refs", "sec", "ch", "approx", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "st", "mt", "inc", "ltd",
        "co", "jr", "sr", "dr", "prof", "j",
    }
)  # fmt: skip
_CANDIDATE_BREAK = re.compile(r"[.!?](?=\s)|[;|\n]|\s/\s")
# The word before a period, unless it ends a URL or path ("github.com/a/b.").
_WORD_BEFORE = re.compile(r"(?<![\w/:=?&%-])([A-Za-z]+)\.$")


def _clauses(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences and `;`-separated parts of `text`."""
    start = 0
    for brk in _CANDIDATE_BREAK.finditer(text):
        if brk.group() == ".":
            word = _WORD_BEFORE.search(text[max(start, brk.start() - 20) : brk.end()])
            if word and (len(word[1]) == 1 or word[1].lower() in _ABBREVIATIONS):
                continue
        end = brk.end() if brk.group() in ".!?" else brk.start()
        if text[start:end].strip():
            yield start, end
        start = brk.end()
    if text[start:].strip():
        yield start, len(text)


def _evidence(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split()).strip(" ,;|")


# --- venues ------------------------------------------------------------------------------

# Wording that makes the venue something other than where this paper appeared.
_NOT_PUBLISHED_THERE = re.compile(
    r"\b(?:submitted|submission|under\s+review|in\s+review|rejected|withdrawn|"
    r"extended\s+version|extension\s+of|extends\s+(?:our|the)|journal\s+version|"
    r"earlier\s+version|preliminary\s+version|previous\s+version|short(?:er)?\s+version|"
    r"workshops?|co-?located|in\s+conjunction\s+with|part\s+of\s+the|satellite|"
    r"not\s+(?:yet\s+)?accepted|planned\s+for|will\s+be\s+submitted)\b",
    re.IGNORECASE,
)
# Wording that says the paper did appear (needed when no year is written next to the venue).
_PUBLISHED_THERE = re.compile(
    r"\b(?:accepted|to\s+appear|appear(?:s|ed|ing)?\s+(?:in|at)|published|publication|"
    r"presented\s+at|proceedings|camera[-\s]ready|oral|spotlight|poster|highlight)\b",
    re.IGNORECASE,
)
_YEAR_AFTER = re.compile(
    r"[\s,)]*(?:\([^()]{0,30}\)[\s,]*)?(?:(?P<long>(?:19|20)[0-9]{2})|['’‘]\s?(?P<short>[0-9]{2}))"
    r"(?![0-9])"
)
_ANY_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


@dataclass(frozen=True)
class _VenueMatcher:
    pattern: re.Pattern[str]
    exact: dict[str, str]
    folded: dict[str, str]

    def canonical(self, matched: str) -> str | None:
        text = " ".join(matched.split())
        return self.exact.get(text) or self.folded.get(text.casefold())


@functools.lru_cache(maxsize=32)
def _venue_matcher(venues: tuple[tuple[str, tuple[str, ...]], ...]) -> _VenueMatcher | None:
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    terms: list[tuple[str, bool]] = []
    for name, aliases in venues:
        for term in (name, *aliases):
            term = " ".join(term.split())
            if not term:
                continue
            # All-capital acronyms are matched as written, so "ACL" does not match "acl";
            # names with lower case ("NeurIPS", "SIGGRAPH Asia") match in any case.
            fold = any(ch.islower() for ch in term)
            (folded if fold else exact).setdefault(term.casefold() if fold else term, name)
            terms.append((term, fold))
    if not terms:
        return None
    terms.sort(key=lambda item: -len(item[0]))  # longest first: "SIGGRAPH Asia" over "SIGGRAPH"
    alternatives = []
    for term, fold in terms:
        body = r"\s+".join(re.escape(word) for word in term.split())
        alternatives.append(f"(?i:{body})" if fold else body)
    pattern = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(alternatives) + r")(?![A-Za-z])")
    return _VenueMatcher(pattern, exact, folded)


def detect_venue(
    comment: str | None,
    journal_ref: str | None,
    venues: Sequence[tuple[str, Sequence[str]]],
    year: int | None = None,
) -> VenueGuess | None:
    """The venue a paper appeared at, read from its journal_ref, else its comment.

    `venues` lists (canonical name, aliases). `year` (the paper's year) stands in when the
    text names the venue with clear wording but no year. None means no venue was found:
    the caller falls back to "arXiv <year>".
    """
    matcher = _venue_matcher(tuple((name, tuple(aliases)) for name, aliases in venues))
    if matcher is None:
        return None
    sources: tuple[tuple[VenueSource, str | None], ...] = (
        ("journal_ref", journal_ref),
        ("comment", comment),
    )
    for source, text in sources:
        if text:
            guess = _venue_in(text, source, matcher, year)
            if guess is not None:
                return guess
    return None


def _venue_in(
    text: str, source: VenueSource, matcher: _VenueMatcher, fallback_year: int | None
) -> VenueGuess | None:
    # URLs hide venue-like words ("icst2021.icmc.usp.br"); blank them but keep offsets.
    searchable = _URL.sub(lambda m: " " * len(m.group()), text)
    for start, end in _clauses(searchable):
        clause = searchable[start:end]
        if _NOT_PUBLISHED_THERE.search(clause):
            continue
        for match in matcher.pattern.finditer(clause):
            name = matcher.canonical(match.group())
            if name is None or clause[: match.start()].rstrip().endswith("@"):
                continue  # "SBFT@ICSE 2024" is a workshop at ICSE, not ICSE
            found_year = _year_near(clause, match)
            guessed = found_year is None
            if found_year is None:
                # A journal_ref is itself proof of publication; a comment must say so.
                if source == "comment" and not _PUBLISHED_THERE.search(clause):
                    continue
                if fallback_year is None:
                    continue
                found_year = fallback_year
            return VenueGuess(
                venue=f"{name} {found_year}",
                name=name,
                year=found_year,
                evidence=_evidence(text, start, end),
                source=source,
                year_guessed=guessed,
            )
    return None


def _year_near(clause: str, match: re.Match[str]) -> int | None:
    after = _YEAR_AFTER.match(clause, match.end())
    if after:
        if after["long"]:
            return int(after["long"])
        short = int(after["short"])
        return 2000 + short if short < 50 else 1900 + short
    years = [(abs(m.start() - match.start()), int(m.group())) for m in _ANY_YEAR.finditer(clause)]
    return min(years)[1] if years else None


# --- links -------------------------------------------------------------------------------

_URL_CHARS = r"[!#-&(-;=?-Z_a-z~%]"  # printable ASCII except space " ' < > [ \ ] ^ ` { | }
_URL = re.compile(
    r"(?:https?://|(?<![\w.@/:-])(?=(?:www\.|github\.com/|gitlab\.com/|huggingface\.co/)))"
    + _URL_CHARS
    + "+",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?*'\""
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org"})
# First path segments on code hosts that are site pages, not an owner.
_NOT_OWNERS = frozenset(
    {
        "about", "blog", "collections", "contact", "customer-stories", "enterprise", "events",
        "explore", "features", "issues", "login", "marketplace", "notifications", "orgs",
        "pricing", "pulls", "search", "security", "settings", "site", "sponsors", "topics",
        "trending", "users",
    }
)  # fmt: skip
_HF_NOT_OWNERS = frozenset(
    {
        "blog", "collections", "docs", "join", "learn", "login", "models", "papers", "posts",
        "pricing", "settings", "tasks",
    }
)  # fmt: skip
_NOT_PROJECT_HOSTS = frozenset(
    {"arxiv.org", "doi.org", "dx.doi.org", "creativecommons.org", "orcid.org"}
)
# A link elsewhere is only a project page when its sentence says what it is: comments also
# link publishers, conference sites and DOIs.
_PROJECT_CUE = re.compile(
    r"\b(?:project|homepage|home\s+page|website|web\s*site|webpage|web\s+page|page|demos?|"
    r"videos?|available|visit|see|code|data(?:set)?s?|results|supplementary|released?)\b",
    re.IGNORECASE,
)
_PROJECT_HOST_SUFFIXES = (
    ".github.io", ".gitlab.io", ".netlify.app", ".vercel.app", ".pages.dev", "sites.google.com",
)  # fmt: skip
_FILE_SUFFIXES = (
    ".pdf", ".ps", ".gz", ".zip", ".tar", ".tgz", ".bz2", ".xz", ".eps", ".png", ".jpg",
)  # fmt: skip


def find_links(comment: str | None, abstract: str | None) -> list[FoundLink]:
    """Code repositories (label `code`) and project pages (label `project`), comment first.

    Code: github.com / gitlab.com / bitbucket.org / codeberg.org `<owner>/<repo>` and
    huggingface.co `<owner>/<repo>` (also `spaces/` and `datasets/`), normalised to https
    without `.git`, query, fragment or trailing slash. Project: another web page whose
    sentence says what it is ("Project page:", "available at", "demo", ...) or that is hosted
    where project pages live (github.io, ...); never arXiv, DOI or licence links nor files.
    Trailing punctuation and slashes are dropped.
    """
    found: list[FoundLink] = []
    seen: set[str] = set()
    sources: tuple[tuple[LinkSource, str | None], ...] = (
        ("comment", comment),
        ("abstract", abstract),
    )
    for source, text in sources:
        if not text:
            continue
        clauses = list(_clauses(text))
        for match in _URL.finditer(text):
            raw = _trim(match.group())
            link = _classify(raw)
            if link is None:
                continue
            label, url = link
            start, end = next(
                ((s, e) for s, e in clauses if s <= match.start() < e), (match.start(), match.end())
            )
            evidence = _evidence(text, start, end)
            if label == "project" and not _looks_like_project(url, evidence.replace(raw, " ")):
                continue
            if url.casefold() in seen:
                continue
            seen.add(url.casefold())
            found.append(FoundLink(label, url, evidence, source))
    return found


def _looks_like_project(url: str, context: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(_PROJECT_HOST_SUFFIXES) or _PROJECT_CUE.search(context) is not None


def _trim(url: str) -> str:
    """Drop punctuation that ends the sentence rather than the URL."""
    while url:
        last = url[-1]
        unbalanced = last in _CLOSERS and url.count(_CLOSERS[last]) < url.count(last)
        if last not in _TRAILING and not unbalanced:
            break
        url = url[:-1]
    return url


def _classify(raw: str) -> tuple[LinkLabel, str] | None:
    with_scheme = raw if re.match(r"https?://", raw, re.IGNORECASE) else "https://" + raw
    try:
        parts = urlsplit(with_scheme)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    bare_host = host.removeprefix("www.")
    if not bare_host or "." not in bare_host:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if bare_host in _CODE_HOSTS:
        return _code_link(bare_host, segments)
    if bare_host == "huggingface.co":
        return _huggingface_link(segments)
    if bare_host in _NOT_PROJECT_HOSTS or bare_host.endswith(".arxiv.org"):
        return None
    if parts.path.lower().endswith(_FILE_SUFFIXES):
        return None
    path = parts.path.rstrip("/")
    url = f"{parts.scheme.lower()}://{host}{path}"
    if parts.query:
        url += f"?{parts.query}"
    if parts.fragment:
        url += f"#{parts.fragment}"
    return "project", url


def _code_link(host: str, segments: list[str]) -> tuple[LinkLabel, str] | None:
    if len(segments) < 2 or segments[0].lower() in _NOT_OWNERS:
        return None
    if host == "gitlab.com" and "-" in segments:
        # GitLab nests groups: the project path ends where its `/-/` pages begin.
        cut = segments.index("-")
        project, rest = segments[:cut], segments[cut:]
        if len(project) < 2:
            return None
        segments = [*project[:-1], project[-1].removesuffix(".git"), *rest]
    elif host == "gitlab.com":
        segments = [*segments[:-1], segments[-1].removesuffix(".git")]
    else:
        segments = [segments[0], segments[1].removesuffix(".git"), *segments[2:]]
    if not all(segments):
        return None
    return "code", f"https://{host}/" + "/".join(segments)


def _huggingface_link(segments: list[str]) -> tuple[LinkLabel, str] | None:
    if segments and segments[0] in ("spaces", "datasets"):
        needed = 3
    elif segments and segments[0].lower() not in _HF_NOT_OWNERS:
        needed = 2
    else:
        return None
    if len(segments) < needed:
        return None
    return "code", "https://huggingface.co/" + "/".join(segments)
