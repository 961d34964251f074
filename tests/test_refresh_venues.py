"""Never a wrong venue: is a record the same paper (refresh.samepaper), and which venue of the
list's does it name (refresh.venuemap).

Semantic Scholar records here are BUILT on the recorded batch answer's shape
(tests/s2_server.py, fixtures/s2/SOURCES.md); the venues' names are real ones.
"""

from __future__ import annotations

from typing import Any

import pytest
from arxiv_server import entry_xml, feed_xml
from s2_server import paper_record, publication_venue

from wmcurate.feed import parse_feed
from wmcurate.refresh.samepaper import normalise_title, same_paper, surnames, titles_match
from wmcurate.refresh.venuemap import Mapped, Unclear, from_arxiv, from_s2, is_preprint_server
from wmcurate.s2feed import S2Paper, from_record
from wmcurate.venues import VenueIndex, venue_index

#: A vocabulary as lists write it: a few listed venues with aliases, and one no catalogue has.
VOCABULARY = (
    ("CVPR", ("Computer Vision and Pattern Recognition", "IEEE/CVF CVPR")),
    ("ICCV", ("International Conference on Computer Vision",)),
    ("NeurIPS", ("NIPS", "Neural Information Processing Systems")),
    ("TPAMI", ("IEEE TPAMI",)),
    ("WMConf", ()),
    ("arXiv", ()),
)
INDEX: VenueIndex = venue_index(VOCABULARY)


def s2(venue: str = "", record: dict[str, Any] | None = None, year: int | None = 2023,
       **fields: Any) -> S2Paper:
    return from_record(paper_record("2303.11328", "A Paper", venue=venue,
                                    publication_venue=record, year=year, **fields))


# -- the same paper -------------------------------------------------------------------------


def test_titles_match_after_folding_case_accents_punctuation_and_spacing() -> None:
    assert normalise_title("Zero-1-to-3: Zero-shot  One Image to 3D Object") == \
        "zero 1 to 3 zero shot one image to 3d object"
    assert titles_match("NeRF: Representing Scenes as Neural Radiance Fields",
                        "Nerf - representing scenes as neural radiance fields")
    assert titles_match("Décomposition à la volée", "Decomposition a la volee")
    assert titles_match("Sora & Friends", "Sora and Friends")


def test_titles_very_close_match_but_another_number_never_does() -> None:
    assert titles_match("Scalable Diffusion Models with Transformers",
                        "Scalable Diffusion Model with Transformers")  # a dropped letter
    assert not titles_match("GAIA-1: A Generative World Model for Autonomous Driving",
                            "GAIA-2: A Generative World Model for Autonomous Driving")
    assert not titles_match("World Models", "Recurrent World Models Facilitate Policy "
                            "Evolution")
    assert not titles_match("", "")


def test_surnames_are_last_words_without_suffixes() -> None:
    assert surnames(["Basile Van Hoorick", "Martin Luther King Jr.", "E. Duflo", "Zoë Ré"]) \
        == {"hoorick", "king", "duflo", "re"}


def test_same_paper_needs_the_title_and_a_shared_surname() -> None:
    title, authors = "Learning to Simulate", ("Ada Lovelace", "Alan Turing")
    assert same_paper(title, authors, "Learning to simulate.", ("A. Turing",)) is None
    assert same_paper(title, authors, "Learning to Simulate",
                      ("Grace Hopper", "John von Neumann", "Kurt Gödel", "Emmy Noether")) == (
        "no author surname is shared (it lists Grace Hopper, John von Neumann, Kurt Gödel "
        "et al.)")
    assert same_paper(title, authors, "Learning to Forget", authors) == \
        "its title 'Learning to Forget' does not match"
    assert same_paper(title, authors, title, ()) == "no author list to compare"


# -- Semantic Scholar's venue ---------------------------------------------------------------


def test_a_conference_is_reached_through_its_alternate_names() -> None:
    # The list knows WMConf by its acronym only; the record's name is not a spelling of it.
    record = publication_venue("World Model Conference", "conference", ["WMConf", "World Model "
                                                                      "Conf"])
    assert from_s2(s2("World Model Conference", record), INDEX) == \
        Mapped("WMConf", 2023, "World Model Conference", "semantic_scholar", "Semantic Scholar")


def test_a_conference_by_its_full_name_takes_the_lists_spelling() -> None:
    record = publication_venue("Neural Information Processing Systems", "conference",
                               ["Neural Inf Process Syst", "NeurIPS", "NIPS"])
    found = from_s2(s2("Neural Information Processing Systems", record, 2024), INDEX)
    assert isinstance(found, Mapped) and found.value == "NeurIPS 2024"


def test_a_journal() -> None:
    record = publication_venue("IEEE Transactions on Pattern Analysis and Machine Intelligence",
                               "journal", ["IEEE Trans Pattern Anal Mach Intell"])
    found = from_s2(s2("IEEE Transactions on Pattern Analysis and Machine Intelligence", record,
                       2024, date="2024-03-01"), INDEX)
    assert isinstance(found, Mapped) and found.value == "TPAMI 2024"


def test_a_venue_the_catalogue_knows_and_the_list_does_not_is_written_the_catalogues_way(
) -> None:
    record = publication_venue("ACM Transactions on Graphics", "journal",
                               ["ACM Trans Graph"])
    found = from_s2(s2("ACM Transactions on Graphics", record), INDEX)
    assert isinstance(found, Mapped) and found.value == "TOG 2023"


def test_a_workshop_of_a_conference_is_the_workshop_never_the_conference() -> None:
    # Semantic Scholar files workshop papers under the conference's venue record at times;
    # the venue text says workshop.
    record = publication_venue("Computer Vision and Pattern Recognition", "conference",
                               ["CVPR"])
    text = "2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops (CVPRW)"
    found = from_s2(s2(text, record), INDEX)
    assert isinstance(found, Mapped) and found.value == "CVPRW 2023"


def test_a_workshop_without_a_name_in_the_list_or_catalogue_needs_a_look() -> None:
    record = publication_venue("Computer Vision and Pattern Recognition", "conference",
                               ["CVPR"])
    found = from_s2(s2("Workshop on Generative World Models at CVPR", record), INDEX)
    assert found == Unclear(
        "Semantic Scholar says it appeared at a workshop of CVPR ('Computer Vision and Pattern "
        "Recognition' (also called 'CVPR', 'Workshop on Generative World Models at CVPR')): a "
        "workshop is not the main conference, and neither the list's venues nor wmcurate's "
        "catalogue has a name for this one; add it to venues: in wmcurate.yaml, then run "
        "refresh again")


@pytest.mark.parametrize("venue, record", [
    ("arXiv.org", None),
    ("ArXiv", publication_venue("arXiv.org", "journal", ["ArXiv"])),
    ("", publication_venue("bioRxiv", None)),
    ("CoRR", None),
    ("", None),
])
def test_a_preprint_server_is_no_venue(venue: str, record: dict[str, Any] | None) -> None:
    assert from_s2(s2(venue, record), INDEX) is None


def test_preprint_servers_are_recognised() -> None:
    assert all(is_preprint_server(t) for t in ("arXiv.org", "CoRR", "SSRN", "medRxiv",
                                               "arXiv preprint"))
    assert not is_preprint_server("Computer Vision and Pattern Recognition")


def test_a_venue_nobody_knows_is_named_in_full_for_a_human_and_never_written() -> None:
    record = publication_venue("Journal of Imaginary World Models", "journal",
                               ["J Imag World Model", "JIWM"])
    assert from_s2(s2("Journal of Imaginary World Models", record), INDEX) == Unclear(
        "Semantic Scholar says it appeared at 'Journal of Imaginary World Models' (also called "
        "'J Imag World Model', 'JIWM'), which neither the list's venues nor wmcurate's "
        "catalogue knows: add it to venues: in wmcurate.yaml (its short name, with these "
        "names as aliases), then run refresh again")


def test_a_record_naming_two_venues_needs_a_look() -> None:
    record = publication_venue("International Conference on Computer Vision", "conference",
                               ["ICCV"])
    found = from_s2(s2("Computer Vision and Pattern Recognition", record), INDEX)
    assert isinstance(found, Unclear)
    assert found.reason.endswith("names more than one venue: ICCV, CVPR")


def test_a_conference_called_a_journal_needs_a_look() -> None:
    record = publication_venue("Neural Information Processing Systems", "journal", [])
    found = from_s2(s2("", record), INDEX)
    assert found == Unclear("Semantic Scholar calls 'Neural Information Processing Systems' a "
                            "journal, but NeurIPS is a conference: check which one it is")


def test_no_year_needs_a_look() -> None:
    found = from_s2(s2("Neural Information Processing Systems", None, None), INDEX)
    assert isinstance(found, Unclear) and found.reason.endswith("gives no year: add the year "
                                                                "by hand")


def test_the_date_gives_the_year_when_the_year_is_missing() -> None:
    found = from_s2(s2("Neural Information Processing Systems", None, None,
                       date="2022-11-28"), INDEX)
    assert isinstance(found, Mapped) and found.value == "NeurIPS 2022"


# -- arXiv's own words ----------------------------------------------------------------------


def paper(comment: str | None = None, journal_ref: str | None = None) -> Any:
    xml = entry_xml("2303.11328", "A Paper", comment=comment, journal_ref=journal_ref)
    return parse_feed(feed_xml([xml], "id_list=2303.11328")).papers[0]


def test_arxiv_comment_naming_a_listed_venue() -> None:
    found = from_arxiv(paper("Accepted to ICCV 2023. Project page: https://x.github.io"), INDEX)
    assert isinstance(found, Mapped)
    assert (found.value, found.origin, found.evidence) == (
        "ICCV 2023", "comment", 'arXiv comment: "Accepted to ICCV 2023."')


def test_arxiv_journal_reference_nobody_knows_needs_a_look() -> None:
    found = from_arxiv(paper(journal_ref="Imaginary Letters 12, 34 (2024)"), INDEX)
    assert isinstance(found, Unclear)
    assert found.reason.startswith("arXiv's journal reference names 'Imaginary Letters'")


def test_arxiv_saying_nothing_or_submitted_is_no_venue() -> None:
    assert from_arxiv(paper(), INDEX) is None
    assert from_arxiv(paper("Submitted to CVPR 2024"), INDEX) is None
