"""One work from its copies: which copy of each fact wins, and why.

A work is often written several times: in the English and the Chinese file, in full
on a section page and as a line of a README's catalog. Where copies disagree, the
winner is the best copy by these rules, in order:

1. a clean copy over a flawed one: text lint would report as mis-decoded
   (`wmcurate.mojibake.is_mis_decoded`, lint's WMC401) or holding HTML entities (lint's WMC402);
2. a copy written in full over a one-line item;
3. for facts that are the same in every language (authors, venue, links), the copy in
   the list's first language;
4. the first copy by file name and line.

None of these depend on the order in which files were given, so neither does the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from wmcurate.importer.occurrence import ImportProblem, Occurrence
from wmcurate.importer.syntax import arxiv_base
from wmcurate.lint.fields import ENTITY
from wmcurate.markdown import one_line
from wmcurate.mojibake import is_mis_decoded


@dataclass
class Work:
    title: dict[str, str] = field(default_factory=dict)
    arxiv: str | None = None
    authors: list[str] | None = None
    venue: str | None = None
    model: str | None = None
    affiliations: str | None = None
    published: dt.date | None = None
    doi: str | None = None
    citations: int | None = None
    links: dict[str, str] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    key_points: dict[str, list[str]] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)
    full_sections: list[str] = field(default_factory=list)
    listed_in: list[str] = field(default_factory=list)
    featured: bool = False
    key: str | None = None
    occurrences: list[Occurrence] = field(default_factory=list)
    #: Set when another work of the source carries the same arXiv ID and owns it.
    shares_id_with: Work | None = None

    @property
    def first(self) -> Occurrence:
        return self.occurrences[0]

    @property
    def main(self) -> Occurrence:
        """The first copy written in full (else the first copy): where messages point."""
        return next((o for o in self.occurrences if o.full), self.occurrences[0])

    def home(self) -> str:
        if self.listed_in:
            return self.listed_in[0]
        return (self.full_sections or self.sections)[0]

    def also(self) -> list[str]:
        home = self.home()
        ordered = [*self.listed_in, *self.sections]
        return [s for s in dict.fromkeys(ordered) if s != home]

    def display_title(self) -> str:
        return next(iter(self.title.values()))


_FACTS = ("arxiv", "authors", "venue", "model", "affiliations", "published", "doi",
          "citations")
_WHAT = {"arxiv": "arXiv ID", "authors": "authors", "venue": "venue", "model": "model",
         "affiliations": "affiliations", "published": "date first published", "doi": "DOI",
         "citations": "citation count",
         "title": "title", "one_liner": "one-liner",
         "innovation": "core innovation", "abstract": "abstract", "key_points": "key points"}
_TEXTS = ("one_liner", "innovation", "abstract")


def flaw(value: Any, language: str | None = None) -> str | None:
    """What lint would say is wrong with a copy's text, or None when it is clean."""
    strings = value if isinstance(value, list) else [value]
    # In a Chinese text, Latin next to CJK is normal: only Latin-1 style mis-decoding counts.
    east_asian = not (language or "").startswith("zh")
    for text in strings:
        if isinstance(text, str) and not text.isascii() \
                and is_mis_decoded(text, east_asian=east_asian):
            return "mis-decoded"
    for text in strings:
        if isinstance(text, str) and "&" in text and ENTITY.search(text):
            return "HTML entities"
    return None


@dataclass(frozen=True)
class _Copy:
    value: Any
    occ: Occurrence
    flaw: str | None
    rank: tuple[Any, ...]


def build_work(occurrences: Sequence[Occurrence], languages: Sequence[str],
               problems: list[ImportProblem]) -> Work:
    """The work whose copies are `occurrences` (in canonical order); disagreements between
    copies go to `problems`, each naming the copy kept, why, and the copy not kept."""
    work = Work(occurrences=list(occurrences))
    language_rank = {code: i for i, code in enumerate(languages)}
    title = _title_for_messages(occurrences, language_rank)

    def rank(occ: Occurrence, neutral: bool) -> tuple[Any, ...]:
        lang = language_rank.get(occ.language, len(language_rank)) if neutral else 0
        return (not occ.full, lang, occ.file, occ.line)

    def pick(name: str, values: list[tuple[Any, Occurrence]], neutral: bool,
             same: Callable[[Any, Any], bool], language: str | None = None,
             loud: bool = True) -> Any:
        if not values:
            return None
        # A fact shared by every language (authors, venue) is checked for every kind of
        # mis-decoding, whatever the language of the file it was read from.
        copies = [_Copy(v, o, flaw(v, None if neutral else language), rank(o, neutral))
                  for v, o in values]
        copies.sort(key=lambda c: (c.flaw is not None, c.rank))
        best = copies[0]
        reported: list[Any] = []
        for other in copies[1:]:
            if same(other.value, best.value) or any(same(other.value, r) for r in reported):
                continue
            reported.append(other.value)
            if loud or other.flaw:
                problems.append(_disagreement(title, name, best, other, language))
        return best.value

    for lang in dict.fromkeys(o.language for o in occurrences):
        here = [(o.title, o) for o in occurrences if o.language == lang]
        work.title[lang] = pick("title", here, False, _same_text, lang, loud=False)
    for name in _FACTS:
        # A count of 0 is a fact; an empty text or list is none.
        values = [(getattr(o, name), o) for o in occurrences
                  if getattr(o, name) not in (None, "", [])]
        setattr(work, name, pick(name, values, True, _same_id if name == "arxiv" else _same_fact))
    labels = dict.fromkeys(label for o in occurrences for label in o.links)
    for label in labels:
        values = [(o.links[label], o) for o in occurrences if label in o.links]
        work.links[label] = pick(f"link '{label}'", values, True, _same_url)
    for name in _TEXTS:
        for lang in dict.fromkeys(o.language for o in occurrences):
            values = [(getattr(o, name), o) for o in occurrences
                      if o.language == lang and getattr(o, name)]
            chosen = pick(name, values, False, _same_text, lang)
            if chosen:
                work.texts.setdefault(name, {})[lang] = chosen
    for lang in dict.fromkeys(o.language for o in occurrences):
        values = [(o.key_points, o) for o in occurrences if o.language == lang and o.key_points]
        chosen = pick("key_points", values, False, _same_fact, lang)
        if chosen:
            work.key_points[lang] = chosen
    for occ in occurrences:
        if occ.key and work.key is None:
            work.key = occ.key
        if occ.section not in work.sections:
            work.sections.append(occ.section)
        if occ.full and occ.section not in work.full_sections:
            work.full_sections.append(occ.section)
        for section in occ.listed_in:
            if section not in work.listed_in:
                work.listed_in.append(section)
        work.featured = work.featured or (occ.full and occ.featured)
    return work


def _title_for_messages(occurrences: Sequence[Occurrence], language_rank: dict[str, int]) -> str:
    best = min(occurrences, key=lambda o: (flaw(o.title, o.language) is not None, not o.full,
                                           language_rank.get(o.language, 99), o.file, o.line))
    return best.title


def _disagreement(title: str, name: str, kept: _Copy, other: _Copy,
                  language: str | None) -> ImportProblem:
    what = _WHAT.get(name, name) + (f" ({language})" if language else "")
    if other.flaw and not kept.flaw:
        why = f"the other copy holds {other.flaw}" if other.flaw == "HTML entities" \
            else "the other copy is mis-decoded"
    elif kept.flaw:
        why = f"every copy has flaws ({kept.flaw} here)"
    elif kept.occ.full and not other.occ.full:
        why = "a work written in full wins over a one-line item"
    elif kept.occ.language != other.occ.language:
        why = f"the {kept.occ.language} copy wins for facts shared by every language"
    else:
        why = "the first by file name and line wins"
    return ImportProblem(
        other.occ.file, other.occ.line, "warning",
        f"'{title}': copies disagree on the {what}: kept {_show(kept.value)} from "
        f"{kept.occ.where}, not {_show(other.value)} from here ({why})")


def _same_fact(a: Any, b: Any) -> bool:
    return bool(_fact_key(a) == _fact_key(b))


def _same_id(a: Any, b: Any) -> bool:
    return arxiv_base(str(a)) == arxiv_base(str(b))


def _same_text(a: Any, b: Any) -> bool:
    return bool(a == b)


def _same_url(a: Any, b: Any) -> bool:
    return bool(str(a).strip() == str(b).strip())


def _fact_key(value: Any) -> Any:
    if isinstance(value, list):
        return [one_line(str(v)).casefold() for v in value]
    if isinstance(value, str):
        return one_line(value).casefold()
    return value


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    text = str(value)
    return repr(text if len(text) <= 80 else text[:77] + "...")
