"""A stub never fails its own list's lint, except for the texts a human must write.

Every paper of the recorded arXiv responses (tests/fixtures/arxiv, served by the local arXiv
stand-in) is added, in one run, to a list with the shipped config (the project's own
wmcurate.yaml) and to a minimal list without any vocabulary; lint then finds nothing but
what the stub leaves for a human: the one-liner, the core innovation, the key points
(WMC102), the abstract's translation (WMC404), and the year of a venue arXiv names without
one (WMC303; the summary asks for it, since it is never taken from the arXiv date).
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from add_helpers import rows
from arxiv_server import FakeArxiv, load_recorded_entries
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import load_config
from wmcurate.lint import Finding, run_lint

pytest_plugins = ("conftest_arxiv",)  # the fake_arxiv fixture
REPO = Path(__file__).resolve().parents[1]
MINIMAL = """\
# A list with no vocabularies at all: no venues, no link labels.
parts:
  - {id: all, title: All}
sections:
  - {id: papers, part: all, title: Papers}
"""


def left_for_a_human(finding: Finding, asked_for_a_year: set[str]) -> bool:
    """A finding about what the stub leaves for a human (and nothing else)."""
    if finding.code == "WMC102":
        return any(f"curated text '{name}' is empty" in finding.message
                   for name in ("one_liner", "innovation", "key_points"))
    if finding.code == "WMC303":
        return Path(finding.file).stem in asked_for_a_year
    return finding.code == "WMC404" and finding.message == (
        "'abstract' has no zh text: add the translation")


@pytest.mark.parametrize(("config", "section"), [("shipped", "modality"), ("minimal", "papers")])
def test_every_recorded_paper_makes_a_stub_that_passes_lint(
    fake_arxiv: FakeArxiv,
    tmp_path: Path, config: str, section: str,
) -> None:
    root = tmp_path / "list"
    (root / "entries").mkdir(parents=True)
    if config == "shipped":
        shutil.copy(REPO / "wmcurate.yaml", root / "wmcurate.yaml")
    else:
        (root / "wmcurate.yaml").write_text(MINIMAL, encoding="utf-8")
    papers = sorted(load_recorded_entries())
    assert len(papers) == 184
    result = CliRunner().invoke(
        app, ["--root", str(root), "add", "-s", section, "--api-url", fake_arxiv.url, *papers],
        env={"WMCURATE_CACHE_DIR": str(tmp_path / "cache"), "WMCURATE_ARXIV_INTERVAL": "0.01",
             "COLUMNS": "1000", "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("184 added")
    asked_for_a_year = {Path(file).stem for _, _, detail in rows(result.stdout)
                        for file in [detail.split(":", 1)[0]] if "add the year" in detail}

    config_after = (root / "wmcurate.yaml").read_text(encoding="utf-8")
    if config == "shipped":
        # Venues the shipped vocabulary lacked (ISSTA, physics journals) joined it, and the
        # summary says so; the vocabulary's own entries are untouched.
        assert "to venues: in wmcurate.yaml" in result.stdout
        assert config_after.startswith((REPO / "wmcurate.yaml").read_text(encoding="utf-8")
                                       .split("\nvenues:")[0])
        assert "  - ISSTA\n" in config_after
    else:
        assert config_after == MINIMAL  # no vocabulary: every venue is welcome, none added
    findings = run_lint(load_config(root), check_outputs=False).findings
    others = [f for f in findings if not left_for_a_human(f, asked_for_a_year)]
    # Two discussants' comments on one lecture (0808.0631, 0808.0638) get one title and one
    # abstract from arXiv: two arXiv records are two papers, and lint says nothing.
    assert others == []
    # Every stub has its four texts to write; the curated texts are the only errors but for
    # a year to write.
    per_file = Counter(Path(f.file).stem for f in findings if f.code in ("WMC102", "WMC404"))
    assert len(per_file) == 184 and set(per_file.values()) == {4}


def test_a_list_without_vocabularies_takes_every_label_add_writes(
    fake_arxiv: FakeArxiv,
    tmp_path: Path,
) -> None:
    fake_arxiv.add_paper(
        "2401.00042", "A Paper With Every Kind of Link", comment=(
            "Project page: https://example.github.io/every/ Code: https://github.com/ex/every "
            "Video: https://youtu.be/abcdefghijk Weights: https://huggingface.co/ex/every "
            "Data: https://huggingface.co/datasets/ex/every Demo: "
            "https://huggingface.co/spaces/ex/every"))
    root = tmp_path / "list"
    (root / "entries").mkdir(parents=True)
    (root / "wmcurate.yaml").write_text(MINIMAL, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--root", str(root), "add", "-s", "papers", "--api-url", fake_arxiv.url,
              "2401.00042"],
        env={"WMCURATE_CACHE_DIR": str(tmp_path / "cache"), "WMCURATE_ARXIV_INTERVAL": "0"},
    )
    assert result.exit_code == 0, result.output
    text = (root / "entries/papers/2401.00042.yaml").read_text(encoding="utf-8")
    for label in ("paper", "pdf", "code", "project", "demo", "video", "model", "dataset"):
        assert f"\n  {label}: http" in text
    findings = run_lint(load_config(root), check_outputs=False).findings
    assert [f for f in findings if not left_for_a_human(f, set())] == []


def test_in_a_list_made_by_init_a_stub_names_the_entry_schema(
    fake_arxiv: FakeArxiv, tmp_path: Path,
) -> None:
    runner = CliRunner()
    root = tmp_path / "list"
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    section = load_config(root).sections[0].id
    env = {"WMCURATE_CACHE_DIR": str(tmp_path / "cache"), "WMCURATE_ARXIV_INTERVAL": "0.01"}

    result = runner.invoke(app, ["--root", str(root), "add", "-s", section, "--api-url",
                                 fake_arxiv.url, "2405.13786"], env=env)

    assert result.exit_code == 0, result.output
    stub = root / "entries" / section / "2405.13786.yaml"
    # The editor's schema line, as `init --from` writes it over the entries it imports.
    assert stub.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../../schemas/entry.schema.json")
    findings = run_lint(load_config(root), check_outputs=False).findings
    assert {f.code for f in findings} <= {"WMC102", "WMC404"}
    # A list without the schema file gets no such line.
    (root / "schemas" / "entry.schema.json").unlink()
    result = runner.invoke(app, ["--root", str(root), "add", "-s", section, "--api-url",
                                 fake_arxiv.url, "2302.03287"], env=env)
    assert result.exit_code == 0, result.output
    assert not (root / "entries" / section / "2302.03287.yaml").read_text(
        encoding="utf-8").startswith("#")
