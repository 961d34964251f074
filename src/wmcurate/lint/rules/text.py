"""Text rules: mis-decoding, entities, whitespace, languages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import Any

from wmcurate.lint.fields import (
    CJK_RUN,
    ENTITY,
    REQUIRED_TEXTS,
    dotted,
    in_zh,
    is_empty,
    joined_text,
    short,
    strings_of,
)
from wmcurate.lint.fixes import unescape_entities
from wmcurate.lint.registry import Issue, ListIndex, rule
from wmcurate.markdown import cjk_share
from wmcurate.model import TEXT_FIELDS, Entry

# A repaired word must read as a Latin-script word (Björn, Jérôme), or the "repair" is
# real Chinese between two Latin words (以GPT为Planner).
_LATIN_WORD = re.compile(r"^[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+$")
_MIXED_WORD = re.compile(r"[A-Za-z]+[\u3400-\u9fff\uf900-\ufaff]{1,3}[A-Za-z]+")

# -- text --------------------------------------------------------------------------
# UTF-8 read as Latin-1 or Windows-1252 always leaves characters from these ranges;
# text without any of them is not worth ftfy's (much slower) look.
_MOJIBAKE_HINT = re.compile(r"[\u0080-\u00ff\u0152-\u0192\u02c6-\u02dc\u2013-\u2122]")
_LATIN_THEN_CJK = re.compile(r"[A-Za-z][\u3400-\u9fff\uf900-\ufaff]")



def _ftfy() -> Any:
    import ftfy  # imported on first need: it is only used when text looks mis-decoded

    return ftfy



def repair_mojibake(text: str, east_asian: bool = True) -> str | None:
    """The text with mis-decoded characters repaired, or None when no repair is certain.

    ftfy repairs UTF-8 read as Latin-1 or Windows-1252 (`BjÃ¶rn`). UTF-8 read as an
    East Asian codec (`Bj枚rn`, UTF-8 of ö read as GBK) is outside ftfy's scope: such a
    word is re-encoded and kept only if it decodes as strict UTF-8 into Latin letters.
    """
    latin_suspect = _MOJIBAKE_HINT.search(text) is not None
    east_asian_suspect = east_asian and CJK_RUN.search(text) is not None \
        and _LATIN_THEN_CJK.search(text) is not None
    if not latin_suspect and not east_asian_suspect:
        return None
    fixed = text
    if latin_suspect and _ftfy().badness.is_bad(text):
        candidate = _ftfy().fix_encoding(text)
        if candidate != text:
            fixed = candidate

    def re_decode(match: re.Match[str]) -> str:
        word = match.group(0)
        for codec in ("gbk", "big5", "shift_jis", "euc_kr"):
            try:
                decoded = word.encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if _LATIN_WORD.match(decoded):
                return decoded
        return word

    if east_asian_suspect:
        fixed = _MIXED_WORD.sub(re_decode, fixed)
    return fixed if fixed != text else None


@rule("WMC401", "mojibake", "error", "raw",
      "Text was mis-decoded (mojibake), e.g. 'Bj枚rn' for 'Björn'.",
      "Names and texts copied through the wrong encoding are unreadable and unsearchable.",
      """
authors: [Bj枚rn Ommer]
""", "`--fix` repairs it where the repair is certain; else retype the text.")
def mojibake(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    # UTF-8 read as an East Asian codec leaves CJK inside Latin words; in a Chinese text
    # Latin next to CJK is normal, so that kind is only looked for outside `zh` texts.
    joined, not_zh = joined_text(raw), joined_text(raw, skip_zh=True)
    latin = _unusual(joined) and _MOJIBAKE_HINT.search(joined) is not None
    east_asian = not not_zh.isascii() and CJK_RUN.search(not_zh) is not None
    if not latin and not east_asian:
        return
    for at, text in strings_of(raw, ("source",)):
        fixed = repair_mojibake(text, east_asian=east_asian and not in_zh(at))
        if fixed is not None:
            yield Issue(at, f"mis-decoded text in {dotted(at)}: '{short(text)}' should "
                        f"read '{short(fixed)}'",
                        (at, _repair_mojibake_or_keep, "mojibake repaired"))


@rule("WMC402", "html-entity", "error", "raw",
      "Text contains an HTML entity such as &#34; or &amp;.",
      "Entries hold plain text; render escapes it, so an entity shows up literally.",
      """
title: "Zero-1-to-3: Zero-shot One Image to 3D Object &#34;Zero123&#34;"
""", "`--fix` decodes the entities.")
def html_entity(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if "&" not in joined_text(raw):
        return
    for at, text in strings_of(raw, ("links", "source")):
        if "&" in text and ENTITY.search(text):
            fixed = html.unescape(text)
            if fixed != text:
                yield Issue(at, f"HTML entity in {dotted(at)}: write the character itself",
                            (at, unescape_entities, "entities decoded"))


def _clean_spaces(text: str) -> str:
    if "\n" in text.strip():
        paras = re.split(r"\n\s*\n", text.strip())
        return "\n\n".join(" ".join(p.split()) for p in paras)
    return " ".join(text.split())


_ODD_BLANK = re.compile(r"[^\S \n]")
# Characters either text rule cares about: mis-decoding traces and blanks other than the
# plain space. Most entries have none, which one scan (remembered per entry) tells.
_UNUSUAL = re.compile(r"[\u0080-\u00ff\u0152-\u0192\u02c6-\u02dc\u2013-\u2122"
                      r"\t\r\x0b\x0c\x1c-\x1f\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_UNUSUAL_SEEN: dict[int, tuple[str, bool]] = {}


def _unusual(joined: str) -> bool:
    cached = _UNUSUAL_SEEN.get(id(joined))
    if cached is None or cached[0] is not joined:
        if len(_UNUSUAL_SEEN) > 50_000:
            _UNUSUAL_SEEN.clear()
        cached = _UNUSUAL_SEEN[id(joined)] = (joined, _UNUSUAL.search(joined) is not None)
    return cached[1]


def _space_suspect(joined: str) -> bool:
    """True for NUL-joined strings in which _clean_spaces might change something (it is
    never False where it would): doubled spaces, a string's edge blank, blanks other than
    the plain space, and newlines (those are rare: multi-paragraph texts only)."""
    return ("  " in joined or "\n" in joined or "\x00 " in joined or " \x00" in joined
            or joined[:1].isspace() or joined[-1:].isspace()
            or (_unusual(joined) and _ODD_BLANK.search(joined) is not None))


@rule("WMC403", "whitespace", "error", "raw",
      "Text has leading, trailing or doubled spaces.",
      "Stray spaces come from copy and paste and make equal texts compare unequal.",
      """
title: " Zero-1-to-3:  Zero-shot One Image to 3D Object "
""", "`--fix` strips and collapses them.")
def whitespace(raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    if not _space_suspect(joined_text(raw)):
        return
    for at, text in strings_of(raw, ("source", "links")):  # links: WMC503
        if not text:
            continue
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
    languages = index.config.language_codes
    for name in REQUIRED_TEXTS:
        value = raw.get(name)
        if isinstance(value, Mapping) and not is_empty(value):
            missing = [lang for lang in languages if is_empty(value.get(lang))]
            if missing:
                yield Issue((name,), f"'{name}' has no {', '.join(missing)} text: add the "
                            "translation")


@rule("WMC406", "unknown-language", "error", "entry",
      "A text is filed under a language the list does not have.",
      "Only the config's languages are rendered: the text is never shown.", """
one_liner: {en: "...", fr: "..."}
""", "Use a language code from `languages:` in wmcurate.yaml.")
def unknown_language(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    languages = index.config.language_codes
    for name in ("title", *REQUIRED_TEXTS):
        value = raw.get(name)
        if isinstance(value, Mapping):
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
    for name in (*TEXT_FIELDS, "key_points"):
        value = raw.get(name)
        if not isinstance(value, Mapping):
            continue
        for lang, text in value.items():
            joined = " ".join(text) if isinstance(text, list) else str(text or "")
            if len(joined) < 8:
                continue
            # The first few hundred characters tell the language as well as all of them.
            sample = joined[:300]
            has_cjk = CJK_RUN.search(sample) is not None
            if str(lang).startswith("zh") and not has_cjk:
                yield Issue((name, str(lang)), f"{name}.{lang} has no Chinese characters: is it "
                            "the English text?")
            elif str(lang) == "en" and has_cjk and cjk_share(sample) > 0.3:
                yield Issue((name, str(lang)), f"{name}.{lang} is mostly Chinese: file it under "
                            "zh")



def _repair_mojibake_or_keep(old: Any) -> Any:
    return repair_mojibake(old) or old if isinstance(old, str) else old


