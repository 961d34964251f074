"""Labelled blocks and inline markdown in curated texts (issue 9.1 and 9.2).

Read as HTML by a GFM-style renderer (markdown-it-py with tables and strikethrough):

* a labelled block reads as label, then text: "**Core Innovation**" ends its line with
  a hard break, in every work of both languages (on the shipped list, on a hostile list);
* a curated text (one-liner, core innovation, key point) may carry `**strong**`,
  `*emphasis*`, `` `code` `` and `[text](https://...)`; for any string, the rendered work
  has exactly the block elements of the same work with plain words, no `<script>`, no
  link but to http(s), no raw HTML and nothing outside the work's own `<details>` block;
  import reads every such text back as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_markdown import NASTY
from test_render import NASTY_VALUES, entry_yaml, render

from wmcurate.config import Config, load_config
from wmcurate.importer import plan_import
from wmcurate.markdown import escape_rich, paragraphs, unescape
from wmcurate.model import Entry
from wmcurate.render.catalog import Catalog
from wmcurate.render.work import Renderer

REPO = Path(__file__).resolve().parents[1]
GFM = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# -- 9.1: label, then text ---------------------------------------------------------------


def labelled_blocks(html: str) -> list[str]:
    """What follows each `<strong>` label opening a quote: its next tag or text."""
    return re.findall(r"<blockquote>\s*<p><strong>[^<]*</strong>(\s*<[a-z/]+|[^<]{0,12})",
                      html)


@pytest.mark.parametrize("name", ["README.md", "README_zh.md", "papers/modality/README.md",
                                  "papers/modality-spatial/README_zh.md"])
def test_a_label_is_followed_by_a_line_break_on_the_shipped_list(name: str) -> None:
    html = GFM.render((REPO / name).read_text(encoding="utf-8"))
    after = labelled_blocks(html)

    assert len(after) >= 3
    assert {a.strip() for a in after} == {"<br"}


def test_a_label_is_followed_by_a_line_break_on_a_hostile_list(
    make_list: Callable[..., Path], runner: Any
) -> None:
    root = make_list({"alpha/nasty-work": entry_yaml(**NASTY_VALUES)})
    assert render(runner, root).exit_code == 0
    for name in ("README.md", "README_zh.md", "papers/alpha/README.md",
                 "papers/gamma/README_zh.md"):
        html = GFM.render((root / name).read_text(encoding="utf-8"))
        assert [a.strip() for a in labelled_blocks(html)] == ["<br"], name
        # The innovation's paragraphs stay paragraphs of the quote: "1. Not a list"
        # is text, not a list.
        assert "<ol" not in html and "<h1" not in html.split("<blockquote>")[1], name


# -- 9.2: inline markdown, safely ----------------------------------------------------------


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    root = tmp_path_factory.mktemp("inline")
    from conftest import TINY_CONFIG

    (root / "wmcurate.yaml").write_text(TINY_CONFIG, encoding="utf-8")
    return load_config(root)


def work_markdown(config: Config, language: str = "en", **texts: Any) -> str:
    entry = Entry(key="k-1", section="alpha", path=config.entries_dir / "alpha" / "k-1.yaml",
                  title="A Work", authors=["Ada"], venue="ICML 2023", also=["gamma"],
                  published=dt.date(2023, 3, 20), **texts)
    catalog = Catalog(config, [entry])
    return Renderer(config, catalog, language, "papers/alpha").work(entry).text + "\n"


def blocks(markdown: str) -> list[tuple[str, str]]:
    """The block structure: each block token's type, and the HTML of HTML blocks."""
    return [(t.type, t.content if t.type == "html_block" else "")
            for t in GFM.parse(markdown) if t.type != "inline"]


def plain_twin(one_liner: str, innovation: str, points: list[str]) -> dict[str, Any]:
    """The same work with plain words: as many paragraphs and points, nothing to read."""
    twin: dict[str, Any] = {}
    if " ".join(one_liner.split()):
        twin["one_liner"] = "word"
    if paragraphs(innovation):
        twin["innovation"] = "\n\n".join("word" for _ in paragraphs(innovation))
    kept = [p for p in points if " ".join(p.split())]
    if kept:
        twin["key_points"] = ["word"] * len(kept)
    return twin


MARKUP = st.sampled_from([
    "**", "*", "`", "**bold**", "*em*", "`code`", "[text](https://example.com/a_b)",
    "[x](javascript:alert(1))", "[y](//evil.example)", "![img](https://evil.example/i.png)",
    "<b>", "</details>", "<script>alert(1)</script>", "$x^2$", "\n\n", "[**b**](https://x.io)",
    "`<i>`", "**`c`**", "*[l](https://x.io)*", "!", "[", "](", "https://x.io/)",
])
CURATED = st.lists(st.one_of(NASTY, MARKUP), max_size=20).map("".join)


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(CURATED, CURATED, st.lists(CURATED, max_size=3))
def test_any_curated_text_keeps_the_works_structure(
    config: Config, one_liner: str, innovation: str, points: list[str]
) -> None:
    markdown = work_markdown(config, one_liner=one_liner, innovation=innovation,
                             key_points=points)
    twin = work_markdown(config, **plain_twin(one_liner, innovation, points))

    assert blocks(markdown) == blocks(twin)
    html = GFM.render(markdown)
    assert html.startswith('<details id="k-1">') and html.rstrip().endswith("</details>")
    for token in GFM.parse(markdown):
        for child in token.children or []:
            assert child.type not in ("html_inline", "image"), (child.type, markdown)
            if child.type == "link_open":
                href = str(child.attrs["href"])
                assert href.startswith(("https://", "http://", "../", "README")), href
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered
    assert not re.search(r"""(href|src)=["']?\s*(javascript|data|vbscript):""", lowered)
    # Import reads each text back as it was written (each paragraph on one line).
    for text in (one_liner, *points):
        written = escape_rich(text)
        assert unescape(written) == " ".join(text.split())


def test_the_inline_subset_renders_and_the_rest_is_text(config: Config) -> None:
    markdown = work_markdown(
        config,
        one_liner="A **bold** and *light* `tool` from [the lab](https://example.com/lab).",
        innovation="# Not a heading, <b>not bold</b>, [not a link](javascript:alert(1))",
        key_points=["![no image](https://example.com/i.png) here", "**`both`**"],
    )
    html = GFM.render(markdown)

    assert ("<strong>One-liner:</strong> A <strong>bold</strong> and <em>light</em> "
            '<code>tool</code> from <a href="https://example.com/lab">the lab</a>.') in html
    assert ("<strong>Core Innovation</strong><br />\n# Not a heading, &lt;b&gt;not "
            "bold&lt;/b&gt;, [not a link](javascript:alert(1))</p>") in html
    # An http(s) link stays a link; an image never loads.
    assert '<li>!<a href="https://example.com/i.png">no image</a> here</li>' in html
    assert "<li><strong><code>both</code></strong></li>" in html


def test_the_shipped_list_shows_its_bold_text(tmp_path: Path) -> None:
    # A key point written as "建模多视图**联合概率分布**，…" showed its asterisks.
    html = GFM.render((REPO / "papers/modality-spatial/README_zh.md").read_text("utf-8"))
    assert "<strong>联合概率分布</strong>" in html
    assert "**联合概率分布**" not in html


def test_inline_markdown_imports_back_as_written(
    make_list: Callable[..., Path], runner: Any
) -> None:
    texts = {
        "one_liner": {"en": "A **bold** *claim* with `code` and [a link](https://x.io/a).",
                      "zh": "**粗体**与`代码`。"},
        "innovation": "First *idea*.\n\nSecond, with [link](https://x.io) and \\*stars\\*.",
        "key_points": ["`a\\*b` stays", "*[em link](https://x.io)*", "two ** stars"],
    }
    root = make_list({"alpha/rich": entry_yaml(title="Rich", featured=True, **texts)})
    assert render(runner, root).exit_code == 0
    (root / "entries/alpha/rich.yaml").unlink()

    plan = plan_import(load_config(root), [root / "papers/alpha/README.md",
                                           root / "papers/alpha/README_zh.md"])

    [planned] = plan.entries
    for name, value in texts.items():
        assert planned.document[name] == value, name
