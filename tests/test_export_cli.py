"""`wmcurate export` as a user runs it: where the output goes, what it says, what it refuses."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import rispy
from pybtex.database import parse_string
from typer.testing import CliRunner

from wmcurate.cli import app


@pytest.fixture
def root(make_list: Callable[..., Path], sample_entries: dict[str, str]) -> Path:
    return make_list(sample_entries)


def test_every_format_to_standard_output(runner: CliRunner, root: Path) -> None:
    outputs = {}
    for fmt in ("bibtex", "csl-json", "csv", "ris"):
        result = runner.invoke(app, ["--root", str(root), "export", "--format", fmt])
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        outputs[fmt] = result.stdout

    assert set(parse_string(outputs["bibtex"], "bibtex").entries) == {
        "lovelace2023first", "hopper2024second"}
    assert [i["id"] for i in json.loads(outputs["csl-json"])] == [
        "lovelace2023first", "hopper2024second"]
    assert [r["entry"] for r in csv.DictReader(io.StringIO(outputs["csv"], newline=""))] == [
        "2301.00001", "second-work"]
    assert [r["id"] for r in rispy.loads(outputs["ris"])] == [
        "lovelace2023first", "hopper2024second"]


def test_out_writes_the_file_and_says_so(runner: CliRunner, root: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "list.bib"

    result = runner.invoke(app, ["--root", str(root), "export", "-f", "bibtex", "-o",
                                 str(target)])
    quiet = runner.invoke(app, ["-q", "--root", str(root), "export", "-f", "ris", "--out",
                                str(tmp_path / "list.ris")])

    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {target}: 2 work(s) as bibtex\n"
    assert target.read_text(encoding="utf-8").startswith("@inproceedings{lovelace2023first,\n")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    assert (tmp_path / "list.ris").read_text(encoding="utf-8").startswith("TY  - CPAPER\n")


def test_section_includes_works_listed_there_with_also(runner: CliRunner, root: Path) -> None:
    gamma = runner.invoke(app, ["--root", str(root), "export", "-f", "csv", "-s", "gamma"])
    beta = runner.invoke(app, ["--root", str(root), "export", "-f", "bibtex", "-s", "beta"])

    assert [r["entry"] for r in csv.DictReader(io.StringIO(gamma.stdout, newline=""))] == [
        "2301.00001"]
    assert list(parse_string(beta.stdout, "bibtex").entries) == ["hopper2024second"]


def test_unknown_section_names_the_known_ones(runner: CliRunner, root: Path) -> None:
    result = runner.invoke(app, ["--root", str(root), "export", "-f", "csv", "-s", "delta"])

    assert result.exit_code == 2
    assert result.stderr == ("Error: no section 'delta' in wmcurate.yaml (--section); the "
                             "sections are: alpha, beta, gamma\n")


def test_broken_entries_stop_the_export_and_nothing_is_written(
    runner: CliRunner, root: Path, tmp_path: Path,
) -> None:
    (root / "entries" / "alpha" / "broken.yaml").write_text("title: [unclosed\n",
                                                            encoding="utf-8")
    target = tmp_path / "list.csv"

    result = runner.invoke(app, ["--root", str(root), "export", "-f", "csv", "-o",
                                 str(target)])

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: entries/alpha/broken.yaml:")
    assert "export refused: fix the entries above; nothing was written" in result.stderr
    assert not target.exists()


def test_format_is_required_and_checked(runner: CliRunner, root: Path) -> None:
    missing = runner.invoke(app, ["--root", str(root), "export"])
    wrong = runner.invoke(app, ["--root", str(root), "export", "--format", "xml"])

    assert missing.exit_code == 2
    assert "Missing option '--format'" in missing.stderr
    assert wrong.exit_code == 2
    assert "'xml' is not one of 'bibtex', 'csl-json', 'csv', 'ris'" in wrong.stderr


def test_an_out_path_that_is_a_folder_is_refused(runner: CliRunner, root: Path,
                                                 tmp_path: Path) -> None:
    result = runner.invoke(app, ["--root", str(root), "export", "-f", "csv", "-o",
                                 str(tmp_path)])

    assert result.exit_code == 2
    assert "is a directory" in result.stderr
