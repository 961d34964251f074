"""`wmcurate refresh` end to end: the CLI against a fake arXiv and a fake Semantic Scholar,
real HTTP servers on 127.0.0.1 (arxiv_server.py, s2_server.py). Semantic Scholar's records
are BUILT on the recorded answer's shape (fixtures/s2/SOURCES.md); its 403 is the recorded one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from arxiv_server import FakeArxiv
from refresh_helpers import (
    DIT,
    DIT_AUTHORS,
    DIT_ENTRY,
    DIT_P,
    DIT_TITLE,
    SORA_ENTRY,
    SORA_P,
    ZERO123,
    ZERO123_AUTHORS,
    ZERO123_ENTRY,
    ZERO123_P,
    ZERO123_TITLE,
    iccv_record,
    make_list,
)
from s2_server import Canned, FakeS2
from typer.testing import CliRunner, Result

from wmcurate.cli import app

pytest_plugins = ("conftest_arxiv",)  # no_arxiv_waits: the clients' clock made virtual

@dataclass
class World:
    root: Path
    arxiv: FakeArxiv
    s2: FakeS2
    env: dict[str, str]

    def refresh(self, *args: str, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", **self.env,
                                **(env or {})})
        return runner.invoke(app, ["--root", str(self.root), "refresh", *args],
                             catch_exceptions=False)

    def files(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.root)): p.read_bytes()
                for p in sorted(self.root.rglob("*")) if p.is_file() and "cache" not in p.parts}


@pytest.fixture
def world(tmp_path: Path, no_arxiv_waits: list[float]) -> Iterator[World]:
    root = make_list(tmp_path / "list", {ZERO123_P: ZERO123_ENTRY, DIT_P: DIT_ENTRY,
                                         SORA_P: SORA_ENTRY})
    with FakeArxiv.running(entries={}) as arxiv, FakeS2.running() as s2:
        arxiv.add_paper(ZERO123, ZERO123_TITLE, version=2, authors=ZERO123_AUTHORS,
                        published="2023-03-20T17:59:56Z", updated="2023-06-01T00:00:00Z")
        arxiv.add_paper(DIT, DIT_TITLE, authors=DIT_AUTHORS, published="2022-12-19T18:59:58Z")
        s2.add(iccv_record())
        env = {"WMCURATE_ARXIV_API": arxiv.url, "WMCURATE_ARXIV_INTERVAL": "0.01",
               "WMCURATE_S2_API": s2.url, "WMCURATE_S2_INTERVAL": "0.01",
               "WMCURATE_CACHE_DIR": str(tmp_path / "cache")}
        yield World(root, arxiv, s2, env)


def test_without_write_nothing_changes_and_the_report_says_what_would(world: World) -> None:
    before = world.files()

    result = world.refresh()

    assert result.exit_code == 1, result.output
    assert world.files() == before
    # The day Semantic Scholar was read is the machine's: masked.
    assert re.sub(r"read \d{4}-\d\d-\d\d", "read DAY", result.stdout) == (
        "Venues (1):\n"
        "  2303.11328  arXiv 2023 -> ICCV 2023\n"
        "      entries/modality-spatial/2303.11328.yaml; Semantic Scholar: \"IEEE International "
        "Conference on Computer Vision\", 2023-10-01, DOI 10.1109/ICCV51070.2023.00853\n\n"
        "New versions (1):\n"
        "  2303.11328  v1 -> v2\n"
        "      entries/modality-spatial/2303.11328.yaml; arXiv v2, updated 2023-06-01\n\n"
        "Citations (1):\n"
        "  2303.11328  (not recorded) -> 1,234\n"
        "      entries/modality-spatial/2303.11328.yaml; Semantic Scholar, read DAY\n\n"
        "3 changes to make in 1 of 2 entries (1 venue, 1 new version, 1 citation count); 1 "
        "entry without an arXiv ID skipped. Run with --write to apply them.\n"
    )
    # One request to each service, over one connection each, never two at once.
    assert [sorted(r.id_list) for r in world.arxiv.requests] == [[DIT, ZERO123]]
    assert [sorted(r.ids) for r in world.s2.requests] == [[f"ARXIV:{DIT}", f"ARXIV:{ZERO123}"]]
    assert not world.arxiv.overlapped and not world.s2.overlapped


def test_write_applies_the_changes_and_a_second_run_asks_nothing(world: World) -> None:
    result = world.refresh("--write", "--format", "markdown")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "## wmcurate refresh\n\n3 of 3 changes applied in 1 entry (1 venue, 1 new version, 1 "
        "citation count); 1 entry without an arXiv ID skipped.\n\n### Venues (1)\n")
    text = (world.root / ZERO123_P).read_text(encoding="utf-8")
    assert "venue: ICCV 2023    # update once published\n" in text
    assert "  version: 2\n" in text and "    citations: 1234\n" in text
    assert (world.root / DIT_P).read_text(encoding="utf-8") == DIT_ENTRY

    again = world.refresh()

    assert (again.exit_code, again.stdout) == (0, "nothing to change in 2 entries; 1 entry "
                                                  "without an arXiv ID skipped.\n")
    assert (len(world.arxiv.requests), len(world.s2.requests)) == (1, 1)


def test_json_output(world: World) -> None:
    result = world.refresh("--format", "json", str(world.root / ZERO123_P))
    document = json.loads(result.stdout)
    assert [(c["kind"], c["old"], c["new"]) for c in document["changes"]] == [
        ("venue", "arXiv 2023", "ICCV 2023"), ("version", 1, 2), ("citations", None, 1234)]
    assert document["summary"]["entries"] == 1
    assert [r.id_list for r in world.arxiv.requests] == [[ZERO123]]


def test_quiet_prints_the_summary_alone(world: World) -> None:
    result = CliRunner(env=world.env).invoke(app, ["--root", str(world.root), "-q", "refresh"])
    assert result.stdout == ("3 changes to make in 1 of 2 entries (1 venue, 1 new version, 1 "
                             "citation count); 1 entry without an arXiv ID skipped. Run with "
                             "--write to apply them.\n")


def test_429_then_success(world: World, no_arxiv_waits: list[float]) -> None:
    world.s2.queue(Canned.too_many_requests("5"))

    result = world.refresh("--format", "json")

    assert result.exit_code == 1
    assert len(world.s2.requests) == 2
    assert 5.0 in no_arxiv_waits  # Retry-After honoured
    assert json.loads(result.stdout)["summary"]["not_checked"] == 0


def test_a_truncated_answer_then_a_whole_one(world: World) -> None:
    world.s2.queue(Canned.cut_off(json.dumps([iccv_record(), None]).encode(), 100))
    result = world.refresh("--format", "json")
    assert len(world.s2.requests) == 2
    assert json.loads(result.stdout)["summary"]["changes"]["venue"] == 1


def test_403_is_reported_clearly_and_arxiv_changes_still_shown(world: World) -> None:
    world.s2.queue(Canned.forbidden())

    result = world.refresh()

    assert result.exit_code == 1
    assert len(world.s2.requests) == 1  # a refusal is not retried
    assert "New versions (1):" in result.stdout and "Venues" not in result.stdout
    assert ("Could not be checked (2):\n  Semantic Scholar: Semantic Scholar refused access "
            "(HTTP 403 Forbidden: Forbidden): it blocks some networks without an API key; set "
            "$WMCURATE_S2_API_KEY to a key of your own\n      for 2 entries: 2212.09748, "
            "2303.11328\n") in result.stdout
    assert "2 could not be checked" in result.stdout.splitlines()[-1]


def test_the_key_is_sent_to_semantic_scholar_only(world: World) -> None:
    world.refresh(env={"S2_API_KEY": "my-key"})
    assert [r.headers.get("x-api-key") for r in world.s2.requests] == ["my-key"]
    assert all("x-api-key" not in r.headers for r in world.arxiv.requests)


def test_offline_uses_the_caches_only(world: World) -> None:
    empty = world.refresh("--offline")
    assert empty.exit_code == 1
    assert "2303.11328 is not in the cache; drop --offline to fetch it from arXiv" in \
        empty.stdout
    assert (len(world.arxiv.requests), len(world.s2.requests)) == (0, 0)

    world.refresh()
    cached = world.refresh("--offline", "--format", "json")
    assert json.loads(cached.stdout)["summary"]["not_checked"] == 0
    assert (len(world.arxiv.requests), len(world.s2.requests)) == (1, 1)


def test_no_cache_asks_again(world: World) -> None:
    world.refresh()
    world.refresh("--no-cache")
    assert (len(world.arxiv.requests), len(world.s2.requests)) == (2, 2)


@pytest.mark.parametrize(("args", "message"), [
    (("--offline", "--no-cache"), "Error: --offline reads only the cache and --no-cache "
                                  "ignores it: use one of them\n"),
    (("entries/nowhere",), "Error: entries/nowhere: no such entry file or folder\n"),
])
def test_what_cannot_run_exits_2(world: World, args: tuple[str, ...], message: str) -> None:
    result = world.refresh(*args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert (len(world.arxiv.requests), len(world.s2.requests)) == (0, 0)


def test_a_broken_entry_is_named_and_the_others_refreshed(world: World) -> None:
    (world.root / "entries/modality/broken.yaml").write_text("title: [\n", encoding="utf-8")
    result = world.refresh()
    assert result.exit_code == 1
    assert "Could not be checked (1):\n  entries/modality/broken.yaml:2:1: invalid YAML: did " \
           "not find expected node content\n" in result.stdout
    assert "; 1 file could not be read;" in result.stdout.splitlines()[-1]
    assert "Venues (1):" in result.stdout


def test_help_teaches_the_command() -> None:
    result = CliRunner(env={"COLUMNS": "100"}).invoke(app, ["refresh", "--help"])
    assert result.exit_code == 0
    for words in ("--write", "--format", "--offline", "--no-cache", "$WMCURATE_S2_API_KEY",
                  "needs a look", "Exit 0 when nothing needs a change"):
        assert words in " ".join(result.stdout.split()), words
