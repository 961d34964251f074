from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmcurate.enrich import FoundLink, find_links
from wmcurate.feed import Paper, parse_feed

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"


@cache
def recorded_papers() -> dict[str, Paper]:
    papers: dict[str, Paper] = {}
    for path in sorted(FIXTURES.glob("*.xml")):
        for paper in parse_feed(path.read_bytes()).papers:
            papers.setdefault(paper.id.base, paper)
    return papers


# --- links -------------------------------------------------------------------------------
@given(st.text(max_size=300), st.text(max_size=100) | st.none())
def test_any_text_is_safe_for_links(comment: str, journal_ref: str | None) -> None:
    for link in find_links(comment, journal_ref):
        assert link.url.startswith(("https://", "http://"))
        assert link.label in ("code", "project")


def test_code_link_in_a_real_comment() -> None:
    paper = recorded_papers()["1706.00679"]
    assert find_links(paper.comment, paper.abstract) == [
        FoundLink(
            "code",
            "https://github.com/ydecastro/super-resolution-testing",
            "Final version, 6 figures, Python code and Jupyter notebook available at "
            "https://github.com/ydecastro/super-resolution-testing",
            "comment",
        )
    ]


def test_project_links_in_real_text() -> None:
    supernova = recorded_papers()["astro-ph/9812133"]
    assert find_links(supernova.comment, None) == [
        FoundLink(
            "project",
            "http://www-supernova.lbl.gov",
            "Individual color figures, supplementary tables, and preprint also available at "
            "http://www-supernova.lbl.gov/",
            "comment",
        )
    ]
    rest = recorded_papers()["2507.10541"]
    assert find_links(rest.comment, rest.abstract) == [
        FoundLink(
            "project",
            "https://opendatalab.github.io/REST",
            "Code and results are available at https://opendatalab.github.io/REST.",
            "abstract",
        )
    ]


@pytest.mark.parametrize(
    "base",
    [
        "0808.0631",  # publisher links: "(http://www.imstat.org/sts/)", a dx.doi.org link
        "2104.11069",  # a conference site
        "2203.09604",  # a conference site
        "astro-ph/0601001",  # a file: "...ogle_hot_jupiters.ps.gz"
        "2101.12036",  # "htpps://icst2021..." is not a link
    ],
)
def test_no_links_in_real_text(base: str) -> None:
    paper = recorded_papers()[base]
    assert find_links(paper.comment, paper.abstract) == []


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "Code: https://github.com/cvlab-columbia/zero123.",
            "https://github.com/cvlab-columbia/zero123",
        ),
        (
            "(https://github.com/cvlab-columbia/zero123)",
            "https://github.com/cvlab-columbia/zero123",
        ),
        ("at https://github.com/Owner/Repo.git/", "https://github.com/Owner/Repo"),
        ("at http://www.github.com/owner/repo?tab=readme#top", "https://github.com/owner/repo"),
        ("see github.com/owner/repo, thanks", "https://github.com/owner/repo"),
        (
            "https://github.com/google-research/google-research/tree/master/dreamfusion",
            "https://github.com/google-research/google-research/tree/master/dreamfusion",
        ),
        ("https://gitlab.com/group/sub/project.git", "https://gitlab.com/group/sub/project"),
        (
            "https://gitlab.com/group/project/-/tree/main",
            "https://gitlab.com/group/project/-/tree/main",
        ),
        ("\\url{https://github.com/a/b}", "https://github.com/a/b"),
        ("<https://github.com/a/b>", "https://github.com/a/b"),
    ],
)
def test_code_links_are_normalised(text: str, url: str) -> None:
    assert [(link.label, link.url) for link in find_links(text, None)] == [("code", url)]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Project page: https://zero123.cs.columbia.edu/", "https://zero123.cs.columbia.edu"),
        (
            "project website at https://example.org/proj/index.html.",
            "https://example.org/proj/index.html",
        ),
        ("https://Dreamfusion3D.GitHub.io", "https://dreamfusion3d.github.io"),
        ("Videos: https://example.org/videos?id=3", "https://example.org/videos?id=3"),
        (
            "Homepage (https://en.wikipedia.org/wiki/Foo_(bar)).",
            "https://en.wikipedia.org/wiki/Foo_(bar)",
        ),
        ("Demo: www.example.com/demo", "https://www.example.com/demo"),
    ],
)
def test_project_links(text: str, url: str) -> None:
    assert [(link.label, link.url) for link in find_links(text, None)] == [("project", url)]


@pytest.mark.parametrize(
    "text",
    [
        "See https://arxiv.org/abs/2303.11328 for details",
        "Published version: https://doi.org/10.1109/ICCV51070.2023.00853",
        "Licensed under https://creativecommons.org/licenses/by/4.0/",
        "Supplementary material at https://example.org/supp.pdf",
        "https://github.com/cvlab-columbia",
        "https://github.com/topics/nerf",
        "https://huggingface.co/papers/2303.11328",
        "https://huggingface.co/spaces/only-owner",
        "Published in Some Journal (http://www.publisher.org)",
        "mailto:someone@example.org",
    ],
)
def test_not_links_to_keep(text: str) -> None:
    assert find_links(text, None) == []


@pytest.mark.parametrize(
    ("text", "label", "url"),
    [
        # Hugging Face pages are labelled by what they are, never `code`.
        ("weights: https://huggingface.co/stabilityai/zero123-xl;", "model",
         "https://huggingface.co/stabilityai/zero123-xl"),
        ("demo at https://huggingface.co/spaces/cvlab/zero123-live", "demo",
         "https://huggingface.co/spaces/cvlab/zero123-live"),
        ("data: huggingface.co/datasets/allenai/objaverse.", "dataset",
         "https://huggingface.co/datasets/allenai/objaverse"),
        # A video is a video, whatever its sentence says ("project", "demo").
        ("Project video: https://www.youtube.com/watch?v=dQw4w9WgXcQ.", "video",
         "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("Demo at https://youtu.be/dQw4w9WgXcQ", "video", "https://youtu.be/dQw4w9WgXcQ"),
        ("See our video (https://vimeo.com/123456789).", "video", "https://vimeo.com/123456789"),
        ("Results: https://www.bilibili.com/video/BV1xx411c7mD/", "video",
         "https://www.bilibili.com/video/BV1xx411c7mD"),
    ],
)
def test_links_are_labelled_by_what_they_are(text: str, label: str, url: str) -> None:
    assert [(link.label, link.url) for link in find_links(None, text)] == [(label, url)]


def test_a_video_site_home_page_is_no_video() -> None:
    assert find_links("Videos on https://www.youtube.com/", None) == []


def test_links_are_deduplicated_comment_first() -> None:
    comment = "Code: https://github.com/a/b. Project page: https://a.github.io/b/"
    abstract = (
        "Our code is at https://github.com/A/B and the project page is https://a.github.io/b."
    )
    assert find_links(comment, abstract) == [
        FoundLink("code", "https://github.com/a/b", "Code: https://github.com/a/b.", "comment"),
        FoundLink(
            "project",
            "https://a.github.io/b",
            "Project page: https://a.github.io/b/",
            "comment",
        ),
    ]
    assert find_links(None, None) == []
