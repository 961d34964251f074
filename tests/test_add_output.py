"""What `wmcurate add` says, and where: the JSON summary for scripts, a word for every wait
(a live line on a terminal, one line per retry in logs, every request with -v), the wait
limit (--max-wait), and a host name that does not resolve failing at once.

Against the local arXiv stand-in on a copy of the project's list; the client's clock is
virtual where waits are checked (conftest_arxiv.no_arxiv_waits), so nothing here depends on
how loaded the machine is.
"""

from __future__ import annotations

import io
import json
import re
import socket
from pathlib import Path

import pytest
from add_helpers import Add, rows, snapshot
from arxiv_server import CannedResponse, FakeArxiv
from rich.console import Console
from typer.testing import CliRunner

from wmcurate.cli import DEFAULT_MAX_WAIT, app
from wmcurate.progress import FetchProgress
from wmcurate.remote import DEFAULT_MAX_WAIT as REMOTE_DEFAULT_MAX_WAIT
from wmcurate.remote import Received, Sent, Waiting

pytest_plugins = ("conftest_add", "conftest_arxiv")


# --- --format json -----------------------------------------------------------------------


def test_the_json_summary_has_one_object_per_id_given(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    result = add("--format", "json", "-s", "modality", "1707.08567", "2412.99999", "bogus",
                 "1502.03044v1", "1707.08567v1")
    assert result.exit_code == 1
    assert result.stderr == ""
    summary = json.loads(result.stdout)
    assert summary["dry_run"] is False
    assert summary["counts"] == {"added": 1, "refreshed": 0, "present": 1, "not_found": 1,
                                 "invalid": 1, "failed": 0}
    assert [(r["input"], r["id"], r["outcome"], r["file"]) for r in summary["results"]] == [
        ("1707.08567", "1707.08567", "added", "entries/modality/1707.08567.yaml"),
        ("2412.99999", "2412.99999", "not_found", None),
        ("bogus", None, "invalid", None),
        ("1502.03044v1", "1502.03044", "present", "entries/modality/1502.03044.yaml"),
    ]
    details = [r["detail"] for r in summary["results"]]
    assert details[0] == ""
    assert details[1] == "arXiv has no paper 2412.99999"
    assert details[2].startswith("'bogus' is not an arXiv ID. Accepted forms: ")
    assert details[3] == "already in the list (use --force to refresh its facts)"


def test_a_json_dry_run_carries_the_yaml_and_writes_nothing(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    before = snapshot(root)
    result = add("--format", "json", "--dry-run", "-s", "modality", "1605.08386")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    (item,) = summary["results"]
    assert (summary["dry_run"], item["outcome"]) == (True, "added")
    assert item["yaml"].startswith('arxiv: "1605.08386"\ntitle: Heat-bath random walks')
    assert snapshot(root) == before


def test_a_json_move_names_both_files(add: Add, root: Path, server: FakeArxiv) -> None:
    server.add_paper("1502.03044", "Show, Attend and Tell", version=3)
    summary = json.loads(add("--format", "json", "--force", "-s", "spatial", "1502.03044").stdout)
    (item,) = summary["results"]
    assert (item["outcome"], item["file"], item["moved_from"], item["detail"]) == (
        "refreshed", "entries/spatial/1502.03044.yaml", "entries/modality/1502.03044.yaml",
        "moved from modality to spatial")


# --- no silent waits ---------------------------------------------------------------------

RETRY_LINE = re.compile(r"arXiv: retry 1 of 4 in 0\.[01] s: arXiv answered HTTP 503 Service "
                        r"Unavailable\n")


def test_in_a_log_each_retry_is_one_line(
    add: Add, server: FakeArxiv, no_arxiv_waits: list[float]
) -> None:
    server.queue(CannedResponse.service_unavailable())
    result = add("-s", "modality", "1707.08567")
    assert result.exit_code == 0, result.output
    assert RETRY_LINE.fullmatch(result.stderr), result.stderr


def test_quiet_keeps_retries_to_itself(
    add: Add, root: Path, server: FakeArxiv, env: dict[str, str | None],
    no_arxiv_waits: list[float],
) -> None:
    server.queue(CannedResponse.service_unavailable())
    result = CliRunner().invoke(app, ["--root", str(root), "-q", "add", "--api-url", server.url,
                                      "-s", "modality", "1707.08567"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_verbose_tells_every_request_and_answer(
    root: Path, server: FakeArxiv, env: dict[str, str | None], no_arxiv_waits: list[float]
) -> None:
    server.queue(CannedResponse.service_unavailable())
    result = CliRunner().invoke(app, ["--root", str(root), "-v", "add", "--api-url", server.url,
                                      "-s", "modality", "1707.08567"], env=env)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    asked = f"arXiv: asking for 1 paper: {server.url}?id_list=1707.08567&start=0&max_results=1"
    assert lines[0] == asked
    assert re.fullmatch(r"arXiv: HTTP 503, \d+ bytes after \d+\.\d s", lines[1])
    assert RETRY_LINE.fullmatch(lines[2] + "\n")
    assert lines[3] == asked
    assert re.fullmatch(r"arXiv: HTTP 200, \d+ KB after \d+\.\d s", lines[4])
    assert lines[5] == f"0 of 1 paper(s) from the cache ({root.parent / 'cache' / 'arxiv'})"
    assert len(lines) == 6


def test_verbose_lint_online_tells_its_requests_too(
    root: Path, server: FakeArxiv, env: dict[str, str | None], no_arxiv_waits: list[float]
) -> None:
    env = {**env, "WMCURATE_ARXIV_API": server.url}
    quiet = CliRunner().invoke(app, ["--root", str(root), "lint", "--online", "--select",
                                     "WMC8"], env=env)
    assert "arXiv: asking for" not in quiet.stderr
    loud = CliRunner().invoke(app, ["--root", str(root), "-v", "lint", "--online", "--select",
                                    "WMC8"], env=env)
    assert loud.exit_code == quiet.exit_code == 0, loud.output
    assert f"arXiv: asking for 2 papers: {server.url}?id_list=" in loud.stderr
    assert re.search(r"arXiv: HTTP 200, \d+ bytes after \d+\.\d s", loud.stderr)


def test_on_a_terminal_the_line_says_what_it_waits_for_and_how_long() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    with FetchProgress(console, verbosity=0, total=3) as progress:
        progress(Sent("arXiv", "3 papers", "https://export.arxiv.org/api/query", 0.0))
        assert re.fullmatch(r"waiting for arXiv's answer \(3 papers\) \d+ s", progress.line)
        progress(Received("arXiv", "3 papers", 503, 120, 0.2))
        progress(Waiting("arXiv", "retry", 24.0, "arXiv answered HTTP 503 Service Unavailable",
                         3, 4))
        assert re.fullmatch(r"arXiv answered HTTP 503 Service Unavailable; retry 3 of 4 in "
                            r"2[34] s", progress.line)
        progress(Waiting("arXiv", "spacing", 3.0))
        assert re.fullmatch(r"arXiv asks for a pause between requests; next in [23] s",
                            progress.line)
    # On a terminal the live line is the word; no log lines unless -v.
    assert "retry 3 of 4 in 24.0 s" not in console.file.getvalue()  # type: ignore[attr-defined]


# --- the wait limit ----------------------------------------------------------------------


def test_max_wait_bounds_the_time_spent_on_trouble(
    root: Path, server: FakeArxiv, env: dict[str, str | None], no_arxiv_waits: list[float]
) -> None:
    server.handler = lambda request: CannedResponse.service_unavailable()
    before = snapshot(root)
    # Pauses start at the interval: 1 s (and up to a quarter more), then 2 s (and up to
    # half a second more), which would pass 3 s in all. (The clock is virtual: no real wait.)
    result = CliRunner().invoke(app, ["--root", str(root), "add", "--api-url", server.url,
                                      "--max-wait", "3", "-s", "modality", "1707.08567"],
                                env={**env, "WMCURATE_ARXIV_INTERVAL": "1"})
    assert result.exit_code == 1
    ((_, outcome, detail),) = rows(result.stdout)
    assert outcome == "failed"
    assert re.fullmatch(r"arXiv answered HTTP 503 Service Unavailable \(gave up after 2 "
                        r"attempts: waiting 2(\.\d+)? s more would pass the 3 s wait limit "
                        r"\(--max-wait; (1\.\d+|2) s left\)\); try again later", detail), detail
    assert len(server.requests) == 2
    assert len(no_arxiv_waits) == 1 and 1.0 <= no_arxiv_waits[0] <= 1.25
    assert snapshot(root) == before


def test_the_help_states_the_limits_and_defaults() -> None:
    result = CliRunner().invoke(app, ["add", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--max-wait SECONDS" in result.stdout
    assert "[default: 120.0; x>=0]" in result.stdout
    assert "larger than 32 MB once decoded is refused" in result.stdout
    assert "must finish within 60 s" in result.stdout
    assert DEFAULT_MAX_WAIT == REMOTE_DEFAULT_MAX_WAIT  # the number --help states is the one used


# --- a host name that does not resolve ---------------------------------------------------


def test_a_host_that_does_not_resolve_fails_at_once(
    root: Path, env: dict[str, str | None], monkeypatch: pytest.MonkeyPatch,
    no_arxiv_waits: list[float],
) -> None:
    def no_such_host(host: str, *args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    result = CliRunner().invoke(app, ["--root", str(root), "add", "--api-url",
                                      "http://arxiv.invalid/api/query", "-s", "modality",
                                      "1707.08567"], env=env)
    assert result.exit_code == 1
    ((_, outcome, detail),) = rows(result.stdout)
    assert outcome == "failed"
    assert detail.startswith("could not resolve arxiv.invalid, the arXiv API's host")
    assert no_arxiv_waits == []  # no retry, no pause
    assert result.stderr == ""
