"""arXiv identifiers: one parser for every form a user pastes.

Everything that reaches the arXiv API goes through `parse_arxiv_id`, so a string that
parses here is safe to put in an `id_list`: its canonical form only holds
`[a-z-]`, digits, `.`, `/` and `v`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from wmcurate.errors import InvalidArxivId
from wmcurate.lazyre import lazy

__all__ = [
    "ACCEPTED_FORMS",
    "ArxivId",
    "InvalidArxivId",
    "arxiv_id_from_url",
    "parse_arxiv_id",
    "parse_arxiv_ids",
]

ACCEPTED_FORMS = (
    "2303.11328",
    "2303.11328v2",
    "arXiv:2303.11328",
    "https://arxiv.org/abs/2303.11328",
    "https://arxiv.org/pdf/2303.11328v2.pdf",
    "huggingface.co/papers/2303.11328",
    "alphaxiv.org/abs/2303.11328",
    "10.48550/arXiv.2303.11328",
    "0704.0001 (2007-2014)",
    "hep-th/9901001",
)

# Archives that existed under the old scheme (before April 2007). Checking the name keeps a
# typo like `hepth/9901001` from being sent and reported as "not found".
OLD_STYLE_ARCHIVES = frozenset(
    {
        "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an",
        "chao-dyn", "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an",
        "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th",
        "nlin", "nucl-ex", "nucl-th", "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio",
        "quant-ph", "solv-int", "supr-con",
    }
)  # fmt: skip

_VERSION = r"(?:[vV](?P<version>[1-9][0-9]*))?"
_NEW_STYLE = re.compile(r"(?P<yymm>[0-9]{4})\.(?P<number>[0-9]{4,5})" + _VERSION)
_OLD_STYLE = lazy(
    r"(?P<archive>[A-Za-z]+(?:-[A-Za-z]+)?)"
    r"(?:\.(?P<subject>[A-Za-z]+(?:-[A-Za-z]+)*))?"
    r"/(?P<number>[0-9]{7})" + _VERSION
)
_URL_KINDS = _URL_KINDS_ARXIV = frozenset({"abs", "pdf", "html"})
_ARXIV_PREFIX = re.compile(r"arxiv:\s*", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"(?:doi:\s*)?10\.48550/arxiv\.", re.IGNORECASE)
_ARXIV_HOSTS = frozenset({"arxiv.org", "www.arxiv.org", "export.arxiv.org"})
# Sites that show an arXiv paper under its ID: host -> the path kinds that hold it
# (`<kind>/<id>`). Only well-known mirrors and readers; any other site is refused.
_MIRRORS: dict[str, frozenset[str]] = {
    "huggingface.co": frozenset({"papers"}),
    "alphaxiv.org": frozenset({"abs", "overview", "pdf"}),
    "ar5iv.org": frozenset({"abs", "html"}),
    "ar5iv.labs.arxiv.org": frozenset({"abs", "html"}),
    "browse.arxiv.org": _URL_KINDS_ARXIV,
    "xxx.lanl.gov": _URL_KINDS_ARXIV,
    "arxiv-vanity.com": frozenset({"papers"}),
    "scirate.com": frozenset({"arxiv"}),
    "semanticscholar.org": frozenset({"arxiv"}),
    "paperswithcode.com": frozenset({"arxiv", "paper"}),
    "papers.cool": frozenset({"arxiv"}),
}
# Pairs that wrap a pasted ID ("[2303.11328]", "(arXiv:2303.11328)", quotes of any kind).
_WRAPPERS = {"<": ">", "[": "]", "(": ")", "{": "}", '"': '"', "'": "'", "`": "`",
             "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb", "\u300c": "\u300d"}
# What ends the sentence an ID was pasted from ("see 2303.11328.").
_SENTENCE_END = ".,;:!?\u3002\uff0c\uff1b\uff1a"
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_KNOWN_HOSTS = _ARXIV_HOSTS | _DOI_HOSTS | set(_MIRRORS) | {f"www.{host}" for host in _MIRRORS}
_KNOWN_HOST_PREFIXES = tuple(sorted(f"{host}/" for host in _KNOWN_HOSTS))
# The shapes almost every input has, read without the general path (which gives the same
# answer for them): a bare new-style ID, and an arxiv.org abs or pdf link to one.
_PLAIN_ARXIV_URL = re.compile(
    r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs/(?P<abs>[0-9]{4}\.[0-9]{4,5}(?:v[0-9]+)?)"
    r"|pdf/(?P<pdf>[0-9]{4}\.[0-9]{4,5}(?:v[0-9]+)?)(?:\.pdf)?)"
)
_SHOWN_INPUT_MAX = 80

# The new scheme started with 0704; the old one ran from 1991 to 0703.
_NEW_STYLE_FIRST = 704
_FOUR_DIGIT_LAST = 1412


@dataclass(frozen=True, order=True)
class ArxivId:
    """An arXiv paper, e.g. `2303.11328` or `hep-th/9901001`, optionally one version of it."""

    base: str
    version: int | None = None

    @property
    def key(self) -> str:
        """The file-name key of the paper: the base with `/` replaced by `_`."""
        return self.base.replace("/", "_")

    @property
    def is_old_style(self) -> bool:
        return "/" in self.base

    @property
    def posted(self) -> tuple[int, int]:
        """(year, month) of the first version, as the ID names it (`YYMM`): arXiv numbers
        papers by the month they are submitted in; old-style IDs start in 1991."""
        digits = self.base.rsplit("/", 1)[-1]
        year, month = int(digits[:2]), int(digits[2:4])
        return (1900 + year if year >= 91 else 2000 + year), month

    @property
    def number(self) -> int:
        """The paper's number within its month (later submissions have higher numbers)."""
        digits = self.base.rsplit("/", 1)[-1]
        return int(digits.split(".")[1]) if "." in digits else int(digits[4:])

    @property
    def abs_url(self) -> str:
        """The paper's abstract page; unversioned, so it always shows the latest version."""
        return f"https://arxiv.org/abs/{self.base}"

    @property
    def pdf_url(self) -> str:
        """The paper's PDF; unversioned, so it always serves the latest version."""
        return f"https://arxiv.org/pdf/{self.base}"

    def unversioned(self) -> ArxivId:
        return ArxivId(self.base)

    def __str__(self) -> str:
        return self.base if self.version is None else f"{self.base}v{self.version}"


def parse_arxiv_id(text: str) -> ArxivId:
    """Read an arXiv identifier in any form a user pastes; raise `InvalidArxivId` otherwise.

    Accepts bare IDs (new-style 4/5-digit and old-style, with or without version), an
    `arXiv:` prefix, abs/pdf/html URLs on arxiv.org or export.arxiv.org, the URLs of
    well-known mirrors that keep the ID in the path (huggingface.co/papers/<id>,
    alphaxiv.org/abs/<id>, ...), and the DataCite DOI `10.48550/arXiv.<id>` bare or as a
    doi.org URL. Surrounding whitespace, brackets, quotes and parentheses, and the sentence
    punctuation after a pasted ID (`2303.11328.`) are ignored.
    """
    bare = _NEW_STYLE.fullmatch(text)
    if bare:
        return _new_style_id(bare, text)
    candidate = _unwrap(text)
    if not candidate:
        raise _invalid(text, "it is empty")
    core = _strip_wrapping(candidate)
    if core is None:
        raise _invalid(text, "it is a link, but not to an arXiv paper")
    return _parse_core(core, text)


def parse_arxiv_ids(texts: Iterable[str]) -> tuple[list[ArxivId], list[InvalidArxivId]]:
    """Parse many inputs; the valid ones are kept even when some are malformed."""
    parsed: list[ArxivId] = []
    problems: list[InvalidArxivId] = []
    for text in texts:
        try:
            parsed.append(parse_arxiv_id(text))
        except InvalidArxivId as exc:
            problems.append(exc)
    return parsed, problems


def arxiv_id_from_url(url: str) -> ArxivId | None:
    """The paper an arXiv abs/pdf/html link points at, or None for any other link."""
    plain = _PLAIN_ARXIV_URL.fullmatch(url)
    if plain:
        try:
            return _parse_core(plain["abs"] or plain["pdf"], url)
        except InvalidArxivId:
            return None
    candidate = url.strip()
    if not _HAS_SCHEME.match(candidate):
        candidate = "https://" + candidate
    core = _core_from_arxiv_url(candidate)
    if core is None:
        return None
    try:
        return _parse_core(core, url)
    except InvalidArxivId:
        return None


def _unwrap(text: str) -> str:
    """`text` without the brackets, quotes and sentence punctuation a paste carries along."""
    candidate = text.strip()
    while candidate:
        first, last = candidate[0], candidate[-1]
        if len(candidate) > 1 and _WRAPPERS.get(first) == last:
            candidate = candidate[1:-1].strip()
        elif last in _SENTENCE_END and not candidate.lower().endswith("arxiv:"):
            candidate = candidate[:-1].rstrip()
        else:
            break
    return candidate


def _strip_wrapping(candidate: str) -> str | None:
    """The bare ID text inside a URL, DOI or prefix; None for a link elsewhere."""
    looks_like_url = _HAS_SCHEME.match(candidate) or candidate.lower().startswith(
        _KNOWN_HOST_PREFIXES
    )
    if looks_like_url:
        url = candidate if _HAS_SCHEME.match(candidate) else "https://" + candidate
        return _core_from_arxiv_url(url) or _core_from_doi_url(url) or _core_from_mirror(url)
    doi = _DOI_PREFIX.match(candidate)
    if doi:
        return candidate[doi.end() :]
    prefix = _ARXIV_PREFIX.match(candidate)
    if prefix:
        return candidate[prefix.end() :]
    return candidate


def _core_from_arxiv_url(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or parts.hostname not in _ARXIV_HOSTS:
        return None
    kind, _, rest = parts.path.lstrip("/").partition("/")
    if kind.lower() not in _URL_KINDS or not rest:
        return None
    rest = unquote(rest).rstrip("/")
    if kind.lower() == "pdf" and rest.lower().endswith(".pdf"):
        rest = rest[: -len(".pdf")]
    return rest


def _core_from_mirror(url: str) -> str | None:
    """The ID in a mirror's or reader's URL (`huggingface.co/papers/<id>`, ...)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    kinds = _MIRRORS.get(host)
    if parts.scheme.lower() not in ("http", "https") or kinds is None:
        return None
    kind, _, rest = parts.path.lstrip("/").partition("/")
    if kind.lower() not in kinds or not rest:
        return None
    rest = unquote(rest).rstrip("/")
    if rest.lower().endswith(".pdf"):
        rest = rest[: -len(".pdf")]
    prefix = _ARXIV_PREFIX.match(rest)  # paperswithcode's and scirate's "arxiv:<id>" forms
    return rest[prefix.end() :] if prefix else rest


def _core_from_doi_url(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or parts.hostname not in _DOI_HOSTS:
        return None
    path = unquote(parts.path).lstrip("/")
    doi = _DOI_PREFIX.match(path)
    return path[doi.end() :].rstrip("/") if doi else None


def _parse_core(core: str, text: str) -> ArxivId:
    new_style = _NEW_STYLE.fullmatch(core)
    if new_style:
        return _new_style_id(new_style, text)
    old_style = _OLD_STYLE.fullmatch(core)
    if old_style:
        return _old_style_id(old_style, text)
    return _reject_shape(core, text)


def _new_style_id(match: re.Match[str], text: str) -> ArxivId:
    yymm, number = match["yymm"], match["number"]
    month = int(yymm[2:])
    if not 1 <= month <= 12:
        raise _invalid(text, f"month {yymm[2:]} in {yymm} does not exist")
    if int(yymm) < _NEW_STYLE_FIRST:
        raise _invalid(text, "IDs of this form start in April 2007, at 0704")
    expected_digits = 4 if int(yymm) <= _FOUR_DIGIT_LAST else 5
    if len(number) != expected_digits:
        era = "before 2015" if expected_digits == 4 else "from 2015 on"
        raise _invalid(text, f"IDs {era} have {expected_digits} digits after the dot")
    if int(number) == 0:
        raise _invalid(text, "paper numbers start at 1")
    return ArxivId(f"{yymm}.{number}", _version(match))


def _old_style_id(match: re.Match[str], text: str) -> ArxivId:
    archive, number = match["archive"].lower(), match["number"]
    if archive not in OLD_STYLE_ARCHIVES:
        raise _invalid(text, f"{match['archive']!r} is not an arXiv archive")
    year, month = int(number[:2]), int(number[2:4])
    if not 1 <= month <= 12:
        raise _invalid(text, f"month {number[2:4]} in {number[:4]} does not exist")
    full_year = 1900 + year if year >= 91 else 2000 + year
    if full_year > 2007 or (full_year == 2007 and month > 3):
        raise _invalid(text, "IDs of this form ended in March 2007, at 0703")
    if int(number[4:]) == 0:
        raise _invalid(text, "paper numbers start at 1")
    # A subject class (`math.GT/0309136`) names the same paper as its archive (`math/0309136`).
    return ArxivId(f"{archive}/{number}", _version(match))


def _reject_shape(core: str, text: str) -> ArxivId:
    """Raise with the most useful reason for an input that has no ID shape at all."""
    if re.search(r"[0-9][vV]0[0-9]*$", core):
        raise _invalid(text, "versions start at v1")
    if re.fullmatch(r"[0-9]{4}\.[0-9]+(?:[vV][0-9]+)?", core):
        raise _invalid(text, "a new-style ID has 4 or 5 digits after the dot")
    raise _invalid(text, None)


def _version(match: re.Match[str]) -> int | None:
    version = match["version"]
    return int(version) if version is not None else None


def _invalid(text: str, reason: str | None) -> InvalidArxivId:
    shown = text.strip()
    if len(shown) > _SHOWN_INPUT_MAX:
        shown = shown[: _SHOWN_INPUT_MAX - 1] + "…"
    because = f" ({reason})" if reason else ""
    message = (f"{shown!r} is not an arXiv ID{because}. Accepted forms: "
               f"{', '.join(ACCEPTED_FORMS)}, each also in brackets, quotes or parentheses.")
    return InvalidArxivId(text, message)
