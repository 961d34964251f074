from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmcurate.errors import NetworkError
from wmcurate.feed import Author, Feed, FeedError, NotAFeed, Paper, parse_feed
from wmcurate.ids import ArxivId

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"

# Every recorded response and what it holds: (papers, rejected IDs of error entries,
# totalResults, legacy empty entries, first paper). Counts were checked against the raw files
# and SOURCES.md. A fixture missing here fails `test_every_fixture_is_expected`.
EXPECTED: dict[str, tuple[int, list[str], int | None, int, str | None]] = {
    "arxivdocs2007_malformed_id_1234.12345_error_example.xml": (0, ["1234.12345"], 1, 0, None),
    "arxivdocs2007_search_all_electron_typical_response_example.xml": (
        1, [], 1000, 0, "hep-ex/0307015",
    ),
    "legacy2016_search_au_del_maestro.xml": (10, [], 31, 0, "1201.4869v1"),
    "legacy2016_search_au_del_maestro_ANDNOT.xml": (10, [], 24, 0, "1201.4869v1"),
    "legacy2016_search_au_del_maestro_AND_ti_checkerboard.xml": (
        1, [], 1, 0, "cond-mat/0603029v1",
    ),
    "legacy2016_search_au_del_maestro_AND_ti_quantum_criticality.xml": (
        2, [], 2, 0, "1111.2011v2",
    ),
    "legacy2016_versioned_doi_journalref_1111.2011v2.xml": (1, [], 1, 0, "1111.2011v2"),
    "legacy2017_search_deep_dream_start0.xml": (10, [], 24617, 0, "1611.09520v2"),
    "legacy2017_search_deep_dream_start1.xml": (10, [], 24617, 0, "1511.08339v2"),
    "legacy2017_search_deep_dream_start2.xml": (10, [], 24617, 0, "1612.03659v1"),
    "legacy2019_malformed_id_INVALIDID_HTTP400_error.xml": (0, ["INVALIDID"], 1, 0, None),
    "legacy2019_oldstyle_32authors_affiliations_doi_astro-ph_9812133.xml": (
        1, [], 1, 0, "astro-ph/9812133v1",
    ),
    "legacy2019_oldstyle_journalref_math_9501234.xml": (1, [], 1, 0, "math/9501234v1"),
    "legacy2019_oldstyle_math_0211159.xml": (1, [], 1, 0, "math/0211159v1"),
    "legacy2019_search_all_science_nonascii_msc_acm_categories.xml": (
        10, [], 120839, 0, "1501.05039v1",
    ),
    "legacy2019_single_doi_journalref_multiline_title_1710.08557.xml": (
        1, [], 1, 0, "1710.08557v1",
    ),
    "legacy2025-08_multi_id_3_nonexistent_empty_entry_2201.13452.xml": (
        1, [], 4, 3, "2201.13452v1",
    ),
    "legacy2025-08_nonexistent_1201.56789_totalResults1_no_entry.xml": (0, [], 1, 0, None),
    "legacy2025-08_search_cat_math.CA_AND_ti_diffuse_latex.xml": (10, [], 96, 0, "1810.03952v2"),
    "legacy2025-08_search_electron_AND_proton.xml": (10, [], 7370, 0, "astro-ph/9904306v1"),
    "legacy2025-08_single_doi_journalref_latex_2206.06921.xml": (1, [], 1, 0, "2206.06921v3"),
    "new2025-11-11_multi_id_3_nonexistent_2201.13452_linkbug.xml": (1, [], 1, 0, "2201.13452v1"),
    "new2025-11-11_nonexistent_1201.56789_empty_feed.xml": (0, [], 0, 0, None),
    "new2025-11-11_search_cat_math.CA_AND_ti_diffuse_latex_linkbug.xml": (
        10, [], 100, 0, "1506.07840v1",
    ),
    "new2025-11-11_search_electron_AND_proton_linkbug.xml": (
        10, [], 7432, 0, "nucl-ex/0408020v1",
    ),
    "new2025-11-11_single_doi_journalref_latex_2206.06921_linkbug.xml": (
        1, [], 1, 0, "2206.06921v3",
    ),
    "new2026_malformed_id_abc_HTTP400_error.xml": (0, ["abc"], 1, 0, None),
    "new2026_multi_id_one_nonexistent_0808.05394_1707.08567.xml": (1, [], 1, 0, "1707.08567v1"),
    "new2026_nonexistent_0000.0000_empty_feed.xml": (0, [], 0, 0, None),
    "new2026_nonexistent_0808.05394_empty_feed.xml": (0, [], 0, 0, None),
    "new2026_oldstyle_astro-ph_0601001_affiliations_journalref.xml": (
        1, [], 1, 0, "astro-ph/0601001v1",
    ),
    "new2026_oldstyle_versioned_hep-ex_0406020v1_affiliation.xml": (
        1, [], 1, 0, "hep-ex/0406020v1",
    ),
    "new2026_oldstyle_versioned_quant-ph_0201082v1.xml": (1, [], 1, 0, "quant-ph/0201082v1"),
    "new2026_search_all-testing_start00_max010.xml": (10, [], 214881, 0, "2202.12139v1"),
    "new2026_search_all-testing_start00_max015.xml": (15, [], 214881, 0, "2202.12139v1"),
    "new2026_search_all-testing_start00_max100.xml": (100, [], 214881, 0, "2202.12139v1"),
    "new2026_search_all-testing_start05_max010.xml": (10, [], 214881, 0, "1202.4527v1"),
    "new2026_search_all-testing_start05_max015.xml": (15, [], 214881, 0, "1202.4527v1"),
    "new2026_search_all-testing_start09_max015.xml": (15, [], 214881, 0, "1812.11470v1"),
    "new2026_search_all-testing_start10_max010.xml": (10, [], 214881, 0, "2403.16981v2"),
    "new2026_search_all-testing_start20_max010.xml": (10, [], 214881, 0, "2008.01944v1"),
    "new2026_search_all-testing_start30_max010.xml": (10, [], 214881, 0, "2101.12036v1"),
    "new2026_search_all-testing_start40_max010.xml": (10, [], 214881, 0, "1704.08347v1"),
    "new2026_search_all-testing_start50_max010.xml": (10, [], 214881, 0, "1709.03221v1"),
    "new2026_single_1605.08386.xml": (1, [], 1, 0, "1605.08386v1"),
    "new2026_single_34authors_nonascii_1707.08567.xml": (1, [], 1, 0, "1707.08567v1"),
    "new2026_versioned_2104.12255v1.xml": (1, [], 1, 0, "2104.12255v1"),
}  # fmt: skip


def read(name: str) -> Feed:
    return parse_feed((FIXTURES / name).read_bytes())


def only_paper(name: str) -> Paper:
    feed = read(name)
    assert len(feed.papers) == 1
    return feed.papers[0]


def test_every_fixture_is_expected() -> None:
    """Fails when a recorded response is added or renamed without a test reading it."""
    on_disk = {path.name for path in FIXTURES.glob("*.xml")}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) == 47
    assert (FIXTURES / "SOURCES.md").is_file()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_parses_as_recorded(name: str) -> None:
    papers, rejected, total, empty, first = EXPECTED[name]
    feed = read(name)
    assert len(feed.papers) == papers
    assert [error.rejected_id for error in feed.errors] == rejected
    assert feed.total_results == total
    assert feed.empty_entries == empty
    assert (str(feed.papers[0].id) if feed.papers else None) == first
    for paper in feed.papers:
        for text in (paper.title, paper.abstract, paper.comment or "", paper.journal_ref or ""):
            assert text == " ".join(text.split()), f"{paper.id}: whitespace not collapsed"
        assert all(author.name == " ".join(author.name.split()) for author in paper.authors)
        assert paper.authors, f"{paper.id} has no authors"
        assert paper.published <= paper.updated or name.startswith("new2025")
        assert f"arxiv.org/abs/{paper.id.base}" in paper.abs_url
        assert f"arxiv.org/pdf/{paper.id.base}" in paper.pdf_url
        assert Paper.from_dict(paper.to_dict()) == paper


def test_single_new_style_paper_in_full() -> None:
    assert only_paper("new2026_single_1605.08386.xml") == Paper(
        id=ArxivId("1605.08386", 1),
        title="Heat-bath random walks with Markov bases",
        abstract=(
            "Graphs on lattice points are studied whose edges come from a finite set of allowed "
            "moves of arbitrary length. We show that the diameter of these graphs on fibers of a "
            "fixed integer matrix can be bounded from above by a constant. We then study the "
            "mixing behaviour of heat-bath random walks on these graphs. We also state explicit "
            "conditions on the set of moves so that the heat-bath random walk, a generalization "
            "of the Glauber dynamics, is an expander in fixed dimension."
        ),
        authors=(Author("Caprice Stanley"), Author("Tobias Windisch")),
        comment="20 pages, 3 figures",
        journal_ref=None,
        doi=None,
        primary_category="math.CO",
        categories=("math.CO", "math.ST"),
        published=date(2016, 5, 26),
        updated=date(2016, 5, 26),
        abs_url="https://arxiv.org/abs/1605.08386v1",
        pdf_url="https://arxiv.org/pdf/1605.08386v1",
    )


def test_many_authors_keep_non_ascii_names() -> None:
    paper = only_paper("new2026_single_34authors_nonascii_1707.08567.xml")
    assert len(paper.authors) == 34
    assert paper.author_names[0] == "Kees A. Schouhamer Immink"
    assert paper.author_names[-2:] == ["Dirk Wübben", "Hirosuke Yamamoto"]


def test_versioned_request_with_odd_title_and_dollar() -> None:
    paper = only_paper("new2026_versioned_2104.12255v1.xml")
    assert paper.id == ArxivId("2104.12255", 1)
    assert paper.title == "0"
    assert "generously awarded $35,000 in total" in paper.abstract


def test_old_style_with_affiliations_journal_ref_and_entities() -> None:
    paper = only_paper("new2026_oldstyle_astro-ph_0601001_affiliations_journalref.xml")
    assert paper.id == ArxivId("astro-ph/0601001", 1)
    assert paper.id.key == "astro-ph_0601001"
    assert paper.authors == (
        Author("Andrew Gould", ("Ohio State",)),
        Author("Susan Dorsher", ("Ohio State",)),
        Author("B. Scott Gaudi", ("CfA",)),
        Author("Andrzej Udalski", ("Warsaw University Observatory",)),
    )
    assert paper.journal_ref == "ActaAstron.56:1-50,2006"
    assert paper.comment is not None and paper.comment.endswith("ogle_hot_jupiters.ps.gz")
    # The new server keeps the old papers' leading spaces; they are stripped.
    assert paper.abstract.startswith("We derive the frequencies of hot Jupiters")
    assert "Gould & Morgan (2003)" in paper.abstract
    assert "V_max<17.5" in paper.abstract
    assert "(1/310)(1^{+1.39}_{-0.59})" in paper.abstract


def test_old_style_versioned_papers() -> None:
    hep = only_paper("new2026_oldstyle_versioned_hep-ex_0406020v1_affiliation.xml")
    assert hep.authors == (Author("Alessia Tricomi", ("for the ATLAS and CMS Collaborations",)),)
    quant = only_paper("new2026_oldstyle_versioned_quant-ph_0201082v1.xml")
    assert quant.id == ArxivId("quant-ph/0201082", 1)
    assert quant.categories == ("quant-ph", "cs.PL")


def test_legacy_32_authors_each_with_an_affiliation() -> None:
    paper = only_paper("legacy2019_oldstyle_32authors_affiliations_doi_astro-ph_9812133.xml")
    assert len(paper.authors) == 32
    assert paper.authors[0] == Author("S. Perlmutter", ("The Supernova Cosmology Project",))
    assert all(author.affiliations for author in paper.authors)
    assert paper.doi == "10.1086/307221"
    assert paper.comment == (
        "21 pages and 10 figures. Accepted for publication in the Astrophysical Journal. "
        "Individual color figures, supplementary tables, and preprint also available at "
        "http://www-supernova.lbl.gov/"
    )


def test_legacy_multi_line_titles_are_joined() -> None:
    assert only_paper("legacy2016_versioned_doi_journalref_1111.2011v2.xml").title == (
        "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    )
    paper = only_paper("legacy2019_single_doi_journalref_multiline_title_1710.08557.xml")
    assert paper.title == (
        "On Neuromechanical Approaches for the Study of Biological Grasp and Manipulation"
    )
    assert paper.doi == "10.1186/s12984-017-0305-3"
    assert paper.journal_ref == "Journal of NeuroEngineering and Rehabilitation, 2017"
    science = read("legacy2019_search_all_science_nonascii_msc_acm_categories.xml")
    assert science.papers[1].title == (
        "Report on a Boston University Conference December 7-8, 2012 on 'How Can the History "
        "and Philosophy of Science Contribute to Contemporary U.S. Science Teaching?'"
    )


def test_legacy_versioned_paper_with_doi_and_journal_ref() -> None:
    paper = only_paper("legacy2016_versioned_doi_journalref_1111.2011v2.xml")
    assert paper.id == ArxivId("1111.2011", 2)
    assert paper.doi == "10.1103/PhysRevB.85.115117"
    assert paper.journal_ref == "Phys. Rev. B 85, 115117 (2012)"
    assert paper.comment == "8 pages, 3 figures. Published version"
    assert (paper.published, paper.updated) == (date(2011, 11, 8), date(2012, 4, 2))
    assert paper.primary_category == "cond-mat.str-el"
    assert paper.abs_url == "http://arxiv.org/abs/1111.2011v2"
    assert paper.pdf_url == "http://arxiv.org/pdf/1111.2011v2"


def test_msc_and_acm_classes_are_not_categories() -> None:
    science = read("legacy2019_search_all_science_nonascii_msc_acm_categories.xml")
    by_id = {str(paper.id): paper for paper in science.papers}
    assert by_id["1802.03292v1"].categories == ("cs.LO",)
    names = [name for paper in science.papers for name in paper.author_names]
    assert "Yann Benétreau-Dupin" in names
    assert "Hans R. Künsch" in names
    legacy = only_paper("legacy2025-08_single_doi_journalref_latex_2206.06921.xml")
    assert legacy.categories == ("math.CA", "math.DS", "math.MG")


def test_linkbug_links_are_derived_from_the_id() -> None:
    """The 2025-11-11 server sent abs/pdf links without rel/type/title."""
    new = only_paper("new2025-11-11_single_doi_journalref_latex_2206.06921_linkbug.xml")
    assert new.abs_url == "https://arxiv.org/abs/2206.06921"
    assert new.pdf_url == "https://arxiv.org/pdf/2206.06921"
    legacy = only_paper("legacy2025-08_single_doi_journalref_latex_2206.06921.xml")
    assert legacy.abs_url == "http://arxiv.org/abs/2206.06921v3"
    assert legacy.pdf_url == "http://arxiv.org/pdf/2206.06921v3"
    # The same paper from both generations.
    assert (new.id, new.title, new.doi, new.journal_ref) == (
        legacy.id,
        legacy.title,
        legacy.doi,
        legacy.journal_ref,
    )
    assert new.journal_ref == "Indiana Univ. Math. J. 73 (2024), 1331-1356"
    assert "Hölder" in new.abstract and 'H\\"older' in legacy.abstract
    assert (new.updated, legacy.updated) == (date(2025, 1, 30), date(2024, 8, 12))
    for name in (
        "new2025-11-11_search_electron_AND_proton_linkbug.xml",
        "new2025-11-11_search_cat_math.CA_AND_ti_diffuse_latex_linkbug.xml",
        "new2025-11-11_multi_id_3_nonexistent_2201.13452_linkbug.xml",
    ):
        for paper in read(name).papers:
            assert (paper.abs_url, paper.pdf_url) == (paper.id.abs_url, paper.id.pdf_url)


def test_linkbug_search_keeps_affiliations() -> None:
    feed = read("new2025-11-11_search_electron_AND_proton_linkbug.xml")
    affiliations = {a for paper in feed.papers for au in paper.authors for a in au.affiliations}
    assert "Rutherford" in affiliations


def test_original_2007_example_has_an_unversioned_entry_id() -> None:
    paper = only_paper("arxivdocs2007_search_all_electron_typical_response_example.xml")
    assert paper.id == ArxivId("hep-ex/0307015", None)
    assert paper.authors == (Author("H1 Collaboration"),)
    assert paper.published == date(2003, 7, 7)
    assert paper.journal_ref == "Eur.Phys.J. C31 (2003) 17-29"
    assert paper.title == (
        "Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA"
    )


@pytest.mark.parametrize(
    ("name", "message", "rejected"),
    [
        ("new2026_malformed_id_abc_HTTP400_error.xml", "incorrect id format for abc", "abc"),
        (
            "legacy2019_malformed_id_INVALIDID_HTTP400_error.xml",
            "incorrect id format for INVALIDID",
            "INVALIDID",
        ),
        (
            "arxivdocs2007_malformed_id_1234.12345_error_example.xml",
            "incorrect id format for 1234.12345",
            "1234.12345",
        ),
    ],
)
def test_error_entries_name_the_rejected_id(name: str, message: str, rejected: str) -> None:
    feed = read(name)
    assert feed.errors == [FeedError(message, rejected)]
    assert feed.papers == []
    assert not feed.is_unexpectedly_empty


def test_legacy_missing_ids_are_empty_entries_not_papers() -> None:
    feed = read("legacy2025-08_multi_id_3_nonexistent_empty_entry_2201.13452.xml")
    assert [str(paper.id) for paper in feed.papers] == ["2201.13452v1"]
    assert feed.empty_entries == 3
    assert not feed.is_unexpectedly_empty
    assert feed.papers[0].title == (
        "Asymptotic Analysis for a Nonlinear Reaction-Diffusion System Modeling an Infectious "
        "Disease"
    )
    assert feed.papers[0].abstract.startswith("In this paper we study a nonlinear")
    assert feed.papers[0].categories == ("math.AP",)  # the MSC class "35" is dropped


def test_new_server_drops_missing_ids() -> None:
    feed = read("new2025-11-11_multi_id_3_nonexistent_2201.13452_linkbug.xml")
    assert [str(paper.id) for paper in feed.papers] == ["2201.13452v1"]
    assert feed.empty_entries == 0
    both = read("new2026_multi_id_one_nonexistent_0808.05394_1707.08567.xml")
    assert [paper.id.base for paper in both.papers] == ["1707.08567"]


@pytest.mark.parametrize(
    "name",
    [
        "new2026_nonexistent_0000.0000_empty_feed.xml",
        "new2026_nonexistent_0808.05394_empty_feed.xml",
        "new2025-11-11_nonexistent_1201.56789_empty_feed.xml",
    ],
)
def test_empty_feed_means_not_found(name: str) -> None:
    feed = read(name)
    assert (feed.papers, feed.errors, feed.total_results) == ([], [], 0)
    assert not feed.is_unexpectedly_empty


def test_zero_entries_while_counting_results_is_unexpectedly_empty() -> None:
    assert read("legacy2025-08_nonexistent_1201.56789_totalResults1_no_entry.xml").papers == []
    assert read(
        "legacy2025-08_nonexistent_1201.56789_totalResults1_no_entry.xml"
    ).is_unexpectedly_empty


def test_search_pages_overlap_as_recorded() -> None:
    start05 = [p.id for p in read("new2026_search_all-testing_start05_max015.xml").papers]
    start09 = [p.id for p in read("new2026_search_all-testing_start09_max015.xml").papers]
    assert start05[4:] == start09[:11]
    page100 = read("new2026_search_all-testing_start00_max100.xml").papers
    assert page100[0].title == read("new2026_search_all-testing_start00_max010.xml").papers[0].title
    assert sum(1 for paper in page100 if paper.doi) == 32
    assert sum(1 for paper in page100 if paper.journal_ref) == 18
    assert any(paper.title.startswith("$ω$Test:") for paper in page100)


# --- not a feed ---------------------------------------------------------------------------

HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n"
    b"<body><h1>Service Unavailable</h1><p>Try again later.<br></body></html>"
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "arXiv answered with an empty body instead of an Atom feed."),
        (b"  \n\t", "arXiv answered with an empty body instead of an Atom feed."),
        (
            HTML_PAGE,
            "arXiv answered with an HTML page instead of an Atom feed (145 bytes): "
            '"<!DOCTYPE html> <html><head><title>503 Service Unavailable</title></head> '
            '<body><h1>Service Unavailable</h1><p>Try agai…"',
        ),
        (
            b"<html><body>Maintenance</body></html>",
            "arXiv answered with an HTML page instead of an Atom feed (37 bytes): "
            '"<html><body>Maintenance</body></html>"',
        ),
        (
            b"Rate exceeded.",
            'arXiv answered with plain text instead of an Atom feed (14 bytes): "Rate exceeded."',
        ),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
            "arXiv answered with XML that is not an Atom feed instead of an Atom feed (81 bytes): "
            '"<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>"',
        ),
        (
            b"/etc/passwd",
            'arXiv answered with plain text instead of an Atom feed (11 bytes): "/etc/passwd"',
        ),
        (
            b'{"error": "rate"}',
            "arXiv answered with plain text instead of an Atom feed (17 bytes): "
            '"{"error": "rate"}"',
        ),
    ],
)
def test_not_a_feed_is_a_clear_error(body: bytes, message: str) -> None:
    with pytest.raises(NotAFeed) as caught:
        parse_feed(body)
    assert caught.value.message == message
    assert isinstance(caught.value, NetworkError)
    assert caught.value.exit_code == 1


def test_truncated_xml_is_not_a_feed() -> None:
    data = (FIXTURES / "new2026_single_1605.08386.xml").read_bytes()
    with pytest.raises(NotAFeed) as caught:
        parse_feed(data[:1200])
    assert caught.value.message.startswith(
        "arXiv answered with broken or truncated XML instead of an Atom feed (1200 bytes): "
        "\"<?xml version='1.0' encoding='UTF-8'?> <feed xmlns:opensearch=\"http://a9.com/"
    )


@pytest.mark.parametrize(
    "name",
    [
        "new2026_single_1605.08386.xml",
        "legacy2025-08_multi_id_3_nonexistent_empty_entry_2201.13452.xml",
        "new2026_malformed_id_abc_HTTP400_error.xml",
    ],
)
@given(fraction=st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_any_truncation_is_not_a_feed(name: str, fraction: float) -> None:
    data = (FIXTURES / name).read_bytes()
    end = data.rindex(b"</feed>") + len(b"</feed>")
    with pytest.raises(NotAFeed):
        parse_feed(data[: int(end * fraction)])


def test_an_entry_that_is_not_an_arxiv_paper_is_not_a_feed() -> None:
    data = (FIXTURES / "new2026_single_1605.08386.xml").read_bytes()
    broken = data.replace(b"http://arxiv.org/abs/1605.08386v1", b"https://example.org/x")
    with pytest.raises(NotAFeed) as caught:
        parse_feed(broken)
    assert caught.value.message == (
        "arXiv answered with an entry whose id is not an arXiv paper: 'https://example.org/x'"
    )


@given(st.binary(max_size=200))
def test_random_bytes_never_crash(data: bytes) -> None:
    try:
        parse_feed(data)
    except NotAFeed as error:
        assert error.message.startswith("arXiv answered with ")
        assert all(ch.isprintable() for ch in error.message)


def test_control_characters_in_a_body_are_not_echoed() -> None:
    with pytest.raises(NotAFeed) as caught:
        parse_feed(b"oops \x1b[2J\x07 cleared")
    assert caught.value.message == (
        "arXiv answered with plain text instead of an Atom feed (18 bytes): "
        '"oops \ufffd[2J\ufffd cleared"'
    )


# --- stored form --------------------------------------------------------------------------


def test_from_dict_refuses_anything_malformed() -> None:
    good = only_paper("new2026_oldstyle_astro-ph_0601001_affiliations_journalref.xml").to_dict()
    assert Paper.from_dict(good).authors[3].affiliations == ("Warsaw University Observatory",)
    for broken in (
        {**good, "id": "not an id"},
        {**good, "published": "yesterday"},
        {**good, "title": 3},
        {**good, "authors": [{"name": "x"}]},
        {k: v for k, v in good.items() if k != "doi"},
        {**good, "categories": None},
    ):
        with pytest.raises(ValueError, match="^not a stored paper"):
            Paper.from_dict(broken)


def test_an_entry_without_any_date_is_refused() -> None:
    data = (FIXTURES / "new2026_single_1605.08386.xml").read_bytes()
    for tag in (b"updated", b"published"):
        start, end = data.index(b"<" + tag + b">", 500), data.index(b"</" + tag + b">", 500)
        data = data[:start] + data[end + len(tag) + 3 :]
    feed = parse_feed(data)
    assert feed.papers == []
    assert feed.refused == {"1605.08386": "arXiv's entry for 1605.08386v1 has no date: refused"}
    assert not feed.is_unexpectedly_empty  # an answer about the ID, not an empty page


def test_an_entry_with_only_an_updated_date_uses_it_for_both() -> None:
    data = (FIXTURES / "new2026_single_1605.08386.xml").read_bytes()
    start = data.index(b"<published>")
    data = data[:start] + data[data.index(b"</published>") + len(b"</published>") :]
    paper = parse_feed(data).papers[0]
    assert (paper.published, paper.updated) == (date(2016, 5, 26), date(2016, 5, 26))
