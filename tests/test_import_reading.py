"""Reading shapes that hand-kept lists take, found while building the "other hands" fixture.

Every list here is a small snippet written for the test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wmcurate.config import Config, load_config
from wmcurate.importer import join, read_markdown


@pytest.fixture
def config(make_list: Callable[..., Path]) -> Config:
    return load_config(make_list())


ABSTRACT_ONE_LINE_PER_PARAGRAPH = """\
## Alpha Methods

<details>
<summary><b>A Work</b></summary>

* **arXiv ID:** 2301.00001

<details>
    <summary>Abstract</summary>

    First paragraph ends here.
    Second paragraph ends here.

</details>
</details>
"""


def test_abstract_lines_without_blank_lines_are_paragraphs(config: Config) -> None:
    # The blank lines around the text are no separators: each sentence-ending line is one.
    [occ], problems = read_markdown("list.md", ABSTRACT_ONE_LINE_PER_PARAGRAPH, config)

    assert problems == []
    assert occ.abstract == "First paragraph ends here.\n\nSecond paragraph ends here."


def test_a_bold_title_work_ends_where_the_next_details_work_starts(config: Config) -> None:
    text = """\
## Alpha Methods

#### Papers

**Bold Work**

* **arXiv ID:** 2301.00001

<details>
<summary>Key points</summary>

* Its own point
</details>

<details>
<summary><b>Details Work</b></summary>

* **arXiv ID:** 2301.00002
</details>
"""
    occurrences, problems = read_markdown("list.md", text, config)

    assert problems == []
    assert [(o.title, o.arxiv, o.key_points) for o in occurrences] == [
        ("Bold Work", "2301.00001", ["Its own point"]), ("Details Work", "2301.00002", None)]


def test_also_in_on_a_page_lists_the_page_section_first(config: Config) -> None:
    text = """\
# Beta Methods

<details>
<summary><b>Shared Work</b></summary>

* **arXiv ID:** 2301.00001
* **Also in:** [Gamma Systems](../gamma/README.md)
</details>
"""
    [occ], problems = read_markdown("papers/beta/README.md", text, config)

    assert problems == []
    assert occ.listed_in == ["beta", "gamma"]


def test_copies_titled_in_two_scripts_join_by_their_authors(config: Config) -> None:
    en = ("## Alpha Methods\n\n<details>\n<summary><b>Chronicle: Event Memory</b></summary>\n\n"
          "* **Authors:** Ada Okafor, Bruno Varga\n* **arXiv ID:** 2312.20028\n</details>\n\n"
          "<details>\n<summary><b>Other Paper</b></summary>\n\n"
          "* **Authors:** Lena Sato\n* **arXiv ID:** 2312.20028\n</details>\n")
    zh = ("## 甲方法\n\n<details>\n<summary><b>编年史：事件记忆</b></summary>\n\n"
          "* **作者：** Ada Okafor、Bruno Varga\n* **arXiv 编号：** 2312.20028\n</details>\n\n"
          "#### 全部论文\n\n* [编年史：事件记忆](https://arxiv.org/abs/2312.20028), AAAI 2024\n")
    occurrences = read_markdown("list.md", en, config)[0] + read_markdown(
        "list_zh.md", zh, config)[0]

    works, _problems = join(occurrences, config.language_codes)

    assert [(w.title, len(w.occurrences)) for w in works] == [
        ({"en": "Chronicle: Event Memory", "zh": "编年史：事件记忆"}, 3),
        ({"en": "Other Paper"}, 1)]
