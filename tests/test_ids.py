from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from wmcurate.errors import WmcurateError
from wmcurate.ids import (
    ACCEPTED_FORMS,
    OLD_STYLE_ARCHIVES,
    ArxivId,
    InvalidArxivId,
    arxiv_id_from_url,
    parse_arxiv_id,
    parse_arxiv_ids,
)

# What may ever be put in an id_list: nothing that could change the meaning of the query.
SAFE_TO_SEND = re.compile(r"(?:[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?/[0-9]{7})(?:v[1-9][0-9]*)?")


@pytest.mark.parametrize(
    ("text", "base", "version"),
    [
        # bare new-style, both eras
        ("2303.11328", "2303.11328", None),
        ("0704.0001", "0704.0001", None),
        ("1412.9999", "1412.9999", None),
        ("1501.00001", "1501.00001", None),
        ("2303.11328v2", "2303.11328", 2),
        ("2303.11328v12", "2303.11328", 12),
        ("2303.11328V3", "2303.11328", 3),
        # prefixes, any case
        ("arXiv:2303.11328", "2303.11328", None),
        ("ARXIV:2303.11328v2", "2303.11328", 2),
        ("arxiv: 2303.11328", "2303.11328", None),
        ("arXiv:hep-th/9901001", "hep-th/9901001", None),
        # abs / pdf / html / export URLs
        ("https://arxiv.org/abs/2303.11328", "2303.11328", None),
        ("http://arxiv.org/abs/2303.11328v2", "2303.11328", 2),
        ("https://arxiv.org/abs/2303.11328/", "2303.11328", None),
        ("https://arxiv.org/abs/2303.11328?context=cs.CV", "2303.11328", None),
        ("https://arxiv.org/abs/2303.11328v1#S3", "2303.11328", 1),
        ("https://arxiv.org/pdf/2303.11328", "2303.11328", None),
        ("https://arxiv.org/pdf/2303.11328.pdf", "2303.11328", None),
        ("https://arxiv.org/pdf/2303.11328v2.pdf", "2303.11328", 2),
        ("https://arxiv.org/pdf/2303.11328v2", "2303.11328", 2),
        ("https://arxiv.org/html/2303.11328v2", "2303.11328", 2),
        ("https://arxiv.org/html/2303.11328v2/", "2303.11328", 2),
        ("https://export.arxiv.org/abs/2303.11328", "2303.11328", None),
        ("http://export.arxiv.org/pdf/2303.11328v1.pdf", "2303.11328", 1),
        ("https://www.arxiv.org/abs/2303.11328", "2303.11328", None),
        ("HTTPS://ARXIV.ORG/abs/2303.11328", "2303.11328", None),
        ("arxiv.org/abs/2303.11328", "2303.11328", None),
        ("https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001", 2),
        ("https://arxiv.org/pdf/hep-th/9901001v1.pdf", "hep-th/9901001", 1),
        ("https://arxiv.org/abs/math.GT/0309136", "math/0309136", None),
        # DataCite DOI, bare and as a URL
        ("10.48550/arXiv.2303.11328", "2303.11328", None),
        ("10.48550/ARXIV.2303.11328", "2303.11328", None),
        ("doi:10.48550/arXiv.2303.11328", "2303.11328", None),
        ("https://doi.org/10.48550/arXiv.2303.11328", "2303.11328", None),
        ("http://dx.doi.org/10.48550/arXiv.2303.11328", "2303.11328", None),
        ("https://doi.org/10.48550/arXiv.hep-th/9901001", "hep-th/9901001", None),
        # old style
        ("hep-th/9901001", "hep-th/9901001", None),
        ("hep-th/9901001v2", "hep-th/9901001", 2),
        ("math.GT/0309136", "math/0309136", None),
        ("cond-mat.stat-mech/0601001", "cond-mat/0601001", None),
        ("astro-ph/0703999", "astro-ph/0703999", None),
        ("HEP-TH/9901001", "hep-th/9901001", None),
        ("quant-ph/0201082v1", "quant-ph/0201082", 1),
        # wrapping
        ("  2303.11328\n", "2303.11328", None),
        ("<https://arxiv.org/abs/2303.11328>", "2303.11328", None),
        (" < arXiv:2303.11328v2 > ", "2303.11328", 2),
        # brackets, quotes, parentheses and the punctuation of the sentence it came from
        ("[2303.11328]", "2303.11328", None),
        ("(arXiv:2303.11328)", "2303.11328", None),
        ("2303.11328.", "2303.11328", None),
        ("2303.11328v2,", "2303.11328", 2),
        ('"2303.11328"', "2303.11328", None),
        ("'hep-th/9901001';", "hep-th/9901001", None),
        ("`2303.11328`", "2303.11328", None),
        ("\u201carXiv:2303.11328\u201d", "2303.11328", None),
        ("\u300c2303.11328\u300d\u3002", "2303.11328", None),
        ("[arXiv:2303.11328].", "2303.11328", None),
        ("(https://arxiv.org/abs/2303.11328v3).", "2303.11328", 3),
        ("https://arxiv.org/abs/2303.11328.", "2303.11328", None),
        ("{2303.11328}", "2303.11328", None),
        # mirrors and readers that keep the ID in the path
        ("https://huggingface.co/papers/2303.11328", "2303.11328", None),
        ("huggingface.co/papers/2303.11328#community", "2303.11328", None),
        ("https://www.alphaxiv.org/abs/2303.11328v2", "2303.11328", 2),
        ("alphaxiv.org/abs/2303.11328", "2303.11328", None),
        ("https://www.alphaxiv.org/overview/2303.11328", "2303.11328", None),
        ("https://alphaxiv.org/abs/hep-th/9901001", "hep-th/9901001", None),
        ("https://ar5iv.labs.arxiv.org/html/2303.11328", "2303.11328", None),
        ("https://ar5iv.org/abs/2303.11328", "2303.11328", None),
        ("https://browse.arxiv.org/abs/2303.11328v1", "2303.11328", 1),
        ("http://xxx.lanl.gov/abs/hep-th/9901001", "hep-th/9901001", None),
        ("https://www.semanticscholar.org/arxiv/2303.11328", "2303.11328", None),
        ("https://scirate.com/arxiv/2303.11328", "2303.11328", None),
        ("https://paperswithcode.com/arxiv/2303.11328", "2303.11328", None),
        ("https://paperswithcode.com/paper/arxiv:2303.11328", "2303.11328", None),
        ("https://papers.cool/arxiv/2303.11328", "2303.11328", None),
        ("https://www.arxiv-vanity.com/papers/2303.11328/", "2303.11328", None),
    ],
)
def test_every_pasted_form_parses(text: str, base: str, version: int | None) -> None:
    assert parse_arxiv_id(text) == ArxivId(base, version)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("abc", None),
        ("2303.1132", "IDs from 2015 on have 5 digits after the dot"),
        ("2303.123", "a new-style ID has 4 or 5 digits after the dot"),
        ("2303.113289", "a new-style ID has 4 or 5 digits after the dot"),
        ("2313.11328", "month 13 in 2313 does not exist"),
        ("2300.11328", "month 00 in 2300 does not exist"),
        ("0000.0000", "month 00 in 0000 does not exist"),
        ("0701.0001", "IDs of this form start in April 2007, at 0704"),
        ("1412.12345", "IDs before 2015 have 4 digits after the dot"),
        ("1501.1234", "IDs from 2015 on have 5 digits after the dot"),
        ("0808.05394", "IDs before 2015 have 4 digits after the dot"),
        ("2303.00000", "paper numbers start at 1"),
        ("2303.11328v0", "versions start at v1"),
        ("hepth/9901001", "'hepth' is not an arXiv archive"),
        ("hep-th/9913001", "month 13 in 9913 does not exist"),
        ("hep-th/0704001", "IDs of this form ended in March 2007, at 0703"),
        ("hep-th/9901000", "paper numbers start at 1"),
        ("hep-th/990100", None),
        ("https://github.com/cvlab-columbia/zero123", "it is a link, but not to an arXiv paper"),
        ("https://arxiv.org/list/cs.CV/recent", "it is a link, but not to an arXiv paper"),
        ("https://doi.org/10.1109/CVPR.2023.001", "it is a link, but not to an arXiv paper"),
        ("2303.11328,2303.11329", None),
        ("2303.11328 extra", None),
        ("arXiv:", None),
        # Pastes that do not carry exactly one ID, or not where a mirror keeps it.
        ("[2303.11328", None),
        ("(2303.11328]", None),
        ("[2303.11328] [2303.11329]", None),
        ("huggingface.co/models/stabilityai/zero123-xl", "it is a link, but not to an arXiv paper"),
        ("https://huggingface.co/papers", "it is a link, but not to an arXiv paper"),
        ("https://www.alphaxiv.org/explore/2303.11328", "it is a link, but not to an arXiv paper"),
        ("https://example.org/abs/2303.11328", "it is a link, but not to an arXiv paper"),
        ("https://arxiv.org.evil.example/abs/2303.11328",
         "it is a link, but not to an arXiv paper"),
        ("2303.11328!?x", None),
    ],
)
def test_malformed_input_names_it_and_lists_the_accepted_forms(
    text: str, reason: str | None
) -> None:
    with pytest.raises(InvalidArxivId) as caught:
        parse_arxiv_id(text)
    error = caught.value
    assert error.text == text
    because = f" ({reason})" if reason else ""
    assert error.message == (
        f"{text.strip()!r} is not an arXiv ID{because}. Accepted forms: "
        "2303.11328, 2303.11328v2, arXiv:2303.11328, https://arxiv.org/abs/2303.11328, "
        "https://arxiv.org/pdf/2303.11328v2.pdf, huggingface.co/papers/2303.11328, "
        "alphaxiv.org/abs/2303.11328, 10.48550/arXiv.2303.11328, "
        "0704.0001 (2007-2014), hep-th/9901001, each also in brackets, quotes or parentheses."
    )
    assert isinstance(error, WmcurateError)
    assert error.exit_code == 2


def test_a_very_long_input_is_shortened_in_the_message() -> None:
    text = "x" * 500
    with pytest.raises(InvalidArxivId) as caught:
        parse_arxiv_id(text)
    assert caught.value.message.startswith("'" + "x" * 79 + "…' is not an arXiv ID.")
    assert caught.value.text == text


def test_key_str_and_links() -> None:
    new = ArxivId("2303.11328", 2)
    assert (new.key, str(new), new.is_old_style) == ("2303.11328", "2303.11328v2", False)
    assert new.abs_url == "https://arxiv.org/abs/2303.11328"
    assert new.pdf_url == "https://arxiv.org/pdf/2303.11328"
    assert new.unversioned() == ArxivId("2303.11328")
    old = parse_arxiv_id("hep-th/9901001v2")
    assert (old.key, str(old), old.is_old_style) == ("hep-th_9901001", "hep-th/9901001v2", True)


def test_parse_many_keeps_the_good_ones() -> None:
    good, bad = parse_arxiv_ids(["2303.11328", "abc", "hep-th/9901001", "2313.00001"])
    assert good == [ArxivId("2303.11328"), ArxivId("hep-th/9901001")]
    assert [problem.text for problem in bad] == ["abc", "2313.00001"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/abs/2303.11328", ArxivId("2303.11328")),
        ("https://arxiv.org/pdf/2303.11328v2.pdf", ArxivId("2303.11328", 2)),
        ("http://arxiv.org/abs/hep-ex/0307015", ArxivId("hep-ex/0307015")),
        ("http://export.arxiv.org/abs/astro-ph/0601001v1", ArxivId("astro-ph/0601001", 1)),
        ("arxiv.org/html/2303.11328v1", ArxivId("2303.11328", 1)),
        ("https://github.com/cvlab-columbia/zero123", None),
        ("https://doi.org/10.48550/arXiv.2303.11328", None),
        ("https://arxiv.org/abs/9999.99999", None),
        ("https://arxiv.org/list/cs.CV", None),
        ("https://arxiv.org/api/errors#incorrect_id_format_for_abc", None),
        ("2303.11328", None),
        ("not a url at all", None),
    ],
)
def test_arxiv_id_from_url(url: str, expected: ArxivId | None) -> None:
    assert arxiv_id_from_url(url) == expected


def test_the_accepted_forms_listed_in_messages_all_parse() -> None:
    for form in ACCEPTED_FORMS:
        parse_arxiv_id(form.split(" ")[0])


# --- properties ---------------------------------------------------------------------------


@st.composite
def valid_ids(draw: st.DrawFn) -> ArxivId:
    version = draw(st.none() | st.integers(min_value=1, max_value=30))
    if draw(st.booleans()):
        year = draw(st.integers(min_value=7, max_value=99))
        month = draw(st.integers(min_value=4 if year == 7 else 1, max_value=12))
        digits = 4 if year * 100 + month <= 1412 else 5
        number = draw(st.integers(min_value=1, max_value=10**digits - 1))
        return ArxivId(f"{year:02d}{month:02d}.{number:0{digits}d}", version)
    archive = draw(st.sampled_from(sorted(OLD_STYLE_ARCHIVES)))
    year = draw(st.sampled_from([*range(91, 100), *range(0, 8)]))
    month = draw(st.integers(min_value=1, max_value=3 if year == 7 else 12))
    number = draw(st.integers(min_value=1, max_value=999))
    return ArxivId(f"{archive}/{year:02d}{month:02d}{number:03d}", version)


@st.composite
def pasted_forms(draw: st.DrawFn) -> tuple[str, ArxivId]:
    """A valid ID written the way a user might paste it, with the ID it must parse to."""
    arxiv_id = draw(valid_ids())
    text = str(arxiv_id)
    if arxiv_id.is_old_style and draw(st.booleans()):
        # A subject class after the archive names the same paper.
        archive, number = arxiv_id.base.split("/")
        text = f"{archive}.{draw(st.sampled_from(['GT', 'AI', 'stat-mech', 'optics']))}/{number}"
        text += f"v{arxiv_id.version}" if arxiv_id.version else ""
    form = draw(
        st.sampled_from(["bare", "prefix", "abs", "pdf", "pdf-suffix", "html", "doi", "doi-url"])
    )
    if form in ("doi", "doi-url"):
        arxiv_id = arxiv_id.unversioned()  # DOIs name papers, not versions
        text = arxiv_id.base
    scheme = draw(st.sampled_from(["https://", "http://", ""]))
    host = draw(st.sampled_from(["arxiv.org", "export.arxiv.org", "www.arxiv.org"]))
    tail = draw(st.sampled_from(["", "/", "?context=cs", "#section", "/?x=1"]))
    if form == "prefix":
        text = draw(st.sampled_from(["arXiv:", "arxiv:", "ARXIV:", "arXiv: "])) + text
    elif form in ("abs", "pdf", "html"):
        text = f"{scheme}{host}/{form}/{text}{tail}"
    elif form == "pdf-suffix":
        text = f"{scheme}{host}/pdf/{text}.pdf{tail if tail != '/' else ''}"
    elif form == "doi":
        prefix = draw(st.sampled_from(["", "doi:"]))
        text = f"{prefix}10.48550/{draw(st.sampled_from(['arXiv', 'ARXIV']))}.{text}"
    elif form == "doi-url":
        text = f"{scheme or 'https://'}doi.org/10.48550/arXiv.{text}"
    left = draw(st.sampled_from(["", " ", "\t", "<", " <"]))
    right = {"": "", " ": " ", "\t": "\n", "<": ">", " <": "> "}[left]
    return left + text + right, arxiv_id


@given(pasted_forms())
def test_every_valid_form_round_trips(case: tuple[str, ArxivId]) -> None:
    text, expected = case
    parsed = parse_arxiv_id(text)
    assert parsed == expected
    assert parse_arxiv_id(str(parsed)) == parsed
    assert SAFE_TO_SEND.fullmatch(str(parsed))


@given(valid_ids())
def test_canonical_forms_and_urls_round_trip(arxiv_id: ArxivId) -> None:
    assert parse_arxiv_id(str(arxiv_id)) == arxiv_id
    assert arxiv_id_from_url(f"https://arxiv.org/abs/{arxiv_id}") == arxiv_id
    assert parse_arxiv_id(arxiv_id.abs_url) == arxiv_id.unversioned()
    assert "/" not in arxiv_id.key


def _only_safe_results(text: str) -> None:
    try:
        parsed = parse_arxiv_id(text)
    except InvalidArxivId as error:
        assert error.text == text
        assert "is not an arXiv ID" in error.message
        return
    # Whatever parses is canonical and safe in an id_list.
    assert SAFE_TO_SEND.fullmatch(str(parsed))
    assert parse_arxiv_id(str(parsed)) == parsed


@given(st.text())
def test_junk_never_parses_into_something_unsafe_to_send(text: str) -> None:
    _only_safe_results(text)


@given(
    st.text(alphabet="0123456789.vV/:-abcdhtpsx<> ", max_size=30),
)
def test_near_miss_junk_never_parses_into_something_unsafe_to_send(text: str) -> None:
    _only_safe_results(text)


@given(pasted_forms(), st.integers(min_value=0, max_value=60), st.characters())
def test_a_corrupted_form_is_rejected_or_still_safe(
    case: tuple[str, ArxivId], position: int, inserted: str
) -> None:
    text, _ = case
    assume(position <= len(text))
    _only_safe_results(text[:position] + inserted + text[position:])
