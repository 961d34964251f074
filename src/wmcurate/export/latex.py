"""Text made safe for a BibTeX field that LaTeX will typeset.

Characters LaTeX gives a meaning to (`\\ { } & % $ _ # ~ ^ < > |`) become commands or
escapes (braces as `\\textbraceleft{}`: BibTeX counts every brace, even `\\{`, so a lone
escaped brace would end the field early); accented Latin letters become accent commands in
BibTeX's braced form (`{\\'e}`), so BibTeX sorts them and changes their case as letters;
dashes, quotes and a few symbols get their LaTeX spelling. Other characters (Chinese,
Cyrillic...) stay as UTF-8: the file is UTF-8, which biber, bibtexu and LaTeX's inputenc
read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = ["escape", "name", "title"]

#: Characters with a meaning in LaTeX, or printed wrongly by its default fonts.
SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "_": r"\_",
    "#": r"\#",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
#: Letters LaTeX writes as commands of their own.
LETTERS = {
    "ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}", "Œ": r"{\OE}",
    "ø": r"{\o}", "Ø": r"{\O}", "ł": r"{\l}", "Ł": r"{\L}", "ı": r"{\i}", "ȷ": r"{\j}",
    "å": r"{\aa}", "Å": r"{\AA}",
}  # fmt: skip
#: Punctuation and symbols with a LaTeX spelling.
SYMBOLS = {
    "\u2013": "--", "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``",
    "\u201d": "''", "\u2026": r"\ldots{}", "\u00a0": "~", "\u00b0": r"\textdegree{}",
    "\u00a7": r"\S{}", "\u00a9": r"\copyright{}", "\u00ae": r"\textregistered{}",
    "\u2122": r"\texttrademark{}", "\u00a3": r"\pounds{}", "\u00b7": r"\textperiodcentered{}",
    "\u2022": r"\textbullet{}", "\u00d7": r"{$\times$}", "\u2192": r"{$\rightarrow$}",
    "\u2190": r"{$\leftarrow$}", "\u2194": r"{$\leftrightarrow$}", "\u00b1": r"{$\pm$}",
    "\u2264": r"{$\leq$}", "\u2265": r"{$\geq$}", "\u221e": r"{$\infty$}",
}  # fmt: skip
_GREEK = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi",
    "psi", "omega",
]
#: Greek capitals with a command of their own (the others look like Latin capitals).
_GREEK_CAPITALS = frozenset(
    {"gamma", "delta", "theta", "lambda", "xi", "pi", "sigma", "upsilon", "phi", "psi", "omega"}
)
for _i, _letter in enumerate(_GREEK):
    _code = _i + (1 if _i >= 17 else 0)  # U+03A2 is unassigned, U+03C2 is the final sigma
    SYMBOLS[chr(0x3B1 + _code)] = "{$o$}" if _letter == "omicron" else f"{{$\\{_letter}$}}"
    if _letter in _GREEK_CAPITALS:
        SYMBOLS[chr(0x391 + _code)] = f"{{$\\{_letter.capitalize()}$}}"
SYMBOLS["\u03c2"] = r"{$\varsigma$}"
#: Combining marks -> the accent command that draws them.
ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d",
    "\u0327": "c", "\u0328": "k", "\u0331": "b", "\u0326": "textcommabelow",
}  # fmt: skip

_CLUSTER = re.compile(r"(.)([\u0300-\u036f]*)", re.DOTALL)
_COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


#: Marks drawn below the letter: an i keeps its dot under them.
_BELOW = frozenset("\u0323\u0326\u0327\u0328\u0331")


def _accented(base: str, marks: str) -> str | None:
    """`{\\'e}` for e + U+0301, `{\\c c}`, `{\\'\\i}`, `{\\d{\\^e}}`; None when the base or a
    mark has no LaTeX form."""
    if not (base.isascii() and base.isalpha()):
        return None
    commands = [ACCENTS[mark] for mark in marks if mark in ACCENTS]
    if len(commands) != len(marks):
        return None
    body = base
    if base in "ij" and any(mark not in _BELOW for mark in marks):
        body = "\\" + base  # dotless: the accent replaces the dot
    for n, command in enumerate(commands):
        if n == 0 and len(body) == 1:
            body = f"\\{command} {body}" if command.isalpha() else f"\\{command}{body}"
        elif n == 0 and not command.isalpha():
            body = f"\\{command}{body}"
        else:
            body = f"\\{command}{{{body}}}"
    return "{" + body + "}"


#: Printable ASCII that LaTeX prints as it is (not `SPECIAL`).
_AS_IS = bytes(c for c in range(0x20, 0x7F) if chr(c) not in SPECIAL)
#: Pairs of characters that `_unligatured` keeps apart.
_LIGATURE = re.compile(r"--|``|''|,,|[!?]`")


def _as_is(text: str) -> bool:
    """Whether `escape` leaves `text` (and so every part of it) as it is: printable ASCII
    without `SPECIAL` characters or ligatures, as most titles and names are."""
    return text.isascii() and not text.encode("ascii").translate(None, _AS_IS) \
        and not _LIGATURE.search(text)


def escape(text: str) -> str:
    """`text` as LaTeX source that prints it."""
    return text if _as_is(text) else _escaped(text)


def _escaped(text: str) -> str:
    out: list[str] = []
    for match in _CLUSTER.finditer(unicodedata.normalize("NFD", text)):
        base, marks = match.group(1), match.group(2)
        if marks:
            accented = _accented(base, marks)
            out.append(accented if accented is not None
                       else unicodedata.normalize("NFC", base + marks))
            continue
        if base in SPECIAL:
            out.append(SPECIAL[base])
        elif base in LETTERS:
            out.append(LETTERS[base])
        elif base in SYMBOLS:
            out.append(SYMBOLS[base])
        elif base in "\r\n\t":
            out.append(" ")
        else:
            out.append(base)
    return _unligatured(out)


def _unligatured(pieces: list[str]) -> str:
    """The pieces joined, with `{}` where two would make a ligature the text does not have:
    a hyphen beside an en dash (`---` is an em dash), two apostrophes, `?` and a backquote."""
    out: list[str] = []
    for piece in pieces:
        if out and piece and out[-1] and (
                (out[-1][-1] == piece[0] and piece[0] in "-`',") or
                (out[-1][-1] in "!?" and piece[0] == "`")):
            out.append("{}")
        out.append(piece)
    return "".join(out)


def _protected(word: str) -> bool:
    """A word whose capitals are not just a sentence's first letter: NeRF, GPT, 3D."""
    rest = word[1:]
    if rest.isascii():  # A-Z are ASCII's only capitals, and lower() changes each
        return rest.lower() != rest
    return any(ch.isupper() for ch in rest)


def _compound(text: str, escaped: Callable[[str], str] = escape) -> str:
    """A hyphenated word escaped, its protected parts braced. A lone capital joins a
    protected neighbour's name (PaLM-E, GPT-J); in Text-to-3D only 3D is a name."""
    parts = text.split("-")
    named = any(_protected(part) for part in parts)
    return "-".join(
        "{" + escaped(part) + "}"
        if _protected(part) or (named and len(part) == 1 and part.isupper()) else escaped(part)
        for part in parts)


#: A capital after a letter or digit: in ASCII text, what makes a word `_protected`.
_INNER_CAPITAL = re.compile(r"[A-Za-z0-9][A-Z]")


def title(text: str) -> str:
    """A title escaped, with the words whose capitals must survive a style that lowers
    the case of titles (acronyms, NeRF, 3D) kept in braces."""
    escaped: Callable[[str], str] = escape
    if _as_is(text):
        if not _INNER_CAPITAL.search(text):
            return text  # nothing to escape, no capital to keep
        escaped = str  # no part has anything to escape either
    out: list[str] = []
    pos = 0
    for match in _COMPOUND.finditer(text):
        out.append(escaped(text[pos:match.start()]))
        out.append(_compound(match.group(), escaped))
        pos = match.end()
    out.append(escaped(text[pos:]))
    return "".join(out)


def name(text: str) -> str:
    """A name escaped, with a word `and` inside it braced (BibTeX splits authors on it)."""
    escaped: Callable[[str], str] = str if _as_is(text) else escape
    return " ".join("{" + escaped(word) + "}" if word.casefold() == "and" else escaped(word)
                    for word in text.split())
