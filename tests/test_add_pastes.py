"""`wmcurate add` takes every paste that carries exactly one arXiv ID, end to end.

Against the local arXiv stand-in (tests/arxiv_server.py) on a copy of the project's list.
"""

from __future__ import annotations

from pathlib import Path

from add_helpers import ACCEPTED, Add, counts, rows, snapshot
from arxiv_server import FakeArxiv

from wmcurate.entries import load_round_trip

pytest_plugins = ("conftest_add", "conftest_arxiv")

PASTES = {
    "[2303.11328]": "2303.11328",
    "(arXiv:1605.08386).": "1605.08386",
    "1707.08567.": "1707.08567",
    "https://huggingface.co/papers/2104.12255": "2104.12255",
    "https://www.alphaxiv.org/abs/astro-ph/0601001v1": "astro-ph/0601001",
    "\u201chep-ex/0406020\u201d,": "hep-ex/0406020",
    "`quant-ph/0201082`": "quant-ph/0201082",
}


def test_every_paste_adds_its_paper(add: Add, root: Path, server: FakeArxiv) -> None:
    result = add("-s", "temporal", *PASTES)
    assert result.exit_code == 0, result.output
    assert counts(result.stdout) == f"{len(PASTES)} added"
    assert [(given, outcome) for given, outcome, _ in rows(result.stdout)] == [
        ("2303.11328", "added"), ("1605.08386", "added"), ("1707.08567", "added"),
        ("2104.12255", "added"), ("astro-ph/0601001v1", "added"),
        ("hep-ex/0406020", "added"), ("quant-ph/0201082", "added")]
    # One request, for the papers (never a version of one), in the order pasted.
    (request,) = server.requests
    assert request.id_list == list(PASTES.values())
    for base in PASTES.values():
        stub = load_round_trip(root / "entries/temporal" / f"{base.replace('/', '_')}.yaml")
        assert stub["arxiv"] == base


def test_a_paste_without_exactly_one_id_is_refused_with_the_accepted_forms(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    before = snapshot(root)
    result = add("-s", "temporal", "[2303.11328] [1605.08386]", "huggingface.co/models/a/b",
                 "1707.08567")
    assert result.exit_code == 1
    assert rows(result.stdout) == [
        ("[2303.11328] [1605.08386]", "invalid",
         f"'[2303.11328] [1605.08386]' is not an arXiv ID. {ACCEPTED}"),
        ("huggingface.co/models/a/b", "invalid", "'huggingface.co/models/a/b' is not an arXiv "
         f"ID (it is a link, but not to an arXiv paper). {ACCEPTED}"),
        ("1707.08567", "added", "entries/temporal/1707.08567.yaml"),
    ]
    assert [r.id_list for r in server.requests] == [["1707.08567"]]
    assert set(snapshot(root)) == set(before) | {"temporal/1707.08567.yaml"}


def test_the_same_paper_pasted_in_two_forms_is_one_paper(add: Add, server: FakeArxiv) -> None:
    result = add("-s", "temporal", "https://huggingface.co/papers/1707.08567",
                 "(arXiv:1707.08567v1)")
    assert result.exit_code == 0, result.output
    assert counts(result.stdout) == "1 added"
    assert [r.id_list for r in server.requests] == [["1707.08567"]]
