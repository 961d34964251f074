"""Mojibake: text whose UTF-8 bytes were read in another encoding, found and repaired.

Two families are told apart by the characters they leave behind:

- UTF-8 read as Windows-1252 or Latin-1 (`BjÃ¶rn`, `PixArt-Î±`, `LuÄ\\x8diÄ\\x87`): a
  letter between Â and ô followed by one or more characters standing for bytes 0x80-0xBF.
- UTF-8 read as an East Asian double-byte code, GBK, Big5, Shift-JIS or UHC
  (`Bj枚rn`, `PixArt-伪`, `Luka Lu膷i膰`): ideographs, kana or hangul that re-encode
  into valid UTF-8 for Latin, Greek or Cyrillic letters.

The repair works on the bytes: a stretch of characters is re-encoded with the suspected
code and kept only if the bytes decode as strict UTF-8 into letters of an alphabet
(or common punctuation). A stretch never crosses a byte below 0x40 (space, digit, most
punctuation): no double-byte code uses those as the second byte of a character.

Genuine Chinese, Japanese or Korean text mixing Latin words (以GPT为Planner) is not
mojibake: its ideographs do not re-decode, and a string is only judged East Asian
mojibake when what re-decodes outweighs what does not. A repair is offered whole or not
at all: only when nothing suspect is left and the repaired text is clean by the same
detector. A U+FFFD replacement character means a byte was lost: always reported, never
repaired.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: UTF-8 read as Windows-1252, with Latin-1 for the five bytes Windows-1252 leaves undefined.
LATIN = "latin"
EAST_ASIAN_CODECS = ("gbk", "big5", "cp932", "cp949")

# A Latin-family stretch starts with a UTF-8 lead byte read as a letter (Â-ô) followed by a
# character standing for a continuation byte (0x80-0xBF in Windows-1252 or Latin-1).
_LATIN_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)
# Runs of ideographs, kana, hangul and the full- and half-width forms a double-byte code
# produces. One pattern serves for a run, for any one character (`match` on a character) and
# for "any at all" (`search`): a class this wide costs milliseconds to compile.
_EAST_ASIAN = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3100-\u318f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]+"
)


def _east_asian_count(text: str) -> int:
    """How many East Asian characters `text` holds."""
    return sum(len(run) for run in _EAST_ASIAN.findall(text))
#: Every character ftfy's badness judgement (`ftfy.badness.is_bad`) can find wrong falls in
#: here: each of its patterns needs one of the characters of its categories (all from
#: U+0080 to U+2FFF, but for a private-use sign, two ligatures and U+FFFD). A text without
#: any is never judged bad, and ftfy (some 30 ms to import) is not asked.
_FTFY_MAY_JUDGE = re.compile("[\u0080-\u2fff\uf8ff\ufb01\ufb02\ufffd]")
LOST = "\ufffd"
#: A stretch longer than this is not one mis-decoded word; bounds the work on long texts.
_MAX_STRETCH = 48


@dataclass(frozen=True)
class MisDecoding:
    """What the detector found in one string."""

    #: The whole string repaired, when the repair is certain; else None.
    repaired: str | None
    #: The first mis-decoded word and what it should read (None when it cannot tell).
    word: str
    word_repaired: str | None
    #: How many mis-decoded stretches the string has.
    count: int
    #: Why no repair is offered, when none is.
    reason: str = ""


@lru_cache(maxsize=65536)
def _char_bytes(char: str, codec: str) -> bytes | None:
    try:
        return char.encode("cp1252" if codec == LATIN else codec)
    except UnicodeEncodeError:
        if codec == LATIN and ord(char) < 0x100:
            return bytes((ord(char),))
        return None


# Latin Extended-B is mostly phonetics and history; these are its letters living languages
# write: Ƒ ƒ, Vietnamese ơ ư, pinyin ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ, Sámi ǧ, Danish ǻ ǽ ǿ, Romanian ș ț, Ə.
_LATIN_EXT_B = frozenset("\u018f\u0191\u0192\u01a0\u01a1\u01af\u01b0\u01e6\u01e7\u0259"
                         + "".join(chr(c) for c in (*range(0x1CD, 0x1DD), *range(0x1FA, 0x200),
                                                    *range(0x218, 0x21C))))


@lru_cache(maxsize=65536)
def _opens(char: str, codec: str) -> bool:
    """Could `char`, in `codec`, be the first of a stretch: do its bytes begin valid UTF-8
    with a lead byte? (Most ideographs of genuine text fail here, at the cost of a lookup.)"""
    raw = _char_bytes(char, codec)
    if raw is None or not 0xC2 <= raw[0] <= 0xF4:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(raw)
    except UnicodeDecodeError:
        return False
    return True


@lru_cache(maxsize=65536)
def _script(char: str) -> str:
    """'latin', 'greek', 'cyrillic', 'punct' for characters a repair may produce, else ''."""
    code = ord(char)
    if code < 0x80:
        return "ascii"
    letter = unicodedata.category(char).startswith("L")
    if letter and (0xC0 <= code <= 0x17F or 0x1E00 <= code <= 0x1EFF or char in _LATIN_EXT_B):
        return "latin"
    if letter and 0x386 <= code <= 0x3CE:
        return "greek"
    if letter and 0x400 <= code <= 0x45F:
        return "cyrillic"
    if 0x2010 <= code <= 0x2027 or 0x2030 <= code <= 0x205E or code in (0x20AC, 0x2122):
        return "punct"
    return ""


def _latin_extra(char: str) -> bool:
    """Symbols only UTF-8 read as Windows-1252 is trusted to produce (no ideograph
    re-encodes into them by chance): Latin-1 signs, arrows, maths, ideographs."""
    code = ord(char)
    return (0xA0 <= code <= 0xBF or code in (0xD7, 0xF7) or 0x2100 <= code <= 0x22FF
            or _EAST_ASIAN.match(char) is not None)


def _plausible(decoded: str, codec: str, before: str, after: str) -> bool:
    """Is `decoded`, between `before` and `after` in its word, what a person wrote?"""
    for char in decoded:
        if not _script(char) and not (codec == LATIN and _latin_extra(char)):
            return False
    lead = _letters(before[::-1])[::-1]
    word = lead + decoded + _letters(after)
    return all(_fits(word, k) for k in range(len(lead), len(lead) + len(decoded)))


def _letters(text: str) -> str:
    """The letters `text` starts with (ideographs are not letters of a Latin word)."""
    end = 0
    while end < len(text) and text[end].isalpha() and not _EAST_ASIAN.match(text[end]):
        end += 1
    return text[:end]


def _basic_greek(char: str) -> bool:
    return "\u0391" <= char <= "\u03a9" or "\u03b1" <= char <= "\u03c9"


def _fits(word: str, k: int) -> bool:
    """Does the repaired letter word[k] sit in its word the way letters of names do
    (Björn, Žiga, ÅNGSTRÖM, μP), rather than as an ideograph that happened to re-decode
    (ControlNetŲ, ίSora, GPTΪPlanner)?"""
    char = word[k]
    if char.isascii() or not char.isalpha():
        return True
    prev = word[k - 1] if k and word[k - 1].isalpha() else ""
    nxt = word[k + 1] if k + 1 < len(word) and word[k + 1].isalpha() else ""
    if _script(char) in ("greek", "cyrillic") and prev.isascii() and prev:
        return False  # a Greek or Cyrillic letter right after a Latin one
    if char.islower():
        if nxt.isupper() and not _basic_greek(char):
            return False
        # After a capital, only as a name's second letter (Žiga, not GPTŷ).
        return not (prev.isupper() and k > 1)
    if prev.islower():
        return False
    after_next = word[k + 2] if k + 2 < len(word) else ""
    return not (nxt.isupper() and after_next.islower())


def _stretch_at(text: str, i: int, codec: str) -> tuple[int, str] | None:
    """The longest plausible stretch of `codec` mojibake starting at text[i]: its end and
    what it reads. A stretch stops at a character below 0x40 (see the module's doc)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    pieces: list[str] = []
    best: tuple[int, str] | None = None
    j, n = i, min(len(text), i + _MAX_STRETCH)
    while j < n and text[j] >= "\x40":
        raw = _char_bytes(text[j], codec)
        if raw is None:
            break
        try:
            pieces.append(decoder.decode(raw))
        except UnicodeDecodeError:
            break
        j += 1
        if not decoder.getstate()[0]:  # every byte so far makes whole characters
            decoded = "".join(pieces)
            if decoded != text[i:j] and _plausible(decoded, codec, text[max(0, i - 24):i],
                                                   text[j:j + 24]):
                best = (j, decoded)
    if best is None:
        return None
    end, decoded = best
    # Trailing ASCII decodes to itself: keep the stretch to the mis-decoded part.
    while end > i + 1 and text[end - 1] < "\x80" and decoded[-1:] == text[end - 1]:
        end, decoded = end - 1, decoded[:-1]
    return end, decoded


def _find(text: str, codec: str, starts: list[int]) -> list[tuple[int, int, str]]:
    """The stretches of `codec` mojibake in `text` starting at some of `starts` (ascending):
    (start, end, what they read)."""
    found: list[tuple[int, int, str]] = []
    done = 0
    for i in starts:
        if i < done or text[i] < "\x80" or not _opens(text[i], codec):
            continue
        stretch = _stretch_at(text, i, codec)
        if stretch is not None:
            found.append((i, *stretch))
            done = stretch[0]
    return found


def _candidate_starts(text: str, codec: str) -> tuple[list[int], int, int]:
    """Where an East Asian stretch may start, how many ideographs may be explained and how
    many there are.

    Ideographs left unexplained strand the stretches beside them (see `_east_asian`), so
    only a run of ideographs whose bytes decode as UTF-8 (but at its edges) can be part of
    any: genuine Chinese text is ruled out run by run, without looking at its characters.
    """
    starts: list[int] = []
    possible = total = 0
    for match in _EAST_ASIAN.finditer(text):
        run = match.group(0)
        total += len(run)
        try:
            decoded = run.encode(codec).decode("utf-8", errors="replace")
        except UnicodeEncodeError:
            continue
        inner = decoded.strip(LOST)
        if LOST in inner or len(decoded) - len(inner) > 6:
            continue
        possible += len(run)
        starts += range(max(0, match.start() - 3), match.end())
    return sorted(set(starts)), possible, total


def _rebuild(text: str, stretches: list[tuple[int, int, str]]
             ) -> tuple[str, list[tuple[str, str]], list[tuple[int, int]]]:
    """`text` with `stretches` replaced; each touched word with its repair; and where each
    stretch's repair sits in the repaired text."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    at = length = 0
    for start, end, decoded in stretches:
        out += [text[at:start], decoded]
        length += start - at
        spans.append((length, length + len(decoded)))
        length += len(decoded)
        at = end
    out.append(text[at:])
    fixed = "".join(out)
    words: dict[tuple[int, int], tuple[str, str]] = {}
    shift = 0
    for (start, end, decoded), (new_start, _) in zip(stretches, spans, strict=True):
        left, right = _word_edges(text, start, end)
        if (left, right) not in words:
            new_left = left + shift
            new_right = _word_edges(fixed, new_start, new_start + len(decoded))[1]
            words[(left, right)] = (text[left:right], fixed[new_left:new_right])
        shift += len(decoded) - (end - start)
    return fixed, list(words.values()), spans


_WORD_EDGE = re.compile(r"[\s,;:()\[\]\"]")


def _word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """The word around text[start:end], at most 24 characters either side of it."""
    left = start
    while left > max(0, start - 24) and not _WORD_EDGE.match(text[left - 1]):
        left -= 1
    right = end
    while right < min(len(text), end + 24) and not _WORD_EDGE.match(text[right]):
        right += 1
    return left, right


def _holds(text: str, stretches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The stretches whose repairs still read as words once every stretch is repaired: two
    ideographs re-decoding as ļФ side by side make no word in any alphabet."""
    while stretches:
        fixed, _, spans = _rebuild(text, stretches)
        kept = []
        for stretch, (start, end) in zip(stretches, spans, strict=True):
            lead = _letters(fixed[:start][::-1])[::-1]
            word = lead + fixed[start:end] + _letters(fixed[end:])
            scripts = {_script(c) for c in word if c.isalpha() and not c.isascii()}
            if len(scripts) <= 1 and all(_fits(word, k)
                                         for k in range(len(lead), len(lead) + end - start)):
                kept.append(stretch)
        if len(kept) == len(stretches):
            break
        stretches = kept
    return stretches


def _standalone_ok(text: str, start: int, end: int, decoded: str) -> bool:
    """One ideograph re-decoding into one letter with no letter beside it: only a Greek
    letter (without accents) in Latin text is trusted (PixArt-伪 for PixArt-α, 惟-Limits for
    Ω-Limits); 维 alone is a Chinese word, not ά."""
    if end - start != 1 or len(decoded) != 1:
        return True
    beside = (text[start - 1] if start else " ") + (text[end] if end < len(text) else " ")
    if any(char.isalpha() for char in beside):
        return True
    return _basic_greek(decoded) and re.search("[A-Za-z]", text) is not None


def _east_asian(text: str) -> list[tuple[int, int, str]] | None:
    """The East Asian mojibake of `text`, by the codec explaining the most ideographs,
    provided they outweigh the ideographs no codec explains (genuine CJK text).

    A stretch beside an ideograph that stays (模型 read as ģ型) is part of a Chinese word.
    """
    best: list[tuple[int, int, str]] = []
    best_consumed = total = 0
    for codec in EAST_ASIAN_CODECS:
        starts, possible, total = _candidate_starts(text, codec)
        if not possible or possible < total - possible or possible <= best_consumed:
            continue
        stretches = [s for s in _find(text, codec, starts) if _standalone_ok(text, *s)]
        while True:
            covered = {i for start, end, _ in stretches for i in range(start, end)}
            kept = _holds(text, [(start, end, decoded) for start, end, decoded in stretches
                                 if not _stranded(text, start - 1, covered)
                                 and not _stranded(text, end, covered)])
            if len(kept) == len(stretches):
                break
            stretches = kept
        consumed = sum(_east_asian_count(text[start:end]) for start, end, _ in stretches)
        if consumed > best_consumed:
            best, best_consumed = stretches, consumed
    if not best or best_consumed <= total - best_consumed < total:
        # Nothing explained, or no more than stays unexplained: genuine CJK text.
        return None
    return best


def _stranded(text: str, at: int, covered: set[int]) -> bool:
    """Is text[at] an ideograph no stretch explains?"""
    return 0 <= at < len(text) and at not in covered and _EAST_ASIAN.match(text[at]) is not None


def _ftfy() -> Any:
    import ftfy  # imported on first need: most text never looks mis-decoded

    return ftfy


def has_east_asian(text: str) -> bool:
    """Does `text` hold an ideograph, kana, hangul or a full- or half-width form?"""
    return not text.isascii() and _EAST_ASIAN.search(text) is not None


def might_be_mis_decoded(text: str, east_asian: bool = True) -> bool:
    """A quick look: False means `text` holds no mojibake, True that it is worth a look."""
    return (LOST in text or _LATIN_HINT.search(text) is not None
            or (east_asian and _EAST_ASIAN.search(text) is not None))


def _analyse(text: str, east_asian: bool) -> MisDecoding | None:
    """One pass of the detector: what is mis-decoded in `text`, and its repair if whole."""
    if not might_be_mis_decoded(text, east_asian):
        return None
    words: list[tuple[str, str]] = []
    fixed = text
    if _LATIN_HINT.search(text):
        stretches = _holds(text, _find(text, LATIN,
                                       [m.start() for m in _LATIN_HINT.finditer(text)]))
        if stretches:
            fixed, words, _ = _rebuild(text, stretches)
    leftover = 0
    if east_asian:
        found = _east_asian(fixed)
        if found is not None:
            fixed, more, _ = _rebuild(fixed, found)
            words += more
            leftover = _east_asian_count(fixed)
    if not words and LOST not in text:
        # Last, ftfy's own judgement, for families the stretches above do not cover
        # (Windows-1250, MacRoman); only a clean repair of it is offered.
        if _FTFY_MAY_JUDGE.search(text) is None or not _ftfy().badness.is_bad(text):
            return None
        candidate = _ftfy().fix_encoding(text)
        if candidate != text and _analyse(candidate, east_asian) is None:
            return MisDecoding(candidate, text, candidate, 1)
        return MisDecoding(None, text, None, 1, "no certain repair")
    first_word, first_fix = words[0] if words else (_lost_word(text), None)
    count = max(len(words), 1)
    if LOST in fixed:
        return MisDecoding(None, first_word, first_fix if words else None, count,
                           "a character was lost (U+FFFD)")
    if leftover:
        return MisDecoding(None, first_word, first_fix, count,
                           "part of it does not re-decode")
    if _analyse(fixed, east_asian) is not None:
        return MisDecoding(None, first_word, first_fix, count,
                           "the repair still looks mis-decoded")
    return MisDecoding(fixed, first_word, first_fix, count)


def _lost_word(text: str) -> str:
    at = text.index(LOST)
    start = max(text.rfind(" ", 0, at) + 1, at - 20)
    end = text.find(" ", at)
    end = len(text) if end == -1 or end - at > 20 else end
    return text[start:end]


@lru_cache(maxsize=16384)
def find_mis_decoding(text: str, east_asian: bool = True) -> MisDecoding | None:
    """What is mis-decoded in `text`, or None when nothing is.

    `east_asian=False` skips the East Asian family: in a Chinese text, Latin words next to
    ideographs are normal and a stray ideograph cannot be told from a mis-decoded letter.
    """
    return _analyse(text, east_asian)


def repair_mojibake(text: str, east_asian: bool = True) -> str | None:
    """The text with its mis-decoded characters repaired, or None when nothing is
    mis-decoded or no repair is certain (see `find_mis_decoding` for the difference)."""
    found = find_mis_decoding(text, east_asian)
    return None if found is None else found.repaired


def is_mis_decoded(text: str, east_asian: bool = True) -> bool:
    """True when `text` shows mojibake, repairable or not."""
    return find_mis_decoding(text, east_asian) is not None
