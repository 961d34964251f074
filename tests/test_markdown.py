"""Escaping for render and unescaping for import (wmcurate.markdown).

Two properties over random text, checked against an independent CommonMark
parser (markdown-it-py, which rich already depends on):

* what `escape_block` / `escape_inline` write (and `reveal` then passes, as render
  does with all it writes) reads, in markdown, as exactly the plain text that went
  in: no heading, list, quote, code, emphasis, HTML or link other than the autolinks
  it writes on purpose (control characters read as U+FFFD: render never writes them);
* `unescape` (what import reads) gives that same text back.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wmcurate.markdown import (
    _URL,
    escape_block,
    escape_comment,
    escape_html,
    escape_inline,
    escape_math,
    escape_rich,
    escape_url,
    github_slug,
    html_block_starts,
    inert,
    inert_block,
    is_web_url,
    one_line,
    paragraphs,
    reveal,
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


def as_read(text: str) -> str:
    """What a reader gets of `text`: one line, with control characters as U+FFFD."""
    return "".join("\ufffd" if unicodedata.category(ch) in ("Cc", "Cs") else ch
                   for ch in one_line(text))


def url_with_entity_or_backslash(text: str) -> bool:
    return any("&" in m.group(0) or "\\" in m.group(0) for m in _URL.finditer(one_line(text)))


@PROPERTY
@given(TEXT)
def test_escape_block_reads_as_the_same_plain_text(text: str) -> None:
    assert plain_text_of(reveal(escape_block(text))) == as_read(text)


@PROPERTY
@given(TEXT)
def test_escape_inline_reads_as_the_same_plain_text_after_a_label(text: str) -> None:
    # After a label, as in "* **Authors:** ...": nothing at the start of the line to escape.
    assert plain_text_of(reveal("Label: " + escape_inline(text))) == (
        "Label: " + as_read(text)).rstrip()


@PROPERTY
@given(TEXT)
def test_unescape_inverts_escape_inline_and_escape_block(text: str) -> None:
    assert unescape(reveal(escape_inline(text))) == as_read(text)
    assert unescape(reveal(escape_block(text))) == as_read(text)


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


# -- the quick test for text no escape changes (render's fast path) ---------------------


def assert_left_alone(text: str) -> None:
    """What render's fast path assumes of a text `inert` (and `inert_block`) accept."""
    if inert(text):
        assert one_line(text) == text
        assert paragraphs(text) == ([text] if text else [])
        assert escape_inline(text) == text
        assert escape_html(text) == text
        assert reveal(text) == text
    if inert_block(text):
        assert inert(text)
        assert text
        for escape in (escape_block, escape_rich, escape_math):
            assert escape(text) == text
            assert escape(text, collapsed=True) == text


#: Characters at the edges of what `inert` lets through, and common ones.
EDGES = st.sampled_from([
    *"ab Z09.,-#>+=()!?'\"\\`*_[]|~$<>&:/\t\n\r\x00\x1f\x7f",
    "\x80", "\x85", "\x9f", "\xa0", "\xad", "é", "\u2028", "\u200b", "—",
    "\u2fff", "\u3000", "\u3001", "。", "中", "文", "\u9fff", "\ua000", "，", "\ufeff",
    "\ud800", "\U0001f600", "\U000e0041", "://", "  ", "1.", "2)", "https://x.io",
])


@PROPERTY
@given(st.one_of(TEXT, st.lists(EDGES, max_size=12).map("".join)))
def test_inert_text_is_left_alone_by_every_escape(text: str) -> None:
    assert_left_alone(text)


def test_inert_in_front_of_every_character() -> None:
    # Each character alone and between words, against the running Python's Unicode
    # tables: whatever `inert` lets through, no escape changes.
    for code in [*range(0x10000), *range(0x10000, 0x110000, 0x3FF)]:
        ch = chr(code)
        for text in (ch, f"a{ch}b", f"中{ch}文"):
            assert_left_alone(text)


def test_inert_accepts_plain_english_and_chinese() -> None:
    assert inert_block("World models learn the dynamics of a scene.")
    assert inert_block("世界模型视频扩散。")
    assert inert("#1 model") and not inert_block("#1 model")
    assert not inert_block("")
    for text in ("two  spaces", " lead", "tail ", "a\nb", "a_b", "see https://x.io",
                 "R&D", "x < y", "中\u3000文", "a\u200bb", "emoji \U0001f600", "a:b"):
        assert not inert(text), text


# -- what render never writes as such ------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("https://arxiv.org/abs/2303.11328", True),
        ("  HTTP://Example.COM/x  ", True),
        ("https://example.com/a b(c)", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("javascript&colon;alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("java\nscript:alert(1)", False),
        ("\x00https://example.com", False),
        ("https://exa\x00mple.com", False),
        ("https://exa\u202emple.com", False),
        ("https://", False),
        ("https:///path", False),
        ("https:// example.com", False),
        ("//example.com", False),
        ("ftp://example.com", False),
        ("mailto:a@example.com", False),
    ],
)
def test_is_web_url(url: str, web: bool) -> None:
    assert is_web_url(url) is web


def test_every_control_and_format_character_is_hidden_from_the_output() -> None:
    # Checked against the running Python's Unicode tables, so a new format character
    # in a later Unicode version shows up here.
    hidden = [chr(c) for c in range(0x110000)
              if unicodedata.category(chr(c)) in ("Cc", "Cf", "Cs") and not chr(c).isspace()]
    assert len(hidden) > 150
    for ch in hidden:
        for escaped in (escape_inline(f"a{ch}b"), escape_block(f"{ch}b"), escape_html(f"a{ch}"),
                        escape_comment(f"a{ch}"), ch):
            assert ch not in reveal(escaped), hex(ord(ch))


def test_reveal() -> None:
    assert reveal("plain 中文") == "plain 中文"
    assert reveal("a\x00b\x1bc\x7f") == "a\ufffdb\ufffdc\ufffd"
    assert reveal("exe.\u202egnp") == "exe.&#x202E;gnp"
    assert reveal("👨\u200d💻") == "👨&#x200D;💻"
    assert reveal("\ud800") == "\ufffd"


def test_an_autolink_stops_at_a_hidden_character() -> None:
    assert reveal(escape_inline("see https://example.com/\u202eevil")) == (
        "see <https://example.com/>&#x202E;evil")


@pytest.mark.parametrize(
    "text",
    ["--><script>alert(1)</script><!--", "a --!> b", "<!-- nested -->", "->", ">x", "x\n<!--"],
)
def test_escape_comment_cannot_end_the_comment(text: str) -> None:
    comment = f"<!-- {escape_comment(text)} -->"

    tokens = MD.parse(comment + "\nafter\n")
    assert tokens[0].type == "html_block"
    assert tokens[0].content == comment + "\n"
    assert comment.count("-->") == 1 and comment.count("<!--") == 1


# -- block structure: which lines are HTML at the top level -----------------------------------

MARK = "<!-- m -->"


def is_mark(line: str) -> bool:
    return line.strip() == MARK


@pytest.mark.parametrize(
    ("text", "real"),
    [
        (f"{MARK}\n\nprose\n\n{MARK}\n", [0, 4]),
        (f"# T\n```\n{MARK}\n```\n{MARK}\n", [4]),
        (f"````\n```\n{MARK}\n```\n````\n{MARK}\n", [5]),
        (f"    {MARK}\n\n{MARK}\n", [2]),
        (f"- item\n\n  {MARK}\n\n{MARK}\n", [4]),
        (f"> quote\n{MARK}\n", [1]),
        (f"paragraph\n{MARK}\n", [1]),
        (f"<div>\n{MARK}\n</div>\n", []),
        (f"<div>\n\n{MARK}\n</div>\n", [2]),
        (f"{MARK}\n{MARK}\n", [0, 1]),
        (f"```\nopen\n{MARK}\n", []),
        (f"   {MARK}\n", [0]),
    ],
)
def test_html_block_starts(text: str, real: list[int]) -> None:
    assert html_block_starts(text.split("\n"), is_mark) == real


#: Pieces of a README: real and documented markers between stretches of other markdown.
PIECES = st.sampled_from([
    MARK, MARK, MARK, "", "", "prose", "# heading", "```", "~~~", "````", "    indented",
    f"    {MARK}", f"- {MARK}", f"  {MARK}", "- item", "  continued", "> quote", "<div>",
    "</div>", "<pre>", "</pre>", "<!-- open comment", "-->", "<?php", "?>", "<!DOCTYPE x",
    "<![CDATA[", "]]>", "1. one", "<details>", "</details>", "* **A:** b", "text ```", "\t",
    "===", "---", "[ref]: /url 'title", "'",
])


#: A stretch framed as render frames a generated block: marker, blank, lines, blank, marker.
FRAMED = st.lists(PIECES, max_size=8).map(lambda inner: "\n".join([MARK, "", *inner, "", MARK]))
LAYOUT = st.lists(st.one_of(PIECES, FRAMED), max_size=20)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(LAYOUT)
def test_leaving_out_inert_stretches_never_changes_the_answer(pieces: list[str]) -> None:
    # The shortcut html_block_starts takes for big generated blocks must agree with a
    # full parse on any layout.
    from wmcurate.markdown import _starts_among

    lines = "\n".join(pieces).split("\n")
    candidates = [i for i, line in enumerate(lines) if is_mark(line)]

    assert html_block_starts(lines, is_mark) == _starts_among(lines, candidates, [])
