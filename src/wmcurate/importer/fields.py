"""One work written in full: its labelled fields, quote and collapsed blocks."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence

from wmcurate.config import Config
from wmcurate.entries import slugify
from wmcurate.importer.occurrence import BlockError, Occurrence
from wmcurate.importer.sections import parse_listed_in
from wmcurate.importer.syntax import (
    ANY_BULLET,
    BARE_URL,
    DETAILS_CLOSE,
    DETAILS_OPEN,
    FIELD,
    HTML_COMMENT,
    ID_IN_URL,
    MD_LINK,
    NEW_ID,
    NO_ID,
    OLD_ID,
    SENTENCE_END,
    SUMMARY,
    TAG,
    destination,
    details_end,
    join_text,
    short,
)
from wmcurate.labels import (
    BULLET_FIELD_BY_LABEL,
    DETAILS_FIELD_BY_LABEL,
    QUOTE_FIELD_BY_LABEL,
    normalise_label,
)
from wmcurate.markdown import one_line, unescape


def is_field(line: str) -> bool:
    """`* **Label:** value` (or `* **Label**: value`), not a bold title in a list item."""
    match = FIELD.match(line)
    return bool(match and split_label(match.group(1), match.group(2))[0] is not None)


def summary_of(block: Sequence[str]) -> tuple[str, int] | None:
    joined = "\n".join(block[:3])
    match = SUMMARY.search(joined)
    if not match:
        return None
    line = joined[:match.start()].count("\n")
    return match.group(1), line


def plain_title(raw: str) -> str:
    # A <summary> is raw HTML: only entities mean something there, not backslashes.
    text = TAG.sub("", raw).strip()
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        text = text[2:-2]
    return one_line(html.unescape(text))


def read_body(body: Sequence[str], first: int, occ: Occurrence, config: Config) -> None:
    j = 0
    last_field: str | None = None
    while j < len(body):
        line = body[j]
        stripped = line.strip()
        lineno = first + j + 1
        if not stripped or stripped in ("---", "***", "___") or HTML_COMMENT.match(stripped):
            last_field = None if not stripped else last_field
            j += 1
            continue
        if DETAILS_OPEN.match(stripped):
            end = details_end(body, j)
            if end is None:
                raise BlockError(lineno, "a nested <details> is never closed")
            read_nested(body[j:end + 1], lineno, occ)
            j = end + 1
            last_field = None
            continue
        if stripped.startswith(">"):
            k = j
            quote: list[str] = []
            while k < len(body) and body[k].strip().startswith(">"):
                quote.append(re.sub(r"^\s*>\s?", "", body[k]))
                k += 1
            read_quote(quote, lineno, occ)
            j = k
            last_field = None
            continue
        match = FIELD.match(line)
        if match:
            label, value = split_label(match.group(1), match.group(2))
            if label is None:
                raise BlockError(lineno, f"'{stripped}' is neither a field nor part of one")
            name = BULLET_FIELD_BY_LABEL.get(normalise_label(label))
            if name is None:
                raise BlockError(lineno, f"unknown field label '**{label}**'")
            set_field(occ, name, value, lineno, config)
            last_field = name
            j += 1
            continue
        if last_field is not None and line[:1] in (" ", "\t"):
            # A hand-wrapped continuation of the field above.
            extend_field(occ, last_field, stripped, lineno, config)
            j += 1
            continue
        raise BlockError(lineno, f"unexpected line '{short(stripped)}'")


def split_label(bold: str, rest: str) -> tuple[str | None, str]:
    bold = bold.strip()
    if bold.endswith((":", "：")):
        return bold[:-1].strip(), rest.strip()
    if rest.startswith((":", "：")):
        return bold, rest[1:].strip()
    return None, rest


def set_field(occ: Occurrence, name: str, value: str, lineno: int, config: Config) -> None:
    if name == "links":
        occ.links.update(parse_links(value, config))
        return
    if name == "listed_in":
        occ.listed_in = parse_listed_in(value, config, occ.file)
        # "Also in: X" on the page of section S lists the work in S and X, S first.
        if occ.listed_in and occ.section not in occ.listed_in:
            occ.listed_in.insert(0, occ.section)
        return
    if name == "doi":
        # Rendered as a link to doi.org: the DOI is its text.
        link = MD_LINK.fullmatch(value.strip())
        occ.doi = unescape(link.group(1) if link else value) or None
        return
    text = unescape(value)
    if name == "published":
        occ.published = published_date(text)
    elif name == "authors":
        occ.authors = [a for a in (one_line(p) for p in re.split(r"[,，、;；]", text)) if a]
    elif name == "arxiv":
        occ.arxiv = None if text.strip().casefold() in NO_ID else arxiv_id(text, lineno)
    elif name in ("venue", "model", "affiliations", "one_liner"):
        setattr(occ, name, text or None)


def extend_field(occ: Occurrence, name: str, more: str, lineno: int, config: Config) -> None:
    if name == "links":
        occ.links.update(parse_links(more, config))
    elif name == "authors":
        occ.authors = (occ.authors or []) + [
            a for a in (one_line(p) for p in re.split(r"[,，、;；]", unescape(more))) if a]
    elif name in ("venue", "model", "affiliations", "one_liner"):
        current = getattr(occ, name) or ""
        setattr(occ, name, join_text(current, unescape(more)))
    else:
        raise BlockError(lineno, f"unexpected continuation line '{short(more)}'")


def published_date(text: str) -> dt.date | None:
    """A date as render writes it (2023-03-20); anything else is not read."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def arxiv_id(text: str, lineno: int) -> str:
    value = text.strip()
    url = ID_IN_URL.search(value)
    if url:
        value = url.group(1) + (re.search(r"(v\d+)", value[url.end():][:3]) or [""])[0]
    value = re.sub(r"^arxiv:\s*", "", value, flags=re.IGNORECASE)
    if NEW_ID.match(value) or OLD_ID.match(value):
        return value
    raise BlockError(lineno, f"'{text}' is not an arXiv ID (expected e.g. 2303.11328)")


def parse_links(value: str, config: Config) -> dict[str, str]:
    links: dict[str, str] = {}
    rest = value
    for match in MD_LINK.finditer(value):
        label = unescape(match.group(1)).strip("[] ")
        links.setdefault(link_key(label, config), destination(match.group(2)))
    rest = MD_LINK.sub(" ", value)
    for match in BARE_URL.finditer(rest):
        links.setdefault(guess_label(match.group(1)), match.group(1))
    return links


def guess_label(url: str) -> str:
    if re.search(r"arxiv\.org/pdf/", url):
        return "pdf"
    if re.search(r"arxiv\.org/abs/", url):
        return "paper"
    if re.search(r"(github\.com|gitlab\.com|huggingface\.co)/", url):
        return "code"
    return "project"


def link_key(label: str, config: Config) -> str:
    """The vocabulary key of a link label as written (`Project Page` -> `project`)."""
    wanted = normalise_label(label)
    for link in config.links:
        names = (link.key, *link.label.values(), *link.aliases)
        if any(normalise_label(n) == wanted for n in names):
            return link.key
    return slugify(label) if label.strip() else "link"


def read_quote(quote: Sequence[str], lineno: int, occ: Occurrence) -> None:
    first = quote[0].strip()
    match = re.match(r"^\*\*(.+?)\*\*\s*[:：]?\s*(.*)$", first)
    if not match:
        raise BlockError(lineno, "a quote without a '**Core Innovation**' label")
    label = match.group(1).strip().rstrip(":：")
    name = QUOTE_FIELD_BY_LABEL.get(normalise_label(label))
    if name is None:
        raise BlockError(lineno, f"unknown quote label '**{label}**'")
    # What follows the label on its line; a backslash there is a hard line break.
    rest = match.group(2)
    lines = [rest[:-1].rstrip() if rest.endswith("\\") and not rest.endswith("\\\\")
             else rest, *quote[1:]]
    occ.innovation = paragraph_text(lines) or None


def read_nested(block: Sequence[str], lineno: int, occ: Occurrence) -> None:
    summary = summary_of(block)
    if summary is None:
        raise BlockError(lineno, "a nested <details> has no <summary>")
    label = plain_title(summary[0])
    name = DETAILS_FIELD_BY_LABEL.get(normalise_label(label))
    if name is None:
        raise BlockError(lineno, f"unknown collapsed block '{label}'")
    joined = "\n".join(block)
    after = joined[SUMMARY.search(joined).end():]  # type: ignore[union-attr]  # found above
    content = DETAILS_CLOSE.split(after)[0].split("\n")
    if name == "abstract":
        occ.abstract = paragraph_text(content) or None
    else:
        occ.key_points = points(content) or None


def paragraph_text(lines: Sequence[str]) -> str:
    """Paragraphs from a block's lines (blank lines separate paragraphs).

    Hand-written blocks often put each paragraph on its own line with no blank
    line between: there, a line that ends a sentence also ends its paragraph.
    """
    rows = [line.strip() for line in lines]
    while rows and not rows[0]:
        rows.pop(0)
    while rows and not rows[-1]:
        rows.pop()
    has_blank = any(not r for r in rows)
    paras: list[str] = []
    current = ""
    for row in rows:
        if not row:
            if current:
                paras.append(current)
            current = ""
            continue
        text = unescape(row)
        current = join_text(current, text)
        if not has_blank and current.endswith(SENTENCE_END):
            paras.append(current)
            current = ""
    if current:
        paras.append(current)
    return "\n\n".join(p for p in paras if p)


def points(lines: Sequence[str]) -> list[str]:
    points: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        bullet = ANY_BULLET.match(line)
        if bullet:
            points.append(unescape(bullet.group(1)))
        elif points and line[:1] in (" ", "\t") and len(line) - len(line.lstrip()) > 4:
            points[-1] = join_text(points[-1], unescape(line.strip()))
        else:
            points.append(unescape(line.strip()))
    return [p for p in points if p]
