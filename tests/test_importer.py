"""`wmcurate import`: hand-written markdown lists -> entries.

Each reading variant is a small hand-written snippet; what it must give is
spelled out field by field. Joining and writing go through the CLI, so exit
codes and messages are checked as a user sees them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import Config, load_config
from wmcurate.importer import Occurrence, plan_import, read_markdown


@pytest.fixture
def root(make_list: Callable[..., Path]) -> Path:
    return make_list()


@pytest.fixture
def config(root: Path) -> Config:
    return load_config(root)


def read(config: Config, text: str, path: str = "list.md") -> tuple[list[Occurrence], list[str]]:
    occurrences, problems = read_markdown(path, text, config)
    return occurrences, [p.render() for p in problems]


def facts(occ: Occurrence) -> dict[str, Any]:
    """The fields of an occurrence that carry content (empty ones left out)."""
    keep = (
        "title",
        "arxiv",
        "authors",
        "venue",
        "model",
        "affiliations",
        "links",
        "one_liner",
        "innovation",
        "abstract",
        "key_points",
        "section",
        "language",
        "featured",
        "full",
        "line",
    )
    return {k: getattr(occ, k) for k in keep if getattr(occ, k) not in (None, [], {})}


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def entry_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root / "entries")) for p in (root / "entries").rglob("*.yaml"))


def run_import(runner: CliRunner, root: Path, *args: str) -> Any:
    return runner.invoke(app, ["--root", str(root), "import", *args])


def write(root: Path, name: str, text: str, newline: str = "\n") -> str:
    path = root / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return str(path)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


ENGLISH = """\
## Alpha Methods

#### Representative Works

<details>
<summary><b>Show, Attend and Tell: Neural Image Caption Generation with Visual Attention\
</b></summary>

* **Authors:** Kelvin Xu, Jimmy Ba, Ryan Kiros
* **arXiv ID:** 1502.03044
* **One-liner:** Soft and hard attention for image captions
* **Published in:** ICML 2015
* **Links:** [[Paper]](https://arxiv.org/abs/1502.03044) | \
[[PDF]](https://arxiv.org/pdf/1502.03044.pdf) | [[Code]](https://github.com/kelvinxu/arctic-captions)

> **Core Innovation**\x20\x20
> Attention over image regions
> while generating each word.

<details>
    <summary>Abstract</summary>
    Inspired by recent work in machine translation, we introduce an attention based model.
</details>

<details>
    <summary>Key points</summary>
    * Soft deterministic attention
    * Hard stochastic attention
    Attention maps show where the model looks.
</details>
</details>
"""


def test_english_labels_details_block(config: Config) -> None:
    occurrences, problems = read(config, ENGLISH)

    assert problems == []
    assert [facts(o) for o in occurrences] == [
        {
            "title": "Show, Attend and Tell: Neural Image Caption Generation with Visual Attention",
            "arxiv": "1502.03044",
            "authors": ["Kelvin Xu", "Jimmy Ba", "Ryan Kiros"],
            "venue": "ICML 2015",
            "links": {
                "paper": "https://arxiv.org/abs/1502.03044",
                "pdf": "https://arxiv.org/pdf/1502.03044.pdf",
                "code": "https://github.com/kelvinxu/arctic-captions",
            },
            "one_liner": "Soft and hard attention for image captions",
            "innovation": "Attention over image regions while generating each word.",
            "abstract": "Inspired by recent work in machine translation, we introduce an attention "
            "based model.",
            "key_points": [
                "Soft deterministic attention",
                "Hard stochastic attention",
                "Attention maps show where the model looks.",
            ],
            "section": "alpha",
            "language": "en",
            "featured": True,
            "full": True,
            "line": 5,
        }
    ]


CHINESE = """\
## 甲方法

#### 代表性工作

<details>
<summary><b>Show, Attend and Tell: Neural Image Caption Generation with Visual Attention\
</b></summary>

* **作者：** Kelvin Xu, Jimmy Ba, Ryan Kiros
* **arXiv ID：** 1502.03044
* **核心创新：** 为图像描述引入软注意力与硬注意力
* **发表于：** ICML 2015
* **链接：** [[论文]](https://arxiv.org/abs/1502.03044) | \
[[代码]](https://github.com/kelvinxu/arctic-captions)

> **核心创新**
> 在生成每个词时
> 关注图像区域。

<details>
    <summary>摘要</summary>
    受机器翻译工作的启发，我们提出了基于注意力的模型。
</details>

<details>
    <summary>要点</summary>
    * 软注意力
    * 硬注意力
</details>
</details>
"""


def test_chinese_labels_with_full_width_colons(config: Config) -> None:
    occurrences, problems = read(config, CHINESE, "list_zh.md")

    assert problems == []
    assert [facts(o) for o in occurrences] == [
        {
            "title": "Show, Attend and Tell: Neural Image Caption Generation with Visual Attention",
            "arxiv": "1502.03044",
            "authors": ["Kelvin Xu", "Jimmy Ba", "Ryan Kiros"],
            "venue": "ICML 2015",
            "links": {
                "paper": "https://arxiv.org/abs/1502.03044",
                "code": "https://github.com/kelvinxu/arctic-captions",
            },
            # In a bullet, the Chinese template's "核心创新：" is the one-sentence summary...
            "one_liner": "为图像描述引入软注意力与硬注意力",
            # ...and in the quote it is the core innovation; Chinese lines join without a space.
            "innovation": "在生成每个词时关注图像区域。",
            "abstract": "受机器翻译工作的启发，我们提出了基于注意力的模型。",
            "key_points": ["软注意力", "硬注意力"],
            "section": "alpha",
            "language": "zh",
            "featured": True,
            "full": True,
            "line": 5,
        }
    ]


def test_abstract_paragraphs_separated_by_blank_lines(config: Config) -> None:
    text = """\
## Alpha Methods

### Representative works

<details>
<summary><b>Paragraphs</b></summary>

* **arXiv ID:** 2301.00001

<details>
<summary>Abstract</summary>

First paragraph, line one
and line two.

Second paragraph.

</details>
</details>
"""
    occurrences, problems = read(config, text)

    assert problems == []
    assert occurrences[0].abstract == "First paragraph, line one and line two.\n\nSecond paragraph."


def test_extra_fields_model_model_id_and_affiliations(config: Config) -> None:
    text = """\
## Gamma Systems

### Representative works

<details>
<summary><b>OpenAI Sora</b></summary>

* **Authors:** OpenAI Research Team
* **Model ID:** Sora (2024)
* **Affiliations:** OpenAI
* **Links:** [[Model Page]](https://openai.com/sora)
</details>

<details>
<summary><b>Runway Gen-3 Alpha</b></summary>

* **Model:** Gen-3 Alpha
* **Affiliations:** Runway AI, Inc.
</details>
"""
    occurrences, problems = read(config, text)

    assert problems == []
    assert [(o.title, o.model, o.affiliations, o.links) for o in occurrences] == [
        ("OpenAI Sora", "Sora (2024)", "OpenAI", {"model": "https://openai.com/sora"}),
        ("Runway Gen-3 Alpha", "Gen-3 Alpha", "Runway AI, Inc.", {}),
    ]


def test_plain_bullet_items_split_title_and_venue_at_the_last_comma(config: Config) -> None:
    text = """\
## Alpha Methods

#### Representative Works

* Show, Attend and Tell: Neural Image Caption Generation with Visual Attention, ICML 2015
* CLIP: Learning Transferable Visual Models From Natural Language Supervision, ICML 2021
* [Linked Work](https://arxiv.org/abs/2301.00004), CVPR 2023
* A Work Without Venue
"""
    occurrences, problems = read(config, text)

    assert problems == []
    assert [(o.title, o.venue, o.arxiv, o.full, o.featured, o.line) for o in occurrences] == [
        (
            "Show, Attend and Tell: Neural Image Caption Generation with Visual Attention",
            "ICML 2015",
            None,
            False,
            False,
            5,
        ),
        (
            "CLIP: Learning Transferable Visual Models From Natural Language Supervision",
            "ICML 2021",
            None,
            False,
            False,
            6,
        ),
        ("Linked Work", "CVPR 2023", "2301.00004", False, False, 7),
        ("A Work Without Venue", None, None, False, False, 8),
    ]
    assert occurrences[2].links == {"paper": "https://arxiv.org/abs/2301.00004"}


def test_crlf_line_endings_read_like_lf(config: Config) -> None:
    lf_occurrences, lf_problems = read(config, ENGLISH)
    crlf_occurrences, crlf_problems = read(config, ENGLISH.replace("\n", "\r\n"))

    assert crlf_problems == lf_problems == []
    assert [facts(o) for o in crlf_occurrences] == [facts(o) for o in lf_occurrences]
    assert "\r" not in repr([facts(o) for o in crlf_occurrences])


def test_stray_spaces_are_dropped(config: Config) -> None:
    text = """\
## Alpha Methods

#### Representative Works

<details>
<summary><b>  Spaced   Title  </b></summary>

*   **Authors:**   Ada Lovelace ,  Alan Turing\x20\x20
*   **arXiv ID:**  2301.00001\x20\x20
*   **One-liner:**   Extra   spaces   everywhere.\x20\x20
* **Published in:**    ICML 2023\t
</details>
"""
    occurrences, problems = read(config, text)

    assert problems == []
    assert facts(occurrences[0]) == {
        "title": "Spaced Title",
        "arxiv": "2301.00001",
        "authors": ["Ada Lovelace", "Alan Turing"],
        "venue": "ICML 2023",
        "one_liner": "Extra spaces everywhere.",
        "section": "alpha",
        "language": "en",
        "featured": True,
        "full": True,
        "line": 5,
    }


def test_html_entities_are_decoded(config: Config) -> None:
    text = """\
## Alpha Methods

#### Representative Works

<details>
<summary><b>Sound &amp; Vision: &#34;Quoted&#34;</b></summary>

* **Authors:** Ren&eacute; Descartes, Ada &amp; Co
* **One-liner:** Pixels &amp; words, &#34;together&#34; &lt;at last&gt;
</details>
"""
    occurrences, problems = read(config, text)

    assert problems == []
    assert occurrences[0].title == 'Sound & Vision: "Quoted"'
    assert occurrences[0].authors == ["René Descartes", "Ada & Co"]
    assert occurrences[0].one_liner == 'Pixels & words, "together" <at last>'


def test_double_bracket_links_map_labels_and_aliases_to_keys(config: Config) -> None:
    text = """\
## Alpha Methods

#### Representative Works

<details>
<summary><b>Links Galore</b></summary>

* **Links:** [[arXiv]](https://arxiv.org/abs/2301.00001) | \
[[PDF]](https://arxiv.org/pdf/2301.00001) | [[GitHub]](https://github.com/a/b) | \
[[Project Page]](https://a.github.io/b/) | [[Slides]](https://example.com/slides.pdf)
</details>
"""
    occurrences, problems = read(config, text)

    assert problems == []
    assert occurrences[0].links == {
        "paper": "https://arxiv.org/abs/2301.00001",
        "pdf": "https://arxiv.org/pdf/2301.00001",
        "code": "https://github.com/a/b",
        "project": "https://a.github.io/b/",
        "slides": "https://example.com/slides.pdf",
    }


BROKEN = """\
## Alpha Methods

#### Representative Works

<details>
<summary><b>Good Before</b></summary>

* **arXiv ID:** 2301.00001
</details>

<details>
<summary><b>Strange Field</b></summary>

* **arXiv ID:** 2301.00002
* **Mood:** happy
</details>

<details>
<summary><b>Good After</b></summary>

* **arXiv ID:** 2301.00003
</details>

<details>
<summary><b>Never Closed</b></summary>

* **arXiv ID:** 2301.00004
"""


def test_unreadable_blocks_are_reported_with_file_and_line_and_skipped(
    runner: CliRunner, root: Path
) -> None:
    source = write(root, "list.md", BROKEN)

    result = run_import(runner, root, source)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "list.md:15: error: cannot read this work: unknown field label '**Mood**'; "
        "nothing was written for it",
        "list.md:24: error: <details> is never closed; nothing was read from here to the end "
        "of the file",
    ]
    assert result.stdout == "2 created, 0 updated, 0 skipped, 2 unreadable, 0 warnings\n"
    assert entry_files(root) == ["alpha/2301.00001.yaml", "alpha/2301.00003.yaml"]


def test_work_without_arxiv_id_gets_a_slug_key(runner: CliRunner, root: Path) -> None:
    source = write(
        root,
        "list.md",
        """\
## Gamma Systems

### Representative works

<details>
<summary><b>OpenAI Sora</b></summary>

* **Authors:** OpenAI Research Team
* **Model ID:** Sora (2024)
* **Published in:** 2024
</details>

* Runway Gen-3 Alpha, 2024
* Pika 1.0, 2023
""",
    )

    result = run_import(runner, root, source)

    assert result.exit_code == 0, result.output
    assert entry_files(root) == [
        "gamma/openai-sora.yaml",
        "gamma/pika-1-0.yaml",
        "gamma/runway-gen-3-alpha.yaml",
    ]
    sora = load(root / "entries/gamma/openai-sora.yaml")
    assert "arxiv" not in sora
    assert sora["model"] == "Sora (2024)"


# -- joining the English and Chinese copies -------------------------------------------------

EN_PAIR = """\
## Alpha Methods

#### Representative Works

<details>
<summary><b>First Work: A Study</b></summary>

* **Authors:** Ada Lovelace, Alan Turing
* **arXiv ID:** 2301.00001
* **One-liner:** Does the first thing.
* **Published in:** ICML 2023
* **Links:** [[Paper]](https://arxiv.org/abs/2301.00001)

> **Core Innovation**
> Same text in both languages.

<details>
    <summary>Key points</summary>
    * Point one
</details>
</details>

<details>
<summary><b>English Only</b></summary>

* **arXiv ID:** 2301.00002
* **One-liner:** Only written in English.
</details>
"""

ZH_PAIR = """\
## 甲方法

#### 代表性工作

<details>
<summary><b>First Work: A Study</b></summary>

* **作者：** Ada Lovelace, Alan Turing
* **arXiv ID：** 2301.00001
* **核心创新：** 做第一件事。
* **发表于：** ICML 2023
* **链接：** [[论文]](https://arxiv.org/abs/2301.00001)

> **核心创新**
> Same text in both languages.

<details>
    <summary>要点</summary>
    * 要点一
</details>
</details>
"""


def test_english_and_chinese_copies_become_one_entry(runner: CliRunner, root: Path) -> None:
    en = write(root, "list.md", EN_PAIR)
    zh = write(root, "list_zh.md", ZH_PAIR)

    result = run_import(runner, root, en, zh)

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert entry_files(root) == ["alpha/2301.00001.yaml", "alpha/2301.00002.yaml"]
    first = load(root / "entries/alpha/2301.00001.yaml")
    assert isinstance(first.pop("added"), dt.datetime)
    assert first == {
        "arxiv": "2301.00001",
        "title": "First Work: A Study",
        "authors": ["Ada Lovelace", "Alan Turing"],
        "venue": "ICML 2023",
        "links": {"paper": "https://arxiv.org/abs/2301.00001"},
        "one_liner": {"en": "Does the first thing.", "zh": "做第一件事。"},
        "innovation": "Same text in both languages.",
        "key_points": {"en": ["Point one"], "zh": ["要点一"]},
        "featured": True,
    }
    only_en = load(root / "entries/alpha/2301.00002.yaml")
    assert only_en["one_liner"] == {"en": "Only written in English."}
    assert only_en["title"] == "English Only"


@pytest.mark.parametrize("zh_first", [False, True])
def test_conflicting_facts_name_both_places_and_keep_the_first_language(
    runner: CliRunner, root: Path, zh_first: bool
) -> None:
    en = write(root, "list.md", EN_PAIR)
    zh = write(
        root,
        "list_zh.md",
        ZH_PAIR.replace("Ada Lovelace, Alan Turing", "Ada King").replace("ICML 2023", "CVPR 2024"),
    )

    result = run_import(runner, root, *([zh, en] if zh_first else [en, zh]))

    assert result.exit_code == 0
    # Both copies are clean and in full: the copy in the list's first language wins, whatever
    # the order of the files.
    assert result.stderr.splitlines() == [
        "list_zh.md:5: warning: 'First Work: A Study': copies disagree on the authors: kept "
        "[Ada Lovelace, Alan Turing] from list.md:5, not [Ada King] from here (the en copy "
        "wins for facts shared by every language)",
        "list_zh.md:5: warning: 'First Work: A Study': copies disagree on the venue: kept "
        "'ICML 2023' from list.md:5, not 'CVPR 2024' from here (the en copy wins for facts "
        "shared by every language)",
    ]
    assert result.stdout == "2 created, 0 updated, 0 skipped, 0 unreadable, 2 warnings\n"
    first = load(root / "entries/alpha/2301.00001.yaml")
    assert first["authors"] == ["Ada Lovelace", "Alan Turing"]
    assert first["venue"] == "ICML 2023"


def test_chinese_plain_bullet_joins_by_title(runner: CliRunner, root: Path) -> None:
    en = write(root, "list.md", EN_PAIR)
    zh = write(
        root,
        "list_zh.md",
        """\
## 甲方法

#### 代表性工作

* First Work: A Study, ICML 2023
* English Only, arXiv 2023
""",
    )

    result = run_import(runner, root, en, zh)

    assert result.exit_code == 0, result.output
    assert entry_files(root) == ["alpha/2301.00001.yaml", "alpha/2301.00002.yaml"]
    first = load(root / "entries/alpha/2301.00001.yaml")
    assert first["one_liner"] == {"en": "Does the first thing."}
    assert first["featured"] is True
    assert "also" not in first


def test_section_comes_from_the_heading(config: Config) -> None:
    text = """\
# A list

## 🔬 Basics

### <a href="./papers/beta/README.md">Beta Methods</a>

#### Representative Works

* Under Beta, ICML 2020

### 🌟 **Gamma Systems**

#### Representative Works

* Under Gamma, CVPR 2021

## 乙方法

#### 代表性工作

* 也在乙, CVPR 2022
"""
    occurrences, problems = read(config, text)

    assert problems == []
    assert [(o.title, o.section) for o in occurrences] == [
        ("Under Beta", "beta"),
        ("Under Gamma", "gamma"),
        ("也在乙", "beta"),
    ]


@pytest.mark.parametrize("heading", ["### 2️⃣ **Gamma Systems**", "### 3. Gamma Systems"])
def test_numbered_section_heading_is_decoration(config: Config, heading: str) -> None:
    text = f"{heading}\n\n#### Representative Works\n\n* Under Gamma, CVPR 2021\n"

    occurrences, problems = read(config, text)

    assert [(o.title, o.section) for o in occurrences] == [("Under Gamma", "gamma")]


def test_work_under_a_second_section_is_listed_there_with_also(
    runner: CliRunner, root: Path
) -> None:
    source = write(
        root,
        "list.md",
        """\
## Beta Methods

#### Representative Works

<details>
<summary><b>Twice Listed</b></summary>

* **arXiv ID:** 2301.00005
* **Published in:** ICML 2023
</details>

## Gamma Systems

#### Representative Works

* Twice Listed, ICML 2023
""",
    )

    result = run_import(runner, root, source)

    assert result.exit_code == 0, result.output
    assert entry_files(root) == ["beta/2301.00005.yaml"]
    entry = load(root / "entries/beta/2301.00005.yaml")
    assert entry["also"] == ["gamma"]
    assert entry["featured"] is True


def test_featured_means_in_full_under_a_representative_works_heading(
    runner: CliRunner, root: Path
) -> None:
    source = write(
        root,
        "list.md",
        """\
## Alpha Methods

#### Representative Works

<details>
<summary><b>Featured Work</b></summary>

* **arXiv ID:** 2301.00001
</details>

* Bullet Under Representative, ICML 2020

#### All works

<details>
<summary><b>Full But Not Featured</b></summary>

* **arXiv ID:** 2301.00002
</details>
""",
    )

    result = run_import(runner, root, source)

    assert result.exit_code == 0, result.output
    featured = {path: load(root / "entries" / path).get("featured") for path in entry_files(root)}
    assert featured == {
        "alpha/2301.00001.yaml": True,
        "alpha/bullet-under-representative.yaml": None,
        "alpha/2301.00002.yaml": None,
    }


# -- entries already in the list --------------------------------------------------------------

EXISTING = """\
# Curated by hand: keep this comment.
arxiv: "2301.00001"
title: 'First Work: A Study'   # the title as the authors write it
authors: [Ada Lovelace]
venue: ICML 2023
one_liner: {en: Old one-liner.}
added: 2026-01-01T00:00:00Z
"""


def test_existing_entry_is_never_overwritten_without_merge(
    runner: CliRunner, make_list: Callable[..., Path]
) -> None:
    root = make_list({"alpha/2301.00001": EXISTING})
    before = (root / "entries/alpha/2301.00001.yaml").read_bytes()
    en = write(root, "list.md", EN_PAIR)

    result = run_import(runner, root, en)

    assert result.exit_code == 0
    assert (root / "entries/alpha/2301.00001.yaml").read_bytes() == before
    assert result.stderr.splitlines() == [
        "skipped 'First Work: A Study': already in the list as entries/alpha/2301.00001.yaml "
        "(use --merge to update it)"
    ]
    assert result.stdout == "1 created, 0 updated, 1 skipped, 0 unreadable, 0 warnings\n"
    assert entry_files(root) == ["alpha/2301.00001.yaml", "alpha/2301.00002.yaml"]


def test_merge_updates_the_entry_and_keeps_its_comments(
    runner: CliRunner, make_list: Callable[..., Path]
) -> None:
    root = make_list({"alpha/2301.00001": EXISTING})
    en = write(root, "list.md", EN_PAIR)

    result = run_import(runner, root, "--merge", en)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "updated entries/alpha/2301.00001.yaml: authors, links, one_liner.en, innovation, "
        "key_points, featured",
        "1 created, 1 updated, 0 unchanged, 0 skipped, 0 unreadable, 0 warnings",
    ]
    text = (root / "entries/alpha/2301.00001.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# Curated by hand: keep this comment.\n"
        'arxiv: "2301.00001"\n'
        "title: 'First Work: A Study'   # the title as the authors write it\n"
        "authors: [Ada Lovelace, Alan Turing]\n"
    )
    merged = load(root / "entries/alpha/2301.00001.yaml")
    assert merged["one_liner"] == {"en": "Does the first thing."}
    assert "\nadded: 2026-01-01T00:00:00Z\n" in text
    assert merged["links"] == {"paper": "https://arxiv.org/abs/2301.00001"}


def test_merge_lists_the_entry_in_the_section_it_was_found_under(
    runner: CliRunner, make_list: Callable[..., Path]
) -> None:
    root = make_list({"alpha/2301.00001": EXISTING})
    source = write(root, "list.md", EN_PAIR.replace("## Alpha Methods", "## Beta Methods"))

    result = run_import(runner, root, "--merge", source)

    assert result.exit_code == 0, result.output
    assert load(root / "entries/alpha/2301.00001.yaml").get("also") == ["beta"]


def test_dry_run_writes_nothing(runner: CliRunner, make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2301.00001": EXISTING})
    en = write(root, "list.md", EN_PAIR)
    before = snapshot(root)

    result = run_import(runner, root, "--dry-run", "--merge", en)

    assert result.exit_code == 0
    assert snapshot(root) == before
    assert result.stdout.splitlines() == [
        "would update entries/alpha/2301.00001.yaml: authors, links, one_liner.en, innovation, "
        "key_points, featured",
        "would create entries/alpha/2301.00002.yaml",
        "dry run: 1 created, 1 updated, 0 unchanged, 0 skipped, 0 unreadable, 0 warnings",
    ]


def test_broken_existing_entry_is_not_duplicated(
    runner: CliRunner, make_list: Callable[..., Path]
) -> None:
    root = make_list({"alpha/2301.00001": 'title: "Broken\n'})
    en = write(root, "list.md", EN_PAIR)

    result = run_import(runner, root, en)

    assert entry_files(root) == ["alpha/2301.00001.yaml", "alpha/2301.00002.yaml"]
    assert result.exit_code == 1
    assert "entries/alpha/2301.00001.yaml" in result.stderr


def test_merge_into_an_entry_with_a_duplicated_key_names_the_file(
    runner: CliRunner, make_list: Callable[..., Path]
) -> None:
    text = 'arxiv: "2301.00001"\ntitle: "First Work: A Study"\nvenue: X\nvenue: Y\n'
    root = make_list({"alpha/2301.00001": text})
    en = write(root, "list.md", EN_PAIR)

    result = run_import(runner, root, "--merge", en)

    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (1, 2)
    assert "entries/alpha/2301.00001.yaml:4:1" in result.stderr
    assert (root / "entries/alpha/2301.00001.yaml").read_text(encoding="utf-8") == text


def test_plan_import_orders_added_times_as_written(config: Config, root: Path) -> None:
    source = Path(write(root, "list.md", EN_PAIR))
    now = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.timezone.utc)

    plan = plan_import(config, [source], now=now)

    assert [(p.key, p.action, p.document["added"]) for p in plan.entries] == [
        ("2301.00001", "create", now),
        ("2301.00002", "create", now + dt.timedelta(seconds=1)),
    ]


def test_missing_file_is_an_error(runner: CliRunner, root: Path) -> None:
    result = run_import(runner, root, str(root / "nope.md"))

    assert result.exit_code == 2
    assert result.stderr == "Error: nope.md: no such file\n"
    assert entry_files(root) == []


def test_file_that_is_not_utf8_is_an_error(runner: CliRunner, root: Path) -> None:
    (root / "latin1.md").write_bytes("## Alpha Methods\n\n* Caf\xe9, ICML 2020\n".encode("latin-1"))

    result = run_import(runner, root, str(root / "latin1.md"))

    assert result.exit_code == 2
    assert result.stderr == (
        "Error: latin1.md: not UTF-8 text (byte 23); convert it to UTF-8 first\n"
    )


# -- lists written the common awesome-list way: a heading per section, one item per work ----

LOOSE_LIST = """\
# My list

## Alpha Methods

Some prose about alpha, with a bullet that is not a work:

- Learns fast
- [First Work](https://arxiv.org/abs/2301.00001v2) - ICML 2020 [[Code]](https://github.com/a/b)
- **[Second Work](https://second.example.org/)** - A method that does many things well.
* Third Work: Ideas, CVPR 2021 [[paper]](https://arxiv.org/pdf/2302.00002)

## 3. Beta Methods

1. [Fourth Work](https://arxiv.org/abs/2303.00003), NeurIPS 2022
2. Notes on reproducing `https://arxiv.org/abs/2304.00004` are in the wiki.
"""


def test_a_section_without_works_heading_reads_its_linked_items(config: Config) -> None:
    occurrences, problems = read(config, LOOSE_LIST)

    assert problems == []
    assert [(o.section, o.title, o.arxiv, o.venue, o.links, o.one_liner) for o in occurrences] == [
        (
            "alpha",
            "First Work",
            "2301.00001",
            "ICML 2020",
            {"paper": "https://arxiv.org/abs/2301.00001v2", "code": "https://github.com/a/b"},
            None,
        ),
        (
            "alpha",
            "Second Work",
            None,
            None,
            {"project": "https://second.example.org/"},
            "A method that does many things well.",
        ),
        (
            "alpha",
            "Third Work: Ideas",
            "2302.00002",
            "CVPR 2021",
            {"paper": "https://arxiv.org/pdf/2302.00002"},
            None,
        ),
        (
            "beta",
            "Fourth Work",
            "2303.00003",
            "NeurIPS 2022",
            {"paper": "https://arxiv.org/abs/2303.00003"},
            None,
        ),
    ]


def test_a_rendered_catalog_line_keeps_its_venue_and_not_its_page_link(config: Config) -> None:
    text = (
        "## Alpha Methods\n\n#### All works: Alpha Methods (1 work)\n\n"
        "* [OpenAI Sora](papers/alpha/README.md#openai-sora), 2024 (open release)\n"
    )

    [occurrence], problems = read(config, text)

    assert problems == []
    assert (occurrence.title, occurrence.venue, occurrence.links) == (
        "OpenAI Sora",
        "2024 (open release)",
        {},
    )
