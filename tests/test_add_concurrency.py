"""Two `wmcurate add` runs at once, or an edit while one fetches: nothing anyone wrote is
overwritten, and the list never holds a paper twice.

The local arXiv stand-in makes the races certain rather than likely: its handler writes the
contributor's file while the request is in flight, or holds both runs' requests until both
have arrived, so both runs then write at the same moment.
"""

from __future__ import annotations

import os
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from add_helpers import SCRIPT, Add, counts, rows
from arxiv_server import CannedResponse, FakeArxiv, RecordedRequest

from wmcurate.entries import load_round_trip
from wmcurate.listlock import create_exclusive, list_lock

pytest_plugins = ("conftest_add", "conftest_arxiv")

HAND_WRITTEN = """\
# Written by hand while `wmcurate add` was fetching.
arxiv: "1707.08567"
title: Proceedings of Workshop AEW10
authors: [Someone]
venue: arXiv 2017
one_liner: {en: My careful summary., zh: 我的总结。}
"""
RACED = ("joined the list while this run was fetching (another run or an edit); its file was "
         "left as it is")


def writes_then_answers(server: FakeArxiv, path: Path, text: str) -> None:
    def handler(request: RecordedRequest) -> CannedResponse:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return server.answer(request)

    server.handler = handler


def test_a_file_written_during_the_fetch_is_never_overwritten(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    path = root / "entries/modality/1707.08567.yaml"
    writes_then_answers(server, path, HAND_WRITTEN)
    result = add("-s", "modality", "1707.08567", "1605.08386")
    assert result.exit_code == 1
    assert rows(result.stdout) == [
        ("1707.08567", "already present", f"entries/modality/1707.08567.yaml: {RACED}"),
        ("1605.08386", "added", "entries/modality/1605.08386.yaml"),
    ]
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_the_same_paper_filed_elsewhere_during_the_fetch_is_found(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    # Another section, another file name: only a fresh look at the whole list finds it.
    path = root / "entries/spatial/aew10.yaml"
    writes_then_answers(server, path, HAND_WRITTEN)
    result = add("-s", "modality", "https://arxiv.org/abs/1707.08567v1")
    assert result.exit_code == 1
    assert rows(result.stdout) == [
        ("1707.08567v1", "already present", f"entries/spatial/aew10.yaml: {RACED}"),
    ]
    assert not (root / "entries/modality/1707.08567.yaml").exists()


def test_an_edit_during_a_forced_refresh_is_kept(add: Add, root: Path, server: FakeArxiv) -> None:
    path = root / "entries/modality/1502.03044.yaml"
    edited = path.read_text(encoding="utf-8").replace(
        "First visual attention mechanism for image captioning",
        "Edited while the refresh was fetching")
    server.add_paper("1502.03044", "Show, Attend and Tell: Neural Image Caption Generation "
                     "with Visual Attention", version=3, authors=("Kelvin Xu", "Jimmy Ba"))
    writes_then_answers(server, path, edited)
    result = add("--force", "1502.03044")
    assert result.exit_code == 0, result.output
    after = load_round_trip(path)
    assert after["one_liner"]["en"].startswith("Edited while the refresh was fetching")
    assert list(after["authors"]) == ["Kelvin Xu", "Jimmy Ba"]
    assert after["source"]["version"] == 3


def test_a_move_onto_a_file_that_appeared_meanwhile_changes_nothing(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    home = root / "entries/spatial/2003.08934.yaml"
    before = home.read_bytes()
    server.add_paper("2003.08934", "NeRF", version=2)
    writes_then_answers(server, root / "entries/modality/2003.08934.yaml", HAND_WRITTEN)
    result = add("--force", "-s", "modality", "2003.08934")
    assert result.exit_code == 1
    assert rows(result.stdout) == [
        ("2003.08934", "failed", "entries/spatial/2003.08934.yaml: cannot move it: "
                                 "modality/2003.08934.yaml exists already; nothing was changed"),
    ]
    assert home.read_bytes() == before
    assert (root / "entries/modality/2003.08934.yaml").read_text(encoding="utf-8") == HAND_WRITTEN


def test_two_adds_at_once_make_one_entry(
    root: Path, server: FakeArxiv, tmp_path: Path
) -> None:
    both_asked = threading.Barrier(2, timeout=30)

    def hold_until_both_ask(request: RecordedRequest) -> CannedResponse:
        both_asked.wait()  # both runs have checked the list and are now fetching
        return server.answer(request)

    server.handler = hold_until_both_ask

    def run(section: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WMCURATE_")}
        env.update(WMCURATE_CACHE_DIR=str(tmp_path / f"cache-{section}"),
                   WMCURATE_ARXIV_INTERVAL="0", WMCURATE_ARXIV_API=server.url,
                   COLUMNS="1000", NO_COLOR="1")
        return subprocess.run([str(SCRIPT), "--root", str(root), "add", "-s", section,
                               "1707.08567"], env=env, capture_output=True, text=True,
                              timeout=120, check=False)

    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(run, ["modality", "spatial"]))
    assert len(server.requests) == 2  # both fetched: neither saw the other's file before
    assert sorted(counts(d.stdout) for d in done) == ["1 added", "1 already present"]
    assert sorted(d.returncode for d in done) == [0, 1]
    files = sorted(root.glob("entries/*/1707.08567.yaml"))
    assert len(files) == 1
    loser = next(d for d in done if d.returncode == 1)
    ((_, outcome, detail),) = rows(loser.stdout)
    assert (outcome, detail) == ("already present",
                                 f"{files[0].relative_to(root)}: {RACED}")


# --- the pieces ---------------------------------------------------------------------------


def test_create_exclusive_never_replaces_a_file(tmp_path: Path) -> None:
    path = tmp_path / "entries/alpha/x.yaml"
    create_exclusive(path, "first\n")
    with pytest.raises(FileExistsError):
        create_exclusive(path, "second\n")
    assert path.read_text(encoding="utf-8") == "first\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.yaml"]  # no temporary file


def test_of_many_creators_exactly_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "entry.yaml"

    def create(n: int) -> bool:
        try:
            create_exclusive(path, f"writer {n}\n" * 1000)
        except FileExistsError:
            return False
        return True

    with ThreadPoolExecutor(8) as pool:
        won = list(pool.map(create, range(16)))
    assert won.count(True) == 1
    winner = won.index(True)
    assert path.read_text(encoding="utf-8") == f"writer {winner}\n" * 1000


def test_the_list_lock_is_held_by_one_run_at_a_time(tmp_path: Path) -> None:
    entries = tmp_path / "entries"
    with list_lock(entries):
        # Another process cannot take it meanwhile (a short wait, then a clear refusal).
        code = ("import sys; from pathlib import Path; from wmcurate.listlock import list_lock\n"
                "from wmcurate.errors import WmcurateError\n"
                "try:\n"
                f"    with list_lock(Path({str(entries)!r}), timeout=0.2): sys.exit(0)\n"
                "except WmcurateError as exc:\n"
                "    print(exc.message); sys.exit(3)\n")
        other = subprocess.run([str(Path(SCRIPT).with_name("python")), "-c", code],
                               capture_output=True, text=True, timeout=60, check=False)
    assert other.returncode == 3, other.stderr
    assert other.stdout == (f"{entries}: another wmcurate run has been writing to this list "
                            "for more than 0.2 s; wait for it to finish, then try again\n")
    with list_lock(entries, timeout=0.2):  # released: free again
        pass
    assert list(entries.iterdir()) == []  # no lock file left in the list

