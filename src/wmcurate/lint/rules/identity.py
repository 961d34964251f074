"""Identity rules: arXiv IDs, keys, arXiv links and duplicates."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from wmcurate.errors import InvalidArxivId
from wmcurate.lint.fields import (
    ABS_PDF,
    arxiv_id_from_url,
    arxiv_links,
    dotted,
    entry_id,
    parse_arxiv_id,
    rel,
)
from wmcurate.lint.fixes import arxiv_base, canonical_arxiv_link, drop_pdf_suffix
from wmcurate.lint.registry import FieldPath, Issue, ListIndex, rule
from wmcurate.model import Entry
from wmcurate.quoting import escape, quote

_ABS_OR_PDF = re.compile(r"arxiv\.org/(abs|pdf)/", re.I)
_PDF = re.compile(r"/pdf/", re.I)


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
        yield Issue(("arxiv",), f"{quote(entry.arxiv)} is not an arXiv ID (e.g. 2303.11328)")
        return
    if str(parsed) != entry.arxiv and parsed.version is None:
        yield Issue(("arxiv",), f"write the arXiv ID as '{parsed.base}'",
                    (("arxiv",), arxiv_base, f"arxiv -> {parsed.base}"))


@rule("WMC202", "arxiv-versioned", "error", "entry",
      "The arXiv ID carries a version.",
      "An entry is about a paper, not one version of it; the version lives in source.version.",
      """
arxiv: "2303.11328v2"
""", "Drop the version (`--fix` does).")
def arxiv_versioned(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    parsed = entry_id(entry)
    if parsed is None:
        return
    if parsed.version is not None:
        yield Issue(("arxiv",), f"drop the version: write '{parsed.base}'",
                    (("arxiv",), arxiv_base, f"arxiv -> {parsed.base}"))


@rule("WMC203", "key-mismatch", "error", "entry",
      "The file name does not match the entry's arXiv ID.",
      "Keys are how duplicates are found and how pages link to a work.",
      """
# entries/spatial/2003.08934.yaml
arxiv: "2308.04079"
""", "Rename the file to <arXiv ID>.yaml (old-style IDs: '/' becomes '_').")
def key_mismatch(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    parsed = entry_id(entry)
    if parsed is None:
        return
    if entry.key != parsed.key:
        yield Issue(("arxiv",), f"file name {quote(entry.key + '.yaml')} does not match arXiv ID "
                    f"{parsed.base}: rename it to '{parsed.key}.yaml'")



@rule("WMC204", "link-id-mismatch", "error", "entry",
      "An arXiv link points at another paper than the entry's arXiv ID.",
      "One of the two is wrong: readers following the link land on a different paper.",
      """
arxiv: "2311.07541"
links: {paper: "https://arxiv.org/abs/2309.17080"}
""", "Check which ID is right on arXiv and correct the other.")
def link_id_mismatch(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    parsed = entry_id(entry)
    if parsed is None:
        return
    own = parsed.base
    for label, url in arxiv_links(entry):
        target = arxiv_id_from_url(url)
        if target is not None and target.base != own:
            yield Issue(("links", label), f"{dotted(('links', label))} points at arXiv "
                        f"{target.base}, but the entry's arXiv ID is {own}: one of them is "
                        "wrong")




@rule("WMC205", "arxiv-link-malformed", "error", "entry",
      "An arXiv link has a malformed path, such as /abs/<id>.pdf.",
      "arXiv answers such links with an error page.",
      """
links: {paper: "https://arxiv.org/abs/2303.11328.pdf"}
""", "Use https://arxiv.org/abs/<id> or https://arxiv.org/pdf/<id> (`--fix` does).")
def arxiv_link_malformed(entry: Entry, raw: Mapping[str, Any],
                         index: ListIndex) -> Iterator[Issue]:
    for label, url in arxiv_links(entry):
        if ABS_PDF.search(url.strip()):
            fixed = url.strip()[:-4]
            field = dotted(("links", label))
            yield Issue(("links", label), f"{field} {quote(url)} is not an arXiv page: use "
                        f"{quote(fixed)}",
                        (("links", label), drop_pdf_suffix, f"-> {escape(fixed)}"))
        elif arxiv_id_from_url(url) is None and _ABS_OR_PDF.search(url):
            yield Issue(("links", label), f"{dotted(('links', label))} {quote(url)} does not "
                        "name an arXiv paper")


@rule("WMC208", "arxiv-link-noncanonical", "warning", "entry",
      "An arXiv link is not in its canonical form.",
      "https://arxiv.org/abs/<id> and /pdf/<id> always show the latest version and keep "
      "links uniform across the list.",
      """
links: {pdf: "http://arXiv.org/pdf/2303.11328v1.pdf"}
""", "`--fix` rewrites it to https://arxiv.org/pdf/<id>.")
def arxiv_link_canonical(entry: Entry, raw: Mapping[str, Any],
                         index: ListIndex) -> Iterator[Issue]:
    parsed = entry_id(entry)
    if parsed is None:
        return
    own = parsed.base
    for label, url in arxiv_links(entry):
        target = arxiv_id_from_url(url)
        if target is None or target.base != own or ABS_PDF.search(url.strip()):
            continue
        kind = "pdf" if _PDF.search(url) else "abs"
        canonical = f"https://arxiv.org/{kind}/{own}"
        if url != canonical:
            yield Issue(("links", label), f"write {dotted(('links', label))} as '{canonical}'",
                        (("links", label), canonical_arxiv_link, f"-> {canonical}"))


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
            yield entry, Issue(("arxiv",), f"arXiv {base} is also in {rel(seen[base], index)}: "
                               "keep one entry and use `also` for other sections")
        else:
            seen[base] = entry


_NOT_ALNUM = re.compile(r"[\W_]+")


def _norm_title(title: str) -> str:
    return _NOT_ALNUM.sub("", title.casefold())


@rule("WMC207", "duplicate-title", "error", "list",
      "Two entries have the same title.",
      "Usually one work entered twice (for example once with and once without its arXiv ID). "
      "Two entries written from two different arXiv records (both with `source`) are arXiv's "
      "own two papers and are not reported.",
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
            if _distinct_on_arxiv(entry, seen[key]):
                continue  # arXiv holds two papers under one title (replies, series parts)
            yield entry, Issue(("title",), f"same title as {rel(seen[key], index)}: merge them")
        else:
            seen[key] = entry


@rule("WMC209", "duplicate-abstract", "warning", "list",
      "Two entries have the same abstract.",
      "An abstract belongs to one paper; a copy usually means one entry got another's text "
      "pasted in. Which one is named only when arXiv evidence says so: an entry written "
      "from arXiv (it has `source`) holds its own paper's abstract, so the copy is the "
      "other's; otherwise both are named and the reader checks.", """
# entries/modality-spatial/2409.17692.yaml carries the abstract of 2103.00020
""", "Replace the wrong entry's abstract with its paper's own (`wmcurate add --force ID` "
     "refills it from arXiv).")
def duplicate_abstract(index: ListIndex) -> Iterator[tuple[Entry, Issue]]:
    groups: dict[tuple[str, str], list[Entry]] = {}
    for entry in index.entries:
        abstract = entry.abstract
        texts = {"": abstract} if isinstance(abstract, str) else dict(abstract or {})
        for lang, text in texts.items():
            # Pasted copies are exact copies: the stripped text is key enough.
            key = (text or "").strip() if isinstance(text, str) else ""
            if len(key) >= 80:
                groups.setdefault((lang, key), []).append(entry)
    reported: set[int] = set()
    for (lang, _), entries in groups.items():
        if len(entries) < 2:
            continue
        from_arxiv = [e for e in entries if _from_arxiv(e)]
        if lang in ("", "en") and len(from_arxiv) == len(entries) \
                and len({_base(e) for e in entries}) == len(entries):
            continue  # arXiv itself gives these distinct papers one abstract
        owner = from_arxiv[0] if len(from_arxiv) == 1 else None
        for entry in entries:
            if entry is owner or id(entry) in reported:
                continue
            reported.add(id(entry))  # one finding per entry, whichever language
            at: FieldPath = ("abstract",) if not lang else ("abstract", lang)
            if owner is not None:
                yield entry, Issue(at, f"same abstract as {rel(owner, index)}, which was "
                                   "written from arXiv (it has `source`): this entry has "
                                   "that paper's abstract; replace it with its own")
            else:
                others = " and ".join(sorted(rel(e, index) for e in entries if e is not entry))
                yield entry, Issue(at, f"same abstract as {others}: one of them has another "
                                   "paper's abstract, and nothing says which; check each "
                                   "against its paper")


def _from_arxiv(entry: Entry) -> bool:
    """Was the entry written from its arXiv record (by `add`), abstract included?"""
    return entry.arxiv is not None and isinstance(entry.source, dict) and bool(entry.source)


def _base(entry: Entry) -> str | None:
    parsed = entry_id(entry)
    return parsed.base if parsed is not None else None


def _distinct_on_arxiv(one: Entry, other: Entry) -> bool:
    """Two entries written from two different arXiv records: arXiv's own word that they
    are two papers, whatever their titles."""
    return _from_arxiv(one) and _from_arxiv(other) and _base(one) is not None \
        and _base(other) is not None and _base(one) != _base(other)
