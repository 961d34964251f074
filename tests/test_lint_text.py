"""Lint's text rules on lists built here: mojibake (WMC401), untranslated plain strings
(WMC407), hidden characters (WMC408), and duplicate abstracts (WMC209).

Every mis-decoded string below is made by actually mis-decoding the real one (UTF-8 bytes
read as GBK, Big5, Shift-JIS, UHC, Windows-1252 or Latin-1), never typed in by hand. The
names are real names of people in many languages, written as they write them; the Chinese
sentences were written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_lint import GAIA, GAIA_P, GOOD, LONG_ABSTRACT, P, cli, edit, good, lint_json, make_list

from wmcurate.lint.rules.text import is_mis_decoded, repair_mojibake
from wmcurate.mojibake import find_mis_decoding

NAMES = [
    "Björn Ommer", "José Lezama", "Jérôme Revaud", "Luka Lučić", "Mário Lipovský",
    "Žiga Kos", "Antonín Dvořák", "Łukasz Kaiser", "Søren Hauberg", "Thomas Leimkühler",
    "Michał Stypułkowski", "Çağlar Gülçehre", "François Fleuret", "Zoë Kravitz",
    "Anders Ångström", "Martin Ødegaard", "İlker Yıldırım", "Ayşe Şahin", "Ștefan Dragoș",
    "Nguyễn Văn An", "Đặng Thị Hoa", "Gerhard Müller", "José Niño", "Pilar Pérez",
    "Marko Kovačević", "Ana Jovanović", "Petar Ilić", "Jan Němec", "Přemysl Hořejší",
    "Mart Kõiv", "Šarūnas Žemaitis", "Ēriks Ģirts", "Ņikita Ķēniņš", "Kurt Gödel",
    "Paul Erdős", "João Conceição", "Hernán Hernández", "Ólafur Þórðarson", "Bjørn Ærø",
    "Mikołaj Kopernik", "Dušan Petrović", "Ľubomír Ďurica", "Ramón Cajal", "Ines Ließ",
    "Ioannis Kokkinos", "Αλέξανδρος Παπαδόπουλος", "Ελένη Κωνσταντίνου", "Σωκράτης",
]
GREEK_TITLES = [
    "PixArt-α: Fast Training of Diffusion Transformer", "β-VAE: Learning Basic Visual Concepts",
    "μP: Maximal Update Parametrization", "λ-Calculus of World Models",
    "Δ-Networks and Ω-Limits",
]
#: Genuine Chinese mixing Latin words, as Chinese texts write them.
CHINESE = [
    "以GPT为Planner的新视角生成。", "基于NeRF的方法", "采用ControlNet式Adapter生成新视角。",
    "使用 GPT 为 Planner 生成动作序列。", "Sora 是基于扩散 Transformer 的视频生成模型",
    "在3D高斯表示上实现实时渲染（≥30fps）。", "模型为Video生成提供了位置编码。",
    "将DiT与VAE结合，实现可控的世界模型。", "维护一个3D场景的记忆。",
    "Make-A-Video为96%的样本生成连贯视频。",
]


def mis_decode(text: str, codec: str) -> str:
    """`text` as a tool reading its UTF-8 bytes as `codec` shows it."""
    return text.encode("utf-8").decode(codec, errors="replace")


# -- the detector and its repair ---------------------------------------------------------
EAST_ASIAN = ("gbk", "big5", "cp932", "cp949")
LATIN = ("cp1252", "latin-1")


@pytest.mark.parametrize("codec", [*EAST_ASIAN, *LATIN])
@pytest.mark.parametrize("name", [n for n in NAMES + GREEK_TITLES if not n.isascii()])
def test_every_mis_decoding_is_found_and_never_repaired_wrongly(name: str, codec: str) -> None:
    bad = mis_decode(name, codec)

    found = find_mis_decoding(bad)

    assert found is not None, bad
    assert found.repaired in (None, name), bad
    if "\ufffd" not in bad:
        assert found.repaired == name, bad


@pytest.mark.parametrize(
    ("bad", "meant"),
    [
        ("PixArt-伪: Fast Training", "PixArt-α: Fast Training"),  # a Greek letter, alone
        ("伪-Blending", "α-Blending"),  # at the start of a word
        ("Jos茅 Lezama", "José Lezama"),  # at the end of a word
        ("沤iga Kos", "Žiga Kos"),
        ("Luka Lu膷i膰", "Luka Lučić"),
        ("Luči膰", "Lučić"),  # what an earlier --fix half-repaired
        ("It鈥檚 a model鈥攁 world", "It’s a model—a world"),  # three-byte characters
        ("Åžahin and DragoÈ™", "Şahin and Dragoș"),  # the Windows-1252 kinds ftfy misses
        ("LuÄ\x8diÄ\x87", "Lučić"),  # Latin-1: C1 controls stand for the bytes
        ("JosÃ© and Bj枚rn", "José and Björn"),  # both families in one string
    ],
)
def test_repairs(bad: str, meant: str) -> None:
    assert repair_mojibake(bad) == meant


@pytest.mark.parametrize(
    "bad",
    [
        mis_decode("Luka Lučić", "cp1252"),  # a byte Windows-1252 lacks: lost as U+FFFD
        mis_decode("Michał Stypułkowski", "cp932"),
        mis_decode("Łukasz", "big5"),
        "Björn Lu\ufffdi\u0107",
    ],
)
def test_what_cannot_be_repaired_whole_is_reported_without_a_repair(bad: str) -> None:
    found = find_mis_decoding(bad)

    assert found is not None and found.repaired is None and found.reason
    assert is_mis_decoded(bad) and repair_mojibake(bad) is None


@pytest.mark.parametrize("text", NAMES + GREEK_TITLES + CHINESE)
def test_genuine_text_is_not_mojibake(text: str) -> None:
    assert find_mis_decoding(text) is None
    assert find_mis_decoding(text, east_asian=False) is None


def test_in_a_chinese_text_only_the_latin_family_is_looked_for() -> None:
    assert find_mis_decoding("由Bj枚rn提出", east_asian=False) is None
    assert repair_mojibake("由BjÃ¶rn提出", east_asian=False) == "由Björn提出"


# A name: one to three words, each in one alphabet, written as names are (Capitalised,
# all small or all capitals). One-letter words of an accented letter are left out: alone,
# 茅 is as likely a Chinese word as a mis-decoded é.
_LATIN_LETTERS = sorted(
    {
        c
        for c in map(chr, [*range(0xC0, 0x250), *range(0x1EA0, 0x1EFA)])
        if c.isalpha() and c.islower() and len(c.upper()) == 1 and c.upper() != c
        and c.upper().lower() == c
        and (0xDF <= ord(c) <= 0x17F or c in "ƒơưǎǐǒǔǖǘǚǜǧǻǽǿșțə" or ord(c) >= 0x1EA0)
    }
    | set("abcdefghijklmnopqrstuvwxyz")
)
_GREEK_LETTERS = sorted(set("αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ"))


@st.composite
def names(draw: st.DrawFn) -> str:
    words = []
    for _ in range(draw(st.integers(1, 3))):
        letters = _GREEK_LETTERS if draw(st.booleans()) else _LATIN_LETTERS
        word = "".join(draw(st.lists(st.sampled_from(letters), min_size=2, max_size=9)))
        shape = draw(st.sampled_from(["capitalize", "lower", "upper"]))
        words.append(getattr(word, shape)())
    return " ".join(words)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names(), codec=st.sampled_from(["gbk", "cp1252", "latin-1", "big5"]))
def test_any_name_mis_decoded_is_found_and_a_repair_is_the_name(name: str, codec: str) -> None:
    bad = mis_decode(name, codec)
    if bad == name:
        return  # plain ASCII

    found = find_mis_decoding(bad)

    assert found is not None
    assert found.repaired in (None, name)


@settings(max_examples=300, deadline=None)
@given(name=names())
def test_any_gbk_or_windows_1252_mojibake_of_a_name_repairs_to_it(name: str) -> None:
    # A name that itself reads like mojibake (Âœ is how œ looks read as Windows-1252) has
    # no certain repair: the repair must be clean by the same detector.
    if is_mis_decoded(name):
        return
    for codec in ("gbk", "cp1252"):
        bad = name.encode("utf-8").decode(codec, errors="replace")
        if bad != name and "\ufffd" not in bad:
            assert repair_mojibake(bad) == name, (codec, bad)


# -- WMC401 in lint -----------------------------------------------------------------------
def _codes(findings: list[dict[str, Any]]) -> list[tuple[str, int, str, bool]]:
    return [(f["code"], f["line"], f["message"], f["fixable"]) for f in findings]


def test_mojibake_in_any_field_is_reported_and_fixed_whole(tmp_path: Path) -> None:
    text = edit(GOOD, 'title: "Zero-1-to-3: Zero-shot One Image to 3D Object"',
                f'title: "{mis_decode("PixArt-α: Fast Training", "gbk")}"')
    text = edit(text, "[Ruoshi Liu, Rundi Wu,", f"[{mis_decode('Luka Lučić', 'gbk')}, Luči膰,")
    text = edit(text, "featured: true", f"model: {mis_decode('Ελληνικά', 'gbk')}\n"
                f"affiliations: {mis_decode('Université Paris-Saclay', 'cp1252')}\n"
                "featured: true")
    root = make_list(tmp_path / "list", good(text))

    findings = lint_json(root, "--ignore", "WMC701")[1]

    assert _codes(findings) == [
        ("WMC401", 2, "mis-decoded text in title: 'PixArt-伪: Fast Training' should read "
         "'PixArt-α: Fast Training'", True),
        ("WMC401", 3, "mis-decoded text in authors[0]: 'Luka Lu膷i膰' should read "
         "'Luka Lučić'", True),
        ("WMC401", 3, "mis-decoded text in authors[1]: 'Luči膰' should read 'Lučić'", True),
        ("WMC401", 13, "mis-decoded text in model: '螘位位畏谓喂魏维' should read 'Ελληνικά'",
         True),
        ("WMC401", 14, "mis-decoded text in affiliations: 'UniversitÃ© Paris-Saclay' should "
         "read 'Université Paris-Saclay'", True),
    ]

    fixed = cli(root, "lint", "--fix", "--ignore", "WMC701")

    assert fixed.exit_code == 0, fixed.output
    # Each repair is shown as the old value -> the new one.
    assert fixed.stdout.count(" -> ") == 5
    written = (root / P).read_text(encoding="utf-8")
    for meant in ("PixArt-α: Fast Training", "[Luka Lučić, Lučić,", "model: Ελληνικά",
                  "affiliations: Université Paris-Saclay"):
        assert meant in written


def test_a_value_that_cannot_be_repaired_whole_stays_reported(tmp_path: Path) -> None:
    lost = mis_decode("Luka Lučić", "cp1252")  # LuÄ�iÄ‡: the byte 0x8D is gone
    root = make_list(tmp_path / "list", good(edit(GOOD, "[Ruoshi Liu,", f'["{lost}",')))
    before = (root / P).read_bytes()

    first = cli(root, "lint", "--fix", "--ignore", "WMC701")
    findings = lint_json(root, "--ignore", "WMC701")[1]

    assert first.exit_code == 1 and "fixed" not in first.stdout
    assert (root / P).read_bytes() == before
    assert _codes(findings) == [
        ("WMC401", 3, f"mis-decoded text in authors[0]: '{lost}' cannot be repaired with "
         "certainty (a character was lost (U+FFFD)): retype it from the paper", False),
    ]


def test_a_long_text_shows_the_mis_decoded_word_and_how_many(tmp_path: Path) -> None:
    abstract = ("We thank Björn Ommer and José Lezama for their comments on an early draft "
                "of this paper about novel views.")
    text = edit(GOOD, "abstract: {en: We turn an object in one image.,",
                f'abstract: {{en: "{mis_decode(abstract, "gbk")}",')
    findings = lint_json(make_list(tmp_path / "list", good(text)), "--ignore", "WMC701")[1]

    assert _codes(findings) == [
        ("WMC401", 11, "mis-decoded text in abstract.en: 'Bj枚rn' should read 'Björn' "
         "(2 places)", True),
    ]


def test_chinese_texts_mixing_latin_words_are_quiet(tmp_path: Path) -> None:
    files = {}
    for i, sentence in enumerate(CHINESE):
        files[f"entries/modality/x{i}.yaml"] = GOOD.replace(
            "从单张图像生成物体的新视角。", sentence).replace(
            '"2303.11328"', f'"2303.{11330 + i}"').replace(
            "2303.11328", f"2303.{11330 + i}").replace("Zero-1-to-3:", f"Work {i}:")
    # A plain string is checked for both families: Chinese there is still genuine.
    files[P] = edit(GOOD, "one_liner: {en: Novel views of an object from one image., "
                    "zh: 从单张图像生成物体的新视角。}", f"one_liner: {CHINESE[0]}")
    findings = lint_json(make_list(tmp_path / "list", files), "--ignore", "WMC701,WMC407")[1]

    assert [f for f in findings if f["code"] == "WMC401"] == []


# -- WMC407: untranslated plain strings ------------------------------------------------------
ONE_LINER = ("one_liner: {en: Novel views of an object from one image., "
             "zh: 从单张图像生成物体的新视角。}")

ENGLISH_ONLY = """\
# Built for the tests: one section, English only.
languages:
  - {code: en, name: English}
outputs:
  - {path: README.md, language: en}
pages:
  en: pages/{section}.md
parts:
  - {id: all, title: {en: All}}
sections:
  - {id: modality-spatial, part: all, title: {en: Papers}}
venues:
  - {name: ICCV}
links:
  - {key: paper, label: {en: Paper}}
  - {key: pdf, label: {en: PDF}}
  - {key: code, label: {en: Code}}
"""


def _untranslated(tmp_path: Path, text: str, **kwargs: Any) -> list[tuple[int, str]]:
    root = make_list(tmp_path / "list", good(text), **kwargs)
    return [(f["line"], f["message"]) for f in lint_json(root, "--ignore", "WMC701")[1]
            if f["code"] == "WMC407"]


def test_an_english_plain_string_is_untranslated_for_chinese_readers(tmp_path: Path) -> None:
    text = edit(GOOD, ONE_LINER, "one_liner: Novel views of an object from one image.")
    text = edit(text, "key_points: {en: [Relative camera pose conditioning], "
                "zh: [相对相机位姿条件]}", "key_points: [Relative camera pose conditioning, "
                "Zero-shot generalisation to new objects]")

    assert _untranslated(tmp_path, text) == [
        (9, "'one_liner' is one plain string in Latin script, shown as it is to zh readers: "
         "write it as {en: ..., zh: ...} with the translation"),
        (12, "'key_points' is one plain string in Latin script, shown as it is to zh "
         "readers: write it as {en: ..., zh: ...} with the translation"),
    ]


def test_a_chinese_plain_string_is_untranslated_for_english_readers(tmp_path: Path) -> None:
    text = edit(GOOD, ONE_LINER, "one_liner: 基于 Stable Diffusion 从单张图像生成物体的新视角。")

    assert _untranslated(tmp_path, text) == [
        (9, "'one_liner' is one plain string in Chinese script, shown as it is to en "
         "readers: write it as {zh: ..., en: ...} with the translation"),
    ]


@pytest.mark.parametrize(
    "plain",
    [
        "Zero-1-to-3",  # a name
        "OpenAI Sora (GPT-4o, DALL-E 3)",  # products
        '"p(x | R, T) = f(x, R, T) + N(0, I)"',  # a formula
        "Zero123 vs. SyncDreamer",
    ],
)
def test_language_neutral_plain_strings_are_quiet(tmp_path: Path, plain: str) -> None:
    assert _untranslated(tmp_path, edit(GOOD, ONE_LINER, f"one_liner: {plain}")) == []


def test_a_list_with_one_language_has_no_translation_gaps(tmp_path: Path) -> None:
    text = GOOD
    for name in ("one_liner", "innovation", "abstract", "key_points"):
        start = text.index(f"{name}:")
        end = text.index("\n", start)
        text = text[:start] + f"{name}: An English text about novel views of objects." \
            + text[end:]
    text = text.replace("key_points: An English text about novel views of objects.",
                        "key_points: [An English point about novel views]")

    assert _untranslated(tmp_path, text, config=ENGLISH_ONLY) == []


# -- WMC408: hidden characters ------------------------------------------------------------------
def _hidden(tmp_path: Path, text: str) -> tuple[Path, list[tuple[str, int, str, bool]]]:
    root = make_list(tmp_path / "list", good(text))
    findings = lint_json(root, "--ignore", "WMC701")[1]
    return root, [(f["code"], f["line"], f["message"], f["fixable"]) for f in findings]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title: "Zero-1-to-3: Zero', 'title: "Zero-1-to-3:\\0 Zero',
         "title 'Zero-1-to-3:\\x00 Zero-shot One Image to 3D Object' holds NUL "
         "(1 hidden character): remove it"),
        ('title: "Zero-1-to-3: Zero', 'title: "Zero-1-to-3:\\e[2J Zero',
         "title 'Zero-1-to-3:\\x1b[2J Zero-shot One Image to 3D Object' holds a control "
         "character (1 hidden character): remove it"),
        ('title: "Zero-1-to-3: Zero', 'title: "\\u2066Zero-1-to-3:\\u2069 Zero',
         "title '\\u2066Zero-1-to-3:\\u2069 Zero-shot One Image to 3D Object' holds a bidi "
         "embedding or isolate (2 hidden characters): remove them"),
        ("code: https://github.com/cvlab-columbia/zero123",
         'code: "https://github.com/cvlab\\u200b-columbia/zero123"',
         "links.code 'https://github.com/cvlab\\u200b-columbia/zero123' holds a zero-width "
         "space (1 hidden character): remove it"),
        ("Ruoshi Liu,", '"Ruoshi\\ufeff Liu\\u200e",',
         "authors[0] 'Ruoshi\\ufeff Liu\\u200e' holds a left-to-right mark and a zero-width "
         "no-break space (BOM) (2 hidden characters): remove them"),
        ("Ruoshi Liu,", '"Ruoshi\\x9b31m Liu",',
         "authors[0] 'Ruoshi\\x9b31m Liu' holds a control character (1 hidden character): "
         "remove it"),
    ],
)
def test_hidden_characters_in_any_field_are_errors_and_removed(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    root, findings = _hidden(tmp_path, edit(GOOD, old, new))

    assert [f for f in findings if f[0] == "WMC408"] == [
        ("WMC408", findings[0][1], message, True)
    ]

    fixed = cli(root, "lint", "--fix", "--ignore", "WMC701")

    assert "fixed " in fixed.stdout and " -> " in fixed.stdout
    # The same values (a value written with escapes keeps its double quotes).
    assert yaml.safe_load((root / P).read_text(encoding="utf-8")) == yaml.safe_load(GOOD)
    assert cli(root, "lint", "--ignore", "WMC701").stdout == "no problems found\n"


def test_hidden_characters_in_source_and_in_keys(tmp_path: Path) -> None:
    text = GOOD + 'source: {comment: "ICCV 2023\\u202e"}\n'
    text = edit(text, "  code: https", '  "co\\x1bde": https')
    root, findings = _hidden(tmp_path, text)

    assert [f for f in findings if f[0] == "WMC408"] == [
        ("WMC408", 8, "the key 'co\\x1bde' of links holds a control character "
         "(1 hidden character): rename the key", False),
        ("WMC408", 15, "source.comment 'ICCV 2023\\u202e' holds a bidi override "
         "(1 hidden character): remove it", True),
    ]


def test_hidden_characters_among_other_unprintable_ones_are_found(tmp_path: Path) -> None:
    # Paragraphs, no-break and ideographic spaces are not printable either, yet harmless:
    # they send the rule to its exact look, which still finds the zero-width space.
    text = edit(GOOD, "abstract: {en: We turn an object in one image.,",
                'abstract: {en: "We turn\\u00a0an object.\\n\\nIn one\\u200b image.",')
    text = edit(text, "zh: 我们旋转图中的物体。}", 'zh: "我们旋转\\u3000图中的物体。"}')
    text = edit(text, "featured: true", "featured: true\n1: a number as a key")
    _, findings = _hidden(tmp_path, text)

    assert [(f[0], f[1]) for f in findings if f[0] == "WMC408"] == [("WMC408", 11)]


def test_direction_marks_in_right_to_left_prose_and_emoji_joiners_are_kept(
    tmp_path: Path,
) -> None:
    text = edit(GOOD, "featured: true",
                'affiliations: "האוניברסיטה העברית\\u200f, دانشگاه\\u200cتهران"\nfeatured: true')
    text = edit(text, "Viewpoint-conditioned diffusion.",
                '"Viewpoint-conditioned diffusion \\U0001F469\\u200d\\U0001F52C."')
    _, findings = _hidden(tmp_path, text)

    assert findings == []


def test_a_direction_mark_in_a_link_is_harmful_even_beside_hebrew(tmp_path: Path) -> None:
    text = edit(GOOD, "code: https://github.com/cvlab-columbia/zero123",
                'code: "https://github.com/cvlab-columbia/zero123\\u200f#קוד"')
    _, findings = _hidden(tmp_path, text)

    assert [f[0] for f in findings] == ["WMC408"]


def test_c1_controls_of_latin_1_mojibake_are_left_to_the_mojibake_rule(tmp_path: Path) -> None:
    bad = mis_decode("Luka Lučić", "latin-1")  # LuÄ\x8diÄ\x87
    text = edit(GOOD, "[Ruoshi Liu,", f'["{bad.encode("unicode_escape").decode()}",')
    root, findings = _hidden(tmp_path, text)

    assert [f[0] for f in findings] == ["WMC401"]
    cli(root, "lint", "--fix", "--ignore", "WMC701")
    assert yaml.safe_load((root / P).read_text(encoding="utf-8"))["authors"][0] == "Luka Lučić"


# -- WMC209: duplicate abstracts ---------------------------------------------------------------
SOURCE = """source:
  version: 1
  updated: 2023-11-13
  primary_category: cs.CV
  comment: null
  journal_ref: null
  doi: null
"""


def _abstracts(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str]]:
    root = make_list(tmp_path / "list", files)
    return [(f["file"], f["message"]) for f in lint_json(root, "--ignore", "WMC701")[1]
            if f["code"] == "WMC209"]


def test_a_shared_abstract_names_both_works_and_blames_neither(tmp_path: Path) -> None:
    third = "entries/spatial/2003.08934.yaml"
    nerf = GAIA.replace("2311.07541", "2003.08934").replace("GAIA-1:", "NeRF:")
    files = good(
        edit(GOOD, "We turn an object in one image.", LONG_ABSTRACT),
        **{GAIA_P: edit(GAIA, "GAIA-1 generates driving scenes.", LONG_ABSTRACT),
           third: edit(nerf, "GAIA-1 generates driving scenes.", LONG_ABSTRACT)},
    )

    found = _abstracts(tmp_path, files)

    assert sorted(found) == [
        (GAIA_P, f"same abstract as {P} and {third}: one of them has another paper's "
         "abstract, and nothing says which; check each against its paper"),
        (P, f"same abstract as {GAIA_P} and {third}: one of them has another paper's "
         "abstract, and nothing says which; check each against its paper"),
        (third, f"same abstract as {GAIA_P} and {P}: one of them has another paper's "
         "abstract, and nothing says which; check each against its paper"),
    ]


def test_the_entry_written_from_arxiv_owns_the_abstract(tmp_path: Path) -> None:
    files = good(
        edit(GOOD, "We turn an object in one image.", LONG_ABSTRACT),
        **{GAIA_P: edit(GAIA, "GAIA-1 generates driving scenes.", LONG_ABSTRACT) + SOURCE},
    )

    assert _abstracts(tmp_path, files) == [
        (P, f"same abstract as {GAIA_P}, which was written from arXiv (it has `source`): "
         "this entry has that paper's abstract; replace it with its own"),
    ]


def test_two_entries_written_from_two_arxiv_records_are_quiet(tmp_path: Path) -> None:
    # arXiv itself gives two of its papers one abstract (replies to one lecture, say):
    # two records with their own IDs are arXiv's word that both own the text.
    files = good(
        edit(GOOD, "We turn an object in one image.", LONG_ABSTRACT) + SOURCE,
        **{GAIA_P: edit(GAIA, "GAIA-1 generates driving scenes.", LONG_ABSTRACT) + SOURCE},
    )

    assert _abstracts(tmp_path, files) == []


def test_two_entries_from_arxiv_sharing_a_hand_written_translation_are_named(
        tmp_path: Path) -> None:
    long_zh = "这是一段足够长的中文摘要，" * 8
    files = good(
        edit(GOOD, "zh: 我们旋转图中的物体。}", f"zh: {long_zh}}}") + SOURCE,
        **{GAIA_P: edit(GAIA, "zh: GAIA-1 生成驾驶场景。}", f"zh: {long_zh}}}") + SOURCE},
    )

    assert sorted(file for file, _ in _abstracts(tmp_path, files)) == sorted([GAIA_P, P])


def test_short_or_different_abstracts_are_quiet(tmp_path: Path) -> None:
    files = good(**{GAIA_P: GAIA})  # both short, both different

    assert _abstracts(tmp_path, files) == []
    files = good(edit(GOOD, "We turn an object in one image.", LONG_ABSTRACT), **{GAIA_P: GAIA})
    assert _abstracts(tmp_path, files) == []


def test_json_of_a_finding_is_the_message_text_shows(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", good(edit(GOOD, "[Ruoshi Liu,", "[Bj枚rn Ommer,")))
    document = json.loads(cli(root, "lint", "--format", "json", "--ignore", "WMC701").stdout)
    text = cli(root, "lint", "--ignore", "WMC701").stdout

    assert document["findings"][0]["message"] in text
