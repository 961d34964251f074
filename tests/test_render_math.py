"""TeX in abstracts (issue 9.3): balanced `$...$` spans become GitHub math, the rest is text.

GitHub renders `` $`...`$ `` as inline math; everywhere else it is a dollar sign, a code
span and a dollar sign, so no markdown or HTML character inside a formula can mean
anything. Checked on the abstracts of the recorded arXiv responses (tests/fixtures/arxiv,
46 of them carry TeX), and on spans that must stay text: money, a lone dollar, a space
inside the dollars, macros that reach outside the formula.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from wmcurate.feed import parse_feed
from wmcurate.markdown import escape_math, one_line, unescape

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "arxiv"
GFM = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def recorded_abstracts() -> list[tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for path in sorted(FIXTURES.glob("*.xml")):
        for paper in parse_feed(path.read_bytes()).papers:
            if "$" in paper.abstract:
                found.setdefault(paper.abstract, (f"{path.name}:{paper.id}", paper.abstract))
    return sorted(found.values())


ABSTRACTS = recorded_abstracts()


def read(markdown: str) -> tuple[list[str], str]:
    """(the formulas GitHub shows as math, the text a reader sees with each formula
    written back as $...$), failing on any structure but one paragraph of text, code
    spans and autolinks."""
    tokens = GFM.parse(markdown)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children or []
    formulas = []
    shown = []
    for i, child in enumerate(children):
        if child.type == "text":
            shown.append(child.content)
        elif child.type == "code_inline":
            # GitHub's math: a dollar right before the code span and right after it.
            before = children[i - 1].content if i else ""
            after = children[i + 1].content if i + 1 < len(children) else ""
            assert before.endswith("$") and after.startswith("$"), markdown
            formulas.append(child.content)
            shown.append(child.content)
        elif child.type in ("link_open", "link_close"):
            assert child.markup == "autolink"
        else:
            raise AssertionError(f"{child.type} in {markdown!r}")
    return formulas, "".join(shown)


def test_the_recorded_responses_carry_tex() -> None:
    assert len(ABSTRACTS) >= 20
    assert any("$d\\in\\mathbb{N}$" in a for _, a in ABSTRACTS)


@pytest.mark.parametrize(("where", "abstract"), ABSTRACTS, ids=[w for w, _ in ABSTRACTS])
def test_recorded_abstracts_show_their_formulas_as_math(where: str, abstract: str) -> None:
    written = escape_math(abstract)
    formulas, shown = read(written)

    # Every formula shown is one the abstract wrote between dollars, and the reader sees
    # the abstract's own text; import reads back exactly the abstract.
    text = one_line(abstract)
    assert all(f"${formula}$" in text for formula in formulas)
    assert shown == text
    assert unescape(written) == text
    # An abstract with TeX between dollars (a macro, a sub- or superscript) shows math.
    if re.search(r"\$[^$\s][^$]*[\\^_{][^$]*[^$\s]\$", text):
        assert formulas, where


def test_the_example_of_the_issue() -> None:
    written = escape_math("Let $d\\in\\mathbb{N}$ and $\\ell_1$ norms, $0<\\lambda<1$.")

    assert written == "Let $`d\\in\\mathbb{N}`$ and $`\\ell_1`$ norms, $`0<\\lambda<1`$."
    assert read(written)[0] == ["d\\in\\mathbb{N}", "\\ell_1", "0<\\lambda<1"]


@pytest.mark.parametrize("text", [
    "It costs $5 and $10 a month.",          # money: a digit after the closing dollar
    "A lone $ sign.",
    "Spaces inside $ x $ are not math.",
    "Unbalanced $x^2 and nothing else.",
    "An escaped \\$x\\$ pair.",
    "$\\href{javascript:alert(1)}{click}$ is not shown as math.",
    "$\\url{https://evil.example}$ neither.",
    "$\\require{action}\\toggle{a}{b}$ neither.",
    "A backtick inside $a`b$ breaks the span.",
    "$$x$$ display math stays text.",
])
def test_unbalanced_or_unsafe_spans_stay_text(text: str) -> None:
    written = escape_math(text)
    formulas, shown = read(written)

    assert formulas == []
    assert shown == text
    assert unescape(written) == text


def test_markdown_inside_a_formula_means_nothing() -> None:
    text = "With $a_1*b_2 <script> [x](javascript:y) `$ and $\\|x\\|_{*}$."
    formulas, shown = read(escape_math(text))

    assert formulas == ["\\|x\\|_{*}"]
    assert shown == text
    assert "<script>" not in GFM.render(escape_math(text))
