"""Facts a curator would otherwise dig out by hand: the venue and the code / project links.

Pure functions over arXiv's free-text fields. Every guess carries its evidence (the text it
was read from) so a human can check it, and a guess is only made on clear wording. The venue
is read by `wmcurate.venue_detect` (re-exported here); the links are found below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from wmcurate.config import BUILT_IN_LINK_LABELS

# Venue detection has its own module (re-exported here, imported on first use: lint
# needs only the link labels below); its sentence splitting serves the links too.
if TYPE_CHECKING:
    from wmcurate.venue_detect import VenueGuess, detect_venue

__all__ = ["BUILT_IN_LINK_LABELS", "FoundLink", "VenueGuess", "detect_venue", "find_links"]


def __getattr__(name: str) -> Any:
    if name in ("VenueGuess", "detect_venue"):
        from wmcurate import venue_detect

        return getattr(venue_detect, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

#: What a found link is: the label it gets in a list whose vocabulary has that label.
LinkLabel = Literal["code", "project", "video", "model", "dataset", "demo"]
LinkSource = Literal["comment", "abstract"]



@dataclass(frozen=True)
class FoundLink:
    label: LinkLabel
    url: str
    evidence: str
    source: LinkSource


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
_VIDEO_HOSTS = frozenset({"youtube.com", "m.youtube.com", "youtu.be", "vimeo.com",
                          "player.vimeo.com", "bilibili.com", "b23.tv"})
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
    """Links worth a label, comment first, each labelled by what it is.

    `code`: github.com / gitlab.com / bitbucket.org / codeberg.org `<owner>/<repo>`,
    normalised to https without `.git`, query, fragment or trailing slash. Hugging Face:
    `<owner>/<repo>` is a `model`, `datasets/<owner>/<repo>` a `dataset`,
    `spaces/<owner>/<repo>` a `demo`. `video`: a YouTube, Vimeo or Bilibili page. `project`:
    another web page whose sentence says what it is ("Project page:", "available at",
    "demo", ...) or that is hosted where project pages live (github.io, ...); never arXiv,
    DOI or licence links nor files. Trailing punctuation and slashes are dropped.
    """
    found: list[FoundLink] = []
    seen: set[str] = set()
    sources: tuple[tuple[LinkSource, str | None], ...] = (
        ("comment", comment),
        ("abstract", abstract),
    )
    from wmcurate.venue_detect import clauses as _clauses
    from wmcurate.venue_detect import evidence as _evidence

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
    if bare_host in _VIDEO_HOSTS:
        return _video_link(parts.scheme.lower(), host, parts.path.rstrip("/"), parts.query)
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
    kinds: dict[str, LinkLabel] = {"spaces": "demo", "datasets": "dataset"}
    label: LinkLabel
    if segments and segments[0] in kinds:
        label, needed = kinds[segments[0]], 3
    elif segments and segments[0].lower() not in _HF_NOT_OWNERS:
        label, needed = "model", 2
    else:
        return None
    if len(segments) < needed:
        return None
    return label, "https://huggingface.co/" + "/".join(segments)


def _video_link(scheme: str, host: str, path: str, query: str) -> tuple[LinkLabel, str] | None:
    """A video page (not a channel's or the site's home page); its query names the video."""
    if not path and not query:
        return None
    return "video", f"{scheme}://{host}{path}" + (f"?{query}" if query else "")
