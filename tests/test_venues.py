"""The venue catalogue and its API (`wmcurate.venues`): lookups by any spelling, preprint
values, near misses, a list's vocabulary joined with the catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from wmcurate.venues import (
    Catalogue,
    Venue,
    catalogue,
    closest,
    mentions,
    preprint,
    spaced_year,
    split_venue,
    squeeze,
    venue_index,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "wmcurate" / "data" / "venues.json"


# -- the data ---------------------------------------------------------------------------------
def test_the_catalogue_holds_a_few_hundred_venues_of_every_kind() -> None:
    known = catalogue()
    assert len(known) >= 300
    kinds = {venue.kind for venue in known.venues}
    assert kinds == {"conference", "journal", "workshop", "preprint"}
    assert len({venue.area for venue in known.venues}) >= 10


def test_no_two_venues_share_a_spelling() -> None:
    assert catalogue().collisions() == []
    names = [venue.name for venue in catalogue().venues]
    assert len(names) == len(set(names))


def test_every_spelling_finds_its_venue() -> None:
    known = catalogue()
    for venue in known.venues:
        assert venue.full.strip() and venue.name.strip()
        for spelling in venue.spellings:
            assert known.lookup(spelling) is venue, spelling
            assert known.lookup(spelling.upper()) is venue, spelling
            assert spelling == " ".join(spelling.split())


def test_the_data_file_is_plain_and_shipped() -> None:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    assert "typed by the wmcurate team" in raw["about"]
    for kinds in raw["areas"].values():
        for items in kinds.values():
            for item in items:
                assert set(item) <= {"name", "full", "aliases", "ambiguous"}
    # A wheel ships it: pyproject.toml names it as package data.
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "data/venues.json" in pyproject["tool"]["setuptools"]["package-data"]["wmcurate"]


@pytest.mark.parametrize(
    "config", [ROOT / "wmcurate.yaml", ROOT / "tests/fixtures/lint/wmcurate.yaml"]
)
def test_every_venue_of_the_shipped_list_is_catalogued(config: Path) -> None:
    venues = yaml.safe_load(config.read_text(encoding="utf-8"))["venues"]
    assert len(venues) >= 27
    for item in venues:
        found = catalogue().lookup(item["name"])
        assert found is not None and found.name == item["name"], item["name"]
        for alias in item.get("aliases", []):
            assert catalogue().lookup(alias) is found, alias


# -- lookups ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("CVPR", "CVPR"),
        ("cvpr", "CVPR"),
        ("IEEE/CVF CVPR", "CVPR"),
        ("Proc. of the IEEE Conference on Computer Vision and Pattern Recognition", "CVPR"),
        ("Proceedings of the 40th International Conference on Machine Learning", "ICML"),
        ("NIPS", "NeurIPS"),
        ("Advances in Neural Information Processing Systems", "NeurIPS"),
        ("SIGGRAPH-ASIA", "SIGGRAPH Asia"),
        ("T-PAMI", "TPAMI"),
        ("IEEE Trans. Pattern Anal. Mach. Intell.", "TPAMI"),
        ("Phys.Rev.B", "Phys. Rev. B"),
        ("Physical Review B", "Phys. Rev. B"),
        ("ICME", "ICME"),
        ("ICMLA", "ICMLA"),
        ("ISSTA", "ISSTA"),
        ("ACM SIGSOFT International Symposium on Software Testing and Analysis", "ISSTA"),
        ("ESEC/FSE", "FSE"),
        ("IEEE S&P", "S&P"),
        ("RAL", "RA-L"),
        ("CoRR", "arXiv"),
        ("IEEE Micro", "IEEE Micro"),
        ("MICRO", "MICRO"),
    ],
)
def test_lookup_by_any_spelling(text: str, name: str) -> None:
    found = catalogue().lookup(text)
    assert found is not None and found.name == name


@pytest.mark.parametrize("text", ["ICRL", "Foo", "", "   ", "会议", "Workshop on Imaginary Things"])
def test_lookup_of_what_is_no_venue(text: str) -> None:
    assert catalogue().lookup(text) is None


def test_a_loose_key_two_venues_share_names_neither() -> None:
    # "IEEE Foo" and "ACM Foo" both loosen to "foo": "Foo" alone is neither.
    known = Catalogue(
        [
            Venue("IEEE Foo", "IEEE Foo", "journal", "test"),
            Venue("ACM Foo", "ACM Foo", "journal", "test"),
        ]
    )
    assert known.lookup("IEEE Foo") is not None and known.lookup("Foo") is None


@pytest.mark.parametrize(("value", "spaced"), [
    ("CVPR2023", "CVPR 2023"), ("ICASSP-2024", "ICASSP 2024"), ("L4DC'22", "L4DC 2022"),
    ("ACL2023 Findings", "ACL 2023 Findings"), ("CVPR 2023", "CVPR 2023"),
    ("IJCAI-ECAI 2022", "IJCAI-ECAI 2022"), ("Proceedings of the 2023 Conference",
                                             "Proceedings of the 2023 Conference"),
    ("CVPR-23", "CVPR-23"), ("CVPR'2023", "CVPR'2023"), ("GPT4", "GPT4"), ("TPAMI", "TPAMI"),
])
def test_spaced_year(value: str, spaced: str) -> None:
    assert spaced_year(value) == spaced


def test_squeeze() -> None:
    assert squeeze("SIGGRAPH-ASIA") == squeeze("SIGGRAPH Asia") == "siggraphasia"
    assert squeeze("S&P") == "sandp"
    assert squeeze("Séminaire") == squeeze("Seminaire")


# -- venue values -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("ICLR 2023 (Oral)", ("ICLR", 2023)),
        ("ICST2023", ("ICST", 2023)),
        ("CVPR", ("CVPR", None)),
        ("arxiv (30 Sep 2023)", ("arxiv (30 Sep", 2023)),
        ("Findings of ACL (2023)", ("Findings of ACL", 2023)),
        ("2024 (open release)", ("", 2024)),
        ("CVPR'23", ("CVPR", 2023)),
        ("ICCV ’98", ("ICCV", 1998)),
        ("CVPR_2022", ("CVPR", 2022)),
        ("AAAI-23", ("AAAI-23", None)),
    ],
)
def test_split_venue(value: str, parts: tuple[str, int | None]) -> None:
    assert split_venue(value) == parts


@pytest.mark.parametrize(
    ("value", "year", "arxiv_id", "names_arxiv"),
    [
        ("arxiv (30 Sep 2023)", 2023, None, True),
        ("arXiv preprint", None, None, True),
        ("arXiv preprint arXiv:2310.01234", None, "2310.01234", True),
        ("Arxiv 2023", 2023, None, True),
        ("arXiv, 2023", 2023, None, True),
        ("arXiv'23", 2023, None, True),
        ("CoRR abs/2310.01234", None, "2310.01234", True),
        ("CoRR, abs/2310.01234, 2023", 2023, "2310.01234", True),
        ("arXiv:2310.01234v2", None, "2310.01234v2", True),
        ("arXiv e-prints", None, None, True),
        ("ArXiv abs/hep-th/9901001", None, "hep-th/9901001", True),
        ("Preprint", None, None, False),
        ("preprint 2022", 2022, None, False),
        ("Preprint, under review", None, None, False),
        ("arXiv 2023", 2023, None, True),
    ],
)
def test_preprint_forms(
    value: str, year: int | None, arxiv_id: str | None, names_arxiv: bool
) -> None:
    found = preprint(value)
    assert found is not None
    assert (found.year, found.arxiv_id, found.names_arxiv) == (year, arxiv_id, names_arxiv)
    assert found.canonical == (value == f"arXiv {year}")


@pytest.mark.parametrize(
    "value",
    [
        "ICLR 2023",
        "bioRxiv 2023",
        "Technical report",
        "2023",
        "arXivX 2023",
        "NeurIPS 2023 preprint track",
        "",
    ],
)
def test_not_preprints(value: str) -> None:
    assert preprint(value) is None


# -- near misses ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "choices", "meant"),
    [
        ("ICRL", ["ICLR", "ICML", "ICRA"], "ICLR"),  # two letters swapped beats one changed
        ("CPVR", ["CVPR"], "CVPR"),
        ("NeurIPs", ["NeurIPS"], "NeurIPS"),
        ("SIGGRAPH-ASIA", ["SIGGRAPH Asia"], "SIGGRAPH Asia"),
        ("Nuerips", ["NeurIPS"], "NeurIPS"),
        ("NeurlPS", ["NeurIPS"], "NeurIPS"),  # l for I, in a long enough name
        ("ICME", ["ICML"], None),  # one letter of an acronym: another venue
        ("ICRA", ["ICLR"], None),
        ("Foo", ["FOCS", "ICLR"], None),
        ("Nature", ["NeurIPS"], None),
        (
            "Internatonal Conference on Machine Learning",
            [("International Conference on Machine Learning", "ICML")],
            "ICML",
        ),
    ],
)
def test_closest(name: str, choices: list[str | tuple[str, str]], meant: str | None) -> None:
    assert closest(name, choices) == meant


# -- a list's vocabulary joined with the catalogue --------------------------------------------
VOCABULARY = (
    ("CVPR", ("IEEE/CVF CVPR",)),
    ("NeurIPS", ("NIPS",)),
    ("IEEE TPAMI", ()),  # the list writes TPAMI its own way
    ("WMC", ("World Model Conference",)),  # a venue the catalogue does not know
)


@pytest.mark.parametrize(
    ("name", "status", "canonical"),
    [
        ("CVPR", "listed", "CVPR"),
        ("WMC", "listed", "WMC"),
        ("cvpr", "alias", "CVPR"),
        ("NIPS", "alias", "NeurIPS"),
        ("Advances in Neural Information Processing Systems", "alias", "NeurIPS"),
        ("TPAMI", "alias", "IEEE TPAMI"),
        ("T-PAMI", "alias", "IEEE TPAMI"),
        ("world model conference", "alias", "WMC"),
        ("ICME", "real", "ICME"),
        ("Proc. ISSTA", "real", "ISSTA"),
        ("ICRL", "unknown", None),
    ],
)
def test_resolve(name: str, status: str, canonical: str | None) -> None:
    found = venue_index(VOCABULARY).resolve(name)
    assert (found.status, found.canonical) == (status, canonical)


def test_suggestions_come_from_the_list_and_the_catalogue() -> None:
    index = venue_index(VOCABULARY)
    assert index.suggestion("ICRL") == "ICLR"  # the catalogue's
    assert index.suggestion("CPVR") == "CVPR"  # the list's
    assert index.suggestion("IEEE TPAMl") == "IEEE TPAMI"  # written the list's way
    assert index.suggestion("WMCC") is None


def test_listed_names_never_read_the_catalogue() -> None:
    catalogue.cache_clear()
    index = venue_index((("CVPR", ()), ("ICLR", ())))
    assert index.resolve("CVPR").status == "listed"
    assert index.resolve("iclr").status == "alias"
    assert catalogue.cache_info().currsize == 0
    assert index.resolve("ICME").status == "real"
    assert catalogue.cache_info().currsize == 1


def test_mentions_in_text() -> None:
    text = (
        "Accepted to the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR) 2024"
    )
    found = mentions(text, VOCABULARY)
    assert [(m.name, text[m.start : m.end]) for m in found] == [
        ("CVPR", "Conference on Computer Vision and Pattern Recognition"),
        ("CVPR", "CVPR"),
    ]
    assert [
        m.name
        for m in mentions("Published in T-PAMI and at the World Model Conference", VOCABULARY)
    ] == [
        "IEEE TPAMI",
        "WMC",
    ]


@given(st.text(max_size=80))
def test_any_name_is_safe(text: str) -> None:
    split_venue(text)
    found = preprint(text)
    assert found is None or found.text == text.strip()
    index = venue_index(VOCABULARY)
    resolved = index.resolve(text)
    assert resolved.status in ("listed", "alias", "real", "unknown")
    if resolved.status == "unknown":
        meant = index.suggestion(text)
        assert meant is None or index.resolve(meant).status in ("listed", "alias", "real")
    for mention in mentions(text, VOCABULARY):
        assert 0 <= mention.start < mention.end <= len(text)
