"""`wmcurate lint`: every rule fires on a small broken entry and stays quiet on a good one.

`CASES` holds, for every code in `lint.RULES`, a broken list (with the exact findings it
must produce: code, severity, file, line:col, message, fixable) and a good list that must
lint clean. `test_every_rule_has_a_case` fails as soon as a rule is registered without one.

The helpers at the top (a tiny-list factory and a CLI runner) are shared with
test_lint_cli.py and test_lint_seed.py; they depend on nothing in conftest.py.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest
from typer.testing import CliRunner, Result

from wmcurate import lint
from wmcurate.cli import app
from wmcurate.lint.rules.text import repair_mojibake
from wmcurate.lint.rules.venue import closest_venue

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:  # for arxiv_server, whatever pytest's import mode
    sys.path.insert(0, str(TESTS))

from arxiv_server import FakeArxiv  # noqa: E402
from links_servers import links_lint_env  # noqa: E402
from s2_server import FakeS2  # noqa: E402

FIXTURES = TESTS / "fixtures" / "lint"
#: A frozen copy of the shipped wmcurate.yaml: the world-model list's sections, venues, labels.
CONFIG = (FIXTURES / "wmcurate.yaml").read_text(encoding="utf-8")

README = """\
# A list

Hand-written prose.

<!-- wmcurate:begin toc -->
<!-- wmcurate:end toc -->

<!-- wmcurate:begin list -->
<!-- wmcurate:end list -->
"""


# -- a tiny-list factory and the CLI ----------------------------------------------------------
def make_list(
    root: Path,
    files: Mapping[str, str],
    *,
    config: str = CONFIG,
    readme: str | None = README,
) -> Path:
    """A list folder at `root`: wmcurate.yaml, both READMEs (with markers) and `files`.

    `files` maps a path relative to the root ("entries/<section>/<key>.yaml") to its text.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "wmcurate.yaml").write_text(config, encoding="utf-8")
    if readme is not None:
        (root / "README.md").write_text(readme, encoding="utf-8")
        (root / "README_zh.md").write_text(readme, encoding="utf-8")
    (root / "entries").mkdir(exist_ok=True)
    write_files(root, files)
    return root


def write_files(root: Path, files: Mapping[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def cli(root: Path | None, *args: str, env: Mapping[str, str] | None = None) -> Result:
    """Run `wmcurate [--root ROOT] ARGS...` in-process, wide and without colour."""
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", **(env or {})})
    prefix = ["--root", str(root)] if root is not None else []
    return runner.invoke(app, [*prefix, *args], catch_exceptions=False)


def lint_json(
    root: Path, *args: str, env: Mapping[str, str] | None = None
) -> tuple[int, list[dict[str, Any]]]:
    result = cli(root, "lint", "--format", "json", *args, env=env)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def render(root: Path) -> None:
    result = cli(root, "render")
    assert result.exit_code == 0, result.output


@contextmanager
def fake_arxiv(papers: Sequence[Mapping[str, Any]] = (),
               s2_records: Sequence[Mapping[str, Any]] = ()) -> Iterator[dict[str, str]]:
    """A fake arXiv knowing only `papers` (FakeArxiv.add_paper kwargs), and a fake Semantic
    Scholar knowing only `s2_records` (s2_server.paper_record); yields the CLI env."""
    with FakeArxiv.running(entries={}) as server, FakeS2.running() as s2, \
            tempfile.TemporaryDirectory() as cache:
        for paper in papers:
            server.add_paper(**paper)
        for record in s2_records:
            s2.add(record)
        yield {
            "WMCURATE_ARXIV_API": server.url,
            "WMCURATE_ARXIV_INTERVAL": "0.01",
            "WMCURATE_S2_API": s2.url,
            "WMCURATE_S2_INTERVAL": "0.01",
            "WMCURATE_CACHE_DIR": cache,
        }


# -- the entries ------------------------------------------------------------------------------
P = "entries/modality-spatial/2303.11328.yaml"
GOOD = """\
arxiv: "2303.11328"
title: "Zero-1-to-3: Zero-shot One Image to 3D Object"
authors: [Ruoshi Liu, Rundi Wu, Basile Van Hoorick]
venue: ICCV 2023
links:
  paper: https://arxiv.org/abs/2303.11328
  pdf: https://arxiv.org/pdf/2303.11328
  code: https://github.com/cvlab-columbia/zero123
one_liner: {en: Novel views of an object from one image., zh: 从单张图像生成物体的新视角。}
innovation: {en: Viewpoint-conditioned diffusion., zh: 视角条件扩散。}
abstract: {en: We turn an object in one image., zh: 我们旋转图中的物体。}
key_points: {en: [Relative camera pose conditioning], zh: [相对相机位姿条件]}
featured: true
added: 2026-01-01T00:00:00Z
"""

GAIA_P = "entries/embodied/2311.07541.yaml"
GAIA = """\
arxiv: "2311.07541"
title: "GAIA-1: A Generative World Model for Autonomous Driving"
authors: [Anthony Hu, Lloyd Russell, Hudson Yeo]
venue: arXiv 2023
links:
  paper: https://arxiv.org/abs/2311.07541
  pdf: https://arxiv.org/pdf/2311.07541
one_liner: {en: A generative world model for driving., zh: 面向自动驾驶的生成式世界模型。}
innovation: {en: "Video, text and action tokens in one model.", zh: 统一视频、文本与动作标记。}
abstract: {en: GAIA-1 generates driving scenes., zh: GAIA-1 生成驾驶场景。}
key_points: {en: [World model for driving], zh: [驾驶世界模型]}
added: 2026-01-02T00:00:00Z
"""

#: An entry using every field the schema knows.
FULL = """\
# Every field, in the canonical order.
arxiv: "2303.11328"
title: "Zero-1-to-3: Zero-shot One Image to 3D Object"
authors: [Ruoshi Liu, Rundi Wu, Basile Van Hoorick]
venue: ICCV 2023
published: 2023-03-20
model: Zero123
affiliations: Columbia University, Toyota Research Institute
links:
  paper: https://arxiv.org/abs/2303.11328
  pdf: https://arxiv.org/pdf/2303.11328
  code: https://github.com/cvlab-columbia/zero123
  project: https://zero123.cs.columbia.edu/
one_liner: {en: Novel views of an object from one image., zh: 从单张图像生成物体的新视角。}
innovation: {en: Viewpoint-conditioned diffusion., zh: 视角条件扩散。}
abstract: {en: We turn an object in one image., zh: 我们旋转图中的物体。}
key_points:
  en: [Relative camera pose conditioning, Zero-shot generalisation]
  zh: [相对相机位姿条件, 零样本泛化]
featured: true
also: [spatial]
added: 2026-01-01T00:00:00Z
source:
  version: 2
  updated: 2023-03-21
  primary_category: cs.CV
  comment: "ICCV 2023. Project page: https://zero123.cs.columbia.edu/"
  journal_ref: null
  doi: null
"""

PRODUCT_P = "entries/text-to-world/openai-sora.yaml"
PRODUCT = """\
title: OpenAI Sora
authors: [OpenAI Research Team]
venue: 2024 (open release)
links:
  product: https://openai.com/sora
one_liner: {en: Text-to-video generation at minute length., zh: 分钟级的文本生成视频。}
innovation: {en: Diffusion over spacetime patches., zh: 基于时空补丁的扩散 Transformer。}
abstract: {en: Sora makes minute-long videos from text., zh: Sora 根据文本生成一分钟视频。}
key_points: {en: [Spacetime patches], zh: [时空补丁]}
added: 2026-01-03T00:00:00Z
"""

OLD_STYLE_P = "entries/spatial/hep-th_9901001.yaml"
OLD_STYLE = """\
arxiv: "hep-th/9901001"
title: "An Old-Style Paper About Strings"
authors: [Ada Lovelace]
venue: arXiv 1999
links:
  paper: https://arxiv.org/abs/hep-th/9901001
  pdf: https://arxiv.org/pdf/hep-th/9901001
one_liner: {en: An old paper with an old-style ID., zh: 一篇使用旧式编号的早期论文。}
innovation: {en: Strings in one dimension more., zh: 在更高一维中研究弦。}
abstract: {en: We study strings in one more dimension., zh: 我们在更高一维中研究弦。}
key_points: {en: [Old-style identifiers], zh: [旧式编号]}
added: 2026-01-04T00:00:00Z
"""

LONG_ABSTRACT = (
    '"We introduce Zero-1-to-3, a framework for changing the camera viewpoint of an '
    'object given just a single RGB image."'
)
ZERO123_ABSTRACT = "We turn an object in one image."
GAIA_ABSTRACT = "GAIA-1 generates driving scenes."
ABSTRACT_LINE = f"abstract: {{en: {ZERO123_ABSTRACT}, zh: 我们旋转图中的物体。}}"


def edit(text: str, old: str, new: str) -> str:
    """`text` with `old` (which must be there, once) replaced by `new`."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def good(text: str = GOOD, **more: str) -> dict[str, str]:
    return {P: text, **more}


# -- the cases --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Expect:
    file: str
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class Case:
    bad: dict[str, str]
    expect: tuple[Expect, ...]
    severity: Literal["error", "warning"]
    fixable: bool
    good: dict[str, str]
    #: Other codes that fire on the broken list as well (the broken entry cannot avoid them).
    also: frozenset[str] = frozenset()
    #: entry: lint the broken list; stale: render the good list, then write the broken files;
    #: online: lint --online against a fake arXiv knowing `papers` (`good_papers` when quiet);
    #: links: lint --online in git with the entries uncommitted, links to local hosts
    #: (links_servers.standard_web).
    kind: Literal["entry", "stale", "online", "links"] = "entry"
    papers: tuple[dict[str, Any], ...] = ()
    good_papers: tuple[dict[str, Any], ...] = ()
    xfail: str | None = None


def at(line: int, column: int, message: str, file: str = P) -> tuple[Expect, ...]:
    return (Expect(file, line, column, message),)


ZERO123_ON_ARXIV = {
    "arxiv_id": "2303.11328",
    "title": "Zero-1-to-3: Zero-shot One Image to 3D Object",
    "authors": ("Ruoshi Liu", "Rundi Wu", "Basile Van Hoorick"),
}

CASES: dict[str, Case] = {
    # -- schema
    "WMC100": Case(
        bad=good(edit(GOOD, "venue: ICCV 2023", "venue: ICCV: 2023")),
        expect=at(4, 12, "invalid YAML: mapping values are not allowed in this context"),
        severity="error",
        fixable=False,
        good=good(),
    ),
    "WMC101": Case(
        bad=good(edit(GOOD, "authors: [Ruoshi Liu, Rundi Wu, Basile Van Hoorick]\n", "")),
        expect=at(1, 1, "missing field 'authors': add it"),
        severity="error",
        fixable=False,
        # A work without an arXiv paper needs no links.paper.
        good={PRODUCT_P: PRODUCT},
    ),
    "WMC102": Case(
        bad=good(
            edit(
                GOOD,
                "one_liner: {en: Novel views of an object from one image., "
                "zh: 从单张图像生成物体的新视角。}",
                'one_liner: {en: "", zh: ""}',
            )
        ),
        expect=at(9, 12, "curated text 'one_liner' is empty: fill it in"),
        severity="error",
        fixable=False,
        # One plain string stands for every language.
        good=good(
            edit(
                GOOD,
                "one_liner: {en: Novel views of an object from one image., "
                "zh: 从单张图像生成物体的新视角。}",
                "one_liner: Zero-1-to-3",
            )
        ),
    ),
    "WMC103": Case(
        bad=good(edit(GOOD, "authors:", "autors:")),
        # Positions point at a field's value (entries.locate), here the misspelt field's.
        expect=at(3, 9, "unknown field 'autors': did you mean 'authors'?"),
        severity="error",
        fixable=False,
        also=frozenset({"WMC101"}),
        good=good(FULL),
    ),
    "WMC210": Case(
        bad=good(**{"entries/spatial/2303.11328.yaml": GOOD}),
        expect=at(
            1,
            1,
            "key '2303.11328' is also used by entries/modality-spatial/2303.11328.yaml: "
            "keep one file and list the work in other sections with `also`",
            file="entries/spatial/2303.11328.yaml",
        ),
        severity="error",
        fixable=False,
        good=good(),
    ),
    "WMC211": Case(
        bad={"entries/modality-spatial/zero 1 to 3.yaml": GOOD},
        expect=at(
            1,
            1,
            "file name 'zero 1 to 3.yaml' is not a valid key (letters, digits, '.', '_' and '-')",
            file="entries/modality-spatial/zero 1 to 3.yaml",
        ),
        severity="error",
        fixable=False,
        good=good(),
    ),
    "WMC603": Case(
        bad={"entries/nowhere/2303.11328.yaml": GOOD},
        expect=at(
            1,
            1,
            "folder 'nowhere' is not a section of the list; move the file to one "
            "of: benchmarks, embodied, modality, modality-spatial, modality-temporal, spatial, "
            "spatial-temporal, temporal, text-to-world",
            file="entries/nowhere/2303.11328.yaml",
        ),
        severity="error",
        fixable=False,
        good=good(),
    ),
    "WMC406": Case(
        bad=good(
            edit(
                GOOD,
                "zh: 从单张图像生成物体的新视角。}",
                "zh: 从单张图像生成物体的新视角。, fr: Vues nouvelles.}",
            )
        ),
        expect=at(
            9, 83, "'one_liner' has a text in 'fr', which is not a language of the list (en, zh)"
        ),
        severity="error",
        fixable=False,
        good=good(),
    ),
    "WMC104": Case(
        bad=good(edit(GOOD, "authors: [Ruoshi Liu, Rundi Wu, Basile Van Hoorick]", "authors: 5")),
        expect=at(3, 10, "authors: expected a list of strings, got a number"),
        severity="error",
        fixable=False,
        good=good(FULL),
    ),
    "WMC105": Case(
        bad=good(
            edit(
                GOOD,
                "  pdf: https://arxiv.org/pdf/2303.11328\n",
                "  pdf: &pdf https://arxiv.org/pdf/2303.11328\n  mirror: *pdf\n",
            )
        ),
        expect=at(
            7,
            8,
            "anchor &pdf: anchors and aliases are not allowed in entry files; "
            "write the value out where it is used",
        ),
        severity="error",
        fixable=False,
        good=good(),
    ),
    # -- identity
    "WMC201": Case(
        bad=good(edit(GOOD, 'arxiv: "2303.11328"', 'arxiv: "2303.1132"')),
        expect=at(1, 8, "'2303.1132' is not an arXiv ID (e.g. 2303.11328)"),
        severity="error",
        fixable=False,
        good={OLD_STYLE_P: OLD_STYLE},
    ),
    "WMC202": Case(
        bad=good(edit(GOOD, 'arxiv: "2303.11328"', 'arxiv: "2303.11328v2"')),
        expect=at(1, 8, "drop the version: write '2303.11328'"),
        severity="error",
        fixable=True,
        good={OLD_STYLE_P: OLD_STYLE},
    ),
    "WMC203": Case(
        bad={"entries/modality-spatial/2303.11329.yaml": GOOD},
        expect=at(
            1,
            8,
            "file name '2303.11329.yaml' does not match arXiv ID 2303.11328: "
            "rename it to '2303.11328.yaml'",
            "entries/modality-spatial/2303.11329.yaml",
        ),
        severity="error",
        fixable=False,
        good={OLD_STYLE_P: OLD_STYLE},
    ),
    "WMC204": Case(
        bad=good(
            edit(
                GOOD,
                "paper: https://arxiv.org/abs/2303.11328",
                "paper: https://arxiv.org/abs/2309.17080",
            )
        ),
        expect=at(
            6,
            10,
            "links.paper points at arXiv 2309.17080, but the entry's arXiv ID is "
            "2303.11328: one of them is wrong",
        ),
        severity="error",
        fixable=False,
        good=good(),
    ),
    "WMC205": Case(
        bad=good(
            edit(
                GOOD,
                "paper: https://arxiv.org/abs/2303.11328",
                "paper: https://arxiv.org/abs/2303.11328.pdf",
            )
        ),
        expect=at(
            6,
            10,
            "links.paper 'https://arxiv.org/abs/2303.11328.pdf' is not an arXiv "
            "page: use 'https://arxiv.org/abs/2303.11328'",
        ),
        severity="error",
        fixable=True,
        good={OLD_STYLE_P: OLD_STYLE},
    ),
    "WMC206": Case(
        bad=good(
            **{
                "entries/spatial/zero123.yaml": edit(
                    GOOD, 'title: "Zero-1-to-3:', 'title: "Zero123 (again):'
                )
            }
        ),
        expect=at(
            1,
            8,
            "arXiv 2303.11328 is also in entries/modality-spatial/2303.11328.yaml: "
            "keep one entry and use `also` for other sections",
            "entries/spatial/zero123.yaml",
        ),
        severity="error",
        fixable=False,
        also=frozenset({"WMC203"}),
        good=good(**{GAIA_P: GAIA}),
    ),
    "WMC207": Case(
        bad=good(
            **{
                GAIA_P: edit(
                    GAIA,
                    '"GAIA-1: A Generative World Model for Autonomous Driving"',
                    '"zero-1-to-3 - zero shot one image to 3D object"',
                )
            }
        ),
        expect=at(2, 8, "same title as entries/embodied/2311.07541.yaml: merge them"),
        severity="error",
        fixable=False,
        good=good(
            **{
                GAIA_P: edit(
                    GAIA,
                    '"GAIA-1: A Generative World Model for Autonomous Driving"',
                    '"Zero-1-to-3 for Driving"',
                )
            }
        ),
    ),
    "WMC208": Case(
        bad=good(
            edit(
                GOOD,
                "pdf: https://arxiv.org/pdf/2303.11328",
                "pdf: http://arXiv.org/pdf/2303.11328v1.pdf",
            )
        ),
        expect=at(7, 8, "write links.pdf as 'https://arxiv.org/pdf/2303.11328'"),
        severity="warning",
        fixable=True,
        good={OLD_STYLE_P: OLD_STYLE},
    ),
    "WMC209": Case(
        bad=good(
            edit(GOOD, ZERO123_ABSTRACT, LONG_ABSTRACT),
            **{GAIA_P: edit(GAIA, GAIA_ABSTRACT, LONG_ABSTRACT)},
        ),
        # Neither entry was written from arXiv: both are named, neither is blamed.
        expect=(
            Expect(
                GAIA_P,
                10,
                16,
                "same abstract as entries/modality-spatial/2303.11328.yaml: one of them has "
                "another paper's abstract, and nothing says which; check each against its paper",
            ),
            Expect(
                P,
                11,
                16,
                "same abstract as entries/embodied/2311.07541.yaml: one of them has another "
                "paper's abstract, and nothing says which; check each against its paper",
            ),
        ),
        severity="warning",
        fixable=False,
        good=good(edit(GOOD, ZERO123_ABSTRACT, LONG_ABSTRACT), **{GAIA_P: GAIA}),
    ),
    # -- venue
    "WMC301": Case(
        bad=good(edit(GOOD, "venue: ICCV 2023", "venue: ICRL 2023")),
        expect=at(
            4,
            8,
            "unknown venue 'ICRL 2023': did you mean 'ICLR 2023'? (neither in venues: in "
            "wmcurate.yaml nor a venue wmcurate knows; if it is real, add it to venues)",
        ),
        severity="error",
        fixable=False,
        good=good(
            edit(GOOD, "venue: ICCV 2023", "venue: ICLR 2023 (Oral)"), **{PRODUCT_P: PRODUCT}
        ),
    ),
    "WMC302": Case(
        bad=good(edit(GOOD, "venue: ICCV 2023", "venue: SIGGRAPH-ASIA 2024")),
        expect=at(4, 8, "write the venue 'SIGGRAPH-ASIA 2024' as 'SIGGRAPH Asia 2024'"),
        severity="warning",
        fixable=True,
        good=good(edit(GOOD, "venue: ICCV 2023", "venue: SIGGRAPH Asia 2024")),
    ),
    "WMC303": Case(
        bad=good(edit(GOOD, "venue: ICCV 2023", "venue: ICCV")),
        expect=at(4, 8, "venue 'ICCV' has no year: write '<NAME> <YEAR>'"),
        severity="error",
        fixable=False,
        good=good(edit(GOOD, "venue: ICCV 2023", "venue: arXiv 2023")),
    ),
    "WMC304": Case(
        bad=good(edit(GOOD, "venue: ICCV 2023", "venue: ICCV 2022")),
        expect=at(
            4,
            8,
            "venue 'ICCV 2022' is dated 2022, before the year of its arXiv ID 2303.11328 "
            "(2023): check the year (a paper posted to arXiv after it was published is fine)",
        ),
        severity="warning",
        fixable=False,
        good=good(edit(GOOD, "venue: ICCV 2023", "venue: CVPR 2024")),
    ),
    "WMC305": Case(
        bad=good(edit(GOOD, "venue: ICCV 2023", "venue: arxiv (20 Mar 2023)")),
        expect=at(4, 8, "preprint venue 'arxiv (20 Mar 2023)': write it as 'arXiv 2023'"),
        severity="warning",
        fixable=True,
        good=good(edit(GOOD, "venue: ICCV 2023", "venue: arXiv 2023")),
    ),
    "WMC306": Case(
        bad=good(edit(GOOD, "venue: ICCV 2023", "venue: ICME 2024")),
        expect=at(
            4,
            8,
            "venue 'ICME 2024' is IEEE International Conference on Multimedia and Expo, a real "
            "venue missing from this list's vocabulary: add it to venues in wmcurate.yaml",
        ),
        severity="warning",
        fixable=False,
        good=good(edit(GOOD, "venue: ICCV 2023", "venue: ICML 2024")),
    ),
    # -- text
    "WMC401": Case(
        bad=good(edit(GOOD, "[Ruoshi Liu,", "[Bj枚rn Ommer,")),
        expect=at(
            3, 11, "mis-decoded text in authors[0]: 'Bj枚rn Ommer' should read 'Björn Ommer'"
        ),
        severity="error",
        fixable=True,
        good=good(edit(GOOD, "[Ruoshi Liu,", "[Björn Ommer, José Lezama, Jérôme Revaud,")),
    ),
    "WMC402": Case(
        bad=good(edit(GOOD, 'Object"', 'Object &#34;Zero123&#34;"')),
        expect=at(2, 8, "HTML entity in title: write the character itself"),
        severity="error",
        fixable=True,
        good=good(
            edit(
                GOOD,
                "Viewpoint-conditioned diffusion.",
                '"Viewpoint & camera conditioning; R&D at scale."',
            )
        ),
    ),
    "WMC403": Case(
        bad=good(edit(GOOD, 'title: "Zero-1-to-3: Zero-shot', 'title: " Zero-1-to-3:  Zero-shot')),
        expect=at(2, 8, "stray whitespace in title"),
        severity="error",
        fixable=True,
        # Paragraphs of a multi-paragraph text, as `add` writes them.
        good=good(
            edit(
                GOOD,
                ABSTRACT_LINE,
                f"abstract:\n  en: |-\n    {ZERO123_ABSTRACT}\n\n    Second paragraph.\n"
                "  zh: 我们旋转图中的物体。",
            )
        ),
    ),
    "WMC404": Case(
        bad=good(edit(GOOD, ", zh: 从单张图像生成物体的新视角。}", "}")),
        expect=at(9, 12, "'one_liner' has no zh text: add the translation"),
        severity="warning",
        fixable=False,
        good=good(
            edit(
                GOOD,
                "one_liner: {en: Novel views of an object from one image., "
                "zh: 从单张图像生成物体的新视角。}",
                "one_liner: Zero-1-to-3",
            )
        ),
    ),
    "WMC405": Case(
        bad=good(
            edit(
                GOOD,
                "zh: 从单张图像生成物体的新视角。}",
                'zh: "Novel views of an object, seen from one image."}',
            )
        ),
        expect=at(9, 63, "one_liner.zh has no Chinese characters: is it the English text?"),
        severity="warning",
        fixable=False,
        good=good(
            edit(
                GOOD,
                "zh: 从单张图像生成物体的新视角。}",
                "zh: 基于 Stable Diffusion 的 Zero-1-to-3 新视角生成。}",
            )
        ),
    ),
    "WMC407": Case(
        bad=good(
            edit(
                GOOD,
                "one_liner: {en: Novel views of an object from one image., "
                "zh: 从单张图像生成物体的新视角。}",
                "one_liner: Novel views of an object from one image.",
            )
        ),
        expect=at(
            9,
            12,
            "'one_liner' is one plain string in Latin script, shown as it is to zh readers: "
            "write it as {en: ..., zh: ...} with the translation",
        ),
        severity="warning",
        fixable=False,
        # A name or a formula is the same in every language.
        good=good(
            edit(
                edit(
                    GOOD,
                    "one_liner: {en: Novel views of an object from one image., "
                    "zh: 从单张图像生成物体的新视角。}",
                    "one_liner: Zero-1-to-3 (Zero123)",
                ),
                "innovation: {en: Viewpoint-conditioned diffusion., zh: 视角条件扩散。}",
                'innovation: "p(x | R, T) = f(x, R, T)"',
            )
        ),
    ),
    "WMC408": Case(
        bad=good(edit(GOOD, 'title: "Zero-1-to-3:', 'title: "Zero-1-to-3:\\u202e')),
        expect=at(
            2,
            8,
            "title 'Zero-1-to-3:\\u202e Zero-shot One Image to 3D Object' holds a bidi "
            "override (1 hidden character): remove it",
        ),
        severity="error",
        fixable=True,
        # A right-to-left mark in Hebrew prose, a joiner inside an emoji sequence.
        good=good(
            edit(
                edit(GOOD, "featured: true", 'affiliations: "האוניברסיטה העברית\\u200f, Columbia"\n'
                     "featured: true"),
                "innovation: {en: Viewpoint-conditioned diffusion.",
                'innovation: {en: "Viewpoint-conditioned diffusion \\U0001F469\\u200d\\U0001F52C."',
            )
        ),
    ),
    # -- links
    "WMC501": Case(
        bad=good(edit(GOOD, "code: https://github.com/cvlab-columbia/zero123", 'code: ""')),
        expect=at(8, 9, "links.code is empty: add the URL or remove it"),
        severity="error",
        fixable=False,
        good=good(FULL),
    ),
    "WMC502": Case(
        bad=good(
            edit(
                GOOD,
                "code: https://github.com/cvlab-columbia/zero123",
                "code: github.com/cvlab-columbia/zero123",
            )
        ),
        expect=at(8, 9, "links.code 'github.com/cvlab-columbia/zero123' is not an http(s) URL"),
        severity="error",
        fixable=False,
        good=good(
            edit(
                GOOD,
                "code: https://github.com/cvlab-columbia/zero123",
                "code: http://github.com/cvlab-columbia/zero123",
            )
        ),
    ),
    "WMC503": Case(
        bad=good(
            edit(
                GOOD,
                "code: https://github.com/cvlab-columbia/zero123",
                'code: "https://github.com/cvlab-columbia/zero123 /tree/main"',
            )
        ),
        expect=at(8, 9, "links.code contains whitespace"),
        severity="error",
        fixable=False,
        good=good(
            edit(
                GOOD,
                "code: https://github.com/cvlab-columbia/zero123",
                "code: https://github.com/cvlab-columbia/zero123/tree/main",
            )
        ),
    ),
    "WMC504": Case(
        bad=good(
            edit(
                GOOD,
                "code: https://github.com/cvlab-columbia/zero123",
                "code: https://github.com/cvlab-columbia",
            )
        ),
        expect=at(
            8,
            9,
            "links.code 'https://github.com/cvlab-columbia' is not a repository: "
            "link github.com/<owner>/<repo>",
        ),
        severity="error",
        fixable=False,
        good=good(
            edit(
                GOOD,
                "code: https://github.com/cvlab-columbia/zero123",
                "code: https://huggingface.co/spaces/cvlab/zero123-live",
            )
        ),
    ),
    "WMC505": Case(
        bad=good(
            edit(
                GOOD,
                "  code: https://github.com/cvlab-columbia/zero123\n",
                "  code: https://github.com/cvlab-columbia/zero123\n"
                "  project: https://github.com/cvlab-columbia/zero123/\n",
            )
        ),
        expect=at(9, 12, "links.project is the same URL as links.code: remove one"),
        severity="warning",
        fixable=False,
        good=good(FULL),
    ),
    "WMC506": Case(
        bad=good(edit(GOOD, "  code: https://github", "  cod: https://github")),
        expect=at(8, 8, "unknown link label 'cod': did you mean 'code'?"),
        severity="error",
        fixable=False,
        good=good(
            edit(
                GOOD,
                "  code: https://github.com/cvlab-columbia/zero123\n",
                "  code: https://github.com/cvlab-columbia/zero123\n"
                "  project: https://zero123.cs.columbia.edu/\n"
                "  model: https://huggingface.co/cvlab/zero123-weights\n"
                "  demo: https://huggingface.co/spaces/cvlab/zero123-live\n"
                "  video: https://www.youtube.com/watch?v=zero123\n",
            )
        ),
    ),
    # -- sections
    "WMC601": Case(
        bad=good(edit(GOOD, "featured: true\n", "featured: true\nalso: [spatail]\n")),
        expect=at(14, 8, "unknown section 'spatail' in also: did you mean 'spatial'?"),
        severity="error",
        fixable=False,
        good=good(edit(GOOD, "featured: true\n", "featured: true\nalso: [spatial, benchmarks]\n")),
    ),
    "WMC602": Case(
        bad=good(
            edit(GOOD, "featured: true\n", "featured: true\nalso: [spatial, modality-spatial]\n")
        ),
        expect=at(
            14,
            17,
            "'modality-spatial' is the home section (the entry's folder): remove it from also",
        ),
        severity="warning",
        fixable=True,
        good=good(edit(GOOD, "featured: true\n", "featured: true\nalso: [spatial, modality]\n")),
    ),
    # -- list
    "WMC702": Case(
        # Hand-written prose that fills the README's budget: no featured work fits.
        bad={**good(), "README.md": README.replace(
            "Hand-written prose.\n", "A long history of the list.\n" * 14_800)},
        expect=at(13, 11, "featured, but README.md has no room to show it in full: within "
                  "the size budget (400 KB) each section shows none of its featured works; "
                  "feature fewer works of 'modality-spatial', or raise max_file_kb"),
        severity="warning",
        fixable=False,
        good=good(),
    ),
    "WMC701": Case(
        kind="stale",
        bad=good(edit(GOOD, "Novel views of an object", "New views of an object")),
        expect=(
            Expect("README.md", 1, 1, "out of date: run `wmcurate render`"),
            Expect("papers/modality-spatial/README.md", 1, 1, "out of date: run `wmcurate render`"),
        ),
        severity="error",
        fixable=False,
        good=good(),
    ),
    # -- online
    "WMC801": Case(
        kind="online",
        bad=good(),
        papers=({**ZERO123_ON_ARXIV, "title": "Zero-1-to-3: Zero-shot One Image to 3D Objects"},),
        expect=at(
            2,
            8,
            "title differs from arXiv: 'Zero-1-to-3: Zero-shot One Image to 3D "
            "Objects' (`wmcurate add --force` refreshes it)",
        ),
        severity="warning",
        fixable=False,
        good=good(),
        # Case, punctuation and spacing are not drift.
        good_papers=(
            {**ZERO123_ON_ARXIV, "title": "Zero-1-to-3:  zero-shot one image to 3D object"},
        ),
    ),
    "WMC802": Case(
        kind="online",
        bad=good(),
        papers=(),
        expect=at(
            1,
            8,
            "arXiv does not know 2303.11328 (any more): check the ID, or whether "
            "the paper was removed",
        ),
        severity="warning",
        fixable=False,
        good=good(),
        good_papers=(ZERO123_ON_ARXIV,),
    ),
    "WMC803": Case(
        kind="online",
        bad=good(edit(GOOD, "venue: ICCV 2023", "venue: arXiv 2023")),
        papers=({**ZERO123_ON_ARXIV, "comment": "ICCV 2023. Project page: "
                 "https://zero123.cs.columbia.edu/"},),
        expect=at(
            4,
            8,
            "venue 'arXiv 2023': arXiv now says ICCV 2023 (arXiv comment: \"ICCV 2023.\"); "
            "`wmcurate refresh --write` updates it",
        ),
        severity="warning",
        fixable=False,
        # arXiv names no venue (and Semantic Scholar knows nothing): still a preprint.
        good=good(edit(GOOD, "venue: ICCV 2023", "venue: arXiv 2023")),
        good_papers=({**ZERO123_ON_ARXIV, "comment": "Submitted to ICCV 2023"},),
    ),
    # -- links of changed entries (lint --online in git; the hosts are local)
    "WMC810": Case(
        kind="links",
        bad={PRODUCT_P: edit(PRODUCT, "https://openai.com/sora", "http://links.test/dead")},
        expect=at(5, 12, "links.product http://links.test/dead: not found (HTTP 404)",
                  PRODUCT_P),
        severity="error",
        fixable=False,
        good={PRODUCT_P: edit(PRODUCT, "https://openai.com/sora", "http://links.test/ok")},
    ),
    "WMC811": Case(
        kind="links",
        bad={PRODUCT_P: edit(PRODUCT, "https://openai.com/sora", "http://links.test/moved")},
        expect=at(5, 12, "links.product http://links.test/moved: permanently redirects to "
                  "http://links.test/ok (`wmcurate links --write` updates it)", PRODUCT_P),
        severity="warning",
        fixable=False,
        good={PRODUCT_P: edit(PRODUCT, "https://openai.com/sora", "http://links.test/ok")},
    ),
    "WMC812": Case(
        kind="links",
        bad={PRODUCT_P: edit(PRODUCT, "https://openai.com/sora", "http://links.test/forbidden")},
        expect=at(5, 12, "links.product http://links.test/forbidden: the server refused the "
                  "check (HTTP 403): often bot protection, not a dead link; check it in a "
                  "browser", PRODUCT_P),
        severity="warning",
        fixable=False,
        good={PRODUCT_P: edit(PRODUCT, "https://openai.com/sora", "http://links.test/ok")},
    ),
    "WMC813": Case(
        kind="links",
        bad={PRODUCT_P: edit(PRODUCT, "product: https://openai.com/sora",
                             "code: http://github.com/owner/archived-tool")},
        expect=at(5, 9, "links.code http://github.com/owner/archived-tool: the GitHub "
                  "repository is archived (read-only, no longer maintained): say so in the "
                  "entry, or link a maintained fork", PRODUCT_P),
        severity="warning",
        fixable=False,
        good={PRODUCT_P: edit(PRODUCT, "product: https://openai.com/sora",
                              "code: http://github.com/owner/tool")},
    ),
}


def _params() -> list[Any]:
    return [
        pytest.param(
            code,
            CASES[code],
            id=code,
            marks=[pytest.mark.xfail(strict=True, reason=CASES[code].xfail)]
            if CASES[code].xfail
            else [],
        )
        for code in sorted(CASES)
    ]


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == set(lint.RULES)


def test_rules_are_registered_with_complete_metadata() -> None:
    for code, item in lint.RULES.items():
        assert item.code == code
        assert code[:3] == "WMC" and code[3:].isdigit() and 100 <= int(code[3:]) <= 899
        assert item.severity in ("error", "warning")
        assert item.name and item.summary and item.rationale and item.example and item.fix
        assert CASES[code].severity == item.severity, code


def _lint_case(
    tmp_path: Path, case: Case, files: Mapping[str, str], papers: Sequence[Any]
) -> tuple[int, list[dict[str, Any]]]:
    if case.kind == "stale":
        root = make_list(tmp_path / "list", case.good)
        render(root)
        write_files(root, files)
        return lint_json(root)
    root = make_list(tmp_path / "list", files)
    if case.kind == "online":
        with fake_arxiv(papers) as env:
            return lint_json(root, "--online", "--ignore", "WMC701", env=env)
    if case.kind == "links":
        with links_lint_env(root) as env:
            return lint_json(root, "--online", "--ignore", "WMC701", env=env)
    return lint_json(root, "--ignore", "WMC701")


@pytest.mark.parametrize(("code", "case"), _params())
def test_rule_fires_on_a_broken_entry(tmp_path: Path, code: str, case: Case) -> None:
    exit_code, findings = _lint_case(tmp_path, case, case.bad, case.papers)

    mine = [f for f in findings if f["code"] == code]
    assert mine == [
        {
            "code": code,
            "severity": case.severity,
            "file": e.file,
            "line": e.line,
            "column": e.column,
            "message": e.message,
            "fixable": case.fixable,
        }
        for e in case.expect
    ]
    assert {f["code"] for f in findings} - {code} == case.also
    assert exit_code == (1 if any(f["severity"] == "error" for f in findings) else 0)


@pytest.mark.parametrize(("code", "case"), _params())
def test_rule_is_quiet_on_a_good_entry(tmp_path: Path, code: str, case: Case) -> None:
    root = make_list(tmp_path / "list", case.good)
    render(root)
    if case.kind == "online":
        with fake_arxiv(case.good_papers) as env:
            result = cli(root, "lint", "--online", env=env)
    elif case.kind == "links":
        with links_lint_env(root) as env:
            result = cli(root, "lint", "--online", env=env)
    else:
        result = cli(root, "lint")

    assert (result.exit_code, result.output) == (0, "no problems found\n")


# -- more firing cases, rule by rule ----------------------------------------------------------
def _findings(tmp_path: Path, files: Mapping[str, str], *args: str) -> list[dict[str, Any]]:
    return lint_json(make_list(tmp_path / "list", files), "--ignore", "WMC701", *args)[1]


def _brief(findings: list[dict[str, Any]]) -> list[tuple[str, str, int, int, str]]:
    return [(f["code"], f["file"], f["line"], f["column"], f["message"]) for f in findings]


def test_wrong_type_for_a_flag(tmp_path: Path) -> None:
    findings = _findings(tmp_path, good(edit(GOOD, "featured: true", 'featured: "yes"')))

    assert _brief(findings) == [
        ("WMC104", P, 13, 11, "featured: expected true or false, got a string ('yes': write "
         "true or false, without quotes)")
    ]


def test_every_wrong_type_of_an_entry_is_told_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("featured: true", "featured: yes").replace(
        "authors: [Ruoshi Liu, Rundi Wu, Basile Van Hoorick]",
        "authors: Ruoshi Liu, Rundi Wu").replace(
        "  paper: https://arxiv.org/abs/2303.11328\n  pdf: https://arxiv.org/pdf/2303.11328\n"
        "  code: https://github.com/cvlab-columbia/zero123\n",
        "  - https://arxiv.org/abs/2303.11328\n")
    assert text.count("\n") == GOOD.count("\n") - 2
    findings = _findings(tmp_path, good(text))

    assert [(f["code"], f["message"].split(":")[0]) for f in findings
            if f["code"] == "WMC104"] == [("WMC104", "authors"), ("WMC104", "links"),
                                           ("WMC104", "featured")]


def test_an_unquoted_arxiv_id_read_as_a_number_says_to_quote_it(tmp_path: Path) -> None:
    findings = _findings(tmp_path, good(edit(GOOD, 'arxiv: "2303.11328"', "arxiv: 2303.11328")))

    assert _brief(findings) == [
        (
            "WMC104",
            P,
            1,
            8,
            "arxiv: the arXiv ID reads as the number 2303.11328; quote it, "
            'e.g. arxiv: "2303.11328"',
        )
    ]


def test_a_stub_as_add_writes_it_has_its_curated_texts_flagged(tmp_path: Path) -> None:
    stub = """\
arxiv: "2303.11328"
title: 'Zero-1-to-3: Zero-shot One Image to 3D Object'
authors: [Ruoshi Liu, Rundi Wu]
venue: ICCV 2023
published: 2023-03-20
links:
  paper: https://arxiv.org/abs/2303.11328
  pdf: https://arxiv.org/pdf/2303.11328
one_liner:
  en: ''
  zh: ''
innovation:
  en: ''
  zh: ''
abstract:
  en: We introduce Zero-1-to-3.
  zh: ''
key_points:
  en: []
  zh: []
added: 2026-11-24T20:30:13Z
source:
  version: 1
  comment: ICCV 2023
"""
    findings = _findings(tmp_path, good(stub))

    assert [(f["code"], f["severity"], f["line"], f["column"], f["message"]) for f in findings] == [
        ("WMC102", "error", 10, 3, "curated text 'one_liner' is empty: fill it in"),
        ("WMC102", "error", 13, 3, "curated text 'innovation' is empty: fill it in"),
        ("WMC404", "warning", 16, 3, "'abstract' has no zh text: add the translation"),
        ("WMC102", "error", 19, 3, "curated text 'key_points' is empty: fill it in"),
    ]


def test_missing_paper_link_of_an_arxiv_entry(tmp_path: Path) -> None:
    findings = _findings(
        tmp_path, good(edit(GOOD, "  paper: https://arxiv.org/abs/2303.11328\n", ""))
    )

    assert _brief(findings) == [
        ("WMC101", P, 6, 3, "missing links.paper: add https://arxiv.org/abs/2303.11328")
    ]


def test_arxiv_id_written_with_a_prefix_is_fixable(tmp_path: Path) -> None:
    findings = _findings(
        tmp_path, good(edit(GOOD, 'arxiv: "2303.11328"', 'arxiv: "arXiv:2303.11328"'))
    )

    assert [(f["code"], f["line"], f["column"], f["message"], f["fixable"]) for f in findings] == [
        ("WMC201", 1, 8, "write the arXiv ID as '2303.11328'", True)
    ]


def test_gaia_like_entry_reports_both_links(tmp_path: Path) -> None:
    gaia = edit(
        edit(GAIA, "abs/2311.07541", "abs/2309.17080"), "pdf/2311.07541", "pdf/2309.17080.pdf"
    )
    findings = _findings(tmp_path, {GAIA_P: gaia})

    message = (
        "links.{} points at arXiv 2309.17080, but the entry's arXiv ID is 2311.07541: one "
        "of them is wrong"
    )
    assert _brief(findings) == [
        ("WMC204", GAIA_P, 6, 10, message.format("paper")),
        ("WMC204", GAIA_P, 7, 8, message.format("pdf")),
    ]


@pytest.mark.parametrize(
    ("venue", "canonical"),
    [
        ("iclr 2024", "ICLR 2024"),
        ("NIPS 2023", "NeurIPS 2023"),
        ("IEEE/CVF CVPR 2024", "CVPR 2024"),
        ("SIGGRAPH ASIA 2024", "SIGGRAPH Asia 2024"),
        # The year written '<NAME> <YEAR>': one space, four digits.
        ("ICCV2023", "ICCV 2023"),
        ("ICCV-2023", "ICCV 2023"),
        ("ICCV'23", "ICCV 2023"),
        ("iccv ’23 (Oral)", "ICCV 2023 (Oral)"),
    ],
)
def test_venue_aliases_and_case_are_normalised(tmp_path: Path, venue: str, canonical: str) -> None:
    findings = _findings(tmp_path, good(edit(GOOD, "venue: ICCV 2023", f"venue: {venue}")))

    assert [(f["code"], f["severity"], f["message"], f["fixable"]) for f in findings] == [
        ("WMC302", "warning", f"write the venue '{venue}' as '{canonical}'", True)
    ]


def test_the_year_spelling_is_fixed_in_a_list_without_a_venue_vocabulary(
        tmp_path: Path) -> None:
    config = CONFIG.split("\nvenues:")[0] + "\n"
    assert "venues:" not in config
    root = make_list(tmp_path / "list", good(edit(GOOD, "venue: ICCV 2023", 'venue: "ICCV\'23"')),
                     config=config)

    findings = lint_json(root, "--ignore", "WMC701")[1]
    assert _brief(findings) == [("WMC302", P, 4, 8, "write the venue 'ICCV'23' as 'ICCV 2023'")]
    result = CliRunner().invoke(app, ["--root", str(root), "lint", "--fix", "--select",
                                      "WMC302"])
    assert result.exit_code == 0, result.output
    # The round-trip writer keeps the value's quotes.
    assert 'venue: "ICCV 2023"\n' in (root / P).read_text(encoding="utf-8")


def test_siggraph_asia_is_known_even_without_the_alias(tmp_path: Path) -> None:
    # The catalogue knows SIGGRAPH-ASIA for SIGGRAPH Asia: a spelling, not a misspelling.
    config = CONFIG.replace(
        "  - {name: SIGGRAPH Asia, aliases: [SIGGRAPH-ASIA, SIGGRAPH ASIA, SIGGRAPHAsia]}",
        "  - {name: SIGGRAPH Asia}",
    )
    assert config != CONFIG
    root = make_list(
        tmp_path / "list",
        good(edit(GOOD, "venue: ICCV 2023", "venue: SIGGRAPH-ASIA 2024")),
        config=config,
    )

    findings = lint_json(root, "--ignore", "WMC701")[1]

    assert _brief(findings) == [
        (
            "WMC302",
            P,
            4,
            8,
            "write the venue 'SIGGRAPH-ASIA 2024' as 'SIGGRAPH Asia 2024'",
        )
    ]


def test_unknown_venue_with_nothing_close_has_no_suggestion(tmp_path: Path) -> None:
    findings = _findings(tmp_path, good(edit(GOOD, "venue: ICCV 2023", "venue: Foo 2023")))

    assert _brief(findings) == [
        (
            "WMC301",
            P,
            4,
            8,
            "unknown venue 'Foo 2023' (neither in venues: in wmcurate.yaml nor a venue "
            "wmcurate knows; if it is real, add it to venues)",
        )
    ]


def test_latin1_mojibake_is_repaired_too(tmp_path: Path) -> None:
    findings = _findings(tmp_path, good(edit(GOOD, "[Ruoshi Liu,", "[BjÃ¶rn Ommer,")))

    assert [(f["code"], f["line"], f["column"], f["message"], f["fixable"]) for f in findings] == [
        (
            "WMC401",
            3,
            11,
            "mis-decoded text in authors[0]: 'BjÃ¶rn Ommer' should read 'Björn Ommer'",
            True,
        )
    ]


def test_wrong_language_english_filed_under_zh_and_chinese_under_en(tmp_path: Path) -> None:
    swapped = edit(
        GOOD,
        "{en: Novel views of an object from one image., zh: 从单张图像生成物体的新视角。}",
        "{en: 从单张图像生成物体的新视角。, zh: Novel views of an object from one image.}",
    )
    findings = _findings(tmp_path, good(swapped))

    assert _brief(findings) == [
        ("WMC405", P, 9, 17, "one_liner.en is mostly Chinese: file it under zh"),
        ("WMC405", P, 9, 37, "one_liner.zh has no Chinese characters: is it the English text?"),
    ]


def test_missing_translation_of_key_points(tmp_path: Path) -> None:
    findings = _findings(tmp_path, good(edit(GOOD, "zh: [相对相机位姿条件]", "zh: []")))

    assert _brief(findings) == [
        ("WMC404", P, 12, 13, "'key_points' has no zh text: add the translation")
    ]


def test_trailing_whitespace_in_a_link_is_fixable(tmp_path: Path) -> None:
    findings = _findings(
        tmp_path,
        good(
            edit(
                GOOD,
                "code: https://github.com/cvlab-columbia/zero123",
                'code: "https://github.com/cvlab-columbia/zero123 "',
            )
        ),
    )

    assert ("WMC503", P, 8, 9, "links.code contains whitespace") in _brief(findings)
    assert all(f["fixable"] for f in findings)


def test_unknown_section_without_a_close_one_lists_the_known(tmp_path: Path) -> None:
    findings = _findings(
        tmp_path, good(edit(GOOD, "featured: true\n", "featured: true\nalso: [nowhere]\n"))
    )

    assert _brief(findings) == [
        (
            "WMC601",
            P,
            14,
            8,
            "unknown section 'nowhere' in also; known: modality, spatial, "
            "temporal, modality-spatial, modality-temporal, spatial-temporal, text-to-world, "
            "embodied, benchmarks",
        )
    ]


def test_findings_of_every_file_are_collected(tmp_path: Path) -> None:
    files = {
        P: edit(GOOD, "venue: ICCV 2023", "venue: ICCV: 2023"),
        GAIA_P: edit(GAIA, "venue: arXiv 2023", "venue: ICRL 2023"),
        PRODUCT_P: edit(PRODUCT, "authors:", "autors:"),
    }
    findings = _findings(tmp_path, files)

    assert [(f["code"], f["file"]) for f in findings] == [
        ("WMC301", GAIA_P),
        ("WMC100", P),
        ("WMC101", PRODUCT_P),
        ("WMC103", PRODUCT_P),
    ]


# -- the library functions --------------------------------------------------------------------
VENUES = [
    "CVPR",
    "ICCV",
    "ECCV",
    "NeurIPS",
    "ICLR",
    "ICML",
    "SIGGRAPH",
    "SIGGRAPH Asia",
    "TPAMI",
    "arXiv",
]


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("ICRL", "ICLR"),
        ("SIGGRAPH-ASIA", "SIGGRAPH Asia"),
        ("CPVR", "CVPR"),
        ("NeurIPs", "NeurIPS"),
        ("Foo", None),
        ("Nature", None),
    ],
)
def test_closest_venue(name: str, meant: str | None) -> None:
    assert closest_venue(name, VENUES) == meant


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("Bj枚rn Ommer", "Björn Ommer"),
        ("BjÃ¶rn Ommer", "Björn Ommer"),
        ("Björn Ommer", None),
        ("José Lezama", None),
        ("从单张图像生成物体的新视角。", None),
        ("基于 NeRF 的三维重建", None),
    ],
)
def test_repair_mojibake(text: str, repaired: str | None) -> None:
    assert repair_mojibake(text) == repaired


@pytest.mark.parametrize("code", sorted(lint.RULES))
def test_explain_names_the_rule_its_example_and_its_fix(code: str) -> None:
    item = lint.RULES[code]
    text = lint.explain(code.lower())

    assert text.startswith(f"{code} {item.name} ({item.severity})\n")
    assert item.summary in text
    assert "Fires on:\n\n" + "\n".join(f"    {line}" for line in item.example.splitlines()) in text
    assert f"Fix: {item.fix}" in text


def test_explain_unknown_code() -> None:
    with pytest.raises(KeyError):
        lint.explain("WMC999")


# -- bugs -------------------------------------------------------------------------------------
def test_missing_title_is_a_missing_field(tmp_path: Path) -> None:
    findings = _findings(
        tmp_path, good(edit(GOOD, 'title: "Zero-1-to-3: Zero-shot One Image to 3D Object"\n', ""))
    )

    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("WMC101", 1, 1)]
    assert "missing field 'title'" in findings[0]["message"]


def test_empty_title_is_reported_as_empty(tmp_path: Path) -> None:
    findings = _findings(
        tmp_path, good(edit(GOOD, '"Zero-1-to-3: Zero-shot One Image to 3D Object"', '"   "'))
    )

    assert [
        (f["code"], f["line"], f["column"], f["message"]) for f in findings if f["code"] != "WMC403"
    ] == [("WMC102", 2, 8, "field 'title' is empty: fill it in")]


def test_same_paper_in_two_sections_is_a_duplicate(tmp_path: Path) -> None:
    findings = _findings(tmp_path, good(**{"entries/spatial/2303.11328.yaml": GOOD}))

    # Same file name in two folders: the key is used twice (the paper, too).
    assert _brief(findings) == [
        (
            "WMC210",
            "entries/spatial/2303.11328.yaml",
            1,
            1,
            "key '2303.11328' is also used by entries/modality-spatial/2303.11328.yaml: keep "
            "one file and list the work in other sections with `also`",
        )
    ]


def test_every_finding_has_a_real_position(tmp_path: Path) -> None:
    findings = _findings(tmp_path, {"entries/nosuch/2303.11328.yaml": GOOD})

    assert [(f["file"], f["line"], f["column"]) for f in findings] == [
        ("entries/nosuch/2303.11328.yaml", 1, 1)
    ]


def test_invalid_yaml_points_at_the_unclosed_quote(tmp_path: Path) -> None:
    findings = _findings(
        tmp_path,
        good(
            edit(
                GOOD,
                '"Zero-1-to-3: Zero-shot One Image to 3D Object"',
                '"Zero-1-to-3: Zero-shot One Image',
            )
        ),
    )

    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("WMC100", 2, 8)]
    assert "quoted scalar" in findings[0]["message"]


@pytest.mark.parametrize(
    "text", ["以GPT为Planner的新视角生成。", "采用ControlNet式Adapter生成新视角。"]
)
def test_genuine_chinese_between_latin_words_is_not_mojibake(tmp_path: Path, text: str) -> None:
    assert repair_mojibake(text) is None
    findings = _findings(
        tmp_path, good(edit(GOOD, "zh: 从单张图像生成物体的新视角。}", f"zh: {text}}}"))
    )

    assert findings == []


def test_literal_block_text_is_not_stray_whitespace(tmp_path: Path) -> None:
    text = edit(
        GOOD,
        ABSTRACT_LINE,
        f"abstract:\n  en: |\n    {ZERO123_ABSTRACT}\n\n    Second paragraph.\n"
        "  zh: 我们旋转图中的物体。",
    )
    assert _findings(tmp_path, good(text)) == []


def test_project_page_filed_as_code_is_not_a_repository(tmp_path: Path) -> None:
    findings = _findings(
        tmp_path,
        good(
            edit(
                GOOD,
                "code: https://github.com/cvlab-columbia/zero123",
                "code: https://zero123.github.io/",
            )
        ),
    )

    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("WMC504", 8, 9)]


def test_unknown_link_label_says_what_to_use(tmp_path: Path) -> None:
    findings = _findings(
        tmp_path, good(edit(GOOD, "  code: https://github", "  github: https://github"))
    )

    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("WMC506", 8, 11)]
    assert "'code'" in findings[0]["message"]


def test_trailing_space_in_a_link_is_reported_once(tmp_path: Path) -> None:
    findings = _findings(
        tmp_path,
        good(
            edit(
                GOOD,
                "code: https://github.com/cvlab-columbia/zero123",
                'code: "https://github.com/cvlab-columbia/zero123 "',
            )
        ),
    )

    assert len(findings) == 1
