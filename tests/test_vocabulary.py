"""add keeps the list's venue vocabulary up with the venues it writes (vocabulary.py).

The lists here are built by the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wmcurate.add import AddResult
from wmcurate.config import load_config
from wmcurate.entries import new_entry_document
from wmcurate.errors import ConfigError
from wmcurate.vocabulary import add_venues, missing_venues, register_added_venues

CONFIG = """\
# A small list with its own vocabulary.
parts:
  - {id: all, title: All}
sections:
  - {id: papers, part: all, title: Papers}
venues:  # the venues this list uses
  - {name: CVPR, aliases: [Computer Vision and Pattern Recognition]}
  - ICLR   # plain names are fine too
links:
  - {key: paper, label: Paper}
"""


def make_list(tmp_path: Path, text: str = CONFIG) -> Path:
    root = tmp_path / "list"
    (root / "entries" / "papers").mkdir(parents=True)
    (root / "wmcurate.yaml").write_text(text, encoding="utf-8")
    return root


def stub(venue: str, status: str = "added") -> AddResult:
    result = AddResult(given="x", status=status)  # type: ignore[arg-type]
    result.document = new_entry_document({"title": "A paper", "venue": venue})
    return result


def test_missing_venues_are_the_real_and_unknown_ones_not_listed(tmp_path: Path) -> None:
    config = load_config(make_list(tmp_path))

    found = missing_venues(config, ["CVPR 2023", "Computer Vision and Pattern Recognition 2022",
                                    "ISSTA 2020", "arXiv 2024", "Phys. Rev. B 2011",
                                    "ISSTA 2021", "ICLR 2025"])

    assert found == ["ISSTA", "Phys. Rev. B"]


def test_a_list_without_venues_misses_none(tmp_path: Path) -> None:
    text = CONFIG.split("venues:")[0] + "links:\n  - {key: paper, label: Paper}\n"
    config = load_config(make_list(tmp_path, text))

    assert missing_venues(config, ["ISSTA 2020", "Some Journal 2001"]) == []


def test_add_venues_appends_and_keeps_comments_and_style(tmp_path: Path) -> None:
    root = make_list(tmp_path)

    written = add_venues(load_config(root), ["ISSTA", "Phys. Rev. B", "ISSTA"])

    text = (root / "wmcurate.yaml").read_text(encoding="utf-8")
    assert written == ["ISSTA", "Phys. Rev. B"]
    assert text == CONFIG.replace("  - ICLR   # plain names are fine too\n",
                                  "  - ICLR   # plain names are fine too\n  - ISSTA\n"
                                  "  - Phys. Rev. B\n")
    assert [v.name for v in load_config(root).venues] == ["CVPR", "ICLR", "ISSTA",
                                                          "Phys. Rev. B"]


def test_add_venues_refuses_a_vocabulary_that_is_not_a_list(tmp_path: Path) -> None:
    root = make_list(tmp_path)
    config = load_config(root)
    (root / "wmcurate.yaml").write_text(CONFIG.replace("venues:  #", "venues_old:  #")
                                        + "venues: {}\n", encoding="utf-8")

    with pytest.raises(ConfigError, match="venues: is not a list; add ISSTA"):
        add_venues(config, ["ISSTA"])


@pytest.mark.parametrize("dry_run", [False, True])
def test_register_notes_each_stub_and_writes_only_for_real(tmp_path: Path,
                                                           dry_run: bool) -> None:
    root = make_list(tmp_path)
    config = load_config(root)
    results = [stub("ISSTA 2020"), stub("CVPR 2023"), stub("ISSTA 2021"),
               stub("ICSE 2020", status="present")]

    names = register_added_venues(results, config, dry_run)

    verb = "would be added" if dry_run else "added"
    assert names == ["ISSTA"]
    assert [r.message for r in results] == [f"venue ISSTA {verb} to venues: in wmcurate.yaml",
                                            "", f"venue ISSTA {verb} to venues: in "
                                            "wmcurate.yaml", ""]
    text = (root / "wmcurate.yaml").read_text(encoding="utf-8")
    assert ("  - ISSTA\n" in text) is not dry_run
