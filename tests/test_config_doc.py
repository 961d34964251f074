"""docs/: the reference of wmcurate.yaml and of an entry, and the JSON Schemas, are what
their generators write from the definitions; a stale one fails here and in
`python -m wmcurate.reference --check`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wmcurate.configspec import CONFIG
from wmcurate.model import FIELDS
from wmcurate.reference import config_reference, documents, entry_reference, stale

REPO = Path(__file__).resolve().parents[1]


def test_the_kept_documents_are_fresh() -> None:
    assert stale(REPO) == [], ("run `python -m wmcurate.reference` from the repository's root "
                               "and commit docs/")


def test_the_config_reference_names_every_key_with_its_default_and_example() -> None:
    text = config_reference()
    for place in CONFIG.places():
        key = place.key
        section = text.split(f"\n{'#' * min(place.depth + 2, 4)} `{place.path}`\n", 1)[1]
        section = section.split("\n#", 1)[0]
        assert key.meaning in section, place.path
        assert f"```yaml\n{key.example}\n```" in section, place.path
        assert "* Default: " in section and "* Type: " in section, place.path
    assert "* Default: `added`" in text.split("`sections[].order`")[-1]


def test_the_entry_reference_names_every_field() -> None:
    text = entry_reference()
    for name in FIELDS:
        assert f"| `{name}`" in text


def test_check_mode_names_a_stale_document(tmp_path: Path) -> None:
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    path = tmp_path / "docs" / "config.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Alpha Methods", "Alpha"),
                    encoding="utf-8")
    (tmp_path / "docs" / "schemas" / "entry.schema.json").unlink()

    check = subprocess.run([sys.executable, "-m", "wmcurate.reference", "--check"],
                           cwd=tmp_path, capture_output=True, text=True, check=False)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [
        "stale: docs/config.md; run `python -m wmcurate.reference`",
        "stale: docs/schemas/entry.schema.json; run `python -m wmcurate.reference`"]

    write = subprocess.run([sys.executable, "-m", "wmcurate.reference"], cwd=tmp_path,
                           capture_output=True, text=True, check=False)
    assert write.returncode == 0
    assert stale(tmp_path) == []
    again = subprocess.run([sys.executable, "-m", "wmcurate.reference", "--check"],
                           cwd=tmp_path, capture_output=True, text=True, check=False)
    assert (again.returncode, again.stdout) == (0, "")


def test_the_markdown_documents_pass_markdownlint(tmp_path: Path) -> None:
    pytest.importorskip("pymarkdown", reason="pymarkdownlnt (test extras) lints the docs")
    files = []
    for name, text in documents().items():
        if name.endswith(".md"):
            path = tmp_path / Path(name).name
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
    done = subprocess.run([sys.executable, "-m", "pymarkdown", "-c",
                           str(REPO / ".pymarkdown.json"), "scan", *files],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "")
