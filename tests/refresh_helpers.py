"""Helpers for the `wmcurate refresh` tests: a small list, arXiv papers and Semantic Scholar
records to compare it with.

arXiv papers are synthetic entries in the current server's form (arxiv_server.entry_xml);
Semantic Scholar records are BUILT on the recorded batch answer's shape (s2_server.py,
fixtures/s2/SOURCES.md). Titles, authors and venues are real papers'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from arxiv_server import entry_xml, feed_xml
from s2_server import paper_record, publication_venue

from wmcurate.arxiv import Outcome
from wmcurate.feed import Paper, parse_feed
from wmcurate.s2 import S2Outcome
from wmcurate.s2feed import from_record

TESTS = Path(__file__).resolve().parent
#: A frozen copy of the shipped wmcurate.yaml (its venues: CVPR, ICCV, ... TMLR, JMLR, arXiv).
CONFIG = (TESTS / "fixtures" / "lint" / "wmcurate.yaml").read_text(encoding="utf-8")
WHEN = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone.utc)

ZERO123 = "2303.11328"
ZERO123_TITLE = "Zero-1-to-3: Zero-shot One Image to 3D Object"
ZERO123_AUTHORS = ("Ruoshi Liu", "Rundi Wu", "Basile Van Hoorick", "Pavel Tokmakov",
                   "Sergey Zakharov", "Carl Vondrick")
ZERO123_P = "entries/modality-spatial/2303.11328.yaml"
#: An entry as a curator keeps it: comments, a preprint venue, curated texts, arXiv's facts.
ZERO123_ENTRY = f"""\
arxiv: "{ZERO123}"
# Zero-1-to-3: the paper that made novel-view diffusion practical.
title: "{ZERO123_TITLE}"
authors: [{", ".join(ZERO123_AUTHORS)}]
venue: arXiv 2023   # update once published
published: 2023-03-20
links:
  paper: https://arxiv.org/abs/2303.11328
  pdf: https://arxiv.org/pdf/2303.11328
  code: https://github.com/cvlab-columbia/zero123
one_liner: {{en: Novel views of an object from one image., zh: 从单张图像生成物体的新视角。}}
innovation: {{en: Viewpoint-conditioned diffusion., zh: 视角条件扩散。}}
abstract: {{en: We turn an object in one image., zh: 我们旋转图中的物体。}}
key_points: {{en: [Relative camera pose conditioning], zh: [相对相机位姿条件]}}
featured: true
added: 2026-01-01T00:00:00Z
source:
  version: 1
  updated: 2023-03-20
  primary_category: cs.CV
  comment: null
"""

DIT = "2212.09748"
DIT_TITLE = "Scalable Diffusion Models with Transformers"
DIT_AUTHORS = ("William Peebles", "Saining Xie")
DIT_P = "entries/modality/2212.09748.yaml"
DIT_ENTRY = f"""\
arxiv: "{DIT}"
title: {DIT_TITLE}
authors: [{", ".join(DIT_AUTHORS)}]
venue: ICCV 2023
published: 2022-12-19
one_liner: Diffusion with a transformer backbone.
added: 2026-01-02T00:00:00Z
"""

SORA_P = "entries/text-to-world/openai-sora.yaml"
SORA_ENTRY = """\
title: OpenAI Sora
venue: 2024 (Alpha)
one_liner: Text to minute-long video.
added: 2026-01-03T00:00:00Z
"""


def make_list(root: Path, files: Mapping[str, str], config: str = CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "wmcurate.yaml").write_text(config, encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def arxiv_paper(arxiv_id: str = ZERO123, title: str = ZERO123_TITLE,
                authors: tuple[str, ...] = ZERO123_AUTHORS, **fields: Any) -> Paper:
    xml = entry_xml(arxiv_id, title, authors=authors, **fields)
    paper: Paper = parse_feed(feed_xml([xml], f"id_list={arxiv_id}")).papers[0]
    return paper


def found(paper: Paper) -> Outcome:
    return Outcome("found", paper, fetched=WHEN)


def s2_found(record: Mapping[str, Any]) -> S2Outcome:
    return S2Outcome("found", from_record(record), fetched=WHEN)


def iccv_record(arxiv_id: str = ZERO123, title: str = ZERO123_TITLE,
                authors: tuple[str, ...] = ZERO123_AUTHORS, citations: int = 1234,
                year: int = 2023) -> dict[str, Any]:
    """Semantic Scholar's record of a paper published at ICCV (built)."""
    venue = publication_venue("IEEE International Conference on Computer Vision", "conference",
                              ["ICCV", "IEEE Int Conf Comput Vis"],
                              "e4ee8e4e-6c8e-4d3f-9a4f-5b2c2d1e0a11")
    return paper_record(arxiv_id, title, authors,
                        venue="IEEE International Conference on Computer Vision",
                        publication_venue=venue, year=year, date=f"{year}-10-01",
                        doi=f"10.1109/ICCV51070.{year}.00853", citations=citations,
                        paper_id="9b1c7a5e1f3f4f4d8e8e6a7b2c3d4e5f6a7b8c9d")
