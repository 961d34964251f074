"""Where works are found (issue 14, points 2 and 3).

* A one-line catalog wrapped in `<details><summary>Paper catalog</summary>` is read
  item by item, and the sentence punctuation after a venue is dropped.
* A "Listed in" link, or a catalog link, names a section by its page path compared
  segment by segment: `papers/modality-spatial/README.md` is never `spatial`.

Every list here is a small snippet written for the test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wmcurate.config import Config, load_config
from wmcurate.importer import read_markdown
from wmcurate.importer.items import clean_venue
from wmcurate.importer.sections import PageMap, parse_listed_in

SUFFIX_CONFIG = """\
# Built for tests/test_import_catalogs.py: section ids that end with another's.
languages: [en, zh]
outputs:
  - {path: README.md, language: en}
  - {path: README_zh.md, language: zh}
parts:
  - {id: p, title: {en: Part, zh: 部分}}
sections:
  - {id: spatial, part: p, title: {en: Spatial, zh: 空间}}
  - {id: modality-spatial, part: p, title: {en: Modality + Spatial, zh: 模态 + 空间}}
  - {id: a, part: p, title: {en: Ayes, zh: 甲}}
  - {id: x-a, part: p, title: {en: Ex Ayes, zh: 丙甲}}
venues: [CVPR, ICML]
links:
  - {key: paper, label: {en: Paper, zh: 论文}}
"""


@pytest.fixture
def config(make_list: Callable[..., Path]) -> Config:
    return load_config(make_list())


@pytest.fixture
def suffix_config(make_list: Callable[..., Path]) -> Config:
    return load_config(make_list(config=SUFFIX_CONFIG, name="suffix"))


# -- 2. catalogs inside collapsible blocks --------------------------------------------------

COLLAPSED_CATALOG = """\
## Alpha Methods

Prose about alpha.

<details>
<summary>Paper catalog</summary>

* [First Work: A Study](https://arxiv.org/abs/2301.00001), CVPR 2023.
* [Second Work](https://second.example.org/), Nat. Mach. Intell.
* Third Work, ICML 2021;
1. [Fourth Work](https://arxiv.org/abs/2303.00004v2)
</details>

## Beta Methods

<details><summary><b>Show all works (2)</b></summary>

<details>
<summary><b>Fifth Work</b></summary>

* **arXiv ID:** 2305.00005
* **Published in:** CVPR 2024
</details>

* [Sixth Work](https://arxiv.org/abs/2306.00006) - arXiv 2023。
</details>
"""


def test_items_inside_a_collapsed_catalog_are_works(config: Config) -> None:
    occurrences, problems = read_markdown("README.md", COLLAPSED_CATALOG, config)

    assert problems == []
    assert [(o.section, o.line, o.title, o.arxiv, o.venue, o.full) for o in occurrences] == [
        ("alpha", 8, "First Work: A Study", "2301.00001", "CVPR 2023", False),
        ("alpha", 9, "Second Work", None, "Nat. Mach. Intell.", False),
        ("alpha", 10, "Third Work", None, "ICML 2021", False),
        ("alpha", 11, "Fourth Work", "2303.00004", None, False),
        ("beta", 18, "Fifth Work", "2305.00005", "CVPR 2024", True),
        ("beta", 25, "Sixth Work", "2306.00006", "arXiv 2023", False),
    ]


def test_a_work_whose_body_is_a_bullet_list_is_not_a_catalog(config: Config) -> None:
    text = ("## Alpha Methods\n\n<details>\n<summary><b>A Work</b></summary>\n\n"
            "* learns fast\n* runs anywhere\n</details>\n")

    occurrences, problems = read_markdown("list.md", text, config)

    assert occurrences == []
    assert [p.render() for p in problems] == [
        "list.md:6: error: cannot read this work: unexpected line '* learns fast'; nothing "
        "was written for it"]


def test_a_collapsed_catalog_outside_any_section_is_reported(config: Config) -> None:
    text = ("## Unknown Heading\n\n<details><summary>Paper catalog</summary>\n\n"
            "* [First Work](https://arxiv.org/abs/2301.00001), CVPR 2023.\n</details>\n")

    occurrences, problems = read_markdown("list.md", text, config)

    assert occurrences == []
    assert [p.render() for p in problems] == [
        "list.md:5: warning: this item looks like a work but is not under a heading that names "
        "a section of wmcurate.yaml; it was not imported (add the heading's text to the "
        "section's aliases)"]


# The shapes awesome lists give one-line items (written for this test), and what each says.
ITEM_SHAPES = """\
## Alpha Methods

- **Bold Title: Without a Link** (arXiv 2022) [Paper](https://arxiv.org/abs/2210.02303)
- [Piped Title](https://arxiv.org/abs/2212.11565) | ICCV 2023 | [Github](https://github.com/o/r)
- [Short Year](http://arxiv.org/abs/2303.12688) (ICCV'23)
- Marked Title: Zero-shot Editing [ICCV 2023 Oral] [[paper]](https://arxiv.org/abs/2303.09535)
- [Described](https://arxiv.org/abs/2301.00007) - learns worlds from video alone (CVPR 2024)
- [Year Alone](https://arxiv.org/abs/2301.00008) (2023)
- Plain Title With Numbers (2023) [Paper](https://arxiv.org/abs/2301.00009)
"""


def test_the_shapes_awesome_lists_give_items(config: Config) -> None:
    occurrences, problems = read_markdown("README.md", ITEM_SHAPES, config)

    assert problems == []
    assert [(o.title, o.arxiv, o.venue, o.one_liner, sorted(o.links))
            for o in occurrences] == [
        ("Bold Title: Without a Link", "2210.02303", "arXiv 2022", None, ["paper"]),
        ("Piped Title", "2212.11565", "ICCV 2023", None, ["code", "paper"]),
        ("Short Year", "2303.12688", "ICCV 2023", None, ["paper"]),
        ("Marked Title: Zero-shot Editing", "2303.09535", "ICCV 2023", None, ["paper"]),
        ("Described", "2301.00007", "CVPR 2024", "learns worlds from video alone", ["paper"]),
        # A year alone names no venue, and a title keeps what is no venue.
        ("Year Alone", "2301.00008", None, None, ["paper"]),
        ("Plain Title With Numbers (2023)", "2301.00009", None, None, ["paper"]),
    ]


@pytest.mark.parametrize(("written", "venue"), [
    ("CVPR 2023.", "CVPR 2023"),
    ("CVPR 2023 (Oral).", "CVPR 2023 (Oral)"),
    ("ICML 2021;", "ICML 2021"),
    ("arXiv 2023。", "arXiv 2023"),
    ("Nat. Mach. Intell.", "Nat. Mach. Intell."),
    ("Nature.", "Nature"),
    ("arxiv (30 Sep 2023).", "arxiv (30 Sep 2023)"),
    ("NeurIPS 2022", "NeurIPS 2022"),
])
def test_sentence_punctuation_after_a_venue_is_dropped(written: str, venue: str) -> None:
    assert clean_venue(written) == venue


# -- 3. sections by whole path segments ----------------------------------------------------

@pytest.mark.parametrize(("target", "from_file", "section"), [
    ("papers/modality-spatial/README.md", "README.md", "modality-spatial"),
    ("papers/spatial/README.md", "README.md", "spatial"),
    ("../modality-spatial/README_zh.md", "papers/spatial/README_zh.md", "modality-spatial"),
    ("../spatial/README.md#2301.00001", "papers/modality-spatial/README.md", "spatial"),
    ("./papers/x-a/README.md", "README.md", "x-a"),
    ("papers/a/README.md", "README.md", "a"),
    # From a file outside the list, the page path's own segments decide.
    ("../modality-spatial/README.md", "/elsewhere/papers/a/README.md", "modality-spatial"),
    ("https://github.com/o/r/blob/main/papers/modality-spatial/README.md", None,
     "modality-spatial"),
    ("papers/other-spatial/README.md", "README.md", None),
    ("modality-spatial.md", "README.md", None),
])
def test_a_page_link_names_its_section_by_whole_segments(
    suffix_config: Config, target: str, from_file: str | None, section: str | None
) -> None:
    assert PageMap(suffix_config).section_of(target, from_file) == section


def test_pages_named_by_file_match_whole_file_names(make_list: Callable[..., Path]) -> None:
    flat = SUFFIX_CONFIG + "pages: {en: 'papers/{section}.md', zh: 'papers/{section}_zh.md'}\n"
    pages = PageMap(load_config(make_list(config=flat, name="flat")))

    assert pages.section_of("modality-spatial.md", "papers/spatial.md") == "modality-spatial"
    assert pages.section_of("spatial_zh.md", "papers/modality-spatial_zh.md") == "spatial"
    assert pages.section_of("other-spatial.md", "papers/spatial.md") is None


def test_listed_in_keeps_its_order_and_never_reads_a_suffix(suffix_config: Config) -> None:
    value = ("[Modality + Spatial](../modality-spatial/README.md), "
             "[Spatial](../spatial/README.md)")

    assert parse_listed_in(value, suffix_config, "papers/spatial/README.md") == [
        "modality-spatial", "spatial"]


def test_a_rendered_catalog_line_gives_the_key_of_its_work(suffix_config: Config) -> None:
    text = ("### Modality + Spatial\n\n#### All works: Modality + Spatial (2 works)\n\n"
            "* [Sora](papers/modality-spatial/README.md#openai-sora), 2024\n"
            "* [Other](notes.md#somewhere), 2024\n")

    occurrences, problems = read_markdown("README.md", text, suffix_config)

    assert problems == []
    assert [(o.title, o.key, o.section) for o in occurrences] == [
        ("Sora", "openai-sora", "modality-spatial"), ("Other", None, "modality-spatial")]
