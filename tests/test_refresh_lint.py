"""`wmcurate lint --online` warns about a preprint whose venue Semantic Scholar now knows
(WMC803), judged as refresh judges it. Semantic Scholar's records are BUILT on the recorded
answer's shape (s2_server.py, fixtures/s2/SOURCES.md); its 403 is the recorded one."""

from __future__ import annotations

from pathlib import Path

from arxiv_server import FakeArxiv
from refresh_helpers import iccv_record
from s2_server import Canned, FakeS2
from test_lint import GOOD, ZERO123_ON_ARXIV, P, cli, edit, fake_arxiv, lint_json, make_list

PREPRINT = edit(GOOD, "venue: ICCV 2023", "venue: arXiv 2023")
ZERO123 = {"title": ZERO123_ON_ARXIV["title"], "authors": ZERO123_ON_ARXIV["authors"]}


def test_a_venue_semantic_scholar_knows_is_a_warning(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: PREPRINT})
    with fake_arxiv((ZERO123_ON_ARXIV,), (iccv_record(**ZERO123),)) as env:
        code, findings = lint_json(root, "--online", "--ignore", "WMC701", env=env)
    assert code == 0
    assert [(f["code"], f["line"], f["message"]) for f in findings] == [(
        "WMC803", 4, "venue 'arXiv 2023': Semantic Scholar now says ICCV 2023 (Semantic "
        "Scholar: \"IEEE International Conference on Computer Vision\", 2023-10-01, DOI "
        "10.1109/ICCV51070.2023.00853); `wmcurate refresh --write` updates it")]


def test_another_papers_record_is_no_warning(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: PREPRINT})
    other = iccv_record(title=ZERO123["title"], authors=("Grace Hopper",))
    with fake_arxiv((ZERO123_ON_ARXIV,), (other,)) as env:
        assert lint_json(root, "--online", "--ignore", "WMC701", env=env) == (0, [])


def test_a_published_entry_never_asks_semantic_scholar(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: GOOD})
    with FakeArxiv.running(entries={}) as arxiv, FakeS2.running() as s2:
        arxiv.add_paper(**ZERO123_ON_ARXIV)
        env = {"WMCURATE_ARXIV_API": arxiv.url, "WMCURATE_ARXIV_INTERVAL": "0.01",
               "WMCURATE_S2_API": s2.url, "WMCURATE_CACHE_DIR": str(tmp_path / "cache")}
        assert lint_json(root, "--online", "--ignore", "WMC701", env=env) == (0, [])
        assert s2.requests == []


def test_semantic_scholar_refusing_is_said_and_not_taken_for_a_clean_list(tmp_path: Path
                                                                         ) -> None:
    root = make_list(tmp_path / "list", {P: PREPRINT})
    with FakeArxiv.running(entries={}) as arxiv, FakeS2.running() as s2:
        arxiv.add_paper(**ZERO123_ON_ARXIV)
        s2.queue(Canned.forbidden())
        env = {"WMCURATE_ARXIV_API": arxiv.url, "WMCURATE_ARXIV_INTERVAL": "0.01",
               "WMCURATE_S2_API": s2.url, "WMCURATE_S2_INTERVAL": "0.01",
               "WMCURATE_CACHE_DIR": str(tmp_path / "cache")}
        result = cli(root, "lint", "--online", "--ignore", "WMC701", env=env)
    assert result.exit_code == 2
    assert "no problems found" not in result.output
    assert ("Error: could not compare 1 paper(s) with arXiv or Semantic Scholar, so --online "
            "checked nothing for them: 2303.11328: Semantic Scholar refused access (HTTP 403 "
            "Forbidden: Forbidden)") in " ".join(result.stderr.split())
