from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmcurate.enrich import FoundLink, VenueGuess, detect_venue, find_links
from wmcurate.feed import Paper, parse_feed

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"

VENUES: list[tuple[str, list[str]]] = [
    ("CVPR", ["Computer Vision and Pattern Recognition", "IEEE/CVF CVPR"]),
    ("ICLR", []),
    ("NeurIPS", ["NIPS"]),
    ("SIGGRAPH Asia", ["SIGGRAPH-ASIA"]),
    ("SIGGRAPH", []),
    ("ICCV", []),
    ("ICSE", []),
    ("POPL", []),
    ("ISSTA", ["International Symposium on Software Testing and Analysis"]),
    (
        "ICST",
        [
            "International Conference on Software Testing, Verification and Validation",
            "International Conference on Software Testing, Verification, and Validation",
            "IEEE Conference on Software Testing, Verification and Validation",
            "International Conference of Software Testing",
        ],
    ),
    ("AITest", ["International Conference on Artificial Intelligence Testing"]),
    ("ApJ", ["Astrophysical Journal", "Astrophys.J."]),
]


@cache
def recorded_papers() -> dict[str, Paper]:
    papers: dict[str, Paper] = {}
    for path in sorted(FIXTURES.glob("*.xml")):
        for paper in parse_feed(path.read_bytes()).papers:
            papers.setdefault(paper.id.base, paper)
    return papers


def guess_for(base: str) -> VenueGuess | None:
    paper = recorded_papers()[base]
    return detect_venue(paper.comment, paper.journal_ref, VENUES, paper.published.year)


# --- venues from real arXiv comments and journal_refs ------------------------------------


@pytest.mark.parametrize(
    ("base", "venue", "source", "evidence"),
    [
        (
            "2005.06826",
            "ISSTA 2020",
            "comment",
            "Accepted to the ACM SIGSOFT International Symposium on Software Testing and Analysis "
            "(ISSTA), 2020",
        ),
        (
            "2412.16620",
            "ISSTA 2025",
            "comment",
            "Accepted to the ACM SIGSOFT International Symposium on Software Testing and Analysis "
            "(ISSTA 2025)",
        ),
        (
            "1808.05353",
            "ISSTA 2018",
            "comment",
            "Published at 27th ACM SIGSOFT International Symposium on Software Testing and "
            "Analysis (ISSTA 2018)",
        ),
        (
            "2005.14124",
            "ISSTA 2020",
            "journal_ref",
            "In Proc. ACM SIGSOFT International Symposium on Software Testing and Analysis "
            "(ISSTA 2020), pages 14-26.",
        ),
        (
            "2204.08348",
            "ISSTA 2022",
            "journal_ref",
            "InProceedings of the 31st ACM SIGSOFT International Symposium on Software Testing "
            "and Analysis 2022 Jul 18 (pp. 289-301)",
        ),
        (
            "2301.05651",
            "ICST 2023",
            "comment",
            "Accepted to the International Conference of Software Testing (ICST2023)",
        ),
        (
            "2301.13615",
            "ICST 2023",
            "comment",
            "Accepted at the 16th IEEE International Conference on Software Testing, "
            "Verification and Validation (ICST) 2023",
        ),
        (
            "2306.07400",
            "ICST 2026",
            "comment",
            "In proceedings of the 19th IEEE International Conference on Software Testing, "
            "Verification and Validation 2026 (ICST '26)",
        ),
        (
            "2012.06822",
            "ICST 2021",
            "comment",
            "To appear in the Proc. of the IEEE International Conference on Software Testing, "
            "Verification and Validation (ICST) 2021",
        ),
        (
            "2202.06271",
            "ICST 2022",
            "comment",
            "To appear at the IEEE International Conference on Software Testing, Verification, "
            "and Validation (ICST 2022)",
        ),
        (
            "2412.18843",
            "ICST 2025",
            "comment",
            "To be published in: 2025 IEEE Conference on Software Testing, Verification and "
            "Validation (ICST)",
        ),
        (
            "2002.06611",
            "AITest 2020",
            "comment",
            "Preprint of paper accepted at The Second IEEE International Conference on "
            "Artificial Intelligence Testing, April 13-16, 2020, Oxford, UK",
        ),
        ("astro-ph/9812133", "ApJ 1999", "journal_ref", "Astrophys.J.517:565-586,1999"),
    ],
)
def test_venues_in_recorded_papers(base: str, venue: str, source: str, evidence: str) -> None:
    guess = guess_for(base)
    assert guess is not None
    assert (guess.venue, guess.source, guess.evidence, guess.year_guessed) == (
        venue,
        source,
        evidence,
        False,
    )
    assert guess.venue == f"{guess.name} {guess.year}"


@pytest.mark.parametrize(
    "base",
    [
        "1605.08386",  # "20 pages, 3 figures"
        "2007.10224",  # "Submitted to IEEE International Workshop ... (AIST 2020)"
        "2102.08864",  # "Currently under review at Journal of ..."
        "2202.12139",  # "... workshop @ ICST 2022", journal_ref "... Workshops (ICSTW)"
        "2302.03287",  # "... Verification and Validation Workshops (ICSTW)"
        "2405.13786",  # a workshop "- International Conference on Software Testing ... (ICST)"
        "2408.07846",  # journal_ref "... Workshops (ICSTW)"
        "2401.15189",  # "(SBFT@ICSE 2024)": a workshop at ICSE
        "2203.09604",  # "accepted at the 5th INTUITESTBEDS 2022, part of the ... (ICST) 2022"
        "2505.05162",  # "Extended version of paper ... on POPL 2026"
        "2504.04921",  # "submitted to Software Testing, Vertification and Reliability journal"
        "2104.11069",  # an ICST URL in the comment is not a venue mention
        "astro-ph/0601001",  # "Submitted to Acta Astronomica"
    ],
)
def test_no_venue_where_the_paper_did_not_appear(base: str) -> None:
    assert guess_for(base) is None


def test_a_clear_acceptance_without_a_year_uses_the_papers_year() -> None:
    assert guess_for("1809.08100") == VenueGuess(
        venue="ICST 2018",
        name="ICST",
        year=2018,
        evidence="Accepted at 10th IEEE International Conference on Software Testing, "
        "Verification and Validation",
        source="comment",
        year_guessed=True,
    )
    apj = guess_for("1511.08339")  # "ApJ accepted"
    assert apj is not None and (apj.venue, apj.year_guessed) == ("ApJ 2015", True)


# --- venues from synthetic comments ------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "venue", "evidence"),
    [
        ("Accepted to CVPR 2024", "CVPR 2024", "Accepted to CVPR 2024"),
        (
            "20 pages, 9 figures. Accepted to CVPR 2024. Project page: https://x.github.io/y",
            "CVPR 2024",
            "Accepted to CVPR 2024.",
        ),
        ("ICLR 2025 (Oral)", "ICLR 2025", "ICLR 2025 (Oral)"),
        ("(ISSTA 2020)", "ISSTA 2020", "(ISSTA 2020)"),
        ("ICST2023", "ICST 2023", "ICST2023"),
        ("To appear in NeurIPS 2023", "NeurIPS 2023", "To appear in NeurIPS 2023"),
        ("Published at NIPS 2017", "NeurIPS 2017", "Published at NIPS 2017"),
        ("accepted by neurips 2022; code released", "NeurIPS 2022", "accepted by neurips 2022"),
        (
            "SIGGRAPH Asia 2023 (journal track)",
            "SIGGRAPH Asia 2023",
            "SIGGRAPH Asia 2023 (journal track)",
        ),
        ("Accepted to SIGGRAPH-ASIA 2022", "SIGGRAPH Asia 2022", "Accepted to SIGGRAPH-ASIA 2022"),
        ("SIGGRAPH 2023 Conference Paper", "SIGGRAPH 2023", "SIGGRAPH 2023 Conference Paper"),
        ("CVPR'24 highlight", "CVPR 2024", "CVPR'24 highlight"),
        ("Accepted to ICCV '23", "ICCV 2023", "Accepted to ICCV '23"),
        (
            "Accepted at the IEEE/CVF Conference on Computer Vision and Pattern Recognition "
            "(CVPR) 2024",
            "CVPR 2024",
            "Accepted at the IEEE/CVF Conference on Computer Vision and Pattern Recognition "
            "(CVPR) 2024",
        ),
        ("IEEE/CVF CVPR 2023", "CVPR 2023", "IEEE/CVF CVPR 2023"),
        (
            "Submitted to ICLR 2024; accepted to CVPR 2024",
            "CVPR 2024",
            "accepted to CVPR 2024",
        ),
    ],
)
def test_venues_in_synthetic_comments(comment: str, venue: str, evidence: str) -> None:
    guess = detect_venue(comment, None, VENUES, 2023)
    assert guess is not None
    assert (guess.venue, guess.evidence, guess.source) == (venue, evidence, "comment")


@pytest.mark.parametrize(
    "comment",
    [
        "20 pages, 3 figures",
        "Submitted to CVPR 2024",
        "Submitted to CVPR",
        "Under review at ICLR 2025",
        "In submission to NeurIPS 2024",
        "Rejected from ICLR 2024, resubmitted elsewhere",
        "Extended version of our CVPR 2023 paper",
        "Accepted to the CVPR 2024 Workshop on Generative Models",
        "CVPRW 2024",
        "Accepted at the ICLR 2024 workshop on world models",
        "Code: https://github.com/cvpr2024/iclr",
        "We compare with CVPR",
        "Work in progress",
        "",
        "acl 2023",  # all-capital names are matched as written
    ],
)
def test_no_venue_in_synthetic_comments(comment: str) -> None:
    assert detect_venue(comment, None, VENUES, 2024) is None


def test_journal_ref_wins_over_an_outdated_comment() -> None:
    guess = detect_venue("Submitted to ICCV 2023", "ICCV 2023, pp. 9298-9309", VENUES, 2023)
    assert guess == VenueGuess("ICCV 2023", "ICCV", 2023, "ICCV 2023, pp. 9298-9309", "journal_ref")
    guess = detect_venue("Accepted to CVPR 2024", "Proceedings of the CVPR, 2024", VENUES)
    assert guess is not None and guess.source == "journal_ref"


def test_no_year_at_all_means_no_guess() -> None:
    assert detect_venue("Accepted to CVPR", None, VENUES, None) is None
    guess = detect_venue("Accepted to CVPR", None, VENUES, 2024)
    assert guess is not None and (guess.venue, guess.year_guessed) == ("CVPR 2024", True)
    # A yearless mention without wording of acceptance is not a venue.
    assert detect_venue("A CVPR paper", None, VENUES, 2024) is None


def test_no_venues_configured() -> None:
    assert detect_venue("Accepted to CVPR 2024", None, [], 2024) is None
    assert detect_venue("Accepted to CVPR 2024", None, [("", [""])], 2024) is None


@given(st.text(max_size=300), st.text(max_size=100) | st.none())
def test_any_text_is_safe(comment: str, journal_ref: str | None) -> None:
    guess = detect_venue(comment, journal_ref, VENUES, 2024)
    if guess is not None:
        assert guess.name in {name for name, _ in VENUES}
        assert guess.venue == f"{guess.name} {guess.year}"
        assert guess.evidence
    for link in find_links(comment, journal_ref):
        assert link.url.startswith(("https://", "http://"))
        assert link.label in ("code", "project")


# --- links -------------------------------------------------------------------------------


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
        (
            "weights: https://huggingface.co/stabilityai/zero123-xl;",
            "https://huggingface.co/stabilityai/zero123-xl",
        ),
        (
            "demo at https://huggingface.co/spaces/cvlab/zero123-live",
            "https://huggingface.co/spaces/cvlab/zero123-live",
        ),
        (
            "data: huggingface.co/datasets/allenai/objaverse.",
            "https://huggingface.co/datasets/allenai/objaverse",
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
