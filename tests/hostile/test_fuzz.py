"""Fuzz: random entry files and README marker layouts, through the whole command line.

Each example builds a list in a fresh folder beside a few files that are not the
list's, runs `render`, `render --check` and `lint` through typer's CliRunner under
a memory ceiling, and asserts what DESIGN.md promises for any input:

* an exit code of DESIGN.md §5 (render 0 or 2, `--check` and lint 0, 1 or 2), never
  an exception escaping, never a traceback, never the bug handler's "internal error";
* no file outside the list changed, and a refused render changed nothing at all;
* a render that succeeds is idempotent (`--check` passes right after), writes no
  control or hidden character and no link that is not http(s) or internal, and keeps
  every README line outside the generated blocks byte for byte (with its ending),
  judged against a full CommonMark parse.

Examples are derandomized and no example database is kept, so every run tries the
same inputs and CI cannot flake. Every list is built by the test itself.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SAMPLE_ENTRIES, TINY_CONFIG, TINY_README, TINY_README_ZH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from wmcurate.cli import app

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MD = MarkdownIt("commonmark")
HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                    "\u2060-\u2064\u2066-\u2069\ufeff]")
#: A marker as README.md documents it: at the start of its line.
MARKER = re.compile(r"^<!--\s*wmcurate:(begin|end)\s+([\w-]+)\s*-->\s*$")
RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})


# -- the harness ----------------------------------------------------------------------------


@contextlib.contextmanager
def memory_ceiling(headroom: int = 1 << 30) -> Iterator[None]:
    """Cap this process's address space at what it uses now plus `headroom` (Linux)."""
    resource = pytest.importorskip("resource")
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        yield
        return
    size = int(re.search(r"VmSize:\s+(\d+) kB", status).group(1)) * 1024  # type: ignore[union-attr]
    old = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = size + headroom
    if old[1] != resource.RLIM_INFINITY:
        ceiling = min(ceiling, old[1])
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, old[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, old)


def invoke(root: Path, *args: str) -> Any:
    with memory_ceiling():
        result = RUNNER.invoke(app, ["--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, repr(result.exception))
    assert "Traceback" not in result.output, (args, result.output)
    assert "internal error" not in result.output, (args, result.output)
    return result


def files(folder: Path, skip: Path | None = None) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and (skip is None or skip not in p.parents)}


@contextlib.contextmanager
def list_beside_others(entries: dict[str, bytes], readme: bytes | None = None
                       ) -> Iterator[tuple[Path, Path]]:
    """(outer folder, list folder): the list holds `entries` ("section/name" -> bytes)."""
    with tempfile.TemporaryDirectory(prefix="wmcurate-fuzz-") as tmp:
        outer = Path(tmp)
        (outer / "secret.txt").write_text("not the list's\n", encoding="utf-8")
        (outer / "papers" / "alpha").mkdir(parents=True)
        (outer / "papers" / "alpha" / "README.md").write_text("outside\n", encoding="utf-8")
        root = outer / "list"
        (root / "entries").mkdir(parents=True)
        (root / "wmcurate.yaml").write_text(TINY_CONFIG, encoding="utf-8")
        (root / "README.md").write_bytes(readme if readme is not None
                                         else TINY_README.encode("utf-8"))
        (root / "README_zh.md").write_text(TINY_README_ZH, encoding="utf-8")
        for where, data in entries.items():
            path = root / "entries" / where
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        yield outer, root


def run_all(outer: Path, root: Path) -> Any:
    """render, render --check and lint, checking what holds for any input; the render."""
    others = files(outer, skip=root)
    before = files(root)

    rendered = invoke(root, "render")
    assert rendered.exit_code in (0, 2), rendered.output
    if rendered.exit_code == 2:
        assert files(root) == before, "a refused render changed the list"
    checked = invoke(root, "render", "--check")
    assert checked.exit_code in (0, 1, 2)
    if rendered.exit_code == 0:
        assert checked.exit_code == 0, checked.output  # rendering twice changes nothing
        for name, data in files(root).items():
            if name.endswith(".md"):
                assert_clean(name, data.decode("utf-8"))
    linted = invoke(root, "lint", "--format", "json")
    assert linted.exit_code in (0, 1, 2)
    assert files(outer, skip=root) == others, "a file outside the list changed"
    return rendered


def assert_clean(name: str, text: str) -> None:
    if not name.startswith("papers/"):
        # A README's prose is the user's; only its generated blocks are ours.
        text = "\n".join(generated_lines(text))
    assert not HIDDEN.search(text), (name, HIDDEN.search(text))
    for token in MD.parse(text):
        for child in token.children or []:
            if child.type == "link_open":
                href = str(child.attrs["href"])
                assert href.lower().startswith(("http://", "https://", "#")) or not re.match(
                    r"^[a-z][a-z0-9+.-]*:|^//", href, re.I), (name, href)


# -- what CommonMark says, independently of render ------------------------------------------


def split_keeping_endings(text: str) -> tuple[list[str], list[str]]:
    parts = re.split(r"(\r\n|\r|\n)", text)
    return parts[0::2], [*parts[1::2], ""]


def real_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(begin, end) line pairs of the real marker blocks, by a full parse (no shortcut)."""
    from wmcurate.markdown import _starts_among

    candidates = [i for i, line in enumerate(lines) if MARKER.match(line)]
    real = _starts_among(lines, candidates, []) or []
    blocks, open_at = [], None
    for i in real:
        kind = MARKER.match(lines[i]).group(1)  # type: ignore[union-attr]
        if kind == "begin":
            open_at = i
        elif open_at is not None:
            blocks.append((open_at, i))
            open_at = None
    return blocks


def outside_blocks(text: str) -> list[str]:
    lines, endings = split_keeping_endings(text)
    inside = {i for begin, end in real_blocks(lines) for i in range(begin + 1, end)}
    return [line + eol for i, (line, eol) in enumerate(zip(lines, endings, strict=True))
            if i not in inside]


def generated_lines(text: str) -> list[str]:
    lines, _ = split_keeping_endings(text)
    return [lines[i] for begin, end in real_blocks(lines) for i in range(begin + 1, end)]


# -- entry files -------------------------------------------------------------------------------

PIECES = st.sampled_from([
    "a", "Title", " ", "\n", "\n\n", "\t", "中文", "。", "\x00", "\x07", "\x1b[2J", "\x1b]0;x\x07",
    "\x7f", "\x85", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\ud7ff", "<script>",
    "</details>", "<!--", "-->", "`", "```", "~~~", "*", "_", "[x](javascript:alert(1))",
    "[[Paper]](https://evil.example)", "|", "#", "1. ", "> ", "- ", "&colon;", "&#0;", "&amp;",
    "\\", "https://example.com/a_b", "javascript:", "data:", ":", "{", "}", "'", '"', "&x", "*x",
    "!!python/object:os.system", "%", "@", "---", "...",
])
TEXT = st.one_of(st.lists(PIECES, max_size=12).map("".join), st.text(max_size=20))
URL = st.one_of(
    st.tuples(st.sampled_from(["https://", "http://", "javascript:", "JaVaScRiPt:", "data:",
                               " javascript:", "java\nscript:", "javascript&colon;", "//",
                               "https:\x00//", "vbscript:", ""]), TEXT).map("".join),
    TEXT,
)
LOCALIZED = st.one_of(TEXT, st.fixed_dictionaries({"en": TEXT}, optional={"zh": TEXT}))
ODD = st.one_of(st.none(), st.integers(), st.booleans(), st.lists(TEXT, max_size=2),
                st.dictionaries(TEXT, TEXT, max_size=2))


def fields(odd: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An entry's fields; `odd` values (wrong types) replace good ones where it is drawn."""
    return st.fixed_dictionaries(
        {"title": st.one_of(TEXT.map(lambda t: t + "T"), odd)},
        optional={
            "arxiv": st.one_of(st.sampled_from(["2301.00001", "2301.00001v2", "hep-th/9901001"]),
                               odd),
            "authors": st.one_of(st.lists(TEXT, max_size=3), odd),
            "venue": st.one_of(TEXT, odd),
            "model": TEXT,
            "links": st.one_of(st.dictionaries(st.sampled_from(["paper", "code", "project",
                                                                "x y", "pdf"]), URL, max_size=4),
                               odd),
            "one_liner": LOCALIZED,
            "innovation": LOCALIZED,
            "abstract": st.one_of(LOCALIZED, odd),
            "key_points": st.one_of(st.lists(TEXT, max_size=3), odd),
            "featured": st.one_of(st.booleans(), odd),
            "also": st.one_of(st.lists(st.sampled_from(["alpha", "beta", "gamma"]), max_size=2),
                              odd),
            "added": st.one_of(st.just("2026-01-01T00:00:00Z"),
                               odd.map(lambda _: "2016-13-45T99:99:99Z")),
            "unknown_field": TEXT,
        },
    )


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any], odds: int = 6
           ) -> st.SearchStrategy[Any]:
    """`good` about `odds` times as often as `bad` (and as the simplest choice)."""
    return st.integers(0, odds).flatmap(lambda n: bad if n == odds else good)


#: Mostly entries that load (their text is what attacks), some with wrong types.
FIELDS = mostly(fields(st.nothing()),
                fields(ODD.filter(lambda v: v is not None) | st.sampled_from(["nope", "../x"])))
RAW_YAML = st.sampled_from([
    "a: &x [1, 2]\nb: *x\n", "title: !!binary aGVsbG8=\n", "title: [unclosed\n", "- a list\n",
    "title: x\ntitle: y\n", "{1: a, true: b}\n", "title: \"\\x00\\u202e\"\n", "\t\ttabs: x\n",
    "title: |\n  block\n   more\n", "", "---\n---\n", "title: *undefined\n",
])


def entry_bytes(fields: dict[str, Any], raw: str, mode: int) -> bytes:
    if mode == 0:
        return yaml.safe_dump(fields, allow_unicode=True).encode("utf-8", "surrogatepass")
    if mode == 1:
        return (yaml.safe_dump(fields, allow_unicode=True) + raw).encode("utf-8",
                                                                         "surrogatepass")
    return raw.encode("utf-8")


ENTRY = st.builds(entry_bytes, FIELDS, RAW_YAML, mostly(st.just(0), st.sampled_from([1, 2])))
GOOD_NAME = st.tuples(st.sampled_from(["alpha", "beta", "gamma"]),
                      st.sampled_from(["2301.00002", "work", "Work-2", "x.y"])).map(
    lambda t: f"{t[0]}/{t[1]}.yaml")
ODD_NAME = st.tuples(st.sampled_from(["alpha", "nope", "."]),
                     st.sampled_from(["2301.00001", ".hidden", "a b", "x"]),
                     st.sampled_from([".yaml", ".yml", ".YAML", ".txt"])).map(
    lambda t: f"{t[0]}/{t[1]}{t[2]}")
NAME = mostly(GOOD_NAME, ODD_NAME)


@FUZZ
@given(st.dictionaries(NAME, ENTRY, max_size=3))
def test_fuzzed_entry_files(entries: dict[str, bytes]) -> None:
    entries = {**{f"{k}.yaml": v.encode("utf-8") for k, v in SAMPLE_ENTRIES.items()}, **entries}
    with list_beside_others(entries) as (outer, root):
        run_all(outer, root)


# -- README marker layouts -------------------------------------------------------------------

REAL = ["<!-- wmcurate:begin toc -->", "<!-- wmcurate:end toc -->",
        "<!-- wmcurate:begin list -->", "<!-- wmcurate:end list -->"]
#: Markdown around the markers: mostly harmless, with documented markers (in code, lists,
#: quotes); sometimes something that breaks the layout (an unclosed fence, a marker twice).
HARMLESS = st.sampled_from([
    "", "", "prose", "# Heading", "## Alpha Methods", "Basics\n===", "- item\n  continued",
    "```\n<!-- wmcurate:begin list -->\n```", "~~~md\n<!-- wmcurate:end toc -->\n~~~",
    "    <!-- wmcurate:begin list -->", "> <!-- wmcurate:end list -->", "<div>\n```\n</div>",
    "- <!-- wmcurate:begin toc -->", "<!-- a comment -->", "<details>\n\n</details>",
    "* **Authors:** x", "\u202e", "中文", "| a | b |",
])
BREAKING = st.sampled_from([
    "```", "```markdown", "~~~", "````",
    "    <!-- wmcurate:begin list -->", "\t<!-- wmcurate:end list -->",
    "  <!-- wmcurate:end toc -->", " <!-- wmcurate:end list -->",
    "- <!-- wmcurate:begin toc -->", "> <!-- wmcurate:end toc -->",
    "  <!-- wmcurate:begin list -->", "<!-- wmcurate:begin list -->", "<!-- wmcurate:end toc -->",
    "<!--   wmcurate:begin   toc -->",
    "- item", "  continued", "<div>", "</div>", "<pre>", "</pre>", "<!-- a comment", "-->",
    "1. one", "<details>", "</details>", "* **Authors:** x", "stale generated line", "===",
    "[ref]: /url 'title", "\x00", "\u202e",
])
NOISE = mostly(HARMLESS, BREAKING, odds=5)


@st.composite
def layouts(draw: st.DrawFn) -> bytes:
    """A README: the real markers in order, noise around and between them, mixed endings."""
    lines: list[str] = []
    for marker in REAL:
        lines += draw(st.lists(NOISE, max_size=4))
        lines.append(marker)
    lines += draw(st.lists(NOISE, max_size=4))
    endings = draw(st.lists(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]),
                            min_size=len(lines), max_size=len(lines)))
    text = "".join(line + eol for line, eol in zip(lines, endings, strict=True))
    return text[:-1].encode("utf-8") if draw(st.booleans()) else text.encode("utf-8")


@FUZZ
@given(layouts())
def test_fuzzed_readme_marker_layouts(readme: bytes) -> None:
    with list_beside_others({f"{k}.yaml": v.encode("utf-8")
                             for k, v in SAMPLE_ENTRIES.items()}, readme) as (outer, root):
        rendered = run_all(outer, root)
        new = (root / "README.md").read_bytes()
        if rendered.exit_code == 0:
            assert outside_blocks(new.decode("utf-8")) == outside_blocks(readme.decode("utf-8"))
        else:
            assert new == readme
