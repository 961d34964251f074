"""`wmcurate add` and the venue (issue 7, point 2): a venue beyond the list's vocabulary is
found, a venue named without a year is written alone and the summary asks for the year,
and a refresh never trades a curator's year for a yearless venue. Against the local arXiv
stand-in, with papers the team wrote for it."""

from __future__ import annotations

import sys
from pathlib import Path

from ruamel.yaml import YAML

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from test_lint import CONFIG, cli, fake_arxiv, make_list  # noqa: E402

PAPERS = (
    {
        "arxiv_id": "2305.11111",
        "title": "A Built Paper Published Without a Year",
        "comment": "12 pages. Published in IEEE TPAMI",
        "published": "2023-05-18T10:00:00Z",
    },
    {
        "arxiv_id": "2305.22222",
        "title": "A Built Paper at a Venue the List Does Not List",
        "comment": "In Proc. of the 32nd ACM SIGSOFT International Symposium on Software "
        "Testing and Analysis (ISSTA 2023)",
        "published": "2023-05-30T10:00:00Z",
    },
    {
        "arxiv_id": "2305.33333",
        "title": "A Built Journal Paper",
        "journal_ref": "Indiana Univ. Math. J. 73 (2024), 1331-1356",
        "published": "2023-05-02T10:00:00Z",
    },
)


def _venue(root: Path, key: str) -> str:
    path = root / "entries" / "modality" / f"{key}.yaml"
    return str(YAML(typ="safe").load(path.read_text(encoding="utf-8"))["venue"])


def test_add_reads_venues_beyond_the_vocabulary_and_never_invents_a_year(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {}, config=CONFIG)
    with fake_arxiv(PAPERS) as env:
        result = cli(root, "add", "-s", "modality", *(p["arxiv_id"] for p in PAPERS), env=env)

    assert result.exit_code == 0, result.output
    assert _venue(root, "2305.11111") == "TPAMI"  # not "TPAMI 2023", the arXiv year
    assert _venue(root, "2305.22222") == "ISSTA 2023"
    assert _venue(root, "2305.33333") == "Indiana Univ. Math. J. 2024"
    summary = " ".join(result.output.split())
    assert (
        'venue TPAMI named without a year (comment: "Published in IEEE TPAMI"): add the year'
        in summary
    )
    assert summary.count("named without a year") == 1


def test_force_keeps_the_curators_year_when_arxiv_names_no_year(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {}, config=CONFIG)
    with fake_arxiv(PAPERS[:1]) as env:
        assert cli(root, "add", "-s", "modality", "2305.11111", env=env).exit_code == 0
        path = root / "entries" / "modality" / "2305.11111.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("venue: TPAMI\n", "venue: TPAMI 2024\n"),
            encoding="utf-8",
        )

        result = cli(root, "add", "--force", "--no-cache", "2305.11111", env=env)

    assert result.exit_code == 0, result.output
    assert _venue(root, "2305.11111") == "TPAMI 2024"
    assert "named without a year" not in result.output
