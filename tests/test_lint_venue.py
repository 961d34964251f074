"""Lint's venue rules on a built list (tests/fixtures/venues, see its README): preprints
(issue 14, point 7), the catalogue of real venues (point 8), venue years against the arXiv
year (point 9), a list without a vocabulary and the stubs add writes (issue 7, point 1).

Every expected finding is written out: code, severity, whether --fix repairs it, message.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from functools import cache
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from wmcurate.add import stub_document
from wmcurate.config import load_config
from wmcurate.entries import dump_yaml
from wmcurate.feed import Paper, parse_feed
from wmcurate.venues import catalogue

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from test_lint import CONFIG, GOOD, PRODUCT, PRODUCT_P, cli, good, lint_json, make_list  # noqa: E402

BUILT = TESTS / "fixtures" / "venues"
RECORDED = TESTS / "fixtures" / "arxiv"

ADD = "a real venue missing from this list's vocabulary: add it to venues in wmcurate.yaml"
UNKNOWN = "(neither in venues: in wmcurate.yaml nor a venue wmcurate knows; if it is real, add it to venues)"  # noqa: E501
FINE = "check the year (a paper posted to arXiv after it was published is fine)"

#: file -> [(code, severity, fixable, message)] with the list's vocabulary.
EXPECTED: dict[str, list[tuple[str, str, bool, str]]] = {
    # -- point 7: preprints, recognised whole, fixed to arXiv <year>
    "2309.17001": [
        (
            "WMC305",
            "warning",
            True,
            "preprint venue 'arxiv (30 Sep 2023)': write it as 'arXiv 2023'",
        )
    ],
    "2310.00002": [
        ("WMC305", "warning", True, "preprint venue 'arXiv preprint': write it as 'arXiv 2023'")
    ],
    "2310.01234": [
        (
            "WMC305",
            "warning",
            True,
            "preprint venue 'arXiv preprint arXiv:2310.01234': write it as 'arXiv 2023'",
        )
    ],
    "2311.00004": [
        ("WMC305", "warning", True, "preprint venue 'Arxiv 2023': write it as 'arXiv 2023'")
    ],
    "2310.01235": [
        (
            "WMC305",
            "warning",
            True,
            "preprint venue 'CoRR abs/2310.01235': write it as 'arXiv 2023'",
        )
    ],
    # Submitted on 30 December: published's year, not the ID's.
    "2401.00006": [
        ("WMC305", "warning", True, "preprint venue 'Preprint': write it as 'arXiv 2023'")
    ],
    "2305.00009": [("WMC305", "warning", True, "preprint venue 'arXiv': write it as 'arXiv 2023'")],
    "built-product": [
        (
            "WMC305",
            "warning",
            False,
            "preprint venue 'Preprint': write 'arXiv <YEAR>' if the paper is on arXiv (with its "
            "arxiv: ID), else the server's name and year",
        )
    ],
    # -- point 8: the catalogue
    "2403.00010": [
        (
            "WMC306",
            "warning",
            False,
            f"venue 'ICME 2024' is IEEE International Conference on Multimedia and Expo, {ADD}",
        )
    ],
    "2404.00018": [
        (
            "WMC306",
            "warning",
            False,
            f"venue 'ICMLA 2024' is International Conference on Machine Learning and "
            f"Applications, {ADD}",
        )
    ],
    "2303.00011": [
        (
            "WMC301",
            "error",
            False,
            f"unknown venue 'ICRL 2023': did you mean 'ICLR 2023'? {UNKNOWN}",
        )
    ],
    "2402.00017": [
        (
            "WMC301",
            "error",
            False,
            f"unknown venue 'Nuerips 2024': did you mean 'NeurIPS 2024'? {UNKNOWN}",
        )
    ],
    "2309.00027": [
        (
            "WMC301",
            "error",
            False,
            "venue '2023' names no venue: write '<NAME> <YEAR>' ('arXiv <YEAR>' while the paper "
            "is only on arXiv)",
        )
    ],
    "2308.00014": [
        ("WMC301", "error", False, f"unknown venue 'Workshop on Imaginary Things 2023' {UNKNOWN}")
    ],
    "2306.00012": [
        (
            "WMC302",
            "warning",
            True,
            "write the venue 'Advances in Neural Information Processing Systems 2023' as "
            "'NeurIPS 2023'",
        )
    ],
    "2307.00013": [("WMC302", "warning", True, "write the venue 'Proc. ICML 2023' as 'ICML 2023'")],
    "2310.00016": [("WMC302", "warning", True, "write the venue 'Neurips 2023' as 'NeurIPS 2023'")],
    # -- point 9: the venue's year and the paper's
    "2402.00021": [
        (
            "WMC304",
            "warning",
            False,
            f"venue 'NeurIPS 2023' is dated 2023, before the year of its arXiv ID 2402.00021 "
            f"(2024): {FINE}",
        )
    ],
    "1401.9999": [
        ("WMC306", "warning", False, f"venue 'Phys. Rev. A 2013' is Physical Review A, {ADD}")
    ],
    "1401.9998": [
        (
            "WMC304",
            "warning",
            False,
            f"venue 'Phys. Rev. A 2013' is dated 2013, before the paper's first arXiv version "
            f"(2014-01-14): {FINE}",
        ),
        ("WMC306", "warning", False, f"venue 'Phys. Rev. A 2013' is Physical Review A, {ADD}"),
    ],
    "2304.00024": [
        (
            "WMC306",
            "warning",
            False,
            f"venue 'ICST 2012' is IEEE International Conference on Software Testing, "
            f"Verification and Validation, {ADD}",
        )
    ],
    "2305.00025": [
        (
            "WMC304",
            "warning",
            False,
            f"venue 'CVPR 2022' is dated 2022, before the paper's first arXiv version "
            f"(2023-05-02): {FINE}",
        )
    ],
    "2306.00026": [
        (
            "WMC304",
            "warning",
            False,
            f"venue 'arxiv (30 Sep 2022)' is dated 2022, before the paper's first arXiv version "
            f"(2023-06-01): {FINE}",
        ),
        (
            "WMC305",
            "warning",
            True,
            "preprint venue 'arxiv (30 Sep 2022)': write it as 'arXiv 2022'",
        ),
    ],
    # Quiet: the list's own spellings, the new-year boundary, evidence from arXiv.
    "2312.00008": [],
    "2309.00015": [],
    "2401.00019": [],
    "2401.00020": [],
}

#: Without a `venues:` vocabulary only the rules that need none speak.
WITHOUT_VOCABULARY = {
    key: [f for f in found if f[0] in ("WMC303", "WMC304", "WMC305")]
    for key, found in EXPECTED.items()
}


def _built_list(tmp_path: Path, config: Path | None = None) -> Path:
    root = tmp_path / "list"
    shutil.copytree(BUILT / "list", root)
    if config is not None:
        shutil.copy(config, root / "wmcurate.yaml")
    return root


def _venue_findings(root: Path) -> dict[str, list[tuple[str, str, bool, str]]]:
    found: dict[str, list[tuple[str, str, bool, str]]] = {}
    for path in sorted((root / "entries" / "papers").glob("*.yaml")):
        found[path.stem] = []
    for f in lint_json(root, "--select", "WMC3")[1]:
        key = Path(f["file"]).stem
        found[key].append((f["code"], f["severity"], f["fixable"], f["message"]))
    return found


def _venue_of(root: Path, key: str) -> str:
    data = YAML(typ="safe").load((root / "entries" / "papers" / f"{key}.yaml").read_text("utf-8"))
    return str(data["venue"])


def test_every_built_entry_has_its_expectation() -> None:
    assert {p.stem for p in (BUILT / "list" / "entries" / "papers").glob("*.yaml")} == set(EXPECTED)


def test_venue_findings_with_a_vocabulary(tmp_path: Path) -> None:
    assert _venue_findings(_built_list(tmp_path)) == EXPECTED


def test_a_list_without_a_vocabulary_accepts_every_venue(tmp_path: Path) -> None:
    # Issue 7, point 1: no "unknown venue" and no "add it to venues" without `venues:`.
    root = _built_list(tmp_path, BUILT / "minimal.yaml")
    assert _venue_findings(root) == WITHOUT_VOCABULARY


def test_every_message_shows_the_whole_value(tmp_path: Path) -> None:
    root = _built_list(tmp_path)
    for key, found in _venue_findings(root).items():
        for _, _, _, message in found:
            assert f"'{_venue_of(root, key)}'" in message


def test_fix_writes_preprints_and_aliases_the_list_way_and_is_idempotent(tmp_path: Path) -> None:
    root = _built_list(tmp_path)

    first = cli(root, "lint", "--fix", "--select", "WMC3")

    assert first.exit_code == 1  # ICRL and the other unknown venues stay: no certain fix
    fixed = {
        "2309.17001": "arXiv 2023",
        "2310.00002": "arXiv 2023",
        "2310.01234": "arXiv 2023",
        "2311.00004": "arXiv 2023",
        "2310.01235": "arXiv 2023",
        "2401.00006": "arXiv 2023",
        "2305.00009": "arXiv 2023",
        "2306.00026": "arXiv 2022",  # the year the text gives
        "2306.00012": "NeurIPS 2023",
        "2307.00013": "ICML 2023",
        "2310.00016": "NeurIPS 2023",
        # Not fixable: left as they are.
        "built-product": "Preprint",
        "2303.00011": "ICRL 2023",
    }
    assert {key: _venue_of(root, key) for key in fixed} == fixed
    after = _venue_findings(root)
    assert not [f for found in after.values() for f in found if f[2]]  # nothing fixable left
    assert after["2306.00026"] == [
        EXPECTED["2306.00026"][0][:3]
        + (
            f"venue 'arXiv 2022' is dated 2022, before the paper's first arXiv version "
            f"(2023-06-01): {FINE}",
        )
    ]
    before = {p.name: p.read_bytes() for p in (root / "entries" / "papers").glob("*.yaml")}
    cli(root, "lint", "--fix", "--select", "WMC3")
    assert {p.name: p.read_bytes() for p in (root / "entries" / "papers").glob("*.yaml")} == before


def test_a_list_of_listed_venues_never_reads_the_catalogue(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", good(GOOD, **{PRODUCT_P: PRODUCT}))
    catalogue.cache_clear()

    assert lint_json(root, "--select", "WMC3")[1] == []
    assert catalogue.cache_info().currsize == 0
    # A venue the vocabulary does not know is what makes lint read it.
    make_list(root, good(GOOD.replace("venue: ICCV 2023", "venue: ICME 2023")))
    assert [f["code"] for f in lint_json(root, "--select", "WMC3")[1]] == ["WMC306"]
    assert catalogue.cache_info().currsize == 1


# -- issue 7, point 1: what add writes never fails on its venue -------------------------------
@cache
def recorded_papers() -> dict[str, Paper]:
    papers: dict[str, Paper] = {}
    for path in sorted(RECORDED.glob("*.xml")):
        for paper in parse_feed(path.read_bytes()).papers:
            papers.setdefault(paper.id.base, paper)
    return papers


MINIMAL = """\
# Built by the wmcurate team: the smallest config, without vocabularies.
languages:
  - {code: en, name: English}
outputs:
  - {path: README.md, language: en}
pages:
  en: papers/{section}/README.md
parts:
  - id: all
    title: {en: All}
sections:
  - id: papers
    part: all
    title: {en: Papers}
"""


@pytest.mark.parametrize("config", ["shipped", "minimal"])
def test_stubs_of_every_recorded_paper_pass_the_venue_rules(tmp_path: Path, config: str) -> None:
    text = CONFIG if config == "shipped" else MINIMAL
    root = make_list(tmp_path / "list", {}, config=text)
    loaded = load_config(root)
    section = loaded.sections[0].id
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for paper in recorded_papers().values():
        document = stub_document(paper, loaded, False, moment)
        path = root / "entries" / section / f"{paper.id.key}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_yaml(document), encoding="utf-8")

    findings = lint_json(root, "--select", "WMC3")[1]

    # A venue arXiv names without a year is written without one, for a human to complete.
    yearless = {"1511.08339", "1809.08100", "1306.4664", "1009.3186", "2206.10210"}
    assert {
        f["file"].split("/")[-1][: -len(".yaml")].replace("_", "/")
        for f in findings
        if f["code"] == "WMC303"
    } == yearless
    others = {f["code"] for f in findings if f["code"] != "WMC303"}
    # With the shipped vocabulary, real venues it lacks (ISSTA, Phys. Rev. B) are warnings
    # saying to add them; nothing else, and nothing at all without a vocabulary.
    assert others == ({"WMC306"} if config == "shipped" else set())
    assert all(f["severity"] == "warning" for f in findings if f["code"] == "WMC306")
