"""Built lists for the render tests, and a link checker for what render writes.

Everything here is built by the tests: a config whose titles carry what GitHub's
heading anchors must cope with (emoji, CJK, punctuation, a title repeated by the
hand-written prose), and synthetic works of realistic shape (abstracts with TeX,
curated texts with inline markdown, DOIs, affiliations, dates, `also`).

The link checker reads every rendered file with markdown-it-py (CommonMark, with
GFM's tables and strikethrough), and computes each file's anchors as GitHub does,
independently of wmcurate's own slug code: a heading's anchor is its text, lower-cased,
with everything but letters, marks, numbers, spaces, hyphens and underscores removed
and spaces turned into hyphens; a repeated anchor gets -1, -2, ...; an HTML element's
`id` is an anchor as written.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from wmcurate.config import Config, load_config
from wmcurate.model import Entry

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
#: The same reader without its inline pass: `scan` parses inline only the blocks that can
#: hold a link or make an anchor (most of a big page is abstracts, without either).
BLOCKS = MarkdownIt("commonmark").enable(["table", "strikethrough"])
BLOCKS.core.ruler.disable(["inline", "text_join"])

CONFIG = """\
# Built by tests/render_lists.py: titles with emoji, CJK, punctuation and a repeat.
languages:
  - {code: en, name: English}
  - {code: zh, name: 中文}
outputs:
  - {path: README.md, language: en}
  - {path: README_zh.md, language: zh}
pages:
  en: papers/{section}/README.md
  zh: papers/{section}/README_zh.md
parts:
  - id: one
    icon: "🔬"
    title: {en: "Part One: Specialized Models", zh: 第一部分：专用模型}
    texts:
      - label: {en: Scope, zh: 范围}
        text: {en: Models of one kind., zh: 一类模型。}
  - id: two
    icon: "🌟"
    title: {en: "The \\"Trinity\\" & Friends", zh: 三位一体}
sections:
  - id: spatial
    part: one
    title: {en: Spatial Consistency, zh: 空间一致性}
    texts:
      - label: {en: Objective, zh: 目标}
        text: {en: Shapes that stay., zh: 形状不变。}
  - id: modality-spatial
    part: one
    title: {en: Modality + Spatial (3D), zh: 模态 + 空间（三维）}
    order: -published
  - id: temporal
    part: two
    title: {en: Temporal Consistency, zh: 时间一致性}
    order: title
  - id: bench
    part: two
    title: {en: "Benchmarks: C++ / Python!", zh: 基准：C++ / Python！}
    order: venue
venues: [CVPR, ICCV, ICML, NeurIPS, arXiv]
links:
  - {key: paper, label: {en: Paper, zh: 论文}}
  - {key: pdf, label: {en: PDF, zh: PDF}}
  - {key: code, label: {en: Code, zh: 代码}}
"""

# "Spatial Consistency" is written by hand above the list block too: the generated
# heading's anchor is then #spatial-consistency-1.
README = """\
# A built list

## Spatial Consistency

Prose that repeats a section's title.

## Contents

<!-- wmcurate:begin toc -->
<!-- wmcurate:end toc -->

## The list

<!-- wmcurate:begin list -->
<!-- wmcurate:end list -->

## After the list

Footer.
"""

README_ZH = README.replace("A built list", "列表").replace("## Contents", "## 目录")

WORDS = ("world", "model", "video", "diffusion", "spatial", "temporal", "consistency",
         "camera", "scene", "token", "transformer", "latent", "physics", "benchmark", "agent",
         "robot", "policy", "multimodal", "language", "geometry", "radiance", "gaussian",
         "splatting", "generation", "reconstruction")
ZH_WORDS = ("世界模型", "视频", "扩散", "空间", "时间", "一致性", "相机", "场景", "物理", "基准")


def write_list(root: Path, config: str = CONFIG, readme: str = README,
               readme_zh: str = README_ZH) -> Config:
    root.mkdir(parents=True, exist_ok=True)
    (root / "wmcurate.yaml").write_text(config, encoding="utf-8")
    (root / "README.md").write_text(readme, encoding="utf-8")
    (root / "README_zh.md").write_text(readme_zh, encoding="utf-8")
    (root / "entries").mkdir(exist_ok=True)
    return load_config(root)


def synthetic_entries(config: Config, size: int, seed: int = 9,
                      featured_every: int = 10, compact: bool = False) -> list[Entry]:
    """`size` works of realistic shape spread over the config's sections; `compact` ones
    have a one-sentence abstract (a big list's test reads less)."""
    rng = random.Random(seed)
    sections = [s.id for s in config.sections]

    def sentence(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    def zh(n: int) -> str:
        return "".join(rng.choice(ZH_WORDS) for _ in range(n)) + "。"

    works = []
    for i in range(size):
        year, month = 2015 + i % 11, 1 + i % 12
        arxiv = f"{year % 100:02d}{month:02d}.{10000 + i:05d}"
        section = sections[i % len(sections)]
        also = [sections[(i + 1) % len(sections)]] if i % 7 == 0 else []
        works.append(Entry(
            key=arxiv,
            section=section,
            path=config.entries_dir / section / f"{arxiv}.yaml",
            title=sentence(8).rstrip("."),
            arxiv=arxiv,
            authors=[f"Author {rng.randint(1, 999)}" for _ in range(rng.randint(1, 6))],
            venue=f"{rng.choice(['CVPR', 'ICCV', 'NeurIPS'])} {year + 1}",
            published=dt.date(year, month, 1 + i % 28),
            affiliations="Lab of Examples" if i % 3 == 0 else None,
            links={"paper": f"https://arxiv.org/abs/{arxiv}",
                   "code": f"https://github.com/lab{i}/repo"},
            one_liner={"en": f"Makes **{rng.choice(WORDS)}** `fast`. {sentence(10)}",
                       "zh": zh(10)},
            innovation={"en": sentence(30), "zh": zh(20)},
            abstract={"en": f"We study $x_{i % 10}^2$ and "
                            + " ".join(sentence(25) for _ in range(1 if compact else 6)),
                      "zh": "".join(zh(25) for _ in range(1 if compact else 12))},
            key_points={"en": [sentence(8) for _ in range(3)], "zh": [zh(6) for _ in range(3)]},
            featured=i % featured_every == 0,
            also=also,
            added=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=i),
            source={"doi": f"10.1000/example.{i}"} if i % 5 == 0 else None,
        ))
    return works


# -- GitHub's anchors, computed here on their own -------------------------------------


def github_anchor(text: str) -> str:
    """The anchor GitHub derives from a heading's rendered text (before de-duplication)."""
    kept = []
    for ch in text.lower():
        category = unicodedata.category(ch)
        if ch in " -_" or category[0] in "LMN":
            kept.append(ch)
    return "".join(kept).replace(" ", "-")


def _inline_text(token: object) -> str:
    """The text a reader sees of an inline token: text, code spans, entities decoded."""
    parts = []
    for child in getattr(token, "children", None) or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
    return "".join(parts)


_ID = re.compile(r"<[A-Za-z][\w-]*\s[^>]*?\bid=\"([^\"]*)\"")


@dataclass
class Scanned:
    """What one rendered file offers (anchors) and asks for (links)."""

    anchors: list[str]
    headings: list[tuple[int, str, str]]  # (level, rendered text, anchor)
    links: list[str]


def _inline(content: str) -> Any:
    return MD.parseInline(content)[0]


def scan(markdown: str) -> Scanned:
    tokens = BLOCKS.parse(markdown)
    anchors: list[str] = []
    headings: list[tuple[int, str, str]] = []
    links: list[str] = []
    seen: dict[str, int] = {}
    for i, token in enumerate(tokens):
        if token.type == "inline" and ("](" in token.content or "<" in token.content) \
                and tokens[i - 1].type != "heading_open":
            token = _inline(token.content)
        if token.type == "heading_open":
            text = _inline_text(_inline(tokens[i + 1].content))
            slug = github_anchor(text)
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            anchors.append(slug if n == 0 else f"{slug}-{n}")
            headings.append((int(token.tag[1:]), text, anchors[-1]))
        elif token.type == "html_block":
            anchors += [html.unescape(found) for found in _ID.findall(token.content)]
        for child in token.children or []:
            if child.type == "html_inline":
                anchors += [html.unescape(found) for found in _ID.findall(child.content)]
            elif child.type == "link_open":
                links.append(str(child.attrs["href"]))
    return Scanned(anchors, headings, links)


_ATX = re.compile(r"^(#{1,6}) (.*)$", re.M)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_LINK = re.compile(r"\]\(([^()\s<>]*)\)")


def quick_scan(markdown: str) -> Scanned:
    """`scan` by patterns, for render's own output only (no fences, no setext headings,
    no `<...>` link destinations, no markdown in headings but escapes and entities): the
    1,000-work test checks that it finds what `scan` finds, so the 10,000-work test can
    read 20 MB in seconds."""
    anchors: list[str] = []
    headings: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for match in _ATX.finditer(markdown):
        text = html.unescape(_ESCAPED.sub(r"\1", match.group(2)))
        slug = github_anchor(text)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.append(slug if n == 0 else f"{slug}-{n}")
        headings.append((len(match.group(1)), text, anchors[-1]))
    anchors += [html.unescape(found) for found in _ID.findall(markdown)]
    links = [_ESCAPED.sub(r"\1", found) for found in _LINK.findall(markdown)]
    return Scanned(anchors, headings, links)


def broken_links(files: Mapping[str, str], others: Iterable[str] = (),
                 quick: bool = False) -> list[str]:
    """Every link of the rendered `files` (path relative to the list -> text) whose target
    file is not among them (nor among `others`) or whose anchor its target lacks; and
    every anchor a file has twice. `quick` reads them with `quick_scan`."""
    reader = quick_scan if quick else scan
    scanned = {name: reader(text) for name, text in files.items()}
    known = set(files) | set(others)
    problems = []
    for name, found in scanned.items():
        counts = Counter(found.anchors)
        doubles = sorted(a for a, n in counts.items() if n > 1)
        problems += [f"{name}: anchor #{a} twice" for a in doubles]
        for href in found.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            if parts.scheme:
                problems.append(f"{name}: {href}: not a web or relative link")
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name),
                                                       unquote(parts.path))) \
                if parts.path else name
            if target not in known:
                problems.append(f"{name}: {href}: no such file {target}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and (target not in scanned or fragment not in scanned[target].anchors):
                problems.append(f"{name}: {href}: no anchor #{fragment} in {target}")
    return problems


def rendered(root: Path) -> dict[str, str]:
    """Every markdown file under `root` but the entries, by path relative to it."""
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.md")) if "entries" not in p.parts}
