"""Where a paper appeared, read from arXiv's free text (its journal reference and comment).

Pure functions. Venues are recognised by the built-in catalogue (`wmcurate.venues`) and the
list's own vocabulary; a journal reference that names a journal neither knows gives that
journal as written. Every guess carries its evidence (the sentence it was read from), and a
guess is only made on clear wording: a venue that is merely "submitted to", or a workshop
"at" a conference, is not the paper's venue. A year is never invented: a venue named
without one is returned without one, for a human to complete.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from wmcurate.venues import Kind, Mention, Vocabulary, catalogue, preprint, squeeze, venue_index

__all__ = [
    "VenueGuess",
    "clauses",
    "detect_venue",
    "evidence",
    "journal_of",
    "matcher",
    "text_names_venue",
]

VenueSource = Literal["comment", "journal_ref"]


@dataclass(frozen=True)
class VenueGuess:
    """`venue` is "<NAME> <YEAR>", or "<NAME>" alone when the text names the venue without
    a year (`year_missing`): the year is then the human's to write, never arXiv's date."""

    venue: str
    name: str
    year: int | None
    evidence: str
    source: VenueSource

    @property
    def year_missing(self) -> bool:
        return self.year is None


# --- clauses -----------------------------------------------------------------------------------

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


def clauses(text: str) -> Iterator[tuple[int, int]]:
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


def evidence(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split()).strip(" ,;|")


# --- venues named in free text -----------------------------------------------------------------
_ALNUM = re.compile(r"[A-Za-z0-9]")
_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+")
_FILLER = frozenset(
    {"the", "of", "on", "in", "and", "for", "at", "ieee", "acm", "cvf", "proceedings", "proc",
     "annual", "intl"}
)  # fmt: skip
# A word that may stand before a venue's name without being part of a longer name.
_LEAD_INS = frozenset({
    "in", "at", "to", "the", "by", "for", "on", "of", "and", "accepted", "published",
    "appeared", "appears", "appearing", "presented", "proceedings", "proc", "paper", "preprint",
    "version", "annual", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth", "from", "with",
})  # fmt: skip
_CONNECTOR = r"(?:&|and|of|for|in|on|the|de|des|der|für)"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# A capitalised word after a name continues it ("... Computer Vision Systems"), unless it is
# a month (a date follows names: "... Analysis July 11 to 17, 2021").
_NAME_GOES_ON = re.compile(rf"\s*(?:{_CONNECTOR}\s+)*(?!(?i:{_MONTH})\b)[A-Z]")
_WORD_BEHIND = re.compile(rf"([A-Za-z][\w'-]*)(?:\s+{_CONNECTOR})*\s*$")


def _acronym_like(word: str) -> bool:
    """NeurIPS, CVPR, 3DV, S&P (a name of its own) rather than Nature or Machine."""
    return sum(ch.isupper() for ch in word) >= 2 or any(ch.isdigit() or ch in "&*" for ch in word)


@dataclass(frozen=True)
class _Spelling:
    text: str
    name: str
    kind: Kind | None
    exact_case: bool  # CVPR and Nature are matched as written; NeurIPS in any case
    guarded: bool  # a name of ordinary words: it must not be part of a longer name


def _spelling(text: str, name: str, kind: Kind | None) -> _Spelling:
    words = text.split()
    exact = not any(ch.islower() for ch in text) or not any(map(_acronym_like, words))
    # "Proceedings of the IEEE" ends in a publisher's name, which other names go on from.
    ends_in_a_name = _acronym_like(words[-1]) and words[-1].lower() not in _FILLER
    return _Spelling(text, name, kind, exact, not ends_in_a_name)


def _filtered_words(text: str) -> list[str]:
    return [w for w in (t.lower() for t in _TOKEN.findall(text)) if w not in _FILLER]


def _short_pattern(text: str) -> str:
    """A regex for a short spelling that tolerates the punctuation and spacing papers vary
    ("Astrophys.J." for "Astrophys. J.", "RA-L" for "RAL") but keeps `&` (S&P is not S. P.)."""
    out = []
    for piece in re.findall(r"[A-Za-z0-9]+|[\s./-]+|&|.", text.rstrip(".")):
        if _ALNUM.match(piece):
            out.append(re.escape(piece))
        elif piece == "&":
            out.append(r"\s*&\s*")
        elif re.fullmatch(r"[\s./-]+", piece):
            out.append(r"[\s./-]*")
        else:
            out.append(r"\s*" + re.escape(piece) + r"\s*")
    return "".join(out)


class Matcher:
    """Finds the venues a text names: short spellings by one regular expression, long
    ones (three or more words that say something) by their words, whatever the filler
    and punctuation between them ("Software Testing, Verification, and Validation")."""

    def __init__(self, spellings: Sequence[_Spelling]) -> None:
        self._short: dict[str, list[_Spelling]] = {}
        self._trie: dict[str, Any] = {}
        patterns: dict[str, int] = {}
        for spelling in spellings:
            words = _filtered_words(spelling.text)
            if len(words) >= 3:
                node = self._trie
                for word in words:
                    node = node.setdefault(word, {})
                node.setdefault("", spelling)
                continue
            body = _short_pattern(spelling.text)
            patterns.setdefault(body if spelling.exact_case else f"(?i:{body})", len(spelling.text))
            self._short.setdefault(squeeze(spelling.text), []).append(spelling)
        # Longest first: "SIGGRAPH Asia" before "SIGGRAPH".
        alternatives = "|".join(sorted(patterns, key=lambda body: -patterns[body])) or r"(?!)"
        self._pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z])")

    def find(self, text: str) -> list[Mention]:
        found: list[tuple[int, int, _Spelling]] = []
        for match in self._pattern.finditer(text):
            spelling = self._which(match.group())
            if spelling is not None:
                found.append((match.start(), match.end(), spelling))
        found.extend(self._long(text))
        found.sort(key=lambda item: (item[0], -item[1]))
        mentions: list[Mention] = []
        for start, end, spelling in found:
            if mentions and start < mentions[-1].end:
                continue
            if spelling.guarded and not _stands_alone(text, start, end):
                continue
            mentions.append(Mention(start, end, spelling.name, spelling.kind))
        return mentions

    def _which(self, matched: str) -> _Spelling | None:
        for spelling in self._short.get(squeeze(matched), ()):
            if not spelling.exact_case or _same_case(matched, spelling.text):
                return spelling
        return None

    def _long(self, text: str) -> Iterator[tuple[int, int, _Spelling]]:
        tokens = [m for m in _TOKEN.finditer(text) if m.group().lower() not in _FILLER]
        words = [m.group().lower() for m in tokens]
        for i, word in enumerate(words):
            node = self._trie.get(word)
            best: tuple[int, _Spelling] | None = None
            j = i + 1
            while node is not None:
                if "" in node:
                    best = (j, node[""])
                if j >= len(words):
                    break
                node = node.get(words[j])
                j += 1
            if best is not None:
                yield tokens[i].start(), tokens[best[0] - 1].end(), best[1]


def _same_case(matched: str, spelling: str) -> bool:
    return re.sub(r"[^A-Za-z0-9&]", "", matched) == re.sub(r"[^A-Za-z0-9&]", "", spelling)


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A name of ordinary words counts only when it is not part of a longer name:
    "Science" is no venue in "Science & Education", nor "Artificial Intelligence" in
    "Italian Conference on Artificial Intelligence"."""
    if _NAME_GOES_ON.match(text, end):
        return False
    behind = _WORD_BEHIND.search(text[max(0, start - 60) : start])
    if behind is None:
        return True
    word = behind.group(1)
    return not word[0].isupper() or word.isupper() or word.lower() in _LEAD_INS


@lru_cache(maxsize=32)
def matcher(vocabulary: Vocabulary = ()) -> Matcher:
    """The matcher for a list's vocabulary and the catalogue, built once per vocabulary."""
    known = catalogue()
    index = venue_index(vocabulary)
    spellings: list[_Spelling] = []
    seen: set[str] = set()

    def add(text: str, name: str, kind: Kind | None) -> None:
        text = " ".join(text.split())
        if text in seen or not text or kind == "preprint":
            return
        if len(_ALNUM.findall(text)) <= 2 and "&" not in text:
            return  # EG, MM, IV: too short to tell from an initial or a unit in free text
        seen.add(text)
        spellings.append(_spelling(text, name, kind))

    for name, aliases in vocabulary:
        venue = next(filter(None, map(known.lookup, (name, *aliases))), None)
        for text in (name, *aliases):
            add(text, name, venue.kind if venue else None)
    for venue in known.venues:
        name = index.output_name(venue)
        for text in venue.spellings:
            if not (venue.ambiguous and text == venue.name):
                add(text, name, venue.kind)
    return Matcher(spellings)


def text_names_venue(text: str, name: str, vocabulary: Vocabulary = ()) -> bool:
    """Does `text` (a journal reference, a comment) name the venue `name`?"""
    if not text or not name:
        return False
    wanted = squeeze(name)
    for mention in matcher(vocabulary).find(text):
        if squeeze(mention.name) == wanted:
            return True
    # A journal only its reference knows ("Phys.Rev.A"): its letters, in order.
    return len(wanted) >= 3 and wanted in squeeze(_untex(text))


# --- the venue of a paper ---------------------------------------------------------------------

# Wording that makes the venue something other than where this paper appeared.
_NOT_THERE = re.compile(
    r"\b(?:submitted|submission|under\s+review|in\s+review|rejected|withdrawn|"
    r"extended\s+version|extension\s+of|extends\s+(?:our|the)|journal\s+version|"
    r"earlier\s+version|preliminary\s+version|previous\s+version|short(?:er)?\s+version|"
    r"full\s+version|abridged\s+version|conference\s+version|"
    r"not\s+(?:yet\s+)?accepted|planned\s+for|will\s+be\s+submitted)\b",
    re.IGNORECASE,
)
# Wording that puts the paper in a workshop held at the venue named (a workshop-proceedings
# venue, such as CVPRW, is still the paper's own).
_AT_A_WORKSHOP = re.compile(
    r"\b(?:workshops?|co-?located|in\s+conjunction\s+with|part\s+of\s+the|satellite)\b",
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
    # or a parenthesis that ends with the year: "(ISSTA 2020)", "(MET'21)", "(ICST '26)"
    r"|[\s,]*\([^()]{0,30}?(?:(?<![0-9])(?P<plong>(?:19|20)[0-9]{2})|['’‘]\s?"
    r"(?P<pshort>[0-9]{2}))\s*\)"
)
# A year, but not one glued to a lower-case letter (an article number: "35(2):e1914").
_ANY_YEAR = re.compile(r"(?<![0-9a-z])(?:19|20)[0-9]{2}(?![0-9])")
_ANY_SHORT_YEAR = re.compile(r"(?<=[A-Za-z\s])['’‘]([0-9]{2})(?![0-9])")
# URLs hide venue-like words ("icst2021.icmc.usp.br"); they are blanked before reading.
_URLISH = re.compile(
    r"\b[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE
)


def detect_venue(
    comment: str | None,
    journal_ref: str | None,
    venues: Sequence[tuple[str, Sequence[str]]] = (),
) -> VenueGuess | None:
    """The venue a paper appeared at: a venue its journal reference names, else the journal
    the reference gives, else a venue its comment says it appeared at.

    `venues` is the list's vocabulary, (name, aliases) per venue: a venue it lists is
    written the list's way. None means no venue was found: the caller writes "arXiv <year>".
    """
    vocabulary = tuple((name, tuple(aliases)) for name, aliases in venues if name.strip())
    if journal_ref:
        guess = _venue_in(journal_ref, "journal_ref", vocabulary) or _journal_guess(journal_ref)
        if guess is not None:
            return guess
    if comment:
        return _venue_in(comment, "comment", vocabulary)
    return None


def _venue_in(text: str, source: VenueSource, vocabulary: Vocabulary) -> VenueGuess | None:
    searchable = _URLISH.sub(lambda m: " " * len(m.group()), text)
    named = matcher(vocabulary).find(searchable)
    for start, end in clauses(searchable):
        clause = searchable[start:end]
        if _NOT_THERE.search(clause):
            continue
        at_a_workshop = _AT_A_WORKSHOP.search(clause) is not None
        for mention in named:
            if not start <= mention.start < end:
                continue
            if at_a_workshop and mention.kind != "workshop":
                continue
            if searchable[start : mention.start].rstrip().endswith("@"):
                continue  # "SBFT@ICSE 2024": a workshop at ICSE, not ICSE
            year = _year_near(clause, mention.start - start, mention.end - start)
            # A journal_ref is itself proof of publication; a comment naming a venue
            # without a year must say the paper appeared there.
            if year is None and source == "comment" and not _PUBLISHED_THERE.search(clause):
                continue
            return _guess(mention.name, year, evidence(text, start, end), source)
    return None


def _guess(name: str, year: int | None, said: str, source: VenueSource) -> VenueGuess:
    venue = f"{name} {year}" if year is not None else name
    return VenueGuess(venue=venue, name=name, year=year, evidence=said, source=source)


def _year_near(clause: str, start: int, end: int) -> int | None:
    """The year written with a venue: right after it, else the nearest one in its clause."""
    after = _YEAR_AFTER.match(clause, end)
    if after:
        long, short = after["long"] or after["plong"], after["short"] or after["pshort"]
        return int(long) if long else _century(int(short))
    years = [(abs(m.start() - start), int(m.group())) for m in _ANY_YEAR.finditer(clause)]
    years += [
        (abs(m.start() - start), _century(int(m.group(1))))
        for m in _ANY_SHORT_YEAR.finditer(clause)
    ]
    return min(years)[1] if years else None


def _century(short: int) -> int:
    return 2000 + short if short < 50 else 1900 + short


# --- a journal reference's journal ------------------------------------------------------------
_STOP_WORD = re.compile(
    r"(?i)[,;]?\s*\b(?:(?:vol(?:ume)?|no|nr|issue|pp|pages?|article)(?=\.?\s*:?\s*[a-z]?[0-9])|"
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?=[0-9]))\b"
)
_AUTHOR_LIST = re.compile(r",\s+[A-Z]\.")
# Journal names are dense with abbreviations ("Int. J. Mod. Phys. B"): a sentence of a
# reference ends only after a long lower-case word or a parenthesis ("(2017). Title.").
_SENTENCE_END = re.compile(r"(?:(?<=[a-z]{5})|(?<=\)))\.\s+(?=[A-Z])")
_EDITORS = re.compile(r"\s*\((?:eds?|editors?)\.?\)", re.IGNORECASE)
_PUBLISHER = re.compile(
    r",\s*(?:Springer(?:-Verlag)?|Elsevier|Wiley|World Scientific|Kluwer|North[- ]Holland|"
    r"IOP(?: Publishing)?|AIP|IEEE|ACM|(?:[A-Z][a-z]+ )*(?:University )?Press)\s*$"
)
_ACRONYM_IN_PARENS = re.compile(r"\s*\(([A-Z][A-Za-z0-9&/-]*[A-Z0-9])\)\s*$")
_ONLY_FILLER = re.compile(r"(?i)^(?:in:?|proc\.?|proceedings|of|the|\s)*$")
_PAREN_YEAR = re.compile(r"\([^()]*?(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])[^()]*\)")
_TEX_ACCENT = re.compile(r"""\\(['`^"~=.])\s*\{?([A-Za-z])\}?""")
_COMBINING = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307",
}  # fmt: skip


def journal_of(journal_ref: str) -> tuple[str, int | None] | None:
    """The journal a journal reference names, as it abbreviates it, and the reference's year.

    `Phys. Rev. B 84, 1 (2011)` -> ("Phys. Rev. B", 2011); `ActaAstron.56:1-50,2006` ->
    ("ActaAstron.", 2006); `Indiana Univ. Math. J. 73 (2024), 1331-1356` ->
    ("Indiana Univ. Math. J.", 2024). None when no part of it reads as a journal and volume.
    """
    text = _untex(journal_ref)
    for part in _SENTENCE_END.split(text):
        name = _journal_name(part)
        if name:
            return name, _reference_year(text)
    return None


def _journal_guess(journal_ref: str) -> VenueGuess | None:
    found = journal_of(journal_ref)
    if found is None:
        return None
    name, year = found
    return _guess(name, year, evidence(journal_ref, 0, len(journal_ref)), "journal_ref")


def _journal_name(clause: str) -> str | None:
    clause = re.sub(r"^\s*(?:in:|in\s+(?=[A-Z]))", "", clause.strip(), flags=re.IGNORECASE)
    stop = _first_stop(clause)
    if stop is None:
        return None
    name = _EDITORS.sub("", clause[:stop])
    name = re.sub(r"\s+\S*-$", "", name.rstrip(" ,;:(")).rstrip(" ,;:(")  # "Report CERN-"
    name = _PUBLISHER.sub("", name).strip(" ,;:")
    acronym = _ACRONYM_IN_PARENS.search(name)
    if acronym and len(name) > len(acronym.group()):
        name = acronym.group(1)  # "International Journal of ... (IJSEA)" -> "IJSEA"
    if (
        not re.search(r"[A-Za-z]{2}", name)
        or _ONLY_FILLER.match(name)
        or len(name) > 80
        or _AUTHOR_LIST.search(name)
        or name[0].isdigit()
        or preprint(name)
    ):
        return None
    return " ".join(name.split())


def _first_stop(clause: str) -> int | None:
    """Where the journal's name ends: at its volume number, a year, a month or a
    "Vol."/"pp." word. A digit inside a word (IC2E) does not end it; a series letter
    before the volume ("Phys.Lett.B573") belongs to the name."""
    stops = []
    word = _STOP_WORD.search(clause)
    if word:
        stops.append(word.start())
    for digit in re.finditer(r"[0-9]", clause):
        i = digit.start()
        before = clause[i - 1] if i else " "
        if not before.isalpha() or (before.isupper() and (i < 2 or not clause[i - 2].isalpha())):
            stops.append(i)
            break
    return min(stops) if stops else None


def _reference_year(text: str) -> int | None:
    inside = _PAREN_YEAR.search(text)
    if inside:
        return int(inside.group(1))
    years = _ANY_YEAR.findall(text)
    return int(years[-1]) if years else None


def _untex(text: str) -> str:
    """`S\\'eminaire` -> `Séminaire`: TeX accents, as arXiv's metadata keeps them."""
    return unicodedata.normalize("NFC", _TEX_ACCENT.sub(lambda m: m[2] + _COMBINING[m[1]], text))
