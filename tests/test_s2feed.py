"""Reading Semantic Scholar's answers (wmcurate.s2feed): the recorded ones in fixtures/s2,
and built ones for arXiv papers (built on the recorded shape; see fixtures/s2/SOURCES.md)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from s2_server import TOO_MANY_REQUESTS, paper_record, publication_venue, recorded

from wmcurate.s2feed import (
    NotS2Answer,
    PublicationVenue,
    S2Paper,
    error_text,
    paper_from_cache,
    parse_batch,
)

FIXTURES = Path(__file__).parent / "fixtures" / "s2"


def body(name: str) -> bytes:
    text: str = recorded(name)["response"]["body"]
    return text.encode()


def test_the_recorded_batch_answer_reads_in_request_order_with_null_for_the_unknown() -> None:
    exchange = recorded("batch_full_fields_one_unknown.json")
    asked = json.loads(exchange["request"]["body"])["ids"]

    papers = parse_batch(body("batch_full_fields_one_unknown.json"), len(asked))

    assert papers[0] is None  # CorpusId:211530585 is unknown
    first = papers[1]
    assert first == S2Paper(
        paper_id="c31c87c591a25c64fbaa82e8ac6a81831b6ac7ce",
        title="How Much Should We Trust Differences-in-Differences Estimates?",
        authors=("Marianne Bertrand", "E. Duflo", "S. Mullainathan"),
        venue="",
        publication_venue=None,
        year=2001,
        publication_date=dt.date(2001, 10, 1),
        doi="10.2139/ssrn.288970",
        arxiv=None,
        citation_count=10670,
    )
    last = papers[3]
    assert last is not None
    assert (last.publication_date, last.citation_count, last.doi) == (None, 0, "10.1257/rct.1355")


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("batch_403_forbidden.json", "Forbidden"),
        ("single_404_not_found.json", "Paper with id 0 not found"),
        ("single_400_bad_fields.json", "Unrecognized or unsupported fields: [unknown]"),
    ],
)
def test_error_bodies_say_what_went_wrong(name: str, said: str) -> None:
    assert error_text(body(name)) == said
    with pytest.raises(NotS2Answer, match="answered with an error instead of papers"):
        parse_batch(body(name), 1)


def test_every_recorded_fixture_is_read_by_a_test() -> None:
    used = {"batch_full_fields_one_unknown.json", "batch_403_forbidden.json",
            "single_404_not_found.json", "single_400_bad_fields.json"}
    assert {p.name for p in FIXTURES.glob("*.json")} == used


def test_the_429_body_is_read_as_a_message() -> None:
    assert error_text(TOO_MANY_REQUESTS) == (
        "Too Many Requests. Please wait and try again or apply for a key for higher rate "
        "limits. https://www.semanticscholar.org/product/api#api-key-form"
    )


def test_a_built_arxiv_record_with_a_venue_record() -> None:
    # Built on the recorded shape: an arXiv paper merged with its published version.
    venue = publication_venue("Computer Vision and Pattern Recognition", "conference",
                              ["CVPR", "Comput Vis Pattern Recognit"])
    record = paper_record("2212.09748", "Scalable Diffusion Models with Transformers",
                          ("William S. Peebles", "Saining Xie"),
                          venue="IEEE International Conference on Computer Vision",
                          publication_venue=venue, year=2023, date="2023-10-01",
                          doi="10.1109/ICCV51070.2023.00387", citations=2000)

    (paper,) = parse_batch(json.dumps([record]).encode(), 1)

    assert paper is not None
    assert paper.arxiv == "2212.09748"
    assert paper.publication_venue == PublicationVenue(
        "Computer Vision and Pattern Recognition", "conference",
        ("CVPR", "Comput Vis Pattern Recognit"), venue["id"])
    assert paper.publication_venue.names[0] == "Computer Vision and Pattern Recognition"
    assert paper_from_cache(paper.to_dict()) == paper


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty page"),
        (b"<!DOCTYPE html><html><body>Bad gateway</body></html>", "not JSON: '<!DOCTYPE html>"),
        (b'[null, {"paperId": "abc", "title": "A', "cut off or broken JSON"),
        (b'{"data": []}', "answered with an error instead of papers"),
        (b'"papers"', "answered a string instead of a list"),
        (b"[null]", "answered 1 record(s) for 2 id(s) asked"),
        (b"[null, 3]", "record 2 is a number, not a paper or null"),
        (b'[null, {"title": "No id"}]', "record 2 has no paperId"),
        (b"\xff\xfe[", "not JSON"),
    ],
)
def test_what_is_not_a_batch_answer_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(NotS2Answer, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_batch(data, 2)


def test_fields_of_the_wrong_type_or_size_are_treated_as_absent() -> None:
    record: dict[str, Any] = {
        "paperId": "p1",
        "title": ["not", "a", "string"],
        "authors": [{"name": "Ada Lovelace"}, {"name": 7}, "Alan Turing", {"name": " "}],
        "venue": "x" * 5000,
        "publicationVenue": {"name": "", "type": "conference"},
        "year": True,
        "publicationDate": "31 Feb 2023",
        "externalIds": {"ArXiv": "2303.11328v3", "DOI": 42},
        "citationCount": -5,
    }
    (paper,) = parse_batch(json.dumps([record]).encode(), 1)
    assert paper == S2Paper(paper_id="p1", title="", authors=("Ada Lovelace",), venue="",
                            publication_venue=None, year=None, publication_date=None,
                            doi=None, arxiv="2303.11328", citation_count=None)


def test_control_characters_and_line_breaks_never_reach_the_list() -> None:
    record = {"paperId": "p1", "title": "A\nTitle\x1b[2J with\u202e tricks",
              "venue": "Conf\u200b on\tThings", "year": "2023",
              "publicationVenue": {"name": "Conf on Things", "type": "Conference",
                                   "alternate_names": ["CoT", "CoT", 5, "Conf on Things"]}}
    (paper,) = parse_batch(json.dumps([record]).encode(), 1)
    assert paper is not None
    assert paper.title == "A Title [2J with tricks"
    assert paper.venue == "Conf on Things"
    assert paper.year == 2023
    assert paper.publication_venue == PublicationVenue("Conf on Things", "conference", ("CoT",))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=6),
    max_leaves=30,
)
RECORD = st.fixed_dictionaries(
    {"paperId": st.text(min_size=1, max_size=8)},
    optional={key: JSON for key in ("title", "authors", "venue", "publicationVenue", "year",
                                    "publicationDate", "externalIds", "citationCount")},
)


@settings(derandomize=True, max_examples=300)
@given(st.lists(st.none() | RECORD | JSON, max_size=4))
def test_any_json_is_read_as_papers_or_refused_as_not_an_answer(answer: list[Any]) -> None:
    data = json.dumps(answer).encode()
    try:
        papers = parse_batch(data, len(answer))
    except NotS2Answer:
        return
    assert len(papers) == len(answer)
    for paper in papers:
        if paper is not None:
            assert paper_from_cache(paper.to_dict()) == paper
