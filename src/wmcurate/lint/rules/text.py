"""Text rules: mis-decoding, entities, whitespace, hidden characters, languages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import Any

from wmcurate.lazyre import lazy
from wmcurate.lint.fields import (
    ENTITY,
    REQUIRED_TEXTS,
    EntryStrings,
    dotted,
    entry_strings,
    in_zh,
    is_empty,
    matching_strings,
    short,
)
from wmcurate.lint.fixes import unescape_entities
from wmcurate.lint.registry import FieldPath, Issue, ListIndex, Transform, rule
from wmcurate.markdown import HAN, cjk_share
from wmcurate.model import TEXT_FIELDS, Entry
from wmcurate.mojibake import (
    find_mis_decoding,
    has_east_asian,
    is_mis_decoded,
    might_be_mis_decoded,
)
from wmcurate.mojibake import repair_mojibake as repair_mojibake
from wmcurate.quoting import quote

__all__ = ["is_mis_decoded", "repair_mojibake"]


# -- text --------------------------------------------------------------------------
@rule("WMC401", "mojibake", "error", "raw",
      "Text was mis-decoded (mojibake), e.g. 'Bj枚rn' for 'Björn' or 'PixArt-伪' for "
      "'PixArt-α'.",
      "Names and texts copied through the wrong encoding (UTF-8 read as GBK, Big5, "
      "Shift-JIS, Windows-1252 or Latin-1) are unreadable and unsearchable. Every field "
      "but `source` is checked; a Chinese text only for the Windows-1252 kind, since Latin "
      "words next to ideographs are normal there.",
      """
authors: [Bj枚rn Ommer, Luka Lu膷i膰]
title: "PixArt-伪: Fast Training of Diffusion Transformer"
""", "`--fix` repairs a value only when the whole of it re-decodes into clean text; "
     "a value with a lost character (U+FFFD) or a part that does not re-decode stays "
     "reported: retype it from the paper.")
def mojibake(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    # ASCII strings are never mis-decoded: only the others are looked at.
    strings = entry_strings(raw)
    if not (strings.other_count or strings.chinese_count) or not _worth_a_look(
            strings.non_ascii, strings.other):
        return
    for at, text in matching_strings(raw, (), _not_ascii):
        east_asian = not in_zh(at)
        found = find_mis_decoding(text, east_asian)
        if found is None:
            continue
        where = dotted(at)
        whole = len(text) <= 60
        seen = quote(text) if whole else quote(found.word)
        more = "" if whole or found.count == 1 else f" ({found.count} places)"
        if found.repaired is not None:
            fixed = quote(found.repaired) if whole else quote(found.word_repaired)
            yield Issue(at, f"mis-decoded text in {where}: {seen} should read {fixed}{more}",
                        (at, _repair_mojibake(east_asian), "mojibake repaired"))
        else:
            yield Issue(at, f"mis-decoded text in {where}: {seen}{more} cannot be repaired "
                        f"with certainty ({found.reason}): retype it from the paper")


def _not_ascii(text: str) -> bool:
    return not text.isascii()


#: Every byte but a UTF-8 lead byte (0xC2-0xF4), as Latin-1 shows them: Â-ô.
_NOT_A_LEAD = bytes(b for b in range(256) if not 0xC2 <= b <= 0xF4)


def _worth_a_look(joined: str, not_zh: str) -> bool:
    """Cheap looks first (False means no string of the entry is mis-decoded): the
    Windows-1252 kind needs a letter between Â and ô (or a lost character), the East Asian
    kind an ideograph outside the Chinese texts."""
    latin = "\ufffd" in joined or bool(
        joined.encode("latin-1", "ignore").translate(None, _NOT_A_LEAD)) and \
        might_be_mis_decoded(joined, east_asian=False)
    return latin or has_east_asian(not_zh)


def _repair_mojibake(east_asian: bool) -> Transform:
    """The fix of WMC401: the whole value repaired, or left as it is."""
    def fix(old: Any) -> Any:
        return (repair_mojibake(old, east_asian) or old) if isinstance(old, str) else old
    return fix


@rule("WMC402", "html-entity", "error", "raw",
      "Text contains an HTML entity such as &#34; or &amp;.",
      "Entries hold plain text; render escapes it, so an entity shows up literally.",
      """
title: "Zero-1-to-3: Zero-shot One Image to 3D Object &#34;Zero123&#34;"
""", "`--fix` decodes the entities.")
def html_entity(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    seen = entry_strings(raw)
    if "&" not in seen.ascii and "&" not in seen.other and "&" not in seen.chinese:
        return
    for at, text in matching_strings(raw, ("links",), _has_ampersand):
        if ENTITY.search(text):
            fixed = html.unescape(text)
            if fixed != text:
                yield Issue(at, f"HTML entity in {dotted(at)}: write the character itself",
                            (at, unescape_entities, "entities decoded"))


def _has_ampersand(text: str) -> bool:
    return "&" in text


# Blanks are whitespace to a reader; control characters (which str.split() also takes for
# whitespace: \x1c-\x1f, \x85) are WMC408's, which removes them instead.
_BLANKS = ("\t\n\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
           "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_BLANK_RUN = re.compile(f"[{_BLANKS}]+")
_PARAGRAPH_BREAK = re.compile(f"\n[{_BLANKS}]*\n")


def _clean_spaces(text: str) -> str:
    def collapse(part: str) -> str:
        return _BLANK_RUN.sub(" ", part).strip(" ")

    body = text.strip(_BLANKS)
    if "\n" in body:
        return "\n\n".join(collapse(p) for p in _PARAGRAPH_BREAK.split(body))
    return collapse(body)


_ODD_BLANK = lazy(f"[{_BLANKS.replace(' ', '').replace(chr(10), '')}]")
# Characters the whitespace rule cares about: blanks other than the plain space and the
# newline. In ASCII text only the tab and the carriage return are.
_UNUSUAL = lazy(r"[\t\r\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def _space_suspect(joined: str) -> bool:
    """True for NUL-joined strings in which _clean_spaces might change something (it is
    never False where it would): doubled spaces, a string's edge blank, blanks other than
    the plain space, and newlines (those are rare: multi-paragraph texts only)."""
    if not joined:
        return False
    spaced = joined.replace("\x00", " ")
    if joined.isascii():
        if "\n" in joined or "\t" in joined or "\r" in joined:
            return True
    # Every blank but the plain space is unprintable: printable text has none of them.
    elif not spaced.isprintable() and ("\n" in joined or _UNUSUAL.search(joined) is not None):
        return True
    # Only the plain space is left to look for: doubled, or at a string's edge, which is
    # next to a separator (two separators in a row, an empty string, are looked at too).
    return joined[0] == " " or joined[-1] == " " or "  " in spaced


def _spaced_out(joined: str, parts: list[str]) -> list[str]:
    """The strings of `parts` (NUL-joined in `joined`) in which `_space_suspect` finds
    something. Where only the plain space can be at fault (ASCII text without tab or line
    break), they are found by where a doubled space is in the join, not one by one."""
    if not joined.isascii() or "\n" in joined or "\t" in joined or "\r" in joined \
            or joined.count("\x00") != len(parts) - 1:  # (a NUL inside a string)
        return [text for text in parts if _space_suspect(text)]
    found: set[int] = set()
    if joined[0] == " ":
        found.add(0)
    if joined[-1] == " ":
        found.add(len(parts) - 1)
    # A string's edge space is next to a separator: doubled once separators are spaces.
    spaced = joined.replace("\x00", " ")
    at = spaced.find("  ")
    while at >= 0:
        for where in (at, at + 1):
            if joined[where] != "\x00":
                found.add(joined.count("\x00", 0, where))
        # On from the end of the string just found: it needs no second look.
        end = joined.find("\x00", at + 1)
        at = -1 if end < 0 else spaced.find("  ", end)
    return [parts[i] for i in sorted(found)]


@rule("WMC403", "whitespace", "error", "raw",
      "Text has leading, trailing or doubled spaces.",
      "Stray spaces come from copy and paste and make equal texts compare unequal.",
      """
title: " Zero-1-to-3:  Zero-shot One Image to 3D Object "
""", "`--fix` strips and collapses them.")
def whitespace(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    seen = entry_strings(raw)
    # The strings worth a look, from the groups worth one (as objects: cheap to find).
    suspects = {id(text)
                for joined, parts in ((seen.ascii, seen.ascii_parts),
                                      (seen.other, seen.other_parts),
                                      (seen.chinese, seen.chinese_parts))
                if _space_suspect(joined) for text in _spaced_out(joined, parts)}
    if not suspects:
        return
    for at, text in matching_strings(raw, ("links",), lambda t: id(t) in suspects):  # WMC503
        # A block scalar's final newline (`|`, `>`) is YAML's, not a stray space.
        if _clean_spaces(text) != text.rstrip("\n"):
            yield Issue(at, f"stray whitespace in {dotted(at)}",
                        (at, _clean_spaces, "whitespace cleaned"))


@rule("WMC404", "missing-translation", "warning", "entry",
      "A curated text lacks one of the list's languages.",
      "The other language is shown instead, so readers of that README get a mixed page.",
      """
one_liner: {en: "Contrastive image-text pre-training at web scale."}
""", "Add the translation (or write one plain string if the text is the same in every "
     "language).")
def missing_translation(entry: Entry, raw: Mapping[str, Any],
                        index: ListIndex) -> Iterator[Issue]:
    languages = index.languages
    for name in REQUIRED_TEXTS:
        value = raw.get(name)
        if type(value) is dict or (value is not None and isinstance(value, Mapping)):
            missing = [lang for lang in languages if is_empty(value.get(lang))]
            if missing and not is_empty(value):
                yield Issue((name,), f"'{name}' has no {', '.join(missing)} text: add the "
                            "translation")


_TITLE_AND_TEXTS = ("title", *REQUIRED_TEXTS)
_TEXTS_AND_POINTS = (*TEXT_FIELDS, "key_points")


@rule("WMC406", "unknown-language", "error", "entry",
      "A text is filed under a language the list does not have.",
      "Only the config's languages are rendered: the text is never shown.", """
one_liner: {en: "...", fr: "..."}
""", "Use a language code from `languages:` in wmcurate.yaml.")
def unknown_language(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    languages = index.languages
    for name in _TITLE_AND_TEXTS:
        value = raw.get(name)
        if type(value) is dict or (value is not None and isinstance(value, Mapping)):
            for lang in value:
                if lang not in languages:
                    yield Issue((name, str(lang)), f"'{name}' has a text in '{lang}', which is "
                                f"not a language of the list ({', '.join(languages)})")


@rule("WMC405", "wrong-language", "warning", "entry",
      "A text is in another language than the one it is filed under.",
      "A Chinese text under `en` (or the reverse) shows up in the wrong README.",
      """
one_liner: {en: "支持从文本生成视频的模型。", zh: "A model that generates video from text."}
""", "Move the text under the right language code.")
def wrong_language(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for name in _TEXTS_AND_POINTS:
        value = raw.get(name)
        if type(value) is not dict and (value is None or not isinstance(value, Mapping)):
            continue
        for lang, text in value.items():
            joined = " ".join(text) if isinstance(text, list) else str(text or "")
            if len(joined) < 8:
                continue
            # The first few hundred characters tell the language as well as all of them.
            sample = joined[:300]
            has_cjk = not sample.isascii() and HAN.search(sample) is not None
            if str(lang).startswith("zh") and not has_cjk:
                yield Issue((name, str(lang)), f"{name}.{lang} has no Chinese characters: is it "
                            "the English text?")
            elif str(lang) == "en" and has_cjk and cjk_share(sample) > 0.3:
                yield Issue((name, str(lang)), f"{name}.{lang} is mostly Chinese: file it under "
                            "zh")


# -- translation gaps in plain strings ---------------------------------------------
# The script a language is written in, by its code's first part; Latin for the rest.
_LANGUAGE_SCRIPTS = {
    "zh": "han", "ja": "japanese", "ko": "hangul", "ru": "cyrillic", "uk": "cyrillic",
    "be": "cyrillic", "bg": "cyrillic", "sr": "cyrillic", "mk": "cyrillic", "kk": "cyrillic",
    "mn": "cyrillic", "el": "greek", "ar": "arabic", "fa": "arabic", "ur": "arabic",
    "he": "hebrew", "yi": "hebrew", "hi": "devanagari", "mr": "devanagari", "ne": "devanagari",
    "th": "thai",
}
_SCRIPT_NAMES = {"han": "Chinese", "japanese": "Japanese", "hangul": "Korean",
                 "cyrillic": "Cyrillic", "greek": "Greek", "arabic": "Arabic",
                 "hebrew": "Hebrew", "devanagari": "Devanagari", "thai": "Thai",
                 "latin": "Latin"}
_SCRIPT_LETTERS = {
    "han": HAN,
    "kana": lazy(r"[\u3040-\u30ff\uff66-\uff9d]"),
    "hangul": lazy(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"),
    "cyrillic": lazy(r"[\u0400-\u04ff]"),
    "greek": lazy(r"[\u0370-\u03ff]"),
    "arabic": lazy(r"[\u0600-\u06ff\u0750-\u077f]"),
    "hebrew": lazy(r"[\u05d0-\u05ea]"),
    "devanagari": lazy(r"[\u0900-\u097f]"),
    "thai": lazy(r"[\u0e00-\u0e7f]"),
}
# A word of running Latin-script prose: small letters only, three or more of them. Names of
# products and models (OpenAI Sora, Zero-1-to-3, GPT-4o) and formulas have few or none.
_PROSE_WORD = lazy(r"(?<![A-Za-z\u00c0-\u024f])[a-z\u00df-\u00ff\u0101-\u017f]{3,}"
                         r"(?![A-Za-z\u00c0-\u024f])")


def _script_of(text: str) -> str | None:
    """The script `text` is written in, or None for a language-neutral text (a name, a
    formula): which language's reader it serves."""
    sample = text[:400]
    counts = {name: len(pattern.findall(sample)) for name, pattern in _SCRIPT_LETTERS.items()}
    # One ideograph, kana or hangul syllable carries about what a Latin word does.
    counts["han"] *= 3
    counts["kana"] *= 2
    counts["hangul"] *= 3
    counts["latin"] = 4 * len(_PROSE_WORD.findall(sample))
    if counts["kana"]:
        counts["japanese"], counts["han"] = counts["kana"] + counts["han"], 0
    counts.pop("kana")
    script, weight = max(counts.items(), key=lambda item: item[1])
    if script == "latin" and weight < 8:  # fewer than two words of prose
        return None
    return script if weight >= 4 else None


@rule("WMC407", "untranslated-text", "warning", "entry",
      "A curated text is one plain string in one language, shown untranslated to readers "
      "of another.",
      "A plain string stands for every language, so a list with a Chinese README shows an "
      "English one-liner stored that way to its Chinese readers as it is. The text's script "
      "is compared with each output's language; names, formulas and other language-neutral "
      "texts are fine as plain strings.",
      """
one_liner: "Novel views of an object from a single image."   # in an en + zh list
""", "Write the text as a mapping with one text per language, e.g. {en: ..., zh: ...}.")
def untranslated_text(entry: Entry, raw: Mapping[str, Any],
                      index: ListIndex) -> Iterator[Issue]:
    languages = index.shown_languages
    if len(languages) < 2:
        return
    for name in REQUIRED_TEXTS:
        value = raw.get(name)
        if type(value) is dict:
            continue  # the common case: one text per language
        if isinstance(value, list):
            value = " ".join(item for item in value if isinstance(item, str))
        if not isinstance(value, str) or not value.strip():
            continue
        script = _script_of(value)
        if script is None:
            continue
        readers = [lang for lang in languages
                   if _LANGUAGE_SCRIPTS.get(re.split(r"[-_]", lang)[0].lower(), "latin")
                   not in (script, "japanese" if script == "han" else script)]
        if readers and len(readers) < len(languages):
            own = [lang for lang in languages if lang not in readers]
            yield Issue((name,), f"'{name}' is one plain string in {_SCRIPT_NAMES[script]} "
                        f"script, shown as it is to {', '.join(readers)} readers: write it as "
                        f"{{{own[0]}: ..., {readers[0]}: ...}} with the translation")


# -- hidden characters ---------------------------------------------------------------
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f"
                     "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
_RTL_LETTER = lazy("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_JOINERS = "\u200c\u200d"
_NAMES = {"\u061c": "an Arabic letter mark", "\u180e": "a Mongolian vowel separator",
          "\u200b": "a zero-width space", "\u200c": "a zero-width non-joiner",
          "\u200d": "a zero-width joiner", "\u200e": "a left-to-right mark",
          "\u200f": "a right-to-left mark", "\u2060": "a word joiner",
          "\ufeff": "a zero-width no-break space (BOM)"}
# Fields holding identifiers and addresses, where no mark has any business.
_IDENTIFIERS = ("arxiv", "links", "venue", "also", "published", "added")


def _what(char: str) -> str:
    code = ord(char)
    if char in _NAMES:
        return _NAMES[char]
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return "a bidi override" if char in "\u202d\u202e" else "a bidi embedding or isolate"
    if code <= 0x1F or 0x7F <= code <= 0x9F:
        return "NUL" if code == 0 else "a control character"
    return "an invisible character"


def _harmful(text: str, at: int, identifier: bool) -> bool:
    """Is the hidden character text[at] harmful where it is? Direction marks are right in
    right-to-left prose; joiners inside emoji sequences and the words of scripts that
    shape letters by them (Persian, Devanagari)."""
    char = text[at]
    if identifier:
        return True
    if char in "\u200e\u200f\u061c":
        return _RTL_LETTER.search(text) is None
    if char in _JOINERS:
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        return not all(_joins(c) for c in (before, after))
    return True


def _joins(char: str) -> bool:
    """A character a zero-width (non-)joiner legitimately sits next to: a letter of a
    script written with joining or conjuncts, an emoji, a variation selector."""
    code = ord(char)
    return (0x0590 <= code <= 0x0dff or 0x1f000 <= code <= 0x1faff or 0x2600 <= code <= 0x27bf
            or 0xfe00 <= code <= 0xfe0f or 0x1f3fb <= code <= 0x1f3ff)


def hidden_characters(text: str, identifier: bool = False) -> list[int]:
    """Where `text` holds control, bidi-override or zero-width characters that do harm."""
    return [m.start() for m in _HIDDEN.finditer(text)
            if _harmful(text, m.start(), identifier)]


# A terminal's control sequences (CSI `ESC[2J`, OSC `ESC]0;title BEL`, their one-byte C1
# forms): removed whole, so no half of one is left behind as text.
_TERMINAL_SEQUENCE = lazy(
    "\x1b\\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"
    "|[\x1b][\\]P^_X][^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)?"
    "|[\x90\x9d\x9e\x9f\x98][^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)?"
    "|\x1b[ -/]*[0-~]"
)


def _strip_hidden(identifier: bool) -> Transform:
    """The fix of WMC408: terminal sequences and the harmful hidden characters removed,
    the rest kept."""
    def fix(old: Any) -> Any:
        if not isinstance(old, str):
            return old
        text = _TERMINAL_SEQUENCE.sub("", old) if any(
            c in old for c in "\x1b\x9b\x90\x9d\x9e\x9f\x98") else old
        drop = set(hidden_characters(text, identifier))
        return "".join(c for i, c in enumerate(text) if i not in drop) if drop else text
    return fix


def _every_key_and_source_string(raw: Mapping[str, Any]
                                 ) -> Iterator[tuple[FieldPath, str, bool]]:
    """(path, text, is a key) for every mapping key of an entry and every string of its
    `source`: what `matching_strings` does not walk."""
    pending: list[tuple[FieldPath, Any]] = [((), raw)]
    while pending:
        at, value = pending.pop()
        if isinstance(value, Mapping):
            for key, item in value.items():
                path = (*at, str(key))
                if isinstance(key, str):
                    yield path, key, True
                pending.append((path, item))
        elif isinstance(value, list):
            pending.extend(((*at, i), item) for i, item in enumerate(value))
        elif isinstance(value, str) and at[:1] == ("source",):
            yield at, value, False


#: The ASCII characters that are no hidden character (NUL, the separator of the joined
#: strings, is one).
_VISIBLE_ASCII = bytes(b for b in range(0x80) if not _HIDDEN.match(chr(b)))


def _strings_suspect(seen: EntryStrings) -> bool:
    """A quick look: might a string of the entry (but `source`'s) hold a hidden character?
    Each join separates its strings with NUL: more NULs than separators is a NUL inside."""
    rest = seen.ascii.encode("ascii").translate(None, _VISIBLE_ASCII)
    if len(rest) > max(seen.ascii_count - 1, 0):
        return True
    joined = seen.non_ascii
    if not joined:
        return False
    if joined.count("\x00") > seen.other_count + seen.chinese_count - 1:
        return True
    # Printable text (most) holds no hidden character; else the exact look decides.
    spaced = joined.replace("\x00", " ")
    return not spaced.isprintable() and _HIDDEN.search(spaced) is not None


def _keys_and_source_printable(seen: EntryStrings) -> bool:
    """A quick look: are all keys and `source` strings free of anything non-printable?"""
    try:
        return " ".join(seen.keys).isprintable()
    except TypeError:  # a key that is not a string (a number, a date): look at each
        return False


@rule("WMC408", "hidden-character", "error", "raw",
      "A field holds a control, bidi-override or zero-width character.",
      "Such characters are invisible in review yet act: a right-to-left override reorders "
      "what a reviewer reads, a zero-width space splits a word or a URL, an escape sequence "
      "or a NUL reaches terminals and logs, and git shows a file with a NUL as binary. "
      "Direction marks in right-to-left prose and joiners in emoji or in scripts that need "
      "them are kept.",
      """
title: "NeRF\\u202e: Neural Radiance Fields"
links: {code: "https://github.com/\\u200bbmild/nerf"}
""", "`--fix` removes them (from values; a key holding one must be renamed by hand).")
def hidden_character(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    seen = entry_strings(raw)
    candidates: list[tuple[FieldPath, str, bool]] = []
    if _strings_suspect(seen):
        candidates += [(at, text, False)
                       for at, text in matching_strings(raw, (), _HIDDEN.search)]
    if not _keys_and_source_printable(seen):
        candidates += list(_every_key_and_source_string(raw))
    if not candidates:
        return
    for at, text, is_key in candidates:
        if not _HIDDEN.search(text) or _covered_by_mojibake(at, text):
            continue
        identifier = is_key or str(at[0]) in _IDENTIFIERS
        found = hidden_characters(text, identifier)
        if not found:
            continue
        kinds = sorted({_what(text[i]) for i in found})
        where = dotted(at) if not is_key else \
            f"the key {quote(text)} of {dotted(at[:-1]) or 'the entry'}"
        value = "" if is_key else f" {quote(short(text))}"
        many = len(found) > 1
        yield Issue(at, f"{where}{value} holds {' and '.join(kinds)} "
                    f"({len(found)} hidden character{'s' if many else ''}): "
                    + ("rename the key" if is_key else f"remove {'them' if many else 'it'}"),
                    None if is_key else (at, _strip_hidden(identifier),
                                         "hidden characters removed"))


def _covered_by_mojibake(at: FieldPath, text: str) -> bool:
    """C1 controls in UTF-8 read as Latin-1 (LuÄ\x8diÄ\x87) are evidence WMC401 uses; it
    reports the value, and its repair removes them."""
    if at[:1] == ("source",) or not re.search("[\x80-\x9f]", text):
        return False
    return is_mis_decoded(text, east_asian=not in_zh(at))
