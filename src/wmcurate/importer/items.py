"""One work written as one list item: `Title, Venue`, `[Title](url) - Venue`, `**Title**
(Venue) [Paper](url)`, `[Title](url) | Venue | [Code](url)`, `Title [Venue Oral] [[paper]](url)`."""

from __future__ import annotations

import re
from collections.abc import Callable

from wmcurate.config import Config
from wmcurate.importer.fields import guess_label, link_key
from wmcurate.importer.occurrence import Occurrence
from wmcurate.importer.sections import maps_of
from wmcurate.importer.syntax import (
    BOLD_LINK,
    CODE_SPAN,
    ID_IN_URL,
    KEY,
    MD_LINK,
    YEAR_TAIL,
    destination,
)
from wmcurate.markdown import unescape

# What ends a sentence (or a list item) after a venue.
_VENUE_TAIL = frozenset(".,;:!?。，；：！？、")
# An abbreviated name: a word with a period before the last one (`Nat. Commun.`).
_ABBREVIATED = re.compile(r"[A-Za-z]\.\s+\S+[A-Za-z]\.$")
# The month a rendered catalog line shows (from `published`): not a venue.
_MONTH = re.compile(r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])")
#: Between the parts of a rendered catalog line (wmcurate.render.work.SEPARATOR).
SEPARATOR = " · "
# A citation count a catalog line shows (`show_citations: true`; wmcurate.citations).
_CITATIONS = re.compile(r"([\d,]+) citations?|被引 ([\d,]+) 次")
# Preprint servers as hand-kept lists write them: `arxiv (30 Sep 2023)`, `CoRR abs/...`.
_PREPRINT = re.compile(r"^(?:arxiv|corr|preprint|biorxiv|medrxiv)\b", re.IGNORECASE)
# A title in bold that is no link: `**Title** (arXiv 2022) [Paper](url)`.
_BOLD_LEAD = re.compile(r"^\*\*(?!\[)(.+?)\*\*")
# A note in brackets or parentheses: `(ICCV'23)`, `[ICCV 2023 Oral]`.
_MARK = re.compile(r"[(\[]([^()\[\]]{2,60})[)\]]")
_TRAILING_MARK = re.compile(r"\s*[(\[]([^()\[\]]{2,60})[)\]]\s*$")
# A year written short after a venue: `ICCV'23`, `CVPR ’24`.
_SHORT_YEAR = re.compile(r"\s*['’](\d{2})$")
# A paper's standing at its venue, which hand-kept lists write after it: no part of the venue.
_STANDING = re.compile(
    r"[\s,(]+(?:oral|spotlight|poster|highlight|best (?:student )?paper(?: award)?(?: candidate)?"
    r"|(?:honou?rable|special) mention|award candidate)\)?$", re.IGNORECASE)


def venue_like(text: str, config: Config) -> bool:
    text = clean_venue(text)
    if not text or len(text) > 60:
        return False
    names = [v.name for v in config.venues] + [a for v in config.venues for a in v.aliases]
    low = text.casefold()
    if any(low.startswith(n.casefold()) for n in names if n) or _PREPRINT.match(text):
        return True
    return bool(YEAR_TAIL.search(text)) and len(text.split()) <= 8


def clean_venue(text: str) -> str:
    """A venue as written at the end of a sentence, without the sentence's punctuation:
    `CVPR 2023.` -> `CVPR 2023`. The last period of an abbreviated name stays
    (`Nat. Mach. Intell.`)."""
    text = text.strip()
    while text and text[-1] in _VENUE_TAIL:
        if text[-1] == "." and _ABBREVIATED.search(text):
            break
        text = text[:-1].rstrip()
    return text


def looks_like_plain_work(item: str, config: Config, loose: bool = False) -> bool:
    """Whether a list item outside a works heading is a work. In a section whose list has
    no works heading (`loose`), an item linking to a web page is one too."""
    item = CODE_SPAN.sub("", item)  # an example in backticks is not a reference
    if ID_IN_URL.search(item):
        return True
    if item.lstrip().startswith(("[", "**[")):
        lead = MD_LINK.match(item.lstrip()) or BOLD_LINK.match(item.lstrip())
        return bool(loose and lead and re.match(r"^<?https?://", lead.group(2)))
    title, venue = split_title_venue(unescape(item), config)
    return venue is not None and len(title) > 3


def split_title_venue(text: str, config: Config,
                      marks: bool = False) -> tuple[str, str | None]:
    """`Title, Venue` or `Title - Venue` -> (title, venue); with `marks`, also `Title (Venue)`
    and `Title [Venue Oral]` (a line already known to be a work); (text, None) when it names
    no venue."""
    for sep in (", ", "，", " - ", " — "):
        if sep in text:
            head, tail = text.rsplit(sep, 1)
            if venue_like(tail, config):
                return head.strip(), clean_venue(tail)
    trailing = _TRAILING_MARK.search(text) if marks else None
    if trailing and trailing.start() > 0:
        venue = venue_mark(trailing.group(1), config)
        if venue is not None:
            return text[:trailing.start()].strip(), venue
    return text.strip(), None


def venue_mark(text: str, config: Config) -> str | None:
    """A venue as a note written beside a title: `ICCV'23` -> `ICCV 2023`, `ICCV 2023 Oral`
    -> `ICCV 2023`, `arXiv 2022`; None when the note is no venue (`2023` alone, `Extended
    Version`)."""
    text = clean_venue(text.strip().strip("|").strip())
    text = _STANDING.sub("", text).strip()
    short = _SHORT_YEAR.search(text)
    if short:
        year = int(short.group(1))
        text = f"{text[:short.start()]} {1900 + year if year > 50 else 2000 + year}"
    name = YEAR_TAIL.sub("", text)
    if not re.search(r"[A-Za-z\u4e00-\u9fff]", name):
        return None
    return text if venue_like(text, config) else None


def take_venue(text: str, config: Config) -> tuple[str | None, str]:
    """The venue a work's line notes after its title (a part between `|`s, or a note in
    brackets), and the text without it."""
    if "|" in text:
        parts = [part.strip() for part in text.split("|")]
        for at, part in enumerate(parts):
            venue = venue_mark(part, config) if part else None
            if venue is not None:
                return venue, " ".join(p for i, p in enumerate(parts) if i != at and p)
    for mark in _MARK.finditer(text):
        venue = venue_mark(mark.group(1), config)
        if venue is not None:
            return venue, f"{text[:mark.start()]} {text[mark.end():]}".strip()
    return None, text


def read_plain(item: str, index: int, path: str, lang: str, section: str, sequence: int,
                config: Config) -> Occurrence | None:
    """A work written as one list item: `Title, Venue`, `[Title](url) - Venue [[Code]](url)`,
    or `[Title](url) - what it does`."""
    item = item.strip()
    links: dict[str, str] = {}
    arxiv: str | None = None
    key: str | None = None
    one_liner: str | None = None
    citations: int | None = None
    lead = MD_LINK.match(item) or BOLD_LINK.match(item)
    bold = None if lead else _BOLD_LEAD.match(item)
    if lead:
        title = unescape(lead.group(1))
        target = destination(lead.group(2))
        rest = item[lead.end():]
        # A link to a page of the list itself (a rendered catalog) is not the work's, but
        # its anchor is the work's key there.
        if re.match(r"^https?://", target):
            found = ID_IN_URL.search(target)
            links[guess_label(target)] = target
            arxiv = found.group(1) if found else None
        else:
            key = _key_on_page(target, path, config)
    elif bold:
        title = unescape(bold.group(1))
        rest = item[bold.end():]
    else:
        first = MD_LINK.search(item)
        head, rest = (item[:first.start()], item[first.start():]) if first else (item, "")
        title, venue_guess = split_title_venue(unescape(head), config, marks=True)
    named = gather_links(rest, links, lambda text, _url: link_key(text.strip("[] "), config))
    arxiv = arxiv or named
    tail = unescape(MD_LINK.sub(" ", rest)).strip()
    if lead and rest.startswith(SEPARATOR):
        # A rendered catalog line: ` · <venue> · <month first published> · [Code](...)`.
        venue: str | None = None
        for part in rest.split(SEPARATOR)[1:]:
            part = part.strip()
            counted = _CITATIONS.fullmatch(part)
            if counted:
                citations = int((counted.group(1) or counted.group(2)).replace(",", ""))
            elif part and not MD_LINK.fullmatch(part) and not _MONTH.fullmatch(part):
                venue = venue or unescape(part) or None
    elif lead or bold:
        # The rendered catalog writes ", <venue>"; hand-written lists use " - <venue>",
        # `(Venue)`, `| Venue |` or a short description.
        catalog = tail.startswith((",", "，"))
        tail = tail.lstrip(",，-—–·|:").strip()
        venue = None
        if tail and (catalog or ("|" not in tail and venue_like(tail, config))):
            venue = clean_venue(tail) or None
        else:
            venue, tail = take_venue(tail, config)
            tail = tail.strip(" ,，-—–·|:")
            if len(tail.split()) >= 3:
                one_liner = tail
        if not arxiv:
            found = ID_IN_URL.search(rest)
            arxiv = found.group(1) if found else None
    else:
        venue = venue_guess
        if not arxiv:
            found = ID_IN_URL.search(item)
            arxiv = found.group(1) if found else None
    title = title.strip().strip("*").strip()
    if not title:
        return None
    return Occurrence(file=path, line=index + 1, language=lang, section=section, featured=False,
                      full=False, sequence=sequence, title=title, key=key, arxiv=arxiv,
                      venue=venue, links=links, one_liner=one_liner, citations=citations)


def gather_links(text: str, links: dict[str, str],
                 label: Callable[[str, str], str]) -> str | None:
    """Put every http(s) markdown link of `text` in `links` under `label(link text, URL)`
    (the first link of a label wins); return the first arXiv ID the links name."""
    arxiv: str | None = None
    for match in MD_LINK.finditer(text):
        target = destination(match.group(2))
        if not re.match(r"^https?://", target):
            continue
        found = ID_IN_URL.search(target)
        if found and arxiv is None:
            arxiv = found.group(1)
        links.setdefault(label(unescape(match.group(1)), target), target)
    return arxiv


def _key_on_page(target: str, path: str, config: Config) -> str | None:
    """The anchor of a link to a work on one of the list's section pages (its key)."""
    page, _, anchor = target.partition("#")
    if not anchor or not KEY.match(anchor):
        return None
    pages, _index = maps_of(config)
    return anchor if pages.section_of(page, path) else None
