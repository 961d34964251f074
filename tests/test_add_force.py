"""`wmcurate add --force` does what it says: it refreshes from arXiv (never from the cache),
moves the entry with --section, features it with --featured, and never claims a fetch that
did not happen (`source.fetched` is when arXiv answered).

Against the local arXiv stand-in on a copy of the project's list.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from add_helpers import Add, counts, rows, snapshot
from arxiv_server import FakeArxiv

from wmcurate.entries import load_round_trip

pytest_plugins = ("conftest_add", "conftest_arxiv")

NERF = "entries/spatial/2003.08934.yaml"
CURATED = ("one_liner", "innovation", "key_points", "added")


def teach_nerf(server: FakeArxiv, version: int = 2) -> None:
    server.add_paper(
        "2003.08934", "NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis",
        version=version, authors=("Ben Mildenhall", "Pratul P. Srinivasan"),
        comment="ECCV 2020 (oral)", published="2020-03-19T17:57:23Z")


def test_force_asks_arxiv_even_when_the_cache_has_the_paper(
    add: Add, root: Path, server: FakeArxiv, cache: Path
) -> None:
    teach_nerf(server)
    assert add("--dry-run", "2003.08934").exit_code == 1  # present: not even fetched
    assert server.requests == []
    assert add("--force", "--dry-run", "2003.08934").exit_code == 0
    assert len(server.requests) == 1
    # The cache now holds it; --force asks again all the same, and says when it did.
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    result = add("--force", "2003.08934")
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 2
    fetched = load_round_trip(root / NERF)["source"]["fetched"]
    assert fetched.replace(tzinfo=dt.timezone.utc) >= before


def test_a_stub_from_the_cache_says_when_arxiv_was_asked(
    add: Add, root: Path, server: FakeArxiv, cache: Path
) -> None:
    assert add("--dry-run", "-s", "modality", "1707.08567").exit_code == 0
    record_path = cache / "arxiv" / "1707.08567.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    asked = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(hours=5)
    record["fetched_at"] = asked.isoformat()
    record_path.write_text(json.dumps(record), encoding="utf-8")
    result = add("-s", "modality", "1707.08567")
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 1  # from the cache
    stub = load_round_trip(root / "entries/modality/1707.08567.yaml")
    assert stub["source"]["fetched"].replace(tzinfo=dt.timezone.utc) == asked
    assert stub["added"].replace(tzinfo=dt.timezone.utc) > asked  # it joined the list now


def test_force_with_a_section_moves_the_entry_and_says_so(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    teach_nerf(server)
    before = load_round_trip(root / NERF)
    text_before = (root / NERF).read_text(encoding="utf-8")
    result = add("--force", "-s", "modality", "2003.08934")
    assert result.exit_code == 0, result.output
    assert rows(result.stdout) == [
        ("2003.08934", "refreshed", "entries/modality/2003.08934.yaml: moved from spatial to "
                                    "modality"),
    ]
    assert not (root / NERF).exists()
    after = load_round_trip(root / "entries/modality/2003.08934.yaml")
    for name in CURATED:
        assert after[name] == before[name], name
    assert after["abstract"]["zh"] == before["abstract"]["zh"]
    assert "also" not in after  # `modality` was its other section; it is now its home
    assert after["source"]["version"] == 2
    # Comments and order survive the move as they survive any refresh.
    assert [k for k in after if k in before] == [k for k in before if k != "also"]
    assert text_before.count("#") <= (root / "entries/modality/2003.08934.yaml").read_text(
        encoding="utf-8").count("#")


def test_force_with_the_home_section_moves_nothing(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    teach_nerf(server)
    result = add("--force", "-s", "spatial", "2003.08934")
    assert result.exit_code == 0, result.output
    assert rows(result.stdout) == [("2003.08934", "refreshed", NERF)]
    assert (root / NERF).is_file()


def test_force_with_featured_features_the_entry(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    path = root / "entries/modality/1502.03044.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("featured: true\n", ""),
                    encoding="utf-8")
    server.add_paper("1502.03044", "Show, Attend and Tell", version=3)
    result = add("--force", "--featured", "1502.03044")
    assert result.exit_code == 0, result.output
    after = load_round_trip(path)
    assert after["featured"] is True
    assert list(after).index("featured") == list(after).index("key_points") + 1


def test_force_with_a_section_in_a_dry_run_moves_nothing(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    teach_nerf(server)
    before = snapshot(root)
    result = add("--force", "--dry-run", "-s", "temporal", "2003.08934")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# entries/temporal/2003.08934.yaml (dry run, not written)\n")
    assert counts(result.stdout) == "1 refreshed (dry run: nothing written)"
    assert snapshot(root) == before
