"""Escaping for render and unescaping for import (wmcurate.markdown).

Two properties over random text, checked against an independent CommonMark
parser (markdown-it-py, which rich already depends on):

* what `escape_block` / `escape_inline` write reads, in markdown, as exactly the
  plain text that went in: no heading, list, quote, code, emphasis, HTML or link
  other than the autolinks it writes on purpose;
* `unescape` (what import reads) gives that same text back.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from wmcurate.markdown import (
    _URL,
    escape_block,
    escape_html,
    escape_inline,
    escape_url,
    github_slug,
    one_line,
    paragraphs,
    unescape,
)

markdown_it = pytest.importorskip("markdown_it")
MD = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])

#: Pieces of text that mean something to markdown or HTML, mixed with plain words.
NASTY = st.sampled_from(
    [
        *"ab c\\`*_[]|~$<>&#;:/.-+=()!1 \t\n\"'{}@%^?",
        "https://example.com/a_b ",
        "(https://example.com/x_(y))",
        "&amp;",
        "&#34;",
        "&lt",
        "&copy",
        "&#x41;",
        "</details>",
        "<details>",
        "<script>alert(1)</script>",
        "1. ",
        "2) ",
        "# ",
        "## ",
        "[[",
        "]]",
        "[[Paper]](https://evil.example)",
        "![x](y)",
        "[a]: b",
        "---",
        "===",
        "```",
        "~~~",
        "    ",
        "> ",
        "* ",
        "- ",
        "+ ",
        "<!--",
        "-->",
        "**",
        "__",
        "\\\\",
        "\\*",
        "。",
        "中文",
        "\u00a0",
        "|---|",
        "<https://x.io>",
    ]
)
TEXT = st.one_of(st.lists(NASTY, max_size=25).map("".join), st.text(max_size=40))
PROPERTY = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)


def plain_text_of(markdown: str) -> str:
    """The text a reader sees, failing on any structure but one paragraph with autolinks."""
    tokens = MD.parse(markdown)
    if not tokens:
        return ""
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], markdown
    seen = []
    for child in tokens[1].children or []:
        if child.type == "text":
            seen.append(child.content)
        elif child.type in ("link_open", "link_close"):
            assert child.markup == "autolink", markdown
        else:
            raise AssertionError(f"{child.type} in {markdown!r}")
    return "".join(seen)


def url_with_entity_or_backslash(text: str) -> bool:
    return any("&" in m.group(0) or "\\" in m.group(0) for m in _URL.finditer(one_line(text)))


@PROPERTY
@given(TEXT)
def test_escape_block_reads_as_the_same_plain_text(text: str) -> None:
    assume("\x00" not in text)  # CommonMark turns NUL into U+FFFD

    assert plain_text_of(escape_block(text)) == one_line(text)


@PROPERTY
@given(TEXT)
def test_escape_inline_reads_as_the_same_plain_text_after_a_label(text: str) -> None:
    assume("\x00" not in text)

    # After a label, as in "* **Authors:** ...": nothing at the start of the line to escape.
    assert plain_text_of("Label: " + escape_inline(text)) == ("Label: " + one_line(text)).rstrip()


@PROPERTY
@given(TEXT)
def test_unescape_inverts_escape_inline_and_escape_block(text: str) -> None:
    assert unescape(escape_inline(text)) == one_line(text)
    assert unescape(escape_block(text)) == one_line(text)


@pytest.mark.parametrize(
    "text",
    [
        "Data at https://example.com/?x=1&region=eu today",
        "https://example.com/a&amp;b",
        "see https://example.com/a\\-b",
    ],
)
def test_unescape_reads_autolinks_literally(text: str) -> None:
    escaped = escape_inline(text)

    assert plain_text_of(escaped) == text  # render is right...
    assert unescape(escaped) == text  # ...import must read it the same way


def test_unescape_survives_a_nul_character() -> None:
    assert unescape("ends with NUL\x00") in (
        "ends with NUL\x00",
        "ends with NUL\ufffd",
        "ends with NUL",
    )


@pytest.mark.parametrize(
    ("text", "block"),
    [
        ("# Not a heading", "\\# Not a heading"),
        ("1. Not a list", "1\\. Not a list"),
        ("2) Not a list", "2\\) Not a list"),
        ("- dash", "\\- dash"),
        ("+ plus", "\\+ plus"),
        ("> not a quote", "&gt; not a quote"),
        ("=== setext", "\\=== setext"),
        ("* star", "\\* star"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("</details>", "&lt;/details&gt;"),
        ("a | b", "a \\| b"),
        ("`code`", "\\`code\\`"),
        ("[[Paper]](https://evil.example)", "\\[\\[Paper\\]\\](<https://evil.example>)"),
        ("snake_case and *stars*", "snake\\_case and \\*stars\\*"),
        ("R&D, &amp; and & alone", "R&amp;D, &amp;amp; and & alone"),
        ("see https://example.com/a_b.", "see <https://example.com/a_b>."),
        (
            "(https://en.wikipedia.org/wiki/Foo_(bar))",
            "(<https://en.wikipedia.org/wiki/Foo_(bar)>)",
        ),
        ("two\n\nlines  and\ttabs", "two lines and tabs"),
        ("中文：文本", "中文：文本"),
    ],
)
def test_escape_block_examples(text: str, block: str) -> None:
    assert escape_block(text) == block
    assert unescape(block) == one_line(text)


def test_escape_inline_leaves_line_starts_alone() -> None:
    # In the middle of a line a '#' or '1.' cannot open a block: no escape needed.
    assert escape_inline("# 1. - > x") == "# 1. - &gt; x"


def test_escape_html_for_summaries() -> None:
    assert escape_html('A <b> & "C"\n D') == 'A &lt;b&gt; &amp; "C" D'


@pytest.mark.parametrize(
    ("url", "destination"),
    [
        ("https://arxiv.org/abs/2303.11328", "https://arxiv.org/abs/2303.11328"),
        ("  https://github.com/a/b  ", "https://github.com/a/b"),
        ("https://example.com/a b(c)", "<https://example.com/a b(c)>"),
        ("https://example.com/x>y\\z", "<https://example.com/x\\>y\\\\z>"),
    ],
)
def test_escape_url(url: str, destination: str) -> None:
    assert escape_url(url) == destination
    tokens = MD.parseInline(f"[x]({destination})")[0].children
    assert [t.type for t in tokens] == ["link_open", "text", "link_close"]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        (
            "🔬 Independent Exploration: Specialized Models",
            "-independent-exploration-specialized-models",
        ),
        ("Modality + Spatial Consistency", "modality--spatial-consistency"),
        ("模态 + 空间一致性", "模态--空间一致性"),
        ("All works: Alpha Methods (1 work)", "all-works-alpha-methods-1-work"),
        ("Under\\_score", "under_score"),
        ("**Bold** `code`", "bold-code"),
    ],
)
def test_github_slug(heading: str, anchor: str) -> None:
    assert github_slug(heading) == anchor


def test_github_slug_of_an_escaped_ampersand() -> None:
    assert github_slug(escape_inline("R&D Methods")) == "rd-methods"


def test_paragraphs_and_one_line() -> None:
    assert one_line("  a\n b\t\tc  ") == "a b c"
    assert paragraphs("First line\nstill first.\n\n  \nSecond.\n") == [
        "First line still first.",
        "Second.",
    ]
    assert paragraphs("   ") == []
