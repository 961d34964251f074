"""`wmcurate add` end to end: the CLI against a real HTTP server on 127.0.0.1 that answers
like arXiv (tests/arxiv_server.py, from the recorded responses in tests/fixtures/arxiv).

Each test runs on a copy of a few files of the project's own list, with its own cache
folder; the politeness interval is lowered through $WMCURATE_ARXIV_INTERVAL, since the
local server is not arXiv. Most runs go through typer's CliRunner (in-process, so the
client's sleeps and timeout can be patched); a few run the installed console script.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from add_helpers import ACCEPTED, PRESENT, SCRIPT, SECTIONS, Add, cached, counts, rows, snapshot
from arxiv_server import HTML_ERROR_PAGE, CannedResponse, FakeArxiv
from typer.testing import CliRunner, Result

from wmcurate.cli import app
from wmcurate.config import load_config
from wmcurate.entries import load_entries, load_round_trip

# The fixtures: root, cache, env, server, add (conftest_add) and fake_arxiv, no_arxiv_waits.
pytest_plugins = ("conftest_add", "conftest_arxiv")

# --- the mixed batch ----------------------------------------------------------------------


def test_mixed_batch(add: Add, root: Path, server: FakeArxiv) -> None:
    before = snapshot(root)
    result = add("-s", "modality", "1707.08567", "2412.99999", "bogus", "1502.03044v1",
                 "arXiv:1605.08386")
    assert result.exit_code == 1, result.output
    assert rows(result.stdout) == [
        ("1707.08567", "added", "entries/modality/1707.08567.yaml"),
        ("2412.99999", "not found", "arXiv has no paper 2412.99999"),
        ("bogus", "invalid", f"'bogus' is not an arXiv ID. {ACCEPTED}"),
        ("1502.03044v1", "already present", f"entries/modality/1502.03044.yaml: {PRESENT}"),
        ("1605.08386", "added", "entries/modality/1605.08386.yaml"),
    ]
    assert counts(result.stdout) == "2 added, 1 already present, 1 not found, 1 invalid"
    # One request for the three IDs worth asking about, in the order given.
    (request,) = server.requests
    assert request.params["id_list"] == "1707.08567,2412.99999,1605.08386"
    assert request.params["max_results"] == "3"
    assert request.headers["user-agent"].startswith("wmcurate/")
    after = snapshot(root)
    assert set(after) == set(before) | {"modality/1707.08567.yaml", "modality/1605.08386.yaml"}
    assert after["modality/1502.03044.yaml"] == before["modality/1502.03044.yaml"]
    stub = load_round_trip(root / "entries/modality/1707.08567.yaml")
    assert stub["title"] == ("Proceedings of Workshop AEW10: Concepts in Information Theory "
                             "and Communications")
    assert len(stub["authors"]) == 34 and stub["venue"] == "arXiv 2017"
    assert stub["one_liner"] == {"en": "", "zh": ""}
    config = load_config(root)
    assert not load_entries(config).problems


def test_mixed_batch_through_the_console_script(
    root: Path, server: FakeArxiv, cache: Path
) -> None:
    assert SCRIPT.is_file(), f"the console script is not installed at {SCRIPT}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WMCURATE_")}
    env.update(WMCURATE_CACHE_DIR=str(cache), WMCURATE_ARXIV_INTERVAL="0.01",
               WMCURATE_ARXIV_API=server.url, COLUMNS="1000", NO_COLOR="1")
    before = snapshot(root)
    done = subprocess.run(
        [str(SCRIPT), "--root", str(root), "add", "--section", "spatial",
         "https://arxiv.org/abs/2303.11328v2", "0808.05394", "2412.99999", "2003.08934"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert rows(done.stdout) == [
        ("2303.11328v2", "added", "entries/spatial/2303.11328.yaml"),
        ("0808.05394", "invalid", "'0808.05394' is not an arXiv ID (IDs before 2015 have 4 "
                                  f"digits after the dot). {ACCEPTED}"),
        ("2412.99999", "not found", "arXiv has no paper 2412.99999"),
        ("2003.08934", "already present", f"entries/spatial/2003.08934.yaml: {PRESENT}"),
    ]
    assert counts(done.stdout) == "1 added, 1 already present, 1 not found, 1 invalid"
    # The list tracks papers: a pasted version asks for the paper (its latest version).
    assert [r.id_list for r in server.requests] == [["2303.11328", "2412.99999"]]
    assert set(snapshot(root)) == set(before) | {"spatial/2303.11328.yaml"}
    stub = load_round_trip(root / "entries/spatial/2303.11328.yaml")
    assert stub["venue"] == "ICCV 2023"
    assert dict(stub["links"]) == {
        "paper": "https://arxiv.org/abs/2303.11328",
        "pdf": "https://arxiv.org/pdf/2303.11328",
        "code": "https://github.com/cvlab-columbia/zero123",
        "project": "https://zero123.cs.columbia.edu",
    }
    assert stub["source"]["version"] == 2
    assert stub["source"]["venue_evidence"] == {"text": "ICCV 2023.", "from": "comment"}


def test_all_found_exits_0_and_writes_every_stub(add: Add, root: Path, server: FakeArxiv) -> None:
    result = add("-s", "benchmarks", "--featured", "2303.11328",
                 "https://export.arxiv.org/abs/astro-ph/0601001v1")
    assert result.exit_code == 0, result.output
    assert rows(result.stdout) == [
        ("2303.11328", "added", "entries/benchmarks/2303.11328.yaml"),
        ("astro-ph/0601001v1", "added", "entries/benchmarks/astro-ph_0601001.yaml: venue "
         "ActaAstron. added to venues: in wmcurate.yaml"),
    ]
    assert counts(result.stdout) == "2 added"
    assert len(server.requests) == 1
    assert "  - ActaAstron.\n" in (root / "wmcurate.yaml").read_text(encoding="utf-8")
    old = load_round_trip(root / "entries/benchmarks/astro-ph_0601001.yaml")
    assert old["arxiv"] == "astro-ph/0601001"
    assert old["featured"] is True
    assert old["affiliations"] == "Ohio State; CfA; Warsaw University Observatory"
    assert old["source"]["journal_ref"] == "ActaAstron.56:1-50,2006"
    assert old["published"].isoformat() == "2006-01-02"
    assert not load_entries(load_config(root)).problems


def test_a_quiet_success_writes_nothing_to_stderr(add: Add) -> None:
    result = add("-s", "modality", "1707.08567")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_a_pasted_version_adds_the_paper_and_is_echoed(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    server.add_paper("2401.00007", "A Paper at Its Third Version", version=3)
    result = add("-s", "modality", "2401.00007v1", "1707.08567v9")
    assert result.exit_code == 0, result.output
    assert rows(result.stdout) == [
        ("2401.00007v1", "added", "entries/modality/2401.00007.yaml: v1 was given; the entry "
                                  "follows the paper, now at v3"),
        ("1707.08567v9", "added", "entries/modality/1707.08567.yaml: arXiv has no v9; the "
                                  "entry follows the paper, now at v1"),
    ]
    assert [r.id_list for r in server.requests] == [["2401.00007", "1707.08567"]]
    stub = load_round_trip(root / "entries/modality/2401.00007.yaml")
    assert (stub["arxiv"], stub["source"]["version"]) == ("2401.00007", 3)
    assert stub["links"]["paper"] == "https://arxiv.org/abs/2401.00007"


def test_more_than_one_batch_is_asked_in_turn_over_one_connection(
    add: Add, root: Path, server: FakeArxiv, no_arxiv_waits: list[float]
) -> None:
    ids = [f"2401.{n:05d}" for n in range(1, 102)]
    for arxiv_id in ids:
        server.add_paper(arxiv_id, f"Paper {arxiv_id}", published="2024-01-05T00:00:00Z")
    result = add("-s", "temporal", *ids)
    assert result.exit_code == 0, result.output
    assert counts(result.stdout) == "101 added"
    assert [len(r.id_list) for r in server.requests] == [100, 1]
    assert not server.overlapped and server.connections == 1
    # The second request waited the interval ($WMCURATE_ARXIV_INTERVAL) on the client's
    # clock, which only its own waits move here.
    assert no_arxiv_waits == [pytest.approx(0.01)]
    assert len(list((root / "entries/temporal").glob("*.yaml"))) == 101


# --- arXiv misbehaving --------------------------------------------------------------------


def test_503_then_success(add: Add, root: Path, server: FakeArxiv,
                          no_arxiv_waits: list[float]) -> None:
    server.queue(CannedResponse.service_unavailable())
    result = add("-s", "modality", "1707.08567")
    assert result.exit_code == 0, result.output
    assert rows(result.stdout) == [("1707.08567", "added", "entries/modality/1707.08567.yaml")]
    assert len(server.requests) == 2
    # One backoff before the retry: its base is the (lowered) interval, 0.05 s at least.
    assert len(no_arxiv_waits) >= 1 and 0.05 <= max(no_arxiv_waits) <= 0.0625
    assert (root / "entries/modality/1707.08567.yaml").is_file()


def test_429_retry_after_is_honoured(add: Add, root: Path, server: FakeArxiv,
                                     no_arxiv_waits: list[float]) -> None:
    server.queue(CannedResponse.rate_exceeded(retry_after="7"))
    result = add("-s", "modality", "1707.08567")
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 2
    assert 7.0 in no_arxiv_waits  # waited what arXiv asked, not the short backoff
    assert (root / "entries/modality/1707.08567.yaml").is_file()


def test_429_retry_after_is_honoured_in_real_time(
    root: Path, server: FakeArxiv, cache: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WMCURATE_")}
    env.update(WMCURATE_CACHE_DIR=str(cache), WMCURATE_ARXIV_INTERVAL="0.01", COLUMNS="1000")
    server.queue(CannedResponse.rate_exceeded(retry_after="1"))
    done = subprocess.run(
        [str(SCRIPT), "--root", str(root), "add", "--api-url", server.url, "-s", "modality",
         "1605.08386"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert rows(done.stdout) == [("1605.08386", "added", "entries/modality/1605.08386.yaml")]
    # The retry went out at least a second after the 429 came back, so it arrived at least a
    # second after the first request did, however the server's threads were scheduled.
    first, second = server.requests
    assert second.arrived - first.arrived >= 1.0
    assert not server.overlapped
    # In a log (no terminal), the wait is one line saying what it waits for and how long.
    assert done.stderr == ("arXiv: retry 1 of 4 in 1.0 s: arXiv is throttling requests "
                           "(HTTP 429, 'Rate exceeded.')\n")


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/query"


GAVE_UP = "(gave up after 5 attempts); try again later"
FAILURES = {
    "503 every time": (
        [CannedResponse.service_unavailable()] * 5, 5,
        f"arXiv answered HTTP 503 Service Unavailable {GAVE_UP}",
    ),
    "429 every time": (
        [CannedResponse.rate_exceeded()] * 5, 5,
        "arXiv is throttling requests (HTTP 429, 'Rate exceeded.') (gave up after 5 attempts); "
        "wait a few minutes and try again",
    ),
    "429 asking for an hour": (
        [CannedResponse.rate_exceeded(retry_after="3600")], 1,
        "arXiv is throttling requests (HTTP 429, 'Rate exceeded.'); arXiv asked to wait "
        "3600 s before trying again, more than the 120 s wait limit (--max-wait; 120 s left): "
        "try again later",
    ),
    # Odd answers with status 200 are retried like any transient trouble, then reported
    # with what arXiv sent.
    "an HTML error page": (
        [CannedResponse.html_page()] * 5, 5,
        f"arXiv answered with an HTML page instead of an Atom feed ({len(HTML_ERROR_PAGE)} "
        "bytes): \"<!DOCTYPE html> <html><head><meta charset='utf-8'><title>Service "
        f"Unavailable</title></head><body><h1>Service temporaril…\" {GAVE_UP}",
    ),
    "truncated XML": (
        [CannedResponse.truncated(keep=900)] * 5, 5,
        "arXiv answered with broken or truncated XML instead of an Atom feed (900 bytes): ",
    ),
    "a read timeout": (
        [CannedResponse(delay=5.0)] * 5, 5,
        f"arXiv did not answer in time (read timeout) {GAVE_UP}",
    ),
    "nobody listening": ([], 0, "could not talk to arXiv at http://127.0.0.1:"),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_failures_write_nothing_and_exit_1(
    case: str, add: Add, root: Path, server: FakeArxiv, cache: Path, env: dict[str, str | None],
    no_arxiv_waits: list[float], monkeypatch: pytest.MonkeyPatch,
) -> None:
    responses, requests, message = FAILURES[case]
    server.queue(*responses)
    if case == "a read timeout":
        # A short read timeout keeps the test fast; the server waits far longer.
        monkeypatch.setenv("WMCURATE_ARXIV_TIMEOUT", "0.2")
    if case == "nobody listening":
        env["WMCURATE_ARXIV_API"] = _closed_port_url()
    before = snapshot(root)
    result = add("-s", "modality", "1707.08567", "1605.08386", api=case != "nobody listening")
    assert result.exit_code == 1, result.output
    found = rows(result.stdout)
    assert [(i, outcome) for i, outcome, _ in found] == [
        ("1707.08567", "failed"), ("1605.08386", "failed"),
    ]
    for _, _, detail in found:
        assert detail.startswith(message), detail
    assert counts(result.stdout) == "2 failed"
    assert "Traceback" not in result.output
    assert len(server.requests) == requests
    assert snapshot(root) == before  # no stub, no partial file, no temporary file
    assert cached(cache) == []


def test_a_slow_answer_then_success(
    add: Add, root: Path, server: FakeArxiv, no_arxiv_waits: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Short enough to keep the test fast, long enough for a loaded machine's normal answer;
    # the slow answer never comes (the server stops when the client hangs up).
    monkeypatch.setenv("WMCURATE_ARXIV_TIMEOUT", "2.0")
    server.queue(CannedResponse(delay=60.0))
    result = add("-s", "modality", "1707.08567")
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 2
    assert (root / "entries/modality/1707.08567.yaml").is_file()


# --- the cache ----------------------------------------------------------------------------


def test_second_run_makes_no_request(
    add: Add, root: Path, server: FakeArxiv, cache: Path, env: dict[str, str | None],
    tmp_path: Path,
) -> None:
    first = add("-s", "modality", "1707.08567", "1605.08386")
    assert first.exit_code == 0, first.output
    assert len(server.requests) == 1
    assert cached(cache) == ["1605.08386.json", "1707.08567.json"]
    # The same list again: both are now in it.
    again = add("-s", "modality", "1707.08567", "1605.08386")
    assert again.exit_code == 1
    assert [outcome for _, outcome, _ in rows(again.stdout)] == ["already present"] * 2
    # A fresh list with the same cache: added from the cache alone.
    other = tmp_path / "other"
    shutil.copytree(root, other, ignore=shutil.ignore_patterns("17*.yaml", "16*.yaml"))
    result = CliRunner().invoke(
        app,
        ["--root", str(other), "add", "--api-url", server.url, "-s", "modality",
         "1707.08567", "1605.08386"], env=env,
    )
    assert result.exit_code == 0, result.output
    assert counts(result.stdout) == "2 added"
    assert len(server.requests) == 1  # still the first run's only request
    written = load_round_trip(other / "entries/modality/1707.08567.yaml")
    assert written["title"] == load_round_trip(root / "entries/modality/1707.08567.yaml")["title"]


def without_moments(yaml_text: str) -> str:
    return re.sub(r"^(\s*(?:added|fetched): ).*$", r"\1<moment>", yaml_text, flags=re.M)


def test_dry_run_prints_yaml_writes_nothing_and_uses_the_cache(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    before = snapshot(root)
    first = add("--dry-run", "-s", "modality", "1605.08386", "2412.99999")
    assert first.exit_code == 1
    assert first.stdout.startswith(
        "# entries/modality/1605.08386.yaml (dry run, not written)\n"
        'arxiv: "1605.08386"\n'
        "title: Heat-bath random walks with Markov bases\n"
        "authors: [Caprice Stanley, Tobias Windisch]\n"
        "venue: arXiv 2016\n"
        "published: 2016-05-26\n"
    )
    assert rows(first.stdout) == [
        ("1605.08386", "would be added", "entries/modality/1605.08386.yaml"),
        ("2412.99999", "not found", "arXiv has no paper 2412.99999"),
    ]
    assert counts(first.stdout) == "1 added, 1 not found (dry run: nothing written)"
    assert snapshot(root) == before
    assert len(server.requests) == 1
    # Over cached IDs a dry run asks nothing; unknown IDs are not cached, so only it is asked.
    second = add("--dry-run", "-s", "modality", "1605.08386")
    assert second.exit_code == 0
    # The same stub, but for the moments it records (a second may have passed).
    assert without_moments(second.stdout.split("\nID ")[0]) == without_moments(
        first.stdout.split("\nID ")[0]
    )
    assert len(server.requests) == 1
    assert snapshot(root) == before
    # And the real run after it writes from the cache.
    real = add("-s", "modality", "1605.08386")
    assert real.exit_code == 0
    assert len(server.requests) == 1
    assert (root / "entries/modality/1605.08386.yaml").is_file()


def test_offline_names_the_ids_missing_from_the_cache(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    assert add("--dry-run", "-s", "modality", "1707.08567").exit_code == 0
    assert len(server.requests) == 1
    result = add("--offline", "-s", "modality", "1707.08567", "1605.08386", api=False)
    assert result.exit_code == 1
    assert rows(result.stdout) == [
        ("1707.08567", "added", "entries/modality/1707.08567.yaml"),
        ("1605.08386", "failed",
         "1605.08386 is not in the cache; drop --offline to fetch it from arXiv"),
    ]
    assert len(server.requests) == 1
    assert not (root / "entries/modality/1605.08386.yaml").exists()


def test_no_cache_asks_arxiv_again(add: Add, root: Path, server: FakeArxiv) -> None:
    assert add("--dry-run", "-s", "modality", "1707.08567").exit_code == 0
    result = add("--no-cache", "-s", "modality", "1707.08567")
    assert result.exit_code == 0
    assert len(server.requests) == 2


# --- input and usage ----------------------------------------------------------------------


def test_ids_from_stdin_with_comments(add: Add, root: Path, server: FakeArxiv) -> None:
    ids = "# for the modality section\n1707.08567   # AEW10\n\n  arXiv:1605.08386\n#2412.99999\n"
    result = add("--from-file", "-", "-s", "modality", "2303.11328", input=ids)
    assert result.exit_code == 0, result.output
    assert [i for i, _, _ in rows(result.stdout)] == ["2303.11328", "1707.08567", "1605.08386"]
    assert [r.id_list for r in server.requests] == [["2303.11328", "1707.08567", "1605.08386"]]


def test_ids_from_a_file(add: Add, root: Path, tmp_path: Path) -> None:
    listing = tmp_path / "ids.txt"
    listing.write_text("1707.08567\n# done\n", encoding="utf-8")
    result = add("--from-file", str(listing), "-s", "modality")
    assert result.exit_code == 0, result.output
    assert counts(result.stdout) == "1 added"


def test_force_refreshes_facts_and_keeps_curated_texts(
    add: Add, root: Path, server: FakeArxiv
) -> None:
    path = root / "entries/modality/1502.03044.yaml"
    before = load_round_trip(path)
    server.add_paper(
        "1502.03044", "Show, Attend and Tell: Neural Image Caption Generation with Visual "
        "Attention", version=3, authors=("Kelvin Xu", "Jimmy Ba"),
        summary="A new abstract.", comment="ICML 2015", published="2015-02-10T19:18:29Z",
    )
    refused = add("1502.03044")
    assert refused.exit_code == 1
    assert rows(refused.stdout) == [
        ("1502.03044", "already present", f"entries/modality/1502.03044.yaml: {PRESENT}"),
    ]
    assert server.requests == []
    result = add("--force", "arXiv:1502.03044")  # no --section: it keeps its own
    assert result.exit_code == 0, result.output
    assert rows(result.stdout) == [
        ("1502.03044", "refreshed", "entries/modality/1502.03044.yaml"),
    ]
    assert counts(result.stdout) == "1 refreshed"
    after = load_round_trip(path)
    for name in ("one_liner", "innovation", "key_points", "featured", "added"):
        assert after[name] == before[name], name
    assert list(after["authors"]) == ["Kelvin Xu", "Jimmy Ba"]
    assert after["abstract"]["en"] == "A new abstract."
    assert after["venue"] == "ICML 2015"
    assert after["source"]["version"] == 3
    assert [k for k in after if k in before] == list(before)  # the file's key order is kept
    assert list(after).index("published") == list(after).index("venue") + 1  # was missing


def test_force_with_dry_run_writes_nothing(add: Add, root: Path, server: FakeArxiv) -> None:
    server.add_paper("1502.03044", "Show, Attend and Tell", version=3)
    before = snapshot(root)
    result = add("--force", "--dry-run", "1502.03044")
    assert result.exit_code == 0
    assert result.stdout.startswith("# entries/modality/1502.03044.yaml (dry run, not written)\n")
    assert rows(result.stdout) == [
        ("1502.03044", "would be refreshed", "entries/modality/1502.03044.yaml"),
    ]
    assert snapshot(root) == before


def usage_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return result.stderr


@pytest.fixture
def no_request(server: FakeArxiv) -> Iterator[None]:
    yield
    assert server.requests == []


@pytest.mark.usefixtures("no_request")
def test_unknown_section_exits_2_listing_the_known_ones(add: Add, root: Path) -> None:
    before = snapshot(root)
    for given in (["2303.11328"], ["1502.03044"]):
        err = usage_error(add("--section", "nope", *given))
        assert err == f"Error: unknown section 'nope'; choose one of: {SECTIONS}\n"
    assert snapshot(root) == before


@pytest.mark.usefixtures("no_request")
def test_section_is_required_for_new_papers(add: Add) -> None:
    err = usage_error(add("2303.11328"))
    assert err == ("Error: --section is required (this list names no default_section); "
                   f"choose one of: {SECTIONS}\n")


@pytest.mark.usefixtures("no_request")
@pytest.mark.parametrize("stdin", [None, "", "# nothing but a comment\n\n"])
def test_no_ids_exits_2(add: Add, stdin: str | None) -> None:
    args = ("-s", "modality") if stdin is None else ("--from-file", "-", "-s", "modality")
    err = usage_error(add(*args, input=stdin))
    assert err == ("Error: no arXiv ID given: pass IDs as arguments or use --from-file FILE "
                   "(- for stdin)\n")


@pytest.mark.usefixtures("no_request")
def test_missing_ids_file_exits_2(add: Add, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    err = usage_error(add("--from-file", str(missing), "-s", "modality"))
    assert err == f"Error: {missing}: no such file (--from-file)\n"


@pytest.mark.usefixtures("no_request")
def test_offline_with_no_cache_exits_2(add: Add) -> None:
    err = usage_error(add("--offline", "--no-cache", "-s", "modality", "1707.08567"))
    assert err.startswith("Error: --offline reads only the cache and --no-cache ignores it")


def test_a_short_interval_is_refused_against_arxiv_itself(
    add: Add, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_internet(*args: object, **kwargs: object) -> httpx.Response:
        raise AssertionError("a test tried to reach the internet")

    monkeypatch.setattr(httpx.Client, "send", no_internet)
    err = usage_error(add("--api-url", "https://export.arxiv.org/api/query", "-s", "modality",
                          "1707.08567", api=False))
    assert err.startswith("Error: cannot query arXiv: arXiv's terms of use require at least "
                          "3.0 s between requests to export.arxiv.org")


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_non_finite_interval_is_refused(
    add: Add, env: dict[str, str | None], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    def no_internet(*args: object, **kwargs: object) -> httpx.Response:
        raise AssertionError("a test tried to reach the internet")

    monkeypatch.setattr(httpx.Client, "send", no_internet)
    env["WMCURATE_ARXIV_INTERVAL"] = value
    err = usage_error(add("--api-url", "https://export.arxiv.org/api/query", "-s", "modality",
                          "1707.08567", api=False))
    assert err.startswith("Error: $WMCURATE_ARXIV_INTERVAL")
